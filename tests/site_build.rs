//! The portal built from the samples by the real binary: every page parses as HTML5, one
//! page of each kind is snapshotted, builds are byte-identical across runs and thread
//! counts, unchanged pages are not rewritten, and a killed build leaves the previous site.

mod site_common;

use site_common::*;
use std::path::Path;

const SAMPLES: [&str; 2] = [".", "examples/acme-engineering"];

#[test]
fn every_page_of_both_samples_parses_as_html5_and_loads_nothing_from_elsewhere() {
    for project in SAMPLES {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        build(&repo().join(project), &out, &[]);
        let site = read_tree(&out);
        let manifest = manifest(&out);
        let mut pages = 0;
        for (rel, bytes) in &site {
            if !rel.ends_with(".html") {
                continue;
            }
            pages += 1;
            let html = std::str::from_utf8(bytes).unwrap();
            let errors = html_errors(html);
            assert!(errors.is_empty(), "{project} {rel}: {errors:?}");
            assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\""), "{rel}");
            assert!(html.contains("Content-Security-Policy"), "{rel}");
            // No script, and nothing fetched from another site: only links may point away.
            assert!(!html.contains("<script"), "{rel}");
            for attr in ["src=\"http", "src=\"//", "href=\"//", "url(http"] {
                assert!(!html.contains(attr), "{rel} has {attr}");
            }
            for stylesheet in html.match_indices("rel=\"stylesheet\" href=\"") {
                let href = &html[stylesheet.0 + stylesheet.1.len()..];
                assert!(!href.starts_with("http"), "{rel}");
            }
        }
        let personal = manifest["pages"].as_object().unwrap().len();
        let public = manifest["public"].as_array().unwrap().len();
        let hr = manifest["audiences"]["hr"]["pages"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(hr, 16, "{project}: 8 HR pages in each of 2 locales");
        assert_eq!(
            pages + 1,
            personal + public + hr,
            "{project}: pages and manifest agree"
        );
        assert!(site.contains_key("assets/style.css"));
        assert!(site.contains_key(".talentloop-site"));
        let css = text(&site["assets/style.css"]);
        assert!(css.contains("Noto Sans CJK SC") && !css.contains("@import"));
        for page in ["index.html", "catalog.html", "rules.html"] {
            assert!(site.contains_key(page), "{project} {page}");
        }
    }
}

/// The manifest's page of a person: `employee` or `team`.
fn page_of(out: &Path, talent_id: &str, kind: &str) -> String {
    let m = manifest(out);
    let rel = m["people"][talent_id][kind].as_str().unwrap().to_owned();
    std::fs::read_to_string(out.join(rel)).unwrap()
}

#[test]
fn one_page_of_each_kind() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&repo(), &out, &[]);
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    insta::assert_snapshot!("index", read("index.html"));
    insta::assert_snapshot!("catalog_en", read("en/catalog.html"));
    insta::assert_snapshot!("rules", read("rules.html"));
    insta::assert_snapshot!("employee_S1006", page_of(&out, "S1006", "employee"));
    insta::assert_snapshot!("manager_S1002", page_of(&out, "S1002", "team"));
}

/// The HR section's page `name` (`index`, `gaps`, ...) in `locale`, found by its title.
fn hr_page(out: &Path, locale: &str, name: &str) -> String {
    let m = manifest(out);
    let home = m["audiences"]["hr"]["home"][locale].as_str().unwrap();
    let index = std::fs::read_to_string(out.join(home)).unwrap();
    if name == "index" {
        return index;
    }
    // The overview's navigation links every section, in `HrPage::ALL` order.
    let order = [
        "index",
        "gaps",
        "talent",
        "pilot",
        "learning",
        "forecast",
        "maturity",
        "dictionary",
    ];
    let nav = index.split("class=\"hr-nav\"").nth(1).unwrap();
    let nav = &nav[..nav.find("</nav>").unwrap()];
    let hrefs: Vec<&str> = nav
        .split("href=\"")
        .skip(1)
        .map(|h| h.split('"').next().unwrap())
        .collect();
    let i = order.iter().position(|n| *n == name).unwrap();
    let file = hrefs[i].replace("&#x2f;", "/");
    let dir = Path::new(home).parent().unwrap();
    std::fs::read_to_string(out.join(dir).join(file.trim_start_matches("../hr/"))).unwrap()
}

