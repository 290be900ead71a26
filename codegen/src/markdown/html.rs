//! Model documentation as CommonMark.
//!
//! Smithy says the `documentation` trait is CommonMark, but AWS models carry
//! HTML (`<p>`, `<code>`, `<a href>`, lists, `<note>`…). Text with HTML tags is
//! converted here so that every emitter can treat documentation as Markdown;
//! other text is kept as written. The converter is forgiving: unknown tags are
//! dropped keeping their text, unclosed tags are closed at the end, stray
//! closing tags are ignored, and no input makes it panic.

use super::prose::{code, is_void, longest_run};

/// Model documentation → CommonMark: HTML converted, CommonMark kept as is
/// (trailing spaces and surrounding blank lines removed).
pub fn to_markdown(text: &str) -> String {
    if looks_like_html(text) { tidy(&html_to_markdown(text)) } else { tidy(text) }
}

/// Drops leading blank lines, trailing whitespace per line and at the end.
fn tidy(text: &str) -> String {
    let lines: Vec<&str> = text.lines().map(str::trim_end).skip_while(|line| line.is_empty()).collect();
    lines.join("\n").trim_end().to_owned()
}

/// Whether the text uses HTML tags. Only known tag names count, so that
/// Markdown mentioning `Vec<T>` or an autolink `<https://…>` stays Markdown.
fn looks_like_html(text: &str) -> bool {
    text.contains('<')
        && tokenize(text).iter().any(|token| match token {
            Token::Open { name, .. } | Token::Close(name) => kind(name) != Kind::Unknown,
            Token::Text(_) => false,
        })
}

fn html_to_markdown(text: &str) -> String {
    blocks(&parse(tokenize(text))).join("\n\n")
}

// ---------------------------------------------------------------------------
// Tokens

#[derive(Debug, PartialEq)]
enum Token {
    /// Text between tags, entities not yet decoded.
    Text(String),
    /// A start tag, name lower-cased; `href` kept because links need it.
    Open { name: String, href: Option<String>, self_closing: bool },
    /// An end tag, name lower-cased.
    Close(String),
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut text_start = 0;
    let mut at = 0;
    while let Some(offset) = text[at..].find('<') {
        let start = at + offset;
        match tag_at(text, start) {
            Some((token, end)) => {
                if text_start < start {
                    tokens.push(Token::Text(text[text_start..start].to_owned()));
                }
                tokens.extend(token);
                text_start = end;
                at = end;
            }
            // Not a tag: the `<` is text.
            None => at = start + 1,
        }
    }
    if text_start < text.len() {
        tokens.push(Token::Text(text[text_start..].to_owned()));
    }
    tokens
}

/// Reads the tag starting at byte `start` (a `<`): the token (`None` for
/// comments and declarations, which are skipped) and the byte after its `>`.
fn tag_at(text: &str, start: usize) -> Option<(Option<Token>, usize)> {
    let rest = &text[start + 1..];
    if let Some(comment) = rest.strip_prefix("!--") {
        let end = comment.find("-->")?;
        return Some((None, start + 4 + end + 3));
    }
    if rest.starts_with(['!', '?']) {
        return Some((None, start + 1 + rest.find('>')? + 1));
    }
    let (closing, body) = match rest.strip_prefix('/') {
        Some(body) => (true, body),
        None => (false, rest),
    };
    let name_len = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':')).unwrap_or(body.len());
    let name = &body[..name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let after_name = &body[name_len..];
    if !after_name.starts_with(|c: char| c.is_whitespace() || c == '/' || c == '>') {
        return None;
    }
    let (href, self_closing, consumed) = attributes(after_name)?;
    let end = text.len() - after_name.len() + consumed;
    let name = name.to_ascii_lowercase();
    let token = if closing { Token::Close(name) } else { Token::Open { name, href, self_closing } };
    Some((Some(token), end))
}

