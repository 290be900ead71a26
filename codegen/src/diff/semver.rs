//! What a change means for the generated Rust crate: the version bump it
//! forces on code that depends on the SDK, following the Cargo book's
//! SemVer compatibility rules as they apply to the code the generator emits.
//!
//! [`Severity`](super::Severity) judges the wire: whether a caller's requests
//! and its reading of responses keep working against the service. This judges
//! the crate's API: whether code written against the old generated crate still
//! compiles, and whether values it built still build.
//!
//! What the generator emits decides the rules:
//!
//! - every structure, union, enum and error enum is `#[non_exhaustive]`, and
//!   code outside the crate builds structures with their builders and unions
//!   by variant, so a new member, union variant, enum value or error is a
//!   *minor* change (new public API);
//! - a new operation (a client method, its types and error enum), new
//!   pagination (`into_paginator`, `items`) and a new waiter
//!   (`wait_until_…`) are *minor*;
//! - a removed operation, member, enum value, error, paginator or waiter, a member
//!   whose Rust type changes (another type, `@sparse` adding `Option` to the
//!   items, a member turning optional or not), and a member that is newly
//!   required in a request (the builder or the input's validation now refuses
//!   what code built before) are *major*;
//! - everything else (the protocol, routes, bindings, JSON names, timestamp formats,
//!   constraints, defaults' values, error status, fault and retryability,
//!   `@sensitive`, which changes what `Debug` shows but no signature,
//!   deprecation, which the generator writes only into docs, and documentation)
//!   changes no Rust signature: *patch*. Such a change can still break the
//!   wire, which the severity reports.
//!
//! Members of an operation's input are always `Option` fields (validation
//! reports a missing required one), so `@required` and `@default` changes
//! there leave the field's type alone.
//!
//! cargo-semver-checks, which compares the public API of two builds of the
//! crate, agrees where it can see the change: it finds nothing to break
//! where these rules say minor or patch, and a removed item where they say
//! major for a removal. It has no lint for a field whose type changes, and a
//! newly required request member changes no signature, only what `build()`
//! or validation accepts; there the rules go further than it can (README.md
//! lists the pairs compared).
//!
//! One change to the crate's API has no single model change behind it: an
//! operation's errors are the enum of its *error set* (operations returning
//! the same errors share one, the most common set is `operation::Error`), and
//! `<Operation>Error` names it, as the enum itself or as an alias. Adding an
//! operation or an error can regroup the sets, so that `operation::Error`
//! loses variants or an operation's `<Operation>Error` becomes another type.
//! [`error_enums`] compares those names in both versions and reports what
//! broke as a [`RustChange`].

use std::collections::BTreeMap;

use super::{Change, ChangeKind, Report, Severity, Side};
use crate::ir::{ErrorSet, Ir, ShapeId};

/// The SemVer bump a change forces on the generated crate, lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Semver {
    /// No public API changed: code using the crate is unaffected.
    Patch,
    /// Public API was added; code using the crate still compiles.
    Minor,
    /// Code using the crate can stop compiling, or stop building its values.
    Major,
}

impl Semver {
    /// `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

impl Change {
    /// The bump this change forces on the generated crate.
    pub fn semver(&self) -> Semver {
        of(self)
    }
}

impl Report {
    /// The bump the whole update forces on the generated crate: the highest
    /// of its changes' and its [`RustChange`]s', `patch` when only
    /// documentation (or nothing) changed.
    pub fn semver(&self) -> Semver {
        let rust = self.rust.iter().map(|change| change.semver);
        self.changes().map(Change::semver).chain(rust).max().unwrap_or(Semver::Patch)
    }
}

/// A change to the generated crate's API that follows from several model
/// changes together rather than from one.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RustChange {
    /// The Rust item, by its path in the crate (`operation::Error`).
    pub item: String,
    /// What happened to it, for people.
    pub description: String,
    /// The bump it forces.
    pub semver: Semver,
}

