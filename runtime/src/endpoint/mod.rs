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

mod eval;
mod functions;
pub mod partition;
mod ruleset;

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value as Json;

pub use partition::{Partition, Partitions};
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

    fn type_name(&self) -> &'static str {
        match self {
            Self::String(_) => "string",
            Self::Bool(_) => "boolean",
            Self::Int(_) => "integer",
            Self::Array(_) => "array",
            Self::Object(_) => "object",
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

/// The values of the standard built-ins, as a client configuration provides them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuiltIns {
    /// `AWS::Region`
    pub region: Option<String>,
    /// `AWS::UseFIPS`
    pub use_fips: bool,
    /// `AWS::UseDualStack`
    pub use_dual_stack: bool,
    /// `SDK::Endpoint`
    pub endpoint: Option<String>,
}

impl BuiltIns {
    /// The value for a built-in name; unknown built-ins have none (so the
    /// parameter's default applies).
    pub fn get(&self, name: &str) -> Option<Value> {
        match name {
            "AWS::Region" => self.region.clone().map(Value::String),
            "AWS::UseFIPS" => Some(Value::Bool(self.use_fips)),
            "AWS::UseDualStack" => Some(Value::Bool(self.use_dual_stack)),
            "SDK::Endpoint" => self.endpoint.clone().map(Value::String),
            _ => None,
        }
    }
}
