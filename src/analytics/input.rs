//! The per-person input table every statistic is computed from: one row per person of the
//! cycle (from the data stage's facts, and the previous cycle's action tracking of the
//! person's plan), one row per (person, required competency), and the learning history of
//! every earlier cycle. Exported as CSV so a reference implementation can recompute every
//! figure.

use crate::data::{CycleIdx, Dataset, PersonId, ReviewItem};
use crate::model::OrgModel;
use crate::rules::facts::EmployeeFacts;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The model's competency and resource ids, each made once and shared by every row.
pub struct Ids<'m>(FxHashMap<&'m str, Arc<str>>);

impl<'m> Ids<'m> {
    pub fn of(model: &'m OrgModel) -> Self {
        let ids = model.competencies.iter().map(|c| c.id.as_str());
        let ids = ids.chain(model.resources.iter().map(|r| r.id.as_str()));
        Ids(ids.map(|id| (id, Arc::from(id))).collect())
    }

    fn get(&self, id: &str) -> Arc<str> {
        self.0.get(id).cloned().unwrap_or_else(|| Arc::from(id))
    }
}

/// One person of the cycle.
#[derive(Debug, Clone, Serialize)]
pub struct PersonInput {
    pub talent_id: String,
    #[serde(skip)]
    pub name: Option<String>,
    pub team: Option<String>,
    pub role: Option<String>,
    /// Overall rating's rank this cycle (0 = lowest) and the scale's top rank.
    pub rating_rank: Option<u32>,
    pub rating_top: Option<u32>,
    pub previous_rating_rank: Option<u32>,
    /// A development dialogue is recorded this cycle.
    pub dialogue: bool,
    /// Learning records this cycle (any status).
    pub learning_records: u32,
    /// Any learning record up to the end of the cycle.
    pub learning_ever: bool,
    pub learning_hours: f64,
    /// Distinct resources completed or passed this cycle.
    pub completed: u32,
    pub goals_rated: u32,
    pub goals_met: u32,
    /// From the plan's tracking of the previous cycle's actions: done, and not dropped.
    pub actions_done: Option<u32>,
    pub actions_counted: Option<u32>,
    #[serde(skip)]
    pub competencies: Vec<CompetencyInput>,
    /// Levels as of this cycle of the competencies a forecast names.
    #[serde(skip)]
    pub levels: BTreeMap<String, Option<u8>>,
}

/// One (person, required competency) pair.
#[derive(Debug, Clone, Serialize)]
pub struct CompetencyInput {
    // Shared ids, one boxed list and small numbers (48 bytes): a cycle of a large org holds
    // millions of these rows until its analytics are made.
    pub competency: Arc<str>,
    pub required: u8,
    pub critical: bool,
    pub level: Option<u8>,
    /// Level change since the previous cycle.
    pub trend: Option<i32>,
    /// Resources targeting the competency completed before this cycle, then those completed
    /// in it, each part sorted.
    pub(super) completed: Box<[Arc<str>]>,
    /// How many of `completed` were completed before this cycle.
    pub(super) before: u32,
}

impl CompetencyInput {
    /// Resources targeting the competency completed this cycle, sorted.
    pub fn completed_in_cycle(&self) -> &[Arc<str>] {
        self.completed
            .get(self.before as usize..)
            .unwrap_or_default()
    }

    /// Resources targeting the competency completed before this cycle, sorted.
    pub fn completed_before(&self) -> &[Arc<str>] {
        self.completed
            .get(..self.before as usize)
            .unwrap_or_default()
    }

    /// The level change, as the facts give it.
    pub fn trend(&self) -> Option<i64> {
        self.trend.map(i64::from)
    }

    pub fn gap(&self) -> Option<i64> {
        self.level.map(|l| i64::from(self.required) - i64::from(l))
    }

    /// The gap at the start of the cycle (the previous cycle's level against today's
    /// requirement), when the level change is known.
    pub fn start_gap(&self) -> Option<i64> {
        Some(self.gap()? + self.trend()?)
    }
}

