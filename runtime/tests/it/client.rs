//! `Handle::send` end to end against real HTTP servers on 127.0.0.1.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use sdk_runtime::client::{Handle, OperationInfo, ServiceInfo};
use sdk_runtime::config::Config;
use sdk_runtime::credentials::Credentials;
use sdk_runtime::encoding::encode_label;
use sdk_runtime::error::SdkError;
use sdk_runtime::error::TimeoutKind;
use sdk_runtime::http::{HttpRequest, HttpResponse, HyperTransport, Method};
use sdk_runtime::protocol::{RestJson1, error_from_response, read_json_error};
use sdk_runtime::retry::RetryConfig;
use test_support::{Reply, SilentServer, TestServer, capture_logs, refused_url, replay, verify_sigv4};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str = "FwoGZXIvYXdzEXAMPLESESSIONTOKEN";

/// The Wickr rule set from the model, as generated code would embed it.
fn wickr_rules() -> &'static str {
    static RULES: OnceLock<String> = OnceLock::new();
    RULES.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../model/wickr.json");
        let model: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        model["shapes"]["com.amazonaws.wickr#WickrAdminApi"]["traits"]["smithy.rules#endpointRuleSet"].to_string()
    })
}

fn service() -> ServiceInfo {
    ServiceInfo {
        sdk_id: "Wickr",
        signing_name: "wickr",
        endpoint_rule_set_json: wickr_rules(),
        api_version: "2024-02-01",
        protocol: &RestJson1,
    }
}

const GET_USER: OperationInfo = OperationInfo::new("GetUser");

fn handle(endpoint: &str, session_token: Option<&str>) -> Handle {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, session_token.map(str::to_owned), None))
        .endpoint_url(endpoint)
        .retry(RetryConfig::standard().with_initial_backoff(Duration::ZERO))
        .build();
    Handle::new(config, service())
}

/// What generated code would build for
/// `GET /networks/{networkId}/users/{userId}?startTime=…` with a header and no body.
fn get_user(network_id: &str, user_id: &str) -> HttpRequest {
    HttpRequest::new(Method::GET, format!("/networks/{}/users/{}", encode_label(network_id), encode_label(user_id)))
        .query("startTime", "2024-01-02T03:04:05Z")
        .query("tag", "a&b=c d")
        .header("X-Client-Token", "token-123")
}

