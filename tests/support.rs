//! Test support for the generated client: the shared server and SigV4
//! verifier of `test-support`, and clients of the generated SDK pointed at it.

use std::path::PathBuf;
use std::process::Command;
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

/// An environment for a client or tool under test: static keys, a region,
/// no shared files, and no instance metadata (which tests never reach: they
/// talk to 127.0.0.1 only).
pub const ISOLATED_ENV: [(&str, &str); 6] = [
    ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
    ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
    ("AWS_REGION", REGION),
    ("AWS_CONFIG_FILE", "/nonexistent/config"),
    ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"),
    ("AWS_EC2_METADATA_DISABLED", "true"),
];

/// Runs `spec`'s tool in this process with `args` ([`ISOLATED_ENV`], short
/// timeouts); the exit status, stdout and stderr.
pub fn run_tool(spec: &CliSpec, args: &[&str]) -> (u8, String, String) {
    let vars = ISOLATED_ENV.map(|(k, v)| (k.to_owned(), v.to_owned()));
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let args = [&[spec.binary][..], args, &["--cli-read-timeout", "5", "--cli-connect-timeout", "2"]].concat();
    let code = sdk_runtime::cli::run_with(spec, args, vars, &mut out, &mut err);
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

/// Builds the command-line tool `bin` of the generated crate `package`
/// (`cargo build -p package --features cli --bin bin`, through the cargo that
/// runs the tests) and returns its path. A test can only ask cargo for the
/// binaries of its own package (`CARGO_BIN_EXE_*`), and the tool belongs to
/// a generated crate, which is output only; cargo has released its build lock
/// by the time tests run, so the nested build does not wait on the outer one,
/// and it reports where the binary is (`--message-format=json`), wherever the
/// target directory lives.
pub fn tool_binary(package: &str, bin: &str) -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| env!("CARGO").into());
    let mut build = Command::new(cargo);
    let workspace = crate::workspace_root().join("Cargo.toml");
    build.args(["build", "--manifest-path"]).arg(workspace).args([
        "--package",
        package,
        "--features",
        "cli",
        "--bin",
        bin,
        "--message-format=json-render-diagnostics",
    ]);
    // Build with the profile these tests were built with.
    let exe = std::env::current_exe().expect("the test knows where it is");
    if exe.components().any(|c| c.as_os_str() == "release") {
        build.arg("--release");
    }
    let output = build.output().expect("cargo runs");
    assert!(output.status.success(), "building {bin} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|message| message["reason"] == "compiler-artifact" && message["target"]["name"] == bin)
        .find_map(|message| message["executable"].as_str().map(PathBuf::from))
        .unwrap_or_else(|| panic!("cargo reports the {bin} executable"))
}
