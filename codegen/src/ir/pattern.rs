//! Smithy `@pattern` values are ECMA-262 regular expressions (and AWS models
//! add a few Java-isms: `\p{Graph}`, `\p{XDigit}`, `\p{all}`, `\p{IsAlphabetic}`,
//! `(?s)`). [`translate`] rewrites one for a Rust engine, keeping ECMA-262's
//! meaning where Rust's differs:
//!
//! - `\d`, `\w`, `\b` are ASCII, and `\s` is ECMA-262's own set of spaces
//!   and line terminators: each is written out as the ranges it means;
//! - `.` excludes every line terminator (`\r`, U+2028, U+2029), not just `\n`;
//! - `\uXXXX` escapes name UTF-16 code units: a surrogate pair is one code
//!   point, and a class range over the surrogates matches the astral planes
//!   (whose UTF-16 units they are);
//! - a `-` beside a class escape (`[\w- ]`) is a literal, and `&`, `~`, `[`
//!   inside a class are literals (Rust gives them set-operation meanings);
//! - a `{` or `}` that is not a quantifier, and a stray `]`, are literals.
//!
//! Classes are flattened to explicit ranges, so most patterns need nothing
//! but [`Engine::Lite`] (`regex-lite`, cheap to build, in every SDK). Those
//! with Unicode properties (`\p{L}`), look-around or back-references need
//! [`Engine::Unicode`] (`fancy-regex`), which a generated crate pulls in only
//! when its model has such a pattern.
//!
//! A pattern that cannot be translated, or whose translation does not compile,
//! is reported as such; the IR then leaves it unchecked with a warning (the
//! runtime accepts any value rather than rejecting every one).

/// The compile size limit for [`Engine::Unicode`] patterns: bounded
/// repetitions of Unicode classes compile past fancy-regex's default.
pub const SIZE_LIMIT: usize = 256 << 20;

/// Which Rust engine a translated pattern is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Engine {
    /// `regex-lite`: classes, repetition, alternation, groups, ASCII `\b`.
    Lite,
    /// `fancy-regex`: also Unicode properties, look-around, back-references.
    Unicode,
}

/// A pattern in a Rust engine's syntax.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Translation {
    /// The pattern, in `engine`'s syntax.
    pub pattern: String,
    /// The engine it is written for.
    pub engine: Engine,
}

/// Rewrites an ECMA-262 pattern for the lightest engine that can match it,
/// and checks that it compiles; the error says what stands in the way.
pub fn translate(ecma: &str) -> Result<Translation, String> {
    let translated = match Translator::new(ecma, Engine::Lite).run() {
        Err(Failure::NeedsUnicode) => Translator::new(ecma, Engine::Unicode).run(),
        other => other,
    };
    let translation = translated.map_err(|failure| match failure {
        Failure::Invalid(why) => why,
        Failure::NeedsUnicode => "it needs more than any Rust engine offers".to_owned(),
    })?;
    let compiled = match translation.engine {
        Engine::Lite => regex_lite::Regex::new(&translation.pattern).map(drop).map_err(|e| e.to_string()),
        Engine::Unicode => fancy_regex::RegexBuilder::new(&translation.pattern)
            .delegate_size_limit(SIZE_LIMIT)
            .build()
            .map(drop)
            .map_err(|e| e.to_string()),
    };
    compiled.map_err(|error| format!("its translation `{}` does not compile: {error}", translation.pattern))?;
    Ok(translation)
}

enum Failure {
    /// Not translatable, and why.
    Invalid(String),
    /// Translatable, but not for the lite engine.
    NeedsUnicode,
}

impl From<String> for Failure {
    fn from(why: String) -> Failure {
        Failure::Invalid(why)
    }
}

impl From<&str> for Failure {
    fn from(why: &str) -> Failure {
        Failure::Invalid(why.to_owned())
    }
}

/// A set of code points as sorted, disjoint, inclusive ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Ranges(Vec<(u32, u32)>);

const MAX: u32 = 0x10FFFF;
const SURROGATES: (u32, u32) = (0xD800, 0xDFFF);

