//! Development plans on the bundled Chinese sample: every scenario the rules express shows up
//! with its reason; plans are deterministic and independent of the thread count; mentor
//! matching keeps its promises; every action cites a rule that really fired.

mod common;

use common::repo;
use std::collections::BTreeMap;
use talentloop::plan::{Order, Plan, Planner, export};
use talentloop::rules::facts::Scope;
use talentloop::table::eval::{Ctx, Evaluator};
use talentloop::{data, rules};

struct Org {
    loaded: rules::Loaded,
    data: data::Loaded,
}

fn org(project: &str) -> Org {
    let loaded = rules::load_project(&repo().join(project));
    assert!(
        loaded.checked.diagnostics.iter().all(|d| !d.is_error()),
        "{project} has errors"
    );
    let model = loaded.checked.model.as_ref().unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    let data = data::load(model, data::Options { today });
    assert!(!data.has_errors(), "{project} data has errors");
    Org { loaded, data }
}

impl Org {
    fn plans(&self, cycle: usize) -> Vec<Plan> {
        let model = self.loaded.checked.model.as_ref().unwrap();
        Planner::new(model, self.loaded.compiled.as_ref().unwrap()).plans(
            &self.data.dataset,
            cycle,
            true,
        )
    }

    fn last(&self) -> usize {
        self.data.dataset.cycles.len() - 1
    }
}

/// `explain EMPLOYEE` makes one person's plan without the others': it must be the very plan
/// the whole org's planning gives that person, mentors and tracking included.
#[test]
fn one_persons_plan_is_their_plan_in_the_whole_org() {
    let org = org(".");
    let model = org.loaded.checked.model.as_ref().unwrap();
    let planner = Planner::new(model, org.loaded.compiled.as_ref().unwrap());
    let dataset = &org.data.dataset;
    for cycle in 0..=org.last() {
        let plans = org.plans(cycle);
        assert!(!plans.is_empty());
        for p in &plans {
            let person = dataset.find(&p.talent_id).unwrap();
            let one = planner.plan_of(dataset, cycle, person).unwrap();
            assert_eq!(
                common::plan_json(&one),
                common::plan_json(p),
                "cycle {cycle}"
            );
        }
    }
    assert!(
        org.plans(org.last()).iter().any(|p| p.previous.is_some()),
        "the last cycle tracks the one before"
    );
}

/// The first plan showing a scenario, so the sample is known to cover it.
fn find<'p>(plans: &'p [Plan], scenario: &str, test: impl Fn(&Plan) -> bool) -> &'p Plan {
    plans
        .iter()
        .find(|p| test(p))
        .unwrap_or_else(|| panic!("no sample employee shows: {scenario}"))
}

#[test]
fn every_scenario_appears_with_its_reason() {
    let org = org(".");
    let plans = org.plans(org.last());
    let mut chosen: BTreeMap<&str, &Plan> = BTreeMap::new();
    chosen.insert(
        "large gap on a key competency: course, practice and mentor",
        find(&plans, "key gap", |p| {
            p.development_points
                .iter()
                .any(|d| d.critical && d.current.is_some_and(|c| d.required >= c + 2))
                && !p.mentors.is_empty()
                && !p.learning.is_empty()
        }),
    );
    chosen.insert(
        "rating drop: dialogue and needs_attention",
        find(&plans, "rating drop", |p| {
            p.dialogue.iter().any(|d| d.guide.contains("rating_drop"))
                && p.flags.iter().any(|f| f.flag == "needs_attention")
        }),
    );
    chosen.insert(
        "goal needing a weak competency",
        find(&plans, "goal risk", |p| {
            p.goals.iter().any(|g| {
                g.needs
                    .iter()
                    .any(|n| n.risk == "high" && !n.learning.is_empty())
            })
        }),
    );
    chosen.insert(
        "high performer: stretch and high_potential",
        find(&plans, "high performer", |p| {
            p.flags.iter().any(|f| f.flag == "high_potential")
        }),
    );
    chosen.insert(
        "learning without progress",
        find(&plans, "stalled learning", |p| {
            p.development_points
                .iter()
                .any(|d| d.learning_without_progress)
        }),
    );
    chosen.insert(
        "unmet mentor request",
        find(&plans, "unmet mentor", |p| {
            !p.unmet_mentor_requests.is_empty()
        }),
    );
    chosen.insert(
        "budget overflow kept for later",
        find(&plans, "later", |p| !p.later.is_empty()),
    );
    for (scenario, plan) in &chosen {
        // Every item carries its reason.
        assert!(
            plan.development_points.iter().all(|d| !d.why.is_empty()),
            "{scenario}"
        );
        assert!(
            plan.learning
                .iter()
                .chain(&plan.practice)
                .chain(&plan.later)
                .all(|r| !r.why.is_empty()),
            "{scenario}"
        );
        assert!(plan.flags.iter().all(|f| !f.why.is_empty()), "{scenario}");
    }
    let mut ids: Vec<&str> = chosen.values().map(|p| p.talent_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let plan = plans.iter().find(|p| p.talent_id == id).unwrap();
        insta::assert_snapshot!(format!("plan-{id}"), common::plan_json(plan));
    }
}

