//! The fast path's YAML parse on two threads: a large block-style document is cut at a
//! `paths` entry into two documents, the rest of the spec with the first entries and a
//! `paths:` mapping of the others, parsed at the same time and joined. Parsing (scanning the
//! YAML and building the typed spec) is most of the time a large spec takes to generate, and
//! `paths` is most of a large spec.
//!
//! The result is exactly that of parsing the whole text, or nothing: the cut is only made at a
//! line that starts an entry of `paths` as YAML's indentation rules define it, and whenever
//! either half does not parse (an alias to an anchor in the other half, a scalar the cut
//! split, an upstream panic) or a path appears in both halves, the caller parses the whole
//! text on one thread, which also reports any error as usual.

use openapiv3::{OpenAPI, Paths};
use serde::Deserialize;

use super::catch_upstream_panic;

/// Below this size, a second thread costs more than it saves.
const MIN_BYTES: usize = 256 * 1024;

/// The second half: a document holding only `paths`.
#[derive(Deserialize)]
struct PathsOnly {
    paths: Paths,
}

/// `text` (a YAML document) parsed on two threads, each with a `stack_bytes` stack, when it is
/// large, block-style and cut cleanly; `None` means: parse it whole.
pub(super) fn parse_yaml(text: &str, stack_bytes: usize) -> Option<OpenAPI> {
    if text.len() < MIN_BYTES {
        return None;
    }
    let cut = find_cut(text)?;
    let first = [&text[..cut.at], &text[cut.section_end..]].concat();
    let second = format!("paths:\n{}", &text[cut.at..cut.section_end]);
    let (whole, rest) = std::thread::scope(|scope| {
        let helper = std::thread::Builder::new()
            .name("codegen-parse".to_owned())
            .stack_size(stack_bytes)
            .spawn_scoped(scope, || {
                catch_upstream_panic(|| serde_yaml::from_str::<PathsOnly>(&second).ok())
                    .ok()
                    .flatten()
            })
            .ok()?;
        let whole = catch_upstream_panic(|| serde_yaml::from_str::<OpenAPI>(&first).ok())
            .ok()
            .flatten();
        let rest = helper.join().ok().flatten();
        Some((whole?, rest?))
    })?;
    join(whole, rest.paths)
}

/// `rest` appended to `whole`'s paths, unless a key is in both (then the whole text decides).
fn join(mut whole: OpenAPI, rest: Paths) -> Option<OpenAPI> {
    if rest
        .paths
        .keys()
        .any(|key| whole.paths.paths.contains_key(key))
        || rest
            .extensions
            .keys()
            .any(|key| whole.paths.extensions.contains_key(key))
    {
        return None;
    }
    whole.paths.paths.extend(rest.paths);
    whole.paths.extensions.extend(rest.extensions);
    Some(whole)
}

/// Where to cut: the byte offset of the `paths` entry the second half starts with, and the end
/// of the `paths` section.
#[derive(Debug, PartialEq)]
struct Cut {
    at: usize,
    section_end: usize,
}

/// The cut nearest the middle of `text`, if its `paths` section is a block mapping with
/// entries on both sides of it.
fn find_cut(text: &str) -> Option<Cut> {
    let lines = line_starts(text);
    // `paths:` alone on a top-level line (a trailing comment allowed): a block mapping follows.
    let header = lines.iter().position(|(_, line)| {
        line.strip_prefix("paths:").is_some_and(|rest| {
            let rest = rest.trim_start();
            rest.is_empty() || rest.starts_with('#')
        })
    })?;
    let body = &lines[header + 1..];
    // The section's entries are indented like its first content line; it ends at the next
    // line that is content at column 0 (another top-level key, or a document marker).
    let indent = body
        .iter()
        .find(|(_, line)| is_content(line))
        .map(|(_, line)| line.len() - line.trim_start_matches(' ').len())
        .filter(|&n| n > 0)?;
    let end_index = body
        .iter()
        .position(|(_, line)| is_content(line) && !line.starts_with(' '))
        .unwrap_or(body.len());
    let section_end = body.get(end_index).map_or(text.len(), |&(start, _)| start);
    let middle = text.len() / 2;
    // Entry starts: a key at exactly the entries' indentation (not a comment, not a sequence
    // item, not a flow or quoted continuation: those could not start an entry). The first
    // stays in the first half.
    let entries = body[..end_index].iter().filter(|(_, line)| {
        let key = line.trim_start_matches(' ');
        line.len() - key.len() == indent
            && key.starts_with(['/', '\'', '"', 'x'])
            && key.contains(':')
    });
    let (at, _) = entries
        .skip(1)
        .min_by_key(|&&(start, _)| start.abs_diff(middle))?;
    Some(Cut {
        at: *at,
        section_end,
    })
}

