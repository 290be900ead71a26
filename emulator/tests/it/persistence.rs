//! `--state` and `--seed`, with the real binary: what a client was told is
//! in the state file even when the process is killed; a file that is not a
//! whole, consistent state is refused with its path and every problem.

use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt as _, BufReader};
use tokio::process::{Child, Command};
use wickr_admin_sdk::Client;
use wickr_admin_sdk::types::{AccessLevel, ConsentPopupConfig, NetworkSettings, SecurityGroupSettingsRequest};
use wickr_emulator::Emulator;

use crate::{item, raw};

const BINARY: &str = env!("CARGO_BIN_EXE_wickr-emulator");

/// The binary running with `args` (on a free port), and its URL.
async fn start(args: &[&str]) -> (Child, String) {
    let mut child = Command::new(BINARY)
        .args(["--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = tokio::time::timeout(Duration::from_secs(10), lines.next_line()).await.expect("the URL in time");
    let Some(url) = url.unwrap() else {
        let output = child.wait_with_output().await.unwrap();
        panic!("no URL printed: {}", String::from_utf8_lossy(&output.stderr));
    };
    assert!(url.starts_with("http://127.0.0.1:"), "it listens on the loopback interface: {url}");
    (child, url)
}

/// The binary's exit status and stderr when it refuses to start.
async fn refused(args: &[&str]) -> (Option<i32>, String) {
    let run = Command::new(BINARY).args(["--port", "0"]).args(args).output();
    let output = tokio::time::timeout(Duration::from_secs(10), run).await.expect("it exits").unwrap();
    assert!(output.stdout.is_empty(), "no URL: it must not serve");
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

fn client(url: &str) -> Client {
    let config = sdk_runtime::server::mock::client_config(url)
        .connect_timeout(Some(Duration::from_secs(2)))
        .read_timeout(Some(Duration::from_secs(10)))
        .build();
    Client::from_conf(config)
}

fn address(url: &str) -> std::net::SocketAddr {
    url.trim_start_matches("http://").parse().unwrap()
}

/// Fills a network with one of most things, through the API and the control endpoints.
async fn populate(url: &str) -> String {
    let client = client(url);
    let net = client.create_network().network_name("Kept").access_level(AccessLevel::Premium).send().await.unwrap();
    let net = net.network_id.unwrap();
    let settings = SecurityGroupSettingsRequest::builder().lockout_threshold(3).build().unwrap();
    let group = client.create_security_group().network_id(&net).name("Ops").security_group_settings(settings).send();
    let group = group.await.unwrap().security_group.id;
    let users = client
        .batch_create_user()
        .network_id(&net)
        .client_token("populate-1")
        .users((0..30).map(|i| item(&format!("kept{i}@example.com"), &[&group])).collect::<Vec<_>>())
        .send()
        .await
        .unwrap();
    let ids: Vec<String> = users.successful.unwrap().into_iter().map(|user| user.user_id.unwrap()).collect();
    let (status, _) =
        raw(address(url), "POST", &format!("/_emulator/networks/{net}/users/{}/sign-in", ids[0]), "{}").await;
    assert_eq!(status, 200);
    client
        .batch_toggle_user_suspend_status()
        .network_id(&net)
        .suspend(true)
        .user_ids(ids[1..3].to_vec())
        .send()
        .await
        .unwrap();
    client.create_bot().network_id(&net).username("keptbot").group_id(&group).challenge("pw").send().await.unwrap();
    client.create_data_retention_bot().network_id(&net).send().await.unwrap();
    let popup = ConsentPopupConfig::builder().enabled(true).header("Rules").build().unwrap();
    let change = NetworkSettings::builder().consent_popup(popup).build().unwrap();
    client.update_network_settings().network_id(&net).settings(change).send().await.unwrap();
    client
        .register_oidc_config()
        .network_id(&net)
        .company_id("k")
        .issuer("https://idp.example.com")
        .scopes("openid")
        .send()
        .await
        .unwrap();
    net
}

async fn state_of(url: &str) -> Value {
    let (status, state) = raw(address(url), "GET", "/_emulator/state", "").await;
    assert_eq!(status, 200);
    state
}

#[tokio::test]
async fn the_state_survives_a_killed_process_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wickr.json");
    let path_arg = path.to_str().unwrap();
    let (mut first, url) = start(&["--state", path_arg]).await;
    let net = populate(&url).await;
    let served = state_of(&url).await;
    // No shutdown: the process is killed (SIGKILL) right after the last answer.
    first.kill().await.unwrap();

    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(saved, served, "the file holds everything that was answered");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|entry| entry.unwrap().file_name()).collect();
    assert_eq!(leftovers, [std::ffi::OsString::from("wickr.json")], "no temporary file is left");

    let (mut second, url) = start(&["--state", path_arg]).await;
    assert_eq!(state_of(&url).await, served, "nothing lost");
    let client = client(&url);
    let counts = client.get_users_count().network_id(&net).send().await.unwrap();
    assert_eq!((counts.total, counts.active, counts.pending), (30, 1, 27));
    let settings = client.get_network_settings().network_id(&net).send().await.unwrap().settings;
    assert!(settings.iter().any(|s| s.option_name == "consentPopup" && s.value.contains("Rules")));
    // A retry after the restart still gets the first answer.
    let retried = client
        .batch_create_user()
        .network_id(&net)
        .client_token("populate-1")
        .users((0..30).map(|i| item(&format!("kept{i}@example.com"), &[&group_of(&served, &net)])).collect::<Vec<_>>())
        .send()
        .await
        .unwrap();
    assert_eq!(retried.successful.unwrap().len(), 30);
    // SIGTERM stops it gently: exit status 0, the state whole.
    let before = std::fs::read_to_string(&path).unwrap();
    let pid = second.id().unwrap().to_string();
    let signalled = std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(signalled.success());
    let status = tokio::time::timeout(Duration::from_secs(10), second.wait()).await.expect("it stops").unwrap();
    assert_eq!(status.code(), Some(0));
    let after: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(after, serde_json::from_str::<Value>(&before).unwrap());
}

fn group_of(state: &Value, network: &str) -> String {
    let network = state["networks"].as_array().unwrap().iter().find(|n| n["networkId"] == network).unwrap();
    let group = network["securityGroups"].as_array().unwrap().iter().find(|g| g["name"] == "Ops").unwrap();
    group["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_corrupt_state_file_is_refused_with_its_path_and_problems_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    let path_arg = path.to_str().unwrap();
    let write = |text: &str| std::fs::write(&path, text).unwrap();
    let check = |(code, stderr): (Option<i32>, String), expected: &[&str]| {
        assert_eq!(code, Some(2), "{stderr}");
        assert!(stderr.contains(path_arg), "names the file: {stderr}");
        for part in expected {
            assert!(stderr.contains(part), "says {part:?}: {stderr}");
        }
    };

    // Cut off half-way.
    let whole = r#"{"format": "wickr-emulator-state", "version": 1, "networks": [{"networkId": "12345678", "networkName": "A", "accessLevel": "STANDARD", "securityGroups": [{"id": "g1", "name": "Default", "isDefault": true}]}]}"#;
    write(&whole[..whole.len() / 2]);
    check(refused(&["--state", path_arg]).await, &["not valid JSON", "line 1"]);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), whole[..whole.len() / 2], "left as it was");

    write("");
    check(refused(&["--state", path_arg]).await, &["empty"]);
    write(r#"{"networks": []}"#);
    check(refused(&["--state", path_arg]).await, &["not a state file", "wickr-emulator-state"]);
    write(r#"{"format": "wickr-emulator-state", "version": 9}"#);
    check(refused(&["--state", path_arg]).await, &["version 9"]);
    write(&whole.replace("\"networkName\"", "\"netwrkName\""));
    check(refused(&["--state", path_arg]).await, &["unknown field `netwrkName`"]);
    let misspelt_setting =
        whole.replace(r#""isDefault": true"#, r#""isDefault": true, "securityGroupSettings": {"maxTTL": 5}"#);
    write(&misspelt_setting);
    check(refused(&["--state", path_arg]).await, &["unknown member `maxTTL`"]);

    // Well-formed, but inconsistent: every problem is listed.
    let inconsistent = json!({
        "format": "wickr-emulator-state",
        "version": 1,
        "networks": [{
            "networkId": "1234",
            "networkName": "B",
            "accessLevel": "PREMIUM",
            "securityGroups": [{"id": "g1", "name": "Default", "isDefault": true,
                                "securityGroupSettings": {"maxNonSsoSessionMinutes": 30}}],
            "users": [{"userId": "7", "username": "a@example.com", "securityGroupIds": ["g2"], "status": 3}]
        }]
    });
    write(&inconsistent.to_string());
    check(
        refused(&["--state", path_arg]).await,
        &[
            "4 problems",
            "networkId must be eight digits",
            "maxNonSsoSessionMinutes",
            "security group g2 does not exist",
            "status must be 1 (pending) or 2 (active)",
        ],
    );
    // A seed is checked the same way.
    check(refused(&["--seed", path_arg]).await, &["4 problems"]);
}

#[tokio::test]
async fn a_seed_file_gives_the_fixtures_and_is_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let seed = dir.path().join("seed.json");
    let fixtures = json!({
        "format": "wickr-emulator-state",
        "version": 1,
        "networks": [{
            "networkId": "10000001",
            "networkName": "Seeded",
            "accessLevel": "PREMIUM",
            "securityGroups": [
                {"id": "default", "name": "Everyone", "isDefault": true},
                {"id": "ops", "name": "Ops", "securityGroupSettings": {"maxNonSsoSessionMinutes": 600}}
            ],
            "users": [
                {"userId": "1001", "username": "ann@example.com", "firstName": "Ann", "securityGroupIds": ["ops"], "status": 2,
                 "devices": [{"appId": "a1", "type": "Android"}]},
                {"userId": "1002", "username": "bob@example.com", "securityGroupIds": ["default"]}
            ],
            "bots": [{"botId": "2001", "username": "deploybot", "groupId": "ops"}],
            "guestUsers": [{"username": "guest@partner.org", "billingPeriod": "2026-05"}]
        }]
    });
    let text = serde_json::to_string_pretty(&fixtures).unwrap();
    std::fs::write(&seed, &text).unwrap();

    let emulator = Emulator::builder().seed_file(&seed).start().await.unwrap();
    let client = crate::client(&emulator);
    let counts = client.get_users_count().network_id("10000001").send().await.unwrap();
    assert_eq!((counts.active, counts.pending), (1, 1));
    let ann = client.get_user().network_id("10000001").user_id("1001").send().await.unwrap();
    assert_eq!(ann.first_name.as_deref(), Some("Ann"));
    let group = client.get_security_group().network_id("10000001").group_id("ops").send().await.unwrap().security_group;
    let settings = group.security_group_settings;
    assert_eq!(settings.max_non_sso_session_minutes, Some(600));
    assert_eq!(settings.files_enabled, Some(true), "what a seed leaves out has its default");
    assert_eq!((group.active_members, group.bot_members), (1, 1));
    let devices = client.list_devices_for_user().network_id("10000001").user_id("1001").send().await.unwrap();
    assert_eq!(devices.devices[0].r#type.as_deref(), Some("Android"));
    let guests = client.list_guest_users().network_id("10000001").send().await.unwrap().guestlist;
    assert_eq!(guests[0].username_hash.len(), 64, "computed when the seed leaves it out");

    client.delete_network().network_id("10000001").send().await.unwrap();
    emulator.shutdown().await.unwrap();
    assert_eq!(std::fs::read_to_string(&seed).unwrap(), text, "the seed is never written");
}
