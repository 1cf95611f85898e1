//! A JSON Schema (OpenAPI 3.0 dialect) validator for the keywords specs commonly use: it
//! decides whether a spec's example may be sent as a valid value.

use serde_json::Value;

use crate::spec::Spec;
use crate::values::{usize_of, MAX_DEPTH};

/// Whether `value` is valid for `schema`; the error names the first violation.
pub fn check(spec: &Spec, value: &Value, schema: &Value) -> Result<(), String> {
    check_at(spec, value, schema, "", 0, Required::All)
}

/// [`check`] as the generated client decodes a response: a `required` name the schema does
/// not declare under `properties` has no field, so its absence is no error there; only the
/// formats it parses (`date-time`, `date`, `byte`) are checked; a `$ref` to another file
/// (which this document cannot resolve) is taken as fitting.
pub fn check_decoded(spec: &Spec, value: &Value, schema: &Value) -> Result<(), String> {
    check_at(spec, value, schema, "", 0, Required::Declared(&[]))
}

/// Which `required` names must be present: all, or those declared under `properties` of
/// the schema or of the `allOf` it is a part of (the names given).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Required<'a> {
    All,
    Declared(&'a [String]),
}

impl Required<'_> {
    /// For a schema's properties and items: nothing declared beside them.
    fn inner(self) -> Self {
        match self {
            Required::All => Required::All,
            Required::Declared(_) => Required::Declared(&[]),
        }
    }
}

/// The property names `schema` and its `allOf` parts (at any depth) declare.
fn declared_names(spec: &Spec, schema: &Value, names: &mut Vec<String>, depth: usize) {
    let Ok(schema) = spec.resolve(schema) else {
        return;
    };
    if depth > MAX_DEPTH {
        return;
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        names.extend(properties.keys().cloned());
    }
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        declared_names(spec, part, names, depth + 1);
    }
}

