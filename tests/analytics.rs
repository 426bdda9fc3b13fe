//! HR analytics on the bundled sample and on demo-data orgs: a snapshot of the sample's
//! figures; the planted learning effect and dated requirements of a demo org found; no group
//! smaller than k shown anywhere; the same figures whatever the thread count.

mod common;

use common::repo;
use proptest::prelude::*;
use std::path::Path;
use talentloop::analytics::{self, Analytics, export};
use talentloop::plan::Planner;
use talentloop::synth::{self, DemoSize};
use talentloop::{data, rules};

struct Org {
    loaded: rules::Loaded,
    data: data::Loaded,
}

fn org(dir: &Path) -> Org {
    let loaded = rules::load_project(dir);
    assert!(
        loaded.checked.diagnostics.iter().all(|d| !d.is_error()),
        "{} has errors",
        dir.display()
    );
    let model = loaded.checked.model.as_ref().expect("a model");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).expect("a date");
    let data = data::load(model, data::Options { today });
    assert!(!data.has_errors(), "{} data has errors", dir.display());
    Org { loaded, data }
}

impl Org {
    fn model(&self) -> &talentloop::model::OrgModel {
        self.loaded.checked.model.as_ref().expect("a model")
    }

    /// The analytics of the last cycle, with the minimum group size `k` when given.
    fn analytics(&self, k: Option<u32>) -> Analytics {
        let mut model = self.model().clone();
        if let Some(k) = k {
            model.min_group_size = k;
        }
        let cycle = self.data.dataset.cycles.len() - 1;
        let compiled = self.loaded.compiled.as_ref().expect("compiled rules");
        let plans = Planner::new(&model, compiled).plans(&self.data.dataset, cycle, true);
        let mut c = analytics::Collector::new(&model, &self.data.dataset, cycle)
            .learning_resolved(self.data.report.learning.coverage);
        // Plans in reverse: the collector does not depend on their order.
        for p in plans.iter().rev() {
            c.add(p);
        }
        c.finish()
    }
}

fn demo(people: usize, cycles: usize, seed: u64) -> (tempfile::TempDir, Org) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (rel, bytes) in synth::demo_org(DemoSize {
        people,
        cycles,
        seed,
    }) {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
        std::fs::write(path, bytes).expect("a file");
    }
    let org = org(dir.path());
    (dir, org)
}

#[test]
fn sample_analytics_snapshot() {
    let org = org(&repo());
    insta::assert_snapshot!(export::json(&org.analytics(None)));
}

#[test]
fn demo_org_shows_the_planted_effect_and_the_dated_requirements() {
    let (_dir, org) = demo(400, 3, 1);
    let a = org.analytics(None);
    let e = a
        .learning_effect
        .effects
        .iter()
        .find(|e| {
            e.resource == synth::PLANTED_RESOURCE && e.competency == synth::PLANTED_COMPETENCY
        })
        .expect("the planted resource has an effect row");
    let value = e.effect.value.expect("the effect is shown");
    let ci = e.effect.ci.expect("the effect has an interval");
    assert!(value > 0.0, "effect {value}");
    assert!(
        ci[0] > 0.0 && ci[0] <= value && value <= ci[1],
        "interval {ci:?}"
    );
    // Other resources raise levels only sometimes: none is as strong as the planted one.
    for other in &a.learning_effect.effects {
        if other.resource != synth::PLANTED_RESOURCE
            && let Some(v) = other.effect.value
        {
            assert!(v < value, "{} has {v}", other.resource);
        }
    }
    let listed: Vec<(&str, &str, String)> = a
        .forecast
        .warnings
        .iter()
        .filter(|w| w.opening.value.is_some_and(|n| n > 0.0))
        .map(|w| {
            (
                w.role.as_str(),
                w.competency.as_str(),
                w.effective_from.to_string(),
            )
        })
        .collect();
    for want in [
        ("r00000", "c00013", "2027-01-01"),
        ("r00001", "c00020", "2027-04-01"),
    ] {
        assert!(
            listed.contains(&(want.0, want.1, want.2.to_owned())),
            "{want:?} not in {listed:?}"
        );
    }
    assert!(
        a.forecast
            .warnings
            .iter()
            .all(|w| (6..=12).contains(&w.months_ahead))
    );
}

