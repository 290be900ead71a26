//! `aws.protocols#awsJson1_0` and `aws.protocols#awsJson1_1`: every request
//! is `POST /` with `X-Amz-Target: {service}.{operation}` and the whole
//! input as one JSON object keyed by member name (HTTP binding traits and
//! `@jsonName` do not apply); the output is the JSON body; errors are named
//! as restJson1 names them, and an `@awsQueryCompatible` service's
//! `x-amzn-query-error` header gives the code callers see.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::{Protocol, ResponseError};
use crate::error::{ConstructionError, DeserializationError, ErrorMetadata};
use crate::http::{HttpRequest, HttpResponse, Method};

/// An awsJson protocol: its version, and whether the service is
/// `@awsQueryCompatible`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AwsJson {
    version: Version,
    query_compatible: bool,
}

/// The awsJson versions, which differ in their media type only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// `aws.protocols#awsJson1_0`.
    V1_0,
    /// `aws.protocols#awsJson1_1`.
    V1_1,
}

impl AwsJson {
    /// `aws.protocols#awsJson1_0`.
    pub const V1_0: AwsJson = AwsJson { version: Version::V1_0, query_compatible: false };
    /// `aws.protocols#awsJson1_1`.
    pub const V1_1: AwsJson = AwsJson { version: Version::V1_1, query_compatible: false };

    /// The same protocol for an `@awsQueryCompatible` service: an error's
    /// code is the one its `x-amzn-query-error` header gives, as the
    /// service's awsQuery clients saw it.
    pub const fn query_compatible(self) -> AwsJson {
        AwsJson { query_compatible: true, ..self }
    }

    /// The version.
    pub fn version(&self) -> Version {
        self.version
    }

    /// The media type of requests and responses.
    pub fn content_type(&self) -> &'static str {
        match self.version {
            Version::V1_0 => "application/x-amz-json-1.0",
            Version::V1_1 => "application/x-amz-json-1.1",
        }
    }

    /// The request for `input`: `POST /`, `X-Amz-Target: target`, the
    /// input's JSON object as the body (`{}` for an input without members).
    pub fn request<T: Serialize>(&self, target: &str, input: &T) -> Result<HttpRequest, ConstructionError> {
        HttpRequest::new(Method::POST, "/")
            .header("X-Amz-Target", target)
            .header("Content-Type", self.content_type())
            .json_body(input)
    }
}

impl Protocol for AwsJson {
    fn id(&self) -> &'static str {
        match self.version {
            Version::V1_0 => "aws.protocols#awsJson1_0",
            Version::V1_1 => "aws.protocols#awsJson1_1",
        }
    }

    fn read_error(&self, response: &HttpResponse) -> Result<ResponseError, DeserializationError> {
        let mut error = super::read_json_error(response)?;
        if self.query_compatible {
            // `Code;Fault`: the shape is still the one `__type` names, but
            // the code is the one awsQuery clients of the service know.
            if let Some(code) = response.header("x-amzn-query-error").and_then(|value| value.split(';').next()) {
                let code = code.trim();
                if !code.is_empty() {
                    error.meta = ErrorMetadata::new(Some(code), error.meta.message(), error.meta.request_id());
                }
            }
        }
        Ok(error)
    }

    #[cfg(feature = "server")]
    fn error_response(
        &self,
        status: u16,
        code: &str,
        mut members: serde_json::Map<String, serde_json::Value>,
    ) -> crate::server::ServerResponse {
        members.insert("__type".to_owned(), serde_json::Value::String(code.to_owned()));
        crate::server::ServerResponse::json(status, self.content_type(), &serde_json::Value::Object(members))
            .header("X-Amzn-Errortype", code)
    }
}

#[cfg(feature = "server")]
impl AwsJson {
    /// Which of the operations, whose targets are `targets`, `request` is
    /// for: a `POST /` with one of them as its `X-Amz-Target`.
    pub fn route(
        &self,
        request: &crate::server::ServerRequest,
        targets: &[&str],
    ) -> Result<crate::server::Routed, crate::server::RouteError> {
        use crate::server::{RouteError, Routed};
        let target = request.header("x-amz-target").unwrap_or_default();
        let operation = targets.iter().position(|known| *known == target).ok_or(RouteError::NotFound)?;
        if request.path() != "/" {
            return Err(RouteError::NotFound);
        }
        if request.method() != "POST" {
            return Err(RouteError::MethodNotAllowed);
        }
        Ok(Routed { operation, labels: Vec::new() })
    }

