//! The compiled patterns, each compiled once per process. The generator has
//! already checked that every pattern compiles; one that somehow does not
//! (another engine version) constrains nothing rather than rejecting every
//! value.
//!
//! Most patterns in AWS models are one ASCII character class repeated,
//! anchored at both ends (`^[0-9]{8}$`, `^[A-Za-z0-9_-]+$`): identifiers
//! checked on every call. Those are matched as a [`Repeated`], a byte table
//! and a length range, rather than by regex-lite's VM, which costs several
//! thousand instructions per value; the answer is the same (the tests compare
//! the two on every string of a small alphabet). Every other pattern goes to
//! regex-lite.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// Runs `check` on the pattern's compiled form, compiling it on first use.
fn cached<R: Send + 'static>(
    cache: &'static OnceLock<Mutex<HashMap<&'static str, Option<R>>>>,
    pattern: &'static str,
    compile: impl FnOnce() -> Option<R>,
    check: impl FnOnce(&R) -> bool,
) -> bool {
    let mut cache = cache.get_or_init(Default::default).lock().unwrap_or_else(|poison| poison.into_inner());
    cache.entry(pattern).or_insert_with(compile).as_ref().is_none_or(check)
}

/// A regex-lite pattern, compiled.
enum Lite {
    Repeated(Repeated),
    Regex(regex_lite::Regex),
}

/// Whether `value` matches a regex-lite pattern.
pub fn lite(value: &str, pattern: &'static str) -> bool {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Option<Lite>>>> = OnceLock::new();
    let compile = || match Repeated::parse(pattern) {
        Some(repeated) => Some(Lite::Repeated(repeated)),
        None => regex_lite::Regex::new(pattern).ok().map(Lite::Regex),
    };
    cached(&CACHE, pattern, compile, |compiled| match compiled {
        Lite::Repeated(repeated) => repeated.is_match(value),
        Lite::Regex(regex) => regex.is_match(value),
    })
}

/// Whether `value` matches a fancy-regex pattern; one whose match exceeds
/// the back-tracking limit counts as a match.
#[cfg(feature = "unicode-patterns")]
pub fn unicode(value: &str, pattern: &'static str) -> bool {
    /// The generator's limit: bounded repetitions of Unicode classes
    /// compile past fancy-regex's default.
    const SIZE_LIMIT: usize = 256 << 20;
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Option<fancy_regex::Regex>>>> = OnceLock::new();
    let compile = || fancy_regex::RegexBuilder::new(pattern).delegate_size_limit(SIZE_LIMIT).build().ok();
    cached(&CACHE, pattern, compile, |regex| regex.is_match(value).unwrap_or(true))
}

/// `^[class]{min,max}$` with an ASCII class: a value matches when it has
/// between `min` and `max` characters, each in the class.
#[derive(Debug, PartialEq)]
struct Repeated {
    /// Bit `b` set: ASCII byte `b` is in the class.
    allowed: u128,
    min: usize,
    max: Option<usize>,
}

impl Repeated {
    /// The pattern as a `Repeated`, if it is one: `^`, a bracketed class of
    /// ASCII characters, ranges, `\d`, `\w` and escaped punctuation (not
    /// negated), one of `+`, `*`, `{n}`, `{m,}`, `{m,n}`, then `$`.
    /// Anything else (`None`) is left to regex-lite.
    fn parse(pattern: &str) -> Option<Self> {
        let rest = pattern.strip_prefix("^[")?.strip_suffix('$')?;
        let close = class_end(rest)?;
        let allowed = class(&rest[..close])?;
        let (min, max) = quantifier(&rest[close + 1..])?;
        Some(Repeated { allowed, min, max })
    }

    fn is_match(&self, value: &str) -> bool {
        // Each byte is checked, so a non-ASCII character (never in an ASCII
        // class) fails, and the byte count is the character count.
        let length = value.len();
        length >= self.min
            && self.max.is_none_or(|max| length <= max)
            && value.bytes().all(|b| b < 128 && self.allowed & (1 << b) != 0)
    }
}

/// Where the class's `]` is: the first unescaped one (a `]` first in the
/// class, literal in some dialects, is not accepted).
fn class_end(class: &str) -> Option<usize> {
    let bytes = class.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b']' if i > 0 => return Some(i),
            b']' | b'[' => return None,
            _ => i += 1,
        }
    }
    None
}

