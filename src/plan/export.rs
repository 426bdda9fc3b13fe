//! Plans written out: one JSON file per employee, one combined JSON, and a CSV action list
//! an HR system can import back. [`write`] is the edge that writes them into a folder.

use super::{Plan, Planner, PreviousCycle};
use crate::data::{CycleIdx, Dataset};
use crate::diag::{Code, Diagnostic};
use crate::output::{PLANS, Staging, Writer, into_staging};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// A file name for a talent id that is safe on every file system and cannot leave its
/// folder: letters, digits, `-` and `_` are kept, anything else is hex-escaped.
pub fn file_name(talent_id: &str) -> String {
    let mut out = String::new();
    for c in talent_id.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("~{b:02x}"));
            }
        }
    }
    if out.is_empty() { "~".into() } else { out }
}

/// Execution of the previous cycle's actions, per manager and per team.
#[derive(Debug, Serialize)]
pub struct Execution {
    pub by_manager: Vec<Rate>,
    pub by_team: Vec<Rate>,
}

#[derive(Debug, Serialize)]
pub struct Rate {
    pub key: String,
    pub done: usize,
    pub actions: usize,
    pub rate: Option<f64>,
}

fn rates(map: BTreeMap<String, Tally>) -> Vec<Rate> {
    map.into_iter()
        .map(|(key, t)| Rate {
            key,
            done: t.done,
            actions: t.actions,
            rate: (t.actions > 0).then(|| t.done as f64 / t.actions as f64),
        })
        .collect()
}

/// A failed export.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Csv(#[from] csv::Error),
}

/// The CSV action list's columns: `status` and `agreed_on` are empty, for the dialogue
/// outcome to be recorded in the HR system and read back.
const ACTION_COLUMNS: [&str; 12] = [
    "action_id",
    "talent_id",
    "name",
    "cycle",
    "kind",
    "competency",
    "resource",
    "mentor",
    "text",
    "rule",
    "status",
    "agreed_on",
];

/// The plans of a cycle exported as they are made, a chunk at a time: the combined JSON
/// document and the CSV action list, streamed, so a large org's exports are never held in
/// memory. The combined document ends with the execution rates per manager and team,
/// which need every plan.
pub struct Exporter<C: Write, A: Write> {
    combined: C,
    actions: A,
    plans: usize,
    by_manager: BTreeMap<String, Tally>,
    by_team: BTreeMap<String, Tally>,
}

