//! Model documentation as rustdoc: Markdown text made safe for
//! `RUSTDOCFLAGS="-D warnings" cargo doc`, then turned into `#[doc]` lines.
//!
//! Model text is written for a Markdown renderer, not for rustdoc, which reads
//! more into it: square brackets become intra-doc links
//! (`rustdoc::broken_intra_doc_links`), bare URLs are linted
//! (`rustdoc::bare_urls`), `<word>` is checked as an HTML tag
//! (`rustdoc::invalid_html_tags`) and code blocks are compiled as doctests.
//! [`sanitize`] defuses each of these and leaves everything else (inline code
//! spans, inline links, emphasis) as written.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::prose::{is_void, longest_run};

/// `#[doc = "…"]` attributes for `text` (Markdown), one per line, safe for rustdoc.
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #(#[doc = #lines])* }
}

/// The lines of a doc comment for `text` (Markdown), safe for rustdoc, each
/// with the leading space rustdoc expects.
pub fn doc_lines(text: &str) -> Vec<String> {
    // The same text is documented on a field, its setter, its CLI flag…:
    // sanitize each text once per thread.
    thread_local! {
        static SEEN: std::cell::RefCell<std::collections::HashMap<String, Vec<String>>> = Default::default();
    }
    SEEN.with(|seen| {
        if let Some(lines) = seen.borrow().get(text) {
            return lines.clone();
        }
        let lines: Vec<String> = sanitize(text)
            .lines()
            .map(|line| if line.is_empty() { String::new() } else { format!(" {line}") })
            .collect();
        seen.borrow_mut().insert(text.to_owned(), lines.clone());
        lines
    })
}

/// Markdown made safe for rustdoc with zero warnings:
/// - square brackets that are not inline links (`[text](url)`) or defined
///   reference links are escaped, so rustdoc does not try intra-doc links;
///   write intra-doc links as inline links (`[text](crate::Type)`);
/// - bare `http(s)://` URLs are wrapped in `<…>`;
/// - `<` that does not start an autolink or a matched inline HTML tag is
///   escaped (so are comments, and tags that would start an HTML block);
/// - fenced code blocks are marked `text` (unless they name a non-Rust
///   language) and indented code blocks become fenced `text` blocks, so
///   nothing is compiled as a doctest.
///
/// Inline code spans, link destinations and code blocks are kept verbatim.
pub fn sanitize(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = text.lines().map(expand_leading_tabs).collect();
    // Reference links may come before their definitions: a first pass finds
    // the definitions (which does not depend on them), the second writes.
    let definitions = write(&lines, BTreeSet::new()).found;
    write(&lines, definitions).out.join("\n")
}

fn write(lines: &[String], definitions: BTreeSet<String>) -> Writer {
    let mut writer =
        Writer { out: Vec::new(), prose: Vec::new(), definitions, found: BTreeSet::new(), prose_quotes: 0 };
    let mut state = LineState::default();
    let mut index = 0;
    while index < lines.len() {
        index = writer.line(lines, index, &mut state);
    }
    writer.flush();
    if let Some(fence) = state.fence {
        writer.out.push(format!("{}{}", fence.prefix, fence.marker));
    }
    writer
}

/// Where the line scanner is, as far as code blocks are concerned.
#[derive(Default)]
struct LineState {
    /// The open fenced code block.
    fence: Option<Fence>,
    /// Content columns of the open list items, innermost last: a line is an
    /// indented code block when it is indented 4 more than its item's content.
    items: Vec<usize>,
    /// How many `>` the lines of those list items have.
    items_quotes: usize,
    /// Whether the last line was a list item with nothing after its marker.
    empty_item: bool,
}

struct Fence {
    /// What goes before a closing fence: the quote markers and indentation.
    prefix: String,
    /// How many `>` the block quote around the fence has.
    quotes: usize,
    /// The content column of the list item around the fence, if any.
    indent: usize,
    /// The opening fence (e.g. ```` ``` ````); a closing fence is at least as long.
    marker: String,
}

struct Writer {
    out: Vec<String>,
    /// Lines of the current paragraph, escaped together because links and
    /// code spans may run across lines. Empty between paragraphs.
    prose: Vec<String>,
    /// Labels of link reference definitions (`[label]: url`), normalized.
    definitions: BTreeSet<String>,
    /// Labels of the definitions seen while writing.
    found: BTreeSet<String>,
    /// How many `>` the current paragraph's first line has.
    prose_quotes: usize,
}

impl Writer {
    /// Handles the line at `index`; returns the index of the next unhandled line.
    fn line(&mut self, lines: &[String], index: usize, state: &mut LineState) -> usize {
        let line = lines[index].as_str();
        if self.fenced_line(line, state) {
            return index + 1;
        }
        let (quote, rest) = split_quote(line);
        if rest.trim().is_empty() {
            self.blank_line(line, state);
            return index + 1;
        }
        let item = list_item(rest).filter(|item| self.prose.is_empty() || item.interrupts);
        if let Some(threshold) = self.start_block(quote, rest, item.as_ref(), state) {
            return self.indented_code(lines, index, quote, threshold);
        }
        let line = defuse_item(line, quote, rest, item.as_ref());
        self.content_line(&line, item.as_ref(), indentation(rest), state);
        index + 1
    }

