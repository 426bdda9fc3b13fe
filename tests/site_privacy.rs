//! The privacy suite over whole sample portals: an employee page holds no other person's
//! name, id, rating or comment; a team page holds exactly the manager's reports; public
//! pages hold no personal data; paths cannot be derived without the secret; hostile names,
//! comments, goal titles and ids come out escaped and stay inside the output folder.

mod site_common;

use site_common::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use talentloop::data::{self, ReviewItem};
use talentloop::plan::{Plan, Planner};

/// What the data says about people: names, comments, overall ratings per cycle.
struct People {
    names: BTreeMap<String, String>,
    /// Mentors' names: public in the model (mentors.yaml), so any page may name them.
    mentors: Vec<String>,
    comments: BTreeMap<String, Vec<String>>,
    ratings: BTreeMap<String, Vec<Option<String>>>,
    plans: Vec<Plan>,
}

fn people(project: &Path) -> People {
    let loaded = talentloop::rules::load_project(project);
    let model = loaded.checked.model.as_ref().unwrap();
    let compiled = loaded.compiled.as_ref().unwrap();
    let today = chrono::NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
    let d = data::load(model, data::Options { today }).dataset;
    let last = d.cycles.len() - 1;
    let plans = Planner::new(model, compiled).plans(&d, last, true);
    let mut mentors: Vec<String> = model
        .mentors
        .iter()
        .flat_map(|m| m.name.0.values().cloned())
        .collect();
    mentors.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let mut p = People {
        mentors,
        names: BTreeMap::new(),
        comments: BTreeMap::new(),
        ratings: BTreeMap::new(),
        plans,
    };
    for person in &d.people {
        if let Some(n) = &person.name {
            p.names.insert(person.talent_id.clone(), n.clone());
        }
        p.ratings
            .insert(person.talent_id.clone(), vec![None; d.cycles.len()]);
    }
    for r in &d.reviews {
        let id = d.person(r.person).talent_id.clone();
        if let Some(c) = r.comment.as_ref().filter(|c| c.chars().count() >= 6) {
            p.comments
                .entry(id.clone())
                .or_default()
                .push(c.to_string());
        }
        if r.item == ReviewItem::Overall {
            p.ratings.get_mut(&id).unwrap()[r.cycle] = Some(r.grade.label.to_string());
        }
    }
    p
}

/// Whether `id` occurs in `text` as a whole token (not inside a longer id).
fn has_token(text: &str, id: &str) -> bool {
    text.match_indices(id).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + id.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !word(before) && !word(after)
    })
}

/// The cells of the table row whose header is `header`.
fn row_cells(html: &str, header: &str) -> Vec<String> {
    let start = format!("<th scope=\"row\">{header}</th>");
    let Some(i) = html.find(&start) else {
        return Vec::new();
    };
    let row = &html[i + start.len()..];
    let row = &row[..row.find("</tr>").unwrap()];
    row.split("<td class=\"num\">")
        .skip(1)
        .map(|c| c.split("</td>").next().unwrap().to_owned())
        .collect()
}

