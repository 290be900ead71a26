//! The `@sensitive` fixture (`tests/fixtures/codegen/sensitive.json`) run:
//! a sensitive label, query parameter, header and body members travel to a
//! server on 127.0.0.1 as they are, and stay out of what the generated code
//! shows — `Debug`, the client's logs, errors, and its tool's `--debug` and
//! `--dry-run` — as the generated code redacts them, not as a test would.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use fixture_sensitive_sdk::Client;
use fixture_sensitive_sdk::types::Credentials;
use sdk_runtime::error::SdkError;
use sdk_tests::support::{ISOLATED_ENV, Reply, TestServer, capture_logs, config, run_tool};
use serde_json::Value;

const KEY: &str = "label-s3cret";
const PIN: &str = "pin-s3cret";
const API_KEY: &str = "header-s3cret";
const TOKEN: &str = "token-s3cret";
const PASSWORD: &str = "password-s3cret";
const SECRETS: [&str; 5] = [KEY, PIN, API_KEY, TOKEN, PASSWORD];

fn assert_hidden(shown: &str) {
    for secret in SECRETS {
        assert!(!shown.contains(secret), "{secret} is shown in:\n{shown}");
    }
}

fn put(client: &Client) -> fixture_sensitive_sdk::operation::PutThing {
    client
        .put_thing()
        .key(KEY)
        .pin(PIN)
        .api_key(API_KEY)
        .token(TOKEN)
        .credentials(Credentials::builder().user("ada").password(PASSWORD).build().unwrap())
}

#[tokio::test]
async fn sensitive_bindings_are_sent_but_never_shown_by_debug_or_the_logs() {
    let server = TestServer::start(|_, _| Reply::json(200, "{}")).await;
    let client = Client::from_conf(config(&server.url()).build());
    let builder = put(&client);
    let shown = format!("{builder:?}");
    assert_hidden(&shown);
    assert!(shown.contains("ada"), "what is not sensitive is shown: {shown}");

    let (logs, guard) = capture_logs();
    builder.send().await.unwrap();
    drop(guard);
    let logs = logs.text();
    assert_hidden(&logs);
    assert!(logs.contains("/things/**redacted**?pin=**redacted**"), "the URL is logged, redacted: {logs}");

    let request = &server.received()[0];
    assert_eq!(request.target, format!("/things/{KEY}?pin={PIN}"));
    assert_eq!(request.header("x-api-key"), Some(API_KEY));
    let body: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!((body["token"].as_str(), body["credentials"]["password"].as_str()), (Some(TOKEN), Some(PASSWORD)));
}

#[tokio::test]
async fn errors_about_sensitive_bindings_do_not_quote_them() {
    let server = TestServer::start(|_, _| Reply::json(500, r#"{"message": "down"}"#)).await;
    let client = Client::from_conf(config(&server.url()).build());
    // A header value that cannot be sent: refused, without the value.
    let bad_header = format!("{API_KEY}\r\nX-Injected: 1");
    let error = put(&client).api_key(bad_header).send().await.unwrap_err();
    assert!(matches!(error, SdkError::Construction(_)), "{error:?}");
    assert!(error.to_string().contains("X-Api-Key"), "the header is named: {error}");
    assert_hidden(&format!("{error} {error:?}"));
    assert!(server.received().is_empty());
    // An error from the service, after retries.
    let error = put(&client).send().await.unwrap_err();
    assert_hidden(&format!("{error} {error:?}"));
}

/// The tool's arguments for a `put-thing` with every sensitive binding set.
fn tool_args(url: &str) -> Vec<String> {
    let credentials = format!(r#"{{"user": "ada", "password": "{PASSWORD}"}}"#);
    ["put-thing", "--key", KEY, "--pin", PIN, "--api-key", API_KEY, "--token", TOKEN, "--credentials", &credentials]
        .into_iter()
        .chain(["--endpoint-url", url])
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_tools_dry_run_shows_the_request_redacted() {
    let spec = &fixture_sensitive_sdk::cli::SPEC;
    let args = tool_args("http://127.0.0.1:9");
    let args: Vec<&str> = args.iter().map(String::as_str).chain(["--dry-run"]).collect();
    let (code, out, err) = run_tool(spec, &args);
    assert_eq!(code, 0, "{err}");
    assert_hidden(&format!("{out}{err}"));
    let request: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(request["url"], "http://127.0.0.1:9/things/**redacted**?pin=**redacted**");
    assert_eq!(request["headers"]["x-api-key"], "** redacted **");
    assert_eq!(request["body"]["credentials"], serde_json::json!({"user": "ada", "password": "** redacted **"}));
}

/// The built `fixture-sensitive` tool.
fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| sdk_tests::support::tool_binary("fixture-sensitive-sdk", "fixture-sensitive"))
}

#[test]
fn the_tools_debug_output_never_shows_them() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(TestServer::start(|_, _| Reply::json(200, "{}")));
    let output = Command::new(binary())
        .args(tool_args(&server.url()))
        .arg("--debug")
        .env_clear()
        .envs(ISOLATED_ENV)
        .output()
        .unwrap();
    let (out, err) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{err}");
    assert_hidden(&format!("{out}{err}"));
    assert!(err.contains("/things/**redacted**?pin=**redacted**"), "--debug logs the URL, redacted: {err}");
    assert_eq!(server.received()[0].header("x-api-key"), Some(API_KEY), "sent all the same");
}
