//! One test per rule: a document in, the normalized document (and warnings) out.

use std::path::Path;

use serde_json::{json, Value};

use super::{normalize, Dialect};

/// Normalizes a 3.1 document whose only component schema is `schema`; returns that schema
/// and the warnings' texts.
fn schema_31(schema: Value) -> (Value, Vec<String>) {
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"S": schema}},
    });
    let warnings = normalize(&mut document, Path::new("t.yaml"), Dialect::V31);
    let texts = warnings.iter().map(ToString::to_string).collect();
    (document["components"]["schemas"]["S"].clone(), texts)
}

fn only(schema: Value) -> Value {
    let (normalized, warnings) = schema_31(schema);
    assert!(warnings.is_empty(), "{warnings:?}");
    normalized
}

#[test]
fn document_level_31_fields() {
    let mut document = json!({
        "openapi": "3.1.1",
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
        "info": {"title": "t", "version": "1", "summary": "short",
                 "license": {"name": "MIT", "identifier": "MIT"}},
        "webhooks": {"ping": {}},
    });
    let warnings = normalize(&mut document, Path::new("t.yaml"), Dialect::V31);
    assert_eq!(document["openapi"], "3.0.3");
    assert!(document.get("jsonSchemaDialect").is_none());
    assert!(document.get("webhooks").is_none());
    assert_eq!(document["paths"], json!({}));
    assert_eq!(document["info"]["description"], "short");
    let texts: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert!(
        texts[0].starts_with("t.yaml: #/webhooks: 1 webhook(s)"),
        "{texts:?}"
    );
    assert!(
        texts[1].starts_with("t.yaml: #: the document has no `paths`"),
        "{texts:?}"
    );
}

#[test]
fn nullable_type_arrays() {
    assert_eq!(
        only(json!({"type": ["string", "null"], "maxLength": 3})),
        json!({"type": "string", "maxLength": 3, "nullable": true})
    );
    assert_eq!(
        only(json!({"type": ["integer"]})),
        json!({"type": "integer"})
    );
    assert_eq!(only(json!({"type": "null"})), json!({"nullable": true}));
}

#[test]
fn several_types_become_a_one_of() {
    assert_eq!(
        only(
            json!({"type": ["string", "integer", "null"], "minimum": 1, "maxLength": 2,
                    "description": "d"})
        ),
        json!({"description": "d", "nullable": true, "oneOf": [
            {"type": "string", "maxLength": 2},
            {"type": "integer", "minimum": 1},
        ]})
    );
}

#[test]
fn const_becomes_a_typed_single_value_enum() {
    assert_eq!(
        only(json!({"const": "text"})),
        json!({"type": "string", "enum": ["text"]})
    );
    assert_eq!(
        only(json!({"const": 0})),
        json!({"type": "integer", "enum": [0]})
    );
    assert_eq!(
        only(json!({"type": "number", "const": 0})),
        json!({"type": "number", "enum": [0]})
    );
}

#[test]
fn const_branches_become_one_enum() {
    assert_eq!(
        only(json!({"oneOf": [
            {"const": 0, "title": "Off", "description": "Nothing."},
            {"const": 1, "title": "On"},
        ]})),
        json!({"type": "integer", "enum": [0, 1], "x-enum-varnames": ["Off", "On"],
               "x-enum-descriptions": ["Nothing.", ""]})
    );
    // Branches of different types stay a union.
    let mixed = only(json!({"anyOf": [{"const": "a"}, {"const": 1}]}));
    assert_eq!(mixed["anyOf"].as_array().map(Vec::len), Some(2));
}

