//! An `allOf` read as the one schema it means, for synthesis.
//!
//! Specs put constraints in `allOf` members of their own: `{required: [name]}` beside a
//! `$ref`, `{default: false}` beside a boolean, or a `oneOf` of `{required: [before]}` /
//! `{required: [after]}` saying "exactly one of these". Building a value per member and
//! merging the values would turn such a member into a value of its own (a bare string); the
//! members' schemas are merged instead: properties (one two members define is the `allOf` of
//! both, and so are two `items`) and `required` lists are united, other
//! keywords kept from the first member that has them, and a `oneOf`/`anyOf` of such
//! constraint-only alternatives contributes its first alternative's `required` while the
//! properties only the other alternatives require are left out (sending them too would match
//! several alternatives of a `oneOf`).

use serde_json::{Map, Value};

use crate::spec::Spec;

/// Keywords a constraint-only schema may have: it names no type and holds no value shape.
const CONSTRAINT_KEYWORDS: [&str; 6] = [
    "required",
    "description",
    "title",
    "default",
    "nullable",
    "deprecated",
];

fn constraint_only(schema: &Value) -> bool {
    schema.as_object().is_some_and(|object| {
        object
            .keys()
            .all(|k| CONSTRAINT_KEYWORDS.contains(&k.as_str()))
    })
}

