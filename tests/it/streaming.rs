//! `@streaming` blobs (`tests/fixtures/codegen/streaming.json`) over HTTP on
//! 127.0.0.1: bodies larger than the client should hold are sent from a file
//! and read from the response as they arrive, with the client's memory flat
//! (measured by [`crate::memory`]); bodies from files are resent on a retry,
//! those from readers never; `@requiresLength` refuses a body of unknown
//! length before anything is sent; and the tool sends files and writes the
//! streamed output to the file it is given.

use fixture_streaming_sdk::{Client, SdkError};
use sdk_runtime::paginate::StreamExt;
use sdk_runtime::stream::ByteStream;
use sdk_tests::support::{
    ACCESS_KEY, Received, Reply, SECRET_KEY, TestServer, config, run_tool, spawn_server_thread,
    verify_sigv4_unsigned_payload,
};

use crate::memory::Watch;

/// Larger than a client should ever hold for one call.
const LARGE: usize = 24 << 20;
/// What the client may hold at once while streaming `LARGE` bytes: its
/// buffers, hyper's and the connection's, with room to spare.
const FLAT: usize = 2 << 20;

fn client(url: &str) -> Client {
    Client::from_conf(config(url).build())
}

/// Byte `i` of the test content: a pattern that shows misplaced bytes.
fn byte(i: usize) -> u8 {
    b"0123456789abcdefghijklmnopqrstuvwxyz"[i % 36]
}

/// A file of `len` bytes of the test content, written in small pieces.
fn content_file(len: usize) -> tempfile::NamedTempFile {
    use std::io::Write;
    let mut file = tempfile::NamedTempFile::new().unwrap();
    let piece: Vec<u8> = (0..36 * 1024).map(byte).collect();
    let mut left = len;
    while left > 0 {
        let n = left.min(piece.len());
        file.write_all(&piece[..n]).unwrap();
        left -= n;
    }
    file
}

/// Whether `body` is the test content of its length.
fn is_content(body: &[u8]) -> bool {
    body.iter().enumerate().all(|(i, &b)| b == byte(i))
}

