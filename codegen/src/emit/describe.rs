//! Plain-language descriptions of what the IR says — constraints, types,
//! routes, bindings, an operation's summary — shared by the rustdoc and the
//! Markdown reference so that both word things the same way.
//!
//! Everything returned is Markdown that rustdoc accepts as is: names and
//! patterns go in code spans, nothing looks like a link or an HTML tag.

use std::collections::BTreeSet;

use crate::ir::{self, Binding, Ir, Role, ShapeKind, SimpleType, TimestampFormat, TypeRef, ValueType};
use crate::markdown::prose::code;

/// How a value is constrained, one phrase per constraint: `length 1..=20
/// characters`, `1..=50 items`, `range 1..=100`, ``pattern `^[0-9]+$` ``,
/// `unique items`, and what constrains a list's items or a map's keys and
/// values (`each item: length 1..=20 characters`).
pub fn constraints(value: &ValueType) -> Vec<String> {
    let mut phrases = Vec::new();
    let constraints = &value.constraints;
    if let Some(length) = &constraints.length {
        phrases.push(length_phrase(&value.ty, length));
    }
    if let Some(range) = &constraints.range {
        let bounds = match (&range.min, &range.max) {
            (Some(min), Some(max)) => format!("{min}..={max}"),
            (Some(min), None) => format!("{min}.."),
            (None, Some(max)) => format!("..={max}"),
            (None, None) => String::new(),
        };
        phrases.push(format!("range {bounds}"));
    }
    if let Some(pattern) = &constraints.pattern {
        phrases.push(format!("pattern {}", code(&pattern.model)));
    }
    match &value.ty {
        TypeRef::List { item, unique, .. } => {
            if *unique {
                phrases.push("unique items".to_owned());
            }
            phrases.extend(nested("each item", item));
        }
        TypeRef::Map { key, value, .. } => {
            phrases.extend(nested("each key", key));
            phrases.extend(nested("each value", value));
        }
        TypeRef::Simple(_) | TypeRef::Named(_) | TypeRef::Unit => {}
    }
    phrases
}

fn nested(what: &str, value: &ValueType) -> Option<String> {
    let inner = constraints(value);
    (!inner.is_empty()).then(|| format!("{what}: {}", inner.join(", ")))
}

/// `length 1..=20 characters` for strings and blobs, `1..=50 items` for lists.
fn length_phrase(ty: &TypeRef, length: &ir::Length) -> String {
    let (prefix, one, many) = match ty {
        TypeRef::Simple(SimpleType::String) => ("length ", "character", "characters"),
        TypeRef::Simple(SimpleType::Blob) => ("length ", "byte", "bytes"),
        TypeRef::List { .. } => ("", "item", "items"),
        TypeRef::Map { .. } => ("", "entry", "entries"),
        TypeRef::Simple(_) | TypeRef::Named(_) | TypeRef::Unit => ("length ", "", ""),
    };
    let (bounds, count) = match (length.min, length.max) {
        (Some(min), Some(max)) if min == max => (format!("exactly {min}"), max),
        (Some(min), Some(max)) => (format!("{min}..={max}"), max),
        (Some(min), None) => (format!("at least {min}"), min),
        (None, Some(max)) => (format!("at most {max}"), max),
        (None, None) => (String::new(), 0),
    };
    let unit = if count == 1 { one } else { many };
    format!("{prefix}{bounds} {unit}").trim_end().to_owned()
}

/// A value's type in words, without links: `String`, `list of String`,
/// `map of String to User`, `Timestamp (date-time)`, `Blob (streaming)`, `User`.
pub fn type_name(ir: &Ir, value: &ValueType) -> String {
    type_name_linked(ir, value, &|_| None)
}

