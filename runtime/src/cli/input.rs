//! From flags to the input: `--cli-input-json` (or `--cli-input-yaml`)
//! and each member's flag assembled into the input type's JSON, then read
//! into the input type.

use clap::ArgMatches;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::command_line::{CLI_INPUT_JSON, CLI_INPUT_YAML};
use super::spec::{ArgKind, OperationSpec};
use crate::encoding::{DateTime, TimestampFormat};

/// `--cli-input-json`'s or `--cli-input-yaml`'s members, then every flag
/// given, as the input type's JSON.
pub(super) fn assemble_input(operation: &OperationSpec, matches: &ArgMatches) -> Result<Map<String, Value>, String> {
    let mut input = Map::new();
    let whole = match (matches.get_one::<String>(CLI_INPUT_JSON), matches.get_one::<String>(CLI_INPUT_YAML)) {
        (Some(text), _) => Some((CLI_INPUT_JSON, load_json(text).map_err(|e| format!("--{CLI_INPUT_JSON}: {e}"))?)),
        (None, Some(text)) => Some((CLI_INPUT_YAML, load_yaml(text).map_err(|e| format!("--{CLI_INPUT_YAML}: {e}"))?)),
        (None, None) => None,
    };
    if let Some((option, value)) = whole {
        let Value::Object(object) = value else {
            let what = if option == CLI_INPUT_JSON { "a JSON object" } else { "a YAML mapping" };
            return Err(format!("--{option}: expected {what} with the input's members"));
        };
        for (key, value) in object {
            let Some(member) = operation.members.iter().find(|m| m.name == key || m.json_name == key) else {
                let known: Vec<&str> = operation.members.iter().map(|m| m.name).collect();
                // The AWS CLI's wording, as for keys nested deeper (see `read_input`).
                return Err(format!(
                    "--{option}: Unknown parameter in input: \"{key}\", must be one of: {}",
                    known.join(", ")
                ));
            };
            let value = from_json(&member.kind, value).map_err(|e| format!("--{option}: {}: {e}", member.name))?;
            input.insert(member.json_name.to_owned(), value);
        }
    }
    for member in operation.members {
        let flag = member.flag;
        let id = format!("member:{}", member.name);
        let value = match member.kind {
            // Read from its file when the request is built, not part of the JSON.
            ArgKind::Stream => None,
            ArgKind::Boolean => {
                if matches.get_flag(&id) {
                    Some(Value::Bool(true))
                } else if matches.get_flag(&format!("member-false:{}", member.name)) {
                    Some(Value::Bool(false))
                } else {
                    None
                }
            }
            ArgKind::List(item) => match matches.get_many::<String>(&id) {
                Some(texts) => Some(Value::Array(
                    texts
                        .map(|text| from_text(item, text))
                        .collect::<Result<_, _>>()
                        .map_err(|e| format!("--{flag}: {e}"))?,
                )),
                None => None,
            },
            kind => match matches.get_one::<String>(&id) {
                Some(text) => Some(from_text(&kind, text).map_err(|e| format!("--{flag}: {e}"))?),
                None => None,
            },
        };
        if let Some(value) = value {
            input.insert(member.json_name.to_owned(), value);
        }
    }
    Ok(input)
}

/// Inline JSON, or the JSON in the file a `file://` prefix names.
fn load_json(text: &str) -> Result<Value, String> {
    let text = match text.strip_prefix("file://") {
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("cannot read `{path}`: {e}"))?,
        None => text.to_owned(),
    };
    serde_json::from_str(&text).map_err(|e| format!("invalid JSON: {e}"))
}

/// Inline YAML, or the YAML in the file a `file://` prefix names, as JSON.
/// YAML 1.2's core schema, as the AWS CLI v2 reads it: `yes` is text, a
/// `!!binary` value stays the base64 text it is written as.
fn load_yaml(text: &str) -> Result<Value, String> {
    let text = match text.strip_prefix("file://") {
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("cannot read `{path}`: {e}"))?,
        None => text.to_owned(),
    };
    let options = serde_saphyr::options! { strict_booleans: true, ignore_binary_tag_for_string: true };
    serde_saphyr::from_str_with_options(&text, options).map_err(|e| format!("invalid YAML: {e}"))
}

