//! Smithy `@pattern` values are ECMA-262 regular expressions (and AWS models
//! add a few Java-isms: `\p{Graph}`, `\p{XDigit}`, `\p{all}`, `\p{IsAlphabetic}`).
//! The runtime matches with `fancy-regex`, whose syntax is the `regex`
//! crate's plus look-around and back-references. [`translate`] rewrites one
//! into the other, keeping ECMA-262's meaning where the two differ:
//!
//! - `\d`, `\w`, `\b` are ASCII in ECMA-262 (Unicode in Rust);
//! - `.` excludes every line terminator (`\r`, U+2028, U+2029), not just `\n`;
//! - `\uXXXX` escapes name UTF-16 code units: a surrogate pair is one code
//!   point, and a class range over the surrogates matches the astral planes
//!   (whose UTF-16 units they are);
//! - a `-` beside a class escape (`[\w- ]`) is a literal, and `&`, `~`, `[`
//!   inside a class are literals (Rust gives them set-operation meanings);
//! - a `{` or `}` that is not a quantifier, and a stray `]`, are literals.
//!
//! A pattern that cannot be translated, or whose translation does not compile,
//! is reported as such; the IR then drops it with a warning (the runtime
//! accepts any value rather than rejecting every one).

/// The translated pattern's compile size limit: bounded repetitions of
/// Unicode classes (`\S{1,8192}`) compile past `regex`'s 10 MiB default.
pub const SIZE_LIMIT: usize = 256 << 20;

/// Rewrites an ECMA-262 pattern in `fancy-regex` syntax and checks that it
/// compiles; the error says what stands in the way.
pub fn translate(ecma: &str) -> Result<String, String> {
    let translated = Translator { chars: ecma.chars().collect(), at: 0, out: String::new(), dot_all: false }.run()?;
    fancy_regex::RegexBuilder::new(&translated)
        .delegate_size_limit(SIZE_LIMIT)
        .build()
        .map_err(|error| format!("its translation `{translated}` does not compile: {error}"))?;
    Ok(translated)
}

struct Translator {
    chars: Vec<char>,
    at: usize,
    out: String,
    /// After a Java-style `(?s)`: `.` matches line terminators too.
    dot_all: bool,
}

/// What an escape or a class item stands for.
enum Item {
    /// One code point (possibly a lone UTF-16 surrogate, from `\uD800`).
    Char(u32),
    /// A set of characters: `ranges` as class content (`0-9A-Za-z_`), or a
    /// whole class expression (`\p{L}`, `[^0-9]`) when `nested`.
    Set { text: String, nested: bool },
}

const ASCII_DIGIT: &str = "0-9";
const ASCII_WORD: &str = "0-9A-Za-z_";
const LINE_TERMINATORS: &str = "\\n\\r\\x{2028}\\x{2029}";
const SURROGATES: std::ops::RangeInclusive<u32> = 0xD800..=0xDFFF;

