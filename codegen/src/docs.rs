//! Spec descriptions → rustdoc lines that cannot break the build or `cargo doc`.
//!
//! Spec prose is markdown written for a web page. Three things in it misbehave in rustdoc:
//! indented or unlabeled code blocks become doctests (which would be compiled and run), bare
//! URLs and `[text]` without a target trigger rustdoc lints, and `<Tag>` (TwiML in Twilio's
//! prose) reads as unclosed HTML. This module neutralises all three and keeps the rest.

/// Splits `text` into doc lines, cleaned as described in the module docs.
pub fn lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
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
            continue;
        }
        if in_fence {
            out.push(line.clone());
        } else {
            // Leading spaces would make an indented (Rust) code block.
            out.push(escape_inline(trimmed));
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
}
