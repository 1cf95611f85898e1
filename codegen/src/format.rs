//! Stage 4: tokens → formatted source with the `@generated` header.

mod type_complexity;

use crate::emit::{Emitted, DOC_PLACEHOLDER};

/// Formats the emitted code with prettyplease, puts the doc text back in place of its
/// placeholders, and prepends `header` (comment lines).
///
/// A parse failure here means the emitter produced invalid Rust, which is a bug in this crate,
/// not in the spec; it is reported as an error rather than a panic.
pub fn format(emitted: impl Into<Emitted>, header: &str) -> Result<String, String> {
    let Emitted { tokens, docs } = emitted.into();
    let body = unparse(tokens)?;
    let mut out = String::with_capacity(header.len() + body.len() + 1 + doc_bytes(&docs));
    out.push_str(header);
    out.push('\n');
    splice_docs(&body, &docs, &mut out)?;
    Ok(out)
}

/// Formats one item that wraps others (`mod m { … }`, `impl T { … }`) and appends only the
/// wrapped items' lines (indented one level, docs spliced in) to `out`.
///
/// prettyplease lays out each item on its own, so runs of items formatted this way and joined
/// read exactly as if formatted inside one wrapper.
pub(crate) fn format_wrapped(
    wrapper: proc_macro2::TokenStream,
    docs: &[Vec<String>],
    out: &mut String,
) -> Result<(), String> {
    let body = unparse(wrapper)?;
    let inner = body
        .split_once('\n')
        .and_then(|(open, rest)| open.ends_with('{').then_some(rest))
        .and_then(|rest| rest.strip_suffix("}\n"))
        .ok_or_else(|| {
            "internal error: a wrapped chunk did not format as one multi-line item".to_owned()
        })?;
    splice_docs(inner, docs, out)
}

/// Formats items and appends them (docs spliced in) to `out`.
pub(crate) fn format_items(
    items: proc_macro2::TokenStream,
    docs: &[Vec<String>],
    out: &mut String,
) -> Result<(), String> {
    splice_docs(&unparse(items)?, docs, out)
}

fn unparse(tokens: proc_macro2::TokenStream) -> Result<String, String> {
    let mut file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("internal error: the generated code does not parse ({e}); please report this with the spec"))?;
    type_complexity::allow_complex_types(&mut file.items);
    Ok(prettyplease::unparse(&file))
}

fn doc_bytes(docs: &[Vec<String>]) -> usize {
    docs.iter().flatten().map(|line| line.len() + 16).sum()
}

/// Copies `body` to `out`, replacing each placeholder line (`///@@doc7`, indented) by its
/// block's lines at the same indentation ([`push_doc_lines`]).
fn splice_docs(body: &str, docs: &[Vec<String>], out: &mut String) -> Result<(), String> {
    let mut used = 0usize;
    for line in body.split_inclusive('\n') {
        let content = line.trim_start_matches(' ');
        let Some(index) = content.strip_prefix(DOC_PLACEHOLDER) else {
            out.push_str(line);
            continue;
        };
        let block = index
            .trim_end()
            .parse::<usize>()
            .ok()
            .and_then(|i| docs.get(i))
            .ok_or_else(|| format!("internal error: unknown doc placeholder `{}`", line.trim()))?;
        let indent = &line[..line.len() - content.len()];
        push_doc_lines(indent, block, out);
        used += 1;
    }
    if used != docs.len() {
        return Err(format!(
            "internal error: {} of {} doc blocks were not placed",
            docs.len() - used,
            docs.len()
        ));
    }
    Ok(())
}

/// `lines` as `///` comments at `indent`, written as prettyplease writes a `#[doc = " …"]`
/// attribute: `/// text` with trailing spaces trimmed, `///` for an empty line.
pub(crate) fn push_doc_lines(indent: &str, lines: &[String], out: &mut String) {
    // A line break inside a line (say, in a wire name quoted by a fallback doc) must not end
    // the comment and leave the rest as code.
    for text in lines.iter().flat_map(|text| text.split(['\n', '\r'])) {
        out.push_str(indent);
        out.push_str("///");
        let text = text.trim_end_matches(' ');
        if !text.is_empty() {
            out.push(' ');
            out.push_str(text);
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_doc_lines_at_their_indentation() {
        let body = "///@@doc1\nmod m {\n    ///@@doc0\n    fn f() {}\n}\n";
        let docs = vec![
            vec!["inner  ".to_owned(), String::new(), "second".to_owned()],
            vec!["outer\nbroken".to_owned()],
        ];
        let mut out = String::new();
        splice_docs(body, &docs, &mut out).unwrap();
        assert_eq!(
            out,
            "/// outer\n/// broken\nmod m {\n    /// inner\n    ///\n    /// second\n    fn f() {}\n}\n"
        );
    }

    #[test]
    fn a_lost_or_unknown_placeholder_is_an_error() {
        let mut out = String::new();
        let err = splice_docs("fn f() {}\n", &[vec!["x".to_owned()]], &mut out).unwrap_err();
        assert!(err.contains("1 of 1 doc blocks were not placed"), "{err}");
        let err = splice_docs("///@@doc3\nfn f() {}\n", &[], &mut out).unwrap_err();
        assert!(err.contains("unknown doc placeholder `///@@doc3`"), "{err}");
    }
}
