//! Network settings: read as a list of name, value and type; changed by
//! giving the settings to change.

use serde_json::Value;
use wickr_admin_sdk::input::{GetNetworkSettingsRequest, UpdateNetworkSettingsRequest};
use wickr_admin_sdk::output::{GetNetworkSettingsResponse, UpdateNetworkSettingsResponse};
use wickr_admin_sdk::types::{NetworkSettings, Setting};

use super::{network, network_mut};
use crate::backend::Ctx;
use crate::error::ApiError;
use crate::state::{self, CLOSE_BUTTON_LABEL};

pub(crate) fn get(ctx: &mut Ctx<'_>, input: GetNetworkSettingsRequest) -> Result<GetNetworkSettingsResponse, ApiError> {
    let network = network(ctx.state, &input.network_id)?;
    let settings = as_list(&network.settings, None)?;
    Ok(GetNetworkSettingsResponse::builder().settings(settings).build()?)
}

pub(crate) fn update(
    ctx: &mut Ctx<'_>,
    input: UpdateNetworkSettingsRequest,
) -> Result<UpdateNetworkSettingsResponse, ApiError> {
    let network = network_mut(ctx.state, &input.network_id)?;
    let mut requested = match input.settings {
        Some(settings) => settings,
        None => NetworkSettings::builder().build()?,
    };
    // A consent popup is replaced whole; its button is labelled
    // "Acknowledge" unless it says otherwise, as the reference states.
    let popup = requested.consent_popup.take().map(|mut popup| {
        popup.close_button_label.get_or_insert_with(|| CLOSE_BUTTON_LABEL.to_owned());
        popup
    });
    let mut changed = state::overlay(&network.settings, &requested)
        .map_err(|error| ApiError::Internal(format!("the settings could not be combined: {error}")))?;
    if let Some(popup) = popup {
        requested.consent_popup = Some(popup.clone());
        changed.consent_popup = Some(popup);
    }
    let shown = as_list(&changed, Some(&requested))?;
    network.settings = changed;
    Ok(UpdateNetworkSettingsResponse::builder().settings(shown).build()?)
}

/// `settings` as the API lists them, in the model's order (only those
/// `requested` has, when given): booleans as `true`/`false` of type
/// `boolean`, structures as their JSON of type `object`.
fn as_list(settings: &NetworkSettings, requested: Option<&NetworkSettings>) -> Result<Vec<Setting>, ApiError> {
    let Value::Object(values) = serde_json::to_value(settings).unwrap_or(Value::Null) else {
        return Ok(Vec::new());
    };
    let wanted = requested.map(|requested| serde_json::to_value(requested).unwrap_or(Value::Null));
    const ORDER: [&str; 5] =
        ["enableClientMetrics", "readReceiptConfig", "dataRetention", "enableTrustedDataFormat", "consentPopup"];
    let mut list = Vec::new();
    for name in ORDER {
        let Some(value) = values.get(name) else { continue };
        if wanted.as_ref().is_some_and(|wanted| wanted.get(name).is_none_or(Value::is_null)) {
            continue;
        }
        let (text, kind) = match value {
            Value::Bool(flag) => (flag.to_string(), "boolean"),
            Value::Number(number) => (number.to_string(), "number"),
            Value::String(text) => (text.clone(), "string"),
            other => (other.to_string(), "object"),
        };
        list.push(Setting::builder().option_name(name).value(text).r#type(kind).build()?);
    }
    Ok(list)
}
