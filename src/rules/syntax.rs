//! The condition language: its syntax tree and the parser built from `condition.pest`.
//!
//! Spans are byte ranges within the condition text; the checker maps them into the file.

use pest::Parser as _;
use pest::iterators::Pair;
use std::ops::Range;

#[derive(pest_derive::Parser)]
#[grammar = "rules/condition.pest"]
struct ConditionParser;

/// A node of a condition, with its byte range in the condition text.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum CmpOp {
    Eq,
    Ne,
    Ge,
    Gt,
    Le,
    Lt,
}

impl CmpOp {
    /// The operator with its operands swapped (`3 < x` is `x > 3`).
    pub fn flipped(self) -> CmpOp {
        match self {
            CmpOp::Ge => CmpOp::Le,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Lt => CmpOp::Gt,
            other => other,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

impl ArithOp {
    pub fn symbol(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div => "/",
        }
    }
}

/// A call argument, positional or named (`goal: q3_revenue`).
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    pub name: Option<(String, Range<usize>)>,
    pub value: Expr,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    Compare(CmpOp, Box<Expr>, Box<Expr>),
    Between(Box<Expr>, Box<Expr>, Box<Expr>),
    In {
        value: Box<Expr>,
        list: Vec<Expr>,
        negated: bool,
    },
    Missing {
        value: Box<Expr>,
        negated: bool,
    },
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    Neg(Box<Expr>),
    Number(f64),
    /// A duration, in months.
    Months(f64),
    Str(String),
    Bool(bool),
    Ident(String),
    Call {
        name: String,
        name_span: Range<usize>,
        args: Vec<Arg>,
    },
}

/// A syntax error: where and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Range<usize>,
    pub message: String,
}

/// Parses a whole condition (`when:`).
pub fn parse_condition(text: &str) -> Result<Expr, SyntaxError> {
    parse(text, Rule::condition)
}

/// Parses a placeholder of an action text (`{level}`): a value, not a condition.
pub fn parse_placeholder(text: &str) -> Result<Expr, SyntaxError> {
    parse(text, Rule::placeholder)
}

fn parse(text: &str, rule: Rule) -> Result<Expr, SyntaxError> {
    let mut pairs = ConditionParser::parse(rule, text).map_err(|e| syntax_error(text, &e))?;
    let top = pairs.next().and_then(|p| p.into_inner().next());
    match top {
        Some(p) => Ok(build(p)),
        None => Err(SyntaxError {
            span: 0..text.len(),
            message: "the condition is empty".into(),
        }),
    }
}

fn syntax_error(text: &str, e: &pest::error::Error<Rule>) -> SyntaxError {
    let at = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let expected = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => describe_expected(positives),
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    let found = text[at..].split_whitespace().next().unwrap_or("");
    let message = if found.is_empty() {
        format!("the condition ends too early: expected {expected}")
    } else {
        format!("unexpected `{found}`: expected {expected}")
    };
    SyntaxError {
        span: at..at + found.len(),
        message,
    }
}

