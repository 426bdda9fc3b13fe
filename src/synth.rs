//! Synthetic orgs of any size, generated deterministically from a seed, for benchmarks and
//! demos. This is the one generator: later stages extend it with people and review data.

use std::fmt::Write as _;

/// How large a synthetic model to generate.
#[derive(Debug, Clone, Copy)]
pub struct ModelSize {
    pub competencies: usize,
    pub roles: usize,
    pub resources: usize,
    /// Entries per generated file, so no single file grows beyond what an editor handles.
    pub per_file: usize,
}

/// The project file and model files `(relative path, YAML)` of a synthetic org.
pub fn model_files(size: ModelSize) -> Vec<(String, String)> {
    let mut files = vec![(
        "talentloop.yaml".to_owned(),
        "name: Synthetic org\ndefault_locale: en\nlocales: [en, zh-CN]\nratings:\n  overall: grade5\n  competency: grade5\n"
            .to_owned(),
    )];
    files.push((
        "models/scales.yaml".into(),
        "rating_scales:\n  - id: grade5\n    labels: [D, C, B, A, S]\n    to_level: {D: 1, C: 2, B: 3, A: 4, S: 5}\n".into(),
    ));
    files.push((
        "models/families.yaml".into(),
        "role_families:\n  - id: ladder\n    name: Ladder\n".into(),
    ));
    chunked(
        &mut files,
        "competencies",
        size.competencies,
        size.per_file,
        |out, i| {
            let _ = writeln!(
                out,
                "  - id: c{i:05}\n    name: {{en: Competency {i}, zh-CN: 能力{i}}}\n    category: cat{}\n    indicators:",
                i % 7
            );
            for level in 1..=5 {
                let _ = writeln!(
                    out,
                    "      {level}: [\"Shows behaviour {level} of competency {i}\"]"
                );
            }
        },
    );
    chunked(&mut files, "roles", size.roles, size.per_file, |out, i| {
        let _ = writeln!(out, "  - id: r{i:05}\n    name: Role {i}");
        if i < size.competencies.min(size.roles) / 2 {
            let _ = writeln!(out, "    family: ladder\n    rank: {}", i + 1);
        }
        if i % 10 != 0 {
            let _ = writeln!(out, "    extends: r{:05}", i - 1);
        }
        let _ = writeln!(out, "    requires:");
        for k in 0..8 {
            let c = (i * 7 + k * 13) % size.competencies;
            let critical = if k == 0 { ", critical: true" } else { "" };
            let _ = writeln!(
                out,
                "      c{c:05}: {{level: {}{critical}}}",
                2 + (i + k) % 4
            );
        }
    });
    chunked(
        &mut files,
        "resources",
        size.resources,
        size.per_file,
        |out, i| {
            let kinds = [
                "course",
                "micro_course",
                "practice",
                "shadowing",
                "project",
                "reading",
                "workshop",
            ];
            let c = i % size.competencies;
            let _ = writeln!(
                out,
                "  - id: res{i:05}\n    kind: {}\n    title: Resource {i}\n    hours: {}\n    targets:\n      - {{competency: c{c:05}, from: {}, to: 5}}",
                kinds[i % kinds.len()],
                1 + i % 12,
                1 + (i / size.competencies) % 4
            );
            if i >= size.competencies && i % 3 == 0 {
                let _ = writeln!(out, "    prerequisites: [res{:05}]", i - size.competencies);
            }
        },
    );
    files
}

fn chunked(
    files: &mut Vec<(String, String)>,
    kind: &str,
    count: usize,
    per_file: usize,
    mut entry: impl FnMut(&mut String, usize),
) {
    let per_file = per_file.max(1);
    for (n, start) in (0..count).step_by(per_file).enumerate() {
        let mut out = format!("{kind}:\n");
        for i in start..(start + per_file).min(count) {
            entry(&mut out, i);
        }
        files.push((format!("models/{kind}-{n:03}.yaml"), out));
    }
}
