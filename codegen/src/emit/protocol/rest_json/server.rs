//! restJson1 for the server: the route table (method, path segments,
//! literal query of each `@http` URI) and, per structure, the table of its
//! bound members that `sdk_runtime::protocol::rest_json::server` reads an
//! input from and writes an output or error to.

use proc_macro2::TokenStream;
use quote::quote;

use super::response::text_kind;
use super::{Scalar, scalar};
use crate::emit::describe::error_status;
use crate::ir::{Binding, Ir, Member, Operation, Role, Segment, ShapeId, TimestampFormat, TypeRef};

/// The runtime module the server code calls.
fn server_path() -> TokenStream {
    quote!(sdk_runtime::protocol::rest_json::server)
}

/// `const ROUTES`, one route per operation in `ir.operations` order.
pub fn routes(ir: &Ir) -> TokenStream {
    let server = server_path();
    let routes = ir.operations.iter().map(|op| {
        let method = &op.http.method;
        let segments = op.http.uri.segments.iter().map(|segment| match segment {
            Segment::Literal(text) => quote!(#server::Segment::Literal(#text)),
            Segment::Label { name, greedy: false } => quote!(#server::Segment::Label(#name)),
            Segment::Label { name, greedy: true } => quote!(#server::Segment::Greedy(#name)),
        });
        let query = op.http.uri.query.iter().map(|(key, value)| match value {
            Some(value) => quote!((#key, Some(#value))),
            None => quote!((#key, None)),
        });
        quote!(#server::Route { method: #method, segments: &[#(#segments),*], query: &[#(#query),*] })
    });
    quote! {
        /// Each operation's `@http` route, in the order `Router` numbers them.
        const ROUTES: &[#server::Route] = &[#(#routes),*];
    }
}

/// The body of `Dispatch::route`.
pub fn route() -> TokenStream {
    let server = server_path();
    quote!(#server::route(request, ROUTES))
}

/// The body of `ServerOperation::read_request`.
pub fn read_request(ir: &Ir, op: &Operation) -> TokenStream {
    let server = server_path();
    let members = ir.structure(&op.input).map(|s| s.members.as_slice()).unwrap_or_default();
    let table = bound(ir, members);
    let has_body = members.iter().any(|m| m.binding == Binding::Body);
    match ir.streaming_payload(&op.input) {
        Some(_) => quote! {
            let mut input: Self = #server::read_input(request, labels, &[#(#table),*], #has_body)?;
            <Self as sdk_runtime::operation::Operation>::set_input_stream(&mut input, request.take_stream());
            Ok(input)
        },
        None => quote!(#server::read_input(request, labels, &[#(#table),*], #has_body)),
    }
}

/// The body of `ServerOperation::write_output`.
pub fn write_output(ir: &Ir, op: &Operation) -> TokenStream {
    let server = server_path();
    let members = ir.structure(&op.output).map(|s| s.members.as_slice()).unwrap_or_default();
    let table = bound(ir, members);
    let has_body = members.iter().any(|m| m.binding == Binding::Body);
    let code = op.http.code;
    match ir.streaming_payload(&op.output) {
        Some(_) => quote! {
            let mut output = output;
            let stream = <Self as sdk_runtime::operation::Operation>::take_output_stream(&mut output);
            #server::write_output(#code, &output, &[#(#table),*], #has_body, stream)
        },
        None => quote!(#server::write_output(#code, &output, &[#(#table),*], #has_body, None)),
    }
}

/// The response for the error structure `error` (a reference named `error`).
pub fn write_error(ir: &Ir, id: &ShapeId) -> TokenStream {
    let server = server_path();
    let Some(shape) = ir.shape(id) else { return quote!(unreachable!()) };
    let members = ir.structure(id).map(|s| s.members.as_slice()).unwrap_or_default();
    let table = bound(ir, members);
    let has_body = members.iter().any(|m| m.binding == Binding::Body);
    let status = error_status(match &shape.kind {
        crate::ir::ShapeKind::Structure(structure) => &structure.role,
        _ => &Role::Data,
    })
    .unwrap_or(400);
    let code = id.name();
    quote!(#server::write_error(#status, #code, error, &[#(#table),*], #has_body))
}

/// The `Bound` entries of the members bound to something else than the body.
fn bound(ir: &Ir, members: &[Member]) -> Vec<TokenStream> {
    let server = server_path();
    members
        .iter()
        .filter_map(|member| {
            let json = &member.json_name;
            let at = match &member.binding {
                Binding::Body => return None,
                Binding::Label => {
                    let kind = text_kind(ir, member, &member.value, false, TimestampFormat::DateTime);
                    let name = &member.name;
                    quote!(Label(#name, #kind))
                }
                Binding::Query(key) => {
                    let kind = text_kind(ir, member, &member.value, false, TimestampFormat::DateTime);
                    quote!(Query(#key, #kind))
                }
                Binding::QueryParams => {
                    let lists = matches!(&member.value.ty, TypeRef::Map { value, .. } if matches!(value.ty, TypeRef::List { .. }));
                    quote!(QueryParams(#lists))
                }
                Binding::Header(name) => {
                    let kind = text_kind(ir, member, &member.value, false, TimestampFormat::HttpDate);
                    quote!(Header(#name, #kind))
                }
                Binding::PrefixHeaders(prefix) => quote!(PrefixHeaders(#prefix)),
                Binding::ResponseCode => quote!(ResponseCode),
                Binding::Payload => {
                    let media = member.value.media_type.clone();
                    let (kind, default) = match scalar(ir, &member.value) {
                        Some(Scalar::Blob) => (quote!(Bytes), "application/octet-stream"),
                        Some(Scalar::String | Scalar::Enum) => (quote!(Text), "text/plain"),
                        _ if matches!(&member.value.ty, TypeRef::Named(id) if ir.structure(id).is_some()) => {
                            (quote!(Structure), "application/json")
                        }
                        _ => (quote!(Json), "application/json"),
                    };
                    let content_type = media.unwrap_or_else(|| default.to_owned());
                    if member.value.streaming {
                        quote!(StreamingPayload(#content_type))
                    } else {
                        quote!(Payload(sdk_runtime::protocol::rest_json::PayloadKind::#kind, #content_type))
                    }
                }
            };
            Some(quote!(#server::Bound { member: #json, at: #server::At::#at }))
        })
        .collect()
}
