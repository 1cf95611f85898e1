//! The spec-change report (`specweave::diff`): one small spec pair per rule, each with the
//! exact classified report expected; the verdict and next version; the `diff` subcommand's
//! output and exit statuses (0, 3 breaking, 1 spec error, 2 usage).

#[allow(dead_code)] // each test file uses a part of it
mod support;

use std::path::{Path, PathBuf};

use specweave::diff::{self, Bump, Class, Format, Report};
use specweave::ApiShape;

/// The old spec of every pair: a fetch with a path parameter, a create with a form body, a
/// response object with a string enum.
const BASE: &str = r##"
openapi: 3.0.3
info: {title: Pets, version: 1.0.0}
servers: [{url: 'https://api.example.com'}]
paths:
  /v1/Owners/{OwnerSid}/Pets/{PetSid}:
    get:
      operationId: FetchPet
      description: Fetch a pet.
      parameters:
        - {name: OwnerSid, in: path, required: true, schema: {type: string}}
        - {name: PetSid, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: The pet.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/pet'}
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
                Tag: {type: string}
      responses:
        '201':
          description: Created.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/pet'}
components:
  schemas:
    pet:
      type: object
      properties:
        sid: {type: string}
        name: {type: string}
        status: {$ref: '#/components/schemas/pet_status'}
    pet_status:
      type: string
      enum: [available, sold]
"##;

/// An operation added by the "method added" pair.
const LIST_TOYS: &str = r##"  /v1/Toys:
    get:
      operationId: ListToy
      responses:
        '200':
          description: A pet.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/pet'}
components:"##;

fn edited(edits: &[(&str, &str)]) -> String {
    let mut spec = BASE.to_owned();
    for (from, to) in edits {
        assert!(spec.contains(from), "edit target `{from}` not in the spec");
        spec = spec.replacen(from, to, 1);
    }
    spec
}

fn report(old: &str, new: &str) -> Report {
    report_in(ApiShape::Literals, old, new)
}

/// The report between `old` and `new` generated in `shape`.
fn report_in(shape: ApiShape, old: &str, new: &str) -> Report {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (old_path, new_path) = (dir.path().join("old.yaml"), dir.path().join("new.yaml"));
    std::fs::write(&old_path, old).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&new_path, new).unwrap_or_else(|e| panic!("{e}"));
    diff::compare_shaped(&old_path, &new_path, shape).unwrap_or_else(|e| panic!("{e}"))
}

/// The report's changes as `path: class`, and its wire changes as `path: fact`.
fn classified(report: &Report) -> (Vec<String>, Vec<String>) {
    let changes = report
        .changes
        .iter()
        .map(|c| format!("{}: {}", c.path, c.class.as_str()))
        .collect();
    let wire = report
        .wire
        .iter()
        .map(|w| format!("{}: {}", w.path, w.fact))
        .collect();
    (changes, wire)
}

