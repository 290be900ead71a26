//! An operation's fluent builder: a setter per input member, `send()`, and
//! for `@paginated` operations its paginators.

use proc_macro2::TokenStream;
use quote::quote;

use super::paginator;
use crate::emit::rust_types::{field_value_type, type_path};
use crate::ir::{Ir, Member, Operation};
use crate::markdown::rustdoc::doc_attrs;

pub fn emit(ir: &Ir, op: &Operation) -> TokenStream {
    let fluent = &op.fluent;
    let input = type_path(ir, &op.input);
    let output = type_path(ir, &op.output);
    let error = &op.error_type;
    let members = ir.structure(&op.input).map(|s| s.members.as_slice()).unwrap_or_default();
    let setters = members.iter().map(|member| setter(ir, member));
    let doc = format!(" Fluent builder for [`Client::{0}`](crate::Client::{0}).", op.fn_name);
    let paginators = paginator::emit(ir, op);
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub struct #fluent { pub(crate) client: crate::Client, pub(crate) input: #input }

        impl #fluent {
            #(#setters)*

            /// Validates the input, then sends it; nothing is sent when it is invalid.
            pub async fn send(self) -> Result<#output, SdkError<#error>> { self.client.send(self.input).await }

            #paginators
        }
    }
}

fn setter(ir: &Ir, member: &Member) -> TokenStream {
    let field = &member.field;
    let setter = &member.setter;
    let ty = field_value_type(ir, member);
    let docs = match &member.docs {
        Some(text) => doc_attrs(text.split("\n\n").next().unwrap_or(text)),
        None => doc_attrs(&format!("Sets `{}`.", member.name)),
    };
    quote! {
        #docs
        pub fn #setter(mut self, value: impl Into<#ty>) -> Self {
            self.input.#field = Some(value.into());
            self
        }
    }
}
