//! The Smithy semantic model: shapes as the JSON AST declares them, with the
//! prelude added, `apply` and mixins folded in. Traits stay JSON values here;
//! [`traits`] reads the ones the generator understands into typed form.

mod enum_trait;
mod error;
mod load;
pub(crate) mod prelude;
pub mod protocol;
mod shape_id;
pub mod traits;
pub mod uri;
pub mod validate;
pub mod waitable;
pub mod walk;

use std::collections::BTreeMap;

pub use error::{ModelError, ModelErrors};
pub use load::load_str;
use serde_json::Value;
pub use shape_id::ShapeId;

/// Trait values by absolute trait id (`smithy.api#required`).
pub type Traits = BTreeMap<String, Value>;

/// A loaded model: every shape of the document plus the prelude, keyed by id.
#[derive(Clone, Debug, Default)]
pub struct Model {
    /// The document's `metadata` object.
    pub metadata: BTreeMap<String, Value>,
    /// Every shape, prelude shapes included.
    pub shapes: BTreeMap<ShapeId, Shape>,
}

impl Model {
    /// The shape with this id, if the model has one.
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// The service shapes of the model.
    pub fn services(&self) -> impl Iterator<Item = &Shape> {
        self.shapes.values().filter(|shape| matches!(shape.kind, ShapeKind::Service(_)))
    }
}

/// A named shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Shape {
    /// The shape id.
    pub id: ShapeId,
    /// What kind of shape it is, with its members or references.
    pub kind: ShapeKind,
    /// The shape's traits.
    pub traits: Traits,
}

impl Shape {
    /// Whether the shape carries the trait `id` (an absolute trait id).
    pub fn has_trait(&self, id: &str) -> bool {
        self.traits.contains_key(id)
    }

    /// The members of an aggregate or enum shape, in name order; none for other shapes.
    pub fn members(&self) -> Vec<&Member> {
        match &self.kind {
            ShapeKind::Structure(members)
            | ShapeKind::Union(members)
            | ShapeKind::Enum(members)
            | ShapeKind::IntEnum(members) => members.values().collect(),
            ShapeKind::List(member) => vec![member],
            ShapeKind::Map { key, value } => vec![key, value],
            _ => Vec::new(),
        }
    }
}

/// The kinds of shape the Smithy 2.0 JSON AST defines.
#[derive(Clone, Debug, PartialEq)]
pub enum ShapeKind {
    /// A simple type: blob, boolean, string, numbers, timestamp, document.
    Simple(SimpleType),
    /// A string enum; members target `smithy.api#Unit` and carry `enumValue`.
    Enum(BTreeMap<String, Member>),
    /// An integer enum.
    IntEnum(BTreeMap<String, Member>),
    /// A list (a Smithy 1.0 `set` loads as a list with `uniqueItems`).
    List(Member),
    /// A map.
    Map {
        /// The `key` member.
        key: Member,
        /// The `value` member.
        value: Member,
    },
    /// A structure.
    Structure(BTreeMap<String, Member>),
    /// A tagged union.
    Union(BTreeMap<String, Member>),
    /// An operation.
    Operation(Operation),
    /// A service.
    Service(Service),
    /// A resource.
    Resource(Resource),
}

impl ShapeKind {
    /// The shape type's name as the JSON AST spells it.
    pub fn type_name(&self) -> &'static str {
        match self {
            ShapeKind::Simple(simple) => simple.type_name(),
            ShapeKind::Enum(_) => "enum",
            ShapeKind::IntEnum(_) => "intEnum",
            ShapeKind::List(_) => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Structure(_) => "structure",
            ShapeKind::Union(_) => "union",
            ShapeKind::Operation(_) => "operation",
            ShapeKind::Service(_) => "service",
            ShapeKind::Resource(_) => "resource",
        }
    }

    /// The type name with its article, for messages: "an operation", "a structure".
    pub fn a_type_name(&self) -> String {
        let name = self.type_name();
        let article = if name.starts_with(['a', 'e', 'i', 'o']) { "an" } else { "a" };
        format!("{article} {name}")
    }
}

/// Smithy's simple types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SimpleType {
    /// Uninterpreted bytes.
    Blob,
    /// `true` or `false`.
    Boolean,
    /// UTF-8 text.
    String,
    /// 8-bit signed integer.
    Byte,
    /// 16-bit signed integer.
    Short,
    /// 32-bit signed integer.
    Integer,
    /// 64-bit signed integer.
    Long,
    /// 32-bit float.
    Float,
    /// 64-bit float.
    Double,
    /// Arbitrary-precision integer.
    BigInteger,
    /// Arbitrary-precision decimal.
    BigDecimal,
    /// An instant in time.
    Timestamp,
    /// Untyped JSON-like data.
    Document,
}

