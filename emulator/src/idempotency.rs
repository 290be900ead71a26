//! Client tokens (`X-Client-Token`): a call repeated with the same token
//! and the same input gets the first call's answer and changes nothing;
//! the same token with another input is refused. Only successful answers
//! are remembered, so a call that failed can be retried with its token.

use serde::Serialize;
use serde_json::Value;

use crate::error::ApiError;
use crate::state::{State, TokenRecord};

/// How many answers are remembered; the oldest are forgotten first.
pub const MAX_REMEMBERED: usize = 10_000;

/// A call's client token, and its input without it.
pub(crate) fn split(input: &impl Serialize) -> (Option<String>, Value) {
    let mut request = serde_json::to_value(input).unwrap_or(Value::Null);
    let token = match &mut request {
        Value::Object(members) => members.remove("clientToken").and_then(|token| token.as_str().map(str::to_owned)),
        _ => None,
    };
    (token, request)
}

/// The answer given before to `token` for `operation`, if any; an error if
/// the token came with another input.
pub(crate) fn earlier_answer(
    state: &State,
    operation: &str,
    token: &str,
    request: &Value,
) -> Result<Option<Value>, ApiError> {
    let Some(record) =
        state.client_tokens.iter().rev().find(|record| record.operation == operation && record.client_token == token)
    else {
        return Ok(None);
    };
    if &record.request != request {
        return Err(ApiError::BadRequest(format!(
            "The client token {token} was already used for a {operation} call with a different input"
        )));
    }
    Ok(Some(record.response.clone()))
}

/// Remembers the answer to `token`.
pub(crate) fn remember(state: &mut State, operation: &str, token: String, request: Value, response: Value, at: i64) {
    if state.client_tokens.len() >= MAX_REMEMBERED {
        let excess = state.client_tokens.len() + 1 - MAX_REMEMBERED;
        state.client_tokens.drain(..excess);
    }
    state.client_tokens.push(TokenRecord {
        operation: operation.to_owned(),
        client_token: token,
        request,
        response,
        at,
    });
}
