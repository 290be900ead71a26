//! Users and their devices: batch create, update, batch delete, re-invite,
//! suspend and unsuspend, device resets, uname lookups, get, count, list.

use std::collections::BTreeMap;

use wickr_admin_sdk::input::{
    BatchCreateUserRequest, BatchDeleteUserRequest, BatchLookupUserUnameRequest, BatchReinviteUserRequest,
    BatchResetDevicesForUserRequest, BatchToggleUserSuspendStatusRequest, GetUserRequest, GetUsersCountRequest,
    ListDevicesForUserRequest, ListSecurityGroupUsersRequest, ListUsersRequest, UpdateUserRequest,
};
use wickr_admin_sdk::output::{
    BatchCreateUserResponse, BatchDeleteUserResponse, BatchLookupUserUnameResponse, BatchReinviteUserResponse,
    BatchResetDevicesForUserResponse, BatchToggleUserSuspendStatusResponse, GetUserResponse, GetUsersCountResponse,
    ListDevicesForUserResponse, ListSecurityGroupUsersResponse, ListUsersResponse, UpdateUserResponse,
};
use wickr_admin_sdk::types::{
    self, BasicDeviceObject, BatchCreateUserRequestItem, BatchDeviceErrorResponseItem, BatchDeviceSuccessResponseItem,
    BatchUnameErrorResponseItem, BatchUnameSuccessResponseItem, BatchUserErrorResponseItem,
    BatchUserSuccessResponseItem,
};

use super::{given, network, network_mut, summary};
use crate::backend::Ctx;
use crate::error::ApiError;
use crate::paging::PageRequest;
use crate::sorting::{Sort, SortValue, matches};
use crate::state::{ACTIVE, Network, PENDING, User};
use crate::{clock, ids};

/// How many users a network on a premium free trial may have; `remaining`
/// in `GetUsersCount` counts down to it.
pub(crate) const FREE_TRIAL_USER_LIMIT: usize = 30;
const DAY: i64 = 86_400;

/// The user `id` of `network`, or the not-found error.
pub(crate) fn user<'a>(network: &'a Network, id: &Option<String>) -> Result<&'a User, ApiError> {
    let id = id.as_deref().unwrap_or_default();
    network
        .users
        .get(id)
        .ok_or_else(|| ApiError::NotFound(format!("User {id} not found in network {}", network.network_id)))
}

fn user_mut<'a>(network: &'a mut Network, id: &Option<String>) -> Result<&'a mut User, ApiError> {
    let id = id.as_deref().unwrap_or_default();
    let network_id = &network.network_id;
    let message = format!("User {id} not found in network {network_id}");
    network.users.get_mut(id).ok_or(ApiError::NotFound(message))
}

/// Whether the user counts as active: accepted the invitation and not suspended.
pub(crate) fn is_active(user: &User) -> bool {
    user.status == ACTIVE && !user.suspended
}

/// The security groups a user is put in: the ones given, all of which
/// must exist, or the network's default group when none is given.
fn groups_for(network: &Network, given: &[String]) -> Result<Vec<String>, String> {
    if given.is_empty() {
        return Ok(network.default_group_id().map(str::to_owned).into_iter().collect());
    }
    match given.iter().find(|id| !network.security_groups.contains_key(id.as_str())) {
        Some(missing) => Err(format!("Security group {missing} not found in network {}", network.network_id)),
        None => {
            let mut groups = given.to_vec();
            groups.dedup();
            Ok(groups)
        }
    }
}

fn failed(user_id: impl Into<String>, field: &str, reason: impl Into<String>) -> BatchUserErrorResponseItem {
    BatchUserErrorResponseItem::builder()
        .user_id(user_id)
        .field(field)
        .reason(reason)
        .build()
        .expect("every member is set")
}

fn succeeded(user_id: &str) -> BatchUserSuccessResponseItem {
    BatchUserSuccessResponseItem::builder().user_id(user_id).build().expect("its one member is set")
}

