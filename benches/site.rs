//! The portal at scale: `talentloop build` of a `demo-data` org (100,000 people by default,
//! 3 cycles, the demo's generated rules) against `cp -r` of the finished site as the floor,
//! then a rebuild with nothing changed and a rebuild after changing one rule.
//!
//! Run with `cargo bench --bench site` (`SITE_BENCH_PEOPLE=10000` for a smaller org). The
//! org is generated once into `target/bench-site/`. Every build is a fresh process of the
//! release binary, so its peak memory (max RSS from `wait4`) is the build's alone.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use talentloop::synth::{DemoSize, demo_org};

fn main() {
    let people: usize = std::env::var("SITE_BENCH_PEOPLE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let size = DemoSize {
        people,
        cycles: 3,
        seed: 1,
    };
    let work = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-site");
    let org = work.join(format!("org-{people}"));
    if !org.join("talentloop.yaml").is_file() {
        let start = Instant::now();
        let files = demo_org(size);
        let staging = org.with_extension("tmp");
        let _ = std::fs::remove_dir_all(&staging);
        for (rel, content) in &files {
            let path = staging.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, content).unwrap();
        }
        std::fs::rename(&staging, &org).unwrap();
        println!(
            "generated the org ({} files) in {:.1} s",
            files.len(),
            start.elapsed().as_secs_f64()
        );
    }
    // Each run writes into folders of its own and removes them at the end: deleting a large
    // tree right before creating one makes ext4 slow to allocate inodes (it skips inodes freed
    // in the last minutes), which would penalise whichever of build and `cp -r` comes second.
    for entry in std::fs::read_dir(&work).unwrap().flatten() {
        if entry.file_name().to_string_lossy().starts_with("run-") {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
    let run = work.join(format!("run-{people}-{}", std::process::id()));
    let site = run.join("site");
    let copy = run.join("copy");
    let rules = rule_file(&org);
    let original = std::fs::read_to_string(&rules).unwrap();

    let first = build(&org, &site);
    println!("full build:           {}", first.line());
    for stage in &first.stages {
        println!("  {stage}");
    }
    let (files, bytes) = tree_size(&site);
    let start = Instant::now();
    let cp = Command::new("cp")
        .arg("-r")
        .arg(&site)
        .arg(&copy)
        .status()
        .unwrap();
    assert!(cp.success());
    let floor = start.elapsed();
    println!(
        "cp -r of the site:    {:.2} s ({files} files, {:.0} MiB)",
        floor.as_secs_f64(),
        bytes as f64 / 1_048_576.0
    );
    println!(
        "ratio build / cp -r:  {:.1}",
        first.wall.as_secs_f64() / floor.as_secs_f64()
    );
    let same = build(&org, &site);
    println!("rebuild, no change:   {}", same.line());
    // One rule changed: its note's text, which shows on the pages of those it fires for.
    let changed = change_one_rule(&original);
    std::fs::write(&rules, &changed).unwrap();
    let one = build(&org, &site);
    std::fs::write(&rules, &original).unwrap();
    println!("rebuild, one rule:    {}", one.line());
    let _ = std::fs::remove_dir_all(&run);
}

/// The demo's competency rule set.
fn rule_file(org: &Path) -> PathBuf {
    let dir = org.join("rules");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .find(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("scope: competency")
        })
        .expect("the demo org has a competency rule set")
}

/// The first rule note's text gets a suffix.
fn change_one_rule(text: &str) -> String {
    let marker = "note: {text: \"";
    let at = text.find(marker).expect("a rule with a note") + marker.len();
    format!("{}(changed) {}", &text[..at], &text[at..])
}

struct Run {
    /// The build's own `stage ...` lines (time and peak memory per stage).
    stages: Vec<String>,
    wall: Duration,
    max_rss_kib: u64,
    summary: String,
}

impl Run {
    fn line(&self) -> String {
        format!(
            "{:.2} s, peak memory {:.0} MiB — {}",
            self.wall.as_secs_f64(),
            self.max_rss_kib as f64 / 1024.0,
            self.summary
        )
    }
}

fn build(org: &Path, site: &Path) -> Run {
    let start = Instant::now();
    let child = Command::new(env!("CARGO_BIN_EXE_talentloop"))
        .args(["build", "--demo", "--timings", "--as-of", "2026-07-01"])
        .arg("--project")
        .arg(org)
        .arg("--out")
        .arg(site)
        .env_remove("TALENTLOOP_SECRET")
        .env("CI", "true")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let (status, rss, stderr) = wait_with_rusage(child);
    let wall = start.elapsed();
    assert!(status, "the build failed:\n{stderr}");
    let summary = stderr
        .lines()
        .find(|l| l.starts_with("built the"))
        .unwrap_or("")
        .split(": ")
        .nth(1)
        .unwrap_or("")
        .split(" → ")
        .next()
        .unwrap_or("")
        .to_owned();
    Run {
        stages: stderr
            .lines()
            .filter(|l| l.starts_with("stage "))
            .map(str::to_owned)
            .collect(),
        wall,
        max_rss_kib: rss,
        summary,
    }
}

/// Waits for a child and returns (success, max RSS in KiB, stderr).
fn wait_with_rusage(mut child: std::process::Child) -> (bool, u64, String) {
    use std::io::Read as _;
    let mut stderr = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut stderr);
    }
    let pid = child.id() as i32;
    let mut status = 0i32;
    // SAFETY: an all-zero `rusage` is valid, and `wait4` writes into the two locals only.
    let mut usage: libc_rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(rc, pid, "wait4 failed");
    let exited_ok = (status & 0x7f) == 0 && ((status >> 8) & 0xff) == 0;
    (exited_ok, usage.ru_maxrss as u64, stderr)
}

/// `struct rusage` of Linux (x86_64 and aarch64).
#[repr(C)]
struct libc_rusage {
    ru_utime: [i64; 2],
    ru_stime: [i64; 2],
    ru_maxrss: i64,
    rest: [i64; 13],
}

unsafe extern "C" {
    fn wait4(pid: i32, status: *mut i32, options: i32, rusage: *mut libc_rusage) -> i32;
}

fn tree_size(dir: &Path) -> (usize, u64) {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .fold((0, 0), |(n, b), e| {
            (n + 1, b + e.metadata().map_or(0, |m| m.len()))
        })
}
