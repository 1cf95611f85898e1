//! The rewrites of one schema (and, recursively, its subschemas) into the 3.0 shape.
//!
//! Subschemas are normalized first, at their own pointers, so warnings name the node of the
//! input; the rules of a schema then see its children in their normalized form (a 3.1
//! `{type: "null"}` branch, for instance, reads as `{nullable: true}`).

use serde_json::{Map, Value};

use super::{numbers, Dialect, Warnings};
use crate::diagnostics::Pointer;

/// Keywords that describe a schema without constraining the values' shape: they stay on the
/// outer schema when a rule moves the constraints elsewhere.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "example",
    "deprecated",
    "readOnly",
    "writeOnly",
    "nullable",
    "externalDocs",
    "xml",
    "discriminator",
];

/// Keywords that only matter to JSON Schema validators and carry nothing for typing: dropped
/// without a word (openapiv3 would ignore them too).
const VALIDATION_ONLY: &[&str] = &[
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$comment",
    "$vocabulary",
    "propertyNames",
    "dependentRequired",
    "contains",
    "minContains",
    "maxContains",
    "contentSchema",
];

/// Which keywords of a schema with a `type` array belong to the branch of each type.
const STRING_KEYWORDS: &[&str] = &["minLength", "maxLength", "pattern", "format"];
const NUMBER_KEYWORDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "format",
];
const ARRAY_KEYWORDS: &[&str] = &["items", "minItems", "maxItems", "uniqueItems"];
const OBJECT_KEYWORDS: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
];

fn is_annotation(key: &str) -> bool {
    ANNOTATIONS.contains(&key) || key.starts_with("x-")
}

/// Normalizes the schema `node` at `at`, subschemas included.
pub(super) fn normalize_schema(
    node: &mut Value,
    at: &Pointer,
    dialect: Dialect,
    warnings: &mut Warnings<'_>,
) {
    if dialect == Dialect::V31 {
        // Boolean schemas: `true` accepts anything, `false` nothing.
        if let Value::Bool(accepts) = node {
            *node = if *accepts {
                Value::Object(Map::new())
            } else {
                serde_json::json!({ "not": {} })
            };
            return;
        }
    }
    let Value::Object(schema) = node else {
        return;
    };
    if dialect == Dialect::V31 {
        drop_inexpressible(schema, at, warnings);
    }
    for_each_subschema(schema, at, &mut |child, at| {
        normalize_schema(child, at, dialect, warnings);
    });
    // A numeric exclusive bound is invalid 3.0, but its meaning is plain: read it in 3.0 too.
    exclusive_bounds(schema);
    keywords_of_another_type(schema);
    super::form::prefixed_map_format(schema);
    if dialect == Dialect::V31 {
        const_to_enum(schema);
        examples_to_example(schema);
        content_encoding(schema);
        type_arrays(schema, at, warnings);
        null_branches(schema);
        const_branches(schema);
        ref_siblings(schema);
    }
    numbers::fit_bounds(schema, at, warnings);
}

/// Drops `items` beside a `type` that is not `array`, and `properties` beside one that is
/// not `object`: JSON Schema applies them only to values of that type, which the schema
/// excludes, so they constrain nothing, yet they would make the schema read as the other type
/// (DigitalOcean's `bgp_auth_key: {type: object, items: ...}` became an array).
fn keywords_of_another_type(schema: &mut Map<String, Value>) {
    let Some(ty) = schema.get("type").and_then(Value::as_str) else {
        return;
    };
    let foreign: &[&str] = match ty {
        "array" => &["properties"],
        "object" => &["items"],
        _ => &["items", "properties"],
    };
    for key in foreign {
        schema.remove(*key);
    }
}

