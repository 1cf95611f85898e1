//! A JSON Schema (OpenAPI 3.0 dialect, and 3.1's `type: null`/`const`) validator for the
//! keywords specs commonly use: [`check`] decides whether a spec's example may be sent as a
//! valid value; [`check_shape`] whether a body has the shape a generated client decodes.

use serde_json::Value;

use crate::spec::Spec;
use crate::values::{usize_of, MAX_DEPTH};

/// What [`check`]'s error says when a value fits several alternatives of a `oneOf`.
pub const SEVERAL_ONE_OF_ALTERNATIVES: &str = "`oneOf` alternatives fit, not exactly one";

/// Whether `value` is valid for `schema`; the error names the first violation.
pub fn check(spec: &Spec, value: &Value, schema: &Value) -> Result<(), String> {
    check_at(&Checker { spec, shape: false }, value, schema, "", 0, &[])
}

/// Whether `value` has the shape a client generated from `schema` decodes: JSON types,
/// `required` properties, `nullable`, a `discriminator`'s tag, and the formats it parses
/// (`date`, `date-time`, `byte`); not what it keeps or ignores (`enum` values, patterns,
/// lengths, ranges, extra properties), and a `oneOf` value may fit several alternatives (the
/// first that fits wins). A `number` may be a numeric string (the client reads both). A
/// `required` name that neither the schema nor an `allOf` it is merged with declares under
/// `properties` is an optional untyped field, so it may be absent; so may a required
/// `readOnly`/`writeOnly` property. A `type` beside compositions without `properties` is all
/// the client reads (`typed_alone`). What another file holds (a `$ref` this document cannot
/// resolve, an example that is such a `$ref`) is taken as fitting.
pub fn check_shape(spec: &Spec, value: &Value, schema: &Value) -> Result<(), String> {
    check_at(&Checker { spec, shape: true }, value, schema, "", 0, &[])
}

struct Checker<'s> {
    spec: &'s Spec,
    /// [`check_shape`]'s rules instead of [`check`]'s.
    shape: bool,
}

