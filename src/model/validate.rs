//! Validation: raw files in, the resolved [`OrgModel`] and every problem out.
//!
//! Validation never stops at the first problem: each check records its diagnostics and goes
//! on, skipping only what a broken entry makes meaningless. The caller keeps the
//! [`OrgModel`] only when no error was found.

use super::raw::{self, Entries, Located, Text};
use super::types::*;
use crate::diag::{Code, Diagnostic, FileId, Span, did_you_mean};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::Path;

/// The locales talentloop ships message catalogs for.
pub const SUPPORTED_LOCALES: &[&str] = &["zh-CN", "en"];

/// The id of the built-in 1-5 proficiency scale used when the model declares none.
pub const BUILTIN_SCALE: &str = "default";

/// A parsed project file and the file it came from.
pub struct ParsedProject {
    pub file: FileId,
    pub raw: raw::ProjectFile,
}

/// A parsed model file and the file it came from.
pub struct ParsedModel {
    pub file: FileId,
    pub raw: raw::ModelFile,
}

/// Validates the project and its model files.
///
/// `complete` is false when some model file could not be parsed: ids it defines are then
/// unknown, so checks that would report them as missing or unused are skipped.
pub fn validate(
    project: &ParsedProject,
    models: &[ParsedModel],
    root: &Path,
    complete: bool,
    diags: &mut Vec<Diagnostic>,
) -> OrgModel {
    Validator::new(project, complete, diags).run(project, models, root)
}

struct Validator<'d> {
    diags: &'d mut Vec<Diagnostic>,
    default_locale: String,
    locales: Vec<String>,
    complete: bool,
}

/// Where an id was first defined, per kind.
#[derive(Default)]
struct Defined {
    competencies: BTreeMap<String, Span>,
    roles: BTreeMap<String, Span>,
    role_families: BTreeMap<String, Span>,
    resources: BTreeMap<String, Span>,
    rating_scales: BTreeMap<String, Span>,
    proficiency_scales: BTreeMap<String, Span>,
}

/// The kinds of id a model entry can refer to.
#[derive(Clone, Copy)]
enum Kind {
    Competency,
    Role,
    RoleFamily,
    Resource,
    RatingScale,
    ProficiencyScale,
}

impl Kind {
    fn code(self) -> Code {
        match self {
            Kind::Competency => Code::UnknownCompetency,
            Kind::Role => Code::UnknownRole,
            Kind::RoleFamily => Code::UnknownRoleFamily,
            Kind::Resource => Code::UnknownResource,
            Kind::RatingScale | Kind::ProficiencyScale => Code::UnknownScale,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Kind::Competency => "competency",
            Kind::Role => "role",
            Kind::RoleFamily => "role family",
            Kind::Resource => "learning resource",
            Kind::RatingScale => "rating scale",
            Kind::ProficiencyScale => "proficiency scale",
        }
    }
}

pub(crate) fn span<T>(file: FileId, l: &Located<T>) -> Span {
    Span {
        file,
        start: l.start,
        end: l.end,
    }
}

impl<'d> Validator<'d> {
    fn new(project: &ParsedProject, complete: bool, diags: &'d mut Vec<Diagnostic>) -> Self {
        let raw = &project.raw;
        let mut v = Validator {
            diags,
            default_locale: raw.default_locale.value.clone(),
            locales: Vec::new(),
            complete,
        };
        let declared: Vec<&Located<String>> = raw.locales.iter().collect();
        for l in &declared {
            v.check_locale_supported(project.file, l);
        }
        v.locales = if declared.is_empty() {
            SUPPORTED_LOCALES.iter().map(|s| s.to_string()).collect()
        } else {
            declared.iter().map(|l| l.value.clone()).collect()
        };
        if v.check_locale_supported(project.file, &raw.default_locale)
            && !v.locales.contains(&raw.default_locale.value)
        {
            v.push(
                Diagnostic::new(
                    Code::UnknownLocale,
                    format!(
                        "the default locale `{}` is not among `locales`",
                        raw.default_locale.value
                    ),
                )
                .at(
                    span(project.file, &raw.default_locale),
                    "not listed in `locales`",
                )
                .help(format!("add it to `locales`: [{}]", v.locales.join(", "))),
            );
        }
        v
    }

    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn check_locale_supported(&mut self, file: FileId, l: &Located<String>) -> bool {
        if SUPPORTED_LOCALES.contains(&l.value.as_str()) {
            return true;
        }
        self.push(
            Diagnostic::new(
                Code::UnknownLocale,
                format!("the locale `{}` is not supported", l.value),
            )
            .at(span(file, l), "unsupported locale")
            .maybe_help(did_you_mean(&l.value, SUPPORTED_LOCALES.iter().copied()))
            .note(format!(
                "supported locales: {}",
                SUPPORTED_LOCALES.join(", ")
            )),
        );
        false
    }

    fn run(&mut self, project: &ParsedProject, models: &[ParsedModel], root: &Path) -> OrgModel {
        let defined = self.register(models);
        let proficiency_scales = self.proficiency_scales(models);
        let default_scale = self.default_scale(project, &defined, &proficiency_scales);
        let rating_scales = self.rating_scales(models, &proficiency_scales, &default_scale);
        let competencies = self.competencies(models, &defined, &proficiency_scales, &default_scale);
        let scale_of: HashMap<&str, &ProficiencyScale> = competencies
            .iter()
            .filter_map(|c| {
                let scale = proficiency_scales.iter().find(|s| s.id == c.scale)?;
                Some((c.id.as_str(), scale))
            })
            .collect();
        let levels = Levels { scale_of };
        let role_families = self.role_families(models);
        let roles = self.roles(models, &defined, &levels);
        let resources = self.resources(models, &defined, &levels);
        let mentors = self.mentors(models, &defined, &levels);
        let goal_templates = self.goal_templates(models, &defined, &levels);
        let dialogue_guides = self.dialogue_guides(models);
        let ratings = self.project_ratings(project, &defined);
        // Whole-model warnings only on a model without errors: an entry rejected by an
        // error would otherwise show up again as a missing rank or an unused resource.
        if self.complete && !self.diags.iter().any(Diagnostic::is_error) {
            self.check_ranks(&roles, models, &role_families);
            self.check_catalog_coverage(models, &roles, &resources, &goal_templates, &levels);
            self.check_unused_scales(project, models);
        }
        let raw = &project.raw;
        let min_group_size = raw.privacy.min_group_size.as_ref().map_or(5, |m| {
            if m.value == 0 {
                self.push(
                    Diagnostic::new(Code::WrongType, "`min_group_size` must be at least 1")
                        .at(span(project.file, m), "0 would suppress nothing"),
                );
            }
            m.value.max(1)
        });
        let plans = self.plan_settings(project);
        let analytics = self.analytics_settings(project);
        let mut seen_cycles: BTreeMap<&str, Span> = BTreeMap::new();
        for c in &raw.cycles {
            let here = span(project.file, c);
            if let Some(first) = seen_cycles.insert(&c.value, here) {
                self.duplicate("review cycle", &c.value, here, first);
            }
        }
        let paths = ProjectPaths {
            root: root.to_path_buf(),
            models: root.join(&raw.paths.models.value),
            rules: root.join(&raw.paths.rules.value),
            templates: root.join(&raw.paths.templates.value),
            data: root.join(&raw.paths.data.value),
        };
        let index = Index {
            competencies: index_of(&competencies, |c| &c.id),
            roles: index_of(&roles, |r| &r.id),
            resources: index_of(&resources, |r| &r.id),
            rating_scales: index_of(&rating_scales, |s| &s.id),
            proficiency_scales: index_of(&proficiency_scales, |s| &s.id),
            goal_templates: index_of(&goal_templates, |g| &g.id),
            resources_by_competency: resources_by_competency(&resources),
        };
        OrgModel {
            name: raw.name.value.clone(),
            default_locale: self.default_locale.clone(),
            locales: self.locales.clone(),
            paths,
            ratings,
            cycles: raw.cycles.iter().map(|c| c.value.clone()).collect(),
            min_group_size,
            plans,
            analytics,
            default_proficiency_scale: default_scale,
            proficiency_scales,
            rating_scales,
            competencies,
            role_families,
            roles,
            resources,
            mentors,
            goal_templates,
            dialogue_guides,
            index,
        }
    }

