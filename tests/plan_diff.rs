//! `talentloop diff`: a copy of the sample with one threshold changed lists exactly the
//! employees whose plans change, and `--fail-on-change` gates CI.

mod common;

use common::repo;
use std::path::Path;
use std::process::Command;
use talentloop::plan::Planner;
use talentloop::{data, rules};

const AS_OF: &str = "2026-12-31";

/// The sample org's files (project file, model, rules, data) copied under `dir`.
fn copy_sample(dir: &Path) {
    for rel in [
        "org-models/acme-sales",
        "rules/acme-sales",
        "examples/acme-sales/data",
    ] {
        for (file, bytes) in common::read_tree(&repo().join(rel)) {
            let path = dir.join(rel).join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
    }
    std::fs::copy(repo().join("talentloop.yaml"), dir.join("talentloop.yaml")).unwrap();
}

fn plans_json(project: &Path) -> Vec<(String, String)> {
    let loaded = rules::load_project(project);
    let model = loaded.checked.model.as_ref().unwrap();
    let today = chrono::NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
    let data = data::load(model, data::Options { today });
    let last = data.dataset.cycles.len() - 1;
    Planner::new(model, loaded.compiled.as_ref().unwrap())
        .plans(&data.dataset, last, false)
        .iter()
        .map(|p| (p.talent_id.clone(), common::plan_json(p)))
        .collect()
}

#[test]
fn diff_lists_exactly_the_employees_whose_plans_change() {
    let base = tempfile::tempdir().unwrap();
    let after = tempfile::tempdir().unwrap();
    copy_sample(base.path());
    copy_sample(after.path());
    let rules_file = after.path().join("rules/acme-sales/competency_gaps.yaml");
    let text = std::fs::read_to_string(&rules_file).unwrap();
    assert!(text.contains("critical and gap >= 2"));
    std::fs::write(
        &rules_file,
        text.replacen("critical and gap >= 2", "critical and gap >= 3", 1),
    )
    .unwrap();

    let expected: Vec<String> = plans_json(base.path())
        .into_iter()
        .zip(plans_json(after.path()))
        .filter(|(b, a)| b != a)
        .map(|(b, _)| b.0)
        .collect();
    assert!(
        !expected.is_empty(),
        "the changed threshold must change some plans"
    );

    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_talentloop"))
            .args(["diff", "--project"])
            .arg(after.path())
            .arg("--base")
            .arg(base.path())
            .args(["--as-of", AS_OF])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let listed: Vec<String> = stdout
        .lines()
        .find_map(|l| l.strip_prefix("changed: "))
        .unwrap_or_default()
        .split(", ")
        .map(str::to_owned)
        .collect();
    assert_eq!(listed, expected, "{stdout}");
    assert!(
        stdout.starts_with(&format!("{} of ", expected.len())),
        "{stdout}"
    );
    assert!(
        stdout.contains("competency_gaps/critical_gap_large"),
        "{stdout}"
    );

    let gated = run(&["--fail-on-change", "--markdown"]);
    assert_eq!(gated.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&gated.stdout).contains("| what | before | after | e.g. |"));

    let same = Command::new(env!("CARGO_BIN_EXE_talentloop"))
        .args(["diff", "--fail-on-change", "--as-of", AS_OF, "--project"])
        .arg(base.path())
        .arg("--base")
        .arg(base.path())
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&same.stdout).starts_with("0 of "));
}
