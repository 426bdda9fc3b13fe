//! The external decision-table benchmark: 2,000,000 inputs (100,000 employees x 20
//! competencies) through the 500-row table, checked against the published checksum.
//!
//! Run with `cargo bench --bench table`. The peer engine's figure for the same work on this
//! machine class is in tests/fixtures/bench/README.md.

#[path = "../tests/common/bench_table.rs"]
mod bench_table;

use rayon::prelude::*;
use std::time::Instant;
use talentloop::rules::facts::CompetencyFacts;
use talentloop::rules::raw::Action;
use talentloop::table::eval::{Ctx, Evaluator};

const INPUTS: u64 = 2_000_000;

fn main() {
    let (_, set, table) = bench_table::load();
    let names: Vec<String> = set
        .rules
        .iter()
        .map(|r| match &r.actions[0] {
            Action::Note(n) => serde_json::to_value(&n.text)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            _ => String::new(),
        })
        .collect();
    let expected = bench_table::expected()[&INPUTS];
    let inputs: Vec<bench_table::BenchInput> = (0..INPUTS).map(bench_table::input).collect();
    let compile_start = Instant::now();
    let ev = Evaluator::new(&table, &set);
    let index_time = compile_start.elapsed();
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("thread pool");
        let start = Instant::now();
        let (matched, priorities, checksum) = pool.install(|| evaluate(&ev, &set, &names, &inputs));
        let secs = start.elapsed().as_secs_f64();
        assert_eq!(
            (matched, priorities, checksum),
            expected,
            "the published answers for {INPUTS} inputs"
        );
        println!(
            "{threads} thread{}: {INPUTS} inputs in {secs:.3} s = {:.2} M evaluations/s = {:.0} M rows tested/s; checksum {checksum:016x} ok",
            if threads == 1 { "" } else { "s" },
            INPUTS as f64 / secs / 1e6,
            INPUTS as f64 * table.rows.len() as f64 / secs / 1e6,
        );
    }
    println!("index built in {:.2} ms", index_time.as_secs_f64() * 1e3);
    analysis_times();
}

/// Static analysis (rule_order: unreachable, identical and subsumed rows, the sweep) on the
/// 500-row table and on a 1,000-row table, each timed as the median of 5 runs.
fn analysis_times() {
    for (name, yaml) in [
        (
            "500-row table",
            bench_table::rule_set_yaml(&bench_table::fixture("decision-table-500.json")),
        ),
        (
            "1,000-row table",
            bench_table::doubled_rule_set_yaml(&bench_table::fixture("decision-table-500.json")),
        ),
    ] {
        let (model, set, table) = bench_table::compile(yaml);
        let mut times: Vec<f64> = (0..5)
            .map(|_| {
                let start = Instant::now();
                let findings = talentloop::table::analysis::analyse(&table, &set, &model);
                std::hint::black_box(findings);
                start.elapsed().as_secs_f64()
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let domains = talentloop::table::analysis::domains(&table, &model);
        let sweep = talentloop::table::analysis::sweep(&table, &domains);
        println!(
            "analysis of the {name} ({} rows): {:.1} ms (sweep finished: {}, {} overlapping pairs found)",
            table.rows.len(),
            times[2] * 1e3,
            sweep.finished,
            sweep.overlaps.len()
        );
    }
}

fn evaluate(
    ev: &Evaluator,
    set: &talentloop::rules::check::RuleSet,
    names: &[String],
    inputs: &[bench_table::BenchInput],
) -> (u64, i64, u64) {
    let employee = bench_table::employee();
    inputs
        .par_chunks(10_000)
        .enumerate()
        .map(|(chunk, xs)| {
            let mut facts = CompetencyFacts::default();
            let mut line = String::new();
            let (mut matched, mut priorities, mut checksum) = (0u64, 0i64, 0u64);
            for (k, x) in xs.iter().enumerate() {
                let i = chunk * 10_000 + k;
                bench_table::fill(&mut facts, x);
                let hits = ev
                    .eval(Ctx {
                        employee: &employee,
                        competency: Some(&facts),
                    })
                    .expect("evaluates");
                line.clear();
                line.push_str(&i.to_string());
                line.push(':');
                for (n, &r) in hits.rules.iter().enumerate() {
                    if n > 0 {
                        line.push(',');
                    }
                    line.push_str(&names[r]);
                    priorities += set.rules[r].priority;
                }
                matched += hits.rules.len() as u64;
                checksum = checksum.wrapping_add(bench_table::fnv1a(line.as_bytes()));
            }
            (matched, priorities, checksum)
        })
        .reduce(
            || (0, 0, 0),
            |a, b| (a.0 + b.0, a.1 + b.1, a.2.wrapping_add(b.2)),
        )
}
