//! The EC2 instance metadata service (IMDSv2): a session token first, then
//! the instance profile's role, then its credentials.

use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::fetch::{LazyTransport, error_summary};
use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use crate::env::Env;
use crate::http::{HttpResponse, Method};
use crate::profile::ProfileSet;

const IPV4_ENDPOINT: &str = "http://169.254.169.254";
const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]";
const TOKEN_PATH: &str = "/latest/api/token";
const CREDENTIALS_PATH: &str = "/latest/meta-data/iam/security-credentials/";
const TOKEN_TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";
/// Six hours, the longest a token may live.
const TOKEN_TTL: Duration = Duration::from_secs(21_600);
/// A token this close to its end is replaced rather than used.
const TOKEN_MARGIN: Duration = Duration::from_secs(120);

/// Fetches the instance profile's credentials from the instance metadata
/// service, IMDSv2 only: a `PUT` for a session token, then `GET`s that carry it.
///
/// Settings, each an environment variable or else a key of the selected profile:
///
/// | variable | profile key | meaning |
/// |---|---|---|
/// | `AWS_EC2_METADATA_DISABLED` | – | `true`: skip this source |
/// | `AWS_EC2_METADATA_SERVICE_ENDPOINT` | `ec2_metadata_service_endpoint` | the service's URL |
/// | `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` | `ec2_metadata_service_endpoint_mode` | `IPv4` (`http://169.254.169.254`, the default) or `IPv6` (`http://[fd00:ec2::254]`) |
/// | `AWS_EC2_INSTANCE_PROFILE_NAME` | `ec2_instance_profile_name` | the role, instead of asking the service |
/// | `AWS_METADATA_SERVICE_TIMEOUT` | `metadata_service_timeout` | seconds per request (default 1) |
/// | `AWS_METADATA_SERVICE_NUM_ATTEMPTS` | `metadata_service_num_attempts` | attempts per request (default 1) |
///
/// The defaults are the AWS CLI's: off EC2 the service is not there, and the
/// chain should end quickly. The token is kept for its six-hour life (and
/// fetched again if the service rejects it); credentials are cached by the
/// [`CachingProvider`](super::CachingProvider) the default configuration
/// wraps around the chain. When no service answers, or the instance has no
/// role, this source has no credentials and a chain moves on.
#[derive(Default)]
pub struct ImdsProvider {
    env: Env,
    transport: LazyTransport,
    token: Mutex<Option<(String, Instant)>>,
}

/// The settings in force for one fetch.
struct Settings {
    endpoint: String,
    profile_name: Option<String>,
    timeout: Duration,
    attempts: u32,
}

impl ImdsProvider {
    /// A provider configured by the given environment (and its shared files).
    pub fn new(env: Env) -> Self {
        Self { env, transport: LazyTransport::default(), token: Mutex::new(None) }
    }

