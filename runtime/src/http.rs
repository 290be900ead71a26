//! HTTP requests and responses as generated code sees them, and the transport
//! that sends them (hyper 1 over rustls).
//!
//! Generated code builds an [`HttpRequest`] (method, percent-encoded path,
//! raw query pairs, headers, optional body); [`Handle::send`] turns it into a
//! [`PreparedRequest`] (absolute URL, final headers) that is signed and handed
//! to a [`Transport`].
//!
//! [`Handle::send`]: crate::client::Handle::send

use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_timeout::TimeoutConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

pub use ::http::Method;

use crate::error::{
    ConstructionError, DeserializationError, TimeoutError, TimeoutKind, TransportError, TransportErrorKind,
};
use crate::redact::{REDACTED, Redactions};
use crate::stream::{BoxBody, ByteStream};

/// An operation's request before endpoint resolution: what generated code builds.
#[derive(Clone)]
pub struct HttpRequest {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(String, String)>,
    body: Option<Bytes>,
    stream: Option<ByteStream>,
    host_prefix: Option<String>,
    compression: &'static [&'static str],
    checksum_required: bool,
    redactions: Redactions,
}

impl HttpRequest {
    /// A request for `path`, which must start with `/` and be percent-encoded
    /// already (see [`encoding::encode_label`](crate::encoding::encode_label)).
    /// It may carry a literal query from the model's URI pattern
    /// (`/things?type=a`), written as the model writes it.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            stream: None,
            host_prefix: None,
            compression: &[],
            checksum_required: false,
            redactions: Redactions::default(),
        }
    }

    /// Appends a query parameter; key and value are raw text and are encoded when sent.
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Appends a query parameter unless one with that key is already set
    /// (`@httpQueryParams` entries must not override `@httpQuery` members).
    pub fn query_if_absent(self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let key = key.into();
        if self.query.iter().any(|(k, _)| *k == key) { self } else { self.query(key, value) }
    }

    /// Appends a query parameter once per value unless the key is already
    /// set (a list-valued `@httpQueryParams` entry).
    pub fn query_all_if_absent(mut self, key: &str, values: impl IntoIterator<Item = String>) -> Self {
        if !self.query.iter().any(|(k, _)| k == key) {
            self.query.extend(values.into_iter().map(|value| (key.to_owned(), value)));
        }
        self
    }

    /// Prepends `prefix` (`foo.`, from `@endpoint(hostPrefix)`) to the
    /// endpoint's host once it is resolved.
    pub fn host_prefix(mut self, prefix: impl Into<String>) -> Self {
        self.host_prefix = Some(prefix.into());
        self
    }

    /// The body may be sent compressed in one of `encodings`
    /// (`@requestCompression`), which the client does for large bodies
    /// unless configured not to.
    pub fn compress(mut self, encodings: &'static [&'static str]) -> Self {
        self.compression = encodings;
        self
    }

    /// The request carries the body's MD5 in `Content-MD5`
    /// (`@httpChecksumRequired`), computed over the body as sent.
    pub fn require_checksum(mut self) -> Self {
        self.checksum_required = true;
        self
    }

    /// The host prefix, if any.
    pub fn host_prefix_text(&self) -> Option<&str> {
        self.host_prefix.as_deref()
    }

    /// The encodings the body may be compressed in.
    pub fn compression(&self) -> &'static [&'static str] {
        self.compression
    }

    /// Whether `Content-MD5` is required.
    pub fn checksum_required(&self) -> bool {
        self.checksum_required
    }

    /// Adds a header; repeat the call for repeated headers.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// Sets a `@streaming` body, sent as it is read rather than held whole.
    pub fn stream_body(mut self, body: ByteStream) -> Self {
        self.stream = Some(body);
        self
    }

    /// Serializes `value` as the JSON body.
    pub fn json_body<T: serde::Serialize + ?Sized>(self, value: &T) -> Result<Self, ConstructionError> {
        let bytes =
            serde_json::to_vec(value).map_err(|e| ConstructionError::with_source("could not serialize the body", e))?;
        Ok(self.body(bytes))
    }

    /// Marks the query parameter `key` as `@sensitive`: logs and dry runs
    /// show it without its value.
    pub fn redact_query(mut self, key: impl Into<String>) -> Self {
        self.redactions.query(key.into());
        self
    }

    /// Marks the header `name` as `@sensitive`.
    pub fn redact_header(mut self, name: &str) -> Self {
        self.redactions.header(name);
        self
    }

    /// Marks every header starting with `prefix` as `@sensitive`
    /// (`@httpPrefixHeaders` of a sensitive map).
    pub fn redact_header_prefix(mut self, prefix: &str) -> Self {
        self.redactions.header_prefix(prefix);
        self
    }

    /// Marks the path segments a `@sensitive` label's `value` became (as
    /// [`rest_json::label`](crate::protocol::rest_json::label) encodes it).
    pub fn redact_label(mut self, value: Option<&str>, greedy: bool) -> Self {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            let segments: Vec<&str> = if greedy { value.split('/').collect() } else { vec![value] };
            for segment in segments {
                self.redactions.segment(crate::encoding::encode_label(segment));
            }
        }
        self
    }

    /// Marks `@sensitive` values in the JSON body by their paths: member
    /// names, with `*` for any list item or map value; an empty path is the
    /// whole body (a sensitive payload).
    pub fn redact_body(mut self, paths: &'static [&'static [&'static str]]) -> Self {
        self.redactions.body(paths);
        self
    }

    /// The parts of this request that logs and dry runs must not show.
    pub fn redactions(&self) -> &Redactions {
        &self.redactions
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The encoded path (with any literal query).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The raw query parameters added with [`query`](Self::query).
    pub fn query_params(&self) -> &[(String, String)] {
        &self.query
    }

    /// The headers.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// The body, if any (not a streaming one).
    pub fn body_bytes(&self) -> Option<&Bytes> {
        self.body.as_ref()
    }

    /// The streaming body, if any.
    pub fn body_stream(&self) -> Option<&ByteStream> {
        self.stream.as_ref()
    }

    /// Joins the endpoint's base URL, the path and the query. A base path
    /// (`https://host/base`) is kept in front of the operation's path; literal
    /// query parts come first, then the encoded parameters, except those whose
    /// key the literal query already has (Smithy gives the URI's constant
    /// query precedence).
    pub fn url(&self, base: &str) -> Result<String, ConstructionError> {
        if !self.path.starts_with('/') {
            return Err(ConstructionError::new(format!("request path `{}` does not start with `/`", self.path)));
        }
        let (path, literal_query) = match self.path.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (self.path.as_str(), None),
        };
        // A query or fragment in the base would swallow the operation's path.
        if base.contains(['?', '#']) {
            return Err(ConstructionError::new(format!(
                "the endpoint `{}` has a query or fragment, so no path can follow it",
                crate::settings::without_userinfo(base)
            )));
        }
        let base = base.trim_end_matches('/');
        let mut url = format!("{base}{path}");
        let mut parts: Vec<String> =
            literal_query.into_iter().flat_map(|q| q.split('&')).filter(|p| !p.is_empty()).map(str::to_owned).collect();
        // Smithy gives the URI's constant query precedence over members.
        let literal_keys: Vec<String> = parts
            .iter()
            .map(|p| {
                let key = p.split('=').next().unwrap_or_default();
                percent_encoding::percent_decode_str(key).decode_utf8_lossy().into_owned()
            })
            .collect();
        parts.extend(
            self.query
                .iter()
                .filter(|(k, _)| !literal_keys.contains(k))
                .map(|(k, v)| format!("{}={}", crate::encoding::encode_query(k), crate::encoding::encode_query(v))),
        );
        if !parts.is_empty() {
            url.push('?');
            url.push_str(&parts.join("&"));
        }
        Ok(url)
    }
}

