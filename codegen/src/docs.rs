//! Spec descriptions → rustdoc lines that cannot break the build or `cargo doc`.
//!
//! Spec prose is markdown written for a web page. Three things in it misbehave in rustdoc:
//! indented or unlabeled code blocks become doctests (which would be compiled and run), bare
//! URLs and `[text]` without a target trigger rustdoc lints, and `<Tag>` (TwiML in Twilio's
//! prose) reads as unclosed HTML. This module neutralises all three and keeps the rest.

/// The doc line stating a string schema's `pattern`: documented, not enforced (the server is
/// the authority on what it accepts). The model keeps the pattern only here, so the
/// spec-change report reads it back with [`pattern_in`].
pub(crate) fn pattern_line(pattern: &str) -> String {
    format!("Pattern: `{}`", pattern.replace('`', "'"))
}

/// The pattern a line written by [`pattern_line`] states.
pub(crate) fn pattern_in(line: &str) -> Option<&str> {
    line.strip_prefix("Pattern: `")?.strip_suffix('`')
}

/// Splits `text` into doc lines, cleaned as described in the module docs.
pub fn lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    // The content indent of the list item the previous lines belong to (markdown lists lose
    // their indentation here, so continuation lines get it back).
    let mut item_indent: Option<usize> = None;
    for raw in text.lines() {
        let line = raw.trim_end().replace('\t', "    ");
        let trimmed = line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            if in_fence {
                out.push("```".to_owned());
            } else {
                // Only `text` fences are safe: anything rustdoc may treat as Rust is compiled.
                let _ = info;
                out.push("```text".to_owned());
            }
            in_fence = !in_fence;
            item_indent = None;
            continue;
        }
        if in_fence {
            out.push(line.clone());
            continue;
        }
        // Leading spaces would make an indented (Rust) code block; only a list item's
        // continuation is indented, by exactly the item's content indent (less would be a lazy
        // continuation, more an over-indented one, both rustdoc/clippy lints).
        let escaped = escape_inline(trimmed);
        if trimmed.is_empty() {
            item_indent = None;
            out.push(escaped);
        } else if let Some(indent) = list_item_indent(trimmed) {
            item_indent = Some(indent);
            out.push(escaped);
        } else if let Some(indent) = item_indent.filter(|_| !interrupts(trimmed)) {
            out.push(format!("{}{escaped}", " ".repeat(indent)));
        } else {
            item_indent = None;
            out.push(escaped);
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    while out.first().is_some_and(|l| l.is_empty()) {
        out.remove(0);
    }
    out
}

/// The content indent of a markdown list item starting `line` (`- x` → 2, `10. x` → 4), if
/// it starts one.
fn list_item_indent(line: &str) -> Option<usize> {
    let marker = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=9).contains(&digits) || !line[digits..].starts_with(['.', ')']) {
            return None;
        }
        digits + 1
    };
    let rest = &line[marker..];
    if rest.is_empty() {
        return Some(marker + 1);
    }
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    match spaces {
        0 => None,
        1..=4 => Some(marker + spaces),
        // Five or more: the content is an indented code block; its indent counts as one.
        _ => Some(marker + 1),
    }
}

/// Whether `line` starts a block that ends a list item's paragraph rather than continuing it
/// (a heading, a thematic break, a table row).
fn interrupts(line: &str) -> bool {
    line.starts_with('#')
        || line.starts_with('|')
        || (line.len() >= 3 && line.chars().all(|c| c == '-' || c == ' ') && line.contains("---"))
}

