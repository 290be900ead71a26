//! Client configuration: region, credentials, endpoint overrides, retries,
//! timeouts and input validation, set explicitly or loaded from the
//! environment and shared config files the way the AWS SDKs do.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::credentials::{CachingProvider, ChainProvider, ProvideCredentials, SharedCredentialsProvider};
use crate::endpoint::{Params, Value};
use crate::env::Env;
use crate::http::Transport;
use crate::profile::{ProfileError, ProfileSet};
use crate::retry::RetryConfig;

/// Everything a client needs besides the service description.
#[derive(Clone)]
pub struct Config {
    region: Option<String>,
    credentials: Option<SharedCredentialsProvider>,
    endpoint_url: Option<String>,
    use_fips: bool,
    use_dual_stack: bool,
    disable_host_prefix: bool,
    client_context_params: Params,
    retry: RetryConfig,
    connect_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    defaults_mode: DefaultsMode,
    validate_input: bool,
    idempotency_token: fn() -> String,
    request_compression: RequestCompression,
    transport: Option<Arc<dyn Transport>>,
    app_name: Option<String>,
}

/// The AWS SDKs' smart configuration defaults (`defaults_mode`,
/// `AWS_DEFAULTS_MODE`): which connect timeout a client uses unless one is
/// set explicitly.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum DefaultsMode {
    /// This SDK's own defaults (the AWS SDKs' default mode).
    #[default]
    Legacy,
    /// The recommended defaults: a 3.1 s connect timeout.
    Standard,
    /// For callers in the service's region: 1.1 s.
    InRegion,
    /// For callers in another region: 3.1 s.
    CrossRegion,
    /// For mobile networks: 30 s.
    Mobile,
    /// Standard here: this client does not probe its environment to choose.
    Auto,
}

impl DefaultsMode {
    /// Reads a `defaults_mode` value (case-insensitive).
    pub fn parse(value: &str) -> Option<Self> {
        Some(match value.trim().to_ascii_lowercase().as_str() {
            "legacy" => Self::Legacy,
            "standard" => Self::Standard,
            "in-region" => Self::InRegion,
            "cross-region" => Self::CrossRegion,
            "mobile" => Self::Mobile,
            "auto" => Self::Auto,
            _ => return None,
        })
    }

    /// The connect timeout the mode gives (covering TCP and TLS); `None` for
    /// [`Legacy`](Self::Legacy), which keeps the SDK's own.
    pub fn connect_timeout(self) -> Option<Duration> {
        match self {
            Self::Legacy => None,
            Self::InRegion => Some(Duration::from_millis(1100)),
            Self::Standard | Self::CrossRegion | Self::Auto => Some(Duration::from_millis(3100)),
            Self::Mobile => Some(Duration::from_secs(30)),
        }
    }
}

impl Config {
    /// A builder with the defaults: no region, no credentials, standard retries,
    /// a 3.1 s connect timeout, a 60 s read timeout, no attempt or operation
    /// timeout, validation on.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Loads from the process environment and the shared files; see
    /// [`ConfigBuilder::from_env`]. `sdk_id` is the service's `sdkId` (e.g.
    /// `Wickr`), which names `AWS_ENDPOINT_URL_<SERVICE>`.
    pub fn from_env(sdk_id: &str) -> Result<Config, ConfigError> {
        Ok(ConfigBuilder::from_env(&Env::process(), sdk_id)?.build())
    }

    /// The region.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The credentials provider.
    pub fn credentials_provider(&self) -> Option<&SharedCredentialsProvider> {
        self.credentials.as_ref()
    }

    /// The endpoint URL override.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Whether to use FIPS endpoints.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether to use dual-stack endpoints.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// Whether `@endpoint` host prefixes are left off (see
    /// [`ConfigBuilder::disable_host_prefix`]).
    pub fn disable_host_prefix(&self) -> bool {
        self.disable_host_prefix
    }

    /// The values of the service's endpoint client context parameters
    /// (`smithy.rules#clientContextParams`), by parameter name.
    pub fn client_context_params(&self) -> &Params {
        &self.client_context_params
    }

    /// Retry settings.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }

    /// Connect timeout (TCP and TLS).
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    /// Read timeout: how long the server may send nothing while a response
    /// is awaited.
    pub fn read_timeout(&self) -> Option<Duration> {
        self.read_timeout
    }

