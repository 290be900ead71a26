//! Every one of the operations answers (none is left to the generated
//! trait's `501`), and every value the emulator returns passes the
//! generated validators: ids, codes and hashes fit the model's patterns.

use std::collections::BTreeSet;

use wickr_admin_sdk::types::{
    AccessLevel, DataRetentionActionType, NetworkSettings, SecurityGroupSettings, SecurityGroupSettingsRequest,
    UpdateUserDetails,
};
use wickr_emulator::OPERATIONS;

use crate::{client, default_group, emulator, item, valid};

#[tokio::test]
async fn all_44_operations_answer_with_values_the_model_allows() {
    let emulator = emulator().await;
    let c = client(&emulator);
    let mut called = BTreeSet::new();
    let mut call = |name: &'static str| assert!(called.insert(name), "{name} twice");

    call("CreateNetwork");
    let net = valid(c.create_network().network_name("All").access_level(AccessLevel::Premium).send().await.unwrap())
        .network_id
        .unwrap();
    call("GetNetwork");
    valid(c.get_network().network_id(&net).send().await.unwrap());
    call("ListNetworks");
    valid(c.list_networks().send().await.unwrap());
    call("UpdateNetwork");
    c.update_network().network_id(&net).network_name("All ops").send().await.unwrap();

    call("ListSecurityGroups");
    let default = default_group(&c, &net).await;
    call("CreateSecurityGroup");
    let settings = SecurityGroupSettingsRequest::builder().global_federation(true).build().unwrap();
    let group = valid(
        c.create_security_group().network_id(&net).name("G").security_group_settings(settings).send().await.unwrap(),
    )
    .security_group
    .id;
    call("GetSecurityGroup");
    valid(c.get_security_group().network_id(&net).group_id(&group).send().await.unwrap());
    call("UpdateSecurityGroup");
    let change = SecurityGroupSettings::builder().max_ttl(86_400).build().unwrap();
    valid(
        c.update_security_group()
            .network_id(&net)
            .group_id(&group)
            .security_group_settings(change)
            .send()
            .await
            .unwrap(),
    );

    call("BatchCreateUser");
    let created = valid(
        c.batch_create_user()
            .network_id(&net)
            .users(vec![
                item("a@example.com", &[&group]),
                item("b@example.com", &[&default]),
                item("a@example.com", &[]),
            ])
            .send()
            .await
            .unwrap(),
    );
    let users: Vec<String> = created.successful.unwrap().into_iter().map(|user| user.user_id.unwrap()).collect();
    for user in &users {
        assert!(user.bytes().all(|b| b.is_ascii_digit()) && user.len() <= 10, "{user}");
    }
    let app = emulator.user_signs_in(&net, &users[0], "iOS").unwrap();
    call("GetUser");
    valid(c.get_user().network_id(&net).user_id(&users[0]).send().await.unwrap());
    call("UpdateUser");
    let details = UpdateUserDetails::builder().security_group_ids(vec![default.clone()]).build().unwrap();
    valid(c.update_user().network_id(&net).user_id(&users[0]).user_details(details).send().await.unwrap());
    call("ListUsers");
    valid(c.list_users().network_id(&net).send().await.unwrap());
    call("ListSecurityGroupUsers");
    valid(c.list_security_group_users().network_id(&net).group_id(&default).send().await.unwrap());
    call("GetUsersCount");
    c.get_users_count().network_id(&net).send().await.unwrap();
    call("BatchReinviteUser");
    valid(c.batch_reinvite_user().network_id(&net).user_ids(users.clone()).send().await.unwrap());
    call("BatchToggleUserSuspendStatus");
    valid(
        c.batch_toggle_user_suspend_status()
            .network_id(&net)
            .suspend(true)
            .user_ids(users.clone())
            .send()
            .await
            .unwrap(),
    );
    call("ListDevicesForUser");
    c.list_devices_for_user().network_id(&net).user_id(&users[0]).send().await.unwrap();
    call("BatchResetDevicesForUser");
    c.batch_reset_devices_for_user().network_id(&net).user_id(&users[0]).app_ids(vec![app]).send().await.unwrap();
    call("BatchLookupUserUname");
    let lookup = c.batch_lookup_user_uname().network_id(&net).unames(vec!["x".into()]).send().await.unwrap();
    assert_eq!(lookup.failed.unwrap().len(), 1);

    call("CreateBot");
    let bot = valid(
        c.create_bot().network_id(&net).username("opsbot").group_id(&group).challenge("pw").send().await.unwrap(),
    )
    .bot_id;
    call("GetBot");
    valid(c.get_bot().network_id(&net).bot_id(&bot).send().await.unwrap());
    call("ListBots");
    valid(c.list_bots().network_id(&net).send().await.unwrap());
    call("UpdateBot");
    c.update_bot().network_id(&net).bot_id(&bot).challenge("new").send().await.unwrap();
    call("GetBotsCount");
    c.get_bots_count().network_id(&net).send().await.unwrap();
    call("DeleteBot");
    c.delete_bot().network_id(&net).bot_id(&bot).send().await.unwrap();

    call("CreateDataRetentionBot");
    c.create_data_retention_bot().network_id(&net).send().await.unwrap();
    call("CreateDataRetentionBotChallenge");
    c.create_data_retention_bot_challenge().network_id(&net).send().await.unwrap();
    call("UpdateDataRetention");
    c.update_data_retention().network_id(&net).action_type(DataRetentionActionType::Enable).send().await.unwrap();
    call("GetDataRetentionBot");
    c.get_data_retention_bot().network_id(&net).send().await.unwrap();
    call("DeleteDataRetentionBot");
    c.delete_data_retention_bot().network_id(&net).send().await.unwrap();

    call("GetNetworkSettings");
    c.get_network_settings().network_id(&net).send().await.unwrap();
    call("UpdateNetworkSettings");
    let change = NetworkSettings::builder().enable_trusted_data_format(true).build().unwrap();
    c.update_network_settings().network_id(&net).settings(change).send().await.unwrap();

    call("RegisterOidcConfigTest");
    c.register_oidc_config_test()
        .network_id(&net)
        .issuer("https://idp.example.com")
        .scopes("openid")
        .send()
        .await
        .unwrap();
    call("RegisterOidcConfig");
    valid(
        c.register_oidc_config()
            .network_id(&net)
            .company_id("acme")
            .issuer("https://idp.example.com")
            .scopes("openid")
            .send()
            .await
            .unwrap(),
    );
    call("GetOidcInfo");
    valid(c.get_oidc_info().network_id(&net).code("c").send().await.unwrap());
    call("RegisterOpentdfConfig");
    c.register_opentdf_config()
        .network_id(&net)
        .client_id("i")
        .client_secret("s")
        .domain("d.example.com")
        .provider("p")
        .send()
        .await
        .unwrap();
    call("GetOpentdfConfig");
    c.get_opentdf_config().network_id(&net).send().await.unwrap();

    let guest = emulator.guest_user_appears(&net, "g@partner.org", None).unwrap();
    call("ListGuestUsers");
    c.list_guest_users().network_id(&net).send().await.unwrap();
    call("GetGuestUserHistoryCount");
    c.get_guest_user_history_count().network_id(&net).send().await.unwrap();
    call("UpdateGuestUser");
    c.update_guest_user().network_id(&net).username_hash(&guest).block(true).send().await.unwrap();
    call("ListBlockedGuestUsers");
    c.list_blocked_guest_users().network_id(&net).send().await.unwrap();

    call("BatchDeleteUser");
    valid(c.batch_delete_user().network_id(&net).user_ids(users).send().await.unwrap());
    call("DeleteSecurityGroup");
    valid(c.delete_security_group().network_id(&net).group_id(&group).send().await.unwrap());
    call("DeleteNetwork");
    c.delete_network().network_id(&net).send().await.unwrap();

    let all: BTreeSet<&str> = OPERATIONS.iter().copied().collect();
    assert_eq!(all.len(), 44);
    assert_eq!(called, all, "every operation was called");
}

#[tokio::test]
async fn ids_and_codes_have_the_shapes_the_model_gives_them() {
    let emulator = emulator().await;
    let c = client(&emulator);
    for _ in 0..20 {
        let network = c.create_network().network_name("n").access_level(AccessLevel::Standard).send().await.unwrap();
        let id = network.network_id.unwrap();
        assert!(id.len() == 8 && id.bytes().all(|b| b.is_ascii_digit()), "{id}");
    }
    let net = crate::network(&c, "Codes").await;
    let group = default_group(&c, &net).await;
    assert!(!group.is_empty() && !group.contains(char::is_whitespace), "{group}");
    let users = crate::create_users(&c, &net, &group, &crate::names("code", 50)).await;
    let codes: BTreeSet<String> = users.iter().map(|user| user.invite_code.clone().unwrap()).collect();
    assert_eq!(codes.len(), 50, "every invite code differs");
    for user in &users {
        let uname = user.uname.as_deref().unwrap();
        assert!(uname.len() == 64 && uname.bytes().all(|b| b.is_ascii_hexdigit()), "{uname}");
        let code = user.invite_code.as_deref().unwrap();
        assert!(code.len() == 10 && code.bytes().all(|b| b.is_ascii_alphanumeric()), "{code}");
    }
}