// Header values and bodies may hold sensitive members; show their shape only.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("path", &self.redactions.url(&self.path))
            .field("query_keys", &self.query.iter().map(|(k, _)| k).collect::<Vec<_>>())
            .field("header_names", &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>())
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .field("stream", &self.stream)
            .finish()
    }
}

/// `url` with `prefix` before its host (`https://example.com/x` with `foo.`
/// is `https://foo.example.com/x`); the result must still be a host name.
pub fn prefix_host(url: &str, prefix: &str) -> Result<String, ConstructionError> {
    let (scheme, rest) =
        url.split_once("://").ok_or_else(|| ConstructionError::new(format!("`{url}` has no scheme")))?;
    let host_end = rest.find(['/', '?', ':']).unwrap_or(rest.len());
    let host = format!("{prefix}{}", &rest[..host_end]);
    let valid = host.split('.').all(|label| {
        !label.is_empty() && label.len() <= 63 && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    if !valid {
        return Err(ConstructionError::new(format!("the host prefix makes `{host}`, which is not a host name")));
    }
    Ok(format!("{scheme}://{host}{}", &rest[host_end..]))
}

/// Compresses `request`'s body in the first of `encodings` the client
/// supports (gzip, with the `compression` feature), when the settings allow
/// and the body is large enough; `Content-Encoding` names it (after any the
/// request already declares).
pub fn compress(
    request: &mut PreparedRequest,
    encodings: &[&str],
    settings: crate::config::RequestCompression,
) -> Result<(), ConstructionError> {
    // A streamed body is sent as it is read, uncompressed.
    if encodings.is_empty() || settings.disabled || request.stream.is_some() || request.body.len() < settings.min_size {
        return Ok(());
    }
    #[cfg(feature = "compression")]
    if encodings.contains(&"gzip") {
        use std::io::Write as _;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let compressed = encoder
            .write_all(&request.body)
            .and_then(|()| encoder.finish())
            .map_err(|e| ConstructionError::with_source("could not compress the body", e))?;
        let encoding = match request.header("content-encoding") {
            Some(declared) => format!("{declared}, gzip"),
            None => "gzip".to_owned(),
        };
        request.set_header("content-encoding", encoding);
        request.body = compressed.into();
    }
    Ok(())
}

/// A request ready to sign and send: absolute URL and final headers.
#[derive(Clone)]
pub struct PreparedRequest {
    /// The method.
    pub method: Method,
    /// The absolute, encoded URL.
    pub url: String,
    /// Headers in order (names as given; HTTP treats them case-insensitively).
    pub headers: Vec<(String, String)>,
    /// The body (empty when there is none, or when it streams).
    pub body: Bytes,
    /// A `@streaming` body, sent as it is read (then `body` is empty).
    pub stream: Option<ByteStream>,
}

impl PreparedRequest {
    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Sets a header, replacing every existing value of that name.
    pub fn set_header(&mut self, name: &str, value: impl Into<String>) {
        self.remove_header(name);
        self.headers.push((name.to_owned(), value.into()));
    }

    /// Removes every value of a header.
    pub fn remove_header(&mut self, name: &str) {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    }
}

impl fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let hidden = k.eq_ignore_ascii_case("authorization") || Redactions::default().hides_header(k);
                (k.as_str(), if hidden { REDACTED } else { v.as_str() })
            })
            .collect();
        f.debug_struct("PreparedRequest")
            .field("method", &self.method)
            .field("url", &crate::settings::without_userinfo(&self.url))
            .field("headers", &headers)
            .field("body_len", &self.body.len())
            .field("stream", &self.stream)
            .finish()
    }
}

