//! The rule set: its parameters and rules, parsed from the trait's JSON into
//! a tree the evaluator walks. Everything that can be checked without
//! parameter values is checked here (function names and arities, `getAttr`
//! paths, templates), so a broken rule set fails when the client first
//! resolves, whichever branch the values would have taken.

use serde_json::Value as Json;

use super::functions::Function;
use super::partition::Partitions;
use super::{Endpoint, EndpointError, EndpointErrorKind, Params, Value, eval};

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

    /// Refuses a value of the wrong type.
    pub(super) fn check(&self, value: &Value) -> Result<(), EndpointError> {
        let ok = match self.kind {
            ParameterType::String => matches!(value, Value::String(_)),
            ParameterType::Boolean => matches!(value, Value::Bool(_)),
            ParameterType::StringArray => {
                matches!(value, Value::Array(items) if items.iter().all(|i| matches!(i, Value::String(_))))
            }
        };
        if ok {
            Ok(())
        } else {
            Err(EndpointError::params(format!(
                "parameter `{}` must be a {:?}, not {}",
                self.name,
                self.kind,
                value.type_name()
            )))
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
pub(super) struct Rule {
    pub(super) conditions: Vec<Condition>,
    pub(super) kind: RuleKind,
}

#[derive(Clone, Debug)]
pub(super) enum RuleKind {
    Endpoint { url: Expr, headers: Vec<(String, Vec<Expr>)>, properties: Vec<(String, Expr)> },
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Clone, Debug)]
pub(super) struct Condition {
    pub(super) call: Expr,
    pub(super) assign: Option<String>,
}

#[derive(Clone, Debug)]
pub(super) enum Expr {
    Bool(bool),
    Int(i64),
    Template(Vec<TemplatePart>),
    Array(Vec<Expr>),
    Object(Vec<(String, Expr)>),
    Ref(String),
    /// `getAttr`, whose path is a literal and so is parsed once, here.
    GetAttr {
        target: Box<Expr>,
        path: Vec<PathPart>,
    },
    Call {
        function: Function,
        args: Vec<Expr>,
    },
}

#[derive(Clone, Debug)]
pub(super) enum TemplatePart {
    Text(String),
    Ref { name: String, path: Vec<PathPart> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum PathPart {
    Key(String),
    /// An array index; negative counts from the end (`[-1]` is the last item).
    Index(i64),
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
        if version != "1" && !version.starts_with("1.") {
            return Err(EndpointError::invalid(format!("unsupported rule set version {version}")));
        }
        let mut parameters: Vec<Parameter> = Vec::new();
        if let Some(params) = obj.get("parameters") {
            let params = params.as_object().ok_or_else(|| EndpointError::invalid("`parameters` is not an object"))?;
            for (name, spec) in params {
                // Names are unique ignoring case, so generators may re-case them.
                if parameters.iter().any(|p| p.name.eq_ignore_ascii_case(name)) {
                    return Err(EndpointError::invalid(format!("parameter `{name}` is declared twice")));
                }
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

    /// The declared parameter called `name`.
    pub fn parameter(&self, name: &str) -> Option<&Parameter> {
        self.parameters.iter().find(|p| p.name == name)
    }

    /// Resolves with the embedded partition data.
    pub fn resolve(&self, params: &Params) -> Result<Endpoint, EndpointError> {
        self.resolve_with(params, Partitions::embedded())
    }

    /// Resolves with the given partition data. `params` may name only
    /// declared parameters; unset ones take their defaults.
    pub fn resolve_with(&self, params: &Params, partitions: &Partitions) -> Result<Endpoint, EndpointError> {
        if let Some((name, _)) = params.iter().find(|(name, _)| self.parameter(name).is_none()) {
            return Err(EndpointError::params(format!("`{name}` is not a parameter of this rule set")));
        }
        let mut scope: Vec<(String, Value)> = Vec::with_capacity(self.parameters.len());
        for p in &self.parameters {
            match params.get(&p.name).or(p.default.as_ref()) {
                Some(value) => {
                    p.check(value)?;
                    scope.push((p.name.clone(), value.clone()));
                }
                None if p.required => {
                    return Err(EndpointError::params(format!("required parameter `{}` is not set", p.name)));
                }
                None => {}
            }
        }
        match eval::Evaluator::new(scope, partitions).rules(&self.rules)? {
            Some(endpoint) => Ok(endpoint),
            None => Err(EndpointError::new(EndpointErrorKind::NoMatch, "the rule set's rules were exhausted")),
        }
    }
}

fn parse_parameter(name: &str, spec: &Json) -> Result<Parameter, EndpointError> {
    let valid_name =
        name.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && name.chars().all(|c| c.is_ascii_alphanumeric());
    if !valid_name {
        return Err(EndpointError::invalid(format!("parameter name {name:?} is not letters and digits")));
    }
    let spec =
        spec.as_object().ok_or_else(|| EndpointError::invalid(format!("parameter `{name}` is not an object")))?;
    // Published models spell the types in either case (`string`, `String`).
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
        parameter.check(default).map_err(|e| EndpointError::invalid(e.message))?;
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
    if !matches!(call, Expr::Call { .. } | Expr::GetAttr { .. }) {
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
                parse_call(name, args, depth)?
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

fn parse_call(name: &str, args: &[Json], depth: usize) -> Result<Expr, EndpointError> {
    let function = Function::from_name(name)
        .ok_or_else(|| EndpointError::invalid(format!("unknown function `{name}` (not in this engine's library)")))?;
    function.check_arity(args.len())?;
    if function == Function::GetAttr {
        let path = args[1]
            .as_str()
            .ok_or_else(|| EndpointError::invalid("the path argument of `getAttr` is not a literal string"))?;
        return Ok(Expr::GetAttr { target: Box::new(parse_expr(&args[0], depth + 1)?), path: parse_path(path)? });
    }
    Ok(Expr::Call { function, args: args.iter().map(|a| parse_expr(a, depth + 1)).collect::<Result<_, _>>()? })
}

/// Splits `text{Name#path}more` into parts; `{{` and `}}` are literal braces.
pub(super) fn parse_template(text: &str) -> Result<Vec<TemplatePart>, EndpointError> {
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

/// Parses a `getAttr` path as the specification describes: split on `.`;
/// each part is a key, optionally followed by one `[index]`. An index may
/// only end the path (indexing yields an optional, which has no attributes).
pub(super) fn parse_path(path: &str) -> Result<Vec<PathPart>, EndpointError> {
    let bad = |why: &str| EndpointError::invalid(format!("invalid attribute path {path:?}: {why}"));
    let mut parts = Vec::new();
    let segments: Vec<&str> = path.split('.').collect();
    for (i, segment) in segments.iter().enumerate() {
        let (key, index) = match segment.find('[') {
            Some(open) => {
                let inner = segment[open + 1..].strip_suffix(']').ok_or_else(|| bad("`[` without a closing `]`"))?;
                let index: i64 = inner.parse().map_err(|_| bad("the index is not an integer"))?;
                if i + 1 != segments.len() {
                    return Err(bad("an index may only end the path"));
                }
                (&segment[..open], Some(index))
            }
            None => (*segment, None),
        };
        if key.contains([']', '[']) {
            return Err(bad("stray bracket"));
        }
        match (key.is_empty(), index) {
            (false, _) => parts.push(PathPart::Key(key.to_owned())),
            // `[0]` alone indexes the target itself.
            (true, Some(_)) if segments.len() == 1 => {}
            (true, _) => return Err(bad("empty key")),
        }
        if let Some(index) = index {
            parts.push(PathPart::Index(index));
        }
    }
    Ok(parts)
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
        assert_eq!(parse_path("ids[-1]").unwrap(), vec![PathPart::Key("ids".into()), PathPart::Index(-1)]);
        for bad in ["a[", "a[x]", "a.", "a]b", "a[0].b", "a[0][1]", "", ".a", "a..b"] {
            assert!(parse_path(bad).is_err(), "{bad}");
        }
        assert!(parse_template("{unclosed").is_err());
        assert!(parse_template("stray}").is_err());
    }

    #[test]
    fn malformed_rule_sets_are_errors() {
        let endpoint = |conditions: Json| {
            json!({"parameters": {}, "rules": [
                {"type": "endpoint", "conditions": conditions, "endpoint": {"url": "https://x"}}
            ]})
        };
        for bad in [
            json!([]),
            json!({"version": "2.0", "parameters": {}, "rules": []}),
            json!({"parameters": {"A": {"type": "number"}}, "rules": []}),
            json!({"parameters": {"A": {"type": "string"}, "a": {"type": "string"}}, "rules": []}),
            json!({"parameters": {"A-B": {"type": "string"}}, "rules": []}),
            json!({"parameters": {"A": {"type": "boolean", "default": "x"}}, "rules": []}),
            json!({"parameters": {}, "rules": [{"type": "weird", "conditions": []}]}),
            json!({"parameters": {}, "rules": [{"type": "error", "conditions": []}]}),
            endpoint(json!([true])),
            // Unknown functions and wrong arities are found without evaluating.
            endpoint(json!([{"fn": "nope", "argv": []}])),
            endpoint(json!([{"fn": "not", "argv": [true, false]}])),
            endpoint(json!([{"fn": "coalesce", "argv": [true]}])),
            endpoint(json!([{"fn": "getAttr", "argv": [{"ref": "x"}, {"ref": "path"}]}])),
            endpoint(json!([{"fn": "getAttr", "argv": [{"ref": "x"}, "a[0].b"]}])),
        ] {
            assert!(RuleSet::from_json(&bad).is_err(), "{bad}");
        }
        // Deep nesting is refused, not a stack overflow.
        let mut deep = json!({"type": "error", "conditions": [], "error": "x"});
        for _ in 0..200 {
            deep = json!({"type": "tree", "conditions": [], "rules": [deep]});
        }
        assert!(RuleSet::from_json(&json!({"parameters": {}, "rules": [deep]})).is_err());
    }

    #[test]
    fn parameters_are_checked() {
        let set = RuleSet::from_json(&json!({"version": "1.0",
            "parameters": {"Arn": {"type": "string", "required": true}},
            "rules": [{"type": "endpoint", "conditions": [], "endpoint": {"url": "https://{Arn}"}}]}))
        .unwrap();
        let kind = |params: Params| set.resolve(&params).unwrap_err().kind().clone();
        assert_eq!(kind(Params::new()), EndpointErrorKind::Params);
        assert_eq!(kind(Params::new().with("Arn", true)), EndpointErrorKind::Params);
        assert_eq!(kind(Params::new().with("Arn", "a").with("Other", "b")), EndpointErrorKind::Params);
        assert_eq!(set.resolve(&Params::new().with("Arn", "a")).unwrap().url(), "https://a");
    }
}
