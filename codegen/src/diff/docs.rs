//! Documentation-only changes: the service, operations, shapes, members and
//! enum values present in both models whose documentation text differs.
//!
//! Members are compared on their own `documentation` trait, read from the
//! model: the IR lets a member without one inherit its target's, and a change
//! to that target's text is already reported once, at the target.

use std::collections::BTreeSet;

use super::{DocChange, ModelVersion};
use crate::ir::{ShapeId, ShapeKind};
use crate::model::traits;

/// Every documentation change, sorted by target.
pub(crate) fn compare(base: &ModelVersion, head: &ModelVersion) -> Vec<DocChange> {
    let (old_ir, new_ir) = (base.ir(), head.ir());
    let mut changes = Vec::new();
    let mut check = |target: String, old: Option<String>, new: Option<String>| {
        if old != new {
            changes.push(DocChange { target, old, new });
        }
    };
    check(new_ir.service.id.name().to_owned(), old_ir.service.docs.clone(), new_ir.service.docs.clone());
    for new in &new_ir.operations {
        if let Some(old) = old_ir.operations.iter().find(|old| old.name == new.name) {
            check(new.name.clone(), old.docs.clone(), new.docs.clone());
        }
    }
    for (id, new) in &new_ir.shapes {
        let Some(old) = old_ir.shapes.get(id) else { continue };
        check(id.name().to_owned(), old.docs.clone(), new.docs.clone());
        match (&old.kind, &new.kind) {
            (ShapeKind::Enum(old_values), ShapeKind::Enum(new_values))
            | (ShapeKind::IntEnum(old_values), ShapeKind::IntEnum(new_values)) => {
                for new_value in new_values {
                    if let Some(old_value) = old_values.iter().find(|old_value| old_value.name == new_value.name) {
                        let target = format!("{}${}", id.name(), new_value.name);
                        check(target, old_value.docs.clone(), new_value.docs.clone());
                    }
                }
            }
            (ShapeKind::Structure(_) | ShapeKind::Union(_), ShapeKind::Structure(_) | ShapeKind::Union(_)) => {
                for name in shared_members(base, head, id) {
                    let target = format!("{}${name}", id.name());
                    check(target, own_docs(base, id, &name), own_docs(head, id, &name));
                }
            }
            _ => {}
        }
    }
    changes.sort();
    changes
}

/// Names of the members a shape has in both models.
fn shared_members(base: &ModelVersion, head: &ModelVersion, id: &ShapeId) -> BTreeSet<String> {
    let names = |version: &ModelVersion| -> BTreeSet<String> {
        let shape = version.model().shape(id);
        shape.map(|shape| shape.members().into_iter().map(|member| member.name.clone()).collect()).unwrap_or_default()
    };
    names(base).intersection(&names(head)).cloned().collect()
}

/// A member's own documentation, trimmed; none when absent or blank.
fn own_docs(version: &ModelVersion, id: &ShapeId, member: &str) -> Option<String> {
    let shape = version.model().shape(id)?;
    let member = shape.members().into_iter().find(|candidate| candidate.name == member)?;
    traits::documentation(&member.traits).map(str::trim).filter(|text| !text.is_empty()).map(str::to_owned)
}
