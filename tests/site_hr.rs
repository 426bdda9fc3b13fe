//! The HR section (HR数据) of the portal, built through the library with analytics values
//! made by hand: every template branch renders (known, unknown and suppressed figures) and
//! parses as HTML5; the section lives only in `hr/` and the manifest's `hr` audience; and a
//! property test: whatever the group sizes, no figure of a group smaller than k reaches a
//! page.

mod site_common;

use proptest::prelude::*;
use site_common::*;
use std::path::Path;
use talentloop::analytics::*;
use talentloop::model::OrgModel;

/// The bundled sample through the pipeline, once for every test of this file.
fn sample() -> &'static Pipeline {
    static SAMPLE: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    SAMPLE.get_or_init(|| Pipeline::of(&repo()))
}

/// A figure for `n` people under k = 5.
fn fig(value: f64, n: u32) -> Figure {
    Figure::new(Some(value), n, 5)
}

/// Team names used by the hand-made values: one large, one small.
const BIG: &str = "大团队";
const SMALL: &str = "小团队";

/// A distinctive value for a small group: if it leaks, the page shows it.
const LEAK: f64 = 0.777_7;

fn pilot_row(team: Option<&str>, n: u32) -> PilotRow {
    let v = if n < 5 { LEAK } else { 0.5 };
    PilotRow {
        team: team.map(str::to_owned),
        people: n,
        dialogue_coverage: fig(v, n),
        execution_rate: fig(v, n),
        participation: fig(v, n),
        learning_hours: fig(v * 100.0, n),
        learning_hours_mean: fig(v * 10.0, n),
        goals_met: fig(v, n),
        rating_change: fig(v, n),
        level_change: fig(-v, n),
    }
}

fn maturity_point(team: Option<&str>, n: u32, x: f64, y: f64) -> MaturityPoint {
    let small = n < 5;
    MaturityPoint {
        team: team.map(str::to_owned),
        people: n,
        integration: fig(if small { LEAK } else { x }, n),
        culture: fig(if small { LEAK } else { y }, n),
        linked_review: fig(x, n),
        competency_data: fig(x, n),
        learning_data: Figure::new(None, n, 5),
        learning_resolved: fig(0.9, n),
        dialogue_coverage: fig(y, n),
        execution_rate: fig(y, n),
        quadrant: (!small).then_some(Quadrant::DataLed),
    }
}

