//! The maturity quadrant (成熟度象限): process/data integration (x) against development
//! culture (y) for the org and each team, with the suggested next step of each quadrant.

use super::input::PersonInput;
use super::pilot::{execution_rate, share};
use super::stats::mean;
use super::types::{Figure, Maturity, MaturityPoint, NextStep, Quadrant};

/// From this value on an axis counts as high.
pub const THRESHOLD: f64 = 0.5;

impl Quadrant {
    pub const ALL: [Quadrant; 4] = [
        Quadrant::Starting,
        Quadrant::DataLed,
        Quadrant::CultureLed,
        Quadrant::ClosedLoop,
    ];

    pub fn of(integration: f64, culture: f64) -> Quadrant {
        match (integration >= THRESHOLD, culture >= THRESHOLD) {
            (false, false) => Quadrant::Starting,
            (true, false) => Quadrant::DataLed,
            (false, true) => Quadrant::CultureLed,
            (true, true) => Quadrant::ClosedLoop,
        }
    }

    /// The stable key the message catalogs word.
    pub fn key(self) -> &'static str {
        match self {
            Quadrant::Starting => "starting",
            Quadrant::DataLed => "data_led",
            Quadrant::CultureLed => "culture_led",
            Quadrant::ClosedLoop => "closed_loop",
        }
    }

    /// The suggested next step: (en, zh-CN).
    pub fn next_step(self) -> (&'static str, &'static str) {
        match self {
            Quadrant::Starting => (
                "Start with a pilot team: link review, competency and learning data under one talent ID, and hold a development dialogue with everyone in it.",
                "先选一个试点团队：用统一人才ID打通考核、能力与学习数据，并与团队每个人开展发展对话。",
            ),
            Quadrant::DataLed => (
                "The data is connected but little used in conversations: train managers to hold development dialogues and follow up the agreed actions.",
                "数据已打通但较少用于对话：培训管理者开展发展对话，并跟进发展行动清单的执行。",
            ),
            Quadrant::CultureLed => (
                "Dialogues happen but the data is fragmented: resolve people to one talent ID, link learning records to competencies and automate the exports.",
                "发展对话已有基础但数据分散：统一人才ID，将学习记录关联到能力项，并实现数据自动导出。",
            ),
            Quadrant::ClosedLoop => (
                "The loop is closed: roll out company-wide, let learning paths adapt to what works, and prepare for forecast capability gaps.",
                "闭环已形成：推广到全公司，让学习路径根据实际效果自适应，并提前应对预测的能力差距。",
            ),
        }
    }
}

/// The mean of the known values among `figures` (before suppression), over `n` people.
fn axis(values: &[Option<f64>], n: u32, k: u32) -> Figure {
    let known: Vec<f64> = values.iter().flatten().copied().collect();
    Figure::new(mean(&known), n, k)
}

fn point(
    team: Option<String>,
    group: &[&PersonInput],
    learning_resolved: Option<f64>,
    k: u32,
) -> MaturityPoint {
    let n = group.len() as u32;
    // The axes use the group's unsuppressed shares (the group is shown or hidden as a
    // whole); the execution rate counts only when its own figure is not suppressed.
    let raw = |f: &Figure| if f.suppressed { None } else { f.value };
    let all = |f: &dyn Fn(&PersonInput) -> bool| share(group, 0, f).value;
    let linked_review = share(group, k, |p| p.rating_rank.is_some());
    let competency_data = share(group, k, PersonInput::competency_data);
    let learning_data = share(group, k, |p| p.learning_ever);
    let resolved = Figure::new(learning_resolved, n, k);
    let dialogue_coverage = share(group, k, |p| p.dialogue);
    let execution = execution_rate(group, k);
    let integration = axis(
        &[
            all(&|p| p.rating_rank.is_some()),
            all(&PersonInput::competency_data),
            all(&|p| p.learning_ever),
            learning_resolved,
        ],
        n,
        k,
    );
    let culture = axis(&[all(&|p| p.dialogue), raw(&execution)], n, k);
    let quadrant = match (raw(&integration), raw(&culture)) {
        (Some(x), Some(y)) => Some(Quadrant::of(x, y)),
        _ => None,
    };
    MaturityPoint {
        team,
        people: n,
        integration,
        culture,
        linked_review,
        competency_data,
        learning_data,
        learning_resolved: resolved,
        dialogue_coverage,
        execution_rate: execution,
        quadrant,
    }
}

pub fn maturity(
    groups: &[(Option<String>, Vec<&PersonInput>)],
    learning_resolved: Option<f64>,
    k: u32,
) -> Maturity {
    let mut points = groups
        .iter()
        .map(|(t, g)| point(t.clone(), g, learning_resolved, k));
    Maturity {
        threshold: THRESHOLD,
        org: points
            .next()
            .unwrap_or_else(|| point(None, &[], learning_resolved, k)),
        teams: points.collect(),
        next_steps: Quadrant::ALL
            .iter()
            .map(|q| {
                let (en, zh) = q.next_step();
                NextStep {
                    quadrant: *q,
                    en: en.to_owned(),
                    zh_cn: zh.to_owned(),
                }
            })
            .collect(),
    }
}