/// A flag's text as the JSON the input type reads.
pub(super) fn from_text(kind: &ArgKind, text: &str) -> Result<Value, String> {
    match kind {
        ArgKind::String | ArgKind::Enum(_) => Ok(Value::String(text.to_owned())),
        ArgKind::Boolean => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("`{text}` is not true or false")),
        },
        ArgKind::Integer => integer(text).ok_or_else(|| format!("`{text}` is not an integer")),
        ArgKind::Float => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("`{text}` is not a number")),
        ArgKind::Timestamp(format) => timestamp(text).map(|time| timestamp_json(time, *format)),
        ArgKind::IntEnum(values) => match values.iter().find(|(name, _)| name.eq_ignore_ascii_case(text.trim())) {
            Some((_, value)) => Ok(Value::from(*value)),
            None => integer(text).ok_or_else(|| {
                let names: Vec<&str> = values.iter().map(|(name, _)| *name).collect();
                format!("`{text}` is not an integer nor one of {}", names.join(", "))
            }),
        },
        ArgKind::List(item) => from_text(item, text).map(|value| Value::Array(vec![value])),
        ArgKind::Json => load_json(text),
        ArgKind::Blob => match text.strip_prefix("fileb://") {
            Some(path) => std::fs::read(path)
                .map(|bytes| Value::String(crate::encoding::encode_base64(bytes)))
                .map_err(|e| format!("cannot read {path}: {e}")),
            None => Ok(Value::String(text.to_owned())),
        },
        // Sent from the file, not through the JSON input (see `run_with`).
        ArgKind::Stream => Err("a streamed member is a file to send, given with its flag".to_owned()),
    }
}

fn integer(text: &str) -> Option<Value> {
    let text = text.trim();
    text.parse::<i64>().map(Value::from).or_else(|_| text.parse::<u64>().map(Value::from)).ok()
}

/// A `--cli-input-json` member as the input type reads it: timestamps as
/// epoch seconds or RFC 3339, int enum values by name; the rest as given.
pub(super) fn from_json(kind: &ArgKind, value: Value) -> Result<Value, String> {
    match (kind, value) {
        (ArgKind::Timestamp(format), Value::Number(seconds)) => seconds
            .as_f64()
            .and_then(DateTime::from_secs_f64)
            .map(|time| timestamp_json(time, *format))
            .ok_or_else(|| format!("timestamp {seconds} is out of range")),
        (ArgKind::Timestamp(format), Value::String(text)) => timestamp(&text).map(|time| timestamp_json(time, *format)),
        (ArgKind::IntEnum(_) | ArgKind::Blob | ArgKind::Stream, Value::String(text)) => from_text(kind, &text),
        (ArgKind::List(item), Value::Array(items)) => {
            items.into_iter().map(|value| from_json(item, value)).collect::<Result<_, _>>().map(Value::Array)
        }
        (_, value) => Ok(value),
    }
}

/// Epoch seconds (with an optional fraction) or RFC 3339.
fn timestamp(text: &str) -> Result<DateTime, String> {
    let text = text.trim();
    DateTime::parse(text, TimestampFormat::EpochSeconds)
        .or_else(|_| DateTime::parse(text, TimestampFormat::DateTime))
        .or_else(|_| DateTime::parse(&crate::encoding::naive_as_utc(text), TimestampFormat::DateTime))
        .map_err(|_| format!("`{text}` is neither epoch seconds nor an RFC 3339 date-time (2024-01-31T12:00:00Z)"))
}

/// A timestamp as the input type's serde reads it: a number for epoch
/// seconds, else text in the member's format.
fn timestamp_json(time: DateTime, format: TimestampFormat) -> Value {
    match format {
        TimestampFormat::EpochSeconds => serde_json::to_value(time).unwrap_or(Value::Null),
        format => time.format(format).map(Value::String).unwrap_or(Value::Null),
    }
}

/// Reads the assembled JSON into the input type: structures from objects
/// only, and a key no structure has refused with its path (see
/// [`de`](crate::de)). serde's other messages do not say which member they
/// choked on, so on failure each member is tried alone to name it.
pub(super) fn read_input<I: DeserializeOwned>(
    operation: &OperationSpec,
    input: Map<String, Value>,
) -> Result<I, String> {
    match crate::de::from_value_strict::<I>(Value::Object(input.clone())) {
        Ok(input) => Ok(input),
        // It names where the key is already, as the AWS CLI does.
        Err(error) if error.to_string().starts_with("Unknown parameter in ") => Err(error.to_string()),
        Err(error) => {
            for (key, value) in input {
                let alone = Map::from_iter([(key.clone(), value)]);
                if let Err(e) = crate::de::from_value_strict::<I>(Value::Object(alone)) {
                    let name = operation.members.iter().find(|m| m.json_name == key).map_or(key.as_str(), |m| m.name);
                    return Err(format!("{name}: {e}"));
                }
            }
            Err(format!("the input does not fit `{}`: {error}", operation.name))
        }
    }
}
