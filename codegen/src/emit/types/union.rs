//! Unions: a Rust enum with one tuple variant per member, and `Unknown` for
//! a member this SDK does not know; `sdk_runtime::Union` gives the JSON form
//! (one member set) and a redacting `Debug`. `#[non_exhaustive]`: callers
//! still build a value by its variant, but match with a wildcard arm, so a
//! member a later model adds does not break them.

use proc_macro2::TokenStream;
use quote::quote;

use super::{deprecated, docs_or};
use crate::emit::rust_types::{codec, field_value_type};
use crate::ir::{Ir, Member, Shape};

pub fn emit(ir: &Ir, shape: &Shape, members: &[Member]) -> TokenStream {
    let name = &shape.rust_name;
    let docs = docs_or(&shape.docs, || format!("The `{}` union: exactly one member is set.", shape.id.name()));
    let definitions = members.iter().map(|member| {
        let docs = docs_or(&member.docs, || format!("The `{}` member.", member.name));
        let variant = &member.variant;
        let wire = &member.json_name;
        let ty = field_value_type(ir, member);
        let mut args = vec![quote!(rename = #wire)];
        // The CLI prints the model's name, which `@jsonName` may differ from.
        if member.json_name != member.name {
            let name = &member.name;
            args.push(quote!(member = #name));
        }
        if let Some(codec) = codec(&member.value) {
            args.push(quote!(codec = #codec));
        }
        if shape.sensitive || member.value.sensitive {
            args.push(quote!(sensitive));
        }
        let deprecated = deprecated(&member.deprecated);
        quote! {
            #docs
            #deprecated
            #[shape(#(#args),*)]
            #variant(#ty),
        }
    });
    let deprecated = deprecated(&shape.deprecated);
    quote! {
        #docs
        #deprecated
        #[derive(Clone, PartialEq, sdk_runtime::Union)]
        #[non_exhaustive]
        pub enum #name {
            #(#definitions)*
            /// A member this version of the SDK does not know, sent by a newer service.
            Unknown,
        }
    }
}
