//! Cost of the generator's front end on the shipped model: load, validate and
//! build the IR, together and step by step.
//! Run with `cargo bench -p codegen --bench pipeline`.

use std::hint::black_box;

use codegen::model::{load_str, validate::validate};
use criterion::{Criterion, criterion_group, criterion_main};

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

criterion_group!(benches, front_end);
criterion_main!(benches);