/// The error enums' names, before and after: a name that is gone, that
/// lost variants, or that now names another enum (an operation's alias moved
/// to another set) breaks code using it. What the operation changes already
/// say (a removed operation or error) is not repeated. Sorted by item.
pub(crate) fn error_enums(base: &Ir, head: &Ir) -> Vec<RustChange> {
    let (old, new) = (error_types(base), error_types(head));
    // What each head operation returns, to tell a regrouping from a removal.
    let returns: BTreeMap<&str, &[ShapeId]> =
        head.operations.iter().map(|operation| (operation.name.as_str(), operation.errors.as_slice())).collect();
    let mut changes = Vec::new();
    for (name, old_type) in &old {
        // Users that still exist and still return an error: they are why
        // the name or variant should still be there.
        let still_returned = |error: &ShapeId| {
            old_type
                .operations
                .iter()
                .any(|user| returns.get(user.as_str()).is_some_and(|errors| errors.contains(error)))
        };
        let description = match new.get(name) {
            None if old_type.operations.iter().all(|user| !returns.contains_key(user.as_str())) => continue,
            None => "removed".to_owned(),
            Some(new_type) => {
                let lost: Vec<&str> = old_type
                    .variants
                    .iter()
                    .filter(|(variant, error)| !new_type.variants.contains_key(*variant) && still_returned(error))
                    .map(|(variant, _)| variant.as_str())
                    .collect();
                if !lost.is_empty() {
                    format!("loses variants {} (the operations' error sets were regrouped)", lost.join(", "))
                } else if new_type.target != old_type.target {
                    format!("names `operation::{}` instead of `operation::{}`", new_type.target, old_type.target)
                } else {
                    continue;
                }
            }
        };
        changes.push(RustChange { item: format!("operation::{name}"), description, semver: Semver::Major });
    }
    changes
}

/// An error type name of the `operation` module.
struct ErrorType {
    /// The enum it names (itself, or the enum an alias names).
    target: String,
    /// The enum's variants, each with its error shape.
    variants: BTreeMap<String, ShapeId>,
    /// The operations whose errors the enum holds.
    operations: Vec<String>,
}

/// Every error type name of the `operation` module: each set's enum and each
/// operation's alias.
fn error_types(ir: &Ir) -> BTreeMap<String, ErrorType> {
    let of_set = |set: &ErrorSet| ErrorType {
        target: set.name.to_string(),
        variants: set
            .errors
            .iter()
            .filter_map(|id| ir.shapes.get(id).map(|shape| (shape.rust_name.to_string(), id.clone())))
            .collect(),
        operations: set
            .operations
            .iter()
            .filter_map(|&index| ir.operations.get(index))
            .map(|op| op.name.clone())
            .collect(),
    };
    let mut types: BTreeMap<String, ErrorType> =
        ir.error_sets.iter().map(|set| (set.name.to_string(), of_set(set))).collect();
    for operation in &ir.operations {
        if let Some(set) = ir.error_sets.get(operation.error_set) {
            types.insert(operation.error_type.to_string(), of_set(set));
        }
    }
    types
}

/// Whether the change is to a member of the operation's own input
/// structure (a path of one member name on the request side).
fn in_operation_input(change: &Change) -> bool {
    change.side == Side::Request && !change.path.is_empty() && !change.path.contains(['.', '[', '{'])
}

fn of(change: &Change) -> Semver {
    use ChangeKind::*;
    use Semver::{Major, Minor, Patch};
    match change.kind {
        OperationAdded | PaginationAdded | WaiterAdded | ErrorAdded | EnumValueAdded => Minor,
        // A new required member of a request structure (without a default):
        // code that built the value without it now gets an error.
        MemberAdded if change.side == Side::Request && change.severity == Severity::Breaking => Major,
        MemberAdded => Minor,
        OperationRemoved | PaginationRemoved | WaiterRemoved | ErrorRemoved | MemberRemoved | EnumValueRemoved
        | InputChanged | OutputChanged | TypeChanged | SparseChanged | StreamingChanged => Major,
        RequiredAdded if change.side == Side::Request => Major,
        // The severity is above `safe` exactly when the field stops or starts
        // being an `Option` (`severity::required_added`, `required_removed`).
        RequiredAdded | RequiredRemoved => {
            if change.severity == Severity::Safe {
                Patch
            } else {
                Major
            }
        }
        // A default makes an optional field a plain one, and losing it the
        // reverse, except in an operation's input, where every field is an
        // `Option`, and where the default replaces `@required`.
        DefaultAdded | DefaultRemoved if in_operation_input(change) => Patch,
        DefaultAdded if change.severity == Severity::Safe => Patch,
        DefaultAdded | DefaultRemoved => Major,
        PaginationChanged => pagination_changed(change),
        // The Rust type takes the new name: code naming the old one breaks.
        ShapeRenamed => Major,
        ProtocolChanged
        | MethodChanged
        | UriChanged
        | StatusCodeChanged
        | OperationTraitAdded
        | OperationTraitRemoved
        | TargetChanged
        | DefaultChanged
        | LengthTightened
        | LengthLoosened
        | LengthChanged
        | RangeTightened
        | RangeLoosened
        | RangeChanged
        | PatternAdded
        | PatternRemoved
        | PatternChanged
        | UniqueItemsChanged
        | WaiterChanged
        | EnumValueChanged
        | BindingChanged
        | JsonNameChanged
        | TimestampFormatChanged
        | IdempotencyTokenChanged
        | Deprecated
        | Undeprecated
        | SensitiveAdded
        | SensitiveRemoved
        | ErrorStatusChanged
        | ErrorFaultChanged
        | RetryableChanged => Patch,
    }
}

