//! A generic interpreter for Smithy endpoint rule sets
//! (`smithy.rules#endpointRuleSet`, version 1.x).
//!
//! A [`RuleSet`] is parsed once from the trait's JSON; [`RuleSet::resolve`]
//! evaluates it for a set of [`Params`] and returns the [`Endpoint`] or the
//! rule set's error. Supported: parameters with defaults and `builtIn` names,
//! endpoint/error/tree rules, conditions with `assign`, references, function
//! calls, template strings (`https://{Region}.{PartitionResult#dnsSuffix}`),
//! and the standard library plus `aws.partition`, `aws.parseArn` and
//! `aws.isVirtualHostableS3Bucket`. Every failure is an [`EndpointError`].

mod functions;
pub mod partition;

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value as Json;

pub use partition::{Partition, Partitions};

/// A value in rule evaluation: parameters, variables and function results.
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// Why resolution failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndpointErrorKind {
    /// An error rule matched: the configuration is not supported (the message
    /// is the rule set's, e.g. "Invalid Configuration: Missing Region").
    Rule,
    /// A parameter is missing or has the wrong type.
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

/// A parameter's declared type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParameterType {
    /// `string`
    String,
    /// `boolean`
    Boolean,
    /// `stringArray`
    StringArray,
}

/// A declared parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parameter {
    name: String,
    kind: ParameterType,
    required: bool,
    default: Option<Value>,
    built_in: Option<String>,
}

impl Parameter {
    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Its type.
    pub fn kind(&self) -> ParameterType {
        self.kind
    }

    /// Whether it must have a value (given or default).
    pub fn required(&self) -> bool {
        self.required
    }

    /// Its default.
    pub fn default(&self) -> Option<&Value> {
        self.default.as_ref()
    }

    /// The built-in that supplies it (`AWS::Region`, `SDK::Endpoint`, …).
    pub fn built_in(&self) -> Option<&str> {
        self.built_in.as_deref()
    }
}

/// Parameter values by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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

/// A parsed rule set.
#[derive(Clone, Debug)]
pub struct RuleSet {
    version: String,
    parameters: Vec<Parameter>,
    rules: Vec<Rule>,
}

#[derive(Clone, Debug)]
struct Rule {
    conditions: Vec<Condition>,
    kind: RuleKind,
}

#[derive(Clone, Debug)]
enum RuleKind {
    Endpoint { url: Expr, headers: Vec<(String, Vec<Expr>)>, properties: Vec<(String, Expr)> },
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Clone, Debug)]
struct Condition {
    call: Expr,
    assign: Option<String>,
}

#[derive(Clone, Debug)]
enum Expr {
    Bool(bool),
    Int(i64),
    Template(Vec<TemplatePart>),
    Array(Vec<Expr>),
    Object(Vec<(String, Expr)>),
    Ref(String),
    Call { name: String, args: Vec<Expr> },
}