/// The set of a class's items, or `None` for anything not plainly ASCII.
fn class(items: &str) -> Option<u128> {
    // Negation, and `&&`/`--`/`~~` (set operations in regex-lite's syntax).
    if items.starts_with('^') || items.contains("&&") || items.contains("--") || items.contains("~~") {
        return None;
    }
    let mut set = 0u128;
    let mut chars = items.chars().peekable();
    // The previous single character, which a following `-` may make a range.
    let mut previous: Option<u8> = None;
    while let Some(c) = chars.next() {
        if !c.is_ascii() {
            return None;
        }
        match c {
            '\\' => {
                let escaped = chars.next()?;
                previous = None;
                match escaped {
                    'd' => set |= range(b'0', b'9'),
                    'w' => set |= range(b'0', b'9') | range(b'A', b'Z') | range(b'a', b'z') | 1 << b'_',
                    c if c.is_ascii_punctuation() => {
                        set |= 1 << c as u8;
                        previous = Some(c as u8);
                    }
                    _ => return None,
                }
            }
            // A `-` first or last is itself; between two characters, a range.
            '-' if set == 0 || chars.peek().is_none() => set |= 1 << b'-',
            '-' => {
                // After a range or a class escape: not plain, so regex-lite's.
                let low = previous.take()?;
                let high = chars.next()?;
                if high == '\\' || !high.is_ascii() || (high as u8) < low {
                    return None;
                }
                set |= range(low, high as u8);
            }
            _ => {
                set |= 1 << c as u8;
                previous = Some(c as u8);
            }
        }
    }
    Some(set)
}

/// The bits of bytes `low..=high`.
fn range(low: u8, high: u8) -> u128 {
    (low..=high).fold(0, |set, b| set | 1 << b)
}

/// `+`, `*`, `{n}`, `{m,}` or `{m,n}` as (min, max).
fn quantifier(text: &str) -> Option<(usize, Option<usize>)> {
    match text {
        "+" => Some((1, None)),
        "*" => Some((0, None)),
        _ => {
            let inner = text.strip_prefix('{')?.strip_suffix('}')?;
            // Digits only: `usize`'s parser would also take a leading `+`.
            let number =
                |digits: &str| digits.bytes().all(|b| b.is_ascii_digit()).then(|| digits.parse().ok()).flatten();
            match inner.split_once(',') {
                None => number(inner).map(|n| (n, Some(n))),
                Some((min, "")) => Some((number(min)?, None)),
                Some((min, max)) => {
                    let (min, max) = (number(min)?, number(max)?);
                    (min <= max).then_some((min, Some(max)))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifier_patterns_are_read_as_repeated_classes() {
        let digits = range(b'0', b'9');
        assert_eq!(Repeated::parse("^[0-9]{8}$"), Some(Repeated { allowed: digits, min: 8, max: Some(8) }));
        assert_eq!(Repeated::parse("^[\\d]+$"), Some(Repeated { allowed: digits, min: 1, max: None }));
        assert_eq!(Repeated::parse("^[0-9]{2,}$"), Some(Repeated { allowed: digits, min: 2, max: None }));
        // Not a single anchored ASCII class with a plain quantifier: regex-lite's.
        for pattern in [
            "[0-9]+",
            "^[0-9]+",
            "^[^0-9]+$",
            "^[0-9]+?$",
            "^[0-9]{3,2}$",
            "^[0-9]+[a-z]$",
            "^[é]+$",
            "^[\\s]+$",
            "^[a-z&&[^x]]+$",
            "^[]a]+$",
            "^[z-a]+$",
            "(?i)^[a-z]+$",
        ] {
            assert_eq!(Repeated::parse(pattern), None, "{pattern}");
        }
    }

    /// Every string of up to four characters over an alphabet of
    /// boundaries (digits, letters, punctuation the classes name, a space,
    /// a newline and a non-ASCII letter) matches a `Repeated` exactly when
    /// it matches the same pattern in regex-lite.
    #[test]
    fn repeated_classes_match_exactly_what_regex_lite_matches() {
        let patterns = [
            "^[0-9]{8}$",
            "^[0-9]+$",
            "^[a-zA-Z0-9_-]+$",
            "^[-a-z]{1,3}$",
            "^[a-z-]*$",
            "^[\\w.\\-]{2,}$",
            "^[\\d]{0,2}$",
            "^[A-Z\\]]+$",
            "^[!-/]{1,4}$",
            "^[a-c9]{3}$",
            "^[_.@+=,:/]+$",
        ];
        let alphabet = ['0', '9', 'a', 'z', 'A', '-', '_', '.', ']', '!', ' ', '\n', 'é'];
        let mut strings = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            last = last.iter().flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}"))).collect();
            strings.extend(last.iter().cloned());
        }
        for pattern in patterns {
            let repeated = Repeated::parse(pattern).unwrap_or_else(|| panic!("{pattern} is a repeated class"));
            let regex = regex_lite::Regex::new(pattern).unwrap();
            for value in &strings {
                assert_eq!(repeated.is_match(value), regex.is_match(value), "{pattern} on {value:?}");
            }
        }
    }
}