#[test]
fn the_hr_pages_of_the_sample() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&repo(), &out, &[]);
    for name in [
        "index",
        "gaps",
        "talent",
        "pilot",
        "learning",
        "forecast",
        "maturity",
        "dictionary",
    ] {
        insta::assert_snapshot!(format!("hr_{name}"), hr_page(&out, "zh-CN", name));
    }
    insta::assert_snapshot!("hr_pilot_en", hr_page(&out, "en", "pilot"));
}

/// The done-when of the HR section: every figure the issue lists is on the sample's pages,
/// with the sample's data or suppressed with the k marker. The sample's two small teams
/// (大客户部, 3 people; 销售中心, 1) are suppressed; the two large ones and the org show.
#[test]
fn the_sample_hr_section_shows_every_figure() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&repo(), &out, &[]);
    let page = |name: &str| hr_page(&out, "zh-CN", name);
    let shown = |html: &str, header: &str| -> usize {
        rows_headed(html, header)
            .iter()
            .flatten()
            .filter(|c| shows_figure(c))
            .count()
    };
    let suppressed = |html: &str, header: &str| -> bool {
        let rows = rows_headed(html, header);
        !rows.is_empty()
            && rows.iter().flatten().all(|c| !shows_figure(c))
            && rows.iter().flatten().any(|c| c.contains("k-mark"))
    };
    // Gaps: both heatmaps (SVG and table), the small teams suppressed, shortages ranked.
    let gaps = page("gaps");
    assert_eq!(gaps.matches("<svg").count(), 2);
    for team in ["华东销售一部", "华南销售二部"] {
        assert!(shown(&gaps, team) >= 10, "{team}");
    }
    for team in ["大客户部", "销售中心"] {
        assert!(suppressed(&gaps, team), "{team}");
    }
    assert!(shown(&gaps, "客户经理") >= 10, "role heatmap");
    assert!(
        shown(&gaps, "客户关系维护") >= 3,
        "key capability shortages"
    );
    // 9-box: the grid, people in the boxes of at least 5, the rest marked.
    let talent = page("talent");
    assert!(talent.contains("class=\"box b3\""));
    assert!(talent.contains("class=\"box suppressed\""));
    assert!(visible_text(&talent).contains("李晓梅"));
    assert!(talent.contains("高潜人才"));
    // Pilot metrics: the large teams and the org, trends across both cycles.
    let pilot = page("pilot");
    for row in ["华东销售一部", "华南销售二部", "全组织"] {
        assert!(shown(&pilot, row) >= 9, "{row}");
    }
    assert!(suppressed(&pilot, "大客户部"));
    assert!(pilot.matches("<polyline").count() >= 8);
    assert!(pilot.contains("2025H2") && pilot.contains("2026H1"));
    // Learning: effects listed (each resource has fewer than 5 completers in the sample, so
    // the effects are suppressed), correlations with n, team learning speed.
    let learning = page("learning");
    assert!(learning.matches("<tr>").count() > 10);
    assert!(shown(&learning, "学习时长") >= 3, "Pearson, Spearman, n");
    assert!(shown(&learning, "华东销售一部") >= 2, "learning speed");
    // Forecast: the sample's dated requirement for 2027-06-01.
    let forecast = page("forecast");
    assert!(visible_text(&forecast).contains("2027年6月1日"));
    assert!(shown(&forecast, "客户经理") >= 3);
    // Maturity: the org and the large teams placed, with the next step.
    let maturity = page("maturity");
    assert!(maturity.matches("class=\"point ").count() == 3);
    assert!(shown(&maturity, "全组织") >= 9);
    assert!(visible_text(&maturity).contains("全组织在此"));
    // Data dictionary.
    let dictionary = page("dictionary");
    assert!(visible_text(&dictionary).contains("统一人才ID"));
    assert!(dictionary.matches("<tr>").count() > 20);
}

