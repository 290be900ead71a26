//! The operations, one module per kind of resource. Each is a plain
//! function of the state and a validated input: it checks what the model's
//! constraints cannot (that ids exist, that names are free), then changes
//! the state, and fails before changing anything.

pub(crate) mod bots;
pub(crate) mod data_retention;
pub(crate) mod guests;
pub(crate) mod networks;
pub(crate) mod security_groups;
pub(crate) mod settings;
pub(crate) mod sso;
pub(crate) mod users;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::state::{Network, State};

/// A member the model requires (so validation made sure it is there).
pub(crate) fn given<T: Default>(value: Option<T>) -> T {
    value.unwrap_or_default()
}

/// The network `id`, or the not-found error.
pub(crate) fn network<'a>(state: &'a State, id: &Option<String>) -> Result<&'a Network, ApiError> {
    let id = id.as_deref().unwrap_or_default();
    state.networks.get(id).ok_or_else(|| ApiError::network_not_found(id))
}

/// The network `id` to change, or the not-found error.
pub(crate) fn network_mut<'a>(state: &'a mut State, id: &Option<String>) -> Result<&'a mut Network, ApiError> {
    let id = id.as_deref().unwrap_or_default();
    state.networks.get_mut(id).ok_or_else(|| ApiError::network_not_found(id))
}

/// One generated type as another with the same members (an item of a list
/// as the output of a get).
pub(crate) fn convert<A: Serialize, B: DeserializeOwned>(value: &A) -> Result<B, ApiError> {
    serde_json::to_value(value)
        .and_then(serde_json::from_value)
        .map_err(|error| ApiError::Internal(format!("the emulator built an answer it cannot read: {error}")))
}

/// A batch's summary message: "2 users suspended", "1 of 3 devices reset; see failed".
pub(crate) fn summary(done: usize, asked: usize, noun: &str, verb: &str) -> String {
    let plural = if asked == 1 { "" } else { "s" };
    match done == asked {
        true => format!("{done} {noun}{plural} {verb}"),
        false => format!("{done} of {asked} {noun}{plural} {verb}; see failed"),
    }
}