#[derive(Clone, Debug)]
enum TemplatePart {
    Text(String),
    Ref { name: String, path: Vec<PathPart> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum PathPart {
    Key(String),
    Index(usize),
}

/// How deep rules may nest; guards the evaluator's recursion against hostile input.
const MAX_DEPTH: usize = 64;

impl RuleSet {
    /// Parses the rule set from the trait's JSON text.
    pub fn from_json_str(text: &str) -> Result<Self, EndpointError> {
        let json: Json = serde_json::from_str(text).map_err(|e| EndpointError::invalid(format!("not JSON: {e}")))?;
        Self::from_json(&json)
    }

    /// Parses the rule set from the trait's JSON value.
    pub fn from_json(json: &Json) -> Result<Self, EndpointError> {
        let obj = json.as_object().ok_or_else(|| EndpointError::invalid("the rule set is not an object"))?;
        let version = obj.get("version").and_then(Json::as_str).unwrap_or("1.0").to_owned();
        if !version.starts_with("1.") {
            return Err(EndpointError::invalid(format!("unsupported rule set version {version}")));
        }
        let mut parameters = Vec::new();
        if let Some(params) = obj.get("parameters") {
            let params = params.as_object().ok_or_else(|| EndpointError::invalid("`parameters` is not an object"))?;
            for (name, spec) in params {
                parameters.push(parse_parameter(name, spec)?);
            }
        }
        let rules = parse_rules(obj.get("rules"), 0)?;
        Ok(Self { version, parameters, rules })
    }

    /// The declared rules engine version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The declared parameters.
    pub fn parameters(&self) -> &[Parameter] {
        &self.parameters
    }

    /// Fills every parameter that names a built-in from `built_ins`.
    pub fn params_from_built_ins(&self, built_ins: &BuiltIns) -> Params {
        let mut params = Params::new();
        for p in &self.parameters {
            if let Some(value) = p.built_in().and_then(|b| built_ins.get(b)) {
                params.set(p.name.clone(), value);
            }
        }
        params
    }

    /// Resolves with the embedded partition data.
    pub fn resolve(&self, params: &Params) -> Result<Endpoint, EndpointError> {
        self.resolve_with(params, Partitions::embedded())
    }

    /// Resolves with the given partition data.
    pub fn resolve_with(&self, params: &Params, partitions: &Partitions) -> Result<Endpoint, EndpointError> {
        let mut scope: Vec<(String, Value)> = Vec::new();
        for p in &self.parameters {
            let value = params.get(&p.name).cloned().or_else(|| p.default.clone());
            match value {
                Some(value) => {
                    check_type(p, &value)?;
                    scope.push((p.name.clone(), value));
                }
                None if p.required => {
                    return Err(EndpointError::new(
                        EndpointErrorKind::Params,
                        format!("required parameter `{}` is not set", p.name),
                    ));
                }
                None => {}
            }
        }
        let mut eval = Evaluator { scope, partitions };
        match eval.rules(&self.rules)? {
            Some(endpoint) => Ok(endpoint),
            None => Err(EndpointError::new(EndpointErrorKind::NoMatch, "the rule set's rules were exhausted")),
        }
    }
}

fn check_type(p: &Parameter, value: &Value) -> Result<(), EndpointError> {
    let ok = match p.kind {
        ParameterType::String => matches!(value, Value::String(_)),
        ParameterType::Boolean => matches!(value, Value::Bool(_)),
        ParameterType::StringArray => {
            matches!(value, Value::Array(items) if items.iter().all(|i| matches!(i, Value::String(_))))
        }
    };
    if ok {
        Ok(())
    } else {
        Err(EndpointError::new(
            EndpointErrorKind::Params,
            format!("parameter `{}` must be a {:?}, not a {}", p.name, p.kind, value.type_name()),
        ))
    }
}

fn parse_parameter(name: &str, spec: &Json) -> Result<Parameter, EndpointError> {
    let spec =
        spec.as_object().ok_or_else(|| EndpointError::invalid(format!("parameter `{name}` is not an object")))?;
    let kind = match spec.get("type").and_then(Json::as_str).map(str::to_ascii_lowercase).as_deref() {
        Some("string") => ParameterType::String,
        Some("boolean") => ParameterType::Boolean,
        Some("stringarray") => ParameterType::StringArray,
        other => return Err(EndpointError::invalid(format!("parameter `{name}` has unsupported type {other:?}"))),
    };
    let default =
        match spec.get("default") {
            None | Some(Json::Null) => None,
            Some(Json::String(s)) => Some(Value::String(s.clone())),
            Some(Json::Bool(b)) => Some(Value::Bool(*b)),
            Some(Json::Array(items)) => Some(Value::Array(
                items.iter().map(|i| i.as_str().map(Value::from)).collect::<Option<Vec<_>>>().ok_or_else(|| {
                    EndpointError::invalid(format!("parameter `{name}` has a non-string array default"))
                })?,
            )),
            Some(_) => return Err(EndpointError::invalid(format!("parameter `{name}` has an unsupported default"))),
        };
    let parameter = Parameter {
        name: name.to_owned(),
        kind,
        required: spec.get("required").and_then(Json::as_bool).unwrap_or(false),
        default,
        built_in: spec.get("builtIn").and_then(Json::as_str).map(str::to_owned),
    };
    if let Some(default) = &parameter.default {
        check_type(&parameter, default).map_err(|e| EndpointError::invalid(e.message))?;
    }
    Ok(parameter)
}

fn parse_rules(json: Option<&Json>, depth: usize) -> Result<Vec<Rule>, EndpointError> {
    if depth > MAX_DEPTH {
        return Err(EndpointError::invalid("rules are nested too deeply"));
    }
    let items = json.and_then(Json::as_array).ok_or_else(|| EndpointError::invalid("`rules` is not an array"))?;
    items.iter().map(|rule| parse_rule(rule, depth)).collect()
}

fn parse_rule(json: &Json, depth: usize) -> Result<Rule, EndpointError> {
    let obj = json.as_object().ok_or_else(|| EndpointError::invalid("a rule is not an object"))?;
    let conditions = match obj.get("conditions") {
        None => Vec::new(),
        Some(Json::Array(items)) => items.iter().map(|c| parse_condition(c, depth)).collect::<Result<_, _>>()?,
        Some(_) => return Err(EndpointError::invalid("`conditions` is not an array")),
    };
    let kind = match obj.get("type").and_then(Json::as_str) {
        Some("endpoint") => {
            let endpoint = obj
                .get("endpoint")
                .and_then(Json::as_object)
                .ok_or_else(|| EndpointError::invalid("an endpoint rule has no `endpoint` object"))?;
            let url = parse_expr(
                endpoint.get("url").ok_or_else(|| EndpointError::invalid("an endpoint has no `url`"))?,
                depth,
            )?;
            let mut headers = Vec::new();
            if let Some(map) = endpoint.get("headers").and_then(Json::as_object) {
                for (name, values) in map {
                    let values = values
                        .as_array()
                        .ok_or_else(|| EndpointError::invalid(format!("header `{name}` is not an array")))?;
                    headers
                        .push((name.clone(), values.iter().map(|v| parse_expr(v, depth)).collect::<Result<_, _>>()?));
                }
            }
            let mut properties = Vec::new();
            if let Some(map) = endpoint.get("properties").and_then(Json::as_object) {
                for (name, value) in map {
                    properties.push((name.clone(), parse_expr(value, depth)?));
                }
            }
            RuleKind::Endpoint { url, headers, properties }
        }
        Some("error") => RuleKind::Error(parse_expr(
            obj.get("error").ok_or_else(|| EndpointError::invalid("an error rule has no `error`"))?,
            depth,
        )?),
        Some("tree") => RuleKind::Tree(parse_rules(obj.get("rules"), depth + 1)?),
        other => return Err(EndpointError::invalid(format!("unknown rule type {other:?}"))),
    };
    Ok(Rule { conditions, kind })
}

fn parse_condition(json: &Json, depth: usize) -> Result<Condition, EndpointError> {
    let call = parse_expr(json, depth)?;
    if !matches!(call, Expr::Call { .. }) {
        return Err(EndpointError::invalid("a condition is not a function call"));
    }
    let assign = json.get("assign").and_then(Json::as_str).map(str::to_owned);
    Ok(Condition { call, assign })
}

fn parse_expr(json: &Json, depth: usize) -> Result<Expr, EndpointError> {
    if depth > MAX_DEPTH {
        return Err(EndpointError::invalid("expressions are nested too deeply"));
    }
    Ok(match json {
        Json::Bool(b) => Expr::Bool(*b),
        Json::Number(n) => {
            Expr::Int(n.as_i64().ok_or_else(|| EndpointError::invalid(format!("unsupported number {n}")))?)
        }
        Json::String(s) => Expr::Template(parse_template(s)?),
        Json::Array(items) => Expr::Array(items.iter().map(|i| parse_expr(i, depth + 1)).collect::<Result<_, _>>()?),
        Json::Object(obj) => {
            if let Some(name) = obj.get("ref").and_then(Json::as_str) {
                Expr::Ref(name.to_owned())
            } else if let Some(name) = obj.get("fn").and_then(Json::as_str) {
                let args = obj
                    .get("argv")
                    .and_then(Json::as_array)
                    .ok_or_else(|| EndpointError::invalid(format!("call of `{name}` has no `argv` array")))?;
                Expr::Call {
                    name: name.to_owned(),
                    args: args.iter().map(|a| parse_expr(a, depth + 1)).collect::<Result<_, _>>()?,
                }
            } else {
                // A literal object (endpoint properties such as `authSchemes` entries).
                Expr::Object(
                    obj.iter()
                        .map(|(k, v)| Ok((k.clone(), parse_expr(v, depth + 1)?)))
                        .collect::<Result<_, EndpointError>>()?,
                )
            }
        }
        Json::Null => return Err(EndpointError::invalid("null is not a valid expression")),
    })
}

/// Splits `text{Name#path}more` into parts; `{{` and `}}` are literal braces.
fn parse_template(text: &str) -> Result<Vec<TemplatePart>, EndpointError> {
    let mut parts = Vec::new();
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                literal.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let mut inner = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => inner.push(c),
                        None => return Err(EndpointError::invalid(format!("unclosed `{{` in template {text:?}"))),
                    }
                }
                if !literal.is_empty() {
                    parts.push(TemplatePart::Text(std::mem::take(&mut literal)));
                }
                let (name, path) = match inner.split_once('#') {
                    Some((name, path)) => (name, parse_path(path)?),
                    None => (inner.as_str(), Vec::new()),
                };
                if name.is_empty() {
                    return Err(EndpointError::invalid(format!("empty reference in template {text:?}")));
                }
                parts.push(TemplatePart::Ref { name: name.to_owned(), path });
            }
            '}' => return Err(EndpointError::invalid(format!("unmatched `}}` in template {text:?}"))),
            c => literal.push(c),
        }
    }
    if !literal.is_empty() || parts.is_empty() {
        parts.push(TemplatePart::Text(literal));
    }
    Ok(parts)
}

