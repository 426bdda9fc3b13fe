//! Closing the loop: the previous cycle's actions matched against this cycle's learning
//! records, dialogue records and levels: done, in progress, not started or dropped.

use super::{ActionItem, Plan, PreviousCycle, TrackedAction};
use crate::data::{ActionStatus, CycleIdx, Dataset};
use crate::rules::facts::EmployeeFacts;

/// What tracking needs of a previous plan: its actions and the level each development
/// point aimed at. A whole org's are held while the next cycle is planned, so it keeps no
/// more than that.
#[derive(Debug)]
pub struct Previous {
    cycle: Box<str>,
    actions: Box<[Action]>,
    targets: Box<[(Box<str>, u8)]>,
}

/// An action of the previous plan, as tracking reads it.
#[derive(Debug)]
struct Action {
    id: Box<str>,
    kind: &'static str,
    competency: Option<Box<str>>,
    resource: Option<Box<str>>,
    text: Box<str>,
}

impl Action {
    fn of(a: &ActionItem) -> Action {
        Action {
            id: a.id.as_str().into(),
            kind: a.kind,
            competency: a.competency.as_deref().map(Into::into),
            resource: a.resource.as_deref().map(Into::into),
            text: a.text.as_str().into(),
        }
    }
}

impl Previous {
    pub fn of(p: &Plan) -> Previous {
        Previous {
            targets: p
                .development_points
                .iter()
                .map(|d| (d.competency.as_str().into(), d.target_level))
                .collect(),
            cycle: p.cycle.as_str().into(),
            actions: p.actions.iter().map(Action::of).collect(),
        }
    }

    fn target(&self, competency: &str) -> Option<u8> {
        self.targets
            .iter()
            .find(|(c, _)| &**c == competency)
            .map(|(_, t)| *t)
    }
}

/// Fills `previous` of a plan of `cycle` from the employee's plan of the cycle before;
/// `facts` are this cycle's.
pub fn track(
    dataset: &Dataset,
    cycle: CycleIdx,
    old: &Previous,
    facts: &EmployeeFacts,
    plan: &mut Plan,
) {
    let Some(person) = dataset.find(&plan.talent_id) else {
        return;
    };
    let records = dataset.records_of(person);
    let actions: Vec<TrackedAction> = old
        .actions
        .iter()
        .map(|a| {
            let dialogue = records
                .dialogues
                .iter()
                .filter(|d| d.cycle == cycle)
                .filter_map(|d| d.action.as_ref())
                .find(|x| x.id.as_deref() == Some(&*a.id));
            let learned = a.resource.as_ref().and_then(|r| {
                records
                    .learning
                    .iter()
                    .filter(|l| *l.resource == **r && l.cycle.is_some_and(|c| c >= cycle))
                    .max_by_key(|l| (l.status.is_done(), l.date))
            });
            let level_now = a.competency.as_ref().and_then(|c| {
                facts
                    .competencies
                    .iter()
                    .find(|x| *x.competency == **c)
                    .and_then(|x| x.level)
            });
            let target = a.competency.as_deref().and_then(|c| old.target(c));
            let (status, evidence) = match (dialogue, learned) {
                (Some(x), _) if x.status == ActionStatus::Cancelled => {
                    ("dropped", "dialogue record: cancelled".to_owned())
                }
                (Some(x), _) if x.status == ActionStatus::Done => {
                    ("done", "dialogue record: done".to_owned())
                }
                (_, Some(l)) if l.status.is_done() => {
                    ("done", format!("learning record: {}", l.status.as_str()))
                }
                (_, Some(l)) => (
                    "in_progress",
                    format!("learning record: {}", l.status.as_str()),
                ),
                _ if a.kind == "develop"
                    && level_now.zip(target).is_some_and(|(now, t)| now >= t) =>
                {
                    ("done", format!("level is now {}", level_now.unwrap_or(0)))
                }
                (Some(x), _) => (
                    "in_progress",
                    format!("dialogue record: {}", x.status.as_str()),
                ),
                _ => ("not_started", "no record of it this cycle".to_owned()),
            };
            TrackedAction {
                id: a.id.to_string(),
                kind: a.kind,
                text: a.text.to_string(),
                status,
                evidence,
            }
        })
        .collect();
    let counted = actions.iter().filter(|a| a.status != "dropped").count();
    let done = actions.iter().filter(|a| a.status == "done").count();
    plan.previous = Some(PreviousCycle {
        cycle: old.cycle.to_string(),
        execution_rate: (counted > 0).then(|| done as f64 / counted as f64),
        actions,
    });
}
