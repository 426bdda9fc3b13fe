//! The loaded review data: people with one canonical talent id, and their reviews, goals,
//! learning records and dialogue actions of every cycle, each with where it came from.
//!
//! Records refer to people by [`PersonId`] (an index into [`Dataset::people`]) and to model
//! entries by their ids as shared strings ([`Id`]), so a large dataset stays compact.

use crate::rules::facts::{Provenance, Rating};
use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A model id or repeated label, shared by every record that names it.
pub type Id = Arc<str>;

/// A person: an index into [`Dataset::people`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct PersonId(pub u32);

/// A cycle: an index into [`Dataset::cycles`] (the project file's order, oldest first).
pub type CycleIdx = usize;

/// A review cycle with its dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cycle {
    pub id: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// A data file that records were read from.
#[derive(Debug, Clone, Serialize)]
pub struct DataFile {
    /// Path as shown to users (relative to the working folder, `/` separators).
    pub path: String,
    /// Field name to the column that holds it in this file.
    pub columns: BTreeMap<String, String>,
}

/// Where a record came from: a file of [`Dataset::files`] and a spreadsheet-style row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Origin {
    pub file: u32,
    pub row: u32,
    /// The record's byte offset in the file's text (CSV), so its cells can be located
    /// again; 0 for files without text.
    pub offset: u32,
}

/// Someone in the people exports, under their canonical talent id.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub talent_id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    /// The person's locale for pages, when the export gives one.
    pub locale: Option<String>,
    pub hire_date: Option<NaiveDate>,
    pub location: Option<String>,
    /// Other systems' ids that resolve to this person (emails, LMS ids, former numbers).
    pub aliases: Vec<String>,
    /// Role, team and manager per cycle (indexed like [`Dataset::cycles`]); `None` in a cycle
    /// whose people export does not list the person.
    pub assignments: Vec<Option<Assignment>>,
    /// The row the person's latest details came from.
    pub origin: Origin,
}

/// A person's place in the org in one cycle.
#[derive(Debug, Clone, Serialize)]
pub struct Assignment {
    pub role: Option<Id>,
    pub team: Option<Id>,
    pub manager: Option<PersonId>,
    pub origin: Origin,
}

/// What a review rating rates.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "item", rename_all = "snake_case")]
pub enum ReviewItem {
    Overall,
    /// A goal, by the goal's id.
    Goal(String),
    /// A competency, by id.
    Competency(Id),
}

/// A label on a rating scale and its position (0 = lowest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grade {
    pub label: Id,
    pub rank: u8,
}

/// One rating in a review.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub person: PersonId,
    pub cycle: CycleIdx,
    pub item: ReviewItem,
    pub grade: Grade,
    /// For competency ratings: the proficiency level the label stands for.
    pub level: Option<u8>,
    pub comment: Option<Box<str>>,
    pub reviewer: Option<PersonId>,
    pub origin: Origin,
}

/// A goal a person committed to in a cycle.
#[derive(Debug, Clone, Serialize)]
pub struct Goal {
    pub id: String,
    pub person: PersonId,
    pub cycle: CycleIdx,
    pub title: Option<String>,
    pub template: Option<Id>,
    /// Competencies linked in the export, beyond the template's needs.
    pub competencies: Vec<Id>,
    pub weight: Option<f64>,
    pub result: Option<Grade>,
    pub origin: Origin,
}

/// How far a person got with a learning resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LearningStatus {
    Enrolled,
    InProgress,
    Completed,
    Passed,
    Failed,
}

impl LearningStatus {
    /// Completed or passed: the resource counts as done.
    pub fn is_done(self) -> bool {
        matches!(self, LearningStatus::Completed | LearningStatus::Passed)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LearningStatus::Enrolled => "enrolled",
            LearningStatus::InProgress => "in_progress",
            LearningStatus::Completed => "completed",
            LearningStatus::Passed => "passed",
            LearningStatus::Failed => "failed",
        }
    }
}

/// One learning record: a person's status on a resource of the catalog.
#[derive(Debug, Clone, Serialize)]
pub struct LearningRecord {
    pub person: PersonId,
    pub resource: Id,
    pub status: LearningStatus,
    /// When the status was reached; it places the record in a cycle.
    pub date: Option<NaiveDate>,
    pub started: Option<NaiveDate>,
    /// Score as the source gives it (xAPI: scaled 0..1 when present, else raw).
    pub score: Option<f64>,
    /// Hours recorded by the source (xAPI: the result's duration).
    pub hours: Option<f64>,
    /// The cycle the record falls in: its folder's, its `cycle` column's, or the one whose
    /// dates contain its date; `None` outside every cycle.
    pub cycle: Option<CycleIdx>,
    pub origin: Origin,
}

/// The state of an agreed development action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Open,
    InProgress,
    Done,
    Cancelled,
}

impl ActionStatus {
    /// Still to do: open or in progress.
    pub fn is_open(self) -> bool {
        matches!(self, ActionStatus::Open | ActionStatus::InProgress)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::InProgress => "in_progress",
            ActionStatus::Done => "done",
            ActionStatus::Cancelled => "cancelled",
        }
    }
}

