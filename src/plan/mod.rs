//! Development plans: the compiled rules evaluated on every employee's facts, turned into
//! development points, learning and practice within a budget, mentors assigned across the
//! org, dialogue questions, flags, goals with the capabilities they need, and the previous
//! cycle's actions tracked against what was done.
//!
//! Facts come from the data stage and are never recomputed here. Evaluation runs in
//! parallel (rayon); everything that crosses employees (mentors) runs afterwards in a fixed
//! order, so plans are identical whatever the thread count.

pub mod diff;
pub mod explain;
pub mod export;
mod learning;
mod mentors;
mod tracking;
pub mod types;

pub use types::*;

use crate::data::{CycleIdx, Dataset, PersonId};
use crate::model::raw::Text;
use crate::model::{LocalText, OrgModel};
use crate::rules::Compiled;
use crate::rules::facts::{CompetencyFacts, EmployeeFacts, Scope};
use crate::rules::raw::{Action, LevelStep};
use crate::rules::typed::TypedColumn;
use crate::table::DecisionTable;
use crate::table::cell::{Cell, Val};
use crate::table::eval::{self, Ctx, Evaluator};
use crate::table::explain::value_text;
use crate::table::render::snake;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::convert::Infallible;
use std::sync::Arc;

/// Evaluates compiled rules into plans.
pub struct Planner<'a> {
    model: &'a OrgModel,
    evaluators: Vec<Evaluator<'a>>,
    /// The typed column of every `{...}` placeholder in the rules' action texts.
    placeholders: HashMap<(Scope, String), Option<TypedColumn>>,
    /// Per evaluator and [`Collect`]: whether any of its rules has an action to collect.
    collects: Vec<[bool; 3]>,
    /// Per evaluator and [`Collect`]: one that skips the rules without an action to
    /// collect, where the hit policy allows (the mentor pass and the previous cycle want
    /// few of the actions).
    narrowed: Vec<[Option<Evaluator<'a>>; 3]>,
    /// Per evaluator: the names its reasons share.
    names: Vec<Names>,
}

/// The names every reason of a rule set shares, made once: the set's and its rules' ids, each
/// rule's title in each of the model's locales, and per table row the facts it tests.
struct Names {
    set: Arc<str>,
    rules: Vec<Arc<str>>,
    titles: Vec<Vec<(String, Arc<str>)>>,
    /// Per table row: the fact name and column of each fact the row tests, sorted by name,
    /// one column per name (the last), as a reason lists them.
    tested: Vec<Tested>,
}

/// The facts a table row tests: each one's name and column.
type Tested = Box<[(Arc<str>, usize)]>;

impl Names {
    fn of(ev: &Evaluator, locales: &[String]) -> Names {
        Names {
            set: ev.set.id.as_str().into(),
            rules: ev.set.rules.iter().map(|r| r.id.as_str().into()).collect(),
            titles: ev
                .set
                .rules
                .iter()
                .map(|r| {
                    locales
                        .iter()
                        .map(|l| (l.clone(), r.title.get(l, l).into()))
                        .collect()
                })
                .collect(),
            tested: tested_facts(ev.table),
        }
    }

    fn title(&self, ev: &Evaluator, rule: usize, locale: &str) -> Arc<str> {
        self.titles[rule]
            .iter()
            .find(|(l, _)| l == locale)
            .map_or_else(
                || ev.set.rules[rule].title.get(locale, locale).into(),
                |(_, t)| t.clone(),
            )
    }
}

/// How many plans are made and handed on at a time: enough to keep every thread busy, few
/// enough that a large org's plans are never all in memory.
pub(crate) const CHUNK: usize = 2048;

/// The order in which plans are handed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// By talent id.
    TalentId,
    /// By manager (people without one first), then by talent id: each team's plans come
    /// one after another, so a team's page can be made as soon as the team is complete.
    Manager,
}

/// What a draft collects: everything; the actions only (the previous cycle, which tracking
/// reduces to its actions); or only the mentor requests (the org-wide matching runs before
/// any plan is assembled).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Collect {
    Everything = 0,
    Actions = 1,
    MentorRequests = 2,
}

impl Collect {
    const ALL: [Collect; 3] = [
        Collect::Everything,
        Collect::Actions,
        Collect::MentorRequests,
    ];

    fn wants(self, action: &Action) -> bool {
        match self {
            Collect::Everything => true,
            Collect::Actions => !matches!(
                action,
                Action::Dialogue(_) | Action::Flag(_) | Action::Note(_)
            ),
            Collect::MentorRequests => matches!(action, Action::Mentor(_)),
        }
    }
}

/// The outcome of each mentor request of one employee, by competency.
type MentorOutcomes = Vec<(String, mentors::Outcome)>;

