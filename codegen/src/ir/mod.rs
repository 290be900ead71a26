//! The intermediate representation the emitters read: shapes resolved, Rust
//! names decided (through [`crate::symbols`]), members with their HTTP binding
//! and merged constraints, operations with errors and pagination.
//!
//! Emitters never see the JSON AST; everything they need is here.

pub mod auth;
mod build;
pub mod endpoints;
pub mod examples;
pub mod pattern;
pub mod protocol_tests;
mod recursion;
mod unsupported;
pub mod validation_error;

use std::collections::BTreeMap;

use serde_json::Value;

pub use build::{build, build_from_str};

pub use crate::model::protocol::Protocol;
pub use crate::model::traits::{Binding, Http, Length, Range, TimestampFormat};
pub use crate::model::uri::{Segment, UriPattern};
pub use crate::model::waitable::{Acceptor, AcceptorState, Comparator, Matcher, PathMatcher};
pub use crate::model::{ShapeId, SimpleType};
pub use crate::symbols::RustName;

/// A service's SDK, ready to emit.
#[derive(Clone, Debug)]
pub struct Ir {
    /// The service.
    pub service: Service,
    /// Operations, sorted by name.
    pub operations: Vec<Operation>,
    /// Shapes that become Rust types (structures, unions, enums, intEnums), by id.
    pub shapes: BTreeMap<ShapeId, Shape>,
    /// The distinct sets of errors operations return, each an enum.
    pub error_sets: Vec<ErrorSet>,
    /// What the SDK leaves out of the model, each said once.
    pub warnings: Vec<Warning>,
}

/// Something of a valid model the SDK does not implement, and what it does
/// instead (a pattern left unchecked, a trait ignored).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    /// The shape or member, as `namespace#Shape` or `namespace#Shape$member`.
    pub at: String,
    /// What is left out, and how the SDK behaves instead.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

impl Ir {
    /// Whether some pattern needs [`pattern::Engine::Unicode`], which the
    /// generated crate then asks the runtime for.
    pub fn uses_unicode_patterns(&self) -> bool {
        fn in_value(value: &ValueType) -> bool {
            let own = value.constraints.pattern.as_ref().and_then(|pattern| pattern.rust.as_ref());
            own.is_some_and(|translation| translation.engine == pattern::Engine::Unicode)
                || match &value.ty {
                    TypeRef::List { item, .. } => in_value(item),
                    TypeRef::Map { key, value, .. } => in_value(key) || in_value(value),
                    _ => false,
                }
        }
        self.shapes.values().any(|shape| match &shape.kind {
            ShapeKind::Structure(Structure { members, .. }) | ShapeKind::Union(members) => {
                members.iter().any(|member| in_value(&member.value))
            }
            _ => false,
        })
    }

    /// Whether some operation, shape, member or enum value is `@deprecated`,
    /// so the crate's own code uses deprecated items.
    pub fn uses_deprecated(&self) -> bool {
        let in_shape = |shape: &Shape| {
            shape.deprecated.is_some()
                || match &shape.kind {
                    ShapeKind::Structure(Structure { members, .. }) | ShapeKind::Union(members) => {
                        members.iter().any(|member| member.deprecated.is_some())
                    }
                    ShapeKind::Enum(values) | ShapeKind::IntEnum(values) => {
                        values.iter().any(|value| value.deprecated.is_some())
                    }
                }
        };
        self.operations.iter().any(|op| op.deprecated.is_some()) || self.shapes.values().any(in_shape)
    }

    /// The shape with this id; emitters only ask for ids the IR handed out.
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.shapes.get(id)
    }

    /// The `@httpPayload` member of structure `id` that is a `@streaming`
    /// blob, if any: the body of an input or output that streams.
    pub fn streaming_payload(&self, id: &ShapeId) -> Option<&Member> {
        self.structure(id)?.members.iter().find(|m| m.binding == Binding::Payload && m.value.streaming)
    }

    /// The JSON RPC protocols' `X-Amz-Target` of `op`: the service shape's
    /// name, a dot, the operation shape's name (neither renamed).
    pub fn rpc_target(&self, op: &Operation) -> String {
        format!("{}.{}", self.service.id.name(), op.id.name())
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
    /// The protocol the SDK speaks (the first supported one the service lists).
    pub protocol: Protocol,
    /// `aws.protocols#awsQueryCompatible`: error codes come from the
    /// `x-amzn-query-error` header (awsJson services that were awsQuery).
    pub query_compatible: bool,
    /// The `smithy.rules#endpointRuleSet` document, passed to the runtime as is.
    pub endpoint_rule_set: Option<Value>,
    /// The parameters the rule set declares, by name.
    pub rule_params: BTreeMap<String, endpoints::RuleParam>,
    /// `smithy.rules#clientContextParams`: rule-set parameters set on the configuration.
    pub client_context_params: Vec<endpoints::ClientContextParam>,
    /// `smithy.rules#endpointTests` cases.
    pub endpoint_tests: Vec<endpoints::EndpointTest>,
}

