//! The generated `wickr-admin` tool, run as a user runs it: the real binary,
//! in a clean environment, against `--dry-run` or a server on 127.0.0.1.
//!
//! The binary is built from the generated crate once per run of this file
//! ([`sdk_tests::support::tool_binary`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use codegen::ir::Segment;
use sdk_tests::support::{
    ACCESS_KEY, Received, Reply, SECRET_KEY, SESSION_TOKEN, SilentServer, TestServer, refused_url, verify_sigv4,
};
use serde_json::{Value, json};

const NET: &str = "12345678";
const HOST: &str = "admin.wickr.us-east-1.amazonaws.com";

/// The built `wickr-admin`.
fn binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| sdk_tests::support::tool_binary("wickr-admin-sdk", "wickr-admin"))
}

/// An environment with static credentials and a region, and no shared files.
fn base_env() -> Vec<(&'static str, String)> {
    vec![
        ("HOME", "/nonexistent-home".to_owned()),
        ("AWS_CONFIG_FILE", "/nonexistent/config".to_owned()),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials".to_owned()),
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY.to_owned()),
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY.to_owned()),
        ("AWS_REGION", "us-east-1".to_owned()),
        // Without keys the chain would end at the instance metadata service,
        // which tests never reach: they talk to 127.0.0.1 only.
        ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
    ]
}

/// Runs the tool with exactly `env`.
fn run_env(args: &[&str], env: &[(&str, String)]) -> Output {
    Command::new(binary())
        .args(args)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("wickr-admin runs")
}

/// Runs the tool with the base environment plus `extra`.
fn run(args: &[&str], extra: &[(&str, &str)]) -> Output {
    let mut env = base_env();
    env.extend(extra.iter().map(|(k, v)| (*k, (*v).to_owned())));
    run_env(args, &env)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The one JSON value on stdout of a run that exited 0.
fn json_out(output: &Output) -> Value {
    assert_eq!(output.status.code(), Some(0), "stderr: {}", stderr(output));
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is not one JSON value ({e}): {}", stdout(output)))
}

/// `args --dry-run`, which must succeed quietly; the printed request.
fn dry_run(args: &[&str]) -> Value {
    let output = run(&[args, &["--dry-run"]].concat(), &[]);
    assert_eq!(stderr(&output), "", "{args:?}");
    json_out(&output)
}

/// The printed request as the support server would have received it, for the
/// independent SigV4 verifier.
fn as_received(request: &Value) -> Received {
    let url = request["url"].as_str().unwrap();
    let target = url.splitn(4, '/').nth(3).map(|t| format!("/{t}")).unwrap_or_default();
    let headers = request["headers"].as_object().unwrap();
    Received {
        method: request["method"].as_str().unwrap().to_owned(),
        target,
        headers: headers.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap().to_owned())).collect(),
        body: if request["body"].is_null() { Vec::new() } else { serde_json::to_vec(&request["body"]).unwrap() },
    }
}

/// Whether `shown` is `real` with some values redacted: a string holding
/// `**redacted**` where the real one has the value, or `** redacted **` in
/// place of a whole value.
fn redacted_from(shown: &Value, real: &Value) -> bool {
    match (shown, real) {
        (Value::String(s), _) if s == "** redacted **" => true,
        (Value::String(s), Value::String(r)) => {
            let parts: Vec<&str> = s.split("**redacted**").collect();
            let mut rest = r.as_str();
            parts.iter().enumerate().all(|(i, part)| match rest.find(part) {
                Some(at) if i > 0 || at == 0 => {
                    rest = &rest[at + part.len()..];
                    true
                }
                _ => false,
            }) && (parts.len() > 1 || rest.is_empty())
        }
        (Value::Object(s), Value::Object(r)) => {
            s.len() == r.len() && s.iter().all(|(k, v)| r.get(k).is_some_and(|real| redacted_from(v, real)))
        }
        (Value::Array(s), Value::Array(r)) => s.len() == r.len() && s.iter().zip(r).all(|(s, r)| redacted_from(s, r)),
        _ => shown == real,
    }
}

/// One operation's invocation and the request it must print.
struct Case {
    /// The command and its flags (the network ID included where modelled).
    args: &'static [&'static str],
    method: &'static str,
    /// Path and query, percent-encoded, as sent.
    target: &'static str,
    /// The JSON body; `null` when no member is bound to the body.
    body: Value,
    /// The `X-Client-Token` sent, for operations with an idempotency token;
    /// `Some("")` when none is given, so a fresh one must be generated.
    client_token: Option<&'static str>,
}

