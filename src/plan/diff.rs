//! What a change to the rules or the model does to people: two sets of plans for the same
//! data compared, as counts, rules firing more or less often, items appearing or
//! disappearing, and example employees.

use super::Plan;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// How many example employees a change lists.
const EXAMPLES: usize = 5;

/// The items of a plan that a change can add or remove, as comparable strings.
fn items(p: &Plan) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for d in &p.development_points {
        out.insert(format!(
            "development point: {} → {}",
            d.competency, d.target_level
        ));
    }
    for (what, list) in [
        ("learning", &p.learning),
        ("practice", &p.practice),
        ("later", &p.later),
    ] {
        for r in list {
            out.insert(format!("{what}: {}", r.resource));
        }
    }
    for m in &p.mentors {
        out.insert(format!("mentor: {} for {}", m.mentor, m.competency));
    }
    for u in &p.unmet_mentor_requests {
        out.insert(format!("unmet mentor request: {}", u.competency));
    }
    for d in &p.dialogue {
        out.insert(format!("dialogue: {}", d.guide));
    }
    for f in &p.flags {
        out.insert(format!("flag: {}", f.flag));
    }
    for n in &p.notes {
        out.insert(format!("note: {}", n.text));
    }
    for e in &p.errors {
        out.insert(format!("evaluation error: {e}"));
    }
    out
}

/// The rules behind a plan's items.
fn rules(p: &Plan) -> BTreeSet<String> {
    let whys = p
        .development_points
        .iter()
        .flat_map(|d| &d.why)
        .chain(
            p.learning
                .iter()
                .chain(&p.practice)
                .chain(&p.later)
                .flat_map(|r| &r.why),
        )
        .chain(p.mentors.iter().flat_map(|m| &m.why))
        .chain(p.unmet_mentor_requests.iter().flat_map(|m| &m.why))
        .chain(p.dialogue.iter().flat_map(|d| &d.why))
        .chain(p.flags.iter().flat_map(|f| &f.why))
        .chain(p.notes.iter().flat_map(|n| &n.why));
    whys.map(|w| format!("{}/{}", w.rule_set, w.rule)).collect()
}

/// A change in how many employees something concerns.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Count {
    pub what: String,
    pub before: usize,
    pub after: usize,
    /// Some of the employees it was added for or removed from.
    pub examples: Vec<String>,
}

/// The effect of a change on the plans.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Diff {
    pub cycle: String,
    pub employees: usize,
    /// Employees whose plan changed, sorted.
    pub changed: Vec<String>,
    /// Employees only in one of the two.
    pub only_before: Vec<String>,
    pub only_after: Vec<String>,
    pub rules: Vec<Count>,
    pub items: Vec<Count>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.only_before.is_empty() && self.only_after.is_empty()
    }
}

/// Compares the plans before and after a change (each sorted by talent id).
pub fn diff(cycle: &str, before: &[Plan], after: &[Plan]) -> Diff {
    let b: BTreeMap<&str, &Plan> = before.iter().map(|p| (p.talent_id.as_str(), p)).collect();
    let a: BTreeMap<&str, &Plan> = after.iter().map(|p| (p.talent_id.as_str(), p)).collect();
    let mut out = Diff {
        cycle: cycle.to_owned(),
        employees: a.len(),
        only_before: b
            .keys()
            .filter(|k| !a.contains_key(*k))
            .map(|k| (*k).to_owned())
            .collect(),
        only_after: a
            .keys()
            .filter(|k| !b.contains_key(*k))
            .map(|k| (*k).to_owned())
            .collect(),
        ..Diff::default()
    };
    // (thing) -> (count before, count after, employees where it changed)
    let mut rule_counts: BTreeMap<String, (usize, usize, Vec<String>)> = BTreeMap::new();
    let mut item_counts: BTreeMap<String, (usize, usize, Vec<String>)> = BTreeMap::new();
    let tally = |map: &mut BTreeMap<String, (usize, usize, Vec<String>)>,
                 old: &BTreeSet<String>,
                 new: &BTreeSet<String>,
                 who: &str| {
        for k in old {
            map.entry(k.clone()).or_default().0 += 1;
        }
        for k in new {
            map.entry(k.clone()).or_default().1 += 1;
        }
        for k in old.symmetric_difference(new) {
            let e = map.entry(k.clone()).or_default();
            if e.2.len() < EXAMPLES {
                e.2.push(who.to_owned());
            }
        }
    };
    let empty = BTreeSet::new();
    let ids: BTreeSet<&str> = b.keys().chain(a.keys()).copied().collect();
    for id in ids {
        let (old, new) = (b.get(id), a.get(id));
        let (oi, ni) = (old.map(|p| items(p)), new.map(|p| items(p)));
        let (or, nr) = (old.map(|p| rules(p)), new.map(|p| rules(p)));
        // A plan changed when anything in it differs, reasons and explanations included.
        if let (Some(o), Some(n)) = (old, new)
            && serde_json::to_value(o).ok() != serde_json::to_value(n).ok()
        {
            out.changed.push(id.to_owned());
        }
        tally(
            &mut item_counts,
            oi.as_ref().unwrap_or(&empty),
            ni.as_ref().unwrap_or(&empty),
            id,
        );
        tally(
            &mut rule_counts,
            or.as_ref().unwrap_or(&empty),
            nr.as_ref().unwrap_or(&empty),
            id,
        );
    }
    let changes = |map: BTreeMap<String, (usize, usize, Vec<String>)>| -> Vec<Count> {
        map.into_iter()
            .filter(|(_, (b, a, ex))| b != a || !ex.is_empty())
            .map(|(what, (before, after, examples))| Count {
                what,
                before,
                after,
                examples,
            })
            .collect()
    };
    out.rules = changes(rule_counts);
    out.items = changes(item_counts);
    out
}

/// The diff as text for a terminal, or as Markdown for a pull-request comment.
pub fn render(d: &Diff, markdown: bool) -> String {
    let mut out = String::new();
    let heading = |out: &mut String, text: &str| {
        if markdown {
            let _ = writeln!(out, "\n### {text}\n");
        } else {
            let _ = writeln!(out, "\n{text}:");
        }
    };
    if markdown {
        let _ = writeln!(out, "## Effect on development plans ({})", d.cycle);
    }
    let _ = writeln!(out, "{} of {} plans change", d.changed.len(), d.employees);
    if d.is_empty() {
        return out;
    }
    if !d.changed.is_empty() {
        let shown: Vec<&str> = d.changed.iter().take(20).map(String::as_str).collect();
        let more = d.changed.len().saturating_sub(shown.len());
        let _ = writeln!(
            out,
            "changed: {}{}",
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        );
    }
    for (title, list) in [
        ("rules firing for more or fewer employees", &d.rules),
        ("items appearing or disappearing", &d.items),
    ] {
        if list.is_empty() {
            continue;
        }
        heading(&mut out, title);
        if markdown {
            out.push_str("| what | before | after | e.g. |\n|---|---|---|---|\n");
        }
        for c in list {
            let examples = c.examples.join(", ");
            if markdown {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    c.what.replace('|', "\\|"),
                    c.before,
                    c.after,
                    examples
                );
            } else {
                let _ = writeln!(
                    out,
                    "  {}: {} → {} (e.g. {examples})",
                    c.what, c.before, c.after
                );
            }
        }
    }
    out
}
