//! What endpoint resolution needs beyond the rule set itself: where each
//! rule-set parameter's value comes from (a built-in, a client context
//! parameter, an operation's static or input-bound context parameters),
//! and the `smithy.rules#endpointTests` cases, typed.
//!
//! The rule set stays JSON (the runtime parses and evaluates it); what is
//! read here is what the emitters must turn into Rust: setters, `const`
//! tables, the code that binds input members, and tests.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::Traits;

const ENDPOINT_TESTS: &str = "smithy.rules#endpointTests";
const CLIENT_CONTEXT_PARAMS: &str = "smithy.rules#clientContextParams";
const STATIC_CONTEXT_PARAMS: &str = "smithy.rules#staticContextParams";
const CONTEXT_PARAM: &str = "smithy.rules#contextParam";
const OPERATION_CONTEXT_PARAMS: &str = "smithy.rules#operationContextParams";

/// A parameter the rule set declares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleParam {
    /// Its name (`Region`, `Bucket`).
    pub name: String,
    /// `builtIn` (`AWS::Region`, `SDK::Endpoint`), if it is one.
    pub built_in: Option<String>,
    /// Whether it has a `default`.
    pub has_default: bool,
}

/// The parameters `rule_set` declares, by name.
pub fn rule_params(rule_set: Option<&Value>) -> BTreeMap<String, RuleParam> {
    let declared = rule_set.and_then(|rules| rules.get("parameters")).and_then(Value::as_object);
    declared
        .into_iter()
        .flatten()
        .map(|(name, decl)| {
            let param = RuleParam {
                name: name.clone(),
                built_in: decl.get("builtIn").and_then(Value::as_str).map(str::to_owned),
                has_default: decl.get("default").is_some_and(|value| !value.is_null()),
            };
            (name.clone(), param)
        })
        .collect()
}

/// A value of a rule-set parameter: what a static context parameter, a
/// client context parameter or a test case gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamValue {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An array of strings.
    StringArray(Vec<String>),
}

impl ParamValue {
    /// The JSON value as a parameter value, if it is one the rules engine has.
    pub fn from_json(value: &Value) -> Option<ParamValue> {
        match value {
            Value::String(text) => Some(ParamValue::String(text.clone())),
            Value::Bool(flag) => Some(ParamValue::Bool(*flag)),
            Value::Array(items) => {
                items.iter().map(|item| item.as_str().map(str::to_owned)).collect::<Option<_>>().map(Self::StringArray)
            }
            _ => None,
        }
    }
}

/// The type of a client context parameter (`smithy.rules#clientContextParams`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamType {
    /// `string`.
    String,
    /// `boolean`.
    Boolean,
    /// `stringArray`.
    StringArray,
}

/// A client context parameter: set on the configuration, for every call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientContextParam {
    /// The rule-set parameter (`ForcePathStyle`).
    pub name: String,
    /// Its type.
    pub ty: ParamType,
    /// Documentation, as written in the trait.
    pub docs: Option<String>,
}

/// The service's `smithy.rules#clientContextParams`, sorted by name; a
/// parameter of a type the trait does not define is left out, with a warning.
pub fn client_context_params(traits: &Traits, warnings: &mut Vec<String>) -> Vec<ClientContextParam> {
    let declared = traits.get(CLIENT_CONTEXT_PARAMS).and_then(Value::as_object);
    let mut params = Vec::new();
    for (name, decl) in declared.into_iter().flatten() {
        let ty = match decl.get("type").and_then(Value::as_str) {
            Some("string") => ParamType::String,
            Some("boolean") => ParamType::Boolean,
            Some("stringArray") => ParamType::StringArray,
            other => {
                warnings.push(format!(
                    "client context parameter `{name}` has type {}, which has no setter; it is left to its default",
                    other.unwrap_or("(none)")
                ));
                continue;
            }
        };
        let docs = decl.get("documentation").and_then(Value::as_str).map(str::to_owned);
        params.push(ClientContextParam { name: name.clone(), ty, docs });
    }
    params
}

/// An operation's `smithy.rules#staticContextParams`, sorted by name.
pub fn static_context_params(traits: &Traits, warnings: &mut Vec<String>) -> Vec<(String, ParamValue)> {
    let declared = traits.get(STATIC_CONTEXT_PARAMS).and_then(Value::as_object);
    let mut params = Vec::new();
    for (name, decl) in declared.into_iter().flatten() {
        match decl.get("value").and_then(ParamValue::from_json) {
            Some(value) => params.push((name.clone(), value)),
            None => warnings.push(format!(
                "static context parameter `{name}` has no string, boolean or string-array value; it is not bound"
            )),
        }
    }
    params
}

/// The parameter a member binds with `@smithy.rules#contextParam(name: …)`.
pub fn context_param(traits: &Traits) -> Option<String> {
    traits.get(CONTEXT_PARAM)?.get("name")?.as_str().map(str::to_owned)
}

/// One step of an `operationContextParams` path, a subset of JMESPath.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathStep {
    /// `member`: a member of the structure at hand.
    Field(String),
    /// `[*]`: each item of the list at hand (the rest of the path applies to each).
    Each,
    /// `keys(…)`: the keys of the map at hand; always the last step.
    Keys,
}

