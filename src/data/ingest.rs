//! Rows to records: identity resolution, value mapping and validation against the model.
//!
//! Every row ends loaded, skipped or ignored; every skipped or ignored row, and every row
//! loaded with a value left unknown, is recorded in the report with its reason, and every
//! problem is also a diagnostic at the row's cell.

use super::catalog::Catalog;
use super::config::{self, Config, Kind, SourceConfig, norm};
use super::dataset::*;
use super::read::{self, FileRead, Row};
use super::report::{FileReport, IdentityReport, LearningReport, Outcome, Report, RowIssue};
use crate::diag::{Cell, Code, Diagnostic, SourceMap, Span, did_you_mean};
use crate::model::{Input, OrgModel};
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use rayon::iter::ParallelExtend;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// A file matched to a source, with the cycle of its folder.
pub struct Assigned<'a> {
    pub input: Input,
    pub source: &'a SourceConfig,
    pub cycle: Option<CycleIdx>,
}

/// A record file that could not be read at all.
pub struct Unread<'a> {
    pub path: String,
    pub source: &'a SourceConfig,
    pub cycle: Option<CycleIdx>,
}

/// Review exports larger than this keep their text only when a diagnostic quotes it.
const KEEP_TEXT_UP_TO: usize = 16 * 1024 * 1024;

/// A read file's id in the source map and its mapped columns.
struct FileMeta {
    file: crate::diag::FileId,
    columns: Vec<read::Column>,
    delimiter: u8,
}

/// The problem that skipped a row (already reported).
struct Skip;

type RowResult<T> = Result<T, Skip>;

/// A people row before people are merged and sorted.
struct PersonRow {
    talent_id: String,
    name: Option<String>,
    email: Option<String>,
    locale: Option<String>,
    hire_date: Option<NaiveDate>,
    location: Option<String>,
    role: Option<Id>,
    team: Option<Id>,
    /// `None`: the roster applies to every cycle.
    cycle: Option<CycleIdx>,
    origin: Origin,
    /// Id, email and aliases with their cells, for ambiguity reports.
    keys: Vec<(String, Span, Cell)>,
    manager: Option<(String, Span, Cell)>,
}

/// Loads every assigned file in order; people sources must come first.
pub struct Ingest<'a> {
    model: &'a OrgModel,
    catalog: &'a Catalog,
    config: &'a Config,
    today: NaiveDate,
    pub ds: Dataset,
    pub report: Report,
    person_rows: Vec<PersonRow>,
    /// Normalised id, email or alias to the person, once people are merged.
    keys: FxHashMap<String, PersonId>,
    /// People rows already seen: (roster cycle, talent id) to the first row's id cell.
    seen_people: HashMap<(Option<CycleIdx>, String), (Span, Cell)>,
    /// Where each dataset file's cells are, to locate records again after reading.
    file_meta: Vec<Option<FileMeta>>,
    /// Competency rating rows per cycle, and how many mapped.
    pub competency_rows: Vec<(usize, usize)>,
    teams: Interner,
    /// A people file could not be read: unresolved references are then expected, and
    /// are listed in the report without a diagnostic each (no cascade).
    people_incomplete: bool,
    /// Aliases dropped because they point at two people.
    ambiguous: std::collections::HashSet<String>,
}

/// Labels interned: millions of records share a handful of labels.
#[derive(Default)]
struct Interner(FxHashMap<String, Id>);

impl Interner {
    fn get(&mut self, s: &str) -> Id {
        if let Some(id) = self.0.get(s) {
            return id.clone();
        }
        let id: Id = Arc::from(s);
        self.0.insert(s.to_owned(), id.clone());
        id
    }
}

/// Resolves references (talent id, email, alias) to people, remembering the last few
/// answers: an export lists a person's rows together, and a row refers to a handful of
/// people (the employee, the reviewer or manager, a mentor), so the next answer is usually
/// one of them. A miss costs a lower-cased copy and a lookup in a map of every key.
#[derive(Default)]
struct Resolver {
    recent: [Option<(Box<str>, Option<PersonId>)>; 4],
    /// The slot the next new answer takes (the oldest).
    next: usize,
}

impl Resolver {
    fn resolve(&mut self, keys: &FxHashMap<String, PersonId>, reference: &str) -> Option<PersonId> {
        let mut recent = self.recent.iter().flatten();
        if let Some((_, p)) = recent.find(|(r, _)| **r == *reference) {
            return *p;
        }
        let p = keys
            .get(&norm(reference.trim_start_matches("mailto:")))
            .copied();
        self.recent[self.next] = Some((reference.into(), p));
        self.next = (self.next + 1) % self.recent.len();
        p
    }
}

/// What the rows of one record file add to the load. Record files are read apart from
/// each other, in parallel, each into a part of its own; the parts merge in load order
/// ([`Ingest::absorb`]), so the outcome does not depend on the threads.
#[derive(Default)]
struct Part {
    reviews: Vec<Review>,
    goals: Vec<Goal>,
    learning: Vec<LearningRecord>,
    dialogues: Vec<Dialogue>,
    identity: IdentityReport,
    learning_report: LearningReport,
    /// Competency rating rows per cycle, and how many mapped.
    competency_rows: Vec<(usize, usize)>,
    labels: Interner,
    resolver: Resolver,
}

impl Part {
    /// Room for about `rows` records of `kind`.
    fn reserve(&mut self, kind: Kind, rows: usize) {
        match kind {
            Kind::People => {}
            Kind::Reviews => self.reviews.reserve_exact(rows),
            Kind::Goals => self.goals.reserve_exact(rows),
            Kind::Learning => self.learning.reserve_exact(rows),
            Kind::Dialogues => self.dialogues.reserve_exact(rows),
        }
    }
}

/// A record file read on its own ([`Ingest::records`]), with its own source map and
/// diagnostics until [`Ingest::absorb`] merges it.
pub struct FilePart {
    kind: Kind,
    delimiter: u8,
    sources: SourceMap,
    diags: Vec<Diagnostic>,
    issues: Vec<RowIssue>,
    part: Part,
    stats: FileReport,
    read: Option<FileRead>,
}

/// `from` added to the end of `to`; moved whole when `to` is empty and `from` has at
/// least its room (the first file of a kind is reserved for all of them). Past its room,
/// `to` grows by exactly `from`'s length, not by doubling: these are the largest lists.
/// The copy runs on all threads: it is the first touch of `to`'s reserved memory (hundreds
/// of megabytes the kernel zeroes page by page), and the other threads would wait for it.
fn append<T: Send>(to: &mut Vec<T>, from: Vec<T>) {
    if to.is_empty() && from.capacity() >= to.capacity() {
        *to = from;
    } else {
        to.reserve_exact(from.len());
        to.par_extend(from);
    }
}

