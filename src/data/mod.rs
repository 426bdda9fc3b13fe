//! Review exports in: people, reviews, goals, learning records and dialogues read from CSV,
//! XLSX, JSON and xAPI files as the org's `sources.yaml` maps them, resolved to one talent
//! ID, validated against the model, and turned into facts per employee and cycle.
//!
//! [`load`] is the edge that reads the data folder; [`load_from`] does the work given a
//! listing and a way to read a file, so tests and benchmarks need no files.
//! `sources.yaml` lives in the data folder (the project's `paths.data`), beside the cycle
//! folders it describes.

mod catalog;
mod config;
mod coverage;
mod dataset;
mod explain;
mod facts;
mod ingest;
pub mod raw;
mod read;
mod report;

pub use config::{Kind, POLICY_NAMES, dates_from_name};
pub use dataset::*;
pub use explain::{ExplainError, Explanation, explain};
pub use read::{MAX_DATA_FILE_BYTES, iso_duration_hours};
pub use report::{
    CycleReport, FileReport, IdentityReport, LearningReport, Outcome, Report, RowIssue,
    display_width, pad,
};

use crate::diag::{Code, Diagnostic, SourceMap, Span};
use crate::model::{Input, OrgModel, display_path, parse_yaml};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The name of the mapping file in the data folder.
pub const SOURCES_FILE: &str = "sources.yaml";

/// Settings of one load.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Dates after this day are in the future. The CLI passes today (or `--as-of`).
    pub today: NaiveDate,
}

/// The outcome of loading an org's data: the dataset (partial when a file failed), the
/// data-quality report, and every diagnostic.
#[derive(Debug)]
pub struct Loaded {
    pub dataset: Dataset,
    pub report: Report,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: SourceMap,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    fn failed(diagnostics: Vec<Diagnostic>, sources: SourceMap) -> Self {
        Loaded {
            dataset: Dataset::default(),
            report: Report::default(),
            diagnostics,
            sources,
        }
    }
}

/// The files of a data folder, by path relative to it (`/` separators, sorted).
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// The data folder as shown to users; file paths in diagnostics start with it.
    pub root: String,
    /// Each file's size in bytes, by path.
    pub files: BTreeMap<String, u64>,
    /// Folders directly in the data folder (the cycle folders).
    pub folders: Vec<String>,
}

