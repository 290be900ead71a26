//! The behaviour traits of `tests/fixtures/codegen/traits.json`, over HTTP
//! on 127.0.0.1: `@auth([])` operations are never signed, `@optionalAuth`
//! ones are signed only when credentials are configured, the rest always;
//! `@requestCompression` (the protocol fixture's) gzips large bodies.

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

// --- @requestCompression (the protocol fixture's `Compressed`) --------------------------

mod compression {
    use std::io::Read;

    use fixture_protocol_sdk::Client;
    use sdk_runtime::config::{Config, RequestCompression};
    use sdk_runtime::env::Env;
    use sdk_tests::support::{ACCESS_KEY, ISOLATED_ENV, Received, Reply, SECRET_KEY, TestServer, config, verify_sigv4};
    use serde_json::{Value, json};

    /// The body the server received, gunzipped when `Content-Encoding` says so,
    /// and whether it was.
    fn body(request: &Received) -> (Value, bool) {
        match request.header("content-encoding") {
            Some("gzip") => {
                let mut text = String::new();
                flate2::read::GzDecoder::new(&request.body[..]).read_to_string(&mut text).expect("a gzip body");
                (serde_json::from_str(&text).unwrap(), true)
            }
            None => (serde_json::from_slice(&request.body).unwrap(), false),
            Some(other) => panic!("unexpected encoding {other}"),
        }
    }

    /// Sends `data` with `config`; what arrived.
    async fn send(config: Config, data: &str) -> Received {
        let server = TestServer::start(|_, _| Reply::json(200, "{}")).await;
        let config = config.to_builder().endpoint_url(server.url()).build();
        Client::from_conf(config).compressed().data(data).send().await.unwrap();
        server.received().remove(0)
    }

    #[tokio::test]
    async fn a_large_body_is_gzipped_and_a_small_one_is_not() {
        let large = "z".repeat(20_000);
        let request = send(config("http://unused").build(), &large).await;
        assert!(request.body.len() < 1_000, "{} bytes sent", request.body.len());
        assert_eq!(body(&request), (json!({"data": large}), true));
        // The signature covers the bytes sent: the compressed ones.
        verify_sigv4(&request, ACCESS_KEY, SECRET_KEY).unwrap();
        // Below the default minimum of 10 KiB, sent as is.
        let small = "z".repeat(10_000);
        assert_eq!(body(&send(config("http://unused").build(), &small).await), (json!({"data": small}), false));
    }

    #[tokio::test]
    async fn the_minimum_size_and_the_opt_out_are_honoured() {
        let body_of = |data: &str| json!({"data": data}).to_string().len();
        let data = "z".repeat(200);
        // Exactly the minimum is compressed; a byte more than the body is not.
        let at = RequestCompression { disabled: false, min_size: body_of(&data) };
        assert!(body(&send(config("http://unused").request_compression(at).build(), &data).await).1);
        let above = RequestCompression { disabled: false, min_size: body_of(&data) + 1 };
        assert!(!body(&send(config("http://unused").request_compression(above).build(), &data).await).1);
        let off = RequestCompression { disabled: true, min_size: 0 };
        let large = "z".repeat(20_000);
        assert_eq!(
            body(&send(config("http://unused").request_compression(off).build(), &large).await),
            (json!({"data": large}), false)
        );
    }

    #[tokio::test]
    async fn the_environment_sets_the_minimum_and_the_opt_out() {
        let env = |extra: &[(&str, &str)]| {
            let env = Env::from_vars(ISOLATED_ENV.iter().chain(extra).copied());
            sdk_runtime::config::ConfigBuilder::from_env(&env, "Fixture Protocol").unwrap().build()
        };
        let data = "z".repeat(200);
        let min = env(&[("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "100")]);
        assert_eq!(min.request_compression(), RequestCompression { disabled: false, min_size: 100 });
        assert!(body(&send(min, &data).await).1);
        let off =
            env(&[("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "100"), ("AWS_DISABLE_REQUEST_COMPRESSION", "true")]);
        assert!(off.request_compression().disabled);
        assert!(!body(&send(off, &data).await).1);
    }
}
