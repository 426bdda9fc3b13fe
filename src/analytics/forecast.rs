//! Forecast warnings: roles' dated requirements that take effect within the forecast horizon
//! after the cycle's end, the competencies they raise and how many people of the role will
//! then be below the requirement.

use super::input::PersonInput;
use super::types::{Figure, Forecast, ForecastWarning};
use crate::model::{OrgModel, Role};
use chrono::{Months, NaiveDate};
use std::collections::BTreeSet;

/// A raised requirement of a role on a date.
#[derive(Debug, Clone)]
pub struct Raise {
    pub role: String,
    pub competency: String,
    pub effective_from: NaiveDate,
    pub required_now: Option<u8>,
    pub required_then: u8,
    pub critical: bool,
}

/// The last day of the horizon: `months` after `end`.
pub fn horizon(end: NaiveDate, months: u32) -> NaiveDate {
    end.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// Whole months from `from` to `to`.
pub fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    (0..=1200u32)
        .take_while(|m| {
            from.checked_add_months(Months::new(*m))
                .is_some_and(|d| d <= to)
        })
        .last()
        .unwrap_or(0)
}

/// The level `reqs` require of `competency`.
fn level_in(reqs: &[crate::model::Requirement], competency: &str) -> Option<u8> {
    reqs.iter()
        .find(|n| n.competency == competency)
        .map(|n| n.level)
}

/// The requirements a change raises against those in force the day before it (an inherited
/// change is listed once, on its own date); `required_now` is the level at the cycle's end.
fn raises_of(role: &Role, end: NaiveDate, to: NaiveDate) -> Vec<Raise> {
    let now = role.requirements_on(end);
    role.changes
        .iter()
        .filter(|c| c.effective_from > end && c.effective_from <= to)
        .flat_map(|c| {
            let before = c
                .effective_from
                .pred_opt()
                .map_or(now, |d| role.requirements_on(d));
            c.requirements.iter().filter_map(move |r| {
                let prior = level_in(before, &r.competency);
                prior.is_none_or(|b| r.level > b).then(|| Raise {
                    role: role.id.clone(),
                    competency: r.competency.clone(),
                    effective_from: c.effective_from,
                    required_now: level_in(now, &r.competency),
                    required_then: r.level,
                    critical: r.critical,
                })
            })
        })
        .collect()
}

/// Every raised requirement within the horizon, by role, date and competency.
pub fn raises(model: &OrgModel, end: NaiveDate) -> Vec<Raise> {
    let to = horizon(end, model.analytics.forecast_months);
    let mut out: Vec<Raise> = model
        .roles
        .iter()
        .flat_map(|r| raises_of(r, end, to))
        .collect();
    out.sort_by(|a, b| {
        (&a.role, a.effective_from, &a.competency).cmp(&(&b.role, b.effective_from, &b.competency))
    });
    out
}

/// The competencies whose levels the forecast needs.
pub fn competencies(raises: &[Raise]) -> BTreeSet<String> {
    raises.iter().map(|r| r.competency.clone()).collect()
}

fn warning(r: &Raise, end: NaiveDate, people: &[PersonInput], k: u32) -> ForecastWarning {
    let in_role: Vec<&PersonInput> = people
        .iter()
        .filter(|p| p.role.as_deref() == Some(r.role.as_str()))
        .collect();
    let n = in_role.len() as u32;
    let (mut opening, mut below, mut unknown) = (0u32, 0u32, 0u32);
    for p in &in_role {
        match p.levels.get(&r.competency).copied().flatten() {
            None => unknown += 1,
            Some(l) if l >= r.required_then => {}
            Some(l) if r.required_now.is_some_and(|now| l < now) => below += 1,
            Some(_) => opening += 1,
        }
    }
    let count = |x: u32| Figure::new(Some(f64::from(x)), n, k);
    ForecastWarning {
        role: r.role.clone(),
        competency: r.competency.clone(),
        effective_from: r.effective_from,
        months_ahead: months_between(end, r.effective_from),
        required_now: r.required_now,
        required_then: r.required_then,
        critical: r.critical,
        people: n,
        opening: count(opening),
        already_below: count(below),
        unassessed: count(unknown),
    }
}

pub fn forecast(
    model: &OrgModel,
    end: NaiveDate,
    raises: &[Raise],
    people: &[PersonInput],
    k: u32,
) -> Forecast {
    Forecast {
        from: end,
        to: horizon(end, model.analytics.forecast_months),
        warnings: raises.iter().map(|r| warning(r, end, people, k)).collect(),
    }
}
