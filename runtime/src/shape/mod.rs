//! What generated shapes share: the builder error, the redaction marker,
//! blobs, documents and the unit value; [`codec`], the JSON forms serde's
//! own do not give (timestamps in each Smithy format, non-finite floats);
//! [`Zero`], the values missing required members are read as; and
//! [`View`], how the CLI prints them.

pub mod codec;
mod view;
mod zero;

pub use view::{View, ViewMembers, union_view};
pub use zero::{MissingMember, Zero, missing, with_error_correction, with_missing_collected, zero};
pub(crate) use zero::{at_path, collecting};

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::encoding::DateTime;

pub use sdk_runtime_macros::{IntEnum, StringEnum, Union, shape};

/// Runs `read` with the thread-local `cell` holding `value`, and puts back
/// what it held before when `read` returns or unwinds: how a deserializer is
/// told what kind of read it is in, which serde gives no way to pass.
pub(crate) fn with_cell<T: 'static, R>(
    cell: &'static std::thread::LocalKey<std::cell::Cell<T>>,
    value: T,
    read: impl FnOnce() -> R,
) -> R {
    struct Restore<T: 'static> {
        cell: &'static std::thread::LocalKey<std::cell::Cell<T>>,
        before: Option<T>,
    }
    impl<T> Drop for Restore<T> {
        fn drop(&mut self) {
            if let Some(before) = self.before.take() {
                self.cell.with(|cell| cell.set(before));
            }
        }
    }
    let _restore = Restore { cell, before: Some(cell.with(|cell| cell.replace(value))) };
    read()
}

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
        <codec::EpochSeconds as codec::Codec<DateTime>>::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<DateTime, D::Error> {
        <codec::EpochSeconds as codec::Codec<DateTime>>::deserialize(deserializer)
    }
}