    /// A line inside a fenced code block, kept verbatim; `false` when there
    /// is no fence or the line ends it by ending the quote or list item around it.
    fn fenced_line(&mut self, line: &str, state: &mut LineState) -> bool {
        let Some(fence) = &state.fence else { return false };
        // Only the fence's own quote markers are containers; a `>` after them is code.
        let Some(rest) =
            strip_quotes(line, fence.quotes).filter(|rest| rest.trim().is_empty() || indentation(rest) >= fence.indent)
        else {
            state.fence = None;
            return false;
        };
        self.out.push(line.to_owned());
        if closes_fence(rest.get(fence.indent..).unwrap_or(""), fence) {
            state.fence = None;
        }
        true
    }

    fn blank_line(&mut self, line: &str, state: &mut LineState) {
        self.flush();
        self.out.push(line.trim_end().to_owned());
        // A list item that starts empty ends at a blank line.
        if std::mem::take(&mut state.empty_item) {
            state.items.pop();
        }
    }

    /// Tracks paragraphs and list items for a non-blank line; returns the
    /// code threshold when the line starts an indented code block.
    fn start_block(
        &mut self,
        quote: &str,
        rest: &str,
        item: Option<&ListItem>,
        state: &mut LineState,
    ) -> Option<usize> {
        let indent = indentation(rest);
        let quotes = quote.matches('>').count();
        // A new block quote, or a list item that may interrupt a paragraph,
        // starts a new block: flushing where CommonMark would not only means
        // more escaping, never less.
        if quotes > self.prose_quotes || item.is_some() {
            self.flush();
        }
        // List items are tracked per block quote: a quote's content starts a new column count.
        if quotes != state.items_quotes {
            state.items.clear();
            state.items_quotes = quotes;
        }
        // Indented code cannot interrupt a paragraph; a new block closes the
        // list items it is not indented into.
        if self.prose.is_empty() {
            let column = item.map_or(indent, |item| item.indent);
            state.items.retain(|&content| content <= column);
            let threshold = code_threshold(&state.items);
            if indent >= threshold {
                return Some(threshold);
            }
        }
        state.empty_item = false;
        if let Some(item) = item {
            state.items.retain(|&content| content <= item.indent);
            state.items.push(item.content);
            state.empty_item = rest.trim_end().len() <= item.marker_end;
        }
        None
    }

    /// A line that is not a blank line, indented code or inside a fence: a
    /// fence opening, a link reference definition, or paragraph text.
    fn content_line(&mut self, line: &str, item: Option<&ListItem>, indent: usize, state: &mut LineState) {
        let (quote, rest) = split_quote(line);
        let threshold = code_threshold(&state.items);
        // Where this line's content starts: after its list marker, or at the
        // content column of the list item it continues.
        let base = match item {
            Some(item) => item.marker_end,
            None => state.items.last().copied().filter(|&content| content <= indent).unwrap_or(0),
        };
        if let Some((opened, marker)) = open_fence(&rest[base..]).filter(|_| indent < threshold) {
            self.flush();
            self.out.push(format!("{quote}{}{opened}", &rest[..base]));
            // A closing fence we add goes at the opening one's column, inside
            // the same list item rather than starting a new one.
            let prefix = format!("{quote}{}", " ".repeat(base + indentation(&rest[base..])));
            let column = item.map_or(base, |item| item.content);
            state.fence = Some(Fence { prefix, quotes: quote.matches('>').count(), indent: column, marker });
            return;
        }
        if let Some(label) = reference_label(&rest[base..]).filter(|_| self.prose.is_empty() && item.is_none()) {
            self.found.insert(label);
            self.out.push(line.to_owned());
            return;
        }
        let mut line = line.to_owned();
        if self.prose.is_empty() {
            self.prose_quotes = quote.matches('>').count();
            // Not a definition as written, it must not become one once escaped.
            let start = line.len() - rest.len() + base;
            if looks_like_definition(&line[start..]) {
                line.insert(start + indentation(&line[start..]), '\\');
            }
        }
        self.prose.push(line);
        // Headings, rules and empty list items are one-line blocks: what
        // follows starts a new block.
        if is_heading_or_rule(rest) || state.empty_item {
            self.flush();
        }
    }

    /// An indented code block as a fenced `text` block; returns the next line's index.
    fn indented_code(&mut self, lines: &[String], start: usize, quote: &str, threshold: usize) -> usize {
        let in_block = |line: &str| {
            let (line_quote, rest) = split_quote(line);
            line_quote.trim_end() == quote.trim_end() && (rest.trim().is_empty() || indentation(rest) >= threshold)
        };
        let mut end = start;
        while end < lines.len() && in_block(&lines[end]) {
            end += 1;
        }
        // Blank lines after the code belong to the text that follows.
        while end > start && split_quote(&lines[end - 1]).1.trim().is_empty() {
            end -= 1;
        }
        let pad = " ".repeat(threshold - 4);
        // The fence must be longer than any backtick run in the code.
        let longest = lines[start..end].iter().map(|line| longest_run(line, '`')).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        self.out.push(format!("{quote}{pad}{fence}text"));
        for line in &lines[start..end] {
            let rest = split_quote(line).1;
            match rest.get(threshold..) {
                Some(code) if !rest.trim().is_empty() => self.out.push(format!("{quote}{pad}{code}")),
                _ => self.out.push(quote.trim_end().to_owned()),
            }
        }
        self.out.push(format!("{quote}{pad}{fence}"));
        end
    }

    fn flush(&mut self) {
        if self.prose.is_empty() {
            return;
        }
        let paragraph = self.prose.join("\n");
        self.prose.clear();
        let chars: Vec<char> = paragraph.chars().collect();
        let context = Context { depth: 0, in_link: false };
        let escaped = Inline { chars: &chars, definitions: &self.definitions }.render(0, chars.len(), context);
        self.out.extend(escaped.split('\n').map(str::to_owned));
    }
}

