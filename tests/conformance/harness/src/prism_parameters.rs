//! Parameter schemas in the copy Prism mocks (see `prism.rs`): without their `null`, and
//! with `anyOf` for `oneOf`.
//!
//! A parameter never carries a JSON `null`: the client leaves an absent optional parameter
//! out of the request. Specs written from Python models still type optional parameters as
//! `anyOf: [{type: array, items: ...}, {type: null}]` (or 3.1 `type: [array, null]`), and
//! Prism reads a query value by the schema's top-level `type` alone: without `type: array` it
//! keeps one `?status=QUEUED` as the string `"QUEUED"` and then refuses it ("must be array",
//! "must be null", "must match a schema in anyOf"), though that is how OpenAPI sends a
//! one-item array (form, exploded). The copy states such a schema as its one non-null
//! alternative, the keywords beside the `anyOf`/`oneOf` kept (a `default: null` dropped): it
//! accepts exactly the values that can be on the wire, so Prism still checks what the client
//! sends.
//!
//! On the wire a parameter is text, and Prism reads a text such as `true` or `5` as the
//! boolean or number a typed alternative wants and as the string a `string` alternative
//! wants, so a `oneOf` of a scalar and a string (OpenSearch's `StringifiedBoolean`,
//! `Refresh`, `SourceConfigParam`, ...) never has exactly one match, whatever is sent
//! ("must match exactly one schema in oneOf"). The copy states each `oneOf` of a parameter's
//! schema (inlined from its `$ref`s) as `anyOf`: a value must still fit an alternative.
//!
//! Prism reads a header or path parameter by its style and its schema's `type`, and splits
//! the text without checking what it got: a request without an optional array or object
//! header, or with a comma in an array or object path parameter (Prism's URI template match
//! has already made it a list, which the `simple`, `label` and `matrix` readers all take for
//! text), makes the Prism process exit (`TypeError: Cannot read properties of undefined
//! (reading 'split')`, `value.split is not a function`, `startsWith is not a function`),
//! failing every call after it. So does a query parameter in `spaceDelimited` or
//! `pipeDelimited` style whose schema is not an array (OpenAPI allows objects; Prism throws
//! `delimited style is only applicable to array parameter` on every request). The copy gives
//! such a parameter an empty schema and no `style`, so Prism takes it as it comes; the
//! client's encodings of them are checked byte for byte by fixture-client's
//! `tests/parameter_styles.rs`, `tests/path_params.rs` and the runtime's style tests
//! (`codegen/runtime/src/tests/style.rs`).

use serde_json::{Map, Value};

use crate::spec::Spec;

/// Rewrites, in `root` (a copy of `document`'s), the schema of every inline parameter (of a
/// path, an operation or `components/parameters`) that is nullable or holds a `oneOf` as
/// above; returns how many.
pub fn rewrite_parameter_schemas(document: &Spec, root: &mut Value) -> usize {
    let mut rewritten = 0;
    let mut visit = |parameters: Option<&mut Value>| {
        let Some(Value::Array(parameters)) = parameters else {
            return;
        };
        for parameter in parameters {
            rewritten += usize::from(rewrite(document, parameter));
        }
    };
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for item in paths.values_mut() {
            let Value::Object(item) = item else {
                continue;
            };
            visit(item.get_mut("parameters"));
            for method in crate::raw::METHODS {
                visit(item.get_mut(method).and_then(|op| op.get_mut("parameters")));
            }
        }
    }
    if let Some(Value::Object(components)) = root.pointer_mut("/components/parameters") {
        for parameter in components.values_mut() {
            rewritten += usize::from(rewrite(document, parameter));
        }
    }
    rewritten
}

/// Rewrites one inline parameter's schema; whether it did.
fn rewrite(document: &Spec, parameter: &mut Value) -> bool {
    if parameter.get("$ref").is_some() {
        return false;
    }
    let Some(schema) = parameter.get("schema") else {
        return false;
    };
    if split_by_prism(document, parameter, schema) {
        if let Value::Object(fields) = parameter {
            fields.insert("schema".to_owned(), serde_json::json!({}));
            fields.remove("style");
            fields.remove("explode");
        }
        return true;
    }
    let without = without_null(document, schema);
    let loosened = one_of_as_any_of(document, without.as_ref().unwrap_or(schema), 0);
    let Some(rewritten) = loosened.or(without) else {
        return false;
    };
    if let Value::Object(fields) = parameter {
        fields.insert("schema".to_owned(), rewritten);
    }
    true
}

/// Whether `parameter` is one Prism's reading can fail on (see the module docs): an
/// optional header or a path parameter whose schema (after `$ref`s, without a `null`
/// alternative) is an array or an object, or a delimited query parameter that is no array.
fn split_by_prism(document: &Spec, parameter: &Value, schema: &Value) -> bool {
    let without = without_null(document, schema);
    let kind = document
        .resolve(without.as_ref().unwrap_or(schema))
        .ok()
        .and_then(|resolved| resolved.get("type"))
        .and_then(Value::as_str);
    let structured = matches!(kind, Some("array" | "object"));
    match parameter.get("in").and_then(Value::as_str) {
        Some("header") => structured && parameter.get("required") != Some(&Value::Bool(true)),
        Some("path") => structured,
        Some("query") => {
            let delimited = matches!(
                parameter.get("style").and_then(Value::as_str),
                Some("spaceDelimited" | "pipeDelimited")
            );
            delimited && kind != Some("array")
        }
        _ => false,
    }
}

