//! Typed readings of the traits the generator acts on. Each reader returns a
//! message (without location) when the trait value has the wrong shape; the
//! validator adds the location.

use serde_json::{Number, Value};

use super::uri::UriPattern;
use super::{Member, Shape, Traits};

/// Trait ids the generator reads.
pub mod id {
    #![allow(missing_docs)]
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    pub const REQUIRED: &str = "smithy.api#required";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const LENGTH: &str = "smithy.api#length";
    pub const RANGE: &str = "smithy.api#range";
    pub const PATTERN: &str = "smithy.api#pattern";
    pub const UNIQUE_ITEMS: &str = "smithy.api#uniqueItems";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const JSON_NAME: &str = "smithy.api#jsonName";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const HTTP: &str = "smithy.api#http";
    pub const HTTP_ERROR: &str = "smithy.api#httpError";
    pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
    pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
    pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
    pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
    pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
    pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
    pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
    pub const ERROR: &str = "smithy.api#error";
    pub const PAGINATED: &str = "smithy.api#paginated";
    pub const WAITABLE: &str = "smithy.waiters#waitable";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const IDEMPOTENT: &str = "smithy.api#idempotent";
    pub const READONLY: &str = "smithy.api#readonly";
    pub const TITLE: &str = "smithy.api#title";
    pub const INPUT: &str = "smithy.api#input";
    pub const OUTPUT: &str = "smithy.api#output";
    pub const MIXIN: &str = "smithy.api#mixin";
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    pub const RETRYABLE: &str = "smithy.api#retryable";
    pub const ENDPOINT_RULE_SET: &str = "smithy.rules#endpointRuleSet";
    pub const AWS_SERVICE: &str = "aws.api#service";
    pub const SIGV4: &str = "aws.auth#sigv4";
    pub const REST_JSON1: &str = "aws.protocols#restJson1";
    pub const MEDIA_TYPE: &str = "smithy.api#mediaType";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const HOST_LABEL: &str = "smithy.api#hostLabel";
    pub const HTTP_CHECKSUM_REQUIRED: &str = "smithy.api#httpChecksumRequired";
    pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
    pub const STREAMING: &str = "smithy.api#streaming";
    pub const REQUIRES_LENGTH: &str = "smithy.api#requiresLength";
}

/// The `http` trait of an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Http {
    /// The HTTP method, upper case.
    pub method: String,
    /// The parsed URI pattern.
    pub uri: UriPattern,
    /// The success status code (200 unless stated).
    pub code: u16,
}

/// Reads an operation's `http` trait, if it has one.
pub fn http(traits: &Traits) -> Result<Option<Http>, String> {
    let Some(value) = traits.get(id::HTTP) else { return Ok(None) };
    let method = value
        .get("method")
        .and_then(Value::as_str)
        .filter(|method| !method.is_empty() && method.chars().all(|c| c.is_ascii_uppercase()))
        .ok_or("the `http` trait needs an upper-case `method` string")?;
    let uri = value.get("uri").and_then(Value::as_str).ok_or("the `http` trait needs a `uri` string")?;
    let uri = UriPattern::parse(uri)?;
    let code = match value.get("code") {
        None => 200,
        Some(code) => code
            .as_u64()
            .and_then(|code| u16::try_from(code).ok())
            .filter(|code| (100..600).contains(code))
            .ok_or("the `http` trait's `code` must be an HTTP status code")?,
    };
    Ok(Some(Http { method: method.to_owned(), uri, code }))
}

/// Where an input or output member travels in an HTTP message.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Binding {
    /// In a URI path label.
    Label,
    /// In the query string under this key.
    Query(String),
    /// A map spread over the query string.
    QueryParams,
    /// In the header of this name.
    Header(String),
    /// A map spread over headers that start with this prefix.
    PrefixHeaders(String),
    /// The whole body.
    Payload,
    /// The HTTP status code (output only).
    ResponseCode,
    /// A property of the JSON body.
    Body,
}

