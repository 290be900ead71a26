//! The behaviour traits of `tests/fixtures/codegen/traits.json`, over HTTP
//! on 127.0.0.1: `@auth([])` operations are never signed, `@optionalAuth`
//! ones are signed only when credentials are configured, the rest always.

use fixture_traits_sdk::{Client, Config, SdkError};
use sdk_runtime::credentials::Credentials;
use sdk_tests::support::{ACCESS_KEY, REGION, Received, Reply, SECRET_KEY, TestServer, verify_sigv4};

const THING: &str = r#"{"name": "lamp"}"#;

fn client(url: &str, signed: bool) -> Client {
    let config = Config::builder().region(REGION).endpoint_url(url);
    let config = if signed { config.credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None)) } else { config };
    Client::from_conf(config.build())
}

/// What the server saw of each request: unsigned, or signed correctly.
fn signatures(received: &[Received]) -> Vec<&'static str> {
    let seen = |request: &Received| match request.header("authorization") {
        None => "unsigned",
        Some(_) if verify_sigv4(request, ACCESS_KEY, SECRET_KEY).is_ok() => "signed",
        Some(_) => "badly signed",
    };
    received.iter().map(seen).collect()
}

#[tokio::test]
async fn operations_are_signed_as_their_auth_traits_say() {
    let server = TestServer::start(|_, _| Reply::json(200, THING)).await;
    for signed in [true, false] {
        let client = client(&server.url(), signed);
        let public = client.get_public_thing().name("lamp").send().await.unwrap();
        assert_eq!(public.thing.unwrap().name, "lamp");
        client.get_thing().name("lamp").send().await.unwrap();
        let required = client.put_thing().name("lamp").send().await;
        match (signed, required) {
            (true, result) => assert!(result.is_ok(), "{result:?}"),
            (false, Err(SdkError::Construction(e))) => assert!(e.to_string().contains("credentials"), "{e}"),
            (false, other) => panic!("sent without credentials: {other:?}"),
        }
    }
    assert_eq!(
        signatures(&server.received()),
        [
            // With credentials: `@auth([])` unsigned, `@optionalAuth` and the default signed.
            "unsigned", "signed", "signed",
            // Without: both that may go unsigned do; the default is never sent.
            "unsigned", "unsigned",
        ]
    );
}

#[tokio::test]
async fn an_unsigned_operation_needs_no_region() {
    let server = TestServer::start(|_, _| Reply::json(200, THING)).await;
    let client = Client::from_conf(
        Config::builder()
            .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None))
            .endpoint_url(server.url())
            .build(),
    );
    client.get_public_thing().name("lamp").send().await.unwrap();
    client.get_thing().name("lamp").send().await.unwrap();
    let error = client.put_thing().name("lamp").send().await.unwrap_err();
    assert!(error.to_string().contains("region"), "{error}");
    assert_eq!(signatures(&server.received()), ["unsigned", "unsigned"]);
}

#[tokio::test]
async fn a_dry_run_says_why_an_operation_is_unsigned() {
    let client = client("http://127.0.0.1:9", true);
    let input = fixture_traits_sdk::input::GetPublicThingInput::builder().name("lamp").build().unwrap();
    let signed = client.dry_run(input).await.unwrap();
    assert_eq!(signed.request.header("authorization"), None);
    assert!(signed.unsigned_reason.unwrap().contains("never signed"));
}

/// Each `@deprecated` item carries `#[deprecated]`, so code outside the crate
/// that uses it is warned: the operation's method, a member's field and its
/// setters, a deprecated structure. Each `expect` fails the lint run (CI
/// denies warnings) if what it covers stops being deprecated.
#[test]
fn deprecated_items_warn_their_callers() {
    use fixture_traits_sdk::input::PutThingInput;
    let client = client("http://127.0.0.1:9", false);
    #[expect(deprecated, reason = "the operation is deprecated")]
    let _old = client.old_put_thing();
    #[expect(deprecated, reason = "the structure is deprecated")]
    let legacy = fixture_traits_sdk::types::LegacyInfo::builder().build().unwrap();
    #[expect(deprecated, reason = "the member's builder setter is deprecated")]
    let builder = PutThingInput::builder().legacy_tag("old");
    let input = builder.legacy(legacy).build().unwrap();
    #[expect(deprecated, reason = "the member's field is deprecated")]
    let tag = input.legacy_tag.as_deref();
    assert_eq!(tag, Some("old"));
    #[expect(deprecated, reason = "the fluent setter is deprecated")]
    let _fluent = client.put_thing().legacy_tag("old");
}
