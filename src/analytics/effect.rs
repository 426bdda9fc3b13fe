//! Learning effect: for each resource and competency it targets, the level change of people
//! who completed the resource this cycle against comparable people who did not, and the
//! correlation between learning completion and performance change.
//!
//! Method. People are comparable when they hold the same role and had the same gap at the
//! start of the cycle (the previous cycle's level against the role's requirement). Within
//! each such stratum with both completers and non-completers the difference of mean level
//! changes is taken; the effect is their mean weighted by completers (the effect on those
//! who completed). Its variance assumes one residual variance σ² pooled over every group of
//! every stratum (σ² = Σ squared deviations from the group means / (N − 2S), N people, S
//! strata): Var = Σ w_s² σ² (1/n_completers,s + 1/n_comparison,s). The 95% interval is the
//! effect ± t(0.975, N − 2S) × √Var; without degrees of freedom there is no interval.
//! People who completed the resource before the cycle are in neither group.

use super::input::{CompetencyInput, PersonInput};
use super::stats::{correlation_p, mean, pearson, spearman, sum_sq_dev, t_quantile};
use super::types::{Correlation, Figure, LearningEffect, LearningEffects};
use crate::model::OrgModel;
use std::collections::{BTreeMap, BTreeSet};

pub const METHOD: &str = "Completers of a resource in the cycle against non-completers of the same role and starting gap; stratified difference of mean level changes weighted by completers, pooled residual variance over all strata and groups, 95% Student t interval with N - 2S degrees of freedom. Pearson and Spearman correlations with two-sided t-test p-values.";

/// Level changes of completers and non-completers in one stratum.
#[derive(Default)]
struct Stratum {
    completers: Vec<f64>,
    comparison: Vec<f64>,
}

/// The (resource, competency) pairs of the catalog, sorted.
fn pairs(model: &OrgModel) -> BTreeSet<(String, String)> {
    model
        .resources
        .iter()
        .flat_map(|r| {
            r.targets
                .iter()
                .map(|t| (r.id.clone(), t.competency.clone()))
        })
        .collect()
}

/// A person's level change on a competency, with what stratifies it. A large org has
/// millions: levels are small integers, kept as such.
struct Change<'p> {
    row: &'p CompetencyInput,
    /// The role's rank among the people's roles (in their order): 16 bytes a change, for
    /// the millions of a large org.
    role: u32,
    start_gap: i32,
}

fn role_of(p: &PersonInput) -> &str {
    p.role.as_deref().unwrap_or_default()
}

/// Every (person, competency) pair whose level change and starting gap are known, by
/// competency, in talent-id order.
fn changes(people: &[PersonInput]) -> BTreeMap<&str, Vec<Change<'_>>> {
    let known = |c: &CompetencyInput| Some((c.trend?, c.start_gap()?));
    let roles: Vec<&str> = people
        .iter()
        .map(role_of)
        .collect::<BTreeSet<&str>>()
        .into_iter()
        .collect();
    // Counted first, so each list is allocated once at its size.
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    for c in people.iter().flat_map(|p| &p.competencies) {
        if known(c).is_some() {
            *sizes.entry(&c.competency).or_default() += 1;
        }
    }
    let mut out: BTreeMap<&str, Vec<Change>> = sizes
        .into_iter()
        .map(|(c, n)| (c, Vec::with_capacity(n)))
        .collect();
    for p in people {
        let role = roles.binary_search(&role_of(p)).unwrap_or_default() as u32;
        for c in &p.competencies {
            let (Some((_, start_gap)), Some(list)) = (known(c), out.get_mut(&*c.competency)) else {
                continue;
            };
            list.push(Change {
                row: c,
                role,
                // Level differences on a proficiency scale (u8 levels) fit.
                start_gap: start_gap as i32,
            });
        }
    }
    // By stratum, so that each resource's strata are runs of the list; stable, so a
    // stratum's changes keep the people's order.
    for list in out.values_mut() {
        list.sort_by_key(|a| (a.role, a.start_gap));
    }
    out
}