impl Listing {
    /// A listing of in-memory files (path and size), with the folders their paths imply.
    pub fn of<'a>(root: &str, files: impl IntoIterator<Item = (&'a str, u64)>) -> Self {
        let files: BTreeMap<String, u64> = files
            .into_iter()
            .filter(|(p, _)| *p != SOURCES_FILE)
            .map(|(p, size)| (p.to_owned(), size))
            .collect();
        let folders = files
            .keys()
            .filter_map(|f| f.split_once('/').map(|(d, _)| d.to_owned()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        Listing {
            root: root.to_owned(),
            files,
            folders,
        }
    }

    fn display(&self, rel: &str) -> String {
        if self.root.is_empty() || self.root == "." {
            rel.to_owned()
        } else {
            format!("{}/{rel}", self.root.trim_end_matches('/'))
        }
    }
}

/// Reads the data folder of `model` (its `paths.data`) as its `sources.yaml` says.
pub fn load(model: &OrgModel, options: Options) -> Loaded {
    let dir = &model.paths.data;
    let root = display_path(dir);
    let sources_path = dir.join(SOURCES_FILE);
    let input = match std::fs::read(&sources_path) {
        Ok(bytes) => Some(Input {
            path: display_path(&sources_path),
            bytes,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            let d = Diagnostic::new(
                Code::Io,
                format!("failed to read `{}`: {e}", display_path(&sources_path)),
            );
            return Loaded::failed(vec![d], SourceMap::default());
        }
    };
    let listing = match list(dir, &root) {
        Ok(l) => l,
        Err(d) => return Loaded::failed(vec![*d], SourceMap::default()),
    };
    load_from(
        model,
        input.as_ref(),
        &listing,
        &|rel| std::fs::read(dir.join(rel)),
        options,
    )
}

/// Every file under `dir` (hidden ones skipped), sorted, and the folders directly in it.
fn list(dir: &Path, root: &str) -> Result<Listing, Box<Diagnostic>> {
    let mut listing = Listing {
        root: root.to_owned(),
        ..Listing::default()
    };
    let hidden = |e: &walkdir::DirEntry| {
        e.depth() > 0 && e.file_name().to_str().is_some_and(|n| n.starts_with('.'))
    };
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !hidden(e))
    {
        let entry = entry.map_err(|e| {
            Box::new(Diagnostic::new(
                Code::Io,
                format!("failed to read the data folder `{root}`: {e}"),
            ))
        })?;
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if entry.file_type().is_dir() && entry.depth() == 1 {
            listing.folders.push(rel);
        } else if entry.file_type().is_file() && rel != SOURCES_FILE {
            let size = entry.metadata().map_or(0, |m| m.len());
            listing.files.insert(rel, size);
        }
    }
    Ok(listing)
}

/// Reads a file of the data folder by its path relative to the folder.
type Reader<'a> = dyn Fn(&str) -> std::io::Result<Vec<u8>> + Sync + 'a;

/// Loads the data given `sources.yaml`, a listing of the data folder and a reader of its
/// files. People files are read first, one after the other; record files then on as many
/// threads as there are, each read when its turn comes.
pub fn load_from(
    model: &OrgModel,
    sources_file: Option<&Input>,
    listing: &Listing,
    read: &Reader<'_>,
    options: Options,
) -> Loaded {
    let mut sources = SourceMap::default();
    let mut diags = Vec::new();
    let Some(sources_file) = sources_file else {
        let d = Diagnostic::new(
            Code::SourcesNotFound,
            format!("no `{SOURCES_FILE}` in the data folder `{}`", listing.root),
        )
        .help("describe the exports in it; `talentloop demo-data --out DIR` writes a complete example");
        return Loaded::failed(vec![d], sources);
    };
    let (file, raw) = parse_yaml::<raw::SourcesFile>(sources_file, &mut sources, &mut diags);
    let Some(raw) = raw else {
        return Loaded::failed(diags, sources);
    };
    let catalog = catalog::Catalog::new(model);
    let Some(config) = config::check(&raw, file, model, &catalog, &mut diags) else {
        crate::diag::sort(&mut diags, &sources);
        return Loaded::failed(diags, sources);
    };
    let assigned = assign(&config, model, listing, &mut diags);
    let mut ingest = ingest::Ingest::new(model, &catalog, &config, options.today);
    let people = assigned.partition_point(|(s, _, _)| s.kind == Kind::People);
    let (people_files, record_files) = assigned.split_at(people);
    let reserve = Reserve::new(&assigned);
    for (i, &(source, rel, cycle)) in people_files.iter().enumerate() {
        let Some(input) = read_input(listing, read, rel, &mut diags) else {
            continue;
        };
        ingest.reserve_people(reserve.rows(i, source, &input.bytes));
        ingest.people(
            ingest::Assigned {
                input,
                source,
                cycle,
            },
            &mut sources,
            &mut diags,
        );
    }
    ingest.finish_people(&mut diags);
    // Record files are read and parsed in parallel, each apart, and merged in load order:
    // the outcome is the same on any number of threads. They go in batches (`batches`)
    // that keep every thread busy to the batch's end and hold only a batch of files apart
    // at once. A file that cannot be read keeps its place among the dataset's files, so
    // the others' records point at the right one.
    let mut next = ingest.ds.files.len();
    let mut at = people;
    for batch in batches(listing, record_files, rayon::current_num_threads()) {
        let parts: Vec<Result<ingest::FilePart, (ingest::Unread, Box<Diagnostic>)>> = batch
            .par_iter()
            .with_max_len(1)
            .enumerate()
            .map(|(i, &(source, rel, cycle))| {
                let unread = |e| {
                    let path = listing.display(rel);
                    (
                        ingest::Unread {
                            path,
                            source,
                            cycle,
                        },
                        e,
                    )
                };
                let input = read_one(listing, read, rel).map_err(unread)?;
                let rows = reserve.rows(at + i, source, &input.bytes);
                let a = ingest::Assigned {
                    input,
                    source,
                    cycle,
                };
                Ok(ingest.records(a, (next + i) as u32, rows))
            })
            .collect();
        (next, at) = (next + batch.len(), at + batch.len());
        for part in parts {
            match part {
                Ok(part) => ingest.absorb(part, &mut sources, &mut diags),
                Err((unread, d)) => {
                    diags.push(*d);
                    ingest.unread(unread);
                }
            }
        }
    }
    let (dataset, report) = ingest.finish(&sources, &mut diags);
    crate::diag::sort(&mut diags, &sources);
    Loaded {
        dataset,
        report,
        diagnostics: diags,
        sources,
    }
}

/// A file's bytes, or `None` after reporting why they could not be read.
type AssignedFile<'c, 'l> = (&'c config::SourceConfig, &'l str, Option<CycleIdx>);

/// Consecutive runs of `files`, each closed once it holds `threads` times the largest
/// file's bytes (or the files run out).
fn batches<'f, 'c, 'l>(
    listing: &Listing,
    files: &'f [AssignedFile<'c, 'l>],
    threads: usize,
) -> Vec<&'f [AssignedFile<'c, 'l>]> {
    let size = |rel: &str| listing.files.get(rel).copied().unwrap_or(0);
    let largest = files.iter().map(|f| size(f.1)).max().unwrap_or(0);
    let budget = largest.saturating_mul(threads.max(1) as u64);
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0u64);
    for (i, f) in files.iter().enumerate() {
        bytes += size(f.1);
        if bytes >= budget {
            out.push(&files[start..=i]);
            (start, bytes) = (i + 1, 0);
        }
    }
    if start < files.len() {
        out.push(&files[start..]);
    }
    out
}

