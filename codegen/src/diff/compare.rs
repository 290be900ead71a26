//! Operation by operation: added, removed, or updated and how.

use std::collections::{BTreeMap, BTreeSet};

use super::walk::{Walker, at, change};
use super::{
    Change, ChangeKind, ErrorShapeDiff, ModelVersion, OperationDiff, Report, Side, Status, describe, docs, semver,
    severity,
};
use crate::ir::{Operation, Role, ShapeId, ShapeKind, Waiter};

/// Compares every operation, every error structure the operations share, and
/// the documentation.
pub(crate) fn compare(base: &ModelVersion, head: &ModelVersion) -> Report {
    let mut walker = Walker::new(base, head);
    let old = by_name(base);
    let new = by_name(head);
    let names: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    let mut operations = Vec::new();
    for name in names {
        let diff = match (old.get(name), new.get(name)) {
            (None, Some(added)) => added_operation(added),
            (Some(removed), None) => {
                let route = describe::route(&removed.http);
                let kind = ChangeKind::OperationRemoved;
                let removal = change(Side::Route, kind, Some(route.clone()), None, severity::fixed(kind));
                OperationDiff { name: name.to_owned(), status: Status::Removed, route, changes: vec![removal] }
            }
            (Some(before), Some(after)) => {
                let changes = operation(&mut walker, (base, head), before, after);
                if changes.is_empty() {
                    continue;
                }
                let route = describe::route(&after.http);
                OperationDiff { name: name.to_owned(), status: Status::Updated, route, changes }
            }
            (None, None) => continue,
        };
        operations.push(diff);
    }
    let error_shapes = error_shapes(&mut walker, base, head);
    let rust = semver::error_enums(base.ir(), head.ir());
    Report { operations, error_shapes, documentation: docs::compare(base, head), rust }
}

/// Every operation of `head`, added.
pub(crate) fn introduce(head: &ModelVersion) -> Report {
    let operations = head.ir().operations.iter().map(added_operation).collect();
    Report { operations, ..Report::default() }
}

fn by_name(version: &ModelVersion) -> BTreeMap<&str, &Operation> {
    version.ir().operations.iter().map(|operation| (operation.name.as_str(), operation)).collect()
}

fn added_operation(operation: &Operation) -> OperationDiff {
    let route = describe::route(&operation.http);
    let kind = ChangeKind::OperationAdded;
    let addition = change(Side::Route, kind, None, Some(route.clone()), severity::fixed(kind));
    OperationDiff { name: operation.name.clone(), status: Status::Added, route, changes: vec![addition] }
}

/// The changes of an operation present in both models.
fn operation(
    walker: &mut Walker<'_>,
    (base, head): (&ModelVersion, &ModelVersion),
    old: &Operation,
    new: &Operation,
) -> Vec<Change> {
    let mut changes = Vec::new();
    let mut push = |side: Side, path: &str, kind: ChangeKind, before: Option<String>, after: Option<String>| {
        changes.push(at(path, change(side, kind, before, after, severity::fixed(kind))));
    };

    // Protocol: the service's, told for each operation since each call changes.
    let (old_protocol, new_protocol) = (base.ir().service.protocol, head.ir().service.protocol);
    if old_protocol != new_protocol {
        let (before, after) = (old_protocol.to_string(), new_protocol.to_string());
        push(Side::Route, "protocol", ChangeKind::ProtocolChanged, Some(before), Some(after));
    }

    // Route.
    if old.http.method != new.http.method {
        push(
            Side::Route,
            "http.method",
            ChangeKind::MethodChanged,
            Some(old.http.method.clone()),
            Some(new.http.method.clone()),
        );
    }
    if old.http.uri != new.http.uri {
        push(
            Side::Route,
            "http.uri",
            ChangeKind::UriChanged,
            Some(old.http.uri.to_string()),
            Some(new.http.uri.to_string()),
        );
    }
    if old.http.code != new.http.code {
        let (before, after) = (old.http.code.to_string(), new.http.code.to_string());
        push(Side::Route, "http.code", ChangeKind::StatusCodeChanged, Some(before), Some(after));
    }

    // The structures themselves.
    if old.input != new.input {
        push(Side::Request, "", ChangeKind::InputChanged, Some(shape_name(&old.input)), Some(shape_name(&new.input)));
    }
    if old.output != new.output {
        push(
            Side::Response,
            "",
            ChangeKind::OutputChanged,
            Some(shape_name(&old.output)),
            Some(shape_name(&new.output)),
        );
    }

    // Errors the operation can return.
    let old_errors: BTreeSet<&ShapeId> = old.errors.iter().collect();
    let new_errors: BTreeSet<&ShapeId> = new.errors.iter().collect();
    for removed in old_errors.difference(&new_errors) {
        push(Side::Errors, removed.name(), ChangeKind::ErrorRemoved, describe_error(base, removed), None);
    }
    for added in new_errors.difference(&old_errors) {
        push(Side::Errors, added.name(), ChangeKind::ErrorAdded, None, describe_error(head, added));
    }

    // Operation traits.
    for (name, before, after) in
        [("idempotent", old.idempotent, new.idempotent), ("readonly", old.readonly, new.readonly)]
    {
        if before && !after {
            push(Side::Operation, "", ChangeKind::OperationTraitRemoved, Some(name.to_owned()), None);
        } else if after && !before {
            push(Side::Operation, "", ChangeKind::OperationTraitAdded, None, Some(name.to_owned()));
        }
    }
    match (&old.deprecated, &new.deprecated) {
        (None, Some(message)) => push(Side::Operation, "", ChangeKind::Deprecated, None, Some(message.clone())),
        (Some(message), None) => push(Side::Operation, "", ChangeKind::Undeprecated, Some(message.clone()), None),
        _ => {}
    }
    waiters(&old.waiters, &new.waiters, &mut push);
    match (&old.pagination, &new.pagination) {
        (None, Some(after)) => {
            push(Side::Operation, "", ChangeKind::PaginationAdded, None, Some(describe::pagination(after)));
        }
        (Some(before), None) => {
            push(Side::Operation, "", ChangeKind::PaginationRemoved, Some(describe::pagination(before)), None);
        }
        (Some(before), Some(after)) if before != after => {
            let retargeted = before.input_token != after.input_token
                || before.output_token != after.output_token
                || (before.page_size.is_some() && before.page_size != after.page_size)
                || (before.items.is_some() && after.items.is_none());
            let kind = ChangeKind::PaginationChanged;
            let (before, after) = (describe::pagination(before), describe::pagination(after));
            changes.push(change(Side::Operation, kind, Some(before), Some(after), severity::pagination(retargeted)));
        }
        _ => {}
    }

    // What the request and response carry.
    changes.extend(walker.shape(Side::Request, &old.input, &new.input).iter().cloned());
    changes.extend(walker.shape(Side::Response, &old.output, &new.output).iter().cloned());
    sorted(changes)
}