/// An analytics value for `cycle` with a big team of `big` people and a small one of
/// `small`, using the sample's ids for roles, competencies and resources.
fn analytics(model: &OrgModel, cycle: &str, big: u32, small: u32) -> Analytics {
    let k = 5;
    let comp = |i: usize| model.competencies[i % model.competencies.len()].id.clone();
    let role = |i: usize| model.roles[i % model.roles.len()].id.clone();
    let groups = [(BIG, big), (SMALL, small)];
    let cells = |by_role: bool| -> Vec<GapCell> {
        groups
            .iter()
            .enumerate()
            .flat_map(|(gi, (g, n))| (0..3).map(move |c| (gi, *g, *n, c)))
            .map(|(gi, g, n, c)| GapCell {
                group: if by_role { role(gi) } else { g.to_owned() },
                competency: comp(c),
                share_below: fig(if n < k { LEAK } else { 0.25 * c as f64 }, n),
                mean_gap: fig(if n < k { LEAK } else { 0.5 - c as f64 * 0.4 }, n),
                unassessed: 1,
            })
            .collect()
    };
    let heat = |by_role: bool| {
        let mut groups: Vec<String> = if by_role {
            vec![role(0), role(1)]
        } else {
            vec![BIG.to_owned(), SMALL.to_owned()]
        };
        groups.sort();
        let mut cells = cells(by_role);
        cells.sort_by(|a, b| (&a.group, &a.competency).cmp(&(&b.group, &b.competency)));
        let mut competencies: Vec<String> = (0..3).map(comp).collect();
        competencies.sort();
        Heatmap {
            groups,
            competencies,
            cells,
        }
    };
    let total = big + small;
    let boxes = Band::ALL
        .iter()
        .flat_map(|p| Band::ALL.iter().map(move |q| (*p, *q)))
        .enumerate()
        .map(|(i, (performance, potential))| {
            let n = [0, 1, 2, 3, 4, 5, 6, 7, 8][i] as u32;
            let f = Figure::new(Some(f64::from(n)), n, k);
            NineBoxCell {
                performance,
                potential,
                people: f,
                talent_ids: if f.suppressed {
                    Vec::new()
                } else {
                    (0..n).map(|j| format!("S{:04}", 1001 + j)).collect()
                },
            }
        })
        .collect();
    let speed = |team: Option<&str>, n: u32| SpeedRow {
        team: team.map(str::to_owned),
        cycles: vec![SpeedPoint {
            cycle: cycle.to_owned(),
            levels_gained: fig(if n < k { LEAK } else { 3.0 }, n),
            learning_hours: fig(if n < k { LEAK } else { 40.0 }, n),
            speed: fig(if n < k { LEAK } else { 0.75 }, n),
        }],
        overall: fig(if n < k { LEAK } else { 0.75 }, n),
    };
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    Analytics {
        format_version: FORMAT_VERSION,
        org: model.name.clone(),
        cycle: cycle.to_owned(),
        previous_cycle: None,
        min_group_size: k,
        people: total,
        settings: Default::default(),
        gaps: GapHeatmaps {
            by_team: heat(false),
            by_role: heat(true),
            shortages: vec![Shortage {
                rank: 1,
                competency: comp(0),
                share_below: fig(0.4, total),
                mean_gap: fig(0.6, total),
                below: fig(f64::from(total) * 0.4, total),
                critical_below: fig(2.0, total),
                roles: vec![role(0)],
            }],
        },
        nine_box: NineBox {
            boxes,
            unplaced: 2,
            high_potential: vec![PersonScore {
                talent_id: "S1001".into(),
                name: Some("测试人员".into()),
                team: Some(BIG.into()),
                role: Some(role(0)),
                performance: 0.75,
                potential: 0.8,
                parts: PotentialParts {
                    growth: Some(0.5),
                    learning_speed: None,
                    breadth: Some(1.0),
                },
            }],
        },
        pilot: PilotMetrics {
            org: pilot_row(None, total),
            teams: vec![pilot_row(Some(BIG), big), pilot_row(Some(SMALL), small)],
        },
        learning_effect: LearningEffects {
            method: "stratified difference of means".into(),
            effects: vec![
                LearningEffect {
                    resource: model.resources[0].id.clone(),
                    competency: comp(0),
                    completers: 8,
                    comparison: 12,
                    strata: 3,
                    completer_change: fig(0.9, 8),
                    comparison_change: fig(0.2, 12),
                    effect: fig(0.7, 8).with_ci(Some([0.2, 1.2])),
                    df: Some(18),
                },
                LearningEffect {
                    resource: model.resources[1 % model.resources.len()].id.clone(),
                    competency: comp(1),
                    completers: 2,
                    comparison: 9,
                    strata: 1,
                    completer_change: fig(LEAK, 2),
                    comparison_change: fig(0.1, 9),
                    effect: fig(LEAK, 2).with_ci(Some([-1.0, 2.0])),
                    df: None,
                },
            ],
            correlations: vec![
                Correlation {
                    x: "learning_hours".into(),
                    y: "rating_change".into(),
                    pearson: fig(0.31, total).with_p(Some(0.012)),
                    spearman: fig(0.28, total).with_p(Some(0.03)),
                },
                Correlation {
                    x: "completed_resources".into(),
                    y: "rating_change".into(),
                    pearson: fig(LEAK, 3),
                    spearman: fig(LEAK, 3),
                },
            ],
        },
        learning_speed: LearningSpeed {
            org: speed(None, total),
            teams: vec![speed(Some(BIG), big), speed(Some(SMALL), small)],
        },
        forecast: Forecast {
            from: day("2026-06-30"),
            to: day("2027-06-30"),
            warnings: vec![ForecastWarning {
                role: role(0),
                competency: comp(2),
                effective_from: day("2026-10-01"),
                months_ahead: 3,
                required_now: Some(3),
                required_then: 4,
                critical: true,
                people: small,
                opening: fig(LEAK, small),
                already_below: fig(LEAK, small),
                unassessed: fig(0.0, small),
            }],
        },
        maturity: Maturity {
            threshold: 0.6,
            org: maturity_point(None, total, 0.7, 0.4),
            teams: vec![
                maturity_point(Some(BIG), big, 0.8, 0.3),
                maturity_point(Some(SMALL), small, 0.1, 0.9),
            ],
            next_steps: Vec::new(),
        },
        data_dictionary: vec![DictionaryEntry {
            source: "people".into(),
            field: "talent_id".into(),
            meaning_en: "The one canonical id of a person".into(),
            meaning_zh: "统一人才ID".into(),
            file: "2026H1/花名册.csv".into(),
            column: "工号".into(),
            rows: 60,
            with_value: 60,
            coverage: Some(1.0),
        }],
    }
}

