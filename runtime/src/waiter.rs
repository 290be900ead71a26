//! Smithy waiters (`smithy.waiters#waitable`): polling an operation until an
//! acceptor says the resource reached the state waited for, or never will.
//!
//! Generated code declares each waiter as a [`Waiter`] (a `const`: its
//! delays and acceptors) and calls [`wait`] with the input and a way to send
//! it. Everything else is here:
//!
//! * after each attempt the acceptors are tried in order and the first that
//!   matches decides: `success` ends the wait with the result, `failure` ends
//!   it with [`WaiterError::FailureState`], `retry` polls again;
//! * when none matches, an output means poll again, and an error means the
//!   wait fails with that error ([`WaiterError::OperationFailed`]);
//! * paths are JMESPath over the output's [`View`] (member names as keys,
//!   not the wire's JSON names), or over `{"input": …, "output": …}`;
//! * between attempts the waiter sleeps the spec's jittered, attempt-based
//!   exponential back-off between the minimum and maximum delay, never past
//!   the caller's maximum wait ([`delay`]).
//!
//! Only responses are matched: an error that never reached the service
//! (invalid input, no credentials, a network failure after the client's own
//! retries) says nothing about the resource, so it ends the wait as is.
//!
//! The JMESPath engine is the `jmespath` crate (behind this module's feature
//! `waiters`, with no dependencies beyond serde): measured on 2 shared cores,
//! a clean build of this crate and it takes 5.1–5.7 s against 4.1–4.4 s without
//! (`cargo clean -p jmespath -p slug -p deunicode -p sdk-runtime`, then
//! `cargo build -p sdk-runtime [--features waiters]`): about 1 s.

use std::fmt;
use std::future::Future;
use std::time::Duration;

use serde_json::{Map, Value};
use tokio::time::Instant;

use crate::error::SdkError;
use crate::shape::View;

/// The Smithy default `minDelay`: 2 seconds.
pub const DEFAULT_MIN_DELAY: Duration = Duration::from_secs(2);
/// The Smithy default `maxDelay`: 120 seconds.
pub const DEFAULT_MAX_DELAY: Duration = Duration::from_secs(120);

/// One named waiter of an operation, as the model declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Waiter {
    /// The waiter's name as modelled (`ThingReady`), for messages.
    pub name: &'static str,
    /// The shortest wait between attempts.
    pub min_delay: Duration,
    /// The longest wait between attempts.
    pub max_delay: Duration,
    /// The acceptors, tried in order after each attempt.
    pub acceptors: &'static [Acceptor],
}

/// What an acceptor does when its matcher matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// The wait is over: the resource is in the state waited for.
    Success,
    /// The wait is over: the resource will never get there.
    Failure,
    /// Poll again.
    Retry,
}

/// A state and the matcher that selects it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Acceptor {
    /// What happens when the matcher matches.
    pub state: State,
    /// What it matches.
    pub matcher: Matcher,
}

/// What an acceptor looks at in an attempt's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Matcher {
    /// A path into the output (only a successful attempt has one).
    Output(PathMatcher),
    /// A path into `{"input": …, "output": …}` (only a successful attempt).
    InputOutput(PathMatcher),
    /// `true`: the operation succeeded; `false`: it returned an error.
    Success(bool),
    /// The operation returned the error with this shape name (or shape id).
    ErrorType(&'static str),
}

/// A JMESPath expression, the value it must give, and how they compare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PathMatcher {
    /// The JMESPath expression.
    pub path: &'static str,
    /// The expected value, as the model writes it (`"true"` for booleans).
    pub expected: &'static str,
    /// How the result is compared with `expected`.
    pub comparator: Comparator,
}

/// How a path's result is compared with the expected value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparator {
    /// The result is this string.
    StringEquals,
    /// The result is this boolean.
    BooleanEquals,
    /// The result is a non-empty list whose items are all this string.
    AllStringEquals,
    /// The result is a list with at least one item that is this string.
    AnyStringEquals,
}

