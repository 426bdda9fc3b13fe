//! Turning file bytes into raw YAML types, with every failure as a diagnostic.
//!
//! This is the only place that talks to the YAML library; it maps the library's errors onto
//! our codes and exact node locations.

use crate::diag::{Code, Diagnostic, FileId, SourceMap, Span, did_you_mean};
use serde::de::DeserializeOwned;

/// Model, rule and project files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// A file's path (as shown to users) and its bytes, before decoding.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Decodes `input` into the source map and parses it as `T`.
///
/// Returns the file's id (for locating later diagnostics) and the value when it parsed;
/// every problem is pushed onto `diags`.
pub fn parse_yaml<T: DeserializeOwned>(
    input: &Input,
    sources: &mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> (FileId, Option<T>) {
    let (file, text) = decode(input, sources, diags);
    let Some(text) = text else {
        return (file, None);
    };
    match serde_saphyr::from_str_with_options::<T>(text, yaml_options()) {
        Ok(value) => (file, Some(value)),
        Err(err) => {
            diags.push(yaml_error(&err, file, sources));
            (file, None)
        }
    }
}

/// YAML 1.2 booleans only: in YAML 1.1 `y`, `no` or `off` silently become booleans, which
/// turns a rating label such as `N` into `false`.
fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! { strict_booleans: true }
}

/// Adds the file's text to the source map. Returns the text only when it may be parsed:
/// valid UTF-8 within the size limit. A leading byte-order mark is dropped, as editors do.
fn decode<'s>(
    input: &Input,
    sources: &'s mut SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> (FileId, Option<&'s str>) {
    if input.bytes.len() > MAX_FILE_BYTES {
        let file = sources.add(&input.path, "");
        diags.push(
            Diagnostic::new(
                Code::TooLarge,
                format!(
                    "`{}` is {} MiB, more than the {} MiB a model file may have",
                    input.path,
                    input.bytes.len() / (1024 * 1024),
                    MAX_FILE_BYTES / (1024 * 1024)
                ),
            )
            .at(
                Span {
                    file,
                    start: 0,
                    end: 0,
                },
                "file too large",
            )
            .help("split it into several files in the same folder"),
        );
        return (file, None);
    }
    let bytes = input
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&input.bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let file = sources.add(&input.path, text);
            (file, Some(sources.file(file).text.as_str()))
        }
        Err(e) => {
            let at = e.valid_up_to();
            let file = sources.add(&input.path, String::from_utf8_lossy(bytes).into_owned());
            diags.push(
                Diagnostic::new(
                    Code::InvalidUtf8,
                    format!("`{}` is not valid UTF-8", input.path),
                )
                .at(
                    Span {
                        file,
                        start: at,
                        end: at + 1,
                    },
                    "this byte is not UTF-8",
                )
                .help("save the file as UTF-8; Excel exports are often GB18030 or GBK"),
            );
            (file, None)
        }
    }
}

/// Maps a YAML library error onto a diagnostic at the node it names.
fn yaml_error(err: &serde_saphyr::Error, file: FileId, sources: &SourceMap) -> Diagnostic {
    let raw = err.without_snippet().to_string();
    let message = strip_location_prefix(&raw);
    let reported = err.location().filter(|l| l.line() > 0).map_or(0, |l| {
        sources.offset_of(file, l.line() as usize, l.column() as usize)
    });
    let classified = classify(message);
    let start = refine_location(classified.code, message, reported, &sources.file(file).text);
    let span = token_span(file, start, sources);
    classified
        .finish(span)
        .note("the rest of this file is not checked until this is fixed, nor are references to ids it defines")
}

/// Moves the library's location onto the node the user must fix.
///
/// The library locates a missing field at the mapping's last key, an error raised while
/// reading a value at the value's key, and a tab at the token after it.
fn refine_location(code: Code, message: &str, at: usize, text: &str) -> usize {
    match code {
        Code::MissingField => mapping_start(text, at),
        Code::WrongType => value_of_key(text, at).unwrap_or(at),
        Code::YamlSyntax if message.contains("tab") => {
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            text[line_start..at]
                .find('\t')
                .map_or(at, |i| line_start + i)
        }
        _ => at,
    }
}

