//! A generator of Rust SDKs from Smithy 2.0 JSON AST models of services that
//! speak `aws.protocols#restJson1`, `aws.protocols#awsJson1_0` or
//! `aws.protocols#awsJson1_1` (one implementation each behind
//! `emit::protocol::ProtocolGenerator`).
//!
//! The pipeline, one module per step:
//! [`model`] loads and validates the JSON AST → [`ir`] resolves it into what
//! the emitters need → [`emit`] turns the IR into files → [`output`] writes
//! them atomically or checks them. [`config`] says what to call the crate.
//! [`diff`] compares two versions of a model for the API change report.

pub mod config;
pub mod diff;
pub mod emit;
pub mod ir;
pub mod markdown;
pub mod model;
pub mod output;
pub mod symbols;

pub use config::Config;
pub use emit::GeneratedFile;
pub use model::{ModelError, ModelErrors};

/// Runs the whole pipeline on a model's text: load, validate, build the IR,
/// emit. Returns every generated file (path relative to the output directory)
/// or every problem in the model.
pub fn generate(model_text: &str, config: &Config) -> Result<Vec<GeneratedFile>, ModelErrors> {
    let ir = ir::build_from_str(model_text, config)?;
    Ok(emit::emit(&ir, config))
}