/// Like [`type_name`], with each named type that `link` gives a target for
/// written as a Markdown link to it (`[User](types.md#user)`).
pub fn type_name_linked(ir: &Ir, value: &ValueType, link: &dyn Fn(&ir::Shape) -> Option<String>) -> String {
    if value.streaming {
        let length = if value.requires_length { ", of known length" } else { "" };
        return format!("Blob (streaming{length})");
    }
    match &value.ty {
        TypeRef::Simple(simple) => simple_name(*simple, value.timestamp_format),
        TypeRef::Named(id) => match ir.shape(id) {
            Some(shape) => match link(shape) {
                Some(target) => format!("[{}]({target})", shape.rust_name),
                None => shape.rust_name.to_string(),
            },
            None => id.name().to_owned(),
        },
        TypeRef::Unit => "Unit".to_owned(),
        TypeRef::List { item, sparse, .. } => {
            let sparse = if *sparse { "sparse " } else { "" };
            format!("{sparse}list of {}", type_name_linked(ir, item, link))
        }
        TypeRef::Map { key, value: map_value, sparse } => {
            let sparse = if *sparse { "sparse " } else { "" };
            format!("{sparse}map of {} to {}", type_name_linked(ir, key, link), type_name_linked(ir, map_value, link))
        }
    }
}

fn simple_name(simple: SimpleType, format: Option<TimestampFormat>) -> String {
    let name = simple.prelude_name();
    match format {
        Some(TimestampFormat::DateTime) => format!("{name} (date-time)"),
        Some(TimestampFormat::HttpDate) => format!("{name} (http-date)"),
        Some(TimestampFormat::EpochSeconds) => format!("{name} (epoch-seconds)"),
        None => name.to_owned(),
    }
}

/// How a request reaches the operation: the method and URI pattern
/// (`GET /networks/{networkId}/users/{userId}`), and for the JSON RPC
/// protocols the target too (`POST / X-Amz-Target: Service.Operation`).
pub fn http_route(ir: &Ir, op: &ir::Operation) -> String {
    match ir.service.protocol.uses_http_bindings() {
        true => format!("{} {}", op.http.method, op.http.uri),
        false => format!("{} {} X-Amz-Target: {}", op.http.method, op.http.uri, ir.rpc_target(op)),
    }
}

/// Where a member travels: `path label`, ``query `maxResults` ``,
/// ``header `X-Client-Token` ``, `body`…
pub fn binding(binding: &Binding) -> String {
    match binding {
        Binding::Label => "path label".to_owned(),
        Binding::Query(name) => format!("query {}", code(name)),
        Binding::QueryParams => "query parameters".to_owned(),
        Binding::Header(name) => format!("header {}", code(name)),
        Binding::PrefixHeaders(prefix) => format!("headers prefixed {}", code(prefix)),
        Binding::Payload => "whole body".to_owned(),
        Binding::ResponseCode => "HTTP status code".to_owned(),
        Binding::Body => "body".to_owned(),
    }
}

/// An error's HTTP status: the modelled one, else Smithy's default for its
/// fault (400 for client errors, 500 for server errors).
pub fn error_status(role: &Role) -> Option<u16> {
    match role {
        Role::Error { status: Some(status), .. } => Some(*status),
        Role::Error { fault, .. } if fault == "server" => Some(500),
        Role::Error { .. } => Some(400),
        Role::Data | Role::Input | Role::Output => None,
    }
}

/// A Markdown block to append to an operation's documentation: its HTTP
/// request, its modelled errors (links to their types) with their HTTP status, the constraints on its
/// input (members reachable from the input included, as `users[].username`),
/// and how it paginates.
pub fn operation_summary(ir: &Ir, op: &ir::Operation) -> String {
    let mut sections =
        vec![format!("# HTTP request\n\n{} (success: HTTP {})", code(&http_route(ir, op)), op.http.code)];
    let errors: Vec<String> = op.errors.iter().filter_map(|id| error_line(ir, id)).collect();
    if !errors.is_empty() {
        sections.push(format!("# Errors\n\n{}", errors.join("\n")));
    }
    let constrained: Vec<String> = constrained_members(ir, op)
        .into_iter()
        .map(|(path, phrases)| format!("- {}: {}", code(&path), phrases.join("; ")))
        .collect();
    if !constrained.is_empty() {
        sections.push(format!("# Constraints\n\n{}", constrained.join("\n")));
    }
    if let Some(pagination) = &op.pagination {
        sections.push(format!("# Pagination\n\n{}", pagination_text(pagination)));
    }
    sections.join("\n\n")
}