impl<'a> Ingest<'a> {
    pub fn new(
        model: &'a OrgModel,
        catalog: &'a Catalog,
        config: &'a Config,
        today: NaiveDate,
    ) -> Self {
        Ingest {
            model,
            catalog,
            config,
            today,
            ds: Dataset {
                cycles: config.cycles.clone(),
                ..Dataset::default()
            },
            report: Report {
                as_of: Some(today),
                ..Report::default()
            },
            person_rows: Vec::new(),
            keys: FxHashMap::default(),
            seen_people: HashMap::new(),
            file_meta: Vec::new(),
            competency_rows: vec![(0, 0); config.cycles.len()],
            teams: Interner::default(),
            people_incomplete: false,
            ambiguous: Default::default(),
        }
    }

    /// Room for about `rows` more people rows.
    pub fn reserve_people(&mut self, rows: usize) {
        self.person_rows.reserve_exact(rows);
    }

    /// Reads a people file. People files load one after the other, before any record, and
    /// keep their text: the manager and alias checks quote them once every person is read.
    pub fn people(&mut self, a: Assigned, sources: &mut SourceMap, diags: &mut Vec<Diagnostic>) {
        let (config, delimiter) = (self.config, a.source.delimiter);
        let file_index = self.ds.files.len() as u32;
        let mut issues = std::mem::take(&mut self.report.issues);
        let (stats, read) = read_file(config, a, file_index, sources, diags, &mut issues, |cx| {
            people_row(self, cx)
        });
        self.report.issues = issues;
        self.register(Kind::People, delimiter, stats, read);
    }

    /// Reads a record file apart from the load, on any thread, once people are merged:
    /// `file_index` is the index it will have among the dataset's files, `rows` a guess
    /// of how many records it holds.
    pub fn records(&self, a: Assigned, file_index: u32, rows: usize) -> FilePart {
        let (kind, delimiter) = (a.source.kind, a.source.delimiter);
        let mut part = Part {
            competency_rows: vec![(0, 0); self.ds.cycles.len()],
            ..Part::default()
        };
        part.reserve(kind, rows);
        let mut sources = SourceMap::default();
        let (mut diags, mut issues) = (Vec::new(), Vec::new());
        let (stats, read) = read_file(
            self.config,
            a,
            file_index,
            &mut sources,
            &mut diags,
            &mut issues,
            |cx| match kind {
                Kind::Reviews => review_row(self, &mut part, cx),
                Kind::Goals => goal_row(self, &mut part, cx),
                Kind::Learning => learning_row(self, &mut part, cx),
                Kind::Dialogues => dialogue_row(self, &mut part, cx),
                // INVARIANT: `load_from` hands people files to `Ingest::people`.
                Kind::People => unreachable!("people files are read by `Ingest::people`"),
            },
        );
        // An export's text is kept only while a diagnostic quotes it, and review exports
        // up to a size, for the duplicate check at the end.
        if let Some(r) = &read {
            let quoted = diags.iter().any(|d| {
                d.primary
                    .iter()
                    .chain(&d.secondary)
                    .any(|l| l.span.file == r.file)
            });
            let later = kind == Kind::Reviews && sources.file(r.file).text.len() <= KEEP_TEXT_UP_TO;
            if !quoted && !later {
                sources.drop_text(r.file);
            }
        }
        FilePart {
            kind,
            delimiter,
            sources,
            diags,
            issues,
            part,
            stats,
            read,
        }
    }

    /// Registers a record file that could not be read: it shows as failed in the report,
    /// and holds its place among the dataset's files.
    pub fn unread(&mut self, file: Unread) {
        let stats = file_report(self.config, file.source, file.cycle, file.path);
        self.register(file.source.kind, file.source.delimiter, stats, None);
    }

    /// Merges a record file read by [`Ingest::records`]; files merge in load order.
    pub fn absorb(&mut self, file: FilePart, sources: &mut SourceMap, diags: &mut Vec<Diagnostic>) {
        let shift = sources.append(file.sources);
        diags.extend(file.diags.into_iter().map(|mut d| {
            d.shift_files(shift);
            d
        }));
        self.report.issues.extend(file.issues);
        let part = file.part;
        append(&mut self.ds.reviews, part.reviews);
        append(&mut self.ds.goals, part.goals);
        append(&mut self.ds.learning, part.learning);
        append(&mut self.ds.dialogues, part.dialogues);
        let identity = &mut self.report.identity;
        identity.records_resolved += part.identity.records_resolved;
        identity.records_unresolved += part.identity.records_unresolved;
        for (reference, n) in part.identity.unresolved {
            *identity.unresolved.entry(reference).or_default() += n;
        }
        let learning = &mut self.report.learning;
        learning.records += part.learning_report.records;
        learning.matched_person += part.learning_report.matched_person;
        learning.matched_resource += part.learning_report.matched_resource;
        learning.loaded += part.learning_report.loaded;
        for (total, (rows, mapped)) in self.competency_rows.iter_mut().zip(part.competency_rows) {
            total.0 += rows;
            total.1 += mapped;
        }
        let read = file.read.map(|r| FileRead {
            file: r.file.shifted(shift),
            ..r
        });
        self.register(file.kind, file.delimiter, file.stats, read);
    }

    /// Adds a file to the dataset's files and the report, with where its cells are.
    fn register(
        &mut self,
        kind: Kind,
        delimiter: u8,
        mut stats: FileReport,
        read: Option<FileRead>,
    ) {
        let mut columns_by_field = BTreeMap::new();
        let meta = match read {
            Some(FileRead {
                file,
                columns,
                encoding,
            }) => {
                stats.encoding = encoding;
                for c in &columns {
                    columns_by_field
                        .entry(c.field.to_owned())
                        .or_insert_with(|| c.header.clone());
                }
                Some(FileMeta {
                    file,
                    columns,
                    delimiter,
                })
            }
            None => {
                stats.failed = true;
                self.people_incomplete |= kind == Kind::People;
                // No record comes from a file that could not be read.
                None
            }
        };
        self.ds.files.push(DataFile {
            path: stats.path.clone(),
            columns: columns_by_field,
        });
        self.file_meta.push(meta);
        self.report.files.push(stats);
    }

