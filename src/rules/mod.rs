//! Learning-trigger rules: the facts they test, the condition language, rule files, type
//! checking, and rule tests.
//!
//! [`load`] is the edge that reads an org's rules folder; everything else works on values.

pub mod check;
pub mod facts;
pub mod input;
pub mod raw;
pub mod syntax;
pub mod testing;
pub mod typed;

use crate::diag::{Code, Diagnostic, SourceMap};
use crate::model::{Checked, Input, OrgModel, display_path, parse_yaml};
use crate::table::{self, DecisionTable, analysis};
use check::{ParsedRuleSet, RuleSet};
use std::path::Path;

/// The folder inside an org's rules folder that holds rule tests.
pub const TESTS_DIR: &str = "tests";

/// Rule sets checked and compiled, with their analysis and every diagnostic.
#[derive(Debug)]
pub struct Compiled {
    pub sets: Vec<RuleSet>,
    /// One table per rule set, in the same order.
    pub tables: Vec<DecisionTable>,
    pub tests: Vec<testing::ParsedTests>,
}

/// The rule files of an org: rule sets, and test files under `tests/`.
#[derive(Debug, Default)]
pub struct RuleFiles {
    pub sets: Vec<Input>,
    pub tests: Vec<Input>,
}

/// Reads every `.yaml` file of the rules folder, sorted by path; `tests/` holds the tests.
pub fn read_files(dir: &Path, diags: &mut Vec<Diagnostic>) -> RuleFiles {
    let mut files = RuleFiles::default();
    if !dir.is_dir() {
        diags.push(
            Diagnostic::new(
                Code::Io,
                format!("the rules folder `{}` does not exist", display_path(dir)),
            )
            .help("set `paths.rules` in talentloop.yaml to the folder that holds the rule sets"),
        );
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::new(
                    Code::Io,
                    format!("failed to read the rules folder: {e}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        if !entry.file_type().is_file() || !yaml {
            continue;
        }
        match std::fs::read(path) {
            Ok(bytes) => {
                let input = Input {
                    path: display_path(path),
                    bytes,
                };
                let in_tests = path
                    .strip_prefix(dir)
                    .is_ok_and(|rel| rel.starts_with(TESTS_DIR));
                if in_tests {
                    files.tests.push(input)
                } else {
                    files.sets.push(input)
                }
            }
            Err(e) => diags.push(Diagnostic::new(
                Code::Io,
                format!("failed to read `{}`: {e}", display_path(path)),
            )),
        }
    }
    files
}

/// Parses, checks, compiles and analyses the rule sets, and parses the tests.
pub fn compile(
    model: &OrgModel,
    files: &RuleFiles,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Compiled {
    let parsed: Vec<ParsedRuleSet> = files
        .sets
        .iter()
        .filter_map(|input| {
            let (file, raw) = parse_yaml::<raw::RuleSetFile>(input, sources, diags);
            raw.map(|raw| ParsedRuleSet { file, raw })
        })
        .collect();
    let sets = check::check(model, &parsed, sources, diags);
    let tables: Vec<DecisionTable> = sets.iter().map(|s| table::compile(s, diags)).collect();
    for (t, s) in tables.iter().zip(&sets) {
        diags.extend(analysis::analyse(t, s, model));
    }
    let tests = files
        .tests
        .iter()
        .filter_map(|input| {
            let (file, raw) = parse_yaml::<raw::TestFile>(input, sources, diags);
            raw.map(|raw| testing::ParsedTests { file, raw })
        })
        .collect();
    Compiled {
        sets,
        tables,
        tests,
    }
}

/// An org loaded up to its compiled rules: the model check, then (when the model is valid)
/// the rule sets. Diagnostics of both stages are in `checked.diagnostics`, sorted.
#[derive(Debug)]
pub struct Loaded {
    pub checked: Checked,
    pub compiled: Option<Compiled>,
}

/// Reads, checks and compiles an org's model and rules.
pub fn load_project(dir: &Path) -> Loaded {
    load_project_with(dir, |_| ()).0
}

/// The same, and `alongside` run on the checked model (when it is valid) on another thread
/// while the rules compile: the review data loads meanwhile, since it needs the model but
/// not the rules.
pub fn load_project_with<T: Send>(
    dir: &Path,
    alongside: impl FnOnce(&OrgModel) -> T + Send,
) -> (Loaded, Option<T>) {
    let mut checked = crate::model::check_project(dir);
    let (diagnostics, sources) = (&mut checked.diagnostics, &mut checked.sources);
    let (compiled, other) = match checked.model.as_ref() {
        Some(model) => {
            let (compiled, other) = rayon::join(
                || {
                    let files = read_files(&model.paths.rules, diagnostics);
                    compile(model, &files, sources, diagnostics)
                },
                || alongside(model),
            );
            (Some(compiled), Some(other))
        }
        None => (None, None),
    };
    crate::diag::sort(&mut checked.diagnostics, &checked.sources);
    (Loaded { checked, compiled }, other)
}
