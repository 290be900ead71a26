//! `cargo xtask diff`: what a change to the model changes for callers, and
//! whether it breaks them; `--changelog` writes `model/CHANGELOG.md` from the
//! model's git history.
//!
//! Exit codes: 0 when the report was printed (or the changelog written) and
//! `--fail-on` was not reached; 1 when `--fail-on` was reached; 2 when the
//! arguments are wrong or a model cannot be read or loaded (the message names
//! the side, base or head, and every problem).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use codegen::diff::report::{self, Format};
use codegen::diff::{self, ModelVersion, Report, Severity, Version};

use crate::{Args, workspace_root};

/// The model, relative to the workspace root (which is the repository root).
const MODEL: &str = "model/wickr.json";
/// Where `--changelog` writes by default, relative to the workspace root.
const CHANGELOG: &str = "model/CHANGELOG.md";

const HELP: &str = "\
usage: cargo xtask diff [--base REV|FILE] [--head REV|FILE] [--format text|markdown|json]
                        [--fail-on breaking|dangerous]
       cargo xtask diff --changelog [--out FILE|-]

Reports what changed in the API between two versions of model/wickr.json: operations
added, removed or updated (request, response, errors, route), every change as a member
path with old -> new and a severity (safe, dangerous, breaking) on the wire, the
version bump each change forces on the generated Rust crate (major, minor, patch) with an
overall `semver:` line, and documentation-only changes apart.

  --base REV|FILE   the old model (default: HEAD). An existing file is read as a model
                    file; anything else is a git revision, read as REV:model/wickr.json.
  --head REV|FILE   the new model (default: model/wickr.json in the working tree).
  --format FORMAT   text (default), markdown or json.
  --fail-on LEVEL   exit 1 when a change is `breaking`, or `dangerous` or worse.
  --changelog       write model/CHANGELOG.md: one section per commit that changed
                    model/wickr.json, newest first, each the Markdown report against
                    the commit's parent.
  --out FILE|-      with --changelog: where to write it (`-`: standard output).

exit codes: 0 done; 1 --fail-on reached; 2 bad arguments or a model that cannot be read
or loaded.";

/// Runs the task; every failure is reported here and exits 2, so exit 1 only
/// ever means `--fail-on` was reached.
pub fn run(args: &[String]) -> Result<ExitCode, String> {
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        println!("{HELP}");
        return Ok(ExitCode::SUCCESS);
    }
    match run_checked(args) {
        Ok(code) => Ok(code),
        Err(message) => {
            eprintln!("error: {message}");
            Ok(ExitCode::from(2))
        }
    }
}

