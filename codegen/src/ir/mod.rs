//! The intermediate representation the emitters read: shapes resolved, Rust
//! names decided (through [`crate::symbols`]), members with their HTTP binding
//! and merged constraints, operations with errors and pagination.
//!
//! Emitters never see the JSON AST; everything they need is here.

mod build;
pub mod docs;
mod recursion;

use std::collections::BTreeMap;

use serde_json::Value;

pub use build::{build, build_from_str};

pub use crate::model::traits::{Binding, Http, Length, Range, TimestampFormat};
pub use crate::model::uri::{Segment, UriPattern};
pub use crate::model::{ShapeId, SimpleType};

/// A service's SDK, ready to emit.
#[derive(Clone, Debug)]
pub struct Ir {
    /// The service.
    pub service: Service,
    /// Operations, sorted by name.
    pub operations: Vec<Operation>,
    /// Shapes that become Rust types (structures, unions, enums, intEnums), by id.
    pub shapes: BTreeMap<ShapeId, Shape>,
}

impl Ir {
    /// The shape with this id; emitters only ask for ids the IR handed out.
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// The structure with this id.
    pub fn structure(&self, id: &ShapeId) -> Option<&Structure> {
        match self.shapes.get(id).map(|shape| &shape.kind) {
            Some(ShapeKind::Structure(structure)) => Some(structure),
            _ => None,
        }
    }
}

/// The service shape and its protocol settings.
#[derive(Clone, Debug)]
pub struct Service {
    /// The service shape id.
    pub id: ShapeId,
    /// The `title` trait, else the shape name.
    pub title: String,
    /// Documentation, as Markdown.
    pub docs: Option<String>,
    /// The API version.
    pub version: String,
    /// `aws.api#service` `sdkId`, if any.
    pub sdk_id: Option<String>,
    /// `aws.api#service` `endpointPrefix`, if any.
    pub endpoint_prefix: Option<String>,
    /// The SigV4 signing name (`aws.auth#sigv4` `name`), if any.
    pub signing_name: Option<String>,
    /// Whether the service declares `aws.protocols#restJson1`.
    pub rest_json1: bool,
    /// The `smithy.rules#endpointRuleSet` document, passed to the runtime as is.
    pub endpoint_rule_set: Option<Value>,
}

/// An operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The operation shape id.
    pub id: ShapeId,
    /// The operation name as modelled (`ListUsers`).
    pub name: String,
    /// The Rust type-case name (`ListUsers`).
    pub rust_name: String,
    /// The client method name (`list_users`).
    pub fn_name: String,
    /// Documentation, as Markdown.
    pub docs: Option<String>,
    /// Method, URI pattern and success code.
    pub http: Http,
    /// The input structure.
    pub input: ShapeId,
    /// The output structure.
    pub output: ShapeId,
    /// Modelled errors: the operation's and the service's, sorted.
    pub errors: Vec<ShapeId>,
    /// Pagination, for `@paginated` operations.
    pub pagination: Option<Pagination>,
    /// `@idempotent`.
    pub idempotent: bool,
    /// `@readonly`.
    pub readonly: bool,
    /// Deprecation message, when `@deprecated`.
    pub deprecated: Option<String>,
}

/// How to page through an operation's results (member names as modelled).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pagination {
    /// Input member that carries the token.
    pub input_token: Option<String>,
    /// Path of output members to the next token.
    pub output_token: Option<Vec<String>>,
    /// Path of output members to the page's items.
    pub items: Option<Vec<String>>,
    /// Input member that sets the page size.
    pub page_size: Option<String>,
}

/// A shape that becomes a Rust type.
#[derive(Clone, Debug)]
pub struct Shape {
    /// The shape id.
    pub id: ShapeId,
    /// The Rust type name.
    pub rust_name: String,
    /// Documentation, as Markdown.
    pub docs: Option<String>,
    /// `@sensitive` on the shape.
    pub sensitive: bool,
    /// Deprecation message, when `@deprecated`.
    pub deprecated: Option<String>,
    /// What kind of type.
    pub kind: ShapeKind,
}

