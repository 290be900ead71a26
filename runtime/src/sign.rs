//! SigV4 request signing: AWS Signature Version 4 with the `AWS4-HMAC-SHA256`
//! algorithm, the signature in headers.
//!
//! Written here on `hmac` and `sha2` rather than with the official `aws-sigv4`
//! crate, because of what that crate costs a user's build: in a clean
//! `cargo build --timings` of a hello-world program on a generated SDK
//! (`bench-build/ours`), `aws-sigv4` and what it brings (`aws-smithy-runtime-api`,
//! `aws-smithy-types`, `aws-smithy-http`, `aws-smithy-async`,
//! `aws-credential-types`, `time`, `deranged`, …) took about 12–15 s of CPU
//! out of ~145 s. Without it that build has 98 units instead of 121. Header
//! signing needs a small part of that crate.
//!
//! It signs as `aws-sigv4` does with its default settings, which is what every
//! AWS service but S3 expects:
//!
//! - `Host` is taken from the URL when the request has none (without a default
//!   port), so the signed host is exactly the one sent;
//! - `X-Amz-Date`, `X-Amz-Security-Token` (for temporary credentials; signed)
//!   and, when asked, `x-amz-content-sha256` are added, and any left by an
//!   earlier signature are removed first;
//! - the path has its `.`/`..` and empty segments resolved, then is encoded
//!   once more (the URL is already encoded, so it is signed double-encoded);
//! - the query's pairs are decoded, encoded with AWS's URI encoding and sorted;
//! - header names are lower-cased, values trimmed of spaces with inner runs of
//!   spaces collapsed, and the values of a repeated header joined with commas;
//!   `authorization`, `user-agent`, `x-amzn-trace-id` and `transfer-encoding`
//!   are not signed, since proxies may change them;
//! - the signing key is derived from the secret, date, region and signing
//!   name; a client keeps the last one it derived ([`SigningKeyCache`]), so
//!   it derives one a day rather than one a request.
//!
//! The secret key and session token never appear in `Debug` output, errors or logs.

use std::borrow::Cow;
use std::fmt;
use std::sync::Mutex;
use std::time::SystemTime;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::credentials::Credentials;
use crate::encoding::{DateTime, TimestampFormat, encode_greedy_label, encode_query};
use crate::http::PreparedRequest;

/// The payload hash of a body that is not hashed (a streamed one).
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// What to sign with.
#[derive(Clone)]
pub struct SigningParams<'a> {
    /// The credentials.
    pub credentials: &'a Credentials,
    /// The signing region, e.g. `us-east-1`.
    pub region: &'a str,
    /// The signing name (the service's `aws.auth#sigv4` name), e.g. `wickr`.
    pub name: &'a str,
    /// The signing time; `SystemTime::now()` except in tests.
    pub time: SystemTime,
    /// Also send and sign `x-amz-content-sha256` (S3-style services want it).
    pub content_sha256_header: bool,
}

impl fmt::Debug for SigningParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `Credentials`' own Debug already redacts the secrets.
        f.debug_struct("SigningParams")
            .field("credentials", self.credentials)
            .field("region", &self.region)
            .field("name", &self.name)
            .field("time", &self.time)
            .field("content_sha256_header", &self.content_sha256_header)
            .finish()
    }
}

/// Signing failed (e.g. the URL has no host, or a header is not valid).
#[derive(Debug)]
pub struct SigningError {
    message: String,
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "could not sign the request: {}", self.message)
    }
}

impl std::error::Error for SigningError {}

fn signing_error(message: impl fmt::Display) -> SigningError {
    SigningError { message: message.to_string() }
}

const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Headers a previous signature left behind; removed before signing again so a
/// retried request carries exactly one, fresh signature.
const SIGNATURE_HEADERS: [&str; 4] = ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"];

/// Headers sent but not signed: the signature itself, and those a proxy or
/// CDN may change or drop on the way (`aws-sigv4`'s default exclusions).
const UNSIGNED_HEADERS: [&str; 4] = ["authorization", "user-agent", "x-amzn-trace-id", "transfer-encoding"];

/// Signs `request` in place. Sets `Host` from the URL first (when absent) so
/// the signed host is exactly the one sent.
pub fn sign_request(request: &mut PreparedRequest, params: &SigningParams<'_>) -> Result<(), SigningError> {
    sign_with(request, params, |date| {
        signing_key(params.credentials.secret_access_key(), date, params.region, params.name)
    })
}

