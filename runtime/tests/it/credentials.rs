//! Credentials and region from explicit env maps and temporary shared files,
//! and each credentials source signing a real request: container, instance
//! metadata and `credential_process` always, SSO, assume-role and web
//! identity with the `aws-config` feature, every endpoint a server on
//! 127.0.0.1. The environment is always a fixed map: nothing here reads the
//! machine's variables or `~/.aws`, and the instance metadata service is
//! disabled unless a test points it at its own server.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use sdk_runtime::client::{Handle, OperationInfo, ServiceInfo};
use sdk_runtime::config::ConfigBuilder;
use sdk_runtime::credentials::{
    CachingProvider, ChainProvider, ContainerProvider, Credentials, CredentialsError, ProcessProvider, ProfileProvider,
    ProvideCredentials,
};
use sdk_runtime::encoding::{DateTime, TimestampFormat};
use sdk_runtime::env::Env;
use sdk_runtime::http::{HttpRequest, Method};
use test_support::{Received, Reply, TestServer, refused_url, verify_sigv4};

const CONFIG: &str = "\
[default]
region = us-west-2

[profile dev]
region = eu-central-1
use_fips_endpoint = true
endpoint_url = http://localhost:4566

[profile keys-in-config]
aws_access_key_id = AKIDCONFIG
aws_secret_access_key = config-secret
";

const CREDENTIALS: &str = "\
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = default-secret

[dev]
aws_access_key_id = AKIDDEV
aws_secret_access_key = dev-secret
aws_session_token = dev-token
";

fn write_files(dir: &Path) -> (String, String) {
    let config = dir.join("config");
    let credentials = dir.join("credentials");
    std::fs::write(&config, CONFIG).unwrap();
    std::fs::write(&credentials, CREDENTIALS).unwrap();
    (config.display().to_string(), credentials.display().to_string())
}

fn env(dir: &Path, extra: &[(&str, &str)]) -> Env {
    let (config, credentials) = write_files(dir);
    let mut vars = vec![
        ("AWS_CONFIG_FILE".to_owned(), config),
        ("AWS_SHARED_CREDENTIALS_FILE".to_owned(), credentials),
        ("AWS_EC2_METADATA_DISABLED".to_owned(), "true".to_owned()),
    ];
    vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Env::from_vars(vars)
}

async fn load(env: &Env) -> Result<Credentials, CredentialsError> {
    ChainProvider::default_chain(env).provide_credentials().await
}

#[tokio::test]
async fn environment_variables_win_over_files() {
    let dir = tempfile::tempdir().unwrap();
    let env = env(
        dir.path(),
        &[
            ("AWS_ACCESS_KEY_ID", "AKIDENV"),
            ("AWS_SECRET_ACCESS_KEY", "env-secret"),
            ("AWS_SESSION_TOKEN", "env-token"),
        ],
    );
    let creds = load(&env).await.unwrap();
    assert_eq!(
        (creds.access_key_id(), creds.secret_access_key(), creds.session_token()),
        ("AKIDENV", "env-secret", Some("env-token"))
    );
}

#[tokio::test]
async fn default_and_selected_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let creds = load(&env(dir.path(), &[])).await.unwrap();
    assert_eq!((creds.access_key_id(), creds.session_token()), ("AKIDDEFAULT", None));

    let creds = load(&env(dir.path(), &[("AWS_PROFILE", "dev")])).await.unwrap();
    assert_eq!(
        (creds.access_key_id(), creds.secret_access_key(), creds.session_token()),
        ("AKIDDEV", "dev-secret", Some("dev-token"))
    );

    // `[profile x]` sections of the config file may hold keys too.
    let creds = load(&env(dir.path(), &[("AWS_PROFILE", "keys-in-config")])).await.unwrap();
    assert_eq!(creds.access_key_id(), "AKIDCONFIG");

    let creds = ProfileProvider::new(env(dir.path(), &[])).with_profile("dev").load().await.unwrap();
    assert_eq!(creds.access_key_id(), "AKIDDEV");
}

#[tokio::test]
async fn missing_and_broken_sources() {
    let dir = tempfile::tempdir().unwrap();
    let missing = load(&env(dir.path(), &[("AWS_PROFILE", "nope")])).await.unwrap_err();
    assert!(matches!(missing, CredentialsError::NotLoaded(_)), "{missing}");

    let none = Env::from_vars([
        ("AWS_CONFIG_FILE", "/nonexistent/a"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/b"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]);
    assert!(matches!(load(&none).await, Err(CredentialsError::NotLoaded(_))));

    std::fs::write(dir.path().join("broken"), "[default]\nthis line is broken\n").unwrap();
    let broken = Env::from_vars([
        ("AWS_CONFIG_FILE", dir.path().join("broken").display().to_string()),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent".to_owned()),
    ]);
    let error = load(&broken).await.unwrap_err();
    assert!(matches!(error, CredentialsError::Profile(_)), "{error}");
    assert!(error.to_string().contains("line 2"), "{error}");
}

#[tokio::test]
async fn home_directory_defaults() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".aws")).unwrap();
    std::fs::write(home.path().join(".aws/credentials"), CREDENTIALS).unwrap();
    std::fs::write(home.path().join(".aws/config"), CONFIG).unwrap();
    let env = Env::from_vars([("HOME", home.path().display().to_string())]);
    let creds = ProfileProvider::new(env.clone()).load().await.unwrap();
    assert_eq!(creds.access_key_id(), "AKIDDEFAULT");
    let config = ConfigBuilder::from_env(&env, "Wickr").unwrap().build();
    assert_eq!(config.region(), Some("us-west-2"));
}