/// The strata (role × starting gap) of one resource among a competency's changes, keeping
/// those with both completers and non-completers.
fn strata(changes: &[Change], resource: &str) -> BTreeMap<(u32, i32), Stratum> {
    // `changes` come sorted by stratum (see `changes`), so strata are built in runs.
    let mut out: Vec<((u32, i32), Stratum)> = Vec::new();
    for c in changes {
        if c.row.completed_before().iter().any(|r| **r == *resource) {
            continue;
        }
        let key = (c.role, c.start_gap);
        if out.last().is_none_or(|(k, _)| *k != key) {
            out.push((key, Stratum::default()));
        }
        let Some((_, s)) = out.last_mut() else {
            continue;
        };
        let trend = f64::from(c.row.trend.unwrap_or_default());
        if c.row.completed_in_cycle().iter().any(|r| **r == *resource) {
            s.completers.push(trend);
        } else {
            s.comparison.push(trend);
        }
    }
    out.into_iter()
        .filter(|(_, s)| !s.completers.is_empty() && !s.comparison.is_empty())
        .collect()
}

fn effect(
    resource: &str,
    competency: &str,
    strata: &BTreeMap<(u32, i32), Stratum>,
    k: u32,
) -> LearningEffect {
    let completers: usize = strata.values().map(|s| s.completers.len()).sum();
    let comparison: usize = strata.values().map(|s| s.comparison.len()).sum();
    let all = |f: fn(&Stratum) -> &Vec<f64>| -> Vec<f64> {
        strata.values().flat_map(|s| f(s).iter().copied()).collect()
    };
    let mut estimate = 0.0;
    let mut var_units = 0.0;
    let mut ss = 0.0;
    for s in strata.values() {
        let w = s.completers.len() as f64 / completers as f64;
        let d = mean(&s.completers).unwrap_or(0.0) - mean(&s.comparison).unwrap_or(0.0);
        estimate += w * d;
        var_units += w * w * (1.0 / s.completers.len() as f64 + 1.0 / s.comparison.len() as f64);
        ss += sum_sq_dev(&s.completers) + sum_sq_dev(&s.comparison);
    }
    let df = (completers + comparison)
        .checked_sub(2 * strata.len())
        .filter(|d| *d > 0);
    let ci = df.map(|df| {
        let se = (ss / df as f64 * var_units).sqrt();
        let half = t_quantile(0.975, df as f64) * se;
        [estimate - half, estimate + half]
    });
    let n = completers.min(comparison) as u32;
    LearningEffect {
        resource: resource.to_owned(),
        competency: competency.to_owned(),
        completers: completers as u32,
        comparison: comparison as u32,
        strata: strata.len() as u32,
        completer_change: Figure::new(mean(&all(|s| &s.completers)), completers as u32, k),
        comparison_change: Figure::new(mean(&all(|s| &s.comparison)), comparison as u32, k),
        effect: Figure::new(Some(estimate), n, k).with_ci(ci),
        df: if Figure::new(None, n, k).suppressed {
            None
        } else {
            df.map(|d| d as u32)
        },
    }
}

/// The effect of every catalog (resource, competency) pair that has completers with a
/// comparison, sorted by resource then competency.
pub fn effects(model: &OrgModel, people: &[PersonInput], k: u32) -> Vec<LearningEffect> {
    let changes = changes(people);
    pairs(model)
        .into_iter()
        .filter_map(|(r, c)| {
            let s = strata(changes.get(c.as_str())?, &r);
            (!s.is_empty()).then(|| effect(&r, &c, &s, k))
        })
        .collect()
}

/// A correlation figure with its p-value.
fn correlation(r: Option<f64>, n: usize, k: u32) -> Figure {
    Figure::new(r, n as u32, k).with_p(r.and_then(|r| correlation_p(r, n)))
}

