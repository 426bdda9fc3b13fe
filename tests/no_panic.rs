//! `check` must never panic, whatever the bytes: random edits of the bundled example files
//! (byte changes, deletions, duplicated lines, inserted YAML punctuation) must still give
//! diagnostics, not a crash.

mod common;

use common::{read_tree, repo};
use proptest::prelude::*;
use std::collections::BTreeMap;
use talentloop::model::{self, Input};

fn example() -> BTreeMap<String, Vec<u8>> {
    let mut files: BTreeMap<String, Vec<u8>> = read_tree(&repo().join("org-models/acme-sales"))
        .into_iter()
        .map(|(p, b)| (format!("models/{p}"), b))
        .collect();
    files.insert(
        "talentloop.yaml".into(),
        std::fs::read(repo().join("talentloop.yaml")).unwrap(),
    );
    files
}

#[derive(Debug, Clone)]
enum Mutation {
    SetByte { at: usize, byte: u8 },
    Delete { at: usize, len: usize },
    DuplicateLine { at: usize },
    Insert { at: usize, text: &'static str },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let fragments = prop::sample::select(vec![
        "\t",
        ":",
        "- ",
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "<<: *a\n",
        "!!binary ",
        "\"",
        "'",
        "\n  ",
        "? ",
        "|\n",
        "~",
        "\u{feff}",
        "\u{0}",
        "9999999999999999999999",
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::SetByte { at, byte }),
        (any::<usize>(), 1usize..200).prop_map(|(at, len)| Mutation::Delete { at, len }),
        any::<usize>().prop_map(|at| Mutation::DuplicateLine { at }),
        (any::<usize>(), fragments).prop_map(|(at, text)| Mutation::Insert { at, text }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    match *m {
        Mutation::SetByte { at, byte } => {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        Mutation::Delete { at, len } => {
            let at = at % bytes.len();
            let end = (at + len).min(bytes.len());
            bytes.drain(at..end);
        }
        Mutation::DuplicateLine { at } => {
            let lines: Vec<&[u8]> = bytes.split_inclusive(|b| *b == b'\n').collect();
            let i = at % lines.len();
            let mut out = Vec::with_capacity(bytes.len() + lines[i].len());
            for (k, line) in lines.iter().enumerate() {
                out.extend_from_slice(line);
                if k == i {
                    out.extend_from_slice(line);
                }
            }
            *bytes = out;
        }
        Mutation::Insert { at, text } => {
            let at = at % (bytes.len() + 1);
            bytes.splice(at..at, text.bytes());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn check_never_panics_on_mutated_examples(
        file in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..5),
    ) {
        let mut files = example();
        let key = file.get(&files.keys().cloned().collect::<Vec<_>>()).clone();
        let bytes = files.get_mut(&key).unwrap();
        for m in &mutations {
            apply(bytes, m);
        }
        let project = Input { path: "talentloop.yaml".into(), bytes: files["talentloop.yaml"].clone() };
        let models: Vec<Input> = files
            .iter()
            .filter(|(p, _)| p.starts_with("models/"))
            .map(|(p, b)| Input { path: p.clone(), bytes: b.clone() })
            .collect();
        let checked = model::check_inputs(std::path::Path::new("."), &project, &models);
        // Rendering touches every span: it must not panic either.
        let _ = talentloop::diag::render(&checked.diagnostics, &checked.sources, talentloop::diag::Format::Human);
        let _ = talentloop::diag::render(&checked.diagnostics, &checked.sources, talentloop::diag::Format::Json);
        // A model is returned exactly when no error was reported.
        prop_assert_eq!(checked.model.is_some(), !checked.diagnostics.iter().any(|d| d.is_error()));
    }
}
