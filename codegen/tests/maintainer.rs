//! What a maintainer sees when editing the spec: the generated client follows the edit, and
//! nothing else moves; and, in a copy of this repository's crate, `cargo build` sums up what
//! the edit changes for callers in one warning and `cargo test` fails with the report on top.

#[allow(dead_code)] // each test file uses a part of it
mod support;

use std::path::Path;

use support::{printed, repo_path, workspace, Throwaway};

fn invite_spec_text() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/twilio_chat_v1_invite.yaml");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"))
}

fn generate(dir: &Path, text: &str) -> String {
    let path = dir.join("twilio_chat_v1_invite.yaml");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    match specweave::Generator::new().spec(&path).generate() {
        Ok(generated) => generated.code,
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn one_more_optional_body_field_generates_one_more_field() {
    let original = invite_spec_text();
    let mut spec: serde_yaml::Value =
        serde_yaml::from_str(&original).unwrap_or_else(|e| panic!("{e}"));
    let properties = &mut spec["paths"]["/v1/Services/{ServiceSid}/Channels/{ChannelSid}/Invites"]
        ["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
        ["properties"];
    let Some(properties) = properties.as_mapping_mut() else {
        panic!("CreateInvite body properties not found");
    };
    properties.insert(
        "Attributes".into(),
        serde_yaml::from_str("{type: string, description: Extra JSON attributes.}")
            .unwrap_or_else(|e| panic!("{e}")),
    );
    let edited = serde_yaml::to_string(&spec).unwrap_or_else(|e| panic!("{e}"));

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    // Same serializer for both sides, so the only difference is the edit.
    let reserialized: serde_yaml::Value =
        serde_yaml::from_str(&original).unwrap_or_else(|e| panic!("{e}"));
    let before = generate(
        dir.path(),
        &serde_yaml::to_string(&reserialized).unwrap_or_default(),
    );
    let after = generate(dir.path(), &edited);

    let before_lines: Vec<&str> = before.lines().collect();
    let after_lines: Vec<&str> = after.lines().collect();
    let added: Vec<&str> = after_lines
        .iter()
        .filter(|l| !before_lines.contains(l))
        .copied()
        .collect();
    let removed: Vec<&str> = before_lines
        .iter()
        .filter(|l| !after_lines.contains(l))
        .copied()
        .collect();
    assert!(removed.is_empty(), "lines removed: {removed:#?}");
    assert_eq!(
        added,
        [
            "        /// Extra JSON attributes.",
            "        #[serde(rename = \"Attributes\", skip_serializing_if = \"Option::is_none\")]",
            "        pub attributes: Option<String>,",
        ]
        .iter()
        .filter(|l| !before_lines.contains(l))
        .copied()
        .collect::<Vec<_>>()
    );
    assert!(after.contains("pub attributes: Option<String>,"));
    assert_eq!(after_lines.len(), before_lines.len() + 3);
}

/// The root crate's own spec edited as a Twilio release might: an optional request field
/// added (`CreateInviteRequest::attributes`, breaking under today's struct-literal shape) and
/// a response field removed (`ChatV1ServiceChannelInvite::url`).
fn released_spec() -> String {
    let url = "        url:\n          type: string\n          format: uri\n          nullable: true\n          \
               description: Absolute URL at which this Invite resource can be retrieved.\n";
    let role = "                RoleSid:\n";
    let spec = invite_spec_text();
    assert_eq!(
        (spec.matches(url).count(), spec.matches(role).count()),
        (1, 1)
    );
    let attributes =
        "                Attributes:\n                  type: string\n                  \
                      description: A valid JSON string with arbitrary attributes.\n";
    spec.replace(url, "")
        .replace(role, &format!("{attributes}{role}"))
}

fn root_file(path: &str) -> String {
    std::fs::read_to_string(workspace().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The whole flow in a throwaway copy of the root crate (its build.rs, src/lib.rs,
/// tests/snapshot.rs and accepted snapshots, byte for byte) with the spec edited: one build
/// and one test run.
#[test]
fn a_spec_edit_is_summed_up_by_cargo_build_and_reported_first_by_cargo_test() {
    let krate = Throwaway::new();
    krate
        .write(
            "Cargo.toml",
            &format!(
                "[package]\nname = \"chat-copy\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
                 [dependencies]\nspecweave-runtime = {{ path = {runtime:?} }}\n\n\
                 [build-dependencies]\nspecweave = {{ path = {generator:?} }}\n\n\
                 [dev-dependencies]\nspecweave = {{ path = {generator:?} }}\ninsta = \"1\"\n\n\
                 [workspace]\n",
                runtime = repo_path("codegen/runtime"),
                generator = repo_path("codegen"),
            ),
        )
        .write("build.rs", &root_file("build.rs"))
        .write("src/lib.rs", &root_file("src/lib.rs"))
        .write("tests/snapshot.rs", &root_file("tests/snapshot.rs"))
        .write(
            "tests/common/generator.rs",
            &root_file("tests/common/generator.rs"),
        )
        .write(
            "generated/twilio_chat.snap",
            &root_file("generated/twilio_chat.snap"),
        )
        .write(
            "generated/twilio_chat_api.snap",
            &root_file("generated/twilio_chat_api.snap"),
        )
        .write("spec/twilio_chat_v1_invite.yaml", &released_spec());

    // Not `--quiet`: it hides build-script warnings too.
    let build = krate.cargo(&["build"]);
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert!(build.status.success(), "{stderr}");
    let summaries: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("spec change"))
        .collect();
    assert_eq!(
        summaries,
        ["warning: chat-copy@0.1.0: spec change: 2 breaking, 0 additive, 0 docs, 0 wire \
          (vs the accepted API in generated/twilio_chat_api.snap) — run `cargo test` for the report"],
        "{stderr}"
    );

    // Whatever the outer run was told, the nested insta must compare, not accept.
    let test = krate
        .cargo_command(&["test", "--quiet", "--test", "snapshot"])
        .env_remove("INSTA_UPDATE")
        .env_remove("INSTA_FORCE_PASS")
        .env("CI", "true")
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    let out = printed(&test);
    assert!(
        !test.status.success(),
        "the snapshot test must fail:\n{out}"
    );
    // The failed code-snapshot test's captured output: the report, then insta's diff.
    let section = out
        .split("---- generated_client_matches_the_snapshot stdout ----")
        .nth(1)
        .unwrap_or_else(|| panic!("no output of the failed snapshot test:\n{out}"));
    let report = "spec change: Twilio - Chat 1.0.0 → 1.0.0\n\
                  verdict: breaking (2 breaking, 0 additive, 0 docs, 0 wire); bump: major, \
                  next version 0.1.0 → 0.2.0\n\n\
                  Breaking (2):\n  \
                  types::ChatV1ServiceChannelInvite::url: removed field `url: Option<String>`\n  \
                  types::CreateInviteRequest::attributes: added field `attributes: Option<String>` \
                  to a struct callers can build with a literal";
    let at_report = section.find(report);
    let at_diff = section.find("-old snapshot");
    assert!(
        matches!((at_report, at_diff), (Some(r), Some(d)) if r < d),
        "report at {at_report:?}, insta's diff at {at_diff:?}:\n{section}"
    );
    // The record's own snapshot fails too, so one review accepts both.
    assert!(
        out.contains("generated_api_matches_the_accepted_record"),
        "{out}"
    );
}
