//! The external decision-table benchmark (`tests/fixtures/bench/`, see its README): its
//! 500-row table translated into a talentloop rule set, its input generator, and its
//! checksum. Shared by the oracle test and the bench.

use std::collections::BTreeMap;
use std::path::Path;
use talentloop::model::{self, Input, OrgModel};
use talentloop::rules::check::RuleSet;
use talentloop::rules::facts::{CompetencyFacts, EmployeeFacts};
use talentloop::rules::{self, RuleFiles};
use talentloop::table::DecisionTable;

pub const CATEGORIES: [&str; 20] = [
    "sales",
    "sales",
    "sales",
    "service",
    "service",
    "service",
    "engineering",
    "engineering",
    "engineering",
    "engineering",
    "leadership",
    "leadership",
    "leadership",
    "compliance",
    "compliance",
    "operations",
    "operations",
    "operations",
    "engineering",
    "leadership",
];

pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bench")
        .join(name);
    std::fs::read_to_string(path).expect("bench fixture")
}

/// The peer's table as a talentloop rule set (hit policy `rule_order`): one rule per row,
/// its action name as a note, its priority as the rule's priority.
pub fn rule_set_yaml(table_json: &str) -> String {
    let table: serde_json::Value = serde_json::from_str(table_json).expect("bench table");
    let mut out = String::from(
        "id: bench\ntitle: External benchmark table\nscope: competency\nhit_policy: rule_order\nrules:\n",
    );
    for row in table["rows"].as_array().expect("rows") {
        let tests: Vec<String> = row["when"]
            .as_object()
            .expect("when")
            .iter()
            .map(|(col, t)| {
                let lit = |v: &serde_json::Value| v.to_string().trim_matches('"').to_owned();
                match t["op"].as_str().expect("op") {
                    "between" => format!(
                        "{col} between {} and {}",
                        lit(&t["values"][0]),
                        lit(&t["values"][1])
                    ),
                    "in" => format!(
                        "{col} in [{}]",
                        t["values"]
                            .as_array()
                            .expect("values")
                            .iter()
                            .map(lit)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    op => format!("{col} {op} {}", lit(&t["value"])),
                }
            })
            .collect();
        let when = if tests.is_empty() {
            "true".to_owned()
        } else {
            tests.join(" and ")
        };
        out.push_str(&format!(
            "  - id: {}\n    title: {}\n    when: \"{when}\"\n    then:\n      - note: {{text: {}}}\n    priority: {}\n",
            row["id"].as_str().expect("id"),
            row["id"].as_str().expect("id"),
            row["then"]["action"].as_str().expect("action"),
            row["then"]["priority"]
        ));
    }
    out
}

/// The table doubled to 1,000 rows: the second copy's numeric tests shifted by one, so
/// rows overlap in realistic, partial ways (for timing the analysis).
pub fn doubled_rule_set_yaml(table_json: &str) -> String {
    let mut table: serde_json::Value = serde_json::from_str(table_json).expect("bench table");
    let rows = table["rows"].as_array().expect("rows").clone();
    let shift = |v: &serde_json::Value| {
        v.as_i64()
            .map_or_else(|| v.clone(), |n| serde_json::json!(n + 1))
    };
    let shifted = rows.iter().map(|r| {
        let mut r = r.clone();
        r["id"] = serde_json::json!(format!("{}b", r["id"].as_str().unwrap_or("r")));
        if let Some(when) = r["when"].as_object_mut() {
            for t in when.values_mut() {
                if t.get("value").is_some() {
                    t["value"] = shift(&t["value"]);
                }
                if let Some(vs) = t.get("values").and_then(|v| v.as_array()).cloned() {
                    t["values"] = serde_json::Value::Array(vs.iter().map(shift).collect());
                }
            }
        }
        r
    });
    let all: Vec<serde_json::Value> = rows.iter().cloned().chain(shifted).collect();
    table["rows"] = serde_json::Value::Array(all);
    rule_set_yaml(&table.to_string())
}

/// Compiles a rule set on the bench model; panics on any error.
pub fn compile(yaml: String) -> (OrgModel, RuleSet, DecisionTable) {
    let (project, models) = model_inputs();
    let mut checked = model::check_inputs(Path::new("."), &project, &models);
    let model = checked.model.take().expect("bench model is valid");
    let files = RuleFiles {
        sets: vec![Input {
            path: "rules/bench.yaml".into(),
            bytes: yaml.into_bytes(),
        }],
        tests: Vec::new(),
    };
    let mut compiled = rules::compile(
        &model,
        &files,
        &mut checked.sources,
        &mut checked.diagnostics,
    );
    let errors: Vec<_> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    (model, compiled.sets.remove(0), compiled.tables.remove(0))
}

/// A model with the 20 competencies and 6 categories the benchmark's inputs use.
pub fn model_inputs() -> (Input, Vec<Input>) {
    let project = "name: bench\ndefault_locale: en\nlocales: [en]\n";
    let mut comps = String::from("competencies:\n");
    for (i, cat) in CATEGORIES.iter().enumerate() {
        comps.push_str(&format!("  - id: c{i}\n    name: C{i}\n    category: {cat}\n    indicators: {{1: [a], 2: [b], 3: [c], 4: [d], 5: [e]}}\n"));
    }
    let input = |p: &str, t: &str| Input {
        path: p.into(),
        bytes: t.as_bytes().to_vec(),
    };
    (
        input("talentloop.yaml", project),
        vec![input("models/c.yaml", &comps)],
    )
}

/// The model, the rule set and its compiled table; panics on any diagnostic.
pub fn load() -> (OrgModel, RuleSet, DecisionTable) {
    compile(rule_set_yaml(&fixture("decision-table-500.json")))
}

/// One input of the benchmark: (gap, required, level, critical, category index, trend).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BenchInput {
    pub gap: i64,
    pub required: u8,
    pub level: u8,
    pub critical: bool,
    pub competency: usize,
    pub trend: i64,
}

/// Input `i`, from SplitMix64 as the benchmark's README specifies.
pub fn input(i: u64) -> BenchInput {
    let mut s = (42u64 ^ 0xFAC7_5000_0000_0002).wrapping_add(i.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let mut next = || {
        s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let required = 1 + (next() % 5) as u8;
    let level = 1 + (next() % 5) as u8;
    let critical = next() % 100 < 30;
    let trend = (next() % 5) as i64 - 2;
    BenchInput {
        gap: (i64::from(required) - i64::from(level)).clamp(-2, 4),
        required,
        level,
        critical,
        competency: (i % 20) as usize,
        trend,
    }
}

/// The competency facts of an input, written into a reusable value.
pub fn fill(c: &mut CompetencyFacts, x: &BenchInput) {
    c.gap = Some(x.gap);
    c.required = x.required;
    c.level = Some(x.level);
    c.critical = x.critical;
    c.trend = Some(x.trend);
    c.category = Some(CATEGORIES[x.competency].to_owned());
}

/// Facts with nothing but what the bench reads.
pub fn employee() -> EmployeeFacts {
    EmployeeFacts::default()
}

/// FNV-1a, 64 bit.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The expected `(matched, priority_sum, checksum)` per number of inputs.
pub fn expected() -> BTreeMap<u64, (u64, i64, u64)> {
    fixture("expected-checksums.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (
                f[0].parse().unwrap(),
                (
                    f[1].parse().unwrap(),
                    f[2].parse().unwrap(),
                    u64::from_str_radix(f[3], 16).unwrap(),
                ),
            )
        })
        .collect()
}
