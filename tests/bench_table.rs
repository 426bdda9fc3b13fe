//! An external oracle: the benchmark table evaluated by talentloop must reproduce the match
//! counts and checksums another rules engine computed (tests/fixtures/bench/README.md).

mod common;

use common::bench_table::{self, BenchInput};
use talentloop::rules::facts::CompetencyFacts;
use talentloop::rules::raw::Action;
use talentloop::table::eval::{Ctx, Evaluator};

/// (matched rows, priority sum, checksum) over inputs `0..n`.
fn run(n: u64) -> (u64, i64, u64) {
    let (_, set, table) = bench_table::load();
    let ev = Evaluator::new(&table, &set);
    let employee = bench_table::employee();
    let mut facts = CompetencyFacts::default();
    let (mut matched, mut priorities, mut checksum) = (0u64, 0i64, 0u64);
    for i in 0..n {
        bench_table::fill(&mut facts, &bench_table::input(i));
        let ctx = Ctx {
            employee: &employee,
            competency: Some(&facts),
        };
        let values = ev.values(ctx).unwrap();
        let rows = ev.matching_rows(&values);
        // The index must agree with testing every row cell by cell.
        let linear: Vec<usize> = table
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| Evaluator::row_matches(r, &values))
            .map(|(k, _)| k)
            .collect();
        assert_eq!(rows, linear, "input {i}");
        let hits = ev.apply_policy(&rows).unwrap();
        let names: Vec<&str> = hits
            .rules
            .iter()
            .map(|&r| match &set.rules[r].actions[0] {
                Action::Note(n) => match &n.text {
                    talentloop::model::raw::Text::Plain(s) => s.as_str(),
                    _ => "",
                },
                _ => "",
            })
            .collect();
        matched += hits.rules.len() as u64;
        priorities += hits
            .rules
            .iter()
            .map(|&r| set.rules[r].priority)
            .sum::<i64>();
        checksum = checksum.wrapping_add(bench_table::fnv1a(
            format!("{i}:{}", names.join(",")).as_bytes(),
        ));
    }
    (matched, priorities, checksum)
}

#[test]
fn generator_reproduces_the_published_inputs() {
    let csv = bench_table::fixture("facts-20000.csv");
    for (i, line) in csv.lines().skip(1).enumerate() {
        let f: Vec<&str> = line.split(',').collect();
        let x = bench_table::input(i as u64);
        let expected = BenchInput {
            gap: f[3].parse().unwrap(),
            required: f[4].parse().unwrap(),
            level: f[5].parse().unwrap(),
            critical: f[6] == "true",
            competency: f[2].parse().unwrap(),
            trend: f[8].parse().unwrap(),
        };
        assert_eq!(x, expected, "input {i}");
        assert_eq!(bench_table::CATEGORIES[x.competency], f[7]);
    }
}

#[test]
fn reproduces_the_peer_engines_answers() {
    let expected = bench_table::expected();
    for n in [100u64, 20_000] {
        assert_eq!(run(n), expected[&n], "{n} inputs");
    }
}

#[test]
fn the_table_has_500_rows_and_six_columns() {
    let (_, set, table) = bench_table::load();
    assert_eq!(set.rules.len(), 500);
    assert_eq!(table.rows.len(), 500);
    let mut columns: Vec<String> = table.columns.iter().map(|c| c.column.to_string()).collect();
    columns.sort();
    assert_eq!(
        columns,
        ["category", "critical", "gap", "level", "required", "trend"]
    );
}
