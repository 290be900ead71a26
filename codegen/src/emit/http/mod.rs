//! `src/protocol.rs`: each operation's restJson1 HTTP binding, as the
//! runtime's `Operation` trait on its input type — how the input becomes a
//! request ([`request`]) and a response becomes the output ([`response`]).
//! Types and builders know nothing of HTTP; this is the one emitter that does.

mod endpoint_params;
mod request;
mod response;

pub use endpoint_params::static_param;
pub use response::read_structure;

use proc_macro2::TokenStream;
use quote::quote;

use super::GeneratedFile;
use super::format::rust_file;
use super::rust_types::type_path;
use crate::config::Config;
use crate::ir::{Ir, Member, Operation, ShapeKind, SimpleType, TimestampFormat, TypeRef, ValueType};

/// `src/protocol.rs`.
pub fn emit(ir: &Ir, _config: &Config) -> Vec<GeneratedFile> {
    let impls = ir.operations.iter().map(|op| operation(ir, op));
    let file = rust_file(quote! {
        //! How each operation's input becomes an HTTP request, and a response its output.
        use sdk_runtime::error::{ConstructionError, DeserializationError};
        use sdk_runtime::http::{HttpRequest, HttpResponse, Method};
        use sdk_runtime::operation::Operation;

        #(#impls)*
    });
    vec![GeneratedFile::new("src/protocol.rs", file)]
}

fn operation(ir: &Ir, op: &Operation) -> TokenStream {
    let input = type_path(ir, &op.input);
    let output = type_path(ir, &op.output);
    let error = &op.error_type;
    let info = endpoint_params::operation_info(op);
    let members = ir.structure(&op.input).map(|s| s.members.as_slice()).unwrap_or_default();
    let tokens = idempotency_tokens(members);
    let to_request = request::to_request(ir, op, members);
    let read_output = response::read_output(ir, op);
    let read_streamed_output = response::read_streamed_output(ir, op);
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
            #read_streamed_output
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

/// The runtime's name of a timestamp format.
fn timestamp_format(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::DateTime => quote!(sdk_runtime::encoding::TimestampFormat::DateTime),
        TimestampFormat::HttpDate => quote!(sdk_runtime::encoding::TimestampFormat::HttpDate),
        TimestampFormat::EpochSeconds => quote!(sdk_runtime::encoding::TimestampFormat::EpochSeconds),
    }
}

/// What a simple value is, for the text forms labels, query strings and
/// headers take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scalar {
    String,
    Enum,
    IntEnum,
    Boolean,
    Integer,
    Float,
    Timestamp,
    Blob,
}

/// The scalar a value is, if it is one (documents are not).
fn scalar(ir: &Ir, value: &ValueType) -> Option<Scalar> {
    Some(match &value.ty {
        TypeRef::Simple(simple) => match simple {
            SimpleType::String => Scalar::String,
            SimpleType::Boolean => Scalar::Boolean,
            SimpleType::Byte | SimpleType::Short | SimpleType::Integer | SimpleType::Long | SimpleType::BigInteger => {
                Scalar::Integer
            }
            SimpleType::Float | SimpleType::Double | SimpleType::BigDecimal => Scalar::Float,
            SimpleType::Timestamp => Scalar::Timestamp,
            SimpleType::Blob => Scalar::Blob,
            SimpleType::Document => return None,
        },
        TypeRef::Named(id) => match ir.shapes.get(id).map(|shape| &shape.kind) {
            Some(ShapeKind::Enum(_)) => Scalar::Enum,
            Some(ShapeKind::IntEnum(_)) => Scalar::IntEnum,
            _ => return None,
        },
        TypeRef::List { .. } | TypeRef::Map { .. } | TypeRef::Unit => return None,
    })
}
