//! Guest users (from other networks, who appear by talking to this one:
//! seed files and the control endpoint add them), their monthly counts, and
//! the blocklist.

use wickr_admin_sdk::input::{
    GetGuestUserHistoryCountRequest, ListBlockedGuestUsersRequest, ListGuestUsersRequest, UpdateGuestUserRequest,
};
use wickr_admin_sdk::output::{
    GetGuestUserHistoryCountResponse, ListBlockedGuestUsersResponse, ListGuestUsersResponse, UpdateGuestUserResponse,
};
use wickr_admin_sdk::types::{BlockedGuestUser, GuestUser, GuestUserHistoryCount};

use super::{given, network, network_mut};
use crate::backend::Ctx;
use crate::clock;
use crate::error::ApiError;
use crate::paging::PageRequest;
use crate::sorting::{Sort, SortValue, matches};
use crate::state::Block;

/// A billing period as `YYYY_MM` (the history's form), whether it was
/// written with `-` or `_`.
fn period(text: &str) -> String {
    text.replace('-', "_")
}

pub(crate) fn list(ctx: &mut Ctx<'_>, input: ListGuestUsersRequest) -> Result<ListGuestUsersResponse, ApiError> {
    let sort = Sort::new(
        input.sort_fields.as_deref(),
        input.sort_direction.as_ref(),
        &["username", "billingPeriod"],
        "username",
    )?;
    let network = network(ctx.state, &input.network_id)?;
    let billing = input.billing_period.as_deref().map(period);
    let (ids, next_token) = ctx.cursors.page(PageRequest::of("ListGuestUsers", &input), || {
        let items = network
            .guest_users
            .iter()
            .filter(|(_, guest)| {
                matches(input.username.as_deref(), Some(&guest.username))
                    && matches(billing.as_deref(), Some(&period(&guest.billing_period)))
            })
            .map(|(hash, guest)| (hash.clone(), guest))
            .collect();
        Ok(sort.ids(items, |guest, field| match field {
            "billingPeriod" => SortValue::text(Some(&period(&guest.billing_period))),
            _ => SortValue::text(Some(&guest.username)),
        }))
    })?;
    let guests = ids
        .iter()
        .filter_map(|hash| network.guest_users.get(hash))
        .map(|guest| {
            GuestUser::builder()
                .billing_period(&guest.billing_period)
                .username(&guest.username)
                .username_hash(&guest.username_hash)
                .build()
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ListGuestUsersResponse::builder().guestlist(guests).set_next_token(next_token).build()?)
}

/// The guest users of each of the last three months (about 90 days), this
/// month first.
pub(crate) fn history(
    ctx: &mut Ctx<'_>,
    input: GetGuestUserHistoryCountRequest,
) -> Result<GetGuestUserHistoryCountResponse, ApiError> {
    let network = network(ctx.state, &input.network_id)?;
    let this_month = clock::month(ctx.now);
    let (year, month): (i32, i32) = (this_month[..4].parse().unwrap_or(1970), this_month[5..7].parse().unwrap_or(1));
    let history = (0..3)
        .map(|back| {
            let index = year * 12 + (month - 1) - back;
            let name = format!("{:04}_{:02}", index / 12, index % 12 + 1);
            let count = network.guest_users.values().filter(|guest| period(&guest.billing_period) == name).count();
            GuestUserHistoryCount::builder().month(name).count(count.to_string()).build()
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(GetGuestUserHistoryCountResponse::builder().history(history).build()?)
}

pub(crate) fn update(ctx: &mut Ctx<'_>, input: UpdateGuestUserRequest) -> Result<UpdateGuestUserResponse, ApiError> {
    let (now, admin) = (ctx.now, ctx.account.admin.clone());
    let network = network_mut(ctx.state, &input.network_id)?;
    let hash = given(input.username_hash);
    let network_id = network.network_id.clone();
    let guest = network
        .guest_users
        .get_mut(&hash)
        .ok_or_else(|| ApiError::NotFound(format!("Guest user {hash} not found in network {network_id}")))?;
    let message = if given(input.block) {
        guest.blocked.get_or_insert(Block { admin, modified: now });
        "Guest user blocked"
    } else {
        guest.blocked = None;
        "Guest user unblocked"
    };
    Ok(UpdateGuestUserResponse::builder().message(message).build()?)
}

pub(crate) fn list_blocked(
    ctx: &mut Ctx<'_>,
    input: ListBlockedGuestUsersRequest,
) -> Result<ListBlockedGuestUsersResponse, ApiError> {
    let sort = Sort::new(
        input.sort_fields.as_deref(),
        input.sort_direction.as_ref(),
        &["username", "admin", "modified"],
        "modified",
    )?;
    let network = network(ctx.state, &input.network_id)?;
    let (ids, next_token) = ctx.cursors.page(PageRequest::of("ListBlockedGuestUsers", &input), || {
        let items = network
            .guest_users
            .iter()
            .filter_map(|(hash, guest)| guest.blocked.as_ref().map(|block| (hash, guest, block)))
            .filter(|(_, guest, block)| {
                matches(input.username.as_deref(), Some(&guest.username))
                    && matches(input.admin.as_deref(), Some(&block.admin))
            })
            .map(|(hash, guest, block)| (hash.clone(), (guest, block)))
            .collect();
        Ok(sort.ids(items, |(guest, block), field| match field {
            "username" => SortValue::text(Some(&guest.username)),
            "admin" => SortValue::text(Some(&block.admin)),
            _ => SortValue::Number(block.modified),
        }))
    })?;
    let blocked = ids
        .iter()
        .filter_map(|hash| network.guest_users.get(hash))
        .filter_map(|guest| guest.blocked.as_ref().map(|block| (guest, block)))
        .map(|(guest, block)| {
            BlockedGuestUser::builder()
                .username(&guest.username)
                .admin(&block.admin)
                .modified(clock::rfc3339(block.modified))
                .username_hash(&guest.username_hash)
                .build()
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(ListBlockedGuestUsersResponse::builder().blocklist(blocked).set_next_token(next_token).build()?)
}
