//! The server side of the protocols (feature `server`): what a generated
//! crate's `server` module is built on.
//!
//! A generated server routes a request to its operation (the service's
//! protocol decides how: restJson1 by method and URI pattern, awsJson by
//! `X-Amz-Target`), reads the input as the inverse of the client's
//! bindings, validates it with the same validators the client runs (and
//! refuses unknown enum values, which a client may send), calls the
//! operation's handler, and writes its output or error as the protocol
//! says. [`serve_operation`] is that pipeline; [`listen`] runs it on hyper.
//!
//! - A request the protocol cannot read (bad JSON, wrong types, a bad
//!   header) is answered `400 SerializationException`.
//! - An input that breaks the model's constraints never reaches the
//!   handler: it is answered with the operation's own modelled validation
//!   error when the operation has one, else `400 ValidationException` with
//!   every violation in `fieldList`, as Smithy's server frameworks answer.
//! - A handler that fails unexpectedly or panics is answered
//!   `500 InternalFailure`, and nothing of the failure is sent.

pub mod listen;
mod message;
pub mod mock;
pub mod mock_file;

use std::future::Future;
use std::panic::AssertUnwindSafe;

use futures_util::FutureExt as _;
use serde_json::{Map, Value, json};

pub use futures_util::future::BoxFuture;
pub use listen::{ServerHandle, serve};
pub use message::{ServerRequest, ServerResponse};

use crate::error::ConstructionError;
use crate::operation::Operation;
use crate::protocol::Protocol;
use crate::validation::{Validate, ValidationError};

/// The largest request body a server reads whole (16 MiB); a larger one is
/// answered `413`. `@streaming` payloads are not read whole and have no limit.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Why a handler did not produce an output.
#[derive(Debug)]
pub enum Failure<E> {
    /// One of the operation's modelled errors, written as the protocol says
    /// (status, `X-Amzn-Errortype`, members).
    Modeled(E),
    /// This HTTP response, sent as it is: what mocks use to answer with
    /// throttling, a 5xx or a malformed body.
    Raw(Box<ServerResponse>),
    /// Something that should not happen: answered `500 InternalFailure`;
    /// the message is logged, never sent.
    Internal(String),
    /// The service does not implement the operation: answered
    /// `501 NotImplemented`.
    NotImplemented,
}

impl<E> From<E> for Failure<E> {
    fn from(error: E) -> Self {
        Failure::Modeled(error)
    }
}

/// What a handler returns.
pub type HandlerResult<O, E> = Result<O, Failure<E>>;

/// The labels of a routed request's URI, by label name, percent-decoded.
pub type Labels = Vec<(&'static str, String)>;

/// What routing found: the operation (an index into the generated table) and
/// its URI labels.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Routed {
    /// The operation, as the generated dispatcher numbers them.
    pub operation: usize,
    /// The URI labels (restJson1), by name.
    pub labels: Labels,
}

/// Why a request reached no operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteError {
    /// No operation has this route (or target).
    NotFound,
    /// An operation has this path, but not this method.
    MethodNotAllowed,
}

/// A request whose input could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestError {
    message: String,
}

impl RequestError {
    /// A request error saying `message`.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into() }
    }

    /// What was wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// What a generated input adds for the server: reading itself from a
/// request, and writing its operation's output.
pub trait ServerOperation: Operation {
    /// Reads the input from a routed request (`labels` from its URI).
    fn read_request(request: &mut ServerRequest, labels: &Labels) -> Result<Self, RequestError>;

    /// The response for a successful call.
    fn write_output(output: Self::Output) -> Result<ServerResponse, ConstructionError>;

    /// The operation's own modelled validation error for `violations`, when
    /// it declares one (a `ValidationError`, say); `None` answers with
    /// Smithy's `ValidationException`.
    fn validation_error(violations: &ValidationError) -> Option<Self::Error> {
        let _ = violations;
        None
    }
}

/// A modelled error as a server writes it.
pub trait ServerError {
    /// The response: the error's status, name and members.
    fn to_response(&self) -> Result<ServerResponse, ConstructionError>;
}

