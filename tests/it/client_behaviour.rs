//! The generated client's behaviour end to end against real HTTP servers on
//! 127.0.0.1: SigV4 checked by an independent verifier, every modelled error
//! mapped to its variant, retries, pagination, label encoding, validation
//! before sending, endpoint resolution, and secrets kept out of `Debug`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use sdk_runtime::credentials::Credentials;
use sdk_runtime::http::{HyperTransport, PreparedRequest, Transport, TransportFuture};
use sdk_runtime::paginate::{StreamExt, TryStreamExt};
use sdk_runtime::validation::Rule;
use sdk_tests::support::{
    ACCESS_KEY, Invalid, Received, Reply, SECRET_KEY, SESSION_TOKEN, TestServer, client, config, parse_authorization,
    refused_url, verify_sigv4,
};
use serde_json::{Value, json};
use wickr_admin_sdk::input::ListNetworksRequest;
use wickr_admin_sdk::operation::{Error, ListNetworksError};
use wickr_admin_sdk::types::BatchCreateUserRequestItem;
use wickr_admin_sdk::{Client, SdkError};

const NET: &str = "12345678";

fn user_item(name: &str) -> BatchCreateUserRequestItem {
    BatchCreateUserRequestItem::builder()
        .username(name)
        .security_group_ids(vec!["sg1".to_owned()])
        .first_name("Alice")
        .build()
        .unwrap()
}

// ---------------------------------------------------------------------------
// SigV4