/// A received response with its whole body.
#[derive(Clone, Debug)]
pub struct HttpResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Bytes,
}

impl HttpResponse {
    /// A response from its parts (used by transports and tests).
    pub fn new<K: Into<String>, V: Into<String>>(
        status: u16,
        headers: impl IntoIterator<Item = (K, V)>,
        body: impl Into<Bytes>,
    ) -> Self {
        let headers = headers.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        Self { status, headers, body: body.into() }
    }

    /// The status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The first value of a header, matched case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Every value of a header, in order.
    pub fn header_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers.iter().filter(move |(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// All headers, in order.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.headers.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Takes the body out, leaving it empty.
    pub(crate) fn take_body(&mut self) -> Bytes {
        std::mem::take(&mut self.body)
    }

    /// The same response with `body` as its body.
    pub(crate) fn with_body(self, body: Bytes) -> Self {
        Self { body, ..self }
    }

    /// The request id (`x-amzn-requestid`, or `x-amz-request-id`).
    pub fn request_id(&self) -> Option<&str> {
        self.header("x-amzn-requestid").or_else(|| self.header("x-amz-request-id"))
    }

    /// Deserializes the JSON body (structures from objects only, see
    /// [`de`](crate::de)); an empty body reads as `{}`, since restJson1
    /// outputs whose members are all bound elsewhere have none.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, DeserializationError> {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { &self.body };
        crate::de::from_slice(body).map_err(|e| DeserializationError::new(format!("invalid JSON body: {e}"), self))
    }
}

/// The future a transport returns.
pub type TransportFuture<'a> = Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send + 'a>>;

/// The future [`Transport::send_streaming`] returns: the response's status
/// and headers (its body empty), and the body as it arrives.
pub type StreamingFuture<'a> =
    Pin<Box<dyn Future<Output = Result<(HttpResponse, ByteStream), TransportError>> + Send + 'a>>;

/// Sends one prepared request and reads the response.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends `request` once (retries happen above this layer) and reads the
    /// whole response.
    fn send(&self, request: PreparedRequest) -> TransportFuture<'_>;

