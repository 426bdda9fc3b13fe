//! Facts written by hand (rule tests, `explain --facts`): fact names as rules write them,
//! turned into the same containers the data stage fills.

use crate::diag::{Code, Diagnostic, FileId, did_you_mean};
use crate::model::OrgModel;
use crate::model::raw::Located;
use crate::model::validate::span;
use crate::rules::facts::{self, CompetencyFacts, EmployeeFacts, Rating};
use crate::rules::raw::{FactMap, FactValue};
use crate::rules::syntax::{self, ExprKind};

/// Builds an employee's facts from hand-written maps; problems are reported, not fatal.
pub fn employee(
    model: &OrgModel,
    file: FileId,
    facts: &FactMap,
    competencies: &[FactMap],
    diags: &mut Vec<Diagnostic>,
) -> EmployeeFacts {
    let mut e = EmployeeFacts {
        talent_id: "example".into(),
        ..EmployeeFacts::default()
    };
    for (key, value) in &facts.0 {
        set_employee(model, file, &mut e, key, value, diags);
    }
    if let Some(role) = e.role.as_deref().and_then(|r| model.role(r)) {
        e.role_family = e.role_family.take().or_else(|| role.family.clone());
        e.rank = e.rank.or(role.rank);
    }
    for map in competencies {
        if let Some(c) = competency(model, file, &e, map, diags) {
            e.competencies.push(c);
        }
    }
    e
}

fn bad_value(file: FileId, at: &Located<FactValue>, key: &str, wanted: &str) -> Diagnostic {
    Diagnostic::new(Code::TypeMismatch, format!("`{key}` needs {wanted}"))
        .at(span(file, at), "wrong kind of value")
}

fn number(v: &FactValue) -> Option<f64> {
    match v {
        FactValue::Number(n) => Some(*n),
        _ => None,
    }
}

