//! Capability gap heatmaps (能力差距热力图): team × competency and role × competency, and
//! the org's key capability shortages ranked.

use super::input::{CompetencyInput, PersonInput};
use super::types::{Figure, GapCell, GapHeatmaps, Heatmap, Shortage};
use std::collections::{BTreeMap, BTreeSet};

/// What a group of (person, competency) pairs adds up to: sums, not the values, as a
/// large org has millions of pairs.
#[derive(Default)]
struct Tally {
    /// Assessed pairs, those below the requirement, and the sum of their gaps.
    n: u32,
    below: u32,
    gap_sum: f64,
    unassessed: u32,
    critical_below: u32,
}

impl Tally {
    fn add(&mut self, c: &CompetencyInput) {
        match c.gap() {
            Some(g) => {
                self.n += 1;
                self.gap_sum += g as f64;
                if g > 0 {
                    self.below += 1;
                    if c.critical {
                        self.critical_below += 1;
                    }
                }
            }
            None => self.unassessed += 1,
        }
    }

    fn mean_gap(&self) -> Option<f64> {
        (self.n > 0).then(|| self.gap_sum / f64::from(self.n))
    }

    fn share_below(&self) -> Option<f64> {
        (self.n > 0).then(|| f64::from(self.below) / f64::from(self.n))
    }
}

pub fn gaps(people: &[PersonInput], k: u32) -> GapHeatmaps {
    GapHeatmaps {
        by_team: heatmap(people, k, |p| p.team.as_deref()),
        by_role: heatmap(people, k, |p| p.role.as_deref()),
        shortages: shortages(people, k),
    }
}

// Millions of (person, competency) pairs: tallies are keyed by borrowed ids.
fn heatmap<'p>(
    people: &'p [PersonInput],
    k: u32,
    group: impl Fn(&'p PersonInput) -> Option<&'p str>,
) -> Heatmap {
    let mut cells: BTreeMap<(&str, &str), Tally> = BTreeMap::new();
    for p in people {
        let Some(g) = group(p) else { continue };
        for c in &p.competencies {
            cells.entry((g, &c.competency)).or_default().add(c);
        }
    }
    let mut groups: Vec<String> = cells.keys().map(|(g, _)| g.to_string()).collect();
    groups.dedup();
    Heatmap {
        groups,
        competencies: cells
            .keys()
            .map(|(_, c)| c.to_string())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect(),
        cells: cells
            .into_iter()
            .map(|((group, competency), t)| GapCell {
                group: group.to_owned(),
                competency: competency.to_owned(),
                share_below: Figure::new(t.share_below(), t.n, k),
                mean_gap: Figure::new(t.mean_gap(), t.n, k),
                unassessed: t.unassessed,
            })
            .collect(),
    }
}

/// Competencies ranked by the share of assessed people below the requirement, then by how
/// many are below, then by mean gap; suppressed figures last, by competency id.
fn shortages(people: &[PersonInput], k: u32) -> Vec<Shortage> {
    // Per competency: the tally and the roles that require it.
    let mut by: BTreeMap<&str, (Tally, BTreeSet<&str>)> = BTreeMap::new();
    for p in people {
        for c in &p.competencies {
            let (tally, roles) = by.entry(&c.competency).or_default();
            tally.add(c);
            if let Some(r) = &p.role {
                roles.insert(r);
            }
        }
    }
    let mut out: Vec<Shortage> = by
        .into_iter()
        .map(|(competency, (t, roles))| Shortage {
            rank: 0,
            competency: competency.to_owned(),
            share_below: Figure::new(t.share_below(), t.n, k),
            mean_gap: Figure::new(t.mean_gap(), t.n, k),
            below: Figure::new(Some(f64::from(t.below)), t.n, k),
            critical_below: Figure::new(Some(f64::from(t.critical_below)), t.n, k),
            roles: roles.into_iter().map(str::to_owned).collect(),
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
