//! Model documentation as rustdoc: Markdown text turned into `#[doc]` lines.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "…"]` attributes for `text` (Markdown), one per line.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
}

/// The lines of a doc comment for `text`, each with the leading space rustdoc expects.
pub fn doc_lines(text: &str) -> Vec<String> {
    text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") }).collect()
}
