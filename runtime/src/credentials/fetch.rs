//! One HTTP exchange with a credentials endpoint on the local network (the
//! container agent, the instance metadata service), over the crate's own
//! transport, within a time limit.

use std::sync::OnceLock;
use std::time::Duration;

use bytes::Bytes;

use crate::http::{HttpResponse, HyperTransport, Method, PreparedRequest, Transport};

/// A transport made on first use (a provider that is never asked builds none).
#[derive(Default)]
pub(super) struct LazyTransport {
    transport: OnceLock<Result<HyperTransport, String>>,
}

impl LazyTransport {
    fn get(&self, connect_timeout: Duration) -> Result<&HyperTransport, String> {
        self.transport
            .get_or_init(|| HyperTransport::new(Some(connect_timeout)).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| format!("no HTTP client: {e}"))
    }

    /// Sends one request and reads the whole response within `limits.1`
    /// (connecting, within `limits.0`, included). The error says what went
    /// wrong, never what was sent: headers may carry tokens.
    pub(super) async fn exchange(
        &self,
        method: Method,
        url: &str,
        headers: Vec<(String, String)>,
        (connect_timeout, timeout): (Duration, Duration),
    ) -> Result<HttpResponse, String> {
        // The connect limit of the first call stays with the pooled transport.
        let transport = self.get(connect_timeout)?;
        let request = PreparedRequest { method, url: url.to_owned(), headers, body: Bytes::new(), stream: None };
        match tokio::time::timeout(timeout, transport.send(request)).await {
            Ok(Ok(response)) => Ok(response),
            Ok(Err(e)) => Err(e.to_string()),
            Err(_) => Err(format!("no answer within {timeout:?}")),
        }
    }
}

/// The `code` and `message` of a JSON error body, when it has them (neither is secret).
pub(super) fn error_summary(response: &HttpResponse) -> String {
    let object = super::json::object(response.body()).unwrap_or_default();
    let field = |names: [&str; 2]| names.iter().find_map(|n| super::json::text(&object, n).ok().flatten());
    match (field(["code", "Code"]), field(["message", "Message"])) {
        (Some(code), Some(message)) => format!(": {code}: {message}"),
        (Some(text), None) | (None, Some(text)) => format!(": {text}"),
        (None, None) => String::new(),
    }
}
