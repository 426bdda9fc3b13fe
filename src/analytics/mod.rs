//! HR analytics: capability gaps, the 9-box, pilot metrics, learning effect, team learning
//! speed, forecasts of gaps, the maturity quadrant and the data dictionary, computed from the
//! org model, the dataset (the data stage's facts) and one cycle's plans.
//!
//! Plans are taken one at a time ([`Collector::add`], in any order), so a planner that makes
//! plans in chunks never holds them all. Everything else is read from the facts, one compact
//! [`input::PersonInput`] per person. Every group figure goes through [`Figure::new`], which
//! suppresses it below the project's minimum group size. Figures are sums and means in
//! talent-id order, so they are identical whatever the thread count.

pub mod dictionary;
pub mod effect;
pub mod export;
pub mod forecast;
pub mod gaps;
pub mod input;
pub mod maturity;
pub mod nine_box;
pub mod pilot;
pub mod speed;
pub mod stats;
pub mod types;

pub use types::*;

use crate::data::{CycleIdx, Dataset};
use crate::model::OrgModel;
use crate::plan::Plan;
use input::{HistoryInput, PersonInput};
use std::collections::BTreeMap;

/// Collects one cycle's analytics: facts at construction, plans one by one, figures at the end.
pub struct Collector<'a> {
    model: &'a OrgModel,
    dataset: &'a Dataset,
    cycle: CycleIdx,
    people: Vec<PersonInput>,
    history: Vec<HistoryInput>,
    raises: Vec<forecast::Raise>,
    learning_resolved: Option<f64>,
}

/// The tables the figures are computed from, for export and for a reference check.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// One row per person of the cycle, sorted by talent id.
    pub people: Vec<PersonInput>,
    /// One row per person and cycle after the first, up to this one.
    pub history: Vec<HistoryInput>,
}

impl<'a> Collector<'a> {
    /// Reads the facts of `cycle` (and of every earlier cycle, for learning speed).
    pub fn new(model: &'a OrgModel, dataset: &'a Dataset, cycle: CycleIdx) -> Self {
        let earlier = (1..cycle)
            .filter(|t| *t < dataset.cycles.len())
            .flat_map(|t| dataset.facts_map(model, t, |f| HistoryInput::of(&f)))
            .collect();
        Self::after(model, dataset, cycle, earlier)
    }

    /// The same, given the history of the cycles before `cycle` (the `history` of the
    /// previous cycle's [`Inputs`]), so each cycle's facts are read once.
    pub fn after(
        model: &'a OrgModel,
        dataset: &'a Dataset,
        cycle: CycleIdx,
        history: Vec<HistoryInput>,
    ) -> Self {
        let rows = PersonInputs::new(model, dataset, cycle);
        let mut c = Self::streamed(model, dataset, cycle, history);
        if cycle < dataset.cycles.len() {
            c.people = dataset.facts_map(model, cycle, |f| rows.of(&f));
        }
        c
    }

    /// A collector that takes each person's row with their plan
    /// ([`Collector::add_person`]), for callers that read the facts anyway.
    pub fn streamed(
        model: &'a OrgModel,
        dataset: &'a Dataset,
        cycle: CycleIdx,
        history: Vec<HistoryInput>,
    ) -> Self {
        // A row per employee of the cycle; growing by doubling would hold twice as many.
        let employees = dataset.employees(cycle).len();
        Collector {
            model,
            dataset,
            cycle,
            people: Vec::with_capacity(employees),
            history,
            raises: raises_of(model, dataset, cycle),
            learning_resolved: None,
        }
    }

    /// The share of learning rows resolved to a person and a resource (the data-quality
    /// report's learning coverage), for the maturity quadrant.
    pub fn learning_resolved(mut self, share: Option<f64>) -> Self {
        self.learning_resolved = share;
        self
    }

    /// Takes one plan of the cycle: its tracking of the previous cycle's actions.
    pub fn add(&mut self, plan: &Plan) {
        if let Ok(i) = self
            .people
            .binary_search_by(|p| p.talent_id.as_str().cmp(plan.talent_id.as_str()))
        {
            track(&mut self.people[i], plan);
        }
    }

    /// Takes one plan of the cycle with the person's row ([`PersonInputs::of`]), in any
    /// order.
    pub fn add_person(&mut self, plan: &Plan, mut person: PersonInput) {
        track(&mut person, plan);
        self.people.push(person);
    }

    /// The figures.
    pub fn finish(self) -> Analytics {
        self.finish_with_inputs().0
    }

    /// The figures and the tables they were computed from.
    pub fn finish_with_inputs(self) -> (Analytics, Inputs) {
        self.finish_as(Sections::All)
    }

    /// The figures a trend across cycles reads (pilot metrics, learning speed, forecast,
    /// maturity) without the per-group detail of the rest (gap heatmaps, nine-box, learning
    /// effects, data dictionary), which stay empty: for the cycles before a portal's.
    pub fn finish_for_trends(self) -> (Analytics, Inputs) {
        self.finish_as(Sections::Trends)
    }

