//! Network settings (the 2026-06-04 consent popup included), the data
//! retention bot, and the OIDC and OpenTDF configurations.

use wickr_admin_sdk::operation::Error;
use wickr_admin_sdk::types::{
    ConsentPopupConfig, DataRetentionActionType, NetworkSettings, ReadReceiptConfig, Setting, Status,
};

use crate::{client, emulator, network, service_error, valid};

/// The code verifier and its S256 challenge of RFC 7636's appendix B.
const RFC_7636_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC_7636_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

fn value<'a>(settings: &'a [Setting], name: &str) -> &'a str {
    settings.iter().find(|setting| setting.option_name == name).map(|setting| setting.value.as_str()).unwrap_or("")
}

#[tokio::test]
async fn network_settings_round_trip_with_the_consent_popup() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Consent").await;
    let popup = ConsentPopupConfig::builder()
        .enabled(true)
        .header("Terms of use")
        .content("By signing in you **agree**.")
        .build()
        .unwrap();
    let change = NetworkSettings::builder()
        .consent_popup(popup)
        .enable_client_metrics(true)
        .read_receipt_config(ReadReceiptConfig::builder().status(Status::ForceEnabled).build().unwrap())
        .build()
        .unwrap();
    let out = client.update_network_settings().network_id(&net).settings(change).send().await.unwrap();
    let names: Vec<&str> = out.settings.iter().map(|setting| setting.option_name.as_str()).collect();
    assert_eq!(names, ["enableClientMetrics", "readReceiptConfig", "consentPopup"], "only what changed");

    let all = client.get_network_settings().network_id(&net).send().await.unwrap().settings;
    assert_eq!(value(&all, "enableClientMetrics"), "true");
    let receipts: serde_json::Value = serde_json::from_str(value(&all, "readReceiptConfig")).unwrap();
    assert_eq!(receipts, serde_json::json!({"status": "FORCE_ENABLED"}));
    let popup: serde_json::Value = serde_json::from_str(value(&all, "consentPopup")).unwrap();
    assert_eq!(
        popup,
        serde_json::json!({
            "enabled": true,
            "header": "Terms of use",
            "content": "By signing in you **agree**.",
            // The reference's default label.
            "closeButtonLabel": "Acknowledge"
        })
    );
    let consent = all.iter().find(|s| s.option_name == "consentPopup").unwrap();
    assert_eq!(consent.r#type, "object");

    // A popup given again is replaced whole.
    let plain = ConsentPopupConfig::builder().enabled(false).close_button_label("OK").build().unwrap();
    let change = NetworkSettings::builder().consent_popup(plain).build().unwrap();
    client.update_network_settings().network_id(&net).settings(change).send().await.unwrap();
    let all = client.get_network_settings().network_id(&net).send().await.unwrap().settings;
    let popup: serde_json::Value = serde_json::from_str(value(&all, "consentPopup")).unwrap();
    assert_eq!(popup, serde_json::json!({"enabled": false, "closeButtonLabel": "OK"}));
    assert_eq!(value(&all, "enableClientMetrics"), "true", "other settings stay");
}

