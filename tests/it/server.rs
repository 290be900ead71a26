//! The generated server side and the mocks built on it, used as a
//! downstream crate uses them: the Wickr SDK's `mock::MockServer` answering
//! the SDK's own client over 127.0.0.1 (retries, pages, unmatched calls),
//! the waiters fixture's mock reaching a waiter's success, and the Wickr
//! server refusing what the model forbids, and anything malformed, before
//! a handler sees it.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use proptest::prelude::*;
use sdk_runtime::error::SdkError;
use sdk_runtime::paginate::TryStreamExt as _;
use sdk_runtime::server::mock::Mode;
use sdk_runtime::server::{HandlerResult, ServerRequest};
use serde_json::Value;
use wickr_admin_sdk::input::{GetUserRequest, ListUsersRequest};
use wickr_admin_sdk::mock::MockServer;
use wickr_admin_sdk::operation::GetUserError;
use wickr_admin_sdk::output::{GetUserResponse, ListUsersResponse};
use wickr_admin_sdk::types::User;

const NET: &str = "12345678";

fn user(id: &str) -> GetUserResponse {
    GetUserResponse::builder().user_id(id).first_name("Ann").build().expect("a user")
}

#[tokio::test]
async fn a_throttled_call_is_retried_then_answered() {
    let mock = MockServer::start().await.unwrap();
    mock.on_get_user()
        .respond_raw(429, &[("X-Amzn-Errortype", "RateLimitError")], r#"{"message":"slow down"}"#)
        .respond(user("1001"))
        .add();
    let got = mock.client().get_user().network_id(NET).user_id("1001").send().await.expect("answered after a retry");
    assert_eq!(got.user_id, "1001");
    let calls = mock.calls::<GetUserRequest>();
    assert_eq!(calls.len(), 2, "{calls:?}");
    assert!(
        calls.iter().all(|call| call.user_id.as_deref() == Some("1001") && call.network_id.as_deref() == Some(NET))
    );
    mock.verify().expect("every answer given");
}

#[tokio::test]
async fn three_pages_come_through_the_paginator() {
    let mock = MockServer::start().await.unwrap();
    let page = |ids: &[&str], next: Option<&str>| {
        let users: Vec<User> = ids.iter().map(|id| User::builder().user_id(*id).build().unwrap()).collect();
        ListUsersResponse::builder().users(users).set_next_token(next.map(str::to_owned)).build().unwrap()
    };
    mock.on_list_users().matching(|input| input.next_token.is_none()).respond(page(&["a", "b"], Some("p2"))).add();
    let second = |input: &ListUsersRequest| input.next_token.as_deref() == Some("p2");
    mock.on_list_users().matching(second).respond(page(&["c"], Some("p3"))).add();
    let third = |input: &ListUsersRequest| input.next_token.as_deref() == Some("p3");
    mock.on_list_users().matching(third).respond(page(&["d"], None)).add();
    let users: Vec<User> = mock.client().list_users().network_id(NET).items().try_collect().await.unwrap();
    let ids: Vec<_> = users.iter().map(|user| user.user_id.clone().unwrap_or_default()).collect();
    assert_eq!(ids, ["a", "b", "c", "d"]);
    assert_eq!(mock.calls::<ListUsersRequest>().len(), 3);
    mock.verify().expect("each page asked for once");
}

#[tokio::test]
async fn modelled_errors_are_typed_and_rules_can_be_used_in_order() {
    let mock = MockServer::start_with(Mode::InOrder).await.unwrap();
    let not_found = wickr_admin_sdk::error::ResourceNotFoundError::builder().message("no such user").build().unwrap();
    mock.on_get_user().fail(GetUserError::ResourceNotFoundError(not_found)).add();
    mock.on_get_user().respond(user("1002")).times(2).add();
    let client = mock.client();
    let error = client.get_user().network_id(NET).user_id("1001").send().await.unwrap_err();
    assert!(
        matches!(error.as_service_error(), Some(GetUserError::ResourceNotFoundError(e)) if e.message.as_deref() == Some("no such user")),
        "{error:?}"
    );
    for _ in 0..2 {
        assert_eq!(client.get_user().network_id(NET).user_id("1002").send().await.unwrap().user_id, "1002");
    }
    mock.verify().unwrap();
}

#[tokio::test]
async fn an_unmatched_call_is_answered_and_reported_with_its_input() {
    let mock = MockServer::start().await.unwrap();
    mock.on_get_user().matching(|input| input.user_id.as_deref() == Some("42")).respond(user("42")).add();
    let error = mock.client().get_user().network_id(NET).user_id("7").send().await.unwrap_err();
    let SdkError::Unmodeled(unmatched) = &error else { panic!("an unmodelled error, got {error:?}") };
    assert_eq!(unmatched.code(), Some("MockUnmatchedCall"));
    let message = unmatched.message().unwrap_or_default();
    assert!(
        message.contains("GetUser") && message.contains("\"7\"") && message.contains("does not match"),
        "{message}"
    );
    assert_eq!(mock.calls::<GetUserRequest>().len(), 1, "an unmatched call is not retried");
    let report = mock.verify().unwrap_err();
    assert_eq!(report.unmatched.len(), 1, "{report}");
    assert!(report.unmet[0].contains("rule #1 (GetUser)"), "{report}");
}

#[tokio::test]
async fn a_waiter_reaches_success_against_a_mock() {
    use fixture_waiters_sdk::output::GetJobOutput;
    use fixture_waiters_sdk::types::JobStatus;
    let mock = fixture_waiters_sdk::mock::MockServer::start().await.unwrap();
    let status = |status| GetJobOutput::builder().job_id("j1").status(status).build().unwrap();
    mock.on_get_job().respond(status(JobStatus::Running)).times(2).respond(status(JobStatus::Done)).add();
    let settings = sdk_runtime::waiter::WaitSettings::new(Duration::from_secs(5))
        .min_delay(Duration::from_millis(5))
        .max_delay(Duration::from_millis(20));
    let done = mock.client().wait_until_job_done().job_id("j1").wait_with(settings).await.unwrap();
    assert_eq!(done.attempts(), 3);
    mock.verify().unwrap();
}

/// A Wickr server whose handlers count their calls.
#[derive(Clone, Default)]
struct Counting(Arc<AtomicUsize>);

impl wickr_admin_sdk::server::Service for Counting {
    async fn list_users(
        &self,
        _: ListUsersRequest,
    ) -> HandlerResult<ListUsersResponse, wickr_admin_sdk::operation::ListUsersError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(ListUsersResponse::builder().build().unwrap())
    }

    async fn get_user(&self, _: GetUserRequest) -> HandlerResult<GetUserResponse, GetUserError> {
        self.0.fetch_add(1, Ordering::SeqCst);
        panic!("a handler bug");
    }
}

