//! The shipped model documents everything a caller reads about: the service,
//! every operation, every member of every structure, every structure that is
//! not an operation's input or output, and every enum and intEnum.

use codegen::model::{ShapeKind, load_str, traits};

#[test]
fn the_shipped_model_is_fully_documented() {
    let model = load_str(&sdk_tests::shipped_model()).expect("model/wickr.json loads");
    let mut missing = Vec::new();
    let mut checked = 0;
    for shape in model.shapes.values().filter(|shape| !shape.id.is_prelude()) {
        let documented =
            |t: &codegen::model::Traits| traits::documentation(t).is_some_and(|doc| !doc.trim().is_empty());
        let needs_shape_doc = match &shape.kind {
            ShapeKind::Service(_) | ShapeKind::Operation(_) | ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => true,
            ShapeKind::Structure(_) => !shape.has_trait(traits::id::INPUT) && !shape.has_trait(traits::id::OUTPUT),
            _ => false,
        };
        if needs_shape_doc {
            checked += 1;
            if !documented(&shape.traits) {
                missing.push(shape.id.to_string());
            }
        }
        if let ShapeKind::Structure(members) = &shape.kind {
            for member in members.values() {
                checked += 1;
                if !documented(&member.traits) {
                    missing.push(shape.id.member(&member.name));
                }
            }
        }
    }
    assert!(missing.is_empty(), "undocumented: {missing:#?}");
    // 1 service + 44 operations + 37 structures + 6 enums + 506 members.
    assert_eq!(checked, 594, "the set of documented places changed; update this count deliberately");
}
