//! `paginated` names members that exist, with the types pagination needs.

use crate::model::traits::{self, Paginated, id};
use crate::model::{Model, ModelError, Shape, ShapeId, ShapeKind, SimpleType};

pub fn check(model: &Model, service: &ShapeId, errors: &mut Vec<ModelError>) {
    let defaults = model
        .shape(service)
        .and_then(|shape| shape.traits.get(id::PAGINATED))
        .and_then(|value| traits::paginated(value).ok())
        .unwrap_or_default();
    for shape in model.shapes.values() {
        let ShapeKind::Operation(operation) = &shape.kind else { continue };
        let Some(value) = shape.traits.get(id::PAGINATED) else { continue };
        let Ok(paginated) = traits::paginated(value) else { continue };
        let paginated = paginated.or(&defaults);
        let at = shape.id.to_string();
        let input = operation.input.as_ref().and_then(|id| model.shape(id));
        let output = operation.output.as_ref().and_then(|id| model.shape(id));
        check_operation(model, &at, &paginated, input, output, errors);
    }
}

fn check_operation(
    model: &Model,
    at: &str,
    paginated: &Paginated,
    input: Option<&Shape>,
    output: Option<&Shape>,
    errors: &mut Vec<ModelError>,
) {
    if paginated.input_token.is_some() != paginated.output_token.is_some() {
        errors.push(ModelError::new(at, "`paginated` needs both `inputToken` and `outputToken`, or neither"));
    }
    let mut expect = |role: &str,
                      path: &Option<String>,
                      shape: Option<&Shape>,
                      top_level_only: bool,
                      wanted: &dyn Fn(&ShapeKind) -> bool,
                      wanted_text: &str| {
        let Some(path) = path else { return };
        let found = match shape {
            Some(_) if top_level_only && path.contains('.') => None,
            Some(shape) => resolve_path(model, shape, path),
            None => None,
        };
        match found {
            None => errors.push(ModelError::new(
                at,
                format!(
                    "`paginated.{role}` names `{path}`, which is not a member of the operation's {}",
                    if top_level_only { "input" } else { "output" }
                ),
            )),
            Some(kind) if !wanted(kind) => errors
                .push(ModelError::new(at, format!("`paginated.{role}` member `{path}` must target {wanted_text}"))),
            Some(_) => {}
        }
    };
    let is_string = |kind: &ShapeKind| matches!(kind, ShapeKind::Simple(SimpleType::String));
    let is_integer = |kind: &ShapeKind| {
        matches!(kind, ShapeKind::Simple(SimpleType::Byte | SimpleType::Short | SimpleType::Integer | SimpleType::Long))
    };
    let is_collection = |kind: &ShapeKind| matches!(kind, ShapeKind::List(_) | ShapeKind::Map { .. });
    expect("inputToken", &paginated.input_token, input, true, &is_string, "a string");
    expect("pageSize", &paginated.page_size, input, true, &is_integer, "an integer");
    expect("outputToken", &paginated.output_token, output, false, &is_string, "a string");
    expect("items", &paginated.items, output, false, &is_collection, "a list or map");
}

/// Follows a dotted member path (`a.b.c`) through structures.
fn resolve_path<'a>(model: &'a Model, shape: &'a Shape, path: &str) -> Option<&'a ShapeKind> {
    let mut current = shape;
    for name in path.split('.') {
        let ShapeKind::Structure(members) = &current.kind else { return None };
        current = model.shape(&members.get(name)?.target)?;
    }
    Some(&current.kind)
}
