//! The emulator's tests, one binary: scenarios driven through the
//! generated client, tool and the real `wickr-emulator` binary, all over
//! HTTP on 127.0.0.1 with short timeouts.

mod cli;
mod concurrency;
mod errors;
mod faults;
mod guests_and_bots;
mod idempotency;
mod lifecycle;
mod outputs;
mod paging;
mod persistence;
mod readme;
mod security_groups;
mod settings;
mod users;

use std::fmt::Debug;
use std::time::Duration;

use sdk_runtime::error::SdkError;
use sdk_runtime::validation::Validate;
use wickr_admin_sdk::Client;
use wickr_admin_sdk::types::{AccessLevel, BatchCreateUserRequestItem, User};
use wickr_emulator::Emulator;

/// An emulator with no networks.
pub async fn emulator() -> Emulator {
    Emulator::start().await.expect("the emulator starts")
}

/// A client of `emulator` that gives up quickly.
pub fn client(emulator: &Emulator) -> Client {
    Client::from_conf(
        emulator
            .config()
            .connect_timeout(Some(Duration::from_secs(2)))
            .read_timeout(Some(Duration::from_secs(10)))
            .build(),
    )
}

/// A new premium network's id.
pub async fn network(client: &Client, name: &str) -> String {
    let created = client.create_network().network_name(name).access_level(AccessLevel::Premium).send().await.unwrap();
    valid(created).network_id.expect("a network id")
}

/// The id of a network's default security group.
pub async fn default_group(client: &Client, network: &str) -> String {
    let groups = client.list_security_groups().network_id(network).send().await.unwrap();
    let groups = valid(groups).security_groups.unwrap_or_default();
    groups.into_iter().find(|group| group.is_default).expect("a default group").id
}

/// A user to create: `username`, in `groups`.
pub fn item(username: &str, groups: &[&str]) -> BatchCreateUserRequestItem {
    BatchCreateUserRequestItem::builder()
        .username(username)
        .first_name(format!("First {username}"))
        .last_name(format!("Last {username}"))
        .security_group_ids(groups.iter().map(|group| (*group).to_owned()).collect::<Vec<_>>())
        .build()
        .unwrap()
}

/// Creates the users `names` in `group`, 50 a call; the users created.
pub async fn create_users(client: &Client, network: &str, group: &str, names: &[String]) -> Vec<User> {
    let mut created = Vec::new();
    for batch in names.chunks(50) {
        let items = batch.iter().map(|name| item(name, &[group])).collect::<Vec<_>>();
        let out = client.batch_create_user().network_id(network).users(items).send().await.unwrap();
        let out = valid(out);
        assert_eq!(out.failed.as_deref().map(<[_]>::len), Some(0), "{out:?}");
        created.extend(out.successful.unwrap_or_default());
    }
    created
}

/// `value`, after checking it against every constraint of the model (the
/// generated validators): what the emulator returns must pass them.
#[track_caller]
pub fn valid<T: Validate + Debug>(value: T) -> T {
    if let Err(violations) = value.validate() {
        panic!("the emulator returned a value the model forbids: {violations}\n{value:?}");
    }
    value
}

/// The service's error of a failed call.
#[track_caller]
pub fn service_error<E: Debug + Clone, T: Debug>(result: Result<T, SdkError<E>>) -> E {
    match result {
        Err(error) => match error.as_service_error() {
            Some(error) => error.clone(),
            None => panic!("not a service error: {error:?}"),
        },
        Ok(value) => panic!("the call succeeded: {value:?}"),
    }
}

/// The `field`s of a validation error's reasons.
pub fn reason_fields(error: &wickr_admin_sdk::error::ValidationError) -> Vec<String> {
    error.reasons.iter().flatten().filter_map(|reason| reason.field.clone()).collect()
}

/// `n` usernames with `prefix`.
pub fn names(prefix: &str, n: usize) -> Vec<String> {
    (0..n).map(|i| format!("{prefix}{i:03}@example.com")).collect()
}

/// Sends `method path` with a JSON `body` to the emulator at `addr` over a
/// plain HTTP/1.1 connection (the control endpoints are not part of the
/// API, so no client has them): the status and the JSON answer.
pub async fn raw(addr: std::net::SocketAddr, method: &str, path: &str, body: &str) -> (u16, serde_json::Value) {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).await.unwrap();
        response
    };
    let response = tokio::time::timeout(Duration::from_secs(10), exchange).await.expect("an answer in time");
    let text = String::from_utf8_lossy(&response);
    let status = text.split(' ').nth(1).and_then(|code| code.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, body)| body).unwrap_or_default();
    (status, serde_json::from_str(body).unwrap_or(serde_json::Value::Null))
}
