//! Walks a structure in both models at once and lists what changed inside
//! it, member path by member path.
//!
//! Paths are relative to the shape walked: `member.nested`, with `[]` for
//! list items, `{}` for map values and `{key}` for map keys. Results are
//! memoised per (base shape, head shape, side), so a shape shared by many
//! operations is compared once; recursive shapes are walked once per cycle.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;

use serde_json::Value;

use super::severity::{self, Direction};
use super::{Change, ChangeKind, ModelVersion, Severity, Side, describe};
use crate::ir::{Binding, Constraints, EnumValue, Member, Role, Shape, ShapeId, ShapeKind, TypeRef, ValueType};
use crate::model::Model;

type Key = (ShapeId, ShapeId, Side);

/// Compares shapes of two model versions.
pub(crate) struct Walker<'a> {
    base: &'a ModelVersion,
    head: &'a ModelVersion,
    memo: HashMap<Key, Rc<Vec<Change>>>,
    /// The shapes being walked, outermost first.
    stack: Vec<Key>,
    /// The outermost stack position a recursion cut returned to; results
    /// computed below it are incomplete and not memoised.
    cut: Option<usize>,
}

impl<'a> Walker<'a> {
    pub(crate) fn new(base: &'a ModelVersion, head: &'a ModelVersion) -> Walker<'a> {
        Walker { base, head, memo: HashMap::new(), stack: Vec::new(), cut: None }
    }

    /// The changes inside shape `base_id` of the base model compared with
    /// shape `head_id` of the head model (usually the same id), seen from
    /// `side`, with paths relative to the shape.
    pub(crate) fn shape(&mut self, side: Side, base_id: &ShapeId, head_id: &ShapeId) -> Rc<Vec<Change>> {
        let key = (base_id.clone(), head_id.clone(), side);
        if let Some(found) = self.memo.get(&key) {
            return Rc::clone(found);
        }
        if let Some(position) = self.stack.iter().position(|active| *active == key) {
            // A recursive shape: its changes are reported at the shallower path.
            self.cut = Some(self.cut.map_or(position, |cut| cut.min(position)));
            return Rc::new(Vec::new());
        }
        let depth = self.stack.len();
        self.stack.push(key.clone());
        let changes = Rc::new(self.compare_shapes(side, base_id, head_id));
        self.stack.pop();
        match self.cut {
            Some(cut) if cut < depth => {} // an enclosing shape is still being walked
            _ => {
                self.cut = None;
                self.memo.insert(key, Rc::clone(&changes));
            }
        }
        changes
    }

    fn compare_shapes(&mut self, side: Side, base_id: &ShapeId, head_id: &ShapeId) -> Vec<Change> {
        let base = self.base.ir().shape(base_id);
        let head = self.head.ir().shape(head_id);
        // smithy-diff's rule: renaming a shape the service already had breaks
        // the code written against its old name.
        let renamed = match (base, head) {
            (Some(old), Some(new)) if base_id == head_id && old.name != new.name => {
                let kind = ChangeKind::ShapeRenamed;
                Some(change(side, kind, Some(old.name.clone()), Some(new.name.clone()), severity::fixed(kind)))
            }
            _ => None,
        };
        let mut changes: Vec<Change> = renamed.into_iter().collect();
        changes.extend(self.compare_contents(side, (base_id, head_id), base, head));
        changes
    }

    fn compare_contents(
        &mut self,
        side: Side,
        (base_id, head_id): (&ShapeId, &ShapeId),
        base: Option<&'a Shape>,
        head: Option<&'a Shape>,
    ) -> Vec<Change> {
        match (base.map(|shape| &shape.kind), head.map(|shape| &shape.kind)) {
            (Some(ShapeKind::Enum(old)), Some(ShapeKind::Enum(new)))
            | (Some(ShapeKind::IntEnum(old)), Some(ShapeKind::IntEnum(new))) => enum_values(side, old, new),
            (Some(ShapeKind::Union(old)), Some(ShapeKind::Union(new))) => {
                self.members(side, (base_id, head_id), old, new, MemberContext { is_variant: true, in_input: false })
            }
            (old @ (None | Some(ShapeKind::Structure(_))), new @ (None | Some(ShapeKind::Structure(_)))) => {
                // A missing shape is `smithy.api#Unit`: a structure without members.
                let members = |kind: Option<&'a ShapeKind>| match kind {
                    Some(ShapeKind::Structure(structure)) => structure.members.as_slice(),
                    _ => &[],
                };
                let in_input = head.or(base).is_some_and(|shape| is_role(shape, &Role::Input));
                let context = MemberContext { is_variant: false, in_input };
                self.members(side, (base_id, head_id), members(old), members(new), context)
            }
            _ => vec![change(
                side,
                ChangeKind::TypeChanged,
                base.map(kind_name),
                head.map(kind_name),
                severity::fixed(ChangeKind::TypeChanged),
            )],
        }
    }

    fn members(
        &mut self,
        side: Side,
        owners: (&ShapeId, &ShapeId),
        old: &[Member],
        new: &[Member],
        context: MemberContext,
    ) -> Vec<Change> {
        let old: BTreeMap<&str, &Member> = old.iter().map(|member| (member.name.as_str(), member)).collect();
        let new: BTreeMap<&str, &Member> = new.iter().map(|member| (member.name.as_str(), member)).collect();
        let names: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
        let direction = Direction::of(side);
        let mut changes = Vec::new();
        for name in names {
            match (old.get(name), new.get(name)) {
                (Some(old), None) => changes.push(at(
                    name,
                    change(
                        side,
                        ChangeKind::MemberRemoved,
                        Some(describe::member(old)),
                        None,
                        severity::fixed(ChangeKind::MemberRemoved),
                    ),
                )),
                (None, Some(new)) => {
                    let required_without_default = new.required && new.default.is_none();
                    let severity = severity::member_added(direction, context.is_variant, required_without_default);
                    let added = change(side, ChangeKind::MemberAdded, None, Some(describe::member(new)), severity);
                    changes.push(at(name, added));
                }
                (Some(old), Some(new)) => {
                    let inner = self.member(side, owners, old, new, context);
                    changes.extend(inner.into_iter().map(|change| at(name, change)));
                }
                (None, None) => {}
            }
        }
        changes
    }

    fn member(
        &mut self,
        side: Side,
        (base_owner, head_owner): (&ShapeId, &ShapeId),
        old: &Member,
        new: &Member,
        context: MemberContext,
    ) -> Vec<Change> {
        let direction = Direction::of(side);
        let mut changes = Vec::new();
        let mut push = |kind: ChangeKind, old: Option<String>, new: Option<String>, severity| {
            changes.push(change(side, kind, old, new, severity));
        };
        if old.binding != new.binding {
            let kind = ChangeKind::BindingChanged;
            push(
                kind,
                Some(describe::binding(&old.binding)),
                Some(describe::binding(&new.binding)),
                severity::fixed(kind),
            );
        } else if old.binding == Binding::Body && old.json_name != new.json_name {
            let kind = ChangeKind::JsonNameChanged;
            push(kind, Some(old.json_name.clone()), Some(new.json_name.clone()), severity::fixed(kind));
        }
        let requiredness = |required: bool| Some(if required { "required" } else { "optional" }.to_owned());
        if !old.required && new.required {
            let severity = severity::required_added(direction, old.optional && !new.optional);
            push(ChangeKind::RequiredAdded, requiredness(false), requiredness(true), severity);
        } else if old.required && !new.required {
            let targets_aggregate = match &new.value.ty {
                TypeRef::Named(id) => self
                    .head
                    .ir()
                    .shape(id)
                    .is_some_and(|shape| matches!(shape.kind, ShapeKind::Structure(_) | ShapeKind::Union(_))),
                _ => false,
            };
            let nullability_changed = !old.optional && new.optional;
            let severity =
                severity::required_removed(direction, context.in_input, nullability_changed, targets_aggregate);
            push(ChangeKind::RequiredRemoved, requiredness(true), requiredness(false), severity);
        }
        match (&old.default, &new.default) {
            (None, Some(value)) => {
                let severity = severity::default_added(old.required && !new.required);
                push(ChangeKind::DefaultAdded, None, Some(describe::json(value)), severity);
            }
            (Some(value), None) => {
                let kind = ChangeKind::DefaultRemoved;
                push(kind, Some(describe::json(value)), None, severity::fixed(kind));
            }
            (Some(before), Some(after)) if before != after => {
                let severity = severity::default_changed(is_zero(before), is_zero(after));
                push(ChangeKind::DefaultChanged, Some(describe::json(before)), Some(describe::json(after)), severity);
            }
            _ => {}
        }
        if old.idempotency_token != new.idempotency_token {
            let severity = severity::presence_trait(old.idempotency_token);
            let (before, after) = (describe::flag(old.idempotency_token), describe::flag(new.idempotency_token));
            push(ChangeKind::IdempotencyTokenChanged, Some(before), Some(after), severity);
        }
        match (&old.deprecated, &new.deprecated) {
            (None, Some(message)) => {
                push(ChangeKind::Deprecated, None, Some(message.clone()), severity::fixed(ChangeKind::Deprecated))
            }
            (Some(message), None) => {
                push(ChangeKind::Undeprecated, Some(message.clone()), None, severity::fixed(ChangeKind::Undeprecated))
            }
            _ => {}
        }
        let old_target = raw_target(self.base.model(), base_owner, &old.name);
        let new_target = raw_target(self.head.model(), head_owner, &new.name);
        changes.extend(self.value(side, &old.value, &new.value, (old_target, new_target)));
        changes
    }

    /// Changes of a value's type and constraints; `targets` are the shapes the
    /// members target in the raw models, when known.
    fn value(
        &mut self,
        side: Side,
        old: &ValueType,
        new: &ValueType,
        targets: (Option<ShapeId>, Option<ShapeId>),
    ) -> Vec<Change> {
        let mut changes = Vec::new();
        let same_type = match (&old.ty, &new.ty) {
            (TypeRef::Simple(a), TypeRef::Simple(b)) => a == b,
            (TypeRef::Named(a), TypeRef::Named(b)) => a == b,
            (TypeRef::List { .. }, TypeRef::List { .. }) | (TypeRef::Map { .. }, TypeRef::Map { .. }) => true,
            _ => false,
        };
        if !same_type {
            let kind = ChangeKind::TypeChanged;
            let (before, after) = (describe::type_ref(&old.ty), describe::type_ref(&new.ty));
            changes.push(change(side, kind, Some(before), Some(after), severity::fixed(kind)));
            return changes;
        }
        if let (Some(before), Some(after)) = &targets
            && before != after
        {
            let kind = ChangeKind::TargetChanged;
            let (before, after) = (before.name().to_owned(), after.name().to_owned());
            changes.push(change(side, kind, Some(before), Some(after), severity::fixed(kind)));
        }
        flag_change(side, ChangeKind::StreamingChanged, old.streaming, new.streaming, &mut changes);
        // On the member or its shape: either way the value is redacted.
        if old.sensitive != new.sensitive {
            let kind = if new.sensitive { ChangeKind::SensitiveAdded } else { ChangeKind::SensitiveRemoved };
            let (before, after) = (describe::flag(old.sensitive), describe::flag(new.sensitive));
            changes.push(change(side, kind, Some(before), Some(after), severity::fixed(kind)));
        }
        constraints(side, &old.constraints, &new.constraints, &mut changes);
        if old.timestamp_format != new.timestamp_format {
            let kind = ChangeKind::TimestampFormatChanged;
            let (before, after) =
                (describe::timestamp_format(old.timestamp_format), describe::timestamp_format(new.timestamp_format));
            changes.push(change(side, kind, Some(before), Some(after), severity::fixed(kind)));
        }
        let (old_target, new_target) = targets;
        let inner = |version: &ModelVersion, target: &Option<ShapeId>, member: &str| {
            target.as_ref().and_then(|target| raw_target(version.model(), target, member))
        };
        match (&old.ty, &new.ty) {
            (
                TypeRef::List { item: old_item, sparse: old_sparse, unique: old_unique },
                TypeRef::List { item: new_item, sparse: new_sparse, unique: new_unique },
            ) => {
                flag_change(side, ChangeKind::SparseChanged, *old_sparse, *new_sparse, &mut changes);
                flag_change(side, ChangeKind::UniqueItemsChanged, *old_unique, *new_unique, &mut changes);
                let targets = (inner(self.base, &old_target, "member"), inner(self.head, &new_target, "member"));
                let items = self.value(side, old_item, new_item, targets);
                changes.extend(items.into_iter().map(|change| at("[]", change)));
            }
            (
                TypeRef::Map { key: old_key, value: old_value, sparse: old_sparse },
                TypeRef::Map { key: new_key, value: new_value, sparse: new_sparse },
            ) => {
                flag_change(side, ChangeKind::SparseChanged, *old_sparse, *new_sparse, &mut changes);
                let targets = (inner(self.base, &old_target, "key"), inner(self.head, &new_target, "key"));
                let keys = self.value(side, old_key, new_key, targets);
                changes.extend(keys.into_iter().map(|change| at("{key}", change)));
                let targets = (inner(self.base, &old_target, "value"), inner(self.head, &new_target, "value"));
                let values = self.value(side, old_value, new_value, targets);
                changes.extend(values.into_iter().map(|change| at("{}", change)));
            }
            (TypeRef::Named(id), TypeRef::Named(_)) => changes.extend(self.shape(side, id, id).iter().cloned()),
            _ => {}
        }
        changes
    }
}

