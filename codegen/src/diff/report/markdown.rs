//! The report as GitHub-flavoured Markdown, for pull requests and the model
//! changelog.

use std::fmt::Write;

use super::{returned_by, semver_line, sides, summary, verdict};
use crate::diff::{Change, Report, Severity, Status};

/// Renders `report` with its section headings at `level` (`2` → `##`) and
/// one heading per updated operation one level below. Ends with a newline.
pub fn render(report: &Report, level: usize) -> String {
    if report.is_empty() {
        return format!("No API changes.\n\n{}.\n", semver_line(report));
    }
    let section = "#".repeat(level.clamp(1, 5));
    let item = "#".repeat(level.clamp(1, 5) + 1);
    let mut out = String::new();
    let _ = writeln!(out, "{}.", capitalised(&summary(report)));
    let _ = writeln!(out, "Breaking: {}.", verdict(report, "**"));
    let _ = writeln!(out, "{}.", semver_line(report));

    for (status, title) in [(Status::Added, "Added operations"), (Status::Removed, "Removed operations")] {
        let operations: Vec<_> = report.with_status(status).collect();
        if operations.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{section} {title}\n");
        for operation in operations {
            let _ = write!(out, "- {} — {}", code(&operation.name), code(&operation.route));
            if status == Status::Removed {
                let _ = write!(out, " ({})", severity(operation.severity()));
            }
            out.push('\n');
        }
    }

    let updated: Vec<_> = report.with_status(Status::Updated).collect();
    if !updated.is_empty() {
        let _ = writeln!(out, "\n{section} Updated operations");
        for operation in updated {
            let _ = writeln!(out, "\n{item} {} ({})\n", operation.name, sides(operation));
            table(&mut out, &operation.changes);
        }
    }

    if !report.error_shapes.is_empty() {
        let _ = writeln!(out, "\n{section} Changed error shapes");
        for error in &report.error_shapes {
            let _ = writeln!(out, "\n{item} {}\n", error.name);
            let _ = writeln!(out, "Returned by {}.\n", returned_by(&error.operations));
            table(&mut out, &error.changes);
        }
    }

    if !report.rust.is_empty() {
        let _ = writeln!(out, "\n{section} Generated crate's API\n");
        let _ = writeln!(out, "From the changes above together.\n");
        for change in &report.rust {
            let _ = writeln!(out, "- {}: {} ({})", code(&change.item), change.description, change.semver.as_str());
        }
    }

    if !report.documentation.is_empty() {
        let _ = writeln!(out, "\n{section} Documentation changes\n");
        let _ = writeln!(out, "Documentation only; no API change.\n");
        for doc in &report.documentation {
            let _ = writeln!(out, "- {}", code(&doc.target));
        }
    }
    out
}

fn table(out: &mut String, changes: &[Change]) {
    let _ = writeln!(out, "| Severity | Semver | Side | Path | Change | Old | New |");
    let _ = writeln!(out, "|---|---|---|---|---|---|---|");
    for change in changes {
        let value = |value: &Option<String>| value.as_deref().map(code).unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            severity(change.severity),
            change.semver().as_str(),
            change.side.as_str(),
            if change.path.is_empty() { String::new() } else { code(&change.path) },
            change.kind.label(),
            value(&change.old),
            value(&change.new),
        );
    }
}

fn severity(severity: Severity) -> String {
    match severity {
        Severity::Breaking => format!("**{}**", severity.as_str()),
        other => other.as_str().to_owned(),
    }
}

/// A code span that survives table cells: one line, pipes escaped, fenced
/// with enough backticks.
fn code(text: &str) -> String {
    crate::markdown::prose::code(&text.replace(['\n', '\r'], " ").replace('|', "\\|"))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::code;

    #[test]
    fn code_spans_escape_pipes_and_backticks() {
        assert_eq!(code("a|b"), "`a\\|b`");
        assert_eq!(code("x`y"), "``x`y``");
        assert_eq!(code("`x"), "`` `x ``");
    }
}
