//! `talentloop explain EMPLOYEE`: one employee's facts for a cycle with where each came from.
//!
//! This returns a value; `cli` renders it, and the rules stage appends its table result.

use super::dataset::{CycleIdx, Dataset, PersonId};
use crate::diag::suggest;
use crate::model::OrgModel;
use crate::rules::facts::EmployeeFacts;
use serde::Serialize;

/// What `explain` shows about one employee in one cycle.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    pub talent_id: String,
    pub name: Option<String>,
    pub cycle: String,
    /// The reference the user typed, when it was an alias rather than the talent id.
    pub via_alias: Option<String>,
    pub facts: EmployeeFacts,
}

/// Why an explanation cannot be given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExplainError {
    #[error("no person `{reference}` in the data{}", suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    UnknownPerson {
        reference: String,
        suggestion: Option<String>,
    },
    #[error("cycle `{cycle}` is not listed in the project file (cycles: {})", known.join(", "))]
    UnknownCycle { cycle: String, known: Vec<String> },
    #[error("`{talent_id}` is in no cycle's people export")]
    NotInAnyCycle { talent_id: String },
}

/// The facts of `reference` (a talent id or alias) in `cycle`, by default the latest cycle
/// the person is in.
pub fn explain(
    model: &OrgModel,
    ds: &Dataset,
    reference: &str,
    cycle: Option<&str>,
) -> Result<Explanation, ExplainError> {
    let (person, via_alias) = find(ds, reference)?;
    let p = ds.person(person);
    let cycle: CycleIdx = match cycle {
        Some(c) => ds.cycle(c).ok_or_else(|| ExplainError::UnknownCycle {
            cycle: c.to_owned(),
            known: ds.cycles.iter().map(|c| c.id.clone()).collect(),
        })?,
        None => p
            .assignments
            .iter()
            .rposition(Option::is_some)
            .ok_or_else(|| ExplainError::NotInAnyCycle {
                talent_id: p.talent_id.clone(),
            })?,
    };
    Ok(Explanation {
        talent_id: p.talent_id.clone(),
        name: p.name.clone(),
        cycle: ds.cycles[cycle].id.clone(),
        via_alias,
        facts: ds.facts_of(model, person, cycle),
    })
}

fn find(ds: &Dataset, reference: &str) -> Result<(PersonId, Option<String>), ExplainError> {
    if let Some(p) = ds.find(reference.trim()) {
        return Ok((p, None));
    }
    let lower = reference.trim().to_lowercase();
    let by_alias = ds.people.iter().position(|p| {
        p.aliases.iter().any(|a| a.to_lowercase() == lower)
            || p.email.as_ref().is_some_and(|e| e.to_lowercase() == lower)
    });
    match by_alias {
        Some(i) => Ok((PersonId(i as u32), Some(reference.to_owned()))),
        None => Err(ExplainError::UnknownPerson {
            reference: reference.to_owned(),
            suggestion: suggest(reference, ds.people.iter().map(|p| p.talent_id.as_str()))
                .map(str::to_owned),
        }),
    }
}
