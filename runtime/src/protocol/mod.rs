//! The wire protocols, one module each behind one interface.
//!
//! A service speaks one protocol, chosen by the generator from its protocol
//! traits. What differs between protocols comes in two parts:
//!
//! - per operation, how an input becomes a request and a response its
//!   output: generated `Operation` impls call the protocol's own module for
//!   it ([`rest_json`]: HTTP bindings, [`aws_json`]: `POST /` with
//!   `X-Amz-Target` and the whole input as JSON);
//! - per service, what the [`Protocol`] trait says: how a failed response
//!   names its error. The generated `ServiceInfo` carries the service's
//!   implementation, so the client ([`Handle`](crate::client::Handle)),
//!   retries and the CLI stay protocol-neutral.
//!
//! A new protocol is a module here implementing [`Protocol`] plus the
//! request and response helpers its generated code calls, beside the
//! generator's implementation of the same protocol.

pub mod aws_json;
pub mod rest_json;

use std::fmt;

use serde::de::DeserializeOwned;

pub use aws_json::AwsJson;
pub use rest_json::RestJson1;

use crate::error::{DeserializationError, ErrorMetadata, SdkError, ServiceError, Unmodeled};
use crate::http::HttpResponse;

/// What a protocol does the same way for every operation of a service.
pub trait Protocol: Send + Sync + fmt::Debug {
    /// The protocol trait's shape id (`aws.protocols#restJson1`).
    fn id(&self) -> &'static str;

    /// Reads the error a failed response carries: which error shape it
    /// names, with its code, message and request id. A body the protocol
    /// cannot read is an error, with the response's status and body kept.
    fn read_error(&self, response: &HttpResponse) -> Result<ResponseError, DeserializationError>;

    /// A server's error response: `status`, the error named `code` as the
    /// protocol names errors, and `members` as its body.
    #[cfg(feature = "server")]
    fn error_response(
        &self,
        status: u16,
        code: &str,
        members: serde_json::Map<String, serde_json::Value>,
    ) -> crate::server::ServerResponse;
}

/// The error a failed response carries, as its protocol reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseError {
    /// The name of the error shape the response names (without namespace or
    /// suffix), which picks the operation's modelled error.
    pub shape: Option<String>,
    /// The code the error reports to callers (usually the shape's name), its
    /// message and the request id.
    pub meta: ErrorMetadata,
}

/// Turns an error response into an [`SdkError`]: `protocol` reads which
/// error it names, `modelled` says whether that is one of the operation's
/// errors (it returns `None` for other names, else the response read into
/// that error), and anything else is [`SdkError::Unmodeled`], with the body.
///
/// ```
/// # use sdk_runtime::error::SdkError;
/// # use sdk_runtime::http::HttpResponse;
/// # use sdk_runtime::protocol::{RestJson1, error_from_response, rest_json};
/// #[derive(Debug, serde::Deserialize)]
/// struct ResourceNotFound { message: Option<String> }
/// #[derive(Debug)]
/// enum GetUserError { ResourceNotFound(ResourceNotFound) }
///
/// let response = HttpResponse::new(404, [("x-amzn-errortype", "ResourceNotFoundError")], r#"{"message":"no such user"}"#);
/// let error: SdkError<GetUserError> = error_from_response(&RestJson1, &response, |code, response| match code {
///     "ResourceNotFoundError" => Some(rest_json::output(response, &[], None, None).map(GetUserError::ResourceNotFound)),
///     _ => None,
/// });
/// assert!(matches!(error.as_service_error(), Some(GetUserError::ResourceNotFound(_))));
/// ```
pub fn error_from_response<E>(
    protocol: &dyn Protocol,
    response: &HttpResponse,
    modelled: impl FnOnce(&str, &HttpResponse) -> Option<Result<E, DeserializationError>>,
) -> SdkError<E> {
    // A body the protocol cannot read (an HTML page from a proxy, a body cut
    // short) is still an error response: its status and any code in the
    // header are kept, as an unmodelled error with the raw body.
    let error = match protocol.read_error(response) {
        Ok(error) => error,
        Err(_) => {
            let meta = ErrorMetadata::new(response.header("x-amzn-errortype"), None, response.request_id());
            return SdkError::Unmodeled(Unmodeled::new(response, meta));
        }
    };
    let Some(shape) = error.shape.as_deref() else { return SdkError::Unmodeled(Unmodeled::new(response, error.meta)) };
    match modelled(shape, response) {
        Some(Ok(err)) => SdkError::Service(ServiceError::new(err, error.meta, response.status())),
        Some(Err(e)) => SdkError::Deserialization(DeserializationError::new(
            format!("could not read the `{shape}` error: {}", e.message()),
            response,
        )),
        None => SdkError::Unmodeled(Unmodeled::new(response, error.meta)),
    }
}

