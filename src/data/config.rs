//! `sources.yaml` checked against the model: patterns compiled, encodings and date formats
//! known, value mappings resolved to model ids, cycle dates settled, policies per problem.

use super::catalog::Catalog;
use super::dataset::{ActionStatus, Cycle, Id, LearningStatus};
use super::raw::{self, Format, Policy, Source};
use crate::diag::{Code, Diagnostic, FileId, Severity, Span, did_you_mean};
use crate::model::OrgModel;
use crate::model::raw::{Entries, Located};
use chrono::NaiveDate;
use encoding_rs::Encoding;
use std::collections::HashMap;

/// The dataset kinds, in the order they are loaded (people first: the others resolve to them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    People,
    Reviews,
    Goals,
    Learning,
    Dialogues,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::People => "people",
            Kind::Reviews => "reviews",
            Kind::Goals => "goals",
            Kind::Learning => "learning",
            Kind::Dialogues => "dialogues",
        }
    }
}

/// The row-level codes and the names `policy:` uses for them.
pub const POLICY_NAMES: &[(Code, &str)] = &[
    (Code::UnresolvedPerson, "unresolved_person"),
    (Code::AmbiguousAlias, "ambiguous_alias"),
    (Code::DuplicatePerson, "duplicate_person"),
    (Code::UnknownDataRole, "unknown_role"),
    (Code::UnknownDataCompetency, "unknown_competency"),
    (Code::UnknownDataResource, "unknown_resource"),
    (Code::UnknownDataGoalTemplate, "unknown_goal_template"),
    (Code::RatingNotOnScale, "rating_not_on_scale"),
    (Code::UnknownManager, "unknown_manager"),
    (Code::ManagerCycle, "manager_cycle"),
    (Code::InvalidDataDate, "invalid_date"),
    (Code::FutureDate, "future_date"),
    (Code::BeforeHire, "before_hire"),
    (Code::NegativeHours, "negative_hours"),
    (Code::InvalidNumber, "invalid_number"),
    (Code::MissingValue, "missing_value"),
    (Code::UnknownDataCycle, "unknown_cycle"),
    (Code::UnknownStatus, "unknown_status"),
    (Code::DuplicateReview, "duplicate_review"),
    (Code::InvalidStatement, "invalid_statement"),
    (Code::UnlistedCycleFolder, "unlisted_cycle_folder"),
];