/// Every object of the value that carries `n` and `suppressed` hides its value (and any
/// interval, p-value or people) when it stands for fewer than `k` people.
fn assert_no_small_group(v: &serde_json::Value, k: u64, path: &str) {
    match v {
        serde_json::Value::Object(map) => {
            if let (Some(n), Some(s)) =
                (map.get("n").and_then(|n| n.as_u64()), map.get("suppressed"))
                && n < k
            {
                assert_eq!(
                    s,
                    &serde_json::Value::Bool(true),
                    "{path} n={n} not suppressed"
                );
                assert!(
                    map.get("value").is_none_or(|x| x.is_null()),
                    "{path} shows a value"
                );
                assert!(
                    !map.contains_key("ci") && !map.contains_key("p"),
                    "{path} shows a ci or p"
                );
            }
            if map.get("people").and_then(|p| p.get("suppressed"))
                == Some(&serde_json::Value::Bool(true))
            {
                assert!(
                    map.get("talent_ids")
                        .and_then(|t| t.as_array())
                        .is_none_or(|t| t.is_empty()),
                    "{path} lists the people of a suppressed box"
                );
            }
            for (key, x) in map {
                assert_no_small_group(x, k, &format!("{path}.{key}"));
            }
        }
        serde_json::Value::Array(items) => {
            for (i, x) in items.iter().enumerate() {
                assert_no_small_group(x, k, &format!("{path}[{i}]"));
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn no_group_smaller_than_k_is_shown(seed in 0u64..1000, people in 9usize..80, k in 1u32..15) {
        let (_dir, org) = demo(people, 2, seed);
        let a = org.analytics(Some(k));
        let v = serde_json::to_value(&a).expect("json");
        assert_no_small_group(&v, u64::from(k), "analytics");
        // The CSV tables carry the same suppression: a suppressed figure has an empty value.
        for (name, text) in export::tables(&a) {
            let mut r = csv::Reader::from_reader(text.as_bytes());
            let header = r.headers().expect("a header").clone();
            for row in r.records() {
                let row = row.expect("a row");
                for (i, h) in header.iter().enumerate() {
                    if let Some(base) = h.strip_suffix("_suppressed")
                        && &row[i] == "true"
                    {
                        let at = header.iter().position(|x| x == base).expect("value column");
                        prop_assert_eq!(&row[at], "", "{} {} shows a suppressed value", name, base);
                    }
                }
            }
        }
    }
}

/// The analytics JSON of `org` computed on a pool of `threads`.
fn on_threads(org: &Org, threads: usize) -> String {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a pool")
        .install(|| export::json(&org.analytics(None)))
}

#[test]
fn sample_figures_are_identical_across_thread_counts() {
    let org = org(&repo());
    assert_eq!(on_threads(&org, 1), on_threads(&org, 4));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

    #[test]
    fn figures_are_identical_across_thread_counts(seed in 0u64..1000, people in 20usize..200) {
        let (_dir, org) = demo(people, 3, seed);
        prop_assert_eq!(on_threads(&org, 1), on_threads(&org, 4));
    }
}

#[test]
fn adaptive_ranking_uses_observed_effects_only_when_switched_on() {
    let (_dir, org) = demo(400, 3, 1);
    let cycle = org.data.dataset.cycles.len() - 1;
    let compiled = org.loaded.compiled.as_ref().expect("compiled rules");
    let effects = analytics::observed_effects(org.model(), &org.data.dataset, cycle);
    assert!(
        effects
            .get(&(
                synth::PLANTED_RESOURCE.to_owned(),
                synth::PLANTED_COMPETENCY.to_owned()
            ))
            .is_some_and(|e| *e > 0.0),
        "{effects:?}"
    );
    let says = "(adaptive ranking)";
    let recommendations = |model: &talentloop::model::OrgModel| {
        Planner::new(model, compiled)
            .plans(&org.data.dataset, cycle, false)
            .into_iter()
            .flat_map(|p| p.learning.into_iter().chain(p.later).chain(p.practice))
            .collect::<Vec<_>>()
    };
    // Off by default: the effects change nothing.
    let off = org.model().clone().with_observed_effects(effects.clone());
    assert!(!off.analytics.adaptive_ranking);
    assert!(
        recommendations(&off)
            .iter()
            .all(|r| r.fit.iter().all(|f| !f.contains(says)))
    );
    let mut switched = org.model().clone();
    switched.analytics.adaptive_ranking = true;
    let on = analytics::planning_model(&switched, &org.data.dataset, cycle);
    assert_eq!(on.plans.observed_effects.as_ref(), &effects);
    let recs = recommendations(&on);
    let planted: Vec<_> = recs
        .iter()
        .filter(|r| {
            r.resource == synth::PLANTED_RESOURCE && r.competency == synth::PLANTED_COMPETENCY
        })
        // As a prerequisite of another resource it is placed, not ranked.
        .filter(|r| r.prerequisite_for.is_none())
        .collect();
    assert!(!planted.is_empty());
    assert!(
        planted
            .iter()
            .all(|r| r.fit.iter().any(|f| f.contains(says)))
    );
}

#[test]
fn the_command_writes_every_table_and_refuses_an_unknown_cycle() {
    let out = tempfile::tempdir().expect("a temporary folder");
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_talentloop"))
            .args(["analytics", "--project"])
            .arg(repo())
            .arg("--out")
            .arg(out.path())
            .args(["--as-of", "2026-12-31"])
            .args(extra)
            .output()
            .expect("talentloop runs")
    };
    let ok = run(&[]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let mut written: Vec<String> = std::fs::read_dir(out.path())
        .expect("the output folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    written.sort();
    let a = org(&repo()).analytics(None);
    let mut expected: Vec<String> = export::tables(&a)
        .into_iter()
        .map(|(n, _)| n.to_owned())
        .chain(
            [
                "input_people.csv",
                "input_competencies.csv",
                "input_history.csv",
            ]
            .map(String::from),
        )
        .chain(["input_forecast_levels.csv", "analytics.json"].map(String::from))
        .collect();
    expected.sort();
    assert_eq!(written, expected);
    let json = std::fs::read_to_string(out.path().join("analytics.json")).expect("the JSON");
    assert_eq!(json, export::json(&a));

    let bad = run(&["--cycle", "1999H1"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown cycle `1999H1`"));
}
