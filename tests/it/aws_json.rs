//! The awsJson protocol over HTTP on 127.0.0.1, through the generated SDK of
//! `tests/fixtures/codegen/aws_json1_0.json` (an `@awsQueryCompatible`
//! awsJson1_0 service that also lists awsQuery and rpcv2Cbor): requests are
//! `POST /` with their target, signed; outputs, typed errors, retries,
//! pagination, waiters and the tool work as they do for restJson1.

use std::time::Duration;

use fixture_awsjson_sdk::Client;
use fixture_awsjson_sdk::operation::CreateThingError;
use fixture_awsjson_sdk::types::Status;
use sdk_runtime::error::SdkError;
use sdk_runtime::paginate::TryStreamExt;
use sdk_runtime::waiter::WaitSettings;
use sdk_tests::support::{ACCESS_KEY, Reply, SECRET_KEY, TestServer, config, run_tool, verify_sigv4};
use serde_json::{Value, json};

const CONTENT_TYPE: &str = "application/x-amz-json-1.0";

fn client(url: &str) -> Client {
    Client::from_conf(config(url).build())
}

fn body(request: &sdk_tests::support::Received) -> Value {
    serde_json::from_slice(&request.body).expect("the request body is JSON")
}

#[tokio::test]
async fn a_call_posts_the_whole_input_to_the_root_with_its_target_and_reads_the_body() {
    let server = TestServer::start(|_, _| {
        Reply::json(200, r#"{"thingId": "t-1", "createdAt": 1700000000.5, "icon": "aWNvbg==", "tags": ["a"]}"#)
            .with_header("Content-Type", CONTENT_TYPE)
            .with_header("X-Thing-Id", "ignored: awsJson reads no header")
    })
    .await;
    let output = client(&server.url())
        .create_thing()
        .name("lamp")
        .owner("ann")
        .display_name("Lamp")
        .created_at(sdk_runtime::DateTime::from_secs(1_700_000_000))
        .client_token("token-1")
        .send()
        .await
        .expect("the call succeeds");
    assert_eq!(output.thing_id.as_deref(), Some("t-1"));
    assert_eq!(output.created_at.map(|at| at.as_secs_f64()), Some(1_700_000_000.5));
    assert_eq!(output.icon.as_ref().map(|icon| icon.as_ref().to_vec()), Some(b"icon".to_vec()));

    let received = server.received();
    let [request] = received.as_slice() else { panic!("one request, got {received:?}") };
    assert_eq!((request.method.as_str(), request.path(), request.query()), ("POST", "/", None));
    assert_eq!(request.header("x-amz-target"), Some("Things.CreateThing"));
    assert_eq!(request.header("content-type"), Some(CONTENT_TYPE));
    // `@httpHeader` and `@jsonName` mean nothing to awsJson.
    assert_eq!(request.header("x-owner"), None);
    assert_eq!(
        body(request),
        json!({"name": "lamp", "owner": "ann", "displayName": "Lamp", "createdAt": 1700000000, "clientToken": "token-1"})
    );
    verify_sigv4(request, ACCESS_KEY, SECRET_KEY).expect("the request is signed");
}

#[tokio::test]
async fn an_operation_without_input_sends_an_empty_object() {
    let server = TestServer::start(|_, _| Reply::json(200, "")).await;
    client(&server.url()).ping().send().await.expect("an empty body reads as no output");
    let received = server.received();
    assert_eq!((received[0].header("x-amz-target"), &received[0].body[..]), (Some("Things.Ping"), &b"{}"[..]));
}

#[tokio::test]
async fn errors_are_typed_by_their_shape_and_report_the_query_compatible_code() {
    let server = TestServer::start(|_, _| {
        Reply::json(400, r#"{"__type": "example.awsjson#ThingAlreadyExists", "message": "taken", "thingId": "t-9"}"#)
            .with_header("x-amzn-query-error", "AWS.Things.AlreadyExists;Sender")
    })
    .await;
    let error = client(&server.url()).create_thing().name("lamp").send().await.unwrap_err();
    let SdkError::Service(service) = &error else { panic!("a modelled error, got {error:?}") };
    let CreateThingError::ThingAlreadyExists(exists) = service.err() else { panic!("{error:?}") };
    assert_eq!((exists.message.as_deref(), exists.thing_id.as_deref()), (Some("taken"), Some("t-9")));
    // Callers that knew the service by its awsQuery codes still see them.
    assert_eq!(error.code(), Some("AWS.Things.AlreadyExists"));

    // An error the operation does not model keeps its code and body.
    let server = TestServer::start(|_, _| {
        Reply::json(400, r#"{"message": "nope"}"#)
            .with_header("X-Amzn-Errortype", "example.awsjson#Forbidden:http://internal/")
            .with_header("x-amzn-query-error", "AWS.Things.Forbidden;Sender")
    })
    .await;
    let error = client(&server.url()).get_thing().thing_id("t").send().await.unwrap_err();
    let SdkError::Unmodeled(unmodeled) = &error else { panic!("an unmodelled error, got {error:?}") };
    assert_eq!((unmodeled.code(), unmodeled.message()), (Some("AWS.Things.Forbidden"), Some("nope")));
}

#[tokio::test]
async fn throttling_named_by_type_is_retried_then_answered() {
    let server = TestServer::start(|_, index| match index {
        0 => Reply::json(400, r#"{"__type": "example.awsjson#ThrottlingException", "message": "slow"}"#)
            .with_header("x-amzn-query-error", "AWS.Things.Throttling;Sender"),
        _ => Reply::json(200, r#"{"thingId": "t-1", "status": "READY"}"#),
    })
    .await;
    let output = client(&server.url()).get_thing().thing_id("t-1").send().await.expect("retried");
    assert_eq!(output.status, Some(Status::Ready));
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn pages_follow_the_token_in_the_body() {
    let server = TestServer::start(|request, _| {
        let input: Value = serde_json::from_slice(&request.body).unwrap_or_default();
        match input.get("nextToken").and_then(Value::as_str) {
            None => Reply::json(200, r#"{"things": [{"thingId": "a"}, {"thingId": "b"}], "nextToken": "p2"}"#),
            Some("p2") => Reply::json(200, r#"{"things": [{"thingId": "c"}], "nextToken": "p3"}"#),
            Some(_) => Reply::json(200, r#"{"things": [{"thingId": "d"}]}"#),
        }
    })
    .await;
    let things: Vec<_> = client(&server.url()).list_things().max_results(2).items().try_collect().await.unwrap();
    let ids: Vec<_> = things.iter().map(|thing| thing.thing_id.clone().unwrap_or_default()).collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    let bodies: Vec<Value> = server.received().iter().map(body).collect();
    assert_eq!(
        bodies,
        [
            json!({"maxResults": 2}),
            json!({"maxResults": 2, "nextToken": "p2"}),
            json!({"maxResults": 2, "nextToken": "p3"})
        ]
    );
}

#[tokio::test]
async fn a_waiter_polls_through_a_modelled_error_to_success() {
    let server = TestServer::start(|_, index| match index {
        0 => Reply::json(400, r#"{"message": "not yet"}"#).with_header("X-Amzn-Errortype", "ThingNotFound"),
        1 => Reply::json(200, r#"{"thingId": "t-1", "status": "PENDING"}"#),
        _ => Reply::json(200, r#"{"thingId": "t-1", "status": "READY"}"#),
    })
    .await;
    let settings = WaitSettings::new(Duration::from_secs(5))
        .min_delay(Duration::from_millis(5))
        .max_delay(Duration::from_millis(20));
    let done = client(&server.url()).wait_until_thing_ready().thing_id("t-1").wait_with(settings).await.unwrap();
    assert_eq!(done.attempts(), 3);
    let received = server.received();
    assert!(received.iter().all(|request| request.header("x-amz-target") == Some("Things.GetThing")));
    assert!(received.iter().all(|request| body(request) == json!({"thingId": "t-1"})));
}

#[test]
fn the_tool_sends_awsjson_and_prints_the_output_by_member_name() {
    let url = sdk_tests::support::spawn_server_thread(|_, _| {
        Reply::json(200, r#"{"thingId": "t-1", "createdAt": 0, "tags": ["x"]}"#)
    });
    let (code, out, err) = run_tool(
        &fixture_awsjson_sdk::cli::SPEC,
        &["create-thing", "--name", "lamp", "--secret", "hush", "--endpoint-url", &url],
    );
    assert_eq!(code, 0, "{err}");
    let printed: Value = serde_json::from_str(&out).expect("the tool prints JSON");
    assert_eq!(printed, json!({"thingId": "t-1", "createdAt": "1970-01-01T00:00:00+00:00", "tags": ["x"]}));

    // A dry run shows the request, the `@sensitive` member hidden.
    let (code, out, err) = run_tool(
        &fixture_awsjson_sdk::cli::SPEC,
        &["create-thing", "--name", "lamp", "--secret", "hush", "--dry-run", "--endpoint-url", &url],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("POST") && out.contains("Things.CreateThing"), "{out}");
    assert!(out.contains("secret") && !out.contains("hush"), "the secret leaked: {out}");
}

/// A mock on 127.0.0.1 serves every operation on its one host, so the client
/// it gives leaves off `@endpoint` host prefixes (`eu1.data.` before an
/// address reaches no server); a client configured by hand may do the same.
#[tokio::test]
async fn a_mock_serves_operations_with_host_prefixes_on_its_one_host() {
    let mock = fixture_awsjson_sdk::mock::MockServer::start().await.unwrap();
    mock.on_locate_thing().respond(fixture_awsjson_sdk::output::LocateThingOutput::builder().build().unwrap()).add();
    mock.client().locate_thing().zone("eu1").thing_id("t-1").send().await.unwrap();
    let calls: Vec<fixture_awsjson_sdk::input::LocateThingInput> = mock.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!((calls[0].zone.as_deref(), calls[0].thing_id.as_deref()), (Some("eu1"), Some("t-1")));
}

/// The server of an `@awsQueryCompatible` service writes the error's awsQuery
/// code (from `@awsQueryError`) and fault in `x-amzn-query-error`, so its
/// clients see the codes they knew.
#[tokio::test]
async fn a_query_compatible_server_gives_each_error_its_query_code() {
    use fixture_awsjson_sdk::error::ThingAlreadyExists;
    let mock = fixture_awsjson_sdk::mock::MockServer::start().await.unwrap();
    let exists = ThingAlreadyExists::builder().message("taken").thing_id("t-9").build().unwrap();
    mock.on_create_thing().fail(CreateThingError::ThingAlreadyExists(exists)).add();
    let error = mock.client().create_thing().name("lamp").send().await.unwrap_err();
    let SdkError::Service(service) = &error else { panic!("a modelled error, got {error:?}") };
    assert!(matches!(service.err(), CreateThingError::ThingAlreadyExists(_)), "{error:?}");
    assert_eq!(error.code(), Some("AWS.Things.AlreadyExists"));
}
