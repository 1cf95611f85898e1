//! A spec as plain JSON (`serde_json::Value`), with `$ref` resolution and JSON pointers.
//!
//! The harness reads schemas from the JSON form of the spec rather than from `openapiv3`'s
//! typed model: it needs exactly what Prism sees (every keyword, examples, `$ref`s as written)
//! and builds JSON pointers to name examples.

use std::path::Path;

use serde_json::{Map, Value};

/// One spec file, parsed into JSON.
pub struct Spec {
    /// File name, used to prefix JSON pointers in messages (`twilio_chat_v1.yaml#/paths/..`).
    pub file: String,
    /// The whole document.
    pub root: Value,
}

impl Spec {
    /// Reads a YAML or JSON spec.
    pub fn read(path: &Path) -> Result<Spec, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
        let root = parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Spec::new(path, root))
    }

    /// A spec read from `path` (named by its file name).
    pub fn new(path: &Path, root: Value) -> Spec {
        let file = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        Spec { file, root }
    }

    /// Follows `$ref` chains (local references only) to the referenced node.
    pub fn resolve<'a>(&'a self, mut node: &'a Value) -> Result<&'a Value, String> {
        for _ in 0..64 {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                return Ok(node);
            };
            let pointer = reference
                .strip_prefix('#')
                .ok_or_else(|| format!("`$ref: {reference}` is not a local reference"))?;
            node = self
                .root
                .pointer(pointer)
                .ok_or_else(|| format!("`$ref: {reference}` points nowhere"))?;
        }
        Err("`$ref` chain too long (a cycle?)".to_owned())
    }

    /// The properties an object schema declares, with those of its `allOf` members at any
    /// depth (the first of a name wins), `$ref`s followed.
    pub fn properties<'a>(&'a self, schema: &'a Value) -> Vec<(&'a String, &'a Value)> {
        let mut found = Vec::new();
        self.collect_properties(schema, &mut found, 0);
        found
    }

    fn collect_properties<'a>(
        &'a self,
        schema: &'a Value,
        found: &mut Vec<(&'a String, &'a Value)>,
        depth: usize,
    ) {
        // Deeper than any sane schema: a cycle of `allOf`s.
        const MAX_DEPTH: usize = 16;
        let Ok(schema) = self.resolve(schema) else {
            return;
        };
        if depth > MAX_DEPTH {
            return;
        }
        for (name, property) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if !found.iter().any(|(known, _)| *known == name) {
                found.push((name, property));
            }
        }
        for member in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.collect_properties(member, found, depth + 1);
        }
    }
}

/// Parses YAML or JSON text into JSON. YAML mapping keys that are not strings (response codes
/// such as `200`) become strings, as a JSON document would have them.
pub fn parse(text: &str) -> Result<Value, String> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"));
    }
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(text).map_err(|e| format!("invalid YAML: {e}"))?;
    yaml_to_json(yaml)
}

fn yaml_to_json(yaml: serde_yaml::Value) -> Result<Value, String> {
    Ok(match yaml {
        serde_yaml::Value::Null => Value::Null,
        serde_yaml::Value::Bool(b) => Value::Bool(b),
        serde_yaml::Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Value::Number)
                    .ok_or_else(|| format!("number {f} has no JSON form"))?
            }
        }
        serde_yaml::Value::String(s) => Value::String(s),
        serde_yaml::Value::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(yaml_to_json)
                .collect::<Result<_, _>>()?,
        ),
        serde_yaml::Value::Mapping(mapping) => {
            let mut object = Map::new();
            for (key, value) in mapping {
                let key = match key {
                    serde_yaml::Value::String(s) => s,
                    serde_yaml::Value::Number(n) => n.to_string(),
                    serde_yaml::Value::Bool(b) => b.to_string(),
                    other => return Err(format!("unsupported YAML mapping key {other:?}")),
                };
                object.insert(key, yaml_to_json(value)?);
            }
            Value::Object(object)
        }
        serde_yaml::Value::Tagged(tagged) => yaml_to_json(tagged.value)?,
    })
}

/// The names a schema's `required` lists (its string entries), in order.
pub fn required_names(schema: &Value) -> Vec<&str> {
    schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// Escapes one JSON pointer token (`/` → `~1`, `~` → `~0`).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
