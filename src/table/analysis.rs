//! Static analysis of a decision table: rows that can never match, rows hidden by earlier
//! rows, overlapping rows, identical and subsumed rows, gaps in a complete table, rules
//! without actions.
//!
//! Overlaps, gaps and shadowing come from a column-by-column sweep (Calvanese et al.,
//! "Semantics and Analysis of DMN Decision Tables", 2016): each column's domain is cut into
//! pieces on which every cell is constant; the sweep descends column by column keeping the
//! rows that hold on the chosen piece, as bitsets. An empty set is a gap; two or more rows
//! left after the last column are an overlap. Each finding carries the input it was found at.

use super::DecisionTable;
use super::cell::{Cell, Interval, NumSet, Truth, Val, Values};
use super::eval::probes;
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::OrgModel;
use crate::rules::check::RuleSet;
use crate::rules::facts::TextKind;
use crate::rules::raw::HitPolicy;
use crate::rules::typed::{Column, Domain, TypedColumn};
use std::collections::{BTreeMap, BTreeSet};

/// The numbers a cell's intervals start or end at.
pub fn cut_points(cell: &Cell) -> Vec<f64> {
    match cell {
        Cell::Test {
            values: Values::Num(set),
            ..
        } => set
            .0
            .iter()
            .flat_map(|i| [i.lo, i.hi])
            .filter(|v| v.is_finite())
            .collect(),
        _ => Vec::new(),
    }
}

/// The text values a cell names.
pub fn mentioned_texts(cell: &Cell) -> Vec<String> {
    match cell {
        Cell::Test {
            values: Values::Text(set),
            ..
        } => set.values.iter().cloned().collect(),
        _ => Vec::new(),
    }
}

/// The values a column can take: its range and named values, and whether it can be unknown.
#[derive(Debug, Clone)]
pub struct ColumnDomain {
    pub range: NumSet,
    /// For text columns: the known values; `None` when any text may occur (teams).
    pub texts: Option<BTreeSet<String>>,
    pub may_be_unknown: bool,
}

/// The domain of each column of a table, from the facts' meaning and the model.
pub fn domains(table: &DecisionTable, model: &OrgModel) -> Vec<ColumnDomain> {
    let levels: Vec<u8> = model
        .proficiency_scales
        .iter()
        .flat_map(|s| s.levels.iter().map(|l| l.0))
        .collect();
    let (lo, hi) = (
        f64::from(levels.iter().copied().min().unwrap_or(1)),
        f64::from(levels.iter().copied().max().unwrap_or(5)),
    );
    let span = hi - lo;
    table
        .columns
        .iter()
        .map(|c| {
            let range = |a: f64, b: f64| {
                NumSet::new(
                    vec![Interval {
                        lo: a,
                        lo_closed: a.is_finite(),
                        hi: b,
                        hi_closed: b.is_finite(),
                    }],
                    c.domain.is_integral(),
                )
            };
            let inf = f64::INFINITY;
            let (num, texts) = match (&c.column, &c.domain) {
                (_, Domain::Bool) => (range(0.0, 1.0), None),
                (_, Domain::Rating { labels, .. }) => {
                    (range(0.0, (labels.len().max(1) - 1) as f64), None)
                }
                (_, Domain::Text(kind)) => (NumSet::empty(), text_values(*kind, model)),
                (Column::Fact("level" | "required"), _) => (range(lo, hi), None),
                (Column::Fact("gap" | "trend"), _) => (range(-span, span), None),
                (Column::Fact("goals_met_ratio"), _) => (range(0.0, 1.0), None),
                (Column::Fact("rank"), _) => (range(1.0, inf), None),
                (Column::Fact(_) | Column::CountGaps { .. }, _) => (range(0.0, inf), None),
                _ => (NumSet::all(), None),
            };
            ColumnDomain {
                range: num,
                texts,
                may_be_unknown: c.may_be_unknown,
            }
        })
        .collect()
}

fn text_values(kind: TextKind, model: &OrgModel) -> Option<BTreeSet<String>> {
    match kind {
        TextKind::Team => None,
        TextKind::Role => Some(model.roles.iter().map(|r| r.id.clone()).collect()),
        TextKind::RoleFamily => Some(model.role_families.iter().map(|r| r.id.clone()).collect()),
        TextKind::Competency => Some(model.competencies.iter().map(|c| c.id.clone()).collect()),
        TextKind::Category => Some(
            model
                .competencies
                .iter()
                .filter_map(|c| c.category.clone())
                .collect(),
        ),
    }
}