/// Parses a `getAttr` path: dot-separated keys, each optionally followed by `[index]`.
fn parse_path(path: &str) -> Result<Vec<PathPart>, EndpointError> {
    let bad = || EndpointError::invalid(format!("invalid attribute path {path:?}"));
    let mut parts = Vec::new();
    for segment in path.split('.') {
        let mut rest = segment;
        let key_end = rest.find('[').unwrap_or(rest.len());
        if rest[..key_end].contains(']') {
            return Err(bad());
        }
        if key_end > 0 {
            parts.push(PathPart::Key(rest[..key_end].to_owned()));
        }
        rest = &rest[key_end..];
        while let Some(after) = rest.strip_prefix('[') {
            let close = after.find(']').ok_or_else(bad)?;
            let index: usize = after[..close].trim().parse().map_err(|_| bad())?;
            parts.push(PathPart::Index(index));
            rest = &after[close + 1..];
        }
        if !rest.is_empty() || (key_end == 0 && segment.is_empty()) {
            return Err(bad());
        }
    }
    Ok(parts)
}

/// Follows a path; a missing key or index yields `None`.
fn get_path(value: &Value, path: &[PathPart]) -> Option<Value> {
    let mut current = value;
    for part in path {
        current = match (part, current) {
            (PathPart::Key(key), Value::Object(map)) => map.get(key)?,
            (PathPart::Index(i), Value::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(current.clone())
}

struct Evaluator<'a> {
    /// Parameters and assigned variables, innermost last.
    scope: Vec<(String, Value)>,
    partitions: &'a Partitions,
}

impl Evaluator<'_> {
    fn lookup(&self, name: &str) -> Option<&Value> {
        self.scope.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Evaluates rules in order; `Ok(None)` when none matched.
    fn rules(&mut self, rules: &[Rule]) -> Result<Option<Endpoint>, EndpointError> {
        for rule in rules {
            let mark = self.scope.len();
            let result = self.rule(rule);
            // Variables assigned by a rule's conditions go out of scope with it.
            self.scope.truncate(mark);
            match result? {
                RuleOutcome::Skipped => continue,
                RuleOutcome::Endpoint(e) => return Ok(Some(e)),
            }
        }
        Ok(None)
    }

    fn rule(&mut self, rule: &Rule) -> Result<RuleOutcome, EndpointError> {
        for condition in &rule.conditions {
            let value = self.eval(&condition.call)?;
            let matched = match &value {
                None | Some(Value::Bool(false)) => false,
                Some(_) => true,
            };
            if !matched {
                return Ok(RuleOutcome::Skipped);
            }
            if let (Some(name), Some(value)) = (&condition.assign, value) {
                self.scope.push((name.clone(), value));
            }
        }
        match &rule.kind {
            RuleKind::Endpoint { url, headers, properties } => {
                let url = self.eval_string(url, "endpoint url")?;
                let mut out_headers = BTreeMap::new();
                for (name, values) in headers {
                    let values =
                        values.iter().map(|v| self.eval_string(v, "header value")).collect::<Result<_, _>>()?;
                    out_headers.insert(name.clone(), values);
                }
                let mut out_properties = BTreeMap::new();
                for (name, value) in properties {
                    let value = self.eval(value)?.ok_or_else(|| {
                        EndpointError::invalid(format!("endpoint property `{name}` evaluated to nothing"))
                    })?;
                    out_properties.insert(name.clone(), value);
                }
                Ok(RuleOutcome::Endpoint(Endpoint { url, headers: out_headers, properties: out_properties }))
            }
            RuleKind::Error(message) => {
                Err(EndpointError::new(EndpointErrorKind::Rule, self.eval_string(message, "error message")?))
            }
            RuleKind::Tree(rules) => match self.rules(rules)? {
                Some(endpoint) => Ok(RuleOutcome::Endpoint(endpoint)),
                // Tree rules are terminal: once entered, one of their rules must match.
                None => Err(EndpointError::new(EndpointErrorKind::NoMatch, "a tree rule's rules were exhausted")),
            },
        }
    }

    fn eval_string(&mut self, expr: &Expr, what: &str) -> Result<String, EndpointError> {
        match self.eval(expr)? {
            Some(Value::String(s)) => Ok(s),
            Some(other) => Err(EndpointError::invalid(format!("{what} is a {}, not a string", other.type_name()))),
            None => Err(EndpointError::invalid(format!("{what} evaluated to nothing"))),
        }
    }

    /// Evaluates an expression; `Ok(None)` is the rules engine's empty optional.
    fn eval(&mut self, expr: &Expr) -> Result<Option<Value>, EndpointError> {
        Ok(Some(match expr {
            Expr::Bool(b) => Value::Bool(*b),
            Expr::Int(i) => Value::Int(*i),
            Expr::Ref(name) => return Ok(self.lookup(name).cloned()),
            Expr::Template(parts) => Value::String(self.template(parts)?),
            Expr::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    match self.eval(item)? {
                        Some(v) => out.push(v),
                        None => return Ok(None),
                    }
                }
                Value::Array(out)
            }
            Expr::Object(fields) => {
                let mut out = BTreeMap::new();
                for (k, v) in fields {
                    match self.eval(v)? {
                        Some(v) => out.insert(k.clone(), v),
                        None => return Ok(None),
                    };
                }
                Value::Object(out)
            }
            Expr::Call { name, args } => {
                let mut values = Vec::with_capacity(args.len());
                for arg in args {
                    values.push(self.eval(arg)?);
                }
                return functions::call(name, values, self.partitions);
            }
        }))
    }

    fn template(&self, parts: &[TemplatePart]) -> Result<String, EndpointError> {
        let mut out = String::new();
        for part in parts {
            match part {
                TemplatePart::Text(text) => out.push_str(text),
                TemplatePart::Ref { name, path } => {
                    let value = self.lookup(name).ok_or_else(|| {
                        EndpointError::invalid(format!("template references `{name}`, which is not set"))
                    })?;
                    let value = get_path(value, path)
                        .ok_or_else(|| EndpointError::invalid(format!("template path in `{name}` does not exist")))?;
                    match value {
                        Value::String(s) => out.push_str(&s),
                        Value::Bool(b) => out.push_str(if b { "true" } else { "false" }),
                        Value::Int(i) => out.push_str(&i.to_string()),
                        other => {
                            return Err(EndpointError::invalid(format!(
                                "template inserts `{name}`, a {}",
                                other.type_name()
                            )));
                        }
                    }
                }
            }
        }
        Ok(out)
    }
}

