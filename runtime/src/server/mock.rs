//! Typed mocks on the generated server: the rules a test sets per
//! operation, the calls it can assert on, and what it left unmet.
//!
//! A generated crate's `mock` module (its `test-util` feature) runs a
//! [`MockEngine`] as its service on 127.0.0.1, so a client under test goes
//! through everything a real call does — validation, signing, the wire,
//! retries, pagination, waiters, timeouts — and the engine answers from the
//! rules:
//!
//! - a rule is for one operation; it can match the typed input with a
//!   predicate, and gives its answers in turn: an output, a modelled error,
//!   or a raw HTTP response (to test throttling, retries, malformed replies),
//!   each once, `times(n)`, or `repeatedly()`;
//! - [`Mode::FirstMatch`] answers with the first rule that takes the call;
//!   [`Mode::InOrder`] expects the rules to be used one after the other;
//! - every call is recorded with its typed input;
//! - a call no rule takes is answered with an error naming the operation,
//!   its input and why each rule for it did not take it, and
//!   [`MockEngine::verify`] reports it, with every answer a rule never gave.

use std::any::Any;
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use super::{Failure, HandlerResult, ServerOperation, ServerResponse, framework_error};
use crate::protocol::Protocol;

/// A client configuration for a mock at `url`: a region, test credentials
/// (the mock checks no signature), retries that do not wait, and no
/// `@endpoint` host prefixes (one host serves every operation).
pub fn client_config(url: &str) -> crate::config::ConfigBuilder {
    crate::config::Config::builder()
        .region("us-east-1")
        .credentials(crate::credentials::Credentials::new("AKIDMOCK", "mock-secret-key", None, None))
        .endpoint_url(url)
        // One host serves every operation: no `@endpoint` prefix before 127.0.0.1.
        .disable_host_prefix(true)
        .retry(crate::retry::RetryConfig::standard().with_initial_backoff(std::time::Duration::ZERO))
}

/// How calls find their rule.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// The first rule, in the order they were added, for the call's
    /// operation whose predicate holds and which has answers left.
    #[default]
    FirstMatch,
    /// The rules are used in the order they were added: a call must be
    /// taken by the first rule with answers left.
    InOrder,
}

/// The rules, the calls, and what went unmatched.
pub struct MockEngine {
    protocol: &'static dyn Protocol,
    mode: Mode,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    rules: Vec<Entry>,
    calls: Vec<Call>,
    unmatched: Vec<String>,
}

struct Entry {
    operation: &'static str,
    name: String,
    /// A `Typed<I>` for the operation's input type.
    typed: Box<dyn Any + Send>,
    /// How many times each answer is to be given.
    counts: Vec<Times>,
    /// Which answer is next, and how often it was given.
    step: usize,
    given: usize,
}

struct Call {
    operation: &'static str,
    input: Box<dyn Any + Send>,
}

type Predicate<I> = Box<dyn Fn(&I) -> bool + Send + Sync>;

struct Typed<I: ServerOperation> {
    predicate: Option<Predicate<I>>,
    answers: Vec<(Answer<I>, Times)>,
}

/// What a rule answers a call with.
pub enum Answer<I: ServerOperation> {
    /// The output.
    Output(I::Output),
    /// A modelled error.
    Error(I::Error),
    /// This HTTP response, as it is.
    Raw {
        /// The status.
        status: u16,
        /// The headers.
        headers: Vec<(String, String)>,
        /// The body.
        body: Vec<u8>,
    },
}

impl<I: ServerOperation> Clone for Answer<I>
where
    I::Output: Clone,
    I::Error: Clone,
{
    fn clone(&self) -> Self {
        match self {
            Answer::Output(output) => Answer::Output(output.clone()),
            Answer::Error(error) => Answer::Error(error.clone()),
            Answer::Raw { status, headers, body } => {
                Answer::Raw { status: *status, headers: headers.clone(), body: body.clone() }
            }
        }
    }
}

