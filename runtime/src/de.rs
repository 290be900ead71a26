//! Reading JSON into generated types more strictly than serde's derive does.
//!
//! serde's derived `Deserialize` for a structure also accepts a JSON array
//! (its fields in order), which restJson1 never sends: `["a", 1]` must not
//! read as a structure. And the CLI must refuse keys the input does not
//! have at any depth, as the AWS CLI does, while responses keep ignoring
//! unknown keys (a newer service may send more).
//!
//! Both are done here, without changing the generated types' plain
//! `#[derive(Deserialize)]`: [`Shaped`] wraps serde_json's deserializer and
//! every visitor, sequence and map it hands out, so that `deserialize_struct`
//! refuses a sequence and, in strict mode, checks each key against the
//! fields serde passes, tracking the path for the message.

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_json::Value;

/// Reads a response body: structures from JSON objects only, unknown keys ignored.
pub fn from_slice<T: de::DeserializeOwned>(body: &[u8]) -> Result<T, serde_json::Error> {
    // UTF-8 checked once for the whole body, rather than string by string as
    // serde_json's slice reader does.
    let text = std::str::from_utf8(body).map_err(|_| not_utf8(body))?;
    let mut json = serde_json::Deserializer::from_str(text);
    let value = T::deserialize(Shaped::lenient(&mut json))?;
    json.end()?;
    Ok(value)
}

/// The error for a body that is not UTF-8, saying where, as serde_json's
/// slice reader says it. Read as a `Value` rather than as the output type, so
/// that every type is compiled against one reader only.
#[cold]
fn not_utf8(body: &[u8]) -> serde_json::Error {
    match serde_json::from_slice::<Value>(body) {
        Err(error) => error,
        // Outside a string, a byte that is not UTF-8 is already a syntax error.
        Ok(_) => de::Error::custom("the body is not UTF-8"),
    }
}

/// Reads a request's JSON value as a server does: unknown keys ignored,
/// paths tracked, so that under [`with_missing_collected`](crate::shape::with_missing_collected)
/// a missing required member is recorded by its path (`users[0].username`)
/// and reported with every other violation; otherwise it is an error.
pub fn from_value_tracked<T: de::DeserializeOwned>(value: Value) -> Result<T, serde_json::Error> {
    T::deserialize(Shaped::tracked(value))
}

/// Reads a JSON value as [`from_slice`] reads a body.
pub fn from_value<T: de::DeserializeOwned>(value: Value) -> Result<T, serde_json::Error> {
    T::deserialize(Shaped::lenient(value))
}

/// Reads input the caller wrote (the CLI's): structures from JSON objects
/// only, and a key a structure does not have is an error naming where it is
/// (`Unknown parameter in users[0]: "bogus", must be one of: …`).
/// Timestamps may be given in any form there (epoch seconds, RFC 3339 or
/// IMF-fixdate), whatever their member's wire format, as the AWS CLI takes them.
pub fn from_value_strict<T: de::DeserializeOwned>(value: Value) -> Result<T, serde_json::Error> {
    crate::shape::codec::with_any_timestamp_form(|| T::deserialize(Shaped::strict(value)))
}

/// A deserializer that reads structures from maps only; with a path, it
/// knows where it is (for messages, and for the missing members a server
/// collects), and in strict mode unknown structure keys are errors.
///
/// What it tracks is a type parameter rather than a value, so that the path
/// a response never needs costs it nothing: with [`Untracked`] every wrapper
/// is the value it wraps and the compiler removes the bookkeeping.
pub struct Shaped<D, P = Untracked> {
    inner: D,
    path: P,
}

/// Where a value is, as each wrapper carries it: nothing ([`Untracked`]) or
/// a [`Path`].
pub trait Track: Sized {
    /// The path of the `index`th element of a list here.
    fn element(&self, index: usize) -> Self;
    /// The path of the value under `key` here (`None`: a key not read as text).
    fn child(&self, key: Option<&str>) -> Self;
    /// The path, when one is tracked.
    fn path(&self) -> Option<&Path>;
}

/// No path: unknown keys ignored, nothing recorded (the fast path responses take).
#[derive(Clone, Copy)]
pub struct Untracked;

impl Track for Untracked {
    fn element(&self, _: usize) -> Self {
        Untracked
    }

    fn child(&self, _: Option<&str>) -> Self {
        Untracked
    }

    fn path(&self) -> Option<&Path> {
        None
    }
}

/// Where a value is (`users[2].username`; empty at the top), and whether
/// unknown keys are errors there.
#[derive(Clone)]
pub struct Path {
    text: String,
    strict: bool,
}

impl Track for Path {
    fn element(&self, index: usize) -> Self {
        Path { text: format!("{}[{index}]", self.text), strict: self.strict }
    }

    fn child(&self, key: Option<&str>) -> Self {
        let text = match key {
            Some(key) if self.text.is_empty() => key.to_owned(),
            Some(key) => format!("{}.{key}", self.text),
            None => self.text.clone(),
        };
        Path { text, strict: self.strict }
    }

