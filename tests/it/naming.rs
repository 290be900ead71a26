//! The naming obstacle course (`tests/fixtures/codegen/naming.json`): members,
//! shapes and operations named like what the generated code defines or uses.
//! Its crate compiles in CI; here its client sends requests over 127.0.0.1,
//! each member arriving under its own wire name.

use fixture_naming_sdk::types::{Choice, Unknown, User, UserBuilder, UserBuilder2};
use fixture_naming_sdk::{Client, Config};
use sdk_runtime::credentials::Credentials;
use sdk_runtime::paginate::TryStreamExt;
use sdk_tests::support::{ACCESS_KEY, REGION, Reply, SECRET_KEY, TestServer};
use serde_json::{Value, json};

fn client(url: &str) -> Client {
    Client::from_conf(
        Config::builder()
            .region(REGION)
            .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None))
            .endpoint_url(url)
            .build(),
    )
}

#[tokio::test]
async fn members_named_like_builder_methods_keywords_and_each_other_reach_the_wire() {
    let server = TestServer::start(|_, _| {
        Reply::json(200, r#"{"user": {"name": "back", "self": "me"}, "type": "t", "error": {"code": "E1"}}"#)
    })
    .await;
    // `build` and `self` on the user's builder are members; `build_` and
    // `self_` are their setters because `build` is the builder's own.
    let user = User::builder()
        .name("ada")
        .build_("b")
        .builder("bb")
        .set_name("sn")
        .self_("s")
        .default_("d")
        .validate("v")
        .build()
        .unwrap();
    // A builder's `default()` is still `Default::default`, though a member is called `default`.
    assert_eq!(UserBuilder2::default(), User::builder());
    let output = client(&server.url())
        .put_user()
        .self_("me")
        .send_("send")
        .build_("build")
        .builder("builder")
        .items_("items")
        .into_paginator_("into")
        .config("config")
        .customize_("customize")
        .r#type("type")
        .foo("foo")
        .set_foo_2("setFoo")
        .set_foo("set_foo")
        .region("eu-west-1")
        .paginate(true)
        .user(user)
        .user_builder(UserBuilder::builder().build().unwrap())
        .kind(Unknown::UnknownValue)
        .choice(Choice::SelfValue(7))
        .default_("default")
        .validate("validate")
        .view("view")
        .zero("zero")
        .eq_("eq")
        .clone_("clone")
        .try_from("try_from")
        .into_future("into_future")
        .send()
        .await
        .unwrap();

    let received = server.received();
    assert_eq!(received[0].path(), "/users/me");
    let body: Value = serde_json::from_slice(&received[0].body).unwrap();
    assert_eq!(
        body,
        json!({
            "send": "send", "build": "build", "builder": "builder", "items": "items", "into_paginator": "into",
            "config": "config", "customize": "customize", "type": "type",
            "foo": "foo", "setFoo": "setFoo", "set_foo": "set_foo", "region": "eu-west-1", "paginate": true,
            "user": {"name": "ada", "build": "b", "builder": "bb", "set_name": "sn", "self": "s", "default": "d",
                "validate": "v"},
            "userBuilder": {}, "kind": "unknown", "choice": {"self": 7},
            "default": "default", "validate": "validate", "view": "view", "zero": "zero", "eq": "eq",
            "clone": "clone", "try_from": "try_from", "into_future": "into_future"
        })
    );
    assert_eq!(output.r#type.as_deref(), Some("t"));
    assert_eq!(output.user.as_ref().map(|user| user.self_.as_deref()), Some(Some("me")));
    assert_eq!(output.error.and_then(|error| error.code).as_deref(), Some("E1"));
}

#[tokio::test]
async fn operations_named_config_and_send_and_paginators_beside_members_named_like_them() {
    let server = TestServer::start(|request, _| match request.path() {
        "/config" => Reply::json(200, r#"{"config": {"region": "r"}, "client": {"handle": "h"}}"#),
        "/send" => Reply::json(200, r#"{"option": {"some": "x"}, "box": {"size": 3}}"#),
        _ if request.query_param("next").is_none() => Reply::json(200, r#"{"items": [{"name": "a"}], "next": "2"}"#),
        _ => Reply::json(200, r#"{"items": [{"name": "b"}]}"#),
    })
    .await;
    let client = client(&server.url());
    let config = client.config_().send().await.unwrap();
    assert_eq!(config.config.and_then(|config| config.region).as_deref(), Some("r"));
    assert_eq!(config.client.and_then(|client| client.handle).as_deref(), Some("h"));
    // The client's own `config()` is still there.
    assert_eq!(client.config().region(), Some(REGION));

    let sent = client.send_().send_("s").send().await.unwrap();
    assert_eq!(sent.option.and_then(|option| option.some).as_deref(), Some("x"));
    assert_eq!(sent.r#box.and_then(|boxed| boxed.size), Some(3));

    let names: Vec<String> =
        client.list_items().send_(1).items_("i").items().map_ok(|user| user.name).try_collect().await.unwrap();
    assert_eq!(names, ["a", "b"]);
    let received = server.received();
    let pages: Vec<_> = received.iter().filter(|r| r.path() == "/items").collect();
    assert_eq!(pages[0].query_param("send").as_deref(), Some("1"));
    assert_eq!(pages[0].query_param("items").as_deref(), Some("i"));
    assert_eq!(pages[1].query_param("next").as_deref(), Some("2"));
}

#[test]
fn flags_named_like_global_options_are_renamed_in_the_cli_table() {
    let spec = &fixture_naming_sdk::cli::SPEC;
    let put_user = spec.operations.iter().find(|op| op.name == "PutUser").unwrap();
    let flag = |member: &str| put_user.members.iter().find(|m| m.name == member).unwrap().flag;
    assert_eq!(flag("region"), "input-region");
    assert_eq!(flag("paginate"), "input-paginate");
    assert_eq!(flag("send"), "send");
    assert_eq!(flag("setFoo"), "set-foo");
    assert_eq!(flag("set_foo"), "set-foo-2");
    let commands: Vec<&str> = spec.operations.iter().map(|op| op.command).collect();
    assert_eq!(commands, ["config", "list-items", "put-user", "send"]);
}

#[test]
fn the_generator_reserves_every_global_option_the_cli_defines() {
    for flag in sdk_runtime::cli::GLOBAL_FLAGS {
        assert!(codegen::symbols::CLI_GLOBAL_FLAGS.contains(&flag), "--{flag} is not reserved by codegen::symbols");
    }
}
