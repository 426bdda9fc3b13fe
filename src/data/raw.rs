//! `sources.yaml` as written: serde and schemars types, checked for shape only.
//!
//! The file lives in the org's data folder (the project's `paths.data`) and says, per
//! dataset kind, which files to read, in which format and encoding, and which column holds
//! which field. [`super::config`] checks it against the model and the data folder.

use crate::model::raw::{Entries, Located};
use schemars::JsonSchema;
use serde::Deserialize;

/// `sources.yaml`: how the org's review exports map onto talentloop's records.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    /// Start and end of cycles whose names do not give them (`2025H2`, `2025Q3` and `2025` do).
    #[serde(default)]
    pub cycles: Entries<String, CycleDates>,
    /// Row-level problem (e.g. `rating_not_on_scale`) to `skip` (the default: skip the row and
    /// report it as a warning) or `fail` (report it as an error, so the run exits 1).
    #[serde(default)]
    pub policy: Entries<String, Located<Policy>>,
    /// People (花名册): talent id, name, email, role, team, manager, hire date, aliases.
    #[serde(default)]
    pub people: Vec<Source<PeopleColumns>>,
    /// Review ratings: overall, per goal and per competency.
    #[serde(default)]
    pub reviews: Vec<Source<ReviewColumns>>,
    /// Goals (目标) with their template and the competencies they need.
    #[serde(default)]
    pub goals: Vec<Source<GoalColumns>>,
    /// Learning records (学习记录), from CSV/XLSX/JSON exports or xAPI statements.
    #[serde(default)]
    pub learning: Vec<Source<LearningColumns>>,
    /// Development dialogues (发展对话) and the actions agreed in them (发展行动清单).
    #[serde(default)]
    pub dialogues: Vec<Source<DialogueColumns>>,
}

/// The dates of one review cycle.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CycleDates {
    /// First day, `YYYY-MM-DD`.
    pub start: Located<String>,
    /// Last day, `YYYY-MM-DD`.
    pub end: Located<String>,
}

/// What a row-level problem does to the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Policy {
    /// Skip the row (or leave the value unknown), list it in the report, warn.
    Skip,
    /// The same, but as an error: the run exits 1.
    Fail,
}

/// The file formats talentloop reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// An Excel workbook; `sheet` names the sheet (the first one by default).
    Xlsx,
    /// A JSON array of flat objects, or an object holding one (`records` points at it).
    Json,
    /// xAPI statements (an array, an LRS `{"statements": [...]}` page, or one statement).
    Xapi,
}

/// One export: which files, how to read them and how their columns map onto fields.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "{C}Source")]
pub struct Source<C> {
    /// Files relative to the data folder, as a glob; `{cycle}` stands for each cycle folder,
    /// e.g. `{cycle}/reviews.csv`. Files found without `{cycle}` apply to every cycle, or
    /// name their cycle in a `cycle` column, or are placed by their dates (learning records).
    pub files: Located<String>,
    pub format: Located<Format>,
    /// `utf-8` (default; a byte-order mark is detected and dropped), `gb18030`, `gbk`, or any
    /// WHATWG encoding label. CSV and JSON only.
    pub encoding: Option<Located<String>>,
    /// The sheet of an XLSX workbook; the first sheet when absent.
    pub sheet: Option<Located<String>>,
    /// The row holding the column names (1 by default); rows above it are ignored.
    pub header_row: Option<Located<u32>>,
    /// The CSV field separator, one character (`,` by default).
    pub delimiter: Option<Located<String>>,
    /// For JSON: the JSON pointer of the array of records, e.g. `/data/employees`.
    pub records: Option<Located<String>>,
    /// How dates are written, in strftime fields (default `%Y-%m-%d`; `%Y/%m/%d`, `%Y.%m.%d`
    /// and ISO timestamps are always accepted too).
    pub date_format: Option<Located<String>>,
    /// Whether a missing file stops the run (default `true`).
    pub required: Option<bool>,
    /// Field to column name (the header's text, or the JSON key). Not used for `xapi`.
    pub columns: Option<Located<C>>,
    /// Export labels to model ids or known values, per field.
    #[serde(default)]
    pub values: Values,
    /// For xAPI: verb id (or its last path segment) to learning status; the usual ADL verbs
    /// are known (`completed`, `passed`, `failed`, `registered`, `launched`, `attempted`...).
    #[serde(default)]
    pub verbs: Entries<String, Located<String>>,
}