/// The first key of the block mapping that holds the key at `at`.
fn mapping_start(text: &str, at: usize) -> usize {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent = at - line_start;
    let mut start = at;
    let mut cursor = line_start;
    while cursor > 0 {
        let prev_start = text[..cursor - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[prev_start..cursor - 1];
        let content = line.trim_start_matches(' ');
        let line_indent = line.len() - content.len();
        cursor = prev_start;
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if line_indent == indent {
            start = prev_start + indent;
        } else if line_indent + 2 == indent && content.starts_with("- ") {
            // The entry's first key sits after the sequence dash.
            return prev_start + indent;
        } else {
            break;
        }
    }
    start
}

/// When `at` is a block-mapping key with a value on the same line, the value's offset.
fn value_of_key(text: &str, at: usize) -> Option<usize> {
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = &text[at..line_end];
    let colon = line.find(": ")?;
    let value = &line[colon + 1..];
    let skip = value.len() - value.trim_start().len();
    let value_start = at + colon + 1 + skip;
    (value_start < line_end && !value.trim_start().starts_with('#')).then_some(value_start)
}

/// What kind of YAML failure a message describes, with the words we show for it.
struct Classified {
    code: Code,
    message: String,
    label: &'static str,
    help: Option<String>,
}

impl Classified {
    fn finish(self, span: Span) -> Diagnostic {
        Diagnostic::new(self.code, self.message)
            .at(span, self.label)
            .maybe_help(self.help)
    }
}

fn classify(message: &str) -> Classified {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (field, expected) = split_expected(rest);
        return Classified {
            code: Code::UnknownField,
            message: format!("unknown field `{field}`"),
            label: "not a field here",
            help: did_you_mean(&field, expected.iter().map(String::as_str)).or_else(|| {
                (!expected.is_empty()).then(|| format!("known fields: {}", expected.join(", ")))
            }),
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, expected) = split_expected(rest);
        return Classified {
            code: Code::WrongType,
            message: format!("`{value}` is not one of the allowed values"),
            label: "not allowed here",
            help: did_you_mean(&value, expected.iter().map(String::as_str))
                .or_else(|| Some(format!("allowed values: {}", expected.join(", ")))),
        };
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return Classified {
            code: Code::MissingField,
            message: format!("missing field `{}`", unquote(rest)),
            label: "this entry lacks it",
            help: None,
        };
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest
            .split(", set DuplicateKeyPolicy")
            .next()
            .unwrap_or(rest);
        return Classified {
            code: Code::DuplicateKey,
            message: format!("the key `{key}` appears twice in this mapping"),
            label: "second occurrence",
            help: Some("remove or rename one of the two".into()),
        };
    }
    if message.contains("recursion limit") || message.contains("budget") {
        return Classified {
            code: Code::TooLarge,
            message: "the file is nested too deeply or expands to too much data".into(),
            label: "limit reached here",
            help: Some("model files need only a few levels of nesting".into()),
        };
    }
    if is_type_error(message) {
        return Classified {
            code: Code::WrongType,
            message: humanise_type_error(message),
            label: "wrong type",
            help: None,
        };
    }
    Classified {
        code: Code::YamlSyntax,
        message: format!("invalid YAML: {message}"),
        label: "here",
        help: if message.contains("tab") {
            Some("indent with spaces; YAML does not allow tabs for indentation".into())
        } else if message.contains("mapping values are not allowed") {
            Some(
                "a value that contains `: ` must be quoted, e.g. `when: \"rating(goal: x) <= C\"`"
                    .into(),
            )
        } else {
            None
        },
    }
}

fn is_type_error(message: &str) -> bool {
    [
        "invalid type",
        "invalid value",
        "invalid length",
        "invalid u",
        "invalid i",
        "invalid f",
        "invalid bool",
        "expected ",
        "cannot deserialize",
        "level is too large",
    ]
    .iter()
    .any(|p| message.starts_with(p))
}

fn humanise_type_error(message: &str) -> String {
    match message {
        m if m.starts_with("invalid u") => "expected a whole number, 0 or more".to_owned(),
        m if m.starts_with("invalid i") => "expected a whole number".to_owned(),
        m if m.starts_with("invalid f") => "expected a number".to_owned(),
        m if m.contains("mapping start") => {
            "expected a mapping (`key: value` entries) here".to_owned()
        }
        m if m.contains("sequence start") => {
            "expected a list (`- item` entries or `[a, b]`) here".to_owned()
        }
        m => m.replace("invalid type: ", "wrong type: found "),
    }
}

/// Splits "`x`, expected one of `a`, `b`" into `x` and `[a, b]`.
fn split_expected(rest: &str) -> (String, Vec<String>) {
    let (name, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
    let expected = expected
        .trim_start_matches(" one of")
        .trim_start_matches(':')
        .split(',')
        .map(unquote)
        .filter(|s| !s.is_empty() && *s != "nothing")
        .collect();
    (unquote(name), expected)
}

fn unquote(s: &str) -> String {
    s.trim()
        .trim_matches('`')
        .trim_matches('"')
        .trim()
        .to_owned()
}

/// The library prefixes messages with "error: line N column M: "; we show locations ourselves.
fn strip_location_prefix(raw: &str) -> &str {
    let first = raw.lines().next().unwrap_or(raw);
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let message = match first.strip_prefix("line ").and_then(|r| r.split_once(": ")) {
        Some((_, rest)) => rest,
        None => first,
    };
    // Some messages repeat the location at their end.
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => &message[..i],
        _ => message,
    }
}

/// The span of the token that starts at `start`: up to the next delimiter on the line.
fn token_span(file: FileId, start: usize, sources: &SourceMap) -> Span {
    let text = &sources.file(file).text;
    let start = start.min(text.len());
    let len = text[start..]
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || matches!(c, ':' | ',' | ']' | '}' | '#'))
        .map_or(text.len() - start, |(i, _)| i);
    Span {
        file,
        start,
        end: start + len,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_the_library_location_prefix() {
        assert_eq!(
            strip_location_prefix("error: line 3 column 5: unknown field `x`\n --> a"),
            "unknown field `x`"
        );
    }

    #[test]
    fn missing_fields_point_at_the_entry_start() {
        let text = "roles:\n  - name: a\n    # c\n    rank: 2\n";
        let at = text.find("rank").unwrap();
        assert_eq!(mapping_start(text, at), text.find("name").unwrap());
    }

    #[test]
    fn type_errors_point_at_the_value() {
        let text = "    level: high # x\n";
        assert_eq!(value_of_key(text, 4), Some(text.find("high").unwrap()));
        assert_eq!(value_of_key("    level:\n", 4), None);
    }

    #[test]
    fn splits_expected_lists() {
        let (f, e) = split_expected("`levle`, expected one of `id`, `level`");
        assert_eq!(f, "levle");
        assert_eq!(e, vec!["id", "level"]);
    }
}
