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
        GeneratedFile::new("src/lib.rs", lib_rs(ir, config)),
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
    let needed = runtime_features(ir);
    if !needed.is_empty() {
        runtime.push(("features", toml_edit::Value::Array(Array::from_iter(needed))));
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

    let mut table = Table::new();
    for Feature { name, doc, enables } in features(config) {
        table[name] = value(Array::from_iter(enables));
        let mut comment = doc.chars();
        let comment: String =
            comment.next().map(|first| first.to_uppercase().chain(comment).collect()).unwrap_or_default();
        table.key_mut(name).expect("just set").leaf_decor_mut().set_prefix(format!("# {comment}\n"));
    }
    doc["features"] = Item::Table(table);

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

/// A feature of the generated crate, as its manifest declares it and its
/// root docs describe it.
pub(super) struct Feature {
    pub name: &'static str,
    /// One line of Markdown.
    pub doc: String,
    /// The runtime's features it turns on.
    pub enables: Vec<&'static str>,
}

/// The generated crate's features (none on by default).
pub(super) fn features(config: &Config) -> Vec<Feature> {
    let binary = &config.cli.binary;
    vec![
        Feature {
            name: "cli",
            doc: format!(
                "the `{binary}` command-line tool (its binary, and the `cli` module that drives it); implies \
                 `aws-config`, so the tool has every credential source."
            ),
            enables: vec!["sdk-runtime/cli"],
        },
        Feature {
            name: "server",
            doc: "the server side: `server::Service`, one async method per operation, routed, read, validated \
                  and served over HTTP (`server::serve`)."
                .to_owned(),
            enables: vec!["sdk-runtime/server"],
        },
        Feature {
            name: "test-util",
            doc: "`mock::MockServer`, the service mocked on 127.0.0.1 for tests of code that uses the SDK, and the \
                  tool's `mock-server` command, which serves a rules file."
                .to_owned(),
            enables: vec!["server"],
        },
        Feature {
            name: "aws-config",
            doc: "the credential sources that call another AWS service (SSO, assume-role, web identity), which \
                  without it fail naming this feature, and `Config::from_sdk_config`, to configure from an \
                  `aws_types::SdkConfig`."
                .to_owned(),
            enables: vec!["sdk-runtime/aws-config"],
        },
    ]
}

/// The runtime's features only some models need, turned on for those:
/// fancy-regex for patterns the lite engine cannot match, gzip for
/// `@requestCompression`, JMESPath for waiters.
pub(super) fn runtime_features(ir: &Ir) -> Vec<&'static str> {
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
    features
}

fn inline(entries: &[(&str, toml_edit::Value)]) -> Item {
    let mut table = InlineTable::new();
    for (key, entry) in entries {
        table.insert(*key, entry.clone());
    }
    value(table)
}

fn lib_rs(ir: &Ir, config: &Config) -> String {
    let service = &ir.service;
    let mut text = format!("{} (API version {}).", service.title, service.version);
    if let Some(docs) = &service.docs {
        text.push_str("\n\n");
        text.push_str(docs);
    }
    let mut docs: Vec<String> = doc_lines(&text);
    docs.push(String::new());
    docs.extend(super::getting_started::doc_lines_for(ir, config));
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
        pub use sdk_runtime::retry::RetryConfig;
        pub use sdk_runtime::error::SdkError;
        pub use sdk_runtime::{Blob, BuildError, DateTime, Document};
    })
}