/// An operation.
#[derive(Clone, Debug)]
pub struct Operation {
    /// The operation shape id.
    pub id: ShapeId,
    /// The operation name as modelled (`ListUsers`), or as the service renames it.
    pub name: String,
    /// The client method (`list_users`).
    pub fn_name: RustName,
    /// The fluent builder type in the `operation` module (`ListUsers`).
    pub fluent: RustName,
    /// The CLI subcommand (`list-users`).
    pub command: String,
    /// The mock's rule builder for it (`on_list_users`).
    pub mock_rule: RustName,
    /// Documentation, as Markdown.
    pub docs: Option<String>,
    /// Method, URI pattern and success code, as the protocol sends the
    /// operation: the `@http` trait for restJson1, `POST /` (200) for the
    /// JSON RPC protocols, which ignore it.
    pub http: Http,
    /// The input structure.
    pub input: ShapeId,
    /// The output structure.
    pub output: ShapeId,
    /// Modelled errors: the operation's and the service's, sorted.
    pub errors: Vec<ShapeId>,
    /// Index of its errors' enum in [`Ir::error_sets`].
    pub error_set: usize,
    /// The name its errors go by in the `operation` module: the enum itself
    /// when it is named after the operation, else an alias of it
    /// (`GetUserError`).
    pub error_type: RustName,
    /// Pagination, for `@paginated` operations.
    pub pagination: Option<Pagination>,
    /// `smithy.waiters#waitable`: the operation's waiters, sorted by name.
    pub waiters: Vec<Waiter>,
    /// `@idempotent`.
    pub idempotent: bool,
    /// `@readonly`.
    pub readonly: bool,
    /// Deprecation message, when `@deprecated`.
    pub deprecated: Option<String>,
    /// `@endpoint(hostPrefix)`: prepended to the endpoint's host, with
    /// `{label}`s naming `@hostLabel` members.
    pub host_prefix: Option<String>,
    /// `@httpChecksumRequired`: the request carries `Content-MD5`.
    pub checksum_required: bool,
    /// Whether its requests are signed (`@auth`, `@optionalAuth`).
    pub auth: auth::Auth,
    /// `@requestCompression` encodings the body may be sent in (`gzip`).
    pub request_compression: Vec<String>,
    /// `smithy.rules#staticContextParams`: rule-set parameter values fixed for the operation.
    pub static_context_params: Vec<(String, endpoints::ParamValue)>,
    /// `smithy.rules#operationContextParams`: rule-set parameters bound from
    /// paths into the input (checked against the input's shapes).
    pub operation_context_params: Vec<(String, Vec<endpoints::PathStep>)>,
    /// `@examples`: sample calls the docs show.
    pub examples: Vec<examples::Example>,
    /// `smithy.test#httpRequestTests` cases for clients of the service's protocol.
    pub request_tests: Vec<protocol_tests::RequestTest>,
    /// `smithy.test#httpResponseTests` cases for clients of the service's protocol.
    pub response_tests: Vec<protocol_tests::ResponseTest>,
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

/// A named waiter of an operation (`smithy.waiters#waitable`): poll it until
/// an acceptor says the state waited for came, or never will.
#[derive(Clone, Debug)]
pub struct Waiter {
    /// The waiter's name as modelled (`ThingReady`).
    pub name: String,
    /// The client method (`wait_until_thing_ready`).
    pub method: RustName,
    /// Its builder type in the `operation` module (`WaitUntilThingReady`).
    pub fluent: RustName,
    /// The CLI's `wait` subcommand (`thing-ready`).
    pub command: String,
    /// Documentation, as Markdown.
    pub docs: Option<String>,
    /// Deprecation message, when the waiter is `deprecated`.
    pub deprecated: Option<String>,
    /// `minDelay`, seconds.
    pub min_delay: u64,
    /// `maxDelay`, seconds.
    pub max_delay: u64,
    /// The acceptors, in model order: the first that matches wins.
    pub acceptors: Vec<Acceptor>,
}

impl Ir {
    /// Whether some operation has a waiter, which the generated crate then
    /// asks the runtime's `waiters` feature for.
    pub fn uses_waiters(&self) -> bool {
        self.operations.iter().any(|op| !op.waiters.is_empty())
    }
}

/// A set of errors some operations return, as one enum.
#[derive(Clone, Debug)]
pub struct ErrorSet {
    /// The enum's name in the `operation` module.
    pub name: RustName,
    /// The errors, sorted.
    pub errors: Vec<ShapeId>,
    /// The operations returning exactly these errors, as indices into [`Ir::operations`].
    pub operations: Vec<usize>,
}

/// The module of the generated crate a type lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Module {
    /// `types`: data shared by operations.
    Types,
    /// `input`: operation inputs.
    Input,
    /// `output`: operation outputs.
    Output,
    /// `error`: error structures.
    Error,
}

