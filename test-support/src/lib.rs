//! Test support shared by the runtime's and the SDK's tests: a real
//! HTTP/1.1 server on 127.0.0.1 that records what it receives (over TLS too,
//! with a certificate of its own authority: [`TEST_CA_PEM`]), an independent
//! SigV4 verifier (hmac + sha2, sharing nothing with the signer under test),
//! request replay and log capture.

use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use hmac::{Hmac, KeyInit, Mac};
use http_body_util::{BodyExt, Full};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;

/// Test credentials (the AWS documentation's example key pair).
pub const ACCESS_KEY: &str = "AKIDEXAMPLE";
/// The secret key paired with [`ACCESS_KEY`].
pub const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// A session token for tests that sign with one.
pub const SESSION_TOKEN: &str = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";
/// The region tests sign for.
pub const REGION: &str = "us-east-1";

/// One request as it arrived on the wire.
#[derive(Clone, Debug)]
pub struct Received {
    pub method: String,
    /// The raw request target: encoded path and query, exactly as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The path, still percent-encoded.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }

    /// The raw query string, if any.
    pub fn query(&self) -> Option<&str> {
        self.target.split_once('?').map(|(_, q)| q)
    }

    /// The query as decoded `(key, value)` pairs, in the order sent.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let decode = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8().expect("UTF-8 query").into_owned();
        self.query()
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect()
    }

    /// The value of one query parameter (decoded), if present.
    pub fn query_param(&self, key: &str) -> Option<String> {
        self.query_pairs().into_iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// What the server answers.
#[derive(Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// The body's bytes (any bytes: a blob's need not be UTF-8).
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Self {
        Self { status, headers: vec![("content-type".into(), "application/json".into())], body: body.into() }
    }

    /// A body of `content_type` with these bytes.
    pub fn bytes(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self { status, headers: vec![("content-type".into(), content_type.into())], body: body.into() }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

type Responder = dyn Fn(&Received, usize) -> Reply + Send + Sync;

/// A server that records every request and answers with `respond(request, index)`.
pub struct TestServer {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<Received>>>,
}

impl TestServer {
    /// Starts on the current Tokio runtime.
    pub async fn start(respond: impl Fn(&Received, usize) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_with_delay(std::time::Duration::ZERO, respond).await
    }

    /// Like [`start`](Self::start), but holds each reply back for `delay`
    /// (without blocking the runtime): long enough for concurrent callers to
    /// overlap.
    pub async fn start_with_delay(
        delay: std::time::Duration,
        respond: impl Fn(&Received, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        Self::start_inner(delay, None, respond).await
    }

    /// Like [`start`](Self::start), over TLS with a certificate for
    /// `127.0.0.1` issued by [`TEST_CA_PEM`]'s authority: its URL is
    /// [`https_url`](Self::https_url).
    pub async fn start_tls(respond: impl Fn(&Received, usize) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_inner(std::time::Duration::ZERO, Some(tls_acceptor()), respond).await
    }

    async fn start_inner(
        delay: std::time::Duration,
        tls: Option<tokio_rustls::TlsAcceptor>,
        respond: impl Fn(&Received, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        tokio::spawn(serve(listener, Arc::new(respond), Some(received.clone()), delay, tls));
        Self { addr, received }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `https://127.0.0.1:port`, for a server started with [`start_tls`](Self::start_tls).
    pub fn https_url(&self) -> String {
        format!("https://{}", self.addr)
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// Starts a server that keeps no record (for benchmarks: millions of requests)
/// on a thread of its own with its own runtime, as a separate server process
/// would be. Returns its URL; the thread lives as long as the process.
pub fn spawn_server_thread(respond: impl Fn(&Received, usize) -> Reply + Send + Sync + 'static) -> String {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            serve(listener, Arc::new(respond), None, std::time::Duration::ZERO, None).await;
        });
    });
    format!("http://{}", rx.recv().unwrap())
}

async fn serve(
    listener: TcpListener,
    respond: Arc<Responder>,
    log: Option<Arc<Mutex<Vec<Received>>>>,
    delay: std::time::Duration,
    tls: Option<tokio_rustls::TlsAcceptor>,
) {
    let count = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    while let Ok((stream, _)) = listener.accept().await {
        let log = log.clone();
        let respond = respond.clone();
        let count = count.clone();
        let tls = tls.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                let log = log.clone();
                let respond = respond.clone();
                let count = count.clone();
                async move {
                    let (parts, body) = req.into_parts();
                    let body = body.collect().await.map(|b| b.to_bytes().to_vec()).unwrap_or_default();
                    let received = Received {
                        method: parts.method.to_string(),
                        target: parts.uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or_default(),
                        headers: parts
                            .headers
                            .iter()
                            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
                            .collect(),
                        body,
                    };
                    let index = count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    if let Some(log) = &log {
                        log.lock().unwrap().push(received.clone());
                    }
                    let reply = respond(&received, index);
                    if !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                    }
                    let mut response = hyper::Response::builder().status(reply.status);
                    for (k, v) in &reply.headers {
                        response = response.header(k, v);
                    }
                    Ok::<_, Infallible>(response.body(Full::new(Bytes::from(reply.body))).unwrap())
                }
            });
            let http = hyper::server::conn::http1::Builder::new();
            match tls {
                None => {
                    let _ = http.serve_connection(TokioIo::new(stream), service).await;
                }
                // A client that refuses the certificate ends the handshake: nothing to serve.
                Some(acceptor) => {
                    if let Ok(stream) = acceptor.accept(stream).await {
                        let _ = http.serve_connection(TokioIo::new(stream), service).await;
                    }
                }
            }
        });
    }
}

