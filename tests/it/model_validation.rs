//! One test per class of model problem: each must be reported with the shape
//! (or member) it concerns, and all problems must be reported together.

use sdk_tests::{minimal_model, problems};
use serde_json::{Value, json};

/// Applies `change` to the minimal model and returns the pipeline's problems.
fn problems_after(change: impl FnOnce(&mut Value)) -> Vec<String> {
    let mut model = minimal_model();
    change(&mut model);
    problems(&model.to_string())
}

fn shapes(model: &mut Value) -> &mut serde_json::Map<String, Value> {
    model["shapes"].as_object_mut().expect("shapes is an object")
}

/// Asserts exactly one problem, at `at`, whose message contains `needle`.
fn assert_one(found: &[String], at: &str, needle: &str) {
    assert_eq!(found.len(), 1, "expected one problem, got {found:#?}");
    assert!(found[0].starts_with(&format!("{at}: ")), "problem should name `{at}`: {}", found[0]);
    assert!(found[0].contains(needle), "problem should say `{needle}`: {}", found[0]);
}

#[test]
fn the_minimal_model_is_valid() {
    assert_eq!(problems(&minimal_model().to_string()), Vec::<String>::new());
}

#[test]
fn unknown_target() {
    let found =
        problems_after(|m| m["shapes"]["example#GetThingOutput"]["members"]["name"]["target"] = json!("example#Nope"));
    assert_one(&found, "example#GetThingOutput$name", "unknown target: member target `example#Nope`");
}

#[test]
fn unknown_operation_input() {
    let found = problems_after(|m| m["shapes"]["example#GetThing"]["input"]["target"] = json!("example#Missing"));
    assert!(
        found.iter().any(|p| p.starts_with("example#GetThing: unknown target: input `example#Missing`")),
        "{found:#?}"
    );
}

#[test]
fn unknown_shape_type() {
    let found = problems_after(|m| {
        shapes(m).insert("example#Gizmo".into(), json!({"type": "gizmo"}));
    });
    assert_one(&found, "example#Gizmo", "unknown shape type `gizmo`");
}

#[test]
fn malformed_member_not_an_object() {
    let found =
        problems_after(|m| m["shapes"]["example#GetThingOutput"]["members"]["name"] = json!("smithy.api#String"));
    assert_one(&found, "example#GetThingOutput$name", "malformed member");
}

#[test]
fn malformed_member_without_target() {
    let found = problems_after(|m| m["shapes"]["example#GetThingOutput"]["members"]["name"] = json!({"traits": {}}));
    assert_one(&found, "example#GetThingOutput$name", "malformed member: it has no `target`");
}

#[test]
fn malformed_list_without_member() {
    let found = problems_after(|m| {
        shapes(m).insert("example#Names".into(), json!({"type": "list"}));
    });
    assert_one(&found, "example#Names$member", "malformed member");
}

#[test]
fn label_member_not_required() {
    let found = problems_after(|m| {
        m["shapes"]["example#GetThingInput"]["members"]["id"]["traits"]
            .as_object_mut()
            .unwrap()
            .remove("smithy.api#required");
    });
    assert_one(&found, "example#GetThingInput$id", "`httpLabel` member must be `required`");
}

#[test]
fn label_member_not_in_uri() {
    let found = problems_after(|m| {
        m["shapes"]["example#GetThingInput"]["members"]["owner"] = json!({
            "target": "smithy.api#String",
            "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}
        });
    });
    assert_one(&found, "example#GetThingInput$owner", "`httpLabel` member is not in the URI");
}

#[test]
fn uri_label_without_member() {
    let found = problems_after(|m| {
        m["shapes"]["example#GetThing"]["traits"]["smithy.api#http"]["uri"] = json!("/things/{id}/{part}")
    });
    assert_one(&found, "example#GetThing", "URI label `{part}` has no input member");
}

