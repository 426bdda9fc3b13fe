//! Plans written out: one JSON file per employee, one combined JSON, and a CSV action list
//! an HR system can import back.

use super::Plan;
use super::tracking::execution_rates;
use serde::Serialize;

/// A file name for a talent id that is safe on every file system and cannot leave its
/// folder: letters, digits, `-` and `_` are kept, anything else is hex-escaped.
pub fn file_name(talent_id: &str) -> String {
    let mut out = String::new();
    for c in talent_id.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("~{b:02x}"));
            }
        }
    }
    if out.is_empty() { "~".into() } else { out }
}

/// Execution of the previous cycle's actions, per manager and per team.
#[derive(Debug, Serialize)]
pub struct Execution {
    pub by_manager: Vec<Rate>,
    pub by_team: Vec<Rate>,
}

#[derive(Debug, Serialize)]
pub struct Rate {
    pub key: String,
    pub done: usize,
    pub actions: usize,
    pub rate: Option<f64>,
}

fn rates(map: std::collections::BTreeMap<String, (usize, usize)>) -> Vec<Rate> {
    map.into_iter()
        .map(|(key, (done, actions))| Rate {
            key,
            done,
            actions,
            rate: (actions > 0).then(|| done as f64 / actions as f64),
        })
        .collect()
}

#[derive(Serialize)]
struct Combined<'a> {
    format: &'static str,
    cycle: &'a str,
    execution: Execution,
    plans: &'a [Plan],
}

/// One employee's plan as JSON.
pub fn plan_json(plan: &Plan) -> String {
    let mut text = serde_json::to_string_pretty(plan).unwrap_or_default();
    text.push('\n');
    text
}

/// All plans of a cycle as one JSON document, with execution rates per manager and team,
/// written as it is serialised (a large org's document is never held whole in memory).
pub fn write_combined(
    w: impl std::io::Write,
    cycle: &str,
    plans: &[Plan],
) -> serde_json::Result<()> {
    let combined = Combined {
        format: "talentloop/plans",
        cycle,
        execution: Execution {
            by_manager: rates(execution_rates(plans, |p| p.manager.as_deref())),
            by_team: rates(execution_rates(plans, |p| p.team.as_deref())),
        },
        plans,
    };
    // Compact: the combined file is for tools, and pretty printing doubles its size.
    serde_json::to_writer(w, &combined)
}

/// [`write_combined`] into a string.
pub fn combined_json(cycle: &str, plans: &[Plan]) -> String {
    let mut buf = Vec::new();
    let _ = write_combined(&mut buf, cycle, plans);
    buf.push(b'\n');
    String::from_utf8(buf).unwrap_or_default()
}

/// The development action list as CSV: one row per action, with an empty `status` and
/// `agreed_on` for the dialogue outcome to be recorded in the HR system and read back.
pub fn write_actions_csv(w: impl std::io::Write, plans: &[Plan]) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(w);
    w.write_record([
        "action_id",
        "talent_id",
        "name",
        "cycle",
        "kind",
        "competency",
        "resource",
        "mentor",
        "text",
        "rule",
        "status",
        "agreed_on",
    ])?;
    for p in plans {
        for a in &p.actions {
            w.write_record([
                a.id.as_str(),
                &p.talent_id,
                p.name.as_deref().unwrap_or(""),
                &p.cycle,
                a.kind,
                a.competency.as_deref().unwrap_or(""),
                a.resource.as_deref().unwrap_or(""),
                a.mentor.as_deref().unwrap_or(""),
                &a.text,
                &a.rule,
                "",
                "",
            ])?;
        }
    }
    w.flush()?;
    Ok(())
}

/// [`write_actions_csv`] into a string.
pub fn actions_csv(plans: &[Plan]) -> String {
    let mut buf = Vec::new();
    let _ = write_actions_csv(&mut buf, plans);
    String::from_utf8(buf).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn file_names_cannot_escape_or_collide_with_separators() {
        assert_eq!(file_name("S1001"), "S1001");
        assert_eq!(file_name("../../x"), "~2e~2e~2f~2e~2e~2fx");
        assert_eq!(file_name(""), "~");
        assert!(!file_name("a/b\\c").contains(['/', '\\']));
    }
}