impl Ranges {
    fn of(ranges: &[(u32, u32)]) -> Ranges {
        let mut set = Ranges::default();
        for &(low, high) in ranges {
            set.add(low, high);
        }
        set
    }

    /// Adds `low..=high`. A range over UTF-16 surrogate units stands for
    /// what they encode: the astral planes.
    fn add(&mut self, low: u32, high: u32) {
        let mut parts = vec![];
        if low < SURROGATES.0 {
            parts.push((low, high.min(SURROGATES.0 - 1)));
        }
        if high >= SURROGATES.0 && low <= SURROGATES.1 {
            parts.push((0x10000, MAX));
        }
        if high > SURROGATES.1 {
            parts.push((low.max(SURROGATES.1 + 1), high));
        }
        self.0.extend(parts);
        self.normalize();
    }

    fn union(&mut self, other: &Ranges) {
        self.0.extend(other.0.iter().copied());
        self.normalize();
    }

    /// Every scalar value not in the set.
    fn complement(&self) -> Ranges {
        let mut out = Vec::new();
        let mut next = 0;
        for &(low, high) in &self.0 {
            if low > next {
                out.push((next, low - 1));
            }
            next = high + 1;
        }
        if next <= MAX {
            out.push((next, MAX));
        }
        let mut set = Ranges::default();
        for (low, high) in out {
            // Scalar values only: skip the surrogate hole.
            if low < SURROGATES.0 {
                set.0.push((low, high.min(SURROGATES.0 - 1)));
            }
            if high > SURROGATES.1 {
                set.0.push((low.max(SURROGATES.1 + 1), high));
            }
        }
        set.normalize();
        set
    }

    fn normalize(&mut self) {
        self.0.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(self.0.len());
        for &(low, high) in &self.0 {
            match merged.last_mut() {
                Some(last) if low <= last.1.saturating_add(1) => last.1 = last.1.max(high),
                _ => merged.push((low, high)),
            }
        }
        self.0 = merged;
    }

    /// The ranges as class content (`a-z_`).
    fn content(&self) -> String {
        self.0
            .iter()
            .map(|&(low, high)| match high - low {
                0 => literal(low, true),
                1 => format!("{}{}", literal(low, true), literal(high, true)),
                _ => format!("{}-{}", literal(low, true), literal(high, true)),
            })
            .collect()
    }
}

/// ECMA-262's `\s`: white space and line terminators.
fn ecma_space() -> Ranges {
    Ranges::of(&[
        (0x09, 0x0D),
        (0x20, 0x20),
        (0xA0, 0xA0),
        (0x1680, 0x1680),
        (0x2000, 0x200A),
        (0x2028, 0x2029),
        (0x202F, 0x202F),
        (0x205F, 0x205F),
        (0x3000, 0x3000),
        (0xFEFF, 0xFEFF),
    ])
}

fn ascii_digit() -> Ranges {
    Ranges::of(&[(0x30, 0x39)])
}

fn ascii_word() -> Ranges {
    Ranges::of(&[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)])
}

fn line_terminators() -> Ranges {
    Ranges::of(&[(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)])
}

/// What an escape stands for.
enum Item {
    /// One code point (possibly a lone UTF-16 surrogate, from `\uD800`).
    Char(u32),
    /// A set of characters.
    Set(Ranges),
    /// A Unicode property (`\p{L}`), for [`Engine::Unicode`] only.
    Property(String),
    /// Syntax kept as written outside a class (a back-reference, `\b`).
    Raw(String),
}

struct Translator {
    chars: Vec<char>,
    at: usize,
    out: String,
    engine: Engine,
    /// After a Java-style `(?s)`: `.` matches line terminators too.
    dot_all: bool,
}

impl Translator {
    fn new(ecma: &str, engine: Engine) -> Translator {
        Translator { chars: ecma.chars().collect(), at: 0, out: String::new(), engine, dot_all: false }
    }

