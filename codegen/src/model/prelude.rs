//! The Smithy prelude: shapes every model may target without declaring them.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Shape, ShapeId, ShapeKind, SimpleType, Traits};

/// The prelude namespace.
pub const PRELUDE: &str = "smithy.api";

/// The prelude's simple shapes, the `Primitive*` shapes (with their zero
/// `default`), and `Unit`.
pub fn shapes() -> Vec<Shape> {
    let mut shapes = Vec::new();
    for simple in SimpleType::ALL {
        let name = simple.prelude_name();
        shapes.push(simple_shape(name, simple, Traits::new()));
        if let Some(zero) = primitive_default(simple) {
            let traits = Traits::from([("smithy.api#default".to_owned(), zero)]);
            shapes.push(simple_shape(&format!("Primitive{name}"), simple, traits));
        }
    }
    shapes.push(Shape {
        id: ShapeId::new(PRELUDE, "Unit"),
        kind: ShapeKind::Structure(BTreeMap::new()),
        traits: Traits::from([("smithy.api#unitType".to_owned(), json!({}))]),
    });
    shapes
}

fn simple_shape(name: &str, simple: SimpleType, traits: Traits) -> Shape {
    Shape { id: ShapeId::new(PRELUDE, name), kind: ShapeKind::Simple(simple), traits }
}

/// The zero default of the `Primitive*` prelude shapes (only booleans and the
/// fixed-size numbers have one).
fn primitive_default(simple: SimpleType) -> Option<Value> {
    match simple {
        SimpleType::Boolean => Some(json!(false)),
        SimpleType::Byte
        | SimpleType::Short
        | SimpleType::Integer
        | SimpleType::Long
        | SimpleType::Float
        | SimpleType::Double => Some(json!(0)),
        _ => None,
    }
}
