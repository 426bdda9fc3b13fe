//! The facts rules may test: their names, types, scopes and meaning (the declaration), and
//! the containers the data stage fills for each employee and cycle.
//!
//! The data stage computes every fact once, with its provenance; rule evaluation and plans
//! only read them. A fact that could not be established is `None` (unknown), never zero.

use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Where rules are evaluated: once per employee, or once per (employee, competency) pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize, schemars::JsonSchema)]
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
    Cell { file: String, row: usize, column: String },
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
    /// Goal id to its rating this cycle.
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
    /// How many competencies are at least `at_least` levels short (optionally critical only).
    pub fn count_gaps(&self, at_least: i64, critical_only: bool) -> usize {
        self.competencies
            .iter()
            .filter(|c| c.gap.is_some_and(|g| g >= at_least) && (!critical_only || c.critical))
            .count()
    }
}