/// How many times an answer is given before the next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Times {
    Count(usize),
    Forever,
}

impl MockEngine {
    /// An engine for a service speaking `protocol`.
    pub fn new(protocol: &'static dyn Protocol, mode: Mode) -> Self {
        Self { protocol, mode, state: Mutex::new(State::default()) }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A test that panicked while holding the lock leaves the state as it was.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Answers a call of operation `I` (named `operation`): records it and
    /// gives the answer of the rule that takes it, or an error saying why
    /// none does.
    pub fn answer<I>(&self, operation: &'static str, input: I) -> HandlerResult<I::Output, I::Error>
    where
        I: ServerOperation + Clone + fmt::Debug + Send + 'static,
        I::Output: Clone,
        I::Error: Clone,
    {
        let mut state = self.state();
        state.calls.push(Call { operation, input: Box::new(input.clone()) });
        let mode = self.mode;
        let mut reasons = Vec::new();
        let mut chosen = None;
        for (index, entry) in state.rules.iter().enumerate() {
            let has_answers = entry.step < entry.counts.len();
            if entry.operation != operation {
                if mode == Mode::InOrder && has_answers {
                    reasons.push(format!("{} is next, and is for {}", entry.name, entry.operation));
                    break;
                }
                continue;
            }
            if !has_answers {
                reasons.push(format!("{} has given all its answers", entry.name));
                continue;
            }
            let Some(typed) = entry.typed.downcast_ref::<Typed<I>>() else { continue };
            if typed.predicate.as_ref().is_some_and(|predicate| !predicate(&input)) {
                reasons.push(format!("{} does not match the input", entry.name));
                if mode == Mode::InOrder {
                    break;
                }
                continue;
            }
            chosen = Some(index);
            break;
        }
        let Some(index) = chosen else {
            let why = if reasons.is_empty() { "no rule is for this operation".to_owned() } else { reasons.join("; ") };
            let message = format!("no mock rule takes the {operation} call with {input:?}: {why}");
            state.unmatched.push(message.clone());
            return Err(Failure::Raw(Box::new(framework_error(self.protocol, 400, "MockUnmatchedCall", message))));
        };
        let entry = &mut state.rules[index];
        let Some(typed) = entry.typed.downcast_ref::<Typed<I>>() else {
            return Err(Failure::Internal("a mock rule changed its type".to_owned()));
        };
        let (answer, times) = typed.answers[entry.step].clone();
        entry.given += 1;
        if times == Times::Count(entry.given) {
            entry.step += 1;
            entry.given = 0;
        }
        match answer {
            Answer::Output(output) => Ok(output),
            Answer::Error(error) => Err(Failure::Modeled(error)),
            Answer::Raw { status, headers, body } => {
                let mut response = ServerResponse::new(status).body(body);
                for (name, value) in headers {
                    response = response.header(name, value);
                }
                Err(Failure::Raw(Box::new(response)))
            }
        }
    }

    /// The inputs of every call of operation `I` so far, in order.
    pub fn calls<I: Clone + 'static>(&self) -> Vec<I> {
        self.state().calls.iter().filter_map(|call| call.input.downcast_ref::<I>().cloned()).collect()
    }

    /// The operations called so far, in order.
    pub fn operations_called(&self) -> Vec<&'static str> {
        self.state().calls.iter().map(|call| call.operation).collect()
    }

    /// `Ok` when every rule gave every answer it was set to give (answers
    /// given `repeatedly` count once given) and every call found a rule;
    /// else what was left.
    pub fn verify(&self) -> Result<(), MockReport> {
        let state = self.state();
        let unmet: Vec<String> = state.rules.iter().filter_map(Entry::unmet).collect();
        if unmet.is_empty() && state.unmatched.is_empty() {
            return Ok(());
        }
        Err(MockReport { unmet, unmatched: state.unmatched.clone() })
    }

