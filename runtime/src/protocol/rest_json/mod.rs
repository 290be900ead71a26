//! `aws.protocols#restJson1`: the helpers generated `Operation` impls call
//! to bind an input to an HTTP request (labels, query, headers, payload, the
//! JSON body of the members bound to nothing else) and to read an output or
//! error structure back (the JSON body, plus header-, prefix-header-,
//! status- and payload-bound members).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{Protocol, ResponseError};
use crate::encoding::{DateTime, TimestampFormat};
use crate::error::{ConstructionError, DeserializationError};
use crate::http::{HttpRequest, HttpResponse};
use crate::stream::ByteStream;

#[cfg(feature = "server")]
pub mod server;

/// The restJson1 protocol: errors named by `X-Amzn-Errortype` or the JSON
/// body (see [`read_json_error`](super::read_json_error)).
#[derive(Clone, Copy, Debug, Default)]
pub struct RestJson1;

impl Protocol for RestJson1 {
    fn id(&self) -> &'static str {
        "aws.protocols#restJson1"
    }

    fn read_error(&self, response: &HttpResponse) -> Result<ResponseError, DeserializationError> {
        super::read_json_error(response)
    }

    #[cfg(feature = "server")]
    fn error_response(
        &self,
        status: u16,
        code: &str,
        members: serde_json::Map<String, serde_json::Value>,
    ) -> crate::server::ServerResponse {
        crate::server::ServerResponse::json(status, "application/json", &serde_json::Value::Object(members))
            .header("X-Amzn-Errortype", code)
    }
}

/// The percent-encoded value of a required label member (validation has
/// already reported it when unset; sending without it would be a wrong route).
pub fn label(value: Option<&str>, member: &str, greedy: bool) -> Result<String, ConstructionError> {
    let value = value.ok_or_else(|| ConstructionError::new(format!("the `{member}` label is not set")))?;
    if value.is_empty() {
        return Err(ConstructionError::new(format!("the `{member}` label is empty")));
    }
    Ok(if greedy { crate::encoding::encode_greedy_label(value) } else { crate::encoding::encode_label(value) })
}

/// A list header's value: the items joined with `, `. With `quote_strings`,
/// an item holding a comma or a double quote is sent as a quoted string
/// (RFC 9110), so the list splits back into the same items.
pub fn header_list(items: &[String], quote_strings: bool) -> String {
    let quoted = |item: &String| {
        if quote_strings && item.contains([',', '"']) {
            format!("\"{}\"", item.replace('\\', "\\\\").replace('"', "\\\""))
        } else {
            item.clone()
        }
    };
    items.iter().map(quoted).collect::<Vec<_>>().join(", ")
}

/// A timestamp as text for a query string or header.
pub fn timestamp(value: &DateTime, format: TimestampFormat) -> Result<String, ConstructionError> {
    value.format(format).map_err(|e| ConstructionError::with_source("cannot format a timestamp", e))
}

/// Adds the JSON body: the input's JSON minus the members bound elsewhere
/// (`bound`, by JSON name). restJson1 sends no body when no member is bound
/// to it, and `{}` when body members exist but none is set.
pub fn with_body<T: Serialize>(
    request: HttpRequest,
    input: &T,
    bound: &[&str],
) -> Result<HttpRequest, ConstructionError> {
    let mut object = to_object(input)?;
    for name in bound {
        object.remove(*name);
    }
    request.json_body(&Value::Object(object))
}

/// Adds the `@httpPayload` member as the JSON body, when set.
pub fn with_payload<T: Serialize>(request: HttpRequest, payload: Option<&T>) -> Result<HttpRequest, ConstructionError> {
    match payload {
        Some(value) => request.json_body(value),
        None => Ok(request),
    }
}

/// Adds a structure `@httpPayload` member as the JSON body; an unset one is
/// sent as `{}`.
pub fn with_structure_payload<T: Serialize>(
    request: HttpRequest,
    payload: Option<&T>,
) -> Result<HttpRequest, ConstructionError> {
    match payload {
        Some(value) => request.json_body(value),
        None => request.json_body(&Value::Object(Map::new())),
    }
}

/// Adds a blob `@httpPayload` member as the body, with its content type
/// (unless a member bound to `Content-Type` set one), when set.
pub fn with_bytes_payload(
    request: HttpRequest,
    payload: Option<&[u8]>,
    content_type: &str,
) -> Result<HttpRequest, ConstructionError> {
    Ok(match payload {
        Some(bytes) => with_content_type(request, content_type).body(bytes.to_vec()),
        None => request,
    })
}