/// Calls `visit` on every subschema of `schema` (every keyword that holds schemas).
pub(super) fn for_each_subschema(
    schema: &mut Map<String, Value>,
    at: &Pointer,
    visit: &mut dyn FnMut(&mut Value, &Pointer),
) {
    for (key, value) in schema.iter_mut() {
        let at = at.join(key);
        match key.as_str() {
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                if let Value::Object(named) = value {
                    for (name, child) in named.iter_mut() {
                        visit(child, &at.join(name));
                    }
                }
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                if let Value::Array(children) = value {
                    for (i, child) in children.iter_mut().enumerate() {
                        visit(child, &at.join(i.to_string()));
                    }
                }
            }
            // `true`/`false` here are 3.0 too (any or no additional properties).
            "additionalProperties" | "unevaluatedProperties" if value.is_boolean() => {}
            "items"
            | "additionalProperties"
            | "unevaluatedProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "unevaluatedItems"
            | "additionalItems" => match value {
                Value::Array(children) => {
                    for (i, child) in children.iter_mut().enumerate() {
                        visit(child, &at.join(i.to_string()));
                    }
                }
                child => visit(child, &at),
            },
            _ => {}
        }
    }
}

/// Drops the 2020-12 keywords OpenAPI 3.0 cannot express, saying what that leaves untyped.
fn drop_inexpressible(schema: &mut Map<String, Value>, at: &Pointer, warnings: &mut Warnings<'_>) {
    for key in VALIDATION_ONLY {
        schema.remove(*key);
    }
    let conditional: Vec<&str> = ["if", "then", "else"]
        .into_iter()
        .filter(|key| schema.remove(*key).is_some())
        .collect();
    if !conditional.is_empty() {
        warnings.push(
            &at.join(conditional[0]),
            "conditional subschemas (`if`/`then`/`else`) cannot be expressed in OpenAPI 3.0: \
             ignored; values are typed by the rest of this schema only",
        );
    }
    let tuple = schema.remove("prefixItems").is_some()
        || matches!(schema.get("items"), Some(Value::Array(_)));
    if tuple {
        schema.remove("items");
        schema.remove("additionalItems");
        warnings.push(
            &at.join("prefixItems"),
            "a tuple (`prefixItems`) cannot be expressed in OpenAPI 3.0: the array's items are \
             left untyped (serde_json::Value)",
        );
    }
    if schema.remove("patternProperties").is_some() {
        // Keys matched by a pattern are allowed whatever `additionalProperties` says.
        if schema
            .get("additionalProperties")
            .is_some_and(|v| v != &Value::Bool(true))
        {
            schema.remove("additionalProperties");
        }
        warnings.push(
            &at.join("patternProperties"),
            "`patternProperties` cannot be expressed in OpenAPI 3.0: the values of the \
             properties it matches are left untyped (serde_json::Value)",
        );
    }
    for key in ["$dynamicRef", "$recursiveRef"] {
        if schema.remove(key).is_some() {
            warnings.push(
                &at.join(key),
                format!("`{key}` cannot be expressed in OpenAPI 3.0: the schema it refers to is left untyped (serde_json::Value)"),
            );
        }
    }
    if schema.remove("dependentSchemas").is_some() {
        warnings.push(
            &at.join("dependentSchemas"),
            "`dependentSchemas` cannot be expressed in OpenAPI 3.0: ignored; the properties it \
             adds are not typed",
        );
    }
    for key in ["unevaluatedProperties", "unevaluatedItems"] {
        // `false` only forbids what is not declared, which no Rust type checks anyway.
        if schema.remove(key).is_some_and(|v| !v.is_boolean()) {
            warnings.push(
                &at.join(key),
                format!("`{key}` with a schema cannot be expressed in OpenAPI 3.0: ignored"),
            );
        }
    }
}

/// The JSON type name of a value, as a schema `type`.
fn type_of_value(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        Value::Bool(_) => Some("boolean"),
        _ => None,
    }
}

/// `const: v` → `enum: [v]`, typed after the value when the schema has no `type`.
fn const_to_enum(schema: &mut Map<String, Value>) {
    let Some(value) = schema.remove("const") else {
        return;
    };
    if value.is_null() {
        schema.insert("nullable".to_owned(), Value::Bool(true));
    } else if !schema.contains_key("type") {
        if let Some(ty) = type_of_value(&value) {
            schema.insert("type".to_owned(), Value::String(ty.to_owned()));
        }
    }
    if !schema.contains_key("enum") {
        schema.insert("enum".to_owned(), Value::Array(vec![value]));
    }
}

