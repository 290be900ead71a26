//! AWS credentials and the providers that find them.
//!
//! The default chain mirrors the AWS SDKs' order for the sources this crate
//! supports: explicit credentials (set on the config), then the environment
//! variables, then the shared config/credentials files. Secrets never appear
//! in `Debug` output.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

use crate::env::Env;
use crate::profile::{ProfileError, ProfileSet};

/// An access key pair, with an optional session token and expiry.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Credentials from their parts.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
        expiry: Option<SystemTime>,
    ) -> Self {
        Self { access_key_id: access_key_id.into(), secret_access_key: secret_access_key.into(), session_token, expiry }
    }

    /// The access key id (not secret: it names the key).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When temporary credentials stop working.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// Whether the credentials expire before `now + margin`.
    pub fn expires_within(&self, now: SystemTime, margin: std::time::Duration) -> bool {
        self.expiry.is_some_and(|expiry| expiry <= now + margin)
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const REDACTED: &str = "** redacted **";
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field("session_token", &self.session_token.as_ref().map(|_| REDACTED))
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// The future a provider returns.
pub type CredentialsFuture<'a> = Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// Something that can produce credentials, possibly asynchronously.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Loads (or returns cached) credentials.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

/// A shareable provider, as stored in a [`Config`](crate::config::Config).
pub type SharedCredentialsProvider = Arc<dyn ProvideCredentials>;

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

/// Why credentials could not be loaded.
#[derive(Debug)]
#[non_exhaustive]
pub enum CredentialsError {
    /// This source has no credentials; a chain moves on to its next source.
    NotLoaded(String),
    /// The source has credentials but they are incomplete or invalid; a chain stops here.
    InvalidConfiguration(String),
    /// A shared config or credentials file is broken; a chain stops here.
    Profile(ProfileError),
    /// Any other failure from a custom provider.
    Other(Box<dyn std::error::Error + Send + Sync>),
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotLoaded(why) => write!(f, "no credentials found: {why}"),
            Self::InvalidConfiguration(why) => write!(f, "invalid credentials configuration: {why}"),
            Self::Profile(e) => write!(f, "could not load the shared config: {e}"),
            Self::Other(e) => write!(f, "credentials provider failed: {e}"),
        }
    }
}

impl std::error::Error for CredentialsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Profile(e) => Some(e),
            Self::Other(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

/// Reads `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
#[derive(Clone, Debug, Default)]
pub struct EnvironmentProvider {
    env: Env,
}

impl EnvironmentProvider {
    /// A provider over the given environment.
    pub fn new(env: Env) -> Self {
        Self { env }
    }

    /// Loads synchronously (the environment needs no I/O).
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let access = self.env.get_non_empty("AWS_ACCESS_KEY_ID");
        let secret = self.env.get_non_empty("AWS_SECRET_ACCESS_KEY");
        match (access, secret) {
            (Some(access), Some(secret)) => {
                Ok(Credentials::new(access, secret, self.env.get_non_empty("AWS_SESSION_TOKEN"), None))
            }
            (None, None) => Err(CredentialsError::NotLoaded("AWS_ACCESS_KEY_ID is not set".into())),
            (Some(_), None) => Err(CredentialsError::InvalidConfiguration(
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not".into(),
            )),
            (None, Some(_)) => Err(CredentialsError::InvalidConfiguration(
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not".into(),
            )),
        }
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let result = self.load();
        Box::pin(async move { result })
    }
}

/// Reads static keys (`aws_access_key_id`, `aws_secret_access_key`,
/// `aws_session_token`) of the selected profile from the shared files.
///
/// Role assumption, SSO and `credential_process` profiles are not supported:
/// such a profile yields [`CredentialsError::NotLoaded`].
#[derive(Clone, Debug, Default)]
pub struct ProfileProvider {
    env: Env,
    profile: Option<String>,
}

impl ProfileProvider {
    /// Selects the profile from `AWS_PROFILE` (default `default`).
    pub fn new(env: Env) -> Self {
        Self { env, profile: None }
    }