    fn plan_settings(&mut self, project: &ParsedProject) -> PlanSettings {
        let p = &project.raw.plans;
        let budget = p.learning_hours_budget.as_ref().map_or(40.0, |b| {
            if !(b.value.is_finite() && b.value > 0.0) {
                self.push(
                    Diagnostic::new(
                        Code::WrongType,
                        "`learning_hours_budget` must be a positive number of hours",
                    )
                    .at(span(project.file, b), "expected hours above 0"),
                );
            }
            b.value
        });
        let per_request = p.resources_per_request.as_ref().map_or(2, |n| {
            if n.value == 0 {
                self.push(
                    Diagnostic::new(
                        Code::WrongType,
                        "`resources_per_request` must be at least 1",
                    )
                    .at(span(project.file, n), "0 would recommend nothing"),
                );
            }
            n.value
        });
        PlanSettings {
            learning_hours_budget: budget,
            resources_per_request: per_request,
            risk_gap: p.risk_gap.as_ref().map_or(2, |r| r.value.max(1)),
            observed_effects: Default::default(),
        }
    }

    fn analytics_settings(&mut self, project: &ParsedProject) -> AnalyticsSettings {
        let a = &project.raw.analytics;
        let d = AnalyticsSettings::default();
        let w = &a.potential_weights;
        let potential_weights = PotentialWeights {
            growth: self.weight(
                project,
                w.growth.as_ref(),
                "growth",
                d.potential_weights.growth,
            ),
            learning_speed: self.weight(
                project,
                w.learning_speed.as_ref(),
                "learning_speed",
                d.potential_weights.learning_speed,
            ),
            breadth: self.weight(
                project,
                w.breadth.as_ref(),
                "breadth",
                d.potential_weights.breadth,
            ),
        };
        let all_zero = [
            w.growth.as_ref(),
            w.learning_speed.as_ref(),
            w.breadth.as_ref(),
        ]
        .iter()
        .all(|x| x.is_some_and(|x| x.value == 0.0));
        if all_zero && let Some(g) = &w.growth {
            self.push(
                Diagnostic::new(Code::WrongType, "the potential weights are all 0")
                    .at(span(project.file, g), "at least one weight must be above 0"),
            );
        }
        AnalyticsSettings {
            potential_weights,
            performance_thresholds: self.thresholds(
                project,
                a.performance_thresholds.as_ref(),
                "performance_thresholds",
            ),
            potential_thresholds: self.thresholds(
                project,
                a.potential_thresholds.as_ref(),
                "potential_thresholds",
            ),
            forecast_months: a.forecast_months.as_ref().map_or(d.forecast_months, |m| {
                if m.value == 0 || m.value > 120 {
                    self.push(
                        Diagnostic::new(
                            Code::WrongType,
                            "`forecast_months` must be between 1 and 120",
                        )
                        .at(
                            span(project.file, m),
                            "expected a number of months from 1 to 120",
                        ),
                    );
                }
                m.value.clamp(1, 120)
            }),
            adaptive_ranking: a.adaptive_ranking.unwrap_or(d.adaptive_ranking),
        }
    }

    /// One potential weight: a number of at least 0.
    fn weight(
        &mut self,
        project: &ParsedProject,
        w: Option<&Located<f64>>,
        name: &str,
        default: f64,
    ) -> f64 {
        let Some(w) = w else { return default };
        if !(w.value.is_finite() && w.value >= 0.0) {
            self.push(
                Diagnostic::new(
                    Code::WrongType,
                    format!("the potential weight `{name}` must be a number of at least 0"),
                )
                .at(span(project.file, w), "expected a weight of 0 or more"),
            );
            return default;
        }
        w.value
    }

    /// Band thresholds: two ascending numbers within 0..1; the diagnostic points at the
    /// list when it does not hold two numbers, else at the number that is wrong.
    fn thresholds(
        &mut self,
        project: &ParsedProject,
        t: Option<&Located<Vec<Located<f64>>>>,
        name: &str,
    ) -> [f64; 2] {
        let default = [0.4, 0.7];
        let Some(t) = t else { return default };
        let message = format!("`{name}` must be two ascending numbers between 0 and 1");
        let [a, b] = t.value.as_slice() else {
            self.push(Diagnostic::new(Code::WrongType, message).at(
                span(project.file, t),
                "expected two numbers, e.g. `[0.4, 0.7]`",
            ));
            return default;
        };
        let wrong = if !(0.0..=1.0).contains(&a.value) {
            Some((a, "expected a number from 0 to 1"))
        } else if !(0.0..=1.0).contains(&b.value) {
            Some((b, "expected a number from 0 to 1"))
        } else if a.value >= b.value {
            Some((b, "expected a number above the first"))
        } else {
            None
        };
        match wrong {
            Some((at, label)) => {
                self.push(
                    Diagnostic::new(Code::WrongType, message).at(span(project.file, at), label),
                );
                default
            }
            None => [a.value, b.value],
        }
    }

    // ----- ids -----

    /// Records where each id is first defined and reports every later definition.
    fn register(&mut self, models: &[ParsedModel]) -> Defined {
        let mut d = Defined::default();
        let mut mentors = BTreeMap::new();
        let mut goals = BTreeMap::new();
        let mut guides = BTreeMap::new();
        for m in models {
            let f = m.file;
            let r = &m.raw;
            self.define_all(
                &mut d.proficiency_scales,
                "proficiency scale",
                f,
                r.proficiency_scales.iter().map(|x| &x.id),
            );
            self.define_all(
                &mut d.rating_scales,
                "rating scale",
                f,
                r.rating_scales.iter().map(|x| &x.id),
            );
            self.define_all(
                &mut d.competencies,
                "competency",
                f,
                r.competencies.iter().map(|x| &x.id),
            );
            self.define_all(
                &mut d.role_families,
                "role family",
                f,
                r.role_families.iter().map(|x| &x.id),
            );
            self.define_all(&mut d.roles, "role", f, r.roles.iter().map(|x| &x.id));
            self.define_all(
                &mut d.resources,
                "learning resource",
                f,
                r.resources.iter().map(|x| &x.id),
            );
            self.define_all(
                &mut mentors,
                "mentor",
                f,
                r.mentors.iter().map(|x| &x.talent_id),
            );
            self.define_all(
                &mut goals,
                "goal template",
                f,
                r.goal_templates.iter().map(|x| &x.id),
            );
            self.define_all(
                &mut guides,
                "dialogue guide",
                f,
                r.dialogue_guides.iter().map(|x| &x.id),
            );
        }
        d
    }