/// 2020-12's numeric `exclusiveMinimum: n` → 3.0's `minimum: n` + `exclusiveMinimum: true`
/// (and the same for the maximum); the stricter bound wins when both forms are given.
fn exclusive_bounds(schema: &mut Map<String, Value>) {
    for (exclusive, inclusive, stricter) in [
        ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
        ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
    ] {
        let Some(Value::Number(bound)) = schema.get(exclusive).cloned() else {
            continue;
        };
        let inclusive_is_stricter = schema
            .get(inclusive)
            .and_then(Value::as_f64)
            .zip(bound.as_f64())
            .and_then(|(inclusive, bound)| inclusive.partial_cmp(&bound))
            == Some(stricter);
        if inclusive_is_stricter {
            schema.remove(exclusive);
        } else {
            schema.insert(inclusive.to_owned(), Value::Number(bound));
            schema.insert(exclusive.to_owned(), Value::Bool(true));
        }
    }
}

/// A schema's `examples` array → `example` (its first value), when there is none.
fn examples_to_example(schema: &mut Map<String, Value>) {
    if !matches!(schema.get("examples"), Some(Value::Array(_))) {
        return;
    }
    if let Some(Value::Array(examples)) = schema.remove("examples") {
        if let Some(first) = examples.into_iter().next() {
            schema.entry("example").or_insert(first);
        }
    }
}

/// `contentEncoding: base64` → `format: byte`; other encoded or non-text `contentMediaType`
/// strings → `format: binary`.
fn content_encoding(schema: &mut Map<String, Value>) {
    let encoding = schema.remove("contentEncoding");
    let media_type = schema.remove("contentMediaType");
    if schema.contains_key("format") {
        return;
    }
    let format = match (&encoding, &media_type) {
        (Some(Value::String(e)), _) if e.starts_with("base64") => "byte",
        (Some(_), _) => "binary",
        (None, Some(Value::String(media))) if is_binary_media(media) => "binary",
        _ => return,
    };
    schema.insert("format".to_owned(), Value::String(format.to_owned()));
}

fn is_binary_media(media: &str) -> bool {
    let media = media.to_ascii_lowercase();
    !(media.starts_with("text/")
        || media.contains("json")
        || media.contains("xml")
        || media.contains("yaml")
        || media.starts_with("application/x-www-form-urlencoded"))
}

/// `type: [T, "null"]` → `type: T` + `nullable`; several non-null types → a `oneOf` of
/// one schema per type (each with the keywords that apply to it).
fn type_arrays(schema: &mut Map<String, Value>, at: &Pointer, warnings: &mut Warnings<'_>) {
    let types: Vec<String> = match schema.get("type") {
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(single)) if single == "null" => vec![single.clone()],
        _ => return,
    };
    schema.remove("type");
    let (nulls, types): (Vec<String>, Vec<String>) = types.into_iter().partition(|t| t == "null");
    if !nulls.is_empty() {
        schema.insert("nullable".to_owned(), Value::Bool(true));
    }
    match types.as_slice() {
        [] => {}
        [single] => {
            schema.insert("type".to_owned(), Value::String(single.clone()));
        }
        several => {
            let Some(key) = ["oneOf", "anyOf"]
                .into_iter()
                .find(|k| !schema.contains_key(*k))
            else {
                warnings.push(&at.join("type"), "a `type` list next to both `oneOf` and `anyOf` cannot be expressed in OpenAPI 3.0: the type is left open");
                return;
            };
            let branches = several
                .iter()
                .enumerate()
                .map(|(i, ty)| {
                    let mut branch = type_branch(schema, ty);
                    numbers::fit_bounds(&mut branch, &at.join(key).join(i.to_string()), warnings);
                    Value::Object(branch)
                })
                .collect();
            for keywords in [
                STRING_KEYWORDS,
                NUMBER_KEYWORDS,
                ARRAY_KEYWORDS,
                OBJECT_KEYWORDS,
            ] {
                for keyword in keywords {
                    schema.remove(*keyword);
                }
            }
            schema.remove("enum");
            schema.insert(key.to_owned(), Value::Array(branches));
        }
    }
}

