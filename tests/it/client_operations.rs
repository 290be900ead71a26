//! Every operation of the generated client against a real HTTP server on
//! 127.0.0.1: for a representative input (every member set), the request
//! that arrives has the expected method, path, query, headers and JSON body,
//! is correctly signed, and a representative response reads into the output.
//!
//! The expected requests are written out by hand from the model's `http`
//! traits and member bindings: they are the specification the generator must
//! meet. The model is read only to check that the table covers every
//! operation and every input member, so a new operation or member fails here
//! until it is added.

use std::collections::BTreeSet;
use std::future::Future;
use std::pin::Pin;

use codegen::ir::{Binding, Segment};
use sdk_tests::support::{ACCESS_KEY, Received, Reply, SECRET_KEY, TestServer, client, verify_sigv4};
use serde_json::{Value, json};
use wickr_admin_sdk::types::{
    AccessLevel, BatchCreateUserRequestItem, BotStatus, DataRetentionActionType, NetworkSettings, ReadReceiptConfig,
    SecurityGroupSettings, SecurityGroupSettingsRequest, SortDirection, Status, UpdateUserDetails, UserStatus,
    WickrAwsNetworks,
};
use wickr_admin_sdk::{Client, DateTime};

const NET: &str = "12345678";
/// The idempotency token every case that has one sets explicitly (the
/// generated default is checked in client_behaviour.rs).
const TOKEN: &str = "client-token-0001";
const KMS: &str = "arn:aws:kms:us-east-1:111122223333:key/k-1";

/// Sends one representative input and asserts on the output it returns.
type Run = fn(Client) -> Pin<Box<dyn Future<Output = ()> + Send>>;

struct Case {
    /// The operation's name in the model.
    op: &'static str,
    method: &'static str,
    /// The path as sent (percent-encoded).
    path: &'static str,
    /// The query as decoded `(key, value)` pairs, in any order.
    query: &'static [(&'static str, &'static str)],
    /// Whether `X-Client-Token: TOKEN` is sent (operations with an idempotency token).
    token: bool,
    /// The JSON body, or `None` when no member is bound to the body (then no
    /// body and no `Content-Type` at all).
    body: Option<Value>,
    /// What the server answers with status 200.
    response: Value,
    run: Run,
}

fn security_group_json(id: &str, name: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "activeMembers": 3,
        "botMembers": 1,
        "isDefault": false,
        "modified": 1_700_000_000,
        "activeDirectoryGuid": "guid-1",
        "securityGroupSettings": {"lockoutThreshold": 5, "federationMode": 1, "permittedNetworks": ["87654321"]}
    })
}

