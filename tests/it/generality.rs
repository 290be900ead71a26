//! What published models use and a first generator did not handle
//! (`tests/fixtures/codegen/generality.json`): inputs without `@input` shared
//! by two operations or nested as data, enums with `length` and `pattern`,
//! maps keyed by enums, ECMA-262 patterns of every kind that needs
//! translating, defaults of every kind, a paginated `@sparse` list. The
//! crate compiles in CI; here its validators and client run.

use std::collections::BTreeMap;

use fixture_generality_sdk::input::PutPatternsInput;
use fixture_generality_sdk::types::{Color, Defaults, Level, Shape, Thing};
use fixture_generality_sdk::{Client, Config, Validate};
use sdk_runtime::credentials::Credentials;
use sdk_runtime::paginate::TryStreamExt;
use sdk_tests::support::{ACCESS_KEY, REGION, Reply, SECRET_KEY, TestServer};

fn client(url: &str) -> Client {
    Client::from_conf(
        Config::builder()
            .region(REGION)
            .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None, None))
            .endpoint_url(url)
            .build(),
    )
}

/// The violations of an input, as `path: message` lines.
fn violations(input: &PutPatternsInput) -> Vec<String> {
    match input.validate() {
        Ok(()) => Vec::new(),
        Err(error) => error.violations().iter().map(ToString::to_string).collect(),
    }
}

/// Whether `value` passes the pattern of member `member` (set through `set`).
fn passes(set: impl Fn(&mut PutPatternsInput, String), value: &str) -> bool {
    let mut input = PutPatternsInput::default();
    set(&mut input, value.to_owned());
    violations(&input).is_empty()
}

#[test]
fn ecma_patterns_are_checked_with_their_own_meaning() {
    let tag = |i: &mut PutPatternsInput, v| i.tag_key = Some(v);
    assert!(passes(tag, "team:a+b=c") && !passes(tag, "aws:reserved"), "a negative look-ahead");
    let guid = |i: &mut PutPatternsInput, v| i.guid = Some(v);
    assert!(passes(guid, "01ab23CD-ef45") && !passes(guid, "01ab23CG-ef45"), "\\p{{XDigit}}");
    let printable = |i: &mut PutPatternsInput, v| i.printable = Some(v);
    assert!(passes(printable, "a b!~") && !passes(printable, "tab\there"), "\\p{{Graph}} and a space");
    let range = |i: &mut PutPatternsInput, v| i.plus_to_equals = Some(v);
    assert!(passes(range, "+,-./09:;<=") && !passes(range, "a"), "the class range + to =");
    let token = |i: &mut PutPatternsInput, v| i.token = Some(v);
    assert!(passes(token, &"x".repeat(8192)) && !passes(token, &"x".repeat(8193)) && !passes(token, "a b"));
    let words = |i: &mut PutPatternsInput, v| i.words = Some(v);
    assert!(passes(words, "a-b c_d") && !passes(words, "a.b"), "a dash beside \\w");
    let multiline = |i: &mut PutPatternsInput, v| i.multiline = Some(v);
    assert!(passes(multiline, "line\nline"), "(?s)");
    let ascii = |i: &mut PutPatternsInput, v| i.ascii = Some(v);
    assert!(passes(ascii, "2026") && !passes(ascii, "٢٠٢٦"), "ECMA-262's \\d is ASCII");
    let xml = |i: &mut PutPatternsInput, v| i.xml = Some(v);
    assert!(passes(xml, "tab\t, emoji 😀") && !passes(xml, "bell\u{7}"), "surrogate pairs as code points");
    // Untranslatable, so unchecked (with a warning at codegen); matches everything, so dropped.
    assert!(passes(|i, v| i.lone_surrogate = Some(v), "anything"));
    assert!(passes(|i, v| i.anything = Some(v), "anything\n at all"));
}

#[test]
fn the_untranslatable_pattern_is_a_warning_naming_its_shape() {
    let path = sdk_tests::workspace_root().join("tests/fixtures/codegen/generality.json");
    let text = std::fs::read_to_string(path).unwrap();
    let ir = codegen::ir::build_from_str(&text, &codegen::Config::example()).unwrap();
    let warnings: Vec<String> = ir.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].starts_with("example.generality#LoneSurrogate: pattern `^\\uD800$` is not checked"));
}

#[test]
fn enums_take_length_and_pattern_and_key_maps() {
    let input = PutPatternsInput::builder()
        .color(Color::from("purple"))
        .by_color(BTreeMap::from([(Color::Red, 1), (Color::from("BLUE"), 2)]))
        .build()
        .unwrap();
    assert_eq!(
        violations(&input),
        ["byColor[\"BLUE\"]: does not match the pattern `^[a-z]+$`", "color: length 6 is not between 3 and 5",]
    );
    let json = serde_json::to_value(&input).unwrap();
    assert_eq!(json["byColor"], serde_json::json!({"red": 1, "BLUE": 2}));
}

#[test]
fn defaults_of_every_kind_and_a_boxed_union_variant() {
    let defaults = Defaults::builder().build().unwrap();
    assert_eq!(defaults.color, Color::Red);
    assert_eq!(defaults.level, Level::High);
    assert_eq!((defaults.ratio, defaults.count, defaults.flag), (1.0, 7, true));
    assert!(defaults.names.is_empty());
    assert_eq!(defaults.when, None, "a timestamp default has no Rust form: the field stays an Option");
    let shape = Shape::Thing(Box::new(Thing::builder().name("t").build().unwrap()));
    assert_eq!(serde_json::to_value(&shape).unwrap(), serde_json::json!({"thing": {"name": "t"}}));
}

