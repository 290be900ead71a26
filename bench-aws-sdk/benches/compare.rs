//! The same two calls, `GetUser` and a 100-item `ListUsers` page, made with
//! `wickr-admin-sdk` (ours) and `aws-sdk-wickr` against the same canned server
//! on 127.0.0.1, in one run.
//!
//! Both clients: region us-east-1, static credentials, the endpoint URL of
//! the local server, default retry settings, HTTP/1.1 over a pooled hyper
//! connection with rustls + ring available (the server speaks plain HTTP).
//!
//! Run: `cd bench-aws-sdk && cargo bench`

use std::time::Duration;

use bench_aws_sdk::{NETWORK_ID, PAGE_SIZE, USER_ID, spawn_server};
use criterion::{Criterion, criterion_group, criterion_main};
use tokio::runtime::Runtime;

mod common;
use common::{ours, theirs};

fn runtime() -> Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap()
}

/// Both clients really make the calls and read the same data; a benchmark
/// of a misconfigured client would measure an error path.
fn check(runtime: &Runtime, ours: &wickr_admin_sdk::Client, theirs: &aws_sdk_wickr::Client) {
    runtime.block_on(async {
        let a = ours.get_user().network_id(NETWORK_ID).user_id(USER_ID).send().await.unwrap();
        let b = theirs.get_user().network_id(NETWORK_ID).user_id(USER_ID).send().await.unwrap();
        assert_eq!((a.user_id.as_str(), b.user_id()), (USER_ID, USER_ID));
        assert_eq!(a.security_group_ids.as_deref().map(<[String]>::len), Some(2));
        assert_eq!(b.security_group_ids().len(), 2);
        let a = ours.list_users().network_id(NETWORK_ID).max_results(100).send().await.unwrap();
        let b = theirs.list_users().network_id(NETWORK_ID).max_results(100).send().await.unwrap();
        assert_eq!((a.users.unwrap().len(), b.users().len()), (PAGE_SIZE, PAGE_SIZE));
        assert_eq!((a.next_token.as_deref(), b.next_token()), (Some("page-2"), Some("page-2")));
    });
}

fn compare(c: &mut Criterion) {
    let url = spawn_server();
    let runtime = runtime();
    // Clients are made inside the runtime: their connection pools spawn onto it.
    let (ours, theirs) = runtime.block_on(async { (ours(&url), theirs(&url)) });
    check(&runtime, &ours, &theirs);

    let mut group = c.benchmark_group("GetUser");
    group.bench_function("wickr-admin-sdk", |b| {
        b.iter(|| runtime.block_on(ours.get_user().network_id(NETWORK_ID).user_id(USER_ID).send()).unwrap())
    });
    group.bench_function("aws-sdk-wickr", |b| {
        b.iter(|| runtime.block_on(theirs.get_user().network_id(NETWORK_ID).user_id(USER_ID).send()).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("ListUsers (100 items)");
    group.bench_function("wickr-admin-sdk", |b| {
        b.iter(|| runtime.block_on(ours.list_users().network_id(NETWORK_ID).max_results(100).send()).unwrap())
    });
    group.bench_function("aws-sdk-wickr", |b| {
        b.iter(|| runtime.block_on(theirs.list_users().network_id(NETWORK_ID).max_results(100).send()).unwrap())
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().warm_up_time(Duration::from_secs(2)).measurement_time(Duration::from_secs(8));
    targets = compare
}
criterion_main!(benches);