pub(crate) fn batch_create(
    ctx: &mut Ctx<'_>,
    input: BatchCreateUserRequest,
) -> Result<BatchCreateUserResponse, ApiError> {
    let now = ctx.now;
    let network = network_mut(ctx.state, &input.network_id)?;
    let items = given(input.users);
    let asked = items.len();
    let (mut successful, mut failures) = (Vec::new(), Vec::new());
    for (index, item) in items.into_iter().enumerate() {
        match new_user(network, item, now) {
            Ok(user) => {
                successful.push(view(&user, now)?);
                network.users.insert(user.user_id.clone(), user);
            }
            // A user that was not created has no id: the item's position in `users` stands in for it.
            Err((field, reason)) => failures.push(failed(index.to_string(), field, reason)),
        }
    }
    Ok(BatchCreateUserResponse::builder()
        .message(summary(successful.len(), asked, "user", "created"))
        .successful(successful)
        .failed(failures)
        .build()?)
}

/// The user `item` asks for, or the member that is wrong and why.
fn new_user(network: &Network, item: BatchCreateUserRequestItem, now: i64) -> Result<User, (&'static str, String)> {
    let username = item.username.trim().to_owned();
    if username.is_empty() {
        return Err(("username", "The username must not be empty".to_owned()));
    }
    if network.username_taken(&username) {
        return Err(("username", format!("A user or bot named {username} already exists in the network")));
    }
    let security_group_ids =
        groups_for(network, &item.security_group_ids).map_err(|reason| ("securityGroupIds", reason))?;
    if network.free_trial_expiration.is_some() && network.users.len() >= FREE_TRIAL_USER_LIMIT {
        return Err((
            "username",
            format!("A network on a premium free trial has at most {FREE_TRIAL_USER_LIMIT} users"),
        ));
    }
    let ttl = item.invite_code_ttl.unwrap_or(7);
    if ttl < 1 {
        return Err(("inviteCodeTtl", "The invite code's time to live must be at least 1 day".to_owned()));
    }
    Ok(User {
        user_id: ids::unique(ids::account_id, |id| network.account_id_taken(id)),
        uname: ids::username_hash(&username),
        username,
        first_name: item.first_name,
        last_name: item.last_name,
        security_group_ids,
        status: PENDING,
        suspended: false,
        rejected: false,
        is_admin: false,
        otp_enabled: false,
        invite_code: Some(item.invite_code.unwrap_or_else(ids::invite_code)),
        invite_expiration: Some(now + i64::from(ttl) * DAY),
        invite_code_ttl: ttl,
        code_validation: item.code_validation.unwrap_or(false),
        last_login: None,
        last_activity: None,
        modified: now,
        cell: None,
        country_code: None,
        challenge_failures: 0,
        devices: BTreeMap::new(),
    })
}

pub(crate) fn update(ctx: &mut Ctx<'_>, input: UpdateUserRequest) -> Result<UpdateUserResponse, ApiError> {
    let now = ctx.now;
    let network = network_mut(ctx.state, &input.network_id)?;
    let current = user(network, &input.user_id)?;
    let user_id = current.user_id.clone();
    let mut changed = current.clone();
    if let Some(details) = input.user_details {
        if let Some(username) = details.username.map(|name| name.trim().to_owned()) {
            if username.is_empty() {
                return Err(ApiError::invalid("userDetails.username", "The username must not be empty"));
            }
            if !username.eq_ignore_ascii_case(&changed.username) && network.username_taken(&username) {
                return Err(ApiError::BadRequest(format!(
                    "A user or bot named {username} already exists in the network"
                )));
            }
            changed.uname = ids::username_hash(&username);
            changed.username = username;
        }
        if let Some(groups) = details.security_group_ids {
            changed.security_group_ids = groups_for(network, &groups).map_err(ApiError::NotFound)?;
        }
        if let Some(ttl) = details.invite_code_ttl {
            if ttl < 1 {
                return Err(ApiError::invalid("userDetails.inviteCodeTtl", "must be at least 1 day"));
            }
            changed.invite_code_ttl = ttl;
            changed.invite_expiration = Some(now + i64::from(ttl) * DAY);
        }
        if let Some(code) = details.invite_code {
            changed.invite_code = Some(code);
            changed.invite_expiration = Some(now + i64::from(changed.invite_code_ttl) * DAY);
        }
        changed.first_name = details.first_name.or(changed.first_name);
        changed.last_name = details.last_name.or(changed.last_name);
        changed.code_validation = details.code_validation.unwrap_or(changed.code_validation);
        changed.modified = now;
    }
    let output = UpdateUserResponse::builder()
        .user_id(&changed.user_id)
        .network_id(&network.network_id)
        .security_group_ids(changed.security_group_ids.clone())
        .set_first_name(changed.first_name.clone())
        .set_last_name(changed.last_name.clone())
        .suspended(changed.suspended)
        .modified(clock::as_i32(changed.modified))
        .status(changed.status)
        .set_invite_code(changed.invite_code.clone())
        .set_invite_expiration(changed.invite_expiration.map(clock::as_i32))
        .code_validation(changed.code_validation)
        .build()?;
    network.users.insert(user_id, changed);
    Ok(output)
}

