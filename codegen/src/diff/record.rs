//! The accepted API of a client, recorded beside its code snapshot.
//!
//! A crate's snapshot test writes [`Generated::api_record`](crate::Generated::api_record) as a
//! second insta snapshot (`generated/<name>_api.snap`) next to the code one, so the same step
//! that accepts the code (`cargo insta review`, or `INSTA_UPDATE=always cargo test`) accepts
//! the API: the record is always the surface of the accepted code. The build script
//! ([`Generator::accepted_api`](crate::Generator::accepted_api)), the snapshot test
//! ([`report_against_accepted`]) and `specweave diff` read it back and compare the fresh
//! client with it, without the old spec.
//!
//! The record is pretty-printed JSON with sorted keys (deterministic, one item per block, so
//! insta's diff of it reads item by item): `specweave_api` (the record format), the spec's
//! `title` and `version`, and `items`, every [`Item`](super::Item) by path. Read back, an
//! insta header (`---` … `---`) in front of it is skipped.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{compare_surfaces, Report, Surface};
use crate::{Diagnostic, Generated};

/// The record format written today (the value of `specweave_api`). A record of another
/// format is refused rather than misread.
pub const RECORD_FORMAT: u32 = 1;

/// The public API of a generated client with the spec it came from: what the snapshot test
/// records and the report compares against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiRecord {
    /// The record format, [`RECORD_FORMAT`]; first, so a record is recognized by its opening.
    pub specweave_api: u32,
    /// `info.title` of the (first) spec.
    pub title: String,
    /// `info.version` of the (first) spec.
    pub version: String,
    /// The items.
    #[serde(flatten)]
    pub surface: Surface,
}

impl ApiRecord {
    /// The record of a generated client.
    pub fn of(generated: &Generated) -> ApiRecord {
        ApiRecord::new(
            &generated.title,
            &generated.version,
            generated.surface.clone(),
        )
    }

    /// A record of `surface`, from the spec `title` `version`.
    pub fn new(title: &str, version: &str, surface: Surface) -> ApiRecord {
        ApiRecord {
            specweave_api: RECORD_FORMAT,
            title: title.to_owned(),
            version: version.to_owned(),
            surface,
        }
    }

    /// The record as text: pretty JSON, keys sorted, ending with a newline.
    pub fn to_text(&self) -> String {
        // Serializing strings and maps of strings cannot fail.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a record from its text, with or without an insta snapshot header.
    pub fn parse(text: &str) -> Result<ApiRecord, String> {
        // A checkout with CRLF line ends (JSON strings escape their own line breaks).
        let text = text.replace("\r\n", "\n");
        let body = without_insta_header(&text);
        if !looks_like_record(body) {
            return Err("not a specweave API record (no `specweave_api` key first)".to_owned());
        }
        let value: serde_json::Value =
            serde_json::from_str(body).map_err(|e| format!("not valid JSON: {e}"))?;
        let format = value
            .get("specweave_api")
            .and_then(serde_json::Value::as_u64);
        if format != Some(u64::from(RECORD_FORMAT)) {
            return Err(format!(
                "record format {} is not the one this specweave reads ({RECORD_FORMAT}); \
                 regenerate the record (run the snapshot test and accept it)",
                format.map_or_else(|| "?".to_owned(), |f| f.to_string())
            ));
        }
        serde_json::from_value(value).map_err(|e| format!("not a valid API record: {e}"))
    }

    /// Reads the record in the file at `path`.
    pub fn read(path: &Path) -> Result<ApiRecord, crate::Error> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Diagnostic::file_error(path, format!("cannot read: {e}")))?;
        ApiRecord::parse(&text).map_err(|message| Diagnostic::file_error(path, message).into())
    }

    /// Whether the file at `path` holds a record rather than a spec: a `.snap` file, or a
    /// file whose text (after an insta header) opens with the `specweave_api` key.
    pub fn is_record_file(path: &Path) -> bool {
        if !path.is_file() {
            return false;
        }
        if path.extension().is_some_and(|e| e == "snap") {
            return true;
        }
        std::fs::read_to_string(path)
            .is_ok_and(|text| looks_like_record(without_insta_header(&text.replace("\r\n", "\n"))))
    }
}

