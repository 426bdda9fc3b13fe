//! Files generated from the code must match what is committed: schemas, reference pages,
//! and the schema modelines of every example file.

mod common;

use common::repo;

#[test]
fn committed_schemas_match_the_types() {
    for (name, text) in talentloop::model::schema::all() {
        let committed =
            std::fs::read_to_string(repo().join("schemas").join(name)).unwrap_or_default();
        assert!(
            committed == text,
            "schemas/{name} is stale: run `cargo run -- schema`"
        );
    }
}

#[test]
fn committed_docs_match_the_code() {
    for (name, text) in talentloop::docs::all() {
        let committed = std::fs::read_to_string(repo().join("docs").join(name)).unwrap_or_default();
        assert!(
            committed == text,
            "docs/{name} is stale: run `cargo run -- docs`"
        );
    }
}

#[test]
fn every_example_file_has_a_schema_modeline_that_resolves() {
    let mut checked = 0;
    for root in ["org-models", "examples", "talentloop.yaml"] {
        for entry in walkdir::WalkDir::new(repo().join(root))
            .into_iter()
            .filter_map(Result::ok)
        {
            let path = entry.path();
            if !matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            ) {
                continue;
            }
            let text = std::fs::read_to_string(path).unwrap();
            let first = text.lines().next().unwrap_or_default();
            let schema = first
                .strip_prefix("# yaml-language-server: $schema=")
                .unwrap_or_else(|| panic!("{} lacks the schema modeline", path.display()));
            assert!(
                path.parent().unwrap().join(schema).is_file(),
                "{}: {schema} does not exist",
                path.display()
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} example files found");
}
