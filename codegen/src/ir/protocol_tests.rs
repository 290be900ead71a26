//! The `smithy.test#httpRequestTests` and `smithy.test#httpResponseTests`
//! traits, read into typed cases: what a client must send for given input
//! members, and what it must read from a given response. Only the cases of
//! the service's protocol are kept, each saying whether it is for clients,
//! servers or both; `params` stay JSON (member names,
//! blobs as text, timestamps as epoch seconds), read against the IR's types
//! by the protocol-test emitter.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::Traits;
use crate::model::protocol::Protocol;

const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";

/// A request case.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestTest {
    /// The case's id (`RestJsonSimpleScalarProperties`).
    pub id: String,
    /// What the case shows.
    pub documentation: Option<String>,
    /// The expected method.
    pub method: String,
    /// The expected path, without the query.
    pub uri: String,
    /// The host the client is configured with, when the case sets one.
    pub host: Option<String>,
    /// The host the request must go to.
    pub resolved_host: Option<String>,
    /// `key=value` pairs the query must hold, as sent (percent-encoded).
    pub query_params: Vec<String>,
    /// Query keys that must not be sent.
    pub forbid_query_params: Vec<String>,
    /// Query keys that must be sent, whatever their value.
    pub require_query_params: Vec<String>,
    /// Headers the request must carry, with their values.
    pub headers: BTreeMap<String, String>,
    /// Headers that must not be sent.
    pub forbid_headers: Vec<String>,
    /// Headers that must be sent, whatever their value.
    pub require_headers: Vec<String>,
    /// The expected body; `None` when the case does not say.
    pub body: Option<String>,
    /// How to compare the body: `application/json` as JSON, else as bytes.
    pub body_media_type: Option<String>,
    /// The input, by member name.
    pub params: Value,
    /// Whom the case is for, when only one side: `client` or `server`.
    pub applies_to: Option<String>,
}

/// A response case.
#[derive(Clone, Debug, PartialEq)]
pub struct ResponseTest {
    /// The case's id.
    pub id: String,
    /// What the case shows.
    pub documentation: Option<String>,
    /// The response status.
    pub code: u16,
    /// The response headers.
    pub headers: BTreeMap<String, String>,
    /// The response body.
    pub body: Option<String>,
    /// The body's media type.
    pub body_media_type: Option<String>,
    /// The expected output (or error), by member name.
    pub params: Value,
    /// Whom the case is for, when only one side: `client` or `server`.
    pub applies_to: Option<String>,
}

/// The client request cases of `protocol` in `traits`.
pub fn request_tests(traits: &Traits, protocol: Protocol) -> Vec<RequestTest> {
    cases(traits, REQUEST_TESTS, protocol)
        .map(|case| RequestTest {
            id: text(case, "id").unwrap_or_default(),
            documentation: text(case, "documentation"),
            method: text(case, "method").unwrap_or_default(),
            uri: text(case, "uri").unwrap_or_default(),
            host: text(case, "host"),
            resolved_host: text(case, "resolvedHost"),
            query_params: texts(case, "queryParams"),
            forbid_query_params: texts(case, "forbidQueryParams"),
            require_query_params: texts(case, "requireQueryParams"),
            headers: headers(case),
            forbid_headers: texts(case, "forbidHeaders"),
            require_headers: texts(case, "requireHeaders"),
            body: text(case, "body"),
            body_media_type: text(case, "bodyMediaType"),
            params: case.get("params").cloned().unwrap_or_else(|| Value::Object(Default::default())),
            applies_to: text(case, "appliesTo"),
        })
        .collect()
}

/// The client response cases of `protocol` in `traits`.
pub fn response_tests(traits: &Traits, protocol: Protocol) -> Vec<ResponseTest> {
    cases(traits, RESPONSE_TESTS, protocol)
        .map(|case| ResponseTest {
            id: text(case, "id").unwrap_or_default(),
            documentation: text(case, "documentation"),
            code: case.get("code").and_then(Value::as_u64).and_then(|code| u16::try_from(code).ok()).unwrap_or(200),
            headers: headers(case),
            body: text(case, "body"),
            body_media_type: text(case, "bodyMediaType"),
            params: case.get("params").cloned().unwrap_or_else(|| Value::Object(Default::default())),
            applies_to: text(case, "appliesTo"),
        })
        .collect()
}

/// The trait's cases for `protocol` (each says whether it is for one side only).
fn cases<'a>(traits: &'a Traits, trait_id: &str, protocol: Protocol) -> impl Iterator<Item = &'a Value> {
    traits
        .get(trait_id)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(move |case| case.get("protocol").and_then(Value::as_str) == Some(protocol.trait_id()))
}

impl RequestTest {
    /// Whether a client must pass it.
    pub fn for_client(&self) -> bool {
        self.applies_to.as_deref() != Some("server")
    }

    /// Whether a server must pass it.
    pub fn for_server(&self) -> bool {
        self.applies_to.as_deref() != Some("client")
    }
}

impl ResponseTest {
    /// Whether a client must pass it.
    pub fn for_client(&self) -> bool {
        self.applies_to.as_deref() != Some("server")
    }

    /// Whether a server must pass it.
    pub fn for_server(&self) -> bool {
        self.applies_to.as_deref() != Some("client")
    }
}

fn text(case: &Value, key: &str) -> Option<String> {
    case.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn texts(case: &Value, key: &str) -> Vec<String> {
    case.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect()
}

fn headers(case: &Value) -> BTreeMap<String, String> {
    let headers = case.get("headers").and_then(Value::as_object).into_iter().flatten();
    headers.filter_map(|(name, value)| Some((name.clone(), value.as_str()?.to_owned()))).collect()
}
