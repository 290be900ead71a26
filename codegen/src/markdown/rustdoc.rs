//! Model documentation as rustdoc: Markdown text made safe for
//! `RUSTDOCFLAGS="-D warnings" cargo doc`, then turned into `#[doc]` lines.
//!
//! Model text is written for a Markdown renderer, not for rustdoc, which reads
//! more into it: square brackets become intra-doc links
//! (`rustdoc::broken_intra_doc_links`), bare URLs are linted
//! (`rustdoc::bare_urls`), `<word>` is checked as an HTML tag
//! (`rustdoc::invalid_html_tags`) and code blocks are compiled as doctests.
//!
//! The text is parsed with the parser rustdoc itself uses, `pulldown-cmark`,
//! in the version and with the options rustdoc uses, so what is found here is
//! what rustdoc will find. Each fix edits the source text at the byte range of
//! the event that needs it. A fix can change how the rest parses (an escaped
//! HTML block becomes a paragraph whose tags are then checked), so the text is
//! parsed again until nothing is left to fix.

use std::ops::Range;

use proc_macro2::TokenStream;
use pulldown_cmark::{CodeBlockKind, Event, LinkType, Options, Parser, Tag, TagEnd};
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
        // Tabs become spaces (clippy's `tabs_in_doc_comments`), and a line
        // of whitespace only an empty one.
        let lines: Vec<String> = sanitize(text)
            .lines()
            .map(|line| line.replace('\t', "    "))
            .map(|line| if line.trim().is_empty() { String::new() } else { format!(" {line}") })
            .collect();
        seen.borrow_mut().insert(text.to_owned(), lines.clone());
        lines
    })
}

/// Markdown made safe for rustdoc with zero warnings:
/// - square brackets that are not part of a link (inline, or to a defined
///   reference) are escaped, so rustdoc does not try intra-doc links; links
///   whose destination rustdoc would resolve as a path lose their brackets,
///   unless it is one of the generator's own `crate::` paths;
/// - bare `http(s)://` URLs are wrapped in `<…>`;
/// - HTML blocks, and inline HTML other than void elements, properly
///   matched start and end tags and comments, have their `<` escaped;
/// - fenced code blocks are marked `text` (unless they name a non-Rust
///   language) and closed if they are not, and indented code blocks become
///   fenced `text` blocks, so nothing is compiled as a doctest.
///
/// The indentation all lines share goes, as rustdoc removes it before
/// parsing; everything else is kept as written.
pub fn sanitize(text: &str) -> String {
    let text = unindent(&text.replace("\r\n", "\n").replace('\r', "\n"));
    settle(text).unwrap_or_else(|text| {
        // rustdoc reads nothing in a code block.
        let fence = "`".repeat(longest_run(&text, '`').max(2) + 1);
        format!("{fence}text\n{text}\n{fence}")
    })
}

/// The text fixed until nothing is left to fix, or as it is after
/// [`MAX_ROUNDS`] if that never happens.
fn settle(mut text: String) -> Result<String, String> {
    for _ in 0..MAX_ROUNDS {
        let edits = Scan::new(&text).edits();
        if edits.is_empty() {
            return Ok(text);
        }
        text = apply(&text, edits);
    }
    Err(text)
}

/// Each round only escapes, wraps or fences what rustdoc would flag, so few
/// are needed; the bound keeps pathological input from looping.
const MAX_ROUNDS: usize = 16;

/// The text without the indentation all its lines share, which rustdoc
/// removes before parsing (counting a tab as one, as it does): what is
/// parsed here is then what rustdoc parses.
fn unindent(text: &str) -> String {
    let indentation = |line: &str| line.len() - line.trim_start_matches([' ', '\t']).len();
    let blank = |line: &str| line.trim().is_empty();
    let common = text.lines().filter(|line| !blank(line)).map(indentation).min().unwrap_or(0);
    let lines: Vec<&str> = text.lines().map(|line| if blank(line) { line } else { &line[common..] }).collect();
    lines.join("\n")
}

/// rustdoc's Markdown extensions (`main_body_opts` in rustdoc's source).
fn rustdoc_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}

/// Replace `range` of the text with `with` (an insertion when the range is empty).
#[derive(Debug, PartialEq, Eq)]
struct Edit {
    range: Range<usize>,
    with: String,
}

impl Edit {
    fn insert(at: usize, with: impl Into<String>) -> Edit {
        Edit { range: at..at, with: with.into() }
    }

    fn escape(at: usize) -> Edit {
        Edit::insert(at, "\\")
    }
}

