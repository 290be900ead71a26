//! One enum per distinct set of modelled errors ([`crate::ir::ErrorSet`]),
//! telling the errors apart by their code; each operation names its set
//! through an alias when the enum is not named after it. The enums are
//! `#[non_exhaustive]`: callers match with a wildcard arm, so an error a
//! later model adds does not break them.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::rust_types::type_path;
use crate::ir::{ErrorSet, Ir, Operation};
use crate::markdown::rustdoc::doc_attrs;

pub fn error_enum(ir: &Ir, set: &ErrorSet) -> TokenStream {
    let name = &set.name;
    let shapes: Vec<_> = set.errors.iter().map(|id| &ir.shapes[id]).collect();
    let variants: Vec<_> = shapes.iter().map(|shape| &shape.rust_name).collect();
    let paths: Vec<_> = set.errors.iter().map(|id| type_path(ir, id)).collect();
    let codes: Vec<_> = set.errors.iter().map(|id| id.name()).collect();
    let protocol = crate::emit::protocol::generator(ir);
    let reads: Vec<_> = set.errors.iter().map(|id| protocol.read_error(ir, id)).collect();
    let docs = shapes.iter().map(|shape| {
        let text = shape.docs.clone().unwrap_or_else(|| format!("The `{}` error.", shape.id.name()));
        doc_attrs(&text)
    });
    // An operation without modelled errors gets an empty enum: no value of it exists.
    let (from_code, display) = if set.errors.is_empty() {
        (
            quote! {
                fn from_code(_: &str, _: &HttpResponse) -> Option<Result<Self, DeserializationError>> { None }
            },
            quote!(
                fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match *self {}
                }
            ),
        )
    } else {
        (
            quote! {
                fn from_code(code: &str, response: &HttpResponse) -> Option<Result<Self, DeserializationError>> {
                    match code {
                        #(#codes => Some(#reads.map(Self::#variants)),)*
                        _ => None,
                    }
                }
            },
            quote! {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self { #(Self::#variants(error) => error.fmt(f),)* }
                }
            },
        )
    };
    quote! {
        /// The errors the operation can return, as the model describes them.
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        pub enum #name { #(#docs #variants(#paths),)* }

        impl sdk_runtime::operation::ModeledError for #name { #from_code }

        impl std::fmt::Display for #name { #display }

        impl std::error::Error for #name {}
    }
}

/// `pub type GetUserError = Error;` when the operation's errors go by another name.
pub fn alias(ir: &Ir, op: &Operation) -> TokenStream {
    let set = &ir.error_sets[op.error_set].name;
    if &op.error_type == set {
        return quote!();
    }
    let alias = &op.error_type;
    let doc = format!(" The errors of `{}`.", op.name);
    quote!(#[doc = #doc] pub type #alias = #set;)
}
