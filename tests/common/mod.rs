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
