//! The `http` trait's URI pattern: literal segments, `{label}` and `{greedy+}`
//! segments, and an optional literal query string.

use std::fmt;

/// A parsed URI pattern such as `/networks/{networkId}/users?kind=all`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UriPattern {
    /// Path segments, in order.
    pub segments: Vec<Segment>,
    /// Literal query parameters (`?a=b&c`), in order; value `None` for `c`.
    pub query: Vec<(String, Option<String>)>,
    /// Whether the path ends in `/` after its last segment (`/sessions/{id}/`).
    pub trailing_slash: bool,
}

/// One path segment of a URI pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Text sent as written.
    Literal(String),
    /// A member value; a greedy label may span several segments.
    Label {
        /// The input member the label binds.
        name: String,
        /// `{name+}`: the value keeps its `/` separators.
        greedy: bool,
    },
}

impl UriPattern {
    /// Parses and checks a pattern, reporting the first thing wrong with it.
    pub fn parse(pattern: &str) -> Result<UriPattern, String> {
        if !pattern.starts_with('/') {
            return Err(format!("invalid URI pattern `{pattern}`: it must start with `/`"));
        }
        if pattern.contains('#') {
            return Err(format!("invalid URI pattern `{pattern}`: it must not contain a fragment"));
        }
        let (path, query) = match pattern.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (pattern, None),
        };
        // A trailing `/` is part of the route, not an empty segment.
        let trailing_slash = path.len() > 1 && path.ends_with('/');
        let path = if trailing_slash { &path[..path.len() - 1] } else { path };
        let segments = parse_path(path).map_err(|why| format!("invalid URI pattern `{pattern}`: {why}"))?;
        let query = match query {
            Some(query) => parse_query(query).map_err(|why| format!("invalid URI pattern `{pattern}`: {why}"))?,
            None => Vec::new(),
        };
        Ok(UriPattern { segments, query, trailing_slash })
    }

    /// The labels in path order.
    pub fn labels(&self) -> impl Iterator<Item = (&str, bool)> {
        self.segments.iter().filter_map(|segment| match segment {
            Segment::Label { name, greedy } => Some((name.as_str(), *greedy)),
            Segment::Literal(_) => None,
        })
    }
}

impl fmt::Display for UriPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.segments.is_empty() {
            f.write_str("/")?;
        }
        for segment in &self.segments {
            match segment {
                Segment::Literal(text) => write!(f, "/{text}")?,
                Segment::Label { name, greedy: false } => write!(f, "/{{{name}}}")?,
                Segment::Label { name, greedy: true } => write!(f, "/{{{name}+}}")?,
            }
        }
        if self.trailing_slash {
            f.write_str("/")?;
        }
        for (index, (key, value)) in self.query.iter().enumerate() {
            f.write_str(if index == 0 { "?" } else { "&" })?;
            match value {
                Some(value) => write!(f, "{key}={value}")?,
                None => f.write_str(key)?,
            }
        }
        Ok(())
    }
}

fn parse_path(path: &str) -> Result<Vec<Segment>, String> {
    let body = &path[1..];
    if body.is_empty() {
        return Ok(Vec::new());
    }
    let mut segments = Vec::new();
    let mut greedy_seen = false;
    for text in body.split('/') {
        if text.is_empty() {
            return Err("it has an empty path segment".to_owned());
        }
        if text == "." || text == ".." {
            return Err(format!("`{text}` is not allowed as a path segment"));
        }
        if let Some(inner) = text.strip_prefix('{') {
            let Some(inner) = inner.strip_suffix('}') else {
                return Err(format!("label segment `{text}` is not closed by `}}`"));
            };
            let (name, greedy) = match inner.strip_suffix('+') {
                Some(name) => (name, true),
                None => (inner, false),
            };
            if !is_label_name(name) {
                return Err(format!("`{text}` does not name a label (expected `{{name}}` or `{{name+}}`)"));
            }
            if greedy && std::mem::replace(&mut greedy_seen, true) {
                return Err("it has more than one greedy label".to_owned());
            }
            if segments.iter().any(|s| matches!(s, Segment::Label { name: other, .. } if other == name)) {
                return Err(format!("label `{name}` appears twice"));
            }
            segments.push(Segment::Label { name: name.to_owned(), greedy });
        } else if text.contains('{') || text.contains('}') {
            return Err(format!("segment `{text}` mixes a label with literal text"));
        } else {
            segments.push(Segment::Literal(text.to_owned()));
        }
    }
    Ok(segments)
}

fn parse_query(query: &str) -> Result<Vec<(String, Option<String>)>, String> {
    let mut pairs: Vec<(String, Option<String>)> = Vec::new();
    for part in query.split('&').filter(|part| !part.is_empty()) {
        if part.contains('{') || part.contains('}') {
            return Err(format!("query part `{part}` contains a label; labels belong in the path"));
        }
        let (key, value) = match part.split_once('=') {
            Some((key, value)) => (key, Some(value.to_owned())),
            None => (part, None),
        };
        if key.is_empty() {
            return Err(format!("query part `{part}` has an empty key"));
        }
        if pairs.iter().any(|(other, _)| other == key) {
            return Err(format!("query key `{key}` appears twice"));
        }
        pairs.push((key.to_owned(), value));
    }
    Ok(pairs)
}

fn is_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_labels_greedy_labels_and_literal_query() {
        let uri = UriPattern::parse("/networks/{networkId}/files/{path+}?kind=all&flag").unwrap();
        assert_eq!(uri.labels().collect::<Vec<_>>(), [("networkId", false), ("path", true)]);
        assert_eq!(uri.query, [("kind".to_owned(), Some("all".to_owned())), ("flag".to_owned(), None)]);
        assert_eq!(uri.to_string(), "/networks/{networkId}/files/{path+}?kind=all&flag");
        assert_eq!(UriPattern::parse("/").unwrap().to_string(), "/");
    }

    #[test]
    fn rejects_invalid_patterns() {
        for bad in ["networks", "/a//b", "/a/{b", "/a/x{b}", "/{a+}/{b+}", "/{a}/{a}", "/a/..", "/a?{b}", "/a#f", "/{}"]
        {
            assert!(UriPattern::parse(bad).is_err(), "{bad} should be rejected");
        }
    }
}
