//! `talentloop plan` run as a user runs it: the files it writes, a second run over them,
//! and a folder it must not touch.

mod common;

use common::repo;
use std::path::Path;
use std::process::{Command, Output};

fn plan(out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_talentloop"))
        .args(["plan", "--project"])
        .arg(repo())
        .arg("--out")
        .arg(out)
        .output()
        .expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The employees and actions in the summary line "planned 2026H1 for 12 employees: 34
/// actions, ...".
fn counts(stderr: &str) -> (usize, usize) {
    let summary = stderr
        .lines()
        .find(|l| l.starts_with("planned "))
        .expect("a summary line");
    let number = |after: &str| -> usize {
        let rest = &summary[summary.find(after).expect(after) + after.len()..];
        rest.split(' ').next().unwrap().parse().unwrap()
    };
    (number(" for "), number(": "))
}

#[test]
fn plan_writes_a_file_per_employee_the_combined_json_and_the_action_list() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plans");
    let o = plan(&out);
    assert!(o.status.success(), "{}", stderr(&o));
    let (employees, actions) = counts(&stderr(&o));
    assert!(employees > 0 && actions > 0, "{}", stderr(&o));

    let files = std::fs::read_dir(out.join("employees")).unwrap().count();
    assert_eq!(files, employees);
    let one: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("employees/S1001.json")).unwrap()).unwrap();
    assert_eq!(one["talent_id"], "S1001");

    let combined: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("plans.json")).unwrap()).unwrap();
    assert_eq!(combined["format"], "talentloop/plans");
    assert_eq!(combined["plans"].as_array().unwrap().len(), employees);
    assert!(
        combined["execution"]["by_team"].as_array().is_some(),
        "execution rates follow the plans"
    );

    let mut csv = csv::Reader::from_path(out.join("actions.csv")).unwrap();
    assert_eq!(csv.headers().unwrap().get(0), Some("action_id"));
    assert_eq!(csv.records().count(), actions);
    assert!(out.join(".talentloop-plans").is_file());
}

#[test]
fn a_second_run_replaces_the_folder_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("plans");
    assert!(plan(&out).status.success());
    let before = std::fs::read(out.join("plans.json")).unwrap();
    // A plan of someone who has since left the data must not survive the next run.
    std::fs::write(out.join("employees/LEFT.json"), "{}").unwrap();
    let o = plan(&out);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!out.join("employees/LEFT.json").exists());
    assert_eq!(std::fs::read(out.join("plans.json")).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "plans")
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staging folder is left: {leftovers:?}"
    );
}

#[test]
fn a_folder_talentloop_did_not_write_is_left_alone() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let o = plan(tmp.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("was not written by talentloop"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("the previous plans are unchanged"));
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["notes.txt"]);
}

/// A demo org (where completing the planted resource raises its competency) with
/// `analytics.adaptive_ranking` as given (`None`: the project file does not say).
fn demo_org(adaptive: Option<bool>) -> tempfile::TempDir {
    use talentloop::synth::{DemoSize, demo_org};
    let dir = tempfile::tempdir().unwrap();
    for (rel, bytes) in demo_org(DemoSize {
        people: 400,
        cycles: 3,
        seed: 1,
    }) {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    if let Some(adaptive) = adaptive {
        let project = dir.path().join("talentloop.yaml");
        let mut text = std::fs::read_to_string(&project).unwrap();
        text.push_str(&format!("analytics:\n  adaptive_ranking: {adaptive}\n"));
        std::fs::write(project, text).unwrap();
    }
    dir
}

/// Every `fit` line of every recommendation in the plans `talentloop plan` wrote.
fn fits(org: &Path) -> Vec<String> {
    let out = org.join("plans");
    let o = Command::new(env!("CARGO_BIN_EXE_talentloop"))
        .args(["plan", "--as-of", "2026-12-31", "--project"])
        .arg(org)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let combined: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("plans.json")).unwrap()).unwrap();
    let mut fits = Vec::new();
    for plan in combined["plans"].as_array().unwrap() {
        for list in ["learning", "practice", "later"] {
            for r in plan[list].as_array().unwrap() {
                for f in r["fit"].as_array().unwrap() {
                    fits.push(f.as_str().unwrap().to_owned());
                }
            }
        }
    }
    fits
}

#[test]
fn adaptive_ranking_is_off_by_default_and_plans_say_when_it_is_on() {
    let says = "(adaptive ranking)";
    for off in [None, Some(false)] {
        let org = demo_org(off);
        assert!(fits(org.path()).iter().all(|f| !f.contains(says)));
    }
    let on = demo_org(Some(true));
    assert!(
        fits(on.path()).iter().any(|f| f.contains(says)),
        "with adaptive ranking on, the planted resource's observed effect is used"
    );
}