/// `schema` with every `oneOf` inside it (through `$ref`s, which are inlined on the way) as
/// `anyOf`; `None` when it holds none.
fn one_of_as_any_of(document: &Spec, schema: &Value, depth: usize) -> Option<Value> {
    if depth > crate::values::MAX_DEPTH {
        return None;
    }
    let resolved = document.resolve(schema).ok()?;
    let object = resolved.as_object()?;
    let mut changed = false;
    let mut copy = Map::new();
    for (key, value) in object {
        let value = match key.as_str() {
            "oneOf" | "anyOf" | "allOf" => {
                changed |= key == "oneOf";
                let alternatives = value.as_array().map(|alternatives| {
                    alternatives
                        .iter()
                        .map(|alternative| {
                            one_of_as_any_of(document, alternative, depth + 1)
                                .inspect(|_| changed = true)
                                .unwrap_or_else(|| alternative.clone())
                        })
                        .collect()
                });
                alternatives.map_or_else(|| value.clone(), Value::Array)
            }
            "items" | "additionalProperties" => one_of_as_any_of(document, value, depth + 1)
                .inspect(|_| changed = true)
                .unwrap_or_else(|| value.clone()),
            "properties" => match value.as_object() {
                Some(properties) => Value::Object(
                    properties
                        .iter()
                        .map(|(name, property)| {
                            let property = one_of_as_any_of(document, property, depth + 1)
                                .inspect(|_| changed = true)
                                .unwrap_or_else(|| property.clone());
                            (name.clone(), property)
                        })
                        .collect(),
                ),
                None => value.clone(),
            },
            _ => value.clone(),
        };
        let key = if key == "oneOf" {
            "anyOf"
        } else {
            key.as_str()
        };
        copy.insert(key.to_owned(), value);
    }
    changed.then_some(Value::Object(copy))
}

/// `schema` (after `$ref`s) without its `null`: one non-null `anyOf`/`oneOf` alternative with
/// the keywords beside the list, or `type: [T, null]` as `type: T`; `None` when it is not
/// nullable that way (or has several non-null alternatives).
fn without_null(document: &Spec, schema: &Value) -> Option<Value> {
    let schema = document.resolve(schema).ok()?;
    let object = schema.as_object()?;
    if let Some(Value::Array(kinds)) = object.get("type") {
        let kinds: Vec<&Value> = kinds.iter().filter(|k| *k != "null").collect();
        let [kind] = kinds.as_slice() else {
            return None;
        };
        let mut copy = object.clone();
        copy.insert("type".to_owned(), (*kind).clone());
        drop_null_default(&mut copy);
        return Some(Value::Object(copy));
    }
    let (key, alternatives) = ["anyOf", "oneOf"]
        .iter()
        .find_map(|key| Some((*key, object.get(*key)?.as_array()?)))?;
    let (nulls, others): (Vec<&Value>, Vec<&Value>) = alternatives
        .iter()
        .partition(|alternative| is_null(document, alternative));
    let ([_, ..], [alternative]) = (nulls.as_slice(), others.as_slice()) else {
        return None;
    };
    let mut merged: Map<String, Value> = document.resolve(alternative).ok()?.as_object()?.clone();
    for (name, value) in object {
        if name != key && !merged.contains_key(name) {
            merged.insert(name.clone(), value.clone());
        }
    }
    drop_null_default(&mut merged);
    Some(Value::Object(merged))
}

/// Whether an alternative admits only `null`: `type: null` or `enum: [null]`.
fn is_null(document: &Spec, alternative: &Value) -> bool {
    let Ok(alternative) = document.resolve(alternative) else {
        return false;
    };
    alternative.get("type").and_then(Value::as_str) == Some("null")
        || alternative.get("enum") == Some(&Value::Array(vec![Value::Null]))
}

fn drop_null_default(schema: &mut Map<String, Value>) {
    if schema.get("default") == Some(&Value::Null) {
        schema.remove("default");
    }
}

#[cfg(test)]
mod tests {
    use super::rewrite_parameter_schemas;
    use crate::spec::Spec;
    use serde_json::json;