/// The paginator's `items()` yields the `items` member's item type: a new
/// `items` adds the method, another or none changes or removes it; the
/// tokens and page size are used inside `into_paginator` only.
fn pagination_changed(change: &Change) -> Semver {
    // `describe::pagination` writes the parts as `items: path`.
    let items = |text: &Option<String>| {
        text.as_deref()
            .and_then(|text| text.split(", ").find_map(|part| part.strip_prefix("items: ")).map(str::to_owned))
    };
    match (items(&change.old), items(&change.new)) {
        (old, new) if old == new => Semver::Patch,
        (None, Some(_)) => Semver::Minor,
        _ => Semver::Major,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(side: Side, path: &str, kind: ChangeKind, severity: Severity) -> Change {
        Change { side, path: path.to_owned(), kind, old: None, new: None, severity }
    }

    #[test]
    fn additions_are_minor_unless_a_request_must_now_set_them() {
        let added = |side, severity| change(side, "a.b", ChangeKind::MemberAdded, severity).semver();
        assert_eq!(added(Side::Response, Severity::Safe), Semver::Minor);
        assert_eq!(added(Side::Request, Severity::Safe), Semver::Minor);
        assert_eq!(added(Side::Response, Severity::Dangerous), Semver::Minor);
        assert_eq!(added(Side::Request, Severity::Breaking), Semver::Major);
        let kind = |kind| change(Side::Response, "x", kind, Severity::Dangerous).semver();
        assert_eq!(kind(ChangeKind::EnumValueAdded), Semver::Minor);
        assert_eq!(kind(ChangeKind::ErrorAdded), Semver::Minor);
        assert_eq!(kind(ChangeKind::ErrorRemoved), Semver::Major);
    }

    #[test]
    fn nullability_decides_required_and_default_changes() {
        let semver = |side, path, kind, severity| change(side, path, kind, severity).semver();
        assert_eq!(semver(Side::Request, "a", ChangeKind::RequiredAdded, Severity::Breaking), Semver::Major);
        assert_eq!(semver(Side::Response, "a", ChangeKind::RequiredAdded, Severity::Safe), Semver::Patch);
        assert_eq!(semver(Side::Response, "a", ChangeKind::RequiredAdded, Severity::Breaking), Semver::Major);
        assert_eq!(semver(Side::Request, "a", ChangeKind::RequiredRemoved, Severity::Safe), Semver::Patch);
        assert_eq!(semver(Side::Response, "a.b", ChangeKind::RequiredRemoved, Severity::Dangerous), Semver::Major);
        assert_eq!(semver(Side::Request, "a", ChangeKind::DefaultAdded, Severity::Breaking), Semver::Patch);
        assert_eq!(semver(Side::Request, "a.b", ChangeKind::DefaultAdded, Severity::Breaking), Semver::Major);
        assert_eq!(semver(Side::Response, "a", ChangeKind::DefaultAdded, Severity::Safe), Semver::Patch);
        assert_eq!(semver(Side::Response, "a", ChangeKind::DefaultRemoved, Severity::Breaking), Semver::Major);
    }

    #[test]
    fn pagination_changes_matter_through_items() {
        let paginated = |old: &str, new: &str| {
            let mut change = change(Side::Operation, "", ChangeKind::PaginationChanged, Severity::Breaking);
            (change.old, change.new) = (Some(old.to_owned()), Some(new.to_owned()));
            change.semver()
        };
        assert_eq!(
            paginated("inputToken: a, outputToken: b, items: c", "inputToken: a, outputToken: d, items: c"),
            Semver::Patch
        );
        assert_eq!(
            paginated("inputToken: a, outputToken: b", "inputToken: a, outputToken: b, items: c"),
            Semver::Minor
        );
        assert_eq!(paginated("inputToken: a, items: c", "inputToken: a, items: d"), Semver::Major);
        assert_eq!(paginated("inputToken: a, items: c", "inputToken: a"), Semver::Major);
    }

    #[test]
    fn an_empty_report_is_a_patch() {
        assert_eq!(Report::default().semver(), Semver::Patch);
    }
}
