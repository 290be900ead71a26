//! Unions: a Rust enum with one tuple variant per member, tagged by member
//! name in JSON (serde's external tagging is exactly Smithy's union form).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs_or;
use crate::emit::rust_types::field_value_type;
use crate::ir::{Ir, Member, Shape};

pub fn emit(ir: &Ir, shape: &Shape, members: &[Member]) -> TokenStream {
    let name = &shape.rust_name;
    let docs = docs_or(&shape.docs, || format!("The `{}` union: exactly one member is set.", shape.id.name()));
    let variants: Vec<_> = members.iter().map(|member| &member.variant).collect();
    let redacted: Vec<bool> = members.iter().map(|member| shape.sensitive || member.value.sensitive).collect();
    let definitions = members.iter().zip(&variants).map(|(member, variant)| {
        let docs = docs_or(&member.docs, || format!("The `{}` member.", member.name));
        let wire = &member.json_name;
        let ty = field_value_type(ir, member);
        quote! {
            #docs
            #[serde(rename = #wire)]
            #variant(#ty),
        }
    });
    let debug = if redacted.iter().any(|r| *r) {
        let arms = variants.iter().zip(&redacted).map(|(variant, redacted)| {
            let label = variant.to_string();
            if *redacted {
                quote! { Self::#variant(_) => f.debug_tuple(#label).field(&sdk_runtime::Redacted).finish(), }
            } else {
                quote! { Self::#variant(value) => f.debug_tuple(#label).field(value).finish(), }
            }
        });
        quote! {
            impl std::fmt::Debug for #name {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self { #(#arms)* }
                }
            }
        }
    } else {
        TokenStream::new()
    };
    let derives = if debug.is_empty() {
        quote!(#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)])
    } else {
        quote!(#[derive(Clone, PartialEq, serde::Serialize, serde::Deserialize)])
    };
    quote! {
        #docs
        #derives
        pub enum #name { #(#definitions)* }
        #debug
    }
}
