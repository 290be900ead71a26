//! The tool end to end, in this process: parsing, input, dry runs.

use serde_json::Value;

use super::command_line::{command, first_paragraph};
use super::input::{from_json, from_text};
use super::*;
use crate::client::ServiceInfo;
use crate::encoding::{DateTime, TimestampFormat};
use crate::error::{ConstructionError, DeserializationError};
use crate::http::HttpRequest;
use crate::http::{HttpResponse, Method};
use crate::operation::{ModeledError, Operation};
use crate::validation::{Validate, Violations};

/// A small operation: `PUT /things/{id}?when=…` with a JSON body.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct PutThing {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    when: Option<DateTime>,
    #[serde(rename = "wireCount", skip_serializing_if = "Option::is_none")]
    count: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tags: Option<Vec<String>>,
    #[serde(rename = "dryRun", skip_serializing_if = "Option::is_none")]
    dry_run: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<Value>,
}

impl Validate for PutThing {
    fn validate_into(&self, v: &mut Violations) {
        v.required("id", &self.id);
        if let Some(count) = self.count {
            v.at_field("count", |v| v.range_int(i128::from(count), Some(1), Some(10)));
        }
    }
}

#[derive(Debug)]
struct NoErrors;

impl ModeledError for NoErrors {
    fn from_code(_: &str, _: &HttpResponse) -> Option<Result<Self, DeserializationError>> {
        None
    }
}

impl Operation for PutThing {
    type Output = Value;
    type Error = NoErrors;
    const INFO: crate::client::OperationInfo = crate::client::OperationInfo::new("PutThing");

    fn to_request(&self) -> Result<HttpRequest, ConstructionError> {
        let id = crate::protocol::rest_json::label(self.id.as_deref(), "id", false)?;
        let mut request = HttpRequest::new(Method::PUT, format!("/things/{id}"));
        if let Some(when) = &self.when {
            request = request.query("when", crate::protocol::rest_json::timestamp(when, TimestampFormat::DateTime)?);
        }
        crate::protocol::rest_json::with_body(request, self, &["id", "when"])
    }

    fn read_output(response: &HttpResponse) -> Result<Value, DeserializationError> {
        crate::protocol::rest_json::output(response, &[], None, None)
    }
}

const RULES: &str = r#"{"version":"1.0",
    "parameters":{"Endpoint":{"type":"string","builtIn":"SDK::Endpoint","required":false}},
    "rules":[{"type":"endpoint","conditions":[{"fn":"isSet","argv":[{"ref":"Endpoint"}]}],"endpoint":{"url":{"ref":"Endpoint"}}},
             {"type":"error","conditions":[],"error":"no endpoint"}]}"#;
static SERVICE: ServiceInfo = ServiceInfo {
    sdk_id: "Test",
    signing_name: "test",
    endpoint_rule_set_json: RULES,
    api_version: "1",
    protocol: &crate::protocol::RestJson1,
};

const fn member(name: &'static str, flag: &'static str, kind: ArgKind) -> MemberSpec {
    MemberSpec { name, json_name: name, flag, docs: "Docs.", required: false, kind, notes: "" }
}

static EMPTY: StructureSpec = StructureSpec { name: "Empty", members: &[] };

static SPEC: CliSpec = CliSpec {
    binary: "tool",
    title: "Test service",
    docs: "What the service does.",
    version: "1.0",
    service: &SERVICE,
    operations: &[OperationSpec {
        name: "PutThing",
        command: "put-thing",
        summary: "Puts a thing.",
        docs: "Puts a thing. More about it.\n\nDetails.",
        http: "PUT /things/{id}",
        members: &[
            MemberSpec { required: true, notes: "pattern .+", ..member("id", "id", ArgKind::String) },
            member("when", "when", ArgKind::Timestamp(TimestampFormat::EpochSeconds)),
            MemberSpec { json_name: "wireCount", ..member("count", "count", ArgKind::Integer) },
            member("tags", "tags", ArgKind::List(&ArgKind::String)),
            // The generator renames flags that clash with global options.
            member("dryRun", "input-dry-run", ArgKind::Boolean),
            member("detail", "detail", ArgKind::Json),
        ],
        pagination: None,
        waiters: &[],
        output_file: false,
        input: &EMPTY,
        output: &EMPTY,
        run: run::<PutThing>,
    }],
};