impl PathMatcher {
    /// Whether the path's result over `data` compares as expected; an error
    /// when the expression does not parse.
    pub fn matches(&self, data: &Value) -> Result<bool, String> {
        let expression =
            jmespath::compile(self.path).map_err(|e| format!("the path `{}` is not JMESPath: {e}", self.path))?;
        let found = expression.search(data).map_err(|e| format!("the path `{}` failed: {e}", self.path))?;
        let is_expected = |item: &jmespath::Rcvar| item.as_string().is_some_and(|text| text == self.expected);
        Ok(match self.comparator {
            Comparator::StringEquals => is_expected(&found),
            Comparator::BooleanEquals => found.as_boolean().is_some_and(|b| b.to_string() == self.expected),
            Comparator::AllStringEquals => {
                found.as_array().is_some_and(|items| !items.is_empty() && items.iter().all(is_expected))
            }
            Comparator::AnyStringEquals => found.as_array().is_some_and(|items| items.iter().any(is_expected)),
        })
    }
}

/// One attempt's result as the matchers see it.
#[derive(Clone, Copy, Debug)]
pub enum Attempt<'a> {
    /// The operation succeeded; its output's [`View`].
    Output(&'a Value),
    /// The service answered with an error; its code (the error's shape
    /// name), when it sent one.
    Error(Option<&'a str>),
}

impl Matcher {
    /// Whether this matcher matches an attempt; `input` is the input's
    /// [`View`], which only `InputOutput` reads.
    pub fn matches(&self, attempt: Attempt<'_>, input: impl FnOnce() -> Value) -> Result<bool, String> {
        match (self, attempt) {
            (Matcher::Output(path), Attempt::Output(output)) => path.matches(output),
            (Matcher::InputOutput(path), Attempt::Output(output)) => {
                let both = Map::from_iter([("input".to_owned(), input()), ("output".to_owned(), output.clone())]);
                path.matches(&Value::Object(both))
            }
            (Matcher::Output(_) | Matcher::InputOutput(_), Attempt::Error(_)) => Ok(false),
            (Matcher::Success(expected), attempt) => Ok(*expected == matches!(attempt, Attempt::Output(_))),
            (Matcher::ErrorType(_), Attempt::Output(_)) => Ok(false),
            (Matcher::ErrorType(name), Attempt::Error(code)) => Ok(code.is_some_and(|code| same_error(name, code))),
        }
    }
}

/// Whether an error code names the error an `errorType` gives: its shape
/// name, or an absolute shape id (`example#NotFound`) with that name.
fn same_error(error_type: &str, code: &str) -> bool {
    let name = |id: &str| id.rsplit('#').next().unwrap_or(id).to_owned();
    name(error_type) == name(code)
}

impl Waiter {
    /// The state of the first acceptor that matches, if any.
    pub fn state(&self, attempt: Attempt<'_>, input: &impl View) -> Result<Option<State>, String> {
        for acceptor in self.acceptors {
            if acceptor.matcher.matches(attempt, || input.view())? {
                return Ok(Some(acceptor.state));
            }
        }
        Ok(None)
    }
}

/// The wait after attempt number `attempt` (1 for the first), with `random`
/// in `[0, 1)`, or `None` when `remaining` (of the maximum wait) leaves no
/// room for another attempt.
///
/// The Smithy waiter back-off: the ceiling on the delay doubles with each
/// attempt from `min` (`min × 2^(attempt − 1)`) until it reaches `max`, and
/// the delay is uniformly random between `min` and that ceiling; it is cut
/// short so at least `min` is left of the maximum wait, and when `min` or
/// less is left the wait is over.
pub fn delay(attempt: u32, min: Duration, max: Duration, remaining: Duration, random: f64) -> Option<Duration> {
    if remaining <= min {
        return None;
    }
    // Past this attempt `min × 2^(attempt − 1)` would exceed `max`.
    let attempt_ceiling = (max.as_secs_f64() / min.as_secs_f64()).log2() + 1.0;
    let ceiling = if f64::from(attempt) > attempt_ceiling {
        max
    } else {
        min.saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1))).min(max)
    };
    let random = if random.is_nan() { 0.0 } else { random.clamp(0.0, 1.0) };
    let delay = min + (ceiling.saturating_sub(min)).mul_f64(random);
    Some(if remaining.saturating_sub(delay) <= min { remaining - min } else { delay })
}

/// How long one wait may take, and the delays between its attempts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WaitSettings {
    max_wait: Duration,
    min_delay: Option<Duration>,
    max_delay: Option<Duration>,
}