/// Adds a `@streaming` blob `@httpPayload` member as the body, with its
/// content type, when set. `requires_length` (`@requiresLength`) refuses a
/// stream whose length is not known before it is sent.
pub fn with_stream_payload(
    request: HttpRequest,
    payload: Option<&ByteStream>,
    content_type: &str,
    requires_length: bool,
    member: &str,
) -> Result<HttpRequest, ConstructionError> {
    Ok(match payload {
        Some(stream) if requires_length && stream.length().is_none() => {
            return Err(ConstructionError::new(format!(
                "`{member}` must have a known length (`@requiresLength`), but it streams from a reader of unknown length"
            )));
        }
        Some(stream) => with_content_type(request, content_type).stream_body(stream.clone()),
        None => request,
    })
}

/// Adds a string or enum `@httpPayload` member as the body, with its content
/// type (unless a member bound to `Content-Type` set one), when set.
pub fn with_text_payload(
    request: HttpRequest,
    payload: Option<&str>,
    content_type: &str,
) -> Result<HttpRequest, ConstructionError> {
    Ok(match payload {
        Some(text) => with_content_type(request, content_type).body(text.to_owned()),
        None => request,
    })
}

/// `request` with the payload's content type, unless a member bound to
/// `Content-Type` already set one: the member's value is then sent alone.
fn with_content_type(request: HttpRequest, content_type: &str) -> HttpRequest {
    if request.headers().iter().any(|(name, _)| name.eq_ignore_ascii_case("content-type")) {
        request
    } else {
        request.header("Content-Type", content_type)
    }
}

fn to_object<T: Serialize>(input: &T) -> Result<Map<String, Value>, ConstructionError> {
    match serde_json::to_value(input) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(ConstructionError::new("the input did not serialize to a JSON object")),
        Err(e) => Err(ConstructionError::with_source("cannot serialize the input", e)),
    }
}

/// How a header's text is read into a member's JSON value and written back
/// (also a label's or query value's, on a server).
#[derive(Clone, Copy, Debug)]
pub enum HeaderKind {
    /// Text (strings, enums, base64 blobs).
    String,
    /// A `@mediaType` string, sent in base64.
    Base64String,
    /// A number or boolean, read as JSON.
    Scalar,
    /// A float: a JSON number, or `NaN`, `Infinity`, `-Infinity`.
    Float,
    /// A timestamp in the `header` format, written as the member reads it.
    Timestamp {
        /// The header's format.
        header: TimestampFormat,
        /// The format the member's JSON takes.
        json: TimestampFormat,
    },
    /// A comma-separated list of these (strings may be quoted).
    List(&'static HeaderKind),
    /// Every header starting with the prefix, as a map without the prefix.
    Prefix,
}

/// How an `@httpPayload` member is read from the whole body, and written to it.
#[derive(Clone, Copy, Debug)]
pub enum PayloadKind {
    /// A blob: the raw bytes.
    Bytes,
    /// A string or enum: the text.
    Text,
    /// A union or document: JSON.
    Json,
    /// A structure: JSON, where `{}` is what a client sends when the member is
    /// unset (so a server reads it as unset).
    Structure,
}

/// Reads the output: the JSON body (an empty body reads as `{}`), or the
/// payload member from the whole body; with header-bound members
/// (`(json name, header or prefix, kind)`) and the status code member, if
/// any, added before the whole is deserialized.
pub fn output<T: DeserializeOwned>(
    response: &HttpResponse,
    headers: &[(&str, &str, HeaderKind)],
    status_member: Option<&str>,
    payload: Option<(&str, PayloadKind)>,
) -> Result<T, DeserializationError> {
    crate::shape::with_error_correction(|| read_output(response, headers, status_member, payload))
}

fn read_output<T: DeserializeOwned>(
    response: &HttpResponse,
    headers: &[(&str, &str, HeaderKind)],
    status_member: Option<&str>,
    payload: Option<(&str, PayloadKind)>,
) -> Result<T, DeserializationError> {
    // Most outputs live wholly in the body: read it straight into the type,
    // skipping the intermediate JSON value (which costs more than the read).
    if headers.is_empty() && status_member.is_none() && payload.is_none() {
        return super::json_body(response);
    }
    let body = response.body();
    let empty = body.iter().all(u8::is_ascii_whitespace);
    let mut object = match payload {
        Some((member, kind)) => {
            let mut object = Map::new();
            let value = payload_value(response.body(), kind).map_err(|e| DeserializationError::new(e, response))?;
            if let Some(value) = value {
                object.insert(member.to_owned(), value);
            }
            object
        }
        None if empty => Map::new(),
        None => match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(object)) => object,
            Ok(_) => return Err(DeserializationError::new("the response body is not a JSON object", response)),
            Err(e) => {
                return Err(DeserializationError::new(format!("the response body is not valid JSON: {e}"), response));
            }
        },
    };
    for (member, header, kind) in headers {
        let value = match kind {
            HeaderKind::Prefix => Some(prefix_headers(response.headers(), header)),
            _ => match response.header(header) {
                Some(text) => Some(
                    header_value(text, *kind)
                        .map_err(|e| DeserializationError::new(format!("header `{header}`: {e}"), response))?,
                ),
                None => None,
            },
        };
        if let Some(value) = value {
            object.insert((*member).to_owned(), value);
        }
    }
    if let Some(member) = status_member {
        object.insert(member.to_owned(), Value::from(response.status()));
    }
    crate::de::from_value(Value::Object(object))
        .map_err(|e| DeserializationError::new(format!("the response does not match the output shape: {e}"), response))
}