impl<C: Write, A: Write> Exporter<C, A> {
    /// Starts both files.
    pub fn new(mut combined: C, mut actions: A, cycle: &str) -> Result<Self, ExportError> {
        // Compact: the combined file is for tools, and pretty printing doubles its size.
        write!(combined, r#"{{"format":"talentloop/plans","cycle":"#)?;
        serde_json::to_writer(&mut combined, cycle)?;
        write!(combined, r#","plans":["#)?;
        actions.write_all(&csv_rows([ACTION_COLUMNS])?)?;
        Ok(Exporter {
            combined,
            actions,
            plans: 0,
            by_manager: BTreeMap::new(),
            by_team: BTreeMap::new(),
        })
    }

    /// Adds the exports of the next plans, in order, made by [`Exported::of`].
    pub fn add(&mut self, exported: &[Exported]) -> Result<(), ExportError> {
        for e in exported {
            if self.plans > 0 {
                self.combined.write_all(b",")?;
            }
            self.combined.write_all(e.entry())?;
            self.plans += 1;
            self.actions.write_all(&e.rows)?;
            if let Some(x) = &e.execution {
                for (key, map) in [
                    (&x.manager, &mut self.by_manager),
                    (&x.team, &mut self.by_team),
                ] {
                    if let Some(k) = key {
                        map.entry(k.clone()).or_default().add(x.tally);
                    }
                }
            }
        }
        Ok(())
    }

    /// Ends both files and hands the writers back (to be flushed and put in place).
    pub fn finish(mut self) -> Result<(C, A), ExportError> {
        let execution = Execution {
            by_manager: rates(self.by_manager),
            by_team: rates(self.by_team),
        };
        write!(self.combined, r#"],"execution":"#)?;
        serde_json::to_writer(&mut self.combined, &execution)?;
        self.combined.write_all(b"}\n")?;
        Ok((self.combined, self.actions))
    }
}

/// One plan's exports, made on any thread so that a chunk of plans is serialised in
/// parallel and only once: its JSON (the per-employee file, and its entry in the combined
/// document), its rows of the CSV action list and what the execution rates count of it.
/// The plan itself is no longer needed to write them.
pub struct Exported {
    /// The employee file's path in the plans folder.
    path: String,
    /// The employee's file: compact JSON and a newline (`jq .` indents it).
    json: Vec<u8>,
    rows: Vec<u8>,
    execution: Option<Executed>,
}

/// The previous cycle's actions of one plan, tallied, with the manager and team they count for.
struct Executed {
    tally: Tally,
    manager: Option<String>,
    team: Option<String>,
}

impl Exported {
    pub fn of(p: &Plan) -> Result<Self, ExportError> {
        let mut json = serde_json::to_vec(p)?;
        json.push(b'\n');
        let rows = csv_rows(p.actions.iter().map(|a| {
            [
                a.id.as_str(),
                &p.talent_id,
                p.name.as_deref().unwrap_or(""),
                &p.cycle,
                a.kind,
                a.competency.as_deref().unwrap_or(""),
                a.resource.as_deref().unwrap_or(""),
                a.mentor.as_deref().unwrap_or(""),
                &a.text,
                &a.rule,
                "",
                "",
            ]
        }))?;
        Ok(Exported {
            path: format!("employees/{}.json", file_name(&p.talent_id)),
            json,
            rows,
            execution: p.previous.as_ref().map(|prev| Executed {
                tally: Tally::of(prev),
                manager: p.manager.clone(),
                team: p.team.clone(),
            }),
        })
    }

    /// The exports of `plans`, in their order, made on all threads.
    pub fn all(plans: &[Plan]) -> Result<Vec<Self>, ExportError> {
        plans.par_iter().map(Exported::of).collect()
    }

    /// The plan's entry in the combined document.
    fn entry(&self) -> &[u8] {
        self.json.strip_suffix(b"\n").unwrap_or(&self.json)
    }
}

/// `records` as CSV text.
fn csv_rows<'r>(
    records: impl IntoIterator<Item = [&'r str; ACTION_COLUMNS.len()]>,
) -> Result<Vec<u8>, ExportError> {
    let mut w = csv::WriterBuilder::new()
        .has_headers(false)
        .buffer_capacity(1024)
        .from_writer(Vec::new());
    for r in records {
        w.write_record(r)?;
    }
    w.into_inner().map_err(|e| ExportError::Io(e.into_error()))
}

/// Done actions and actions not dropped, of the previous cycle.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    done: usize,
    actions: usize,
}

impl Tally {
    fn of(prev: &PreviousCycle) -> Tally {
        Tally {
            done: prev.actions.iter().filter(|a| a.status == "done").count(),
            actions: prev
                .actions
                .iter()
                .filter(|a| a.status != "dropped")
                .count(),
        }
    }

    fn add(&mut self, other: Tally) {
        self.done += other.done;
        self.actions += other.actions;
    }
}

/// The combined JSON document and the CSV action list of `plans`, in memory.
pub fn exports(cycle: &str, plans: &[Plan]) -> (String, String) {
    let run = || -> Result<(Vec<u8>, Vec<u8>), ExportError> {
        let mut e = Exporter::new(Vec::new(), Vec::new(), cycle)?;
        e.add(&Exported::all(plans)?)?;
        e.finish()
    };
    let (combined, actions) = run().unwrap_or_default();
    (
        String::from_utf8(combined).unwrap_or_default(),
        String::from_utf8(actions).unwrap_or_default(),
    )
}

const STREAM_BUFFER: usize = 1 << 20;

/// What was written: counts for the summary line, and the evaluation errors.
#[derive(Default)]
pub struct Written {
    pub plans: usize,
    pub actions: usize,
    pub unmet: usize,
    pub errors: Vec<String>,
}

/// The edge of `talentloop plan`: makes and writes the plans a chunk at a time into a staging folder that replaces `out`
/// when every file is written: one JSON file per employee, the combined JSON and the CSV
/// action list (streamed), each plan serialised once, in parallel.
pub fn write(
    planner: &Planner,
    dataset: &Dataset,
    cycle: CycleIdx,
    out: &Path,
) -> Result<Written, Box<Diagnostic>> {
    let staging = Arc::new(Staging::begin(&PLANS, out, None)?);
    staging.folder("employees")?;
    // A large buffer: the streams take hundreds of megabytes, and each write is a system call.
    let exporter = Exporter::new(
        BufWriter::with_capacity(STREAM_BUFFER, staging.create("plans.json")?),
        BufWriter::with_capacity(STREAM_BUFFER, staging.create("actions.csv")?),
        &dataset.cycles[cycle].id,
    )
    .map_err(export_error)?;
    // Only the streams' thread uses it, one chunk after the other.
    let exporter = Arc::new(Mutex::new(exporter));
    let mut summary = Written::default();
    // While the next chunk is planned, one thread creates the chunk's employee files and
    // another appends it to the combined JSON and the CSV; two chunks may wait. Creating
    // 100,000 files is the slowest part on a disk, so that thread does nothing else: the
    // plans are dropped here, on all threads.
    let files = Writer::start(staging.clone(), 2);
    let streams = Writer::start(staging.clone(), 2);
    planner.each_chunk(dataset, cycle, true, |chunk| {
        let exported = Arc::new(Exported::all(&chunk).map_err(export_error)?);
        for p in &chunk {
            summary.plans += 1;
            summary.actions += p.actions.len();
            summary.unmet += p.unmet_mentor_requests.len();
            summary.errors.extend(p.errors.iter().cloned());
        }
        super::free(chunk);
        let (exporter, to_stream) = (exporter.clone(), exported.clone());
        streams.run(Box::new(move |_: &Staging| {
            let mut exporter = exporter.lock().map_err(|_| writer_stopped())?;
            exporter.add(&to_stream).map_err(export_error)
        }))?;
        files.run(Box::new(move |staging: &Staging| {
            exported
                .iter()
                .try_for_each(|e| staging.write(&e.path, &e.json))
        }))
    })?;
    files.finish()?;
    streams.finish()?;
    let exporter = Arc::into_inner(exporter)
        .and_then(|m| m.into_inner().ok())
        .ok_or_else(writer_stopped)?;
    let (combined, actions) = exporter.finish().map_err(export_error)?;
    for w in [combined, actions] {
        w.into_inner()
            .map_err(|e| export_error(e.into_error().into()))?;
    }
    into_staging(staging)?.commit(&[])?;
    Ok(summary)
}

fn export_error(e: ExportError) -> Box<Diagnostic> {
    Box::new(Diagnostic::new(
        Code::OutputWrite,
        format!("failed to write the plans: {e}"),
    ))
}

fn writer_stopped() -> Box<Diagnostic> {
    Box::new(Diagnostic::new(
        Code::OutputWrite,
        "failed to write the plans: the writer stopped midway",
    ))
}

#[cfg(test)]
mod tests {
    use super::file_name;

    #[test]
    fn file_names_cannot_escape_or_collide_with_separators() {
        assert_eq!(file_name("S1001"), "S1001");
        assert_eq!(file_name("../../x"), "~2e~2e~2f~2e~2e~2fx");
        assert_eq!(file_name(""), "~");
        assert!(!file_name("a/b\\c").contains(['/', '\\']));
    }
}
