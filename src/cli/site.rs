//! `talentloop build` and `talentloop serve`: the whole pipeline (check, compile, data,
//! plans) and the portal, with progress, a summary line and per-template timings.

use super::{EXIT_ERRORS, EXIT_USAGE, cycle_index, load_all, plural};
use crate::diag::{self, Code, Diagnostic, Format, SourceMap, Tally};
use crate::site::{self, paths, templates};
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Testing only: abort a build after this many pages are written, as a kill would.
pub const ABORT_VAR: &str = "TALENTLOOP_ABORT_AFTER_PAGES";

/// The options `build` and `serve` share.
pub struct BuildArgs<'a> {
    pub project: &'a Path,
    pub out: Option<&'a Path>,
    pub cycle: Option<&'a str>,
    pub demo: bool,
    pub timings: bool,
    pub as_of: Option<chrono::NaiveDate>,
}

pub(super) fn print_diags(diags: &[Diagnostic], sources: &SourceMap) {
    if !diags.is_empty() {
        eprint!("{}", diag::render(diags, sources, Format::Human));
    }
}

/// The site's folder: `--out`, or `site` in the project's folder.
fn out_dir(args: &BuildArgs, default: &str) -> PathBuf {
    args.out
        .map_or_else(|| args.project.join(default), Path::to_path_buf)
}

/// A progress bar on a terminal, nothing in CI or when output is redirected.
fn progress_bar(total: usize) -> Option<indicatif::ProgressBar> {
    let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    interactive.then(|| {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(total as u64),
            indicatif::ProgressDrawTarget::stderr(),
        );
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} pages")
        {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix("building");
        bar
    })
}