/// Sends `request` (a whole HTTP/1.1 request, `Connection: close`) to
/// `addr`; the status and the body as JSON (`Null` when it is not), with
/// the error code of `X-Amzn-Errortype` as `"code"`.
fn send_raw(addr: std::net::SocketAddr, request: &[u8]) -> (u16, Value) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    stream.write_all(request).unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response);
    let status = text.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or_default();
    let mut body = serde_json::from_str(body).unwrap_or(Value::Null);
    let code = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("x-amzn-errortype").then(|| value.trim().to_owned())
    });
    if let (Value::Object(members), Some(code)) = (&mut body, code) {
        members.insert("code".to_owned(), Value::String(code));
    }
    (status, body)
}

fn get(target: &str) -> Vec<u8> {
    format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").into_bytes()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_the_model_forbids_gets_the_modelled_validation_error_and_never_reaches_the_handler() {
    let calls = Counting::default();
    let server = wickr_admin_sdk::server::serve_local(calls.clone()).await.unwrap();
    let addr = server.addr();
    // A network id that is neither 8 long nor digits, an enum value the model
    // does not list, a page size out of range.
    let (status, body) = tokio::task::spawn_blocking(move || {
        send_raw(addr, &get("/networks/abc/users?sortDirection=SIDEWAYS&maxResults=500"))
    })
    .await
    .unwrap();
    assert_eq!(status, 422, "{body}");
    let fields: Vec<&str> = body["reasons"].as_array().unwrap().iter().filter_map(|r| r["field"].as_str()).collect();
    assert_eq!(fields, ["maxResults", "networkId", "networkId", "sortDirection"], "{body}");
    assert!(body["message"].as_str().unwrap().starts_with("4 validation errors detected"), "{body}");
    assert_eq!(calls.0.load(Ordering::SeqCst), 0, "the handler was called");

    // Valid, it reaches the handler.
    let (status, _) =
        tokio::task::spawn_blocking(move || send_raw(addr, &get("/networks/12345678/users"))).await.unwrap();
    assert_eq!((status, calls.0.load(Ordering::SeqCst)), (200, 1));
    server.shutdown().await;
}

