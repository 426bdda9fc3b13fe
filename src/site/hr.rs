//! View models of the HR section (HR数据): capability gap heatmaps, the 9-box, pilot
//! metrics with their trends, learning effect and team learning speed, forecast warnings,
//! the maturity quadrant and the HR data dictionary, in one locale.
//!
//! The figures come from [`crate::analytics`]; these views only word and place them. Every
//! group figure passes through [`Fig`], which keeps nothing of a group smaller than the
//! project's minimum group size `k`: no value, no interval, no `n`. A raw count of people
//! the analytics value carries (a team's size, people in a role) goes through
//! [`Fig::count`] under the same rule. So a page cannot show a figure that stands for fewer
//! than `k` people, whatever the template does with the view.

use super::charts::{
    self, GridChart, HeatChart, HeatValue, QuadrantChart, SeriesValues, TrendLines,
};
use super::i18n;
use super::view::Words;
use crate::analytics::{
    Analytics, Band, Figure, GapCell, Heatmap, MaturityPoint, PilotRow, Quadrant, SpeedRow,
};
use crate::data::Dataset;
use crate::model::OrgModel;
use serde::Serialize;
use std::collections::BTreeMap;

/// A figure as a page may show it. Suppressed: no value, no `n`, no interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Fig {
    pub value: Option<f64>,
    /// How many people the figure stands for; `None` when suppressed.
    pub n: Option<u32>,
    pub suppressed: bool,
    pub ci: Option<[f64; 2]>,
    pub p: Option<f64>,
}

impl Fig {
    const HIDDEN: Fig = Fig {
        value: None,
        n: None,
        suppressed: true,
        ci: None,
        p: None,
    };

    /// An analytics figure under a minimum group size `k`. The analytics stage already
    /// suppresses; the check is repeated here so a page never depends on it alone.
    pub fn of(f: &Figure, k: u32) -> Fig {
        if f.suppressed || crate::analytics::suppressed(f.n, k) {
            return Fig::HIDDEN;
        }
        Fig {
            value: f.value.filter(|v| v.is_finite()),
            n: Some(f.n),
            suppressed: false,
            ci: f.value.and(f.ci),
            p: f.value.and(f.p),
        }
    }

    /// A count of people: shown when it is zero or at least `k`.
    pub fn count(n: u32, k: u32) -> Fig {
        if n > 0 && crate::analytics::suppressed(n, k) {
            return Fig::HIDDEN;
        }
        Fig {
            value: Some(f64::from(n)),
            n: Some(n),
            suppressed: false,
            ci: None,
            p: None,
        }
    }

    /// The value for a chart: `None` when suppressed or unknown.
    fn known(&self) -> Option<f64> {
        self.value.filter(|_| !self.suppressed)
    }
}

/// A link of the HR section's navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// The page's name (`gaps`, `talent`, ...): its message is `hr_nav_<name>`.
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

/// What every HR page has: the minimum group size and the section's navigation.
#[derive(Debug, Clone, Serialize)]
pub struct HrFrame {
    pub k: u32,
    pub people: u32,
    pub cycle: String,
    pub previous_cycle: Option<String>,
    pub nav: Vec<NavItem>,
}

/// Shared by the HR views of one locale.
#[derive(Clone, Copy)]
pub struct Hr<'a> {
    pub w: Words<'a>,
    pub dataset: &'a Dataset,
    /// One value per cycle up to the built one, oldest first; the last is the built cycle,
    /// the earlier ones carry what trend lines read ([`History`]).
    pub history: &'a [Analytics],
    pub k: u32,
}

