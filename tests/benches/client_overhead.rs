//! Per-call overhead of the generated client over loopback: `GetUser`, and a
//! `ListUsers` page of 100 users, each answered with canned JSON by a server
//! on 127.0.0.1 running on a thread of its own. What is measured is the
//! client's work per call: validating, serializing, signing, sending over a
//! pooled connection, and reading the response.
//!
//! Run: `cargo bench -p sdk-tests --bench client_overhead`. The same calls
//! next to aws-sdk-wickr: `cd bench-aws-sdk && cargo bench`.

use criterion::{Criterion, criterion_group, criterion_main};
use sdk_tests::support::{self, Reply, spawn_server_thread};
use serde_json::json;
use wickr_admin_sdk::{Client, Config};

const NET: &str = "12345678";

fn list_users_body() -> String {
    let users: Vec<_> = (0..100)
        .map(|i| {
            json!({
                "userId": format!("{}", 2000 + i),
                "firstName": format!("First{i}"),
                "lastName": format!("Last{i}"),
                "username": format!("user{i}@example.com"),
                "isAdmin": i % 10 == 0,
                "suspended": false,
                "status": 2,
                "otpEnabled": true,
                "securityGroups": ["sg1"],
                "uname": format!("hash{i}"),
                "isUser": true,
                "codeValidation": false,
                "isInviteExpired": false,
                "challengeFailures": 0
            })
        })
        .collect();
    json!({"users": users, "nextToken": "page-2"}).to_string()
}

fn client_overhead(c: &mut Criterion) {
    let get_user = json!({
        "userId": "1001", "firstName": "Alice", "lastName": "Liddell", "username": "alice@example.com",
        "isAdmin": false, "suspended": false, "status": 2, "lastActivity": 1_700_000_100,
        "lastLogin": 1_700_000_000, "securityGroupIds": ["sg1", "sg2"]
    })
    .to_string();
    let list_users = list_users_body();
    let url = spawn_server_thread(move |request, _| match request.path() {
        "/networks/12345678/users/1001" => Reply::json(200, &get_user),
        "/networks/12345678/users" => Reply::json(200, &list_users),
        _ => Reply::json(404, r#"{"message":"no such route"}"#),
    });
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    // Default retry settings, as a user would have them (no call here is retried).
    let client = Client::from_conf(
        Config::builder()
            .region(support::REGION)
            .credentials(sdk_runtime::credentials::Credentials::new(
                support::ACCESS_KEY,
                support::SECRET_KEY,
                None,
                None,
            ))
            .endpoint_url(url)
            .build(),
    );

    // Measure the successful path only: fail loudly if the calls do not work.
    runtime.block_on(async {
        let user = client.get_user().network_id(NET).user_id("1001").send().await.unwrap();
        assert_eq!(user.user_id, "1001");
        let page = client.list_users().network_id(NET).max_results(100).send().await.unwrap();
        assert_eq!(page.users.map(|u| u.len()), Some(100));
    });

    c.bench_function("GetUser", |b| {
        b.iter(|| runtime.block_on(client.get_user().network_id(NET).user_id("1001").send()).unwrap())
    });
    c.bench_function("ListUsers (100 items)", |b| {
        b.iter(|| runtime.block_on(client.list_users().network_id(NET).max_results(100).send()).unwrap())
    });
}

criterion_group!(benches, client_overhead);
criterion_main!(benches);