fn post(target: &str, body: &str) -> Vec<u8> {
    format!(
        "POST {target} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Required members missing from a request, nested ones included, are
/// answered like any other violation: every one listed by its path, beside
/// what else is wrong, and the handler never called.
#[tokio::test(flavor = "multi_thread")]
async fn missing_required_members_are_each_listed_with_the_other_violations() {
    let calls = Counting::default();
    let server = wickr_admin_sdk::server::serve_local(calls.clone()).await.unwrap();
    let addr = server.addr();
    let fields = |body: &serde_json::Value| -> Vec<String> {
        body["reasons"].as_array().unwrap().iter().filter_map(|r| r["field"].as_str().map(str::to_owned)).collect()
    };
    let (status, body) = tokio::task::spawn_blocking(move || {
        send_raw(
            addr,
            &post(
                "/networks/abc/users",
                r#"{"users": [{"username": "a", "securityGroupIds": ["g"]}, {"firstName": "x"}]}"#,
            ),
        )
    })
    .await
    .unwrap();
    assert_eq!(status, 422, "{body}");
    assert_eq!(fields(&body), ["users[1].securityGroupIds", "users[1].username", "networkId", "networkId"], "{body}");
    // An empty body lacks the list itself; its zero value's length is not reported again.
    let (status, body) =
        tokio::task::spawn_blocking(move || send_raw(addr, &post("/networks/12345678/users", "{}"))).await.unwrap();
    assert_eq!((status, fields(&body)), (422, vec!["users".to_owned()]), "{body}");
    assert_eq!(calls.0.load(Ordering::SeqCst), 0, "the handler was called");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_requests_get_a_clear_4xx_and_a_panicking_handler_a_500_without_detail() {
    let server = wickr_admin_sdk::server::serve_local(Counting::default()).await.unwrap();
    let addr = server.addr();
    let oversized = {
        let body = "x".repeat(sdk_runtime::server::MAX_BODY_BYTES + 1);
        post("/networks/12345678/users", &body)
    };
    let cases: Vec<(Vec<u8>, u16, &str)> = vec![
        (post("/networks/12345678/users", "{\"users\": [ {"), 400, "SerializationException"),
        (post("/networks/12345678/users", "{\"users\": 5}"), 400, "SerializationException"),
        (post("/networks/12345678/users", "[1, 2]"), 400, "SerializationException"),
        (get("/no/such/route"), 404, "UnknownOperationException"),
        (
            b"DELETE /networks/12345678/users HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_vec(),
            405,
            "UnknownOperationException",
        ),
        (oversized, 413, "RequestEntityTooLargeException"),
        (get("/networks/12345678/users/1001"), 500, "InternalFailure"),
    ];
    let answers = tokio::task::spawn_blocking(move || {
        cases.into_iter().map(|(request, status, code)| (send_raw(addr, &request), status, code)).collect::<Vec<_>>()
    })
    .await
    .unwrap();
    for ((status, body), expected, code) in answers {
        assert_eq!((status, body["code"].as_str()), (expected, Some(code)), "{body}");
        assert!(body["message"].as_str().is_some_and(|message| message.len() < 200), "{body}");
        if expected == 500 {
            assert!(!body.to_string().contains("handler bug"), "the panic leaked: {body}");
        }
    }
    server.shutdown().await;
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever arrives, the server answers without panicking: a 4xx for
    /// what it cannot route or read, and the handler only for valid input.
    #[test]
    fn the_request_parser_answers_anything_without_panicking(
        method in prop::sample::select(vec!["GET", "POST", "PUT", "DELETE", "PATCH"]),
        path in prop::collection::vec(prop::sample::select(vec!["networks", "12345678", "users", "%ZZ", "batch-delete", "1001", "", "%2F", "bots", "security-groups"]), 0..5),
        query in "[a-zA-Z=&%0-9]{0,20}",
        body in prop::collection::vec(any::<u8>(), 0..64),
        json_body in prop::option::of("[{}\\[\\]\":,a-z0-9 ]{0,40}"),
    ) {
        let target = format!("/{}?{query}", path.join("/"));
        let body = json_body.map(String::into_bytes).unwrap_or(body);
        let router = wickr_admin_sdk::server::Router::new(Counting::default());
        let request = ServerRequest::new(method, &target, [("content-type", "application/json")], body);
        let runtime = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let response = runtime.block_on(sdk_runtime::server::handle(&router, request));
        let status = response.status();
        prop_assert!((400..500).contains(&status) || [200, 500, 501].contains(&status), "status {status}");
        if status == 500 {
            // Only the handler that panics on purpose answers 500.
            prop_assert!(target.contains("/users/"), "{target}");
        }
    }
}

/// Starts the Wickr mock server from `rules` (with `extra` arguments) on a
/// thread of its own, as a separate process would run; its URL and where it
/// records calls.
fn mock_server(rules: &Value, extra: &[&str]) -> (String, std::path::PathBuf, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let rules_path = dir.path().join("rules.json");
    std::fs::write(&rules_path, rules.to_string()).unwrap();
    let record = dir.path().join("calls.jsonl");
    let mut args: Vec<String> = vec!["--rules".into(), rules_path.display().to_string()];
    args.extend(["--record".to_owned(), record.display().to_string()]);
    args.extend(extra.iter().map(|arg| (*arg).to_owned()));
    let (sent, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let handle = sdk_runtime::server::mock_file::start(&wickr_admin_sdk::mock::FILE_SPEC, &args).await;
            let handle = handle.map_err(|(code, message)| format!("{code}: {message}")).unwrap();
            sent.send(handle.url()).unwrap();
            std::future::pending::<()>().await;
        });
    });
    (received.recv_timeout(Duration::from_secs(10)).unwrap(), record, dir)
}