/// What kind of aggregate the members belong to.
#[derive(Clone, Copy)]
struct MemberContext {
    /// Union variants rather than structure members.
    is_variant: bool,
    /// Members of an operation's input structure.
    in_input: bool,
}

/// A change at the walked value itself (empty path).
pub(crate) fn change(
    side: Side,
    kind: ChangeKind,
    old: Option<String>,
    new: Option<String>,
    severity: Severity,
) -> Change {
    Change { side, path: String::new(), kind, old, new, severity }
}

/// `change` moved under `prefix`.
pub(crate) fn at(prefix: &str, mut change: Change) -> Change {
    change.path = join(prefix, &change.path);
    change
}

/// Joins member path parts: `a` + `b` = `a.b`, `a` + `[].b` = `a[].b`.
fn join(prefix: &str, rest: &str) -> String {
    if prefix.is_empty() {
        rest.to_owned()
    } else if rest.is_empty() {
        prefix.to_owned()
    } else if rest.starts_with(['[', '{']) {
        format!("{prefix}{rest}")
    } else {
        format!("{prefix}.{rest}")
    }
}

/// The shape a member of `owner` targets in the raw model.
fn raw_target(model: &Model, owner: &ShapeId, member: &str) -> Option<ShapeId> {
    let shape = model.shape(owner)?;
    shape.members().into_iter().find(|candidate| candidate.name == member).map(|member| member.target.clone())
}