#[test]
fn the_second_cycle_tracks_the_first_cycles_actions() {
    let org = org(".");
    let plans = org.plans(org.last());
    let tracked: Vec<_> = plans.iter().filter_map(|p| p.previous.as_ref()).collect();
    assert!(
        tracked.len() >= 40,
        "{} of {} plans track the previous cycle",
        tracked.len(),
        plans.len()
    );
    let statuses: std::collections::BTreeSet<&str> = tracked
        .iter()
        .flat_map(|t| t.actions.iter().map(|a| a.status))
        .collect();
    for s in ["done", "in_progress", "not_started"] {
        assert!(statuses.contains(s), "no action is {s}: {statuses:?}");
    }
    assert!(
        tracked
            .iter()
            .all(|t| t.cycle == org.data.dataset.cycles[org.last() - 1].id)
    );
}

#[test]
fn plans_are_identical_across_runs_and_thread_counts() {
    let org = org(".");
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| export::exports("x", &org.plans(org.last())))
    };
    let one = run(1);
    assert_eq!(one, run(4));
    assert_eq!(one, run(1));
}

#[test]
fn planning_every_cycle_at_once_gives_each_cycles_tracked_plans() {
    let org = org(".");
    let model = org.loaded.checked.model.as_ref().unwrap();
    let planner = Planner::new(model, org.loaded.compiled.as_ref().unwrap());
    let mut by_cycle: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
    let mut managers: Vec<Option<String>> = Vec::new();
    let Ok(()) = planner.each_cycle_chunk(
        &org.data.dataset,
        org.last(),
        Order::Manager,
        |cycle, chunk| {
            if cycle == org.last() {
                managers.extend(chunk.iter().map(|p| p.manager.clone()));
            }
            let json = chunk
                .iter()
                .map(|p| (p.talent_id.clone(), common::plan_json(p)));
            by_cycle.entry(cycle).or_default().extend(json);
            Ok::<(), std::convert::Infallible>(())
        },
    );
    assert_eq!(by_cycle.len(), org.last() + 1);
    assert!(
        managers.windows(2).all(|w| w[0] <= w[1]),
        "each team's plans come together"
    );
    for (cycle, mut plans) in by_cycle {
        plans.sort();
        let one_by_one: Vec<(String, String)> = org
            .plans(cycle)
            .iter()
            .map(|p| (p.talent_id.clone(), common::plan_json(p)))
            .collect();
        if cycle == org.last() {
            assert_eq!(plans, one_by_one);
            continue;
        }
        // Earlier cycles are planned for their actions and tracking only.
        let essentials = |json: &str| {
            let v: serde_json::Value = serde_json::from_str(json).unwrap();
            (v["actions"].clone(), v["previous"].clone())
        };
        assert_eq!(plans.len(), one_by_one.len());
        for ((id, lean), (_, full)) in plans.iter().zip(&one_by_one) {
            assert_eq!(essentials(lean), essentials(full), "cycle {cycle}, {id}");
        }
    }
}