/// `text` with `edits` applied; an edit overlapping one already applied is
/// left for the next round.
fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    // A stable sort: insertions at one offset stay in the order they were found.
    edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    let mut out = String::with_capacity(text.len() + 8 * edits.len());
    let mut at = 0;
    for edit in edits {
        if edit.range.start < at {
            continue;
        }
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.with);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// One pass over the parsed text, collecting what to fix.
struct Scan<'a> {
    text: &'a str,
    /// Fixes that change the blocks (HTML blocks, code blocks, definitions),
    /// and so how the inline text in them parses.
    blocks: Vec<Edit>,
    /// Escapes of inline HTML, which shows the text it hid.
    html: Vec<Edit>,
    /// The other fixes of inline text.
    edits: Vec<Edit>,
    /// Open HTML start tags: lower-case name and offset.
    tags: Vec<(String, usize)>,
    code: Option<Code>,
    /// Links and images around the current event.
    links: Vec<Link>,
    /// Where the last wrapped URL ends, so that a URL split over several
    /// text events is wrapped once.
    url_end: usize,
    /// Paragraphs whose first line looks like a link reference definition.
    definition_like: Vec<Range<usize>>,
}

/// The code block the current event is in.
enum Code {
    Fenced,
    /// An indented block, being rewritten as a fenced one: its fence, and
    /// what goes before the lines after the first (block-quote markers, list
    /// indentation) once the first is seen.
    Indented {
        fence: String,
        prefix: Option<String>,
    },
}

struct Link {
    start: usize,
    image: bool,
    /// Whether the brackets and destination go, the text staying.
    unlink: bool,
    /// Where the link text ends.
    text_end: usize,
}

