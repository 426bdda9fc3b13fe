//! Diagnostics: what every stage reports about user input.
//!
//! A [`Diagnostic`] carries a stable [`Code`], a severity, a message a non-programmer
//! can act on, and the exact place in a source file. The [`SourceMap`] owns the text of
//! every file that was read, so a diagnostic can be rendered with a snippet (for people),
//! as JSON lines (for tools) or as GitHub Actions annotations (for CI).

mod codes;
mod render;
mod suggest;

pub use codes::{Code, Severity};
pub use render::{Format, render};
pub use suggest::{did_you_mean, suggest};

use serde::Serialize;

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(usize);

impl FileId {
    /// The id this file has once its map is appended behind `shift` other files
    /// ([`SourceMap::append`]).
    pub fn shifted(self, shift: FileShift) -> FileId {
        FileId(self.0 + shift.0)
    }
}

/// How far [`SourceMap::append`] moved the appended map's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileShift(usize);

/// A byte range inside one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

/// One source file as read: the path shown to users and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the project folder, with `/` separators.
    pub path: String,
    pub text: String,
    line_starts: Vec<usize>,
    /// The file has no text to quote (an XLSX workbook, records read from JSON): its
    /// diagnostics are located by [`Cell`] only.
    tabular: bool,
}

impl SourceFile {
    /// Whether the file's text can be quoted in a snippet.
    pub fn has_text(&self) -> bool {
        !self.tabular
    }
}

/// Every file a run has read, so that diagnostics can point into them.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

/// A 1-based line and column (columns count characters, as editors do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceMap {
    pub fn add(&mut self, path: impl Into<String>, text: impl Into<String>) -> FileId {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        self.files.push(SourceFile {
            path: path.into(),
            text,
            line_starts,
            tabular: false,
        });
        FileId(self.files.len() - 1)
    }

    /// Adds a file whose diagnostics are located by row and column only, because its
    /// bytes are not text a snippet could quote (an XLSX workbook) or its parser gives no
    /// byte positions (JSON records).
    pub fn add_tabular(&mut self, path: impl Into<String>) -> FileId {
        let id = self.add(path, String::new());
        self.files[id.0].tabular = true;
        id
    }

    /// Forgets the text of a file no diagnostic quotes, to save memory on large exports;
    /// the file is then located by cells only, like a workbook.
    pub fn drop_text(&mut self, id: FileId) {
        let f = &mut self.files[id.0];
        f.text = String::new();
        f.line_starts = vec![0];
        f.tabular = true;
    }

    /// Moves `other`'s files behind this map's, for a map made apart (a data file read on
    /// another thread). Its ids, and its diagnostics' spans, move by the shift returned.
    pub fn append(&mut self, other: SourceMap) -> FileShift {
        let shift = FileShift(self.files.len());
        self.files.extend(other.files);
        shift
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0]
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i), f))
    }

    /// The line and column of a byte offset, clamped to the file.
    pub fn line_col(&self, file: FileId, offset: usize) -> LineCol {
        let f = self.file(file);
        let offset = floor_char_boundary(&f.text, offset.min(f.text.len()));
        let line = f.line_starts.partition_point(|&s| s <= offset).max(1) - 1;
        let column = f.text[f.line_starts[line]..offset].chars().count() + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The byte offset of a 1-based line and column, clamped to the file.
    pub fn offset_of(&self, file: FileId, line: usize, column: usize) -> usize {
        let f = self.file(file);
        let Some(&start) = f.line_starts.get(line.saturating_sub(1)) else {
            return f.text.len();
        };
        f.text[start..]
            .char_indices()
            .take_while(|(_, c)| *c != '\n')
            .nth(column.saturating_sub(1))
            .map_or_else(
                || start + f.text[start..].find('\n').unwrap_or(f.text.len() - start),
                |(i, _)| start + i,
            )
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A cell of a tabular data file (CSV, XLSX, JSON records).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Cell {
    /// 1-based, as a spreadsheet numbers rows: with a header in row 1, the first record is row 2.
    pub row: usize,
    /// The column as the file names it: the header text, or the JSON field path.
    pub column: String,
    /// The 1-based position of the column, when the file has positions (CSV, XLSX).
    pub index: Option<usize>,
}

impl Cell {
    /// The column's spreadsheet letters (`A`, `B`, ..., `AA`), when its position is known.
    pub fn letters(&self) -> Option<String> {
        let mut n = self.index?;
        let mut out = Vec::new();
        while n > 0 {
            let rem = (n - 1) % 26;
            out.push(b'A' + rem as u8);
            n = (n - 1) / 26;
        }
        out.reverse();
        String::from_utf8(out).ok()
    }
}

/// A labelled place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
    /// For data files: the row and column, which is how people find a place in a table.
    pub cell: Option<Cell>,
}

/// One problem found in user input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The offending node; `None` only for problems that belong to no file.
    pub primary: Option<Label>,
    pub secondary: Vec<Label>,
    pub help: Option<String>,
    pub notes: Vec<String>,
}

impl Diagnostic {
    /// Moves every location to the ids its files have after [`SourceMap::append`].
    pub fn shift_files(&mut self, shift: FileShift) {
        for label in self.primary.iter_mut().chain(&mut self.secondary) {
            label.span.file = label.span.file.shifted(shift);
        }
    }

    /// A diagnostic with the code's default severity and no location yet.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
        }
    }

    pub fn at(mut self, span: Span, label: impl Into<String>) -> Self {
        self.primary = Some(Label {
            span,
            message: label.into(),
            cell: None,
        });
        self
    }

    pub fn also(mut self, span: Span, label: impl Into<String>) -> Self {
        self.secondary.push(Label {
            span,
            message: label.into(),
            cell: None,
        });
        self
    }

    /// Locates the diagnostic at a cell of a data file; `span` is the cell's text when the
    /// file has text (CSV), an empty span otherwise.
    pub fn at_cell(mut self, span: Span, cell: Cell, label: impl Into<String>) -> Self {
        self.primary = Some(Label {
            span,
            message: label.into(),
            cell: Some(cell),
        });
        self
    }

    /// A secondary place in a data file, such as the first of two duplicate rows.
    pub fn also_cell(mut self, span: Span, cell: Cell, label: impl Into<String>) -> Self {
        self.secondary.push(Label {
            span,
            message: label.into(),
            cell: Some(cell),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line only when there is one to give.
    pub fn maybe_help(mut self, help: Option<String>) -> Self {
        if help.is_some() {
            self.help = help;
        }
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics into the order they are shown: by file, position, then code.
pub fn sort(diags: &mut [Diagnostic], sources: &SourceMap) {
    diags.sort_by(|a, b| sort_key(a, sources).cmp(&sort_key(b, sources)));
}

fn sort_key<'a>(
    d: &'a Diagnostic,
    sources: &'a SourceMap,
) -> (bool, Option<&'a str>, usize, usize, Code, &'a str) {
    let place = d.primary.as_ref().map(|l| l.span);
    (
        // Problems that belong to no file come last.
        place.is_none(),
        place.map(|s| sources.file(s.file).path.as_str()),
        place.map_or(0, |s| s.start),
        // Files without text have empty spans: their cells order them.
        d.primary
            .as_ref()
            .and_then(|l| l.cell.as_ref())
            .map_or(0, |c| c.row),
        d.code,
        d.message.as_str(),
    )
}

/// Counts of errors and warnings, for summaries and exit codes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
    pub fn of(diags: &[Diagnostic]) -> Self {
        diags.iter().fold(Tally::default(), |mut t, d| {
            match d.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
            }
            t
        })
    }
}