fn check_sample(project: &Path, rating_row: &str) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("site");
    build(project, &out, &[]);
    let p = people(project);
    let manifest = manifest(&out);
    let ids: Vec<&String> = p.names.keys().collect();
    let plan_of: BTreeMap<&str, &Plan> =
        p.plans.iter().map(|x| (x.talent_id.as_str(), x)).collect();
    let mut checked_employees = 0;
    let mut checked_managers = 0;
    for (id, home) in manifest["people"].as_object().unwrap() {
        let owner = plan_of.get(id.as_str());
        if let Some(rel) = home["employee"].as_str() {
            let html = std::fs::read_to_string(out.join(rel)).unwrap();
            let mut text = visible_text(&html);
            assert!(owner.is_some(), "{id} has a plan");
            // The owner's own name and mentors' names (public in the model) may appear.
            let mut allowed: Vec<String> = p.mentors.clone();
            allowed.extend(p.names.get(id).cloned());
            allowed.sort_by_key(|n| std::cmp::Reverse(n.len()));
            for a in &allowed {
                text = text.replace(a.as_str(), " ");
            }
            for other in &ids {
                if *other == id {
                    continue;
                }
                assert!(
                    !has_token(&html, other),
                    "{rel} ({id}) contains the id {other}"
                );
                if let Some(name) = p.names.get(*other).filter(|n| n.chars().count() >= 2) {
                    assert!(
                        !text.contains(name.as_str()),
                        "{rel} ({id}) contains the name of {other}: {name}"
                    );
                }
                for c in p.comments.get(*other).into_iter().flatten() {
                    assert!(
                        !html.contains(c.as_str()),
                        "{rel} ({id}) contains a comment on {other}"
                    );
                }
            }
            // The ratings shown are the owner's, cycle by cycle.
            let shown = row_cells(&html, rating_row);
            let own: Vec<String> = p.ratings[id]
                .iter()
                .take(shown.len())
                .map(|r| r.clone().unwrap_or_else(|| "–".into()))
                .collect();
            assert_eq!(shown, own, "{rel} ({id}) shows other ratings");
            checked_employees += 1;
        }
        if let Some(rel) = home["team"].as_str() {
            let html = std::fs::read_to_string(out.join(rel)).unwrap();
            let reports: BTreeSet<&str> = p
                .plans
                .iter()
                .filter(|x| x.manager.as_deref() == Some(id.as_str()))
                .map(|x| x.talent_id.as_str())
                .collect();
            // Links to personal pages: exactly the reports' pages.
            let linked: BTreeSet<String> = html
                .match_indices("href=\"..&#x2f;p&#x2f;")
                .map(|(i, s)| html[i + s.len()..].split('"').next().unwrap().to_owned())
                .map(|h| format!("p/{h}"))
                .collect();
            let expected: BTreeSet<String> = reports
                .iter()
                .map(|r| {
                    manifest["people"][*r]["employee"]
                        .as_str()
                        .unwrap()
                        .to_owned()
                })
                .collect();
            assert_eq!(linked, expected, "{rel} ({id}) links");
            let mut allowed: BTreeSet<String> = reports
                .iter()
                .filter_map(|r| p.names.get(*r).cloned())
                .collect();
            allowed.extend(p.names.get(id).cloned());
            allowed.extend(p.mentors.iter().cloned());
            let mut allowed: Vec<String> = allowed.into_iter().collect();
            allowed.sort_by_key(|n| std::cmp::Reverse(n.len()));
            let mut text = visible_text(&html);
            for a in &allowed {
                text = text.replace(a.as_str(), " ");
            }
            for other in &ids {
                if reports.contains(other.as_str()) {
                    assert!(
                        has_token(&html, other) || p.names.contains_key(*other),
                        "{other}"
                    );
                    continue;
                }
                if *other != id {
                    assert!(
                        !has_token(&html, other),
                        "{rel} ({id}) contains the id {other}"
                    );
                }
                if *other != id
                    && let Some(name) = p.names.get(*other).filter(|n| n.chars().count() >= 2)
                {
                    assert!(
                        !text.contains(name.as_str()),
                        "{rel} ({id}) contains the name of {other}: {name}"
                    );
                }
            }
            checked_managers += 1;
        }
    }
    assert!(checked_employees >= 50 && checked_managers >= 3);
    // Public pages: nobody's id or name.
    for rel in manifest["public"].as_array().unwrap() {
        let rel = rel.as_str().unwrap();
        let html = text(&std::fs::read(out.join(rel)).unwrap());
        for (id, name) in &p.names {
            assert!(!has_token(&html, id), "{rel} contains the id {id}");
            if name.chars().count() >= 2 {
                assert!(
                    !html.contains(name.as_str()),
                    "{rel} contains the name {name}"
                );
            }
        }
    }
    // No path holds a talent id or can be computed without the key.
    for path in manifest["pages"].as_object().unwrap().keys() {
        let hash = path
            .trim_start_matches("p/")
            .trim_start_matches("m/")
            .trim_end_matches(".html");
        assert_eq!(hash.len(), 32, "{path}");
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(ids.iter().all(|id| !path.contains(id.as_str())));
    }
}

