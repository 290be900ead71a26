//! `to_request`: the method; the path with its labels percent-encoded; the
//! URI's literal query, then query members; headers; and the body — the
//! payload member, or the JSON object of the members bound to nothing else.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Scalar, scalar, timestamp_format};
use crate::ir::{Binding, Ir, Member, Operation, Segment, TimestampFormat, TypeRef, ValueType};

pub fn to_request(ir: &Ir, op: &Operation, members: &[Member]) -> TokenStream {
    let method = format_ident!("{}", op.http.method);
    let path = path(ir, op, members);
    let literal_query = op.http.uri.query.iter().map(|(key, value)| {
        let value = value.clone().unwrap_or_default();
        quote!(let request = request.query(#key, #value);)
    });
    let mut bound = Vec::new();
    let mut parts = Vec::new();
    let mut payload = None;
    let mut has_body = false;
    for member in members {
        let field = &member.field;
        match &member.binding {
            Binding::Body => has_body = true,
            Binding::Payload => payload = Some(member),
            Binding::Label | Binding::ResponseCode => {}
            Binding::Query(key) => parts.push(query(ir, member, key)),
            Binding::Header(name) => parts.push(header(ir, member, name)),
            Binding::QueryParams => parts.push(match &member.value.ty {
                TypeRef::Map { value, .. } if matches!(value.ty, TypeRef::List { .. }) => quote! {
                    for (key, values) in self.#field.iter().flatten() {
                        request = request.query_all_if_absent(key, values.iter().cloned());
                    }
                },
                _ => quote! {
                    for (key, value) in self.#field.iter().flatten() {
                        request = request.query_if_absent(key.clone(), value.clone());
                    }
                },
            }),
            Binding::PrefixHeaders(prefix) => parts.push(quote! {
                for (key, value) in self.#field.iter().flatten() {
                    request = request.header(format!("{}{}", #prefix, key), value.clone());
                }
            }),
        }
        if member.binding != Binding::Body {
            bound.push(member.json_name.clone());
        }
    }
    let body = match (payload, has_body) {
        (Some(member), _) => payload_body(ir, member),
        (None, true) => quote!(sdk_runtime::operation::with_body(request, self, &[#(#bound),*])),
        (None, false) => quote!(Ok(request)),
    };
    let mutable = if parts.is_empty() { quote!() } else { quote!(mut) };
    quote! {
        let #mutable request = HttpRequest::new(Method::#method, #path);
        #(#literal_query)*
        #(#parts)*
        #body
    }
}

/// The path expression: a `format!` of the encoded labels (positional
/// arguments, so no variable needs a name).
fn path(ir: &Ir, op: &Operation, members: &[Member]) -> TokenStream {
    let mut template = String::new();
    let mut labels = Vec::new();
    for segment in &op.http.uri.segments {
        match segment {
            Segment::Literal(text) => template.push_str(&format!("/{}", text.replace('{', "{{").replace('}', "}}"))),
            Segment::Label { name, greedy } => {
                template.push_str("/{}");
                // Validation guarantees the member: a label names a required input member.
                let Some(member) = members.iter().find(|m| &m.name == name) else { continue };
                let field = &member.field;
                let (text, _) = text_of(ir, &member.value, TimestampFormat::DateTime, quote!(value));
                labels.push(quote! {
                    sdk_runtime::operation::label(match &self.#field { Some(value) => Some(#text), None => None }, #name, #greedy)?
                });
            }
        }
    }
    if op.http.uri.trailing_slash {
        template.push('/');
    }
    if template.is_empty() {
        template.push('/');
    }
    if labels.is_empty() { quote!(#template) } else { quote!(format!(#template, #(#labels),*)) }
}

/// A query member: a list repeats the key.
fn query(ir: &Ir, member: &Member, key: &str) -> TokenStream {
    let field = &member.field;
    match &member.value.ty {
        TypeRef::List { item, .. } => {
            let (text, _) = text_of(ir, item, item.timestamp_format.unwrap_or(TimestampFormat::DateTime), quote!(item));
            quote! { for item in self.#field.iter().flatten() { request = request.query(#key, #text); } }
        }
        _ => {
            let format = member.value.timestamp_format.unwrap_or(TimestampFormat::DateTime);
            let (text, _) = text_of(ir, &member.value, format, quote!(value));
            quote! { if let Some(value) = &self.#field { request = request.query(#key, #text); } }
        }
    }
}

/// A header member: a list is one header of comma-separated values, each
/// quoted when it holds a comma or a quote.
fn header(ir: &Ir, member: &Member, name: &str) -> TokenStream {
    let field = &member.field;
    match &member.value.ty {
        TypeRef::List { item, .. } => {
            let format = item.timestamp_format.unwrap_or(TimestampFormat::HttpDate);
            let (text, fallible) = text_of(ir, item, format, quote!(item));
            // Only strings are quoted: an HTTP date's comma is part of the value.
            let quoted = matches!(scalar(ir, item), Some(Scalar::String | Scalar::Enum));
            let texts = if fallible {
                quote!(items.iter().map(|item| Ok::<_, ConstructionError>(#text)).collect::<Result<Vec<_>, _>>()?)
            } else {
                quote!(items.iter().map(|item| #text).collect::<Vec<_>>())
            };
            quote! {
                if let Some(items) = &self.#field {
                    request = request.header(#name, sdk_runtime::operation::header_list(&#texts, #quoted));
                }
            }
        }
        _ => {
            let format = member.value.timestamp_format.unwrap_or(TimestampFormat::HttpDate);
            let (text, _) = text_of(ir, &member.value, format, quote!(value));
            quote! { if let Some(value) = &self.#field { request = request.header(#name, #text); } }
        }
    }
}

/// The body when a member is the `@httpPayload`: bytes, text or JSON.
fn payload_body(ir: &Ir, member: &Member) -> TokenStream {
    let field = &member.field;
    match scalar(ir, &member.value) {
        Some(Scalar::Blob) => quote! {
            sdk_runtime::operation::with_bytes_payload(request, self.#field.as_ref().map(|blob| blob.as_ref()), "application/octet-stream")
        },
        Some(Scalar::String) => quote! {
            sdk_runtime::operation::with_text_payload(request, self.#field.as_deref(), "text/plain")
        },
        Some(Scalar::Enum) => quote! {
            sdk_runtime::operation::with_text_payload(request, self.#field.as_ref().map(|value| value.as_str()), "text/plain")
        },
        _ => quote!(sdk_runtime::operation::with_payload(request, self.#field.as_ref())),
    }
}

/// A `String` expression for a scalar `value` (a reference), as label, query
/// and header text take it, timestamps in `format`; and whether it uses `?`.
/// Validation allows no other types in these bindings.
fn text_of(ir: &Ir, ty: &ValueType, format: TimestampFormat, value: TokenStream) -> (TokenStream, bool) {
    let text = match scalar(ir, ty) {
        Some(Scalar::String) => quote!(#value.clone()),
        Some(Scalar::Enum) => quote!(#value.as_str().to_owned()),
        Some(Scalar::IntEnum) => quote!(#value.value().to_string()),
        Some(Scalar::Boolean | Scalar::Integer) => quote!(#value.to_string()),
        Some(Scalar::Float) => quote!(sdk_runtime::encoding::float_text(f64::from(*#value))),
        Some(Scalar::Blob) => quote!(sdk_runtime::encoding::encode_base64(#value)),
        Some(Scalar::Timestamp) => {
            let format = timestamp_format(format);
            return (quote!(sdk_runtime::operation::timestamp(#value, #format)?), true);
        }
        None => quote!(#value.to_string()),
    };
    (text, false)
}