/// Reads attributes up to and including the closing `>`: the `href`, whether
/// the tag closes itself, and the bytes read. `None` when the tag never ends.
fn attributes(text: &str) -> Option<(Option<String>, bool, usize)> {
    let mut href = None;
    let mut chars = text.char_indices().peekable();
    let mut self_closing = false;
    while let Some((index, c)) = chars.next() {
        match c {
            '>' => return Some((href, self_closing, index + 1)),
            '/' => self_closing = true,
            c if c.is_whitespace() => {}
            _ => {
                self_closing = false;
                let mut name = String::from(c);
                while let Some(&(_, c)) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '=' | '>' | '/') {
                        break;
                    }
                    name.push(c);
                    chars.next();
                }
                while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
                if chars.next_if(|&(_, c)| c == '=').is_none() {
                    continue;
                }
                while chars.next_if(|(_, c)| c.is_whitespace()).is_some() {}
                let value = attribute_value(&mut chars)?;
                if name.eq_ignore_ascii_case("href") {
                    href = Some(decode_entities(&value));
                }
            }
        }
    }
    None
}

fn attribute_value(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) -> Option<String> {
    let mut value = String::new();
    match chars.peek().map(|&(_, c)| c) {
        Some(quote @ ('"' | '\'')) => {
            chars.next();
            loop {
                match chars.next()? {
                    (_, c) if c == quote => return Some(value),
                    (_, c) => value.push(c),
                }
            }
        }
        _ => {
            while let Some((_, c)) = chars.next_if(|&(_, c)| !(c.is_whitespace() || c == '>')) {
                value.push(c);
            }
            Some(value)
        }
    }
}

/// Decodes the character references AWS documentation uses; unknown ones stay as written.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&end| end <= 32).and_then(|end| Some((entity(&after[..end])?, end)));
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        // NUL and invalid code points become the replacement character, as in HTML.
        return Some(char::from_u32(code).filter(|&c| c != '\0').unwrap_or('\u{FFFD}'));
    }
    Some(match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        _ => return None,
    })
}

// ---------------------------------------------------------------------------
// Tree

/// Deeper nesting than this is flattened, so rendering (which recurses) can
/// never exhaust the stack on hostile input.
const MAX_DEPTH: usize = 48;

#[derive(Debug)]
enum Node {
    /// Decoded text.
    Text(String),
    Element(Element),
}

#[derive(Debug)]
struct Element {
    name: String,
    href: Option<String>,
    children: Vec<Node>,
}

impl Element {
    fn new(name: String, href: Option<String>) -> Element {
        Element { name, href, children: Vec::new() }
    }
}

/// Builds the element tree, repairing what browsers repair: `<li>`, `<dt>`
/// and `<dd>` close their open siblings; end tags close what they match and
/// everything opened inside it; unmatched end tags are ignored.
fn parse(tokens: Vec<Token>) -> Vec<Node> {
    let mut stack = vec![Element::new(String::new(), None)];
    for token in tokens {
        match token {
            Token::Text(text) => push_child(&mut stack, Node::Text(decode_entities(&text))),
            Token::Open { name, href, self_closing } => {
                close_siblings(&mut stack, &name);
                let element = Element::new(name, href);
                if self_closing || is_void(&element.name) {
                    push_child(&mut stack, Node::Element(element));
                } else if stack.len() <= MAX_DEPTH {
                    stack.push(element);
                }
            }
            Token::Close(name) => {
                if let Some(index) = stack.iter().rposition(|element| element.name == name).filter(|&i| i > 0) {
                    close_to(&mut stack, index);
                }
            }
        }
    }
    close_to(&mut stack, 1);
    stack.pop().map(|root| root.children).unwrap_or_default()
}

fn push_child(stack: &mut [Element], node: Node) {
    if let Some(parent) = stack.last_mut() {
        parent.children.push(node);
    }
}

/// Pops elements until `stack.len() == len`, each into its parent.
fn close_to(stack: &mut Vec<Element>, len: usize) {
    while stack.len() > len.max(1) {
        if let Some(element) = stack.pop() {
            push_child(stack, Node::Element(element));
        }
    }
}

fn close_siblings(stack: &mut Vec<Element>, name: &str) {
    let (items, scopes): (&[&str], &[&str]) = match name {
        "li" => (&["li"], &["ul", "ol"]),
        "dt" | "dd" => (&["dt", "dd"], &["dl"]),
        _ => return,
    };
    let open = stack
        .iter()
        .rposition(|element| items.contains(&element.name.as_str()) || scopes.contains(&element.name.as_str()));
    if let Some(index) = open.filter(|&i| i > 0 && items.contains(&stack[i].name.as_str())) {
        close_to(stack, index);
    }
}

