//! What a development plan holds. Every item says why it is there.

use serde::Serialize;
use std::sync::Arc;

/// Why an item is in a plan: the rule that fired and the fact values that made it fire.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Why {
    // Names are shared by every reason the same rule gives.
    pub rule_set: Arc<str>,
    pub rule: Arc<str>,
    pub title: Arc<str>,
    /// Each fact the rule tests, with its value (e.g. `gap` → `2`).
    pub facts: FactValues,
}

/// Fact names with their values, sorted by name and serialised as a map. A sorted list
/// rather than a map: every fired rule makes one, and plans at scale hold millions.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct FactValues(Vec<(Arc<str>, String)>);

impl FactValues {
    pub fn iter(&self) -> std::slice::Iter<'_, (Arc<str>, String)> {
        self.0.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Pairs already sorted by name, each name once.
    pub(super) fn presorted(pairs: Vec<(Arc<str>, String)>) -> Self {
        debug_assert!(pairs.windows(2).all(|w| w[0].0 < w[1].0));
        FactValues(pairs)
    }
}

impl Serialize for FactValues {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// A development point (发展点): one concrete thing to improve.
#[derive(Debug, Clone, Serialize)]
pub struct DevelopmentPoint {
    pub competency: String,
    pub name: String,
    pub current: Option<u8>,
    pub required: u8,
    pub critical: bool,
    /// The level to reach next; the description is that level's behavioural indicators.
    pub target_level: u8,
    pub description: Vec<String>,
    pub priority: i64,
    /// Learning for this competency was completed, but the level did not rise.
    pub learning_without_progress: bool,
    pub why: Vec<Arc<Why>>,
}

/// Another resource that was considered for a recommendation, and why it was not chosen.
#[derive(Debug, Clone, Serialize)]
pub struct Alternative {
    pub resource: String,
    pub reason: String,
}

/// A learning resource recommended to the employee.
#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    /// Stable id: the next cycle reports this action's status under it.
    pub action_id: String,
    pub resource: String,
    pub title: String,
    pub kind: String,
    pub hours: f64,
    pub url: Option<String>,
    pub language: Option<String>,
    pub competency: String,
    /// The level step the resource covers.
    pub from: u8,
    pub to: u8,
    /// Why it fits, e.g. "covers level 2 → 3", "in your language".
    pub fit: Vec<String>,
    /// Set when it is recommended first because another recommendation needs it.
    pub prerequisite_for: Option<String>,
    /// Alternatives considered and why they were not chosen (at most five).
    pub alternatives: Vec<Alternative>,
    pub why: Vec<Arc<Why>>,
}

/// A mentor assigned for a competency.
#[derive(Debug, Clone, Serialize)]
pub struct MentorAssignment {
    pub action_id: String,
    pub competency: String,
    pub mentor: String,
    pub mentor_name: Option<String>,
    pub mentor_level: u8,
    /// Why this mentor and not the others.
    pub reason: String,
    pub alternatives: Vec<Alternative>,
    pub why: Vec<Arc<Why>>,
}

/// A mentor request that could not be met.
#[derive(Debug, Clone, Serialize)]
pub struct UnmetMentorRequest {
    pub competency: String,
    pub reason: String,
    pub why: Vec<Arc<Why>>,
}

/// Questions for the manager's development dialogue.
#[derive(Debug, Clone, Serialize)]
pub struct DialogueQuestions {
    pub guide: String,
    pub title: String,
    pub questions: Vec<String>,
    pub why: Vec<Arc<Why>>,
}

/// A flag on the employee.
#[derive(Debug, Clone, Serialize)]
pub struct FlagItem {
    pub flag: String,
    pub label: Option<String>,
    pub why: Vec<Arc<Why>>,
}

/// A note with placeholders filled in.
#[derive(Debug, Clone, Serialize)]
pub struct NoteItem {
    pub text: String,
    pub competency: Option<String>,
    pub why: Vec<Arc<Why>>,
}

/// One competency a goal needs, and how far the employee is from it.
#[derive(Debug, Clone, Serialize)]
pub struct GoalNeed {
    pub competency: String,
    pub name: String,
    pub needed: u8,
    pub level: Option<u8>,
    /// `high` (the gap reaches the project's risk gap), `some`, `none`, or `unknown` level.
    pub risk: &'static str,
    /// Resources of this plan that develop the competency.
    pub learning: Vec<String>,
}

/// A goal with the capabilities it needs (目标+发展计划).
#[derive(Debug, Clone, Serialize)]
pub struct GoalPlan {
    pub goal: String,
    pub title: Option<String>,
    pub template: Option<String>,
    pub needs: Vec<GoalNeed>,
}

/// An action of the development action list (发展行动清单), with its stable id.
#[derive(Debug, Clone, Serialize)]
pub struct ActionItem {
    pub id: String,
    /// `learn`, `practice`, `mentor` or `develop`.
    pub kind: &'static str,
    pub competency: Option<String>,
    pub resource: Option<String>,
    pub mentor: Option<String>,
    pub text: String,
    pub rule: String,
}

/// How an action of the previous cycle went.
#[derive(Debug, Clone, Serialize)]
pub struct TrackedAction {
    pub id: String,
    pub kind: &'static str,
    pub text: String,
    /// `done`, `in_progress`, `not_started` or `dropped`.
    pub status: &'static str,
    /// What the status was read from.
    pub evidence: String,
}

/// The previous cycle's actions and how they went.
#[derive(Debug, Clone, Serialize)]
pub struct PreviousCycle {
    pub cycle: String,
    pub actions: Vec<TrackedAction>,
    /// Done over all actions not dropped; `None` without actions.
    pub execution_rate: Option<f64>,
}

/// One employee's development plan for one cycle.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub talent_id: String,
    pub name: Option<String>,
    pub cycle: String,
    pub role: Option<String>,
    pub team: Option<String>,
    pub manager: Option<String>,
    pub locale: String,
    pub development_points: Vec<DevelopmentPoint>,
    pub learning: Vec<Recommendation>,
    pub practice: Vec<Recommendation>,
    /// Recommendations that did not fit the learning-hours budget, kept for later.
    pub later: Vec<Recommendation>,
    pub learning_hours: f64,
    pub mentors: Vec<MentorAssignment>,
    pub unmet_mentor_requests: Vec<UnmetMentorRequest>,
    pub dialogue: Vec<DialogueQuestions>,
    pub flags: Vec<FlagItem>,
    pub notes: Vec<NoteItem>,
    pub goals: Vec<GoalPlan>,
    pub actions: Vec<ActionItem>,
    pub previous: Option<PreviousCycle>,
    /// Rule sets that could not be evaluated for this employee, and why.
    pub errors: Vec<String>,
}