#[test]
fn region_precedence() {
    let dir = tempfile::tempdir().unwrap();
    let region = |extra: &[(&str, &str)]| {
        ConfigBuilder::from_env(&env(dir.path(), extra), "Wickr").unwrap().build().region().map(str::to_owned)
    };
    assert_eq!(region(&[]).as_deref(), Some("us-west-2"));
    assert_eq!(region(&[("AWS_PROFILE", "dev")]).as_deref(), Some("eu-central-1"));
    assert_eq!(region(&[("AWS_PROFILE", "dev"), ("AWS_DEFAULT_REGION", "ap-south-1")]).as_deref(), Some("ap-south-1"));
    assert_eq!(
        region(&[("AWS_DEFAULT_REGION", "ap-south-1"), ("AWS_REGION", "sa-east-1")]).as_deref(),
        Some("sa-east-1")
    );
}

#[test]
fn profile_settings_reach_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let config = ConfigBuilder::from_env(&env(dir.path(), &[("AWS_PROFILE", "dev")]), "Wickr").unwrap().build();
    assert!(config.use_fips());
    assert_eq!(config.endpoint_url(), Some("http://localhost:4566"));
    let ignored = ConfigBuilder::from_env(
        &env(dir.path(), &[("AWS_PROFILE", "dev"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")]),
        "Wickr",
    )
    .unwrap()
    .build();
    assert_eq!(ignored.endpoint_url(), None);
}

#[tokio::test]
async fn debug_output_redacts_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let env = env(
        dir.path(),
        &[("AWS_PROFILE", "dev"), ("AWS_SECRET_ACCESS_KEY", "env-secret"), ("AWS_ACCESS_KEY_ID", "AKIDENV")],
    );
    let creds = load(&env).await.unwrap();
    let config = ConfigBuilder::from_env(&env, "Wickr").unwrap().credentials(creds.clone()).build();
    let text = format!("{creds:?} {creds:#?} {config:?} {env:?}");
    assert!(text.contains("AKIDENV"), "{text}");
    for secret in ["env-secret", "dev-secret", "dev-token"] {
        assert!(!text.contains(secret), "{secret} in {text}");
    }
}

// ---------------------------------------------------------------------------
// Each source signing a request.

const RULES: &str = r#"{"version":"1.0",
    "parameters":{"Endpoint":{"type":"string","builtIn":"SDK::Endpoint","required":false}},
    "rules":[{"type":"endpoint","conditions":[{"fn":"isSet","argv":[{"ref":"Endpoint"}]}],"endpoint":{"url":{"ref":"Endpoint"}}},
             {"type":"error","conditions":[],"error":"no endpoint"}]}"#;
static SERVICE: ServiceInfo = ServiceInfo {
    sdk_id: "Probe",
    signing_name: "probe",
    endpoint_rule_set_json: RULES,
    api_version: "1",
    protocol: &sdk_runtime::protocol::RestJson1,
};
const PROBE: OperationInfo = OperationInfo::new("Probe");

/// Variables that keep a test away from the machine: a home and shared files
/// in `dir` (absent unless the test writes them), no instance metadata.
fn isolated(dir: &Path) -> Vec<(String, String)> {
    let at = |name: &str| dir.join(name).display().to_string();
    vec![
        ("HOME".into(), dir.display().to_string()),
        ("AWS_CONFIG_FILE".into(), at("config")),
        ("AWS_SHARED_CREDENTIALS_FILE".into(), at("credentials")),
        ("AWS_EC2_METADATA_DISABLED".into(), "true".into()),
        ("AWS_REGION".into(), "us-east-1".into()),
    ]
}

/// `isolated(dir)` plus `extra` (later entries win).
fn vars(dir: &Path, extra: &[(&str, &str)]) -> Env {
    let mut vars = isolated(dir);
    vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Env::from_vars(vars)
}

/// A client configured from `env` as `Config::from_env` would be, sending to `service`.
fn client(env: &Env, service: &TestServer) -> Handle {
    let config = ConfigBuilder::from_env(env, SERVICE.sdk_id).unwrap().endpoint_url(service.url()).build();
    Handle::new(config, SERVICE)
}

/// Sends one request through `handle`; what the service received.
async fn probe(handle: &Handle, service: &TestServer) -> Received {
    let response = handle.send::<()>(&PROBE, HttpRequest::new(Method::GET, "/probe")).await.unwrap();
    assert_eq!(response.status(), 200);
    service.received().last().unwrap().clone()
}

