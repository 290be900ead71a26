//! Which wire protocol a service's SDK speaks, decided once from the
//! service's protocol traits.
//!
//! A service may list several protocols (AWS services moving to a new one
//! list the old one too). The SDK speaks the first of them it supports, in
//! [`Protocol::PREFERENCE`] order: the JSON AST writes traits as an object,
//! whose key order means nothing, so the model's own order cannot decide
//! without making the output depend on key order. On every published model
//! the two orders agree (the JSON protocol is listed before `awsQuery` or
//! `rpcv2Cbor`). A service none of whose protocols is supported is refused,
//! naming them, rather than generated as something it is not.

use std::fmt;

use super::{Model, Shape};

/// The protocols the SDK can speak.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`: JSON RPC, `POST /` with `X-Amz-Target`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`: as 1.0, with its own media type.
    AwsJson1_1,
    /// `aws.protocols#restJson1`: HTTP bindings and JSON bodies.
    RestJson1,
}

impl Protocol {
    /// The supported protocols, the preferred first.
    pub const PREFERENCE: [Protocol; 3] = [Protocol::AwsJson1_0, Protocol::AwsJson1_1, Protocol::RestJson1];

    /// The protocol trait's shape id.
    pub fn trait_id(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Protocol::AwsJson1_1 => "aws.protocols#awsJson1_1",
            Protocol::RestJson1 => "aws.protocols#restJson1",
        }
    }

    /// Whether requests and responses follow the HTTP binding traits
    /// (`@http`, `@httpLabel`, `@httpHeader`…, `@jsonName`); the JSON RPC
    /// protocols ignore them.
    pub fn uses_http_bindings(self) -> bool {
        match self {
            Protocol::RestJson1 => true,
            Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => false,
        }
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.trait_id())
    }
}

/// Protocol traits AWS services use that the SDK does not speak, named in
/// the refusal. Other protocols are found by their `@protocolDefinition`.
const KNOWN_UNSUPPORTED: &[&str] = &[
    "aws.protocols#awsQuery",
    "aws.protocols#ec2Query",
    "aws.protocols#restXml",
    "smithy.protocols#rpcv2Cbor",
    "smithy.protocols#rpcv2Json",
];

/// `aws.protocols#awsQueryCompatible`: not a protocol of its own, but how an
/// awsJson service that was awsQuery reports error codes.
pub const AWS_QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";

/// `aws.protocols#awsQueryError`: the code an error had under awsQuery,
/// which an `@awsQueryCompatible` service's server still gives.
pub const AWS_QUERY_ERROR: &str = "aws.protocols#awsQueryError";

/// The protocol the SDK of `service` speaks, or why there is none.
pub fn select(model: &Model, service: &Shape) -> Result<Protocol, String> {
    if let Some(protocol) = Protocol::PREFERENCE.into_iter().find(|p| service.has_trait(p.trait_id())) {
        return Ok(protocol);
    }
    let supported = Protocol::PREFERENCE.map(Protocol::trait_id).join(", ");
    let listed = declared(model, service);
    if listed.is_empty() {
        return Err(format!("the service declares no protocol trait; the SDK speaks {supported}"));
    }
    Err(format!(
        "the service speaks only {}, which the SDK does not support (it speaks {supported}); nothing is generated",
        listed.join(", ")
    ))
}

/// The protocol traits `service` carries, sorted: the known ones, and any
/// trait whose definition in the model is a `@protocolDefinition`.
fn declared(model: &Model, service: &Shape) -> Vec<String> {
    service
        .traits
        .keys()
        .filter(|id| {
            KNOWN_UNSUPPORTED.contains(&id.as_str())
                || super::ShapeId::parse(id)
                    .ok()
                    .and_then(|id| model.shape(&id))
                    .is_some_and(|definition| definition.has_trait("smithy.api#protocolDefinition"))
        })
        .cloned()
        .collect()
}