    /// Reads an input from the request's JSON body (an empty body reads as
    /// `{}`; unknown keys are ignored).
    pub fn read_input<T: DeserializeOwned>(
        &self,
        request: &crate::server::ServerRequest,
    ) -> Result<T, crate::server::RequestError> {
        let body = request.body();
        let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
        let value: serde_json::Value = serde_json::from_slice(body)
            .map_err(|e| crate::server::RequestError::new(format!("the request body is not valid JSON: {e}")))?;
        if !value.is_object() {
            return Err(crate::server::RequestError::new("the request body is not a JSON object"));
        }
        crate::de::from_value_tracked(value)
            .map_err(|e| crate::server::RequestError::new(format!("the request does not match the input shape: {e}")))
    }

    /// The response for an output: 200, its JSON body.
    pub fn write_output<T: Serialize>(&self, output: &T) -> Result<crate::server::ServerResponse, ConstructionError> {
        let body =
            serde_json::to_vec(output).map_err(|e| ConstructionError::with_source("cannot serialize the output", e))?;
        Ok(crate::server::ServerResponse::new(200).header("Content-Type", self.content_type()).body(body))
    }

    /// The response for a modelled error: `status`, its members and
    /// `__type` in the body, and `X-Amzn-Errortype`.
    pub fn write_error<T: Serialize>(
        &self,
        status: u16,
        code: &str,
        error: &T,
    ) -> Result<crate::server::ServerResponse, ConstructionError> {
        match serde_json::to_value(error) {
            Ok(serde_json::Value::Object(members)) => Ok(self.error_response(status, code, members)),
            Ok(_) => Err(ConstructionError::new("the error did not serialize to a JSON object")),
            Err(e) => Err(ConstructionError::with_source("cannot serialize the error", e)),
        }
    }

    /// [`write_error`](Self::write_error) for an `@awsQueryCompatible`
    /// service: `query_error` (`Code;Sender` or `Code;Receiver`) in the
    /// `x-amzn-query-error` header too, the code its awsQuery clients knew.
    pub fn write_query_compatible_error<T: Serialize>(
        &self,
        status: u16,
        code: &str,
        query_error: &str,
        error: &T,
    ) -> Result<crate::server::ServerResponse, ConstructionError> {
        Ok(self.write_error(status, code, error)?.header("x-amzn-query-error", query_error))
    }
}

/// Reads an output or error structure from the JSON body (an empty body
/// reads as `{}`).
pub fn output<T: DeserializeOwned>(response: &HttpResponse) -> Result<T, DeserializationError> {
    super::json_body(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_post_the_whole_input_to_the_root_with_the_target() {
        #[derive(Serialize)]
        struct Input {
            name: &'static str,
        }
        let request = AwsJson::V1_1.request("Svc.Op", &Input { name: "x" }).unwrap();
        assert_eq!((request.method(), request.path()), (&Method::POST, "/"));
        let header = |name: &str| request.headers().iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
        assert_eq!(header("X-Amz-Target"), Some("Svc.Op"));
        assert_eq!(header("Content-Type"), Some("application/x-amz-json-1.1"));
        assert_eq!(request.body_bytes().map(|b| &b[..]), Some(&br#"{"name":"x"}"#[..]));
        let request = AwsJson::V1_0.request("Svc.Op", &serde_json::Map::new()).unwrap();
        assert_eq!(request.body_bytes().map(|b| &b[..]), Some(&b"{}"[..]));
        assert_eq!(AwsJson::V1_0.content_type(), "application/x-amz-json-1.0");
    }

    #[test]
    fn query_compatible_services_report_the_query_code() {
        let response = HttpResponse::new(
            400,
            [("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")],
            r#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"gone"}"#,
        );
        let error = AwsJson::V1_0.query_compatible().read_error(&response).unwrap();
        assert_eq!(error.shape.as_deref(), Some("QueueDoesNotExist"));
        assert_eq!(error.meta.code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
        assert_eq!(error.meta.message(), Some("gone"));
        // Without the trait the header means nothing.
        let error = AwsJson::V1_0.read_error(&response).unwrap();
        assert_eq!(error.meta.code(), Some("QueueDoesNotExist"));
    }
}
