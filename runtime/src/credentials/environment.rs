//! Keys from the environment variables.

use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use crate::env::Env;

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

#[cfg(test)]
mod tests {
    use super::*;

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