    fn define_all<'a>(
        &mut self,
        map: &mut BTreeMap<String, Span>,
        noun: &str,
        file: FileId,
        ids: impl Iterator<Item = &'a Located<String>>,
    ) {
        for id in ids {
            let here = span(file, id);
            match map.get(&id.value) {
                Some(&first) => self.duplicate(noun, &id.value, here, first),
                None => {
                    map.insert(id.value.clone(), here);
                }
            }
        }
    }

    fn duplicate(&mut self, noun: &str, id: &str, here: Span, first: Span) {
        self.push(
            Diagnostic::new(
                Code::DuplicateId,
                format!("the {noun} `{id}` is defined twice"),
            )
            .at(here, "defined again here")
            .also(first, "first defined here")
            .help(format!(
                "each {noun} must be listed once; rename or remove one"
            )),
        );
    }

    /// Whether `id` names a defined entry of `kind`; reports it when not.
    fn reference(
        &mut self,
        defined: &BTreeMap<String, Span>,
        kind: Kind,
        file: FileId,
        id: &Located<String>,
    ) -> bool {
        if defined.contains_key(&id.value) {
            return true;
        }
        if self.complete {
            self.push(
                Diagnostic::new(
                    kind.code(),
                    format!("unknown {} `{}`", kind.noun(), id.value),
                )
                .at(span(file, id), format!("no {} has this id", kind.noun()))
                .maybe_help(did_you_mean(&id.value, defined.keys().map(String::as_str))),
            );
        }
        false
    }

    // ----- texts -----

    fn texts(&self) -> Texts<'_> {
        Texts {
            default_locale: &self.default_locale,
            locales: &self.locales,
        }
    }

    /// Resolves a text; names that people read must exist in the default locale.
    fn text(&mut self, file: FileId, t: &Located<Text>, what: &str) -> LocalText {
        let mut diags = Vec::new();
        let out = self.texts().required(file, t, what, &mut diags);
        self.diags.extend(diags);
        out
    }

    /// Resolves an optional text without requiring the default locale.
    fn text_opt(&mut self, file: FileId, t: Option<&Located<Text>>) -> LocalText {
        let mut diags = Vec::new();
        let out = self.texts().optional(file, t, &mut diags);
        self.diags.extend(diags);
        out
    }

    // ----- scales -----

    fn proficiency_scales(&mut self, models: &[ParsedModel]) -> Vec<ProficiencyScale> {
        let mut out = vec![builtin_scale()];
        for (f, s) in unique(models, |m| &m.raw.proficiency_scales, |x| &x.id.value) {
            if s.id.value == BUILTIN_SCALE {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        format!("`{BUILTIN_SCALE}` is the built-in 1-5 proficiency scale"),
                    )
                    .at(span(f, &s.id), "reserved id")
                    .help("give this scale another id"),
                );
                continue;
            }
            let mut levels = Vec::new();
            for (level, name) in &s.levels.0 {
                match u8::try_from(level.value) {
                    Ok(l) if l >= 1 => levels.push((l, self.text(f, name, "level name"))),
                    _ => self.push(
                        Diagnostic::new(
                            Code::LevelOutsideScale,
                            format!(
                                "level `{}` must be a whole number from 1 to 255",
                                level.value
                            ),
                        )
                        .at(span(f, level), "invalid level"),
                    ),
                }
            }
            levels.sort_by_key(|l| l.0);
            if levels.is_empty() {
                self.push(
                    Diagnostic::new(
                        Code::EmptyScale,
                        format!("the proficiency scale `{}` has no levels", s.id.value),
                    )
                    .at(span(f, &s.id), "no levels")
                    .help("list its levels, e.g. `levels: {1: 入门, 2: 基础, 3: 胜任}`"),
                );
                continue;
            }
            let name = self.text_opt(f, s.name.as_ref());
            out.push(ProficiencyScale {
                id: s.id.value.clone(),
                name,
                levels,
                span: Some(span(f, &s.id)),
            });
        }
        out
    }

    fn default_scale(
        &mut self,
        project: &ParsedProject,
        defined: &Defined,
        scales: &[ProficiencyScale],
    ) -> String {
        let Some(id) = &project.raw.default_proficiency_scale else {
            return BUILTIN_SCALE.to_owned();
        };
        if scales.iter().any(|s| s.id == id.value) {
            return id.value.clone();
        }
        // A declared but broken scale was reported where it is declared.
        if defined.proficiency_scales.contains_key(&id.value) || !self.complete {
            return BUILTIN_SCALE.to_owned();
        }
        self.push(
            Diagnostic::new(
                Code::UnknownScale,
                format!("unknown proficiency scale `{}`", id.value),
            )
            .at(span(project.file, id), "no proficiency scale has this id")
            .maybe_help(did_you_mean(
                &id.value,
                scales.iter().map(|s| s.id.as_str()),
            )),
        );
        BUILTIN_SCALE.to_owned()
    }

    fn rating_scales(
        &mut self,
        models: &[ParsedModel],
        proficiency: &[ProficiencyScale],
        default_scale: &str,
    ) -> Vec<RatingScale> {
        let levels = proficiency.iter().find(|s| s.id == default_scale);
        let mut out: Vec<RatingScale> = Vec::new();
        for (f, s) in unique(models, |m| &m.raw.rating_scales, |x| &x.id.value) {
            let mut labels: Vec<String> = Vec::new();
            let mut label_spans: HashMap<String, Span> = HashMap::new();
            for l in &s.labels.value {
                let here = span(f, l);
                if let Some(&first) = label_spans.get(&l.value.0) {
                    self.push(
                        Diagnostic::new(
                            Code::DuplicateLabel,
                            format!(
                                "the label `{}` appears twice in the scale `{}`",
                                l.value.0, s.id.value
                            ),
                        )
                        .at(here, "repeated label")
                        .also(first, "first listed here"),
                    );
                    continue;
                }
                label_spans.insert(l.value.0.clone(), here);
                labels.push(l.value.0.clone());
            }
            if labels.is_empty() {
                self.push(
                    Diagnostic::new(
                        Code::EmptyScale,
                        format!("the rating scale `{}` has no labels", s.id.value),
                    )
                    .at(span(f, &s.labels), "empty list")
                    .help("list the labels from lowest to highest, e.g. `[D, C, B, A, S]`"),
                );
            }
            let mut to_level = BTreeMap::new();
            for (label, level) in &s.to_level.0 {
                if !labels.contains(&label.value.0) {
                    self.push(
                        Diagnostic::new(
                            Code::UnknownRatingLabel,
                            format!(
                                "`{}` is not a label of the scale `{}`",
                                label.value.0, s.id.value
                            ),
                        )
                        .at(span(f, label), "not in `labels`")
                        .maybe_help(did_you_mean(
                            &label.value.0,
                            labels.iter().map(String::as_str),
                        )),
                    );
                    continue;
                }
                if let Some(scale) = levels
                    && let Some(l) = self.level_on(scale, f, level, "level")
                {
                    to_level.insert(label.value.0.clone(), l);
                }
            }
            let name = self.text_opt(f, s.name.as_ref());
            out.push(RatingScale {
                id: s.id.value.clone(),
                name,
                labels,
                to_level,
                span: span(f, &s.id),
            });
        }
        out
    }

    /// The level as a `u8` when it lies on `scale`; reports it otherwise.
    fn level_on(
        &mut self,
        scale: &ProficiencyScale,
        file: FileId,
        level: &Located<i64>,
        what: &str,
    ) -> Option<u8> {
        if scale.contains(level.value) {
            return u8::try_from(level.value).ok();
        }
        self.push(
            Diagnostic::new(
                Code::LevelOutsideScale,
                format!(
                    "the {what} `{}` is outside the scale `{}`",
                    level.value, scale.id
                ),
            )
            .at(
                span(file, level),
                format!("levels run from {} to {}", scale.min(), scale.max()),
            ),
        );
        None
    }

    // ----- competencies -----

    fn competencies(
        &mut self,
        models: &[ParsedModel],
        defined: &Defined,
        scales: &[ProficiencyScale],
        default_scale: &str,
    ) -> Vec<Competency> {
        let mut out: Vec<Competency> = Vec::new();
        for (f, c) in unique(models, |m| &m.raw.competencies, |x| &x.id.value) {
            let scale_id = match &c.scale {
                Some(s) if scales.iter().any(|x| x.id == s.value) => s.value.clone(),
                Some(s) => {
                    self.reference(&defined.proficiency_scales, Kind::ProficiencyScale, f, s);
                    default_scale.to_owned()
                }
                None => default_scale.to_owned(),
            };
            let scale = scales
                .iter()
                .find(|x| x.id == scale_id)
                .unwrap_or(&scales[0]);
            let name = self.text(f, &c.name, "competency name");
            let description = self.text_opt(f, c.description.as_ref());
            let indicators = self.indicators(f, &c.id.value, &c.indicators, scale);
            out.push(Competency {
                id: c.id.value.clone(),
                name,
                description,
                category: c.category.as_ref().map(|x| x.value.clone()),
                scale: scale_id,
                indicators,
                tags: c.tags.clone(),
                span: span(f, &c.id),
            });
        }
        out
    }

    fn indicators(
        &mut self,
        file: FileId,
        competency: &str,
        raw: &Located<Entries<i64, Vec<Located<Text>>>>,
        scale: &ProficiencyScale,
    ) -> BTreeMap<u8, Vec<LocalText>> {
        let mut out = BTreeMap::new();
        for (level, texts) in &raw.value.0 {
            let Some(l) = self.level_on(scale, file, level, "indicator level") else {
                continue;
            };
            let texts: Vec<LocalText> = texts
                .iter()
                .map(|t| self.text(file, t, "behavioural indicator"))
                .collect();
            if !texts.is_empty() {
                out.insert(l, texts);
            }
        }
        for (level, _) in &scale.levels {
            if !out.contains_key(level) {
                self.push(
                    Diagnostic::new(
                        Code::MissingIndicator,
                        format!("the competency `{competency}` has no behavioural indicator for level {level}"),
                    )
                    .at(span(file, raw), format!("level {level} is missing here"))
                    .help(format!("add `{level}: [...]` with at least one observable behaviour")),
                );
            }
        }
        out
    }

    // ----- roles -----

    fn role_families(&mut self, models: &[ParsedModel]) -> Vec<RoleFamily> {
        let mut out: Vec<RoleFamily> = Vec::new();
        for (f, r) in unique(models, |m| &m.raw.role_families, |x| &x.id.value) {
            let name = self.text(f, &r.name, "role family name");
            let description = self.text_opt(f, r.description.as_ref());
            out.push(RoleFamily {
                id: r.id.value.clone(),
                name,
                description,
                span: span(f, &r.id),
            });
        }
        out
    }

    fn roles(&mut self, models: &[ParsedModel], defined: &Defined, levels: &Levels) -> Vec<Role> {
        // First pass: each role's own data, references checked.
        let mut own: Vec<OwnRole> = Vec::new();
        for (f, r) in unique(models, |m| &m.raw.roles, |x| &x.id.value) {
            own.push(self.own_role(f, r, defined, levels));
        }
        // Second pass: inheritance, with cycles cut.
        let position: HashMap<&str, usize> = own
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let parent: Vec<Option<usize>> = own
            .iter()
            .map(|r| {
                r.extends
                    .as_ref()
                    .and_then(|e| position.get(e.0.as_str()).copied())
            })
            .collect();
        let cycles = find_cycles(own.len(), |i| parent[i].into_iter().collect());
        let mut in_cycle = vec![false; own.len()];
        for cycle in &cycles {
            let names: Vec<&str> = cycle
                .iter()
                .chain(cycle.first())
                .map(|&i| own[i].id.as_str())
                .collect();
            let first = cycle[0];
            for &i in cycle {
                in_cycle[i] = true;
            }
            if let Some((_, at)) = &own[first].extends {
                self.push(
                    Diagnostic::new(
                        Code::ExtendsCycle,
                        format!(
                            "roles extend each other in a cycle: {}",
                            quoted_chain(&names)
                        ),
                    )
                    .at(*at, "this `extends` closes the cycle")
                    .help("remove one `extends` in the cycle"),
                );
            }
        }
        let parent: Vec<Option<usize>> = parent
            .iter()
            .enumerate()
            .map(|(i, p)| if in_cycle[i] { None } else { *p })
            .collect();
        let resolver = Inheritance {
            own: &own,
            parent: &parent,
        };
        let mut roles = Vec::with_capacity(own.len());
        for (i, r) in own.iter().enumerate() {
            if let Some(p) = parent[i] {
                self.check_lowered(r, &resolver.effective(p, None));
            }
            let requirements = resolver.effective(i, None);
            for task in &r.key_tasks {
                for (c, at) in &task.competencies {
                    if levels.scale_of.contains_key(c.as_str())
                        && !requirements.iter().any(|q| &q.competency == c)
                    {
                        self.push(
                            Diagnostic::new(
                                Code::TaskCompetencyNotRequired,
                                format!("the key task `{}` needs `{c}`, which the role `{}` does not require", task.task.id, r.id),
                            )
                            .at(*at, "not in the role's `requires`")
                            .help(format!("add `{c}` with a level to the role's `requires`")),
                        );
                    }
                }
            }
            let changes = resolver
                .change_dates(i)
                .into_iter()
                .map(|date| RequirementChange {
                    effective_from: date,
                    requirements: resolver.effective(i, Some(date)),
                })
                .collect();
            roles.push(Role {
                id: r.id.clone(),
                name: r.name.clone(),
                description: r.description.clone(),
                family: r.family.clone(),
                rank: r.rank.map(|k| k.0),
                extends: r.extends.as_ref().map(|e| e.0.clone()),
                key_tasks: resolver.key_tasks(i),
                requirements,
                changes,
                span: r.span,
            });
        }
        roles
    }

    fn own_role(
        &mut self,
        f: FileId,
        r: &raw::Role,
        defined: &Defined,
        levels: &Levels,
    ) -> OwnRole {
        let family = r
            .family
            .as_ref()
            .filter(|fam| self.reference(&defined.role_families, Kind::RoleFamily, f, fam));
        let rank = match (&r.rank, family) {
            (Some(k), _) if k.value >= 1 && k.value <= i64::from(u32::MAX) => {
                Some((k.value as u32, span(f, k)))
            }
            (Some(k), _) => {
                self.push(
                    Diagnostic::new(
                        Code::WrongType,
                        format!("the rank `{}` must be a whole number from 1 up", k.value),
                    )
                    .at(span(f, k), "invalid rank"),
                );
                None
            }
            (None, Some(fam)) => {
                self.push(
                    Diagnostic::new(Code::MissingField, format!("the role `{}` has a family but no `rank`", r.id.value))
                        .at(span(f, fam), "family without rank")
                        .help("add `rank: N` (1 for the entry role) so the next role on the ladder is known"),
                );
                None
            }
            (None, None) => None,
        };
        let extends = r
            .extends
            .as_ref()
            .filter(|e| self.reference(&defined.roles, Kind::Role, f, e))
            .map(|e| (e.value.clone(), span(f, e)));
        let requires = self.requirements(f, &r.requires, defined, levels);
        let mut changes = Vec::new();
        for c in &r.changes {
            let reqs = self.requirements(f, &c.requires, defined, levels);
            if let Some(date) = self.date(f, &c.effective_from) {
                changes.push((date, reqs));
            }
        }
        changes.sort_by_key(|c| c.0);
        let key_tasks = r
            .key_tasks
            .iter()
            .map(|t| {
                let name = self.text(f, &t.name, "key task name");
                let competencies = t
                    .competencies
                    .iter()
                    .filter(|c| self.reference(&defined.competencies, Kind::Competency, f, c))
                    .map(|c| (c.value.clone(), span(f, c)))
                    .collect::<Vec<_>>();
                OwnTask {
                    task: KeyTask {
                        id: t.id.value.clone(),
                        name,
                        competencies: competencies.iter().map(|c| c.0.clone()).collect(),
                    },
                    competencies,
                }
            })
            .collect();
        OwnRole {
            id: r.id.value.clone(),
            name: self.text(f, &r.name, "role name"),
            description: self.text_opt(f, r.description.as_ref()),
            family: family.map(|x| x.value.clone()),
            rank,
            extends,
            key_tasks,
            requires,
            changes,
            span: span(f, &r.id),
        }
    }

    fn requirements(
        &mut self,
        f: FileId,
        raw: &Entries<String, Located<raw::Requirement>>,
        defined: &Defined,
        levels: &Levels,
    ) -> Vec<OwnRequirement> {
        let mut out = Vec::new();
        for (competency, req) in &raw.0 {
            if !self.reference(&defined.competencies, Kind::Competency, f, competency) {
                continue;
            }
            let Some(scale) = levels.scale_of.get(competency.value.as_str()) else {
                continue;
            };
            let at = span(f, req);
            let level = req.value.level;
            if level > i64::from(scale.max()) {
                self.push(
                    Diagnostic::new(
                        Code::RequiredAboveScale,
                        format!("`{}` is required at level {level}, above the top level {} of its scale", competency.value, scale.max()),
                    )
                    .at(at, format!("the scale `{}` ends at {}", scale.id, scale.max())),
                );
                continue;
            }
            let located = Located {
                value: level,
                start: req.start,
                end: req.end,
            };
            if let Some(level) = self.level_on(scale, f, &located, "required level") {
                out.push(OwnRequirement {
                    requirement: Requirement {
                        competency: competency.value.clone(),
                        level,
                        critical: req.value.critical,
                    },
                    span: at,
                });
            }
        }
        out
    }

    fn date(&mut self, f: FileId, d: &Located<String>) -> Option<NaiveDate> {
        match NaiveDate::parse_from_str(&d.value, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                self.push(
                    Diagnostic::new(
                        Code::InvalidDate,
                        format!("`{}` is not a valid date", d.value),
                    )
                    .at(span(f, d), "expected YYYY-MM-DD")
                    .help("write dates as `2027-01-01`"),
                );
                None
            }
        }
    }

    fn check_lowered(&mut self, role: &OwnRole, inherited: &[Requirement]) {
        for own in &role.requires {
            let Some(parent) = inherited
                .iter()
                .find(|p| p.competency == own.requirement.competency)
            else {
                continue;
            };
            if own.requirement.level < parent.level {
                self.push(
                    Diagnostic::new(
                        Code::LoweredRequirement,
                        format!(
                            "the role `{}` lowers `{}` from level {} to {}",
                            role.id,
                            own.requirement.competency,
                            parent.level,
                            own.requirement.level
                        ),
                    )
                    .at(own.span, format!("inherited level is {}", parent.level))
                    .help("a role that extends another usually keeps or raises its requirements"),
                );
            }
        }
    }

    fn check_ranks(&mut self, roles: &[Role], models: &[ParsedModel], families: &[RoleFamily]) {
        let rank_spans: HashMap<&str, Span> = models
            .iter()
            .flat_map(|m| {
                m.raw.roles.iter().filter_map(move |r| {
                    Some((r.id.value.as_str(), span(m.file, r.rank.as_ref()?)))
                })
            })
            .collect();
        let mut by_family: BTreeMap<&str, BTreeMap<u32, &Role>> = BTreeMap::new();
        for r in roles {
            let (Some(family), Some(rank)) = (&r.family, r.rank) else {
                continue;
            };
            let ranks = by_family.entry(family).or_default();
            match ranks.get(&rank) {
                Some(first) => {
                    let here = rank_spans.get(r.id.as_str()).copied().unwrap_or(r.span);
                    self.push(
                        Diagnostic::new(
                            Code::DuplicateRank,
                            format!("the roles `{}` and `{}` both have rank {rank} in the family `{family}`", first.id, r.id),
                        )
                        .at(here, "rank already taken")
                        .also(first.span, "this role has it")
                        .help("give each role of a family its own rank"),
                    );
                }
                None => {
                    ranks.insert(rank, r);
                }
            }
        }
        for (family, ranks) in &by_family {
            let Some(f) = families.iter().find(|f| f.id == *family) else {
                continue;
            };
            let mut expected = 1;
            for &rank in ranks.keys() {
                if rank != expected {
                    let label = if expected == 1 {
                        format!("the lowest rank is {rank}")
                    } else {
                        format!("ranks jump from {} to {rank}", expected - 1)
                    };
                    self.push(
                        Diagnostic::new(
                            Code::RankGap,
                            format!("the role family `{family}` has no role of rank {expected}"),
                        )
                        .at(f.span, label)
                        .help("number ranks 1, 2, 3, ... without gaps"),
                    );
                }
                expected = rank + 1;
            }
        }
    }

    // ----- catalog -----

    fn resources(
        &mut self,
        models: &[ParsedModel],
        defined: &Defined,
        levels: &Levels,
    ) -> Vec<Resource> {
        let mut out: Vec<Resource> = Vec::new();
        let mut prereq_spans: Vec<Vec<(String, Span)>> = Vec::new();
        let mut activities: HashMap<String, Span> = HashMap::new();
        for (f, r) in unique(models, |m| &m.raw.resources, |x| &x.id.value) {
            let targets = r
                .targets
                .iter()
                .filter_map(|t| self.target(f, t, defined, levels))
                .collect();
            if !(r.hours.value.is_finite() && r.hours.value > 0.0) {
                self.push(
                    Diagnostic::new(
                        Code::WrongType,
                        format!("`hours` must be a positive number, not `{}`", r.hours.value),
                    )
                    .at(span(f, &r.hours), "expected hours above 0"),
                );
            }
            if let Some(lang) = &r.language
                && !self.locales.contains(&lang.value)
            {
                let help = did_you_mean(&lang.value, self.locales.iter().map(String::as_str));
                self.push(
                    Diagnostic::new(
                        Code::UnknownLocale,
                        format!(
                            "the language `{}` is not one of the project's locales",
                            lang.value
                        ),
                    )
                    .at(span(f, lang), "unknown locale")
                    .maybe_help(help),
                );
            }
            if let Some(a) = &r.xapi_activity {
                let here = span(f, a);
                if let Some(&first) = activities.get(&a.value) {
                    self.push(
                        Diagnostic::new(
                            Code::DuplicateId,
                            format!("the xAPI activity `{}` belongs to two resources", a.value),
                        )
                        .at(here, "used again here")
                        .also(first, "first used here")
                        .help("each learning record must map to one resource"),
                    );
                } else {
                    activities.insert(a.value.clone(), here);
                }
            }
            let prerequisites: Vec<(String, Span)> = r
                .prerequisites
                .iter()
                .filter(|p| self.reference(&defined.resources, Kind::Resource, f, p))
                .map(|p| (p.value.clone(), span(f, p)))
                .collect();
            let title = self.text(f, &r.title, "resource title");
            let description = self.text_opt(f, r.description.as_ref());
            out.push(Resource {
                id: r.id.value.clone(),
                kind: r.kind,
                title,
                description,
                targets,
                hours: r.hours.value,
                language: r.language.as_ref().map(|l| l.value.clone()),
                url: r.url.clone(),
                prerequisites: prerequisites.iter().map(|p| p.0.clone()).collect(),
                xapi_activity: r.xapi_activity.as_ref().map(|a| a.value.clone()),
                owner: r.owner.clone(),
                tags: r.tags.clone(),
                span: span(f, &r.id),
            });
            prereq_spans.push(prerequisites);
        }
        self.check_prerequisite_cycles(&out, &prereq_spans);
        out
    }

    fn target(
        &mut self,
        f: FileId,
        t: &raw::Target,
        defined: &Defined,
        levels: &Levels,
    ) -> Option<Target> {
        if !self.reference(&defined.competencies, Kind::Competency, f, &t.competency) {
            return None;
        }
        let scale = levels.scale_of.get(t.competency.value.as_str())?;
        let from = self.level_on(scale, f, &t.from, "level");
        let to = self.level_on(scale, f, &t.to, "level");
        let (from, to) = (from?, to?);
        if to <= from {
            self.push(
                Diagnostic::new(
                    Code::InvalidLevelRange,
                    format!(
                        "the target moves `{}` from {from} to {to}, which is no step up",
                        t.competency.value
                    ),
                )
                .at(span(f, &t.to), format!("`to` must be above {from}")),
            );
            return None;
        }
        Some(Target {
            competency: t.competency.value.clone(),
            from,
            to,
        })
    }

    fn check_prerequisite_cycles(
        &mut self,
        resources: &[Resource],
        prereqs: &[Vec<(String, Span)>],
    ) {
        let position: HashMap<&str, usize> = resources
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i))
            .collect();
        let edges = |i: usize| {
            prereqs[i]
                .iter()
                .filter_map(|p| position.get(p.0.as_str()).copied())
                .collect()
        };
        for cycle in find_cycles(resources.len(), edges) {
            let names: Vec<&str> = cycle
                .iter()
                .chain(cycle.first())
                .map(|&i| resources[i].id.as_str())
                .collect();
            let first = cycle[0];
            let next = &resources[*cycle.get(1).unwrap_or(&first)].id;
            let at = prereqs[first]
                .iter()
                .find(|p| &p.0 == next)
                .map_or(resources[first].span, |p| p.1);
            self.push(
                Diagnostic::new(
                    Code::PrerequisiteCycle,
                    format!(
                        "learning resources require each other in a cycle: {}",
                        quoted_chain(&names)
                    ),
                )
                .at(at, "this prerequisite closes the cycle")
                .help("remove one prerequisite in the cycle"),
            );
        }
    }

    fn mentors(
        &mut self,
        models: &[ParsedModel],
        defined: &Defined,
        levels: &Levels,
    ) -> Vec<Mentor> {
        let mut out: Vec<Mentor> = Vec::new();
        for (f, mentor) in unique(models, |m| &m.raw.mentors, |x| &x.talent_id.value) {
            if mentor.capacity.value == 0 {
                self.push(
                    Diagnostic::new(
                        Code::ZeroCapacity,
                        format!("the mentor `{}` has capacity 0", mentor.talent_id.value),
                    )
                    .at(span(f, &mentor.capacity), "can never be assigned")
                    .help(
                        "give the most mentees per cycle, e.g. `capacity: 2`, or remove the mentor",
                    ),
                );
            }
            let mut coaches = Vec::new();
            for c in &mentor.coaches {
                if !self.reference(&defined.competencies, Kind::Competency, f, &c.competency) {
                    continue;
                }
                let Some(scale) = levels.scale_of.get(c.competency.value.as_str()) else {
                    continue;
                };
                if let Some(level) = self.level_on(scale, f, &c.level, "mentor level") {
                    coaches.push(Coaching {
                        competency: c.competency.value.clone(),
                        level,
                    });
                }
            }
            let name = self.text_opt(f, mentor.name.as_ref());
            out.push(Mentor {
                talent_id: mentor.talent_id.value.clone(),
                name,
                coaches,
                capacity: mentor.capacity.value,
                span: span(f, &mentor.talent_id),
            });
        }
        out
    }

    fn goal_templates(
        &mut self,
        models: &[ParsedModel],
        defined: &Defined,
        levels: &Levels,
    ) -> Vec<GoalTemplate> {
        let mut out: Vec<GoalTemplate> = Vec::new();
        for (f, g) in unique(models, |m| &m.raw.goal_templates, |x| &x.id.value) {
            let mut needs = Vec::new();
            for n in &g.needs {
                if !self.reference(&defined.competencies, Kind::Competency, f, &n.competency) {
                    continue;
                }
                let Some(scale) = levels.scale_of.get(n.competency.value.as_str()) else {
                    continue;
                };
                if let Some(level) = self.level_on(scale, f, &n.level, "needed level") {
                    needs.push(GoalNeed {
                        competency: n.competency.value.clone(),
                        level,
                        critical: n.critical,
                    });
                }
            }
            let name = self.text(f, &g.name, "goal template name");
            let description = self.text_opt(f, g.description.as_ref());
            out.push(GoalTemplate {
                id: g.id.value.clone(),
                name,
                description,
                needs,
                span: span(f, &g.id),
            });
        }
        out
    }

    fn dialogue_guides(&mut self, models: &[ParsedModel]) -> Vec<DialogueGuide> {
        let mut out: Vec<DialogueGuide> = Vec::new();
        for (f, g) in unique(models, |m| &m.raw.dialogue_guides, |x| &x.id.value) {
            let title = self.text_opt(f, g.title.as_ref());
            let questions = g
                .questions
                .iter()
                .map(|q| self.text(f, q, "question"))
                .collect();
            out.push(DialogueGuide {
                id: g.id.value.clone(),
                situation: g.situation,
                title,
                questions,
                span: span(f, &g.id),
            });
        }
        out
    }

    fn project_ratings(&mut self, project: &ParsedProject, defined: &Defined) -> RatingUse {
        let r = &project.raw.ratings;
        let check = |v: &mut Self, id: &Option<Located<String>>| {
            id.as_ref()
                .filter(|id| {
                    v.reference(&defined.rating_scales, Kind::RatingScale, project.file, id)
                })
                .map(|id| id.value.clone())
        };
        RatingUse {
            overall: check(self, &r.overall),
            goal: check(self, &r.goal),
            competency: check(self, &r.competency),
        }
    }

    // ----- warnings over the whole model -----

    fn check_catalog_coverage(
        &mut self,
        models: &[ParsedModel],
        roles: &[Role],
        resources: &[Resource],
        goals: &[GoalTemplate],
        levels: &Levels,
    ) {
        let mut reach: HashMap<&str, Vec<(u8, u8)>> = HashMap::new();
        for r in resources {
            for t in &r.targets {
                reach.entry(&t.competency).or_default().push((t.from, t.to));
            }
        }
        // Every place a level is demanded, in file order, so the first one is reported.
        let mut demands: BTreeMap<(String, u8), Vec<Span>> = BTreeMap::new();
        let mut needed: HashSet<&str> = HashSet::new();
        for m in models {
            for r in &m.raw.roles {
                let entries = r
                    .requires
                    .0
                    .iter()
                    .chain(r.changes.iter().flat_map(|c| c.requires.0.iter()));
                for (c, req) in entries {
                    if let Ok(level) = u8::try_from(req.value.level) {
                        demands
                            .entry((c.value.clone(), level))
                            .or_default()
                            .push(span(m.file, req));
                    }
                }
            }
            for g in &m.raw.goal_templates {
                for n in &g.needs {
                    if let Ok(level) = u8::try_from(n.level.value) {
                        demands
                            .entry((n.competency.value.clone(), level))
                            .or_default()
                            .push(span(m.file, &n.level));
                    }
                }
            }
        }
        for r in roles {
            needed.extend(r.requirements.iter().map(|q| q.competency.as_str()));
            needed.extend(
                r.changes
                    .iter()
                    .flat_map(|c| c.requirements.iter().map(|q| q.competency.as_str())),
            );
        }
        needed.extend(
            goals
                .iter()
                .flat_map(|g| g.needs.iter().map(|n| n.competency.as_str())),
        );
        for ((competency, level), places) in &demands {
            let Some(scale) = levels.scale_of.get(competency.as_str()) else {
                continue;
            };
            if *level <= scale.min() || *level > scale.max() {
                continue;
            }
            let covered = reach
                .get(competency.as_str())
                .is_some_and(|ranges| ranges.iter().any(|(from, to)| from < level && level <= to));
            if !covered {
                let mut d = Diagnostic::new(
                    Code::NoResourceForGap,
                    format!("nothing in the catalog can close a gap on `{competency}` up to level {level}"),
                )
                .at(places[0], "required here")
                .help(format!("add a resource with a target `{{competency: {competency}, from: {}, to: {level}}}`", level - 1));
                if places.len() > 1 {
                    d = d.note(format!(
                        "{} other places require the same level",
                        places.len() - 1
                    ));
                }
                self.push(d);
            }
        }
        let prerequisite_of: HashSet<&str> = resources
            .iter()
            .flat_map(|r| r.prerequisites.iter().map(String::as_str))
            .collect();
        for r in resources {
            let used = prerequisite_of.contains(r.id.as_str())
                || r.targets
                    .iter()
                    .any(|t| needed.contains(t.competency.as_str()));
            if !used {
                self.push(
                    Diagnostic::new(
                        Code::UnusedResource,
                        format!("the learning resource `{}` is never needed", r.id),
                    )
                    .at(r.span, "no role or goal needs what it teaches")
                    .help("target a competency some role requires, or remove the resource"),
                );
            }
        }
    }

    fn check_unused_scales(&mut self, project: &ParsedProject, models: &[ParsedModel]) {
        let r = &project.raw.ratings;
        let used: HashSet<&str> = [&r.overall, &r.goal, &r.competency]
            .into_iter()
            .flatten()
            .map(|s| s.value.as_str())
            .collect();
        let used_proficiency: HashSet<&str> = models
            .iter()
            .flat_map(|m| m.raw.competencies.iter().filter_map(|c| c.scale.as_ref()))
            .chain(&project.raw.default_proficiency_scale)
            .map(|s| s.value.as_str())
            .collect();
        for m in models {
            for s in &m.raw.rating_scales {
                if !used.contains(s.id.value.as_str()) {
                    self.push(
                        Diagnostic::new(
                            Code::UnusedScale,
                            format!("the rating scale `{}` is never used", s.id.value),
                        )
                        .at(span(m.file, &s.id), "not named by the project's `ratings`")
                        .help("name it under `ratings:` in talentloop.yaml, or remove it"),
                    );
                }
            }
            for s in &m.raw.proficiency_scales {
                if !used_proficiency.contains(s.id.value.as_str()) {
                    self.push(
                        Diagnostic::new(Code::UnusedScale, format!("the proficiency scale `{}` is never used", s.id.value))
                            .at(span(m.file, &s.id), "no competency uses it")
                            .help("set `scale:` on competencies or `default_proficiency_scale` in talentloop.yaml"),
                    );
                }
            }
        }
    }
}

