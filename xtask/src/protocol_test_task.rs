//! `cargo xtask protocol-test --model PATH [--scratch DIR]`: a model's SDK
//! and the protocol tests of its `smithy.test` cases, generated into a
//! scratch workspace (default `target/protocol-test/`) and run; prints every
//! failure and skip with its reason, and ends with `N passed, M failed`.

use std::fs;
use std::path::{Path, PathBuf};
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
    let output = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(&scratch)
        .args([
            "test",
            "--features",
            "server",
            "--test",
            "protocol_tests",
            "--",
            "--include-ignored",
            "--test-threads",
            "2",
        ])
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary = summarize(&stdout);
    if summary.is_none() {
        // It did not build: what cargo said is the report.
        eprintln!("{stderr}");
        return Err(format!("the protocol tests of {} did not build", model.display()));
    }
    print!("{}", failures(&stdout));
    let (passed, failed, skipped) = summary.unwrap_or_default();
    for line in skipped_lines(&scratch.join(&name)) {
        println!("skipped: {line}");
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

/// The ignored tests and their reasons, from the generated file.
fn skipped_lines(crate_dir: &Path) -> Vec<String> {
    let text = fs::read_to_string(crate_dir.join("tests/protocol_tests.rs")).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter_map(|(index, line)| {
            let reason = line.trim().strip_prefix("#[ignore = ")?.strip_suffix(")]")?;
            let name = lines[index + 1..].iter().find_map(|next| next.trim().strip_prefix("fn "))?;
            Some(format!("{}: {reason}", name.trim_end_matches("() {}")))
        })
        .collect()
}
