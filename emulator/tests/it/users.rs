//! Users: 250 of them paged 100 at a time, suspension and the counts,
//! updates, re-invitations, deletions, uname lookups and devices.

use std::collections::BTreeSet;

use sdk_runtime::paginate::TryStreamExt as _;
use wickr_admin_sdk::operation::Error;
use wickr_admin_sdk::types::{UpdateUserDetails, User, UserStatus};

use crate::{client, create_users, default_group, emulator, item, names, network, service_error, valid};

#[tokio::test]
async fn two_hundred_fifty_users_come_in_pages_of_100_each_seen_once() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Big").await;
    let group = default_group(&client, &net).await;
    let created = create_users(&client, &net, &group, &names("user", 250)).await;
    let created_ids: BTreeSet<String> = created.iter().map(|user| user.user_id.clone().unwrap()).collect();
    assert_eq!(created_ids.len(), 250, "every id is new");

    // Page by page, by hand.
    let (mut seen, mut sizes, mut token) = (Vec::new(), Vec::new(), None::<String>);
    loop {
        let mut request = client.list_users().network_id(&net).max_results(100);
        if let Some(token) = token.take() {
            request = request.next_token(token);
        }
        let page = valid(request.send().await.unwrap());
        let users = page.users.unwrap_or_default();
        sizes.push(users.len());
        seen.extend(users.into_iter().map(|user| user.user_id.unwrap()));
        token = page.next_token;
        if token.is_none() {
            break;
        }
    }
    assert_eq!(sizes, [100, 100, 50]);
    let unique: BTreeSet<String> = seen.iter().cloned().collect();
    assert_eq!(seen.len(), 250, "nobody twice");
    assert_eq!(unique, created_ids, "everybody once");

    // Through the generated paginator, with the default page size.
    let all: Vec<User> = client.list_users().network_id(&net).items().try_collect().await.unwrap();
    assert_eq!(all.iter().map(|user| user.user_id.clone().unwrap()).collect::<BTreeSet<_>>(), created_ids);
    assert_eq!(client.get_users_count().network_id(&net).send().await.unwrap().total, 250);
}

#[tokio::test]
async fn suspending_users_changes_the_counts_and_unsuspending_restores_them() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Counts").await;
    let group = default_group(&client, &net).await;
    let users = create_users(&client, &net, &group, &names("staff", 6)).await;
    let ids: Vec<String> = users.iter().map(|user| user.user_id.clone().unwrap()).collect();
    let counts = client.get_users_count().network_id(&net).send().await.unwrap();
    assert_eq!((counts.pending, counts.active, counts.total), (6, 0, 6), "invited users are pending");

    // Four accept their invitations (sign in on a device).
    for id in &ids[..4] {
        emulator.user_signs_in(&net, id, "Android").unwrap();
    }
    let counts = client.get_users_count().network_id(&net).send().await.unwrap();
    assert_eq!((counts.pending, counts.active, counts.total), (2, 4, 6));
    let group_view = client.get_security_group().network_id(&net).group_id(&group).send().await.unwrap();
    assert_eq!(group_view.security_group.active_members, 4);

    // Suspend two active users and one pending one.
    let suspended = [ids[0].clone(), ids[1].clone(), ids[5].clone()];
    let out = client
        .batch_toggle_user_suspend_status()
        .network_id(&net)
        .suspend(true)
        .user_ids(suspended.to_vec())
        .send()
        .await
        .unwrap();
    let out = valid(out);
    assert_eq!(out.successful.unwrap().len(), 3);
    let counts = client.get_users_count().network_id(&net).send().await.unwrap();
    assert_eq!((counts.pending, counts.active, counts.total), (1, 2, 6), "suspended users are neither");
    let group_view = client.get_security_group().network_id(&net).group_id(&group).send().await.unwrap();
    assert_eq!(group_view.security_group.active_members, 2);
    let user = client.get_user().network_id(&net).user_id(&ids[0]).send().await.unwrap();
    assert_eq!(user.suspended, Some(true));

    client
        .batch_toggle_user_suspend_status()
        .network_id(&net)
        .suspend(false)
        .user_ids(suspended.to_vec())
        .send()
        .await
        .unwrap();
    let counts = client.get_users_count().network_id(&net).send().await.unwrap();
    assert_eq!((counts.pending, counts.active, counts.total), (2, 4, 6));

    // One turns the invitation down.
    emulator.user_rejects_invitation(&net, &ids[4]).unwrap();
    let counts = client.get_users_count().network_id(&net).send().await.unwrap();
    assert_eq!((counts.pending, counts.rejected), (1, 1));
}

