//! Web identity from the environment: the token file and role that EKS (IAM
//! roles for service accounts) puts in a pod's environment.

use super::services::{self, WebIdentity};
use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use crate::env::Env;
use crate::profile::ProfileSet;

const TOKEN_FILE: &str = "AWS_WEB_IDENTITY_TOKEN_FILE";
const ROLE_ARN: &str = "AWS_ROLE_ARN";
const SESSION_NAME: &str = "AWS_ROLE_SESSION_NAME";

/// Exchanges the token in `AWS_WEB_IDENTITY_TOKEN_FILE` (read on every
/// fetch: it is rotated) for credentials of `AWS_ROLE_ARN` through STS
/// `AssumeRoleWithWebIdentity`, as session `AWS_ROLE_SESSION_NAME` if set.
///
/// Needs the crate's `aws-config` feature: without it, a set
/// `AWS_WEB_IDENTITY_TOKEN_FILE` is [`CredentialsError::Unsupported`] rather
/// than skipped, since a later source (say, the node's instance role) would
/// sign as someone else. STS is reached as for
/// [`ProfileProvider`](super::ProfileProvider) roles.
#[derive(Clone, Debug, Default)]
pub struct WebIdentityProvider {
    env: Env,
}

impl WebIdentityProvider {
    /// A provider configured by the given environment.
    pub fn new(env: Env) -> Self {
        Self { env }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let Some(token_file) = self.env.get_non_empty(TOKEN_FILE) else {
            return Err(CredentialsError::NotLoaded(format!("{TOKEN_FILE} is not set")));
        };
        let Some(role_arn) = self.env.get_non_empty(ROLE_ARN) else {
            return Err(CredentialsError::InvalidConfiguration(format!("{TOKEN_FILE} is set but {ROLE_ARN} is not")));
        };
        if !services::AVAILABLE {
            return Err(services::unavailable(TOKEN_FILE, "web identity"));
        }
        // The profile may still give the region STS is called in.
        let profiles = ProfileSet::load(&self.env).map_err(CredentialsError::Profile)?;
        let context = services::Context::new(&self.env, profiles.selected());
        let web_identity = WebIdentity {
            origin: TOKEN_FILE.to_owned(),
            role_arn,
            token_file,
            session_name: self.env.get_non_empty(SESSION_NAME),
        };
        services::web_identity(&context, &web_identity).await
    }
}

impl ProvideCredentials for WebIdentityProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.load())
    }
}
