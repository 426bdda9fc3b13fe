//! The org model: project file, competencies, roles, resources, mentors, scales, goal
//! templates and dialogue guides, loaded from YAML, merged by kind and validated.
//!
//! [`check_project`] is the edge that reads the folder; [`check_inputs`] does the work on
//! bytes in memory, so tests and fuzzing need no files.

mod load;
pub mod raw;
pub mod schema;
mod types;
pub(crate) mod validate;

pub use load::{Input, MAX_FILE_BYTES, parse_yaml};
pub use types::*;
pub use validate::{BUILTIN_SCALE, SUPPORTED_LOCALES};

use crate::diag::{Code, Diagnostic, SourceMap, Span};
use std::path::{Component, Path, PathBuf};
use validate::{ParsedModel, ParsedProject};

/// The name of the project file in an org's folder.
pub const PROJECT_FILE: &str = "talentloop.yaml";

/// The outcome of checking an org: the model when it is valid, and every diagnostic.
#[derive(Debug)]
pub struct Checked {
    pub model: Option<OrgModel>,
    pub diagnostics: Vec<Diagnostic>,
    pub sources: SourceMap,
}

/// Reads and validates the org in `dir`: its project file and every model file.
pub fn check_project(dir: &Path) -> Checked {
    let project_path = dir.join(PROJECT_FILE);
    let mut sources = SourceMap::default();
    let mut diagnostics = Vec::new();
    let bytes = match std::fs::read(&project_path) {
        Ok(b) => b,
        Err(e) => {
            let message = if e.kind() == std::io::ErrorKind::NotFound {
                Diagnostic::new(Code::ProjectNotFound, format!("no `{PROJECT_FILE}` in `{}`", display_path(dir)))
                    .help("pass the org's folder with `--project DIR`, or create one with `talentloop init DIR`")
            } else {
                Diagnostic::new(
                    Code::Io,
                    format!("failed to read `{}`: {e}", display_path(&project_path)),
                )
            };
            diagnostics.push(message);
            return Checked {
                model: None,
                diagnostics,
                sources,
            };
        }
    };
    let project_input = Input {
        path: display_path(&project_path),
        bytes,
    };
    let (file, project) =
        parse_yaml::<raw::ProjectFile>(&project_input, &mut sources, &mut diagnostics);
    let Some(raw) = project else {
        return Checked {
            model: None,
            diagnostics,
            sources,
        };
    };
    let project = ParsedProject { file, raw };
    let models_dir = dir.join(&project.raw.paths.models.value);
    let models = read_model_files(&models_dir, &project, &mut diagnostics);
    finish(dir, project, &models, sources, diagnostics)
}

/// Validates an org given as bytes: the project file and the model files, in order.
/// `root` is the folder the project's paths are resolved against.
pub fn check_inputs(root: &Path, project: &Input, models: &[Input]) -> Checked {
    let mut sources = SourceMap::default();
    let mut diagnostics = Vec::new();
    let (file, project) = parse_yaml::<raw::ProjectFile>(project, &mut sources, &mut diagnostics);
    let Some(raw) = project else {
        return Checked {
            model: None,
            diagnostics,
            sources,
        };
    };
    finish(
        root,
        ParsedProject { file, raw },
        models,
        sources,
        diagnostics,
    )
}

fn finish(
    root: &Path,
    project: ParsedProject,
    models: &[Input],
    mut sources: SourceMap,
    mut diagnostics: Vec<Diagnostic>,
) -> Checked {
    let mut parsed = Vec::with_capacity(models.len());
    let mut complete = true;
    for input in models {
        let (file, raw) = parse_yaml::<raw::ModelFile>(input, &mut sources, &mut diagnostics);
        match raw {
            Some(raw) => {
                if is_blank(&sources.file(file).text) {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::EmptyFile,
                            format!("`{}` holds no entries", input.path),
                        )
                        .at(
                            Span {
                                file,
                                start: 0,
                                end: 0,
                            },
                            "empty file",
                        )
                        .help("add entries or delete the file"),
                    );
                }
                parsed.push(ParsedModel { file, raw });
            }
            None => complete = false,
        }
    }
    let model = validate::validate(&project, &parsed, root, complete, &mut diagnostics);
    let model = (!diagnostics.iter().any(Diagnostic::is_error)).then_some(model);
    crate::diag::sort(&mut diagnostics, &sources);
    Checked {
        model,
        diagnostics,
        sources,
    }
}

/// A file with nothing but blank lines, comments and document markers.
fn is_blank(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .all(|l| l.is_empty() || l.starts_with('#') || l == "---" || l == "...")
}

/// Every `.yaml`/`.yml` file under `dir`, in a stable order (by path), as inputs.
fn read_model_files(
    dir: &Path,
    project: &ParsedProject,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Input> {
    let at = Span {
        file: project.file,
        start: project.raw.paths.models.start,
        end: project.raw.paths.models.end,
    };
    let with_place = |d: Diagnostic| {
        if at.end > at.start {
            d.at(at, "models folder")
        } else {
            d
        }
    };
    if !dir.is_dir() {
        diags.push(with_place(
            Diagnostic::new(
                Code::NoModelFiles,
                format!("the models folder `{}` does not exist", display_path(dir)),
            )
            .help("set `paths.models` in talentloop.yaml to the folder that holds the model files"),
        ));
        return Vec::new();
    }
    let mut inputs = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name();
    for entry in walker
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.path()))
    {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::new(
                    Code::Io,
                    format!("failed to read the models folder: {e}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        if !entry.file_type().is_file() || !is_model_file(path) {
            continue;
        }
        match std::fs::read(path) {
            Ok(bytes) => inputs.push(Input {
                path: display_path(path),
                bytes,
            }),
            Err(e) => diags.push(Diagnostic::new(
                Code::Io,
                format!("failed to read `{}`: {e}", display_path(path)),
            )),
        }
    }
    if inputs.is_empty() {
        diags.push(with_place(Diagnostic::new(
            Code::NoModelFiles,
            format!(
                "the models folder `{}` holds no `.yaml` files",
                display_path(dir)
            ),
        )));
    }
    inputs
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn is_model_file(path: &Path) -> bool {
    let yaml = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    );
    let reserved = matches!(
        path.file_name().and_then(|n| n.to_str()),
        Some(PROJECT_FILE | "sources.yaml")
    );
    yaml && !reserved
}

/// A path as shown in diagnostics: `..` and `.` resolved lexically, `/` separators.
pub fn display_path(path: &Path) -> String {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                let last_is_name =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if !(last_is_name && out.pop()) {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    let s = out.to_string_lossy().replace('\\', "/");
    if s.is_empty() { ".".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::display_path;
    use std::path::Path;

    #[test]
    fn display_paths_resolve_dots() {
        assert_eq!(
            display_path(Path::new("examples/eng/../../org-models/x.yaml")),
            "org-models/x.yaml"
        );
        assert_eq!(
            display_path(Path::new("./talentloop.yaml")),
            "talentloop.yaml"
        );
    }
}
