//! Networks: create (with its default security group), get, list, update,
//! delete (with everything in it).

use std::collections::BTreeMap;

use wickr_admin_sdk::input::{
    CreateNetworkRequest, DeleteNetworkRequest, GetNetworkRequest, ListNetworksRequest, UpdateNetworkRequest,
};
use wickr_admin_sdk::output::{
    CreateNetworkResponse, DeleteNetworkResponse, GetNetworkResponse, ListNetworksResponse, UpdateNetworkResponse,
};
use wickr_admin_sdk::types;

use super::{convert, given, network, network_mut};
use crate::backend::{Account, Ctx};
use crate::error::ApiError;
use crate::paging::PageRequest;
use crate::sorting::{Sort, SortValue};
use crate::state::{Network, SecurityGroup, default_group_settings, default_network_settings};
use crate::{clock, ids};

/// How long a premium free trial lasts.
const FREE_TRIAL_DAYS: i64 = 90;
/// The name of the security group every network starts with.
pub(crate) const DEFAULT_GROUP_NAME: &str = "Default";

pub(crate) fn create(ctx: &mut Ctx<'_>, input: CreateNetworkRequest) -> Result<CreateNetworkResponse, ApiError> {
    check_key_arn(&input.encryption_key_arn)?;
    let networks = &ctx.state.networks;
    let network_id = ids::unique(ids::network_id, |id| networks.contains_key(id));
    let default_group = SecurityGroup {
        id: ids::group_id(),
        name: DEFAULT_GROUP_NAME.to_owned(),
        is_default: true,
        modified: ctx.now,
        active_directory_guid: None,
        security_group_settings: default_group_settings(),
    };
    let trial = input.enable_premium_free_trial == Some(true);
    let network = Network {
        network_id: network_id.clone(),
        network_name: given(input.network_name),
        access_level: input.access_level.unwrap_or(types::AccessLevel::Standard),
        encryption_key_arn: input.encryption_key_arn,
        free_trial_expiration: trial.then(|| clock::rfc3339(ctx.now + FREE_TRIAL_DAYS * 86_400)),
        standing: 1,
        migration_state: 0,
        created: ctx.now,
        settings: default_network_settings(),
        security_groups: BTreeMap::from([(default_group.id.clone(), default_group)]),
        users: BTreeMap::new(),
        bots: BTreeMap::new(),
        data_retention_bot: None,
        oidc: None,
        opentdf: None,
        guest_users: BTreeMap::new(),
    };
    let output = CreateNetworkResponse::builder()
        .network_id(&network.network_id)
        .network_name(&network.network_name)
        .set_encryption_key_arn(network.encryption_key_arn.clone())
        .build()?;
    ctx.state.networks.insert(network_id, network);
    Ok(output)
}

pub(crate) fn get(ctx: &mut Ctx<'_>, input: GetNetworkRequest) -> Result<GetNetworkResponse, ApiError> {
    convert(&view(network(ctx.state, &input.network_id)?, ctx.account)?)
}

pub(crate) fn list(ctx: &mut Ctx<'_>, input: ListNetworksRequest) -> Result<ListNetworksResponse, ApiError> {
    let sort = Sort::new(
        input.sort_fields.as_deref(),
        input.sort_direction.as_ref(),
        &["networkId", "networkName"],
        "networkId",
    )?;
    let networks = &ctx.state.networks;
    let (ids, next_token) = ctx.cursors.page(PageRequest::of("ListNetworks", &input), || {
        let items = networks.iter().map(|(id, network)| (id.clone(), network)).collect();
        Ok(sort.ids(items, |network, field| match field {
            "networkName" => SortValue::text(Some(&network.network_name)),
            _ => SortValue::id(&network.network_id),
        }))
    })?;
    let networks = ids
        .iter()
        .filter_map(|id| networks.get(id))
        .map(|network| view(network, ctx.account))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ListNetworksResponse::builder().networks(networks).set_next_token(next_token).build()?)
}

pub(crate) fn update(ctx: &mut Ctx<'_>, input: UpdateNetworkRequest) -> Result<UpdateNetworkResponse, ApiError> {
    check_key_arn(&input.encryption_key_arn)?;
    let network = network_mut(ctx.state, &input.network_id)?;
    network.network_name = given(input.network_name);
    if input.encryption_key_arn.is_some() {
        network.encryption_key_arn = input.encryption_key_arn;
    }
    Ok(UpdateNetworkResponse::builder().message("Network updated successfully").build()?)
}

pub(crate) fn delete(ctx: &mut Ctx<'_>, input: DeleteNetworkRequest) -> Result<DeleteNetworkResponse, ApiError> {
    let id = given(input.network_id);
    if ctx.state.networks.remove(&id).is_none() {
        return Err(ApiError::network_not_found(&id));
    }
    Ok(DeleteNetworkResponse::builder().message(format!("Network {id} deletion initiated")).build()?)
}

/// The network as the API describes it.
fn view(network: &Network, account: &Account) -> Result<types::Network, ApiError> {
    Ok(types::Network::builder()
        .network_id(&network.network_id)
        .network_name(&network.network_name)
        .access_level(network.access_level.clone())
        .aws_account_id(&account.account_id)
        .network_arn(format!("arn:aws:wickr:{}:{}:network/{}", account.region, account.account_id, network.network_id))
        .standing(network.standing)
        .set_free_trial_expiration(network.free_trial_expiration.clone())
        .migration_state(network.migration_state)
        .set_encryption_key_arn(network.encryption_key_arn.clone())
        .build()?)
}

/// A KMS key's ARN is `arn:PARTITION:kms:REGION:ACCOUNT:key/ID` (or an alias).
fn check_key_arn(arn: &Option<String>) -> Result<(), ApiError> {
    let Some(arn) = arn else { return Ok(()) };
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let well_formed = parts.len() == 6
        && parts[0] == "arn"
        && !parts[1].is_empty()
        && parts[2] == "kms"
        && !parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && (parts[5].strip_prefix("key/").or(parts[5].strip_prefix("alias/"))).is_some_and(|id| !id.is_empty());
    match well_formed {
        true => Ok(()),
        false => Err(ApiError::invalid(
            "encryptionKeyArn",
            "must be the ARN of a KMS key: arn:aws:kms:REGION:ACCOUNT:key/KEY-ID (or alias/NAME)",
        )),
    }
}
