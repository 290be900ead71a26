//! `src/operation.rs`: what callers build and match per operation — its
//! fluent builder (with paginators for `@paginated` operations), its
//! waiters' builders, and the enum of its modelled errors. How an input travels over HTTP is
//! [`super::protocol`]'s.

mod errors;
mod fluent;
mod paginator;
pub(crate) mod waiter;

use quote::quote;

use super::GeneratedFile;
use super::format::rust_file;
use crate::config::Config;
use crate::ir::Ir;

/// `src/operation.rs`.
pub fn emit(ir: &Ir, _config: &Config) -> Vec<GeneratedFile> {
    let enums = ir.error_sets.iter().map(|set| errors::error_enum(ir, set));
    let operations = ir.operations.iter().map(|op| {
        let alias = errors::alias(ir, op);
        let fluent = fluent::emit(ir, op);
        let waiters = waiter::emit(ir, op);
        quote! { #alias #fluent #waiters }
    });
    let file = rust_file(quote! {
        //! Each operation's fluent builder and errors.
        use sdk_runtime::error::{DeserializationError, SdkError};
        use sdk_runtime::http::HttpResponse;

        #(#enums)*
        #(#operations)*
    });
    vec![GeneratedFile::new("src/operation.rs", file)]
}