/// A service's routes and operations, as the generated `server` module
/// implements them for a handler.
pub trait Dispatch: Send + Sync + 'static {
    /// The service's protocol.
    fn protocol(&self) -> &'static dyn Protocol;

    /// Which operation `request` is for (from its head: the body is not read yet).
    fn route(&self, request: &ServerRequest) -> Result<Routed, RouteError>;

    /// Whether the operation's input payload streams: then its body is
    /// handed to it unread, else it is read whole first.
    fn streams_input(&self, operation: usize) -> bool {
        let _ = operation;
        false
    }

    /// Serves a routed request.
    fn call(&self, routed: Routed, request: ServerRequest) -> BoxFuture<'_, ServerResponse>;
}

/// Routes and serves one request with `dispatch`: the whole of what a
/// server does for it. A request no route takes is answered `404` (`405`
/// for a known path with another method), `UnknownOperationException`.
pub async fn handle(dispatch: &dyn Dispatch, request: ServerRequest) -> ServerResponse {
    match dispatch.route(&request) {
        Ok(routed) => dispatch.call(routed, request).await,
        Err(RouteError::NotFound) => framework_error(
            dispatch.protocol(),
            404,
            "UnknownOperationException",
            format!("no operation of this service takes {} {}", request.method(), request.path()),
        ),
        Err(RouteError::MethodNotAllowed) => framework_error(
            dispatch.protocol(),
            405,
            "UnknownOperationException",
            format!("{} is not a method of {}", request.method(), request.path()),
        ),
    }
}

/// What a server answered one call with, for whoever observes its calls
/// (the mock server's `--record`).
#[derive(Clone, Debug, PartialEq)]
pub struct CallRecord {
    /// The operation's name.
    pub operation: &'static str,
    /// The input by the model's member names, when the request could be read.
    pub input: Option<serde_json::Value>,
    /// The response's status.
    pub status: u16,
}

/// Something told of every call a server answers.
pub type Observer = std::sync::Arc<dyn Fn(&CallRecord) + Send + Sync>;

/// The pipeline of one operation: read the input, validate it, call
/// `handler`, write what it returns; `observer`, if any, is told of the call.
pub async fn serve_operation<I, F, Fut>(
    protocol: &'static dyn Protocol,
    request: ServerRequest,
    labels: Labels,
    observer: Option<&Observer>,
    handler: F,
) -> ServerResponse
where
    I: ServerOperation + crate::shape::View,
    I::Error: ServerError,
    F: FnOnce(I) -> Fut,
    Fut: Future<Output = HandlerResult<I::Output, I::Error>>,
{
    let mut input_view = None;
    let response =
        serve_inner::<I, F, Fut>(protocol, request, labels, observer.is_some(), &mut input_view, handler).await;
    if let Some(observer) = observer {
        observer(&CallRecord { operation: I::INFO.name, input: input_view, status: response.status() });
    }
    response
}

async fn serve_inner<I, F, Fut>(
    protocol: &'static dyn Protocol,
    mut request: ServerRequest,
    labels: Labels,
    observed: bool,
    input_view: &mut Option<serde_json::Value>,
    handler: F,
) -> ServerResponse
where
    I: ServerOperation + crate::shape::View,
    I::Error: ServerError,
    F: FnOnce(I) -> Fut,
    Fut: Future<Output = HandlerResult<I::Output, I::Error>>,
{
    if let Err(message) = request.decode_content() {
        return framework_error(protocol, 415, "UnsupportedMediaTypeException", message);
    }
    // Missing required members are read as zero values and listed, so they
    // are answered with every other violation rather than one at a time.
    let (read, missing) = crate::shape::with_missing_collected(|| I::read_request(&mut request, &labels));
    let input = match read {
        Ok(input) => input,
        Err(error) => return framework_error(protocol, 400, "SerializationException", error.message),
    };
    if observed {
        *input_view = Some(input.view());
    }
    if let Err(violations) = input.validate_as_server(&missing) {
        return match I::validation_error(&violations) {
            Some(error) => written(protocol, error.to_response()),
            None => validation_exception(protocol, &violations),
        };
    }
    let outcome = AssertUnwindSafe(handler(input)).catch_unwind().await;
    match outcome {
        Ok(Ok(output)) => written(protocol, I::write_output(output)),
        Ok(Err(Failure::Modeled(error))) => written(protocol, error.to_response()),
        Ok(Err(Failure::Raw(response))) => *response,
        Ok(Err(Failure::NotImplemented)) => framework_error(
            protocol,
            501,
            "NotImplemented",
            format!("the operation {} is not implemented", I::INFO.name),
        ),
        Ok(Err(Failure::Internal(message))) => {
            tracing::error!(operation = I::INFO.name, %message, "the handler failed");
            internal_failure(protocol)
        }
        Err(_) => {
            tracing::error!(operation = I::INFO.name, "the handler panicked");
            internal_failure(protocol)
        }
    }
}

