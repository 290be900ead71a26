//! Model validation: every check runs and every problem is reported at once,
//! each naming the shape or member it concerns.

mod http;
mod pagination;
mod references;
mod trait_values;

use super::protocol::{self, Protocol};
use super::walk::{Closure, closure};
use super::{Model, ModelError, ModelErrors, ShapeId, ShapeKind};

/// A model that passed validation, with the service it is generated for.
#[derive(Clone, Debug)]
pub struct Validated<'a> {
    /// The model.
    pub model: &'a Model,
    /// The service shape the SDK is for.
    pub service: ShapeId,
    /// The protocol its SDK speaks.
    pub protocol: Protocol,
    /// What the service reaches.
    pub closure: Closure,
}

/// Checks `model` for everything the generator relies on. `service` picks the
/// service when the model defines several; with one service it may be `None`.
pub fn validate<'a>(model: &'a Model, service: Option<&ShapeId>) -> Result<Validated<'a>, ModelErrors> {
    let service = select_service(model, service)?;
    let closure = closure(model, &service);
    let mut errors = Vec::new();
    let protocol = model.shape(&service).ok_or_else(|| "the service is not in the model".to_owned());
    let protocol = protocol.and_then(|shape| protocol::select(model, shape));
    if let Err(message) = &protocol {
        errors.push(ModelError::new(service.to_string(), message.clone()));
    }
    references::check(model, &mut errors);
    trait_values::check(model, &mut errors);
    // The JSON RPC protocols ignore HTTP bindings: they need none, and
    // whatever bindings the model has cannot be wrong for them.
    if protocol.as_ref().is_ok_and(|protocol| protocol.uses_http_bindings()) {
        http::check(model, &mut errors);
    }
    pagination::check(model, &service, &mut errors);
    check_reachability(model, &closure, &mut errors);
    ModelErrors::check(errors)?;
    let protocol = protocol.map_err(|message| ModelErrors::one(service.to_string(), message))?;
    Ok(Validated { model, service, protocol, closure })
}

fn select_service(model: &Model, wanted: Option<&ShapeId>) -> Result<ShapeId, ModelErrors> {
    if let Some(wanted) = wanted {
        return match model.shape(wanted).map(|shape| &shape.kind) {
            Some(ShapeKind::Service(_)) => Ok(wanted.clone()),
            Some(other) => {
                Err(ModelErrors::one(wanted.to_string(), format!("expected a service, found {}", other.a_type_name())))
            }
            None => Err(ModelErrors::one(wanted.to_string(), "the configured service is not defined in the model")),
        };
    }
    let services: Vec<&ShapeId> = model.services().map(|shape| &shape.id).collect();
    match services.as_slice() {
        [service] => Ok((*service).clone()),
        [] => Err(ModelErrors::one("model", "the model defines no service shape")),
        several => Err(ModelErrors::one(
            "model",
            format!(
                "the model defines {} services ({}); name one in the codegen config",
                several.len(),
                several.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
            ),
        )),
    }
}

/// Operations the service cannot reach would silently vanish from the SDK.
fn check_reachability(model: &Model, closure: &Closure, errors: &mut Vec<ModelError>) {
    for shape in model.shapes.values() {
        if matches!(shape.kind, ShapeKind::Operation(_)) && !closure.operations.contains(&shape.id) {
            errors.push(ModelError::new(
                shape.id.to_string(),
                "the operation is not reachable from the service (bind it to the service or one of its resources)",
            ));
        }
    }
}
