//! cargo-semver-checks' human output, read into findings: each `--- failure LINT: … ---`
//! section (not the `--- warning` ones, which it does not count as breaking) lists the items it failed in, one per line under `Failed in:`
//! (`field Foo.bar in src/types.rs:12`, `variant Kind:Other in …`,
//! `struct history_client::types::Foo, previously in file …`,
//! `history_client::Client::create_x now takes 3 parameters instead of 4, in …`).

use std::collections::BTreeSet;

/// One item a lint failed in.
#[derive(Debug)]
pub struct Finding {
    /// The lint (`constructible_struct_adds_field`).
    pub lint: String,
    /// The item as the tool wrote it, without the file location.
    pub item: String,
    /// The identifiers in `item`.
    words: BTreeSet<String>,
}

impl Finding {
    /// Whether this finding is about the report's item `path` (`types::Foo::bar`,
    /// `Client::create_x`, `types::Foo::new()`): the item's name and its owner's name both
    /// appear in it.
    pub fn names(&self, path: &str) -> bool {
        let segments: Vec<&str> = path
            .split("::")
            .map(|s| s.trim_start_matches("r#").trim_end_matches("()"))
            .collect();
        let Some((name, owners)) = segments.split_last() else {
            return false;
        };
        let owner = owners.last().filter(|owner| **owner != "types");
        self.words.contains(*name) && owner.is_none_or(|owner| self.words.contains(*owner))
    }
}

/// Every finding in cargo-semver-checks' output.
pub fn parse(output: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut lint = None;
    let mut listing = false;
    for line in output.lines() {
        if let Some(rest) = line.strip_prefix("--- failure ") {
            lint = rest.split(':').next().map(str::to_owned);
            listing = false;
        } else if line.starts_with("--- ") {
            // `--- warning LINT`: the tool does not call it breaking.
            lint = None;
            listing = false;
        } else if line.trim() == "Failed in:" {
            listing = lint.is_some();
        } else if listing && is_item_line(line) {
            let item = line.trim();
            let item = item
                .split(", previously in file ")
                .next()
                .and_then(|item| {
                    item.rsplit_once(" in ")
                        .map_or(Some(item), |(i, _)| Some(i))
                })
                .unwrap_or(item)
                .trim_end_matches(',')
                .to_owned();
            let words = item
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect();
            findings.push(Finding {
                lint: lint.clone().unwrap_or_default(),
                item,
                words,
            });
        } else if listing {
            listing = false;
        }
    }
    findings
}

/// An item under `Failed in:` is indented by exactly two spaces; the tool's progress lines
/// (`     Checked [ 2.2s] …`) are right-aligned with more.
fn is_item_line(line: &str) -> bool {
    line.strip_prefix("  ")
        .is_some_and(|rest| rest.starts_with(|c: char| !c.is_whitespace()))
}
