//! Unit tests of the value synthesis.
use crate::spec::Spec;
use crate::values::{check, synthesize, Fill};
use serde_json::{json, Value};

fn spec(root: serde_json::Value) -> Spec {
    Spec {
        file: "test.yaml".to_owned(),
        root,
    }
}

#[test]
fn required_properties_only_and_valid() {
    let spec = spec(json!({"components": {"schemas": {"role": {
        "type": "string", "pattern": "^RL[0-9a-fA-F]{32}$", "minLength": 34, "maxLength": 34
    }}}}));
    let schema = json!({
        "type": "object",
        "required": ["Identity", "Role", "Permission", "Count", "When"],
        "properties": {
            "Identity": {"type": "string"},
            "Role": {"$ref": "#/components/schemas/role"},
            "Permission": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
            "Count": {"type": "integer", "minimum": 5, "maximum": 9},
            "When": {"type": "string", "format": "date-time"},
            "Optional": {"type": "string"}
        }
    });
    let value = synthesize(&spec, &schema, false, Fill::Required).unwrap();
    assert_eq!(
        value,
        json!({
            "Identity": "x",
            "Role": format!("RL{}", "0".repeat(32)),
            "Permission": ["a"],
            "Count": 5,
            "When": "2020-01-01T00:00:00Z"
        })
    );
    check(&spec, &value, &schema).unwrap();
}

#[test]
fn fill_all_adds_optional_properties_but_not_read_only_ones() {
    let spec = spec(json!({}));
    let schema = json!({"type": "object", "required": ["A"], "properties": {
        "A": {"type": "string"},
        "B": {"type": "integer", "minimum": 2},
        "C": {"type": "string", "readOnly": true},
        "D": {"type": "object", "properties": {"E": {"type": "boolean"}}}
    }});
    assert_eq!(
        synthesize(&spec, &schema, false, Fill::All).unwrap(),
        json!({"A": "x", "B": 2, "D": {"E": true}})
    );
    assert_eq!(
        synthesize(&spec, &schema, false, Fill::Required).unwrap(),
        json!({"A": "x"})
    );
}

#[test]
fn valid_examples_win_invalid_ones_do_not() {
    let spec = spec(json!({}));
    let schema = json!({"type": "string", "example": "hello", "maxLength": 8});
    assert_eq!(
        synthesize(&spec, &schema, true, Fill::Required).unwrap(),
        json!("hello")
    );
    let schema = json!({"type": "string", "example": "far too long", "maxLength": 8});
    assert_eq!(
        synthesize(&spec, &schema, true, Fill::Required).unwrap(),
        json!("x")
    );
}

#[test]
fn discriminators_name_the_alternative_built() {
    let spec = spec(json!({"components": {"schemas": {
        "planet": {"type": "object", "required": ["kind"], "properties": {
            "kind": {"type": "string", "enum": ["rocky", "gas"]}
        }},
        "moon": {"type": "object", "properties": {"kind": {"type": "string"}}}
    }}}));
    let mapped = json!({
        "oneOf": [{"$ref": "#/components/schemas/planet"}],
        "discriminator": {"propertyName": "kind", "mapping": {"p": "#/components/schemas/planet"}}
    });
    assert_eq!(
        synthesize(&spec, &mapped, false, Fill::Required).unwrap(),
        json!({"kind": "p"})
    );
    let implicit = json!({
        "anyOf": [{"$ref": "#/components/schemas/moon"}],
        "discriminator": {"propertyName": "kind"}
    });
    assert_eq!(
        synthesize(&spec, &implicit, false, Fill::Required).unwrap(),
        json!({"kind": "moon"})
    );
}

#[test]
fn a_one_of_value_fits_exactly_one_alternative() {
    let spec = spec(json!({"components": {"schemas": {
        "classify": {"type": "object", "required": ["judge", "labels"], "properties": {
            "judge": {"type": "string"}, "labels": {"type": "array", "items": {"type": "string"}}
        }},
        "compare": {"type": "object", "required": ["judge"], "properties": {
            "judge": {"type": "string"}
        }},
        "http": {"type": "object", "properties": {
            "metric": {"type": "string", "enum": ["requests"]}, "target": {"type": "number"}
        }},
        "queue": {"type": "object", "properties": {
            "metric": {"type": "string", "enum": ["backlog"]}
        }}
    }}}));
    // Every `classify` value fits `compare` too: only a `compare` one fits exactly one.
    let overlapping = json!({"oneOf": [
        {"$ref": "#/components/schemas/classify"}, {"$ref": "#/components/schemas/compare"}
    ]});
    let value = synthesize(&spec, &overlapping, false, Fill::Required).unwrap();
    assert_eq!(value, json!({"judge": "x"}));
    check(&spec, &value, &overlapping).unwrap();
    assert!(check(&spec, &json!({"judge": "x", "labels": []}), &overlapping).is_err());
    // `{}` fits both: every property of the first tells them apart.
    let optional = json!({"oneOf": [
        {"$ref": "#/components/schemas/http"}, {"$ref": "#/components/schemas/queue"}
    ]});
    assert_eq!(
        synthesize(&spec, &optional, false, Fill::Required).unwrap(),
        json!({"metric": "requests", "target": 1.0})
    );
}

#[test]
fn const_values_and_single_valued_tags_are_what_the_server_checks() {
    let spec = spec(json!({"components": {"schemas": {
        "text": {"type": "object", "required": ["type"], "properties": {
            "type": {"type": "string", "enum": ["text"]}
        }}
    }}}));
    let schema = json!({"type": "object", "required": ["compliance", "format"], "properties": {
        "compliance": {"const": "hipaa"},
        "format": {
            "anyOf": [{"$ref": "#/components/schemas/text"}],
            "discriminator": {"propertyName": "type"}
        }
    }});
    let value = synthesize(&spec, &schema, false, Fill::Required).unwrap();
    assert_eq!(
        value,
        json!({"compliance": "hipaa", "format": {"type": "text"}})
    );
    check(&spec, &value, &schema).unwrap();
    assert!(check(
        &spec,
        &json!({"compliance": "other", "format": value["format"]}),
        &schema
    )
    .is_err());
}