fn check_at(
    spec: &Spec,
    value: &Value,
    schema: &Value,
    at: &str,
    depth: usize,
    required: Required<'_>,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let schema = match (spec.resolve(schema), required) {
        (Ok(schema), _) => schema,
        // Another file's schema (a multi-file spec): nothing known to contradict.
        (Err(_), Required::Declared(_)) => return Ok(()),
        (Err(e), Required::All) => return Err(e),
    };
    let fail = |what: String| Err(format!("{}: {what}", if at.is_empty() { "/" } else { at }));
    if value.is_null() {
        let nullable = schema.get("nullable").and_then(Value::as_bool) == Some(true)
            || schema
                .get("type")
                .and_then(Value::as_array)
                .is_some_and(|kinds| kinds.iter().any(|kind| kind == "null"))
            || schema.get("type").and_then(Value::as_str) == Some("null");
        return if nullable || schema.get("type").is_none() && schema.get("enum").is_none() {
            Ok(())
        } else {
            fail("null where the schema is not nullable".to_owned())
        };
    }
    if let Some(constant) = schema.get("const") {
        if constant != value {
            return fail(format!("{value} is not the `const` {constant}"));
        }
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        if !values.contains(value) {
            return fail(format!("{value} is not one of the enum values"));
        }
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut names = Vec::new();
        if let Required::Declared(beside) = required {
            names.extend_from_slice(beside);
            declared_names(spec, schema, &mut names, 0);
        }
        let parts_required = match required {
            Required::All => Required::All,
            Required::Declared(_) => Required::Declared(&names),
        };
        for part in parts {
            check_at(spec, value, part, at, depth + 1, parts_required)?;
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alternatives) = schema.get(key).and_then(Value::as_array) {
            let errors: Vec<String> = alternatives
                .iter()
                .filter_map(|alt| check_at(spec, value, alt, at, depth + 1, required).err())
                .collect();
            if errors.len() == alternatives.len() && !alternatives.is_empty() {
                return fail(format!(
                    "no `{key}` alternative fits: {}",
                    errors.join("; ")
                ));
            }
        }
    }
    if let (Some(tag), Some(object)) = (
        schema
            .pointer("/discriminator/propertyName")
            .and_then(Value::as_str),
        value.as_object(),
    ) {
        // The tag picks the alternative (explicit `mapping` key, else a component's name).
        let Some(name) = object.get(tag).and_then(Value::as_str) else {
            return fail(format!("the discriminator property `{tag}` is missing"));
        };
        let mapped = schema
            .pointer("/discriminator/mapping")
            .and_then(Value::as_object)
            .is_some_and(|mapping| mapping.contains_key(name));
        let named = ["oneOf", "anyOf"]
            .iter()
            .filter_map(|key| schema.get(*key).and_then(Value::as_array))
            .flatten()
            .any(|alternative| {
                let by_ref = alternative
                    .get("$ref")
                    .and_then(Value::as_str)
                    .is_some_and(|reference| reference.rsplit('/').next() == Some(name));
                // Or the alternative's own tag property allows only it (`const`/`enum`).
                let property = spec
                    .resolve(alternative)
                    .ok()
                    .and_then(|alternative| {
                        alternative.pointer(&format!("/properties/{}", crate::spec::escape(tag)))
                    })
                    .and_then(|property| spec.resolve(property).ok());
                let by_value = property.is_some_and(|property| {
                    property.get("const").and_then(Value::as_str) == Some(name)
                        || property
                            .get("enum")
                            .and_then(Value::as_array)
                            .is_some_and(|values| values.iter().any(|v| v.as_str() == Some(name)))
                });
                by_ref || by_value
            });
        let listed = schema.get("oneOf").is_some() || schema.get("anyOf").is_some();
        if listed && !mapped && !named {
            return fail(format!("`{tag}: {name}` names no alternative"));
        }
    }
    let strict = required == Required::All;
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => {
            let Some(text) = value.as_str() else {
                return fail(format!("{value} is not a string"));
            };
            let len = text.chars().count();
            // The client decodes a string whatever its length or pattern.
            let lengths = if strict { schema } else { &Value::Null };
            if usize_of(lengths, "minLength").is_some_and(|min| len < min) {
                return fail(format!("`{text}` is shorter than minLength"));
            }
            if usize_of(lengths, "maxLength").is_some_and(|max| len > max) {
                return fail(format!("`{text}` is longer than maxLength"));
            }
            if let Some(regex) = lengths.get("pattern").and_then(Value::as_str) {
                // A pattern the regex crate cannot compile (JavaScript-only syntax) is skipped.
                if let Ok(regex) = regex::Regex::new(regex) {
                    if !regex.is_match(text) {
                        return fail(format!("`{text}` does not match `{regex}`"));
                    }
                }
            }
            let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
            // The client decodes only these formats (others are plain strings to it).
            let decoded = matches!(format, "date-time" | "date" | "byte");
            let checked = strict || decoded;
            if checked && !format_ok(format, text) {
                return fail(format!("`{text}` is not a valid `{format}`"));
            }
        }
        // The client reads numbers given as strings too (Twilio's decimals); it checks no range.
        Some("integer" | "number") if !strict => {
            let numeric = value.is_number()
                || value
                    .as_str()
                    .is_some_and(|text| text.trim().parse::<f64>().is_ok());
            if !numeric {
                return fail(format!("{value} is not a number"));
            }
        }
        Some("integer") => {
            let is_integer = value.is_i64()
                || value.is_u64()
                || value.as_f64().is_some_and(|f| f.fract() == 0.0);
            if !is_integer {
                return fail(format!("{value} is not an integer"));
            }
            check_range(schema, value.as_f64().unwrap_or_default()).or_else(fail)?;
        }
        Some("number") => {
            let Some(number) = value.as_f64() else {
                return fail(format!("{value} is not a number"));
            };
            check_range(schema, number).or_else(fail)?;
        }
        Some("boolean") if !value.is_boolean() => {
            return fail(format!("{value} is not a boolean"));
        }
        // 3.1's `type: null` (the value is not null here).
        Some("null") => return fail(format!("{value} is not null")),
        Some("array") => {
            let Some(items) = value.as_array() else {
                return fail(format!("{value} is not an array"));
            };
            if usize_of(schema, "minItems").is_some_and(|min| items.len() < min) {
                return fail("fewer items than minItems".to_owned());
            }
            if usize_of(schema, "maxItems").is_some_and(|max| items.len() > max) {
                return fail("more items than maxItems".to_owned());
            }
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    check_at(
                        spec,
                        item,
                        item_schema,
                        &format!("{at}/{i}"),
                        depth + 1,
                        required.inner(),
                    )?;
                }
            }
        }
        Some("object") if !value.is_object() => {
            return fail(format!("{value} is not an object"));
        }
        _ => {}
    }
    if let Some(object) = value.as_object() {
        for name in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            let declared = match required {
                Required::All => true,
                Required::Declared(beside) => {
                    beside.iter().any(|n| n == name)
                        || schema
                            .get("properties")
                            .is_some_and(|properties| properties.get(name).is_some())
                }
            };
            if !object.contains_key(name) && declared {
                return fail(format!("required property `{name}` is missing"));
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        for (name, property) in object {
            let at = format!("{at}/{}", crate::spec::escape(name));
            match properties.and_then(|p| p.get(name)) {
                Some(property_schema) => {
                    check_at(
                        spec,
                        property,
                        property_schema,
                        &at,
                        depth + 1,
                        required.inner(),
                    )?;
                }
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        return Err(format!(
                            "{at}: no such property (additionalProperties: false)"
                        ));
                    }
                    Some(extra @ Value::Object(_)) => {
                        check_at(spec, property, extra, &at, depth + 1, required.inner())?;
                    }
                    _ => {}
                },
            }
        }
    }
    Ok(())
}