fn describe_expected(rules: &[Rule]) -> String {
    let mut words: Vec<&str> = rules
        .iter()
        .map(|r| match r {
            Rule::cmp_op => "a comparison such as `>=`",
            Rule::and_kw => "`and`",
            Rule::or_kw => "`or`",
            Rule::in_kw | Rule::not_kw => "`in`",
            Rule::between_kw => "`between`",
            Rule::is_kw => "`is missing`",
            Rule::missing_kw => "`missing`",
            Rule::add_op | Rule::mul_op => "an operator",
            Rule::EOI => "the end of the condition",
            _ => "a fact, a number or a value",
        })
        .collect();
    words.sort_unstable();
    words.dedup();
    match words.as_slice() {
        [] => "something else".into(),
        [one] => (*one).into(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn span_of(p: &Pair<Rule>) -> Range<usize> {
    let s = p.as_span();
    s.start()..s.end()
}

fn node(kind: ExprKind, span: Range<usize>) -> Expr {
    Expr { kind, span }
}

// INVARIANT: `build` only sees pairs produced by the grammar, so the shape of each rule's
// children is known; missing children would be a grammar bug, not user input.
fn build(p: Pair<Rule>) -> Expr {
    let span = span_of(&p);
    match p.as_rule() {
        Rule::expr => fold_list(p, ExprKind::Or),
        Rule::conjunct => fold_list(p, ExprKind::And),
        Rule::negation => {
            let mut inner: Vec<Pair<Rule>> = p.into_inner().collect();
            let predicate = build(
                inner
                    .pop()
                    .expect("grammar: negation ends with a predicate"),
            );
            inner.iter().rev().fold(predicate, |e, not| {
                let s = span_of(not).start..e.span.end;
                node(ExprKind::Not(Box::new(e)), s)
            })
        }
        Rule::predicate => {
            let mut inner = p.into_inner();
            let value = build(inner.next().expect("grammar: predicate starts with a sum"));
            match inner.next() {
                None => value,
                Some(suffix) => build_suffix(value, suffix, span),
            }
        }
        Rule::sum | Rule::product => {
            let mut inner = p.into_inner();
            let first = build(inner.next().expect("grammar: operand"));
            let mut acc = first;
            while let (Some(op), Some(rhs)) = (inner.next(), inner.next()) {
                let op = match op.as_str() {
                    "+" => ArithOp::Add,
                    "-" => ArithOp::Sub,
                    "*" => ArithOp::Mul,
                    _ => ArithOp::Div,
                };
                let rhs = build(rhs);
                let s = acc.span.start..rhs.span.end;
                acc = node(ExprKind::Arith(op, Box::new(acc), Box::new(rhs)), s);
            }
            acc
        }
        Rule::unary => {
            let mut inner: Vec<Pair<Rule>> = p.into_inner().collect();
            let value = build(inner.pop().expect("grammar: unary ends with a primary"));
            inner.iter().rev().fold(value, |e, neg| {
                let s = span_of(neg).start..e.span.end;
                node(ExprKind::Neg(Box::new(e)), s)
            })
        }
        Rule::number => node(ExprKind::Number(p.as_str().parse().unwrap_or(0.0)), span),
        Rule::duration => {
            let mut inner = p.into_inner();
            let n: f64 = inner
                .next()
                .map_or(0.0, |n| n.as_str().parse().unwrap_or(0.0));
            let months = match inner.next().map(|u| u.as_str()) {
                Some("y") => n * 12.0,
                Some("w") => n * 7.0 / 30.4375,
                Some("d") => n / 30.4375,
                _ => n,
            };
            node(ExprKind::Months(months), span)
        }
        Rule::string => {
            let text = p.into_inner().next().map_or("", |t| t.as_str()).to_owned();
            node(ExprKind::Str(text), span)
        }
        Rule::boolean => node(ExprKind::Bool(p.as_str() == "true"), span),
        Rule::ident => node(ExprKind::Ident(p.as_str().to_owned()), span),
        Rule::call => {
            let mut inner = p.into_inner();
            let name = inner.next().expect("grammar: call starts with a name");
            let args = inner
                .map(|arg| {
                    let mut parts: Vec<Pair<Rule>> = arg.into_inner().collect();
                    let value = build(parts.pop().expect("grammar: argument value"));
                    let name = parts.pop().map(|n| (n.as_str().to_owned(), span_of(&n)));
                    Arg { name, value }
                })
                .collect();
            node(
                ExprKind::Call {
                    name: name.as_str().to_owned(),
                    name_span: span_of(&name),
                    args,
                },
                span,
            )
        }
        // Only reachable through a grammar change; keep the text as an identifier.
        _ => node(ExprKind::Ident(p.as_str().to_owned()), span),
    }
}

fn fold_list(p: Pair<Rule>, make: fn(Vec<Expr>) -> ExprKind) -> Expr {
    let span = span_of(&p);
    let mut items: Vec<Expr> = p
        .into_inner()
        .filter(|q| !matches!(q.as_rule(), Rule::and_kw | Rule::or_kw))
        .map(build)
        .collect();
    if items.len() == 1 {
        return items.remove(0);
    }
    node(make(items), span)
}

fn build_suffix(value: Expr, suffix: Pair<Rule>, span: Range<usize>) -> Expr {
    let rule = suffix.as_rule();
    let mut inner = suffix.into_inner();
    let kind = match rule {
        Rule::comparison => {
            let op = match inner.next().map(|o| o.as_str()) {
                Some("==" | "=") => CmpOp::Eq,
                Some("!=") => CmpOp::Ne,
                Some(">=") => CmpOp::Ge,
                Some(">") => CmpOp::Gt,
                Some("<=") => CmpOp::Le,
                _ => CmpOp::Lt,
            };
            let rhs = build(inner.next().expect("grammar: comparison operand"));
            ExprKind::Compare(op, Box::new(value), Box::new(rhs))
        }
        Rule::between => {
            let mut bounds = inner.filter(|q| q.as_rule() == Rule::sum).map(build);
            let lo = bounds.next().expect("grammar: between low");
            let hi = bounds.next().expect("grammar: between high");
            ExprKind::Between(Box::new(value), Box::new(lo), Box::new(hi))
        }
        Rule::membership => {
            let mut negated = false;
            let mut list = Vec::new();
            for q in inner {
                match q.as_rule() {
                    Rule::not_kw => negated = true,
                    Rule::sum => list.push(build(q)),
                    _ => {}
                }
            }
            ExprKind::In {
                value: Box::new(value),
                list,
                negated,
            }
        }
        _ => {
            let negated = inner.any(|q| q.as_rule() == Rule::not_kw);
            ExprKind::Missing {
                value: Box::new(value),
                negated,
            }
        }
    };
    node(kind, span)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(e: &Expr) -> String {
        match &e.kind {
            ExprKind::Or(v) => {
                format!("or({})", v.iter().map(shape).collect::<Vec<_>>().join(", "))
            }
            ExprKind::And(v) => format!(
                "and({})",
                v.iter().map(shape).collect::<Vec<_>>().join(", ")
            ),
            ExprKind::Not(x) => format!("not({})", shape(x)),
            ExprKind::Compare(op, a, b) => format!("{op:?}({}, {})", shape(a), shape(b)),
            ExprKind::Between(a, b, c) => {
                format!("between({}, {}, {})", shape(a), shape(b), shape(c))
            }
            ExprKind::In {
                value,
                list,
                negated,
            } => {
                format!(
                    "in{}({}, [{}])",
                    if *negated { "!" } else { "" },
                    shape(value),
                    list.iter().map(shape).collect::<Vec<_>>().join(", ")
                )
            }
            ExprKind::Missing { value, negated } => format!(
                "missing{}({})",
                if *negated { "!" } else { "" },
                shape(value)
            ),
            ExprKind::Arith(op, a, b) => format!("({} {} {})", shape(a), op.symbol(), shape(b)),
            ExprKind::Neg(x) => format!("-{}", shape(x)),
            ExprKind::Number(n) => n.to_string(),
            ExprKind::Months(m) => format!("{m}mo"),
            ExprKind::Str(s) => format!("{s:?}"),
            ExprKind::Bool(b) => b.to_string(),
            ExprKind::Ident(i) => i.clone(),
            ExprKind::Call { name, args, .. } => format!(
                "{name}({})",
                args.iter()
                    .map(|a| match &a.name {
                        Some((n, _)) => format!("{n}: {}", shape(&a.value)),
                        None => shape(&a.value),
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    #[test]
    fn precedence_and_keywords() {
        let e = parse_condition("critical and gap >= 2 or not level in [1, 2]").unwrap();
        assert_eq!(
            shape(&e),
            "or(and(critical, Ge(gap, 2)), not(in(level, [1, 2])))"
        );
        let e = parse_condition("tenure_months >= 6mo and rating(goal: q3) between C and 超出期望")
            .unwrap();
        assert_eq!(
            shape(&e),
            "and(Ge(tenure_months, 6mo), between(rating(goal: q3), C, 超出期望))"
        );
        let e = parse_condition("level is not missing and required - level * 2 > -1").unwrap();
        assert_eq!(
            shape(&e),
            "and(missing!(level), Gt((required - (level * 2)), -1))"
        );
    }

    #[test]
    fn identifiers_may_start_with_keywords() {
        let e = parse_condition("order_count > 1 and island == 'x'").unwrap();
        assert_eq!(shape(&e), "and(Gt(order_count, 1), Eq(island, \"x\"))");
    }

    #[test]
    fn errors_point_at_the_offending_token() {
        let e = parse_condition("gap >= and level").unwrap_err();
        assert_eq!(e.span, 7..10);
        assert!(e.message.starts_with("unexpected `and`"), "{}", e.message);
        let e = parse_condition("gap >=").unwrap_err();
        assert!(
            e.message.starts_with("the condition ends too early"),
            "{}",
            e.message
        );
    }

    #[test]
    fn spans_cover_the_node() {
        let text = "critical and gap >= 2";
        let e = parse_condition(text).unwrap();
        let ExprKind::And(items) = &e.kind else {
            panic!()
        };
        assert_eq!(&text[items[1].span.clone()], "gap >= 2");
    }
}
