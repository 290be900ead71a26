//! What the protocol tests the generator writes from `smithy.test` traits
//! call (feature `protocol-test`): a client configuration for them, and the
//! comparisons the Smithy specification defines — a request's method, path,
//! query, headers, host and body against a request case; an output or error
//! read from a response case against the expected value; and, for the
//! endpoint tests written from `smithy.rules#endpointTests`, an endpoint
//! resolved by the client's own resolver against the case's expectation.
//!
//! Requests are built by the client's own `dry_run`, the code path a real
//! call takes up to the wire; responses are read by the operation's own
//! `read_output` and error mapping.

use std::fmt::Debug;

use serde::Serialize;

use crate::config::Config;
use crate::credentials::Credentials;
use crate::error::SdkError;
use crate::http::{HttpResponse, PreparedRequest};
use crate::operation::Operation;
use crate::retry::RetryConfig;

/// The configuration protocol tests run with: endpoint `endpoint`, region
/// `us-west-2`, fixed credentials, no retries, no client-side validation
/// (cases may send what the model's constraints forbid), and the idempotency
/// token the specification's cases expect.
pub fn config(endpoint: &str) -> Config {
    Config::builder()
        .region("us-west-2")
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE", None, None))
        .endpoint_url(endpoint)
        .retry(RetryConfig::standard().with_max_attempts(1))
        .validate_input(false)
        .idempotency_token(|| "00000000-0000-4000-8000-000000000000".to_owned())
        .build()
}

/// What a request case expects.
#[derive(Clone, Copy, Debug, Default)]
pub struct ExpectedRequest<'a> {
    /// The method.
    pub method: &'a str,
    /// The path, without the query.
    pub uri: &'a str,
    /// `key=value` pairs the query must hold, as sent.
    pub query_params: &'a [&'a str],
    /// Query keys that must not be sent.
    pub forbid_query_params: &'a [&'a str],
    /// Query keys that must be sent.
    pub require_query_params: &'a [&'a str],
    /// Headers that must be sent, with these values.
    pub headers: &'a [(&'a str, &'a str)],
    /// Headers that must not be sent.
    pub forbid_headers: &'a [&'a str],
    /// Headers that must be sent.
    pub require_headers: &'a [&'a str],
    /// The host the request must go to.
    pub resolved_host: Option<&'a str>,
    /// The body; `None` when the case does not say.
    pub body: Option<&'a str>,
    /// The body's media type: `application/json` bodies compare as JSON.
    pub body_media_type: Option<&'a str>,
}

/// Panics, listing every difference, unless `request` is what `expected` says.
pub fn assert_request(request: &PreparedRequest, expected: &ExpectedRequest<'_>) {
    let mut problems = Vec::new();
    if request.method.as_str() != expected.method {
        problems.push(format!("method: sent {}, expected {}", request.method, expected.method));
    }
    let (before_query, query) = request.url.split_once('?').unwrap_or((&request.url, ""));
    let (host, path) = split_url(before_query);
    if path != expected.uri {
        problems.push(format!("path: sent `{path}`, expected `{}`", expected.uri));
    }
    // A resolved host may name a base path too (`example.com/custom`).
    let authority_and_path = before_query.split_once("://").map_or(before_query, |(_, rest)| rest);
    if let Some(resolved) = expected.resolved_host
        && host != resolved
        && !authority_and_path.starts_with(&format!("{resolved}/"))
    {
        problems.push(format!("host: sent to `{host}`, expected `{resolved}`"));
    }
    let pairs: Vec<&str> = query.split('&').filter(|pair| !pair.is_empty()).collect();
    let key = |pair: &str| pair.split_once('=').map_or(pair, |(key, _)| key).to_owned();
    for wanted in expected.query_params {
        if !pairs.contains(wanted) {
            problems.push(format!("query: `{wanted}` not sent (sent `{query}`)"));
        }
    }
    for forbidden in expected.forbid_query_params {
        if pairs.iter().any(|pair| key(pair) == *forbidden) {
            problems.push(format!("query: `{forbidden}` sent (sent `{query}`)"));
        }
    }
    for required in expected.require_query_params {
        if !pairs.iter().any(|pair| key(pair) == *required) {
            problems.push(format!("query: `{required}` not sent (sent `{query}`)"));
        }
    }
    let header = |name: &str| {
        let values: Vec<&str> =
            request.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect();
        (!values.is_empty()).then(|| values.join(", "))
    };
    for (name, value) in expected.headers {
        match header(name) {
            Some(sent) if sent == *value => {}
            Some(sent) => problems.push(format!("header `{name}`: sent `{sent}`, expected `{value}`")),
            None => problems.push(format!("header `{name}`: not sent, expected `{value}`")),
        }
    }
    for name in expected.forbid_headers {
        if let Some(sent) = header(name) {
            problems.push(format!("header `{name}`: sent `{sent}`, must not be sent"));
        }
    }
    for name in expected.require_headers {
        if header(name).is_none() {
            problems.push(format!("header `{name}`: not sent"));
        }
    }
    // A case that names no media type is compared as what the request says it sends.
    let media_type = expected.body_media_type.or(request.header("content-type"));
    // A streamed body the case gives is one in memory.
    let sent = request.stream.as_ref().and_then(crate::stream::ByteStream::as_bytes).unwrap_or(&request.body);
    if let Some(body) = expected.body
        && let Some(problem) = body_difference(sent, body, media_type)
    {
        problems.push(problem);
    }
    assert!(problems.is_empty(), "the request differs from the case:\n  {}\nsent: {request:#?}", problems.join("\n  "));
}

/// `(host, path)` of an absolute URL without its query.
fn split_url(url: &str) -> (&str, &str) {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    match rest.find('/') {
        Some(slash) => (&rest[..slash], &rest[slash..]),
        None => (rest, "/"),
    }
}

