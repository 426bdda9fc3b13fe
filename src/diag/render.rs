//! Rendering diagnostics for people (snippets), tools (JSON lines) and CI (GitHub annotations).

use super::{Cell, Diagnostic, Label, LineCol, Severity, SourceMap};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::Error as FilesError;
use codespan_reporting::term;
use serde::Serialize;
use std::fmt::Write as _;
use std::ops::Range;

/// The output formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Source snippets with the offending node underlined.
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub Actions workflow commands (`::error file=...`).
    Github,
}

/// Renders all diagnostics in the given format, one after another.
pub fn render(diags: &[Diagnostic], sources: &SourceMap, format: Format) -> String {
    let mut out = String::new();
    for d in diags {
        match format {
            Format::Human => out.push_str(&human(d, sources)),
            Format::Json => {
                // Serialising plain strings and numbers cannot fail.
                let line =
                    serde_json::to_string(&JsonDiagnostic::new(d, sources)).unwrap_or_default();
                out.push_str(&line);
                out.push('\n');
            }
            Format::Github => out.push_str(&github(d, sources)),
        }
    }
    out
}

fn human(d: &Diagnostic, sources: &SourceMap) -> String {
    if let Some(p) = &d.primary
        && let Some(cell) = &p.cell
        && !sources.file(p.span.file).has_text()
    {
        return human_cell(d, p, cell, sources);
    }
    let severity = match d.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let mut labels = Vec::new();
    if let Some(p) = &d.primary {
        labels.push(
            cs::Label::primary(p.span.file.0, visible(p.span, sources)).with_message(&p.message),
        );
    }
    for s in &d.secondary {
        labels.push(
            cs::Label::secondary(s.span.file.0, visible(s.span, sources)).with_message(&s.message),
        );
    }
    let mut notes: Vec<String> = Vec::new();
    if let Some(cell) = d.primary.as_ref().and_then(|p| p.cell.as_ref()) {
        notes.push(format!("at {}", cell_place(cell)));
    }
    notes.extend(d.help.iter().map(|h| format!("help: {h}")));
    notes.extend(d.notes.iter().map(|n| format!("note: {n}")));
    let diagnostic = cs::Diagnostic::new(severity)
        .with_code(d.code.as_str())
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes);
    let config = term::Config::default();
    term::emit_into_string(&config, &Files(sources), &diagnostic).unwrap_or_else(|_| {
        // The source map always holds the files its spans name; keep a plain line regardless.
        format!(
            "{}[{}]: {}\n",
            d.severity.as_str(),
            d.code.as_str(),
            d.message
        )
    })
}

/// `row 14, column `评分` (E)`: how people find a cell in a table.
fn cell_place(cell: &Cell) -> String {
    match cell.letters() {
        Some(letters) => format!("row {}, column `{}` ({letters})", cell.row, cell.column),
        None => format!("row {}, field `{}`", cell.row, cell.column),
    }
}

/// A diagnostic in a file without quotable text (XLSX, JSON records), in the same layout
/// as codespan's snippets but located by row and column.
fn human_cell(d: &Diagnostic, primary: &Label, cell: &Cell, sources: &SourceMap) -> String {
    let mut out = format!(
        "{}[{}]: {}\n  ┌─ {}, {}\n  │\n  │ {}\n  │\n",
        d.severity.as_str(),
        d.code.as_str(),
        d.message,
        sources.file(primary.span.file).path,
        cell_place(cell),
        primary.message
    );
    for s in &d.secondary {
        let place = match &s.cell {
            Some(c) => format!("{}, {}", sources.file(s.span.file).path, cell_place(c)),
            None => {
                let lc = sources.line_col(s.span.file, s.span.start);
                format!(
                    "{}:{}:{}",
                    sources.file(s.span.file).path,
                    lc.line,
                    lc.column
                )
            }
        };
        let _ = writeln!(out, "  = see {place}: {}", s.message);
    }
    if let Some(h) = &d.help {
        let _ = writeln!(out, "  = help: {h}");
    }
    for n in &d.notes {
        let _ = writeln!(out, "  = note: {n}");
    }
    out.push('\n');
    out
}