impl SimpleType {
    /// Every simple type, for the prelude and for parsing.
    pub const ALL: [SimpleType; 13] = [
        SimpleType::Blob,
        SimpleType::Boolean,
        SimpleType::String,
        SimpleType::Byte,
        SimpleType::Short,
        SimpleType::Integer,
        SimpleType::Long,
        SimpleType::Float,
        SimpleType::Double,
        SimpleType::BigInteger,
        SimpleType::BigDecimal,
        SimpleType::Timestamp,
        SimpleType::Document,
    ];

    /// The JSON AST type name.
    pub fn type_name(self) -> &'static str {
        match self {
            SimpleType::Blob => "blob",
            SimpleType::Boolean => "boolean",
            SimpleType::String => "string",
            SimpleType::Byte => "byte",
            SimpleType::Short => "short",
            SimpleType::Integer => "integer",
            SimpleType::Long => "long",
            SimpleType::Float => "float",
            SimpleType::Double => "double",
            SimpleType::BigInteger => "bigInteger",
            SimpleType::BigDecimal => "bigDecimal",
            SimpleType::Timestamp => "timestamp",
            SimpleType::Document => "document",
        }
    }

    /// The name of this type's shape in the prelude (`smithy.api#Integer`).
    pub fn prelude_name(self) -> &'static str {
        match self {
            SimpleType::Blob => "Blob",
            SimpleType::Boolean => "Boolean",
            SimpleType::String => "String",
            SimpleType::Byte => "Byte",
            SimpleType::Short => "Short",
            SimpleType::Integer => "Integer",
            SimpleType::Long => "Long",
            SimpleType::Float => "Float",
            SimpleType::Double => "Double",
            SimpleType::BigInteger => "BigInteger",
            SimpleType::BigDecimal => "BigDecimal",
            SimpleType::Timestamp => "Timestamp",
            SimpleType::Document => "Document",
        }
    }

    /// Whether values are numbers (the `range` trait applies).
    pub fn is_number(self) -> bool {
        matches!(
            self,
            SimpleType::Byte
                | SimpleType::Short
                | SimpleType::Integer
                | SimpleType::Long
                | SimpleType::Float
                | SimpleType::Double
                | SimpleType::BigInteger
                | SimpleType::BigDecimal
        )
    }
}

/// A member of an aggregate or enum shape.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The member name (`member`, `key` and `value` for lists and maps).
    pub name: String,
    /// The shape the member targets.
    pub target: ShapeId,
    /// The member's own traits (applied traits included).
    pub traits: Traits,
}

impl Member {
    /// Whether the member carries the trait `id`.
    pub fn has_trait(&self, id: &str) -> bool {
        self.traits.contains_key(id)
    }
}

/// An operation's references.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Operation {
    /// The input structure (`smithy.api#Unit` when absent).
    pub input: Option<ShapeId>,
    /// The output structure (`smithy.api#Unit` when absent).
    pub output: Option<ShapeId>,
    /// The operation's modelled errors, sorted.
    pub errors: Vec<ShapeId>,
}

/// A service's references.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    /// The service version string.
    pub version: String,
    /// Operations bound directly to the service, sorted.
    pub operations: Vec<ShapeId>,
    /// Resources bound to the service, sorted.
    pub resources: Vec<ShapeId>,
    /// Errors every operation of the service can return, sorted.
    pub errors: Vec<ShapeId>,
    /// Shape renames that disambiguate names within the service closure.
    pub rename: BTreeMap<ShapeId, String>,
}

/// A resource's references.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resource {
    /// Identifier names and the string shapes they target.
    pub identifiers: BTreeMap<String, ShapeId>,
    /// Property names and their targets.
    pub properties: BTreeMap<String, ShapeId>,
    /// Lifecycle operations (`create`, `put`, `read`, `update`, `delete`, `list`) by name.
    pub lifecycle: BTreeMap<String, ShapeId>,
    /// Instance and collection operations, sorted.
    pub operations: Vec<ShapeId>,
    /// Child resources, sorted.
    pub resources: Vec<ShapeId>,
}

impl Resource {
    /// Every operation the resource binds: lifecycle ones first, then the rest.
    pub fn all_operations(&self) -> impl Iterator<Item = &ShapeId> {
        self.lifecycle.values().chain(self.operations.iter())
    }
}
