//! The 9-box (九宫格): performance (the overall rating) × potential (level growth, learning
//! speed and breadth above the requirement, weighted as the project file says), the people
//! in each box, and the high potentials.

use super::input::PersonInput;
use super::types::{Band, Figure, NineBox, NineBoxCell, PersonScore, PotentialParts, Settings};
use std::collections::BTreeMap;

/// The band of a 0..1 score: below the first threshold `low`, below the second `medium`.
pub fn band(x: f64, thresholds: [f64; 2]) -> Band {
    if x < thresholds[0] {
        Band::Low
    } else if x < thresholds[1] {
        Band::Medium
    } else {
        Band::High
    }
}

/// The potential's parts of a person, each clamped to 0..1.
pub fn parts(p: &PersonInput) -> PotentialParts {
    PotentialParts {
        growth: p.growth().map(|g| g.clamp(0.0, 1.0)),
        learning_speed: p.learning_speed().map(|s| s.clamp(0.0, 1.0)),
        breadth: p.breadth(),
    }
}

/// The weighted mean of the known parts; `None` when no part with a weight above 0 is known.
pub fn potential(parts: &PotentialParts, s: &Settings) -> Option<f64> {
    let w = &s.potential_weights;
    let known: Vec<(f64, f64)> = [
        (parts.growth, w.growth),
        (parts.learning_speed, w.learning_speed),
        (parts.breadth, w.breadth),
    ]
    .into_iter()
    .filter_map(|(x, w)| Some((x?, w)))
    .filter(|(_, w)| *w > 0.0)
    .collect();
    let total: f64 = known.iter().map(|(_, w)| w).sum();
    (total > 0.0).then(|| known.iter().map(|(x, w)| x * w).sum::<f64>() / total)
}

/// A person's place on the 9-box, when both performance and potential are known.
pub fn score(p: &PersonInput, s: &Settings) -> Option<PersonScore> {
    let parts = parts(p);
    Some(PersonScore {
        talent_id: p.talent_id.clone(),
        name: p.name.clone(),
        team: p.team.clone(),
        role: p.role.clone(),
        performance: p.performance()?,
        potential: potential(&parts, s)?,
        parts,
    })
}

pub fn nine_box(people: &[PersonInput], s: &Settings, k: u32) -> NineBox {
    let mut boxes: BTreeMap<(Band, Band), Vec<String>> = Band::ALL
        .iter()
        .flat_map(|a| Band::ALL.iter().map(move |b| ((*a, *b), Vec::new())))
        .collect();
    let mut unplaced = 0;
    let mut high_potential = Vec::new();
    for p in people {
        let Some(sc) = score(p, s) else {
            unplaced += 1;
            continue;
        };
        let perf = band(sc.performance, s.performance_thresholds);
        let pot = band(sc.potential, s.potential_thresholds);
        boxes
            .entry((perf, pot))
            .or_default()
            .push(p.talent_id.clone());
        if pot == Band::High && perf >= Band::Medium {
            high_potential.push(sc);
        }
    }
    NineBox {
        boxes: boxes
            .into_iter()
            .map(|((performance, potential), ids)| {
                let n = ids.len() as u32;
                let people = Figure::new(Some(f64::from(n)), n, k);
                NineBoxCell {
                    performance,
                    potential,
                    talent_ids: if people.suppressed { Vec::new() } else { ids },
                    people,
                }
            })
            .collect(),
        unplaced,
        high_potential,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PotentialWeights;

    #[test]
    fn bands_cut_below_each_threshold() {
        let t = [0.4, 0.7];
        assert_eq!(band(0.0, t), Band::Low);
        assert_eq!(band(0.39, t), Band::Low);
        assert_eq!(band(0.4, t), Band::Medium);
        assert_eq!(band(0.7, t), Band::High);
        assert_eq!(band(1.0, t), Band::High);
    }

    #[test]
    fn potential_rescales_the_weights_of_known_parts() {
        let s = Settings {
            potential_weights: PotentialWeights {
                growth: 0.5,
                learning_speed: 0.25,
                breadth: 0.25,
            },
            ..Settings::default()
        };
        let all = PotentialParts {
            growth: Some(1.0),
            learning_speed: Some(0.0),
            breadth: Some(0.5),
        };
        assert_eq!(potential(&all, &s), Some(0.625));
        let some = PotentialParts {
            learning_speed: None,
            ..all
        };
        // (0.5 · 1 + 0.25 · 0.5) / 0.75
        assert!((potential(&some, &s).unwrap_or(f64::NAN) - 0.833_333_333_333_333_4).abs() < 1e-12);
        let none = PotentialParts {
            growth: None,
            learning_speed: None,
            breadth: None,
        };
        assert_eq!(potential(&none, &s), None);
    }
}
