//! The analytics value: every figure HR pages and exports show, typed and serialisable.
//!
//! Every group figure is a [`Figure`]: its value, the number of people `n` it stands for,
//! and whether it is suppressed (fewer than `min_group_size` people; the value, interval and
//! p-value are then removed). Field names are stable: the portal's HR pages render them.

use chrono::NaiveDate;
use serde::Serialize;

/// Version of the JSON layout of [`Analytics`].
pub const FORMAT_VERSION: u32 = 1;

/// One group figure with its size, suppressed below the minimum group size (k-anonymity).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figure {
    /// `None` when unknown (no data) or suppressed.
    pub value: Option<f64>,
    /// How many people the figure stands for.
    pub n: u32,
    /// Fewer than `min_group_size` people: the value is removed.
    pub suppressed: bool,
    /// A 95% confidence interval, when the figure has one (and is not suppressed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci: Option<[f64; 2]>,
    /// A two-sided p-value, when the figure has one (and is not suppressed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p: Option<f64>,
}

/// Whether a figure standing for `n` people must be suppressed under a minimum group size
/// of `k`: the one rule of k-anonymity every figure goes through.
pub fn suppressed(n: u32, k: u32) -> bool {
    n < k
}

impl Figure {
    /// A figure for `n` people; its value is dropped when `n < k`.
    pub fn new(value: Option<f64>, n: u32, k: u32) -> Figure {
        let hide = suppressed(n, k);
        Figure {
            value: if hide {
                None
            } else {
                value.filter(|v| v.is_finite())
            },
            n,
            suppressed: hide,
            ci: None,
            p: None,
        }
    }

    /// The same figure with a confidence interval (dropped when suppressed or unknown).
    pub fn with_ci(mut self, ci: Option<[f64; 2]>) -> Figure {
        self.ci = ci.filter(|c| self.value.is_some() && c.iter().all(|x| x.is_finite()));
        self
    }

    /// The same figure with a p-value (dropped when suppressed or unknown).
    pub fn with_p(mut self, p: Option<f64>) -> Figure {
        self.p = p.filter(|p| self.value.is_some() && p.is_finite());
        self
    }
}

/// The analytics of one review cycle.
#[derive(Debug, Clone, Serialize)]
pub struct Analytics {
    pub format_version: u32,
    pub org: String,
    pub cycle: String,
    pub previous_cycle: Option<String>,
    /// Figures standing for fewer people than this are suppressed.
    pub min_group_size: u32,
    /// People the people exports place in the cycle.
    pub people: u32,
    pub settings: Settings,
    pub gaps: GapHeatmaps,
    pub nine_box: NineBox,
    pub pilot: PilotMetrics,
    pub learning_effect: LearningEffects,
    pub learning_speed: LearningSpeed,
    pub forecast: Forecast,
    pub maturity: Maturity,
    pub data_dictionary: Vec<DictionaryEntry>,
}

/// The project's `analytics:` settings the figures were computed with.
pub use crate::model::{AnalyticsSettings as Settings, PotentialWeights};

// ----- capability gaps -----

/// Capability gap heatmaps (能力差距热力图) and the org's key capability shortages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct GapHeatmaps {
    /// Team × competency.
    pub by_team: Heatmap,
    /// Role × competency.
    pub by_role: Heatmap,
    /// Competencies ranked by shortage, worst first.
    pub shortages: Vec<Shortage>,
}

/// Groups × competencies; a cell for every pair where someone in the group is required the
/// competency.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Heatmap {
    /// Group ids (teams or roles), sorted.
    pub groups: Vec<String>,
    /// Competency ids, sorted.
    pub competencies: Vec<String>,
    pub cells: Vec<GapCell>,
}

/// One heatmap cell: people of the group whose role requires the competency and whose level
/// is known.
#[derive(Debug, Clone, Serialize)]
pub struct GapCell {
    pub group: String,
    pub competency: String,
    /// Share of them below the required level (gap > 0).
    pub share_below: Figure,
    /// Mean gap (required − level; negative above the requirement).
    pub mean_gap: Figure,
    /// People required the competency whose level is unknown.
    pub unassessed: u32,
}

/// A competency's shortage across the org.
#[derive(Debug, Clone, Serialize)]
pub struct Shortage {
    /// 1 for the worst shortage.
    pub rank: u32,
    pub competency: String,
    pub share_below: Figure,
    pub mean_gap: Figure,
    /// People below the requirement.
    pub below: Figure,
    /// People below the requirement where the role marks the competency critical.
    pub critical_below: Figure,
    /// Roles that require the competency, sorted.
    pub roles: Vec<String>,
}

// ----- 9-box -----

/// A band of performance or potential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Low,
    Medium,
    High,
}