#[tokio::test]
async fn a_batch_reports_each_user_it_could_not_handle_and_does_the_rest() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Batch").await;
    let group = default_group(&client, &net).await;
    let out = client
        .batch_create_user()
        .network_id(&net)
        .users(vec![
            item("ann@example.com", &[&group]),
            item("ANN@example.com", &[&group]),
            item("bob@example.com", &["no-such-group"]),
            item("cid@example.com", &[]),
        ])
        .send()
        .await
        .unwrap();
    let out = valid(out);
    let made: Vec<String> = out.successful.iter().flatten().map(|user| user.username.clone().unwrap()).collect();
    assert_eq!(made, ["ann@example.com", "cid@example.com"]);
    let failed: Vec<(String, Option<String>)> =
        out.failed.unwrap().into_iter().map(|failure| (failure.user_id, failure.field)).collect();
    assert_eq!(
        failed,
        [("1".to_owned(), Some("username".to_owned())), ("2".to_owned(), Some("securityGroupIds".to_owned()))],
        "the item's position stands in for the id of a user never created"
    );
    let cid = out.successful.unwrap().into_iter().find(|u| u.username.as_deref() == Some("cid@example.com")).unwrap();
    assert_eq!(cid.security_groups, Some(vec![group.clone()]), "no group given: the default group");

    // Delete one that exists and one that does not.
    let cid_id = cid.user_id.unwrap();
    let out = client.batch_delete_user().network_id(&net).user_ids(vec![cid_id.clone(), "4242".into()]).send().await;
    let out = valid(out.unwrap());
    assert_eq!(out.successful.unwrap().iter().map(|s| s.user_id.clone()).collect::<Vec<_>>(), [cid_id.as_str()]);
    assert_eq!(out.failed.unwrap().iter().map(|f| f.user_id.clone()).collect::<Vec<_>>(), ["4242"]);
    let error = service_error(client.get_user().network_id(&net).user_id(&cid_id).send().await);
    assert!(matches!(error, Error::ResourceNotFoundError(_)), "{error:?}");
}

