//! The HR data dictionary (HR数据字典): every field the sources map, its meaning, the file and
//! column it is read from, and its coverage (share of the file's loaded records with a
//! value in the field). A people file's rows are the cycle's assignments; a person's own
//! details (name, email, hire date, location, locale, aliases) are those of their latest
//! row, so their coverage is counted on that.

use super::types::DictionaryEntry;
use crate::data::{Dataset, ReviewItem};
use std::collections::BTreeMap;
use std::path::Path;

/// The meaning of a field of a source kind: (en, zh-CN).
pub fn meaning(source: &str, field: &str) -> (&'static str, &'static str) {
    match (source, field) {
        ("people", "talent_id") => ("the canonical talent ID of the person", "统一人才ID"),
        ("people", "name") => ("the person's name", "姓名"),
        ("people", "email") => ("the person's email address", "邮箱"),
        ("people", "role") => ("the role the person holds in the cycle", "本周期所在岗位"),
        ("people", "team") => (
            "the team the person belongs to in the cycle",
            "本周期所在团队",
        ),
        ("people", "manager") => ("the person's direct manager", "直属上级"),
        ("people", "hire_date") => ("the date the person was hired", "入职日期"),
        ("people", "location") => ("where the person works", "工作地点"),
        ("people", "locale") => ("the person's language for pages", "页面语言"),
        ("people", "aliases") => ("other systems' ids of the person", "其他系统编号（别名）"),
        ("reviews" | "goals" | "dialogues", "employee") => {
            ("the person the record is about", "员工")
        }
        ("reviews" | "goals" | "dialogues", "cycle") => ("the review cycle", "考核周期"),
        ("reviews", "kind") => (
            "what is rated: overall, goal or competency",
            "评估类型：综合、目标或能力",
        ),
        ("reviews", "item") => ("the goal or competency rated", "评估项（目标或能力项）"),
        ("reviews", "rating") => ("the rating on the project's scale", "评分"),
        ("reviews", "comment") => ("the reviewer's comment", "评语"),
        ("reviews", "reviewer") => ("who gave the rating", "评估人"),
        ("reviews", "date") => ("when the rating was given", "评估日期"),
        ("goals", "goal_id") => ("the goal's id", "目标编号"),
        ("goals", "title") => ("the goal's title", "目标名称"),
        ("goals", "template") => ("the goal template the goal follows", "目标模板"),
        ("goals", "competencies") => ("competencies the goal needs", "关联能力"),
        ("goals", "weight") => ("the goal's weight", "权重"),
        ("goals", "rating") => ("the goal's result", "目标结果"),
        ("learning", "person") => ("the learner", "学员"),
        ("learning", "resource") => ("the learning resource", "学习资源"),
        ("learning", "status") => (
            "enrolled, in progress, completed, passed or failed",
            "学习状态",
        ),
        ("learning", "date") => ("when the status was reached", "完成日期"),
        ("learning", "started") => ("when the learning started", "开始日期"),
        ("learning", "score") => ("the score reached", "成绩"),
        ("learning", "hours") => ("learning hours recorded", "学时"),
        ("dialogues", "date") => ("when the development dialogue was held", "发展对话日期"),
        ("dialogues", "manager") => ("the manager holding the dialogue", "对话上级"),
        ("dialogues", "action_id") => ("the agreed action's id", "发展行动编号"),
        ("dialogues", "action") => ("the agreed action", "发展行动"),
        ("dialogues", "competency") => ("the competency the action develops", "行动对应能力项"),
        ("dialogues", "due") => ("when the action is due", "截止日期"),
        ("dialogues", "status") => ("the action's status", "行动状态"),
        ("dialogues", "mentor") => ("the mentor of the action", "导师"),
        _ => ("", ""),
    }
}

/// Per file: its source kind, records, and records with a value per field.
#[derive(Default)]
struct FileCount {
    source: &'static str,
    rows: u32,
    with_value: BTreeMap<&'static str, u32>,
}

