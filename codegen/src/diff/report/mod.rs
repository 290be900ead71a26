//! Renders a [`Report`] for people ([`text`], [`markdown`]) or
//! machines ([`json`]).

pub mod json;
pub mod markdown;
pub mod text;

use super::{Change, OperationDiff, Report, Semver, Status};

/// The output formats of a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// GitHub-flavoured Markdown, for pull requests and changelogs.
    Markdown,
    /// One JSON object, for tools.
    Json,
}

impl Format {
    /// Parses `text`, `markdown` or `json`.
    pub fn parse(text: &str) -> Option<Format> {
        match text {
            "text" => Some(Format::Text),
            "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Renders `report` as a standalone document in `format`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text::render(report),
        Format::Markdown => format!("# API changes\n\n{}", markdown::render(report, 2)),
        Format::Json => json::render(report),
    }
}

/// `2 operations added, 0 removed, 1 updated; 1 error shape changed; 3 documentation changes`.
fn summary(report: &Report) -> String {
    let count = |status| report.with_status(status).count();
    format!(
        "{} added, {} removed, {} updated; {} changed; {}",
        plural(count(Status::Added), "operation"),
        count(Status::Removed),
        count(Status::Updated),
        plural(report.error_shapes.len(), "error shape"),
        plural(report.documentation.len(), "documentation change"),
    )
}

/// Whether the change breaks callers (`yes` or `no`, emphasised with
/// `strong` on both sides), then the highest severity.
fn verdict(report: &Report, strong: &str) -> String {
    let answer = if report.is_breaking() { "yes" } else { "no" };
    match report.severity() {
        Some(severity) => format!("{strong}{answer}{strong} (highest severity: {})", severity.as_str()),
        None => format!("{strong}{answer}{strong}"),
    }
}

/// `semver: minor (…)`: the bump the update forces on the generated crate.
fn semver_line(report: &Report) -> String {
    let semver = report.semver();
    let meaning = match semver {
        Semver::Major => "code using the generated crate can break",
        Semver::Minor => "the generated crate gains API; code using it still compiles",
        Semver::Patch => "the generated crate's API is unchanged",
    };
    format!("semver: {} ({meaning})", semver.as_str())
}

/// `request, response`: the sides an operation's changes touch.
fn sides(operation: &OperationDiff) -> String {
    operation.sides().iter().map(|side| side.as_str()).collect::<Vec<_>>().join(", ")
}

/// The operations that return an error shape: a few by name, many by count.
fn returned_by(operations: &[String]) -> String {
    if operations.len() <= 5 { operations.join(", ") } else { plural(operations.len(), "operation") }
}

/// `member added: integer, optional`, `type changed: string → integer`.
fn change_phrase(change: &Change) -> String {
    let label = change.kind.label();
    match (&change.old, &change.new) {
        (Some(old), Some(new)) => format!("{label}: {old} → {new}"),
        (Some(value), None) | (None, Some(value)) => format!("{label}: {value}"),
        (None, None) => label,
    }
}

fn plural(count: usize, noun: &str) -> String {
    format!("{count} {noun}{}", if count == 1 { "" } else { "s" })
}
