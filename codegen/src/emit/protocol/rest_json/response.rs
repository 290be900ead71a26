//! `read_output`, and reading a modelled error: the structure from the JSON
//! body (or the payload member from the whole body), with header-,
//! prefix-header- and status-bound members added before the whole is
//! deserialized.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Scalar, scalar, timestamp_format};
use crate::ir::{Binding, Ir, Member, Operation, TimestampFormat, TypeRef, ValueType};

/// The body of `read_output`; for an output whose payload streams, a call
/// of `read_streamed_output` with the buffered body as the stream.
pub fn read_output(ir: &Ir, op: &Operation) -> TokenStream {
    let members = ir.structure(&op.output).map(|s| s.members.as_slice()).unwrap_or_default();
    if ir.streaming_payload(&op.output).is_some() {
        return quote! {
            Self::read_streamed_output(response, sdk_runtime::stream::ByteStream::new(response.body().clone()))
        };
    }
    read_structure(ir, members)
}

/// `STREAMS_OUTPUT` and `read_streamed_output`, for an output whose payload
/// streams: the other members from the head, then the body as the payload.
pub fn read_streamed_output(ir: &Ir, op: &Operation) -> TokenStream {
    let Some(payload) = ir.streaming_payload(&op.output) else { return TokenStream::new() };
    let members = ir.structure(&op.output).map(|s| s.members.as_slice()).unwrap_or_default();
    let output = crate::emit::rust_types::type_path(ir, &op.output);
    let read = read_structure(ir, members);
    let field = &payload.field;
    let (body, take) = if payload.optional {
        (quote!(Some(body)), quote!(output.#field.take()))
    } else {
        (quote!(body), quote!(Some(std::mem::take(&mut output.#field))))
    };
    quote! {
        const STREAMS_OUTPUT: bool = true;
        fn read_streamed_output(
            response: &HttpResponse,
            body: sdk_runtime::stream::ByteStream,
        ) -> Result<#output, DeserializationError> {
            let mut output: #output = #read?;
            output.#field = #body;
            Ok(output)
        }
        fn take_output_stream(output: &mut #output) -> Option<sdk_runtime::stream::ByteStream> { #take }
    }
}

/// `sdk_runtime::protocol::rest_json::output(response, …)` for a structure with these members.
pub fn read_structure(ir: &Ir, members: &[Member]) -> TokenStream {
    let headers = members.iter().filter_map(|member| {
        let wire = &member.json_name;
        match &member.binding {
            Binding::Header(name) => {
                let kind = header_kind(ir, member, &member.value, false);
                Some(quote!((#wire, #name, #kind)))
            }
            Binding::PrefixHeaders(prefix) => {
                Some(quote!((#wire, #prefix, sdk_runtime::protocol::rest_json::HeaderKind::Prefix)))
            }
            _ => None,
        }
    });
    let status = match members.iter().find(|m| m.binding == Binding::ResponseCode) {
        Some(member) => {
            let wire = &member.json_name;
            quote!(Some(#wire))
        }
        None => quote!(None),
    };
    // A streaming payload is the body, handed over unread: not read here.
    let payload = match members.iter().find(|m| m.binding == Binding::Payload && !m.value.streaming) {
        Some(member) => {
            let wire = &member.json_name;
            let kind = match scalar(ir, &member.value) {
                Some(Scalar::Blob) => quote!(Bytes),
                Some(Scalar::String | Scalar::Enum) => quote!(Text),
                _ => quote!(Json),
            };
            quote!(Some((#wire, sdk_runtime::protocol::rest_json::PayloadKind::#kind)))
        }
        None => quote!(None),
    };
    quote!(sdk_runtime::protocol::rest_json::output(response, &[#(#headers),*], #status, #payload))
}

/// How a header's text becomes the member's JSON value.
fn header_kind(ir: &Ir, member: &Member, value: &ValueType, in_list: bool) -> TokenStream {
    text_kind(ir, member, value, in_list, TimestampFormat::HttpDate)
}

/// How a header's, label's or query value's text becomes the member's JSON
/// value and back; a timestamp without a format of its own takes `default`
/// in the text (HTTP dates in headers, date-times in labels and queries).
pub(super) fn text_kind(
    ir: &Ir,
    member: &Member,
    value: &ValueType,
    in_list: bool,
    default: TimestampFormat,
) -> TokenStream {
    let kind = match scalar(ir, value) {
        Some(Scalar::String) if value.media_type.is_some() => quote!(Base64String),
        Some(Scalar::String | Scalar::Enum | Scalar::Blob) => quote!(String),
        Some(Scalar::Boolean | Scalar::Integer | Scalar::IntEnum) => quote!(Scalar),
        Some(Scalar::Float) => quote!(Float),
        Some(Scalar::Timestamp) => {
            // In the text, the member's format or the default; in JSON, what
            // the member's serde reads: its format, or epoch seconds (always,
            // for list items).
            let header = timestamp_format(value.timestamp_format.unwrap_or(default));
            let json_format = if in_list { None } else { member.value.timestamp_format };
            let json = timestamp_format(json_format.unwrap_or(TimestampFormat::EpochSeconds));
            quote!(Timestamp { header: #header, json: #json })
        }
        None => match &value.ty {
            TypeRef::List { item, .. } => {
                let item = text_kind(ir, member, item, true, default);
                quote!(List(&#item))
            }
            _ => quote!(String),
        },
    };
    quote!(sdk_runtime::protocol::rest_json::HeaderKind::#kind)
}
