//! Readers: bytes of a CSV, XLSX, JSON or xAPI file to rows of text cells, with every
//! structural failure (encoding, syntax, missing sheet or column) as a diagnostic.
//!
//! Rows are streamed to a callback so a large export is never held as cells all at once;
//! a CSV file's decoded text goes into the [`SourceMap`], so diagnostics can quote it.

use super::config::{Kind, SourceConfig, norm};
use super::raw::Format;
use crate::diag::{Cell, Code, Diagnostic, FileId, SourceMap, Span, did_you_mean};
use crate::model::Input;
use serde_json::Value;
use std::collections::HashSet;
use std::io::Cursor;

/// Data files larger than this are refused: a larger export should be split by cycle.
pub const MAX_DATA_FILE_BYTES: usize = 1024 * 1024 * 1024;

/// A mapped column of one file: where the field's value sits in a row.
#[derive(Debug, Clone)]
pub struct Column {
    pub field: &'static str,
    /// The column as the file names it.
    pub header: String,
    /// Position in the row's values.
    index: usize,
    /// 1-based column position for people (CSV, XLSX); `None` for JSON fields.
    position: Option<usize>,
}

/// A row's problem found while reading it (xAPI statements): a code to report, or `None`
/// for a row that is not a record (a verb that is only activity, a voided statement).
#[derive(Debug, Clone)]
pub struct RowFlag {
    pub code: Option<Code>,
    pub field: &'static str,
    pub message: String,
}

/// One row of a data file.
pub struct Row<'r> {
    pub file: FileId,
    /// 1-based, as a spreadsheet numbers it (JSON and xAPI: the record's position).
    pub number: u32,
    values: Values<'r>,
    columns: &'r [Column],
    /// The file's text and the record's offset in it, for CSV.
    text: Option<(&'r str, usize, u8)>,
    pub flag: Option<RowFlag>,
}

enum Values<'r> {
    Csv(&'r csv::StringRecord),
    Owned(&'r [String]),
}

impl Row<'_> {
    fn column(&self, field: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.field == field)
    }

    fn raw(&self, index: usize) -> &str {
        match &self.values {
            Values::Csv(r) => r.get(index).unwrap_or(""),
            Values::Owned(v) => v.get(index).map_or("", String::as_str),
        }
    }

    /// The trimmed value of a field; `None` when unmapped or blank.
    pub fn get(&self, field: &str) -> Option<&str> {
        let c = self.column(field)?;
        Some(self.raw(c.index).trim()).filter(|s| !s.is_empty())
    }

    /// Every non-blank value of a field mapped to several columns (aliases), each with
    /// where its own cell is.
    pub fn all(&self, field: &str) -> Vec<(&str, Span, Cell)> {
        let (text, start, delimiter) = match self.text {
            Some((t, s, d)) => (Some(t), s, d),
            None => (None, 0, b','),
        };
        self.columns
            .iter()
            .filter(|c| c.field == field)
            .map(|c| (self.raw(c.index).trim(), c))
            .filter(|(v, _)| !v.is_empty())
            .map(|(v, c)| {
                let (span, cell) = locate(
                    self.file,
                    text,
                    start,
                    delimiter,
                    self.number,
                    Some(c),
                    field,
                );
                (v, span, cell)
            })
            .collect()
    }

    fn is_blank(&self) -> bool {
        match &self.values {
            Values::Csv(r) => r.iter().all(|f| f.trim().is_empty()),
            Values::Owned(v) => v.iter().all(|f| f.trim().is_empty()),
        }
    }

    /// Where a field's cell is: its text span (CSV) and its row and column.
    pub fn locate(&self, field: &str) -> (Span, Cell) {
        let (text, start, delimiter) = match self.text {
            Some((t, s, d)) => (Some(t), s, d),
            None => (None, 0, b','),
        };
        locate(
            self.file,
            text,
            start,
            delimiter,
            self.number,
            self.column(field),
            field,
        )
    }

    /// The byte offset of the record in the file's text (0 for files without text).
    pub fn offset(&self) -> u32 {
        self.text.map_or(0, |t| t.1 as u32)
    }
}