fn network_json() -> Value {
    json!({
        "networkId": NET,
        "networkName": "Ops",
        "accessLevel": "PREMIUM",
        "awsAccountId": "111122223333",
        "networkArn": "arn:aws:wickr:us-east-1:111122223333:network/12345678",
        "standing": 1,
        "freeTrialExpiration": "2025-01-01",
        "migrationState": 0,
        "encryptionKeyArn": KMS
    })
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            op: "BatchCreateUser",
            method: "POST",
            path: "/networks/12345678/users",
            query: &[],
            token: true,
            body: Some(json!({"users": [{
                "username": "alice@example.com",
                "securityGroupIds": ["sg1"],
                "firstName": "Alice",
                "lastName": "Liddell",
                "inviteCode": "invite-1",
                "inviteCodeTtl": 7,
                "codeValidation": true
            }]})),
            response: json!({
                "message": "created",
                "successful": [{"userId": "1001", "username": "alice@example.com"}],
                "failed": [{"userId": "1002", "field": "username", "reason": "taken"}]
            }),
            run: |c| {
                Box::pin(async move {
                    let user = BatchCreateUserRequestItem::builder()
                        .username("alice@example.com")
                        .security_group_ids(vec!["sg1".to_owned()])
                        .first_name("Alice")
                        .last_name("Liddell")
                        .invite_code("invite-1")
                        .invite_code_ttl(7)
                        .code_validation(true)
                        .build()
                        .unwrap();
                    let out = c.batch_create_user().network_id(NET).users(vec![user]).client_token(TOKEN).send();
                    let out = out.await.unwrap();
                    assert_eq!(out.message.as_deref(), Some("created"));
                    let ok = out.successful.unwrap();
                    assert_eq!(ok[0].user_id.as_deref(), Some("1001"));
                    assert_eq!(ok[0].username.as_deref(), Some("alice@example.com"));
                    let failed = out.failed.unwrap();
                    assert_eq!((failed[0].user_id.as_str(), failed[0].reason.as_deref()), ("1002", Some("taken")));
                })
            },
        },
        Case {
            op: "BatchDeleteUser",
            method: "POST",
            path: "/networks/12345678/users/batch-delete",
            query: &[],
            token: true,
            body: Some(json!({"userIds": ["1001", "1002"]})),
            response: json!({
                "message": "deleted",
                "successful": [{"userId": "1001"}],
                "failed": [{"userId": "1002", "reason": "not found"}]
            }),
            run: |c| {
                Box::pin(async move {
                    let ids = vec!["1001".to_owned(), "1002".to_owned()];
                    let out = c.batch_delete_user().network_id(NET).user_ids(ids).client_token(TOKEN).send();
                    let out = out.await.unwrap();
                    assert_eq!(out.message.as_deref(), Some("deleted"));
                    assert_eq!(out.successful.unwrap()[0].user_id, "1001");
                    assert_eq!(out.failed.unwrap()[0].reason.as_deref(), Some("not found"));
                })
            },
        },
        Case {
            op: "BatchLookupUserUname",
            method: "POST",
            path: "/networks/12345678/users/uname-lookup",
            query: &[],
            token: true,
            body: Some(json!({"unames": ["h1", "h2"]})),
            response: json!({
                "message": "looked up",
                "successful": [{"uname": "h1", "username": "alice@example.com"}],
                "failed": [{"uname": "h2", "reason": "unknown"}]
            }),
            run: |c| {
                Box::pin(async move {
                    let unames = vec!["h1".to_owned(), "h2".to_owned()];
                    let out = c.batch_lookup_user_uname().network_id(NET).unames(unames).client_token(TOKEN).send();
                    let out = out.await.unwrap();
                    let ok = out.successful.unwrap();
                    assert_eq!((ok[0].uname.as_str(), ok[0].username.as_str()), ("h1", "alice@example.com"));
                    assert_eq!(out.failed.unwrap()[0].uname, "h2");
                })
            },
        },
        Case {
            op: "BatchReinviteUser",
            method: "PATCH",
            path: "/networks/12345678/users/re-invite",
            query: &[],
            token: true,
            body: Some(json!({"userIds": ["1001"]})),
            response: json!({"message": "reinvited", "successful": [{"userId": "1001"}], "failed": []}),
            run: |c| {
                Box::pin(async move {
                    let out = c.batch_reinvite_user().network_id(NET).user_ids(vec!["1001".to_owned()]);
                    let out = out.client_token(TOKEN).send().await.unwrap();
                    assert_eq!(out.message.as_deref(), Some("reinvited"));
                    assert_eq!(out.successful.unwrap()[0].user_id, "1001");
                    assert_eq!(out.failed, Some(vec![]));
                })
            },
        },
        Case {
            op: "BatchResetDevicesForUser",
            method: "PATCH",
            path: "/networks/12345678/users/1001/devices",
            query: &[],
            token: true,
            body: Some(json!({"appIds": ["app-1", "app-2"]})),
            response: json!({
                "message": "reset",
                "successful": [{"appId": "app-1"}],
                "failed": [{"appId": "app-2", "field": "appId", "reason": "gone"}]
            }),
            run: |c| {
                Box::pin(async move {
                    let apps = vec!["app-1".to_owned(), "app-2".to_owned()];
                    let out = c.batch_reset_devices_for_user().network_id(NET).user_id("1001").app_ids(apps);
                    let out = out.client_token(TOKEN).send().await.unwrap();
                    assert_eq!(out.successful.unwrap()[0].app_id, "app-1");
                    let failed = out.failed.unwrap();
                    assert_eq!((failed[0].app_id.as_str(), failed[0].reason.as_deref()), ("app-2", Some("gone")));
                })
            },
        },
        Case {
            op: "BatchToggleUserSuspendStatus",
            method: "PATCH",
            path: "/networks/12345678/users/toggleSuspend",
            query: &[("suspend", "true")],
            token: true,
            body: Some(json!({"userIds": ["1001"]})),
            response: json!({"message": "suspended", "successful": [{"userId": "1001"}]}),
            run: |c| {
                Box::pin(async move {
                    let out = c.batch_toggle_user_suspend_status().network_id(NET).suspend(true);
                    let out = out.user_ids(vec!["1001".to_owned()]).client_token(TOKEN).send().await.unwrap();
                    assert_eq!(out.message.as_deref(), Some("suspended"));
                    assert_eq!(out.successful.unwrap()[0].user_id, "1001");
                    assert_eq!(out.failed, None);
                })
            },
        },
        Case {
            op: "CreateBot",
            method: "POST",
            path: "/networks/12345678/bots",
            query: &[],
            token: false,
            body: Some(
                json!({"username": "helperbot", "displayName": "Helper", "groupId": "sg1", "challenge": "s3cret"}),
            ),
            response: json!({
                "message": "created",
                "botId": "2001",
                "networkId": NET,
                "username": "helperbot",
                "displayName": "Helper",
                "groupId": "sg1"
            }),
            run: |c| {
                Box::pin(async move {
                    let out = c.create_bot().network_id(NET).username("helperbot").display_name("Helper");
                    let out = out.group_id("sg1").challenge("s3cret").send().await.unwrap();
                    assert_eq!(out.bot_id, "2001");
                    assert_eq!(out.network_id.as_deref(), Some(NET));
                    assert_eq!(out.display_name.as_deref(), Some("Helper"));
                })
            },
        },
        Case {
            op: "CreateDataRetentionBot",
            method: "POST",
            path: "/networks/12345678/data-retention-bots",
            query: &[],
            token: false,
            body: None,
            response: json!({"message": "bot created"}),
            run: |c| {
                Box::pin(async move {
                    let out = c.create_data_retention_bot().network_id(NET).send().await.unwrap();
                    assert_eq!(out.message.as_deref(), Some("bot created"));
                })
            },
        },
        Case {
            op: "CreateDataRetentionBotChallenge",
            method: "POST",
            path: "/networks/12345678/data-retention-bots/challenge",
            query: &[],
            token: false,
            body: None,
            response: json!({"challenge": "pw-123"}),
            run: |c| {
                Box::pin(async move {
                    let out = c.create_data_retention_bot_challenge().network_id(NET).send().await.unwrap();
                    assert_eq!(out.challenge, "pw-123");
                })
            },
        },
        Case {
            op: "CreateNetwork",
            method: "POST",
            path: "/networks",
            query: &[],
            token: false,
            body: Some(json!({
                "networkName": "Ops",
                "accessLevel": "PREMIUM",
                "enablePremiumFreeTrial": true,
                "encryptionKeyArn": KMS
            })),
            response: json!({"networkId": NET, "networkName": "Ops", "encryptionKeyArn": KMS}),
            run: |c| {
                Box::pin(async move {
                    let out = c.create_network().network_name("Ops").access_level(AccessLevel::Premium);
                    let out = out.enable_premium_free_trial(true).encryption_key_arn(KMS).send().await.unwrap();
                    assert_eq!(out.network_id.as_deref(), Some(NET));
                    assert_eq!(out.encryption_key_arn.as_deref(), Some(KMS));
                })
            },
        },
        Case {
            op: "CreateSecurityGroup",
            method: "POST",
            path: "/networks/12345678/security-groups",
            query: &[],
            token: true,
            body: Some(json!({
                "name": "Admins",
                "securityGroupSettings": {
                    "lockoutThreshold": 5,
                    "federationMode": 1,
                    "globalFederation": true,
                    "permittedNetworks": ["87654321"],
                    "permittedWickrAwsNetworks": [{"networkId": "87654321", "region": "us-west-2"}]
                }
            })),
            response: json!({"securityGroup": security_group_json("sg1", "Admins")}),
            run: |c| {
                Box::pin(async move {
                    let settings = SecurityGroupSettingsRequest::builder()
                        .lockout_threshold(5)
                        .federation_mode(1)
                        .global_federation(true)
                        .permitted_networks(vec!["87654321".to_owned()])
                        .permitted_wickr_aws_networks(vec![
                            WickrAwsNetworks::builder().network_id("87654321").region("us-west-2").build().unwrap(),
                        ])
                        .build()
                        .unwrap();
                    let out = c.create_security_group().network_id(NET).name("Admins");
                    let out = out.security_group_settings(settings).client_token(TOKEN).send().await.unwrap();
                    let group = out.security_group;
                    assert_eq!((group.id.as_str(), group.name.as_str(), group.active_members), ("sg1", "Admins", 3));
                    assert_eq!(group.security_group_settings.lockout_threshold, Some(5));
                })
            },
        },
        Case {
            op: "DeleteBot",
            method: "DELETE",
            path: "/networks/12345678/bots/2001",
            query: &[],
            token: false,
            body: None,
            response: json!({"message": "bot deleted"}),
            run: |c| {
                Box::pin(async move {
                    let out = c.delete_bot().network_id(NET).bot_id("2001").send().await.unwrap();
                    assert_eq!(out.message.as_deref(), Some("bot deleted"));
                })
            },
        },
        Case {
            op: "DeleteDataRetentionBot",
            method: "DELETE",
            path: "/networks/12345678/data-retention-bots",
            query: &[],
            token: false,
            body: None,
            response: json!({"message": "retention bot deleted"}),
            run: |c| {
                Box::pin(async move {
                    let out = c.delete_data_retention_bot().network_id(NET).send().await.unwrap();
                    assert_eq!(out.message.as_deref(), Some("retention bot deleted"));
                })
            },
        },
        Case {
            op: "DeleteNetwork",
            method: "DELETE",
            path: "/networks/12345678",
            query: &[],
            token: true,
            body: None,
            response: json!({"message": "network deleted"}),
            run: |c| {
                Box::pin(async move {
                    let out = c.delete_network().network_id(NET).client_token(TOKEN).send().await.unwrap();
                    assert_eq!(out.message.as_deref(), Some("network deleted"));
                })
            },
        },
        Case {
            op: "DeleteSecurityGroup",
            method: "DELETE",
            path: "/networks/12345678/security-groups/sg1",
            query: &[],
            token: false,
            body: None,
            response: json!({"message": "group deleted", "networkId": NET, "groupId": "sg1"}),
            run: |c| {
                Box::pin(async move {
                    let out = c.delete_security_group().network_id(NET).group_id("sg1").send().await.unwrap();
                    assert_eq!(out.group_id.as_deref(), Some("sg1"));
                    assert_eq!(out.network_id.as_deref(), Some(NET));
                })
            },
        },
        Case {
            op: "GetBot",
            method: "GET",
            path: "/networks/12345678/bots/2001",
            query: &[],
            token: false,
            body: None,
            response: json!({
                "botId": "2001",
                "displayName": "Helper",
                "username": "helperbot",
                "uname": "bot-hash",
                "pubkey": "pk-1",
                "status": 2,
                "groupId": "sg1",
                "hasChallenge": true,
                "suspended": false,
                "lastLogin": "2024-05-01T00:00:00Z"
            }),
            run: |c| {
                Box::pin(async move {
                    let out = c.get_bot().network_id(NET).bot_id("2001").send().await.unwrap();
                    assert_eq!(out.bot_id.as_deref(), Some("2001"));
                    assert_eq!(out.status, Some(BotStatus::Active));
                    assert_eq!((out.has_challenge, out.suspended), (Some(true), Some(false)));
                })
            },
        },
        Case {
            op: "GetBotsCount",
            method: "GET",
            path: "/networks/12345678/bots/count",
            query: &[],
            token: false,
            body: None,
            response: json!({"pending": 1, "active": 2, "total": 3}),
            run: |c| {
                Box::pin(async move {
                    let out = c.get_bots_count().network_id(NET).send().await.unwrap();
                    assert_eq!((out.pending, out.active, out.total), (1, 2, 3));
                })
            },
        },
        Case {
            op: "GetDataRetentionBot",
            method: "GET",
            path: "/networks/12345678/data-retention-bots",
            query: &[],
            token: false,
            body: None,
            response: json!({
                "botName": "retention",
                "botExists": true,
                "isBotActive": false,
                "isDataRetentionBotRegistered": true,
                "isDataRetentionServiceEnabled": true,
                "isPubkeyMsgAcked": false
            }),
            run: |c| {
                Box::pin(async move {
                    let out = c.get_data_retention_bot().network_id(NET).send().await.unwrap();
                    assert_eq!(out.bot_name.as_deref(), Some("retention"));
                    assert_eq!((out.bot_exists, out.is_bot_active), (Some(true), Some(false)));
                })
            },
        },
        Case {
            op: "GetGuestUserHistoryCount",
            method: "GET",
            path: "/networks/12345678/guest-users/count",
            query: &[],
            token: false,
            body: None,
            response: json!({"history": [{"month": "2024-01", "count": "5"}, {"month": "2024-02", "count": "7"}]}),
            run: |c| {
                Box::pin(async move {
                    let out = c.get_guest_user_history_count().network_id(NET).send().await.unwrap();
                    assert_eq!(out.history.len(), 2);
                    assert_eq!((out.history[1].month.as_str(), out.history[1].count.as_str()), ("2024-02", "7"));
                })
            },
        },
        Case {
            op: "GetNetwork",
            method: "GET",
            path: "/networks/12345678",
            query: &[],
            token: false,
            body: None,
            response: network_json(),
            run: |c| {
                Box::pin(async move {
                    let out = c.get_network().network_id(NET).send().await.unwrap();
                    assert_eq!((out.network_id.as_str(), out.network_name.as_str()), (NET, "Ops"));
                    assert_eq!(out.access_level, AccessLevel::Premium);
                    assert_eq!(out.standing, Some(1));
                })
            },
        },
        Case {
            op: "GetNetworkSettings",
            method: "GET",
            path: "/networks/12345678/settings",
            query: &[],
            token: false,
            body: None,
            response: json!({"settings": [{"optionName": "dataRetention", "type": "boolean", "value": "true"}]}),
            run: |c| {
                Box::pin(async move {
                    let out = c.get_network_settings().network_id(NET).send().await.unwrap();
                    let setting = &out.settings[0];
                    assert_eq!(
                        (setting.option_name.as_str(), setting.r#type.as_str(), setting.value.as_str()),
                        ("dataRetention", "boolean", "true")
                    );
                })
            },
        },
        Case {
            op: "GetOidcInfo",
            method: "GET",
            path: "/networks/12345678/oidc",
            query: &[
                ("clientId", "client-1"),
                ("code", "auth code/1"),
                ("grantType", "authorization_code"),
                ("redirectUri", "https://app.example.com/cb?x=1&y=2"),
                ("url", "https://idp.example.com"),
                ("clientSecret", "s3cret+="),
                ("codeVerifier", "verifier-1"),
                ("certificate", "-----BEGIN CERT-----"),
            ],
            token: false,
            body: None,
            response: json!({
                "openidConnectInfo": {"companyId": "acme", "issuer": "https://idp.example.com", "scopes": "openid"},
                "tokenInfo": {"accessToken": "at-1", "expiresIn": 3600, "tokenType": "Bearer"}
            }),
            run: |c| {
                Box::pin(async move {
                    let out = c
                        .get_oidc_info()
                        .network_id(NET)
                        .client_id("client-1")
                        .code("auth code/1")
                        .grant_type("authorization_code")
                        .redirect_uri("https://app.example.com/cb?x=1&y=2")
                        .url("https://idp.example.com")
                        .client_secret("s3cret+=")
                        .code_verifier("verifier-1")
                        .certificate("-----BEGIN CERT-----")
                        .send()
                        .await
                        .unwrap();
                    let info = out.openid_connect_info.unwrap();
                    assert_eq!((info.company_id.as_str(), info.scopes.as_str()), ("acme", "openid"));
                    let token = out.token_info.unwrap();
                    assert_eq!((token.access_token.as_deref(), token.expires_in), (Some("at-1"), Some(3600)));
                })
            },
        },
        Case {
            op: "GetOpentdfConfig",
            method: "GET",
            path: "/networks/12345678/tdf",
            query: &[],
            token: false,
            body: None,
            response: json!({"clientId": "tdf-client", "domain": "tdf.example.com", "clientSecret": "x", "provider": "virtru"}),
            run: |c| {
                Box::pin(async move {
                    let out = c.get_opentdf_config().network_id(NET).send().await.unwrap();
                    assert_eq!((out.client_id.as_str(), out.domain.as_str()), ("tdf-client", "tdf.example.com"));
                    assert_eq!(out.provider, "virtru");
                })
            },
        },
        Case {
            op: "GetSecurityGroup",
            method: "GET",
            path: "/networks/12345678/security-groups/sg1",
            query: &[],
            token: false,
            body: None,
            response: json!({"securityGroup": security_group_json("sg1", "Admins")}),
            run: |c| {
                Box::pin(async move {
                    let out = c.get_security_group().network_id(NET).group_id("sg1").send().await.unwrap();
                    let group = out.security_group;
                    assert_eq!((group.id.as_str(), group.bot_members, group.is_default), ("sg1", 1, false));
                    let settings = group.security_group_settings;
                    assert_eq!(settings.permitted_networks, Some(vec!["87654321".to_owned()]));
                })
            },
        },
        Case {
            op: "GetUser",
            method: "GET",
            path: "/networks/12345678/users/1001",
            // `@timestampFormat("epoch-seconds")` on both members.
            query: &[("startTime", "1700000000"), ("endTime", "1700003600")],
            token: false,
            body: None,
            response: json!({
                "userId": "1001",
                "firstName": "Alice",
                "lastName": "Liddell",
                "username": "alice@example.com",
                "isAdmin": true,
                "suspended": false,
                "status": 2,
                "lastActivity": 1_700_000_100,
                "lastLogin": 1_700_000_000,
                "securityGroupIds": ["sg1", "sg2"]
            }),
            run: |c| {
                Box::pin(async move {
                    let out = c
                        .get_user()
                        .network_id(NET)
                        .user_id("1001")
                        .start_time(DateTime::from_secs(1_700_000_000))
                        .end_time(DateTime::from_secs(1_700_003_600))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(out.user_id, "1001");
                    assert_eq!(out.first_name.as_deref(), Some("Alice"));
                    assert_eq!(
                        (out.is_admin, out.status, out.last_activity),
                        (Some(true), Some(2), Some(1_700_000_100))
                    );
                    assert_eq!(out.security_group_ids, Some(vec!["sg1".to_owned(), "sg2".to_owned()]));
                })
            },
        },
        Case {
            op: "GetUsersCount",
            method: "GET",
            path: "/networks/12345678/users/count",
            query: &[],
            token: false,
            body: None,
            response: json!({"pending": 1, "active": 2, "rejected": 0, "remaining": 97, "total": 3}),
            run: |c| {
                Box::pin(async move {
                    let out = c.get_users_count().network_id(NET).send().await.unwrap();
                    assert_eq!((out.pending, out.active, out.rejected, out.remaining, out.total), (1, 2, 0, 97, 3));
                })
            },
        },
        Case {
            op: "ListBlockedGuestUsers",
            method: "GET",
            path: "/networks/12345678/guest-users/blocklist",
            query: &[
                ("maxResults", "10"),
                ("sortDirection", "ASC"),
                ("sortFields", "username"),
                ("username", "guest@example.com"),
                ("admin", "admin-1"),
                ("nextToken", "page-2"),
            ],
            token: false,
            body: None,
            response: json!({
                "blocklist": [{"username": "guest@example.com", "admin": "admin-1", "modified": "2024-05-01", "usernameHash": "gh1"}],
                "nextToken": "page-3"
            }),
            run: |c| {
                Box::pin(async move {
                    let out = c
                        .list_blocked_guest_users()
                        .network_id(NET)
                        .max_results(10)
                        .sort_direction(SortDirection::Asc)
                        .sort_fields("username")
                        .username("guest@example.com")
                        .admin("admin-1")
                        .next_token("page-2")
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(out.blocklist[0].username_hash, "gh1");
                    assert_eq!(out.next_token.as_deref(), Some("page-3"));
                })
            },
        },
        Case {
            op: "ListBots",
            method: "GET",
            path: "/networks/12345678/bots",
            query: &[
                ("nextToken", "page-2"),
                ("maxResults", "25"),
                ("sortFields", "displayName"),
                ("sortDirection", "DESC"),
                ("displayName", "Helper Bot"),
                ("username", "helperbot"),
                ("status", "1"),
                ("groupId", "sg1"),
            ],
            token: false,
            body: None,
            response: json!({"bots": [{"botId": "2001", "status": 1, "username": "helperbot"}], "nextToken": "page-3"}),
            run: |c| {
                Box::pin(async move {
                    let out = c
                        .list_bots()
                        .network_id(NET)
                        .next_token("page-2")
                        .max_results(25)
                        .sort_fields("displayName")
                        .sort_direction(SortDirection::Desc)
                        .display_name("Helper Bot")
                        .username("helperbot")
                        .status(BotStatus::Pending)
                        .group_id("sg1")
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(out.bots[0].bot_id.as_deref(), Some("2001"));
                    assert_eq!(out.bots[0].status, Some(BotStatus::Pending));
                    assert_eq!(out.next_token.as_deref(), Some("page-3"));
                })
            },
        },
        Case {
            op: "ListDevicesForUser",
            method: "GET",
            path: "/networks/12345678/users/1001/devices",
            query: &[
                ("nextToken", "page-2"),
                ("maxResults", "5"),
                ("sortFields", "lastLogin"),
                ("sortDirection", "ASC"),
            ],
            token: false,
            body: None,
            response: json!({"devices": [{"appId": "app-1", "type": "ios", "suspend": false, "statusText": "active"}]}),
            run: |c| {
                Box::pin(async move {
                    let out = c
                        .list_devices_for_user()
                        .network_id(NET)
                        .user_id("1001")
                        .next_token("page-2")
                        .max_results(5)
                        .sort_fields("lastLogin")
                        .sort_direction(SortDirection::Asc)
                        .send()
                        .await
                        .unwrap();
                    let device = &out.devices[0];
                    assert_eq!((device.app_id.as_deref(), device.r#type.as_deref()), (Some("app-1"), Some("ios")));
                    assert_eq!(out.next_token, None);
                })
            },
        },
        Case {
            op: "ListGuestUsers",
            method: "GET",
            path: "/networks/12345678/guest-users",
            query: &[
                ("maxResults", "50"),
                ("sortDirection", "DESC"),
                ("sortFields", "username"),
                ("username", "guest"),
                ("billingPeriod", "2024-01"),
                ("nextToken", "page-2"),
            ],
            token: false,
            body: None,
            response: json!({"guestlist": [{"billingPeriod": "2024-01", "username": "guest@example.com", "usernameHash": "gh1"}]}),
            run: |c| {
                Box::pin(async move {
                    let out = c
                        .list_guest_users()
                        .network_id(NET)
                        .max_results(50)
                        .sort_direction(SortDirection::Desc)
                        .sort_fields("username")
                        .username("guest")
                        .billing_period("2024-01")
                        .next_token("page-2")
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(out.guestlist[0].billing_period, "2024-01");
                    assert_eq!(out.guestlist[0].username_hash, "gh1");
                })
            },
        },
        Case {
            op: "ListNetworks",
            method: "GET",
            path: "/networks",
            query: &[
                ("maxResults", "5"),
                ("sortFields", "networkName"),
                ("sortDirection", "ASC"),
                ("nextToken", "page-2"),
            ],
            token: false,
            body: None,
            response: json!({"networks": [network_json()], "nextToken": "page-3"}),
            run: |c| {
                Box::pin(async move {
                    let out = c
                        .list_networks()
                        .max_results(5)
                        .sort_fields("networkName")
                        .sort_direction(SortDirection::Asc)
                        .next_token("page-2")
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(out.networks[0].network_id, NET);
                    assert_eq!(out.networks[0].access_level, AccessLevel::Premium);
                    assert_eq!(out.next_token.as_deref(), Some("page-3"));
                })
            },
        },
        Case {
            op: "ListSecurityGroupUsers",
            method: "GET",
            path: "/networks/12345678/security-groups/sg1/users",
            query: &[
                ("nextToken", "page-2"),
                ("maxResults", "20"),
                ("sortFields", "username"),
                ("sortDirection", "ASC"),
            ],
            token: false,
            body: None,
            response: json!({"users": [{"userId": "1001", "username": "alice@example.com", "isAdmin": true}]}),
            run: |c| {
                Box::pin(async move {
                    let out = c
                        .list_security_group_users()
                        .network_id(NET)
                        .group_id("sg1")
                        .next_token("page-2")
                        .max_results(20)
                        .sort_fields("username")
                        .sort_direction(SortDirection::Asc)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(out.users[0].user_id.as_deref(), Some("1001"));
                    assert_eq!(out.users[0].is_admin, Some(true));
                })
            },
        },
        Case {
            op: "ListSecurityGroups",
            method: "GET",
            path: "/networks/12345678/security-groups",
            query: &[("nextToken", "page-2"), ("maxResults", "10"), ("sortFields", "name"), ("sortDirection", "DESC")],
            token: false,
            body: None,
            response: json!({"securityGroups": [security_group_json("sg1", "Admins"), security_group_json("sg2", "Users")]}),
            run: |c| {
                Box::pin(async move {
                    let out = c
                        .list_security_groups()
                        .network_id(NET)
                        .next_token("page-2")
                        .max_results(10)
                        .sort_fields("name")
                        .sort_direction(SortDirection::Desc)
                        .send()
                        .await
                        .unwrap();
                    let groups = out.security_groups.unwrap();
                    assert_eq!(groups.iter().map(|g| g.name.as_str()).collect::<Vec<_>>(), ["Admins", "Users"]);
                })
            },
        },
        Case {
            op: "ListUsers",
            method: "GET",
            path: "/networks/12345678/users",
            query: &[
                ("nextToken", "page-2"),
                ("maxResults", "100"),
                ("sortFields", "lastName+firstName"),
                ("sortDirection", "ASC"),
                ("firstName", "Alice"),
                ("lastName", "O'Brien & Co"),
                ("username", "alice@example.com"),
                ("status", "2"),
                ("groupId", "sg1"),
            ],
            token: false,
            body: None,
            response: json!({
                "users": [{"userId": "1001", "firstName": "Alice", "status": 2, "securityGroups": ["sg1"]}],
                "nextToken": "page-3"
            }),
            run: |c| {
                Box::pin(async move {
                    let out = c
                        .list_users()
                        .network_id(NET)
                        .next_token("page-2")
                        .max_results(100)
                        .sort_fields("lastName+firstName")
                        .sort_direction(SortDirection::Asc)
                        .first_name("Alice")
                        .last_name("O'Brien & Co")
                        .username("alice@example.com")
                        .status(UserStatus::Active)
                        .group_id("sg1")
                        .send()
                        .await
                        .unwrap();
                    let users = out.users.unwrap();
                    assert_eq!(users[0].user_id.as_deref(), Some("1001"));
                    assert_eq!(users[0].security_groups, Some(vec!["sg1".to_owned()]));
                    assert_eq!(out.next_token.as_deref(), Some("page-3"));
                })
            },
        },
        Case {
            op: "RegisterOidcConfig",
            method: "POST",
            path: "/networks/12345678/oidc/save",
            query: &[],
            token: false,
            body: Some(json!({
                "companyId": "acme",
                "customUsername": "email",
                "extraAuthParams": "prompt=login",
                "issuer": "https://idp.example.com",
                "scopes": "openid email",
                "secret": "oidc-secret",
                "ssoTokenBufferMinutes": 5,
                "userId": "sub"
            })),
            response: json!({
                "applicationName": "wickr",
                "clientId": "client-1",
                "companyId": "acme",
                "scopes": "openid email",
                "issuer": "https://idp.example.com",
                "applicationId": 7,
                "ssoTokenBufferMinutes": 5,
                "redirectUrl": "https://wickr.example.com/cb"
            }),
            run: |c| {
                Box::pin(async move {
                    let out = c
                        .register_oidc_config()
                        .network_id(NET)
                        .company_id("acme")
                        .custom_username("email")
                        .extra_auth_params("prompt=login")
                        .issuer("https://idp.example.com")
                        .scopes("openid email")
                        .secret("oidc-secret")
                        .sso_token_buffer_minutes(5)
                        .user_id("sub")
                        .send()
                        .await
                        .unwrap();
                    assert_eq!((out.company_id.as_str(), out.application_id), ("acme", Some(7)));
                    assert_eq!(out.redirect_url.as_deref(), Some("https://wickr.example.com/cb"));
                })
            },
        },
        Case {
            op: "RegisterOidcConfigTest",
            method: "POST",
            path: "/networks/12345678/oidc/test",
            query: &[],
            token: false,
            body: Some(json!({
                "extraAuthParams": "prompt=login",
                "issuer": "https://idp.example.com",
                "scopes": "openid",
                "certificate": "-----BEGIN CERT-----"
            })),
            response: json!({
                "tokenEndpoint": "https://idp.example.com/token",
                "scopesSupported": ["openid", "email"],
                "issuer": "https://idp.example.com",
                "microsoftMultiRefreshToken": false
            }),
            run: |c| {
                Box::pin(async move {
                    let out = c
                        .register_oidc_config_test()
                        .network_id(NET)
                        .extra_auth_params("prompt=login")
                        .issuer("https://idp.example.com")
                        .scopes("openid")
                        .certificate("-----BEGIN CERT-----")
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(out.token_endpoint.as_deref(), Some("https://idp.example.com/token"));
                    assert_eq!(out.scopes_supported, Some(vec!["openid".to_owned(), "email".to_owned()]));
                    assert_eq!(out.microsoft_multi_refresh_token, Some(false));
                })
            },
        },
        Case {
            op: "RegisterOpentdfConfig",
            method: "POST",
            path: "/networks/12345678/tdf",
            query: &[("dryRun", "true")],
            token: false,
            body: Some(json!({
                "clientId": "tdf-client",
                "clientSecret": "tdf-secret",
                "domain": "tdf.example.com",
                "provider": "virtru"
            })),
            response: json!({
                "clientId": "tdf-client",
                "clientSecret": "tdf-secret",
                "domain": "tdf.example.com",
                "provider": "virtru"
            }),
            run: |c| {
                Box::pin(async move {
                    let out = c
                        .register_opentdf_config()
                        .network_id(NET)
                        .client_id("tdf-client")
                        .client_secret("tdf-secret")
                        .domain("tdf.example.com")
                        .provider("virtru")
                        .dry_run(true)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!((out.client_id.as_str(), out.provider.as_str()), ("tdf-client", "virtru"));
                })
            },
        },
        Case {
            op: "UpdateBot",
            method: "PATCH",
            path: "/networks/12345678/bots/2001",
            query: &[],
            token: false,
            body: Some(
                json!({"displayName": "Helper 2", "groupId": "sg2", "challenge": "new-secret", "suspend": true}),
            ),
            response: json!({"message": "bot updated"}),
            run: |c| {
                Box::pin(async move {
                    let out = c
                        .update_bot()
                        .network_id(NET)
                        .bot_id("2001")
                        .display_name("Helper 2")
                        .group_id("sg2")
                        .challenge("new-secret")
                        .suspend(true)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(out.message.as_deref(), Some("bot updated"));
                })
            },
        },
        Case {
            op: "UpdateDataRetention",
            method: "PATCH",
            path: "/networks/12345678/data-retention-bots",
            query: &[],
            token: false,
            body: Some(json!({"actionType": "ENABLE"})),
            response: json!({"message": "retention enabled"}),
            run: |c| {
                Box::pin(async move {
                    let out = c.update_data_retention().network_id(NET).action_type(DataRetentionActionType::Enable);
                    let out = out.send().await.unwrap();
                    assert_eq!(out.message.as_deref(), Some("retention enabled"));
                })
            },
        },
        Case {
            op: "UpdateGuestUser",
            method: "PATCH",
            path: "/networks/12345678/guest-users/gh1",
            query: &[],
            token: false,
            body: Some(json!({"block": true})),
            response: json!({"message": "guest blocked"}),
            run: |c| {
                Box::pin(async move {
                    let out = c.update_guest_user().network_id(NET).username_hash("gh1").block(true).send();
                    assert_eq!(out.await.unwrap().message.as_deref(), Some("guest blocked"));
                })
            },
        },
        Case {
            op: "UpdateNetwork",
            method: "PATCH",
            path: "/networks/12345678",
            query: &[],
            token: true,
            body: Some(json!({"networkName": "Ops 2", "encryptionKeyArn": KMS})),
            response: json!({"message": "network updated"}),
            run: |c| {
                Box::pin(async move {
                    let out = c.update_network().network_id(NET).network_name("Ops 2").encryption_key_arn(KMS);
                    let out = out.client_token(TOKEN).send().await.unwrap();
                    assert_eq!(out.message.as_deref(), Some("network updated"));
                })
            },
        },
        Case {
            op: "UpdateNetworkSettings",
            method: "PATCH",
            path: "/networks/12345678/settings",
            query: &[],
            token: false,
            body: Some(json!({"settings": {
                "enableClientMetrics": true,
                "dataRetention": false,
                "readReceiptConfig": {"status": "ENABLED"}
            }})),
            response: json!({"settings": [{"optionName": "enableClientMetrics", "type": "boolean", "value": "true"}]}),
            run: |c| {
                Box::pin(async move {
                    let settings = NetworkSettings::builder()
                        .enable_client_metrics(true)
                        .data_retention(false)
                        .read_receipt_config(ReadReceiptConfig::builder().status(Status::Enabled).build().unwrap())
                        .build()
                        .unwrap();
                    let out = c.update_network_settings().network_id(NET).settings(settings).send().await.unwrap();
                    assert_eq!(out.settings[0].option_name, "enableClientMetrics");
                })
            },
        },
        Case {
            op: "UpdateSecurityGroup",
            method: "PATCH",
            path: "/networks/12345678/security-groups/sg1",
            query: &[],
            token: false,
            body: Some(
                json!({"name": "Admins 2", "securityGroupSettings": {"lockoutThreshold": 3, "enableAtak": true}}),
            ),
            response: json!({"securityGroup": security_group_json("sg1", "Admins 2")}),
            run: |c| {
                Box::pin(async move {
                    let settings = SecurityGroupSettings::builder().lockout_threshold(3).enable_atak(true).build();
                    let out = c.update_security_group().network_id(NET).group_id("sg1").name("Admins 2");
                    let out = out.security_group_settings(settings.unwrap()).send().await.unwrap();
                    assert_eq!(out.security_group.name, "Admins 2");
                })
            },
        },
        Case {
            op: "UpdateUser",
            method: "PATCH",
            path: "/networks/12345678/users",
            query: &[],
            token: false,
            // `userId` is a body member here, not a label.
            body: Some(json!({"userId": "1001", "userDetails": {"firstName": "Al", "securityGroupIds": ["sg1"]}})),
            response: json!({
                "userId": "1001",
                "networkId": NET,
                "securityGroupIds": ["sg1"],
                "firstName": "Al",
                "suspended": false,
                "status": 2,
                "codeValidation": false
            }),
            run: |c| {
                Box::pin(async move {
                    let details =
                        UpdateUserDetails::builder().first_name("Al").security_group_ids(vec!["sg1".to_owned()]);
                    let out = c.update_user().network_id(NET).user_id("1001").user_details(details.build().unwrap());
                    let out = out.send().await.unwrap();
                    assert_eq!(out.user_id, "1001");
                    assert_eq!(out.first_name.as_deref(), Some("Al"));
                    assert_eq!(out.status, Some(2));
                })
            },
        },
    ]
}

/// Runs one case; returns what the server received.
async fn exercise(case: &Case) -> Received {
    let response = case.response.to_string();
    let server = TestServer::start(move |_, _| Reply::json(200, &response)).await;
    (case.run)(client(&server.url())).await;
    let received = server.received();
    let [request] = &received[..] else { panic!("{}: expected one request, got {}", case.op, received.len()) };
    request.clone()
}

fn check_request(case: &Case, request: &Received) {
    let op = case.op;
    assert_eq!(request.method, case.method, "{op}: method");
    assert_eq!(request.path(), case.path, "{op}: path");

    let mut query = request.query_pairs();
    query.sort();
    let mut expected: Vec<(String, String)> =
        case.query.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
    expected.sort();
    assert_eq!(query, expected, "{op}: query (raw: {:?})", request.query());

    let token = request.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("x-client-token")).count();
    if case.token {
        assert_eq!((token, request.header("x-client-token")), (1, Some(TOKEN)), "{op}: X-Client-Token");
    } else {
        assert_eq!(token, 0, "{op}: no X-Client-Token");
    }

    match &case.body {
        Some(body) => {
            assert_eq!(request.header("content-type"), Some("application/json"), "{op}: Content-Type");
            let sent: Value = serde_json::from_slice(&request.body).unwrap_or_else(|e| {
                panic!("{op}: body is not JSON ({e}): {:?}", String::from_utf8_lossy(&request.body))
            });
            assert_eq!(&sent, body, "{op}: body");
        }
        None => {
            assert_eq!(request.header("content-type"), None, "{op}: no Content-Type without a body");
            assert!(request.body.is_empty(), "{op}: no body, got {:?}", String::from_utf8_lossy(&request.body));
            let length = request.header("content-length").unwrap_or("0");
            assert_eq!(length, "0", "{op}: Content-Length");
        }
    }

    let auth = verify_sigv4(request, ACCESS_KEY, SECRET_KEY).unwrap_or_else(|e| panic!("{op}: signature: {e:?}"));
    assert_eq!((auth.region.as_str(), auth.service.as_str()), ("us-east-1", "wickr"), "{op}: signing scope");
    let amz_sdk_request = request.header("amz-sdk-request");
    assert_eq!(amz_sdk_request, Some("attempt=1; max=3"), "{op}: one attempt");
}

