//! Security groups: membership through users' group lists, member counts,
//! settings (the 2026-06-04 `maxNonSsoSessionMinutes` included) and the
//! rules the reference states for them, deletion.

use std::collections::BTreeSet;

use sdk_runtime::paginate::TryStreamExt as _;
use wickr_admin_sdk::operation::Error;
use wickr_admin_sdk::types::{
    CallingSettings, SecurityGroupSettings, SecurityGroupSettingsRequest, ShredderSettings, UpdateUserDetails, User,
};

use crate::{client, create_users, default_group, emulator, names, network, reason_fields, service_error, valid};

async fn new_group(client: &wickr_admin_sdk::Client, net: &str, name: &str) -> String {
    let settings = SecurityGroupSettingsRequest::builder().lockout_threshold(5).federation_mode(1).build().unwrap();
    let out = client.create_security_group().network_id(net).name(name).security_group_settings(settings).send();
    let group = valid(out.await.unwrap()).security_group;
    assert!(!group.is_default);
    let settings = &group.security_group_settings;
    assert_eq!((settings.lockout_threshold, settings.federation_mode), (Some(5), Some(1)), "what was asked for");
    assert_eq!(settings.files_enabled, Some(true), "and the defaults for the rest");
    group.id
}

async fn members(client: &wickr_admin_sdk::Client, net: &str, group: &str) -> BTreeSet<String> {
    let users: Vec<User> = client
        .list_security_group_users()
        .network_id(net)
        .group_id(group)
        .max_results(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    users.into_iter().map(|user| user.username.unwrap()).collect()
}

#[tokio::test]
async fn membership_follows_the_users_groups_and_survives_a_group_deletion() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Groups").await;
    let default = default_group(&client, &net).await;
    let ops = new_group(&client, &net, "Ops").await;
    let users = create_users(&client, &net, &ops, &names("op", 3)).await;
    let everyone = create_users(&client, &net, &default, &names("all", 2)).await;
    assert_eq!(members(&client, &net, &ops).await, names("op", 3).into_iter().collect());
    assert_eq!(members(&client, &net, &default).await, names("all", 2).into_iter().collect());

    // Move one user into both groups.
    let moved = everyone[0].user_id.clone().unwrap();
    let both = UpdateUserDetails::builder().security_group_ids(vec![default.clone(), ops.clone()]).build().unwrap();
    client.update_user().network_id(&net).user_id(&moved).user_details(both).send().await.unwrap();
    assert_eq!(members(&client, &net, &ops).await.len(), 4);
    assert_eq!(members(&client, &net, &default).await.len(), 2);

    // Active members are counted; bots too.
    for user in &users {
        emulator.user_signs_in(&net, user.user_id.as_deref().unwrap(), "iOS").unwrap();
    }
    client.create_bot().network_id(&net).username("opsbot").group_id(&ops).challenge("pw").send().await.unwrap();
    let group = client.get_security_group().network_id(&net).group_id(&ops).send().await.unwrap().security_group;
    assert_eq!((group.active_members, group.bot_members), (3, 1));

    // Deleting the group leaves its members in their other groups, or in the default one.
    let deleted = client.delete_security_group().network_id(&net).group_id(&ops).send().await.unwrap();
    assert_eq!(valid(deleted).group_id.as_deref(), Some(ops.as_str()));
    assert_eq!(members(&client, &net, &default).await.len(), 5);
    let error = service_error(client.get_security_group().network_id(&net).group_id(&ops).send().await);
    assert!(matches!(error, Error::ResourceNotFoundError(_)), "{error:?}");
    let bots = client.list_bots().network_id(&net).send().await.unwrap().bots;
    assert_eq!(bots[0].group_id.as_deref(), Some(default.as_str()));

    // The default group stays.
    let error = service_error(client.delete_security_group().network_id(&net).group_id(&default).send().await);
    assert!(matches!(error, Error::BadRequestError(_)), "{error:?}");
}

#[tokio::test]
async fn group_settings_round_trip_with_max_non_sso_session_minutes() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Settings").await;
    let group = new_group(&client, &net, "Field").await;

    let change = SecurityGroupSettings::builder()
        .max_non_sso_session_minutes(720)
        .calling(CallingSettings::builder().can_video_call(false).build().unwrap())
        .quick_responses(vec!["On my way".to_owned()])
        .build()
        .unwrap();
    let out = client
        .update_security_group()
        .network_id(&net)
        .group_id(&group)
        .name("Field team")
        .security_group_settings(change)
        .send()
        .await
        .unwrap();
    let updated = valid(out).security_group;
    assert_eq!(updated.name, "Field team");
    let got = valid(client.get_security_group().network_id(&net).group_id(&group).send().await.unwrap()).security_group;
    assert_eq!(got, updated, "get shows what update answered");
    let settings = got.security_group_settings;
    assert_eq!(settings.max_non_sso_session_minutes, Some(720));
    assert_eq!(settings.quick_responses.as_deref(), Some(&["On my way".to_owned()][..]));
    let calling = settings.calling.unwrap();
    assert_eq!(
        (calling.can_video_call, calling.can_start11_call),
        (Some(false), Some(true)),
        "changed member by member"
    );
    assert_eq!(settings.lockout_threshold, Some(5), "untouched settings stay");

    let listed = client.list_security_groups().network_id(&net).send().await.unwrap().security_groups.unwrap();
    let listed = listed.into_iter().find(|g| g.id == group).unwrap();
    assert_eq!(listed.security_group_settings.max_non_sso_session_minutes, Some(720));

    // 0 turns the limit off.
    let off = SecurityGroupSettings::builder().max_non_sso_session_minutes(0).build().unwrap();
    let out = client.update_security_group().network_id(&net).group_id(&group).security_group_settings(off).send();
    assert_eq!(out.await.unwrap().security_group.security_group_settings.max_non_sso_session_minutes, Some(0));
}

#[tokio::test]
async fn settings_the_reference_rules_out_are_refused_with_each_field() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Rules").await;
    let group = default_group(&client, &net).await;
    let wrong = SecurityGroupSettings::builder()
        // The model allows 0-525600; the reference says 0 or 60-525600.
        .max_non_sso_session_minutes(30)
        .shredder(ShredderSettings::builder().intensity(50).build().unwrap())
        .max_auto_download_size(1000)
        .build()
        .unwrap();
    let error = service_error(
        client.update_security_group().network_id(&net).group_id(&group).security_group_settings(wrong).send().await,
    );
    let Error::ValidationError(error) = error else { panic!("{error:?}") };
    let mut fields = reason_fields(&error);
    fields.sort();
    assert_eq!(
        fields,
        [
            "securityGroupSettings.maxAutoDownloadSize",
            "securityGroupSettings.maxNonSsoSessionMinutes",
            "securityGroupSettings.shredder.intensity"
        ]
    );
    // Nothing changed.
    let got = client.get_security_group().network_id(&net).group_id(&group).send().await.unwrap();
    assert_eq!(got.security_group.security_group_settings.max_non_sso_session_minutes, Some(0));
}