impl WaitSettings {
    /// At most `max_wait` in all, with the model's delays.
    pub fn new(max_wait: Duration) -> Self {
        WaitSettings { max_wait, min_delay: None, max_delay: None }
    }

    /// The shortest wait between attempts, instead of the model's `minDelay`.
    pub fn min_delay(mut self, delay: Duration) -> Self {
        self.min_delay = Some(delay);
        self
    }

    /// The longest wait between attempts, instead of the model's `maxDelay`.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = Some(delay);
        self
    }

    /// The maximum wait.
    pub fn max_wait(&self) -> Duration {
        self.max_wait
    }

    /// The minimum and maximum delay for `waiter`, or why they are unusable.
    fn delays(&self, waiter: &Waiter) -> Result<(Duration, Duration), String> {
        let min = self.min_delay.unwrap_or(waiter.min_delay);
        let max = self.max_delay.unwrap_or(waiter.max_delay);
        if min.is_zero() {
            // No delay at all would poll the service as fast as it answers.
            return Err("the minimum delay must be more than zero".to_owned());
        }
        if min > max {
            return Err(format!("the minimum delay ({min:?}) is longer than the maximum delay ({max:?})"));
        }
        if self.max_wait.is_zero() {
            return Err("the maximum wait must be more than zero".to_owned());
        }
        Ok((min, max))
    }
}

impl From<Duration> for WaitSettings {
    fn from(max_wait: Duration) -> Self {
        WaitSettings::new(max_wait)
    }
}

/// The attempt that ended a wait.
#[derive(Debug)]
pub struct FinalPoll<O, E> {
    result: Result<O, SdkError<E>>,
    attempts: u32,
}

impl<O, E> FinalPoll<O, E> {
    /// The last attempt's output, or the service's error an acceptor matched
    /// (a waiter for deletion succeeds on `NotFound`).
    pub fn result(&self) -> Result<&O, &SdkError<E>> {
        self.result.as_ref()
    }

    /// The last attempt's output or error.
    pub fn into_result(self) -> Result<O, SdkError<E>> {
        self.result
    }

    /// The output, when the last attempt succeeded.
    pub fn output(&self) -> Option<&O> {
        self.result.as_ref().ok()
    }

    /// How many times the operation was called.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

/// Why a wait ended without reaching the state waited for.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError<O, E> {
    /// The settings or the waiter cannot be used (a zero delay, a path that
    /// is not JMESPath); nothing was sent, or the wait stopped.
    Invalid(String),
    /// A `failure` acceptor matched: the resource will not reach the state.
    FailureState(FinalPoll<O, E>),
    /// The operation failed in a way no acceptor matched, or before its
    /// request reached the service.
    OperationFailed(SdkError<E>),
    /// The maximum wait ran out first.
    ExceededMaxWait {
        /// The maximum wait.
        max_wait: Duration,
        /// How long the waiter waited.
        elapsed: Duration,
        /// How many times the operation was called.
        attempts: u32,
    },
}

impl<O, E: fmt::Display> fmt::Display for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Invalid(why) => write!(f, "the waiter cannot run: {why}"),
            Self::FailureState(poll) => match poll.result() {
                Ok(_) => write!(f, "the waiter reached a failure state after {} attempts", poll.attempts),
                Err(e) => write!(f, "the waiter reached a failure state after {} attempts: {e}", poll.attempts),
            },
            Self::OperationFailed(e) => write!(f, "the operation failed while waiting: {e}"),
            Self::ExceededMaxWait { max_wait, attempts, .. } => {
                write!(f, "the waiter gave up after {attempts} attempts: the maximum wait of {max_wait:?} ran out")
            }
        }
    }
}

impl<O: fmt::Debug, E: std::error::Error + 'static> std::error::Error for WaiterError<O, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::OperationFailed(e) => Some(e),
            Self::FailureState(FinalPoll { result: Err(e), .. }) => Some(e),
            _ => None,
        }
    }
}

