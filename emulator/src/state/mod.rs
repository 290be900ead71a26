//! What the emulator remembers: every network and everything under it, and
//! the answers given to client tokens. This is also the JSON form of
//! `--state` and `--seed` files (member names as the model spells them),
//! so a state file can be read, edited, and used as a seed.
//!
//! None of it implements `Debug`: it holds what the model marks sensitive
//! (names, secrets), which must not reach a log by accident.

mod check;
mod defaults;
mod file;
mod serde_util;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use wickr_admin_sdk::types::{AccessLevel, NetworkSettings, OidcConfigInfo, SecurityGroupSettings};

pub(crate) use defaults::{CLOSE_BUTTON_LABEL, default_group_settings, default_network_settings, overlay};
pub use file::StateFileError;
pub(crate) use file::{load, save};
use serde_util::{Keyed, keyed, strict, strict_option};

/// The `format` every state and seed file declares.
pub const FORMAT: &str = "wickr-emulator-state";
/// The version of the file format this emulator reads and writes.
pub const VERSION: u32 = 1;

/// The whole emulated account.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct State {
    pub format: String,
    pub version: u32,
    #[serde(default, with = "keyed")]
    pub networks: BTreeMap<String, Network>,
    /// Answers to calls that carried a client token, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub client_tokens: Vec<TokenRecord>,
}

impl Default for State {
    fn default() -> Self {
        State { format: FORMAT.to_owned(), version: VERSION, networks: BTreeMap::new(), client_tokens: Vec::new() }
    }
}

/// A network and everything in it.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Network {
    pub network_id: String,
    pub network_name: String,
    pub access_level: AccessLevel,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption_key_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub free_trial_expiration: Option<String>,
    #[serde(default = "defaults::standing")]
    pub standing: i32,
    #[serde(default)]
    pub migration_state: i32,
    /// When it was created, in epoch seconds.
    #[serde(default)]
    pub created: i64,
    /// Every setting, complete (missing ones are filled in when loaded).
    #[serde(default = "default_network_settings", deserialize_with = "strict")]
    pub settings: NetworkSettings,
    #[serde(default, with = "keyed")]
    pub security_groups: BTreeMap<String, SecurityGroup>,
    #[serde(default, with = "keyed")]
    pub users: BTreeMap<String, User>,
    #[serde(default, with = "keyed")]
    pub bots: BTreeMap<String, Bot>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_retention_bot: Option<DataRetentionBot>,
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "strict_option")]
    pub oidc: Option<OidcConfigInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opentdf: Option<Opentdf>,
    /// Guest users who have talked to the network, by username hash.
    #[serde(default, with = "keyed")]
    pub guest_users: BTreeMap<String, GuestUser>,
}

impl Keyed for Network {
    fn key(&self) -> &str {
        &self.network_id
    }
}

impl Network {
    /// The id of the network's default security group.
    pub fn default_group_id(&self) -> Option<&str> {
        self.security_groups.values().find(|group| group.is_default).map(|group| group.id.as_str())
    }

    /// Whether a user or a bot already has `username` (compared without case).
    pub fn username_taken(&self, username: &str) -> bool {
        self.users.values().any(|user| user.username.eq_ignore_ascii_case(username))
            || self.bots.values().any(|bot| bot.username.eq_ignore_ascii_case(username))
    }

    /// Whether `id` is a user's or a bot's id (they share one space, as accounts).
    pub fn account_id_taken(&self, id: &str) -> bool {
        self.users.contains_key(id) || self.bots.contains_key(id)
    }
}

/// A security group; its member counts are computed from the users and bots.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct SecurityGroup {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub is_default: bool,
    #[serde(default)]
    pub modified: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_directory_guid: Option<String>,
    #[serde(default = "default_group_settings", deserialize_with = "strict")]
    pub security_group_settings: SecurityGroupSettings,
}

impl Keyed for SecurityGroup {
    fn key(&self) -> &str {
        &self.id
    }
}

