//! restJson1 for a server: routing by method and URI pattern, reading an
//! input from labels, query, headers, payload and JSON body (the inverse of
//! the client's bindings), and writing an output or error with its status,
//! headers, payload and body. Generated code declares each structure's
//! bindings as a table of [`Bound`] members; the values go through the
//! structure's own serde forms.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{HeaderKind, PayloadKind, header_list, header_value, payload_value, prefix_headers};
use crate::encoding::{DateTime, TimestampFormat};
use crate::error::ConstructionError;
use crate::server::{Labels, RequestError, RouteError, Routed, ServerRequest, ServerResponse};
use crate::stream::ByteStream;

/// An operation's `@http` route.
#[derive(Clone, Copy, Debug)]
pub struct Route {
    /// The method.
    pub method: &'static str,
    /// The path's segments.
    pub segments: &'static [Segment],
    /// The URI's literal query: keys that must be present, with the value
    /// they must have when one is given.
    pub query: &'static [(&'static str, Option<&'static str>)],
}

/// One segment of a route's path.
#[derive(Clone, Copy, Debug)]
pub enum Segment {
    /// Text that must be there.
    Literal(&'static str),
    /// One segment, the value of a label.
    Label(&'static str),
    /// One or more segments, the value of a greedy label (`{key+}`).
    Greedy(&'static str),
}

/// How specific a matched route is, compared segment by segment: a
/// literal beats a label, a label beats a greedy label; then more literal
/// query keys win (Smithy's precedence for overlapping patterns).
type Specificity = (Vec<u8>, usize);

/// Which of `routes` takes `request`, with its labels.
pub fn route(request: &ServerRequest, routes: &[Route]) -> Result<Routed, RouteError> {
    let segments: Vec<&str> = request.path().trim_start_matches('/').split('/').collect();
    let segments: &[&str] = if segments == [""] { &[] } else { &segments };
    let mut best: Option<(Specificity, usize, Labels)> = None;
    let mut path_matched = false;
    for (index, route) in routes.iter().enumerate() {
        let Some((rank, labels)) = match_path(route.segments, segments) else { continue };
        if !query_matches(route, request) {
            continue;
        }
        path_matched = true;
        if !route.method.eq_ignore_ascii_case(request.method()) {
            continue;
        }
        let specificity = (rank, route.query.len());
        if best.as_ref().is_none_or(|(current, _, _)| specificity > *current) {
            best = Some((specificity, index, labels));
        }
    }
    match best {
        Some((_, operation, labels)) => Ok(Routed { operation, labels }),
        None if path_matched => Err(RouteError::MethodNotAllowed),
        None => Err(RouteError::NotFound),
    }
}

fn query_matches(route: &Route, request: &ServerRequest) -> bool {
    route
        .query
        .iter()
        .all(|(key, value)| request.query().iter().any(|(k, v)| k == key && value.is_none_or(|value| v == value)))
}

/// The rank of each pattern segment (2 literal, 1 label, 0 greedy) and the
/// labels, when `pattern` matches `path`.
fn match_path(pattern: &[Segment], path: &[&str]) -> Option<(Vec<u8>, Labels)> {
    let decode = |text: &str| percent_encoding::percent_decode_str(text).decode_utf8().ok().map(|t| t.into_owned());
    let mut labels = Labels::new();
    let mut rank = Vec::new();
    let mut at = 0;
    for (index, segment) in pattern.iter().enumerate() {
        match segment {
            Segment::Literal(text) => {
                if path.get(at) != Some(text) {
                    return None;
                }
                rank.push(2);
                at += 1;
            }
            Segment::Label(name) => {
                let value = decode(path.get(at)?)?;
                if value.is_empty() {
                    return None;
                }
                labels.push((name, value));
                rank.push(1);
                at += 1;
            }
            Segment::Greedy(name) => {
                // As many segments as leave enough for the rest of the pattern.
                let rest = pattern.len() - index - 1;
                let end = path.len().checked_sub(rest)?;
                if end <= at {
                    return None;
                }
                let value = path[at..end].iter().map(|s| decode(s)).collect::<Option<Vec<_>>>()?.join("/");
                labels.push((name, value));
                rank.push(0);
                at = end;
            }
        }
    }
    (at == path.len()).then_some((rank, labels))
}

/// Where a member of a structure travels, for a server (its JSON name, as
/// the structure's serde form has it, and its binding).
#[derive(Clone, Copy, Debug)]
pub struct Bound {
    /// The member's JSON name.
    pub member: &'static str,
    /// Its binding.
    pub at: At,
}

/// A member's HTTP binding.
#[derive(Clone, Copy, Debug)]
pub enum At {
    /// A URI label (`{name}`), read as text of this kind.
    Label(&'static str, HeaderKind),
    /// A query key; a list kind repeats the key.
    Query(&'static str, HeaderKind),
    /// Every query parameter not bound otherwise, as a map (of lists when true).
    QueryParams(bool),
    /// A header; a list kind is comma-separated.
    Header(&'static str, HeaderKind),
    /// Every header with this prefix, as a map.
    PrefixHeaders(&'static str),
    /// The whole body, as this kind, with this content type.
    Payload(PayloadKind, &'static str),
    /// The whole body as a stream, with this content type.
    StreamingPayload(&'static str),
    /// The status code.
    ResponseCode,
}

/// Reads an input from a routed request: its bound members from the URI,
/// query, headers and payload; the rest from the JSON body when
/// `has_body` (an empty body reads as `{}`; unknown keys are ignored).
/// A streaming payload is left to the caller (`take_stream`).
pub fn read_input<T: DeserializeOwned>(
    request: &ServerRequest,
    labels: &Labels,
    bound: &[Bound],
    has_body: bool,
) -> Result<T, RequestError> {
    let mut object = Map::new();
    let body = request.body();
    if has_body && !body.iter().all(u8::is_ascii_whitespace) {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(members)) => object = members,
            Ok(_) => return Err(RequestError::new("the request body is not a JSON object")),
            Err(e) => return Err(RequestError::new(format!("the request body is not valid JSON: {e}"))),
        }
    }
    for Bound { member, at } in bound {
        let value = match *at {
            At::Label(name, kind) => match labels.iter().find(|(label, _)| *label == name) {
                Some((_, text)) => Some(text_value(text, kind).map_err(|e| bad(&format!("label `{name}`"), e))?),
                None => None,
            },
            At::Query(key, kind) => query_value(request, key, kind)?,
            At::QueryParams(lists) => {
                let mut map = Map::new();
                // Every parameter, those bound to members too (as Smithy's
                // servers read them): the map is what the query held.
                for (key, value) in request.query() {
                    let value = Value::String(value.clone());
                    match (lists, map.get_mut(key)) {
                        (true, Some(Value::Array(items))) => items.push(value),
                        (true, _) => drop(map.insert(key.clone(), Value::Array(vec![value]))),
                        // A key given twice keeps its first value.
                        (false, Some(_)) => {}
                        (false, None) => drop(map.insert(key.clone(), value)),
                    }
                }
                (!map.is_empty()).then_some(Value::Object(map))
            }
            At::Header(name, kind) => match request.header(name) {
                Some(text) => Some(header_value(text, kind).map_err(|e| bad(&format!("header `{name}`"), e))?),
                None => None,
            },
            At::PrefixHeaders(prefix) => {
                let headers = request.headers().iter().map(|(k, v)| (k.as_str(), v.as_str()));
                Some(prefix_headers(headers, prefix)).filter(|map| map.as_object().is_some_and(|m| !m.is_empty()))
            }
            At::Payload(kind, _) => match payload_value(body, kind).map_err(|e| bad("the payload", e))? {
                Some(Value::Object(members)) if members.is_empty() && matches!(kind, PayloadKind::Structure) => None,
                value => value,
            },
            At::StreamingPayload(_) | At::ResponseCode => None,
        };
        match value {
            Some(value) => drop(object.insert((*member).to_owned(), value)),
            // A bound member the request does not carry is absent, not what
            // a body happened to say under its name.
            None => drop(object.remove(*member)),
        }
    }
    crate::de::from_value_tracked(Value::Object(object))
        .map_err(|e| RequestError::new(format!("the request does not match the input shape: {e}")))
}

fn bad(what: &str, message: String) -> RequestError {
    RequestError::new(format!("{what}: {message}"))
}

/// A label's or query value's text as JSON: as a header's, but a string
/// keeps its spaces.
fn text_value(text: &str, kind: HeaderKind) -> Result<Value, String> {
    match kind {
        HeaderKind::String => Ok(Value::String(text.to_owned())),
        _ => header_value(text, kind),
    }
}

fn query_value(request: &ServerRequest, key: &str, kind: HeaderKind) -> Result<Option<Value>, RequestError> {
    let mut values = request.query().iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).peekable();
    if values.peek().is_none() {
        return Ok(None);
    }
    let convert = |text: &str, kind| text_value(text, kind).map_err(|e| bad(&format!("query `{key}`"), e));
    Ok(Some(match kind {
        HeaderKind::List(item) => Value::Array(values.map(|text| convert(text, *item)).collect::<Result<_, _>>()?),
        kind => convert(values.next().unwrap_or_default(), kind)?,
    }))
}

/// Writes an output: its bound members into the status, headers and payload
/// (or `stream`, a streaming payload taken out of it), the rest into the
/// JSON body when `has_body`.
pub fn write_output<T: Serialize>(
    status: u16,
    output: &T,
    bound: &[Bound],
    has_body: bool,
    stream: Option<ByteStream>,
) -> Result<ServerResponse, ConstructionError> {
    let mut object = match serde_json::to_value(output) {
        Ok(Value::Object(object)) => object,
        Ok(_) => return Err(ConstructionError::new("the output did not serialize to a JSON object")),
        Err(e) => return Err(ConstructionError::with_source("cannot serialize the output", e)),
    };
    let mut response = ServerResponse::new(status);
    let mut body = None;
    for Bound { member, at } in bound {
        let value = object.remove(*member);
        match (*at, value) {
            (At::Header(name, kind), Some(value)) => {
                let text = value_text(&value, kind).map_err(|e| ConstructionError::new(format!("`{member}`: {e}")))?;
                response = response.header(name, text);
            }
            (At::PrefixHeaders(prefix), Some(Value::Object(map))) => {
                for (key, value) in map {
                    let text = value.as_str().map(str::to_owned).unwrap_or_else(|| value.to_string());
                    response = response.header(format!("{prefix}{key}"), text);
                }
            }
            (At::ResponseCode, Some(value)) => {
                let code = value.as_u64().and_then(|code| u16::try_from(code).ok()).filter(|code| *code >= 100);
                response = response.with_status(code.ok_or_else(|| {
                    ConstructionError::new(format!("`{member}` = {value} is not an HTTP status code"))
                })?);
            }
            (At::Payload(kind, content_type), Some(value)) if !value.is_null() => {
                body = Some((payload_bytes(&value, kind)?, content_type));
            }
            _ => {}
        }
    }
    let streaming = bound.iter().find_map(|b| match b.at {
        At::StreamingPayload(content_type) => Some(content_type),
        _ => None,
    });
    if let (Some(content_type), Some(stream)) = (streaming, stream) {
        let response = response.header("Content-Type", content_type);
        let response = match stream.length() {
            Some(length) => response.header("Content-Length", length.to_string()),
            None => response,
        };
        return Ok(response.stream_body(stream));
    }
    Ok(match body {
        Some((bytes, content_type)) => response.header("Content-Type", content_type).body(bytes),
        None if has_body => response.header("Content-Type", "application/json").body(Value::Object(object).to_string()),
        None => response,
    })
}

/// Writes a modelled error: [`write_output`] with its status, named by
/// `X-Amzn-Errortype`.
pub fn write_error<T: Serialize>(
    status: u16,
    code: &str,
    error: &T,
    bound: &[Bound],
    has_body: bool,
) -> Result<ServerResponse, ConstructionError> {
    Ok(write_output(status, error, bound, has_body, None)?.header("X-Amzn-Errortype", code))
}

fn payload_bytes(value: &Value, kind: PayloadKind) -> Result<bytes::Bytes, ConstructionError> {
    Ok(match (kind, value) {
        (PayloadKind::Bytes, Value::String(base64)) => crate::encoding::decode_base64(base64)
            .map_err(|e| ConstructionError::with_source("the blob payload is not base64", e))?
            .into(),
        (PayloadKind::Text, Value::String(text)) => text.clone().into(),
        (PayloadKind::Json | PayloadKind::Structure, value) => value.to_string().into(),
        (_, other) => return Err(ConstructionError::new(format!("the payload {other} is not of its kind"))),
    })
}

/// A member's JSON value as the text of a header.
fn value_text(value: &Value, kind: HeaderKind) -> Result<String, String> {
    Ok(match (kind, value) {
        (HeaderKind::String | HeaderKind::Prefix, Value::String(text)) => text.clone(),
        (HeaderKind::Base64String, Value::String(text)) => crate::encoding::encode_base64(text.as_bytes()),
        (HeaderKind::Scalar, Value::Number(_) | Value::Bool(_)) => value.to_string(),
        (HeaderKind::Float, Value::Number(number)) => {
            crate::encoding::float_text(number.as_f64().ok_or("not a number")?)
        }
        (HeaderKind::Float, Value::String(text)) => text.clone(),
        (HeaderKind::Timestamp { header, json }, value) => {
            let time = match (json, value) {
                (TimestampFormat::EpochSeconds, Value::Number(seconds)) => {
                    DateTime::from_secs_f64(seconds.as_f64().ok_or("not a number")?).ok_or("out of range")?
                }
                (format, Value::String(text)) => DateTime::parse(text, format).map_err(|e| e.to_string())?,
                _ => return Err(format!("{value} is not a timestamp")),
            };
            time.format(header).map_err(|e| e.to_string())?
        }
        (HeaderKind::List(item), Value::Array(items)) => {
            let texts = items.iter().map(|item_value| value_text(item_value, *item)).collect::<Result<Vec<_>, _>>()?;
            header_list(&texts, matches!(item, HeaderKind::String))
        }
        (_, other) => return Err(format!("{other} cannot be written as a header")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROUTES: &[Route] = &[
        Route { method: "GET", segments: &[Segment::Literal("things"), Segment::Label("id")], query: &[] },
        Route { method: "GET", segments: &[Segment::Literal("things"), Segment::Literal("special")], query: &[] },
        Route { method: "PUT", segments: &[Segment::Literal("things"), Segment::Label("id")], query: &[] },
        Route {
            method: "GET",
            segments: &[Segment::Literal("files"), Segment::Greedy("key"), Segment::Literal("meta")],
            query: &[],
        },
        Route { method: "GET", segments: &[Segment::Literal("things")], query: &[("type", Some("all"))] },
        Route { method: "GET", segments: &[Segment::Literal("things")], query: &[] },
    ];

    fn routed(method: &str, target: &str) -> Result<Routed, RouteError> {
        route(&ServerRequest::new(method, target, Vec::<(String, String)>::new(), ""), ROUTES)
    }

    #[test]
    fn the_most_specific_route_wins_and_labels_are_decoded() {
        assert_eq!(routed("GET", "/things/a%20b"), Ok(Routed { operation: 0, labels: vec![("id", "a b".into())] }));
        assert_eq!(routed("GET", "/things/special"), Ok(Routed { operation: 1, labels: vec![] }));
        assert_eq!(routed("PUT", "/things/x").map(|r| r.operation), Ok(2));
        let greedy = routed("GET", "/files/a/b%2Fc/meta").unwrap();
        assert_eq!((greedy.operation, greedy.labels), (3, vec![("key", "a/b/c".into())]));
        assert_eq!(routed("GET", "/things?type=all").map(|r| r.operation), Ok(4));
        assert_eq!(routed("GET", "/things?type=some").map(|r| r.operation), Ok(5));
    }

    #[test]
    fn unknown_paths_are_not_found_and_known_ones_with_another_method_not_allowed() {
        assert_eq!(routed("GET", "/nothing"), Err(RouteError::NotFound));
        assert_eq!(routed("GET", "/files/meta"), Err(RouteError::NotFound));
        assert_eq!(routed("DELETE", "/things/x"), Err(RouteError::MethodNotAllowed));
    }
}