// ---------------------------------------------------------------------------
// Rendering

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Starts its own Markdown block.
    Block,
    /// Becomes inline Markdown (code, links, emphasis, line breaks).
    Inline,
    /// A known tag without Markdown equivalent: only its content is kept.
    Transparent,
    /// Not an HTML tag we know: its content is kept too.
    Unknown,
}

fn kind(name: &str) -> Kind {
    match name {
        "p" | "div" | "ul" | "ol" | "li" | "dl" | "dt" | "dd" | "note" | "important" | "pre" | "h1" | "h2" | "h3"
        | "h4" | "h5" | "h6" | "blockquote" | "table" | "thead" | "tbody" | "tfoot" | "tr" | "section" | "hr"
        | "fullname" => Kind::Block,
        "code" | "tt" | "kbd" | "samp" | "var" | "a" | "b" | "strong" | "i" | "em" | "cite" | "dfn" | "br" | "td"
        | "th" => Kind::Inline,
        "span" | "u" | "s" | "sup" | "sub" | "small" | "big" | "img" | "abbr" | "del" | "ins" | "mark" | "q"
        | "caption" | "wbr" => Kind::Transparent,
        _ => Kind::Unknown,
    }
}

/// Renders nodes as Markdown blocks (paragraphs, lists, quotes, code blocks).
fn blocks(nodes: &[Node]) -> Vec<String> {
    let mut writer = BlockWriter::default();
    writer.nodes(nodes);
    writer.finish()
}

/// Collects blocks, gathering inline content into the current paragraph.
#[derive(Default)]
struct BlockWriter {
    done: Vec<String>,
    /// The paragraph being built; `\n` marks a `<br>`.
    inline: String,
}

impl BlockWriter {
    fn nodes(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Text(text) => self.text(text),
                Node::Element(element) => match kind(&element.name) {
                    Kind::Block => {
                        self.flush();
                        self.done.extend(block(element));
                    }
                    Kind::Inline => self.inline.push_str(&inline_element(element, false)),
                    Kind::Transparent | Kind::Unknown => self.nodes(&element.children),
                },
            }
        }
    }

    /// A blank line in HTML text is read as a paragraph break, as its writer meant it.
    fn text(&mut self, text: &str) {
        for (index, piece) in split_blank_lines(text).into_iter().enumerate() {
            if index > 0 {
                self.flush();
            }
            self.inline.push_str(&inline_text(&piece));
        }
    }

    fn flush(&mut self) {
        self.done.extend(paragraph(&self.inline));
        self.inline.clear();
    }

    fn finish(mut self) -> Vec<String> {
        self.flush();
        self.done
    }
}

/// Splits text at blank lines (a line break, whitespace, another line break);
/// the line breaks themselves count as spaces.
fn split_blank_lines(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let last = lines.len().saturating_sub(1);
    let mut pieces = vec![String::new()];
    for (index, line) in lines.into_iter().enumerate() {
        if index > 0 && index < last && line.trim().is_empty() {
            pieces.push(String::new());
            continue;
        }
        if let Some(piece) = pieces.last_mut() {
            if index > 0 {
                piece.push(' ');
            }
            piece.push_str(line);
        }
    }
    pieces
}

/// A paragraph from inline Markdown: spaces collapsed, `<br>`s as hard breaks.
fn paragraph(inline: &str) -> Option<String> {
    let lines: Vec<String> =
        inline.split('\n').map(|line| escape_line_start(collapse(line).trim())).filter(|l| !l.is_empty()).collect();
    (!lines.is_empty()).then(|| lines.join("\\\n"))
}

fn block(element: &Element) -> Vec<String> {
    match element.name.as_str() {
        "ul" => list(element, false),
        "ol" => list(element, true),
        "li" => format_list(vec![blocks(&element.children)], false),
        "dl" => definition_list(element),
        "note" => callout("Note", element),
        "important" => callout("Important", element),
        "pre" => code_block(element),
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
            paragraph(&emphasis("**", &inline_children(element, false))).into_iter().collect()
        }
        "blockquote" => {
            let inner = blocks(&element.children);
            if inner.is_empty() { Vec::new() } else { vec![quote(&inner)] }
        }
        _ => blocks(&element.children),
    }
}