/// One person in one cycle of the history, for team learning speed.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryInput {
    pub cycle: String,
    pub talent_id: String,
    pub team: Option<String>,
    /// Sum of level changes over required competencies with a known change.
    pub levels_gained: i64,
    /// Required competencies with a known change.
    pub changes_known: u32,
    pub learning_hours: f64,
}

impl PersonInput {
    /// Built from the person's facts of `cycle`; `forecast` names the competencies whose
    /// levels the forecast needs.
    pub fn of(
        model: &OrgModel,
        dataset: &Dataset,
        cycle: CycleIdx,
        facts: &EmployeeFacts,
        forecast: &BTreeSet<String>,
        ids: &Ids,
    ) -> PersonInput {
        let person = dataset.find(&facts.talent_id);
        let records = person.map(|p| dataset.records_of(p));
        let learning = records.map_or(&[][..], |r| r.learning);
        // The resources done before and in this cycle, once: most people have none, and
        // then no competency needs its resources looked at.
        let done = |before: bool| -> Vec<&str> {
            let mut ids: Vec<&str> = (learning.iter())
                .filter(|l| {
                    l.status.is_done()
                        && l.cycle
                            .is_some_and(|k| if before { k < cycle } else { k == cycle })
                })
                .map(|l| &*l.resource)
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let (done_before, done_now) = (done(true), done(false));
        let competencies = facts
            .competencies
            .iter()
            .map(|c| {
                let targeting: BTreeSet<&str> = if done_before.is_empty() && done_now.is_empty() {
                    BTreeSet::new()
                } else {
                    (model.resources_for(&c.competency))
                        .map(|r| r.id.as_str())
                        .collect()
                };
                let pick = |done: &[&str]| {
                    targeting
                        .iter()
                        .filter(|r| done.binary_search(r).is_ok())
                        .map(|r| ids.get(r))
                        .collect::<Vec<_>>()
                };
                let mut completed = pick(&done_before);
                let before = completed.len() as u32;
                completed.extend(pick(&done_now));
                CompetencyInput {
                    competency: ids.get(&c.competency),
                    required: c.required,
                    critical: c.critical,
                    level: c.level,
                    trend: c.trend.and_then(|t| i32::try_from(t).ok()),
                    completed: completed.into_boxed_slice(),
                    before,
                }
            })
            .collect();
        let completed: BTreeSet<&str> = learning
            .iter()
            .filter(|l| l.status.is_done() && l.cycle == Some(cycle))
            .map(|l| &*l.resource)
            .collect();
        let goals_rated = facts.goal_ratings.len() as u32;
        let rating_top = facts
            .rating_overall
            .as_ref()
            .and_then(|r| model.rating_scale(&r.scale))
            .map(|s| s.labels.len().saturating_sub(1) as u32);
        PersonInput {
            talent_id: facts.talent_id.clone(),
            name: person.and_then(|p| dataset.person(p).name.clone()),
            team: facts.team.clone(),
            role: facts.role.clone(),
            rating_rank: facts.rating_overall.as_ref().map(|r| r.rank),
            rating_top,
            previous_rating_rank: facts.previous_rating_overall.as_ref().map(|r| r.rank),
            dialogue: records.is_some_and(|r| r.dialogues.iter().any(|d| d.cycle == cycle)),
            learning_records: learning.iter().filter(|l| l.cycle == Some(cycle)).count() as u32,
            learning_ever: learning.iter().any(|l| l.cycle.is_none_or(|k| k <= cycle)),
            learning_hours: facts.learning_hours,
            completed: completed.len() as u32,
            goals_rated,
            goals_met: facts
                .goals_met_ratio
                .map_or(0, |r| (r * f64::from(goals_rated)).round() as u32),
            actions_done: None,
            actions_counted: None,
            competencies,
            levels: person
                .map_or_else(BTreeMap::new, |p| levels_as_of(dataset, p, cycle, forecast)),
        }
    }

    /// Mean level change per required competency with a known change.
    pub fn growth(&self) -> Option<f64> {
        let t: Vec<f64> = self
            .competencies
            .iter()
            .filter_map(|c| c.trend)
            .map(f64::from)
            .collect();
        super::stats::mean(&t)
    }

    /// Levels gained per 10 learning hours this cycle.
    pub fn learning_speed(&self) -> Option<f64> {
        let gained: Vec<i64> = self.competencies.iter().filter_map(|c| c.trend()).collect();
        (!gained.is_empty() && self.learning_hours > 0.0)
            .then(|| 10.0 * gained.iter().sum::<i64>() as f64 / self.learning_hours)
    }

    /// Share of assessed required competencies at or above the requirement.
    pub fn breadth(&self) -> Option<f64> {
        let gaps: Vec<i64> = self.competencies.iter().filter_map(|c| c.gap()).collect();
        (!gaps.is_empty())
            .then(|| gaps.iter().filter(|g| **g <= 0).count() as f64 / gaps.len() as f64)
    }

    /// Rating rank over the scale's top rank.
    pub fn performance(&self) -> Option<f64> {
        match (self.rating_rank, self.rating_top) {
            (Some(r), Some(top)) if top > 0 => Some(f64::from(r) / f64::from(top)),
            _ => None,
        }
    }

    /// Change of the overall rating rank since the previous cycle.
    pub fn rating_change(&self) -> Option<f64> {
        Some(f64::from(self.rating_rank?) - f64::from(self.previous_rating_rank?))
    }

    /// Any required competency with a known level.
    pub fn competency_data(&self) -> bool {
        self.competencies.iter().any(|c| c.level.is_some())
    }
}

impl HistoryInput {
    pub fn of(facts: &EmployeeFacts) -> HistoryInput {
        let trends = facts.competencies.iter().map(|c| c.trend);
        Self::row(
            &facts.cycle,
            &facts.talent_id,
            &facts.team,
            trends,
            facts.learning_hours,
        )
    }

