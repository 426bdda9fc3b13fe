//! The portal's templates: the defaults shipped in `site-templates/` (built into the binary)
//! shadowed file by file by the org's templates folder, compiled once into a minijinja
//! environment with HTML autoescape and strict undefined values.
//!
//! Template problems are diagnostics located in the template file. Reading the org's
//! folder is [`read_folder`] (the edge); everything else works on bytes in memory.

use super::i18n::{self, Catalog, LOCALES};
use crate::diag::{Code, Diagnostic, FileId, SourceMap, Span};
use minijinja::value::{Kwargs, Value};
use minijinja::{AutoEscape, Environment, ErrorKind, State, UndefinedBehavior};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// Where the defaults come from, as shown in diagnostics.
pub const DEFAULTS_DIR: &str = "site-templates";

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../site-templates/", $name)))),*]
    };
}

/// The default templates.
const TEMPLATES: &[(&str, &str)] = builtin![
    "base.html",
    "macros.html",
    "index.html",
    "catalog.html",
    "rules.html",
    "employee.html",
    "manager.html",
    "hr_base.html",
    "hr_index.html",
    "hr_gaps.html",
    "hr_talent.html",
    "hr_pilot.html",
    "hr_learning.html",
    "hr_forecast.html",
    "hr_maturity.html",
    "hr_dictionary.html",
];

/// The default assets, copied to `assets/`.
const ASSETS: &[(&str, &str)] = &[(
    "style.css",
    include_str!("../../site-templates/assets/style.css"),
)];

/// The default message catalogs.
const MESSAGES: &[(&str, &str)] = &[
    (
        "zh-CN",
        include_str!("../../site-templates/messages/zh-CN.yaml"),
    ),
    ("en", include_str!("../../site-templates/messages/en.yaml")),
];

/// Message keys an org may add for its own templates start with this; other keys must be
/// keys of the default catalogs.
pub const ORG_PREFIX: &str = "org_";

/// The pages the build renders, by template.
pub const PAGES: [&str; 13] = [
    "index.html",
    "catalog.html",
    "rules.html",
    "employee.html",
    "manager.html",
    "hr_index.html",
    "hr_gaps.html",
    "hr_talent.html",
    "hr_pilot.html",
    "hr_learning.html",
    "hr_forecast.html",
    "hr_maturity.html",
    "hr_dictionary.html",
];

/// A file of the org's templates folder: its path relative to the folder, the path shown
/// in diagnostics, and its bytes.
pub struct FolderFile {
    pub rel: String,
    pub display: String,
    pub bytes: Vec<u8>,
}

/// Reads every file of the org's templates folder (sorted; hidden files skipped). A missing
/// folder has no overrides.
pub fn read_folder(dir: &Path) -> Result<Vec<FolderFile>, Box<Diagnostic>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
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
                format!(
                    "failed to read the templates folder `{}`: {e}",
                    crate::model::display_path(dir)
                ),
            ))
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let bytes = std::fs::read(entry.path()).map_err(|e| {
            Box::new(Diagnostic::new(
                Code::Io,
                format!(
                    "failed to read `{}`: {e}",
                    crate::model::display_path(entry.path())
                ),
            ))
        })?;
        out.push(FolderFile {
            rel: rel.to_string_lossy().replace('\\', "/"),
            display: crate::model::display_path(entry.path()),
            bytes,
        });
    }
    Ok(out)
}

/// The compiled templates, assets and message catalogs of a build.
pub struct Templates {
    env: Environment<'static>,
    /// The template and catalog texts, for diagnostics.
    pub sources: SourceMap,
    files: BTreeMap<String, FileId>,
    /// Asset name to bytes, copied to `assets/`.
    pub assets: BTreeMap<String, Vec<u8>>,
    catalogs: BTreeMap<String, Catalog>,
    messages: BTreeMap<String, Value>,
}

