//! Trait values the generator reads must have the shape the spec gives them,
//! and constraint traits must fit the type they constrain.

use serde_json::Value;

use crate::model::traits::{self, id};
use crate::model::{Member, Model, ModelError, Shape, ShapeKind, SimpleType, Traits};

pub fn check(model: &Model, errors: &mut Vec<ModelError>) {
    for shape in model.shapes.values().filter(|shape| !shape.id.is_prelude()) {
        let at = shape.id.to_string();
        check_common(&at, &shape.traits, Some(shape), errors);
        if let Err(message) = traits::http(&shape.traits) {
            errors.push(ModelError::new(&at, message));
        }
        if let Some(Err(message)) = shape.traits.get(id::PAGINATED).map(traits::paginated) {
            errors.push(ModelError::new(&at, message));
        }
        if let Some(Err(message)) = shape.traits.get(id::WAITABLE).map(crate::model::waitable::waitable) {
            errors.push(ModelError::new(&at, message));
        }
        if shape.traits.get(id::HTTP_ERROR).is_some_and(|code| !code.as_u64().is_some_and(|c| (400..600).contains(&c)))
        {
            errors.push(ModelError::new(&at, "`httpError` must be a status code from 400 to 599"));
        }
        if shape.traits.get(id::ERROR).is_some_and(|kind| !matches!(kind.as_str(), Some("client" | "server"))) {
            errors.push(ModelError::new(&at, "`error` must be \"client\" or \"server\""));
        }
        match &shape.kind {
            ShapeKind::Enum(members) | ShapeKind::IntEnum(members) => check_enum(shape, members.values(), errors),
            ShapeKind::Simple(_) | ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => {}
            _ => {
                for member in shape.members() {
                    let at = shape.id.member(&member.name);
                    check_common(&at, &member.traits, model.shape(&member.target), errors);
                    if let Err(message) = traits::binding(member) {
                        errors.push(ModelError::new(at, message));
                    }
                }
            }
        }
    }
}

/// Checks shared by shapes and members: documentation is text, constraint
/// traits are well formed and apply to the target's type.
fn check_common(at: &str, traits: &Traits, target: Option<&Shape>, errors: &mut Vec<ModelError>) {
    if traits.get(id::DOCUMENTATION).is_some_and(|doc| !doc.is_string()) {
        errors.push(ModelError::new(at, "`documentation` must be a string"));
    }
    let kind = target.map(|shape| &shape.kind);
    match traits::length(traits) {
        Err(message) => errors.push(ModelError::new(at, message)),
        Ok(Some(_))
            if !matches!(
                kind,
                None | Some(
                    ShapeKind::Simple(SimpleType::String | SimpleType::Blob)
                        | ShapeKind::Enum(_)
                        | ShapeKind::List(_)
                        | ShapeKind::Map { .. }
                )
            ) =>
        {
            errors.push(ModelError::new(at, "`length` applies only to strings, enums, blobs, lists and maps"));
        }
        Ok(_) => {}
    }
    match traits::range(traits) {
        Err(message) => errors.push(ModelError::new(at, message)),
        Ok(Some(_))
            if !matches!(kind, None | Some(ShapeKind::IntEnum(_)))
                && !matches!(kind, Some(ShapeKind::Simple(simple)) if simple.is_number()) =>
        {
            errors.push(ModelError::new(at, "`range` applies only to numbers"));
        }
        Ok(_) => {}
    }
    // A pattern that cannot be matched in Rust is a warning of the IR's, not
    // a problem of the model: it is valid ECMA-262 the generator lacks.
    match traits::pattern(traits) {
        Err(message) => errors.push(ModelError::new(at, message)),
        Ok(Some(_)) if !matches!(kind, None | Some(ShapeKind::Simple(SimpleType::String) | ShapeKind::Enum(_))) => {
            errors.push(ModelError::new(at, "`pattern` applies only to strings and enums"));
        }
        Ok(_) => {}
    }
    if let Err(message) = traits::timestamp_format(traits) {
        errors.push(ModelError::new(at, message));
    }
}

/// Enum values must be present where required, of the right JSON type, and unique.
fn check_enum<'a>(shape: &Shape, members: impl Iterator<Item = &'a Member>, errors: &mut Vec<ModelError>) {
    let is_int = matches!(shape.kind, ShapeKind::IntEnum(_));
    let mut seen: Vec<Value> = Vec::new();
    for member in members {
        let at = shape.id.member(&member.name);
        let value = match member.traits.get(id::ENUM_VALUE) {
            Some(value) => value.clone(),
            None if !is_int => Value::String(member.name.clone()),
            None => {
                errors.push(ModelError::new(at, "intEnum members need an integer `enumValue`"));
                continue;
            }
        };
        let fits = if is_int { value.is_i64() } else { value.as_str().is_some_and(|text| !text.is_empty()) };
        if !fits {
            let wanted = if is_int { "an integer" } else { "a non-empty string" };
            errors.push(ModelError::new(&at, format!("`enumValue` must be {wanted}")));
        } else if seen.contains(&value) {
            errors.push(ModelError::new(&at, format!("enum value {value} is used by another member")));
        } else {
            seen.push(value);
        }
    }
}
