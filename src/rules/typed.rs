//! Type-checked conditions: every fact resolved, every literal converted to the fact's
//! domain (rating labels to ranks, durations to months), comparisons between two facts
//! rewritten as a test on their difference.

use crate::rules::facts::{FactType, RatingKind, TextKind};
use crate::rules::syntax::{ArithOp, CmpOp};
use serde::Serialize;
use std::fmt;
use std::ops::Range;

/// Which rating a rating column reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingRef {
    Overall,
    PreviousOverall,
    /// The rating of this cycle's goal(s) made from a goal template.
    Goal(String),
}

/// A fact expression: what one input column of a decision table reads.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// A plain fact by name (`gap`, `role`, ...).
    Fact(&'static str),
    Rating(RatingRef),
    Completed(String),
    CountGaps {
        at_least: i64,
        critical: bool,
    },
    Const(f64),
    Arith(ArithOp, Box<Column>, Box<Column>),
    Neg(Box<Column>),
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Column::Fact(name) => f.write_str(name),
            Column::Rating(RatingRef::Overall) => f.write_str("rating(overall)"),
            Column::Rating(RatingRef::PreviousOverall) => f.write_str("previous_rating(overall)"),
            Column::Rating(RatingRef::Goal(g)) => write!(f, "rating(goal: {g})"),
            Column::Completed(r) => write!(f, "completed({r})"),
            Column::CountGaps { at_least, critical } => {
                write!(f, "count_gaps(at_least: {at_least}")?;
                if *critical {
                    f.write_str(", critical: true")?;
                }
                f.write_str(")")
            }
            Column::Const(n) => write!(f, "{n}"),
            Column::Arith(op, a, b) => {
                let wrap = |c: &Column| match c {
                    Column::Arith(..) => format!("({c})"),
                    other => other.to_string(),
                };
                write!(f, "{} {} {}", wrap(a), op.symbol(), wrap(b))
            }
            Column::Neg(c) => write!(f, "-{c}"),
        }
    }
}

/// The domain of a column's values.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Domain {
    Bool,
    Int,
    Num,
    Months,
    Text(TextKind),
    /// Ranks on the named rating scale.
    Rating {
        scale: String,
        labels: Vec<String>,
    },
}

impl Domain {
    /// Whether values are ordered numbers (everything but text).
    pub fn is_numeric(&self) -> bool {
        !matches!(self, Domain::Text(_))
    }

    /// Whether only whole numbers occur.
    pub fn is_integral(&self) -> bool {
        matches!(self, Domain::Bool | Domain::Int | Domain::Rating { .. })
    }

    pub fn name(&self) -> String {
        match self {
            Domain::Bool => "true/false".into(),
            Domain::Int => "whole number".into(),
            Domain::Num => "number".into(),
            Domain::Months => "duration".into(),
            Domain::Text(k) => {
                format!("{k:?}")
                    .to_lowercase()
                    .replace("rolefamily", "role family")
                    + " id"
            }
            Domain::Rating { scale, .. } => format!("rating on `{scale}`"),
        }
    }

    pub fn from_fact(
        ty: FactType,
        rating_scale: impl Fn(RatingKind) -> (String, Vec<String>),
    ) -> Domain {
        match ty {
            FactType::Bool => Domain::Bool,
            FactType::Int => Domain::Int,
            FactType::Num => Domain::Num,
            FactType::Months => Domain::Months,
            FactType::Text(k) => Domain::Text(k),
            FactType::Rating(kind) => {
                let (scale, labels) = rating_scale(kind);
                Domain::Rating { scale, labels }
            }
        }
    }
}

/// A column with its domain and whether it can be unknown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypedColumn {
    pub column: Column,
    pub domain: Domain,
    pub may_be_unknown: bool,
}

/// A value to test a column against, already in the column's domain.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Lit {
    Num(f64),
    Text(String),
}

/// A test of one column.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AtomTest {
    Cmp(CmpOp, Lit),
    In(Vec<Lit>),
    /// Inclusive at both ends.
    Between(f64, f64),
    /// The value is unknown.
    Missing,
}

/// A test of one column, with its place in the condition text.
#[derive(Debug, Clone, PartialEq)]
pub struct Atom {
    pub column: TypedColumn,
    pub test: AtomTest,
    pub span: Range<usize>,
}

/// A type-checked condition. `Not` keeps Kleene (three-valued) logic: a test on an unknown
/// value is neither true nor false, so `not` of it does not match either.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    Const(bool),
    Atom(Atom),
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
}