/// Asserts `request` was signed with this key pair and carries `token`.
fn assert_signed_by(request: &Received, access_key: &str, secret_key: &str, token: &str) {
    let auth =
        verify_sigv4(request, access_key, secret_key).unwrap_or_else(|e| panic!("not signed by {access_key}: {e:?}"));
    assert_eq!((auth.region.as_str(), auth.service.as_str()), ("us-east-1", "probe"));
    assert_eq!(request.header("x-amz-security-token"), Some(token));
}

async fn accept_all() -> TestServer {
    TestServer::start(|_, _| Reply::json(200, "{}")).await
}

fn rfc3339(time: SystemTime) -> String {
    DateTime::from_system_time(time).format(TimestampFormat::DateTime).unwrap()
}

/// A credentials document as the container endpoint and IMDS serve it.
fn document(access_key: &str, secret: &str, token: &str, expires_in: Duration) -> String {
    serde_json::json!({
        "Code": "Success",
        "AccessKeyId": access_key,
        "SecretAccessKey": secret,
        "Token": token,
        "Expiration": rfc3339(SystemTime::now() + expires_in),
    })
    .to_string()
}

const HOURS: Duration = Duration::from_secs(6 * 3600);

/// A container endpoint that answers `/creds` when the `Authorization` header is `expected`.
async fn container_endpoint(expected: &'static str) -> TestServer {
    TestServer::start(move |request, _| match (request.path(), request.header("authorization")) {
        ("/creds", Some(token)) if token == expected => {
            Reply::json(200, &document("AKIDCONTAINER", "container-secret", "container-token", HOURS))
        }
        _ => Reply::json(403, r#"{"code": "AccessDenied", "message": "wrong token"}"#),
    })
    .await
}

#[tokio::test]
async fn container_credentials_with_a_token_or_token_file_sign_requests() {
    let dir = tempfile::tempdir().unwrap();
    let service = accept_all().await;
    let container = container_endpoint("env-token").await;
    let full_uri = format!("{}/creds", container.url());
    let env = vars(
        dir.path(),
        &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri), ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-token")],
    );
    let request = probe(&client(&env, &service), &service).await;
    assert_signed_by(&request, "AKIDCONTAINER", "container-secret", "container-token");
    let asked = container.received();
    assert_eq!(asked.len(), 1);
    assert_eq!((asked[0].method.as_str(), asked[0].header("authorization")), ("GET", Some("env-token")));

    // The token file (EKS Pod Identity) wins over the variable; a trailing newline is not part of it.
    let container = container_endpoint("file-token").await;
    let full_uri = format!("{}/creds", container.url());
    let token_file = dir.path().join("token");
    std::fs::write(&token_file, "file-token\n").unwrap();
    let env = vars(
        dir.path(),
        &[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-token"),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", &token_file.display().to_string()),
        ],
    );
    let request = probe(&client(&env, &service), &service).await;
    assert_signed_by(&request, "AKIDCONTAINER", "container-secret", "container-token");
    assert_eq!(container.received()[0].header("authorization"), Some("file-token"));

    // A token the endpoint refuses: its answer is reported, the token is not.
    let env = vars(
        dir.path(),
        &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri), ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "stale-token")],
    );
    let error = load(&env).await.unwrap_err();
    assert!(matches!(error, CredentialsError::Failed(_)), "{error:?}");
    let text = error.to_string();
    assert!(text.contains("status 403: AccessDenied: wrong token") && text.contains(&full_uri), "{text}");
    assert!(!format!("{text} {error:?}").contains("stale-token"), "{text}");
}

