//! Evaluating a decision table on facts.
//!
//! Nothing is parsed per employee: the table is indexed once. For each column, the numbers
//! that any cell mentions cut the line into pieces on which every cell's test is constant,
//! and each piece (and "unknown") holds a bitset of the rows it satisfies. Evaluating is a
//! binary search per column and an AND of bitsets, so rows that cannot match are never
//! looked at one by one.

use super::cell::{Cell, Val};
use super::{DecisionTable, Row};
use crate::rules::check::{Rule, RuleSet};
use crate::rules::facts::{CompetencyFacts, EmployeeFacts};
use crate::rules::raw::{Action, HitPolicy};
use crate::rules::syntax::ArithOp;
use crate::rules::typed::{Column, Domain, RatingRef, TypedColumn};
use rustc_hash::FxHashMap;
use serde::Serialize;

/// The facts one evaluation reads: an employee, and in competency scope one competency.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    pub employee: &'a EmployeeFacts,
    pub competency: Option<&'a CompetencyFacts>,
}

/// Why an evaluation produced no usable result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum EvalError {
    #[error("the rules {} all match, but the hit policy `unique` allows one", quoted(.0))]
    NotUnique(Vec<String>),
    #[error("the rules {} all match with different actions, but the hit policy `any` needs them to agree", quoted(.0))]
    Disagree(Vec<String>),
    #[error(
        "`{column}` reads a rating on `{found}`, but the rules compare it with labels of `{expected}`"
    )]
    WrongScale {
        column: String,
        expected: String,
        found: String,
    },
    #[error("`{0}` divides by zero")]
    DivisionByZero(String),
}

fn quoted(ids: &[String]) -> String {
    ids.iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The value of a column for one evaluation.
pub fn value<'a>(col: &TypedColumn, ctx: Ctx<'a>) -> Result<Val<'a>, EvalError> {
    column_value(&col.column, &col.domain, ctx)
}

/// A plain fact, resolved from its name once per table rather than once per evaluation.
#[derive(Debug, Clone, Copy)]
enum Fact {
    Role,
    RoleFamily,
    Rank,
    Team,
    TenureMonths,
    GoalsMetRatio,
    LearningHours,
    OpenActions,
    HasMentor,
    Unassessed,
    Competency,
    Category,
    Level,
    Required,
    Gap,
    Trend,
    Critical,
    GoalRequires,
    CompletedFor,
    ResourcesAvailable,
    /// A name the checker did not know: always unknown.
    Other,
}

impl Fact {
    fn named(name: &str) -> Fact {
        match name {
            "role" => Fact::Role,
            "role_family" => Fact::RoleFamily,
            "rank" => Fact::Rank,
            "team" => Fact::Team,
            "tenure_months" => Fact::TenureMonths,
            "goals_met_ratio" => Fact::GoalsMetRatio,
            "learning_hours" => Fact::LearningHours,
            "open_actions" => Fact::OpenActions,
            "has_mentor" => Fact::HasMentor,
            "unassessed" => Fact::Unassessed,
            "competency" => Fact::Competency,
            "category" => Fact::Category,
            "level" => Fact::Level,
            "required" => Fact::Required,
            "gap" => Fact::Gap,
            "trend" => Fact::Trend,
            "critical" => Fact::Critical,
            "goal_requires" => Fact::GoalRequires,
            "completed_for" => Fact::CompletedFor,
            "resources_available" => Fact::ResourcesAvailable,
            _ => Fact::Other,
        }
    }