    /// Merges people rows into people sorted by talent id, builds the alias map and
    /// resolves managers. Called once, after the people sources.
    pub fn finish_people(&mut self, diags: &mut Vec<Diagnostic>) {
        let rows = std::mem::take(&mut self.person_rows);
        let mut by_id: BTreeMap<&str, Vec<&PersonRow>> = BTreeMap::new();
        for r in &rows {
            by_id.entry(r.talent_id.as_str()).or_default().push(r);
        }
        let cycles = self.ds.cycles.len();
        let mut people = Vec::with_capacity(by_id.len());
        for (talent_id, prs) in &by_id {
            // The latest row (the last cycle's, else the shared roster's) gives the details.
            let latest = prs
                .iter()
                .max_by_key(|r| (r.cycle.map_or(0, |c| c + 1), r.origin))
                .copied();
            let Some(latest) = latest else { continue };
            let mut assignments: Vec<Option<Assignment>> = vec![None; cycles];
            // Shared rosters first, so a cycle's own roster overrides them.
            let mut ordered = prs.clone();
            ordered.sort_by_key(|r| (r.cycle.is_some(), r.cycle, r.origin));
            for r in ordered {
                let a = Assignment {
                    role: r.role.clone(),
                    team: r.team.clone(),
                    manager: None,
                    origin: r.origin,
                };
                match r.cycle {
                    Some(c) => assignments[c] = Some(a),
                    None => assignments.iter_mut().for_each(|s| *s = Some(a.clone())),
                }
            }
            let mut aliases: Vec<String> = prs
                .iter()
                .flat_map(|r| r.keys.iter().map(|k| k.0.clone()))
                .filter(|k| k != talent_id)
                .collect();
            aliases.sort();
            aliases.dedup();
            people.push(Person {
                talent_id: (*talent_id).to_owned(),
                name: latest.name.clone(),
                email: latest.email.clone(),
                locale: latest.locale.clone(),
                hire_date: prs.iter().find_map(|r| r.hire_date),
                location: latest.location.clone(),
                aliases,
                assignments,
                origin: latest.origin,
            });
        }
        let index: FxHashMap<String, PersonId> = people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.talent_id.clone(), PersonId(i as u32)))
            .collect();
        // Keys: talent ids first, so an alias equal to someone's talent id is caught.
        let key_count = rows.iter().map(|r| r.keys.len()).sum();
        // Each key's first row is borrowed: it is quoted only if another person claims it.
        let mut owner: FxHashMap<String, (PersonId, &(String, Span, Cell))> =
            FxHashMap::with_capacity_and_hasher(key_count, Default::default());
        let mut ambiguous: BTreeMap<String, ()> = BTreeMap::new();
        for r in &rows {
            let pid = index[r.talent_id.as_str()];
            for first in &r.keys {
                let (key, span, cell) = first;
                let k = norm(key);
                match owner.get(&k) {
                    None => {
                        owner.insert(k, (pid, first));
                    }
                    Some((other, (_, first_span, first_cell))) if *other != pid => {
                        let other_id = &people[other.0 as usize].talent_id;
                        let d = Diagnostic::new(
                            Code::AmbiguousAlias,
                            format!(
                                "`{key}` points at two people: `{other_id}` and `{}`",
                                r.talent_id
                            ),
                        )
                        .at_cell(*span, cell.clone(), format!("an id of `{}`", r.talent_id))
                        .also_cell(*first_span, first_cell.clone(), format!("an id of `{other_id}`"))
                        .help("correct one of the rows; records using this alias are not attributed until then");
                        self.push_issue(diags, d, Outcome::ValueDropped, r.origin);
                        ambiguous.insert(k, ());
                    }
                    Some(_) => {}
                }
            }
        }
        self.report.identity.ambiguous = ambiguous.len();
        self.ambiguous = ambiguous.keys().cloned().collect();
        // Sized up front: collecting through a filter would grow the map by rehashing.
        self.keys = FxHashMap::with_capacity_and_hasher(owner.len(), Default::default());
        self.keys.extend(
            owner
                .into_iter()
                .filter(|(k, _)| !ambiguous.contains_key(k))
                .map(|(k, v)| (k, v.0)),
        );
        self.report.identity.keys = self.keys.len();
        self.ds.by_talent_id = index;
        self.ds.people = people;
        // Managers, per cycle assignment.
        let mut resolver = Resolver::default();
        for r in &rows {
            let Some((reference, span, cell)) = &r.manager else {
                continue;
            };
            let pid = self.ds.by_talent_id[r.talent_id.as_str()];
            match resolver.resolve(&self.keys, reference) {
                Some(m) => {
                    let person = &mut self.ds.people[pid.0 as usize];
                    for a in person.assignments.iter_mut().flatten() {
                        if a.origin == r.origin {
                            a.manager = Some(m);
                        }
                    }
                }
                None => {
                    let d = Diagnostic::new(
                        Code::UnknownManager,
                        format!("manager `{reference}` of `{}` does not exist", r.talent_id),
                    )
                    .at_cell(*span, cell.clone(), "no person has this id or alias")
                    .note("the person is kept without a manager");
                    self.push_issue(diags, d, Outcome::ValueDropped, r.origin);
                }
            }
        }
        self.break_manager_cycles(&rows, diags);
        self.report.people = self.ds.people.len();
    }

    /// Drops one link of every manager cycle: the one of the member with the greatest id.
    fn break_manager_cycles(&mut self, rows: &[PersonRow], diags: &mut Vec<Diagnostic>) {
        let n = self.ds.people.len();
        for c in 0..self.ds.cycles.len() {
            // 0 unvisited, 1 on the current path, 2 done.
            let mut state = vec![0u8; n];
            for start in 0..n {
                let mut path = Vec::new();
                let mut at = Some(start);
                while let Some(i) = at {
                    match state[i] {
                        2 => break,
                        1 => {
                            let pos = path.iter().position(|&p| p == i).unwrap_or(0);
                            let members: Vec<usize> = path[pos..].to_vec();
                            let breaker = members
                                .iter()
                                .copied()
                                .max_by(|a, b| {
                                    self.ds.people[*a]
                                        .talent_id
                                        .cmp(&self.ds.people[*b].talent_id)
                                })
                                .unwrap_or(i);
                            self.report_cycle(c, breaker, &members, rows, diags);
                            break;
                        }
                        _ => {}
                    }
                    state[i] = 1;
                    path.push(i);
                    at = self.ds.people[i].assignments[c]
                        .as_ref()
                        .and_then(|a| a.manager)
                        .map(|m| m.0 as usize);
                }
                for p in path {
                    state[p] = 2;
                }
            }
        }
    }

    fn report_cycle(
        &mut self,
        c: CycleIdx,
        breaker: usize,
        members: &[usize],
        rows: &[PersonRow],
        diags: &mut Vec<Diagnostic>,
    ) {
        let person = &mut self.ds.people[breaker];
        let Some(a) = person.assignments[c].as_mut() else {
            return;
        };
        a.manager = None;
        let origin = a.origin;
        // A shared roster's cycle is reported once, at its first cycle.
        let shared = rows.iter().any(|r| r.origin == origin && r.cycle.is_none());
        if shared
            && c > 0
            && person.assignments[c - 1]
                .as_ref()
                .is_some_and(|p| p.origin == origin)
        {
            return;
        }
        let chain: Vec<&str> = members
            .iter()
            .map(|&m| self.ds.people[m].talent_id.as_str())
            .collect();
        let Some(row) = rows.iter().find(|r| r.origin == origin) else {
            return;
        };
        let Some((_, span, cell)) = &row.manager else {
            return;
        };
        let cycle_note = if shared {
            String::new()
        } else {
            format!(" in {}", self.ds.cycles[c].id)
        };
        let d = Diagnostic::new(
            Code::ManagerCycle,
            format!(
                "managers form a cycle{cycle_note}: {} -> {}",
                chain.join(" -> "),
                chain.first().copied().unwrap_or_default()
            ),
        )
        .at_cell(*span, cell.clone(), "this link is dropped")
        .help("correct the manager of one person in the cycle");
        self.push_issue(diags, d, Outcome::ValueDropped, origin);
    }

    /// Records a diagnostic about a whole person (not a row being read).
    fn push_issue(
        &mut self,
        diags: &mut Vec<Diagnostic>,
        mut d: Diagnostic,
        outcome: Outcome,
        origin: Origin,
    ) {
        d.severity = self.config.severity(d.code);
        if let Some(cell) = d.primary.as_ref().and_then(|p| p.cell.clone()) {
            let file = self
                .ds
                .files
                .get(origin.file as usize)
                .map(|f| f.path.clone())
                .unwrap_or_default();
            self.report.issues.push(RowIssue {
                file,
                row: cell.row,
                column: cell.column,
                code: Some(d.code.as_str()),
                outcome,
                message: d.message.clone(),
            });
        }
        diags.push(d);
    }

    /// Sorts records by person, cycle and origin, drops duplicate review items (keeping
    /// the first row), and fills the report's totals.
    pub fn finish(mut self, sources: &SourceMap, diags: &mut Vec<Diagnostic>) -> (Dataset, Report) {
        // Every key ends in the record's origin, which is unique: unstable sorts are
        // deterministic here and need no extra memory.
        use rayon::slice::ParallelSliceMut;
        let ds = &mut self.ds;
        ds.reviews.par_sort_unstable_by(|a, b| {
            (a.person, a.cycle, &a.item, a.origin).cmp(&(b.person, b.cycle, &b.item, b.origin))
        });
        ds.goals.par_sort_unstable_by(|a, b| {
            (a.person, a.cycle, a.origin).cmp(&(b.person, b.cycle, b.origin))
        });
        ds.learning.par_sort_unstable_by(|a, b| {
            (a.person, a.date, a.origin).cmp(&(b.person, b.date, b.origin))
        });
        ds.dialogues.par_sort_unstable_by(|a, b| {
            (a.person, a.cycle, a.date, a.origin).cmp(&(b.person, b.cycle, b.date, b.origin))
        });
        self.drop_duplicate_reviews(sources, diags);
        self.ds.index_records();
        self.report.issues.sort();
        super::coverage::fill(&mut self.report, &self.ds, &self.competency_rows);
        (self.ds, self.report)
    }

    /// Where `field` of the record at `origin` is, as read.
    fn locate(&self, sources: &SourceMap, origin: Origin, field: &str) -> Option<(Span, Cell)> {
        let meta = self.file_meta.get(origin.file as usize)?.as_ref()?;
        let text = &sources.file(meta.file).text;
        Some(read::locate(
            meta.file,
            sources.file(meta.file).has_text().then_some(text.as_str()),
            origin.offset as usize,
            meta.delimiter,
            origin.row,
            meta.columns.iter().find(|c| c.field == field),
            field,
        ))
    }

    /// The same item rated twice for a person in a cycle: the later row is skipped.
    /// Duplicates are found on the sorted reviews, so loading needs no index of them.
    fn drop_duplicate_reviews(&mut self, sources: &SourceMap, diags: &mut Vec<Diagnostic>) {
        let reviews = &self.ds.reviews;
        let mut dups: Vec<(usize, usize)> = Vec::new();
        let mut first = 0;
        for i in 1..reviews.len() {
            let (a, b) = (&reviews[first], &reviews[i]);
            if (a.person, a.cycle, &a.item) == (b.person, b.cycle, &b.item) {
                dups.push((first, i));
            } else {
                first = i;
            }
        }
        if dups.is_empty() {
            return;
        }
        let mut drop = vec![false; reviews.len()];
        for &(keep, dup) in &dups {
            let (r, k) = (&self.ds.reviews[dup], &self.ds.reviews[keep]);
            let what = match &r.item {
                ReviewItem::Overall => "the overall rating".to_owned(),
                ReviewItem::Goal(g) => format!("goal `{g}`"),
                ReviewItem::Competency(c) => format!("`{c}`"),
            };
            let message = format!(
                "`{}` is rated twice for {what} in {}",
                self.ds.people[r.person.0 as usize].talent_id, self.ds.cycles[r.cycle].id
            );
            // INVARIANT: reviews come only from files that were read, which have metadata.
            let (Some((span, cell)), Some((first_span, first_cell))) = (
                self.locate(sources, r.origin, "rating"),
                self.locate(sources, k.origin, "rating"),
            ) else {
                continue;
            };
            drop[dup] = true;
            let mut d = Diagnostic::new(Code::DuplicateReview, message.clone())
                .at_cell(span, cell.clone(), "second rating")
                .also_cell(first_span, first_cell, "first rating")
                .help("remove one of the rows; the first is kept");
            d.severity = self.config.severity(Code::DuplicateReview);
            diags.push(d);
            self.report.issues.push(RowIssue {
                file: self.ds.files[r.origin.file as usize].path.clone(),
                row: cell.row,
                column: cell.column,
                code: Some(Code::DuplicateReview.as_str()),
                outcome: Outcome::Skipped,
                message,
            });
            if let Some(f) = self.report.files.get_mut(r.origin.file as usize) {
                f.rows_loaded -= 1;
                f.rows_skipped += 1;
            }
        }
        let mut i = 0;
        self.ds.reviews.retain(|_| {
            i += 1;
            !drop[i - 1]
        });
    }
}

