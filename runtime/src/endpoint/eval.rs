//! Evaluation of a parsed rule set: rules in order, conditions left to right,
//! variables assigned by conditions scoped to their rule.

use std::collections::BTreeMap;

use super::functions::{self, Function};
use super::partition::Partitions;
use super::ruleset::{Expr, PathPart, Rule, RuleKind, TemplatePart};
use super::{Endpoint, EndpointError, EndpointErrorKind, Value};

pub(super) struct Evaluator<'a> {
    /// Parameters and assigned variables, innermost last.
    scope: Vec<(String, Value)>,
    partitions: &'a Partitions,
}

enum RuleOutcome {
    Skipped,
    Endpoint(Endpoint),
}

impl<'a> Evaluator<'a> {
    /// An evaluator whose scope starts with the parameters' values.
    pub(super) fn new(scope: Vec<(String, Value)>, partitions: &'a Partitions) -> Self {
        Self { scope, partitions }
    }

    fn lookup(&self, name: &str) -> Option<&Value> {
        self.scope.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Evaluates rules in order; `Ok(None)` when none matched.
    pub(super) fn rules(&mut self, rules: &[Rule]) -> Result<Option<Endpoint>, EndpointError> {
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
            // A condition holds unless it yields `false` or the empty optional.
            let value = match self.eval(&condition.call)? {
                None | Some(Value::Bool(false)) => return Ok(RuleOutcome::Skipped),
                Some(value) => value,
            };
            if let Some(name) = &condition.assign {
                self.scope.push((name.clone(), value));
            }
        }
        match &rule.kind {
            RuleKind::Endpoint { url, headers, properties } => {
                let url = self.eval_string(url, "the endpoint url")?;
                let mut out_headers = BTreeMap::new();
                for (name, values) in headers {
                    let values =
                        values.iter().map(|v| self.eval_string(v, "a header value")).collect::<Result<_, _>>()?;
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
                Err(EndpointError::new(EndpointErrorKind::Rule, self.eval_string(message, "an error message")?))
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
            Some(other) => Err(EndpointError::invalid(format!("{what} is {}, not a string", other.type_name()))),
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
            Expr::GetAttr { target, path } => {
                return Ok(match self.eval(target)? {
                    Some(value) => get_path(&value, path)?,
                    None => None,
                });
            }
            Expr::Call { function, args } => return self.call(*function, args),
        }))
    }

    /// Calls a function. `isSet`, `coalesce` and `ite` see their arguments'
    /// optionality and evaluate them lazily; every other function gets only
    /// values, and yields the empty optional when an argument is empty (so
    /// the condition that called it does not hold).
    fn call(&mut self, function: Function, args: &[Expr]) -> Result<Option<Value>, EndpointError> {
        match function {
            Function::IsSet => Ok(Some(Value::Bool(self.eval(&args[0])?.is_some()))),
            Function::Coalesce => {
                let Some((last, rest)) = args.split_last() else {
                    return Err(EndpointError::invalid("`coalesce` has no arguments"));
                };
                for arg in rest {
                    if let Some(value) = self.eval(arg)? {
                        return Ok(Some(value));
                    }
                }
                self.eval(last)
            }
            Function::Ite => {
                let condition = match self.eval(&args[0])? {
                    Some(Value::Bool(b)) => b,
                    Some(other) => {
                        return Err(EndpointError::invalid(format!(
                            "the condition of `ite` is {}, not a boolean",
                            other.type_name()
                        )));
                    }
                    None => return Err(EndpointError::invalid("the condition of `ite` is not set")),
                };
                self.eval(&args[if condition { 1 } else { 2 }])
            }
            _ => {
                let mut values = Vec::with_capacity(args.len());
                for arg in args {
                    match self.eval(arg)? {
                        Some(value) => values.push(value),
                        None => return Ok(None),
                    }
                }
                functions::call(function, values, self.partitions)
            }
        }
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
                    match get_path(value, path)? {
                        Some(Value::String(s)) => out.push_str(&s),
                        Some(other) => {
                            return Err(EndpointError::invalid(format!(
                                "template inserts `{name}`, {}, not a string",
                                other.type_name()
                            )));
                        }
                        None => {
                            return Err(EndpointError::invalid(format!("template path in `{name}` does not exist")));
                        }
                    }
                }
            }
        }
        Ok(out)
    }
}

