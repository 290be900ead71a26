//! The data retention bot: one per network, its challenge, and the switch
//! of the data retention service (the network's `dataRetention` setting).

use wickr_admin_sdk::input::{
    CreateDataRetentionBotChallengeRequest, CreateDataRetentionBotRequest, DeleteDataRetentionBotRequest,
    GetDataRetentionBotRequest, UpdateDataRetentionRequest,
};
use wickr_admin_sdk::output::{
    CreateDataRetentionBotChallengeResponse, CreateDataRetentionBotResponse, DeleteDataRetentionBotResponse,
    GetDataRetentionBotResponse, UpdateDataRetentionResponse,
};
use wickr_admin_sdk::types::DataRetentionActionType;

use super::{network, network_mut};
use crate::backend::Ctx;
use crate::error::ApiError;
use crate::ids;
use crate::state::{DataRetentionBot, Network};

fn no_bot(network: &Network) -> ApiError {
    ApiError::NotFound(format!("Network {} has no data retention bot", network.network_id))
}

fn bot_mut(network: &mut Network) -> Result<&mut DataRetentionBot, ApiError> {
    let missing = no_bot(network);
    network.data_retention_bot.as_mut().ok_or(missing)
}

pub(crate) fn create(
    ctx: &mut Ctx<'_>,
    input: CreateDataRetentionBotRequest,
) -> Result<CreateDataRetentionBotResponse, ApiError> {
    let network = network_mut(ctx.state, &input.network_id)?;
    if network.data_retention_bot.is_some() {
        return Err(ApiError::BadRequest(format!(
            "Network {} already has a data retention bot; a network has at most one",
            network.network_id
        )));
    }
    let bot_name = format!("compliance_{}_bot", network.network_id);
    network.data_retention_bot = Some(DataRetentionBot { bot_name, registered: false, pubkey_acked: false });
    Ok(CreateDataRetentionBotResponse::builder().message("Data retention bot provisioned successfully").build()?)
}

pub(crate) fn get(
    ctx: &mut Ctx<'_>,
    input: GetDataRetentionBotRequest,
) -> Result<GetDataRetentionBotResponse, ApiError> {
    let network = network(ctx.state, &input.network_id)?;
    let enabled = network.settings.data_retention == Some(true);
    let bot = network.data_retention_bot.as_ref();
    Ok(GetDataRetentionBotResponse::builder()
        .set_bot_name(bot.map(|bot| bot.bot_name.clone()))
        .bot_exists(bot.is_some())
        .is_bot_active(bot.is_some_and(|bot| bot.registered) && enabled)
        .is_data_retention_bot_registered(bot.is_some_and(|bot| bot.registered))
        .is_data_retention_service_enabled(enabled)
        .is_pubkey_msg_acked(bot.is_some_and(|bot| bot.pubkey_acked))
        .build()?)
}

pub(crate) fn delete(
    ctx: &mut Ctx<'_>,
    input: DeleteDataRetentionBotRequest,
) -> Result<DeleteDataRetentionBotResponse, ApiError> {
    let network = network_mut(ctx.state, &input.network_id)?;
    if network.data_retention_bot.take().is_none() {
        return Err(no_bot(network));
    }
    // Without its bot the service cannot run.
    network.settings.data_retention = Some(false);
    Ok(DeleteDataRetentionBotResponse::builder()
        .message("Data retention bot and its data deleted successfully")
        .build()?)
}

pub(crate) fn create_challenge(
    ctx: &mut Ctx<'_>,
    input: CreateDataRetentionBotChallengeRequest,
) -> Result<CreateDataRetentionBotChallengeResponse, ApiError> {
    let network = network_mut(ctx.state, &input.network_id)?;
    bot_mut(network)?.registered = true;
    Ok(CreateDataRetentionBotChallengeResponse::builder().challenge(ids::secret(24)).build()?)
}

pub(crate) fn update(
    ctx: &mut Ctx<'_>,
    input: UpdateDataRetentionRequest,
) -> Result<UpdateDataRetentionResponse, ApiError> {
    let network = network_mut(ctx.state, &input.network_id)?;
    let bot = bot_mut(network)?;
    let message = match input.action_type {
        Some(DataRetentionActionType::PubkeyMsgAck) => {
            bot.pubkey_acked = true;
            "Public key message acknowledged"
        }
        Some(DataRetentionActionType::Enable) => {
            network.settings.data_retention = Some(true);
            "Data retention enabled"
        }
        _ => {
            network.settings.data_retention = Some(false);
            "Data retention disabled"
        }
    };
    Ok(UpdateDataRetentionResponse::builder().message(message).build()?)
}