    fn add<I>(&self, operation: &'static str, name: Option<String>, typed: Typed<I>)
    where
        I: ServerOperation + 'static,
        I::Output: Send,
        I::Error: Send,
    {
        let mut state = self.state();
        let name = name.unwrap_or_else(|| format!("rule #{} ({operation})", state.rules.len() + 1));
        let counts = typed.answers.iter().map(|(_, times)| *times).collect();
        let entry = Entry { operation, name, typed: Box::new(typed), counts, step: 0, given: 0 };
        state.rules.push(entry);
    }
}

impl Entry {
    /// What the rule has yet to give, if anything.
    fn unmet(&self) -> Option<String> {
        let left = self.answers_left();
        (left > 0).then(|| format!("{} has {left} answer(s) it never gave", self.name))
    }

    fn answers_left(&self) -> usize {
        match self.counts.get(self.step..) {
            Some(rest) => rest
                .iter()
                .enumerate()
                .map(|(i, times)| match times {
                    Times::Count(n) if i == 0 => n.saturating_sub(self.given),
                    Times::Count(n) => *n,
                    Times::Forever if i == 0 && self.given > 0 => 0,
                    Times::Forever => 1,
                })
                .sum(),
            None => 0,
        }
    }
}

/// What a mock was set to do and did not, and the calls no rule took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockReport {
    /// Rules with answers they never gave.
    pub unmet: Vec<String>,
    /// The calls no rule took, with why.
    pub unmatched: Vec<String>,
}

impl fmt::Display for MockReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the mock's expectations were not met:")?;
        for line in self.unmet.iter().chain(&self.unmatched) {
            write!(f, "\n  - {line}")?;
        }
        Ok(())
    }
}

impl std::error::Error for MockReport {}

/// A rule for operation `I`, being written: add answers, then [`add`](Self::add) it.
#[must_use = "a rule does nothing until it is added"]
pub struct Rule<I: ServerOperation> {
    engine: Arc<MockEngine>,
    operation: &'static str,
    name: Option<String>,
    typed: Typed<I>,
}

impl<I> Rule<I>
where
    I: ServerOperation + 'static,
    I::Output: Send,
    I::Error: Send,
{
    /// A rule for calls of `operation` on `engine`.
    pub fn new(engine: Arc<MockEngine>, operation: &'static str) -> Self {
        Self { engine, operation, name: None, typed: Typed { predicate: None, answers: Vec::new() } }
    }

    /// Takes only calls whose input makes `predicate` true.
    pub fn matching(mut self, predicate: impl Fn(&I) -> bool + Send + Sync + 'static) -> Self {
        self.typed.predicate = Some(Box::new(predicate));
        self
    }

    /// Names the rule in reports (`rule #2 (GetUser)` otherwise).
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Answers the next call with `output`.
    pub fn respond(mut self, output: I::Output) -> Self {
        self.typed.answers.push((Answer::Output(output), Times::Count(1)));
        self
    }

    /// Answers the next call with the modelled `error`.
    pub fn fail(mut self, error: I::Error) -> Self {
        self.typed.answers.push((Answer::Error(error), Times::Count(1)));
        self
    }

    /// Answers the next call with this HTTP response, as it is.
    pub fn respond_raw(mut self, status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> Self {
        let headers = headers.iter().map(|(name, value)| ((*name).to_owned(), (*value).to_owned())).collect();
        self.typed.answers.push((Answer::Raw { status, headers, body: body.into() }, Times::Count(1)));
        self
    }

    /// Gives the last answer `n` times (at least once) before the next.
    pub fn times(mut self, n: usize) -> Self {
        if let Some((_, times)) = self.typed.answers.last_mut() {
            *times = Times::Count(n.max(1));
        }
        self
    }

    /// Gives the last answer to every call from then on.
    pub fn repeatedly(mut self) -> Self {
        if let Some((_, times)) = self.typed.answers.last_mut() {
            *times = Times::Forever;
        }
        self
    }

    /// Adds the rule to the mock.
    pub fn add(self) {
        let Rule { engine, operation, name, typed } = self;
        engine.add(operation, name, typed);
    }
}