#[tokio::test]
async fn container_full_uri_to_a_network_host_is_refused_before_sending() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens there and nothing is sent there: the address rules refuse it first.
    let env = vars(
        dir.path(),
        &[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://192.0.2.10/creds"),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "secret-token"),
        ],
    );
    let error = load(&env).await.unwrap_err();
    assert!(matches!(error, CredentialsError::InvalidConfiguration(_)), "{error:?}");
    let text = error.to_string();
    assert!(text.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI") && text.contains("use https"), "{text}");
    assert!(!text.contains("secret-token"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_callers_share_one_fetch() {
    let dir = tempfile::tempdir().unwrap();
    // Each answer takes a while, so all callers arrive during the first fetch.
    let container = TestServer::start_with_delay(Duration::from_millis(200), |_, _| {
        Reply::json(200, &document("AKIDSHARED", "shared-secret", "shared-token", HOURS))
    })
    .await;
    let full_uri = format!("{}/creds", container.url());
    let env = vars(dir.path(), &[("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri)]);
    let cache = Arc::new(CachingProvider::new(ContainerProvider::new(env)));
    let callers: Vec<_> = (0..8)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.provide_credentials().await.unwrap() })
        })
        .collect();
    for caller in callers {
        assert_eq!(caller.await.unwrap().access_key_id(), "AKIDSHARED");
    }
    assert_eq!(container.received().len(), 1, "one fetch for eight callers");
    // Cached: asking again sends nothing.
    cache.provide_credentials().await.unwrap();
    assert_eq!(container.received().len(), 1);
    let debug = format!("{cache:?}");
    assert!(!debug.contains("shared-secret") && !debug.contains("shared-token"), "{debug}");
}

/// An IMDSv2 service: tokens on `PUT /latest/api/token` (numbered), the role
/// `web-role`, and its credentials: the first fetch expiring within a minute,
/// the next ones in six hours. The first role listing rejects its token, as
/// the service does once a token has lapsed.
async fn imds() -> TestServer {
    let tokens = Arc::new(AtomicUsize::new(0));
    let fetches = Arc::new(AtomicUsize::new(0));
    let listings = Arc::new(AtomicUsize::new(0));
    TestServer::start(move |request, _| {
        let token = request.header("x-aws-ec2-metadata-token");
        let issued = tokens.load(Ordering::SeqCst);
        let valid = token.is_some_and(|t| t == format!("imds-token-{issued}"));
        match (request.method.as_str(), request.path()) {
            ("PUT", "/latest/api/token") if request.header("x-aws-ec2-metadata-token-ttl-seconds") == Some("21600") => {
                let n = tokens.fetch_add(1, Ordering::SeqCst) + 1;
                Reply { status: 200, headers: vec![], body: format!("imds-token-{n}").into() }
                    .with_header("x-aws-ec2-metadata-token-ttl-seconds", "21600")
            }
            ("GET", "/latest/meta-data/iam/security-credentials/")
                if valid && listings.fetch_add(1, Ordering::SeqCst) > 0 =>
            {
                Reply { status: 200, headers: vec![], body: "web-role\n".into() }
            }
            ("GET", "/latest/meta-data/iam/security-credentials/web-role") if valid => {
                match fetches.fetch_add(1, Ordering::SeqCst) {
                    0 => Reply::json(
                        200,
                        &document("AKIDIMDS1", "imds-secret-1", "imds-token-a", Duration::from_secs(60)),
                    ),
                    _ => Reply::json(200, &document("AKIDIMDS2", "imds-secret-2", "imds-token-b", HOURS)),
                }
            }
            _ => Reply { status: 401, headers: vec![], body: Vec::new() },
        }
    })
    .await
}

#[tokio::test]
async fn imds_v2_token_handshake_and_refresh_of_expiring_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let service = accept_all().await;
    let metadata = imds().await;
    let env = vars(
        dir.path(),
        &[("AWS_EC2_METADATA_DISABLED", "false"), ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &metadata.url())],
    );
    let handle = client(&env, &service);

    let first = probe(&handle, &service).await;
    assert_signed_by(&first, "AKIDIMDS1", "imds-secret-1", "imds-token-a");
    // Those expire within the refresh margin: the next request fetches new ones first.
    let second = probe(&handle, &service).await;
    assert_signed_by(&second, "AKIDIMDS2", "imds-secret-2", "imds-token-b");
    let third = probe(&handle, &service).await;
    assert_signed_by(&third, "AKIDIMDS2", "imds-secret-2", "imds-token-b");

    let asked: Vec<(String, String, Option<String>)> = metadata
        .received()
        .iter()
        .map(|r| (r.method.clone(), r.path().to_owned(), r.header("x-aws-ec2-metadata-token").map(str::to_owned)))
        .collect();
    let step =
        |method: &str, path: &str, token: Option<&str>| (method.to_owned(), path.to_owned(), token.map(str::to_owned));
    let list = "/latest/meta-data/iam/security-credentials/";
    let role = "/latest/meta-data/iam/security-credentials/web-role";
    assert_eq!(
        asked,
        [
            // A token first; rejected, so a new one; then the role and its credentials.
            step("PUT", "/latest/api/token", None),
            step("GET", list, Some("imds-token-1")),
            step("PUT", "/latest/api/token", None),
            step("GET", list, Some("imds-token-2")),
            step("GET", role, Some("imds-token-2")),
            // The refresh reuses the token; the third request asks nothing.
            step("GET", list, Some("imds-token-2")),
            step("GET", role, Some("imds-token-2")),
        ]
    );
}

#[tokio::test]
async fn imds_settings_from_the_profile_a_named_instance_profile_and_the_endpoint_over_the_mode() {
    let dir = tempfile::tempdir().unwrap();
    let service = accept_all().await;
    let metadata = imds().await;
    // The profile names the endpoint and the role; the mode would point elsewhere.
    let profile = format!(
        "[default]\nec2_metadata_service_endpoint = {}\nec2_instance_profile_name = web-role\n\
         ec2_metadata_service_endpoint_mode = IPv6\n",
        metadata.url()
    );
    std::fs::write(dir.path().join("config"), profile).unwrap();
    let env = vars(dir.path(), &[("AWS_EC2_METADATA_DISABLED", "false")]);
    let first = probe(&client(&env, &service), &service).await;
    assert_signed_by(&first, "AKIDIMDS1", "imds-secret-1", "imds-token-a");
    let paths: Vec<String> = metadata.received().iter().map(|r| format!("{} {}", r.method, r.path())).collect();
    assert_eq!(
        paths,
        ["PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/web-role"],
        "the named role is fetched without listing the instance's"
    );
}

