//! Client-side validation of constraint traits (`required`, `length`, `range`,
//! `pattern`). Generated `validate()` methods walk their value and record every
//! violation with its field path, so callers see all problems at once and
//! nothing is sent until the input is valid.

use std::collections::HashMap;
use std::fmt;

/// One broken constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// Where: `users[3].username`, or `networkId` at the top level.
    pub path: String,
    /// Which rule was broken.
    pub rule: Rule,
}

/// The constraint a value broke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A required member was not set.
    Required,
    /// A string's character count, or a collection's item count, is out of bounds.
    Length {
        /// The value's length.
        actual: u64,
        /// Inclusive lower bound.
        min: Option<u64>,
        /// Inclusive upper bound.
        max: Option<u64>,
    },
    /// A number is out of bounds (bounds as written in the model).
    Range {
        /// The value, as text.
        actual: String,
        /// Inclusive lower bound.
        min: Option<String>,
        /// Inclusive upper bound.
        max: Option<String>,
    },
    /// A string does not match the pattern.
    Pattern {
        /// The regular expression.
        pattern: String,
    },
    /// A `uniqueItems` list holds the same item twice.
    UniqueItems,
    /// An enum value the model does not list: a client may send one (a newer
    /// service may know it), a server refuses it.
    EnumValue {
        /// The value received.
        actual: String,
        /// The values the model lists.
        allowed: Vec<String>,
    },
}

impl Violation {
    /// What is wrong, without where (`is required but was not set`).
    pub fn reason(&self) -> String {
        match &self.rule {
            Rule::Required => "is required but was not set".to_owned(),
            Rule::Length { actual, min, max } => format!("length {actual} is not {}", bounds(min, max)),
            Rule::Range { actual, min, max } => format!("value {actual} is not {}", bounds(min, max)),
            Rule::Pattern { pattern } => format!("does not match the pattern `{pattern}`"),
            Rule::UniqueItems => "has duplicate items but must hold unique items".to_owned(),
            Rule::EnumValue { actual, allowed } => {
                format!("value `{actual}` is not one of the enum's values: {}", allowed.join(", "))
            }
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "input" } else { &self.path };
        write!(f, "{path}: {}", self.reason())
    }
}

fn bounds<T: fmt::Display>(min: &Option<T>, max: &Option<T>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("between {min} and {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => "within bounds".to_owned(),
    }
}