#[test]
fn the_chinese_sample_keeps_every_page_to_its_people() {
    check_sample(&repo(), "综合评分");
}

#[test]
fn the_english_sample_keeps_every_page_to_its_people() {
    check_sample(&repo().join("examples/acme-engineering"), "Overall rating");
}

#[test]
fn paths_depend_on_the_secret_and_not_only_on_the_id() {
    let tmp = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for secret in [SECRET, "another-secret-of-enough-length"] {
        let out = tmp.path().join(format!("site-{}", paths.len()));
        let o = out.to_str().unwrap();
        let run = talentloop(
            &["build", "--out", o, "--as-of", AS_OF],
            &repo(),
            &[("TALENTLOOP_SECRET", secret)],
        );
        assert!(run.status.success(), "{}", text(&run.stderr));
        paths.push(manifest(&out)["people"].clone());
    }
    let (a, b) = (paths[0].as_object().unwrap(), paths[1].as_object().unwrap());
    for (id, home) in a {
        assert_ne!(home["employee"], b[id]["employee"], "{id}");
    }
    // Unkeyed hashes of the id are not the path.
    use sha2::Digest as _;
    for (id, home) in a {
        let plain: String = sha2::Sha256::digest(id.as_bytes())
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect();
        assert!(!home["employee"].as_str().unwrap().contains(&plain[..32]));
    }
}

/// A small org whose exports carry script payloads in every text a page may show, and ids
/// that try to leave the output folder.
fn hostile_org(dir: &Path) {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    project_file(dir, &data, None);
    std::fs::write(
        data.join("sources.yaml"),
        "people:\n  - files: people.csv\n    format: csv\n    columns: {talent_id: id, name: name, role: role, team: team, manager: manager, hire_date: hired, locale: locale}\n\
reviews:\n  - files: \"{cycle}/reviews.csv\"\n    format: csv\n    columns: {employee: id, kind: kind, item: item, rating: rating, comment: comment}\n\
goals:\n  - files: \"{cycle}/goals.csv\"\n    format: csv\n    columns: {goal_id: goal, employee: id, title: title, template: template, rating: result}\n",
    )
    .unwrap();
    std::fs::write(
        data.join("people.csv"),
        "id,name,role,team,manager,hired,locale\n\
M1,<script>alert('boss')</script>Boss,sales_manager,<b>Team</b>,,2015-01-01,zh-CN\n\
../../x,<img src=x onerror=alert(1)>,sales_rep,<b>Team</b>,M1,2020-01-01,en\n\
/etc/passwd,\"Quote \"\"><svg onload=alert(2)>\",sales_rep,T2,M1,2020-01-01,\n\
E3,{{ 7*7 }} &amp; ${7*7},sales_rep,T2,M1,2020-01-01,\n",
    )
    .unwrap();
    for cycle in ["2025H2", "2026H1"] {
        std::fs::create_dir_all(data.join(cycle)).unwrap();
        let mut reviews = String::from("id,kind,item,rating,comment\n");
        let mut goals = String::from("goal,id,title,template,result\n");
        for (i, id) in ["M1", "../../x", "/etc/passwd", "E3"].iter().enumerate() {
            reviews.push_str(&format!(
                "{id},overall,,B,<script>alert('comment {i}')</script>\n"
            ));
            for (c, r) in [
                ("customer_needs_analysis", "C"),
                ("product_knowledge", "D"),
                ("team_coaching", "C"),
            ] {
                reviews.push_str(&format!(
                    "{id},competency,{c},{r},</td><script>alert({i})</script>\n"
                ));
            }
            goals.push_str(&format!(
                "G{i}-{cycle},{id},<script>alert('goal {i}')</script>\"><iframe src=//evil.example>,renewal_growth,符合期望\n"
            ));
        }
        std::fs::write(data.join(cycle).join("reviews.csv"), reviews).unwrap();
        std::fs::write(data.join(cycle).join("goals.csv"), goals).unwrap();
    }
}

