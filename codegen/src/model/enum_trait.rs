//! Smithy 1.0's `@enum` trait on a string shape, read as the `enum` shape
//! Smithy 2.0 replaced it with, so everything after loading — the IR, the
//! open Rust enum, validation, the diff — treats both forms alike.
//!
//! Each entry becomes a member: its `name` (or, when the entries have none,
//! one made from the value, as Smithy's own 1.0 → 2.0 upgrade does) with
//! `@enumValue` set to its `value`, its documentation, and `@deprecated`
//! when the entry is deprecated. Tags are dropped; they change nothing.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::{Member, Model, ModelError, ShapeId, ShapeKind, SimpleType, prelude};

const ENUM: &str = "smithy.api#enum";
const ENUM_VALUE: &str = "smithy.api#enumValue";
const DOCUMENTATION: &str = "smithy.api#documentation";
const DEPRECATED: &str = "smithy.api#deprecated";

/// Turns every string shape with `@enum` into an `enum` shape; a malformed
/// trait is an error naming the shape.
pub fn upgrade(model: &mut Model, errors: &mut Vec<ModelError>) {
    let ids: Vec<ShapeId> = model
        .shapes
        .values()
        .filter(|shape| matches!(shape.kind, ShapeKind::Simple(SimpleType::String)) && shape.traits.contains_key(ENUM))
        .map(|shape| shape.id.clone())
        .collect();
    for id in ids {
        let Some(shape) = model.shapes.get_mut(&id) else { continue };
        let entries = shape.traits.remove(ENUM).unwrap_or_default();
        match members(&entries) {
            Ok(members) => shape.kind = ShapeKind::Enum(members),
            Err(message) => errors.push(ModelError::new(id.to_string(), format!("`@enum`: {message}"))),
        }
    }
}

fn members(entries: &Value) -> Result<BTreeMap<String, Member>, String> {
    let entries = entries.as_array().ok_or("the trait must be a list of entries")?;
    if entries.is_empty() {
        return Err("the trait lists no values".to_owned());
    }
    let mut members = BTreeMap::new();
    let mut taken = BTreeSet::new();
    for (index, entry) in entries.iter().enumerate() {
        let value = entry
            .get("value")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("entry {} has no string `value`", index + 1))?;
        let name = match entry.get("name").and_then(Value::as_str) {
            Some(name) => name.to_owned(),
            None => name_from_value(value),
        };
        // Two values that make the same name (`t2.micro`, `t2-micro`) keep both.
        let mut unique = name.clone();
        let mut suffix = 2;
        while !taken.insert(unique.clone()) {
            unique = format!("{name}_{suffix}");
            suffix += 1;
        }
        let mut traits = BTreeMap::from([(ENUM_VALUE.to_owned(), json!(value))]);
        if let Some(docs) = entry.get("documentation").and_then(Value::as_str) {
            traits.insert(DOCUMENTATION.to_owned(), json!(docs));
        }
        if entry.get("deprecated").and_then(Value::as_bool) == Some(true) {
            traits.insert(DEPRECATED.to_owned(), json!({}));
        }
        let member = Member { name: unique.clone(), target: ShapeId::new(prelude::PRELUDE, "Unit"), traits };
        members.insert(unique, member);
    }
    Ok(members)
}

/// A member name made from an enum value: letters and digits upper-cased,
/// anything else an underscore, runs of them one; a leading digit (or an
/// empty result) gets a leading letter, since a member name starts with one.
fn name_from_value(value: &str) -> String {
    let mut name = String::new();
    for c in value.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_uppercase());
        } else if !name.ends_with('_') {
            name.push('_');
        }
    }
    let name = name.trim_matches('_').to_owned();
    match name.chars().next() {
        None => "EMPTY".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("V{name}"),
        Some(_) => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_values_when_entries_have_none() {
        assert_eq!(name_from_value("t2.micro"), "T2_MICRO");
        assert_eq!(name_from_value("  In Progress "), "IN_PROGRESS");
        assert_eq!(name_from_value("5xx"), "V5XX");
        assert_eq!(name_from_value("--"), "EMPTY");
        let entries = json!([{"value": "t2.micro"}, {"value": "t2-micro"}]);
        let names: Vec<_> = members(&entries).unwrap().into_keys().collect();
        assert_eq!(names, ["T2_MICRO", "T2_MICRO_2"]);
    }

    #[test]
    fn malformed_traits_say_what_is_wrong() {
        assert_eq!(members(&json!({})).unwrap_err(), "the trait must be a list of entries");
        assert_eq!(members(&json!([])).unwrap_err(), "the trait lists no values");
        assert_eq!(members(&json!([{"name": "A"}])).unwrap_err(), "entry 1 has no string `value`");
    }
}
