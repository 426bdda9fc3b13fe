//! Decision tables as a versioned JSON artifact (with a content hash), as Markdown for pull
//! requests, and as a standalone HTML page.

use super::DecisionTable;
use super::cell::{Cell, Interval, NumSet, Truth, Values};
use crate::rules::check::RuleSet;
use crate::rules::raw::{Action, LevelStep};
use crate::rules::typed::{Domain, TypedColumn};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// The version of the JSON artifact's format.
pub const FORMAT_VERSION: u32 = 1;

/// A cell as a unary test, e.g. `≥ 2`, `[1..3]`, `A, S`, `not(sales)`, `missing`, `-`.
pub fn cell_text(cell: &Cell, column: &TypedColumn) -> String {
    let Cell::Test { values, unknown } = cell else {
        return "-".into();
    };
    let mut parts: Vec<String> = match values {
        Values::Num(set) => match &column.domain {
            // Finite domains are shown by their values, not by intervals around them.
            Domain::Bool => [(1.0, "true"), (0.0, "false")]
                .iter()
                .filter(|(v, _)| set.contains(*v))
                .map(|(_, t)| (*t).to_owned())
                .collect(),
            Domain::Rating { labels, .. } => {
                let top = (labels.len().max(1) - 1) as f64;
                let within = NumSet::new(
                    vec![Interval {
                        lo: 0.0,
                        lo_closed: true,
                        hi: top,
                        hi_closed: true,
                    }],
                    true,
                );
                set.intersect(&within, true)
                    .0
                    .iter()
                    .map(|i| interval_text(i, &column.domain))
                    .collect()
            }
            _ => set
                .0
                .iter()
                .map(|i| interval_text(i, &column.domain))
                .collect(),
        },
        Values::Text(set) if set.complement && set.values.is_empty() => vec!["any value".into()],
        Values::Text(set) => {
            let list = set.values.iter().cloned().collect::<Vec<_>>().join(", ");
            if set.complement {
                vec![format!("not({list})")]
            } else if list.is_empty() {
                vec![]
            } else {
                vec![list]
            }
        }
    };
    if *unknown == Truth::True {
        parts.push("missing".into());
    }
    if parts.is_empty() {
        return "∅ (never)".into();
    }
    parts.join(", ")
}

fn value_text(v: f64, domain: &Domain) -> String {
    match domain {
        Domain::Rating { labels, .. } => labels
            .get(v as usize)
            .cloned()
            .unwrap_or_else(|| v.to_string()),
        Domain::Bool => (v != 0.0).to_string(),
        Domain::Months => format!("{v}mo"),
        _ => v.to_string(),
    }
}

fn interval_text(i: &Interval, domain: &Domain) -> String {
    let v = |x: f64| value_text(x, domain);
    match (i.lo.is_finite(), i.hi.is_finite()) {
        (false, false) => "any value".into(),
        (true, false) => format!("{} {}", if i.lo_closed { "≥" } else { ">" }, v(i.lo)),
        (false, true) => format!("{} {}", if i.hi_closed { "≤" } else { "<" }, v(i.hi)),
        _ if i.lo == i.hi => v(i.lo),
        _ if i.lo_closed && i.hi_closed => format!("[{}..{}]", v(i.lo), v(i.hi)),
        _ => format!(
            "{}{}..{}{}",
            if i.lo_closed { "[" } else { "(" },
            v(i.lo),
            v(i.hi),
            if i.hi_closed { "]" } else { ")" }
        ),
    }
}

/// The snake_case name serde gives an enum value (`rule_order`, `micro_course`, ...).
pub fn snake<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The text of a `Text` in its first locale, for one-line summaries.
fn first_text(t: &crate::model::raw::Text) -> &str {
    match t {
        crate::model::raw::Text::Plain(s) => s,
        crate::model::raw::Text::PerLocale(entries) => entries.first().map_or("", |e| e.1.as_str()),
    }
}

