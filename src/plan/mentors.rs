//! Assigning mentors across the whole org at once: the largest gaps on critical
//! competencies are served first; each mentor's capacity holds; nobody mentors themselves
//! or their own manager; a mentor coaches only at or above the level the mentee needs.

use super::types::{Alternative, Why};
use crate::model::OrgModel;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A request for a mentor, from one employee's rules.
#[derive(Debug, Clone)]
pub struct MentorRequest {
    pub employee: usize,
    pub talent_id: String,
    pub competency: String,
    pub required: u8,
    pub gap: Option<i64>,
    pub critical: bool,
    pub why: Arc<Why>,
}

/// The outcome for one request.
#[derive(Debug, Clone)]
pub enum Outcome {
    Assigned {
        mentor: String,
        level: u8,
        reason: String,
        alternatives: Vec<Alternative>,
    },
    Unmet {
        reason: String,
    },
}

/// Matches every request; `manager_of` gives each person's manager (talent ids).
/// Returns one outcome per request, in the order of `requests`.
pub fn assign(
    model: &OrgModel,
    requests: &[MentorRequest],
    manager_of: &BTreeMap<String, String>,
) -> Vec<Outcome> {
    let mut order: Vec<usize> = (0..requests.len()).collect();
    // Critical first, then the largest gap (unknown last), then by talent id and competency.
    order.sort_by(|&a, &b| {
        let (x, y) = (&requests[a], &requests[b]);
        y.critical
            .cmp(&x.critical)
            .then(y.gap.unwrap_or(i64::MIN).cmp(&x.gap.unwrap_or(i64::MIN)))
            .then(x.talent_id.cmp(&y.talent_id))
            .then(x.competency.cmp(&y.competency))
    });
    let mut mentees: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut outcomes: Vec<Option<Outcome>> = vec![None; requests.len()];
    for i in order {
        let r = &requests[i];
        let mut alternatives = Vec::new();
        let mut eligible = Vec::new();
        for m in &model.mentors {
            let Some(coaching) = m.coaches.iter().find(|c| c.competency == r.competency) else {
                continue;
            };
            let reject = |reason: &str| Alternative {
                resource: m.talent_id.clone(),
                reason: reason.to_owned(),
            };
            let taken = mentees.get(m.talent_id.as_str());
            let already = taken.is_some_and(|t| t.contains(r.talent_id.as_str()));
            if m.talent_id == r.talent_id {
                alternatives.push(reject("is the employee"));
            } else if manager_of.get(&m.talent_id) == Some(&r.talent_id) {
                alternatives.push(reject("reports to the employee"));
            } else if coaching.level < r.required {
                alternatives.push(reject(&format!(
                    "coaches at level {}, below the required {}",
                    coaching.level, r.required
                )));
            } else if !already && taken.map_or(0, BTreeSet::len) >= m.capacity as usize {
                alternatives.push(reject(&format!("at capacity ({} mentees)", m.capacity)));
            } else {
                let free = m.capacity as usize - taken.map_or(0, BTreeSet::len);
                eligible.push((already, free, coaching.level, m.talent_id.as_str()));
            }
        }
        // A mentor the employee already has comes first; then the most free places, then
        // the highest level, then the talent id.
        eligible.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(b.1.cmp(&a.1))
                .then(b.2.cmp(&a.2))
                .then(a.3.cmp(b.3))
        });
        outcomes[i] = Some(match eligible.first() {
            Some(&(already, free, level, mentor)) => {
                mentees
                    .entry(mentor)
                    .or_default()
                    .insert(r.talent_id.as_str());
                alternatives.extend(eligible.iter().skip(1).map(|e| Alternative {
                    resource: e.3.to_owned(),
                    reason: format!("{} free places, level {}", e.1, e.2),
                }));
                let reason = if already {
                    "already mentors this employee".to_owned()
                } else {
                    format!(
                        "coaches `{}` at level {level} with {free} free place{}",
                        r.competency,
                        if free == 1 { "" } else { "s" }
                    )
                };
                Outcome::Assigned {
                    mentor: mentor.to_owned(),
                    level,
                    reason,
                    alternatives,
                }
            }
            None if alternatives.is_empty() => Outcome::Unmet {
                reason: format!("no mentor coaches `{}`", r.competency),
            },
            None => Outcome::Unmet {
                reason: format!(
                    "no mentor available: {}",
                    alternatives
                        .iter()
                        .map(|a| format!("{} {}", a.resource, a.reason))
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
            },
        });
    }
    outcomes
        .into_iter()
        .map(|o| {
            o.unwrap_or(Outcome::Unmet {
                reason: "not processed".into(),
            })
        })
        .collect()
}
