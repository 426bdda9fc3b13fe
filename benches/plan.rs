//! Plans at scale: a `demo-data` org of 100,000 people (about 20 required competencies
//! each) with 2 cycles and 300 rules, end to end: model and rules, data, plans (facts,
//! evaluation, learning, mentors, tracking of the previous cycle) and the exports.
//!
//! Run with `cargo bench --bench plan`. The org is generated once into
//! `target/bench-plan/`; the pipeline runs in a child process so that its peak memory
//! (VmHWM) is its own, not the generator's.

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use talentloop::plan::{Planner, export};
use talentloop::synth::{DemoSize, demo_org, demo_rules};
use talentloop::{data, rules};

// The same allocator as the `talentloop` binary, so the figures are the command's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const SIZE: DemoSize = DemoSize {
    people: 100_000,
    cycles: 2,
    seed: 1,
};
const RULES: usize = 300;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--measure") {
        measure(Path::new(&args[i + 1]));
        return;
    }
    let people = std::env::var("TALENTLOOP_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SIZE.people);
    let size = DemoSize { people, ..SIZE };
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-plan")
        .join(format!(
            "demo-{}-{}-{}-{RULES}",
            size.people, size.cycles, size.seed
        ));
    if !dir.join("talentloop.yaml").is_file() {
        let staging = dir.with_extension("tmp");
        let _ = std::fs::remove_dir_all(&staging);
        let org = demo_org(size)
            .into_iter()
            .filter(|(p, _)| !p.starts_with("rules/"));
        let rules = demo_rules(RULES)
            .into_iter()
            .map(|(p, t)| (p, t.into_bytes()));
        for (rel, content) in org.chain(rules) {
            let path = staging.join(rel);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("create folder");
            std::fs::write(path, content).expect("write");
        }
        std::fs::rename(&staging, &dir).expect("rename");
    }
    let out = Command::new(std::env::current_exe().expect("own path"))
        .args(["--measure", dir.to_str().expect("utf-8 path")])
        .output()
        .expect("the bench re-runs itself");
    print!("{}", String::from_utf8_lossy(&out.stdout));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn measure(dir: &Path) {
    let total = Instant::now();
    let mut stage = Instant::now();
    let mut lap = |name: &str| {
        println!("{name:44} {:7.2} s", stage.elapsed().as_secs_f64());
        stage = Instant::now();
    };
    let loaded = rules::load_project(dir);
    let errors = loaded
        .checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .count();
    assert_eq!(errors, 0, "the demo org is valid");
    let model = loaded.checked.model.as_ref().expect("model");
    let compiled = loaded.compiled.as_ref().expect("rules");
    let rules: usize = compiled.sets.iter().map(|s| s.rules.len()).sum();
    lap(&format!("model + {rules} rules: check, compile, analyse"));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
    let data = data::load(model, data::Options { today });
    assert!(!data.has_errors());
    lap(&format!(
        "data: {} people x {} cycles",
        data.dataset.people.len(),
        data.dataset.cycles.len()
    ));
    let last = data.dataset.cycles.len() - 1;
    let planner = Planner::new(model, compiled);
    let plans = planner.plans(&data.dataset, last, true);
    lap("plans (2 cycles: facts, eval, mentors, tracking)");
    let out = tempfile::tempdir().expect("a temporary folder");
    let per_employee: usize = plans
        .par_iter()
        .map(|p| {
            let json = export::plan_json(p);
            std::fs::write(
                out.path()
                    .join(format!("{}.json", export::file_name(&p.talent_id))),
                &json,
            )
            .expect("write");
            json.len()
        })
        .sum();
    let combined = std::io::BufWriter::new(
        std::fs::File::create(out.path().join("plans.json")).expect("create"),
    );
    export::write_combined(combined, "2026H1", &plans).expect("write");
    let csv = std::io::BufWriter::new(
        std::fs::File::create(out.path().join("actions.csv")).expect("create"),
    );
    export::write_actions_csv(csv, &plans).expect("write");
    let combined_len = std::fs::metadata(out.path().join("plans.json")).map_or(0, |m| m.len());
    let csv_len = std::fs::metadata(out.path().join("actions.csv")).map_or(0, |m| m.len());
    lap("exports written: JSON per employee, combined, CSV");
    let competencies: usize = data
        .dataset
        .facts_map(model, last, |f| f.competencies.len())
        .iter()
        .sum();
    let evaluations = plans.len()
        * compiled
            .sets
            .iter()
            .filter(|s| s.scope == talentloop::rules::facts::Scope::Employee)
            .count()
        + competencies
            * compiled
                .sets
                .iter()
                .filter(|s| s.scope == talentloop::rules::facts::Scope::Competency)
                .count();
    let actions: usize = plans.iter().map(|p| p.actions.len()).sum();
    println!("{:44} {:7.2} s", "total", total.elapsed().as_secs_f64());
    println!(
        "{} plans, {competencies} (employee, competency) pairs, ~{} rule-set evaluations per cycle, {actions} actions; JSON {:.0} MiB per employee + {:.0} MiB combined, CSV {:.0} MiB",
        plans.len(),
        evaluations,
        per_employee as f64 / 1048576.0,
        combined_len as f64 / 1048576.0,
        csv_len as f64 / 1048576.0
    );
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map_or("?".into(), |v| v.trim().to_owned());
    println!("peak memory (VmHWM): {peak}");
}