/// Where the cell of `field` (in `column`) of the record at `start` is: its text span when
/// the file has `text` (CSV), and its row and column.
pub fn locate(
    file: FileId,
    text: Option<&str>,
    start: usize,
    delimiter: u8,
    row: u32,
    column: Option<&Column>,
    field: &str,
) -> (Span, Cell) {
    let cell = Cell {
        row: row as usize,
        column: column.map_or_else(|| field.to_owned(), |c| c.header.clone()),
        index: column.and_then(|c| c.position),
    };
    let (s, e) = match (text, column) {
        (Some(text), Some(c)) if start <= text.len() => {
            csv_field_span(text, start, c.index, delimiter)
        }
        (Some(text), None) if start <= text.len() => {
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            (start, end)
        }
        _ => (0, 0),
    };
    (
        Span {
            file,
            start: s,
            end: e,
        },
        cell,
    )
}

/// The byte range of field `index` of the CSV record starting at `start`, without quotes.
fn csv_field_span(text: &str, start: usize, index: usize, delimiter: u8) -> (usize, usize) {
    let bytes = text.as_bytes();
    let mut field = 0;
    let mut field_start = start;
    let mut in_quotes = false;
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if in_quotes {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
        } else if b == b'"' {
            in_quotes = true;
        } else if b == delimiter || b == b'\n' || b == b'\r' {
            if field == index {
                return trim_quotes(bytes, field_start, i);
            }
            if b != delimiter {
                break;
            }
            field += 1;
            field_start = i + 1;
        }
        i += 1;
    }
    if field == index {
        trim_quotes(bytes, field_start, i)
    } else {
        // A short row: point at its end.
        (i, i)
    }
}

fn trim_quotes(bytes: &[u8], mut s: usize, mut e: usize) -> (usize, usize) {
    if e >= s + 2 && bytes[s] == b'"' && bytes[e - 1] == b'"' {
        s += 1;
        e -= 1;
    }
    (s, e)
}

/// What reading one file found: its id in the source map and how its rows went.
#[derive(Debug)]
pub struct FileRead {
    pub file: FileId,
    /// The mapped columns, for provenance and for locating cells later.
    pub columns: Vec<Column>,
    /// The encoding actually used (after byte-order-mark detection), for the report.
    pub encoding: &'static str,
}

/// Reads one file of `source` and calls `f` for every non-blank record row.
///
/// Returns `None` after a structural error (already pushed onto `diags`); rows read before
/// a mid-file error have been passed to `f`.
pub fn read_rows(
    input: Input,
    source: &SourceConfig,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
    mut f: impl FnMut(&Row, &mut Vec<Diagnostic>),
) -> Option<FileRead> {
    if input.bytes.len() > MAX_DATA_FILE_BYTES {
        let file = sources.add_tabular(&input.path);
        diags.push(
            Diagnostic::new(
                Code::UnreadableFile,
                format!(
                    "`{}` is {} MiB, more than the {} MiB a data file may have",
                    input.path,
                    input.bytes.len() >> 20,
                    MAX_DATA_FILE_BYTES >> 20
                ),
            )
            .at(whole(file), "file too large")
            .help("split the export, e.g. one file per cycle"),
        );
        return None;
    }
    match source.format {
        Format::Csv => read_csv(input, source, sources, diags, &mut f),
        Format::Xlsx => read_xlsx(&input, source, sources, diags, &mut f),
        Format::Json => read_json(&input, source, sources, diags, &mut f),
        Format::Xapi => read_xapi(&input, source, sources, diags, &mut f),
    }
}

fn whole(file: FileId) -> Span {
    Span {
        file,
        start: 0,
        end: 0,
    }
}

