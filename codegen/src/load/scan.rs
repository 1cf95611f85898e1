//! Cheap scans of a spec's text that decide whether it needs the reference pass.

/// Whether `text` has any `$ref` whose target does not start with `#` (a cheap scan, so
/// single-file specs pay nothing).
pub(super) fn has_external_refs(text: &str) -> bool {
    text.match_indices("$ref").any(|(at, _)| {
        let rest = text[at + 4..].trim_start_matches(['"', '\'']).trim_start();
        let Some(value) = rest.strip_prefix(':') else {
            return false;
        };
        // Only a scalar on the same line is a reference target (a property named `$ref` has a
        // mapping as its value).
        let value = value.lines().next().unwrap_or_default().trim();
        let target = value.trim_start_matches(['"', '\'']);
        !(value.is_empty() || value.starts_with(['{', '[', '|', '>']) || target.starts_with('#'))
    })
}

/// Whether `text` has a local `$ref` that does not name a component (`#/paths/~1a/get/...`):
/// one the reference pass hoists into components.
pub(super) fn has_deep_local_refs(text: &str) -> bool {
    ref_targets(text).any(|target| {
        target.strip_prefix("#/").is_some_and(|rest| {
            let mut tokens = rest.split('/');
            !(tokens.next() == Some("components")
                && tokens.next().is_some()
                && tokens.next().is_some()
                && tokens.next().is_none())
        })
    })
}

/// The scalar targets of the `$ref`s in `text`, roughly (quotes trimmed).
fn ref_targets(text: &str) -> impl Iterator<Item = &str> {
    text.match_indices("$ref").filter_map(|(at, _)| {
        let rest = text[at + 4..].trim_start_matches(['"', '\'']).trim_start();
        let value = rest.strip_prefix(':')?;
        let value = value.lines().next().unwrap_or_default().trim();
        let value = value.trim_start_matches(['"', '\'']);
        let end = value
            .find(['"', '\'', ',', '}', ' '])
            .unwrap_or(value.len());
        Some(&value[..end])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_finds_only_external_refs() {
        assert!(!has_external_refs(
            "a: {$ref: '#/components/schemas/A'}\nb:\n  $ref: \"#/x\""
        ));
        assert!(has_external_refs("a: {$ref: 'pet.yaml#/Pet'}"));
        assert!(has_external_refs("{\"$ref\": \"common.json\"}"));
        assert!(has_external_refs("$ref: https://example.com/x.yaml"));
        assert!(!has_external_refs(
            "properties:\n  $ref:\n    type: string\n  x: {$ref: {type: string}}"
        ));
    }

    #[test]
    fn scan_finds_local_refs_to_other_nodes() {
        assert!(!has_deep_local_refs(
            "a: {$ref: '#/components/schemas/A'}\n\"$ref\": \"#/components/responses/B\","
        ));
        assert!(has_deep_local_refs(
            "a: {$ref: '#/paths/~1a/get/parameters/0'}"
        ));
        assert!(has_deep_local_refs(
            "{\"$ref\": \"#/components/schemas/A/properties/b\"}"
        ));
        assert!(!has_deep_local_refs("a: {$ref: 'pet.yaml#/Pet'}"));
    }
}