/// Error structures that operations of both models can return and whose
/// content changed.
fn error_shapes(walker: &mut Walker<'_>, base: &ModelVersion, head: &ModelVersion) -> Vec<ErrorShapeDiff> {
    let old: BTreeSet<&ShapeId> = base.ir().operations.iter().flat_map(|operation| &operation.errors).collect();
    let mut new: BTreeMap<&ShapeId, Vec<String>> = BTreeMap::new();
    for operation in &head.ir().operations {
        for error in &operation.errors {
            new.entry(error).or_default().push(operation.name.clone());
        }
    }
    let mut diffs = Vec::new();
    for (id, mut operations) in new {
        if !old.contains(id) {
            continue;
        }
        let mut changes = error_traits(base, head, id);
        changes.extend(walker.shape(Side::Errors, id, id).iter().cloned());
        if changes.is_empty() {
            continue;
        }
        operations.sort();
        operations.dedup();
        diffs.push(ErrorShapeDiff { name: id.name().to_owned(), operations, changes: sorted(changes) });
    }
    diffs.sort_by(|a, b| a.name.cmp(&b.name));
    diffs
}

/// Fault, HTTP status and retryability of an error structure.
fn error_traits(base: &ModelVersion, head: &ModelVersion, id: &ShapeId) -> Vec<Change> {
    let (Some((old_fault, old_status, old_retryable)), Some((new_fault, new_status, new_retryable))) =
        (error_role(base, id), error_role(head, id))
    else {
        return Vec::new();
    };
    let mut changes = Vec::new();
    if old_fault != new_fault {
        let kind = ChangeKind::ErrorFaultChanged;
        changes.push(change(Side::Errors, kind, Some(old_fault), Some(new_fault), severity::fixed(kind)));
    }
    if old_status != new_status {
        let status = |status: Option<u16>| Some(status.map_or_else(|| "none".to_owned(), |code| code.to_string()));
        let kind = ChangeKind::ErrorStatusChanged;
        changes.push(change(Side::Errors, kind, status(old_status), status(new_status), severity::fixed(kind)));
    }
    if old_retryable != new_retryable {
        let severity = severity::presence_trait(old_retryable);
        let (before, after) = (describe::flag(old_retryable), describe::flag(new_retryable));
        changes.push(change(Side::Errors, ChangeKind::RetryableChanged, Some(before), Some(after), severity));
    }
    changes
}

/// `client error, HTTP 429, retryable`.
fn describe_error(version: &ModelVersion, id: &ShapeId) -> Option<String> {
    let (fault, status, retryable) = error_role(version, id)?;
    let mut text = format!("{fault} error");
    if let Some(status) = status {
        text = format!("{text}, HTTP {status}");
    }
    if retryable {
        text.push_str(", retryable");
    }
    Some(text)
}

/// An error structure's fault, `httpError` status and retryability.
fn error_role(version: &ModelVersion, id: &ShapeId) -> Option<(String, Option<u16>, bool)> {
    match version.ir().shape(id).map(|shape| &shape.kind) {
        Some(ShapeKind::Structure(structure)) => match &structure.role {
            Role::Error { fault, status, retryable, .. } => Some((fault.clone(), *status, *retryable)),
            _ => None,
        },
        _ => None,
    }
}

fn shape_name(id: &ShapeId) -> String {
    id.name().to_owned()
}

fn sorted(mut changes: Vec<Change>) -> Vec<Change> {
    changes.sort();
    changes.dedup();
    changes
}

/// Waiters by name: added, removed, or with other acceptors or delays.
fn waiters(
    old: &[Waiter],
    new: &[Waiter],
    push: &mut impl FnMut(Side, &str, ChangeKind, Option<String>, Option<String>),
) {
    let find = |waiters: &'_ [Waiter], name: &str| waiters.iter().find(|w| w.name == name).cloned();
    for before in old {
        match find(new, &before.name) {
            None => push(Side::Operation, "", ChangeKind::WaiterRemoved, Some(describe::waiter(before)), None),
            Some(after)
                if (before.min_delay, before.max_delay, &before.acceptors)
                    != (after.min_delay, after.max_delay, &after.acceptors) =>
            {
                let (before, after) = (describe::waiter(before), describe::waiter(&after));
                push(Side::Operation, "", ChangeKind::WaiterChanged, Some(before), Some(after));
            }
            Some(_) => {}
        }
    }
    for after in new.iter().filter(|waiter| find(old, &waiter.name).is_none()) {
        push(Side::Operation, "", ChangeKind::WaiterAdded, None, Some(describe::waiter(after)));
    }
}