    fn settings(&self) -> Result<Settings, CredentialsError> {
        let invalid = |setting: &str, value: &str, expected: &str| {
            CredentialsError::InvalidConfiguration(format!("{setting} is {value:?}; expected {expected}"))
        };
        match self.env.get_non_empty("AWS_EC2_METADATA_DISABLED") {
            Some(v) if v.eq_ignore_ascii_case("true") => {
                return Err(CredentialsError::NotLoaded("AWS_EC2_METADATA_DISABLED is true".into()));
            }
            Some(v) if !v.eq_ignore_ascii_case("false") => {
                return Err(invalid("AWS_EC2_METADATA_DISABLED", &v, "true or false"));
            }
            _ => {}
        }
        let profiles = ProfileSet::load(&self.env).map_err(CredentialsError::Profile)?;
        let profile = profiles.selected();
        let setting = |var: &str, key: &str| -> Option<(String, String)> {
            self.env.get_non_empty(var).map(|v| (v, var.to_owned())).or_else(|| {
                profile.and_then(|p| p.get(key).map(|v| (v.to_owned(), format!("profile `{}` {key}", p.name()))))
            })
        };
        let endpoint = match setting("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint") {
            Some((url, _)) => url.trim_end_matches('/').to_owned(),
            None => match setting("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode") {
                None => IPV4_ENDPOINT.to_owned(),
                Some((mode, _)) if mode.eq_ignore_ascii_case("ipv4") => IPV4_ENDPOINT.to_owned(),
                Some((mode, _)) if mode.eq_ignore_ascii_case("ipv6") => IPV6_ENDPOINT.to_owned(),
                Some((mode, source)) => return Err(invalid(&source, &mode, "IPv4 or IPv6")),
            },
        };
        let timeout = match setting("AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout") {
            None => Duration::from_secs(1),
            Some((value, source)) => value
                .parse::<f64>()
                .ok()
                .filter(|s| s.is_finite() && *s > 0.0 && *s <= 3600.0)
                .map(Duration::from_secs_f64)
                .ok_or_else(|| invalid(&source, &value, "a positive number of seconds"))?,
        };
        let attempts = match setting("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts") {
            None => 1,
            Some((value, source)) => value
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=10).contains(n))
                .ok_or_else(|| invalid(&source, &value, "a whole number from 1 to 10"))?,
        };
        let profile_name = setting("AWS_EC2_INSTANCE_PROFILE_NAME", "ec2_instance_profile_name").map(|(name, _)| name);
        Ok(Settings { endpoint, profile_name, timeout, attempts })
    }

    /// One request, tried up to `attempts` times on connection failures,
    /// time-outs and 5xx answers.
    async fn request(
        &self,
        settings: &Settings,
        method: Method,
        path: &str,
        header: (&str, &str),
    ) -> Result<HttpResponse, String> {
        let url = format!("{}{path}", settings.endpoint);
        let headers = vec![(header.0.to_owned(), header.1.to_owned())];
        let mut last = String::new();
        for _ in 0..settings.attempts {
            match self
                .transport
                .exchange(method.clone(), &url, headers.clone(), (settings.timeout, settings.timeout))
                .await
            {
                Ok(response) if response.status() < 500 => return Ok(response),
                Ok(response) => last = format!("status {}{}", response.status(), error_summary(&response)),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// The cached session token, or a new one.
    async fn token(&self, settings: &Settings) -> Result<String, CredentialsError> {
        let cached = self.token.lock().unwrap_or_else(|p| p.into_inner()).clone();
        if let Some((token, expires)) = cached
            && Instant::now() + TOKEN_MARGIN < expires
        {
            return Ok(token);
        }
        let endpoint = &settings.endpoint;
        let ttl = TOKEN_TTL.as_secs().to_string();
        let response = self
            .request(settings, Method::PUT, TOKEN_PATH, (TOKEN_TTL_HEADER, &ttl))
            .await
            // Off EC2 nothing answers: the usual case, not an error.
            .map_err(|e| CredentialsError::NotLoaded(format!("no instance metadata service at {endpoint} ({e})")))?;
        match response.status() {
            200 => {}
            // The service is there, but IMDS (or IMDSv2) is turned off for this instance.
            403..=405 => {
                return Err(CredentialsError::NotLoaded(format!(
                    "the instance metadata service at {endpoint} gives no IMDSv2 token (status {})",
                    response.status()
                )));
            }
            status => {
                return Err(CredentialsError::Failed(format!(
                    "instance metadata at {endpoint}: a token request answered status {status}{}",
                    error_summary(&response)
                )));
            }
        }
        let token = String::from_utf8(response.body().to_vec())
            .ok()
            .map(|t| t.trim().to_owned())
            .filter(|t| !t.is_empty() && !t.contains(['\r', '\n']))
            .ok_or_else(|| {
                CredentialsError::Failed(format!("instance metadata at {endpoint}: the token is empty or not text"))
            })?;
        let ttl = response
            .header(TOKEN_TTL_HEADER)
            .and_then(|s| s.trim().parse::<u64>().ok())
            .map_or(TOKEN_TTL, Duration::from_secs);
        *self.token.lock().unwrap_or_else(|p| p.into_inner()) = Some((token.clone(), Instant::now() + ttl));
        Ok(token)
    }

    /// `GET path` with the session token; a rejected token (401) is replaced once.
    async fn get(&self, settings: &Settings, path: &str) -> Result<HttpResponse, CredentialsError> {
        let mut retried = false;
        loop {
            let token = self.token(settings).await?;
            let response = self
                .request(settings, Method::GET, path, (TOKEN_HEADER, &token))
                .await
                .map_err(|e| CredentialsError::Failed(format!("instance metadata at {}: {e}", settings.endpoint)))?;
            if response.status() == 401 && !retried {
                *self.token.lock().unwrap_or_else(|p| p.into_inner()) = None;
                retried = true;
                continue;
            }
            return Ok(response);
        }
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let settings = self.settings()?;
        let endpoint = settings.endpoint.clone();
        let failed = |why: String| CredentialsError::Failed(format!("instance metadata at {endpoint}: {why}"));
        let role = match &settings.profile_name {
            Some(name) => name.clone(),
            None => {
                let response = self.get(&settings, CREDENTIALS_PATH).await?;
                if response.status() == 404 {
                    return Err(CredentialsError::NotLoaded(format!(
                        "the instance at {endpoint} has no instance profile (IAM role)"
                    )));
                }
                if !response.is_success() {
                    return Err(failed(format!("listing the role answered status {}", response.status())));
                }
                let text = String::from_utf8_lossy(response.body()).into_owned();
                text.lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .map(str::to_owned)
                    .ok_or_else(|| failed("the instance profile lists no role".into()))?
            }
        };
        let path = format!("{CREDENTIALS_PATH}{}", crate::encoding::encode_label(&role));
        let response = self.get(&settings, &path).await?;
        if !response.is_success() {
            return Err(failed(format!(
                "the credentials of role `{role}` answered status {}{}",
                response.status(),
                error_summary(&response)
            )));
        }
        let object = super::json::object(response.body()).map_err(&failed)?;
        match super::json::text(&object, "Code").map_err(&failed)? {
            None | Some("Success") => {}
            Some(code) => return Err(failed(format!("the credentials of role `{role}` have code {code}"))),
        }
        super::json::credentials(&object, "Token").map_err(failed)
    }
}

impl ProvideCredentials for ImdsProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.load())
    }
}