/// The verifier itself against known answers from the AWS SigV4 test suite
/// (`get-vanilla`, `get-vanilla-query-order-key-case`), so a verifier that
/// shares a bug with the client cannot pass the tests below.
#[test]
fn verifier_agrees_with_the_aws_test_suite() {
    let request = |target: &str, signature: &str| Received {
        method: "GET".into(),
        target: target.into(),
        headers: vec![
            ("host".into(), "example.amazonaws.com".into()),
            ("x-amz-date".into(), "20150830T123600Z".into()),
            (
                "authorization".into(),
                format!(
                    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                     SignedHeaders=host;x-amz-date, Signature={signature}"
                ),
            ),
        ],
        body: Vec::new(),
    };
    let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    let vanilla = request("/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    verify_sigv4(&vanilla, "AKIDEXAMPLE", secret).unwrap();
    let query_order =
        request("/?Param2=value2&Param1=value1", "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
    verify_sigv4(&query_order, "AKIDEXAMPLE", secret).unwrap();
    // One character off anywhere is a mismatch.
    assert!(matches!(verify_sigv4(&vanilla, "AKIDEXAMPLE", "wrong"), Err(Invalid::Mismatch { .. })));
}

/// A server that checks every request's signature and answers 403 when it is wrong.
async fn verifying_server() -> TestServer {
    TestServer::start(|request, _| match verify_sigv4(request, ACCESS_KEY, SECRET_KEY) {
        Ok(_) => Reply::json(200, r#"{"users":[],"message":"ok"}"#),
        Err(why) => {
            Reply::json(403, &json!({"__type": "InvalidSignatureException", "message": format!("{why:?}")}).to_string())
        }
    })
    .await
}

#[tokio::test]
async fn genuine_requests_verify_and_tampered_ones_do_not() {
    let server = verifying_server().await;
    let with_token = Client::from_conf(
        config(&server.url())
            .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, Some(SESSION_TOKEN.to_owned()), None))
            .build(),
    );
    // A query with characters that need encoding, and a body with a header.
    with_token.list_users().network_id(NET).username("a b&c=d/é").max_results(10).send().await.unwrap();
    with_token.batch_create_user().network_id(NET).users(vec![user_item("bob")]).send().await.unwrap();
    let received = server.received();
    assert_eq!(received.len(), 2);
    for request in &received {
        let auth = verify_sigv4(request, ACCESS_KEY, SECRET_KEY).unwrap();
        assert_eq!((auth.region.as_str(), auth.service.as_str()), ("us-east-1", "wickr"));
        for header in ["host", "x-amz-date", "x-amz-security-token"] {
            assert!(auth.signed_headers.iter().any(|h| h == header), "{header} is signed: {:?}", auth.signed_headers);
        }
    }
    let [get, post] = &received[..] else { unreachable!() };
    assert!(get.target.contains("maxResults=10"), "{}", get.target);
    let token = post.header("x-client-token").unwrap().to_owned();
    assert!(
        parse_authorization(post.header("authorization").unwrap())
            .unwrap()
            .signed_headers
            .contains(&"x-client-token".to_owned())
    );

    // Each change in transit breaks the signature.
    let mismatch = |request: &Received, what: &str| {
        let result = verify_sigv4(request, ACCESS_KEY, SECRET_KEY);
        assert!(matches!(result, Err(Invalid::Mismatch { .. })), "{what}: {result:?}");
    };
    let mut changed = get.clone();
    changed.target = changed.target.replace("maxResults=10", "maxResults=11");
    mismatch(&changed, "query value");
    let mut changed = get.clone();
    changed.target = changed.target.replace(NET, "87654321");
    mismatch(&changed, "path label");
    let mut changed = get.clone();
    changed.method = "DELETE".into();
    mismatch(&changed, "method");
    let mut changed = post.clone();
    changed.body = String::from_utf8(changed.body).unwrap().replace("bob", "eve").into_bytes();
    mismatch(&changed, "body");
    let mut changed = post.clone();
    for (name, value) in &mut changed.headers {
        if name.eq_ignore_ascii_case("x-client-token") {
            *value = format!("{token}x");
        }
    }
    mismatch(&changed, "signed X-Client-Token header");
    let mut changed = post.clone();
    for (name, value) in &mut changed.headers {
        if name.eq_ignore_ascii_case("x-amz-security-token") {
            *value = "another-session".into();
        }
    }
    mismatch(&changed, "session token");
}

#[tokio::test]
async fn a_wrong_secret_is_rejected_by_the_server() {
    let server = verifying_server().await;
    let wrong = Client::from_conf(
        config(&server.url()).credentials(Credentials::new(ACCESS_KEY, "not-the-secret", None, None)).build(),
    );
    let error = wrong.get_users_count().network_id(NET).send().await.unwrap_err();
    // Not a modelled error of the operation: unmodelled, with what the server said.
    let SdkError::Unmodeled(e) = &error else { panic!("{error:?}") };
    assert_eq!((e.status(), e.code()), (403, Some("InvalidSignatureException")));
    assert!(e.message().unwrap().contains("Mismatch"), "{:?}", e.message());
}

// ---------------------------------------------------------------------------
// Errors

/// Where an error response puts its code.
#[derive(Clone, Copy, Debug)]
enum CodeIn {
    /// `X-Amzn-Errortype: Name`.
    Header,
    /// `{"__type": "com.amazonaws.wickr#Name"}`.
    TypeWithNamespace,
    /// `{"code": "Name:http://internal.amazon.com/…"}`.
    CodeWithSuffix,
}

fn error_reply(status: u16, name: &str, code_in: CodeIn, mut body: Value) -> Reply {
    let object = body.as_object_mut().unwrap();
    let reply = match code_in {
        CodeIn::Header => {
            return Reply::json(status, &body.to_string())
                .with_header("X-Amzn-Errortype", name)
                .with_header("x-amzn-RequestId", "req-1");
        }
        CodeIn::TypeWithNamespace => {
            object.insert("__type".into(), format!("com.amazonaws.wickr#{name}").into());
            body
        }
        CodeIn::CodeWithSuffix => {
            object
                .insert("code".into(), format!("{name}:http://internal.amazon.com/coral/com.amazonaws.wickr/").into());
            body
        }
    };
    Reply::json(status, &reply.to_string()).with_header("x-amzn-RequestId", "req-1")
}

/// The variant's name and message, read from the typed error (never from metadata).
fn variant(error: &Error) -> (&'static str, Option<String>) {
    match error {
        Error::BadRequestError(e) => ("BadRequestError", e.message.clone()),
        Error::UnauthorizedError(e) => ("UnauthorizedError", e.message.clone()),
        Error::ForbiddenError(e) => ("ForbiddenError", e.message.clone()),
        Error::ResourceNotFoundError(e) => ("ResourceNotFoundError", e.message.clone()),
        Error::ValidationError(e) => ("ValidationError", e.message.clone()),
        Error::RateLimitError(e) => ("RateLimitError", Some(e.message.clone())),
        Error::InternalServerError(e) => ("InternalServerError", Some(e.message.clone())),
        // The enum is `#[non_exhaustive]`: errors a later model adds land here.
        other => panic!("an error this test does not know: {other:?}"),
    }
}

#[tokio::test]
async fn every_modelled_error_maps_to_its_variant_in_every_code_form() {
    let shapes = [
        ("BadRequestError", 400),
        ("UnauthorizedError", 401),
        ("ForbiddenError", 403),
        ("ResourceNotFoundError", 404),
        ("ValidationError", 422),
        ("RateLimitError", 429),
        ("InternalServerError", 500),
    ];
    for (name, status) in shapes {
        for code_in in [CodeIn::Header, CodeIn::TypeWithNamespace, CodeIn::CodeWithSuffix] {
            let message = format!("{name} via {code_in:?}");
            let mut body = json!({"message": message});
            if name == "ValidationError" {
                body["reasons"] = json!([{"field": "networkId", "reason": "unknown network"}, {"field": "userId"}]);
            }
            let server = TestServer::start(move |_, _| error_reply(status, name, code_in, body.clone())).await;
            let error = client(&server.url()).get_user().network_id(NET).user_id("1001").send().await.unwrap_err();
            let case = format!("{name} ({status}) via {code_in:?}");
            let SdkError::Service(service) = &error else { panic!("{case}: {error:?}") };
            assert_eq!(variant(service.err()), (name, Some(message.clone())), "{case}");
            assert_eq!(service.status(), status, "{case}");
            assert_eq!(service.meta().code(), Some(name), "{case}: the code is sanitized");
            assert_eq!(service.meta().request_id(), Some("req-1"), "{case}");
            assert!(matches!(error.as_service_error(), Some(e) if variant(e).0 == name), "{case}");
            if let Error::ValidationError(e) = service.err() {
                let reasons = e.reasons.as_ref().unwrap();
                assert_eq!(reasons.len(), 2, "{case}");
                assert_eq!(reasons[0].field.as_deref(), Some("networkId"));
                assert_eq!(reasons[0].reason.as_deref(), Some("unknown network"));
                assert_eq!((reasons[1].field.as_deref(), reasons[1].reason.as_deref()), (Some("userId"), None));
            }
            // 429 and 500 are retried (then the last answer is returned); client errors are not.
            let attempts = if status == 429 || status == 500 { 3 } else { 1 };
            assert_eq!(server.received().len(), attempts, "{case}: attempts");
        }
    }
}

#[tokio::test]
async fn errors_outside_an_operations_set_are_unmodeled() {
    // ListNetworks has no ResourceNotFoundError (it has no network label).
    let server = TestServer::start(|_, _| {
        error_reply(404, "ResourceNotFoundError", CodeIn::TypeWithNamespace, json!({"message": "gone"}))
    })
    .await;
    let error = client(&server.url()).list_networks().send().await.unwrap_err();
    let SdkError::Unmodeled(e) = &error else { panic!("{error:?}") };
    assert_eq!((e.status(), e.code(), e.message()), (404, Some("ResourceNotFoundError"), Some("gone")));

    // Its own errors still map to its own enum.
    let server = TestServer::start(|_, _| {
        let body = json!({"message": "bad", "reasons": [{"field": "maxResults", "reason": "too big"}]});
        error_reply(422, "ValidationError", CodeIn::CodeWithSuffix, body)
    })
    .await;
    let error = client(&server.url()).list_networks().send().await.unwrap_err();
    let Some(ListNetworksError::ValidationError(e)) = error.as_service_error() else { panic!("{error:?}") };
    assert_eq!(e.reasons.as_ref().unwrap()[0].field.as_deref(), Some("maxResults"));
}

#[tokio::test]
async fn unknown_codes_are_unmodeled_with_status_code_message_and_body() {
    let body = r#"{"__type":"com.amazonaws.wickr#BrandNewError","message":"something new","detail":7}"#;
    let server = TestServer::start(move |_, _| Reply::json(409, body).with_header("x-amzn-RequestId", "req-409")).await;
    let error = client(&server.url()).get_network().network_id(NET).send().await.unwrap_err();
    assert_eq!(error.code(), Some("BrandNewError"));
    let SdkError::Unmodeled(e) = &error else { panic!("{error:?}") };
    assert_eq!((e.status(), e.code(), e.message()), (409, Some("BrandNewError"), Some("something new")));
    assert_eq!(e.request_id(), Some("req-409"));
    assert_eq!(&e.body()[..], body.as_bytes());
    assert!(error.as_service_error().is_none());

    // No code at all: still unmodelled, with the status.
    let server = TestServer::start(|_, _| Reply::json(404, "")).await;
    let error = client(&server.url()).get_network().network_id(NET).send().await.unwrap_err();
    let SdkError::Unmodeled(e) = &error else { panic!("{error:?}") };
    assert_eq!((e.status(), e.code()), (404, None));
}

#[tokio::test]
async fn truncated_json_is_an_error_not_a_panic() {
    // A success body cut short.
    let server = TestServer::start(|_, _| Reply::json(200, r#"{"userId":"1001","firstNa"#)).await;
    let error = client(&server.url()).get_user().network_id(NET).user_id("1001").send().await.unwrap_err();
    let SdkError::Deserialization(e) = &error else { panic!("{error:?}") };
    assert_eq!((e.status(), &e.body()[..]), (200, &br#"{"userId":"1001","firstNa"#[..]));

    // An error body cut short, with the code only in it: an error response
    // all the same, with its status and body.
    let server = TestServer::start(|_, _| Reply::json(404, r#"{"__type":"ResourceNotFoundError","mess"#)).await;
    let error = client(&server.url()).get_user().network_id(NET).user_id("1001").send().await.unwrap_err();
    let SdkError::Unmodeled(e) = &error else { panic!("{error:?}") };
    assert_eq!((e.status(), e.code()), (404, None));

    // An error body cut short, or a proxy's HTML page, with the code in the
    // header: the code and status are kept, though the modelled error
    // cannot be read.
    for body in [r#"{"message":"no"#, "<html><body>403 Forbidden</body></html>"] {
        let server =
            TestServer::start(move |_, _| Reply::json(403, body).with_header("X-Amzn-Errortype", "ForbiddenError"))
                .await;
        let error = client(&server.url()).get_user().network_id(NET).user_id("1001").send().await.unwrap_err();
        let SdkError::Unmodeled(e) = &error else { panic!("{error:?}") };
        assert_eq!((e.status(), e.code(), &e.body()[..]), (403, Some("ForbiddenError"), body.as_bytes()));
        assert_eq!(error.code(), Some("ForbiddenError"));
    }

    // A structure sent as an array (serde's sequence form of a struct) is not one.
    let server = TestServer::start(|_, _| Reply::json(200, r#"{"users":[["u1","alice@example.com"]]}"#)).await;
    let error = client(&server.url()).list_users().network_id(NET).send().await.unwrap_err();
    let SdkError::Deserialization(e) = &error else { panic!("{error:?}") };
    assert!(e.message().contains("as a JSON object"), "{e}");
    // Unknown keys are still ignored: a newer service may send more.
    let server =
        TestServer::start(|_, _| Reply::json(200, r#"{"users":[{"userId":"u1","newKey":{"a":1}}],"x":1}"#)).await;
    let out = client(&server.url()).list_users().network_id(NET).send().await.unwrap();
    assert_eq!(out.users.unwrap()[0].user_id.as_deref(), Some("u1"));

    // A modelled error's nested structure sent as an array is not one either.
    let server = TestServer::start(|_, _| {
        Reply::json(422, r#"{"message":"bad","reasons":[["networkId","unknown"]]}"#)
            .with_header("X-Amzn-Errortype", "ValidationError")
    })
    .await;
    let error = client(&server.url()).get_network().network_id(NET).send().await.unwrap_err();
    let SdkError::Deserialization(e) = &error else { panic!("{error:?}") };
    assert!(e.message().contains("ValidationError") && e.message().contains("as a JSON object"), "{e}");

    // A success body of the wrong JSON type.
    let server = TestServer::start(|_, _| Reply::json(200, "[1,2,3]")).await;
    let error = client(&server.url()).get_users_count().network_id(NET).send().await.unwrap_err();
    assert!(matches!(&error, SdkError::Deserialization(_)), "{error:?}");
}

// ---------------------------------------------------------------------------
// Retries

/// Lowercase hex, 8-4-4-4-12, version nibble 4, variant 10xx.
fn is_uuid_v4(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    lengths == [8, 4, 4, 4, 12]
        && text.chars().all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c))
        && groups[2].starts_with('4')
        && groups[3].starts_with(['8', '9', 'a', 'b'])
}

#[tokio::test]
async fn throttled_then_unavailable_then_ok_succeeds_with_one_generated_token() {
    let server = TestServer::start(|_, index| match index {
        0 => Reply::json(429, r#"{"message":"slow down"}"#).with_header("X-Amzn-Errortype", "RateLimitError"),
        1 => Reply::json(503, r#"{"message":"unavailable"}"#),
        _ => Reply::json(200, r#"{"message":"created","successful":[{"userId":"1001"}]}"#),
    })
    .await;
    let client = client(&server.url());
    // No client_token set: the SDK generates one, once per call.
    let out = client.batch_create_user().network_id(NET).users(vec![user_item("carol")]).send().await.unwrap();
    assert_eq!(out.successful.unwrap()[0].user_id.as_deref(), Some("1001"));

    let received = server.received();
    assert_eq!(received.len(), 3, "three attempts");
    let token = received[0].header("x-client-token").unwrap();
    assert!(is_uuid_v4(token), "{token} is a v4 UUID");
    for (i, request) in received.iter().enumerate() {
        assert_eq!(request.header("x-client-token"), Some(token), "attempt {}", i + 1);
        assert_eq!(request.body, received[0].body, "attempt {}: same body", i + 1);
        assert_eq!(request.header("amz-sdk-request"), Some(format!("attempt={}; max=3", i + 1).as_str()));
        verify_sigv4(request, ACCESS_KEY, SECRET_KEY).unwrap();
    }

    // The next call gets a token of its own.
    client.batch_create_user().network_id(NET).users(vec![user_item("dave")]).send().await.unwrap();
    let next = server.received()[3].header("x-client-token").unwrap().to_owned();
    assert!(is_uuid_v4(&next) && next != token, "{next} vs {token}");
    // The validity check is not vacuous.
    assert!(!is_uuid_v4("0f8fad5b-d9cb-169f-a165-70867728950e") && !is_uuid_v4("not-a-uuid"));
}

#[tokio::test]
async fn a_bad_request_is_not_retried() {
    let server = TestServer::start(|_, _| {
        Reply::json(400, r#"{"message":"bad user list"}"#).with_header("X-Amzn-Errortype", "BadRequestError")
    })
    .await;
    let error = client(&server.url()).batch_delete_user().network_id(NET).user_ids(vec!["1".to_owned()]).send().await;
    let error = error.unwrap_err();
    assert!(
        matches!(error.as_service_error(), Some(Error::BadRequestError(e)) if e.message.as_deref() == Some("bad user list"))
    );
    assert_eq!(server.received().len(), 1);
}

/// The real transport, counting the attempts handed to it (a refused
/// connection leaves no trace on any server to count).
#[derive(Debug)]
struct CountingTransport {
    inner: HyperTransport,
    attempts: Arc<AtomicUsize>,
}

impl Transport for CountingTransport {
    fn send(&self, request: PreparedRequest) -> TransportFuture<'_> {
        self.attempts.fetch_add(1, Ordering::SeqCst);
        self.inner.send(request)
    }
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    let attempts = Arc::new(AtomicUsize::new(0));
    let transport = CountingTransport { inner: HyperTransport::new(None).unwrap(), attempts: attempts.clone() };
    let client = Client::from_conf(config(&refused_url()).transport(Arc::new(transport)).build());
    let error = client.get_network().network_id(NET).send().await.unwrap_err();
    let SdkError::Transport(e) = &error else { panic!("{error:?}") };
    assert!(e.is_connect(), "{e}");
    assert_eq!(attempts.load(Ordering::SeqCst), 3);
}

// ---------------------------------------------------------------------------
// Pagination

/// ListUsers in three pages: no token → t1 → t2 → end.
async fn three_page_server() -> TestServer {
    TestServer::start(|request, _| {
        let (ids, next): (&[&str], Option<&str>) = match request.query_param("nextToken").as_deref() {
            None => (&["u1", "u2"], Some("t1")),
            Some("t1") => (&["u3"], Some("t2")),
            Some("t2") => (&["u4", "u5"], None),
            Some(other) => panic!("unexpected token {other}"),
        };
        let users: Vec<Value> =
            ids.iter().map(|id| json!({"userId": id, "username": format!("{id}@example.com")})).collect();
        let mut body = json!({"users": users});
        if let Some(next) = next {
            body["nextToken"] = next.into();
        }
        Reply::json(200, &body.to_string())
    })
    .await
}

fn tokens_seen(server: &TestServer) -> Vec<Option<String>> {
    server.received().iter().map(|r| r.query_param("nextToken")).collect()
}

#[tokio::test]
async fn items_yields_every_user_of_every_page_once() {
    let server = three_page_server().await;
    let users: Vec<_> =
        client(&server.url()).list_users().network_id(NET).max_results(2).items().try_collect().await.unwrap();
    let ids: Vec<&str> = users.iter().map(|u| u.user_id.as_deref().unwrap()).collect();
    assert_eq!(ids, ["u1", "u2", "u3", "u4", "u5"]);
    assert_eq!(tokens_seen(&server), [None, Some("t1".to_owned()), Some("t2".to_owned())]);
    for request in server.received() {
        assert_eq!(request.path(), "/networks/12345678/users");
        assert_eq!(request.query_param("maxResults").as_deref(), Some("2"), "every page keeps the other members");
    }
}

#[tokio::test]
async fn into_paginator_yields_three_pages() {
    let server = three_page_server().await;
    let pages: Vec<_> = client(&server.url()).list_users().network_id(NET).into_paginator().collect().await;
    let sizes: Vec<usize> = pages.into_iter().map(|p| p.unwrap().users.unwrap().len()).collect();
    assert_eq!(sizes, [2, 1, 2]);
    assert_eq!(tokens_seen(&server), [None, Some("t1".to_owned()), Some("t2".to_owned())]);
}

#[tokio::test]
async fn a_failing_page_ends_the_items_with_the_error() {
    let server = TestServer::start(|request, _| match request.query_param("nextToken") {
        None => Reply::json(200, r#"{"users":[{"userId":"u1"}],"nextToken":"t1"}"#),
        Some(_) => {
            Reply::json(404, r#"{"message":"network gone"}"#).with_header("X-Amzn-Errortype", "ResourceNotFoundError")
        }
    })
    .await;
    let results: Vec<_> = client(&server.url()).list_users().network_id(NET).items().collect().await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().user_id.as_deref(), Some("u1"));
    let error = results[1].as_ref().unwrap_err();
    assert!(matches!(error.as_service_error(), Some(Error::ResourceNotFoundError(_))), "{error:?}");
    assert_eq!(server.received().len(), 2);
}

// ---------------------------------------------------------------------------
// Labels

#[tokio::test]
async fn a_label_with_slash_space_percent_and_unicode_is_one_path_segment() {
    let server = TestServer::start(|_, _| {
        Reply::json(
            200,
            &json!({"securityGroup": {
                "id": "a/b ..%ü", "name": "odd", "activeMembers": 0, "botMembers": 0, "isDefault": false,
                "modified": 0, "securityGroupSettings": {}
            }})
            .to_string(),
        )
    })
    .await;
    let group_id = "a/b ..%ü";
    let out = client(&server.url()).get_security_group().network_id(NET).group_id(group_id).send().await.unwrap();
    assert_eq!(out.security_group.id, group_id);
    let [request] = &server.received()[..] else { panic!("one request") };
    assert_eq!(request.path(), "/networks/12345678/security-groups/a%2Fb%20..%25%C3%BC");
    let segments: Vec<&str> = request.path().split('/').collect();
    assert_eq!(segments.len(), 5, "{segments:?}");
    assert_eq!(percent_encoding::percent_decode_str(segments[4]).decode_utf8().unwrap(), group_id);
    verify_sigv4(request, ACCESS_KEY, SECRET_KEY).unwrap();
}

// ---------------------------------------------------------------------------
// Validation

#[tokio::test]
async fn invalid_input_is_rejected_before_sending_with_every_violation() {
    let server = TestServer::start(|_, _| Reply::json(200, r#"{"users":[]}"#)).await;
    let error = client(&server.url()).list_users().network_id("1").max_results(0).send().await.unwrap_err();
    let SdkError::Validation(e) = &error else { panic!("{error:?}") };
    let found: Vec<(&str, &Rule)> = e.violations().iter().map(|v| (v.path.as_str(), &v.rule)).collect();
    assert_eq!(
        found,
        [
            ("maxResults", &Rule::Range { actual: "0".into(), min: Some("1".into()), max: Some("100".into()) }),
            ("networkId", &Rule::Length { actual: 1, min: Some(8), max: Some(8) }),
            ("networkId", &Rule::Pattern { pattern: "^[0-9]{8}$".into() }),
        ]
    );

    // List items report their index; missing required members are named too.
    let error = client(&server.url())
        .batch_delete_user()
        .user_ids(vec!["1001".to_owned(), "12ab".to_owned()])
        .client_token("bad token!")
        .send()
        .await
        .unwrap_err();
    let SdkError::Validation(e) = &error else { panic!("{error:?}") };
    let lines: Vec<String> = e.violations().iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "clientToken: does not match the pattern `^[a-zA-Z0-9-_:]+$`",
            "networkId: is required but was not set",
            "userIds[1]: does not match the pattern `^[0-9]+$`",
        ]
    );

    assert!(server.received().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn with_validation_off_the_service_judges() {
    let server = TestServer::start(|_, _| Reply::json(200, r#"{"users":[]}"#)).await;
    let client = Client::from_conf(config(&server.url()).validate_input(false).build());
    client.list_users().network_id("1").max_results(0).send().await.unwrap();
    let [request] = &server.received()[..] else { panic!("one request") };
    assert_eq!(request.path(), "/networks/1/users");
    assert_eq!(request.query_pairs(), [("maxResults".to_owned(), "0".to_owned())]);
}

// ---------------------------------------------------------------------------
// Endpoints

/// Where the generated client (with its embedded rule set) would send
/// ListNetworks, and the region it signs for: its dry run resolves and signs
/// as `send` does, and sends nothing (the AWS endpoints are not reachable
/// from here; tests talk only to 127.0.0.1, below).
async fn resolved(
    region: Option<&str>,
    fips: bool,
    dual_stack: bool,
    endpoint: Option<&str>,
) -> Result<(String, String), String> {
    let mut builder = sdk_runtime::config::Config::builder()
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None))
        .use_fips(fips)
        .use_dual_stack(dual_stack);
    if let Some(region) = region {
        builder = builder.region(region);
    }
    if let Some(endpoint) = endpoint {
        builder = builder.endpoint_url(endpoint);
    }
    let client = Client::from_conf(builder.build());
    match client.dry_run(ListNetworksRequest::default()).await {
        Ok(signed) => {
            let auth = parse_authorization(signed.request.header("authorization").unwrap()).unwrap();
            Ok((signed.request.url.clone(), auth.region))
        }
        Err(SdkError::Endpoint(e)) => Err(e.message().to_owned()),
        Err(other) => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn endpoints_resolve_through_the_generated_client() {
    let ok = |url: &str, region: &str| Ok::<_, String>((url.to_owned(), region.to_owned()));
    let cases = [
        (
            (Some("us-east-1"), false, false, None),
            ok("https://admin.wickr.us-east-1.amazonaws.com/networks", "us-east-1"),
        ),
        (
            (Some("us-east-1"), true, false, None),
            ok("https://admin.wickr-fips.us-east-1.amazonaws.com/networks", "us-east-1"),
        ),
        ((Some("us-east-1"), false, true, None), ok("https://admin.wickr.us-east-1.api.aws/networks", "us-east-1")),
        ((Some("us-east-1"), true, true, None), ok("https://admin.wickr-fips.us-east-1.api.aws/networks", "us-east-1")),
        (
            (Some("cn-north-1"), false, false, None),
            ok("https://admin.wickr.cn-north-1.amazonaws.com.cn/networks", "cn-north-1"),
        ),
        (
            (Some("us-gov-west-1"), false, false, None),
            ok("https://admin.wickr.us-gov-west-1.amazonaws.com/networks", "us-gov-west-1"),
        ),
        (
            (Some("us-iso-east-1"), false, false, None),
            ok("https://admin.wickr.us-iso-east-1.c2s.ic.gov/networks", "us-iso-east-1"),
        ),
        (
            (Some("us-east-1"), true, false, Some("http://127.0.0.1:1")),
            Err("Invalid Configuration: FIPS and custom endpoint are not supported".to_owned()),
        ),
        ((None, false, false, None), Err("Invalid Configuration: Missing Region".to_owned())),
    ];
    for ((region, fips, dual_stack, endpoint), expected) in cases {
        let got = resolved(region, fips, dual_stack, endpoint).await;
        assert_eq!(got, expected, "region {region:?}, FIPS {fips}, dual-stack {dual_stack}, endpoint {endpoint:?}");
    }
}

#[tokio::test]
async fn an_endpoint_override_with_a_base_path_is_where_requests_go() {
    let server = TestServer::start(|_, _| Reply::json(200, r#"{"networks":[]}"#)).await;
    let config = sdk_runtime::config::Config::builder()
        .region("eu-west-2")
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None))
        .endpoint_url(format!("{}/base", server.url()))
        .build();
    Client::from_conf(config).list_networks().send().await.unwrap();
    let [request] = &server.received()[..] else { panic!("one request") };
    assert_eq!(request.path(), "/base/networks");
    let auth = verify_sigv4(request, ACCESS_KEY, SECRET_KEY).expect("signed for what it was sent to");
    assert_eq!((auth.region.as_str(), auth.service.as_str()), ("eu-west-2", "wickr"));
    // With FIPS on, the rule set refuses the override before anything is sent.
    let config = sdk_runtime::config::Config::builder()
        .region("us-east-1")
        .use_fips(true)
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None))
        .endpoint_url(server.url())
        .build();
    let error = Client::from_conf(config).list_networks().send().await.unwrap_err();
    assert!(matches!(&error, SdkError::Endpoint(_)), "{error:?}");
    assert_eq!(server.received().len(), 1);
}

// ---------------------------------------------------------------------------
// Debug

#[tokio::test]
async fn debug_output_never_shows_secrets() {
    let client = Client::from_conf(
        config("http://127.0.0.1:1")
            .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, Some(SESSION_TOKEN.to_owned()), None))
            .build(),
    );
    let texts = [
        format!("{client:?}"),
        format!("{:?}", client.config()),
        format!("{:#?}", client.config()),
        format!("{:?}", client.create_bot().network_id(NET).username("bot").challenge("bot-password-123")),
        format!("{:?}", client.batch_create_user().network_id(NET).users(vec![user_item("x")])),
    ];
    for text in &texts {
        for secret in [SECRET_KEY, SESSION_TOKEN, "bot-password-123", "Alice"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        // Still useful: the settings that are not secret are shown.
        assert!(text.contains("us-east-1") && text.contains("127.0.0.1:1"), "{text}");
    }
}