impl Templates {
    /// Compiles the defaults overlaid by the org's files. On errors (in `diags`) returns the
    /// source map that locates them.
    pub fn new(folder: &[FolderFile], diags: &mut Vec<Diagnostic>) -> Result<Templates, SourceMap> {
        let mut sources = SourceMap::default();
        let mut texts: BTreeMap<String, (String, String)> = TEMPLATES
            .iter()
            .map(|(n, t)| {
                (
                    (*n).to_owned(),
                    (format!("{DEFAULTS_DIR}/{n}"), (*t).to_owned()),
                )
            })
            .collect();
        let mut assets: BTreeMap<String, Vec<u8>> = ASSETS
            .iter()
            .map(|(n, t)| ((*n).to_owned(), t.as_bytes().to_vec()))
            .collect();
        let mut catalogs: BTreeMap<String, Catalog> = BTreeMap::new();
        for (locale, text) in MESSAGES {
            let messages = i18n::parse(text).unwrap_or_default();
            catalogs.insert(
                (*locale).to_owned(),
                Catalog {
                    locale: (*locale).to_owned(),
                    messages,
                },
            );
        }
        let before = diags.len();
        for f in folder {
            let text = || String::from_utf8(f.bytes.clone());
            let segments: Vec<&str> = f.rel.split('/').collect();
            match segments.as_slice() {
                [name] if name.ends_with(".html") => match text() {
                    Ok(t) => {
                        texts.insert((*name).to_owned(), (f.display.clone(), t));
                    }
                    Err(_) => diags.push(not_utf8(f)),
                },
                ["assets", name] if !name.is_empty() => {
                    assets.insert((*name).to_owned(), f.bytes.clone());
                }
                ["messages", file] if file.ends_with(".yaml") => {
                    let locale = file.trim_end_matches(".yaml");
                    let Ok(t) = text() else {
                        diags.push(not_utf8(f));
                        continue;
                    };
                    let id = sources.add(f.display.clone(), t.clone());
                    overlay_catalog(&mut catalogs, locale, &t, id, diags);
                }
                [name] if name.eq_ignore_ascii_case("README.md") => {}
                _ => diags.push(
                    Diagnostic::new(
                        Code::UnusedTemplateFile,
                        format!("`{}` is not used by the portal", f.display),
                    )
                    .help("templates are `*.html` at the top of the folder, assets go in `assets/`, message catalogs are `messages/<locale>.yaml`"),
                ),
            }
        }
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") || name.ends_with(".svg") || name.ends_with(".xml") {
                AutoEscape::Html
            } else {
                AutoEscape::None
            }
        });
        register_filters(&mut env);
        let mut files = BTreeMap::new();
        for (name, (display, text)) in texts {
            let id = sources.add(display, text.clone());
            files.insert(name.clone(), id);
            if let Err(e) = env.add_template_owned(name, text) {
                diags.push(error_diagnostic(&e, &files, &sources, None));
            }
        }
        let failed = diags[before..].iter().any(Diagnostic::is_error);
        if failed {
            return Err(sources);
        }
        let messages = catalogs
            .iter()
            .map(|(l, c)| (l.clone(), i18n::Messages::of(c)))
            .collect();
        Ok(Templates {
            env,
            sources,
            files,
            assets,
            catalogs,
            messages,
        })
    }

    /// The messages of a locale as a shared template value (the default locale's when the
    /// locale has no catalog).
    pub fn messages(&self, locale: &str, fallback: &str) -> Value {
        self.messages
            .get(locale)
            .or_else(|| self.messages.get(fallback))
            .cloned()
            .unwrap_or_default()
    }

    /// The catalog of a locale.
    pub fn catalog(&self, locale: &str) -> Option<&Catalog> {
        self.catalogs.get(locale)
    }

    /// Renders a template with a context.
    pub fn render(&self, name: &str, ctx: Value) -> Result<String, minijinja::Error> {
        self.env.get_template(name)?.render(ctx)
    }

    /// A diagnostic for a template error, located in the template's file; `page` says which
    /// page was being rendered.
    pub fn diagnostic(&self, e: &minijinja::Error, page: &str) -> Diagnostic {
        error_diagnostic(e, &self.files, &self.sources, Some(page))
    }
}

fn not_utf8(f: &FolderFile) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidUtf8,
        format!("`{}` is not valid UTF-8", f.display),
    )
    .help("save templates and message catalogs as UTF-8")
}

