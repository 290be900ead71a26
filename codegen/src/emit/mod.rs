//! Emitters: each reads the [`Ir`] and produces files. One module per kind
//! of output; [`format`] turns token streams into formatted Rust with the
//! "generated" header.

mod cli;
mod client;
pub mod describe;
mod examples;
mod format;
mod getting_started;
mod manifest;
mod mock;
mod operations;
pub(crate) mod protocol;
mod protocol_tests;
pub mod reference;
mod rust_types;
mod types;
mod validators;
mod values;

use crate::config::Config;
use crate::ir::Ir;

/// A file to write, relative to the output directory.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct GeneratedFile {
    /// Path relative to the output directory, `/`-separated.
    pub path: String,
    /// The whole file.
    pub contents: String,
}

impl GeneratedFile {
    fn new(path: impl Into<String>, contents: String) -> GeneratedFile {
        GeneratedFile { path: path.into(), contents }
    }
}

/// An emitter: the files it makes from the IR.
type Emitter = fn(&Ir, &Config) -> Vec<GeneratedFile>;

/// Every emitter, in no particular order (the files are sorted at the end).
const EMITTERS: &[Emitter] = &[
    manifest::emit,
    types::emit,
    validators::emit,
    client::emit,
    operations::emit,
    protocol::emit,
    protocol::server::emit,
    mock::emit,
    cli::emit,
    reference::emit,
    protocol_tests::emit,
];

/// Every file of the generated crate, sorted by path.
pub fn emit(ir: &Ir, config: &Config) -> Vec<GeneratedFile> {
    // Emitters share nothing but the IR, and formatting dominates their cost,
    // so they run side by side; sorting keeps the result deterministic.
    let mut files: Vec<GeneratedFile> = std::thread::scope(|scope| {
        let running: Vec<_> = EMITTERS.iter().map(|emit| scope.spawn(move || emit(ir, config))).collect();
        running
            .into_iter()
            .flat_map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    });
    files.sort();
    files
}
