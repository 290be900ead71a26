//! What the generated CLI prints, through the fixture crates' tools run in
//! this process against a server on 127.0.0.1: the whole output — members
//! bound to headers, the status code and the payload too — by model name,
//! with timestamps in ISO 8601 and blobs in base64, as the AWS CLI prints
//! them; and `--dry-run`'s body as JSON when it is JSON and as text otherwise.

use sdk_runtime::cli::CliSpec;
use serde_json::{Value, json};
use test_support::{Reply, spawn_server_thread};

use sdk_tests::support::run_tool as run;

/// The JSON printed by a run that succeeded.
fn printed(spec: &CliSpec, args: &[&str]) -> Value {
    let (code, out, err) = run(spec, args);
    assert_eq!(code, 0, "stderr: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {out}"))
}

#[test]
fn output_bound_to_headers_and_status_prints_by_member_name_with_iso_timestamps() {
    let body = json!({
        "name": "thing",
        "display_name": "Ada",
        "createdAt": 1_700_000_000,
        "checksum": "aGk=",
        "parts": [{"part_name": "wheel", "madeAt": "Tue, 14 Nov 2023 22:13:20 GMT", "ratio": 0.1}],
    });
    let url = spawn_server_thread(move |_, _| {
        Reply::json(202, &body.to_string())
            .with_header("X-String", "text")
            .with_header("X-Bool", "true")
            .with_header("X-Float", "NaN")
            .with_header("X-Timestamp", "Tue, 14 Nov 2023 22:13:20 GMT")
            .with_header("X-Date-Time", "2023-11-14T22:13:20.5Z")
            .with_header("X-Enum", "small")
            .with_header("X-Int-Enum", "2")
            .with_header("X-Timestamps", "Tue, 14 Nov 2023 22:13:20 GMT, Wed, 15 Nov 2023 22:13:20 GMT")
            .with_header("X-Meta-Color", "red")
    });
    let spec = &fixture_http_bindings_sdk::cli::SPEC;
    let args = ["get-thing", "--thing-id", "t1", "--count", "2", "--when", "1700000000", "--kind", "small"];
    let output = printed(spec, &[&args[..], &["--endpoint-url", &url]].concat());
    assert_eq!(
        output,
        json!({
            "status": 202,
            "hString": "text",
            "hBool": true,
            "hFloat": "NaN",
            "hTimestamp": "2023-11-14T22:13:20+00:00",
            "hDateTime": "2023-11-14T22:13:20.500000+00:00",
            "hEnum": "small",
            "hIntEnum": 2,
            "hTimestamps": ["2023-11-14T22:13:20+00:00", "2023-11-15T22:13:20+00:00"],
            // Header names arrive lowercased (HTTP headers are case-insensitive).
            "meta": {"color": "red"},
            "name": "thing",
            "displayName": "Ada",
            "createdAt": "2023-11-14T22:13:20+00:00",
            "checksum": "aGk=",
            "parts": [{"partName": "wheel", "madeAt": "2023-11-14T22:13:20+00:00", "ratio": 0.1}],
        })
    );
}

#[test]
fn nested_input_takes_model_member_names_and_sends_json_names() {
    let spec = &fixture_http_bindings_sdk::cli::SPEC;
    let parts = r#"[{"partName": "wheel", "ratio": 0.5}]"#;
    let dry_run = printed(
        spec,
        &["put-object", "--key", "a/b", "--parts", parts, "--dry-run", "--endpoint-url", "http://127.0.0.1:9"],
    );
    assert_eq!(dry_run["body"], json!({"parts": [{"part_name": "wheel", "ratio": 0.5}]}), "{dry_run}");
    // Nested timestamps in any form, as the AWS CLI takes them; sent in the member's format.
    for made_at in ["2023-11-14T22:13:20Z", "1700000000", "\"1700000000\"", "\"Tue, 14 Nov 2023 22:13:20 GMT\""] {
        let made_at = if made_at.starts_with('2') { format!("\"{made_at}\"") } else { made_at.to_owned() };
        let parts = format!(r#"[{{"partName": "w", "madeAt": {made_at}}}]"#);
        let dry_run = printed(
            spec,
            &["put-object", "--key", "k", "--parts", &parts, "--dry-run", "--endpoint-url", "http://127.0.0.1:9"],
        );
        assert_eq!(dry_run["body"]["parts"][0]["madeAt"], json!("Tue, 14 Nov 2023 22:13:20 GMT"), "{made_at}");
    }
    // A key the structure has under neither name is still refused, with its path.
    let (code, _, err) = run(spec, &["put-object", "--key", "a", "--parts", r#"[{"bogus": 1}]"#, "--dry-run"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains(r#"Unknown parameter in parts[0]: "bogus""#), "{err}");
}

#[test]
fn blob_payloads_print_base64_and_their_dry_run_body_as_text() {
    let url = spawn_server_thread(|request, _| Reply {
        status: 200,
        headers: vec![("X-Label".into(), "echo".into()), ("Content-Type".into(), "application/octet-stream".into())],
        body: request.body.clone(),
    });
    let spec = &fixture_payloads_sdk::cli::SPEC;
    // The CLI takes a blob in base64, sends its bytes, and prints what comes back in base64.
    let output = printed(spec, &["put-blob", "--body", "aGVsbG8=", "--label", "in", "--endpoint-url", &url]);
    assert_eq!(output, json!({"body": "aGVsbG8=", "label": "echo"}));

    let dry_run =
        printed(spec, &["put-blob", "--body", "aGVsbG8=", "--dry-run", "--endpoint-url", "http://127.0.0.1:9"]);
    assert_eq!(dry_run["body"], json!("hello"), "{dry_run}");
    assert_eq!(dry_run["headers"]["content-type"], json!("application/octet-stream"), "{dry_run}");
    let dry_run =
        printed(spec, &["put-text", "--body", "[not json", "--dry-run", "--endpoint-url", "http://127.0.0.1:9"]);
    assert_eq!(dry_run["body"], json!("[not json"), "{dry_run}");
    assert_eq!(dry_run["headers"]["content-type"], json!("text/plain"), "{dry_run}");
}

#[test]
fn structure_payloads_dry_run_as_json_and_print_by_member_name() {
    let url = spawn_server_thread(|request, _| Reply::json(200, &String::from_utf8_lossy(&request.body)));
    let spec = &fixture_payloads_sdk::cli::SPEC;
    let dry_run = printed(
        spec,
        &[
            "put-structure",
            "--body",
            r#"{"id": "r1", "count": 3}"#,
            "--dry-run",
            "--endpoint-url",
            "http://127.0.0.1:9",
        ],
    );
    assert_eq!(dry_run["body"], json!({"id": "r1", "count": 3}), "{dry_run}");
    let output = printed(spec, &["put-structure", "--body", r#"{"id": "r1", "count": 3}"#, "--endpoint-url", &url]);
    assert_eq!(output, json!({"body": {"id": "r1", "count": 3}}));
}