/// The certificate authority of [`TestServer::start_tls`]'s certificate
/// (PEM), for a client to trust. Test data only (`certs/README.md`).
pub const TEST_CA_PEM: &str = include_str!("../certs/ca.pem");

/// [`TEST_CA_PEM`] as DER.
pub fn test_ca_der() -> Vec<u8> {
    use rustls::pki_types::pem::PemObject;
    rustls::pki_types::CertificateDer::from_pem_slice(TEST_CA_PEM.as_bytes()).expect("the CA is PEM").to_vec()
}

fn tls_acceptor() -> tokio_rustls::TlsAcceptor {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certificate = CertificateDer::from_pem_slice(include_bytes!("../certs/server.pem")).expect("a PEM certificate");
    let key = PrivateKeyDer::from_pem_slice(include_bytes!("../certs/server.key")).expect("a PEM key");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS 1.2 and 1.3")
        .with_no_client_auth()
        .with_single_cert(vec![certificate], key)
        .expect("the key matches the certificate");
    tokio_rustls::TlsAcceptor::from(Arc::new(config))
}

/// A server on 127.0.0.1 that accepts connections and never answers (nor
/// closes them): what a hung service or a black-holed proxy looks like.
pub struct SilentServer {
    pub addr: SocketAddr,
    accepted: Arc<std::sync::atomic::AtomicUsize>,
}