enum Loaded {
    Record,
    Ignored,
}

/// Reads one file, handing every row to `row` as a [`RowCx`] (rows flagged by the reader
/// are ignored or skipped here). Returns the file's counts and what reading it found,
/// `None` when it could not be read.
fn read_file(
    config: &Config,
    a: Assigned,
    file_index: u32,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
    issues: &mut Vec<RowIssue>,
    mut row: impl FnMut(&mut RowCx) -> RowResult<Loaded>,
) -> (FileReport, Option<FileRead>) {
    let path = a.input.path.clone();
    let mut stats = file_report(config, a.source, a.cycle, path.clone());
    let read = read::read_rows(a.input, a.source, sources, diags, |r, diags| {
        stats.rows_read += 1;
        let origin = Origin {
            file: file_index,
            row: r.number,
            offset: r.offset(),
        };
        let mut cx = RowCx {
            row: r,
            source: a.source,
            cycle: a.cycle,
            origin,
            path: &path,
            diags,
            config,
            issues,
            dropped: false,
        };
        if let Some(flag) = &r.flag {
            match flag.code {
                None => {
                    cx.ignore(flag.field, &flag.message);
                    stats.rows_ignored += 1;
                }
                Some(code) => {
                    let _ = cx.problem(
                        code,
                        flag.field,
                        flag.message.clone(),
                        "invalid statement",
                        None,
                    );
                    stats.rows_skipped += 1;
                }
            }
            return;
        }
        match row(&mut cx) {
            Ok(Loaded::Record) => stats.rows_loaded += 1,
            Ok(Loaded::Ignored) => stats.rows_ignored += 1,
            Err(Skip) => stats.rows_skipped += 1,
        }
    });
    (stats, read)
}