/// One invocation per operation, with the request written out by hand from
/// the model's `http` traits and member bindings.
fn cases() -> Vec<Case> {
    let case = |args, method, target, body, client_token| Case { args, method, target, body, client_token };
    vec![
        case(
            &[
                "batch-create-user",
                "--network-id",
                NET,
                "--users",
                r#"[{"username":"ada@example.com","securityGroupIds":["sg-1"],"firstName":"Ada"}]"#,
                "--client-token",
                "tok-1",
            ],
            "POST",
            "/networks/12345678/users",
            json!({"users": [{"username": "ada@example.com", "securityGroupIds": ["sg-1"], "firstName": "Ada"}]}),
            Some("tok-1"),
        ),
        case(
            &["batch-delete-user", "--network-id", NET, "--user-ids", "1", "2", "--client-token", "tok-2"],
            "POST",
            "/networks/12345678/users/batch-delete",
            json!({"userIds": ["1", "2"]}),
            Some("tok-2"),
        ),
        case(
            &["batch-lookup-user-uname", "--network-id", NET, "--unames", "h1", "--unames", "h2"],
            "POST",
            "/networks/12345678/users/uname-lookup",
            json!({"unames": ["h1", "h2"]}),
            Some(""),
        ),
        case(
            &["batch-reinvite-user", "--network-id", NET, "--user-ids", "7", "--client-token", "tok-3"],
            "PATCH",
            "/networks/12345678/users/re-invite",
            json!({"userIds": ["7"]}),
            Some("tok-3"),
        ),
        case(
            &[
                "batch-reset-devices-for-user",
                "--network-id",
                NET,
                "--user-id",
                "42",
                "--app-ids",
                "a1",
                "a2",
                "--client-token",
                "tok-4",
            ],
            "PATCH",
            "/networks/12345678/users/42/devices",
            json!({"appIds": ["a1", "a2"]}),
            Some("tok-4"),
        ),
        case(
            &[
                "batch-toggle-user-suspend-status",
                "--network-id",
                NET,
                "--suspend",
                "--user-ids",
                "7",
                "--client-token",
                "t5",
            ],
            "PATCH",
            "/networks/12345678/users/toggleSuspend?suspend=true",
            json!({"userIds": ["7"]}),
            Some("t5"),
        ),
        case(
            &[
                "create-bot",
                "--network-id",
                NET,
                "--username",
                "bot1",
                "--group-id",
                "g1",
                "--challenge",
                "s3cret",
                "--display-name",
                "Bot One",
            ],
            "POST",
            "/networks/12345678/bots",
            json!({"username": "bot1", "groupId": "g1", "challenge": "s3cret", "displayName": "Bot One"}),
            None,
        ),
        case(
            &["create-data-retention-bot", "--network-id", NET],
            "POST",
            "/networks/12345678/data-retention-bots",
            Value::Null,
            None,
        ),
        case(
            &["create-data-retention-bot-challenge", "--network-id", NET],
            "POST",
            "/networks/12345678/data-retention-bots/challenge",
            Value::Null,
            None,
        ),
        case(
            &["create-network", "--network-name", "Ops", "--access-level", "PREMIUM", "--enable-premium-free-trial"],
            "POST",
            "/networks",
            json!({"networkName": "Ops", "accessLevel": "PREMIUM", "enablePremiumFreeTrial": true}),
            None,
        ),
        case(
            &[
                "create-security-group",
                "--network-id",
                NET,
                "--name",
                "Admins",
                "--security-group-settings",
                r#"{"lockoutThreshold":5}"#,
                "--client-token",
                "tok-6",
            ],
            "POST",
            "/networks/12345678/security-groups",
            json!({"name": "Admins", "securityGroupSettings": {"lockoutThreshold": 5}}),
            Some("tok-6"),
        ),
        case(
            &["delete-bot", "--network-id", NET, "--bot-id", "9"],
            "DELETE",
            "/networks/12345678/bots/9",
            Value::Null,
            None,
        ),
        case(
            &["delete-data-retention-bot", "--network-id", NET],
            "DELETE",
            "/networks/12345678/data-retention-bots",
            Value::Null,
            None,
        ),
        case(
            &["delete-network", "--network-id", NET, "--client-token", "tok-7"],
            "DELETE",
            "/networks/12345678",
            Value::Null,
            Some("tok-7"),
        ),
        case(
            &["delete-security-group", "--network-id", NET, "--group-id", "sg 1"],
            "DELETE",
            "/networks/12345678/security-groups/sg%201",
            Value::Null,
            None,
        ),
        case(&["get-bot", "--network-id", NET, "--bot-id", "9"], "GET", "/networks/12345678/bots/9", Value::Null, None),
        case(&["get-bots-count", "--network-id", NET], "GET", "/networks/12345678/bots/count", Value::Null, None),
        case(
            &["get-data-retention-bot", "--network-id", NET],
            "GET",
            "/networks/12345678/data-retention-bots",
            Value::Null,
            None,
        ),
        case(
            &["get-guest-user-history-count", "--network-id", NET],
            "GET",
            "/networks/12345678/guest-users/count",
            Value::Null,
            None,
        ),
        case(&["get-network", "--network-id", NET], "GET", "/networks/12345678", Value::Null, None),
        case(&["get-network-settings", "--network-id", NET], "GET", "/networks/12345678/settings", Value::Null, None),
        case(
            &[
                "get-oidc-info",
                "--network-id",
                NET,
                "--client-id",
                "c1",
                "--code",
                "abc",
                "--grant-type",
                "authorization_code",
                "--redirect-uri",
                "https://app.example/cb",
            ],
            "GET",
            "/networks/12345678/oidc?clientId=c1&code=abc&grantType=authorization_code&redirectUri=https%3A%2F%2Fapp.example%2Fcb",
            Value::Null,
            None,
        ),
        case(&["get-opentdf-config", "--network-id", NET], "GET", "/networks/12345678/tdf", Value::Null, None),
        case(
            &["get-security-group", "--network-id", NET, "--group-id", "sg-1"],
            "GET",
            "/networks/12345678/security-groups/sg-1",
            Value::Null,
            None,
        ),
        case(
            &[
                "get-user",
                "--network-id",
                NET,
                "--user-id",
                "42",
                "--start-time",
                "2024-01-02T03:04:05Z",
                "--end-time",
                "1704250000",
            ],
            "GET",
            "/networks/12345678/users/42?endTime=1704250000&startTime=1704164645",
            Value::Null,
            None,
        ),
        case(&["get-users-count", "--network-id", NET], "GET", "/networks/12345678/users/count", Value::Null, None),
        case(
            &["list-blocked-guest-users", "--network-id", NET, "--max-results", "5", "--sort-direction", "DESC"],
            "GET",
            "/networks/12345678/guest-users/blocklist?maxResults=5&sortDirection=DESC",
            Value::Null,
            None,
        ),
        case(
            &["list-bots", "--network-id", NET, "--status", "PENDING", "--display-name", "Ops bot"],
            "GET",
            "/networks/12345678/bots?displayName=Ops%20bot&status=1",
            Value::Null,
            None,
        ),
        case(
            &["list-devices-for-user", "--network-id", NET, "--user-id", "42", "--sort-fields", "lastLogin"],
            "GET",
            "/networks/12345678/users/42/devices?sortFields=lastLogin",
            Value::Null,
            None,
        ),
        case(
            &["list-guest-users", "--network-id", NET, "--billing-period", "2025-01", "--username", "guest"],
            "GET",
            "/networks/12345678/guest-users?billingPeriod=2025-01&username=guest",
            Value::Null,
            None,
        ),
        case(
            &["list-networks", "--max-results", "10", "--sort-fields", "networkName", "--sort-direction", "ASC"],
            "GET",
            "/networks?maxResults=10&sortDirection=ASC&sortFields=networkName",
            Value::Null,
            None,
        ),
        case(
            &["list-security-group-users", "--network-id", NET, "--group-id", "sg-1", "--next-token", "abc"],
            "GET",
            "/networks/12345678/security-groups/sg-1/users?nextToken=abc",
            Value::Null,
            None,
        ),
        case(
            &["list-security-groups", "--network-id", NET, "--max-results", "100"],
            "GET",
            "/networks/12345678/security-groups?maxResults=100",
            Value::Null,
            None,
        ),
        case(
            &["list-users", "--network-id", NET, "--first-name", "Ada", "--status", "ACTIVE", "--group-id", "sg-1"],
            "GET",
            "/networks/12345678/users?firstName=Ada&groupId=sg-1&status=2",
            Value::Null,
            None,
        ),
        case(
            &[
                "register-oidc-config",
                "--network-id",
                NET,
                "--company-id",
                "acme",
                "--issuer",
                "https://idp.example",
                "--scopes",
                "openid email",
                "--sso-token-buffer-minutes",
                "5",
            ],
            "POST",
            "/networks/12345678/oidc/save",
            json!({"companyId": "acme", "issuer": "https://idp.example", "scopes": "openid email", "ssoTokenBufferMinutes": 5}),
            None,
        ),
        case(
            &[
                "register-oidc-config-test",
                "--network-id",
                NET,
                "--issuer",
                "https://idp.example",
                "--scopes",
                "openid",
            ],
            "POST",
            "/networks/12345678/oidc/test",
            json!({"issuer": "https://idp.example", "scopes": "openid"}),
            None,
        ),
        // The member `dryRun` is `--input-dry-run`: `--dry-run` is the tool's own.
        case(
            &[
                "register-opentdf-config",
                "--network-id",
                NET,
                "--client-id",
                "c",
                "--client-secret",
                "s",
                "--domain",
                "d.example",
                "--provider",
                "p",
                "--input-dry-run",
            ],
            "POST",
            "/networks/12345678/tdf?dryRun=true",
            json!({"clientId": "c", "clientSecret": "s", "domain": "d.example", "provider": "p"}),
            None,
        ),
        case(
            &["update-bot", "--network-id", NET, "--bot-id", "9", "--display-name", "New", "--no-suspend"],
            "PATCH",
            "/networks/12345678/bots/9",
            json!({"displayName": "New", "suspend": false}),
            None,
        ),
        case(
            &["update-data-retention", "--network-id", NET, "--action-type", "ENABLE"],
            "PATCH",
            "/networks/12345678/data-retention-bots",
            json!({"actionType": "ENABLE"}),
            None,
        ),
        case(
            &["update-guest-user", "--network-id", NET, "--username-hash", "abc/def", "--block"],
            "PATCH",
            "/networks/12345678/guest-users/abc%2Fdef",
            json!({"block": true}),
            None,
        ),
        case(
            &["update-network", "--network-id", NET, "--network-name", "Renamed", "--client-token", "tok-8"],
            "PATCH",
            "/networks/12345678",
            json!({"networkName": "Renamed"}),
            Some("tok-8"),
        ),
        case(
            &["update-network-settings", "--network-id", NET, "--settings", r#"{"dataRetention":true}"#],
            "PATCH",
            "/networks/12345678/settings",
            json!({"settings": {"dataRetention": true}}),
            None,
        ),
        case(
            &["update-security-group", "--network-id", NET, "--group-id", "sg-1", "--name", "Renamed"],
            "PATCH",
            "/networks/12345678/security-groups/sg-1",
            json!({"name": "Renamed"}),
            None,
        ),
        case(
            &["update-user", "--network-id", NET, "--user-id", "42", "--user-details", r#"{"firstName":"Ada"}"#],
            "PATCH",
            "/networks/12345678/users",
            json!({"userId": "42", "userDetails": {"firstName": "Ada"}}),
            None,
        ),
    ]
}

/// `ListUsers` → `list-users`.
fn kebab(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

fn shipped_ir() -> codegen::ir::Ir {
    codegen::ir::build_from_str(&sdk_tests::shipped_model(), &sdk_tests::shipped_config()).expect("the model builds")
}

#[test]
fn the_cases_cover_every_operation_of_the_model() {
    let ir = shipped_ir();
    let commands: BTreeSet<String> = cases().iter().map(|case| case.args[0].to_owned()).collect();
    let operations: BTreeSet<String> = ir.operations.iter().map(|op| kebab(&op.name)).collect();
    assert_eq!(commands, operations, "add a case for each new operation (and drop removed ones)");
    assert_eq!(cases().len(), ir.operations.len(), "one case per operation");
    for case in cases() {
        let op = ir.operations.iter().find(|op| kebab(&op.name) == case.args[0]).unwrap();
        assert_eq!(case.method, op.http.method, "{}", op.name);
        // The path has the pattern's literal segments where the pattern has them.
        let path: Vec<&str> = case.target.split('?').next().unwrap().split('/').skip(1).collect();
        assert_eq!(path.len(), op.http.uri.segments.len(), "{}: {}", op.name, case.target);
        for (sent, pattern) in path.iter().zip(&op.http.uri.segments) {
            if let Segment::Literal(text) = pattern {
                assert_eq!(sent, text, "{}", op.name);
            }
        }
    }
}

#[test]
fn every_operation_dry_runs_as_the_client_sends_it() {
    for case in cases() {
        let request = dry_run(case.args);
        let name = case.args[0];
        let keys: Vec<&String> = request.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 4, "{name}: {request}");
        assert_eq!(request["method"], case.method, "{name}");
        // `@sensitive` values are printed redacted, and nothing else differs.
        let url = format!("https://{HOST}{}", case.target);
        assert!(redacted_from(&request["url"], &json!(url)), "{name}: {} for {url}", request["url"]);
        assert!(redacted_from(&request["body"], &case.body), "{name}: {} for {}", request["body"], case.body);
        let headers = &request["headers"];
        let content_type = if case.body.is_null() { Value::Null } else { json!("application/json") };
        assert_eq!(headers.get("content-type").cloned().unwrap_or(Value::Null), content_type, "{name}");
        match case.client_token {
            Some("") => assert_eq!(headers["x-client-token"].as_str().map(str::len), Some(36), "{name}: a fresh UUID"),
            Some(token) => assert_eq!(headers["x-client-token"], token, "{name}"),
            None => assert_eq!(headers.get("x-client-token"), None, "{name}"),
        }
        assert_eq!(headers["host"], HOST, "{name}");
        assert_eq!(headers["amz-sdk-request"], "attempt=1; max=3", "{name}");
        assert!(headers["user-agent"].as_str().unwrap().contains(" api/wickr/2024-02-01 "), "{name}");
        // The signature covers the real values, which the case knows.
        let mut sent = as_received(&request);
        sent.target = case.target.to_owned();
        sent.body = if case.body.is_null() { Vec::new() } else { serde_json::to_vec(&case.body).unwrap() };
        let auth = verify_sigv4(&sent, ACCESS_KEY, SECRET_KEY)
            .unwrap_or_else(|e| panic!("{name}: the printed request is not validly signed: {e:?}"));
        assert_eq!((auth.region.as_str(), auth.service.as_str()), ("us-east-1", "wickr"), "{name}");
    }
}

#[test]
fn booleans_take_a_no_form() {
    let request =
        dry_run(&["batch-toggle-user-suspend-status", "--network-id", NET, "--no-suspend", "--user-ids", "7"]);
    assert!(request["url"].as_str().unwrap().ends_with("/users/toggleSuspend?suspend=false"), "{request}");
    let output =
        run(&["update-bot", "--network-id", NET, "--bot-id", "9", "--suspend", "--no-suspend", "--dry-run"], &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");
}

#[test]
fn global_options_go_before_or_after_the_command() {
    let before = dry_run(&[
        "--region",
        "eu-west-1",
        "--endpoint-url",
        "https://example.test/base",
        "get-network",
        "--network-id",
        NET,
    ]);
    let after = dry_run(&[
        "get-network",
        "--network-id",
        NET,
        "--region",
        "eu-west-1",
        "--endpoint-url",
        "https://example.test/base",
    ]);
    for request in [&before, &after] {
        assert_eq!(request["url"], "https://example.test/base/networks/12345678");
        let auth = verify_sigv4(&as_received(request), ACCESS_KEY, SECRET_KEY).unwrap();
        assert_eq!(auth.region, "eu-west-1");
    }
    let output = run(
        &["--no-paginate", "--max-items", "3", "--output", "json", "--dry-run", "list-users", "--network-id", NET],
        &[],
    );
    assert_eq!(json_out(&output)["url"], format!("https://{HOST}/networks/12345678/users"));
}

#[test]
fn the_environment_configures_the_tool_as_it_does_the_client() {
    let fips = json_out(&run(&["get-network", "--network-id", NET, "--dry-run"], &[("AWS_USE_FIPS_ENDPOINT", "true")]));
    assert_eq!(fips["url"], "https://admin.wickr-fips.us-east-1.amazonaws.com/networks/12345678");
    let dual = run(&["get-network", "--network-id", NET, "--dry-run"], &[("AWS_USE_DUALSTACK_ENDPOINT", "true")]);
    assert_eq!(json_out(&dual)["url"], "https://admin.wickr.us-east-1.api.aws/networks/12345678");
    let endpoint =
        run(&["get-network", "--network-id", NET, "--dry-run"], &[("AWS_ENDPOINT_URL_WICKR", "http://127.0.0.1:9")]);
    assert_eq!(json_out(&endpoint)["url"], "http://127.0.0.1:9/networks/12345678");

    // `--profile` picks a profile of the shared files.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let credentials = dir.path().join("credentials");
    std::fs::write(&config, "[profile ops]\nregion = eu-central-1\n").unwrap();
    std::fs::write(&credentials, format!("[ops]\naws_access_key_id = AKIDOPS\naws_secret_access_key = {SECRET_KEY}\n"))
        .unwrap();
    let env = [
        ("HOME", "/nonexistent-home".to_owned()),
        ("AWS_CONFIG_FILE", config.display().to_string()),
        ("AWS_SHARED_CREDENTIALS_FILE", credentials.display().to_string()),
    ];
    let request = json_out(&run_env(&["--profile", "ops", "get-network", "--network-id", NET, "--dry-run"], &env));
    assert_eq!(request["url"], "https://admin.wickr.eu-central-1.amazonaws.com/networks/12345678");
    assert_eq!(verify_sigv4(&as_received(&request), "AKIDOPS", SECRET_KEY).unwrap().region, "eu-central-1");

    // A session token is signed but not printed.
    let output = run(&["get-network", "--network-id", NET, "--dry-run"], &[("AWS_SESSION_TOKEN", SESSION_TOKEN)]);
    let request = json_out(&output);
    assert_eq!(request["headers"]["x-amz-security-token"], "** redacted **");
    assert!(request["headers"]["authorization"].as_str().unwrap().contains("x-amz-security-token"));
    assert!(!stdout(&output).contains(SESSION_TOKEN));
}

#[test]
fn without_credentials_a_dry_run_prints_the_request_unsigned_with_a_note() {
    let env: Vec<_> =
        base_env().into_iter().filter(|(k, _)| !k.starts_with("AWS_ACCESS") && !k.starts_with("AWS_SECRET")).collect();
    let output =
        run_env(&["update-data-retention", "--network-id", NET, "--action-type", "DISABLE", "--dry-run"], &env);
    let request = json_out(&output);
    assert!(stderr(&output).starts_with("note: the request is shown unsigned: "), "{}", stderr(&output));
    assert_eq!(request["headers"].get("authorization"), None);
    assert_eq!(request["body"], json!({"actionType": "DISABLE"}));
}

#[test]
fn debug_traces_go_to_stderr() {
    let output = run(&["--debug", "get-network", "--network-id", NET, "--dry-run"], &[]);
    json_out(&output);
    assert!(stderr(&output).contains("resolved endpoint"), "{}", stderr(&output));
}

#[test]
fn cli_input_json_from_a_file_with_flags_overriding_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.json");
    std::fs::write(
        &path,
        r#"{"networkId": "12345678", "userId": "41", "userDetails": {"firstName": "Ada", "lastName": "L"}}"#,
    )
    .unwrap();
    let file = format!("file://{}", path.display());
    let request = dry_run(&["update-user", "--cli-input-json", &file, "--user-id", "42"]);
    assert_eq!(request["url"], format!("https://{HOST}/networks/12345678/users"));
    let redacted = "** redacted **";
    assert_eq!(request["body"], json!({"userId": "42", "userDetails": {"firstName": redacted, "lastName": redacted}}));

    // Inline, with timestamps as RFC 3339 or epoch seconds.
    let inline =
        r#"{"networkId": "12345678", "userId": "42", "startTime": "2024-01-02T03:04:05Z", "endTime": 1704250000}"#;
    let request = dry_run(&["get-user", "--cli-input-json", inline]);
    assert_eq!(
        request["url"],
        format!("https://{HOST}/networks/12345678/users/42?endTime=1704250000&startTime=1704164645")
    );
}

/// (args, what stderr must say) for inputs that are wrong: each exits 2,
/// prints nothing on stdout and sends nothing.
fn invalid_inputs(net: &'static str) -> Vec<(Vec<&'static str>, Vec<&'static str>)> {
    vec![
        // required
        (vec!["get-user", "--network-id", net], vec!["userId: is required but was not set (--user-id)"]),
        // length
        (
            vec!["update-network", "--network-id", net, "--network-name", "a-name-longer-than-twenty"],
            vec!["networkName: length 25 is not between 1 and 20 (--network-name)"],
        ),
        // range
        (
            vec!["list-users", "--network-id", net, "--max-results", "101"],
            vec!["maxResults: value 101 is not between 1 and 100 (--max-results)"],
        ),
        (
            vec!["list-users", "--network-id", net, "--max-results", "-1"],
            vec!["maxResults: value -1 is not between 1 and 100 (--max-results)"],
        ),
        // pattern
        (
            vec!["get-bot", "--network-id", net, "--bot-id", "abc"],
            vec!["botId: does not match the pattern `^[0-9]+$` (--bot-id)"],
        ),
        // every violation at once, nested paths included
        (
            vec!["batch-delete-user", "--network-id", "1234", "--user-ids", "1", "--client-token", "bad token"],
            vec![
                "networkId: length 4 is not between 8 and 8 (--network-id)",
                "networkId: does not match the pattern",
                "clientToken: does not match the pattern",
            ],
        ),
        // values that do not fit the member's type
        (
            vec!["list-users", "--network-id", net, "--max-results", "ten"],
            vec!["--max-results: `ten` is not an integer"],
        ),
        (vec!["get-user", "--network-id", net, "--user-id", "1", "--start-time", "soon"], vec!["--start-time: `soon`"]),
        (
            vec!["update-user", "--network-id", net, "--user-id", "1", "--user-details", "{"],
            vec!["--user-details: invalid JSON"],
        ),
        (vec!["batch-create-user", "--network-id", net, "--users", "[{}]"], vec!["users: missing required member"]),
        (
            vec!["get-network", "--cli-input-json", r#"{"networkID": "12345678"}"#],
            vec![r#"Unknown parameter in input: "networkID", must be one of: networkId"#],
        ),
        // unknown keys nested in structures, and structures that are not objects
        (
            vec![
                "batch-create-user",
                "--network-id",
                net,
                "--users",
                r#"[{"username":"u","securityGroupIds":["s"],"bogus":1}]"#,
            ],
            vec![r#"Unknown parameter in users[0]: "bogus", must be one of: "#, "username"],
        ),
        (
            vec![
                "update-user",
                "--cli-input-json",
                r#"{"networkId":"12345678","userId":"1","userDetails":{"firstName":"A","extra":2}}"#,
            ],
            vec![r#"Unknown parameter in userDetails: "extra""#],
        ),
        (
            vec!["update-user", "--network-id", net, "--user-id", "1", "--user-details", r#"["Ada","L"]"#],
            vec!["userDetails: invalid type: sequence"],
        ),
        // usage
        (vec!["get-network", "--network-id", net, "--bogus"], vec!["--bogus"]),
        (vec!["no-such-command"], vec!["no-such-command"]),
    ]
}

#[test]
fn invalid_input_exits_2_naming_the_field_and_sends_nothing() {
    const NOTHING: &str = "10000003";
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(TestServer::start(|_, _| Reply::json(200, "{}")));
    let url = server.url();
    for (args, expected) in invalid_inputs(NOTHING) {
        // Once as a dry run, once for real against the server.
        for dry in [true, false] {
            let mut all: Vec<&str> = args.clone();
            all.extend(["--endpoint-url", &url]);
            if dry {
                all.push("--dry-run");
            }
            let output = run(&all, &[]);
            assert_eq!(output.status.code(), Some(2), "{all:?}: {}", stderr(&output));
            assert_eq!(stdout(&output), "", "{all:?}");
            for text in &expected {
                assert!(stderr(&output).contains(text), "{all:?}: expected {text:?} in\n{}", stderr(&output));
            }
        }
    }
    assert!(server.received().is_empty(), "sent: {:?}", server.received());
}

fn user(name: &str) -> Value {
    json!({"username": name, "userId": name.trim_start_matches('u')})
}

/// Three pages of users (tokens t1, t2), a user that does not exist, and `{}` for anything else.
fn respond(request: &Received, _: usize) -> Reply {
    let page = |users: Vec<Value>, token: Option<&str>| {
        let mut body = json!({"users": users});
        if let Some(token) = token {
            body["nextToken"] = json!(token);
        }
        Reply::json(200, &body.to_string())
    };
    match (request.path(), request.query_param("nextToken").as_deref()) {
        ("/networks/10000001/users", None) => page(vec![user("u1")], Some("t1")),
        ("/networks/10000001/users", Some("t1")) => page(vec![user("u2"), user("u3")], Some("t2")),
        ("/networks/10000001/users", Some("t2")) => page(vec![user("u4")], None),
        ("/networks/10000002/users/404", _) => Reply::json(404, r#"{"message": "User 404 was not found"}"#)
            .with_header("x-amzn-errortype", "ResourceNotFoundError"),
        _ => Reply::json(200, "{}"),
    }
}

/// `list-users` of network 10000001 on `server` with `extra` arguments: the
/// JSON printed, and the `nextToken` of each request it sent.
fn list_users(server: &TestServer, extra: &[&str]) -> (Value, Vec<Option<String>>) {
    let url = server.url();
    let mut args = vec!["list-users", "--network-id", "10000001", "--endpoint-url", &url];
    args.extend(extra);
    let before = server.received().len();
    let output = json_out(&run(&args, &[]));
    let sent: Vec<Option<String>> = server.received()[before..].iter().map(|r| r.query_param("nextToken")).collect();
    (output, sent)
}

#[test]
fn against_a_server_pages_merge_and_errors_exit_1() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(TestServer::start(respond));
    let url = server.url();
    let list = |extra: &[&str]| list_users(&server, extra);

    let (all, sent) = list(&[]);
    assert_eq!(all, json!({"users": [user("u1"), user("u2"), user("u3"), user("u4")]}));
    assert_eq!(sent, [None, Some("t1".to_owned()), Some("t2".to_owned())]);

    let (first, sent) = list(&["--no-paginate"]);
    assert_eq!(first, json!({"users": [user("u1")], "nextToken": "t1"}));
    assert_eq!(sent.len(), 1);

    // `--max-items` stops fetching once it has enough, and says where to resume.
    let (mut some, sent) = list(&["--max-items", "2"]);
    let resume = some.as_object_mut().unwrap().remove("NextToken").expect("a NextToken");
    assert_eq!(some, json!({"users": [user("u1"), user("u2")]}));
    assert_eq!(sent.len(), 2);
    let (rest, sent) = list(&["--starting-token", resume.as_str().unwrap()]);
    assert_eq!(rest, json!({"users": [user("u3"), user("u4")]}));
    assert_eq!(sent, [Some("t1".to_owned()), Some("t2".to_owned())]);
    let (all_of_them, _) = list(&["--max-items", "4"]);
    assert_eq!(all_of_them.get("NextToken"), None, "nothing is left");

    // Each request arrived signed.
    for request in server.received() {
        verify_sigv4(&request, ACCESS_KEY, SECRET_KEY).unwrap();
    }

    // A modelled error: its code and message on stderr, exit 1.
    let output = run(&["get-user", "--network-id", "10000002", "--user-id", "404", "--endpoint-url", &url], &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output).trim(),
        "An error occurred (ResourceNotFoundError) when calling the GetUser operation: User 404 was not found"
    );

    // No server at all: a transport error, exit 1.
    let output =
        run(&["get-network", "--network-id", NET, "--endpoint-url", &refused_url()], &[("AWS_MAX_ATTEMPTS", "1")]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).starts_with("error: could not send the request: connection failed"), "{}", stderr(&output));
}

#[test]
fn max_items_can_stop_inside_the_first_page_and_resume_there() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    // Network 10000001's pages, but with three users on the first.
    let server = runtime.block_on(TestServer::start(|request, index| {
        match (request.path(), request.query_param("nextToken").as_deref()) {
            ("/networks/10000001/users", None) => {
                Reply::json(200, &json!({"users": [user("u1"), user("u2"), user("u3")], "nextToken": "t1"}).to_string())
            }
            _ => respond(request, index),
        }
    }));
    let list = |extra: &[&str]| list_users(&server, extra);
    let (mut first, sent) = list(&["--max-items", "2"]);
    let resume = first.as_object_mut().unwrap().remove("NextToken").expect("a NextToken");
    assert_eq!(first, json!({"users": [user("u1"), user("u2")]}));
    assert_eq!(sent, [None], "one page was enough");
    // Resuming asks for the first page again and skips what was printed.
    let (rest, sent) = list(&["--starting-token", resume.as_str().unwrap()]);
    assert_eq!(rest, json!({"users": [user("u3"), user("u2"), user("u3"), user("u4")]}));
    assert_eq!(sent, [None, Some("t1".to_owned()), Some("t2".to_owned())]);
}

#[test]
fn a_silent_server_times_out_with_the_cli_timeouts() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(SilentServer::start());
    let https = format!("https://{}", server.addr);
    let cases = [
        (["--cli-read-timeout", "1"], server.url(), "error: read timeout: the server sent nothing for 1s"),
        // The server never answers the TLS hello.
        (["--cli-connect-timeout", "1"], https, "error: connect timeout: no connection was made within 1s"),
    ];
    for (flags, url, expected) in cases {
        let args = [&["get-network", "--network-id", NET, "--endpoint-url", &url][..], &flags].concat();
        // Two attempts: a timed-out attempt is retried.
        let output = run(&args, &[("AWS_MAX_ATTEMPTS", "2")]);
        assert_eq!((output.status.code(), stdout(&output).as_str()), (Some(1), ""), "{args:?}");
        assert_eq!(stderr(&output).trim(), expected, "{args:?}");
    }
    assert_eq!(server.accepted(), 4, "each of the two attempts, twice");
    let output = run(&["get-network", "--network-id", NET, "--cli-read-timeout", "soon"], &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

#[test]
fn a_region_that_is_not_a_host_label_exits_2_and_sends_nothing() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(TestServer::start(|_, _| Reply::json(200, "{}")));
    let injected = format!("a@{}/", server.addr);
    let token = [("AWS_SESSION_TOKEN", SESSION_TOKEN)];
    let cases = [
        (run(&["--region", &injected, "get-network", "--network-id", NET], &token), "region"),
        (run(&["get-network", "--network-id", NET], &[("AWS_REGION", "evil.example/x")]), "AWS_REGION"),
        (run(&["get-network", "--network-id", NET, "--dry-run"], &[("AWS_REGION", &injected)]), "AWS_REGION"),
    ];
    for (output, setting) in cases {
        assert_eq!((output.status.code(), stdout(&output).as_str()), (Some(2), ""), "{}", stderr(&output));
        let expected = format!("error: {setting} has an invalid value");
        assert!(stderr(&output).starts_with(&expected), "{}", stderr(&output));
        assert!(stderr(&output).contains("host label"), "{}", stderr(&output));
    }
    assert!(server.received().is_empty(), "{:?}", server.received());
}

#[test]
fn endpoint_urls_are_checked_and_keep_their_base_path() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(TestServer::start(|_, _| Reply::json(200, "{}")));
    let addr = server.addr;
    let get = |url: &str| run(&["get-network", "--network-id", NET, "--endpoint-url", url], &[]);
    for (url, problem) in [
        (format!("http://{addr}/base?x=1"), "query"),
        (format!("http://{addr}/#frag"), "fragment"),
        ("http://127.0.0.1:99999".to_owned(), "port"),
        (format!("ftp://{addr}"), "scheme"),
        (format!("http://admin:hunter2@{addr}"), "user info"),
    ] {
        let output = get(&url);
        assert_eq!((output.status.code(), stdout(&output).as_str()), (Some(2), ""), "{url}: {}", stderr(&output));
        let text = stderr(&output);
        assert!(text.starts_with("error: endpoint_url has an invalid value") && text.contains(problem), "{text}");
        assert!(!text.contains("hunter2"), "{text}");
    }
    let output = run(&["get-network", "--network-id", NET], &[("AWS_ENDPOINT_URL", "https://h/?x")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("error: AWS_ENDPOINT_URL has an invalid value"), "{}", stderr(&output));
    assert!(server.received().is_empty(), "{:?}", server.received());

    // The reply does not fit the output; what matters is where the request went.
    get(&format!("http://{addr}/base"));
    assert_eq!(server.received()[0].path(), format!("/base/networks/{NET}"));
}

#[test]
fn sensitive_values_never_reach_the_terminal() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(TestServer::start(|_, _| Reply::json(200, "{}")));
    let url = server.url();
    // `--debug` logs the URL of each attempt; `clientSecret` is a sensitive query member.
    let oidc = ["get-oidc-info", "--network-id", NET, "--client-id", "c1", "--client-secret", "hunter2"];
    let output = run(&[&oidc[..], &["--debug", "--endpoint-url", &url]].concat(), &[]);
    // An empty output prints nothing, as in the AWS CLI.
    assert_eq!((output.status.code(), stdout(&output).as_str()), (Some(0), ""), "{}", stderr(&output));
    let log = stderr(&output);
    assert!(log.contains("clientSecret=**redacted**") && log.contains("clientId=c1"), "{log}");
    assert!(!log.contains("hunter2"), "{log}");
    // It was sent all the same.
    assert_eq!(server.received()[0].query_param("clientSecret").as_deref(), Some("hunter2"));

    // A dry run shows neither sensitive query values nor sensitive body members, nested ones too.
    let request = dry_run(&oidc);
    assert!(request["url"].as_str().unwrap().contains("clientSecret=**redacted**"), "{request}");
    assert!(!request.to_string().contains("hunter2"), "{request}");
    let bot =
        dry_run(&["create-bot", "--network-id", NET, "--username", "b", "--group-id", "g", "--challenge", "pw-1"]);
    assert_eq!(bot["body"]["challenge"], "** redacted **");
    let users = r#"[{"username":"u","securityGroupIds":["s"],"firstName":"Ada","lastName":"Lovelace"}]"#;
    let batch = dry_run(&["batch-create-user", "--network-id", NET, "--users", users]);
    assert_eq!(
        batch["body"]["users"][0],
        json!({"username": "u", "securityGroupIds": ["s"],
        "firstName": "** redacted **", "lastName": "** redacted **"})
    );
    assert!(!bot.to_string().contains("pw-1") && !batch.to_string().contains("Lovelace"));
}

#[test]
fn control_characters_from_the_service_are_escaped() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    // An OSC that retitles the terminal, a CR that overwrites the line, an ANSI colour.
    let message = "gone\u{1b}]0;pwned\u{7}\r\u{1b}[31mAll is fine";
    let body = json!({"message": message}).to_string();
    let server = runtime.block_on(TestServer::start(move |_, _| {
        Reply::json(404, &body).with_header("x-amzn-errortype", "ResourceNotFoundError")
    }));
    let output = run(&["get-network", "--network-id", NET, "--endpoint-url", &server.url()], &[]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(!text.contains(['\u{1b}', '\u{7}', '\r']), "{text:?}");
    assert_eq!(
        text.trim_end(),
        "An error occurred (ResourceNotFoundError) when calling the GetNetwork operation: \
         gone\\u{1b}]0;pwned\\u{7}\\u{d}\\u{1b}[31mAll is fine"
    );
}

#[test]
fn error_pages_that_are_not_json_keep_status_and_code() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(TestServer::start(|request, _| {
        let page = Reply { status: 502, headers: vec![], body: "<html><h1>502 Bad Gateway</h1></html>".into() };
        match request.path() {
            "/networks/10000001" => page,
            _ => Reply { status: 403, ..page }.with_header("x-amzn-errortype", "ForbiddenError"),
        }
    }));
    let get = |net: &str| {
        // One attempt: a 502 is retried, with back-off.
        let args = ["get-network", "--network-id", net, "--endpoint-url", &server.url()];
        let output = run(&args, &[("AWS_MAX_ATTEMPTS", "1")]);
        assert_eq!((output.status.code(), stdout(&output).as_str()), (Some(1), ""));
        stderr(&output).trim_end().to_owned()
    };
    assert_eq!(get("10000001"), "An error occurred (502) when calling the GetNetwork operation: Bad Gateway");
    assert_eq!(get("10000002"), "An error occurred (ForbiddenError) when calling the GetNetwork operation: Forbidden");
}

#[test]
fn a_service_that_repeats_its_token_is_an_error() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(TestServer::start(|request, _| {
        let token = if request.query_param("nextToken").as_deref() == Some("A") { "B" } else { "A" };
        Reply::json(200, &json!({"users": [user("u1")], "nextToken": token}).to_string())
    }));
    let output = run(&["list-users", "--network-id", "10000001", "--endpoint-url", &server.url()], &[]);
    assert_eq!((output.status.code(), stdout(&output).as_str()), (Some(1), ""), "{}", stderr(&output));
    assert_eq!(stderr(&output).trim_end(), "error: The same next token was received twice: A");
    assert_eq!(server.received().len(), 3);
}

#[test]
fn help_shows_the_models_docs() {
    let ir = shipped_ir();
    let output = run(&["--help"], &[]);
    assert_eq!(output.status.code(), Some(0));
    let help = stdout(&output);
    assert!(help.starts_with("AWS Wickr Admin API (API version 2024-02-01)\n"), "{help}");
    assert!(help.contains(ir.service.docs.as_deref().unwrap()), "{help}");
    assert!(help.contains("Usage: wickr-admin [OPTIONS] <COMMAND>"), "{help}");
    for op in &ir.operations {
        let first_sentence = op.docs.as_deref().unwrap().split(". ").next().unwrap();
        assert!(help.contains(&format!("  {}  ", kebab(&op.name))), "{} in {help}", op.name);
        assert!(help.contains(first_sentence), "{first_sentence}");
    }
    for global in
        ["--region", "--profile", "--endpoint-url", "--output", "--no-paginate", "--max-items", "--debug", "--dry-run"]
    {
        assert!(help.contains(global), "{global}");
    }

    let output = run(&["update-security-group", "--help"], &[]);
    assert_eq!(output.status.code(), Some(0));
    let help = stdout(&output);
    let op = ir.operations.iter().find(|op| op.name == "UpdateSecurityGroup").unwrap();
    assert!(help.contains(op.docs.as_deref().unwrap()), "{help}");
    assert!(help.contains("PATCH /networks/{networkId}/security-groups/{groupId}"), "{help}");
    assert!(help.contains("Usage: wickr-admin update-security-group [OPTIONS]"), "{help}");
    let input = ir.structure(&op.input).unwrap();
    for member in &input.members {
        // The member's block: its flag line, then indented lines up to a blank one.
        let flag = format!("--{} ", kebab(&member.name));
        let block: Vec<&str> = help
            .lines()
            .skip_while(|line| !line.trim_start().starts_with(&flag))
            .skip(1)
            .take_while(|line| !line.is_empty())
            .map(str::trim)
            .collect();
        let block = block.join("\n");
        for paragraph in member.docs.as_deref().unwrap().split("\n\n") {
            assert!(block.contains(paragraph), "{paragraph:?} under {flag} in {help}");
        }
        assert_eq!(block.contains("[required"), member.required, "{flag}: {block}");
    }
    assert!(help.contains("[required; exactly 8 characters; pattern ^[0-9]{8}$]"), "{help}");
    assert!(help.contains("--security-group-settings <JSON>"), "{help}");
    assert!(help.contains("--cli-input-json <JSON>"), "{help}");

    // -h is the summary, and the version is the crate's.
    assert_eq!(run(&["update-security-group", "-h"], &[]).status.code(), Some(0));
    let version = run(&["--version"], &[]);
    assert_eq!(stdout(&version).trim(), "wickr-admin 0.1.0");
    // No command: the help, as a usage error.
    let output = run(&[], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("Usage: wickr-admin"), "{}", stderr(&output));
}

/// The tool signing with credentials from each source it finds without
/// calling another AWS service: the container endpoint, IMDSv2 and
/// `credential_process`, each a server or script of the test's own.
mod credential_sources {
    use super::*;

    /// The base environment without its keys, plus `extra` (which wins).
    fn without_keys(extra: Vec<(&'static str, String)>) -> Vec<(&'static str, String)> {
        let mut env: Vec<_> = base_env()
            .into_iter()
            .filter(|(k, _)| !k.starts_with("AWS_ACCESS") && !k.starts_with("AWS_SECRET"))
            .collect();
        env.extend(extra);
        env
    }

    /// A dry run of `get-network` (after the `global` options) in `env`: its
    /// printed request must be signed with `access_key` and `session_token`,
    /// and the token must not be printed.
    fn dry_run_signed_by(global: &[&str], env: &[(&str, String)], access_key: &str, session_token: &str) {
        let output = run_env(&[global, &["get-network", "--network-id", NET, "--dry-run"]].concat(), env);
        assert_eq!(stderr(&output), "");
        let request = json_out(&output);
        // The token is printed redacted; the signature covers the real one, which the test knows.
        let mut received = as_received(&request);
        for (name, value) in &mut received.headers {
            if name == "x-amz-security-token" {
                *value = session_token.to_owned();
            }
        }
        let auth = verify_sigv4(&received, access_key, SECRET_KEY)
            .unwrap_or_else(|e| panic!("not signed with {access_key}: {e:?}\n{request}"));
        assert_eq!((auth.region.as_str(), auth.service.as_str()), ("us-east-1", "wickr"));
        assert_eq!(request["headers"]["x-amz-security-token"], "** redacted **");
        assert!(!stdout(&output).contains(session_token), "{}", stdout(&output));
    }

    fn credentials(access_key: &str, session_token: &str) -> String {
        json!({
            "Code": "Success",
            "AccessKeyId": access_key,
            "SecretAccessKey": SECRET_KEY,
            "Token": session_token,
            "Expiration": "2099-01-01T00:00:00Z",
        })
        .to_string()
    }

    #[test]
    fn dry_run_signs_with_container_credentials() {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let server = runtime.block_on(TestServer::start(|request, _| match request.header("authorization") {
            Some("container-auth") => Reply::json(200, &credentials("AKIDCONTAINER", "container-session")),
            _ => Reply::json(401, r#"{"message": "no"}"#),
        }));
        let env = without_keys(vec![
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", format!("{}/v2/credentials/task", server.url())),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "container-auth".to_owned()),
        ]);
        dry_run_signed_by(&[], &env, "AKIDCONTAINER", "container-session");
        let asked = server.received();
        assert_eq!(asked.len(), 1);
        assert_eq!(
            (asked[0].path(), asked[0].header("authorization")),
            ("/v2/credentials/task", Some("container-auth"))
        );
    }

    #[test]
    fn dry_run_signs_with_instance_metadata_credentials() {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let server = runtime.block_on(TestServer::start(|request, _| {
            let token = request.header("x-aws-ec2-metadata-token");
            match (request.method.as_str(), request.path(), token) {
                ("PUT", "/latest/api/token", None) => Reply { status: 200, headers: vec![], body: "session-1".into() },
                ("GET", "/latest/meta-data/iam/security-credentials/", Some("session-1")) => {
                    Reply { status: 200, headers: vec![], body: "instance-role".into() }
                }
                ("GET", "/latest/meta-data/iam/security-credentials/instance-role", Some("session-1")) => {
                    Reply::json(200, &credentials("AKIDINSTANCE", "instance-session"))
                }
                _ => Reply { status: 401, headers: vec![], body: Vec::new() },
            }
        }));
        let env = without_keys(vec![
            ("AWS_EC2_METADATA_DISABLED", "false".to_owned()),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", server.url()),
        ]);
        dry_run_signed_by(&[], &env, "AKIDINSTANCE", "instance-session");
        let asked: Vec<String> = server.received().iter().map(|r| format!("{} {}", r.method, r.path())).collect();
        assert_eq!(
            asked,
            [
                "PUT /latest/api/token",
                "GET /latest/meta-data/iam/security-credentials/",
                "GET /latest/meta-data/iam/security-credentials/instance-role"
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn dry_run_signs_with_credential_process_credentials() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let helper = dir.path().join("helper");
        let output = json!({
            "Version": 1,
            "AccessKeyId": "AKIDPROCESS",
            "SecretAccessKey": SECRET_KEY,
            "SessionToken": "process-session",
        });
        std::fs::write(&helper, format!("#!/bin/sh\nprintf '%s' '{output}'\n")).unwrap();
        std::fs::set_permissions(&helper, std::fs::Permissions::from_mode(0o755)).unwrap();
        let config = dir.path().join("config");
        std::fs::write(&config, format!("[profile tool]\ncredential_process = {}\n", helper.display())).unwrap();
        // Later variables win: this config file replaces the base environment's.
        let env = without_keys(vec![("AWS_CONFIG_FILE", config.display().to_string())]);
        dry_run_signed_by(&["--profile", "tool"], &env, "AKIDPROCESS", "process-session");
    }
}
