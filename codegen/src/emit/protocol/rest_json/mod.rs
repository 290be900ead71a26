//! restJson1: the `@http` route, labels, query, headers and payload of
//! every member, and the JSON body of the members bound to nothing else
//! ([`request`]); outputs and errors from the JSON body plus their header-,
//! status- and payload-bound members ([`response`]). The code it writes
//! calls `sdk_runtime::protocol::rest_json`.

mod request;
mod response;
mod server;

use proc_macro2::TokenStream;
use quote::quote;

use super::ProtocolGenerator;
use crate::ir::{Ir, Operation, ShapeId, ShapeKind, SimpleType, TimestampFormat, TypeRef, ValueType};

/// The restJson1 generator.
pub struct RestJson1;

impl ProtocolGenerator for RestJson1 {
    fn runtime_protocol(&self, _ir: &Ir) -> TokenStream {
        quote!(&sdk_runtime::protocol::RestJson1)
    }

    fn imports(&self) -> TokenStream {
        quote!(
            use sdk_runtime::http::Method;
        )
    }

    fn to_request(&self, ir: &Ir, op: &Operation) -> TokenStream {
        let members = ir.structure(&op.input).map(|s| s.members.as_slice()).unwrap_or_default();
        request::to_request(ir, op, members)
    }

    fn read_output(&self, ir: &Ir, op: &Operation) -> TokenStream {
        response::read_output(ir, op)
    }

    fn streamed_output(&self, ir: &Ir, op: &Operation) -> TokenStream {
        response::read_streamed_output(ir, op)
    }

    fn read_error(&self, ir: &Ir, error: &ShapeId) -> TokenStream {
        response::read_structure(ir, ir.structure(error).map(|s| s.members.as_slice()).unwrap_or_default())
    }

    fn server_routes(&self, ir: &Ir) -> TokenStream {
        server::routes(ir)
    }

    fn route(&self, _ir: &Ir) -> TokenStream {
        server::route()
    }

    fn read_request(&self, ir: &Ir, op: &Operation) -> TokenStream {
        server::read_request(ir, op)
    }

    fn write_output(&self, ir: &Ir, op: &Operation) -> TokenStream {
        server::write_output(ir, op)
    }

    fn write_error(&self, ir: &Ir, error: &ShapeId) -> TokenStream {
        server::write_error(ir, error)
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
