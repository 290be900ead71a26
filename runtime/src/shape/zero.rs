//! Smithy's client error correction: a response that lacks a `@required`
//! member is read with the member's zero value (empty text, `0`, `false`, an
//! empty list, the epoch…) instead of failing the call, since a service may
//! drop a member a newer model no longer requires. Generated structures read
//! such members with `#[serde(default = "sdk_runtime::shape::zero")]`.

use std::collections::BTreeMap;

use super::{Blob, Document, Unit};
use crate::encoding::DateTime;

/// The value a missing required member is read as.
pub trait Zero {
    /// The zero value.
    fn zero() -> Self;
}

/// For `#[serde(default = …)]`: the zero value of `T`.
pub fn zero<T: Zero>() -> T {
    T::zero()
}

macro_rules! zero_is_default {
    ($($ty:ty),*) => { $(impl Zero for $ty { fn zero() -> Self { Self::default() } })* };
}

zero_is_default!(String, bool, i8, i16, i32, i64, i128, f32, f64, Blob, Document, Unit);

impl Zero for DateTime {
    fn zero() -> Self {
        DateTime::from_secs(0)
    }
}

impl<T> Zero for Vec<T> {
    fn zero() -> Self {
        Vec::new()
    }
}

impl<K, V> Zero for BTreeMap<K, V> {
    fn zero() -> Self {
        BTreeMap::new()
    }
}

impl<T> Zero for Option<T> {
    fn zero() -> Self {
        None
    }
}

impl<T: Zero> Zero for Box<T> {
    fn zero() -> Self {
        Box::new(T::zero())
    }
}

thread_local! {
    /// Whether a response is being read: only then is a missing member filled.
    static CORRECTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `read` (which deserializes a response) with client error
/// correction on: a missing required member reads as its zero value. Off,
/// as when reading `--cli-input-json` or a user's JSON, it is an error.
pub fn with_error_correction<R>(read: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            CORRECTING.with(|on| on.set(self.0));
        }
    }
    let _restore = Restore(CORRECTING.with(|on| on.replace(true)));
    read()
}

/// A required member missing from JSON: its zero value while a response is
/// read, else [`MissingMember`].
pub fn missing<T: Zero>(shape: &'static str, member: &'static str) -> Result<T, MissingMember> {
    if CORRECTING.with(|on| on.get()) { Ok(T::zero()) } else { Err(MissingMember { shape, member }) }
}

/// A structure read from JSON lacks a required member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingMember {
    shape: &'static str,
    member: &'static str,
}

impl MissingMember {
    /// The member, by its JSON name.
    pub fn member(&self) -> &str {
        self.member
    }
}

impl std::fmt::Display for MissingMember {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "missing required member `{}` of `{}`", self.member, self.shape)
    }
}

impl std::error::Error for MissingMember {}
