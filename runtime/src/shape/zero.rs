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

/// What a missing required member reads as.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Correction {
    /// An error ([`MissingMember`]): the CLI's input, a user's JSON.
    Off,
    /// The zero value: a response, under client error correction.
    Fill,
    /// The zero value, and the member's path recorded: a server's request,
    /// whose missing members are reported with every other violation.
    Collect,
}

thread_local! {
    static CORRECTION: std::cell::Cell<Correction> = const { std::cell::Cell::new(Correction::Off) };
    /// While collecting: the path of the value being read (`users[2]`).
    static AT: std::cell::Cell<String> = const { std::cell::Cell::new(String::new()) };
    /// While collecting: the paths of the missing members found so far.
    static MISSING: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `read` with `correction` on, restoring what was on before (also
/// when `read` unwinds).
fn with_correction<R>(correction: Correction, read: impl FnOnce() -> R) -> R {
    super::with_cell(&CORRECTION, correction, read)
}

/// Runs `read` (which deserializes a response) with client error
/// correction on: a missing required member reads as its zero value. Off,
/// as when reading `--cli-input-json` or a user's JSON, it is an error.
pub fn with_error_correction<R>(read: impl FnOnce() -> R) -> R {
    with_correction(Correction::Fill, read)
}

/// Runs `read` (which deserializes a request with its paths tracked, as
/// [`from_value_tracked`](crate::de::from_value_tracked) does) with missing
/// required members read as zero values, and
/// returns the paths of those that were missing (`users[0].username`), so
/// that a server reports them with every other violation rather than the
/// first alone.
pub fn with_missing_collected<R>(read: impl FnOnce() -> R) -> (R, Vec<String>) {
    let outer = MISSING.with(|missing| std::mem::take(&mut *missing.borrow_mut()));
    let result = at_path(String::new(), || with_correction(Correction::Collect, read));
    let found = MISSING.with(|missing| std::mem::replace(&mut *missing.borrow_mut(), outer));
    (result, found)
}

/// Whether missing members are being collected (see [`with_missing_collected`]).
pub(crate) fn collecting() -> bool {
    CORRECTION.with(|on| on.get()) == Correction::Collect
}

/// Runs `read`, which reads the value at `path`, so that the members it
/// lacks are recorded under that path (only while collecting).
pub(crate) fn at_path<R>(path: String, read: impl FnOnce() -> R) -> R {
    super::with_cell(&AT, path, read)
}

/// A required member missing from JSON: its zero value while a response is
/// read (or a request whose missing members are collected), else
/// [`MissingMember`].
pub fn missing<T: Zero>(shape: &'static str, member: &'static str) -> Result<T, MissingMember> {
    match CORRECTION.with(|on| on.get()) {
        Correction::Off => Err(MissingMember { shape, member }),
        Correction::Fill => Ok(T::zero()),
        Correction::Collect => {
            let path = AT.with(|at| {
                let here = at.take();
                let path = if here.is_empty() { member.to_owned() } else { format!("{here}.{member}") };
                at.set(here);
                path
            });
            MISSING.with(|missing| missing.borrow_mut().push(path));
            Ok(T::zero())
        }
    }
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
