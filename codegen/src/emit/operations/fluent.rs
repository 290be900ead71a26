//! An operation's fluent builder: `send()`, and for `@paginated` operations
//! its paginators. Its setters, one per input member, come with the input
//! structure's builder from `#[sdk_runtime::shape(fluent = …)]`.

use proc_macro2::TokenStream;
use quote::quote;

use super::paginator;
use crate::emit::rust_types::type_path;
use crate::ir::{Ir, Operation};

pub fn emit(ir: &Ir, op: &Operation) -> TokenStream {
    let fluent = &op.fluent;
    let input = type_path(ir, &op.input);
    let output = type_path(ir, &op.output);
    let error = &op.error_type;
    let doc = format!(" Fluent builder for [`Client::{0}`](crate::Client::{0}).", op.fn_name);
    let paginators = paginator::emit(ir, op);
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub struct #fluent { pub(crate) client: crate::Client, pub(crate) input: #input }

        impl #fluent {
            /// Validates the input, then sends it; nothing is sent when it is invalid.
            pub async fn send(self) -> Result<#output, SdkError<#error>> { self.client.send(self.input).await }

            #paginators
        }
    }
}