/// What one employee's rules ask for, before anything is matched across the org.
struct Draft {
    collect: Collect,
    facts: EmployeeFacts,
    points: BTreeMap<String, DevelopmentPoint>,
    requests: Vec<learning::Request>,
    /// Mentor requests; `employee` is set when the org's requests are matched.
    mentor_requests: Vec<mentors::MentorRequest>,
    dialogue: Vec<DialogueQuestions>,
    flags: BTreeMap<String, FlagItem>,
    notes: Vec<NoteItem>,
    errors: Vec<String>,
}

impl<'a> Planner<'a> {
    pub fn new(model: &'a OrgModel, compiled: &'a Compiled) -> Self {
        let evaluators: Vec<Evaluator> = compiled
            .tables
            .iter()
            .zip(&compiled.sets)
            .map(|(t, s)| Evaluator::new(t, s))
            .collect();
        let mut placeholders = HashMap::new();
        for ev in &evaluators {
            for rule in &ev.set.rules {
                for text in rule.actions.iter().flat_map(action_texts) {
                    for s in text_variants(text) {
                        for (_, inner) in crate::rules::check::placeholder_ranges(s) {
                            placeholders
                                .entry((ev.set.scope, inner.to_owned()))
                                .or_insert_with(|| {
                                    crate::rules::check::resolve_placeholder(
                                        model,
                                        ev.set.scope,
                                        inner,
                                    )
                                });
                        }
                    }
                }
            }
        }
        let collects = evaluators
            .iter()
            .map(|ev| {
                Collect::ALL.map(|c| {
                    ev.set
                        .rules
                        .iter()
                        .flat_map(|r| &r.actions)
                        .any(|a| c.wants(a))
                })
            })
            .collect();
        let narrowed = evaluators
            .iter()
            .map(|ev| {
                Collect::ALL.map(|c| {
                    let wanted =
                        |r: &crate::rules::check::Rule| r.actions.iter().any(|a| c.wants(a));
                    (c != Collect::Everything)
                        .then(|| Evaluator::narrowed(ev.table, ev.set, wanted))
                        .flatten()
                })
            })
            .collect();
        let names = evaluators
            .iter()
            .map(|ev| Names::of(ev, &model.locales))
            .collect();
        Planner {
            model,
            evaluators,
            placeholders,
            collects,
            narrowed,
            names,
        }
    }

    /// The plans of every employee in `cycle`, sorted by talent id. With `track`, the
    /// previous cycle's actions are matched against this cycle's records.
    pub fn plans(&self, dataset: &Dataset, cycle: CycleIdx, track: bool) -> Vec<Plan> {
        let mut all = Vec::new();
        let Ok(()) = self.each_chunk(dataset, cycle, track, |chunk| {
            all.extend(chunk);
            Ok::<(), Infallible>(())
        });
        all
    }

    /// The same plans handed to `sink` a chunk at a time, in talent-id order, each chunk
    /// made on all threads (rayon) once the previous one was taken, so a large org never
    /// has all its plans in memory. Stops at the first error of `sink`.
    pub fn each_chunk<E>(
        &self,
        dataset: &Dataset,
        cycle: CycleIdx,
        track: bool,
        mut sink: impl FnMut(Vec<Plan>) -> Result<(), E>,
    ) -> Result<(), E> {
        let previous = if track && cycle > 0 {
            self.previous(dataset, cycle - 1)
        } else {
            Vec::new()
        };
        let people = dataset.employees(cycle);
        self.chunks(
            dataset,
            cycle,
            &people,
            &previous,
            Collect::Everything,
            &|_| (),
            |plans, _, _| sink(plans),
        )
    }

    /// The plans of every cycle up to `last`, oldest first, each cycle's chunks handed to
    /// `sink` with the cycle, in `order`. Each cycle is planned once and tracks the one
    /// before, so this costs what planning the cycles one by one without tracking would.
    /// The cycles before `last` are planned for their actions and tracking only: their
    /// plans have no dialogue, flags, notes or goals, and their reasons name the rule
    /// without the fact values.
    pub fn each_cycle_chunk<E>(
        &self,
        dataset: &Dataset,
        last: CycleIdx,
        order: Order,
        mut sink: impl FnMut(CycleIdx, Vec<Plan>) -> Result<(), E>,
    ) -> Result<(), E> {
        let nothing = |_: CycleIdx, _: &EmployeeFacts| ();
        self.each_cycle_chunk_with(dataset, last, order, nothing, |cycle, plans, _| {
            sink(cycle, plans)
        })
    }