/// One representative value per piece of a column's domain, each with the rows it satisfies.
struct Pieces {
    probes: Vec<Probe>,
}

#[derive(Debug, Clone)]
pub enum Probe {
    Unknown,
    Num(f64),
    Text(String),
    /// A text value no rule names.
    OtherText,
}

impl Probe {
    /// The probe as a value of its column.
    pub fn val(&self) -> Val<'_> {
        match self {
            Probe::Unknown => Val::Unknown,
            Probe::Num(n) => Val::Num(*n),
            Probe::Text(t) => Val::Text(t),
            Probe::OtherText => Val::Text("\u{0}other"),
        }
    }

    fn describe(&self, column: &TypedColumn) -> String {
        match (self, &column.domain) {
            (Probe::Unknown, _) => format!("{} is missing", column.column),
            (Probe::Num(n), Domain::Rating { labels, .. }) => format!(
                "{} = {}",
                column.column,
                labels.get(*n as usize).map_or("?", String::as_str)
            ),
            (Probe::Num(n), Domain::Bool) => format!("{} = {}", column.column, *n != 0.0),
            (Probe::Num(n), _) => format!("{} = {n}", column.column),
            (Probe::Text(t), _) => format!("{} = {t}", column.column),
            (Probe::OtherText, _) => {
                format!("{} is none of the values the rules name", column.column)
            }
        }
    }
}

fn pieces(table: &DecisionTable, col: usize, domain: &ColumnDomain) -> Pieces {
    let mut probes_out = Vec::new();
    if domain.may_be_unknown {
        probes_out.push(Probe::Unknown);
    }
    if table.columns[col].domain.is_numeric() {
        let mut cuts: Vec<f64> = table
            .rows
            .iter()
            .flat_map(|r| cut_points(&r.cells[col]))
            .chain(domain.range.0.iter().flat_map(|i| [i.lo, i.hi]))
            .filter(|v| v.is_finite())
            .collect();
        cuts.sort_by(f64::total_cmp);
        cuts.dedup();
        let integral = table.columns[col].domain.is_integral();
        for p in probes(&cuts) {
            // On whole-number domains a piece between two cuts is represented by a whole number in it.
            let p = if integral && p.fract() != 0.0 {
                p.ceil()
            } else {
                p
            };
            if domain.range.contains(p)
                && !probes_out
                    .iter()
                    .any(|q| matches!(q, Probe::Num(x) if *x == p))
            {
                probes_out.push(Probe::Num(p));
            }
        }
    } else {
        let named: BTreeSet<String> = table
            .rows
            .iter()
            .flat_map(|r| mentioned_texts(&r.cells[col]))
            .collect();
        match &domain.texts {
            Some(all) => {
                probes_out.extend(all.intersection(&named).map(|t| Probe::Text(t.clone())));
                if let Some(other) = all.difference(&named).next() {
                    probes_out.push(Probe::Text(other.clone()));
                }
            }
            None => {
                probes_out.extend(named.iter().map(|t| Probe::Text(t.clone())));
                probes_out.push(Probe::OtherText);
            }
        }
    }
    Pieces { probes: probes_out }
}

type Bits = Vec<u64>;

/// The findings of the sweep.
#[derive(Debug, Default)]
pub struct Sweep {
    /// Example inputs that match no row: a value for the first columns (in column order);
    /// any value of the remaining columns completes the example.
    pub gaps: Vec<Vec<Probe>>,
    /// Pairs of rows that match one input together, with that input (columns not listed
    /// may take any value).
    pub overlaps: BTreeMap<(usize, usize), Vec<Probe>>,
    /// Rows that are the first matching row somewhere.
    pub wins: BTreeSet<usize>,
    /// Whether the sweep visited every piece (else it stopped at its budget).
    pub finished: bool,
}

/// The most nodes the sweep visits before it stops.
const SWEEP_BUDGET: usize = 2_000_000;
/// The most gap examples kept.
const MAX_GAPS: usize = 3;

