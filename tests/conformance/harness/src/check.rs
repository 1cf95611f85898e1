//! A JSON Schema (OpenAPI 3.0 dialect) validator for the keywords specs commonly use: it
//! decides whether a spec's example may be sent as a valid value.

use serde_json::Value;

use crate::spec::Spec;
use crate::values::{usize_of, MAX_DEPTH};

/// Whether `value` is valid for `schema`; the error names the first violation.
pub fn check(spec: &Spec, value: &Value, schema: &Value) -> Result<(), String> {
    Checker { spec, shape: false }.at(value, schema, "", 0)
}

/// Whether `value` has the shape a client generated from `schema` decodes: JSON types,
/// `required` properties, `nullable`, and the `date` format it parses strictly; not
/// what it keeps or ignores (`enum` values, patterns, lengths, ranges, extra properties), and
/// a `oneOf` value may fit several alternatives (the first that fits wins). A `number` may be
/// a numeric string (the client reads both).
pub fn check_shape(spec: &Spec, value: &Value, schema: &Value) -> Result<(), String> {
    Checker { spec, shape: true }.at(value, schema, "", 0)
}

struct Checker<'s> {
    spec: &'s Spec,
    /// [`check_shape`]'s rules instead of [`check`]'s.
    shape: bool,
}

impl Checker<'_> {
    fn at(&self, value: &Value, schema: &Value, at: &str, depth: usize) -> Result<(), String> {
        check_at(self, value, schema, at, depth)
    }
}

