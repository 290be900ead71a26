//! `--generate-cli-skeleton`: the AWS CLI's placeholders for an
//! operation's input (`input` as JSON for `--cli-input-json`, `yaml-input`
//! as commented YAML for `--cli-input-yaml`) or output (`output`, printed in
//! the output format once the input is valid; nothing is sent).
//!
//! botocore's rules: every member, nested structures included, with `""`
//! for text (an enum's first value in an input; the member's name in an
//! output), `0`, `0.0`, `true`, `1970-01-01T00:00:00` for timestamps, `null`
//! for blobs (`!!binary ''` in YAML), one item in a list, a `KeyName` key in
//! a map, and `{}` where a structure recurs into itself.

use std::io::Write;

use serde_json::{Map, Value};

use super::output::write_json;
use super::spec::{OperationSpec, ShapeSpec, StructureSpec};
use super::{EXIT_FAILED, EXIT_OK, failed};

/// The placeholder text of a timestamp, as botocore's `datetime(1970, 1, 1)`
/// prints in JSON.
const EPOCH: &str = "1970-01-01T00:00:00";

/// `--generate-cli-skeleton input`.
pub(super) fn print_input(operation: &OperationSpec, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let skeleton = structure(operation.input, &mut Vec::new(), Placeholders::Input);
    // `{}` prints too: the input of an operation without members.
    let written = if skeleton.as_object().is_some_and(Map::is_empty) {
        writeln!(out, "{{}}").map_err(|e| e.to_string())
    } else {
        write_json(&skeleton, None, out).map_err(|e| e.to_string())
    };
    match written {
        Ok(()) => EXIT_OK,
        Err(e) => failed(err, &format!("cannot write the skeleton: {e}")),
    }
}

/// The output's skeleton, to print in the output format.
pub(super) fn output(operation: &OperationSpec) -> Value {
    structure(operation.output, &mut Vec::new(), Placeholders::Output)
}

/// Whether placeholders are an input's or an output's.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Placeholders {
    Input,
    Output,
}

fn structure(spec: &'static StructureSpec, stack: &mut Vec<&'static str>, kind: Placeholders) -> Value {
    if stack.contains(&spec.name) {
        return Value::Object(Map::new());
    }
    stack.push(spec.name);
    let members = spec.members.iter().map(|m| (m.name.to_owned(), placeholder(&m.shape, m.name, stack, kind)));
    let value = Value::Object(members.collect());
    stack.pop();
    value
}

fn placeholder(shape: &ShapeSpec, name: &str, stack: &mut Vec<&'static str>, kind: Placeholders) -> Value {
    match shape {
        ShapeSpec::String | ShapeSpec::Enum(_) if kind == Placeholders::Output => Value::from(name),
        ShapeSpec::Enum(values) => Value::from(values.first().copied().unwrap_or_default()),
        ShapeSpec::String => Value::from(""),
        ShapeSpec::Integer => Value::from(0),
        ShapeSpec::Float => Value::from(0.0),
        ShapeSpec::Boolean => Value::Bool(true),
        ShapeSpec::Timestamp => Value::from(EPOCH),
        ShapeSpec::Blob => Value::Null,
        ShapeSpec::Document => Value::Object(Map::new()),
        ShapeSpec::List(item, item_name) => Value::Array(vec![placeholder(item, item_name, stack, kind)]),
        ShapeSpec::Map(value) => {
            Value::Object(Map::from_iter([("KeyName".to_owned(), placeholder(value, "", stack, kind))]))
        }
        ShapeSpec::Structure(spec) => structure(spec, stack, kind),
    }
}

/// `--generate-cli-skeleton yaml-input`: the input skeleton as YAML, each
/// member followed by a comment saying whether it is required, the first
/// sentence of its documentation and an enum's values, as the AWS CLI v2
/// writes it.
pub(super) fn print_yaml_input(operation: &OperationSpec, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let mut text = String::new();
    yaml_structure(operation.input, 0, false, &mut Vec::new(), &mut text);
    if text.is_empty() {
        text.push_str("{}\n");
    }
    match out.write_all(text.as_bytes()) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            let _ = writeln!(err, "error: cannot write the skeleton: {e}");
            EXIT_FAILED
        }
    }
}