/// Sweeps the table's columns. Unreachable rows never appear in any piece.
pub fn sweep(table: &DecisionTable, domains: &[ColumnDomain]) -> Sweep {
    let n = table.rows.len();
    let words = n.div_ceil(64).max(1);
    let columns: Vec<(Pieces, Vec<Bits>)> = (0..table.columns.len())
        .map(|c| {
            let p = pieces(table, c, &domains[c]);
            let bits = p
                .probes
                .iter()
                .map(|probe| {
                    let mut b = vec![0u64; words];
                    for (i, row) in table.rows.iter().enumerate() {
                        if row.cells[c].matches(probe.val()) {
                            b[i / 64] |= 1 << (i % 64);
                        }
                    }
                    b
                })
                .collect();
            (p, bits)
        })
        .collect();
    // Rows that test nothing from column c on: once only those remain, descending further
    // changes nothing.
    let mut all_any_from: Vec<Bits> = vec![vec![!0u64; words]; table.columns.len() + 1];
    for c in (0..table.columns.len()).rev() {
        let mut b = all_any_from[c + 1].clone();
        for (i, row) in table.rows.iter().enumerate() {
            if row.cells[c] != Cell::Any {
                b[i / 64] &= !(1 << (i % 64));
            }
        }
        all_any_from[c] = b;
    }
    let mut start = vec![0u64; words];
    for i in 0..n {
        start[i / 64] |= 1 << (i % 64);
    }
    let mut out = Sweep {
        finished: true,
        ..Sweep::default()
    };
    let mut walk = Walk {
        budget: SWEEP_BUDGET,
        example: Vec::new(),
        unknown: vec![None; table.columns.len()],
        coupled: Coupled::of(table),
    };
    descend(&columns, &all_any_from, &start, 0, &mut walk, &mut out);
    out
}

/// Columns whose unknown-ness goes together: `gap` is unknown exactly when `level` is, and
/// `trend` is unknown whenever `level` is. Inputs that break this cannot occur, so the sweep
/// skips them instead of reporting gaps or overlaps nobody could meet.
#[derive(Debug, Default)]
struct Coupled {
    level: Option<usize>,
    gap: Option<usize>,
    trend: Option<usize>,
}

impl Coupled {
    fn of(table: &DecisionTable) -> Coupled {
        let find = |name: &'static str| {
            table
                .columns
                .iter()
                .position(|c| c.column == Column::Fact(name))
        };
        Coupled {
            level: find("level"),
            gap: find("gap"),
            trend: find("trend"),
        }
    }

    /// Whether the unknown-ness chosen so far (`None`: not chosen yet) can occur.
    fn possible(&self, unknown: &[Option<bool>]) -> bool {
        let get = |c: Option<usize>| c.and_then(|c| unknown[c]);
        let (level, gap, trend) = (get(self.level), get(self.gap), get(self.trend));
        let mismatch = matches!((level, gap), (Some(a), Some(b)) if a != b);
        let trend_without_level = level.or(gap) == Some(true) && trend == Some(false);
        !(mismatch || trend_without_level)
    }
}

/// The sweep's state along the current path.
struct Walk {
    budget: usize,
    /// The chosen value of each column so far.
    example: Vec<Probe>,
    /// Whether each column's chosen value is unknown (`None`: not chosen yet).
    unknown: Vec<Option<bool>>,
    coupled: Coupled,
}

fn descend(
    columns: &[(Pieces, Vec<Bits>)],
    all_any_from: &[Bits],
    rows: &Bits,
    col: usize,
    walk: &mut Walk,
    out: &mut Sweep,
) {
    if walk.budget == 0 {
        out.finished = false;
        return;
    }
    walk.budget -= 1;
    let only_any = rows
        .iter()
        .zip(&all_any_from[col])
        .all(|(r, a)| r & !a == 0);
    if col == columns.len() || only_any {
        let set: Vec<usize> = ones(rows).collect();
        if let Some(&first) = set.first() {
            out.wins.insert(first);
        }
        for (k, &a) in set.iter().enumerate() {
            for &b in &set[k + 1..] {
                out.overlaps
                    .entry((a, b))
                    .or_insert_with(|| walk.example.clone());
            }
        }
        return;
    }
    let (pieces, bits) = &columns[col];
    for (probe, piece_bits) in pieces.probes.iter().zip(bits) {
        walk.unknown[col] = Some(matches!(probe, Probe::Unknown));
        if !walk.coupled.possible(&walk.unknown) {
            continue;
        }
        let next: Bits = rows.iter().zip(piece_bits).map(|(a, b)| a & b).collect();
        walk.example.push(probe.clone());
        if next.iter().all(|w| *w == 0) {
            if out.gaps.len() < MAX_GAPS {
                out.gaps.push(walk.example.clone());
            }
        } else {
            descend(columns, all_any_from, &next, col + 1, walk, out);
        }
        walk.example.pop();
    }
    walk.unknown[col] = None;
}

