//! Model and project files as written: serde and schemars types, checked for shape only.
//!
//! Nothing here knows whether an id exists or a level fits a scale; `validate` turns these
//! into the resolved model. Ids and values that validation may complain about are
//! [`Located`], so every diagnostic can point at the exact YAML node.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// A value with the byte range of the YAML node it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub start: usize,
    pub end: usize,
}

impl<T> Located<T> {
    /// A value that was not read from a file (a default); it has an empty range at 0.
    pub fn synthetic(value: T) -> Self {
        Located {
            value,
            start: 0,
            end: 0,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let span = spanned.referenced.span();
        let start = span.byte_offset().unwrap_or(0) as usize;
        let len = span.byte_len().unwrap_or(0) as usize;
        Ok(Located {
            value: spanned.value,
            start,
            end: start + len,
        })
    }
}

impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        generator.subschema_for::<T>()
    }
}

/// A mapping that keeps its keys' locations and order, for maps whose keys are ids or levels.
#[derive(Debug, Clone, PartialEq)]
pub struct Entries<K, V>(pub Vec<(Located<K>, V)>);

impl<K, V> Default for Entries<K, V> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Entries<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<K, V> {
            type Value = Entries<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(Entries::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Located<K>>()? {
                    entries.push((key, map.next_value()?));
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor(PhantomData))
    }
}

impl<K: JsonSchema, V: JsonSchema> JsonSchema for Entries<K, V> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "additionalProperties": generator.subschema_for::<V>(),
        })
    }
}

/// Text that people read: either one string (in the project's default locale)
/// or a mapping from locale to string, e.g. `{zh-CN: 客户需求分析, en: Customer needs analysis}`.
#[derive(Debug, Clone, PartialEq)]
pub enum Text {
    Plain(String),
    PerLocale(Vec<(Located<String>, String)>),
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, or a mapping from locale to text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::Plain(v.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Text, A::Error> {
                let Entries(entries) = Entries::<String, String>::deserialize(
                    de::value::MapAccessDeserializer::new(map),
                )?;
                Ok(Text::PerLocale(entries))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Text::Plain(s) => serializer.serialize_str(s),
            Text::PerLocale(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (locale, text) in entries {
                    map.serialize_entry(&locale.value, text)?;
                }
                map.end()
            }
        }
    }
}

impl JsonSchema for Text {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "Text in the project's default locale, or a mapping from locale (`zh-CN`, `en`) to text.",
            "anyOf": [
                { "type": "string" },
                {
                    "type": "object",
                    "propertyNames": { "enum": ["zh-CN", "en"] },
                    "additionalProperties": { "type": "string" }
                }
            ]
        })
    }
}

/// A rating label; numbers such as `5` are read as the label `"5"`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Label(pub String);

