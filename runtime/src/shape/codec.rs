//! JSON forms that a Rust type's own serde does not give: timestamps in each
//! Smithy format, and floats that may be `NaN` or infinite (restJson1 writes
//! them as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`; serde_json
//! would write `null`).
//!
//! A [`Codec`] writes and reads one type; [`Opt`], [`List`] and [`Map`]
//! lift a codec over `Option`, `Vec` and `BTreeMap`, so any nesting a model
//! has is covered (`Opt<List<Opt<Rfc3339>>>` for an optional sparse list of
//! RFC 3339 timestamps). [`Map`] over a codec that does not read `null`
//! (a dense map) drops the entries whose value is `null`, as restJson1
//! clients must; [`Plain`] is a type's own serde, for dense maps of values
//! that need no other codec. Generated code names the codec of a field with
//! `#[shape(codec = …)]`; the shape macro turns that into serde's
//! `serialize_with` / `deserialize_with` calling [`serialize`] and
//! [`deserialize`].

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::encoding::{DateTime, TimestampFormat};

/// How one type is written and read in JSON.
pub trait Codec<T> {
    /// Whether `null` is a value this codec reads ([`Opt`]): a map whose
    /// values go through any other codec is dense, and drops `null` entries.
    const READS_NULL: bool = false;
    /// Writes `value`.
    fn serialize<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads a value.
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
}

/// For `serialize_with`: writes `value` with codec `C`.
pub fn serialize<C: Codec<T>, T, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    C::serialize(value, serializer)
}

/// For `deserialize_with`: reads a value with codec `C`.
pub fn deserialize<'de, C: Codec<T>, T, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    C::deserialize(deserializer)
}

/// Timestamps as seconds since the epoch: an integer when whole, else with
/// millisecond precision (as AWS writes them); the default in JSON bodies.
pub struct EpochSeconds;

/// Timestamps as RFC 3339 text (`date-time`).
pub struct Rfc3339;

/// Timestamps as IMF-fixdate text (`http-date`).
pub struct HttpDate;

/// `f32` and `f64`, with `NaN`, `Infinity` and `-Infinity` as strings.
pub struct Float;

/// Any type through its own serde: the values of a dense map whose values
/// need no other codec (`Map<Plain>`).
pub struct Plain;

/// `Option<T>` through `C`: `null` for `None`.
pub struct Opt<C>(PhantomData<C>);

/// `Vec<T>` through `C` for each item.
pub struct List<C>(PhantomData<C>);

/// `BTreeMap<K, T>` through `C` for each value; unless `C` reads `null`
/// (`Map<Opt<…>>`, a sparse map), an entry whose value is `null` is dropped.
pub struct Map<C>(PhantomData<C>);

thread_local! {
    /// Set while input a person wrote is read (the CLI's): a timestamp may
    /// then be given in any form — epoch seconds, RFC 3339 or IMF-fixdate —
    /// whatever its member's wire format, as the AWS CLI takes them.
    static ANY_TIMESTAMP_FORM: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `read` with timestamps accepted in any form (see `ANY_TIMESTAMP_FORM`).
pub(crate) fn with_any_timestamp_form<T>(read: impl FnOnce() -> T) -> T {
    super::with_cell(&ANY_TIMESTAMP_FORM, true, read)
}

/// A timestamp as a number of epoch seconds or as text in any Smithy format.
fn any_timestamp<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
    struct AnyForm;
    impl Visitor<'_> for AnyForm {
        type Value = DateTime;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a timestamp: epoch seconds, RFC 3339 or IMF-fixdate")
        }
        fn visit_f64<E: de::Error>(self, value: f64) -> Result<DateTime, E> {
            DateTime::from_secs_f64(value).ok_or_else(|| E::custom(format!("timestamp {value} is out of range")))
        }
        fn visit_i64<E: de::Error>(self, value: i64) -> Result<DateTime, E> {
            Ok(DateTime::from_secs(value))
        }
        fn visit_u64<E: de::Error>(self, value: u64) -> Result<DateTime, E> {
            i64::try_from(value)
                .map(DateTime::from_secs)
                .map_err(|_| E::custom(format!("timestamp {value} is out of range")))
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<DateTime, E> {
            [TimestampFormat::DateTime, TimestampFormat::HttpDate, TimestampFormat::EpochSeconds]
                .into_iter()
                .find_map(|format| DateTime::parse(text.trim(), format).ok())
                // As the AWS CLI reads them: a date-time without a zone is UTC.
                .or_else(|| {
                    DateTime::parse(&crate::encoding::naive_as_utc(text.trim()), TimestampFormat::DateTime).ok()
                })
                .ok_or_else(|| {
                    E::custom(format!("`{text}` is not a timestamp (epoch seconds, RFC 3339 or IMF-fixdate)"))
                })
        }
    }
    deserializer.deserialize_any(AnyForm)
}

fn any_form() -> bool {
    ANY_TIMESTAMP_FORM.with(|flag| flag.get())
}

