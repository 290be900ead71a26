//! How much each kind of change matters to callers.
//!
//! The rules follow smithy-diff's evaluators (`AddedShape`, `RemovedShape`,
//! `ChangedShapeType`, `ChangedMemberTarget`, `AddedRequiredMember`,
//! `ChangedNullability`, `ChangedDefault`, `ChangedLengthTrait`,
//! `ChangedRangeTrait`, `ChangedEnumTrait`, `AddedOperationError`,
//! `RemovedOperationError`, and the `breakingChanges` the prelude declares on
//! `http`, `httpLabel`, `httpQuery`, `httpHeader`, `jsonName`,
//! `timestampFormat`, `sparse`, `streaming`, `uniqueItems`, `paginated`, `idempotent`,
//! `readonly`, `idempotencyToken`, `httpError`, `error` and `retryable`).
//!
//! smithy-diff judges a shape once, whoever uses it. This report judges each
//! use, from a client's point of view, so a few rules depend on the direction
//! the value travels:
//!
//! - a constraint (`length`, `range`, `pattern`) that allows fewer values
//!   breaks requests that used to be valid, but cannot surprise a caller
//!   reading a response; one that allows more values is harmless in a request
//!   and dangerous in a response;
//! - a new enum value or union variant is harmless in a request (callers just
//!   do not send it) and dangerous in a response (callers may not handle it);
//! - a new required member without a default breaks requests, but only adds
//!   data to responses.

use super::Severity::{self, Breaking, Dangerous, Safe};
use super::{ChangeKind, Side};

/// Which way a value travels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    /// From the caller to the service.
    Input,
    /// From the service to the caller (responses and errors).
    Output,
}

impl Direction {
    /// The direction of values on `side`.
    pub(crate) fn of(side: Side) -> Direction {
        match side {
            Side::Request => Direction::Input,
            _ => Direction::Output,
        }
    }
}

/// The severity of the kinds of change that do not depend on context; the
/// others (`member-added`, `required-*`, `default-added`, `default-changed`,
/// constraint changes, `enum-value-added`, `pagination-changed`,
/// `idempotency-token-changed`, `retryable-changed`) are judged by the
/// functions below, and get the cautious `breaking` here.
pub(crate) fn fixed(kind: ChangeKind) -> Severity {
    use ChangeKind::*;
    match kind {
        OperationAdded | PaginationAdded | WaiterAdded | OperationTraitAdded | Deprecated | Undeprecated
        | SensitiveAdded => Safe,
        // A value that was kept out of logs and terminals starts reaching them.
        ErrorAdded | ErrorRemoved | TargetChanged | UniqueItemsChanged | WaiterChanged | SensitiveRemoved => Dangerous,
        OperationRemoved
        | ProtocolChanged
        | MethodChanged
        | UriChanged
        | StatusCodeChanged
        | InputChanged
        | OutputChanged
        | PaginationRemoved
        | WaiterRemoved
        | OperationTraitRemoved
        | MemberRemoved
        | TypeChanged
        | DefaultRemoved
        | EnumValueRemoved
        | EnumValueChanged
        | BindingChanged
        | JsonNameChanged
        | TimestampFormatChanged
        | SparseChanged
        | StreamingChanged
        | ErrorStatusChanged
        | ErrorFaultChanged
        | ShapeRenamed => Breaking,
        MemberAdded
        | RequiredAdded
        | RequiredRemoved
        | DefaultAdded
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
        | EnumValueAdded
        | PaginationChanged
        | IdempotencyTokenChanged
        | RetryableChanged => Breaking,
    }
}

/// A member or union variant appeared. `required_without_default` is for
/// structure members that callers would now have to set.
pub(crate) fn member_added(direction: Direction, is_variant: bool, required_without_default: bool) -> Severity {
    match direction {
        Direction::Input if required_without_default && !is_variant => Breaking,
        Direction::Output if is_variant => Dangerous,
        _ => Safe,
    }
}

/// A member `@required` was added. `nullability_changed`: the field stops
/// being optional in generated code.
pub(crate) fn required_added(direction: Direction, nullability_changed: bool) -> Severity {
    match direction {
        Direction::Input => Breaking,
        Direction::Output if nullability_changed => Breaking,
        Direction::Output => Safe,
    }
}

