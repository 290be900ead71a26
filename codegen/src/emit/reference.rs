//! The Markdown API reference in `docs/`: an index (`README.md`), one page
//! per operation (`operations/<Name>.md`) with its request, response, errors
//! pagination and waiters, and `types.md` describing every structure, union and enum
//! the pages link to.

use std::collections::{BTreeMap, BTreeSet};

use super::GeneratedFile;
use super::describe;
use super::describe::acceptor_lines;
use super::format::HEADER;
use crate::config::Config;
use crate::ir::{self, Ir, Role, ShapeId, ShapeKind};
use crate::markdown::prose::{code, first_paragraph, first_sentence};

/// Every file of the API reference.
pub fn emit(ir: &Ir, _config: &Config) -> Vec<GeneratedFile> {
    let types = TypeIndex::new(ir);
    let mut files = vec![
        GeneratedFile::new("docs/README.md", page(&index(ir, &types))),
        GeneratedFile::new("docs/types.md", page(&types_page(ir, &types))),
    ];
    for op in &ir.operations {
        files
            .push(GeneratedFile::new(format!("docs/operations/{}.md", op.name), page(&operation_page(ir, op, &types))));
    }
    files
}

/// A Markdown file: the generated header in a comment on the first line.
fn page(body: &str) -> String {
    format!("<!-- {HEADER} -->\n\n{}\n", body.trim_end())
}

// ---------------------------------------------------------------------------
// Types and their anchors

/// The sections of `types.md`, in page order.
const SECTIONS: [&str; 4] = ["Structures", "Unions", "Enums", "Errors"];

/// The section of `types.md` that describes a shape; operation inputs and
/// outputs have none, their operation pages describe them.
fn section_of(shape: &ir::Shape) -> Option<&'static str> {
    match &shape.kind {
        ShapeKind::Structure(structure) => match structure.role {
            Role::Data => Some("Structures"),
            Role::Error { .. } => Some("Errors"),
            Role::Input | Role::Output => None,
        },
        ShapeKind::Union(_) => Some("Unions"),
        ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => Some("Enums"),
    }
}

/// The shapes `types.md` describes, by section, and the anchor of each heading.
struct TypeIndex<'a> {
    sections: Vec<(&'static str, Vec<&'a ir::Shape>)>,
    anchors: BTreeMap<ShapeId, String>,
}