fn rules() -> Value {
    serde_json::json!({"rules": [
        {"operation": "GetUser", "input": {"userId": "1001"}, "output": {"userId": "1001", "firstName": "Ann"}},
        {"operation": "GetUser", "error": {"type": "ResourceNotFoundError", "members": {"message": "no such user"}}}
    ]})
}

#[test]
fn the_tool_runs_against_the_mock_server_from_a_rules_file_and_its_calls_are_recorded() {
    let (url, record, _dir) = mock_server(&rules(), &[]);
    let tool = |user: &str| {
        sdk_tests::support::run_tool(
            &wickr_admin_sdk::cli::SPEC,
            &["get-user", "--network-id", NET, "--user-id", user, "--endpoint-url", &url],
        )
    };
    let (code, out, err) = tool("1001");
    assert_eq!(code, 0, "{err}");
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), serde_json::json!({"userId": "1001", "firstName": "Ann"}));
    let (code, _, err) = tool("1002");
    assert_eq!(code, 1);
    assert!(err.contains("(ResourceNotFoundError)") && err.contains("no such user"), "{err}");
    let lines: Vec<Value> =
        std::fs::read_to_string(&record).unwrap().lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    let summary: Vec<(String, String, u64)> = lines
        .iter()
        .map(|line| {
            let operation = line["operation"].as_str().unwrap().to_owned();
            let user = line["input"]["userId"].as_str().unwrap_or_default().to_owned();
            (operation, user, line["status"].as_u64().unwrap())
        })
        .collect();
    let expected = [("GetUser", "1001", 200), ("GetUser", "1002", 404)];
    let expected: Vec<(String, String, u64)> =
        expected.iter().map(|(op, user, status)| ((*op).to_owned(), (*user).to_owned(), *status)).collect();
    assert_eq!(summary, expected);
    assert_eq!(lines[0]["input"]["networkId"], NET, "inputs are recorded by member name: {}", lines[0]);
}

