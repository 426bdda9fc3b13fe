//! Cells of a decision table: the unary test of one row on one column, as a set of values
//! (a union of intervals for numbers, a finite or co-finite set for text) plus what the test
//! says about an unknown value.

use serde::Serialize;
use std::collections::BTreeSet;

/// The truth of a test on an unknown value (Kleene's three-valued logic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    pub fn negated(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }

    pub fn and(self, other: Truth) -> Truth {
        match (self, other) {
            (Truth::False, _) | (_, Truth::False) => Truth::False,
            (Truth::Unknown, _) | (_, Truth::Unknown) => Truth::Unknown,
            _ => Truth::True,
        }
    }
}

/// An interval of numbers; bounds may be infinite.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub lo: f64,
    pub lo_closed: bool,
    pub hi: f64,
    pub hi_closed: bool,
}

impl Interval {
    pub const ALL: Interval = Interval {
        lo: f64::NEG_INFINITY,
        lo_closed: false,
        hi: f64::INFINITY,
        hi_closed: false,
    };

    pub fn point(v: f64) -> Interval {
        Interval {
            lo: v,
            lo_closed: true,
            hi: v,
            hi_closed: true,
        }
    }

    pub fn contains(&self, v: f64) -> bool {
        (v > self.lo || (self.lo_closed && v == self.lo))
            && (v < self.hi || (self.hi_closed && v == self.hi))
    }

    fn is_empty(&self) -> bool {
        self.lo > self.hi || (self.lo == self.hi && !(self.lo_closed && self.hi_closed))
    }

    /// The whole numbers of the interval, as a closed interval (possibly empty).
    fn to_integers(self) -> Interval {
        let lo = if self.lo.is_infinite() {
            self.lo
        } else if self.lo_closed {
            self.lo.ceil()
        } else {
            self.lo.floor() + 1.0
        };
        let hi = if self.hi.is_infinite() {
            self.hi
        } else if self.hi_closed {
            self.hi.floor()
        } else {
            self.hi.ceil() - 1.0
        };
        Interval {
            lo,
            lo_closed: lo.is_finite(),
            hi,
            hi_closed: hi.is_finite(),
        }
    }
}

/// A union of disjoint intervals, sorted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct NumSet(pub Vec<Interval>);

impl NumSet {
    pub fn all() -> NumSet {
        NumSet(vec![Interval::ALL])
    }

    pub fn empty() -> NumSet {
        NumSet(Vec::new())
    }

    /// A normalised set: empty pieces dropped, overlapping or touching pieces merged, and on
    /// integral domains every piece turned into closed whole-number bounds.
    pub fn new(mut pieces: Vec<Interval>, integral: bool) -> NumSet {
        if integral {
            pieces = pieces.into_iter().map(Interval::to_integers).collect();
        }
        pieces.retain(|p| !p.is_empty());
        pieces.sort_by(|a, b| a.lo.total_cmp(&b.lo).then(b.lo_closed.cmp(&a.lo_closed)));
        let mut out: Vec<Interval> = Vec::with_capacity(pieces.len());
        for p in pieces {
            if let Some(last) = out.last_mut() {
                let touches = p.lo < last.hi
                    || (p.lo == last.hi && (p.lo_closed || last.hi_closed))
                    || (integral && p.lo == last.hi + 1.0);
                if touches {
                    if p.hi > last.hi || (p.hi == last.hi && p.hi_closed) {
                        last.hi = p.hi;
                        last.hi_closed = p.hi_closed;
                    }
                    continue;
                }
            }
            out.push(p);
        }
        NumSet(out)
    }

    pub fn contains(&self, v: f64) -> bool {
        self.0.iter().any(|i| i.contains(v))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn complement(&self, integral: bool) -> NumSet {
        let mut out = Vec::new();
        let mut lo = f64::NEG_INFINITY;
        let mut lo_closed = false;
        for i in &self.0 {
            out.push(Interval {
                lo,
                lo_closed,
                hi: i.lo,
                hi_closed: !i.lo_closed,
            });
            lo = i.hi;
            lo_closed = !i.hi_closed;
        }
        out.push(Interval {
            lo,
            lo_closed,
            hi: f64::INFINITY,
            hi_closed: false,
        });
        NumSet::new(out, integral)
    }

    pub fn intersect(&self, other: &NumSet, integral: bool) -> NumSet {
        let mut out = Vec::new();
        for a in &self.0 {
            for b in &other.0 {
                let (lo, lo_closed) = if a.lo > b.lo || (a.lo == b.lo && !a.lo_closed) {
                    (a.lo, a.lo_closed)
                } else {
                    (b.lo, b.lo_closed)
                };
                let (hi, hi_closed) = if a.hi < b.hi || (a.hi == b.hi && !a.hi_closed) {
                    (a.hi, a.hi_closed)
                } else {
                    (b.hi, b.hi_closed)
                };
                out.push(Interval {
                    lo,
                    lo_closed,
                    hi,
                    hi_closed,
                });
            }
        }
        NumSet::new(out, integral)
    }

    /// Whether every value of `self` is in `other`.
    pub fn is_subset(&self, other: &NumSet, integral: bool) -> bool {
        self.intersect(&other.complement(integral), integral)
            .is_empty()
    }
}

/// A set of text values, or everything but a set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextSet {
    pub values: BTreeSet<String>,
    /// When true, the set is every value except `values`.
    pub complement: bool,
}

impl TextSet {
    pub fn of(values: impl IntoIterator<Item = String>) -> TextSet {
        TextSet {
            values: values.into_iter().collect(),
            complement: false,
        }
    }

