//! The reference check: `tests/analytics_reference/check.py` (pandas, numpy, scipy)
//! recomputes every figure of `talentloop analytics` from the exported input tables and the
//! plans export, for the bundled sample and for a `demo-data` org, and fails on any
//! difference beyond rounding.
//!
//! The Python packages are installed into a virtual environment under `target/` on the
//! first run. Without Python or PyPI the test fails when `CI` is set and otherwise says
//! loudly that it did not run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn talentloop(args: &[&str], cwd: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_talentloop"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("talentloop runs");
    assert!(
        out.status.success(),
        "talentloop {args:?} failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn run(cmd: &mut Command) -> Result<Output, String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(format!(
            "{cmd:?} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// The virtual environment's Python with pandas, numpy and scipy, made on first use.
fn python() -> Result<PathBuf, String> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"));
    let venv = target.join("analytics-venv");
    let bin = if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    };
    let ready = || {
        Command::new(&bin)
            .args(["-c", "import pandas, numpy, scipy, dateutil"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if ready() {
        return Ok(bin);
    }
    let system = if cfg!(windows) { "python" } else { "python3" };
    run(Command::new(system).args(["-m", "venv"]).arg(&venv))?;
    run(Command::new(&bin).args([
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        // The wheels are installed once into target/; a second copy in pip's cache only
        // takes disk from the build.
        "--no-cache-dir",
        "pandas",
        "numpy",
        "scipy",
    ]))?;
    if ready() {
        Ok(bin)
    } else {
        Err("pandas, numpy and scipy are still missing after pip install".into())
    }
}

/// Plans and analytics of `project` into `out`, then the reference check on them.
fn check(python: &Path, project: &Path, out: &Path) {
    let project_arg = project.to_str().expect("a UTF-8 path");
    let plans = out.join("plans");
    let analytics = out.join("analytics");
    let as_of = "2026-12-31";
    for (cmd, dir) in [("plan", &plans), ("analytics", &analytics)] {
        talentloop(
            &[
                cmd,
                "--project",
                project_arg,
                "--out",
                dir.to_str().expect("a UTF-8 path"),
                "--as-of",
                as_of,
            ],
            out,
        );
    }
    let result = Command::new(python)
        .arg(repo().join("tests/analytics_reference/check.py"))
        .arg(&analytics)
        .arg(plans.join("plans.json"))
        .output()
        .expect("python runs");
    assert!(
        result.status.success(),
        "the reference check found differences for {}:\n{}{}",
        project.display(),
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

#[test]
fn reference_check_of_the_sample_and_a_demo_org() {
    let python = match python() {
        Ok(p) => p,
        Err(e) if std::env::var_os("CI").is_some() => {
            panic!("the analytics reference check needs Python with pandas, numpy and scipy: {e}")
        }
        Err(e) => {
            eprintln!(
                "\n*** SKIPPED the analytics reference check: no Python with pandas, numpy and scipy ***\n{e}\n"
            );
            return;
        }
    };
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let sample = tmp.path().join("sample");
    std::fs::create_dir_all(&sample).expect("a folder");
    check(&python, &repo(), &sample);

    let demo = tmp.path().join("demo");
    std::fs::create_dir_all(&demo).expect("a folder");
    talentloop(
        &[
            "demo-data",
            "--people",
            "300",
            "--cycles",
            "3",
            "--seed",
            "7",
            "--out",
            "org",
        ],
        &demo,
    );
    check(&python, &demo.join("org"), &demo);
}