#[test]
fn with_keys_the_mock_server_answers_only_requests_they_signed() {
    // `run_tool` signs with the documentation's example keys.
    let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    let call = |url: &str| {
        sdk_tests::support::run_tool(
            &wickr_admin_sdk::cli::SPEC,
            &["get-user", "--network-id", NET, "--user-id", "1001", "--endpoint-url", url],
        )
    };
    let (url, _, _dir) = mock_server(&rules(), &["--access-key-id", "AKIDEXAMPLE", "--secret-access-key", secret]);
    assert_eq!(call(&url).0, 0);
    let (url, _, _dir) = mock_server(&rules(), &["--access-key-id", "AKIDEXAMPLE", "--secret-access-key", "other"]);
    let (code, _, err) = call(&url);
    assert_eq!(code, 1);
    assert!(err.contains("InvalidSignatureException") && !err.contains(secret), "{err}");
}

#[tokio::test]
async fn a_bad_rules_file_is_refused_with_every_problem_and_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rules.json");
    let bad = serde_json::json!({"mode": "sideways", "rules": [
        {"operation": "GetUsr", "output": {}},
        {"operation": "GetUser", "input": {"userId": 5, "bogus": 1}, "output": {"userId": "1", "lastLogin": "soon"}},
        {"operation": "GetUser", "error": {"type": "TeapotError"}},
        {"operation": "ListUsers", "response": {"status": 99}, "output": {}}
    ]});
    std::fs::write(&path, bad.to_string()).unwrap();
    let args = ["--rules".to_owned(), path.display().to_string()];
    let Err((code, message)) = sdk_runtime::server::mock_file::start(&wickr_admin_sdk::mock::FILE_SPEC, &args).await
    else {
        panic!("a bad rules file was served");
    };
    assert_eq!(code, 2);
    for needle in [
        "mode: `sideways` is not first-match or in-order",
        "rules[0].operation: `GetUsr` is not an operation of the service",
        "rules[1].input.userId: invalid type: integer `5`, expected a string",
        "rules[1].input.bogus: Unknown parameter",
        "rules[1].output: ",
        "rules[2].error.type: `TeapotError` is not an error of GetUser (it has BadRequestError",
        "rules[3]: a rule needs exactly one of output, error and response",
        "rules[3].response: `status` must be an HTTP status code",
    ] {
        assert!(message.contains(needle), "`{needle}` missing from:\n{message}");
    }
    assert!(message.contains("has 8 problem(s)"), "{message}");
}