/// Whole milliseconds, so a value read from JSON writes back the same.
fn to_millis(time: &DateTime) -> i128 {
    i128::from(time.secs()) * 1000 + i128::from(time.subsec_nanos() / 1_000_000)
}

impl Codec<DateTime> for EpochSeconds {
    fn serialize<S: Serializer>(time: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        let millis = to_millis(time);
        if millis % 1000 == 0 {
            serializer.serialize_i64(time.secs())
        } else {
            serializer.serialize_f64(millis as f64 / 1000.0)
        }
    }

    /// A JSON number, rounded to the millisecond.
    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        if any_form() {
            return any_timestamp(deserializer);
        }
        let value = f64::deserialize(deserializer)?;
        let millis = (value * 1000.0).round();
        if !millis.is_finite() || millis.abs() > 9.0e15 {
            return Err(de::Error::custom(format!("timestamp {value} is out of range")));
        }
        let millis = millis as i64;
        DateTime::from_secs_and_nanos(millis.div_euclid(1000), (millis.rem_euclid(1000) * 1_000_000) as u32)
            .ok_or_else(|| de::Error::custom(format!("timestamp {value} is out of range")))
    }
}

fn text_timestamp<S: Serializer>(time: &DateTime, format: TimestampFormat, serializer: S) -> Result<S::Ok, S::Error> {
    time.format(format).map_err(serde::ser::Error::custom)?.serialize(serializer)
}

fn parse_timestamp<'de, D: Deserializer<'de>>(deserializer: D, format: TimestampFormat) -> Result<DateTime, D::Error> {
    if any_form() {
        return any_timestamp(deserializer);
    }
    let text = String::deserialize(deserializer)?;
    DateTime::parse(&text, format).map_err(de::Error::custom)
}

impl Codec<DateTime> for Rfc3339 {
    fn serialize<S: Serializer>(time: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        text_timestamp(time, TimestampFormat::DateTime, serializer)
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        parse_timestamp(deserializer, TimestampFormat::DateTime)
    }
}

impl Codec<DateTime> for HttpDate {
    fn serialize<S: Serializer>(time: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        text_timestamp(time, TimestampFormat::HttpDate, serializer)
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        parse_timestamp(deserializer, TimestampFormat::HttpDate)
    }
}

/// A float as restJson1 writes it.
fn write_float<S: Serializer>(value: f64, serializer: S) -> Result<S::Ok, S::Error> {
    if value.is_nan() {
        serializer.serialize_str("NaN")
    } else if value.is_infinite() {
        serializer.serialize_str(if value > 0.0 { "Infinity" } else { "-Infinity" })
    } else {
        serializer.serialize_f64(value)
    }
}

/// Reads a JSON number or one of the three non-finite spellings.
struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or \"NaN\", \"Infinity\" or \"-Infinity\"")
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<f64, E> {
        Ok(value)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<f64, E> {
        Ok(value as f64)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<f64, E> {
        Ok(value as f64)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<f64, E> {
        match value {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
        }
    }
}

impl Codec<f64> for Float {
    fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        write_float(*value, serializer)
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

impl Codec<f32> for Float {
    fn serialize<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        if value.is_finite() { serializer.serialize_f32(*value) } else { write_float(f64::from(*value), serializer) }
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
        deserializer.deserialize_any(FloatVisitor).map(|value| value as f32)
    }
}

/// A value and the codec that writes it, as something serde can write.
pub struct Encoded<'a, C, T>(&'a T, PhantomData<C>);

impl<'a, C, T> Encoded<'a, C, T> {
    /// `value`, to be written through `C`.
    pub fn new(value: &'a T) -> Self {
        Encoded(value, PhantomData)
    }
}

impl<C: Codec<T>, T> Serialize for Encoded<'_, C, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        C::serialize(self.0, serializer)
    }
}

/// A value read through a codec, as something serde can read.
pub struct Decoded<C, T>(T, PhantomData<C>);

impl<C, T> Decoded<C, T> {
    /// The value read.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<'de, C: Codec<T>, T> Deserialize<'de> for Decoded<C, T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        C::deserialize(deserializer).map(|value| Decoded(value, PhantomData))
    }
}

impl<T: Serialize + for<'de> Deserialize<'de>> Codec<T> for Plain {
    fn serialize<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer)
    }
}

impl<C: Codec<T>, T> Codec<Option<T>> for Opt<C> {
    const READS_NULL: bool = true;

    fn serialize<S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => C::serialize(value, serializer),
            None => serializer.serialize_none(),
        }
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        Ok(Option::<Decoded<C, T>>::deserialize(deserializer)?.map(|decoded| decoded.0))
    }
}

impl<C: Codec<T>, T> Codec<Vec<T>> for List<C> {
    fn serialize<S: Serializer>(items: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(items.len()))?;
        for item in items {
            seq.serialize_element(&Encoded::<C, T>(item, PhantomData))?;
        }
        seq.end()
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        struct Items<C, T>(PhantomData<(C, T)>);
        impl<'de, C: Codec<T>, T> Visitor<'de> for Items<C, T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(Decoded(item, _)) = seq.next_element_seed(Seed::<C, T>(PhantomData))? {
                    items.push(item);
                }
                Ok(items)
            }
        }
        deserializer.deserialize_seq(Items::<C, T>(PhantomData))
    }
}