pub(crate) fn batch_delete(
    ctx: &mut Ctx<'_>,
    input: BatchDeleteUserRequest,
) -> Result<BatchDeleteUserResponse, ApiError> {
    let network = network_mut(ctx.state, &input.network_id)?;
    let ids = given(input.user_ids);
    let (successful, failures) = for_each_user(network, &ids, |_, _| Ok(()), true);
    Ok(BatchDeleteUserResponse::builder()
        .message(summary(successful.len(), ids.len(), "user", "deleted"))
        .successful(successful)
        .failed(failures)
        .build()?)
}

pub(crate) fn batch_reinvite(
    ctx: &mut Ctx<'_>,
    input: BatchReinviteUserRequest,
) -> Result<BatchReinviteUserResponse, ApiError> {
    let now = ctx.now;
    let network = network_mut(ctx.state, &input.network_id)?;
    let ids = given(input.user_ids);
    let reinvite = |user: &mut User, _: &str| {
        if user.status != PENDING {
            return Err("The user has already accepted the invitation".to_owned());
        }
        user.invite_expiration = Some(now + i64::from(user.invite_code_ttl) * DAY);
        user.rejected = false;
        user.modified = now;
        Ok(())
    };
    let (successful, failures) = for_each_user(network, &ids, reinvite, false);
    Ok(BatchReinviteUserResponse::builder()
        .message(summary(successful.len(), ids.len(), "user", "reinvited"))
        .successful(successful)
        .failed(failures)
        .build()?)
}

pub(crate) fn batch_toggle_suspend(
    ctx: &mut Ctx<'_>,
    input: BatchToggleUserSuspendStatusRequest,
) -> Result<BatchToggleUserSuspendStatusResponse, ApiError> {
    let now = ctx.now;
    let suspend = given(input.suspend);
    let network = network_mut(ctx.state, &input.network_id)?;
    let ids = given(input.user_ids);
    let toggle = |user: &mut User, _: &str| {
        user.suspended = suspend;
        user.modified = now;
        Ok(())
    };
    let (successful, failures) = for_each_user(network, &ids, toggle, false);
    let done = if suspend { "suspended" } else { "unsuspended" };
    Ok(BatchToggleUserSuspendStatusResponse::builder()
        .message(summary(successful.len(), ids.len(), "user", done))
        .successful(successful)
        .failed(failures)
        .build()?)
}

/// Applies `change` to each user of `ids` (then removes it, if `remove`):
/// the users it succeeded for, and those it did not with why.
fn for_each_user(
    network: &mut Network,
    ids: &[String],
    mut change: impl FnMut(&mut User, &str) -> Result<(), String>,
    remove: bool,
) -> (Vec<BatchUserSuccessResponseItem>, Vec<BatchUserErrorResponseItem>) {
    let (mut successful, mut failures) = (Vec::new(), Vec::new());
    for id in ids {
        let Some(user) = network.users.get_mut(id) else {
            failures.push(failed(id, "userIds", format!("User {id} not found in network {}", network.network_id)));
            continue;
        };
        match change(user, id) {
            Ok(()) => {
                if remove {
                    network.users.remove(id);
                }
                successful.push(succeeded(id));
            }
            Err(reason) => failures.push(failed(id, "userIds", reason)),
        }
    }
    (successful, failures)
}

pub(crate) fn batch_reset_devices(
    ctx: &mut Ctx<'_>,
    input: BatchResetDevicesForUserRequest,
) -> Result<BatchResetDevicesForUserResponse, ApiError> {
    let network = network_mut(ctx.state, &input.network_id)?;
    let user = user_mut(network, &input.user_id)?;
    let app_ids = given(input.app_ids);
    let (mut successful, mut failures) = (Vec::new(), Vec::new());
    for app_id in &app_ids {
        match user.devices.get_mut(app_id) {
            Some(device) => {
                device.reset = true;
                successful.push(BatchDeviceSuccessResponseItem::builder().app_id(app_id).build()?);
            }
            None => failures.push(
                BatchDeviceErrorResponseItem::builder()
                    .app_id(app_id)
                    .field("appIds")
                    .reason(format!("User {} has no device {app_id}", user.user_id))
                    .build()?,
            ),
        }
    }
    Ok(BatchResetDevicesForUserResponse::builder()
        .message(summary(successful.len(), app_ids.len(), "device", "reset"))
        .successful(successful)
        .failed(failures)
        .build()?)
}

