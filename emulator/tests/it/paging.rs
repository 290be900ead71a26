//! Page tokens: opaque, tied to the listing they came from, refused when
//! foreign or stale; a listing that changes while paged shows each item at
//! most once.

use std::collections::BTreeSet;

use sdk_runtime::paginate::TryStreamExt as _;
use wickr_admin_sdk::operation::Error;
use wickr_admin_sdk::types::{Bot, SecurityGroup};

use crate::{client, create_users, default_group, emulator, names, network, reason_fields, service_error};

#[track_caller]
fn refused_token(error: Error) -> String {
    match error {
        Error::ValidationError(error) => {
            assert_eq!(reason_fields(&error), ["nextToken"]);
            error.reasons.unwrap()[0].reason.clone().unwrap()
        }
        other => panic!("expected a ValidationError on nextToken, got {other:?}"),
    }
}

#[tokio::test]
async fn a_token_is_refused_by_another_listing_and_by_another_emulator() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Tokens").await;
    let other = network(&client, "Other").await;
    let group = default_group(&client, &net).await;
    create_users(&client, &net, &group, &names("t", 5)).await;
    let first = client.list_users().network_id(&net).max_results(2).send().await.unwrap();
    let token = first.next_token.unwrap();
    assert!(token.len() >= 16 && !token.contains(&net), "opaque: {token}");

    // The same listing takes it, with any page size.
    let second = client.list_users().network_id(&net).max_results(3).next_token(&token).send().await.unwrap();
    assert_eq!(second.users.unwrap().len(), 3);
    // And gives the same page again for the same token (a retried call).
    let again = client.list_users().network_id(&net).max_results(3).next_token(&token).send().await.unwrap();
    assert_eq!(again.users.unwrap().len(), 3);

    let foreign = [
        service_error(client.list_users().network_id(&other).next_token(&token).send().await),
        service_error(client.list_users().network_id(&net).username("t0").next_token(&token).send().await),
        service_error(client.list_users().network_id(&net).sort_fields("username").next_token(&token).send().await),
        service_error(client.list_bots().network_id(&net).next_token(&token).send().await),
        service_error(
            client.list_security_group_users().network_id(&net).group_id(&group).next_token(&token).send().await,
        ),
    ];
    for error in foreign {
        let reason = refused_token(error);
        assert!(reason.contains("another listing"), "{reason}");
    }
    let reason = refused_token(service_error(client.list_users().network_id(&net).next_token("made-up").send().await));
    assert!(reason.contains("not issued by this emulator"), "{reason}");

    // An emulator (say, restarted) knows nothing of another's tokens.
    let restarted = crate::emulator().await;
    let restarted_client = crate::client(&restarted);
    let error = service_error(restarted_client.list_users().network_id(&net).next_token(&token).send().await);
    assert!(matches!(error, Error::ResourceNotFoundError(_)), "the network is unknown there first: {error:?}");
    let net2 = network(&restarted_client, "Tokens").await;
    let reason =
        refused_token(service_error(restarted_client.list_users().network_id(&net2).next_token(&token).send().await));
    assert!(reason.contains("expired"), "{reason}");
}

#[tokio::test]
async fn a_listing_changed_while_paged_shows_each_item_at_most_once() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Moving").await;
    let group = default_group(&client, &net).await;
    let users = create_users(&client, &net, &group, &names("m", 30)).await;
    let page = client.list_users().network_id(&net).max_results(10).sort_fields("username").send().await.unwrap();
    let mut seen: Vec<String> = page.users.unwrap().into_iter().map(|user| user.username.unwrap()).collect();
    // Meanwhile five users are deleted (m000-m004, on the last page when
    // sorted by username descending) and two are created.
    let doomed: Vec<String> = users[..5].iter().map(|user| user.user_id.clone().unwrap()).collect();
    client.batch_delete_user().network_id(&net).user_ids(doomed).send().await.unwrap();
    create_users(&client, &net, &group, &names("new", 2)).await;
    let mut token = page.next_token;
    while let Some(next) = token {
        let page = client.list_users().network_id(&net).max_results(10).sort_fields("username").next_token(next).send();
        let page = page.await.unwrap();
        seen.extend(page.users.unwrap().into_iter().map(|user| user.username.unwrap()));
        token = page.next_token;
    }
    let unique: BTreeSet<&String> = seen.iter().collect();
    assert_eq!(unique.len(), seen.len(), "nobody twice: {seen:?}");
    assert!(seen.iter().all(|name| name.starts_with('m')), "only the users of the listing: {seen:?}");
    let deleted: BTreeSet<String> = names("m", 5).into_iter().collect();
    let shown_after_deletion = seen[10..].iter().filter(|name| deleted.contains(*name)).count();
    assert_eq!(shown_after_deletion, 0, "deleted users are left out of later pages");
}

#[tokio::test]
async fn every_list_operation_pages() {
    let emulator = emulator().await;
    let client = client(&emulator);
    for name in ["A", "B", "C"] {
        network(&client, name).await;
    }
    let networks = client.list_networks().max_results(1).into_paginator().try_collect::<Vec<_>>().await.unwrap();
    assert_eq!(networks.len(), 3, "one network a page");
    let net = network(&client, "D").await;
    let group = default_group(&client, &net).await;
    for i in 0..3 {
        let settings = wickr_admin_sdk::types::SecurityGroupSettingsRequest::builder().build().unwrap();
        client
            .create_security_group()
            .network_id(&net)
            .name(format!("g{i}"))
            .security_group_settings(settings)
            .send()
            .await
            .unwrap();
        client
            .create_bot()
            .network_id(&net)
            .username(format!("b{i}bot"))
            .group_id(&group)
            .challenge("c")
            .send()
            .await
            .unwrap();
        emulator.guest_user_appears(&net, &format!("guest{i}@other.org"), Some("2026-05")).unwrap();
    }
    let groups: Vec<SecurityGroup> =
        client.list_security_groups().network_id(&net).max_results(2).items().try_collect().await.unwrap();
    assert_eq!(groups.len(), 4);
    let bots: Vec<Bot> = client.list_bots().network_id(&net).max_results(2).items().try_collect().await.unwrap();
    assert_eq!(bots.len(), 3);
    let guests: Vec<_> = client.list_guest_users().network_id(&net).max_results(2).items().try_collect().await.unwrap();
    assert_eq!(guests.len(), 3);
    for guest in &guests {
        client
            .update_guest_user()
            .network_id(&net)
            .username_hash(&guest.username_hash)
            .block(true)
            .send()
            .await
            .unwrap();
    }
    let blocked: Vec<_> =
        client.list_blocked_guest_users().network_id(&net).max_results(2).items().try_collect().await.unwrap();
    assert_eq!(blocked.len(), 3);
    let user = create_users(&client, &net, &group, &names("d", 1)).await.remove(0).user_id.unwrap();
    for device in ["iOS", "Android", "Windows"] {
        emulator.user_signs_in(&net, &user, device).unwrap();
    }
    let devices: Vec<_> = client
        .list_devices_for_user()
        .network_id(&net)
        .user_id(&user)
        .max_results(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(devices.len(), 3);
    let members: Vec<_> = client
        .list_security_group_users()
        .network_id(&net)
        .group_id(&group)
        .max_results(1)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(members.len(), 1);
}