    #[test]
    fn nullable_parameter_schemas_lose_their_null() {
        let status = json!({"$ref": "#/components/schemas/status"});
        let document = Spec {
            file: "test.yaml".to_owned(),
            root: json!({
                "paths": {"/jobs": {
                    "parameters": [{"name": "tag", "in": "query", "schema": {"type": ["array", "null"], "items": {"type": "string"}}}],
                    "get": {"parameters": [
                        {"name": "status", "in": "query", "schema": {
                            "anyOf": [{"type": "array", "items": status}, {"type": "null"}],
                            "title": "Status", "default": null
                        }},
                        {"name": "either", "in": "query", "schema": {
                            "anyOf": [status, {"type": "array", "items": status}, {"type": "null"}]
                        }},
                        {"$ref": "#/components/parameters/limit"}
                    ]}
                }},
                "components": {
                    "parameters": {"limit": {"name": "limit", "in": "query", "schema": {
                        "oneOf": [{"$ref": "#/components/schemas/count"}, {"enum": [null]}]
                    }}},
                    "schemas": {
                        "status": {"type": "string", "enum": ["QUEUED"]},
                        "count": {"type": "integer", "minimum": 1}
                    }
                }
            }),
        };
        let mut copy = document.root.clone();
        assert_eq!(rewrite_parameter_schemas(&document, &mut copy), 3);
        let get = &copy["paths"]["/jobs"]["get"]["parameters"];
        assert_eq!(
            get[0]["schema"],
            json!({"type": "array", "items": status, "title": "Status"})
        );
        assert_eq!(
            get[1],
            document.root["paths"]["/jobs"]["get"]["parameters"][1]
        );
        assert_eq!(
            copy["paths"]["/jobs"]["parameters"][0]["schema"],
            json!({"type": "array", "items": {"type": "string"}})
        );
        assert_eq!(
            copy["components"]["parameters"]["limit"]["schema"],
            json!({"type": "integer", "minimum": 1})
        );
    }

    #[test]
    fn a_one_of_in_a_parameter_schema_becomes_an_any_of() {
        let document = Spec {
            file: "test.yaml".to_owned(),
            root: json!({
                "paths": {"/_search": {"get": {"parameters": [
                    {"name": "refresh", "in": "query", "schema": {"$ref": "#/components/schemas/Refresh"}},
                    {"name": "size", "in": "query", "schema": {"type": "integer"}}
                ]}}},
                "components": {"schemas": {
                    "Refresh": {"oneOf": [{"type": "boolean"}, {"$ref": "#/components/schemas/Flag"}]},
                    "Flag": {"oneOf": [{"type": "string", "enum": ["true", "wait_for"]}]}
                }}
            }),
        };
        let mut copy = document.root.clone();
        assert_eq!(rewrite_parameter_schemas(&document, &mut copy), 1);
        let parameters = &copy["paths"]["/_search"]["get"]["parameters"];
        assert_eq!(
            parameters[0]["schema"],
            json!({"anyOf": [
                {"type": "boolean"},
                {"anyOf": [{"type": "string", "enum": ["true", "wait_for"]}]}
            ]})
        );
        assert_eq!(parameters[1]["schema"], json!({"type": "integer"}));
    }

    #[test]
    fn parameters_prism_splits_lose_their_schema() {
        let tags = json!({"type": "array", "items": {"type": "string"}});
        let document = Spec {
            file: "test.yaml".to_owned(),
            root: json!({
                "paths": {"/a/{ids}/{pair}": {"get": {"parameters": [
                    {"name": "X-Tags", "in": "header", "schema": tags},
                    {"name": "X-Pair", "in": "header", "schema": {"$ref": "#/components/schemas/Pair"}},
                    {"name": "X-Must", "in": "header", "required": true, "schema": tags},
                    {"name": "tags", "in": "query", "schema": tags},
                    {"name": "X-Id", "in": "header", "schema": {"type": "string", "format": "uuid"}},
                    {"name": "ids", "in": "path", "required": true, "schema": tags},
                    {"name": "pair", "in": "path", "required": true, "style": "label",
                     "schema": {"$ref": "#/components/schemas/Pair"}},
                    {"name": "near", "in": "query", "style": "pipeDelimited",
                     "schema": {"$ref": "#/components/schemas/Pair"}},
                    {"name": "words", "in": "query", "style": "spaceDelimited", "schema": tags}
                ]}}},
                "components": {"schemas": {"Pair": {"type": "object"}}}
            }),
        };
        let mut copy = document.root.clone();
        assert_eq!(rewrite_parameter_schemas(&document, &mut copy), 5);
        let parameters = &copy["paths"]["/a/{ids}/{pair}"]["get"]["parameters"];
        assert_eq!(parameters[0]["schema"], json!({}));
        assert_eq!(parameters[1]["schema"], json!({}));
        assert_eq!(
            parameters[2]["schema"], tags,
            "a required header is always sent"
        );
        assert_eq!(
            parameters[3]["schema"], tags,
            "queries are not split that way"
        );
        assert_eq!(
            parameters[4]["schema"],
            json!({"type": "string", "format": "uuid"})
        );
        assert_eq!(parameters[5]["schema"], json!({}));
        assert_eq!(
            parameters[6],
            json!({"name": "pair", "in": "path", "required": true, "schema": {}})
        );
        assert_eq!(
            parameters[7],
            json!({"name": "near", "in": "query", "schema": {}})
        );
        assert_eq!(
            parameters[8]["style"], "spaceDelimited",
            "an array is read well"
        );
    }
}
