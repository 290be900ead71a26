//! `cargo xtask <task>`: the project's automation, in Rust so it runs wherever
//! cargo does.
//!
//! - `cargo xtask codegen [--check]`: the SDK and every fixture crate, from
//!   the models in the repository; `--model PATH --out DIR [--config PATH]`
//!   for one model anywhere ([`codegen_task`]).
//! - `cargo xtask diff [--base …] [--head …] [--format …] [--fail-on …] [--changelog]`:
//!   the API change report between two versions of the model ([`diff_task`]).
//! - `cargo xtask corpus DIR`: every model in a directory generated, compiled
//!   and linted, as a table ([`corpus_task`]).
//! - `cargo xtask protocol-test --model PATH`: a model's `smithy.test` cases
//!   as generated tests, run ([`protocol_test_task`]).

mod codegen_task;
mod corpus_task;
mod diff_task;
mod protocol_test_task;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task> [options]

tasks:
  codegen [--check]
      Regenerate the SDK (model/wickr.json with model/codegen.toml, into
      generated/) and every fixture crate (tests/fixtures/codegen/*.json,
      into tests/output/). --check writes nothing and exits 1 listing files
      that are stale, missing or extra.
  codegen --model PATH --out DIR [--config PATH] [--check]
      One model's crate. The config is PATH, else the codegen.toml beside
      the model, else derived from the model (names from its sdkId).
  diff [--base REV|FILE] [--head REV|FILE] [--format text|markdown|json]
       [--fail-on breaking|dangerous] [--changelog]
      Report what a model change changes for callers, and whether it breaks.
  corpus DIR [--jobs N] [--scratch DIR]
      Generate every model in DIR into a scratch workspace (default
      target/corpus), lint them all with every feature, and print a table
      ending in `N passed, M failed`.
  protocol-test --model PATH [--scratch DIR]
      Generate the model's SDK with the protocol tests of its smithy.test
      cases into a scratch workspace (default target/protocol-test), run
      them, and end with `N passed, M failed`.";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let task = args.next();
    let rest: Vec<String> = args.collect();
    let result = match task.as_deref() {
        Some("codegen") => codegen_task::run(&rest),
        Some("diff") => diff_task::run(&rest),
        Some("corpus") => corpus_task::run(&rest),
        Some("protocol-test") => protocol_test_task::run(&rest),
        Some("-h" | "--help") | None => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => Err(format!("unknown task `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: xtask lives one level below it.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}

/// Takes `--flag VALUE` pairs, bare `--switch`es and at most one positional
/// argument from `args`.
pub struct Args {
    pairs: Vec<(String, Option<String>)>,
    positional: Option<String>,
}

impl Args {
    /// Splits `args`; `valued` lists the flags that take a value.
    pub fn parse(args: &[String], valued: &[&str], switches: &[&str]) -> Result<Args, String> {
        let mut pairs = Vec::new();
        let mut positional = None;
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) => (flag, Some(value.to_owned())),
                None => (arg.as_str(), None),
            };
            if valued.contains(&flag) {
                let value = match inline {
                    Some(value) => value,
                    None => iter.next().cloned().ok_or_else(|| format!("`{flag}` needs a value"))?,
                };
                pairs.push((flag.to_owned(), Some(value)));
            } else if switches.contains(&flag) && inline.is_none() {
                pairs.push((flag.to_owned(), None));
            } else if !arg.starts_with('-') && positional.is_none() {
                positional = Some(arg.clone());
            } else {
                return Err(format!("unexpected argument `{arg}`\n\n{USAGE}"));
            }
        }
        Ok(Args { pairs, positional })
    }

    /// The last value given for `flag`.
    pub fn value(&self, flag: &str) -> Option<&str> {
        self.pairs.iter().rev().find(|(name, _)| name == flag).and_then(|(_, value)| value.as_deref())
    }

    /// The positional argument, if any.
    pub fn positional(&self) -> Option<&str> {
        self.positional.as_deref()
    }

    /// Whether the switch was given.
    pub fn has(&self, flag: &str) -> bool {
        self.pairs.iter().any(|(name, _)| name == flag)
    }
}