fn check_range(schema: &Value, number: f64) -> Result<(), String> {
    let exclusive = |key| schema.get(key).and_then(Value::as_bool) == Some(true);
    if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
        if number < min || exclusive("exclusiveMinimum") && number <= min {
            return Err(format!("{number} is below the minimum {min}"));
        }
    }
    if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
        if number > max || exclusive("exclusiveMaximum") && number >= max {
            return Err(format!("{number} is above the maximum {max}"));
        }
    }
    Ok(())
}

/// The formats a validating server checks (others are annotations).
fn format_ok(format: &str, text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let date = |s: &str| {
        let parts: Vec<&str> = s.split('-').collect();
        parts.len() == 3
            && parts[0].len() == 4
            && parts[1].len() == 2
            && parts[2].len() == 2
            && parts.iter().all(|p| digits(p))
    };
    match format {
        "date" => date(text),
        "date-time" => text
            .split_once(['T', 't'])
            .is_some_and(|(day, time)| date(day) && time.len() >= 8 && time.as_bytes()[2] == b':'),
        "uri" => text.split_once(':').is_some_and(|(scheme, _)| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }),
        // ISO 8601, as JSON Schema's `duration` (ajv-formats, Prism's validator): `P1D`,
        // `PT1.5S`, `P2W`; not `1s`.
        "duration" => duration(text),
        // What the client's `Base64Bytes` decodes: either alphabet, padded or not.
        "byte" => {
            text.len() % 4 != 1
                && text
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+/=-_".contains(&b))
        }
        _ => true,
    }
}