#[test]
fn pages_show_what_the_issue_lists() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&repo(), &out, &[]);
    let employee = visible_text(&page_of(&out, "S1012", "employee"));
    for part in [
        "我的发展",
        "能力画像",
        "发展待办列表",
        "为什么有这一项",
        "推荐学习",
        "导师",
        "目标与所需能力",
        "历次周期的发展轨迹",
        "约定的发展行动",
        "下一步",
    ] {
        assert!(employee.contains(part), "employee page lacks {part}");
    }
    let manager = visible_text(&page_of(&out, "S1002", "team"));
    for part in [
        "团队能力差距热力图",
        "发展行动执行情况",
        "发展对话脚本",
        "最重要的发展点",
    ] {
        assert!(manager.contains(part), "manager page lacks {part}");
    }
    // The English org: a person whose locale is zh-CN gets a Chinese page.
    let out_en = tmp.path().join("site-en");
    build(&repo().join("examples/acme-engineering"), &out_en, &[]);
    let m = manifest(&out_en);
    let mut langs = std::collections::BTreeSet::new();
    for (path, _) in m["pages"].as_object().unwrap() {
        let html = std::fs::read_to_string(out_en.join(path)).unwrap();
        let lang = html
            .split("lang=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        langs.insert(lang.to_owned());
    }
    assert_eq!(
        langs.into_iter().collect::<Vec<_>>(),
        vec!["en".to_owned(), "zh-CN".to_owned()]
    );
}

#[test]
fn builds_are_byte_identical_across_runs_and_thread_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let mut trees = Vec::new();
    for (i, threads) in ["1", "2", "2"].iter().enumerate() {
        let out = tmp.path().join(format!("site{i}"));
        build(&repo(), &out, &[("RAYON_NUM_THREADS", threads)]);
        let mut tree = read_tree(&out);
        tree.insert(
            "(manifest)".into(),
            serde_json::to_vec(&manifest(&out)).unwrap(),
        );
        trees.push(tree);
    }
    assert!(trees[0].len() > 60);
    assert!(trees[0] == trees[1], "1 thread and 2 threads differ");
    assert!(trees[1] == trees[2], "two runs differ");
}

#[cfg(unix)]
#[test]
fn a_rebuild_without_changes_rewrites_no_page() {
    use std::os::unix::fs::MetadataExt as _;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&repo(), &out, &[]);
    let inode = |rel: &str| std::fs::metadata(out.join(rel)).unwrap().ino();
    let before = inode("index.html");
    let second = build(&repo(), &out, &[]);
    let err = text(&second.stderr);
    assert!(err.contains(" 0 written"), "{err}");
    assert_eq!(
        inode("index.html"),
        before,
        "the unchanged page kept its file"
    );
    // Nothing is left beside the site but the manifest.
    let beside = names_in(tmp.path());
    assert_eq!(beside, vec!["site", "site.access.json"]);
}