/// Decodes with the declared encoding, or the one a byte-order mark names.
fn decode(
    input: &Input,
    source: &SourceConfig,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
    tabular: bool,
) -> Option<(FileId, &'static str)> {
    let (encoding, bom) =
        encoding_rs::Encoding::for_bom(&input.bytes).unwrap_or((source.encoding, 0));
    let bytes = &input.bytes[bom..];
    let decoded = encoding.decode_without_bom_handling_and_without_replacement(bytes);
    let add = |sources: &mut SourceMap, text: String| {
        if tabular {
            sources.add_tabular(&input.path)
        } else {
            sources.add(&input.path, text)
        }
    };
    match decoded {
        Some(text) => {
            let file = add(sources, text.into_owned());
            Some((file, encoding.name()))
        }
        None => {
            let (lossy, _) = encoding.decode_without_bom_handling(bytes);
            let at = lossy.find('\u{FFFD}').unwrap_or(0);
            let line = lossy[..at].matches('\n').count() + 1;
            let file = sources.add(&input.path, lossy.into_owned());
            diags.push(
                Diagnostic::new(
                    Code::UnreadableEncoding,
                    format!("`{}` is not valid {}", input.path, encoding.name()),
                )
                .at(
                    Span {
                        file,
                        start: at,
                        end: at + '\u{FFFD}'.len_utf8(),
                    },
                    format!("line {line}: not {}", encoding.name()),
                )
                .note("the file is not read until this is fixed")
                .help(if encoding == encoding_rs::UTF_8 {
                    "declare the file's encoding in sources.yaml, e.g. `encoding: gb18030` for Excel exports from Chinese Windows"
                } else {
                    "check the file's encoding and declare it with `encoding:` in sources.yaml"
                }),
            );
            None
        }
    }
}