impl<'a> Scan<'a> {
    fn new(text: &'a str) -> Scan<'a> {
        Scan {
            text,
            blocks: Vec::new(),
            html: Vec::new(),
            edits: Vec::new(),
            tags: Vec::new(),
            code: None,
            links: Vec::new(),
            url_end: 0,
            definition_like: Vec::new(),
        }
    }

    fn edits(mut self) -> Vec<Edit> {
        let mut events = Parser::new_ext(self.text, rustdoc_options()).into_offset_iter();
        for (event, range) in &mut events {
            self.event(event, range);
        }
        // rustdoc resolves every reference definition, used or not.
        for (_, definition) in events.reference_definitions().iter() {
            if unresolvable_path(&definition.dest) {
                self.blocks.push(Edit::escape(definition.span.start));
            }
        }
        self.html.extend(self.tags.iter().map(|(_, at)| Edit::escape(*at)));
        // A fix made before the blocks settle, or before escaped HTML shows
        // the backticks it hid, could end up where it is read as written: in
        // a code span that forms once the rest is fixed. Hence the tiers.
        let mut edits =
            [self.blocks, self.html, self.edits].into_iter().find(|tier| !tier.is_empty()).unwrap_or_default();
        // Escaped, a paragraph's `[label]: …` must not become a definition.
        for paragraph in self.definition_like {
            let edited = |at: usize| edits.iter().any(|edit| edit.range.start == at);
            if edits.iter().any(|edit| paragraph.contains(&edit.range.start)) && !edited(paragraph.start) {
                edits.push(Edit::escape(paragraph.start));
            }
        }
        edits
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        let ends_link = matches!(event, Event::End(TagEnd::Link | TagEnd::Image));
        if let Some(link) = self.links.last_mut().filter(|_| !ends_link) {
            link.text_end = link.text_end.max(range.end);
        }
        match event {
            Event::Start(Tag::CodeBlock(kind)) => self.start_code(kind, range),
            Event::End(TagEnd::CodeBlock) => self.end_code(range),
            Event::Text(_) if matches!(self.code, Some(Code::Indented { .. })) => self.indented_line(range),
            Event::Text(_) if self.code.is_none() => self.text(range),
            Event::Start(Tag::Link { link_type, dest_url, .. }) => self.links.push(Link {
                start: range.start,
                image: false,
                unlink: link_type == LinkType::Inline && unresolvable_path(&dest_url),
                text_end: range.start + 1,
            }),
            Event::Start(Tag::Image { .. }) => {
                self.links.push(Link { start: range.start, image: true, unlink: false, text_end: range.start + 2 })
            }
            Event::End(TagEnd::Link | TagEnd::Image) => self.end_link(range),
            Event::Start(Tag::HtmlBlock) => {
                // Markdown is not read inside an HTML block: it becomes a paragraph.
                let at = self.text[range.clone()].find('<').map_or(range.start, |at| range.start + at);
                self.blocks.push(Edit::escape(at));
            }
            Event::InlineHtml(html) => self.inline_html(&html, range.start),
            Event::Start(Tag::Paragraph) => {
                let first_line = self.text[range.clone()].lines().next().unwrap_or("");
                if first_line.starts_with('[') && first_line.contains("]:") {
                    self.definition_like.push(range);
                }
            }
            _ => {}
        }
    }

    /// Text outside code: brackets that did not become links, bare URLs.
    fn text(&mut self, range: Range<usize>) {
        let source = &self.text[range.clone()];
        if matches!(source, "[" | "]" | "![") && !escaped(self.text, range.end - 1) {
            self.edits.push(Edit::escape(range.end - 1));
        }
        // rustdoc does not look for bare URLs in a link's text.
        if self.links.iter().any(|link| !link.image) {
            return;
        }
        let mut from = range.start.max(self.url_end);
        while let Some(found) = self.text.get(from..range.end).and_then(|rest| rest.find("http")).map(|at| from + at) {
            match bare_url(&self.text[found..]) {
                Some(len) => {
                    self.edits.push(Edit::insert(found, "<"));
                    self.edits.push(Edit::insert(found + len, ">"));
                    self.url_end = found + len;
                    from = found + len;
                }
                None => from = found + 4,
            }
        }
    }

    fn end_link(&mut self, range: Range<usize>) {
        let Some(link) = self.links.pop() else { return };
        if link.unlink {
            self.edits.push(Edit { range: link.start..link.start + 1, with: String::new() });
            self.edits.push(Edit { range: link.text_end.min(range.end)..range.end, with: String::new() });
        }
    }

    /// Keeps void elements, start and end tags that match and comments; escapes the rest.
    fn inline_html(&mut self, html: &str, at: usize) {
        let Some((name, closing, self_closing)) = html_tag(html) else {
            // A comment, which rustdoc skips (but for `<!-->` and `<!--->`,
            // unclosed to it), or a processing instruction or declaration,
            // in which it checks the tags.
            let comment = html.starts_with("<!--") && html.ends_with("-->") && html.len() >= "<!---->".len();
            if !comment {
                self.html.push(Edit::escape(at));
            }
            return;
        };
        if is_void(&name) {
            if closing {
                self.html.push(Edit::escape(at));
            }
        } else if self_closing {
            self.html.push(Edit::escape(at));
        } else if !closing {
            self.tags.push((name, at));
        } else if let Some(open) = self.tags.iter().rposition(|(open, _)| *open == name) {
            // Tags opened inside it and never closed are escaped.
            let unclosed = self.tags.split_off(open + 1);
            self.html.extend(unclosed.into_iter().map(|(_, at)| Edit::escape(at)));
            self.tags.pop();
        } else {
            self.html.push(Edit::escape(at));
        }
    }

    fn start_code(&mut self, kind: CodeBlockKind<'_>, range: Range<usize>) {
        let line_start = line_start(self.text, range.start);
        let prefix = continuation(&self.text[line_start..range.start]);
        match kind {
            CodeBlockKind::Fenced(info) => {
                let line = self.text[range.start..].lines().next().unwrap_or("");
                let fence_char = line.chars().next().unwrap_or('`');
                let fence_len = line.len() - line.trim_start_matches(fence_char).len();
                let fence = &line[..fence_len];
                // rustdoc reads more than the language in an info string
                // (attributes, classes): only the language is kept.
                let language = non_rust_language(&info).unwrap_or("text");
                if info.trim() != language {
                    let info_start = range.start + fence_len;
                    self.blocks.push(Edit { range: info_start..range.start + line.len(), with: language.into() });
                }
                if !closed(&self.text[range.clone()], fence) {
                    // An unclosed fence would take in whatever is documented after it.
                    self.close_fence(range.end, &prefix, fence);
                }
                self.code = Some(Code::Fenced);
            }
            CodeBlockKind::Indented => {
                let fence = "`".repeat(longest_run(&self.text[range], '`').max(2) + 1);
                self.code = Some(Code::Indented { fence, prefix: None });
            }
        }
    }

    /// A closing fence on a line of its own after `at`, the end of a code block.
    fn close_fence(&mut self, at: usize, prefix: &str, fence: &str) {
        let line =
            if self.text[..at].ends_with('\n') { format!("{prefix}{fence}\n") } else { format!("\n{prefix}{fence}") };
        self.blocks.push(Edit::insert(at, line));
    }

    /// A line of an indented code block, its code indentation removed; the
    /// first line opens the fence that replaces it.
    fn indented_line(&mut self, range: Range<usize>) {
        let line_start = line_start(self.text, range.start);
        let before = &self.text[line_start..range.start];
        let indent = code_indentation(before);
        let Some(Code::Indented { fence, prefix }) = self.code.as_mut() else { return };
        let at = range.start - indent..range.start;
        match prefix {
            Some(_) => self.blocks.push(Edit { range: at, with: String::new() }),
            None => {
                let continued = continuation(&before[..before.len() - indent]);
                self.blocks.push(Edit { range: at, with: format!("{fence}text\n{continued}") });
                *prefix = Some(continued);
            }
        }
    }

    fn end_code(&mut self, range: Range<usize>) {
        if let Some(Code::Indented { fence, prefix: Some(prefix) }) = self.code.take() {
            self.close_fence(range.end, &prefix, &fence);
        }
    }
}

/// Whether the character at `at` is escaped by an odd run of backslashes before it.
fn escaped(text: &str, at: usize) -> bool {
    (text[..at].len() - text[..at].trim_end_matches('\\').len()) % 2 == 1
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |newline| newline + 1)
}