#[tokio::test]
async fn users_are_updated_reinvited_looked_up_by_uname_and_their_devices_reset() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Life").await;
    let group = default_group(&client, &net).await;
    let users = create_users(&client, &net, &group, &names("dev", 2)).await;
    let (ann, bob) = (users[0].clone(), users[1].clone());
    let ann_id = ann.user_id.clone().unwrap();

    let details = UpdateUserDetails::builder().first_name("Annie").invite_code_ttl(3).build().unwrap();
    let updated = client.update_user().network_id(&net).user_id(&ann_id).user_details(details).send().await.unwrap();
    let updated = valid(updated);
    assert_eq!(updated.first_name.as_deref(), Some("Annie"));
    assert_eq!(updated.last_name, ann.last_name, "what was not given stays");
    assert!(updated.invite_expiration.unwrap() > updated.modified.unwrap());
    let taken = UpdateUserDetails::builder().username(bob.username.clone().unwrap()).build().unwrap();
    let error = service_error(client.update_user().network_id(&net).user_id(&ann_id).user_details(taken).send().await);
    assert!(matches!(error, Error::BadRequestError(_)), "a taken username: {error:?}");

    // Ann accepts; re-inviting her then fails, re-inviting Bob works.
    let app = emulator.user_signs_in(&net, &ann_id, "iOS").unwrap();
    let second = emulator.user_signs_in(&net, &ann_id, "Windows").unwrap();
    let bob_id = bob.user_id.clone().unwrap();
    let out = client.batch_reinvite_user().network_id(&net).user_ids(vec![ann_id.clone(), bob_id.clone()]).send();
    let out = valid(out.await.unwrap());
    assert_eq!(out.successful.unwrap()[0].user_id, bob_id);
    assert_eq!(out.failed.unwrap()[0].user_id, ann_id);

    let active = client.list_users().network_id(&net).status(UserStatus::Active).send().await.unwrap();
    assert_eq!(active.users.unwrap().iter().map(|u| u.user_id.clone().unwrap()).collect::<Vec<_>>(), [ann_id.as_str()]);

    let found = client
        .batch_lookup_user_uname()
        .network_id(&net)
        .unames(vec![ann.uname.clone().unwrap(), "feedface".into()])
        .send()
        .await
        .unwrap();
    assert_eq!(found.successful.unwrap()[0].username, ann.username.clone().unwrap());
    assert_eq!(found.failed.unwrap()[0].uname, "feedface");

    let devices = client.list_devices_for_user().network_id(&net).user_id(&ann_id).send().await.unwrap().devices;
    assert_eq!(devices.len(), 2);
    assert!(devices.iter().all(|device| device.status_text.as_deref() == Some("Active")));
    let reset = client
        .batch_reset_devices_for_user()
        .network_id(&net)
        .user_id(&ann_id)
        .app_ids(vec![app.clone(), "nope".into()])
        .send()
        .await
        .unwrap();
    assert_eq!(reset.successful.unwrap()[0].app_id, app);
    assert_eq!(reset.failed.unwrap()[0].app_id, "nope");
    let devices = client.list_devices_for_user().network_id(&net).user_id(&ann_id).send().await.unwrap().devices;
    let status = |id: &str| devices.iter().find(|d| d.app_id.as_deref() == Some(id)).unwrap().status_text.clone();
    assert_eq!((status(&app).as_deref(), status(&second).as_deref()), (Some("Reset"), Some("Active")));

    let got = valid(client.get_user().network_id(&net).user_id(&ann_id).send().await.unwrap());
    assert_eq!(got.status, Some(2));
    assert!(got.last_login.is_some() && got.last_activity.is_some());
    // Activity outside the asked-for window is left out.
    let later = sdk_runtime::DateTime::from_secs(got.last_activity.unwrap() as i64 + 3600);
    let windowed = client.get_user().network_id(&net).user_id(&ann_id).start_time(later).send().await.unwrap();
    assert_eq!(windowed.last_activity, None);
}

#[tokio::test]
async fn users_are_filtered_and_sorted_as_documented() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Sorted").await;
    let group = default_group(&client, &net).await;
    let names = ["carol@example.com", "alice@example.com", "bob@example.com", "alfred@example.org"].map(str::to_owned);
    create_users(&client, &net, &group, &names).await;

    let usernames = |users: Option<Vec<User>>| -> Vec<String> {
        users.unwrap_or_default().into_iter().map(|user| user.username.unwrap()).collect()
    };
    let ascending = client
        .list_users()
        .network_id(&net)
        .sort_fields("username")
        .sort_direction(wickr_admin_sdk::types::SortDirection::Asc)
        .send()
        .await
        .unwrap();
    assert_eq!(
        usernames(ascending.users),
        ["alfred@example.org", "alice@example.com", "bob@example.com", "carol@example.com"]
    );
    // DESC is the documented default direction.
    let descending = client.list_users().network_id(&net).sort_fields("username").send().await.unwrap();
    assert_eq!(usernames(descending.users)[0], "carol@example.com");
    // Several fields joined by '+'.
    let two = client.list_users().network_id(&net).sort_fields("lastName+firstName").send().await.unwrap();
    assert_eq!(usernames(two.users).len(), 4);
    // Filters match part of the value, without case.
    let filtered = client.list_users().network_id(&net).username("AL").send().await.unwrap();
    let mut found = usernames(filtered.users);
    found.sort();
    assert_eq!(found, ["alfred@example.org", "alice@example.com"]);
    let in_group = client.list_users().network_id(&net).group_id(&group).send().await.unwrap();
    assert_eq!(usernames(in_group.users).len(), 4);
    let in_no_group = client.list_users().network_id(&net).group_id("elsewhere").send().await.unwrap();
    assert!(usernames(in_no_group.users).is_empty());
}