/// A file's report before any row is read.
fn file_report(
    config: &Config,
    source: &SourceConfig,
    cycle: Option<CycleIdx>,
    path: String,
) -> FileReport {
    FileReport {
        path,
        kind: source.kind.as_str(),
        cycle: cycle
            .and_then(|c| config.cycles.get(c))
            .map(|c| c.id.clone()),
        format: match source.format {
            super::raw::Format::Csv => "csv",
            super::raw::Format::Xlsx => "xlsx",
            super::raw::Format::Json => "json",
            super::raw::Format::Xapi => "xapi",
        },
        encoding: "",
        rows_read: 0,
        rows_loaded: 0,
        rows_skipped: 0,
        rows_ignored: 0,
        failed: false,
    }
}

/// One row being turned into a record: its cells, and where to report problems.
struct RowCx<'r, 'd> {
    row: &'r Row<'r>,
    source: &'r SourceConfig,
    cycle: Option<CycleIdx>,
    origin: Origin,
    path: &'r str,
    diags: &'d mut Vec<Diagnostic>,
    config: &'r Config,
    issues: &'d mut Vec<RowIssue>,
    /// A value of this row was left unknown (the row still loads).
    dropped: bool,
}

impl<'r> RowCx<'r, '_> {
    /// A cell's text, borrowed from the row rather than from `self`, so that it can be
    /// held while a problem is reported.
    fn get(&self, field: &str) -> Option<&'r str> {
        self.row.get(field)
    }

    fn report(&mut self, d: Diagnostic, field: &str, outcome: Outcome) {
        let (_, cell) = self.row.locate(field);
        self.issues.push(RowIssue {
            file: self.path.to_owned(),
            row: cell.row,
            column: cell.column,
            code: Some(d.code.as_str()),
            outcome,
            message: d.message.clone(),
        });
        self.diags.push(d);
    }

    fn diagnostic(
        &self,
        code: Code,
        field: &str,
        message: String,
        label: &str,
        help: Option<String>,
    ) -> Diagnostic {
        let (span, cell) = self.row.locate(field);
        let mut d = Diagnostic::new(code, message)
            .at_cell(span, cell, label)
            .maybe_help(help);
        d.severity = self.config.severity(code);
        d
    }

    /// Reports a problem that skips the row.
    fn problem(
        &mut self,
        code: Code,
        field: &str,
        message: String,
        label: &str,
        help: Option<String>,
    ) -> Skip {
        let d = self.diagnostic(code, field, message, label, help);
        self.report(d, field, Outcome::Skipped);
        Skip
    }

    /// Reports a problem that leaves one value unknown; the row still loads.
    fn drop_value(
        &mut self,
        code: Code,
        field: &str,
        message: String,
        label: &str,
        help: Option<String>,
    ) {
        let d = self
            .diagnostic(code, field, message, label, help)
            .note("the row is kept; this value is left unknown");
        self.report(d, field, Outcome::ValueDropped);
        self.dropped = true;
    }

    /// Lists a skipped row in the report without a diagnostic: the problem follows from an
    /// error already reported (a people file that could not be read).
    fn listed_only(&mut self, code: Code, field: &str, message: String) {
        let (_, cell) = self.row.locate(field);
        self.issues.push(RowIssue {
            file: self.path.to_owned(),
            row: cell.row,
            column: cell.column,
            code: Some(code.as_str()),
            outcome: Outcome::Skipped,
            message,
        });
    }

    fn ignore(&mut self, field: &str, why: &str) {
        let (_, cell) = self.row.locate(field);
        self.issues.push(RowIssue {
            file: self.path.to_owned(),
            row: cell.row,
            column: cell.column,
            code: None,
            outcome: Outcome::Ignored,
            message: why.to_owned(),
        });
    }

    fn required(&mut self, field: &str) -> RowResult<&'r str> {
        match self.get(field) {
            Some(v) => Ok(v),
            None => Err(self.problem(
                Code::MissingValue,
                field,
                format!("`{field}` is empty"),
                "empty cell",
                Some("every record needs this value".into()),
            )),
        }
    }

    fn date(&mut self, field: &str) -> RowResult<Option<NaiveDate>> {
        let Some(v) = self.get(field) else {
            return Ok(None);
        };
        match parse_date(v, self.source.date_format.as_deref()) {
            Some(d) => Ok(Some(d)),
            None => {
                let v = v.to_owned();
                Err(self.problem(
                    Code::InvalidDataDate,
                    field,
                    format!("`{v}` is not a date"),
                    "not a date",
                    Some(format!(
                        "write dates as {}",
                        self.source.date_format.as_deref().unwrap_or("YYYY-MM-DD")
                    )),
                ))
            }
        }
    }

    fn number(&mut self, field: &str) -> RowResult<Option<f64>> {
        let Some(v) = self.get(field) else {
            return Ok(None);
        };
        match v
            .trim_end_matches('%')
            .trim()
            .replace(',', ".")
            .parse::<f64>()
        {
            Ok(x) if x.is_finite() => Ok(Some(x)),
            _ => {
                let v = v.to_owned();
                Err(self.problem(
                    Code::InvalidNumber,
                    field,
                    format!("`{v}` is not a number"),
                    "not a number",
                    None,
                ))
            }
        }
    }

    /// Dates after `today` are refused.
    fn not_future(
        &mut self,
        field: &str,
        date: Option<NaiveDate>,
        today: NaiveDate,
    ) -> RowResult<()> {
        match date {
            Some(d) if d > today => Err(self.problem(
                Code::FutureDate,
                field,
                format!("{d} is in the future"),
                &format!("after {today}"),
                Some("check the year; pass `--as-of DATE` to check data as of another day".into()),
            )),
            _ => Ok(()),
        }
    }

    fn not_before_hire(
        &mut self,
        field: &str,
        date: Option<NaiveDate>,
        person: &Person,
    ) -> RowResult<()> {
        match (date, person.hire_date) {
            (Some(d), Some(h)) if d < h => Err(self.problem(
                Code::BeforeHire,
                field,
                format!("{d} is before `{}` was hired ({h})", person.talent_id),
                "before the hire date",
                None,
            )),
            _ => Ok(()),
        }
    }

    /// The cycle of the row: its folder's, or its `cycle` column's (which must agree).
    fn cycle(
        &mut self,
        cycles: &[Cycle],
        by_date: Option<NaiveDate>,
    ) -> RowResult<Option<CycleIdx>> {
        let Some(v) = self.get("cycle") else {
            return Ok(self
                .cycle
                .or_else(|| by_date.and_then(|d| cycle_of(cycles, d))));
        };
        let v = self.mapped(&self.source.values.cycle, v);
        let found = cycles
            .iter()
            .position(|c| c.id == v || norm(&c.id) == norm(v));
        match (found, self.cycle) {
            (Some(c), Some(folder)) if c != folder => {
                let (v, f) = (v.to_owned(), cycles[folder].id.clone());
                Err(self.problem(
                    Code::UnknownDataCycle,
                    "cycle",
                    format!("cycle `{v}` disagrees with the folder `{f}` the file is in"),
                    "another cycle",
                    None,
                ))
            }
            (Some(c), _) => Ok(Some(c)),
            (None, _) => {
                let v = v.to_owned();
                Err(self.problem(
                    Code::UnknownDataCycle,
                    "cycle",
                    format!("cycle `{v}` is not listed in the project file"),
                    "unknown cycle",
                    did_you_mean(&v, cycles.iter().map(|c| c.id.as_str())).or_else(|| {
                        Some(format!(
                            "the project's cycles: {}",
                            cycles
                                .iter()
                                .map(|c| c.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ))
                    }),
                ))
            }
        }
    }

    /// A status cell, mapped by `values.status` and read as one of `allowed`.
    fn status<T>(
        &mut self,
        s: &str,
        allowed: &[&str],
        what: &str,
        example: &str,
        parse: fn(&str) -> Option<T>,
    ) -> RowResult<T> {
        let mapped = norm(self.mapped(&self.source.values.status, s));
        match parse(&mapped.replace([' ', '-'], "_")) {
            Some(st) => Ok(st),
            None => Err(self.problem(
                Code::UnknownStatus,
                "status",
                format!("`{s}` is not {what}"),
                "unknown status",
                did_you_mean(&mapped, allowed.iter().copied()).or_else(|| {
                    Some(format!(
                        "map it with `values: {{status: {{{s}: {example}}}}}`"
                    ))
                }),
            )),
        }
    }

    /// A value mapped by `values.<field>`, else itself.
    fn mapped<'v>(&'v self, map: &'v HashMap<String, String>, v: &'v str) -> &'v str {
        if map.is_empty() {
            return v;
        }
        map.get(&norm(v)).map_or(v, String::as_str)
    }
}