/// An operation's `smithy.rules#operationContextParams`: each parameter and
/// the path into the input that gives its value, parsed; a path outside the
/// supported subset is left out, with a warning.
pub fn operation_context_params(traits: &Traits, warnings: &mut Vec<String>) -> Vec<(String, Vec<PathStep>)> {
    let declared = traits.get(OPERATION_CONTEXT_PARAMS).and_then(Value::as_object);
    let mut params = Vec::new();
    for (name, decl) in declared.into_iter().flatten() {
        let path = decl.get("path").and_then(Value::as_str).unwrap_or_default();
        match parse_path(path) {
            Some(steps) => params.push((name.clone(), steps)),
            None => warnings.push(format!(
                "operation context parameter `{name}`: path `{path}` is outside the supported subset \
                 (`a.b`, `a[*].b`, `keys(a)`); it is not bound"
            )),
        }
    }
    params
}

/// `a.b[*].c` or `keys(a.b)`.
fn parse_path(path: &str) -> Option<Vec<PathStep>> {
    let path = path.trim();
    if let Some(inner) = path.strip_prefix("keys(").and_then(|rest| rest.strip_suffix(')')) {
        let mut steps = parse_path(inner)?;
        steps.push(PathStep::Keys);
        return Some(steps);
    }
    let mut steps = Vec::new();
    for part in path.split('.') {
        let (name, each) = match part.strip_suffix("[*]") {
            Some(name) => (name, true),
            None => (part, false),
        };
        let valid = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return None;
        }
        steps.push(PathStep::Field(name.to_owned()));
        if each {
            steps.push(PathStep::Each);
        }
    }
    Some(steps)
}

/// What a case expects.
#[derive(Clone, Debug, PartialEq)]
pub enum Expectation {
    /// This endpoint.
    Endpoint {
        /// The URL.
        url: String,
        /// The headers, each with its values.
        headers: BTreeMap<String, Vec<String>>,
        /// The properties (`authSchemes`…), as JSON.
        properties: Value,
    },
    /// Resolution fails with this message.
    Error(String),
}

/// One call a case makes through an operation (`operationInputs`).
#[derive(Clone, Debug, PartialEq)]
pub struct OperationInput {
    /// The operation, by name.
    pub operation: String,
    /// Its input, by member name.
    pub params: Value,
    /// Built-in values (`AWS::Region`…), set on the configuration.
    pub built_ins: BTreeMap<String, Value>,
    /// Client context parameters, set on the configuration.
    pub client_params: BTreeMap<String, Value>,
}

/// One `smithy.rules#endpointTests` case.
#[derive(Clone, Debug, PartialEq)]
pub struct EndpointTest {
    /// What the case shows.
    pub documentation: Option<String>,
    /// Parameter values, by rule-set parameter name.
    pub params: BTreeMap<String, Value>,
    /// The operations to call, if the case calls any.
    pub operation_inputs: Vec<OperationInput>,
    /// The expected result; `None` when the case gives neither an endpoint nor an error.
    pub expect: Option<Expectation>,
}

/// The service's endpoint test cases, in the order the trait lists them.
pub fn endpoint_tests(traits: &Traits) -> Vec<EndpointTest> {
    let cases = traits.get(ENDPOINT_TESTS).and_then(|tests| tests.get("testCases")).and_then(Value::as_array);
    cases.into_iter().flatten().map(endpoint_test).collect()
}

fn endpoint_test(case: &Value) -> EndpointTest {
    let object = |value: Option<&Value>| -> BTreeMap<String, Value> {
        value
            .and_then(Value::as_object)
            .map(|map| map.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    };
    let expect = case.get("expect").and_then(|expect| {
        if let Some(message) = expect.get("error").and_then(Value::as_str) {
            return Some(Expectation::Error(message.to_owned()));
        }
        let endpoint = expect.get("endpoint")?;
        let headers = endpoint.get("headers").and_then(Value::as_object).into_iter().flatten();
        Some(Expectation::Endpoint {
            url: endpoint.get("url").and_then(Value::as_str).unwrap_or_default().to_owned(),
            headers: headers
                .map(|(name, values)| {
                    let values = values.as_array().into_iter().flatten().filter_map(Value::as_str);
                    (name.clone(), values.map(str::to_owned).collect())
                })
                .collect(),
            properties: endpoint.get("properties").cloned().unwrap_or_else(|| Value::Object(Default::default())),
        })
    });
    let inputs = case.get("operationInputs").and_then(Value::as_array).into_iter().flatten();
    EndpointTest {
        documentation: case.get("documentation").and_then(Value::as_str).map(str::to_owned),
        params: object(case.get("params")),
        operation_inputs: inputs
            .map(|input| OperationInput {
                operation: input.get("operationName").and_then(Value::as_str).unwrap_or_default().to_owned(),
                params: input.get("operationParams").cloned().unwrap_or_else(|| Value::Object(Default::default())),
                built_ins: object(input.get("builtInParams")),
                client_params: object(input.get("clientParams")),
            })
            .collect(),
        expect,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_in_the_supported_subset_parse_into_steps() {
        use PathStep::*;
        assert_eq!(parse_path("Bucket"), Some(vec![Field("Bucket".into())]));
        assert_eq!(
            parse_path("Delete.Objects[*].Key"),
            Some(vec![Field("Delete".into()), Field("Objects".into()), Each, Field("Key".into())])
        );
        assert_eq!(parse_path("keys(Tags)"), Some(vec![Field("Tags".into()), Keys]));
        for unsupported in ["", "a[0]", "a | b", "a[?x]", "length(a)", "a..b"] {
            assert_eq!(parse_path(unsupported), None, "{unsupported}");
        }
    }
}
