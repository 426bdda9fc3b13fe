//! Tests that run the real `talentloop` binary: exit codes, output formats, files written.

mod common;

use common::repo;
use std::path::Path;
use std::process::{Command, Output};

fn talentloop(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_talentloop"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A fresh copy of the corpus base org, optionally with one file replaced.
fn org(replace: Option<(&str, &str)>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (rel, bytes) in common::read_tree(&repo().join("tests/corpus/base")) {
        let path = dir.path().join(&rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    if let Some((rel, content)) = replace {
        std::fs::write(dir.path().join(rel), content).unwrap();
    }
    dir
}

const UNKNOWN_COMPETENCY_ROLES: &str = "\
role_families:
  - id: sales
    name: {zh-CN: 销售通道}
roles:
  - id: sales_rep
    name: {zh-CN: 销售代表}
    family: sales
    rank: 1
    requires:
      customer_needs_analysis: 2
      customer_need_analysis: 3
";

#[test]
fn both_examples_check_clean() {
    for project in [".", "examples/acme-engineering"] {
        let out = talentloop(&["check", "--project", project, "--deny-warnings"], &repo());
        assert_eq!(
            out.status.code(),
            Some(0),
            "{project}: {}",
            text(&out.stderr)
        );
        assert!(
            text(&out.stderr).contains("0 errors, 0 warnings"),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn unknown_competency_fails_with_location_and_suggestion() {
    let dir = org(Some(("models/roles.yaml", UNKNOWN_COMPETENCY_ROLES)));
    let out = talentloop(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    insta::assert_snapshot!(stderr);
    assert!(stderr.contains("models/roles.yaml:11:7"));
    assert!(stderr.contains("did you mean `customer_needs_analysis`?"));
}

#[test]
fn json_format_gives_one_object_per_diagnostic() {
    let dir = org(Some(("models/roles.yaml", UNKNOWN_COMPETENCY_ROLES)));
    let out = talentloop(&["check", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let d = &lines[0];
    assert_eq!(d["code"], "TL0102");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "models/roles.yaml");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(11), Some(7))
    );
    assert_eq!(d["help"], "did you mean `customer_needs_analysis`?");
}

#[test]
fn github_format_writes_workflow_annotations() {
    let dir = org(Some(("models/roles.yaml", UNKNOWN_COMPETENCY_ROLES)));
    let out = talentloop(&["check", "--format", "github"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "::error file=models/roles.yaml,line=11,col=7,title=TL0102::unknown competency `customer_need_analysis`%0Ahelp: did you mean `customer_needs_analysis`?\n"
    );
}

#[test]
fn warnings_pass_unless_denied() {
    let unused = "rating_scales:\n  - id: grade5\n    labels: [D, C, B, A, S]\n    to_level: {D: 1, C: 2, B: 3, A: 4, S: 5}\n  - id: spare\n    labels: [x, y]\n";
    let dir = org(Some(("models/scales.yaml", unused)));
    let out = talentloop(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("warning[TL0203]"));
    let out = talentloop(&["check", "--deny-warnings"], dir.path());
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn missing_project_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = talentloop(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("error[TL0009]: no `talentloop.yaml` in `.`"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn bad_flags_are_a_usage_error() {
    let out = talentloop(&["check", "--format", "xml"], &repo());
    assert_eq!(out.status.code(), Some(2));
    let out = talentloop(&["frobnicate"], &repo());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_models_folder() {
    let dir = org(None);
    std::fs::remove_dir_all(dir.path().join("models")).unwrap();
    let out = talentloop(&["check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("error[TL0011]: the models folder `models` does not exist"),
        "{stderr}"
    );
    assert!(
        stderr.contains("talentloop.yaml:"),
        "points into the project file: {stderr}"
    );
}

#[test]
fn unreadable_file() {
    let dir = org(None);
    // As root every permission is granted, but a folder still cannot be read as a file.
    std::fs::remove_file(dir.path().join("talentloop.yaml")).unwrap();
    std::fs::create_dir(dir.path().join("talentloop.yaml")).unwrap();
    let out = talentloop(&["check"], dir.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[TL0001]: failed to read `talentloop.yaml`"),
        "{stderr}"
    );
}

#[test]
fn init_scaffolds_an_org_that_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let org = dir.path().join("new-org");
    let out = talentloop(&["init", org.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = talentloop(
        &["check", "--project", "new-org", "--deny-warnings"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Every scaffolded YAML file points its editor at a schema that exists beside it.
    for (rel, _) in talentloop::scaffold::FILES {
        let path = org.join(rel);
        let first = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .next()
            .unwrap()
            .to_owned();
        let schema = first
            .strip_prefix("# yaml-language-server: $schema=")
            .expect("modeline");
        assert!(
            path.parent().unwrap().join(schema).is_file(),
            "{rel}: {schema}"
        );
    }
    // A second init must not overwrite anything.
    let out = talentloop(&["init", org.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("already holds a talentloop project"));
}

#[test]
fn schema_command_writes_the_committed_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let out = talentloop(&["schema", "--out", "s"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    for (name, _) in talentloop::model::schema::all() {
        let written = std::fs::read_to_string(dir.path().join("s").join(name)).unwrap();
        let committed = std::fs::read_to_string(repo().join("schemas").join(name)).unwrap();
        assert_eq!(
            written, committed,
            "schemas/{name} is stale: run `cargo run -- schema`"
        );
    }
}
