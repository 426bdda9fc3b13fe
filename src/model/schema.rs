//! JSON Schemas for the file kinds, generated from the raw types so they cannot drift.

use super::raw;
use schemars::{JsonSchema, generate::SchemaSettings};

/// Every schema as `(file name, pretty JSON)`, in a stable order.
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        (
            "project.schema.json",
            render::<raw::ProjectFile>("talentloop project file (talentloop.yaml)"),
        ),
        (
            "model.schema.json",
            render::<raw::ModelFile>("talentloop model file"),
        ),
        (
            "rules.schema.json",
            render::<crate::rules::raw::RuleSetFile>("talentloop rule set file"),
        ),
        (
            "rule-tests.schema.json",
            render::<crate::rules::raw::TestFile>("talentloop rule test file"),
        ),
        (
            "facts.schema.json",
            render::<crate::rules::raw::FactsFile>("talentloop facts file (explain --facts)"),
        ),
        (
            "sources.schema.json",
            render::<crate::data::raw::SourcesFile>(
                "talentloop review data sources (sources.yaml in the data folder)",
            ),
        ),
    ]
}

fn render<T: JsonSchema>(title: &str) -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