pub(crate) fn batch_lookup_uname(
    ctx: &mut Ctx<'_>,
    input: BatchLookupUserUnameRequest,
) -> Result<BatchLookupUserUnameResponse, ApiError> {
    let network = network(ctx.state, &input.network_id)?;
    let unames = given(input.unames);
    let (mut successful, mut failures) = (Vec::new(), Vec::new());
    for uname in &unames {
        let users = network.users.values().map(|user| (&user.uname, &user.username));
        let bots = network.bots.values().map(|bot| (&bot.uname, &bot.username));
        match users.chain(bots).find(|(hash, _)| *hash == uname) {
            Some((_, username)) => {
                successful.push(BatchUnameSuccessResponseItem::builder().uname(uname).username(username).build()?)
            }
            None => failures.push(
                BatchUnameErrorResponseItem::builder()
                    .uname(uname)
                    .field("unames")
                    .reason("No user or bot of the network has this uname")
                    .build()?,
            ),
        }
    }
    Ok(BatchLookupUserUnameResponse::builder()
        .message(summary(successful.len(), unames.len(), "uname", "resolved"))
        .successful(successful)
        .failed(failures)
        .build()?)
}

pub(crate) fn get(ctx: &mut Ctx<'_>, input: GetUserRequest) -> Result<GetUserResponse, ApiError> {
    let network = network(ctx.state, &input.network_id)?;
    let user = user(network, &input.user_id)?;
    // Only activity inside the window counts, when one is given.
    let (start, end) = (input.start_time.map(|t| t.secs()), input.end_time.map(|t| t.secs()));
    let last_activity =
        user.last_activity.filter(|at| start.is_none_or(|start| *at >= start) && end.is_none_or(|end| *at <= end));
    Ok(GetUserResponse::builder()
        .user_id(&user.user_id)
        .set_first_name(user.first_name.clone())
        .set_last_name(user.last_name.clone())
        .username(&user.username)
        .is_admin(user.is_admin)
        .suspended(user.suspended)
        .status(user.status)
        .set_last_activity(last_activity.map(clock::as_i32))
        .set_last_login(user.last_login.map(clock::as_i32))
        .security_group_ids(user.security_group_ids.clone())
        .build()?)
}

pub(crate) fn count(ctx: &mut Ctx<'_>, input: GetUsersCountRequest) -> Result<GetUsersCountResponse, ApiError> {
    let network = network(ctx.state, &input.network_id)?;
    let users = || network.users.values();
    let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    Ok(GetUsersCountResponse::builder()
        .pending(count(users().filter(|u| u.status == PENDING && !u.suspended && !u.rejected).count()))
        .active(count(users().filter(|u| is_active(u)).count()))
        .rejected(count(users().filter(|u| u.rejected).count()))
        .remaining(count(FREE_TRIAL_USER_LIMIT.saturating_sub(network.users.len())))
        .total(count(network.users.len()))
        .build()?)
}

pub(crate) fn list(ctx: &mut Ctx<'_>, input: ListUsersRequest) -> Result<ListUsersResponse, ApiError> {
    let sort = Sort::new(
        input.sort_fields.as_deref(),
        input.sort_direction.as_ref(),
        &["username", "firstName", "lastName", "status", "groupId"],
        "userId",
    )?;
    let now = ctx.now;
    let network = network(ctx.state, &input.network_id)?;
    let status = input.status.as_ref().map(|status| status.value());
    let (ids, next_token) = ctx.cursors.page(PageRequest::of("ListUsers", &input), || {
        let items = network
            .users
            .iter()
            .filter(|(_, user)| {
                matches(input.first_name.as_deref(), user.first_name.as_deref())
                    && matches(input.last_name.as_deref(), user.last_name.as_deref())
                    && matches(input.username.as_deref(), Some(&user.username))
                    && status.is_none_or(|status| user.status == status)
                    && input.group_id.as_ref().is_none_or(|group| user.security_group_ids.contains(group))
            })
            .map(|(id, user)| (id.clone(), user))
            .collect();
        Ok(sort.ids(items, sort_value))
    })?;
    let users = views(network, &ids, now)?;
    Ok(ListUsersResponse::builder().users(users).set_next_token(next_token).build()?)
}