#[tokio::test]
async fn the_data_retention_bot_is_one_per_network_with_its_challenge_and_switch() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Retention").await;
    let none = client.get_data_retention_bot().network_id(&net).send().await.unwrap();
    assert_eq!((none.bot_exists, none.bot_name), (Some(false), None));
    let error = service_error(client.create_data_retention_bot_challenge().network_id(&net).send().await);
    assert!(matches!(error, Error::ResourceNotFoundError(_)), "{error:?}");

    client.create_data_retention_bot().network_id(&net).send().await.unwrap();
    let error = service_error(client.create_data_retention_bot().network_id(&net).send().await);
    assert!(matches!(error, Error::BadRequestError(_)), "a second bot is a conflict: {error:?}");

    let challenge = client.create_data_retention_bot_challenge().network_id(&net).send().await.unwrap().challenge;
    assert!(challenge.len() >= 16);
    client.update_data_retention().network_id(&net).action_type(DataRetentionActionType::Enable).send().await.unwrap();
    client
        .update_data_retention()
        .network_id(&net)
        .action_type(DataRetentionActionType::PubkeyMsgAck)
        .send()
        .await
        .unwrap();
    let bot = client.get_data_retention_bot().network_id(&net).send().await.unwrap();
    assert_eq!(
        (bot.bot_exists, bot.is_data_retention_bot_registered, bot.is_data_retention_service_enabled),
        (Some(true), Some(true), Some(true))
    );
    assert_eq!((bot.is_bot_active, bot.is_pubkey_msg_acked), (Some(true), Some(true)));
    let settings = client.get_network_settings().network_id(&net).send().await.unwrap().settings;
    assert_eq!(value(&settings, "dataRetention"), "true", "the switch is the network's setting");

    client.delete_data_retention_bot().network_id(&net).send().await.unwrap();
    let gone = client.get_data_retention_bot().network_id(&net).send().await.unwrap();
    assert_eq!((gone.bot_exists, gone.is_data_retention_service_enabled), (Some(false), Some(false)));
    let error = service_error(client.delete_data_retention_bot().network_id(&net).send().await);
    assert!(matches!(error, Error::ResourceNotFoundError(_)), "{error:?}");
}

#[tokio::test]
async fn oidc_and_opentdf_configurations_are_saved_and_read_back() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Sso").await;
    let error = service_error(client.get_oidc_info().network_id(&net).send().await);
    assert!(matches!(error, Error::ResourceNotFoundError(_)), "{error:?}");

    let tested = client
        .register_oidc_config_test()
        .network_id(&net)
        .issuer("https://login.example.com/")
        .scopes("openid groups")
        .send()
        .await
        .unwrap();
    assert_eq!(tested.issuer.as_deref(), Some("https://login.example.com"));
    assert!(tested.scopes_supported.unwrap().contains(&"groups".to_owned()));

    let saved = client
        .register_oidc_config()
        .network_id(&net)
        .company_id("acme")
        .issuer("https://login.example.com")
        .scopes("openid profile email")
        .user_id("client-123")
        .secret("s3cret")
        .send()
        .await
        .unwrap();
    let saved = valid(saved);
    assert_eq!((saved.company_id.as_str(), saved.client_id.as_deref()), ("acme", Some("client-123")));
    let info = valid(client.get_oidc_info().network_id(&net).send().await.unwrap());
    let config = info.openid_connect_info.unwrap();
    assert_eq!((config.issuer.as_str(), config.secret.as_deref()), ("https://login.example.com", Some("s3cret")));
    assert_eq!(info.token_info, None, "no code, no tokens");
    let exchanged =
        client.get_oidc_info().network_id(&net).code("abc").code_verifier(RFC_7636_VERIFIER).send().await.unwrap();
    let tokens = exchanged.token_info.unwrap();
    assert_eq!(tokens.token_type.as_deref(), Some("Bearer"));
    assert_eq!(tokens.code_challenge.as_deref(), Some(RFC_7636_CHALLENGE));
    let error = service_error(
        client.register_oidc_config().network_id(&net).company_id("x").issuer("login").scopes("openid").send().await,
    );
    assert!(matches!(error, Error::ValidationError(_)), "an issuer that is no URL: {error:?}");

    let error = service_error(client.get_opentdf_config().network_id(&net).send().await);
    assert!(matches!(error, Error::ResourceNotFoundError(_)), "{error:?}");
    let register = |dry_run: bool| {
        client
            .register_opentdf_config()
            .network_id(&net)
            .client_id("tdf-client")
            .client_secret("tdf-secret")
            .domain("tdf.example.com")
            .provider("virtru")
            .dry_run(dry_run)
            .send()
    };
    let dry = register(true).await.unwrap();
    assert_eq!(dry.domain, "tdf.example.com");
    let error = service_error(client.get_opentdf_config().network_id(&net).send().await);
    assert!(matches!(error, Error::ResourceNotFoundError(_)), "a dry run saves nothing: {error:?}");
    register(false).await.unwrap();
    let got = client.get_opentdf_config().network_id(&net).send().await.unwrap();
    assert_eq!((got.client_id.as_str(), got.client_secret.as_str()), ("tdf-client", "tdf-secret"));
}