impl<'a> Hr<'a> {
    /// `None` when no analytics value was given.
    pub fn new(
        model: &'a OrgModel,
        dataset: &'a Dataset,
        history: &'a [Analytics],
        locale: &'a str,
    ) -> Option<Hr<'a>> {
        let now = history.last()?;
        // The stricter of the model's and the analytics' minimum group size.
        let k = model.min_group_size.max(now.min_group_size).max(1);
        Some(Hr {
            w: Words { model, locale },
            dataset,
            history,
            k,
        })
    }

    fn now(&self) -> &'a Analytics {
        // INVARIANT: `new` returns `None` for an empty history.
        &self.history[self.history.len() - 1]
    }

    fn fig(&self, f: &Figure) -> Fig {
        Fig::of(f, self.k)
    }

    fn team_name(&self, team: Option<&'a str>) -> Option<&'a str> {
        team
    }

    fn person_name(&self, talent_id: &'a str) -> &'a str {
        self.dataset
            .find(talent_id)
            .and_then(|p| self.dataset.person(p).name.as_deref())
            .unwrap_or(talent_id)
    }

    /// The frame of a page; `nav` is built by the caller, which knows the paths.
    pub fn frame(&self, nav: Vec<NavItem>) -> HrFrame {
        let a = self.now();
        HrFrame {
            k: self.k,
            people: a.people,
            cycle: a.cycle.clone(),
            previous_cycle: a.previous_cycle.clone(),
            nav,
        }
    }

    fn pct(&self, x: f64) -> String {
        i18n::percent(x, self.w.locale)
    }

    fn num(&self, x: f64, decimals: usize) -> String {
        i18n::number(x, decimals, self.w.locale)
    }
}

/// The HR analytics of every cycle up to the portal's, oldest first, for the HR section and
/// its trend lines (the earlier cycles without the sections only the portal's cycle shows:
/// [`crate::analytics::Collector::finish_for_trends`]), collected from the plans as they are made
/// ([`crate::plan::Planner::each_cycle_chunk_with`]); only one cycle's collector is alive at a
/// time.
pub struct History<'a> {
    model: &'a OrgModel,
    dataset: &'a Dataset,
    /// The data-quality report's learning coverage, for the maturity quadrant.
    learning_resolved: Option<f64>,
    done: Vec<Analytics>,
    /// The collector of cycle `done.len()`.
    current: Option<crate::analytics::Collector<'a>>,
    /// The learning-speed rows of the finished cycles, which the next collector extends.
    history: Vec<crate::analytics::input::HistoryInput>,
}

impl<'a> History<'a> {
    pub fn new(model: &'a OrgModel, dataset: &'a Dataset, learning_resolved: Option<f64>) -> Self {
        History {
            model,
            dataset,
            learning_resolved,
            done: Vec::new(),
            current: None,
            history: Vec::new(),
        }
    }

    /// Takes plans of `cycle` with their people's analytics rows (made by
    /// [`crate::analytics::PersonInputs`] from the facts the planner read,
    /// [`crate::plan::Planner::each_cycle_chunk_with`]); cycles come oldest first.
    pub fn add(
        &mut self,
        cycle: crate::data::CycleIdx,
        plans: &[crate::plan::Plan],
        people: Vec<crate::analytics::input::PersonInput>,
    ) {
        self.reach(cycle);
        if let Some(c) = &mut self.current {
            for (plan, person) in plans.iter().zip(people) {
                c.add_person(plan, person);
            }
        }
    }

    /// The analytics of every cycle up to `last`.
    pub fn finish(mut self, last: crate::data::CycleIdx) -> Vec<Analytics> {
        self.reach(last);
        self.close(true);
        self.done
    }

    /// Finishes the open cycle, keeping its history for the next. The HR section shows the
    /// `last` cycle whole and the earlier ones in trend lines only.
    fn close(&mut self, last: bool) {
        if let Some(c) = self.current.take() {
            let (analytics, inputs) = if last {
                c.finish_with_inputs()
            } else {
                c.finish_for_trends()
            };
            self.done.push(analytics);
            self.history = inputs.history;
        }
    }