#[tokio::test]
async fn a_chain_that_finds_nothing_says_what_each_source_lacked() {
    let dir = tempfile::tempdir().unwrap();
    let nowhere = refused_url();
    let env =
        vars(dir.path(), &[("AWS_EC2_METADATA_DISABLED", "false"), ("AWS_EC2_METADATA_SERVICE_ENDPOINT", &nowhere)]);
    let error = load(&env).await.unwrap_err();
    assert!(matches!(error, CredentialsError::NotLoaded(_)), "{error:?}");
    let text = error.to_string();
    for part in [
        "environment (AWS_ACCESS_KEY_ID is not set)",
        "profile (profile `default` is not defined)",
        "web identity (AWS_WEB_IDENTITY_TOKEN_FILE is not set)",
        "container (neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set)",
        &format!("instance metadata (no instance metadata service at {nowhere} (connection failed"),
    ] {
        assert!(text.contains(part), "{part:?} in {text}");
    }
    let disabled = load(&vars(dir.path(), &[])).await.unwrap_err().to_string();
    assert!(disabled.contains("instance metadata (AWS_EC2_METADATA_DISABLED is true)"), "{disabled}");
}

/// An executable script in `dir` that runs `body` under `sh`.
#[cfg(unix)]
fn script(dir: &Path, name: &str, body: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.display().to_string()
}

#[cfg(unix)]
#[tokio::test]
async fn credential_process_keys_sign_requests() {
    let dir = tempfile::tempdir().unwrap();
    let service = accept_all().await;
    // The helper checks it got its arguments as a shell would split them.
    let helper = script(
        dir.path(),
        "helper",
        r#"[ "$1" = "--account" ] && [ "$2" = "prod eu" ] || { echo "bad arguments: $*" >&2; exit 64; }
printf '%s' '{"Version": 1, "AccessKeyId": "AKIDPROCESS", "SecretAccessKey": "process-secret",
  "SessionToken": "process-token", "Expiration": "2099-01-01T00:00:00Z"}'"#,
    );
    std::fs::write(
        dir.path().join("config"),
        format!("[profile tool]\ncredential_process = {helper} --account 'prod eu'\n"),
    )
    .unwrap();
    let env = vars(dir.path(), &[("AWS_PROFILE", "tool")]);
    let request = probe(&client(&env, &service), &service).await;
    assert_signed_by(&request, "AKIDPROCESS", "process-secret", "process-token");
}

#[cfg(unix)]
#[tokio::test]
async fn credential_process_failures_are_explained_without_secrets() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            script(
                dir.path(),
                "fails",
                "printf '{\"SecretAccessKey\": \"leaked-secret\"}'; echo 'session expired: run login' >&2; exit 3",
            ),
            vec!["exited with exit status: 3", "session expired: run login"],
        ),
        (
            script(
                dir.path(),
                "v2",
                r#"printf '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "leaked-secret"}'"#,
            ),
            vec!["\"Version\": 1"],
        ),
        (
            script(dir.path(), "half", r#"printf '{"Version": 1, "AccessKeyId": "leaked-secret"}'"#),
            vec!["`SecretAccessKey` is missing"],
        ),
        (script(dir.path(), "junk", "printf 'leaked-secret'"), vec!["not valid JSON"]),
    ];
    for (command, expected) in cases {
        let error = ProcessProvider::new(format!("{command} --password leaked-secret")).load().await.unwrap_err();
        assert!(matches!(error, CredentialsError::Failed(_)), "{error:?}");
        let text = format!("{error} {error:?}");
        for part in expected {
            assert!(text.contains(part), "{part:?} in {text}");
        }
        assert!(!text.contains("leaked-secret"), "{text}");
    }
}

// ---------------------------------------------------------------------------
// The sources that need the `aws-config` feature.

#[cfg(not(feature = "aws-config"))]
#[tokio::test]
async fn without_aws_config_such_sources_fail_naming_the_feature() {
    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("ran");
    std::fs::write(
        dir.path().join("config"),
        format!(
            "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/R\nsource_profile = process\n\
             [profile process]\ncredential_process = touch {}\n\
             [profile sso]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\
             sso_account_id = 123456789012\nsso_role_name = R\n\
             [profile web]\nrole_arn = arn:aws:iam::123456789012:role/R\nweb_identity_token_file = /nonexistent\n",
            marker.display()
        ),
    )
    .unwrap();
    let environment_web = [("AWS_WEB_IDENTITY_TOKEN_FILE", "/nonexistent"), ("AWS_ROLE_ARN", "arn:aws:iam::1:role/R")];
    for (extra, what) in [
        (&[("AWS_PROFILE", "role")][..], "profile `role` uses role_arn"),
        (&[("AWS_PROFILE", "sso")][..], "profile `sso` uses SSO"),
        (&[("AWS_PROFILE", "web")][..], "profile `web` uses web identity"),
        (&environment_web[..], "AWS_WEB_IDENTITY_TOKEN_FILE uses web identity"),
    ] {
        let error = load(&vars(dir.path(), extra)).await.unwrap_err();
        assert!(matches!(error, CredentialsError::Unsupported(_)), "{error:?}");
        let text = error.to_string();
        assert!(text.contains(what) && text.contains("the `aws-config` feature of sdk-runtime"), "{text}");
    }
    assert!(!marker.exists(), "the source profile's process must not run for a role that cannot be assumed");
}

#[cfg(feature = "aws-config")]
mod with_aws_config {
    use super::*;

