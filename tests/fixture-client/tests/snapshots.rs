//! Every fixture's generated code, snapshotted under `generated/fixtures/<stem>.snap`.
//!
//! One test per `tests/fixtures/<stem>.yaml` (the list is written by `build.rs`, so a new
//! fixture gets a test that fails until its snapshot is accepted with
//! `INSTA_UPDATE=always cargo test -p fixture-client --test snapshots` or
//! `cargo insta review`). Each test renders with the same call `build.rs` makes and also
//! checks that the snapshot is exactly what the crate compiled.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[path = "../fixture_options.rs"]
mod fixture_options;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

fn snapshots_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../generated/fixtures")
}

/// What `build.rs` generates for `tests/fixtures/<stem>.yaml`.
fn render(stem: &str) -> String {
    let spec = fixtures_dir().join(format!("{stem}.yaml"));
    match fixture_options::generator(&spec).generate() {
        Ok(generated) => generated.code,
        Err(error) => panic!("{} does not generate: {error}", spec.display()),
    }
}

fn check_fixture(stem: &str) {
    let code = render(stem);
    let compiled = std::fs::read_to_string(Path::new(env!("OUT_DIR")).join(format!("{stem}.rs")))
        .expect("build.rs wrote the fixture's module");
    assert!(
        code == compiled,
        "{stem}: the rendered code differs from what build.rs compiled"
    );
    insta::with_settings!({
        snapshot_path => "../../../generated/fixtures",
        prepend_module_to_snapshot => false,
        description => format!("Generated from tests/fixtures/{stem}.yaml (compiled by tests/fixture-client)."),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(stem, code);
    });
}

include!(concat!(env!("OUT_DIR"), "/snapshot_tests.rs"));

fn stems(dir: &Path, extension: &str) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .filter_map(|path| Some(path.file_stem()?.to_str()?.to_owned()))
        .collect()
}

/// A snapshot whose fixture was deleted or renamed would otherwise linger unnoticed.
#[test]
fn every_snapshot_has_a_fixture() {
    let fixtures = stems(&fixtures_dir(), "yaml");
    let orphans: Vec<_> = stems(&snapshots_dir(), "snap")
        .difference(&fixtures)
        .cloned()
        .collect();
    assert!(
        orphans.is_empty(),
        "snapshots in generated/fixtures/ without a tests/fixtures/<stem>.yaml: {orphans:?}"
    );
}

/// Every fixture says what it covers in a leading comment.
#[test]
fn every_fixture_documents_its_concern() {
    for stem in stems(&fixtures_dir(), "yaml") {
        let path = fixtures_dir().join(format!("{stem}.yaml"));
        let text = std::fs::read_to_string(&path).expect("readable fixture");
        assert!(
            text.starts_with("# Covers: "),
            "{} must start with a `# Covers: ...` comment",
            path.display()
        );
    }
}

/// Fixtures that trigger generator warnings on purpose, with a fragment of each warning;
/// every other fixture must generate without any (build.rs does not print them).
const EXPECTED_WARNINGS: &[(&str, &[&str])] = &[
    (
        "big_numbers",
        &[
            "#/paths/~1v1~1Counters/get/parameters/0/schema/maximum: `maximum: 1e+23` is not a 64-bit integer",
            "#/components/schemas/Counter/properties/total/maximum: `maximum: \"1.0e+400\"` is not a 64-bit number",
        ],
    ),
    (
        "edge_missing_operation_id",
        &[
            "#/paths/~1items~1{id}/get: no operationId; the method is named `get_items_id`",
            "#/paths/~1items~1{id}/delete: no operationId; the method is named `delete_items_id`",
        ],
    ),
    (
        "edge_partial_failure",
        &[
            "~1v1~1files/get/parameters/0: path parameter `folder_id` does not appear in the path template `/v1/files`; it is ignored",
            "~1v2~1files/get/operationId: duplicate operationId `ListFiles`",
            "~1v1~1files~1{file_id}/delete: path template `/v1/files/{file_id}` uses `{file_id}`, but the operation declares no path parameter named `file_id`; it is taken as a required string path parameter `file_id`",
            "/put/requestBody/content: the request body is sent as application/json; the other media types offered are left out: application/x-www-form-urlencoded (a form-encoded body must be an object with properties)",
            "~1v1~1uploads/post/requestBody/content/multipart~1form-data/schema: multipart/form-data: a multipart body needs a schema with properties (its parts); the operation is skipped",
        ],
    ),
    (
        "auth_schemes",
        &["#/components/securitySchemes/unused: security scheme `unused` is declared, but no `security` requirement names it"],
    ),
    (
        "openapi31_operations",
        &[
            "#/components/securitySchemes/mtls: security scheme `mtls` is mutualTLS: the client certificate is configured on the HTTP client",
            "#/paths/~1codes/post/requestBody/content/application~1json/schema/properties/code/allOf: the `allOf` members are of types no value has at once (`string` and `integer`)",
        ],
    ),
    (
        "openapi31_refs",
        &["#/webhooks: 1 webhook(s) declared"],
    ),
    (
        "openapi31_types",
        &[
            "#/components/schemas/Item/properties/point/prefixItems: a tuple",
            "#/components/schemas/Item/properties/labels/patternProperties:",
            "#/components/schemas/Item/properties/shipping/if: conditional subschemas",
        ],
    ),
    (
        "multi_status",
        &["#/paths/~1jobs/post/responses/204/content: a 204 response has no body"],
    ),
    (
        "response_headers",
        &["#/paths/~1reports~1{id}/head/responses/200/content: a response to HEAD has no body"],
    ),
];

#[test]
fn warnings_are_exactly_the_expected_ones() {
    let mut problems = Vec::new();
    for stem in stems(&fixtures_dir(), "yaml") {
        let spec = fixtures_dir().join(format!("{stem}.yaml"));
        let warnings: Vec<String> = match fixture_options::generator(&spec).generate() {
            Ok(generated) => generated.warnings.iter().map(ToString::to_string).collect(),
            Err(error) => panic!("{stem} does not generate: {error}"),
        };
        let expected = EXPECTED_WARNINGS
            .iter()
            .find(|(name, _)| *name == stem)
            .map_or(&[][..], |(_, fragments)| fragments);
        let matches = warnings.len() == expected.len()
            && warnings
                .iter()
                .zip(expected)
                .all(|(warning, fragment)| warning.contains(fragment));
        if !matches {
            problems.push(format!("{stem}: expected {expected:?}, got {warnings:#?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn generation_is_deterministic() {
    for stem in stems(&fixtures_dir(), "yaml") {
        assert_eq!(render(&stem), render(&stem), "{stem}");
    }
}
