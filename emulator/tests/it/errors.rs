//! The model's errors: unknown ids are `ResourceNotFoundError`, what the
//! emulator finds wrong in an input is `ValidationError` with each field,
//! conflicts are `BadRequestError`; a request the model forbids never
//! reaches the emulator's state.

use wickr_admin_sdk::operation::{Error, ListNetworksError};
use wickr_admin_sdk::types::{AccessLevel, SecurityGroupSettingsRequest};

use crate::{client, default_group, emulator, network, reason_fields, service_error};

fn no_settings() -> SecurityGroupSettingsRequest {
    SecurityGroupSettingsRequest::builder().build().unwrap()
}

/// The message of a not-found error, or a panic naming what came instead.
#[track_caller]
fn not_found(error: Error) -> String {
    match error {
        Error::ResourceNotFoundError(error) => error.message.unwrap_or_default(),
        other => panic!("expected ResourceNotFoundError, got {other:?}"),
    }
}

#[tokio::test]
async fn unknown_ids_are_the_modelled_not_found_error_naming_them() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let missing_net = not_found(service_error(client.get_network().network_id("99999999").send().await));
    assert!(missing_net.contains("99999999"), "{missing_net}");

    let net = network(&client, "Errors").await;
    let messages = [
        not_found(service_error(client.get_user().network_id(&net).user_id("123").send().await)),
        not_found(service_error(client.get_bot().network_id(&net).bot_id("456").send().await)),
        not_found(service_error(client.get_security_group().network_id(&net).group_id("sg-x").send().await)),
        not_found(service_error(client.list_security_group_users().network_id(&net).group_id("sg-x").send().await)),
        not_found(service_error(client.list_devices_for_user().network_id(&net).user_id("123").send().await)),
        not_found(service_error(
            client.update_guest_user().network_id(&net).username_hash("h").block(true).send().await,
        )),
        not_found(service_error(client.delete_bot().network_id(&net).bot_id("456").send().await)),
        not_found(service_error(
            client
                .batch_reset_devices_for_user()
                .network_id(&net)
                .user_id("123")
                .app_ids(vec!["a".into()])
                .send()
                .await,
        )),
        not_found(service_error(client.update_network().network_id("99999999").network_name("x").send().await)),
    ];
    for (message, id) in messages.iter().zip(["123", "456", "sg-x", "sg-x", "123", "h", "456", "123", "99999999"]) {
        assert!(message.contains(id), "{message} names {id}");
    }
    let error = service_error(
        client.create_bot().network_id(&net).username("xbot").group_id("nope").challenge("c").send().await,
    );
    assert!(not_found(error).contains("nope"));
}

#[tokio::test]
async fn what_the_emulator_finds_wrong_is_a_validation_error_listing_each_field() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Invalid").await;
    let group = default_group(&client, &net).await;

    let error = service_error(client.list_users().network_id(&net).sort_fields("username+shoeSize").send().await);
    let Error::ValidationError(error) = error else { panic!("{error:?}") };
    assert_eq!(reason_fields(&error), ["sortFields"]);
    let reason = error.reasons.unwrap()[0].reason.clone().unwrap();
    assert!(reason.contains("shoeSize") && reason.contains("firstName"), "{reason}");

    let error = service_error(client.list_networks().sort_fields("created").send().await);
    assert!(matches!(error, ListNetworksError::ValidationError(_)), "{error:?}");

    let error = service_error(
        client.create_bot().network_id(&net).username("helper").group_id(&group).challenge("c").send().await,
    );
    let Error::ValidationError(error) = error else { panic!("{error:?}") };
    assert_eq!(reason_fields(&error), ["username"], "a bot's username ends in 'bot'");

    let error = service_error(
        client.create_security_group().network_id(&net).name("  ").security_group_settings(no_settings()).send().await,
    );
    let Error::ValidationError(error) = error else { panic!("{error:?}") };
    assert_eq!(reason_fields(&error), ["name"]);
}

#[tokio::test]
async fn a_request_the_model_forbids_is_refused_by_the_generated_server_before_the_emulator() {
    let emulator = emulator().await;
    // A client that sends what it would refuse.
    let config = emulator.config().validate_input(false).build();
    let unchecked = wickr_admin_sdk::Client::from_conf(config);
    let error = service_error(unchecked.get_network().network_id("12").send().await);
    let Error::ValidationError(error) = error else { panic!("{error:?}") };
    assert_eq!(reason_fields(&error), ["networkId", "networkId"], "its length and its pattern");
    let error = service_error(
        unchecked
            .create_network()
            .network_name("a name longer than twenty")
            .access_level(AccessLevel::Standard)
            .send()
            .await,
    );
    assert!(matches!(error, Error::ValidationError(_)), "{error:?}");
    assert_eq!(emulator.snapshot()["networks"], serde_json::json!([]), "nothing was created");
}
