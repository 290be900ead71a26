//! Security groups: create, get, list, update, delete; member counts are
//! computed from the users and bots in each.

use serde_json::Value;
use wickr_admin_sdk::input::{
    CreateSecurityGroupRequest, DeleteSecurityGroupRequest, GetSecurityGroupRequest, ListSecurityGroupsRequest,
    UpdateSecurityGroupRequest,
};
use wickr_admin_sdk::output::{
    CreateSecurityGroupResponse, DeleteSecurityGroupResponse, GetSecurityGroupResponse, ListSecurityGroupsResponse,
    UpdateSecurityGroupResponse,
};
use wickr_admin_sdk::types::{self, SecurityGroupSettings};

use super::{given, network, network_mut};
use crate::backend::Ctx;
use crate::error::ApiError;
use crate::ids;
use crate::paging::PageRequest;
use crate::sorting::{Sort, SortValue};
use crate::state::{Network, SecurityGroup, default_group_settings};
use crate::{clock, state};

/// The group `id` of `network`, or the not-found error.
pub(crate) fn group<'a>(network: &'a Network, id: &Option<String>) -> Result<&'a SecurityGroup, ApiError> {
    let id = id.as_deref().unwrap_or_default();
    network.security_groups.get(id).ok_or_else(|| not_found(network, id))
}

fn not_found(network: &Network, id: &str) -> ApiError {
    ApiError::NotFound(format!("Security group {id} not found in network {}", network.network_id))
}

fn check_name(name: &str) -> Result<(), ApiError> {
    match name.trim().is_empty() {
        true => Err(ApiError::invalid("name", "The name must not be empty")),
        false => Ok(()),
    }
}

pub(crate) fn create(
    ctx: &mut Ctx<'_>,
    input: CreateSecurityGroupRequest,
) -> Result<CreateSecurityGroupResponse, ApiError> {
    let name = given(input.name);
    check_name(&name)?;
    let settings = apply(&default_group_settings(), &input.security_group_settings)?;
    let network = network_mut(ctx.state, &input.network_id)?;
    let id = ids::unique(ids::group_id, |id| network.security_groups.contains_key(id));
    let group = SecurityGroup {
        id: id.clone(),
        name,
        is_default: false,
        modified: ctx.now,
        active_directory_guid: None,
        security_group_settings: settings,
    };
    let output = CreateSecurityGroupResponse::builder().security_group(view(network, &group)?).build()?;
    network.security_groups.insert(id, group);
    Ok(output)
}

pub(crate) fn get(ctx: &mut Ctx<'_>, input: GetSecurityGroupRequest) -> Result<GetSecurityGroupResponse, ApiError> {
    let network = network(ctx.state, &input.network_id)?;
    let group = group(network, &input.group_id)?;
    Ok(GetSecurityGroupResponse::builder().security_group(view(network, group)?).build()?)
}

pub(crate) fn list(
    ctx: &mut Ctx<'_>,
    input: ListSecurityGroupsRequest,
) -> Result<ListSecurityGroupsResponse, ApiError> {
    let sort = Sort::new(input.sort_fields.as_deref(), input.sort_direction.as_ref(), &["id", "name"], "id")?;
    let network = network(ctx.state, &input.network_id)?;
    let (ids, next_token) = ctx.cursors.page(PageRequest::of("ListSecurityGroups", &input), || {
        let items = network.security_groups.iter().map(|(id, group)| (id.clone(), group)).collect();
        Ok(sort.ids(items, |group, field| match field {
            "name" => SortValue::text(Some(&group.name)),
            _ => SortValue::text(Some(&group.id)),
        }))
    })?;
    let groups = ids
        .iter()
        .filter_map(|id| network.security_groups.get(id))
        .map(|group| view(network, group))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ListSecurityGroupsResponse::builder().security_groups(groups).set_next_token(next_token).build()?)
}

pub(crate) fn update(
    ctx: &mut Ctx<'_>,
    input: UpdateSecurityGroupRequest,
) -> Result<UpdateSecurityGroupResponse, ApiError> {
    let network = network_mut(ctx.state, &input.network_id)?;
    let mut changed = group(network, &input.group_id)?.clone();
    if let Some(name) = input.name {
        check_name(&name)?;
        changed.name = name;
    }
    if let Some(requested) = &input.security_group_settings {
        changed.security_group_settings = apply(&changed.security_group_settings, requested)?;
    }
    changed.modified = ctx.now;
    let output = UpdateSecurityGroupResponse::builder().security_group(view(network, &changed)?).build()?;
    network.security_groups.insert(changed.id.clone(), changed);
    Ok(output)
}

pub(crate) fn delete(
    ctx: &mut Ctx<'_>,
    input: DeleteSecurityGroupRequest,
) -> Result<DeleteSecurityGroupResponse, ApiError> {
    let network = network_mut(ctx.state, &input.network_id)?;
    let target = group(network, &input.group_id)?;
    if target.is_default {
        return Err(ApiError::BadRequest("The default security group cannot be deleted".to_owned()));
    }
    let id = target.id.clone();
    let fallback = network.default_group_id().unwrap_or_default().to_owned();
    network.security_groups.remove(&id);
    // Members go on belonging to their other groups, or to the default one.
    for user in network.users.values_mut() {
        if user.security_group_ids.contains(&id) {
            user.security_group_ids.retain(|group| *group != id);
            if user.security_group_ids.is_empty() {
                user.security_group_ids.push(fallback.clone());
            }
        }
    }
    for bot in network.bots.values_mut().filter(|bot| bot.group_id == id) {
        bot.group_id = fallback.clone();
    }
    Ok(DeleteSecurityGroupResponse::builder()
        .message(format!("Security group {id} deleted"))
        .network_id(&network.network_id)
        .group_id(id)
        .build()?)
}

