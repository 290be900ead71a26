//! Absolute shape ids (`namespace#Name` or `namespace#Name$member`).

use std::fmt;

/// An absolute Smithy shape id without a member part, e.g. `smithy.api#String`.
///
/// Ordering is by namespace, then name, so maps keyed by `ShapeId` iterate in a
/// stable order whatever the order of the JSON the model came from.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId {
    namespace: String,
    name: String,
}

impl ShapeId {
    /// Parses `namespace#Name`. Member ids (`…$member`) and relative ids are rejected.
    pub fn parse(text: &str) -> Result<ShapeId, String> {
        let (namespace, name) =
            text.split_once('#').ok_or_else(|| format!("`{text}` is not an absolute shape id (namespace#Name)"))?;
        if name.contains('$') {
            return Err(format!("`{text}` is a member id where a shape id is expected"));
        }
        if namespace.is_empty() || !namespace.split('.').all(is_identifier) {
            return Err(format!("`{text}` has an invalid namespace"));
        }
        if !is_identifier(name) {
            return Err(format!("`{text}` has an invalid shape name"));
        }
        Ok(ShapeId { namespace: namespace.to_owned(), name: name.to_owned() })
    }

    /// Builds an id from parts already known to be valid.
    pub fn new(namespace: &str, name: &str) -> ShapeId {
        ShapeId { namespace: namespace.to_owned(), name: name.to_owned() }
    }

    /// The namespace, e.g. `smithy.api`.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The shape name, e.g. `String`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The id of a member of this shape, for messages: `ns#Shape$member`.
    pub fn member(&self, member: &str) -> String {
        format!("{self}${member}")
    }

    /// Whether this shape is defined by the Smithy prelude.
    pub fn is_prelude(&self) -> bool {
        self.namespace == "smithy.api"
    }
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.namespace, self.name)
    }
}

/// Smithy identifiers: `[A-Za-z_][A-Za-z0-9_]*` (a lone `_` is not one).
fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() => {}
        Some('_') if text.len() > 1 => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_absolute_ids() {
        let id = ShapeId::parse("com.example#Widget").unwrap();
        assert_eq!(id.namespace(), "com.example");
        assert_eq!(id.name(), "Widget");
        assert_eq!(id.to_string(), "com.example#Widget");
        assert_eq!(id.member("size"), "com.example#Widget$size");
    }

    #[test]
    fn rejects_malformed_ids() {
        for bad in ["Widget", "#Widget", "ns#", "ns#Wid get", "ns#A$b", "n..s#A", "ns#9A", "ns#_"] {
            assert!(ShapeId::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
