//! The mock server for the command line, shell scripts and other languages:
//! `<tool> mock-server --rules FILE` serves the rules of a JSON file on
//! 127.0.0.1 and prints its URL; the AWS CLI, any AWS SDK or the generated
//! tool point at it with their endpoint URL setting.
//!
//! The rules file:
//!
//! ```json
//! {
//!   "mode": "first-match",
//!   "rules": [
//!     {"operation": "GetUser", "input": {"userId": "42"}, "output": {"userId": "42", "firstName": "Ann"}},
//!     {"operation": "GetUser", "error": {"type": "ResourceNotFoundError", "members": {"message": "no such user"}}},
//!     {"operation": "ListUsers", "response": {"status": 429, "headers": {"X-Amzn-Errortype": "RateLimitError"}, "body": "{}"}, "times": 1}
//!   ]
//! }
//! ```
//!
//! Each rule is for one operation, may match a partial input (every key it
//! gives must equal the call's, recursively), and answers with an output, a
//! modelled error or a raw response: to every matching call, or `times`
//! calls. Keys are the JSON names `--cli-input-json` takes. The file is
//! checked against the model when loaded — unknown operations, members and
//! error names, and wrongly typed values, each reported with its path — and
//! nothing is served when it has a problem.
//!
//! Requests signed with any credentials are accepted, unless keys are given
//! (`--access-key-id`, `--secret-access-key`): then a request whose SigV4
//! signature they do not make is answered `403`. `--record FILE` appends one
//! JSON line per call answered: its operation, input (by member names) and
//! status.

use std::io::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::mock::{MockEngine, Mode, Rule};
use super::{
    BoxFuture, CallRecord, Dispatch, Observer, RouteError, Routed, ServerHandle, ServerOperation, ServerRequest,
    ServerResponse, framework_error,
};
use crate::protocol::Protocol;

/// What a generated crate tells the mock server about its service.
pub struct MockFileSpec {
    /// The tool's name, for messages.
    pub binary: &'static str,
    /// The service's protocol.
    pub protocol: &'static dyn Protocol,
    /// Every operation.
    pub operations: &'static [FileOperation],
    /// The service's router, answering from `engine` and telling `observer`.
    pub router: fn(Arc<MockEngine>, Option<Observer>) -> Box<dyn Dispatch>,
}

/// Checks a rule of a file (at the path given) and adds it to the engine;
/// else every problem, each with its path.
pub type AddRule = fn(&Arc<MockEngine>, &Map<String, Value>, &str) -> Result<(), Vec<String>>;

/// One operation, as rules of a file are checked and added for it.
pub struct FileOperation {
    /// The operation's name.
    pub name: &'static str,
    /// Adds a rule for it.
    pub add: AddRule,
}

/// A raw response a rule gives: status, headers, body.
struct RawResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// A modelled error enum, read by name from a rules file.
pub trait NamedErrors: Sized {
    /// The error names the operation has.
    const NAMES: &'static [&'static str];

    /// The error `name` with `members`; `None` when the operation has no such error.
    fn from_json(name: &str, members: Value) -> Option<Result<Self, String>>;
}