/// Reads a member's HTTP binding; more than one binding trait is an error.
pub fn binding(member: &Member) -> Result<Binding, String> {
    let traits = &member.traits;
    let mut found = Vec::new();
    if traits.contains_key(id::HTTP_LABEL) {
        found.push(Binding::Label);
    }
    if let Some(value) = traits.get(id::HTTP_QUERY) {
        let name = non_empty_string(value).ok_or("`httpQuery` must be a non-empty string")?;
        found.push(Binding::Query(name.to_owned()));
    }
    if traits.contains_key(id::HTTP_QUERY_PARAMS) {
        found.push(Binding::QueryParams);
    }
    if let Some(value) = traits.get(id::HTTP_HEADER) {
        let name = non_empty_string(value).ok_or("`httpHeader` must be a non-empty string")?;
        found.push(Binding::Header(name.to_owned()));
    }
    if let Some(value) = traits.get(id::HTTP_PREFIX_HEADERS) {
        let prefix = value.as_str().ok_or("`httpPrefixHeaders` must be a string")?;
        found.push(Binding::PrefixHeaders(prefix.to_owned()));
    }
    if traits.contains_key(id::HTTP_PAYLOAD) {
        found.push(Binding::Payload);
    }
    if traits.contains_key(id::HTTP_RESPONSE_CODE) {
        found.push(Binding::ResponseCode);
    }
    match found.len() {
        0 => Ok(Binding::Body),
        1 => Ok(found.remove(0)),
        _ => Err("the member has more than one HTTP binding trait".to_owned()),
    }
}

fn non_empty_string(value: &Value) -> Option<&str> {
    value.as_str().filter(|text| !text.is_empty())
}

/// The `length` trait: bounds on characters, items or bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Length {
    /// Inclusive lower bound.
    pub min: Option<u64>,
    /// Inclusive upper bound.
    pub max: Option<u64>,
}

/// Reads a `length` trait, if present.
pub fn length(traits: &Traits) -> Result<Option<Length>, String> {
    let Some(value) = traits.get(id::LENGTH) else { return Ok(None) };
    let bound = |key: &str| match value.get(key) {
        None => Ok(None),
        Some(bound) => bound.as_u64().map(Some).ok_or(format!("`length.{key}` must be a non-negative integer")),
    };
    let length = Length { min: bound("min")?, max: bound("max")? };
    match length {
        Length { min: None, max: None } => Err("`length` needs `min` or `max`".to_owned()),
        Length { min: Some(min), max: Some(max) } if min > max => Err(format!("`length` min {min} exceeds max {max}")),
        length => Ok(Some(length)),
    }
}

/// The `range` trait: bounds on a number.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Range {
    /// Inclusive lower bound.
    pub min: Option<Number>,
    /// Inclusive upper bound.
    pub max: Option<Number>,
}

/// Reads a `range` trait, if present.
pub fn range(traits: &Traits) -> Result<Option<Range>, String> {
    let Some(value) = traits.get(id::RANGE) else { return Ok(None) };
    let bound = |key: &str| match value.get(key) {
        None => Ok(None),
        Some(Value::Number(number)) => Ok(Some(number.clone())),
        Some(_) => Err(format!("`range.{key}` must be a number")),
    };
    let range = Range { min: bound("min")?, max: bound("max")? };
    match (&range.min, &range.max) {
        (None, None) => Err("`range` needs `min` or `max`".to_owned()),
        (Some(min), Some(max)) if min.as_f64() > max.as_f64() => Err(format!("`range` min {min} exceeds max {max}")),
        _ => Ok(Some(range)),
    }
}

/// Reads a `pattern` trait, if present; `ir::pattern` translates it for the runtime.
pub fn pattern(traits: &Traits) -> Result<Option<String>, String> {
    let Some(value) = traits.get(id::PATTERN) else { return Ok(None) };
    let pattern = value.as_str().ok_or("`pattern` must be a string")?;
    Ok(Some(pattern.to_owned()))
}