    /// Sends `request` once and returns when the response's head arrives,
    /// with its body to be read as it arrives (for `@streaming` outputs).
    /// By default the whole response is read first, as [`send`](Self::send) does.
    fn send_streaming(&self, request: PreparedRequest) -> StreamingFuture<'_> {
        let sent = self.send(request);
        Box::pin(async move {
            let mut response = sent.await?;
            let body = ByteStream::new(response.take_body());
            Ok((response, body))
        })
    }
}

/// The default transport: a pooled hyper 1 client speaking HTTP/1.1 over plain
/// TCP or TLS (rustls with the ring provider and the Mozilla root certificates).
#[derive(Clone)]
pub struct HyperTransport {
    client: Client<TimeoutConnector<hyper_rustls::HttpsConnector<HttpConnector>>, BoxBody>,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
}

/// The TLS provider: the application's own when it installed one as rustls'
/// process default (say aws-lc-rs, for post-quantum key exchange), else
/// *ring*, named explicitly because rustls' automatic choice fails when
/// another crate enables a second provider.
fn crypto_provider() -> std::sync::Arc<rustls::crypto::CryptoProvider> {
    if let Some(installed) = rustls::crypto::CryptoProvider::get_default() {
        return installed.clone();
    }
    // rustls 0.23.48 deprecates *ring*'s provider for lacking post-quantum
    // key exchange; *ring* stays the default because aws-lc-rs needs cmake
    // and a C toolchain to build, and an application that wants the
    // post-quantum groups installs aws-lc-rs as above.
    #[allow(deprecated)]
    let ring = rustls::crypto::ring::default_provider();
    std::sync::Arc::new(ring)
}

impl HyperTransport {
    /// A client whose connecting (TCP and TLS) is limited to `connect_timeout`,
    /// with no read timeout.
    pub fn new(connect_timeout: Option<Duration>) -> Result<Self, TransportError> {
        Self::with_timeouts(connect_timeout, None)
    }

    /// A client whose connecting (TCP and TLS) is limited to
    /// `connect_timeout`, and whose connections fail when the server sends
    /// nothing for `read_timeout` while a response is awaited (as the AWS
    /// SDKs' socket read timeout). Either `None` waits as long as the OS does.
    pub fn with_timeouts(
        connect_timeout: Option<Duration>,
        read_timeout: Option<Duration>,
    ) -> Result<Self, TransportError> {
        Self::with_extra_roots(connect_timeout, read_timeout, &[])
    }

    /// [`with_timeouts`](Self::with_timeouts), trusting the certificates
    /// `roots` (DER) besides the Mozilla roots: a private certificate
    /// authority's, such as a corporate proxy's or a local test server's.
    pub fn with_extra_roots(
        connect_timeout: Option<Duration>,
        read_timeout: Option<Duration>,
        roots: &[Vec<u8>],
    ) -> Result<Self, TransportError> {
        let other = |e: rustls::Error| TransportError::new(TransportErrorKind::Other, e);
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        let mut trusted = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        for root in roots {
            trusted.add(rustls::pki_types::CertificateDer::from(root.clone())).map_err(other)?;
        }
        let provider = crypto_provider();
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(other)?
            .with_root_certificates(trusted)
            .with_no_client_auth();
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        // Outside TLS, so the connect timeout covers the handshake too.
        let mut connector = TimeoutConnector::new(https);
        connector.set_connect_timeout(connect_timeout);
        connector.set_read_timeout(read_timeout);
        // A slow upload is not a silent server: writing restarts the read clock.
        connector.set_reset_reader_on_write(true);
        let client = Client::builder(TokioExecutor::new()).build(connector);
        Ok(Self { client, connect_timeout, read_timeout })
    }