/// Decodes a text file into the source map, reusing the bytes when they are UTF-8 already.
fn decode_text(
    path: String,
    bytes: Vec<u8>,
    source: &SourceConfig,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Option<(FileId, &'static str)> {
    let (encoding, bom) = encoding_rs::Encoding::for_bom(&bytes).unwrap_or((source.encoding, 0));
    if encoding == encoding_rs::UTF_8 {
        let mut bytes = bytes;
        bytes.drain(..bom);
        return match String::from_utf8(bytes) {
            Ok(text) => Some((sources.add(path, text), encoding.name())),
            Err(e) => {
                let input = Input {
                    path,
                    bytes: e.into_bytes(),
                };
                decode(&input, source, sources, diags, false)
            }
        };
    }
    decode(&Input { path, bytes }, source, sources, diags, false)
}

/// Maps the source's fields onto a header row; reports every mapped column it lacks.
fn map_columns(
    headers: &[String],
    source: &SourceConfig,
    path: &str,
    at: Span,
    header_row: u32,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vec<Column>> {
    let mut out = Vec::new();
    let mut ok = true;
    for (field, header) in &source.columns {
        let found = headers
            .iter()
            .position(|h| h.trim() == header)
            .or_else(|| headers.iter().position(|h| norm(h) == norm(header)));
        match found {
            Some(i) => out.push(Column {
                field,
                header: header.clone(),
                index: i,
                position: Some(i + 1),
            }),
            None => {
                ok = false;
                let present: Vec<&str> = headers
                    .iter()
                    .map(|h| h.trim())
                    .filter(|h| !h.is_empty())
                    .collect();
                diags.push(
                    Diagnostic::new(
                        Code::MissingColumn,
                        format!("column `{header}` (mapped to `{field}`) is missing from `{path}`"),
                    )
                    .at_cell(
                        at,
                        Cell {
                            row: header_row as usize,
                            column: header.clone(),
                            index: None,
                        },
                        "the header row has no such column",
                    )
                    .maybe_help(
                        did_you_mean(header, present.iter().copied()).or_else(|| {
                            Some(format!("the header row has: {}", present.join(", ")))
                        }),
                    )
                    .note(
                        "the file is not read until the mapping in sources.yaml matches its header",
                    ),
                );
            }
        }
    }
    ok.then_some(out)
}

/// The offset of a quote that opens a cell and is never closed, which the CSV reader would
/// take as a cell running to the end of the file. Follows the reader's rules: a quote opens
/// a cell only at its start, a doubled quote inside stands for one, and a quote elsewhere in
/// an unquoted cell is text.
fn unclosed_quote(text: &[u8], delimiter: u8) -> Option<usize> {
    if !text.contains(&b'"') {
        return None;
    }
    #[derive(PartialEq)]
    enum State {
        CellStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::CellStart;
    let mut opened = 0;
    for (i, &b) in text.iter().enumerate() {
        let ends_cell = b == delimiter || b == b'\n' || b == b'\r';
        state = match state {
            State::CellStart | State::Unquoted if ends_cell => State::CellStart,
            State::CellStart if b == b'"' => {
                opened = i;
                State::Quoted
            }
            State::CellStart | State::Unquoted => State::Unquoted,
            State::Quoted if b == b'"' => State::QuoteInQuoted,
            State::Quoted => State::Quoted,
            State::QuoteInQuoted if b == b'"' => State::Quoted,
            State::QuoteInQuoted if ends_cell => State::CellStart,
            State::QuoteInQuoted => State::Unquoted,
        };
    }
    (state == State::Quoted).then_some(opened)
}

fn read_csv(
    input: Input,
    source: &SourceConfig,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
    f: &mut dyn FnMut(&Row, &mut Vec<Diagnostic>),
) -> Option<FileRead> {
    let (file, encoding) = decode_text(input.path.clone(), input.bytes, source, sources, diags)?;
    let input = Input {
        path: sources.file(file).path.clone(),
        bytes: Vec::new(),
    };
    let text = sources.file(file).text.as_str();
    if let Some(at) = unclosed_quote(text.as_bytes(), source.delimiter) {
        diags.push(
            Diagnostic::new(
                Code::UnreadableFile,
                format!(
                    "`{}` is not valid CSV: a quoted cell opens here and never closes, so every row after it would be read into this cell",
                    input.path
                ),
            )
            .at(
                Span {
                    file,
                    start: at,
                    end: at + 1,
                },
                "this quote is not closed",
            )
            .help("close the quote; a quote inside a quoted cell is written twice (\"\")"),
        );
        return None;
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(source.delimiter)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut number = 0u32;
    let mut columns: Option<Vec<Column>> = None;
    loop {
        let start = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let at = e.position().map_or(start, |p| p.byte() as usize);
                diags.push(
                    Diagnostic::new(
                        Code::UnreadableFile,
                        format!("`{}` is not valid CSV: {e}", input.path),
                    )
                    .at(
                        Span {
                            file,
                            start: at,
                            end: at,
                        },
                        "here",
                    ),
                );
                return None;
            }
        }
        // csv skips blank lines; the record's own position keeps rows aligned with the text.
        let record_start = record.position().map_or(start, |p| p.byte() as usize);
        number = number.max(
            record
                .position()
                .map_or(number + 1, |p| p.record() as u32 + 1),
        );
        if number < source.header_row {
            continue;
        }
        let Some(cols) = &columns else {
            let headers: Vec<String> = record
                .iter()
                .map(|h| h.trim_start_matches('\u{feff}').to_owned())
                .collect();
            let end = text[record_start..]
                .find('\n')
                .map_or(text.len(), |i| record_start + i);
            let at = Span {
                file,
                start: record_start,
                end,
            };
            columns = Some(map_columns(
                &headers,
                source,
                &input.path,
                at,
                number,
                diags,
            )?);
            continue;
        };
        let row = Row {
            file,
            number,
            values: Values::Csv(&record),
            columns: cols,
            text: Some((text, record_start, source.delimiter)),
            flag: None,
        };
        if !row.is_blank() {
            f(&row, diags);
        }
    }
    finish(file, columns, source, &input.path, encoding, diags)
}

/// The result of a file whose header row may never have come.
fn finish(
    file: FileId,
    columns: Option<Vec<Column>>,
    source: &SourceConfig,
    path: &str,
    encoding: &'static str,
    diags: &mut Vec<Diagnostic>,
) -> Option<FileRead> {
    match columns {
        Some(columns) => Some(FileRead {
            file,
            columns,
            encoding,
        }),
        None => {
            diags.push(
                Diagnostic::new(
                    Code::MissingColumn,
                    format!("`{path}` has no header row (row {})", source.header_row),
                )
                .at(whole(file), "no header")
                .help("check `header_row` in sources.yaml"),
            );
            None
        }
    }
}

fn read_xlsx(
    input: &Input,
    source: &SourceConfig,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
    f: &mut dyn FnMut(&Row, &mut Vec<Diagnostic>),
) -> Option<FileRead> {
    use calamine::{Reader, Xlsx};
    let file = sources.add_tabular(&input.path);
    let unreadable = |message: String, help: Option<String>| {
        Diagnostic::new(Code::UnreadableFile, message)
            .at(whole(file), "workbook")
            .maybe_help(help)
    };
    let mut book = match Xlsx::new(Cursor::new(input.bytes.as_slice())) {
        Ok(b) => b,
        Err(e) => {
            diags.push(unreadable(
                format!("`{}` is not a readable XLSX workbook: {e}", input.path),
                Some("save it from Excel as .xlsx (not .xls or .csv)".into()),
            ));
            return None;
        }
    };
    let names = book.sheet_names();
    let sheet = match &source.sheet {
        Some(s) if names.contains(s) => s.clone(),
        Some(s) => {
            diags.push(unreadable(
                format!("`{}` has no sheet `{s}`", input.path),
                did_you_mean(s, names.iter().map(String::as_str))
                    .or_else(|| Some(format!("its sheets: {}", names.join(", ")))),
            ));
            return None;
        }
        None => match names.first() {
            Some(s) => s.clone(),
            None => {
                diags.push(unreadable(format!("`{}` has no sheet", input.path), None));
                return None;
            }
        },
    };
    let range = match book.worksheet_range(&sheet) {
        Ok(r) => r,
        Err(e) => {
            diags.push(unreadable(
                format!("sheet `{sheet}` of `{}` cannot be read: {e}", input.path),
                None,
            ));
            return None;
        }
    };
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut columns: Option<Vec<Column>> = None;
    let mut values: Vec<String> = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let number = first_row + i as u32 + 1;
        if number < source.header_row {
            continue;
        }
        values.clear();
        // Cells left of the used range are empty; keep positions absolute.
        values.extend((0..first_col).map(|_| String::new()));
        values.extend(cells.iter().map(cell_text));
        let Some(cols) = &columns else {
            columns = Some(map_columns(
                &values,
                source,
                &input.path,
                whole(file),
                number,
                diags,
            )?);
            continue;
        };
        let row = Row {
            file,
            number,
            values: Values::Owned(&values),
            columns: cols,
            text: None,
            flag: None,
        };
        if !row.is_blank() {
            f(&row, diags);
        }
    }
    finish(file, columns, source, &input.path, "xlsx", diags)
}

/// A cell as text: whole numbers without `.0`, dates as `YYYY-MM-DD`.
fn cell_text(c: &calamine::Data) -> String {
    use calamine::Data;
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        Data::Float(x) => x.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()).unwrap_or_else(|| d.as_f64().to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// An Excel serial date (days since 1899-12-30, the 1900 date system) as `YYYY-MM-DD`.
fn excel_date(serial: f64) -> Option<String> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = chrono::Days::new(serial.floor().max(0.0) as u64);
    Some(epoch.checked_add_days(days)?.format("%Y-%m-%d").to_string())
}

/// Parses a JSON document, reporting syntax errors with their line and column.
fn parse_json(
    input: &Input,
    source: &SourceConfig,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Option<(FileId, &'static str, Value)> {
    let (file, encoding) = decode(input, source, sources, diags, true)?;
    let (enc, bom) = encoding_rs::Encoding::for_bom(&input.bytes).unwrap_or((source.encoding, 0));
    let text = enc.decode_without_bom_handling(&input.bytes[bom..]).0;
    match serde_json::from_str::<Value>(&text) {
        Ok(v) => Some((file, encoding, v)),
        Err(e) => {
            diags.push(
                Diagnostic::new(
                    Code::UnreadableFile,
                    format!(
                        "`{}` is not valid JSON: {} (line {}, column {})",
                        input.path,
                        strip_json_position(&e.to_string()),
                        e.line(),
                        e.column()
                    ),
                )
                .at(whole(file), "invalid JSON"),
            );
            None
        }
    }
}

fn strip_json_position(m: &str) -> &str {
    m.find(" at line ").map_or(m, |i| &m[..i])
}

/// Columns of records without a header row (JSON, xAPI): one per mapped field, in order.
fn field_columns(source: &SourceConfig) -> Vec<Column> {
    source
        .columns
        .iter()
        .enumerate()
        .map(|(i, (field, header))| Column {
            field,
            header: header.clone(),
            index: i,
            position: None,
        })
        .collect()
}

/// A field of a JSON record: the key itself, else a dotted path into nested objects.
fn json_field<'v>(record: &'v Value, key: &str) -> Option<&'v Value> {
    record
        .get(key)
        .or_else(|| key.split('.').try_fold(record, |v, part| v.get(part)))
}