fn is_role(shape: &Shape, role: &Role) -> bool {
    matches!(&shape.kind, ShapeKind::Structure(structure) if structure.role == *role)
}

fn kind_name(shape: &Shape) -> String {
    let kind = match shape.kind {
        ShapeKind::Structure(_) => "structure",
        ShapeKind::Union(_) => "union",
        ShapeKind::Enum(_) => "enum",
        ShapeKind::IntEnum(_) => "intEnum",
    };
    format!("{} ({kind})", shape.id.name())
}

/// Smithy 1.0 zero values, which `ChangedDefault` treats apart.
fn is_zero(value: &Value) -> bool {
    match value {
        Value::Bool(flag) => !flag,
        Value::Number(number) => number.as_f64() == Some(0.0),
        _ => false,
    }
}

fn flag_change(side: Side, kind: ChangeKind, old: bool, new: bool, changes: &mut Vec<Change>) {
    if old != new {
        changes.push(change(side, kind, Some(describe::flag(old)), Some(describe::flag(new)), severity::fixed(kind)));
    }
}

fn enum_values(side: Side, old: &[EnumValue], new: &[EnumValue]) -> Vec<Change> {
    let old: BTreeMap<&str, &EnumValue> = old.iter().map(|value| (value.name.as_str(), value)).collect();
    let new: BTreeMap<&str, &EnumValue> = new.iter().map(|value| (value.name.as_str(), value)).collect();
    let names: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    let mut changes = Vec::new();
    for name in names {
        let (kind, before, after) = match (old.get(name), new.get(name)) {
            (Some(before), None) => (ChangeKind::EnumValueRemoved, Some(*before), None),
            (None, Some(after)) => (ChangeKind::EnumValueAdded, None, Some(*after)),
            (Some(before), Some(after)) if before.value != after.value => {
                (ChangeKind::EnumValueChanged, Some(*before), Some(*after))
            }
            _ => continue,
        };
        let severity = match kind {
            ChangeKind::EnumValueAdded => severity::enum_value_added(Direction::of(side)),
            _ => severity::fixed(kind),
        };
        changes.push(change(side, kind, before.map(describe::enum_value), after.map(describe::enum_value), severity));
    }
    changes
}