    /// The smart-defaults mode the configuration was loaded with.
    pub fn defaults_mode(&self) -> DefaultsMode {
        self.defaults_mode
    }

    /// Timeout for one attempt (request sent to response read).
    pub fn attempt_timeout(&self) -> Option<Duration> {
        self.attempt_timeout
    }

    /// Timeout for the whole operation, across attempts.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }

    /// Whether inputs are validated before sending.
    pub fn validate_input(&self) -> bool {
        self.validate_input
    }

    /// When `@requestCompression` bodies are compressed.
    pub fn request_compression(&self) -> RequestCompression {
        self.request_compression
    }

    /// Makes the tokens unset `@idempotencyToken` members are filled with.
    pub fn idempotency_token(&self) -> fn() -> String {
        self.idempotency_token
    }

    /// A custom transport, if set.
    pub fn transport(&self) -> Option<&Arc<dyn Transport>> {
        self.transport.as_ref()
    }

    /// The application name added to the User-Agent.
    pub fn app_name(&self) -> Option<&str> {
        self.app_name.as_deref()
    }

    /// A builder holding this configuration, to change some settings.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder { config: self.clone() }
    }

    /// Checks the settings that go into URLs: the region must be one host
    /// label, and an endpoint URL `http` or `https` with a host, a valid port
    /// and neither user info, query nor fragment (a path is kept as the base
    /// of every request's). A [`Handle`](crate::client::Handle) refuses to send with a
    /// configuration that fails this, before resolving any endpoint.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if let Some(region) = &self.region {
            check_region(region, "region")?;
        }
        if let Some(url) = &self.endpoint_url {
            check_endpoint_url(url, "endpoint_url")?;
        }
        Ok(())
    }
}

fn check_endpoint_url(url: &str, source: &str) -> Result<(), ConfigError> {
    match crate::settings::endpoint_url_problem(url) {
        None => Ok(()),
        Some(reason) => Err(ConfigError::Rejected {
            setting: source.to_owned(),
            value: crate::settings::without_userinfo(url).into_owned(),
            reason,
        }),
    }
}

fn check_region(region: &str, source: &str) -> Result<(), ConfigError> {
    if crate::settings::is_valid_region(region) {
        return Ok(());
    }
    Err(ConfigError::Rejected {
        setting: source.to_owned(),
        value: region.to_owned(),
        reason: "a region is one host label: letters, digits and hyphens between them",
    })
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Providers redact their own secrets; list the rest.
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            // A URL's password never reaches a log, even before `validate` refuses it.
            .field("endpoint_url", &self.endpoint_url.as_deref().map(crate::settings::without_userinfo))
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("disable_host_prefix", &self.disable_host_prefix)
            .field("client_context_params", &self.client_context_params)
            .field("retry", &self.retry)
            .field("connect_timeout", &self.connect_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("defaults_mode", &self.defaults_mode)
            .field("validate_input", &self.validate_input)
            .field("transport", &self.transport)
            .field("app_name", &self.app_name)
            .finish()
    }
}

/// When the body of a `@requestCompression` operation is compressed: unless
/// `disabled`, when it is at least `min_size` bytes (`AWS_DISABLE_REQUEST_COMPRESSION`,
/// `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` and their profile keys, as the
/// AWS SDKs read them; 10,240 bytes by default).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RequestCompression {
    /// Never compress.
    pub disabled: bool,
    /// The smallest body that is compressed, in bytes.
    pub min_size: usize,
}

impl Default for RequestCompression {
    fn default() -> Self {
        RequestCompression { disabled: false, min_size: 10_240 }
    }
}

/// Builds a [`Config`].
#[derive(Clone, Debug)]
pub struct ConfigBuilder {
    config: Config,
}