    fn run(mut self) -> Result<Translation, Failure> {
        while let Some(c) = self.next() {
            match c {
                '\\' => {
                    let item = self.escape(false)?;
                    self.push_item(item)?;
                }
                '[' => self.class()?,
                '.' => {
                    let any =
                        if self.dot_all { Ranges::default().complement() } else { line_terminators().complement() };
                    self.out.push_str(&format!("[{}]", any.content()));
                }
                '(' => self.group()?,
                '{' if self.quantifier_follows() => {
                    self.out.push('{');
                    while let Some(c) = self.next() {
                        self.out.push(c);
                        if c == '}' {
                            break;
                        }
                    }
                }
                '{' | '}' | ']' => {
                    self.out.push('\\');
                    self.out.push(c);
                }
                c if c.is_control() => self.out.push_str(&format!("\\x{{{:X}}}", c as u32)),
                c => self.out.push(c),
            }
        }
        Ok(Translation { pattern: self.out, engine: self.engine })
    }

    fn next(&mut self) -> Option<char> {
        let c = self.chars.get(self.at).copied();
        self.at += usize::from(c.is_some());
        c
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn rest_starts_with(&self, text: &str) -> bool {
        let text: Vec<char> = text.chars().collect();
        self.chars[self.at..].starts_with(&text)
    }

    /// Features only the Unicode engine has.
    fn needs_unicode(&self) -> Result<(), Failure> {
        if self.engine == Engine::Lite { Err(Failure::NeedsUnicode) } else { Ok(()) }
    }

    /// `{n}`, `{n,}` or `{n,m}` at the cursor (just after the `{`).
    fn quantifier_follows(&self) -> bool {
        let rest: String = self.chars[self.at..].iter().take_while(|c| **c != '}').collect();
        if self.at + rest.chars().count() >= self.chars.len() {
            return false;
        }
        let (low, high) = rest.split_once(',').unwrap_or((&rest, "0"));
        !low.is_empty() && low.chars().all(|c| c.is_ascii_digit()) && high.chars().all(|c| c.is_ascii_digit())
    }

    /// A group's opening: `(?:`, look-arounds and named groups as written.
    fn group(&mut self) -> Result<(), Failure> {
        self.out.push('(');
        if self.peek() != Some('?') {
            return Ok(());
        }
        if self.rest_starts_with("?:") {
            self.at += 2;
            self.out.push_str("?:");
            return Ok(());
        }
        for opening in ["?=", "?!", "?<=", "?<!"] {
            if self.rest_starts_with(opening) {
                self.needs_unicode()?;
                self.at += opening.len();
                self.out.push_str(opening);
                return Ok(());
            }
        }
        // Java-style inline flags, which AWS models use (`^(?s).+$`).
        let flags: String = self.chars[self.at + 1..].iter().take_while(|c| "imsx-".contains(**c)).collect();
        let end = self.chars.get(self.at + 1 + flags.len()).copied();
        if !flags.is_empty() && matches!(end, Some(')' | ':')) {
            let on = flags.split('-').next().unwrap_or_default();
            self.dot_all |= on.contains('s');
            self.at += flags.len() + 2;
            self.out.push_str(&format!("?{flags}{}", end.unwrap_or(')')));
            return Ok(());
        }
        if self.rest_starts_with("?<") {
            let name: String = self.chars[self.at + 2..].iter().take_while(|c| **c != '>').collect();
            if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                return Err(format!("`(?<{name}` is not a group name").into());
            }
            self.at += name.chars().count() + 3;
            self.out.push_str(&format!("?<{name}>"));
            return Ok(());
        }
        Err("`(?` starts a group kind ECMA-262 does not have".into())
    }

