//! The error every operation returns.
//!
//! [`SdkError`] says which stage failed: input validation, request
//! construction, endpoint resolution, transport, timeout, a modelled service
//! error, an unmodelled service error, or response deserialization.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use bytes::Bytes;

use crate::endpoint::EndpointError;
use crate::http::HttpResponse;
use crate::paginate::PaginationError;
use crate::validation::ValidationError;

type BoxError = Box<dyn StdError + Send + Sync>;

/// An operation failed. `E` is the operation's modelled error type.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The input broke a constraint of the model; nothing was sent.
    Validation(ValidationError),
    /// The request could not be built or signed (e.g. no credentials); nothing was sent.
    Construction(ConstructionError),
    /// The endpoint rule set gave an error for this configuration; nothing was sent.
    Endpoint(EndpointError),
    /// The request could not be delivered or the response not received.
    Transport(TransportError),
    /// An attempt or the whole operation ran out of time.
    Timeout(TimeoutError),
    /// The service answered with an error the model describes.
    Service(ServiceError<E>),
    /// The service answered with an error the model does not describe.
    Unmodeled(Unmodeled),
    /// The response could not be read as the expected output.
    Deserialization(DeserializationError),
    /// The service's pagination tokens would have paged forever.
    Pagination(PaginationError),
}

impl<E> SdkError<E> {
    /// The modelled error, if that is what this is.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Self::Service(e) => Some(e.err()),
            _ => None,
        }
    }

    /// Error metadata from the service's response, for service errors of either kind.
    pub fn meta(&self) -> Option<&ErrorMetadata> {
        match self {
            Self::Service(e) => Some(e.meta()),
            Self::Unmodeled(e) => Some(e.meta()),
            _ => None,
        }
    }

    /// The error code the service sent, for service errors of either kind.
    pub fn code(&self) -> Option<&str> {
        self.meta().and_then(ErrorMetadata::code)
    }

    /// Changes the modelled error type (used when one operation's errors are
    /// embedded in a wider enum).
    pub fn map_service_error<F>(self, map: impl FnOnce(E) -> F) -> SdkError<F> {
        match self {
            Self::Validation(e) => SdkError::Validation(e),
            Self::Construction(e) => SdkError::Construction(e),
            Self::Endpoint(e) => SdkError::Endpoint(e),
            Self::Transport(e) => SdkError::Transport(e),
            Self::Timeout(e) => SdkError::Timeout(e),
            Self::Service(ServiceError { err, meta, status }) => {
                SdkError::Service(ServiceError { err: map(err), meta, status })
            }
            Self::Unmodeled(e) => SdkError::Unmodeled(e),
            Self::Deserialization(e) => SdkError::Deserialization(e),
            Self::Pagination(e) => SdkError::Pagination(e),
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Validation(e) => write!(f, "invalid input: {e}"),
            Self::Construction(e) => write!(f, "could not build the request: {e}"),
            Self::Endpoint(e) => write!(f, "could not resolve the endpoint: {e}"),
            Self::Transport(e) => write!(f, "could not send the request: {e}"),
            Self::Timeout(e) => e.fmt(f),
            Self::Service(e) => write!(f, "service error: {e}"),
            Self::Unmodeled(e) => write!(f, "unmodeled service error: {e}"),
            Self::Deserialization(e) => write!(f, "could not read the response: {e}"),
            Self::Pagination(e) => write!(f, "could not page through the results: {e}"),
        }
    }
}

impl<E: StdError + 'static> StdError for SdkError<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Validation(e) => Some(e),
            Self::Construction(e) => Some(e),
            Self::Endpoint(e) => Some(e),
            Self::Transport(e) => Some(e),
            Self::Timeout(e) => Some(e),
            Self::Service(e) => Some(e.err()),
            Self::Unmodeled(e) => Some(e),
            Self::Deserialization(e) => Some(e),
            Self::Pagination(e) => Some(e),
        }
    }
}

impl<E> From<ValidationError> for SdkError<E> {
    fn from(e: ValidationError) -> Self {
        Self::Validation(e)
    }
}

impl<E> From<PaginationError> for SdkError<E> {
    fn from(e: PaginationError) -> Self {
        Self::Pagination(e)
    }
}

impl<E> From<DeserializationError> for SdkError<E> {
    fn from(e: DeserializationError) -> Self {
        Self::Deserialization(e)
    }
}

impl<E> From<ConstructionError> for SdkError<E> {
    fn from(e: ConstructionError) -> Self {
        Self::Construction(e)
    }
}

/// The request could not be built.
#[derive(Debug)]
pub struct ConstructionError {
    message: String,
    source: Option<BoxError>,
}

impl ConstructionError {
    /// An error with a message only.
    pub fn new(message: impl Into<String>) -> Self {
        Self { message: message.into(), source: None }
    }

    /// An error caused by another.
    pub fn with_source(message: impl Into<String>, source: impl Into<BoxError>) -> Self {
        Self { message: message.into(), source: Some(source.into()) }
    }
}

impl fmt::Display for ConstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(source) => write!(f, "{}: {source}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl StdError for ConstructionError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_ref().map(|e| e.as_ref() as &(dyn StdError + 'static))
    }
}

/// What kind of transport failure happened; decides whether it is retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (refused, DNS failure, TLS handshake, connect timeout).
    Connect,
    /// The connection broke while the request or response was in flight (reset, closed early).
    Io,
    /// Anything else (e.g. an unusable URL); not retried.
    Other,
}

/// The request could not be delivered or the response not received.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: BoxError,
    timeout: Option<TimeoutError>,
}

impl TransportError {
    /// A transport error of the given kind.
    pub fn new(kind: TransportErrorKind, source: impl Into<BoxError>) -> Self {
        Self { kind, source: source.into(), timeout: None }
    }

