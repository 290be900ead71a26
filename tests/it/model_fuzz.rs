//! The loader, validator and IR builder must answer any input with a model or
//! a list of problems, never a panic. Four generators, from least to most
//! model-like: arbitrary bytes, arbitrary JSON values, JSON shaped like a
//! Smithy model with random types, targets and traits, and a valid model with
//! a few nodes replaced.

use proptest::prelude::*;
use serde_json::{Map, Value, json};

/// Cases per property; the four properties run 6,000 pipeline inputs in all.
const CASES: u32 = 1_000;

fn run_pipeline(text: &str) {
    // Either outcome is fine; reaching this line without a panic is the property.
    let _ = codegen::generate(text, &codegen::Config::example());
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(|f| json!(f)),
        "[a-zA-Z#$.{}/+_ 0-9]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z#.$]{0,8}", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

const TYPES: &[&str] = &[
    "string",
    "integer",
    "long",
    "boolean",
    "timestamp",
    "blob",
    "document",
    "bigDecimal",
    "enum",
    "intEnum",
    "list",
    "set",
    "map",
    "structure",
    "union",
    "operation",
    "service",
    "resource",
    "apply",
    "bogus",
];
const NAMES: &[&str] = &["A", "B", "C", "d_e", "DE", "Self", "type", "_1", "Unit"];
const TRAITS: &[&str] = &[
    "smithy.api#required",
    "smithy.api#httpLabel",
    "smithy.api#httpQuery",
    "smithy.api#httpHeader",
    "smithy.api#httpPayload",
    "smithy.api#http",
    "smithy.api#paginated",
    "smithy.api#length",
    "smithy.api#range",
    "smithy.api#pattern",
    "smithy.api#default",
    "smithy.api#enumValue",
    "smithy.api#timestampFormat",
    "smithy.api#error",
    "smithy.api#httpError",
    "smithy.api#documentation",
    "smithy.api#sensitive",
    "smithy.api#input",
    "smithy.api#output",
    "smithy.api#mixin",
];

fn shape_ref() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(NAMES).prop_map(|name| json!({"target": format!("ex#{name}")})),
        Just(json!({"target": "smithy.api#String"})),
        Just(json!({"target": "smithy.api#Unit"})),
        json_value(),
    ]
}

fn trait_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({})),
        Just(json!({"method": "GET", "uri": "/a/{A}"})),
        Just(json!({"method": "POST", "uri": "/x/{B+}?q=1", "code": 201})),
        Just(json!({"inputToken": "A", "outputToken": "B.C", "items": "C", "pageSize": "A"})),
        Just(json!({"min": 1, "max": 3})),
        Just(json!("^[a-z]+$")),
        Just(json!("epoch-seconds")),
        json_value(),
    ]
}

fn traits() -> impl Strategy<Value = Value> {
    prop::collection::btree_map(prop::sample::select(TRAITS), trait_value(), 0..4)
        .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()))
}

fn members() -> impl Strategy<Value = Value> {
    prop::collection::btree_map(
        prop::sample::select(NAMES),
        (shape_ref(), traits()).prop_map(|(mut target, traits)| {
            if let Value::Object(object) = &mut target {
                object.insert("traits".into(), traits);
            }
            target
        }),
        0..4,
    )
    .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()))
}

fn shape() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(TYPES),
        members(),
        shape_ref(),
        shape_ref(),
        prop::collection::vec(shape_ref(), 0..3),
        traits(),
    )
        .prop_map(|(kind, members, a, b, refs, traits)| {
            let mut shape = Map::new();
            shape.insert("type".into(), json!(kind));
            shape.insert("members".into(), members);
            shape.insert("member".into(), a.clone());
            shape.insert("key".into(), json!({"target": "smithy.api#String"}));
            shape.insert("value".into(), b.clone());
            shape.insert("input".into(), a);
            shape.insert("output".into(), b);
            shape.insert("operations".into(), Value::Array(refs.clone()));
            shape.insert("errors".into(), Value::Array(refs));
            shape.insert("traits".into(), traits);
            Value::Object(shape)
        })
}

fn model_like() -> impl Strategy<Value = Value> {
    prop::collection::btree_map(prop::sample::select(NAMES), shape(), 0..7).prop_map(|shapes| {
        let mut all: Map<String, Value> = shapes.into_iter().map(|(name, shape)| (format!("ex#{name}"), shape)).collect();
        // A service most of the time, so validation and IR building get exercised.
        all.entry("ex#Svc").or_insert_with(|| {
            json!({"type": "service", "version": "1", "operations": NAMES.iter().map(|n| json!({"target": format!("ex#{n}")})).collect::<Vec<_>>()})
        });
        json!({"smithy": "2.0", "shapes": all})
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        run_pipeline(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn arbitrary_json_never_panics(value in json_value()) {
        run_pipeline(&value.to_string());
        run_pipeline(&json!({"smithy": "2.0", "shapes": value}).to_string());
    }

    #[test]
    fn model_shaped_json_never_panics(model in model_like()) {
        run_pipeline(&model.to_string());
    }

    #[test]
    fn mutated_valid_models_never_panic(model in mutated_model()) {
        run_pipeline(&model.to_string());
    }
}

/// A valid model with one to three of its JSON nodes replaced: most results
/// are still close to valid, so they reach validation, the IR and the emitters.
fn mutated_model() -> impl Strategy<Value = Value> {
    prop::collection::vec((any::<prop::sample::Index>(), prop_oneof![trait_value(), shape_ref(), json_value()]), 1..4)
        .prop_map(|mutations| {
            let mut model = sdk_tests::minimal_model();
            for (index, replacement) in mutations {
                let mut pointers = Vec::new();
                collect_pointers(&model, String::new(), &mut pointers);
                let pointer = index.get(&pointers).clone();
                if let Some(node) = model.pointer_mut(&pointer) {
                    *node = replacement;
                }
            }
            model
        })
}

fn collect_pointers(value: &Value, here: String, found: &mut Vec<String>) {
    found.push(here.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                collect_pointers(child, format!("{here}/{}", key.replace('~', "~0").replace('/', "~1")), found);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_pointers(child, format!("{here}/{i}"), found);
            }
        }
        _ => {}
    }
}

/// Proof that the mutation generator reaches the far end of the pipeline:
/// among its inputs are valid models, not only rejected ones.
#[test]
fn the_mutation_generator_produces_some_valid_models() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = mutated_model();
    let valid = (0..2_000)
        .filter(|_| {
            let model = strategy.new_tree(&mut runner).expect("a tree").current();
            codegen::generate(&model.to_string(), &codegen::Config::example()).is_ok()
        })
        .count();
    assert!(valid > 0, "no generated model was valid, so IR building and emitting went untested");
}
