//! The credential sources that call another AWS service: SSO (the portal's
//! `GetRoleCredentials`), assume-role and web identity (STS). They come with
//! the `aws-config` feature, which brings `aws-config` and the SDK clients it
//! is built on; without it each of them answers
//! [`CredentialsError::Unsupported`], naming the feature.
//!
//! Everything those clients are configured with comes from this crate's
//! [`Env`] and shared files, never from the process environment behind its
//! back: the region, and the endpoint overrides `AWS_ENDPOINT_URL_STS`,
//! `AWS_ENDPOINT_URL_SSO`, `AWS_ENDPOINT_URL` and the profile's
//! `endpoint_url`, which the SDK clients look up through the `SdkConfig`'s
//! service config (see [`EndpointOverrides`]). `aws-config`'s own SSO and
//! web identity providers read only the process environment (their
//! `ProviderConfig` takes no other), so those two are driven here through
//! the same SDK clients; its `AssumeRoleProvider` takes an `SdkConfig` and is
//! used as is.

#[cfg(not(feature = "aws-config"))]
use super::Credentials;
use super::CredentialsError;
use crate::env::Env;
use crate::profile::Profile;

#[cfg(feature = "aws-config")]
mod http_client;
#[cfg(feature = "aws-config")]
mod sso;
#[cfg(feature = "aws-config")]
mod sts;

#[cfg(feature = "aws-config")]
pub(super) use sso::sso;
#[cfg(feature = "aws-config")]
pub(super) use sts::{assume_role, web_identity};

/// Whether this build includes these sources.
pub(super) const AVAILABLE: bool = cfg!(feature = "aws-config");

/// The error for a configuration that needs a source this build leaves out.
pub(super) fn unavailable(subject: &str, what: &str) -> CredentialsError {
    CredentialsError::Unsupported(format!(
        "{subject} uses {what}, which needs the `aws-config` feature of sdk-runtime; this build leaves it out \
         (a generated SDK forwards its own `aws-config` feature to it, and its command-line tool always has it)"
    ))
}

/// An SSO profile, resolved.
#[cfg_attr(not(feature = "aws-config"), allow(dead_code))]
pub(super) struct Sso {
    /// The profile, for messages (`aws sso login --profile …`).
    pub profile: String,
    pub account_id: String,
    pub role_name: String,
    pub start_url: String,
    /// The portal's region (`sso_region`).
    pub region: String,
    /// What names the token's file in the cache: the `sso_session`, or the
    /// start URL for legacy profiles.
    pub cache_key: String,
}

/// A web identity token to exchange for a role's credentials.
#[cfg_attr(not(feature = "aws-config"), allow(dead_code))]
pub(super) struct WebIdentity {
    /// Where the settings came from, for messages.
    pub origin: String,
    pub role_arn: String,
    pub token_file: String,
    pub session_name: Option<String>,
}

/// One role of a profile chain.
#[cfg_attr(not(feature = "aws-config"), allow(dead_code))]
pub(super) struct Role {
    /// The profile that names the role.
    pub profile: String,
    pub role_arn: String,
    pub session_name: Option<String>,
    pub external_id: Option<String>,
    pub duration: Option<std::time::Duration>,
}

/// What the SDK clients are configured from.
#[cfg_attr(not(feature = "aws-config"), allow(dead_code))]
pub(super) struct Context {
    env: Env,
    /// STS's region: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's
    /// `region`, else `us-east-1`, where the AWS CLI's global STS endpoint is.
    region: String,
    /// The selected profile, for its endpoint settings.
    profile: Option<Profile>,
}

impl Context {
    pub(super) fn new(env: &Env, profile: Option<&Profile>) -> Self {
        let region = env
            .get_non_empty("AWS_REGION")
            .or_else(|| env.get_non_empty("AWS_DEFAULT_REGION"))
            .or_else(|| profile.and_then(|p| p.get("region")).map(str::to_owned))
            .unwrap_or_else(|| "us-east-1".to_owned());
        Self { env: env.clone(), region, profile: profile.cloned() }
    }
}

#[cfg(feature = "aws-config")]
mod with_sdk {
    use std::time::Duration;

    use aws_smithy_async::rt::sleep::{SharedAsyncSleep, TokioSleep};
    use aws_smithy_async::time::{SharedTimeSource, SystemTimeSource};
    use aws_smithy_types::error::display::DisplayErrorContext;
    use aws_smithy_types::error::metadata::ProvideErrorMetadata;
    use aws_smithy_types::retry::RetryConfig;
    use aws_smithy_types::timeout::TimeoutConfig;
    use aws_types::SdkConfig;
    use aws_types::region::Region;
    use aws_types::service_config::{LoadServiceConfig, ServiceConfigKey};

