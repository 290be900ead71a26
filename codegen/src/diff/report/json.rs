//! The report as one JSON object, for tools.
//!
//! ```json
//! {
//!   "breaking": false,
//!   "severity": "safe",
//!   "semver": "minor",
//!   "summary": {"added": 0, "removed": 0, "updated": 1, "error_shapes": 0, "documentation": 0},
//!   "operations": [{
//!     "name": "UpdateThing", "status": "updated", "route": "PUT /things/{id}",
//!     "request": true, "response": false, "sides": ["request"],
//!     "breaking": false, "severity": "safe",
//!     "changes": [{"side": "request", "path": "settings.limit", "kind": "member-added",
//!                  "old": null, "new": "integer, optional", "severity": "safe",
//!                  "semver": "minor"}]
//!   }],
//!   "error_shapes": [{"name": "...", "operations": ["..."], "breaking": false, "severity": "...", "changes": []}],
//!   "documentation": [{"target": "Thing$name", "old": "...", "new": "..."}],
//!   "rust": [{"item": "operation::Error", "change": "...", "semver": "major"}]
//! }
//! ```
//!
//! `severity` is `null` when nothing but documentation changed. `semver` is
//! the bump the update (or the change) forces on the generated crate:
//! `major`, `minor` or `patch`; `rust` lists changes to the generated crate's
//! API that no single change names (error enums regrouped). An operation's
//! `request` and `response` say whether a change touches that side; an added or
//! removed operation has a single change, on its `route`.

use serde_json::{Value, json};

use crate::diff::{Change, Report, Severity, Side, Status};

/// The report as a JSON value.
pub fn to_value(report: &Report) -> Value {
    let count = |status| report.with_status(status).count();
    let operations: Vec<Value> = report
        .operations
        .iter()
        .map(|operation| {
            json!({
                "name": operation.name,
                "status": operation.status.as_str(),
                "route": operation.route,
                "request": operation.touches(Side::Request),
                "response": operation.touches(Side::Response),
                "sides": operation.sides().iter().map(|side| side.as_str()).collect::<Vec<_>>(),
                "breaking": operation.severity() == Severity::Breaking,
                "severity": operation.severity().as_str(),
                "changes": changes(&operation.changes),
            })
        })
        .collect();
    let error_shapes: Vec<Value> = report
        .error_shapes
        .iter()
        .map(|error| {
            json!({
                "name": error.name,
                "operations": error.operations,
                "breaking": error.severity() == Severity::Breaking,
                "severity": error.severity().as_str(),
                "changes": changes(&error.changes),
            })
        })
        .collect();
    let rust: Vec<Value> = report
        .rust
        .iter()
        .map(|change| json!({"item": change.item, "change": change.description, "semver": change.semver.as_str()}))
        .collect();
    let documentation: Vec<Value> =
        report.documentation.iter().map(|doc| json!({"target": doc.target, "old": doc.old, "new": doc.new})).collect();
    json!({
        "breaking": report.is_breaking(),
        "severity": report.severity().map(Severity::as_str),
        "semver": report.semver().as_str(),
        "summary": {
            "added": count(Status::Added),
            "removed": count(Status::Removed),
            "updated": count(Status::Updated),
            "error_shapes": report.error_shapes.len(),
            "documentation": report.documentation.len(),
        },
        "operations": operations,
        "error_shapes": error_shapes,
        "documentation": documentation,
        "rust": rust,
    })
}

/// The report as pretty-printed JSON, ending with a newline.
pub fn render(report: &Report) -> String {
    let mut text = serde_json::to_string_pretty(&to_value(report)).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

fn changes(changes: &[Change]) -> Vec<Value> {
    changes
        .iter()
        .map(|change| {
            json!({
                "side": change.side.as_str(),
                "path": change.path,
                "kind": change.kind.as_str(),
                "old": change.old,
                "new": change.new,
                "severity": change.severity.as_str(),
                "semver": change.semver().as_str(),
            })
        })
        .collect()
}