/// Learning completion (hours, resources completed) against the overall rating's change.
pub fn correlations(people: &[PersonInput], k: u32) -> Vec<Correlation> {
    let with: Vec<&PersonInput> = people
        .iter()
        .filter(|p| p.rating_change().is_some())
        .collect();
    let y: Vec<f64> = with.iter().filter_map(|p| p.rating_change()).collect();
    let xs: [(&str, Vec<f64>); 2] = [
        (
            "learning_hours",
            with.iter().map(|p| p.learning_hours).collect(),
        ),
        (
            "completed_resources",
            with.iter().map(|p| f64::from(p.completed)).collect(),
        ),
    ];
    xs.into_iter()
        .map(|(name, x)| Correlation {
            x: name.to_owned(),
            y: "rating_change".to_owned(),
            pearson: correlation(pearson(&x, &y), y.len(), k),
            spearman: correlation(spearman(&x, &y), y.len(), k),
        })
        .collect()
}

pub fn learning_effects(model: &OrgModel, people: &[PersonInput], k: u32) -> LearningEffects {
    LearningEffects {
        method: METHOD.to_owned(),
        effects: effects(model, people, k),
        correlations: correlations(people, k),
    }
}

/// Observed effects by (resource, competency), for adaptive ranking: only figures that are
/// not suppressed.
pub fn effect_table(effects: &[LearningEffect]) -> BTreeMap<(String, String), f64> {
    effects
        .iter()
        .filter_map(|x| Some(((x.resource.clone(), x.competency.clone()), x.effect.value?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A large org's cycle holds millions of each until its analytics are made.
    #[test]
    fn rows_and_changes_stay_small() {
        assert!(std::mem::size_of::<CompetencyInput>() <= 48);
        assert!(std::mem::size_of::<Change>() <= 16);
    }

    fn person(id: &str, trend: i64, start_gap: i64, completed: bool) -> PersonInput {
        let required = 4u8;
        let level = (i64::from(required) - start_gap + trend) as u8;
        PersonInput {
            talent_id: id.to_owned(),
            name: None,
            team: None,
            role: Some("r".to_owned()),
            rating_rank: None,
            rating_top: None,
            previous_rating_rank: None,
            dialogue: false,
            learning_records: 0,
            learning_ever: false,
            learning_hours: 0.0,
            completed: 0,
            goals_rated: 0,
            goals_met: 0,
            actions_done: None,
            actions_counted: None,
            competencies: vec![CompetencyInput {
                competency: "c".into(),
                required,
                critical: false,
                level: Some(level),
                trend: Some(trend as i32),
                completed: if completed {
                    Box::new(["x".into()])
                } else {
                    Box::new([])
                },
                before: 0,
            }],
            levels: BTreeMap::new(),
        }
    }

    #[test]
    fn stratified_effect_with_pooled_variance() {
        // Stratum gap 1: completers 1, 1, 0 against 0, 0, 1, 0; gap 2: 2, 1 against 0, 1.
        let rows = [
            (1, 1, true),
            (1, 1, true),
            (0, 1, true),
            (0, 1, false),
            (0, 1, false),
            (1, 1, false),
            (0, 1, false),
            (2, 2, true),
            (1, 2, true),
            (0, 2, false),
            (1, 2, false),
        ];
        let people: Vec<PersonInput> = rows
            .iter()
            .enumerate()
            .map(|(i, (t, g, c))| person(&format!("p{i:02}"), *t, *g, *c))
            .collect();
        let changes = changes(&people);
        let s = strata(&changes["c"], "x");
        let e = effect("x", "c", &s, 1);
        assert_eq!(
            (e.completers, e.comparison, e.strata, e.df),
            (5, 6, 2, Some(7))
        );
        let value = e.effect.value.unwrap_or(f64::NAN);
        assert!((value - 0.65).abs() < 1e-12);
        // scipy: 0.65 ± t.ppf(0.975, 7) · √(SS/7 · Σ w²(1/n₁ + 1/n₀))
        let ci = e.effect.ci.unwrap_or([f64::NAN; 2]);
        assert!((ci[0] - -0.195_127_740_722_121_25).abs() < 1e-9, "{ci:?}");
        assert!((ci[1] - 1.495_127_740_722_121_3).abs() < 1e-9, "{ci:?}");
        // Below k the effect, its interval and degrees of freedom are gone.
        let hidden = effect("x", "c", &s, 6);
        assert!(hidden.effect.suppressed && hidden.effect.value.is_none());
        assert!(hidden.effect.ci.is_none() && hidden.df.is_none());
    }
}
