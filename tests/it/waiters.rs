//! Waiters (`tests/fixtures/codegen/waiters.json`): `client.wait_until_…()`
//! polling a server on 127.0.0.1 through each kind of acceptor — output
//! paths, input-output paths, error types, `success` — until one ends the
//! wait, or the maximum wait does; and the `wait` commands of its tool.

use std::time::{Duration, Instant};

use fixture_waiters_sdk::Client;
use fixture_waiters_sdk::types::JobStatus;
use sdk_runtime::error::SdkError;
use sdk_runtime::waiter::{WaitSettings, WaiterError};
use sdk_tests::support::{Reply, TestServer, config, run_tool, spawn_server_thread};

fn client(url: &str) -> Client {
    Client::from_conf(config(url).build())
}

/// Short delays, so a test polls in milliseconds; the model's own delays
/// (seconds) are checked by `the_models_delays_never_sleep_past_the_max_wait`.
fn quick(max_wait: Duration) -> WaitSettings {
    WaitSettings::new(max_wait).min_delay(Duration::from_millis(5)).max_delay(Duration::from_millis(20))
}

/// A server that gives these replies in turn, then the last one forever.
async fn replying(replies: &'static [(u16, &'static str)]) -> TestServer {
    TestServer::start(move |_, index| {
        let (status, body) = replies[index.min(replies.len() - 1)];
        Reply::json(status, body)
    })
    .await
}