/// Resolves texts written per locale against the project's locales.
pub(crate) struct Texts<'a> {
    pub default_locale: &'a str,
    pub locales: &'a [String],
}

impl Texts<'_> {
    /// A text people read: it must exist in the default locale.
    pub fn required(
        &self,
        file: FileId,
        t: &Located<Text>,
        what: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> LocalText {
        let out = self.resolve(file, t, diags);
        if !out.0.contains_key(self.default_locale) {
            diags.push(
                Diagnostic::new(
                    Code::MissingDefaultLocale,
                    format!(
                        "the {what} has no text in the default locale `{}`",
                        self.default_locale
                    ),
                )
                .at(
                    span(file, t),
                    format!("add a `{}` entry", self.default_locale),
                )
                .help("pages fall back to the default locale, so it must always be present"),
            );
        }
        out
    }

    /// An optional text; absent is empty.
    pub fn optional(
        &self,
        file: FileId,
        t: Option<&Located<Text>>,
        diags: &mut Vec<Diagnostic>,
    ) -> LocalText {
        t.map(|t| self.resolve(file, t, diags)).unwrap_or_default()
    }

    fn resolve(&self, file: FileId, t: &Located<Text>, diags: &mut Vec<Diagnostic>) -> LocalText {
        let mut out = BTreeMap::new();
        match &t.value {
            Text::Plain(s) => {
                out.insert(self.default_locale.to_owned(), s.clone());
            }
            Text::PerLocale(entries) => {
                for (locale, s) in entries {
                    if self.locales.contains(&locale.value) {
                        out.insert(locale.value.clone(), s.clone());
                        continue;
                    }
                    diags.push(
                        Diagnostic::new(
                            Code::UnknownLocale,
                            format!("`{}` is not one of the project's locales", locale.value),
                        )
                        .at(span(file, locale), "unknown locale")
                        .maybe_help(did_you_mean(
                            &locale.value,
                            self.locales.iter().map(String::as_str),
                        ))
                        .note(format!(
                            "the project's locales: {}",
                            self.locales.join(", ")
                        )),
                    );
                }
            }
        }
        LocalText(out)
    }
}

