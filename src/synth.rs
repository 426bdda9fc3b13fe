//! Synthetic orgs of any size, generated deterministically from a seed, for benchmarks and
//! demos. This is the one generator: [`model_files`] writes a model, [`demo_org`] adds
//! people and review exports of several cycles to it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// How large a synthetic model to generate.
#[derive(Debug, Clone, Copy)]
pub struct ModelSize {
    pub competencies: usize,
    pub roles: usize,
    pub resources: usize,
    /// Entries per generated file, so no single file grows beyond what an editor handles.
    pub per_file: usize,
}

/// The project file and model files `(relative path, YAML)` of a synthetic org.
pub fn model_files(size: ModelSize) -> Vec<(String, String)> {
    let mut files = vec![(
        "talentloop.yaml".to_owned(),
        "name: Synthetic org\ndefault_locale: en\nlocales: [en, zh-CN]\nratings:\n  overall: grade5\n  competency: grade5\n"
            .to_owned(),
    )];
    files.push((
        "models/scales.yaml".into(),
        "rating_scales:\n  - id: grade5\n    labels: [D, C, B, A, S]\n    to_level: {D: 1, C: 2, B: 3, A: 4, S: 5}\n".into(),
    ));
    files.push((
        "models/families.yaml".into(),
        "role_families:\n  - id: ladder\n    name: Ladder\n".into(),
    ));
    chunked(
        &mut files,
        "competencies",
        size.competencies,
        size.per_file,
        |out, i| {
            let _ = writeln!(
                out,
                "  - id: c{i:05}\n    name: {{en: Competency {i}, zh-CN: 能力{i}}}\n    category: cat{}\n    indicators:",
                i % 7
            );
            for level in 1..=5 {
                let _ = writeln!(
                    out,
                    "      {level}: [\"Shows behaviour {level} of competency {i}\"]"
                );
            }
        },
    );
    chunked(&mut files, "roles", size.roles, size.per_file, |out, i| {
        let _ = writeln!(out, "  - id: r{i:05}\n    name: Role {i}");
        if i < size.competencies.min(size.roles) / 2 {
            let _ = writeln!(out, "    family: ladder\n    rank: {}", i + 1);
        }
        if extends_previous(i) {
            let _ = writeln!(out, "    extends: r{:05}", i - 1);
        }
        let _ = writeln!(out, "    requires:");
        for (c, level, critical) in own_requirements(i, size.competencies) {
            let critical = if critical { ", critical: true" } else { "" };
            let _ = writeln!(out, "      c{c:05}: {{level: {level}{critical}}}");
        }
        if let Some((date, c, level)) = dated_change(i, size.competencies) {
            let _ = writeln!(
                out,
                "    changes:\n      - effective_from: {date}\n        requires:\n          c{c:05}: {{level: {level}}}"
            );
        }
    });
    chunked(
        &mut files,
        "resources",
        size.resources,
        size.per_file,
        |out, i| {
            let kinds = [
                "course",
                "micro_course",
                "practice",
                "shadowing",
                "project",
                "reading",
                "workshop",
            ];
            let c = i % size.competencies;
            let _ = writeln!(
                out,
                "  - id: res{i:05}\n    kind: {}\n    title: Resource {i}\n    hours: {}\n    targets:\n      - {{competency: c{c:05}, from: {}, to: 5}}",
                kinds[i % kinds.len()],
                1 + i % 12,
                1 + (i / size.competencies) % 4
            );
            if i >= size.competencies && i % 3 == 0 {
                let _ = writeln!(out, "    prerequisites: [res{:05}]", i - size.competencies);
            }
        },
    );
    files
}

/// The requirements role `i` states itself: `(competency index, level, critical)`.
fn own_requirements(i: usize, competencies: usize) -> impl Iterator<Item = (usize, u8, bool)> {
    (0..8).map(move |k| {
        (
            (i * 7 + k * 13) % competencies.max(1),
            2 + ((i + k) % 4) as u8,
            k == 0,
        )
    })
}

/// The dated requirement of the first two roles: one more level of their second
/// requirement, 6 and 9 months after the demo's last cycle (2026H1) ends, so the analytics'
/// forecast has gaps to list: `(effective_from, competency index, level)`.
fn dated_change(i: usize, competencies: usize) -> Option<(&'static str, usize, u8)> {
    let date = match i {
        0 => "2027-01-01",
        1 => "2027-04-01",
        _ => return None,
    };
    let (c, level, _) = own_requirements(i, competencies).nth(1)?;
    (level < 5).then_some((date, c, level + 1))
}

