//! `--output text`: the AWS CLI's tab-separated lines, by its rules.
//!
//! - An object prints its scalar members on one line, tab-separated, in key
//!   order (with the name of the list or object it sits in, upper-cased,
//!   first), then each member that is a list or an object, under that
//!   member's name.
//! - In a list of objects every object prints the same columns: the union of
//!   the scalar keys of all of them, sorted, empty where one lacks the key.
//! - A list of scalars prints one `NAME\tvalue` line per item under a name,
//!   or all items on one tab-separated line at the top.
//! - Scalars print as Python's `str()` does (`True`, `None`, `1e-05`).

use std::collections::BTreeSet;
use std::io::{self, Write};

use serde_json::{Map, Value};

use super::python::str_of;

/// Writes `value` in the text format.
pub(super) fn write(value: &Value, out: &mut dyn Write) -> io::Result<()> {
    write_item(value, None, None, out)
}

fn write_item(value: &Value, name: Option<&str>, columns: Option<&[&str]>, out: &mut dyn Write) -> io::Result<()> {
    match value {
        Value::Object(map) => write_object(map, name, columns, out),
        Value::Array(items) => write_list(items, name, out),
        scalar => writeln!(out, "{}", str_of(scalar)),
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

fn write_list(items: &[Value], name: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    if items.iter().any(Value::is_object) {
        let keys: BTreeSet<&str> = items
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|map| map.iter().filter(|(_, v)| is_scalar(v)).map(|(k, _)| k.as_str()))
            .collect();
        let keys: Vec<&str> = keys.into_iter().collect();
        for item in items {
            write_item(item, name, Some(&keys), out)?;
        }
        Ok(())
    } else if items.iter().any(Value::is_array) {
        let scalars: Vec<&Value> = items.iter().filter(|item| is_scalar(item)).collect();
        if !scalars.is_empty() {
            write_scalars(&scalars, name, out)?;
        }
        for item in items.iter().filter(|item| !is_scalar(item)) {
            write_item(item, name, None, out)?;
        }
        Ok(())
    } else {
        write_scalars(&items.iter().collect::<Vec<_>>(), name, out)
    }
}

fn write_scalars(items: &[&Value], name: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    match name {
        Some(name) => {
            let name = upper(name);
            for item in items {
                writeln!(out, "{name}\t{}", str_of(item))?;
            }
            Ok(())
        }
        None => writeln!(out, "{}", items.iter().map(|item| str_of(item)).collect::<Vec<_>>().join("\t")),
    }
}

fn write_object(
    map: &Map<String, Value>,
    name: Option<&str>,
    columns: Option<&[&str]>,
    out: &mut dyn Write,
) -> io::Result<()> {
    // The map's keys are sorted already, as Python's `sorted()` sorts them.
    let (mut cells, nested): (Vec<String>, Vec<(&str, &Value)>) = match columns {
        None => {
            let cells = map.values().filter(|v| is_scalar(v)).map(str_of).collect();
            let nested = map.iter().filter(|(_, v)| !is_scalar(v)).map(|(k, v)| (k.as_str(), v)).collect();
            (cells, nested)
        }
        Some(columns) => {
            let cells = columns.iter().map(|key| map.get(*key).map(str_of).unwrap_or_default()).collect();
            let nested =
                map.iter().filter(|(k, _)| !columns.contains(&k.as_str())).map(|(k, v)| (k.as_str(), v)).collect();
            (cells, nested)
        }
    };
    if !cells.is_empty() {
        if let Some(name) = name {
            cells.insert(0, upper(name));
        }
        writeln!(out, "{}", cells.join("\t"))?;
    }
    for (key, value) in nested {
        write_item(value, Some(key), None, out)?;
    }
    Ok(())
}

/// Python's `str.upper()`, which, unlike ASCII upper-casing, also maps
/// letters such as `ß` to `SS`.
fn upper(name: &str) -> String {
    name.to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn text(value: Value) -> String {
        let mut out = Vec::new();
        write(&value, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn objects_lists_and_scalars() {
        assert_eq!(text(json!({"b": 1, "a": "x", "l": [1, 2], "o": {"k": true}})), "x\t1\nL\t1\nL\t2\nO\tTrue\n");
        assert_eq!(text(json!({"items": [{"a": 1}, {"b": null, "c": [3]}]})), "ITEMS\t1\t\nITEMS\t\tNone\nC\t3\n");
        assert_eq!(text(json!(["a", "b"])), "a\tb\n");
        assert_eq!(text(json!([[1, 2], [3]])), "1\t2\n3\n");
        assert_eq!(text(json!([])), "");
        assert_eq!(text(json!({})), "");
        assert_eq!(text(json!(null)), "None\n");
    }
}
