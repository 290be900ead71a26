//! What the runtime does to a request once its endpoint is known, the same
//! for every protocol: the `@endpoint` host prefix (with `@hostLabel`
//! members, which must be valid host labels), `@requestCompression`, and
//! `@httpChecksumRequired`'s `Content-MD5`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Member, Operation};

/// What the runtime does to the request once its endpoint is known: the
/// host prefix (with `@hostLabel` members, which must be valid host labels),
/// compression, and `Content-MD5`.
pub fn request_flags(op: &Operation, members: &[Member]) -> Vec<TokenStream> {
    let mut flags = Vec::new();
    if let Some(prefix) = &op.host_prefix {
        let mut parts = Vec::new();
        let mut rest = prefix.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|close| open + close) else { break };
            let (literal, label) = (&rest[..open], &rest[open + 1..close]);
            if !literal.is_empty() {
                parts.push(quote!(#literal));
            }
            if let Some(member) = members.iter().find(|m| m.name == label) {
                let field = &member.field;
                parts.push(quote!(&sdk_runtime::operation::host_label(self.#field.as_deref(), #label)?));
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(quote!(#rest));
        }
        flags.push(quote!(.host_prefix([#(#parts),*].concat())));
    }
    if !op.request_compression.is_empty() {
        let encodings = &op.request_compression;
        flags.push(quote!(.compress(&[#(#encodings),*])));
    }
    if op.checksum_required {
        flags.push(quote!(.require_checksum()));
    }
    flags
}