impl<'a> TypeIndex<'a> {
    fn new(ir: &'a Ir) -> TypeIndex<'a> {
        let sections: Vec<(&'static str, Vec<&ir::Shape>)> = SECTIONS
            .iter()
            .map(|&title| {
                let mut shapes: Vec<&ir::Shape> =
                    ir.shapes.values().filter(|shape| section_of(shape) == Some(title)).collect();
                shapes.sort_by(|a, b| (&a.rust_name, &a.id).cmp(&(&b.rust_name, &b.id)));
                (title, shapes)
            })
            .filter(|(_, shapes)| !shapes.is_empty())
            .collect();
        // Anchors as GitHub derives them from headings, in page order: the
        // page title, then each section title followed by its types.
        let mut slugs = Slugs::default();
        slugs.next("Types");
        let mut anchors = BTreeMap::new();
        for (title, shapes) in &sections {
            slugs.next(title);
            for shape in shapes {
                anchors.insert(shape.id.clone(), slugs.next(shape.rust_name.as_str()));
            }
        }
        TypeIndex { sections, anchors }
    }

    /// The link to a shape's description from `page`, when `types.md` has one.
    fn link(&self, shape: &ir::Shape, page: Page) -> Option<String> {
        let anchor = self.anchors.get(&shape.id)?;
        Some(match page {
            Page::Index => format!("types.md#{anchor}"),
            Page::Types => format!("#{anchor}"),
            Page::Operation => format!("../types.md#{anchor}"),
        })
    }
}

/// The page a link is written on, which decides its relative path.
#[derive(Clone, Copy)]
enum Page {
    /// `docs/README.md`.
    Index,
    /// `docs/types.md`.
    Types,
    /// `docs/operations/<Name>.md`.
    Operation,
}

/// GitHub's heading anchors: lower case, punctuation dropped, spaces as `-`,
/// repeats numbered `-1`, `-2`…
#[derive(Default)]
struct Slugs {
    seen: BTreeMap<String, usize>,
    used: BTreeSet<String>,
}

impl Slugs {
    fn next(&mut self, heading: &str) -> String {
        let base: String = heading
            .to_lowercase()
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect();
        let count = self.seen.entry(base.clone()).or_insert(0);
        let mut slug = base.clone();
        while self.used.contains(&slug) {
            *count += 1;
            slug = format!("{base}-{count}");
        }
        self.used.insert(slug.clone());
        slug
    }
}

// ---------------------------------------------------------------------------
// README.md

/// The service's title as an API's name: `Example Notes API`, without
/// doubling a title that already ends in `API`.
fn api_name(title: &str) -> String {
    if title.ends_with(" API") || title == "API" { title.to_owned() } else { format!("{title} API") }
}

fn index(ir: &Ir, types: &TypeIndex<'_>) -> String {
    let service = &ir.service;
    let mut out =
        vec![format!("# {} reference", api_name(&service.title)), format!("API version {}.", code(&service.version))];
    if let Some(docs) = &service.docs {
        out.push(docs.clone());
    }
    out.push("## Operations".to_owned());
    let mut rows = vec!["| Operation | HTTP request | Summary |".to_owned(), "|---|---|---|".to_owned()];
    for op in &ir.operations {
        let summary = op.docs.as_deref().map(first_sentence).unwrap_or_default();
        rows.push(row(&[
            format!("[{}](operations/{}.md)", op.name, op.name),
            code(&describe::http_route(ir, op)),
            summary,
        ]));
    }
    out.push(rows.join("\n"));
    out.push("## Types".to_owned());
    out.push(
        "Every structure, union, enum and error the operations use, described in [types.md](types.md).".to_owned(),
    );
    for (title, shapes) in &types.sections {
        out.push(format!("### {title}"));
        let items: Vec<String> = shapes
            .iter()
            .map(|shape| {
                let name = match types.link(shape, Page::Index) {
                    Some(link) => format!("[{}]({link})", shape.rust_name),
                    None => shape.rust_name.to_string(),
                };
                match shape.docs.as_deref().map(first_sentence) {
                    Some(summary) if !summary.is_empty() => format!("- {name} — {}", one_line(&summary)),
                    _ => format!("- {name}"),
                }
            })
            .collect();
        out.push(items.join("\n"));
    }
    out.join("\n\n")
}

// ---------------------------------------------------------------------------
// operations/<Name>.md

fn operation_page(ir: &Ir, op: &ir::Operation, types: &TypeIndex<'_>) -> String {
    let mut out = vec![format!("# {}", op.name), format!("[API reference](../README.md) › {}", op.name)];
    if let Some(deprecated) = &op.deprecated {
        out.push(format!("**Deprecated:** {deprecated}"));
    }
    out.push(op.docs.clone().unwrap_or_else(|| "_The model does not document this operation._".to_owned()));
    out.push("## HTTP request".to_owned());
    let mut traits = vec![format!("{} — success: HTTP {}", code(&describe::http_route(ir, op)), op.http.code)];
    if op.readonly {
        traits.push("Read-only.".to_owned());
    }
    if op.idempotent {
        traits.push("Idempotent: repeating the request has no further effect.".to_owned());
    }
    match op.auth {
        ir::auth::Auth::SigV4 => {}
        ir::auth::Auth::OptionalSigV4 => {
            traits.push("Signed when credentials are configured; sent unsigned otherwise.".to_owned())
        }
        ir::auth::Auth::None => traits.push("Never signed: no credentials are needed.".to_owned()),
    }
    out.push(traits.join("\n\n"));
    out.push("## Request".to_owned());
    let mut request = members_section(ir, &op.input, types, "This operation takes no input.");
    // Nested constraints belong with the table, before the per-member details.
    request.splice(1..1, nested_constraints(ir, op));
    out.extend(request);
    out.push("## Response".to_owned());
    out.extend(members_section(ir, &op.output, types, "This operation returns no data."));
    out.push("## Errors".to_owned());
    out.push(errors_table(ir, op, types));
    if let Some(pagination) = &op.pagination {
        out.push("## Pagination".to_owned());
        out.push(pagination_list(pagination));
    }
    if !op.waiters.is_empty() {
        out.push("## Waiters".to_owned());
        out.push(waiters_list(op));
    }
    out.extend(super::examples::markdown(op));
    out.join("\n\n")
}

/// Each waiter: its method and `wait` command, its first sentence, its
/// delays and what its acceptors do, in the order they are tried.
fn waiters_list(op: &ir::Operation) -> String {
    let mut lines = vec![
        format!(
            "Each polls `{}` until the first acceptor that matches ends the wait; none matching, an output polls again and an error ends the wait.",
            op.name
        ),
        String::new(),
    ];
    for waiter in &op.waiters {
        let summary = waiter.docs.as_deref().map(|docs| one_line(&first_sentence(docs))).unwrap_or_default();
        let deprecated = if waiter.deprecated.is_some() { " **Deprecated.**" } else { "" };
        lines.push(format!(
            "- {} (`{}`, CLI `wait {}`):{deprecated} {summary} Every {}–{} s; {}.",
            code(&format!("Client::{}()", waiter.method)),
            waiter.name,
            waiter.command,
            waiter.min_delay,
            waiter.max_delay,
            acceptor_lines(waiter).join("; ")
        ));
    }
    lines.join("\n")
}

/// The member table of an operation's input or output, and the full
/// documentation of members whose documentation is longer than the table shows.
fn members_section(ir: &Ir, id: &ShapeId, types: &TypeIndex<'_>, empty: &str) -> Vec<String> {
    let members = ir.structure(id).map(|structure| structure.members.as_slice()).unwrap_or_default();
    if members.is_empty() {
        return vec![empty.to_owned()];
    }
    let mut rows = vec![
        "| Member | Type | Required | HTTP binding | Constraints | Description |".to_owned(),
        "|---|---|---|---|---|---|".to_owned(),
    ];
    for member in members {
        rows.push(row(&[
            code(&member.name),
            member_type(ir, member, types, Page::Operation),
            required(member),
            describe::binding(&member.binding),
            describe::constraints(&member.value).join("; "),
            member_description(member),
        ]));
    }
    let mut out = vec![rows.join("\n")];
    out.extend(member_details(members));
    out
}

/// Constraints on members inside the request's members, which the request
/// table does not show.
fn nested_constraints(ir: &Ir, op: &ir::Operation) -> Option<String> {
    let lines: Vec<String> = describe::constrained_members(ir, op)
        .into_iter()
        .filter(|(path, _)| path.contains(['.', '[']))
        .map(|(path, phrases)| format!("- {}: {}", code(&path), phrases.join("; ")))
        .collect();
    (!lines.is_empty()).then(|| format!("Constraints on nested members:\n\n{}", lines.join("\n")))
}

fn member_type(ir: &Ir, member: &ir::Member, types: &TypeIndex<'_>, page: Page) -> String {
    let name = describe::type_name_linked(ir, &member.value, &|shape| types.link(shape, page));
    if member.value.sensitive { format!("{name} (sensitive)") } else { name }
}

fn required(member: &ir::Member) -> String {
    let default = member.default.as_ref().map(|value| format!(" (default {})", code(&value.to_string())));
    match (member.required, default) {
        (true, default) => format!("yes{}", default.unwrap_or_default()),
        (false, Some(default)) => format!("no{default}"),
        (false, None) => "no".to_owned(),
    }
}

/// The first paragraph of a member's documentation, with its deprecation.
fn member_description(member: &ir::Member) -> String {
    let docs = member.docs.as_deref().map(first_paragraph).unwrap_or_default();
    let mut parts = Vec::new();
    if let Some(deprecated) = &member.deprecated {
        parts.push(format!("**Deprecated:** {deprecated}."));
    }
    if member.idempotency_token {
        parts.push("Filled with a fresh idempotency token when not set.".to_owned());
    }
    if !docs.is_empty() {
        parts.push(docs);
    }
    parts.join(" ")
}

/// Members whose documentation has more than the paragraph their table row shows.
fn member_details(members: &[ir::Member]) -> Vec<String> {
    members
        .iter()
        .filter_map(|member| {
            let docs = member.docs.as_deref()?;
            let more = docs.trim() != first_paragraph(docs).trim() && docs.contains("\n\n");
            more.then(|| format!("#### {}\n\n{}", code(&member.name), docs))
        })
        .collect()
}

fn errors_table(ir: &Ir, op: &ir::Operation, types: &TypeIndex<'_>) -> String {
    let mut rows = vec!["| Error | HTTP status | Fault | Description |".to_owned(), "|---|---|---|---|".to_owned()];
    for id in &op.errors {
        let Some(shape) = ir.shape(id) else { continue };
        let ShapeKind::Structure(structure) = &shape.kind else { continue };
        let Role::Error { fault, retryable, .. } = &structure.role else { continue };
        let name = match types.link(shape, Page::Operation) {
            Some(link) => format!("[{}]({link})", shape.rust_name),
            None => shape.rust_name.to_string(),
        };
        let status = describe::error_status(&structure.role).map(|s| s.to_string()).unwrap_or_default();
        let fault = if *retryable { format!("{fault} (retryable)") } else { fault.clone() };
        let docs = shape.docs.as_deref().map(first_paragraph).unwrap_or_default();
        rows.push(row(&[name, status, fault, docs]));
    }
    if rows.len() == 2 { "This operation has no modelled errors.".to_owned() } else { rows.join("\n") }
}

fn pagination_list(pagination: &ir::Pagination) -> String {
    let mut lines = vec!["This operation returns its results in pages.".to_owned(), String::new()];
    if let Some(token) = &pagination.input_token {
        lines.push(format!("- Request token: {}", code(token)));
    }
    if let Some(token) = &pagination.output_token {
        lines.push(format!("- Response token: {}", code(&token.join("."))));
    }
    if let Some(items) = &pagination.items {
        lines.push(format!("- Items: {}", code(&items.join("."))));
    }
    if let Some(page_size) = &pagination.page_size {
        lines.push(format!("- Page size: {}", code(page_size)));
    }
    lines.join("\n")
}

// ---------------------------------------------------------------------------
// types.md

fn types_page(ir: &Ir, types: &TypeIndex<'_>) -> String {
    let mut out = vec![
        "# Types".to_owned(),
        format!("The data types of the [{}](README.md), by kind and name.", api_name(&ir.service.title)),
    ];
    for (title, shapes) in &types.sections {
        out.push(format!("## {title}"));
        for shape in shapes {
            out.push(format!("### {}", shape.rust_name));
            out.extend(type_body(ir, shape, types));
        }
    }
    out.join("\n\n")
}

fn type_body(ir: &Ir, shape: &ir::Shape, types: &TypeIndex<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(deprecated) = &shape.deprecated {
        out.push(format!("**Deprecated:** {deprecated}"));
    }
    if let Some(docs) = &shape.docs {
        out.push(docs.clone());
    }
    match &shape.kind {
        ShapeKind::Structure(structure) => {
            if let Role::Error { fault, retryable, .. } = &structure.role {
                let status = describe::error_status(&structure.role).map(|s| format!(", HTTP {s}")).unwrap_or_default();
                let retryable = if *retryable { ", retryable" } else { "" };
                out.push(format!("Error: {fault} fault{status}{retryable}."));
            }
            out.push(type_members(ir, &structure.members, types, "Member", true));
        }
        ShapeKind::Union(members) => {
            out.push("Exactly one of these members is set.".to_owned());
            out.push(type_members(ir, members, types, "Variant", false));
        }
        ShapeKind::Enum(values) | ShapeKind::IntEnum(values) => out.push(enum_table(values)),
    }
    out
}

fn type_members(ir: &Ir, members: &[ir::Member], types: &TypeIndex<'_>, label: &str, with_required: bool) -> String {
    if members.is_empty() {
        return "No members.".to_owned();
    }
    let mut rows = if with_required {
        vec![format!("| {label} | Type | Required | Constraints | Description |"), "|---|---|---|---|---|".to_owned()]
    } else {
        vec![format!("| {label} | Type | Constraints | Description |"), "|---|---|---|---|".to_owned()]
    };
    for member in members {
        let mut cells = vec![code(&member.name), member_type(ir, member, types, Page::Types)];
        if with_required {
            cells.push(required(member));
        }
        cells.push(describe::constraints(&member.value).join("; "));
        cells.push(member.docs.as_deref().map(one_line).unwrap_or_default());
        rows.push(row(&cells));
    }
    rows.join("\n")
}

/// An enum's values: the member name, the value on the wire, the docs.
fn enum_table(values: &[ir::EnumValue]) -> String {
    let mut rows = vec!["| Name | Value | Description |".to_owned(), "|---|---|---|".to_owned()];
    for value in values {
        let docs = value.docs.as_deref().map(one_line).unwrap_or_default();
        let wire = match &value.value {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        rows.push(row(&[code(&value.name), code(&wire), docs]));
    }
    rows.join("\n")
}

// ---------------------------------------------------------------------------
// Tables

/// A table row; each cell on one line with its `|` escaped.
fn row(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|cell| cell_text(cell)).collect();
    format!("| {} |", cells.join(" | "))
}

fn cell_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous = ' ';
    for c in one_line(text).chars() {
        if c == '|' && previous != '\\' {
            out.push('\\');
        }
        out.push(c);
        previous = c;
    }
    out
}

/// Markdown text on one line: paragraphs and lines joined by spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::Slugs;

    #[test]
    fn slugs_follow_github_and_number_repeats() {
        let mut slugs = Slugs::default();
        assert_eq!(slugs.next("Types"), "types");
        assert_eq!(slugs.next("Structures"), "structures");
        assert_eq!(slugs.next("Types"), "types-1");
        assert_eq!(slugs.next("`max` Results!"), "max-results");
        assert_eq!(slugs.next("types-1"), "types-1-1");
    }
}