struct Case {
    rule: &'static str,
    old: &'static [(&'static str, &'static str)],
    new: &'static [(&'static str, &'static str)],
    changes: &'static [&'static str],
    wire: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case {
        rule: "method added: additive",
        old: &[],
        new: &[("components:", LIST_TOYS)],
        changes: &["Client::list_toy: additive"],
        wire: &[],
    },
    Case {
        rule: "method removed: breaking",
        old: &[("components:", LIST_TOYS)],
        new: &[],
        changes: &["Client::list_toy: breaking"],
        wire: &[],
    },
    Case {
        rule: "required argument added: breaking",
        old: &[("/v1/Owners/{OwnerSid}/Pets/{PetSid}", "/v1/Pets/{PetSid}"), (
            "        - {name: OwnerSid, in: path, required: true, schema: {type: string}}\n",
            "",
        )],
        new: &[],
        changes: &["Client::fetch_pet: breaking"],
        wire: &[],
    },
    Case {
        rule: "argument order changed, same types: breaking",
        old: &[],
        new: &[("/v1/Owners/{OwnerSid}/Pets/{PetSid}", "/v1/Pets/{PetSid}/Owners/{OwnerSid}"), (
            "        - {name: OwnerSid, in: path, required: true, schema: {type: string}}\n        - {name: PetSid, in: path, required: true, schema: {type: string}}",
            "        - {name: PetSid, in: path, required: true, schema: {type: string}}\n        - {name: OwnerSid, in: path, required: true, schema: {type: string}}",
        )],
        changes: &["Client::fetch_pet: breaking"],
        wire: &[],
    },
    Case {
        rule: "optional request field added: breaking (constructible struct)",
        old: &[],
        new: &[("                Tag: {type: string}", "                Tag: {type: string}\n                Color: {type: string}")],
        changes: &["types::CreatePetRequest::color: breaking"],
        wire: &[],
    },
    Case {
        rule: "response field added: breaking (response structs are constructible too)",
        old: &[],
        new: &[("        sid: {type: string}", "        sid: {type: string}\n        age: {type: integer}")],
        changes: &["types::Pet::age: breaking"],
        wire: &[],
    },
    Case {
        rule: "enum variant added: breaking (exhaustive enum)",
        old: &[],
        new: &[("enum: [available, sold]", "enum: [available, sold, pending]")],
        changes: &["types::PetStatus::Pending: breaking"],
        wire: &[],
    },
    Case {
        rule: "field type changed: breaking",
        old: &[],
        new: &[("Tag: {type: string}", "Tag: {type: integer}")],
        changes: &["types::CreatePetRequest::tag: breaking"],
        wire: &[],
    },
    Case {
        rule: "field made required (Option<String> -> String): breaking",
        old: &[],
        new: &[("required: [Name]", "required: [Name, Tag]")],
        changes: &["types::CreatePetRequest::tag: breaking"],
        wire: &[],
    },
    Case {
        rule: "field removed: breaking",
        old: &[],
        new: &[("                Tag: {type: string}\n", "")],
        changes: &["types::CreatePetRequest::tag: breaking"],
        wire: &[],
    },
    Case {
        rule: "return type changed: breaking",
        old: &[],
        new: &[(
            "          description: Created.\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/pet'}",
            "          description: Created.",
        )],
        changes: &["Client::create_pet: breaking"],
        wire: &[],
    },
    Case {
        rule: "path parameter renamed: docs (arguments are positional) and a wire change",
        old: &[],
        new: &[
            ("/v1/Owners/{OwnerSid}/Pets/{PetSid}", "/v1/Owners/{OwnerSid}/Pets/{Sid}"),
            ("{name: PetSid, in: path", "{name: Sid, in: path"),
        ],
        // The docs name the path template too.
        changes: &["Client::fetch_pet: docs", "Client::fetch_pet: docs"],
        wire: &["Client::fetch_pet: request"],
    },
    Case {
        rule: "only a description changed: docs",
        old: &[],
        new: &[("description: Fetch a pet.", "description: Fetch one pet by its SID.")],
        changes: &["Client::fetch_pet: docs"],
        wire: &[],
    },
    Case {
        rule: "wire name changed, same Rust name: wire change only",
        old: &[],
        new: &[
            ("required: [Name]", "required: [name]"),
            ("Name: {type: string, description: The name.}", "name: {type: string, description: The name.}"),
        ],
        changes: &[],
        wire: &["types::CreatePetRequest::name: wire name"],
    },
    Case {
        rule: "request media type changed, same signature: wire change only",
        old: &[],
        new: &[("application/x-www-form-urlencoded:", "application/json:")],
        changes: &[],
        wire: &["Client::create_pet: request body"],
    },
    Case {
        rule: "server changed: wire change only",
        old: &[],
        new: &[("https://api.example.com", "https://api.example.org")],
        changes: &[],
        wire: &["Client::create_pet: server", "Client::fetch_pet: server"],
    },
    Case {
        rule: "a pattern changed (documented, not enforced): wire change only",
        old: &[("Tag: {type: string}", "Tag: {type: string, pattern: '^T'}")],
        new: &[("Tag: {type: string}", "Tag: {type: string, pattern: '^TG'}")],
        changes: &[],
        wire: &["types::CreatePetRequest::tag: pattern"],
    },
    Case {
        rule: "enum value renamed to the same Rust name: wire change only",
        old: &[],
        new: &[("enum: [available, sold]", "enum: [Available, sold]")],
        changes: &[],
        wire: &["types::PetStatus::Available: value"],
    },
];