/// The schema of one type out of a `type` list: the keywords of `schema` for that type.
fn type_branch(schema: &Map<String, Value>, ty: &str) -> Map<String, Value> {
    let keywords: &[&str] = match ty {
        "string" => STRING_KEYWORDS,
        "integer" | "number" => NUMBER_KEYWORDS,
        "array" => ARRAY_KEYWORDS,
        "object" => OBJECT_KEYWORDS,
        _ => &[],
    };
    let mut branch = Map::new();
    branch.insert("type".to_owned(), Value::String(ty.to_owned()));
    for keyword in keywords {
        if let Some(value) = schema.get(*keyword) {
            branch.insert((*keyword).to_owned(), value.clone());
        }
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        let of_type: Vec<Value> = values
            .iter()
            .filter(|v| {
                let value_type = type_of_value(v);
                value_type == Some(ty) || (ty == "number" && value_type == Some("integer"))
            })
            .cloned()
            .collect();
        if !of_type.is_empty() {
            branch.insert("enum".to_owned(), Value::Array(of_type));
        }
    }
    branch
}

/// Whether a (normalized) branch only says "null".
fn is_null_branch(branch: &Value) -> bool {
    let Value::Object(branch) = branch else {
        return false;
    };
    let null_enum =
        matches!(branch.get("enum"), Some(Value::Array(v)) if v.iter().all(Value::is_null));
    let nullable = branch.get("nullable") == Some(&Value::Bool(true));
    (nullable || null_enum)
        && branch
            .keys()
            .all(|k| is_annotation(k) || (k == "enum" && null_enum))
}

/// `anyOf`/`oneOf` with a null branch → the other branches + `nullable` (a single remaining
/// branch is inlined when that is unambiguous, else wrapped in `allOf`).
fn null_branches(schema: &mut Map<String, Value>) {
    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(branches)) = schema.get(key) else {
            continue;
        };
        if !branches.iter().any(is_null_branch) {
            continue;
        }
        let Some(Value::Array(branches)) = schema.remove(key) else {
            continue;
        };
        let mut rest: Vec<Value> = branches
            .into_iter()
            .filter(|b| !is_null_branch(b))
            .collect();
        schema.insert("nullable".to_owned(), Value::Bool(true));
        match rest.len() {
            0 => {}
            1 => inline_single(schema, rest.remove(0)),
            _ => {
                schema.insert(key.to_owned(), Value::Array(rest));
            }
        }
    }
}

/// Puts `branch`'s keywords into `schema` when none clash (the outer annotations win), else
/// adds it as an `allOf` member.
fn inline_single(schema: &mut Map<String, Value>, branch: Value) {
    let clashes = match &branch {
        Value::Object(b) => {
            b.contains_key("$ref")
                || b.keys()
                    .any(|k| schema.contains_key(k) && !is_annotation(k))
        }
        _ => true,
    };
    if clashes {
        match schema.get_mut("allOf") {
            Some(Value::Array(members)) => members.push(branch),
            _ => {
                schema.insert("allOf".to_owned(), Value::Array(vec![branch]));
            }
        }
        return;
    }
    if let Value::Object(branch) = branch {
        for (key, value) in branch {
            schema.entry(key).or_insert(value);
        }
    }
}

