//! `talentloop init`: a new org with one small, commented file of each kind.
//!
//! The files are kept as real YAML under `src/scaffold/` so that a test can check them like
//! any org; the schemas are written beside them so the modelines resolve offline.

use crate::model::schema;
use anyhow::{Context as _, bail};
use std::path::{Path, PathBuf};

/// The scaffold's files, as `(path in the new org, content)`.
pub const FILES: &[(&str, &str)] = &[
    ("talentloop.yaml", include_str!("scaffold/talentloop.yaml")),
    ("models/scales.yaml", include_str!("scaffold/scales.yaml")),
    (
        "models/competencies.yaml",
        include_str!("scaffold/competencies.yaml"),
    ),
    ("models/roles.yaml", include_str!("scaffold/roles.yaml")),
    (
        "models/resources.yaml",
        include_str!("scaffold/resources.yaml"),
    ),
    ("models/mentors.yaml", include_str!("scaffold/mentors.yaml")),
    ("models/goals.yaml", include_str!("scaffold/goals.yaml")),
    (
        "models/dialogues.yaml",
        include_str!("scaffold/dialogues.yaml"),
    ),
    (
        "rules/development.yaml",
        include_str!("scaffold/rules-development.yaml"),
    ),
    (
        "rules/tests/development.yaml",
        include_str!("scaffold/rules-tests.yaml"),
    ),
];

/// Creates the org in `dir` and returns the paths written. Refuses to touch an existing project.
pub fn init(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    if dir.join(crate::model::PROJECT_FILE).exists() {
        bail!(
            "`{}` already holds a talentloop project; nothing was written",
            dir.display()
        );
    }
    let schemas = schema::all();
    let files = FILES
        .iter()
        .map(|(p, c)| (PathBuf::from(p), c.to_string()))
        .chain(
            schemas
                .into_iter()
                .map(|(name, text)| (Path::new("schemas").join(name), text)),
        );
    let mut written = Vec::new();
    for (rel, content) in files {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("failed to create `{}`", parent.display()))?;
        }
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, content.as_bytes()))
            .with_context(|| format!("failed to write `{}`", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
