//! Pilot metrics (试点指标) per team and for the org: development-dialogue coverage, action
//! execution rate, learning participation and hours, goals met, rating and level change.

use super::input::PersonInput;
use super::stats::mean;
use super::types::{Figure, PilotMetrics, PilotRow};

/// A share of the group's people for whom `yes` holds.
pub fn share(group: &[&PersonInput], k: u32, yes: impl Fn(&PersonInput) -> bool) -> Figure {
    let n = group.len() as u32;
    let hits = group.iter().filter(|p| yes(p)).count() as f64;
    Figure::new((n > 0).then(|| hits / f64::from(n)), n, k)
}

/// Done over counted actions of the previous cycle, over people whose plan tracked some.
pub fn execution_rate(group: &[&PersonInput], k: u32) -> Figure {
    let with: Vec<(u32, u32)> = group
        .iter()
        .filter_map(|p| Some((p.actions_done?, p.actions_counted?)))
        .filter(|(_, counted)| *counted > 0)
        .collect();
    let done: u32 = with.iter().map(|w| w.0).sum();
    let counted: u32 = with.iter().map(|w| w.1).sum();
    Figure::new(
        (counted > 0).then(|| f64::from(done) / f64::from(counted)),
        with.len() as u32,
        k,
    )
}

/// The mean of a value over the people who have it.
fn mean_of(group: &[&PersonInput], k: u32, f: impl Fn(&PersonInput) -> Option<f64>) -> Figure {
    let xs: Vec<f64> = group.iter().filter_map(|p| f(p)).collect();
    Figure::new(mean(&xs), xs.len() as u32, k)
}

pub fn row(team: Option<String>, group: &[&PersonInput], k: u32) -> PilotRow {
    let n = group.len() as u32;
    let hours: f64 = group.iter().map(|p| p.learning_hours).sum();
    let rated: Vec<&&PersonInput> = group.iter().filter(|p| p.goals_rated > 0).collect();
    let (met, goals) = rated
        .iter()
        .fold((0, 0), |(m, g), p| (m + p.goals_met, g + p.goals_rated));
    PilotRow {
        team,
        people: n,
        dialogue_coverage: share(group, k, |p| p.dialogue),
        execution_rate: execution_rate(group, k),
        participation: share(group, k, |p| p.learning_records > 0),
        learning_hours: Figure::new(Some(hours), n, k),
        learning_hours_mean: Figure::new((n > 0).then(|| hours / f64::from(n)), n, k),
        goals_met: Figure::new(
            (goals > 0).then(|| f64::from(met) / f64::from(goals)),
            rated.len() as u32,
            k,
        ),
        rating_change: mean_of(group, k, PersonInput::rating_change),
        level_change: mean_of(group, k, PersonInput::growth),
    }
}

pub fn pilot(groups: &[(Option<String>, Vec<&PersonInput>)], k: u32) -> PilotMetrics {
    let mut rows = groups.iter().map(|(t, g)| row(t.clone(), g, k));
    PilotMetrics {
        org: rows.next().unwrap_or_else(|| row(None, &[], k)),
        teams: rows.collect(),
    }
}