#[tokio::test]
async fn operation_arrives_as_built_and_signed() {
    let server =
        TestServer::start(|_, _| Reply::json(200, r#"{"username":"alice"}"#).with_header("x-amzn-RequestId", "req-1"))
            .await;
    let handle = handle(&server.url(), Some(SESSION_TOKEN));
    let response = handle.send::<()>(&GET_USER, get_user("12345678", "u-1")).await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.request_id(), Some("req-1"));
    let output: serde_json::Value = response.json().unwrap();
    assert_eq!(output["username"], "alice");

    let [request] = &server.received()[..] else { panic!("expected one request") };
    assert_eq!(request.method, "GET");
    assert_eq!(request.path(), "/networks/12345678/users/u-1");
    assert_eq!(request.query(), Some("startTime=2024-01-02T03%3A04%3A05Z&tag=a%26b%3Dc%20d"));
    assert_eq!(request.header("x-client-token"), Some("token-123"));
    assert_eq!(request.header("host"), Some(server.addr.to_string().as_str()));
    assert_eq!(request.header("x-amz-security-token"), Some(SESSION_TOKEN));
    assert!(request.header("user-agent").unwrap().starts_with("sdk-runtime/"));
    assert_eq!(request.header("amz-sdk-request"), Some("attempt=1; max=3"));
    // No body: no content type.
    assert_eq!(request.header("content-type"), None);
    assert!(request.body.is_empty());

    let auth = verify_sigv4(request, ACCESS_KEY, SECRET_KEY).unwrap();
    assert_eq!((auth.region.as_str(), auth.service.as_str()), ("us-east-1", "wickr"));
    assert!(auth.signed_headers.contains(&"x-client-token".to_owned()));
}

#[tokio::test]
async fn json_body_gets_content_type_and_is_signed() {
    let server = TestServer::start(|_, _| Reply::json(200, "{}")).await;
    let handle = handle(&server.url(), None);
    let request = HttpRequest::new(Method::POST, "/networks/1/users?literal=yes")
        .json_body(&serde_json::json!({"users": [{"username": "bob"}]}))
        .unwrap();
    handle.send::<()>(&GET_USER, request).await.unwrap();
    let [request] = &server.received()[..] else { panic!() };
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/networks/1/users?literal=yes");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.body, br#"{"users":[{"username":"bob"}]}"#);
    assert!(request.header("x-amz-security-token").is_none());
    verify_sigv4(request, ACCESS_KEY, SECRET_KEY).unwrap();
}

#[tokio::test]
async fn server_rejects_tampered_requests() {
    // This server verifies signatures itself and answers 403 when they are wrong.
    let server = TestServer::start(|request, _| match verify_sigv4(request, ACCESS_KEY, SECRET_KEY) {
        Ok(_) => Reply::json(200, "{}"),
        Err(why) => Reply::json(403, &format!(r#"{{"__type":"InvalidSignatureException","message":"{why:?}"}}"#)),
    })
    .await;
    let handle = handle(&server.url(), Some(SESSION_TOKEN));
    let request = HttpRequest::new(Method::POST, "/networks/1/users").query("max", "10").body(r#"{"a":1}"#);
    let response = handle.send::<()>(&GET_USER, request).await.unwrap();
    assert_eq!(response.status(), 200, "{:?}", String::from_utf8_lossy(response.body()));

    let genuine = server.received()[0].clone();
    assert_eq!(replay(server.addr, &genuine).await, 200, "an unchanged replay still verifies");

    let mut changed_query = genuine.clone();
    changed_query.target = changed_query.target.replace("max=10", "max=11");
    assert_eq!(replay(server.addr, &changed_query).await, 403);

    let mut changed_body = genuine.clone();
    changed_body.body = br#"{"a":2}"#.to_vec();
    assert_eq!(replay(server.addr, &changed_body).await, 403);

    let mut changed_header = genuine.clone();
    for (k, v) in &mut changed_header.headers {
        if k.eq_ignore_ascii_case("x-amz-security-token") {
            *v = "other-token".into();
        }
    }
    assert_eq!(replay(server.addr, &changed_header).await, 403);

    let mut changed_path = genuine;
    changed_path.target = changed_path.target.replace("/networks/1/", "/networks/2/");
    assert_eq!(replay(server.addr, &changed_path).await, 403);
}

#[tokio::test]
async fn label_with_slash_space_and_unicode_is_one_segment() {
    let server = TestServer::start(|_, _| Reply::json(200, "{}")).await;
    let handle = handle(&server.url(), None);
    let user_id = "a/b ..%ü";
    handle.send::<()>(&GET_USER, get_user("12345678", user_id)).await.unwrap();
    let [request] = &server.received()[..] else { panic!() };
    assert_eq!(request.path(), "/networks/12345678/users/a%2Fb%20..%25%C3%BC");
    let segments: Vec<&str> = request.path().split('/').collect();
    assert_eq!(segments.len(), 5, "{segments:?}");
    let decoded = percent_encoding::percent_decode_str(segments[4]).decode_utf8().unwrap();
    assert_eq!(decoded, user_id);
    verify_sigv4(request, ACCESS_KEY, SECRET_KEY).unwrap();
}

#[tokio::test]
async fn dot_labels_are_not_dot_segments() {
    let server = TestServer::start(|_, _| Reply::json(200, "{}")).await;
    let handle = handle(&server.url(), None);
    for (user_id, sent) in [(".", "%2E"), ("..", "%2E%2E"), ("...", "...")] {
        handle.send::<()>(&GET_USER, get_user("1", user_id)).await.unwrap();
        let request = server.received().pop().unwrap();
        assert_eq!(request.path(), format!("/networks/1/users/{sent}"));
        verify_sigv4(&request, ACCESS_KEY, SECRET_KEY).unwrap();
    }
    let greedy = sdk_runtime::encoding::encode_greedy_label("a/../.");
    assert_eq!(greedy, "a/%2E%2E/%2E");
}

#[tokio::test]
async fn throttling_then_unavailable_then_success_resends_the_same_request() {
    let server = TestServer::start(|_, index| match index {
        0 => Reply::json(429, r#"{"__type":"ThrottlingException","message":"slow down"}"#),
        1 => Reply::json(503, r#"{"message":"unavailable"}"#),
        _ => Reply::json(200, r#"{"ok":true}"#),
    })
    .await;
    let handle = handle(&server.url(), Some(SESSION_TOKEN));
    let response = handle.send::<()>(&GET_USER, get_user("1", "2")).await.unwrap();
    assert_eq!(response.status(), 200);

    let received = server.received();
    assert_eq!(received.len(), 3);
    for (i, request) in received.iter().enumerate() {
        assert_eq!(request.header("x-client-token"), Some("token-123"));
        assert_eq!(request.target, received[0].target);
        assert_eq!(request.header("amz-sdk-invocation-id"), received[0].header("amz-sdk-invocation-id"));
        assert_eq!(request.header("amz-sdk-request"), Some(format!("attempt={}; max=3", i + 1).as_str()));
        // Every attempt carries its own valid signature.
        verify_sigv4(request, ACCESS_KEY, SECRET_KEY).unwrap();
    }
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = TestServer::start(|_, _| {
        Reply::json(400, r#"{"__type":"com.amazonaws.wickr#ValidationError","message":"bad network id"}"#)
            .with_header("x-amzn-requestid", "req-400")
    })
    .await;
    let handle = handle(&server.url(), None);
    let response = handle.send::<()>(&GET_USER, get_user("1", "2")).await.unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(server.received().len(), 1);

    // Generated code maps the code; unknown codes keep the body.
    #[derive(Debug, serde::Deserialize)]
    struct ValidationError {
        message: String,
    }
    let modelled: SdkError<ValidationError> = error_from_response(&RestJson1, &response, |code, response| match code {
        "ValidationError" => Some(sdk_runtime::protocol::rest_json::output(response, &[], None, None)),
        _ => None,
    });
    let SdkError::Service(e) = modelled else { panic!("{modelled:?}") };
    assert_eq!(e.err().message, "bad network id");
    assert_eq!((e.status(), e.meta().request_id()), (400, Some("req-400")));

    let unmodeled: SdkError<()> = error_from_response(&RestJson1, &response, |_, _| None);
    let SdkError::Unmodeled(u) = unmodeled else { panic!("{unmodeled:?}") };
    assert_eq!(u.code(), Some("ValidationError"));
    assert_eq!(u.body(), response.body());
}

#[tokio::test]
async fn throttling_code_on_400_is_retried_up_to_max_attempts() {
    let server =
        TestServer::start(|_, _| Reply::json(400, "").with_header("X-Amzn-Errortype", "ThrottlingException:http://x/"))
            .await;
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None))
        .endpoint_url(server.url())
        .retry(RetryConfig::standard().with_initial_backoff(Duration::ZERO).with_max_attempts(4))
        .build();
    let response = Handle::new(config, service()).send::<()>(&GET_USER, get_user("1", "2")).await.unwrap();
    assert_eq!(response.status(), 400);
    assert_eq!(server.received().len(), 4);
    assert_eq!(read_json_error(&response).unwrap().meta.code(), Some("ThrottlingException"));
}

#[tokio::test]
async fn refused_connections_are_retried_then_reported() {
    let (logs, _guard) = capture_logs();
    let handle = handle(&refused_url(), None);
    let error = handle.send::<()>(&GET_USER, get_user("1", "2")).await.unwrap_err();
    let SdkError::Transport(e) = &error else { panic!("{error:?}") };
    assert!(e.is_connect(), "{e}");
    let text = logs.text();
    assert_eq!(text.matches("sending request").count(), 3, "{text}");
    assert_eq!(text.matches("retrying").count(), 2, "{text}");
}

#[tokio::test]
async fn truncated_error_body_is_an_error_not_a_panic() {
    let server = TestServer::start(|_, _| Reply::json(404, r#"{"__type":"ResourceNotFoundError","mess"#)).await;
    let handle = handle(&server.url(), None);
    let response = handle.send::<()>(&GET_USER, get_user("1", "2")).await.unwrap();
    let error: SdkError<()> = error_from_response(&RestJson1, &response, |_, _| None);
    let SdkError::Unmodeled(e) = &error else { panic!("{error:?}") };
    assert_eq!(e.status(), 404);
    assert_eq!(e.body(), response.body());

    // A truncated success body fails to deserialize as well.
    let ok = HttpResponse::new(200, [("a", "b")], r#"{"users":[1,2"#);
    assert!(ok.json::<serde_json::Value>().is_err());
}

#[tokio::test]
async fn logs_never_contain_secrets() {
    let (logs, _guard) = capture_logs();
    let server =
        TestServer::start(|_, index| if index == 0 { Reply::json(500, "{}") } else { Reply::json(200, "{}") }).await;
    let handle = handle(&server.url(), Some(SESSION_TOKEN));
    handle.send::<()>(&GET_USER, get_user("1", "2")).await.unwrap();
    let signature =
        test_support::parse_authorization(server.received()[1].header("authorization").unwrap()).unwrap().signature;
    let text = logs.text();
    assert!(text.contains("GetUser") && text.contains("attempt"), "{text}");
    for secret in [SECRET_KEY, SESSION_TOKEN, signature.as_str()] {
        assert!(!text.contains(secret), "logs contain {secret}:\n{text}");
    }
    assert!(!format!("{handle:?}").contains(SECRET_KEY));
}

#[tokio::test]
async fn logs_never_contain_sensitive_values() {
    // Up to DEBUG, as `--debug` shows: aws-sigv4 traces what it signs at TRACE.
    let (logs, _guard) = test_support::capture_logs_at(tracing::Level::DEBUG);
    let server = TestServer::start(|_, _| Reply::json(200, "{}")).await;
    let request = HttpRequest::new(Method::GET, format!("/things/{}", encode_label("label-secret")))
        .redact_label(Some("label-secret"), false)
        .query("clientSecret", "query-secret")
        .redact_query("clientSecret")
        .query("clientId", "c1");
    handle(&server.url(), None).send::<()>(&GET_USER, request).await.unwrap();
    let text = logs.text();
    assert!(text.contains("/things/**redacted**?clientSecret=**redacted**&clientId=c1"), "{text}");
    assert!(!text.contains("label-secret") && !text.contains("query-secret"), "{text}");
    // Sent as given.
    assert_eq!(server.received()[0].target, "/things/label-secret?clientSecret=query-secret&clientId=c1");
}

#[tokio::test]
async fn configuration_errors_are_values() {
    // FIPS with a custom endpoint is an error of the Wickr rule set.
    let config = Config::builder()
        .region("us-east-1")
        .use_fips(true)
        .endpoint_url("http://127.0.0.1:9")
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None))
        .build();
    let error = Handle::new(config, service()).send::<()>(&GET_USER, get_user("1", "2")).await.unwrap_err();
    let SdkError::Endpoint(e) = &error else { panic!("{error:?}") };
    assert_eq!(e.message(), "Invalid Configuration: FIPS and custom endpoint are not supported");

    // No credentials: a construction error, nothing sent.
    let server = TestServer::start(|_, _| Reply::json(200, "{}")).await;
    let config = Config::builder().region("us-east-1").endpoint_url(server.url()).build();
    let error = Handle::new(config, service()).send::<()>(&GET_USER, get_user("1", "2")).await.unwrap_err();
    assert!(matches!(error, SdkError::Construction(_)), "{error:?}");
    assert!(server.received().is_empty());

    // A header value with a newline is refused before sending.
    let handle = handle(&server.url(), None);
    let error = handle
        .send::<()>(&GET_USER, HttpRequest::new(Method::GET, "/x").header("x-evil", "a\r\nInjected: yes"))
        .await
        .unwrap_err();
    assert!(matches!(error, SdkError::Construction(_)), "{error:?}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn operation_timeout_stops_a_hanging_server() {
    let server = SilentServer::start().await;
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None))
        .endpoint_url(server.url())
        .operation_timeout(Some(Duration::from_millis(200)))
        .build();
    let error = Handle::new(config, service()).send::<()>(&GET_USER, get_user("1", "2")).await.unwrap_err();
    assert!(matches!(&error, SdkError::Timeout(t) if t.kind() == TimeoutKind::Operation), "{error:?}");
}

/// A client for `url` with these timeouts and two attempts, without back-off.
fn timing_out(url: &str, connect: Option<Duration>, read: Option<Duration>) -> Handle {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None))
        .endpoint_url(url)
        .connect_timeout(connect)
        .read_timeout(read)
        .retry(RetryConfig::standard().with_initial_backoff(Duration::ZERO).with_max_attempts(2))
        .build();
    Handle::new(config, service())
}

#[tokio::test]
async fn a_silent_server_times_out_reading_and_is_retried() {
    let server = SilentServer::start().await;
    let handle = timing_out(&server.url(), None, Some(Duration::from_secs(1)));
    let error = handle.send::<()>(&GET_USER, get_user("1", "2")).await.unwrap_err();
    let SdkError::Timeout(timeout) = &error else { panic!("{error:?}") };
    assert_eq!((timeout.kind(), timeout.after()), (TimeoutKind::Read, Duration::from_secs(1)));
    assert_eq!(timeout.to_string(), "read timeout: the server sent nothing for 1s");
    // Retried like a broken connection: each attempt on a connection of its own.
    assert_eq!(server.accepted(), 2);
}

#[tokio::test]
async fn a_tls_handshake_that_never_finishes_times_out_connecting() {
    // TCP connects, but the server never answers the TLS hello.
    let server = SilentServer::start().await;
    let handle = timing_out(&format!("https://{}", server.addr), Some(Duration::from_secs(1)), None);
    let error = handle.send::<()>(&GET_USER, get_user("1", "2")).await.unwrap_err();
    let SdkError::Timeout(timeout) = &error else { panic!("{error:?}") };
    assert_eq!((timeout.kind(), timeout.after()), (TimeoutKind::Connect, Duration::from_secs(1)));
    assert_eq!(server.accepted(), 2);
}

#[tokio::test]
async fn a_call_over_https_to_a_local_tls_server_succeeds_when_its_authority_is_trusted() {
    let server = TestServer::start_tls(|_, _| Reply::json(200, r#"{"username":"alice"}"#)).await;
    let config = |transport: HyperTransport| {
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None))
            .endpoint_url(server.https_url())
            .retry(RetryConfig::disabled())
            .transport(Arc::new(transport))
            .build()
    };
    let timeout = Some(Duration::from_secs(5));
    let trusting = HyperTransport::with_extra_roots(timeout, timeout, &[test_support::test_ca_der()]).unwrap();
    let handle = Handle::new(config(trusting), service());
    let response = handle.send::<()>(&GET_USER, get_user("12345678", "u-1")).await.unwrap();
    assert_eq!(response.json::<serde_json::Value>().unwrap()["username"], "alice");
    let [request] = &server.received()[..] else { panic!("expected one request") };
    assert_eq!(request.path(), "/networks/12345678/users/u-1");
    verify_sigv4(request, ACCESS_KEY, SECRET_KEY).unwrap();

    // With the Mozilla roots only, the certificate is refused and nothing is sent.
    let default = HyperTransport::with_timeouts(timeout, timeout).unwrap();
    let error = Handle::new(config(default), service()).send::<()>(&GET_USER, get_user("1", "2")).await.unwrap_err();
    let SdkError::Transport(transport) = &error else { panic!("{error:?}") };
    assert!(transport.to_string().contains("UnknownIssuer"), "{transport}");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_region_that_is_not_a_host_label_is_refused_before_anything_is_sent() {
    let server = TestServer::start(|_, _| Reply::json(200, "{}")).await;
    // Pasted into `https://admin.wickr.{Region}.amazonaws.com`, this would send
    // the signed request, session token and all, to the server.
    for region in [format!("a@{}/", server.addr), "evil.example/x".to_owned()] {
        let config = Config::builder()
            .region(region.as_str())
            .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, Some(SESSION_TOKEN.to_owned()), None))
            .build();
        assert!(config.validate().unwrap_err().to_string().contains("host label"), "{region}");
        let handle = Handle::new(config, service());
        let error = handle.send::<()>(&GET_USER, get_user("1", "2")).await.unwrap_err();
        let SdkError::Construction(e) = &error else { panic!("{region}: {error:?}") };
        assert!(e.to_string().starts_with("invalid configuration: region has an invalid value"), "{e}");
        let error = handle.prepare_signed::<()>(&get_user("1", "2")).await.unwrap_err();
        assert!(matches!(error, SdkError::Construction(_)), "{region}: {error:?}");
        // Nor does the region reach a resolved host.
        assert!(handle.resolve_endpoint().is_err(), "{region}");
    }
    assert!(server.received().is_empty(), "{:?}", server.received());
}

#[tokio::test]
async fn endpoint_urls_are_checked_once_and_keep_their_base_path() {
    let server = TestServer::start(|_, _| Reply::json(200, "{}")).await;
    let addr = server.addr;
    let refused = [
        (format!("http://{addr}/base?x=1"), "query"),
        (format!("http://{addr}/#top"), "fragment"),
        (format!("http://user:hunter2@{addr}/"), "user info"),
        ("http://127.0.0.1:99999".to_owned(), "port"),
        (format!("ftp://{addr}"), "scheme"),
    ];
    for (url, problem) in refused {
        let handle = handle(&url, None);
        let error = handle.send::<()>(&GET_USER, get_user("1", "2")).await.unwrap_err();
        let SdkError::Construction(e) = &error else { panic!("{url}: {error:?}") };
        let text = e.to_string();
        assert!(text.starts_with("invalid configuration: endpoint_url has an invalid value"), "{text}");
        assert!(text.contains(problem) && !text.contains("hunter2"), "{url}: {text}");
        assert!(!format!("{:?}", handle.config()).contains("hunter2"));
    }
    assert!(server.received().is_empty(), "{:?}", server.received());

    handle(&format!("http://{addr}/base/"), None).send::<()>(&GET_USER, get_user("1", "2")).await.unwrap();
    assert_eq!(server.received()[0].path(), "/base/networks/1/users/2");
}

#[test]
fn the_defaults_are_the_aws_sdks() {
    let config = Config::builder().build();
    assert_eq!(config.connect_timeout(), Some(Duration::from_millis(3100)));
    assert_eq!(config.read_timeout(), Some(Duration::from_secs(60)));
}

#[tokio::test]
async fn validation_can_be_turned_off() {
    use sdk_runtime::validation::{Validate, Violations};
    struct Input(Option<String>);
    impl Validate for Input {
        fn validate_into(&self, v: &mut Violations) {
            v.required("networkId", &self.0);
        }
    }
    let on = handle("http://127.0.0.1:9", None);
    assert!(matches!(on.validate::<_, ()>(&Input(None)), Err(SdkError::Validation(_))));
    let off = Handle::new(on.config().to_builder().validate_input(false).build(), service());
    assert!(off.validate::<_, ()>(&Input(None)).is_ok());
}

/// A client for `url` whose only timers are the retry back-off (no connect,
/// read or operation timeout), so Tokio's paused clock moves by exactly the
/// waits between attempts.
fn backing_off(url: &str, retry: RetryConfig) -> Handle {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None))
        .endpoint_url(url)
        .connect_timeout(None)
        .read_timeout(None)
        .retry(retry)
        .build();
    Handle::new(config, service())
}

/// The `delay` of each "retrying" event in the logs.
fn logged_delays(text: &str) -> Vec<Duration> {
    let parse = |value: &str| -> Duration {
        let (number, unit) = value.split_at(value.find(|c: char| c.is_ascii_alphabetic() || c == 'µ').unwrap());
        let number: f64 = number.parse().unwrap();
        let scale = match unit {
            "s" => 1.0,
            "ms" => 1e-3,
            "µs" => 1e-6,
            "ns" => 1e-9,
            other => panic!("unit {other}"),
        };
        Duration::from_secs_f64(number * scale)
    };
    text.lines()
        .filter(|line| line.contains("retrying"))
        .map(|line| parse(line.split_whitespace().find_map(|word| word.strip_prefix("delay=")).unwrap()))
        .collect()
}

#[tokio::test(start_paused = true)]
async fn retries_wait_an_exponential_capped_jittered_back_off() {
    let (logs, _guard) = capture_logs();
    let server = TestServer::start(|_, index| match index {
        0..=2 => Reply::json(503, r#"{"message":"unavailable"}"#),
        _ => Reply::json(200, "{}"),
    })
    .await;
    let retry = RetryConfig::standard()
        .with_max_attempts(4)
        .with_initial_backoff(Duration::from_secs(1))
        .with_max_backoff(Duration::from_millis(1500));
    let handle = backing_off(&server.url(), retry);
    let start = tokio::time::Instant::now();
    let response = handle.send::<()>(&GET_USER, get_user("1", "2")).await.unwrap();
    let waited = start.elapsed();
    assert_eq!(response.status(), 200);
    assert_eq!(server.received().len(), 4);

    let delays = logged_delays(&logs.text());
    assert_eq!(delays.len(), 3, "{}", logs.text());
    // Full jitter below min(1 s × 2^retry, 1.5 s).
    let caps = [Duration::from_secs(1), Duration::from_millis(1500), Duration::from_millis(1500)];
    for (delay, cap) in delays.iter().zip(caps) {
        assert!(*delay < cap, "{delay:?} is not below {cap:?}");
    }
    // The waits are Tokio sleeps, all of them and nothing else: the paused
    // clock moved by their sum, each rounded up to the timer's 1 ms tick.
    let logged: Duration = delays.iter().sum();
    let ticks = Duration::from_millis(delays.len() as u64);
    assert!(waited >= logged && waited - logged <= ticks, "waited {waited:?}, logged {logged:?}");
    assert!(waited > Duration::ZERO);
}

/// How many requests one call to `path` sent.
async fn attempts(handle: &Handle, server: &TestServer, path: &str) -> usize {
    let before = server.received().len();
    let _ = handle.send::<()>(&GET_USER, HttpRequest::new(Method::GET, path)).await;
    server.received().len() - before
}

#[tokio::test]
async fn the_retry_quota_runs_out_and_successes_refund_it() {
    let flaky = std::sync::atomic::AtomicUsize::new(0);
    let server = TestServer::start(move |request, _| match request.path() {
        "/ok" => Reply::json(200, "{}"),
        // Fails, then succeeds on the retry.
        "/flaky" if flaky.fetch_add(1, std::sync::atomic::Ordering::SeqCst).is_multiple_of(2) => {
            Reply::json(503, r#"{"message":"unavailable"}"#)
        }
        "/flaky" => Reply::json(200, "{}"),
        _ => Reply::json(503, r#"{"message":"unavailable"}"#),
    })
    .await;
    let handle = backing_off(&server.url(), RetryConfig::standard().with_initial_backoff(Duration::ZERO));
    // The quota holds 500 tokens and a retry after a 5xx costs 5: 49 calls
    // that fail three times leave 10.
    for _ in 0..49 {
        assert_eq!(attempts(&handle, &server, "/down").await, 3);
    }
    // A retry that succeeds refunds its 5 tokens, so 10 are left again…
    assert_eq!(attempts(&handle, &server, "/flaky").await, 2);
    // … enough for both retries of the next failing call, and then none.
    assert_eq!(attempts(&handle, &server, "/down").await, 3);
    let (logs, guard) = capture_logs();
    assert_eq!(attempts(&handle, &server, "/down").await, 1, "the quota is empty: no retry");
    assert!(logs.text().contains("giving up: the client's retry quota is exhausted"), "{}", logs.text());
    drop(guard);
    // A first-attempt success puts one token back: five of them pay for one retry.
    for _ in 0..4 {
        assert_eq!(attempts(&handle, &server, "/ok").await, 1);
    }
    assert_eq!(attempts(&handle, &server, "/down").await, 1, "4 tokens do not pay for a retry");
    assert_eq!(attempts(&handle, &server, "/ok").await, 1);
    assert_eq!(attempts(&handle, &server, "/down").await, 2, "5 tokens pay for one");
}

#[tokio::test]
async fn with_the_quota_off_retries_never_run_out() {
    let server = TestServer::start(|_, _| Reply::json(503, r#"{"message":"unavailable"}"#)).await;
    let retry = RetryConfig::standard().with_initial_backoff(Duration::ZERO).with_quota(false);
    let handle = backing_off(&server.url(), retry);
    // Well past the 49 failing calls that empty the quota when it applies.
    for call in 0..120 {
        assert_eq!(attempts(&handle, &server, "/down").await, 3, "call {call}");
    }
}

#[tokio::test]
async fn with_retries_disabled_a_retryable_failure_is_tried_once() {
    let down = TestServer::start(|_, _| Reply::json(503, r#"{"message":"unavailable"}"#)).await;
    let handle = backing_off(&down.url(), RetryConfig::disabled());
    let response = handle.send::<()>(&GET_USER, get_user("1", "2")).await.unwrap();
    assert_eq!(response.status(), 503, "the last answer is handed back");
    assert_eq!(down.received().len(), 1);
    assert_eq!(down.received()[0].header("amz-sdk-request"), Some("attempt=1; max=1"));
    // A refused connection, which standard mode retries, is not either.
    let handle = backing_off(&refused_url(), RetryConfig::disabled());
    let (logs, guard) = capture_logs();
    let error = handle.send::<()>(&GET_USER, get_user("1", "2")).await.unwrap_err();
    drop(guard);
    assert!(matches!(&error, SdkError::Transport(_)), "{error:?}");
    assert!(!logs.text().contains("retrying"), "{}", logs.text());
}

#[tokio::test]
async fn an_attempt_that_times_out_is_retried_then_reported_as_an_attempt_timeout() {
    let server = SilentServer::start().await;
    let limit = Duration::from_millis(300);
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None))
        .endpoint_url(server.url())
        .read_timeout(None)
        .attempt_timeout(Some(limit))
        .retry(RetryConfig::standard().with_initial_backoff(Duration::ZERO).with_max_attempts(2))
        .build();
    let error = Handle::new(config, service()).send::<()>(&GET_USER, get_user("1", "2")).await.unwrap_err();
    let SdkError::Timeout(timeout) = &error else { panic!("{error:?}") };
    assert_eq!((timeout.kind(), timeout.after()), (TimeoutKind::Attempt, limit));
    assert_eq!(server.accepted(), 2, "each attempt on a connection of its own");
}
