//! `--output yaml` and `yaml-stream`: YAML as the AWS CLI v2 writes it.
//!
//! The AWS CLI dumps responses with ruamel.yaml's safe dumper, whose emitter
//! is libyaml's: block style, keys sorted, two-space indents, sequences in a
//! mapping not indented, empty lists and maps as `[]` and `{}`, lines folded
//! at spaces once past column 80, and each string in the first style that
//! can hold it — plain, then single-quoted, then double-quoted with escapes —
//! where plain is ruled out by leading or trailing spaces, line breaks,
//! indicator characters (`: `, ` #`, a leading `-`, `&`, `'`…) and by text
//! a YAML 1.2 reader would take for another type (`true`, `null`, `''`,
//! `12`, `1e5`, `0x1F`, `2024-01-31`). A scalar response is written as JSON
//! on one line, as the AWS CLI does to avoid YAML's document end marker.
//!
//! No YAML crate writes this exact format (they quote with double quotes,
//! fold long strings into block scalars or follow YAML 1.1), so this is the
//! emitter's scalar analysis and block layout for JSON values; reading YAML
//! (`--cli-input-yaml`) uses a crate.

use std::io::{self, Write};
use std::sync::OnceLock;

use regex_lite::Regex;
use serde_json::{Map, Value};

use super::json::write_compact;
use super::python::float_repr;

/// `--output yaml`: the whole response as one document.
pub(super) fn write(value: &Value, out: &mut dyn Write) -> io::Result<()> {
    match value {
        Value::Object(map) if map.is_empty() => Ok(()),
        Value::Object(_) | Value::Array(_) => {
            let mut emitter = Emitter::default();
            emitter.node(value, Context::Root);
            emitter.end_document();
            out.write_all(emitter.out.as_bytes())
        }
        scalar => {
            write_compact(scalar, out)?;
            out.write_all(b"\n")
        }
    }
}

/// `--output yaml-stream`: one page, as a list of one item.
pub(super) fn write_page(page: &Value, out: &mut dyn Write) -> io::Result<()> {
    write(&Value::Array(vec![page.clone()]), out)
}

/// A string as a mapping key.
pub(crate) fn key(text: &str) -> String {
    let mut emitter = Emitter::default();
    emitter.scalar(text, true, Context::SimpleKey);
    emitter.out
}

/// A string as a one-line value.
pub(crate) fn scalar(text: &str) -> String {
    let mut emitter = Emitter::default();
    emitter.scalar(text, true, Context::Mapping);
    emitter.out
}

/// Where a node sits, which decides its indentation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Root,
    Sequence,
    Mapping,
    SimpleKey,
}

/// libyaml's emitter state, for the block style only.
struct Emitter {
    out: String,
    column: usize,
    indent: i64,
    indents: Vec<i64>,
    /// The last thing written was whitespace (no space is needed before the next).
    whitespace: bool,
    /// Only indentation has been written on this line.
    indention: bool,
    flow_level: usize,
}

impl Default for Emitter {
    fn default() -> Self {
        Emitter {
            out: String::new(),
            column: 0,
            indent: -1,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
            flow_level: 0,
        }
    }
}

const BEST_WIDTH: usize = 80;
const BEST_INDENT: i64 = 2;

impl Emitter {
    fn put(&mut self, c: char) {
        self.out.push(c);
        self.column += 1;
    }

    fn put_break(&mut self) {
        self.out.push('\n');
        self.column = 0;
    }

