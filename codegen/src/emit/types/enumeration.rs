//! Enums and intEnums: open enums whose `Unknown` variant keeps values the
//! model does not list, so they survive a round trip. `#[non_exhaustive]`:
//! callers match with a wildcard arm, so a value a later model adds does not
//! break them.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::{deprecated, docs_or};
use crate::ir::{EnumValue, Shape};

pub fn emit(shape: &Shape, values: &[EnumValue], is_int: bool) -> TokenStream {
    let name = &shape.rust_name;
    let docs = docs_or(&shape.docs, || format!("The `{}` enum.", shape.id.name()));
    let variants = values.iter().map(|value| {
        let ident = &value.rust_name;
        let docs = docs_or(&value.docs, || format!("`{}`", wire_text(&value.value)));
        let deprecated = deprecated(&value.deprecated);
        let literal = wire_literal(&value.value);
        quote! {
            #docs
            #deprecated
            #[shape(value = #literal)]
            #ident,
        }
    });
    let (derive, unknown) = if is_int {
        (quote!(sdk_runtime::IntEnum), quote!(i32))
    } else {
        (quote!(sdk_runtime::StringEnum), quote!(String))
    };
    let deprecated = deprecated(&shape.deprecated);
    quote! {
        #docs
        #deprecated
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