    fn finish_as(mut self, sections: Sections) -> (Analytics, Inputs) {
        self.people
            .sort_by(|a, b| a.talent_id.as_str().cmp(b.talent_id.as_str()));
        // The first cycle has no level change to count.
        if let Some(c) = self.dataset.cycles.get(self.cycle)
            && self.cycle > 0
        {
            let rows = self
                .people
                .iter()
                .map(|p| HistoryInput::of_person(p, &c.id));
            self.history.extend(rows);
        }
        let m = self.model;
        let k = m.min_group_size;
        let people = &self.people;
        let groups = by_team(people);
        let end = self.dataset.cycles.get(self.cycle).map(|c| c.end);
        // The three costly figures at once, each with some of the quick ones.
        let ((gaps, nine_box), (learning_effect, (data_dictionary, pilot))) = match sections {
            Sections::All => rayon::join(
                || {
                    let gaps = gaps::gaps(people, k);
                    (gaps, nine_box::nine_box(people, &m.analytics, k))
                },
                || {
                    rayon::join(
                        || effect::learning_effects(m, people, k),
                        || {
                            let dictionary = dictionary::dictionary(self.dataset, &m.paths.data);
                            (dictionary, pilot::pilot(&groups, k))
                        },
                    )
                },
            ),
            Sections::Trends => (
                Default::default(),
                (
                    Default::default(),
                    (Default::default(), pilot::pilot(&groups, k)),
                ),
            ),
        };
        let analytics = Analytics {
            format_version: FORMAT_VERSION,
            org: m.name.clone(),
            cycle: self
                .dataset
                .cycles
                .get(self.cycle)
                .map_or_else(String::new, |c| c.id.clone()),
            previous_cycle: self
                .cycle
                .checked_sub(1)
                .and_then(|c| self.dataset.cycles.get(c))
                .map(|c| c.id.clone()),
            min_group_size: k,
            people: people.len() as u32,
            settings: m.analytics.clone(),
            gaps,
            nine_box,
            pilot,
            learning_effect,
            learning_speed: speed::learning_speed(&self.history, k),
            forecast: forecast::forecast(m, end.unwrap_or_default(), &self.raises, people, k),
            maturity: maturity::maturity(&groups, self.learning_resolved, k),
            data_dictionary,
        };
        drop(groups);
        (
            analytics,
            Inputs {
                people: self.people,
                history: self.history,
            },
        )
    }
}

/// Which sections [`Collector::finish_as`] computes.
#[derive(Clone, Copy)]
enum Sections {
    All,
    Trends,
}

/// The raises of the forecast at the end of `cycle`.
fn raises_of(model: &OrgModel, dataset: &Dataset, cycle: CycleIdx) -> Vec<forecast::Raise> {
    dataset
        .cycles
        .get(cycle)
        .map_or_else(Vec::new, |c| forecast::raises(model, c.end))
}

/// A person's execution of the previous cycle's actions, from their plan's tracking.
fn track(person: &mut PersonInput, plan: &Plan) {
    if let Some(prev) = &plan.previous {
        let done = prev.actions.iter().filter(|a| a.status == "done").count();
        let counted = prev
            .actions
            .iter()
            .filter(|a| a.status != "dropped")
            .count();
        person.actions_done = Some(done as u32);
        person.actions_counted = Some(counted as u32);
    }
}

/// Makes the per-person input rows of one cycle from facts.
pub struct PersonInputs<'a> {
    model: &'a OrgModel,
    dataset: &'a Dataset,
    cycle: CycleIdx,
    /// The competencies whose levels the cycle's forecast needs.
    needed: std::collections::BTreeSet<String>,
    ids: input::Ids<'a>,
}

impl<'a> PersonInputs<'a> {
    pub fn new(model: &'a OrgModel, dataset: &'a Dataset, cycle: CycleIdx) -> Self {
        PersonInputs {
            model,
            dataset,
            cycle,
            needed: forecast::competencies(&raises_of(model, dataset, cycle)),
            ids: input::Ids::of(model),
        }
    }

    /// The row of the person whose facts of the cycle these are.
    pub fn of(&self, facts: &crate::rules::facts::EmployeeFacts) -> PersonInput {
        let (m, d) = (self.model, self.dataset);
        PersonInput::of(m, d, self.cycle, facts, &self.needed, &self.ids)
    }
}

/// The org (first, team `None`) and each team, with their people.
fn by_team(people: &[PersonInput]) -> Vec<(Option<String>, Vec<&PersonInput>)> {
    let mut teams: BTreeMap<&str, Vec<&PersonInput>> = BTreeMap::new();
    for p in people {
        if let Some(t) = &p.team {
            teams.entry(t.as_str()).or_default().push(p);
        }
    }
    std::iter::once((None, people.iter().collect()))
        .chain(teams.into_iter().map(|(t, g)| (Some(t.to_owned()), g)))
        .collect()
}

/// The learning effects observed in `cycle` that are not suppressed, for adaptive ranking
/// (`OrgModel::with_observed_effects`); plans are not needed for them.
pub fn observed_effects(
    model: &OrgModel,
    dataset: &Dataset,
    cycle: CycleIdx,
) -> crate::model::ObservedEffects {
    // Effects need no learning-speed history.
    let c = Collector::after(model, dataset, cycle, Vec::new());
    effect::effect_table(&effect::effects(model, &c.people, model.min_group_size))
}

/// The model plans of `cycle` should use: with `analytics.adaptive_ranking` on, a copy that
/// carries the effects observed in the cycle; otherwise the model itself.
pub fn planning_model<'m>(
    model: &'m OrgModel,
    dataset: &Dataset,
    cycle: CycleIdx,
) -> std::borrow::Cow<'m, OrgModel> {
    if model.analytics.adaptive_ranking {
        let effects = observed_effects(model, dataset, cycle);
        std::borrow::Cow::Owned(model.clone().with_observed_effects(effects))
    } else {
        std::borrow::Cow::Borrowed(model)
    }
}

/// The analytics of `cycle` from plans already made (a convenience for tests and small orgs).
pub fn analyse(model: &OrgModel, dataset: &Dataset, cycle: CycleIdx, plans: &[Plan]) -> Analytics {
    let mut c = Collector::new(model, dataset, cycle);
    for p in plans {
        c.add(p);
    }
    c.finish()
}