    fn increase_indent(&mut self, flow: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if flow { BEST_INDENT } else { 0 };
        } else if !indentless {
            self.indent += BEST_INDENT;
        }
    }

    fn pop_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    fn write_indent(&mut self) {
        let indent = self.indent.max(0) as usize;
        if !self.indention || self.column > indent || (self.column == indent && !self.whitespace) {
            self.put_break();
        }
        while self.column < indent {
            self.put(' ');
        }
        self.whitespace = true;
        self.indention = true;
    }

    fn write_indicator(&mut self, indicator: &str, need_whitespace: bool, is_whitespace: bool, is_indention: bool) {
        if need_whitespace && !self.whitespace {
            self.put(' ');
        }
        for c in indicator.chars() {
            self.put(c);
        }
        self.whitespace = is_whitespace;
        self.indention = self.indention && is_indention;
    }

    fn end_document(&mut self) {
        // The document end is implicit: a line break after the last line.
        self.indent = -1;
        self.write_indent();
    }

    fn node(&mut self, value: &Value, context: Context) {
        match value {
            Value::Array(items) if items.is_empty() => self.empty_flow("[", "]"),
            Value::Object(map) if map.is_empty() => self.empty_flow("{", "}"),
            Value::Array(items) => self.sequence(items, context),
            Value::Object(map) => self.mapping(map),
            Value::String(text) => self.scalar(text, true, context),
            Value::Bool(b) => self.scalar(if *b { "true" } else { "false" }, false, context),
            Value::Null => self.scalar("null", false, context),
            Value::Number(number) => {
                let text = match number.as_f64() {
                    Some(float) if number.is_f64() => float_text(float),
                    _ => number.to_string(),
                };
                self.scalar(&text, false, context);
            }
        }
    }

    fn empty_flow(&mut self, open: &str, close: &str) {
        self.write_indicator(open, true, true, false);
        self.increase_indent(true, false);
        self.flow_level += 1;
        self.flow_level -= 1;
        self.pop_indent();
        self.write_indicator(close, false, false, false);
    }

    fn sequence(&mut self, items: &[Value], context: Context) {
        self.increase_indent(false, context == Context::Mapping && !self.indention);
        for item in items {
            self.write_indent();
            self.write_indicator("-", true, false, true);
            self.node(item, Context::Sequence);
        }
        self.pop_indent();
    }

    fn mapping(&mut self, map: &Map<String, Value>) {
        self.increase_indent(false, false);
        for (key, value) in map {
            self.write_indent();
            let analysis = analyze(key);
            // libyaml's simple keys: one line, at most 128 bytes.
            if !analysis.multiline && key.len() <= 128 {
                self.scalar(key, true, Context::SimpleKey);
                self.write_indicator(":", false, false, false);
            } else {
                self.write_indicator("?", true, false, true);
                self.scalar(key, true, Context::Mapping);
                self.write_indent();
                self.write_indicator(":", true, false, true);
            }
            self.node(value, Context::Mapping);
        }
        self.pop_indent();
    }

    /// A scalar: `is_text` for strings, which may need quotes; numbers,
    /// booleans and null are written as is.
    fn scalar(&mut self, text: &str, is_text: bool, context: Context) {
        let simple_key = context == Context::SimpleKey;
        let analysis = analyze(text);
        let plain_implicit = !is_text || !resolves_to_other_type(text);
        let style = if simple_key && analysis.multiline {
            Style::Double
        } else {
            let mut style = Style::Plain;
            if (self.flow_level > 0 && !analysis.flow_plain) || (self.flow_level == 0 && !analysis.block_plain) {
                style = Style::Single;
            }
            if text.is_empty() && (self.flow_level > 0 || simple_key) {
                style = Style::Single;
            }
            if !plain_implicit {
                style = Style::Single;
            }
            if style == Style::Single && !analysis.single_quoted {
                style = Style::Double;
            }
            style
        };
        self.increase_indent(true, false);
        let allow_breaks = !simple_key;
        match style {
            Style::Plain => self.write_plain(text, allow_breaks),
            Style::Single => self.write_single_quoted(text, allow_breaks),
            Style::Double => self.write_double_quoted(text, allow_breaks),
        }
        self.pop_indent();
    }

    fn write_plain(&mut self, text: &str, allow_breaks: bool) {
        if !self.whitespace && (!text.is_empty() || self.flow_level > 0) {
            self.put(' ');
        }
        let chars: Vec<char> = text.chars().collect();
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_is_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && !next_is_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                self.indention = false;
                spaces = false;
            }
        }
        self.whitespace = false;
        self.indention = false;
    }

    fn write_single_quoted(&mut self, text: &str, allow_breaks: bool) {
        self.write_indicator("'", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let last = chars.len().saturating_sub(1);
        let (mut spaces, mut breaks) = (false, false);
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let next_is_space = chars.get(i + 1) == Some(&' ');
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i != 0 && i != last && !next_is_space {
                    self.write_indent();
                } else {
                    self.put(c);
                }
                spaces = true;
            } else if is_break(c) {
                if !breaks && c == '\n' {
                    self.put_break();
                }
                self.write_break(c);
                self.indention = true;
                breaks = true;
            } else {
                if breaks {
                    self.write_indent();
                }
                if c == '\'' {
                    self.put('\'');
                }
                self.put(c);
                self.indention = false;
                spaces = false;
                breaks = false;
            }
        }
        if breaks {
            self.write_indent();
        }
        self.write_indicator("'", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }

    fn write_break(&mut self, c: char) {
        if c == '\n' {
            self.put_break();
        } else {
            self.out.push(c);
            self.column = 0;
        }
    }

    fn write_double_quoted(&mut self, text: &str, allow_breaks: bool) {
        self.write_indicator("\"", true, false, false);
        let chars: Vec<char> = text.chars().collect();
        let last = chars.len().saturating_sub(1);
        let mut spaces = false;
        for (i, &c) in chars.iter().enumerate() {
            if !is_printable(c) || c == '\u{feff}' || is_break(c) || c == '"' || c == '\\' {
                self.put('\\');
                let escape = match c {
                    '\0' => "0".to_owned(),
                    '\u{7}' => "a".to_owned(),
                    '\u{8}' => "b".to_owned(),
                    '\t' => "t".to_owned(),
                    '\n' => "n".to_owned(),
                    '\u{b}' => "v".to_owned(),
                    '\u{c}' => "f".to_owned(),
                    '\r' => "r".to_owned(),
                    '\u{1b}' => "e".to_owned(),
                    '"' => "\"".to_owned(),
                    '\\' => "\\".to_owned(),
                    '\u{85}' => "N".to_owned(),
                    '\u{a0}' => "_".to_owned(),
                    '\u{2028}' => "L".to_owned(),
                    '\u{2029}' => "P".to_owned(),
                    c if (c as u32) <= 0xff => format!("x{:02X}", c as u32),
                    c if (c as u32) <= 0xffff => format!("u{:04X}", c as u32),
                    c => format!("U{:08X}", c as u32),
                };
                for e in escape.chars() {
                    self.put(e);
                }
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && self.column > BEST_WIDTH && i != 0 && i != last {
                    self.write_indent();
                    if chars.get(i + 1) == Some(&' ') {
                        self.put('\\');
                    }
                } else {
                    self.put(c);
                }
                spaces = true;
            } else {
                self.put(c);
                spaces = false;
            }
        }
        self.write_indicator("\"", false, false, false);
        self.whitespace = false;
        self.indention = false;
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Plain,
    Single,
    Double,
}

