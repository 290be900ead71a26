//! `Display` and `std::error::Error` for error structures, beside their
//! types: the error's code, then its message when it has one.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Shape, SimpleType, Structure, TypeRef};

pub fn emit(shape: &Shape, structure: &Structure) -> TokenStream {
    let name = &shape.rust_name;
    let code = shape.id.name();
    let with_message = format!("{code}: {{}}");
    let message = structure
        .members
        .iter()
        .find(|m| m.name.eq_ignore_ascii_case("message") && m.value.ty == TypeRef::Simple(SimpleType::String));
    let body = match message {
        Some(member) if member.optional => {
            let field = &member.field;
            quote! {
                match &self.#field { Some(message) => write!(f, #with_message, message), None => f.write_str(#code) }
            }
        }
        Some(member) => {
            let field = &member.field;
            quote!(write!(f, #with_message, self.#field))
        }
        None => quote!(f.write_str(#code)),
    };
    quote! {
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { #body }
        }

        impl std::error::Error for #name {}
    }
}
