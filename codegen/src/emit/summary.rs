//! Plain-language descriptions shared by the docs emitters: a value's type,
//! its constraints, its HTTP binding, and an operation's route, errors and
//! constrained request members.

use std::collections::BTreeSet;

use crate::ir::{Binding, Constraints, Ir, Operation, Role, ShapeId, ShapeKind, SimpleType, TypeRef, ValueType};

/// A value's type in words, with named shapes linked through `link`.
pub fn type_text(ir: &Ir, value: &ValueType, link: &dyn Fn(&str) -> String) -> String {
    match &value.ty {
        TypeRef::Simple(SimpleType::Timestamp) => match value.timestamp_format {
            Some(format) => format!("timestamp ({})", format_name(format)),
            None => "timestamp".to_owned(),
        },
        TypeRef::Simple(simple) => simple.type_name().to_owned(),
        TypeRef::Named(id) => link(super::rust_types::rust_name(ir, id)),
        TypeRef::List { item, .. } => format!("list of {}", type_text(ir, item, link)),
        TypeRef::Map { key, value, .. } => {
            format!("map of {} to {}", type_text(ir, key, link), type_text(ir, value, link))
        }
    }
}

fn format_name(format: crate::ir::TimestampFormat) -> &'static str {
    match format {
        crate::ir::TimestampFormat::DateTime => "date-time",
        crate::ir::TimestampFormat::HttpDate => "http-date",
        crate::ir::TimestampFormat::EpochSeconds => "epoch-seconds",
    }
}

/// A value's own constraints in words (`length 1..=20 characters`, `range 1..=100`).
pub fn constraints_text(value: &ValueType) -> Vec<String> {
    let Constraints { length, range, pattern } = &value.constraints;
    let mut out = Vec::new();
    if let Some(length) = length {
        let unit = match value.ty {
            TypeRef::Simple(SimpleType::String) => " characters",
            TypeRef::Simple(SimpleType::Blob) => " bytes",
            _ => " items",
        };
        out.push(format!(
            "length {}{unit}",
            bounds(length.min.map(|n| n.to_string()), length.max.map(|n| n.to_string()))
        ));
    }
    if let Some(range) = range {
        out.push(format!(
            "range {}",
            bounds(range.min.as_ref().map(|n| n.to_string()), range.max.as_ref().map(|n| n.to_string()))
        ));
    }
    if let Some(pattern) = pattern {
        out.push(format!("pattern `{pattern}`"));
    }
    out
}

fn bounds(min: Option<String>, max: Option<String>) -> String {
    match (min, max) {
        (Some(min), Some(max)) if min == max => format!("exactly {min}"),
        (Some(min), Some(max)) => format!("{min}..={max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => String::new(),
    }
}

/// Where a member travels.
pub fn binding_text(binding: &Binding) -> String {
    match binding {
        Binding::Label => "path label".to_owned(),
        Binding::Query(key) => format!("query `{key}`"),
        Binding::QueryParams => "query parameters".to_owned(),
        Binding::Header(name) => format!("header `{name}`"),
        Binding::PrefixHeaders(prefix) => format!("headers `{prefix}*`"),
        Binding::Payload => "body (payload)".to_owned(),
        Binding::ResponseCode => "status code".to_owned(),
        Binding::Body => "body".to_owned(),
    }
}

/// The first paragraph of some docs, on one line.
pub fn first_paragraph(docs: &Option<String>) -> String {
    docs.as_deref()
        .and_then(|text| text.split("\n\n").next())
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Markdown appended to an operation's docs: route, errors, constrained
/// request members (nested ones by path) and pagination.
pub fn operation_summary(ir: &Ir, op: &Operation) -> String {
    let mut text = format!("`{} {}`", op.http.method, op.http.uri);
    if !op.errors.is_empty() {
        text.push_str("\n\nErrors:");
        for error in &op.errors {
            let status = match ir.structure(error).map(|s| &s.role) {
                Some(Role::Error { status: Some(status), .. }) => format!(" (HTTP {status})"),
                _ => String::new(),
            };
            text.push_str(&format!("\n- `{}`{status}", super::rust_types::rust_name(ir, error)));
        }
    }
    let mut constrained = Vec::new();
    collect_constraints(ir, &op.input, "", &mut BTreeSet::new(), &mut constrained);
    if !constrained.is_empty() {
        text.push_str("\n\nConstraints (checked before sending):");
        for (path, rules) in constrained {
            text.push_str(&format!("\n- `{path}`: {}", rules.join(", ")));
        }
    }
    if let Some((Some(input), Some(output))) =
        op.pagination.as_ref().map(|p| (p.input_token.as_ref(), p.output_token.as_ref()))
    {
        text.push_str(&format!("\n\nPaginated: `{}` → `{input}`.", output.join(".")));
    }
    text
}

/// Every constrained or required member reachable from a structure, by path.
fn collect_constraints(
    ir: &Ir,
    id: &ShapeId,
    prefix: &str,
    seen: &mut BTreeSet<ShapeId>,
    out: &mut Vec<(String, Vec<String>)>,
) {
    if !seen.insert(id.clone()) {
        return;
    }
    if let Some(ShapeKind::Structure(structure)) = ir.shape(id).map(|s| &s.kind) {
        for member in &structure.members {
            let path = if prefix.is_empty() { member.name.clone() } else { format!("{prefix}.{}", member.name) };
            collect_value(ir, &member.value, &path, member.required, seen, out);
        }
    }
    seen.remove(id);
}

fn collect_value(
    ir: &Ir,
    value: &ValueType,
    path: &str,
    required: bool,
    seen: &mut BTreeSet<ShapeId>,
    out: &mut Vec<(String, Vec<String>)>,
) {
    let mut rules = constraints_text(value);
    if required {
        rules.insert(0, "required".to_owned());
    }
    if !rules.is_empty() {
        out.push((path.to_owned(), rules));
    }
    match &value.ty {
        TypeRef::Named(id) => collect_constraints(ir, id, path, seen, out),
        TypeRef::List { item, .. } => collect_value(ir, item, &format!("{path}[]"), false, seen, out),
        TypeRef::Map { value, .. } => collect_value(ir, value, &format!("{path}{{}}"), false, seen, out),
        TypeRef::Simple(_) => {}
    }
}