fn run_checked(args: &[String]) -> Result<ExitCode, String> {
    let args = Args::parse(args, &["--base", "--head", "--format", "--fail-on", "--out"], &["--changelog"])?;
    if let Some(extra) = args.positional() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    let root = workspace_root();
    if args.has("--changelog") {
        if let Some(flag) =
            ["--base", "--head", "--format", "--fail-on"].into_iter().find(|flag| args.value(flag).is_some())
        {
            return Err(format!("`--changelog` cannot be combined with `{flag}`"));
        }
        let out = args.value("--out").unwrap_or(CHANGELOG);
        let (text, commits) = changelog(&root)?;
        if out == "-" {
            print!("{text}");
        } else {
            let path = if args.value("--out").is_some() { PathBuf::from(out) } else { root.join(out) };
            fs::write(&path, text).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
            println!("wrote {} ({commits} commits of {MODEL})", path.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    if args.value("--out").is_some() {
        return Err("`--out` only goes with `--changelog`".to_owned());
    }
    let format = match args.value("--format") {
        None => Format::Text,
        Some(text) => Format::parse(text).ok_or_else(|| format!("unknown format `{text}` (text, markdown or json)"))?,
    };
    let fail_on = match args.value("--fail-on") {
        None => None,
        Some(text @ ("breaking" | "dangerous")) => Severity::parse(text),
        Some(text) => return Err(format!("unknown `--fail-on` level `{text}` (breaking or dangerous)")),
    };
    let base = Source::from_arg(args.value("--base"), Source::Revision("HEAD".to_owned()));
    let head = Source::from_arg(args.value("--head"), Source::WorkingTree);
    let base = load(&root, &base, Version::Base)?;
    let head = load(&root, &head, Version::Head)?;
    let report = diff::compare(&base, &head);
    print!("{}", report::render(&report, format));
    match fail_on {
        Some(threshold) if report.reaches(threshold) => {
            eprintln!("the model change has {} changes (`--fail-on {}`)", severity_of(&report), threshold.as_str());
            Ok(ExitCode::FAILURE)
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn severity_of(report: &Report) -> &'static str {
    report.severity().map_or("no", Severity::as_str)
}

/// Where a model comes from.
enum Source {
    /// A model file.
    File(PathBuf),
    /// `git show REV:model/wickr.json`.
    Revision(String),
    /// `model/wickr.json` in the working tree.
    WorkingTree,
}

impl Source {
    /// An argument naming an existing file is that file; any other is a
    /// revision.
    fn from_arg(arg: Option<&str>, default: Source) -> Source {
        match arg {
            None => default,
            Some(arg) if Path::new(arg).is_file() => Source::File(PathBuf::from(arg)),
            Some(arg) => Source::Revision(arg.to_owned()),
        }
    }
}

/// Reads and loads one side of the comparison.
fn load(root: &Path, source: &Source, version: Version) -> Result<ModelVersion, String> {
    let (label, text) = match source {
        Source::File(path) => (path.display().to_string(), read_file(path)?),
        Source::WorkingTree => {
            let path = root.join(MODEL);
            (path.display().to_string(), read_file(&path)?)
        }
        Source::Revision(revision) => {
            if revision.starts_with('-') || revision.is_empty() {
                return Err(format!("`{revision}` is neither a model file nor a git revision"));
            }
            let spec = format!("{revision}:{MODEL}");
            let text = git(root, &["show", &spec])
                .map_err(|error| format!("`{revision}` is not a model file, and {error}"))?;
            (spec, text)
        }
    };
    ModelVersion::load(&text).map_err(|errors| {
        format!("the {} model ({label}) does not load: {}", version.as_str(), errors.to_string().trim_end())
    })
}

fn read_file(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// Runs git in `root` and returns its standard output.
fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!("`git {}` failed: {}", args.join(" "), stderr.trim()));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("`git {}` printed invalid UTF-8", args.join(" ")))
}

/// One commit that changed the model.
struct Commit {
    hash: String,
    short: String,
    date: String,
    subject: String,
}

/// The changelog's text and how many commits it covers.
fn changelog(root: &Path) -> Result<(String, usize), String> {
    let log = git(root, &["log", "--date=short", "--format=%H%x1f%h%x1f%ad%x1f%s", "--", MODEL])?;
    let commits: Vec<Commit> = log
        .lines()
        .filter_map(|line| {
            let mut fields = line.splitn(4, '\u{1f}');
            Some(Commit {
                hash: fields.next()?.to_owned(),
                short: fields.next()?.to_owned(),
                date: fields.next()?.to_owned(),
                subject: fields.next()?.to_owned(),
            })
        })
        .collect();
    let mut text = format!(
        "# Model changelog\n\n\
         What each commit that changed `{MODEL}` changed in the API, newest first:\n\
         operations added, removed or updated, every change with its severity, and\n\
         documentation-only changes apart.\n\n\
         Generated by `cargo xtask diff --changelog` from the git history; do not edit by hand.\n"
    );
    for commit in &commits {
        text.push_str(&format!("\n## {}\n\nCommit `{}`, {}.\n\n", commit.subject, commit.short, commit.date));
        text.push_str(&section(root, commit)?);
    }
    Ok((text, commits.len()))
}

/// The Markdown report of one commit against its parent.
fn section(root: &Path, commit: &Commit) -> Result<String, String> {
    let model_at = |revision: &str| -> Option<String> { git(root, &["show", &format!("{revision}:{MODEL}")]).ok() };
    let Some(head_text) = model_at(&commit.hash) else {
        return Ok(format!("This commit removed `{MODEL}`.\n"));
    };
    let head = match ModelVersion::load(&head_text) {
        Ok(head) => head,
        Err(errors) => return Ok(not_loading("The model at this commit", &errors.to_string())),
    };
    let parent = git(root, &["rev-parse", "--verify", "--quiet", &format!("{}^", commit.hash)]).ok();
    let base_text = parent.as_deref().map(str::trim).and_then(model_at);
    let report = match base_text.map(|text| ModelVersion::load(&text)) {
        None => diff::introduce(&head),
        Some(Ok(base)) => diff::compare(&base, &head),
        Some(Err(errors)) => {
            let mut text = not_loading("The model before this commit", &errors.to_string());
            text.push_str("\nEvery operation is listed as added.\n\n");
            text.push_str(&report::markdown::render(&diff::introduce(&head), 3));
            return Ok(text);
        }
    };
    Ok(report::markdown::render(&report, 3))
}

fn not_loading(what: &str, errors: &str) -> String {
    format!("{what} does not load:\n\n```text\n{}\n```\n", errors.trim_end())
}