fn builtin_scale() -> ProficiencyScale {
    ProficiencyScale {
        id: BUILTIN_SCALE.to_owned(),
        name: LocalText::default(),
        levels: (1..=5).map(|l| (l, LocalText::default())).collect(),
        span: None,
    }
}

/// The entries of one kind across all files, in file order, each id once: later
/// definitions were reported by `register` and are left out.
fn unique<'m, T: 'm>(
    models: &'m [ParsedModel],
    items: impl Fn(&'m ParsedModel) -> &'m Vec<T>,
    id: impl Fn(&T) -> &String,
) -> Vec<(FileId, &'m T)> {
    let mut seen = HashSet::new();
    models
        .iter()
        .flat_map(|m| items(m).iter().map(move |x| (m.file, x)))
        .filter(|(_, x)| seen.insert(id(x).clone()))
        .collect()
}

fn resources_by_competency(resources: &[Resource]) -> FxHashMap<String, Vec<usize>> {
    let mut out: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, r) in resources.iter().enumerate() {
        for t in &r.targets {
            let list = out.entry(t.competency.clone()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    out
}

fn index_of<T>(items: &[T], id: impl Fn(&T) -> &String) -> FxHashMap<String, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, x)| (id(x).clone(), i))
        .collect()
}

fn quoted_chain(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// The proficiency scale of each known competency.
struct Levels<'a> {
    scale_of: HashMap<&'a str, &'a ProficiencyScale>,
}

