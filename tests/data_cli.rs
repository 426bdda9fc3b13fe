//! The data commands run as users run them: `data check` on the bundled samples and on
//! broken copies of the fixture org, `explain EMPLOYEE`, and `demo-data`.

mod common;
mod data_common;

use data_common::{read_tree, repo};
use std::path::Path;
use std::process::{Command, Output};

const AS_OF: &str = "2026-07-15";

fn talentloop(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_talentloop"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A copy of the fixture org whose `data/` files are replaced as given.
fn org(replace: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let models = repo().join("org-models/acme-sales");
    let project = std::fs::read_to_string(repo().join("tests/fixtures/data/org/talentloop.yaml"))
        .unwrap()
        .replace(
            "../../../../org-models/acme-sales",
            &models.to_string_lossy(),
        );
    std::fs::write(dir.path().join("talentloop.yaml"), project).unwrap();
    for (rel, bytes) in read_tree(&repo().join("tests/fixtures/data/org/data")) {
        let path = dir.path().join("data").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    for (rel, content) in replace {
        std::fs::write(dir.path().join("data").join(rel), content).unwrap();
    }
    dir
}

#[test]
fn data_check_passes_on_both_samples_and_lists_bad_rows() {
    for (project, name) in [
        (".", "acme_sales"),
        ("examples/acme-engineering", "acme_engineering"),
    ] {
        let out = talentloop(
            &["data", "check", "--project", project, "--as-of", AS_OF],
            &repo(),
        );
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{project}: {stderr}");
        assert!(stderr.contains(" 0 errors, "), "{stderr}");
        assert!(
            stderr.contains("warning[TL04"),
            "the samples hold bad rows: {stderr}"
        );
        insta::assert_snapshot!(format!("data_check_report_{name}"), text(&out.stdout));
    }
}

#[test]
fn data_check_writes_the_report_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("out/quality.json");
    let out = talentloop(
        &[
            "data",
            "check",
            "--as-of",
            AS_OF,
            "--json",
            json.to_str().unwrap(),
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(report["people"], 61);
    assert_eq!(report["as_of"], AS_OF);
    let issues = report["issues"].as_array().unwrap();
    assert!(
        issues
            .iter()
            .any(|i| i["code"] == "TL0427" && i["column"] == "评分"),
        "{issues:?}"
    );
    assert!(
        !dir.path().join("out/quality.tmp~").exists(),
        "no staging file is left behind"
    );
}

#[test]
fn a_missing_mapped_column_stops_with_file_and_column() {
    let reviews = "employee,kind,item,grade,date\nS2,overall,,B,\n";
    let dir = org(&[("2026H1/reviews.csv", reviews)]);
    let out = talentloop(&["data", "check", "--as-of", AS_OF], dir.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[TL0403]: column `rating` (mapped to `rating`) is missing from `data/2026H1/reviews.csv`"),
        "{stderr}"
    );
}

const BAD_RATING: &str = "employee,kind,item,rating,date\nS2,overall,,B,\nS2,competency,customer_needs_analysis,C,\nS3,overall,,A,\nS3,competency,customer_needs_analysis,A+,\n";

#[test]
fn a_rating_off_the_scale_skips_the_row_with_file_row_and_column() {
    let dir = org(&[("2025H2/reviews.csv", BAD_RATING)]);
    let out = talentloop(&["data", "check", "--as-of", AS_OF], dir.path());
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    insta::assert_snapshot!(stderr);
    assert!(stderr.contains("data/2025H2/reviews.csv:5:"), "{stderr}");
    assert!(stderr.contains("at row 5, column `rating` (D)"), "{stderr}");
    let stdout = text(&out.stdout);
    assert!(
        stdout
            .contains("data/2025H2/reviews.csv:5:rating  rating `A+` is not on the scale `grade5`"),
        "{stdout}"
    );
    // Denying warnings turns the skipped row into a failure.
    let out = talentloop(
        &["data", "check", "--as-of", AS_OF, "--deny-warnings"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn json_and_github_formats_carry_row_and_column() {
    let dir = org(&[("2025H2/reviews.csv", BAD_RATING)]);
    let out = talentloop(
        &["data", "check", "--as-of", AS_OF, "--format", "json"],
        dir.path(),
    );
    let d: serde_json::Value =
        serde_json::from_str(text(&out.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(d["code"], "TL0427");
    assert_eq!(d["file"], "data/2025H2/reviews.csv");
    assert_eq!(
        (d["row"].as_u64(), d["field"].as_str()),
        (Some(5), Some("rating"))
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(5), Some(39))
    );
    let out = talentloop(
        &["data", "check", "--as-of", AS_OF, "--format", "github"],
        dir.path(),
    );
    assert_eq!(
        text(&out.stdout),
        "::warning file=data/2025H2/reviews.csv,line=5,col=39,title=TL0427::row 5, column `rating` (D): rating `A+` is not on the scale `grade5`%0Ahelp: did you mean `A`?\n"
    );
}

#[test]
fn xlsx_diagnostics_are_located_by_row_and_column() {
    let out = talentloop(
        &["data", "check", "--as-of", AS_OF, "--format", "json"],
        &repo(),
    );
    let line = text(&out.stdout)
        .lines()
        .find(|l| l.contains("\"TL0427\""))
        .map(str::to_owned)
        .expect("the sample has a rating off the scale");
    let d: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(d["file"], "examples/acme-sales/data/2025H2/绩效评估.xlsx");
    // In a workbook the line and column are the cell's row and column position.
    assert_eq!(
        (d["row"].as_u64(), d["field"].as_str()),
        (Some(336), Some("评分"))
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(336), Some(5))
    );
    // People see the cell, since a workbook has no line to quote.
    let out = talentloop(&["data", "check", "--as-of", AS_OF], &repo());
    let stderr = text(&out.stderr);
    let at = stderr.find("warning[TL0427]").expect("reported");
    insta::assert_snapshot!(stderr[at..].split("\n\n").next().unwrap_or_default());
}

#[test]
fn no_sources_file_is_an_error() {
    let dir = org(&[]);
    std::fs::remove_file(dir.path().join("data/sources.yaml")).unwrap();
    let out = talentloop(&["data", "check"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("error[TL0401]: no `sources.yaml` in the data folder `data`")
    );
}

#[test]
fn explain_shows_facts_with_their_sources() {
    let out = talentloop(&["explain", "S1012", "--as-of", AS_OF], &repo());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    insta::assert_snapshot!(text(&out.stdout));
    // An alias finds the same person; another cycle gives that cycle's facts.
    let out = talentloop(
        &[
            "explain",
            "s1012@acme.example",
            "--cycle",
            "2025H2",
            "--as-of",
            AS_OF,
        ],
        &repo(),
    );
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("S1012 秦磊 in 2025H2 (found by the alias `s1012@acme.example`)"),
        "{stdout}"
    );
    let previous = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("previous_rating(overall)"))
        .unwrap_or_default();
    assert!(
        previous.contains("unknown"),
        "no previous cycle: {previous}"
    );
}

#[test]
fn explain_unknown_people_and_cycles() {
    let out = talentloop(&["explain", "S1O12", "--as-of", AS_OF], &repo());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("error: no person `S1O12` in the data; did you mean `S1012`?"),
        "{}",
        text(&out.stderr)
    );
    let out = talentloop(
        &["explain", "S1012", "--cycle", "2024H1", "--as-of", AS_OF],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("cycle `2024H1` is not listed in the project file (cycles: 2025H2, 2026H1)")
    );
}

#[test]
fn demo_data_writes_a_deterministic_org_that_both_checks_accept() {
    let dir = tempfile::tempdir().unwrap();
    for out_dir in ["a", "b"] {
        let out = talentloop(
            &[
                "demo-data",
                "--people",
                "120",
                "--cycles",
                "3",
                "--seed",
                "7",
                "--out",
                out_dir,
            ],
            dir.path(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    let a = read_tree(&dir.path().join("a"));
    assert_eq!(a, read_tree(&dir.path().join("b")), "same seed, same files");
    assert!(a.contains_key("data/2025H1/reviews.csv") && a.contains_key("data/2026H1/reviews.csv"));
    let out = talentloop(&["check", "--project", "a", "--deny-warnings"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = talentloop(
        &["data", "check", "--project", "a", "--deny-warnings"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("total: "),
        "{}",
        text(&out.stdout)
    );
    // Another seed, other data.
    let out = talentloop(
        &[
            "demo-data",
            "--people",
            "120",
            "--cycles",
            "3",
            "--seed",
            "8",
            "--out",
            "c",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_ne!(
        a.get("data/2025H1/reviews.csv"),
        read_tree(&dir.path().join("c")).get("data/2025H1/reviews.csv")
    );
    // An existing project is never overwritten.
    let out = talentloop(&["demo-data", "--out", "a"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("already holds a talentloop project"));
}