/// Escapes brackets that are not links, angle brackets, and wraps bare URLs.
fn escape_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    let mut in_code = false;
    let mut link_depth = 0usize;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                if let Some(close) = matching_bracket(&chars, i) {
                    if chars.get(close + 1) == Some(&'(') {
                        link_depth += 1;
                        out.push('[');
                        i += 1;
                        continue;
                    }
                }
                out.push_str("\\[");
            }
            ']' => {
                if link_depth > 0 && chars.get(i + 1) == Some(&'(') {
                    link_depth -= 1;
                    // Copy the link target verbatim, up to the closing parenthesis.
                    out.push_str("](");
                    i += 2;
                    while i < chars.len() && chars[i] != ')' {
                        out.push(chars[i]);
                        i += 1;
                    }
                    if i < chars.len() {
                        out.push(')');
                    }
                } else {
                    out.push_str("\\]");
                }
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            'h' if starts_url(&chars[i..]) => {
                let end = url_end(&chars, i);
                out.push('<');
                out.extend(&chars[i..end]);
                out.push('>');
                i = end;
                continue;
            }
            c => out.push(c),
        }
        i += 1;
    }
    out
}

fn matching_bracket(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (offset, &c) in chars[open..].iter().enumerate() {
        match c {
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + offset);
                }
            }
            _ => {}
        }
    }
    None
}

fn starts_url(chars: &[char]) -> bool {
    let prefix: String = chars.iter().take(8).collect();
    prefix.starts_with("http://") || prefix.starts_with("https://")
}

fn url_end(chars: &[char], start: usize) -> usize {
    let mut end = start;
    while end < chars.len() && !chars[end].is_whitespace() && !matches!(chars[end], '<' | '>' | '"')
    {
        end += 1;
    }
    // Trailing punctuation belongs to the sentence, not the URL.
    while end > start && matches!(chars[end - 1], '.' | ',' | ';' | ':' | ')' | '\'') {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_links_and_escapes_the_rest() {
        assert_eq!(
            lines("The SID of the [Service](https://www.twilio.com/docs/x) to use."),
            ["The SID of the [Service](https://www.twilio.com/docs/x) to use."]
        );
        assert_eq!(lines("see [Service] now"), ["see \\[Service\\] now"]);
        assert_eq!(lines("use <Dial> verb"), ["use &lt;Dial&gt; verb"]);
        assert_eq!(
            lines("go to https://example.com/a."),
            ["go to <https://example.com/a>."]
        );
        assert_eq!(lines("`[a]` and `<b>`"), ["`[a]` and `<b>`"]);
    }

    #[test]
    fn neutralises_code_blocks() {
        assert_eq!(
            lines("Example:\n\n    let x = 1;\n```rust\nfn f() {}\n```"),
            ["Example:", "", "let x = 1;", "```text", "fn f() {}", "```"]
        );
        assert_eq!(lines("```\nunclosed"), ["```text", "unclosed", "```"]);
    }

    #[test]
    fn list_continuations_are_indented_to_the_item() {
        let cases: &[(&str, &[&str])] = &[
            // A lazy continuation gets the item's content indent.
            ("- one\ntwo\n- three", &["- one", "  two", "- three"]),
            ("* a\n  b", &["* a", "  b"]),
            (
                "1. first\nmore\n10. tenth\nmore",
                &["1. first", "   more", "10. tenth", "    more"],
            ),
            ("2) x\ny", &["2) x", "   y"]),
            // Nested items lose their nesting; their continuations follow the innermost.
            ("- a\n  - b\n    c", &["- a", "- b", "  c"]),
            // A blank line ends the item: what follows is a paragraph.
            ("- a\n\nafter", &["- a", "", "after"]),
            // Headings, rules and tables are not continuations.
            ("- a\n# Title\nx", &["- a", "# Title", "x"]),
            ("- a\n---", &["- a", "---"]),
            ("- a\n| t |", &["- a", "| t |"]),
            // Not list items: emphasis, a negative number, a year in prose.
            ("*bold* text\nnext", &["*bold* text", "next"]),
            ("-1 is the default\nnext", &["-1 is the default", "next"]),
            ("1999 was\nnext", &["1999 was", "next"]),
            // A fence ends the item.
            (
                "- a\n```\ncode\n```\nb",
                &["- a", "```text", "code", "```", "b"],
            ),
            // Wide markers keep their spacing.
            ("-   spaced\nnext", &["-   spaced", "    next"]),
        ];
        for (text, expected) in cases {
            assert_eq!(lines(text), *expected, "{text:?}");
        }
    }
}