/// The members of `spec` as block-mapping lines at `indent`; `in_item` when
/// the first line follows a list's `- `.
fn yaml_structure(
    spec: &'static StructureSpec,
    indent: usize,
    in_item: bool,
    stack: &mut Vec<&'static str>,
    text: &mut String,
) {
    stack.push(spec.name);
    for (i, member) in spec.members.iter().enumerate() {
        if !(in_item && i == 0) {
            text.push_str(&" ".repeat(indent));
        }
        text.push_str(&super::output::yaml_key(member.name));
        text.push(':');
        let mut comment = Vec::new();
        if member.required {
            comment.push("[REQUIRED]".to_owned());
        }
        if !member.summary.trim().is_empty() {
            comment.push(member.summary.split_whitespace().collect::<Vec<_>>().join(" "));
        }
        if let ShapeSpec::Enum(values) = member.shape {
            comment.push(format!("Valid values are: {}.", values.join(", ")));
        }
        let comment = if comment.is_empty() { String::new() } else { format!(" # {}", comment.join(" ")) };
        yaml_value(&member.shape, indent, comment, stack, text);
    }
    stack.pop();
}

/// A member's value after its `key:`, and the member's comment.
fn yaml_value(shape: &ShapeSpec, indent: usize, comment: String, stack: &mut Vec<&'static str>, text: &mut String) {
    match shape {
        ShapeSpec::Structure(spec) if !stack.contains(&spec.name) && !spec.members.is_empty() => {
            text.push_str(&comment);
            text.push('\n');
            yaml_structure(spec, indent + 2, false, stack, text);
        }
        ShapeSpec::List(item, _) => {
            text.push_str(&comment);
            text.push('\n');
            text.push_str(&" ".repeat(indent));
            text.push('-');
            match item {
                ShapeSpec::Structure(spec) if !stack.contains(&spec.name) && !spec.members.is_empty() => {
                    text.push(' ');
                    yaml_structure(spec, indent + 2, true, stack, text);
                }
                scalar => yaml_value(scalar, indent + 2, String::new(), stack, text),
            }
        }
        ShapeSpec::Map(value) => {
            text.push_str(&comment);
            text.push('\n');
            text.push_str(&" ".repeat(indent + 2));
            text.push_str("KeyName:");
            yaml_value(value, indent + 2, String::new(), stack, text);
        }
        scalar => {
            let value = match scalar {
                ShapeSpec::Enum(values) => super::output::yaml_scalar(values.first().copied().unwrap_or_default()),
                ShapeSpec::String => "''".to_owned(),
                ShapeSpec::Integer => "0".to_owned(),
                ShapeSpec::Float => "0.0".to_owned(),
                ShapeSpec::Boolean => "true".to_owned(),
                // A YAML timestamp, which `--cli-input-yaml` reads as 1970-01-01T00:00:00Z.
                ShapeSpec::Timestamp => "1970-01-01 00:00:00".to_owned(),
                ShapeSpec::Blob => "!!binary ''".to_owned(),
                // Documents, and structures that recur or have no members.
                _ => "{}".to_owned(),
            };
            text.push(' ');
            text.push_str(&value);
            // ruamel.yaml sets the comment of a boolean or `{}` one column further out.
            if !comment.is_empty() && matches!(value.as_str(), "true" | "{}") {
                text.push(' ');
            }
            text.push_str(&comment);
            text.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::spec::FieldSpec;

    static PERSON: StructureSpec = StructureSpec {
        name: "Person",
        members: &[
            FieldSpec { name: "boss", required: false, summary: "", shape: ShapeSpec::Structure(&PERSON) },
            FieldSpec { name: "name", required: true, summary: "Their name.", shape: ShapeSpec::String },
            FieldSpec { name: "tags", required: false, summary: "", shape: ShapeSpec::List(&ShapeSpec::String, "Tag") },
        ],
    };

    #[test]
    fn recursion_stops_at_a_structure_already_open() {
        let input = structure(&PERSON, &mut Vec::new(), Placeholders::Input);
        assert_eq!(input, serde_json::json!({"boss": {}, "name": "", "tags": [""]}));
        let output = structure(&PERSON, &mut Vec::new(), Placeholders::Output);
        assert_eq!(output, serde_json::json!({"boss": {}, "name": "name", "tags": ["Tag"]}));
        let mut text = String::new();
        yaml_structure(&PERSON, 0, false, &mut Vec::new(), &mut text);
        assert_eq!(text, "boss: {}\nname: '' # [REQUIRED] Their name.\ntags:\n- ''\n");
    }
}