/// Value mappings: a label as the export writes it, to the id or value talentloop uses.
/// Ids are also matched by the model's names and titles in any locale, so a mapping is
/// only needed for labels that differ from them.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Values {
    #[serde(default)]
    pub role: Entries<String, Located<String>>,
    #[serde(default)]
    pub competency: Entries<String, Located<String>>,
    #[serde(default)]
    pub resource: Entries<String, Located<String>>,
    #[serde(default)]
    pub goal_template: Entries<String, Located<String>>,
    /// Export label to a label of the rating scale, e.g. `{优秀: A, 良好: B}`.
    #[serde(default)]
    pub rating: Entries<String, Located<String>>,
    /// Export label of a cycle to a cycle of the project, e.g. `{2025年下半年: 2025H2}`.
    #[serde(default)]
    pub cycle: Entries<String, Located<String>>,
    /// Review item kind: `overall`, `goal` or `competency`, e.g. `{综合: overall}`.
    #[serde(default)]
    pub kind: Entries<String, Located<String>>,
    /// Learning status (`enrolled`, `in_progress`, `completed`, `passed`, `failed`) or action
    /// status (`open`, `in_progress`, `done`, `cancelled`), e.g. `{已完成: done}`.
    #[serde(default)]
    pub status: Entries<String, Located<String>>,
}

/// Columns of a people export. Only `talent_id` is required.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PeopleColumns {
    /// The canonical id (统一人才ID / 工号).
    pub talent_id: Located<String>,
    pub name: Option<Located<String>>,
    pub email: Option<Located<String>>,
    /// The role, by id, name or a `values.role` label.
    pub role: Option<Located<String>>,
    pub team: Option<Located<String>>,
    /// The manager's talent id or alias.
    pub manager: Option<Located<String>>,
    pub hire_date: Option<Located<String>>,
    pub location: Option<Located<String>>,
    /// The person's locale for pages (`zh-CN`, `en`).
    pub locale: Option<Located<String>>,
    /// Columns holding other systems' ids for the same person (LMS id, old employee number).
    #[serde(default)]
    pub aliases: Vec<Located<String>>,
}

/// Columns of a review export.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewColumns {
    /// The person reviewed: talent id or alias.
    pub employee: Located<String>,
    pub rating: Located<String>,
    /// The cycle, when the file is not in a cycle folder.
    pub cycle: Option<Located<String>>,
    /// `overall`, `goal` or `competency`. Without it, rows without an item are overall
    /// ratings, items naming a competency are competency ratings and others goal ratings.
    pub kind: Option<Located<String>>,
    /// The competency or goal rated.
    pub item: Option<Located<String>>,
    pub comment: Option<Located<String>>,
    pub reviewer: Option<Located<String>>,
    pub date: Option<Located<String>>,
}

/// Columns of a goals export.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalColumns {
    pub goal_id: Located<String>,
    pub employee: Located<String>,
    pub cycle: Option<Located<String>>,
    pub title: Option<Located<String>>,
    /// The goal template, by id, name or a `values.goal_template` label.
    pub template: Option<Located<String>>,
    /// Competencies the goal needs beyond its template's, separated by `,`, `;`, `、` or `|`.
    pub competencies: Option<Located<String>>,
    pub weight: Option<Located<String>>,
    /// The goal's result, on the project's goal rating scale.
    pub rating: Option<Located<String>>,
}

/// Columns of a learning-record export.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LearningColumns {
    /// The learner: talent id, email or any alias (LMS user id).
    pub person: Located<String>,
    /// The resource: id, title or xAPI activity id.
    pub resource: Located<String>,
    /// `enrolled`, `in_progress`, `completed`, `passed` or `failed` (default `completed`).
    pub status: Option<Located<String>>,
    /// When the record's status was reached (completion date).
    pub date: Option<Located<String>>,
    pub started: Option<Located<String>>,
    pub score: Option<Located<String>>,
    pub hours: Option<Located<String>>,
}

/// Columns of a dialogue and action export: one row per agreed action, or per dialogue
/// when no action was agreed.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DialogueColumns {
    pub date: Located<String>,
    pub employee: Located<String>,
    pub manager: Option<Located<String>>,
    pub cycle: Option<Located<String>>,
    /// A stable id of the action, so later cycles can report on it.
    pub action_id: Option<Located<String>>,
    pub action: Option<Located<String>>,
    pub competency: Option<Located<String>>,
    pub due: Option<Located<String>>,
    /// `open`, `in_progress`, `done` or `cancelled` (default `open`).
    pub status: Option<Located<String>>,
    /// The mentor's talent id, when the action is coaching by a mentor.
    pub mentor: Option<Located<String>>,
}