/// A span widened to at least one character, so that the underline is visible.
fn visible(span: super::Span, sources: &SourceMap) -> Range<usize> {
    let text = &sources.file(span.file).text;
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    if end > start {
        return start..end;
    }
    let next = text[start..]
        .chars()
        .next()
        .filter(|c| *c != '\n')
        .map_or(0, char::len_utf8);
    start..start + next
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    severity: Severity,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    label: Option<&'a str>,
    /// For data files: the spreadsheet-style row of the cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<usize>,
    /// For data files: the column as the file names it (header text or JSON field).
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    help: Option<&'a str>,
    notes: &'a [String],
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    row: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    message: &'a str,
}

/// The line and column tools should use: the text position, or for a file without text
/// the cell's row and column position (what a spreadsheet shows).
fn position(label: &Label, sources: &SourceMap, offset: usize) -> LineCol {
    match &label.cell {
        Some(cell) if !sources.file(label.span.file).has_text() => LineCol {
            line: cell.row,
            column: cell.index.unwrap_or(1),
        },
        _ => sources.line_col(label.span.file, offset),
    }
}

impl<'a> JsonDiagnostic<'a> {
    fn new(d: &'a Diagnostic, sources: &'a SourceMap) -> Self {
        let place = d.primary.as_ref().map(|p| {
            let start = position(p, sources, p.span.start);
            let end = position(p, sources, p.span.end.max(p.span.start));
            (
                sources.file(p.span.file).path.as_str(),
                start,
                end,
                p.message.as_str(),
            )
        });
        JsonDiagnostic {
            code: d.code.as_str(),
            severity: d.severity,
            message: &d.message,
            file: place.map(|p| p.0),
            line: place.map(|p| p.1.line),
            column: place.map(|p| p.1.column),
            end_line: place.map(|p| p.2.line),
            end_column: place.map(|p| p.2.column),
            label: place.map(|p| p.3),
            row: d
                .primary
                .as_ref()
                .and_then(|p| p.cell.as_ref())
                .map(|c| c.row),
            field: d
                .primary
                .as_ref()
                .and_then(|p| p.cell.as_ref())
                .map(|c| c.column.as_str()),
            help: d.help.as_deref(),
            notes: &d.notes,
            related: d
                .secondary
                .iter()
                .map(|s| {
                    let LineCol { line, column } = position(s, sources, s.span.start);
                    JsonRelated {
                        file: &sources.file(s.span.file).path,
                        line,
                        column,
                        row: s.cell.as_ref().map(|c| c.row),
                        field: s.cell.as_ref().map(|c| c.column.as_str()),
                        message: &s.message,
                    }
                })
                .collect(),
        }
    }
}

fn github(d: &Diagnostic, sources: &SourceMap) -> String {
    let mut props = String::new();
    if let Some(p) = &d.primary {
        let LineCol { line, column } = position(p, sources, p.span.start);
        let _ = write!(
            props,
            " file={},line={line},col={column},",
            escape_property(&sources.file(p.span.file).path)
        );
    } else {
        props.push(' ');
    }
    let _ = write!(props, "title={}", escape_property(d.code.as_str()));
    let mut message = match d.primary.as_ref().and_then(|p| p.cell.as_ref()) {
        // Annotations on a spreadsheet cannot show the cell, so the message names it.
        Some(cell) => format!("{}: {}", cell_place(cell), d.message),
        None => d.message.clone(),
    };
    if let Some(h) = &d.help {
        let _ = write!(message, "\nhelp: {h}");
    }
    format!(
        "::{}{}::{}\n",
        d.severity.as_str(),
        props,
        escape_data(&message)
    )
}

// GitHub's workflow-command escaping: data escapes %, CR and LF; properties also `:` and `,`.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Adapter that lets codespan-reporting read our source map.
struct Files<'a>(&'a SourceMap);

impl<'a> codespan_reporting::files::Files<'a> for Files<'a> {
    type FileId = usize;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.file(id).map(|f| f.path.as_str())
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        self.file(id).map(|f| f.text.as_str())
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        let f = self.file(id)?;
        Ok(f.line_starts.partition_point(|&s| s <= byte_index).max(1) - 1)
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let f = self.file(id)?;
        let start = *f
            .line_starts
            .get(line_index)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: f.line_starts.len() - 1,
            })?;
        let end = f
            .line_starts
            .get(line_index + 1)
            .copied()
            .unwrap_or(f.text.len());
        Ok(start..end)
    }
}

impl<'a> Files<'a> {
    fn file(&self, id: usize) -> Result<&'a super::SourceFile, FilesError> {
        self.0.files.get(id).ok_or(FilesError::FileMissing)
    }
}
