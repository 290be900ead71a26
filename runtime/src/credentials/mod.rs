//! AWS credentials and the providers that find them.
//!
//! [`ChainProvider::default_chain`] looks where the AWS CLI and SDKs look, in
//! their order, and stops at the first source that has credentials:
//!
//! | # | source | provider | build |
//! |---|---|---|---|
//! | 1 | `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` | [`EnvironmentProvider`] | always |
//! | 2 | the selected profile of `~/.aws/config` / `~/.aws/credentials`: static keys, `credential_process` | [`ProfileProvider`] | always |
//! | 2 | … `sso_session` or legacy `sso_start_url` (the token cache of `aws sso login`) | [`ProfileProvider`] | `aws-config` |
//! | 2 | … `role_arn` with `source_profile` or `credential_source`, `web_identity_token_file` | [`ProfileProvider`] | `aws-config` |
//! | 3 | `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN` (EKS IRSA) | [`WebIdentityProvider`] | `aws-config` |
//! | 4 | `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` / `_FULL_URI` (ECS, EKS Pod Identity) | [`ContainerProvider`] | always |
//! | 5 | the EC2 instance metadata service, IMDSv2 | [`ImdsProvider`] | always |
//!
//! The sources marked `aws-config` call another AWS service (the SSO portal or
//! STS) and come with this crate's `aws-config` feature, which brings the AWS
//! SDK's clients for them; without it a configuration that needs one of them
//! fails with [`CredentialsError::Unsupported`], which names the feature,
//! rather than falling through to a later source. The `cli` feature implies
//! `aws-config`, so the command-line tool always has the whole chain.
//!
//! [`Config::from_env`](crate::config::Config::from_env) wraps the chain in a
//! [`CachingProvider`]: temporary credentials are kept until shortly before
//! they expire, then fetched again by one caller while the others wait.
//!
//! Secrets never appear in `Debug` output or in error messages.

mod cache;
mod container;
mod environment;
mod fetch;
mod imds;
mod json;
mod process;
mod profile;
mod services;
mod web_identity;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

use crate::profile::ProfileError;

pub use cache::CachingProvider;
pub use container::ContainerProvider;
pub use environment::EnvironmentProvider;
pub use imds::ImdsProvider;
pub use process::ProcessProvider;
pub use profile::ProfileProvider;
pub use web_identity::WebIdentityProvider;

use crate::env::Env;

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

/// Why credentials could not be loaded. No variant carries a secret.
#[derive(Debug)]
#[non_exhaustive]
pub enum CredentialsError {
    /// This source has no credentials; a chain moves on to its next source.
    NotLoaded(String),
    /// The source has credentials but they are incomplete or invalid; a chain stops here.
    InvalidConfiguration(String),
    /// A shared config or credentials file is broken; a chain stops here.
    Profile(ProfileError),
    /// The source is configured, but fetching from it failed (its endpoint,
    /// process or service answered with an error, or not at all); a chain stops here.
    Failed(String),
    /// The configuration needs a source this build does not include; the
    /// message names the cargo feature that adds it. A chain stops here.
    Unsupported(String),
    /// Any other failure from a custom provider.
    Other(Box<dyn std::error::Error + Send + Sync>),
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotLoaded(why) => write!(f, "no credentials found: {why}"),
            Self::InvalidConfiguration(why) => write!(f, "invalid credentials configuration: {why}"),
            Self::Profile(e) => write!(f, "could not load the shared config: {e}"),
            // The message names the source; callers already say "could not load credentials".
            Self::Failed(why) | Self::Unsupported(why) => f.write_str(why),
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

    /// The default chain, in the AWS SDKs' order: environment variables, the
    /// shared files' selected profile, web identity from the environment,
    /// container credentials, then instance metadata (see the [module
    /// docs](self) for what each build includes). Nothing is read until
    /// credentials are first asked for.
    pub fn default_chain(env: &Env) -> Self {
        Self::new()
            .or_else("environment", EnvironmentProvider::new(env.clone()))
            .or_else("profile", ProfileProvider::new(env.clone()))
            .or_else("web identity", WebIdentityProvider::new(env.clone()))
            .or_else("container", ContainerProvider::new(env.clone()))
            .or_else("instance metadata", ImdsProvider::new(env.clone()))
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
                    Err(CredentialsError::NotLoaded(why)) => tried.push(format!("{name} ({why})")),
                    Err(other) => {
                        // A configured source that fails is reported, not skipped:
                        // falling through could sign with some other identity.
                        tracing::debug!(provider = name, skipped = ?tried, "credentials source failed");
                        return Err(other);
                    }
                }
            }
            Err(CredentialsError::NotLoaded(if tried.is_empty() {
                "no providers configured".into()
            } else {
                format!("tried {}", tried.join("; "))
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
}
