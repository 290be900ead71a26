//! The generated tools print what the AWS CLI prints, in every output format.
//!
//! `tests/fixtures/cli_output/expected/*.out` is what the AWS CLI itself
//! (1.46.3 from PyPI; 2.36.7 for the formats only v2 has) printed for each
//! case of `cases.json`, run on the replies of `responses.json` by
//! `regenerate.py` (its README lists every command). Here the real binaries,
//! `wickr-admin` and the `cli_formats` fixture's `fixture-cli-formats`, run
//! with the same arguments against a server on 127.0.0.1 sending the same
//! replies, and must print the same bytes. The responses cover nested
//! structures, lists of structures and of scalars, empty lists, maps,
//! booleans, numbers, timestamps, blobs, absent members and three pages.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex, OnceLock};

use sdk_tests::support::{ACCESS_KEY, Reply, SECRET_KEY, spawn_server_thread, tool_binary};
use serde_json::Value;

fn fixtures() -> PathBuf {
    sdk_tests::workspace_root().join("tests/fixtures/cli_output")
}

fn read_json(name: &str) -> Value {
    let path = fixtures().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The tool a case runs: `wickr` is `wickr-admin`, else the fixture's tool.
fn tool(service: &str) -> &'static Path {
    static WICKR: OnceLock<PathBuf> = OnceLock::new();
    static FIXTURE: OnceLock<PathBuf> = OnceLock::new();
    match service {
        "wickr" => WICKR.get_or_init(|| tool_binary("wickr-admin-sdk", "wickr-admin")),
        _ => FIXTURE.get_or_init(|| tool_binary("fixture-cli-formats-sdk", "fixture-cli-formats")),
    }
}