#[test]
fn hostile_exports_come_out_escaped_and_inside_the_output() {
    let tmp = tempfile::tempdir().unwrap();
    let org = tmp.path().join("org");
    hostile_org(&org);
    let out = tmp.path().join("out").join("site");
    let run = talentloop(
        &[
            "build",
            "--project",
            org.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--as-of",
            AS_OF,
        ],
        &repo(),
        &[("TALENTLOOP_SECRET", SECRET)],
    );
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let manifest = manifest(&out);
    let people = manifest["people"].as_object().unwrap();
    for id in ["M1", "../../x", "/etc/passwd", "E3"] {
        assert!(people.contains_key(id), "{id} has a page: {people:?}");
    }
    // Every file is inside the output folder, and nothing was written elsewhere.
    let top = names_in(tmp.path());
    assert_eq!(top, vec!["org", "out"]);
    let beside = names_in(&tmp.path().join("out"));
    assert_eq!(beside, vec!["site", "site.access.json"]);
    assert!(!Path::new("/x.html").exists());
    let site = read_tree(&out);
    let mut checked = 0;
    for (rel, bytes) in &site {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = text(bytes);
        assert!(
            html_errors(&html).is_empty(),
            "{rel}: {:?}",
            html_errors(&html)
        );
        for raw in ["<script", "<img", "<svg onload", "<iframe", "<b>Team"] {
            assert!(!html.contains(raw), "{rel} holds `{raw}` unescaped");
        }
        assert!(
            !html.contains("alert('comment"),
            "{rel} shows a review comment"
        );
        if rel.starts_with("p/") || rel.starts_with("m/") {
            checked += 1;
        }
    }
    assert_eq!(checked, 5, "four employee pages and one team page");
    // The payloads are there, as text.
    let page = |id: &str, kind: &str| text(&site[people[id][kind].as_str().unwrap()]);
    let x = page("../../x", "employee");
    assert!(
        x.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "the name is shown escaped"
    );
    assert!(
        x.contains("&lt;script&gt;alert(&#x27;goal 1&#x27;)&lt;&#x2f;script&gt;"),
        "the goal title is shown escaped"
    );
    assert!(x.contains("lang=\"en\""));
    let e3 = visible_text(&page("E3", "employee"));
    assert!(
        e3.contains("{{ 7*7 }} &amp; ${7*7}"),
        "template syntax in data is text"
    );
    let team = page("M1", "team");
    assert!(team.contains("Quote &quot;&gt;&lt;svg onload=alert(2)&gt;"));
}

/// The HR section of both samples: its pages are in `hr/` and in the manifest's `hr`
/// audience only (neither public nor anyone's personal page), and no other page links to
/// them or holds anything of them.
#[test]
fn hr_pages_stay_in_their_folder_and_audience() {
    for project in [repo(), repo().join("examples/acme-engineering")] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("site");
        build(&project, &out, &[]);
        let m = manifest(&out);
        let hr: BTreeSet<String> = m["audiences"]["hr"]["pages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_owned())
            .collect();
        assert_eq!(hr.len(), 16);
        assert_eq!(m["audiences"]["hr"]["folder"], "hr");
        let in_folder: BTreeSet<String> = read_tree(&out)
            .into_keys()
            .filter(|p| p.starts_with("hr/"))
            .collect();
        assert_eq!(
            in_folder, hr,
            "the folder holds exactly the audience's pages"
        );
        for p in &hr {
            assert!(!m["pages"].as_object().unwrap().contains_key(p), "{p}");
            assert!(
                !m["public"].as_array().unwrap().iter().any(|x| x == p),
                "{p}"
            );
        }
        for home in m["people"].as_object().unwrap().values() {
            for kind in ["employee", "team"] {
                if let Some(p) = home[kind].as_str() {
                    assert!(!p.starts_with("hr/"), "{p}");
                }
            }
        }
        // No page outside the section links into it or carries its figures.
        let markers = [
            "hr&#x2f;",
            "hr/",
            "hr-nav",
            "k-legend",
            "HR数据分析",
            "HR analytics",
            "九宫格",
            "9-box",
            "class=\"box ",
            "hr-heat",
        ];
        for (rel, bytes) in read_tree(&out) {
            if !rel.ends_with(".html") || rel.starts_with("hr/") {
                continue;
            }
            let html = text(&bytes);
            for marker in markers {
                assert!(!html.contains(marker), "{rel} holds `{marker}`");
            }
        }
        // HR pages link only within the section and to the public pages.
        for p in &hr {
            let html = std::fs::read_to_string(out.join(p)).unwrap();
            for href in html.split("href=\"").skip(1) {
                let href = href.split('"').next().unwrap().replace("&#x2f;", "/");
                assert!(
                    !href.contains("p/") && !href.contains("m/"),
                    "{p} links to a personal page: {href}"
                );
            }
        }
    }
}