/// The `<tr>` rows of a page whose text holds `needle`.
fn rows_with<'a>(html: &'a str, needle: &str) -> Vec<&'a str> {
    html.split("<tr")
        .skip(1)
        .map(|r| r.split("</tr>").next().unwrap_or(r))
        .filter(|r| r.contains(needle))
        .collect()
}

/// Checks that no figure of the small team, of a box under k or of `LEAK` shows.
fn assert_nothing_small_shows(out: &Path, small: u32) {
    for (path, html) in hr_pages(out) {
        for leak in ["0.78", "0,78", "78%", "7.78", "77.8", "0.8%"] {
            assert!(
                !html.contains(leak),
                "{path} shows a suppressed value {leak}"
            );
        }
        if small >= 5 {
            continue;
        }
        for row in rows_with(&html, SMALL) {
            // Every figure cell of the small team's row is suppressed (or unknown).
            for cell in row.split("<td class=\"num").skip(1) {
                assert!(
                    cell.starts_with(" k\"")
                        || cell.contains("class=\"unknown\"")
                        || cell.starts_with("\">0</td>"),
                    "{path}: a figure of the small team shows: {row}"
                );
            }
        }
    }
}

#[test]
fn every_hr_page_renders_every_kind_of_figure_and_parses() {
    let s = sample();
    let tmp = tempfile::tempdir().unwrap();
    let out = std::env::var_os("HR_KEEP")
        .map_or_else(|| tmp.path().join("site"), std::path::PathBuf::from);
    let history = vec![analytics(&s.model, &s.dataset.cycles[s.cycle].id, 20, 3)];
    let summary = s.build(&history, &out);
    assert_eq!(summary.hr_pages, 16);
    let pages = hr_pages(&out);
    assert_eq!(pages.len(), 16);
    for (path, html) in &pages {
        assert!(path.starts_with("hr/"), "{path}");
        let errors = html_errors(html);
        assert!(errors.is_empty(), "{path}: {errors:?}");
        assert!(html.contains("k-legend"), "{path} explains the k marker");
        assert!(html.contains("noindex"), "{path}");
    }
    let all: String = pages.iter().map(|p| p.1.as_str()).collect();
    for part in [
        "class=\"k-mark\"",
        "&lt;5人",
        "&lt;5",
        "测试人员",
        "九宫格",
        "HR数据字典",
    ] {
        assert!(all.contains(part), "{part}");
    }
    assert_nothing_small_shows(&out, 3);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Whatever the group sizes, a group smaller than k shows no figure on any HR page.
    #[test]
    fn no_figure_of_a_group_smaller_than_k_reaches_a_page(big in 5u32..40, small in 0u32..8) {
        let s = sample();
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        let history = vec![analytics(&s.model, &s.dataset.cycles[s.cycle].id, big, small)];
        s.build(&history, &out);
        assert_nothing_small_shows(&out, small);
    }
}