#[test]
fn mentor_matching_keeps_its_promises() {
    for project in [".", "examples/acme-engineering"] {
        let org = org(project);
        let model = org.loaded.checked.model.as_ref().unwrap();
        for cycle in 0..=org.last() {
            let plans = org.plans(cycle);
            let manager: BTreeMap<&str, &str> = plans
                .iter()
                .filter_map(|p| Some((p.talent_id.as_str(), p.manager.as_deref()?)))
                .collect();
            let mut mentees: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
            for p in &plans {
                for m in &p.mentors {
                    assert_ne!(m.mentor, p.talent_id, "nobody mentors themselves");
                    assert_ne!(
                        manager.get(m.mentor.as_str()),
                        Some(&p.talent_id.as_str()),
                        "nobody mentors their own manager"
                    );
                    let mentor = model
                        .mentors
                        .iter()
                        .find(|x| x.talent_id == m.mentor)
                        .expect("a model mentor");
                    let coaching = mentor
                        .coaches
                        .iter()
                        .find(|c| c.competency == m.competency)
                        .expect("coaches the competency");
                    let required = p
                        .development_points
                        .iter()
                        .find(|d| d.competency == m.competency)
                        .map_or(0, |d| d.required);
                    assert!(
                        coaching.level >= required,
                        "{} coaches {} at {} < {}",
                        m.mentor,
                        m.competency,
                        coaching.level,
                        required
                    );
                    mentees
                        .entry(m.mentor.as_str())
                        .or_default()
                        .insert(p.talent_id.as_str());
                }
                for u in &p.unmet_mentor_requests {
                    assert!(!u.reason.is_empty());
                }
            }
            for (mentor, set) in mentees {
                let capacity = model
                    .mentors
                    .iter()
                    .find(|x| x.talent_id == mentor)
                    .unwrap()
                    .capacity as usize;
                assert!(
                    set.len() <= capacity,
                    "{mentor} has {} mentees, capacity {capacity}",
                    set.len()
                );
            }
        }
    }
}

#[test]
fn every_item_cites_a_rule_that_fired_for_that_employee() {
    let org = org(".");
    let model = org.loaded.checked.model.as_ref().unwrap();
    let compiled = org.loaded.compiled.as_ref().unwrap();
    let evaluators: Vec<Evaluator> = compiled
        .tables
        .iter()
        .zip(&compiled.sets)
        .map(|(t, s)| Evaluator::new(t, s))
        .collect();
    let cycle = org.last();
    let facts = org.data.dataset.facts(model, cycle);
    let plans = org.plans(cycle);
    for (plan, f) in plans.iter().zip(&facts) {
        assert_eq!(plan.talent_id, f.talent_id);
        let fired = |set: &str, rule: &str| {
            evaluators.iter().filter(|e| e.set.id == set).any(|ev| {
                let contexts: Vec<Ctx> = match ev.set.scope {
                    Scope::Employee => vec![Ctx {
                        employee: f,
                        competency: None,
                    }],
                    Scope::Competency => f
                        .competencies
                        .iter()
                        .map(|c| Ctx {
                            employee: f,
                            competency: Some(c),
                        })
                        .collect(),
                };
                contexts.into_iter().any(|ctx| {
                    ev.eval(ctx)
                        .is_ok_and(|h| h.rules.iter().any(|&r| ev.set.rules[r].id == rule))
                })
            })
        };
        let whys = plan
            .development_points
            .iter()
            .flat_map(|d| &d.why)
            .chain(
                plan.learning
                    .iter()
                    .chain(&plan.practice)
                    .chain(&plan.later)
                    .flat_map(|r| &r.why),
            )
            .chain(plan.mentors.iter().flat_map(|m| &m.why))
            .chain(plan.dialogue.iter().flat_map(|d| &d.why))
            .chain(plan.flags.iter().flat_map(|x| &x.why))
            .chain(plan.notes.iter().flat_map(|x| &x.why));
        for why in whys {
            assert!(
                fired(&why.rule_set, &why.rule),
                "{}: `{}/{}` did not fire",
                plan.talent_id,
                why.rule_set,
                why.rule
            );
        }
    }
}

#[test]
fn budget_and_completed_learning_are_respected() {
    let org = org(".");
    let model = org.loaded.checked.model.as_ref().unwrap();
    let facts = org.data.dataset.facts(model, org.last());
    for (plan, f) in org.plans(org.last()).iter().zip(&facts) {
        assert!(
            plan.learning_hours <= model.plans.learning_hours_budget + 1e-9,
            "{}",
            plan.talent_id
        );
        for r in plan
            .learning
            .iter()
            .chain(&plan.practice)
            .chain(&plan.later)
        {
            assert!(
                !f.completed.contains(&r.resource),
                "{} already completed {}",
                plan.talent_id,
                r.resource
            );
        }
        let mut ids: Vec<&str> = plan.actions.iter().map(|a| a.id.as_str()).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "{}: action ids are unique", plan.talent_id);
    }
}