pub(crate) fn list_in_group(
    ctx: &mut Ctx<'_>,
    input: ListSecurityGroupUsersRequest,
) -> Result<ListSecurityGroupUsersResponse, ApiError> {
    let sort = Sort::new(
        input.sort_fields.as_deref(),
        input.sort_direction.as_ref(),
        &["username", "firstName", "lastName"],
        "userId",
    )?;
    let now = ctx.now;
    let network = network(ctx.state, &input.network_id)?;
    let group = super::security_groups::group(network, &input.group_id)?;
    let (ids, next_token) = ctx.cursors.page(PageRequest::of("ListSecurityGroupUsers", &input), || {
        let items = network
            .users
            .iter()
            .filter(|(_, user)| user.security_group_ids.contains(&group.id))
            .map(|(id, user)| (id.clone(), user))
            .collect();
        Ok(sort.ids(items, sort_value))
    })?;
    let users = views(network, &ids, now)?;
    Ok(ListSecurityGroupUsersResponse::builder().users(users).set_next_token(next_token).build()?)
}

fn sort_value(user: &&User, field: &str) -> SortValue {
    match field {
        "username" => SortValue::text(Some(&user.username)),
        "firstName" => SortValue::text(user.first_name.as_deref()),
        "lastName" => SortValue::text(user.last_name.as_deref()),
        "status" => SortValue::Number(user.status.into()),
        // A user in several groups sorts by the first of them.
        "groupId" => SortValue::text(user.security_group_ids.iter().min().map(String::as_str)),
        _ => SortValue::id(&user.user_id),
    }
}

/// The users of `ids` that still exist, as the API describes them.
fn views(network: &Network, ids: &[String], now: i64) -> Result<Vec<types::User>, ApiError> {
    ids.iter().filter_map(|id| network.users.get(id)).map(|user| view(user, now)).collect()
}

/// A user as the API describes one.
fn view(user: &User, now: i64) -> Result<types::User, ApiError> {
    let pending = user.status == PENDING;
    Ok(types::User::builder()
        .user_id(&user.user_id)
        .set_first_name(user.first_name.clone())
        .set_last_name(user.last_name.clone())
        .username(&user.username)
        .security_groups(user.security_group_ids.clone())
        .is_admin(user.is_admin)
        .suspended(user.suspended)
        .status(user.status)
        .otp_enabled(user.otp_enabled)
        .r#type("user")
        .set_cell(user.cell.clone())
        .set_country_code(user.country_code.clone())
        .challenge_failures(user.challenge_failures)
        .is_invite_expired(pending && user.invite_expiration.is_some_and(|at| at < now))
        .is_user(true)
        .set_invite_code(if pending { user.invite_code.clone() } else { None })
        .code_validation(user.code_validation)
        .uname(&user.uname)
        .build()?)
}

pub(crate) fn list_devices(
    ctx: &mut Ctx<'_>,
    input: ListDevicesForUserRequest,
) -> Result<ListDevicesForUserResponse, ApiError> {
    let sort = Sort::new(
        input.sort_fields.as_deref(),
        input.sort_direction.as_ref(),
        &["lastlogin", "type", "suspend", "created"],
        "created",
    )?;
    let network = network(ctx.state, &input.network_id)?;
    let user = user(network, &input.user_id)?;
    let (ids, next_token) = ctx.cursors.page(PageRequest::of("ListDevicesForUser", &input), || {
        let items = user.devices.iter().map(|(id, device)| (id.clone(), device)).collect();
        Ok(sort.ids(items, |device, field| match field {
            "lastlogin" => SortValue::Number(device.last_login),
            "type" => SortValue::text(Some(&device.device_type)),
            "suspend" => SortValue::Number(user.suspended.into()),
            _ => SortValue::Number(device.created),
        }))
    })?;
    let devices = ids
        .iter()
        .filter_map(|id| user.devices.get(id))
        .map(|device| {
            BasicDeviceObject::builder()
                .app_id(&device.app_id)
                .created(clock::rfc3339(device.created))
                .last_login(clock::rfc3339(device.last_login))
                .status_text(if device.reset { "Reset" } else { "Active" })
                .suspend(user.suspended)
                .r#type(&device.device_type)
                .build()
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ListDevicesForUserResponse::builder().devices(devices).set_next_token(next_token).build()?)
}
