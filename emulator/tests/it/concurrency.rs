//! Many clients at once: batches from parallel clients never lose, double
//! or half-apply a change.

use std::collections::BTreeSet;

use sdk_runtime::paginate::TryStreamExt as _;
use wickr_admin_sdk::types::User;

use crate::{client, default_group, emulator, item, network, valid};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_batches_from_many_clients_leave_exact_counts() {
    let emulator = emulator().await;
    let setup = client(&emulator);
    let net = network(&setup, "Busy").await;
    let group = default_group(&setup, &net).await;

    // 8 clients, each 4 batches of 25 new users, all at once; and each also
    // tries to create the same 10 contested usernames.
    let mut tasks = Vec::new();
    for worker in 0..8 {
        let client = client(&emulator);
        let (net, group) = (net.clone(), group.clone());
        tasks.push(tokio::spawn(async move {
            let mut created = Vec::new();
            let mut contested_wins = 0;
            for batch in 0..4 {
                let mut users: Vec<_> =
                    (0..25).map(|i| item(&format!("w{worker}-b{batch}-u{i}@example.com"), &[&group])).collect();
                if batch == 0 {
                    users.extend((0..10).map(|i| item(&format!("contested{i}@example.com"), &[&group])));
                }
                let out = client.batch_create_user().network_id(&net).users(users).send().await.unwrap();
                let out = valid(out);
                for user in out.successful.unwrap() {
                    if user.username.as_deref().unwrap().starts_with("contested") {
                        contested_wins += 1;
                    }
                    created.push(user.user_id.unwrap());
                }
            }
            (created, contested_wins)
        }));
    }
    let mut ids = Vec::new();
    let mut contested = 0;
    for task in tasks {
        let (created, wins) = task.await.unwrap();
        ids.extend(created);
        contested += wins;
    }
    assert_eq!(contested, 10, "each contested username is created exactly once");
    assert_eq!(ids.len(), 8 * 4 * 25 + 10);
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "no id given twice");

    // Now suspend half of them from 8 clients at once while others list.
    let halves: Vec<Vec<String>> = ids.chunks(ids.len().div_ceil(16)).step_by(2).map(<[String]>::to_vec).collect();
    let suspended: usize = halves.iter().map(Vec::len).sum();
    let mut tasks = Vec::new();
    for half in halves {
        let client = client(&emulator);
        let net = net.clone();
        tasks.push(tokio::spawn(async move {
            for chunk in half.chunks(50) {
                let out = client
                    .batch_toggle_user_suspend_status()
                    .network_id(&net)
                    .suspend(true)
                    .user_ids(chunk.to_vec())
                    .send()
                    .await
                    .unwrap();
                assert_eq!(out.successful.unwrap().len(), chunk.len());
            }
            let counts = client.get_users_count().network_id(&net).send().await.unwrap();
            assert_eq!(counts.total, 810, "a count is never seen half-done");
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let counts = setup.get_users_count().network_id(&net).send().await.unwrap();
    assert_eq!((counts.total, counts.pending), (810, 810 - suspended as i32));
    let all: Vec<User> = setup.list_users().network_id(&net).max_results(100).items().try_collect().await.unwrap();
    assert_eq!(all.len(), 810);
    assert_eq!(all.iter().filter(|user| user.suspended == Some(true)).count(), suspended);
}
