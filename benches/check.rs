//! `check` on a large generated model against parsing the same YAML alone.
//!
//! Run with `cargo bench --bench check`. Both sides work on the same bytes in memory, so the
//! ratio is what validation adds on top of YAML parsing.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};
use talentloop::model::{self, Input};
use talentloop::synth::{ModelSize, model_files};

const SIZE: ModelSize = ModelSize {
    competencies: 2_000,
    roles: 5_000,
    resources: 10_000,
    per_file: 500,
};

fn main() {
    let files = model_files(SIZE);
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    let (project, models) = inputs(&files);
    let checked = model::check_inputs(Path::new("."), &project, &models);
    let errors = checked.diagnostics.iter().filter(|d| d.is_error()).count();
    assert_eq!(errors, 0, "the generated model must be valid");
    println!(
        "model: {} competencies, {} roles, {} resources in {} files, {:.1} MiB; {} warnings",
        SIZE.competencies,
        SIZE.roles,
        SIZE.resources,
        files.len(),
        bytes as f64 / 1048576.0,
        checked.diagnostics.len()
    );

    let parse = measure(|| {
        for input in models.iter().chain([&project]) {
            let text = std::str::from_utf8(&input.bytes).unwrap();
            black_box(serde_saphyr::from_str::<serde::de::IgnoredAny>(text).unwrap());
        }
    });
    let check = measure(|| {
        black_box(model::check_inputs(Path::new("."), &project, &models));
    });
    report("bare YAML parse (IgnoredAny)", parse, bytes);
    report("talentloop check", check, bytes);
    println!(
        "ratio check / parse: {:.2}",
        check.as_secs_f64() / parse.as_secs_f64()
    );
}

fn inputs(files: &[(String, String)]) -> (Input, Vec<Input>) {
    let to_input = |(path, text): &(String, String)| Input {
        path: path.clone(),
        bytes: text.clone().into_bytes(),
    };
    let project = to_input(&files[0]);
    (project, files[1..].iter().map(to_input).collect())
}

/// The median of several timed runs after a warm-up.
fn measure(mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..7)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn report(what: &str, t: Duration, bytes: usize) {
    println!(
        "{what:32} {:8.1} ms  {:6.1} MiB/s",
        t.as_secs_f64() * 1e3,
        bytes as f64 / 1048576.0 / t.as_secs_f64()
    );
}
