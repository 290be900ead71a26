//! The fixture crates of unions, documents, lists and maps, blobs,
//! timestamps and recursive shapes, run: each value goes through the
//! generated client to a server on 127.0.0.1, which answers with what it
//! received, and comes back equal; the JSON on the wire is the model's.

use std::collections::BTreeMap;

use sdk_runtime::error::SdkError;
use sdk_runtime::{Blob, DateTime, Document};
use sdk_tests::support::{Reply, TestServer, config};
use serde_json::{Value, json};

/// A server that answers every request with its JSON body.
async fn echo() -> TestServer {
    TestServer::start(|request, _| Reply::json(200, &String::from_utf8_lossy(&request.body))).await
}

/// The JSON body of the only request `server` received.
fn sent(server: &TestServer) -> Value {
    let received = server.received();
    assert_eq!(received.len(), 1, "one request");
    serde_json::from_slice(&received[0].body).expect("a JSON body")
}

#[tokio::test]
async fn every_union_variant_goes_out_and_back() {
    use fixture_union_sdk::Client;
    use fixture_union_sdk::types::Shape;
    let cases = [
        (Shape::Circle(2.5), json!({"circle": 2.5})),
        (Shape::Square(f64::INFINITY), json!({"square": "Infinity"})),
        (Shape::Label("secret label".to_owned()), json!({"label": "secret label"})),
        (Shape::Empty(Default::default()), json!({"empty": {}})),
    ];
    for (shape, wire) in cases {
        let server = echo().await;
        let output = Client::from_conf(config(&server.url()).build()).put_thing().shape(shape.clone()).send().await;
        assert_eq!(sent(&server), json!({ "shape": wire }));
        assert_eq!(output.unwrap().shape, Some(shape));
    }
    // A member a newer service sends reads as `Unknown`, not as an error.
    let server = TestServer::start(|_, _| Reply::json(200, r#"{"shape": {"hexagon": 6}}"#)).await;
    let output = Client::from_conf(config(&server.url()).build()).put_thing().send().await.unwrap();
    assert_eq!(output.shape, Some(Shape::Unknown));
    // A constrained variant is checked before anything is sent.
    let server = echo().await;
    let error = Client::from_conf(config(&server.url()).build()).put_thing().shape(Shape::Square(-1.0)).send().await;
    let error = error.unwrap_err();
    assert!(matches!(error, SdkError::Validation(_)), "{error:?}");
    assert!(error.to_string().contains("shape.square"), "{error}");
    assert!(server.received().is_empty());
    // The sensitive variant is redacted in `Debug`, as generated.
    let shown = format!("{:?}", Shape::Label("secret label".to_owned()));
    assert!(!shown.contains("secret label") && shown.contains("Redacted"), "{shown}");
}

#[tokio::test]
async fn documents_of_every_json_kind_go_out_and_back() {
    use fixture_documents_sdk::Client;
    use fixture_documents_sdk::types::Holder;
    let document = json!({"null": null, "bool": true, "int": -7, "float": 0.5, "text": "é\"\n",
        "list": [1, "two", null, [3]], "object": {"nested": {"deep": []}}});
    // The service puts what it received under its output's names.
    let server = TestServer::start(|request, _| {
        let input: Value = serde_json::from_slice(&request.body).unwrap();
        let output = json!({"echo": input["document"], "documents": input["documents"],
            "byName": input["byName"], "holders": [input["holder"]]});
        Reply::json(200, &output.to_string())
    })
    .await;
    let holder = Holder::builder().inner(json!([{"a": 1}])).note("n").build().unwrap();
    let by_name = BTreeMap::from([("one".to_owned(), json!(1)), ("many".to_owned(), json!({"k": [true]}))]);
    let documents: Vec<Document> = vec![json!(null), json!("s"), json!({})];
    let output = Client::from_conf(config(&server.url()).build())
        .put_documents()
        .document(document.clone())
        .documents(documents.clone())
        .by_name(by_name.clone())
        .holder(holder.clone())
        .required(json!(false))
        .send()
        .await
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<Value>(&server.received()[0].body).unwrap(),
        json!({"document": document, "documents": documents, "byName": by_name,
            "holder": {"inner": [{"a": 1}], "note": "n"}, "required": false})
    );
    assert_eq!(output.echo, Some(document));
    assert_eq!(output.documents, Some(documents));
    assert_eq!(output.by_name, Some(by_name));
    assert_eq!(output.holders, Some(vec![holder]));
}

#[tokio::test]
async fn lists_and_maps_go_out_and_back_and_dense_nulls_are_dropped() {
    use fixture_collections_sdk::Client;
    let server = echo().await;
    let tags = BTreeMap::from([("k".to_owned(), "v".to_owned()), ("ü key".to_owned(), String::new())]);
    let nested = BTreeMap::from([("a".to_owned(), vec!["x".to_owned(), "y".to_owned()]), ("b".to_owned(), vec![])]);
    let sparse_tags = BTreeMap::from([("set".to_owned(), Some("v".to_owned())), ("null".to_owned(), None)]);
    let output = Client::from_conf(config(&server.url()).build())
        .put_thing()
        .names(vec!["a".to_owned(), "a".to_owned()])
        .sparse(vec![Some("s".to_owned()), None])
        .tags(tags.clone())
        .nested(nested.clone())
        .sparse_tags(sparse_tags.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(
        sent(&server),
        json!({"names": ["a", "a"], "sparse": ["s", null], "tags": {"k": "v", "ü key": ""},
            "nested": {"a": ["x", "y"], "b": []}, "sparseTags": {"set": "v", "null": null}})
    );
    assert_eq!(output.names.as_deref(), Some(&["a".to_owned(), "a".to_owned()][..]));
    assert_eq!(output.sparse, Some(vec![Some("s".to_owned()), None]));
    assert_eq!((output.tags, output.nested, output.sparse_tags), (Some(tags), Some(nested), Some(sparse_tags)));

    // A null in a dense map is dropped; a sparse map keeps it.
    let server = TestServer::start(|_, _| {
        Reply::json(200, r#"{"tags": {"k": null, "j": "v"}, "nested": {"a": null}, "sparseTags": {"n": null}}"#)
    })
    .await;
    let output = Client::from_conf(config(&server.url()).build()).put_thing().send().await.unwrap();
    assert_eq!(output.tags, Some(BTreeMap::from([("j".to_owned(), "v".to_owned())])));
    assert_eq!(output.nested, Some(BTreeMap::new()));
    assert_eq!(output.sparse_tags, Some(BTreeMap::from([("n".to_owned(), None)])));
}

#[tokio::test]
async fn a_blob_payload_goes_out_and_back_byte_for_byte() {
    use fixture_payloads_sdk::Client;
    // Not UTF-8, with a NUL: bytes, never text.
    let bytes = vec![0x00, 0xff, 0xfe, b'a', 0x80, b'\n'];
    let server = TestServer::start(|request, _| {
        Reply::bytes(200, "application/octet-stream", request.body.clone())
            .with_header("X-Label", request.header("x-label").unwrap_or_default())
    })
    .await;
    let client = Client::from_conf(config(&server.url()).build());
    let output = client.put_blob().body(Blob(bytes.clone())).label("l").send().await.unwrap();
    let received = &server.received()[0];
    assert_eq!(received.body, bytes);
    assert_eq!(received.header("content-type"), Some("application/octet-stream"));
    assert_eq!(output.body, Some(Blob(bytes)));
    assert_eq!(output.label.as_deref(), Some("l"));
    // An empty answer is no blob, not an empty one.
    let output = client.put_blob().send().await.unwrap();
    assert_eq!(server.received()[1].body, b"");
    assert_eq!(output.body, None);
}

#[tokio::test]
async fn timestamps_in_each_format_and_a_blob_in_a_body_go_out_and_back() {
    use fixture_timestamps_sdk::Client;
    let server = echo().await;
    let moment = DateTime::from_secs_f64(1_700_000_000.25).unwrap();
    let whole = DateTime::from_secs(1_700_000_000);
    let output = Client::from_conf(config(&server.url()).build())
        .put_thing()
        .plain(moment)
        .iso(moment)
        // HTTP dates carry whole seconds.
        .web(whole)
        .blob(Blob(vec![0, 1, 0xff]))
        .doc(json!({"when": "not a timestamp"}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        sent(&server),
        json!({"plain": 1_700_000_000.25, "iso": "2023-11-14T22:13:20.25Z", "web": "Tue, 14 Nov 2023 22:13:20 GMT",
            "blob": "AAH/", "doc": {"when": "not a timestamp"}})
    );
    assert_eq!((output.plain, output.iso, output.web), (Some(moment), Some(moment), Some(whole)));
    assert_eq!(output.blob, Some(Blob(vec![0, 1, 0xff])));
    // A timestamp in another member's format is an error naming what was expected.
    let server = TestServer::start(|_, _| Reply::json(200, r#"{"iso": 1700000000}"#)).await;
    let error = Client::from_conf(config(&server.url()).build()).put_thing().send().await.unwrap_err();
    assert!(matches!(error, SdkError::Deserialization(_)), "{error:?}");
}

#[tokio::test]
async fn recursive_shapes_go_out_and_back_at_depth() {
    use fixture_recursion_sdk::Client;
    use fixture_recursion_sdk::types::{Node, Ping, Pong};
    let leaf = |value: &str| Node::builder().value(value).build().unwrap();
    let mut chain = leaf("end");
    for depth in 0..20 {
        chain = Node::builder().value(depth.to_string()).next(chain).build().unwrap();
    }
    let tree = Node::builder().value("root").children(vec![leaf("a"), chain.clone()]).next(leaf("n")).build().unwrap();
    let ping = Ping::builder()
        .pong(
            Pong::builder()
                .ping(Ping::builder().pong(Pong::builder().build().unwrap()).build().unwrap())
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let server = echo().await;
    let output = Client::from_conf(config(&server.url()).build())
        .put_thing()
        .node(tree.clone())
        .ping(ping.clone())
        .send()
        .await
        .unwrap();
    let wire = sent(&server);
    assert_eq!(wire["ping"], json!({"pong": {"ping": {"pong": {}}}}));
    assert_eq!(wire["node"]["children"][0], json!({"value": "a"}));
    let mut depth = 0;
    let mut at = &wire["node"]["children"][1];
    while let Some(next) = at.get("next") {
        depth += 1;
        at = next;
    }
    assert_eq!((depth, at), (20, &json!({"value": "end"})));
    assert_eq!((output.node, output.ping), (Some(tree), Some(ping)));
}
