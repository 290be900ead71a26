//! `src/protocol.rs`: each operation's `Operation` impl on its input type,
//! which the runtime's `invoke` drives.
//!
//! What the impl says about the operation — its name, auth, endpoint
//! parameters, idempotency tokens, its output and error types — is the same
//! whatever the protocol, and is written here. How the input becomes an
//! HTTP request and a response the output or an error is the protocol's:
//! [`ProtocolGenerator`] has one implementation per protocol, each in its
//! own module beside the runtime module its code calls ([`rest_json`] and
//! `sdk_runtime::protocol::rest_json`, [`aws_json`] and
//! `sdk_runtime::protocol::aws_json`). Types and builders know nothing of
//! the wire; this emitter and the error enums' readers are all that do.

mod aws_json;
mod endpoint_params;
mod redaction;
mod request_flags;
mod rest_json;
pub mod server;

pub use endpoint_params::static_param;

use proc_macro2::TokenStream;
use quote::quote;

use super::GeneratedFile;
use super::format::rust_file;
use super::rust_types::type_path;
use crate::config::Config;
use crate::ir::{Ir, Member, Operation, Protocol, ShapeId};

/// What one protocol generates. Each method returns tokens that call the
/// protocol's own runtime module; everything else of the generated crate is
/// protocol-neutral.
pub trait ProtocolGenerator: Sync {
    /// The `&'static dyn Protocol` the service's `ServiceInfo` carries: how
    /// the runtime reads the service's error responses.
    fn runtime_protocol(&self, ir: &Ir) -> TokenStream;

    /// The `use` items its code in `src/protocol.rs` needs beyond the common ones.
    fn imports(&self) -> TokenStream {
        TokenStream::new()
    }

    /// The body of `Operation::to_request`: `Result<HttpRequest, ConstructionError>`.
    fn to_request(&self, ir: &Ir, op: &Operation) -> TokenStream;

    /// The body of `Operation::read_output`: `Result<Output, DeserializationError>`
    /// from `response: &HttpResponse`.
    fn read_output(&self, ir: &Ir, op: &Operation) -> TokenStream;

    /// The items of the `Operation` impl for an output whose payload
    /// streams (`STREAMS_OUTPUT`, `read_streamed_output`,
    /// `take_output_stream`); nothing when it does not, or the protocol has
    /// no streaming payloads.
    fn streamed_output(&self, ir: &Ir, op: &Operation) -> TokenStream;

    /// An expression reading error structure `error` from `response: &HttpResponse`,
    /// as `Result<Error, DeserializationError>`.
    fn read_error(&self, ir: &Ir, error: &ShapeId) -> TokenStream;

    // The server side: the inverse of each of the above.

    /// The items the `server` module routes with (a table of routes or targets).
    fn server_routes(&self, ir: &Ir) -> TokenStream;

    /// The body of `Dispatch::route`: `Result<Routed, RouteError>` for
    /// `request: &ServerRequest`, numbering operations in `ir.operations` order.
    fn route(&self, ir: &Ir) -> TokenStream;

    /// The body of `ServerOperation::read_request`: `Result<Self, RequestError>`
    /// from `request: &mut ServerRequest` and `labels: &Labels`.
    fn read_request(&self, ir: &Ir, op: &Operation) -> TokenStream;

    /// The body of `ServerOperation::write_output`: `Result<ServerResponse,
    /// ConstructionError>` for `output`.
    fn write_output(&self, ir: &Ir, op: &Operation) -> TokenStream;

    /// An expression writing the error structure `error` (a reference named
    /// `error`): `Result<ServerResponse, ConstructionError>`.
    fn write_error(&self, ir: &Ir, error: &ShapeId) -> TokenStream;
}

/// The generator of the service's protocol.
pub fn generator(ir: &Ir) -> &'static dyn ProtocolGenerator {
    match ir.service.protocol {
        Protocol::RestJson1 => &rest_json::RestJson1,
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => &aws_json::AwsJson,
    }
}

/// `src/protocol.rs`.
pub fn emit(ir: &Ir, _config: &Config) -> Vec<GeneratedFile> {
    let protocol = generator(ir);
    let impls = ir.operations.iter().map(|op| operation(ir, protocol, op));
    let imports = protocol.imports();
    let file = rust_file(quote! {
        //! How each operation's input becomes an HTTP request, and a response its output.
        use sdk_runtime::error::{ConstructionError, DeserializationError};
        use sdk_runtime::http::{HttpRequest, HttpResponse};
        #imports
        use sdk_runtime::operation::Operation;

        #(#impls)*
    });
    vec![GeneratedFile::new("src/protocol.rs", file)]
}

fn operation(ir: &Ir, protocol: &dyn ProtocolGenerator, op: &Operation) -> TokenStream {
    let input = type_path(ir, &op.input);
    let output = type_path(ir, &op.output);
    let error = &op.error_type;
    let info = endpoint_params::operation_info(op);
    let members = ir.structure(&op.input).map(|s| s.members.as_slice()).unwrap_or_default();
    let tokens = idempotency_tokens(members);
    let to_request = protocol.to_request(ir, op);
    let read_output = protocol.read_output(ir, op);
    let streamed_output = protocol.streamed_output(ir, op);
    let set_input_stream = match ir.streaming_payload(&op.input) {
        Some(member) => {
            let field = &member.field;
            quote! { fn set_input_stream(&mut self, body: sdk_runtime::stream::ByteStream) { self.#field = Some(body); } }
        }
        None => TokenStream::new(),
    };
    let endpoint_params = endpoint_params::endpoint_params(ir, op, members);
    quote! {
        impl Operation for #input {
            type Output = #output;
            type Error = crate::operation::#error;
            const INFO: sdk_runtime::client::OperationInfo = #info;
            #tokens
            #endpoint_params
            fn to_request(&self) -> Result<HttpRequest, ConstructionError> { #to_request }
            fn read_output(response: &HttpResponse) -> Result<#output, DeserializationError> { #read_output }
            #streamed_output
            #set_input_stream
        }
    }
}

fn idempotency_tokens(members: &[Member]) -> TokenStream {
    let fields: Vec<_> = members.iter().filter(|m| m.idempotency_token).map(|m| &m.field).collect();
    if fields.is_empty() {
        return quote!();
    }
    quote! {
        fn fill_idempotency_tokens(&mut self, make: fn() -> String) {
            #(self.#fields.get_or_insert_with(make);)*
        }
    }
}