/// The client's request read back by the generated server as the same
/// input, and the server's output read back by the client as the same
/// output: labels (a timestamp and an enum among them), the URI's literal
/// query, query values of every scalar type and lists of them, a query
/// map, header-bound outputs of every type, and the body.
#[tokio::test]
async fn every_query_label_and_header_binding_round_trips_between_client_and_server() {
    use fixture_http_bindings_sdk::input::GetThingInput;
    use fixture_http_bindings_sdk::output::GetThingOutput;
    use fixture_http_bindings_sdk::types::{Kind, Level, Part};
    use sdk_runtime::DateTime;
    let mock = fixture_http_bindings_sdk::mock::MockServer::start().await.unwrap();
    let at = |seconds| DateTime::from_secs(seconds);
    let output = GetThingOutput::builder()
        .name("thing")
        .display_name("Thing")
        .created_at(at(1_700_000_000))
        .checksum(sdk_runtime::Blob(vec![0, 255, 7]))
        .h_bool(true)
        .h_date_time(at(1_600_000_000))
        .h_double(2.5)
        .h_enum(Kind::Large)
        .h_float(0.5)
        .h_int(-3)
        .h_int_enum(Level::High)
        .h_ints(vec![1, 2])
        .h_long(1i64 << 40)
        .h_string("a, \"quoted\" value")
        .h_strings(vec!["x,y".to_owned(), "z".to_owned()])
        .h_timestamp(at(1_500_000_000))
        .h_timestamps(vec![at(1), at(2)])
        // Header names are case-insensitive, and hyper sends them lower case.
        .meta(std::collections::BTreeMap::from([("color".to_owned(), "red".to_owned())]))
        .parts(vec![Part::builder().part_name("p").ratio(0.25).made_at(at(5)).build().unwrap()])
        .status(200)
        .build()
        .unwrap();
    mock.on_get_thing().respond(output.clone()).add();
    let sent = GetThingInput::builder()
        .thing_id("a b/c")
        .count(7)
        .when(at(1_714_979_289))
        .kind(Kind::Small)
        .q_bool(false)
        .q_byte(-8i8)
        .q_double(1.5)
        .q_enum(Kind::Large)
        .q_epoch(at(1_000))
        .q_float(0.75)
        .q_int(0)
        .q_int_enum(Level::Low)
        .q_ints(vec![3, 4])
        .q_long(-1i64)
        .q_short(12i16)
        .q_string("&=?# é")
        .q_strings(vec!["one".to_owned(), "two two".to_owned()])
        .q_timestamp(at(86_400))
        .q_timestamps(vec![at(10), at(20)])
        .q_rest(std::collections::BTreeMap::from([("free".to_owned(), "form".to_owned())]))
        .build()
        .unwrap();
    let got = mock.client().send(sent.clone()).await.expect("the call succeeds");
    assert_eq!(got, output, "the output the server wrote is the one the client read");
    let calls = mock.calls::<GetThingInput>();
    let mut read = calls[0].clone();
    // The query map takes every parameter the server saw (Smithy servers do so).
    let rest = read.q_rest.take().unwrap_or_default();
    assert_eq!(rest.get("free").map(String::as_str), Some("form"), "{rest:?}");
    let mut expected = sent;
    expected.q_rest = None;
    assert_eq!(read, expected, "the input the client wrote is the one the server read");
    mock.verify().unwrap();
}

/// A greedy label, headers of every type (lists, quoted strings, HTTP
/// dates, epoch seconds), prefix headers, a query map of lists, an
/// idempotency token and the body; a header and body on the way back.
#[tokio::test]
async fn greedy_labels_headers_and_query_maps_round_trip() {
    use fixture_http_bindings_sdk::input::PutObjectInput;
    use fixture_http_bindings_sdk::output::PutObjectOutput;
    use fixture_http_bindings_sdk::types::{Kind, Part};
    use sdk_runtime::DateTime;
    let mock = fixture_http_bindings_sdk::mock::MockServer::start().await.unwrap();
    let output = PutObjectOutput::builder().etag("\"abc\"").version(3i64).build().unwrap();
    mock.on_put_object().respond(output.clone()).add();
    let input = PutObjectInput::builder()
        .key("a/b c/d.txt")
        .h_string("x, \"y\"")
        .h_bool(true)
        .h_int(5)
        .h_long(-9i64)
        .h_double(0.125)
        .h_timestamp(DateTime::from_secs(784_111_777))
        .h_epoch(DateTime::from_secs(1_515_531_081))
        .h_enum(Kind::Small)
        .h_strings(vec!["a,b".to_owned(), "c".to_owned()])
        .h_ints(vec![1, 2, 3])
        .h_timestamps(vec![DateTime::from_secs(1), DateTime::from_secs(2)])
        .meta(std::collections::BTreeMap::from([("owner".to_owned(), "ann".to_owned())]))
        .token("token-1")
        .filters(std::collections::BTreeMap::from([("tag".to_owned(), vec!["x".to_owned(), "y".to_owned()])]))
        .content("hello")
        .size(5i64)
        .parts(vec![Part::builder().part_name("p").build().unwrap()])
        .build()
        .unwrap();
    let got = mock.client().send(input.clone()).await.expect("the call succeeds");
    assert_eq!(got, output);
    assert_eq!(mock.calls::<PutObjectInput>(), [input]);
    mock.verify().unwrap();
}