fn error_line(ir: &Ir, id: &ir::ShapeId) -> Option<String> {
    let shape = ir.shape(id)?;
    let ShapeKind::Structure(structure) = &shape.kind else { return None };
    let Role::Error { fault, retryable, .. } = &structure.role else { return None };
    let status = error_status(&structure.role).map(|status| format!("HTTP {status}, ")).unwrap_or_default();
    let retryable = if *retryable { ", retryable" } else { "" };
    // A link to the error's type, as rustdoc resolves it.
    let link = format!("[{}](crate::{}::{})", code(shape.rust_name.as_str()), shape.module.as_str(), shape.rust_name);
    Some(format!("- {link}: {status}{fault} fault{retryable}"))
}

/// Every constrained member reachable from an operation's input, by path
/// (`networkId`, `users[].username`, `labels.*.text`: `[]` for a list's
/// items, `*` for a map's values), with its [`constraints`]. Recursive
/// structures are followed once.
pub fn constrained_members(ir: &Ir, op: &ir::Operation) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    if let Some(input) = ir.structure(&op.input) {
        let mut on_path = BTreeSet::from([op.input.clone()]);
        walk_members(ir, &input.members, "", &mut on_path, &mut found);
    }
    found
}

/// Structures nest at most this deep in the constraint list; deeper ones
/// are described on their own types.
const MAX_NESTING: usize = 6;

type Found = Vec<(String, Vec<String>)>;

/// Collects constrained members, descending into structures and unions
/// (through lists and maps) that are not already on the path.
fn walk_members(ir: &Ir, members: &[ir::Member], prefix: &str, on_path: &mut BTreeSet<ir::ShapeId>, found: &mut Found) {
    for member in members {
        let path = if prefix.is_empty() { member.name.clone() } else { format!("{prefix}.{}", member.name) };
        let phrases = constraints(&member.value);
        if !phrases.is_empty() {
            found.push((path.clone(), phrases));
        }
        descend(ir, &member.value, &path, on_path, found);
    }
}

fn descend(ir: &Ir, value: &ValueType, path: &str, on_path: &mut BTreeSet<ir::ShapeId>, found: &mut Found) {
    match &value.ty {
        TypeRef::List { item, .. } => descend(ir, item, &format!("{path}[]"), on_path, found),
        TypeRef::Map { value, .. } => descend(ir, value, &format!("{path}.*"), on_path, found),
        TypeRef::Named(id) if on_path.len() < MAX_NESTING && !on_path.contains(id) => {
            let members = match ir.shape(id).map(|shape| &shape.kind) {
                Some(ShapeKind::Structure(structure)) => &structure.members,
                Some(ShapeKind::Union(members)) => members,
                _ => return,
            };
            on_path.insert(id.clone());
            walk_members(ir, members, path, on_path, found);
            on_path.remove(id);
        }
        TypeRef::Named(_) | TypeRef::Simple(_) | TypeRef::Unit => {}
    }
}

fn pagination_text(pagination: &ir::Pagination) -> String {
    let mut sentences = Vec::new();
    match (&pagination.input_token, &pagination.output_token) {
        (Some(input), Some(output)) => sentences.push(format!(
            "Results come in pages: pass a response's {} as the next request's {} until it is absent.",
            code(&output.join(".")),
            code(input)
        )),
        _ => sentences.push("Results come in pages.".to_owned()),
    }
    if let Some(page_size) = &pagination.page_size {
        sentences.push(format!("{} sets the page size.", code(page_size)));
    }
    if let Some(items) = &pagination.items {
        sentences.push(format!("Each page's items are in {}.", code(&items.join("."))));
    }
    sentences.join(" ")
}