fn names(schema: &Value) -> Vec<String> {
    crate::spec::required_names(schema)
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// `schema` (which has an `allOf`) as one schema; `None` when its members cannot be merged
/// (two alternatives lists that are not constraint-only), and the caller merges values.
pub fn merged(spec: &Spec, schema: &Value) -> Result<Option<Value>, String> {
    let mut merged = Map::new();
    let mut left_out = Vec::new();
    if !merge_into(spec, schema, &mut merged, &mut left_out, 0)? {
        return Ok(None);
    }
    let required = names(&Value::Object(merged.clone()));
    if let Some(Value::Object(properties)) = merged.get_mut("properties") {
        for name in left_out.iter().filter(|name| !required.contains(name)) {
            properties.remove(name);
        }
    }
    Ok(Some(Value::Object(merged)))
}

fn merge_into(
    spec: &Spec,
    schema: &Value,
    merged: &mut Map<String, Value>,
    left_out: &mut Vec<String>,
    depth: usize,
) -> Result<bool, String> {
    if depth > crate::values::MAX_DEPTH {
        return Err("the schema nests too deeply".to_owned());
    }
    let schema = spec.resolve(schema)?;
    let Some(object) = schema.as_object() else {
        return Ok(true);
    };
    for (key, value) in object {
        match key.as_str() {
            "allOf" => {
                for part in value.as_array().into_iter().flatten() {
                    if !merge_into(spec, part, merged, left_out, depth + 1)? {
                        return Ok(false);
                    }
                }
            }
            "properties" => {
                let entry = merged
                    .entry("properties")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let (Value::Object(all), Some(more)) = (entry, value.as_object()) {
                    // A property two members define is both (a member often only adds
                    // `required` to a property another one types).
                    for (name, property) in more {
                        match all.get_mut(name) {
                            Some(earlier) if earlier != property => {
                                *earlier =
                                    serde_json::json!({"allOf": [earlier.clone(), property]});
                            }
                            Some(_) => {}
                            None => {
                                all.insert(name.clone(), property.clone());
                            }
                        }
                    }
                }
            }
            "items" => match merged.get_mut("items") {
                Some(earlier) if earlier != value => {
                    *earlier = serde_json::json!({"allOf": [earlier.clone(), value]});
                }
                Some(_) => {}
                None => {
                    merged.insert(key.clone(), value.clone());
                }
            },
            "required" => add_required(merged, names(schema)),
            "oneOf" | "anyOf" => {
                let alternatives = value.as_array().map(Vec::as_slice).unwrap_or_default();
                if !alternatives.is_empty() && alternatives.iter().all(constraint_only) {
                    add_required(merged, names(&alternatives[0]));
                    left_out.extend(alternatives[1..].iter().flat_map(names));
                } else if merged.contains_key("oneOf") || merged.contains_key("anyOf") {
                    return Ok(false);
                } else {
                    merged.insert(key.clone(), value.clone());
                }
            }
            _ => {
                merged.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
    }
    Ok(true)
}

/// `alternative` of `schema`'s `key` (`oneOf`/`anyOf`) with the keywords `schema` states
/// beside the list (`{type: string, anyOf: [{format: date-time}, {format: date}]}`: each
/// alternative is a string), as an `allOf` of both; `alternative` alone when there are none.
pub fn with_siblings(schema: &Value, key: &str, alternative: &Value) -> Value {
    let Some(object) = schema.as_object() else {
        return alternative.clone();
    };
    let siblings: Map<String, Value> = object
        .iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "oneOf"
                    | "anyOf"
                    | "discriminator"
                    | "example"
                    | "examples"
                    | "description"
                    | "title"
            ) && k.as_str() != key
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if siblings.is_empty() {
        return alternative.clone();
    }
    serde_json::json!({"allOf": [Value::Object(siblings), alternative]})
}

fn add_required(merged: &mut Map<String, Value>, more: Vec<String>) {
    let entry = merged
        .entry("required")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(all) = entry {
        for name in more {
            if !all.iter().any(|n| n.as_str() == Some(&name)) {
                all.push(Value::String(name));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::merged;
    use crate::spec::Spec;

    fn spec() -> Spec {
        Spec::new(
            std::path::Path::new("test.yaml"),
            json!({
                "components": {"schemas": {
                    "color": {"type": "boolean"},
                    "base": {"type": "object", "properties": {"name": {"type": "string"}, "note": {"type": "string"}}}
                }}
            }),
        )
    }

    #[test]
    fn constraint_members_join_the_schema_they_constrain() {
        let spec = spec();
        let boolean =
            json!({"allOf": [{"$ref": "#/components/schemas/color"}, {"default": false}]});
        assert_eq!(
            merged(&spec, &boolean).unwrap(),
            Some(json!({"type": "boolean", "default": false}))
        );
        let required =
            json!({"allOf": [{"$ref": "#/components/schemas/base"}, {"required": ["name"]}]});
        let merged_required = merged(&spec, &required).unwrap().unwrap();
        assert_eq!(merged_required["required"], json!(["name"]));
        assert_eq!(merged_required["type"], json!("object"));
    }

    #[test]
    fn one_of_required_alternatives_keep_the_first_and_leave_out_the_others() {
        let spec = spec();
        let schema = json!({"allOf": [
            {"type": "object", "properties": {"before": {"type": "string"}, "after": {"type": "string"}}},
            {"oneOf": [{"required": ["before"]}, {"required": ["after"]}]}
        ]});
        let merged = merged(&spec, &schema).unwrap().unwrap();
        assert_eq!(merged["required"], json!(["before"]));
        assert_eq!(merged["properties"], json!({"before": {"type": "string"}}));
    }

    #[test]
    fn a_property_several_members_declare_meets_all_of_them() {
        let spec = spec();
        let schema = json!({"allOf": [
            {"type": "object", "properties": {"stream": {"anyOf": [{"type": "boolean"}, {"type": "null"}]}}},
            {"type": "object", "properties": {"stream": {"type": "boolean", "enum": [false]}}}
        ]});
        let merged = merged(&spec, &schema).unwrap().unwrap();
        let value = crate::values::synthesize(&spec, &merged, false, crate::values::Fill::All);
        assert_eq!(value.unwrap(), json!({"stream": false}));
    }

    #[test]
    fn alternatives_inherit_the_keywords_beside_them() {
        let spec = spec();
        let schema = json!({"type": "string", "description": "d", "anyOf": [{"format": "date-time"}, {"format": "date"}]});
        let first = super::with_siblings(&schema, "anyOf", &schema["anyOf"][0]);
        assert_eq!(
            merged(&spec, &first).unwrap(),
            Some(json!({"type": "string", "format": "date-time"}))
        );
        let bare = json!({"oneOf": [{"type": "integer"}]});
        assert_eq!(
            super::with_siblings(&bare, "oneOf", &bare["oneOf"][0]),
            json!({"type": "integer"})
        );
    }

    #[test]
    fn two_real_alternatives_lists_are_not_merged() {
        let spec = spec();
        let schema = json!({"allOf": [
            {"oneOf": [{"type": "string"}, {"type": "integer"}]},
            {"oneOf": [{"type": "string"}, {"type": "boolean"}]}
        ]});
        assert_eq!(merged(&spec, &schema).unwrap(), None);
    }
}
