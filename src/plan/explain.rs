//! Why a plan holds what it holds: each item with the rule and facts behind it, and for
//! resources and mentors, why they were chosen over the alternatives.

use super::{Plan, Why};
use std::fmt::Write as _;

fn because(why: &[std::sync::Arc<Why>]) -> String {
    why.iter()
        .map(|w| {
            let facts: Vec<String> = w.facts.iter().map(|(k, v)| format!("{k} = {v}")).collect();
            format!(
                "{}/{} ({}){}",
                w.rule_set,
                w.rule,
                w.title,
                if facts.is_empty() {
                    String::new()
                } else {
                    format!(": {}", facts.join(", "))
                }
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The plan's reasons as text for a terminal.
pub fn render(p: &Plan) -> String {
    let mut out = format!("plan for {} in {}\n", p.talent_id, p.cycle);
    let mut section = |title: &str, lines: Vec<String>| {
        if lines.is_empty() {
            return;
        }
        let _ = writeln!(out, "\n{title}:");
        for l in lines {
            let _ = writeln!(out, "  {l}");
        }
    };
    section(
        "development points",
        p.development_points
            .iter()
            .map(|d| {
                let now = d.current.map_or("unknown".to_owned(), |c| c.to_string());
                format!(
                    "{} {now} → {} (required {}{})\n      because {}",
                    d.competency,
                    d.target_level,
                    d.required,
                    if d.critical { ", critical" } else { "" },
                    because(&d.why)
                )
            })
            .collect(),
    );
    let resources = |items: &[super::Recommendation]| -> Vec<String> {
        items
            .iter()
            .map(|r| {
                let mut line = format!(
                    "{} ({}, {} h, {} {} → {}): {}\n      because {}",
                    r.resource,
                    r.kind,
                    r.hours,
                    r.competency,
                    r.from,
                    r.to,
                    r.fit.join(", "),
                    because(&r.why)
                );
                if let Some(p) = &r.prerequisite_for {
                    let _ = write!(line, "\n      first, since `{p}` needs it");
                }
                for a in &r.alternatives {
                    let _ = write!(line, "\n      instead of {}: {}", a.resource, a.reason);
                }
                line
            })
            .collect()
    };
    section("learning", resources(&p.learning));
    section("practice", resources(&p.practice));
    section(
        "later (over the learning-hours budget)",
        resources(&p.later),
    );
    section(
        "mentors",
        p.mentors
            .iter()
            .map(|m| {
                let mut line = format!(
                    "{} for {}: {}\n      because {}",
                    m.mentor,
                    m.competency,
                    m.reason,
                    because(&m.why)
                );
                for a in &m.alternatives {
                    let _ = write!(line, "\n      instead of {}: {}", a.resource, a.reason);
                }
                line
            })
            .collect(),
    );
    section(
        "mentor requests not met",
        p.unmet_mentor_requests
            .iter()
            .map(|u| {
                format!(
                    "{}: {}\n      because {}",
                    u.competency,
                    u.reason,
                    because(&u.why)
                )
            })
            .collect(),
    );
    section(
        "dialogue",
        p.dialogue
            .iter()
            .map(|d| {
                format!(
                    "{} ({} questions)\n      because {}",
                    d.guide,
                    d.questions.len(),
                    because(&d.why)
                )
            })
            .collect(),
    );
    section(
        "flags",
        p.flags
            .iter()
            .map(|f| format!("{}\n      because {}", f.flag, because(&f.why)))
            .collect(),
    );
    section("errors", p.errors.clone());
    out
}