fn ones(bits: &Bits) -> impl Iterator<Item = usize> + '_ {
    bits.iter().enumerate().flat_map(|(w, word)| {
        (0..64)
            .filter(move |b| word & (1 << b) != 0)
            .map(move |b| w * 64 + b)
    })
}

/// Whether a cell can hold for some value of its column's domain.
fn satisfiable(cell: &Cell, domain: &ColumnDomain, integral: bool) -> bool {
    match cell {
        Cell::Any => true,
        Cell::Test { values, unknown } => {
            if *unknown == Truth::True && domain.may_be_unknown {
                return true;
            }
            match values {
                Values::Num(set) => !set.intersect(&domain.range, integral).is_empty(),
                Values::Text(set) => match &domain.texts {
                    Some(all) => all.iter().any(|t| set.contains(t)),
                    None => !set.is_empty(),
                },
            }
        }
    }
}

fn subset(a: &Cell, b: &Cell, integral: bool) -> bool {
    match (a, b) {
        (_, Cell::Any) => true,
        (Cell::Any, _) => false,
        (
            Cell::Test {
                values: va,
                unknown: ua,
            },
            Cell::Test {
                values: vb,
                unknown: ub,
            },
        ) => {
            let unknown_ok = *ua != Truth::True || *ub == Truth::True;
            unknown_ok
                && match (va, vb) {
                    (Values::Num(x), Values::Num(y)) => x.is_subset(y, integral),
                    (Values::Text(x), Values::Text(y)) => x.is_subset(y),
                    _ => false,
                }
        }
    }
}

