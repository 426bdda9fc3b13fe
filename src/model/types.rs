//! The resolved org model: ids checked, `extends` applied, scales known.
//!
//! Only [`super::validate`] builds these types (they are `#[non_exhaustive]`), so holding an
//! [`OrgModel`] means the model passed validation. Later stages read it; none mutate it.

use crate::diag::Span;
pub use crate::model::raw::{ResourceKind, Situation};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Text per locale, with the default locale always present.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct LocalText(pub BTreeMap<String, String>);

impl LocalText {
    /// The text in `locale`, else in `fallback`, else any text there is.
    pub fn get<'a>(&'a self, locale: &str, fallback: &str) -> &'a str {
        self.0
            .get(locale)
            .or_else(|| self.0.get(fallback))
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }
}

/// The folders of an org, resolved against the project file's folder.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectPaths {
    pub root: PathBuf,
    pub models: PathBuf,
    pub rules: PathBuf,
    pub templates: PathBuf,
    pub data: PathBuf,
}

/// Which rating scale each kind of review rating uses.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RatingUse {
    pub overall: Option<String>,
    pub goal: Option<String>,
    pub competency: Option<String>,
}

/// The whole validated org model of one project.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct OrgModel {
    pub name: String,
    pub default_locale: String,
    pub locales: Vec<String>,
    pub paths: ProjectPaths,
    pub ratings: RatingUse,
    pub cycles: Vec<String>,
    pub min_group_size: u32,
    pub plans: PlanSettings,
    pub analytics: AnalyticsSettings,
    pub default_proficiency_scale: String,
    pub proficiency_scales: Vec<ProficiencyScale>,
    pub rating_scales: Vec<RatingScale>,
    pub competencies: Vec<Competency>,
    pub role_families: Vec<RoleFamily>,
    pub roles: Vec<Role>,
    pub resources: Vec<Resource>,
    pub mentors: Vec<Mentor>,
    pub goal_templates: Vec<GoalTemplate>,
    pub dialogue_guides: Vec<DialogueGuide>,
    #[serde(skip)]
    pub(crate) index: Index,
}

/// How development plans are put together (the project file's `plans:`).
#[derive(Debug, Clone, Serialize)]
pub struct PlanSettings {
    pub learning_hours_budget: f64,
    pub resources_per_request: u32,
    pub risk_gap: u32,
    /// Observed learning effect (levels gained) by (resource, competency), which ranks
    /// resources when `analytics.adaptive_ranking` is on; empty unless the caller sets it
    /// with [`OrgModel::with_observed_effects`] (validation never fills it).
    #[serde(skip)]
    pub observed_effects: std::sync::Arc<ObservedEffects>,
}

/// Observed learning effect (levels gained) by (resource id, competency id).
pub type ObservedEffects = BTreeMap<(String, String), f64>;

/// HR analytics settings (the project file's `analytics:`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnalyticsSettings {
    pub potential_weights: PotentialWeights,
    /// Performance (rating rank over the scale's top rank, 0..1) below the first threshold is
    /// `low`, below the second `medium`, else `high`.
    pub performance_thresholds: [f64; 2],
    /// The same for the potential score (0..1).
    pub potential_thresholds: [f64; 2],
    /// Dated requirements up to this many months after the cycle's end are forecast.
    pub forecast_months: u32,
    /// Whether plans rank resources by observed learning effect.
    pub adaptive_ranking: bool,
}

impl Default for AnalyticsSettings {
    fn default() -> Self {
        AnalyticsSettings {
            potential_weights: PotentialWeights {
                growth: 0.4,
                learning_speed: 0.3,
                breadth: 0.3,
            },
            performance_thresholds: [0.4, 0.7],
            potential_thresholds: [0.4, 0.7],
            forecast_months: 12,
            adaptive_ranking: false,
        }
    }
}

/// Weights of the potential score's parts; parts unknown for a person are left out and the
/// others' weights rescaled.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PotentialWeights {
    pub growth: f64,
    pub learning_speed: f64,
    pub breadth: f64,
}

/// Positions of entries by id, per kind. Planning looks ids up millions of times, so the
/// maps use a fast hash (ids come from the org's own files, not from an adversary).
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    pub competencies: FxHashMap<String, usize>,
    pub roles: FxHashMap<String, usize>,
    pub resources: FxHashMap<String, usize>,
    pub rating_scales: FxHashMap<String, usize>,
    pub proficiency_scales: FxHashMap<String, usize>,
    pub goal_templates: FxHashMap<String, usize>,
    /// Resources by the competencies they target, in catalog order.
    pub resources_by_competency: FxHashMap<String, Vec<usize>>,
}

impl OrgModel {
    pub fn competency(&self, id: &str) -> Option<&Competency> {
        self.index
            .competencies
            .get(id)
            .map(|&i| &self.competencies[i])
    }

    pub fn role(&self, id: &str) -> Option<&Role> {
        self.index.roles.get(id).map(|&i| &self.roles[i])
    }

    pub fn resource(&self, id: &str) -> Option<&Resource> {
        self.index.resources.get(id).map(|&i| &self.resources[i])
    }