#[test]
fn two_members_bound_to_the_same_header() {
    let found = problems_after(|m| {
        let members = &mut m["shapes"]["example#GetThingInput"]["members"];
        members["first"] = json!({"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "X-Trace"}});
        members["second"] = json!({"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "x-trace"}});
    });
    assert_one(&found, "example#GetThingInput$second", "bound to the same header `x-trace` as member `first`");
}

#[test]
fn two_members_bound_to_the_same_query_parameter() {
    let found = problems_after(|m| {
        m["shapes"]["example#GetThingInput"]["members"]["again"] =
            json!({"target": "smithy.api#String", "traits": {"smithy.api#httpQuery": "token"}});
    });
    assert_one(&found, "example#GetThingInput$token", "bound to the same query parameter `token` as member `again`");
}

#[test]
fn the_same_label_bound_twice() {
    // Member names are unique, so a label is bound twice only by naming it
    // twice in the URI; that is rejected with the operation named.
    let found = problems_after(|m| {
        m["shapes"]["example#GetThing"]["traits"]["smithy.api#http"]["uri"] = json!("/things/{id}/{id}")
    });
    assert_one(&found, "example#GetThing", "label `id` appears twice");
}

#[test]
fn query_member_clashing_with_a_literal_query_key() {
    let found = problems_after(|m| {
        m["shapes"]["example#GetThing"]["traits"]["smithy.api#http"]["uri"] = json!("/things/{id}?token=x")
    });
    assert_one(&found, "example#GetThingInput$token", "also a literal query key");
}

#[test]
fn invalid_uri_pattern() {
    let found =
        problems_after(|m| m["shapes"]["example#GetThing"]["traits"]["smithy.api#http"]["uri"] = json!("things//{id}"));
    assert_one(&found, "example#GetThing", "invalid URI pattern `things//{id}`");
}

#[test]
fn paginated_names_members_that_do_not_exist() {
    let found = problems_after(|m| {
        m["shapes"]["example#GetThing"]["traits"]["smithy.api#paginated"] =
            json!({"inputToken": "nextToken", "outputToken": "page.next", "items": "things", "pageSize": "limit"});
    });
    assert_eq!(found.len(), 4, "{found:#?}");
    for needle in [
        "inputToken` names `nextToken`",
        "outputToken` names `page.next`",
        "items` names `things`",
        "pageSize` names `limit`",
    ] {
        assert!(
            found.iter().any(|p| p.starts_with("example#GetThing: ") && p.contains(needle)),
            "missing {needle}: {found:#?}"
        );
    }
}

/// The IR of the minimal model after `change`.
fn ir_after(change: impl FnOnce(&mut Value)) -> codegen::ir::Ir {
    let mut model = minimal_model();
    change(&mut model);
    codegen::ir::build_from_str(&model.to_string(), &codegen::Config::example()).expect("the model is valid")
}

#[test]
fn shape_names_that_clash_as_rust_names_are_told_apart() {
    let ir = ir_after(|m| {
        m["shapes"]["example#GetThingOutput"]["members"]["a"] = json!({"target": "example#thing_info"});
        m["shapes"]["example#GetThingOutput"]["members"]["b"] = json!({"target": "example#ThingInfo"});
        shapes(m).insert("example#thing_info".into(), json!({"type": "structure", "members": {}}));
        shapes(m).insert("example#ThingInfo".into(), json!({"type": "structure", "members": {}}));
    });
    let name = |id: &str| ir.shapes[&codegen::ir::ShapeId::parse(id).unwrap()].rust_name.to_string();
    // The name already in Rust form keeps it, whatever the order.
    assert_eq!(name("example#ThingInfo"), "ThingInfo");
    assert_eq!(name("example#thing_info"), "ThingInfo2");
}

#[test]
fn member_names_that_clash_as_rust_fields_are_told_apart() {
    let ir = ir_after(|m| {
        m["shapes"]["example#GetThingOutput"]["members"]["itemCount"] = json!({"target": "smithy.api#Integer"});
        m["shapes"]["example#GetThingOutput"]["members"]["item_count"] = json!({"target": "smithy.api#Integer"});
    });
    let output = ir.structure(&codegen::ir::ShapeId::parse("example#GetThingOutput").unwrap()).unwrap();
    let field = |name: &str| output.members.iter().find(|m| m.name == name).unwrap().field.to_string();
    assert_eq!(field("item_count"), "item_count");
    assert_eq!(field("itemCount"), "item_count_2");
}

#[test]
fn operation_not_reachable_from_the_service() {
    let found = problems_after(|m| {
        shapes(m).insert(
            "example#Orphan".into(),
            json!({"type": "operation", "traits": {"smithy.api#http": {"method": "POST", "uri": "/orphan"}}}),
        );
    });
    assert_one(&found, "example#Orphan", "not reachable from the service");
}

#[test]
fn every_problem_is_reported_at_once() {
    let found = problems_after(|m| {
        m["shapes"]["example#GetThingOutput"]["members"]["name"]["target"] = json!("example#Nope");
        m["shapes"]["example#GetThing"]["traits"]["smithy.api#http"]["uri"] = json!("/things/{id}/{part}");
        shapes(m).insert("example#Gizmo".into(), json!({"type": "gizmo"}));
    });
    // The loader stops before validation when shapes cannot be read at all,
    // so the unknown type is reported alone first...
    assert_one(&found, "example#Gizmo", "unknown shape type");
    // ...and once the model loads, every validation problem comes together.
    let found = problems_after(|m| {
        m["shapes"]["example#GetThingOutput"]["members"]["name"]["target"] = json!("example#Nope");
        m["shapes"]["example#GetThing"]["traits"]["smithy.api#http"]["uri"] = json!("/things/{id}/{part}");
        m["shapes"]["example#GetThingInput"]["members"]["id"]["traits"]
            .as_object_mut()
            .unwrap()
            .remove("smithy.api#required");
    });
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].starts_with("example#GetThing: URI label `{part}`"), "{found:#?}");
    assert!(found[1].starts_with("example#GetThingInput$id: `httpLabel` member must be `required`"), "{found:#?}");
    assert!(found[2].starts_with("example#GetThingOutput$name: unknown target"), "{found:#?}");
}

#[test]
fn malformed_json_names_the_position() {
    let found = problems("{\"smithy\": \"2.0\", \"shapes\": {");
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("model: not valid JSON"), "{found:?}");
    assert!(found[0].contains("line 1 column"), "{found:?}");
}

#[test]
fn empty_file() {
    assert_eq!(problems("  \n"), ["model: the model file is empty"]);
}

#[test]
fn not_an_object() {
    assert_eq!(problems("[1, 2]"), ["model: a model must be a JSON object, found an array"]);
    assert_eq!(problems("\"text\""), ["model: a model must be a JSON object, found a string"]);
}

#[test]
fn shape_that_is_not_an_object() {
    let found = problems_after(|m| {
        shapes(m).insert("example#Bad".into(), json!(42));
    });
    assert_one(&found, "example#Bad", "a shape must be a JSON object, found a number");
}

#[test]
fn invalid_constraint_traits() {
    let found = problems_after(|m| {
        m["shapes"]["example#GetThingOutput"]["members"]["name"]["traits"] = json!({
            "smithy.api#length": {"min": 5, "max": 1},
            "smithy.api#pattern": "([a-z]",
            "smithy.api#range": {"min": 1}
        });
    });
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found.iter().all(|p| p.starts_with("example#GetThingOutput$name: ")), "{found:#?}");
    assert!(found.iter().any(|p| p.contains("`length` min 5 exceeds max 1")));
    assert!(found.iter().any(|p| p.contains("`range` applies only to numbers")));
}