/// The kinds of shape that become Rust types.
#[derive(Clone, Debug)]
pub enum ShapeKind {
    /// A structure (also operation inputs, outputs and errors).
    Structure(Structure),
    /// A tagged union.
    Union(Vec<Member>),
    /// A string enum.
    Enum(Vec<EnumValue>),
    /// An integer enum.
    IntEnum(Vec<EnumValue>),
}

/// A structure and the role it plays.
#[derive(Clone, Debug)]
pub struct Structure {
    /// Members, sorted by name.
    pub members: Vec<Member>,
    /// Input, output, error, or plain data.
    pub role: Role,
}

/// Why a structure exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Role {
    /// Nested data.
    Data,
    /// An operation's input.
    Input,
    /// An operation's output.
    Output,
    /// An error, with its fault and HTTP status.
    Error {
        /// `client` or `server`.
        fault: String,
        /// The `httpError` status, if modelled.
        status: Option<u16>,
        /// `@retryable`.
        retryable: bool,
    },
}

/// A value of an enum or intEnum.
#[derive(Clone, Debug)]
pub struct EnumValue {
    /// The member name (`FORCE_ENABLED`).
    pub name: String,
    /// The variant name (`ForceEnabled`).
    pub rust_name: String,
    /// The wire value: a string for enums, an integer for intEnums.
    pub value: Value,
    /// Documentation, as Markdown.
    pub docs: Option<String>,
}

/// A structure or union member.
#[derive(Clone, Debug)]
pub struct Member {
    /// The member name as modelled (`networkId`).
    pub name: String,
    /// The Rust field name (`network_id`).
    pub rust_name: String,
    /// The JSON property name (`jsonName`, else the member name).
    pub json_name: String,
    /// Documentation, as Markdown.
    pub docs: Option<String>,
    /// `@required`.
    pub required: bool,
    /// The `@default` value, when not null.
    pub default: Option<Value>,
    /// Whether the Rust field is an `Option` (Smithy 2.0 nullability).
    pub optional: bool,
    /// Where the member travels in HTTP messages.
    pub binding: Binding,
    /// The member's value type with its merged constraints.
    pub value: ValueType,
    /// `@idempotencyToken`: filled with a fresh UUID when unset.
    pub idempotency_token: bool,
    /// Whether the field must be boxed to break a recursive cycle.
    pub boxed: bool,
    /// Deprecation message, when `@deprecated`.
    pub deprecated: Option<String>,
}

/// A value's type together with what constrains it: the target shape's
/// traits, overridden by the member's own.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueType {
    /// The type.
    pub ty: TypeRef,
    /// Constraint traits.
    pub constraints: Constraints,
    /// `@sensitive` on the target or member.
    pub sensitive: bool,
    /// `timestampFormat`, for timestamps.
    pub timestamp_format: Option<TimestampFormat>,
}

/// The type of a value.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeRef {
    /// A simple type (named string or number shapes resolve to these).
    Simple(SimpleType),
    /// A structure, union, enum or intEnum with its own Rust type.
    Named(ShapeId),
    /// A list.
    List {
        /// The item type.
        item: Box<ValueType>,
        /// `@sparse`: items may be null.
        sparse: bool,
        /// `@uniqueItems`.
        unique: bool,
    },
    /// A map with string keys.
    Map {
        /// The key type.
        key: Box<ValueType>,
        /// The value type.
        value: Box<ValueType>,
        /// `@sparse`: values may be null.
        sparse: bool,
    },
}

/// Constraint traits on a value.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Constraints {
    /// `@length`.
    pub length: Option<Length>,
    /// `@range`.
    pub range: Option<Range>,
    /// `@pattern`, unless it matches every string (then it constrains nothing).
    pub pattern: Option<String>,
}

impl Constraints {
    /// Whether nothing is constrained.
    pub fn is_empty(&self) -> bool {
        self.length.is_none() && self.range.is_none() && self.pattern.is_none()
    }
}
