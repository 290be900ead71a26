//! A request as a server receives it, and the response it sends.

use bytes::Bytes;
use serde_json::Value;

use crate::stream::ByteStream;

/// A received request: method, path (as sent, percent-encoded), query
/// pairs (decoded), headers and body. For an operation whose input streams
/// the body is not read: [`take_stream`](Self::take_stream) hands it over.
#[derive(Debug)]
pub struct ServerRequest {
    method: String,
    path: String,
    raw_query: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Bytes,
    stream: Option<ByteStream>,
}

impl ServerRequest {
    /// A request from its parts; `target` is the path and query as sent.
    pub fn new<K: Into<String>, V: Into<String>>(
        method: &str,
        target: &str,
        headers: impl IntoIterator<Item = (K, V)>,
        body: impl Into<Bytes>,
    ) -> Self {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let query = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode_query(key), decode_query(value))
            })
            .collect();
        Self {
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            raw_query: target.split_once('?').map(|(_, query)| query.to_owned()).unwrap_or_default(),
            query,
            headers: headers.into_iter().map(|(k, v)| (k.into(), v.into())).collect(),
            body: body.into(),
            stream: None,
        }
    }

    /// Decodes the body as its `Content-Encoding` says (gzip, with the
    /// `compression` feature; `identity`); an encoding the server cannot
    /// decode is an error naming it.
    pub fn decode_content(&mut self) -> Result<(), String> {
        let Some(encodings) = self.header("content-encoding").map(str::to_owned) else { return Ok(()) };
        // Applied in order, so undone in reverse.
        for encoding in encodings.rsplit(',').map(str::trim).filter(|e| !e.is_empty()) {
            match encoding.to_ascii_lowercase().as_str() {
                "identity" => {}
                #[cfg(feature = "compression")]
                "gzip" => {
                    let decoded =
                        crate::http::gunzip(&self.body).map_err(|e| format!("the gzip body cannot be read: {e}"))?;
                    self.body = decoded.into();
                }
                other => return Err(format!("the content encoding `{other}` is not supported")),
            }
        }
        Ok(())
    }

    /// The same request with this body.
    pub(crate) fn with_body(mut self, body: Bytes) -> Self {
        self.body = body;
        self
    }

    /// The same request with its body as an unread stream.
    pub(crate) fn with_stream(mut self, stream: ByteStream) -> Self {
        self.stream = Some(stream);
        self
    }

    /// The method, upper case.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The path as sent (percent-encoded).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path and query as sent.
    pub fn target(&self) -> String {
        match self.raw_query.is_empty() {
            true => self.path.clone(),
            false => format!("{}?{}", self.path, self.raw_query),
        }
    }

    /// The query's pairs, decoded, in order.
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Every header, in order.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The body (empty when it streams).
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// The body as a stream, for an operation whose input payload streams:
    /// the unread body, or the bytes already read.
    pub fn take_stream(&mut self) -> ByteStream {
        self.stream.take().unwrap_or_else(|| ByteStream::new(self.body.clone()))
    }
}

fn decode_query(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

/// A response to send.
#[derive(Debug)]
pub struct ServerResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Bytes,
    stream: Option<ByteStream>,
}

impl ServerResponse {
    /// An empty response with this status.
    pub fn new(status: u16) -> Self {
        Self { status, headers: Vec::new(), body: Bytes::new(), stream: None }
    }

    /// A JSON response: `value` as the body, with its content type.
    pub fn json(status: u16, content_type: &str, value: &Value) -> Self {
        Self::new(status).header("Content-Type", content_type).body(value.to_string())
    }

    /// The same response with another status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Sets a body that is sent as it is read.
    pub fn stream_body(mut self, stream: ByteStream) -> Self {
        self.stream = Some(stream);
        self
    }

    /// The status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The headers, in order.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The first value of a header, matched case-insensitively.
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body, when it is not a stream.
    pub fn body_bytes(&self) -> &Bytes {
        &self.body
    }

    /// Takes the streaming body, if it has one.
    pub(crate) fn take_stream(&mut self) -> Option<ByteStream> {
        self.stream.take()
    }

    /// The response as a client's transport hands it over (its body whole),
    /// for tests that read a server's response with a client's code.
    pub async fn into_http_response(mut self) -> std::io::Result<crate::http::HttpResponse> {
        let body = match self.take_stream() {
            Some(stream) => stream.collect().await?,
            None => self.body.clone(),
        };
        Ok(crate::http::HttpResponse::new(self.status, self.headers, body))
    }
}