/// What goes before a line continuing the one that `prefix` starts: its
/// block-quote markers and indentation kept, list markers turned to spaces.
/// Each `>` gets the space after it that it may take, so that what follows
/// keeps its column.
fn continuation(prefix: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + 2);
    let mut chars = prefix.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '>' => {
                out.push('>');
                if !chars.peek().is_some_and(|next| next.is_whitespace()) {
                    out.push(' ');
                }
            }
            c if c.is_whitespace() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

/// How many bytes at the end of `before` are the four columns of an indented code line.
fn code_indentation(before: &str) -> usize {
    let mut columns = 0;
    let mut bytes = 0;
    for c in before.chars().rev() {
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4,
            _ => break,
        }
        bytes += 1;
        if columns >= 4 {
            break;
        }
    }
    bytes
}

/// Whether a fenced code block's source ends with a closing fence.
fn closed(block: &str, fence: &str) -> bool {
    let block = block.trim_end_matches('\n');
    let Some((_, last)) = block.rsplit_once('\n') else { return false };
    let last = last.trim_start_matches([' ', '\t', '>']).trim_end();
    let fence_char = fence.chars().next().unwrap_or('`');
    last.len() >= fence.len() && last.chars().all(|c| c == fence_char)
}

/// The language an info string names, if rustdoc will not compile it.
fn non_rust_language(info: &str) -> Option<&'static str> {
    const LANGUAGES: &[&str] = &[
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
    let language = info.split([' ', ',', '\t']).next().unwrap_or("").to_ascii_lowercase();
    LANGUAGES.iter().copied().find(|known| *known == language)
}

/// Whether rustdoc would resolve a link destination (as parsed) as an
/// intra-doc path and fail: anything path-like, but the generator's own
/// `crate::` paths. URLs, files and anchors on the page are left alone.
fn unresolvable_path(destination: &str) -> bool {
    if destination.contains('/') {
        return false;
    }
    let destination = destination.replace('`', "");
    let path = destination.split('#').next().unwrap_or("").trim();
    if path.is_empty() {
        // An anchor on the same page; an empty destination links nowhere.
        return destination.trim().is_empty();
    }
    if destination.matches('#').count() > 1 {
        return true;
    }
    let own_path = path.strip_prefix("crate::").is_some_and(|rest| {
        !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
    });
    !own_path && path.chars().all(|c| c.is_alphanumeric() || ":_<>, !*&;@()".contains(c))
}

/// The lower-case name of an inline HTML start or end tag, whether it is an
/// end tag and whether it closes itself (`<br/>`); `None` for a comment,
/// processing instruction or declaration.
fn html_tag(html: &str) -> Option<(String, bool, bool)> {
    let rest = html.strip_prefix('<')?;
    let (closing, rest) = rest.strip_prefix('/').map_or((false, rest), |rest| (true, rest));
    let name_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(rest.len());
    let name = &rest[..name_len];
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        .then(|| (name.to_ascii_lowercase(), closing, html.ends_with("/>")))
}