    /// Finishes the cycles before `cycle` (also those without plans) and opens `cycle`'s.
    fn reach(&mut self, cycle: crate::data::CycleIdx) {
        while self.done.len() < cycle || self.current.is_none() {
            if self.current.is_some() {
                self.close(false);
            } else {
                let history = std::mem::take(&mut self.history);
                self.current = Some(
                    crate::analytics::Collector::streamed(
                        self.model,
                        self.dataset,
                        self.done.len(),
                        history,
                    )
                    .learning_resolved(self.learning_resolved),
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The overview.

#[derive(Debug, Clone, Serialize)]
pub struct HrIndexPage<'a> {
    pub frame: HrFrame,
    pub org: PilotView<'a>,
    pub teams: usize,
    pub shortages: Vec<ShortageView<'a>>,
    pub high_potential: Fig,
    pub warnings: usize,
    pub quadrant: Option<Quadrant>,
}

/// The overview: the org's pilot metrics and the headline of each section.
pub fn index<'a>(hr: Hr<'a>, frame: HrFrame) -> HrIndexPage<'a> {
    let a = hr.now();
    HrIndexPage {
        frame,
        org: pilot_view(hr, &a.pilot.org),
        teams: a.pilot.teams.len(),
        shortages: shortages(hr).into_iter().take(3).collect(),
        // Some in a suppressed box: the count would tell how many, so it is marked instead.
        high_potential: if listed_high_potentials(hr).len() < a.nine_box.high_potential.len() {
            Fig::HIDDEN
        } else {
            Fig::count(a.nine_box.high_potential.len() as u32, hr.k)
        },
        warnings: a.forecast.warnings.len(),
        quadrant: a.maturity.org.quadrant,
    }
}

// ---------------------------------------------------------------------------------------
// Capability gaps.

#[derive(Debug, Clone, Serialize)]
pub struct GapCellView {
    pub share_below: Fig,
    pub mean_gap: Fig,
}

#[derive(Debug, Clone, Serialize)]
pub struct GapRowView<'a> {
    pub name: &'a str,
    /// One per column; `None` where nobody in the group is required the competency.
    pub cells: Vec<Option<GapCellView>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GapTable<'a> {
    pub competencies: Vec<&'a str>,
    pub rows: Vec<GapRowView<'a>>,
    pub chart: HeatChart,
}

#[derive(Debug, Clone, Serialize)]
pub struct ShortageView<'a> {
    pub rank: u32,
    pub name: &'a str,
    pub share_below: Fig,
    pub mean_gap: Fig,
    pub below: Fig,
    pub critical_below: Fig,
    pub roles: Vec<&'a str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HrGapsPage<'a> {
    pub frame: HrFrame,
    pub by_team: GapTable<'a>,
    pub by_role: GapTable<'a>,
    pub shortages: Vec<ShortageView<'a>>,
}

fn gap_table<'a>(hr: Hr<'a>, h: &'a Heatmap, name: &dyn Fn(&'a str) -> &'a str) -> GapTable<'a> {
    let cells: BTreeMap<(&str, &str), &GapCell> = h
        .cells
        .iter()
        .map(|c| ((c.group.as_str(), c.competency.as_str()), c))
        .collect();
    let rows: Vec<GapRowView> = h
        .groups
        .iter()
        .map(|g| GapRowView {
            name: name(g),
            cells: h
                .competencies
                .iter()
                .map(|c| {
                    cells
                        .get(&(g.as_str(), c.as_str()))
                        .map(|cell| GapCellView {
                            share_below: hr.fig(&cell.share_below),
                            mean_gap: hr.fig(&cell.mean_gap),
                        })
                })
                .collect(),
        })
        .collect();
    let competencies: Vec<&str> = h.competencies.iter().map(|c| hr.w.competency(c)).collect();
    let chart = charts::heatmap(
        &competencies
            .iter()
            .map(|c| (*c).to_owned())
            .collect::<Vec<_>>(),
        &rows
            .iter()
            .map(|r| {
                (
                    r.name.to_owned(),
                    r.cells
                        .iter()
                        .map(|c| match c {
                            None => HeatValue::Empty,
                            Some(c) if c.share_below.suppressed => HeatValue::Suppressed,
                            Some(c) => match c.share_below.known() {
                                Some(v) => HeatValue::Value(v, hr.pct(v)),
                                None => HeatValue::Empty,
                            },
                        })
                        .collect(),
                )
            })
            .collect::<Vec<_>>(),
        1.0,
    );
    GapTable {
        competencies,
        rows,
        chart,
    }
}

fn shortages<'a>(hr: Hr<'a>) -> Vec<ShortageView<'a>> {
    hr.now()
        .gaps
        .shortages
        .iter()
        .map(|s| ShortageView {
            rank: s.rank,
            name: hr.w.competency(&s.competency),
            share_below: hr.fig(&s.share_below),
            mean_gap: hr.fig(&s.mean_gap),
            below: hr.fig(&s.below),
            critical_below: hr.fig(&s.critical_below),
            roles: s.roles.iter().map(|r| hr.w.role(r)).collect(),
        })
        .collect()
}

/// Capability gap heatmaps (能力差距热力图) and key capability shortages.
pub fn gaps<'a>(hr: Hr<'a>, frame: HrFrame) -> HrGapsPage<'a> {
    let g = &hr.now().gaps;
    HrGapsPage {
        frame,
        by_team: gap_table(hr, &g.by_team, &|t| t),
        by_role: gap_table(hr, &g.by_role, &|r| hr.w.role(r)),
        shortages: shortages(hr),
    }
}

// ---------------------------------------------------------------------------------------
// The 9-box and high potentials.

