//! The report as plain text, for a terminal.

use std::fmt::Write;

use super::{change_phrase, returned_by, semver_line, sides, summary, verdict};
use crate::diff::{Change, Report, Status};

/// Renders `report` as plain text, ending with a newline.
pub fn render(report: &Report) -> String {
    if report.is_empty() {
        return format!("No API changes.\n{}\n", semver_line(report));
    }
    let mut out = String::new();
    let _ = writeln!(out, "API changes: {}.", summary(report));
    let _ = writeln!(out, "Breaking: {}.", verdict(report, ""));
    let _ = writeln!(out, "{}", semver_line(report));

    for (status, title, mark) in
        [(Status::Added, "Added operations", '+'), (Status::Removed, "Removed operations", '-')]
    {
        let operations: Vec<_> = report.with_status(status).collect();
        if operations.is_empty() {
            continue;
        }
        let width = operations.iter().map(|operation| operation.name.len()).max().unwrap_or(0);
        let _ = writeln!(out, "\n{title}:");
        for operation in operations {
            let _ = write!(out, "  {mark} {:<width$}  {}", operation.name, operation.route);
            if status == Status::Removed {
                let _ = write!(out, "  [{}]", operation.severity().as_str());
            }
            out.push('\n');
        }
    }

    let updated: Vec<_> = report.with_status(Status::Updated).collect();
    if !updated.is_empty() {
        let _ = writeln!(out, "\nUpdated operations:");
        for operation in updated {
            let _ = writeln!(out, "  ~ {} ({})", operation.name, sides(operation));
            for change in &operation.changes {
                line(&mut out, change);
            }
        }
    }

    if !report.error_shapes.is_empty() {
        let _ = writeln!(out, "\nChanged error shapes:");
        for error in &report.error_shapes {
            let _ = writeln!(out, "  ~ {} (returned by {})", error.name, returned_by(&error.operations));
            for change in &error.changes {
                line(&mut out, change);
            }
        }
    }

    if !report.rust.is_empty() {
        let _ = writeln!(out, "\nGenerated crate's API (from the changes above together):");
        for change in &report.rust {
            let _ = writeln!(out, "      {:<6} {}: {}", change.semver.as_str(), change.item, change.description);
        }
    }

    if !report.documentation.is_empty() {
        let _ = writeln!(out, "\nDocumentation changes (no API change):");
        for doc in &report.documentation {
            let _ = writeln!(out, "    {}", doc.target);
        }
    }
    out
}

/// `      safe      minor  request   path: member added: integer, optional`:
/// the severity on the wire, then the bump for the generated crate.
fn line(out: &mut String, change: &Change) {
    let (severity, semver, side) = (change.severity.as_str(), change.semver().as_str(), change.side.as_str());
    let _ = write!(out, "      {severity:<9} {semver:<6} {side:<9} ");
    if !change.path.is_empty() {
        let _ = write!(out, "{}: ", change.path);
    }
    let _ = writeln!(out, "{}", change_phrase(change));
}