#[test]
fn an_aborted_build_leaves_the_previous_site_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(&repo(), &out, &[]);
    let before = read_tree(&out);
    let manifest_before = manifest(&out);
    // Another cycle changes every personal page; the process dies after 10 pages.
    let aborted = talentloop(
        &[
            "build",
            "--out",
            out.to_str().unwrap(),
            "--demo",
            "--as-of",
            AS_OF,
            "--cycle",
            "2025H2",
        ],
        &repo(),
        &[("TALENTLOOP_ABORT_AFTER_PAGES", "10")],
    );
    assert_ne!(aborted.status.code(), Some(0));
    assert!(read_tree(&out) == before, "the previous site changed");
    assert_eq!(manifest(&out), manifest_before);
    // The next build cleans up what the aborted one left and succeeds.
    build(&repo(), &out, &[]);
    let leftovers: Vec<String> = names_in(tmp.path())
        .into_iter()
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn a_build_killed_midway_leaves_the_previous_site_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    let made = talentloop(
        &[
            "demo-data",
            "--people",
            "3000",
            "--cycles",
            "2",
            "--seed",
            "5",
            "--out",
            org.to_str().unwrap(),
        ],
        &repo(),
        &[],
    );
    assert!(made.status.success(), "{}", text(&made.stderr));
    // A rule set, so plans have content.
    std::fs::write(
        org.join("rules/gaps.yaml"),
        "id: gaps\nscope: competency\nhit_policy: collect\nrules:\n  - id: gap\n    title: {en: Below the requirement}\n    when: gap >= 1\n    then:\n      - develop: {}\n      - recommend: {levels: next}\n",
    )
    .unwrap();
    let out = tmp.path().join("site");
    build(&org, &out, &[]);
    let before = read_tree(&out);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_talentloop"))
        .args([
            "build",
            "--project",
            org.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--demo",
            "--as-of",
            AS_OF,
            "--cycle",
            "2025H2",
        ])
        .env_remove("TALENTLOOP_SECRET")
        .env("CI", "true")
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once its staging folder holds some pages (or give up after 60 s).
    let staging = tmp.path().join(format!(".site.staging-{}", child.id()));
    let start = std::time::Instant::now();
    let mut killed_midway = false;
    while start.elapsed() < std::time::Duration::from_secs(60) {
        let pages = std::fs::read_dir(staging.join("p")).map_or(0, |d| d.count());
        if pages >= 20 {
            child.kill().unwrap();
            killed_midway = true;
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let _ = child.wait();
    assert!(
        killed_midway,
        "the build finished before it could be killed"
    );
    assert!(read_tree(&out) == before, "the previous site changed");
}

#[test]
fn personal_pages_need_a_secret() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = out.to_str().unwrap();
    let refused = talentloop(&["build", "--out", o, "--as-of", AS_OF], &repo(), &[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("error[TL0603]"));
    assert!(!out.exists(), "nothing is written without a secret");
    let short = talentloop(
        &["build", "--out", o, "--as-of", AS_OF],
        &repo(),
        &[("TALENTLOOP_SECRET", "short")],
    );
    assert_eq!(short.status.code(), Some(1));
    let ok = talentloop(
        &["build", "--out", o, "--as-of", AS_OF],
        &repo(),
        &[("TALENTLOOP_SECRET", SECRET)],
    );
    assert_eq!(ok.status.code(), Some(0), "{}", text(&ok.stderr));
    let with_secret = manifest(&out);
    assert_eq!(with_secret["demo"], false);
    let demo_out = tmp.path().join("demo");
    build(&repo(), &demo_out, &[]);
    let demo = manifest(&demo_out);
    assert_ne!(with_secret["people"]["S1001"], demo["people"]["S1001"]);
    assert!(!text(&std::fs::read(out.join("index.html")).unwrap()).contains("demo"));
}

#[test]
fn a_folder_talentloop_did_not_write_is_never_replaced() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("mine");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("thesis.txt"), "precious").unwrap();
    let o = out.to_str().unwrap();
    let refused = talentloop(
        &["build", "--out", o, "--demo", "--as-of", AS_OF],
        &repo(),
        &[],
    );
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("error[TL0604]"));
    assert_eq!(
        std::fs::read_to_string(out.join("thesis.txt")).unwrap(),
        "precious"
    );
    // The project folder itself is refused too.
    let project = talentloop(
        &["build", "--out", ".", "--demo", "--as-of", AS_OF],
        &repo(),
        &[],
    );
    assert_eq!(project.status.code(), Some(1));
    assert!(repo().join("Cargo.toml").is_file());
}

#[test]
fn timings_list_every_template() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    let o = out.to_str().unwrap();
    let run = talentloop(
        &["build", "--out", o, "--demo", "--as-of", AS_OF, "--timings"],
        &repo(),
        &[],
    );
    let err = text(&run.stderr);
    for t in [
        "catalog.html",
        "employee.html",
        "index.html",
        "manager.html",
        "rules.html",
        "hr_gaps.html",
        "hr_talent.html",
    ] {
        assert!(err.contains(t), "{err}");
    }
    assert!(
        err.contains("built the 2026H1 portal: 85 pages (60 employee, 3 team, 6 public, 16 HR)"),
        "{err}"
    );
}