impl Band {
    pub const ALL: [Band; 3] = [Band::Low, Band::Medium, Band::High];

    pub fn as_str(self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Medium => "medium",
            Band::High => "high",
        }
    }
}

/// The 9-box (九宫格): performance × potential.
#[derive(Debug, Clone, Default, Serialize)]
pub struct NineBox {
    /// All nine boxes, performance then potential, low first.
    pub boxes: Vec<NineBoxCell>,
    /// People without a rating or without any known potential part.
    pub unplaced: u32,
    /// High potentials (高潜人才): potential `high` and performance `medium` or `high`.
    /// HR's eyes only.
    pub high_potential: Vec<PersonScore>,
}

/// One box of the 9-box.
#[derive(Debug, Clone, Serialize)]
pub struct NineBoxCell {
    pub performance: Band,
    pub potential: Band,
    /// How many people (value = n).
    pub people: Figure,
    /// Their talent ids (HR's eyes only); empty when the box is suppressed.
    pub talent_ids: Vec<String>,
}

/// A person's place on the 9-box.
#[derive(Debug, Clone, Serialize)]
pub struct PersonScore {
    pub talent_id: String,
    pub name: Option<String>,
    pub team: Option<String>,
    pub role: Option<String>,
    /// Rating rank over the scale's top rank (0..1).
    pub performance: f64,
    pub potential: f64,
    pub parts: PotentialParts,
}

/// The parts of the potential score, each 0..1, unknown when it cannot be established.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PotentialParts {
    /// Mean level change per required competency since the previous cycle, clamped to 0..1.
    pub growth: Option<f64>,
    /// Levels gained per 10 learning hours this cycle, clamped to 0..1.
    pub learning_speed: Option<f64>,
    /// Share of assessed required competencies at or above the required level.
    pub breadth: Option<f64>,
}

// ----- pilot metrics -----

/// Pilot metrics (试点指标) for the org and each team.
#[derive(Debug, Clone, Serialize)]
pub struct PilotMetrics {
    pub org: PilotRow,
    pub teams: Vec<PilotRow>,
}

/// The pilot metrics of one group.
#[derive(Debug, Clone, Serialize)]
pub struct PilotRow {
    /// `None` for the whole org.
    pub team: Option<String>,
    pub people: u32,
    /// Share of people with a development dialogue this cycle.
    pub dialogue_coverage: Figure,
    /// Done over not-dropped actions of the previous cycle's plans (n = people with actions).
    pub execution_rate: Figure,
    /// Share of people with a learning record this cycle.
    pub participation: Figure,
    /// Learning hours this cycle, in total.
    pub learning_hours: Figure,
    /// Learning hours this cycle per person.
    pub learning_hours_mean: Figure,
    /// Met over rated goals this cycle (n = people with rated goals).
    pub goals_met: Figure,
    /// Mean change of the overall rating rank since the previous cycle.
    pub rating_change: Figure,
    /// Mean over people of their mean level change per required competency.
    pub level_change: Figure,
}

// ----- learning effect -----

/// What learning did: effects per resource and competency, and correlations.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LearningEffects {
    /// How effects and intervals are computed.
    pub method: String,
    pub effects: Vec<LearningEffect>,
    pub correlations: Vec<Correlation>,
}

/// The level change of completers of a resource against comparable non-completers.
#[derive(Debug, Clone, Serialize)]
pub struct LearningEffect {
    pub resource: String,
    pub competency: String,
    /// Completers in strata that have a comparison.
    pub completers: u32,
    /// Non-completers in those strata.
    pub comparison: u32,
    /// Strata (role × starting gap) with both.
    pub strata: u32,
    /// Mean level change of the completers.
    pub completer_change: Figure,
    /// Mean level change of the comparison group.
    pub comparison_change: Figure,
    /// Stratified difference with its 95% interval; n = the smaller group.
    pub effect: Figure,
    /// Degrees of freedom of the interval.
    pub df: Option<u32>,
}

/// The correlation between learning completion and performance change.
#[derive(Debug, Clone, Serialize)]
pub struct Correlation {
    /// `learning_hours` or `completed_resources` (this cycle).
    pub x: String,
    /// `rating_change`: overall rating rank change since the previous cycle.
    pub y: String,
    /// Pearson's r with its p-value.
    pub pearson: Figure,
    /// Spearman's ρ with its p-value.
    pub spearman: Figure,
}

// ----- team learning speed -----

/// Team learning speed (团队学习速度): levels gained per 10 learning hours.
#[derive(Debug, Clone, Serialize)]
pub struct LearningSpeed {
    pub org: SpeedRow,
    pub teams: Vec<SpeedRow>,
}