impl Module {
    /// Every module, in the order `lib.rs` declares them.
    pub const ALL: [Module; 4] = [Module::Types, Module::Input, Module::Output, Module::Error];

    /// The module's name (`types`).
    pub fn as_str(self) -> &'static str {
        match self {
            Module::Types => "types",
            Module::Input => "input",
            Module::Output => "output",
            Module::Error => "error",
        }
    }
}

/// A shape that becomes a Rust type.
#[derive(Clone, Debug)]
pub struct Shape {
    /// The shape id.
    pub id: ShapeId,
    /// The shape's name, as the service renames it.
    pub name: String,
    /// The Rust type name.
    pub rust_name: RustName,
    /// The module the type lives in.
    pub module: Module,
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
    /// The builder type, in the structure's module.
    pub builder: RustName,
    /// For an error: its `smithy.test#httpResponseTests` cases.
    pub error_tests: Vec<protocol_tests::ResponseTest>,
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
        /// The `@awsQueryError` code, if modelled (used by the servers of
        /// `@awsQueryCompatible` services).
        query_code: Option<String>,
    },
}

/// A value of an enum or intEnum.
#[derive(Clone, Debug)]
pub struct EnumValue {
    /// The member name (`FORCE_ENABLED`).
    pub name: String,
    /// The variant name (`ForceEnabled`).
    pub rust_name: RustName,
    /// The wire value: a string for enums, an integer for intEnums.
    pub value: Value,
    /// Documentation, as Markdown.
    pub docs: Option<String>,
    /// Deprecation message, when `@deprecated` (or a deprecated `@enum` entry).
    pub deprecated: Option<String>,
}

/// A structure or union member.
#[derive(Clone, Debug)]
pub struct Member {
    /// The member name as modelled (`networkId`).
    pub name: String,
    /// The structure field (`network_id`).
    pub field: RustName,
    /// The builders' setter (`network_id`).
    pub setter: RustName,
    /// The structure builder's setter taking an `Option` (`set_network_id`).
    pub option_setter: RustName,
    /// The union variant (`NetworkId`), for union members.
    pub variant: RustName,
    /// The CLI flag without dashes (`network-id`), for operation input members.
    pub flag: String,
    /// Whether the flag is not the member's own name because that one is taken.
    pub flag_renamed: bool,
    /// The JSON property name: restJson1's `@jsonName`, else the member name.
    pub json_name: String,
    /// Documentation, as Markdown.
    pub docs: Option<String>,
    /// `@required`.
    pub required: bool,
    /// The `@default` value, when not null.
    pub default: Option<Value>,
    /// Whether the Rust field is an `Option`: Smithy 2.0 nullability, and
    /// members whose `@default` has no Rust form.
    pub optional: bool,
    /// Where the member travels in HTTP messages (always the body for the
    /// JSON RPC protocols, which ignore HTTP binding traits).
    pub binding: Binding,
    /// The member's value type with its merged constraints.
    pub value: ValueType,
    /// `@idempotencyToken`: filled with a fresh UUID when unset.
    pub idempotency_token: bool,
    /// `@hostLabel`: also part of the operation's host prefix.
    pub host_label: bool,
    /// Whether the field is boxed: to break a recursive cycle, or as a
    /// union variant holding a structure or union.
    pub boxed: bool,
    /// Deprecation message, when `@deprecated`.
    pub deprecated: Option<String>,
    /// `smithy.rules#contextParam`: the rule-set parameter an input member
    /// binds (a string, boolean, enum or list of strings).
    pub context_param: Option<String>,
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
    /// `@mediaType`, for strings and blobs (a header holds such a string in base64).
    pub media_type: Option<String>,
    /// A `@streaming` blob: a body sent and read as a stream, never whole.
    pub streaming: bool,
    /// `@requiresLength` on a streaming blob: its length must be known before it is sent.
    pub requires_length: bool,
}

/// The type of a value.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeRef {
    /// A simple type (named string or number shapes resolve to these).
    Simple(SimpleType),
    /// A structure, union, enum or intEnum with its own Rust type.
    Named(ShapeId),
    /// `smithy.api#Unit`: no value (a union member that is only a tag).
    Unit,
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
    pub pattern: Option<Pattern>,
}

/// A `@pattern` as the model writes it and as the runtime matches it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// ECMA-262, from the model: what docs and messages show.
    pub model: String,
    /// The [`pattern::translate`]d form, for a Rust engine; `None` when it
    /// has none (then [`Ir::warnings`] says so, and nothing is checked).
    pub rust: Option<pattern::Translation>,
}

impl Constraints {
    /// Whether nothing is constrained.
    pub fn is_empty(&self) -> bool {
        self.length.is_none() && self.range.is_none() && self.pattern.is_none()
    }
}