/// Tabs among a line's leading indentation and container markers expanded
/// to the next multiple of four columns, as CommonMark counts them.
fn expand_leading_tabs(line: &str) -> String {
    let lead = line.len() - line.trim_start_matches(|c: char| " \t>*+-.)".contains(c) || c.is_ascii_digit()).len();
    let mut out = String::with_capacity(line.len());
    for c in line[..lead].chars() {
        if c == '\t' {
            let width = 4 - out.len() % 4;
            out.push_str(&" ".repeat(width));
        } else {
            out.push(c);
        }
    }
    out.push_str(&line[lead..]);
    out
}

/// A list item line with what would make its content a code block defused:
/// five spaces after the marker (an indented code block in the item) become
/// one, and further containers opened on the same line are flattened.
fn defuse_item(line: &str, quote: &str, rest: &str, item: Option<&ListItem>) -> String {
    let Some(item) = item else { return line.to_owned() };
    let content = if item.code { &rest[item.code_start..] } else { &rest[item.marker_end..] };
    let content = flatten_nested_containers(content).unwrap_or_else(|| content.to_owned());
    format!("{quote}{}{content}", &rest[..item.marker_end])
}

/// Content after a list marker that opens more containers on the same line
/// (`- > …`, `1. - …`), with what would start a code block there defused:
/// a fence is escaped, indentation that would make indented code removed.
/// Such nesting is too rare in documentation to follow line by line.
fn flatten_nested_containers(text: &str) -> Option<String> {
    let mut prefix = String::new();
    let mut rest = text;
    loop {
        let spaces = indentation(rest);
        if spaces <= 3 && rest[spaces..].starts_with('>') {
            let marker = spaces + 1 + usize::from(rest[spaces + 1..].starts_with(' '));
            prefix.push_str(&rest[..marker]);
            rest = &rest[marker..];
        } else if let Some(item) = list_item(rest).filter(|item| item.indent <= 3) {
            prefix.push_str(&rest[..item.marker_end]);
            rest = &rest[item.marker_end..];
        } else if spaces >= 4 && !prefix.is_empty() {
            // Code indentation dropped; what follows may open containers in turn.
            rest = &rest[spaces..];
        } else {
            break;
        }
    }
    if prefix.is_empty() {
        return None;
    }
    let escape = if rest.trim_start().starts_with("```") || rest.trim_start().starts_with("~~~") { "\\" } else { "" };
    let spaces = indentation(rest);
    Some(format!("{prefix}{}{escape}{}", &rest[..spaces], &rest[spaces..]))
}

/// The line after exactly `count` block-quote markers, if it has that many.
fn strip_quotes(line: &str, count: usize) -> Option<&str> {
    let mut rest = line;
    for _ in 0..count {
        let spaces = indentation(rest);
        let after = rest[spaces..].strip_prefix('>').filter(|_| spaces <= 3)?;
        rest = after.strip_prefix(' ').unwrap_or(after);
    }
    Some(rest)
}

/// Splits off block-quote markers (`>` with one optional space each).
fn split_quote(line: &str) -> (&str, &str) {
    let mut end = 0;
    loop {
        let rest = &line[end..];
        let spaces = indentation(rest);
        match rest[spaces..].strip_prefix('>') {
            Some(after) if spaces <= 3 => end += spaces + 1 + usize::from(after.starts_with(' ')),
            _ => return line.split_at(end),
        }
    }
}

fn indentation(text: &str) -> usize {
    text.len() - text.trim_start_matches(' ').len()
}

fn code_threshold(items: &[usize]) -> usize {
    items.last().map_or(4, |content| content + 4)
}

/// A list item's marker line.
struct ListItem {
    /// Spaces before the marker.
    indent: usize,
    /// Byte offset just after the marker and the space after it.
    marker_end: usize,
    /// The column where the item's content starts.
    content: usize,
    /// Whether the content is an indented code block (five or more spaces after the marker).
    code: bool,
    /// Byte offset of the first non-space character after the marker.
    code_start: usize,
    /// Whether it may interrupt a paragraph (has content; numbered 1 if ordered).
    interrupts: bool,
}

fn list_item(line: &str) -> Option<ListItem> {
    let indent = indentation(line);
    let trimmed = &line[indent..];
    let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
    let marker = if trimmed.starts_with(['-', '*', '+']) {
        1
    } else if (1..=9).contains(&digits) && trimmed[digits..].starts_with(['.', ')']) {
        digits + 1
    } else {
        return None;
    };
    let after = &trimmed[marker..];
    let spaces = indentation(after);
    if spaces == 0 && !after.is_empty() {
        return None;
    }
    let code = spaces >= 5 && !after.trim().is_empty();
    let width = if code || after.trim().is_empty() { 1 } else { spaces };
    Some(ListItem {
        indent,
        marker_end: indent + marker + 1.min(after.len()),
        content: indent + marker + width,
        code,
        code_start: indent + marker + spaces,
        interrupts: !after.trim().is_empty() && (marker == 1 || trimmed[..digits] == *"1"),
    })
}

fn is_heading_or_rule(line: &str) -> bool {
    let trimmed = line.trim();
    let hashes = trimmed.chars().take_while(|&c| c == '#').count();
    let heading = (1..=6).contains(&hashes) && trimmed[hashes..].chars().next().is_none_or(char::is_whitespace);
    let rule = trimmed.len() >= 2 && ['=', '-', '*', '_'].iter().any(|&c| trimmed.chars().all(|t| t == c || t == ' '));
    heading || rule
}