fn check_at(
    checker: &Checker<'_>,
    value: &Value,
    schema: &Value,
    at: &str,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let (spec, shape) = (checker.spec, checker.shape);
    // An example may `$ref` another file's example (Matrix's): Prism serves what that holds,
    // which is not known here.
    if shape
        && value
            .as_object()
            .is_some_and(|o| o.len() == 1 && o.contains_key("$ref"))
    {
        return Ok(());
    }
    let schema = match spec.resolve(schema) {
        Ok(schema) => schema,
        // What another file holds is not known here: no contradiction found.
        Err(_) if shape => return Ok(()),
        Err(e) => return Err(e),
    };
    let fail = |what: String| Err(format!("{}: {what}", if at.is_empty() { "/" } else { at }));
    if value.is_null() {
        let nullable = schema.get("nullable").and_then(Value::as_bool) == Some(true);
        return if nullable || schema.get("type").is_none() && schema.get("enum").is_none() {
            Ok(())
        } else {
            fail("null where the schema is not nullable".to_owned())
        };
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        if !shape && !values.contains(value) {
            return fail(format!("{value} is not one of the enum values"));
        }
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        for part in parts {
            check_at(checker, value, part, at, depth + 1)?;
        }
    }
    if let Some(constant) = schema.get("const") {
        if !shape && constant != value {
            return fail(format!("{value} is not the constant {constant}"));
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alternatives) = schema.get(key).and_then(Value::as_array) {
            let errors: Vec<String> = alternatives
                .iter()
                .filter_map(|alt| check_at(checker, value, alt, at, depth + 1).err())
                .collect();
            if errors.len() == alternatives.len() && !alternatives.is_empty() {
                return fail(format!(
                    "no `{key}` alternative fits: {}",
                    errors.join("; ")
                ));
            }
            // JSON Schema's `oneOf`: exactly one alternative (a validating server counts).
            if !shape && key == "oneOf" && alternatives.len() - errors.len() > 1 {
                return fail(format!(
                    "{} `oneOf` alternatives fit, not exactly one",
                    alternatives.len() - errors.len()
                ));
            }
        }
    }
    // The client types a `oneOf`/`anyOf` as a union of its alternatives, whatever `type`
    // stands beside it.
    let union = ["oneOf", "anyOf"].iter().any(|key| {
        schema
            .get(key)
            .and_then(Value::as_array)
            .is_some_and(|a| a.len() > 1)
    });
    let typed = if shape && union {
        None
    } else {
        schema.get("type").and_then(Value::as_str)
    };
    match typed {
        Some("string") => {
            let Some(text) = value.as_str() else {
                return fail(format!("{value} is not a string"));
            };
            let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
            if shape {
                return match format {
                    // What the client's `NaiveDate` reads; its date-times read RFC 3339, RFC
                    // 2822 and more, so no date-time text is refused here.
                    "date" if !format_ok(format, text) => {
                        fail(format!("`{text}` is not a valid `{format}`"))
                    }
                    _ => Ok(()),
                };
            }
            let len = text.chars().count();
            if usize_of(schema, "minLength").is_some_and(|min| len < min) {
                return fail(format!("`{text}` is shorter than minLength"));
            }
            if usize_of(schema, "maxLength").is_some_and(|max| len > max) {
                return fail(format!("`{text}` is longer than maxLength"));
            }
            if let Some(regex) = schema.get("pattern").and_then(Value::as_str) {
                // A pattern the regex crate cannot compile (JavaScript-only syntax) is skipped.
                if let Ok(regex) = regex::Regex::new(regex) {
                    if !regex.is_match(text) {
                        return fail(format!("`{text}` does not match `{regex}`"));
                    }
                }
            }
            if !format_ok(format, text) {
                return fail(format!("`{text}` is not a valid `{format}`"));
            }
        }
        Some("integer") => {
            let is_integer = value.is_i64()
                || value.is_u64()
                || value.as_f64().is_some_and(|f| f.fract() == 0.0);
            if !is_integer {
                return fail(format!("{value} is not an integer"));
            }
            if !shape {
                check_range(schema, value.as_f64().unwrap_or_default()).or_else(fail)?;
            }
        }
        Some("number") => {
            let numeric_text = value
                .as_str()
                .is_some_and(|text| text.trim().parse::<f64>().is_ok());
            let Some(number) = value.as_f64() else {
                if shape && numeric_text {
                    return Ok(());
                }
                return fail(format!("{value} is not a number"));
            };
            if !shape {
                check_range(schema, number).or_else(fail)?;
            }
        }
        Some("boolean") if !value.is_boolean() => {
            return fail(format!("{value} is not a boolean"));
        }
        Some("array") => {
            let Some(items) = value.as_array() else {
                return fail(format!("{value} is not an array"));
            };
            if !shape && usize_of(schema, "minItems").is_some_and(|min| items.len() < min) {
                return fail("fewer items than minItems".to_owned());
            }
            if !shape && usize_of(schema, "maxItems").is_some_and(|max| items.len() > max) {
                return fail("more items than maxItems".to_owned());
            }
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    check_at(checker, item, item_schema, &format!("{at}/{i}"), depth + 1)?;
                }
            }
        }
        Some("object") if !value.is_object() => {
            return fail(format!("{value} is not an object"));
        }
        _ => {}
    }
    if let Some(object) = value.as_object() {
        let properties = schema.get("properties").and_then(Value::as_object);
        // The generated struct demands neither a `readOnly` nor a `writeOnly` property (one
        // struct serves both directions).
        let one_way = |name: &str| {
            properties
                .and_then(|p| p.get(name))
                .and_then(|p| spec.resolve(p).ok())
                .is_some_and(|p| {
                    p.get("readOnly") == Some(&Value::Bool(true))
                        || p.get("writeOnly") == Some(&Value::Bool(true))
                })
        };
        let required: Vec<&str> = crate::spec::required_names(schema);
        for &name in &required {
            if !(object.contains_key(name) || shape && one_way(name)) {
                return fail(format!("required property `{name}` is missing"));
            }
        }
        for (name, property) in object {
            let at = format!("{at}/{}", crate::spec::escape(name));
            // An optional field reads `null` as absent.
            let absent =
                property.is_null() && (!required.contains(&name.as_str()) || one_way(name));
            match properties.and_then(|p| p.get(name)) {
                Some(_) if shape && absent => {}
                Some(property_schema) => {
                    check_at(checker, property, property_schema, &at, depth + 1)?;
                }
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) if !shape => {
                        return Err(format!(
                            "{at}: no such property (additionalProperties: false)"
                        ));
                    }
                    Some(extra @ Value::Object(_)) => {
                        check_at(checker, property, extra, &at, depth + 1)?;
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
        "ipv4" => text.parse::<std::net::Ipv4Addr>().is_ok(),
        "ipv6" => text.parse::<std::net::Ipv6Addr>().is_ok(),
        "uri" => text.split_once(':').is_some_and(|(scheme, _)| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }),
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