/// One group's learning speed per cycle and over all cycles.
#[derive(Debug, Clone, Serialize)]
pub struct SpeedRow {
    /// `None` for the whole org.
    pub team: Option<String>,
    pub cycles: Vec<SpeedPoint>,
    /// Over every cycle: total levels gained per 10 total hours.
    pub overall: Figure,
}

/// One cycle's learning speed of a group.
#[derive(Debug, Clone, Serialize)]
pub struct SpeedPoint {
    pub cycle: String,
    /// Sum of level changes since the previous cycle over required competencies.
    pub levels_gained: Figure,
    pub learning_hours: Figure,
    /// Levels gained per 10 learning hours.
    pub speed: Figure,
}

// ----- forecast -----

/// Gaps dated requirements will open after the cycle.
#[derive(Debug, Clone, Serialize)]
pub struct Forecast {
    /// The cycle's end: requirements from after it are forecast.
    pub from: NaiveDate,
    /// Up to and including this day.
    pub to: NaiveDate,
    pub warnings: Vec<ForecastWarning>,
}

/// A dated requirement that will open gaps.
#[derive(Debug, Clone, Serialize)]
pub struct ForecastWarning {
    pub role: String,
    pub competency: String,
    pub effective_from: NaiveDate,
    /// Whole months from the cycle's end.
    pub months_ahead: u32,
    pub required_now: Option<u8>,
    pub required_then: u8,
    pub critical: bool,
    /// People in the role this cycle.
    pub people: u32,
    /// People at or above today's requirement (or not required today) who will be below.
    pub opening: Figure,
    /// People already below today's requirement.
    pub already_below: Figure,
    /// People whose level is unknown.
    pub unassessed: Figure,
}

// ----- maturity -----

/// The maturity quadrant (成熟度象限) of the org and each team.
#[derive(Debug, Clone, Serialize)]
pub struct Maturity {
    /// Axis value from which a group counts as `high` on an axis.
    pub threshold: f64,
    pub org: MaturityPoint,
    pub teams: Vec<MaturityPoint>,
    /// The suggested next step of each quadrant, in both locales.
    pub next_steps: Vec<NextStep>,
}

/// The suggested next step for a quadrant.
#[derive(Debug, Clone, Serialize)]
pub struct NextStep {
    pub quadrant: Quadrant,
    pub en: String,
    pub zh_cn: String,
}

/// Where a group stands.
#[derive(Debug, Clone, Serialize)]
pub struct MaturityPoint {
    /// `None` for the whole org.
    pub team: Option<String>,
    pub people: u32,
    /// Process/data integration (x): mean of the four shares below that are known.
    pub integration: Figure,
    /// Development culture (y): mean of dialogue coverage and action execution (known ones).
    pub culture: Figure,
    pub linked_review: Figure,
    pub competency_data: Figure,
    pub learning_data: Figure,
    /// Share of learning rows resolved to a person and resource (org-wide data quality; the
    /// same for every team).
    pub learning_resolved: Figure,
    pub dialogue_coverage: Figure,
    pub execution_rate: Figure,
    /// `None` when either axis is unknown or suppressed.
    pub quadrant: Option<Quadrant>,
}

/// A quadrant of the maturity model; the key the message catalogs word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quadrant {
    /// Low integration, low culture.
    Starting,
    /// High integration, low culture.
    DataLed,
    /// Low integration, high culture.
    CultureLed,
    /// High integration, high culture.
    ClosedLoop,
}

// ----- data dictionary -----

/// One field of the HR data dictionary (HR数据字典).
#[derive(Debug, Clone, Serialize)]
pub struct DictionaryEntry {
    /// `people`, `reviews`, `goals`, `learning` or `dialogues`.
    pub source: String,
    pub field: String,
    pub meaning_en: String,
    pub meaning_zh: String,
    /// The file, as shown to users.
    pub file: String,
    pub column: String,
    /// Records loaded from the file.
    pub rows: u32,
    /// Of them, records with a value in this field.
    pub with_value: u32,
    pub coverage: Option<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_below_k_lose_value_interval_and_p() {
        let shown = Figure::new(Some(0.5), 5, 5)
            .with_ci(Some([0.1, 0.9]))
            .with_p(Some(0.01));
        assert_eq!(
            (shown.value, shown.suppressed, shown.ci, shown.p),
            (Some(0.5), false, Some([0.1, 0.9]), Some(0.01))
        );
        let hidden = Figure::new(Some(0.5), 4, 5)
            .with_ci(Some([0.1, 0.9]))
            .with_p(Some(0.01));
        assert_eq!(
            (
                hidden.value,
                hidden.n,
                hidden.suppressed,
                hidden.ci,
                hidden.p
            ),
            (None, 4, true, None, None)
        );
        assert!(suppressed(0, 1) && !suppressed(1, 1));
        assert_eq!(Figure::new(Some(f64::NAN), 9, 5).value, None);
    }
}