enum RuleOutcome {
    Skipped,
    Endpoint(Endpoint),
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates_and_paths_parse() {
        let parts = parse_template("https://{Region}.{P#dnsSuffix}/{{x}}").unwrap();
        assert_eq!(parts.len(), 5);
        assert_eq!(
            parse_path("a.b[0]").unwrap(),
            vec![PathPart::Key("a".into()), PathPart::Key("b".into()), PathPart::Index(0)]
        );
        assert_eq!(parse_path("[2]").unwrap(), vec![PathPart::Index(2)]);
        for bad in ["a[", "a[x]", "a.", "a]b"] {
            assert!(parse_path(bad).is_err(), "{bad}");
        }
        assert!(parse_template("{unclosed").is_err());
        assert!(parse_template("stray}").is_err());
    }

    #[test]
    fn assign_getattr_and_scoping() {
        let rules = json!({
            "version": "1.0",
            "parameters": {"Arn": {"type": "string", "required": true}},
            "rules": [
                {"type": "endpoint", "conditions": [
                    {"fn": "aws.parseArn", "argv": [{"ref": "Arn"}], "assign": "arn"},
                    {"fn": "getAttr", "argv": [{"ref": "arn"}, "resourceId[1]"], "assign": "id"},
                    {"fn": "stringEquals", "argv": [{"ref": "id"}, "missing"]}
                ], "endpoint": {"url": "https://never"}},
                // `id` from the failed rule above must not leak here.
                {"type": "endpoint", "conditions": [
                    {"fn": "aws.parseArn", "argv": [{"ref": "Arn"}], "assign": "arn"}
                ], "endpoint": {
                    "url": "https://{arn#resourceId[1]}.{arn#region}.example.com",
                    "headers": {"x-account": ["{arn#accountId}"]},
                    "properties": {"authSchemes": [{"name": "sigv4", "signingRegion": "{arn#region}", "signingName": "svc"}]}
                }}
            ]
        });
        let set = RuleSet::from_json(&rules).unwrap();
        let endpoint = set.resolve(&Params::new().with("Arn", "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1")).unwrap();
        assert_eq!(endpoint.url(), "https://vpc-1.us-east-1.example.com");
        assert_eq!(endpoint.headers()["x-account"], vec!["123456789012".to_owned()]);
        assert_eq!(endpoint.sigv4_overrides(), (Some("svc"), Some("us-east-1")));
        let missing = set.resolve(&Params::new()).unwrap_err();
        assert_eq!(missing.kind(), &EndpointErrorKind::Params);
        let wrong = set.resolve(&Params::new().with("Arn", true)).unwrap_err();
        assert_eq!(wrong.kind(), &EndpointErrorKind::Params);
        let no_match = set.resolve(&Params::new().with("Arn", "not-an-arn")).unwrap_err();
        assert_eq!(no_match.kind(), &EndpointErrorKind::NoMatch);
    }