impl SilentServer {
    /// Starts on the current Tokio runtime.
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let count = accepted.clone();
        tokio::spawn(async move {
            let mut open = Vec::new();
            while let Ok((stream, _)) = listener.accept().await {
                count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                open.push(stream);
            }
        });
        Self { addr, accepted }
    }

    /// `http://127.0.0.1:port`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many connections it has accepted.
    pub fn accepted(&self) -> usize {
        self.accepted.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// A closed port: bound, then released, so connecting is refused.
pub fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

// ---------------------------------------------------------------------------
// SigV4 verification, written from the AWS documentation's description of the
// algorithm, independently of the client (which signs with aws-sigv4).

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn sha256_hex(data: &[u8]) -> String {
    hex(&Sha256::digest(data))
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// RFC 3986 percent-encoding of everything but unreserved characters.
fn uri_encode(text: &[u8]) -> String {
    let mut out = String::new();
    for &b in text {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn percent_decode(text: &str) -> Vec<u8> {
    percent_encoding::percent_decode_str(text).collect()
}

/// Why a request's signature is not valid.
#[derive(Debug, PartialEq, Eq)]
pub enum Invalid {
    Missing(&'static str),
    Malformed(&'static str),
    WrongKey,
    Mismatch { canonical_request: String },
}

/// The parsed `Authorization` header.
#[derive(Debug)]
pub struct Authorization {
    pub access_key: String,
    pub date: String,
    pub region: String,
    pub service: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

pub fn parse_authorization(value: &str) -> Result<Authorization, Invalid> {
    let rest = value.strip_prefix("AWS4-HMAC-SHA256 ").ok_or(Invalid::Malformed("algorithm"))?;
    let mut credential = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (k, v) = part.trim().split_once('=').ok_or(Invalid::Malformed("authorization part"))?;
        match k {
            "Credential" => credential = Some(v),
            "SignedHeaders" => signed = Some(v),
            "Signature" => signature = Some(v),
            _ => {}
        }
    }
    let scope: Vec<&str> = credential.ok_or(Invalid::Missing("Credential"))?.split('/').collect();
    let [access_key, date, region, service, terminator] = scope[..] else { return Err(Invalid::Malformed("scope")) };
    if terminator != "aws4_request" {
        return Err(Invalid::Malformed("scope terminator"));
    }
    Ok(Authorization {
        access_key: access_key.into(),
        date: date.into(),
        region: region.into(),
        service: service.into(),
        signed_headers: signed.ok_or(Invalid::Missing("SignedHeaders"))?.split(';').map(str::to_owned).collect(),
        signature: signature.ok_or(Invalid::Missing("Signature"))?.into(),
    })
}

/// Recomputes the signature of `request` with `secret_key` and compares.
pub fn verify_sigv4(request: &Received, access_key: &str, secret_key: &str) -> Result<Authorization, Invalid> {
    verify(request, access_key, secret_key, &sha256_hex(&request.body))
}

/// [`verify_sigv4`] for a request whose body was signed as `UNSIGNED-PAYLOAD`
/// (a streamed body), as a service that accepts such bodies checks it.
pub fn verify_sigv4_unsigned_payload(
    request: &Received,
    access_key: &str,
    secret_key: &str,
) -> Result<Authorization, Invalid> {
    verify(request, access_key, secret_key, "UNSIGNED-PAYLOAD")
}

fn verify(
    request: &Received,
    access_key: &str,
    secret_key: &str,
    payload_hash: &str,
) -> Result<Authorization, Invalid> {
    let auth = parse_authorization(request.header("authorization").ok_or(Invalid::Missing("Authorization"))?)?;
    if auth.access_key != access_key {
        return Err(Invalid::WrongKey);
    }
    let amz_date = request.header("x-amz-date").ok_or(Invalid::Missing("X-Amz-Date"))?;
    if !amz_date.starts_with(&auth.date) {
        return Err(Invalid::Malformed("date does not match scope"));
    }
    for required in ["host", "x-amz-date"] {
        if !auth.signed_headers.iter().any(|h| h == required) {
            return Err(Invalid::Missing("required signed header"));
        }
    }
    if request.header("x-amz-security-token").is_some()
        && !auth.signed_headers.iter().any(|h| h == "x-amz-security-token")
    {
        return Err(Invalid::Missing("signed session token"));
    }

    // Canonical URI: every segment encoded once more (non-S3 services sign the
    // path double-encoded), `/` kept between segments.
    let canonical_uri =
        request.path().split('/').map(|segment| uri_encode(segment.as_bytes())).collect::<Vec<_>>().join("/");
    // Canonical query: decoded, re-encoded strictly, sorted by key then value.
    let mut pairs: Vec<(String, String)> = request
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (uri_encode(&percent_decode(k)), uri_encode(&percent_decode(v)))
        })
        .collect();
    pairs.sort();
    let canonical_query = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
    let mut canonical_headers = String::new();
    for name in &auth.signed_headers {
        let values: Vec<String> = request
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        if values.is_empty() {
            return Err(Invalid::Missing("a signed header"));
        }
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    if let Some(claimed) = request.header("x-amz-content-sha256")
        && claimed != payload_hash
    {
        return Err(Invalid::Malformed("x-amz-content-sha256 does not match the body"));
    }
    let canonical_request = format!(
        "{}\n{canonical_uri}\n{canonical_query}\n{canonical_headers}\n{}\n{payload_hash}",
        request.method,
        auth.signed_headers.join(";"),
    );
    let scope = format!("{}/{}/{}/aws4_request", auth.date, auth.region, auth.service);
    let string_to_sign = format!("AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}", sha256_hex(canonical_request.as_bytes()));
    let mut key = hmac(format!("AWS4{secret_key}").as_bytes(), auth.date.as_bytes());
    for part in [auth.region.as_str(), auth.service.as_str(), "aws4_request"] {
        key = hmac(&key, part.as_bytes());
    }
    let expected = hex(&hmac(&key, string_to_sign.as_bytes()));
    if expected == auth.signature { Ok(auth) } else { Err(Invalid::Mismatch { canonical_request }) }
}

/// Sends `request` byte for byte over a fresh connection (to replay a signed
/// request with something changed) and returns the response status.
pub async fn replay(addr: SocketAddr, request: &Received) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut raw = format!("{} {} HTTP/1.1\r\n", request.method, request.target).into_bytes();
    for (k, v) in &request.headers {
        if !k.eq_ignore_ascii_case("content-length") && !k.eq_ignore_ascii_case("connection") {
            raw.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
        }
    }
    raw.extend_from_slice(format!("content-length: {}\r\nconnection: close\r\n\r\n", request.body.len()).as_bytes());
    raw.extend_from_slice(&request.body);
    stream.write_all(&raw).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response);
    text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap()
}

// ---------------------------------------------------------------------------
// Log capture.

#[derive(Clone, Default)]
pub struct Logs(Arc<Mutex<Vec<u8>>>);

impl Logs {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Captures every event at TRACE level (from this crate and its dependencies)
/// on the current thread until the guard drops. Use with a current-thread runtime.
pub fn capture_logs() -> (Logs, tracing::subscriber::DefaultGuard) {
    capture_logs_at(tracing::Level::TRACE)
}

/// Like [`capture_logs`], up to `level` (DEBUG is what a CLI's `--debug` shows).
pub fn capture_logs_at(level: tracing::Level) -> (Logs, tracing::subscriber::DefaultGuard) {
    let logs = Logs::default();
    let writer = logs.clone();
    let subscriber =
        tracing_subscriber::fmt().with_max_level(level).with_ansi(false).with_writer(move || writer.clone()).finish();
    (logs, tracing::subscriber::set_default(subscriber))
}