/// A pattern the generator cannot match never refuses the model: it is left
/// unchecked, with a warning naming where it is written.
#[test]
fn a_pattern_without_a_rust_form_is_a_warning() {
    let ir = ir_after(|m| {
        m["shapes"]["example#GetThingOutput"]["members"]["name"]["traits"] = json!({"smithy.api#pattern": "([a-z]"});
    });
    let warnings: Vec<String> = ir.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].starts_with("example#GetThingOutput$name: pattern `([a-z]` is not checked: "), "{warnings:?}");
    let output = ir.structure(&codegen::ir::ShapeId::parse("example#GetThingOutput").unwrap()).unwrap();
    let pattern = output.members.iter().find(|m| m.name == "name").unwrap().value.constraints.pattern.clone();
    assert_eq!(pattern.map(|p| (p.model, p.rust)), Some(("([a-z]".to_owned(), None)));
}

#[test]
fn apply_and_mixins_are_folded_in() {
    let found = problems_after(|m| {
        shapes(m).insert(
            "example#Stamped".into(),
            json!({
                "type": "structure",
                "members": {"stamp": {"target": "smithy.api#Timestamp"}},
                "traits": {"smithy.api#mixin": {}}
            }),
        );
        m["shapes"]["example#GetThingOutput"]["mixins"] = json!([{"target": "example#Stamped"}]);
        shapes(m).insert(
            "example#GetThingOutput$name".into(),
            json!({
                "type": "apply",
                "traits": {"smithy.api#documentation": "Applied."}
            }),
        );
    });
    assert_eq!(found, Vec::<String>::new());
    let mut model = minimal_model();
    shapes(&mut model).insert("example#Nowhere$x".into(), json!({"type": "apply", "traits": {}}));
    assert_eq!(
        problems(&model.to_string()),
        ["example#Nowhere$x: unknown target: `apply` names a shape that is not defined"]
    );
}
