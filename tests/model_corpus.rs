//! The corpus of broken org models: each folder under `tests/corpus/model/` overlays the
//! valid org in `tests/corpus/base/` with its own files (a file `DELETE` lists base files
//! to remove) and names in `expect.txt` the diagnostics it must produce, one
//! `CODE path:line:column` per line. Adding a case means adding a folder.

mod common;

use common::{check_tree, expectations, located, overlay, read_tree, render, repo};
use std::collections::BTreeSet;

#[test]
fn base_org_is_clean() {
    let checked = check_tree(&read_tree(&repo().join("tests/corpus/base")));
    assert!(
        checked.diagnostics.is_empty(),
        "{}",
        render(&checked.diagnostics, &checked.sources)
    );
    assert!(checked.model.is_some());
}

#[test]
fn corpus() {
    let base = read_tree(&repo().join("tests/corpus/base"));
    // Failures are collected so that one broken case does not hide the others.
    let mut failures: Vec<String> = Vec::new();
    insta::glob!("corpus/model/*/expect.txt", |expect_path| {
        let case = expect_path.parent().unwrap();
        let files = overlay(&base, case);
        let checked = check_tree(&files);
        let rendered = render(&checked.diagnostics, &checked.sources);
        let found: BTreeSet<String> = checked
            .diagnostics
            .iter()
            .map(|d| located(d, &checked.sources))
            .collect();
        for want in expectations(expect_path) {
            if !found.contains(&want) {
                failures.push(format!(
                    "{}: expected `{want}`, found {found:?}",
                    case.display()
                ));
            }
        }
        let errors = checked.diagnostics.iter().any(|d| d.is_error());
        if checked.model.is_some() == errors {
            failures.push(format!(
                "{}: a model must be returned exactly when there is no error",
                case.display()
            ));
        }
        insta::assert_snapshot!(rendered);
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each code must be produced by some corpus case, or be listed here with the test that covers it.
#[test]
fn every_code_is_exercised() {
    let covered_elsewhere = [
        ("TL0001", "cli::unreadable_file"),
        ("TL0009", "cli::missing_project_is_a_usage_error"),
        ("TL0011", "cli::missing_models_folder"),
        ("TL0008", "model_corpus::huge_file / deep_nesting"),
    ];
    let mut used: BTreeSet<String> = covered_elsewhere.iter().map(|c| c.0.to_owned()).collect();
    // Every corpus: tests/corpus/<stage>/<case>/expect.txt.
    for stage in std::fs::read_dir(repo().join("tests/corpus")).unwrap() {
        let Ok(cases) = std::fs::read_dir(stage.unwrap().path()) else {
            continue;
        };
        for case in cases {
            let expect = case.unwrap().path().join("expect.txt");
            used.extend(
                expectations(&expect)
                    .iter()
                    .filter_map(|l| l.split_whitespace().next())
                    .map(str::to_owned),
            );
        }
    }
    let missing: Vec<&str> = talentloop::diag::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| !used.contains(*c))
        .collect();
    assert!(missing.is_empty(), "codes no test exercises: {missing:?}");
}

fn with_roles(roles_yaml: Vec<u8>) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = read_tree(&repo().join("tests/corpus/base"));
    files.insert("models/roles.yaml".into(), roles_yaml);
    files
}

#[test]
fn deep_nesting() {
    let depth = 10_000;
    let yaml = format!("roles: {}{}\n", "[".repeat(depth), "]".repeat(depth));
    let checked = check_tree(&with_roles(yaml.into_bytes()));
    let codes: Vec<&str> = checked
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert!(codes.contains(&"TL0008"), "{codes:?}");
}

#[test]
fn huge_file() {
    let entry = "  - id: r\n    name: x\n";
    let yaml = format!("roles:\n{}", entry.repeat(50 * 1024 * 1024 / entry.len()));
    assert!(yaml.len() >= 50 * 1024 * 1024 - entry.len());
    let checked = check_tree(&with_roles(yaml.into_bytes()));
    let found: Vec<String> = checked
        .diagnostics
        .iter()
        .map(|d| located(d, &checked.sources))
        .collect();
    assert_eq!(found, vec!["TL0008 models/roles.yaml:1:1"]);
}