    fn value<'a>(self, ctx: Ctx<'a>) -> Val<'a> {
        let e = ctx.employee;
        let c = ctx.competency;
        let num = |v: Option<f64>| v.map_or(Val::Unknown, Val::Num);
        let int = |v: Option<i64>| num(v.map(|x| x as f64));
        let text = |v: Option<&'a String>| v.map_or(Val::Unknown, |s| Val::Text(s.as_str()));
        let flag = |b: bool| Val::Num(f64::from(u8::from(b)));
        match self {
            Fact::Role => text(e.role.as_ref()),
            Fact::RoleFamily => text(e.role_family.as_ref()),
            Fact::Rank => int(e.rank.map(i64::from)),
            Fact::Team => text(e.team.as_ref()),
            Fact::TenureMonths => num(e.tenure_months),
            Fact::GoalsMetRatio => num(e.goals_met_ratio),
            Fact::LearningHours => Val::Num(e.learning_hours),
            Fact::OpenActions => Val::Num(f64::from(e.open_actions)),
            Fact::HasMentor => flag(e.has_mentor),
            Fact::Unassessed => Val::Num(e.unassessed() as f64),
            Fact::Competency => text(c.map(|c| &c.competency)),
            Fact::Category => text(c.and_then(|c| c.category.as_ref())),
            Fact::Level => int(c.and_then(|c| c.level).map(i64::from)),
            Fact::Required => int(c.map(|c| i64::from(c.required))),
            Fact::Gap => int(c.and_then(|c| c.gap)),
            Fact::Trend => int(c.and_then(|c| c.trend)),
            Fact::Critical => c.map_or(Val::Unknown, |c| flag(c.critical)),
            Fact::GoalRequires => c.map_or(Val::Unknown, |c| flag(c.goal_requires)),
            Fact::CompletedFor => c.map_or(Val::Unknown, |c| Val::Num(f64::from(c.completed_for))),
            Fact::ResourcesAvailable => {
                c.map_or(Val::Unknown, |c| Val::Num(f64::from(c.resources_available)))
            }
            Fact::Other => Val::Unknown,
        }
    }
}

fn column_value<'a>(column: &Column, domain: &Domain, ctx: Ctx<'a>) -> Result<Val<'a>, EvalError> {
    let e = ctx.employee;
    let flag = |b: bool| Val::Num(f64::from(u8::from(b)));
    Ok(match column {
        Column::Fact(name) => Fact::named(name).value(ctx),
        Column::Rating(which) => {
            let rating = match which {
                RatingRef::Overall => e.rating_overall.as_ref(),
                RatingRef::PreviousOverall => e.previous_rating_overall.as_ref(),
                RatingRef::Goal(t) => e.goal_ratings.get(t),
            };
            match (rating, domain) {
                (None, _) => Val::Unknown,
                (Some(r), Domain::Rating { scale, .. }) if &r.scale != scale => {
                    return Err(EvalError::WrongScale {
                        column: column.to_string(),
                        expected: scale.clone(),
                        found: r.scale.clone(),
                    });
                }
                (Some(r), _) => Val::Num(f64::from(r.rank)),
            }
        }
        Column::Completed(id) => flag(e.completed.contains(id)),
        Column::CountGaps { at_least, critical } => {
            Val::Num(e.count_gaps(*at_least, *critical) as f64)
        }
        Column::Const(v) => Val::Num(*v),
        Column::Neg(inner) => match column_value(inner, domain, ctx)? {
            Val::Num(v) => Val::Num(-v),
            other => other,
        },
        Column::Arith(op, a, b) => {
            // Inside arithmetic only a rating's rank matters (the checker allows ratings only
            // as a difference on one scale), so operands are read as plain numbers.
            let (x, y) = (
                column_value(a, &Domain::Num, ctx)?,
                column_value(b, &Domain::Num, ctx)?,
            );
            match (x, y) {
                (Val::Num(x), Val::Num(y)) => Val::Num(match op {
                    ArithOp::Add => x + y,
                    ArithOp::Sub => x - y,
                    ArithOp::Mul => x * y,
                    ArithOp::Div if y == 0.0 => {
                        return Err(EvalError::DivisionByZero(column.to_string()));
                    }
                    ArithOp::Div => x / y,
                }),
                _ => Val::Unknown,
            }
        }
    })
}

/// A row bitset.
pub type Bits = Vec<u64>;

