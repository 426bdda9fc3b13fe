//! The synthetic-org generator must produce a valid model, or benches measure error paths.

use std::path::Path;
use talentloop::model::{self, Input};
use talentloop::synth::{ModelSize, model_files};

#[test]
fn generated_models_are_valid_and_deterministic() {
    let size = ModelSize {
        competencies: 40,
        roles: 90,
        resources: 130,
        per_file: 25,
    };
    let files = model_files(size);
    assert_eq!(files, model_files(size), "same size, same files");
    let inputs: Vec<Input> = files
        .iter()
        .map(|(p, t)| Input {
            path: p.clone(),
            bytes: t.clone().into_bytes(),
        })
        .collect();
    let checked = model::check_inputs(Path::new("."), &inputs[0], &inputs[1..]);
    let rendered = talentloop::diag::render(
        &checked.diagnostics,
        &checked.sources,
        talentloop::diag::Format::Human,
    );
    assert!(checked.diagnostics.is_empty(), "{rendered}");
    let model = checked.model.expect("valid");
    assert_eq!(
        (
            model.competencies.len(),
            model.roles.len(),
            model.resources.len()
        ),
        (40, 90, 130)
    );
}