/// `value` at `at` against `schema`; `beside`: the property names declared by the `allOf`
/// that `schema` is a member of (for [`check_shape`]'s undeclared required names).
fn check_at(
    checker: &Checker<'_>,
    value: &Value,
    schema: &Value,
    at: &str,
    depth: usize,
    beside: &[String],
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
    let fail = |what: String| Err(located(at, &what));
    if value.is_null() {
        let kinds = schema.get("type");
        let nullable = schema.get("nullable").and_then(Value::as_bool) == Some(true)
            || kinds.and_then(Value::as_str) == Some("null")
            || kinds
                .and_then(Value::as_array)
                .is_some_and(|kinds| kinds.iter().any(|kind| kind == "null"));
        return if nullable || kinds.is_none() && schema.get("enum").is_none() {
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
    // What the client reads of a schema typed by its `type` alone ([`typed_alone`]).
    let alone = shape && typed_alone(schema);
    match schema.get("type").and_then(Value::as_str) {
        Some("object") if alone && !value.is_object() => {
            return fail(format!("{value} is not an object"));
        }
        Some("object" | "array") if alone => return Ok(()),
        _ => {}
    }
    // The names this schema declares, with those of the `allOf` around it: to the client,
    // the members are one merged struct (and properties beside a `oneOf`/`anyOf` are
    // common to each alternative).
    let merged = ["required", "allOf", "oneOf", "anyOf"]
        .iter()
        .any(|key| schema.get(*key).is_some());
    let declared = if shape && merged {
        let mut names = beside.to_vec();
        names.extend(
            spec.properties(schema)
                .into_iter()
                .map(|(name, _)| name.clone()),
        );
        names
    } else {
        Vec::new()
    };
    if let Some(parts) = schema
        .get("allOf")
        .and_then(Value::as_array)
        .filter(|_| !alone)
    {
        for part in parts {
            check_at(checker, value, part, at, depth + 1, &declared)?;
        }
    }
    if let Some(constant) = schema.get("const") {
        if !shape && constant != value {
            return fail(format!("{value} is not the constant {constant}"));
        }
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alternatives) = schema.get(key).and_then(Value::as_array).filter(|_| !alone) {
            let errors: Vec<String> = alternatives
                .iter()
                .filter_map(|alt| check_at(checker, value, alt, at, depth + 1, &declared).err())
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
                    "{} {SEVERAL_ONE_OF_ALTERNATIVES}",
                    alternatives.len() - errors.len()
                ));
            }
        }
    }
    if !alone {
        check_discriminator(checker, value, schema).or_else(fail)?;
    }
    // Beside `properties`, a `oneOf`/`anyOf` is a union of its alternatives to the client
    // (the object ones with those properties), whatever `type` stands beside it.
    let union = !alone
        && ["oneOf", "anyOf"].iter().any(|key| {
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
            check_string(checker, schema, text).or_else(fail)?;
        }
        Some("integer") => {
            let is_integer = value.is_i64()
                || value.is_u64()
                || value.as_f64().is_some_and(|f| f.fract() == 0.0);
            if !is_integer {
                return fail(format!("{value} is not an integer"));
            }
            let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
            if let Some(rust_type) = integer_out_of_range(value, format) {
                return fail(format!("{value} is outside the range of `{rust_type}`"));
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
        // 3.1's `type: null` (the value is not null here).
        Some("null") => return fail(format!("{value} is not null")),
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
                    check_at(
                        checker,
                        item,
                        item_schema,
                        &format!("{at}/{i}"),
                        depth + 1,
                        &[],
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
        check_object(checker, object, schema, at, depth, &declared)?;
    }
    Ok(())
}

/// `what` is wrong at `at` (a JSON pointer; `/` for the value itself).
fn located(at: &str, what: &str) -> String {
    format!("{}: {what}", if at.is_empty() { "/" } else { at })
}

/// A string's length, pattern and format ([`check`]), or the formats the client parses
/// ([`check_shape`]).
fn check_string(checker: &Checker<'_>, schema: &Value, text: &str) -> Result<(), String> {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    if checker.shape {
        return if decodes(format, text) {
            Ok(())
        } else {
            Err(format!("`{text}` is not a `{format}` the client reads"))
        };
    }
    let len = text.chars().count();
    if usize_of(schema, "minLength").is_some_and(|min| len < min) {
        return Err(format!("`{text}` is shorter than minLength"));
    }
    if usize_of(schema, "maxLength").is_some_and(|max| len > max) {
        return Err(format!("`{text}` is longer than maxLength"));
    }
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        // A pattern that cannot be read is skipped.
        if crate::pattern::matches(pattern, text) == Some(false) {
            return Err(format!("`{text}` does not match `{pattern}`"));
        }
    }
    if !format_ok(format, text) {
        return Err(format!("`{text}` is not a valid `{format}`"));
    }
    Ok(())
}