fn json_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| json_text(Some(i)))
            .collect::<Vec<_>>()
            .join(","),
        Some(other) => other.to_string(),
    }
}

fn read_json(
    input: &Input,
    source: &SourceConfig,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
    f: &mut dyn FnMut(&Row, &mut Vec<Diagnostic>),
) -> Option<FileRead> {
    let (file, encoding, doc) = parse_json(input, source, sources, diags)?;
    let records = match &source.records {
        Some(p) => doc.pointer(p),
        None => Some(&doc),
    };
    let Some(Value::Array(records)) = records else {
        diags.push(
            Diagnostic::new(
                Code::UnreadableFile,
                format!(
                    "`{}` holds no array of records{}",
                    input.path,
                    source
                        .records
                        .as_ref()
                        .map(|p| format!(" at `{p}`"))
                        .unwrap_or_default()
                ),
            )
            .at(whole(file), "not an array")
            .help("set `records` to the JSON pointer of the array, e.g. `records: /data/items`"),
        );
        return None;
    };
    let columns = field_columns(source);
    if !records.is_empty() {
        let mut missing = false;
        for c in &columns {
            if !records.iter().any(|r| json_field(r, &c.header).is_some()) {
                missing = true;
                diags.push(
                    Diagnostic::new(
                        Code::MissingColumn,
                        format!(
                            "field `{}` (mapped to `{}`) is in no record of `{}`",
                            c.header, c.field, input.path
                        ),
                    )
                    .at_cell(
                        whole(file),
                        Cell {
                            row: 1,
                            column: c.header.clone(),
                            index: None,
                        },
                        "no record has this field",
                    )
                    .maybe_help(did_you_mean(
                        &c.header,
                        records
                            .first()
                            .and_then(Value::as_object)
                            .into_iter()
                            .flat_map(|o| o.keys().map(String::as_str)),
                    )),
                );
            }
        }
        if missing {
            return None;
        }
    }
    let mut values = Vec::with_capacity(columns.len());
    for (i, record) in records.iter().enumerate() {
        values.clear();
        values.extend(
            columns
                .iter()
                .map(|c| json_text(json_field(record, &c.header))),
        );
        let row = Row {
            file,
            number: i as u32 + 1,
            values: Values::Owned(&values),
            columns: &columns,
            text: None,
            flag: None,
        };
        if !row.is_blank() {
            f(&row, diags);
        }
    }
    Some(FileRead {
        file,
        columns,
        encoding,
    })
}

