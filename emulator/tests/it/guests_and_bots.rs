//! Bots and their counts; guest users, their monthly history and the blocklist.

use wickr_admin_sdk::operation::Error;
use wickr_admin_sdk::types::BotStatus;

use crate::{client, default_group, emulator, network, service_error, valid};

#[tokio::test]
async fn bots_are_created_signed_in_suspended_counted_and_deleted() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Bots").await;
    let group = default_group(&client, &net).await;
    let created = client
        .create_bot()
        .network_id(&net)
        .username("alertsbot")
        .display_name("Alerts")
        .group_id(&group)
        .challenge("pw")
        .send()
        .await
        .unwrap();
    let bot_id = valid(created).bot_id;
    let error = service_error(
        client.create_bot().network_id(&net).username("AlertsBot").group_id(&group).challenge("x").send().await,
    );
    assert!(matches!(error, Error::BadRequestError(_)), "the username is taken: {error:?}");

    let bot = valid(client.get_bot().network_id(&net).bot_id(&bot_id).send().await.unwrap());
    assert_eq!((bot.status, bot.has_challenge, bot.pubkey), (Some(BotStatus::Pending), Some(true), None));
    let counts = client.get_bots_count().network_id(&net).send().await.unwrap();
    assert_eq!((counts.pending, counts.active, counts.total), (1, 0, 1));

    emulator.bot_signs_in(&net, &bot_id).unwrap();
    let bot = client.get_bot().network_id(&net).bot_id(&bot_id).send().await.unwrap();
    assert_eq!(bot.status, Some(BotStatus::Active));
    assert!(bot.pubkey.is_some() && bot.last_login.is_some());
    let uname = bot.uname.clone().unwrap();
    let looked_up = client.batch_lookup_user_uname().network_id(&net).unames(vec![uname]).send().await.unwrap();
    assert_eq!(looked_up.successful.unwrap()[0].username, "alertsbot");

    client.update_bot().network_id(&net).bot_id(&bot_id).suspend(true).display_name("Paused").send().await.unwrap();
    let counts = client.get_bots_count().network_id(&net).send().await.unwrap();
    assert_eq!((counts.active, counts.total), (0, 1), "a suspended bot is not active");
    let listed = client.list_bots().network_id(&net).display_name("paus").send().await.unwrap().bots;
    assert_eq!(listed.len(), 1);
    let active = client.list_bots().network_id(&net).status(BotStatus::Active).send().await.unwrap().bots;
    assert_eq!(active.len(), 1, "suspended, its status is still active");

    client.delete_bot().network_id(&net).bot_id(&bot_id).send().await.unwrap();
    let error = service_error(client.get_bot().network_id(&net).bot_id(&bot_id).send().await);
    assert!(matches!(error, Error::ResourceNotFoundError(_)), "{error:?}");
    assert_eq!(client.get_bots_count().network_id(&net).send().await.unwrap().total, 0);
}

#[tokio::test]
async fn guest_users_are_listed_counted_by_month_and_blocked() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Guests").await;
    let this_month = {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
        let text =
            sdk_runtime::DateTime::from_secs(now).format(sdk_runtime::encoding::TimestampFormat::DateTime).unwrap();
        text[..7].to_owned()
    };
    let ann = emulator.guest_user_appears(&net, "ann@partner.org", None).unwrap();
    emulator.guest_user_appears(&net, "bob@partner.org", None).unwrap();
    emulator.guest_user_appears(&net, "old@partner.org", Some("2001-01")).unwrap();
    let refused = emulator.guest_user_appears(&net, "new@partner.org", Some("May 2026"));
    assert!(matches!(&refused, Err(wickr_emulator::ControlError::Invalid(m)) if m.contains("YYYY-MM")), "{refused:?}");

    let guests = client.list_guest_users().network_id(&net).billing_period(&this_month).send().await.unwrap();
    let mut names: Vec<String> = guests.guestlist.into_iter().map(|guest| guest.username).collect();
    names.sort();
    assert_eq!(names, ["ann@partner.org", "bob@partner.org"]);
    let history = client.get_guest_user_history_count().network_id(&net).send().await.unwrap().history;
    assert_eq!(history.len(), 3, "three months, about 90 days");
    assert_eq!((history[0].month.as_str(), history[0].count.as_str()), (this_month.replace('-', "_").as_str(), "2"));

    client.update_guest_user().network_id(&net).username_hash(&ann).block(true).send().await.unwrap();
    let blocked = client.list_blocked_guest_users().network_id(&net).send().await.unwrap().blocklist;
    assert_eq!(blocked.len(), 1);
    assert_eq!(
        (blocked[0].username.as_str(), blocked[0].admin.as_str()),
        ("ann@partner.org", wickr_emulator::ADMIN_NAME)
    );
    client.update_guest_user().network_id(&net).username_hash(&ann).block(false).send().await.unwrap();
    assert!(client.list_blocked_guest_users().network_id(&net).send().await.unwrap().blocklist.is_empty());
}
