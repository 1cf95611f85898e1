//! A short string matching a schema `pattern`, built from the pattern's parsed form.
//!
//! Rules: literals are copied; a class gives its first ASCII letter or digit (else its first
//! printable ASCII character, else its first character); a repetition repeats its item the
//! minimum number of times; an alternation takes its first branch; anchors and other
//! assertions produce nothing. When the result must be longer (a `minLength`, or a whole
//! value that may not be empty), repetitions with room to grow are repeated more, first come
//! first served. The result is checked against the pattern with the `regex` crate.
//!
//! Patterns are ECMA-262 regular expressions (what Prism's validator runs), which read a `{`
//! that does not open a quantifier, and a `}` that does not close one, as literal braces;
//! the `regex` crate refuses them, so they are escaped first ([`ecma_braces`]).

use std::borrow::Cow;

use regex_syntax::hir::{Class, Hir, HirKind};

/// A string of at least `min_len` characters (when the pattern allows it) that matches
/// `pattern`.
pub fn matching(pattern: &str, min_len: usize) -> Result<String, String> {
    let original = pattern;
    let escaped = ecma_braces(pattern);
    let pattern: &str = &escaped;
    let hir = regex_syntax::Parser::new()
        .parse(pattern)
        .map_err(|e| format!("cannot parse pattern `{original}`: {e}"))?;
    let mut shortest = String::new();
    generate(&hir, &mut 0, &mut shortest)?;
    let mut budget = min_len.saturating_sub(shortest.chars().count());
    let text = if budget == 0 {
        shortest
    } else {
        let mut longer = String::new();
        generate(&hir, &mut budget, &mut longer)?;
        longer
    };
    let regex =
        regex::Regex::new(pattern).map_err(|e| format!("cannot compile `{pattern}`: {e}"))?;
    if !regex.is_match(&text) {
        return Err(format!(
            "internal: `{text}` was built from `{pattern}` but does not match it"
        ));
    }
    Ok(text)
}

/// Whether `text` matches `pattern` (false when the pattern cannot be read).
pub fn matching_text(pattern: &str, text: &str) -> bool {
    matches(pattern, text) == Some(true)
}

/// Whether `text` matches the ECMA-262 `pattern`, as a validating server decides; `None` when
/// the pattern cannot be read. `fancy-regex` reads the lookarounds and backreferences specs
/// use (`^(?!https://)...`), which the `regex` crate refuses.
pub fn matches(pattern: &str, text: &str) -> Option<bool> {
    let regex = fancy_regex::Regex::new(&ecma_braces(pattern)).ok()?;
    regex.is_match(text).ok()
}

/// `pattern` with each brace that is not part of a quantifier (`{n}`, `{n,}`, `{n,m}` after
/// something to repeat) escaped, as ECMA-262 reads them outside Unicode mode.
fn ecma_braces(pattern: &str) -> Cow<'_, str> {
    if !pattern.contains(['{', '}']) {
        return Cow::Borrowed(pattern);
    }
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::with_capacity(pattern.len() + 4);
    let (mut i, mut in_class) = (0, false);
    // Whether the last thing written can be repeated (not the start, `(`, `|` or `^`).
    let mut repeatable = false;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' => {
                out.push(c);
                if let Some(next) = chars.get(i + 1) {
                    out.push(*next);
                }
                i += 2;
                repeatable = true;
                continue;
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '{' if !in_class => {
                let end = quantifier_end(&chars, i);
                match end.filter(|_| repeatable) {
                    Some(end) => {
                        out.extend(&chars[i..=end]);
                        i = end + 1;
                    }
                    None => {
                        out.push_str("\\{");
                        i += 1;
                        repeatable = true;
                    }
                }
                continue;
            }
            '}' if !in_class => {
                out.push_str("\\}");
                i += 1;
                repeatable = true;
                continue;
            }
            _ => {}
        }
        out.push(c);
        repeatable = in_class || !matches!(c, '(' | '|' | '^');
        i += 1;
    }
    Cow::Owned(out)
}