/// The text after an insta snapshot header (`---`, metadata, `---`), or all of it.
fn without_insta_header(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + "\n---\n".len()..],
        None => text,
    }
}

fn looks_like_record(text: &str) -> bool {
    text.trim_start()
        .strip_prefix('{')
        .is_some_and(|rest| rest.trim_start().starts_with("\"specweave_api\""))
}

/// How the fresh client compares with the accepted record at `record`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accepted {
    /// No change in the Rust API nor on the wire.
    Same,
    /// The report of what changed.
    Changed(Report),
    /// The record could not be read (missing, unreadable, not a record): why.
    Unreadable(String),
}

/// Compares the freshly generated client with the record at `path`.
pub fn against_accepted(generated: &Generated, path: &Path) -> Accepted {
    match ApiRecord::read(path) {
        Ok(accepted) => {
            let report = compare_surfaces(&accepted, &ApiRecord::of(generated));
            if report.changes.is_empty() && report.wire.is_empty() {
                Accepted::Same
            } else {
                Accepted::Changed(report)
            }
        }
        Err(error) => Accepted::Unreadable(error.to_string()),
    }
}

/// For a snapshot test: the report of the freshly generated client against the accepted
/// record at `path`, when they differ (`None` when they agree, or when there is no readable
/// record yet, which the record's own snapshot assertion then reports).
///
/// Print it before asserting the snapshots, so the failure output starts with it:
///
/// ```no_run
/// # let generated = specweave::Generator::new().spec_dir("spec").generate().unwrap();
/// let record = "generated/client_api.snap";
/// if let Some(report) = specweave::diff::report_against_accepted(&generated, record) {
///     println!("{}", report.render(specweave::diff::Format::Text, Some("0.1.0")));
/// }
/// ```
pub fn report_against_accepted(generated: &Generated, path: impl AsRef<Path>) -> Option<Report> {
    match against_accepted(generated, path.as_ref()) {
        Accepted::Changed(report) => Some(report),
        Accepted::Same | Accepted::Unreadable(_) => None,
    }
}

/// For [`Generator::build`](crate::Generator::build): the one-line summary of the
/// spec-change report against the accepted record, if there is anything to say.
pub(crate) fn build_warning(generated: &Generated, record: &Path) -> Option<String> {
    match against_accepted(generated, record) {
        Accepted::Same => None,
        Accepted::Changed(report) => Some(format!(
            "spec change: {} (vs the accepted API in {}) — run `cargo test` for the report",
            report.summary(),
            record.display()
        )),
        Accepted::Unreadable(why) => Some(format!(
            "spec change: not compared, no readable accepted API ({why}); the snapshot test \
             writes it, accept it with the code snapshot"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Generator;

    const SPEC: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /items:\n    get:\n      operationId: ListItem\n      responses: {'200': {description: ok}}\n";

    /// The build script's one line: nothing when the API is the accepted one, the summary
    /// when it is not, and a warning (not an error) when there is no record to compare with.
    #[test]
    fn the_accepted_api_warning_is_one_line_or_nothing() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let spec = dir.path().join("items.yaml");
        std::fs::write(&spec, SPEC).unwrap_or_else(|e| panic!("{e}"));
        let generated = Generator::new()
            .spec(&spec)
            .generate()
            .unwrap_or_else(|e| panic!("{e}"));
        let record = dir.path().join("items_api.snap");
        std::fs::write(&record, generated.api_record()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(build_warning(&generated, &record), None);

        let edited = SPEC.replace("ListItem", "ListItems");
        std::fs::write(&spec, edited).unwrap_or_else(|e| panic!("{e}"));
        let fresh = Generator::new()
            .spec(&spec)
            .generate()
            .unwrap_or_else(|e| panic!("{e}"));
        let line = build_warning(&fresh, &record).unwrap_or_default();
        assert_eq!(
            line,
            format!(
                "spec change: 1 breaking, 1 additive, 0 docs, 0 wire (vs the accepted API in {}) \
                 — run `cargo test` for the report",
                record.display()
            )
        );

        let missing = dir.path().join("none_api.snap");
        let line = build_warning(&fresh, &missing).unwrap_or_default();
        assert!(
            line.starts_with("spec change: not compared, no readable accepted API (")
                && line.contains("none_api.snap")
                && !line.contains('\n'),
            "{line}"
        );
    }
}
