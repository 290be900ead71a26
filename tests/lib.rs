//! Shared helpers for the integration tests (`it/`) and the benchmarks:
//! models and the generator's inputs here, the generated client and its test
//! server in [`support`].

pub mod support;

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ sits in the workspace").to_path_buf()
}

/// The shipped model's text.
pub fn shipped_model() -> String {
    std::fs::read_to_string(workspace_root().join("model/wickr.json")).expect("model/wickr.json is readable")
}

/// The shipped codegen config.
pub fn shipped_config() -> codegen::Config {
    let text =
        std::fs::read_to_string(workspace_root().join("model/codegen.toml")).expect("model/codegen.toml is readable");
    codegen::Config::from_toml(&text).expect("the shipped config is valid")
}

/// A small valid model: one service, one operation with a label, a query
/// parameter and an output member. Tests break it one way at a time.
pub fn minimal_model() -> Value {
    json!({
        "smithy": "2.0",
        "shapes": {
            "example#Service": {
                "type": "service",
                "version": "2024-01-01",
                "operations": [{"target": "example#GetThing"}],
                "traits": {"aws.protocols#restJson1": {}}
            },
            "example#GetThing": {
                "type": "operation",
                "input": {"target": "example#GetThingInput"},
                "output": {"target": "example#GetThingOutput"},
                "traits": {"smithy.api#http": {"method": "GET", "uri": "/things/{id}"}}
            },
            "example#GetThingInput": {
                "type": "structure",
                "members": {
                    "id": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
                    "token": {"target": "smithy.api#String", "traits": {"smithy.api#httpQuery": "token"}}
                },
                "traits": {"smithy.api#input": {}}
            },
            "example#GetThingOutput": {
                "type": "structure",
                "members": {"name": {"target": "smithy.api#String"}},
                "traits": {"smithy.api#output": {}}
            }
        }
    })
}

/// Runs the whole pipeline on `model` with the example config; returns the
/// problems, one line each (`at: message`), or an empty list on success.
pub fn problems(model_text: &str) -> Vec<String> {
    match codegen::generate(model_text, &codegen::Config::example()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors.errors().iter().map(ToString::to_string).collect(),
    }
}