/// [`sign_request`], with the signing key taken from `keys` when it holds
/// the one for this secret, day, region and signing name (and kept there
/// otherwise): what a client that signs many requests uses.
pub fn sign_request_cached(
    request: &mut PreparedRequest,
    params: &SigningParams<'_>,
    keys: &SigningKeyCache,
) -> Result<(), SigningError> {
    sign_with(request, params, |date| {
        keys.key(params.credentials.secret_access_key(), date, params.region, params.name)
    })
}

/// The last signing key a client derived, with what it was derived from. A
/// key changes when the day, the credentials, the region or the signing name
/// do; deriving one costs four HMACs, which are most of the work of signing a
/// small request.
#[derive(Default)]
pub struct SigningKeyCache {
    last: Mutex<Option<DerivedKey>>,
}

struct DerivedKey {
    /// The secret it was derived from: compared, never shown.
    secret: String,
    date: String,
    region: String,
    name: String,
    key: [u8; 32],
}

impl SigningKeyCache {
    /// The key for this secret, date (`YYYYMMDD`), region and signing name.
    fn key(&self, secret: &str, date: &str, region: &str, name: &str) -> [u8; 32] {
        // A poisoned lock still holds a whole entry (it is replaced at once).
        let mut last = self.last.lock().unwrap_or_else(|poison| poison.into_inner());
        if let Some(derived) = last.as_ref()
            && derived.secret == secret
            && derived.date == date
            && derived.region == region
            && derived.name == name
        {
            return derived.key;
        }
        let key = signing_key(secret, date, region, name);
        *last = Some(DerivedKey {
            secret: secret.to_owned(),
            date: date.to_owned(),
            region: region.to_owned(),
            name: name.to_owned(),
            key,
        });
        key
    }
}

impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Neither the secret nor the key is shown.
        f.write_str("SigningKeyCache")
    }
}

/// The SHA-256 of an empty body, the payload hash of most requests that have none.
const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

fn sign_with(
    request: &mut PreparedRequest,
    params: &SigningParams<'_>,
    key: impl FnOnce(&str) -> [u8; 32],
) -> Result<(), SigningError> {
    let uri: ::http::Uri = request.url.parse().map_err(|e| signing_error(format!("invalid URL: {e}")))?;
    let Some(host) = uri.host().filter(|h| !h.is_empty()) else {
        return Err(signing_error("the URL has no host"));
    };
    if request.header("host").is_none() {
        let default_port = match uri.scheme_str() {
            Some("https") => Some(443),
            Some("http") => Some(80),
            _ => None,
        };
        let host = match uri.port_u16() {
            Some(port) if Some(port) != default_port => format!("{host}:{port}"),
            _ => host.to_owned(),
        };
        request.set_header("host", host);
    }
    request.headers.retain(|(name, _)| !SIGNATURE_HEADERS.iter().any(|s| name.eq_ignore_ascii_case(s)));

    let amz_date = amz_date(params.time)?;
    let date = &amz_date[..8];
    // A streamed body is not read to sign it (that would mean reading it
    // twice): it is signed as `UNSIGNED-PAYLOAD`, as the AWS SDKs sign
    // bodies they do not hold; one in memory is hashed as usual.
    let payload_hash = match &request.stream {
        None if request.body.is_empty() => EMPTY_SHA256.to_owned(),
        None => hex(&Sha256::digest(&request.body)),
        Some(stream) => match stream.as_bytes() {
            Some(bytes) => hex(&Sha256::digest(bytes)),
            None => UNSIGNED_PAYLOAD.to_owned(),
        },
    };
    // Added to the request only once the signature is computed, so a request
    // that cannot be signed is left without a partial signature.
    let mut added: Vec<(&str, &str)> = vec![("x-amz-date", &amz_date)];
    if params.content_sha256_header {
        added.push(("x-amz-content-sha256", &payload_hash));
    }
    if let Some(token) = params.credentials.session_token() {
        added.push(("x-amz-security-token", token));
    }

    let (canonical_request, signed_headers) = canonical_request(
        request.method.as_str(),
        &uri,
        request.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).chain(added.iter().copied()),
        &payload_hash,
    )?;
    let scope = format!("{date}/{}/{}/aws4_request", params.region, params.name);
    let mut string_to_sign = String::with_capacity(ALGORITHM.len() + amz_date.len() + scope.len() + 67);
    for part in [ALGORITHM, "\n", &amz_date, "\n", &scope, "\n"] {
        string_to_sign.push_str(part);
    }
    push_hex(&mut string_to_sign, &Sha256::digest(canonical_request));
    // Neither holds a secret or a header value; a server's signature-mismatch
    // error quotes the string to sign, so this is what to compare it with.
    tracing::trace!(%string_to_sign, %signed_headers, "SigV4 string to sign");

    let key = key(date);
    let signature = hmac_sha256(&key, string_to_sign.as_bytes());
    let access_key = params.credentials.access_key_id();
    let mut authorization = String::with_capacity(
        ALGORITHM.len() + access_key.len() + scope.len() + signed_headers.len() + 2 * signature.len() + 40,
    );
    for part in
        [ALGORITHM, " Credential=", access_key, "/", &scope, ", SignedHeaders=", &signed_headers, ", Signature="]
    {
        authorization.push_str(part);
    }
    push_hex(&mut authorization, &signature);
    if !crate::http::is_header_value(&authorization) {
        return Err(signing_error(
            "the access key id, region or signing name has a character not allowed in an HTTP header",
        ));
    }
    // The signature headers were all removed above, so they are pushed, not set.
    request.headers.extend(added.into_iter().map(|(name, value)| (name.to_owned(), value.to_owned())));
    request.headers.push(("authorization".to_owned(), authorization));
    Ok(())
}