/// A group as the API describes it, with its member counts: active users
/// (accepted, not suspended) and bots.
pub(crate) fn view(network: &Network, group: &SecurityGroup) -> Result<types::SecurityGroup, ApiError> {
    let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    let active = network
        .users
        .values()
        .filter(|user| user.security_group_ids.contains(&group.id) && super::users::is_active(user))
        .count();
    let bots = network.bots.values().filter(|bot| bot.group_id == group.id).count();
    Ok(types::SecurityGroup::builder()
        .active_members(count(active))
        .bot_members(count(bots))
        .set_active_directory_guid(group.active_directory_guid.clone())
        .id(&group.id)
        .is_default(group.is_default)
        .name(&group.name)
        .modified(clock::as_i32(group.modified))
        .security_group_settings(group.security_group_settings.clone())
        .build()?)
}

/// `current` with the members `requested` gives, checked against the rules
/// the reference states for them (nested settings are changed member by
/// member, lists whole).
fn apply(
    current: &SecurityGroupSettings,
    requested: &impl serde::Serialize,
) -> Result<SecurityGroupSettings, ApiError> {
    let given = serde_json::to_value(requested).unwrap_or(Value::Null);
    let settings = state::overlay(current, &given)
        .map_err(|error| ApiError::Internal(format!("the settings could not be combined: {error}")))?;
    let problems = problems(&settings, &given);
    match problems.is_empty() {
        true => Ok(settings),
        false => Err(ApiError::Invalid(problems)),
    }
}

/// A rule the reference states for security group settings that the model
/// has no trait for: the members it involves, and the check.
struct Rule {
    members: &'static [&'static str],
    holds: fn(&SecurityGroupSettings) -> bool,
    reason: &'static str,
}

const RULES: &[Rule] = &[
    Rule {
        members: &["shredder.intensity"],
        holds: |s| s.shredder.as_ref().and_then(|s| s.intensity).is_none_or(|i| [0, 20, 60, 100].contains(&i)),
        reason: "must be one of 0, 20, 60, 100",
    },
    Rule {
        members: &["maxAutoDownloadSize"],
        holds: |s| s.max_auto_download_size.is_none_or(|size| [512_000, 7_340_032].contains(&size)),
        reason: "must be 512000 (low quality) or 7340032 (high quality)",
    },
    Rule {
        members: &["maxNonSsoSessionMinutes"],
        holds: |s| s.max_non_sso_session_minutes.is_none_or(|m| m == 0 || (60..=525_600).contains(&m)),
        reason: "must be 0 (no limit) or from 60 to 525600",
    },
    Rule {
        members: &["federationMode"],
        holds: |s| s.federation_mode.is_none_or(|mode| (0..=2).contains(&mode)),
        reason: "must be 0 (local), 1 (federated) or 2 (restricted)",
    },
    Rule {
        members: &["forceDeviceLockout", "lockoutThreshold"],
        holds: |s| match (s.force_device_lockout, s.lockout_threshold) {
            (Some(lockout), Some(threshold)) if lockout > 0 && threshold > 0 => lockout < threshold,
            _ => true,
        },
        reason: "forceDeviceLockout must be less than lockoutThreshold",
    },
    Rule {
        members: &["calling.canVideoCall", "calling.canStart11Call"],
        holds: |s| {
            s.calling.as_ref().is_none_or(|c| c.can_video_call != Some(true) || c.can_start11_call == Some(true))
        },
        reason: "video calls need canStart11Call",
    },
    Rule {
        members: &["forceOpenAccess", "enableOpenAccessOption"],
        holds: |s| s.force_open_access != Some(true) || s.enable_open_access_option == Some(true),
        reason: "forceOpenAccess needs enableOpenAccessOption",
    },
    Rule {
        members: &["locationAllowMaps", "locationEnabled"],
        holds: |s| s.location_allow_maps != Some(true) || s.location_enabled == Some(true),
        reason: "locationAllowMaps needs locationEnabled",
    },
    Rule {
        members: &["enableRestrictedGlobalFederation", "globalFederation"],
        holds: |s| s.enable_restricted_global_federation != Some(true) || s.global_federation == Some(true),
        reason: "enableRestrictedGlobalFederation needs globalFederation",
    },
];

/// The rules `settings` breaks, among those involving a member `given` has
/// (every rule when `given` is `null`), as the field and why.
pub(crate) fn problems(settings: &SecurityGroupSettings, given: &Value) -> Vec<(String, String)> {
    let mentions = |member: &str| {
        given.is_null()
            || member.split('.').try_fold(given, |value, name| value.get(name)).is_some_and(|v| !v.is_null())
    };
    RULES
        .iter()
        .filter(|rule| rule.members.iter().any(|member| mentions(member)) && !(rule.holds)(settings))
        .map(|rule| (format!("securityGroupSettings.{}", rule.members[0]), rule.reason.to_owned()))
        .collect()
}
