//! The portal's words: message catalogs per locale, and numbers and dates written the way
//! each locale writes them.
//!
//! Every UI string is a message; templates name messages (`m.learning_title`) and never hold
//! text of their own. A catalog is a flat YAML map of keys to texts with `{name}`
//! placeholders. The org's templates folder may hold `messages/<locale>.yaml` files that
//! override single keys of the defaults.

use chrono::{Datelike, NaiveDate};
use minijinja::value::{Enumerator, Object, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// The locales talentloop ships catalogs for.
pub const LOCALES: [&str; 2] = ["zh-CN", "en"];

/// The messages of one locale.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Catalog {
    pub locale: String,
    pub messages: BTreeMap<String, String>,
}

impl Catalog {
    /// A message, or the key itself when it is missing (catalog checks report that).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.messages.get(key).map_or(key, String::as_str)
    }
}

/// A catalog as templates see it (`m.key`, `m["status_" ~ s]`): looked up by hashing,
/// since pages read hundreds of messages each and a sorted map compares key after key.
#[derive(Debug)]
pub struct Messages(rustc_hash::FxHashMap<String, Value>);

impl Messages {
    pub fn of(catalog: &Catalog) -> Value {
        let map = catalog
            .messages
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(v.as_str())))
            .collect();
        Value::from_object(Messages(map))
    }
}

impl Object for Messages {
    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.0.get(key.as_str()?).cloned()
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.0.get(key).cloned()
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        let mut keys: Vec<&String> = self.0.keys().collect();
        keys.sort();
        Enumerator::Values(keys.into_iter().map(|k| Value::from(k.as_str())).collect())
    }
}

/// Fills `{name}` placeholders from `args`; unknown placeholders stay as written.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    fill_with(text, |name, out| {
        match args.iter().find(|(k, _)| *k == name) {
            Some((_, v)) => {
                out.push_str(v);
                true
            }
            None => false,
        }
    })
}

/// Fills `{name}` placeholders with what `value` writes for each name; a placeholder it
/// writes nothing for (returning false) stays as written.
pub fn fill_with(text: &str, mut value: impl FnMut(&str, &mut String) -> bool) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                if !value(name, &mut out) {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A number with at most `decimals` digits after the point, trailing zeros dropped, and
/// thousands grouped. Both shipped locales group by three with `,` and use `.`.
pub fn number(value: f64, decimals: usize, _locale: &str) -> String {
    if !value.is_finite() {
        return "–".into();
    }
    let text = format!("{:.*}", decimals, value);
    let (sign, text) = match text.strip_prefix('-') {
        Some(t) if t.chars().any(|c| c.is_ascii_digit() && c != '0') => ("-", t),
        Some(t) => ("", t),
        None => ("", text.as_str()),
    };
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let frac = frac.trim_end_matches('0');
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// A share as a percentage, e.g. `12.5%`.
pub fn percent(share: f64, locale: &str) -> String {
    format!("{}%", number(share * 100.0, 0, locale))
}

/// A date as the locale writes it: `2026年3月5日`, `Mar 5, 2026`.
pub fn date(d: NaiveDate, locale: &str) -> String {
    if locale.starts_with("zh") {
        format!("{}年{}月{}日", d.year(), d.month(), d.day())
    } else {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        format!("{} {}, {}", MONTHS[d.month0() as usize], d.day(), d.year())
    }
}

/// Parses a catalog file: a flat map of message keys to texts.
pub fn parse(text: &str) -> Result<BTreeMap<String, String>, String> {
    serde_saphyr::from_str::<BTreeMap<String, String>>(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_group_and_trim() {
        assert_eq!(number(1234.5, 1, "en"), "1,234.5");
        assert_eq!(number(1234.0, 1, "zh-CN"), "1,234");
        assert_eq!(number(0.25, 2, "en"), "0.25");
        assert_eq!(number(-0.01, 1, "en"), "0");
        assert_eq!(number(-12.0, 0, "en"), "-12");
        assert_eq!(number(1_000_000.0, 0, "en"), "1,000,000");
        assert_eq!(percent(0.5, "en"), "50%");
    }

    #[test]
    fn dates_per_locale() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(date(d, "zh-CN"), "2026年3月5日");
        assert_eq!(date(d, "en"), "Mar 5, 2026");
    }

    #[test]
    fn fill_replaces_known_placeholders_only() {
        assert_eq!(fill("{n} h of {total}", &[("n", "3")]), "3 h of {total}");
        assert_eq!(fill("open {", &[]), "open {");
    }
}