/// Length, range and pattern changes, judged by the direction of `side`.
fn constraints(side: Side, old: &Constraints, new: &Constraints, changes: &mut Vec<Change>) {
    let direction = Direction::of(side);
    if old.length != new.length {
        let lower = |length: Option<&crate::ir::Length>| length.and_then(|length| length.min).unwrap_or(0) as f64;
        let upper = |length: Option<&crate::ir::Length>| length.and_then(|length| length.max).map(|max| max as f64);
        let (tightened, loosened) = bounds_moved(
            (lower(old.length.as_ref()), upper(old.length.as_ref())),
            (lower(new.length.as_ref()), upper(new.length.as_ref())),
        );
        let kind = pick(
            tightened,
            loosened,
            [ChangeKind::LengthTightened, ChangeKind::LengthLoosened, ChangeKind::LengthChanged],
        );
        if let Some(kind) = kind {
            let severity = severity::constraint(direction, tightened, loosened);
            let (before, after) =
                (old.length.as_ref().map(describe::length), new.length.as_ref().map(describe::length));
            changes.push(change(side, kind, before, after, severity));
        }
    }
    if old.range != new.range {
        let number = |number: &serde_json::Number| number.as_f64().unwrap_or(0.0);
        let lower = |range: Option<&crate::ir::Range>| {
            range.and_then(|range| range.min.as_ref()).map_or(f64::NEG_INFINITY, number)
        };
        let upper = |range: Option<&crate::ir::Range>| range.and_then(|range| range.max.as_ref()).map(number);
        let (tightened, loosened) = bounds_moved(
            (lower(old.range.as_ref()), upper(old.range.as_ref())),
            (lower(new.range.as_ref()), upper(new.range.as_ref())),
        );
        let kind = pick(
            tightened,
            loosened,
            [ChangeKind::RangeTightened, ChangeKind::RangeLoosened, ChangeKind::RangeChanged],
        );
        if let Some(kind) = kind {
            let severity = severity::constraint(direction, tightened, loosened);
            let (before, after) = (old.range.as_ref().map(describe::range), new.range.as_ref().map(describe::range));
            changes.push(change(side, kind, before, after, severity));
        }
    }
    let (kind, tightened, loosened) = match (&old.pattern, &new.pattern) {
        (None, Some(_)) => (ChangeKind::PatternAdded, true, false),
        (Some(_), None) => (ChangeKind::PatternRemoved, false, true),
        (Some(before), Some(after)) if before.model != after.model => (ChangeKind::PatternChanged, true, true),
        _ => return,
    };
    let severity = severity::constraint(direction, tightened, loosened);
    let model = |pattern: &Option<crate::ir::Pattern>| pattern.as_ref().map(|pattern| pattern.model.clone());
    changes.push(change(side, kind, model(&old.pattern), model(&new.pattern), severity));
}