/// The index of the `}` closing a quantifier that opens at `chars[open]`, if it is one.
fn quantifier_end(chars: &[char], open: usize) -> Option<usize> {
    let mut i = open + 1;
    let digits = |i: &mut usize| {
        let start = *i;
        while chars.get(*i).is_some_and(char::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    if !digits(&mut i) {
        return None;
    }
    if chars.get(i) == Some(&',') {
        i += 1;
        digits(&mut i);
    }
    (chars.get(i) == Some(&'}')).then_some(i)
}

/// Appends a matching string to `out`, spending up to `budget` extra characters on
/// repetitions that may grow.
fn generate(hir: &Hir, budget: &mut usize, out: &mut String) -> Result<(), String> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(class) => out.push(pick(class)?),
        HirKind::Capture(capture) => generate(&capture.sub, budget, out)?,
        HirKind::Concat(parts) => {
            for part in parts {
                generate(part, budget, out)?;
            }
        }
        HirKind::Alternation(branches) => {
            let first = branches.first().ok_or("empty alternation")?;
            generate(first, budget, out)?;
        }
        HirKind::Repetition(repetition) => {
            let mut unit = String::new();
            generate(&repetition.sub, &mut 0, &mut unit)?;
            let unit_len = unit.chars().count();
            let mut count = repetition.min;
            while unit_len > 0
                && *budget >= unit_len
                && repetition.max.is_none_or(|max| count < max)
            {
                count += 1;
                *budget -= unit_len;
            }
            for _ in 0..count {
                out.push_str(&unit);
            }
        }
    }
    Ok(())
}

/// A representative character of a class.
fn pick(class: &Class) -> Result<char, String> {
    let candidates: Vec<(char, char)> = match class {
        Class::Unicode(unicode) => unicode
            .ranges()
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect(),
        Class::Bytes(bytes) => bytes
            .ranges()
            .iter()
            .map(|r| (char::from(r.start()), char::from(r.end())))
            .collect(),
    };
    let first = candidates.first().ok_or("a class that matches nothing")?.0;
    let within = |wanted: &dyn Fn(char) -> bool| {
        candidates.iter().find_map(|&(start, end)| {
            (start..=end)
                .take_while(char::is_ascii)
                .find(|c| wanted(*c))
        })
    };
    Ok(within(&|c| c.is_ascii_alphanumeric())
        .or_else(|| within(&|c| c.is_ascii_graphic()))
        .unwrap_or(first))
}

#[cfg(test)]
mod tests {
    use super::matching;

    #[test]
    fn twilio_sids() {
        assert_eq!(
            matching("^IN[0-9a-fA-F]{32}$", 34).unwrap(),
            format!("IN{}", "0".repeat(32))
        );
        assert_eq!(
            matching("^(SM|MM)[0-9a-fA-F]{32}$", 0).unwrap(),
            format!("SM{}", "0".repeat(32))
        );
    }

    #[test]
    fn grows_to_the_minimum_length() {
        assert_eq!(matching("^[a-z]*$", 1).unwrap(), "a");
        assert_eq!(matching("^x[^/]+$", 4).unwrap(), "x000");
        assert_eq!(matching("^\\+?[1-9]\\d{1,14}$", 0).unwrap(), "10");
    }

    #[test]
    fn braces_outside_quantifiers_are_literal() {
        let guid =
            "^(?:{[0-9a-fA-F]{4}(?:-?[0-9a-fA-F]{4}){7}}|[0-9a-fA-F]{4}(?:-?[0-9a-fA-F]{4}){7})$";
        assert_eq!(
            matching(guid, 0).unwrap(),
            format!("{{0000{}}}", "0000".repeat(7))
        );
        assert_eq!(matching("^a{2}{$", 0).unwrap(), "aa{");
        assert_eq!(matching("^[{}]x{1,}$", 0).unwrap(), "{x");
    }

    #[test]
    fn lookarounds_are_read() {
        let local_file = "^(?!https://)[a-zA-Z0-9@:%._+~#=/]{1,256}.(html?|pdf)$";
        assert_eq!(super::matches(local_file, "<"), Some(false));
        assert_eq!(super::matches(local_file, "a.pdf"), Some(true));
        assert_eq!(super::matches(local_file, "https://x/a.pdf"), Some(false));
        assert_eq!(super::matches("(", "("), None);
    }
}