/// A small org with the sample's model and rules: `teams` teams of the given sizes (each
/// with its own manager, in a team of managers), two cycles of reviews with ratings drawn
/// from `seed`, and a minimum group size `k`.
fn small_org(dir: &Path, teams: &[usize], k: u32, seed: u64) -> Vec<(String, usize)> {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    project_file(dir, &data, None);
    let project = dir.join("talentloop.yaml");
    let mut text = std::fs::read_to_string(&project).unwrap();
    text.push_str(&format!("privacy:\n  min_group_size: {k}\n"));
    std::fs::write(&project, text).unwrap();
    std::fs::write(
        data.join("sources.yaml"),
        "people:\n  - files: people.csv\n    format: csv\n    columns: {talent_id: id, name: name, role: role, team: team, manager: manager, hire_date: hired}\n\
reviews:\n  - files: \"{cycle}/reviews.csv\"\n    format: csv\n    columns: {employee: id, kind: kind, item: item, rating: rating}\n",
    )
    .unwrap();
    // Names that are no part of one another, so a search for one finds only it.
    const NAMES: [&str; 6] = ["甲组", "乙组", "丙组", "丁组", "戊组", "己组"];
    let mut people = String::from("id,name,role,team,manager,hired\n");
    let mut ids: Vec<String> = Vec::new();
    let mut sizes: Vec<(String, usize)> = Vec::new();
    for (t, size) in teams.iter().enumerate() {
        let manager = format!("M{t}");
        people.push_str(&format!(
            "{manager},经理{t},sales_manager,管理层,,2015-01-01\n"
        ));
        ids.push(manager.clone());
        for i in 0..*size {
            let id = format!("E{t}x{i}");
            people.push_str(&format!(
                "{id},员工{t}号{i},sales_rep,{},{manager},2020-01-01\n",
                NAMES[t]
            ));
            ids.push(id);
        }
        sizes.push((NAMES[t].to_owned(), *size));
    }
    sizes.push(("管理层".to_owned(), teams.len()));
    std::fs::write(data.join("people.csv"), people).unwrap();
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    const GRADES: [&str; 5] = ["D", "C", "B", "A", "S"];
    for cycle in ["2025H2", "2026H1"] {
        std::fs::create_dir_all(data.join(cycle)).unwrap();
        let mut reviews = String::from("id,kind,item,rating\n");
        for id in &ids {
            reviews.push_str(&format!(
                "{id},overall,,{}\n",
                GRADES[(next() % 5) as usize]
            ));
            for c in [
                "customer_needs_analysis",
                "product_knowledge",
                "business_negotiation",
                "team_coaching",
            ] {
                reviews.push_str(&format!(
                    "{id},competency,{c},{}\n",
                    GRADES[(next() % 5) as usize]
                ));
            }
        }
        std::fs::write(data.join(cycle).join("reviews.csv"), reviews).unwrap();
    }
    sizes
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 10,
        ..proptest::prelude::ProptestConfig::default()
    })]

    /// Whatever the sizes of teams and the minimum group size, no figure of a group smaller
    /// than k appears on an HR or team page: a small team's rows hold only suppressed or
    /// unknown cells, it is not placed on the maturity quadrant nor drawn as a trend line,
    /// every 9-box count shown is 0 or at least k, and a manager of fewer than k reports sees
    /// no team aggregate.
    #[test]
    fn no_figure_of_a_group_smaller_than_k_appears(
        teams in proptest::collection::vec(1usize..9, 1..5),
        k in 2u32..7,
        seed in proptest::prelude::any::<u64>(),
    ) {
        let tmp = tempfile::tempdir().unwrap();
        let org = tmp.path().join("org");
        let sizes = small_org(&org, &teams, k, seed);
        // Roles are groups too: managers and reps.
        let roles = [
            ("销售经理".to_owned(), teams.len()),
            ("销售代表".to_owned(), teams.iter().sum::<usize>()),
        ];
        let pipeline = Pipeline::of(&org);
        assert_eq!(pipeline.model.min_group_size, k);
        let out = tmp.path().join("site");
        pipeline.build(&pipeline.history, &out);
        let pages = hr_pages(&out);
        assert_eq!(pages.len(), 16);
        for (path, html) in &pages {
            assert!(html_errors(html).is_empty(), "{path}");
            for (team, size) in sizes.iter().chain(&roles) {
                if *size >= k as usize {
                    continue;
                }
                for row in rows_headed(html, team) {
                    for cell in row {
                        assert!(!shows_figure(cell), "{path}: {team} ({size} < {k}) shows {cell}");
                    }
                }
                for label in html.match_indices("class=\"point-label\"") {
                    let rest = &html[label.0..];
                    let text = &rest[rest.find('>').unwrap() + 1..rest.find("</text>").unwrap()];
                    assert_ne!(text, team.as_str(), "{path}: {team} on the quadrant");
                }
                assert!(
                    !html.contains(&format!("\">{team}</span> ")),
                    "{path}: {team} has a trend line"
                );
            }
            // 9-box counts: 0, at least k, or suppressed.
            if html.contains("class=\"boxes\"") {
                let table = html.split("class=\"boxes\"").nth(1).unwrap();
                let table = &table[..table.find("</table>").unwrap()];
                for row in table.split("<tr>").skip(2) {
                    let cell = row.split("<td").nth(3).unwrap();
                    if shows_figure(cell) {
                        let n: usize = visible_text(&format!("<td{cell}")).trim().parse().unwrap();
                        assert!(n >= k as usize, "{path}: a box of {n} < {k}");
                    }
                }
            }
        }
        // Every team has rows on the HR pages; the large ones show figures.
        for (team, size) in &sizes {
            let rows: Vec<Vec<&str>> = pages.iter().flat_map(|(_, h)| rows_headed(h, team)).collect();
            assert!(rows.len() >= 3, "{team}");
            let shown = rows.iter().flatten().filter(|c| shows_figure(c)).count();
            assert_eq!(shown > 0, *size >= k as usize, "{team} ({size}, k = {k})");
        }
        for (role, size) in &roles {
            let rows: Vec<Vec<&str>> = pages.iter().flat_map(|(_, h)| rows_headed(h, role)).collect();
            assert!(!rows.is_empty(), "{role}");
            let shown = rows.iter().flatten().filter(|c| shows_figure(c)).count();
            assert_eq!(shown > 0, *size >= k as usize, "{role} ({size}, k = {k})");
        }
        // Team pages: a manager of fewer than k reports sees no aggregate.
        let m = manifest(&out);
        for (t, size) in teams.iter().enumerate() {
            let rel = m["people"][format!("M{t}")]["team"].as_str().unwrap();
            let html = std::fs::read_to_string(out.join(rel)).unwrap();
            let foot = html.split("<tfoot>").nth(1).unwrap();
            let foot = &foot[..foot.find("</tfoot>").unwrap()];
            let cells: Vec<&str> = foot.split("<td").skip(1).collect();
            assert!(!cells.is_empty());
            for cell in cells {
                let hidden = cell.starts_with(" class=\"num k\"");
                assert_eq!(hidden, *size < k as usize, "M{t} ({size} reports, k = {k}): {cell}");
            }
        }
    }
}