/// Languages rustdoc will not compile; any other info string becomes `text`.
const NON_RUST_LANGUAGES: &[&str] = &[
    "text",
    "txt",
    "plaintext",
    "json",
    "yaml",
    "yml",
    "xml",
    "html",
    "css",
    "toml",
    "ini",
    "sh",
    "bash",
    "shell",
    "console",
    "powershell",
    "http",
    "sql",
    "python",
    "java",
    "javascript",
    "js",
    "typescript",
    "ts",
    "go",
    "c",
    "cpp",
    "csharp",
    "kotlin",
    "swift",
    "ruby",
    "php",
    "diff",
    "markdown",
    "md",
];

/// A fence opening (container markers already split off), rewritten with a
/// `text` info string unless it names a non-Rust language; and its marker.
fn open_fence(text: &str) -> Option<(String, String)> {
    let indent = indentation(text);
    let rest = &text[indent..];
    let fence_char = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let count = rest.chars().take_while(|&c| c == fence_char).count();
    if count < 3 || indent > 3 {
        return None;
    }
    let marker = &rest[..count];
    let info = rest[count..].trim();
    // A backtick fence's info string cannot contain backticks: that is inline code.
    if fence_char == '`' && info.contains('`') {
        return None;
    }
    let language = info.split([' ', ',', '\t']).next().unwrap_or("").to_ascii_lowercase();
    let info = if NON_RUST_LANGUAGES.contains(&language.as_str()) { info } else { "text" };
    Some((format!("{}{marker}{info}", &text[..indent]), marker.to_owned()))
}

/// Whether a line of a fenced block (its containers' markers and indentation
/// removed) closes it: up to three spaces, then at least as long a fence.
fn closes_fence(line: &str, fence: &Fence) -> bool {
    if indentation(line) > 3 {
        return false;
    }
    let rest = line.trim_start_matches(' ');
    let Some(fence_char) = fence.marker.chars().next() else { return true };
    let count = rest.chars().take_while(|&c| c == fence_char).count();
    count >= fence.marker.len() && rest[count..].trim().is_empty()
}

fn looks_like_definition(text: &str) -> bool {
    indentation(text) <= 3 && text.trim_start().starts_with('[') && text.contains("]:")
}

/// The label of a link reference definition (`[label]: destination`) that
/// rustdoc will read as one, normalized. `[^note]:` is a footnote, not one.
fn reference_label(line: &str) -> Option<String> {
    let indent = indentation(line);
    let rest = line[indent..].strip_prefix('[').filter(|_| indent <= 3)?;
    let (label, after) = rest.split_once("]:")?;
    let valid = !label.trim().is_empty()
        && !label.starts_with('^')
        && !label.contains(['[', ']'])
        && link_target(after) == Target::Kept;
    valid.then(|| normalize_label(label))
}

#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A URL, a relative file or anchor, or an intra-doc path from `crate::`.
    Kept,
    /// A path-like destination rustdoc would resolve as an intra-doc link
    /// (and fail to): the link is dropped, its text kept.
    Unlinked,
    /// Not a link destination: CommonMark would read the brackets as a
    /// shortcut reference, so they are escaped.
    Invalid,
}

/// Judges the inside of a link's parentheses (destination and optional title).
fn link_target(inside: &str) -> Target {
    let inside = inside.trim();
    let (destination, title) = match inside.strip_prefix('<') {
        Some(rest) => match rest.split_once('>') {
            Some((destination, title))
                if !destination.contains(['<', '\n'])
                    && (title.is_empty() || title.starts_with(char::is_whitespace)) =>
            {
                (destination, title)
            }
            _ => return Target::Invalid,
        },
        None => inside.split_once(char::is_whitespace).unwrap_or((inside, "")),
    };
    if !balanced_parentheses(destination) || destination.contains(char::is_control) || !valid_title(title.trim()) {
        return Target::Invalid;
    }
    rustdoc_link(&unescape(destination))
}

/// A link title: empty, or `"…"`, `'…'` or `(…)` without its delimiters unescaped inside.
fn valid_title(title: &str) -> bool {
    let mut chars = title.chars();
    let (Some(open), Some(close)) = (chars.next(), chars.next_back()) else { return title.is_empty() };
    let expected = match open {
        '"' => '"',
        '\'' => '\'',
        '(' => ')',
        _ => return false,
    };
    let mut escaped = false;
    for c in chars {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c == open || c == expected => return false,
            _ => {}
        }
    }
    close == expected && !escaped
}

/// How rustdoc reads a link destination (after Markdown unescaping): as a URL
/// or file it leaves alone, or as an intra-doc path, which only resolves when
/// it is one of the generator's own `crate::` paths.
fn rustdoc_link(destination: &str) -> Target {
    let destination = destination.replace('`', "");
    if destination.contains('/') {
        return Target::Kept;
    }
    let path = destination.split('#').next().unwrap_or("").trim();
    if path.is_empty() {
        // An anchor on the same page; an empty destination links nowhere.
        return if destination.trim().is_empty() { Target::Unlinked } else { Target::Kept };
    }
    // Several anchors are an error even where the path would not be resolved;
    // character references could decode into anything.
    if destination.matches('#').count() > 1 || destination.contains('&') {
        return Target::Unlinked;
    }
    let path_like = path.chars().all(|c| c.is_alphanumeric() || ":_<>, !*&;@()".contains(c));
    let own_path = path.strip_prefix("crate::").is_some_and(|rest| {
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
    });
    if path_like && !own_path { Target::Unlinked } else { Target::Kept }
}

/// Removes Markdown backslash escapes.
fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