fn list(element: &Element, ordered: bool) -> Vec<String> {
    let items = element
        .children
        .iter()
        .filter(|node| !matches!(node, Node::Text(text) if text.trim().is_empty()))
        .map(|node| match node {
            Node::Element(item) if item.name == "li" => blocks(&item.children),
            other => blocks(std::slice::from_ref(other)),
        })
        .collect();
    format_list(items, ordered)
}

/// `<dl>` as a bullet list: each term in bold starts an item, its
/// definitions follow inside the item.
fn definition_list(element: &Element) -> Vec<String> {
    let mut items: Vec<Vec<String>> = Vec::new();
    for node in &element.children {
        match node {
            Node::Text(text) if text.trim().is_empty() => {}
            Node::Element(term) if term.name == "dt" => {
                items.push(paragraph(&emphasis("**", &inline_children(term, false))).into_iter().collect());
            }
            Node::Element(definition) if definition.name == "dd" => match items.last_mut() {
                Some(item) => item.extend(blocks(&definition.children)),
                None => items.push(blocks(&definition.children)),
            },
            other => items.push(blocks(std::slice::from_ref(other))),
        }
    }
    format_list(items, false)
}

/// Items (each a list of blocks) as one Markdown list block.
fn format_list(items: Vec<Vec<String>>, ordered: bool) -> Vec<String> {
    let rendered: Vec<String> = items
        .into_iter()
        .filter(|item| !item.is_empty())
        .enumerate()
        .map(|(index, item)| {
            let marker = if ordered { format!("{}. ", index + 1) } else { "- ".to_owned() };
            let indent = " ".repeat(marker.len());
            let body = item.join("\n\n");
            let lines: Vec<String> = body
                .lines()
                .enumerate()
                .map(|(n, line)| match (n, line.is_empty()) {
                    (0, _) => format!("{marker}{line}"),
                    (_, true) => String::new(),
                    (_, false) => format!("{indent}{line}"),
                })
                .collect();
            lines.join("\n")
        })
        .collect();
    if rendered.is_empty() { Vec::new() } else { vec![rendered.join("\n")] }
}

/// `<note>` and `<important>`: a block quote that starts with a bold label.
fn callout(label: &str, element: &Element) -> Vec<String> {
    let mut inner = blocks(&element.children);
    let label = format!("**{label}:**");
    match inner.first_mut() {
        None => return Vec::new(),
        Some(first) if starts_container(first) => inner.insert(0, label),
        Some(first) => *first = format!("{label} {first}"),
    }
    vec![quote(&inner)]
}

/// Whether a block begins with a list, quote or code block, which a label
/// put in front of it would turn into plain text.
fn starts_container(block: &str) -> bool {
    let digits = block.chars().take_while(char::is_ascii_digit).count();
    block.starts_with(['-', '>', '`', '~', ' ']) || (digits > 0 && block[digits..].starts_with(". "))
}

fn quote(blocks: &[String]) -> String {
    let body = blocks.join("\n\n");
    let lines: Vec<String> =
        body.lines().map(|line| if line.is_empty() { ">".to_owned() } else { format!("> {line}") }).collect();
    lines.join("\n")
}

fn code_block(element: &Element) -> Vec<String> {
    let mut text = String::new();
    raw_text(element, &mut text);
    let text = text.strip_prefix('\n').unwrap_or(&text).trim_end();
    if text.trim().is_empty() {
        return Vec::new();
    }
    let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
    vec![format!("{fence}\n{text}\n{fence}")]
}

/// All text inside an element, whitespace as written, `<br>` as a newline.
fn raw_text(element: &Element, out: &mut String) {
    for node in &element.children {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Element(child) if child.name == "br" => out.push('\n'),
            Node::Element(child) => raw_text(child, out),
        }
    }
}

fn inline_element(element: &Element, in_link: bool) -> String {
    match element.name.as_str() {
        "code" | "tt" | "kbd" | "samp" | "var" => {
            let mut text = String::new();
            raw_text(element, &mut text);
            code_span(&text)
        }
        "a" => link(element, in_link),
        "b" | "strong" => emphasis("**", &inline_children(element, in_link)),
        "i" | "em" | "cite" | "dfn" => emphasis("*", &inline_children(element, in_link)),
        "br" => "\n".to_owned(),
        "td" | "th" => format!(" {} ", inline_children(element, in_link)),
        _ => inline_children(element, in_link),
    }
}