fn text(v: &FactValue) -> Option<String> {
    match v {
        FactValue::Text(t) => Some(t.clone()),
        FactValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn flag(v: &FactValue) -> Option<bool> {
    match v {
        FactValue::Bool(b) => Some(*b),
        _ => None,
    }
}

fn rating(model: &OrgModel, scale: Option<&String>, label: &str) -> Option<Rating> {
    let scale = model.rating_scale(scale?)?;
    let rank = scale.rank(label)?;
    Some(Rating {
        scale: scale.id.clone(),
        label: label.to_owned(),
        rank: rank as u32,
    })
}

fn set_employee(
    model: &OrgModel,
    file: FileId,
    e: &mut EmployeeFacts,
    key: &Located<String>,
    value: &Located<FactValue>,
    diags: &mut Vec<Diagnostic>,
) {
    let v = &value.value;
    let name = key.value.as_str();
    let mut fail = |wanted: &str| diags.push(bad_value(file, value, name, wanted));
    match name {
        "role" | "role_family" | "team" => match text(v) {
            Some(t) => {
                *match name {
                    "role" => &mut e.role,
                    "role_family" => &mut e.role_family,
                    _ => &mut e.team,
                } = Some(t)
            }
            None => fail("a text"),
        },
        "rank" => {
            e.rank = number(v).map(|n| n as u32).or_else(|| {
                fail("a number");
                None
            })
        }
        "tenure_months" => {
            e.tenure_months = number(v).or_else(|| {
                fail("a number of months");
                None
            })
        }
        "goals_met_ratio" => {
            e.goals_met_ratio = number(v).or_else(|| {
                fail("a number from 0 to 1");
                None
            })
        }
        "learning_hours" => {
            e.learning_hours = number(v).unwrap_or_else(|| {
                fail("a number");
                0.0
            })
        }
        "open_actions" => {
            e.open_actions = number(v).map_or_else(
                || {
                    fail("a number");
                    0
                },
                |n| n as u32,
            )
        }
        "has_mentor" => {
            e.has_mentor = flag(v).unwrap_or_else(|| {
                fail("true or false");
                false
            })
        }
        "completed" => match v {
            FactValue::List(ids) => e.completed.extend(ids.iter().cloned()),
            _ => fail("a list of resource ids"),
        },
        _ => set_call(model, file, e, key, value, diags),
    }
}

/// `rating(overall)`, `previous_rating(overall)`, `rating(goal: ID)`, `completed(ID)`.
fn set_call(
    model: &OrgModel,
    file: FileId,
    e: &mut EmployeeFacts,
    key: &Located<String>,
    value: &Located<FactValue>,
    diags: &mut Vec<Diagnostic>,
) {
    let parsed = syntax::parse_placeholder(&key.value).ok();
    let call = parsed.as_ref().and_then(|x| match &x.kind {
        ExprKind::Call { name, args, .. } => {
            let arg = args.first()?;
            let word = match &arg.value.kind {
                ExprKind::Ident(w) | ExprKind::Str(w) => w.clone(),
                _ => return None,
            };
            Some((name.as_str(), arg.name.as_ref().map(|n| n.0.as_str()), word))
        }
        _ => None,
    });
    let label = text(&value.value);
    match call {
        Some(("rating" | "previous_rating", None, w)) if w == "overall" => {
            let r = label
                .as_deref()
                .and_then(|l| rating(model, model.ratings.overall.as_ref(), l));
            if r.is_none() {
                diags.push(bad_label(file, value, model.ratings.overall.as_deref()));
            }
            if key.value.starts_with("rating") {
                e.rating_overall = r;
            } else {
                e.previous_rating_overall = r;
            }
        }
        Some(("rating", Some("goal"), template)) => match label
            .as_deref()
            .and_then(|l| rating(model, model.ratings.goal.as_ref(), l))
        {
            Some(r) => {
                e.goal_ratings.insert(template, r);
            }
            None => diags.push(bad_label(file, value, model.ratings.goal.as_deref())),
        },
        Some(("completed", None, id)) => match flag(&value.value) {
            Some(true) => {
                e.completed.insert(id);
            }
            Some(false) => {}
            None => diags.push(bad_value(file, value, &key.value, "true or false")),
        },
        _ => diags.push(unknown_fact(file, key)),
    }
}

fn bad_label(file: FileId, value: &Located<FactValue>, scale: Option<&str>) -> Diagnostic {
    Diagnostic::new(
        Code::UnknownRatingValue,
        format!("not a label of the rating scale `{}`", scale.unwrap_or("?")),
    )
    .at(span(file, value), "not on the scale")
}

fn unknown_fact(file: FileId, key: &Located<String>) -> Diagnostic {
    Diagnostic::new(Code::UnknownFact, format!("unknown fact `{}`", key.value))
        .at(span(file, key), "not a fact")
        .maybe_help(did_you_mean(
            &key.value,
            facts::FACTS.iter().map(|f| f.name),
        ))
}

fn competency(
    model: &OrgModel,
    file: FileId,
    e: &EmployeeFacts,
    map: &FactMap,
    diags: &mut Vec<Diagnostic>,
) -> Option<CompetencyFacts> {
    let get = |name: &str| map.0.iter().find(|(k, _)| k.value == name).map(|(_, v)| v);
    let Some(id_value) = get("competency") else {
        let at = map.0.first().map(|(k, _)| span(file, k));
        let d = Diagnostic::new(
            Code::MissingField,
            "each competency entry needs `competency: ID`",
        );
        diags.push(match at {
            Some(at) => d.at(at, "in this entry"),
            None => d,
        });
        return None;
    };
    let id = text(&id_value.value).unwrap_or_default();
    let Some(comp) = model.competency(&id) else {
        diags.push(
            Diagnostic::new(
                Code::UnknownCompetency,
                format!("unknown competency `{id}`"),
            )
            .at(span(file, id_value), "no competency has this id")
            .maybe_help(did_you_mean(
                &id,
                model.competencies.iter().map(|c| c.id.as_str()),
            )),
        );
        return None;
    };
    let requirement = e
        .role
        .as_deref()
        .and_then(|r| model.role(r))
        .and_then(|r| r.requirement(&id));
    let mut c = CompetencyFacts {
        competency: id.clone(),
        category: comp.category.clone(),
        required: requirement.map_or(0, |r| r.level),
        critical: requirement.is_some_and(|r| r.critical),
        ..CompetencyFacts::default()
    };
    let mut gap_given = false;
    for (key, value) in &map.0 {
        let v = &value.value;
        let as_int = |d: &mut Vec<Diagnostic>| {
            number(v).map(|n| n as i64).or_else(|| {
                d.push(bad_value(file, value, &key.value, "a number"));
                None
            })
        };
        match key.value.as_str() {
            "competency" => {}
            "category" => c.category = text(v),
            "level" => c.level = as_int(diags).map(|n| n.clamp(0, 255) as u8),
            "required" => c.required = as_int(diags).map_or(0, |n| n.clamp(0, 255) as u8),
            "gap" => {
                c.gap = as_int(diags);
                gap_given = true;
            }
            "trend" => c.trend = as_int(diags),
            "critical" | "goal_requires" => match flag(v) {
                Some(b) if key.value == "critical" => c.critical = b,
                Some(b) => c.goal_requires = b,
                None => diags.push(bad_value(file, value, &key.value, "true or false")),
            },
            "completed_for" => c.completed_for = as_int(diags).map_or(0, |n| n.max(0) as u32),
            "resources_available" => {
                c.resources_available = as_int(diags).map_or(0, |n| n.max(0) as u32)
            }
            _ => diags.push(unknown_fact(file, key)),
        }
    }
    if !gap_given {
        c.gap = c.level.map(|l| i64::from(c.required) - i64::from(l));
    }
    Some(c)
}