fn balanced_parentheses(text: &str) -> bool {
    let mut depth = 0usize;
    let mut escaped = false;
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '(' => depth += 1,
            ')' if depth == 0 => return false,
            ')' => depth -= 1,
            _ => {}
        }
    }
    depth == 0
}

fn normalize_label(label: &str) -> String {
    label.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Deeper nesting of brackets than this is escaped rather than parsed, so the
/// (recursive) scanner has a bounded depth on any input.
const MAX_LINK_DEPTH: usize = 4;

/// The inline scanner over one paragraph.
struct Inline<'a> {
    chars: &'a [char],
    definitions: &'a BTreeSet<String>,
}

/// A piece of escaped output; HTML tags are decided once all are known.
enum Piece {
    Text(String),
    /// An HTML tag: kept as `raw` when matched, else `escaped`.
    Tag {
        name: String,
        closing: bool,
        void: bool,
        raw: String,
        escaped: String,
    },
}

/// Where the scanner is: how many link texts deep (bounded, so that the
/// scanner's recursion is), and whether inside a link's text, where rustdoc
/// does not look for bare URLs and a `<…>` link could not nest anyway.
#[derive(Clone, Copy)]
struct Context {
    depth: usize,
    in_link: bool,
}

impl Inline<'_> {
    /// Escaped Markdown for `chars[start..end]`.
    fn render(&self, start: usize, end: usize, context: Context) -> String {
        let pieces = self.pieces(start, end, context);
        let kept = matched_tags(&pieces);
        let mut out = String::new();
        for (index, piece) in pieces.into_iter().enumerate() {
            match piece {
                Piece::Text(text) => out.push_str(&text),
                Piece::Tag { raw, .. } if kept.contains(&index) => out.push_str(&raw),
                Piece::Tag { escaped, .. } => out.push_str(&escaped),
            }
        }
        out
    }

    fn pieces(&self, start: usize, end: usize, context: Context) -> Vec<Piece> {
        let chars = &self.chars[..end];
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut at = start;
        while at < end {
            let (consumed, piece) = self.step(chars, at, context);
            match piece {
                Step::Text(more) => text.push_str(&more),
                Step::Tag(tag) => {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                    pieces.push(tag);
                }
            }
            at += consumed.max(1);
        }
        pieces.push(Piece::Text(text));
        pieces
    }

    /// Reads one construct at `at`: how many chars it spans and its output.
    /// Whatever is judged not to open a construct has its opening character
    /// escaped, so that rustdoc cannot judge otherwise.
    fn step(&self, chars: &[char], at: usize, context: Context) -> (usize, Step) {
        let c = chars[at];
        match c {
            '\\' => match chars.get(at + 1).filter(|n| n.is_ascii_punctuation() || **n == '\n') {
                Some(&n) => (2, Step::Text(format!("\\{n}"))),
                // A lone backslash is literal; doubled it stays so before a `<` we add.
                None => (1, Step::Text("\\\\".to_owned())),
            },
            '`' => {
                let span = code_span(chars, at);
                let run = chars[at..].iter().take_while(|&&c| c == '`').count();
                if span == run {
                    (run, Step::Text("\\`".repeat(run)))
                } else {
                    (span, Step::Text(chars[at..at + span].iter().collect()))
                }
            }
            '<' => self.angle(chars, at, context),
            '[' => self.bracket(chars, at, context),
            ']' => (1, Step::Text("\\]".to_owned())),
            'h' if !context.in_link => match bare_url(chars, at) {
                Some(len) => (len, Step::Text(format!("<{}>", chars[at..at + len].iter().collect::<String>()))),
                None => (1, Step::Text(c.to_string())),
            },
            _ => (1, Step::Text(c.to_string())),
        }
    }

    fn angle(&self, chars: &[char], at: usize, context: Context) -> (usize, Step) {
        if let Some(len) = autolink(chars, at) {
            return (len, Step::Text(chars[at..at + len].iter().collect()));
        }
        let Some((len, name, closing)) = html_tag(chars, at) else { return (1, Step::Text("\\<".to_owned())) };
        // Escaped, the tag is text: a URL in an attribute needs brackets too.
        let escaped = format!("\\<{}", self.render(at + 1, at + len, context));
        // A tag first on its line would start an HTML block, inside which
        // Markdown (escapes and autolinks included) is not read.
        if starts_line(chars, at) {
            return (len, Step::Text(escaped));
        }
        let raw = chars[at..at + len].iter().collect();
        let void = is_void(&name);
        (len, Step::Tag(Piece::Tag { name, closing, void, raw, escaped }))
    }

    /// `[` starting an inline link or a defined reference link is kept (its
    /// text escaped in turn); any other `[` is escaped.
    fn bracket(&self, chars: &[char], at: usize, context: Context) -> (usize, Step) {
        let escaped = (1, Step::Text("\\[".to_owned()));
        if context.depth >= MAX_LINK_DEPTH {
            return escaped;
        }
        let Some(close) = matching(chars, at, '[', ']') else { return escaped };
        let label = || normalize_label(&chars[at + 1..close].iter().collect::<String>());
        // rustdoc looks for bare URLs in an image's description, not in a link's text.
        let image = at > 0 && chars[at - 1] == '!';
        let text = |in_link: bool| {
            self.render(at + 1, close, Context { depth: context.depth + 1, in_link: context.in_link || in_link })
        };
        match chars.get(close + 1) {
            Some('(') => {
                let Some(end) = link_destination_end(chars, close + 1) else { return escaped };
                if crosses_block(chars, at, end) {
                    return escaped;
                }
                let destination: String = chars[close + 1..=end].iter().collect();
                match link_target(&destination[1..destination.len() - 1]) {
                    Target::Kept => (end + 1 - at, Step::Text(format!("[{}]{destination}", text(!image)))),
                    Target::Unlinked => (end + 1 - at, Step::Text(text(false))),
                    Target::Invalid => escaped,
                }
            }
            Some('[') => match matching(chars, close + 1, '[', ']') {
                Some(end) if !crosses_block(chars, at, end) => {
                    let reference = normalize_label(&chars[close + 2..end].iter().collect::<String>());
                    let reference = if reference.is_empty() { label() } else { reference };
                    if !self.definitions.contains(&reference) {
                        return escaped;
                    }
                    let raw: String = chars[close + 1..=end].iter().collect();
                    (end + 1 - at, Step::Text(format!("[{}]{raw}", text(!image))))
                }
                _ => escaped,
            },
            _ if self.definitions.contains(&label()) && !crosses_block(chars, at, close) => {
                (close + 1 - at, Step::Text(format!("[{}]", text(!image))))
            }
            _ => escaped,
        }
    }
}

