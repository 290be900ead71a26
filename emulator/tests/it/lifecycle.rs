//! A network's life: created with its access level, found, renamed, filled
//! with users, bots and groups, deleted with everything in it.

use sdk_runtime::paginate::TryStreamExt as _;
use wickr_admin_sdk::operation::Error;
use wickr_admin_sdk::types::{AccessLevel, Network, SecurityGroupSettingsRequest};

use crate::{client, create_users, default_group, emulator, names, network, service_error, valid};

/// A new premium network on a free trial, named "Trial".
async fn trial_network(client: &wickr_admin_sdk::Client) -> String {
    let created = client
        .create_network()
        .network_name("Trial")
        .access_level(AccessLevel::Premium)
        .enable_premium_free_trial(true)
        .send()
        .await
        .unwrap();
    valid(created).network_id.unwrap()
}

#[tokio::test]
async fn a_network_is_created_found_renamed_and_deleted_with_everything_in_it() {
    let emulator = emulator().await;
    let client = client(&emulator);

    let created = client
        .create_network()
        .network_name("Acme Ops")
        .access_level(AccessLevel::Standard)
        .encryption_key_arn("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
        .send()
        .await
        .unwrap();
    let created = valid(created);
    let id = created.network_id.clone().unwrap();
    assert!(id.len() == 8 && id.bytes().all(|b| b.is_ascii_digit()), "{id}");
    assert_eq!(created.network_name.as_deref(), Some("Acme Ops"));

    let got = valid(client.get_network().network_id(&id).send().await.unwrap());
    assert_eq!((got.network_name.as_str(), &got.access_level), ("Acme Ops", &AccessLevel::Standard));
    assert_eq!(got.network_arn, format!("arn:aws:wickr:us-east-1:000000000000:network/{id}"));
    assert_eq!(got.free_trial_expiration, None, "no trial was asked for");

    // A second network, on a premium free trial.
    let trial_id = trial_network(&client).await;
    let trial = client.get_network().network_id(&trial_id).send().await.unwrap();
    assert!(trial.free_trial_expiration.is_some());

    let listed: Vec<Network> = client.list_networks().items().try_collect().await.unwrap();
    let mut ids: Vec<&str> = listed.iter().map(|network| network.network_id.as_str()).collect();
    ids.sort();
    let mut expected = vec![id.as_str(), trial_id.as_str()];
    expected.sort();
    assert_eq!(ids, expected);

    client.update_network().network_id(&id).network_name("Acme").send().await.unwrap();
    assert_eq!(client.get_network().network_id(&id).send().await.unwrap().network_name, "Acme");

    // Fill it: users, a bot, a group, a data retention bot.
    let group = default_group(&client, &id).await;
    create_users(&client, &id, &group, &names("member", 3)).await;
    client.create_bot().network_id(&id).username("alertbot").group_id(&group).challenge("pw").send().await.unwrap();
    let settings = SecurityGroupSettingsRequest::builder().build().unwrap();
    client.create_security_group().network_id(&id).name("Ops").security_group_settings(settings).send().await.unwrap();
    client.create_data_retention_bot().network_id(&id).send().await.unwrap();
    assert_eq!(client.get_users_count().network_id(&id).send().await.unwrap().total, 3);

    let deleted = client.delete_network().network_id(&id).send().await.unwrap();
    assert!(deleted.message.is_some());
    for error in [
        service_error(client.get_network().network_id(&id).send().await),
        service_error(client.get_users_count().network_id(&id).send().await),
        service_error(client.list_bots().network_id(&id).send().await),
        service_error(client.get_data_retention_bot().network_id(&id).send().await),
        service_error(client.delete_network().network_id(&id).send().await),
    ] {
        assert!(matches!(error, Error::ResourceNotFoundError(_)), "{error:?}");
    }
    let listed: Vec<Network> = client.list_networks().items().try_collect().await.unwrap();
    assert_eq!(listed.iter().map(|network| network.network_id.as_str()).collect::<Vec<_>>(), [trial_id.as_str()]);
    // The other network was not touched.
    assert_eq!(client.get_network().network_id(&trial_id).send().await.unwrap().network_name, "Trial");
    emulator.shutdown().await.unwrap();
}

#[tokio::test]
async fn a_new_network_has_one_default_group_and_the_documented_settings() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let id = network(&client, "Fresh").await;
    let groups = valid(client.list_security_groups().network_id(&id).send().await.unwrap());
    let groups = groups.security_groups.unwrap();
    assert_eq!(groups.len(), 1);
    assert!(groups[0].is_default && groups[0].active_members == 0 && groups[0].bot_members == 0);
    let settings = client.get_network_settings().network_id(&id).send().await.unwrap().settings;
    let names: Vec<&str> = settings.iter().map(|setting| setting.option_name.as_str()).collect();
    assert_eq!(
        names,
        ["enableClientMetrics", "readReceiptConfig", "dataRetention", "enableTrustedDataFormat", "consentPopup"]
    );
    let retention = settings.iter().find(|s| s.option_name == "dataRetention").unwrap();
    assert_eq!((retention.value.as_str(), retention.r#type.as_str()), ("false", "boolean"));
}

#[tokio::test]
async fn a_key_that_is_not_a_kms_key_arn_is_refused() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let error = service_error(
        client
            .create_network()
            .network_name("x")
            .access_level(AccessLevel::Premium)
            .encryption_key_arn("my-key")
            .send()
            .await,
    );
    let Error::ValidationError(error) = error else { panic!("{error:?}") };
    assert_eq!(crate::reason_fields(&error), ["encryptionKeyArn"]);
}

#[tokio::test]
async fn a_network_on_a_free_trial_holds_30_users_and_counts_down_to_them() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let id = trial_network(&client).await;
    let group = default_group(&client, &id).await;
    create_users(&client, &id, &group, &names("trial", 28)).await;
    assert_eq!(client.get_users_count().network_id(&id).send().await.unwrap().remaining, 2);
    let items = names("late", 3).iter().map(|name| crate::item(name, &[&group])).collect::<Vec<_>>();
    let out = client.batch_create_user().network_id(&id).users(items).send().await.unwrap();
    assert_eq!(out.successful.unwrap().len(), 2);
    let failed = out.failed.unwrap();
    assert_eq!((failed.len(), failed[0].user_id.as_str()), (1, "2"), "the third item is refused");
    let counts = client.get_users_count().network_id(&id).send().await.unwrap();
    assert_eq!((counts.total, counts.remaining), (30, 0));
}