/// Each line's byte offset and text (without its line break, `\r` included).
fn line_starts(text: &str) -> Vec<(usize, &str)> {
    let mut start = 0;
    text.split_inclusive('\n')
        .map(|line| {
            let at = start;
            start += line.len();
            (at, line.trim_end_matches(['\n', '\r']))
        })
        .collect()
}

/// Whether a line holds YAML content (not blank, not only a comment).
fn is_content(line: &str) -> bool {
    let trimmed = line.trim_start();
    !trimmed.is_empty() && !trimmed.starts_with('#')
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  # a comment at the entries' indentation
  /a:
    get:
      description: |
        text
  /b:
    get:
      responses: {'200': {description: ok}}
  '/c':
    x-note: 1
components:
  schemas: {}
";

    #[test]
    fn the_cut_is_at_an_entry_of_paths_and_the_section_ends_at_the_next_top_level_key() {
        let cut = find_cut(SPEC).expect("a cut");
        let entry = &SPEC[cut.at..];
        assert!(
            entry.starts_with("  /b:") || entry.starts_with("  '/c':"),
            "{entry}"
        );
        assert!(SPEC[cut.section_end..].starts_with("components:"));
    }

    #[test]
    fn lines_of_any_text_around_the_entries_are_read_safely() {
        let text = "paths:\n#é comment\n # é\n  /a:\n    get: {}\n  /b:\n    get: {}\n";
        let cut = find_cut(text).expect("a cut");
        assert!(text[cut.at..].starts_with("  /b:"));
    }

    #[test]
    fn no_cut_without_a_block_mapping_of_paths_or_with_one_entry() {
        assert_eq!(find_cut("openapi: 3.0.3\npaths: {}\n"), None);
        assert_eq!(
            find_cut("openapi: 3.0.3\npaths:\n  /only:\n    get: {}\ninfo: {}\n"),
            None
        );
        assert_eq!(
            find_cut("openapi: 3.0.3\nx-paths:\n  /a: {}\n  /b: {}\n"),
            None
        );
    }

    #[test]
    fn two_threads_read_exactly_what_one_does() {
        // Made large enough to be split: many paths, comments and block scalars between.
        let mut text = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n");
        for i in 0..3000 {
            text.push_str(&format!(
                "  /items/{i}:\n    # note\n    get:\n      operationId: get{i}\n      \
                 description: |\n        line one\n\n        line two\n      \
                 responses: {{'200': {{description: ok}}}}\n"
            ));
        }
        text.push_str("components:\n  schemas:\n    A: {type: string}\n");
        assert!(text.len() >= MIN_BYTES);
        let whole: OpenAPI = serde_yaml::from_str(&text).expect("parses");
        let split = parse_yaml(&text, 8 * 1024 * 1024).expect("split");
        assert_eq!(split, whole);
        let keys: Vec<&String> = split.paths.paths.keys().collect();
        assert_eq!(keys.first().map(|k| k.as_str()), Some("/items/0"));
        assert_eq!(keys.len(), 3000);
    }

    #[test]
    fn a_document_the_cut_breaks_is_left_to_the_whole_parse() {
        // An anchor in the first half used in the second: the second half does not parse.
        let mut text = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n");
        text.push_str("  /first:\n    get: &op\n      responses: {'200': {description: ok}}\n");
        for i in 0..4000 {
            text.push_str(&format!(
                "  /items/{i}:\n    get:\n      responses: {{'200': {{description: ok}}}}\n"
            ));
        }
        text.push_str("  /last:\n    get: *op\n");
        assert!(text.len() >= MIN_BYTES);
        assert!(serde_yaml::from_str::<OpenAPI>(&text).is_ok());
        assert_eq!(parse_yaml(&text, 8 * 1024 * 1024), None);
        // The same path in both halves.
        let mut text = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n");
        for i in 0..4000 {
            text.push_str(&format!(
                "  /items/{}:\n    get: {{responses: {{}}}}\n",
                i % 3900
            ));
        }
        assert_eq!(parse_yaml(&text, 8 * 1024 * 1024), None);
    }

    /// Every large YAML spec in `../shared` (beside the repository, when it is): the two
    /// halves read exactly what one parse reads.
    #[test]
    fn real_specs_split_into_the_same_document() {
        let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs");
        let mut checked = 0;
        for dir in ["twilio", "vendors"] {
            let Ok(entries) = std::fs::read_dir(shared.join(dir)) else {
                continue;
            };
            for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
                if !path.extension().is_some_and(|x| x == "yaml" || x == "yml") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let Ok(whole) = serde_yaml::from_str::<OpenAPI>(&text) else {
                    continue;
                };
                if let Some(split) = parse_yaml(&text, 64 * 1024 * 1024) {
                    assert!(split == whole, "{}", path.display());
                    checked += 1;
                }
            }
        }
        println!("{checked} specs read in two halves");
    }
}
