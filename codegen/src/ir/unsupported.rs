//! Behaviour traits the generator does not implement yet. A model that uses
//! one still generates a working SDK, but not the behaviour the trait asks
//! for; so each is said once, with how many shapes carry it, one of them,
//! and what the SDK does instead — never silently dropped.

use std::collections::BTreeMap;

use super::Warning;
use crate::model::ShapeKind;
use crate::model::validate::Validated;

/// Each trait, and what the SDK does instead of its behaviour.
const UNSUPPORTED: &[(&str, &str)] = &[
    // Streaming blobs are implemented for restJson1; a streaming union is an event stream.
    (
        "smithy.api#streaming",
        "event streams, and streaming blobs in the JSON RPC protocols, are not implemented: \
         the value is sent and read whole, in the JSON document",
    ),
    ("smithy.api#httpBearerAuth", "requests are signed with SigV4 instead"),
    ("smithy.api#httpBasicAuth", "requests are signed with SigV4 instead"),
    ("smithy.api#httpDigestAuth", "requests are signed with SigV4 instead"),
    ("smithy.api#httpApiKeyAuth", "requests are signed with SigV4 instead"),
    ("aws.auth#sigv4a", "requests are signed with SigV4 instead"),
    ("aws.auth#cognitoUserPools", "requests are signed with SigV4 instead"),
    ("aws.protocols#httpChecksum", "no checksums are computed or checked"),
    ("aws.api#clientEndpointDiscovery", "endpoints are not discovered; the endpoint rules decide"),
    ("aws.api#clientDiscoveredEndpoint", "endpoints are not discovered; the endpoint rules decide"),
];

/// One warning per unsupported trait that the service's shapes or their
/// members carry: the count, the first carrier (by id), the fallback.
pub fn warnings(validated: &Validated<'_>) -> Vec<Warning> {
    let (model, service, closure) = (validated.model, &validated.service, &validated.closure);
    let mut carriers: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    // `implemented`: a trait the SDK honours on this carrier (a streaming blob).
    let mut note = |at: String, traits: &crate::model::Traits, implemented: &[&str]| {
        for (id, _) in UNSUPPORTED.iter().filter(|(id, _)| traits.contains_key(*id) && !implemented.contains(id)) {
            carriers.entry(id).or_default().push(at.clone());
        }
    };
    for id in closure.shapes.iter().chain(std::iter::once(service)) {
        let Some(shape) = model.shape(id) else { continue };
        if id.is_prelude() {
            continue;
        }
        let implemented: &[&str] = match shape.kind {
            ShapeKind::Simple(crate::model::SimpleType::Blob) if validated.protocol.uses_http_bindings() => {
                &["smithy.api#streaming"]
            }
            _ => &[],
        };
        note(id.to_string(), &shape.traits, implemented);
        let members: Vec<_> = match &shape.kind {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => members.values().collect(),
            _ => Vec::new(),
        };
        for member in members {
            note(id.member(&member.name), &member.traits, &[]);
        }
    }
    UNSUPPORTED
        .iter()
        .filter_map(|(id, instead)| {
            let mut at = carriers.remove(id)?;
            at.sort();
            at.dedup();
            let count = at.len();
            let short = id.split('#').nth(1).unwrap_or(id);
            Some(Warning {
                at: at[0].clone(),
                message: match count {
                    1 => format!("`@{short}` is not implemented (1 shape or member carries it): {instead}"),
                    n => format!("`@{short}` is not implemented ({n} shapes or members carry it): {instead}"),
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::config::Config;
    use crate::ir::build_from_str;

    #[test]
    fn each_unsupported_trait_is_said_once_with_its_count_and_a_carrier() {
        let model = r#"{"smithy": "2.0", "shapes": {
            "example#S": {"type": "service", "version": "1", "operations": [{"target": "example#Get"}, {"target": "example#Watch"}],
                "traits": {"aws.protocols#restJson1": {}, "smithy.api#httpBearerAuth": {}}},
            "example#Get": {"type": "operation", "output": {"target": "example#Out"},
                "traits": {"smithy.api#http": {"method": "GET", "uri": "/"}, "smithy.api#readonly": {},
                           "smithy.api#optionalAuth": {}, "smithy.api#auth": []}},
            "example#Out": {"type": "structure", "traits": {"smithy.api#output": {}}, "members": {
                "body": {"target": "example#Bytes", "traits": {"smithy.api#httpPayload": {}}}}},
            "example#Watch": {"type": "operation", "output": {"target": "example#WatchOut"},
                "traits": {"smithy.api#http": {"method": "GET", "uri": "/watch"}}},
            "example#WatchOut": {"type": "structure", "traits": {"smithy.api#output": {}}, "members": {
                "events": {"target": "example#Events", "traits": {"smithy.api#httpPayload": {}}}}},
            "example#Bytes": {"type": "blob", "traits": {"smithy.api#streaming": {}}},
            "example#Events": {"type": "union", "traits": {"smithy.api#streaming": {}}, "members": {
                "tick": {"target": "smithy.api#Unit"}}}
        }}"#;
        let ir = build_from_str(model, &Config::example()).unwrap();
        let lines: Vec<String> = ir.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            lines,
            [
                "example#Events: `@streaming` is not implemented (1 shape or member carries it): event streams, and streaming blobs in the JSON RPC protocols, are not implemented: the value is sent and read whole, in the JSON document",
                "example#S: `@httpBearerAuth` is not implemented (1 shape or member carries it): requests are signed with SigV4 instead",
            ]
        );
        // awsJson has no streaming payloads: there the blob is warned about too.
        let ir =
            build_from_str(&model.replace("aws.protocols#restJson1", "aws.protocols#awsJson1_0"), &Config::example())
                .unwrap();
        assert!(
            ir.warnings[0].to_string().starts_with("example#Bytes: `@streaming` is not implemented (2 shapes"),
            "{:?}",
            ir.warnings
        );
    }
}
