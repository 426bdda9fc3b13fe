//! Nothing is lost: for random exports (valid rows mixed with every kind of fault), every
//! row read is loaded, skipped or ignored, every skipped or ignored row is listed in the
//! report, and the rows read are exactly the non-blank rows written.

mod common;
mod data_common;

use data_common::{load, model, render};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use talentloop::data::Outcome;

const SOURCES: &str = "\
people:
  - files: people.csv
    format: csv
    columns: {talent_id: id, role: role, manager: manager, hire_date: hired, aliases: [lms]}
reviews:
  - files: \"{cycle}/reviews.csv\"
    format: csv
    columns: {employee: employee, kind: kind, item: item, rating: rating, date: date}
learning:
  - files: learning.csv
    format: csv
    columns: {person: person, resource: resource, status: status, date: date, hours: hours}
";

fn cell() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "S1",
        "S2",
        "S3",
        "S9",
        "lms-1",
        "lms-2",
        "",
        " ",
        "sales_rep",
        "销售代表",
        "sales_intern",
        "overall",
        "competency",
        "goal",
        "???",
        "customer_needs_analysis",
        "product_knowledge",
        "谈判技巧",
        "A",
        "B",
        "S",
        "A+",
        "5",
        "2025-09-01",
        "2026-02-30",
        "2031-01-01",
        "2010-01-01",
        "completed",
        "passed",
        "finished",
        "12",
        "-3",
        "abc",
        "cna_spin_questioning_course",
        "no_such_course",
        "\"quoted, with comma\"",
        "\"multi\nline\"",
    ])
    .prop_map(str::to_owned)
}

fn rows(cols: usize, max: usize) -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(cell(), cols..=cols + 1), 0..max)
}

fn csv(header: &str, rows: &[Vec<String>]) -> (Vec<u8>, usize) {
    let mut text = format!("{header}\n");
    let mut nonblank = 0;
    for r in rows {
        let line = r.join(",");
        // A row whose cells are all blank is not a record; count the others.
        if r.iter().any(|c| !c.trim().is_empty()) {
            nonblank += 1;
        }
        text.push_str(&line);
        text.push('\n');
    }
    (text.into_bytes(), nonblank)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn rows_read_are_loaded_or_skipped_and_listed(
        people in rows(5, 8),
        reviews in rows(5, 20),
        learning in rows(5, 12),
    ) {
        let model = model(None);
        let mut files = BTreeMap::new();
        files.insert("sources.yaml".to_owned(), SOURCES.as_bytes().to_vec());
        let mut written = BTreeMap::new();
        for (path, header, r) in [
            ("people.csv", "id,role,manager,hired,lms", &people),
            ("2025H2/reviews.csv", "employee,kind,item,rating,date", &reviews),
            ("2026H1/reviews.csv", "employee,kind,item,rating,date", &reviews),
            ("learning.csv", "person,resource,status,date,hours", &learning),
        ] {
            let (bytes, n) = csv(header, r);
            files.insert(path.to_owned(), bytes);
            written.insert(format!("data/{path}"), n);
        }
        let loaded = load(&model, &files);
        let _ = render(&loaded);
        for f in &loaded.report.files {
            prop_assert_eq!(f.rows_read, f.rows_loaded + f.rows_skipped + f.rows_ignored, "{:?}", f);
            prop_assert_eq!(Some(&f.rows_read), written.get(&f.path), "{}", f.path);
            let listed: BTreeSet<usize> = loaded
                .report
                .issues
                .iter()
                .filter(|i| i.file == f.path && i.outcome != Outcome::ValueDropped)
                .map(|i| i.row)
                .collect();
            prop_assert_eq!(listed.len(), f.rows_skipped + f.rows_ignored, "{}", f.path);
        }
        // Every row that was loaded is a record of the dataset (one person per people row).
        let (_, loaded_rows, _, _) = loaded.report.totals();
        let people_rows = loaded.report.files.iter().find(|f| f.kind == "people").map_or(0, |f| f.rows_loaded);
        prop_assert_eq!(people_rows, loaded.dataset.people.len());
        let records = loaded.dataset.people.len() + loaded.dataset.reviews.len() + loaded.dataset.learning.len();
        prop_assert_eq!(loaded_rows, records);
    }
}

/// `files` loaded on a pool of `threads`: the dataset, the report and the diagnostics as
/// a user sees them.
fn load_on(
    threads: usize,
    model: &talentloop::model::OrgModel,
    files: &BTreeMap<String, Vec<u8>>,
) -> (String, String, String) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    let loaded = pool.install(|| load(model, files));
    (
        format!("{:?}", loaded.dataset),
        serde_json::to_string(&loaded.report).expect("the report serialises"),
        render(&loaded),
    )
}

/// The sales sample's model and data folder, read once.
fn sample() -> &'static (talentloop::model::OrgModel, BTreeMap<String, Vec<u8>>) {
    static SAMPLE: std::sync::OnceLock<(talentloop::model::OrgModel, BTreeMap<String, Vec<u8>>)> =
        std::sync::OnceLock::new();
    SAMPLE.get_or_init(|| {
        let root = common::repo();
        let model = talentloop::model::check_project(&root)
            .model
            .expect("the sample model is valid");
        let data = common::read_tree(&root.join("examples/acme-sales/data"));
        (model, data)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// No input makes the readers panic: random byte edits of the sample's workbook, xAPI,
    /// GB18030 roster and BOM CSV still give diagnostics and a consistent report.
    #[test]
    fn readers_never_panic_on_mutated_exports(
        file in prop::sample::select(vec![
            "2025H2/绩效评估.xlsx",
            "lms/xapi-2025H2.json",
            "2025H2/花名册.csv",
            "2025H2/目标.csv",
        ]),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0usize..3), 1..6),
    ) {
        let (model, data) = sample();
        let mut files = data.clone();
        let bytes = files.get_mut(file).unwrap();
        for (at, byte, how) in edits {
            // A truncation may have emptied the file; there is nothing to index then.
            if bytes.is_empty() {
                bytes.push(byte);
                continue;
            }
            let i = at.index(bytes.len());
            match how {
                0 => bytes[i] = byte,
                1 => { bytes.truncate(i); }
                _ => bytes.insert(i, byte),
            }
        }
        let loaded = load(model, &files);
        let _ = render(&loaded);
        let _ = talentloop::diag::render(&loaded.diagnostics, &loaded.sources, talentloop::diag::Format::Json);
        for f in &loaded.report.files {
            prop_assert_eq!(f.rows_read, f.rows_loaded + f.rows_skipped + f.rows_ignored);
        }
    }
}

/// Record files are read and parsed in parallel, in batches sized by the thread count: the
/// sample's dataset, report and diagnostics (with their files and cells) are the same on
/// any thread count, also with a fault in a file late in the load.
#[test]
fn the_load_is_the_same_on_any_number_of_threads() {
    let (model, data) = sample();
    let mut faulty = data.clone();
    let goals = faulty
        .get_mut("2026H1/目标.csv")
        .expect("the sample's goals");
    goals.extend_from_slice("\nG-X,S9999,?,?,?,?,?\n".as_bytes());
    for files in [data, &faulty] {
        let one = load_on(1, model, files);
        assert!(one.0.contains("Review {"), "the sample has reviews");
        for threads in [2, 4] {
            let many = load_on(threads, model, files);
            assert_eq!(one.0, many.0, "dataset on {threads} threads");
            assert_eq!(one.1, many.1, "report on {threads} threads");
            assert_eq!(one.2, many.2, "diagnostics on {threads} threads");
        }
    }
    assert!(load_on(2, model, &faulty).2.contains("S9999"));
}
