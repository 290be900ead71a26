//! Data types: one Rust type per structure, union, enum and intEnum, written
//! into the module of its role (`types`, `input`, `output`, `error`). One
//! generator per shape kind; HTTP bindings play no part here.

mod enumeration;
mod structure;
mod union;

use proc_macro2::TokenStream;

use super::GeneratedFile;
use super::format::rust_file;
use super::rust_types::module_of;
use crate::ir::{Ir, ShapeKind};

/// The modules of the generated crate that hold types, with their docs.
pub const MODULES: [(&str, &str); 4] = [
    ("types", "Data types shared by the operations: structures, unions and enums."),
    ("input", "The input of each operation."),
    ("output", "The output of each operation."),
    ("error", "The errors operations can return."),
];

pub fn emit(ir: &Ir) -> Vec<GeneratedFile> {
    MODULES
        .iter()
        .map(|(module, _)| {
            let items: Vec<TokenStream> = ir
                .shapes
                .values()
                .filter(|shape| module_of(ir, &shape.id) == *module)
                .map(|shape| match &shape.kind {
                    ShapeKind::Structure(structure) => structure::emit(ir, shape, structure),
                    ShapeKind::Union(members) => union::emit(ir, shape, members),
                    ShapeKind::Enum(values) => enumeration::emit(shape, values, false),
                    ShapeKind::IntEnum(values) => enumeration::emit(shape, values, true),
                })
                .collect();
            GeneratedFile::new(format!("src/{module}.rs"), rust_file(quote::quote! { #(#items)* }))
        })
        .collect()
}

/// Docs of a shape or member, or a fallback sentence when the model has none.
pub(super) fn docs_or(docs: &Option<String>, fallback: impl FnOnce() -> String) -> TokenStream {
    match docs {
        Some(text) => super::rustdoc::doc_attrs(text),
        None => super::rustdoc::doc_attrs(&fallback()),
    }
}