#[test]
fn null_branches_become_nullable() {
    assert_eq!(
        only(json!({"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Name"})),
        json!({"title": "Name", "nullable": true, "type": "string"})
    );
    assert_eq!(
        only(json!({"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]})),
        json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
    );
    assert_eq!(
        only(json!({"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]})),
        json!({"nullable": true, "anyOf": [{"type": "string"}, {"type": "integer"}]})
    );
    // A clash with the outer schema's constraints keeps the branch apart.
    assert_eq!(
        only(json!({"type": "object", "anyOf": [{"type": "string"}, {"type": "null"}]})),
        json!({"type": "object", "nullable": true, "allOf": [{"type": "string"}]})
    );
}

#[test]
fn numeric_exclusive_bounds() {
    assert_eq!(
        only(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10})),
        json!({"type": "number", "exclusiveMinimum": true, "exclusiveMaximum": true,
               "minimum": 0, "maximum": 10})
    );
    // The stricter inclusive bound wins.
    assert_eq!(
        only(json!({"type": "integer", "minimum": 5, "exclusiveMinimum": 0})),
        json!({"type": "integer", "minimum": 5})
    );
}

#[test]
fn examples_array_becomes_example() {
    assert_eq!(
        only(json!({"type": "string", "examples": ["a", "b"]})),
        json!({"type": "string", "example": "a"})
    );
}

#[test]
fn boolean_schemas() {
    assert_eq!(
        only(
            json!({"type": "object", "properties": {"any": true, "none": false},
                    "additionalProperties": false})
        ),
        json!({"type": "object", "properties": {"any": {}, "none": {"not": {}}},
               "additionalProperties": false})
    );
}

#[test]
fn ref_with_siblings_keeps_their_meaning() {
    assert_eq!(
        only(json!({"$ref": "#/components/schemas/A", "description": "d", "nullable": true})),
        json!({"description": "d", "nullable": true,
               "allOf": [{"$ref": "#/components/schemas/A"}]})
    );
    assert_eq!(
        only(json!({"$ref": "#/components/schemas/A", "type": "object"})),
        json!({"$ref": "#/components/schemas/A"})
    );
    assert_eq!(
        only(json!({"$ref": "#/components/schemas/A", "required": ["x"]})),
        json!({"allOf": [{"$ref": "#/components/schemas/A"}, {"required": ["x"]}]})
    );
}

#[test]
fn content_encoding_and_media_type() {
    assert_eq!(
        only(json!({"type": "string", "contentEncoding": "base64"})),
        json!({"type": "string", "format": "byte"})
    );
    assert_eq!(
        only(json!({"type": "string", "contentMediaType": "image/png"})),
        json!({"type": "string", "format": "binary"})
    );
    assert_eq!(
        only(json!({"type": "string", "contentMediaType": "application/json"})),
        json!({"type": "string"})
    );
}

#[test]
fn inexpressible_keywords_are_dropped_with_located_warnings() {
    let (schema, warnings) = schema_31(json!({
        "type": "object",
        "properties": {
            "pair": {"type": "array", "prefixItems": [{"type": "integer"}], "items": false},
            "labels": {"type": "object", "patternProperties": {"^x": {"type": "string"}},
                       "additionalProperties": false},
        },
        "if": {"required": ["a"]}, "then": {"required": ["b"]},
        "dependentSchemas": {"a": {}},
        "$comment": "silently dropped", "propertyNames": {"pattern": "^[a-z]+$"},
    }));
    assert_eq!(
        schema,
        json!({"type": "object", "properties": {
            "pair": {"type": "array"},
            "labels": {"type": "object"},
        }})
    );
    let expected = [
        "#/components/schemas/S/if: conditional",
        "#/components/schemas/S/dependentSchemas:",
        "#/components/schemas/S/properties/pair/prefixItems: a tuple",
        "#/components/schemas/S/properties/labels/patternProperties:",
    ];
    assert_eq!(warnings.len(), expected.len(), "{warnings:?}");
    for (warning, fragment) in warnings.iter().zip(expected) {
        assert!(warning.contains(fragment), "{warning} lacks {fragment}");
    }
}

#[test]
fn embedded_defs_are_hoisted_into_components() {
    let mut document = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {
                "type": "object",
                "properties": {
                    "role": {"$ref": "#/$defs/Role"},
                    "data": {"oneOf": [{"$ref": "#/$defs/Same"}],
                             "discriminator": {"propertyName": "t",
                                               "mapping": {"s": "#/$defs/Same"}}},
                },
                "$defs": {
                    "Role": {"type": "string", "enum": ["a"]},
                    "Same": {"type": "object", "properties": {"r": {"$ref": "#/$defs/Role"}}},
                    "Unused": {"type": "string"},
                },
            }}}}}}}},
        "components": {"schemas": {
            "Role": {"type": "integer"},
            "Same": {"type": "object", "properties": {"r": {"$ref": "#/$defs/Role"}}},
        }},
    });
    let warnings = normalize(&mut document, Path::new("t.yaml"), Dialect::V31);
    assert!(warnings.is_empty(), "{warnings:?}");
    let schema = &document["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]
        ["schema"];
    assert!(schema.get("$defs").is_none());
    // `Role` clashes with a different component: hoisted as `Role2`.
    assert_eq!(
        schema["properties"]["role"]["$ref"],
        "#/components/schemas/Role2"
    );
    assert_eq!(
        document["components"]["schemas"]["Role2"],
        json!({"type": "string", "enum": ["a"]})
    );
    // `Same` is identical to the component of that name: reused.
    let data = &schema["properties"]["data"];
    assert_eq!(data["oneOf"][0]["$ref"], "#/components/schemas/Same");
    assert_eq!(
        data["discriminator"]["mapping"]["s"],
        "#/components/schemas/Same"
    );
    assert!(document["components"]["schemas"].get("Unused").is_none());
}

#[test]
fn bounds_that_do_not_fit_are_dropped_in_both_dialects() {
    for dialect in [Dialect::V30, Dialect::V31] {
        let mut document = json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"S": {
                "type": "integer", "minimum": 1.0, "maximum": 1e20, "maxLength": -1,
                "example": 1e30, "default": 1e25, "enum": [1e22, 0],
            }}},
        });
        let warnings = normalize(&mut document, Path::new("t.yaml"), dialect);
        let schema = &document["components"]["schemas"]["S"];
        assert_eq!(schema["minimum"], json!(1));
        assert!(schema.get("maximum").is_none() && schema.get("maxLength").is_none());
        // Data is kept as it is.
        assert_eq!(schema["example"], json!(1e30));
        assert_eq!(schema["enum"], json!([1e22, 0]));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }
}

