//! What a generated operation declares, and the steps every call takes
//! whatever the protocol: idempotency tokens, validation, then the request
//! the protocol builds, sent by the [`Handle`].
//!
//! Generated code implements [`Operation`] for each input type, with the
//! request and output bindings of the service's protocol (the helpers of
//! [`crate::protocol`]); [`invoke`] does the rest.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::client::{Handle, OperationInfo, SignedRequest};
use crate::endpoint::InputParams;
use crate::error::{ConstructionError, DeserializationError, SdkError};
use crate::http::{HttpRequest, HttpResponse};
use crate::stream::ByteStream;
use crate::validation::Validate;

/// An operation, implemented on its input type by generated code.
pub trait Operation: Validate + Serialize + Sized {
    /// The operation's output.
    type Output: DeserializeOwned;
    /// The operation's modelled errors.
    type Error: ModeledError;
    /// The operation's name, for traces, and its static endpoint parameters.
    const INFO: OperationInfo;

    /// The endpoint parameters this input binds: its `@contextParam` members
    /// and the operation's `@operationContextParams` paths. None by default.
    fn endpoint_params(&self) -> InputParams {
        InputParams::new()
    }

    /// Fills unset `@idempotencyToken` members with tokens from `make`.
    /// Called once per call, before validation, so every retry sends the
    /// same token.
    fn fill_idempotency_tokens(&mut self, make: fn() -> String) {
        let _ = make;
    }

    /// The HTTP request for this input: method, path, query, headers, body.
    fn to_request(&self) -> Result<HttpRequest, ConstructionError>;

    /// Reads the output from a successful response.
    fn read_output(response: &HttpResponse) -> Result<Self::Output, DeserializationError>;

    /// Whether the output's payload is a `@streaming` blob: then [`invoke`]
    /// hands the response body over unread, to
    /// [`read_streamed_output`](Self::read_streamed_output).
    const STREAMS_OUTPUT: bool = false;

    /// Reads the output from a successful response's head, with `body` (the
    /// response body, unread) as its streaming payload. By default the
    /// operation has none, and `body` is not used.
    fn read_streamed_output(head: &HttpResponse, body: ByteStream) -> Result<Self::Output, DeserializationError> {
        let _ = body;
        Self::read_output(head)
    }

    /// Sets the `@streaming` payload of this input (the CLI reads it from a
    /// file); nothing for an operation without one.
    fn set_input_stream(&mut self, body: ByteStream) {
        let _ = body;
    }

    /// Takes the `@streaming` payload out of an output (the CLI writes it to
    /// a file); `None` for an operation without one.
    fn take_output_stream(output: &mut Self::Output) -> Option<ByteStream> {
        let _ = output;
        None
    }
}

/// An operation's modelled errors, told apart by the error code.
pub trait ModeledError: Sized {
    /// The modelled error with this `code`, read from the `response` (its
    /// body, and headers for header-bound members); `None` when the code is
    /// not one of this operation's errors.
    fn from_code(code: &str, response: &HttpResponse) -> Option<Result<Self, DeserializationError>>;
}

/// Sends `input` as its operation: tokens, validation (unless turned off),
/// serialization, then [`Handle::invoke_with`] with its endpoint (for the
/// operation's and the input's endpoint parameters), signing, retries and
/// error mapping.
pub async fn invoke<I: Operation>(handle: &Handle, mut input: I) -> Result<I::Output, SdkError<I::Error>> {
    input.fill_idempotency_tokens(handle.config().idempotency_token());
    handle.validate(&input)?;
    let request = input.to_request()?;
    let endpoint_params = input.endpoint_params();
    if I::STREAMS_OUTPUT {
        let read = I::read_streamed_output;
        return handle.invoke_streaming_with(&I::INFO, &endpoint_params, request, read, I::Error::from_code).await;
    }
    handle.invoke_with(&I::INFO, &endpoint_params, request, I::read_output, I::Error::from_code).await
}

/// The request a call of `input` would send — endpoint, headers, signature
/// and body, after tokens are filled and the input is validated — without
/// sending it.
pub async fn dry_run<I: Operation>(handle: &Handle, mut input: I) -> Result<SignedRequest, SdkError<I::Error>> {
    input.fill_idempotency_tokens(handle.config().idempotency_token());
    handle.validate(&input)?;
    let request = input.to_request()?;
    handle.prepare_signed_with(&I::INFO, &input.endpoint_params(), &request).await
}

/// A fresh idempotency token: a random (version 4) UUID.
pub fn idempotency_token() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// A `@hostLabel` member's value for the host prefix: set, and a valid host
/// label (letters, digits and `-`, 1 to 63 characters, no leading `-`), so
/// no input can point the request at another host.
pub fn host_label(value: Option<&str>, member: &str) -> Result<String, ConstructionError> {
    let value = value.ok_or_else(|| ConstructionError::new(format!("the `{member}` host label is not set")))?;
    let valid = !value.is_empty()
        && value.len() <= 63
        && !value.starts_with('-')
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !valid {
        return Err(ConstructionError::new(format!("the `{member}` host label `{value}` is not a valid host label")));
    }
    Ok(value.to_owned())
}
