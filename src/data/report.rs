//! The data-quality report: what was read from each file, what was loaded and skipped and
//! why, how well records resolved to people and to the model, and coverage per cycle.
//!
//! It is a plain value (serialised as JSON for the portal) with a text rendering for
//! `talentloop data check`; nothing here prints.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The whole report of one load.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    /// Dates after this day count as in the future.
    pub as_of: Option<NaiveDate>,
    pub files: Vec<FileReport>,
    pub people: usize,
    pub identity: IdentityReport,
    pub learning: LearningReport,
    pub cycles: Vec<CycleReport>,
    /// Every row that was skipped, ignored or loaded with a value left unknown, in file and row order.
    pub issues: Vec<RowIssue>,
}

/// Rows read from one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileReport {
    pub path: String,
    pub kind: &'static str,
    /// The cycle folder the file is in, when its source is per cycle.
    pub cycle: Option<String>,
    pub format: &'static str,
    pub encoding: &'static str,
    /// Non-blank rows below the header (JSON: records; xAPI: statements).
    pub rows_read: usize,
    pub rows_loaded: usize,
    /// Rows not loaded because of a problem (each is in `issues`).
    pub rows_skipped: usize,
    /// Rows that are not records by configuration, such as xAPI statements whose verb is
    /// only activity (each is in `issues`, without a code).
    pub rows_ignored: usize,
    /// The file could not be read (a structural error): no row of it is loaded.
    pub failed: bool,
}

/// How records resolved to one talent ID.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IdentityReport {
    /// Ids and aliases that resolve to exactly one person.
    pub keys: usize,
    /// Aliases dropped because they point at two people.
    pub ambiguous: usize,
    /// Records whose person resolved.
    pub records_resolved: usize,
    /// Records whose person did not resolve (skipped; each is in `issues`).
    pub records_unresolved: usize,
    /// The unresolved references and how often each occurred.
    pub unresolved: BTreeMap<String, usize>,
}

/// How learning records matched a person and a resource.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LearningReport {
    /// Learning rows that are records (read minus ignored).
    pub records: usize,
    pub matched_person: usize,
    pub matched_resource: usize,
    /// Matched to both and loaded.
    pub loaded: usize,
    /// `loaded / records`, when there are records.
    pub coverage: Option<f64>,
}

/// Coverage in one cycle.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CycleReport {
    pub cycle: String,
    /// People the people exports place in this cycle.
    pub people: usize,
    /// Of them, people with an overall rating.
    pub reviewed: usize,
    pub review_coverage: Option<f64>,
    /// Competency rating rows, and how many mapped to a model competency.
    pub competency_ratings: usize,
    pub competency_ratings_mapped: usize,
    pub competency_coverage: Option<f64>,
    /// People with a development dialogue this cycle (发展对话覆盖率).
    pub with_dialogue: usize,
    pub dialogue_coverage: Option<f64>,
    /// People with a learning record dated in this cycle (学习参与度).
    pub learning_active: usize,
    pub participation: Option<f64>,
}

/// What happened to a row with a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The row was not loaded.
    Skipped,
    /// Not a record by configuration (not a problem).
    Ignored,
    /// The row was loaded; one value is left unknown.
    ValueDropped,
}

/// One row with a problem.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RowIssue {
    pub file: String,
    pub row: usize,
    pub column: String,
    /// The diagnostic code; `None` for ignored rows.
    pub code: Option<&'static str>,
    pub outcome: Outcome,
    pub message: String,
}

/// A share, for the report: `None` when there is nothing to divide.
pub fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// Columns a string takes in a terminal: East Asian wide characters take two.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let wide = matches!(u32::from(c),
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// `s` padded with spaces to `width` terminal columns.
pub fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(display_width(s))))
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "-".to_owned(), |v| format!("{:.0}%", v * 100.0))
}

impl Report {
    /// Rows read, loaded, skipped and ignored over all files.
    pub fn totals(&self) -> (usize, usize, usize, usize) {
        self.files.iter().fold((0, 0, 0, 0), |t, f| {
            (
                t.0 + f.rows_read,
                t.1 + f.rows_loaded,
                t.2 + f.rows_skipped,
                t.3 + f.rows_ignored,
            )
        })
    }