/// Applies an org's catalog file on top of the defaults, key by key.
fn overlay_catalog(
    catalogs: &mut BTreeMap<String, Catalog>,
    locale: &str,
    text: &str,
    file: FileId,
    diags: &mut Vec<Diagnostic>,
) {
    let whole = Span {
        file,
        start: 0,
        end: 0,
    };
    let Some(catalog) = catalogs.get_mut(locale) else {
        diags.push(
            Diagnostic::new(
                Code::UnknownMessage,
                format!("talentloop has no catalog for the locale `{locale}`"),
            )
            .at(whole, "this file is not used")
            .maybe_help(crate::diag::did_you_mean(locale, LOCALES.iter().copied())),
        );
        return;
    };
    let messages = match i18n::parse(text) {
        Ok(m) => m,
        Err(e) => {
            diags.push(
                Diagnostic::new(
                    Code::InvalidCatalog,
                    format!("the message catalog cannot be read: {e}"),
                )
                .at(whole, "expected a map of message keys to texts"),
            );
            return;
        }
    };
    for (key, value) in messages {
        if let Some(slot) = catalog.messages.get_mut(&key) {
            *slot = value;
        } else if key.starts_with(ORG_PREFIX) {
            catalog.messages.insert(key, value);
        } else {
            let start = text.find(&format!("{key}:")).unwrap_or(0);
            let span = Span {
                file,
                start,
                end: start
                    + if start > 0 || text.starts_with(&key) {
                        key.len()
                    } else {
                        0
                    },
            };
            diags.push(
                Diagnostic::new(
                    Code::UnknownMessage,
                    format!("`{key}` is not a message of the portal"),
                )
                .note(format!(
                    "an org's own messages start with `{ORG_PREFIX}`, e.g. `{ORG_PREFIX}welcome`"
                ))
                .at(span, "no default template uses this key")
                .maybe_help(crate::diag::did_you_mean(
                    &key,
                    catalog.messages.keys().map(String::as_str),
                )),
            );
        }
    }
}

/// A diagnostic for a minijinja error: the template's file, the error's byte range (or its
/// line), and the kind of error.
fn error_diagnostic(
    e: &minijinja::Error,
    files: &BTreeMap<String, FileId>,
    sources: &SourceMap,
    page: Option<&str>,
) -> Diagnostic {
    // The innermost error names the template where it happened.
    let mut inner: &minijinja::Error = e;
    while let Some(next) =
        std::error::Error::source(inner).and_then(|s| s.downcast_ref::<minijinja::Error>())
    {
        inner = next;
    }
    let located = [inner, e]
        .into_iter()
        .find(|x| x.name().is_some_and(|n| files.contains_key(n)));
    let code = match e.kind() {
        ErrorKind::SyntaxError | ErrorKind::BadEscape => Code::TemplateSyntax,
        _ if page.is_none() => Code::TemplateSyntax,
        _ => Code::TemplateRender,
    };
    let what = inner.detail().or(e.detail()).unwrap_or("");
    let kind = describe(inner.kind());
    let message = match (page, what.is_empty()) {
        (Some(p), true) => format!("{kind} while rendering {p}"),
        (Some(p), false) => format!("{kind} while rendering {p}: {what}"),
        (None, true) => kind.to_owned(),
        (None, false) => format!("{kind}: {what}"),
    };
    let mut d = Diagnostic::new(code, message);
    if let Some(x) = located
        && let Some(&file) = x.name().and_then(|n| files.get(n))
    {
        let text_len = sources.file(file).text.len();
        let span = match (x.range(), x.line()) {
            (Some(r), _) => Span {
                file,
                start: r.start.min(text_len),
                end: r.end.min(text_len),
            },
            (None, Some(line)) => {
                let start = sources.offset_of(file, line, 1);
                Span {
                    file,
                    start,
                    end: start,
                }
            }
            (None, None) => Span {
                file,
                start: 0,
                end: 0,
            },
        };
        d = d.at(span, describe(inner.kind()));
    }
    if inner.kind() == ErrorKind::UndefinedError {
        d = d.help("every value a template prints must exist; test optional ones with `is defined` or `is none`");
    }
    d
}