    /// Sends `request` and returns the response's head and its body unread.
    async fn exchange(
        &self,
        request: PreparedRequest,
    ) -> Result<(HttpResponse, hyper::body::Incoming), TransportError> {
        let other = |e: ::http::Error| TransportError::new(TransportErrorKind::Other, e);
        // The URL and header values are moved into the request, not copied.
        let mut builder = ::http::Request::builder().method(request.method).uri(request.url);
        for (name, value) in request.headers {
            builder = builder.header(header_name(&name).map_err(|e| other(e.into()))?, value);
        }
        let body = match &request.stream {
            Some(stream) => stream.open().map_err(|e| TransportError::new(TransportErrorKind::Other, e))?,
            None => BodyExt::boxed_unsync(Full::new(request.body).map_err(|never| match never {})),
        };
        let http_request = builder.body(body).map_err(other)?;
        let response = self.client.request(http_request).await.map_err(|e| self.classify(e))?;
        let (parts, body) = response.into_parts();
        let headers = parts
            .headers
            .iter()
            // Non-UTF-8 header values are kept lossily rather than failing the call.
            .map(|(k, v)| (k.as_str().to_owned(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect::<Vec<_>>();
        Ok((HttpResponse::new(parts.status.as_u16(), headers, Bytes::new()), body))
    }

    async fn send_inner(&self, request: PreparedRequest) -> Result<HttpResponse, TransportError> {
        let (head, body) = self.exchange(request).await?;
        let body = body.collect().await.map_err(|e| self.classify_body_error(e))?.to_bytes();
        Ok(head.with_body(body))
    }

    async fn send_streaming_inner(
        &self,
        request: PreparedRequest,
    ) -> Result<(HttpResponse, ByteStream), TransportError> {
        let (head, body) = self.exchange(request).await?;
        let length = head.header("content-length").and_then(|length| length.parse().ok());
        let body = BodyExt::boxed_unsync(body.map_err(io::Error::other));
        Ok((head, ByteStream::once(body, length)))
    }

    /// Connection-level failures are retried; hyper marks them `is_connect`.
    /// A connection that broke mid-exchange (reset, closed early) shows up as
    /// an I/O error or a hyper error underneath; those are retried too. A
    /// deadline of this transport's is reported as the timeout it is.
    fn classify(&self, error: hyper_util::client::legacy::Error) -> TransportError {
        let connect = error.is_connect();
        let mut broken = false;
        let mut timed_out = false;
        let mut cause: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(&error);
        while let Some(e) = cause {
            if let Some(io) = e.downcast_ref::<std::io::Error>() {
                broken = true;
                timed_out |= io.kind() == std::io::ErrorKind::TimedOut;
            }
            if e.downcast_ref::<hyper::Error>()
                .is_some_and(|h| h.is_incomplete_message() || h.is_closed() || h.is_canceled())
            {
                broken = true;
            }
            cause = e.source();
        }
        let kind = if connect {
            TransportErrorKind::Connect
        } else if broken {
            TransportErrorKind::Io
        } else {
            TransportErrorKind::Other
        };
        self.with_timeout(kind, timed_out, connect, error)
    }

    /// A failure while reading the body: the connection broke, or went silent.
    fn classify_body_error(&self, error: hyper::Error) -> TransportError {
        let mut timed_out = false;
        let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&error);
        while let Some(e) = cause {
            timed_out |= e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::TimedOut);
            cause = e.source();
        }
        self.with_timeout(TransportErrorKind::Io, timed_out, false, error)
    }

    fn with_timeout(
        &self,
        kind: TransportErrorKind,
        timed_out: bool,
        connecting: bool,
        error: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> TransportError {
        let deadline = match (timed_out, connecting) {
            (true, true) => self.connect_timeout.map(|after| TimeoutError::new(TimeoutKind::Connect, after)),
            (true, false) => self.read_timeout.map(|after| TimeoutError::new(TimeoutKind::Read, after)),
            (false, _) => None,
        };
        match deadline {
            Some(deadline) => TransportError::timed_out(kind, deadline, error),
            // An operating system's own timeout (e.g. TCP's) is not one of ours.
            None => TransportError::new(kind, error),
        }
    }
}

impl fmt::Debug for HyperTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("HyperTransport")
    }
}

impl Transport for HyperTransport {
    fn send(&self, request: PreparedRequest) -> TransportFuture<'_> {
        Box::pin(self.send_inner(request))
    }

    fn send_streaming(&self, request: PreparedRequest) -> StreamingFuture<'_> {
        Box::pin(self.send_streaming_inner(request))
    }
}