/// The resource whose completion truly raises its competency's level in a demo org: every
/// completion adds a level by the next review, where other resources add one only sometimes.
pub const PLANTED_RESOURCE: &str = "res00026";
// INVARIANT: resource `res{i}` targets competency `c{i % 40}`, so res00026 develops c00026.
/// The competency [`PLANTED_RESOURCE`] develops.
pub const PLANTED_COMPETENCY: &str = "c00026";

/// Whether role `i` extends role `i - 1` (chains of ten).
fn extends_previous(i: usize) -> bool {
    !i.is_multiple_of(10)
}

fn chunked(
    files: &mut Vec<(String, String)>,
    kind: &str,
    count: usize,
    per_file: usize,
    mut entry: impl FnMut(&mut String, usize),
) {
    let per_file = per_file.max(1);
    for (n, start) in (0..count).step_by(per_file).enumerate() {
        let mut out = format!("{kind}:\n");
        for i in start..(start + per_file).min(count) {
            entry(&mut out, i);
        }
        files.push((format!("models/{kind}-{n:03}.yaml"), out));
    }
}

/// How large a demo org to generate.
#[derive(Debug, Clone, Copy)]
pub struct DemoSize {
    pub people: usize,
    /// Half-year cycles, the last one being 2026H1.
    pub cycles: usize,
    pub seed: u64,
}

/// The model of every demo org: small enough to read, large enough to vary.
const DEMO_MODEL: ModelSize = ModelSize {
    competencies: 40,
    roles: 12,
    resources: 120,
    per_file: 100,
};

/// Competency ratings per person and cycle: reviews rate the critical competencies and
/// then the first others, as a real review form holds a dozen items, not every one.
const RATED_PER_REVIEW: usize = 10;

/// SplitMix64: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A uniform number in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
}

/// Each role's full requirements after `extends`: competency index to (level, critical).
fn effective_requirements(size: ModelSize) -> Vec<BTreeMap<usize, (u8, bool)>> {
    let mut out: Vec<BTreeMap<usize, (u8, bool)>> = Vec::with_capacity(size.roles);
    for i in 0..size.roles {
        let mut reqs = if i > 0 && extends_previous(i) {
            out[i - 1].clone()
        } else {
            BTreeMap::new()
        };
        for (c, level, critical) in own_requirements(i, size.competencies) {
            reqs.insert(c, (level, critical));
        }
        out.push(reqs);
    }
    out
}

/// The cycle ids of a demo: `cycles` half years ending with 2026H1.
fn demo_cycles(cycles: usize) -> Vec<(String, &'static str, &'static str)> {
    (0..cycles.max(1))
        .rev()
        .map(|back| {
            // Half years counted back from 2026H1.
            let half = 2026 * 2 - back as i64;
            let (year, h) = (half / 2, half % 2);
            let (start, end) = if h == 0 {
                ("01-01", "06-30")
            } else {
                ("07-01", "12-31")
            };
            (format!("{year}H{}", h + 1), start, end)
        })
        .collect()
}

