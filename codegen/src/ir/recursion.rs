//! Where members are boxed. A structure or union that can contain itself
//! through fields that are not collections needs a `Box` somewhere on the
//! cycle, or the Rust type would have infinite size (lists and maps already
//! allocate). And a union's structure and union variants are always boxed: a
//! union is as large as its largest variant, and whether a variant is large
//! must not decide its type (a model update would change the API).

use std::collections::{BTreeMap, BTreeSet};

use super::{Shape, ShapeId, ShapeKind, TypeRef};

/// Marks `boxed` on every direct member whose target can reach the member's
/// own shape again through direct members, and on union variants holding a
/// structure or union.
pub fn box_members(shapes: &mut BTreeMap<ShapeId, Shape>) {
    let edges: BTreeMap<ShapeId, Vec<ShapeId>> =
        shapes.iter().map(|(id, shape)| (id.clone(), direct_targets(shape).cloned().collect())).collect();
    let aggregates: BTreeSet<ShapeId> = shapes
        .values()
        .filter(|shape| matches!(shape.kind, ShapeKind::Structure(_) | ShapeKind::Union(_)))
        .map(|shape| shape.id.clone())
        .collect();
    for (id, shape) in shapes.iter_mut() {
        let (members, union) = match &mut shape.kind {
            ShapeKind::Structure(structure) => (&mut structure.members, false),
            ShapeKind::Union(members) => (members, true),
            _ => continue,
        };
        for member in members {
            if let TypeRef::Named(target) = &member.value.ty {
                member.boxed = union && aggregates.contains(target) || reaches(&edges, target, id);
            }
        }
    }
}

fn direct_targets(shape: &Shape) -> impl Iterator<Item = &ShapeId> {
    let members = match &shape.kind {
        ShapeKind::Structure(structure) => structure.members.as_slice(),
        ShapeKind::Union(members) => members.as_slice(),
        _ => &[],
    };
    members.iter().filter_map(|member| match &member.value.ty {
        TypeRef::Named(target) => Some(target),
        _ => None,
    })
}

fn reaches(edges: &BTreeMap<ShapeId, Vec<ShapeId>>, from: &ShapeId, goal: &ShapeId) -> bool {
    let mut seen = BTreeSet::new();
    let mut pending = vec![from];
    while let Some(id) = pending.pop() {
        if id == goal {
            return true;
        }
        if seen.insert(id) {
            pending.extend(edges.get(id).into_iter().flatten());
        }
    }
    false
}
