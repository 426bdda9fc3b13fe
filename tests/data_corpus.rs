//! The corpus of faulty review exports: each folder under `tests/corpus/data/` overlays the
//! fixture org's clean data folder (`tests/fixtures/data/org/data/`) with the files under
//! its own `data/` (a file `DELETE` lists data files to remove; a `talentloop.yaml`
//! replaces the project file) and names in `expect.txt` the diagnostics it must produce,
//! one `CODE file:row:column` (data cells) or `CODE file:line:column` (YAML) per line.
//! Adding a case means adding a folder.

mod common;
mod data_common;

use data_common::{base_data, load, located, model, read_tree, render, repo};
use std::collections::BTreeSet;
use talentloop::data::Outcome;

#[test]
fn base_data_is_clean() {
    let model = model(None);
    let loaded = load(&model, &base_data());
    assert!(loaded.diagnostics.is_empty(), "{}", render(&loaded));
    let (read, loaded_rows, skipped, ignored) = loaded.report.totals();
    assert_eq!((read, loaded_rows, skipped, ignored), (27, 27, 0, 0));
}

#[test]
fn corpus() {
    let base = base_data();
    let base_model = model(None);
    // Failures are collected so that one broken case does not hide the others.
    let mut failures: Vec<String> = Vec::new();
    let mut cases = 0;
    insta::glob!("corpus/data/*/expect.txt", |expect_path| {
        cases += 1;
        let case = expect_path.parent().unwrap();
        let mut files = base.clone();
        let mut project = None;
        for (rel, bytes) in read_tree(case) {
            if let Some(data_rel) = rel.strip_prefix("data/") {
                files.insert(data_rel.to_owned(), bytes);
            } else if rel == "talentloop.yaml" {
                project = Some(bytes);
            } else if rel == "DELETE" {
                for gone in String::from_utf8(bytes).unwrap().lines().map(str::trim) {
                    files.remove(gone);
                }
            }
        }
        let case_model;
        let model = match &project {
            Some(p) => {
                case_model = model(Some(p));
                &case_model
            }
            None => &base_model,
        };
        let loaded = load(model, &files);
        let found: BTreeSet<String> = loaded
            .diagnostics
            .iter()
            .map(|d| located(d, &loaded.sources))
            .collect();
        let expected = std::fs::read_to_string(expect_path).unwrap();
        let wanted: Vec<&str> = expected
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        if wanted.is_empty() {
            failures.push(format!(
                "{}: expect.txt names no diagnostic",
                case.display()
            ));
        }
        for want in wanted {
            if !found.contains(want) {
                failures.push(format!(
                    "{}: expected `{want}`, found {found:?}",
                    case.display()
                ));
            }
        }
        // Nothing lost: every row is loaded, skipped or ignored, and every skipped or
        // ignored row is in the report.
        for f in &loaded.report.files {
            if f.rows_read != f.rows_loaded + f.rows_skipped + f.rows_ignored {
                failures.push(format!(
                    "{}: rows of {} do not add up: {f:?}",
                    case.display(),
                    f.path
                ));
            }
            let listed = loaded
                .report
                .issues
                .iter()
                .filter(|i| i.file == f.path && i.outcome != Outcome::ValueDropped)
                .map(|i| i.row)
                .collect::<BTreeSet<_>>()
                .len();
            if listed != f.rows_skipped + f.rows_ignored {
                failures.push(format!(
                    "{}: {} rows of {} skipped or ignored, {listed} listed",
                    case.display(),
                    f.rows_skipped + f.rows_ignored,
                    f.path
                ));
            }
        }
        let snapshot = format!("{}---\n{}", render(&loaded), loaded.report.render_text(5));
        insta::assert_snapshot!(snapshot);
    });
    assert!(cases >= 20, "only {cases} corpus cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The corpus must cover every data code (TL04xx).
#[test]
fn every_data_code_is_exercised() {
    let mut used = BTreeSet::new();
    for entry in std::fs::read_dir(repo().join("tests/corpus/data")).unwrap() {
        let expect = entry.unwrap().path().join("expect.txt");
        if let Ok(text) = std::fs::read_to_string(expect) {
            used.extend(
                text.lines()
                    .filter_map(|l| l.split_whitespace().next())
                    .map(str::to_owned),
            );
        }
    }
    let missing: Vec<&str> = talentloop::diag::Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|c| c.starts_with("TL04") && !used.contains(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "data codes no corpus case exercises: {missing:?}"
    );
}
