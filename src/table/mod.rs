//! Decision tables: rule sets compiled into one input column per distinct fact expression,
//! one row per rule (per `or` branch), a unary test per cell, and the rule's actions as
//! outputs. Evaluation, analysis and rendering all work on this form.

pub mod analysis;
pub mod cell;
pub mod eval;
pub mod explain;
pub mod render;

use crate::diag::{Code, Diagnostic};
use crate::rules::check::{MAX_DISJUNCTS, RuleSet};
use crate::rules::facts::Scope;
use crate::rules::raw::HitPolicy;
use crate::rules::syntax::CmpOp;
use crate::rules::typed::{Atom, AtomTest, Cond, Domain, Lit, TypedColumn};
use cell::{Cell, Interval, NumSet, TextSet, Truth, Values};

/// A compiled rule set.
#[derive(Debug, Clone)]
pub struct DecisionTable {
    pub rule_set: String,
    pub scope: Scope,
    pub hit_policy: HitPolicy,
    pub complete: bool,
    pub columns: Vec<TypedColumn>,
    /// Enabled rules only, in rule order; a rule with `or` has one row per branch.
    pub rows: Vec<Row>,
}

/// One row: the tests of one rule (or one branch of it) on every column.
#[derive(Debug, Clone)]
pub struct Row {
    /// Index of the rule in its rule set.
    pub rule: usize,
    pub rule_id: String,
    /// Which `or` branch of the rule's condition, from 0.
    pub branch: usize,
    pub cells: Vec<Cell>,
}

/// Compiles a type-checked rule set. Conditions that expand into too many rows are
/// reported and left out.
pub fn compile(set: &RuleSet, diags: &mut Vec<Diagnostic>) -> DecisionTable {
    let mut columns: Vec<TypedColumn> = Vec::new();
    let mut rows = Vec::new();
    for (index, rule) in set.rules.iter().enumerate() {
        if !rule.enabled {
            continue;
        }
        let Some(branches) = dnf(&rule.cond, false) else {
            diags.push(
                Diagnostic::new(
                    Code::TooManyRows,
                    format!(
                        "the condition of `{}` expands into more than {MAX_DISJUNCTS} table rows",
                        rule.id
                    ),
                )
                .at(
                    rule.when_span(0..rule.when.len()),
                    "too many `or` combinations",
                )
                .help("split the rule into several rules with simpler conditions"),
            );
            continue;
        };
        for (branch, literals) in branches.into_iter().enumerate() {
            let mut cells: Vec<Cell> = vec![Cell::Any; columns.len()];
            for (atom, negated) in literals {
                let key = atom.column.column.to_string();
                let col = match columns.iter().position(|c| c.column.to_string() == key) {
                    Some(i) => i,
                    None => {
                        columns.push(atom.column.clone());
                        cells.push(Cell::Any);
                        columns.len() - 1
                    }
                };
                let integral = columns[col].domain.is_integral();
                let mut test = atom_cell(atom);
                if negated {
                    test = test.not(integral);
                }
                cells[col] = cells[col].and(&test, integral);
            }
            rows.push(Row {
                rule: index,
                rule_id: rule.id.clone(),
                branch,
                cells,
            });
        }
    }
    // Rows compiled before a column appeared do not test it.
    for row in &mut rows {
        row.cells.resize(columns.len(), Cell::Any);
    }
    DecisionTable {
        rule_set: set.id.clone(),
        scope: set.scope,
        hit_policy: set.hit_policy,
        complete: set.complete,
        columns,
        rows,
    }
}

/// A conjunction of possibly negated atoms.
type Conjunct<'a> = Vec<(&'a Atom, bool)>;

/// The condition in disjunctive normal form, with `not` pushed down to the atoms (valid in
/// Kleene logic); `None` when it has more than [`MAX_DISJUNCTS`] branches.
fn dnf(cond: &Cond, negated: bool) -> Option<Vec<Conjunct<'_>>> {
    match (cond, negated) {
        (Cond::Const(b), n) => Some(if *b != n {
            vec![Vec::new()]
        } else {
            Vec::new()
        }),
        (Cond::Atom(a), n) => Some(vec![vec![(a, n)]]),
        (Cond::Not(inner), n) => dnf(inner, !n),
        (Cond::Or(items), false) | (Cond::And(items), true) => {
            let mut out = Vec::new();
            for item in items {
                out.extend(dnf(item, negated)?);
                if out.len() > MAX_DISJUNCTS {
                    return None;
                }
            }
            Some(out)
        }
        (Cond::And(items), false) | (Cond::Or(items), true) => {
            let mut out: Vec<Conjunct> = vec![Vec::new()];
            for item in items {
                let branches = dnf(item, negated)?;
                if out.len() * branches.len() > MAX_DISJUNCTS {
                    return None;
                }
                out = out
                    .iter()
                    .flat_map(|left| {
                        branches.iter().map(move |right| {
                            let mut both = left.clone();
                            both.extend(right.iter().cloned());
                            both
                        })
                    })
                    .collect();
            }
            Some(out)
        }
    }
}

/// The cell of one (un-negated) atom.
fn atom_cell(atom: &Atom) -> Cell {
    let domain = &atom.column.domain;
    let integral = domain.is_integral();
    let num = |pieces: Vec<Interval>| Values::Num(NumSet::new(pieces, integral));
    let values = match &atom.test {
        AtomTest::Missing => {
            let none = if domain.is_numeric() {
                Values::Num(NumSet::empty())
            } else {
                Values::Text(TextSet::of([]))
            };
            return Cell::Test {
                values: none,
                unknown: Truth::True,
            };
        }
        AtomTest::Cmp(op, Lit::Num(v)) => num(compare(*op, *v)),
        AtomTest::Cmp(op, Lit::Text(t)) => {
            let set = TextSet::of([t.clone()]);
            Values::Text(if *op == CmpOp::Ne { set.not() } else { set })
        }
        AtomTest::In(list) => match list.first() {
            Some(Lit::Text(_)) => Values::Text(TextSet::of(list.iter().filter_map(|l| match l {
                Lit::Text(t) => Some(t.clone()),
                Lit::Num(_) => None,
            }))),
            _ => num(list
                .iter()
                .filter_map(|l| match l {
                    Lit::Num(v) => Some(Interval::point(*v)),
                    Lit::Text(_) => None,
                })
                .collect()),
        },
        AtomTest::Between(lo, hi) => num(vec![Interval {
            lo: *lo,
            lo_closed: true,
            hi: *hi,
            hi_closed: true,
        }]),
    };
    Cell::Test {
        values,
        unknown: Truth::Unknown,
    }
}

fn compare(op: CmpOp, v: f64) -> Vec<Interval> {
    let above = |closed| Interval {
        lo: v,
        lo_closed: closed,
        ..Interval::ALL
    };
    let below = |closed| Interval {
        hi: v,
        hi_closed: closed,
        ..Interval::ALL
    };
    match op {
        CmpOp::Eq => vec![Interval::point(v)],
        CmpOp::Ne => vec![below(false), above(false)],
        CmpOp::Ge => vec![above(true)],
        CmpOp::Gt => vec![above(false)],
        CmpOp::Le => vec![below(true)],
        CmpOp::Lt => vec![below(false)],
    }
}

impl DecisionTable {
    /// Whether a column holds numbers of a given domain kind.
    pub fn domain(&self, col: usize) -> &Domain {
        &self.columns[col].domain
    }
}
