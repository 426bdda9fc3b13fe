//! Type checking: rule files in, typed rule sets out, with every problem located in the
//! YAML file (the column within the file, not within the condition string).

use crate::diag::{Code, Diagnostic, FileId, SourceMap, Span, did_you_mean};
use crate::model::raw::{Located, Text};
use crate::model::validate::{Texts, span};
use crate::model::{LocalText, OrgModel};
use crate::rules::facts::{self, FactArgs, FactType, RatingKind, Scope, TextKind};
use crate::rules::raw::{self, Action, HitPolicy, Priority};
use crate::rules::syntax::{self, ArithOp, CmpOp, Expr, ExprKind};
use crate::rules::typed::*;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// A type-checked rule set.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RuleSet {
    pub id: String,
    pub title: LocalText,
    pub description: LocalText,
    pub scope: Scope,
    pub hit_policy: HitPolicy,
    pub complete: bool,
    pub rules: Vec<Rule>,
    pub file: FileId,
    pub span: Span,
}

/// A type-checked rule.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Rule {
    pub id: String,
    pub title: LocalText,
    pub description: LocalText,
    /// The condition as written.
    pub when: String,
    pub cond: Cond,
    pub actions: Vec<Action>,
    /// Higher wins under `hit_policy: priority`; named priorities rank by `priority_order`.
    pub priority: i64,
    /// The priority's name, when written as one.
    pub priority_label: Option<String>,
    pub tags: Vec<String>,
    pub enabled: bool,
    pub span: Span,
    /// Maps byte offsets of the condition text to the file.
    pub when_map: StrMap,
}

impl Rule {
    /// The file span of a byte range of the condition text.
    pub fn when_span(&self, range: Range<usize>) -> Span {
        self.when_map.span(range)
    }
}

/// The most `or` branches one condition may expand into.
pub const MAX_DISJUNCTS: usize = 64;

/// Maps byte offsets in a YAML string's value to byte offsets in the file that holds it.
///
/// YAML strings can be quoted, escaped, folded or block scalars, so the value's bytes are
/// aligned with the source text: each value character maps to the next equal source
/// character (a folded line break maps to its space).
#[derive(Debug, Clone)]
pub struct StrMap {
    file: FileId,
    /// File offset of each byte of the value, plus one past its end.
    offsets: Vec<usize>,
}

impl StrMap {
    pub fn new(source: &str, file: FileId, start: usize, value: &str) -> StrMap {
        let mut offsets = vec![start; value.len() + 1];
        let mut j = start.min(source.len());
        let mut limit = (start + 4 * value.len() + 256).min(source.len());
        while !source.is_char_boundary(limit) {
            limit -= 1;
        }
        let mut aligned = true;
        for (i, c) in value.char_indices() {
            if aligned {
                let found = source
                    .get(j..limit)
                    .unwrap_or_default()
                    .char_indices()
                    .find(|(_, s)| *s == c || (c == ' ' && *s == '\n'))
                    .map(|(k, s)| (j + k, s.len_utf8()));
                match found {
                    Some((at, len)) => {
                        for b in 0..c.len_utf8() {
                            offsets[i + b] = at + b.min(len - 1);
                        }
                        j = at + len;
                    }
                    None => aligned = false,
                }
            }
            if !aligned {
                for b in 0..c.len_utf8() {
                    offsets[i + b] = j;
                }
            }
        }
        offsets[value.len()] = j;
        StrMap { file, offsets }
    }

    pub fn span(&self, range: Range<usize>) -> Span {
        let at = |i: usize| self.offsets[i.min(self.offsets.len() - 1)];
        let start = at(range.start);
        let end = if range.end > range.start {
            at(range.end - 1) + 1
        } else {
            start
        };
        Span {
            file: self.file,
            start,
            end: end.max(start),
        }
    }
}

/// A parsed rule set file.
pub struct ParsedRuleSet {
    pub file: FileId,
    pub raw: raw::RuleSetFile,
}

/// Type-checks every rule set against the model.
pub fn check(
    model: &OrgModel,
    files: &[ParsedRuleSet],
    sources: &SourceMap,
    diags: &mut Vec<Diagnostic>,
) -> Vec<RuleSet> {
    let mut seen: BTreeMap<String, Span> = BTreeMap::new();
    let mut sets = Vec::new();
    for f in files {
        let id_span = span(f.file, &f.raw.id);
        if let Some(first) = seen.get(&f.raw.id.value) {
            diags.push(
                Diagnostic::new(
                    Code::DuplicateId,
                    format!("the rule set `{}` is defined twice", f.raw.id.value),
                )
                .at(id_span, "defined again here")
                .also(*first, "first defined here"),
            );
            continue;
        }
        seen.insert(f.raw.id.value.clone(), id_span);
        let mut checker = Checker {
            model,
            source: &sources.file(f.file).text,
            scope: f.raw.scope,
            file: f.file,
            diags: &mut *diags,
        };
        sets.push(checker.rule_set(&f.raw));
    }
    sets
}