/// Whether moving from bounds `old` to `new` (inclusive lower bound, upper
/// bound or unbounded) rejects some value accepted before (tightened) and
/// accepts some value rejected before (loosened).
fn bounds_moved(old: (f64, Option<f64>), new: (f64, Option<f64>)) -> (bool, bool) {
    let (old_min, old_max) = old;
    let (new_min, new_max) = new;
    let tightened = new_min > old_min
        || matches!((old_max, new_max), (None, Some(_)))
        || matches!((old_max, new_max), (Some(a), Some(b)) if b < a);
    let loosened = new_min < old_min
        || matches!((old_max, new_max), (Some(_), None))
        || matches!((old_max, new_max), (Some(a), Some(b)) if b > a);
    (tightened, loosened)
}

/// The kind for a constraint that was tightened, loosened or both; none when
/// the change does not move any bound.
fn pick(tightened: bool, loosened: bool, [tight, loose, both]: [ChangeKind; 3]) -> Option<ChangeKind> {
    match (tightened, loosened) {
        (true, false) => Some(tight),
        (false, true) => Some(loose),
        (true, true) => Some(both),
        (false, false) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_paths() {
        assert_eq!(join("a", "b.c"), "a.b.c");
        assert_eq!(join("a", "[].b"), "a[].b");
        assert_eq!(join("a", "{}"), "a{}");
        assert_eq!(join("", "b"), "b");
        assert_eq!(join("a", ""), "a");
    }

    #[test]
    fn bounds() {
        assert_eq!(bounds_moved((0.0, Some(10.0)), (1.0, Some(10.0))), (true, false));
        assert_eq!(bounds_moved((0.0, Some(10.0)), (0.0, None)), (false, true));
        assert_eq!(bounds_moved((0.0, None), (0.0, Some(5.0))), (true, false));
        assert_eq!(bounds_moved((1.0, Some(5.0)), (2.0, Some(9.0))), (true, true));
        assert_eq!(bounds_moved((0.0, None), (0.0, None)), (false, false));
    }
}