impl Default for ConfigBuilder {
    fn default() -> Self {
        Self {
            config: Config {
                region: None,
                credentials: None,
                endpoint_url: None,
                use_fips: false,
                use_dual_stack: false,
                disable_host_prefix: false,
                client_context_params: Params::new(),
                retry: RetryConfig::standard(),
                // The AWS SDKs' default: long enough for TLS to a far region,
                // short enough that a black-holed address fails fast and is retried.
                connect_timeout: Some(Duration::from_millis(3100)),
                // The AWS SDKs' and CLI's socket read timeout: a server that
                // accepts and never answers fails (and is retried) instead of hanging.
                read_timeout: Some(Duration::from_secs(60)),
                attempt_timeout: None,
                operation_timeout: None,
                defaults_mode: DefaultsMode::Legacy,
                validate_input: true,
                idempotency_token: crate::operation::idempotency_token,
                request_compression: RequestCompression::default(),
                transport: None,
                app_name: None,
            },
        }
    }
}

impl ConfigBuilder {
    /// Reads, in the AWS SDKs' order of precedence:
    ///
    /// * region: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`;
    /// * credentials: [`ChainProvider::default_chain`] (the environment
    ///   variables, the profile, web identity, container credentials, instance
    ///   metadata), read on the first request and cached by a
    ///   [`CachingProvider`] until shortly before the credentials expire;
    /// * endpoint URL: `AWS_ENDPOINT_URL_<SERVICE>` (the `sdk_id` upper-cased,
    ///   spaces and hyphens as `_`), `AWS_ENDPOINT_URL`, then the profile's
    ///   `endpoint_url`; none of them when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true;
    /// * `AWS_USE_FIPS_ENDPOINT` / `use_fips_endpoint`,
    ///   `AWS_USE_DUALSTACK_ENDPOINT` / `use_dualstack_endpoint`,
    ///   `AWS_MAX_ATTEMPTS` / `max_attempts`;
    /// * the connect timeout of `AWS_DEFAULTS_MODE` / `defaults_mode` (see
    ///   [`DefaultsMode`]); the AWS SDKs read no other timeout setting;
    /// * the profile: `AWS_PROFILE`, default `default`.
    pub fn from_env(env: &Env, sdk_id: &str) -> Result<Self, ConfigError> {
        let profiles = ProfileSet::load(env).map_err(ConfigError::Profile)?;
        let profile = profiles.selected();
        let setting = |var: &str, key: &str| -> Option<(String, String)> {
            env.get_non_empty(var).map(|v| (v, var.to_owned())).or_else(|| {
                profile.and_then(|p| p.get(key).map(|v| (v.to_owned(), format!("profile `{}` {key}", p.name()))))
            })
        };
        let mut builder = Self::default();
        let region = env
            .get_non_empty("AWS_REGION")
            .map(|v| (v, "AWS_REGION".to_owned()))
            .or_else(|| env.get_non_empty("AWS_DEFAULT_REGION").map(|v| (v, "AWS_DEFAULT_REGION".to_owned())))
            .or_else(|| setting("AWS_REGION", "region"));
        if let Some((value, source)) = region {
            check_region(&value, &source)?;
            builder.config.region = Some(value);
        }
        builder.config.credentials = Some(Arc::new(CachingProvider::new(ChainProvider::default_chain(env))));
        if let Some((value, source)) = setting("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint") {
            builder.config.use_fips = parse_bool(&value, &source)?;
        }
        if let Some((value, source)) = setting("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint") {
            builder.config.use_dual_stack = parse_bool(&value, &source)?;
        }
        if let Some((value, source)) = setting("AWS_MAX_ATTEMPTS", "max_attempts") {
            let attempts: u32 = value
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| ConfigError::Invalid { setting: source, value: value.clone() })?;
            builder.config.retry = builder.config.retry.with_max_attempts(attempts);
        }
        if let Some((value, source)) = setting("AWS_DISABLE_REQUEST_COMPRESSION", "disable_request_compression") {
            builder.config.request_compression.disabled = parse_bool(&value, &source)?;
        }
        if let Some((value, source)) =
            setting("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "request_min_compression_size_bytes")
        {
            // The AWS SDKs accept 0 to 10 MiB.
            builder.config.request_compression.min_size =
                value
                    .parse()
                    .ok()
                    .filter(|size| *size <= 10 * 1024 * 1024)
                    .ok_or_else(|| ConfigError::Invalid { setting: source, value: value.clone() })?;
        }
        if let Some((value, source)) = setting("AWS_DEFAULTS_MODE", "defaults_mode") {
            let mode = DefaultsMode::parse(&value).ok_or(ConfigError::Invalid { setting: source, value })?;
            builder = builder.defaults_mode(mode);
        }
        let ignore_endpoints = match setting("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls") {
            Some((value, source)) => parse_bool(&value, &source)?,
            None => false,
        };
        if !ignore_endpoints {
            let service_var = format!("AWS_ENDPOINT_URL_{}", service_env_suffix(sdk_id));
            let url = env
                .get_non_empty(&service_var)
                .map(|v| (v, service_var.clone()))
                .or_else(|| env.get_non_empty("AWS_ENDPOINT_URL").map(|v| (v, "AWS_ENDPOINT_URL".to_owned())))
                .or_else(|| setting("AWS_ENDPOINT_URL", "endpoint_url"));
            if let Some((url, source)) = url {
                check_endpoint_url(&url, &source)?;
                builder.config.endpoint_url = Some(url);
            }
        }
        Ok(builder)
    }

