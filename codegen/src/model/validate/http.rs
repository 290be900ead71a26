//! HTTP bindings: every URI label has exactly one required member, no two
//! members share a header, query key or label, and at most one is the payload.

use std::collections::BTreeMap;

use crate::model::traits::{self, Binding};
use crate::model::{Model, ModelError, Shape, ShapeId, ShapeKind};

pub fn check(model: &Model, errors: &mut Vec<ModelError>) {
    for shape in model.shapes.values() {
        let ShapeKind::Operation(operation) = &shape.kind else { continue };
        let at = shape.id.to_string();
        let http = match traits::http(&shape.traits) {
            Ok(Some(http)) => http,
            Ok(None) => {
                errors.push(ModelError::new(at, "the operation has no `http` trait, which restJson1 needs"));
                continue;
            }
            Err(_) => continue, // reported by the trait value checks
        };
        let input = operation.input.as_ref().and_then(|id| structure(model, id));
        let output = operation.output.as_ref().and_then(|id| structure(model, id));

        let label_members: BTreeMap<&str, &Shape> = match input {
            Some(input) => input
                .members()
                .into_iter()
                .filter(|member| traits::binding(member) == Ok(Binding::Label))
                .map(|member| (member.name.as_str(), input))
                .collect(),
            None => BTreeMap::new(),
        };
        for (label, _) in http.uri.labels() {
            if !label_members.contains_key(label) {
                errors.push(ModelError::new(
                    &at,
                    format!("URI label `{{{label}}}` has no input member with `httpLabel` of that name"),
                ));
            }
        }
        if let Some(input) = input {
            for member in input.members() {
                if traits::binding(member) != Ok(Binding::Label) {
                    continue;
                }
                let member_at = input.id.member(&member.name);
                if !http.uri.labels().any(|(label, _)| label == member.name) {
                    errors.push(ModelError::new(
                        &member_at,
                        format!("`httpLabel` member is not in the URI of `{}` ({})", shape.id, http.uri),
                    ));
                }
                if !member.has_trait(traits::id::REQUIRED) {
                    errors.push(ModelError::new(&member_at, "`httpLabel` member must be `required`"));
                }
                if let Some(
                    ShapeKind::List(_) | ShapeKind::Map { .. } | ShapeKind::Structure(_) | ShapeKind::Union(_),
                ) = model.shape(&member.target).map(|target| &target.kind)
                {
                    errors.push(ModelError::new(&member_at, "`httpLabel` member must target a simple type"));
                }
            }
            check_shared_bindings(input, &http.uri.query, errors);
        }
        if let Some(output) = output {
            check_shared_bindings(output, &[], errors);
        }
    }
}

fn structure<'a>(model: &'a Model, id: &ShapeId) -> Option<&'a Shape> {
    model.shape(id).filter(|shape| matches!(shape.kind, ShapeKind::Structure(_)))
}

/// No two members bound to the same header (case-insensitive), query key or
/// label; a payload member excludes body members.
fn check_shared_bindings(shape: &Shape, literal_query: &[(String, Option<String>)], errors: &mut Vec<ModelError>) {
    let mut seen: BTreeMap<(&str, String), &str> = BTreeMap::new();
    let mut payload = None;
    let mut body = None;
    for member in shape.members() {
        let Ok(binding) = traits::binding(member) else { continue };
        let key = match &binding {
            Binding::Header(name) => Some(("header", name.to_ascii_lowercase())),
            Binding::Query(name) => Some(("query parameter", name.clone())),
            Binding::Label => Some(("label", member.name.clone())),
            Binding::Payload => {
                payload.get_or_insert(member.name.as_str());
                None
            }
            Binding::Body => {
                body.get_or_insert(member.name.as_str());
                None
            }
            _ => None,
        };
        let Some(key) = key else { continue };
        if key.0 == "query parameter" && literal_query.iter().any(|(literal, _)| *literal == key.1) {
            errors.push(ModelError::new(
                shape.id.member(&member.name),
                format!("query parameter `{}` is also a literal query key in the URI", key.1),
            ));
        }
        if let Some(other) = seen.get(&key) {
            errors.push(ModelError::new(
                shape.id.member(&member.name),
                format!("bound to the same {} `{}` as member `{other}`", key.0, key.1),
            ));
        } else {
            seen.insert(key, member.name.as_str());
        }
    }
    let payloads = shape.members().into_iter().filter(|m| traits::binding(m) == Ok(Binding::Payload)).count();
    if payloads > 1 {
        errors.push(ModelError::new(shape.id.to_string(), "more than one member has `httpPayload`"));
    }
    if let (Some(payload), Some(body)) = (payload, body) {
        errors.push(ModelError::new(
            shape.id.member(body),
            format!("member is bound to the body, but `{payload}` is the `httpPayload`"),
        ));
    }
}
