//! The JSON documents credentials arrive in: the container endpoint's and the
//! instance metadata service's (`AccessKeyId`, `SecretAccessKey`, `Token`,
//! `Expiration`) and `credential_process` output (`Version`, `AccessKeyId`,
//! `SecretAccessKey`, `SessionToken`, `Expiration`).
//!
//! Errors name the field that is missing or malformed, never a value: any
//! value may be a secret, and so may the text around a syntax error.

use serde_json::{Map, Value};

use super::Credentials;
use crate::encoding::{DateTime, TimestampFormat};

/// A document's top-level object.
pub(super) fn object(body: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err("the document is not a JSON object".into()),
        Err(e) => Err(format!("the document is not valid JSON (line {}, column {})", e.line(), e.column())),
    }
}

/// A string field; `None` when absent, null or empty.
pub(super) fn text<'a>(object: &'a Map<String, Value>, field: &str) -> Result<Option<&'a str>, String> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.as_str()).filter(|s| !s.is_empty())),
        Some(_) => Err(format!("`{field}` is not a string")),
    }
}

/// An RFC 3339 timestamp, as a `SystemTime`.
pub(super) fn timestamp(text: &str) -> Option<std::time::SystemTime> {
    DateTime::parse(text, TimestampFormat::DateTime).ok()?.to_system_time()
}

/// The key pair, the session token under `token_field`, and the optional expiry.
pub(super) fn credentials(object: &Map<String, Value>, token_field: &str) -> Result<Credentials, String> {
    let required = |field: &str| text(object, field)?.ok_or_else(|| format!("`{field}` is missing"));
    let access_key_id = required("AccessKeyId")?;
    let secret_access_key = required("SecretAccessKey")?;
    let session_token = text(object, token_field)?.map(str::to_owned);
    let expiry = match text(object, "Expiration")? {
        Some(expiration) => {
            Some(timestamp(expiration).ok_or("`Expiration` is not an RFC 3339 timestamp (2024-01-31T12:00:00Z)")?)
        }
        None => None,
    };
    Ok(Credentials::new(access_key_id, secret_access_key, session_token, expiry))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_fields_never_values() {
        let parse = |body: &str| object(body.as_bytes()).and_then(|o| credentials(&o, "Token"));
        let ok =
            parse(r#"{"AccessKeyId":"AK","SecretAccessKey":"SK","Token":"T","Expiration":"2030-01-01T00:00:00Z"}"#)
                .unwrap();
        assert_eq!((ok.access_key_id(), ok.session_token()), ("AK", Some("T")));
        assert!(ok.expiry().is_some());
        for (body, expected) in [
            (r#"{"AccessKeyId":"AK"}"#, "`SecretAccessKey` is missing"),
            (r#"{"AccessKeyId":"AK","SecretAccessKey":7}"#, "`SecretAccessKey` is not a string"),
            (r#"{"AccessKeyId":"AK","SecretAccessKey":"hunter2","Expiration":"soon"}"#, "`Expiration` is not"),
            (r#"{"SecretAccessKey":"hunter2" "#, "not valid JSON"),
            (r#"["hunter2"]"#, "not a JSON object"),
        ] {
            let error = parse(body).unwrap_err();
            assert!(error.contains(expected), "{body}: {error}");
            assert!(!error.contains("hunter2"), "{error}");
        }
    }
}
