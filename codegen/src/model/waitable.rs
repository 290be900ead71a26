//! The `smithy.waiters#waitable` trait, read into typed waiters. A value of
//! the wrong shape (an unknown state or comparator, a delay that is not a
//! positive integer) is a message naming the waiter and acceptor; whether
//! each path is JMESPath the run-time engine reads is the IR's to check,
//! since a path it cannot read is something the SDK lacks, not a fault of
//! the model.

use serde_json::{Map, Value};

/// The Smithy default `minDelay`, in seconds.
pub const DEFAULT_MIN_DELAY: u64 = 2;
/// The Smithy default `maxDelay`, in seconds.
pub const DEFAULT_MAX_DELAY: u64 = 120;

/// One named waiter of an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WaiterDef {
    /// The waiter's name (`ThingReady`).
    pub name: String,
    /// Its documentation, as the model writes it.
    pub documentation: Option<String>,
    /// Whether it is `deprecated`.
    pub deprecated: bool,
    /// `minDelay`, seconds.
    pub min_delay: u64,
    /// `maxDelay`, seconds.
    pub max_delay: u64,
    /// The acceptors, in model order (the first that matches wins).
    pub acceptors: Vec<Acceptor>,
}

/// What an acceptor leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AcceptorState {
    /// The wait is over: the state waited for.
    Success,
    /// The wait is over: that state will not come.
    Failure,
    /// Poll again.
    Retry,
}

/// A state and the matcher that selects it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acceptor {
    /// What a match leads to.
    pub state: AcceptorState,
    /// What is matched.
    pub matcher: Matcher,
}

/// What an acceptor looks at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Matcher {
    /// A path into the output.
    Output(PathMatcher),
    /// A path into `{"input": …, "output": …}`.
    InputOutput(PathMatcher),
    /// `true`: the operation succeeded; `false`: it failed.
    Success(bool),
    /// The error with this shape name or id.
    ErrorType(String),
}

/// A JMESPath expression, the value expected and the comparison.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathMatcher {
    /// The JMESPath expression.
    pub path: String,
    /// The expected value, as written (`"true"` for booleans).
    pub expected: String,
    /// How they compare.
    pub comparator: Comparator,
}

/// How a path's result is compared with the expected value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparator {
    /// `stringEquals`.
    StringEquals,
    /// `booleanEquals`.
    BooleanEquals,
    /// `allStringEquals`.
    AllStringEquals,
    /// `anyStringEquals`.
    AnyStringEquals,
}

/// Reads a `waitable` trait value: its waiters, sorted by name.
pub fn waitable(value: &Value) -> Result<Vec<WaiterDef>, String> {
    let waiters = value.as_object().ok_or("`waitable` must be an object of waiters by name")?;
    waiters
        .iter()
        .map(|(name, waiter)| waiter_def(name, waiter).map_err(|why| format!("waiter `{name}`: {why}")))
        .collect()
}

fn waiter_def(name: &str, value: &Value) -> Result<WaiterDef, String> {
    let mut chars = name.chars();
    if !(chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_alphanumeric())) {
        return Err("a waiter's name must start with an upper-case letter and hold only letters and digits".to_owned());
    }
    let object = value.as_object().ok_or("must be an object")?;
    let delay = |key: &str, default: u64| match object.get(key) {
        None => Ok(default),
        Some(value) => {
            value.as_u64().filter(|&n| n >= 1).ok_or(format!("`{key}` must be a whole number of seconds, at least 1"))
        }
    };
    let min_delay = delay("minDelay", DEFAULT_MIN_DELAY)?;
    let max_delay = delay("maxDelay", DEFAULT_MAX_DELAY)?;
    if min_delay > max_delay {
        return Err(format!("`minDelay` ({min_delay}) is more than `maxDelay` ({max_delay})"));
    }
    let documentation = match object.get("documentation") {
        None => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(_) => return Err("`documentation` must be a string".to_owned()),
    };
    let deprecated = match object.get("deprecated") {
        None => false,
        Some(value) => value.as_bool().ok_or("`deprecated` must be a boolean")?,
    };
    let acceptors = object.get("acceptors").and_then(Value::as_array).ok_or("`acceptors` must be a list")?;
    if acceptors.is_empty() {
        return Err("`acceptors` must not be empty".to_owned());
    }
    let acceptors = acceptors
        .iter()
        .enumerate()
        .map(|(index, acceptor)| acceptor_def(acceptor).map_err(|why| format!("acceptor {}: {why}", index + 1)))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(WaiterDef { name: name.to_owned(), documentation, deprecated, min_delay, max_delay, acceptors })
}

