//! Every format and encoding read end to end: CSV in UTF-8, UTF-8 with a byte-order mark
//! and GB18030; XLSX with a title row, a blank row and Excel dates; JSON records under a
//! pointer with nested fields; xAPI as an array, an LRS page and a single statement.
//! The fixtures are in `tests/fixtures/data/formats/`.

mod common;
mod data_common;

use data_common::{load, model, render, repo};
use std::collections::BTreeMap;
use talentloop::data::{LearningStatus, Loaded, ReviewItem};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/fixtures/data/formats").join(name)).unwrap()
}

/// A data folder of one people file (as `people_file`) plus `extra` files.
fn folder(sources: &str, files: &[(&str, Vec<u8>)]) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    out.insert("sources.yaml".to_owned(), sources.as_bytes().to_vec());
    for (p, b) in files {
        out.insert((*p).to_owned(), b.clone());
    }
    out
}

fn clean(loaded: &Loaded) {
    assert!(loaded.diagnostics.is_empty(), "{}", render(loaded));
}

const PEOPLE_CSV: &str = "people:\n  - files: people.csv\n    format: csv\n    ENCODING\n    columns: {talent_id: 工号, name: 姓名, role: 岗位, hire_date: 入职日期, aliases: [LMS账号]}\n";

fn people_csv(encoding: &str, file: &str) -> Loaded {
    let sources = PEOPLE_CSV.replace("ENCODING", encoding);
    let loaded = load(
        &model(None),
        &folder(&sources, &[("people.csv", fixture(file))]),
    );
    clean(&loaded);
    loaded
}

