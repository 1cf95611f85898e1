//! The spec-change report of each real pair of consecutive Twilio releases in
//! `../shared/specs/twilio-history/` (see its `PAIRS.md`), snapshotted in markdown, in both
//! API shapes (`Generator::api_shape`): the evolving shape's reports carry an `_evolving`
//! suffix. The figures (items per class, per pair and shape) are printed on stderr
//! (`cargo test -p specweave --test diff_history -- --nocapture`).
//!
//! Those specs live beside the repository, not in it: without `../shared` (as in a plain
//! clone, where the README's `cargo test --workspace` runs) the test says so and passes.

use std::path::{Path, PathBuf};

use specweave::diff::{self, Class, Format};
use specweave::ApiShape;

/// (pair number in PAIRS.md, directory, old, new).
const PAIRS: [(u8, &str, &str, &str); 6] = [
    (1, "twilio_chat_v2", "4ae76f3", "af3dd9e"),
    (2, "twilio_chat_v2", "ef3ca5d", "2af6c5b"),
    (3, "twilio_conversations_v1", "2af6c5b", "4ae76f3"),
    (4, "twilio_conversations_v1", "981a215", "78f21f8"),
    (5, "twilio_api_v2010", "b7d1f16", "a74b536"),
    (6, "twilio_api_v2010", "bf8a616", "a3f1069"),
];

fn history() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/twilio-history")
}

#[test]
fn history_pairs_reports() {
    let history = history();
    if !history.is_dir() {
        eprintln!(
            "skipped: {} not found (the history pairs live in ../shared, beside the repository)",
            history.display()
        );
        return;
    }
    let mut figures = Vec::new();
    for (n, dir, old, new) in PAIRS {
        let old_spec = history.join(dir).join(format!("{old}.yaml"));
        let new_spec = history.join(dir).join(format!("{new}.yaml"));
        for (shape, suffix) in [(ApiShape::Literals, ""), (ApiShape::Evolving, "_evolving")] {
            let report = diff::compare_shaped(&old_spec, &new_spec, shape)
                .unwrap_or_else(|e| panic!("pair {n}: {e}"));
            figures.push(format!(
                "pair {n} {dir} {old} -> {new} [{}]: {} (breaking: {})",
                shape.as_str(),
                report.summary(),
                report.count(Class::Breaking) > 0
            ));
            insta::assert_snapshot!(
                format!("pair{n}_{dir}_{old}_{new}{suffix}"),
                report.render(Format::Markdown, Some("0.1.0"))
            );
        }
    }
    eprintln!("{}", figures.join("\n"));
}