/// Each kind of `@httpPayload`: blob, text, enum, structure, union and
/// document, there and back.
#[tokio::test]
async fn every_payload_kind_round_trips() {
    use fixture_payloads_sdk::{input, output, types};
    let mock = fixture_payloads_sdk::mock::MockServer::start().await.unwrap();
    let client = mock.client();
    let blob = sdk_runtime::Blob(vec![0, 159, 146, 150, 255]);
    mock.on_put_blob().respond(output::PutBlobOutput::builder().body(blob.clone()).label("b").build().unwrap()).add();
    let sent = input::PutBlobInput::builder().body(blob.clone()).label("b").build().unwrap();
    assert_eq!(client.send(sent.clone()).await.unwrap().body, Some(blob));
    assert_eq!(mock.calls::<input::PutBlobInput>(), [sent]);

    mock.on_put_text().respond(output::PutTextOutput::builder().body("héllo\n").build().unwrap()).add();
    let sent = input::PutTextInput::builder().body("text ✓").label("t").build().unwrap();
    assert_eq!(client.send(sent.clone()).await.unwrap().body.as_deref(), Some("héllo\n"));
    assert_eq!(mock.calls::<input::PutTextInput>(), [sent]);

    mock.on_put_enum().respond(output::PutEnumOutput::builder().body(types::Mode::Off).build().unwrap()).add();
    let sent = input::PutEnumInput::builder().body(types::Mode::On).build().unwrap();
    assert_eq!(client.send(sent.clone()).await.unwrap().body, Some(types::Mode::Off));
    assert_eq!(mock.calls::<input::PutEnumInput>(), [sent]);

    let record = types::Record::builder().id("r1").count(2).build().unwrap();
    let answer = output::PutStructureOutput::builder().body(record.clone()).build().unwrap();
    mock.on_put_structure().respond(answer).add();
    let sent = input::PutStructureInput::builder().body(record.clone()).build().unwrap();
    assert_eq!(client.send(sent.clone()).await.unwrap().body, Some(record));
    assert_eq!(mock.calls::<input::PutStructureInput>(), [sent]);

    mock.on_put_union().respond(output::PutUnionOutput::builder().body(types::Value::Number(4)).build().unwrap()).add();
    let sent = input::PutUnionInput::builder().body(types::Value::Text("t".to_owned())).build().unwrap();
    assert_eq!(client.send(sent.clone()).await.unwrap().body, Some(types::Value::Number(4)));
    assert_eq!(mock.calls::<input::PutUnionInput>(), [sent]);

    let document = serde_json::json!({"a": [1, "two", null, {"b": false}]});
    let answer = output::PutDocumentOutput::builder().body(document.clone()).build().unwrap();
    mock.on_put_document().respond(answer).add();
    let sent = input::PutDocumentInput::builder().body(serde_json::json!([1.5, "x"])).build().unwrap();
    assert_eq!(client.send(sent.clone()).await.unwrap().body, Some(document));
    assert_eq!(mock.calls::<input::PutDocumentInput>(), [sent]);
    mock.verify().unwrap();
}

/// A `@streaming` payload, uploaded to the server and downloaded from it.
#[tokio::test]
async fn streaming_payloads_round_trip() {
    use fixture_streaming_sdk::{input, output};
    use sdk_runtime::stream::ByteStream;
    let mock = fixture_streaming_sdk::mock::MockServer::start().await.unwrap();
    let big: Vec<u8> = (0..200_000u32).map(|n| (n % 251) as u8).collect();
    let answer = output::GetObjectOutput::builder().body(ByteStream::new(big.clone())).note("n").build().unwrap();
    mock.on_get_object().respond(answer).add();
    let got = mock.client().get_object().key("k").send().await.unwrap();
    assert_eq!(got.note.as_deref(), Some("n"));
    assert_eq!(got.body.collect().await.unwrap().as_ref(), big.as_slice());

    mock.on_put_object().respond(output::PutObjectOutput::builder().size(5i64).build().unwrap()).add();
    let sent =
        input::PutObjectInput::builder().key("k").note("up").body(ByteStream::new(b"hello".to_vec())).build().unwrap();
    assert_eq!(mock.client().send(sent).await.unwrap().size, Some(5));
    let calls = mock.calls::<input::PutObjectInput>();
    assert_eq!((calls[0].key.as_deref(), calls[0].note.as_deref()), (Some("k"), Some("up")));
    mock.verify().unwrap();
}