fn read_input(
    listing: &Listing,
    read: &Reader<'_>,
    rel: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Input> {
    read_one(listing, read, rel)
        .map_err(|d| diags.push(*d))
        .ok()
}

fn read_one(listing: &Listing, read: &Reader<'_>, rel: &str) -> Result<Input, Box<Diagnostic>> {
    let path = listing.display(rel);
    match read(rel) {
        Ok(bytes) => Ok(Input { path, bytes }),
        Err(e) => Err(Box::new(Diagnostic::new(
            Code::Io,
            format!("failed to read `{path}`: {e}"),
        ))),
    }
}

/// How many records to make room for as each file is read. A record list that grows by
/// doubling holds its old and new buffers at once, the peak of a large load, and may end
/// twice as large as needed: each list is reserved up front, guessing from its first CSV
/// file that the others (usually one per cycle) are about as long, and grows by exactly a
/// file's rows past the guess.
struct Reserve {
    /// Per file of the load order: how many files' rows its list is reserved for (the
    /// number of files of its kind for the first, else 1).
    times: Vec<usize>,
}

impl Reserve {
    fn new(assigned: &[AssignedFile]) -> Self {
        let mut files_of = BTreeMap::new();
        for (source, _, _) in assigned {
            *files_of.entry(source.kind).or_insert(0) += 1;
        }
        let mut seen = BTreeSet::new();
        let times = assigned
            .iter()
            .map(|(source, _, _)| {
                if seen.insert(source.kind) {
                    files_of[&source.kind]
                } else {
                    1
                }
            })
            .collect();
        Reserve { times }
    }

    /// The rows to make room for, given the `i`th file of the load order.
    fn rows(&self, i: usize, source: &config::SourceConfig, bytes: &[u8]) -> usize {
        if source.format != raw::Format::Csv {
            return 0;
        }
        let rows = bytes.iter().filter(|&&b| b == b'\n').count();
        rows * self.times.get(i).copied().unwrap_or(1)
    }
}

/// Loads data held in memory: `files` by path relative to the data folder.
pub fn load_inputs(
    model: &OrgModel,
    sources_file: Option<&Input>,
    root: &str,
    files: &BTreeMap<String, Vec<u8>>,
    options: Options,
) -> Loaded {
    let listing = Listing::of(
        root,
        files.iter().map(|(p, b)| (p.as_str(), b.len() as u64)),
    );
    load_from(
        model,
        sources_file,
        &listing,
        &|rel| {
            files
                .get(rel)
                .cloned()
                .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::NotFound))
        },
        options,
    )
}

