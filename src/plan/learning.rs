//! Choosing learning resources for a request: candidates from the catalog, ranked by fit,
//! prerequisites first, a mix of practice and courses, then fitted into the hours budget.

use super::types::{Alternative, Recommendation, Why};
use crate::model::{OrgModel, Resource, ResourceKind};
use crate::rules::raw::LevelStep;
use crate::table::render::snake;
use std::collections::BTreeSet;
use std::sync::Arc;

/// What a `recommend` or `practice` action asks for, for one competency.
#[derive(Debug, Clone)]
pub struct Request {
    pub competency: String,
    pub current: Option<u8>,
    pub required: u8,
    pub critical: bool,
    pub kinds: Vec<ResourceKind>,
    pub step: LevelStep,
    pub max_hours: Option<f64>,
    pub ids: Vec<String>,
    pub limit: usize,
    /// Whether this is a practice request (practice, shadowing, project by default).
    pub practice: bool,
    pub why: Arc<Why>,
}

/// Practice kinds: learning by doing, on the job.
pub const PRACTICE_KINDS: &[ResourceKind] = &[
    ResourceKind::Practice,
    ResourceKind::Shadowing,
    ResourceKind::Project,
];

fn is_practice(kind: ResourceKind) -> bool {
    PRACTICE_KINDS.contains(&kind)
}

/// The person a selection is for.
pub struct Learner<'a> {
    pub locale: &'a str,
    pub completed: &'a BTreeSet<String>,
}

struct Scored<'m> {
    resource: &'m Resource,
    from: u8,
    to: u8,
    score: i32,
    fit: Vec<Fit<'m>>,
}

/// Why a candidate fits a request. Worded only for the candidates a plan shows: most are
/// ranked and left.
enum Fit<'m> {
    Named,
    Covers { current: u8, goal: u8 },
    CoversPart { current: u8, to: u8, goal: u8 },
    InYourLanguage,
    InLanguage(&'m str),
    Observed(f64),
}

impl std::fmt::Display for Fit<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fit::Named => f.write_str("named by the rule"),
            Fit::Covers { current, goal } => write!(f, "covers level {current} → {goal}"),
            Fit::CoversPart { current, to, goal } => {
                write!(f, "covers level {current} → {to} of {current} → {goal}")
            }
            Fit::InYourLanguage => f.write_str("in your language"),
            Fit::InLanguage(l) => write!(f, "in {l}"),
            Fit::Observed(effect) => {
                write!(
                    f,
                    "observed learning effect {effect:+.2} levels (adaptive ranking)"
                )
            }
        }
    }
}

/// Why a candidate was left out before ranking.
enum Rejected {
    Completed,
    TooLong { hours: f64, max: f64 },
    StartsAbove { from: u8, current: u8 },
    Reached { to: u8 },
}

impl std::fmt::Display for Rejected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejected::Completed => f.write_str("already completed"),
            Rejected::TooLong { hours, max } => {
                write!(f, "{hours} h is more than the rule's {max} h")
            }
            Rejected::StartsAbove { from, current } => {
                write!(f, "starts at level {from}, above the current {current}")
            }
            Rejected::Reached { to } => write!(f, "ends at level {to}, already reached"),
        }
    }
}

/// Adaptive ranking: with `analytics.adaptive_ranking` on, a resource whose observed
/// learning effect on the competency is known scores 4 points per level it was seen to add
/// (at most 8, at least −4), and its fit says so.
fn observed_effect(model: &OrgModel, resource: &str, competency: &str, fit: &mut Vec<Fit>) -> i32 {
    if !model.analytics.adaptive_ranking {
        return 0;
    }
    let key = (resource.to_owned(), competency.to_owned());
    let Some(&effect) = model.plans.observed_effects.get(&key) else {
        return 0;
    };
    fit.push(Fit::Observed(effect));
    (effect * 4.0).round().clamp(-4.0, 8.0) as i32
}