fn read_xapi(
    input: &Input,
    source: &SourceConfig,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
    f: &mut dyn FnMut(&Row, &mut Vec<Diagnostic>),
) -> Option<FileRead> {
    debug_assert_eq!(source.kind, Kind::Learning);
    let (file, encoding, doc) = parse_json(input, source, sources, diags)?;
    let single;
    let statements: &[Value] = match &doc {
        Value::Array(items) => items,
        Value::Object(o) => match o.get("statements") {
            Some(Value::Array(items)) => items,
            _ if o.contains_key("actor") => {
                single = [doc.clone()];
                &single
            }
            _ => &[],
        },
        _ => &[],
    };
    if statements.is_empty() && !matches!(&doc, Value::Array(_)) {
        diags.push(
            Diagnostic::new(
                Code::UnreadableFile,
                format!("`{}` holds no xAPI statements", input.path),
            )
            .at(whole(file), "not a statement list")
            .help("expected an array of statements, an LRS response `{\"statements\": [...]}` or one statement"),
        );
        return None;
    }
    // A voiding statement cancels the statement it references (xAPI 2.3.2).
    let voided: HashSet<&str> = statements
        .iter()
        .filter(|s| verb_name(s).as_deref() == Some("voided"))
        .filter_map(|s| s.pointer("/object/id").and_then(Value::as_str))
        .collect();
    let columns = field_columns(source);
    for (i, st) in statements.iter().enumerate() {
        let (values, flag) = statement_row(st, &voided);
        let row = Row {
            file,
            number: i as u32 + 1,
            values: Values::Owned(&values),
            columns: &columns,
            text: None,
            flag,
        };
        f(&row, diags);
    }
    Some(FileRead {
        file,
        columns,
        encoding,
    })
}