const NOT_FOUND: (u16, &str) = (404, r#"{"__type": "JobNotFound", "message": "no such job"}"#);
const RUNNING: (u16, &str) = (200, r#"{"id": "j1", "status": "RUNNING"}"#);

#[tokio::test]
async fn a_waiter_retries_on_an_error_and_an_output_until_its_success_acceptor_matches() {
    let server = replying(&[NOT_FOUND, RUNNING, (200, r#"{"id": "j1", "status": "DONE"}"#)]).await;
    let done = client(&server.url())
        .wait_until_job_done()
        .job_id("j1")
        .wait_("w")
        .wait_with(quick(Duration::from_secs(5)))
        .await
        .unwrap();
    assert_eq!(done.attempts(), 3);
    assert_eq!(done.output().and_then(|output| output.status.clone()), Some(JobStatus::Done));
    let received = server.received();
    assert_eq!(received.len(), 3);
    // The member named `wait` keeps its setter beside the builder's `wait`.
    assert!(received.iter().all(|request| request.path() == "/jobs/j1" && request.query() == Some("wait=w")));
}

#[tokio::test]
async fn a_failure_acceptor_ends_the_wait() {
    let server = replying(&[RUNNING, (200, r#"{"id": "j1", "status": "FAILED"}"#), RUNNING]).await;
    let error = client(&server.url()).wait_until_job_done().job_id("j1").wait_with(quick(Duration::from_secs(5))).await;
    let Err(WaiterError::FailureState(last)) = error else { panic!("expected a failure state, got {error:?}") };
    assert_eq!(last.attempts(), 2);
    assert_eq!(last.output().and_then(|output| output.status.clone()), Some(JobStatus::Failed));
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn an_error_no_acceptor_matches_ends_the_wait_with_that_error() {
    let server = replying(&[(403, r#"{"__type": "AccessDenied", "message": "no"}"#), RUNNING]).await;
    let error = client(&server.url()).wait_until_job_done().job_id("j1").wait_with(quick(Duration::from_secs(5))).await;
    let Err(WaiterError::OperationFailed(error)) = error else {
        panic!("expected the operation's error, got {error:?}")
    };
    assert_eq!(error.code(), Some("AccessDenied"));
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn an_invalid_input_is_refused_before_a_request_is_sent() {
    let server = replying(&[RUNNING]).await;
    let error = client(&server.url()).wait_until_job_done().wait_with(quick(Duration::from_secs(5))).await;
    assert!(matches!(error, Err(WaiterError::OperationFailed(SdkError::Validation(_)))), "{error:?}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn the_max_wait_ends_a_wait_that_never_settles() {
    let server = replying(&[RUNNING]).await;
    let started = Instant::now();
    let error =
        client(&server.url()).wait_until_job_done().job_id("j1").wait_with(quick(Duration::from_millis(200))).await;
    let Err(WaiterError::ExceededMaxWait { max_wait, attempts, .. }) = error else {
        panic!("expected the max wait to run out, got {error:?}")
    };
    assert_eq!(max_wait, Duration::from_millis(200));
    // At most one attempt per minimum delay, and more than one.
    assert!((2..=41).contains(&attempts), "{attempts} attempts");
    assert_eq!(server.received().len(), attempts as usize);
    // Far above 200 ms, so a loaded machine cannot fail it; a wait that
    // ignored its maximum would not return at all.
    assert!(started.elapsed() < Duration::from_secs(20), "stopped after {:?}", started.elapsed());
}

#[tokio::test]
async fn the_models_delays_never_sleep_past_the_max_wait() {
    // `JobDone` waits 1 to 4 s. With 1.5 s in all, the first delay is cut to
    // leave the minimum for one more attempt; after that, the minimum is all
    // that is left, so the wait is over.
    let server = replying(&[RUNNING]).await;
    let started = Instant::now();
    let error = client(&server.url()).wait_until_job_done().job_id("j1").wait(Duration::from_millis(1500)).await;
    let Err(WaiterError::ExceededMaxWait { attempts, .. }) = error else { panic!("{error:?}") };
    assert_eq!(attempts, 2);
    // At least the 0.5 s the first delay was cut to; how it is cut is
    // `waiter::delay`'s unit test (an upper bound on wall time would flake).
    assert!(started.elapsed() >= Duration::from_millis(500), "{:?}", started.elapsed());
}

#[tokio::test]
async fn list_comparators_need_every_item_or_any_item_and_an_empty_list_is_not_all() {
    let finished = replying(&[
        (200, r#"{"tasks": [{"state": "FINISHED"}, {"state": "RUNNING"}]}"#),
        (200, r#"{"tasks": []}"#),
        (200, r#"{"tasks": [{"state": "FINISHED"}, {"state": "FINISHED"}]}"#),
    ])
    .await;
    let done = client(&finished.url())
        .wait_until_tasks_finished()
        .job_id("j1")
        .wait_with(quick(Duration::from_secs(5)))
        .await
        .unwrap();
    assert_eq!(done.attempts(), 3);

    let broken = replying(&[(200, r#"{"tasks": [{"state": "FINISHED"}, {"state": "BROKEN"}]}"#)]).await;
    let error =
        client(&broken.url()).wait_until_tasks_finished().job_id("j1").wait_with(quick(Duration::from_secs(5))).await;
    assert!(matches!(error, Err(WaiterError::FailureState(ref last)) if last.attempts() == 1), "{error:?}");
}

#[tokio::test]
async fn input_output_paths_see_the_input_and_the_outputs_member_names() {
    // `jobId` travels as `id`: the path names the member, not the JSON key.
    let ready = replying(&[(200, r#"{"id": "j1", "ready": false}"#), (200, r#"{"id": "j1", "ready": true}"#)]).await;
    let done = client(&ready.url())
        .wait_until_job_ready()
        .job_id("j1")
        .wait_with(quick(Duration::from_secs(5)))
        .await
        .unwrap();
    assert_eq!(done.attempts(), 2);

    // An answer about another job matches the failure acceptor, which comes first.
    let other = replying(&[(200, r#"{"id": "j2", "ready": true}"#)]).await;
    let error = client(&other.url()).wait_until_job_ready().job_id("j1").wait_with(quick(Duration::from_secs(5))).await;
    assert!(matches!(error, Err(WaiterError::FailureState(_))), "{error:?}");
}

#[tokio::test]
async fn success_and_error_type_matchers_wait_for_a_job_to_appear_and_to_go() {
    let appearing = replying(&[NOT_FOUND, NOT_FOUND, RUNNING]).await;
    let exists =
        client(&appearing.url()).wait_until_job_exists().job_id("j1").wait_with(quick(Duration::from_secs(5))).await;
    assert_eq!(exists.unwrap().attempts(), 3);

    // An absolute shape id in `errorType` matches the error's name; the
    // waiter's result is then that error.
    let going = replying(&[RUNNING, NOT_FOUND]).await;
    #[allow(deprecated)]
    let gone = client(&going.url()).wait_until_job_gone().job_id("j1").wait_with(quick(Duration::from_secs(5))).await;
    let gone = gone.unwrap();
    assert_eq!(gone.attempts(), 2);
    assert_eq!(gone.result().err().and_then(|error| error.code()), Some("JobNotFound"));
}

/// The fixture's tool, run in this process, polling a server that gives
/// these replies in turn (then the last one forever).
fn wait_command(replies: &'static [(u16, &'static str)], args: &[&str]) -> (u8, String, String) {
    let url = spawn_server_thread(move |_, index| {
        let (status, body) = replies[index.min(replies.len() - 1)];
        Reply::json(status, body)
    });
    run_tool(&fixture_waiters_sdk::cli::SPEC, &[&["wait"][..], args, &["--endpoint-url", &url]].concat())
}

#[test]
fn the_wait_command_is_silent_and_succeeds_once_the_state_is_reached() {
    // The model's delays: one second before the second attempt.
    let (code, out, err) =
        wait_command(&[RUNNING, (200, r#"{"id": "j1", "status": "DONE"}"#)], &["job-done", "--job-id", "j1"]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
}

#[test]
fn the_wait_command_fails_with_a_message_on_a_failure_state_an_error_or_the_max_wait() {
    let failed = wait_command(&[(200, r#"{"id": "j1", "status": "FAILED"}"#)], &["job-done", "--job-id", "j1"]);
    assert_eq!(failed.0, 1);
    assert_eq!(failed.2, "error: Waiter JobDone failed: a terminal failure state after 1 attempts\n");

    let denied =
        wait_command(&[(403, r#"{"__type": "AccessDenied", "message": "no"}"#)], &["job-exists", "--job-id", "j1"]);
    assert_eq!(denied.0, 1);
    assert!(
        denied.2.starts_with("An error occurred (AccessDenied) when calling the GetJob operation: no"),
        "{}",
        denied.2
    );

    // A max wait no longer than the minimum delay leaves room for one attempt.
    let (code, _, err) = wait_command(&[RUNNING], &["job-done", "--job-id", "j1", "--cli-max-wait", "1"]);
    assert_eq!(code, 1);
    assert_eq!(err, "error: Waiter JobDone failed: --cli-max-wait (1 s) ran out after 1 attempts\n");
}

#[test]
fn the_wait_command_takes_the_operations_flags_and_lists_every_waiter() {
    let (code, _, err) = wait_command(&[RUNNING], &["job-done"]);
    assert_eq!(code, 2);
    assert!(err.contains("jobId") && err.contains("(--job-id)"), "{err}");

    let (code, help, _) = run_tool(&fixture_waiters_sdk::cli::SPEC, &["wait", "--help"]);
    assert_eq!(code, 0);
    for waiter in ["job-done", "job-exists", "job-gone", "job-ready", "tasks-finished"] {
        assert!(help.contains(waiter), "{waiter} is not listed:\n{help}");
    }
    let (_, help, _) = run_tool(&fixture_waiters_sdk::cli::SPEC, &["wait", "job-done", "--help"]);
    assert!(help.contains("--job-id") && help.contains("--cli-max-wait"), "{help}");
    assert!(help.contains("failure when `status` in the output is \"FAILED\""), "{help}");
}
