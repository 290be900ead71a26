//! Which of an operation's modelled errors a server answers an input that
//! breaks the model's constraints with, and how to fill it.
//!
//! Smithy's server frameworks answer `smithy.framework#ValidationException`,
//! but many services model their own (a `ValidationError` with a
//! `message` and `reasons`, each a `field` and a `reason`), which their
//! clients expect. An operation's error is taken as its validation error
//! when its name is `ValidationException` or `ValidationError` (or ends so);
//! it is filled as far as its shape allows: a string member `message` (or
//! `Message`) gets the summary, and a list of structures that each have a
//! string member naming the field (`field`, `path`, `name`, `fieldName`) and
//! one saying why (`reason`, `message`) gets one item per violation. An
//! operation without such an error is answered with Smithy's
//! `ValidationException`.

use super::{Ir, Member, Operation, ShapeId, SimpleType, Structure, TypeRef};

/// An operation's modelled validation error, and which members carry what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationErrorForm {
    /// The error structure.
    pub error: ShapeId,
    /// Its string member that takes the summary.
    pub message: Option<String>,
    /// Its list of violations, when it has one.
    pub list: Option<ViolationList>,
}

/// The member of a validation error that lists the violations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ViolationList {
    /// The list member.
    pub member: String,
    /// The item structure.
    pub item: ShapeId,
    /// The item's member naming the field (the violation's path).
    pub path: String,
    /// The item's member saying what is wrong.
    pub reason: String,
}

const NAMES: [&str; 2] = ["ValidationException", "ValidationError"];
const PATH_MEMBERS: [&str; 4] = ["field", "path", "name", "fieldName"];
const REASON_MEMBERS: [&str; 2] = ["reason", "message"];

/// The validation error of `op`, if it models one.
pub fn of_operation(ir: &Ir, op: &Operation) -> Option<ValidationErrorForm> {
    let error = op.errors.iter().find(|id| NAMES.iter().any(|name| id.name().ends_with(name)))?;
    let structure = ir.structure(error)?;
    let message = string_member(structure, &["message", "Message"]).map(|m| m.name.clone());
    let list = structure.members.iter().find_map(|member| {
        let TypeRef::List { item, sparse: false, .. } = &member.value.ty else { return None };
        let TypeRef::Named(item) = &item.ty else { return None };
        let fields = ir.structure(item)?;
        Some(ViolationList {
            member: member.name.clone(),
            item: item.clone(),
            path: string_member(fields, &PATH_MEMBERS)?.name.clone(),
            reason: string_member(fields, &REASON_MEMBERS)?.name.clone(),
        })
    });
    Some(ValidationErrorForm { error: error.clone(), message, list })
}

fn string_member<'a>(structure: &'a Structure, names: &[&str]) -> Option<&'a Member> {
    names.iter().find_map(|name| {
        structure.members.iter().find(|m| m.name == *name && m.value.ty == TypeRef::Simple(SimpleType::String))
    })
}
