//! The portal's own reading of the dataset agrees with the facts the rules saw: every
//! profile (level, requirement, key competency, change since the last cycle) of both samples
//! equals the data stage's competency facts for the same person and cycle.

mod site_common;

use site_common::*;
use talentloop::data;
use talentloop::plan::Planner;
use talentloop::site::view;

#[test]
fn profiles_equal_the_facts_of_both_samples() {
    for project in [repo(), repo().join("examples/acme-engineering")] {
        let loaded = talentloop::rules::load_project(&project);
        let model = loaded.checked.model.as_ref().unwrap();
        let compiled = loaded.compiled.as_ref().unwrap();
        let today = chrono::NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
        let dataset = data::load(model, data::Options { today }).dataset;
        for cycle in 0..dataset.cycles.len() {
            let plans = Planner::new(model, compiled).plans(&dataset, cycle, true);
            let facts = dataset.facts(model, cycle);
            assert_eq!(plans.len(), facts.len());
            let mut compared = 0;
            for (plan, f) in plans.iter().zip(&facts) {
                assert_eq!(plan.talent_id, f.talent_id);
                let person = view::person(model, &dataset, plan, cycle);
                let ours: Vec<_> = person
                    .profile
                    .iter()
                    .map(|e| {
                        (
                            e.competency.clone(),
                            e.level,
                            e.required,
                            e.critical,
                            e.trend,
                        )
                    })
                    .collect();
                let theirs: Vec<_> = f
                    .competencies
                    .iter()
                    .map(|c| {
                        (
                            c.competency.clone(),
                            c.level,
                            c.required,
                            c.critical,
                            c.trend,
                        )
                    })
                    .collect();
                assert_eq!(ours, theirs, "{} in cycle {cycle}", plan.talent_id);
                compared += ours.len();
            }
            assert!(compared > 100, "{}: {compared}", project.display());
        }
    }
}