enum Step {
    Text(String),
    Tag(Piece),
}

/// Indices of tag pieces that rustdoc accepts: void elements, and start and
/// end tags that match each other properly.
fn matched_tags(pieces: &[Piece]) -> BTreeSet<usize> {
    let mut kept = BTreeSet::new();
    let mut open: Vec<(usize, &str)> = Vec::new();
    for (index, piece) in pieces.iter().enumerate() {
        let Piece::Tag { name, closing, void, .. } = piece else { continue };
        if *void {
            if !closing {
                kept.insert(index);
            }
        } else if !closing {
            open.push((index, name));
        } else if let Some(position) = open.iter().rposition(|(_, open_name)| open_name == name) {
            // Tags opened inside it and never closed stay escaped.
            let (open_index, _) = open[position];
            open.truncate(position);
            kept.insert(open_index);
            kept.insert(index);
        }
    }
    kept
}

/// The length of the code span at `at`, or of the backtick run when the span
/// never closes (or would only close past the start of another block).
fn code_span(chars: &[char], at: usize) -> usize {
    let run = chars[at..].iter().take_while(|&&c| c == '`').count();
    let mut index = at + run;
    while index < chars.len() {
        if chars[index] == '`' {
            let closing = chars[index..].iter().take_while(|&&c| c == '`').count();
            if closing == run {
                return if crosses_block(chars, at, index) { run } else { index + closing - at };
            }
            index += closing;
        } else {
            index += 1;
        }
    }
    run
}

/// Whether a line in `chars[from..to]` (after the first) might start a new
/// block (quote, heading, list item, fence, HTML block, rule) and so end the
/// paragraph: inline constructs kept verbatim must not run across one. Errs
/// on the side of yes, which only makes more text escaped.
fn crosses_block(chars: &[char], from: usize, to: usize) -> bool {
    (from..to.min(chars.len())).filter(|&index| chars[index] == '\n').any(|index| {
        let line: String = chars[index + 1..].iter().take_while(|&&c| c != '\n').collect();
        let trimmed = line.trim_start();
        let next: String =
            chars[index + 1..].iter().skip(line.chars().count() + 1).take_while(|&&c| c != '\n').collect();
        trimmed.starts_with(['>', '#', '<', '`', '~', '=', '-', '*', '+', '_', '|', ':'])
            || trimmed.starts_with("[^")
            || list_item(&line).is_some()
            || trimmed.is_empty()
            || is_table_delimiter(&next)
    })
}

/// A GFM table's delimiter row (`--|:-:`), which makes the line before it a header.
fn is_table_delimiter(line: &str) -> bool {
    line.contains('-') && line.trim().chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

/// The index of the bracket matching the one at `at`, skipping escapes and code spans.
fn matching(chars: &[char], at: usize, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    let mut index = at;
    while index < chars.len() {
        match chars[index] {
            '\\' => index += 1,
            '`' => index += code_span(chars, index) - 1,
            c if c == open => depth += 1,
            c if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some(index);
                }
            }
            _ => {}
        }
        index += 1;
    }
    None
}

/// The index of the `)` ending a link destination that starts with `(` at `at`.
fn link_destination_end(chars: &[char], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut index = at;
    let mut in_angle = false;
    while index < chars.len() {
        match chars[index] {
            '\\' => index += 1,
            '\n' if in_angle => return None,
            '<' if index == at + 1 => in_angle = true,
            '>' if in_angle => in_angle = false,
            '(' if !in_angle => depth += 1,
            ')' if !in_angle => {
                depth -= 1;
                if depth == 0 {
                    return Some(index);
                }
            }
            _ => {}
        }
        index += 1;
    }
    None
}

/// Whether only indentation and list or quote markers precede `at` on its line.
fn starts_line(chars: &[char], at: usize) -> bool {
    chars[..at].iter().rev().take_while(|&&c| c != '\n').all(|&c| " \t>*+-.)".contains(c) || c.is_ascii_digit())
}

/// The length of a CommonMark autolink (`<scheme:…>` or `<user@host>`) at `at`.
fn autolink(chars: &[char], at: usize) -> Option<usize> {
    // `<!…` and `<?…` read as HTML (a comment, a declaration) first.
    if matches!(chars.get(at + 1), Some('!' | '?')) {
        return None;
    }
    let end = chars[at + 1..].iter().position(|&c| c == '>' || c == '<' || c.is_whitespace())? + at + 1;
    if chars[end] != '>' {
        return None;
    }
    let inner: String = chars[at + 1..end].iter().collect();
    let is_uri = inner.split_once(':').is_some_and(|(scheme, _)| {
        (2..=32).contains(&scheme.len())
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
    });
    let is_email = inner.split_once('@').is_some_and(|(user, host)| {
        !user.is_empty()
            && user.chars().all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c))
            && host.contains('.')
            && host.split('.').all(|label| {
                label.starts_with(|c: char| c.is_ascii_alphanumeric())
                    && label.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
    });
    (is_uri || is_email).then_some(end + 1 - at)
}