fn describe(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::SyntaxError => "template syntax error",
        ErrorKind::UndefinedError => "undefined value",
        ErrorKind::UnknownFilter => "unknown filter",
        ErrorKind::UnknownFunction => "unknown function",
        ErrorKind::UnknownTest => "unknown test",
        ErrorKind::TemplateNotFound => "template not found",
        ErrorKind::InvalidOperation => "invalid operation",
        ErrorKind::MissingArgument => "missing argument",
        ErrorKind::TooManyArguments => "too many arguments",
        ErrorKind::BadEscape => "bad string escape",
        _ => "template error",
    }
}

/// The page's locale, as the value the page was given: filters borrow its text.
fn locale_of(state: &State) -> Value {
    state.lookup("locale").unwrap_or_default()
}

fn register_filters(env: &mut Environment<'static>) {
    // A number with at most `decimals` (default 1) digits after the point.
    env.add_filter(
        "num",
        |state: &State,
         value: Value,
         decimals: Option<usize>|
         -> Result<String, minijinja::Error> {
            let x = f64::try_from(value.clone()).map_err(|_| {
                minijinja::Error::new(
                    ErrorKind::InvalidOperation,
                    format!("`num` needs a number, got {}", value.kind()),
                )
            })?;
            let locale = locale_of(state);
            Ok(i18n::number(
                x,
                decimals.unwrap_or(1),
                locale.as_str().unwrap_or_default(),
            ))
        },
    );
    // A share (0..1) as a percentage.
    env.add_filter("pct", |state: &State, value: f64| -> String {
        i18n::percent(value, locale_of(state).as_str().unwrap_or_default())
    });
    // A `YYYY-MM-DD` date as the locale writes it.
    env.add_filter(
        "date",
        |state: &State, value: String| -> Result<String, minijinja::Error> {
            let d = chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d").map_err(|_| {
                minijinja::Error::new(
                    ErrorKind::InvalidOperation,
                    format!("`date` needs a YYYY-MM-DD date, got `{value}`"),
                )
            })?;
            Ok(i18n::date(d, locale_of(state).as_str().unwrap_or_default()))
        },
    );
    // A signed whole number: `+1`, `0`, `-2`.
    env.add_filter("signed", |value: i64| -> String {
        if value > 0 {
            format!("+{value}")
        } else {
            value.to_string()
        }
    });
    // A message with its `{name}` placeholders filled from the keyword arguments. Each
    // placeholder looks its argument up; an argument the message does not name is left
    // (another locale's wording may not need it).
    env.add_filter("fill", |text: Value, kwargs: Kwargs| -> String {
        let text = match text.as_str() {
            Some(t) => Cow::Borrowed(t),
            None => Cow::Owned(text.to_string()),
        };
        i18n::fill_with(&text, |name, out| {
            match kwargs.peek::<Option<Value>>(name) {
                Ok(Some(v)) => write!(out, "{v}").is_ok(),
                _ => false,
            }
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_catalogs_have_the_same_keys() {
        let keys = |l: &str| {
            let text = MESSAGES.iter().find(|m| m.0 == l).unwrap().1;
            i18n::parse(text).unwrap().into_keys().collect::<Vec<_>>()
        };
        assert_eq!(keys("zh-CN"), keys("en"));
    }

    #[test]
    fn every_hr_page_has_a_template() {
        for page in super::super::paths::HrPage::ALL {
            assert!(TEMPLATES.iter().any(|t| t.0 == page.template()), "{page:?}");
            assert!(PAGES.contains(&page.template()), "{page:?}");
        }
    }

    #[test]
    fn fill_writes_the_arguments_a_message_names() {
        let mut env = Environment::new();
        register_filters(&mut env);
        let render = |src: &str| env.render_str(src, ()).map_err(|e| e.to_string());
        // Numbers and text as written, unnamed arguments ignored, unknown names kept.
        assert_eq!(
            render(r#"{{ "{n} h of {total}, {x}" | fill(n=2.5, x="y", unused=1) }}"#),
            Ok("2.5 h of {total}, y".to_owned())
        );
        // A value that is not text is filled as its text.
        assert_eq!(render("{{ 7 | fill(n=1) }}"), Ok("7".to_owned()));
    }

    #[test]
    fn the_defaults_compile() {
        let mut diags = Vec::new();
        let t = Templates::new(&[], &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(t.is_ok());
    }

    /// Text left after removing tags, expressions, statements and comments.
    fn literal_text(template: &str) -> String {
        let mut out = String::new();
        let mut rest = template;
        while let Some(i) = rest.find(['<', '{']) {
            out.push_str(&rest[..i]);
            let after = &rest[i..];
            let close = match &after[..after.len().min(2)] {
                "{{" => "}}",
                "{%" => "%}",
                "{#" => "#}",
                _ if after.starts_with('<') => ">",
                _ => {
                    out.push('{');
                    rest = &after[1..];
                    continue;
                }
            };
            rest = after.find(close).map_or("", |j| &after[j + close.len()..]);
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn templates_hold_no_words_of_their_own() {
        assert_eq!(
            literal_text("<p>hi {{ x }}</p>{# c #}{% if y %}!{% endif %}"),
            "hi !"
        );
        for (name, text) in TEMPLATES {
            let left = literal_text(text);
            let words: String = left.chars().filter(|c| c.is_alphabetic()).collect();
            assert!(words.is_empty(), "{name} has literal text: {words:?}");
        }
    }

    #[test]
    fn every_message_a_template_names_is_in_both_catalogs() {
        let catalogs: Vec<std::collections::BTreeMap<String, String>> = MESSAGES
            .iter()
            .map(|(_, t)| i18n::parse(t).unwrap())
            .collect();
        let mut named = 0;
        for (name, text) in TEMPLATES {
            for (i, _) in text.match_indices("m.") {
                let before = text[..i].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                    continue;
                }
                let key: String = text[i + 2..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                for c in &catalogs {
                    assert!(c.contains_key(&key), "{name}: `m.{key}` is in no catalog");
                }
                named += 1;
            }
        }
        assert!(named > 100, "{named}");
        // Keys made from values: every value the views can give.
        let dynamic = [
            (
                "kind_",
                &[
                    "course",
                    "micro_course",
                    "practice",
                    "shadowing",
                    "project",
                    "reading",
                    "workshop",
                ][..],
            ),
            ("risk_", &["high", "some", "none", "unknown"]),
            (
                "status_",
                &[
                    "met",
                    "gap1",
                    "gap2",
                    "unknown",
                    "done",
                    "in_progress",
                    "not_started",
                    "dropped",
                ],
            ),
            ("action_", &["learn", "practice", "mentor", "develop"]),
            ("locale_", &LOCALES),
            (
                "hr_nav_",
                &[
                    "index",
                    "gaps",
                    "talent",
                    "pilot",
                    "learning",
                    "forecast",
                    "maturity",
                    "dictionary",
                ],
            ),
            (
                "hr_about_",
                &[
                    "index",
                    "gaps",
                    "talent",
                    "pilot",
                    "learning",
                    "forecast",
                    "maturity",
                    "dictionary",
                ],
            ),
            (
                "hr_metric_",
                &[
                    "dialogue_coverage",
                    "execution_rate",
                    "participation",
                    "learning_hours",
                    "learning_hours_mean",
                    "goals_met",
                    "rating_change",
                    "level_change",
                ],
            ),
            (
                "hr_quadrant_",
                &["starting", "data_led", "culture_led", "closed_loop"],
            ),
            (
                "hr_next_",
                &["starting", "data_led", "culture_led", "closed_loop"],
            ),
            ("hr_band_", &["low", "medium", "high"]),
            ("hr_band_short_", &["low", "medium", "high"]),
            ("hr_corr_x_", &["learning_hours", "completed_resources"]),
            ("hr_corr_y_", &["rating_change"]),
            (
                "hr_source_",
                &["people", "reviews", "goals", "learning", "dialogues"],
            ),
        ];
        for (prefix, values) in dynamic {
            for v in values {
                for c in &catalogs {
                    assert!(c.contains_key(&format!("{prefix}{v}")), "{prefix}{v}");
                }
            }
        }
    }
}
