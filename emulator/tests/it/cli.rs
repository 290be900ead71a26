//! The generated `wickr-admin` tool against the emulator
//! (`--endpoint-url`), run in this process as the binary runs it.

use serde_json::Value;
use wickr_emulator::Emulator;

/// Runs the tool with `args` against `url`: exit status, stdout, stderr.
fn tool(url: &str, args: &[&str]) -> (u8, String, String) {
    let vars = [
        ("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE"),
        ("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_CONFIG_FILE", "/nonexistent/config"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]
    .map(|(name, value)| (name.to_owned(), value.to_owned()));
    let spec = &wickr_admin_sdk::cli::SPEC;
    let common = ["--endpoint-url", url, "--cli-read-timeout", "5", "--cli-connect-timeout", "2"];
    let args = [&[spec.binary][..], args, &common].concat();
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = sdk_runtime::cli::run_with(spec, args, vars, &mut out, &mut err);
    (code, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

#[track_caller]
fn json(url: &str, args: &[&str]) -> Value {
    let (code, out, err) = tool(url, args);
    assert_eq!(code, 0, "{args:?}: {err}");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {out}"))
}

#[test]
fn the_generated_tool_manages_a_network_on_the_emulator() {
    // The emulator runs on its own runtime; the tool makes its own.
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let emulator = runtime.block_on(Emulator::start()).unwrap();
    let url = emulator.url();

    let created = json(&url, &["create-network", "--network-name", "From the CLI", "--access-level", "PREMIUM"]);
    let net = created["networkId"].as_str().unwrap().to_owned();
    let groups = json(&url, &["list-security-groups", "--network-id", &net]);
    let group = groups["securityGroups"][0]["id"].as_str().unwrap().to_owned();

    // 120 users from a file, in three calls of 40.
    for batch in 0..3 {
        let users: Vec<Value> = (0..40)
            .map(
                |i| serde_json::json!({"username": format!("cli{batch}-{i}@example.com"), "securityGroupIds": [group]}),
            )
            .collect();
        let input = serde_json::json!({"networkId": net, "users": users});
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), input.to_string()).unwrap();
        let input = format!("file://{}", file.path().display());
        let out = json(&url, &["batch-create-user", "--cli-input-json", &input]);
        assert_eq!(out["successful"].as_array().unwrap().len(), 40, "{out}");
    }
    // The tool follows every page (10 a page by default): all 120.
    let listed = json(&url, &["list-users", "--network-id", &net]);
    let users = listed["users"].as_array().unwrap();
    assert_eq!(users.len(), 120);
    let first = users[0]["userId"].as_str().unwrap().to_owned();
    // --max-items stops early and prints where to resume.
    let some = json(&url, &["list-users", "--network-id", &net, "--max-items", "15", "--max-results", "10"]);
    assert_eq!(some["users"].as_array().unwrap().len(), 15);
    let token = some["NextToken"].as_str().expect("a token to resume from").to_owned();
    let rest = json(&url, &["list-users", "--network-id", &net, "--starting-token", &token, "--max-results", "10"]);
    assert_eq!(rest["users"].as_array().unwrap().len(), 105);

    let suspended =
        json(&url, &["batch-toggle-user-suspend-status", "--network-id", &net, "--suspend", "--user-ids", &first]);
    assert_eq!(suspended["successful"][0]["userId"], first.as_str());
    let counts = json(&url, &["get-users-count", "--network-id", &net]);
    assert_eq!((counts["total"].as_i64(), counts["pending"].as_i64()), (Some(120), Some(119)));

    // An unknown user: exit status 1 and the error as the AWS CLI words it.
    let (code, _, err) = tool(&url, &["get-user", "--network-id", &net, "--user-id", "4242"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "An error occurred (ResourceNotFoundError) when calling the GetUser operation: User 4242 not found"
        ),
        "{err}"
    );
    runtime.block_on(emulator.shutdown()).unwrap();
}