/// An element's content as inline Markdown; blocks inside inline elements
/// are flattened to their text.
fn inline_children(element: &Element, in_link: bool) -> String {
    let mut out = String::new();
    for node in &element.children {
        match node {
            Node::Text(text) => out.push_str(&inline_text(text)),
            Node::Element(child) if kind(&child.name) == Kind::Block => {
                out.push(' ');
                out.push_str(&inline_children(child, in_link));
                out.push(' ');
            }
            Node::Element(child) => out.push_str(&inline_element(child, in_link)),
        }
    }
    out
}

/// Text as inline Markdown; its line breaks are only whitespace.
fn inline_text(text: &str) -> String {
    collapse(&escape_text(text).replace('\n', " "))
}

/// Collapses runs of whitespace (but not `<br>` markers) to one space.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() && c != '\n' {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    if space {
        out.push(' ');
    }
    out
}

/// Wraps inline Markdown in emphasis markers, keeping the surrounding spaces
/// outside (CommonMark does not allow `** bold **`).
fn emphasis(marker: &str, inner: &str) -> String {
    let trimmed = inner.trim_matches(|c: char| c.is_whitespace());
    if trimmed.is_empty() {
        return if inner.is_empty() { String::new() } else { " ".to_owned() };
    }
    let before = if inner.starts_with(char::is_whitespace) { " " } else { "" };
    let after = if inner.ends_with(char::is_whitespace) { " " } else { "" };
    format!("{before}{marker}{trimmed}{marker}{after}")
}

fn code_span(raw: &str) -> String {
    let text = collapse(&raw.replace('\n', " "));
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    code(text)
}

fn link(element: &Element, in_link: bool) -> String {
    // Links cannot nest in Markdown: an inner link keeps only its text.
    let text = inline_children(element, true);
    let href = element.href.as_deref().map(str::trim).filter(|href| !href.is_empty());
    let Some(href) = href.filter(|_| !in_link) else { return text };
    let destination = link_destination(href);
    let label = text.trim();
    if (label.is_empty() || label == escape_text(href)) && is_absolute_url(href) {
        return format!("<{destination}>");
    }
    let label = if label.is_empty() { escape_text(href) } else { label.to_owned() };
    let before = if text.starts_with(char::is_whitespace) { " " } else { "" };
    let after = if text.ends_with(char::is_whitespace) { " " } else { "" };
    format!("{before}[{label}]({destination}){after}")
}