    /// The resources that target a competency, in catalog order.
    pub fn resources_for<'m>(
        &'m self,
        competency: &str,
    ) -> impl Iterator<Item = &'m Resource> + 'm {
        self.index
            .resources_by_competency
            .get(competency)
            .into_iter()
            .flatten()
            .map(|&i| &self.resources[i])
    }

    pub fn rating_scale(&self, id: &str) -> Option<&RatingScale> {
        self.index
            .rating_scales
            .get(id)
            .map(|&i| &self.rating_scales[i])
    }

    pub fn proficiency_scale(&self, id: &str) -> Option<&ProficiencyScale> {
        self.index
            .proficiency_scales
            .get(id)
            .map(|&i| &self.proficiency_scales[i])
    }

    pub fn goal_template(&self, id: &str) -> Option<&GoalTemplate> {
        self.index
            .goal_templates
            .get(id)
            .map(|&i| &self.goal_templates[i])
    }

    /// The same model with observed learning effects for adaptive ranking (see
    /// `analytics::observed_effects`); they rank resources only when
    /// `analytics.adaptive_ranking` is on.
    pub fn with_observed_effects(mut self, effects: ObservedEffects) -> OrgModel {
        self.plans.observed_effects = std::sync::Arc::new(effects);
        self
    }

    /// The role one rank up in the same family: the next step on the ladder.
    pub fn next_role(&self, role: &Role) -> Option<&Role> {
        let (family, rank) = (role.family.as_ref()?, role.rank?);
        self.roles
            .iter()
            .filter(|r| r.family.as_ref() == Some(family) && r.rank.is_some_and(|k| k > rank))
            .min_by_key(|r| r.rank)
    }
}

/// A proficiency scale: the ordinal levels, lowest first.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct ProficiencyScale {
    pub id: String,
    pub name: LocalText,
    pub levels: Vec<(u8, LocalText)>,
    #[serde(skip)]
    pub span: Option<Span>,
}

impl ProficiencyScale {
    pub fn min(&self) -> u8 {
        self.levels.first().map_or(1, |l| l.0)
    }

    pub fn max(&self) -> u8 {
        self.levels.last().map_or(1, |l| l.0)
    }

    pub fn contains(&self, level: i64) -> bool {
        self.levels.iter().any(|l| i64::from(l.0) == level)
    }
}

/// A rating scale: labels from lowest to highest.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct RatingScale {
    pub id: String,
    pub name: LocalText,
    pub labels: Vec<String>,
    /// The proficiency level each label stands for, when competencies are rated on it.
    pub to_level: BTreeMap<String, u8>,
    #[serde(skip)]
    pub span: Span,
}

impl RatingScale {
    /// The position of a label on the scale, 0 for the lowest.
    pub fn rank(&self, label: &str) -> Option<usize> {
        self.labels.iter().position(|l| l == label)
    }
}

/// A competency with its indicators per level.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Competency {
    pub id: String,
    pub name: LocalText,
    pub description: LocalText,
    pub category: Option<String>,
    pub scale: String,
    pub indicators: BTreeMap<u8, Vec<LocalText>>,
    pub tags: Vec<String>,
    #[serde(skip)]
    pub span: Span,
}

/// A role family: the ladder its roles climb by rank.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct RoleFamily {
    pub id: String,
    pub name: LocalText,
    pub description: LocalText,
    #[serde(skip)]
    pub span: Span,
}

/// A required level of a competency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Requirement {
    pub competency: String,
    pub level: u8,
    pub critical: bool,
}

/// A key task of a role.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct KeyTask {
    pub id: String,
    pub name: LocalText,
    pub competencies: Vec<String>,
}

/// Requirements that take effect on a date.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct RequirementChange {
    pub effective_from: NaiveDate,
    /// The role's full requirements from that date on.
    pub requirements: Vec<Requirement>,
}

/// A role with its requirements after `extends` is applied.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Role {
    pub id: String,
    pub name: LocalText,
    pub description: LocalText,
    pub family: Option<String>,
    pub rank: Option<u32>,
    pub extends: Option<String>,
    /// Own and inherited key tasks.
    pub key_tasks: Vec<KeyTask>,
    /// Own and inherited requirements, sorted by competency id.
    pub requirements: Vec<Requirement>,
    /// Dated changes, oldest first.
    pub changes: Vec<RequirementChange>,
    #[serde(skip)]
    pub span: Span,
}

impl Role {
    pub fn requirement(&self, competency: &str) -> Option<&Requirement> {
        self.requirements
            .iter()
            .find(|r| r.competency == competency)
    }

    /// The requirements in force on `date`.
    pub fn requirements_on(&self, date: NaiveDate) -> &[Requirement] {
        self.changes
            .iter()
            .rev()
            .find(|c| c.effective_from <= date)
            .map_or(&self.requirements, |c| &c.requirements)
    }
}

/// A competency a resource develops, from one level to a higher one.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Target {
    pub competency: String,
    pub from: u8,
    pub to: u8,
}

/// A learning resource.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Resource {
    pub id: String,
    pub kind: ResourceKind,
    pub title: LocalText,
    pub description: LocalText,
    pub targets: Vec<Target>,
    pub hours: f64,
    pub language: Option<String>,
    pub url: Option<String>,
    pub prerequisites: Vec<String>,
    pub xapi_activity: Option<String>,
    pub owner: Option<String>,
    pub tags: Vec<String>,
    #[serde(skip)]
    pub span: Span,
}

/// A competency a mentor coaches, at the mentor's own level.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Coaching {
    pub competency: String,
    pub level: u8,
}

/// A mentor.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Mentor {
    pub talent_id: String,
    pub name: LocalText,
    pub coaches: Vec<Coaching>,
    pub capacity: u32,
    #[serde(skip)]
    pub span: Span,
}

/// A competency a goal template needs.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct GoalNeed {
    pub competency: String,
    pub level: u8,
    pub critical: bool,
}

/// A goal template.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct GoalTemplate {
    pub id: String,
    pub name: LocalText,
    pub description: LocalText,
    pub needs: Vec<GoalNeed>,
    #[serde(skip)]
    pub span: Span,
}

/// A development dialogue guide.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct DialogueGuide {
    pub id: String,
    pub situation: Situation,
    pub title: LocalText,
    pub questions: Vec<LocalText>,
    #[serde(skip)]
    pub span: Span,
}