/// The length of a bare `http://` or `https://` URL at the start of `text`,
/// without trailing punctuation that more likely ends the sentence; `None`
/// when it is not one rustdoc would flag (its host has no dot).
fn bare_url(text: &str) -> Option<usize> {
    let scheme = ["http://", "https://"].into_iter().find(|scheme| text.starts_with(scheme))?.len();
    let mut len = text.find(|c: char| c.is_whitespace() || "<>\"'`()[]{}|\\^".contains(c)).unwrap_or(text.len());
    len = scheme + text[scheme..len].trim_end_matches(|c| ".,;:!?*_~".contains(c)).len();
    let host = text[scheme..len].split(['/', '?', '#']).next().unwrap_or("");
    host.contains('.').then_some(len)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{doc_lines, sanitize};

    #[test]
    fn tabs_become_spaces_and_blank_lines_empty() {
        // A published model's docs hold tab-only lines; clippy refuses tabs in docs.
        assert_eq!(doc_lines("One\n\t\nTwo\tthree"), [" One", "", " Two    three"]);
    }

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
        // A URL running past the text event it starts in (`*` starts another).
        assert_eq!(sanitize("https://a.b*é"), "<https://a.b*é>");
    }

    #[test]
    fn stray_angle_brackets_are_escaped() {
        // `<` before a space is no tag: rustdoc does not check it.
        assert_eq!(sanitize("Returns Vec<T> when a < b."), "Returns Vec\\<T> when a < b.");
        assert_eq!(sanitize("a <b>bold</b> <br> word"), "a <b>bold</b> <br> word");
        // Once the HTML block is escaped, the list item's tags are inline and matched.
        assert_eq!(sanitize("<p>para</p>\n- <b>x</b>"), "\\<p>para\\</p>\n- <b>x</b>");
        assert_eq!(sanitize("<p>unclosed and </i>unopened"), "\\<p>unclosed and \\</i>unopened");
        // rustdoc skips a closed comment, which stays hidden as written.
        assert_eq!(sanitize("mail <user@example.com> <!-- note -->"), "mail <user@example.com> <!-- note -->");
        // rustdoc reads these as unclosed comments, and checks tags in declarations.
        assert_eq!(sanitize("a <!--> b <!---> c <!x <b>>"), "a \\<!--> b \\<!---> c \\<!x \\<b>>");
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
            // Containers opened after a list marker: the fence is closed in them.
            ("1. > ~~~x", "1. > ~~~text\n   > ~~~"),
            (">- ~~~x", ">- ~~~text\n>   ~~~"),
            // Indented code as a list item's content stays code.
            ("0.     >~~~", "0. ```text\n   >~~~\n   ```"),
            // A block quote interrupts a paragraph, and may open a fence.
            ("para\n> ```\n> [x]", "para\n> ```text\n> [x]\n> ```"),
            // Not a definition as written, so not one once escaped either.
            ("[x]: https://a.com\n[x]: </p><code>\n</code>", "[x]: https://a.com\n\\[x\\]: \\</p><code>\n</code>"),
            // Not a definition: a no-break space is no end of line.
            ("[x]: y \u{a0}\n\nsee [x]", "\\[x\\]: y \u{a0}\n\nsee \\[x\\]"),
            // A footnote definition interrupts a paragraph, so no code span runs into it.
            ("text `code\n[^1]: note` [y]", "text `code\n[^1]: note` \\[y\\]"),
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
            // A fence in a block quote ends with the quote, and is closed there.
            ("> ~~~\n> code\n\nafter", "> ~~~text\n> code\n> ~~~\n\nafter"),
            // rustdoc removes the indentation all lines share before parsing:
            // the list item then interrupts the paragraph.
            (" z\n    - ~~~~]", "z\n   - ~~~~text\n     ~~~~"),
            // Only the language of an info string is kept: rustdoc reads the rest.
            ("```json\t<div/>\nx\n```", "```json\nx\n```"),
            // The link goes, and so does the definition rustdoc would resolve.
            ("[a](Foo) [b]: x\n\n[b]: Bar", "a \\[b\\]: x\n\n\\[b\\]: Bar"),
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
            text in r"([\[\]()<>`\\/:!a-z h\n\t>*#~|-]|[0-9]\. |https://a\.b|```|~~~|    |<b>|</b>|<p>|<T>|<!--|\[\^1\]|\[x\]: |&#91;|\u{a0}|é|\u{3000}){0,80}"
        ) {
            // Fixing settles: no text needs the whole-text code block.
            prop_assert!(super::settle(text.clone()).is_ok());
            let once = sanitize(&text);
            prop_assert!(!once.is_empty() || text.trim().is_empty());
            // Escaping is stable: sanitized text needs nothing more.
            let twice = sanitize(&once);
            prop_assert_eq!(twice.trim_end(), once.trim_end());
        }
    }
}