/// The canonical request and its signed header names (`a;b;c`).
fn canonical_request<'a>(
    method: &str,
    uri: &::http::Uri,
    headers: impl Iterator<Item = (&'a str, &'a str)>,
    payload_hash: &str,
) -> Result<(String, String), SigningError> {
    let headers = canonical_headers(headers)?;
    let mut signed_headers = String::with_capacity(headers.iter().map(|(name, _)| name.len() + 1).sum());
    let mut canonical = String::with_capacity(256);
    for part in [method, "\n", &canonical_path(uri.path()), "\n", &canonical_query(uri.query().unwrap_or("")), "\n"] {
        canonical.push_str(part);
    }
    // Sorted by name, so a repeated header's values are adjacent, in order.
    for (index, (name, value)) in headers.iter().enumerate() {
        if index > 0 && headers[index - 1].0 == *name {
            canonical.push(',');
        } else {
            if index > 0 {
                canonical.push('\n');
                signed_headers.push(';');
            }
            canonical.push_str(name);
            canonical.push(':');
            signed_headers.push_str(name);
        }
        canonical.push_str(value);
    }
    for part in ["\n\n", &signed_headers, "\n", payload_hash] {
        canonical.push_str(part);
    }
    Ok((canonical, signed_headers))
}

/// Checks a received request's SigV4 signature (a server's side of
/// [`sign_request`]): the `Authorization` header must name one of `keys`'
/// access key ids, and the signature must be the one its secret gives for
/// the request as received (`target` is the path and query as sent). The
/// error says what is wrong, never a secret.
pub fn verify_request(
    method: &str,
    target: &str,
    headers: &[(String, String)],
    body: &[u8],
    keys: &[(String, String)],
) -> Result<(), String> {
    let header = |name: &str| headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let authorization = header("authorization").ok_or("the request is not signed (no Authorization header)")?;
    let rest = authorization
        .strip_prefix(ALGORITHM)
        .ok_or_else(|| format!("the Authorization header does not use {ALGORITHM}"))?;
    let field = |name: &str| rest.split(',').map(str::trim).find_map(|part| part.strip_prefix(name)?.strip_prefix('='));
    let (credential, signed_headers, signature) =
        match (field("Credential"), field("SignedHeaders"), field("Signature")) {
            (Some(credential), Some(signed), Some(signature)) => (credential, signed, signature),
            _ => return Err("the Authorization header lacks Credential, SignedHeaders or Signature".to_owned()),
        };
    let mut scope = credential.splitn(2, '/');
    let (access_key, scope) = (scope.next().unwrap_or_default(), scope.next().unwrap_or_default());
    let Some((_, secret)) = keys.iter().find(|(id, _)| id == access_key) else {
        return Err(format!("the access key id `{access_key}` is not one this server knows"));
    };
    let parts: Vec<&str> = scope.split('/').collect();
    let [date, region, name, "aws4_request"] = parts.as_slice() else {
        return Err(format!("the credential scope `{scope}` is malformed"));
    };
    let amz_date = header("x-amz-date").ok_or("the request has no X-Amz-Date")?;
    if !amz_date.starts_with(date) {
        return Err("X-Amz-Date is not within the credential's date".to_owned());
    }
    let signed: Vec<&str> = signed_headers.split(';').collect();
    let payload_hash = match header("x-amz-content-sha256") {
        Some(hash) => hash.to_owned(),
        None => hex(&Sha256::digest(body)),
    };
    let uri: ::http::Uri = target.parse().map_err(|_| "the request target is not a URI".to_owned())?;
    let chosen = headers
        .iter()
        .filter(|(k, _)| signed.iter().any(|s| k.eq_ignore_ascii_case(s)))
        .map(|(k, v)| (k.as_str(), v.as_str()));
    let (canonical, computed_headers) =
        canonical_request(method, &uri, chosen, &payload_hash).map_err(|e| e.to_string())?;
    if computed_headers != signed_headers {
        return Err(format!("a signed header is missing from the request (signed: {signed_headers})"));
    }
    let string_to_sign = format!("{ALGORITHM}\n{amz_date}\n{scope}\n{}", hex(&Sha256::digest(canonical)));
    let key = signing_key(secret, date, region, name);
    let expected = hex(&hmac_sha256(&key, string_to_sign.as_bytes()));
    // Compared in full whatever differs first, so the time taken says nothing.
    let same = expected.len() == signature.len()
        && expected.bytes().zip(signature.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
    if same { Ok(()) } else { Err("the signature does not match the request".to_owned()) }
}

/// `YYYYMMDD'T'HHMMSS'Z'` in UTC, whole seconds.
fn amz_date(time: SystemTime) -> Result<String, SigningError> {
    let seconds = DateTime::from_system_time(time).secs();
    let rfc3339 = DateTime::from_secs(seconds)
        .format(TimestampFormat::DateTime)
        .map_err(|e| signing_error(format!("the signing time cannot be written: {e}")))?;
    Ok(rfc3339.chars().filter(|c| !matches!(c, '-' | ':')).collect())
}

/// The path as signed: normalized, then every segment encoded once more with
/// AWS's URI encoding (`%` becomes `%25`), the `/` between segments kept.
fn canonical_path(path: &str) -> String {
    encode_greedy_label(&normalize_path(path))
}

/// Resolves `.` and `..` segments and drops empty ones (RFC 3986 §5.2.4, as
/// AWS normalizes paths for every service but S3). The result is absolute
/// and keeps a trailing `/`.
fn normalize_path(path: &str) -> Cow<'_, str> {
    let plain = path.starts_with('/') && !path.contains("//") && !path.split('/').any(|s| s == "." || s == "..");
    if plain {
        return Cow::Borrowed(path);
    }
    let mut kept: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                kept.pop();
            }
            segment => kept.push(segment),
        }
    }
    let mut normalized = format!("/{}", kept.join("/"));
    let trailing_slash = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    if trailing_slash && !normalized.ends_with('/') {
        normalized.push('/');
    }
    Cow::Owned(normalized)
}

