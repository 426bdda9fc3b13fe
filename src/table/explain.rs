//! Why a table gave its result for one input: every row with each cell's test and outcome,
//! then the hit policy's result.

use super::cell::{Cell, Val};
use super::eval::{Ctx, EvalError, Evaluator};
use super::render::{action_text, cell_text};
use crate::rules::typed::Domain;
use serde::Serialize;
use std::fmt::Write as _;

/// One cell's test and whether it held.
#[derive(Debug, Clone, Serialize)]
pub struct CellTrace {
    pub column: String,
    pub test: String,
    pub value: String,
    /// `pass`, `fail`, or `unknown` (the value is missing and the test does not ask for it).
    pub outcome: &'static str,
}

/// One row with its cells.
#[derive(Debug, Clone, Serialize)]
pub struct RowTrace {
    pub rule: String,
    pub branch: usize,
    pub matched: bool,
    pub cells: Vec<CellTrace>,
}

/// The whole trace of one evaluation.
#[derive(Debug, Clone, Serialize)]
pub struct Trace {
    pub rule_set: String,
    /// The competency evaluated, in competency scope.
    pub competency: Option<String>,
    pub rows: Vec<RowTrace>,
    /// The rules that fired after the hit policy, or why evaluation failed.
    pub result: Result<Vec<String>, EvalError>,
    pub actions: Vec<String>,
}

/// A column value as text: rating labels, true/false, numbers, or `missing`.
pub fn value_text(v: Val, domain: &Domain) -> String {
    match (v, domain) {
        (Val::Unknown, _) => "missing".into(),
        (Val::Num(n), Domain::Rating { labels, .. }) => labels
            .get(n as usize)
            .cloned()
            .unwrap_or_else(|| n.to_string()),
        (Val::Num(n), Domain::Bool) => (n != 0.0).to_string(),
        (Val::Num(n), _) => number_text(n),
        (Val::Text(t), _) => t.to_owned(),
    }
}

/// `n` as `f64`'s `Display` writes it. Whole numbers (levels, gaps, counts: most values a
/// plan's reasons show) are written as integers, which is the same text without the float
/// formatter's cost.
fn number_text(n: f64) -> String {
    let whole = n.fract() == 0.0 && n.abs() < 1e15 && !(n == 0.0 && n.is_sign_negative());
    if whole {
        (n as i64).to_string()
    } else {
        n.to_string()
    }
}

/// Traces one evaluation of `ev` on `ctx`.
pub fn trace(ev: &Evaluator, ctx: Ctx) -> Trace {
    let table = ev.table;
    let competency = ctx.competency.map(|c| c.competency.clone());
    let values = match ev.values(ctx) {
        Ok(v) => v,
        Err(e) => {
            return Trace {
                rule_set: table.rule_set.clone(),
                competency,
                rows: Vec::new(),
                result: Err(e),
                actions: Vec::new(),
            };
        }
    };
    let rows: Vec<RowTrace> = table
        .rows
        .iter()
        .map(|row| {
            let cells = row
                .cells
                .iter()
                .zip(&table.columns)
                .zip(&values)
                .filter(|((c, _), _)| **c != Cell::Any)
                .map(|((cell, col), v)| CellTrace {
                    column: col.column.to_string(),
                    test: cell_text(cell, col),
                    value: value_text(*v, &col.domain),
                    outcome: match (cell.matches(*v), v) {
                        (true, _) => "pass",
                        (false, Val::Unknown) => "unknown",
                        (false, _) => "fail",
                    },
                })
                .collect();
            RowTrace {
                rule: row.rule_id.clone(),
                branch: row.branch,
                matched: Evaluator::row_matches(row, &values),
                cells,
            }
        })
        .collect();
    let result = ev.apply_policy(&ev.matching_rows(&values));
    let actions = match &result {
        Ok(hits) => ev
            .actions(hits)
            .into_iter()
            .map(|(r, a)| format!("{} ← {}", action_text(a), ev.set.rules[r].id))
            .collect(),
        Err(_) => Vec::new(),
    };
    Trace {
        rule_set: table.rule_set.clone(),
        competency,
        rows,
        result: result.map(|h| {
            h.rules
                .iter()
                .map(|&r| ev.set.rules[r].id.clone())
                .collect()
        }),
        actions,
    }
}

/// A trace as text for a terminal.
pub fn render(t: &Trace) -> String {
    let mut out = match &t.competency {
        Some(c) => format!("rule set `{}` for competency `{c}`\n", t.rule_set),
        None => format!("rule set `{}`\n", t.rule_set),
    };
    for r in &t.rows {
        let mark = if r.matched { "✔" } else { "✘" };
        let branch = if r.branch > 0 {
            format!(" (or #{})", r.branch + 1)
        } else {
            String::new()
        };
        let _ = writeln!(out, "  {mark} {}{branch}", r.rule);
        for c in &r.cells {
            let _ = writeln!(
                out,
                "      {:<7} {} {}  (value: {})",
                c.outcome, c.column, c.test, c.value
            );
        }
    }
    match &t.result {
        Ok(rules) if rules.is_empty() => out.push_str("  → no rule fires\n"),
        Ok(rules) => {
            let _ = writeln!(out, "  → fires: {}", rules.join(", "));
            for a in &t.actions {
                let _ = writeln!(out, "      {a}");
            }
        }
        Err(e) => {
            let _ = writeln!(out, "  → evaluation error: {e}");
        }
    }
    out
}

/// Traces every rule set (or only `only`) for one employee: employee-scope sets once,
/// competency-scope sets once per competency.
pub fn for_employee(
    compiled: &crate::rules::Compiled,
    employee: &crate::rules::facts::EmployeeFacts,
    only: Option<&str>,
) -> Vec<Trace> {
    let mut out = Vec::new();
    for (t, s) in compiled.tables.iter().zip(&compiled.sets) {
        if only.is_some_and(|o| o != s.id) {
            continue;
        }
        let ev = Evaluator::new(t, s);
        match s.scope {
            crate::rules::facts::Scope::Employee => out.push(trace(
                &ev,
                Ctx {
                    employee,
                    competency: None,
                },
            )),
            crate::rules::facts::Scope::Competency => {
                for c in &employee.competencies {
                    out.push(trace(
                        &ev,
                        Ctx {
                            employee,
                            competency: Some(c),
                        },
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_read_as_floats_display_them() {
        for n in [
            0.0,
            -0.0,
            3.0,
            -7.0,
            0.5,
            -2.25,
            1e15 - 1.0,
            1e15,
            1e16,
            1e300,
            f64::NAN,
            f64::INFINITY,
        ] {
            assert_eq!(super::number_text(n), n.to_string(), "{n:?}");
        }
    }
}
