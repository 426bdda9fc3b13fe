//! `talentloop test`: rule tests state facts and the rules (or actions) expected to fire,
//! and those that must not. Results read like a test runner's, with rule coverage.

use super::Compiled;
use crate::diag::{Code, Diagnostic, FileId};
use crate::model::OrgModel;
use crate::model::validate::span;
use crate::rules::facts::Scope;
use crate::rules::input;
use crate::rules::raw::{self, Action};
use crate::table::eval::{Ctx, Evaluator};
use std::collections::BTreeSet;

/// A parsed test file.
#[derive(Debug)]
pub struct ParsedTests {
    pub file: FileId,
    pub raw: raw::TestFile,
}

/// The outcome of one test.
#[derive(Debug, Clone)]
pub struct TestResult {
    pub name: String,
    pub failures: Vec<String>,
}

/// The outcome of all tests.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub results: Vec<TestResult>,
    /// Enabled rules no test made fire, as `set/rule`.
    pub uncovered: Vec<String>,
}

impl Report {
    pub fn passed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.failures.is_empty())
            .count()
    }

    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }
}

/// The kind of an action as tests name it (`develop`, `recommend`, ...).
pub fn action_kind(a: &Action) -> &'static str {
    match a {
        Action::Develop(_) => "develop",
        Action::Recommend(_) => "recommend",
        Action::Mentor(_) => "mentor",
        Action::Practice(_) => "practice",
        Action::Dialogue(_) => "dialogue",
        Action::Flag(_) => "flag",
        Action::Note(_) => "note",
    }
}

/// Runs every test. Failures are also diagnostics at the test's name.
pub fn run(model: &OrgModel, compiled: &Compiled, diags: &mut Vec<Diagnostic>) -> Report {
    let evaluators: Vec<Evaluator> = compiled
        .tables
        .iter()
        .zip(&compiled.sets)
        .map(|(t, s)| Evaluator::new(t, s))
        .collect();
    let mut fired_ever: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut report = Report::default();
    for file in &compiled.tests {
        for test in &file.raw.tests {
            let result = run_one(model, file.file, test, &evaluators, &mut fired_ever, diags);
            if !result.failures.is_empty() {
                diags.push(
                    Diagnostic::new(
                        Code::RuleTestFailed,
                        format!("the rule test `{}` failed", test.name.value),
                    )
                    .at(span(file.file, &test.name), "this test")
                    .note(result.failures.join("; ")),
                );
            }
            report.results.push(result);
        }
    }
    for (s, set) in compiled.sets.iter().enumerate() {
        for (r, rule) in set.rules.iter().enumerate() {
            if rule.enabled && !fired_ever.contains(&(s, r)) {
                report.uncovered.push(format!("{}/{}", set.id, rule.id));
            }
        }
    }
    report
}

fn run_one(
    model: &OrgModel,
    file: FileId,
    test: &raw::RuleTest,
    evaluators: &[Evaluator],
    fired_ever: &mut BTreeSet<(usize, usize)>,
    diags: &mut Vec<Diagnostic>,
) -> TestResult {
    let mut failures = Vec::new();
    let chosen: Vec<usize> = match &test.rule_set {
        Some(id) => match evaluators.iter().position(|e| e.set.id == id.value) {
            Some(i) => vec![i],
            None => {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownRule,
                        format!("unknown rule set `{}`", id.value),
                    )
                    .at(span(file, id), "no rule set has this id"),
                );
                failures.push(format!("unknown rule set `{}`", id.value));
                Vec::new()
            }
        },
        None => (0..evaluators.len()).collect(),
    };
    let employee = input::employee(model, file, &test.facts, &test.competencies, diags);
    let mut fired: BTreeSet<String> = BTreeSet::new();
    let mut kinds: BTreeSet<&'static str> = BTreeSet::new();
    for &s in &chosen {
        let ev = &evaluators[s];
        let contexts: Vec<Ctx> = match ev.set.scope {
            Scope::Employee => vec![Ctx {
                employee: &employee,
                competency: None,
            }],
            Scope::Competency => employee
                .competencies
                .iter()
                .map(|c| Ctx {
                    employee: &employee,
                    competency: Some(c),
                })
                .collect(),
        };
        for ctx in contexts {
            match ev.eval(ctx) {
                Ok(hits) => {
                    for &r in &hits.rules {
                        fired_ever.insert((s, r));
                        fired.insert(ev.set.rules[r].id.clone());
                    }
                    kinds.extend(ev.actions(&hits).iter().map(|(_, a)| action_kind(a)));
                }
                Err(e) => {
                    let what = format!("rule set `{}` could not be evaluated: {e}", ev.set.id);
                    diags.push(
                        Diagnostic::new(Code::EvaluationError, what.clone())
                            .at(span(file, &test.name), "for the facts of this test"),
                    );
                    failures.push(what);
                }
            }
        }
    }
    let known = |id: &str| {
        chosen
            .iter()
            .find_map(|&s| evaluators[s].set.rules.iter().find(|r| r.id == id))
    };
    for (expected, must) in test
        .fires
        .iter()
        .map(|r| (r, true))
        .chain(test.not_fires.iter().map(|r| (r, false)))
    {
        match known(&expected.value) {
            None => {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownRule,
                        format!("unknown rule `{}`", expected.value),
                    )
                    .at(
                        span(file, expected),
                        "no rule of the tested sets has this id",
                    ),
                );
                failures.push(format!("unknown rule `{}`", expected.value));
                continue;
            }
            Some(rule) if !rule.enabled => diags.push(
                Diagnostic::new(
                    Code::DisabledRuleReferenced,
                    format!("the rule `{}` is disabled", expected.value),
                )
                .at(span(file, expected), "never fires while disabled"),
            ),
            Some(_) => {}
        }
        let did = fired.contains(&expected.value);
        if must && !did {
            failures.push(format!(
                "expected `{}` to fire, but it did not",
                expected.value
            ));
        } else if !must && did {
            failures.push(format!(
                "expected `{}` not to fire, but it did",
                expected.value
            ));
        }
    }
    for kind in &test.actions {
        if !kinds.contains(kind.value.as_str()) {
            failures.push(format!(
                "expected a `{}` action, got [{}]",
                kind.value,
                kinds.iter().copied().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    TestResult {
        name: test.name.value.clone(),
        failures,
    }
}