/// One source of `sources.yaml`, ready to read.
#[derive(Debug)]
pub struct SourceConfig {
    pub kind: Kind,
    /// The pattern as written, and the file it is in.
    pub pattern: String,
    pub pattern_span: Span,
    pub per_cycle: bool,
    pub format: Format,
    pub encoding: &'static Encoding,
    pub sheet: Option<String>,
    pub header_row: u32,
    pub delimiter: u8,
    pub records: Option<String>,
    pub date_format: Option<String>,
    pub required: bool,
    /// Field to column name, in the field order of the kind.
    pub columns: Vec<(&'static str, String)>,
    /// Mappings per field, keyed by the normalised export label.
    pub values: ValueMaps,
    /// xAPI verbs: normalised verb id or last segment to status.
    pub verbs: HashMap<String, LearningStatus>,
}

/// Value mappings with targets checked against the model.
#[derive(Debug, Default)]
pub struct ValueMaps {
    pub role: HashMap<String, Id>,
    pub competency: HashMap<String, Id>,
    pub resource: HashMap<String, Id>,
    pub goal_template: HashMap<String, Id>,
    pub rating: HashMap<String, String>,
    pub cycle: HashMap<String, String>,
    pub kind: HashMap<String, String>,
    pub status: HashMap<String, String>,
}

/// The whole checked configuration.
#[derive(Debug)]
pub struct Config {
    pub cycles: Vec<Cycle>,
    pub sources: Vec<SourceConfig>,
    policies: HashMap<Code, Severity>,
}

impl Config {
    /// The severity a row-level problem is reported with, after `policy:`.
    pub fn severity(&self, code: Code) -> Severity {
        self.policies
            .get(&code)
            .copied()
            .unwrap_or_else(|| code.default_severity())
    }
}

/// Lower-cased and trimmed: export labels are matched without regard to case or padding.
pub fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

/// Checks the raw file; returns `None` when an error makes reading the data pointless.
pub fn check(
    raw: &raw::SourcesFile,
    file: FileId,
    model: &OrgModel,
    catalog: &Catalog,
    diags: &mut Vec<Diagnostic>,
) -> Option<Config> {
    let before = diags.iter().filter(|d| d.is_error()).count();
    let span = |l: (usize, usize)| Span {
        file,
        start: l.0,
        end: l.1,
    };
    let cycles = cycle_dates(raw, model, file, diags);
    let mut policies = HashMap::new();
    for (name, policy) in &raw.policy.0 {
        match POLICY_NAMES.iter().find(|(_, n)| *n == name.value) {
            Some((code, _)) => {
                let sev = match policy.value {
                    Policy::Skip => Severity::Warning,
                    Policy::Fail => Severity::Error,
                };
                policies.insert(*code, sev);
            }
            None => diags.push(
                Diagnostic::new(
                    Code::UnknownField,
                    format!("unknown problem `{}` in `policy`", name.value),
                )
                .at(span((name.start, name.end)), "not a row-level problem")
                .maybe_help(
                    did_you_mean(&name.value, POLICY_NAMES.iter().map(|p| p.1)).or_else(|| {
                        Some(format!(
                            "known problems: {}",
                            POLICY_NAMES
                                .iter()
                                .map(|p| p.1)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ))
                    }),
                ),
            ),
        }
    }
    let mut sources = Vec::new();
    let mut add = |kind: Kind, s: Option<SourceConfig>| {
        if let Some(s) = s {
            debug_assert_eq!(s.kind, kind);
            sources.push(s);
        }
    };
    let ctx = Ctx {
        file,
        model,
        catalog,
    };
    for s in &raw.people {
        add(
            Kind::People,
            ctx.source(Kind::People, s, people_columns, diags),
        );
    }
    for s in &raw.reviews {
        add(
            Kind::Reviews,
            ctx.source(Kind::Reviews, s, review_columns, diags),
        );
    }
    for s in &raw.goals {
        add(Kind::Goals, ctx.source(Kind::Goals, s, goal_columns, diags));
    }
    for s in &raw.learning {
        add(
            Kind::Learning,
            ctx.source(Kind::Learning, s, learning_columns, diags),
        );
    }
    for s in &raw.dialogues {
        add(
            Kind::Dialogues,
            ctx.source(Kind::Dialogues, s, dialogue_columns, diags),
        );
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    (errors == before).then_some(Config {
        cycles: cycles?,
        sources,
        policies,
    })
}

type Columns = Vec<(&'static str, Located<String>)>;

fn opt(out: &mut Columns, field: &'static str, col: &Option<Located<String>>) {
    if let Some(c) = col {
        out.push((field, c.clone()));
    }
}

fn people_columns(c: &raw::PeopleColumns) -> Columns {
    let mut out = vec![("talent_id", c.talent_id.clone())];
    opt(&mut out, "name", &c.name);
    opt(&mut out, "email", &c.email);
    opt(&mut out, "role", &c.role);
    opt(&mut out, "team", &c.team);
    opt(&mut out, "manager", &c.manager);
    opt(&mut out, "hire_date", &c.hire_date);
    opt(&mut out, "location", &c.location);
    opt(&mut out, "locale", &c.locale);
    for a in &c.aliases {
        out.push(("aliases", a.clone()));
    }
    out
}

fn review_columns(c: &raw::ReviewColumns) -> Columns {
    let mut out = vec![
        ("employee", c.employee.clone()),
        ("rating", c.rating.clone()),
    ];
    opt(&mut out, "cycle", &c.cycle);
    opt(&mut out, "kind", &c.kind);
    opt(&mut out, "item", &c.item);
    opt(&mut out, "comment", &c.comment);
    opt(&mut out, "reviewer", &c.reviewer);
    opt(&mut out, "date", &c.date);
    out
}

fn goal_columns(c: &raw::GoalColumns) -> Columns {
    let mut out = vec![
        ("goal_id", c.goal_id.clone()),
        ("employee", c.employee.clone()),
    ];
    opt(&mut out, "cycle", &c.cycle);
    opt(&mut out, "title", &c.title);
    opt(&mut out, "template", &c.template);
    opt(&mut out, "competencies", &c.competencies);
    opt(&mut out, "weight", &c.weight);
    opt(&mut out, "rating", &c.rating);
    out
}

fn learning_columns(c: &raw::LearningColumns) -> Columns {
    let mut out = vec![
        ("person", c.person.clone()),
        ("resource", c.resource.clone()),
    ];
    opt(&mut out, "status", &c.status);
    opt(&mut out, "date", &c.date);
    opt(&mut out, "started", &c.started);
    opt(&mut out, "score", &c.score);
    opt(&mut out, "hours", &c.hours);
    out
}

fn dialogue_columns(c: &raw::DialogueColumns) -> Columns {
    let mut out = vec![("date", c.date.clone()), ("employee", c.employee.clone())];
    opt(&mut out, "manager", &c.manager);
    opt(&mut out, "cycle", &c.cycle);
    opt(&mut out, "action_id", &c.action_id);
    opt(&mut out, "action", &c.action);
    opt(&mut out, "competency", &c.competency);
    opt(&mut out, "due", &c.due);
    opt(&mut out, "status", &c.status);
    opt(&mut out, "mentor", &c.mentor);
    out
}

/// The fields an xAPI source fills, named by the statement paths they come from.
pub const XAPI_COLUMNS: &[(&str, &str)] = &[
    ("person", "actor"),
    ("resource", "object.id"),
    ("status", "verb.id"),
    ("date", "timestamp"),
    ("score", "result.score"),
    ("hours", "result.duration"),
];

struct Ctx<'a> {
    file: FileId,
    model: &'a OrgModel,
    catalog: &'a Catalog,
}

impl Ctx<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span {
            file: self.file,
            start,
            end,
        }
    }

