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
fn the_same_label_bound_twice() {
    // Member names are unique, so a label is bound twice only by naming it
    // twice in the URI; that is rejected with the operation named.
    let found = problems_after(|m| {
        m["shapes"]["example#GetThing"]["traits"]["smithy.api#http"]["uri"] = json!("/things/{id}/{id}")
    });
    assert_one(&found, "example#GetThing", "label `id` appears twice");
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

/// Gives the minimal model's output a mixin with a `stamp` member, and
/// documents its `name` member with an `apply`.
fn mixin_and_apply(m: &mut Value) {
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
        json!({"type": "apply", "traits": {"smithy.api#documentation": "Applied."}}),
    );
}

#[test]
fn apply_and_mixins_are_folded_in() {
    assert_eq!(problems_after(mixin_and_apply), Vec::<String>::new());
    // Both reach what the emitters read: the mixed-in member, the applied documentation.
    let ir = ir_after(mixin_and_apply);
    let output = ir.structure(&codegen::ir::ShapeId::parse("example#GetThingOutput").unwrap()).unwrap();
    let members: Vec<(&str, Option<&str>)> =
        output.members.iter().map(|m| (m.name.as_str(), m.docs.as_deref())).collect();
    assert_eq!(members, [("name", Some("Applied.")), ("stamp", None)]);
    let mut model = minimal_model();
    shapes(&mut model).insert("example#Nowhere$x".into(), json!({"type": "apply", "traits": {}}));
    assert_eq!(
        problems(&model.to_string()),
        ["example#Nowhere$x: unknown target: `apply` names a shape that is not defined"]
    );
}

// --- Every check of `codegen::model::validate`, one case each ---------------------------

/// The input, output and thing members of the minimal model, for the cases below.
fn input(m: &mut Value) -> &mut Value {
    &mut m["shapes"]["example#GetThingInput"]["members"]
}

fn output(m: &mut Value) -> &mut Value {
    &mut m["shapes"]["example#GetThingOutput"]["members"]
}

fn operation_traits(m: &mut Value) -> &mut Value {
    &mut m["shapes"]["example#GetThing"]["traits"]
}

fn add(m: &mut Value, id: &str, shape: Value) {
    shapes(m).insert(id.into(), shape);
}

fn error_shape(traits: Value) -> Value {
    json!({"type": "structure", "members": {}, "traits": traits})
}

/// One model change per check in `codegen/src/model/validate/`: where the
/// problem is reported and what it says.
type Case = (fn(&mut Value), &'static str, &'static str);

