//! Properties of rule evaluation and analysis, on random rule sets and random facts:
//! - the compiled, indexed table, a linear scan of its rows, and a direct three-valued
//!   interpreter of the type-checked conditions agree on which rules match;
//! - gap and overlap examples found by the analysis really match zero, or two or more, rows;
//!   rows reported unreachable never match; a table without gaps matches every input;
//! - the condition parser never panics.

mod common;

use common::bench_table;
use proptest::prelude::*;
use std::path::Path;
use talentloop::model::{self, Input, OrgModel};
use talentloop::rules::facts::{CompetencyFacts, EmployeeFacts};
use talentloop::rules::syntax::{self, CmpOp};
use talentloop::rules::typed::{AtomTest, Cond, Lit};
use talentloop::rules::{self, RuleFiles};
use talentloop::table::analysis::{self, Probe};
use talentloop::table::cell::{Truth, Val};
use talentloop::table::eval::{self, Ctx, Evaluator};

fn cases() -> u32 {
    std::env::var("TALENTLOOP_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000)
}

fn model() -> OrgModel {
    let (project, models) = bench_table::model_inputs();
    model::check_inputs(Path::new("."), &project, &models)
        .model
        .expect("valid model")
}

const CATEGORIES: [&str; 6] = [
    "sales",
    "service",
    "engineering",
    "leadership",
    "compliance",
    "operations",
];

/// A random atom of the condition language over competency facts.
fn atom() -> impl Strategy<Value = String> {
    let num = || -4i32..6;
    let op = || prop::sample::select(vec!["==", "!=", ">=", ">", "<=", "<"]);
    let fact = || prop::sample::select(vec!["gap", "level", "required", "trend", "completed_for"]);
    prop_oneof![
        (fact(), op(), num()).prop_map(|(f, o, n)| format!("{f} {o} {n}")),
        (fact(), num(), 0i32..4).prop_map(|(f, a, d)| format!("{f} between {a} and {}", a + d)),
        (fact(), prop::collection::vec(num(), 1..3), any::<bool>()).prop_map(|(f, v, neg)| {
            let list: Vec<String> = v.iter().map(i32::to_string).collect();
            format!(
                "{f} {}in [{}]",
                if neg { "not " } else { "" },
                list.join(", ")
            )
        }),
        (fact(), any::<bool>())
            .prop_map(|(f, neg)| format!("{f} is {}missing", if neg { "not " } else { "" })),
        fact().prop_map(|f| format!("known({f})")),
        prop::sample::select(vec!["critical", "goal_requires", "not critical"])
            .prop_map(str::to_owned),
        prop::sample::subsequence(CATEGORIES.to_vec(), 1..3)
            .prop_map(|c| format!("category in [{}]", c.join(", "))),
        (op(), num()).prop_map(|(o, n)| format!("required - level {o} {n}")),
        op().prop_map(|o| format!("level {o} required")),
    ]
}

/// A random condition: atoms under `and`, `or`, `not` and parentheses.
fn condition() -> impl Strategy<Value = String> {
    atom().prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) and ({b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) or ({b})")),
            inner.prop_map(|a| format!("not ({a})")),
        ]
    })
}

fn rule_set(conditions: &[String], policy: &str) -> String {
    let mut out =
        format!("id: random\ntitle: random\nscope: competency\nhit_policy: {policy}\nrules:\n");
    for (i, c) in conditions.iter().enumerate() {
        out.push_str(&format!("  - id: r{i}\n    title: r{i}\n    when: \"{c}\"\n    then:\n      - note: {{text: r{i}}}\n"));
    }
    out
}

/// Random facts; `consistent` keeps them to what data can produce (gap = required - level,
/// unknown together with the level, trend unknown when the level is).
fn facts(consistent: bool) -> impl Strategy<Value = CompetencyFacts> {
    (
        prop::option::of(1u8..=5),
        1u8..=5,
        prop::option::of(-4i64..=4),
        prop::option::of(-4i64..=4),
        any::<bool>(),
        any::<bool>(),
        0u32..4,
        prop::sample::select(CATEGORIES.to_vec()),
    )
        .prop_map(
            move |(
                level,
                required,
                gap,
                trend,
                critical,
                goal_requires,
                completed_for,
                category,
            )| CompetencyFacts {
                competency: "c0".into(),
                category: Some(category.to_owned()),
                level,
                required,
                gap: if consistent {
                    level.map(|l| i64::from(required) - i64::from(l))
                } else {
                    gap
                },
                trend: if consistent && level.is_none() {
                    None
                } else {
                    trend
                },
                critical,
                goal_requires,
                completed_for,
                ..CompetencyFacts::default()
            },
        )
}