/// A float as ruamel.yaml's representer writes it: Python's `repr`, lower case.
fn float_text(value: f64) -> String {
    if value.is_nan() {
        ".nan".to_owned()
    } else if value.is_infinite() {
        if value > 0.0 { ".inf" } else { "-.inf" }.to_owned()
    } else {
        float_repr(value).to_lowercase()
    }
}

/// libyaml's `IS_PRINTABLE`.
fn is_printable(c: char) -> bool {
    let c = c as u32;
    c == 0x0a || (0x20..=0x7e).contains(&c) || (0xa0..=0xd7ff).contains(&c) || ((0xe000..=0xfffd).contains(&c))
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank_or_end(c: Option<char>) -> bool {
    matches!(c, None | Some(' ' | '\t' | '\0')) || c.is_some_and(is_break)
}

/// Which styles can hold a scalar (libyaml's `yaml_emitter_analyze_scalar`).
struct Analysis {
    multiline: bool,
    flow_plain: bool,
    block_plain: bool,
    single_quoted: bool,
}

fn analyze(text: &str) -> Analysis {
    if text.is_empty() {
        return Analysis { multiline: false, flow_plain: false, block_plain: true, single_quoted: true };
    }
    let chars: Vec<char> = text.chars().collect();
    let (mut block_indicators, mut flow_indicators, mut line_breaks, mut special) = (false, false, false, false);
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) = (false, false, false, false);
    let (mut break_space, mut space_break, mut previous_space, mut previous_break) = (false, false, false, false);
    if text.starts_with("---") || text.starts_with("...") {
        block_indicators = true;
        flow_indicators = true;
    }
    let mut preceded_by_whitespace = true;
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_whitespace = is_blank_or_end(chars.get(i + 1).copied());
        if i == 0 {
            if "#,[]{}&*!|>'\"%@`".contains(c) {
                flow_indicators = true;
                block_indicators = true;
            }
            if c == '?' || c == ':' {
                flow_indicators = true;
                if followed_by_whitespace {
                    block_indicators = true;
                }
            }
            if c == '-' && followed_by_whitespace {
                flow_indicators = true;
                block_indicators = true;
            }
        } else {
            if ",?[]{}".contains(c) {
                flow_indicators = true;
            }
            if c == ':' {
                flow_indicators = true;
                if followed_by_whitespace {
                    block_indicators = true;
                }
            }
            if c == '#' && preceded_by_whitespace {
                flow_indicators = true;
                block_indicators = true;
            }
        }
        if !is_printable(c) || c == '\u{feff}' {
            special = true;
        }
        if is_break(c) {
            line_breaks = true;
        }
        if c == ' ' {
            if i == 0 {
                leading_space = true;
            }
            if i == chars.len() - 1 {
                trailing_space = true;
            }
            if previous_break {
                break_space = true;
            }
            previous_space = true;
            previous_break = false;
        } else if is_break(c) {
            if i == 0 {
                leading_break = true;
            }
            if i == chars.len() - 1 {
                trailing_break = true;
            }
            if previous_space {
                space_break = true;
            }
            previous_space = false;
            previous_break = true;
        } else {
            previous_space = false;
            previous_break = false;
        }
        preceded_by_whitespace = is_blank_or_end(Some(c));
    }
    let (mut flow_plain, mut block_plain, mut single_quoted) = (true, true, true);
    if leading_space || leading_break || trailing_space || trailing_break {
        flow_plain = false;
        block_plain = false;
    }
    if break_space {
        flow_plain = false;
        block_plain = false;
        single_quoted = false;
    }
    if space_break || special {
        flow_plain = false;
        block_plain = false;
        single_quoted = false;
    }
    if line_breaks {
        flow_plain = false;
        block_plain = false;
    }
    if flow_indicators {
        flow_plain = false;
    }
    if block_indicators {
        block_plain = false;
    }
    Analysis { multiline: line_breaks, flow_plain, block_plain, single_quoted }
}

