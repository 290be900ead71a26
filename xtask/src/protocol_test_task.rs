//! `cargo xtask protocol-test --model PATH [--scratch DIR]`: a model's SDK
//! and the protocol tests of its `smithy.test` cases, generated into a
//! scratch workspace (default `target/protocol-test/`) and run; prints every
//! failure and skip with its reason, and ends with `N passed, M failed`
//! (and `, K skipped`: a case the generator could not write is never counted
//! as passed).

use std::fs;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

use crate::{Args, workspace_root};

pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let args = Args::parse(args, &["--model", "--scratch"], &[])?;
    if let Some(extra) = args.positional() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    let model = PathBuf::from(args.value("--model").ok_or("`protocol-test` needs `--model PATH`")?);
    let root = workspace_root();
    let scratch = args.value("--scratch").map(PathBuf::from).unwrap_or_else(|| root.join("target/protocol-test"));
    let scratch = crate::codegen_task::absolute(&scratch);
    let name = model.file_stem().and_then(|stem| stem.to_str()).unwrap_or("model").to_owned();
    fs::create_dir_all(&scratch).map_err(|error| format!("{}: {error}", scratch.display()))?;
    crate::corpus_task::generate(&model, &scratch.join(&name), &root)?;
    let manifest = format!(
        "# Written by `cargo xtask protocol-test`.\n[workspace]\nresolver = \"3\"\nmembers = [\"{name}\"]\n\n\
         [profile.dev]\ndebug = false\n"
    );
    fs::write(scratch.join("Cargo.toml"), manifest).map_err(|error| format!("{}: {error}", scratch.display()))?;
    // Ignored tests (cases the generator could not write) stay ignored:
    // libtest counts them apart and prints each one's reason.
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(&scratch)
        // The server side's cases run too (feature `server`).
        .args(["test", "--features", "server", "--test", "protocol_tests", "--", "--test-threads", "2"])
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let Some((passed, failed, skipped)) = summarize(&stdout) else {
        // It did not build: what cargo said is the report.
        eprintln!("{stderr}");
        return Err(format!("the protocol tests of {} did not build", model.display()));
    };
    print!("{}", failures(&stdout));
    for (test, reason) in skipped_tests(&stdout) {
        println!("skipped: {test}: {reason}");
    }
    println!(
        "{passed} passed, {failed} failed{}",
        if skipped > 0 { format!(", {skipped} skipped") } else { String::new() }
    );
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// `(passed, failed, ignored)` from libtest's result line.
pub(crate) fn summarize(stdout: &str) -> Option<(usize, usize, usize)> {
    let line = stdout.lines().find(|line| line.starts_with("test result:"))?;
    let count = |label: &str| {
        line.split(';').find_map(|part| part.trim().strip_suffix(label)?.trim().rsplit(' ').next()?.parse().ok())
    };
    Some((count(" passed")?, count(" failed")?, count(" ignored").unwrap_or(0)))
}

/// libtest's failure section, as printed.
fn failures(stdout: &str) -> String {
    match stdout.find("\nfailures:\n") {
        Some(start) => {
            let rest = &stdout[start..];
            let end = rest.find("\ntest result:").unwrap_or(rest.len());
            format!("{}\n", rest[..end].trim_end())
        }
        None => String::new(),
    }
}

/// The tests libtest ignored, with their reasons (`test name ... ignored, reason`).
pub(crate) fn skipped_tests(stdout: &str) -> Vec<(&str, &str)> {
    stdout
        .lines()
        .filter_map(|line| {
            let (test, reason) = line.strip_prefix("test ")?.split_once(" ... ignored")?;
            Some((test, reason.strip_prefix(", ").unwrap_or("no reason given")))
        })
        .collect()
}