/// The query as signed: each `key=value` pair decoded (as a form: `+` is a
/// space), encoded with AWS's URI encoding, and the pairs sorted by key,
/// then value. A key without `=` has an empty value.
fn canonical_query(query: &str) -> String {
    let decode = |text: &str| {
        let text = text.replace('+', " ");
        encode_query(&percent_encoding::percent_decode_str(&text).decode_utf8_lossy())
    };
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect();
    pairs.sort_unstable();
    pairs.iter().map(|(key, value)| format!("{key}={value}")).collect::<Vec<_>>().join("&")
}

/// A signed header's lower-cased name and its value with spaces collapsed,
/// borrowed from the request where they are already so.
type CanonicalHeader<'a> = (Cow<'a, str>, Cow<'a, str>);

/// The signed headers: lower-cased name and value, sorted by name, a
/// repeated header's values in the order sent. Every header must be valid
/// HTTP; errors name the header, never its value (which may be a token).
fn canonical_headers<'a>(
    headers: impl Iterator<Item = (&'a str, &'a str)>,
) -> Result<Vec<CanonicalHeader<'a>>, SigningError> {
    let mut canonical: Vec<CanonicalHeader<'a>> = Vec::with_capacity(8);
    for (name, value) in headers {
        let name = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(name)
        };
        if !crate::http::is_header_name(&name) {
            return Err(signing_error(format!("`{}` is not a valid header name", name.escape_debug())));
        }
        if !crate::http::is_header_value(value) {
            return Err(signing_error(format!("the value of header `{name}` has a character not allowed in HTTP")));
        }
        if !UNSIGNED_HEADERS.contains(&name.as_ref()) {
            canonical.push((name, collapse_spaces(value)));
        }
    }
    // Stable, so a repeated header keeps its values' order.
    canonical.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(canonical)
}

