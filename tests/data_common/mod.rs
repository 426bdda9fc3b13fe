//! Helpers of the data tests: the fixture org (the acme-sales model with a small data
//! folder), loading data held in memory, and locating diagnostics as `CODE file:row:column`.
#![allow(dead_code)]

use chrono::NaiveDate;
use std::collections::BTreeMap;
use talentloop::data::{self, Loaded, Options};
use talentloop::diag::{Diagnostic, SourceMap};
use talentloop::model::{self, Input, OrgModel};

pub use crate::common::repo;

/// The day the data tests treat as today, so "in the future" never depends on the clock.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 7, 15).unwrap()
}

pub use crate::common::read_tree;

/// The fixture org's model, with its project file replaced when `project` is given.
pub fn model(project: Option<&[u8]>) -> OrgModel {
    let org = repo().join("tests/fixtures/data/org");
    let project = Input {
        path: "talentloop.yaml".into(),
        bytes: project
            .map(<[u8]>::to_vec)
            .unwrap_or_else(|| std::fs::read(org.join("talentloop.yaml")).unwrap()),
    };
    let models: Vec<Input> = read_tree(&repo().join("org-models/acme-sales"))
        .into_iter()
        .map(|(p, bytes)| Input {
            path: format!("models/{p}"),
            bytes,
        })
        .collect();
    let checked = model::check_inputs(&org, &project, &models);
    let rendered = talentloop::diag::render(
        &checked.diagnostics,
        &checked.sources,
        talentloop::diag::Format::Human,
    );
    checked
        .model
        .unwrap_or_else(|| panic!("the fixture model is invalid:\n{rendered}"))
}

/// The fixture org's clean data folder.
pub fn base_data() -> BTreeMap<String, Vec<u8>> {
    read_tree(&repo().join("tests/fixtures/data/org/data"))
}

/// Loads data held in memory (`sources.yaml` among the files), shown under `data/`.
pub fn load(model: &OrgModel, files: &BTreeMap<String, Vec<u8>>) -> Loaded {
    let sources = files.get(data::SOURCES_FILE).map(|b| Input {
        path: "data/sources.yaml".into(),
        bytes: b.clone(),
    });
    data::load_inputs(
        model,
        sources.as_ref(),
        "data",
        files,
        Options { today: today() },
    )
}

/// `CODE file:row:column` for a cell, `CODE file:line:column` for a text location.
pub fn located(d: &Diagnostic, sources: &SourceMap) -> String {
    match &d.primary {
        Some(p) => {
            let file = &sources.file(p.span.file).path;
            match &p.cell {
                Some(cell) => format!("{} {file}:{}:{}", d.code.as_str(), cell.row, cell.column),
                None => {
                    let lc = sources.line_col(p.span.file, p.span.start);
                    format!("{} {file}:{}:{}", d.code.as_str(), lc.line, lc.column)
                }
            }
        }
        None => d.code.as_str().to_owned(),
    }
}

pub fn render(loaded: &Loaded) -> String {
    talentloop::diag::render(
        &loaded.diagnostics,
        &loaded.sources,
        talentloop::diag::Format::Human,
    )
}
