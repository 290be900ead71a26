//! awsJson1_0 and awsJson1_1: every operation is `POST /` with
//! `X-Amz-Target: {service}.{operation}` and the whole input as the JSON
//! body (the IR binds every member to the body and keys it by member name
//! for these protocols); outputs and errors are the JSON body. The code it
//! writes calls `sdk_runtime::protocol::aws_json`.

use proc_macro2::TokenStream;
use quote::quote;

use super::ProtocolGenerator;
use super::redaction::redactions;
use super::request_flags::request_flags;
use crate::ir::{Ir, Operation, Protocol, Role, ShapeId};

/// The awsJson generator, for both versions.
pub struct AwsJson;

/// The runtime's constant for the service's version.
fn version(ir: &Ir) -> TokenStream {
    match ir.service.protocol {
        Protocol::AwsJson1_0 => quote!(sdk_runtime::protocol::AwsJson::V1_0),
        _ => quote!(sdk_runtime::protocol::AwsJson::V1_1),
    }
}

impl ProtocolGenerator for AwsJson {
    fn runtime_protocol(&self, ir: &Ir) -> TokenStream {
        let version = version(ir);
        match ir.service.query_compatible {
            true => quote!(&#version.query_compatible()),
            false => quote!(&#version),
        }
    }

    fn to_request(&self, ir: &Ir, op: &Operation) -> TokenStream {
        let members = ir.structure(&op.input).map(|s| s.members.as_slice()).unwrap_or_default();
        let version = version(ir);
        let target = ir.rpc_target(op);
        // `@sensitive` members are marked, so logs and dry runs can hide them.
        let marks: Vec<_> = request_flags(op, members).into_iter().chain(redactions(ir, members)).collect();
        let request = quote!(#version.request(#target, self));
        if marks.is_empty() { request } else { quote!(Ok(#request?#(#marks)*)) }
    }

    fn read_output(&self, _ir: &Ir, _op: &Operation) -> TokenStream {
        quote!(sdk_runtime::protocol::aws_json::output(response))
    }

    fn streamed_output(&self, _ir: &Ir, _op: &Operation) -> TokenStream {
        // The JSON RPC protocols have no streaming payloads.
        TokenStream::new()
    }

    fn read_error(&self, _ir: &Ir, _error: &ShapeId) -> TokenStream {
        quote!(sdk_runtime::protocol::aws_json::output(response))
    }

    fn server_routes(&self, ir: &Ir) -> TokenStream {
        let targets = ir.operations.iter().map(|op| ir.rpc_target(op));
        quote! {
            /// Each operation's `X-Amz-Target`, in the order `Router` numbers them.
            const TARGETS: &[&str] = &[#(#targets),*];
        }
    }

    fn route(&self, ir: &Ir) -> TokenStream {
        let version = version(ir);
        quote!(#version.route(request, TARGETS))
    }

    fn read_request(&self, ir: &Ir, _op: &Operation) -> TokenStream {
        let version = version(ir);
        quote! {
            let _ = labels;
            #version.read_input(request)
        }
    }

    fn write_output(&self, ir: &Ir, _op: &Operation) -> TokenStream {
        let version = version(ir);
        quote!(#version.write_output(&output))
    }

    fn write_error(&self, ir: &Ir, error: &ShapeId) -> TokenStream {
        let version = version(ir);
        let status = ir
            .structure(error)
            .and_then(|structure| crate::emit::describe::error_status(&structure.role))
            .unwrap_or(400);
        let code = error.name();
        match (ir.service.query_compatible, ir.structure(error).map(|structure| &structure.role)) {
            // The awsQuery code (the shape's name unless `@awsQueryError`
            // gives one) and fault, as `x-amzn-query-error` carries them.
            (true, Some(Role::Error { fault, query_code, .. })) => {
                let fault = if fault == "server" { "Receiver" } else { "Sender" };
                let query_error = format!("{};{fault}", query_code.as_deref().unwrap_or(code));
                quote!(#version.write_query_compatible_error(#status, #code, #query_error, error))
            }
            _ => quote!(#version.write_error(#status, #code, error)),
        }
    }
}