/// Compiles a rule set on the bench model; `None` when it does not type-check.
fn compile(model: &OrgModel, yaml: String) -> Option<rules::Compiled> {
    let mut sources = talentloop::diag::SourceMap::default();
    let mut diags = Vec::new();
    let files = RuleFiles {
        sets: vec![Input {
            path: "rules/random.yaml".into(),
            bytes: yaml.into_bytes(),
        }],
        tests: Vec::new(),
    };
    let compiled = rules::compile(model, &files, &mut sources, &mut diags);
    let errors: Vec<_> = diags
        .iter()
        .filter(|d| d.is_error() && d.code.as_str() != "TL0322" && d.code.as_str() != "TL0325")
        .collect();
    assert!(
        errors.is_empty(),
        "generated rule sets must type-check: {}",
        talentloop::diag::render(&diags, &sources, talentloop::diag::Format::Human)
    );
    (!compiled.sets.is_empty()).then_some(compiled)
}

/// The obviously correct reference: the type-checked condition evaluated directly in
/// three-valued logic, without normal forms, cells or indexes.
fn interpret(cond: &Cond, ctx: Ctx) -> Truth {
    match cond {
        Cond::Const(b) => {
            if *b {
                Truth::True
            } else {
                Truth::False
            }
        }
        Cond::Not(c) => interpret(c, ctx).negated(),
        Cond::And(cs) => cs
            .iter()
            .fold(Truth::True, |acc, c| acc.and(interpret(c, ctx))),
        Cond::Or(cs) => cs.iter().fold(Truth::False, |acc, c| {
            interpret(c, ctx).negated().and(acc.negated()).negated()
        }),
        Cond::Atom(a) => {
            let v = eval::value(&a.column, ctx).expect("evaluates");
            let truth = |b: bool| if b { Truth::True } else { Truth::False };
            match (&a.test, v) {
                (AtomTest::Missing, v) => truth(v == Val::Unknown),
                (_, Val::Unknown) => Truth::Unknown,
                (AtomTest::Cmp(op, Lit::Num(x)), Val::Num(v)) => truth(match op {
                    CmpOp::Eq => v == *x,
                    CmpOp::Ne => v != *x,
                    CmpOp::Ge => v >= *x,
                    CmpOp::Gt => v > *x,
                    CmpOp::Le => v <= *x,
                    CmpOp::Lt => v < *x,
                }),
                (AtomTest::Cmp(op, Lit::Text(x)), Val::Text(v)) => {
                    truth((v == x) == (*op == CmpOp::Eq))
                }
                (AtomTest::In(list), v) => truth(list.iter().any(|l| match (l, v) {
                    (Lit::Num(x), Val::Num(v)) => *x == v,
                    (Lit::Text(x), Val::Text(v)) => x == v,
                    _ => false,
                })),
                (AtomTest::Between(lo, hi), Val::Num(v)) => truth(*lo <= v && v <= *hi),
                _ => Truth::False,
            }
        }
    }
}

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(cases()))]

    #[test]
    fn index_linear_scan_and_interpreter_agree(
        conditions in prop::collection::vec(condition(), 1..6),
        samples in prop::collection::vec(facts(false), 1..8),
    ) {
        let model = model();
        let Some(compiled) = compile(&model, rule_set(&conditions, "rule_order")) else { return Ok(()); };
        let (set, table) = (&compiled.sets[0], &compiled.tables[0]);
        let ev = Evaluator::new(table, set);
        let employee = EmployeeFacts::default();
        for f in &samples {
            let ctx = Ctx { employee: &employee, competency: Some(f) };
            let values = ev.values(ctx).unwrap();
            let indexed: Vec<usize> = ev.matching_rows(&values);
            let linear: Vec<usize> = table.rows.iter().enumerate().filter(|(_, r)| Evaluator::row_matches(r, &values)).map(|(i, _)| i).collect();
            prop_assert_eq!(&indexed, &linear);
            let mut by_table: Vec<usize> = indexed.iter().map(|&r| table.rows[r].rule).collect();
            by_table.dedup();
            let by_interpreter: Vec<usize> = set.rules.iter().enumerate().filter(|(_, r)| interpret(&r.cond, ctx) == Truth::True).map(|(i, _)| i).collect();
            prop_assert_eq!(by_table, by_interpreter, "facts {:?}", f);
        }
    }

    /// The mentor pass and the previous cycle evaluate only the rules with an action they
    /// want: the rows they match must be exactly the full table's rows of those rules.
    #[test]
    fn a_narrowed_evaluator_matches_the_kept_rules_of_the_full_one(
        conditions in prop::collection::vec(condition(), 2..6),
        samples in prop::collection::vec(facts(false), 1..8),
        policy in prop::sample::select(vec!["collect", "rule_order"]),
    ) {
        let model = model();
        let Some(compiled) = compile(&model, rule_set(&conditions, policy)) else { return Ok(()); };
        let (set, table) = (&compiled.sets[0], &compiled.tables[0]);
        let full = Evaluator::new(table, set);
        let kept = |r: &talentloop::rules::check::Rule| r.id.ends_with(['0', '2', '4']);
        let Some(narrowed) = Evaluator::narrowed(table, set, kept) else { return Ok(()); };
        for f in &samples {
            let employee = EmployeeFacts::default();
            let ctx = Ctx { employee: &employee, competency: Some(f) };
            let values = full.values(ctx).unwrap();
            let expected: Vec<usize> = full.matching_rows(&values).into_iter().filter(|&r| kept(&set.rules[table.rows[r].rule])).collect();
            let (mut acc, mut rows) = (Vec::new(), Vec::new());
            narrowed.matching_rows_into(&values, &mut acc, &mut rows);
            prop_assert_eq!(&rows, &expected, "facts {:?}", f);
        }
    }

    /// Where a rule left out could win or clash, nothing is narrowed.
    #[test]
    fn hit_policies_that_compare_rules_are_never_narrowed(
        conditions in prop::collection::vec(condition(), 2..4),
        policy in prop::sample::select(vec!["first", "unique", "any", "priority"]),
    ) {
        let model = model();
        let Some(compiled) = compile(&model, rule_set(&conditions, policy)) else { return Ok(()); };
        prop_assert!(Evaluator::narrowed(&compiled.tables[0], &compiled.sets[0], |r| r.id == "r0").is_none());
    }

}