struct Checker<'a> {
    model: &'a OrgModel,
    source: &'a str,
    scope: Scope,
    file: FileId,
    diags: &'a mut Vec<Diagnostic>,
}

/// The value of an expression: a fact column, or a constant still to be read in the
/// domain of whatever it is compared with.
enum Value {
    Col(TypedColumn),
    Num(f64),
    Months(f64),
    Bool(bool),
    /// A bare word or a quoted string: a label or an id, depending on what it meets.
    Word(String),
}

impl Checker<'_> {
    fn texts(&self) -> Texts<'_> {
        Texts {
            default_locale: &self.model.default_locale,
            locales: &self.model.locales,
        }
    }

    fn rule_set(&mut self, raw: &raw::RuleSetFile) -> RuleSet {
        let f = self.file;
        let mut diags = Vec::new();
        let title = self.texts().optional(f, raw.title.as_ref(), &mut diags);
        let description = self
            .texts()
            .optional(f, raw.description.as_ref(), &mut diags);
        self.diags.extend(diags);
        let order: Vec<&str> = raw
            .priority_order
            .iter()
            .map(|p| p.value.as_str())
            .collect();
        if !order.is_empty() && raw.hit_policy != HitPolicy::Priority {
            self.diags.push(
                Diagnostic::new(
                    Code::UnknownValue,
                    "`priority_order` only applies with `hit_policy: priority`",
                )
                .at(span(f, &raw.priority_order[0]), "has no effect")
                .help("remove `priority_order`, or set `hit_policy: priority`"),
            );
        }
        let mut ids: BTreeMap<&str, Span> = BTreeMap::new();
        let mut rules = Vec::new();
        for r in &raw.rules {
            let here = span(f, &r.id);
            if let Some(first) = ids.insert(&r.id.value, here) {
                self.diags.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        format!(
                            "the rule `{}` is defined twice in `{}`",
                            r.id.value, raw.id.value
                        ),
                    )
                    .at(here, "defined again here")
                    .also(first, "first defined here"),
                );
                continue;
            }
            if let Some(rule) = self.rule(r, &order) {
                rules.push(rule);
            }
        }
        RuleSet {
            id: raw.id.value.clone(),
            title,
            description,
            scope: raw.scope,
            hit_policy: raw.hit_policy,
            complete: raw.complete,
            rules,
            file: f,
            span: span(f, &raw.id),
        }
    }

    fn rule(&mut self, r: &raw::Rule, order: &[&str]) -> Option<Rule> {
        let source = self.source;
        let f = self.file;
        let mut diags = Vec::new();
        let title = self.texts().required(f, &r.title, "rule title", &mut diags);
        let description = self.texts().optional(f, r.description.as_ref(), &mut diags);
        self.diags.extend(diags);
        let map = StrMap::new(source, f, r.when.start, &r.when.value);
        let priority = r.priority.as_ref().map_or(0, |p| self.priority(p, order));
        for action in &r.then {
            self.action(action);
        }
        let cond = match syntax::parse_condition(&r.when.value) {
            Ok(expr) => self.cond(&expr, &map),
            Err(e) => {
                self.diags.push(
                    Diagnostic::new(
                        Code::ConditionSyntax,
                        format!(
                            "the condition of `{}` cannot be read: {}",
                            r.id.value, e.message
                        ),
                    )
                    .at(map.span(e.span), "here"),
                );
                None
            }
        }?;
        Some(Rule {
            id: r.id.value.clone(),
            title,
            description,
            when: r.when.value.clone(),
            cond,
            actions: r.then.iter().map(|a| a.value.clone()).collect(),
            priority,
            priority_label: r.priority.as_ref().and_then(|p| match &p.value {
                Priority::Name(n) => Some(n.clone()),
                Priority::Number(_) => None,
            }),
            tags: r.tags.clone(),
            enabled: r.enabled,
            span: span(f, &r.id),
            when_map: map,
        })
    }

    fn priority(&mut self, p: &Located<Priority>, order: &[&str]) -> i64 {
        match &p.value {
            Priority::Number(n) => *n,
            Priority::Name(name) => match order.iter().position(|o| o == name) {
                // The first name ranks highest.
                Some(i) => (order.len() - i) as i64,
                None => {
                    self.diags.push(
                        Diagnostic::new(
                            Code::UnknownValue,
                            format!("`{name}` is not in the rule set's `priority_order`"),
                        )
                        .at(span(self.file, p), "unknown priority")
                        .maybe_help(did_you_mean(name, order.iter().copied())),
                    );
                    0
                }
            },
        }
    }

    // ----- actions -----

    fn action(&mut self, a: &Located<Action>) {
        let source = self.source;
        let at = span(self.file, a);
        let competency = match &a.value {
            Action::Develop(d) => {
                if let Some(t) = &d.text {
                    self.placeholders(t, at, source);
                }
                Some(&d.competency)
            }
            Action::Recommend(r) => {
                for id in &r.ids {
                    if self.model.resource(id).is_none() {
                        self.diags.push(
                            Diagnostic::new(
                                Code::UnknownResource,
                                format!("unknown learning resource `{id}`"),
                            )
                            .at(find_after(self.source, at, id), "no resource has this id")
                            .maybe_help(did_you_mean(
                                id,
                                self.model.resources.iter().map(|r| r.id.as_str()),
                            )),
                        );
                    }
                }
                if let Some(h) = r.max_hours.filter(|h| !(h.is_finite() && *h > 0.0)) {
                    self.diags.push(
                        Diagnostic::new(
                            Code::WrongType,
                            format!("`max_hours` must be a positive number, not `{h}`"),
                        )
                        .at(at, "in this action"),
                    );
                }
                Some(&r.competency)
            }
            Action::Mentor(m) => Some(&m.competency),
            Action::Practice(p) => Some(&p.competency),
            Action::Dialogue(d) => {
                self.dialogue(d, at);
                None
            }
            Action::Flag(fl) => {
                if let Some(t) = &fl.label {
                    self.placeholders(t, at, source);
                }
                None
            }
            Action::Note(n) => {
                self.placeholders(&n.text, at, source);
                None
            }
        };
        if let Some(c) = competency {
            self.action_competency(c.as_deref(), at);
        }
    }

    fn action_competency(&mut self, c: Option<&str>, at: Span) {
        match c {
            Some(id) if self.model.competency(id).is_none() => self.diags.push(
                Diagnostic::new(
                    Code::UnknownCompetency,
                    format!("unknown competency `{id}`"),
                )
                .at(find_after(self.source, at, id), "no competency has this id")
                .maybe_help(did_you_mean(
                    id,
                    self.model.competencies.iter().map(|c| c.id.as_str()),
                )),
            ),
            None if self.scope == Scope::Employee => self.diags.push(
                Diagnostic::new(
                    Code::MissingField,
                    "this action needs a `competency` in a rule set with `scope: employee`",
                )
                .at(at, "which competency?")
                .help(
                    "add `competency: ID`, or move the rule to a rule set with `scope: competency`",
                ),
            ),
            _ => {}
        }
    }

    fn dialogue(&mut self, d: &raw::Dialogue, at: Span) {
        match (&d.guide, d.situation) {
            (Some(g), _) if !self.model.dialogue_guides.iter().any(|x| &x.id == g) => {
                self.diags.push(
                    Diagnostic::new(Code::UnknownValue, format!("unknown dialogue guide `{g}`"))
                        .at(
                            find_after(self.source, at, g),
                            "no dialogue guide has this id",
                        )
                        .maybe_help(did_you_mean(
                            g,
                            self.model.dialogue_guides.iter().map(|x| x.id.as_str()),
                        )),
                )
            }
            (None, None) => self.diags.push(
                Diagnostic::new(
                    Code::MissingField,
                    "a `dialogue` action needs a `guide` or a `situation`",
                )
                .at(at, "which questions?")
                .help("e.g. `dialogue: {situation: rating_drop}`"),
            ),
            _ => {}
        }
    }

    /// Checks the `{...}` placeholders of an action text; each must be a value rules can read.
    fn placeholders(&mut self, text: &Text, at: Span, source: &str) {
        // Placeholders are located by searching the action's text in the file.
        let strings: Vec<&str> = match text {
            Text::Plain(s) => vec![s.as_str()],
            Text::PerLocale(entries) => entries.iter().map(|(_, s)| s.as_str()).collect(),
        };
        for s in strings {
            for (_, inner) in placeholder_ranges(s) {
                let place = find_after(source, at, &format!("{{{inner}}}"));
                let place = Span {
                    start: (place.start + 1).min(place.end),
                    end: place.end.saturating_sub(1).max(place.start),
                    ..place
                };
                match syntax::parse_placeholder(inner) {
                    Ok(expr) => {
                        let map = StrMap::new(source, place.file, place.start, inner);
                        if let Some(Value::Word(w)) = self.value(&expr, &map) {
                            self.unknown_fact(&w, place);
                        }
                    }
                    Err(e) => self.diags.push(
                        Diagnostic::new(
                            Code::ConditionSyntax,
                            format!(
                                "the placeholder `{{{inner}}}` cannot be read: {}",
                                e.message
                            ),
                        )
                        .at(place, "in this text"),
                    ),
                }
            }
        }
    }

    // ----- conditions -----

    fn cond(&mut self, e: &Expr, map: &StrMap) -> Option<Cond> {
        let here = || map.span(e.span.clone());
        match &e.kind {
            ExprKind::Or(items) => self.all(items, map).map(Cond::Or),
            ExprKind::And(items) => self.all(items, map).map(Cond::And),
            ExprKind::Not(inner) => self.cond(inner, map).map(|c| Cond::Not(Box::new(c))),
            ExprKind::Bool(b) => Some(Cond::Const(*b)),
            ExprKind::Compare(op, a, b) => self.compare(*op, a, b, e, map),
            ExprKind::Between(x, lo, hi) => {
                let col = self.column_of(x, map)?;
                let lo = self
                    .value(lo, map)
                    .and_then(|v| self.number_in(&col, v, lo, map));
                let hi = self
                    .value(hi, map)
                    .and_then(|v| self.number_in(&col, v, hi, map));
                if !col.domain.is_numeric() {
                    return self.mismatch(
                        here(),
                        format!(
                            "`between` needs numbers, but `{}` is a {}",
                            col.column,
                            col.domain.name()
                        ),
                    );
                }
                Some(self.atom(col, AtomTest::Between(lo?, hi?), e))
            }
            ExprKind::In {
                value,
                list,
                negated,
            } => {
                let col = self.column_of(value, map)?;
                let mut lits = Vec::new();
                for item in list {
                    let v = self.value(item, map)?;
                    lits.push(self.literal(&col, v, item, map)?);
                }
                let atom = self.atom(col, AtomTest::In(lits), e);
                Some(if *negated {
                    Cond::Not(Box::new(atom))
                } else {
                    atom
                })
            }
            ExprKind::Missing { value, negated } => {
                let col = self.column_of(value, map)?;
                let atom = self.atom(col, AtomTest::Missing, e);
                Some(if *negated {
                    Cond::Not(Box::new(atom))
                } else {
                    atom
                })
            }
            ExprKind::Call { name, args, .. } if name == "known" => {
                let [arg] = args.as_slice() else {
                    return self
                        .mismatch(here(), "`known` takes one fact, e.g. `known(level)`".into());
                };
                let col = self.column_of(&arg.value, map)?;
                Some(Cond::Not(Box::new(self.atom(col, AtomTest::Missing, e))))
            }
            _ => match self.value(e, map)? {
                Value::Col(col) if col.domain == Domain::Bool => {
                    Some(self.atom(col, AtomTest::Cmp(CmpOp::Eq, Lit::Num(1.0)), e))
                }
                Value::Col(col) => self.mismatch(
                    here(),
                    format!(
                        "`{}` is a {}, not a condition",
                        col.column,
                        col.domain.name()
                    ),
                ),
                Value::Word(w) => {
                    self.unknown_fact(&w, here());
                    None
                }
                _ => self.mismatch(here(), "a constant is not a condition".into()),
            },
        }
    }

    fn all(&mut self, items: &[Expr], map: &StrMap) -> Option<Vec<Cond>> {
        // Check every branch, so all problems are reported, then give up if any failed.
        let checked: Vec<Option<Cond>> = items.iter().map(|i| self.cond(i, map)).collect();
        checked.into_iter().collect()
    }

    fn atom(&self, column: TypedColumn, test: AtomTest, e: &Expr) -> Cond {
        Cond::Atom(Atom {
            column,
            test,
            span: e.span.clone(),
        })
    }

    fn compare(&mut self, op: CmpOp, a: &Expr, b: &Expr, e: &Expr, map: &StrMap) -> Option<Cond> {
        let va = self.value(a, map);
        let vb = self.value(b, map);
        let (va, vb) = (va?, vb?);
        match (va, vb) {
            // Two facts: compare their difference with 0 (`level >= required` is
            // `level - required >= 0`), which keeps one column per test.
            (Value::Col(x), Value::Col(y)) if x.domain.is_numeric() && y.domain.is_numeric() => {
                let at = map.span(e.span.clone());
                match self.arith(ArithOp::Sub, Value::Col(x), Value::Col(y), at)? {
                    Value::Col(diff) => Some(self.atom(diff, AtomTest::Cmp(op, Lit::Num(0.0)), e)),
                    _ => None,
                }
            }
            (Value::Col(col), v) => {
                let lit = self.literal(&col, v, b, map)?;
                Some(self.atom(col, AtomTest::Cmp(op, lit), e))
            }
            (v, Value::Col(col)) => {
                let lit = self.literal(&col, v, a, map)?;
                Some(self.atom(col, AtomTest::Cmp(op.flipped(), lit), e))
            }
            (Value::Word(w), _) => {
                self.unknown_fact(&w, map.span(a.span.clone()));
                None
            }
            (_, Value::Word(w)) => {
                self.unknown_fact(&w, map.span(b.span.clone()));
                None
            }
            _ => self.mismatch(
                map.span(e.span.clone()),
                "this comparison does not involve any fact".into(),
            ),
        }
    }

    /// The expression as a fact column; reports it when it is a constant or unknown.
    fn column_of(&mut self, e: &Expr, map: &StrMap) -> Option<TypedColumn> {
        match self.value(e, map)? {
            Value::Col(c) => Some(c),
            Value::Word(w) => {
                self.unknown_fact(&w, map.span(e.span.clone()));
                None
            }
            _ => self.mismatch(
                map.span(e.span.clone()),
                "expected a fact here, not a constant".into(),
            ),
        }
    }

    /// A constant read in the column's domain, for a test of that column.
    fn literal(&mut self, col: &TypedColumn, v: Value, e: &Expr, map: &StrMap) -> Option<Lit> {
        let at = map.span(e.span.clone());
        match (&col.domain, v) {
            (_, Value::Col(other)) => self.mismatch(
                at,
                format!(
                    "`{}` is compared with another fact, `{}`; compare it with a value",
                    col.column, other.column
                ),
            ),
            (Domain::Bool, Value::Bool(b)) => Some(Lit::Num(f64::from(u8::from(b)))),
            (Domain::Rating { scale, labels }, v @ (Value::Word(_) | Value::Num(_))) => {
                let label = match v {
                    Value::Word(w) => w,
                    Value::Num(n) => n.to_string(),
                    _ => String::new(),
                };
                match labels.iter().position(|l| *l == label) {
                    Some(rank) => Some(Lit::Num(rank as f64)),
                    None => {
                        self.diags.push(
                            Diagnostic::new(
                                Code::UnknownRatingValue,
                                format!("`{label}` is not a label of the rating scale `{scale}`"),
                            )
                            .at(at, "not on the scale")
                            .maybe_help(did_you_mean(&label, labels.iter().map(String::as_str)))
                            .note(format!(
                                "the labels of `{scale}`, lowest first: {}",
                                labels.join(", ")
                            )),
                        );
                        None
                    }
                }
            }
            (Domain::Text(kind), Value::Word(w)) => self.text_value(*kind, w, at).map(Lit::Text),
            (Domain::Int | Domain::Num, Value::Num(n))
            | (Domain::Months, Value::Num(n) | Value::Months(n)) => Some(Lit::Num(n)),
            (domain, v) => {
                let what = match v {
                    Value::Num(_) => "a number",
                    Value::Months(_) => "a duration",
                    Value::Bool(_) => "true/false",
                    Value::Word(_) => "text",
                    Value::Col(_) => "a fact",
                };
                self.mismatch(
                    at,
                    format!(
                        "`{}` is a {}, but this is {what}",
                        col.column,
                        domain.name()
                    ),
                )
            }
        }
    }

    fn number_in(&mut self, col: &TypedColumn, v: Value, e: &Expr, map: &StrMap) -> Option<f64> {
        match self.literal(col, v, e, map)? {
            Lit::Num(n) => Some(n),
            Lit::Text(_) => None,
        }
    }

    /// Checks an id or category against the model. Teams are not in the model.
    fn text_value(&mut self, kind: TextKind, w: String, at: Span) -> Option<String> {
        let m = self.model;
        let (known, code, noun): (Vec<&str>, Code, &str) = match kind {
            TextKind::Team => return Some(w),
            TextKind::Role => (
                m.roles.iter().map(|r| r.id.as_str()).collect(),
                Code::UnknownRole,
                "role",
            ),
            TextKind::RoleFamily => (
                m.role_families.iter().map(|r| r.id.as_str()).collect(),
                Code::UnknownRoleFamily,
                "role family",
            ),
            TextKind::Competency => (
                m.competencies.iter().map(|c| c.id.as_str()).collect(),
                Code::UnknownCompetency,
                "competency",
            ),
            TextKind::Category => (
                m.competencies
                    .iter()
                    .filter_map(|c| c.category.as_deref())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect(),
                Code::UnknownValue,
                "competency category",
            ),
        };
        if known.contains(&w.as_str()) {
            return Some(w);
        }
        self.diags.push(
            Diagnostic::new(code, format!("unknown {noun} `{w}`"))
                .at(at, format!("no {noun} has this id"))
                .maybe_help(did_you_mean(&w, known.iter().copied())),
        );
        None
    }

    fn unknown_fact(&mut self, name: &str, at: Span) {
        self.diags.push(
            Diagnostic::new(Code::UnknownFact, format!("unknown fact `{name}`"))
                .at(at, "not a fact rules can test")
                .maybe_help(did_you_mean(name, facts::FACTS.iter().map(|f| f.name)))
                .note("the facts are listed in docs/facts.md"),
        );
    }

    fn mismatch<T>(&mut self, at: Span, message: String) -> Option<T> {
        self.diags
            .push(Diagnostic::new(Code::TypeMismatch, message).at(at, "type mismatch"));
        None
    }

    // ----- values -----

    fn value(&mut self, e: &Expr, map: &StrMap) -> Option<Value> {
        let at = map.span(e.span.clone());
        match &e.kind {
            ExprKind::Number(n) => Some(Value::Num(*n)),
            ExprKind::Months(m) => Some(Value::Months(*m)),
            ExprKind::Bool(b) => Some(Value::Bool(*b)),
            ExprKind::Str(s) => Some(Value::Word(s.clone())),
            ExprKind::Ident(name) => Some(match facts::lookup(name) {
                Some(decl) if decl.args == FactArgs::None => {
                    Value::Col(self.fact_column(decl, at)?)
                }
                Some(_) => {
                    return self
                        .mismatch(at, format!("`{name}` needs arguments, e.g. `{name}(...)`"));
                }
                None => Value::Word(name.clone()),
            }),
            ExprKind::Neg(inner) => match self.value(inner, map)? {
                Value::Num(n) => Some(Value::Num(-n)),
                Value::Months(n) => Some(Value::Months(-n)),
                Value::Col(c)
                    if c.domain.is_numeric()
                        && !matches!(c.domain, Domain::Rating { .. } | Domain::Bool) =>
                {
                    Some(Value::Col(TypedColumn {
                        column: Column::Neg(Box::new(c.column)),
                        ..c
                    }))
                }
                _ => self.mismatch(at, "only numbers can be negated".into()),
            },
            ExprKind::Arith(op, a, b) => {
                let va = self.value(a, map);
                let vb = self.value(b, map);
                self.arith(*op, va?, vb?, at)
            }
            ExprKind::Call {
                name,
                name_span,
                args,
            } => self
                .call(name, map.span(name_span.clone()), args, at, map)
                .map(Value::Col),
            _ => self.mismatch(at, "a condition cannot be used as a value here".into()),
        }
    }

    fn fact_column(&mut self, decl: &'static facts::FactDecl, at: Span) -> Option<TypedColumn> {
        if decl.scope == Scope::Competency && self.scope == Scope::Employee {
            self.diags.push(
                Diagnostic::new(Code::FactOutOfScope, format!("`{}` is a competency fact, but this rule set has `scope: employee`", decl.name))
                    .at(at, "only in competency scope")
                    .help("move the rule to a rule set with `scope: competency`, or use `count_gaps(...)`"),
            );
            return None;
        }
        Some(TypedColumn {
            column: Column::Fact(decl.name),
            domain: self.domain(decl.ty),
            may_be_unknown: decl.may_be_unknown,
        })
    }

    fn domain(&self, ty: FactType) -> Domain {
        Domain::from_fact(ty, |kind| {
            let scale_id = match kind {
                RatingKind::Overall => self.model.ratings.overall.clone(),
                RatingKind::Goal => self.model.ratings.goal.clone(),
            };
            let labels = scale_id
                .as_deref()
                .and_then(|s| self.model.rating_scale(s))
                .map(|s| s.labels.clone())
                .unwrap_or_default();
            (scale_id.unwrap_or_default(), labels)
        })
    }

    fn arith(&mut self, op: ArithOp, a: Value, b: Value, at: Span) -> Option<Value> {
        let num = |v: &Value| match v {
            Value::Num(n) | Value::Months(n) => Some(*n),
            _ => None,
        };
        if let (Some(x), Some(y)) = (num(&a), num(&b)) {
            let r = match op {
                ArithOp::Add => x + y,
                ArithOp::Sub => x - y,
                ArithOp::Mul => x * y,
                ArithOp::Div => x / y,
            };
            let months = matches!(a, Value::Months(_)) || matches!(b, Value::Months(_));
            return Some(if months {
                Value::Months(r)
            } else {
                Value::Num(r)
            });
        }
        let as_column = |v: Value| -> Option<(Column, Option<Domain>)> {
            match v {
                Value::Col(c) => Some((c.column, Some(c.domain))),
                Value::Num(n) => Some((Column::Const(n), None)),
                Value::Months(n) => Some((Column::Const(n), Some(Domain::Months))),
                _ => None,
            }
        };
        let unknown = matches!(&a, Value::Col(c) if c.may_be_unknown)
            || matches!(&b, Value::Col(c) if c.may_be_unknown);
        let (Some((ca, da)), Some((cb, db))) = (as_column(a), as_column(b)) else {
            return self.mismatch(at, "arithmetic needs numbers".into());
        };
        let domain = match (da, db) {
            (Some(Domain::Rating { scale: s1, .. }), Some(Domain::Rating { scale: s2, .. }))
                if s1 == s2 && op == ArithOp::Sub =>
            {
                Domain::Int
            }
            (Some(Domain::Rating { .. } | Domain::Text(_) | Domain::Bool), _)
            | (_, Some(Domain::Rating { .. } | Domain::Text(_) | Domain::Bool)) => {
                return self.mismatch(
                    at,
                    "arithmetic needs numbers (two ratings on the same scale may be subtracted)"
                        .into(),
                );
            }
            (Some(Domain::Months), _) | (_, Some(Domain::Months)) => Domain::Months,
            (Some(Domain::Num), _) | (_, Some(Domain::Num)) => Domain::Num,
            _ if op == ArithOp::Div => Domain::Num,
            _ => Domain::Int,
        };
        Some(Value::Col(TypedColumn {
            column: Column::Arith(op, Box::new(ca), Box::new(cb)),
            domain,
            may_be_unknown: unknown,
        }))
    }

    fn call(
        &mut self,
        name: &str,
        name_at: Span,
        args: &[syntax::Arg],
        at: Span,
        map: &StrMap,
    ) -> Option<TypedColumn> {
        let Some(decl) = facts::lookup(name).filter(|d| d.args != FactArgs::None) else {
            self.diags.push(
                Diagnostic::new(Code::UnknownFact, format!("unknown function `{name}`"))
                    .at(name_at, "not a function rules can call")
                    .maybe_help(did_you_mean(
                        name,
                        facts::FACTS
                            .iter()
                            .filter(|f| f.args != FactArgs::None)
                            .map(|f| f.name)
                            .chain(["known"]),
                    )),
            );
            return None;
        };
        let word = |e: &Expr| match &e.kind {
            ExprKind::Ident(s) | ExprKind::Str(s) => Some(s.clone()),
            _ => None,
        };
        let column = match (decl.args, args) {
            (FactArgs::Rating, [a])
                if a.name.is_none() && word(&a.value).as_deref() == Some("overall") =>
            {
                Column::Rating(if name == "rating" {
                    RatingRef::Overall
                } else {
                    RatingRef::PreviousOverall
                })
            }
            (FactArgs::Rating, [a])
                if name == "rating" && a.name.as_ref().is_some_and(|n| n.0 == "goal") =>
            {
                let id = word(&a.value)?;
                if self.model.goal_template(&id).is_none() {
                    self.diags.push(
                        Diagnostic::new(
                            Code::UnknownGoalTemplate,
                            format!("unknown goal template `{id}`"),
                        )
                        .at(
                            map.span(a.value.span.clone()),
                            "no goal template has this id",
                        )
                        .maybe_help(did_you_mean(
                            &id,
                            self.model.goal_templates.iter().map(|g| g.id.as_str()),
                        )),
                    );
                    return None;
                }
                return Some(TypedColumn {
                    column: Column::Rating(RatingRef::Goal(id)),
                    domain: self.domain(FactType::Rating(RatingKind::Goal)),
                    may_be_unknown: true,
                });
            }
            (FactArgs::Resource, [a]) if a.name.is_none() => {
                let id = word(&a.value)?;
                if self.model.resource(&id).is_none() {
                    self.diags.push(
                        Diagnostic::new(
                            Code::UnknownResource,
                            format!("unknown learning resource `{id}`"),
                        )
                        .at(map.span(a.value.span.clone()), "no resource has this id")
                        .maybe_help(did_you_mean(
                            &id,
                            self.model.resources.iter().map(|r| r.id.as_str()),
                        )),
                    );
                    return None;
                }
                Column::Completed(id)
            }
            (FactArgs::CountGaps, _) => self.count_gaps(args, at)?,
            _ => {
                let usage = match decl.args {
                    FactArgs::Rating if name == "rating" => {
                        "`rating(overall)` or `rating(goal: ID)`"
                    }
                    FactArgs::Rating => "`previous_rating(overall)`",
                    FactArgs::Resource => "`completed(RESOURCE_ID)`",
                    _ => "`count_gaps(at_least: N)`",
                };
                return self.mismatch(at, format!("wrong arguments: write {usage}"));
            }
        };
        Some(TypedColumn {
            column,
            domain: self.domain(decl.ty),
            may_be_unknown: decl.may_be_unknown,
        })
    }

    fn count_gaps(&mut self, args: &[syntax::Arg], at: Span) -> Option<Column> {
        let mut at_least = None;
        let mut critical = false;
        for a in args {
            match (a.name.as_ref().map(|n| n.0.as_str()), &a.value.kind) {
                (Some("at_least"), ExprKind::Number(n)) if n.fract() == 0.0 => at_least = Some(*n as i64),
                (Some("critical"), ExprKind::Bool(b)) => critical = *b,
                _ => return self.mismatch(at, "wrong arguments: write `count_gaps(at_least: N)` or `count_gaps(at_least: N, critical: true)`".into()),
            }
        }
        let Some(at_least) = at_least else {
            return self.mismatch(at, "`count_gaps` needs `at_least: N`".into());
        };
        Some(Column::CountGaps { at_least, critical })
    }
}