    /// Sets the region.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// Uses fixed credentials.
    pub fn credentials(self, credentials: crate::credentials::Credentials) -> Self {
        self.credentials_provider(credentials)
    }

    /// Uses a credentials provider.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.config.credentials = Some(Arc::new(provider));
        self
    }

    /// Uses a shared credentials provider.
    pub fn shared_credentials_provider(mut self, provider: SharedCredentialsProvider) -> Self {
        self.config.credentials = Some(provider);
        self
    }

    /// Sends requests to this URL instead of the resolved endpoint.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint_url = Some(url.into());
        self
    }

    /// Uses FIPS endpoints.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.config.use_fips = use_fips;
        self
    }

    /// Uses dual-stack (IPv4 and IPv6) endpoints.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.config.use_dual_stack = use_dual_stack;
        self
    }

    /// Leaves off the host prefixes operations add with `@endpoint`
    /// (`data.` before the endpoint's host): for an endpoint that serves
    /// every operation on one host, such as a local mock on 127.0.0.1, which
    /// no prefix can be put before. As the AWS SDKs' `disableHostPrefix`.
    pub fn disable_host_prefix(mut self, disable: bool) -> Self {
        self.config.disable_host_prefix = disable;
        self
    }

    /// Sets one of the service's endpoint client context parameters
    /// (`smithy.rules#clientContextParams`) by its name in the rule set, e.g.
    /// `("ForcePathStyle", true)`. Generated SDKs wrap this in a typed setter
    /// per parameter. A name the service's rule set does not declare, or a
    /// value of the wrong type, makes endpoint resolution fail with an error
    /// that names it.
    pub fn client_context_param(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.config.client_context_params.set(name, value);
        self
    }

    /// Sets the retry settings.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.config.retry = retry;
        self
    }

    /// Sets the connect timeout, TCP and TLS (`None`: wait as long as the OS
    /// does). A connection not made in time fails the attempt, which is retried.
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// Sets the read timeout: once a request is sent, how long the server may
    /// send nothing before the attempt fails (and is retried); `None` waits
    /// forever. Applies to the built-in transport.
    pub fn read_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.config.read_timeout = timeout;
        self
    }

    /// Uses the smart-defaults mode's connect timeout (unless it is
    /// [`DefaultsMode::Legacy`], which keeps the current one).
    pub fn defaults_mode(mut self, mode: DefaultsMode) -> Self {
        self.config.defaults_mode = mode;
        if let Some(timeout) = mode.connect_timeout() {
            self.config.connect_timeout = Some(timeout);
        }
        self
    }

    /// Limits each attempt; a timed-out attempt is retried.
    pub fn attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.config.attempt_timeout = timeout;
        self
    }

    /// Limits the whole operation, including retries and back-off.
    pub fn operation_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.config.operation_timeout = timeout;
        self
    }

    /// Whether to validate inputs against the model's constraints before sending
    /// (default true). Turn off to let the service judge, e.g. when the model's
    /// constraints are stricter than the service.
    pub fn validate_input(mut self, validate: bool) -> Self {
        self.config.validate_input = validate;
        self
    }

    /// Uses a custom transport instead of the built-in hyper client.
    pub fn transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.config.transport = Some(transport);
        self
    }

    /// Adds `app/<name>` to the User-Agent.
    pub fn app_name(mut self, name: impl Into<String>) -> Self {
        self.config.app_name = Some(name.into());
        self
    }

    /// When `@requestCompression` bodies are compressed.
    pub fn request_compression(mut self, settings: RequestCompression) -> Self {
        self.config.request_compression = settings;
        self
    }

    /// What fills unset `@idempotencyToken` members (a random UUID by
    /// default); tests set a fixed one.
    pub fn idempotency_token(mut self, make: fn() -> String) -> Self {
        self.config.idempotency_token = make;
        self
    }

    /// Finishes the configuration.
    pub fn build(self) -> Config {
        self.config
    }
}

