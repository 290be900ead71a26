//! `cargo xtask diff` as users run it: the real binary on git revisions and
//! model files, its formats, its `--fail-on` exit codes and `--changelog`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).arg("diff").args(args).output().expect("xtask runs")
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn fixture(case: &str, side: &str) -> String {
    root().join("tests/fixtures/diff").join(case).join(format!("{side}.json")).to_string_lossy().into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn git(args: &[&str]) -> String {
    let output = Command::new("git").args(args).current_dir(root()).output().expect("git runs");
    assert!(output.status.success(), "git {args:?} failed: {}", stderr(&output));
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The commit whose subject starts with `Model: <date> release`.
fn release(date: &str) -> String {
    let prefix = format!("Model: {date} release");
    git(&["log", "--format=%H %s", "--", "model/wickr.json"])
        .lines()
        .find_map(|line| {
            line.split_once(' ').filter(|(_, subject)| subject.starts_with(&prefix)).map(|(hash, _)| hash.to_owned())
        })
        .unwrap_or_else(|| panic!("no commit `{prefix}` (a shallow clone? fetch the full history)"))
}

fn json(output: &Output) -> Value {
    serde_json::from_str(&stdout(output)).unwrap_or_else(|error| panic!("not JSON ({error}): {}", stdout(output)))
}

/// (name, status, request, response) of each operation in a JSON report.
fn operations(report: &Value) -> Vec<(String, String, bool, bool)> {
    report["operations"]
        .as_array()
        .expect("operations array")
        .iter()
        .map(|operation| {
            (
                operation["name"].as_str().expect("name").to_owned(),
                operation["status"].as_str().expect("status").to_owned(),
                operation["request"].as_bool().expect("request"),
                operation["response"].as_bool().expect("response"),
            )
        })
        .collect()
}

#[test]
fn compares_two_revisions_as_json() {
    let (base, head) = (release("2026-02-23"), release("2026-06-04"));
    let output = xtask(&["--base", &base, "--head", &head, "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let report = json(&output);
    let updated = |name: &str, request, response| (name.to_owned(), "updated".to_owned(), request, response);
    assert_eq!(
        operations(&report),
        [
            updated("CreateSecurityGroup", false, true),
            updated("GetSecurityGroup", false, true),
            updated("ListSecurityGroups", false, true),
            updated("UpdateNetworkSettings", true, false),
            updated("UpdateSecurityGroup", true, true),
        ]
    );
    assert_eq!(report["breaking"], Value::Bool(false));
    let change = &report["operations"][0]["changes"][0];
    assert_eq!(change["path"], "securityGroup.securityGroupSettings.maxNonSsoSessionMinutes");
    assert_eq!(change["kind"], "member-added");
    assert_eq!(change["side"], "response");
    assert_eq!(change["severity"], "safe");
    // Only members were added: new API for the generated crate, nothing it breaks.
    assert_eq!(change["semver"], "minor");
    assert_eq!(report["semver"], "minor");
    assert_eq!(report["documentation"].as_array().map(Vec::len), Some(2));
}

#[test]
fn a_file_base_reads_the_same_as_its_revision() {
    let (base, head) = (release("2026-02-23"), release("2026-06-04"));
    let temp = tempfile::tempdir().expect("temp dir");
    let file = temp.path().join("base.json");
    fs::write(&file, git(&["show", &format!("{base}:model/wickr.json")])).expect("writable");
    let from_file = xtask(&["--base", &file.to_string_lossy(), "--head", &head, "--format", "json"]);
    let from_revision = xtask(&["--base", &base, "--head", &head, "--format", "json"]);
    assert!(from_file.status.success(), "{}", stderr(&from_file));
    assert_eq!(stdout(&from_file), stdout(&from_revision));
}

#[test]
fn markdown_names_the_changed_sides_in_headings() {
    let (base, head) = (release("2026-02-23"), release("2026-06-04"));
    let output = xtask(&["--base", &base, "--head", &head, "--format=markdown"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    for heading in [
        "### CreateSecurityGroup (response)",
        "### UpdateNetworkSettings (request)",
        "### UpdateSecurityGroup (request, response)",
    ] {
        assert!(text.lines().any(|line| line == heading), "missing `{heading}` in:\n{text}");
    }
    assert!(text.contains("| Severity | Semver | Side | Path | Change | Old | New |"), "{text}");
}

#[test]
fn fail_on_sets_the_exit_code() {
    let run = |case: &str, level: &str| {
        let output = xtask(&["--base", &fixture(case, "base"), "--head", &fixture(case, "head"), "--fail-on", level]);
        assert!(!stdout(&output).is_empty(), "the report is printed whatever the exit code");
        output.status.code()
    };
    assert_eq!(run("member-removed", "breaking"), Some(1));
    assert_eq!(run("member-removed", "dangerous"), Some(1));
    assert_eq!(run("error-added", "breaking"), Some(0));
    assert_eq!(run("error-added", "dangerous"), Some(1));
    assert_eq!(run("member-added-optional", "dangerous"), Some(0));
    assert_eq!(run("documentation-only", "dangerous"), Some(0));
    let breaking = xtask(&["--base", &fixture("member-removed", "base"), "--head", &fixture("member-removed", "head")]);
    assert_eq!(breaking.status.code(), Some(0), "without --fail-on a breaking change still exits 0");
}

#[test]
fn a_model_that_does_not_load_exits_2_naming_its_side() {
    let output = xtask(&["--base", &fixture("invalid-base", "base"), "--head", &fixture("invalid-base", "head")]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.starts_with("error: the base model ("), "{message}");
    assert!(message.contains("example#Thing$size: unknown target"), "{message}");
    assert!(message.contains("example#GetThing: invalid URI pattern"), "{message}");
    assert!(stdout(&output).is_empty());

    let output = xtask(&["--base", &fixture("invalid-base", "head"), "--head", &fixture("invalid-base", "base")]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("error: the head model ("), "{}", stderr(&output));
}

#[test]
fn bad_arguments_exit_2() {
    let unknown_revision = xtask(&["--base", "no-such-revision-or-file", "--head", &fixture("unchanged", "head")]);
    assert_eq!(unknown_revision.status.code(), Some(2));
    assert!(
        stderr(&unknown_revision).contains("`no-such-revision-or-file` is not a model file"),
        "{}",
        stderr(&unknown_revision)
    );
    for args in [
        &["--format", "yaml"][..],
        &["--fail-on", "safe"],
        &["--changelog", "--base", "HEAD"],
        &["--out", "x.md"],
        &["--surprise"],
    ] {
        let output = xtask(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).starts_with("error: "), "{args:?}: {}", stderr(&output));
    }
}

#[test]
fn the_changelog_is_up_to_date_and_newest_first() {
    let output = xtask(&["--changelog", "--out", "-"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let generated = stdout(&output);
    let again = stdout(&xtask(&["--changelog", "--out", "-"]));
    assert_eq!(generated, again, "the changelog is deterministic");
    let sections: Vec<&str> = generated.lines().filter(|line| line.starts_with("## ")).collect();
    assert_eq!(sections.len(), 3, "{generated}");
    assert!(sections[0].starts_with("## Model: 2026-06-04 release"), "{sections:?}");
    assert!(sections[1].starts_with("## Model: 2026-02-23 release"), "{sections:?}");
    assert!(sections[2].starts_with("## Model: 2025-12-19 release"), "{sections:?}");
    assert!(generated.contains("#### UpdateSecurityGroup (request, response)"), "{generated}");
    assert!(generated.contains("- `CreateBot` — `POST /networks/{networkId}/bots`"), "{generated}");
    let committed = fs::read_to_string(root().join("model/CHANGELOG.md")).expect("model/CHANGELOG.md exists");
    assert!(committed == generated, "model/CHANGELOG.md is stale: run `cargo xtask diff --changelog`");
}