    /// The same, also handing `sink` what `with` makes of each person's facts (in the
    /// plans' order), for callers that need more of the facts than the plans keep: the
    /// facts are then read once.
    pub fn each_cycle_chunk_with<T: Send, E>(
        &self,
        dataset: &Dataset,
        last: CycleIdx,
        order: Order,
        with: impl Fn(CycleIdx, &EmployeeFacts) -> T + Sync,
        mut sink: impl FnMut(CycleIdx, Vec<Plan>, Vec<T>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut previous = Vec::new();
        for cycle in 0..=last {
            let mut people = dataset.employees(cycle);
            if order == Order::Manager {
                // People are sorted by talent id, so a manager's id orders like their talent id.
                people.sort_by_key(|p| {
                    let a = dataset.person(*p).assignments.get(cycle);
                    (a.and_then(|a| a.as_ref()?.manager), *p)
                });
            }
            let collect = if cycle == last {
                Collect::Everything
            } else {
                Collect::Actions
            };
            let mut next = Vec::new();
            self.chunks(
                dataset,
                cycle,
                &people,
                &previous,
                collect,
                &|facts: &EmployeeFacts| with(cycle, facts),
                |chunk, extra, people| {
                    // The last cycle is tracked by none.
                    if cycle < last {
                        keep_for_tracking(&chunk, people, &mut next);
                    }
                    sink(cycle, chunk, extra)
                },
            )?;
            previous = next;
        }
        Ok(())
    }

    /// The plans of `people` in their order, in chunks, each handed to `sink` with what
    /// `with` made of each person's facts and the chunk's people; `previous` (by person)
    /// are the cycle before's, for tracking.
    #[allow(clippy::too_many_arguments)]
    fn chunks<T: Send, E>(
        &self,
        dataset: &Dataset,
        cycle: CycleIdx,
        people: &[PersonId],
        previous: &[Option<tracking::Previous>],
        collect: Collect,
        with: &(dyn Fn(&EmployeeFacts) -> T + Sync),
        mut sink: impl FnMut(Vec<Plan>, Vec<T>, &[PersonId]) -> Result<(), E>,
    ) -> Result<(), E> {
        let mentors = self.match_mentors(dataset, cycle, people);
        for (chunk, mentors) in people.chunks(CHUNK).zip(mentors.chunks(CHUNK)) {
            let made = dataset.facts_for(self.model, cycle, chunk, false, |i, facts| {
                let extra = with(&facts);
                let old = previous.get(chunk[i].0 as usize).and_then(Option::as_ref);
                let plan = self.make(dataset, cycle, facts, collect, &mentors[i], old);
                (plan, extra)
            });
            let (plans, extra) = made.into_iter().unzip();
            sink(plans, extra, chunk)?;
        }
        Ok(())
    }

    /// One person's plan from their facts, their mentor requests' outcomes (matched across
    /// the org) and, for tracking, what their previous plan asked for.
    fn make(
        &self,
        dataset: &Dataset,
        cycle: CycleIdx,
        facts: EmployeeFacts,
        collect: Collect,
        mentors: &MentorOutcomes,
        previous: Option<&tracking::Previous>,
    ) -> Plan {
        let cycle_id = dataset.cycles.get(cycle).map_or("", |c| c.id.as_str());
        let mut d = self.draft(facts, collect);
        let mut plan = self.assemble(&mut d, dataset, cycle_id);
        self.add_mentors(&d, mentors, &mut plan, cycle_id);
        plan.actions = action_list(&plan);
        if let Some(old) = previous {
            tracking::track(dataset, cycle, old, &d.facts, &mut plan);
        }
        plan
    }

    /// The plan of one person in `cycle` (with the previous cycle tracked), the same as in
    /// [`Planner::plans`]: mentors are still matched across the org, but nobody else's plan
    /// is made. `None` when the people data do not place the person in `cycle`.
    pub fn plan_of(&self, dataset: &Dataset, cycle: CycleIdx, person: PersonId) -> Option<Plan> {
        let previous = cycle
            .checked_sub(1)
            .and_then(|before| self.one(dataset, before, person, Collect::Actions, None))
            .map(|p| tracking::Previous::of(&p));
        self.one(
            dataset,
            cycle,
            person,
            Collect::Everything,
            previous.as_ref(),
        )
    }

    /// One person's plan in `cycle`, made as `chunks` makes it: the whole cycle's mentor
    /// requests matched first, since the person's outcome depends on everyone's.
    fn one(
        &self,
        dataset: &Dataset,
        cycle: CycleIdx,
        person: PersonId,
        collect: Collect,
        previous: Option<&tracking::Previous>,
    ) -> Option<Plan> {
        let people = dataset.employees(cycle);
        let at = people.binary_search(&person).ok()?;
        let mentors = self.match_mentors(dataset, cycle, &people);
        let facts = dataset
            .facts_for(self.model, cycle, &[person], false, |_, f| f)
            .pop()?;
        Some(self.make(dataset, cycle, facts, collect, &mentors[at], previous))
    }

    /// The plans of `cycle` reduced to what tracking needs, by talent id.
    fn previous(&self, dataset: &Dataset, cycle: CycleIdx) -> Vec<Option<tracking::Previous>> {
        let mut previous = Vec::new();
        let people = dataset.employees(cycle);
        let Ok(()) = self.chunks(
            dataset,
            cycle,
            &people,
            &[],
            Collect::Actions,
            &|_| (),
            |chunk, _, people| {
                keep_for_tracking(&chunk, people, &mut previous);
                free(chunk);
                Ok::<(), Infallible>(())
            },
        );
        previous
    }

    /// Every mentor request of the cycle, matched across the org at once: per employee
    /// (in the order of `people`), each requested competency with its outcome. Only the
    /// rule sets that can ask for a mentor are evaluated here; the plans evaluate all of
    /// them again and find the same requests.
    fn match_mentors(
        &self,
        dataset: &Dataset,
        cycle: CycleIdx,
        people: &[PersonId],
    ) -> Vec<MentorOutcomes> {
        let mut out = vec![Vec::new(); people.len()];
        if !self
            .collects
            .iter()
            .any(|c| c[Collect::MentorRequests as usize])
        {
            return out;
        }
        // Each draft is reduced at once to its requests and the person's manager.
        let drafts = dataset.facts_for(self.model, cycle, people, false, |i, facts| {
            let d = self.draft(facts, Collect::MentorRequests);
            let manager = d.facts.manager.map(|m| (d.facts.talent_id, m));
            let requests: Vec<mentors::MentorRequest> = d
                .mentor_requests
                .into_iter()
                .map(|r| mentors::MentorRequest { employee: i, ..r })
                .collect();
            (manager, requests)
        });
        let manager_of: BTreeMap<String, String> =
            drafts.iter().filter_map(|(m, _)| m.clone()).collect();
        let requests: Vec<mentors::MentorRequest> =
            drafts.into_iter().flat_map(|(_, r)| r).collect();
        let outcomes = mentors::assign(self.model, &requests, &manager_of);
        for (r, outcome) in requests.into_iter().zip(outcomes) {
            out[r.employee].push((r.competency, outcome));
        }
        out
    }

    /// Evaluates every rule set for one employee and collects what the rules ask for.
    fn draft(&self, facts: EmployeeFacts, collect: Collect) -> Draft {
        let mut d = Draft {
            collect,
            facts: EmployeeFacts::default(),
            points: BTreeMap::new(),
            requests: Vec::new(),
            mentor_requests: Vec::new(),
            dialogue: Vec::new(),
            flags: BTreeMap::new(),
            notes: Vec::new(),
            errors: Vec::new(),
        };
        // Scratch reused by every evaluation of the draft.
        let (mut values, mut bits, mut rows) = (Vec::new(), Vec::new(), Vec::new());
        for (((ev, collects), narrowed), names) in self
            .evaluators
            .iter()
            .zip(&self.collects)
            .zip(&self.narrowed)
            .zip(&self.names)
        {
            if !collects[collect as usize] {
                continue;
            }
            let ev = narrowed[collect as usize].as_ref().unwrap_or(ev);
            let contexts: Vec<Option<&CompetencyFacts>> = match ev.set.scope {
                Scope::Employee => vec![None],
                Scope::Competency => facts.competencies.iter().map(Some).collect(),
            };
            for competency in contexts {
                let ctx = Ctx {
                    employee: &facts,
                    competency,
                };
                let result = ev.values_into(ctx, &mut values).and_then(|()| {
                    ev.matching_rows_into(&values, &mut bits, &mut rows);
                    ev.apply_policy(&rows)
                });
                let hits = match result {
                    Ok(r) => r,
                    Err(e) => {
                        let at = competency
                            .map_or(String::new(), |c| format!(" for `{}`", c.competency));
                        d.errors.push(format!("rule set `{}`{at}: {e}", ev.set.id));
                        continue;
                    }
                };
                for (rule, action) in ev.actions(&hits) {
                    if !collect.wants(action) {
                        continue;
                    }
                    // Plans made for their actions only keep the rule, not the fact values.
                    let values = (collect == Collect::Everything).then_some(&values[..]);
                    let why = Arc::new(why(ev, names, rule, values, &rows, self.locale(&facts)));
                    self.apply(&mut d, action, ev.set.rules[rule].priority, why, ctx);
                }
            }
        }
        d.facts = facts;
        d
    }

    /// Records one fired action in the draft.
    fn apply(&self, d: &mut Draft, action: &Action, priority: i64, why: Arc<Why>, ctx: Ctx) {
        let locale = self.locale(ctx.employee);
        let target = |c: &Option<String>| {
            c.clone()
                .or_else(|| ctx.competency.map(|c| c.competency.clone()))
        };
        let facts_of = |c: &str| ctx.employee.competencies.iter().find(|x| x.competency == c);
        match action {
            Action::Develop(a) => {
                let Some(c) = target(&a.competency) else {
                    return;
                };
                let point = self.point(&c, facts_of(&c), priority, locale);
                let entry = d.points.entry(c.clone()).or_insert(point);
                entry.priority = entry.priority.max(priority);
                if let Some(t) = &a.text {
                    let text = self.fill(t, ctx, locale);
                    if !entry.description.contains(&text) {
                        entry.description.insert(0, text);
                    }
                }
                push_why(&mut entry.why, why);
            }
            Action::Recommend(a) => self.request(
                d,
                target(&a.competency),
                &a.kinds,
                a.levels,
                a.max_hours,
                &a.ids,
                a.limit,
                false,
                why,
                ctx,
            ),
            Action::Practice(a) => self.request(
                d,
                target(&a.competency),
                &a.kinds,
                LevelStep::Next,
                None,
                &[],
                None,
                true,
                why,
                ctx,
            ),
            Action::Mentor(a) => {
                let Some(c) = target(&a.competency) else {
                    return;
                };
                let f = facts_of(&c);
                if !d.mentor_requests.iter().any(|m| m.competency == c) {
                    d.mentor_requests.push(mentors::MentorRequest {
                        employee: 0,
                        talent_id: ctx.employee.talent_id.clone(),
                        competency: c,
                        required: f.map_or(0, |f| f.required),
                        gap: f.and_then(|f| f.gap),
                        critical: f.is_some_and(|f| f.critical),
                        why,
                    });
                }
            }
            Action::Dialogue(a) => {
                let guide = match (&a.guide, a.situation) {
                    (Some(g), _) => self.model.dialogue_guides.iter().find(|x| &x.id == g),
                    (None, Some(s)) => self.model.dialogue_guides.iter().find(|x| x.situation == s),
                    _ => None,
                };
                let Some(guide) = guide else { return };
                match d.dialogue.iter_mut().find(|q| q.guide == guide.id) {
                    Some(q) => push_why(&mut q.why, why),
                    None => d.dialogue.push(DialogueQuestions {
                        guide: guide.id.clone(),
                        title: self.text(&guide.title, locale).to_owned(),
                        questions: guide
                            .questions
                            .iter()
                            .map(|q| self.text(q, locale).to_owned())
                            .collect(),
                        why: vec![why],
                    }),
                }
            }
            Action::Flag(a) => {
                let kind = snake(&a.flag);
                let label = a.label.as_ref().map(|l| self.fill(l, ctx, locale));
                let entry = d.flags.entry(kind.clone()).or_insert(FlagItem {
                    flag: kind,
                    label,
                    why: Vec::new(),
                });
                push_why(&mut entry.why, why);
            }
            Action::Note(n) => {
                let text = self.fill(&n.text, ctx, locale);
                d.notes.push(NoteItem {
                    text,
                    competency: ctx.competency.map(|c| c.competency.clone()),
                    why: vec![why],
                });
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn request(
        &self,
        d: &mut Draft,
        competency: Option<String>,
        kinds: &[crate::model::ResourceKind],
        step: LevelStep,
        max_hours: Option<f64>,
        ids: &[String],
        limit: Option<u32>,
        practice: bool,
        why: Arc<Why>,
        ctx: Ctx,
    ) {
        let Some(c) = competency else { return };
        let f = ctx.employee.competencies.iter().find(|x| x.competency == c);
        d.requests.push(learning::Request {
            competency: c,
            current: f.and_then(|f| f.level),
            required: f.map_or(0, |f| f.required),
            critical: f.is_some_and(|f| f.critical),
            kinds: kinds.to_vec(),
            step,
            max_hours,
            ids: ids.to_vec(),
            limit: limit.unwrap_or(self.model.plans.resources_per_request) as usize,
            practice,
            why,
        });
    }

    fn locale<'f>(&'f self, f: &'f EmployeeFacts) -> &'f str {
        f.locale
            .as_deref()
            .filter(|l| self.model.locales.iter().any(|x| x == l))
            .unwrap_or(&self.model.default_locale)
    }

    fn text<'t>(&self, t: &'t LocalText, locale: &str) -> &'t str {
        t.get(locale, &self.model.default_locale)
    }

    /// A development point for a competency: the next level's behavioural indicators.
    fn point(
        &self,
        competency: &str,
        f: Option<&CompetencyFacts>,
        priority: i64,
        locale: &str,
    ) -> DevelopmentPoint {
        let c = self.model.competency(competency);
        let required = f.map_or(0, |f| f.required);
        let current = f.and_then(|f| f.level);
        let top = c
            .and_then(|c| self.model.proficiency_scale(&c.scale))
            .map_or(5, |s| s.max());
        let target_level = current.map_or(required.max(1), |l| (l + 1).min(top));
        DevelopmentPoint {
            competency: competency.to_owned(),
            name: c
                .map_or(competency, |c| self.text(&c.name, locale))
                .to_owned(),
            current,
            required,
            critical: f.is_some_and(|f| f.critical),
            target_level,
            description: c
                .and_then(|c| c.indicators.get(&target_level))
                .map(|texts| {
                    texts
                        .iter()
                        .map(|t| self.text(t, locale).to_owned())
                        .collect()
                })
                .unwrap_or_default(),
            priority,
            learning_without_progress: f
                .is_some_and(|f| f.completed_for > 0 && f.trend.is_some_and(|t| t <= 0)),
            why: Vec::new(),
        }
    }

    /// The text in the person's locale with `{...}` placeholders filled from the facts.
    fn fill(&self, text: &Text, ctx: Ctx, locale: &str) -> String {
        let raw = match text {
            Text::Plain(s) => s.as_str(),
            Text::PerLocale(entries) => entries
                .iter()
                .find(|(l, _)| l.value == locale)
                .or_else(|| {
                    entries
                        .iter()
                        .find(|(l, _)| l.value == self.model.default_locale)
                })
                .or_else(|| entries.first())
                .map_or("", |(_, s)| s.as_str()),
        };
        let scope = if ctx.competency.is_some() {
            Scope::Competency
        } else {
            Scope::Employee
        };
        let mut out = String::with_capacity(raw.len());
        let mut rest = 0;
        for (start, inner) in crate::rules::check::placeholder_ranges(raw) {
            out.push_str(&raw[rest..start - 1]);
            let value = self
                .placeholders
                .get(&(scope, inner.to_owned()))
                .and_then(Option::as_ref)
                .and_then(|col| {
                    eval::value(col, ctx)
                        .ok()
                        .map(|v| value_text(v, &col.domain))
                });
            match value {
                Some(v) => out.push_str(&v),
                None => {
                    out.push('{');
                    out.push_str(inner);
                    out.push('}');
                }
            }
            rest = start + inner.len() + 1;
        }
        out.push_str(&raw[rest.min(raw.len())..]);
        out
    }

    /// The plan of one employee, without mentors (assigned across the org afterwards).
    /// The plan of a draft, which gives up what the plan takes over: only its facts and
    /// mentor requests are read afterwards.
    fn assemble(&self, d: &mut Draft, dataset: &Dataset, cycle: &str) -> Plan {
        let f = &d.facts;
        let locale = self.locale(f).to_owned();
        let learner = learning::Learner {
            locale: &locale,
            completed: &f.completed,
        };
        let mut requests = std::mem::take(&mut d.requests);
        // Most important first: critical competencies, then the largest gap.
        requests.sort_by(|a, b| {
            let gap = |r: &learning::Request| {
                r.current.map_or(i64::from(r.required), |l| {
                    i64::from(r.required) - i64::from(l)
                })
            };
            b.critical
                .cmp(&a.critical)
                .then(gap(b).cmp(&gap(a)))
                .then(a.competency.cmp(&b.competency))
                .then(a.practice.cmp(&b.practice))
        });
        let mut chosen: Vec<(bool, Recommendation)> = Vec::new();
        for r in &requests {
            for rec in learning::select(self.model, r, &learner) {
                match chosen.iter_mut().find(|(_, c)| c.resource == rec.resource) {
                    Some((_, c)) => push_why(&mut c.why, r.why.clone()),
                    None => chosen.push((r.practice, rec)),
                }
            }
        }
        let kinds: rustc_hash::FxHashMap<String, bool> = chosen
            .iter()
            .map(|(p, r)| (r.resource.clone(), *p))
            .collect();
        let (now, later) = learning::fit_budget(
            chosen.into_iter().map(|(_, r)| r).collect(),
            self.model.plans.learning_hours_budget,
        );
        let with_ids = |items: Vec<Recommendation>, kind: &str| -> Vec<Recommendation> {
            items
                .into_iter()
                .map(|mut r| {
                    let rule = r.why.first().map_or("", |w| &*w.rule).to_owned();
                    r.action_id = action_id(&f.talent_id, cycle, &rule, kind, &r.resource);
                    r
                })
                .collect()
        };
        let (practice, learning): (Vec<Recommendation>, Vec<Recommendation>) = now
            .into_iter()
            .partition(|r| kinds.get(&r.resource).copied().unwrap_or(false));
        let learning = with_ids(learning, "learn");
        let practice = with_ids(practice, "practice");
        let later = with_ids(later, "learn");
        let hours = learning::hours(learning.iter().chain(&practice));
        // Tracking reads only the actions of a previous cycle's plan.
        let goals = if d.collect == Collect::Everything {
            self.goals(d, dataset, &learning, &later, &locale)
        } else {
            Vec::new()
        };
        let mut points: Vec<DevelopmentPoint> =
            std::mem::take(&mut d.points).into_values().collect();
        points.sort_by(|a, b| {
            b.priority
                .cmp(&a.priority)
                .then(b.critical.cmp(&a.critical))
                .then(a.competency.cmp(&b.competency))
        });
        Plan {
            talent_id: f.talent_id.clone(),
            name: dataset
                .find(&f.talent_id)
                .and_then(|p| dataset.person(p).name.clone()),
            cycle: cycle.to_owned(),
            role: f.role.clone(),
            team: f.team.clone(),
            manager: f.manager.clone(),
            locale,
            development_points: points,
            learning,
            practice,
            later,
            learning_hours: hours,
            mentors: Vec::new(),
            unmet_mentor_requests: Vec::new(),
            dialogue: std::mem::take(&mut d.dialogue),
            flags: std::mem::take(&mut d.flags).into_values().collect(),
            notes: std::mem::take(&mut d.notes),
            goals,
            actions: Vec::new(),
            previous: None,
            errors: std::mem::take(&mut d.errors),
        }
    }

    /// Each goal of the cycle with the competencies its template needs and the risk.
    fn goals(
        &self,
        d: &Draft,
        dataset: &Dataset,
        learning: &[Recommendation],
        later: &[Recommendation],
        locale: &str,
    ) -> Vec<GoalPlan> {
        let f = &d.facts;
        let Some((person, cycle)) = dataset.find(&f.talent_id).zip(dataset.cycle(&f.cycle)) else {
            return Vec::new();
        };
        let records = dataset.records_of(person);
        records
            .goals
            .iter()
            .filter(|g| g.cycle == cycle)
            .map(|g| {
                let template = g
                    .template
                    .as_deref()
                    .and_then(|t| self.model.goal_template(t));
                let mut needs: Vec<(String, u8)> = template
                    .map(|t| {
                        t.needs
                            .iter()
                            .map(|n| (n.competency.clone(), n.level))
                            .collect()
                    })
                    .unwrap_or_default();
                for c in &g.competencies {
                    if !needs.iter().any(|n| *n.0 == **c) {
                        let level = f
                            .competencies
                            .iter()
                            .find(|x| *x.competency == **c)
                            .map_or(0, |x| x.required);
                        needs.push((c.to_string(), level));
                    }
                }
                let needs = needs
                    .into_iter()
                    .map(|(c, needed)| {
                        let level = f
                            .competencies
                            .iter()
                            .find(|x| x.competency == c)
                            .and_then(|x| x.level)
                            .or_else(|| level_in_reviews(dataset, person, cycle, &c));
                        let risk = match level {
                            None => "unknown",
                            Some(l)
                                if i64::from(needed) - i64::from(l)
                                    >= i64::from(self.model.plans.risk_gap) =>
                            {
                                "high"
                            }
                            Some(l) if needed > l => "some",
                            Some(_) => "none",
                        };
                        GoalNeed {
                            name: self
                                .model
                                .competency(&c)
                                .map_or(c.as_str(), |x| self.text(&x.name, locale))
                                .to_owned(),
                            learning: learning
                                .iter()
                                .chain(later)
                                .filter(|r| r.competency == c)
                                .map(|r| r.resource.clone())
                                .collect(),
                            competency: c,
                            needed,
                            level,
                            risk,
                        }
                    })
                    .collect();
                GoalPlan {
                    goal: g.id.clone(),
                    title: g.title.clone(),
                    template: g.template.as_deref().map(str::to_owned),
                    needs,
                }
            })
            .collect()
    }

    /// Writes the outcomes of the org-wide mentor matching for this employee's requests
    /// into the plan.
    fn add_mentors(&self, d: &Draft, outcomes: &MentorOutcomes, plan: &mut Plan, cycle: &str) {
        for r in &d.mentor_requests {
            // INVARIANT: the matching evaluated the same rules on the same facts, so every
            // request of the draft has its outcome.
            let Some((_, outcome)) = outcomes.iter().find(|(c, _)| *c == r.competency) else {
                continue;
            };
            match outcome.clone() {
                mentors::Outcome::Assigned {
                    mentor,
                    level,
                    reason,
                    alternatives,
                } => plan.mentors.push(MentorAssignment {
                    action_id: action_id(&r.talent_id, cycle, &r.why.rule, "mentor", &r.competency),
                    mentor_name: self
                        .model
                        .mentors
                        .iter()
                        .find(|m| m.talent_id == mentor)
                        .map(|m| self.text(&m.name, &plan.locale).to_owned())
                        .filter(|n| !n.is_empty()),
                    competency: r.competency.clone(),
                    mentor,
                    mentor_level: level,
                    reason,
                    alternatives,
                    why: vec![r.why.clone()],
                }),
                mentors::Outcome::Unmet { reason } => {
                    plan.unmet_mentor_requests.push(UnmetMentorRequest {
                        competency: r.competency.clone(),
                        reason,
                        why: vec![r.why.clone()],
                    })
                }
            }
        }
    }
}

/// Drops a chunk of plans on all threads: they are thousands of small allocations.
pub(crate) fn free(plans: Vec<Plan>) {
    plans.into_par_iter().for_each(drop);
}

/// What tracking reads of a chunk of plans (of `people`), reduced on all threads into
/// `kept`, indexed by person.
fn keep_for_tracking(
    chunk: &[Plan],
    people: &[PersonId],
    kept: &mut Vec<Option<tracking::Previous>>,
) {
    let reduced: Vec<tracking::Previous> = chunk.par_iter().map(tracking::Previous::of).collect();
    for (person, p) in people.iter().zip(reduced) {
        let at = person.0 as usize;
        if kept.len() <= at {
            kept.resize_with(at + 1, || None);
        }
        kept[at] = Some(p);
    }
}

/// The development action list of a plan: learning, practice, mentors and development
/// points, each with its stable id.
fn action_list(p: &Plan) -> Vec<ActionItem> {
    let mut out = Vec::new();
    for (kind, items) in [("learn", &p.learning), ("practice", &p.practice)] {
        for r in items {
            out.push(ActionItem {
                id: r.action_id.clone(),
                kind,
                competency: Some(r.competency.clone()),
                resource: Some(r.resource.clone()),
                mentor: None,
                text: r.title.clone(),
                rule: r
                    .why
                    .first()
                    .map_or_else(String::new, |w| w.rule.to_string()),
            });
        }
    }
    for m in &p.mentors {
        out.push(ActionItem {
            id: m.action_id.clone(),
            kind: "mentor",
            competency: Some(m.competency.clone()),
            resource: None,
            mentor: Some(m.mentor.clone()),
            text: m.mentor_name.clone().unwrap_or_else(|| m.mentor.clone()),
            rule: m
                .why
                .first()
                .map_or_else(String::new, |w| w.rule.to_string()),
        });
    }
    for d in &p.development_points {
        let rule = d
            .why
            .first()
            .map_or_else(String::new, |w| w.rule.to_string());
        out.push(ActionItem {
            id: action_id(&p.talent_id, &p.cycle, &rule, "develop", &d.competency),
            kind: "develop",
            competency: Some(d.competency.clone()),
            resource: None,
            mentor: None,
            text: format!("{} → {}", d.name, d.target_level),
            rule,
        });
    }
    out
}

/// A stable action id from the talent id, cycle, rule and target, so the next cycle can tell
/// whether the action was done.
pub fn action_id(talent_id: &str, cycle: &str, rule: &str, kind: &str, target: &str) -> String {
    // The parts joined by U+001F (unit separator), hashed without building the string:
    // plans make hundreds of thousands of ids.
    let mut hasher = Sha256::new();
    for (i, part) in [talent_id, cycle, rule, kind, target].iter().enumerate() {
        if i > 0 {
            hasher.update([0x1f]);
        }
        hasher.update(part.as_bytes());
    }
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(14);
    id.push_str("A-");
    for b in &hasher.finalize()[..6] {
        id.push(char::from(HEX[usize::from(b >> 4)]));
        id.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    id
}

fn push_why(list: &mut Vec<Arc<Why>>, why: Arc<Why>) {
    if !list.contains(&why) {
        list.push(why);
    }
}

/// Per row of `table`: the facts it tests (its cells other than "any"), by name, with
/// their columns. Of two columns with the same name, the later one is kept.
fn tested_facts(table: &DecisionTable) -> Vec<Tested> {
    let names: Vec<Arc<str>> = table
        .columns
        .iter()
        .map(|c| c.column.to_string().into())
        .collect();
    // Columns by name, the later first among equal names.
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|&a, &b| names[a].cmp(&names[b]).then(b.cmp(&a)));
    table
        .rows
        .iter()
        .map(|row| {
            let mut tested: Vec<(Arc<str>, usize)> = Vec::new();
            for &c in &order {
                let repeated = tested.last().is_some_and(|(n, _)| *n == names[c]);
                if row.cells[c] != Cell::Any && !repeated {
                    tested.push((names[c].clone(), c));
                }
            }
            tested.into_boxed_slice()
        })
        .collect()
}

/// The rule, its title and the values of the facts its first matching row tests.
fn why(
    ev: &Evaluator,
    names: &Names,
    rule: usize,
    values: Option<&[Val]>,
    rows: &[usize],
    locale: &str,
) -> Why {
    let row = rows
        .iter()
        .copied()
        .find(|&i| ev.table.rows[i].rule == rule);
    let facts = row
        .zip(values)
        .map(|(row, values)| {
            FactValues::presorted(
                names.tested[row]
                    .iter()
                    .map(|(name, c)| {
                        let text = value_text(values[*c], &ev.table.columns[*c].domain);
                        (name.clone(), text)
                    })
                    .collect(),
            )
        })
        .unwrap_or_default();
    Why {
        rule_set: names.set.clone(),
        rule: names.rules[rule].clone(),
        title: names.title(ev, rule, locale),
        facts,
    }
}

fn action_texts(a: &Action) -> Vec<&Text> {
    match a {
        Action::Develop(d) => d.text.iter().collect(),
        Action::Flag(f) => f.label.iter().collect(),
        Action::Note(n) => vec![&n.text],
        _ => Vec::new(),
    }
}

fn text_variants(t: &Text) -> Vec<&str> {
    match t {
        Text::Plain(s) => vec![s.as_str()],
        Text::PerLocale(entries) => entries.iter().map(|(_, s)| s.as_str()).collect(),
    }
}

/// The level from this cycle's competency reviews, for competencies the role does not require.
fn level_in_reviews(
    dataset: &Dataset,
    person: PersonId,
    cycle: CycleIdx,
    competency: &str,
) -> Option<u8> {
    dataset
        .records_of(person)
        .reviews
        .iter()
        .filter(|r| r.cycle == cycle)
        .find_map(|r| match &r.item {
            crate::data::ReviewItem::Competency(c) if &**c == competency => r.level,
            _ => None,
        })
}