/// Runs the pipeline and writes the portal; prints diagnostics and the summary. Returns
/// the exit code.
pub fn run(args: &BuildArgs, serve: bool, default_out: &str) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let org = match load_all(args.project, args.as_of) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let (model, compiled, data) = (&org.model, &org.compiled, &org.data);
    let secret = std::env::var(paths::SECRET_VAR).ok();
    let layout = match paths::Layout::new(secret.as_deref(), args.demo, &model.default_locale) {
        Ok(l) => l,
        Err(e) => {
            let d = match e {
                paths::KeyError::Missing => Diagnostic::new(
                    Code::MissingSecret,
                    format!(
                        "refusing to write personal pages without a secret: `{}` is not set",
                        paths::SECRET_VAR
                    ),
                )
                .help(format!(
                    "set `{}` from your CI's secret store, or pass `--demo` for sample data",
                    paths::SECRET_VAR
                )),
                paths::KeyError::TooShort(n) => Diagnostic::new(
                    Code::MissingSecret,
                    format!(
                        "`{}` is {n} bytes long; personal page paths need at least {}",
                        paths::SECRET_VAR,
                        paths::MIN_SECRET_LEN
                    ),
                )
                .help("use a long random value, e.g. `openssl rand -hex 32`"),
            };
            print_diags(&[d], &SourceMap::default());
            return Ok(ExitCode::from(EXIT_ERRORS));
        }
    };
    let mut diags = Vec::new();
    let folder = match templates::read_folder(&model.paths.templates) {
        Ok(f) => f,
        Err(d) => {
            print_diags(&[*d], &SourceMap::default());
            return Ok(ExitCode::from(EXIT_ERRORS));
        }
    };
    let templates = match templates::Templates::new(&folder, &mut diags) {
        Ok(t) => {
            print_diags(&diags, &t.sources);
            t
        }
        Err(sources) => {
            print_diags(&diags, &sources);
            let tally = Tally::of(&diags);
            eprintln!(
                "the portal's templates have {} error{}; nothing was written",
                tally.errors,
                plural(tally.errors)
            );
            return Ok(ExitCode::from(EXIT_ERRORS));
        }
    };
    let loaded_at = (started.elapsed(), peak_memory_kib());
    let index = cycle_index(&data.dataset, args.cycle)?;
    let dataset = &data.dataset;
    let out = out_dir(args, default_out);
    let employees = dataset.employees(index);
    let managers: std::collections::BTreeSet<_> = employees
        .iter()
        .filter_map(|p| dataset.person(*p).assignments.get(index)?.as_ref()?.manager)
        .collect();
    let total =
        employees.len() + managers.len() + model.locales.len() * (3 + paths::HrPage::ALL.len());
    drop(employees);
    let bar = progress_bar(total);
    let abort_after = std::env::var(ABORT_VAR).ok().and_then(|v| v.parse().ok());
    let options = site::Options {
        out,
        layout,
        demo: args.demo,
        serve,
        abort_after,
    };
    let inputs = site::Inputs {
        model,
        compiled,
        dataset,
        cycle: index,
    };
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    // Plans are made a chunk at a time, each team's together: their pages are written and
    // the HR analytics collected as they come, so the org's plans are never all in memory.
    let mut errors: Vec<String> = Vec::new();
    let mut streamed_at = None;
    // With `analytics.adaptive_ranking`, resources rank by their observed learning effect too.
    let planning = crate::analytics::planning_model(model, dataset, index);
    let result = site::Builder::begin(&inputs, &templates, &options, &tick).and_then(|mut b| {
        let mut history = site::hr::History::new(model, dataset, data.report.learning.coverage);
        let rows: Vec<_> = (0..=index)
            .map(|c| crate::analytics::PersonInputs::new(model, dataset, c))
            .collect();
        crate::plan::Planner::new(&planning, compiled).each_cycle_chunk_with(
            dataset,
            index,
            crate::plan::Order::Manager,
            |cycle, facts| rows[cycle].of(facts),
            |cycle, chunk, people| {
                history.add(cycle, &chunk, people);
                if cycle == index {
                    errors.extend(chunk.iter().flat_map(|p| p.errors.iter().cloned()));
                    b.add(chunk)?;
                } else {
                    // Thousands of small allocations: dropped on all threads.
                    crate::plan::free(chunk);
                }
                Ok::<(), Box<Diagnostic>>(())
            },
        )?;
        streamed_at = Some((started.elapsed(), peak_memory_kib()));
        b.finish(&history.finish(index))
    });
    let rendered_at = (started.elapsed(), peak_memory_kib());
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    errors.sort();
    for e in &errors {
        eprintln!("error[{}]: {e}", Code::EvaluationError.as_str());
    }
    let summary = match result {
        Ok(s) => s,
        Err(d) => {
            print_diags(&[*d], &templates.sources);
            eprintln!("the portal was not written; the previous site is unchanged");
            return Ok(ExitCode::from(EXIT_ERRORS));
        }
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let shown = |p: &Path| crate::model::display_path(p.strip_prefix(&cwd).unwrap_or(p));
    eprintln!(
        "built the {} portal: {} pages ({} employee, {} team, {} public, {} HR), {} written, {} unchanged, {:.1} MiB in {:.2} s → {}",
        data.dataset.cycles[index].id,
        summary.pages(),
        summary.employee_pages,
        summary.manager_pages,
        summary.public_pages,
        summary.hr_pages,
        summary.counts.written,
        summary.counts.unchanged,
        summary.counts.bytes as f64 / 1_048_576.0,
        started.elapsed().as_secs_f64(),
        shown(&summary.target.join("index.html")),
    );
    eprintln!(
        "access manifest (who may read each personal page): {}",
        shown(&summary.manifest)
    );
    if args.demo && !serve {
        if let Some(p) = &summary.first_employee {
            eprintln!(
                "demo: an employee page is {}",
                shown(&p.under(&summary.target))
            );
        }
        if let Some(p) = &summary.first_manager {
            eprintln!("demo: a team page is {}", shown(&p.under(&summary.target)));
        }
        if let Some(p) = &summary.hr_home {
            eprintln!(
                "demo: the HR section is {}",
                shown(&p.under(&summary.target))
            );
        }
    }
    if args.timings {
        let streamed = streamed_at.unwrap_or(rendered_at);
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        for (stage, spent, peak) in [
            ("load (model, rules, data)", loaded_at.0, loaded_at.1),
            (
                "plans, analytics, pages",
                streamed.0 - loaded_at.0,
                streamed.1,
            ),
            (
                "HR pages, manifest",
                rendered_at.0 - streamed.0,
                rendered_at.1,
            ),
        ] {
            let peak = peak.map_or_else(String::new, |k| {
                format!(", peak memory so far {:.0} MiB", k as f64 / 1024.0)
            });
            eprintln!("stage {stage:<26} {:>10.1} ms{peak}", ms(spent));
        }
        eprintln!(
            "{:<16} {:>8} {:>12} {:>12} {:>12}",
            "template", "pages", "total ms", "mean ms", "max ms"
        );
        for t in &summary.timings {
            let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
            eprintln!(
                "{:<16} {:>8} {:>12.1} {:>12.3} {:>12.3}",
                t.template,
                t.pages,
                ms(t.total),
                ms(t.total) / t.pages.max(1) as f64,
                ms(t.max)
            );
        }
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_ERRORS)
    })
}

