//! A generic interpreter for Smithy endpoint rule sets
//! (`smithy.rules#endpointRuleSet`, version 1.x).
//!
//! A [`RuleSet`] is parsed once from the trait's JSON; [`RuleSet::resolve`]
//! evaluates it for a set of [`Params`] and returns the [`Endpoint`] (URL,
//! headers and properties such as `authSchemes`) or the rule set's error.
//! Supported: parameters of type `string`, `boolean` and `stringArray` with
//! defaults and `builtIn` names; endpoint, error and tree rules; conditions
//! with `assign`; references, template strings
//! (`https://{Region}.{PartitionResult#dnsSuffix}`) and every function of the
//! standard library (`isSet`, `not`, `getAttr`, `stringEquals`,
//! `booleanEquals`, `substring`, `uriEncode`, `parseURL`, `isValidHostLabel`,
//! `coalesce`, `split`, `ite`) and of the AWS extension (`aws.partition`,
//! `aws.parseArn`, `aws.isVirtualHostableS3Bucket`). A rule set naming any
//! other function is refused when it is parsed. Every failure is an
//! [`EndpointError`].
//!
//! # Where parameter values come from
//!
//! [`RuleSet::bind`] gathers one call's values from every source the
//! specification names, the most specific first (so a value from an earlier
//! source hides the same parameter's value from a later one):
//!
//! 1. the operation's `smithy.rules#staticContextParams`
//!    ([`OperationInfo::static_context_params`](crate::client::OperationInfo));
//! 2. input members marked `smithy.rules#contextParam`
//!    ([`InputParams::context_param`]);
//! 3. the operation's `smithy.rules#operationContextParams` paths
//!    ([`InputParams::operation_context_param`]);
//! 4. the service's `smithy.rules#clientContextParams`, set on the client's
//!    [`Config`](crate::config::Config) by name
//!    ([`ConfigBuilder::client_context_param`](crate::config::ConfigBuilder::client_context_param));
//! 5. built-ins from the configuration ([`BuiltIns`]: `AWS::Region`,
//!    `AWS::UseFIPS`, `AWS::UseDualStack`, `SDK::Endpoint`); any other built-in
//!    (`AWS::Auth::AccountId`, `AWS::S3::Accelerate`, …) is left unset;
//! 6. the parameter's own `default`.
//!
//! A value for a name the rule set does not declare is an error, not ignored.
//!
//! A client resolves through a [`Resolver`]: per call, with that call's
//! parameters, caching results by the full parameter set. A call that adds
//! nothing to the configuration's values (most calls, and every call of a
//! service without context parameters) reuses one result without hashing or
//! allocating.
//!
//! # What generated code supplies
//!
//! For a service with client context parameters, the generated crate offers a
//! typed setter for each, which stores the value under the parameter's name:
//!
//! ```
//! use sdk_runtime::config::{Config, ConfigBuilder};
//!
//! /// (generated) `smithy.rules#clientContextParams` of the service.
//! pub trait ClientContextParams {
//!     /// Forces path-style addressing.
//!     fn force_path_style(self, value: bool) -> Self;
//! }
//! impl ClientContextParams for ConfigBuilder {
//!     fn force_path_style(self, value: bool) -> Self {
//!         self.client_context_param("ForcePathStyle", value)
//!     }
//! }
//!
//! let config = Config::builder().region("us-east-1").force_path_style(true).build();
//! ```
//!
//! An operation with `smithy.rules#staticContextParams` declares them in its
//! [`OperationInfo`](crate::client::OperationInfo); one with
//! `smithy.rules#contextParam` members or `smithy.rules#operationContextParams`
//! returns their values from
//! [`Operation::endpoint_params`](crate::operation::Operation::endpoint_params)
//! (the generator evaluates each JMESPath to Rust that reads the input):
//!
//! ```
//! use sdk_runtime::client::OperationInfo;
//! use sdk_runtime::endpoint::{InputParams, StaticValue};
//!
//! // (generated) `@staticContextParams(ApiType: {value: "ControlPlane"})`
//! const INFO: OperationInfo = OperationInfo::new("ListGraphs")
//!     .with_static_context_params(&[("ApiType", StaticValue::String("ControlPlane"))]);
//!
//! struct DeleteKeysInput { kvs_arn: Option<String>, keys: Option<Vec<Key>> }
//! struct Key { name: Option<String> }
//!
//! impl DeleteKeysInput {
//!     // (generated) the body of `Operation::endpoint_params`
//!     fn endpoint_params(&self) -> InputParams {
//!         InputParams::new()
//!             // `@operationContextParams(KeyNames: {path: "keys[*].name"})`
//!             .operation_context_param(
//!                 "KeyNames",
//!                 self.keys.as_ref().map(|keys| keys.iter().filter_map(|k| k.name.clone()).collect::<Vec<_>>()),
//!             )
//!             // `@contextParam(name: "KvsARN")` on `kvs_arn`
//!             .context_param("KvsARN", self.kvs_arn.as_deref())
//!     }
//! }
//! # let _ = (INFO, DeleteKeysInput { kvs_arn: None, keys: None }.endpoint_params());
//! ```
//!
//! [`operation::invoke`](crate::operation::invoke) passes both to
//! [`Handle::invoke_with`](crate::client::Handle::invoke_with), which resolves
//! the endpoint for the call.