/// `oneOf`/`anyOf` whose branches are all single-value enums (3.1 `const`s with a title or
/// description) → one `enum` of their values; titles and descriptions are kept in
/// `x-enum-varnames`/`x-enum-descriptions`.
fn const_branches(schema: &mut Map<String, Value>) {
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(branches)) = schema.get(key) else {
            continue;
        };
        let Some(merged) = merge_enum_branches(branches) else {
            continue;
        };
        schema.remove(key);
        if let Some(ty) = merged.ty {
            schema.entry("type").or_insert(Value::String(ty));
        }
        schema.insert("enum".to_owned(), Value::Array(merged.values));
        if let Some(titles) = merged.titles {
            schema.insert("x-enum-varnames".to_owned(), Value::Array(titles));
        }
        if let Some(descriptions) = merged.descriptions {
            schema.insert("x-enum-descriptions".to_owned(), Value::Array(descriptions));
        }
    }
}

struct MergedEnum {
    ty: Option<String>,
    values: Vec<Value>,
    titles: Option<Vec<Value>>,
    descriptions: Option<Vec<Value>>,
}

fn merge_enum_branches(branches: &[Value]) -> Option<MergedEnum> {
    if branches.is_empty() {
        return None;
    }
    let mut ty: Option<String> = None;
    let mut values = Vec::new();
    let mut titles = Vec::new();
    let mut descriptions = Vec::new();
    for branch in branches {
        let branch = branch.as_object()?;
        let Some(Value::Array(branch_values)) = branch.get("enum") else {
            return None;
        };
        let only_enum = branch.keys().all(|k| {
            matches!(k.as_str(), "enum" | "type" | "title" | "description") || k.starts_with("x-")
        });
        if !only_enum || branch_values.len() != 1 {
            return None;
        }
        let branch_type = match branch.get("type") {
            Some(Value::String(t)) => Some(t.clone()),
            Some(_) => return None,
            None => type_of_value(&branch_values[0]).map(str::to_owned),
        };
        match (&ty, branch_type) {
            (None, t) => ty = t,
            (Some(a), Some(b)) if *a == b => {}
            // Values of different types: a union says more than a mixed enum.
            _ => return None,
        }
        values.push(branch_values[0].clone());
        titles.push(branch.get("title").cloned());
        descriptions.push(branch.get("description").cloned());
    }
    let titles = titles
        .iter()
        .all(Option::is_some)
        .then(|| titles.into_iter().flatten().collect());
    let descriptions = descriptions.iter().any(Option::is_some).then(|| {
        descriptions
            .into_iter()
            .map(|d| d.unwrap_or(Value::String(String::new())))
            .collect()
    });
    Some(MergedEnum {
        ty,
        values,
        titles,
        descriptions,
    })
}

/// A `$ref` with sibling keywords (meaningful in 3.1) → `allOf: [{$ref}]` with the siblings,
/// so a description or `nullable` keeps its meaning: annotations stay on the outer schema,
/// constraints become a second `allOf` member, and `type`/`format` (the target's business)
/// are dropped.
fn ref_siblings(schema: &mut Map<String, Value>) {
    if schema.len() < 2 || !schema.get("$ref").is_some_and(Value::is_string) {
        return;
    }
    let Some(reference) = schema.remove("$ref") else {
        return;
    };
    schema.remove("type");
    schema.remove("format");
    let mut members = vec![serde_json::json!({ "$ref": reference })];
    if let Some(Value::Array(existing)) = schema.remove("allOf") {
        members.extend(existing);
    }
    let constraints: Vec<String> = schema
        .keys()
        .filter(|k| !is_annotation(k))
        .cloned()
        .collect();
    if !constraints.is_empty() {
        let mut extra = Map::new();
        for key in constraints {
            if let Some(value) = schema.remove(&key) {
                extra.insert(key, value);
            }
        }
        members.push(Value::Object(extra));
    }
    if schema.is_empty() && members.len() == 1 {
        // Only `type`/`format` were beside it: the plain reference says it all.
        schema.insert("$ref".to_owned(), reference_of(&members[0]));
        return;
    }
    schema.insert("allOf".to_owned(), Value::Array(members));
}

fn reference_of(member: &Value) -> Value {
    member.get("$ref").cloned().unwrap_or(Value::Null)
}