/// `Wickr` → `WICKR`; `Elastic Load Balancing v2` → `ELASTIC_LOAD_BALANCING_V2`.
pub fn service_env_suffix(sdk_id: &str) -> String {
    sdk_id.trim().chars().map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_uppercase() }).collect()
}

fn parse_bool(value: &str, source: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ConfigError::Invalid { setting: source.to_owned(), value: value.to_owned() }),
    }
}

/// The environment or shared config could not be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// A shared config or credentials file is broken.
    Profile(ProfileError),
    /// A setting has a value that is not allowed.
    Invalid {
        /// Where the setting came from (variable name or profile key).
        setting: String,
        /// The rejected value.
        value: String,
    },
    /// A setting has a value that is not allowed, for this reason.
    Rejected {
        /// Where the setting came from (variable name, profile key, or the
        /// builder's setter).
        setting: String,
        /// The rejected value (with any user info of a URL redacted).
        value: String,
        /// What the value must be.
        reason: &'static str,
    },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Profile(e) => write!(f, "could not load the shared config: {e}"),
            Self::Invalid { setting, value } => write!(f, "{setting} has an invalid value {value:?}"),
            Self::Rejected { setting, value, reason } => {
                write!(f, "{setting} has an invalid value {value:?}: {reason}")
            }
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Profile(e) => Some(e),
            Self::Invalid { .. } | Self::Rejected { .. } => None,
        }
    }
}

#[cfg(feature = "aws-config")]
mod sdk_config {
    //! Adapts `aws_types::SdkConfig` (what `aws_config::load_from_env()` returns).

    use super::{Config, ConfigBuilder};
    use crate::credentials::{CachingProvider, Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
    use aws_credential_types::provider::ProvideCredentials as AwsProvideCredentials;

    /// Wraps an `aws-credential-types` provider so this crate can call it.
    #[derive(Debug)]
    pub struct AwsCredentialsProvider(pub aws_credential_types::provider::SharedCredentialsProvider);

    impl ProvideCredentials for AwsCredentialsProvider {
        fn provide_credentials(&self) -> CredentialsFuture<'_> {
            Box::pin(async move {
                let c = self.0.provide_credentials().await.map_err(|e| CredentialsError::Other(Box::new(e)))?;
                Ok(Credentials::new(
                    c.access_key_id(),
                    c.secret_access_key(),
                    c.session_token().map(str::to_owned),
                    c.expiry(),
                ))
            })
        }
    }