#[derive(Debug, Clone, Serialize)]
pub struct PersonRef<'a> {
    pub name: &'a str,
    pub talent_id: &'a str,
}

#[derive(Debug, Clone, Serialize)]
pub struct BoxView<'a> {
    pub performance: &'static str,
    pub potential: &'static str,
    pub people: Fig,
    /// Empty when the box is suppressed.
    pub members: Vec<PersonRef<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HighPotentialView<'a> {
    pub name: &'a str,
    pub talent_id: &'a str,
    pub team: Option<&'a str>,
    pub role: Option<&'a str>,
    pub performance: f64,
    pub potential: f64,
    pub growth: Option<f64>,
    pub learning_speed: Option<f64>,
    pub breadth: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HrTalentPage<'a> {
    pub frame: HrFrame,
    pub chart: GridChart,
    /// High potential first: potential high to low, then performance high to low.
    pub boxes: Vec<BoxView<'a>>,
    pub unplaced: Fig,
    /// High potentials whose box is shown: one in a suppressed box is not listed either.
    pub high_potential: Vec<HighPotentialView<'a>>,
    /// Some high potentials are in suppressed boxes and not listed.
    pub high_potential_hidden: bool,
    pub weights: [f64; 3],
    pub performance_thresholds: [f64; 2],
    pub potential_thresholds: [f64; 2],
}

fn band_index(b: Band) -> usize {
    match b {
        Band::Low => 0,
        Band::Medium => 1,
        Band::High => 2,
    }
}

/// The high potentials whose 9-box box is shown: one in a suppressed box is not listed
/// (nor counted) anywhere.
fn listed_high_potentials<'a>(hr: Hr<'a>) -> Vec<&'a crate::analytics::PersonScore> {
    let nb = &hr.now().nine_box;
    let listed: std::collections::BTreeSet<&str> = nb
        .boxes
        .iter()
        .filter(|b| !hr.fig(&b.people).suppressed)
        .flat_map(|b| b.talent_ids.iter().map(String::as_str))
        .collect();
    nb.high_potential
        .iter()
        .filter(|p| listed.contains(p.talent_id.as_str()))
        .collect()
}

/// The 9-box grid (九宫格) with the people in each box, and the high-potential list.
pub fn talent<'a>(hr: Hr<'a>, frame: HrFrame) -> HrTalentPage<'a> {
    let a = hr.now();
    let nb = &a.nine_box;
    let mut counts: [[Option<(usize, String)>; 3]; 3] = Default::default();
    let mut boxes: Vec<BoxView> = Vec::with_capacity(9);
    for cell in &nb.boxes {
        let people = hr.fig(&cell.people);
        let shown = people.known().map(|v| v.round() as usize);
        counts[band_index(cell.performance)][band_index(cell.potential)] =
            shown.map(|n| (n, n.to_string()));
        let mut members: Vec<PersonRef> = if people.suppressed {
            Vec::new()
        } else {
            cell.talent_ids
                .iter()
                .map(|id| PersonRef {
                    name: hr.person_name(id),
                    talent_id: id,
                })
                .collect()
        };
        members.sort_by(|x, y| x.talent_id.cmp(y.talent_id));
        boxes.push(BoxView {
            performance: cell.performance.as_str(),
            potential: cell.potential.as_str(),
            people,
            members,
        });
    }
    let rank = |b: &str| match b {
        "high" => 0,
        "medium" => 1,
        _ => 2,
    };
    boxes.sort_by_key(|b| (rank(b.potential), rank(b.performance)));
    let shown = listed_high_potentials(hr);
    let hidden = nb.high_potential.len() - shown.len();
    let s = &a.settings;
    HrTalentPage {
        frame,
        chart: charts::nine_box(&counts),
        boxes,
        unplaced: Fig::count(nb.unplaced, hr.k),
        high_potential_hidden: hidden > 0,
        high_potential: shown
            .into_iter()
            .map(|p| HighPotentialView {
                name: p.name.as_deref().unwrap_or(&p.talent_id),
                talent_id: &p.talent_id,
                team: hr.team_name(p.team.as_deref()),
                role: p.role.as_deref().map(|r| hr.w.role(r)),
                performance: p.performance,
                potential: p.potential,
                growth: p.parts.growth,
                learning_speed: p.parts.learning_speed,
                breadth: p.parts.breadth,
            })
            .collect(),
        weights: [
            s.potential_weights.growth,
            s.potential_weights.learning_speed,
            s.potential_weights.breadth,
        ],
        performance_thresholds: s.performance_thresholds,
        potential_thresholds: s.potential_thresholds,
    }
}

