//! The bundled example rule sets: they compile without findings, their tests pass with every
//! rule covered, and their compiled tables (as a designer reviews them) are snapshotted.

mod common;

use common::repo;
use talentloop::rules;
use talentloop::table::render;

fn compiled(project: &str) -> (talentloop::model::OrgModel, rules::Compiled, String) {
    let loaded = rules::load_project(&repo().join(project));
    let rendered = talentloop::diag::render(
        &loaded.checked.diagnostics,
        &loaded.checked.sources,
        talentloop::diag::Format::Human,
    );
    assert!(
        loaded.checked.diagnostics.is_empty(),
        "{project}: {rendered}"
    );
    (
        loaded.checked.model.expect("valid"),
        loaded.compiled.expect("compiled"),
        rendered,
    )
}

#[test]
fn example_tables_match_their_snapshots() {
    for (name, project) in [
        ("acme-sales", "."),
        ("acme-engineering", "examples/acme-engineering"),
    ] {
        let (model, compiled, _) = compiled(project);
        assert!(
            compiled.sets.len() >= 3,
            "{name}: {} rule sets",
            compiled.sets.len()
        );
        let rules: usize = compiled.sets.iter().map(|s| s.rules.len()).sum();
        assert!((15..=30).contains(&rules), "{name}: {rules} rules");
        for (t, s) in compiled.tables.iter().zip(&compiled.sets) {
            insta::assert_snapshot!(
                format!("{name}-{}", s.id),
                render::markdown(t, s, &model.default_locale)
            );
        }
    }
}

#[test]
fn example_rule_tests_pass_and_cover_every_rule() {
    for project in [".", "examples/acme-engineering"] {
        let (model, compiled, _) = compiled(project);
        let mut diags = Vec::new();
        let report = rules::testing::run(&model, &compiled, &mut diags);
        assert!(
            report.results.len() >= 10,
            "{project}: {} tests",
            report.results.len()
        );
        let failed: Vec<_> = report
            .results
            .iter()
            .filter(|r| !r.failures.is_empty())
            .collect();
        assert!(failed.is_empty(), "{project}: {failed:?}");
        assert!(
            report.uncovered.is_empty(),
            "{project}: not covered {:?}",
            report.uncovered
        );
        assert!(diags.is_empty(), "{project}: {diags:?}");
    }
}

#[test]
fn artifacts_are_versioned_and_hashed() {
    let (_, compiled, _) = compiled(".");
    for (t, s) in compiled.tables.iter().zip(&compiled.sets) {
        let json: serde_json::Value = serde_json::from_str(&render::json(t, s)).unwrap();
        assert_eq!(json["format"], "talentloop/decision-table");
        assert_eq!(json["version"], render::FORMAT_VERSION);
        assert_eq!(json["rows"].as_array().map(Vec::len), Some(t.rows.len()));
        let hash = json["content_hash"].as_str().unwrap();
        assert!(hash.starts_with("sha256:") && hash.len() == 71, "{hash}");
        assert_eq!(hash, render::content_hash(t, s), "the hash is stable");
        let html = render::html(t, s, "zh-CN");
        assert!(html.contains("lang=\"zh-CN\"") && !html.contains("<script"));
    }
}