fn acceptor_def(value: &Value) -> Result<Acceptor, String> {
    let object = value.as_object().ok_or("must be an object")?;
    let state = match object.get("state").and_then(Value::as_str) {
        Some("success") => AcceptorState::Success,
        Some("failure") => AcceptorState::Failure,
        Some("retry") => AcceptorState::Retry,
        Some(other) => return Err(format!("unknown state `{other}` (success, failure or retry)")),
        None => return Err("`state` must be a string".to_owned()),
    };
    let matcher = object.get("matcher").and_then(Value::as_object).ok_or("`matcher` must be an object")?;
    let mut kinds = matcher.iter();
    let (Some((kind, value)), None) = (kinds.next(), kinds.next()) else {
        return Err("`matcher` must have exactly one member".to_owned());
    };
    let matcher = match kind.as_str() {
        "output" => Matcher::Output(path_matcher(value)?),
        "inputOutput" => Matcher::InputOutput(path_matcher(value)?),
        "success" => Matcher::Success(value.as_bool().ok_or("`success` must be a boolean")?),
        "errorType" => Matcher::ErrorType(
            value.as_str().filter(|text| !text.is_empty()).ok_or("`errorType` must be a non-empty string")?.to_owned(),
        ),
        other => return Err(format!("unknown matcher `{other}` (output, inputOutput, success or errorType)")),
    };
    Ok(Acceptor { state, matcher })
}

fn path_matcher(value: &Value) -> Result<PathMatcher, String> {
    let object: &Map<String, Value> = value.as_object().ok_or("a path matcher must be an object")?;
    let text = |key: &str| {
        object.get(key).and_then(Value::as_str).map(str::to_owned).ok_or(format!("`{key}` must be a string"))
    };
    let comparator = match text("comparator")?.as_str() {
        "stringEquals" => Comparator::StringEquals,
        "booleanEquals" => Comparator::BooleanEquals,
        "allStringEquals" => Comparator::AllStringEquals,
        "anyStringEquals" => Comparator::AnyStringEquals,
        other => {
            return Err(format!(
                "unknown comparator `{other}` (stringEquals, booleanEquals, allStringEquals or anyStringEquals)"
            ));
        }
    };
    let expected = text("expected")?;
    if comparator == Comparator::BooleanEquals && !matches!(expected.as_str(), "true" | "false") {
        return Err(format!("`booleanEquals` expects \"true\" or \"false\", not \"{expected}\""));
    }
    Ok(PathMatcher { path: text("path")?, expected, comparator })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn waiters_read_with_defaults_and_acceptors_in_order() {
        let value = json!({"Ready": {"acceptors": [
            {"state": "success", "matcher": {"output": {"path": "a", "expected": "X", "comparator": "stringEquals"}}},
            {"state": "retry", "matcher": {"errorType": "NotFound"}},
            {"state": "failure", "matcher": {"success": false}}
        ]}});
        let waiters = waitable(&value).unwrap();
        assert_eq!(waiters.len(), 1);
        let ready = &waiters[0];
        assert_eq!((ready.min_delay, ready.max_delay, ready.deprecated), (2, 120, false));
        assert_eq!(ready.acceptors[1].matcher, Matcher::ErrorType("NotFound".to_owned()));
        assert_eq!(ready.acceptors[2], Acceptor { state: AcceptorState::Failure, matcher: Matcher::Success(false) });
    }

    #[test]
    fn wrong_values_are_named() {
        let acceptor = |acceptor: Value| waitable(&json!({"Ready": {"acceptors": [acceptor]}})).unwrap_err();
        let path = |comparator: &str, expected: &str| json!({"state": "success", "matcher": {"output": {"path": "a", "expected": expected, "comparator": comparator}}});
        assert_eq!(
            acceptor(path("numberEquals", "1")),
            "waiter `Ready`: acceptor 1: unknown comparator `numberEquals` (stringEquals, booleanEquals, allStringEquals or anyStringEquals)"
        );
        assert!(acceptor(path("booleanEquals", "yes")).contains("expects \"true\" or \"false\""));
        assert!(acceptor(json!({"state": "done", "matcher": {"success": true}})).contains("unknown state `done`"));
        assert!(
            acceptor(json!({"state": "retry", "matcher": {"success": true, "errorType": "X"}})).contains("exactly one")
        );
        let delays = waitable(&json!({"Ready": {"minDelay": 10, "maxDelay": 5, "acceptors": []}})).unwrap_err();
        assert_eq!(delays, "waiter `Ready`: `minDelay` (10) is more than `maxDelay` (5)");
        assert!(waitable(&json!({"ready": {"acceptors": []}})).unwrap_err().contains("upper-case"));
    }
}