/// Matches the listing's files to sources: `(source, relative path, cycle)` in load order
/// (sources in kind order, cycles in project order, files sorted).
fn assign<'c, 'l>(
    config: &'c config::Config,
    model: &OrgModel,
    listing: &'l Listing,
    diags: &mut Vec<Diagnostic>,
) -> Vec<AssignedFile<'c, 'l>> {
    let matcher = |pattern: &str| {
        globset::GlobBuilder::new(pattern)
            .literal_separator(true)
            .build()
            .map(|g| g.compile_matcher())
            .ok()
    };
    let mut out = Vec::new();
    let mut order: Vec<&config::SourceConfig> = config.sources.iter().collect();
    order.sort_by_key(|s| s.kind);
    for source in order {
        let mut found = 0;
        let targets: Vec<(Option<CycleIdx>, String)> = if source.per_cycle {
            config
                .cycles
                .iter()
                .enumerate()
                .map(|(i, c)| (Some(i), source.pattern.replace("{cycle}", &c.id)))
                .collect()
        } else {
            vec![(None, source.pattern.clone())]
        };
        for (cycle, pattern) in targets {
            let Some(m) = matcher(&pattern) else { continue };
            let matched: Vec<&str> = listing
                .files
                .keys()
                .map(String::as_str)
                .filter(|f| m.is_match(f))
                .collect();
            let folder_exists =
                cycle.is_some_and(|c| listing.folders.contains(&config.cycles[c].id));
            if matched.is_empty() && source.required && folder_exists {
                let c = &config.cycles[cycle.unwrap_or_default()].id;
                diags.push(
                    Diagnostic::new(
                        Code::NoMatchingFile,
                        format!(
                            "no file in `{}` matches `{pattern}` for cycle `{c}`",
                            listing.display(c)
                        ),
                    )
                    .at(source.pattern_span, "this pattern")
                    .help(
                        "add the export, correct the pattern, or mark the source `required: false`",
                    ),
                );
            }
            found += matched.len();
            out.extend(matched.into_iter().map(|f| (source, f, cycle)));
        }
        if found == 0
            && source.required
            && !diags.iter().any(|d| {
                d.code == Code::NoMatchingFile
                    && d.primary.as_ref().map(|p| p.span) == Some(source.pattern_span)
            })
        {
            diags.push(
                Diagnostic::new(
                    Code::NoMatchingFile,
                    format!("no file in `{}` matches `{}`", listing.root, source.pattern),
                )
                .at(source.pattern_span, "this pattern")
                .help("add the export, correct the pattern, or mark the source `required: false`"),
            );
        }
    }
    unlisted_folders(config, model, listing, diags);
    out
}

/// Folders in the data folder that look like cycle folders but the project does not list.
fn unlisted_folders(
    config: &config::Config,
    model: &OrgModel,
    listing: &Listing,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(first) = config.sources.iter().find(|s| s.per_cycle) else {
        return;
    };
    // Folders that patterns without `{cycle}` name are not cycle folders (e.g. `lms/`).
    let named: BTreeSet<&str> = config
        .sources
        .iter()
        .filter(|s| !s.per_cycle)
        .filter_map(|s| s.pattern.split_once('/').map(|(d, _)| d))
        .collect();
    for folder in &listing.folders {
        if model.cycles.contains(folder) || named.contains(folder.as_str()) {
            continue;
        }
        let mut d = Diagnostic::new(
            Code::UnlistedCycleFolder,
            format!(
                "the folder `{}` is not a cycle of the project",
                listing.display(folder)
            ),
        )
        .at(
            Span { ..first.pattern_span },
            format!("`{{cycle}}` would match `{folder}`"),
        )
        .maybe_help(
            crate::diag::did_you_mean(folder, model.cycles.iter().map(String::as_str))
                .or_else(|| Some(format!("add `{folder}` to `cycles` in talentloop.yaml, or move the folder out of the data folder"))),
        )
        .note("its files are not read");
        d.severity = config.severity(Code::UnlistedCycleFolder);
        diags.push(d);
    }
}