/// A one-line summary of an action, e.g. `recommend(course, workshop; to required; ≤ 20 h)`.
pub fn action_text(a: &Action) -> String {
    let with_competency = |kind: &str, c: &Option<String>| match c {
        Some(c) => format!("{kind}({c})"),
        None => kind.to_owned(),
    };
    match a {
        Action::Develop(d) => with_competency("develop", &d.competency),
        Action::Recommend(r) => {
            let mut parts = Vec::new();
            if let Some(c) = &r.competency {
                parts.push(c.clone());
            }
            if !r.kinds.is_empty() {
                parts.push(
                    r.kinds
                        .iter()
                        .map(|k| snake(&k))
                        .collect::<Vec<_>>()
                        .join(", "),
                );
            }
            // A list of ids alone chooses no level step.
            if r.ids.is_empty() || !r.kinds.is_empty() {
                parts.push(match r.levels {
                    LevelStep::Next => "next level".into(),
                    LevelStep::ToRequired => "to required".into(),
                    LevelStep::Beyond => "beyond required".into(),
                });
            }
            if let Some(h) = r.max_hours {
                parts.push(format!("≤ {h} h"));
            }
            if !r.ids.is_empty() {
                parts.push(r.ids.join(", "));
            }
            format!("recommend({})", parts.join("; "))
        }
        Action::Mentor(m) => with_competency("mentor", &m.competency),
        Action::Practice(p) if p.kinds.is_empty() => with_competency("practice", &p.competency),
        Action::Practice(p) => {
            let kinds: Vec<String> = p.kinds.iter().map(snake).collect();
            let mut parts = p.competency.iter().cloned().collect::<Vec<_>>();
            parts.push(kinds.join(", "));
            format!("practice({})", parts.join("; "))
        }
        Action::Dialogue(d) => match (&d.guide, d.situation) {
            (Some(g), _) => format!("dialogue({g})"),
            (None, Some(s)) => format!("dialogue({})", snake(&s)),
            _ => "dialogue".into(),
        },
        Action::Flag(f) => match &f.label {
            Some(label) => format!("flag({}: {})", snake(&f.flag), first_text(label)),
            None => format!("flag({})", snake(&f.flag)),
        },
        Action::Note(n) => format!("note: {}", first_text(&n.text)),
    }
}

#[derive(Serialize)]
struct Artifact<'a> {
    format: &'static str,
    version: u32,
    rule_set: &'a str,
    scope: crate::rules::facts::Scope,
    hit_policy: crate::rules::raw::HitPolicy,
    complete: bool,
    columns: Vec<ArtifactColumn<'a>>,
    rows: Vec<ArtifactRow<'a>>,
    disabled_rules: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_hash: Option<String>,
}

#[derive(Serialize)]
struct ArtifactColumn<'a> {
    expr: String,
    domain: &'a Domain,
    may_be_unknown: bool,
}

#[derive(Serialize)]
struct ArtifactRow<'a> {
    rule: &'a str,
    branch: usize,
    priority: i64,
    cells: Vec<ArtifactCell<'a>>,
    actions: &'a [Action],
}

#[derive(Serialize)]
struct ArtifactCell<'a> {
    text: String,
    test: &'a Cell,
}

fn artifact<'a>(table: &'a DecisionTable, set: &'a RuleSet) -> Artifact<'a> {
    Artifact {
        format: "talentloop/decision-table",
        version: FORMAT_VERSION,
        rule_set: &table.rule_set,
        scope: table.scope,
        hit_policy: table.hit_policy,
        complete: table.complete,
        columns: table
            .columns
            .iter()
            .map(|c| ArtifactColumn {
                expr: c.column.to_string(),
                domain: &c.domain,
                may_be_unknown: c.may_be_unknown,
            })
            .collect(),
        rows: table
            .rows
            .iter()
            .map(|r| ArtifactRow {
                rule: &r.rule_id,
                branch: r.branch,
                priority: set.rules[r.rule].priority,
                cells: r
                    .cells
                    .iter()
                    .zip(&table.columns)
                    .map(|(c, col)| ArtifactCell {
                        text: cell_text(c, col),
                        test: c,
                    })
                    .collect(),
                actions: &set.rules[r.rule].actions,
            })
            .collect(),
        disabled_rules: set
            .rules
            .iter()
            .filter(|r| !r.enabled)
            .map(|r| r.id.as_str())
            .collect(),
        content_hash: None,
    }
}

