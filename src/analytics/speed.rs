//! Team learning speed (团队学习速度): levels gained per 10 learning hours, per team and
//! cycle and over all cycles. A person counts in a cycle when some required competency's
//! level change since the previous cycle is known; their team is that cycle's.

use super::input::HistoryInput;
use super::types::{Figure, LearningSpeed, SpeedPoint, SpeedRow};
use std::collections::{BTreeMap, BTreeSet};

/// Levels gained per 10 hours; unknown without hours.
pub fn per_ten_hours(levels: f64, hours: f64) -> Option<f64> {
    (hours > 0.0).then(|| 10.0 * levels / hours)
}

fn row(team: Option<String>, cycles: &[String], rows: &[&HistoryInput], k: u32) -> SpeedRow {
    let points = cycles
        .iter()
        .map(|c| {
            let in_cycle: Vec<&&HistoryInput> = rows.iter().filter(|r| &r.cycle == c).collect();
            let n = in_cycle.len() as u32;
            let gained: f64 = in_cycle.iter().map(|r| r.levels_gained as f64).sum();
            let hours: f64 = in_cycle.iter().map(|r| r.learning_hours).sum();
            SpeedPoint {
                cycle: c.clone(),
                levels_gained: Figure::new(Some(gained), n, k),
                learning_hours: Figure::new(Some(hours), n, k),
                speed: Figure::new(per_ten_hours(gained, hours), n, k),
            }
        })
        .collect();
    let people: BTreeSet<&str> = rows.iter().map(|r| r.talent_id.as_str()).collect();
    let gained: f64 = rows.iter().map(|r| r.levels_gained as f64).sum();
    let hours: f64 = rows.iter().map(|r| r.learning_hours).sum();
    SpeedRow {
        team,
        cycles: points,
        overall: Figure::new(per_ten_hours(gained, hours), people.len() as u32, k),
    }
}

pub fn learning_speed(history: &[HistoryInput], k: u32) -> LearningSpeed {
    let counted: Vec<&HistoryInput> = history.iter().filter(|h| h.changes_known > 0).collect();
    let mut cycles: Vec<String> = Vec::new();
    for h in history {
        if !cycles.contains(&h.cycle) {
            cycles.push(h.cycle.clone());
        }
    }
    let mut teams: BTreeMap<&str, Vec<&HistoryInput>> = BTreeMap::new();
    for h in &counted {
        if let Some(t) = &h.team {
            teams.entry(t.as_str()).or_default().push(h);
        }
    }
    LearningSpeed {
        org: row(None, &cycles, &counted, k),
        teams: teams
            .into_iter()
            .map(|(t, rows)| row(Some(t.to_owned()), &cycles, &rows, k))
            .collect(),
    }
}