/// Where `needle` first appears in the action that starts at `at` (actions are located by
/// their start only); the action's start when it cannot be found nearby.
fn find_after(source: &str, at: Span, needle: &str) -> Span {
    let window = source.get(at.start..).unwrap_or_default();
    let window = &window[..window
        .char_indices()
        .nth(2000)
        .map_or(window.len(), |(i, _)| i)];
    window.find(needle).map_or(at, |k| Span {
        file: at.file,
        start: at.start + k,
        end: at.start + k + needle.len(),
    })
}

/// The `{...}` placeholders of a text: byte offset of the inside and the inside.
pub fn placeholder_ranges(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut rest = 0;
    while let Some(open) = s[rest..].find('{') {
        let start = rest + open + 1;
        let Some(close) = s[start..].find('}') else {
            break;
        };
        out.push((start, &s[start..start + close]));
        rest = start + close + 1;
    }
    out
}

/// The typed column of a `{...}` placeholder, for filling action texts at plan time; `None`
/// when it is not a value rules can read (the checker reports those at compile time).
pub fn resolve_placeholder(model: &OrgModel, scope: Scope, text: &str) -> Option<TypedColumn> {
    let expr = syntax::parse_placeholder(text).ok()?;
    let mut sources = SourceMap::default();
    let file = sources.add("placeholder", text);
    let mut diags = Vec::new();
    let mut checker = Checker {
        model,
        source: text,
        scope,
        file,
        diags: &mut diags,
    };
    let map = StrMap::new(text, file, 0, text);
    match checker.value(&expr, &map)? {
        Value::Col(c) => Some(c),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_map_follows_quotes_and_folds() {
        let mut sources = SourceMap::default();
        let text = "when: \"gap >= 2\"\nalso: >-\n  critical and\n  gap > 1\n";
        let f = sources.add("r.yaml", text);
        let m = StrMap::new(text, f, 6, "gap >= 2");
        let s = m.span(4..6);
        assert_eq!(&text[s.start..s.end], ">=");
        let start = text.find(">-").unwrap();
        let m = StrMap::new(text, f, start, "critical and gap > 1");
        let s = m.span(13..16);
        assert_eq!(&text[s.start..s.end], "gap");
    }

    #[test]
    fn placeholders_are_found() {
        assert_eq!(
            placeholder_ranges("当前{level}级，要求{required}级"),
            vec![(7, "level"), (26, "required")]
        );
    }
}
