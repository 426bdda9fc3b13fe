//! The command line: the only module that parses arguments and prints.

use crate::diag::{self, Format, Tally};
use crate::{data, docs, model, rules, scaffold, synth, table};
use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod site;

/// Exit code of a run that found errors in user input.
const EXIT_ERRORS: u8 = 1;
/// Exit code of a wrong invocation (bad flags, missing project).
const EXIT_USAGE: u8 = 2;

#[derive(Parser)]
#[command(name = "talentloop", version, about = "Compile competency models, learning-trigger rules and review data into development plans", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load and validate the org model and its rules; report every problem.
    Check {
        /// The org's folder (holding talentloop.yaml).
        #[arg(long, default_value = ".")]
        project: PathBuf,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Compile the rule sets into decision tables (JSON, Markdown, HTML) and analyse them.
    Compile {
        /// The org's folder (holding talentloop.yaml).
        #[arg(long, default_value = ".")]
        project: PathBuf,
        /// Folder to write the tables into [default: build/tables in the project's folder].
        #[arg(long)]
        out: Option<PathBuf>,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Run the rule tests in the rules folder's `tests/` and report rule coverage.
    Test {
        /// The org's folder (holding talentloop.yaml).
        #[arg(long, default_value = ".")]
        project: PathBuf,
    },
    /// Show an employee's facts with their sources, the rules that fired and the plan's
    /// reasons (`explain EMPLOYEE`), or, for given facts (`--facts FILE`), every rule's tests
    /// cell by cell and the resulting actions.
    Explain {
        /// The org's folder (holding talentloop.yaml).
        #[arg(long, default_value = ".")]
        project: PathBuf,
        /// A talent id (or an alias such as an email) whose facts to show from the data.
        #[arg(required_unless_present = "facts", conflicts_with = "facts")]
        employee: Option<String>,
        /// The cycle; by default the latest one the employee is in.
        #[arg(long, requires = "employee")]
        cycle: Option<String>,
        /// Dates after this day count as in the future (default: today).
        #[arg(long, requires = "employee")]
        as_of: Option<chrono::NaiveDate>,
        /// A YAML file with `facts:` and `competencies:`, as rule tests write them.
        #[arg(long)]
        facts: Option<PathBuf>,
        /// Only this rule set.
        #[arg(long)]
        rule_set: Option<String>,
    },
    /// Review data: load the exports `sources.yaml` describes and report on them.
    Data {
        #[command(subcommand)]
        command: DataCommand,
    },
    /// Write a complete synthetic org (project, model, sources.yaml and exports) of any size.
    ///
    /// Completing the resource `res00026` always raises competency `c00026` by the cycle's
    /// review (the learning effect `talentloop analytics` should find); roles `r00000` and
    /// `r00001` raise a requirement 6 and 9 months after the last cycle (the forecast).
    DemoData {
        /// How many people.
        #[arg(long, default_value_t = 60)]
        people: usize,
        /// How many review cycles (half years, ending with 2026H1).
        #[arg(long, default_value_t = 2)]
        cycles: usize,
        /// The same seed writes the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The new org's folder; refused when it already holds a project.
        #[arg(long)]
        out: PathBuf,
    },
    /// Evaluate the rules on the review data and write development plans (JSON and a CSV
    /// action list).
    Plan {
        /// The org's folder (holding talentloop.yaml).
        #[arg(long, default_value = ".")]
        project: PathBuf,
        /// The review cycle to plan [default: the project's last cycle].
        #[arg(long)]
        cycle: Option<String>,
        /// Folder to write the plans into [default: build/plans in the project's folder].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Dates after this day count as in the future (default: today).
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// Compute the HR analytics of a cycle (gap heatmaps, 9-box, pilot metrics, learning
    /// effect, learning speed, forecast, maturity, data dictionary) and write them as JSON and
    /// CSV, with the per-person input tables they are computed from.
    Analytics {
        /// The org's folder (holding talentloop.yaml).
        #[arg(long, default_value = ".")]
        project: PathBuf,
        /// The review cycle [default: the project's last cycle].
        #[arg(long)]
        cycle: Option<String>,
        /// Folder to write into [default: build/analytics in the project's folder].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Dates after this day count as in the future (default: today).
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// Show what a change to the rules or the model does to people's plans: the org at a base
    /// (a git revision or another folder) against the working tree, over the same data.
    Diff {
        /// The org's folder (holding talentloop.yaml).
        #[arg(long, default_value = ".")]
        project: PathBuf,
        /// A git revision (e.g. `main`, `HEAD~1`) or a folder holding the base org.
        #[arg(long)]
        base: String,
        /// The review cycle [default: the project's last cycle].
        #[arg(long)]
        cycle: Option<String>,
        /// Markdown for a pull-request comment instead of text.
        #[arg(long)]
        markdown: bool,
        /// Exit 1 when any plan changes (for CI gates).
        #[arg(long)]
        fail_on_change: bool,
        /// Dates after this day count as in the future (default: today).
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// Run the whole pipeline (check, compile, data, plans) and build the development
    /// portal: employee, team, catalog, rules and index pages, and the access manifest.
    Build {
        /// The org's folder (holding talentloop.yaml).
        #[arg(long, default_value = ".")]
        project: PathBuf,
        /// The site's folder [default: site in the project's folder]; the access manifest
        /// is written beside it.
        #[arg(long)]
        out: Option<PathBuf>,
        /// The review cycle [default: the project's last cycle].
        #[arg(long)]
        cycle: Option<String>,
        /// Sample data: without TALENTLOOP_SECRET, derive page paths from a public demo key.
        #[arg(long)]
        demo: bool,
        /// Print the time spent in each template.
        #[arg(long)]
        timings: bool,
        /// Dates after this day count as in the future (default: today).
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
    },
    /// Build the portal into a preview folder, serve it on 127.0.0.1 and rebuild and reload
    /// when the model, rules, templates or data change.
    Serve {
        /// The org's folder (holding talentloop.yaml).
        #[arg(long, default_value = ".")]
        project: PathBuf,
        /// The preview's folder [default: build/preview in the project's folder].
        #[arg(long)]
        out: Option<PathBuf>,
        /// The port on 127.0.0.1 (0 picks a free one).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// The review cycle [default: the project's last cycle].
        #[arg(long)]
        cycle: Option<String>,
        /// Sample data: without TALENTLOOP_SECRET, derive page paths from a public demo key.
        #[arg(long)]
        demo: bool,
        /// Dates after this day count as in the future (default: today).
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
        /// Stop after this many rebuilds (for tests).
        #[arg(long, hide = true)]
        max_rebuilds: Option<usize>,
    },
    /// Write the JSON Schemas of the YAML file kinds, for editor completion.
    Schema {
        /// Folder to write into.
        #[arg(long, default_value = "schemas")]
        out: PathBuf,
    },
    /// Scaffold a new org with one small file of each kind.
    Init {
        /// The new org's folder; created when missing, refused when it already has a project.
        dir: PathBuf,
    },
    /// Write the generated reference pages (diagnostic codes).
    Docs {
        /// Folder to write into.
        #[arg(long, default_value = "docs")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum DataCommand {
    /// Read every export, validate it against the model and print the data-quality report.
    Check {
        /// The org's folder (holding talentloop.yaml).
        #[arg(long, default_value = ".")]
        project: PathBuf,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
        /// Fail (exit 1) on warnings too.
        #[arg(long)]
        deny_warnings: bool,
        /// Also write the report as JSON to this file (`-` for standard output), for the portal.
        #[arg(long)]
        json: Option<PathBuf>,
        /// Dates after this day count as in the future (default: today).
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
        /// Rows listed per kind of problem in the printed report.
        #[arg(long, default_value_t = 10)]
        rows: usize,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    /// Source snippets with the offending node underlined.
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub Actions annotations.
    Github,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Check {
            project,
            format,
            deny_warnings,
        } => Ok(check(&project, format.into(), deny_warnings)),
        Command::Compile {
            project,
            out,
            format,
            deny_warnings,
        } => compile(&project, out.as_deref(), format.into(), deny_warnings),
        Command::Test { project } => Ok(test(&project)),
        Command::Explain {
            project,
            employee,
            cycle,
            as_of,
            facts,
            rule_set,
        } => match (employee, facts) {
            (Some(employee), _) => explain_employee(&project, &employee, cycle.as_deref(), as_of),
            (None, Some(facts)) => explain(&project, &facts, rule_set.as_deref()),
            // clap requires one of the two.
            (None, None) => Ok(ExitCode::from(EXIT_USAGE)),
        },
        Command::Data {
            command:
                DataCommand::Check {
                    project,
                    format,
                    deny_warnings,
                    json,
                    as_of,
                    rows,
                },
        } => data_check(
            &project,
            format.into(),
            deny_warnings,
            json.as_deref(),
            as_of,
            rows,
        ),
        Command::DemoData {
            people,
            cycles,
            seed,
            out,
        } => demo_data(people, cycles, seed, &out),
        Command::Plan {
            project,
            cycle,
            out,
            as_of,
        } => plan(&project, cycle.as_deref(), out.as_deref(), as_of),
        Command::Analytics {
            project,
            cycle,
            out,
            as_of,
        } => analytics(&project, cycle.as_deref(), out.as_deref(), as_of),
        Command::Diff {
            project,
            base,
            cycle,
            markdown,
            fail_on_change,
            as_of,
        } => diff(
            &project,
            &base,
            cycle.as_deref(),
            markdown,
            fail_on_change,
            as_of,
        ),
        Command::Build {
            project,
            out,
            cycle,
            demo,
            timings,
            as_of,
        } => site::run(
            &site::BuildArgs {
                project: &project,
                out: out.as_deref(),
                cycle: cycle.as_deref(),
                demo,
                timings,
                as_of,
            },
            false,
            "site",
        ),
        Command::Serve {
            project,
            out,
            port,
            cycle,
            demo,
            as_of,
            max_rebuilds,
        } => site::serve(
            &site::BuildArgs {
                project: &project,
                out: out.as_deref(),
                cycle: cycle.as_deref(),
                demo,
                timings: false,
                as_of,
            },
            port,
            max_rebuilds,
        ),
        Command::Schema { out } => {
            write_all(&out, model::schema::all()).map(|()| ExitCode::SUCCESS)
        }
        Command::Docs { out } => write_all(&out, docs::all()).map(|()| ExitCode::SUCCESS),
        Command::Init { dir } => init(&dir),
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e:#}");
        ExitCode::from(EXIT_ERRORS)
    })
}

fn check(project: &Path, format: Format, deny_warnings: bool) -> ExitCode {
    let loaded = rules::load_project(project);
    report(&loaded.checked, format, deny_warnings)
}

/// Prints the diagnostics and a summary line; returns the exit code they imply.
fn report(checked: &model::Checked, format: Format, deny_warnings: bool) -> ExitCode {
    let rendered = diag::render(&checked.diagnostics, &checked.sources, format);
    let tally = Tally::of(&checked.diagnostics);
    match format {
        Format::Human => eprint!("{rendered}"),
        Format::Json | Format::Github => print!("{rendered}"),
    }
    let files = checked.sources.files().count();
    eprintln!(
        "checked {files} file{}: {} error{}, {} warning{}",
        plural(files),
        tally.errors,
        plural(tally.errors),
        tally.warnings,
        plural(tally.warnings)
    );
    let not_found = checked
        .diagnostics
        .iter()
        .any(|d| d.code == diag::Code::ProjectNotFound);
    if not_found {
        ExitCode::from(EXIT_USAGE)
    } else if tally.errors > 0 || (deny_warnings && tally.warnings > 0) {
        ExitCode::from(EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

fn compile(
    project: &Path,
    out: Option<&Path>,
    format: Format,
    deny_warnings: bool,
) -> anyhow::Result<ExitCode> {
    let loaded = rules::load_project(project);
    let code = report(&loaded.checked, format, deny_warnings);
    let (Some(compiled), Some(model)) = (
        loaded.compiled.filter(|_| code == ExitCode::SUCCESS),
        &loaded.checked.model,
    ) else {
        return Ok(code);
    };
    // Tables go under the project unless `--out` says otherwise.
    let out = out.map_or_else(|| project.join("build/tables"), Path::to_path_buf);
    let out = out.as_path();
    let mut files = Vec::new();
    for (t, s) in compiled.tables.iter().zip(&compiled.sets) {
        files.push((format!("{}.json", s.id), table::render::json(t, s)));
        let locale = &model.default_locale;
        files.push((
            format!("{}.md", s.id),
            table::render::markdown(t, s, locale),
        ));
        files.push((format!("{}.html", s.id), table::render::html(t, s, locale)));
    }
    write_all(
        out,
        files.iter().map(|(n, t)| (n.as_str(), t.clone())).collect(),
    )?;
    Ok(code)
}

fn test(project: &Path) -> ExitCode {
    let mut loaded = rules::load_project(project);
    let (Some(model), Some(compiled)) = (&loaded.checked.model, &loaded.compiled) else {
        return report(&loaded.checked, Format::Human, false);
    };
    if Tally::of(&loaded.checked.diagnostics).errors > 0 {
        return report(&loaded.checked, Format::Human, false);
    }
    let mut diags = Vec::new();
    let results = rules::testing::run(model, compiled, &mut diags);
    for r in &results.results {
        if r.failures.is_empty() {
            println!("test {} ... ok", r.name);
        } else {
            println!("test {} ... FAILED", r.name);
            for f in &r.failures {
                println!("    {f}");
            }
        }
    }
    // Failed tests are listed above and again as diagnostics, which give their file and line.
    loaded.checked.diagnostics.extend(diags);
    if !loaded.checked.diagnostics.is_empty() {
        eprint!(
            "{}",
            diag::render(
                &loaded.checked.diagnostics,
                &loaded.checked.sources,
                Format::Human
            )
        );
    }
    let rules_total: usize = compiled
        .sets
        .iter()
        .map(|s| s.rules.iter().filter(|r| r.enabled).count())
        .sum();
    println!(
        "\nrule coverage: {} of {rules_total} enabled rules fired in some test",
        rules_total - results.uncovered.len()
    );
    for u in &results.uncovered {
        println!("    not covered: {u}");
    }
    println!("{} passed, {} failed", results.passed(), results.failed());
    let errors = Tally::of(&loaded.checked.diagnostics).errors;
    if results.failed() > 0 || errors > 0 {
        ExitCode::from(EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    }
}

fn explain(project: &Path, facts: &Path, only: Option<&str>) -> anyhow::Result<ExitCode> {
    let mut loaded = rules::load_project(project);
    let (Some(model), Some(compiled)) = (loaded.checked.model.take(), &loaded.compiled) else {
        return Ok(report(&loaded.checked, Format::Human, false));
    };
    let bytes =
        std::fs::read(facts).with_context(|| format!("failed to read `{}`", facts.display()))?;
    let input = model::Input {
        path: model::display_path(facts),
        bytes,
    };
    let checked = &mut loaded.checked;
    let (file, raw) = model::parse_yaml::<rules::raw::FactsFile>(
        &input,
        &mut checked.sources,
        &mut checked.diagnostics,
    );
    let traces = raw.map(|raw| {
        let employee = rules::input::employee(
            &model,
            file,
            &raw.facts,
            &raw.competencies,
            &mut checked.diagnostics,
        );
        table::explain::for_employee(compiled, &employee, only)
    });
    if Tally::of(&checked.diagnostics).errors > 0 || traces.is_none() {
        return Ok(report(checked, Format::Human, false));
    }
    let mut out = std::io::stdout().lock();
    for t in traces.unwrap_or_default() {
        write!(out, "{}", table::explain::render(&t))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn write_all(dir: &Path, files: Vec<(&str, String)>) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("failed to create `{}`", dir.display()))?;
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text)
            .with_context(|| format!("failed to write `{}`", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

fn init(dir: &Path) -> anyhow::Result<ExitCode> {
    let written = scaffold::init(dir)?;
    let mut out = std::io::stdout().lock();
    for path in &written {
        writeln!(out, "created {}", path.display())?;
    }
    writeln!(out, "\nnext: talentloop check --project {}", dir.display())?;
    Ok(ExitCode::SUCCESS)
}

/// Today's date from the system clock: the edge where the clock is read.
fn today() -> chrono::NaiveDate {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|e| e.checked_add_days(chrono::Days::new(days)))
        .unwrap_or_default()
}

/// Loads the model, or prints its diagnostics and returns the exit code.
fn model_for_data(project: &Path, format: Format) -> Result<model::OrgModel, ExitCode> {
    let checked = model::check_project(project);
    match checked.model {
        Some(m) => Ok(m),
        None => {
            eprintln!("the org model has errors; fix them before reading data");
            Err(report(&checked, format, false))
        }
    }
}

fn data_check(
    project: &Path,
    format: Format,
    deny_warnings: bool,
    json: Option<&Path>,
    as_of: Option<chrono::NaiveDate>,
    rows: usize,
) -> anyhow::Result<ExitCode> {
    let model = match model_for_data(project, format) {
        Ok(m) => m,
        Err(code) => return Ok(code),
    };
    let loaded = data::load(
        &model,
        data::Options {
            today: as_of.unwrap_or_else(today),
        },
    );
    let rendered = diag::render(&loaded.diagnostics, &loaded.sources, format);
    let tally = Tally::of(&loaded.diagnostics);
    let mut out = std::io::stdout().lock();
    match format {
        Format::Human => {
            eprint!("{rendered}");
            // A load that stopped before reading any file has no report to show.
            if !loaded.report.files.is_empty() || !loaded.has_errors() {
                write!(out, "{}", loaded.report.render_text(rows))?;
            }
        }
        Format::Json | Format::Github => write!(out, "{rendered}")?,
    }
    if let Some(path) = json {
        let text = serde_json::to_string_pretty(&loaded.report)? + "\n";
        if path == Path::new("-") {
            write!(out, "{text}")?;
        } else {
            write_atomically(path, &text)?;
            eprintln!("wrote {}", path.display());
        }
    }
    let (read, loaded_rows, skipped, ignored) = loaded.report.totals();
    eprintln!(
        "read {read} rows: {loaded_rows} loaded, {skipped} skipped, {ignored} ignored; {} error{}, {} warning{}",
        tally.errors,
        plural(tally.errors),
        tally.warnings,
        plural(tally.warnings)
    );
    Ok(
        if tally.errors > 0 || (deny_warnings && tally.warnings > 0) {
            ExitCode::from(EXIT_ERRORS)
        } else {
            ExitCode::SUCCESS
        },
    )
}

/// Writes beside the target and renames, so a reader never sees half a file.
fn write_atomically(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("failed to create `{}`", dir.display()))?;
    }
    let tmp = path.with_extension("tmp~");
    std::fs::write(&tmp, text).with_context(|| format!("failed to write `{}`", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("failed to write `{}`", path.display()))?;
    Ok(())
}

fn explain_employee(
    project: &Path,
    employee: &str,
    cycle: Option<&str>,
    as_of: Option<chrono::NaiveDate>,
) -> anyhow::Result<ExitCode> {
    let org = match load_all(project, as_of) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let (model, compiled, loaded) = (&org.model, &org.compiled, &org.data);
    let e = match data::explain(model, &loaded.dataset, employee, cycle) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(EXIT_ERRORS));
        }
    };
    print!("{}", render_explanation(&e));
    // The rules that fired, then the plan: mentors are matched across the whole org, but
    // only this employee's plan is made.
    println!("\nrules that fired:");
    for t in table::explain::for_employee(compiled, &e.facts, None) {
        match &t.result {
            Ok(rules) if rules.is_empty() => {}
            Ok(rules) => {
                let at = t
                    .competency
                    .as_deref()
                    .map_or(String::new(), |c| format!(" for {c}"));
                println!("  {}{at}: {}", t.rule_set, rules.join(", "));
            }
            Err(err) => println!("  {}: evaluation error: {err}", t.rule_set),
        }
    }
    let index = cycle_index(&loaded.dataset, Some(&e.cycle))?;
    // With `analytics.adaptive_ranking`, resources rank by their observed learning effect too.
    let planning = crate::analytics::planning_model(model, &loaded.dataset, index);
    let planner = crate::plan::Planner::new(&planning, compiled);
    let plan = (loaded.dataset.find(&e.talent_id))
        .and_then(|person| planner.plan_of(&loaded.dataset, index, person));
    if let Some(p) = plan {
        print!("\n{}", crate::plan::explain::render(&p));
    }
    Ok(ExitCode::SUCCESS)
}

/// An explanation as text: facts with values and sources, then competencies.
fn render_explanation(e: &data::Explanation) -> String {
    use crate::rules::facts::{Provenance, Rating};
    use std::fmt::Write as _;
    let f = &e.facts;
    let source =
        |key: &str, prov: &std::collections::BTreeMap<String, Provenance>| match prov.get(key) {
            Some(Provenance::Cell { file, row, column }) => format!("{file}:{row}:{column}"),
            Some(Provenance::Derived(how)) => format!("derived: {how}"),
            None => "-".to_owned(),
        };
    let rating = |r: &Option<Rating>| {
        r.as_ref().map_or_else(
            || "unknown".to_owned(),
            |r| format!("{} ({})", r.label, r.scale),
        )
    };
    let opt = |v: Option<String>| v.unwrap_or_else(|| "unknown".to_owned());
    let mut out = format!(
        "{}{} in {}{}\n\n",
        e.talent_id,
        e.name.as_ref().map(|n| format!(" {n}")).unwrap_or_default(),
        e.cycle,
        e.via_alias
            .as_ref()
            .map(|a| format!(" (found by the alias `{a}`)"))
            .unwrap_or_default()
    );
    let mut rows: Vec<(String, String, String)> = vec![
        (
            "role".into(),
            opt(f.role.clone()),
            source("role", &f.provenance),
        ),
        (
            "role_family".into(),
            opt(f.role_family.clone()),
            source("role_family", &f.provenance),
        ),
        (
            "rank".into(),
            opt(f.rank.map(|r| r.to_string())),
            source("rank", &f.provenance),
        ),
        (
            "team".into(),
            opt(f.team.clone()),
            source("team", &f.provenance),
        ),
        (
            "manager".into(),
            opt(f.manager.clone()),
            source("manager", &f.provenance),
        ),
        (
            "tenure_months".into(),
            opt(f.tenure_months.map(|m| format!("{m:.1}"))),
            source("tenure_months", &f.provenance),
        ),
        (
            "rating(overall)".into(),
            rating(&f.rating_overall),
            source("rating(overall)", &f.provenance),
        ),
        (
            "previous_rating(overall)".into(),
            rating(&f.previous_rating_overall),
            source("previous_rating(overall)", &f.provenance),
        ),
    ];
    for (goal, r) in &f.goal_ratings {
        let key = format!("rating(goal: {goal})");
        let src = source(&key, &f.provenance);
        rows.push((key, format!("{} ({})", r.label, r.scale), src));
    }
    rows.extend([
        (
            "goals_met_ratio".into(),
            opt(f.goals_met_ratio.map(|r| format!("{r:.2}"))),
            source("goals_met_ratio", &f.provenance),
        ),
        (
            "learning_hours".into(),
            format!("{:.1}", f.learning_hours),
            source("learning_hours", &f.provenance),
        ),
        (
            "completed".into(),
            if f.completed.is_empty() {
                "none".into()
            } else {
                f.completed.iter().cloned().collect::<Vec<_>>().join(", ")
            },
            source("completed", &f.provenance),
        ),
        (
            "open_actions".into(),
            f.open_actions.to_string(),
            source("open_actions", &f.provenance),
        ),
        (
            "has_mentor".into(),
            f.has_mentor.to_string(),
            source("has_mentor", &f.provenance),
        ),
    ]);
    let w0 = rows
        .iter()
        .map(|r| data::display_width(&r.0))
        .max()
        .unwrap_or(0);
    let w1 = rows
        .iter()
        .map(|r| data::display_width(&r.1))
        .max()
        .unwrap_or(0)
        .min(40);
    out.push_str("Facts\n");
    for (k, v, s) in &rows {
        let _ = writeln!(out, "  {}  {}  {s}", data::pad(k, w0), data::pad(v, w1));
    }
    if !f.competencies.is_empty() {
        let _ = writeln!(
            out,
            "\nCompetencies (required by `{}` at the end of {})",
            f.role.as_deref().unwrap_or("?"),
            e.cycle
        );
        let _ = writeln!(
            out,
            "  {:<28} {:>5} {:>8} {:>4} {:>5} {:>8} {:>5} {:>9} {:>9}",
            "competency",
            "level",
            "required",
            "gap",
            "trend",
            "critical",
            "goal",
            "completed",
            "available"
        );
        let num = |v: Option<i64>, sign: bool| {
            v.map_or_else(
                || "?".to_owned(),
                |x| {
                    if sign && x > 0 {
                        format!("+{x}")
                    } else {
                        x.to_string()
                    }
                },
            )
        };
        for c in &f.competencies {
            let _ = writeln!(
                out,
                "  {:<28} {:>5} {:>8} {:>4} {:>5} {:>8} {:>5} {:>9} {:>9}",
                c.competency,
                num(c.level.map(i64::from), false),
                c.required,
                num(c.gap, false),
                num(c.trend, true),
                if c.critical { "yes" } else { "" },
                if c.goal_requires { "yes" } else { "" },
                c.completed_for,
                c.resources_available
            );
            for key in ["level", "trend", "goal_requires"] {
                if c.provenance.contains_key(key) {
                    let _ = writeln!(out, "      {key}: {}", source(key, &c.provenance));
                }
            }
        }
    }
    out
}

fn demo_data(people: usize, cycles: usize, seed: u64, out: &Path) -> anyhow::Result<ExitCode> {
    if out.join(model::PROJECT_FILE).exists() {
        anyhow::bail!(
            "`{}` already holds a talentloop project; choose a new folder",
            out.display()
        );
    }
    let files = synth::demo_org(synth::DemoSize {
        people,
        cycles,
        seed,
    });
    for (rel, bytes) in &files {
        let path = out.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("failed to create `{}`", dir.display()))?;
        }
        std::fs::write(&path, bytes)
            .with_context(|| format!("failed to write `{}`", path.display()))?;
    }
    println!(
        "wrote {} files of a synthetic org with {people} people and {cycles} cycles to {}",
        files.len(),
        out.display()
    );
    println!(
        "next: talentloop check --project {0} && talentloop data check --project {0}",
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// An org whose model and rules have no errors, with its review data.
struct Org {
    model: model::OrgModel,
    compiled: rules::Compiled,
    data: data::Loaded,
}

/// The model, compiled rules and review data of an org, or the exit code after printing
/// why they could not be loaded.
fn load_all(project: &Path, as_of: Option<chrono::NaiveDate>) -> Result<Org, ExitCode> {
    let today = as_of.unwrap_or_else(today);
    let (mut loaded, data) =
        rules::load_project_with(project, |model| data::load(model, data::Options { today }));
    if Tally::of(&loaded.checked.diagnostics).errors > 0 {
        eprintln!("the model or the rules have errors; fix them first");
        return Err(report(&loaded.checked, Format::Human, false));
    }
    let (Some(model), Some(compiled), Some(data)) =
        (loaded.checked.model.take(), loaded.compiled.take(), data)
    else {
        eprintln!("the model or the rules have errors; fix them first");
        return Err(report(&loaded.checked, Format::Human, false));
    };
    let tally = Tally::of(&data.diagnostics);
    if tally.errors > 0 {
        eprint!(
            "{}",
            diag::render(&data.diagnostics, &data.sources, Format::Human)
        );
        eprintln!("the data has errors; run `talentloop data check` for the full report");
        return Err(ExitCode::from(EXIT_ERRORS));
    }
    if tally.warnings > 0 {
        eprintln!(
            "note: {} row problem{} in the data (`talentloop data check` lists them)",
            tally.warnings,
            plural(tally.warnings)
        );
    }
    Ok(Org {
        model,
        compiled,
        data,
    })
}

/// The index of `cycle` (or of the last cycle) in the dataset.
fn cycle_index(dataset: &data::Dataset, cycle: Option<&str>) -> anyhow::Result<usize> {
    match cycle {
        Some(c) => dataset.cycle(c).ok_or_else(|| {
            let known: Vec<&str> = dataset.cycles.iter().map(|c| c.id.as_str()).collect();
            anyhow::anyhow!("unknown cycle `{c}`; the data has {}", known.join(", "))
        }),
        None => dataset
            .cycles
            .len()
            .checked_sub(1)
            .ok_or_else(|| anyhow::anyhow!("the data has no review cycle")),
    }
}

fn plan(
    project: &Path,
    cycle: Option<&str>,
    out: Option<&Path>,
    as_of: Option<chrono::NaiveDate>,
) -> anyhow::Result<ExitCode> {
    let org = match load_all(project, as_of) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let (model, compiled, data) = (&org.model, &org.compiled, &org.data);
    let index = cycle_index(&data.dataset, cycle)?;
    let cycle_id = data.dataset.cycles[index].id.clone();
    let out = out.map_or_else(|| project.join("build/plans"), Path::to_path_buf);
    let planning = crate::analytics::planning_model(model, &data.dataset, index);
    let planner = crate::plan::Planner::new(&planning, compiled);
    let summary = match crate::plan::export::write(&planner, &data.dataset, index, &out) {
        Ok(s) => s,
        Err(d) => {
            site::print_diags(&[*d], &diag::SourceMap::default());
            eprintln!("the plans were not written; the previous plans are unchanged");
            return Ok(ExitCode::from(EXIT_ERRORS));
        }
    };
    let errors = &summary.errors;
    for e in errors {
        eprintln!("error[{}]: {e}", diag::Code::EvaluationError.as_str());
    }
    eprintln!(
        "planned {cycle_id} for {} employee{}: {} actions, {} unmet mentor request{}, {} evaluation error{} → {}",
        summary.plans,
        plural(summary.plans),
        summary.actions,
        summary.unmet,
        plural(summary.unmet),
        errors.len(),
        plural(errors.len()),
        out.display()
    );
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_ERRORS)
    })
}

fn analytics(
    project: &Path,
    cycle: Option<&str>,
    out: Option<&Path>,
    as_of: Option<chrono::NaiveDate>,
) -> anyhow::Result<ExitCode> {
    let org = match load_all(project, as_of) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let (model, compiled, data) = (&org.model, &org.compiled, &org.data);
    let index = cycle_index(&data.dataset, cycle)?;
    let mut collector = crate::analytics::Collector::new(model, &data.dataset, index)
        .learning_resolved(data.report.learning.coverage);
    // Plans a chunk at a time: the collector keeps only what it needs of each.
    let planning = crate::analytics::planning_model(model, &data.dataset, index);
    let Ok(()) = crate::plan::Planner::new(&planning, compiled).each_chunk(
        &data.dataset,
        index,
        true,
        |chunk| {
            chunk.iter().for_each(|p| collector.add(p));
            Ok::<(), std::convert::Infallible>(())
        },
    );
    let (a, inputs) = collector.finish_with_inputs();
    let out = out.map_or_else(|| project.join("build/analytics"), Path::to_path_buf);
    use crate::analytics::export;
    write_atomically(&out.join("analytics.json"), &export::json(&a))?;
    for (name, text) in export::tables(&a)
        .into_iter()
        .chain(export::input_tables(&inputs, &a.settings))
    {
        write_atomically(&out.join(name), &text)?;
    }
    eprintln!(
        "analysed {} for {} employee{}: {} learning effect{}, {} forecast warning{} → {}",
        a.cycle,
        a.people,
        plural(a.people as usize),
        a.learning_effect.effects.len(),
        plural(a.learning_effect.effects.len()),
        a.forecast.warnings.len(),
        plural(a.forecast.warnings.len()),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The base org of `diff`: a folder as given, or a git revision checked out into a temporary
/// folder (kept alive by the returned guard).
fn base_project(
    project: &Path,
    base: &str,
) -> anyhow::Result<(PathBuf, Option<tempfile::TempDir>)> {
    let as_folder = Path::new(base);
    if as_folder.join(model::PROJECT_FILE).is_file() {
        return Ok((as_folder.to_path_buf(), None));
    }
    let git = |args: &[&str], dir: &Path| -> anyhow::Result<Vec<u8>> {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .output()
            .context("failed to run `git`")?;
        anyhow::ensure!(
            out.status.success(),
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        );
        Ok(out.stdout)
    };
    let project = if project.as_os_str().is_empty() {
        Path::new(".")
    } else {
        project
    };
    let top = String::from_utf8(git(&["rev-parse", "--show-toplevel"], project)?)?
        .trim()
        .to_owned();
    let prefix = String::from_utf8(git(&["rev-parse", "--show-prefix"], project)?)?
        .trim()
        .to_owned();
    let tmp = tempfile::tempdir().context("failed to create a temporary folder")?;
    let tar = git(&["archive", "--format=tar", base], Path::new(&top)).with_context(|| {
        format!("`{base}` is neither a folder with a talentloop.yaml nor a git revision")
    })?;
    let mut child = std::process::Command::new("tar")
        .args(["-x", "-C"])
        .arg(tmp.path())
        .stdin(std::process::Stdio::piped())
        .spawn()
        .context("failed to run `tar`")?;
    child
        .stdin
        .take()
        .context("tar has no input")?
        .write_all(&tar)?;
    anyhow::ensure!(child.wait()?.success(), "failed to unpack `{base}`");
    Ok((tmp.path().join(prefix), Some(tmp)))
}

fn diff(
    project: &Path,
    base: &str,
    cycle: Option<&str>,
    markdown: bool,
    fail_on_change: bool,
    as_of: Option<chrono::NaiveDate>,
) -> anyhow::Result<ExitCode> {
    let org = match load_all(project, as_of) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let (model, compiled, data) = (&org.model, &org.compiled, &org.data);
    let (base_dir, _guard) = base_project(project, base)?;
    let before = rules::load_project(&base_dir);
    let (Some(base_model), Some(base_compiled)) = (&before.checked.model, &before.compiled) else {
        eprintln!("the base org at `{base}` has errors:");
        return Ok(report(&before.checked, Format::Human, false));
    };
    // Both sides read the working tree's data, so only the rules and the model differ.
    let mut base_model = base_model.clone();
    base_model.paths.data = model.paths.data.clone();
    let base_data = data::load(
        &base_model,
        data::Options {
            today: as_of.unwrap_or_else(today),
        },
    );
    let index = cycle_index(&data.dataset, cycle)?;
    let cycle_id = data.dataset.cycles[index].id.clone();
    let planning = crate::analytics::planning_model(model, &data.dataset, index);
    let plans_after =
        crate::plan::Planner::new(&planning, compiled).plans(&data.dataset, index, false);
    let base_index = base_data.dataset.cycle(&cycle_id).unwrap_or(index);
    let base_planning =
        crate::analytics::planning_model(&base_model, &base_data.dataset, base_index);
    let plans_before = crate::plan::Planner::new(&base_planning, base_compiled).plans(
        &base_data.dataset,
        base_index,
        false,
    );
    let d = crate::plan::diff::diff(&cycle_id, &plans_before, &plans_after);
    print!("{}", crate::plan::diff::render(&d, markdown));
    Ok(if fail_on_change && !d.is_empty() {
        ExitCode::from(EXIT_ERRORS)
    } else {
        ExitCode::SUCCESS
    })
}