    /// What STS answers for `action`: these credentials, expiring in 2099.
    fn sts_reply(action: &str, access_key: &str, secret: &str, token: &str) -> Reply {
        let body = format!(
            r#"<{action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <{action}Result>
    <Credentials>
      <AccessKeyId>{access_key}</AccessKeyId>
      <SecretAccessKey>{secret}</SecretAccessKey>
      <SessionToken>{token}</SessionToken>
      <Expiration>2099-01-01T00:00:00Z</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROAEXAMPLE:session</AssumedRoleId>
      <Arn>arn:aws:sts::123456789012:assumed-role/Admin/session</Arn>
    </AssumedRoleUser>
  </{action}Result>
  <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>
</{action}Response>"#
        );
        Reply { status: 200, headers: vec![("content-type".into(), "text/xml".into())], body: body.into() }
    }

    /// An STS endpoint that answers both actions, each with its own key.
    async fn sts() -> TestServer {
        TestServer::start(|request, _| {
            let body = String::from_utf8_lossy(&request.body);
            if body.contains("Action=AssumeRoleWithWebIdentity") {
                sts_reply("AssumeRoleWithWebIdentity", "AKIDWEB", "web-secret", "web-token")
            } else if body.contains("Action=AssumeRole") {
                sts_reply("AssumeRole", "AKIDROLE", "role-secret", "role-token")
            } else {
                Reply { status: 400, headers: vec![], body: "unexpected".into() }
            }
        })
        .await
    }

    /// The decoded form fields of an STS request.
    fn form(request: &Received) -> Vec<(String, String)> {
        let synthetic = Received { target: format!("/?{}", String::from_utf8_lossy(&request.body)), ..request.clone() };
        synthetic.query_pairs()
    }

    fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
        fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    #[tokio::test]
    async fn assume_role_through_a_local_sts_endpoint() {
        let dir = tempfile::tempdir().unwrap();
        let service = accept_all().await;
        let sts = sts().await;
        std::fs::write(
            dir.path().join("config"),
            "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = base\n\
             external_id = ext-1\nrole_session_name = ops-session\nduration_seconds = 1800\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("credentials"),
            "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = base-secret\n",
        )
        .unwrap();
        let env = vars(dir.path(), &[("AWS_PROFILE", "admin"), ("AWS_ENDPOINT_URL_STS", &sts.url())]);
        let request = probe(&client(&env, &service), &service).await;
        assert_signed_by(&request, "AKIDROLE", "role-secret", "role-token");

        // STS was asked for the role, signed with the source profile's keys.
        let asked = sts.received();
        assert_eq!(asked.len(), 1);
        let auth = verify_sigv4(&asked[0], "AKIDBASE", "base-secret").unwrap();
        assert_eq!((auth.region.as_str(), auth.service.as_str()), ("us-east-1", "sts"));
        let fields = form(&asked[0]);
        for (name, value) in [
            ("Action", "AssumeRole"),
            ("RoleArn", "arn:aws:iam::123456789012:role/Admin"),
            ("ExternalId", "ext-1"),
            ("RoleSessionName", "ops-session"),
            ("DurationSeconds", "1800"),
        ] {
            assert_eq!(field(&fields, name), Some(value), "{name} in {fields:?}");
        }
    }

    #[tokio::test]
    async fn web_identity_from_the_environment_or_a_profile_through_a_local_sts_endpoint() {
        let dir = tempfile::tempdir().unwrap();
        let service = accept_all().await;
        let sts = sts().await;
        let token_file = dir.path().join("token");
        std::fs::write(&token_file, "eyJ.web-identity.token\n").unwrap();
        let token_path = token_file.display().to_string();

        // EKS IRSA: the variables, with the service-specific endpoint override.
        let env = vars(
            dir.path(),
            &[
                ("AWS_WEB_IDENTITY_TOKEN_FILE", &token_path),
                ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/Pod"),
                ("AWS_ROLE_SESSION_NAME", "pod-1"),
                ("AWS_ENDPOINT_URL_STS", &sts.url()),
            ],
        );
        let request = probe(&client(&env, &service), &service).await;
        assert_signed_by(&request, "AKIDWEB", "web-secret", "web-token");

        // A profile, with the generic endpoint override.
        std::fs::write(
            dir.path().join("config"),
            format!(
                "[profile web]\nrole_arn = arn:aws:iam::123456789012:role/Web\nweb_identity_token_file = {token_path}\n"
            ),
        )
        .unwrap();
        let env = vars(dir.path(), &[("AWS_PROFILE", "web"), ("AWS_ENDPOINT_URL", &sts.url())]);
        let creds = ProfileProvider::new(env).load().await.unwrap();
        assert_eq!((creds.access_key_id(), creds.session_token()), ("AKIDWEB", Some("web-token")));

        let asked = sts.received();
        assert_eq!(asked.len(), 2);
        for (request, role) in
            asked.iter().zip(["arn:aws:iam::123456789012:role/Pod", "arn:aws:iam::123456789012:role/Web"])
        {
            // The token is the credential: the request is not signed.
            assert_eq!(request.header("authorization"), None);
            let fields = form(request);
            assert_eq!(field(&fields, "Action"), Some("AssumeRoleWithWebIdentity"));
            assert_eq!(field(&fields, "WebIdentityToken"), Some("eyJ.web-identity.token"));
            assert_eq!(field(&fields, "RoleArn"), Some(role));
        }
        assert_eq!(field(&form(&asked[0]), "RoleSessionName"), Some("pod-1"));
    }