mod bind;
mod eval;
mod functions;
pub mod partition;
mod resolver;
mod ruleset;

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value as Json;

pub use bind::{Bindings, BuiltIns, InputParams, StaticValue};
pub use partition::{Partition, Partitions};
pub use resolver::Resolver;
pub use ruleset::{Parameter, ParameterType, RuleSet};

/// A value in rule evaluation: parameters, variables and function results.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Value {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An integer (function arguments such as `substring`'s indices).
    Int(i64),
    /// An array (e.g. `stringArray` parameters, `resourceId`).
    Array(Vec<Value>),
    /// An object (e.g. the result of `aws.partition`).
    Object(BTreeMap<String, Value>),
}

impl Value {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Self::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The value's type with its article, for messages: "an object".
    fn type_name(&self) -> &'static str {
        match self {
            Self::String(_) => "a string",
            Self::Bool(_) => "a boolean",
            Self::Int(_) => "an integer",
            Self::Array(_) => "an array",
            Self::Object(_) => "an object",
        }
    }

    /// Converts to JSON (for endpoint properties).
    pub fn to_json(&self) -> Json {
        match self {
            Self::String(s) => Json::String(s.clone()),
            Self::Bool(b) => Json::Bool(*b),
            Self::Int(i) => Json::from(*i),
            Self::Array(items) => Json::Array(items.iter().map(Value::to_json).collect()),
            Self::Object(map) => Json::Object(map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Self::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Self::String(s)
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Self::String(s.clone())
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Self::Bool(b)
    }
}

impl From<Vec<String>> for Value {
    fn from(items: Vec<String>) -> Self {
        Self::Array(items.into_iter().map(Value::String).collect())
    }
}

impl From<&[&str]> for Value {
    fn from(items: &[&str]) -> Self {
        Self::Array(items.iter().map(|s| Value::from(*s)).collect())
    }
}

/// Why resolution failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointErrorKind {
    /// An error rule matched: the configuration is not supported (the message
    /// is the rule set's, e.g. "Invalid Configuration: Missing Region").
    Rule,
    /// A parameter is missing, has the wrong type, or is not one of the rule
    /// set's.
    Params,
    /// The rule set itself is malformed or uses something this engine lacks.
    InvalidRuleSet,
    /// No rule matched.
    NoMatch,
}

/// Endpoint resolution failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointError {
    kind: EndpointErrorKind,
    message: String,
}

impl EndpointError {
    fn new(kind: EndpointErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into() }
    }

    fn invalid(message: impl Into<String>) -> Self {
        Self::new(EndpointErrorKind::InvalidRuleSet, message)
    }

    fn params(message: impl Into<String>) -> Self {
        Self::new(EndpointErrorKind::Params, message)
    }

    /// The kind of failure.
    pub fn kind(&self) -> &EndpointErrorKind {
        &self.kind
    }

    /// The message (for [`EndpointErrorKind::Rule`], the rule set's own text).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            EndpointErrorKind::Rule => f.write_str(&self.message),
            EndpointErrorKind::Params => write!(f, "invalid endpoint parameters: {}", self.message),
            EndpointErrorKind::InvalidRuleSet => write!(f, "invalid endpoint rule set: {}", self.message),
            EndpointErrorKind::NoMatch => write!(f, "no endpoint rule matched: {}", self.message),
        }
    }
}

impl std::error::Error for EndpointError {}

/// A resolved endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    url: String,
    headers: BTreeMap<String, Vec<String>>,
    properties: BTreeMap<String, Value>,
}

impl Endpoint {
    /// The base URL (scheme, host, optional port and base path).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Headers the endpoint requires.
    pub fn headers(&self) -> &BTreeMap<String, Vec<String>> {
        &self.headers
    }

    /// Endpoint properties (e.g. `authSchemes`).
    pub fn properties(&self) -> &BTreeMap<String, Value> {
        &self.properties
    }

    /// The `signingName` and `signingRegion` overrides of the `sigv4` entry of
    /// the `authSchemes` property, if any.
    pub fn sigv4_overrides(&self) -> (Option<&str>, Option<&str>) {
        let Some(Value::Array(schemes)) = self.properties.get("authSchemes") else { return (None, None) };
        for scheme in schemes {
            if let Value::Object(scheme) = scheme
                && scheme.get("name").and_then(Value::as_str) == Some("sigv4")
            {
                let get = |key: &str| scheme.get(key).and_then(Value::as_str);
                return (get("signingName"), get("signingRegion"));
            }
        }
        (None, None)
    }
}

/// Parameter values by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Params {
    values: BTreeMap<String, Value>,
}

impl Params {
    /// No values.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets a value (builder style).
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.set(name, value);
        self
    }

    /// Sets a value.
    pub fn set(&mut self, name: impl Into<String>, value: impl Into<Value>) {
        self.values.insert(name.into(), value.into());
    }

    /// A value.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    /// Whether no value is set.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The values, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v))
    }
}
