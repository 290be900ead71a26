//! Every reference names a defined shape of a kind that fits where it is used.

use crate::model::traits::id;
use crate::model::{Model, ModelError, Shape, ShapeId, ShapeKind};

pub fn check(model: &Model, errors: &mut Vec<ModelError>) {
    for shape in model.shapes.values() {
        let at = shape.id.to_string();
        match &shape.kind {
            ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::List(_) | ShapeKind::Map { .. } => {
                for member in shape.members() {
                    let at = shape.id.member(&member.name);
                    match model.shape(&member.target) {
                        None => errors.push(unknown(&at, "member target", &member.target)),
                        Some(target) if !is_data(target) => errors.push(ModelError::new(
                            at,
                            format!(
                                "member targets `{}`, {}, which cannot hold data",
                                member.target,
                                target.kind.a_type_name()
                            ),
                        )),
                        Some(_) => {}
                    }
                }
            }
            ShapeKind::Enum(members) | ShapeKind::IntEnum(members) => {
                for member in members.values() {
                    if member.target != ShapeId::new("smithy.api", "Unit") {
                        errors.push(ModelError::new(
                            shape.id.member(&member.name),
                            "enum members must target smithy.api#Unit",
                        ));
                    }
                }
            }
            ShapeKind::Operation(operation) => {
                let io =
                    operation.input.iter().map(|t| ("input", t)).chain(operation.output.iter().map(|t| ("output", t)));
                for (role, target) in io {
                    expect(model, &at, role, [target], Wanted::Structure, errors);
                }
                expect(model, &at, "error", &operation.errors, Wanted::Error, errors);
            }
            ShapeKind::Service(service) => {
                expect(model, &at, "operation", &service.operations, Wanted::Operation, errors);
                expect(model, &at, "resource", &service.resources, Wanted::Resource, errors);
                expect(model, &at, "error", &service.errors, Wanted::Error, errors);
            }
            ShapeKind::Resource(resource) => {
                expect(model, &at, "operation", resource.all_operations(), Wanted::Operation, errors);
                expect(model, &at, "resource", &resource.resources, Wanted::Resource, errors);
                let fields = resource.identifiers.values().chain(resource.properties.values());
                expect(model, &at, "identifier or property", fields, Wanted::Data, errors);
            }
            ShapeKind::Simple(_) => {}
        }
    }
}

fn is_data(shape: &Shape) -> bool {
    !matches!(shape.kind, ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_))
}

fn unknown(at: &str, role: &str, target: &ShapeId) -> ModelError {
    ModelError::new(at, format!("unknown target: {role} `{target}` is not defined"))
}

/// The kind of shape a reference must name.
#[derive(Clone, Copy)]
enum Wanted {
    Structure,
    Error,
    Operation,
    Resource,
    Data,
}

impl Wanted {
    fn fits(self, shape: &Shape) -> bool {
        match self {
            Wanted::Structure => matches!(shape.kind, ShapeKind::Structure(_)),
            Wanted::Error => matches!(shape.kind, ShapeKind::Structure(_)) && shape.has_trait(id::ERROR),
            Wanted::Operation => matches!(shape.kind, ShapeKind::Operation(_)),
            Wanted::Resource => matches!(shape.kind, ShapeKind::Resource(_)),
            Wanted::Data => is_data(shape),
        }
    }

    fn description(self) -> &'static str {
        match self {
            Wanted::Structure => "a structure",
            Wanted::Error => "a structure with the `error` trait",
            Wanted::Operation => "an operation",
            Wanted::Resource => "a resource",
            Wanted::Data => "a data shape",
        }
    }
}

/// Every target must exist and be of the wanted kind.
fn expect<'a>(
    model: &Model,
    at: &str,
    role: &str,
    targets: impl IntoIterator<Item = &'a ShapeId>,
    wanted: Wanted,
    errors: &mut Vec<ModelError>,
) {
    for target in targets {
        match model.shape(target) {
            None => errors.push(unknown(at, role, target)),
            Some(shape) if !wanted.fits(shape) => errors.push(ModelError::new(
                at,
                format!("{role} `{target}` must be {}, found {}", wanted.description(), shape.kind.a_type_name()),
            )),
            Some(_) => {}
        }
    }
}
