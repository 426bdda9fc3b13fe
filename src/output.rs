//! Writing an output folder (a site, a folder of plans) atomically: files go into a
//! staging folder beside the target, which replaces the target only when every file is
//! written. A file whose bytes equal the previous output's is hard-linked from it instead
//! of written, so an unchanged page keeps its file (and modification time) and a small
//! change rewrites few files.
//!
//! A marker file says what wrote a folder. talentloop replaces or deletes only folders
//! that carry the marker of their kind, never a folder it did not create.

use crate::diag::{Code, Diagnostic};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::TryRecvError;
use std::sync::{Arc, Mutex};

/// A kind of output folder: the marker file at its top, and what the marker says.
pub struct Kind {
    pub marker: &'static str,
    pub text: &'static str,
    /// An `--out` to suggest.
    pub example: &'static str,
}

/// The development portal, written by `talentloop build`.
pub const SITE: Kind = Kind {
    marker: ".talentloop-site",
    text: "This folder is a development portal written by `talentloop build`.\nThe next build replaces it whole; do not keep other files in it.\n",
    example: "site",
};

/// Development plans, written by `talentloop plan`.
pub const PLANS: Kind = Kind {
    marker: ".talentloop-plans",
    text: "This folder holds development plans written by `talentloop plan`.\nThe next run replaces it whole; do not keep other files in it.\n",
    example: "build/plans",
};

/// Counts of a finished write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub written: usize,
    pub unchanged: usize,
    pub bytes: u64,
}

/// An output folder being written into its staging folder.
pub struct Staging {
    kind: &'static Kind,
    target: PathBuf,
    staging: PathBuf,
    /// The previous site, when there is one to compare pages with.
    previous: Option<PathBuf>,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    bytes: AtomicU64,
    abort_after: Option<usize>,
    committed: bool,
}

/// How long the writer sleeps when no file waits: a handful of pages are made meanwhile,
/// well within the queue.
const IDLE_POLL: std::time::Duration = std::time::Duration::from_micros(500);

/// Files written into a staging folder by a thread of their own, in the order they are
/// sent. Threads creating files in one folder queue on the folder's lock (on ext4 they spin
/// on it, burning the cores that render), so one thread writes while the others make the
/// content. At most `queue` files (or jobs) wait, which bounds the memory in flight.
pub struct Writer {
    tx: Option<std::sync::mpsc::SyncSender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// The first write that failed; the thread stops there.
    failed: Arc<Mutex<Option<Box<Diagnostic>>>>,
}

/// Writing that a [`Writer`] does for its callers, in order with their files.
pub type WriteJob = Box<dyn FnOnce(&Staging) -> Result<(), Box<Diagnostic>> + Send>;

enum Job {
    File(String, Vec<u8>),
    Run(WriteJob),
}

impl Writer {
    pub fn start(staging: Arc<Staging>, queue: usize) -> Writer {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Job>(queue);
        let failed = Arc::new(Mutex::new(None));
        let report = failed.clone();
        let thread = std::thread::spawn(move || {
            loop {
                // An empty queue is polled rather than waited on: a waiting receiver costs
                // every send a wake-up call, one per page on the threads that render.
                let job = match rx.try_recv() {
                    Ok(job) => job,
                    Err(TryRecvError::Empty) => {
                        std::thread::sleep(IDLE_POLL);
                        continue;
                    }
                    Err(TryRecvError::Disconnected) => return,
                };
                let done = match job {
                    Job::File(rel, bytes) => staging.write(&rel, &bytes),
                    Job::Run(run) => run(&staging),
                };
                if let Err(e) = done {
                    if let Ok(mut slot) = report.lock() {
                        *slot = Some(e);
                    }
                    return;
                }
            }
        });
        Writer {
            tx: Some(tx),
            thread: Some(thread),
            failed,
        }
    }

    /// Queues a file; after a write failed, that failure. Safe to call from many threads.
    pub fn send(&self, rel: String, bytes: Vec<u8>) -> Result<(), Box<Diagnostic>> {
        self.queue(Job::File(rel, bytes))
    }