/// Reads the error of a JSON protocol's response (restJson1 and awsJson
/// alike): the name from the `X-Amzn-Errortype` header, else `__type`, else
/// `code` in the JSON body, reduced to the shape's name; the message from
/// `message`, `Message` or `errorMessage`.
///
/// An empty body is fine. A body that is not a JSON object is an error
/// unless the header already named the error (then the message is unknown,
/// and no modelled error is read from the body).
pub fn read_json_error(response: &HttpResponse) -> Result<ResponseError, DeserializationError> {
    let header_code = response.header("x-amzn-errortype");
    let request_id = response.request_id();
    let body = response.body();
    let parsed = if body.iter().all(u8::is_ascii_whitespace) {
        Ok(serde_json::Map::new())
    } else {
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(serde_json::Value::Object(map)) => Ok(map),
            Ok(_) => Err("the error body is not a JSON object".to_owned()),
            Err(e) => Err(format!("the error body is not valid JSON: {e}")),
        }
    };
    let (map, readable) = match parsed {
        Ok(map) => (map, true),
        Err(_) if header_code.is_some() => (serde_json::Map::new(), false),
        Err(message) => return Err(DeserializationError::new(message, response)),
    };
    let text = |key: &str| map.get(key).and_then(serde_json::Value::as_str);
    let code = header_code.or_else(|| text("__type")).or_else(|| text("code"));
    let message = text("message").or_else(|| text("Message")).or_else(|| text("errorMessage"));
    let meta = ErrorMetadata::new(code, message, request_id);
    let shape = meta.code().filter(|_| readable).map(str::to_owned);
    Ok(ResponseError { shape, meta })
}

/// Reads a structure from a JSON body: objects only, unknown keys ignored,
/// an empty body as `{}`, and members a server left out despite `@required`
/// filled with their zero value (Smithy's error correction).
pub(crate) fn json_body<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, DeserializationError> {
    let body = response.body();
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    crate::shape::with_error_correction(|| crate::de::from_slice(body))
        .map_err(|e| DeserializationError::new(format!("the response does not match the output shape: {e}"), response))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse::new(400, headers.iter().copied(), body.to_owned())
    }

    #[test]
    fn code_sources_and_precedence() {
        type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, Option<&'a str>);
        let cases: &[Case] = &[
            (&[("X-Amzn-Errortype", "FooError")], r#"{"__type":"BarError"}"#, Some("FooError")),
            (&[], r#"{"__type":"aws.protocoltests#FooError","code":"BarError"}"#, Some("FooError")),
            (&[], r#"{"code":"BarError"}"#, Some("BarError")),
            (&[("x-amzn-errortype", "FooError:http://internal.amazon.com/coral/")], "", Some("FooError")),
            (&[], r#"{"__type":"aws.protocoltests.restjson#FooError:http://internal.amazon.com/"}"#, Some("FooError")),
            (&[], "{}", None),
            (&[], "", None),
        ];
        for (headers, body, expected) in cases {
            let error = read_json_error(&response(headers, body)).unwrap();
            assert_eq!(error.meta.code(), *expected, "{headers:?} {body}");
            assert_eq!(error.shape.as_deref(), *expected, "{headers:?} {body}");
        }
    }

    #[test]
    fn message_and_request_id() {
        let r = response(&[("x-amzn-RequestId", "req-1")], r#"{"__type":"X","Message":"boom"}"#);
        let meta = read_json_error(&r).unwrap().meta;
        assert_eq!((meta.message(), meta.request_id()), (Some("boom"), Some("req-1")));
        let r = response(&[], r#"{"code":"X","errorMessage":"bang"}"#);
        assert_eq!(read_json_error(&r).unwrap().meta.message(), Some("bang"));
    }

    #[test]
    fn malformed_bodies_keep_status_and_header_code() {
        for body in [r#"{"__type":"Foo"#, "[1,2]", "\u{0}\u{1}", "nul", r#""str""#, "<html>502</html>"] {
            assert!(read_json_error(&response(&[], body)).is_err(), "{body:?}");
            let e: SdkError<()> = error_from_response(&RestJson1, &response(&[], body), |_, _| None);
            let SdkError::Unmodeled(u) = &e else { panic!("{body:?}: {e:?}") };
            assert_eq!((u.status(), u.code(), &u.body()[..]), (400, None, body.as_bytes()));
            // A modelled code in the header is kept, though its shape cannot be read.
            let with_code = response(&[("x-amzn-errortype", "Foo:http://x")], body);
            let e: SdkError<()> =
                error_from_response(&RestJson1, &with_code, |_, _| panic!("the body is not the shape's"));
            assert!(matches!(&e, SdkError::Unmodeled(u) if u.code() == Some("Foo") && u.status() == 400), "{e:?}");
        }
        // With the code in a header, a broken body only loses the message.
        let error = read_json_error(&response(&[("x-amzn-errortype", "Foo")], "{\"mess")).unwrap();
        assert_eq!((error.meta.code(), error.meta.message(), error.shape), (Some("Foo"), None, None));
    }

    #[test]
    fn unknown_codes_are_unmodeled_with_body() {
        let r = response(&[("x-amzn-requestid", "r")], r#"{"__type":"NewError","message":"m"}"#);
        let e: SdkError<()> = error_from_response(&RestJson1, &r, |_, _| None);
        let SdkError::Unmodeled(u) = e else { panic!("{e:?}") };
        assert_eq!((u.status(), u.code(), u.message(), u.request_id()), (400, Some("NewError"), Some("m"), Some("r")));
        assert_eq!(&u.body()[..], r.body().as_ref());
    }
}