/// A complete synthetic org: project file, model, `data/sources.yaml` and CSV exports of
/// every cycle, as `(relative path, bytes)`. The same size and seed give the same bytes.
///
/// People form a manager tree (eight reports each), hold roles by their depth, and have a
/// latent ability: competency levels scatter around their role's requirements by it,
/// overall ratings follow their levels, and learning completed in a cycle raises a level by
/// that cycle's review with noise, always for [`PLANTED_RESOURCE`]. The first two roles have
/// dated requirements after the last cycle (see `dated_change`).
pub fn demo_org(size: DemoSize) -> Vec<(String, Vec<u8>)> {
    let mut rng = Rng(size.seed ^ 0x7A1E_1700_D3E0_0001);
    let cycles = demo_cycles(size.cycles);
    let cycle_list: Vec<&str> = cycles.iter().map(|c| c.0.as_str()).collect();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    files.push((
        "talentloop.yaml".into(),
        format!(
            "# A synthetic org written by `talentloop demo-data`.\n# Completing res00026 always raises c00026 by the cycle's review; r00000 and r00001 raise a\n# requirement on 2027-01-01 and 2027-04-01.\nname: Demo org\ndefault_locale: en\nlocales: [en, zh-CN]\npaths:\n  models: models\n  rules: rules\n  data: data\nratings:\n  overall: grade5\n  goal: goal3\n  competency: grade5\ncycles: [{}]\n",
            cycle_list.join(", ")
        )
        .into_bytes(),
    ));
    files.extend(
        model_files(DEMO_MODEL)
            .into_iter()
            .skip(1)
            .map(|(p, t)| (p, t.into_bytes())),
    );
    let comps = DEMO_MODEL.competencies;
    let mut goals = String::from("goal_templates:\n");
    for g in 0..6 {
        let _ = writeln!(goals, "  - id: g{g}\n    name: Goal kind {g}\n    needs:");
        for k in 0..3 {
            let _ = writeln!(
                goals,
                "      - {{competency: c{:05}, level: {}{}}}",
                (g * 5 + k * 7) % comps,
                3 + (g + k) % 2,
                if k == 0 { ", critical: true" } else { "" }
            );
        }
    }
    // A template for the competencies nothing else needs, so no resource goes unused.
    let needed: std::collections::BTreeSet<usize> = effective_requirements(DEMO_MODEL)
        .iter()
        .flat_map(|r| r.keys().copied())
        .chain((0..6).flat_map(|g| (0..3).map(move |k| (g * 5 + k * 7) % comps)))
        .collect();
    let rest: Vec<usize> = (0..comps).filter(|c| !needed.contains(c)).collect();
    if !rest.is_empty() {
        goals.push_str("  - id: g_broad\n    name: Broad goal\n    needs:\n");
        for c in rest {
            let _ = writeln!(goals, "      - {{competency: c{c:05}, level: 3}}");
        }
    }
    goals.push_str("rating_scales:\n  - id: goal3\n    labels: [missed, met, exceeded]\n");
    files.push(("models/goals.yaml".into(), goals.into_bytes()));
    files.push((
        "models/development.yaml".into(),
        demo_development(size.people).into_bytes(),
    ));
    files.extend(
        demo_rules(DEMO_RULES)
            .into_iter()
            .map(|(p, t)| (p, t.into_bytes())),
    );

    let reqs = effective_requirements(DEMO_MODEL);
    let n = size.people.max(1);
    let width = n.to_string().len().max(4);
    let id = |i: usize| format!("P{i:0width$}");
    // Depth in the manager tree decides the role: the root leads, leaves are entry level.
    let depth = |mut i: usize| {
        let mut d = 0;
        while i > 0 {
            i = (i - 1) / 8;
            d += 1;
        }
        d
    };
    let max_depth = depth(n - 1);
    struct P {
        role: usize,
        ability: f64,
        levels: BTreeMap<usize, i64>,
        hire: (i32, u32, u32),
    }
    let mut people: Vec<P> = (0..n)
        .map(|i| {
            let from_top = max_depth - depth(i);
            // Ladder roles r00000-r00005 by depth; a fifth sit in the off-ladder roles.
            let role = if i > 0 && rng.chance(0.2) {
                6 + rng.below(DEMO_MODEL.roles - 6)
            } else {
                from_top.min(5)
            };
            let ability = rng.unit() * 2.0 - 1.0;
            let levels = reqs[role]
                .iter()
                .map(|(c, (req, _))| {
                    let noise = rng.unit() * 2.0 - 1.0;
                    (
                        *c,
                        (f64::from(*req) + ability + noise).round().clamp(1.0, 5.0) as i64,
                    )
                })
                .collect();
            let hire = (
                2012 + rng.below(12) as i32,
                1 + rng.below(12) as u32,
                1 + rng.below(28) as u32,
            );
            P {
                role,
                ability,
                levels,
                hire,
            }
        })
        .collect();

    let mut people_csv =
        String::from("employee_id,name,email,role,team,manager_id,hire_date,lms_id\n");
    for (i, p) in people.iter().enumerate() {
        let manager = if i == 0 {
            String::new()
        } else {
            id((i - 1) / 8)
        };
        let team = if i == 0 { 0 } else { 1 + (i - 1) / 64 };
        let _ = writeln!(
            people_csv,
            "{},Person {i},{}@demo.example,r{:05},team{team:04},{manager},{:04}-{:02}-{:02},lms-{:x}",
            id(i),
            id(i).to_lowercase(),
            p.role,
            p.hire.0,
            p.hire.1,
            p.hire.2,
            i * 7919 + 17
        );
    }
    files.push(("data/people.csv".into(), people_csv.into_bytes()));

    let grades = ["D", "C", "B", "A", "S"];
    let goal_labels = ["missed", "met", "exceeded"];
    for (k, (cycle, start, _end)) in cycles.iter().enumerate() {
        let year = &cycle[..4];
        let mut reviews = String::from("employee_id,item_kind,item,rating,reviewer\n");
        let mut goals = String::from("goal_id,employee_id,title,template,weight,result\n");
        let mut learning = String::from("learner,resource,status,completed_on,hours\n");
        let mut dialogues = String::from(
            "date,employee_id,manager_id,action_id,action,competency,due,status,mentor\n",
        );
        for (i, p) in people.iter_mut().enumerate() {
            let reviewer = if i == 0 {
                String::new()
            } else {
                id((i - 1) / 8)
            };
            let role_reqs = &reqs[p.role];
            // Learning first: up to two resources on the largest gaps; a completion raises the level
            // by this cycle's review, always for the planted resource, else with noise.
            let mut gaps: Vec<(i64, usize)> = role_reqs
                .iter()
                .map(|(c, (req, _))| (i64::from(*req) - p.levels.get(c).copied().unwrap_or(1), *c))
                .filter(|(g, _)| *g > 0)
                .collect();
            gaps.sort_by(|a, b| b.cmp(a));
            for (_, c) in gaps.into_iter().take(rng.below(3)) {
                // Resources of competency c are res{c}, res{c+40}, res{c+80}.
                // Whoever learns the planted resource's competency takes the planted resource.
                let pick = rng.below(3);
                let res = if format!("c{c:05}") == PLANTED_COMPETENCY {
                    c
                } else {
                    c + comps * pick
                };
                let done = rng.chance(0.75);
                let day = 1 + rng.below(28);
                let month = start[..2].parse::<usize>().unwrap_or(1) + rng.below(6);
                let _ = writeln!(
                    learning,
                    "lms-{:x},res{res:05},{},{year}-{month:02}-{day:02},{}",
                    i * 7919 + 17,
                    if done { "completed" } else { "in_progress" },
                    1 + res % 12
                );
                if done && (format!("res{res:05}") == PLANTED_RESOURCE || rng.chance(0.4)) {
                    let l = p.levels.entry(c).or_insert(1);
                    *l = (*l + 1).min(5);
                }
            }
            let mean_gap: f64 = role_reqs
                .iter()
                .map(|(c, (req, _))| {
                    (p.levels.get(c).copied().unwrap_or(1) - i64::from(*req)) as f64
                })
                .sum::<f64>()
                / role_reqs.len().max(1) as f64;
            let overall = (2.0 + mean_gap + p.ability * 0.5 + rng.unit() - 0.5)
                .round()
                .clamp(0.0, 4.0) as usize;
            let _ = writeln!(reviews, "{},overall,,{},{reviewer}", id(i), grades[overall]);
            let mut rated: Vec<(usize, bool)> =
                role_reqs.iter().map(|(c, (_, crit))| (*c, *crit)).collect();
            rated.sort_by_key(|(c, crit)| (!crit, *c));
            for (c, _) in rated.into_iter().take(RATED_PER_REVIEW) {
                let level = p.levels.get(&c).copied().unwrap_or(1).clamp(1, 5) as usize;
                let _ = writeln!(
                    reviews,
                    "{},competency,c{c:05},{},{reviewer}",
                    id(i),
                    grades[level - 1]
                );
            }
            for g in 0..2 {
                let template = rng.below(6);
                let result =
                    ((1.0 + p.ability + rng.unit() - 0.5).round().clamp(0.0, 2.0)) as usize;
                let _ = writeln!(
                    goals,
                    "{}-{cycle}-{g},{},Goal {g} of {},g{template},{},{}",
                    id(i),
                    id(i),
                    id(i),
                    if g == 0 { 60 } else { 40 },
                    goal_labels[result]
                );
            }
            if rng.chance(0.7) {
                let month = start[..2].parse::<usize>().unwrap_or(1) + 1 + rng.below(4);
                let manager = reviewer.clone();
                let c = p
                    .levels
                    .keys()
                    .nth(rng.below(p.levels.len()))
                    .copied()
                    .unwrap_or(0);
                let mentor = if rng.chance(0.1) {
                    id(rng.below(n.min(8)))
                } else {
                    String::new()
                };
                let status = if k + 1 == cycles.len() {
                    "open"
                } else if rng.chance(0.7) {
                    "done"
                } else {
                    "in_progress"
                };
                let _ = writeln!(
                    dialogues,
                    "{year}-{month:02}-15,{},{manager},A-{}-{cycle},Practise competency {c},c{c:05},{year}-{:02}-28,{status},{mentor}",
                    id(i),
                    id(i),
                    (month + 2).min(12),
                );
            }
            // Levels drift a little between cycles.
            if rng.chance(0.2) {
                let c = p
                    .levels
                    .keys()
                    .nth(rng.below(p.levels.len()))
                    .copied()
                    .unwrap_or(0);
                if let Some(l) = p.levels.get_mut(&c) {
                    *l = (*l + if rng.chance(0.5) { 1 } else { -1 }).clamp(1, 5);
                }
            }
        }
        files.push((format!("data/{cycle}/reviews.csv"), reviews.into_bytes()));
        files.push((format!("data/{cycle}/goals.csv"), goals.into_bytes()));
        files.push((format!("data/{cycle}/learning.csv"), learning.into_bytes()));
        files.push((
            format!("data/{cycle}/dialogues.csv"),
            dialogues.into_bytes(),
        ));
    }
    files.push(("data/sources.yaml".into(), DEMO_SOURCES.as_bytes().to_vec()));
    for (name, text) in crate::model::schema::all() {
        files.push((format!("schemas/{name}"), text.into_bytes()));
    }
    files
}