    /// The escape after a `\`.
    fn escape(&mut self, in_class: bool) -> Result<Item, Failure> {
        let c = self.next().ok_or("the pattern ends with `\\`")?;
        Ok(match c {
            'd' => Item::Set(ascii_digit()),
            'D' => Item::Set(ascii_digit().complement()),
            'w' => Item::Set(ascii_word()),
            'W' => Item::Set(ascii_word().complement()),
            's' => Item::Set(ecma_space()),
            'S' => Item::Set(ecma_space().complement()),
            'b' if in_class => Item::Char(0x08),
            'b' | 'B' => Item::Raw(self.word_boundary(c == 'b')),
            'n' => Item::Char(0x0A),
            'r' => Item::Char(0x0D),
            't' => Item::Char(0x09),
            'f' => Item::Char(0x0C),
            'v' => Item::Char(0x0B),
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => Item::Char(0),
            'c' => match self.next() {
                Some(letter) if letter.is_ascii_alphabetic() => Item::Char(letter as u32 % 32),
                _ => return Err("`\\c` needs a control letter".into()),
            },
            'x' => Item::Char(self.hex(2)?),
            'u' if self.peek() == Some('{') => {
                self.at += 1;
                let digits: String = self.chars[self.at..].iter().take_while(|c| **c != '}').collect();
                self.at += digits.chars().count() + 1;
                let code = u32::from_str_radix(&digits, 16);
                Item::Char(code.map_err(|_| format!("`\\u{{{digits}}}` is not a code point"))?)
            }
            'u' => self.unicode_escape()?,
            'p' | 'P' => self.property(c == 'P')?,
            '1'..='9' if !in_class => {
                // A back-reference; fancy-regex reads `\1` the same way.
                self.needs_unicode()?;
                let mut digits = c.to_string();
                while let Some(d) = self.peek().filter(char::is_ascii_digit) {
                    digits.push(d);
                    self.at += 1;
                }
                Item::Raw(format!("\\{digits}"))
            }
            'k' if !in_class && self.peek() == Some('<') => {
                self.needs_unicode()?;
                let name: String = self.chars[self.at + 1..].iter().take_while(|c| **c != '>').collect();
                self.at += name.chars().count() + 2;
                Item::Raw(format!("\\k<{name}>"))
            }
            // An identity escape: the character itself.
            other => Item::Char(other as u32),
        })
    }

    /// ECMA-262's ASCII word boundary: regex-lite's own `\b`; for fancy-regex
    /// (whose `\b` is Unicode) as look-arounds.
    fn word_boundary(&self, boundary: bool) -> String {
        match (self.engine, boundary) {
            (Engine::Lite, true) => "\\b".to_owned(),
            (Engine::Lite, false) => "\\B".to_owned(),
            (Engine::Unicode, _) => {
                let w = format!("[{}]", ascii_word().content());
                if boundary {
                    format!("(?:(?<={w})(?!{w})|(?<!{w})(?={w}))")
                } else {
                    format!("(?:(?<={w})(?={w})|(?<!{w})(?!{w}))")
                }
            }
        }
    }