    #[test]
    fn malformed_rule_sets_are_errors() {
        for bad in [
            json!([]),
            json!({"version": "2.0", "parameters": {}, "rules": []}),
            json!({"parameters": {"A": {"type": "number"}}, "rules": []}),
            json!({"parameters": {}, "rules": [{"type": "weird", "conditions": []}]}),
            json!({"parameters": {}, "rules": [{"type": "endpoint", "conditions": [true], "endpoint": {"url": "x"}}]}),
            json!({"parameters": {}, "rules": [{"type": "error", "conditions": []}]}),
        ] {
            assert!(RuleSet::from_json(&bad).is_err(), "{bad}");
        }
        let unknown_fn = json!({"parameters": {}, "rules": [
            {"type": "endpoint", "conditions": [{"fn": "nope", "argv": []}], "endpoint": {"url": "https://x"}}
        ]});
        let err = RuleSet::from_json(&unknown_fn).unwrap().resolve(&Params::new()).unwrap_err();
        assert_eq!(err.kind(), &EndpointErrorKind::InvalidRuleSet);
        // Deep nesting is refused, not a stack overflow.
        let mut deep = json!({"type": "error", "conditions": [], "error": "x"});
        for _ in 0..200 {
            deep = json!({"type": "tree", "conditions": [], "rules": [deep]});
        }
        assert!(RuleSet::from_json(&json!({"parameters": {}, "rules": [deep]})).is_err());
    }
}