// ---------------------------------------------------------------------------------------
// Pilot metrics.

#[derive(Debug, Clone, Serialize)]
pub struct PilotView<'a> {
    /// `None` for the whole org.
    pub team: Option<&'a str>,
    pub people: Fig,
    pub dialogue_coverage: Fig,
    pub execution_rate: Fig,
    pub participation: Fig,
    pub learning_hours: Fig,
    pub learning_hours_mean: Fig,
    pub goals_met: Fig,
    pub rating_change: Fig,
    pub level_change: Fig,
}

fn pilot_view<'a>(hr: Hr<'a>, r: &'a PilotRow) -> PilotView<'a> {
    PilotView {
        team: hr.team_name(r.team.as_deref()),
        people: Fig::count(r.people, hr.k),
        dialogue_coverage: hr.fig(&r.dialogue_coverage),
        execution_rate: hr.fig(&r.execution_rate),
        participation: hr.fig(&r.participation),
        learning_hours: hr.fig(&r.learning_hours),
        learning_hours_mean: hr.fig(&r.learning_hours_mean),
        goals_met: hr.fig(&r.goals_met),
        rating_change: hr.fig(&r.rating_change),
        level_change: hr.fig(&r.level_change),
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TrendView {
    /// The metric: `dialogue_coverage`, `execution_rate`, `participation`, `goals_met` or
    /// `learning_hours_mean`; its message is `hr_metric_<metric>`.
    pub metric: &'static str,
    pub chart: TrendLines,
}

#[derive(Debug, Clone, Serialize)]
pub struct HrPilotPage<'a> {
    pub frame: HrFrame,
    pub org: PilotView<'a>,
    pub teams: Vec<PilotView<'a>>,
    pub cycles: Vec<&'a str>,
    pub trends: Vec<TrendView>,
}

/// The pilot metrics' trend lines: the org and each team of the built cycle, across the
/// cycles; suppressed and unknown values leave a hole.
fn pilot_trends(hr: Hr<'_>) -> Vec<TrendView> {
    let cycles: Vec<String> = hr.history.iter().map(|a| a.cycle.clone()).collect();
    let mut groups: Vec<Option<&str>> = vec![None];
    groups.extend(
        hr.now()
            .pilot
            .teams
            .iter()
            .map(|t| t.team.as_deref())
            .filter(Option::is_some),
    );
    type Metric = (&'static str, fn(&PilotRow) -> &Figure, bool);
    let metrics: [Metric; 5] = [
        ("dialogue_coverage", |r| &r.dialogue_coverage, true),
        ("execution_rate", |r| &r.execution_rate, true),
        ("participation", |r| &r.participation, true),
        ("goals_met", |r| &r.goals_met, true),
        ("learning_hours_mean", |r| &r.learning_hours_mean, false),
    ];
    // Each cycle's rows by team: thousands of teams are looked up in each cycle.
    let rows: Vec<BTreeMap<Option<&str>, &PilotRow>> = hr
        .history
        .iter()
        .map(|a| {
            let teams = a.pilot.teams.iter().filter(|r| r.team.is_some());
            let teams = teams.map(|r| (r.team.as_deref(), r));
            std::iter::once((None, &a.pilot.org)).chain(teams).collect()
        })
        .collect();
    metrics
        .iter()
        .map(|(metric, get, share)| {
            let series: Vec<(String, SeriesValues)> = groups
                .iter()
                .map(|g| {
                    let values = rows
                        .iter()
                        .map(|rows| {
                            let row = rows.get(g)?;
                            let v = hr.fig(get(row)).known()?;
                            Some((v, if *share { hr.pct(v) } else { hr.num(v, 1) }))
                        })
                        .collect();
                    (g.unwrap_or("").to_owned(), values)
                })
                .filter(|(_, v): &(String, SeriesValues)| v.iter().any(Option::is_some))
                .collect();
            let (hi, ticks) = if *share {
                (
                    1.0,
                    vec![(0.0, hr.pct(0.0)), (0.5, hr.pct(0.5)), (1.0, hr.pct(1.0))],
                )
            } else {
                let top = series
                    .iter()
                    .flat_map(|s| s.1.iter().flatten().map(|v| v.0))
                    .fold(0.0_f64, f64::max)
                    .max(1.0)
                    .ceil();
                (top, vec![(0.0, hr.num(0.0, 0)), (top, hr.num(top, 0))])
            };
            TrendView {
                metric,
                chart: charts::trends(&cycles, &series, 0.0, hi, &ticks),
            }
        })
        .collect()
}

/// Pilot metrics (试点指标) per team and for the org, with their trends across cycles.
pub fn pilot<'a>(hr: Hr<'a>, frame: HrFrame) -> HrPilotPage<'a> {
    let a = hr.now();
    HrPilotPage {
        frame,
        org: pilot_view(hr, &a.pilot.org),
        teams: a.pilot.teams.iter().map(|t| pilot_view(hr, t)).collect(),
        cycles: hr.history.iter().map(|a| a.cycle.as_str()).collect(),
        trends: pilot_trends(hr),
    }
}

