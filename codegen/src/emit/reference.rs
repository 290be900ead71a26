//! The Markdown API reference in `docs/`: an index, one page per operation
//! (request and response members with types, bindings and constraints,
//! errors, pagination) and one page of types.

use super::GeneratedFile;
use super::format::HEADER;
use super::summary::{binding_text, constraints_text, first_paragraph, type_text};
use crate::config::Config;
use crate::ir::{Ir, Member, Operation, Role, ShapeKind};

pub fn emit(ir: &Ir, _config: &Config) -> Vec<GeneratedFile> {
    let mut files =
        vec![GeneratedFile::new("docs/README.md", index(ir)), GeneratedFile::new("docs/types.md", types(ir))];
    files.extend(
        ir.operations.iter().map(|op| GeneratedFile::new(format!("docs/operations/{}.md", op.name), page(ir, op))),
    );
    files
}

fn header() -> String {
    format!("<!-- {HEADER} -->\n\n")
}

/// A link to a type on the types page, from `from` (`""` or `"../"`).
fn type_link(from: &'static str) -> impl Fn(&str) -> String {
    move |name: &str| format!("[`{name}`]({from}types.md#{})", name.to_lowercase())
}

fn cell(text: &str) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() { "—".to_owned() } else { flat.replace('|', "\\|") }
}

fn index(ir: &Ir) -> String {
    let service = &ir.service;
    let mut out = header();
    out.push_str(&format!("# {} (API version {})\n\n", service.title, service.version));
    if let Some(docs) = &service.docs {
        out.push_str(docs);
        out.push_str("\n\n");
    }
    out.push_str("## Operations\n\n| Operation | Route | Summary |\n|---|---|---|\n");
    for op in &ir.operations {
        let summary = first_paragraph(&op.docs);
        let first_sentence = summary.split_inclusive(". ").next().unwrap_or("").trim();
        out.push_str(&format!(
            "| [{name}](operations/{name}.md) | `{} {}` | {} |\n",
            op.http.method,
            op.http.uri,
            cell(first_sentence),
            name = op.name
        ));
    }
    out.push_str("\nTypes: see [types.md](types.md).\n");
    out
}

fn page(ir: &Ir, op: &Operation) -> String {
    let link = type_link("../");
    let mut out = header();
    out.push_str(&format!("# {}\n\n`{} {}`", op.name, op.http.method, op.http.uri));
    if op.http.code != 200 {
        out.push_str(&format!(" → {}", op.http.code));
    }
    out.push_str("\n\n");
    if let Some(docs) = &op.docs {
        out.push_str(docs);
        out.push_str("\n\n");
    }
    out.push_str("## Request\n\n");
    out.push_str(&members_table(
        ir,
        ir.structure(&op.input).map(|s| s.members.as_slice()).unwrap_or_default(),
        &link,
        true,
    ));
    out.push_str("\n## Response\n\n");
    out.push_str(&members_table(
        ir,
        ir.structure(&op.output).map(|s| s.members.as_slice()).unwrap_or_default(),
        &link,
        false,
    ));
    if !op.errors.is_empty() {
        out.push_str("\n## Errors\n\n| Error | HTTP status | Fault | Description |\n|---|---|---|---|\n");
        for error in &op.errors {
            let shape = ir.shape(error);
            let (status, fault) = match ir.structure(error).map(|s| &s.role) {
                Some(Role::Error { status, fault, .. }) => {
                    (status.map(|s| s.to_string()).unwrap_or_default(), fault.clone())
                }
                _ => (String::new(), String::new()),
            };
            let name = shape.map(|s| s.rust_name.as_str()).unwrap_or(error.name());
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                link(name),
                cell(&status),
                cell(&fault),
                cell(&first_paragraph(&shape.and_then(|s| s.docs.clone())))
            ));
        }
    }
    if let Some(pagination) = &op.pagination {
        out.push_str("\n## Pagination\n\n");
        let field =
            |label: &str, value: Option<String>| value.map(|v| format!("- {label}: `{v}`\n")).unwrap_or_default();
        out.push_str(&field("input token", pagination.input_token.clone()));
        out.push_str(&field("output token", pagination.output_token.as_ref().map(|p| p.join("."))));
        out.push_str(&field("items", pagination.items.as_ref().map(|p| p.join("."))));
        out.push_str(&field("page size", pagination.page_size.clone()));
    }
    out
}

fn members_table(ir: &Ir, members: &[Member], link: &dyn Fn(&str) -> String, request: bool) -> String {
    if members.is_empty() {
        return "No members.\n".to_owned();
    }
    let mut out = if request {
        "| Member | Type | Required | Binding | Constraints | Description |\n|---|---|---|---|---|---|\n".to_owned()
    } else {
        "| Member | Type | Binding | Description |\n|---|---|---|---|\n".to_owned()
    };
    for member in members {
        let ty = type_text(ir, &member.value, link);
        let docs = cell(&first_paragraph(&member.docs));
        let binding = binding_text(&member.binding);
        if request {
            let required = if member.required { "yes" } else { "no" };
            let constraints = cell(&constraints_text(&member.value).join(", "));
            out.push_str(&format!("| `{}` | {ty} | {required} | {binding} | {constraints} | {docs} |\n", member.name));
        } else {
            out.push_str(&format!("| `{}` | {ty} | {binding} | {docs} |\n", member.name));
        }
    }
    out
}

fn types(ir: &Ir) -> String {
    let link = type_link("");
    let mut out = header();
    out.push_str("# Types\n");
    for shape in ir.shapes.values() {
        out.push_str(&format!("\n## {}\n\n", shape.rust_name));
        if let Some(docs) = &shape.docs {
            out.push_str(&first_paragraph(&Some(docs.clone())));
            out.push_str("\n\n");
        }
        match &shape.kind {
            ShapeKind::Structure(structure) => {
                if structure.members.is_empty() {
                    out.push_str("No members.\n");
                    continue;
                }
                out.push_str("| Member | Type | Required | Constraints | Description |\n|---|---|---|---|---|\n");
                for member in &structure.members {
                    out.push_str(&format!(
                        "| `{}` | {} | {} | {} | {} |\n",
                        member.name,
                        type_text(ir, &member.value, &link),
                        if member.required { "yes" } else { "no" },
                        cell(&constraints_text(&member.value).join(", ")),
                        cell(&first_paragraph(&member.docs))
                    ));
                }
            }
            ShapeKind::Union(members) => {
                out.push_str("Exactly one of:\n\n| Member | Type | Description |\n|---|---|---|\n");
                for member in members {
                    out.push_str(&format!(
                        "| `{}` | {} | {} |\n",
                        member.name,
                        type_text(ir, &member.value, &link),
                        cell(&first_paragraph(&member.docs))
                    ));
                }
            }
            ShapeKind::Enum(values) | ShapeKind::IntEnum(values) => {
                out.push_str("| Value | Description |\n|---|---|\n");
                for value in values {
                    let wire = match &value.value {
                        serde_json::Value::String(text) => text.clone(),
                        other => other.to_string(),
                    };
                    out.push_str(&format!("| `{wire}` | {} |\n", cell(&first_paragraph(&value.docs))));
                }
            }
        }
    }
    out
}