/// Every violation found in an input, in the order the fields were walked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// The violations; never empty.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.violations.len();
        write!(f, "{count} constraint violation{}:", if count == 1 { "" } else { "s" })?;
        for violation in &self.violations {
            write!(f, "\n  {violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// A value that can check its own constraints.
pub trait Validate {
    /// Records this value's violations under the collector's current path.
    fn validate_into(&self, violations: &mut Violations);

    /// Checks the value and every value nested in it; returns all violations.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut violations = Violations::default();
        self.validate_into(&mut violations);
        violations.finish()
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_into(&self, violations: &mut Violations) {
        (**self).validate_into(violations);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_into(&self, violations: &mut Violations) {
        if let Some(value) = self {
            value.validate_into(violations);
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_into(&self, violations: &mut Violations) {
        for (index, item) in self.iter().enumerate() {
            violations.at_index(index, |v| item.validate_into(v));
        }
    }
}

impl<K: fmt::Display, T: Validate> Validate for std::collections::BTreeMap<K, T> {
    fn validate_into(&self, violations: &mut Violations) {
        for (key, value) in self {
            violations.at_key(&key.to_string(), |v| value.validate_into(v));
        }
    }
}

impl<K: fmt::Display, T: Validate, S> Validate for HashMap<K, T, S> {
    fn validate_into(&self, violations: &mut Violations) {
        // Sorted keys keep the report's order stable across runs.
        let mut entries: Vec<(String, &T)> = self.iter().map(|(key, value)| (key.to_string(), value)).collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (key, value) in entries {
            violations.at_key(&key, |v| value.validate_into(v));
        }
    }
}

/// Implements [`Validate`] with nothing to check, for shapes whose members
/// carry no constraints (so every shape can be validated the same way).
#[macro_export]
macro_rules! nothing_to_validate {
    ($($shape:ty),* $(,)?) => {
        $(impl $crate::validation::Validate for $shape {
            fn validate_into(&self, _: &mut $crate::validation::Violations) {}
        })*
    };
}

/// Collects violations while generated code walks a value.
#[derive(Debug, Default)]
pub struct Violations {
    path: String,
    found: Vec<Violation>,
    /// Whether enum values the model does not list are violations (a
    /// server's check; a client sends what it is given).
    closed_enums: bool,
}

impl Violations {
    /// A collector for a server, which also refuses unknown enum values.
    pub fn closed() -> Self {
        Self { closed_enums: true, ..Self::default() }
    }

    /// Records an enum value the model does not list, when enums are closed.
    pub fn unknown_enum_value(&mut self, actual: impl ToString, allowed: &[impl ToString]) {
        if self.closed_enums {
            let allowed = allowed.iter().map(ToString::to_string).collect();
            self.record(Rule::EnumValue { actual: actual.to_string(), allowed });
        }
    }

    /// `Ok` when nothing was recorded, else every violation.
    pub fn finish(self) -> Result<(), ValidationError> {
        if self.found.is_empty() { Ok(()) } else { Err(ValidationError { violations: self.found }) }
    }

    /// Runs `check` with `.field` appended to the path.
    pub fn at_field<R>(&mut self, field: &str, check: impl FnOnce(&mut Self) -> R) -> R {
        let saved = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(field);
        let result = check(self);
        self.path.truncate(saved);
        result
    }

    /// Runs `check` with `[index]` appended to the path.
    pub fn at_index<R>(&mut self, index: usize, check: impl FnOnce(&mut Self) -> R) -> R {
        let saved = self.path.len();
        self.path.push_str(&format!("[{index}]"));
        let result = check(self);
        self.path.truncate(saved);
        result
    }

    /// Runs `check` with `["key"]` appended to the path.
    pub fn at_key<R>(&mut self, key: &str, check: impl FnOnce(&mut Self) -> R) -> R {
        let saved = self.path.len();
        self.path.push_str(&format!("[{key:?}]"));
        let result = check(self);
        self.path.truncate(saved);
        result
    }

    /// A view whose path is extended by `.field` until it is dropped, so
    /// generated checks read as straight-line code.
    pub fn field(&mut self, field: &str) -> Nested<'_> {
        let saved = self.path.len();
        if !self.path.is_empty() {
            self.path.push('.');
        }
        self.path.push_str(field);
        Nested { violations: self, saved }
    }

    /// A view whose path is extended by `[index]` until it is dropped.
    pub fn index(&mut self, index: usize) -> Nested<'_> {
        let saved = self.path.len();
        self.path.push_str(&format!("[{index}]"));
        Nested { violations: self, saved }
    }

    /// A view whose path is extended by `["key"]` until it is dropped.
    pub fn key(&mut self, key: &str) -> Nested<'_> {
        let saved = self.path.len();
        self.path.push_str(&format!("[{key:?}]"));
        Nested { violations: self, saved }
    }

    #[cfg(feature = "server")]
    /// Records `Required` at `path` (from the top, not below the current
    /// path): a member a server found missing from a request.
    pub(crate) fn required_at(&mut self, path: &str) {
        self.found.push(Violation { path: path.to_owned(), rule: Rule::Required });
    }

    #[cfg(feature = "server")]
    /// Keeps only the violations `keep` accepts.
    pub(crate) fn retain(&mut self, keep: impl FnMut(&Violation) -> bool) {
        self.found.retain(keep);
    }

    fn record(&mut self, rule: Rule) {
        self.found.push(Violation { path: self.path.clone(), rule });
    }

    /// Records `Required` for `field` when `value` is `None`.
    pub fn required<T>(&mut self, field: &str, value: &Option<T>) {
        if value.is_none() {
            self.at_field(field, |v| v.record(Rule::Required));
        }
    }

    /// Checks a string's length in characters (Unicode scalar values, as Smithy counts).
    pub fn length_chars(&mut self, value: &str, min: Option<u64>, max: Option<u64>) {
        self.length(value.chars().count(), min, max);
    }

    /// Checks a blob's, list's or map's length.
    pub fn length(&mut self, actual: usize, min: Option<u64>, max: Option<u64>) {
        let actual = actual as u64;
        if min.is_some_and(|min| actual < min) || max.is_some_and(|max| actual > max) {
            self.record(Rule::Length { actual, min, max });
        }
    }

    /// Checks an integer against inclusive bounds.
    pub fn range_int(&mut self, value: i128, min: Option<i128>, max: Option<i128>) {
        if min.is_some_and(|min| value < min) || max.is_some_and(|max| value > max) {
            self.record(Rule::Range {
                actual: value.to_string(),
                min: min.map(|m| m.to_string()),
                max: max.map(|m| m.to_string()),
            });
        }
    }

    /// Checks a floating-point number against inclusive bounds; NaN is out of any bounds.
    pub fn range_float(&mut self, value: f64, min: Option<f64>, max: Option<f64>) {
        let below = min.is_some_and(|min| value.is_nan() || value < min);
        let above = max.is_some_and(|max| value.is_nan() || value > max);
        if below || above {
            self.record(Rule::Range {
                actual: value.to_string(),
                min: min.map(|m| m.to_string()),
                max: max.map(|m| m.to_string()),
            });
        }
    }

    /// Checks that `value` matches `pattern` (searched, not anchored, as
    /// Smithy says), written the same in the model's ECMA-262 syntax and in
    /// regex-lite's.
    pub fn pattern(&mut self, value: &str, pattern: &'static str) {
        self.translated_pattern(value, pattern, pattern);
    }

    /// Checks that `value` matches a pattern the generator translated: `model`
    /// as the model writes it (reported in a violation), `translated` in
    /// regex-lite syntax (what is matched).
    pub fn translated_pattern(&mut self, value: &str, model: &'static str, translated: &'static str) {
        if !patterns::lite(value, translated) {
            self.record(Rule::Pattern { pattern: model.to_owned() });
        }
    }

    /// Like [`translated_pattern`](Self::translated_pattern), for a pattern
    /// with Unicode properties, look-around or back-references, in
    /// fancy-regex syntax (feature `unicode-patterns`, which a generated crate
    /// turns on when its model has such a pattern).
    #[cfg(feature = "unicode-patterns")]
    pub fn unicode_pattern(&mut self, value: &str, model: &'static str, translated: &'static str) {
        if !patterns::unicode(value, translated) {
            self.record(Rule::Pattern { pattern: model.to_owned() });
        }
    }

    /// Checks that a list's items are distinct.
    pub fn unique_items<T: PartialEq>(&mut self, items: &[T]) {
        let duplicated = items.iter().enumerate().any(|(i, item)| items[..i].contains(item));
        if duplicated {
            self.record(Rule::UniqueItems);
        }
    }
}

/// [`Violations`] one level down a path; restores the path when dropped.
#[derive(Debug)]
pub struct Nested<'a> {
    violations: &'a mut Violations,
    saved: usize,
}

impl std::ops::Deref for Nested<'_> {
    type Target = Violations;
    fn deref(&self) -> &Violations {
        self.violations
    }
}

