//! The README's example, as it is there.

use wickr_admin_sdk::types::{AccessLevel, BatchCreateUserRequestItem};
use wickr_emulator::Emulator;

#[tokio::test]
async fn suspended_users_are_not_active() {
    let emulator = Emulator::start().await.unwrap();
    let client = emulator.client();
    let created = client.create_network().network_name("Test").access_level(AccessLevel::Premium).send().await;
    let network = created.unwrap().network_id.unwrap();
    // No security group given: the user goes into the network's default group.
    let ann = BatchCreateUserRequestItem::builder()
        .username("ann@example.com")
        .security_group_ids(Vec::<String>::new())
        .build()
        .unwrap();
    let created = client.batch_create_user().network_id(&network).users(vec![ann]).send().await.unwrap();
    let ann = created.successful.unwrap()[0].user_id.clone().unwrap();

    // What no admin call does: Ann accepts her invitation on her phone.
    emulator.user_signs_in(&network, &ann, "iOS").unwrap();
    let count = || client.get_users_count().network_id(&network).send();
    assert_eq!(count().await.unwrap().active, 1);

    let suspend = client.batch_toggle_user_suspend_status().network_id(&network).suspend(true);
    suspend.user_ids(vec![ann]).send().await.unwrap();
    assert_eq!(count().await.unwrap().active, 0);
    emulator.shutdown().await.unwrap();
}

/// The README's code block that starts with `opening`.
fn readme_block(opening: &str) -> &'static str {
    let readme = include_str!("../../README.md");
    let start = readme.find(opening).unwrap_or_else(|| panic!("the README has a {opening} block")) + opening.len();
    let end = start + readme[start..].find("```").expect("the block ends");
    &readme[start..end]
}

#[test]
fn the_readme_shows_the_example_this_file_runs() {
    let example = readme_block("```rust\n");
    assert!(include_str!("readme.rs").contains(example), "the README's example and tests/it/readme.rs differ");
}

#[tokio::test]
async fn the_readme_seed_file_loads() {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), readme_block("```json\n")).unwrap();
    let emulator = Emulator::builder().seed_file(file.path()).start().await.unwrap();
    let client = emulator.client();
    let count = client.get_users_count().network_id("10000001").send().await.unwrap();
    assert_eq!((count.active, count.pending, count.total), (1, 1, 2));
}