fn body_difference(sent: &[u8], expected: &str, media_type: Option<&str>) -> Option<String> {
    let json = media_type.is_some_and(|media| media == "application/json" || media.ends_with("+json"));
    if json && !expected.trim().is_empty() {
        let wanted: serde_json::Value = match serde_json::from_str(expected) {
            Ok(wanted) => wanted,
            Err(e) => return Some(format!("the case's JSON body does not parse: {e}")),
        };
        return match serde_json::from_slice::<serde_json::Value>(sent) {
            Ok(value) if value == wanted => None,
            Ok(value) => Some(format!("body: sent {value}, expected {wanted}")),
            Err(e) => Some(format!("body: sent `{}`, not JSON ({e})", String::from_utf8_lossy(sent))),
        };
    }
    (sent != expected.as_bytes())
        .then(|| format!("body: sent `{}`, expected `{expected}`", String::from_utf8_lossy(sent)))
}

/// A request case's body as a client sends it: gzipped when the case's
/// headers say `Content-Encoding: gzip` (the case gives it decoded).
pub fn encoded_body(headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let gzipped =
        headers.iter().any(|(name, value)| name.eq_ignore_ascii_case("content-encoding") && value.contains("gzip"));
    #[cfg(feature = "compression")]
    if gzipped {
        return gzip(body.as_bytes());
    }
    let _ = gzipped;
    body.as_bytes().to_vec()
}

/// A response case as the transport would hand it over.
pub fn response(code: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse::new(code, headers.iter().copied(), body.to_owned())
}

/// Panics unless `actual` and `expected` have the same JSON form: every
/// member compared (floats that are `NaN` included, which `==` never finds
/// equal), in the form the SDK writes them. Values that cannot be written
/// (a union's `Unknown`) are compared by their `Debug` form.
pub fn assert_same<T: Serialize + Debug>(actual: &T, expected: &T) {
    match (serde_json::to_value(actual), serde_json::to_value(expected)) {
        (Ok(read), Ok(wanted)) => assert_eq!(read, wanted, "read {actual:#?}\nexpected {expected:#?}"),
        _ => assert_eq!(format!("{actual:?}"), format!("{expected:?}")),
    }
}

/// The modelled error an error response case reads as, for operation `I`;
/// panics on anything else.
pub fn service_error<I: Operation>(service: &crate::client::ServiceInfo, response: &HttpResponse) -> I::Error
where
    I::Error: Debug,
{
    let from_code = <I::Error as crate::operation::ModeledError>::from_code;
    match crate::protocol::error_from_response(service.protocol, response, from_code) {
        SdkError::Service(error) => error.into_err(),
        other => panic!("the response does not read as a modelled error: {other:?}"),
    }
}

/// What an endpoint test case (`smithy.rules#endpointTests`) expects.
#[derive(Clone, Copy, Debug)]
pub enum ExpectedEndpoint<'a> {
    /// This endpoint: URL, headers (each with its values) and properties as JSON text.
    Endpoint {
        /// The URL.
        url: &'a str,
        /// The headers.
        headers: &'a [(&'a str, &'a [&'a str])],
        /// The properties (`authSchemes`…), as JSON.
        properties: &'a str,
    },
    /// Resolution fails with exactly this message.
    Error(&'a str),
}

/// Resolves the endpoint for a call of `op` whose input binds `input`, with
/// `config`, as [`Handle::send_with`](crate::client::Handle::send_with)
/// does, and compares the result with `expected`.
pub fn assert_endpoint(
    service: crate::client::ServiceInfo,
    config: Config,
    op: &crate::client::OperationInfo,
    input: &crate::endpoint::InputParams,
    expected: &ExpectedEndpoint<'_>,
) {
    let handle = crate::client::Handle::new(config, service);
    let resolved = handle.resolve_endpoint_for(op, input);
    match (expected, resolved) {
        (ExpectedEndpoint::Error(message), Err(error)) => {
            assert_eq!(error.message(), *message, "the error message");
        }
        (ExpectedEndpoint::Error(message), Ok(endpoint)) => {
            panic!("resolved {}, but the case expects the error {message:?}", endpoint.url())
        }
        (ExpectedEndpoint::Endpoint { url, .. }, Err(error)) => {
            panic!("resolution failed ({error}), but the case expects {url}")
        }
        (ExpectedEndpoint::Endpoint { url, headers, properties }, Ok(endpoint)) => {
            assert_eq!(endpoint.url(), *url, "the URL");
            let wanted: std::collections::BTreeMap<String, Vec<String>> = headers
                .iter()
                .map(|(name, values)| ((*name).to_owned(), values.iter().map(|v| (*v).to_owned()).collect()))
                .collect();
            assert_eq!(endpoint.headers(), &wanted, "the headers");
            let wanted: serde_json::Value = serde_json::from_str(properties).expect("the case's properties are JSON");
            let got = serde_json::Value::Object(
                endpoint.properties().iter().map(|(name, value)| (name.clone(), value.to_json())).collect(),
            );
            assert_eq!(got, wanted, "the properties");
        }
    }
}

/// [`assert_endpoint`] for a call of the operation `input` belongs to: its
/// static context parameters and what its input binds, as a real call has them.
pub fn assert_endpoint_for<I: Operation>(
    service: crate::client::ServiceInfo,
    config: Config,
    input: &I,
    expected: &ExpectedEndpoint<'_>,
) {
    assert_endpoint(service, config, &I::INFO, &input.endpoint_params(), expected);
}

/// `bytes` gzipped (what a client sends for `@requestCompression`).
#[cfg(feature = "compression")]
fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}
