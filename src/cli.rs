//! The command line: the only module that parses arguments and prints.

use crate::diag::{self, Format, Tally};
use crate::{docs, model, scaffold};
use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

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
    /// Load and validate the org model; report every problem.
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
    let checked = model::check_project(project);
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