/// An action agreed in a development dialogue.
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    /// The export's id of the action; later cycles report on it under the same id.
    pub id: Option<String>,
    pub text: Option<String>,
    pub competency: Option<Id>,
    pub due: Option<NaiveDate>,
    pub status: ActionStatus,
    pub mentor: Option<PersonId>,
}

/// A development dialogue (发展对话) row: held on a date, with at most one action.
#[derive(Debug, Clone, Serialize)]
pub struct Dialogue {
    pub person: PersonId,
    pub manager: Option<PersonId>,
    pub cycle: CycleIdx,
    pub date: NaiveDate,
    pub action: Option<Action>,
    pub origin: Origin,
}

/// Everything loaded from the exports. Records are sorted by person, cycle, then origin.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Dataset {
    pub cycles: Vec<Cycle>,
    /// Sorted by talent id.
    pub people: Vec<Person>,
    pub reviews: Vec<Review>,
    pub goals: Vec<Goal>,
    pub learning: Vec<LearningRecord>,
    pub dialogues: Vec<Dialogue>,
    /// The files records came from, for [`Origin::file`].
    pub files: Vec<DataFile>,
    #[serde(skip)]
    pub(crate) by_talent_id: FxHashMap<String, PersonId>,
    #[serde(skip)]
    pub(crate) record_starts: RecordStarts,
}

/// Where each person's run starts in each sorted record list, by person index (one entry
/// more than people), so that finding a person's records costs two lookups per list: the
/// planner asks for them several times per person, and binary searches over millions of
/// reviews were a visible share of its time.
#[derive(Debug, Clone, Default)]
pub(crate) struct RecordStarts {
    reviews: Vec<u32>,
    goals: Vec<u32>,
    learning: Vec<u32>,
    dialogues: Vec<u32>,
}

impl RecordStarts {
    fn of(ds: &Dataset) -> Self {
        let n = ds.people.len();
        RecordStarts {
            reviews: starts(&ds.reviews, n, |r| r.person),
            goals: starts(&ds.goals, n, |g| g.person),
            learning: starts(&ds.learning, n, |l| l.person),
            dialogues: starts(&ds.dialogues, n, |d| d.person),
        }
    }
}

// INVARIANT: record lists are sorted by person first (see `Dataset`), so a person's
// records are one contiguous run.
fn starts<T>(items: &[T], people: usize, key: impl Fn(&T) -> PersonId) -> Vec<u32> {
    let mut starts = vec![0u32; people + 1];
    for x in items {
        starts[key(x).0 as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    starts
}

/// `items[starts[p]..starts[p + 1]]`, empty when the index does not cover `p`.
fn run<'a, T>(items: &'a [T], starts: &[u32], p: usize) -> &'a [T] {
    match (starts.get(p), starts.get(p + 1)) {
        (Some(&a), Some(&b)) => items.get(a as usize..b as usize).unwrap_or(&[]),
        _ => &[],
    }
}

impl Dataset {
    pub fn person(&self, id: PersonId) -> &Person {
        &self.people[id.0 as usize]
    }

    /// The person with this canonical talent id.
    pub fn find(&self, talent_id: &str) -> Option<PersonId> {
        self.by_talent_id.get(talent_id).copied()
    }

    /// The position of a cycle id in [`Dataset::cycles`].
    pub fn cycle(&self, id: &str) -> Option<CycleIdx> {
        self.cycles.iter().position(|c| c.id == id)
    }

    /// The records of one person, as slices of the sorted record lists.
    pub fn records_of(&self, person: PersonId) -> PersonRecords<'_> {
        let (s, p) = (&self.record_starts, person.0 as usize);
        PersonRecords {
            reviews: run(&self.reviews, &s.reviews, p),
            goals: run(&self.goals, &s.goals, p),
            learning: run(&self.learning, &s.learning, p),
            dialogues: run(&self.dialogues, &s.dialogues, p),
        }
    }

    /// Indexes each person's records; the record lists are final and sorted.
    pub(crate) fn index_records(&mut self) {
        self.record_starts = RecordStarts::of(self);
    }

    /// The provenance of `field` of the record at `origin`: its file, row and column.
    pub fn cell(&self, origin: Origin, field: &str) -> Provenance {
        let file = &self.files[origin.file as usize];
        Provenance::Cell {
            file: file.path.clone(),
            row: origin.row as usize,
            column: file
                .columns
                .get(field)
                .cloned()
                .unwrap_or_else(|| field.to_owned()),
        }
    }

    /// `file:row` of a record, for derived provenance.
    pub fn place(&self, origin: Origin) -> String {
        format!("{}:{}", self.files[origin.file as usize].path, origin.row)
    }

    /// A grade as the rules see it: with the scale's id.
    pub fn rating(grade: &Grade, scale: &str) -> Rating {
        Rating {
            scale: scale.to_owned(),
            label: grade.label.to_string(),
            rank: u32::from(grade.rank),
        }
    }
}

/// The records of one person.
#[derive(Debug, Clone, Copy)]
pub struct PersonRecords<'a> {
    pub reviews: &'a [Review],
    pub goals: &'a [Goal],
    pub learning: &'a [LearningRecord],
    pub dialogues: &'a [Dialogue],
}
