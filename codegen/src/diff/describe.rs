//! Values described for people: types, members, constraints, bindings.

use serde_json::Value;

use crate::ir::{
    Binding, EnumValue, Http, Length, Member, Pagination, Range, TimestampFormat, TypeRef, ValueType, Waiter,
};

/// `GET /things/{id}`.
pub(crate) fn route(http: &Http) -> String {
    format!("{} {}", http.method, http.uri)
}

/// `string`, `SecurityGroup`, `list<string>`, `sparse map<string, integer>`.
pub(crate) fn type_ref(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Simple(simple) => simple.type_name().to_owned(),
        TypeRef::Named(id) => id.name().to_owned(),
        TypeRef::Unit => "unit".to_owned(),
        TypeRef::List { item, sparse, .. } => {
            format!("{}list<{}>", if *sparse { "sparse " } else { "" }, type_ref(&item.ty))
        }
        TypeRef::Map { key, value, sparse } => {
            format!("{}map<{}, {}>", if *sparse { "sparse " } else { "" }, type_ref(&key.ty), type_ref(&value.ty))
        }
    }
}

/// A member as a reader of the new API sees it:
/// `integer, optional, range(min: 0, max: 100)`.
pub(crate) fn member(member: &Member) -> String {
    let mut parts = vec![type_ref(&member.value.ty)];
    parts.push(if member.required { "required" } else { "optional" }.to_owned());
    if let Some(default) = &member.default {
        parts.push(format!("default {}", json(default)));
    }
    if !matches!(member.binding, Binding::Body) {
        parts.push(binding(&member.binding));
    }
    parts.extend(constraints(&member.value));
    parts.join(", ")
}

/// The constraints on a value, one phrase each.
fn constraints(value: &ValueType) -> Vec<String> {
    let constraints = &value.constraints;
    let mut parts = Vec::new();
    parts.extend(constraints.length.as_ref().map(length));
    parts.extend(constraints.range.as_ref().map(range));
    parts.extend(constraints.pattern.as_ref().map(|pattern| format!("pattern {}", pattern.model)));
    parts
}

/// `length(min: 1, max: 20)`; `none` when absent.
pub(crate) fn length(length: &Length) -> String {
    bounds("length", length.min.map(|min| min.to_string()), length.max.map(|max| max.to_string()))
}

/// `range(min: 0, max: 100)`.
pub(crate) fn range(range: &Range) -> String {
    bounds("range", range.min.as_ref().map(ToString::to_string), range.max.as_ref().map(ToString::to_string))
}

fn bounds(name: &str, min: Option<String>, max: Option<String>) -> String {
    let parts: Vec<String> =
        [min.map(|min| format!("min: {min}")), max.map(|max| format!("max: {max}"))].into_iter().flatten().collect();
    format!("{name}({})", parts.join(", "))
}

/// `body`, `label`, `query "name"`, `header "X-Name"`, ….
pub(crate) fn binding(binding: &Binding) -> String {
    match binding {
        Binding::Label => "label".to_owned(),
        Binding::Query(name) => format!("query \"{name}\""),
        Binding::QueryParams => "query params".to_owned(),
        Binding::Header(name) => format!("header \"{name}\""),
        Binding::PrefixHeaders(prefix) => format!("prefix headers \"{prefix}\""),
        Binding::Payload => "payload".to_owned(),
        Binding::ResponseCode => "response code".to_owned(),
        Binding::Body => "body".to_owned(),
    }
}

/// `date-time`, `http-date`, `epoch-seconds`, or `protocol default`.
pub(crate) fn timestamp_format(format: Option<TimestampFormat>) -> String {
    match format {
        Some(TimestampFormat::DateTime) => "date-time",
        Some(TimestampFormat::HttpDate) => "http-date",
        Some(TimestampFormat::EpochSeconds) => "epoch-seconds",
        None => "protocol default",
    }
    .to_owned()
}

/// `ACTIVE`, or `ACTIVE ("active")` when the wire value differs from the
/// name, or `HIGH (3)` for intEnums.
pub(crate) fn enum_value(value: &EnumValue) -> String {
    match &value.value {
        Value::String(text) if *text == value.name => value.name.clone(),
        other => format!("{} ({})", value.name, json(other)),
    }
}

/// `inputToken: nextToken, outputToken: nextToken, items: users, pageSize: maxResults`.
pub(crate) fn waiter(waiter: &Waiter) -> String {
    let acceptors = crate::emit::describe::acceptor_lines(waiter).join("; ");
    format!("{} ({}–{} s): {acceptors}", waiter.name, waiter.min_delay, waiter.max_delay)
}

pub(crate) fn pagination(pagination: &Pagination) -> String {
    let path = |path: &Option<Vec<String>>| path.as_ref().map(|path| path.join("."));
    let parts: Vec<String> = [
        ("inputToken", pagination.input_token.clone()),
        ("outputToken", path(&pagination.output_token)),
        ("items", path(&pagination.items)),
        ("pageSize", pagination.page_size.clone()),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|value| format!("{name}: {value}")))
    .collect();
    if parts.is_empty() { "paginated".to_owned() } else { parts.join(", ") }
}

/// A JSON value on one line.
pub(crate) fn json(value: &Value) -> String {
    value.to_string()
}

/// `true` or `false`.
pub(crate) fn flag(value: bool) -> String {
    value.to_string()
}
