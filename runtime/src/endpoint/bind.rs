//! Where parameter values come from, and the order in which a more specific
//! source hides a less specific one (see the module documentation of
//! [`endpoint`](super)).

use super::{EndpointError, Params, RuleSet, Value};

/// A value fixed when the code is generated: one entry of an operation's
/// `smithy.rules#staticContextParams`. Usable in `const` items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaticValue {
    /// A string.
    String(&'static str),
    /// A boolean.
    Bool(bool),
    /// An array of strings.
    StringArray(&'static [&'static str]),
}

impl StaticValue {
    /// The value for the rules engine.
    pub fn to_value(self) -> Value {
        match self {
            Self::String(s) => Value::from(s),
            Self::Bool(b) => Value::Bool(b),
            Self::StringArray(items) => Value::from(items),
        }
    }
}

/// The values one call binds from its input: members marked
/// `smithy.rules#contextParam` and the operation's
/// `smithy.rules#operationContextParams` paths. Kept apart because a context
/// parameter wins over an operation context parameter of the same name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputParams {
    context: Params,
    operation_context: Params,
}

impl InputParams {
    /// No values.
    pub fn new() -> Self {
        Self::default()
    }

    /// Binds a `@contextParam` member's value to the parameter `name`; an
    /// unset member (`None`) binds nothing.
    pub fn context_param<V: Into<Value>>(mut self, name: &str, value: Option<V>) -> Self {
        if let Some(value) = value {
            self.context.set(name, value);
        }
        self
    }

    /// Binds the value an `@operationContextParams` path selects to the
    /// parameter `name`; `None` (the path selected nothing) binds nothing.
    pub fn operation_context_param<V: Into<Value>>(mut self, name: &str, value: Option<V>) -> Self {
        if let Some(value) = value {
            self.operation_context.set(name, value);
        }
        self
    }

    /// Whether nothing is bound.
    pub fn is_empty(&self) -> bool {
        self.context.is_empty() && self.operation_context.is_empty()
    }
}

/// The values of the standard built-ins, as a client configuration provides
/// them. Other built-ins (`AWS::Auth::AccountId`, `AWS::S3::Accelerate`, …)
/// have no source here, so their parameters take their defaults.
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

/// Every source of parameter values for one resolution. Unset fields
/// contribute nothing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bindings<'a> {
    /// The operation's `staticContextParams`.
    pub static_context: &'a [(&'a str, StaticValue)],
    /// The call's input: `contextParam` members and `operationContextParams`.
    pub input: Option<&'a InputParams>,
    /// The client's `clientContextParams` values.
    pub client_context: Option<&'a Params>,
    /// The client's built-ins.
    pub built_ins: Option<&'a BuiltIns>,
}

impl RuleSet {
    /// The parameter values `bindings` give this rule set: for each declared
    /// parameter, the value of the most specific source that has one.
    /// Defaults are left to [`resolve`](Self::resolve). A value bound to a
    /// name this rule set does not declare is an error (a typo in a client
    /// context parameter, or generated code out of step with its rules).
    pub fn bind(&self, bindings: &Bindings<'_>) -> Result<Params, EndpointError> {
        let empty = Params::new();
        let input_context = bindings.input.map_or(&empty, |i| &i.context);
        let input_operation = bindings.input.map_or(&empty, |i| &i.operation_context);
        let client = bindings.client_context.unwrap_or(&empty);
        let undeclared = (bindings.static_context.iter().map(|(name, _)| ("static context", *name)))
            .chain(input_context.iter().map(|(name, _)| ("context", name)))
            .chain(input_operation.iter().map(|(name, _)| ("operation context", name)))
            .chain(client.iter().map(|(name, _)| ("client context", name)))
            .find(|(_, name)| self.parameter(name).is_none());
        if let Some((source, name)) = undeclared {
            return Err(EndpointError::params(format!(
                "{source} parameter `{name}` is not a parameter of this service's endpoint rules"
            )));
        }
        let mut params = Params::new();
        for p in self.parameters() {
            let name = p.name();
            let value = bindings
                .static_context
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_value())
                .or_else(|| input_context.get(name).cloned())
                .or_else(|| input_operation.get(name).cloned())
                .or_else(|| client.get(name).cloned())
                .or_else(|| p.built_in().zip(bindings.built_ins).and_then(|(b, built_ins)| built_ins.get(b)));
            if let Some(value) = value {
                params.set(name, value);
            }
        }
        Ok(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rule_set() -> RuleSet {
        let param = |built_in: Option<&str>| match built_in {
            Some(b) => json!({"type": "string", "builtIn": b}),
            None => json!({"type": "string"}),
        };
        RuleSet::from_json(&json!({"version": "1.0", "parameters": {
            "A": param(Some("AWS::Region")), "B": param(Some("AWS::Region")), "C": param(Some("AWS::Region")),
            "D": param(Some("AWS::Region")), "E": param(Some("AWS::Region")), "F": param(Some("AWS::Auth::AccountId")),
        }, "rules": []}))
        .unwrap()
    }

    #[test]
    fn the_most_specific_source_wins() {
        let input = InputParams::new()
            .context_param("A", Some("context"))
            .context_param("B", Some("context"))
            .operation_context_param("A", Some("operation"))
            .operation_context_param("B", Some("operation"))
            .operation_context_param("C", Some("operation"))
            .context_param("E", None::<&str>);
        let client = Params::new().with("A", "client").with("B", "client").with("C", "client").with("D", "client");
        let built_ins = BuiltIns { region: Some("built-in".into()), ..BuiltIns::default() };
        let bindings = Bindings {
            static_context: &[("A", StaticValue::String("static"))],
            input: Some(&input),
            client_context: Some(&client),
            built_ins: Some(&built_ins),
        };
        let params = rule_set().bind(&bindings).unwrap();
        let got: Vec<(&str, &str)> = params.iter().map(|(k, v)| (k, v.as_str().unwrap())).collect();
        // F's built-in has no source, so F is left for its default.
        assert_eq!(got, [("A", "static"), ("B", "context"), ("C", "operation"), ("D", "client"), ("E", "built-in")]);
        assert!(rule_set().bind(&Bindings::default()).unwrap().is_empty());
    }

    #[test]
    fn undeclared_names_are_errors() {
        let set = rule_set();
        let typo = Params::new().with("Typo", true);
        let error = set.bind(&Bindings { client_context: Some(&typo), ..Bindings::default() }).unwrap_err();
        assert_eq!(
            error.message(),
            "client context parameter `Typo` is not a parameter of this service's endpoint rules"
        );
        let input = InputParams::new().operation_context_param("Nope", Some(vec!["x".to_owned()]));
        let error = set.bind(&Bindings { input: Some(&input), ..Bindings::default() }).unwrap_err();
        assert_eq!(
            error.message(),
            "operation context parameter `Nope` is not a parameter of this service's endpoint rules"
        );
        let statics = [("Nope", StaticValue::Bool(true))];
        let error = set.bind(&Bindings { static_context: &statics, ..Bindings::default() }).unwrap_err();
        assert_eq!(error.kind(), &super::super::EndpointErrorKind::Params);
        assert_eq!(
            error.message(),
            "static context parameter `Nope` is not a parameter of this service's endpoint rules"
        );
    }

    #[test]
    fn static_values_convert() {
        assert_eq!(StaticValue::String("x").to_value(), Value::from("x"));
        assert_eq!(StaticValue::Bool(true).to_value(), Value::Bool(true));
        assert_eq!(
            StaticValue::StringArray(&["a", "b"]).to_value(),
            Value::Array(vec![Value::from("a"), Value::from("b")])
        );
    }
}
