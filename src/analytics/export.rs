//! The analytics as files: `analytics.json`, one CSV per table, and the input tables the
//! figures are computed from. Suppressed figures are empty cells with `_suppressed` true;
//! every figure has its `_n` column.

use super::Inputs;
use super::input::PersonInput;
use super::nine_box::{parts, potential};
use super::types::*;

/// The analytics as pretty JSON.
pub fn json(a: &Analytics) -> String {
    let mut s = serde_json::to_string_pretty(a).unwrap_or_default();
    s.push('\n');
    s
}

/// A CSV table being written: rows go straight into the CSV text.
struct Table {
    w: csv::Writer<Vec<u8>>,
}

fn opt<T: ToString>(x: Option<T>) -> String {
    x.map_or_else(String::new, |x| x.to_string())
}

fn text(x: &Option<String>) -> String {
    x.clone().unwrap_or_default()
}

/// The header cells of a figure.
fn fig_head(name: &str) -> Vec<String> {
    vec![
        name.to_owned(),
        format!("{name}_n"),
        format!("{name}_suppressed"),
    ]
}

fn fig(f: &Figure) -> Vec<String> {
    vec![opt(f.value), f.n.to_string(), f.suppressed.to_string()]
}

impl Table {
    fn new(plain: &[&str], figures: &[&str], after: &[&str]) -> Table {
        let mut header: Vec<String> = plain.iter().map(|s| (*s).to_owned()).collect();
        header.extend(figures.iter().flat_map(|f| fig_head(f)));
        header.extend(after.iter().map(|s| (*s).to_owned()));
        let mut w = csv::Writer::from_writer(Vec::new());
        // Writing into memory cannot fail.
        let _ = w.write_record(&header);
        Table { w }
    }

    fn push(&mut self, plain: Vec<String>, figures: &[&Figure], after: Vec<String>) {
        let mut row = plain;
        row.extend(figures.iter().flat_map(|f| fig(f)));
        row.extend(after);
        let _ = self.w.write_record(&row);
    }

