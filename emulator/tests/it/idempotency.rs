//! Client tokens: a retried call gets the first answer and changes nothing
//! more; the token with another input is refused.

use wickr_admin_sdk::operation::Error;
use wickr_admin_sdk::types::SecurityGroupSettingsRequest;
use wickr_emulator::{Fault, FaultKind};

use crate::{client, default_group, emulator, item, network, service_error, valid};

#[tokio::test]
async fn a_repeated_token_with_the_same_input_gets_the_first_answer() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Idem").await;
    let group = default_group(&client, &net).await;
    let send = || {
        client
            .batch_create_user()
            .network_id(&net)
            .client_token("create-ann-1")
            .users(vec![item("ann@example.com", &[&group])])
            .send()
    };
    let first = valid(send().await.unwrap());
    let again = valid(send().await.unwrap());
    assert_eq!(first, again, "the same answer, the same user id");
    assert!(again.failed.unwrap().is_empty(), "not a 'username taken' failure");
    assert_eq!(client.get_users_count().network_id(&net).send().await.unwrap().total, 1);

    // Another token is another call: now the username is taken.
    let other = client
        .batch_create_user()
        .network_id(&net)
        .client_token("create-ann-2")
        .users(vec![item("ann@example.com", &[&group])])
        .send()
        .await
        .unwrap();
    assert_eq!(other.failed.unwrap().len(), 1);

    // The same token with another input is refused, and does nothing.
    let error = service_error(
        client
            .batch_create_user()
            .network_id(&net)
            .client_token("create-ann-1")
            .users(vec![item("bob@example.com", &[&group])])
            .send()
            .await,
    );
    let Error::BadRequestError(error) = error else { panic!("{error:?}") };
    assert!(error.message.unwrap().contains("create-ann-1"));
    assert_eq!(client.get_users_count().network_id(&net).send().await.unwrap().total, 1);

    // Tokens are per operation; a group created twice with one token is one group.
    let settings = SecurityGroupSettingsRequest::builder().build().unwrap();
    let create = || {
        client
            .create_security_group()
            .network_id(&net)
            .name("Once")
            .client_token("group-1")
            .security_group_settings(settings.clone())
            .send()
    };
    let (a, b) = (create().await.unwrap(), create().await.unwrap());
    assert_eq!(a.security_group.id, b.security_group.id);
    let groups = client.list_security_groups().network_id(&net).send().await.unwrap().security_groups.unwrap();
    assert_eq!(groups.len(), 2, "the default group and one more");

    // A deletion retried after it succeeded answers as the first time did.
    let delete = || client.delete_network().network_id(&net).client_token("bye").send();
    let (first, second) = (delete().await.unwrap(), delete().await.unwrap());
    assert_eq!(first, second);
}

#[tokio::test]
async fn a_call_the_client_retries_after_an_injected_5xx_creates_once() {
    let emulator = emulator().await;
    let client = client(&emulator);
    let net = network(&client, "Retry").await;
    let group = default_group(&client, &net).await;
    emulator.inject(Fault::new("BatchCreateUser", FaultKind::Internal)).unwrap();
    // The generated client fills in one token and sends it with each attempt.
    let out = client.batch_create_user().network_id(&net).users(vec![item("cat@example.com", &[&group])]).send();
    let out = out.await.unwrap();
    assert_eq!(out.successful.unwrap().len(), 1);
    assert_eq!(client.get_users_count().network_id(&net).send().await.unwrap().total, 1);
}
