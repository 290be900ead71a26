//! Credentials and region from explicit env maps and temporary shared files.

use std::path::Path;

use sdk_runtime::config::ConfigBuilder;
use sdk_runtime::credentials::{ChainProvider, Credentials, CredentialsError, ProfileProvider, ProvideCredentials};
use sdk_runtime::env::Env;

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
    let mut vars =
        vec![("AWS_CONFIG_FILE".to_owned(), config), ("AWS_SHARED_CREDENTIALS_FILE".to_owned(), credentials)];
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

    let creds = ProfileProvider::new(env(dir.path(), &[])).with_profile("dev").load().unwrap();
    assert_eq!(creds.access_key_id(), "AKIDDEV");
}

#[tokio::test]
async fn missing_and_broken_sources() {
    let dir = tempfile::tempdir().unwrap();
    let missing = load(&env(dir.path(), &[("AWS_PROFILE", "nope")])).await.unwrap_err();
    assert!(matches!(missing, CredentialsError::NotLoaded(_)), "{missing}");

    let none =
        Env::from_vars([("AWS_CONFIG_FILE", "/nonexistent/a"), ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/b")]);
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

#[test]
fn home_directory_defaults() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".aws")).unwrap();
    std::fs::write(home.path().join(".aws/credentials"), CREDENTIALS).unwrap();
    std::fs::write(home.path().join(".aws/config"), CONFIG).unwrap();
    let env = Env::from_vars([("HOME", home.path().display().to_string())]);
    let creds = ProfileProvider::new(env.clone()).load().unwrap();
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
