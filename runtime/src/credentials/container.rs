//! Container credentials: the endpoint that ECS (and EKS Pod Identity) offer
//! a task or pod, named by `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or
//! `AWS_CONTAINER_CREDENTIALS_FULL_URI`.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use super::fetch::{LazyTransport, error_summary};
use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use crate::env::Env;
use crate::http::Method;

const RELATIVE_URI: &str = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
const FULL_URI: &str = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
const TOKEN: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
const TOKEN_FILE: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";

/// Where ECS serves a relative URI.
const ECS_ENDPOINT: &str = "http://169.254.170.2";
/// The link-local addresses of the ECS and EKS Pod Identity agents: besides
/// loopback, the only hosts a full URI may name over plain HTTP.
const AGENT_ADDRESSES: [IpAddr; 3] = [
    IpAddr::V4(Ipv4Addr::new(169, 254, 170, 2)),
    IpAddr::V4(Ipv4Addr::new(169, 254, 170, 23)),
    IpAddr::V6(Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x23)),
];

/// The agent is local: a short connect limit, a little longer for the answer.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(5);
/// Attempts per fetch; a connection failure, time-out or 5xx is tried again.
const ATTEMPTS: u32 = 3;

/// Fetches credentials from the container credentials endpoint.
///
/// * `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (ECS): a path on
///   `http://169.254.170.2`; it wins when both variables are set.
/// * `AWS_CONTAINER_CREDENTIALS_FULL_URI`: any `https` URL, or an `http` one
///   whose host is a loopback address, the ECS agent (169.254.170.2) or the
///   EKS Pod Identity agent (169.254.170.23, `fd00:ec2::23`); a host name
///   must resolve only to such addresses. Anything else is refused before a
///   byte is sent, so credentials are never fetched from (nor a token sent
///   to) a host on the network.
/// * The `Authorization` header: the contents of the file named by
///   `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on every fetch: EKS
///   rotates it), else `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
#[derive(Default)]
pub struct ContainerProvider {
    env: Env,
    transport: LazyTransport,
}

impl ContainerProvider {
    /// A provider configured by the given environment.
    pub fn new(env: Env) -> Self {
        Self { env, transport: LazyTransport::default() }
    }

    async fn endpoint(&self) -> Result<String, CredentialsError> {
        if let Some(relative) = self.env.get_non_empty(RELATIVE_URI) {
            if !relative.starts_with('/') {
                return Err(CredentialsError::InvalidConfiguration(format!("{RELATIVE_URI} must start with `/`")));
            }
            return Ok(format!("{ECS_ENDPOINT}{relative}"));
        }
        let Some(full) = self.env.get_non_empty(FULL_URI) else {
            return Err(CredentialsError::NotLoaded(format!("neither {RELATIVE_URI} nor {FULL_URI} is set")));
        };
        check_full_uri(&full)
            .await
            .map_err(|why| CredentialsError::InvalidConfiguration(format!("{FULL_URI}: {why}")))?;
        Ok(full)
    }

    fn authorization(&self) -> Result<Option<String>, CredentialsError> {
        let (token, source) = match self.env.get_non_empty(TOKEN_FILE) {
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    CredentialsError::InvalidConfiguration(format!("{TOKEN_FILE}: cannot read {path}: {e}"))
                })?;
                (text.trim_end().to_owned(), TOKEN_FILE)
            }
            None => match self.env.get_non_empty(TOKEN) {
                Some(token) => (token, TOKEN),
                None => return Ok(None),
            },
        };
        // A line break would end the header early and start another one.
        if token.contains(['\r', '\n']) || token.is_empty() {
            return Err(CredentialsError::InvalidConfiguration(format!(
                "the authorization token from {source} is empty or spans lines"
            )));
        }
        Ok(Some(token))
    }

    async fn load(&self) -> Result<Credentials, CredentialsError> {
        let url = self.endpoint().await?;
        let mut headers = vec![("accept".to_owned(), "application/json".to_owned())];
        if let Some(token) = self.authorization()? {
            headers.push(("authorization".to_owned(), token));
        }
        let failed = |why: String| CredentialsError::Failed(format!("container credentials from {url}: {why}"));
        let mut last_error = String::new();
        for _ in 0..ATTEMPTS {
            let response = match self
                .transport
                .exchange(Method::GET, &url, headers.clone(), (CONNECT_TIMEOUT, ATTEMPT_TIMEOUT))
                .await
            {
                Ok(response) => response,
                Err(e) => {
                    last_error = e;
                    continue;
                }
            };
            if response.status() >= 500 {
                last_error = format!("status {}{}", response.status(), error_summary(&response));
                continue;
            }
            if !response.is_success() {
                return Err(failed(format!("status {}{}", response.status(), error_summary(&response))));
            }
            let object = super::json::object(response.body()).map_err(&failed)?;
            return super::json::credentials(&object, "Token").map_err(failed);
        }
        Err(failed(format!("{last_error} (after {ATTEMPTS} attempts)")))
    }
}