    use super::{Context, CredentialsError};
    use crate::config::service_env_suffix;
    use crate::env::Env;
    use crate::profile::Profile;

    /// The SDK's own defaults for these calls: a connection within 3.1 s,
    /// an answer within 10 s.
    const CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);
    const READ_TIMEOUT: Duration = Duration::from_secs(10);

    impl Context {
        /// An `SdkConfig` for a client of a service in `region`.
        pub(super) fn sdk_config(&self, region: &str) -> Result<SdkConfig, CredentialsError> {
            let http = super::http_client::TransportClient::new(CONNECT_TIMEOUT)
                .map_err(|e| CredentialsError::Failed(format!("no HTTP client: {e}")))?;
            Ok(SdkConfig::builder()
                .behavior_version(aws_config::BehaviorVersion::latest())
                .region(Region::new(region.to_owned()))
                .http_client(http)
                .sleep_impl(SharedAsyncSleep::new(TokioSleep::new()))
                .time_source(SharedTimeSource::new(SystemTimeSource::new()))
                .retry_config(RetryConfig::standard())
                .timeout_config(
                    TimeoutConfig::builder().connect_timeout(CONNECT_TIMEOUT).read_timeout(READ_TIMEOUT).build(),
                )
                .service_config(EndpointOverrides { env: self.env.clone(), profile: self.profile.clone() })
                .build())
        }

        pub(super) fn region(&self) -> &str {
            &self.region
        }
    }

    /// Answers the SDK clients' endpoint lookups from this crate's [`Env`]
    /// and the selected profile, in the AWS SDKs' order: the service's
    /// variable (`AWS_ENDPOINT_URL_STS`, for the key's `AWS_ENDPOINT_URL` and
    /// service `STS`), then the key's variable, then the profile's key
    /// (`endpoint_url`); nothing when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`
    /// (or the profile's `ignore_configured_endpoint_urls`) is true.
    #[derive(Debug)]
    struct EndpointOverrides {
        env: Env,
        /// `Profile`'s `Debug` redacts its secrets.
        profile: Option<Profile>,
    }

    impl LoadServiceConfig for EndpointOverrides {
        fn load_config(&self, key: ServiceConfigKey<'_>) -> Option<String> {
            let profile = |name: &str| self.profile.as_ref().and_then(|p| p.get(name)).map(str::to_owned);
            let ignore = self
                .env
                .get_non_empty("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
                .or_else(|| profile("ignore_configured_endpoint_urls"))
                .is_some_and(|v| v.eq_ignore_ascii_case("true"));
            if ignore && key.env() == "AWS_ENDPOINT_URL" {
                return None;
            }
            let service_var = format!("{}_{}", key.env(), service_env_suffix(key.service_id()));
            self.env
                .get_non_empty(&service_var)
                .or_else(|| self.env.get_non_empty(key.env()))
                .or_else(|| profile(key.profile()))
        }
    }

    /// An SDK call's failure as a message: the service's code and message
    /// when it answered, else the whole chain of causes. Neither holds a
    /// secret (requests and responses are not part of it).
    pub(super) fn describe<E, R>(error: &aws_smithy_runtime_api::client::result::SdkError<E, R>) -> String
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: std::fmt::Debug,
    {
        match (error.code(), error.message()) {
            (Some(code), Some(message)) => format!("{code}: {message}"),
            (Some(code), None) => code.to_owned(),
            _ => DisplayErrorContext(error).to_string(),
        }
    }

    /// The SDK's credentials as this crate's.
    pub(super) fn from_sdk(credentials: &aws_credential_types::Credentials) -> crate::credentials::Credentials {
        crate::credentials::Credentials::new(
            credentials.access_key_id(),
            credentials.secret_access_key(),
            credentials.session_token().map(str::to_owned),
            credentials.expiry(),
        )
    }
}

#[cfg(feature = "aws-config")]
use with_sdk::{describe, from_sdk};

#[cfg(not(feature = "aws-config"))]
pub(super) async fn sso(_: &Context, sso: &Sso) -> Result<Credentials, CredentialsError> {
    Err(unavailable(&format!("profile `{}`", sso.profile), "SSO"))
}

#[cfg(not(feature = "aws-config"))]
pub(super) async fn web_identity(_: &Context, web_identity: &WebIdentity) -> Result<Credentials, CredentialsError> {
    Err(unavailable(&web_identity.origin, "web identity"))
}

#[cfg(not(feature = "aws-config"))]
pub(super) async fn assume_role(_: &Context, role: &Role, _: Credentials) -> Result<Credentials, CredentialsError> {
    Err(unavailable(&format!("profile `{}`", role.profile), "role_arn (assume-role through STS)"))
}
