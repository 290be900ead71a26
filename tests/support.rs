//! Test support for the generated client: the shared server and SigV4
//! verifier of `test-support`, and clients of the generated SDK pointed at it.

use std::time::Duration;

use sdk_runtime::cli::CliSpec;
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

/// Runs `spec`'s tool in this process with `args` (static keys, a region,
/// no shared files, short timeouts); the exit status, stdout and stderr.
pub fn run_tool(spec: &CliSpec, args: &[&str]) -> (u8, String, String) {
    let vars = [
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_CONFIG_FILE", "/nonexistent/config"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let args = [&[spec.binary][..], args, &["--cli-read-timeout", "5", "--cli-connect-timeout", "2"]].concat();
    let code = sdk_runtime::cli::run_with(spec, args, vars, &mut out, &mut err);
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}
