//! The crate around the generated code: its manifest and `lib.rs`.

use quote::quote;

use super::GeneratedFile;
use super::format::{rust_file, toml_file};
use crate::config::Config;
use crate::ir::Ir;

pub fn emit(ir: &Ir, config: &Config) -> Vec<GeneratedFile> {
    vec![GeneratedFile::new("Cargo.toml", manifest(config)), GeneratedFile::new("src/lib.rs", lib_rs(ir))]
}

fn manifest(config: &Config) -> String {
    let krate = &config.krate;
    toml_file(&format!(
        "[package]\nname = \"{}\"\nversion = \"{}\"\ndescription = \"{}\"\nedition = \"2024\"\npublish = false\n\n[lib]\npath = \"src/lib.rs\"\n",
        krate.name,
        krate.version,
        krate.description.replace('"', "\\\""),
    ))
}

fn lib_rs(ir: &Ir) -> String {
    let service = &ir.service;
    let mut docs = vec![format!("{} (API version {}).", service.title, service.version)];
    if let Some(text) = &service.docs {
        docs.push(String::new());
        docs.extend(text.lines().map(str::to_owned));
    }
    let docs = docs.iter().map(|line| format!(" {line}"));
    rust_file(quote! {
        #(#![doc = #docs])*
        #![deny(missing_docs)]
    })
}