// ---------------------------------------------------------------------------------------
// Learning effect and team learning speed.

#[derive(Debug, Clone, Serialize)]
pub struct EffectView<'a> {
    pub resource: &'a str,
    pub competency: &'a str,
    pub completers: Fig,
    pub comparison: Fig,
    pub strata: u32,
    pub completer_change: Fig,
    pub comparison_change: Fig,
    pub effect: Fig,
    /// The interval excludes zero.
    pub clear: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct CorrelationView {
    /// `learning_hours` or `completed_resources`; message `hr_corr_x_<x>`.
    pub x: String,
    /// Message `hr_corr_y_<y>`.
    pub y: String,
    pub pearson: Fig,
    pub spearman: Fig,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpeedView<'a> {
    pub team: Option<&'a str>,
    /// One per cycle of the page's `cycles`.
    pub cycles: Vec<SpeedCell>,
    pub overall: Fig,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpeedCell {
    pub levels_gained: Fig,
    pub learning_hours: Fig,
    pub speed: Fig,
}

#[derive(Debug, Clone, Serialize)]
pub struct HrLearningPage<'a> {
    pub frame: HrFrame,
    pub effects: Vec<EffectView<'a>>,
    pub correlations: Vec<CorrelationView>,
    pub speed_cycles: Vec<&'a str>,
    pub speed: Vec<SpeedView<'a>>,
    pub speed_chart: TrendLines,
    pub adaptive_ranking: bool,
}

fn speed_view<'a>(hr: Hr<'a>, cycles: &[&str], r: &'a SpeedRow) -> SpeedView<'a> {
    SpeedView {
        team: hr.team_name(r.team.as_deref()),
        cycles: cycles
            .iter()
            .map(|c| {
                r.cycles.iter().find(|p| p.cycle == *c).map_or(
                    SpeedCell {
                        levels_gained: Fig::count(0, hr.k).unknown(),
                        learning_hours: Fig::count(0, hr.k).unknown(),
                        speed: Fig::count(0, hr.k).unknown(),
                    },
                    |p| SpeedCell {
                        levels_gained: hr.fig(&p.levels_gained),
                        learning_hours: hr.fig(&p.learning_hours),
                        speed: hr.fig(&p.speed),
                    },
                )
            })
            .collect(),
        overall: hr.fig(&r.overall),
    }
}

impl Fig {
    /// The same figure with its value unknown.
    fn unknown(mut self) -> Fig {
        self.value = None;
        self.n = None;
        self
    }
}

