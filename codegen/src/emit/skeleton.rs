//! The crate around the generated code: its manifest and `lib.rs`.

use quote::{format_ident, quote};

use super::GeneratedFile;
use super::format::{rust_file, toml_file};
use super::rustdoc::doc_attrs;
use super::types::MODULES;
use crate::config::Config;
use crate::ir::Ir;

pub fn emit(ir: &Ir, config: &Config) -> Vec<GeneratedFile> {
    vec![GeneratedFile::new("Cargo.toml", manifest(config)), GeneratedFile::new("src/lib.rs", lib_rs(ir))]
}

fn manifest(config: &Config) -> String {
    let krate = &config.krate;
    toml_file(&format!(
        "[package]\nname = \"{}\"\nversion = \"{}\"\ndescription = \"{}\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nsdk-runtime = {{ path = \"{}\" }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n",
        krate.name,
        krate.version,
        krate.description.replace('"', "\\\""),
        krate.runtime_path,
    ))
}

fn lib_rs(ir: &Ir) -> String {
    let service = &ir.service;
    let mut text = format!("{} (API version {}).", service.title, service.version);
    if let Some(docs) = &service.docs {
        text.push_str("\n\n");
        text.push_str(docs);
    }
    let docs: Vec<String> = super::rustdoc::doc_lines(&text);
    let modules = MODULES.iter().map(|(module, docs)| {
        let module = format_ident!("{}", module);
        let docs = doc_attrs(docs);
        quote! { #docs pub mod #module; }
    });
    rust_file(quote! {
        #(#![doc = #docs])*
        #![deny(missing_docs)]

        #(#modules)*
        mod validation;

        pub use sdk_runtime::validation::{Validate, ValidationError, Violation};
        pub use sdk_runtime::{Blob, BuildError, DateTime, Document};
    })
}
