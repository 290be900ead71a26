//! What every call goes through: its latency and any armed fault, its
//! client token, the operation itself under the one state lock, and the
//! state file written before the answer is sent.
//!
//! One lock serializes every call, so concurrent calls never see or leave
//! half-done changes. A call that changes the state returns only after the
//! state file (when there is one) holds the change: an answer a client got
//! is never lost when the process is killed.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

use sdk_runtime::server::{Failure, HandlerResult, ServerResponse};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::clock;
use crate::error::ApiError;
use crate::faults::{FaultKind, Faults};
use crate::idempotency;
use crate::paging::Cursors;
use crate::state::{self, State};

/// The account the emulated networks belong to.
#[derive(Clone, Debug)]
pub(crate) struct Account {
    pub region: String,
    pub account_id: String,
    /// The name recorded as the administrator who blocks a guest user.
    pub admin: String,
}

/// The emulator's state and what guards it.
pub(crate) struct Backend {
    inner: Mutex<Inner>,
    faults: Mutex<Faults>,
    /// Where the state is saved after each change (`--state`).
    store: Option<PathBuf>,
    pub account: Account,
}

pub(crate) struct Inner {
    pub state: State,
    pub cursors: Cursors,
}

/// What an operation works on.
pub(crate) struct Ctx<'a> {
    pub state: &'a mut State,
    pub cursors: &'a mut Cursors,
    /// The call's time, in epoch seconds.
    pub now: i64,
    pub account: &'a Account,
}

/// An operation: what it does to the state for one validated input.
pub(crate) type OperationFn<I, O> = fn(&mut Ctx<'_>, I) -> Result<O, ApiError>;

/// Whether an operation changes the state (and so is saved).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Read,
    Write,
}

impl Backend {
    pub(crate) fn new(state: State, store: Option<PathBuf>, account: Account, faults: Faults) -> Self {
        Backend {
            inner: Mutex::new(Inner { state, cursors: Cursors::default() }),
            faults: Mutex::new(faults),
            store,
            account,
        }
    }

    /// The state, locked. A panic while it was held (answered `500`)
    /// does not make it unusable.
    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn faults(&self) -> MutexGuard<'_, Faults> {
        self.faults.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `operation`, named `name`, for one call.
    pub(crate) async fn call<I: Serialize, O: Serialize + DeserializeOwned, E: From<ApiError>>(
        &self,
        name: &'static str,
        kind: Kind,
        input: I,
        operation: OperationFn<I, O>,
    ) -> HandlerResult<O, E> {
        let (latency, fault) = self.faults().take(name);
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        match fault {
            None => {}
            Some(FaultKind::Throttle) => return Err(Failure::Modeled(E::from(ApiError::Throttled))),
            Some(FaultKind::Internal) => {
                return Err(Failure::Modeled(E::from(ApiError::Internal("An injected internal error".to_owned()))));
            }
            Some(FaultKind::Unavailable) => return Err(Failure::Raw(Box::new(unavailable()))),
        }
        self.run(name, kind, input, operation).map_err(|error| Failure::Modeled(E::from(error)))
    }

    /// The part of a call under the lock: its client token, the
    /// operation, and the save.
    fn run<I: Serialize, O: Serialize + DeserializeOwned>(
        &self,
        name: &'static str,
        kind: Kind,
        input: I,
        operation: OperationFn<I, O>,
    ) -> Result<O, ApiError> {
        let (token, request) = idempotency::split(&input);
        let mut inner = self.lock();
        let Inner { state, cursors } = &mut *inner;
        if let Some(token) = &token
            && let Some(answer) = idempotency::earlier_answer(state, name, token, &request)?
        {
            return serde_json::from_value(answer)
                .map_err(|error| ApiError::Internal(format!("a remembered answer cannot be read: {error}")));
        }
        let saves = self.store.is_some() && (kind == Kind::Write || token.is_some());
        let before = saves.then(|| state.clone());
        let now = clock::now();
        let output = operation(&mut Ctx { state, cursors, now, account: &self.account }, input);
        let output = match output {
            Ok(output) => output,
            Err(error) => {
                if let Some(before) = before {
                    *state = before;
                }
                return Err(error);
            }
        };
        if let Some(token) = token {
            let response = serde_json::to_value(&output)
                .map_err(|error| ApiError::Internal(format!("the answer cannot be remembered: {error}")))?;
            idempotency::remember(state, name, token, request, response, now);
        }
        if let (Some(path), Some(before)) = (&self.store, before)
            && let Err(error) = state::save(path, state)
        {
            *state = before;
            return Err(ApiError::Internal(format!(
                "The emulator could not save its state, so nothing changed: {error}"
            )));
        }
        Ok(output)
    }

    /// Saves the state, when it has a file.
    pub(crate) fn save(&self) -> std::io::Result<()> {
        match &self.store {
            Some(path) => state::save(path, &self.lock().state),
            None => Ok(()),
        }
    }

    /// Applies `change` to the state and saves it: what the control
    /// endpoints use to do what no API operation does.
    pub(crate) fn change<T>(&self, change: impl FnOnce(&mut State, i64) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let mut inner = self.lock();
        let before = self.store.as_ref().map(|_| inner.state.clone());
        let result = change(&mut inner.state, clock::now());
        match (&result, &self.store, before) {
            (Err(_), _, Some(before)) => inner.state = before,
            (Ok(_), Some(path), Some(before)) => {
                if let Err(error) = state::save(path, &inner.state) {
                    inner.state = before;
                    return Err(ApiError::Internal(format!("the state could not be saved: {error}")));
                }
            }
            _ => {}
        }
        result
    }
}

/// A `503` as a proxy in front of the service answers when it is overloaded.
fn unavailable() -> ServerResponse {
    ServerResponse::new(503)
        .header("Content-Type", "application/json")
        .header("X-Amzn-Errortype", "ServiceUnavailableException")
        .body(r#"{"message":"Service unavailable (an injected fault)"}"#)
}