    fn source<C>(
        &self,
        kind: Kind,
        s: &Source<C>,
        columns: impl Fn(&C) -> Columns,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<SourceConfig> {
        let before = diags.len();
        let pattern_span = self.span(s.files.start, s.files.end);
        let pattern = s.files.value.trim().to_owned();
        if let Err(e) = globset::Glob::new(&pattern.replace("{cycle}", "x")) {
            diags.push(
                Diagnostic::new(
                    Code::InvalidPattern,
                    format!("`{pattern}` is not a valid file pattern: {}", e.kind()),
                )
                .at(pattern_span, "invalid pattern"),
            );
        }
        let format = s.format.value;
        if format == Format::Xapi && kind != Kind::Learning {
            diags.push(
                Diagnostic::new(
                    Code::WrongType,
                    format!(
                        "`xapi` is a format for learning records, not for {}",
                        kind.as_str()
                    ),
                )
                .at(self.span(s.format.start, s.format.end), "not allowed here")
                .help("use csv, xlsx or json"),
            );
        }
        let encoding = match &s.encoding {
            None => encoding_rs::UTF_8,
            Some(e) => match encoding_label(&e.value) {
                Some(enc) => enc,
                None => {
                    diags.push(
                        Diagnostic::new(
                            Code::UnreadableEncoding,
                            format!("`{}` is not an encoding talentloop knows", e.value),
                        )
                        .at(self.span(e.start, e.end), "unknown encoding")
                        .help("use utf-8, gb18030 or gbk"),
                    );
                    encoding_rs::UTF_8
                }
            },
        };
        let delimiter = match &s.delimiter {
            None => b',',
            Some(d) => match d.value.as_bytes() {
                [b] if d.value.is_ascii() => *b,
                _ if d.value == "\\t" => b'\t',
                _ => {
                    diags.push(
                        Diagnostic::new(Code::WrongType, "a delimiter must be one ASCII character")
                            .at(self.span(d.start, d.end), "not one character")
                            .help("write `delimiter: \";\"` or `delimiter: \"\\t\"`"),
                    );
                    b','
                }
            },
        };
        if let Some(f) = &s.date_format
            && !date_format_is_valid(&f.value)
        {
            diags.push(
                Diagnostic::new(
                    Code::InvalidPattern,
                    format!("`{}` is not a date format", f.value),
                )
                .at(self.span(f.start, f.end), "invalid date format")
                .help(
                    "use strftime fields with a year, month and day, e.g. `%Y-%m-%d` or `%d.%m.%Y`",
                ),
            );
        }
        let columns = match (&s.columns, format) {
            (Some(c), _) => columns(&c.value)
                .into_iter()
                .map(|(f, l)| (f, l.value.trim().to_owned()))
                .collect(),
            (None, Format::Xapi) => XAPI_COLUMNS
                .iter()
                .map(|(f, c)| (*f, (*c).to_owned()))
                .collect(),
            (None, _) => {
                diags.push(
                    Diagnostic::new(Code::MissingField, "missing field `columns`")
                        .at(pattern_span, "this source lacks it")
                        .help("map each field to the column that holds it, e.g. `columns: {talent_id: 工号}`"),
                );
                Vec::new()
            }
        };
        let values = self.values(&s.values, diags);
        let mut verbs = default_verbs();
        for (verb, status) in &s.verbs.0 {
            match learning_status(&status.value) {
                Some(st) => {
                    verbs.insert(norm(&verb.value), st);
                }
                None => diags.push(self.bad_value(status, LEARNING_STATUSES, "a learning status")),
            }
        }
        (diags.len() == before).then(|| SourceConfig {
            kind,
            pattern_span,
            per_cycle: pattern.contains("{cycle}"),
            pattern,
            format,
            encoding,
            sheet: s.sheet.as_ref().map(|s| s.value.clone()),
            header_row: s.header_row.as_ref().map_or(1, |h| h.value.max(1)),
            delimiter,
            records: s.records.as_ref().map(|r| r.value.clone()),
            date_format: s.date_format.as_ref().map(|f| f.value.clone()),
            required: s.required.unwrap_or(true),
            columns,
            values,
            verbs,
        })
    }

    fn bad_value(&self, v: &Located<String>, allowed: &[&str], what: &str) -> Diagnostic {
        Diagnostic::new(
            Code::UnknownMappedId,
            format!("`{}` is not {what}", v.value),
        )
        .at(self.span(v.start, v.end), "unknown value")
        .maybe_help(
            did_you_mean(&v.value, allowed.iter().copied())
                .or_else(|| Some(format!("allowed values: {}", allowed.join(", ")))),
        )
    }

    fn values(&self, v: &raw::Values, diags: &mut Vec<Diagnostic>) -> ValueMaps {
        let mut out = ValueMaps::default();
        let ids = |entries: &Entries<String, Located<String>>,
                   kind: &str,
                   known: &dyn Fn(&str) -> Option<Id>,
                   candidates: Vec<&str>,
                   into: &mut HashMap<String, Id>,
                   diags: &mut Vec<Diagnostic>| {
            for (label, target) in &entries.0 {
                match known(&target.value) {
                    Some(id) => {
                        into.insert(norm(&label.value), id);
                    }
                    None => diags.push(
                        Diagnostic::new(
                            Code::UnknownMappedId,
                            format!("unknown {kind} `{}`", target.value),
                        )
                        .at(
                            self.span(target.start, target.end),
                            format!("no {kind} has this id"),
                        )
                        .maybe_help(did_you_mean(&target.value, candidates.iter().copied())),
                    ),
                }
            }
        };
        let m = self.model;
        let c = self.catalog;
        ids(
            &v.role,
            "role",
            &|id| c.role_id(id),
            m.roles.iter().map(|r| r.id.as_str()).collect(),
            &mut out.role,
            diags,
        );
        ids(
            &v.competency,
            "competency",
            &|id| c.competency_id(id),
            m.competencies.iter().map(|r| r.id.as_str()).collect(),
            &mut out.competency,
            diags,
        );
        ids(
            &v.resource,
            "resource",
            &|id| c.resource_id(id),
            m.resources.iter().map(|r| r.id.as_str()).collect(),
            &mut out.resource,
            diags,
        );
        ids(
            &v.goal_template,
            "goal template",
            &|id| c.goal_template_id(id),
            m.goal_templates.iter().map(|r| r.id.as_str()).collect(),
            &mut out.goal_template,
            diags,
        );
        // Rating targets must be a label of one of the project's rating scales.
        let labels: Vec<&str> = [&m.ratings.overall, &m.ratings.goal, &m.ratings.competency]
            .into_iter()
            .flatten()
            .filter_map(|s| m.rating_scale(s))
            .flat_map(|s| s.labels.iter().map(String::as_str))
            .collect();
        for (label, target) in &v.rating.0 {
            if labels.contains(&target.value.as_str()) {
                out.rating.insert(norm(&label.value), target.value.clone());
            } else {
                diags.push(self.bad_value(
                    target,
                    &labels,
                    "a label of the project's rating scales",
                ));
            }
        }
        let cycles: Vec<&str> = m.cycles.iter().map(String::as_str).collect();
        for (label, target) in &v.cycle.0 {
            if cycles.contains(&target.value.as_str()) {
                out.cycle.insert(norm(&label.value), target.value.clone());
            } else {
                diags.push(self.bad_value(target, &cycles, "a cycle of the project"));
            }
        }
        let cycles: Vec<&str> = m.cycles.iter().map(String::as_str).collect();
        for (label, target) in &v.cycle.0 {
            if cycles.contains(&target.value.as_str()) {
                out.cycle.insert(norm(&label.value), target.value.clone());
            } else {
                diags.push(self.bad_value(target, &cycles, "a cycle of the project"));
            }
        }
        for (label, target) in &v.kind.0 {
            if REVIEW_KINDS.contains(&target.value.as_str()) {
                out.kind.insert(norm(&label.value), target.value.clone());
            } else {
                diags.push(self.bad_value(target, REVIEW_KINDS, "a review item kind"));
            }
        }
        let statuses: Vec<&str> = LEARNING_STATUSES
            .iter()
            .chain(ACTION_STATUSES)
            .copied()
            .collect();
        for (label, target) in &v.status.0 {
            if statuses.contains(&target.value.as_str()) {
                out.status.insert(norm(&label.value), target.value.clone());
            } else {
                diags.push(self.bad_value(target, &statuses, "a status"));
            }
        }
        out
    }
}

pub const REVIEW_KINDS: &[&str] = &["overall", "goal", "competency"];
pub const LEARNING_STATUSES: &[&str] =
    &["enrolled", "in_progress", "completed", "passed", "failed"];
pub const ACTION_STATUSES: &[&str] = &["open", "in_progress", "done", "cancelled"];

pub fn learning_status(s: &str) -> Option<LearningStatus> {
    Some(match s {
        "enrolled" => LearningStatus::Enrolled,
        "in_progress" => LearningStatus::InProgress,
        "completed" => LearningStatus::Completed,
        "passed" => LearningStatus::Passed,
        "failed" => LearningStatus::Failed,
        _ => return None,
    })
}

pub fn action_status(s: &str) -> Option<ActionStatus> {
    Some(match s {
        "open" => ActionStatus::Open,
        "in_progress" => ActionStatus::InProgress,
        "done" => ActionStatus::Done,
        "cancelled" => ActionStatus::Cancelled,
        _ => return None,
    })
}

/// The ADL verbs that say how far a learner got; other verbs (played, paused, interacted)
/// are activity, not learning records.
fn default_verbs() -> HashMap<String, LearningStatus> {
    [
        ("completed", LearningStatus::Completed),
        ("passed", LearningStatus::Passed),
        ("mastered", LearningStatus::Passed),
        ("failed", LearningStatus::Failed),
        ("registered", LearningStatus::Enrolled),
        ("launched", LearningStatus::InProgress),
        ("initialized", LearningStatus::InProgress),
        ("attempted", LearningStatus::InProgress),
        ("progressed", LearningStatus::InProgress),
        ("resumed", LearningStatus::InProgress),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// An encoding by label; `utf-8-bom` is accepted for UTF-8 with a byte-order mark.
fn encoding_label(label: &str) -> Option<&'static Encoding> {
    let l = label.trim().to_lowercase();
    match l.as_str() {
        "utf-8-bom" | "utf8-bom" | "utf-8-sig" | "utf8" => Some(encoding_rs::UTF_8),
        _ => Encoding::for_label(l.as_bytes()),
    }
}

/// A strftime format that can produce a date: it has a year, a month and a day field.
fn date_format_is_valid(f: &str) -> bool {
    use chrono::format::{Item, StrftimeItems};
    let items: Vec<Item> = StrftimeItems::new(f).collect();
    if items.iter().any(|i| matches!(i, Item::Error)) {
        return false;
    }
    let probe = NaiveDate::from_ymd_opt(2025, 11, 28).map(|d| d.format(f).to_string());
    probe.is_some_and(|p| NaiveDate::parse_from_str(&p, f).is_ok())
}

/// The dates of every cycle the project lists: from `sources.yaml`, else from the name.
fn cycle_dates(
    raw: &raw::SourcesFile,
    model: &OrgModel,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Cycle>> {
    let mut explicit: HashMap<&str, (NaiveDate, NaiveDate)> = HashMap::new();
    let mut ok = true;
    for (name, dates) in &raw.cycles.0 {
        let span = Span {
            file,
            start: name.start,
            end: name.end,
        };
        if !model.cycles.contains(&name.value) {
            // Harmless, but likely a typo of a listed cycle.
            diags.push(
                Diagnostic::new(
                    Code::UnknownDataCycle,
                    format!("cycle `{}` is not listed in the project file", name.value),
                )
                .at(span, "not a cycle of the project; its dates are not used")
                .maybe_help(did_you_mean(
                    &name.value,
                    model.cycles.iter().map(String::as_str),
                )),
            );
            continue;
        }
        let parse = |l: &Located<String>, diags: &mut Vec<Diagnostic>| {
            let d = NaiveDate::parse_from_str(l.value.trim(), "%Y-%m-%d").ok();
            if d.is_none() {
                diags.push(
                    Diagnostic::new(Code::InvalidDate, format!("`{}` is not a date", l.value)).at(
                        Span {
                            file,
                            start: l.start,
                            end: l.end,
                        },
                        "expected YYYY-MM-DD",
                    ),
                );
            }
            d
        };
        match (parse(&dates.start, diags), parse(&dates.end, diags)) {
            (Some(s), Some(e)) if s <= e => {
                explicit.insert(name.value.as_str(), (s, e));
            }
            (Some(_), Some(_)) => {
                diags.push(
                    Diagnostic::new(Code::InvalidDate, "a cycle must end after it starts").at(
                        Span {
                            file,
                            start: dates.end.start,
                            end: dates.end.end,
                        },
                        "before `start`",
                    ),
                );
                ok = false;
            }
            _ => ok = false,
        }
    }
    let mut cycles = Vec::new();
    for id in &model.cycles {
        match explicit
            .get(id.as_str())
            .copied()
            .or_else(|| dates_from_name(id))
        {
            Some((start, end)) => cycles.push(Cycle {
                id: id.clone(),
                start,
                end,
            }),
            None => {
                diags.push(
                    Diagnostic::new(
                        Code::CycleDatesUnknown,
                        format!("the dates of cycle `{id}` are unknown"),
                    )
                    .at(
                        Span {
                            file,
                            start: 0,
                            end: 0,
                        },
                        "no `cycles` entry for it",
                    )
                    .help(format!(
                        "add `cycles: {{{id}: {{start: YYYY-MM-DD, end: YYYY-MM-DD}}}}` to sources.yaml"
                    )),
                );
                ok = false;
            }
        }
    }
    ok.then_some(cycles)
}

/// `2025H2` (second half), `2025Q3` (third quarter) or `2025` (the year), with an optional
/// `-` before the half or quarter.
pub fn dates_from_name(id: &str) -> Option<(NaiveDate, NaiveDate)> {
    let year: i32 = id.get(..4)?.parse().ok()?;
    let rest = id[4..].trim_start_matches('-');
    let (first_month, months) = match rest.as_bytes() {
        [] => (1, 12),
        [b'H' | b'h', n @ b'1'..=b'2'] => (1 + 6 * u32::from(n - b'1'), 6),
        [b'Q' | b'q', n @ b'1'..=b'4'] => (1 + 3 * u32::from(n - b'1'), 3),
        _ => return None,
    };
    let start = NaiveDate::from_ymd_opt(year, first_month, 1)?;
    let next = if first_month + months > 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, first_month + months, 1)?
    };
    Some((start, next.pred_opt()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycle_names_give_dates() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            dates_from_name("2025H2"),
            Some((d("2025-07-01"), d("2025-12-31")))
        );
        assert_eq!(
            dates_from_name("2026-Q1"),
            Some((d("2026-01-01"), d("2026-03-31")))
        );
        assert_eq!(
            dates_from_name("2024"),
            Some((d("2024-01-01"), d("2024-12-31")))
        );
        assert_eq!(dates_from_name("spring"), None);
        assert_eq!(dates_from_name("2025H3"), None);
    }

    #[test]
    fn date_formats_are_checked() {
        assert!(date_format_is_valid("%Y/%m/%d"));
        assert!(date_format_is_valid("%d.%m.%Y"));
        assert!(!date_format_is_valid("%Y"));
        assert!(!date_format_is_valid("%Q"));
    }
}
