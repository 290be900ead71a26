//! Names must stay distinct once they are Rust names: type names across the
//! service closure, field and variant names within a shape, method names
//! across operations.

use std::collections::BTreeMap;

use crate::model::walk::Closure;
use crate::model::{Model, ModelError, ShapeId, ShapeKind};
use crate::symbols;

pub fn check(model: &Model, service: &ShapeId, closure: &Closure, errors: &mut Vec<ModelError>) {
    let renames = match model.shape(service).map(|shape| &shape.kind) {
        Some(ShapeKind::Service(service)) => service.rename.clone(),
        _ => BTreeMap::new(),
    };
    let mut types = Names::new("Rust type name");
    let mut methods = Names::new("Rust method name");
    for id in &closure.shapes {
        let Some(shape) = model.shape(id) else { continue };
        let name = renames.get(id).map(String::as_str).unwrap_or(id.name());
        match &shape.kind {
            ShapeKind::Structure(_) if id.is_prelude() => {} // Unit is not generated
            ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                types.add(id.to_string(), symbols::type_name(name), errors);
                let mut fields = Names::new("Rust field name");
                for member in members.values() {
                    fields.add(id.member(&member.name), symbols::field_name(&member.name), errors);
                }
                if matches!(shape.kind, ShapeKind::Union(_)) {
                    let mut variants = Names::new("Rust variant name");
                    for member in members.values() {
                        variants.add(id.member(&member.name), symbols::variant_name(&member.name), errors);
                    }
                }
            }
            ShapeKind::Enum(members) | ShapeKind::IntEnum(members) => {
                types.add(id.to_string(), symbols::type_name(name), errors);
                let mut variants = Names::new("Rust variant name");
                for member in members.values() {
                    variants.add(id.member(&member.name), symbols::variant_name(&member.name), errors);
                }
            }
            ShapeKind::Operation(_) => methods.add(id.to_string(), symbols::fn_name(name), errors),
            _ => {}
        }
    }
}

/// Rust names taken so far, with the Smithy id that took each.
struct Names {
    what: &'static str,
    taken: BTreeMap<String, String>,
}

impl Names {
    fn new(what: &'static str) -> Names {
        Names { what, taken: BTreeMap::new() }
    }

    fn add(&mut self, at: String, rust_name: String, errors: &mut Vec<ModelError>) {
        match self.taken.get(&rust_name) {
            Some(other) => errors.push(ModelError::new(
                at,
                format!("clashes with `{other}`: both become the {} `{rust_name}`", self.what),
            )),
            None => {
                self.taken.insert(rust_name, at);
            }
        }
    }
}