/// The cycle whose dates contain `d`.
pub fn cycle_of(cycles: &[Cycle], d: NaiveDate) -> Option<CycleIdx> {
    cycles.iter().position(|c| c.start <= d && d <= c.end)
}

/// A date in the source's format, or one of the common ones exports use.
pub fn parse_date(v: &str, format: Option<&str>) -> Option<NaiveDate> {
    let v = v.trim();
    if let Some(f) = format
        && let Ok(d) = NaiveDate::parse_from_str(v, f)
    {
        return Some(d);
    }
    for f in ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"] {
        if let Ok(d) = NaiveDate::parse_from_str(v, f) {
            return Some(d);
        }
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(v) {
        return Some(t.date_naive());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(v, f) {
            return Some(t.date());
        }
    }
    None
}

fn person_ref(ing: &Ingest, part: &mut Part, cx: &mut RowCx, field: &str) -> RowResult<PersonId> {
    let reference = cx.required(field)?;
    match part.resolver.resolve(&ing.keys, reference) {
        Some(p) => {
            part.identity.records_resolved += 1;
            Ok(p)
        }
        None => {
            part.identity.records_unresolved += 1;
            *part
                .identity
                .unresolved
                .entry(reference.to_owned())
                .or_default() += 1;
            if ing
                .ambiguous
                .contains(&norm(reference.trim_start_matches("mailto:")))
            {
                return Err(cx.problem(
                    Code::UnresolvedPerson,
                    field,
                    format!("`{reference}` is an alias of two people"),
                    "ambiguous",
                    Some(
                        "correct the people export (see the ambiguous alias reported there)".into(),
                    ),
                ));
            }
            let message = format!("`{reference}` is nobody in the people export");
            if ing.people_incomplete {
                cx.listed_only(Code::UnresolvedPerson, field, message);
                return Err(Skip);
            }
            Err(cx.problem(
                Code::UnresolvedPerson,
                field,
                message,
                "no talent id, email or alias matches",
                Some("add it as an alias of the right person in the people export".into()),
            ))
        }
    }
}

/// An optional reference to another person (reviewer, mentor): unknown ones are dropped.
fn optional_person(ing: &Ingest, part: &mut Part, cx: &mut RowCx, field: &str) -> Option<PersonId> {
    let reference = cx.get(field)?.to_owned();
    let p = part.resolver.resolve(&ing.keys, &reference);
    if p.is_none() {
        cx.drop_value(
            Code::UnresolvedPerson,
            field,
            format!("`{reference}` is nobody in the people export"),
            "no talent id, email or alias matches",
            None,
        );
    }
    p
}

fn people_row(ing: &mut Ingest, cx: &mut RowCx) -> RowResult<Loaded> {
    let talent_id = cx.required("talent_id")?.to_owned();
    let role = match cx.get("role") {
        None => None,
        Some(v) => {
            let found = cx
                .source
                .values
                .role
                .get(&norm(v))
                .cloned()
                .or_else(|| ing.catalog.role_id(v));
            match found {
                Some(r) => Some(r),
                None => {
                    let v = v.to_owned();
                    return Err(cx.problem(
                        Code::UnknownDataRole,
                        "role",
                        format!("unknown role `{v}`"),
                        "no role has this id or name",
                        did_you_mean(&v, ing.model.roles.iter().map(|r| r.id.as_str())).or_else(
                            || {
                                Some(format!(
                                    "map it to a role id: `values: {{role: {{{v}: ROLE_ID}}}}`"
                                ))
                            },
                        ),
                    ));
                }
            }
        }
    };
    let hire_date = cx.date("hire_date")?;
    cx.not_future("hire_date", hire_date, ing.today)?;
    // Duplicates within the same roster (the same cycle, or the shared one).
    let (id_span, id_cell) = cx.row.locate("talent_id");
    let key = (cx.cycle, talent_id.clone());
    if let Some((first_span, first_cell)) = ing.seen_people.get(&key).cloned() {
        let d = cx
            .diagnostic(
                Code::DuplicatePerson,
                "talent_id",
                format!("`{talent_id}` appears twice"),
                "second row",
                Some("remove one of the rows; the first is kept".into()),
            )
            .also_cell(first_span, first_cell, "first row");
        cx.report(d, "talent_id", Outcome::Skipped);
        return Err(Skip);
    }
    ing.seen_people.insert(key, (id_span, id_cell.clone()));
    let mut keys = vec![(talent_id.clone(), id_span, id_cell)];
    if let Some(e) = cx.get("email") {
        let (s, c) = cx.row.locate("email");
        keys.push((e.to_owned(), s, c));
    }
    for (alias, span, cell) in cx.row.all("aliases") {
        keys.push((alias.to_owned(), span, cell));
    }
    let manager = cx.get("manager").map(|m| {
        let (s, c) = cx.row.locate("manager");
        (m.to_owned(), s, c)
    });
    let team = cx.get("team").map(|t| t.to_owned());
    let team = team.map(|t| ing.teams.get(&t));
    ing.person_rows.push(PersonRow {
        talent_id,
        name: cx.get("name").map(str::to_owned),
        email: cx.get("email").map(str::to_owned),
        locale: cx.get("locale").map(str::to_owned),
        hire_date,
        location: cx.get("location").map(str::to_owned),
        role,
        team,
        cycle: cx.cycle,
        origin: cx.origin,
        keys,
        manager,
    });
    Ok(Loaded::Record)
}

