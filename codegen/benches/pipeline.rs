//! What the generator costs: the front end (load, validate, IR) step by step,
//! and the whole of `codegen::generate` on the shipped model and on a model
//! ten times its size, to show cost growing linearly with the model.
//! Run with `cargo bench -p codegen --bench pipeline`.

use std::hint::black_box;

use codegen::model::{load_str, validate::validate};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Map, Value};

const MODEL: &str = include_str!("../../model/wickr.json");

fn front_end(c: &mut Criterion) {
    let config = codegen::Config::example();
    c.bench_function("load + validate + IR (model/wickr.json)", |b| {
        b.iter(|| codegen::ir::build_from_str(black_box(MODEL), &config).expect("valid model"))
    });
    c.bench_function("load (model/wickr.json)", |b| b.iter(|| load_str(black_box(MODEL)).expect("loads")));
    let model = load_str(MODEL).expect("loads");
    c.bench_function("validate (model/wickr.json)", |b| b.iter(|| validate(black_box(&model), None).expect("valid")));
    let validated = validate(&model, None).expect("valid");
    c.bench_function("IR (model/wickr.json)", |b| {
        b.iter(|| codegen::ir::build(black_box(&validated)).expect("builds"))
    });
}

fn whole_generator(c: &mut Criterion) {
    let config = codegen::Config::example();
    let mut group = c.benchmark_group("generate");
    group.sample_size(20);
    for copies in [1, 10] {
        let text = scaled_model(copies);
        group.bench_function(format!("model/wickr.json x{copies}"), |b| {
            b.iter(|| codegen::generate(black_box(&text), &config).expect("valid model"))
        });
    }
    group.finish();
}

/// The shipped model with every shape but the service copied `copies - 1`
/// more times under renamed ids (`User` → `User2`, …), all operations bound
/// to the one service: the same kind of model, `copies` times as large.
fn scaled_model(copies: usize) -> String {
    let model: Value = serde_json::from_str(MODEL).expect("JSON");
    let shapes = model["shapes"].as_object().expect("shapes");
    let (service_id, service) = shapes.iter().find(|(_, s)| s["type"] == "service").expect("a service");
    let mut all = Map::new();
    let mut operations = Vec::new();
    for copy in 1..=copies {
        let suffix = if copy == 1 { String::new() } else { copy.to_string() };
        let rename = |id: &str| {
            if shapes.contains_key(id) && id != service_id { format!("{id}{suffix}") } else { id.to_owned() }
        };
        for (id, shape) in shapes.iter().filter(|(id, _)| *id != service_id) {
            all.insert(rename(id), renamed(shape, &rename));
            if shape["type"] == "operation" {
                operations.push(serde_json::json!({"target": rename(id)}));
            }
        }
    }
    let mut service = service.clone();
    service["operations"] = Value::Array(operations);
    all.insert(service_id.clone(), service);
    serde_json::json!({"smithy": "2.0", "shapes": all}).to_string()
}

/// A copy of `value` with every string that names a shape renamed.
fn renamed(value: &Value, rename: &dyn Fn(&str) -> String) -> Value {
    match value {
        Value::String(text) => Value::String(rename(text)),
        Value::Array(items) => Value::Array(items.iter().map(|item| renamed(item, rename)).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), renamed(v, rename))).collect()),
        other => other.clone(),
    }
}

criterion_group!(benches, front_end, whole_generator);
criterion_main!(benches);
