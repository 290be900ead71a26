//! [`View`]: a value as a person reads it, which is not its wire form.
//!
//! The CLI prints an operation's whole output — the members bound to
//! headers, the status code and the payload as well as the body's — so it
//! cannot print the JSON the service sent. It prints what the AWS CLI does:
//! member names as keys (not `@jsonName`s), timestamps in ISO 8601 whatever
//! their wire format, blobs in base64, and non-finite floats as text.
//! Generated shapes implement it through their macros; this module gives it
//! to the types they are built from.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Number, Value};

use super::{Blob, Unit};
use crate::encoding::{DateTime, TimestampFormat};

/// A value as the CLI prints it: member names as keys, timestamps in ISO
/// 8601, blobs in base64, non-finite floats as text.
pub trait View {
    /// The value as JSON for people: member names as keys, ISO 8601
    /// timestamps, base64 blobs.
    fn view(&self) -> Value;
}

/// A structure's view, member by member (what `#[shape]` generates).
#[derive(Debug, Default)]
pub struct ViewMembers(Map<String, Value>);

impl ViewMembers {
    /// Adds a member that always has a value.
    pub fn member(mut self, name: &str, value: &impl View) -> Self {
        self.0.insert(name.to_owned(), value.view());
        self
    }

    /// Adds an optional member, when it is set.
    pub fn optional<T: View>(mut self, name: &str, value: &Option<T>) -> Self {
        if let Some(value) = value {
            self.0.insert(name.to_owned(), value.view());
        }
        self
    }

    /// The structure's view: an object of its members that are set.
    pub fn finish(self) -> Value {
        Value::Object(self.0)
    }
}

/// A union's view: an object with its one member, or, for a member this
/// SDK does not know, the AWS CLI's `SDK_UNKNOWN_MEMBER`.
pub fn union_view(member: Option<(&str, &dyn View)>) -> Value {
    let mut map = Map::new();
    match member {
        Some((name, value)) => map.insert(name.to_owned(), value.view()),
        None => map.insert("SDK_UNKNOWN_MEMBER".to_owned(), Value::Object(Map::new())),
    };
    Value::Object(map)
}

impl View for String {
    fn view(&self) -> Value {
        Value::String(self.clone())
    }
}

impl View for bool {
    fn view(&self) -> Value {
        Value::Bool(*self)
    }
}

macro_rules! integers {
    ($($ty:ty),*) => {$(
        impl View for $ty {
            fn view(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}

integers!(i8, i16, i32, i64, u8, u16, u32, u64);

impl View for f64 {
    fn view(&self) -> Value {
        // JSON has no NaN or infinities; the AWS CLI's Smithy names for them.
        match Number::from_f64(*self) {
            Some(number) => Value::Number(number),
            None if self.is_nan() => Value::String("NaN".to_owned()),
            None if *self > 0.0 => Value::String("Infinity".to_owned()),
            None => Value::String("-Infinity".to_owned()),
        }
    }
}

impl View for f32 {
    fn view(&self) -> Value {
        // Through the shortest text that reads back as this f32, so 0.1f32
        // prints as 0.1 and not as 0.10000000149011612.
        match self.to_string().parse::<f64>() {
            Ok(wide) if self.is_finite() => wide.view(),
            _ => f64::from(*self).view(),
        }
    }
}

impl View for DateTime {
    fn view(&self) -> Value {
        // Python's `datetime.isoformat()`, as the AWS CLI prints timestamps:
        // microseconds (rounded half to even) in six digits when not zero,
        // and the offset written out.
        let nanos = self.subsec_nanos();
        let (mut micros, rest) = (nanos / 1000, nanos % 1000);
        if rest > 500 || (rest == 500 && micros % 2 == 1) {
            micros += 1;
        }
        let (seconds, micros) = if micros == 1_000_000 { (self.secs() + 1, 0) } else { (self.secs(), micros) };
        match DateTime::from_secs(seconds).format(TimestampFormat::DateTime) {
            Ok(text) => {
                let whole = text.strip_suffix('Z').unwrap_or(&text);
                let fraction = if micros == 0 { String::new() } else { format!(".{micros:06}") };
                Value::String(format!("{whole}{fraction}+00:00"))
            }
            // Outside years 0000–9999 ISO 8601 has no form: epoch seconds.
            Err(_) => Value::String(self.format(TimestampFormat::EpochSeconds).unwrap_or_default()),
        }
    }
}

impl View for Blob {
    fn view(&self) -> Value {
        Value::String(crate::encoding::encode_base64(&self.0))
    }
}

impl View for Unit {
    fn view(&self) -> Value {
        Value::Object(Map::new())
    }
}

impl View for Value {
    fn view(&self) -> Value {
        self.clone()
    }
}

impl<T: View> View for Option<T> {
    fn view(&self) -> Value {
        self.as_ref().map_or(Value::Null, View::view)
    }
}

impl<T: View + ?Sized> View for Box<T> {
    fn view(&self) -> Value {
        (**self).view()
    }
}

impl<T: View> View for Vec<T> {
    fn view(&self) -> Value {
        Value::Array(self.iter().map(View::view).collect())
    }
}

impl<K: std::fmt::Display, T: View> View for BTreeMap<K, T> {
    fn view(&self) -> Value {
        Value::Object(self.iter().map(|(key, value)| (key.to_string(), value.view())).collect())
    }
}

impl<K: std::fmt::Display, T: View, S> View for HashMap<K, T, S> {
    fn view(&self) -> Value {
        // serde_json's map sorts its keys, so the order is the same every run.
        Value::Object(self.iter().map(|(key, value)| (key.to_string(), value.view())).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_print_in_iso_8601_with_their_offset() {
        let time = DateTime::from_secs(1_700_000_000);
        assert_eq!(time.view(), Value::String("2023-11-14T22:13:20+00:00".to_owned()));
        let fraction = DateTime::parse("2023-11-14T22:13:20.5Z", TimestampFormat::DateTime).unwrap();
        assert_eq!(fraction.view(), Value::String("2023-11-14T22:13:20.500000+00:00".to_owned()));
        let nanos = DateTime::from_secs_and_nanos(1_700_000_000, 123_456_500).unwrap();
        assert_eq!(nanos.view(), Value::String("2023-11-14T22:13:20.123456+00:00".to_owned()));
    }

    #[test]
    fn floats_print_shortest_and_non_finite_as_text() {
        assert_eq!(0.1f32.view().to_string(), "0.1");
        assert_eq!(f64::NAN.view(), Value::String("NaN".to_owned()));
        assert_eq!(f32::NEG_INFINITY.view(), Value::String("-Infinity".to_owned()));
        assert_eq!(2.5f64.view().to_string(), "2.5");
    }

    #[test]
    fn blobs_print_base64_and_containers_their_items() {
        assert_eq!(Blob(b"hi".to_vec()).view(), Value::String("aGk=".to_owned()));
        let sparse: Vec<Option<i32>> = vec![Some(1), None];
        assert_eq!(sparse.view().to_string(), "[1,null]");
        let map = BTreeMap::from([("b".to_owned(), Some(Blob(vec![0]))), ("a".to_owned(), None)]);
        assert_eq!(map.view().to_string(), r#"{"a":null,"b":"AA=="}"#);
    }
}
