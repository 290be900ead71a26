//! Fault injection, for testing how code copes with a failing service:
//! the next N calls of an operation (or of any) answer with throttling or a
//! server error, and calls can be slowed down.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// What an injected fault answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FaultKind {
    /// `429 RateLimitError`, the model's throttling error.
    Throttle,
    /// `500 InternalServerError`, the model's server error.
    Internal,
    /// `503` with the code `ServiceUnavailableException`: not one of the
    /// model's errors, as a load balancer in front of the service answers.
    Unavailable,
}

impl FaultKind {
    const NAMES: &'static str = "throttle, internal, unavailable";
}

impl FromStr for FaultKind {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "throttle" => Ok(FaultKind::Throttle),
            "internal" => Ok(FaultKind::Internal),
            "unavailable" => Ok(FaultKind::Unavailable),
            other => Err(format!("`{other}` is not a fault; the faults are {}", FaultKind::NAMES)),
        }
    }
}

/// "The next `count` calls of `operation` answer `kind`."
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Fault {
    /// The operation's name (`ListUsers`); `None` (or `*` when parsed) for every operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    /// What the calls are answered with.
    #[serde(rename = "error")]
    pub kind: FaultKind,
    /// How many calls; 1 when not given.
    #[serde(default = "one")]
    pub count: u32,
}

fn one() -> u32 {
    1
}

impl Fault {
    /// The next call of `operation` answers `kind`.
    pub fn new(operation: &str, kind: FaultKind) -> Self {
        Fault { operation: Some(operation.to_owned()), kind, count: 1 }
    }

    /// The next call of any operation answers `kind`.
    pub fn any_operation(kind: FaultKind) -> Self {
        Fault { operation: None, kind, count: 1 }
    }

    /// The next `count` calls, instead of one.
    pub fn times(mut self, count: u32) -> Self {
        self.count = count;
        self
    }
}

/// `OPERATION:KIND[:COUNT]`, as `--fault` takes it: `ListUsers:throttle:3`,
/// `*:unavailable`.
impl FromStr for Fault {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let mut parts = text.split(':');
        let (Some(operation), Some(kind)) = (parts.next(), parts.next()) else {
            return Err(format!("`{text}` is not OPERATION:KIND[:COUNT] (e.g. ListUsers:throttle:3)"));
        };
        let count = match parts.next() {
            None => 1,
            Some(count) => count.parse().map_err(|_| format!("`{count}` in `{text}` is not a count of calls"))?,
        };
        if parts.next().is_some() {
            return Err(format!("`{text}` is not OPERATION:KIND[:COUNT] (e.g. ListUsers:throttle:3)"));
        }
        let operation = (operation != "*").then(|| operation.to_owned());
        Ok(Fault { operation, kind: kind.parse()?, count })
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            FaultKind::Throttle => "throttle",
            FaultKind::Internal => "internal",
            FaultKind::Unavailable => "unavailable",
        };
        write!(f, "{}:{kind}:{}", self.operation.as_deref().unwrap_or("*"), self.count)
    }
}

/// The armed faults and the latencies.
#[derive(Debug, Default)]
pub(crate) struct Faults {
    armed: Vec<Fault>,
    latency: Duration,
    latency_of: HashMap<String, Duration>,
}

impl Faults {
    pub(crate) fn arm(&mut self, fault: Fault) {
        if fault.count > 0 {
            self.armed.push(fault);
        }
    }

    /// Delays every call by `latency`, or only `operation`'s.
    pub(crate) fn set_latency(&mut self, operation: Option<&str>, latency: Duration) {
        match operation {
            Some(operation) => {
                self.latency_of.insert(operation.to_owned(), latency);
            }
            None => self.latency = latency,
        }
    }

    /// Disarms every fault and removes every latency.
    pub(crate) fn clear(&mut self) {
        *self = Faults::default();
    }

    /// The faults still armed, in the order they fire.
    pub(crate) fn armed(&self) -> &[Fault] {
        &self.armed
    }

    /// For a call of `operation`: how long to wait, and the fault it answers, if one is armed.
    pub(crate) fn take(&mut self, operation: &str) -> (Duration, Option<FaultKind>) {
        let latency = self.latency_of.get(operation).copied().unwrap_or(self.latency);
        let index = self.armed.iter().position(|fault| fault.operation.as_deref().is_none_or(|name| name == operation));
        let kind = index.map(|index| {
            let fault = &mut self.armed[index];
            fault.count -= 1;
            let kind = fault.kind;
            if fault.count == 0 {
                self.armed.remove(index);
            }
            kind
        });
        (latency, kind)
    }
}