    impl Config {
        /// A builder seeded from an `SdkConfig`: region, credentials provider,
        /// endpoint URL, FIPS/dual-stack, retry attempts and back-off, and the
        /// connect, attempt and operation timeouts it sets.
        pub fn from_sdk_config(sdk: &aws_types::SdkConfig) -> ConfigBuilder {
            let mut builder = Config::builder();
            if let Some(region) = sdk.region() {
                builder = builder.region(region.as_ref());
            }
            if let Some(provider) = sdk.credentials_provider() {
                // The SdkConfig's provider is the bare chain (its identity cache is
                // separate and not used here): cache it as `from_env` does.
                builder = builder.credentials_provider(CachingProvider::new(AwsCredentialsProvider(provider)));
            }
            if let Some(url) = sdk.endpoint_url() {
                builder = builder.endpoint_url(url);
            }
            builder =
                builder.use_fips(sdk.use_fips().unwrap_or(false)).use_dual_stack(sdk.use_dual_stack().unwrap_or(false));
            if let Some(retry) = sdk.retry_config() {
                builder = builder.retry(
                    crate::retry::RetryConfig::standard()
                        .with_max_attempts(retry.max_attempts())
                        .with_initial_backoff(retry.initial_backoff())
                        .with_max_backoff(retry.max_backoff()),
                );
            }
            if let Some(timeouts) = sdk.timeout_config() {
                if let Some(t) = timeouts.connect_timeout() {
                    builder = builder.connect_timeout(Some(t));
                }
                if let Some(t) = timeouts.read_timeout() {
                    builder = builder.read_timeout(Some(t));
                }
                builder = builder
                    .attempt_timeout(timeouts.operation_attempt_timeout())
                    .operation_timeout(timeouts.operation_timeout());
            }
            builder
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use aws_credential_types::provider::SharedCredentialsProvider;

        #[tokio::test]
        async fn sdk_config_settings_carry_over() {
            let sdk = aws_types::SdkConfig::builder()
                .region(aws_types::region::Region::new("eu-west-3"))
                .credentials_provider(SharedCredentialsProvider::new(aws_credential_types::Credentials::new(
                    "AKIDSDK",
                    "sdk-secret",
                    None,
                    None,
                    "test",
                )))
                .endpoint_url("http://127.0.0.1:1")
                .use_dual_stack(true)
                .build();
            let config = Config::from_sdk_config(&sdk).build();
            assert_eq!(config.region(), Some("eu-west-3"));
            assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:1"));
            assert!(config.use_dual_stack() && !config.use_fips());
            let creds = config.credentials_provider().unwrap().provide_credentials().await.unwrap();
            assert_eq!((creds.access_key_id(), creds.secret_access_key()), ("AKIDSDK", "sdk-secret"));
        }
    }
}

#[cfg(feature = "aws-config")]
pub use sdk_config::AwsCredentialsProvider;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_suffixes() {
        assert_eq!(service_env_suffix("Wickr"), "WICKR");
        assert_eq!(service_env_suffix("Elastic Load Balancing v2"), "ELASTIC_LOAD_BALANCING_V2");
        assert_eq!(service_env_suffix("api-gateway"), "API_GATEWAY");
    }

    #[test]
    fn env_settings_and_precedence() {
        let env = Env::from_vars([
            ("AWS_REGION", "eu-west-1"),
            ("AWS_DEFAULT_REGION", "us-west-2"),
            ("AWS_USE_FIPS_ENDPOINT", "TRUE"),
            ("AWS_USE_DUALSTACK_ENDPOINT", "false"),
            ("AWS_ENDPOINT_URL", "http://generic"),
            ("AWS_ENDPOINT_URL_WICKR", "http://wickr-specific/base"),
            ("AWS_MAX_ATTEMPTS", "5"),
            ("AWS_DEFAULTS_MODE", "In-Region"),
            ("AWS_CONFIG_FILE", "/nonexistent/config"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"),
        ]);
        let config = ConfigBuilder::from_env(&env, "Wickr").unwrap().build();
        assert_eq!(config.region(), Some("eu-west-1"));
        assert!(config.use_fips() && !config.use_dual_stack());
        assert_eq!(config.endpoint_url(), Some("http://wickr-specific/base"));
        assert_eq!(config.retry().max_attempts(), 5);
        assert_eq!(config.connect_timeout(), Some(Duration::from_millis(1100)));
        assert_eq!(config.defaults_mode(), DefaultsMode::InRegion);
        assert!(config.validate_input());

        let other_service = ConfigBuilder::from_env(&env, "Other").unwrap().build();
        assert_eq!(other_service.endpoint_url(), Some("http://generic"));
    }

    #[test]
    fn bad_values_are_errors() {
        for (var, value) in [
            ("AWS_USE_FIPS_ENDPOINT", "yes"),
            ("AWS_MAX_ATTEMPTS", "0"),
            ("AWS_MAX_ATTEMPTS", "many"),
            ("AWS_DEFAULTS_MODE", "fast"),
            ("AWS_REGION", "evil.example/x"),
            ("AWS_DEFAULT_REGION", "a@127.0.0.1:18930/"),
            ("AWS_ENDPOINT_URL", "https://h/base?x=1"),
            ("AWS_ENDPOINT_URL_WICKR", "ftp://h"),
        ] {
            let env = Env::from_vars([
                (var, value),
                ("AWS_CONFIG_FILE", "/nonexistent"),
                ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"),
            ]);
            let err = ConfigBuilder::from_env(&env, "Wickr").unwrap_err();
            assert!(err.to_string().contains(var), "{err}");
        }
    }
}