fn verb_name(st: &Value) -> Option<String> {
    let id = st.pointer("/verb/id")?.as_str()?;
    Some(id.rsplit(['/', '#']).next().unwrap_or(id).to_lowercase())
}

/// The learning-record fields of a statement, in [`super::config::XAPI_COLUMNS`] order.
fn statement_row(st: &Value, voided: &HashSet<&str>) -> (Vec<String>, Option<RowFlag>) {
    let s = |p: &str| st.pointer(p).and_then(Value::as_str).map(str::to_owned);
    let actor = s("/actor/mbox")
        .map(|m| m.trim_start_matches("mailto:").to_owned())
        .or_else(|| s("/actor/account/name"))
        .or_else(|| s("/actor/mbox_sha1sum"))
        .or_else(|| s("/actor/openid"));
    let object = s("/object/id");
    let verb = s("/verb/id");
    let timestamp = s("/timestamp").or_else(|| s("/stored"));
    let score = st
        .pointer("/result/score/scaled")
        .or_else(|| st.pointer("/result/score/raw"))
        .and_then(Value::as_f64)
        .map(|x| x.to_string());
    let hours =
        s("/result/duration").map(|d| iso_duration_hours(&d).map_or(d, |h| format!("{h:.2}")));
    let values = vec![
        actor.clone().unwrap_or_default(),
        object.clone().unwrap_or_default(),
        verb.clone().unwrap_or_default(),
        timestamp.clone().unwrap_or_default(),
        score.unwrap_or_default(),
        hours.unwrap_or_default(),
    ];
    let flag = |code, field, message: String| {
        Some(RowFlag {
            code,
            field,
            message,
        })
    };
    let name = verb_name(st);
    let flag = if name.as_deref() == Some("voided") {
        flag(
            None,
            "status",
            "a voiding statement, not a learning record".into(),
        )
    } else if st
        .get("id")
        .and_then(Value::as_str)
        .is_some_and(|id| voided.contains(id))
    {
        flag(None, "status", "voided by a later statement".into())
    } else if actor.is_none() {
        flag(
            Some(Code::InvalidStatement),
            "person",
            "the statement's actor has no `mbox` or `account`".into(),
        )
    } else if verb.is_none() {
        flag(
            Some(Code::InvalidStatement),
            "status",
            "the statement has no verb id".into(),
        )
    } else if object.is_none()
        || st
            .pointer("/object/objectType")
            .and_then(Value::as_str)
            .is_some_and(|t| t != "Activity")
    {
        flag(
            Some(Code::InvalidStatement),
            "resource",
            "the statement's object is not an activity with an id".into(),
        )
    } else if timestamp.is_none() {
        flag(
            Some(Code::InvalidStatement),
            "date",
            "the statement has no timestamp".into(),
        )
    } else {
        None
    };
    (values, flag)
}