/// `talentloop serve`: builds into the preview folder, serves it on 127.0.0.1 and rebuilds
/// when the model, rules, templates or data change.
pub fn serve(args: &BuildArgs, port: u16, max_rebuilds: Option<usize>) -> anyhow::Result<ExitCode> {
    const PREVIEW: &str = "build/preview";
    let checked = crate::model::check_project(args.project);
    let Some(model) = checked.model.as_ref() else {
        return Ok(super::report(&checked, Format::Human, false));
    };
    let out = out_dir(args, PREVIEW);
    let out = std::path::absolute(&out).unwrap_or(out);
    let mut folders: Vec<PathBuf> = vec![
        model.paths.models.clone(),
        model.paths.rules.clone(),
        model.paths.templates.clone(),
        model.paths.data.clone(),
        args.project.join(crate::model::PROJECT_FILE),
    ];
    folders.sort();
    folders.dedup();
    let args = BuildArgs {
        out: Some(&out),
        ..*args
    };
    run(&args, true, PREVIEW)?;
    let server = match site::serve::Server::start(out.clone(), port) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: cannot listen on 127.0.0.1:{port}: {e}");
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    eprintln!(
        "serving http://{}/ — watching the model, rules, templates and data; Ctrl-C stops",
        server.addr
    );
    if args.demo {
        // Personal pages are not linked from the index: name one of each kind.
        let manifest = std::fs::read(site::manifest_path(&out))
            .ok()
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok());
        let first = |kind: &str| {
            manifest.as_ref()?["people"]
                .as_object()?
                .values()
                .find_map(|home| home[kind].as_str().map(str::to_owned))
        };
        for (what, kind) in [("an employee page", "employee"), ("a team page", "team")] {
            if let Some(path) = first(kind) {
                eprintln!("demo: {what} is http://{}/{path}", server.addr);
            }
        }
        let hr = manifest
            .as_ref()
            .and_then(|m| m["audiences"]["hr"]["home"][&model.default_locale].as_str());
        if let Some(path) = hr {
            eprintln!("demo: the HR section is http://{}/{path}", server.addr);
        }
    }
    let stop = AtomicBool::new(false);
    let mut rebuild = || {
        eprintln!("change detected; rebuilding");
        if matches!(run(&args, true, PREVIEW), Ok(code) if code == ExitCode::SUCCESS) {
            server.version.fetch_add(1, Ordering::Relaxed);
        }
    };
    if let Err(e) = site::serve::watch(&folders, &out, &stop, max_rebuilds, &mut rebuild) {
        eprintln!("error: cannot watch the project's folders: {e}");
        return Ok(ExitCode::from(EXIT_ERRORS));
    }
    Ok(ExitCode::SUCCESS)
}

/// The process's peak resident memory in KiB (`VmHWM`, Linux only).
fn peak_memory_kib() -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
