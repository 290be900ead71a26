//! What a generated operation declares, and the restJson1 steps every
//! operation shares: idempotency tokens, the JSON body from the input minus
//! its HTTP-bound members, and the output from the JSON body plus headers.
//!
//! Generated code implements [`Operation`] for each input type with its
//! route, query and header bindings; [`invoke`] does the rest.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::client::{Handle, OperationInfo};
use crate::encoding::{DateTime, TimestampFormat};
use crate::endpoint::InputParams;
use crate::error::{ConstructionError, DeserializationError, SdkError};
use crate::http::{HttpRequest, HttpResponse};
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

    /// Fills unset `@idempotencyToken` members with fresh tokens. Called once
    /// per call, before validation, so every retry sends the same token.
    fn fill_idempotency_tokens(&mut self) {}

    /// The HTTP request for this input: method, path, query, headers, body.
    fn to_request(&self) -> Result<HttpRequest, ConstructionError>;

    /// Reads the output from a successful response.
    fn read_output(response: &HttpResponse) -> Result<Self::Output, DeserializationError>;
}

/// An operation's modelled errors, told apart by the error code.
pub trait ModeledError: Sized {
    /// The modelled error with this `code`, read from the response `body`;
    /// `None` when the code is not one of this operation's errors.
    fn from_code(code: &str, body: &[u8]) -> Option<Result<Self, serde_json::Error>>;
}

/// Sends `input` as its operation: tokens, validation (unless turned off),
/// serialization, then [`Handle::invoke_with`] with its endpoint (for the
/// operation's and the input's endpoint parameters), signing, retries and
/// error mapping.
pub async fn invoke<I: Operation>(handle: &Handle, mut input: I) -> Result<I::Output, SdkError<I::Error>> {
    input.fill_idempotency_tokens();
    handle.validate(&input)?;
    let request = input.to_request()?;
    let endpoint_params = input.endpoint_params();
    handle.invoke_with(&I::INFO, &endpoint_params, request, I::read_output, I::Error::from_code).await
}

/// A fresh idempotency token: a random (version 4) UUID.
pub fn idempotency_token() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The percent-encoded value of a required label member (validation has
/// already reported it when unset; sending without it would be a wrong route).
pub fn label(value: Option<&str>, member: &str, greedy: bool) -> Result<String, ConstructionError> {
    let value = value.ok_or_else(|| ConstructionError::new(format!("the `{member}` label is not set")))?;
    if value.is_empty() {
        return Err(ConstructionError::new(format!("the `{member}` label is empty")));
    }
    Ok(if greedy { crate::encoding::encode_greedy_label(value) } else { crate::encoding::encode_label(value) })
}

/// A timestamp as text for a query string or header.
pub fn timestamp(value: &DateTime, format: TimestampFormat) -> Result<String, ConstructionError> {
    value.format(format).map_err(|e| ConstructionError::with_source("cannot format a timestamp", e))
}

/// Adds the JSON body: the input's JSON minus the members bound elsewhere
/// (`bound`, by JSON name). restJson1 sends no body when no member is bound
/// to it, and `{}` when body members exist but none is set.
pub fn with_body<T: Serialize>(
    request: HttpRequest,
    input: &T,
    bound: &[&str],
) -> Result<HttpRequest, ConstructionError> {
    let mut object = to_object(input)?;
    for name in bound {
        object.remove(*name);
    }
    request.json_body(&Value::Object(object))
}

/// Adds the `@httpPayload` member as the JSON body, when set.
pub fn with_payload<T: Serialize>(request: HttpRequest, payload: Option<&T>) -> Result<HttpRequest, ConstructionError> {
    match payload {
        Some(value) => request.json_body(value),
        None => Ok(request),
    }
}

fn to_object<T: Serialize>(input: &T) -> Result<Map<String, Value>, ConstructionError> {
    match serde_json::to_value(input) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(ConstructionError::new("the input did not serialize to a JSON object")),
        Err(e) => Err(ConstructionError::with_source("cannot serialize the input", e)),
    }
}

/// How a response header is read into an output member.
#[derive(Clone, Copy, Debug)]
pub enum HeaderKind {
    /// Text.
    String,
    /// A number or boolean, read as JSON.
    Scalar,
    /// A timestamp in this format.
    Timestamp(TimestampFormat),
    /// A comma-separated list of text.
    List,
}

/// Reads the output: the JSON body (an empty body reads as `{}`), with
/// header-bound members (`(json name, header, kind)`) and the status code
/// member, if any, added before the whole is deserialized.
pub fn output<T: DeserializeOwned>(
    response: &HttpResponse,
    headers: &[(&str, &str, HeaderKind)],
    status_member: Option<&str>,
) -> Result<T, DeserializationError> {
    let body = response.body();
    let empty = body.iter().all(u8::is_ascii_whitespace);
    // Most outputs live wholly in the body: read it straight into the type,
    // skipping the intermediate JSON value (which costs more than the read).
    if headers.is_empty() && status_member.is_none() {
        let body: &[u8] = if empty { b"{}" } else { body };
        return serde_json::from_slice(body).map_err(|e| {
            DeserializationError::new(format!("the response does not match the output shape: {e}"), response)
        });
    }
    let mut object = if empty {
        Map::new()
    } else {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(object)) => object,
            Ok(_) => return Err(DeserializationError::new("the response body is not a JSON object", response)),
            Err(e) => {
                return Err(DeserializationError::new(format!("the response body is not valid JSON: {e}"), response));
            }
        }
    };
    for (member, header, kind) in headers {
        let Some(text) = response.header(header) else { continue };
        let value = match kind {
            HeaderKind::String => Value::String(text.to_owned()),
            HeaderKind::Scalar => serde_json::from_str(text.trim())
                .map_err(|e| DeserializationError::new(format!("header `{header}`: {e}"), response))?,
            HeaderKind::Timestamp(format) => {
                let time = DateTime::parse(text.trim(), *format)
                    .map_err(|e| DeserializationError::new(format!("header `{header}`: {e}"), response))?;
                serde_json::to_value(time).map_err(|e| DeserializationError::new(e.to_string(), response))?
            }
            HeaderKind::List => {
                Value::Array(text.split(',').map(|item| Value::String(item.trim().to_owned())).collect())
            }
        };
        object.insert((*member).to_owned(), value);
    }
    if let Some(member) = status_member {
        object.insert(member.to_owned(), Value::from(response.status()));
    }
    serde_json::from_value(Value::Object(object))
        .map_err(|e| DeserializationError::new(format!("the response does not match the output shape: {e}"), response))
}