struct OwnRequirement {
    requirement: Requirement,
    span: Span,
}

struct OwnTask {
    task: KeyTask,
    competencies: Vec<(String, Span)>,
}

/// A role as declared, before `extends` is applied.
struct OwnRole {
    id: String,
    name: LocalText,
    description: LocalText,
    family: Option<String>,
    rank: Option<(u32, Span)>,
    extends: Option<(String, Span)>,
    key_tasks: Vec<OwnTask>,
    requires: Vec<OwnRequirement>,
    changes: Vec<(NaiveDate, Vec<OwnRequirement>)>,
    span: Span,
}

/// Applies `extends`: a role's requirements are its parent's, overlaid by its own.
struct Inheritance<'a> {
    own: &'a [OwnRole],
    parent: &'a [Option<usize>],
}

impl Inheritance<'_> {
    /// The requirements of role `i` in force on `date` (`None`: the base requirements).
    fn effective(&self, i: usize, date: Option<NaiveDate>) -> Vec<Requirement> {
        let mut map: BTreeMap<String, Requirement> = match self.parent[i] {
            Some(p) => self
                .effective(p, date)
                .into_iter()
                .map(|r| (r.competency.clone(), r))
                .collect(),
            None => BTreeMap::new(),
        };
        let role = &self.own[i];
        let dated = role
            .changes
            .iter()
            .filter(|(d, _)| date.is_some_and(|date| *d <= date))
            .flat_map(|(_, reqs)| reqs.iter());
        for own in role.requires.iter().chain(dated) {
            // A restated requirement replaces the inherited one whole, `critical` included.
            map.insert(own.requirement.competency.clone(), own.requirement.clone());
        }
        map.into_values().collect()
    }

    /// The dates on which role `i` or any role it extends changes requirements.
    fn change_dates(&self, i: usize) -> Vec<NaiveDate> {
        let mut dates = BTreeSet::new();
        let mut at = Some(i);
        while let Some(r) = at {
            dates.extend(self.own[r].changes.iter().map(|c| c.0));
            at = self.parent[r];
        }
        dates.into_iter().collect()
    }

    /// Inherited key tasks first, then the role's own; an own task replaces one of the same id.
    fn key_tasks(&self, i: usize) -> Vec<KeyTask> {
        let mut tasks = self.parent[i]
            .map(|p| self.key_tasks(p))
            .unwrap_or_default();
        for t in &self.own[i].key_tasks {
            tasks.retain(|x| x.id != t.task.id);
            tasks.push(t.task.clone());
        }
        tasks
    }
}

