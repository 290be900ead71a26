//! The paginator driving a real operation against a local server.

use std::time::Duration;

use sdk_runtime::client::{Handle, OperationInfo, ServiceInfo};
use sdk_runtime::config::Config;
use sdk_runtime::credentials::Credentials;
use sdk_runtime::error::SdkError;
use sdk_runtime::http::{HttpRequest, Method};
use sdk_runtime::paginate::{Stream, StreamExt, items, pages};
use sdk_runtime::protocol::error_from_response;
use sdk_runtime::retry::RetryConfig;
use test_support::{Reply, TestServer};

const LIST_USERS: OperationInfo = OperationInfo::new("ListUsers");

#[derive(Clone, Debug, Default)]
struct ListUsersInput {
    network_id: String,
    next_token: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ListUsersOutput {
    users: Vec<u32>,
    next_token: Option<String>,
}

fn handle(url: String) -> Handle {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None, None))
        .endpoint_url(url)
        .retry(RetryConfig::standard().with_initial_backoff(Duration::ZERO))
        .build();
    // A rule set that returns the configured endpoint, to keep this test about paging.
    let rules = r#"{"version":"1.0","parameters":{"Endpoint":{"type":"string","builtIn":"SDK::Endpoint"}},
        "rules":[{"type":"endpoint","conditions":[],"endpoint":{"url":{"ref":"Endpoint"}}}]}"#;
    Handle::new(
        config,
        ServiceInfo {
            sdk_id: "Wickr",
            signing_name: "wickr",
            endpoint_rule_set_json: rules,
            api_version: "x",
            protocol: &sdk_runtime::protocol::RestJson1,
        },
    )
}

/// What a generated `list_users` would do for one page.
async fn list_users(handle: Handle, input: ListUsersInput) -> Result<ListUsersOutput, SdkError<()>> {
    let mut request =
        HttpRequest::new(Method::GET, format!("/networks/{}/users", input.network_id)).query("maxResults", "2");
    if let Some(token) = &input.next_token {
        request = request.query("nextToken", token.clone());
    }
    let response = handle.send(&LIST_USERS, request).await?;
    if !response.is_success() {
        return Err(error_from_response(&sdk_runtime::protocol::RestJson1, &response, |_, _| None));
    }
    Ok(response.json()?)
}

fn user_pages(handle: &Handle) -> impl Stream<Item = Result<ListUsersOutput, SdkError<()>>> {
    let handle = handle.clone();
    pages(
        ListUsersInput { network_id: "n1".into(), next_token: None },
        move |input| list_users(handle.clone(), input),
        |output: &ListUsersOutput| output.next_token.clone(),
        |input: &mut ListUsersInput, token| input.next_token = token,
    )
}

fn token_of(query: Option<&str>) -> Option<String> {
    query?.split('&').find_map(|p| p.strip_prefix("nextToken=")).map(str::to_owned)
}

#[tokio::test]
async fn three_pages_yield_every_item_once() {
    let server = TestServer::start(|request, _| match token_of(request.query()).as_deref() {
        None => Reply::json(200, r#"{"users":[1,2],"nextToken":"page2"}"#),
        Some("page2") => Reply::json(200, r#"{"users":[3,4],"nextToken":"page3"}"#),
        Some("page3") => Reply::json(200, r#"{"users":[5],"nextToken":""}"#),
        Some(_) => Reply::json(400, r#"{"__type":"ValidationError"}"#),
    })
    .await;
    let handle = handle(server.url());
    let all: Vec<u32> = items(user_pages(&handle), |page| page.users).map(Result::unwrap).collect().await;
    assert_eq!(all, [1, 2, 3, 4, 5]);
    let tokens: Vec<Option<String>> = server.received().iter().map(|r| token_of(r.query())).collect();
    assert_eq!(tokens, [None, Some("page2".into()), Some("page3".into())]);
}

#[tokio::test]
async fn a_repeated_token_is_an_error_after_its_page() {
    let server = TestServer::start(|request, _| match token_of(request.query()).as_deref() {
        None => Reply::json(200, r#"{"users":[1],"nextToken":"same"}"#),
        _ => Reply::json(200, r#"{"users":[2],"nextToken":"same"}"#),
    })
    .await;
    let handle = handle(server.url());
    let results: Vec<_> = items(user_pages(&handle), |page| page.users).collect().await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert_eq!((results[0].as_ref().unwrap(), results[1].as_ref().unwrap()), (&1, &2));
    let Err(SdkError::Pagination(e)) = &results[2] else { panic!("{:?}", results[2]) };
    assert_eq!(e.to_string(), "The same next token was received twice: same");
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn tokens_that_cycle_are_an_error() {
    // A → B → A would page forever.
    let server = TestServer::start(|request, _| match token_of(request.query()).as_deref() {
        None | Some("B") => Reply::json(200, r#"{"users":[1],"nextToken":"A"}"#),
        _ => Reply::json(200, r#"{"users":[2],"nextToken":"B"}"#),
    })
    .await;
    let handle = handle(server.url());
    let results: Vec<_> = user_pages(&handle).collect().await;
    assert!(matches!(results.last(), Some(Err(SdkError::Pagination(_)))), "{results:?}");
    let tokens: Vec<Option<String>> = server.received().iter().map(|r| token_of(r.query())).collect();
    assert_eq!(tokens, [None, Some("A".into()), Some("B".into())]);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_being_yielded() {
    let server = TestServer::start(|request, _| match token_of(request.query()).as_deref() {
        None => Reply::json(200, r#"{"users":[1],"nextToken":"p2"}"#),
        _ => Reply::json(404, r#"{"__type":"ResourceNotFoundError","message":"gone"}"#),
    })
    .await;
    let handle = handle(server.url());
    let results: Vec<Result<u32, SdkError<()>>> = items(user_pages(&handle), |page| page.users).collect().await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap(), &1);
    let Err(SdkError::Unmodeled(e)) = &results[1] else { panic!("{:?}", results[1]) };
    assert_eq!(e.code(), Some("ResourceNotFoundError"));
    assert_eq!(server.received().len(), 2);
}
