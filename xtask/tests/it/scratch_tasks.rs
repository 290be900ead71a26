//! `cargo xtask protocol-test` and `cargo xtask corpus` as users run them, on
//! the models of `xtask/tests/fixtures/corpus/`: each generates a crate into
//! a scratch workspace and runs cargo on it. The two share one target
//! directory under cargo's scratch space for tests, so the runtime and its
//! dependencies build once (and, across runs, not again).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus").join(path).to_string_lossy().into_owned()
}

/// A scratch directory of its own for `task`, beside the shared target directory.
fn scratch(task: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("xtask-tasks").join(task)
}

/// Runs the xtask binary with the shared target directory.
fn xtask(args: &[&str]) -> (Output, String) {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("xtask-tasks/target");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("xtask runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    (output, stdout)
}

#[test]
fn protocol_test_counts_skipped_cases_apart_and_says_why() {
    let scratch = scratch("protocol-test");
    let (output, stdout) =
        xtask(&["protocol-test", "--model", &fixture("cases.json"), "--scratch", scratch.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "a case failed\n{stdout}\n{stderr}");
    // Each case runs against the client and the generated server: the
    // passing case passes both ways; the failing one's server half has no
    // body to read, and the skipped one is skipped both ways.
    assert_eq!(stdout.lines().last(), Some("2 passed, 1 failed, 3 skipped"), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|line| line == "skipped: failing_case_server_request: the case gives no body for a server to read"),
        "the server's skip is listed with its reason: {stdout}"
    );
    assert!(stdout.contains("method: sent PUT, expected POST"), "the failure is shown: {stdout}");
    assert!(
        stdout
            .lines()
            .any(|line| line == "skipped: skipped_case_request: params: the structure has no member `colour`"),
        "the skip is listed with its reason: {stdout}"
    );
}

#[test]
fn corpus_tables_every_model_with_its_endpoint_tests_and_skip_reasons() {
    let scratch = scratch("corpus");
    let (output, stdout) = xtask(&["corpus", &fixture(""), "--scratch", scratch.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "broken.json fails\n{stdout}\n{stderr}");
    let row = |model: &str| {
        let rows: Vec<&str> = stdout.lines().filter(|line| line.split_whitespace().next() == Some(model)).collect();
        assert_eq!(rows.len(), 1, "one row for {model}: {stdout}");
        rows[0].split_whitespace().map(str::to_owned).collect::<Vec<_>>()
    };
    // model, gen ms, lines, warnings, check, clippy, endpoint tests, doctests
    let cases = row("cases");
    assert_eq!(cases[4..8], ["ok", "ok", "2/0/1", "-"], "{stdout}");
    let broken = row("broken");
    assert_eq!(broken[4..8], ["-", "-", "-", "-"], "{stdout}");
    assert!(
        broken[8..].join(" ").starts_with("generate: the model has 1 problem: - example.broken#GetThing:"),
        "the generator's error, on the model's row: {stdout}"
    );
    assert!(!stdout.lines().any(|line| line.starts_with("README")), "only .json files are models: {stdout}");
    assert!(stdout.contains("endpoint tests: 2 passed, 0 failed, 1 skipped"), "{stdout}");
    assert!(stdout.lines().any(|line| line == "skipped 1×: operation `GetThing` is not in the model"), "{stdout}");
    assert_eq!(stdout.lines().last(), Some("1 passed, 1 failed"), "{stdout}");
}
