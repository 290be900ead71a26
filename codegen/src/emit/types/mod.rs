//! Data types: one Rust type per structure, union, enum and intEnum, written
//! into the module of its role (`types`, `input`, `output`, `error`). One
//! generator per shape kind; HTTP bindings play no part here.

mod enumeration;
mod error_display;
mod structure;
mod union;

use proc_macro2::TokenStream;

use super::GeneratedFile;
use super::format::rust_file;
use crate::config::Config;
use crate::ir::{Ir, Module, Role, ShapeKind};

/// What each module holds, for its docs in `lib.rs`.
pub fn module_docs(module: Module) -> &'static str {
    match module {
        Module::Types => "Data types shared by the operations: structures, unions and enums.",
        Module::Input => "The input of each operation.",
        Module::Output => "The output of each operation.",
        Module::Error => "The errors operations can return.",
    }
}

/// `src/types.rs`, `src/input.rs`, `src/output.rs` and `src/error.rs`.
pub fn emit(ir: &Ir, _config: &Config) -> Vec<GeneratedFile> {
    Module::ALL
        .iter()
        .map(|&module| {
            let items: Vec<TokenStream> = ir
                .shapes
                .values()
                .filter(|shape| shape.module == module)
                .map(|shape| match &shape.kind {
                    ShapeKind::Structure(structure) => {
                        let mut item = structure::emit(ir, shape, structure);
                        if matches!(structure.role, Role::Error { .. }) {
                            item.extend(error_display::emit(shape, structure));
                        }
                        item
                    }
                    ShapeKind::Union(members) => union::emit(ir, shape, members),
                    ShapeKind::Enum(values) => enumeration::emit(shape, values, false),
                    ShapeKind::IntEnum(values) => enumeration::emit(shape, values, true),
                })
                .collect();
            GeneratedFile::new(format!("src/{}.rs", module.as_str()), rust_file(quote::quote! { #(#items)* }))
        })
        .collect()
}

/// Docs of a shape or member, or a fallback sentence when the model has none.
pub(super) fn docs_or(docs: &Option<String>, fallback: impl FnOnce() -> String) -> TokenStream {
    match docs {
        Some(text) => crate::markdown::rustdoc::doc_attrs(text),
        None => crate::markdown::rustdoc::doc_attrs(&fallback()),
    }
}

/// `#[deprecated]` for a `@deprecated` shape, member or operation, with its
/// message as the note. Callers outside the crate are warned; the crate
/// itself allows its own deprecated items (see `lib.rs`).
pub(crate) fn deprecated(message: &Option<String>) -> TokenStream {
    match message.as_deref() {
        None => TokenStream::new(),
        Some("deprecated") => quote::quote!(#[deprecated]),
        Some(note) => quote::quote!(#[deprecated(note = #note)]),
    }
}