    fn path(&self) -> Option<&Path> {
        Some(self)
    }
}

impl<D> Shaped<D> {
    /// Unknown keys are ignored.
    pub fn lenient(inner: D) -> Self {
        Self { inner, path: Untracked }
    }
}

impl<D> Shaped<D, Path> {
    /// Unknown keys are errors.
    pub fn strict(inner: D) -> Self {
        Self { inner, path: Path { text: String::new(), strict: true } }
    }

    /// Unknown keys are ignored; the path is tracked.
    fn tracked(inner: D) -> Self {
        Self { inner, path: Path { text: String::new(), strict: false } }
    }
}

macro_rules! forward {
    ($($method:ident),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.inner.$method(Wrap { visitor, path: self.path })
        }
    )*};
}

impl<'de, D: Deserializer<'de>, P: Track> Deserializer<'de> for Shaped<D, P> {
    type Error = D::Error;

    forward!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_i128,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_u128,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_bytes,
        deserialize_byte_buf,
        deserialize_option,
        deserialize_unit,
        deserialize_seq,
        deserialize_map,
        deserialize_identifier,
        deserialize_ignored_any
    );

    fn deserialize_unit_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_unit_struct(name, Wrap { visitor, path: self.path })
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_newtype_struct(name, Wrap { visitor, path: self.path })
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_tuple(len, Wrap { visitor, path: self.path })
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_tuple_struct(name, len, Wrap { visitor, path: self.path })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_struct(name, fields, StructVisitor { visitor, fields, path: self.path })
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_enum(name, variants, Wrap { visitor, path: self.path })
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

/// A seed whose deserializer is wrapped too.
struct Seed<S, P> {
    seed: S,
    path: P,
}

impl<'de, S: DeserializeSeed<'de>, P: Track> DeserializeSeed<'de> for Seed<S, P> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<S::Value, D::Error> {
        match self.path.path() {
            // A structure read here records the members it lacks under its path.
            Some(path) if crate::shape::collecting() => {
                let at = path.text.clone();
                crate::shape::at_path(at, || self.seed.deserialize(Shaped { inner: deserializer, path: self.path }))
            }
            _ => self.seed.deserialize(Shaped { inner: deserializer, path: self.path }),
        }
    }
}

macro_rules! visit {
    ($($method:ident: $ty:ty),*) => {$(
        fn $method<E: de::Error>(self, v: $ty) -> Result<Self::Value, E> {
            self.visitor.$method(v)
        }
    )*};
}

/// Hands the visitor's sequences, maps, options and enums wrapped.
struct Wrap<V, P> {
    visitor: V,
    path: P,
}

impl<'de, V: Visitor<'de>, P: Track> Visitor<'de> for Wrap<V, P> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    visit!(
        visit_bool: bool, visit_i8: i8, visit_i16: i16, visit_i32: i32, visit_i64: i64, visit_i128: i128,
        visit_u8: u8, visit_u16: u16, visit_u32: u32, visit_u64: u64, visit_u128: u128,
        visit_f32: f32, visit_f64: f64, visit_char: char, visit_str: &str, visit_string: String,
        visit_bytes: &[u8], visit_byte_buf: Vec<u8>
    );

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        self.visitor.visit_borrowed_str(v)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<Self::Value, E> {
        self.visitor.visit_borrowed_bytes(v)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.visitor.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_some(Shaped { inner: d, path: self.path })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.visitor.visit_newtype_struct(Shaped { inner: d, path: self.path })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_seq(Seq { seq, path: self.path, index: 0 })
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_map(Map { map, path: self.path, fields: None, key: None })
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_enum(Enum { data, path: self.path })
    }
}

/// A structure's visitor: a map only, whose keys strict mode checks.
struct StructVisitor<V, P> {
    visitor: V,
    fields: &'static [&'static str],
    path: P,
}

impl<'de, V: Visitor<'de>, P: Track> Visitor<'de> for StructVisitor<V, P> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)?;
        f.write_str(" as a JSON object")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Self::Value, A::Error> {
        Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.visitor.visit_map(Map { map, path: self.path, fields: Some(self.fields), key: None })
    }
}

struct Seq<A, P> {
    seq: A,
    path: P,
    index: usize,
}

impl<'de, A: SeqAccess<'de>, P: Track> SeqAccess<'de> for Seq<A, P> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, A::Error> {
        let path = self.path.element(self.index);
        self.index += 1;
        self.seq.next_element_seed(Seed { seed, path })
    }

    fn size_hint(&self) -> Option<usize> {
        self.seq.size_hint()
    }
}

struct Map<A, P> {
    map: A,
    path: P,
    /// A structure's fields (its keys must be among them, in strict mode).
    fields: Option<&'static [&'static str]>,
    /// The key just read, for the path of its value (when the path is tracked).
    key: Option<String>,
}

