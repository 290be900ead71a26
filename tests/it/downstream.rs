//! The `compile_fail,E…` examples of `tests/downstream/lib.rs`, checked for
//! their error codes. Stable rustdoc ignores the code after `compile_fail`,
//! so as doctests any compile error (a typo, a renamed path) would pass them;
//! here each is compiled by rustc against the first version's SDK, as built
//! for this test binary, and must fail with the code it names.
//!
//! A control snippet, which only names the items the examples use, must
//! compile against the same library first: it proves the setup (the rlib,
//! its dependencies, the compiler) is sound, so a failure of an example is
//! its own.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The crate the examples use (a dev-dependency, so its rlib sits beside
/// this test binary).
const CRATE: &str = "fixture_evolution_v1_sdk";

/// What must compile against the library the examples are checked with.
const CONTROL: &str = "\
use fixture_evolution_v1_sdk::operation::PutThingError;
use fixture_evolution_v1_sdk::types::{Color, Outline, Thing};
let _ = (Thing::builder().name(\"lamp\").build(), Color::Red, Outline::Circle(1));
fn code(error: &PutThingError) -> &str {
    match error {
        PutThingError::NotFound(_) => \"NotFound\",
        _ => \"another\",
    }
}
";

/// One ```` ```compile_fail,E0000 ```` block of the docs: its code and text.
struct Example {
    code: String,
    source: String,
}

/// The `compile_fail` blocks of the `//!` docs of `text`.
fn examples(text: &str) -> Vec<Example> {
    let mut found = Vec::new();
    let mut current: Option<Example> = None;
    for line in text.lines().filter_map(|line| line.strip_prefix("//!")) {
        let line = line.strip_prefix(' ').unwrap_or(line);
        match (&mut current, line.strip_prefix("```")) {
            (None, Some(info)) => {
                if let Some(code) = info.split(',').find(|part| part.starts_with('E')) {
                    assert!(info.split(',').any(|part| part == "compile_fail"), "an error code without compile_fail");
                    current = Some(Example { code: code.to_owned(), source: String::new() });
                }
            }
            (Some(_), Some(_)) => found.extend(current.take()),
            (Some(example), None) => {
                example.source.push_str(line);
                example.source.push('\n');
            }
            (None, None) => {}
        }
    }
    found
}

/// The error codes rustc reports for `body` (in a `fn main`, as rustdoc
/// wraps a doctest), compiled against `library`; empty when it compiles.
fn error_codes(body: &str, library: &Path, scratch: &Path) -> Result<Vec<String>, String> {
    let deps = library.parent().expect("the rlib is in a directory");
    let source = scratch.join("example.rs");
    std::fs::write(&source, format!("#![allow(unused)]\nfn main() {{\n{body}}}\n")).unwrap();
    let output = Command::new(std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into()))
        .args(["--edition", "2024", "--crate-type", "lib", "--crate-name", "example", "--emit=metadata"])
        .arg("--out-dir")
        .arg(scratch)
        .arg("--error-format=json")
        .arg("-L")
        .arg(format!("dependency={}", deps.display()))
        .arg("--extern")
        .arg(format!("{CRATE}={}", library.display()))
        .arg(&source)
        .output()
        .map_err(|e| format!("cannot run rustc: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut codes = Vec::new();
    let mut messages = Vec::new();
    for line in stderr.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if message["level"] != "error" {
            continue;
        }
        if let Some(code) = message["code"]["code"].as_str() {
            codes.push(code.to_owned());
        }
        messages.push(message["message"].as_str().unwrap_or_default().to_owned());
    }
    match (output.status.success(), codes.is_empty()) {
        (true, _) => Ok(Vec::new()),
        (false, false) => Ok(codes),
        (false, true) => Err(format!("rustc failed without an error code: {messages:?}\n{stderr}")),
    }
}

/// The builds of the library beside this test binary, newest first.
fn candidates() -> Vec<PathBuf> {
    let exe = std::env::current_exe().expect("the test binary's path");
    let deps = exe.parent().expect("the test binary is in a directory");
    let prefix = format!("lib{CRATE}-");
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(deps)
        .expect("the deps directory is readable")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
            name.starts_with(&prefix) && name.ends_with(".rlib")
        })
        .filter_map(|path| Some((path.metadata().ok()?.modified().ok()?, path)))
        .collect();
    found.sort();
    found.into_iter().rev().map(|(_, path)| path).collect()
}

#[test]
fn each_compile_fail_example_fails_with_the_error_code_it_names() {
    let text = std::fs::read_to_string(sdk_tests::workspace_root().join("tests/downstream/lib.rs")).unwrap();
    let examples = examples(&text);
    assert_eq!(examples.len(), 4, "the struct literal and the three exhaustive matches");
    let scratch = tempfile::tempdir().unwrap();
    // The newest build the control compiles against.
    let mut tried = Vec::new();
    let library = candidates()
        .into_iter()
        .find(|library| match error_codes(CONTROL, library, scratch.path()) {
            Ok(codes) if codes.is_empty() => true,
            outcome => {
                tried.push(format!("{}: {outcome:?}", library.display()));
                false
            }
        })
        .unwrap_or_else(|| panic!("no build of {CRATE} that the control compiles against: {tried:#?}"));
    for example in &examples {
        let codes = error_codes(&example.source, &library, scratch.path()).unwrap();
        assert!(
            codes.contains(&example.code),
            "expected {} from\n{}\nrustc reported {codes:?}",
            example.code,
            example.source
        );
    }
}
