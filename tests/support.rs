//! Test support for the generated client: the shared server and SigV4
//! verifier of `test-support`, and clients of the generated SDK pointed at it.

use std::time::Duration;

use sdk_runtime::config::{Config, ConfigBuilder};
use sdk_runtime::credentials::Credentials;
use sdk_runtime::retry::RetryConfig;
pub use test_support::*;
use wickr_admin_sdk::Client;

/// A configuration for `url`: a region, static credentials, and retries
/// without back-off (tests assert how many attempts happen, not how long).
pub fn config(url: &str) -> ConfigBuilder {
    Config::builder()
        .region(REGION)
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None))
        .endpoint_url(url)
        .retry(RetryConfig::standard().with_initial_backoff(Duration::ZERO))
}

/// The generated client, sending to `url`.
pub fn client(url: &str) -> Client {
    Client::from_conf(config(url).build())
}
