//! The marks that tell logs and dry runs which parts of a request are
//! `@sensitive`: query keys, headers and labels (restJson1), and the JSON
//! body's paths (every JSON protocol).

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Binding, Ir, Member, ShapeId, ShapeKind, TypeRef, ValueType};

/// The marks of the `@sensitive` query, header and body members (labels are
/// marked with the path).
pub fn redactions(ir: &Ir, members: &[Member]) -> Vec<TokenStream> {
    let mut marks = Vec::new();
    let mut body_paths = Vec::new();
    for member in members {
        match &member.binding {
            Binding::Query(key) if sensitive_within(ir, &member.value) => marks.push(quote!(.redact_query(#key))),
            Binding::Header(name) if sensitive_within(ir, &member.value) => marks.push(quote!(.redact_header(#name))),
            Binding::PrefixHeaders(prefix) if sensitive_within(ir, &member.value) => {
                marks.push(quote!(.redact_header_prefix(#prefix)))
            }
            Binding::Body => sensitive_paths(
                ir,
                &member.value,
                &mut vec![member.json_name.clone()],
                &mut Vec::new(),
                &mut body_paths,
            ),
            Binding::Payload => sensitive_paths(ir, &member.value, &mut Vec::new(), &mut Vec::new(), &mut body_paths),
            _ => {}
        }
    }
    let body_paths = bounded(body_paths);
    if !body_paths.is_empty() {
        let paths = body_paths.iter().map(|path| quote!(&[#(#path),*]));
        marks.push(quote!(.redact_body(&[#(#paths),*])));
    }
    marks
}

/// At most [`MAX_REDACTED_PATHS`] paths: deep shapes that hold many
/// `@sensitive` values (quicksight's dashboard definitions give thousands of
/// paths) are hidden from their top-level member down, and past that the
/// whole body is. Hiding more than needed is safe; the list stays small.
fn bounded(mut paths: Vec<Vec<String>>) -> Vec<Vec<String>> {
    if paths.len() <= MAX_REDACTED_PATHS {
        return paths;
    }
    for path in &mut paths {
        path.truncate(1);
    }
    paths.sort();
    paths.dedup();
    if paths.len() <= MAX_REDACTED_PATHS { paths } else { vec![Vec::new()] }
}

/// How many body paths an operation's redaction lists before it coarsens.
const MAX_REDACTED_PATHS: usize = 64;

/// The JSON paths (`*` for any item or map value) of every `@sensitive`
/// value within `value`, which is at `path`. A recursive shape that holds
/// one is redacted whole where it recurs, so the list stays finite.
fn sensitive_paths(
    ir: &Ir,
    value: &ValueType,
    path: &mut Vec<String>,
    visiting: &mut Vec<ShapeId>,
    out: &mut Vec<Vec<String>>,
) {
    if value.sensitive {
        out.push(path.clone());
        return;
    }
    match &value.ty {
        TypeRef::List { item, .. } => descend(ir, "*", item, path, visiting, out),
        TypeRef::Map { key, .. } if key.sensitive => out.push(path.clone()),
        TypeRef::Map { value, .. } => descend(ir, "*", value, path, visiting, out),
        TypeRef::Named(id) => {
            let Some(shape) = ir.shapes.get(id) else { return };
            if visiting.contains(id) {
                if sensitive_within(ir, value) {
                    out.push(path.clone());
                }
                return;
            }
            if shape.sensitive {
                out.push(path.clone());
                return;
            }
            let members = match &shape.kind {
                ShapeKind::Structure(structure) => &structure.members,
                ShapeKind::Union(members) => members,
                _ => return,
            };
            visiting.push(id.clone());
            for member in members {
                descend(ir, &member.json_name, &member.value, path, visiting, out);
            }
            visiting.pop();
        }
        TypeRef::Simple(_) | TypeRef::Unit => {}
    }
}

fn descend(
    ir: &Ir,
    key: &str,
    value: &ValueType,
    path: &mut Vec<String>,
    visiting: &mut Vec<ShapeId>,
    out: &mut Vec<Vec<String>>,
) {
    path.push(key.to_owned());
    sensitive_paths(ir, value, path, visiting, out);
    path.pop();
}

/// Whether `value` is `@sensitive` or holds a value that is.
pub fn sensitive_within(ir: &Ir, value: &ValueType) -> bool {
    fn holds(ir: &Ir, value: &ValueType, seen: &mut Vec<ShapeId>) -> bool {
        if value.sensitive {
            return true;
        }
        match &value.ty {
            TypeRef::List { item, .. } => holds(ir, item, seen),
            TypeRef::Map { key, value, .. } => key.sensitive || holds(ir, value, seen),
            TypeRef::Named(id) if !seen.contains(id) => {
                seen.push(id.clone());
                let Some(shape) = ir.shapes.get(id) else { return false };
                shape.sensitive
                    || match &shape.kind {
                        ShapeKind::Structure(structure) => structure.members.iter().any(|m| holds(ir, &m.value, seen)),
                        ShapeKind::Union(members) => members.iter().any(|m| holds(ir, &m.value, seen)),
                        _ => false,
                    }
            }
            _ => false,
        }
    }
    holds(ir, value, &mut Vec::new())
}

#[cfg(test)]
mod tests {
    use super::{MAX_REDACTED_PATHS, bounded};

    fn path(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|part| (*part).to_owned()).collect()
    }

    #[test]
    fn many_sensitive_paths_coarsen_to_members_then_to_the_whole_body() {
        let few = vec![path(&["a", "b"]), path(&["c"])];
        assert_eq!(bounded(few.clone()), few);
        let deep: Vec<_> = (0..=MAX_REDACTED_PATHS).map(|n| path(&["definition", "*", &n.to_string()])).collect();
        assert_eq!(bounded(deep), [path(&["definition"])]);
        let wide: Vec<_> = (0..=MAX_REDACTED_PATHS).map(|n| path(&[&format!("m{n}"), "x"])).collect();
        assert_eq!(bounded(wide), [Vec::<String>::new()]);
    }
}
