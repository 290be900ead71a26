//! SigV4 request signing with the official `aws-sigv4` crate.
//!
//! The signer adds `Authorization`, `X-Amz-Date`, `X-Amz-Security-Token` (for
//! temporary credentials) and, when asked, `x-amz-content-sha256`. The path is
//! signed double-encoded, as every AWS service except S3 expects.

use std::fmt;
use std::time::SystemTime;

use aws_sigv4::http_request::{PayloadChecksumKind, SignableBody, SignableRequest, SigningSettings};
use aws_smithy_runtime_api::client::identity::Identity;

use crate::credentials::Credentials;
use crate::http::PreparedRequest;

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

/// Headers a previous signature left behind; removed before signing again so a
/// retried request carries exactly one, fresh signature.
const SIGNATURE_HEADERS: [&str; 4] = ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"];

/// Signs `request` in place. Sets `Host` from the URL first (when absent) so
/// the signed host is exactly the one sent.
pub fn sign_request(request: &mut PreparedRequest, params: &SigningParams<'_>) -> Result<(), SigningError> {
    let uri: ::http::Uri = request.url.parse().map_err(|e| signing_error(format!("invalid URL: {e}")))?;
    // aws-sigv4 panics on a URI without a host; refuse it here instead.
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
    for name in SIGNATURE_HEADERS {
        request.remove_header(name);
    }

    let identity: Identity = aws_credential_types::Credentials::new(
        params.credentials.access_key_id(),
        params.credentials.secret_access_key(),
        params.credentials.session_token().map(str::to_owned),
        params.credentials.expiry(),
        "sdk-runtime",
    )
    .into();
    let mut settings = SigningSettings::default();
    if params.content_sha256_header {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    let v4_params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(params.region)
        .name(params.name)
        .time(params.time)
        .settings(settings)
        .build()
        .map_err(signing_error)?;
    let signable = SignableRequest::new(
        request.method.as_str(),
        request.url.as_str(),
        request.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(&request.body),
    )
    .map_err(signing_error)?;
    let (instructions, _signature) =
        aws_sigv4::http_request::sign(signable, &v4_params.into()).map_err(signing_error)?.into_parts();
    let (headers, _query) = instructions.into_parts();
    for header in headers {
        request.set_header(header.name(), header.value());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ::http::Method;
    use bytes::Bytes;

    fn request(url: &str) -> PreparedRequest {
        PreparedRequest { method: Method::GET, url: url.into(), headers: vec![], body: Bytes::new() }
    }

    #[test]
    fn adds_signature_headers_and_host() {
        let creds = Credentials::new("AKID", "SECRET", Some("TOKEN".into()), None);
        let params = SigningParams {
            credentials: &creds,
            region: "us-east-1",
            name: "wickr",
            time: SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000),
            content_sha256_header: true,
        };
        let mut r = request("http://127.0.0.1:8080/a?b=c");
        sign_request(&mut r, &params).unwrap();
        assert_eq!(r.header("host"), Some("127.0.0.1:8080"));
        assert_eq!(r.header("x-amz-date"), Some("20231114T221320Z"));
        assert_eq!(r.header("x-amz-security-token"), Some("TOKEN"));
        assert!(r.header("x-amz-content-sha256").is_some());
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
        let params = SigningParams {
            credentials: &creds,
            region: "r",
            name: "n",
            time: SystemTime::now(),
            content_sha256_header: false,
        };
        let mut r = request("https://example.com:443/");
        sign_request(&mut r, &params).unwrap();
        assert_eq!(r.header("host"), Some("example.com"));
        assert!(r.header("x-amz-content-sha256").is_none());
        assert!(sign_request(&mut request("/relative"), &params).is_err());
        assert!(sign_request(&mut request("http://"), &params).is_err());
    }
}