/// Whether a YAML 1.2 reader (ruamel.yaml's resolver, which decides when the
/// AWS CLI quotes a string) would read this plain text as a boolean, number,
/// null, timestamp or other non-string.
fn resolves_to_other_type(text: &str) -> bool {
    static PATTERNS: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    let patterns = PATTERNS.get_or_init(|| {
        [
            ("tTfF", r"^(?:true|True|TRUE|false|False|FALSE)$"),
            (
                "-+0123456789.",
                r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
            ),
            ("-+0123456789", r"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$"),
            ("<", r"^(?:<<)$"),
            ("~nN", r"^(?:~|null|Null|NULL)$"),
            (
                "0123456789",
                r"^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$",
            ),
            ("=", r"^(?:=)$"),
            ("!&*", r"^(?:!|&|\*)$"),
        ]
        .into_iter()
        .map(|(first, pattern)| (first, Regex::new(pattern).expect("the resolver's patterns are valid")))
        .collect()
    });
    let Some(first) = text.chars().next() else {
        // The empty string reads as null.
        return true;
    };
    patterns.iter().any(|(firsts, pattern)| firsts.contains(first) && pattern.is_match(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn yaml(value: Value) -> String {
        let mut out = Vec::new();
        write(&value, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// Expected output printed by the AWS CLI 2.36.7's YAML dumper for the
    /// same value (`awscli.formatter.YAMLDumper().dump`).
    #[test]
    fn strings_take_the_first_style_that_holds_them() {
        let value = json!({
            "plain": "hello world", "empty": "", "true": "true", "yes": "yes", "null": "null", "int": "123",
            "float": "1.5", "exp": "1e5", "hex": "0x1F", "date": "2023-11-14", "ts": "2023-11-14T22:13:20+00:00",
            "colon": "a: b", "colon2": "a:b", "hash": "a #b", "lead": " x", "trail": "x ", "dash": "- x",
            "dash2": "-x", "q": "it's", "dq": "say \"hi\"", "nl": "a\nb", "tab": "a\tb", "uni": "héllo ✓",
            "emoji": "😀", "bell": "a\u{7}b", "star": "*x", "qm": "?x", "comma": "a, b",
            "long": "word ".repeat(30), "arn": "arn:aws:iam::123:role/x",
        });
        let expected = "arn: arn:aws:iam::123:role/x\nbell: \"a\\ab\"\ncolon: 'a: b'\ncolon2: a:b\ncomma: a, b\n\
            dash: '- x'\ndash2: -x\ndate: '2023-11-14'\ndq: say \"hi\"\nemoji: \"\\U0001F600\"\nempty: ''\n\
            exp: '1e5'\nfloat: '1.5'\nhash: 'a #b'\nhex: '0x1F'\nint: '123'\nlead: ' x'\n\
            long: 'word word word word word word word word word word word word word word word\n  \
            word word word word word word word word word word word word word word word '\n\
            nl: 'a\n\n  b'\n'null': 'null'\nplain: hello world\nq: it's\nqm: ?x\nstar: '*x'\ntab: \"a\\tb\"\n\
            trail: 'x '\n'true': 'true'\nts: '2023-11-14T22:13:20+00:00'\nuni: héllo ✓\nyes: yes\n";
        assert_eq!(yaml(value), expected);
    }

    #[test]
    fn block_layout_and_scalars() {
        let value = json!({"a": {"b": [{"c": 1, "d": [1, 2]}, {"e": []}]}, "f": [[1, 2], [3]], "g": {},
            "n": null, "x": 1e-7, "y": 3.0, "z": false});
        assert_eq!(
            yaml(value),
            "a:\n  b:\n  - c: 1\n    d:\n    - 1\n    - 2\n  - e: []\nf:\n- - 1\n  - 2\n- - 3\ng: {}\nn: null\n\
             x: 1e-07\ny: 3.0\nz: false\n"
        );
        assert_eq!(yaml(json!("abc")), "\"abc\"\n");
        assert_eq!(yaml(json!(null)), "null\n");
        assert_eq!(yaml(json!({})), "");
        assert_eq!(yaml(json!([])), "[]\n");
        let mut out = Vec::new();
        write_page(&json!({"a": 1, "b": [1]}), &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "- a: 1\n  b:\n  - 1\n");
    }
}