/// The same pairs in the evolving shape (`#[non_exhaustive]` types, `new(<required>)` and
/// setters, which the surface lists as `types::X::new()` and `types::X::<field>()`; a
/// setter's change is named on its field's line): the additive changes specs make all the
/// time are additive in Rust too.
const EVOLVING_CASES: &[Case] = &[
    Case {
        rule: "evolving: optional request field added: additive (the field, with its setter)",
        old: &[],
        new: &[(
            "                Tag: {type: string}",
            "                Tag: {type: string}\n                Color: {type: string}",
        )],
        changes: &["types::CreatePetRequest::color: additive"],
        wire: &[],
    },
    Case {
        rule: "evolving: response field added: additive",
        old: &[],
        new: &[(
            "        sid: {type: string}",
            "        sid: {type: string}\n        age: {type: integer}",
        )],
        changes: &["types::Pet::age: additive"],
        wire: &[],
    },
    Case {
        rule: "evolving: required request field added: breaking (`new` gains an argument)",
        old: &[],
        new: &[
            ("required: [Name]", "required: [Name, Color]"),
            (
                "                Tag: {type: string}",
                "                Tag: {type: string}\n                Color: {type: string}",
            ),
        ],
        changes: &[
            "types::CreatePetRequest::color: additive",
            "types::CreatePetRequest::new(): breaking",
        ],
        wire: &[],
    },
    Case {
        rule: "evolving: enum variant added: additive (#[non_exhaustive] enum)",
        old: &[],
        new: &[(
            "enum: [available, sold]",
            "enum: [available, sold, pending]",
        )],
        changes: &["types::PetStatus::Pending: additive"],
        wire: &[],
    },
    Case {
        rule: "evolving: field made required: breaking (field type and setter, `new` argument)",
        old: &[],
        new: &[("required: [Name]", "required: [Name, Tag]")],
        changes: &[
            "types::CreatePetRequest::new(): breaking",
            "types::CreatePetRequest::tag: breaking",
        ],
        wire: &[],
    },
    Case {
        rule: "evolving: optional field removed: breaking (the field, with its setter)",
        old: &[],
        new: &[("                Tag: {type: string}\n", "")],
        changes: &["types::CreatePetRequest::tag: breaking"],
        wire: &[],
    },
    Case {
        rule: "evolving: method added: additive",
        old: &[],
        new: &[("components:", LIST_TOYS)],
        changes: &["Client::list_toy: additive"],
        wire: &[],
    },
];

