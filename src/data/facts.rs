//! Facts per employee and cycle, computed from the model and the dataset, each with its
//! provenance: the cell it was read from, or how it was derived.
//!
//! A fact that cannot be established stays `None`; nothing unknown becomes zero.

use super::dataset::*;
use crate::model::OrgModel;
use crate::rules::facts::{CompetencyFacts, EmployeeFacts, Provenance};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};

/// How many record places a derived provenance lists before "and N more".
const PLACES: usize = 3;

/// One level step a resource covers.
struct Step<'m> {
    resource: &'m str,
    from: u8,
    to: u8,
}

/// The catalog's level steps by competency, built once for many employees.
struct Targets<'m> {
    by_competency: FxHashMap<&'m str, Vec<Step<'m>>>,
}

/// How many resources `steps` (sorted by resource, as [`Targets`] keeps them) name.
fn distinct<'a, 'm: 'a>(steps: impl Iterator<Item = &'a Step<'m>>) -> u32 {
    let mut last = None;
    let mut n = 0;
    for s in steps {
        if last != Some(s.resource) {
            last = Some(s.resource);
            n += 1;
        }
    }
    n
}

impl<'m> Targets<'m> {
    fn new(model: &'m OrgModel) -> Self {
        let mut by_competency: FxHashMap<&str, Vec<Step>> = FxHashMap::default();
        for r in &model.resources {
            for t in &r.targets {
                by_competency
                    .entry(t.competency.as_str())
                    .or_default()
                    .push(Step {
                        resource: r.id.as_str(),
                        from: t.from,
                        to: t.to,
                    });
            }
        }
        // Sorted by resource, so a resource's steps are adjacent (see `distinct`).
        for steps in by_competency.values_mut() {
            steps.sort_by(|a, b| (a.resource, a.from, a.to).cmp(&(b.resource, b.from, b.to)));
        }
        Targets { by_competency }
    }

    fn of(&self, competency: &str) -> &[Step<'m>] {
        self.by_competency
            .get(competency)
            .map_or(&[], Vec::as_slice)
    }
}

/// Where provenance is recorded: a fact's map, or nowhere for callers that do not show it
/// (plans), which then pay neither for the texts nor for the map.
struct Record<'f>(Option<&'f mut BTreeMap<String, Provenance>>);

impl Record<'_> {
    /// Records where `fact` came from; the name is written out only when recording.
    /// Inlined, so that plans (which record nothing) pay only the test for each fact.
    #[inline(always)]
    fn put(&mut self, fact: impl std::fmt::Display, provenance: impl FnOnce() -> Provenance) {
        if let Some(map) = &mut self.0 {
            insert(map, fact, provenance);
        }
    }
}

#[inline(never)]
fn insert(
    map: &mut BTreeMap<String, Provenance>,
    fact: impl std::fmt::Display,
    provenance: impl FnOnce() -> Provenance,
) {
    map.insert(fact.to_string(), provenance());
}

/// Per competency, a person's latest rating in or before `cycle` and in or before the cycle
/// before it (the latest: the last cycle, then the last row), in one pass over the reviews.
fn latest_ratings(reviews: &[Review], cycle: CycleIdx) -> FxHashMap<&str, [Option<&Review>; 2]> {
    let mut latest: FxHashMap<&str, [Option<&Review>; 2]> =
        FxHashMap::with_capacity_and_hasher(reviews.len(), Default::default());
    for r in reviews {
        let ReviewItem::Competency(c) = &r.item else {
            continue;
        };
        let slots = latest.entry(&**c).or_default();
        for (slot, bound) in slots.iter_mut().zip([Some(cycle), cycle.checked_sub(1)]) {
            let later = |x: &Review| (r.cycle, r.origin) >= (x.cycle, x.origin);
            if bound.is_some_and(|b| r.cycle <= b) && slot.is_none_or(later) {
                *slot = Some(r);
            }
        }
    }
    latest
}

impl Dataset {
    /// The people the exports place in `cycle`, in talent-id order: whose facts
    /// [`Dataset::facts`] computes.
    pub fn employees(&self, cycle: CycleIdx) -> Vec<PersonId> {
        (0..self.people.len() as u32)
            .map(PersonId)
            .filter(|p| {
                self.person(*p)
                    .assignments
                    .get(cycle)
                    .is_some_and(Option::is_some)
            })
            .collect()
    }