impl FileOperation {
    /// The operation whose input is `I`, named `name`.
    pub const fn of<I>(name: &'static str) -> FileOperation
    where
        I: ServerOperation + DeserializeOwned + serde::Serialize + Clone + std::fmt::Debug + Send + Sync + 'static,
        I::Output: DeserializeOwned + Clone + Send,
        I::Error: NamedErrors + Clone + Send,
    {
        FileOperation { name, add: add_rule::<I> }
    }
}

fn add_rule<I>(engine: &Arc<MockEngine>, rule: &Map<String, Value>, at: &str) -> Result<(), Vec<String>>
where
    I: ServerOperation + DeserializeOwned + serde::Serialize + Clone + std::fmt::Debug + Send + Sync + 'static,
    I::Output: DeserializeOwned + Clone + Send,
    I::Error: NamedErrors + Clone + Send,
{
    let mut problems = Vec::new();
    let operation: &'static str = I::INFO.name;
    let mut typed = Rule::<I>::new(engine.clone(), operation).named(format!("{at} ({operation})"));
    for key in rule.keys() {
        if !["operation", "input", "output", "error", "response", "times"].contains(&key.as_str()) {
            problems.push(format!(
                "{at}: unknown key `{key}` (a rule has operation, input, output, error, response, times)"
            ));
        }
    }
    if let Some(partial) = rule.get("input") {
        match partial {
            Value::Object(members) => {
                // Member by member, so every wrong one is reported.
                for (name, value) in members {
                    let one = Value::Object(Map::from_iter([(name.clone(), value.clone())]));
                    if let Err(e) = crate::de::from_value_strict::<I>(one) {
                        problems.push(format!("{at}.input.{name}: {e}"));
                    }
                }
                let partial = partial.clone();
                typed = typed.matching(move |input: &I| {
                    serde_json::to_value(input).is_ok_and(|actual| contains(&actual, &partial))
                });
            }
            _ => problems.push(format!("{at}.input: must be an object of the input's members")),
        }
    }
    let answers = ["output", "error", "response"].iter().filter(|key| rule.contains_key(**key)).count();
    if answers != 1 {
        problems.push(format!("{at}: a rule needs exactly one of output, error and response"));
    }
    if let Some(output) = rule.get("output") {
        match crate::de::from_value_strict::<I::Output>(output.clone()) {
            Ok(output) => typed = typed.respond(output),
            Err(e) => problems.push(format!("{at}.output: {e}")),
        }
    }
    if let Some(error) = rule.get("error") {
        let name = error.get("type").and_then(Value::as_str).unwrap_or_default();
        let members = error.get("members").cloned().unwrap_or_else(|| Value::Object(Map::new()));
        match I::Error::from_json(name, members) {
            Some(Ok(error)) => typed = typed.fail(error),
            Some(Err(e)) => problems.push(format!("{at}.error.members: {e}")),
            None => problems.push(format!(
                "{at}.error.type: `{name}` is not an error of {operation} (it has {})",
                I::Error::NAMES.join(", ")
            )),
        }
    }
    if let Some(response) = rule.get("response") {
        match raw_response(response) {
            Ok(RawResponse { status, headers, body }) => {
                let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                typed = typed.respond_raw(status, &headers, body);
            }
            Err(e) => problems.push(format!("{at}.response: {e}")),
        }
    }
    typed = match rule.get("times") {
        None => typed.repeatedly(),
        Some(times) => match times.as_u64().filter(|n| *n > 0) {
            Some(n) => typed.times(usize::try_from(n).unwrap_or(usize::MAX)),
            None => {
                problems.push(format!("{at}.times: must be a positive integer"));
                typed
            }
        },
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    typed.add();
    Ok(())
}

/// A rule's raw response.
fn raw_response(value: &Value) -> Result<RawResponse, String> {
    let status = value
        .get("status")
        .and_then(Value::as_u64)
        .and_then(|status| u16::try_from(status).ok())
        .filter(|status| (100..600).contains(status))
        .ok_or("`status` must be an HTTP status code")?;
    let headers = match value.get("headers") {
        None => Vec::new(),
        Some(Value::Object(headers)) => headers
            .iter()
            .map(|(name, value)| match value.as_str() {
                Some(text) => Ok((name.clone(), text.to_owned())),
                None => Err(format!("header `{name}` must be a string")),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err("`headers` must be an object of strings".to_owned()),
    };
    let body = match value.get("body") {
        None => Vec::new(),
        Some(Value::String(text)) => text.clone().into_bytes(),
        Some(other) => other.to_string().into_bytes(),
    };
    Ok(RawResponse { status, headers, body })
}

/// Whether `actual` holds everything `partial` gives.
fn contains(actual: &Value, partial: &Value) -> bool {
    match (actual, partial) {
        (Value::Object(actual), Value::Object(partial)) => {
            partial.iter().all(|(key, value)| actual.get(key).is_some_and(|actual| contains(actual, value)))
        }
        _ => actual == partial,
    }
}

/// Reads and checks a rules file, and the engine it sets up; else every problem.
pub fn load_rules(spec: &MockFileSpec, text: &str) -> Result<Arc<MockEngine>, Vec<String>> {
    let file: Value = serde_json::from_str(text).map_err(|e| vec![format!("the rules file is not JSON: {e}")])?;
    let Value::Object(file) = file else { return Err(vec!["the rules file must be a JSON object".to_owned()]) };
    let mut problems = Vec::new();
    for key in file.keys().filter(|key| !["mode", "rules"].contains(&key.as_str())) {
        problems.push(format!("unknown key `{key}` (the file has mode and rules)"));
    }
    let mode = match file.get("mode").and_then(Value::as_str) {
        None | Some("first-match") => Mode::FirstMatch,
        Some("in-order") => Mode::InOrder,
        Some(other) => {
            problems.push(format!("mode: `{other}` is not first-match or in-order"));
            Mode::FirstMatch
        }
    };
    let engine = Arc::new(MockEngine::new(spec.protocol, mode));
    let rules = match file.get("rules") {
        Some(Value::Array(rules)) => rules.as_slice(),
        _ => {
            problems.push("rules: must be a list of rules".to_owned());
            &[]
        }
    };
    for (index, rule) in rules.iter().enumerate() {
        let at = format!("rules[{index}]");
        let Value::Object(rule) = rule else {
            problems.push(format!("{at}: must be an object"));
            continue;
        };
        let name = rule.get("operation").and_then(Value::as_str).unwrap_or_default();
        match spec.operations.iter().find(|op| op.name == name) {
            Some(operation) => {
                if let Err(found) = (operation.add)(&engine, rule, &at) {
                    problems.extend(found);
                }
            }
            None => problems.push(format!(
                "{at}.operation: `{name}` is not an operation of the service (it has {})",
                spec.operations.iter().map(|op| op.name).collect::<Vec<_>>().join(", ")
            )),
        }
    }
    if problems.is_empty() { Ok(engine) } else { Err(problems) }
}

/// The settings of one run.
struct Settings {
    rules: String,
    address: IpAddr,
    port: u16,
    record: Option<String>,
    keys: Vec<(String, String)>,
}

fn settings(args: &[String]) -> Result<Settings, String> {
    let mut settings = Settings {
        rules: String::new(),
        address: IpAddr::from([127, 0, 0, 1]),
        port: 0,
        record: None,
        keys: Vec::new(),
    };
    let (mut key_id, mut secret) = (None, None);
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || args.next().cloned().ok_or_else(|| format!("`{flag}` needs a value"));
        match flag.as_str() {
            "--rules" => settings.rules = value()?,
            "--port" => settings.port = value()?.parse().map_err(|_| "`--port` must be a port number".to_owned())?,
            "--address" => {
                settings.address = value()?.parse().map_err(|_| "`--address` must be an IP address".to_owned())?
            }
            "--record" => settings.record = Some(value()?),
            "--access-key-id" => key_id = Some(value()?),
            "--secret-access-key" => secret = Some(value()?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if settings.rules.is_empty() {
        return Err("`--rules FILE` is required".to_owned());
    }
    match (key_id, secret) {
        (Some(id), Some(secret)) => settings.keys.push((id, secret)),
        (None, None) => {}
        _ => return Err("`--access-key-id` and `--secret-access-key` go together".to_owned()),
    }
    Ok(settings)
}

/// Starts the mock server `args` describe (the arguments after
/// `mock-server`): its handle, or the exit status and message of why not
/// (2 for a bad argument or rules file, 1 when it cannot listen).
pub async fn start(spec: &MockFileSpec, args: &[String]) -> Result<ServerHandle, (u8, String)> {
    let settings = settings(args).map_err(|message| (2, message))?;
    let text = std::fs::read_to_string(&settings.rules)
        .map_err(|e| (2, format!("cannot read the rules file {}: {e}", settings.rules)))?;
    let engine = load_rules(spec, &text).map_err(|problems| {
        (
            2,
            format!(
                "the rules file {} has {} problem(s):\n  - {}",
                settings.rules,
                problems.len(),
                problems.join("\n  - ")
            ),
        )
    })?;
    let observer = match &settings.record {
        Some(path) => {
            let file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| (2, format!("cannot open the record file {path}: {e}")))?;
            let file = Mutex::new(file);
            let record: Observer = Arc::new(move |call: &CallRecord| {
                let line = serde_json::json!({"operation": call.operation, "input": call.input, "status": call.status});
                let mut file = file.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                // One line, flushed at once, so a killed server loses nothing.
                let _ = writeln!(file, "{line}").and_then(|()| file.flush());
            });
            Some(record)
        }
        None => None,
    };
    let router = (spec.router)(engine, observer);
    let dispatch: Arc<dyn Dispatch> = match settings.keys.is_empty() {
        true => Arc::from(router),
        false => Arc::new(Verified { inner: router, keys: settings.keys }),
    };
    super::serve(SocketAddr::new(settings.address, settings.port), dispatch)
        .await
        .map_err(|e| (1, format!("cannot listen on {}:{}: {e}", settings.address, settings.port)))
}

/// Runs the mock server until the process is stopped: prints its URL, then
/// serves. Exit status 2 for a bad argument or rules file, 1 when it cannot listen.
pub fn main(spec: &MockFileSpec, args: &[String]) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("{}: cannot start: {e}", spec.binary);
            return ExitCode::from(1);
        }
    };
    runtime.block_on(async {
        match start(spec, args).await {
            Ok(handle) => {
                println!("{}", handle.url());
                let _ = std::io::stdout().flush();
                std::future::pending::<ExitCode>().await
            }
            Err((code, message)) => {
                eprintln!("{}: {message}", spec.binary);
                ExitCode::from(code)
            }
        }
    })
}

/// A dispatcher that answers only requests signed with one of `keys`.
struct Verified {
    inner: Box<dyn Dispatch>,
    keys: Vec<(String, String)>,
}

impl Dispatch for Verified {
    fn protocol(&self) -> &'static dyn Protocol {
        self.inner.protocol()
    }

    fn route(&self, request: &ServerRequest) -> Result<Routed, RouteError> {
        self.inner.route(request)
    }

    fn streams_input(&self, operation: usize) -> bool {
        self.inner.streams_input(operation)
    }

    fn call(&self, routed: Routed, request: ServerRequest) -> BoxFuture<'_, ServerResponse> {
        let verified = crate::sign::verify_request(
            request.method(),
            &request.target(),
            request.headers(),
            request.body(),
            &self.keys,
        );
        match verified {
            Ok(()) => self.inner.call(routed, request),
            Err(why) => {
                let response = framework_error(self.protocol(), 403, "InvalidSignatureException", why);
                Box::pin(async move { response })
            }
        }
    }
}