    fn hex(&mut self, digits: usize) -> Result<u32, Failure> {
        let text: String = self.chars[self.at..].iter().take(digits).collect();
        if text.chars().count() != digits || !text.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(format!("`{text}` is not {digits} hexadecimal digits").into());
        }
        self.at += digits;
        Ok(u32::from_str_radix(&text, 16).unwrap_or_default())
    }

    /// `\uXXXX`, joining a high and a low surrogate escape into one code point.
    fn unicode_escape(&mut self) -> Result<Item, Failure> {
        let unit = self.hex(4)?;
        if (0xD800..0xDC00).contains(&unit) && self.rest_starts_with("\\u") {
            let save = self.at;
            self.at += 2;
            if let Ok(low @ 0xDC00..=0xDFFF) = self.hex(4) {
                return Ok(Item::Char(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)));
            }
            self.at = save;
        }
        Ok(Item::Char(unit))
    }

    /// `\p{Name}` / `\P{Name}`: Java's POSIX classes as ASCII sets; Unicode
    /// general categories and binary properties as Rust names them.
    fn property(&mut self, negated: bool) -> Result<Item, Failure> {
        if self.next() != Some('{') {
            return Err("`\\p` needs a `{Name}`".into());
        }
        let name: String = self.chars[self.at..].iter().take_while(|c| **c != '}').collect();
        self.at += name.chars().count() + 1;
        let ascii: Option<&[(u32, u32)]> = match name.as_str() {
            "Lower" => Some(&[(0x61, 0x7A)]),
            "Upper" => Some(&[(0x41, 0x5A)]),
            "ASCII" => Some(&[(0, 0x7F)]),
            "Alpha" => Some(&[(0x41, 0x5A), (0x61, 0x7A)]),
            "Digit" => Some(&[(0x30, 0x39)]),
            "Alnum" => Some(&[(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)]),
            "Punct" => Some(&[(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)]),
            "Graph" => Some(&[(0x21, 0x7E)]),
            "Print" => Some(&[(0x20, 0x7E)]),
            "Blank" => Some(&[(0x20, 0x20), (0x09, 0x09)]),
            "Cntrl" => Some(&[(0, 0x1F), (0x7F, 0x7F)]),
            "XDigit" => Some(&[(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)]),
            "Space" => Some(&[(0x09, 0x0D), (0x20, 0x20)]),
            "all" => Some(&[(0, MAX)]),
            _ => None,
        };
        if let Some(ranges) = ascii {
            let set = Ranges::of(ranges);
            return Ok(Item::Set(if negated { set.complement() } else { set }));
        }
        self.needs_unicode()?;
        let unicode = match name.strip_prefix("Is").unwrap_or(&name) {
            "Alphabetic" => "Alphabetic",
            "Letter" => "L",
            "Digit" => "Nd",
            "Uppercase" => "Uppercase",
            "Lowercase" => "Lowercase",
            "WhiteSpace" | "White_Space" => "White_Space",
            "Punctuation" => "P",
            other if !other.is_empty() && other.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => other,
            _ => return Err(format!("`\\p{{{name}}}` names no property").into()),
        };
        let p = if negated { 'P' } else { 'p' };
        Ok(Item::Property(format!("\\{p}{{{unicode}}}")))
    }

    /// An item outside a class.
    fn push_item(&mut self, item: Item) -> Result<(), Failure> {
        match item {
            Item::Char(code) if (SURROGATES.0..=SURROGATES.1).contains(&code) => {
                let why = format!("`\\u{code:04X}` is half of a UTF-16 surrogate pair, which Rust strings never hold");
                return Err(why.into());
            }
            Item::Char(code) => self.out.push_str(&literal(code, false)),
            Item::Set(set) => {
                let complement = set.complement();
                if !complement.0.is_empty() && complement.0.len() < set.0.len() {
                    self.out.push_str(&format!("[^{}]", complement.content()));
                } else {
                    self.out.push_str(&format!("[{}]", set.content()));
                }
            }
            Item::Property(text) | Item::Raw(text) => self.out.push_str(&text),
        }
        Ok(())
    }

    /// A class `[...]`, from after its `[`: its characters flattened into
    /// ranges, plus any Unicode properties as written.
    fn class(&mut self) -> Result<(), Failure> {
        let negated = self.peek() == Some('^');
        if negated {
            self.at += 1;
        }
        // Each item, and whether it is an unescaped `-` (a range's operator
        // when it stands between two characters; `\-` never is).
        let mut items: Vec<(Item, bool)> = Vec::new();
        loop {
            let c = self.next().ok_or("a `[` class is not closed")?;
            match c {
                ']' => break,
                '\\' => items.push((self.escape(true)?, false)),
                c => items.push((Item::Char(c as u32), c == '-')),
            }
        }
        if items.is_empty() {
            let why = if negated { "`[^]` (any character) has no Rust form" } else { "`[]` matches nothing" };
            return Err(why.into());
        }
        let mut set = Ranges::default();
        let mut properties = String::new();
        let mut index = 0;
        while index < items.len() {
            let dash = items.get(index + 1).is_some_and(|(_, dash)| *dash);
            match (&items[index].0, dash, items.get(index + 2).map(|(item, _)| item)) {
                (Item::Char(low), true, Some(Item::Char(high))) => {
                    if low > high {
                        let (low, high) = (literal(*low, true), literal(*high, true));
                        return Err(format!("the class range `{low}-{high}` is out of order").into());
                    }
                    set.add(*low, *high);
                    index += 3;
                    continue;
                }
                (Item::Char(code), _, _) => set.add(*code, *code),
                (Item::Set(other), _, _) => set.union(other),
                (Item::Property(text), _, _) => properties.push_str(text),
                (Item::Raw(text), _, _) => return Err(format!("`{text}` cannot stand in a class").into()),
            }
            index += 1;
        }
        // Written the shorter way round: `[\S]` as `[^` + the spaces + `]`.
        let (negated, set) = match set.complement() {
            complement if properties.is_empty() && !complement.0.is_empty() && complement.0.len() < set.0.len() => {
                (!negated, complement)
            }
            _ => (negated, set),
        };
        let caret = if negated { "^" } else { "" };
        self.out.push_str(&format!("[{caret}{}{properties}]", set.content()));
        Ok(())
    }
}