/// An HTML start or end tag at `at`, as CommonMark defines them (on one
/// line here): its length, lower-case name and whether it is an end tag.
fn html_tag(chars: &[char], at: usize) -> Option<(usize, String, bool)> {
    let closing = chars.get(at + 1) == Some(&'/');
    let mut index = at + 1 + usize::from(closing);
    let name: String = chars.get(index..)?.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == '-').collect();
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    index += name.chars().count();
    let space = |c: &char| *c == ' ' || *c == '\t';
    loop {
        let spaces = chars[index..].iter().take_while(|c| space(c)).count();
        index += spaces;
        match chars.get(index)? {
            '>' => break,
            '/' if !closing && chars.get(index + 1) == Some(&'>') => {
                // rustdoc accepts a self-closing tag only for elements that never have content.
                if !is_void(&name.to_ascii_lowercase()) {
                    return None;
                }
                index += 1;
                break;
            }
            _ if closing || spaces == 0 => return None,
            _ => index = attribute_end(chars, index)?,
        }
    }
    Some((index + 1 - at, name.to_ascii_lowercase(), closing))
}

/// The index after an attribute (`name`, `name=value`, `name="value"`) at `at`.
fn attribute_end(chars: &[char], at: usize) -> Option<usize> {
    let first = *chars.get(at)?;
    if !(first.is_ascii_alphabetic() || first == '_' || first == ':') {
        return None;
    }
    let mut index = at + chars[at..].iter().take_while(|c| c.is_ascii_alphanumeric() || "_.:-".contains(**c)).count();
    let spaces = |from: usize| chars[from..].iter().take_while(|c| **c == ' ' || **c == '\t').count();
    if chars.get(index + spaces(index)) != Some(&'=') {
        return Some(index);
    }
    index += spaces(index) + 1;
    index += spaces(index);
    match chars.get(index)? {
        quote @ ('"' | '\'') => {
            let len = chars[index + 1..].iter().position(|c| c == quote || *c == '\n')?;
            (chars[index + 1 + len] == *quote).then_some(index + len + 2)
        }
        _ => {
            let len = chars[index..].iter().take_while(|c| !(c.is_whitespace() || "\"'=<>`".contains(**c))).count();
            (len > 0).then_some(index + len)
        }
    }
}

