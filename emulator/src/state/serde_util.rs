//! How state files spell collections and the generated settings types.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// A record kept in a map by its id, written in files as a list of records.
pub(crate) trait Keyed {
    /// The record's id.
    fn key(&self) -> &str;

    /// Fills in what a file may leave out and is derived from other members
    /// (a username hash), before the record is keyed.
    fn complete(&mut self) {}
}

/// `BTreeMap<String, T>` as a JSON list of `T`; an id given twice is an error.
pub(crate) mod keyed {
    use std::collections::BTreeMap;

    use super::*;

    pub fn serialize<S: serde::Serializer, T: Serialize>(
        map: &BTreeMap<String, T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(map.values())
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de> + Keyed>(
        deserializer: D,
    ) -> Result<BTreeMap<String, T>, D::Error> {
        let mut map = BTreeMap::new();
        for mut item in Vec::<T>::deserialize(deserializer)? {
            item.complete();
            let key = item.key().to_owned();
            if map.insert(key.clone(), item).is_some() {
                return Err(D::Error::custom(format!("the id `{key}` is given twice")));
            }
        }
        Ok(map)
    }
}

/// A generated type (whose serde ignores unknown members) read strictly: a
/// member it does not have is an error naming it, so a misspelt setting in
/// a hand-written file is refused instead of silently dropped.
pub(crate) fn strict<'de, D: Deserializer<'de>, T: Serialize + DeserializeOwned>(
    deserializer: D,
) -> Result<T, D::Error> {
    let given = Value::deserialize(deserializer)?;
    let value: T = serde_json::from_value(given.clone()).map_err(D::Error::custom)?;
    let read = serde_json::to_value(&value).map_err(D::Error::custom)?;
    match unknown_member(&given, &read, String::new()) {
        Some(path) => Err(D::Error::custom(format!("unknown member `{path}`"))),
        None => Ok(value),
    }
}

/// [`strict`] for an optional member.
pub(crate) fn strict_option<'de, D: Deserializer<'de>, T: Serialize + DeserializeOwned>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    strict(deserializer).map(Some)
}

/// The path of the first member of `given` (other than a `null`) that
/// reading it as a type and writing it back lost.
fn unknown_member(given: &Value, read: &Value, path: String) -> Option<String> {
    match (given, read) {
        (Value::Object(given), Value::Object(read)) => given.iter().find_map(|(name, value)| {
            let inner = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
            match read.get(name) {
                Some(kept) => unknown_member(value, kept, inner),
                None if value.is_null() => None,
                None => Some(inner),
            }
        }),
        (Value::Array(given), Value::Array(read)) => given
            .iter()
            .zip(read)
            .enumerate()
            .find_map(|(index, (value, kept))| unknown_member(value, kept, format!("{path}[{index}]"))),
        _ => None,
    }
}
