//! `--output json`: what the AWS CLI's `json.dump(response, indent=4,
//! ensure_ascii=False)` writes — four-space indents, `": "` between key and
//! value, non-ASCII text as is, floats as Python writes them (`1e-05`,
//! `100.0`) — followed by a newline. An empty response prints nothing.

use std::io::{self, Write};

use serde::Serialize;
use serde::ser::SerializeMap;
use serde_json::ser::{Formatter, PrettyFormatter};
use serde_json::{Map, Value};

use super::python::float_repr;

/// Writes `value` as the AWS CLI's JSON output; `last` is a top-level key
/// written after the others (the `NextToken` botocore adds to a merged result).
pub(in crate::cli) fn write(value: &Value, last: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    if matches!(value, Value::Object(map) if map.is_empty()) {
        return Ok(());
    }
    write_indented(value, last, out)?;
    out.write_all(b"\n")
}

/// `json.dump(value, ensure_ascii=False)`: one line, Python's floats; what
/// the AWS CLI's YAML output writes for a scalar.
pub(super) fn write_compact(value: &Value, out: &mut dyn Write) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, PythonFloats(CompactPython));
    value.serialize(&mut serializer).map_err(io::Error::other)
}

fn write_indented(value: &Value, last: Option<&str>, out: &mut dyn Write) -> io::Result<()> {
    let formatter = PythonFloats(PrettyFormatter::with_indent(b"    "));
    let mut serializer = serde_json::Serializer::with_formatter(&mut *out, formatter);
    match (value, last) {
        (Value::Object(map), Some(last)) if map.contains_key(last) => LastKey { map, last }.serialize(&mut serializer),
        _ => value.serialize(&mut serializer),
    }
    .map_err(io::Error::other)
}

/// An object whose `last` key is written after the others.
struct LastKey<'a> {
    map: &'a Map<String, Value>,
    last: &'a str,
}

impl Serialize for LastKey<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.map.len()))?;
        for (key, value) in self.map.iter().filter(|(key, _)| *key != self.last) {
            map.serialize_entry(key, value)?;
        }
        if let Some(value) = self.map.get(self.last) {
            map.serialize_entry(self.last, value)?;
        }
        map.end()
    }
}

/// Python's compact separators: `", "` between items, `": "` after keys.
struct CompactPython;

impl Formatter for CompactPython {
    fn begin_array_value<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if first { Ok(()) } else { writer.write_all(b", ") }
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if first { Ok(()) } else { writer.write_all(b", ") }
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }
}

/// A formatter that writes floats as Python's `repr` does and leaves the
/// rest to `F`.
struct PythonFloats<F>(F);

macro_rules! delegate {
    ($($name:ident($($arg:ident: $ty:ty),*);)*) => {$(
        fn $name<W: ?Sized + Write>(&mut self, writer: &mut W $(, $arg: $ty)*) -> io::Result<()> {
            self.0.$name(writer $(, $arg)*)
        }
    )*};
}

impl<F: Formatter> Formatter for PythonFloats<F> {
    fn write_f64<W: ?Sized + Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        writer.write_all(float_repr(value).as_bytes())
    }

    fn write_f32<W: ?Sized + Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        self.write_f64(writer, f64::from(value))
    }

    delegate! {
        begin_array();
        end_array();
        begin_array_value(first: bool);
        end_array_value();
        begin_object();
        end_object();
        begin_object_key(first: bool);
        end_object_key();
        begin_object_value();
        end_object_value();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn written(value: &Value, last: Option<&str>) -> String {
        let mut out = Vec::new();
        write(value, last, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn indents_by_four_keeps_unicode_and_writes_python_floats() {
        let value = json!({"a": [], "b": {}, "c": [1.0, 1e-5, "é\n"], "NextToken": "t"});
        assert_eq!(
            written(&value, Some("NextToken")),
            "{\n    \"a\": [],\n    \"b\": {},\n    \"c\": [\n        1.0,\n        1e-05,\n        \"é\\n\"\n    ],\n    \"NextToken\": \"t\"\n}\n"
        );
        assert_eq!(written(&json!({}), None), "");
        assert_eq!(written(&json!([]), None), "[]\n");
        assert_eq!(written(&json!(null), None), "null\n");
        let mut out = Vec::new();
        write_compact(&json!({"a": [1, 2.5]}), &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"a": [1, 2.5]}"#);
    }
}