    /// The report as text for people: files, identity, coverage, then skipped rows grouped
    /// by reason (at most `max_rows` listed per reason).
    pub fn render_text(&self, max_rows: usize) -> String {
        let mut out = String::from("Data-quality report");
        if let Some(d) = self.as_of {
            let _ = write!(out, " (as of {d})");
        }
        out.push_str("\n\nFiles\n");
        let width = self
            .files
            .iter()
            .map(|f| display_width(&f.path))
            .max()
            .unwrap_or(4);
        let _ = writeln!(
            out,
            "  {}  {:<9}  {:<7}  {:>6}  {:>6}  {:>7}  {:>7}",
            pad("file", width),
            "kind",
            "cycle",
            "read",
            "loaded",
            "skipped",
            "ignored"
        );
        for f in &self.files {
            let _ = writeln!(
                out,
                "  {}  {:<9}  {:<7}  {:>6}  {:>6}  {:>7}  {:>7}{}",
                pad(&f.path, width),
                f.kind,
                f.cycle.as_deref().unwrap_or("-"),
                f.rows_read,
                f.rows_loaded,
                f.rows_skipped,
                f.rows_ignored,
                if f.failed {
                    "  (not read: see errors)"
                } else {
                    ""
                }
            );
        }
        let (read, loaded, skipped, ignored) = self.totals();
        let _ = writeln!(
            out,
            "  total: {read} rows read, {loaded} loaded, {skipped} skipped, {ignored} ignored"
        );
        let id = &self.identity;
        let _ = writeln!(
            out,
            "\nIdentity\n  {} people, {} ids and aliases; {} records resolved, {} unresolved; {} ambiguous aliases",
            self.people, id.keys, id.records_resolved, id.records_unresolved, id.ambiguous
        );
        if !id.unresolved.is_empty() {
            let list: Vec<String> = id
                .unresolved
                .iter()
                .map(|(k, n)| {
                    if *n > 1 {
                        format!("{k} ({n})")
                    } else {
                        k.clone()
                    }
                })
                .collect();
            let _ = writeln!(out, "  unresolved: {}", list.join(", "));
        }
        let l = &self.learning;
        let _ = writeln!(
            out,
            "\nLearning records\n  {} records: {} matched to a person, {} to a resource, {} loaded ({})",
            l.records,
            l.matched_person,
            l.matched_resource,
            l.loaded,
            pct(l.coverage)
        );
        out.push_str("\nCoverage per cycle\n");
        let _ = writeln!(
            out,
            "  {:<8}  {:>6}  {:>9}  {:>17}  {:>9}  {:>13}",
            "cycle", "people", "reviewed", "competency rated", "dialogue", "participation"
        );
        for c in &self.cycles {
            let _ = writeln!(
                out,
                "  {:<8}  {:>6}  {:>9}  {:>17}  {:>9}  {:>13}",
                c.cycle,
                c.people,
                pct(c.review_coverage),
                format!(
                    "{}/{} {}",
                    c.competency_ratings_mapped,
                    c.competency_ratings,
                    pct(c.competency_coverage)
                ),
                pct(c.dialogue_coverage),
                pct(c.participation)
            );
        }
        let problems: Vec<&RowIssue> = self
            .issues
            .iter()
            .filter(|i| i.outcome != Outcome::Ignored)
            .collect();
        let _ = writeln!(out, "\nRows with problems: {}", problems.len());
        let mut by_reason: BTreeMap<(&str, Outcome), Vec<&RowIssue>> = BTreeMap::new();
        for i in &problems {
            by_reason
                .entry((i.code.unwrap_or("-"), i.outcome))
                .or_default()
                .push(i);
        }
        for ((code, outcome), rows) in &by_reason {
            let what = match outcome {
                Outcome::Skipped => "skipped",
                Outcome::ValueDropped => "loaded, value left unknown",
                Outcome::Ignored => "ignored",
            };
            let _ = writeln!(out, "  {code} ({what}): {}", rows.len());
            for i in rows.iter().take(max_rows) {
                let _ = writeln!(out, "    {}:{}:{}  {}", i.file, i.row, i.column, i.message);
            }
            if rows.len() > max_rows {
                let _ = writeln!(
                    out,
                    "    ... and {} more (see --json)",
                    rows.len() - max_rows
                );
            }
        }
        let mut ignored: BTreeMap<&str, usize> = BTreeMap::new();
        for i in self.issues.iter().filter(|i| i.outcome == Outcome::Ignored) {
            *ignored.entry(i.message.as_str()).or_default() += 1;
        }
        if !ignored.is_empty() {
            out.push_str("\nIgnored rows (not records)\n");
            for (why, n) in ignored {
                let _ = writeln!(out, "  {n} x {why}");
            }
        }
        out
    }
}