/// Analyses a compiled table and reports findings as diagnostics on the rules' conditions.
pub fn analyse(table: &DecisionTable, set: &RuleSet, model: &OrgModel) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let domains = domains(table, model);
    let rule_span = |r: usize| {
        let rule = &set.rules[r];
        rule.when_span(0..rule.when.len())
    };
    for (r, rule) in set.rules.iter().enumerate() {
        if rule.actions.is_empty() {
            diags.push(
                Diagnostic::new(
                    Code::NoActions,
                    format!("the rule `{}` has no actions", rule.id),
                )
                .at(rule.span, "no `then:`")
                .help("add actions under `then:`, or remove the rule"),
            );
        }
        let _ = r;
    }
    let integral = |c: usize| table.columns[c].domain.is_integral();
    let mut unreachable = BTreeSet::new();
    for (i, row) in table.rows.iter().enumerate() {
        if let Some(c) =
            (0..row.cells.len()).find(|&c| !satisfiable(&row.cells[c], &domains[c], integral(c)))
        {
            unreachable.insert(i);
            // A rule is unreachable when all its branches are; report per rule.
            let rule_rows: Vec<usize> = table
                .rows
                .iter()
                .enumerate()
                .filter(|(_, x)| x.rule == row.rule)
                .map(|(k, _)| k)
                .collect();
            if rule_rows.last() == Some(&i) && rule_rows.iter().all(|k| unreachable.contains(k)) {
                diags.push(
                    Diagnostic::new(Code::UnreachableRow, format!("the rule `{}` can never match", row.rule_id))
                        .at(rule_span(row.rule), format!("no value of `{}` satisfies this", table.columns[c].column))
                        .help("the tests on that fact contradict each other or the fact's possible values"),
                );
            }
        }
    }
    let same_actions = |a: usize, b: usize| {
        set.rules[table.rows[a].rule].actions == set.rules[table.rows[b].rule].actions
    };
    // Identical and subsumed rows (across different rules).
    let mut identical: BTreeSet<(usize, usize)> = BTreeSet::new();
    for a in 0..table.rows.len() {
        for b in a + 1..table.rows.len() {
            let (ra, rb) = (&table.rows[a], &table.rows[b]);
            if ra.rule == rb.rule || unreachable.contains(&a) || unreachable.contains(&b) {
                continue;
            }
            if ra.cells == rb.cells {
                identical.insert((a, b));
                diags.push(
                    Diagnostic::new(
                        Code::IdenticalRows,
                        format!(
                            "the rules `{}` and `{}` have the same condition",
                            ra.rule_id, rb.rule_id
                        ),
                    )
                    .at(rule_span(rb.rule), "same test as the other rule")
                    .also(rule_span(ra.rule), "this rule"),
                );
                continue;
            }
            let a_in_b =
                (0..ra.cells.len()).all(|c| subset(&ra.cells[c], &rb.cells[c], integral(c)));
            let b_in_a =
                (0..ra.cells.len()).all(|c| subset(&rb.cells[c], &ra.cells[c], integral(c)));
            if (a_in_b || b_in_a) && same_actions(a, b) {
                let (small, big) = if b_in_a { (b, a) } else { (a, b) };
                diags.push(
                    Diagnostic::new(
                        Code::SubsumedRow,
                        format!(
                            "the rule `{}` is covered by `{}`, which has the same actions",
                            table.rows[small].rule_id, table.rows[big].rule_id
                        ),
                    )
                    .at(
                        rule_span(table.rows[small].rule),
                        "every input this matches",
                    )
                    .also(rule_span(table.rows[big].rule), "is matched here too"),
                );
            }
        }
    }
    let sweep = sweep(table, &domains);
    let example = |probes: &[Probe]| {
        if probes.is_empty() {
            "any input".to_owned()
        } else {
            probes
                .iter()
                .zip(&table.columns)
                .map(|(p, c)| p.describe(c))
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    match set.hit_policy {
        HitPolicy::Unique | HitPolicy::Any => {
            for ((a, b), input) in &sweep.overlaps {
                let (ra, rb) = (&table.rows[*a], &table.rows[*b]);
                if ra.rule == rb.rule || identical.contains(&(*a, *b)) {
                    continue;
                }
                if set.hit_policy == HitPolicy::Any && same_actions(*a, *b) {
                    continue;
                }
                let why = if set.hit_policy == HitPolicy::Unique {
                    "under `hit_policy: unique` only one may"
                } else {
                    "and their actions differ under `hit_policy: any`"
                };
                diags.push(
                    Diagnostic::new(
                        Code::OverlappingRows,
                        format!(
                            "the rules `{}` and `{}` both match some inputs, {why}",
                            ra.rule_id, rb.rule_id
                        ),
                    )
                    .at(rule_span(rb.rule), "overlaps")
                    .also(rule_span(ra.rule), "this rule")
                    .note(format!("for example: {}", example(input))),
                );
            }
        }
        HitPolicy::First if sweep.finished => {
            let winning_rules: BTreeSet<usize> =
                sweep.wins.iter().map(|&r| table.rows[r].rule).collect();
            let mut reported = BTreeSet::new();
            for (i, row) in table.rows.iter().enumerate() {
                if unreachable.contains(&i)
                    || winning_rules.contains(&row.rule)
                    || !reported.insert(row.rule)
                {
                    continue;
                }
                if identical.iter().any(|&(_, b)| b == i) {
                    continue;
                }
                diags.push(
                    Diagnostic::new(
                        Code::ShadowedRow,
                        format!(
                            "the rule `{}` never wins: earlier rules match every input it matches",
                            row.rule_id
                        ),
                    )
                    .at(rule_span(row.rule), "hidden under `hit_policy: first`")
                    .help("move it before the rules that hide it, or narrow those"),
                );
            }
        }
        _ => {}
    }
    if table.complete {
        for gap in &sweep.gaps {
            diags.push(
                Diagnostic::new(
                    Code::CoverageGap,
                    format!(
                        "the rule set `{}` is declared complete, but some inputs match no rule",
                        table.rule_set
                    ),
                )
                .at(set.span, "`complete: true`")
                .note(format!("for example: {}", example(gap)))
                .help("add a rule for such inputs, or remove `complete: true`"),
            );
        }
    }
    if !sweep.finished
        && let Some(d) = diags.last_mut()
    {
        d.notes
            .push("the analysis stopped at its budget; some findings may be missing".into());
    }
    for d in &mut diags {
        if d.code == Code::OverlappingRows && set.hit_policy == HitPolicy::Any {
            d.severity = Severity::Error;
        }
    }
    diags
}
