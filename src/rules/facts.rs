//! The facts rules may test: their names, types, scopes and meaning (the declaration), and
//! the containers the data stage fills for each employee and cycle.
//!
//! The data stage computes every fact once, with its provenance; rule evaluation and plans
//! only read them. A fact that could not be established is `None` (unknown), never zero.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Where rules are evaluated: once per employee, or once per (employee, competency) pair.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    Employee,
    Competency,
}

/// A rating on a scale: the label and its position (0 = lowest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rating {
    pub scale: String,
    pub label: String,
    pub rank: u32,
}

/// Where a fact's value came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Provenance {
    /// A cell of an export: file, 1-based row (as a spreadsheet numbers it) and column name.
    Cell {
        file: String,
        row: usize,
        column: String,
    },
    /// Computed from other facts or from the model, e.g. "required level of role `x`".
    Derived(String),
}

/// The facts of one employee in one review cycle.
#[derive(Debug, Clone, Default, Serialize)]
pub struct EmployeeFacts {
    pub talent_id: String,
    pub cycle: String,
    pub role: Option<String>,
    pub role_family: Option<String>,
    pub rank: Option<u32>,
    pub team: Option<String>,
    pub manager: Option<String>,
    /// The person's locale for pages, when the people data sets one.
    pub locale: Option<String>,
    pub tenure_months: Option<f64>,
    pub rating_overall: Option<Rating>,
    pub previous_rating_overall: Option<Rating>,
    /// Goal template id to the rating of this cycle's goal made from it (the lowest
    /// rating when several goals share a template), for `rating(goal: TEMPLATE)`.
    pub goal_ratings: BTreeMap<String, Rating>,
    /// Share of this cycle's rated goals that were met (0..1).
    pub goals_met_ratio: Option<f64>,
    /// Learning hours recorded in this cycle.
    pub learning_hours: f64,
    /// Resources completed (or passed) up to the end of this cycle.
    pub completed: BTreeSet<String>,
    /// Agreed development actions not yet done.
    pub open_actions: u32,
    pub has_mentor: bool,
    /// One entry per competency the role requires, in competency-id order.
    pub competencies: Vec<CompetencyFacts>,
    /// Fact name (as rules write it, e.g. `rating(overall)`) to where its value came from.
    pub provenance: BTreeMap<String, Provenance>,
}

/// The facts of one (employee, competency) pair.
#[derive(Debug, Clone, Default, Serialize)]
pub struct CompetencyFacts {
    pub competency: String,
    pub category: Option<String>,
    /// Current proficiency level; unknown when never assessed.
    pub level: Option<u8>,
    pub required: u8,
    /// `required - level`; unknown when the level is.
    pub gap: Option<i64>,
    /// Level change since the previous cycle; unknown without both levels.
    pub trend: Option<i64>,
    pub critical: bool,
    /// A goal of this cycle needs this competency.
    pub goal_requires: bool,
    /// Resources for this competency completed so far.
    pub completed_for: u32,
    /// Resources in the catalog that could close the gap.
    pub resources_available: u32,
    pub provenance: BTreeMap<String, Provenance>,
}

impl EmployeeFacts {
    /// How many required competencies have no known level.
    pub fn unassessed(&self) -> usize {
        self.competencies
            .iter()
            .filter(|c| c.level.is_none())
            .count()
    }

    /// How many competencies are at least `at_least` levels short (optionally critical only).
    pub fn count_gaps(&self, at_least: i64, critical_only: bool) -> usize {
        self.competencies
            .iter()
            .filter(|c| c.gap.is_some_and(|g| g >= at_least) && (!critical_only || c.critical))
            .count()
    }
}

/// The type of a fact's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactType {
    Bool,
    /// A whole number (levels, gaps, counts, ranks).
    Int,
    /// A number with a fraction (hours, ratios).
    Num,
    /// A number of months; duration literals such as `6mo` or `1y` compare with it.
    Months,
    /// An id or name of the given kind.
    Text(TextKind),
    /// A label on the rating scale the project uses for this kind of rating.
    Rating(RatingKind),
}

/// What a text fact names, so literals can be checked against the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TextKind {
    Role,
    RoleFamily,
    Team,
    Competency,
    Category,
}

/// Which rating scale of the project (`ratings:` in talentloop.yaml) a rating is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RatingKind {
    Overall,
    Goal,
}

/// The arguments a fact takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FactArgs {
    None,
    /// `overall`, or `goal: GOAL_ID` when the fact is `rating`.
    Rating,
    /// A learning resource id.
    Resource,
    /// `at_least: N` and optionally `critical: true`.
    CountGaps,
}