#[test]
fn data_is_never_rewritten() {
    let example = json!({"$ref": "#/$defs/X", "type": ["string", "null"], "const": 1});
    let (schema, warnings) = schema_31(json!({
        "type": "object", "example": example, "default": example, "x-meta": example,
        "enum": [example],
    }));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(schema["example"], example);
    assert_eq!(schema["default"], example);
    assert_eq!(schema["x-meta"], example);
    assert_eq!(schema["enum"][0], example);
}

#[test]
fn the_30_dialect_keeps_30_shapes() {
    let mut document = json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
        "components": {"schemas": {"S": {
            "$ref": "#/components/schemas/A", "description": "ignored in 3.0",
        }}},
    });
    let before = document.clone();
    let warnings = normalize(&mut document, Path::new("t.yaml"), Dialect::V30);
    assert!(warnings.is_empty());
    assert_eq!(document, before);
}

#[test]
fn unreadable_exclusive_bounds_are_dropped() {
    let (schema, warnings) = schema_31(json!({"type": "number", "exclusiveMaximum": "1e+09"}));
    assert_eq!(schema, json!({"type": "number"}));
    assert!(warnings[0].contains("S/exclusiveMaximum: `exclusiveMaximum: \"1e+09\"` is neither"));
}

#[test]
fn responses_without_description_get_an_empty_one() {
    let mut document = json!({
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"get": {"responses": {"200": {}}}}},
        "components": {"responses": {"R": {"content": {}}, "S": {"$ref": "#/x"}}},
    });
    normalize(&mut document, Path::new("t.yaml"), Dialect::V31);
    assert_eq!(
        document["paths"]["/a"]["get"]["responses"]["200"]["description"],
        ""
    );
    assert_eq!(document["components"]["responses"]["R"]["description"], "");
    assert!(document["components"]["responses"]["S"]
        .get("description")
        .is_none());
}

#[test]
fn keywords_of_another_type_are_dropped() {
    let items = json!({"$ref": "#/components/schemas/Key"});
    assert_eq!(
        only(json!({"type": "object", "items": items, "properties": {"value": {}}})),
        json!({"type": "object", "properties": {"value": {}}})
    );
    assert_eq!(
        only(json!({"type": "array", "items": {}, "properties": {"a": {}}})),
        json!({"type": "array", "items": {}})
    );
    assert_eq!(
        only(json!({"type": "string", "items": {}, "properties": {"a": {}}})),
        json!({"type": "string"})
    );
    // Without one `type`, both may apply.
    let untyped = json!({"items": {}, "properties": {"a": {}}});
    assert_eq!(only(untyped.clone()), untyped);
}

#[test]
fn operations_without_responses_document_none() {
    let document = |version: &str| {
        json!({
            "openapi": version, "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"operationId": "a"}, "put": {"responses": {"204": {}}}}},
        })
    };
    let mut v31 = document("3.1.0");
    let warnings = normalize(&mut v31, Path::new("t.yaml"), Dialect::V31);
    assert_eq!(v31["paths"]["/a"]["get"]["responses"], json!({}));
    assert_eq!(
        v31["paths"]["/a"]["put"]["responses"],
        json!({"204": {"description": ""}})
    );
    assert!(warnings.is_empty(), "optional in 3.1: {warnings:?}");

    let mut v30 = document("3.0.3");
    let warnings = normalize(&mut v30, Path::new("t.yaml"), Dialect::V30);
    assert_eq!(v30["paths"]["/a"]["get"]["responses"], json!({}));
    let texts: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(
        texts[0].starts_with("t.yaml: #/paths/~1a/get: the operation has no `responses`"),
        "{texts:?}"
    );
}

#[test]
fn mutual_tls_schemes_leave_the_requirements() {
    let mut document = json!({
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "security": [{"mtls": []}, {"key": []}],
        "paths": {"/a": {"get": {"security": [{"mtls": [], "key": []}], "responses": {}}}},
        "components": {"securitySchemes": {
            "mtls": {"type": "mutualTLS"},
            "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
        }},
    });
    let warnings = normalize(&mut document, Path::new("t.yaml"), Dialect::V31);
    assert_eq!(
        document["components"]["securitySchemes"],
        json!({"key": {"type": "apiKey", "in": "header", "name": "X-Key"}})
    );
    assert_eq!(document["security"], json!([{}, {"key": []}]));
    assert_eq!(
        document["paths"]["/a"]["get"]["security"],
        json!([{"key": []}])
    );
    let texts: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(texts.len(), 1, "{texts:?}");
    assert!(
        texts[0].starts_with(
            "t.yaml: #/components/securitySchemes/mtls: security scheme `mtls` is mutualTLS"
        ),
        "{texts:?}"
    );
}