/// Trims spaces and collapses inner runs of them to one. Only spaces, as
/// `aws-sigv4` and S3 do: a tab is kept as sent.
fn collapse_spaces(value: &str) -> Cow<'_, str> {
    let trimmed = value.trim_matches(' ');
    if !trimmed.contains("  ") {
        return Cow::Borrowed(trimmed);
    }
    Cow::Owned(trimmed.split(' ').filter(|word| !word.is_empty()).collect::<Vec<_>>().join(" "))
}

/// kSecret → kDate → kRegion → kService → kSigning.
fn signing_key(secret: &str, date: &str, region: &str, name: &str) -> [u8; 32] {
    let k_date = hmac_sha256(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k_region = hmac_sha256(&k_date, region.as_bytes());
    let k_service = hmac_sha256(&k_region, name.as_bytes());
    hmac_sha256(&k_service, b"aws4_request")
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    push_hex(&mut out, bytes);
    out
}

/// Appends `bytes` in lower-case hexadecimal.
fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::http::Method;
    use bytes::Bytes;

    fn request(url: &str) -> PreparedRequest {
        PreparedRequest { method: Method::GET, url: url.into(), headers: vec![], body: Bytes::new(), stream: None }
    }

    /// For `us-east-1`, signing name `n`, now, without `x-amz-content-sha256`.
    fn params(credentials: &Credentials) -> SigningParams<'_> {
        SigningParams {
            credentials,
            region: "us-east-1",
            name: "n",
            time: SystemTime::now(),
            content_sha256_header: false,
        }
    }

    #[test]
    fn adds_signature_headers_and_host() {
        let creds = Credentials::new("AKID", "SECRET", Some("TOKEN".into()), None);
        let params = SigningParams {
            name: "wickr",
            time: SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000),
            content_sha256_header: true,
            ..params(&creds)
        };
        let mut r = request("http://127.0.0.1:8080/a?b=c");
        r.body = Bytes::from_static(b"abc");
        sign_request(&mut r, &params).unwrap();
        assert_eq!(r.header("host"), Some("127.0.0.1:8080"));
        assert_eq!(r.header("x-amz-date"), Some("20231114T221320Z"));
        assert_eq!(r.header("x-amz-security-token"), Some("TOKEN"));
        // SHA-256("abc"), FIPS 180-2's first example.
        assert_eq!(
            r.header("x-amz-content-sha256"),
            Some("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        );
        let auth = r.header("authorization").unwrap();
        assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential=AKID/20231114/us-east-1/wickr/aws4_request"), "{auth}");
        // Signing again replaces, never duplicates.
        sign_request(&mut r, &params).unwrap();
        assert_eq!(r.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("authorization")).count(), 1);
        let text = format!("{params:?}");
        assert!(!text.contains("SECRET") && !text.contains("TOKEN"), "{text}");
    }

    #[test]
    fn default_ports_are_not_in_host() {
        let creds = Credentials::new("AKID", "SECRET", None, None);
        let params = params(&creds);
        let mut r = request("https://example.com:443/");
        sign_request(&mut r, &params).unwrap();
        assert_eq!(r.header("host"), Some("example.com"));
        assert!(r.header("x-amz-content-sha256").is_none());
        assert!(sign_request(&mut request("/relative"), &params).is_err());
        assert!(sign_request(&mut request("http://"), &params).is_err());
    }

    #[test]
    fn other_ports_are_in_host() {
        let creds = Credentials::new("AKID", "SECRET", None, None);
        let params = params(&creds);
        for (url, host) in [
            ("https://example.com:8443/", "example.com:8443"),
            ("https://example.com:80/", "example.com:80"),
            ("http://example.com:443/", "example.com:443"),
            ("http://example.com:80/", "example.com"),
        ] {
            let mut r = request(url);
            sign_request(&mut r, &params).unwrap();
            assert_eq!(r.header("host"), Some(host), "{url}");
        }
    }

    #[test]
    fn a_host_header_already_set_is_kept_and_signed() {
        let creds = Credentials::new("AKID", "SECRET", None, None);
        let params = SigningParams { time: SystemTime::UNIX_EPOCH, ..params(&creds) };
        let mut r = request("https://example.com/");
        r.headers.push(("Host".into(), "virtual.example".into()));
        sign_request(&mut r, &params).unwrap();
        let hosts: Vec<&str> =
            r.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("host")).map(|(_, v)| v.as_str()).collect();
        assert_eq!(hosts, ["virtual.example"]);
        // Signed as the host it names, not the URL's.
        let mut direct = request("https://virtual.example/");
        sign_request(&mut direct, &params).unwrap();
        assert_eq!(r.header("authorization"), direct.header("authorization"));
    }

    #[test]
    fn signing_again_replaces_a_stale_session_token() {
        let with_token = |token: &str| Credentials::new("AKID", "SECRET", Some(token.into()), None);
        let (first, second) = (with_token("OLD"), with_token("NEW"));
        let mut r = request("https://example.com/");
        sign_request(&mut r, &params(&first)).unwrap();
        sign_request(&mut r, &params(&second)).unwrap();
        let tokens: Vec<&str> = r
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("x-amz-security-token"))
            .map(|(_, v)| v.as_str())
            .collect();
        assert_eq!(tokens, ["NEW"]);
        // Long-term credentials after temporary ones: no token left at all.
        let long_term = Credentials::new("AKID", "SECRET", None, None);
        sign_request(&mut r, &params(&long_term)).unwrap();
        assert_eq!(r.header("x-amz-security-token"), None);
        let auth = r.header("authorization").unwrap();
        assert!(auth.contains("SignedHeaders=host;x-amz-date,"), "{auth}");
    }

    // -----------------------------------------------------------------------
    // Known answers from the AWS SigV4 test suite (`aws-sig-v4-test-suite`,
    // header signing). Every case signs with the suite's example key pair for
    // `us-east-1`, signing name `service`, at 2015-08-30T12:36:00Z.

    const SUITE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    /// One suite request, given as `METHOD /target` with its headers and body.
    struct Case<'a> {
        method: Method,
        target: &'a str,
        headers: &'a [(&'a str, &'a str)],
        body: &'a str,
        token: Option<&'a str>,
        content_sha256_header: bool,
    }

    impl Case<'_> {
        fn get(target: &str) -> Case<'_> {
            Case { method: Method::GET, target, headers: &[], body: "", token: None, content_sha256_header: false }
        }

        /// Signs the case and returns its signed header names and signature.
        fn sign(&self) -> (String, String) {
            let creds = Credentials::new("AKIDEXAMPLE", SUITE_SECRET, self.token.map(str::to_owned), None);
            let params = SigningParams {
                name: "service",
                time: SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_440_938_160),
                content_sha256_header: self.content_sha256_header,
                ..params(&creds)
            };
            let mut request = PreparedRequest {
                method: self.method.clone(),
                url: format!("https://example.amazonaws.com{}", self.target),
                headers: self.headers.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect(),
                body: Bytes::copy_from_slice(self.body.as_bytes()),
                stream: None,
            };
            sign_request(&mut request, &params).unwrap();
            assert_eq!(request.header("x-amz-date"), Some("20150830T123600Z"));
            let auth = request.header("authorization").unwrap();
            let rest = auth
                .strip_prefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, ")
                .unwrap_or_else(|| panic!("{auth}"));
            let (signed, signature) = rest.split_once(", Signature=").unwrap();
            (signed.strip_prefix("SignedHeaders=").unwrap().to_owned(), signature.to_owned())
        }
    }

    #[test]
    fn aws_test_suite_known_answers() {
        let vanilla = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
        let sts_token = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSP\
                         fIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0\
                         wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypN\
                         C9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==";
        let cases = [
            ("get-vanilla", Case::get("/"), "host;x-amz-date", vanilla),
            // A Host header already present is the one signed.
            (
                "get-vanilla, with Host",
                Case { headers: &[("Host", "example.amazonaws.com")], ..Case::get("/") },
                "host;x-amz-date",
                vanilla,
            ),
            // Pairs sorted by key, case-sensitively.
            (
                "get-vanilla-query-order-key-case",
                Case::get("/?Param2=value2&Param1=value1"),
                "host;x-amz-date",
                "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
            ),
            // Sorted by the encoded key.
            (
                "get-vanilla-query-order-encoded",
                Case::get("/?Param-3=Value3&Param=Value2&%E1%88%B4=Value1"),
                "host;x-amz-date",
                "371d3713e185cc334048618a97f809c9ffe339c62934c032af5a0e595648fcac",
            ),
            // `..` resolved, so it signs as `/`.
            ("get-relative-relative-normalized", Case::get("/example1/example2/../.."), "host;x-amz-date", vanilla),
            // Empty segments dropped, the trailing `/` kept.
            (
                "get-slashes-normalized",
                Case::get("//example//"),
                "host;x-amz-date",
                "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84",
            ),
            // Values trimmed, inner runs of spaces collapsed.
            (
                "get-header-value-trim",
                Case { headers: &[("My-Header1", " value1"), ("My-Header2", " \"a   b   c\"")], ..Case::get("/") },
                "host;my-header1;my-header2;x-amz-date",
                "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
            ),
            // A repeated header's values joined in order.
            (
                "get-header-key-duplicate",
                Case {
                    headers: &[("My-Header1", "value2"), ("My-Header1", "value2"), ("My-Header1", "value1")],
                    ..Case::get("/")
                },
                "host;my-header1;x-amz-date",
                "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
            ),
            // With the body's hash sent and signed (the suite's `sign_body`).
            (
                "post-x-www-form-urlencoded",
                Case {
                    method: Method::POST,
                    headers: &[("Content-Type", "application/x-www-form-urlencoded"), ("Content-Length", "13")],
                    body: "Param1=value1",
                    content_sha256_header: true,
                    ..Case::get("/")
                },
                "content-length;content-type;host;x-amz-content-sha256;x-amz-date",
                "d3875051da38690788ef43de4db0d8f280229d82040bfac253562e56c3f20e0b",
            ),
            (
                "get-vanilla-with-session-token",
                Case {
                    token: Some("6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"),
                    ..Case::get("/")
                },
                "host;x-amz-date;x-amz-security-token",
                "07ec1639c89043aa0e3e2de82b96708f198cceab042d4a97044c66dd9f74e7f8",
            ),
            // An STS token, with `/`, `+` and `=` in it, signed.
            (
                "post-sts-header-before",
                Case { method: Method::POST, token: Some(sts_token), ..Case::get("/") },
                "host;x-amz-date;x-amz-security-token",
                "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead",
            ),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter_map(|(name, case, signed_headers, signature)| {
                let got = case.sign();
                (got != ((*signed_headers).to_owned(), (*signature).to_owned())).then(|| format!("{name}: {got:?}"))
            })
            .collect();
        assert!(wrong.is_empty(), "signed differently from the suite:\n{}", wrong.join("\n"));
    }

    #[test]
    fn paths_are_signed_double_encoded() {
        // The canonical paths of aws-sigv4's `double-encode-path` and
        // `double-url-encode` cases: what was encoded once for the wire is
        // encoded again, and characters the URL left bare are encoded.
        assert_eq!(
            canonical_path("/test/@connections/JBDvjfGEIAMCERw%3D"),
            "/test/%40connections/JBDvjfGEIAMCERw%253D"
        );
        assert_eq!(
            canonical_path(
                "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-west-2%3A892717189312%3Afunction%3Amy-fn/invocations"
            ),
            "/2015-03-31/functions/arn%253Aaws%253Alambda%253Aus-west-2%253A892717189312%253Afunction%253Amy-fn/invocations"
        );
        assert_eq!(canonical_path(""), "/");
        assert_eq!(canonical_path("/a/./b/../c/."), "/a/c/");
        assert_eq!(canonical_path("/../a"), "/a");
    }

    #[test]
    fn query_pairs_are_decoded_re_encoded_and_sorted() {
        assert_eq!(canonical_query(""), "");
        assert_eq!(canonical_query("b=2&a=3&a=1&&c"), "a=1&a=3&b=2&c=");
        // Decoded as a form (`+` is a space), re-encoded strictly.
        assert_eq!(canonical_query("k=a+b%2Bc&x=%7e!*"), "k=a%20b%2Bc&x=~%21%2A");
    }

    #[test]
    fn headers_proxies_change_are_not_signed() {
        let case = Case {
            headers: &[
                ("User-Agent", "ua"),
                ("X-Amzn-Trace-Id", "Root=1"),
                ("Transfer-Encoding", "chunked"),
                ("Expect", "100-continue"),
                ("Content-Type", "application/json"),
            ],
            ..Case::get("/")
        };
        // `expect` is signed: aws-sigv4's default exclusions leave it in.
        assert_eq!(case.sign().0, "content-type;expect;host;x-amz-date");
    }

    #[test]
    fn invalid_headers_are_errors_that_do_not_show_the_value() {
        let creds = Credentials::new("AKID", "SECRET", Some("TOK\nEN".into()), None);
        let mut r = request("https://example.com/");
        let error = sign_request(&mut r, &params(&creds)).unwrap_err().to_string();
        assert!(error.contains("x-amz-security-token") && !error.contains("TOK"), "{error}");
        assert!(r.header("authorization").is_none() && r.header("x-amz-date").is_none());

        let creds = Credentials::new("AKID", "SECRET", None, None);
        let params = params(&creds);
        let mut r = request("https://example.com/");
        r.headers.push(("x-secret".into(), "hunter2\r\n".into()));
        let error = sign_request(&mut r, &params).unwrap_err().to_string();
        assert!(error.contains("x-secret") && !error.contains("hunter2"), "{error}");
        let mut r = request("https://example.com/");
        r.headers.push(("bad name".into(), "v".into()));
        assert!(sign_request(&mut r, &params).is_err());
    }

    #[test]
    fn a_server_verifies_what_the_signer_signed() {
        let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None, None);
        let mut signed = request("https://example.com:8443/a/b%20c?y=2&x=1");
        signed.body = Bytes::from_static(b"{\"a\":1}");
        signed.headers.push(("content-type".into(), "application/json".into()));
        let params = SigningParams {
            credentials: &credentials,
            region: "us-east-1",
            name: "wickr",
            time: SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000),
            content_sha256_header: false,
        };
        sign_request(&mut signed, &params).unwrap();
        let keys = [("AKIDEXAMPLE".to_owned(), "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".to_owned())];
        let target = "/a/b%20c?y=2&x=1";
        assert_eq!(verify_request("GET", target, &signed.headers, &signed.body, &keys), Ok(()));
        let tampered = verify_request("GET", target, &signed.headers, b"{\"a\":2}", &keys);
        assert_eq!(tampered, Err("the signature does not match the request".to_owned()));
        let other_secret = [("AKIDEXAMPLE".to_owned(), "another".to_owned())];
        assert!(verify_request("GET", target, &signed.headers, &signed.body, &other_secret).is_err());
        let unknown = [("AKIDOTHER".to_owned(), "x".to_owned())];
        let error = verify_request("GET", target, &signed.headers, &signed.body, &unknown).unwrap_err();
        assert!(error.contains("AKIDEXAMPLE") && !error.contains("wJalr"), "{error}");
        assert!(verify_request("GET", target, &[], b"", &keys).unwrap_err().contains("not signed"));
    }

    #[test]
    fn a_cached_signing_key_is_rederived_when_the_day_secret_region_or_name_changes() {
        let day = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let next_day = day + std::time::Duration::from_secs(86_400);
        let first = Credentials::new("AKID", "SECRET", None, None);
        let rotated = Credentials::new("AKID", "ROTATED", None, None);
        let cache = SigningKeyCache::default();
        // In turn, each change of what the key is derived from, and back.
        let steps: [(&Credentials, &str, &str, SystemTime); 7] = [
            (&first, "us-east-1", "wickr", day),
            (&first, "us-east-1", "wickr", day),
            (&first, "us-east-1", "wickr", next_day),
            (&rotated, "us-east-1", "wickr", next_day),
            (&rotated, "eu-west-1", "wickr", next_day),
            (&rotated, "eu-west-1", "other", next_day),
            (&first, "us-east-1", "wickr", day),
        ];
        for (credentials, region, name, time) in steps {
            let params = SigningParams { credentials, region, name, time, content_sha256_header: false };
            let (mut cached, mut derived) = (request("https://example.com/a"), request("https://example.com/a"));
            sign_request_cached(&mut cached, &params, &cache).unwrap();
            sign_request(&mut derived, &params).unwrap();
            assert_eq!(cached.header("authorization"), derived.header("authorization"), "{region} {name} {time:?}");
        }
        let shown = format!("{cache:?}");
        assert!(!shown.contains("SECRET") && !shown.contains("ROTATED"), "{shown}");
    }
}