/// Why a full URI may not be used, if it may not.
async fn check_full_uri(uri: &str) -> Result<(), String> {
    let parsed: ::http::Uri = uri.parse().map_err(|_| format!("`{uri}` is not a URL"))?;
    let host = parsed.host().filter(|h| !h.is_empty()).ok_or_else(|| format!("`{uri}` has no host"))?;
    match parsed.scheme_str() {
        Some("https") => return Ok(()),
        Some("http") => {}
        _ => return Err(format!("`{uri}` must be an http or https URL")),
    }
    let refuse = || {
        format!(
            "`{uri}` uses plain http to a host that is not a loopback address nor a container \
             credentials agent (169.254.170.2, 169.254.170.23, fd00:ec2::23); use https"
        )
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return if allowed(ip) { Ok(()) } else { Err(refuse()) };
    }
    // A name (`localhost`) is allowed when everything it resolves to is.
    let port = parsed.port_u16().unwrap_or(80);
    let addresses: Vec<IpAddr> = tokio::net::lookup_host((bare, port))
        .await
        .map_err(|e| format!("cannot resolve the host of `{uri}`: {e}"))?
        .map(|a| a.ip())
        .collect();
    if !addresses.is_empty() && addresses.iter().all(|ip| allowed(*ip)) { Ok(()) } else { Err(refuse()) }
}

fn allowed(ip: IpAddr) -> bool {
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    };
    ip.is_loopback() || AGENT_ADDRESSES.contains(&ip)
}

impl ProvideCredentials for ContainerProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.load())
    }
}

impl fmt::Debug for ContainerProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The environment's Debug shows no values; the token stays out of it.
        f.debug_struct("ContainerProvider").field("env", &self.env).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn full_uri_address_rules() {
        for ok in [
            "http://127.0.0.1:8080/creds",
            "http://127.1.2.3/creds",
            "http://[::1]:80/creds",
            "http://localhost:1234/creds",
            "http://169.254.170.2/v2/credentials/x",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials",
            "https://credentials.example.com/creds",
        ] {
            assert_eq!(check_full_uri(ok).await, Ok(()), "{ok}");
        }
        for refused in [
            "http://10.0.0.1/creds",
            "http://192.168.1.1/creds",
            "http://169.254.169.254/latest",
            "http://[::ffff:10.0.0.1]/creds",
            "ftp://127.0.0.1/creds",
            "/creds",
        ] {
            let error = check_full_uri(refused).await.unwrap_err();
            assert!(error.contains(refused), "{refused}: {error}");
        }
    }

    #[tokio::test]
    async fn the_relative_uri_wins_over_the_full_uri() {
        let endpoint = |vars: &[(&str, &str)]| {
            let provider = ContainerProvider::new(Env::from_vars(vars.iter().copied()));
            async move { provider.endpoint().await.map_err(|e| e.to_string()) }
        };
        let full = ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/creds");
        let relative = ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/task");
        assert_eq!(endpoint(&[full]).await.as_deref(), Ok("http://127.0.0.1:9/creds"));
        assert_eq!(endpoint(&[relative]).await.as_deref(), Ok("http://169.254.170.2/v2/credentials/task"));
        assert_eq!(endpoint(&[full, relative]).await.as_deref(), Ok("http://169.254.170.2/v2/credentials/task"));
        // Even a full URI that would be refused is not looked at then.
        let refused = ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://10.0.0.1/creds");
        assert!(endpoint(&[refused, relative]).await.is_ok());
        let error = endpoint(&[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "v2/creds")]).await.unwrap_err();
        assert!(error.contains("must start with `/`"), "{error}");
        let blank = endpoint(&[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", " "), full]).await;
        assert_eq!(blank.as_deref(), Ok("http://127.0.0.1:9/creds"), "a blank relative URI is unset");
    }
}