impl FileCount {
    fn add(&mut self, source: &'static str, fields: &[(&'static str, bool)]) {
        self.source = source;
        self.rows += 1;
        for (f, yes) in fields {
            *self.with_value.entry(f).or_default() += u32::from(*yes);
        }
    }
}

fn count(ds: &Dataset) -> BTreeMap<u32, FileCount> {
    let mut files: BTreeMap<u32, FileCount> = BTreeMap::new();
    for p in &ds.people {
        for a in p.assignments.iter().flatten() {
            files.entry(a.origin.file).or_default().add(
                "people",
                &[
                    ("talent_id", true),
                    ("name", p.name.is_some()),
                    ("email", p.email.is_some()),
                    ("locale", p.locale.is_some()),
                    ("hire_date", p.hire_date.is_some()),
                    ("location", p.location.is_some()),
                    ("aliases", !p.aliases.is_empty()),
                    ("role", a.role.is_some()),
                    ("team", a.team.is_some()),
                    ("manager", a.manager.is_some()),
                ],
            );
        }
    }
    for r in &ds.reviews {
        files.entry(r.origin.file).or_default().add(
            "reviews",
            &[
                ("item", r.item != ReviewItem::Overall),
                ("comment", r.comment.is_some()),
                ("reviewer", r.reviewer.is_some()),
            ],
        );
    }
    for g in &ds.goals {
        files.entry(g.origin.file).or_default().add(
            "goals",
            &[
                ("title", g.title.is_some()),
                ("template", g.template.is_some()),
                ("competencies", !g.competencies.is_empty()),
                ("weight", g.weight.is_some()),
                ("rating", g.result.is_some()),
            ],
        );
    }
    for l in &ds.learning {
        files.entry(l.origin.file).or_default().add(
            "learning",
            &[
                ("date", l.date.is_some()),
                ("started", l.started.is_some()),
                ("score", l.score.is_some()),
                ("hours", l.hours.is_some()),
            ],
        );
    }
    for d in &ds.dialogues {
        let a = d.action.as_ref();
        files.entry(d.origin.file).or_default().add(
            "dialogues",
            &[
                ("manager", d.manager.is_some()),
                ("action_id", a.is_some_and(|a| a.id.is_some())),
                ("action", a.is_some_and(|a| a.text.is_some())),
                ("competency", a.is_some_and(|a| a.competency.is_some())),
                ("due", a.is_some_and(|a| a.due.is_some())),
                ("status", a.is_some()),
                ("mentor", a.is_some_and(|a| a.mentor.is_some())),
            ],
        );
    }
    files
}

/// Every mapped field of every file that loaded records, by file then field. A field the
/// records always carry (ids, dates the record needs) has a value on every loaded record.
/// Files are named relative to the data folder `data`, so the dictionary (and the HR page
/// that shows it) reads the same on every machine and names no folder of the build's.
pub fn dictionary(ds: &Dataset, data: &Path) -> Vec<DictionaryEntry> {
    let folder = format!("{}/", crate::model::display_path(data));
    let counts = count(ds);
    let mut out = Vec::new();
    for (i, file) in ds.files.iter().enumerate() {
        let Some(c) = counts.get(&(i as u32)) else {
            continue;
        };
        for (field, column) in &file.columns {
            let (en, zh) = meaning(c.source, field);
            let with_value = c.with_value.get(field.as_str()).copied().unwrap_or(c.rows);
            out.push(DictionaryEntry {
                source: c.source.to_owned(),
                field: field.clone(),
                meaning_en: en.to_owned(),
                meaning_zh: zh.to_owned(),
                file: file
                    .path
                    .strip_prefix(&folder)
                    .unwrap_or(&file.path)
                    .to_owned(),
                column: column.clone(),
                rows: c.rows,
                with_value,
                coverage: (c.rows > 0).then(|| f64::from(with_value) / f64::from(c.rows)),
            });
        }
    }
    out
}