/// The per-column index of a table.
#[derive(Debug, Clone)]
pub struct Index {
    columns: Vec<ColumnIndex>,
    all: Bits,
}

#[derive(Debug, Clone)]
enum ColumnIndex {
    /// Sorted cut points; piece `2k+1` is the point `cuts[k]`, piece `2k` the open stretch
    /// below it, and the last piece everything above the last cut.
    Num {
        cuts: Vec<f64>,
        pieces: Vec<Bits>,
        unknown: Bits,
    },
    /// Rows per mentioned value, rows for any other value, rows for unknown. Hashed
    /// cheaply: every evaluation of a text column looks its value up.
    Text {
        values: FxHashMap<String, Bits>,
        other: Bits,
        unknown: Bits,
    },
}

fn set(bits: &mut Bits, i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

impl Index {
    pub fn new(table: &DecisionTable) -> Index {
        Index::over(table, &table.rows.iter().collect::<Vec<_>>())
    }

    /// The index of some of the table's rows: bit `i` stands for `rows[i]`.
    fn over(table: &DecisionTable, rows: &[&Row]) -> Index {
        let words = rows.len().div_ceil(64).max(1);
        let mut all = vec![0u64; words];
        for i in 0..rows.len() {
            set(&mut all, i);
        }
        let columns = (0..table.columns.len())
            .map(|c| {
                let cells: Vec<&Cell> = rows.iter().map(|r| &r.cells[c]).collect();
                column_index(&table.columns[c], &cells, words)
            })
            .collect();
        Index { columns, all }
    }

    /// The rows whose every cell holds for `values` (one value per column), in row order,
    /// into `rows`; `acc` is scratch for the row bitset. Both are reused across evaluations:
    /// plans at scale evaluate millions of times.
    pub fn matching_into(&self, values: &[Val], acc: &mut Bits, rows: &mut Vec<usize>) {
        acc.clear();
        acc.extend_from_slice(&self.all);
        for (col, v) in self.columns.iter().zip(values) {
            let bits = col.bits(*v);
            for (a, b) in acc.iter_mut().zip(bits) {
                *a &= b;
            }
        }
        rows.clear();
        for (w, &word) in acc.iter().enumerate() {
            let mut word = word;
            while word != 0 {
                rows.push(w * 64 + word.trailing_zeros() as usize);
                word &= word - 1;
            }
        }
    }
}

impl ColumnIndex {
    fn bits(&self, v: Val) -> &Bits {
        match (self, v) {
            (
                ColumnIndex::Num { unknown, .. } | ColumnIndex::Text { unknown, .. },
                Val::Unknown,
            ) => unknown,
            (ColumnIndex::Num { cuts, pieces, .. }, Val::Num(x)) => {
                if x.is_nan() {
                    return &pieces[0];
                }
                let k = cuts.partition_point(|c| *c < x);
                let piece = if cuts.get(k) == Some(&x) {
                    2 * k + 1
                } else {
                    2 * k
                };
                &pieces[piece]
            }
            (ColumnIndex::Text { values, other, .. }, Val::Text(t)) => {
                values.get(t).unwrap_or(other)
            }
            // A value of the other kind matches only `-` cells, which `unknown` does not
            // cover; such values are type errors caught before evaluation.
            (ColumnIndex::Num { unknown, .. }, Val::Text(_))
            | (ColumnIndex::Text { unknown, .. }, Val::Num(_)) => unknown,
        }
    }
}

fn column_index(column: &TypedColumn, cells: &[&Cell], words: usize) -> ColumnIndex {
    let mut unknown = vec![0u64; words];
    for (i, c) in cells.iter().enumerate() {
        if c.matches(Val::Unknown) {
            set(&mut unknown, i);
        }
    }
    if column.domain.is_numeric() {
        let mut cuts: Vec<f64> = cells
            .iter()
            .flat_map(|c| super::analysis::cut_points(c))
            .collect();
        cuts.sort_by(f64::total_cmp);
        cuts.dedup();
        let probes = probes(&cuts);
        let pieces = probes
            .iter()
            .map(|p| {
                let mut bits = vec![0u64; words];
                for (i, c) in cells.iter().enumerate() {
                    if c.matches(Val::Num(*p)) {
                        set(&mut bits, i);
                    }
                }
                bits
            })
            .collect();
        ColumnIndex::Num {
            cuts,
            pieces,
            unknown,
        }
    } else {
        let mentioned: std::collections::BTreeSet<String> = cells
            .iter()
            .flat_map(|c| super::analysis::mentioned_texts(c))
            .collect();
        let rows_for = |probe: Val| {
            let mut bits = vec![0u64; words];
            for (i, c) in cells.iter().enumerate() {
                if c.matches(probe) {
                    set(&mut bits, i);
                }
            }
            bits
        };
        let values = mentioned
            .iter()
            .map(|v| (v.clone(), rows_for(Val::Text(v))))
            .collect();
        // No mentioned value can stand for "any other value"; the empty string is never an id.
        let other = rows_for(Val::Text("\u{0}other"));
        ColumnIndex::Text {
            values,
            other,
            unknown,
        }
    }
}

/// One probe value per piece of the line cut at `cuts`: below, at, between, ..., above.
pub fn probes(cuts: &[f64]) -> Vec<f64> {
    let mut out = Vec::with_capacity(2 * cuts.len() + 1);
    for (k, c) in cuts.iter().enumerate() {
        let below = if k == 0 {
            c - 1.0
        } else {
            (cuts[k - 1] + c) / 2.0
        };
        out.push(below);
        out.push(*c);
    }
    out.push(cuts.last().map_or(0.0, |c| c + 1.0));
    out
}

/// A table ready to evaluate: compiled, indexed, with its rules' actions and priorities.
#[derive(Debug, Clone)]
pub struct Evaluator<'a> {
    pub table: &'a DecisionTable,
    pub set: &'a RuleSet,
    index: Index,
    /// For an evaluator of some rows only: the table row each indexed row is.
    rows: Option<Vec<usize>>,
    /// Per column, the fact it reads when it is a plain fact.
    facts: Vec<Option<Fact>>,
}