impl fmt::Debug for ImdsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The session token is a credential for the metadata service: not shown.
        let has_token = self.token.lock().map(|t| t.is_some()).unwrap_or(false);
        f.debug_struct("ImdsProvider").field("env", &self.env).field("has_token", &has_token).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The settings for these variables, and a config file with `profile`'s text.
    fn settings(vars: &[(&str, &str)], profile: &str) -> Result<Settings, CredentialsError> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config"), format!("[default]\n{profile}")).unwrap();
        let config = dir.path().join("config").display().to_string();
        let credentials = dir.path().join("credentials").display().to_string();
        let mut all = vec![("AWS_CONFIG_FILE", config.as_str()), ("AWS_SHARED_CREDENTIALS_FILE", credentials.as_str())];
        all.extend_from_slice(vars);
        ImdsProvider::new(Env::from_vars(all.iter().copied())).settings()
    }

    fn endpoint(vars: &[(&str, &str)], profile: &str) -> String {
        settings(vars, profile).map(|s| s.endpoint).unwrap_or_else(|e| format!("error: {e}"))
    }

    #[test]
    fn the_endpoint_mode_picks_the_address_and_an_endpoint_overrides_it() {
        assert_eq!(endpoint(&[], ""), "http://169.254.169.254");
        assert_eq!(endpoint(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")], ""), "http://[fd00:ec2::254]");
        assert_eq!(endpoint(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ipv4")], ""), "http://169.254.169.254");
        assert_eq!(endpoint(&[], "ec2_metadata_service_endpoint_mode = IPv6\n"), "http://[fd00:ec2::254]");
        // The variable wins over the profile key.
        let both = [("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv4")];
        assert_eq!(endpoint(&both, "ec2_metadata_service_endpoint_mode = IPv6\n"), "http://169.254.169.254");
        // An endpoint, from either place, wins over any mode; a trailing slash is dropped.
        let mode_and_endpoint = [
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://[::1]:1/"),
        ];
        assert_eq!(endpoint(&mode_and_endpoint, ""), "http://[::1]:1");
        assert_eq!(
            endpoint(
                &[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")],
                "ec2_metadata_service_endpoint = http://127.0.0.1:2\n"
            ),
            "http://127.0.0.1:2"
        );
        let bad = endpoint(&[], "ec2_metadata_service_endpoint_mode = IPv5\n");
        assert!(
            bad.contains("profile `default` ec2_metadata_service_endpoint_mode") && bad.contains("IPv4 or IPv6"),
            "{bad}"
        );
    }

    #[test]
    fn the_instance_profile_name_timeout_and_attempts_come_from_either_place() {
        let named =
            settings(&[("AWS_EC2_INSTANCE_PROFILE_NAME", "env-role")], "ec2_instance_profile_name = file-role\n");
        assert_eq!(named.unwrap().profile_name.as_deref(), Some("env-role"));
        let from_file = settings(&[], "ec2_instance_profile_name = file-role\n").unwrap();
        assert_eq!(from_file.profile_name.as_deref(), Some("file-role"));
        assert_eq!(settings(&[], "").unwrap().profile_name, None);
        let tuned =
            settings(&[("AWS_METADATA_SERVICE_TIMEOUT", "2.5")], "metadata_service_num_attempts = 3\n").unwrap();
        assert_eq!((tuned.timeout, tuned.attempts), (Duration::from_millis(2500), 3));
        let defaults = settings(&[], "").unwrap();
        assert_eq!((defaults.timeout, defaults.attempts), (Duration::from_secs(1), 1));
        for (var, value) in [("AWS_METADATA_SERVICE_TIMEOUT", "0"), ("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "11")] {
            let error = settings(&[(var, value)], "").map(|_| ()).unwrap_err();
            assert!(matches!(&error, CredentialsError::InvalidConfiguration(m) if m.contains(var)), "{error}");
        }
    }
}