fn assert_people(loaded: &Loaded) {
    let names: Vec<(&str, Option<&str>, Option<&str>)> = loaded
        .dataset
        .people
        .iter()
        .map(|p| {
            (
                p.talent_id.as_str(),
                p.name.as_deref(),
                p.assignments[0].as_ref().and_then(|a| a.role.as_deref()),
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![
            ("S1", Some("王建国"), Some("sales_manager")),
            ("S2", Some("李晓梅"), Some("sales_rep")),
            ("S3", Some("陈志强"), Some("senior_sales_rep")),
        ]
    );
}

#[test]
fn csv_utf8() {
    let loaded = people_csv("", "people-utf8.csv");
    assert_people(&loaded);
    assert_eq!(loaded.report.files[0].encoding, "UTF-8");
}

#[test]
fn csv_utf8_with_bom() {
    // The byte-order mark must not end up in the first header (`工号`).
    let loaded = people_csv("", "people-bom.csv");
    assert_people(&loaded);
}

#[test]
fn csv_gb18030() {
    let loaded = people_csv("encoding: gb18030", "people-gb18030.csv");
    assert_people(&loaded);
    assert_eq!(loaded.report.files[0].encoding, "gb18030");
    // GBK is a subset: the same bytes read as GBK.
    assert_people(&people_csv("encoding: gbk", "people-gb18030.csv"));
}

#[test]
fn bom_wins_over_a_declared_encoding() {
    let loaded = people_csv("encoding: gb18030", "people-bom.csv");
    assert_people(&loaded);
    assert_eq!(loaded.report.files[0].encoding, "UTF-8");
}

#[test]
fn xlsx_with_title_row_blank_row_and_dates() {
    let sources = format!(
        "{}reviews:\n  - files: \"{{cycle}}/reviews.xlsx\"\n    format: xlsx\n    sheet: 评估结果\n    header_row: 2\n    columns: {{employee: 工号, kind: 评估类型, item: 评估项, rating: 评分, date: 评估日期}}\n    values:\n      kind: {{综合: overall, 能力: competency}}\n",
        PEOPLE_CSV.replace("ENCODING", "")
    );
    let loaded = load(
        &model(None),
        &folder(
            &sources,
            &[
                ("people.csv", fixture("people-utf8.csv")),
                ("2025H2/reviews.xlsx", fixture("reviews.xlsx")),
            ],
        ),
    );
    clean(&loaded);
    let reviews: Vec<(ReviewItem, &str, Option<u8>, u32)> = loaded
        .dataset
        .reviews
        .iter()
        .map(|r| (r.item.clone(), &*r.grade.label, r.level, r.origin.row))
        .collect();
    assert_eq!(
        reviews,
        vec![
            (ReviewItem::Overall, "B", None, 3),
            (
                ReviewItem::Competency("customer_needs_analysis".into()),
                "C",
                Some(2),
                4
            ),
            (
                ReviewItem::Competency("product_knowledge".into()),
                "A",
                Some(4),
                6
            ),
        ],
        "rows keep the workbook's numbering across the title and the blank row"
    );
    let f = &loaded.report.files[1];
    assert_eq!((f.rows_read, f.rows_loaded), (3, 3));
}

#[test]
fn xlsx_missing_sheet_names_the_sheets() {
    let sources = format!(
        "{}reviews:\n  - files: \"{{cycle}}/reviews.xlsx\"\n    format: xlsx\n    sheet: 评估\n    columns: {{employee: 工号, rating: 评分}}\n",
        PEOPLE_CSV.replace("ENCODING", "")
    );
    let loaded = load(
        &model(None),
        &folder(
            &sources,
            &[
                ("people.csv", fixture("people-utf8.csv")),
                ("2025H2/reviews.xlsx", fixture("reviews.xlsx")),
            ],
        ),
    );
    let text = render(&loaded);
    assert!(
        text.contains("error[TL0405]: `data/2025H2/reviews.xlsx` has no sheet `评估`"),
        "{text}"
    );
    assert!(text.contains("did you mean `评估结果`?"), "{text}");
}

#[test]
fn json_records_under_a_pointer_with_nested_fields() {
    let sources = "people:\n  - files: people.json\n    format: json\n    records: /data/employees\n    columns: {talent_id: employeeId, name: name.display, role: jobTitle, hire_date: startDate, aliases: [ids.lms]}\n";
    let loaded = load(
        &model(None),
        &folder(sources, &[("people.json", fixture("people.json"))]),
    );
    clean(&loaded);
    let p: Vec<(&str, Option<&str>, Option<&str>, String)> = loaded
        .dataset
        .people
        .iter()
        .map(|p| {
            (
                p.talent_id.as_str(),
                p.name.as_deref(),
                p.assignments[0].as_ref().and_then(|a| a.role.as_deref()),
                p.hire_date.map(|d| d.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        p,
        vec![
            (
                "S1",
                Some("Wang Jianguo"),
                Some("sales_manager"),
                "2018-01-10".to_owned()
            ),
            (
                "S2",
                Some("Li Xiaomei"),
                Some("sales_rep"),
                "2021-03-01".to_owned()
            ),
            (
                "S3",
                Some("Chen Zhiqiang"),
                Some("senior_sales_rep"),
                "2019-06-15".to_owned()
            ),
        ]
    );
    assert_eq!(loaded.dataset.people[0].aliases, vec!["lms-1".to_owned()]);
    assert!(
        loaded.dataset.people[2].aliases.is_empty(),
        "null is no alias"
    );
}

#[test]
fn xapi_array_page_and_single_statement() {
    let sources = format!(
        "{}learning:\n  - files: \"lms/*.json\"\n    format: xapi\n",
        PEOPLE_CSV.replace("ENCODING", "")
    );
    let loaded = load(
        &model(None),
        &folder(
            &sources,
            &[
                ("people.csv", fixture("people-utf8.csv")),
                ("lms/a.json", fixture("xapi-array.json")),
                ("lms/b.json", fixture("xapi-lrs.json")),
                ("lms/c.json", fixture("xapi-single.json")),
            ],
        ),
    );
    clean(&loaded);
    let ds = &loaded.dataset;
    /// Person, resource, status, score, hours, cycle.
    type Record<'a> = (
        &'a str,
        &'a str,
        LearningStatus,
        Option<f64>,
        Option<f64>,
        Option<&'a str>,
    );
    let records: Vec<Record> = ds
        .learning
        .iter()
        .map(|l| {
            (
                ds.person(l.person).talent_id.as_str(),
                &*l.resource,
                l.status,
                l.score,
                l.hours,
                l.cycle.map(|c| ds.cycles[c].id.as_str()),
            )
        })
        .collect();
    assert_eq!(
        records,
        vec![
            (
                "S1",
                "tc_grow_coaching_course",
                LearningStatus::Failed,
                Some(40.0),
                None,
                Some("2026H1")
            ),
            (
                "S2",
                "cna_spin_questioning_course",
                LearningStatus::Enrolled,
                None,
                None,
                Some("2025H2")
            ),
            (
                "S2",
                "cna_spin_questioning_course",
                LearningStatus::Passed,
                Some(0.85),
                Some(11.5),
                Some("2025H2")
            ),
            (
                "S3",
                "pm_pipeline_course",
                LearningStatus::Completed,
                None,
                None,
                Some("2026H1")
            ),
        ]
    );
}

/// Real statement streams, if the shared data folder is present: the reader must take
/// every statement without a panic and account for each of them.
#[test]
fn xapi_reader_on_shared_real_statements() {
    let dir = repo().join("../shared/data/xapi");
    if !dir.is_dir() {
        eprintln!(
            "skipped: {} is absent (a fresh clone has no shared data)",
            dir.display()
        );
        return;
    }
    let files = [
        "xapi-datasim/dev-resources/xapi/statements/array/tccc_dev.json",
        "xapi-adl-spec-and-conformance/spec/spec-example-statements.json",
        "xapi-datasim/dev-resources/xapi/statements/simple.json",
    ];
    let sources = format!(
        "{}learning:\n  - files: \"lms/*.json\"\n    format: xapi\n",
        PEOPLE_CSV.replace("ENCODING", "")
    );
    let mut data = vec![("people.csv", fixture("people-utf8.csv"))];
    let names = ["lms/1.json", "lms/2.json", "lms/3.json"];
    for (name, f) in names.iter().zip(files) {
        data.push((name, std::fs::read(dir.join(f)).unwrap()));
    }
    let loaded = load(&model(None), &folder(&sources, &data));
    assert!(!loaded.has_errors(), "{}", render(&loaded));
    let stream = &loaded.report.files[1];
    assert_eq!(stream.rows_read, 2814);
    assert_eq!(
        stream.rows_read,
        stream.rows_loaded + stream.rows_skipped + stream.rows_ignored
    );
    // 70 `completed` statements plus a few `initialized`/`launched` ones are learning
    // records (unresolved: the simulated learners are not in the people export); the
    // rest is activity.
    assert!(stream.rows_skipped >= 70, "{stream:?}");
    assert!(
        loaded
            .report
            .identity
            .unresolved
            .contains_key("alice@example.org")
    );
}

/// A record file that cannot be read is reported as failed, with an error naming it, and
/// keeps its place among the dataset's files: every other record still points at the row
/// it came from.
#[test]
fn an_unreadable_export_keeps_its_place_among_the_files() {
    let model = model(None);
    let files = data_common::base_data();
    let sources = talentloop::model::Input {
        path: "data/sources.yaml".into(),
        bytes: files[talentloop::data::SOURCES_FILE].clone(),
    };
    let listing = talentloop::data::Listing::of(
        "data",
        files.iter().map(|(p, b)| (p.as_str(), b.len() as u64)),
    );
    let broken = "2025H2/goals.csv";
    let load = |fail: bool| {
        talentloop::data::load_from(
            &model,
            Some(&sources),
            &listing,
            &|rel| match files.get(rel) {
                Some(_) if fail && rel == broken => Err(std::io::Error::other("disk on fire")),
                Some(b) => Ok(b.clone()),
                None => Err(std::io::ErrorKind::NotFound.into()),
            },
            talentloop::data::Options {
                today: data_common::today(),
            },
        )
    };
    let (whole, failed) = (load(false), load(true));
    let text = render(&failed);
    assert!(
        text.contains("failed to read `data/2025H2/goals.csv`: disk on fire"),
        "{text}"
    );
    let report = failed
        .report
        .files
        .iter()
        .find(|f| f.path == format!("data/{broken}"))
        .expect("the unreadable file is in the report");
    assert!(report.failed && report.rows_read == 0);
    let places = |l: &Loaded| {
        let ds = &l.dataset;
        let mut out: Vec<String> = (ds.reviews.iter().map(|r| r.origin))
            .chain(ds.goals.iter().map(|g| g.origin))
            .chain(ds.learning.iter().map(|r| r.origin))
            .chain(ds.dialogues.iter().map(|d| d.origin))
            .map(|o| ds.place(o))
            .collect();
        out.sort();
        out
    };
    let expected: Vec<String> = places(&whole)
        .into_iter()
        .filter(|p| !p.starts_with(&format!("data/{broken}:")))
        .collect();
    assert!(expected.len() > 10, "the sample has records");
    assert_eq!(places(&failed), expected);
}

#[test]
fn a_csv_quote_left_open_stops_the_file_where_it_opens() {
    // Read as CSV allows, the open quote would swallow every row after it into one cell.
    let people = "工号,姓名,岗位,入职日期,LMS账号\nS1,王建国,sales_manager,2020-01-01,\nS2,\"李晓梅,sales_rep,2021-01-01,\nS3,陈志强,senior_sales_rep,2019-01-01,\n";
    let sources = PEOPLE_CSV.replace("ENCODING", "");
    let loaded = load(
        &model(None),
        &folder(&sources, &[("people.csv", people.as_bytes().to_vec())]),
    );
    let text = render(&loaded);
    assert!(
        text.contains(
            "`data/people.csv` is not valid CSV: a quoted cell opens here and never closes"
        ),
        "{text}"
    );
    assert!(text.contains("data/people.csv:3:4"), "{text}");
    assert!(loaded.dataset.people.is_empty(), "{text}");
}