impl<'de> Deserialize<'de> for Label {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LabelVisitor;
        impl Visitor<'_> for LabelVisitor {
            type Value = Label;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a rating label (text or a number)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Label, E> {
                Ok(Label(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Label, E> {
                Ok(Label(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Label, E> {
                Ok(Label(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Label, E> {
                Ok(Label(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Label, E> {
                Ok(Label(v.to_string()))
            }
        }
        deserializer.deserialize_any(LabelVisitor)
    }
}

impl JsonSchema for Label {
    fn schema_name() -> Cow<'static, str> {
        "Label".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "description": "A rating label.", "type": ["string", "number"] })
    }
}

/// A required level: a number, or `{level: N, critical: true}` for a key competency.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Requirement {
    pub level: i64,
    pub critical: bool,
}

impl<'de> Deserialize<'de> for Requirement {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            level: i64,
            #[serde(default)]
            critical: bool,
        }
        struct RequirementVisitor;
        impl<'de> Visitor<'de> for RequirementVisitor {
            type Value = Requirement;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a level number, or a mapping with `level` and `critical`")
            }
            fn visit_i64<E: de::Error>(self, level: i64) -> Result<Requirement, E> {
                Ok(Requirement {
                    level,
                    critical: false,
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Requirement, E> {
                let level = i64::try_from(v).map_err(|_| E::custom("level is too large"))?;
                self.visit_i64(level)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Requirement, A::Error> {
                let full = Full::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Requirement {
                    level: full.level,
                    critical: full.critical,
                })
            }
        }
        deserializer.deserialize_any(RequirementVisitor)
    }
}

impl JsonSchema for Requirement {
    fn schema_name() -> Cow<'static, str> {
        "Requirement".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The required level, or `{level, critical}` to mark a key competency (关键能力).",
            "anyOf": [
                { "type": "integer" },
                {
                    "type": "object",
                    "required": ["level"],
                    "additionalProperties": false,
                    "properties": {
                        "level": { "type": "integer" },
                        "critical": { "type": "boolean" }
                    }
                }
            ]
        })
    }
}

/// `talentloop.yaml`: the project file of one org.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectFile {
    /// The org's name, shown on the portal.
    pub name: Located<String>,
    /// The locale pages fall back to: `zh-CN` or `en`.
    pub default_locale: Located<String>,
    /// The locales texts may be written in; defaults to `[zh-CN, en]`.
    #[serde(default)]
    pub locales: Vec<Located<String>>,
    /// Folders, relative to this file.
    #[serde(default)]
    pub paths: Paths,
    /// The proficiency scale of competencies that name none; the built-in 1-5 scale when absent.
    #[serde(default)]
    pub default_proficiency_scale: Option<Located<String>>,
    /// Which rating scale each kind of review rating uses.
    #[serde(default)]
    pub ratings: Ratings,
    /// Review cycles in order, oldest first, e.g. `[2025H1, 2025H2]`.
    #[serde(default)]
    pub cycles: Vec<Located<String>>,
    /// Privacy settings for the portal and analytics.
    #[serde(default)]
    pub privacy: Privacy,
    /// How development plans are put together.
    #[serde(default)]
    pub plans: PlanSettings,
    /// HR analytics: the 9-box's potential formula and bands, the forecast horizon, and
    /// whether plans rank resources by observed learning effect.
    #[serde(default)]
    pub analytics: AnalyticsSettings,
}

/// HR analytics settings.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalyticsSettings {
    /// Weights of the potential score's parts (default growth 0.4, learning_speed 0.3,
    /// breadth 0.3); each at least 0, not all 0.
    #[serde(default)]
    pub potential_weights: PotentialWeights,
    /// Two ascending numbers in 0..1 cutting performance (rating rank over the top rank) into
    /// low, medium and high (default `[0.4, 0.7]`).
    pub performance_thresholds: Option<Located<Vec<Located<f64>>>>,
    /// The same for the potential score (default `[0.4, 0.7]`).
    pub potential_thresholds: Option<Located<Vec<Located<f64>>>>,
    /// Dated role requirements up to this many months after the cycle's end are forecast
    /// (default 12).
    pub forecast_months: Option<Located<u32>>,
    /// Rank plans' learning resources by their observed learning effect (default false).
    pub adaptive_ranking: Option<bool>,
}

/// Weights of the potential score's parts.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PotentialWeights {
    /// Level growth since the previous cycle.
    pub growth: Option<Located<f64>>,
    /// Levels gained per 10 learning hours.
    pub learning_speed: Option<Located<f64>>,
    /// Share of required competencies at or above the requirement.
    pub breadth: Option<Located<f64>>,
}

/// How development plans are put together.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanSettings {
    /// Learning hours a plan may fill per cycle (default 40); what does not fit is kept as "later".
    pub learning_hours_budget: Option<Located<f64>>,
    /// Resources recommended at most per recommendation (default 2).
    pub resources_per_request: Option<Located<u32>>,
    /// A goal's competency this many levels short or more is a risk (default 2).
    pub risk_gap: Option<Located<u32>>,
}

/// The folders of an org, relative to the project file.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Paths {
    /// Competency models, roles, resources, mentors, scales, goal templates, dialogue guides.
    pub models: Located<String>,
    /// Learning-trigger rule sets.
    pub rules: Located<String>,
    /// Portal templates that override the defaults.
    pub templates: Located<String>,
    /// Review exports, one folder per cycle.
    pub data: Located<String>,
}

impl Default for Paths {
    fn default() -> Self {
        Paths {
            models: Located::synthetic("models".into()),
            rules: Located::synthetic("rules".into()),
            templates: Located::synthetic("templates".into()),
            data: Located::synthetic("data".into()),
        }
    }
}

/// Rating scale ids per kind of rating.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ratings {
    /// The overall performance rating (绩效等级).
    pub overall: Option<Located<String>>,
    /// Ratings of single goals.
    pub goal: Option<Located<String>>,
    /// Ratings of competencies, mapped onto proficiency levels.
    pub competency: Option<Located<String>>,
}

/// Privacy settings.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// Aggregates over fewer people than this are suppressed (default 5).
    pub min_group_size: Option<Located<u32>>,
}

/// One model file: any number of entries of any kind, merged with the other files by kind.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelFile {
    #[serde(default)]
    pub proficiency_scales: Vec<ProficiencyScale>,
    #[serde(default)]
    pub rating_scales: Vec<RatingScale>,
    #[serde(default)]
    pub competencies: Vec<Competency>,
    #[serde(default)]
    pub role_families: Vec<RoleFamily>,
    #[serde(default)]
    pub roles: Vec<Role>,
    #[serde(default)]
    pub resources: Vec<Resource>,
    #[serde(default)]
    pub mentors: Vec<Mentor>,
    #[serde(default)]
    pub goal_templates: Vec<GoalTemplate>,
    #[serde(default)]
    pub dialogue_guides: Vec<DialogueGuide>,
}