/// Whether `http` takes `name` as a header name (an RFC 9110 token, in any
/// case), checked without building one: a name not among `http`'s standard
/// ones would be copied to be checked.
pub(crate) fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 1 << 16
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Whether `http` takes `value` as a header value: visible ASCII, spaces and
/// tabs, and the bytes of non-ASCII characters (obs-text).
pub(crate) fn is_header_value(value: &str) -> bool {
    value.bytes().all(|b| b >= 32 && b != 127 || b == b'\t')
}

/// `name` as `http` holds it, without a copy for the names the runtime sends
/// on every request (a name `http` does not know is otherwise copied into a
/// buffer of its own).
fn header_name(name: &str) -> Result<::http::HeaderName, ::http::header::InvalidHeaderName> {
    const SENT: [&str; 7] = [
        "x-amz-date",
        "x-amz-user-agent",
        "x-amz-security-token",
        "x-amz-content-sha256",
        "x-amz-target",
        "amz-sdk-invocation-id",
        "amz-sdk-request",
    ];
    match SENT.iter().find(|sent| sent.eq_ignore_ascii_case(name)) {
        Some(sent) => Ok(::http::HeaderName::from_static(sent)),
        None => ::http::HeaderName::from_bytes(name.as_bytes()),
    }
}

/// `bytes` gunzipped (what a server reads of a gzipped body).
#[cfg(feature = "compression")]
pub(crate) fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut decoded)?;
    Ok(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_join_base_path_literal_query_and_params() {
        let r = HttpRequest::new(Method::GET, "/networks/n%2F1/users?type=admin&flag")
            .query("a b", "c&d")
            .query("type", "ignored: the literal wins")
            .query_if_absent("a b", "ignored: already set");
        assert_eq!(
            r.url("https://h.example.com/base/").unwrap(),
            "https://h.example.com/base/networks/n%2F1/users?type=admin&flag&a%20b=c%26d"
        );
        assert_eq!(HttpRequest::new(Method::GET, "/").url("http://127.0.0.1:9").unwrap(), "http://127.0.0.1:9/");
        assert!(HttpRequest::new(Method::GET, "x").url("http://h").is_err());
        assert!(HttpRequest::new(Method::GET, "/x").url("http://h/?q=1").is_err());
    }

    #[test]
    fn debug_redacts_credentials() {
        let r = PreparedRequest {
            method: Method::GET,
            url: "http://h/".into(),
            headers: vec![
                ("Authorization".into(), "AWS4-HMAC-SHA256 Signature=abc".into()),
                ("X-Amz-Security-Token".into(), "tok".into()),
            ],
            body: Bytes::new(),
            stream: None,
        };
        let text = format!("{r:?}");
        assert!(!text.contains("abc") && !text.contains("tok"), "{text}");
    }

    #[test]
    fn json_of_empty_body_is_empty_object() {
        let r = HttpResponse::new(200, [("a", "b")], "");
        let v: serde_json::Value = r.json().unwrap();
        assert_eq!(v, serde_json::json!({}));
        assert!(HttpResponse::new(200, [("a", "b")], "{\"trunc").json::<serde_json::Value>().is_err());
    }

    /// The checks agree with `http`'s own on every ASCII character and on
    /// non-ASCII ones, alone and inside a name or value; and the names sent
    /// without a copy are the names `http` would make.
    #[test]
    fn header_checks_agree_with_the_http_crate() {
        let characters = (0u8..128).map(char::from).chain(['é', '€', '\u{80}']);
        for c in characters {
            for text in [c.to_string(), format!("x-{c}"), format!("A b{c}")] {
                let name_ok = ::http::HeaderName::from_bytes(text.as_bytes()).is_ok();
                assert_eq!(is_header_name(&text), name_ok, "name {text:?}");
                assert_eq!(is_header_value(&text), ::http::HeaderValue::from_str(&text).is_ok(), "value {text:?}");
            }
        }
        assert!(!is_header_name("") && ::http::HeaderName::from_bytes(b"").is_err());
        for name in ["X-Amz-Date", "x-amz-target", "Amz-Sdk-Request", "content-type", "x-custom"] {
            assert_eq!(header_name(name).unwrap(), ::http::HeaderName::from_bytes(name.as_bytes()).unwrap());
        }
    }
}
