//! The corpus of faulty rule sets: each folder under `tests/corpus/rules/` overlays the base
//! org of `tests/corpus/base/` (see `model_corpus.rs`) and names in `expect.txt` the
//! diagnostics it must produce. Rule tests in the overlay are run too.

mod common;

use common::{check_org, expectations, located, overlay, read_tree, render, repo};
use std::collections::BTreeSet;

#[test]
fn base_rules_are_clean() {
    let (checked, compiled) = check_org(&read_tree(&repo().join("tests/corpus/base")));
    assert!(
        checked.diagnostics.is_empty(),
        "{}",
        render(&checked.diagnostics, &checked.sources)
    );
    assert_eq!(compiled.map(|c| c.sets.len()), Some(1));
}

#[test]
fn corpus() {
    let base = read_tree(&repo().join("tests/corpus/base"));
    let mut failures: Vec<String> = Vec::new();
    insta::glob!("corpus/rules/*/expect.txt", |expect_path| {
        let case = expect_path.parent().unwrap();
        let (mut checked, compiled) = check_org(&overlay(&base, case));
        if let (Some(model), Some(compiled)) = (&checked.model, &compiled) {
            talentloop::rules::testing::run(model, compiled, &mut checked.diagnostics);
        }
        talentloop::diag::sort(&mut checked.diagnostics, &checked.sources);
        let rendered = render(&checked.diagnostics, &checked.sources);
        let found: BTreeSet<String> = checked
            .diagnostics
            .iter()
            .map(|d| located(d, &checked.sources))
            .collect();
        let expected = expectations(expect_path);
        if expected.is_empty() {
            failures.push(format!(
                "{}: expect.txt names no diagnostic",
                case.display()
            ));
        }
        for want in expected {
            if !found.contains(&want) {
                failures.push(format!(
                    "{}: expected `{want}`, found {found:?}",
                    case.display()
                ));
            }
        }
        insta::assert_snapshot!(rendered);
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