proptest! {
    #![proptest_config(config(cases() / 5))]

    #[test]
    fn analysis_examples_are_real(
        conditions in prop::collection::vec(condition(), 1..6),
        samples in prop::collection::vec(facts(true), 1..8),
    ) {
        let model = model();
        let Some(compiled) = compile(&model, rule_set(&conditions, "unique")) else { return Ok(()); };
        let (set, table) = (&compiled.sets[0], &compiled.tables[0]);
        let ev = Evaluator::new(table, set);
        let domains = analysis::domains(table, &model);
        let sweep = analysis::sweep(table, &domains);
        // Complete a partial example with unknown values; any completion must do.
        let complete = |probes: &[Probe]| -> Vec<Val<'static>> {
            (0..table.columns.len()).map(|c| match probes.get(c) {
                Some(Probe::Num(n)) => Val::Num(*n),
                Some(Probe::Text(t)) => Val::Text(Box::leak(t.clone().into_boxed_str())),
                Some(Probe::OtherText) => Val::Text("\u{0}other"),
                _ => Val::Unknown,
            }).collect()
        };
        for gap in &sweep.gaps {
            prop_assert!(ev.matching_rows(&complete(gap)).is_empty(), "gap example {:?} matches a row", gap);
        }
        for ((a, b), input) in &sweep.overlaps {
            let rows = ev.matching_rows(&complete(input));
            prop_assert!(rows.contains(a) && rows.contains(b), "overlap example {:?} does not match rows {} and {}", input, a, b);
        }
        let diags = analysis::analyse(table, set, &model);
        let unreachable: Vec<&str> = diags.iter().filter(|d| d.code.as_str() == "TL0320").filter_map(|d| d.message.split('`').nth(1)).collect();
        let employee = EmployeeFacts::default();
        for f in &samples {
            let values = ev.values(Ctx { employee: &employee, competency: Some(f) }).unwrap();
            let rows = ev.matching_rows(&values);
            for &r in &rows {
                prop_assert!(!unreachable.contains(&table.rows[r].rule_id.as_str()), "unreachable rule {} fired", table.rows[r].rule_id);
            }
            if sweep.finished && sweep.gaps.is_empty() {
                prop_assert!(!rows.is_empty(), "no gap was reported, but {:?} matches no row", f);
            }
        }
    }

    #[test]
    fn the_parser_never_panics(text in "\\PC{0,60}") {
        let _ = syntax::parse_condition(&text);
        let _ = syntax::parse_placeholder(&text);
    }

    #[test]
    fn the_parser_never_panics_on_near_misses(parts in prop::collection::vec(prop::sample::select(vec![
        "gap", ">=", "2", "and", "or", "not", "(", ")", "[", "]", ",", "in", "between", "is", "missing", "rating", "overall", ":", "goal", "\"x", "'", "6mo", "1.5", "-", "+", "*", "/", "known", "超出期望",
    ]), 0..12)) {
        let text = parts.join(" ");
        let _ = syntax::parse_condition(&text);
    }
}