/// Polls with `send` until an acceptor of `waiter` ends the wait, sleeping
/// the back-off between attempts, for at most the settings' maximum wait.
///
/// ```
/// # use std::time::Duration;
/// # use sdk_runtime::error::SdkError;
/// # use sdk_runtime::waiter::*;
/// const READY: Waiter = Waiter {
///     name: "Ready",
///     min_delay: Duration::from_millis(1),
///     max_delay: Duration::from_millis(4),
///     acceptors: &[Acceptor {
///         state: State::Success,
///         matcher: Matcher::Output(PathMatcher { path: "status", expected: "READY", comparator: Comparator::StringEquals }),
///     }],
/// };
/// # let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
/// # runtime.block_on(async {
/// let mut calls = 0;
/// let send = |_input: sdk_runtime::Unit| {
///     calls += 1;
///     let status = if calls < 3 { "PENDING" } else { "READY" };
///     async move { Ok::<_, SdkError<std::convert::Infallible>>(serde_json::json!({ "status": status })) }
/// };
/// let done = wait(&READY, WaitSettings::new(Duration::from_secs(5)), sdk_runtime::Unit {}, send).await.unwrap();
/// assert_eq!(done.attempts(), 3);
/// # });
/// ```
pub async fn wait<I, O, E, F, Fut>(
    waiter: &Waiter,
    settings: WaitSettings,
    input: I,
    mut send: F,
) -> Result<FinalPoll<O, E>, WaiterError<O, E>>
where
    I: View + Clone,
    O: View,
    F: FnMut(I) -> Fut,
    Fut: Future<Output = Result<O, SdkError<E>>>,
{
    let (min_delay, max_delay) = settings.delays(waiter).map_err(WaiterError::Invalid)?;
    let started = Instant::now();
    let mut attempts: u32 = 0;
    loop {
        let result = send(input.clone()).await;
        attempts += 1;
        let state = match &result {
            Ok(output) => waiter.state(Attempt::Output(&output.view()), &input),
            Err(error @ (SdkError::Service(_) | SdkError::Unmodeled(_))) => {
                waiter.state(Attempt::Error(error.code()), &input)
            }
            // It never reached the service: nothing to match.
            Err(_) => Ok(None),
        }
        .map_err(|why| WaiterError::Invalid(format!("waiter `{}`: {why}", waiter.name)))?;
        match (state, result) {
            (Some(State::Success), result) => return Ok(FinalPoll { result, attempts }),
            (Some(State::Failure), result) => return Err(WaiterError::FailureState(FinalPoll { result, attempts })),
            (None, Err(error)) => return Err(WaiterError::OperationFailed(error)),
            (Some(State::Retry), _) | (None, Ok(_)) => {}
        }
        let elapsed = started.elapsed();
        let remaining = settings.max_wait.saturating_sub(elapsed);
        let Some(pause) = delay(attempts, min_delay, max_delay, remaining, crate::retry::jitter()) else {
            return Err(WaiterError::ExceededMaxWait { max_wait: settings.max_wait, elapsed, attempts });
        };
        tracing::debug!(waiter = waiter.name, attempts, ?pause, "waiting before the next attempt");
        tokio::time::sleep(pause).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const S: Duration = Duration::from_secs(1);

    fn path(path: &'static str, expected: &'static str, comparator: Comparator) -> PathMatcher {
        PathMatcher { path, expected, comparator }
    }

    #[test]
    fn comparators_follow_the_spec_and_lists_need_items_for_all() {
        let data =
            json!({"status": "READY", "on": true, "items": [{"s": "A"}, {"s": "A"}], "mixed": ["A", "B"], "none": []});
        let check = |p: &'static str, expected, comparator| path(p, expected, comparator).matches(&data).unwrap();
        assert!(check("status", "READY", Comparator::StringEquals));
        assert!(!check("status", "ready", Comparator::StringEquals));
        assert!(!check("missing", "READY", Comparator::StringEquals));
        assert!(check("on", "true", Comparator::BooleanEquals));
        assert!(!check("on", "false", Comparator::BooleanEquals));
        assert!(!check("status", "true", Comparator::BooleanEquals));
        assert!(check("items[].s", "A", Comparator::AllStringEquals));
        assert!(!check("mixed", "A", Comparator::AllStringEquals));
        assert!(!check("none", "A", Comparator::AllStringEquals));
        assert!(check("mixed", "B", Comparator::AnyStringEquals));
        assert!(!check("none", "A", Comparator::AnyStringEquals));
        assert!(!check("status", "READY", Comparator::AnyStringEquals));
        assert!(check("length(items) == `2`", "true", Comparator::BooleanEquals));
        assert!(path("status[", "x", Comparator::StringEquals).matches(&data).unwrap_err().contains("not JMESPath"));
    }

    #[test]
    fn matchers_see_only_their_kind_of_result() {
        let output = json!({"id": "x"});
        let input = || json!({"id": "x"});
        let ok = Attempt::Output(&output);
        let not_found = Attempt::Error(Some("NotFound"));
        let same_id = Matcher::InputOutput(path("input.id == output.id", "true", Comparator::BooleanEquals));
        assert!(same_id.matches(ok, input).unwrap());
        assert!(!same_id.matches(not_found, input).unwrap());
        assert!(Matcher::Success(true).matches(ok, input).unwrap());
        assert!(Matcher::Success(false).matches(not_found, input).unwrap());
        assert!(!Matcher::Success(false).matches(ok, input).unwrap());
        assert!(Matcher::ErrorType("NotFound").matches(not_found, input).unwrap());
        assert!(Matcher::ErrorType("example#NotFound").matches(not_found, input).unwrap());
        assert!(!Matcher::ErrorType("Gone").matches(not_found, input).unwrap());
        assert!(!Matcher::ErrorType("NotFound").matches(ok, input).unwrap());
        assert!(!Matcher::ErrorType("NotFound").matches(Attempt::Error(None), input).unwrap());
    }

    #[test]
    fn the_first_matching_acceptor_wins() {
        const ACCEPTORS: &[Acceptor] = &[
            Acceptor { state: State::Failure, matcher: Matcher::ErrorType("Gone") },
            Acceptor { state: State::Retry, matcher: Matcher::Success(false) },
            Acceptor { state: State::Success, matcher: Matcher::Success(false) },
        ];
        let waiter = Waiter { name: "W", min_delay: S, max_delay: S, acceptors: ACCEPTORS };
        assert_eq!(waiter.state(Attempt::Error(Some("Gone")), &crate::Unit {}).unwrap(), Some(State::Failure));
        assert_eq!(waiter.state(Attempt::Error(Some("Other")), &crate::Unit {}).unwrap(), Some(State::Retry));
        assert_eq!(waiter.state(Attempt::Output(&json!({})), &crate::Unit {}).unwrap(), None);
    }

    #[test]
    fn delays_grow_from_min_to_max_with_jitter() {
        let (min, max, plenty) = (2 * S, 120 * S, 10_000 * S);
        // The first delay is always the minimum; the ceiling doubles per attempt.
        assert_eq!(delay(1, min, max, plenty, 0.99), Some(min));
        assert_eq!(delay(3, min, max, plenty, 0.0), Some(min));
        assert_eq!(delay(3, min, max, plenty, 0.5), Some(5 * S));
        assert_eq!(delay(6, min, max, plenty, 0.5), Some(Duration::from_secs(33)));
        // Past the attempt ceiling (log2(120/2) + 1 ≈ 6.9), up to the maximum.
        assert_eq!(delay(7, min, max, plenty, 0.5), Some(Duration::from_secs(61)));
        assert_eq!(delay(40, min, max, plenty, 1.0), Some(max));
        assert_eq!(delay(u32::MAX, min, max, plenty, f64::NAN), Some(min));
    }

    #[test]
    fn delays_never_sleep_past_the_max_wait() {
        let (min, max) = (2 * S, 120 * S);
        // Cut so that the minimum is left for one more attempt.
        assert_eq!(delay(7, min, max, 10 * S, 1.0), Some(8 * S));
        assert_eq!(delay(1, min, max, 3 * S, 0.0), Some(S));
        // The minimum or less left: no further attempt.
        assert_eq!(delay(1, min, max, 2 * S, 0.0), None);
        assert_eq!(delay(1, min, max, Duration::ZERO, 0.0), None);
    }

    #[test]
    fn unusable_settings_are_refused() {
        let waiter = Waiter { name: "W", min_delay: 2 * S, max_delay: 120 * S, acceptors: &[] };
        let refused = |settings: WaitSettings| settings.delays(&waiter).unwrap_err();
        assert!(refused(WaitSettings::new(S).min_delay(Duration::ZERO)).contains("more than zero"));
        assert!(refused(WaitSettings::new(S).max_delay(S)).contains("longer than the maximum delay"));
        assert!(refused(WaitSettings::new(Duration::ZERO)).contains("maximum wait"));
        assert_eq!(WaitSettings::new(S).delays(&waiter), Ok((2 * S, 120 * S)));
    }
}