    /// SHA-1 of `corp` (by `sha1sum`): the cache file of SSO session `corp`.
    const CORP_TOKEN_FILE: &str = "ee0bfd2552fbd840c02cc48b6e823320543c450f.json";

    /// A portal that answers `GetRoleCredentials` for the right bearer token.
    async fn portal() -> TestServer {
        TestServer::start(|request, _| {
            let expected = request.path() == "/federation/credentials"
                && request.header("x-amz-sso_bearer_token") == Some("cached-access-token")
                && request.query_param("account_id").as_deref() == Some("111122223333")
                && request.query_param("role_name").as_deref() == Some("Admin");
            if expected {
                Reply::json(
                    200,
                    r#"{"roleCredentials": {"accessKeyId": "AKIDSSO", "secretAccessKey": "sso-secret",
                        "sessionToken": "sso-token", "expiration": 4070908800000}}"#,
                )
            } else {
                Reply::json(401, r#"{"message": "Session token not found or invalid"}"#)
                    .with_header("x-amzn-errortype", "UnauthorizedException")
            }
        })
        .await
    }

    #[tokio::test]
    async fn sso_token_cache_to_role_credentials_from_a_local_portal() {
        let dir = tempfile::tempdir().unwrap();
        let service = accept_all().await;
        let portal = portal().await;
        std::fs::write(
            dir.path().join("config"),
            "[profile dev]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Admin\n\
             [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n",
        )
        .unwrap();
        let env = vars(dir.path(), &[("AWS_PROFILE", "dev"), ("AWS_ENDPOINT_URL_SSO", &portal.url())]);

        // Not logged in yet: the error says how to log in.
        let error = load(&env).await.unwrap_err().to_string();
        assert!(error.contains("no cached token") && error.contains("aws sso login --profile dev"), "{error}");

        // What `aws sso login` leaves in the cache.
        let cache = dir.path().join(".aws/sso/cache");
        std::fs::create_dir_all(&cache).unwrap();
        let write_token = |expires: &str| {
            let token = serde_json::json!({
                "startUrl": "https://corp.awsapps.com/start", "region": "eu-west-1",
                "accessToken": "cached-access-token", "expiresAt": expires,
            });
            std::fs::write(cache.join(CORP_TOKEN_FILE), token.to_string()).unwrap();
        };
        write_token("2099-01-01T00:00:00Z");
        let request = probe(&client(&env, &service), &service).await;
        assert_signed_by(&request, "AKIDSSO", "sso-secret", "sso-token");
        assert_eq!(portal.received().len(), 1);

        // An expired token is not sent; the error says to log in again and shows no token.
        write_token("2020-01-01T00:00:00Z");
        let error = load(&env).await.unwrap_err();
        let text = format!("{error} {error:?}");
        assert!(text.contains("expired at 2020-01-01T00:00:00Z") && text.contains("aws sso login"), "{text}");
        assert!(!text.contains("cached-access-token"), "{text}");
        assert_eq!(portal.received().len(), 1);
    }
}

/// A provider that hands out numbered credentials (`AKID1`, `AKID2`, …), each
/// expiring `expires_in` from when it is asked, or fails with `Failed` once
/// `fail_after` answers have been given.
#[derive(Debug)]
struct Numbered {
    asked: AtomicUsize,
    expires_in: Option<Duration>,
    fail_after: usize,
}

impl Numbered {
    fn new(expires_in: Option<Duration>) -> Self {
        Self { asked: AtomicUsize::new(0), expires_in, fail_after: usize::MAX }
    }

    fn asked(&self) -> usize {
        self.asked.load(Ordering::SeqCst)
    }
}

impl ProvideCredentials for Numbered {
    fn provide_credentials(&self) -> sdk_runtime::credentials::CredentialsFuture<'_> {
        let n = self.asked.fetch_add(1, Ordering::SeqCst) + 1;
        let result = if n > self.fail_after {
            Err(CredentialsError::Failed("the credentials vault is sealed".into()))
        } else {
            let expiry = self.expires_in.map(|after| SystemTime::now() + after);
            Ok(Credentials::new(format!("AKID{n}"), format!("secret-{n}"), Some(format!("token-{n}")), expiry))
        };
        Box::pin(async move { result })
    }
}

/// A client whose credentials come from `provider` directly (no
/// `CachingProvider` in between), so what is cached is the client's doing.
fn client_with(provider: Arc<Numbered>, service: &TestServer) -> Handle {
    let config = sdk_runtime::config::Config::builder()
        .region("us-east-1")
        .shared_credentials_provider(provider)
        .endpoint_url(service.url())
        .build();
    Handle::new(config, SERVICE)
}