    /// A transport error because one of the transport's own deadlines passed
    /// (connecting, or waiting for the server to send); the client reports
    /// it as that [`TimeoutError`].
    pub fn timed_out(kind: TransportErrorKind, timeout: TimeoutError, source: impl Into<BoxError>) -> Self {
        Self { kind, source: source.into(), timeout: Some(timeout) }
    }

    /// The deadline that passed, when this is a timeout.
    pub fn timeout(&self) -> Option<&TimeoutError> {
        self.timeout.as_ref()
    }

    /// Its kind.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether no connection could be made.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "connection failed",
            TransportErrorKind::Io => "connection broke",
            TransportErrorKind::Other => "transport error",
        };
        // hyper's errors say little at the top level; show the whole chain.
        write!(f, "{what}: {}", self.source)?;
        let mut next = self.source.source();
        while let Some(cause) = next {
            write!(f, ": {cause}")?;
            next = cause.source();
        }
        Ok(())
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(self.source.as_ref())
    }
}

/// Which deadline passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// No connection (TCP and TLS) was made in time.
    Connect,
    /// The server sent nothing for too long while a response was awaited.
    Read,
    /// One attempt (request and response) took too long.
    Attempt,
    /// The whole operation, across all attempts and back-off, took too long.
    Operation,
}

/// A deadline passed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutError {
    kind: TimeoutKind,
    after: Duration,
}

impl TimeoutError {
    /// A timeout of `kind` that was set to `after`.
    pub fn new(kind: TimeoutKind, after: Duration) -> Self {
        Self { kind, after }
    }

    /// Which deadline passed.
    pub fn kind(&self) -> TimeoutKind {
        self.kind
    }

    /// The configured limit.
    pub fn after(&self) -> Duration {
        self.after
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            TimeoutKind::Connect => write!(f, "connect timeout: no connection was made within {:?}", self.after),
            TimeoutKind::Read => write!(f, "read timeout: the server sent nothing for {:?}", self.after),
            TimeoutKind::Attempt => write!(f, "attempt timed out after {:?}", self.after),
            TimeoutKind::Operation => write!(f, "operation timed out after {:?}", self.after),
        }
    }
}

impl StdError for TimeoutError {}

/// What an error response said about itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

impl ErrorMetadata {
    /// Metadata from its parts (the code is sanitized as in [`sanitize_error_code`]).
    pub fn new(code: Option<&str>, message: Option<&str>, request_id: Option<&str>) -> Self {
        Self {
            code: code.map(sanitize_error_code).filter(|c| !c.is_empty()).map(str::to_owned),
            message: message.map(str::to_owned),
            request_id: request_id.map(str::to_owned),
        }
    }

    /// The error code (shape name), e.g. `ValidationError`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The human-readable message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The request id the service assigned (`x-amzn-requestid`).
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code().unwrap_or("unknown error"))?;
        if let Some(message) = self.message() {
            write!(f, ": {message}")?;
        }
        if let Some(id) = self.request_id() {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// Reduces an error code to the shape name: anything from the first `:` is
/// dropped (`FooError:http://internal/` → `FooError`), then anything up to the
/// first `#` (`aws.protocoltests#FooError` → `FooError`).
pub fn sanitize_error_code(raw: &str) -> &str {
    let code = raw.split(':').next().unwrap_or(raw);
    let code = code.split_once('#').map_or(code, |(_, name)| name);
    code.trim()
}

/// A modelled error with the response's metadata.
#[derive(Debug)]
pub struct ServiceError<E> {
    err: E,
    meta: ErrorMetadata,
    status: u16,
}

impl<E> ServiceError<E> {
    /// Wraps a modelled error.
    pub fn new(err: E, meta: ErrorMetadata, status: u16) -> Self {
        Self { err, meta, status }
    }

    /// The modelled error.
    pub fn err(&self) -> &E {
        &self.err
    }

    /// Takes the modelled error.
    pub fn into_err(self) -> E {
        self.err
    }

    /// Code, message and request id.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }
}

impl<E: fmt::Display> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {})", self.err, self.status)?;
        if let Some(id) = self.meta.request_id() {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// An error response whose code the operation does not model; the raw body is kept.
#[derive(Debug)]
pub struct Unmodeled {
    status: u16,
    meta: ErrorMetadata,
    body: Bytes,
}

impl Unmodeled {
    /// From a response and its parsed metadata.
    pub fn new(response: &HttpResponse, meta: ErrorMetadata) -> Self {
        Self { status: response.status(), meta, body: response.body().clone() }
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Code, message and request id.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }

    /// The error code, if the response had one.
    pub fn code(&self) -> Option<&str> {
        self.meta.code()
    }

    /// The message, if the response had one.
    pub fn message(&self) -> Option<&str> {
        self.meta.message()
    }

    /// The request id, if the response had one.
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }

    /// The raw response body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }
}

impl fmt::Display for Unmodeled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}: {}", self.status, self.meta)
    }
}

impl StdError for Unmodeled {}

/// A response body could not be read as what was expected; the raw body is kept.
#[derive(Debug)]
pub struct DeserializationError {
    message: String,
    status: u16,
    body: Bytes,
}

impl DeserializationError {
    /// An error about `response`.
    pub fn new(message: impl Into<String>, response: &HttpResponse) -> Self {
        Self { message: message.into(), status: response.status(), body: response.body().clone() }
    }

    /// What went wrong.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status code of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The raw response body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }
}

impl fmt::Display for DeserializationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {}, {} body bytes)", self.message, self.status, self.body.len())
    }
}

impl StdError for DeserializationError {}