const CHECKS: &[Case] = &[
    // mod.rs
    (|m| m["shapes"]["example#Service"]["type"] = json!("structure"), "model", "the model defines no service shape"),
    (
        |m| add(m, "example#Other", json!({"type": "service", "version": "1"})),
        "model",
        "the model defines 2 services (example#Other, example#Service); name one in the codegen config",
    ),
    (
        |m| {
            add(
                m,
                "example#Orphan",
                json!({"type": "operation", "traits": {"smithy.api#http": {"method": "POST", "uri": "/orphan"}}}),
            )
        },
        "example#Orphan",
        "the operation is not reachable from the service (bind it to the service or one of its resources)",
    ),
    // references.rs
    (
        |m| output(m)["op"] = json!({"target": "example#GetThing"}),
        "example#GetThingOutput$op",
        "member targets `example#GetThing`, an operation, which cannot hold data",
    ),
    (
        |m| add(m, "example#Color", json!({"type": "enum", "members": {"RED": {"target": "smithy.api#String"}}})),
        "example#Color$RED",
        "enum members must target smithy.api#Unit",
    ),
    (
        |m| m["shapes"]["example#GetThing"]["output"]["target"] = json!("smithy.api#String"),
        "example#GetThing",
        "output `smithy.api#String` must be a structure, found a string",
    ),
    (
        |m| {
            m["shapes"]["example#GetThing"]["errors"] = json!([{"target": "example#NotAnError"}]);
            add(m, "example#NotAnError", json!({"type": "structure", "members": {}}));
        },
        "example#GetThing",
        "error `example#NotAnError` must be a structure with the `error` trait, found a structure",
    ),
    (
        |m| {
            m["shapes"]["example#Service"]["operations"] =
                json!([{"target": "example#GetThing"}, {"target": "example#GetThingInput"}])
        },
        "example#Service",
        "operation `example#GetThingInput` must be an operation, found a structure",
    ),
    (
        |m| m["shapes"]["example#Service"]["resources"] = json!([{"target": "example#Nope"}]),
        "example#Service",
        "unknown target: resource `example#Nope` is not defined",
    ),
    (
        |m| m["shapes"]["example#Service"]["errors"] = json!([{"target": "example#GetThingOutput"}]),
        "example#Service",
        "error `example#GetThingOutput` must be a structure with the `error` trait",
    ),
    (
        |m| {
            m["shapes"]["example#Service"]["resources"] = json!([{"target": "example#Thing"}]);
            add(
                m,
                "example#Thing",
                json!({"type": "resource", "identifiers": {"id": {"target": "example#GetThing"}}, "resources": [{"target": "example#GetThingInput"}]}),
            );
        },
        "example#Thing",
        "identifier or property `example#GetThing` must be a data shape, found an operation",
    ),
    // trait_values.rs
    (
        |m| operation_traits(m)["smithy.api#http"] = json!({"uri": "/things/{id}"}),
        "example#GetThing",
        "the `http` trait needs an upper-case `method` string",
    ),
    (
        |m| operation_traits(m)["smithy.api#paginated"] = json!({"inputToken": 5}),
        "example#GetThing",
        "`paginated.inputToken` must be a non-empty string",
    ),
    (
        |m| add(m, "example#Oops", error_shape(json!({"smithy.api#error": "client", "smithy.api#httpError": 302}))),
        "example#Oops",
        "`httpError` must be a status code from 400 to 599",
    ),
    (
        |m| add(m, "example#Oops", error_shape(json!({"smithy.api#error": "user"}))),
        "example#Oops",
        "`error` must be \"client\" or \"server\"",
    ),
    (
        |m| output(m)["name"]["traits"] = json!({"smithy.api#documentation": ["not", "text"]}),
        "example#GetThingOutput$name",
        "`documentation` must be a string",
    ),
    (
        |m| output(m)["n"] = json!({"target": "smithy.api#Integer", "traits": {"smithy.api#length": {"max": 3}}}),
        "example#GetThingOutput$n",
        "`length` applies only to strings, enums, blobs, lists and maps",
    ),
    (
        |m| output(m)["n"] = json!({"target": "smithy.api#Integer", "traits": {"smithy.api#pattern": "^a$"}}),
        "example#GetThingOutput$n",
        "`pattern` applies only to strings and enums",
    ),
    (
        |m| {
            output(m)["t"] = json!({"target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "unix"}})
        },
        "example#GetThingOutput$t",
        "`timestampFormat` must be `date-time`, `http-date` or `epoch-seconds`",
    ),
    (
        |m| input(m)["token"]["traits"]["smithy.api#httpHeader"] = json!("X-Token"),
        "example#GetThingInput$token",
        "the member has more than one HTTP binding trait",
    ),
    (
        |m| add(m, "example#Level", json!({"type": "intEnum", "members": {"LOW": {"target": "smithy.api#Unit"}}})),
        "example#Level$LOW",
        "intEnum members need an integer `enumValue`",
    ),
    (
        |m| {
            add(
                m,
                "example#Level",
                json!({"type": "intEnum", "members": {"LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "1"}}}}),
            )
        },
        "example#Level$LOW",
        "`enumValue` must be an integer",
    ),
    (
        |m| {
            add(
                m,
                "example#Color",
                json!({"type": "enum", "members": {"RED": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": ""}}}}),
            )
        },
        "example#Color$RED",
        "`enumValue` must be a non-empty string",
    ),
    (
        |m| {
            let value = |v: &str| json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": v}});
            add(m, "example#Color", json!({"type": "enum", "members": {"RED": value("r"), "ROUGE": value("r")}}));
        },
        "example#Color$ROUGE",
        "enum value \"r\" is used by another member",
    ),
    (
        |m| output(m)["name"]["traits"] = json!({"smithy.api#range": {"min": 1}}),
        "example#GetThingOutput$name",
        "`range` applies only to numbers",
    ),
    // http.rs
    (
        |m| {
            input(m)["id"]["traits"].as_object_mut().unwrap().remove("smithy.api#required");
        },
        "example#GetThingInput$id",
        "`httpLabel` member must be `required`",
    ),
    (
        |m| {
            input(m)["owner"] = json!({"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}})
        },
        "example#GetThingInput$owner",
        "`httpLabel` member is not in the URI of `example#GetThing` (/things/{id})",
    ),
    (
        |m| operation_traits(m)["smithy.api#http"]["uri"] = json!("/things/{id}/{part}"),
        "example#GetThing",
        "URI label `{part}` has no input member with `httpLabel` of that name",
    ),
    (
        |m| {
            input(m)["first"] = json!({"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "X-Trace"}});
            input(m)["second"] = json!({"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "x-trace"}});
        },
        "example#GetThingInput$second",
        "bound to the same header `x-trace` as member `first`",
    ),
    (
        |m| input(m)["again"] = json!({"target": "smithy.api#String", "traits": {"smithy.api#httpQuery": "token"}}),
        "example#GetThingInput$token",
        "bound to the same query parameter `token` as member `again`",
    ),
    (
        |m| operation_traits(m)["smithy.api#http"]["uri"] = json!("/things/{id}?token=x"),
        "example#GetThingInput$token",
        "query parameter `token` is also a literal query key in the URI",
    ),
    (
        |m| operation_traits(m).as_object_mut().unwrap().clear(),
        "example#GetThing",
        "the operation has no `http` trait, which restJson1 needs",
    ),
    (
        |m| {
            input(m)["id"]["target"] = json!("example#Ids");
            add(m, "example#Ids", json!({"type": "list", "member": {"target": "smithy.api#String"}}));
        },
        "example#GetThingInput$id",
        "`httpLabel` member must target a simple type",
    ),
    (
        |m| {
            output(m)["a"] = json!({"target": "smithy.api#Blob", "traits": {"smithy.api#httpPayload": {}}});
            output(m)["b"] = json!({"target": "smithy.api#Blob", "traits": {"smithy.api#httpPayload": {}}});
            output(m).as_object_mut().unwrap().remove("name");
        },
        "example#GetThingOutput",
        "more than one member has `httpPayload`",
    ),
    (
        |m| output(m)["data"] = json!({"target": "smithy.api#Blob", "traits": {"smithy.api#httpPayload": {}}}),
        "example#GetThingOutput$name",
        "member is bound to the body, but `data` is the `httpPayload`",
    ),
    // pagination.rs
    (
        |m| operation_traits(m)["smithy.api#paginated"] = json!({"inputToken": "token"}),
        "example#GetThing",
        "`paginated` needs both `inputToken` and `outputToken`, or neither",
    ),
    (
        |m| {
            operation_traits(m)["smithy.api#paginated"] =
                json!({"inputToken": "token", "outputToken": "name", "pageSize": "token"});
        },
        "example#GetThing",
        "`paginated.pageSize` member `token` must target an integer",
    ),
    (
        |m| {
            output(m)["next"] = json!({"target": "smithy.api#Integer"});
            operation_traits(m)["smithy.api#paginated"] =
                json!({"inputToken": "token", "outputToken": "next", "items": "name"});
        },
        "example#GetThing",
        "`paginated.outputToken` member `next` must target a string",
    ),
];

/// The service named in the codegen config, and the problem it gives.
const SERVICE_CHOICE: &[(&str, &str, &str)] = &[
    ("example#GetThing", "example#GetThing", "expected a service, found an operation"),
    ("example#Elsewhere", "example#Elsewhere", "the configured service is not defined in the model"),
];

#[test]
fn a_configured_service_must_be_a_service_of_the_model() {
    for (service, at, message) in SERVICE_CHOICE {
        let config = codegen::Config { service: Some((*service).to_owned()), ..codegen::Config::example() };
        let found: Vec<String> = match codegen::generate(&minimal_model().to_string(), &config) {
            Ok(_) => Vec::new(),
            Err(errors) => errors.errors().iter().map(ToString::to_string).collect(),
        };
        assert_eq!(found, [format!("{at}: {message}")]);
    }
}

#[test]
fn every_validation_check_is_reported_at_the_shape_it_concerns() {
    let failures: Vec<String> = CHECKS
        .iter()
        .filter_map(|(change, at, message)| {
            let found = problems_after(change);
            let expected = format!("{at}: {message}");
            (!found.iter().any(|problem| problem.starts_with(&expected)))
                .then(|| format!("{expected}\n  got {found:#?}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} checks not reported as expected:\n{}",
        failures.len(),
        CHECKS.len(),
        failures.join("\n")
    );
}

/// Every message the validators can produce (each string literal passed to
/// `ModelError::new` or `format!` in `codegen/src/model/validate/`, up to its
/// first placeholder) is one a case above expects, so a new check needs a case.
#[test]
fn every_validation_message_has_a_case() {
    let dir = sdk_tests::workspace_root().join("codegen/src/model/validate");
    let mut sources: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().path()).collect();
    sources.sort();
    let mut missing = Vec::new();
    for path in sources {
        let text = std::fs::read_to_string(&path).unwrap();
        for (index, _) in text
            .match_indices("ModelError::new(")
            .chain(text.match_indices("ModelErrors::one("))
            .chain(text.match_indices("format!("))
        {
            // The first string literal of the call (its message, or the
            // format string), as far as its first placeholder.
            let rest = &text[index..];
            let Some(open) = rest.find('"') else { continue };
            let call_end = rest.find(");").unwrap_or(rest.len());
            if open > call_end {
                continue; // a message built elsewhere (a variable)
            }
            // Up to the closing quote (not an escaped one), unescaped.
            let mut literal = String::new();
            let mut chars = rest[open + 1..].chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => literal.extend(chars.next()),
                    '"' => break,
                    c => literal.push(c),
                }
            }
            let fixed = literal.split('{').next().unwrap().to_owned();
            let expected = CHECKS.iter().map(|(_, at, message)| (at, message));
            let mut expected = expected.chain(SERVICE_CHOICE.iter().map(|(_, at, message)| (at, message)));
            // Shorter texts are fragments (`{role} `, "the `paginated.") rather than messages.
            if fixed.len() >= 6 && !expected.any(|(at, message)| format!("{at}: {message}").contains(&fixed)) {
                missing.push(format!("{}: {fixed:?}", path.file_name().unwrap().to_string_lossy()));
            }
        }
    }
    assert!(missing.is_empty(), "messages no case expects:\n{}", missing.join("\n"));
}

#[test]
fn a_malformed_waiter_names_its_operation_waiter_and_acceptor() {
    let found = problems_after(|m| {
        m["shapes"]["example#GetThing"]["traits"]["smithy.waiters#waitable"] = json!({"Ready": {"acceptors": [
            {"state": "success", "matcher": {"success": true}},
            {"state": "success", "matcher": {"output": {"path": "a", "expected": "1", "comparator": "numberEquals"}}}
        ]}});
    });
    assert_one(&found, "example#GetThing", "waiter `Ready`: acceptor 2: unknown comparator `numberEquals`");
}

#[test]
fn a_waiter_whose_path_cannot_be_read_is_left_out_with_a_warning() {
    let mut model = minimal_model();
    let path = |path: &str| json!({"output": {"path": path, "expected": "x", "comparator": "stringEquals"}});
    model["shapes"]["example#GetThing"]["traits"]["smithy.waiters#waitable"] = json!({
        "Broken": {"acceptors": [{"state": "success", "matcher": path("a[")}]},
        "Fine": {"acceptors": [{"state": "success", "matcher": path("a")}]}
    });
    let ir = codegen::ir::build_from_str(&model.to_string(), &codegen::Config::example()).unwrap();
    let waiters: Vec<&str> = ir.operations[0].waiters.iter().map(|waiter| waiter.name.as_str()).collect();
    assert_eq!(waiters, ["Fine"]);
    let warnings: Vec<String> = ir.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("example#GetThing: waiter `Broken` is not generated: its path `a[` cannot be read"),
        "{}",
        warnings[0]
    );
}

/// The service's protocol traits, replaced by `protocols`.
fn speak(m: &mut Value, protocols: &[&str]) {
    let traits = m["shapes"]["example#Service"]["traits"].as_object_mut().expect("the service has traits");
    traits.remove("aws.protocols#restJson1");
    for protocol in protocols {
        traits.insert((*protocol).to_owned(), json!({}));
    }
}

#[test]
fn a_service_whose_protocols_are_all_unsupported_is_refused_naming_them() {
    let found = problems_after(|m| speak(m, &["aws.protocols#awsQuery", "smithy.protocols#rpcv2Cbor"]));
    assert_one(
        &found,
        "example#Service",
        "the service speaks only aws.protocols#awsQuery, smithy.protocols#rpcv2Cbor, which the SDK does not support \
         (it speaks aws.protocols#awsJson1_0, aws.protocols#awsJson1_1, aws.protocols#restJson1); nothing is generated",
    );
    // A protocol of the model's own is known by its `@protocolDefinition`.
    let found = problems_after(|m| {
        speak(m, &["example#myRpc"]);
        add(
            m,
            "example#myRpc",
            json!({"type": "structure", "traits": {"smithy.api#trait": {}, "smithy.api#protocolDefinition": {}}}),
        );
    });
    assert_one(&found, "example#Service", "the service speaks only example#myRpc, which the SDK does not support");
    let found = problems_after(|m| speak(m, &[]));
    assert_one(&found, "example#Service", "the service declares no protocol trait");
}

#[test]
fn the_json_rpc_protocols_need_no_http_bindings_and_ignore_wrong_ones() {
    for protocol in ["aws.protocols#awsJson1_0", "aws.protocols#awsJson1_1"] {
        // No `@http` trait, and a label the (absent) URI does not have: both
        // would be errors for restJson1, and mean nothing here.
        let found = problems_after(|m| {
            speak(m, &[protocol]);
            operation_traits(m).as_object_mut().unwrap().clear();
        });
        assert_eq!(found, Vec::<String>::new(), "{protocol}");
    }
}

#[test]
fn a_service_listing_several_protocols_speaks_a_supported_one_whatever_their_order() {
    let protocol_of = |protocols: &[&str]| {
        let mut model = minimal_model();
        speak(&mut model, protocols);
        let ir = codegen::ir::build_from_str(&model.to_string(), &codegen::Config::example()).expect("a valid model");
        ir.service.protocol
    };
    use codegen::ir::Protocol;
    // As published services list them: the JSON protocol beside awsQuery and rpcv2Cbor.
    let cloudwatch_like = ["aws.protocols#awsJson1_0", "aws.protocols#awsQuery", "smithy.protocols#rpcv2Cbor"];
    assert_eq!(protocol_of(&cloudwatch_like), Protocol::AwsJson1_0);
    assert_eq!(protocol_of(&["smithy.protocols#rpcv2Cbor", "aws.protocols#awsJson1_1"]), Protocol::AwsJson1_1);
    assert_eq!(protocol_of(&["aws.protocols#restJson1", "aws.protocols#awsJson1_1"]), Protocol::AwsJson1_1);
    assert_eq!(protocol_of(&["aws.protocols#awsJson1_1", "aws.protocols#restJson1"]), Protocol::AwsJson1_1);
    assert_eq!(protocol_of(&["aws.protocols#restJson1", "aws.protocols#restXml"]), Protocol::RestJson1);
}