impl Translator {
    fn run(mut self) -> Result<String, String> {
        while let Some(c) = self.next() {
            match c {
                '\\' => {
                    let item = self.escape(false)?;
                    self.push_item(item)?;
                }
                '[' => self.class()?,
                '.' if self.dot_all => self.out.push_str("[\\s\\S]"),
                '.' => self.out.push_str(&format!("[^{LINE_TERMINATORS}]")),
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
        Ok(self.out)
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

    /// `{n}`, `{n,}` or `{n,m}` at the cursor (just after the `{`).
    fn quantifier_follows(&self) -> bool {
        let rest: String = self.chars[self.at..].iter().take_while(|c| **c != '}').collect();
        if self.at + rest.chars().count() >= self.chars.len() {
            return false;
        }
        let (low, high) = rest.split_once(',').unwrap_or((&rest, "0"));
        !low.is_empty() && low.chars().all(|c| c.is_ascii_digit()) && high.chars().all(|c| c.is_ascii_digit())
    }

    /// A group's opening: kept as written for `(?:`, look-arounds and named
    /// groups, all of which fancy-regex reads the same way.
    fn group(&mut self) -> Result<(), String> {
        self.out.push('(');
        if self.peek() != Some('?') {
            return Ok(());
        }
        for opening in ["?:", "?=", "?!", "?<=", "?<!"] {
            if self.rest_starts_with(opening) {
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
                return Err(format!("`(?<{name}` is not a group name"));
            }
            self.at += name.chars().count() + 3;
            self.out.push_str(&format!("?<{name}>"));
            return Ok(());
        }
        Err("`(?` starts a group kind ECMA-262 does not have".to_owned())
    }

    /// The escape after a `\`.
    fn escape(&mut self, in_class: bool) -> Result<Item, String> {
        let c = self.next().ok_or("the pattern ends with `\\`")?;
        let set = |text: &str, nested: bool| Item::Set { text: text.to_owned(), nested };
        Ok(match c {
            'd' => set(ASCII_DIGIT, false),
            'D' => set(&format!("[^{ASCII_DIGIT}]"), true),
            'w' => set(ASCII_WORD, false),
            'W' => set(&format!("[^{ASCII_WORD}]"), true),
            's' => set("\\s", true),
            'S' => set("\\S", true),
            'b' if in_class => Item::Char(0x08),
            // ASCII word boundaries, as look-arounds: fancy-regex has no `(?-u:\\b)`.
            'b' => {
                set(&format!("(?:(?<=[{ASCII_WORD}])(?![{ASCII_WORD}])|(?<![{ASCII_WORD}])(?=[{ASCII_WORD}]))"), true)
            }
            'B' => {
                set(&format!("(?:(?<=[{ASCII_WORD}])(?=[{ASCII_WORD}])|(?<![{ASCII_WORD}])(?![{ASCII_WORD}]))"), true)
            }
            'n' => Item::Char(0x0A),
            'r' => Item::Char(0x0D),
            't' => Item::Char(0x09),
            'f' => Item::Char(0x0C),
            'v' => Item::Char(0x0B),
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => Item::Char(0),
            'c' => match self.next() {
                Some(letter) if letter.is_ascii_alphabetic() => Item::Char(letter as u32 % 32),
                _ => return Err("`\\c` needs a control letter".to_owned()),
            },
            'x' => Item::Char(self.hex(2)?),
            'u' if self.peek() == Some('{') => {
                self.at += 1;
                let digits: String = self.chars[self.at..].iter().take_while(|c| **c != '}').collect();
                self.at += digits.chars().count() + 1;
                u32::from_str_radix(&digits, 16)
                    .map(Item::Char)
                    .map_err(|_| format!("`\\u{{{digits}}}` is not a code point"))?
            }
            'u' => self.unicode_escape()?,
            'p' | 'P' => self.property(c == 'P', in_class)?,
            '1'..='9' if !in_class => {
                // A back-reference; fancy-regex reads `\1` the same way.
                let mut digits = c.to_string();
                while let Some(d) = self.peek().filter(char::is_ascii_digit) {
                    digits.push(d);
                    self.at += 1;
                }
                set(&format!("\\{digits}"), true)
            }
            'k' if !in_class && self.peek() == Some('<') => {
                let name: String = self.chars[self.at + 1..].iter().take_while(|c| **c != '>').collect();
                self.at += name.chars().count() + 2;
                set(&format!("\\k<{name}>"), true)
            }
            // An identity escape: the character itself.
            other => Item::Char(other as u32),
        })
    }

    fn hex(&mut self, digits: usize) -> Result<u32, String> {
        let text: String = self.chars[self.at..].iter().take(digits).collect();
        if text.chars().count() != digits || !text.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(format!("`{text}` is not {digits} hexadecimal digits"));
        }
        self.at += digits;
        Ok(u32::from_str_radix(&text, 16).unwrap_or_default())
    }

    /// `\uXXXX`, joining a high and a low surrogate escape into one code point.
    fn unicode_escape(&mut self) -> Result<Item, String> {
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

    /// `\p{Name}` / `\P{Name}`: Unicode general categories and binary
    /// properties as Rust names them, and Java's POSIX classes as ASCII sets.
    fn property(&mut self, negated: bool, _in_class: bool) -> Result<Item, String> {
        if self.next() != Some('{') {
            return Err("`\\p` needs a `{Name}`".to_owned());
        }
        let name: String = self.chars[self.at..].iter().take_while(|c| **c != '}').collect();
        self.at += name.chars().count() + 1;
        let ascii = match name.as_str() {
            "Lower" => Some("a-z"),
            "Upper" => Some("A-Z"),
            "ASCII" => Some("\\x{0}-\\x{7F}"),
            "Alpha" => Some("a-zA-Z"),
            "Digit" => Some("0-9"),
            "Alnum" => Some("a-zA-Z0-9"),
            "Punct" => Some("!-/:-@\\[-`{-\\~"),
            "Graph" => Some("!-\\~"),
            "Print" => Some(" -\\~"),
            "Blank" => Some(" \\t"),
            "Cntrl" => Some("\\x{0}-\\x{1F}\\x{7F}"),
            "XDigit" => Some("0-9a-fA-F"),
            "Space" => Some(" \\t\\n\\x{B}\\f\\r"),
            "all" => Some("\\x{0}-\\x{10FFFF}"),
            _ => None,
        };
        if let Some(ranges) = ascii {
            return Ok(if negated {
                Item::Set { text: format!("[^{ranges}]"), nested: true }
            } else {
                Item::Set { text: ranges.to_owned(), nested: false }
            });
        }
        let unicode = match name.strip_prefix("Is").unwrap_or(&name) {
            "Alphabetic" => "Alphabetic".to_owned(),
            "Letter" => "L".to_owned(),
            "Digit" => "Nd".to_owned(),
            "Uppercase" => "Uppercase".to_owned(),
            "Lowercase" => "Lowercase".to_owned(),
            "WhiteSpace" | "White_Space" => "White_Space".to_owned(),
            "Punctuation" => "P".to_owned(),
            other if other.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !other.is_empty() => {
                other.to_owned()
            }
            _ => return Err(format!("`\\p{{{name}}}` names no property")),
        };
        let p = if negated { 'P' } else { 'p' };
        Ok(Item::Set { text: format!("\\{p}{{{unicode}}}"), nested: true })
    }

    /// An item outside a class.
    fn push_item(&mut self, item: Item) -> Result<(), String> {
        match item {
            Item::Char(code) if SURROGATES.contains(&code) => {
                return Err(format!(
                    "`\\u{code:04X}` is half of a UTF-16 surrogate pair, which Rust strings never hold"
                ));
            }
            Item::Char(code) => self.out.push_str(&literal(code, false)),
            Item::Set { text, nested: true } => self.out.push_str(&text),
            Item::Set { text, nested: false } => self.out.push_str(&format!("[{text}]")),
        }
        Ok(())
    }

    /// A class `[...]`, from after its `[`.
    fn class(&mut self) -> Result<(), String> {
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
            return Err(
                if negated { "`[^]` (any character) has no Rust form" } else { "`[]` matches nothing" }.to_owned()
            );
        }
        let mut content = String::new();
        let mut index = 0;
        while index < items.len() {
            let dash = items.get(index + 1).is_some_and(|(_, dash)| *dash);
            match (&items[index].0, dash, items.get(index + 2).map(|(item, _)| item)) {
                (Item::Char(low), true, Some(Item::Char(high))) => {
                    if low > high {
                        return Err(format!(
                            "the class range `{}-{}` is out of order",
                            literal(*low, true),
                            literal(*high, true)
                        ));
                    }
                    content.push_str(&range(*low, *high));
                    index += 3;
                }
                (Item::Char(code), _, _) => {
                    content.push_str(&range(*code, *code));
                    index += 1;
                }
                (Item::Set { text, .. }, _, _) => {
                    content.push_str(text);
                    index += 1;
                }
            }
        }
        let caret = if negated { "^" } else { "" };
        self.out.push_str(&format!("[{caret}{content}]"));
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
    if c.is_control() || c.is_whitespace() && c != ' ' {
        format!("\\x{{{code:X}}}")
    } else if meta.contains(&c) {
        format!("\\{c}")
    } else {
        c.to_string()
    }
}

/// A class range in Rust syntax. Surrogate code units have no Rust form; a
/// range over them stands for what they encode in UTF-16 — the astral planes.
fn range(low: u32, high: u32) -> String {
    let one = |low: u32, high: u32| {
        if low == high { literal(low, true) } else { format!("{}-{}", literal(low, true), literal(high, true)) }
    };
    let mut parts = Vec::new();
    if low < *SURROGATES.start() {
        parts.push(one(low, high.min(SURROGATES.start() - 1)));
    }
    if high >= *SURROGATES.start() && low <= *SURROGATES.end() {
        parts.push(one(0x10000, 0x10FFFF));
    }
    if high > *SURROGATES.end() {
        parts.push(one(low.max(SURROGATES.end() + 1), high));
    }
    parts.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(ecma: &str, text: &str) -> bool {
        let translated = translate(ecma).unwrap_or_else(|e| panic!("{ecma}: {e}"));
        fancy_regex::RegexBuilder::new(&translated)
            .delegate_size_limit(SIZE_LIMIT)
            .build()
            .unwrap()
            .is_match(text)
            .unwrap()
    }

    #[test]
    fn ecma_classes_are_ascii() {
        assert!(matches(r"^\w+$", "abc_1") && !matches(r"^\w+$", "é"));
        assert!(matches(r"^\d+$", "42") && !matches(r"^\d+$", "٤٢"));
        assert!(matches(r"^\W$", "é"));
        assert!(matches(r"^[\w\-]{1,512}$", "a-b"));
        assert!(matches(r"\bword\b", "a word here") && !matches(r"\bword\b", "awordy"));
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
        assert!(matches(guid, "0123abcd-EF01") && !matches(guid, "0123abcg-EF01"));
        assert!(matches(r"^[\p{Graph}\x20]*$", "a b!") && !matches(r"^[\p{Graph}\x20]*$", "a\tb"));
        assert!(matches(r"^[\p{all}]*$", "any\nthing ✓"));
        assert!(matches(r"^[0-9\p{IsAlphabetic}+:,.@'\x22 -]*$", "Zoë, 2"));
        assert!(matches(r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", "Ünïcode tag 1"));
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
        assert!(matches(xml, "tab\tand 😀") && !matches(xml, "\u{1}"));
        assert!(matches(r"^[\u0020-\uFFFD]+$", "a😀"));
        assert!(translate(r"^\uD800$").unwrap_err().contains("surrogate"));
    }

    #[test]
    fn look_around_is_kept_for_fancy_regex() {
        assert!(matches(r"^(?!aws:)[a-zA-Z+-=._:/]+$", "mine") && !matches(r"^(?!aws:)[a-zA-Z+-=._:/]+$", "aws:x"));
        let name = r"^(?=^.{2,256}$)(?!.*\s)[0-9a-zA-Z-_.:=+@]*$";
        assert!(matches(name, "ab") && !matches(name, "a") && !matches(name, "a b"));
        assert!(matches(r"^(?<word>a+)-\k<word>$", "aa-aa") && !matches(r"^(?<word>a+)-\k<word>$", "aa-a"));
        assert!(matches(r"^(a)\1$", "aa"));
    }

    #[test]
    fn large_bounded_repetitions_compile() {
        assert!(matches(r"^\S{1,8192}$", "token") && !matches(r"^\S{1,8192}$", "a b"));
    }

    #[test]
    fn what_cannot_be_translated_says_why() {
        assert!(translate("[]").unwrap_err().contains("matches nothing"));
        assert!(translate("a[").unwrap_err().contains("not closed"));
        assert!(translate(r"\p{InGreek").is_err());
        assert!(translate("(?#c)a").unwrap_err().contains("group kind"));
        assert!(translate("a\\").unwrap_err().contains("ends with"));
    }
}