/// The declaration of one fact: what rules may write and what it means.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct FactDecl {
    pub name: &'static str,
    pub scope: Scope,
    pub ty: FactType,
    pub args: FactArgs,
    /// Whether the value may be unknown (then tests on it do not match).
    pub may_be_unknown: bool,
    pub doc: &'static str,
}

const fn fact(
    name: &'static str,
    scope: Scope,
    ty: FactType,
    may_be_unknown: bool,
    doc: &'static str,
) -> FactDecl {
    FactDecl {
        name,
        scope,
        ty,
        args: FactArgs::None,
        may_be_unknown,
        doc,
    }
}

const fn call(
    name: &'static str,
    ty: FactType,
    args: FactArgs,
    may_be_unknown: bool,
    doc: &'static str,
) -> FactDecl {
    FactDecl {
        name,
        scope: Scope::Employee,
        ty,
        args,
        may_be_unknown,
        doc,
    }
}

use FactType::*;
use Scope::{Competency as C, Employee as E};

/// Every fact rules may test. Employee facts are available in both scopes.
pub const FACTS: &[FactDecl] = &[
    fact(
        "role",
        E,
        Text(TextKind::Role),
        true,
        "The employee's role id this cycle.",
    ),
    fact(
        "role_family",
        E,
        Text(TextKind::RoleFamily),
        true,
        "The family (ladder) of the employee's role.",
    ),
    fact(
        "rank",
        E,
        Int,
        true,
        "The rank of the employee's role within its family (1 = entry).",
    ),
    fact(
        "team",
        E,
        Text(TextKind::Team),
        true,
        "The employee's team or department, as the people export names it.",
    ),
    fact(
        "tenure_months",
        E,
        Months,
        true,
        "Months since the hire date, at the end of the cycle; compare with `6mo`, `1y`.",
    ),
    call(
        "rating",
        Rating(RatingKind::Overall),
        FactArgs::Rating,
        true,
        "`rating(overall)`: this cycle's overall rating; `rating(goal: ID)`: the rating of one goal. Compare with labels of the scale, e.g. `rating(overall) >= A`.",
    ),
    call(
        "previous_rating",
        Rating(RatingKind::Overall),
        FactArgs::Rating,
        true,
        "`previous_rating(overall)`: the overall rating of the previous cycle.",
    ),
    fact(
        "goals_met_ratio",
        E,
        Num,
        true,
        "Share (0 to 1) of this cycle's rated goals that were met.",
    ),
    fact(
        "learning_hours",
        E,
        Num,
        false,
        "Learning hours recorded in this cycle.",
    ),
    call(
        "completed",
        Bool,
        FactArgs::Resource,
        false,
        "`completed(RESOURCE)`: whether the employee has completed (or passed) the resource.",
    ),
    fact(
        "open_actions",
        E,
        Int,
        false,
        "Agreed development actions not yet done.",
    ),
    call(
        "count_gaps",
        Int,
        FactArgs::CountGaps,
        false,
        "`count_gaps(at_least: N)`, `count_gaps(at_least: N, critical: true)`: how many required competencies are at least N levels short (only critical ones with `critical: true`).",
    ),
    fact(
        "has_mentor",
        E,
        Bool,
        false,
        "Whether the employee has a mentor this cycle.",
    ),
    fact(
        "unassessed",
        E,
        Int,
        false,
        "How many competencies the role requires have no known level (never assessed). `count_gaps(...) == 0` also holds when levels are unknown; test `unassessed == 0` too.",
    ),
    fact(
        "competency",
        C,
        Text(TextKind::Competency),
        false,
        "The competency id of the pair being evaluated.",
    ),
    fact(
        "category",
        C,
        Text(TextKind::Category),
        true,
        "The competency's category.",
    ),
    fact(
        "level",
        C,
        Int,
        true,
        "The current proficiency level; unknown when never assessed (not 0).",
    ),
    fact("required", C, Int, false, "The level the role requires."),
    fact(
        "gap",
        C,
        Int,
        true,
        "`required - level`: positive when below the requirement; unknown when the level is.",
    ),
    fact(
        "trend",
        C,
        Int,
        true,
        "Level change since the previous cycle; unknown without both levels.",
    ),
    fact(
        "critical",
        C,
        Bool,
        false,
        "Whether the role marks the competency as key (关键能力).",
    ),
    fact(
        "goal_requires",
        C,
        Bool,
        false,
        "Whether a goal of this cycle needs the competency (from its goal template).",
    ),
    fact(
        "completed_for",
        C,
        Int,
        false,
        "Learning resources for this competency the employee has completed.",
    ),
    fact(
        "resources_available",
        C,
        Int,
        false,
        "Learning resources in the catalog that could close the gap.",
    ),
];

/// The declaration of the fact or function `name`.
pub fn lookup(name: &str) -> Option<&'static FactDecl> {
    FACTS.iter().find(|f| f.name == name)
}
