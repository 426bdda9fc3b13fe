//! Capability gap heatmaps (能力差距热力图): team × competency and role × competency, and
//! the org's key capability shortages ranked.

use super::input::{CompetencyInput, PersonInput};
use super::types::{Figure, GapCell, GapHeatmaps, Heatmap, Shortage};
use std::collections::{BTreeMap, BTreeSet};

/// What a group of (person, competency) pairs adds up to.
#[derive(Default)]
struct Tally {
    gaps: Vec<f64>,
    unassessed: u32,
    critical_below: u32,
    roles: BTreeSet<String>,
}

impl Tally {
    fn add(&mut self, p: &PersonInput, c: &CompetencyInput) {
        match c.gap() {
            Some(g) => {
                self.gaps.push(g as f64);
                if g > 0 && c.critical {
                    self.critical_below += 1;
                }
            }
            None => self.unassessed += 1,
        }
        if let Some(r) = &p.role {
            self.roles.insert(r.clone());
        }
    }

    fn n(&self) -> u32 {
        self.gaps.len() as u32
    }

    fn below(&self) -> u32 {
        self.gaps.iter().filter(|g| **g > 0.0).count() as u32
    }

    fn share_below(&self) -> Option<f64> {
        (self.n() > 0).then(|| f64::from(self.below()) / f64::from(self.n()))
    }
}

pub fn gaps(people: &[PersonInput], k: u32) -> GapHeatmaps {
    GapHeatmaps {
        by_team: heatmap(people, k, |p| p.team.as_deref()),
        by_role: heatmap(people, k, |p| p.role.as_deref()),
        shortages: shortages(people, k),
    }
}

fn heatmap(
    people: &[PersonInput],
    k: u32,
    group: impl Fn(&PersonInput) -> Option<&str>,
) -> Heatmap {
    let mut cells: BTreeMap<(String, String), Tally> = BTreeMap::new();
    for p in people {
        let Some(g) = group(p) else { continue };
        for c in &p.competencies {
            cells
                .entry((g.to_owned(), c.competency.to_string()))
                .or_default()
                .add(p, c);
        }
    }
    Heatmap {
        groups: cells
            .keys()
            .map(|(g, _)| g.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
        competencies: cells
            .keys()
            .map(|(_, c)| c.clone())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
        cells: cells
            .into_iter()
            .map(|((group, competency), t)| GapCell {
                group,
                competency,
                share_below: Figure::new(t.share_below(), t.n(), k),
                mean_gap: Figure::new(super::stats::mean(&t.gaps), t.n(), k),
                unassessed: t.unassessed,
            })
            .collect(),
    }
}

/// Competencies ranked by the share of assessed people below the requirement, then by how
/// many are below, then by mean gap; suppressed figures last, by competency id.
fn shortages(people: &[PersonInput], k: u32) -> Vec<Shortage> {
    let mut by: BTreeMap<String, Tally> = BTreeMap::new();
    for p in people {
        for c in &p.competencies {
            by.entry(c.competency.to_string()).or_default().add(p, c);
        }
    }
    let mut out: Vec<Shortage> = by
        .into_iter()
        .map(|(competency, t)| Shortage {
            rank: 0,
            competency,
            share_below: Figure::new(t.share_below(), t.n(), k),
            mean_gap: Figure::new(super::stats::mean(&t.gaps), t.n(), k),
            below: Figure::new(Some(f64::from(t.below())), t.n(), k),
            critical_below: Figure::new(Some(f64::from(t.critical_below)), t.n(), k),
            roles: t.roles.into_iter().collect(),
        })
        .collect();
    let key = |f: &Figure| f.value.unwrap_or(f64::NEG_INFINITY);
    out.sort_by(|a, b| {
        (a.share_below.value.is_none())
            .cmp(&b.share_below.value.is_none())
            .then(key(&b.share_below).total_cmp(&key(&a.share_below)))
            .then(key(&b.below).total_cmp(&key(&a.below)))
            .then(key(&b.mean_gap).total_cmp(&key(&a.mean_gap)))
            .then(a.competency.cmp(&b.competency))
    });
    for (i, s) in out.iter_mut().enumerate() {
        s.rank = i as u32 + 1;
    }
    out
}
