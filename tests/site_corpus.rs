//! The portal's corpus: each folder of `tests/corpus/site/` is a case, built by the real
//! binary over the Chinese sample's model, rules and data. A case may hold
//! - `templates/`: the org's templates folder (shadowing the defaults);
//! - `setup/`: files put in the working folder first (an existing output folder, a file
//!   where a folder should be);
//! - `args`: the build's arguments, one a line (default `--demo`, `--out`, `site`);
//! - `expect.txt`: the diagnostics, `CODE` or `CODE file:line:column`, one a line;
//! - `contains.txt`: `path: text` lines the built site must contain.
//!
//! The full output is snapshotted per case.

mod site_common;

use site_common::*;
use std::path::Path;

fn copy_dir(from: &Path, to: &Path) {
    for (rel, bytes) in read_tree(from) {
        let path = to.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
}

/// `CODE file:line:column` (or `CODE`) of every diagnostic in human output.
fn found(stderr: &str, dir: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    for line in stderr.lines() {
        let head = line
            .strip_prefix("error[")
            .or_else(|| line.strip_prefix("warning["));
        if let Some(rest) = head {
            out.extend(current.take());
            current = rest.split(']').next().map(str::to_owned);
        } else if let Some(at) = line.trim_start().strip_prefix("┌─ ")
            && let Some(code) = current.take()
        {
            let at = at
                .trim()
                .replace(dir, "")
                .trim_start_matches('/')
                .to_owned();
            out.push(format!("{code} {at}"));
        }
    }
    out.extend(current);
    out.sort();
    out
}

#[test]
fn corpus() {
    let root = repo().join("tests/corpus/site");
    let mut failures = Vec::new();
    let mut cases = 0;
    insta::glob!("corpus/site/*/expect.txt", |expect_path| {
        cases += 1;
        let case = expect_path.parent().unwrap();
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        if case.join("setup").is_dir() {
            copy_dir(&case.join("setup"), dir);
        }
        let templates = dir.join("templates");
        if case.join("templates").is_dir() {
            copy_dir(&case.join("templates"), &templates);
        }
        project_file(
            dir,
            &repo().join("examples/acme-sales/data"),
            Some(&templates),
        );
        let args: Vec<String> = std::fs::read_to_string(case.join("args"))
            .map(|a| a.lines().map(str::to_owned).collect())
            .unwrap_or_else(|_| vec!["--demo".into(), "--out".into(), "site".into()]);
        let mut all = vec!["build".to_owned(), "--as-of".into(), AS_OF.into()];
        all.extend(args);
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        let run = talentloop(&refs, dir, &[]);
        let stderr = text(&run.stderr);
        let dir_s = dir.to_string_lossy().into_owned();
        let got = found(&stderr, &dir_s);
        let mut want: Vec<String> = std::fs::read_to_string(expect_path)
            .unwrap()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect();
        want.sort();
        if got != want {
            failures.push(format!(
                "{name}: expected {want:?}, found {got:?}\n{stderr}"
            ));
        }
        if let Ok(contains) = std::fs::read_to_string(case.join("contains.txt")) {
            for line in contains.lines().filter(|l| !l.is_empty()) {
                let (path, needle) = line.split_once(": ").unwrap();
                let page = std::fs::read_to_string(dir.join("site").join(path)).unwrap_or_default();
                if !page.contains(needle) {
                    failures.push(format!("{name}: site/{path} lacks `{needle}`"));
                }
            }
        }
        let snapshot = format!(
            "exit: {:?}\n{}",
            run.status.code(),
            stderr
                .replace(&dir_s, "[DIR]")
                .replace(&repo().to_string_lossy().into_owned(), "[REPO]")
                .lines()
                .filter(|l| !l.starts_with("built the") && !l.starts_with("note:"))
                .collect::<Vec<_>>()
                .join("\n")
        );
        insta::assert_snapshot!(snapshot);
    });
    assert!(cases >= 10, "only {cases} cases in {}", root.display());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The corpus covers every portal code (TL06xx).
#[test]
fn every_portal_code_is_exercised() {
    let mut used = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(repo().join("tests/corpus/site")).unwrap() {
        if let Ok(text) = std::fs::read_to_string(entry.unwrap().path().join("expect.txt")) {
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
        .filter(|c| c.starts_with("TL06") && !used.contains(*c))
        .collect();
    assert!(
        missing.is_empty(),
        "portal codes no corpus case exercises: {missing:?}"
    );
}