/// Learning effect per resource and competency, the correlation between learning and
/// performance change, and team learning speed (团队学习速度).
pub fn learning<'a>(hr: Hr<'a>, frame: HrFrame) -> HrLearningPage<'a> {
    let a = hr.now();
    let le = &a.learning_effect;
    let mut cycles: Vec<&str> = Vec::new();
    for r in std::iter::once(&a.learning_speed.org).chain(&a.learning_speed.teams) {
        for p in &r.cycles {
            if !cycles.contains(&p.cycle.as_str()) {
                cycles.push(&p.cycle);
            }
        }
    }
    // In the dataset's cycle order.
    cycles.sort_by_key(|c| hr.dataset.cycles.iter().position(|x| x.id == *c));
    let rows: Vec<SpeedView> = std::iter::once(&a.learning_speed.org)
        .chain(&a.learning_speed.teams)
        .map(|r| speed_view(hr, &cycles, r))
        .collect();
    let series: Vec<(String, SeriesValues)> = rows
        .iter()
        .map(|r| {
            (
                r.team.unwrap_or("").to_owned(),
                r.cycles
                    .iter()
                    .map(|c| c.speed.known().map(|v| (v, hr.num(v, 2))))
                    .collect(),
            )
        })
        .filter(|(_, v): &(String, SeriesValues)| v.iter().any(Option::is_some))
        .collect();
    let top = series
        .iter()
        .flat_map(|s| s.1.iter().flatten().map(|v| v.0))
        .fold(0.0_f64, f64::max);
    let lo = series
        .iter()
        .flat_map(|s| s.1.iter().flatten().map(|v| v.0))
        .fold(0.0_f64, f64::min);
    let hi = if top > lo { top } else { lo + 1.0 };
    let speed_chart = charts::trends(
        &cycles.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>(),
        &series,
        lo,
        hi,
        &[(lo, hr.num(lo, 2)), (hi, hr.num(hi, 2))],
    );
    HrLearningPage {
        frame,
        effects: le
            .effects
            .iter()
            .map(|e| {
                let effect = hr.fig(&e.effect);
                EffectView {
                    resource: hr.w.resource(&e.resource),
                    competency: hr.w.competency(&e.competency),
                    completers: Fig::count(e.completers, hr.k),
                    comparison: Fig::count(e.comparison, hr.k),
                    strata: e.strata,
                    completer_change: hr.fig(&e.completer_change),
                    comparison_change: hr.fig(&e.comparison_change),
                    clear: effect.ci.is_some_and(|c| c[0] > 0.0 || c[1] < 0.0),
                    effect,
                }
            })
            .collect(),
        correlations: le
            .correlations
            .iter()
            .map(|c| CorrelationView {
                x: c.x.clone(),
                y: c.y.clone(),
                pearson: hr.fig(&c.pearson),
                spearman: hr.fig(&c.spearman),
            })
            .collect(),
        speed_cycles: cycles,
        speed: rows,
        speed_chart,
        adaptive_ranking: a.settings.adaptive_ranking,
    }
}

// ---------------------------------------------------------------------------------------
// Forecast warnings.

#[derive(Debug, Clone, Serialize)]
pub struct WarningView<'a> {
    pub role: &'a str,
    pub competency: &'a str,
    pub effective_from: String,
    pub months_ahead: u32,
    pub required_now: Option<u8>,
    pub required_then: u8,
    pub critical: bool,
    pub people: Fig,
    pub opening: Fig,
    pub already_below: Fig,
    pub unassessed: Fig,
}

#[derive(Debug, Clone, Serialize)]
pub struct HrForecastPage<'a> {
    pub frame: HrFrame,
    pub from: String,
    pub to: String,
    pub months: u32,
    pub warnings: Vec<WarningView<'a>>,
}

/// Forecast warnings: dated requirements that will open gaps.
pub fn forecast<'a>(hr: Hr<'a>, frame: HrFrame) -> HrForecastPage<'a> {
    let a = hr.now();
    let f = &a.forecast;
    HrForecastPage {
        frame,
        from: f.from.to_string(),
        to: f.to.to_string(),
        months: a.settings.forecast_months,
        warnings: f
            .warnings
            .iter()
            .map(|x| WarningView {
                role: hr.w.role(&x.role),
                competency: hr.w.competency(&x.competency),
                effective_from: x.effective_from.to_string(),
                months_ahead: x.months_ahead,
                required_now: x.required_now,
                required_then: x.required_then,
                critical: x.critical,
                people: Fig::count(x.people, hr.k),
                opening: hr.fig(&x.opening),
                already_below: hr.fig(&x.already_below),
                unassessed: hr.fig(&x.unassessed),
            })
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------
// The maturity quadrant.

#[derive(Debug, Clone, Serialize)]
pub struct MaturityView<'a> {
    pub team: Option<&'a str>,
    pub people: Fig,
    pub integration: Fig,
    pub culture: Fig,
    pub linked_review: Fig,
    pub competency_data: Fig,
    pub learning_data: Fig,
    pub learning_resolved: Fig,
    pub dialogue_coverage: Fig,
    pub execution_rate: Fig,
    /// `starting`, `data_led`, `culture_led` or `closed_loop`; `None` when unknown or
    /// suppressed. Message `hr_quadrant_<q>` and `hr_next_<q>`.
    pub quadrant: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HrMaturityPage<'a> {
    pub frame: HrFrame,
    pub threshold: f64,
    pub chart: QuadrantChart,
    pub org: MaturityView<'a>,
    pub teams: Vec<MaturityView<'a>>,
    /// Every quadrant, in chart order (low-low, high-low, low-high, high-high).
    pub quadrants: [&'static str; 4],
}

fn quadrant_key(q: Quadrant) -> &'static str {
    match q {
        Quadrant::Starting => "starting",
        Quadrant::DataLed => "data_led",
        Quadrant::CultureLed => "culture_led",
        Quadrant::ClosedLoop => "closed_loop",
    }
}

