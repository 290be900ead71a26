//! `cargo xtask corpus DIR [--jobs N] [--scratch DIR]`: the generator tried
//! as a new user would, on a directory of published models. Every model is
//! generated into a scratch workspace (default `target/corpus/`), then the
//! whole workspace is linted once (`cargo clippy --all-features -D warnings`,
//! which checks first), so dependencies build once for all crates. The table
//! gives, per model, the generation time, the generated lines, the warnings
//! the generator printed, whether the crate compiles and lints clean, the
//! results of its generated endpoint tests (`smithy.rules#endpointTests`:
//! passed/failed/skipped), for a model with `@examples` whether they compile
//! as the doctests they become (passed/failed), and the first error; then
//! the reasons cases were skipped, and last `N passed, M failed`.

use std::collections::BTreeMap;
use std::fs;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use codegen::Config;

use crate::{Args, workspace_root};

/// What happened to one model.
#[derive(Default)]
struct Row {
    generate_ms: u128,
    lines: usize,
    warnings: usize,
    /// A generator error, else the first compile error, else the first lint.
    first_error: Option<String>,
    compile_errors: usize,
    lint_errors: usize,
    built: bool,
    /// The endpoint tests' (passed, failed, skipped), when the crate has them.
    endpoint_tests: Option<(usize, usize, usize)>,
    /// The generated package's name.
    package: String,
    /// How many `@examples` the model has (each a doctest).
    examples: usize,
    /// The doctests' (passed, failed), when the model has examples.
    doctests: Option<(usize, usize)>,
}

pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let args = Args::parse(args, &["--jobs", "--scratch"], &[])?;
    let dir = args.positional().ok_or("`corpus` needs the directory of models")?;
    let jobs = args.value("--jobs").unwrap_or("2");
    let root = workspace_root();
    let scratch = args.value("--scratch").map(PathBuf::from).unwrap_or_else(|| root.join("target/corpus"));
    let scratch = crate::codegen_task::absolute(&scratch);
    let mut models: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|error| format!("cannot read {dir}: {error}"))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    models.sort();
    fs::create_dir_all(&scratch).map_err(|error| format!("{}: {error}", scratch.display()))?;

    let mut rows: BTreeMap<String, Row> = BTreeMap::new();
    for model in &models {
        let name = model.file_stem().and_then(|stem| stem.to_str()).unwrap_or_default().to_owned();
        let row = rows.entry(name.clone()).or_default();
        let started = Instant::now();
        match generate(model, &scratch.join(&name), &root) {
            Ok(generated) => {
                row.lines = generated.lines;
                row.warnings = generated.warnings;
                row.package = generated.package;
                row.examples = generated.examples;
            }
            Err(message) => row.first_error = Some(format!("generate: {message}")),
        }
        row.generate_ms = started.elapsed().as_millis();
    }
    let generated: Vec<&String> =
        rows.iter().filter(|(_, row)| row.first_error.is_none()).map(|(name, _)| name).collect();
    write_workspace(&scratch, &generated)?;
    lint(&scratch, jobs, &mut rows)?;
    let skip_reasons = endpoint_tests(&scratch, jobs, &mut rows)?;
    doctests(&scratch, jobs, &mut rows)?;

    println!(
        "{:<44} {:>8} {:>8} {:>5} {:>6} {:>6} {:>14} {:>9}  first error",
        "model", "gen ms", "lines", "warn", "check", "clippy", "endpoint tests", "doctests"
    );
    let mut totals = (0, 0, 0);
    let mut passed = 0;
    for (name, row) in &rows {
        let generated = row.first_error.as_deref().is_none_or(|error| !error.starts_with("generate:"));
        let check = if !generated {
            "-"
        } else if row.compile_errors == 0 && row.built {
            "ok"
        } else {
            "FAIL"
        };
        let clippy = if check != "ok" {
            "-"
        } else if row.lint_errors == 0 {
            "ok"
        } else {
            "FAIL"
        };
        let endpoints = match row.endpoint_tests {
            Some((ok, failed, skipped)) => {
                totals = (totals.0 + ok, totals.1 + failed, totals.2 + skipped);
                format!("{ok}/{failed}/{skipped}")
            }
            None => "-".to_owned(),
        };
        let doctests = match row.doctests {
            Some((ok, failed)) => format!("{ok}/{failed}"),
            None => "-".to_owned(),
        };
        if clippy == "ok"
            && row.endpoint_tests.is_none_or(|(_, failed, _)| failed == 0)
            && row.doctests.is_none_or(|(_, failed)| failed == 0)
        {
            passed += 1;
        }
        // One line per model: a generator error lists its problems on lines of their own.
        let error = row.first_error.as_deref().unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
        let error: String = error.chars().take(100).collect();
        println!(
            "{name:<44} {:>8} {:>8} {:>5} {check:>6} {clippy:>6} {endpoints:>14} {doctests:>9}  {error}",
            row.generate_ms, row.lines, row.warnings
        );
    }
    println!("endpoint tests: {} passed, {} failed, {} skipped", totals.0, totals.1, totals.2);
    for (reason, count) in &skip_reasons {
        println!("skipped {count}×: {reason}");
    }
    println!("{passed} passed, {} failed", rows.len() - passed);
    Ok(if passed == rows.len() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// What generating one model gave.
pub(crate) struct Generated {
    /// Lines of Rust.
    lines: usize,
    /// Warnings printed.
    warnings: usize,
    /// The package's name.
    package: String,
    /// `@examples`, each a doctest.
    examples: usize,
}

/// Generates one model's crate (config derived, warnings printed).
pub(crate) fn generate(model: &Path, out: &Path, root: &Path) -> Result<Generated, String> {
    let text = fs::read_to_string(model).map_err(|error| format!("cannot read {}: {error}", model.display()))?;
    let ir = codegen::ir::build_from_str(&text, &Config::example()).map_err(|errors| errors.to_string())?;
    for warning in &ir.warnings {
        eprintln!("warning: {}: {warning}", model.display());
    }
    let runtime = crate::codegen_task::relative_path(&crate::codegen_task::absolute(out), &root.join("runtime"));
    let config = Config::derived(&ir, runtime);
    let files = codegen::emit::emit(&ir, &config);
    codegen::output::write_atomically(out, &files).map_err(|error| format!("writing {}: {error}", out.display()))?;
    let lines = files.iter().filter(|file| file.path.ends_with(".rs")).map(|file| file.contents.lines().count()).sum();
    Ok(Generated {
        lines,
        warnings: ir.warnings.len(),
        package: config.krate.name,
        examples: ir.operations.iter().map(|op| op.examples.len()).sum(),
    })
}

fn write_workspace(scratch: &Path, members: &[&String]) -> Result<(), String> {
    let members: String = members.iter().map(|name| format!("  \"{name}\",\n")).collect();
    let manifest = format!(
        "# Written by `cargo xtask corpus`.\n[workspace]\nresolver = \"3\"\nmembers = [\n{members}]\n\n\
         [profile.dev]\ndebug = false\n"
    );
    fs::write(scratch.join("Cargo.toml"), manifest).map_err(|error| format!("{}: {error}", scratch.display()))
}

/// Lints the scratch workspace, reading cargo's JSON messages into the rows.
fn lint(scratch: &Path, jobs: &str, rows: &mut BTreeMap<String, Row>) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut child = Command::new(cargo)
        .current_dir(scratch)
        .args(["clippy", "--workspace", "--all-features", "--keep-going", "--message-format=json", "-j", jobs])
        .args(["--", "-D", "warnings"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let stdout = child.stdout.take().ok_or("no cargo output")?;
    for line in std::io::BufReader::new(stdout).lines() {
        let Ok(line) = line else { break };
        let Ok(message) = serde_json::from_str::<serde_json::Value>(&line) else { continue };
        let Some(model) = message["package_id"].as_str().and_then(|id| model_of(id, scratch)) else { continue };
        let Some(row) = rows.get_mut(&model) else { continue };
        match message["reason"].as_str() {
            Some("compiler-artifact") => row.built = true,
            Some("compiler-message") if message["message"]["level"] == "error" => {
                let code = message["message"]["code"]["code"].as_str().unwrap_or_default();
                // Lints promoted by -D warnings have a lint name; compile errors an E-code or none.
                let is_lint = !code.is_empty() && !code.starts_with('E');
                if is_lint {
                    row.lint_errors += 1
                } else {
                    row.compile_errors += 1
                }
                let text = message["message"]["rendered"].as_str().unwrap_or_default();
                let first = text.lines().take(2).collect::<Vec<_>>().join(" ");
                if row.first_error.is_none() || (!is_lint && row.compile_errors == 1) {
                    row.first_error = Some(first);
                }
            }
            _ => {}
        }
    }
    child.wait().map_err(|error| format!("cargo: {error}"))?;
    Ok(())
}

/// Builds every crate's `endpoint_tests` (default features) and runs each, recording its
/// counts (and its first failure) in the rows; the skip reasons, counted.
fn endpoint_tests(
    scratch: &Path,
    jobs: &str,
    rows: &mut BTreeMap<String, Row>,
) -> Result<BTreeMap<String, usize>, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let built = Command::new(&cargo)
        .current_dir(scratch)
        // The default features: the tests need neither the tool nor aws-config,
        // whose dependencies would be built a second time (clippy only checked them).
        .args(["test", "--workspace", "--test", "endpoint_tests", "--no-run"])
        // Without --no-fail-fast a crate whose tests do not build would stop the others.
        .args(["--no-fail-fast", "--message-format=json", "-j", jobs])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    let mut reasons = BTreeMap::new();
    for line in String::from_utf8_lossy(&built.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
        if message["reason"] != "compiler-artifact" || message["target"]["name"] != "endpoint_tests" {
            continue;
        }
        let Some(executable) = message["executable"].as_str() else { continue };
        let Some(model) = message["package_id"].as_str().and_then(|id| model_of(id, scratch)) else { continue };
        let Some(row) = rows.get_mut(&model) else { continue };
        let run = Command::new(executable)
            .current_dir(scratch)
            .args(["--test-threads", jobs])
            .output()
            .map_err(|error| format!("cannot run {executable}: {error}"))?;
        let stdout = String::from_utf8_lossy(&run.stdout);
        row.endpoint_tests = crate::protocol_test_task::summarize(&stdout);
        if row.endpoint_tests.is_some_and(|(_, failed, _)| failed > 0) && row.first_error.is_none() {
            // libtest prints the panic's location, then its message.
            let mut lines = stdout.lines().skip_while(|line| !line.contains("panicked at"));
            let failure = lines.nth(1).unwrap_or("an endpoint test failed");
            row.first_error = Some(format!("endpoint tests: {}", failure.trim()));
        }
        for (_, reason) in crate::protocol_test_task::skipped_tests(&stdout) {
            *reasons.entry(reason.to_owned()).or_insert(0) += 1;
        }
    }
    Ok(reasons)
}

/// Compiles (and so runs: they are `no_run`) the doctests of every crate
/// that linted clean and has examples, one crate at a time.
fn doctests(scratch: &Path, jobs: &str, rows: &mut BTreeMap<String, Row>) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    for row in rows.values_mut().filter(|row| row.examples > 0 && row.built && row.compile_errors == 0) {
        let run = Command::new(&cargo)
            .current_dir(scratch)
            .args(["test", "--all-features", "--doc", "-j", jobs, "-p", &row.package])
            .stderr(Stdio::inherit())
            .output()
            .map_err(|error| format!("cannot run cargo: {error}"))?;
        let stdout = String::from_utf8_lossy(&run.stdout);
        let summary = crate::protocol_test_task::summarize(&stdout);
        row.doctests = Some(summary.map_or((0, row.examples), |(ok, failed, _)| (ok, failed)));
        if !run.status.success() && row.first_error.is_none() {
            row.first_error = Some("doctests: an example does not compile".to_owned());
        }
    }
    Ok(())
}

/// The model a package id (`path+file:///…/scratch/<model>#name@0.1.0`) belongs to.
fn model_of(package_id: &str, scratch: &Path) -> Option<String> {
    let path = package_id.strip_prefix("path+file://")?.split('#').next()?;
    let relative = Path::new(path).strip_prefix(scratch).ok()?;
    relative.components().next().map(|part| part.as_os_str().to_string_lossy().into_owned())
}