    /// The same row from a person's input row of `cycle`, which carries what it needs.
    pub fn of_person(p: &PersonInput, cycle: &str) -> HistoryInput {
        let trends = p.competencies.iter().map(|c| c.trend());
        Self::row(cycle, &p.talent_id, &p.team, trends, p.learning_hours)
    }

    fn row(
        cycle: &str,
        talent_id: &str,
        team: &Option<String>,
        trends: impl Iterator<Item = Option<i64>>,
        learning_hours: f64,
    ) -> HistoryInput {
        let trends: Vec<i64> = trends.flatten().collect();
        HistoryInput {
            cycle: cycle.to_owned(),
            talent_id: talent_id.to_owned(),
            team: team.clone(),
            levels_gained: trends.iter().sum(),
            changes_known: trends.len() as u32,
            learning_hours,
        }
    }
}

/// The level of each of `competencies` as of `cycle`: the latest competency rating in or
/// before the cycle, as the facts define a level (`None` when that rating has no level).
fn levels_as_of(
    dataset: &Dataset,
    person: PersonId,
    cycle: CycleIdx,
    competencies: &BTreeSet<String>,
) -> BTreeMap<String, Option<u8>> {
    let mut latest: BTreeMap<String, (CycleIdx, crate::data::Origin, Option<u8>)> = BTreeMap::new();
    for r in dataset.records_of(person).reviews {
        let ReviewItem::Competency(c) = &r.item else {
            continue;
        };
        if r.cycle > cycle || !competencies.contains(&**c) {
            continue;
        }
        let key = (r.cycle, r.origin, r.level);
        latest
            .entry(c.to_string())
            .and_modify(|e| {
                if (key.0, key.1) >= (e.0, e.1) {
                    *e = key;
                }
            })
            .or_insert(key);
    }
    latest.into_iter().map(|(c, (_, _, l))| (c, l)).collect()
}