#[tokio::test]
async fn every_operation_sends_the_modelled_request_and_reads_its_output() {
    // Each case runs as a task of its own, so one failure does not hide the
    // others: the panics are printed as they happen, and listed at the end.
    let mut failed = Vec::new();
    for case in cases() {
        let op = case.op;
        let outcome = tokio::spawn(async move {
            let request = exercise(&case).await;
            check_request(&case, &request);
        })
        .await;
        if outcome.is_err() {
            failed.push(op);
        }
    }
    assert!(failed.is_empty(), "failed operations: {failed:?}");
}

/// The table covers the model: every operation once, the operations with an
/// idempotency token, the ones with a body, and every input member of each
/// (so each binding is exercised by a set value).
#[test]
fn table_covers_every_operation_and_member_of_the_model() {
    let ir = codegen::ir::build_from_str(&sdk_tests::shipped_model(), &sdk_tests::shipped_config()).unwrap();
    let cases = cases();
    let table: BTreeSet<&str> = cases.iter().map(|c| c.op).collect();
    assert_eq!(table.len(), cases.len(), "an operation is listed twice");
    let model: BTreeSet<&str> = ir.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(table, model, "the table and the model's operations differ");
    assert_eq!(model.len(), 44);

    for op in &ir.operations {
        let case = cases.iter().find(|c| c.op == op.name).unwrap();
        let members = &ir.structure(&op.input).expect("an input structure").members;
        let has_token = members.iter().any(|m| m.idempotency_token);
        assert_eq!(case.token, has_token, "{}: idempotency token", op.name);
        let has_body = members.iter().any(|m| m.binding == Binding::Body);
        assert_eq!(case.body.is_some(), has_body, "{}: body or not", op.name);
        // The table's path is the model's URI with a value for each label:
        // its literal segments as the model has them, a non-empty value where
        // the model has a label (what the server received is checked against
        // this path by `every_operation_sends_the_modelled_request…`).
        let sent: Vec<&str> = case.path.trim_start_matches('/').split('/').collect();
        assert_eq!(sent.len(), op.http.uri.segments.len(), "{}: path segments", op.name);
        let mut labels_with_values = BTreeSet::new();
        for (segment, value) in op.http.uri.segments.iter().zip(&sent) {
            match segment {
                Segment::Literal(text) => assert_eq!(text, value, "{}: literal segment of {}", op.name, case.path),
                Segment::Label { name, .. } => {
                    assert!(!value.is_empty() && !value.contains('{'), "{}: `{name}` has no value", op.name);
                    labels_with_values.insert(name.as_str());
                }
            }
        }
        for member in members {
            let covered = match &member.binding {
                Binding::Label => labels_with_values.contains(member.name.as_str()),
                Binding::Query(key) => case.query.iter().any(|(k, _)| k == key),
                Binding::Header(name) => name.eq_ignore_ascii_case("x-client-token") && case.token,
                Binding::Body => case.body.as_ref().is_some_and(|b| b.get(&member.json_name).is_some()),
                other => panic!("{}: binding {other:?} has no case here yet", op.name),
            };
            assert!(covered, "{}: member `{}` ({:?}) is not set in the table", op.name, member.name, member.binding);
        }
    }
}