/// A rating label on a scale: exact, mapped by `values.rating`, or in another case.
fn grade(
    ing: &Ingest,
    part: &mut Part,
    cx: &mut RowCx,
    field: &str,
    scale_id: Option<&str>,
    what: &str,
) -> RowResult<(Grade, Option<u8>)> {
    let label = cx.required(field)?;
    let Some(scale) = scale_id.and_then(|s| ing.model.rating_scale(s)) else {
        return Err(cx.problem(
            Code::RatingNotOnScale,
            field,
            format!("the project names no rating scale for {what} ratings"),
            "no scale",
            Some(format!(
                "add `ratings: {{{what}: SCALE}}` to talentloop.yaml"
            )),
        ));
    };
    let mapped = cx.mapped(&cx.source.values.rating, label).to_owned();
    let rank = scale
        .rank(&mapped)
        .or_else(|| scale.labels.iter().position(|l| norm(l) == norm(&mapped)));
    match rank {
        Some(r) => {
            let l = &scale.labels[r];
            let level = scale.to_level.get(l).copied();
            Ok((
                Grade {
                    label: part.labels.get(l),
                    rank: r as u8,
                },
                level,
            ))
        }
        None => Err(cx.problem(
            Code::RatingNotOnScale,
            field,
            format!("rating `{label}` is not on the scale `{}`", scale.id),
            &format!("not one of {}", scale.labels.join(", ")),
            did_you_mean(label, scale.labels.iter().map(String::as_str)).or_else(|| {
                Some(format!(
                    "correct the cell, or map the export's label to one of the scale's with `values: {{rating: {{{label}: LABEL}}}}`"
                ))
            }),
        )),
    }
}

fn competency(ing: &Ingest, cx: &RowCx, v: &str) -> Option<Id> {
    let mapped = &cx.source.values.competency;
    (!mapped.is_empty())
        .then(|| mapped.get(&norm(v)).cloned())
        .flatten()
        .or_else(|| ing.catalog.competency_id(v))
}

fn unknown_competency_help(ing: &Ingest, v: &str) -> Option<String> {
    did_you_mean(v, ing.model.competencies.iter().map(|c| c.id.as_str())).or_else(|| {
        Some(format!(
            "map it to a competency id: `values: {{competency: {{{v}: ID}}}}`"
        ))
    })
}

fn review_row(ing: &Ingest, part: &mut Part, cx: &mut RowCx) -> RowResult<Loaded> {
    let person = person_ref(ing, part, cx, "employee")?;
    let date = cx.date("date")?;
    cx.not_future("date", date, ing.today)?;
    cx.not_before_hire("date", date, &ing.ds.people[person.0 as usize])?;
    let cycles = &ing.config.cycles;
    let Some(cycle) = cx.cycle(cycles, date)? else {
        return Err(cx.problem(
            Code::MissingValue,
            "cycle",
            "the review's cycle is unknown".into(),
            "no cycle",
            Some("put the file in a cycle folder (`{cycle}/...`) or map a `cycle` column".into()),
        ));
    };
    let item_text = cx.get("item");
    let kind = match cx.get("kind") {
        Some(k) => {
            let k = norm(cx.mapped(&cx.source.values.kind, k));
            if !config::REVIEW_KINDS.contains(&k.as_str()) {
                return Err(cx.problem(
                    Code::UnknownStatus,
                    "kind",
                    format!("`{k}` is not a review item kind"),
                    "unknown kind",
                    did_you_mean(&k, config::REVIEW_KINDS.iter().copied()).or_else(|| {
                        Some(
                            "map it with `values: {kind: {LABEL: overall|goal|competency}}`".into(),
                        )
                    }),
                ));
            }
            k
        }
        None => match &item_text {
            None => "overall".to_owned(),
            Some(i) if competency(ing, cx, i).is_some() => "competency".to_owned(),
            Some(_) => "goal".to_owned(),
        },
    };
    let item = match kind.as_str() {
        "competency" => {
            part.competency_rows[cycle].0 += 1;
            let Some(i) = item_text else {
                return Err(cx.required("item").err().unwrap_or(Skip));
            };
            match competency(ing, cx, i) {
                Some(c) => {
                    part.competency_rows[cycle].1 += 1;
                    ReviewItem::Competency(c)
                }
                None => {
                    return Err(cx.problem(
                        Code::UnknownDataCompetency,
                        "item",
                        format!("unknown competency `{i}`"),
                        "no competency has this id or name",
                        unknown_competency_help(ing, i),
                    ));
                }
            }
        }
        "goal" => ReviewItem::Goal(cx.required("item")?.to_owned()),
        _ => ReviewItem::Overall,
    };
    let scale = match item {
        ReviewItem::Overall => ing.model.ratings.overall.clone(),
        ReviewItem::Goal(_) => ing.model.ratings.goal.clone(),
        ReviewItem::Competency(_) => ing.model.ratings.competency.clone(),
    };
    let (grade, level) = grade(ing, part, cx, "rating", scale.as_deref(), &kind)?;
    let level = match item {
        ReviewItem::Competency(_) => level,
        _ => None,
    };
    let reviewer = optional_person(ing, part, cx, "reviewer");
    part.reviews.push(Review {
        person,
        cycle,
        item,
        grade,
        level,
        comment: cx.get("comment").map(Box::from),
        reviewer,
        origin: cx.origin,
    });
    Ok(Loaded::Record)
}

