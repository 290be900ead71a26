//! What generated shapes share: the builder error, the redaction marker,
//! blobs and documents, and serde for timestamps in each Smithy format.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::encoding::{DateTime, TimestampFormat};

pub use sdk_runtime_macros::{IntEnum, StringEnum, shape};

/// A builder's `build()` found required members unset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError {
    shape: &'static str,
    missing: Vec<&'static str>,
}

impl BuildError {
    /// `shape` lacks the `missing` members (by model name).
    pub fn missing(shape: &'static str, missing: Vec<&'static str>) -> BuildError {
        BuildError { shape, missing }
    }

    /// The shape that could not be built.
    pub fn shape(&self) -> &str {
        self.shape
    }

    /// The required members that were not set, by model name.
    pub fn missing_members(&self) -> &[&'static str] {
        &self.missing
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build {}: required member(s) not set: {}", self.shape, self.missing.join(", "))
    }
}

impl std::error::Error for BuildError {}

/// Printed by `Debug` in place of a `@sensitive` value.
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("*** Sensitive Data Redacted ***")
    }
}

/// Binary data; base64 in JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Blob(pub Vec<u8>);

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Blob {
        Blob(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Blob {
        Blob(bytes.to_vec())
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&crate::encoding::encode_base64(&self.0))
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Blob, D::Error> {
        let text = String::deserialize(deserializer)?;
        crate::encoding::decode_base64(&text).map(Blob).map_err(serde::de::Error::custom)
    }
}

/// `smithy.api#Unit`: a union member that is only a tag. Its JSON is `{}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Unit {}

/// An untyped JSON value (`document` shapes).
pub type Document = serde_json::Value;

/// Timestamps in JSON bodies default to epoch seconds (restJson1), written as
/// an integer when whole and with millisecond precision otherwise, as AWS does.
impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        epoch_seconds::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        epoch_seconds::deserialize(deserializer)
    }
}

/// Whole milliseconds, so a value read from JSON writes back the same.
fn to_millis(time: &DateTime) -> i128 {
    i128::from(time.secs()) * 1000 + i128::from(time.subsec_nanos() / 1_000_000)
}

/// `#[serde(with = "sdk_runtime::shape::epoch_seconds")]`: seconds since the epoch.
pub mod epoch_seconds {
    use super::*;

    /// Writes an integer when whole, else seconds with three decimals.
    pub fn serialize<S: Serializer>(time: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
        let millis = to_millis(time);
        if millis % 1000 == 0 {
            serializer.serialize_i64(time.secs())
        } else {
            serializer.serialize_f64(millis as f64 / 1000.0)
        }
    }

    /// Reads a JSON number, rounded to the millisecond.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        let value = f64::deserialize(deserializer)?;
        let millis = (value * 1000.0).round();
        if !millis.is_finite() || millis.abs() > 9.0e15 {
            return Err(serde::de::Error::custom(format!("timestamp {value} is out of range")));
        }
        let millis = millis as i64;
        DateTime::from_secs_and_nanos(millis.div_euclid(1000), (millis.rem_euclid(1000) * 1_000_000) as u32)
            .ok_or_else(|| serde::de::Error::custom(format!("timestamp {value} is out of range")))
    }
}

macro_rules! text_format {
    ($module:ident, $format:expr, $doc:literal) => {
        #[doc = $doc]
        pub mod $module {
            use super::*;

            /// Writes the timestamp as text in this format.
            pub fn serialize<S: Serializer>(time: &DateTime, serializer: S) -> Result<S::Ok, S::Error> {
                time.format($format).map_err(serde::ser::Error::custom)?.serialize(serializer)
            }

            /// Reads the timestamp from text in this format.
            pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
                let text = String::deserialize(deserializer)?;
                DateTime::parse(&text, $format).map_err(serde::de::Error::custom)
            }
        }
    };
}

text_format!(date_time, TimestampFormat::DateTime, "`#[serde(with = \"sdk_runtime::shape::date_time\")]`: RFC 3339.");
text_format!(
    http_date,
    TimestampFormat::HttpDate,
    "`#[serde(with = \"sdk_runtime::shape::http_date\")]`: IMF-fixdate."
);

/// `Option<DateTime>` in a non-default format: `#[serde(with = "sdk_runtime::shape::optional::date_time")]`.
pub mod optional {
    macro_rules! optional_format {
        ($module:ident) => {
            #[doc = concat!("`Option<DateTime>` through [`super::", stringify!($module), "`].")]
            pub mod $module {
                use serde::{Deserialize, Deserializer, Serializer};

                use crate::encoding::DateTime;

                /// Writes `null` for `None`, else the timestamp.
                pub fn serialize<S: Serializer>(time: &Option<DateTime>, serializer: S) -> Result<S::Ok, S::Error> {
                    match time {
                        Some(time) => super::super::$module::serialize(time, serializer),
                        None => serializer.serialize_none(),
                    }
                }

                /// Reads `null` as `None`, else the timestamp.
                pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime>, D::Error> {
                    struct Wrapped(DateTime);
                    impl<'de> Deserialize<'de> for Wrapped {
                        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Wrapped, D::Error> {
                            super::super::$module::deserialize(deserializer).map(Wrapped)
                        }
                    }
                    Ok(Option::<Wrapped>::deserialize(deserializer)?.map(|Wrapped(time)| time))
                }
            }
        };
    }
    optional_format!(date_time);
    optional_format!(http_date);
    optional_format!(epoch_seconds);
}