/// The demo's `sources.yaml`: one shared roster, four exports per cycle folder.
const DEMO_SOURCES: &str = "\
# yaml-language-server: $schema=../schemas/sources.schema.json
# How the demo's exports map onto talentloop's records (written by `talentloop demo-data`).
people:
  - files: people.csv
    format: csv
    columns:
      talent_id: employee_id
      name: name
      email: email
      role: role
      team: team
      manager: manager_id
      hire_date: hire_date
      aliases: [lms_id]
reviews:
  - files: \"{cycle}/reviews.csv\"
    format: csv
    columns: {employee: employee_id, kind: item_kind, item: item, rating: rating, reviewer: reviewer}
goals:
  - files: \"{cycle}/goals.csv\"
    format: csv
    columns: {goal_id: goal_id, employee: employee_id, title: title, template: template, weight: weight, rating: result}
learning:
  - files: \"{cycle}/learning.csv\"
    format: csv
    columns: {person: learner, resource: resource, status: status, date: completed_on, hours: hours}
dialogues:
  - files: \"{cycle}/dialogues.csv\"
    format: csv
    columns: {date: date, employee: employee_id, manager: manager_id, action_id: action_id, action: action, competency: competency, due: due, status: status, mentor: mentor}
";

/// Rules of a demo org by default; benches ask [`demo_rules`] for more.
pub const DEMO_RULES: usize = 30;