/// The length of a bare `http://` or `https://` URL at `at`, without
/// trailing punctuation that more likely ends the sentence.
fn bare_url(chars: &[char], at: usize) -> Option<usize> {
    let rest = &chars[at..];
    let scheme = if rest.starts_with(&['h', 't', 't', 'p', ':', '/', '/']) {
        7
    } else if rest.starts_with(&['h', 't', 't', 'p', 's', ':', '/', '/']) {
        8
    } else {
        return None;
    };
    let mut len = rest.iter().position(|&c| c.is_whitespace() || "<>\"'`()[]{}|\\^".contains(c)).unwrap_or(rest.len());
    while len > scheme && ".,;:!?*_~".contains(rest[len - 1]) {
        len -= 1;
    }
    // rustdoc only flags addresses with a dotted host; others need no brackets.
    let host: String = rest[scheme..len].iter().take_while(|&&c| c != '/').collect();
    host.contains('.').then_some(len)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{doc_lines, sanitize};

    #[test]
    fn plain_markdown_is_unchanged() {
        let text = "Lists *users*, with `code` and [a link](https://example.com).\n\n- one\n- two";
        assert_eq!(sanitize(text), text);
    }

    #[test]
    fn brackets_that_are_not_links_are_escaped() {
        assert_eq!(
            sanitize("Valid Values [512000 (low_quality), 7340032 (high_quality) ]"),
            "Valid Values \\[512000 (low_quality), 7340032 (high_quality) \\]"
        );
        assert_eq!(sanitize("Must be one of [0, 20, 60, 100]."), "Must be one of \\[0, 20, 60, 100\\].");
        assert_eq!(sanitize("see [`Foo`] and [^1] and a]b"), "see \\[`Foo`\\] and \\[^1\\] and a\\]b");
        assert_eq!(sanitize("already \\[escaped\\]"), "already \\[escaped\\]");
    }

    #[test]
    fn inline_links_are_kept_and_their_text_escaped() {
        assert_eq!(
            sanitize("[the [guide]](https://example.com/a_(b))"),
            "[the \\[guide\\]](https://example.com/a_(b))"
        );
        assert_eq!(sanitize("[Client](crate::Client)"), "[Client](crate::Client)");
        assert_eq!(sanitize("[page](other.md#part) [top](#top)"), "[page](other.md#part) [top](#top)");
        assert_eq!(sanitize("[a](b) and [c](d \"title\")"), "a and c");
        assert_eq!(sanitize("[a](b c)"), "\\[a\\](b c)");
    }

    #[test]
    fn defined_reference_links_are_kept() {
        let text = "See [the guide][guide] and [guide] but not [other].\n\n[guide]: https://example.com";
        assert_eq!(
            sanitize(text),
            "See [the guide][guide] and [guide] but not \\[other\\].\n\n[guide]: https://example.com"
        );
    }

    #[test]
    fn bare_urls_are_wrapped() {
        assert_eq!(
            sanitize("The issuer URL (e.g., 'https://login.example.com')."),
            "The issuer URL (e.g., '<https://login.example.com>')."
        );
        assert_eq!(sanitize("See https://example.com/a?b=c."), "See <https://example.com/a?b=c>.");
        assert_eq!(sanitize("Already <https://example.com>."), "Already <https://example.com>.");
        assert_eq!(sanitize("In code `https://example.com`."), "In code `https://example.com`.");
        assert_eq!(
            sanitize("[https://example.com](https://example.com)"),
            "[https://example.com](https://example.com)"
        );
        assert_eq!(sanitize("http://localhost is fine"), "http://localhost is fine");
    }

    #[test]
    fn stray_angle_brackets_are_escaped() {
        assert_eq!(sanitize("Returns Vec<T> when a < b."), "Returns Vec\\<T> when a \\< b.");
        assert_eq!(sanitize("a <b>bold</b> <br> word"), "a <b>bold</b> <br> word");
        assert_eq!(sanitize("<p>para</p>\n- <b>x</b>"), "\\<p>para\\</p>\n- \\<b>x\\</b>");
        assert_eq!(sanitize("<p>unclosed and </i>unopened"), "\\<p>unclosed and \\</i>unopened");
        assert_eq!(sanitize("mail <user@example.com> <!-- note -->"), "mail <user@example.com> \\<!-- note -->");
        assert_eq!(sanitize("`Vec<T>` in code"), "`Vec<T>` in code");
    }

    #[test]
    fn code_blocks_are_not_doctests() {
        assert_eq!(sanitize("```\nlet x = 1;\n```"), "```text\nlet x = 1;\n```");
        assert_eq!(sanitize("```rust\nfn f() {}\n```"), "```text\nfn f() {}\n```");
        assert_eq!(sanitize("```json\n{\"a\": [1]}\n```"), "```json\n{\"a\": [1]}\n```");
        assert_eq!(
            sanitize("Text:\n\n    [indented] code\n\n    more\n\nAfter."),
            "Text:\n\n```text\n[indented] code\n\nmore\n```\n\nAfter."
        );
        assert_eq!(sanitize("> ```\n> x\n> ```"), "> ```text\n> x\n> ```");
        assert_eq!(sanitize("```\nunclosed [x]"), "```text\nunclosed [x]\n```");
    }

    #[test]
    fn list_continuations_are_not_code() {
        let text = "- item\n\n    continued [x]";
        assert_eq!(sanitize(text), "- item\n\n    continued \\[x\\]");
    }

    /// Cases where a first version and rustdoc disagreed, found by feeding
    /// generated documentation to `cargo doc`.
    #[test]
    fn cases_found_by_fuzzing_rustdoc() {
        let cases = [
            ("- ```rust\n  let x = [1];\n  ```", "- ```text\n  let x = [1];\n  ```"),
            // Containers opened after a list marker: the fence is defused.
            ("1. > ~~~x", "1. > \\~~~x"),
            ("0.     >~~~", "0. >\\~~~"),
            // A block quote interrupts a paragraph, and may open a fence.
            ("para\n> ```\n> [x]", "para\n> ```text\n> [x]\n> ```"),
            // Not a definition as written, so not one once escaped either.
            ("[x]: https://a.com\n[x]: </p><code>\n</code>", "[x]: https://a.com\n\\[x\\]: \\</p>\\<code>\n\\</code>"),
            // A code span cannot run into a footnote definition.
            ("text `code\n[^1]: note` [y]", "text \\`code\n\\[^1\\]: note\\` \\[y\\]"),
            // An empty list item ends at a blank line: what follows is code.
            ("- \n\n      code [z]", "- \n\n```text\n  code [z]\n```"),
            // Destinations rustdoc would resolve as paths lose their link.
            (
                "see [a](b) and [c](#anchor) and [d](e@x.io) and [f](a#b#c)",
                "see a and [c](#anchor) and [d](e@x.io) and f",
            ),
            ("<!--e@x.io> <a@b.c-d> <https://x.com>", "\\<!--e@x.io> <a@b.c-d> <https://x.com>"),
            // rustdoc looks for bare URLs in an image's description.
            ("![alt https://x.com](https://y.com/i.png)", "![alt <https://x.com>](https://y.com/i.png)"),
            // A fence in a block quote ends with the quote.
            ("> ~~~\n> code\n\nafter", "> ~~~text\n> code\n\nafter"),
        ];
        for (input, expected) in cases {
            assert_eq!(sanitize(input), expected, "input: {input:?}");
        }
    }

    #[test]
    fn doc_lines_have_a_leading_space() {
        assert_eq!(doc_lines("a\n\nb [c]"), vec![" a".to_owned(), String::new(), " b \\[c\\]".to_owned()]);
    }

    proptest! {
        #[test]
        fn never_panics(text in any::<String>()) {
            let _ = sanitize(&text);
        }

        #[test]
        fn never_panics_on_markdown_like_text(
            text in r"([\[\]()<>`\\/:!a-z h\n\t>*#~|-]|[0-9]\. |https://a\.b|```|~~~|    |<b>|</b>|\u{a0}|é|\u{3000}){0,80}"
        ) {
            let once = sanitize(&text);
            prop_assert!(!once.is_empty() || text.trim().is_empty());
            // Escaping is stable: sanitized text needs nothing more.
            let twice = sanitize(&once);
            prop_assert_eq!(twice.trim_end(), once.trim_end());
        }
    }
}