impl std::ops::DerefMut for Nested<'_> {
    fn deref_mut(&mut self) -> &mut Violations {
        self.violations
    }
}

impl Drop for Nested<'_> {
    fn drop(&mut self) {
        self.violations.path.truncate(self.saved);
    }
}

/// The compiled patterns, each compiled once per process.
mod patterns;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_nest_and_every_violation_is_kept() {
        let mut v = Violations::default();
        v.at_field("users", |v| {
            v.at_index(3, |v| v.at_field("username", |v| v.length_chars("", Some(1), None)));
        });
        v.required("networkId", &None::<String>);
        v.at_field("tags", |v| v.at_key("a", |v| v.pattern("x y", "^\\S+$")));
        let error = v.finish().unwrap_err();
        let text: Vec<String> = error.violations().iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "users[3].username: length 0 is not at least 1",
                "networkId: is required but was not set",
                "tags[\"a\"]: does not match the pattern `^\\S+$`",
            ]
        );
    }

    #[test]
    fn float_ranges_at_both_bounds_and_nan() {
        let check = |value: f64| {
            let mut v = Violations::default();
            v.range_float(value, Some(0.5), Some(1.5));
            v.finish().is_ok()
        };
        assert_eq!([0.49, 0.5, 1.5, 1.51, f64::NAN].map(check), [false, true, true, false, false]);
    }

    #[test]
    fn unique_items_at_the_edge() {
        let check = |items: &[&str]| {
            let mut v = Violations::default();
            v.unique_items(items);
            v.finish().is_ok()
        };
        assert!(check(&[]));
        assert!(check(&["a", "b"]));
        assert!(!check(&["a", "b", "a"]));
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let mut v = Violations::default();
        v.length_chars("üüü", None, Some(3));
        assert!(v.finish().is_ok());
    }
}