const VARS: [(&str, &str); 6] = [
    ("AWS_ACCESS_KEY_ID", "AKID"),
    ("AWS_SECRET_ACCESS_KEY", "SECRET"),
    ("AWS_REGION", "eu-west-1"),
    ("AWS_ENDPOINT_URL", "https://things.example"),
    ("HOME", "/nonexistent"),
    // Without keys the chain would end at the instance metadata service,
    // which tests never reach: they talk to 127.0.0.1 only.
    ("AWS_EC2_METADATA_DISABLED", "true"),
];

/// Runs the tool; (status, stdout, stderr).
fn tool(args: &[&str], vars: &[(&str, &str)]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let args = std::iter::once("tool").chain(args.iter().copied());
    let vars = vars.iter().map(|(k, v)| (k.to_string(), v.to_string()));
    let status = run_with(&SPEC, args, vars, &mut out, &mut err);
    (status, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
}

#[test]
fn the_command_is_well_formed() {
    command(&SPEC).debug_assert();
}

#[test]
fn dry_run_prints_the_signed_request() {
    let (status, out, err) =
        tool(&["--dry-run", "put-thing", "--id", "a b", "--when", "2024-01-02T03:04:05Z", "--count", "3"], &VARS);
    assert_eq!((status, err.as_str()), (EXIT_OK, ""));
    let printed: Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<&str> =
        out.lines().filter(|l| l.starts_with("  \"")).map(|l| &l[3..l[3..].find('"').unwrap() + 3]).collect();
    assert_eq!(keys, ["method", "url", "headers", "body"]);
    assert_eq!(printed["method"], "PUT");
    assert_eq!(printed["url"], "https://things.example/things/a%20b?when=2024-01-02T03%3A04%3A05Z");
    assert_eq!(printed["body"], serde_json::json!({"wireCount": 3}));
    let auth = printed["headers"]["authorization"].as_str().unwrap();
    assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential=AKID/"), "{auth}");
    assert!(printed["headers"]["user-agent"].as_str().unwrap().ends_with(" app/tool"));
}

#[test]
fn without_credentials_the_request_is_unsigned_with_a_note() {
    let (status, out, err) = tool(&["put-thing", "--id", "x", "--dry-run"], &VARS[2..]);
    assert_eq!(status, EXIT_OK);
    assert!(err.starts_with("note: the request is shown unsigned"), "{err}");
    let printed: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(printed["headers"].get("authorization"), None);
    assert_eq!(printed["body"], serde_json::json!({}));
}

#[test]
fn cli_input_json_is_read_and_flags_override_it() {
    let input = r#"{"id": "from-json", "when": 1700000000, "count": 2, "tags": ["a"], "dryRun": true}"#;
    let (status, out, err) =
        tool(&["put-thing", "--cli-input-json", input, "--count", "5", "--no-input-dry-run", "--dry-run"], &VARS);
    assert_eq!(status, EXIT_OK, "{err}");
    let printed: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(printed["url"], "https://things.example/things/from-json?when=2023-11-14T22%3A13%3A20Z");
    assert_eq!(printed["body"], serde_json::json!({"wireCount": 5, "tags": ["a"], "dryRun": false}));
}

#[test]
fn repeated_and_multi_value_list_flags() {
    let (status, out, _) = tool(
        &["put-thing", "--id", "x", "--tags", "a", "b", "--tags", "c", "--detail", r#"{"k":[1]}"#, "--dry-run"],
        &VARS,
    );
    assert_eq!(status, EXIT_OK);
    let printed: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(printed["body"], serde_json::json!({"tags": ["a", "b", "c"], "detail": {"k": [1]}}));
}

#[test]
fn bad_input_exits_2_naming_the_member_and_prints_nothing() {
    let cases: [(&[&str], &str); 8] = [
        (&["put-thing", "--count", "50"], "id: is required"),
        (&["put-thing", "--id", "x", "--count", "50"], "count: value 50 is not between 1 and 10 (--count)"),
        (&["put-thing", "--id", "x", "--count", "many"], "--count: `many` is not an integer"),
        (&["put-thing", "--id", "x", "--count", "99999999999"], "count: "),
        (&["put-thing", "--id", "x", "--when", "yesterday"], "--when: `yesterday` is neither epoch seconds"),
        (&["put-thing", "--cli-input-json", r#"{"nope": 1}"#], r#"Unknown parameter in input: "nope", must be"#),
        (&["put-thing", "--cli-input-json", "[1]"], "expected a JSON object"),
        (&["put-thing", "--cli-input-json", "file:///nonexistent/input.json"], "cannot read `/nonexistent/input.json`"),
    ];
    for (args, expected) in cases {
        let (status, out, err) = tool(args, &VARS);
        assert_eq!(status, EXIT_USAGE, "{args:?}: {err}");
        assert!(err.contains(expected), "{args:?}: {err}");
        assert_eq!(out, "", "{args:?}");
    }
}

#[test]
fn usage_errors_and_help() {
    let (status, out, err) = tool(&["put-thing", "--id", "x", "--bogus"], &VARS);
    assert_eq!((status, out.as_str()), (EXIT_USAGE, ""));
    assert!(err.contains("--bogus"), "{err}");
    let (status, out, _) = tool(&["put-thing", "--help"], &VARS);
    assert_eq!(status, EXIT_OK);
    for text in
        ["Puts a thing. More about it.", "Details.", "PUT /things/{id}", "--id <TEXT>", "[required; pattern .+]"]
    {
        assert!(out.contains(text), "{text} in {out}");
    }
    assert!(out.contains("--input-dry-run") && out.contains("--no-input-dry-run"), "{out}");
    let (status, out, _) = tool(&["--help"], &VARS);
    assert_eq!(status, EXIT_OK);
    assert!(out.lines().any(|l| l.starts_with("  put-thing ") && l.ends_with(" Puts a thing.")), "{out}");
    assert!(out.contains("What the service does."), "{out}");
}

#[test]
fn text_and_json_conversions() {
    assert_eq!(from_text(&ArgKind::Integer, "-3"), Ok(Value::from(-3)));
    assert_eq!(from_text(&ArgKind::Float, "1.5"), Ok(serde_json::json!(1.5)));
    assert!(from_text(&ArgKind::Float, "NaN").is_err());
    assert_eq!(from_text(&ArgKind::Boolean, "TRUE"), Ok(Value::Bool(true)));
    let statuses = ArgKind::IntEnum(&[("PENDING", 1), ("ACTIVE", 2)]);
    assert_eq!(from_text(&statuses, "active"), Ok(Value::from(2)));
    assert_eq!(from_text(&statuses, "7"), Ok(Value::from(7)));
    assert!(from_text(&statuses, "gone").unwrap_err().contains("PENDING, ACTIVE"));
    let epoch = ArgKind::Timestamp(TimestampFormat::EpochSeconds);
    assert_eq!(from_text(&epoch, "1700000000.5"), Ok(serde_json::json!(1700000000.5)));
    assert_eq!(from_text(&epoch, "2023-11-14T22:13:20Z"), Ok(Value::from(1_700_000_000)));
    let rfc = ArgKind::Timestamp(TimestampFormat::DateTime);
    assert_eq!(from_text(&rfc, "1700000000"), Ok(Value::from("2023-11-14T22:13:20Z")));
    assert_eq!(from_json(&rfc, Value::from(1_700_000_000)), Ok(Value::from("2023-11-14T22:13:20Z")));
    assert_eq!(
        from_json(
            &ArgKind::List(&ArgKind::Timestamp(TimestampFormat::EpochSeconds)),
            serde_json::json!(["2023-11-14T22:13:20Z", 5])
        ),
        Ok(serde_json::json!([1_700_000_000, 5]))
    );
    assert_eq!(first_paragraph("One. Two\n  more.\n\nThree."), "One. Two more.");
    assert_eq!(printable("a\u{1b}]0;x\u{7}\rb\nc é"), "a\\u{1b}]0;x\\u{7}\\u{d}b\\u{a}c é");
}