    pub fn all() -> TextSet {
        TextSet {
            values: BTreeSet::new(),
            complement: true,
        }
    }

    pub fn contains(&self, v: &str) -> bool {
        self.values.contains(v) != self.complement
    }

    pub fn not(&self) -> TextSet {
        TextSet {
            values: self.values.clone(),
            complement: !self.complement,
        }
    }

    pub fn intersect(&self, other: &TextSet) -> TextSet {
        match (self.complement, other.complement) {
            (false, false) => TextSet::of(self.values.intersection(&other.values).cloned()),
            (false, true) => TextSet::of(self.values.difference(&other.values).cloned()),
            (true, false) => TextSet::of(other.values.difference(&self.values).cloned()),
            (true, true) => TextSet {
                values: self.values.union(&other.values).cloned().collect(),
                complement: true,
            },
        }
    }

    pub fn is_subset(&self, other: &TextSet) -> bool {
        match (self.complement, other.complement) {
            (false, false) => self.values.is_subset(&other.values),
            (false, true) => self.values.is_disjoint(&other.values),
            (true, false) => false,
            (true, true) => other.values.is_subset(&self.values),
        }
    }

    pub fn is_empty(&self) -> bool {
        !self.complement && self.values.is_empty()
    }
}

/// The values a cell accepts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Values {
    Num(NumSet),
    Text(TextSet),
}

/// One row's test on one column.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cell {
    /// `-`: the rule does not test this column; anything matches, unknown included.
    Any,
    Test {
        values: Values,
        unknown: Truth,
    },
}

/// A value of a column for one evaluation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Val<'a> {
    Unknown,
    Num(f64),
    Text(&'a str),
}

impl Cell {
    /// Whether the cell's test is true for `v`.
    pub fn matches(&self, v: Val) -> bool {
        match (self, v) {
            (Cell::Any, _) => true,
            (Cell::Test { unknown, .. }, Val::Unknown) => *unknown == Truth::True,
            (
                Cell::Test {
                    values: Values::Num(set),
                    ..
                },
                Val::Num(n),
            ) => set.contains(n),
            (
                Cell::Test {
                    values: Values::Text(set),
                    ..
                },
                Val::Text(t),
            ) => set.contains(t),
            _ => false,
        }
    }

    pub fn not(&self, integral: bool) -> Cell {
        match self {
            // `not` of "anything" matches nothing: no value, and not unknown either.
            Cell::Any => Cell::Test {
                values: Values::Num(NumSet::empty()),
                unknown: Truth::False,
            },
            Cell::Test { values, unknown } => Cell::Test {
                values: match values {
                    Values::Num(s) => Values::Num(s.complement(integral)),
                    Values::Text(s) => Values::Text(s.not()),
                },
                unknown: unknown.negated(),
            },
        }
    }

    pub fn and(&self, other: &Cell, integral: bool) -> Cell {
        match (self, other) {
            (Cell::Any, c) | (c, Cell::Any) => c.clone(),
            (
                Cell::Test {
                    values: a,
                    unknown: ua,
                },
                Cell::Test {
                    values: b,
                    unknown: ub,
                },
            ) => Cell::Test {
                values: match (a, b) {
                    (Values::Num(x), Values::Num(y)) => Values::Num(x.intersect(y, integral)),
                    (Values::Text(x), Values::Text(y)) => Values::Text(x.intersect(y)),
                    // A column has one kind of value; mixing means no value can satisfy both.
                    _ => Values::Num(NumSet::empty()),
                },
                unknown: ua.and(*ub),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ge(v: f64) -> NumSet {
        NumSet::new(
            vec![Interval {
                lo: v,
                lo_closed: true,
                ..Interval::ALL
            }],
            true,
        )
    }

    #[test]
    fn contradictory_tests_are_empty() {
        let lt2 = ge(2.0).complement(true);
        assert!(ge(3.0).intersect(&lt2, true).is_empty());
        assert!(!ge(1.0).intersect(&lt2, true).is_empty());
    }

    #[test]
    fn integral_sets_normalise_open_bounds() {
        let open = NumSet::new(
            vec![Interval {
                lo: 1.0,
                lo_closed: false,
                hi: 4.0,
                hi_closed: false,
            }],
            true,
        );
        assert_eq!(
            open,
            NumSet::new(
                vec![Interval {
                    lo: 2.0,
                    lo_closed: true,
                    hi: 3.0,
                    hi_closed: true
                }],
                true
            )
        );
        let adjacent = NumSet::new(vec![Interval::point(2.0), Interval::point(3.0)], true);
        assert_eq!(adjacent.0.len(), 1);
    }

    #[test]
    fn negation_keeps_unknown_unknown() {
        let c = Cell::Test {
            values: Values::Num(ge(2.0)),
            unknown: Truth::Unknown,
        };
        assert!(!c.matches(Val::Unknown));
        assert!(!c.not(true).matches(Val::Unknown));
        assert!(c.not(true).matches(Val::Num(1.0)));
        let missing = Cell::Test {
            values: Values::Num(NumSet::empty()),
            unknown: Truth::True,
        };
        assert!(missing.matches(Val::Unknown));
        assert!(missing.not(true).matches(Val::Num(7.0)));
        assert!(!missing.not(true).matches(Val::Unknown));
    }

    #[test]
    fn text_sets_combine() {
        let a = TextSet::of(["x".to_owned(), "y".to_owned()]);
        let not_y = TextSet::of(["y".to_owned()]).not();
        let both = a.intersect(&not_y);
        assert!(both.contains("x") && !both.contains("y") && !both.contains("z"));
        assert!(both.is_subset(&a));
    }
}