/// The content hash of a table: SHA-256 over its JSON form without the hash.
pub fn content_hash(table: &DecisionTable, set: &RuleSet) -> String {
    let body = serde_json::to_vec(&artifact(table, set)).unwrap_or_default();
    let digest = Sha256::digest(&body);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// The versioned JSON artifact.
pub fn json(table: &DecisionTable, set: &RuleSet) -> String {
    let mut a = artifact(table, set);
    a.content_hash = Some(content_hash(table, set));
    let mut text = serde_json::to_string_pretty(&a).unwrap_or_default();
    text.push('\n');
    text
}

/// The rows as a grid of texts: header first. Shared by Markdown and HTML.
fn grid(table: &DecisionTable, set: &RuleSet, locale: &str) -> Vec<Vec<String>> {
    let by_priority = table.hit_policy == crate::rules::raw::HitPolicy::Priority;
    let mut header = vec!["#".to_owned(), "rule".to_owned(), "title".to_owned()];
    header.extend(table.columns.iter().map(|c| c.column.to_string()));
    header.push("actions".to_owned());
    if by_priority {
        header.push("priority".to_owned());
    }
    let mut rows = vec![header];
    for (i, r) in table.rows.iter().enumerate() {
        let rule = &set.rules[r.rule];
        let id = if r.branch > 0 {
            format!("{} (or #{})", r.rule_id, r.branch + 1)
        } else {
            r.rule_id.clone()
        };
        let mut line = vec![
            (i + 1).to_string(),
            id,
            rule.title.get(locale, locale).to_owned(),
        ];
        line.extend(
            r.cells
                .iter()
                .zip(&table.columns)
                .map(|(c, col)| cell_text(c, col)),
        );
        line.push(
            rule.actions
                .iter()
                .map(action_text)
                .collect::<Vec<_>>()
                .join("; "),
        );
        if by_priority {
            line.push(
                rule.priority_label
                    .clone()
                    .unwrap_or_else(|| rule.priority.to_string()),
            );
        }
        rows.push(line);
    }
    rows
}

fn summary(table: &DecisionTable, set: &RuleSet) -> String {
    let hit = snake(&table.hit_policy);
    let scope = snake(&table.scope);
    format!(
        "scope: {scope} · hit policy: {hit}{} · {} rules, {} rows · {}",
        if table.complete { " · complete" } else { "" },
        set.rules.iter().filter(|r| r.enabled).count(),
        table.rows.len(),
        content_hash(table, set)
    )
}

/// The table as Markdown, for review in a pull request.
pub fn markdown(table: &DecisionTable, set: &RuleSet, locale: &str) -> String {
    let mut out = format!(
        "# Decision table `{}`\n\n{}\n\n",
        table.rule_set,
        summary(table, set)
    );
    let grid = grid(table, set, locale);
    for (i, line) in grid.iter().enumerate() {
        let cells: Vec<String> = line.iter().map(|c| c.replace('|', "\\|")).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
        if i == 0 {
            let _ = writeln!(out, "|{}", "---|".repeat(line.len()));
        }
    }
    let disabled: Vec<&str> = set
        .rules
        .iter()
        .filter(|r| !r.enabled)
        .map(|r| r.id.as_str())
        .collect();
    if !disabled.is_empty() {
        let _ = writeln!(out, "\nDisabled rules: {}", disabled.join(", "));
    }
    out
}

/// The table as a standalone HTML page.
pub fn html(table: &DecisionTable, set: &RuleSet, locale: &str) -> String {
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>Decision table {id}</title>\n\
         <style>body{{font-family:system-ui,\"Noto Sans CJK SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif;margin:2rem}}\
         table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}}th{{background:#f3f3f3}}</style>\n\
         </head><body>\n<h1>Decision table <code>{id}</code></h1>\n<p>{summary}</p>\n<table>\n",
        id = escape(&table.rule_set),
        lang = escape(locale),
        summary = escape(&summary(table, set))
    );
    for (i, line) in grid(table, set, locale).iter().enumerate() {
        let tag = if i == 0 { "th" } else { "td" };
        let cells: String = line
            .iter()
            .map(|c| format!("<{tag}>{}</{tag}>", escape(c)))
            .collect();
        let _ = writeln!(out, "<tr>{cells}</tr>");
    }
    out.push_str("</table>\n</body></html>\n");
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