/// Reads one [`Decoded`] value, for sequence and map visitors.
struct Seed<C, T>(PhantomData<(C, T)>);

impl<'de, C: Codec<T>, T> DeserializeSeed<'de> for Seed<C, T> {
    type Value = Decoded<C, T>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        Decoded::deserialize(deserializer)
    }
}

impl<C: Codec<T>, K: Serialize + for<'de> Deserialize<'de> + Ord, T> Codec<BTreeMap<K, T>> for Map<C> {
    fn serialize<S: Serializer>(entries: &BTreeMap<K, T>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(entries.len()))?;
        for (key, value) in entries {
            map.serialize_entry(key, &Encoded::<C, T>(value, PhantomData))?;
        }
        map.end()
    }

    fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<K, T>, D::Error> {
        struct Entries<C, K, T>(PhantomData<(C, K, T)>);
        impl<'de, C: Codec<T>, K: for<'k> Deserialize<'k> + Ord, T> Visitor<'de> for Entries<C, K, T> {
            type Value = BTreeMap<K, T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<BTreeMap<K, T>, A::Error> {
                let mut entries = BTreeMap::new();
                while let Some(key) = map.next_key::<K>()? {
                    if C::READS_NULL {
                        let Decoded(value, _) = map.next_value_seed(Seed::<C, T>(PhantomData))?;
                        entries.insert(key, value);
                    } else if let Some(Decoded(value, _)) = map.next_value::<Option<Decoded<C, T>>>()? {
                        entries.insert(key, value);
                    }
                }
                Ok(entries)
            }
        }
        deserializer.deserialize_map(Entries::<C, K, T>(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A value through a codec, to JSON and back.
    fn round_trip<C: Codec<T>, T>(value: &T) -> (serde_json::Value, T) {
        let json = serde_json::to_value(Encoded::<C, T>(value, PhantomData)).unwrap();
        let back: Decoded<C, T> = serde_json::from_value(json.clone()).unwrap();
        (json, back.0)
    }

    #[test]
    fn non_finite_floats_are_strings() {
        assert_eq!(round_trip::<Float, f64>(&f64::INFINITY).0, "Infinity");
        assert_eq!(round_trip::<Float, f32>(&f32::NEG_INFINITY).0, "-Infinity");
        let (json, back) = round_trip::<Float, f64>(&f64::NAN);
        assert!(json == "NaN" && back.is_nan());
        assert_eq!(round_trip::<Float, f32>(&1.5), (serde_json::json!(1.5), 1.5));
        assert!(serde_json::from_str::<Decoded<Float, f64>>("\"nan\"").is_err());
    }

    #[test]
    fn timestamps_in_each_format_through_containers() {
        let time = DateTime::from_secs(1_515_531_081);
        let list = vec![Some(time), None];
        let (json, back) = round_trip::<List<Opt<Rfc3339>>, _>(&list);
        assert_eq!(json, serde_json::json!(["2018-01-09T20:51:21Z", null]));
        assert_eq!(back, list);
        let map = BTreeMap::from([("a".to_owned(), time)]);
        assert_eq!(round_trip::<Map<HttpDate>, _>(&map).0, serde_json::json!({"a": "Tue, 09 Jan 2018 20:51:21 GMT"}));
        let millis = DateTime::from_secs_f64(1_515_531_081.123).unwrap();
        assert_eq!(round_trip::<EpochSeconds, _>(&millis).0, serde_json::json!(1_515_531_081.123));
    }

    #[test]
    fn dense_maps_drop_null_entries_and_sparse_maps_keep_them() {
        let read =
            |json: serde_json::Value| serde_json::from_value::<Decoded<Map<Plain>, BTreeMap<String, Vec<u8>>>>(json);
        let dense = read(serde_json::json!({"a": [1], "b": null})).unwrap().0;
        assert_eq!(dense, BTreeMap::from([("a".to_owned(), vec![1])]));
        assert!(read(serde_json::json!({"a": "not a list"})).is_err(), "other values are still checked");
        let sparse: Decoded<Map<Opt<Plain>>, BTreeMap<String, Option<String>>> =
            serde_json::from_value(serde_json::json!({"a": "x", "b": null})).unwrap();
        assert_eq!(sparse.0, BTreeMap::from([("a".to_owned(), Some("x".to_owned())), ("b".to_owned(), None)]));
        type Times = BTreeMap<String, BTreeMap<String, DateTime>>;
        let nested: Decoded<Map<Map<Rfc3339>>, Times> =
            serde_json::from_value(serde_json::json!({"a": {"t": "2018-01-09T20:51:21Z", "u": null}, "b": null}))
                .unwrap();
        assert_eq!(nested.0.len(), 1);
        assert_eq!(nested.0["a"].len(), 1);
    }
}
