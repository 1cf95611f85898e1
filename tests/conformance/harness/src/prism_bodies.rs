//! Request bodies Prism reads as text, in Prism's copy.
//!
//! Prism parses a request body only when its media type is JSON (or `+json`), a form or
//! multipart; any other body it holds as one string and validates that string against the
//! declared schema. A body that is a string (text, binary uploads) passes; one declared as
//! structured data in a media type Prism does not parse never does: OpenSearch's
//! `application/x-ndjson` bulk bodies, an `array` of actions, are refused with "Request body
//! must be array" whatever is sent. The client sends such bodies as the bytes it is given
//! (an upload), so there is nothing of them for Prism to check; the copy drops their schema.
//! What such a body holds is covered by the generator's wire tests, not by Prism.

use serde_json::Value;

use crate::spec::Spec;

/// Drops the schema of every request-body media type Prism reads as text when the schema is
/// not a string.
pub fn unchecked_text_bodies(document: &Spec, root: &mut Value) {
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for operation in item.values_mut() {
                if let Some(body) = operation.get_mut("requestBody") {
                    drop_schemas(document, body);
                }
            }
        }
    }
    if let Some(bodies) = root
        .pointer_mut("/components/requestBodies")
        .and_then(Value::as_object_mut)
    {
        for body in bodies.values_mut() {
            drop_schemas(document, body);
        }
    }
}

fn drop_schemas(document: &Spec, body: &mut Value) {
    let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) else {
        return;
    };
    for (media_type, media) in content.iter_mut() {
        if parsed_by_prism(media_type) {
            continue;
        }
        let Some(media) = media.as_object_mut() else {
            continue;
        };
        let textual = media
            .get("schema")
            .is_none_or(|schema| is_string(document, schema));
        if !textual {
            media.remove("schema");
        }
    }
}

/// JSON, `+json`, forms and multipart: what Prism parses before validating.
fn parsed_by_prism(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence.ends_with("+json")
        || essence == "application/x-www-form-urlencoded"
        || essence.starts_with("multipart/")
}

/// A `type: string` schema (through `$ref`s), or one with no type at all.
fn is_string(document: &Spec, schema: &Value) -> bool {
    let Ok(schema) = document.resolve(schema) else {
        return true;
    };
    match schema.get("type") {
        Some(Value::String(kind)) => kind == "string",
        Some(Value::Array(kinds)) => kinds.iter().any(|k| k == "string"),
        _ => !["properties", "items", "allOf", "oneOf", "anyOf"]
            .iter()
            .any(|key| schema.get(*key).is_some()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::Path;

    #[test]
    fn a_structured_body_prism_reads_as_text_loses_its_schema() {
        let root = json!({
            "paths": {"/_bulk": {"post": {"requestBody": {"$ref": "#/components/requestBodies/bulk"}}},
                      "/upload": {"put": {"requestBody": {"content": {
                          "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
                          "application/json": {"schema": {"type": "array"}}
                      }}}}},
            "components": {
                "requestBodies": {"bulk": {"content": {
                    "application/x-ndjson": {"schema": {"$ref": "#/components/schemas/Actions"}}
                }}},
                "schemas": {"Actions": {"type": "array", "items": {"type": "object"}}}
            }
        });
        let document = Spec::new(Path::new("spec.json"), root.clone());
        let mut copy = root;
        unchecked_text_bodies(&document, &mut copy);
        assert_eq!(
            copy.pointer("/components/requestBodies/bulk/content/application~1x-ndjson"),
            Some(&json!({}))
        );
        // A binary upload is a string, and JSON is parsed: both keep their schemas.
        let upload = &copy["paths"]["/upload"]["put"]["requestBody"]["content"];
        assert!(upload["application/octet-stream"].get("schema").is_some());
        assert!(upload["application/json"].get("schema").is_some());
    }
}
