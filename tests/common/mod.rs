//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use talentloop::diag::{self, Diagnostic, Format, SourceMap};
use talentloop::model::{self, Checked, Input};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, by path relative to it (with `/`).
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Checks an org held in memory: `talentloop.yaml` and every file under `models/`.
pub fn check_tree(files: &BTreeMap<String, Vec<u8>>) -> Checked {
    let project = Input {
        path: "talentloop.yaml".into(),
        bytes: files.get("talentloop.yaml").cloned().unwrap_or_default(),
    };
    let models: Vec<Input> = files
        .iter()
        .filter(|(p, _)| p.starts_with("models/"))
        .map(|(p, b)| Input {
            path: p.clone(),
            bytes: b.clone(),
        })
        .collect();
    model::check_inputs(Path::new("."), &project, &models)
}

pub fn render(diags: &[Diagnostic], sources: &SourceMap) -> String {
    diag::render(diags, sources, Format::Human)
}

/// `CODE file:line:column` of a diagnostic's primary location.
pub fn located(d: &Diagnostic, sources: &SourceMap) -> String {
    match &d.primary {
        Some(p) => {
            let lc = sources.line_col(p.span.file, p.span.start);
            format!(
                "{} {}:{}:{}",
                d.code.as_str(),
                sources.file(p.span.file).path,
                lc.line,
                lc.column
            )
        }
        None => d.code.as_str().to_owned(),
    }
}

/// Checks an org held in memory through the rules: the model, then (when it is valid) the
/// rule sets under `rules/` and the tests under `rules/tests/`, compiled and analysed.
pub fn check_org(
    files: &BTreeMap<String, Vec<u8>>,
) -> (Checked, Option<talentloop::rules::Compiled>) {
    let mut checked = check_tree(files);
    let input = |(p, b): (&String, &Vec<u8>)| Input {
        path: p.clone(),
        bytes: b.clone(),
    };
    let rule_files = talentloop::rules::RuleFiles {
        sets: files
            .iter()
            .filter(|(p, _)| p.starts_with("rules/") && !p.starts_with("rules/tests/"))
            .map(input)
            .collect(),
        tests: files
            .iter()
            .filter(|(p, _)| p.starts_with("rules/tests/"))
            .map(input)
            .collect(),
    };
    let compiled = checked.model.as_ref().map(|m| {
        talentloop::rules::compile(
            m,
            &rule_files,
            &mut checked.sources,
            &mut checked.diagnostics,
        )
    });
    diag::sort(&mut checked.diagnostics, &checked.sources);
    (checked, compiled)
}

/// The base org of the corpora with a case folder laid over it: the case's files replace or
/// add files; a `DELETE` file lists base files to remove; `expect.txt` is not part of the org.
pub fn overlay(base: &BTreeMap<String, Vec<u8>>, case: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = base.clone();
    for (rel, bytes) in read_tree(case) {
        match rel.as_str() {
            "expect.txt" => {}
            "DELETE" => {
                for gone in String::from_utf8_lossy(&bytes)
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                {
                    files.remove(gone);
                }
            }
            _ => {
                files.insert(rel, bytes);
            }
        }
    }
    files
}

/// The `CODE path:line:column` lines of an `expect.txt`, comments and blanks skipped.
pub fn expectations(expect: &Path) -> Vec<String> {
    std::fs::read_to_string(expect)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}
pub mod bench_table;

/// A plan as indented JSON, for snapshots and comparisons a reviewer reads.
pub fn plan_json(plan: &talentloop::plan::Plan) -> String {
    serde_json::to_string_pretty(plan).unwrap() + "\n"
}