#[tokio::test]
async fn the_client_keeps_credentials_until_they_are_about_to_expire() {
    let service = accept_all().await;
    // Six hours left: fetched once, then reused.
    let lasting = Arc::new(Numbered::new(Some(HOURS)));
    let handle = client_with(lasting.clone(), &service);
    for _ in 0..3 {
        assert_signed_by(&probe(&handle, &service).await, "AKID1", "secret-1", "token-1");
    }
    assert_eq!(lasting.asked(), 1);
    // Static keys (no expiry) are kept for good too.
    let forever = Arc::new(Numbered::new(None));
    let handle = client_with(forever.clone(), &service);
    probe(&handle, &service).await;
    probe(&handle, &service).await;
    assert_eq!(forever.asked(), 1);
    // Four minutes left is inside the five-minute margin: every request fetches anew.
    let expiring = Arc::new(Numbered::new(Some(Duration::from_secs(240))));
    let handle = client_with(expiring.clone(), &service);
    assert_signed_by(&probe(&handle, &service).await, "AKID1", "secret-1", "token-1");
    assert_signed_by(&probe(&handle, &service).await, "AKID2", "secret-2", "token-2");
    assert_eq!(expiring.asked(), 2);
}

#[tokio::test]
async fn a_failing_provider_fails_the_call_before_anything_is_sent() {
    let service = accept_all().await;
    let failing = Arc::new(Numbered { fail_after: 0, ..Numbered::new(None) });
    let handle = client_with(failing, &service);
    let error = handle.send::<()>(&PROBE, HttpRequest::new(Method::GET, "/probe")).await.unwrap_err();
    let sdk_runtime::error::SdkError::Construction(error) = error else { panic!("{error:?}") };
    let chain = std::iter::successors(Some(&error as &dyn std::error::Error), |e| e.source())
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ");
    assert!(chain.contains("could not load credentials"), "{chain}");
    assert!(chain.contains("the credentials vault is sealed"), "{chain}");
    assert!(service.received().is_empty());
}

#[tokio::test]
async fn a_failed_refresh_falls_back_to_credentials_that_have_not_expired_yet() {
    // Two minutes left, refreshed ten minutes early: every ask refreshes, and
    // the second refresh fails.
    let inner = Numbered { fail_after: 1, ..Numbered::new(Some(Duration::from_secs(120))) };
    let cache = CachingProvider::new(inner).with_refresh_margin(Duration::from_secs(600));
    assert_eq!(cache.provide_credentials().await.unwrap().access_key_id(), "AKID1");
    assert_eq!(cache.provide_credentials().await.unwrap().access_key_id(), "AKID1", "still valid, so kept");
    // Once expired they are not used: the failure is the answer.
    let expired = Numbered { fail_after: 1, ..Numbered::new(Some(Duration::ZERO)) };
    let cache = CachingProvider::new(expired);
    cache.provide_credentials().await.unwrap();
    let error = cache.provide_credentials().await.unwrap_err();
    assert!(matches!(&error, CredentialsError::Failed(why) if why == "the credentials vault is sealed"), "{error:?}");
}

#[tokio::test]
async fn the_chain_stops_at_an_invalid_configuration_instead_of_falling_through() {
    let dir = tempfile::tempdir().unwrap();
    // Half of the environment's key pair, and a complete profile: the profile
    // would sign as someone else, so the chain must stop at the environment.
    let error = load(&env(dir.path(), &[("AWS_ACCESS_KEY_ID", "AKIDHALF")])).await.unwrap_err();
    assert!(matches!(error, CredentialsError::InvalidConfiguration(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "invalid credentials configuration: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
    );

    // A chain of two: the second provider is never asked.
    let second = Arc::new(Numbered::new(None));
    let chain = ChainProvider::new()
        .or_else(
            "environment",
            sdk_runtime::credentials::EnvironmentProvider::new(env(dir.path(), &[("AWS_SECRET_ACCESS_KEY", "s")])),
        )
        .or_else("numbered", SharedNumbered(second.clone()));
    let error = chain.provide_credentials().await.unwrap_err();
    assert!(error.to_string().contains("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"), "{error}");
    assert_eq!(second.asked(), 0);
}

/// `Numbered` behind an `Arc`, so a test can count after handing it to a chain.
#[derive(Debug)]
struct SharedNumbered(Arc<Numbered>);

impl ProvideCredentials for SharedNumbered {
    fn provide_credentials(&self) -> sdk_runtime::credentials::CredentialsFuture<'_> {
        self.0.provide_credentials()
    }
}

#[tokio::test]
async fn a_profile_with_only_one_of_its_two_keys_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    for (keys, present) in [
        ("aws_access_key_id = AKIDONLY\n", "aws_access_key_id"),
        ("aws_secret_access_key = only\n", "aws_secret_access_key"),
    ] {
        std::fs::write(dir.path().join("credentials"), format!("[default]\n{keys}")).unwrap();
        let error = load(&vars(dir.path(), &[])).await.unwrap_err();
        assert!(matches!(error, CredentialsError::InvalidConfiguration(_)), "{present}: {error:?}");
        assert_eq!(
            error.to_string(),
            "invalid credentials configuration: profile `default` sets only one of aws_access_key_id and aws_secret_access_key"
        );
        assert!(!error.to_string().contains("AKIDONLY") && !error.to_string().contains("= only"));
    }
}