fn goal_row(ing: &Ingest, part: &mut Part, cx: &mut RowCx) -> RowResult<Loaded> {
    let id = cx.required("goal_id")?.to_owned();
    let person = person_ref(ing, part, cx, "employee")?;
    let cycles = &ing.config.cycles;
    let Some(cycle) = cx.cycle(cycles, None)? else {
        return Err(cx.problem(
            Code::MissingValue,
            "cycle",
            "the goal's cycle is unknown".into(),
            "no cycle",
            Some("put the file in a cycle folder (`{cycle}/...`) or map a `cycle` column".into()),
        ));
    };
    let weight = cx.number("weight")?;
    let result = match cx.get("rating") {
        None => None,
        Some(_) => Some(
            grade(
                ing,
                part,
                cx,
                "rating",
                ing.model.ratings.goal.as_deref(),
                "goal",
            )?
            .0,
        ),
    };
    let template = match cx.get("template").map(str::to_owned) {
        None => None,
        Some(t) => {
            let found = cx
                .source
                .values
                .goal_template
                .get(&norm(&t))
                .cloned()
                .or_else(|| ing.catalog.goal_template_id(&t));
            if found.is_none() {
                cx.drop_value(
                    Code::UnknownDataGoalTemplate,
                    "template",
                    format!("unknown goal template `{t}`"),
                    "no goal template has this id or name",
                    did_you_mean(&t, ing.model.goal_templates.iter().map(|g| g.id.as_str())),
                );
            }
            found
        }
    };
    let mut competencies = Vec::new();
    if let Some(list) = cx.get("competencies").map(str::to_owned) {
        for part in list
            .split([',', ';', '、', '|', '，', '；'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match competency(ing, cx, part) {
                Some(c) => competencies.push(c),
                None => cx.drop_value(
                    Code::UnknownDataCompetency,
                    "competencies",
                    format!("unknown competency `{part}`"),
                    "no competency has this id or name",
                    unknown_competency_help(ing, part),
                ),
            }
        }
    }
    part.goals.push(Goal {
        id,
        person,
        cycle,
        title: cx.get("title").map(str::to_owned),
        template,
        competencies,
        weight,
        result,
        origin: cx.origin,
    });
    Ok(Loaded::Record)
}

fn learning_row(ing: &Ingest, part: &mut Part, cx: &mut RowCx) -> RowResult<Loaded> {
    // Status first: for xAPI it decides whether the statement is a learning record at all.
    let status = match cx.get("status").map(str::to_owned) {
        None => LearningStatus::Completed,
        Some(s) if cx.source.format == super::raw::Format::Xapi => {
            let name = s.rsplit(['/', '#']).next().unwrap_or(&s).to_lowercase();
            match cx
                .source
                .verbs
                .get(&norm(&s))
                .or_else(|| cx.source.verbs.get(&name))
            {
                Some(st) => *st,
                None => {
                    cx.ignore(
                        "status",
                        &format!("verb `{name}` is activity, not a learning record"),
                    );
                    return Ok(Loaded::Ignored);
                }
            }
        }
        Some(s) => cx.status(
            &s,
            config::LEARNING_STATUSES,
            "a learning status",
            "completed",
            config::learning_status,
        )?,
    };
    part.learning_report.records += 1;
    let person = person_ref(ing, part, cx, "person")?;
    part.learning_report.matched_person += 1;
    let resource_text = cx.required("resource")?;
    let resource = cx
        .source
        .values
        .resource
        .get(&norm(resource_text))
        .cloned()
        .or_else(|| ing.catalog.resource_id(resource_text));
    let Some(resource) = resource else {
        return Err(cx.problem(
            Code::UnknownDataResource,
            "resource",
            format!("`{resource_text}` is no resource of the catalog"),
            "no resource id, title or xAPI activity matches",
            did_you_mean(
                resource_text,
                ing.model.resources.iter().map(|r| r.id.as_str()),
            ),
        ));
    };
    part.learning_report.matched_resource += 1;
    let date = cx.date("date")?;
    let started = cx.date("started")?;
    cx.not_future("date", date, ing.today)?;
    cx.not_before_hire("date", date.or(started), &ing.ds.people[person.0 as usize])?;
    let score = cx.number("score")?;
    let hours = cx.number("hours")?;
    if let Some(h) = hours
        && h < 0.0
    {
        return Err(cx.problem(
            Code::NegativeHours,
            "hours",
            format!("{h} hours is negative"),
            "negative",
            None,
        ));
    }
    let cycles = &ing.config.cycles;
    let cycle = cx.cycle(cycles, date.or(started))?;
    part.learning_report.loaded += 1;
    part.learning.push(LearningRecord {
        person,
        resource,
        status,
        date,
        started,
        score,
        hours,
        cycle,
        origin: cx.origin,
    });
    Ok(Loaded::Record)
}

fn dialogue_row(ing: &Ingest, part: &mut Part, cx: &mut RowCx) -> RowResult<Loaded> {
    let person = person_ref(ing, part, cx, "employee")?;
    let date = cx.date("date")?;
    let Some(date) = date else {
        return Err(cx.required("date").err().unwrap_or(Skip));
    };
    cx.not_future("date", Some(date), ing.today)?;
    cx.not_before_hire("date", Some(date), &ing.ds.people[person.0 as usize])?;
    let due = cx.date("due")?;
    let cycles = &ing.config.cycles;
    let Some(cycle) = cx.cycle(cycles, Some(date))? else {
        return Err(cx.problem(
            Code::UnknownDataCycle,
            "date",
            format!("{date} is in no cycle of the project"),
            "outside every cycle",
            None,
        ));
    };
    let status = match cx.get("status").map(str::to_owned) {
        None => ActionStatus::Open,
        Some(s) => cx.status(
            &s,
            config::ACTION_STATUSES,
            "an action status",
            "done",
            config::action_status,
        )?,
    };
    let manager = optional_person(ing, part, cx, "manager");
    let mentor = optional_person(ing, part, cx, "mentor");
    let competency = match cx.get("competency").map(str::to_owned) {
        None => None,
        Some(c) => {
            let found = competency(ing, cx, &c);
            if found.is_none() {
                cx.drop_value(
                    Code::UnknownDataCompetency,
                    "competency",
                    format!("unknown competency `{c}`"),
                    "no competency has this id or name",
                    unknown_competency_help(ing, &c),
                );
            }
            found
        }
    };
    let action_id = cx.get("action_id").map(str::to_owned);
    let text = cx.get("action").map(str::to_owned);
    let action = (action_id.is_some() || text.is_some()).then_some(Action {
        id: action_id,
        text,
        competency,
        due,
        status,
        mentor,
    });
    part.dialogues.push(Dialogue {
        person,
        manager,
        cycle,
        date,
        action,
        origin: cx.origin,
    });
    Ok(Loaded::Record)
}

#[cfg(test)]
mod resolver_tests {
    use super::{PersonId, Resolver};
    use rustc_hash::FxHashMap;

    /// Answers stay right however references alternate, repeat or fall out of the cache.
    #[test]
    fn cached_answers_match_the_map() {
        let keys: FxHashMap<String, PersonId> =
            (0..6).map(|i| (format!("p{i}"), PersonId(i))).collect();
        let mut resolver = Resolver::default();
        let references = [
            "P1",
            "p2",
            "P1",
            "p2",
            "mailto:p3",
            "nobody",
            "p4",
            "p5",
            "P1",
            "nobody",
            "p0",
            "p5",
            "p2",
        ];
        for r in references {
            let expected = keys
                .get(&r.trim_start_matches("mailto:").to_lowercase())
                .copied();
            assert_eq!(resolver.resolve(&keys, r), expected, "{r}");
        }
    }
}
