//! Helpers shared by the portal tests: running `talentloop build`, reading a built site,
//! checking HTML with an HTML5 parser, and small orgs written for a test.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixed "today", so that no record of the samples counts as in the future.
pub const AS_OF: &str = "2027-01-01";

/// A secret for tests that must not use the public demo key.
pub const SECRET: &str = "test-secret-0123456789abcdef";

/// Runs the real binary with arguments and environment, without inheriting the secret.
pub fn talentloop(args: &[&str], cwd: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_talentloop"));
    cmd.args(args)
        .current_dir(cwd)
        .env_remove("TALENTLOOP_SECRET")
        .env_remove("TALENTLOOP_ABORT_AFTER_PAGES")
        .env("CI", "true");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the binary runs")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `talentloop build --demo` of a project into `out`; panics unless it exits 0.
pub fn build(project: &Path, out: &Path, env: &[(&str, &str)]) -> Output {
    let out_s = out.to_str().unwrap();
    let project_s = project.to_str().unwrap();
    let output = talentloop(
        &[
            "build",
            "--project",
            project_s,
            "--out",
            out_s,
            "--demo",
            "--as-of",
            AS_OF,
        ],
        &repo(),
        env,
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "build of {project_s} failed:\n{}",
        text(&output.stderr)
    );
    output
}

#[path = "../common/mod.rs"]
mod common;

#[allow(unused_imports)]
pub use common::read_tree;

/// The names in a folder, sorted.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The access manifest beside a site.
pub fn manifest(out: &Path) -> serde_json::Value {
    let name = out.file_name().unwrap().to_string_lossy();
    let path = out.with_file_name(format!("{name}.access.json"));
    serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap()
}

/// The HTML5 parse errors of a page (the parser's spec-exact error list).
pub fn html_errors(html: &str) -> Vec<String> {
    use html5ever::tendril::TendrilSink as _;
    let opts = html5ever::ParseOpts {
        tree_builder: html5ever::tree_builder::TreeBuilderOpts {
            exact_errors: true,
            ..Default::default()
        },
        ..Default::default()
    };
    let dom = html5ever::parse_document(markup5ever_rcdom::RcDom::default(), opts)
        .from_utf8()
        .read_from(&mut html.as_bytes())
        .unwrap();
    dom.errors.borrow().iter().map(|e| e.to_string()).collect()
}

/// The visible text of a page: tags dropped, entities decoded (enough for assertions).
pub fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

/// A project file pointing at the repo's acme-sales model and rules and a data folder.
pub fn project_file(dir: &Path, data: &Path, templates: Option<&Path>) {
    let abs = |p: &Path| p.to_str().unwrap().replace('\\', "/");
    let templates = templates.map_or_else(|| abs(&dir.join("no-templates")), abs);
    let text = format!(
        "name: Test org\ndefault_locale: zh-CN\nlocales: [zh-CN, en]\npaths:\n  models: {}\n  rules: {}\n  templates: {}\n  data: {}\nratings:\n  overall: grade5\n  goal: expectation3\n  competency: grade5\ncycles: [2025H2, 2026H1]\n",
        abs(&repo().join("org-models/acme-sales")),
        abs(&repo().join("rules/acme-sales")),
        templates,
        abs(data),
    );
    std::fs::write(dir.join("talentloop.yaml"), text).unwrap();
}

/// A project run through the library's pipeline up to the portal's inputs: model, rules,
/// data of the last cycle, its plans and the HR analytics of every cycle.
pub struct Pipeline {
    pub model: talentloop::model::OrgModel,
    pub compiled: talentloop::rules::Compiled,
    pub dataset: talentloop::data::Dataset,
    pub plans: Vec<talentloop::plan::Plan>,
    pub cycle: usize,
    pub history: Vec<talentloop::analytics::Analytics>,
}

impl Pipeline {
    pub fn of(project: &Path) -> Pipeline {
        let loaded = talentloop::rules::load_project(project);
        let model = loaded.checked.model.clone().expect("the model checks");
        let compiled = loaded.compiled.expect("the rules compile");
        let today = chrono::NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
        let data = talentloop::data::load(&model, talentloop::data::Options { today });
        let dataset = data.dataset;
        let cycle = dataset.cycles.len() - 1;
        let planner = talentloop::plan::Planner::new(&model, &compiled);
        let mut history =
            talentloop::site::hr::History::new(&model, &dataset, data.report.learning.coverage);
        let mut plans = Vec::new();
        let rows: Vec<_> = (0..=cycle)
            .map(|c| talentloop::analytics::PersonInputs::new(&model, &dataset, c))
            .collect();
        let Ok(()) = planner.each_cycle_chunk_with(
            &dataset,
            cycle,
            talentloop::plan::Order::TalentId,
            |c, facts| rows[c].of(facts),
            |c, chunk, people| {
                history.add(c, &chunk, people);
                if c == cycle {
                    plans.extend(chunk);
                }
                Ok::<(), std::convert::Infallible>(())
            },
        );
        let history = history.finish(cycle);
        Pipeline {
            model,
            compiled,
            dataset,
            plans,
            cycle,
            history,
        }
    }

    /// Builds the portal (demo key) with `history` as its analytics into `out`.
    pub fn build(
        &self,
        history: &[talentloop::analytics::Analytics],
        out: &Path,
    ) -> talentloop::site::Summary {
        use talentloop::site;
        let mut diags = Vec::new();
        let templates = site::templates::Templates::new(&[], &mut diags)
            .unwrap_or_else(|_| panic!("{diags:?}"));
        let inputs = site::Inputs {
            model: &self.model,
            compiled: &self.compiled,
            dataset: &self.dataset,
            cycle: self.cycle,
        };
        let options = site::Options {
            out: out.to_path_buf(),
            layout: site::paths::Layout::new(None, true, &self.model.default_locale).unwrap(),
            demo: true,
            serve: false,
            abort_after: None,
        };
        site::build(&inputs, &self.plans, history, &templates, &options, &|| {})
            .unwrap_or_else(|d| panic!("{}", d.message))
    }
}

/// The HR section's pages of a built site, from the manifest: (path, html).
pub fn hr_pages(out: &Path) -> Vec<(String, String)> {
    let m = manifest(out);
    m["audiences"]["hr"]["pages"]
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|p| {
            let p = p.as_str().unwrap().to_owned();
            let html = std::fs::read_to_string(out.join(&p)).unwrap();
            (p, html)
        })
        .collect()
}

/// The cells (`<td ...>...</td>`, attributes included) of every table row whose header cell
/// is exactly `header`.
pub fn rows_headed<'a>(html: &'a str, header: &str) -> Vec<Vec<&'a str>> {
    let start = format!("<th scope=\"row\">{header}</th>");
    html.match_indices(&start)
        .map(|(i, s)| {
            let row = &html[i + s.len()..];
            let row = &row[..row.find("</tr>").unwrap_or(row.len())];
            row.split("<td")
                .skip(1)
                .map(|c| c.split("</td>").next().unwrap_or(c))
                .collect()
        })
        .collect()
}

/// Whether a table cell shows a figure: a number cell that is neither suppressed (`k`) nor
/// unknown (`–`) nor zero.
pub fn shows_figure(cell: &str) -> bool {
    if !cell.starts_with(" class=\"num") || cell.starts_with(" class=\"num k\"") {
        return false;
    }
    let text = visible_text(&format!("<td{cell}"));
    let text = text.trim();
    !(text.is_empty() || text == "–" || text == "0")
}
