//! What happens to a network that no admin API call does: users accept
//! their invitations and sign in on devices, bots sign in, guest users from
//! other networks appear. Tests make these happen through [`Emulator`]'s
//! methods or the `/_emulator/` endpoints.
//!
//! [`Emulator`]: crate::Emulator

use std::collections::BTreeMap;
use std::fmt;

use crate::backend::Backend;
use crate::error::ApiError;
use crate::faults::Fault;
use crate::ids;
use crate::service::OPERATIONS;
use crate::state::{ACTIVE, Device, GuestUser};

/// Why a control request was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ControlError {
    /// The network, user or bot does not exist.
    NotFound(String),
    /// The request itself is wrong (an unknown operation name, a bad body).
    Invalid(String),
    /// The emulator failed (its state could not be saved).
    Failed(String),
}

impl fmt::Display for ControlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ControlError::NotFound(message) | ControlError::Invalid(message) | ControlError::Failed(message) => {
                f.write_str(message)
            }
        }
    }
}

impl std::error::Error for ControlError {}

impl From<ApiError> for ControlError {
    fn from(error: ApiError) -> Self {
        match error {
            ApiError::NotFound(message) => ControlError::NotFound(message),
            ApiError::Internal(message) => ControlError::Failed(message),
            ApiError::Invalid(reasons) => ControlError::Invalid(
                reasons.into_iter().map(|(field, reason)| format!("{field}: {reason}")).collect::<Vec<_>>().join("; "),
            ),
            other => ControlError::Invalid(format!("{other:?}")),
        }
    }
}

/// Checks that `fault` names an operation the emulator has.
pub(crate) fn check_fault(fault: &Fault) -> Result<(), ControlError> {
    match &fault.operation {
        Some(name) if !OPERATIONS.contains(&name.as_str()) => Err(ControlError::Invalid(format!(
            "`{name}` is not an operation of the Wickr Admin API (operations are named as in the model, e.g. ListUsers)"
        ))),
        _ => Ok(()),
    }
}

/// Whether `text` is a month as billing periods are written: `YYYY-MM` (or `YYYY_MM`).
pub(crate) fn is_billing_period(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 7
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && matches!(bytes[4], b'-' | b'_')
        && bytes[5..].iter().all(u8::is_ascii_digit)
        && matches!(&text[5..], "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12")
}

impl Backend {
    /// User `user_id` signs in on a new device of type `device_type`
    /// (accepting the invitation if it was pending): the user becomes
    /// active. The new device's application id.
    pub(crate) fn user_signs_in(&self, network_id: &str, user_id: &str, device_type: &str) -> Result<String, ApiError> {
        self.change(|state, now| {
            let network = state.networks.get_mut(network_id).ok_or_else(|| ApiError::network_not_found(network_id))?;
            let user = network
                .users
                .get_mut(user_id)
                .ok_or_else(|| ApiError::NotFound(format!("User {user_id} not found in network {network_id}")))?;
            let app_id = ids::unique(ids::app_id, |id| user.devices.contains_key(id));
            let device = Device {
                app_id: app_id.clone(),
                device_type: device_type.to_owned(),
                created: now,
                last_login: now,
                reset: false,
            };
            user.devices.insert(app_id.clone(), device);
            user.status = ACTIVE;
            user.rejected = false;
            user.last_login = Some(now);
            user.last_activity = Some(now);
            Ok(app_id)
        })
    }

    /// User `user_id` turns the invitation down.
    pub(crate) fn user_rejects_invitation(&self, network_id: &str, user_id: &str) -> Result<(), ApiError> {
        self.change(|state, _| {
            let network = state.networks.get_mut(network_id).ok_or_else(|| ApiError::network_not_found(network_id))?;
            let user = network
                .users
                .get_mut(user_id)
                .ok_or_else(|| ApiError::NotFound(format!("User {user_id} not found in network {network_id}")))?;
            if user.status == ACTIVE {
                return Err(ApiError::invalid("userId", "the user has already accepted the invitation"));
            }
            user.rejected = true;
            Ok(())
        })
    }

    /// Bot `bot_id` signs in: it becomes active and publishes a public key.
    pub(crate) fn bot_signs_in(&self, network_id: &str, bot_id: &str) -> Result<(), ApiError> {
        self.change(|state, now| {
            let network = state.networks.get_mut(network_id).ok_or_else(|| ApiError::network_not_found(network_id))?;
            let bot = network
                .bots
                .get_mut(bot_id)
                .ok_or_else(|| ApiError::NotFound(format!("Bot {bot_id} not found in network {network_id}")))?;
            bot.status = ACTIVE;
            bot.pubkey.get_or_insert_with(ids::public_key);
            bot.last_login = Some(now);
            Ok(())
        })
    }

    /// A guest user from another network talks to this one, in
    /// `billing_period` (`YYYY-MM`; this month when `None`). Their username hash.
    pub(crate) fn guest_user_appears(
        &self,
        network_id: &str,
        username: &str,
        billing_period: Option<&str>,
    ) -> Result<String, ApiError> {
        if username.trim().is_empty() {
            return Err(ApiError::invalid("username", "must not be empty"));
        }
        if let Some(period) = billing_period
            && !is_billing_period(period)
        {
            return Err(ApiError::invalid("billingPeriod", format!("`{period}` is not a month written YYYY-MM")));
        }
        self.change(|state, now| {
            let network = state.networks.get_mut(network_id).ok_or_else(|| ApiError::network_not_found(network_id))?;
            let hash = ids::username_hash(username);
            let billing_period = billing_period.map_or_else(|| crate::clock::month(now), str::to_owned);
            let guest =
                GuestUser { username_hash: hash.clone(), username: username.to_owned(), billing_period, blocked: None };
            let blocked = network.guest_users.get(&hash).and_then(|known| known.blocked.clone());
            network.guest_users.insert(hash.clone(), GuestUser { blocked, ..guest });
            Ok(hash)
        })
    }

    /// Forgets every network and client token.
    pub(crate) fn reset(&self) -> Result<(), ApiError> {
        self.change(|state, _| {
            state.networks = BTreeMap::new();
            state.client_tokens.clear();
            Ok(())
        })
    }
}