    /// Uses the named profile regardless of `AWS_PROFILE`.
    pub fn with_profile(mut self, name: impl Into<String>) -> Self {
        self.profile = Some(name.into());
        self
    }

    /// Reads the files and extracts the credentials (blocking file I/O; the
    /// files are small and local).
    pub fn load(&self) -> Result<Credentials, CredentialsError> {
        let set = ProfileSet::load(&self.env).map_err(CredentialsError::Profile)?;
        let name = self.profile.as_deref().unwrap_or(set.selected_name());
        let Some(profile) = set.get(name) else {
            return Err(CredentialsError::NotLoaded(format!("profile `{name}` is not defined")));
        };
        match (profile.get("aws_access_key_id"), profile.get("aws_secret_access_key")) {
            (Some(access), Some(secret)) => {
                Ok(Credentials::new(access, secret, profile.get("aws_session_token").map(str::to_owned), None))
            }
            (None, None) => Err(CredentialsError::NotLoaded(format!("profile `{name}` has no static credentials"))),
            _ => Err(CredentialsError::InvalidConfiguration(format!(
                "profile `{name}` sets only one of aws_access_key_id and aws_secret_access_key"
            ))),
        }
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        let result = self.load();
        Box::pin(async move { result })
    }
}

/// Tries providers in order until one returns credentials. A provider that
/// answers [`CredentialsError::NotLoaded`] passes to the next; any other error
/// stops the chain, so a broken configuration is reported, not skipped.
#[derive(Clone, Debug, Default)]
pub struct ChainProvider {
    providers: Vec<(&'static str, SharedCredentialsProvider)>,
}

impl ChainProvider {
    /// An empty chain.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a named provider.
    pub fn or_else(mut self, name: &'static str, provider: impl ProvideCredentials + 'static) -> Self {
        self.providers.push((name, Arc::new(provider)));
        self
    }

    /// The default chain: environment variables, then the shared files.
    pub fn default_chain(env: &Env) -> Self {
        Self::new()
            .or_else("environment", EnvironmentProvider::new(env.clone()))
            .or_else("profile", ProfileProvider::new(env.clone()))
    }
}

impl ProvideCredentials for ChainProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let mut tried = Vec::new();
            for (name, provider) in &self.providers {
                match provider.provide_credentials().await {
                    Ok(credentials) => {
                        tracing::debug!(provider = name, "loaded credentials");
                        return Ok(credentials);
                    }
                    Err(CredentialsError::NotLoaded(why)) => tried.push(format!("{name}: {why}")),
                    Err(other) => return Err(other),
                }
            }
            Err(CredentialsError::NotLoaded(if tried.is_empty() {
                "no providers configured".into()
            } else {
                tried.join("; ")
            }))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_secrets() {
        let creds = Credentials::new("AKIDEXAMPLE", "s3cr3t-key", Some("s3ss10n-token".into()), None);
        let text = format!("{creds:?} {creds:#?}");
        assert!(text.contains("AKIDEXAMPLE"));
        assert!(!text.contains("s3cr3t-key"), "{text}");
        assert!(!text.contains("s3ss10n-token"), "{text}");
        assert!(text.contains("redacted"));
    }

    #[test]
    fn environment_provider_reads_the_given_env() {
        let env = Env::from_vars([
            ("AWS_ACCESS_KEY_ID", "AK"),
            ("AWS_SECRET_ACCESS_KEY", "SK"),
            ("AWS_SESSION_TOKEN", "TOK"),
        ]);
        let creds = EnvironmentProvider::new(env).load().unwrap();
        assert_eq!(
            (creds.access_key_id(), creds.secret_access_key(), creds.session_token()),
            ("AK", "SK", Some("TOK"))
        );
        let half = Env::from_vars([("AWS_ACCESS_KEY_ID", "AK")]);
        assert!(matches!(EnvironmentProvider::new(half).load(), Err(CredentialsError::InvalidConfiguration(_))));
        assert!(matches!(
            EnvironmentProvider::new(Env::from_vars::<String, String>([])).load(),
            Err(CredentialsError::NotLoaded(_))
        ));
    }
}
