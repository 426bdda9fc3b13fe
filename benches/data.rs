//! Loading review data at scale: a `demo-data` org of 100,000 people with 3 cycles of
//! reviews, goals, learning records and dialogues, read from disk by `data::load`.
//!
//! Run with `cargo bench --bench data`. The org is generated once into
//! `target/bench-data/` (reused by later runs); the load is measured in a child process so
//! that its peak memory (VmHWM) is the load's alone, not the generator's.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use talentloop::data::{self, Options};
use talentloop::model;
use talentloop::synth::{DemoSize, demo_org};

const SIZE: DemoSize = DemoSize {
    people: 100_000,
    cycles: 3,
    seed: 1,
};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--measure") {
        measure(Path::new(&args[i + 1]));
        return;
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-data")
        .join(format!(
            "demo-{}-{}-{}",
            SIZE.people, SIZE.cycles, SIZE.seed
        ));
    if !dir.join("talentloop.yaml").is_file() {
        let start = Instant::now();
        let files = demo_org(SIZE);
        let bytes: usize = files.iter().map(|f| f.1.len()).sum();
        let staging = dir.with_extension("tmp");
        let _ = std::fs::remove_dir_all(&staging);
        for (rel, content) in &files {
            let path = staging.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, content).unwrap();
        }
        std::fs::rename(&staging, &dir).unwrap();
        println!(
            "generated {} files, {:.1} MiB, in {:.1} s",
            files.len(),
            bytes as f64 / 1048576.0,
            start.elapsed().as_secs_f64()
        );
    }
    // Each run in a fresh process: the median of five, with its own peak memory.
    let mut counts = String::new();
    let mut runs: Vec<(Duration, Duration, u64)> = (0..5)
        .map(|_| {
            let out = Command::new(std::env::current_exe().unwrap())
                .args(["--measure", dir.to_str().unwrap()])
                .output()
                .expect("the bench re-runs itself");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            counts = String::from_utf8_lossy(&out.stderr).trim().to_owned();
            let line = String::from_utf8_lossy(&out.stdout).into_owned();
            let nums: Vec<f64> = line
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (
                Duration::from_secs_f64(nums[0]),
                Duration::from_secs_f64(nums[1]),
                nums[2] as u64,
            )
        })
        .collect();
    println!("{counts}");
    runs.sort();
    let (load, facts, hwm) = runs[runs.len() / 2];
    let peak = runs.iter().map(|r| r.2).max().unwrap_or(hwm);
    println!(
        "data::load of {} people x {} cycles (median of {}): {:.2} s; facts of the last cycle: {:.2} s; peak memory (VmHWM, max of runs): {:.0} MiB",
        SIZE.people,
        SIZE.cycles,
        runs.len(),
        load.as_secs_f64(),
        facts.as_secs_f64(),
        peak as f64 / 1024.0
    );
}

/// One measured load; prints `load_seconds facts_seconds vmhwm_kib`.
fn measure(dir: &Path) {
    let checked = model::check_project(dir);
    let model = checked.model.expect("the demo model is valid");
    let start = Instant::now();
    let loaded = data::load(
        &model,
        Options {
            today: chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
        },
    );
    let load = start.elapsed();
    assert!(!loaded.has_errors());
    let (read, rows, skipped, _) = loaded.report.totals();
    assert_eq!(read, rows + skipped);
    let start = Instant::now();
    let last = loaded.dataset.cycles.len() - 1;
    let mut competencies = 0usize;
    for f in loaded.dataset.facts_iter(&model, last) {
        competencies += f.competencies.len();
    }
    let facts = start.elapsed();
    assert!(competencies > 0);
    eprintln!(
        "{read} rows, {} people, {} reviews, {} goals, {} learning records, {} dialogue rows; {competencies} competency facts",
        loaded.dataset.people.len(),
        loaded.dataset.reviews.len(),
        loaded.dataset.goals.len(),
        loaded.dataset.learning.len(),
        loaded.dataset.dialogues.len()
    );
    println!(
        "{} {} {}",
        load.as_secs_f64(),
        facts.as_secs_f64(),
        vm_hwm_kib()
    );
}

/// The process's peak resident memory in KiB, from `/proc/self/status` (Linux).
fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).map(str::to_owned))
        })
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}
