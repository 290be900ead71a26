//! Which parts of a request hold `@sensitive` values, so that logs and the
//! CLI's dry run never show them. Generated code marks them as it binds
//! them (see [`HttpRequest::redact_query`](crate::http::HttpRequest::redact_query)
//! and its siblings); credentials headers and a URL's user info are always
//! redacted.

use serde_json::Value;

use crate::http::PreparedRequest;

/// What a redacted value is shown as in headers and bodies.
pub const REDACTED: &str = "** redacted **";

/// What a redacted part of a URL is shown as (no characters that need encoding).
const REDACTED_IN_URL: &str = "**redacted**";

/// Headers that carry credentials, whatever the operation. `Authorization`
/// is not one: a dry run shows the signature, which signs only that request
/// (logs show no headers at all).
const CREDENTIAL_HEADERS: [&str; 3] = ["x-amz-security-token", "proxy-authorization", "cookie"];

/// The sensitive parts of one request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Redactions {
    /// Query keys, raw.
    query: Vec<String>,
    /// Header names, lower-cased.
    headers: Vec<String>,
    /// Header name prefixes, lower-cased.
    header_prefixes: Vec<String>,
    /// Path segments, percent-encoded as sent.
    segments: Vec<String>,
    /// JSON paths into the body; `*` is any key or index, `[]` the whole body.
    body: Vec<&'static [&'static str]>,
}

impl Redactions {
    pub(crate) fn query(&mut self, key: String) {
        self.query.push(key);
    }

    pub(crate) fn header(&mut self, name: &str) {
        self.headers.push(name.to_ascii_lowercase());
    }

    pub(crate) fn header_prefix(&mut self, prefix: &str) {
        self.header_prefixes.push(prefix.to_ascii_lowercase());
    }

    pub(crate) fn segment(&mut self, encoded: String) {
        self.segments.push(encoded);
    }

    pub(crate) fn body(&mut self, paths: &'static [&'static [&'static str]]) {
        self.body.extend_from_slice(paths);
    }

    /// Whether a header's value must not be shown.
    pub fn hides_header(&self, name: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        CREDENTIAL_HEADERS.contains(&lower.as_str())
            || self.headers.contains(&lower)
            || self.header_prefixes.iter().any(|prefix| lower.starts_with(prefix.as_str()))
    }

    /// `url` without its user info, sensitive path segments or sensitive
    /// query values.
    pub fn url(&self, url: &str) -> String {
        let url = crate::settings::without_userinfo(url);
        let (before_query, query) = match url.split_once('?') {
            Some((before, query)) => (before, Some(query)),
            None => (url.as_ref(), None),
        };
        let path_start = before_query.find("://").map_or(0, |i| i + 3);
        let path_start = before_query[path_start..].find('/').map_or(before_query.len(), |i| path_start + i);
        let (origin, path) = before_query.split_at(path_start);
        let path: Vec<&str> = path
            .split('/')
            .map(|segment| if self.segments.iter().any(|s| s == segment) { REDACTED_IN_URL } else { segment })
            .collect();
        let mut shown = format!("{origin}{}", path.join("/"));
        if let Some(query) = query {
            let pairs: Vec<String> = query
                .split('&')
                .map(|pair| {
                    let key = pair.split('=').next().unwrap_or_default();
                    let raw = percent_encoding::percent_decode_str(key).decode_utf8_lossy();
                    if self.query.iter().any(|k| *k == raw) {
                        format!("{key}={REDACTED_IN_URL}")
                    } else {
                        pair.to_owned()
                    }
                })
                .collect();
            shown.push('?');
            shown.push_str(&pairs.join("&"));
        }
        shown
    }

    /// The body as JSON to show: its sensitive values replaced; text that is
    /// not JSON as a string (or redacted whole, when the whole body is sensitive).
    pub fn body_json(&self, body: &[u8]) -> Value {
        if body.is_empty() {
            return Value::Null;
        }
        let whole = self.body.iter().any(|path| path.is_empty());
        match serde_json::from_slice::<Value>(body) {
            Ok(_) | Err(_) if whole => Value::String(REDACTED.to_owned()),
            Ok(mut value) => {
                for path in &self.body {
                    redact_at(&mut value, path);
                }
                value
            }
            Err(_) => Value::String(String::from_utf8_lossy(body).into_owned()),
        }
    }

    /// `request` as it may be shown: URL, headers and body redacted (the body
    /// as its redacted JSON text).
    pub fn request(&self, request: &PreparedRequest) -> PreparedRequest {
        let headers = request
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), if self.hides_header(k) { REDACTED.to_owned() } else { v.clone() }))
            .collect();
        let body = match self.body_json(&request.body) {
            Value::Null => bytes::Bytes::new(),
            value => bytes::Bytes::from(value.to_string()),
        };
        PreparedRequest {
            method: request.method.clone(),
            url: self.url(&request.url),
            headers,
            body,
            stream: request.stream.clone(),
        }
    }
}

/// Replaces every value at `path` (`*` matching any key or index).
fn redact_at(value: &mut Value, path: &[&str]) {
    let Some((first, rest)) = path.split_first() else {
        *value = Value::String(REDACTED.to_owned());
        return;
    };
    match value {
        Value::Object(map) if *first == "*" => map.values_mut().for_each(|v| redact_at(v, rest)),
        Value::Object(map) => {
            if let Some(v) = map.get_mut(*first) {
                redact_at(v, rest);
            }
        }
        Value::Array(items) if *first == "*" => items.iter_mut().for_each(|v| redact_at(v, rest)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_userinfo_sensitive_segments_and_query_values() {
        let mut r = Redactions::default();
        r.query("client secret".into());
        r.segment("s%2F1".into());
        assert_eq!(
            r.url("https://u:p@h/things/s%2F1/x?a=1&client%20secret=hunter2&b"),
            "https://**redacted**@h/things/**redacted**/x?a=1&client%20secret=**redacted**&b"
        );
        assert_eq!(r.url("http://h"), "http://h");
    }

    #[test]
    fn bodies_lose_the_values_at_their_paths() {
        let mut r = Redactions::default();
        r.body(&[&["users", "*", "firstName"], &["token"], &["vault"], &["map", "*"]]);
        let body =
            br#"{"users":[{"firstName":"Ada","id":1},{"id":2}],"token":"t","vault":{"a":1},"map":{"k":"v"},"n":3}"#;
        let shown = r.body_json(body);
        assert_eq!(
            shown,
            serde_json::json!({"users": [{"firstName": REDACTED, "id": 1}, {"id": 2}], "token": REDACTED,
                "vault": REDACTED, "map": {"k": REDACTED}, "n": 3})
        );
        let mut whole = Redactions::default();
        whole.body(&[&[]]);
        assert_eq!(whole.body_json(b"plain secret"), Value::String(REDACTED.to_owned()));
        assert_eq!(Redactions::default().body_json(b"plain"), Value::String("plain".to_owned()));
    }

    #[test]
    fn headers() {
        let mut r = Redactions::default();
        r.header("X-Secret");
        r.header_prefix("X-Meta-");
        assert!(r.hides_header("x-secret") && r.hides_header("X-META-a") && r.hides_header("X-Amz-Security-Token"));
        assert!(!r.hides_header("x-other"));
    }
}