fn plain_facts(table: &DecisionTable) -> Vec<Option<Fact>> {
    table
        .columns
        .iter()
        .map(|c| match &c.column {
            Column::Fact(name) => Some(Fact::named(name)),
            _ => None,
        })
        .collect()
}

/// The rules that fired for one evaluation, after the hit policy, in the order it gives.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hits {
    /// Indices into the rule set's rules.
    pub rules: Vec<usize>,
}

impl<'a> Evaluator<'a> {
    pub fn new(table: &'a DecisionTable, set: &'a RuleSet) -> Self {
        Evaluator {
            table,
            set,
            index: Index::new(table),
            rows: None,
            facts: plain_facts(table),
        }
    }

    /// An evaluator that sees only the rows of the rules `keep` accepts, for a pass that
    /// wants some of the actions only (a rule without any of them cannot change what
    /// that pass gets). Only where each rule fires on its own (`collect`, `rule_order`):
    /// under the other hit policies a left-out rule could win or clash. `None` where
    /// nothing would be left out.
    pub fn narrowed(
        table: &'a DecisionTable,
        set: &'a RuleSet,
        keep: impl Fn(&Rule) -> bool,
    ) -> Option<Self> {
        if !matches!(set.hit_policy, HitPolicy::Collect | HitPolicy::RuleOrder) {
            return None;
        }
        let (kept, rows): (Vec<usize>, Vec<&Row>) = table
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| keep(&set.rules[r.rule]))
            .unzip();
        (kept.len() < table.rows.len()).then(|| Evaluator {
            table,
            set,
            index: Index::over(table, &rows),
            rows: Some(kept),
            facts: plain_facts(table),
        })
    }

    /// The column values for one evaluation.
    pub fn values<'f>(&self, ctx: Ctx<'f>) -> Result<Vec<Val<'f>>, EvalError> {
        let mut values = Vec::with_capacity(self.table.columns.len());
        self.values_into(ctx, &mut values)?;
        Ok(values)
    }

    /// The same into `values`, reused across evaluations.
    pub fn values_into<'f>(
        &self,
        ctx: Ctx<'f>,
        values: &mut Vec<Val<'f>>,
    ) -> Result<(), EvalError> {
        values.clear();
        for (c, fact) in self.table.columns.iter().zip(&self.facts) {
            values.push(match fact {
                Some(f) => f.value(ctx),
                None => value(c, ctx)?,
            });
        }
        Ok(())
    }

    /// The matching rows, in row order, through the index.
    pub fn matching_rows(&self, values: &[Val]) -> Vec<usize> {
        let mut rows = Vec::new();
        self.index
            .matching_into(values, &mut Bits::new(), &mut rows);
        rows
    }

    /// The same into `rows`, with `acc` as scratch; both reused across evaluations.
    pub fn matching_rows_into(&self, values: &[Val], acc: &mut Bits, rows: &mut Vec<usize>) {
        self.index.matching_into(values, acc, rows);
        if let Some(table_rows) = &self.rows {
            for r in rows.iter_mut() {
                *r = table_rows[*r];
            }
        }
    }

    /// Evaluates the table for one context and applies the hit policy.
    pub fn eval(&self, ctx: Ctx) -> Result<Hits, EvalError> {
        let values = self.values(ctx)?;
        let rows = self.matching_rows(&values);
        self.apply_policy(&rows)
    }

    /// The rules of the matching rows (each rule once, in rule order) after the hit policy.
    pub fn apply_policy(&self, rows: &[usize]) -> Result<Hits, EvalError> {
        let mut rules: Vec<usize> = rows.iter().map(|&r| self.table.rows[r].rule).collect();
        rules.dedup();
        let ids = |rs: &[usize]| {
            rs.iter()
                .map(|&r| self.set.rules[r].id.clone())
                .collect::<Vec<_>>()
        };
        let rules = match self.set.hit_policy {
            HitPolicy::RuleOrder | HitPolicy::Collect => rules,
            HitPolicy::First => rules.into_iter().take(1).collect(),
            HitPolicy::Unique if rules.len() > 1 => return Err(EvalError::NotUnique(ids(&rules))),
            HitPolicy::Unique => rules,
            HitPolicy::Any => {
                let first = rules.first().map(|&r| &self.set.rules[r].actions);
                if rules
                    .iter()
                    .any(|&r| Some(&self.set.rules[r].actions) != first)
                {
                    return Err(EvalError::Disagree(ids(&rules)));
                }
                rules.into_iter().take(1).collect()
            }
            HitPolicy::Priority => {
                // Highest priority wins; among equals, the first in rule order.
                let best = rules.iter().copied().max_by(|&a, &b| {
                    self.set.rules[a]
                        .priority
                        .cmp(&self.set.rules[b].priority)
                        .then(b.cmp(&a))
                });
                best.into_iter().collect()
            }
        };
        Ok(Hits { rules })
    }

    /// The actions of the hits. Under `collect`, an action equal to one already taken is
    /// dropped (the key is the whole action: kind and every parameter); the first rule that
    /// gave it stays its reason. Under every other policy each rule's actions are kept.
    pub fn actions(&self, hits: &Hits) -> Vec<(usize, &'a Action)> {
        let mut out: Vec<(usize, &Action)> = Vec::new();
        for &r in &hits.rules {
            for a in &self.set.rules[r].actions {
                if self.set.hit_policy == HitPolicy::Collect && out.iter().any(|(_, b)| *b == a) {
                    continue;
                }
                out.push((r, a));
            }
        }
        out
    }

    /// Whether `row` holds for `values`, cell by cell, without the index (for tests and explain).
    pub fn row_matches(row: &Row, values: &[Val]) -> bool {
        row.cells.iter().zip(values).all(|(c, v)| c.matches(*v))
    }
}