/// Each acceptor in words (`` success when `status` is "READY" ``), in
/// order, for the rustdoc and the Markdown reference.
pub fn acceptor_lines(waiter: &ir::Waiter) -> Vec<String> {
    waiter
        .acceptors
        .iter()
        .map(|acceptor| {
            let state = match acceptor.state {
                ir::AcceptorState::Success => "success",
                ir::AcceptorState::Failure => "failure",
                ir::AcceptorState::Retry => "retry",
            };
            let compared = |path: &ir::PathMatcher, over: &str| {
                let (p, e) = (&path.path, &path.expected);
                match path.comparator {
                    ir::Comparator::StringEquals => format!("`{p}` {over} is \"{e}\""),
                    ir::Comparator::BooleanEquals => format!("`{p}` {over} is {e}"),
                    ir::Comparator::AllStringEquals => format!("every item of `{p}` {over} is \"{e}\""),
                    ir::Comparator::AnyStringEquals => format!("some item of `{p}` {over} is \"{e}\""),
                }
            };
            let when = match &acceptor.matcher {
                ir::Matcher::Output(path) => compared(path, "in the output"),
                ir::Matcher::InputOutput(path) => compared(path, "over the input and output"),
                ir::Matcher::Success(true) => "the operation succeeds".to_owned(),
                ir::Matcher::Success(false) => "the operation fails".to_owned(),
                ir::Matcher::ErrorType(name) => format!("the error is `{name}`"),
            };
            format!("{state} when {when}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"{
        "smithy": "2.0",
        "shapes": {
            "example#Service": {
                "type": "service", "version": "2024-01-01",
                "operations": [{"target": "example#ListUsers"}],
                "errors": [{"target": "example#ThrottledError"}],
                "traits": {"aws.protocols#restJson1": {}}
            },
            "example#ListUsers": {
                "type": "operation",
                "input": {"target": "example#ListUsersInput"},
                "output": {"target": "example#ListUsersOutput"},
                "errors": [{"target": "example#ValidationError"}],
                "traits": {
                    "smithy.api#http": {"method": "POST", "uri": "/networks/{networkId}/users"},
                    "smithy.api#paginated": {"inputToken": "nextToken", "outputToken": "nextToken",
                                             "items": "users", "pageSize": "maxResults"}
                }
            },
            "example#ListUsersInput": {
                "type": "structure",
                "members": {
                    "networkId": {"target": "example#NetworkId",
                                  "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
                    "maxResults": {"target": "smithy.api#Integer",
                                   "traits": {"smithy.api#httpQuery": "maxResults", "smithy.api#range": {"min": 1, "max": 100}}},
                    "nextToken": {"target": "smithy.api#String", "traits": {"smithy.api#httpQuery": "nextToken"}},
                    "users": {"target": "example#UserList"},
                    "tags": {"target": "example#Tags"}
                },
                "traits": {"smithy.api#input": {}}
            },
            "example#ListUsersOutput": {
                "type": "structure",
                "members": {
                    "users": {"target": "example#UserList"},
                    "nextToken": {"target": "smithy.api#String"},
                    "created": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "date-time"}}
                },
                "traits": {"smithy.api#output": {}}
            },
            "example#NetworkId": {
                "type": "string",
                "traits": {"smithy.api#length": {"min": 1, "max": 20}, "smithy.api#pattern": "^[0-9]+$"}
            },
            "example#UserList": {
                "type": "list", "member": {"target": "example#User"},
                "traits": {"smithy.api#length": {"min": 1, "max": 50}}
            },
            "example#User": {
                "type": "structure",
                "members": {
                    "username": {"target": "smithy.api#String", "traits": {"smithy.api#length": {"max": 1}}},
                    "manager": {"target": "example#User"}
                }
            },
            "example#Tags": {
                "type": "map", "key": {"target": "example#TagKey"}, "value": {"target": "smithy.api#String"}
            },
            "example#TagKey": {"type": "string", "traits": {"smithy.api#length": {"min": 1}}},
            "example#ValidationError": {
                "type": "structure", "members": {"message": {"target": "smithy.api#String"}},
                "traits": {"smithy.api#error": "client", "smithy.api#httpError": 422}
            },
            "example#ThrottledError": {
                "type": "structure", "members": {"message": {"target": "smithy.api#String"}},
                "traits": {"smithy.api#error": "client", "smithy.api#retryable": {}}
            }
        }
    }"#;

    fn ir() -> Ir {
        ir::build_from_str(MODEL, &crate::Config::example()).expect("the test model is valid")
    }

    fn member<'a>(ir: &'a Ir, structure: &str, name: &str) -> &'a ir::Member {
        let structure = ir.structure(&ir::ShapeId::new("example", structure)).expect("structure");
        structure.members.iter().find(|member| member.name == name).expect("member")
    }

    #[test]
    fn constraints_are_worded_for_the_type() {
        let ir = ir();
        assert_eq!(
            constraints(&member(&ir, "ListUsersInput", "networkId").value),
            ["length 1..=20 characters", "pattern `^[0-9]+$`"]
        );
        assert_eq!(constraints(&member(&ir, "ListUsersInput", "maxResults").value), ["range 1..=100"]);
        assert_eq!(constraints(&member(&ir, "ListUsersInput", "users").value), ["1..=50 items"]);
        assert_eq!(constraints(&member(&ir, "User", "username").value), ["length at most 1 character"]);
        assert_eq!(
            constraints(&member(&ir, "ListUsersInput", "tags").value),
            ["each key: length at least 1 character"]
        );
        assert!(constraints(&member(&ir, "ListUsersInput", "nextToken").value).is_empty());
    }

    #[test]
    fn type_names_with_and_without_links() {
        let ir = ir();
        assert_eq!(type_name(&ir, &member(&ir, "ListUsersInput", "users").value), "list of User");
        assert_eq!(type_name(&ir, &member(&ir, "ListUsersInput", "tags").value), "map of String to String");
        assert_eq!(type_name(&ir, &member(&ir, "ListUsersOutput", "created").value), "Timestamp (date-time)");
        let linked = type_name_linked(&ir, &member(&ir, "ListUsersInput", "users").value, &|shape| {
            Some(format!("types.md#{}", shape.rust_name.as_str().to_lowercase()))
        });
        assert_eq!(linked, "list of [User](types.md#user)");
    }

    #[test]
    fn routes_and_bindings() {
        let ir = ir();
        assert_eq!(http_route(&ir, &ir.operations[0]), "POST /networks/{networkId}/users");
        assert_eq!(binding(&Binding::Label), "path label");
        assert_eq!(binding(&Binding::Query("maxResults".to_owned())), "query `maxResults`");
        assert_eq!(binding(&Binding::Header("X-Client-Token".to_owned())), "header `X-Client-Token`");
        assert_eq!(binding(&Binding::Body), "body");
    }

    #[test]
    fn operation_summary_names_route_errors_constraints_and_pagination() {
        let ir = ir();
        assert_eq!(
            operation_summary(&ir, &ir.operations[0]),
            "# HTTP request\n\n`POST /networks/{networkId}/users` (success: HTTP 200)\n\n\
             # Errors\n\n\
             - [`ThrottledError`](crate::error::ThrottledError): HTTP 400, client fault, retryable\n\
             - [`ValidationError`](crate::error::ValidationError): HTTP 422, client fault\n\n\
             # Constraints\n\n\
             - `maxResults`: range 1..=100\n\
             - `networkId`: length 1..=20 characters; pattern `^[0-9]+$`\n\
             - `tags`: each key: length at least 1 character\n\
             - `users`: 1..=50 items\n\
             - `users[].username`: length at most 1 character\n\n\
             # Pagination\n\n\
             Results come in pages: pass a response's `nextToken` as the next request's `nextToken` until it is \
             absent. `maxResults` sets the page size. Each page's items are in `users`."
        );
    }
}
