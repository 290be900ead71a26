//! Emitters: each reads the [`Ir`] and produces files. One module per kind
//! of output; [`format`] turns token streams into formatted Rust with the
//! "generated" header.

mod format;
pub(crate) mod rust_types;
pub(crate) mod rustdoc;
mod skeleton;
mod types;
mod validators;

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

/// Every file of the generated crate, sorted by path.
pub fn emit(ir: &Ir, config: &Config) -> Vec<GeneratedFile> {
    let mut files = skeleton::emit(ir, config);
    files.extend(types::emit(ir));
    files.push(validators::emit(ir));
    files.sort();
    files
}