fn maturity_view<'a>(hr: Hr<'a>, p: &'a MaturityPoint) -> MaturityView<'a> {
    let integration = hr.fig(&p.integration);
    let culture = hr.fig(&p.culture);
    let placed = integration.known().is_some() && culture.known().is_some();
    MaturityView {
        team: hr.team_name(p.team.as_deref()),
        people: Fig::count(p.people, hr.k),
        integration,
        culture,
        linked_review: hr.fig(&p.linked_review),
        competency_data: hr.fig(&p.competency_data),
        learning_data: hr.fig(&p.learning_data),
        learning_resolved: hr.fig(&p.learning_resolved),
        dialogue_coverage: hr.fig(&p.dialogue_coverage),
        execution_rate: hr.fig(&p.execution_rate),
        quadrant: p.quadrant.filter(|_| placed).map(quadrant_key),
    }
}

/// The maturity quadrant (成熟度象限): the org and each team, with the next step.
pub fn maturity<'a>(hr: Hr<'a>, frame: HrFrame) -> HrMaturityPage<'a> {
    let m = &hr.now().maturity;
    let org = maturity_view(hr, &m.org);
    let teams: Vec<MaturityView> = m.teams.iter().map(|t| maturity_view(hr, t)).collect();
    let points: Vec<(f64, f64, String, &'static str)> = teams
        .iter()
        .filter_map(|t| {
            Some((
                t.integration.known()?,
                t.culture.known()?,
                t.team.unwrap_or("").to_owned(),
                "team",
            ))
        })
        .chain(
            org.integration
                .known()
                .zip(org.culture.known())
                .map(|(x, y)| (x, y, String::new(), "org")),
        )
        .collect();
    let t = m.threshold.clamp(0.0, 1.0);
    HrMaturityPage {
        frame,
        threshold: t,
        chart: charts::quadrant(&points, (t, t), [hr.pct(0.0), hr.pct(t), hr.pct(1.0)]),
        org,
        teams,
        quadrants: [
            quadrant_key(Quadrant::Starting),
            quadrant_key(Quadrant::DataLed),
            quadrant_key(Quadrant::CultureLed),
            quadrant_key(Quadrant::ClosedLoop),
        ],
    }
}

// ---------------------------------------------------------------------------------------
// The HR data dictionary.

#[derive(Debug, Clone, Serialize)]
pub struct FieldView<'a> {
    pub source: &'a str,
    pub field: &'a str,
    pub meaning: &'a str,
    pub file: &'a str,
    pub column: &'a str,
    pub rows: u32,
    pub with_value: u32,
    pub coverage: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct HrDictionaryPage<'a> {
    pub frame: HrFrame,
    pub fields: Vec<FieldView<'a>>,
}

/// The HR data dictionary (HR数据字典): every mapped field, its meaning, source and
/// coverage. Record counts of files are not group figures: they describe the exports.
pub fn dictionary<'a>(hr: Hr<'a>, frame: HrFrame) -> HrDictionaryPage<'a> {
    let zh = hr.w.locale.starts_with("zh");
    HrDictionaryPage {
        frame,
        fields: hr
            .now()
            .data_dictionary
            .iter()
            .map(|d| FieldView {
                source: &d.source,
                field: &d.field,
                meaning: if zh { &d.meaning_zh } else { &d.meaning_en },
                file: &d.file,
                column: &d.column,
                rows: d.rows,
                with_value: d.with_value,
                coverage: d.coverage,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suppressed_figure_keeps_nothing() {
        let f = Figure {
            value: Some(0.5),
            n: 3,
            suppressed: false,
            ci: Some([0.1, 0.9]),
            p: Some(0.04),
        };
        // The analytics stage forgot to suppress: the view does it.
        assert_eq!(Fig::of(&f, 5), Fig::HIDDEN);
        let shown = Fig::of(&Figure { n: 5, ..f }, 5);
        assert_eq!(shown.value, Some(0.5));
        assert_eq!(shown.n, Some(5));
        assert_eq!(shown.ci, Some([0.1, 0.9]));
        assert_eq!(Fig::count(4, 5), Fig::HIDDEN);
        assert_eq!(Fig::count(0, 5).value, Some(0.0));
        assert_eq!(Fig::count(7, 5).value, Some(7.0));
    }
}