/// A written response, or `500` when it could not be written.
fn written(protocol: &'static dyn Protocol, response: Result<ServerResponse, ConstructionError>) -> ServerResponse {
    response.unwrap_or_else(|error| {
        tracing::error!(%error, "the response could not be written");
        internal_failure(protocol)
    })
}

fn internal_failure(protocol: &dyn Protocol) -> ServerResponse {
    framework_error(protocol, 500, "InternalFailure", "the service failed to answer the request".to_owned())
}

/// An error of the server itself (not a modelled one), with a `message`.
pub fn framework_error(protocol: &dyn Protocol, status: u16, code: &str, message: String) -> ServerResponse {
    let mut body = Map::new();
    body.insert("message".to_owned(), Value::String(message));
    protocol.error_response(status, code, body)
}

/// `400 ValidationException` as Smithy's server frameworks write it: a
/// summary and each violation with its path (`/users/0/username`).
fn validation_exception(protocol: &dyn Protocol, violations: &ValidationError) -> ServerResponse {
    let fields: Vec<Value> = violations
        .violations()
        .iter()
        .map(|violation| json!({"path": json_pointer(&violation.path), "message": violation.to_string()}))
        .collect();
    let mut body = Map::new();
    body.insert("message".to_owned(), Value::String(validation_message(violations)));
    body.insert("fieldList".to_owned(), Value::Array(fields));
    protocol.error_response(400, "ValidationException", body)
}

/// The summary of a failed validation: how many constraints failed, and the first.
pub fn validation_message(violations: &ValidationError) -> String {
    let all = violations.violations();
    match all {
        [one] => format!("1 validation error detected: {one}"),
        [first, ..] => format!("{} validation errors detected; the first: {first}", all.len()),
        [] => "validation failed".to_owned(),
    }
}

/// A violation's path (`users[0].username`) as a JSON pointer (`/users/0/username`).
pub fn json_pointer(path: &str) -> String {
    let mut pointer = String::new();
    for part in path.split(['.', '[']).filter(|part| !part.is_empty()) {
        let part = part.trim_end_matches(']');
        let part = part.strip_prefix('"').and_then(|p| p.strip_suffix('"')).unwrap_or(part);
        pointer.push('/');
        pointer.push_str(&part.replace('~', "~0").replace('/', "~1"));
    }
    pointer
}

/// Validation as a server does it: also unknown enum values, which a
/// client may send but a server must refuse.
trait ValidateAsServer {
    fn validate_as_server(&self, missing: &[String]) -> Result<(), ValidationError>;
}

impl<T: Validate> ValidateAsServer for T {
    /// Every violation: the `missing` required members (read as zero
    /// values) first, then what the validators find elsewhere — not in the
    /// zero values, which would only repeat that a member is missing.
    fn validate_as_server(&self, missing: &[String]) -> Result<(), ValidationError> {
        let mut violations = crate::validation::Violations::closed();
        for path in missing {
            violations.required_at(path);
        }
        self.validate_into(&mut violations);
        violations.retain(|violation| {
            violation.rule == crate::validation::Rule::Required
                || !missing.iter().any(|path| within(&violation.path, path))
        });
        violations.finish()
    }
}

/// Whether `path` is `member` or inside it (`member.x`, `member[0]`).
fn within(path: &str, member: &str) -> bool {
    path.strip_prefix(member).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn violation_paths_become_json_pointers() {
        assert_eq!(json_pointer("networkId"), "/networkId");
        assert_eq!(json_pointer("users[3].username"), "/users/3/username");
        assert_eq!(json_pointer("tags[\"a/b\"]"), "/tags/a~1b");
        assert_eq!(json_pointer(""), "");
    }
}