/// A server answering as `regenerate.py`'s does: the reply of
/// `responses.json` for the method, path and `nextToken`; its URL and the
/// targets it received.
fn server() -> (String, Arc<Mutex<Vec<String>>>) {
    let responses = read_json("responses.json");
    let received = Arc::new(Mutex::new(Vec::new()));
    let log = received.clone();
    let url = spawn_server_thread(move |request, _| {
        log.lock().unwrap().push(request.target.clone());
        let token = request.query_param("nextToken");
        let found = responses.as_array().unwrap().iter().find(|r| {
            r["method"] == request.method.as_str()
                && r["path"] == request.path()
                && r.get("nextToken").and_then(Value::as_str) == token.as_deref()
        });
        match found {
            Some(r) => {
                let status = u16::try_from(r["status"].as_u64().unwrap()).unwrap();
                let body = if r["body"].is_null() { String::new() } else { r["body"].to_string() };
                Reply::json(status, &body).with_header("x-amzn-RequestId", "req-1")
            }
            None => Reply::json(404, r#"{"message": "no reply"}"#)
                .with_header("x-amzn-ErrorType", "ResourceNotFoundException"),
        }
    });
    (url, received)
}

/// Static keys and a region, no shared files, nothing else.
fn base_env(home: &Path) -> Vec<(String, String)> {
    [
        ("HOME", home.to_str().unwrap()),
        ("AWS_CONFIG_FILE", "/nonexistent/config"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"),
        ("AWS_ACCESS_KEY_ID", ACCESS_KEY),
        ("AWS_SECRET_ACCESS_KEY", SECRET_KEY),
        ("AWS_REGION", "us-east-1"),
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ]
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .to_vec()
}

fn run(service: &str, url: &str, args: &[&str], env: &[(String, String)]) -> Output {
    Command::new(tool(service))
        .args(["--endpoint-url", url, "--cli-read-timeout", "5", "--cli-connect-timeout", "2"])
        .args(args)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .output()
        .expect("the tool runs")
}

fn expected(name: &str) -> String {
    let path = fixtures().join("expected").join(format!("{name}.out"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Where this tool knowingly differs from the AWS CLI, and what is compared
/// instead of the bytes.
enum Known {
    /// The AWS CLI prints the keys of a JSON object in the order of the
    /// model's members, which the generator does not keep (it sorts them,
    /// so the same model gives the same files whatever its JSON key order):
    /// the same JSON value, in other key order. (`cli_formats.json` declares
    /// its members sorted, so its JSON is compared byte for byte.)
    KeyOrder,
    /// An output skeleton's timestamps are Python datetimes, which the AWS
    /// CLI prints as `1970-01-01 00:00:00` in text, tables and YAML; this
    /// tool prints the JSON's `1970-01-01T00:00:00` (a string, so YAML quotes it).
    SkeletonTimestamp,
}

fn known(name: &str) -> Option<Known> {
    match name {
        "wickr.list-users.json" => Some(Known::KeyOrder),
        "list-entries.skeleton-output.text" | "list-entries.skeleton-output.table" => Some(Known::SkeletonTimestamp),
        "list-entries.skeleton-output.yaml" => Some(Known::SkeletonTimestamp),
        _ => None,
    }
}

#[test]
fn every_format_prints_what_the_aws_cli_prints() {
    let (url, _) = server();
    let home = tempfile::tempdir().unwrap();
    let env = base_env(home.path());
    let cases = read_json("cases.json");
    let mut failures = Vec::new();
    let mut formats = BTreeSet::new();
    for case in cases.as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let args: Vec<&str> = case["args"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
        let output = run(case["service"].as_str().unwrap(), &url, &args, &env);
        let printed = String::from_utf8_lossy(&output.stdout).into_owned();
        let want = expected(name);
        formats.extend(args.windows(2).filter(|w| w[0] == "--output").map(|w| w[1].to_owned()));
        let same = match known(name) {
            None => printed == want,
            Some(Known::KeyOrder) => {
                serde_json::from_str::<Value>(&printed).ok() == Some(serde_json::from_str(&want).unwrap())
                    && printed.len() == want.len()
            }
            Some(Known::SkeletonTimestamp) => {
                let iso = if name.ends_with("yaml") { "'1970-01-01T00:00:00'" } else { "1970-01-01T00:00:00" };
                printed == want.replace("1970-01-01 00:00:00", iso)
            }
        };
        if output.status.code() != Some(0) || !same {
            failures.push(format!(
                "{name} (exit {:?}; stderr: {})\n--- the AWS CLI printed:\n{want}--- this tool printed:\n{printed}",
                output.status.code(),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.as_array().unwrap().len(),
        failures.join("\n")
    );
    assert_eq!(formats, ["json", "off", "table", "text", "yaml", "yaml-stream"].map(str::to_owned).into());
}

#[test]
fn an_invalid_query_exits_2_with_the_parsers_message_and_sends_nothing() {
    let (url, received) = server();
    let home = tempfile::tempdir().unwrap();
    let output = run(
        "fixture-cli-formats",
        &url,
        &["get-report", "--report-id", "r-1", "--query", "entries[?"],
        &base_env(home.path()),
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.starts_with("error: Bad value for --query entries[?: "), "{stderr}");
    assert_eq!(output.stdout, b"");
    assert_eq!(received.lock().unwrap().len(), 0, "a request was sent");
}

#[test]
fn the_format_comes_from_the_flag_then_the_environment_then_the_profile() {
    let (url, _) = server();
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config");
    std::fs::write(&config, "[default]\noutput = table\n[profile scripts]\noutput = text\n").unwrap();
    let mut env = base_env(home.path());
    env.retain(|(k, _)| k != "AWS_CONFIG_FILE");
    env.push(("AWS_CONFIG_FILE".to_owned(), config.to_str().unwrap().to_owned()));
    let get = ["get-report", "--report-id", "r-1"];
    let printed = |args: &[&str], env: &[(String, String)]| {
        let output = run("fixture-cli-formats", &url, args, env);
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    assert_eq!(printed(&get, &env), expected("get-report.table"), "the default profile's output");
    assert_eq!(printed(&[&get[..], &["--profile", "scripts"]].concat(), &env), expected("get-report.text"));
    let mut with_variable = env.clone();
    with_variable.push(("AWS_DEFAULT_OUTPUT".to_owned(), "yaml".to_owned()));
    assert_eq!(printed(&get, &with_variable), expected("get-report.yaml"), "AWS_DEFAULT_OUTPUT over the profile");
    assert_eq!(printed(&[&get[..], &["--output", "json"]].concat(), &with_variable), expected("get-report.json"));
    with_variable.push(("AWS_DEFAULT_OUTPUT".to_owned(), "xml".to_owned()));
    with_variable.retain(|(k, v)| k != "AWS_DEFAULT_OUTPUT" || v == "xml");
    let output = run("fixture-cli-formats", &url, &get, &with_variable);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("Unknown output type: xml (from AWS_DEFAULT_OUTPUT)"));
}

#[test]
fn bash_completion_parses_and_names_every_command() {
    let home = tempfile::tempdir().unwrap();
    let output = run("wickr", "http://127.0.0.1:9", &["completion", "bash"], &base_env(home.path()));
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let script = String::from_utf8(output.stdout).unwrap();
    let path = home.path().join("wickr-admin.bash");
    std::fs::write(&path, &script).unwrap();
    let check = Command::new("bash").arg("-n").arg(&path).output().expect("bash runs");
    assert!(check.status.success(), "bash -n: {}", String::from_utf8_lossy(&check.stderr));
    for operation in wickr_admin_sdk::cli::SPEC.operations {
        assert!(script.contains(operation.command), "{} is not completed", operation.command);
    }
    // Enum values complete too.
    assert!(script.contains("STANDARD PREMIUM") || script.contains("PREMIUM STANDARD"), "no access levels");
    for shell in ["zsh", "fish", "powershell"] {
        let output = run("wickr", "http://127.0.0.1:9", &["completion", shell], &base_env(home.path()));
        assert_eq!(output.status.code(), Some(0), "{shell}");
        assert!(String::from_utf8_lossy(&output.stdout).contains("list-users"), "{shell}");
    }
}

#[test]
fn a_skeleton_with_its_required_members_filled_is_accepted() {
    let home = tempfile::tempdir().unwrap();
    let env = base_env(home.path());
    let url = "http://127.0.0.1:9";
    let skeleton = |what: &str| {
        let output = run("fixture-cli-formats", url, &["update-report", "--generate-cli-skeleton", what], &env);
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    // JSON: every member, nested structures included; the required ones filled.
    let mut input: Value = serde_json::from_str(&skeleton("input")).unwrap();
    assert_eq!(input["owner"]["address"]["city"], "");
    input["reportId"] = "r-7".into();
    input["title"] = "Filled".into();
    let file = home.path().join("input.json");
    std::fs::write(&file, input.to_string()).unwrap();
    let path = format!("file://{}", file.display());
    let output = run("fixture-cli-formats", url, &["update-report", "--cli-input-json", &path, "--dry-run"], &env);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let request: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(request["url"].as_str().unwrap().ends_with("/reports/r-7"), "{request}");
    assert_eq!(request["body"]["title"], "Filled");
    assert_eq!(request["body"]["dueAt"], 0);
    assert_eq!(request["body"]["entries"][0]["attributes"], serde_json::json!({"KeyName": ""}));

    // YAML, with its comments, the same way.
    let yaml = skeleton("yaml-input")
        .replace("reportId: '' #", "reportId: r-8 #")
        .replace("title: '' #", "title: From YAML #");
    let output = run("fixture-cli-formats", url, &["update-report", "--cli-input-yaml", &yaml, "--dry-run"], &env);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let request: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(request["url"].as_str().unwrap().ends_with("/reports/r-8"), "{request}");
    assert_eq!(request["body"]["title"], "From YAML");
    assert_eq!(request["body"]["owner"]["address"], serde_json::json!({"city": "", "postcode": ""}));

    // Unknown keys are refused in YAML as in JSON, with their path.
    let output = run(
        "fixture-cli-formats",
        url,
        &["update-report", "--cli-input-yaml", "reportId: r-1\ntitle: t\nbogus: 1", "--dry-run"],
        &env,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains(r#"Unknown parameter in input: "bogus""#));
}
