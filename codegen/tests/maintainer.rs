//! What a maintainer sees when editing the spec: the generated client follows the edit, and
//! nothing else moves.

use std::path::Path;

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