#[tokio::test]
async fn a_shared_input_serves_both_operations_and_a_nested_input_stays_data() {
    let server = TestServer::start(|request, _| match request.path() {
        "/describe" => Reply::json(200, r#"{"thing": {"name": "n", "parent": {"name": "p"}}}"#),
        _ => Reply::json(200, r#"{"names": ["a"], "nextToken": "t"}"#),
    })
    .await;
    let client = client(&server.url());
    let alpha = client.list_alpha().limit(5).send().await.unwrap();
    let beta = client.list_beta().limit(6).next_token("t").send().await.unwrap();
    assert_eq!((alpha.names.as_deref(), beta.next_token.as_deref()), (Some(&["a".to_owned()][..]), Some("t")));
    // The original input was nested data too: its copy is the operation's.
    let described = client.describe().name("n").parent(Thing::builder().name("p").build().unwrap()).send().await;
    let thing = described.unwrap().thing.unwrap();
    assert_eq!(thing.parent.map(|parent| parent.name).as_deref(), Some("p"));
    let missing = client.list_beta().send().await.unwrap_err();
    assert!(missing.to_string().contains("limit: is required"), "{missing}");

    let received = server.received();
    let targets: Vec<(&str, Option<&str>)> = received.iter().map(|r| (r.path(), r.query())).collect();
    assert_eq!(
        targets,
        [("/alpha", Some("limit=5")), ("/beta/", Some("limit=6&nextToken=t")), ("/describe", None)],
        "the trailing slash of `/beta/` is kept; nothing is sent without `limit`"
    );
}

/// Smithy 1.0's `@enum` strings (`tests/fixtures/codegen/enums.json`) are
/// read as `enum` shapes: named entries keep their names, unnamed ones get
/// names made from their values (two that collide both kept), deprecated
/// entries are marked.
#[test]
fn enum_trait_strings_are_enum_shapes() {
    let text = std::fs::read_to_string(sdk_tests::workspace_root().join("tests/fixtures/codegen/enums.json")).unwrap();
    let ir = codegen::ir::build_from_str(&text, &codegen::Config::example()).unwrap();
    let values = |name: &str| {
        let shape = ir.shapes.values().find(|shape| shape.id.name() == name).expect("the shape is in the IR");
        let codegen::ir::ShapeKind::Enum(values) = &shape.kind else {
            panic!("{name} is not an enum: {:?}", shape.kind)
        };
        values
            .iter()
            .map(|v| (v.name.clone(), v.value.as_str().unwrap().to_owned(), v.deprecated.is_some()))
            .collect::<Vec<_>>()
    };
    let owned = |rows: &[(&str, &str, bool)]| {
        rows.iter().map(|(n, v, d)| (n.to_string(), v.to_string(), *d)).collect::<Vec<_>>()
    };
    assert_eq!(
        values("Size"),
        owned(&[("M1_SMALL", "m1.small", true), ("M5_LARGE", "m5.large", false), ("T2_MICRO", "t2.micro", false)])
    );
    assert_eq!(
        values("Tier"),
        owned(&[("FREE", "free", false), ("PRO_PLUS", "pro-plus", false), ("PRO_PLUS_2", "pro.plus", false)])
    );
}

/// A paginator over a `@sparse` list yields its items as `Option`s, nulls
/// included, page after page.
#[tokio::test]
async fn a_sparse_items_list_pages_as_options() {
    let server = TestServer::start(|request, _| match request.query_param("nextToken") {
        None => Reply::json(200, r#"{"names": ["a", null], "nextToken": "2"}"#),
        Some(_) => Reply::json(200, r#"{"names": [null, "b"]}"#),
    })
    .await;
    let items: Vec<Option<String>> = client(&server.url()).list_sparse().items().try_collect().await.unwrap();
    assert_eq!(items, [Some("a".to_owned()), None, None, Some("b".to_owned())]);
    assert_eq!(server.received().len(), 2);
}

/// Answers every operation with the `501` its trait defaults give: a request
/// that reaches a handler says so by that status.
struct NoHandlers;

impl fixture_generality_sdk::server::Service for NoHandlers {}

/// A model's validation error may have neither a `message` member nor a
/// list of fields (some published models have only headers and an
/// `exceptionMessage`): the server still answers an input that breaks a
/// pattern with that modelled error, typed by its name, and the handler is
/// never called.
#[tokio::test]
async fn a_validation_error_without_message_members_is_still_the_modelled_answer() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = fixture_generality_sdk::server::serve_local(NoHandlers).await.unwrap();
    let body = r#"{"tagKey":"aws:reserved"}"#;
    let request = format!(
        "POST /patterns HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(server.addr()).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    tokio::time::timeout(std::time::Duration::from_secs(5), stream.read_to_string(&mut response))
        .await
        .expect("the server answers within 5 s")
        .unwrap();
    let head = response.split("\r\n\r\n").next().unwrap().to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 400"), "{response}");
    assert!(head.contains("x-amzn-errortype: validationexception"), "{response}");
}