fn check_cases(cases: &[Case], shape: ApiShape) {
    let mut failures = Vec::new();
    for case in cases {
        let report = report_in(shape, &edited(case.old), &edited(case.new));
        let (changes, wire) = classified(&report);
        if changes != case.changes || wire != case.wire {
            failures.push(format!(
                "{}:\n  expected {:?} / wire {:?}\n  got      {changes:?} / wire {wire:?}\n{}",
                case.rule,
                case.changes,
                case.wire,
                report.render(Format::Text, None)
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_classifies_its_pair() {
    check_cases(CASES, ApiShape::Literals);
}

#[test]
fn every_rule_classifies_its_pair_in_the_evolving_shape() {
    check_cases(EVOLVING_CASES, ApiShape::Evolving);
    let text = report_in(
        ApiShape::Evolving,
        BASE,
        &edited(&[("required: [Name]", "required: [Name, Tag]")]),
    )
    .render(Format::Text, None);
    assert!(
        text.contains("types::CreatePetRequest::new(): argument `tag: impl Into<String>` inserted at position 2"),
        "{text}"
    );
    assert!(
        text.contains("types::CreatePetRequest::tag: type `Option<String>` → `String` (with its setter `tag()`)"),
        "{text}"
    );
}

#[test]
fn the_report_says_what_changed() {
    let inserted = report(
        &edited(&[
            ("/v1/Owners/{OwnerSid}/Pets/{PetSid}", "/v1/Pets/{PetSid}"),
            (
                "        - {name: OwnerSid, in: path, required: true, schema: {type: string}}\n",
                "",
            ),
        ]),
        BASE,
    );
    let text = inserted.render(Format::Text, Some("0.4.2"));
    assert!(
        text.contains("Client::fetch_pet: argument `owner_sid: &str` inserted at position 1"),
        "{text}"
    );
    assert!(text.contains("next version 0.4.2 → 0.5.0"), "{text}");
    let required = report(
        BASE,
        &edited(&[("required: [Name]", "required: [Name, Tag]")]),
    );
    let text = required.render(Format::Text, None);
    assert!(
        text.contains("types::CreatePetRequest::tag: type `Option<String>` → `String`"),
        "{text}"
    );
    let renamed = report(
        BASE,
        &edited(&[
            (
                "{$ref: '#/components/schemas/pet_status'}",
                "{$ref: '#/components/schemas/animal_status'}",
            ),
            ("    pet_status:", "    animal_status:"),
        ]),
    );
    let (changes, _) = classified(&renamed);
    assert_eq!(
        changes,
        [
            "types::AnimalStatus: additive",
            "types::Pet::status: breaking",
            "types::PetStatus: breaking"
        ]
    );
    let text = renamed.render(Format::Text, None);
    assert!(
        text.contains("types::PetStatus: removed enum `PetStatus` (renamed? `types::AnimalStatus` is new with the same members)"),
        "{text}"
    );
    let reordered = report(
        BASE,
        &edited(&[("/v1/Owners/{OwnerSid}/Pets/{PetSid}", "/v1/Pets/{PetSid}/Owners/{OwnerSid}"), (
            "        - {name: OwnerSid, in: path, required: true, schema: {type: string}}\n        - {name: PetSid, in: path, required: true, schema: {type: string}}",
            "        - {name: PetSid, in: path, required: true, schema: {type: string}}\n        - {name: OwnerSid, in: path, required: true, schema: {type: string}}",
        )]),
    );
    let markdown = reordered.render(Format::Markdown, None);
    assert!(
        markdown.contains("- `Client::fetch_pet`: arguments reordered (owner_sid: &str, pet_sid: &str) → (pet_sid: &str, owner_sid: &str)"),
        "{markdown}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&reordered.render(Format::Json, Some("1.2.3")))
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json["breaking"], true);
    assert_eq!(json["next_version"], "2.0.0");
    assert_eq!(json["counts"]["breaking"], 1);
    assert_eq!(json["changes"][0]["class"], "breaking");
}

#[test]
fn the_verdict_follows_the_largest_class_and_cargo_pre_1_0_rules() {
    let same = report(BASE, BASE);
    assert!(same.changes.is_empty() && same.wire.is_empty());
    assert_eq!(same.bump(), Bump::None);
    assert_eq!(same.next_version("0.3.1").as_deref(), Some("0.3.1"));
    let additive = report(BASE, &edited(&[("components:", LIST_TOYS)]));
    assert_eq!(
        (additive.bump(), additive.count(Class::Additive)),
        (Bump::Minor, 1)
    );
    assert!(!additive.is_breaking());
    let table = [
        ("0.3.1", Bump::Major, "0.4.0"),
        ("0.3.1", Bump::Minor, "0.3.2"),
        ("0.3.1", Bump::Patch, "0.3.2"),
        ("0.0.7", Bump::Major, "0.0.8"),
        ("1.4.2", Bump::Major, "2.0.0"),
        ("1.4.2", Bump::Minor, "1.5.0"),
        ("1.4.2-beta.1", Bump::Patch, "1.4.3"),
    ];
    for (current, bump, next) in table {
        assert_eq!(
            diff::next_version(current, bump).as_deref(),
            Some(next),
            "{current} {bump:?}"
        );
    }
    assert_eq!(diff::next_version("one", Bump::Major), None);
}

fn write_pair(dir: &Path, new: &str) -> (PathBuf, PathBuf) {
    let (old_path, new_path) = (dir.join("old.yaml"), dir.join("new.yaml"));
    std::fs::write(&old_path, BASE).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&new_path, new).unwrap_or_else(|e| panic!("{e}"));
    (old_path, new_path)
}

fn run(dir: &Path, args: &[&Path]) -> (Option<i32>, String, String) {
    support::run_diff(dir, args)
}

#[test]
fn the_subcommand_exits_3_on_breaking_changes_and_reads_spec_directories() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (old, new) = write_pair(
        dir.path(),
        &edited(&[("enum: [available, sold]", "enum: [sold]")]),
    );
    let (code, stdout, stderr) = run(dir.path(), &[&old, &new]);
    assert_eq!(code, Some(3), "{stderr}");
    assert!(
        stdout.contains("types::PetStatus::Available: removed variant `Available`"),
        "{stdout}"
    );
    // Directories, and the additive case.
    let (old_dir, new_dir) = (dir.path().join("a"), dir.path().join("b"));
    for (d, spec) in [
        (&old_dir, BASE.to_owned()),
        (&new_dir, edited(&[("components:", LIST_TOYS)])),
    ] {
        std::fs::create_dir(d).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(d.join("pets.yaml"), spec).unwrap_or_else(|e| panic!("{e}"));
    }
    let format = Path::new("--format");
    let json = Path::new("json");
    let (code, stdout, stderr) = run(dir.path(), &[&old_dir, &new_dir, format, json]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("\"bump\": \"minor\""), "{stdout}");
    // A new enum value breaks exhaustive matches, not those of a #[non_exhaustive] enum.
    let (old, new) = write_pair(
        dir.path(),
        &edited(&[(
            "enum: [available, sold]",
            "enum: [available, sold, pending]",
        )]),
    );
    let (code, _, stderr) = run(dir.path(), &[&old, &new]);
    assert_eq!(code, Some(3), "{stderr}");
    let shape = [Path::new("--api-shape"), Path::new("evolving")];
    let (code, stdout, stderr) = run(dir.path(), &[&old, &new, shape[0], shape[1]]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("types::PetStatus::Pending: added variant `Pending`"),
        "{stdout}"
    );
    let (code, _, stderr) = run(dir.path(), &[&old, &new, shape[0], Path::new("open")]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("unknown --api-shape `open`"), "{stderr}");
}

#[test]
fn the_subcommand_exits_1_on_a_spec_error_and_2_on_bad_usage() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (old, new) = write_pair(dir.path(), "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Nope'}}}}}\n");
    let (code, _, stderr) = run(dir.path(), &[&old, &new]);
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("new.yaml") && stderr.contains("Nope"),
        "{stderr}"
    );
    let (code, _, stderr) = run(dir.path(), &[&old]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("diff needs two specs"), "{stderr}");
    let (code, _, stderr) = run(
        dir.path(),
        &[&old, &old, Path::new("--format"), Path::new("yaml")],
    );
    assert_eq!(code, Some(2));
    assert!(stderr.contains("unknown --format `yaml`"), "{stderr}");
}