/// The JSON value of a payload member from the whole body; `None` when the
/// body is empty.
pub(super) fn payload_value(body: &[u8], kind: PayloadKind) -> Result<Option<Value>, String> {
    if body.is_empty() {
        return Ok(None);
    }
    Ok(Some(match kind {
        PayloadKind::Bytes => Value::String(crate::encoding::encode_base64(body)),
        PayloadKind::Text => {
            Value::String(String::from_utf8(body.to_vec()).map_err(|_| "the body is not UTF-8 text".to_owned())?)
        }
        PayloadKind::Json | PayloadKind::Structure => {
            serde_json::from_slice(body).map_err(|e| format!("the body is not valid JSON: {e}"))?
        }
    }))
}

/// Every header starting with `prefix` (case-insensitively), as a map
/// keyed by the rest of its name.
pub(super) fn prefix_headers<'a>(headers: impl Iterator<Item = (&'a str, &'a str)>, prefix: &str) -> Value {
    let prefix = prefix.to_ascii_lowercase();
    let map: Map<String, Value> = headers
        .filter_map(|(name, value)| {
            let rest = name.to_ascii_lowercase().strip_prefix(&prefix)?.to_owned();
            Some((name[name.len() - rest.len()..].to_owned(), Value::String(value.to_owned())))
        })
        .collect();
    Value::Object(map)
}

/// One header's (or label's, or query value's) text as the JSON value of its member.
pub(super) fn header_value(text: &str, kind: HeaderKind) -> Result<Value, String> {
    let text = text.trim();
    Ok(match kind {
        HeaderKind::String | HeaderKind::Prefix => Value::String(text.to_owned()),
        HeaderKind::Base64String => {
            let bytes = crate::encoding::decode_base64(text).map_err(|e| e.to_string())?;
            Value::String(String::from_utf8(bytes).map_err(|_| "the base64 value is not UTF-8 text".to_owned())?)
        }
        HeaderKind::Scalar => serde_json::from_str(text).map_err(|e| e.to_string())?,
        HeaderKind::Float => match text {
            "NaN" | "Infinity" | "-Infinity" => Value::String(text.to_owned()),
            _ => serde_json::from_str(text).map_err(|e| e.to_string())?,
        },
        HeaderKind::Timestamp { header, json } => {
            let time = DateTime::parse(text, header).map_err(|e| e.to_string())?;
            match json {
                TimestampFormat::EpochSeconds => serde_json::to_value(time).map_err(|e| e.to_string())?,
                format => Value::String(time.format(format).map_err(|e| e.to_string())?),
            }
        }
        HeaderKind::List(item) => {
            let items = split_header_list(
                text,
                matches!(item, HeaderKind::Timestamp { header: TimestampFormat::HttpDate, .. }),
            );
            Value::Array(items.iter().map(|item_text| header_value(item_text, *item)).collect::<Result<_, _>>()?)
        }
    })
}

/// Splits a list header at its commas, reading quoted strings as one item;
/// HTTP dates hold a comma of their own, so their items are every other piece.
fn split_header_list(text: &str, http_dates: bool) -> Vec<String> {
    if http_dates {
        let pieces: Vec<&str> = text.split(',').map(str::trim).collect();
        return pieces.chunks(2).map(|pair| pair.join(", ")).collect();
    }
    let mut items = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut item = String::new();
        if chars.next_if_eq(&'"').is_some() {
            while let Some(c) = chars.next() {
                match c {
                    '\\' => item.extend(chars.next()),
                    '"' => break,
                    c => item.push(c),
                }
            }
            while chars.next_if(|c| *c != ',').is_some() {}
        } else {
            while let Some(c) = chars.next_if(|c| *c != ',') {
                item.push(c);
            }
            item = item.trim_end().to_owned();
        }
        items.push(item);
        if chars.next().is_none() {
            return items;
        }
    }
}
