//! The crate around the generated code: its manifest and `lib.rs`.

use quote::{format_ident, quote};

use super::GeneratedFile;
use super::format::{rust_file, toml_file};
use super::rustdoc::doc_attrs;
use super::types::MODULES;
use crate::config::Config;
use crate::ir::Ir;

pub fn emit(ir: &Ir, config: &Config) -> Vec<GeneratedFile> {
    vec![
        GeneratedFile::new("Cargo.toml", manifest(config) + &cli_manifest(config)),
        GeneratedFile::new("src/lib.rs", lib_rs(ir)),
        // prettyplease formats the generated code; rustfmt (and so
        // `cargo fmt --check`) must leave it as the generator wrote it.
        GeneratedFile::new("rustfmt.toml", toml_file("disable_all_formatting = true\n")),
    ]
}

fn manifest(config: &Config) -> String {
    let krate = &config.krate;
    toml_file(&format!(
        "[package]\nname = \"{}\"\nversion = \"{}\"\ndescription = \"{}\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nsdk-runtime = {{ path = \"{}\" }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\nserde_json = \"1\"\n",
        krate.name,
        krate.version,
        krate.description.replace('"', "\\\""),
        krate.runtime_path,
    ))
}

/// The `cli` feature and the binary that needs it: clap is built only for
/// those who ask for the tool, never for the library's users.
fn cli_manifest(config: &Config) -> String {
    let binary = &config.cli.binary;
    format!(
        "\n[features]\n# The `{binary}` command-line tool.\ncli = [\"sdk-runtime/cli\"]\n# `Config::from_sdk_config`: configure from an `aws_types::SdkConfig`.\naws-config = [\"sdk-runtime/aws-config\"]\n\n\
         [[bin]]\nname = \"{binary}\"\npath = \"src/bin/{binary}.rs\"\nrequired-features = [\"cli\"]\n"
    )
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

        pub mod client;
        #[cfg(feature = "cli")]
        pub mod cli;
        #(#modules)*
        pub mod operation;
        mod validation;

        pub use client::Client;

        pub use sdk_runtime::validation::{Validate, ValidationError, Violation};
        pub use sdk_runtime::config::Config;
        pub use sdk_runtime::error::SdkError;
        pub use sdk_runtime::{Blob, BuildError, DateTime, Document};
    })
}
