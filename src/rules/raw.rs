//! Rule set and rule test files as written: serde and schemars types, shape only.

use crate::model::raw::{Entries, Located, Text};
use crate::model::{ResourceKind, Situation};
use crate::rules::facts::Scope;
use schemars::JsonSchema;
use serde::Deserialize;

/// How the rows that match combine (DMN's hit policies).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, JsonSchema, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HitPolicy {
    /// At most one rule may match; more is an evaluation error.
    Unique,
    /// Several rules may match if their actions agree; the first one's are used.
    Any,
    /// The matching rule with the highest priority wins.
    Priority,
    /// The first matching rule, in file order.
    First,
    /// Every matching rule, in file order, duplicates kept.
    RuleOrder,
    /// Every matching rule, in file order; identical actions merged.
    Collect,
}

/// A rule set file: one set of rules with a scope and a hit policy.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSetFile {
    pub id: Located<String>,
    pub title: Option<Located<Text>>,
    pub description: Option<Located<Text>>,
    /// `employee`: once per employee; `competency`: once per (employee, competency) pair.
    pub scope: Scope,
    /// How matching rules combine; every rule set declares it.
    pub hit_policy: HitPolicy,
    /// With `hit_policy: priority`: named priorities, highest first.
    #[serde(default)]
    pub priority_order: Vec<Located<String>>,
    /// Declares that every possible input matches some rule; the analysis checks it.
    #[serde(default)]
    pub complete: bool,
    pub rules: Vec<Rule>,
}

/// One learning-trigger rule.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub id: Located<String>,
    pub title: Located<Text>,
    pub description: Option<Located<Text>>,
    /// The condition, in the rule language, e.g. `critical and gap >= 2`.
    pub when: Located<String>,
    /// The development actions the rule triggers.
    #[serde(default)]
    pub then: Vec<Located<Action>>,
    /// A number (higher wins) or a name from the set's `priority_order`.
    pub priority: Option<Located<Priority>>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

/// A priority: a number or a name.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Priority {
    Number(i64),
    Name(String),
}

/// A development action.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Action {
    /// A development point (发展点) for the competency, worded from the next level's indicators.
    Develop(Develop),
    /// Learning resources chosen by a selector.
    Recommend(Recommend),
    /// Ask for a mentor who coaches the competency.
    Mentor(MentorRequest),
    /// A practice task, shadowing or project.
    Practice(Practice),
    /// Questions from a dialogue guide for the manager.
    Dialogue(Dialogue),
    /// A flag on the employee.
    Flag(Flag),
    /// A note shown with the plan.
    Note(Note),
}

/// `develop`: the competency defaults to the one being evaluated (competency scope).
#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Develop {
    pub competency: Option<String>,
    pub text: Option<Text>,
}

/// Which levels a recommended resource must cover.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LevelStep {
    /// From the current level to the next.
    #[default]
    Next,
    /// From the current level up to the required level.
    ToRequired,
    /// Beyond the required level (stretch).
    Beyond,
}

/// `recommend`: a selector over the learning catalog.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Recommend {
    pub competency: Option<String>,
    #[serde(default)]
    pub kinds: Vec<ResourceKind>,
    #[serde(default)]
    pub levels: LevelStep,
    pub max_hours: Option<f64>,
    /// Explicit resource ids, instead of or besides the selector.
    #[serde(default)]
    pub ids: Vec<String>,
    /// How many resources at most.
    pub limit: Option<u32>,
}

/// `mentor`: ask for a mentor for the competency.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct MentorRequest {
    pub competency: Option<String>,
}

/// `practice`: a practice task, shadowing or project from the catalog.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    pub competency: Option<String>,
    #[serde(default)]
    pub kinds: Vec<ResourceKind>,
}

/// `dialogue`: questions from a guide, by guide id or by situation.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Dialogue {
    pub guide: Option<String>,
    pub situation: Option<Situation>,
}

/// The flags a rule may raise.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    JsonSchema,
    serde::Serialize,
)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    HighPotential,
    NeedsAttention,
    FlightRisk,
}

/// `flag`: a flag with an optional label.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Flag {
    pub flag: FlagKind,
    pub label: Option<Text>,
}

/// `note`: a text; `{fact}` placeholders are filled in, e.g. `当前{level}级，岗位要求{required}级`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub text: Text,
}

/// A rule test file (`tests/*.yaml` in the rules folder).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestFile {
    pub tests: Vec<RuleTest>,
}

/// One rule test: facts in, the rules expected to fire (or not) out.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleTest {
    pub name: Located<String>,
    /// The rule set to evaluate; all sets when absent.
    pub rule_set: Option<Located<String>>,
    /// Employee facts by name as rules write them, e.g. `rating(overall): B`.
    #[serde(default)]
    pub facts: FactMap,
    /// Competency facts, one mapping per competency, e.g. `{competency: x, level: 1, required: 3}`.
    #[serde(default)]
    pub competencies: Vec<FactMap>,
    /// Rules that must fire.
    #[serde(default)]
    pub fires: Vec<Located<String>>,
    /// Rules that must not fire.
    #[serde(default)]
    pub not_fires: Vec<Located<String>>,
    /// Action kinds that must be among the results, e.g. `[mentor, recommend]`.
    #[serde(default)]
    pub actions: Vec<Located<String>>,
}

/// Facts by name as rules write them, with the location of each name and value.
pub type FactMap = Entries<String, Located<FactValue>>;

/// A fact value written in YAML.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum FactValue {
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<String>),
}

/// A facts file for `talentloop explain --facts`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactsFile {
    /// Employee facts by name as rules write them, e.g. `rating(overall): B`.
    #[serde(default)]
    pub facts: FactMap,
    /// Competency facts, one mapping per competency.
    #[serde(default)]
    pub competencies: Vec<FactMap>,
}