/// The server's answer to a `PutObject`: 403 unless signed (as a streamed
/// body is, `UNSIGNED-PAYLOAD`), else the size it received, and whether the
/// bytes were the test content.
fn put_reply(request: &Received) -> Reply {
    if verify_sigv4_unsigned_payload(request, ACCESS_KEY, SECRET_KEY).is_err() {
        return Reply::json(403, r#"{"message": "bad signature"}"#);
    }
    let intact = is_content(&request.body);
    let checksum = if intact { "aW50YWN0" } else { "YnJva2Vu" }; // "intact", "broken"
    Reply::json(200, &format!(r#"{{"size": {}, "checksum": "{checksum}"}}"#, request.body.len()))
        .with_header("x-length-sent", request.header("content-length").unwrap_or("none"))
}

#[tokio::test]
async fn a_large_upload_streams_from_its_file_with_flat_memory() {
    let file = content_file(LARGE);
    let url = spawn_server_thread(|request, _| put_reply(request));
    let client = client(&url);
    let watch = Watch::start();
    let body = ByteStream::from_path(file.path()).unwrap();
    let output = client.put_object().key("big").body(body).send().await.unwrap();
    let peak = watch.peak();
    assert_eq!(output.size, Some(LARGE as i64));
    assert_eq!(output.checksum.unwrap().0, b"intact");
    assert!(peak < FLAT, "the client held {peak} bytes at once to send {LARGE}");
}

#[tokio::test]
async fn a_large_download_streams_to_the_caller_with_flat_memory() {
    let content: String = (0..LARGE).map(|i| byte(i) as char).collect();
    let url = spawn_server_thread(move |_, _| Reply {
        status: 200,
        headers: vec![("x-note".into(), "large".into()), ("content-type".into(), "application/octet-stream".into())],
        body: content.clone().into(),
    });
    let client = client(&url);
    let watch = Watch::start();
    let output = client.get_object().key("big").send().await.unwrap();
    assert_eq!((output.note.as_deref(), output.content_length), (Some("large"), Some(LARGE as i64)));
    let (mut body, mut seen, mut intact) = (output.body, 0, true);
    while let Some(chunk) = body.next().await {
        let chunk = chunk.unwrap();
        intact &= chunk.iter().enumerate().all(|(i, &b)| b == byte(seen + i));
        seen += chunk.len();
    }
    let peak = watch.peak();
    assert_eq!((seen, intact), (LARGE, true));
    assert!(peak < FLAT, "the client held {peak} bytes at once to read {LARGE}");
}

#[tokio::test]
async fn a_body_from_a_file_is_sent_again_on_a_retry_and_one_from_a_reader_is_not() {
    let server = TestServer::start(|request, index| match index {
        0 | 2 => Reply::json(503, r#"{"message": "busy"}"#),
        _ => put_reply(request),
    })
    .await;
    let client = client(&server.url());
    let file = content_file(100_000);
    let from_file = client.put_object().key("a").body(ByteStream::from_path(file.path()).unwrap()).send().await;
    assert_eq!(from_file.unwrap().size, Some(100_000));
    let reader = ByteStream::from_reader(tokio::fs::File::open(file.path()).await.unwrap(), None);
    let from_reader = client.put_object().key("b").body(reader).send().await;
    match from_reader {
        Err(SdkError::Unmodeled(e)) => assert_eq!(e.status(), 503),
        other => panic!("a reader's body was retried or not sent: {other:?}"),
    }
    let received = server.received();
    let bodies: Vec<(usize, bool)> = received.iter().map(|r| (r.body.len(), is_content(&r.body))).collect();
    // The file twice (the first try refused), the reader once, unretried.
    assert_eq!(bodies, [(100_000, true), (100_000, true), (100_000, true)]);
    // A reader of unknown length goes chunked; a file says its length.
    assert_eq!(received[0].header("content-length"), Some("100000"));
    assert_eq!(received[2].header("transfer-encoding"), Some("chunked"));
}

#[tokio::test]
async fn requires_length_refuses_a_body_of_unknown_length_before_sending() {
    let server =
        TestServer::start(|request, _| Reply::json(200, &format!(r#"{{"size": {}}}"#, request.body.len()))).await;
    let client = client(&server.url());
    let unknown = ByteStream::from_reader(&b"twelve bytes"[..], None);
    let error = client.put_sized_object().key("k").body(unknown).send().await.unwrap_err();
    assert!(matches!(&error, SdkError::Construction(e) if e.to_string().contains("@requiresLength")), "{error:?}");
    assert!(server.received().is_empty(), "nothing is sent");
    let known = ByteStream::from_reader(&b"twelve bytes"[..], Some(12));
    let output = client.put_sized_object().key("k").body(known).send().await.unwrap();
    assert_eq!(output.size, Some(12));
    assert_eq!(server.received()[0].header("content-length"), Some("12"));
}

#[tokio::test]
async fn an_error_response_to_a_streaming_operation_is_read_whole_and_mapped() {
    let server = TestServer::start(|_, _| {
        Reply::json(404, r#"{"message": "no such key"}"#).with_header("x-amzn-errortype", "NoSuchKey")
    })
    .await;
    let error = client(&server.url()).get_object().key("missing").send().await.unwrap_err();
    match error {
        SdkError::Service(e) => {
            assert!(matches!(e.err(), fixture_streaming_sdk::operation::Error::NoSuchKey(_)), "{e:?}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_tool_sends_a_file_and_writes_a_streamed_output_to_its_outfile() {
    let url = spawn_server_thread(|request, _| match request.method.as_str() {
        "PUT" => put_reply(request),
        _ => Reply { status: 200, headers: vec![("x-note".into(), "small".into())], body: "0123456789".into() },
    });
    let spec = &fixture_streaming_sdk::cli::SPEC;
    let file = content_file(300_000);
    let path = file.path().to_str().unwrap();
    let digest = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(digest.path(), b"\x00\xffraw").unwrap();
    let fileb = format!("fileb://{}", digest.path().display());
    let (code, out, err) =
        run_tool(spec, &["put-object", "--key", "k", "--body", path, "--checksum", &fileb, "--endpoint-url", &url]);
    assert_eq!(code, 0, "{err}");
    let printed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(printed, serde_json::json!({"size": 300_000, "checksum": "aW50YWN0"}));
    let dir = tempfile::tempdir().unwrap();
    let outfile = dir.path().join("object.bin");
    let (code, out, err) =
        run_tool(spec, &["get-object", "--key", "k", outfile.to_str().unwrap(), "--endpoint-url", &url]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read(&outfile).unwrap(), b"0123456789");
    // The other members are printed; the body went to the file.
    let printed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(printed, serde_json::json!({"note": "small", "contentLength": 10}));
    // Without the file to write to, it is a usage error.
    let (code, _, err) = run_tool(spec, &["get-object", "--key", "k", "--endpoint-url", &url]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("OUTFILE"), "{err}");
}
