//! The accepted API record (`specweave::diff::ApiRecord`): what a snapshot test writes beside
//! the code snapshot, read back by the build script, the snapshot test and `specweave diff`
//! in place of the old spec, with the same report as the old spec gives.

#[allow(dead_code)] // each test file uses a part of it
mod support;

use std::path::Path;

use specweave::diff::{self, Accepted, ApiRecord};
use support::run_diff;

const OLD: &str = r##"
openapi: 3.0.3
info: {title: Pets, version: 1.0.0}
servers: [{url: 'https://api.example.com'}]
paths:
  /v1/Pets:
    post:
      operationId: CreatePet
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema:
              type: object
              title: CreatePetRequest
              required: [Name]
              properties:
                Name: {type: string, description: The name.}
      responses:
        '201':
          description: Created.
          content:
            application/json:
              schema:
                type: object
                title: Pet
                properties:
                  sid: {type: string}
                  name: {type: string}
"##;

/// An optional request field added, a response field removed, a description changed.
fn new_spec() -> String {
    OLD.replace(
        "                Name: {type: string, description: The name.}\n",
        "                Name: {type: string, description: The pet's name.}\n                Tag: {type: string}\n",
    )
    .replace("                  name: {type: string}\n", "")
}

fn generate(path: &Path) -> specweave::Generated {
    specweave::Generator::new()
        .spec(path)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The record as insta writes it: a metadata header, then the text.
fn as_insta_snapshot(record: &str) -> String {
    format!("---\nsource: tests/snapshot.rs\nexpression: generated.api_record()\n---\n{record}")
}

#[test]
fn a_recorded_api_gives_the_report_the_old_spec_gives() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (old, new) = (dir.path().join("old.yaml"), dir.path().join("new.yaml"));
    std::fs::write(&old, OLD).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&new, new_spec()).unwrap_or_else(|e| panic!("{e}"));
    let record = dir.path().join("pets_api.snap");
    let accepted = generate(&old);
    std::fs::write(&record, as_insta_snapshot(&accepted.api_record()))
        .unwrap_or_else(|e| panic!("{e}"));

    let from_spec = diff::compare(&old, &new).unwrap_or_else(|e| panic!("{e}"));
    let from_record = diff::compare(&record, &new).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(from_record, from_spec);
    assert_eq!(
        from_spec.summary(),
        "2 breaking, 0 additive, 1 docs, 0 wire"
    );

    // What the build script and the snapshot test see.
    let fresh = generate(&new);
    assert_eq!(
        diff::against_accepted(&fresh, &record),
        Accepted::Changed(from_spec.clone())
    );
    assert_eq!(diff::report_against_accepted(&accepted, &record), None);
    assert_eq!(diff::against_accepted(&accepted, &record), Accepted::Same);

    // The subcommand, in markdown for a CHANGELOG: the same text as from the old spec.
    let (code, from_record_md, stderr) = run_diff(
        dir.path(),
        &["pets_api.snap", "new.yaml", "--format", "markdown"],
    );
    assert_eq!(code, Some(3), "{stderr}");
    let (_, from_spec_md, _) = run_diff(
        dir.path(),
        &["old.yaml", "new.yaml", "--format", "markdown"],
    );
    assert_eq!(from_record_md, from_spec_md);
    assert!(
        from_record_md.contains("types::Pet::name")
            && from_record_md.contains("types::CreatePetRequest::tag"),
        "{from_record_md}"
    );

    // A record as NEW too, and a record without the insta header (plain JSON).
    let plain = dir.path().join("new_api.json");
    std::fs::write(&plain, fresh.api_record()).unwrap_or_else(|e| panic!("{e}"));
    let (code, both_records, stderr) = run_diff(
        dir.path(),
        &["pets_api.snap", "new_api.json", "--format", "markdown"],
    );
    assert_eq!(code, Some(3), "{stderr}");
    assert_eq!(both_records, from_spec_md);
}

#[test]
fn the_record_is_sorted_json_that_opens_with_its_format() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = dir.path().join("pets.yaml");
    std::fs::write(&spec, OLD).unwrap_or_else(|e| panic!("{e}"));
    let text = generate(&spec).api_record();
    assert!(
        text.starts_with("{\n  \"specweave_api\": 1,\n  \"title\": \"Pets\",\n  \"version\": \"1.0.0\",\n  \"items\": {\n    \"Client\": {\n"),
        "{text}"
    );
    let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    let paths: Vec<&String> = value["items"]
        .as_object()
        .map(|items| items.keys().collect())
        .unwrap_or_default();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(
        value["items"]["Client::create_pet"]["args"],
        serde_json::json!(["&self", "body: &CreatePetRequest"])
    );
    assert_eq!(
        value["items"]["types::Pet::sid"],
        serde_json::json!({
            "kind": "field",
            "ty": "Option<String>",
            "wire": {"presence": "optional (left out when None)", "wire name": "sid"}
        })
    );
}

#[test]
fn a_missing_or_foreign_record_is_one_clear_message() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let spec = dir.path().join("pets.yaml");
    std::fs::write(&spec, OLD).unwrap_or_else(|e| panic!("{e}"));
    let generated = generate(&spec);

    let missing = dir.path().join("missing_api.snap");
    let Accepted::Unreadable(why) = diff::against_accepted(&generated, &missing) else {
        panic!("a missing record must be unreadable");
    };
    assert!(
        why.contains("missing_api.snap") && why.contains("cannot read"),
        "{why}"
    );
    assert_eq!(diff::report_against_accepted(&generated, &missing), None);

    let code_snapshot = dir.path().join("pets.snap");
    std::fs::write(
        &code_snapshot,
        as_insta_snapshot("// @generated by specweave\n"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (code, _, stderr) = run_diff(dir.path(), &["pets.snap", "pets.yaml"]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("pets.snap") && stderr.contains("not a specweave API record"),
        "{stderr}"
    );

    // Checked out with CRLF line ends, insta header and all: the same record.
    let crlf = as_insta_snapshot(&generated.api_record()).replace('\n', "\r\n");
    assert_eq!(ApiRecord::parse(&crlf), Ok(ApiRecord::of(&generated)));

    let later = generated
        .api_record()
        .replacen("\"specweave_api\": 1", "\"specweave_api\": 2", 1);
    let error = ApiRecord::parse(&later).err().unwrap_or_default();
    assert!(error.contains("record format 2"), "{error}");
}