    /// Queues writing of the caller's own (several files, a stream), done on the writer's
    /// thread in order with the files sent, so the caller goes on with its work.
    pub fn run(&self, job: WriteJob) -> Result<(), Box<Diagnostic>> {
        self.queue(Job::Run(job))
    }

    fn queue(&self, job: Job) -> Result<(), Box<Diagnostic>> {
        match &self.tx {
            Some(tx) if tx.send(job).is_ok() => Ok(()),
            _ => Err(self.failure()),
        }
    }

    /// Waits until every file sent is written.
    pub fn finish(mut self) -> Result<(), Box<Diagnostic>> {
        self.stop();
        match self.failed.lock().ok().and_then(|mut f| f.take()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    fn failure(&self) -> Box<Diagnostic> {
        self.failed
            .lock()
            .ok()
            .and_then(|f| f.clone())
            .unwrap_or_else(|| {
                Box::new(Diagnostic::new(
                    Code::OutputWrite,
                    "the file writer stopped before every file was written",
                ))
            })
    }

    fn stop(&mut self) {
        self.tx = None;
        if let Some(t) = self.thread.take()
            && t.join().is_err()
            && let Ok(mut slot) = self.failed.lock()
        {
            slot.get_or_insert_with(|| {
                Box::new(Diagnostic::new(
                    Code::OutputWrite,
                    "the file writer stopped unexpectedly",
                ))
            });
        }
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The staging folder back from the writer threads that shared it, to be committed.
pub fn into_staging(staging: Arc<Staging>) -> Result<Staging, Box<Diagnostic>> {
    Arc::into_inner(staging).ok_or_else(|| {
        Box::new(Diagnostic::new(
            Code::OutputWrite,
            "a file writer still held the output folder",
        ))
    })
}

fn io_error(what: &str, path: &Path, e: std::io::Error) -> Box<Diagnostic> {
    Box::new(Diagnostic::new(
        Code::OutputWrite,
        format!("failed to {what} `{}`: {e}", path.display()),
    ))
}

/// `site` → `.site.<kind>-<pid>` beside it.
fn sibling(target: &Path, kind: &str) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.{kind}-{}", std::process::id()))
}

/// Whether `dir` is a folder of this kind that talentloop wrote.
pub fn is_ours(kind: &Kind, dir: &Path) -> bool {
    dir.join(kind.marker).is_file()
}

impl Staging {
    /// Prepares a staging folder for `target`. Refuses a target that exists and is not a
    /// folder of this kind that talentloop wrote (unless it is an empty folder). Staging
    /// folders of earlier interrupted runs are removed.
    pub fn begin(
        kind: &'static Kind,
        target: &Path,
        abort_after: Option<usize>,
    ) -> Result<Staging, Box<Diagnostic>> {
        let target = if target.is_absolute() {
            target.to_path_buf()
        } else {
            std::env::current_dir()
                .map_err(|e| io_error("resolve", target, e))?
                .join(target)
        };
        if target.file_name().is_none() {
            return Err(Box::new(
                Diagnostic::new(
                    Code::ForeignOutput,
                    format!("`{}` cannot be an output folder", target.display()),
                )
                .help(format!(
                    "choose a folder of its own, e.g. `--out {}`",
                    kind.example
                )),
            ));
        }
        let previous = match std::fs::symlink_metadata(&target) {
            Err(_) => None,
            Ok(m) if m.is_dir() && is_ours(kind, &target) => Some(target.clone()),
            Ok(m) if m.is_dir() && is_empty(&target) => None,
            Ok(_) => {
                return Err(Box::new(Diagnostic::new(
                    Code::ForeignOutput,
                    format!(
                        "`{}` exists and was not written by talentloop",
                        target.display()
                    ),
                )
                .help(format!(
                    "talentloop replaces only folders that hold its `{}` file; choose another `--out` or move the folder away",
                    kind.marker
                ))));
            }
        };
        let parent = target.parent().map(Path::to_path_buf).unwrap_or_default();
        std::fs::create_dir_all(&parent).map_err(|e| io_error("create", &parent, e))?;
        remove_stale(kind, &target);
        let staging = sibling(&target, "staging");
        if staging.exists() && is_ours(kind, &staging) {
            let _ = std::fs::remove_dir_all(&staging);
        }
        std::fs::create_dir(&staging).map_err(|e| io_error("create", &staging, e))?;
        let marker = staging.join(kind.marker);
        std::fs::write(&marker, kind.text).map_err(|e| io_error("write", &marker, e))?;
        Ok(Staging {
            kind,
            target,
            staging,
            previous,
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            abort_after,
            committed: false,
        })
    }

    /// The folder the output will be at.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Creates a folder of the output (`p`, `m`, a locale, `assets`).
    pub fn folder(&self, rel: &str) -> Result<(), Box<Diagnostic>> {
        let dir = self.staging.join(rel);
        std::fs::create_dir_all(&dir).map_err(|e| io_error("create", &dir, e))
    }

    /// Writes one file at `rel` (`/`-separated; its folder must exist). Safe to call from
    /// many threads.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Box<Diagnostic>> {
        let dest = under(&self.staging, rel);
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        let same = self.previous.as_ref().map(|p| under(p, rel)).filter(|old| {
            std::fs::metadata(old).is_ok_and(|m| m.len() == bytes.len() as u64)
                && std::fs::read(old).is_ok_and(|b| b == bytes)
        });
        let linked = same.is_some_and(|old| std::fs::hard_link(&old, &dest).is_ok());
        if linked {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
        } else {
            std::fs::write(&dest, bytes).map_err(|e| io_error("write", &dest, e))?;
            let n = self.written.fetch_add(1, Ordering::Relaxed) + 1;
            // Testing hook: stop dead, as a killed process would, after N pages.
            if self.abort_after.is_some_and(|limit| n >= limit) {
                std::process::abort();
            }
        }
        Ok(())
    }

    /// Creates a file at `rel` to be streamed into (its folder must exist).
    pub fn create(&self, rel: &str) -> Result<std::fs::File, Box<Diagnostic>> {
        let dest = under(&self.staging, rel);
        self.written.fetch_add(1, Ordering::Relaxed);
        std::fs::File::create(&dest).map_err(|e| io_error("write", &dest, e))
    }

    /// Puts the finished output in place of the target and writes `beside` files (the
    /// access manifest) next to it; the previous output is removed.
    pub fn commit(mut self, beside: &[(PathBuf, Vec<u8>)]) -> Result<Counts, Box<Diagnostic>> {
        let mut temps = Vec::new();
        for (path, bytes) in beside {
            let tmp = path.with_extension("tmp~");
            std::fs::write(&tmp, bytes).map_err(|e| io_error("write", &tmp, e))?;
            temps.push((tmp, path));
        }
        let old = sibling(&self.target, "old");
        if self.target.exists() {
            std::fs::rename(&self.target, &old)
                .map_err(|e| io_error("move the previous site", &self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.staging, &self.target) {
            // Put the previous site back.
            let _ = std::fs::rename(&old, &self.target);
            return Err(io_error("move the new site to", &self.target, e));
        }
        self.committed = true;
        for (tmp, path) in temps {
            std::fs::rename(&tmp, path).map_err(|e| io_error("write", path, e))?;
        }
        if is_ours(self.kind, &old) {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(Counts {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
        })
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        // A run that failed leaves the previous output as it was and no staging folder.
        if !self.committed && is_ours(self.kind, &self.staging) {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// The file at `rel` (`/`-separated) under `root`.
fn under(root: &Path, rel: &str) -> PathBuf {
    let mut out = root.to_path_buf();
    out.extend(rel.split('/'));
    out
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// Removes staging and old folders that interrupted runs of `target` left beside it
/// (only those that carry the marker).
fn remove_stale(kind: &Kind, target: &Path) {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
        return;
    };
    let name = name.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let prefixes = [format!(".{name}.staging-"), format!(".{name}.old-")];
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = prefixes.iter().find_map(|p| file.strip_prefix(p.as_str())) else {
            continue;
        };
        // A build still running (e.g. `serve` beside a `build`) keeps its folder.
        let running = Path::new("/proc").is_dir() && Path::new("/proc").join(pid).exists();
        if !running && is_ours(kind, &entry.path()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