/// Every cycle of a directed graph, each once, starting at its earliest node.
fn find_cycles(n: usize, edges: impl Fn(usize) -> Vec<usize>) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let mut state = vec![State::New; n];
    let mut cycles: Vec<Vec<usize>> = Vec::new();
    let mut seen: HashSet<Vec<usize>> = HashSet::new();
    for start in 0..n {
        if state[start] != State::New {
            continue;
        }
        // Iterative DFS: (node, its successors, next successor to visit).
        let mut path: Vec<(usize, Vec<usize>, usize)> = vec![(start, edges(start), 0)];
        state[start] = State::OnPath;
        while let Some((node, succ, next)) = path.last_mut() {
            if let Some(&s) = succ.get(*next) {
                *next += 1;
                match state[s] {
                    State::New => {
                        state[s] = State::OnPath;
                        path.push((s, edges(s), 0));
                    }
                    State::OnPath => {
                        let from = path.iter().position(|p| p.0 == s).unwrap_or(0);
                        let mut cycle: Vec<usize> = path[from..].iter().map(|p| p.0).collect();
                        let min = cycle
                            .iter()
                            .enumerate()
                            .min_by_key(|(_, v)| **v)
                            .map_or(0, |(i, _)| i);
                        cycle.rotate_left(min);
                        let mut key = cycle.clone();
                        key.sort_unstable();
                        if seen.insert(key) {
                            cycles.push(cycle);
                        }
                    }
                    State::Done => {}
                }
            } else {
                state[*node] = State::Done;
                path.pop();
            }
        }
    }
    cycles
}

#[cfg(test)]
mod tests {
    use super::find_cycles;

    #[test]
    fn finds_each_cycle_once_from_its_smallest_node() {
        let edges = [vec![1], vec![2], vec![0], vec![3]];
        assert_eq!(
            find_cycles(4, |i| edges[i].clone()),
            vec![vec![0, 1, 2], vec![3]]
        );
    }

    #[test]
    fn a_tree_has_no_cycle() {
        let edges = [vec![1, 2], vec![], vec![1]];
        assert!(find_cycles(3, |i| edges[i].clone()).is_empty());
    }
}