/// An object's `required` properties and its properties' values. `declared`: the names
/// the schema and the `allOf` around it declare.
fn check_object(
    checker: &Checker<'_>,
    object: &serde_json::Map<String, Value>,
    schema: &Value,
    at: &str,
    depth: usize,
    declared: &[String],
) -> Result<(), String> {
    let (spec, shape) = (checker.spec, checker.shape);
    let properties = schema.get("properties").and_then(Value::as_object);
    // The generated struct demands neither a `readOnly` nor a `writeOnly` property (one
    // struct serves both directions), nor a required name nothing declares (an untyped
    // optional field).
    let one_way = |name: &str| {
        properties
            .and_then(|p| p.get(name))
            .and_then(|p| spec.resolve(p).ok())
            .is_some_and(|p| {
                p.get("readOnly") == Some(&Value::Bool(true))
                    || p.get("writeOnly") == Some(&Value::Bool(true))
            })
    };
    let optional_field = |name: &str| one_way(name) || !declared.iter().any(|d| d == name);
    let required: Vec<&str> = crate::spec::required_names(schema);
    for &name in &required {
        if !(object.contains_key(name) || shape && optional_field(name)) {
            return Err(located(
                at,
                &format!("required property `{name}` is missing"),
            ));
        }
    }
    for (name, property) in object {
        let at = format!("{at}/{}", crate::spec::escape(name));
        // An optional field reads `null` as absent.
        let absent = property.is_null() && (!required.contains(&name.as_str()) || one_way(name));
        match properties.and_then(|p| p.get(name)) {
            Some(_) if shape && absent => {}
            Some(property_schema) => {
                check_at(checker, property, property_schema, &at, depth + 1, &[])?;
            }
            None => match schema.get("additionalProperties") {
                Some(Value::Bool(false)) if !shape => {
                    return Err(format!(
                        "{at}: no such property (additionalProperties: false)"
                    ));
                }
                Some(extra @ Value::Object(_)) => {
                    check_at(checker, property, extra, &at, depth + 1, &[])?;
                }
                _ => {}
            },
        }
    }
    Ok(())
}

