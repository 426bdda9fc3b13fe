//! View models: what each page shows, built from the plans, the dataset and the model in
//! the page's locale. Templates only lay these out.
//!
//! A view holds exactly what its page may show. An employee page's view holds nothing of
//! another person but the names of mentors assigned to them (public in the model); a manager
//! page's view holds their direct reports and nobody else. Machine-made English prose of the
//! plans (fit, reasons, evidence) is replaced by structured values the templates word through
//! the message catalogs.

use super::charts::{self, Drawn, ProfileRow};
use super::history::{self, CyclePoint};
use super::i18n;
use crate::data::{CycleIdx, Dataset, PersonId};
use crate::model::{LocalText, OrgModel, Role};
use crate::plan::{Plan, Recommendation, Why};
use crate::rules::Compiled;
use crate::table::render::{action_text, cell_text, content_hash, snake};
use minijinja::Value;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Looks up model texts in one locale.
#[derive(Clone, Copy)]
pub struct Words<'a> {
    pub model: &'a OrgModel,
    pub locale: &'a str,
}

impl<'a> Words<'a> {
    pub fn text(&self, t: &'a LocalText) -> &'a str {
        t.get(self.locale, &self.model.default_locale)
    }

    pub fn competency(&self, id: &'a str) -> &'a str {
        self.model.competency(id).map_or(id, |c| self.text(&c.name))
    }

    pub fn role(&self, id: &'a str) -> &'a str {
        self.model.role(id).map_or(id, |r| self.text(&r.name))
    }

    pub fn resource(&self, id: &'a str) -> &'a str {
        self.model.resource(id).map_or(id, |r| self.text(&r.title))
    }

    fn level_name(&self, competency: &str, level: u8) -> Option<&'a str> {
        let c = self.model.competency(competency)?;
        let scale = self.model.proficiency_scale(&c.scale)?;
        scale
            .levels
            .iter()
            .find(|l| l.0 == level)
            .map(|l| self.text(&l.1))
            .filter(|t| !t.is_empty())
    }
}

/// A URL that is safe as a link: `http`, `https` or `mailto`, without spaces or quotes.
/// Anything else (`javascript:`, `data:`) is not linked.
pub fn safe_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let scheme_ok = ["https://", "http://", "mailto:"]
        .iter()
        .any(|s| lower.starts_with(s));
    let chars_ok = !url
        .trim()
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`'));
    (scheme_ok && chars_ok).then(|| url.trim().to_owned())
}

// ---------------------------------------------------------------------------------------
// The profile: levels against the role's requirements at the end of the cycle.

/// One competency of a person's profile in the planned cycle.
#[derive(Debug, Clone)]
pub struct ProfileEntry {
    pub competency: String,
    pub level: Option<u8>,
    pub required: u8,
    pub critical: bool,
    pub trend: Option<i64>,
}

/// A person's profile and history, computed once per person and shared by their employee
/// page and their manager's page.
#[derive(Debug, Clone)]
pub struct Person {
    pub id: Option<PersonId>,
    pub profile: Vec<ProfileEntry>,
}

/// The profile of a plan's person in `cycle`.
pub fn person(model: &OrgModel, dataset: &Dataset, plan: &Plan, cycle: CycleIdx) -> Person {
    let id = dataset.find(&plan.talent_id);
    let Some(pid) = id else {
        return Person {
            id,
            profile: Vec::new(),
        };
    };
    let history = history::of(model, dataset, pid, cycle);
    Person {
        id,
        profile: profile_of(model, dataset, plan, &history, cycle),
    }
}

fn profile_of(
    model: &OrgModel,
    dataset: &Dataset,
    plan: &Plan,
    history: &[CyclePoint],
    cycle: CycleIdx,
) -> Vec<ProfileEntry> {
    let (Some(role), Some(c)) = (
        plan.role.as_deref().and_then(|r| model.role(r)),
        dataset.cycles.get(cycle),
    ) else {
        return Vec::new();
    };
    let now = history.last();
    let before = cycle.checked_sub(1).and_then(|k| history.get(k));
    let mut out: Vec<ProfileEntry> = role
        .requirements_on(c.end)
        .iter()
        .map(|req| {
            let level = now.and_then(|p| p.levels.get(&req.competency).copied());
            let prev = before.and_then(|p| p.levels.get(&req.competency).copied());
            ProfileEntry {
                competency: req.competency.clone(),
                level,
                required: req.level,
                critical: req.critical,
                trend: level.zip(prev).map(|(l, p)| i64::from(l) - i64::from(p)),
            }
        })
        .collect();
    out.sort_by(|a, b| a.competency.cmp(&b.competency));
    out
}

// ---------------------------------------------------------------------------------------
// The employee page.

#[derive(Serialize)]
pub struct WhyView<'a> {
    pub rule_set: &'a str,
    pub rule: &'a str,
    pub title: &'a str,
    pub facts: Vec<(&'a str, &'a str)>,
}

fn whys(list: &[std::sync::Arc<Why>]) -> Vec<WhyView<'_>> {
    list.iter()
        .map(|w| WhyView {
            rule_set: &w.rule_set,
            rule: &w.rule,
            title: &w.title,
            facts: w.facts.iter().map(|(k, v)| (&**k, v.as_str())).collect(),
        })
        .collect()
}

#[derive(Serialize)]
pub struct ProfileRowView<'a> {
    pub competency: &'a str,
    pub name: &'a str,
    pub level: Option<u8>,
    pub required: u8,
    pub gap: Option<i64>,
    pub critical: bool,
    pub trend: Option<i64>,
    /// `met`, `gap1`, `gap2` or `unknown`.
    pub status: &'static str,
}

#[derive(Serialize)]
pub struct PointView<'a> {
    pub competency: &'a str,
    pub name: &'a str,
    pub current: Option<u8>,
    pub required: u8,
    pub target_level: u8,
    pub target_name: Option<&'a str>,
    pub critical: bool,
    pub description: &'a [String],
    pub learning_without_progress: bool,
    pub why: Vec<WhyView<'a>>,
}

#[derive(Serialize)]
pub struct RecView<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub hours: f64,
    pub url: Option<String>,
    pub language: Option<&'a str>,
    pub competency: &'a str,
    pub from: u8,
    pub to: u8,
    pub prerequisite_for: Option<&'a str>,
    pub why: Vec<WhyView<'a>>,
}

fn recs<'a>(w: Words<'a>, list: &'a [Recommendation]) -> Vec<RecView<'a>> {
    list.iter()
        .map(|r| RecView {
            title: w
                .model
                .resource(&r.resource)
                .map_or(r.title.as_str(), |x| w.text(&x.title)),
            kind: &r.kind,
            hours: r.hours,
            url: r.url.as_deref().and_then(safe_url),
            language: r.language.as_deref(),
            competency: w.competency(&r.competency),
            from: r.from,
            to: r.to,
            prerequisite_for: r.prerequisite_for.as_deref().map(|p| w.resource(p)),
            why: whys(&r.why),
        })
        .collect()
}

#[derive(Serialize)]
pub struct MentorView<'a> {
    pub competency: &'a str,
    pub mentor: &'a str,
    pub level: u8,
    pub why: Vec<WhyView<'a>>,
}

fn mentors<'a>(w: Words<'a>, plan: &'a Plan) -> Vec<MentorView<'a>> {
    plan.mentors
        .iter()
        .map(|m| MentorView {
            competency: w.competency(&m.competency),
            mentor: m.mentor_name.as_deref().unwrap_or(&m.mentor),
            level: m.mentor_level,
            why: whys(&m.why),
        })
        .collect()
}

fn unmet_mentors<'a>(w: Words<'a>, plan: &'a Plan) -> Vec<&'a str> {
    plan.unmet_mentor_requests
        .iter()
        .map(|u| w.competency(&u.competency))
        .collect()
}

#[derive(Serialize)]
pub struct NeedView<'a> {
    pub name: &'a str,
    pub needed: u8,
    pub level: Option<u8>,
    pub risk: &'a str,
    pub learning: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct GoalView<'a> {
    pub title: &'a str,
    pub template: Option<&'a str>,
    pub needs: Vec<NeedView<'a>>,
    /// The highest risk of its needs: `high`, `some`, `unknown` or `none`.
    pub risk: &'static str,
}

#[derive(Serialize)]
pub struct TrackedView<'a> {
    pub kind: &'a str,
    pub text: &'a str,
    pub status: &'a str,
}

#[derive(Serialize)]
pub struct PreviousView<'a> {
    pub cycle: &'a str,
    pub actions: Vec<TrackedView<'a>>,
    pub execution_rate: Option<f64>,
    pub done: usize,
    pub counted: usize,
}

/// A small chart of the trajectory across the cycles: the overall rating or the learning
/// hours.
#[derive(Serialize)]
pub struct TrendChart {
    /// `rating` or `hours`.
    pub kind: &'static str,
    /// No value to draw (no rating in any cycle).
    pub empty: bool,
    pub chart: Drawn,
}

/// One competency's level in each cycle, with its sparkline.
#[derive(Serialize)]
pub struct LevelTrend<'a> {
    pub name: &'a str,
    pub levels: Vec<Option<u8>>,
    /// The sparkline's `<svg>`, empty when no level is known.
    pub spark: Value,
}

#[derive(Serialize)]
pub struct Trajectory<'a> {
    pub cycles: Vec<&'a str>,
    pub ratings: Vec<Option<String>>,
    pub hours: Vec<f64>,
    /// The overall rating (when the model has a scale) and the learning hours.
    pub charts: Vec<TrendChart>,
    /// The profile's competencies, in its order.
    pub levels: Vec<LevelTrend<'a>>,
}

#[derive(Serialize)]
pub struct NextRequirement<'a> {
    pub name: &'a str,
    pub required: u8,
    pub current: Option<u8>,
    pub critical: bool,
    pub met: bool,
}

#[derive(Serialize)]
pub struct NextRole<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub key_tasks: Vec<&'a str>,
    pub requirements: Vec<NextRequirement<'a>>,
    pub met: usize,
}

#[derive(Serialize)]
pub struct EmployeePage<'a> {
    pub name: &'a str,
    pub talent_id: &'a str,
    pub role: Option<&'a str>,
    pub team: Option<&'a str>,
    pub profile: Vec<ProfileRowView<'a>>,
    pub profile_chart: Option<Drawn>,
    pub points: Vec<PointView<'a>>,
    pub learning: Vec<RecView<'a>>,
    pub practice: Vec<RecView<'a>>,
    pub later: Vec<RecView<'a>>,
    pub learning_hours: f64,
    pub hours_budget: f64,
    pub mentors: Vec<MentorView<'a>>,
    pub unmet_mentors: Vec<&'a str>,
    pub goals: Vec<GoalView<'a>>,
    pub trajectory: Trajectory<'a>,
    pub previous: Option<PreviousView<'a>>,
    pub next_role: Option<NextRole<'a>>,
}

fn status_of(level: Option<u8>, required: u8) -> &'static str {
    match level {
        None => "unknown",
        Some(l) if l >= required => "met",
        Some(l) if required - l >= 2 => "gap2",
        Some(_) => "gap1",
    }
}

fn profile_rows<'a>(w: Words<'a>, profile: &'a [ProfileEntry]) -> Vec<ProfileRowView<'a>> {
    profile
        .iter()
        .map(|e| ProfileRowView {
            competency: &e.competency,
            name: w.competency(&e.competency),
            level: e.level,
            required: e.required,
            gap: e.level.map(|l| i64::from(e.required) - i64::from(l)),
            critical: e.critical,
            trend: e.trend,
            status: status_of(e.level, e.required),
        })
        .collect()
}

/// The top level of the scales a profile's competencies use.
fn top_level(model: &OrgModel, competencies: impl Iterator<Item = impl AsRef<str>>) -> u8 {
    competencies
        .filter_map(|c| model.competency(c.as_ref()))
        .filter_map(|c| model.proficiency_scale(&c.scale))
        .map(|s| s.max())
        .max()
        .unwrap_or(5)
}

fn goals<'a>(w: Words<'a>, plan: &'a Plan) -> Vec<GoalView<'a>> {
    plan.goals
        .iter()
        .map(|g| {
            let needs: Vec<NeedView> = g
                .needs
                .iter()
                .map(|n| NeedView {
                    name: w.competency(&n.competency),
                    needed: n.needed,
                    level: n.level,
                    risk: n.risk,
                    learning: n.learning.iter().map(|r| w.resource(r)).collect(),
                })
                .collect();
            let rank = |r: &str| match r {
                "high" => 3,
                "some" => 2,
                "unknown" => 1,
                _ => 0,
            };
            let risk = match needs.iter().map(|n| rank(n.risk)).max().unwrap_or(0) {
                3 => "high",
                2 => "some",
                1 => "unknown",
                _ => "none",
            };
            GoalView {
                title: g.title.as_deref().unwrap_or(&g.goal),
                template: g
                    .template
                    .as_deref()
                    .and_then(|t| w.model.goal_template(t))
                    .map(|t| w.text(&t.name)),
                needs,
                risk,
            }
        })
        .collect()
}

fn previous(plan: &Plan) -> Option<PreviousView<'_>> {
    plan.previous.as_ref().map(|p| {
        let counted = p.actions.iter().filter(|a| a.status != "dropped").count();
        PreviousView {
            cycle: &p.cycle,
            actions: p
                .actions
                .iter()
                .map(|a| TrackedView {
                    kind: a.kind,
                    text: &a.text,
                    status: a.status,
                })
                .collect(),
            execution_rate: p.execution_rate,
            done: p.actions.iter().filter(|a| a.status == "done").count(),
            counted,
        }
    })
}

fn trajectory<'a>(
    w: Words<'a>,
    dataset: &'a Dataset,
    history: &[CyclePoint],
    profile: &'a [ProfileEntry],
) -> Trajectory<'a> {
    let model = w.model;
    let cycles: Vec<&str> = history
        .iter()
        .map(|p| dataset.cycles[p.cycle].id.as_str())
        .collect();
    let scale = model
        .ratings
        .overall
        .as_deref()
        .and_then(|s| model.rating_scale(s));
    let rating_chart = scale.map(|s| {
        let top = s.labels.len().saturating_sub(1) as f64;
        charts::line(
            &history
                .iter()
                .zip(&cycles)
                .map(|(p, c)| {
                    (
                        (*c).to_owned(),
                        p.rating
                            .as_ref()
                            .map(|(label, rank)| (f64::from(*rank), label.clone())),
                    )
                })
                .collect::<Vec<_>>(),
            0.0,
            top.max(1.0),
            &s.labels
                .iter()
                .enumerate()
                .map(|(i, l)| (i as f64, l.clone()))
                .collect::<Vec<_>>(),
        )
    });
    let hours: Vec<f64> = history.iter().map(|p| p.learning_hours).collect();
    let hours_chart = charts::bars(
        &history
            .iter()
            .zip(&cycles)
            .map(|(p, c)| {
                (
                    (*c).to_owned(),
                    p.learning_hours,
                    i18n::number(p.learning_hours, 1, w.locale),
                )
            })
            .collect::<Vec<_>>(),
    );
    let levels: Vec<LevelTrend> = profile
        .iter()
        .map(|e| {
            let (lo, hi) = model
                .competency(&e.competency)
                .and_then(|c| model.proficiency_scale(&c.scale))
                .map_or((1, 5), |s| (s.min(), s.max()));
            let levels: Vec<Option<u8>> = history
                .iter()
                .map(|p| p.levels.get(&e.competency).copied())
                .collect();
            let values: Vec<Option<f64>> = levels.iter().map(|l| l.map(f64::from)).collect();
            LevelTrend {
                name: w.competency(&e.competency),
                spark: charts::spark(&values, f64::from(lo), f64::from(hi)).svg(),
                levels,
            }
        })
        .collect();
    let mut charts: Vec<TrendChart> = rating_chart
        .map(|chart| TrendChart {
            kind: "rating",
            empty: chart.dots.is_empty(),
            chart: chart.drawn(),
        })
        .into_iter()
        .collect();
    charts.push(TrendChart {
        kind: "hours",
        empty: false,
        chart: hours_chart.drawn(),
    });
    Trajectory {
        levels,
        ratings: history
            .iter()
            .map(|p| p.rating.as_ref().map(|r| r.0.clone()))
            .collect(),
        cycles,
        hours,
        charts,
    }
}

fn next_role<'a>(
    w: Words<'a>,
    role: &'a Role,
    on: chrono::NaiveDate,
    profile: &[ProfileEntry],
    history: Option<&CyclePoint>,
) -> Option<NextRole<'a>> {
    let next = w.model.next_role(role)?;
    let requirements: Vec<NextRequirement> = next
        .requirements_on(on)
        .iter()
        .map(|r| {
            let current = profile
                .iter()
                .find(|e| e.competency == r.competency)
                .and_then(|e| e.level)
                .or_else(|| history.and_then(|h| h.levels.get(&r.competency).copied()));
            NextRequirement {
                name: w.competency(&r.competency),
                required: r.level,
                current,
                critical: r.critical,
                met: current.is_some_and(|c| c >= r.level),
            }
        })
        .collect();
    Some(NextRole {
        name: w.text(&next.name),
        description: w.text(&next.description),
        key_tasks: next.key_tasks.iter().map(|t| w.text(&t.name)).collect(),
        met: requirements.iter().filter(|r| r.met).count(),
        requirements,
    })
}

/// The employee page (我的发展) of one plan, in the plan's locale.
pub fn employee<'a>(
    model: &'a OrgModel,
    dataset: &'a Dataset,
    plan: &'a Plan,
    person: &'a Person,
    cycle: CycleIdx,
) -> EmployeePage<'a> {
    let w = Words {
        model,
        locale: &plan.locale,
    };
    let history = person
        .id
        .map(|p| history::of(model, dataset, p, cycle))
        .unwrap_or_default();
    let role = plan.role.as_deref().and_then(|r| model.role(r));
    let profile = profile_rows(w, &person.profile);
    let profile_chart = (!profile.is_empty()).then(|| {
        charts::profile(
            &profile
                .iter()
                .map(|r| ProfileRow {
                    label: r.name,
                    level: r.level,
                    required: r.required,
                    critical: r.critical,
                })
                .collect::<Vec<_>>(),
            top_level(model, person.profile.iter().map(|e| &e.competency)),
        )
        .drawn()
    });
    let end = dataset.cycles.get(cycle).map(|c| c.end);
    EmployeePage {
        name: plan.name.as_deref().unwrap_or(&plan.talent_id),
        talent_id: &plan.talent_id,
        role: plan.role.as_deref().map(|r| w.role(r)),
        team: plan.team.as_deref(),
        profile,
        profile_chart,
        points: plan
            .development_points
            .iter()
            .map(|p| PointView {
                competency: &p.competency,
                name: w.competency(&p.competency),
                current: p.current,
                required: p.required,
                target_level: p.target_level,
                target_name: w.level_name(&p.competency, p.target_level),
                critical: p.critical,
                description: &p.description,
                learning_without_progress: p.learning_without_progress,
                why: whys(&p.why),
            })
            .collect(),
        learning: recs(w, &plan.learning),
        practice: recs(w, &plan.practice),
        later: recs(w, &plan.later),
        learning_hours: plan.learning_hours,
        hours_budget: model.plans.learning_hours_budget,
        mentors: mentors(w, plan),
        unmet_mentors: unmet_mentors(w, plan),
        goals: goals(w, plan),
        trajectory: trajectory(w, dataset, &history, &person.profile),
        previous: previous(plan),
        next_role: role
            .zip(end)
            .and_then(|(r, end)| next_role(w, r, end, &person.profile, history.last())),
    }
}

// ---------------------------------------------------------------------------------------
// The manager page.

#[derive(Serialize)]
pub struct HeatCell {
    pub gap: Option<i64>,
    pub level: Option<u8>,
    pub required: u8,
    pub status: &'static str,
}

#[derive(Serialize)]
pub struct HeatRow<'a> {
    pub name: &'a str,
    pub href: String,
    /// One cell per heatmap column; `None` where the report's role does not require it.
    pub cells: Vec<Option<HeatCell>>,
}

#[derive(Serialize)]
pub struct Heatmap<'a> {
    pub competencies: Vec<&'a str>,
    pub rows: Vec<HeatRow<'a>>,
    /// Per column: how many reports are below the requirement; `None` when fewer than the
    /// minimum group size are required the competency (k-anonymity).
    pub below: Vec<Option<usize>>,
}

#[derive(Serialize)]
pub struct ReportPoint<'a> {
    pub name: &'a str,
    pub current: Option<u8>,
    pub required: u8,
    pub target_level: u8,
    pub critical: bool,
    pub why: Vec<WhyView<'a>>,
}

#[derive(Serialize)]
pub struct FlagView<'a> {
    pub text: &'a str,
    pub why: Vec<WhyView<'a>>,
}

#[derive(Serialize)]
pub struct DialogueView<'a> {
    pub title: &'a str,
    pub questions: &'a [String],
    pub why: Vec<WhyView<'a>>,
}

#[derive(Serialize)]
pub struct NoteView<'a> {
    pub competency: Option<&'a str>,
    pub text: &'a str,
}

#[derive(Serialize)]
pub struct ReportView<'a> {
    pub name: &'a str,
    pub talent_id: &'a str,
    pub href: String,
    pub anchor: String,
    /// The report's own locale, which the plan texts are in.
    pub lang: &'a str,
    pub role: Option<&'a str>,
    pub team: Option<&'a str>,
    pub points: Vec<ReportPoint<'a>>,
    pub more_points: usize,
    pub flags: Vec<FlagView<'a>>,
    pub dialogue: Vec<DialogueView<'a>>,
    pub notes: Vec<NoteView<'a>>,
    pub learning_hours: f64,
    pub learning: usize,
    pub mentors: Vec<MentorView<'a>>,
    pub unmet_mentors: Vec<&'a str>,
    pub goals_at_risk: usize,
    pub previous: Option<PreviousView<'a>>,
}

#[derive(Serialize)]
pub struct ManagerPage<'a> {
    pub name: &'a str,
    pub reports: Vec<ReportView<'a>>,
    pub heatmap: Heatmap<'a>,
    pub done: usize,
    pub counted: usize,
    /// The team's execution rate; `None` when unknown or when fewer than `k` reports had
    /// actions (`execution_hidden`).
    pub execution_rate: Option<f64>,
    pub execution_hidden: bool,
    /// Reports with flags; `None` for a team smaller than `k`.
    pub flagged: Option<usize>,
    /// The minimum group size of team aggregates.
    pub k: u32,
}

/// How many development points a manager sees per report.
const TOP_POINTS: usize = 3;

/// The team page of a manager, in `locale`. `reports` are (plan, person, link) sorted by
/// talent id.
pub fn manager<'a>(
    model: &'a OrgModel,
    name: &'a str,
    locale: &'a str,
    reports: &[(&'a Plan, &'a Person, String)],
) -> ManagerPage<'a> {
    let w = Words { model, locale };
    let columns: Vec<&str> = reports
        .iter()
        .flat_map(|(_, p, _)| p.profile.iter().map(|e| e.competency.as_str()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let rows: Vec<HeatRow> = reports
        .iter()
        .map(|(plan, person, href)| {
            let by: BTreeMap<&str, &ProfileEntry> = person
                .profile
                .iter()
                .map(|e| (e.competency.as_str(), e))
                .collect();
            HeatRow {
                name: plan.name.as_deref().unwrap_or(&plan.talent_id),
                href: href.clone(),
                cells: columns
                    .iter()
                    .map(|c| {
                        by.get(c).map(|e| HeatCell {
                            gap: e.level.map(|l| i64::from(e.required) - i64::from(l)),
                            level: e.level,
                            required: e.required,
                            status: status_of(e.level, e.required),
                        })
                    })
                    .collect(),
            }
        })
        .collect();
    // Team aggregates stand for a group: shown only for at least `k` people.
    let k = model.min_group_size.max(1) as usize;
    let below = (0..columns.len())
        .map(|i| {
            let required = rows.iter().filter(|r| r.cells[i].is_some()).count();
            (required >= k).then(|| {
                rows.iter()
                    .filter(|r| {
                        r.cells[i]
                            .as_ref()
                            .is_some_and(|c| c.gap.is_some_and(|g| g > 0))
                    })
                    .count()
            })
        })
        .collect();
    let report_views: Vec<ReportView> = reports
        .iter()
        .map(|(plan, _, href)| {
            let pw = Words {
                model,
                locale: &plan.locale,
            };
            ReportView {
                name: plan.name.as_deref().unwrap_or(&plan.talent_id),
                talent_id: &plan.talent_id,
                href: href.clone(),
                anchor: format!("r-{}", crate::plan::export::file_name(&plan.talent_id)),
                lang: &plan.locale,
                role: plan.role.as_deref().map(|r| w.role(r)),
                team: plan.team.as_deref(),
                points: plan
                    .development_points
                    .iter()
                    .take(TOP_POINTS)
                    .map(|p| ReportPoint {
                        name: w.competency(&p.competency),
                        current: p.current,
                        required: p.required,
                        target_level: p.target_level,
                        critical: p.critical,
                        why: whys(&p.why),
                    })
                    .collect(),
                more_points: plan.development_points.len().saturating_sub(TOP_POINTS),
                flags: plan
                    .flags
                    .iter()
                    .map(|f| FlagView {
                        text: f.label.as_deref().unwrap_or(&f.flag),
                        why: whys(&f.why),
                    })
                    .collect(),
                dialogue: plan
                    .dialogue
                    .iter()
                    .map(|d| DialogueView {
                        title: &d.title,
                        questions: &d.questions,
                        why: whys(&d.why),
                    })
                    .collect(),
                notes: plan
                    .notes
                    .iter()
                    .map(|n| NoteView {
                        competency: n.competency.as_deref().map(|c| pw.competency(c)),
                        text: &n.text,
                    })
                    .collect(),
                learning_hours: plan.learning_hours,
                learning: plan.learning.len() + plan.practice.len(),
                mentors: mentors(w, plan),
                unmet_mentors: unmet_mentors(w, plan),
                goals_at_risk: plan
                    .goals
                    .iter()
                    .filter(|g| g.needs.iter().any(|n| n.risk == "high"))
                    .count(),
                previous: previous(plan),
            }
        })
        .collect();
    let done = report_views
        .iter()
        .filter_map(|r| r.previous.as_ref())
        .map(|p| p.done)
        .sum();
    let counted: usize = report_views
        .iter()
        .filter_map(|r| r.previous.as_ref())
        .map(|p| p.counted)
        .sum();
    let with_actions = report_views
        .iter()
        .filter(|r| r.previous.as_ref().is_some_and(|p| p.counted > 0))
        .count();
    let execution_hidden = with_actions > 0 && with_actions < k;
    ManagerPage {
        name,
        flagged: (report_views.len() >= k)
            .then(|| report_views.iter().filter(|r| !r.flags.is_empty()).count()),
        k: k as u32,
        execution_hidden,
        reports: report_views,
        heatmap: Heatmap {
            competencies: columns.iter().map(|c| w.competency(c)).collect(),
            rows,
            below,
        },
        done,
        counted,
        execution_rate: (counted > 0 && !execution_hidden).then(|| done as f64 / counted as f64),
    }
}

// ---------------------------------------------------------------------------------------
// Public pages: catalog, rules, index. No personal data.

#[derive(Serialize)]
pub struct LevelView<'a> {
    pub level: u8,
    pub name: Option<&'a str>,
    pub indicators: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct CompetencyView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub category: Option<&'a str>,
    pub levels: Vec<LevelView<'a>>,
}

#[derive(Serialize)]
pub struct RequirementView<'a> {
    pub name: &'a str,
    pub level: u8,
    pub critical: bool,
}

#[derive(Serialize)]
pub struct ChangeView<'a> {
    pub effective_from: String,
    pub requirements: Vec<RequirementView<'a>>,
}

#[derive(Serialize)]
pub struct RoleView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub rank: Option<u32>,
    pub key_tasks: Vec<&'a str>,
    pub requirements: Vec<RequirementView<'a>>,
    pub changes: Vec<ChangeView<'a>>,
}

#[derive(Serialize)]
pub struct LadderView<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub roles: Vec<RoleView<'a>>,
}

#[derive(Serialize)]
pub struct ResourceView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub kind: String,
    pub hours: f64,
    pub language: Option<&'a str>,
    pub url: Option<String>,
    pub targets: Vec<(&'a str, u8, u8)>,
    pub prerequisites: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct CatalogPage<'a> {
    pub competencies: Vec<CompetencyView<'a>>,
    pub ladders: Vec<LadderView<'a>>,
    pub resources: Vec<ResourceView<'a>>,
}

fn requirement_views<'a>(
    w: Words<'a>,
    reqs: &'a [crate::model::Requirement],
) -> Vec<RequirementView<'a>> {
    reqs.iter()
        .map(|r| RequirementView {
            name: w.competency(&r.competency),
            level: r.level,
            critical: r.critical,
        })
        .collect()
}

fn role_view<'a>(w: Words<'a>, r: &'a Role) -> RoleView<'a> {
    RoleView {
        id: &r.id,
        name: w.text(&r.name),
        description: w.text(&r.description),
        rank: r.rank,
        key_tasks: r.key_tasks.iter().map(|t| w.text(&t.name)).collect(),
        requirements: requirement_views(w, &r.requirements),
        changes: r
            .changes
            .iter()
            .map(|c| ChangeView {
                effective_from: c.effective_from.to_string(),
                requirements: requirement_views(w, &c.requirements),
            })
            .collect(),
    }
}

/// The public career framework: competencies, ladders and resources.
pub fn catalog<'a>(model: &'a OrgModel, locale: &'a str) -> CatalogPage<'a> {
    let w = Words { model, locale };
    let mut ladders: Vec<LadderView> = model
        .role_families
        .iter()
        .map(|f| {
            let mut roles: Vec<&Role> = model
                .roles
                .iter()
                .filter(|r| r.family.as_deref() == Some(f.id.as_str()))
                .collect();
            roles.sort_by_key(|r| (r.rank, r.id.as_str()));
            LadderView {
                name: w.text(&f.name),
                description: w.text(&f.description),
                roles: roles.into_iter().map(|r| role_view(w, r)).collect(),
            }
        })
        .collect();
    let loose: Vec<RoleView> = model
        .roles
        .iter()
        .filter(|r| r.family.is_none())
        .map(|r| role_view(w, r))
        .collect();
    if !loose.is_empty() {
        ladders.push(LadderView {
            name: "",
            description: "",
            roles: loose,
        });
    }
    CatalogPage {
        competencies: model
            .competencies
            .iter()
            .map(|c| CompetencyView {
                id: &c.id,
                name: w.text(&c.name),
                description: w.text(&c.description),
                category: c.category.as_deref(),
                levels: c
                    .indicators
                    .iter()
                    .map(|(level, texts)| LevelView {
                        level: *level,
                        name: w.level_name(&c.id, *level),
                        indicators: texts.iter().map(|t| w.text(t)).collect(),
                    })
                    .collect(),
            })
            .collect(),
        ladders,
        resources: model
            .resources
            .iter()
            .map(|r| ResourceView {
                title: w.text(&r.title),
                description: w.text(&r.description),
                kind: snake(&r.kind),
                hours: r.hours,
                language: r.language.as_deref(),
                url: r.url.as_deref().and_then(safe_url),
                targets: r
                    .targets
                    .iter()
                    .map(|t| (w.competency(&t.competency), t.from, t.to))
                    .collect(),
                prerequisites: r.prerequisites.iter().map(|p| w.resource(p)).collect(),
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub struct RuleRowView<'a> {
    pub n: usize,
    pub rule: &'a str,
    pub branch: usize,
    pub title: &'a str,
    pub when: &'a str,
    pub cells: Vec<String>,
    pub actions: Vec<String>,
    pub priority: Option<String>,
}

#[derive(Serialize)]
pub struct TableView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub scope: String,
    pub hit_policy: String,
    pub complete: bool,
    pub rules: usize,
    pub hash: String,
    pub columns: Vec<String>,
    pub rows: Vec<RuleRowView<'a>>,
    pub disabled: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct RulesPage<'a> {
    pub tables: Vec<TableView<'a>>,
}

/// The compiled decision tables.
pub fn rules<'a>(model: &'a OrgModel, compiled: &'a Compiled, locale: &'a str) -> RulesPage<'a> {
    let w = Words { model, locale };
    RulesPage {
        tables: compiled
            .tables
            .iter()
            .zip(&compiled.sets)
            .map(|(t, s)| {
                let by_priority = t.hit_policy == crate::rules::raw::HitPolicy::Priority;
                TableView {
                    id: &s.id,
                    title: w.text(&s.title),
                    description: w.text(&s.description),
                    scope: snake(&t.scope),
                    hit_policy: snake(&t.hit_policy),
                    complete: t.complete,
                    rules: s.rules.iter().filter(|r| r.enabled).count(),
                    hash: content_hash(t, s),
                    columns: t.columns.iter().map(|c| c.column.to_string()).collect(),
                    rows: t
                        .rows
                        .iter()
                        .enumerate()
                        .map(|(i, r)| {
                            let rule = &s.rules[r.rule];
                            RuleRowView {
                                n: i + 1,
                                rule: &r.rule_id,
                                branch: r.branch + 1,
                                title: w.text(&rule.title),
                                when: &rule.when,
                                cells: r
                                    .cells
                                    .iter()
                                    .zip(&t.columns)
                                    .map(|(c, col)| cell_text(c, col))
                                    .collect(),
                                actions: rule.actions.iter().map(action_text).collect(),
                                priority: by_priority.then(|| {
                                    rule.priority_label
                                        .clone()
                                        .unwrap_or_else(|| rule.priority.to_string())
                                }),
                            }
                        })
                        .collect(),
                    disabled: s
                        .rules
                        .iter()
                        .filter(|r| !r.enabled)
                        .map(|r| r.id.as_str())
                        .collect(),
                }
            })
            .collect(),
    }
}

#[derive(Serialize)]
pub struct IndexPage {
    pub competencies: usize,
    pub roles: usize,
    pub ladders: usize,
    pub resources: usize,
    pub rule_sets: usize,
    pub rules: usize,
}

/// The index: what the portal holds, without any personal data.
pub fn index(model: &OrgModel, compiled: &Compiled) -> IndexPage {
    IndexPage {
        competencies: model.competencies.len(),
        roles: model.roles.len(),
        ladders: model.role_families.len(),
        resources: model.resources.len(),
        rule_sets: compiled.sets.len(),
        rules: compiled
            .sets
            .iter()
            .map(|s| s.rules.iter().filter(|r| r.enabled).count())
            .sum(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_url;

    #[test]
    fn only_web_links_are_kept() {
        assert!(safe_url("https://learning.example/x?a=1&b=2").is_some());
        assert!(safe_url("javascript:alert(1)").is_none());
        assert!(safe_url(" JaVaScRiPt:alert(1)").is_none());
        assert!(safe_url("data:text/html,<script>").is_none());
        assert!(safe_url("https://x\" onmouseover=\"x").is_none());
    }
}