/// A proficiency scale (能力等级): the ordinal levels a competency is assessed on.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProficiencyScale {
    pub id: Located<String>,
    pub name: Option<Located<Text>>,
    /// Level number to its name, e.g. `{1: 入门, 2: 基础, 3: 胜任, 4: 熟练, 5: 专家}`.
    pub levels: Entries<i64, Located<Text>>,
}

/// A rating scale (评分标准): ordered labels, lowest first.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingScale {
    pub id: Located<String>,
    pub name: Option<Located<Text>>,
    /// Labels from lowest to highest, e.g. `[D, C, B, A, S]`.
    pub labels: Located<Vec<Located<Label>>>,
    /// When reviews rate competencies on this scale: the proficiency level of each label.
    #[serde(default)]
    pub to_level: Entries<Label, Located<i64>>,
}

/// A competency (能力项) with behavioural indicators (行为指标) per level.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Competency {
    pub id: Located<String>,
    pub name: Located<Text>,
    pub description: Option<Located<Text>>,
    pub category: Option<Located<String>>,
    /// The proficiency scale; the project's default when absent.
    pub scale: Option<Located<String>>,
    /// Level number to the behaviours that show the level is reached.
    pub indicators: Located<Entries<i64, Vec<Located<Text>>>>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A role family (岗位族 / 职业通道): roles ordered by rank.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleFamily {
    pub id: Located<String>,
    pub name: Located<Text>,
    pub description: Option<Located<Text>>,
}

/// A role (岗位) with its key tasks and required levels.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: Located<String>,
    pub name: Located<Text>,
    pub description: Option<Located<Text>>,
    /// The role family; with `rank` it defines the next role on the ladder.
    pub family: Option<Located<String>>,
    /// Seniority within the family, 1 for the entry role.
    pub rank: Option<Located<i64>>,
    /// A role whose key tasks and requirements this one inherits and may raise.
    pub extends: Option<Located<String>>,
    #[serde(default)]
    pub key_tasks: Vec<KeyTask>,
    /// Competency id to required level (要求等级), e.g. `{negotiation: {level: 4, critical: true}}`.
    #[serde(default)]
    pub requires: Entries<String, Located<Requirement>>,
    /// Requirements that change on a date, to model future needs.
    #[serde(default)]
    pub changes: Vec<RequirementChange>,
}

/// A key task (关键任务) of a role.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyTask {
    pub id: Located<String>,
    pub name: Located<Text>,
    /// The competencies the task calls on.
    #[serde(default)]
    pub competencies: Vec<Located<String>>,
}

/// Required levels that take effect on a date.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequirementChange {
    /// `YYYY-MM-DD`.
    pub effective_from: Located<String>,
    pub requires: Entries<String, Located<Requirement>>,
}

/// The kinds of learning resource (学习资源).
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
pub enum ResourceKind {
    Course,
    MicroCourse,
    Practice,
    Shadowing,
    Project,
    Reading,
    Workshop,
}

/// A learning resource in the catalog.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub id: Located<String>,
    pub kind: ResourceKind,
    pub title: Located<Text>,
    pub description: Option<Located<Text>>,
    /// The competencies it develops and the level step it covers.
    #[serde(default)]
    pub targets: Vec<Target>,
    /// Expected learning hours.
    pub hours: Located<f64>,
    /// The language it is delivered in (`zh-CN` or `en`).
    pub language: Option<Located<String>>,
    pub url: Option<String>,
    /// Resources to complete first.
    #[serde(default)]
    pub prerequisites: Vec<Located<String>>,
    /// The xAPI activity id that learning records use for it.
    pub xapi_activity: Option<Located<String>>,
    pub owner: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// A competency a resource develops, from one level to a higher one.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    pub competency: Located<String>,
    pub from: Located<i64>,
    pub to: Located<i64>,
}

/// A mentor (导师) and what they coach.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mentor {
    pub talent_id: Located<String>,
    pub name: Option<Located<Text>>,
    #[serde(default)]
    pub coaches: Vec<Coaching>,
    /// The most mentees per cycle.
    pub capacity: Located<u32>,
}

/// A competency a mentor coaches, and the mentor's own level in it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Coaching {
    pub competency: Located<String>,
    pub level: Located<i64>,
}

/// A goal template (目标模板): a kind of goal and the capabilities it needs.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalTemplate {
    pub id: Located<String>,
    pub name: Located<Text>,
    pub description: Option<Located<Text>>,
    #[serde(default)]
    pub needs: Vec<GoalNeed>,
}

/// A competency a goal needs, at a level.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalNeed {
    pub competency: Located<String>,
    pub level: Located<i64>,
    #[serde(default)]
    pub critical: bool,
}

/// Situations a development dialogue guide is written for.
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
pub enum Situation {
    RatingDrop,
    LargeGap,
    HighPerformer,
    StalledLearning,
    NewInRole,
    General,
}

/// A development dialogue guide (发展对话指南): questions for a situation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DialogueGuide {
    pub id: Located<String>,
    pub situation: Situation,
    pub title: Option<Located<Text>>,
    pub questions: Vec<Located<Text>>,
}