/// Percent-encodes what would end or confuse a Markdown link destination.
fn link_destination(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    for c in href.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '`' => out.push_str("%60"),
            c if c.is_control() || c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

fn is_absolute_url(href: &str) -> bool {
    let Some((scheme, rest)) = href.split_once(':') else { return false };
    scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        && !rest.is_empty()
        && !href.contains(|c: char| c.is_whitespace() || c == '<' || c == '>')
}

/// Escapes text so Markdown reads it literally (HTML text has no Markdown in it).
fn escape_text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (index, &c) in chars.iter().enumerate() {
        let prev = index.checked_sub(1).and_then(|i| chars.get(i)).copied();
        let next = chars.get(index + 1).copied();
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' => true,
            // Only `_` at a word boundary can start or end emphasis.
            '_' => !(prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric)),
            // `&name;` would be read as a character reference.
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            '~' => prev == Some('~') || next == Some('~'),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what would make a line of text a heading, list item, quote or rule.
fn escape_line_start(line: &str) -> String {
    let mut chars = line.chars();
    let (first, second) = (chars.next(), chars.next());
    let gap = |c: Option<char>| c.is_none_or(char::is_whitespace);
    let block_marker = match first {
        Some('>') => true,
        Some(c @ ('#' | '-' | '+' | '=')) => gap(second) || second == Some(c),
        _ => false,
    };
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let after_digits = &line[digits..];
    let ordered = (1..=9).contains(&digits) && after_digits.starts_with(['.', ')']) && gap(after_digits.chars().nth(1));
    if block_marker {
        format!("\\{line}")
    } else if ordered {
        format!("{}\\{after_digits}", &line[..digits])
    } else {
        line.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::to_markdown;

    #[test]
    fn commonmark_is_kept_as_written() {
        let text = "  \n# Title  \n\nSome *text* with `code` and [a link](https://example.com).\n\n- one\n- two   \n\n";
        assert_eq!(
            to_markdown(text),
            "# Title\n\nSome *text* with `code` and [a link](https://example.com).\n\n- one\n- two"
        );
    }

    #[test]
    fn markdown_mentioning_angle_brackets_is_not_html() {
        assert_eq!(to_markdown("Returns Vec<T> or <https://example.com>."), "Returns Vec<T> or <https://example.com>.");
        assert_eq!(to_markdown("a < b and c > d"), "a < b and c > d");
    }

    #[test]
    fn paragraphs_are_separated_by_blank_lines() {
        assert_eq!(
            to_markdown("<p>Creates a user.</p> <p>Users belong to a network.</p>"),
            "Creates a user.\n\nUsers belong to a network."
        );
    }

    #[test]
    fn inline_code_links_and_emphasis() {
        let html = "<p>Set <code>MaxResults</code> to <b>at most</b> <i>100</i>. See \
                    <a href=\"https://docs.aws.amazon.com/general/latest/gr/aws-arns.html\">Amazon Resource Names</a>.</p>";
        assert_eq!(
            to_markdown(html),
            "Set `MaxResults` to **at most** *100*. See \
             [Amazon Resource Names](https://docs.aws.amazon.com/general/latest/gr/aws-arns.html)."
        );
        assert_eq!(to_markdown("<p><strong>Bold</strong> and <em>italic</em></p>"), "**Bold** and *italic*");
    }

    #[test]
    fn a_link_whose_text_is_its_address_becomes_an_autolink() {
        assert_eq!(
            to_markdown("<p>See <a href=\"https://example.com/x\">https://example.com/x</a></p>"),
            "See <https://example.com/x>"
        );
        assert_eq!(to_markdown("<p><a href=\"https://example.com\"></a></p>"), "<https://example.com>");
        assert_eq!(to_markdown("<p><a>no href</a></p>"), "no href");
    }

    #[test]
    fn lists_become_markdown_lists() {
        let html = "<p>Valid states:</p> <ul> <li> <p> <code>ACTIVE</code> - in use.</p> </li> \
                    <li><p><code>DELETED</code></p></li> </ul>";
        assert_eq!(to_markdown(html), "Valid states:\n\n- `ACTIVE` - in use.\n- `DELETED`");
        assert_eq!(to_markdown("<ol><li>first</li><li>second</li></ol>"), "1. first\n2. second");
    }

    #[test]
    fn nested_lists_are_indented() {
        let html = "<ul><li>outer<ul><li>inner</li></ul></li><li>next</li></ul>";
        assert_eq!(to_markdown(html), "- outer\n\n  - inner\n- next");
    }

    #[test]
    fn unclosed_list_items_close_each_other() {
        assert_eq!(to_markdown("<ul><li>one<li>two</ul>"), "- one\n- two");
    }

    #[test]
    fn notes_and_important_become_block_quotes() {
        assert_eq!(
            to_markdown("<p>Deletes it.</p><note><p>This cannot be undone.</p></note>"),
            "Deletes it.\n\n> **Note:** This cannot be undone."
        );
        assert_eq!(to_markdown("<important><p>One.</p><p>Two.</p></important>"), "> **Important:** One.\n>\n> Two.");
        assert_eq!(to_markdown("<note><ul><li>a</li></ul></note>"), "> **Note:**\n>\n> - a");
    }

    #[test]
    fn entities_are_decoded_and_markdown_characters_escaped() {
        assert_eq!(
            to_markdown("<p>Use &lt;tag&gt; &amp; &quot;quotes&quot; &#39;x&#39; &#x41; *stars* [brackets]</p>"),
            "Use \\<tag> & \"quotes\" 'x' A \\*stars\\* \\[brackets\\]"
        );
        assert_eq!(to_markdown("<p>&amp;lt; stays literal</p>"), "\\&lt; stays literal");
        assert_eq!(to_markdown("<p>snake_case and _under_</p>"), "snake_case and \\_under\\_");
    }

    #[test]
    fn line_breaks_are_hard_breaks() {
        assert_eq!(to_markdown("<p>one<br/>two<br>three</p>"), "one\\\ntwo\\\nthree");
        assert_eq!(to_markdown("<p><br/>only</p>"), "only");
    }

    #[test]
    fn definition_lists_become_bullets_with_bold_terms() {
        let html = "<dl><dt>Key</dt><dd><p>The key.</p></dd><dt>Value</dt><dd>The value.</dd></dl>";
        assert_eq!(to_markdown(html), "- **Key**\n\n  The key.\n- **Value**\n\n  The value.");
    }

    #[test]
    fn unknown_tags_are_dropped_keeping_their_text() {
        assert_eq!(
            to_markdown("<fullname>Amazon Example</fullname><p>An <span>example</span> <foo>service</foo>.</p>"),
            "Amazon Example\n\nAn example service."
        );
    }

    #[test]
    fn malformed_html_is_repaired() {
        assert_eq!(to_markdown("<p>Unclosed <b>bold"), "Unclosed **bold**");
        assert_eq!(to_markdown("<p>Stray</b> end</p></div>"), "Stray end");
        assert_eq!(to_markdown("<p>Broken <a href=\"x tag"), "Broken \\<a href=\"x tag");
        assert_eq!(to_markdown("<p>1 < 2</p>"), "1 \\< 2");
        assert_eq!(to_markdown("<p>comment<!-- hidden --> shown</p>"), "comment shown");
    }

    #[test]
    fn pre_becomes_a_fenced_code_block() {
        assert_eq!(
            to_markdown("<p>Example:</p><pre><code>{\n  \"a\": 1\n}</code></pre>"),
            "Example:\n\n```\n{\n  \"a\": 1\n}\n```"
        );
    }

    #[test]
    fn code_with_backticks_gets_a_longer_fence() {
        assert_eq!(to_markdown("<p><code>a`b</code></p>"), "``a`b``");
        assert_eq!(to_markdown("<p><code>`x`</code></p>"), "`` `x` ``");
    }

    #[test]
    fn text_that_looks_like_block_syntax_is_escaped() {
        assert_eq!(
            to_markdown("<p># not a heading</p><p>- not a list</p><p>1. not a list</p>"),
            "\\# not a heading\n\n\\- not a list\n\n1\\. not a list"
        );
    }

    #[test]
    fn an_aws_style_operation_doc() {
        let html = "<p>Retrieves information about the specified managed policy. To list the users it is \
                    attached to, use <a>ListEntitiesForPolicy</a>.</p> <note> <p>Policies are \
                    <b>eventually consistent</b>; see <a href=\"https://docs.aws.amazon.com/IAM/latest/UserGuide/\
                    troubleshoot_general.html#troubleshoot_general_eventual-consistency\">Changes that I make are \
                    not always immediately visible</a>.</p> </note> <p>The <code>Scope</code> parameter takes:</p> \
                    <ul> <li> <p> <code>AWS</code> &ndash; policies managed by AWS.</p> </li> <li> <p> \
                    <code>Local</code> &ndash; policies in your account.</p> </li> </ul> <p>For more \
                    information, see the <i>IAM User Guide</i>.</p>";
        assert_eq!(
            to_markdown(html),
            "Retrieves information about the specified managed policy. To list the users it is attached to, use \
             ListEntitiesForPolicy.\n\n\
             > **Note:** Policies are **eventually consistent**; see [Changes that I make are not always immediately \
             visible](https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html\
             #troubleshoot_general_eventual-consistency).\n\n\
             The `Scope` parameter takes:\n\n\
             - `AWS` – policies managed by AWS.\n\
             - `Local` – policies in your account.\n\n\
             For more information, see the *IAM User Guide*."
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<b>".repeat(100_000) + "x" + &"</b>".repeat(100_000);
        assert!(to_markdown(&html).contains('x'));
        let lists = "<ul><li>".repeat(50_000);
        let _ = to_markdown(&lists);
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(text in any::<String>()) {
            let _ = to_markdown(&text);
        }

        #[test]
        fn never_panics_on_html_like_text(
            text in r#"(<(/?)(p|a|b|code|ul|ol|li|note|dl|dt|dd|pre|br|i)( href="[^"]{0,8}"| /)?>|[a-z <>&;#x0-9"'`*\[\]_\n-]){0,60}"#
        ) {
            let markdown = to_markdown(&text);
            prop_assert!(markdown.lines().all(|line| line == line.trim_end()));
            prop_assert_eq!(to_markdown(&text), markdown);
        }
    }
}