/// Follows a path. A missing key or an index out of range is the empty
/// optional; a key into a non-object or an index into a non-array is a type
/// error in the rule set.
fn get_path(value: &Value, path: &[PathPart]) -> Result<Option<Value>, EndpointError> {
    let mut current = value;
    for part in path {
        current = match (part, current) {
            (PathPart::Key(key), Value::Object(map)) => match map.get(key) {
                Some(v) => v,
                None => return Ok(None),
            },
            (PathPart::Index(i), Value::Array(items)) => {
                let len = items.len() as i64;
                let at = if *i < 0 { len + i } else { *i };
                match usize::try_from(at).ok().and_then(|at| items.get(at)) {
                    Some(v) => v,
                    None => return Ok(None),
                }
            }
            (PathPart::Key(key), other) => {
                return Err(EndpointError::invalid(format!(
                    "attribute `{key}` of {}, which has none",
                    other.type_name()
                )));
            }
            (PathPart::Index(i), other) => {
                return Err(EndpointError::invalid(format!("index [{i}] into {}", other.type_name())));
            }
        };
    }
    Ok(Some(current.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_follow_keys_and_indexes() {
        let ids = Value::Array(vec![Value::from("a"), Value::from("b"), Value::from("c")]);
        let object = Value::Object(BTreeMap::from([("ids".to_owned(), ids)]));
        let get = |path: Vec<PathPart>| get_path(&object, &path);
        let key = || PathPart::Key("ids".into());
        assert_eq!(get(vec![key(), PathPart::Index(0)]).unwrap(), Some(Value::from("a")));
        assert_eq!(get(vec![key(), PathPart::Index(-1)]).unwrap(), Some(Value::from("c")));
        assert_eq!(get(vec![key(), PathPart::Index(-3)]).unwrap(), Some(Value::from("a")));
        assert_eq!(get(vec![key(), PathPart::Index(3)]).unwrap(), None);
        assert_eq!(get(vec![key(), PathPart::Index(-4)]).unwrap(), None);
        assert_eq!(get(vec![PathPart::Key("missing".into())]).unwrap(), None);
        assert_eq!(get(vec![PathPart::Index(0)]).unwrap_err().message(), "index [0] into an object");
        assert_eq!(
            get(vec![key(), PathPart::Key("x".into())]).unwrap_err().message(),
            "attribute `x` of an array, which has none"
        );
    }

    #[test]
    fn assigned_variables_are_scoped_to_their_rule() {
        use super::super::{Params, RuleSet};
        let rules = serde_json::json!({
            "version": "1.0",
            "parameters": {"Arn": {"type": "string", "required": true}},
            "rules": [
                {"type": "endpoint", "conditions": [
                    {"fn": "aws.parseArn", "argv": [{"ref": "Arn"}], "assign": "arn"},
                    {"fn": "getAttr", "argv": [{"ref": "arn"}, "resourceId[1]"], "assign": "id"},
                    {"fn": "stringEquals", "argv": [{"ref": "id"}, "missing"]}
                ], "endpoint": {"url": "https://never"}},
                // `id` from the rule above must not leak into this one.
                {"type": "endpoint", "conditions": [{"fn": "isSet", "argv": [{"ref": "id"}]}],
                 "endpoint": {"url": "https://leaked"}},
                {"type": "endpoint", "conditions": [], "endpoint": {"url": "https://scoped"}}
            ]
        });
        let set = RuleSet::from_json(&rules).unwrap();
        let params = Params::new().with("Arn", "arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1");
        assert_eq!(set.resolve(&params).unwrap().url(), "https://scoped");
    }

    #[test]
    fn type_errors_in_rules_are_reported() {
        use super::super::{Params, RuleSet};
        let resolve = |conditions: serde_json::Value, url: &str| {
            let rules = serde_json::json!({"version": "1.1", "parameters": {"B": {"type": "boolean"}}, "rules": [
                {"type": "endpoint", "conditions": conditions, "endpoint": {"url": url}}]});
            RuleSet::from_json(&rules).unwrap().resolve(&Params::new()).map(|e| e.url().to_owned())
        };
        // `ite` needs a set boolean; templates insert strings only.
        let err =
            resolve(serde_json::json!([{"fn": "ite", "argv": [{"ref": "B"}, "a", "b"]}]), "https://x").unwrap_err();
        assert_eq!(err.kind(), &EndpointErrorKind::InvalidRuleSet);
        let err = resolve(serde_json::json!([{"fn": "ite", "argv": ["yes", "a", "b"]}]), "https://x").unwrap_err();
        assert_eq!(err.kind(), &EndpointErrorKind::InvalidRuleSet);
        let err = resolve(
            serde_json::json!([{"fn": "coalesce", "argv": [{"ref": "B"}, true], "assign": "v"}]),
            "https://{v}",
        )
        .unwrap_err();
        assert_eq!(err.kind(), &EndpointErrorKind::InvalidRuleSet);
        let err = resolve(serde_json::json!([{"fn": "split", "argv": ["a", "", 0]}]), "https://x").unwrap_err();
        assert!(err.message().contains("empty delimiter"), "{err}");
        // `ite` evaluates only the branch it takes.
        let ok = resolve(
            serde_json::json!([{"fn": "ite", "argv": [true, "a", {"fn": "split", "argv": ["a", "", 0]}], "assign": "v"}]),
            "https://{v}",
        );
        assert_eq!(ok.unwrap(), "https://a");
    }
}