/// A `discriminator` beside a `oneOf`/`anyOf` of `$ref`s: an object value holds its tag,
/// and the tag names an alternative (a `mapping` key, an alternative's component name, or
/// a value its tag property allows), as the client decodes it.
fn check_discriminator(checker: &Checker<'_>, value: &Value, schema: &Value) -> Result<(), String> {
    let spec = checker.spec;
    let (Some(tag), Some(object)) = (
        schema
            .pointer("/discriminator/propertyName")
            .and_then(Value::as_str),
        value.as_object(),
    ) else {
        return Ok(());
    };
    let alternatives: Vec<&Value> = ["oneOf", "anyOf"]
        .iter()
        .filter_map(|key| schema.get(*key).and_then(Value::as_array))
        .flatten()
        .collect();
    // The client decodes by the tag only when every alternative is a `$ref` (inline ones
    // have no name to be tagged with): else the first alternative that fits wins.
    if alternatives.is_empty() || alternatives.iter().any(|a| a.get("$ref").is_none()) {
        return Ok(());
    }
    let Some(name) = object.get(tag).and_then(Value::as_str) else {
        return Err(format!("the discriminator property `{tag}` is missing"));
    };
    let mapped = schema
        .pointer("/discriminator/mapping")
        .and_then(Value::as_object)
        .is_some_and(|mapping| mapping.contains_key(name));
    let named = alternatives.iter().any(|alternative| {
        let by_ref = alternative
            .get("$ref")
            .and_then(Value::as_str)
            .is_some_and(|reference| reference.rsplit('/').next() == Some(name));
        // Or the alternative's own tag property allows it (`const`/`enum`).
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
    if mapped || named {
        Ok(())
    } else {
        Err(format!("`{tag}: {name}` names no alternative"))
    }
}

/// Whether the generated client types `schema` by its `type` alone: a `type` beside
/// `allOf`/`oneOf`/`anyOf` without `properties` of its own is what it reads (an object a map
/// of any values, an array any value), the compositions are not.
fn typed_alone(schema: &Value) -> bool {
    schema.get("type").is_some_and(Value::is_string)
        && schema.get("properties").is_none()
        && ["allOf", "oneOf", "anyOf"]
            .iter()
            .any(|key| schema.get(*key).is_some())
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

/// Whether the generated client reads `text` as a string of `format`: its `date` reads
/// `YYYY-MM-DD`, its date-times RFC 3339, RFC 2822 or a date and time without offset (read
/// as UTC; told apart here by their shape, not parsed), its bytes base64; other formats are
/// plain strings to it.
fn decodes(format: &str, text: &str) -> bool {
    match format {
        "date" | "byte" => format_ok(format, text),
        "date-time" => {
            let text = text.trim();
            // Without offset, `T` or a space between date and time.
            let iso = |text: &str| format_ok("date-time", &text.replacen(' ', "T", 1));
            // RFC 2822: `[Thu, ]30 Jul 2015 20:00:00 +0000`.
            let rfc_2822 = || {
                let words: Vec<&str> = text.split_whitespace().collect();
                let months = [
                    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                    "Dec",
                ];
                words.len() >= 5
                    && words.iter().any(|word| months.contains(word))
                    && words.iter().any(|word| word.contains(':'))
            };
            iso(text) || rfc_2822()
        }
        _ => true,
    }
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
        // RFC 6901: empty, or `/`-prefixed tokens (`#/a` is the URI fragment form, not this).
        "json-pointer" => text.is_empty() || text.starts_with('/'),
        // A count of levels up, then a JSON pointer or `#`.
        "relative-json-pointer" => {
            let rest = text.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.len() < text.len() && (rest.is_empty() || rest == "#" || rest.starts_with('/'))
        }
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

/// The Rust integer type the client decodes `format` into (`int32` → `i32`, the unsigned
/// formats their own, anything else `i64`) when the integer literal `value` does not fit it
/// (an `int64` example of 9223372036854776000, `i64::MAX` rounded by JavaScript).
fn integer_out_of_range(value: &Value, format: &str) -> Option<&'static str> {
    if !(value.is_i64() || value.is_u64()) {
        return None;
    }
    let signed = value.as_i64();
    let unsigned = value.as_u64();
    let (rust_type, fits) = match format {
        "int32" => ("i32", signed.is_some_and(|v| i32::try_from(v).is_ok())),
        "uint8" => ("u8", unsigned.is_some_and(|v| u8::try_from(v).is_ok())),
        "uint16" => ("u16", unsigned.is_some_and(|v| u16::try_from(v).is_ok())),
        "uint32" => ("u32", unsigned.is_some_and(|v| u32::try_from(v).is_ok())),
        "uint64" => ("u64", unsigned.is_some()),
        _ => ("i64", signed.is_some()),
    };
    (!fits).then_some(rust_type)
}

#[cfg(test)]
mod tests {
    use super::{check, check_shape, format_ok};
    use crate::spec::Spec;
    use serde_json::json;

    #[test]
    fn nulls_discriminators_and_undeclared_required_names() {
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
        assert!(check_shape(&spec, &json!({}), &undeclared).is_ok());
        let elsewhere = json!({"$ref": "other.yaml#/x"});
        assert!(check(&spec, &json!(1), &elsewhere).is_err());
        assert!(check_shape(&spec, &json!(1), &elsewhere).is_ok());
        let uri = json!({"type": "string", "format": "uri"});
        assert!(check(&spec, &json!("/relative"), &uri).is_err());
        assert!(check_shape(&spec, &json!("/relative"), &uri).is_ok());
        let beside = json!({"allOf": [{"$ref": "#/components/schemas/base"}, {"required": ["type", "data"]}]});
        assert!(check_shape(&spec, &json!({"id": "a"}), &beside).is_err());
        assert!(check_shape(&spec, &json!({"id": "a", "type": "base"}), &beside).is_ok());
        // Declared by the schema's own `allOf` member: a field the client requires.
        let own = json!({"allOf": [{"$ref": "#/components/schemas/base"}], "required": ["type"]});
        assert!(check_shape(&spec, &json!({"id": "a"}), &own).is_err());
    }

    #[test]
    fn date_times_are_what_the_client_reads() {
        let spec = Spec {
            file: "test.yaml".to_owned(),
            root: json!({}),
        };
        let schema = json!({"type": "string", "format": "date-time"});
        for read in [
            "2020-01-01T00:00:00Z",
            "2018-01-01T00:01:01",
            "2018-01-01 00:01:01.5",
            "Thu, 30 Jul 2015 20:00:00 +0000",
        ] {
            assert!(check_shape(&spec, &json!(read), &schema).is_ok(), "{read}");
        }
        for refused in ["1s", "2020-01-01", "x"] {
            assert!(
                check_shape(&spec, &json!(refused), &schema).is_err(),
                "{refused}"
            );
        }
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
