//! The two clients both benchmarks build, configured alike: static
//! credentials, region `us-east-1`, and the local server as endpoint.

/// The access key both clients sign with.
pub const ACCESS_KEY: &str = "AKIDEXAMPLE";
/// The secret key both clients sign with.
pub const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// wickr-admin-sdk's client for the server at `url`.
pub fn ours(url: &str) -> wickr_admin_sdk::Client {
    let config = sdk_runtime::config::Config::builder()
        .region("us-east-1")
        .credentials(sdk_runtime::credentials::Credentials::new(ACCESS_KEY, SECRET_KEY, None, None))
        .endpoint_url(url)
        .build();
    wickr_admin_sdk::Client::from_conf(config)
}

/// aws-sdk-wickr's client for the server at `url`, on the rustls + ring
/// stack our runtime uses, so both clients use the same TLS library.
pub fn theirs(url: &str) -> aws_sdk_wickr::Client {
    use aws_sdk_wickr::config::{BehaviorVersion, Credentials, Region};
    use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};
    let http = aws_smithy_http_client::Builder::new().tls_provider(Provider::Rustls(CryptoMode::Ring)).build_https();
    let config = aws_sdk_wickr::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None, "bench"))
        .endpoint_url(url)
        .http_client(http)
        .build();
    aws_sdk_wickr::Client::from_conf(config)
}