/// The resources for one request, best first, with prerequisites placed before what needs
/// them. Each comes with its fit and the alternatives that lost to it.
pub fn select(model: &OrgModel, request: &Request, learner: &Learner) -> Vec<Recommendation> {
    let scale_min = model
        .competency(&request.competency)
        .and_then(|c| model.proficiency_scale(&c.scale))
        .map_or(1, |s| s.min());
    let current = request.current.unwrap_or(scale_min);
    let goal = match request.step {
        LevelStep::Next => current + 1,
        LevelStep::ToRequired => request.required.max(current + 1),
        LevelStep::Beyond => request.required.max(current) + 1,
    };
    let kinds_ok = |k: ResourceKind| {
        if request.kinds.is_empty() {
            is_practice(k) == request.practice
        } else {
            request.kinds.contains(&k)
        }
    };
    let mut scored: Vec<Scored> = Vec::new();
    let mut rejected: Vec<(&Resource, Rejected)> = Vec::new();
    let named = request.ids.iter().filter_map(|id| model.resource(id));
    // A handful of candidates: a list finds repeats as fast as a set, without hashing.
    let mut seen: Vec<&str> = Vec::new();
    for r in model.resources_for(&request.competency).chain(named) {
        if seen.contains(&r.id.as_str()) {
            continue;
        }
        seen.push(&r.id);
        let explicit = request.ids.contains(&r.id);
        let Some(t) = r
            .targets
            .iter()
            .find(|t| t.competency == request.competency)
            .or_else(|| explicit.then(|| r.targets.first()).flatten())
        else {
            continue;
        };
        if learner.completed.contains(&r.id) {
            rejected.push((r, Rejected::Completed));
            continue;
        }
        if !explicit && !kinds_ok(r.kind) {
            continue;
        }
        if let Some(max) = request.max_hours.filter(|m| r.hours > *m) {
            rejected.push((
                r,
                Rejected::TooLong {
                    hours: r.hours,
                    max,
                },
            ));
            continue;
        }
        let mut fit = Vec::new();
        let mut score = 0;
        if explicit {
            score += 10;
            fit.push(Fit::Named);
        }
        if t.from <= current && t.to >= goal {
            score += 4;
            fit.push(Fit::Covers { current, goal });
        } else if t.from <= current && t.to > current {
            score += 2;
            fit.push(Fit::CoversPart {
                current,
                to: t.to,
                goal,
            });
        } else if !explicit {
            let why = if t.from > current {
                Rejected::StartsAbove {
                    from: t.from,
                    current,
                }
            } else {
                Rejected::Reached { to: t.to }
            };
            rejected.push((r, why));
            continue;
        }
        match r.language.as_deref() {
            Some(l) if l == learner.locale => {
                score += 2;
                fit.push(Fit::InYourLanguage);
            }
            None => score += 1,
            Some(l) => fit.push(Fit::InLanguage(l)),
        }
        score += observed_effect(model, &r.id, &request.competency, &mut fit);
        scored.push(Scored {
            resource: r,
            from: t.from,
            to: t.to,
            score,
            fit,
        });
    }
    // Best fit first; shorter first among equals; the id breaks ties.
    scored.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then(a.resource.hours.total_cmp(&b.resource.hours))
            .then(a.resource.id.cmp(&b.resource.id))
    });
    let chosen = mix(&scored, request.limit.max(1));
    let mut out: Vec<Recommendation> = Vec::new();
    for &i in &chosen {
        let s = &scored[i];
        for p in &s.resource.prerequisites {
            if learner.completed.contains(p) || out.iter().any(|o| &o.resource == p) {
                continue;
            }
            if let Some(pre) = model.resource(p) {
                let (from, to) = pre.targets.first().map_or((0, 0), |t| (t.from, t.to));
                out.push(recommendation(
                    model,
                    pre,
                    &request.competency,
                    from,
                    to,
                    vec!["prerequisite".into()],
                    Some(s.resource.id.clone()),
                    Vec::new(),
                    learner,
                    &request.why,
                ));
            }
        }
        let losers: Vec<Alternative> = scored
            .iter()
            .enumerate()
            .filter(|(k, _)| !chosen.contains(k))
            .map(|(_, o)| Alternative {
                resource: o.resource.id.clone(),
                reason: format!("ranked lower ({})", texts(&o.fit).join(", ")),
            })
            .chain(rejected.iter().map(|(r, why)| Alternative {
                resource: r.id.clone(),
                reason: why.to_string(),
            }))
            .take(5)
            .collect();
        out.push(recommendation(
            model,
            s.resource,
            &request.competency,
            s.from,
            s.to,
            texts(&s.fit),
            None,
            losers,
            learner,
            &request.why,
        ));
    }
    out
}

fn texts(fit: &[Fit]) -> Vec<String> {
    fit.iter().map(Fit::to_string).collect()
}

/// Picks up to `limit` of the ranked candidates, alternating practice and other kinds while
/// both remain, so a plan mixes doing and learning.
fn mix(scored: &[Scored], limit: usize) -> Vec<usize> {
    let (mut practice, mut other): (Vec<usize>, Vec<usize>) =
        (0..scored.len()).partition(|&i| is_practice(scored[i].resource.kind));
    practice.reverse();
    other.reverse();
    let mut out = Vec::new();
    let mut take_practice = scored.first().is_some_and(|s| is_practice(s.resource.kind));
    while out.len() < limit && !(practice.is_empty() && other.is_empty()) {
        let next = if take_practice {
            practice.pop().or_else(|| other.pop())
        } else {
            other.pop().or_else(|| practice.pop())
        };
        out.extend(next);
        take_practice = !take_practice;
    }
    out.sort_unstable();
    out
}

#[allow(clippy::too_many_arguments)]
fn recommendation(
    model: &OrgModel,
    r: &Resource,
    competency: &str,
    from: u8,
    to: u8,
    fit: Vec<String>,
    prerequisite_for: Option<String>,
    alternatives: Vec<Alternative>,
    learner: &Learner,
    why: &Arc<Why>,
) -> Recommendation {
    Recommendation {
        action_id: String::new(),
        resource: r.id.clone(),
        title: r
            .title
            .get(learner.locale, &model.default_locale)
            .to_owned(),
        kind: snake(&r.kind),
        hours: r.hours,
        url: r.url.clone(),
        language: r.language.clone(),
        competency: competency.to_owned(),
        from,
        to,
        fit,
        prerequisite_for,
        alternatives,
        why: vec![why.clone()],
    }
}

/// Splits recommendations into those that fit the hours budget and those kept for later,
/// in the given order (most important first).
/// The hours of `items`: 0 when there are none (an empty `f64` sum is -0.0, which a plan
/// would show as such).
pub fn hours<'r>(items: impl Iterator<Item = &'r Recommendation>) -> f64 {
    items.fold(0.0, |total, r| total + r.hours)
}

pub fn fit_budget(
    items: Vec<Recommendation>,
    budget: f64,
) -> (Vec<Recommendation>, Vec<Recommendation>) {
    let mut used = 0.0;
    let mut now = Vec::new();
    let mut later = Vec::new();
    for item in items {
        if used + item.hours <= budget + 1e-9 {
            used += item.hours;
            now.push(item);
        } else {
            later.push(item);
        }
    }
    (now, later)
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_learning_is_zero_hours_not_minus_zero() {
        let hours = super::hours(std::iter::empty());
        assert_eq!(hours, 0.0);
        assert!(hours.is_sign_positive(), "shown as {hours}");
        assert_eq!(serde_json::to_string(&hours).ok().as_deref(), Some("0.0"));
    }
}