/// An ISO 8601 duration as ajv-formats (Prism's validator) reads it: `P`, then weeks alone
/// (`P2W`), or `nY nM nD` (in order, each optional) and a time part `T` with `nH nM nS` (at
/// least one), with at least one part; whole numbers only.
fn duration(text: &str) -> bool {
    // How many `digits unit` parts `s` is, units in the order given; None if it is not.
    fn parts(s: &str, units: &[char]) -> Option<usize> {
        let (mut count, mut next, mut digits) = (0, 0, 0);
        for c in s.chars() {
            if c.is_ascii_digit() {
                digits += 1;
                continue;
            }
            let at = units.get(next..)?.iter().position(|u| *u == c)? + next;
            if digits == 0 {
                return None;
            }
            (count, next, digits) = (count + 1, at + 1, 0);
        }
        (digits == 0).then_some(count)
    }
    let Some(rest) = text.strip_prefix('P') else {
        return false;
    };
    if let Some(weeks) = rest.strip_suffix('W') {
        return !weeks.is_empty() && weeks.bytes().all(|b| b.is_ascii_digit());
    }
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) => (date, Some(time)),
        None => (rest, None),
    };
    let Some(date_parts) = parts(date, &['Y', 'M', 'D']) else {
        return false;
    };
    match time {
        None => date_parts > 0,
        Some(time) => parts(time, &['H', 'M', 'S']).is_some_and(|n| n > 0),
    }
}

#[cfg(test)]
mod tests {
    use super::{check, check_decoded, format_ok};
    use crate::spec::Spec;
    use serde_json::json;

    #[test]
    fn null_discriminators_and_undeclared_required_names() {
        let spec = Spec {
            file: "test.yaml".to_owned(),
            root: json!({"components": {"schemas": {
                "base": {"type": "object", "required": ["id"], "properties": {
                    "id": {"type": "string"}, "type": {"type": "string", "enum": ["base"]}
                }},
                "ft": {"type": "object", "properties": {"type": {"const": "fine-tuned"}}}
            }}}),
        };
        let nullable = json!({"anyOf": [{"$ref": "#/components/schemas/base"}, {"type": "null"}]});
        assert!(check(&spec, &json!(null), &nullable).is_ok());
        assert!(check(&spec, &json!({}), &nullable).is_err());
        let union = json!({
            "oneOf": [{"$ref": "#/components/schemas/base"}, {"$ref": "#/components/schemas/ft"}],
            "discriminator": {"propertyName": "type"}
        });
        assert!(check(&spec, &json!({"id": "a", "type": "base"}), &union).is_ok());
        assert!(check(&spec, &json!({"type": "fine-tuned"}), &union).is_ok());
        assert!(check(&spec, &json!({"id": "a", "TYPE": "base"}), &union).is_err());
        assert!(check(&spec, &json!({"id": "a", "type": "other"}), &union).is_err());
        let undeclared = json!({"type": "object", "required": ["data"], "properties": {}});
        assert!(check(&spec, &json!({}), &undeclared).is_err());
        assert!(check_decoded(&spec, &json!({}), &undeclared).is_ok());
        let elsewhere = json!({"$ref": "other.yaml#/x"});
        assert!(check(&spec, &json!(1), &elsewhere).is_err());
        assert!(check_decoded(&spec, &json!(1), &elsewhere).is_ok());
        let uri = json!({"type": "string", "format": "uri"});
        assert!(check(&spec, &json!("/relative"), &uri).is_err());
        assert!(check_decoded(&spec, &json!("/relative"), &uri).is_ok());
        let beside = json!({"allOf": [{"$ref": "#/components/schemas/base"}, {"required": ["type", "data"]}]});
        assert!(check_decoded(&spec, &json!({"id": "a"}), &beside).is_err());
        assert!(check_decoded(&spec, &json!({"id": "a", "type": "base"}), &beside).is_ok());
    }

    #[test]
    fn durations_are_iso_8601() {
        for valid in ["P1D", "PT1S", "P1Y2M3DT4H5M6S", "P2W", "PT10M", "P1DT1H"] {
            assert!(format_ok("duration", valid), "{valid}");
        }
        for invalid in [
            "1s", "P", "PT", "P1DT", "PT1.5S", "P1S", "PTM", "P1W2D", "P1M1Y", "x",
        ] {
            assert!(!format_ok("duration", invalid), "{invalid}");
        }
    }
}
