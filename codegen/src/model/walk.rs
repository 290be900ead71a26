//! What a service reaches: its operations (directly and through resources)
//! and every shape those operations and the service's errors refer to.

use std::collections::BTreeSet;

use super::{Model, ShapeId, ShapeKind};

/// The shapes a service reaches, by kind of reach.
#[derive(Clone, Debug, Default)]
pub struct Closure {
    /// Operations bound to the service or to one of its resources.
    pub operations: BTreeSet<ShapeId>,
    /// Every shape reached, operations and resources included.
    pub shapes: BTreeSet<ShapeId>,
}

/// Walks the model from `service`. Unknown ids are skipped: the validator
/// reports them on their own.
pub fn closure(model: &Model, service: &ShapeId) -> Closure {
    let mut closure = Closure::default();
    let mut pending = vec![service.clone()];
    while let Some(id) = pending.pop() {
        if !closure.shapes.insert(id.clone()) {
            continue;
        }
        let Some(shape) = model.shape(&id) else { continue };
        match &shape.kind {
            ShapeKind::Service(service) => {
                pending.extend(service.operations.iter().cloned());
                pending.extend(service.resources.iter().cloned());
                pending.extend(service.errors.iter().cloned());
            }
            ShapeKind::Resource(resource) => {
                pending.extend(resource.all_operations().cloned());
                pending.extend(resource.resources.iter().cloned());
                pending.extend(resource.identifiers.values().cloned());
                pending.extend(resource.properties.values().cloned());
            }
            ShapeKind::Operation(operation) => {
                closure.operations.insert(id.clone());
                pending.extend(operation.input.iter().cloned());
                pending.extend(operation.output.iter().cloned());
                pending.extend(operation.errors.iter().cloned());
            }
            _ => pending.extend(shape.members().into_iter().map(|member| member.target.clone())),
        }
    }
    closure
}