/// A code point as it stands in a Rust pattern: itself when printable and
/// not a metacharacter in that position, else escaped.
fn literal(code: u32, in_class: bool) -> String {
    let Some(c) = char::from_u32(code) else { return format!("\\x{{{code:X}}}") };
    let meta: &[char] = if in_class {
        &['\\', '[', ']', '^', '-', '&', '~']
    } else {
        &['\\', '.', '+', '*', '?', '(', ')', '|', '[', ']', '{', '}', '^', '$', '#', '&', '-', '~']
    };
    if !c.is_ascii() || c.is_ascii_control() {
        format!("\\x{{{code:X}}}")
    } else if meta.contains(&c) {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The translation's engine, and whether it matches `text`.
    fn run(ecma: &str, text: &str) -> (Engine, bool) {
        let translation = translate(ecma).unwrap_or_else(|e| panic!("{ecma}: {e}"));
        let matched = match translation.engine {
            Engine::Lite => regex_lite::Regex::new(&translation.pattern).unwrap().is_match(text),
            Engine::Unicode => fancy_regex::RegexBuilder::new(&translation.pattern)
                .delegate_size_limit(SIZE_LIMIT)
                .build()
                .unwrap()
                .is_match(text)
                .unwrap(),
        };
        (translation.engine, matched)
    }

    fn matches(ecma: &str, text: &str) -> bool {
        run(ecma, text).1
    }

    #[test]
    fn ecma_classes_keep_their_meaning() {
        assert!(matches(r"^\w+$", "abc_1") && !matches(r"^\w+$", "é"));
        assert!(matches(r"^\d+$", "42") && !matches(r"^\d+$", "٤٢"));
        assert!(matches(r"^\W$", "é"));
        assert!(matches(r"^[\w\-]{1,512}$", "a-b"));
        assert!(matches(r"\bword\b", "a word here") && !matches(r"\bword\b", "awordy"));
        assert!(matches(r"^\s+$", "\u{a0}\u{feff}\u{2028}") && !matches(r"^\s$", "\u{85}"));
        assert!(matches(r"^[\S]+$", "x") && !matches(r"^[\S]+$", "a b"));
        assert!(matches(r"^[^\s\d]+$", "ab") && !matches(r"^[^\s\d]+$", "a1"));
    }

    #[test]
    fn dots_stop_at_every_line_terminator() {
        assert!(matches("^.+$", "abc") && !matches("^.+$", "a\rb") && !matches("^.+$", "a\u{2028}b"));
        // Java's `(?s)` flag, in AWS models, lets `.` match them too.
        assert!(matches("^(?s).+$", "a\nb"));
    }

    #[test]
    fn java_posix_and_unicode_properties() {
        let guid = r"^\p{XDigit}{8}-\p{XDigit}{4}$";
        assert_eq!(run(guid, "0123abcd-EF01"), (Engine::Lite, true));
        assert!(!matches(guid, "0123abcg-EF01"));
        assert!(matches(r"^[\p{Graph}\x20]*$", "a b!") && !matches(r"^[\p{Graph}\x20]*$", "a\tb"));
        assert!(matches(r"^[\p{all}]*$", "any\nthing ✓"));
        assert_eq!(run(r"^[0-9\p{IsAlphabetic}+:,.@'\x22 -]*$", "Zoë, 2"), (Engine::Unicode, true));
        assert_eq!(run(r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", "Ünïcode tag 1"), (Engine::Unicode, true));
        assert!(matches(r"^[^\p{Cntrl}]*$", "text") && !matches(r"^[^\p{Cntrl}]*$", "a\u{7}"));
        assert!(matches(r"^\P{L}+$", "123") && !matches(r"^\P{L}+$", "a"));
    }

    #[test]
    fn dashes_beside_class_escapes_and_set_operators_are_literals() {
        assert!(matches(r"^[\w- ]+$", "a- b"));
        assert!(matches(r"^[a-zA-Z+-=._:/]+$", "a+,-.=")); // `+-=` is a range
        assert!(matches(r"^[a&&b~~c]+$", "&~"));
        assert!(matches(r"^[\[\]]+$", "[]"));
        assert!(matches(r"^[a-z_\-.]+$", "a_-.") && !matches(r"^[a-z_\-.]+$", "/"));
    }

    #[test]
    fn braces_and_brackets_that_are_not_syntax_are_literals() {
        assert!(matches(r"^-{5}BEGIN$", "-----BEGIN"));
        assert!(matches(r"^{abc}$", "{abc}"));
        assert!(matches(r"^a]$", "a]"));
    }

    #[test]
    fn utf16_escapes_become_code_points() {
        assert!(matches(r"^[\u0020-\u00FF]+$", "Aÿ") && !matches(r"^[\u0020-\u00FF]+$", "Ā"));
        assert!(matches(r"^\uD83D\uDE00$", "😀"));
        // XML's characters: the surrogate range stands for the astral planes.
        let xml = r"^[\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\uD800\uDC00-\uDBFF\uDFFF]*$";
        assert_eq!(run(xml, "tab\tand 😀"), (Engine::Lite, true));
        assert!(!matches(xml, "\u{1}"));
        assert!(matches(r"^[\u0020-\uFFFD]+$", "a😀"));
        assert!(translate(r"^\uD800$").unwrap_err().contains("surrogate"));
    }

    #[test]
    fn look_around_and_back_references_need_the_unicode_engine() {
        assert_eq!(run(r"^(?!aws:)[a-zA-Z+-=._:/]+$", "mine"), (Engine::Unicode, true));
        assert!(!matches(r"^(?!aws:)[a-zA-Z+-=._:/]+$", "aws:x"));
        let name = r"^(?=^.{2,256}$)(?!.*\s)[0-9a-zA-Z-_.:=+@]*$";
        assert!(matches(name, "ab") && !matches(name, "a") && !matches(name, "a b"));
        assert!(matches(r"^(?<word>a+)-\k<word>$", "aa-aa") && !matches(r"^(?<word>a+)-\k<word>$", "aa-a"));
        assert!(matches(r"^(a)\1$", "aa"));
        // A word boundary in a pattern that needs fancy-regex stays ASCII:
        // `é` is no word character, so there is one between `x` and `é`.
        assert_eq!(run(r"(?=.)\bé", "xé"), (Engine::Unicode, true));
    }

    #[test]
    fn large_bounded_repetitions_compile() {
        assert_eq!(run(r"^\S{1,8192}$", "token"), (Engine::Lite, true));
        assert!(!matches(r"^\S{1,8192}$", "a b"));
    }

    #[test]
    fn what_cannot_be_translated_says_why() {
        assert!(translate("[]").unwrap_err().contains("matches nothing"));
        assert!(translate("a[").unwrap_err().contains("not closed"));
        assert!(translate(r"\p{InGreek}").unwrap_err().contains("does not compile"));
        assert!(translate("(?#c)a").unwrap_err().contains("group kind"));
        assert!(translate("a\\").unwrap_err().contains("ends with"));
    }
}
