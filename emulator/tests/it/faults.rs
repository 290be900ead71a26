//! Fault injection: the next N calls answer throttling or a 5xx, calls can
//! be slowed down; armed from Rust, from the control endpoint, or on the
//! command line.

use std::time::{Duration, Instant};

use sdk_runtime::error::SdkError;
use wickr_admin_sdk::operation::Error;
use wickr_emulator::{ControlError, Emulator, Fault, FaultKind};

use crate::{client, emulator, network, raw, service_error};

#[tokio::test]
async fn throttling_for_fewer_calls_than_the_client_retries_is_ridden_out() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Throttled").await;
    emulator.inject(Fault::new("GetNetwork", FaultKind::Throttle).times(2)).unwrap();
    let got = client.get_network().network_id(&net).send().await.unwrap();
    assert_eq!(got.network_id, net, "the third attempt is answered");
    let (_, armed) = raw(emulator.addr(), "GET", "/_emulator/faults", "").await;
    assert_eq!(armed, serde_json::json!({"faults": []}), "both faults fired");
}

#[tokio::test]
async fn throttling_for_longer_is_the_modelled_rate_limit_error() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Throttled").await;
    emulator.inject(Fault::new("ListUsers", FaultKind::Throttle).times(3)).unwrap();
    let error = service_error(client.list_users().network_id(&net).send().await);
    let Error::RateLimitError(error) = error else { panic!("{error:?}") };
    assert_eq!(error.message, "Too many requests sent", "the model's default message");
    // Other operations were not affected, and the next call goes through.
    client.get_users_count().network_id(&net).send().await.unwrap();
    client.list_users().network_id(&net).send().await.unwrap();
}

#[tokio::test]
async fn faults_armed_through_the_control_endpoint_answer_5xx() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Flaky").await;
    let (status, armed) = raw(
        emulator.addr(),
        "POST",
        "/_emulator/faults",
        r#"{"operation": "GetUsersCount", "error": "unavailable", "count": 3}"#,
    )
    .await;
    assert_eq!(status, 200, "{armed}");
    match client.get_users_count().network_id(&net).send().await {
        Err(SdkError::Unmodeled(error)) => {
            assert_eq!(error.code(), Some("ServiceUnavailableException"));
        }
        other => panic!("expected the 503, got {other:?}"),
    }
    // Any operation's next three calls: every attempt the client makes.
    let (status, _) =
        raw(emulator.addr(), "POST", "/_emulator/faults", r#"{"operation": "*", "error": "internal", "count": 3}"#)
            .await;
    assert_eq!(status, 200);
    let error = service_error(client.get_network().network_id(&net).send().await);
    assert!(matches!(error, Error::InternalServerError(_)), "{error:?}");
    client.get_network().network_id(&net).send().await.unwrap();

    // An operation the API does not have is refused.
    let (status, refused) =
        raw(emulator.addr(), "POST", "/_emulator/faults", r#"{"operation": "ListUser", "error": "throttle"}"#).await;
    assert_eq!(status, 400, "{refused}");
    assert!(refused["message"].as_str().unwrap().contains("ListUser"), "{refused}");
    assert!(matches!(
        emulator.inject(Fault::new("Nope", FaultKind::Internal)),
        Err(ControlError::Invalid(message)) if message.contains("Nope")
    ));
}

#[tokio::test]
async fn latency_delays_the_calls_it_is_set_for() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Slow").await;
    let (status, _) =
        raw(emulator.addr(), "PUT", "/_emulator/latency", r#"{"operation": "GetNetwork", "latencyMs": 300}"#).await;
    assert_eq!(status, 200);
    let started = Instant::now();
    client.get_network().network_id(&net).send().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300), "{:?}", started.elapsed());
    emulator.clear_faults();
    let builder =
        Emulator::builder().latency(Duration::from_millis(200)).fault(Fault::any_operation(FaultKind::Throttle));
    let slow = builder.start().await.unwrap();
    let started = Instant::now();
    // The first attempt is throttled, the retry answered; both waited.
    crate::client(&slow).list_networks().send().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(400), "{:?}", started.elapsed());
}