/// Whether a pattern matches every string (`^[\S\s]*$` and the like): such a
/// pattern constrains nothing, so there is nothing to check or document.
pub fn pattern_accepts_everything(pattern: &str) -> bool {
    fn overlap(low: u32, high: u32, hole_low: u32, hole_high: u32) -> u32 {
        let (start, end) = (low.max(hole_low), high.min(hole_high));
        if start > end { 0 } else { end - start + 1 }
    }
    use regex_syntax::hir::{Class, HirKind, Look};
    let Ok(hir) = regex_syntax::parse(pattern) else { return false };
    let parts: Vec<&regex_syntax::hir::Hir> = match hir.kind() {
        HirKind::Concat(parts) => parts.iter().collect(),
        _ => vec![&hir],
    };
    let is_anchor = |h: &regex_syntax::hir::Hir| matches!(h.kind(), HirKind::Look(Look::Start | Look::End));
    let core: Vec<_> = parts.into_iter().filter(|h| !is_anchor(h)).collect();
    let [only] = core.as_slice() else { return false };
    let HirKind::Repetition(repetition) = only.kind() else { return false };
    if repetition.min != 0 || repetition.max.is_some() {
        return false;
    }
    match repetition.sub.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            // Every scalar value, however the ranges split at the surrogates.
            let scalars = |low: u32, high: u32| (high - low + 1) - overlap(low, high, 0xD800, 0xDFFF);
            let count: u32 = class.ranges().iter().map(|range| scalars(range.start() as u32, range.end() as u32)).sum();
            count == 0x11_0000 - 0x800
        }
        _ => false,
    }
}

/// How a timestamp is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimestampFormat {
    /// RFC 3339 with `Z`.
    DateTime,
    /// RFC 7231 IMF-fixdate.
    HttpDate,
    /// Seconds since the Unix epoch, with optional fraction.
    EpochSeconds,
}

/// Reads a `timestampFormat` trait, if present.
pub fn timestamp_format(traits: &Traits) -> Result<Option<TimestampFormat>, String> {
    let Some(value) = traits.get(id::TIMESTAMP_FORMAT) else { return Ok(None) };
    match value.as_str() {
        Some("date-time") => Ok(Some(TimestampFormat::DateTime)),
        Some("http-date") => Ok(Some(TimestampFormat::HttpDate)),
        Some("epoch-seconds") => Ok(Some(TimestampFormat::EpochSeconds)),
        _ => Err("`timestampFormat` must be `date-time`, `http-date` or `epoch-seconds`".to_owned()),
    }
}

/// The `paginated` trait (an operation's, merged over the service's).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Paginated {
    /// Input member that carries the continuation token.
    pub input_token: Option<String>,
    /// Output member path (`a.b`) of the next token.
    pub output_token: Option<String>,
    /// Output member path of the page's items.
    pub items: Option<String>,
    /// Input member that limits the page size.
    pub page_size: Option<String>,
}

/// Reads a `paginated` trait value.
pub fn paginated(value: &Value) -> Result<Paginated, String> {
    if !value.is_object() {
        return Err("`paginated` must be an object".to_owned());
    }
    let field = |key: &str| match value.get(key) {
        None => Ok(None),
        Some(Value::String(text)) if !text.is_empty() => Ok(Some(text.clone())),
        Some(_) => Err(format!("`paginated.{key}` must be a non-empty string")),
    };
    Ok(Paginated {
        input_token: field("inputToken")?,
        output_token: field("outputToken")?,
        items: field("items")?,
        page_size: field("pageSize")?,
    })
}

impl Paginated {
    /// This (operation-level) trait with gaps filled from the service's.
    pub fn or(self, service: &Paginated) -> Paginated {
        Paginated {
            input_token: self.input_token.or_else(|| service.input_token.clone()),
            output_token: self.output_token.or_else(|| service.output_token.clone()),
            items: self.items.or_else(|| service.items.clone()),
            page_size: self.page_size.or_else(|| service.page_size.clone()),
        }
    }
}

/// The documentation string of a shape or member.
pub fn documentation(traits: &Traits) -> Option<&str> {
    traits.get(id::DOCUMENTATION).and_then(Value::as_str)
}

/// Whether a shape is an error, and which side's fault: `client` or `server`.
pub fn error(shape: &Shape) -> Option<&str> {
    shape.traits.get(id::ERROR).and_then(Value::as_str)
}