impl<'de, A: MapAccess<'de>, P: Track> MapAccess<'de> for Map<A, P> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        let Some(path) = self.path.path() else {
            return self.map.next_key_seed(seed);
        };
        let key = Key { seed, fields: self.fields.filter(|_| path.strict), path: &path.text };
        match self.map.next_key_seed(key)? {
            Some((value, key)) => {
                self.key = Some(key);
                Ok(Some(value))
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        let path = self.path.child(self.key.take().as_deref());
        self.map.next_value_seed(Seed { seed, path })
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// Reads a key as text, checks it against the structure's fields, then hands
/// it to the real seed; returns the key too, for the path of its value.
struct Key<'p, K> {
    seed: K,
    fields: Option<&'static [&'static str]>,
    path: &'p str,
}

impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for Key<'_, K> {
    type Value = (K::Value, String);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        let key = <String as serde::Deserialize>::deserialize(deserializer)?;
        if let Some(fields) = self.fields
            && !fields.contains(&key.as_str())
        {
            let at = if self.path.is_empty() { "input" } else { self.path };
            return Err(de::Error::custom(format!(
                "Unknown parameter in {at}: \"{key}\", must be one of: {}",
                fields.join(", ")
            )));
        }
        let value = self.seed.deserialize(IntoDeserializer::<D::Error>::into_deserializer(key.clone()))?;
        Ok((value, key))
    }
}

struct Enum<A, P> {
    data: A,
    path: P,
}

impl<'de, A: EnumAccess<'de>, P: Track> EnumAccess<'de> for Enum<A, P> {
    type Error = A::Error;
    type Variant = Variant<A::Variant, P>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self::Variant), A::Error> {
        let (value, variant) = self.data.variant_seed(seed)?;
        Ok((value, Variant { variant, path: self.path }))
    }
}

struct Variant<A, P> {
    variant: A,
    path: P,
}

impl<'de, A: VariantAccess<'de>, P: Track> VariantAccess<'de> for Variant<A, P> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.variant.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.variant.newtype_variant_seed(Seed { seed, path: self.path })
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.variant.tuple_variant(len, Wrap { visitor, path: self.path })
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.variant.struct_variant(fields, StructVisitor { visitor, fields, path: self.path })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::json;

    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct User {
        user_name: Option<String>,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Input {
        users: Option<Vec<User>>,
        by_id: Option<BTreeMap<String, User>>,
        any: Option<Value>,
    }

    #[test]
    fn structures_come_from_objects_only() {
        let ok: User = from_slice(br#"{"userName":"a","tags":["x"],"newKey":1}"#).unwrap();
        assert_eq!(ok, User { user_name: Some("a".into()), tags: vec!["x".into()] });
        for body in [&br#"["a", ["x"]]"#[..], br#"{"users":[["a"]]}"#, br#"{"by_id":{"k":["a"]}}"#] {
            let error = from_slice::<Input>(body).unwrap_err();
            assert!(error.to_string().contains("as a JSON object"), "{error}");
        }
        assert!(from_value::<User>(json!(["a"])).is_err());
        // Lists, maps and documents are untouched.
        let input: Input = from_slice(br#"{"any":[1,{"z":2}],"by_id":{"k":{}}}"#).unwrap();
        assert_eq!(input.any, Some(json!([1, {"z": 2}])));
        assert!(from_slice::<User>(br#"{"userName":"a"} trailing"#).is_err());
    }

    #[test]
    fn a_body_that_is_not_utf8_is_an_error_saying_where() {
        let error = from_slice::<User>(b"{\"userName\":\"a\xff\"}").unwrap_err().to_string();
        assert!(error.contains("line 1 column 15"), "{error}");
    }

    #[test]
    fn strict_mode_names_unknown_keys_with_their_path() {
        let cases = [
            (json!({"users": [{"userName": "a"}, {"bogus": 1}]}), "users[1]: \"bogus\""),
            (json!({"by_id": {"k": {"tag": []}}}), "by_id.k: \"tag\""),
            (json!({"extra": 1}), "input: \"extra\""),
        ];
        for (value, at) in cases {
            let error = from_value_strict::<Input>(value).unwrap_err().to_string();
            assert!(error.starts_with(&format!("Unknown parameter in {at}, must be one of: ")), "{error}");
        }
        let error = from_value_strict::<Input>(json!({"users": [{"bogus": 1}]})).unwrap_err().to_string();
        assert!(error.ends_with("must be one of: userName, tags"), "{error}");
        // Documents may hold any keys; known ones are fine.
        let input: Input = from_value_strict(json!({"any": {"free": 1}, "users": [{"tags": ["t"]}]})).unwrap();
        assert_eq!(input.users.unwrap()[0].tags, ["t"]);
        // Responses ignore what they do not know.
        assert!(from_value::<Input>(json!({"users": [{"bogus": 1}]})).is_ok());
    }
}