/// Mentors (the first people of the tree, who lead and so hold high levels) and one
/// dialogue guide per situation, for a demo org of `people`.
fn demo_development(people: usize) -> String {
    let width = people.max(1).to_string().len().max(4);
    let comps = DEMO_MODEL.competencies;
    let mut out = String::from("mentors:\n");
    for i in 0..people.clamp(1, 60) {
        let _ = writeln!(
            out,
            "  - talent_id: P{i:0width$}\n    capacity: {}\n    coaches:",
            2 + i % 3
        );
        for k in 0..4 {
            let _ = writeln!(
                out,
                "      - {{competency: c{:05}, level: 5}}",
                (i * 11 + k * 7) % comps
            );
        }
    }
    out.push_str("dialogue_guides:\n");
    for s in [
        "rating_drop",
        "large_gap",
        "high_performer",
        "stalled_learning",
        "new_in_role",
        "general",
    ] {
        let _ = writeln!(
            out,
            "  - id: {s}\n    situation: {s}\n    questions:\n      - What helped most this cycle?\n      - What should we try next?"
        );
    }
    out
}

/// `count` learning-trigger rules over a demo model: about nine in ten per competency
/// (`collect`), the rest per employee (`rule_order`), with thresholds that vary by rule so
/// no two are alike.
pub fn demo_rules(count: usize) -> Vec<(String, String)> {
    let employee_rules = (count / 10).max(1);
    let competency_rules = count.saturating_sub(employee_rules);
    let mut comp = String::from(
        "id: gaps\ntitle: Competency gaps\nscope: competency\nhit_policy: collect\nrules:\n",
    );
    for i in 0..competency_rules {
        // Each pattern comes in variants narrowed to one category and required level, with
        // actions that differ by variant, so no two rules are alike or cover each other.
        let (pattern, v) = (i % 7, i / 7);
        let narrow = if v == 0 {
            String::new()
        } else {
            format!(
                " and category == cat{} and required == {}",
                v % 7,
                2 + (v / 7) % 4
            )
        };
        let hours = 8 + v % 40;
        let (when, then) = match pattern {
            0 => (
                format!("critical and gap >= 2{narrow}"),
                format!(
                    "      - develop: {{}}\n      - recommend: {{levels: to_required, max_hours: {hours}}}\n      - mentor: {{}}\n"
                ),
            ),
            1 => (
                format!("gap == 1{narrow}"),
                format!(
                    "      - develop: {{}}\n      - recommend: {{limit: 1, max_hours: {hours}}}\n"
                ),
            ),
            2 => (
                format!("level is missing{narrow}"),
                format!("      - note: {{text: \"{{competency}} is not assessed yet ({i})\"}}\n"),
            ),
            3 => (
                format!("completed_for >= 1 and trend <= 0{narrow}"),
                format!(
                    "      - mentor: {{}}\n      - dialogue: {{situation: stalled_learning}}\n      - note: {{text: \"rule {i}\"}}\n"
                ),
            ),
            4 => (
                format!("gap >= 1 and goal_requires{narrow}"),
                format!("      - recommend: {{levels: to_required, max_hours: {hours}}}\n"),
            ),
            5 => (
                format!("gap >= 2 and not critical{narrow}"),
                format!("      - practice: {{}}\n      - note: {{text: \"rule {i}\"}}\n"),
            ),
            _ => (
                format!("trend >= 1{narrow}"),
                format!("      - note: {{text: \"{{competency}} rose to {{level}} ({i})\"}}\n"),
            ),
        };
        let _ = write!(
            comp,
            "  - id: c{i:03}\n    title: Competency rule {i}\n    when: \"{when}\"\n    then:\n{then}"
        );
    }
    let mut emp = String::from(
        "id: signals\ntitle: Performance signals\nscope: employee\nhit_policy: rule_order\nrules:\n",
    );
    let labels = ["D", "C", "B", "A", "S"];
    for i in 0..employee_rules {
        let (when, then) = match i % 5 {
            0 => (
                "rating(overall) - previous_rating(overall) < 0".to_owned(),
                "      - dialogue: {situation: rating_drop}\n      - flag: {flag: needs_attention}\n",
            ),
            1 => (
                format!(
                    "rating(overall) >= {} and count_gaps(at_least: 1) == 0 and unassessed == 0",
                    labels[3 + (i / 5) % 2]
                ),
                "      - flag: {flag: high_potential}\n      - dialogue: {situation: high_performer}\n",
            ),
            2 => (
                format!("tenure_months < {}mo", 6 + (i / 5) % 6),
                "      - dialogue: {situation: new_in_role}\n",
            ),
            3 => (
                format!("open_actions >= {}", 3 + (i / 5) % 4),
                "      - flag: {flag: needs_attention}\n",
            ),
            _ => (
                format!(
                    "learning_hours < {} and count_gaps(at_least: 2) >= 1",
                    4 + (i / 5) % 8
                ),
                "      - dialogue: {situation: large_gap}\n",
            ),
        };
        let _ = write!(
            emp,
            "  - id: e{i:03}\n    title: Employee rule {i}\n    when: \"{when}\"\n    then:\n{then}"
        );
    }
    vec![
        ("rules/gaps.yaml".into(), comp),
        ("rules/signals.yaml".into(), emp),
    ]
}