    /// The facts of the given people (in their order) turned into something else on all
    /// threads; `f` also gets each person's position in `people`. Without `provenance`,
    /// the facts' provenance maps stay empty.
    pub fn facts_for<T: Send>(
        &self,
        model: &OrgModel,
        cycle: CycleIdx,
        people: &[PersonId],
        provenance: bool,
        f: impl Fn(usize, EmployeeFacts) -> T + Sync,
    ) -> Vec<T> {
        use rayon::prelude::*;
        let targets = Targets::new(model);
        people
            .par_iter()
            .enumerate()
            .map(|(i, p)| f(i, self.facts_with(model, &targets, *p, cycle, provenance)))
            .collect()
    }

    /// The facts of every person the people exports place in `cycle`, sorted by talent id.
    pub fn facts(&self, model: &OrgModel, cycle: CycleIdx) -> Vec<EmployeeFacts> {
        self.facts_iter(model, cycle).collect()
    }

    /// The same, one person at a time, so a large org needs no memory for all of them.
    pub fn facts_iter<'a>(
        &'a self,
        model: &'a OrgModel,
        cycle: CycleIdx,
    ) -> impl Iterator<Item = EmployeeFacts> + 'a {
        let targets = Targets::new(model);
        self.employees(cycle)
            .into_iter()
            .map(move |p| self.facts_with(model, &targets, p, cycle, true))
    }

    /// Each person's facts, without provenance, turned into something else on all threads,
    /// so that a large org never holds every person's facts at once; the order is that of
    /// [`Dataset::facts`].
    pub fn facts_map<T: Send>(
        &self,
        model: &OrgModel,
        cycle: CycleIdx,
        f: impl Fn(EmployeeFacts) -> T + Sync,
    ) -> Vec<T> {
        self.facts_for(model, cycle, &self.employees(cycle), false, |_, facts| {
            f(facts)
        })
    }

    /// The facts of one person in one cycle.
    pub fn facts_of(&self, model: &OrgModel, person: PersonId, cycle: CycleIdx) -> EmployeeFacts {
        self.facts_with(model, &Targets::new(model), person, cycle, true)
    }

    fn facts_with(
        &self,
        model: &OrgModel,
        targets: &Targets,
        person: PersonId,
        cycle: CycleIdx,
        provenance: bool,
    ) -> EmployeeFacts {
        let p = self.person(person);
        let recs = self.records_of(person);
        let c = &self.cycles[cycle];
        let mut f = EmployeeFacts {
            talent_id: p.talent_id.clone(),
            cycle: c.id.clone(),
            locale: p.locale.clone(),
            ..EmployeeFacts::default()
        };
        let mut prov = Record(provenance.then_some(&mut f.provenance));
        let assignment = p.assignments.get(cycle).and_then(Option::as_ref);
        let role = assignment
            .and_then(|a| a.role.as_deref())
            .and_then(|r| model.role(r));
        if let Some(a) = assignment {
            if let Some(r) = &a.role {
                f.role = Some(r.to_string());
                prov.put("role", || self.cell(a.origin, "role"));
            }
            if let Some(t) = &a.team {
                f.team = Some(t.to_string());
                prov.put("team", || self.cell(a.origin, "team"));
            }
            if let Some(m) = a.manager {
                f.manager = Some(self.person(m).talent_id.clone());
                prov.put("manager", || self.cell(a.origin, "manager"));
            }
        }
        if let Some(r) = role {
            f.role_family = r.family.clone();
            f.rank = r.rank;
            if r.family.is_some() {
                let d = || Provenance::Derived(format!("family of role `{}` in the model", r.id));
                prov.put("role_family", d);
                prov.put("rank", d);
            }
        }
        if let Some(h) = p.hire_date {
            let months = (c.end - h).num_days() as f64 / (365.25 / 12.0);
            f.tenure_months = Some((months * 10.0).round() / 10.0);
            prov.put("tenure_months", || {
                Provenance::Derived(format!(
                    "from the hire date {h} ({}) to the end of {} ({})",
                    self.place(p.origin),
                    c.id,
                    c.end
                ))
            });
        }
        // Ratings.
        let overall = |k: CycleIdx| {
            recs.reviews
                .iter()
                .find(|r| r.cycle == k && r.item == ReviewItem::Overall)
        };
        if let (Some(r), Some(scale)) = (overall(cycle), &model.ratings.overall) {
            f.rating_overall = Some(Dataset::rating(&r.grade, scale));
            prov.put("rating(overall)", || self.cell(r.origin, "rating"));
        }
        if cycle > 0
            && let (Some(r), Some(scale)) = (overall(cycle - 1), &model.ratings.overall)
        {
            f.previous_rating_overall = Some(Dataset::rating(&r.grade, scale));
            prov.put("previous_rating(overall)", || self.cell(r.origin, "rating"));
        }
        let goals: Vec<&Goal> = recs.goals.iter().filter(|g| g.cycle == cycle).collect();
        if let Some(scale) = &model.ratings.goal {
            for g in &goals {
                if let Some(res) = &g.result {
                    f.goal_ratings
                        .insert(g.id.clone(), Dataset::rating(res, scale));
                    prov.put(format_args!("rating(goal: {})", g.id), || {
                        self.cell(g.origin, "rating")
                    });
                }
            }
            // A goal rated in the review overrides the goals export's result.
            for r in recs.reviews.iter().filter(|r| r.cycle == cycle) {
                if let ReviewItem::Goal(id) = &r.item {
                    f.goal_ratings
                        .insert(id.clone(), Dataset::rating(&r.grade, scale));
                    prov.put(format_args!("rating(goal: {id})"), || {
                        self.cell(r.origin, "rating")
                    });
                }
            }
            let scale = model.rating_scale(scale);
            if let Some(scale) = scale
                && !f.goal_ratings.is_empty()
            {
                // The middle label (rounded down) is "met": 符合期望 of three, B of D..S.
                let met_from = (scale.labels.len().saturating_sub(1) / 2) as u32;
                let met = f
                    .goal_ratings
                    .values()
                    .filter(|r| r.rank >= met_from)
                    .count();
                f.goals_met_ratio = Some(met as f64 / f.goal_ratings.len() as f64);
                prov.put("goals_met_ratio", || {
                    Provenance::Derived(format!(
                        "{met} of {} rated goals at `{}` or above",
                        f.goal_ratings.len(),
                        scale
                            .labels
                            .get(met_from as usize)
                            .map_or("", String::as_str)
                    ))
                });
            }
        }
        // Learning.
        let in_cycle: Vec<&LearningRecord> = recs
            .learning
            .iter()
            .filter(|l| l.cycle == Some(cycle))
            .collect();
        f.learning_hours = in_cycle
            .iter()
            .map(|l| {
                l.hours.unwrap_or_else(|| {
                    if l.status.is_done() {
                        model.resource(&l.resource).map_or(0.0, |r| r.hours)
                    } else {
                        0.0
                    }
                })
            })
            // `sum` of no floats is -0.0; hours start at 0.
            .fold(0.0, |a, b| a + b);
        prov.put("learning_hours", || Provenance::Derived(if in_cycle.is_empty() {
                format!("no learning record in {}", c.id)
            } else {
                format!(
                    "sum over {} learning records in {} (catalog hours where a completed record has none): {}",
                    in_cycle.len(),
                    c.id,
                    self.places(in_cycle.iter().map(|l| l.origin))
                )
            }));
        let done: Vec<&LearningRecord> = recs
            .learning
            .iter()
            .filter(|l| l.status.is_done() && self.by_end_of(l, cycle))
            .collect();
        f.completed = done.iter().map(|l| l.resource.to_string()).collect();
        if !done.is_empty() {
            prov.put("completed", || {
                Provenance::Derived(format!(
                    "completed or passed by the end of {}: {}",
                    c.id,
                    self.places(done.iter().map(|l| l.origin))
                ))
            });
        }
        // Actions: the latest report on each action up to this cycle decides its state.
        let mut latest: BTreeMap<(String, usize), &Dialogue> = BTreeMap::new();
        for (i, d) in recs.dialogues.iter().enumerate() {
            if d.cycle > cycle {
                continue;
            }
            if let Some(a) = &d.action {
                let key = a.id.clone().map_or((String::new(), i), |id| (id, 0));
                latest.insert(key, d);
            }
        }
        let open: Vec<&&Dialogue> = latest
            .values()
            .filter(|d| d.action.as_ref().is_some_and(|a| a.status.is_open()))
            .collect();
        f.open_actions = open.len() as u32;
        prov.put("open_actions", || {
            Provenance::Derived(format!(
                "{} of {} agreed actions open at their latest report up to {}{}",
                open.len(),
                latest.len(),
                c.id,
                if open.is_empty() {
                    String::new()
                } else {
                    format!(": {}", self.places(open.iter().map(|d| d.origin)))
                }
            ))
        });
        let mentored = recs.dialogues.iter().find(|d| {
            d.cycle == cycle
                && d.action
                    .as_ref()
                    .is_some_and(|a| a.mentor.is_some() && a.status != ActionStatus::Cancelled)
        });
        f.has_mentor = mentored.is_some();
        prov.put("has_mentor", || match mentored {
            Some(d) => self.cell(d.origin, "mentor"),
            None => Provenance::Derived(format!("no action with a mentor in {}", c.id)),
        });
        // Competencies the role requires at the end of the cycle.
        if let Some(role) = role {
            let goal_needs: BTreeMap<&str, &Goal> = goals
                .iter()
                .flat_map(|g| {
                    let template = g
                        .template
                        .as_deref()
                        .and_then(|t| model.goal_template(t))
                        .into_iter()
                        .flat_map(|t| t.needs.iter().map(|n| n.competency.as_str()));
                    template
                        .chain(g.competencies.iter().map(|c| &**c))
                        .map(move |c| (c, *g))
                })
                .collect();
            let done_ids: BTreeSet<&str> = done.iter().map(|l| &*l.resource).collect();
            let latest = latest_ratings(recs.reviews, cycle);
            for req in role.requirements_on(c.end) {
                let [now, before] = latest
                    .get(req.competency.as_str())
                    .copied()
                    .unwrap_or_default();
                let mut cf = CompetencyFacts {
                    competency: req.competency.clone(),
                    category: model
                        .competency(&req.competency)
                        .and_then(|k| k.category.clone()),
                    required: req.level,
                    critical: req.critical,
                    ..CompetencyFacts::default()
                };
                let mut cp = Record(provenance.then_some(&mut cf.provenance));
                cp.put("required", || {
                    Provenance::Derived(format!(
                        "required level of role `{}` on {}",
                        role.id, c.end
                    ))
                });
                if let Some(r) = now {
                    cf.level = r.level;
                    if r.level.is_some() {
                        cp.put("level", || self.cell(r.origin, "rating"));
                    }
                }
                if cf.level.is_none() {
                    cp.put("level", || {
                        Provenance::Derived(format!("not assessed up to {}", c.id))
                    });
                }
                if let Some(l) = cf.level {
                    cf.gap = Some(i64::from(req.level) - i64::from(l));
                    cp.put("gap", || Provenance::Derived("required - level".into()));
                }
                if cycle > 0
                    && let (Some(l), Some(prev)) =
                        (cf.level, before.and_then(|r| r.level.map(|l| (l, r))))
                {
                    cf.trend = Some(i64::from(l) - i64::from(prev.0));
                    cp.put("trend", || {
                        Provenance::Derived(format!(
                            "level minus the level {} as of {} ({})",
                            prev.0,
                            self.cycles[cycle - 1].id,
                            self.place(prev.1.origin)
                        ))
                    });
                }
                if let Some(g) = goal_needs.get(req.competency.as_str()) {
                    cf.goal_requires = true;
                    cp.put("goal_requires", || {
                        if g.template.is_some() {
                            self.cell(g.origin, "template")
                        } else {
                            self.cell(g.origin, "competencies")
                        }
                    });
                }
                let steps = targets.of(&req.competency);
                cf.completed_for = distinct(steps.iter().filter(|t| done_ids.contains(t.resource)));
                let available =
                    |ok: &dyn Fn(&Step) -> bool| distinct(steps.iter().filter(|t| ok(t)));
                cf.resources_available = match (cf.level, cf.gap) {
                    (_, Some(g)) if g <= 0 => 0,
                    (Some(l), _) => available(&|t| t.from <= l && l < t.to),
                    (None, _) => available(&|t| t.to >= req.level),
                };
                cp.put("completed_for", || {
                    Provenance::Derived("completed resources that target this competency".into())
                });
                cp.put("resources_available", || Provenance::Derived(
                        "catalog resources whose level step starts at or below the level and ends above it".into(),
                    ));
                f.competencies.push(cf);
            }
            f.competencies
                .sort_by(|a, b| a.competency.cmp(&b.competency));
        }
        f
    }

    /// Whether a learning record was reached by the end of `cycle`.
    fn by_end_of(&self, l: &LearningRecord, cycle: CycleIdx) -> bool {
        match (l.date, l.cycle) {
            (Some(d), _) => d <= self.cycles[cycle].end,
            (None, Some(c)) => c <= cycle,
            (None, None) => true,
        }
    }

    /// `a.csv:3, a.csv:9, b.json:2 and 4 more`.
    fn places(&self, origins: impl Iterator<Item = Origin>) -> String {
        let all: Vec<Origin> = origins.collect();
        let mut out: Vec<String> = all.iter().take(PLACES).map(|o| self.place(*o)).collect();
        if all.len() > PLACES {
            out.push(format!("and {} more", all.len() - PLACES));
        }
        out.join(", ")
    }
}
