//! What new networks, security groups and accounts start with. The
//! reference names the settings but not their initial values: these are
//! the emulator's choices (listed in the crate's README).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use wickr_admin_sdk::types::{NetworkSettings, SecurityGroupSettings};

/// The label a consent popup's close button has when none is given (the
/// reference states this default).
pub(crate) const CLOSE_BUTTON_LABEL: &str = "Acknowledge";

fn group_settings_json() -> Value {
    json!({
        "alwaysReauthenticate": false,
        "atakPackageValues": [],
        "calling": {"canStart11Call": true, "canVideoCall": true, "forceTcpCall": false},
        "checkForUpdates": true,
        "enableAtak": false,
        "enableCrashReports": true,
        "enableFileDownload": true,
        "enableGuestFederation": false,
        "enableNotificationPreview": true,
        "enableOpenAccessOption": false,
        "enableRestrictedGlobalFederation": false,
        "filesEnabled": true,
        "forceDeviceLockout": 0,
        "forceOpenAccess": false,
        "forceReadReceipts": false,
        "globalFederation": false,
        "isAtoEnabled": false,
        "isLinkPreviewEnabled": true,
        "locationAllowMaps": true,
        "locationEnabled": true,
        "maxAutoDownloadSize": 512000,
        "maxBor": 0,
        "maxTtl": 31_536_000,
        "messageForwardingEnabled": true,
        "passwordRequirements": {"lowercase": 1, "minLength": 8, "numbers": 1, "symbols": 0, "uppercase": 1},
        "presenceEnabled": true,
        "quickResponses": [],
        "showMasterRecoveryKey": false,
        "shredder": {"canProcessManually": true, "intensity": 0},
        "ssoMaxIdleMinutes": 0,
        "maxNonSsoSessionMinutes": 0,
        "federationMode": 0,
        "lockoutThreshold": 10,
        "permittedNetworks": [],
        "permittedWickrAwsNetworks": [],
        "permittedWickrEnterpriseNetworks": []
    })
}

fn network_settings_json() -> Value {
    json!({
        "enableClientMetrics": false,
        "readReceiptConfig": {"status": "DISABLED"},
        "dataRetention": false,
        "enableTrustedDataFormat": false,
        "consentPopup": {"enabled": false, "closeButtonLabel": CLOSE_BUTTON_LABEL}
    })
}

/// The settings a new security group has.
pub(crate) fn default_group_settings() -> SecurityGroupSettings {
    serde_json::from_value(group_settings_json()).expect("the default group settings are a SecurityGroupSettings")
}

/// The settings a new network has.
pub(crate) fn default_network_settings() -> NetworkSettings {
    serde_json::from_value(network_settings_json()).expect("the default network settings are a NetworkSettings")
}

/// `settings` with every member it lacks taken from the defaults.
pub(crate) fn fill_group_settings(settings: &SecurityGroupSettings) -> SecurityGroupSettings {
    overlay(&default_group_settings(), settings).unwrap_or_else(|_| settings.clone())
}

/// `settings` with every member it lacks taken from the defaults.
pub(crate) fn fill_network_settings(settings: &NetworkSettings) -> NetworkSettings {
    overlay(&default_network_settings(), settings).unwrap_or_else(|_| settings.clone())
}

/// `base` with each member `patch` has replacing it: nested structures
/// member by member, lists and everything else whole.
pub(crate) fn overlay<T: Serialize + DeserializeOwned>(base: &T, patch: &impl Serialize) -> serde_json::Result<T> {
    let mut merged = serde_json::to_value(base)?;
    merge(&mut merged, serde_json::to_value(patch)?);
    serde_json::from_value(merged)
}

fn merge(base: &mut Value, patch: Value) {
    match (base, patch) {
        (Value::Object(base), Value::Object(patch)) => {
            for (name, value) in patch {
                if value.is_null() {
                    continue;
                }
                match base.get_mut(&name) {
                    Some(existing) if existing.is_object() && value.is_object() => merge(existing, value),
                    _ => {
                        base.insert(name, value);
                    }
                }
            }
        }
        (_, Value::Null) => {}
        (base, patch) => *base = patch,
    }
}

pub(crate) fn standing() -> i32 {
    1
}

pub(crate) fn pending() -> i32 {
    super::PENDING
}

pub(crate) fn invite_code_ttl() -> i32 {
    7
}

pub(crate) fn device_type() -> String {
    "iOS".to_owned()
}

pub(crate) fn yes() -> bool {
    true
}