/// Hours of an ISO 8601 duration such as `PT1H30M` or `P1DT2H`.
pub fn iso_duration_hours(d: &str) -> Option<f64> {
    let rest = d.trim().strip_prefix('P')?;
    let (date, time) = rest.split_once('T').unwrap_or((rest, ""));
    let mut hours = 0.0;
    let mut take = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut num = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' || c == ',' {
                num.push(if c == ',' { '.' } else { c });
            } else {
                let factor = units.iter().find(|u| u.0 == c)?.1;
                hours += num.parse::<f64>().ok()? * factor;
                num.clear();
            }
        }
        num.is_empty().then_some(())
    };
    take(
        date,
        &[
            ('Y', 24.0 * 365.0),
            ('M', 24.0 * 30.0),
            ('W', 24.0 * 7.0),
            ('D', 24.0),
        ],
    )?;
    take(time, &[('H', 1.0), ('M', 1.0 / 60.0), ('S', 1.0 / 3600.0)])?;
    Some(hours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_left_open_is_found_where_it_opens() {
        let closed = [
            "a,b\n1,2\n",
            "a,b\n1,\"x, y\"\n",
            "a,b\n1,\"say \"\"hi\"\"\"\n",
            "a,b\n1,5\" screen\n",
            "a,b\r\n\"multi\nline\",2",
        ];
        for text in closed {
            assert_eq!(unclosed_quote(text.as_bytes(), b','), None, "{text:?}");
        }
        assert_eq!(unclosed_quote(b"a,b\n1,\"open\n2,3\n", b','), Some(6));
        assert_eq!(unclosed_quote(b"a;b\n\"x;y\";\"z\n", b';'), Some(10));
    }

    #[test]
    fn csv_field_spans_skip_quotes() {
        let text = "a,b\n1,\"x, y\",3\n";
        let start = 4;
        assert_eq!(&text[csv_field_span(text, start, 0, b',').0..2 + 3], "1");
        let (s, e) = csv_field_span(text, start, 1, b',');
        assert_eq!(&text[s..e], "x, y");
        let (s, e) = csv_field_span(text, start, 2, b',');
        assert_eq!(&text[s..e], "3");
    }

    #[test]
    fn iso_durations() {
        assert_eq!(iso_duration_hours("PT1H30M"), Some(1.5));
        assert_eq!(iso_duration_hours("P1DT2H"), Some(26.0));
        assert_eq!(iso_duration_hours("PT90S"), Some(0.025));
        assert_eq!(iso_duration_hours("1h"), None);
    }

    #[test]
    fn excel_serial_dates() {
        assert_eq!(excel_date(45839.0).as_deref(), Some("2025-07-01"));
    }
}
