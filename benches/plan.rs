//! Plans at scale: a `demo-data` org of 100,000 people (about 20 required competencies
//! each) with 2 cycles and 300 rules, end to end: model and rules, data, plans (facts,
//! evaluation, learning, mentors, tracking of the previous cycle) and the exports.
//!
//! Run with `cargo bench --bench plan`. The org is generated once into
//! `target/bench-plan/`; the pipeline runs in a child process so that its peak memory
//! (VmHWM) is its own, not the generator's.

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
        let took = stage.elapsed();
        println!("{name:44} {:7.2} s", took.as_secs_f64());
        stage = Instant::now();
        took
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
    // As `talentloop plan` does: the data loads while the rules compile.
    let (loaded, data) =
        rules::load_project_with(dir, |model| data::load(model, data::Options { today }));
    let errors = loaded
        .checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .count();
    assert_eq!(errors, 0, "the demo org is valid");
    let model = loaded.checked.model.as_ref().expect("model");
    let compiled = loaded.compiled.as_ref().expect("rules");
    let data = data.expect("a valid model");
    assert!(!data.has_errors());
    let after_data = peak_memory();
    let rules: usize = compiled.sets.iter().map(|s| s.rules.len()).sum();
    lap(&format!(
        "model + {rules} rules, data: {} people x {} cycles",
        data.dataset.people.len(),
        data.dataset.cycles.len()
    ));
    let last = data.dataset.cycles.len() - 1;
    let planner = Planner::new(model, compiled);
    let (mut plans, mut actions) = (0, 0);
    let Ok(()) = planner.each_chunk(&data.dataset, last, true, |chunk| {
        plans += chunk.len();
        actions += chunk.iter().map(|p| p.actions.len()).sum::<usize>();
        Ok::<(), std::convert::Infallible>(())
    });
    let planning = lap("plans alone (2 cycles: facts, eval, mentors, tracking)");
    let out = tempfile::tempdir().expect("a temporary folder");
    let folder = out.path().join("plans");
    let written = export::write(&planner, &data.dataset, last, &folder).expect("written");
    assert_eq!(written.plans, plans);
    lap("plans written as `talentloop plan` does (streamed)");
    let end_to_end = total.elapsed() - planning;
    let size = |rel: &str| {
        walkdir::WalkDir::new(folder.join(rel))
            .into_iter()
            .filter_map(Result::ok)
            .filter_map(|e| e.metadata().ok())
            .filter(|m| m.is_file())
            .map(|m| m.len())
            .sum::<u64>()
    };
    let (per_employee, combined_len, csv_len) =
        (size("employees"), size("plans.json"), size("actions.csv"));
    let competencies: usize = data
        .dataset
        .facts_map(model, last, |f| f.competencies.len())
        .iter()
        .sum();
    let evaluations = plans
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
    println!(
        "{:44} {:7.2} s",
        "total (model, data, plans written)",
        end_to_end.as_secs_f64()
    );
    println!(
        "{} plans, {competencies} (employee, competency) pairs, ~{} rule-set evaluations per cycle, {actions} actions; JSON {:.0} MiB per employee + {:.0} MiB combined, CSV {:.0} MiB",
        plans,
        evaluations,
        per_employee as f64 / 1048576.0,
        combined_len as f64 / 1048576.0,
        csv_len as f64 / 1048576.0
    );
    println!(
        "peak memory (VmHWM): {} after loading the data, {} in all",
        after_data,
        peak_memory()
    );
}

fn peak_memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .map_or("?".into(), |v| v.trim().to_owned())
}
