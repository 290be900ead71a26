//! `to_request`: the method; the path with its labels percent-encoded; the
//! URI's literal query, then query members; headers; and the body — the
//! payload member, or the JSON object of the members bound to nothing else.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Scalar, scalar, timestamp_format};
use crate::emit::protocol::redaction::{redactions, sensitive_within};
use crate::emit::protocol::request_flags::request_flags;
use crate::ir::{Binding, Ir, Member, Operation, Segment, TimestampFormat, TypeRef, ValueType};

pub fn to_request(ir: &Ir, op: &Operation, members: &[Member]) -> TokenStream {
    let method = format_ident!("{}", op.http.method);
    let (path, label_redactions) = path(ir, op, members);
    // `@sensitive` bindings are marked, so logs and dry runs can hide them.
    let redactions = label_redactions.into_iter().chain(redactions(ir, members));
    let mut bound = Vec::new();
    let mut parts = Vec::new();
    // Query maps go last: they must not override a key a member sets.
    let mut query_maps = Vec::new();
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
            Binding::QueryParams => {
                let redact = sensitive_within(ir, &member.value).then(|| quote!(.redact_query(key.clone())));
                query_maps.push(match &member.value.ty {
                    TypeRef::Map { value, .. } if matches!(value.ty, TypeRef::List { .. }) => quote! {
                        for (key, values) in self.#field.iter().flatten() {
                            request = request.query_all_if_absent(key, values.iter().cloned())#redact;
                        }
                    },
                    _ => quote! {
                        for (key, value) in self.#field.iter().flatten() {
                            request = request.query_if_absent(key.clone(), value.clone())#redact;
                        }
                    },
                })
            }
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
        (None, true) => quote!(sdk_runtime::protocol::rest_json::with_body(request, self, &[#(#bound),*])),
        (None, false) => quote!(Ok(request)),
    };
    parts.extend(query_maps);
    let flags = request_flags(op, members);
    let mutable = if parts.is_empty() { quote!() } else { quote!(mut) };
    quote! {
        let #mutable request = HttpRequest::new(Method::#method, #path)#(#flags)*#(#redactions)*;
        #(#parts)*
        #body
    }
}

/// The path expression: the literal text and the encoded labels
/// concatenated (no `format!`, so the generated code formats like any other);
/// and the marks of its `@sensitive` labels.
fn path(ir: &Ir, op: &Operation, members: &[Member]) -> (TokenStream, Vec<TokenStream>) {
    let mut parts = Vec::new();
    let mut redactions = Vec::new();
    let mut literal = String::new();
    for segment in &op.http.uri.segments {
        literal.push('/');
        match segment {
            Segment::Literal(text) => literal.push_str(text),
            Segment::Label { name, greedy } => {
                parts.push(quote!(#literal));
                literal.clear();
                // Validation guarantees the member: a label names a required input member.
                let Some(member) = members.iter().find(|m| &m.name == name) else { continue };
                let field = &member.field;
                let format = member.value.timestamp_format.unwrap_or(TimestampFormat::DateTime);
                let value = match text_of(ir, &member.value, format, quote!(value)) {
                    _ if scalar(ir, &member.value) == Some(Scalar::String) => quote!(self.#field.as_deref()),
                    (text, false) => quote!(self.#field.as_ref().map(|value| #text).as_deref()),
                    (_, true) => {
                        let format = timestamp_format(format);
                        quote! {
                            self.#field.as_ref().map(|value| sdk_runtime::protocol::rest_json::timestamp(value, #format)).transpose()?.as_deref()
                        }
                    }
                };
                if sensitive_within(ir, &member.value) {
                    redactions.push(quote!(.redact_label(#value, #greedy)));
                }
                parts.push(quote!(&sdk_runtime::protocol::rest_json::label(#value, #name, #greedy)?));
            }
        }
    }
    if op.http.uri.trailing_slash || op.http.uri.segments.is_empty() {
        literal.push('/');
    }
    // The URI's literal query, as the model writes it (`?type=all&flag`):
    // the runtime keeps it first and lets no member override its keys.
    for (index, (key, value)) in op.http.uri.query.iter().enumerate() {
        literal.push(if index == 0 { '?' } else { '&' });
        literal.push_str(key);
        if let Some(value) = value {
            literal.push('=');
            literal.push_str(value);
        }
    }
    if parts.is_empty() {
        return (quote!(#literal), redactions);
    }
    if !literal.is_empty() {
        parts.push(quote!(#literal));
    }
    (quote!([#(#parts),*].concat()), redactions)
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
            // Only strings are quoted: an HTTP date's comma is part of the value.
            let quoted = matches!(scalar(ir, item), Some(Scalar::String | Scalar::Enum));
            let texts = match text_of(ir, item, format, quote!(item)) {
                _ if scalar(ir, item) == Some(Scalar::String) => quote!(items),
                (text, false) => quote!(&items.iter().map(|item| #text).collect::<Vec<_>>()),
                (_, true) => {
                    let format = timestamp_format(format);
                    quote! {
                        &items.iter().map(|item| sdk_runtime::protocol::rest_json::timestamp(item, #format)).collect::<Result<Vec<_>, _>>()?
                    }
                }
            };
            quote! {
                if let Some(items) = &self.#field {
                    request = request.header(#name, sdk_runtime::protocol::rest_json::header_list(#texts, #quoted));
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
/// The body when a member is the `@httpPayload`: bytes, text or JSON, with
/// the `@mediaType` as the content type where the model gives one. An unset
/// structure payload is sent as `{}`; other unset payloads send no body.
fn payload_body(ir: &Ir, member: &Member) -> TokenStream {
    let field = &member.field;
    let media_type = |default: &str| member.value.media_type.clone().unwrap_or_else(|| default.to_owned());
    if member.value.streaming {
        let content_type = media_type("application/octet-stream");
        let requires_length = member.value.requires_length;
        let name = &member.name;
        return quote! {
            sdk_runtime::protocol::rest_json::with_stream_payload(request, self.#field.as_ref(), #content_type, #requires_length, #name)
        };
    }
    match scalar(ir, &member.value) {
        Some(Scalar::Blob) => {
            let content_type = media_type("application/octet-stream");
            quote! {
                sdk_runtime::protocol::rest_json::with_bytes_payload(request, self.#field.as_ref().map(|blob| blob.as_ref()), #content_type)
            }
        }
        Some(Scalar::String) => {
            let content_type = media_type("text/plain");
            quote!(sdk_runtime::protocol::rest_json::with_text_payload(request, self.#field.as_deref(), #content_type))
        }
        Some(Scalar::Enum) => {
            let content_type = media_type("text/plain");
            quote! {
                sdk_runtime::protocol::rest_json::with_text_payload(request, self.#field.as_ref().map(|value| value.as_str()), #content_type)
            }
        }
        _ if matches!(&member.value.ty, TypeRef::Named(id) if ir.structure(id).is_some()) => {
            quote!(sdk_runtime::protocol::rest_json::with_structure_payload(request, self.#field.as_ref()))
        }
        _ => quote!(sdk_runtime::protocol::rest_json::with_payload(request, self.#field.as_ref())),
    }
}

/// A `String` expression for a scalar `value` (a reference), as label, query
/// and header text take it, timestamps in `format`; and whether it uses `?`.
/// Validation allows no other types in these bindings.
fn text_of(ir: &Ir, ty: &ValueType, format: TimestampFormat, value: TokenStream) -> (TokenStream, bool) {
    let text = match scalar(ir, ty) {
        // A `@mediaType` string (JSON, say) travels in base64.
        Some(Scalar::String) if ty.media_type.is_some() => quote!(sdk_runtime::encoding::encode_base64(#value)),
        Some(Scalar::String) => quote!(#value.clone()),
        Some(Scalar::Enum) => quote!(#value.as_str().to_owned()),
        Some(Scalar::IntEnum) => quote!(#value.value().to_string()),
        Some(Scalar::Boolean | Scalar::Integer) => quote!(#value.to_string()),
        Some(Scalar::Float) => quote!(sdk_runtime::encoding::float_text(*#value)),
        Some(Scalar::Blob) => quote!(sdk_runtime::encoding::encode_base64(#value)),
        Some(Scalar::Timestamp) => {
            let format = timestamp_format(format);
            return (quote!(sdk_runtime::protocol::rest_json::timestamp(#value, #format)?), true);
        }
        None => quote!(#value.to_string()),
    };
    (text, false)
}