    fn csv(self) -> String {
        let bytes = self.w.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

fn heatmap(h: &Heatmap, group: &str) -> Table {
    let mut t = Table::new(
        &[group, "competency"],
        &["share_below", "mean_gap"],
        &["unassessed"],
    );
    for c in &h.cells {
        t.push(
            vec![c.group.clone(), c.competency.clone()],
            &[&c.share_below, &c.mean_gap],
            vec![c.unassessed.to_string()],
        );
    }
    t
}

fn shortages(a: &Analytics) -> Table {
    let mut t = Table::new(
        &["rank", "competency"],
        &["share_below", "mean_gap", "below", "critical_below"],
        &["roles"],
    );
    for s in &a.gaps.shortages {
        t.push(
            vec![s.rank.to_string(), s.competency.clone()],
            &[&s.share_below, &s.mean_gap, &s.below, &s.critical_below],
            vec![s.roles.join(";")],
        );
    }
    t
}

fn nine_box(a: &Analytics) -> Table {
    let mut t = Table::new(&["performance", "potential"], &["people"], &["talent_ids"]);
    for b in &a.nine_box.boxes {
        t.push(
            vec![b.performance.as_str().into(), b.potential.as_str().into()],
            &[&b.people],
            vec![b.talent_ids.join(";")],
        );
    }
    t
}

fn high_potential(a: &Analytics) -> Table {
    let mut t = Table::new(
        &[
            "talent_id",
            "name",
            "team",
            "role",
            "performance",
            "potential",
            "growth",
            "learning_speed",
            "breadth",
        ],
        &[],
        &[],
    );
    for p in &a.nine_box.high_potential {
        t.push(
            vec![
                p.talent_id.clone(),
                text(&p.name),
                text(&p.team),
                text(&p.role),
                p.performance.to_string(),
                p.potential.to_string(),
                opt(p.parts.growth),
                opt(p.parts.learning_speed),
                opt(p.parts.breadth),
            ],
            &[],
            vec![],
        );
    }
    t
}

fn pilot(a: &Analytics) -> Table {
    let mut t = Table::new(
        &["team", "people"],
        &[
            "dialogue_coverage",
            "execution_rate",
            "participation",
            "learning_hours",
            "learning_hours_mean",
            "goals_met",
            "rating_change",
            "level_change",
        ],
        &[],
    );
    for r in std::iter::once(&a.pilot.org).chain(&a.pilot.teams) {
        t.push(
            vec![text(&r.team), r.people.to_string()],
            &[
                &r.dialogue_coverage,
                &r.execution_rate,
                &r.participation,
                &r.learning_hours,
                &r.learning_hours_mean,
                &r.goals_met,
                &r.rating_change,
                &r.level_change,
            ],
            vec![],
        );
    }
    t
}

fn effects(a: &Analytics) -> Table {
    let mut t = Table::new(
        &[
            "resource",
            "competency",
            "completers",
            "comparison",
            "strata",
        ],
        &["completer_change", "comparison_change", "effect"],
        &["effect_ci_low", "effect_ci_high", "df"],
    );
    for e in &a.learning_effect.effects {
        t.push(
            vec![
                e.resource.clone(),
                e.competency.clone(),
                e.completers.to_string(),
                e.comparison.to_string(),
                e.strata.to_string(),
            ],
            &[&e.completer_change, &e.comparison_change, &e.effect],
            vec![
                opt(e.effect.ci.map(|c| c[0])),
                opt(e.effect.ci.map(|c| c[1])),
                opt(e.df),
            ],
        );
    }
    t
}

fn correlations(a: &Analytics) -> Table {
    let mut t = Table::new(
        &["x", "y"],
        &["pearson", "spearman"],
        &["pearson_p", "spearman_p"],
    );
    for c in &a.learning_effect.correlations {
        t.push(
            vec![c.x.clone(), c.y.clone()],
            &[&c.pearson, &c.spearman],
            vec![opt(c.pearson.p), opt(c.spearman.p)],
        );
    }
    t
}

fn speed(a: &Analytics) -> Table {
    let mut t = Table::new(
        &["team", "cycle"],
        &["levels_gained", "learning_hours", "speed"],
        &[],
    );
    let s = &a.learning_speed;
    for r in std::iter::once(&s.org).chain(&s.teams) {
        for p in &r.cycles {
            t.push(
                vec![text(&r.team), p.cycle.clone()],
                &[&p.levels_gained, &p.learning_hours, &p.speed],
                vec![],
            );
        }
        let none = Figure::new(None, r.overall.n, a.min_group_size);
        t.push(
            vec![text(&r.team), "all".into()],
            &[&none, &none, &r.overall],
            vec![],
        );
    }
    t
}

fn forecast(a: &Analytics) -> Table {
    let mut t = Table::new(
        &[
            "role",
            "competency",
            "effective_from",
            "months_ahead",
            "required_now",
            "required_then",
            "critical",
            "people",
        ],
        &["opening", "already_below", "unassessed"],
        &[],
    );
    for w in &a.forecast.warnings {
        t.push(
            vec![
                w.role.clone(),
                w.competency.clone(),
                w.effective_from.to_string(),
                w.months_ahead.to_string(),
                opt(w.required_now),
                w.required_then.to_string(),
                w.critical.to_string(),
                w.people.to_string(),
            ],
            &[&w.opening, &w.already_below, &w.unassessed],
            vec![],
        );
    }
    t
}

fn maturity(a: &Analytics) -> Table {
    let mut t = Table::new(
        &["team", "people"],
        &[
            "integration",
            "culture",
            "linked_review",
            "competency_data",
            "learning_data",
            "learning_resolved",
            "dialogue_coverage",
            "execution_rate",
        ],
        &["quadrant"],
    );
    for p in std::iter::once(&a.maturity.org).chain(&a.maturity.teams) {
        t.push(
            vec![text(&p.team), p.people.to_string()],
            &[
                &p.integration,
                &p.culture,
                &p.linked_review,
                &p.competency_data,
                &p.learning_data,
                &p.learning_resolved,
                &p.dialogue_coverage,
                &p.execution_rate,
            ],
            vec![opt(p.quadrant.map(Quadrant::key))],
        );
    }
    t
}

fn dictionary(a: &Analytics) -> Table {
    let mut t = Table::new(
        &[
            "source",
            "field",
            "meaning_en",
            "meaning_zh",
            "file",
            "column",
            "rows",
            "with_value",
            "coverage",
        ],
        &[],
        &[],
    );
    for d in &a.data_dictionary {
        t.push(
            vec![
                d.source.clone(),
                d.field.clone(),
                d.meaning_en.clone(),
                d.meaning_zh.clone(),
                d.file.clone(),
                d.column.clone(),
                d.rows.to_string(),
                d.with_value.to_string(),
                opt(d.coverage),
            ],
            &[],
            vec![],
        );
    }
    t
}

/// Every table of the analytics as (file name, CSV text).
pub fn tables(a: &Analytics) -> Vec<(&'static str, String)> {
    vec![
        ("gaps_by_team.csv", heatmap(&a.gaps.by_team, "team").csv()),
        ("gaps_by_role.csv", heatmap(&a.gaps.by_role, "role").csv()),
        ("shortages.csv", shortages(a).csv()),
        ("nine_box.csv", nine_box(a).csv()),
        ("high_potential.csv", high_potential(a).csv()),
        ("pilot.csv", pilot(a).csv()),
        ("learning_effect.csv", effects(a).csv()),
        ("correlations.csv", correlations(a).csv()),
        ("learning_speed.csv", speed(a).csv()),
        ("forecast.csv", forecast(a).csv()),
        ("maturity.csv", maturity(a).csv()),
        ("data_dictionary.csv", dictionary(a).csv()),
    ]
}

fn input_people(people: &[PersonInput], s: &Settings) -> Table {
    let mut t = Table::new(
        &[
            "talent_id",
            "team",
            "role",
            "rating_rank",
            "rating_top",
            "previous_rating_rank",
            "dialogue",
            "learning_records",
            "learning_ever",
            "learning_hours",
            "completed",
            "goals_rated",
            "goals_met",
            "actions_done",
            "actions_counted",
            "growth",
            "learning_speed",
            "breadth",
            "performance",
            "potential",
        ],
        &[],
        &[],
    );
    for p in people {
        let parts = parts(p);
        t.push(
            vec![
                p.talent_id.clone(),
                text(&p.team),
                text(&p.role),
                opt(p.rating_rank),
                opt(p.rating_top),
                opt(p.previous_rating_rank),
                p.dialogue.to_string(),
                p.learning_records.to_string(),
                p.learning_ever.to_string(),
                p.learning_hours.to_string(),
                p.completed.to_string(),
                p.goals_rated.to_string(),
                p.goals_met.to_string(),
                opt(p.actions_done),
                opt(p.actions_counted),
                opt(parts.growth),
                opt(parts.learning_speed),
                opt(parts.breadth),
                opt(p.performance()),
                opt(potential(&parts, s)),
            ],
            &[],
            vec![],
        );
    }
    t
}

fn input_competencies(people: &[PersonInput]) -> Table {
    let mut t = Table::new(
        &[
            "talent_id",
            "team",
            "role",
            "competency",
            "required",
            "critical",
            "level",
            "trend",
            "completed_in_cycle",
            "completed_before",
        ],
        &[],
        &[],
    );
    for p in people {
        for c in &p.competencies {
            t.push(
                vec![
                    p.talent_id.clone(),
                    text(&p.team),
                    text(&p.role),
                    c.competency.to_string(),
                    c.required.to_string(),
                    c.critical.to_string(),
                    opt(c.level),
                    opt(c.trend),
                    c.completed_in_cycle().join(";"),
                    c.completed_before().join(";"),
                ],
                &[],
                vec![],
            );
        }
    }
    t
}

fn input_history(inputs: &Inputs) -> Table {
    let mut t = Table::new(
        &[
            "cycle",
            "talent_id",
            "team",
            "levels_gained",
            "changes_known",
            "learning_hours",
        ],
        &[],
        &[],
    );
    for h in &inputs.history {
        t.push(
            vec![
                h.cycle.clone(),
                h.talent_id.clone(),
                text(&h.team),
                h.levels_gained.to_string(),
                h.changes_known.to_string(),
                h.learning_hours.to_string(),
            ],
            &[],
            vec![],
        );
    }
    t
}

fn input_levels(people: &[PersonInput]) -> Table {
    let mut t = Table::new(&["talent_id", "role", "competency", "level"], &[], &[]);
    for p in people {
        for (c, l) in &p.levels {
            t.push(
                vec![p.talent_id.clone(), text(&p.role), c.clone(), opt(*l)],
                &[],
                vec![],
            );
        }
    }
    t
}

/// The input tables (HR's eyes only: one row per person) as (file name, CSV text).
pub fn input_tables(inputs: &Inputs, s: &Settings) -> Vec<(&'static str, String)> {
    vec![
        ("input_people.csv", input_people(&inputs.people, s).csv()),
        (
            "input_competencies.csv",
            input_competencies(&inputs.people).csv(),
        ),
        ("input_history.csv", input_history(inputs).csv()),
        (
            "input_forecast_levels.csv",
            input_levels(&inputs.people).csv(),
        ),
    ]
}