#[test]
fn check_reports_violations() {
    let spec = spec(json!({}));
    let schema = json!({"type": "object", "required": ["A"], "properties": {
        "A": {"type": "integer", "maximum": 3}
    }});
    assert!(check(&spec, &json!({"A": 2}), &schema).is_ok());
    assert!(check(&spec, &json!({"A": 4}), &schema).is_err());
    assert!(check(&spec, &json!({}), &schema).is_err());
    assert!(check(&spec, &json!({"A": "2"}), &schema).is_err());
}

#[test]
fn check_shape_is_what_the_generated_client_decodes() {
    use crate::check::check_shape;
    let spec = spec(json!({}));
    let schema = json!({"type": "object", "required": ["id", "url", "kind"], "properties": {
        "id": {"type": "string", "pattern": "^ex_"},
        "url": {"type": "string"},
        "kind": {"type": "string", "enum": ["a"]},
        "note": {"type": "string"},
        "day": {"type": "string", "format": "date"},
        "size": {"type": "number"},
        "mode": {"type": "boolean", "oneOf": [{"type": "boolean"}, {"type": "string"}]},
        "meta": {"type": "object", "allOf": [{"properties": {"n": {"type": "integer"}}}]}
    }});
    // Unknown enum values, patterns, `null` for an optional field, numeric strings decode; a
    // `type` beside compositions without `properties` is all the client reads (a `type:
    // object` a map of any values).
    let fine = json!({
        "id": "x", "url": "u", "kind": "b", "note": null, "size": "1.5", "mode": true,
        "meta": {"n": "one"}
    });
    check_shape(&spec, &fine, &schema).unwrap();
    assert!(check(&spec, &fine, &schema).is_err());
    for (key, bad) in [
        ("url", Value::Null),
        ("day", json!("2024-08-31T00:00:00Z")),
        ("size", json!([])),
        ("mode", json!("auto")),
        ("meta", json!([])),
    ] {
        let mut value = fine.clone();
        value[key] = bad;
        assert!(check_shape(&spec, &value, &schema).is_err(), "{value}");
    }
    let mut missing = fine;
    missing.as_object_mut().unwrap().remove("url");
    assert!(check_shape(&spec, &missing, &schema).is_err());
}

#[test]
fn a_property_two_all_of_members_define_is_both() {
    let spec = spec(json!({}));
    // Linode's VPC: one member requires subnet fields, a later one types them.
    let schema = json!({"allOf": [
        {"required": ["subnets"]},
        {"properties": {"subnets": {"items": {"required": ["label"]}}}},
        {"type": "object", "properties": {"subnets": {
            "type": "array", "items": {"type": "object", "properties": {"label": {"type": "string"}}}
        }}}
    ]});
    assert_eq!(
        synthesize(&spec, &schema, false, Fill::Required).unwrap(),
        json!({"subnets": [{"label": "x"}]})
    );
}

#[test]
fn duration_values_are_iso_8601() {
    let spec = spec(json!({}));
    let schema = json!({"type": "string", "format": "duration"});
    let value = synthesize(&spec, &schema, false, Fill::Required).unwrap();
    assert_eq!(value, json!("P1D"));
    check(&spec, &value, &schema).unwrap();
    assert!(check(&spec, &json!("1s"), &schema).is_err());
}

#[test]
fn an_integer_outside_the_rust_type_of_its_format_does_not_fit() {
    use crate::check::check_shape;
    let spec = spec(json!({}));
    let int64 = json!({"type": "integer", "format": "int64"});
    // `i64::MAX` as JavaScript rounds it, as DigitalOcean's Kafka examples write it.
    assert!(check_shape(&spec, &json!(9223372036854776000u64), &int64).is_err());
    check_shape(&spec, &json!(9223372036854775807i64), &int64).unwrap();
    let uint64 = json!({"type": "integer", "format": "uint64"});
    check_shape(&spec, &json!(9223372036854776000u64), &uint64).unwrap();
    assert!(check_shape(&spec, &json!(-1), &uint64).is_err());
    let int32 = json!({"type": "integer", "format": "int32"});
    assert!(check_shape(&spec, &json!(2147483648i64), &int32).is_err());
    // A float holding an integer is left to the decoder's own rules.
    check_shape(&spec, &json!(5.0), &int32).unwrap();
}

#[test]
fn an_object_gets_the_properties_its_min_properties_asks_for() {
    let spec = spec(json!({"components": {"schemas": {"append": {
        "type": "object", "required": ["field"], "properties": {"field": {"type": "string"}}
    }}}}));
    // A processor container: every property optional, at least one (and at most one) present.
    let container = json!({"type": "object", "minProperties": 1, "maxProperties": 1,
        "properties": {"append": {"$ref": "#/components/schemas/append"}, "drop": {"type": "object"}}});
    let value = synthesize(&spec, &container, false, Fill::Required).unwrap();
    assert_eq!(value, json!({"append": {"field": "x"}}));
    check(&spec, &value, &container).unwrap();
    let map =
        json!({"type": "object", "minProperties": 2, "additionalProperties": {"type": "integer"}});
    let value = synthesize(&spec, &map, false, Fill::Required).unwrap();
    assert_eq!(value.as_object().map(|o| o.len()), Some(2));
    check(&spec, &value, &map).unwrap();
}
