//! Small helpers over Markdown text, shared by the HTML converter, the
//! rustdoc sanitizer and the emitters, so each rule is written once.

/// The first paragraph of Markdown text, on one line.
pub fn first_paragraph(text: &str) -> String {
    let paragraph: Vec<&str> =
        text.lines().skip_while(|line| line.trim().is_empty()).take_while(|line| !line.trim().is_empty()).collect();
    paragraph.iter().map(|line| line.trim()).collect::<Vec<_>>().join(" ")
}

/// The first sentence of Markdown text, on one line: up to the first `.`,
/// `!` or `?` that ends a sentence (not one inside a code span or brackets,
/// nor one ending an abbreviation such as `e.g.`).
pub fn first_sentence(text: &str) -> String {
    let paragraph = first_paragraph(text);
    let chars: Vec<char> = paragraph.chars().collect();
    let mut depth = 0usize;
    let mut in_code = false;
    for (index, &c) in chars.iter().enumerate() {
        match c {
            '`' => in_code = !in_code,
            '(' | '[' if !in_code => depth += 1,
            ')' | ']' if !in_code => depth = depth.saturating_sub(1),
            '.' | '!' | '?' if !in_code && depth == 0 => {
                let ends = chars.get(index + 1).is_none_or(|next| next.is_whitespace());
                if ends && !abbreviation(&chars[..index]) {
                    return chars[..=index].iter().collect();
                }
            }
            _ => {}
        }
    }
    paragraph
}

/// Whether the word before a period is an abbreviation (`e.g`, `i.e`, `etc`, `vs`).
fn abbreviation(before: &[char]) -> bool {
    let word: String = before.iter().rev().take_while(|c| !c.is_whitespace() && **c != '(').collect();
    let word: String = word.chars().rev().collect::<String>().to_lowercase();
    word.contains('.') || matches!(word.as_str(), "etc" | "vs" | "approx" | "incl" | "e.g" | "i.e")
}

/// `text` as an inline code span, with a fence longer than any backtick run in it.
pub fn code(text: &str) -> String {
    let fence = "`".repeat(longest_run(text, '`') + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// The longest run of `of` in `text`.
pub fn longest_run(text: &str, of: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == of { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// HTML elements that never have content or a closing tag.
pub fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_sentence_skips_abbreviations_code_and_brackets() {
        assert_eq!(first_sentence("One. Two.\n\nThree."), "One.");
        assert_eq!(first_sentence("Use e.g. this one. Then more."), "Use e.g. this one.");
        assert_eq!(first_sentence("Set `a.b` (see x. y) now. Later."), "Set `a.b` (see x. y) now.");
        assert_eq!(first_sentence("No full stop"), "No full stop");
        assert_eq!(first_sentence("Lists users, e.g. admins. More."), "Lists users, e.g. admins.");
        assert_eq!(first_sentence("Version 1.2 is (see x. y) fine. Next."), "Version 1.2 is (see x. y) fine.");
        assert_eq!(first_paragraph("\n  a\n  b\n\nc"), "a b");
    }

    #[test]
    fn code_spans_outgrow_backtick_runs() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
        assert_eq!(longest_run("a``b```", '`'), 3);
        assert!(is_void("br") && !is_void("p"));
    }
}