/// A member's `@required` was removed.
///
/// Harmless when the member stays non-optional (a default replaced it, or
/// `@clientOptional` already made it optional) and for members of an
/// operation's own input, which callers may now simply omit. Otherwise callers
/// relied on the value being there: breaking, or dangerous for structures and
/// unions, which AWS-style generators always treat as optional.
pub(crate) fn required_removed(
    direction: Direction,
    in_operation_input: bool,
    nullability_changed: bool,
    targets_aggregate: bool,
) -> Severity {
    if !nullability_changed || (direction == Direction::Input && in_operation_input) {
        Safe
    } else if targets_aggregate {
        Dangerous
    } else {
        Breaking
    }
}

/// A member gained a `@default`: harmless only when it replaces `@required`.
pub(crate) fn default_added(replaces_required: bool) -> Severity {
    if replaces_required { Safe } else { Breaking }
}

/// A member's `@default` changed: dangerous, or breaking when it moves to or
/// from the type's zero value.
pub(crate) fn default_changed(old_is_zero: bool, new_is_zero: bool) -> Severity {
    if old_is_zero == new_is_zero { Dangerous } else { Breaking }
}

/// A `length`, `range` or `pattern` constraint changed; `tightened` when some
/// value valid before is not now, `loosened` when some value invalid before is
/// valid now (both when a pattern is replaced: its reach is unknown).
pub(crate) fn constraint(direction: Direction, tightened: bool, loosened: bool) -> Severity {
    match direction {
        Direction::Input if tightened && loosened => Dangerous,
        Direction::Input if tightened => Breaking,
        Direction::Output if loosened => Dangerous,
        _ => Safe,
    }
}

/// An enum or intEnum gained a value.
pub(crate) fn enum_value_added(direction: Direction) -> Severity {
    match direction {
        Direction::Input => Safe,
        Direction::Output => Dangerous,
    }
}

/// A pagination change: `removed_or_retargeted` when the trait went away or
/// its `inputToken`, `outputToken` or `pageSize` (or the removal of `items`)
/// changed; other changes (a new `items`) are harmless.
pub(crate) fn pagination(removed_or_retargeted: bool) -> Severity {
    if removed_or_retargeted { Breaking } else { Safe }
}

/// An operation trait, `@idempotencyToken` or `@retryable` that callers rely
/// on was added (harmless) or removed (breaking).
pub(crate) fn presence_trait(removed: bool) -> Severity {
    if removed { Breaking } else { Safe }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraints_depend_on_direction() {
        assert_eq!(constraint(Direction::Input, true, false), Breaking);
        assert_eq!(constraint(Direction::Input, false, true), Safe);
        assert_eq!(constraint(Direction::Output, true, false), Safe);
        assert_eq!(constraint(Direction::Output, false, true), Dangerous);
        assert_eq!(constraint(Direction::Input, true, true), Dangerous);
        assert_eq!(constraint(Direction::Output, true, true), Dangerous);
    }

    #[test]
    fn added_members_break_only_required_inputs() {
        assert_eq!(member_added(Direction::Input, false, true), Breaking);
        assert_eq!(member_added(Direction::Input, false, false), Safe);
        assert_eq!(member_added(Direction::Output, false, true), Safe);
        assert_eq!(member_added(Direction::Output, true, false), Dangerous);
        assert_eq!(member_added(Direction::Input, true, false), Safe);
    }

    #[test]
    fn nullability_rules() {
        assert_eq!(required_added(Direction::Input, false), Breaking);
        assert_eq!(required_added(Direction::Output, true), Breaking);
        assert_eq!(required_added(Direction::Output, false), Safe);
        assert_eq!(required_removed(Direction::Input, true, true, false), Safe);
        assert_eq!(required_removed(Direction::Output, false, true, false), Breaking);
        assert_eq!(required_removed(Direction::Output, false, true, true), Dangerous);
        assert_eq!(required_removed(Direction::Output, false, false, false), Safe);
        assert_eq!(default_added(true), Safe);
        assert_eq!(default_added(false), Breaking);
        assert_eq!(default_changed(false, false), Dangerous);
        assert_eq!(default_changed(true, false), Breaking);
    }
}
