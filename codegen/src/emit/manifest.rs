//! The crate around the generated code: its manifest, `lib.rs`, and the
//! `rustfmt.toml` that keeps `cargo fmt` off the generated files.

use quote::{format_ident, quote};
use toml_edit::{Array, DocumentMut, InlineTable, Item, Table, value};

use super::GeneratedFile;
use super::format::{rust_file, toml_file};
use super::types::module_docs;
use crate::config::Config;
use crate::ir::{Ir, Module};
use crate::markdown::rustdoc::{doc_attrs, doc_lines};

/// `Cargo.toml`, `src/lib.rs` and `rustfmt.toml`.
pub fn emit(ir: &Ir, config: &Config) -> Vec<GeneratedFile> {
    vec![
        GeneratedFile::new("Cargo.toml", toml_file(&manifest(ir, config).to_string())),
        GeneratedFile::new("src/lib.rs", lib_rs(ir)),
        // prettyplease formats the generated code; rustfmt (and so
        // `cargo fmt --check`) must leave it as the generator wrote it.
        GeneratedFile::new("rustfmt.toml", toml_file("disable_all_formatting = true\n")),
    ]
}

/// The manifest, written by a TOML serializer so every value is quoted right.
/// The `cli` feature and the binary that needs it mean clap is built only
/// for those who ask for the tool, never for the library's users.
fn manifest(ir: &Ir, config: &Config) -> DocumentMut {
    let krate = &config.krate;
    let binary = &config.cli.binary;
    let mut doc = DocumentMut::new();
    let mut package = Table::new();
    package["name"] = value(&krate.name);
    package["version"] = value(&krate.version);
    package["description"] = value(&krate.description);
    package["edition"] = value("2024");
    package["publish"] = value(false);
    doc["package"] = Item::Table(package);

    // The crate's tests live outside it; an empty test harness would only
    // cost a link. Doctests (examples in the docs) still run.
    let mut lib = Table::new();
    lib["test"] = value(false);
    doc["lib"] = Item::Table(lib);

    let mut dependencies = Table::new();
    let mut runtime = vec![("path", toml_edit::Value::from(krate.runtime_path.as_str()))];
    // What only some models need, built only for them: fancy-regex for
    // patterns the lite engine cannot match, gzip for `@requestCompression`.
    let mut features = Vec::new();
    if ir.uses_unicode_patterns() {
        features.push("unicode-patterns");
    }
    if ir.operations.iter().any(|op| !op.request_compression.is_empty()) {
        features.push("compression");
    }
    if ir.uses_waiters() {
        features.push("waiters");
    }
    if !features.is_empty() {
        runtime.push(("features", toml_edit::Value::Array(Array::from_iter(features))));
    }
    dependencies["sdk-runtime"] = inline(&runtime);
    dependencies["serde"] =
        inline(&[("version", "1".into()), ("features", toml_edit::Value::Array(Array::from_iter(["derive"])))]);
    dependencies["serde_json"] = value("1");
    doc["dependencies"] = Item::Table(dependencies);
    // The protocol tests of the model's `smithy.test` cases, when it has some.
    if super::protocol_tests::has_cases(ir) {
        let mut dev = Table::new();
        dev["sdk-runtime"] = inline(&[
            ("path", toml_edit::Value::from(krate.runtime_path.as_str())),
            ("features", toml_edit::Value::Array(Array::from_iter(["protocol-test"]))),
        ]);
        dev["tokio"] = inline(&[
            ("version", "1".into()),
            ("features", toml_edit::Value::Array(Array::from_iter(["macros", "rt"]))),
        ]);
        doc["dev-dependencies"] = Item::Table(dev);
    }

    let mut features = Table::new();
    features["cli"] = value(Array::from_iter(["sdk-runtime/cli"]));
    features
        .key_mut("cli")
        .expect("just set")
        .leaf_decor_mut()
        .set_prefix(format!("# The `{binary}` command-line tool.\n"));
    features["server"] = value(Array::from_iter(["sdk-runtime/server"]));
    features
        .key_mut("server")
        .expect("just set")
        .leaf_decor_mut()
        .set_prefix("# The server side: `server::Service`, implemented and served over HTTP.\n");
    features["test-util"] = value(Array::from_iter(["server"]));
    features
        .key_mut("test-util")
        .expect("just set")
        .leaf_decor_mut()
        .set_prefix("# `mock::MockServer`: the service mocked on 127.0.0.1, for tests of code that uses the SDK.\n");
    features["aws-config"] = value(Array::from_iter(["sdk-runtime/aws-config"]));
    features
        .key_mut("aws-config")
        .expect("just set")
        .leaf_decor_mut()
        .set_prefix("# `Config::from_sdk_config`: configure from an `aws_types::SdkConfig`.\n");
    doc["features"] = Item::Table(features);

    let mut bin = Table::new();
    bin["name"] = value(binary);
    bin["path"] = value(format!("src/bin/{binary}.rs"));
    bin["required-features"] = value(Array::from_iter(["cli"]));
    bin["test"] = value(false);
    let mut bins = toml_edit::ArrayOfTables::new();
    bins.push(bin);
    doc["bin"] = Item::ArrayOfTables(bins);
    doc
}

fn inline(entries: &[(&str, toml_edit::Value)]) -> Item {
    let mut table = InlineTable::new();
    for (key, entry) in entries {
        table.insert(*key, entry.clone());
    }
    value(table)
}

fn lib_rs(ir: &Ir) -> String {
    let service = &ir.service;
    let mut text = format!("{} (API version {}).", service.title, service.version);
    if let Some(docs) = &service.docs {
        text.push_str("\n\n");
        text.push_str(docs);
    }
    let docs: Vec<String> = doc_lines(&text);
    let modules = Module::ALL.iter().map(|&module| {
        let docs = doc_attrs(module_docs(module));
        let module = format_ident!("{}", module.as_str());
        quote! { #docs pub mod #module; }
    });
    // The crate's own code (serde, builders, validators) uses what the model
    // deprecates; only callers outside it should be warned.
    let allow_deprecated = if ir.uses_deprecated() { quote!(#![allow(deprecated)]) } else { quote!() };
    rust_file(quote! {
        #(#![doc = #docs])*
        #![deny(missing_docs)]
        #allow_deprecated

        pub mod client;
        #[cfg(feature = "cli")]
        pub mod cli;
        #[cfg(feature = "server")]
        pub mod server;
        #[cfg(feature = "test-util")]
        pub mod mock;
        #(#modules)*
        pub mod operation;
        mod protocol;
        mod validation;

        pub use client::Client;

        pub use sdk_runtime::validation::{Validate, ValidationError, Violation};
        pub use sdk_runtime::config::Config;
        pub use sdk_runtime::error::SdkError;
        pub use sdk_runtime::{Blob, BuildError, DateTime, Document};
    })
}