/// The status codes the API gives users and bots.
pub(crate) const PENDING: i32 = 1;
pub(crate) const ACTIVE: i32 = 2;

/// A user account.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct User {
    pub user_id: String,
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    #[serde(default)]
    pub security_group_ids: Vec<String>,
    /// 1 pending (invited), 2 active (the invitation was accepted).
    #[serde(default = "defaults::pending")]
    pub status: i32,
    #[serde(default)]
    pub suspended: bool,
    /// The invitation was turned down (counted as `rejected`).
    #[serde(default)]
    pub rejected: bool,
    #[serde(default)]
    pub is_admin: bool,
    #[serde(default)]
    pub otp_enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_code: Option<String>,
    /// When the invite code expires, in epoch seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invite_expiration: Option<i64>,
    /// How long an invite code lasts, in days.
    #[serde(default = "defaults::invite_code_ttl")]
    pub invite_code_ttl: i32,
    #[serde(default)]
    pub code_validation: bool,
    /// The username hash; computed from the username when a file leaves it out.
    #[serde(default)]
    pub uname: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_activity: Option<i64>,
    #[serde(default)]
    pub modified: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(default)]
    pub challenge_failures: i32,
    #[serde(default, with = "keyed")]
    pub devices: BTreeMap<String, Device>,
}

impl Keyed for User {
    fn key(&self) -> &str {
        &self.user_id
    }

    fn complete(&mut self) {
        if self.uname.is_empty() {
            self.uname = crate::ids::username_hash(&self.username);
        }
    }
}

/// A device a user has signed in on.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Device {
    pub app_id: String,
    #[serde(rename = "type", default = "defaults::device_type")]
    pub device_type: String,
    #[serde(default)]
    pub created: i64,
    #[serde(default)]
    pub last_login: i64,
    /// Marked for reset by `BatchResetDevicesForUser`.
    #[serde(default)]
    pub reset: bool,
}

impl Keyed for Device {
    fn key(&self) -> &str {
        &self.app_id
    }
}

/// A bot account.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Bot {
    pub bot_id: String,
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    pub group_id: String,
    #[serde(default = "defaults::pending")]
    pub status: i32,
    #[serde(default)]
    pub suspended: bool,
    #[serde(default = "defaults::yes")]
    pub has_challenge: bool,
    #[serde(default)]
    pub uname: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pubkey: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_login: Option<i64>,
}

impl Keyed for Bot {
    fn key(&self) -> &str {
        &self.bot_id
    }

    fn complete(&mut self) {
        if self.uname.is_empty() {
            self.uname = crate::ids::username_hash(&self.username);
        }
    }
}

/// The network's data retention bot. Whether the service is enabled is
/// the network's `dataRetention` setting.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct DataRetentionBot {
    pub bot_name: String,
    /// A challenge (password) was created, so the bot could sign in.
    #[serde(default)]
    pub registered: bool,
    #[serde(default)]
    pub pubkey_acked: bool,
}

/// The network's OpenTDF configuration.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Opentdf {
    pub client_id: String,
    pub client_secret: String,
    pub domain: String,
    pub provider: String,
}

/// A guest user from another network who has talked to this one.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct GuestUser {
    /// Computed from the username when a file leaves it out.
    #[serde(default)]
    pub username_hash: String,
    pub username: String,
    pub billing_period: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked: Option<Block>,
}

impl Keyed for GuestUser {
    fn key(&self) -> &str {
        &self.username_hash
    }

    fn complete(&mut self) {
        if self.username_hash.is_empty() {
            self.username_hash = crate::ids::username_hash(&self.username);
        }
    }
}

/// Who blocked a guest user, and when (epoch seconds).
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct Block {
    pub admin: String,
    pub modified: i64,
}

/// The first successful answer to a call that carried a client token.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct TokenRecord {
    pub operation: String,
    pub client_token: String,
    /// The call's input without its token, as the model names its members.
    pub request: serde_json::Value,
    pub response: serde_json::Value,
    pub at: i64,
}
