//! Bots: create, get, list, update (suspension included), delete, count.

use wickr_admin_sdk::input::{
    CreateBotRequest, DeleteBotRequest, GetBotRequest, GetBotsCountRequest, ListBotsRequest, UpdateBotRequest,
};
use wickr_admin_sdk::output::{
    CreateBotResponse, DeleteBotResponse, GetBotResponse, GetBotsCountResponse, ListBotsResponse, UpdateBotResponse,
};
use wickr_admin_sdk::types::{self, BotStatus};

use super::{convert, given, network, network_mut};
use crate::backend::Ctx;
use crate::error::ApiError;
use crate::paging::PageRequest;
use crate::sorting::{Sort, SortValue, matches};
use crate::state::{ACTIVE, Bot, Network, PENDING};
use crate::{clock, ids};

fn bot<'a>(network: &'a Network, id: &Option<String>) -> Result<&'a Bot, ApiError> {
    let id = id.as_deref().unwrap_or_default();
    network
        .bots
        .get(id)
        .ok_or_else(|| ApiError::NotFound(format!("Bot {id} not found in network {}", network.network_id)))
}

fn check_group(network: &Network, group_id: &str) -> Result<(), ApiError> {
    match network.security_groups.contains_key(group_id) {
        true => Ok(()),
        false => {
            Err(ApiError::NotFound(format!("Security group {group_id} not found in network {}", network.network_id)))
        }
    }
}

fn check_challenge(challenge: &Option<String>) -> Result<(), ApiError> {
    match challenge.as_deref() {
        Some("") => Err(ApiError::invalid("challenge", "The bot's password must not be empty")),
        _ => Ok(()),
    }
}

pub(crate) fn create(ctx: &mut Ctx<'_>, input: CreateBotRequest) -> Result<CreateBotResponse, ApiError> {
    let username = given(input.username).trim().to_owned();
    // The reference: a bot's username ends in "bot".
    if !username.to_lowercase().ends_with("bot") {
        return Err(ApiError::invalid("username", "A bot's username must end in 'bot'"));
    }
    check_challenge(&input.challenge)?;
    let network = network_mut(ctx.state, &input.network_id)?;
    let group_id = given(input.group_id);
    check_group(network, &group_id)?;
    if network.username_taken(&username) {
        return Err(ApiError::BadRequest(format!("A user or bot named {username} already exists in the network")));
    }
    let bot = Bot {
        bot_id: ids::unique(ids::account_id, |id| network.account_id_taken(id)),
        uname: ids::username_hash(&username),
        username,
        display_name: input.display_name,
        group_id,
        status: PENDING,
        suspended: false,
        has_challenge: true,
        pubkey: None,
        last_login: None,
    };
    let output = CreateBotResponse::builder()
        .message("Bot created successfully")
        .bot_id(&bot.bot_id)
        .network_id(&network.network_id)
        .username(&bot.username)
        .set_display_name(bot.display_name.clone())
        .group_id(&bot.group_id)
        .build()?;
    network.bots.insert(bot.bot_id.clone(), bot);
    Ok(output)
}

pub(crate) fn get(ctx: &mut Ctx<'_>, input: GetBotRequest) -> Result<GetBotResponse, ApiError> {
    let network = network(ctx.state, &input.network_id)?;
    convert(&view(bot(network, &input.bot_id)?)?)
}

pub(crate) fn list(ctx: &mut Ctx<'_>, input: ListBotsRequest) -> Result<ListBotsResponse, ApiError> {
    let sort = Sort::new(
        input.sort_fields.as_deref(),
        input.sort_direction.as_ref(),
        &["username", "firstName", "displayName", "status", "groupId"],
        "botId",
    )?;
    let network = network(ctx.state, &input.network_id)?;
    let status = input.status.as_ref().map(BotStatus::value);
    let (ids, next_token) = ctx.cursors.page(PageRequest::of("ListBots", &input), || {
        let items = network
            .bots
            .iter()
            .filter(|(_, bot)| {
                matches(input.display_name.as_deref(), bot.display_name.as_deref())
                    && matches(input.username.as_deref(), Some(&bot.username))
                    && status.is_none_or(|status| bot.status == status)
                    && input.group_id.as_ref().is_none_or(|group| bot.group_id == *group)
            })
            .map(|(id, bot)| (id.clone(), bot))
            .collect();
        Ok(sort.ids(items, |bot, field| match field {
            "username" => SortValue::text(Some(&bot.username)),
            // A bot has no first name: its display name stands in.
            "firstName" | "displayName" => SortValue::text(bot.display_name.as_deref()),
            "status" => SortValue::Number(bot.status.into()),
            "groupId" => SortValue::text(Some(&bot.group_id)),
            _ => SortValue::id(&bot.bot_id),
        }))
    })?;
    let bots = ids.iter().filter_map(|id| network.bots.get(id)).map(view).collect::<Result<Vec<_>, _>>()?;
    Ok(ListBotsResponse::builder().bots(bots).set_next_token(next_token).build()?)
}

pub(crate) fn update(ctx: &mut Ctx<'_>, input: UpdateBotRequest) -> Result<UpdateBotResponse, ApiError> {
    check_challenge(&input.challenge)?;
    let network = network_mut(ctx.state, &input.network_id)?;
    let mut changed = bot(network, &input.bot_id)?.clone();
    if let Some(group_id) = input.group_id {
        check_group(network, &group_id)?;
        changed.group_id = group_id;
    }
    if input.display_name.is_some() {
        changed.display_name = input.display_name;
    }
    if input.challenge.is_some() {
        changed.has_challenge = true;
    }
    if let Some(suspend) = input.suspend {
        changed.suspended = suspend;
    }
    network.bots.insert(changed.bot_id.clone(), changed);
    Ok(UpdateBotResponse::builder().message("Bot updated successfully").build()?)
}

pub(crate) fn delete(ctx: &mut Ctx<'_>, input: DeleteBotRequest) -> Result<DeleteBotResponse, ApiError> {
    let network = network_mut(ctx.state, &input.network_id)?;
    let id = bot(network, &input.bot_id)?.bot_id.clone();
    network.bots.remove(&id);
    Ok(DeleteBotResponse::builder().message(format!("Bot {id} deleted successfully")).build()?)
}

pub(crate) fn count(ctx: &mut Ctx<'_>, input: GetBotsCountRequest) -> Result<GetBotsCountResponse, ApiError> {
    let network = network(ctx.state, &input.network_id)?;
    let count = |status: i32| network.bots.values().filter(|bot| bot.status == status && !bot.suspended).count();
    let int = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
    Ok(GetBotsCountResponse::builder()
        .pending(int(count(PENDING)))
        .active(int(count(ACTIVE)))
        .total(int(network.bots.len()))
        .build()?)
}

/// A bot as the API describes one.
fn view(bot: &Bot) -> Result<types::Bot, ApiError> {
    Ok(types::Bot::builder()
        .bot_id(&bot.bot_id)
        .set_display_name(bot.display_name.clone())
        .username(&bot.username)
        .uname(&bot.uname)
        .set_pubkey(bot.pubkey.clone())
        .status(BotStatus::from(bot.status))
        .group_id(&bot.group_id)
        .has_challenge(bot.has_challenge)
        .suspended(bot.suspended)
        .set_last_login(bot.last_login.map(clock::rfc3339))
        .build()?)
}
