//! Enums and intEnums: open enums whose `Unknown` variant keeps values the
//! model does not list, so they survive a round trip. `#[non_exhaustive]`:
//! callers match with a wildcard arm, so a value a later model adds does not
//! break them.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::docs_or;
use crate::ir::{EnumValue, Shape};

pub fn emit(shape: &Shape, values: &[EnumValue], is_int: bool) -> TokenStream {
    let name = &shape.rust_name;
    let docs = docs_or(&shape.docs, || format!("The `{}` enum.", shape.id.name()));
    let variants = values.iter().map(|value| {
        let ident = &value.rust_name;
        let mut text = value.docs.clone().unwrap_or_else(|| format!("`{}`", wire_text(&value.value)));
        // Marked in its docs: `#[deprecated]` would warn in the enum's own derives.
        match value.deprecated.as_deref() {
            Some("deprecated") => text.push_str("\n\n**Deprecated.**"),
            Some(message) => text.push_str(&format!("\n\n**Deprecated:** {message}")),
            None => {}
        }
        let docs = docs_or(&Some(text), String::new);
        let literal = wire_literal(&value.value);
        quote! {
            #docs
            #[shape(value = #literal)]
            #ident,
        }
    });
    let (derive, unknown) = if is_int {
        (quote!(sdk_runtime::IntEnum), quote!(i32))
    } else {
        (quote!(sdk_runtime::StringEnum), quote!(String))
    };
    quote! {
        #docs
        // Ordered, so an enum can key a map (`BTreeMap`, for a stable order).
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, #derive)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the SDK does not know, kept as received.
            Unknown(#unknown),
        }
    }
}

fn wire_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn wire_literal(value: &Value) -> TokenStream {
    match value {
        Value::String(text) => quote!(#text),
        other => {
            let number = proc_macro2::Literal::i64_unsuffixed(other.as_i64().unwrap_or_default());
            quote!(#number)
        }
    }
}
