//! Valid request values synthesized from JSON schemas, and a validator for spec examples.
//!
//! [`synthesize`] builds the smallest value a validating server (Prism) accepts for a schema:
//!
//! - a schema `example` that passes [`check`] wins;
//! - `enum` → its first non-null value;
//! - string: `pattern` → a short matching string (see `pattern.rs`), else by
//!   `format` (`date-time` → `2020-01-01T00:00:00Z`, `date` → `2020-01-01`, `duration` →
//!   `P1D` (ISO 8601), `uri` → `https://example.com/x`, `ipv4`/`ipv6` → documentation
//!   addresses, Twilio's `phone-number` → `+15005550006`, ...), else `"x"`;
//!   padded to `minLength`, cut to `maxLength`;
//! - integer/number → `minimum` (+1 when exclusive), else 1, kept within `maximum` and a
//!   multiple of `multipleOf`; boolean → `true`;
//! - array → `minItems` (at least one) copies of one valid item;
//! - object → every **required** property, recursively ([`Fill::Required`]), or every
//!   property that is not `readOnly` down to [`FILL_ALL_DEPTH`] levels ([`Fill::All`]);
//!   `allOf` → one schema merged from its members (see `all_of.rs`), else the merged values;
//!   `oneOf`/`anyOf` → the first alternative whose value the whole schema accepts (see
//!   `alternative_value`); `const` → its value.
//!
//! [`check`](crate::check::check) decides whether an example may be used.

use serde_json::{Map, Value};

use crate::check::check;
use crate::pattern;
use crate::spec::Spec;

/// Deeper than any sane request schema; stops runaway recursion.
pub(crate) const MAX_DEPTH: usize = 24;

/// With [`Fill::All`], optional properties are filled only this many levels down (a body's own
/// properties are level 1); below, only required ones, so recursive schemas end.
pub const FILL_ALL_DEPTH: usize = 2;

/// Which properties (and parameters) a request gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fill {
    /// Only what the spec requires.
    Required,
    /// Every optional property and parameter too.
    All,
}

/// A valid value for `schema`. `whole` marks a complete parameter value, which must not be
/// empty (an empty path segment is refused, an empty query value reads as absent).
pub fn synthesize(spec: &Spec, schema: &Value, whole: bool, fill: Fill) -> Result<Value, String> {
    build(spec, schema, whole, fill, 0)
}

/// A valid, non-empty value for a parameter object: its own `example`/`examples` when valid,
/// else one synthesized from its schema (for a parameter given by `content`, the schema of
/// its one media type, whose examples count too).
pub fn parameter_value(spec: &Spec, parameter: &Value, fill: Fill) -> Result<Value, String> {
    let media = parameter
        .get("content")
        .and_then(Value::as_object)
        .and_then(|content| content.values().next());
    let (holder, schema) = match (parameter.get("schema"), media) {
        (Some(schema), _) => (parameter, schema),
        (None, Some(media)) => (media, media.get("schema").unwrap_or(&Value::Null)),
        (None, None) => return Err("the parameter has neither `schema` nor `content`".to_owned()),
    };
    let mut value = match first_valid_example(spec, holder, schema) {
        Some(example) if example.as_str() != Some("") => example,
        _ => synthesize(spec, schema, true, fill)?,
    };
    without_read_only(spec, schema, &mut value);
    Ok(value)
}

/// The first of `holder.example` and `holder.examples.*.value` that is valid for `schema`.
pub fn first_valid_example(spec: &Spec, holder: &Value, schema: &Value) -> Option<Value> {
    let mut candidates: Vec<&Value> = Vec::new();
    if let Some(example) = holder.get("example") {
        candidates.push(example);
    }
    if let Some(examples) = holder.get("examples").and_then(Value::as_object) {
        for example in examples.values() {
            if let Some(value) = spec.resolve(example).ok().and_then(|e| e.get("value")) {
                candidates.push(value);
            }
        }
    }
    candidates
        .into_iter()
        .find(|candidate| check(spec, candidate, schema).is_ok())
        .cloned()
}

/// `value` without the properties its schema marks `readOnly`, at any depth (through
/// `allOf`/`oneOf`/`anyOf` members and array items): a request must not send them, and a
/// validating server refuses them where `additionalProperties` is `false`. Spec examples of
/// request bodies often include them (they show the resource as it is returned).
pub fn without_read_only(spec: &Spec, schema: &Value, value: &mut Value) {
    without_read_only_at(spec, schema, value, 0);
}

fn without_read_only_at(spec: &Spec, schema: &Value, value: &mut Value, depth: usize) {
    let Ok(schema) = spec.resolve(schema) else {
        return;
    };
    if depth > MAX_DEPTH {
        return;
    }
    for key in ["allOf", "oneOf", "anyOf"] {
        for member in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            without_read_only_at(spec, member, value, depth + 1);
        }
    }
    match value {
        Value::Object(object) => {
            let Some(properties) = schema.get("properties").and_then(Value::as_object) else {
                return;
            };
            for (name, property) in properties {
                let read_only = spec
                    .resolve(property)
                    .is_ok_and(|p| p.get("readOnly") == Some(&Value::Bool(true)));
                if read_only {
                    object.remove(name);
                } else if let Some(inner) = object.get_mut(name) {
                    without_read_only_at(spec, property, inner, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for item in items {
                    without_read_only_at(spec, item_schema, item, depth + 1);
                }
            }
        }
        _ => {}
    }
}

fn build(
    spec: &Spec,
    schema: &Value,
    whole: bool,
    fill: Fill,
    depth: usize,
) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err("the schema nests too deeply (a required recursive property?)".to_owned());
    }
    let schema = spec.resolve(schema)?;
    if let Some(constant) = schema.get("const") {
        return Ok(constant.clone());
    }
    if let Some(example) = schema.get("example") {
        if check(spec, example, schema).is_ok() && !(whole && example.as_str() == Some("")) {
            return Ok(example.clone());
        }
    }
    // The first value the schema takes: an enum may list values of another type (`''` among
    // a number's values), which no client type holds.
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        let mut non_null = values.iter().filter(|v| !v.is_null());
        let valid = non_null.clone().find(|v| check(spec, v, schema).is_ok());
        if let Some(value) = valid.or_else(|| non_null.next()) {
            return Ok(value.clone());
        }
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        if let Some(merged) = crate::all_of::merged(spec, schema)? {
            return build(spec, &merged, whole, fill, depth + 1);
        }
        let mut merged = Value::Null;
        for part in parts {
            let value = build(spec, part, whole, fill, depth + 1)?;
            merged = match (merged, value) {
                (Value::Object(mut all), Value::Object(more)) => {
                    all.extend(more);
                    Value::Object(all)
                }
                (_, value) => value,
            };
        }
        return Ok(merged);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alternatives) = schema.get(key).and_then(Value::as_array) {
            return alternative_value(spec, schema, key, alternatives, whole, fill, depth);
        }
    }
    let kind = schema.get("type").and_then(Value::as_str).or_else(|| {
        if schema.get("properties").is_some() {
            Some("object")
        } else if schema.get("items").is_some() {
            Some("array")
        } else {
            None
        }
    });
    match kind {
        Some("string") => string(schema, whole).map(Value::String),
        Some("integer") => integer(schema),
        Some("number") => number(schema),
        Some("boolean") => Ok(Value::Bool(true)),
        Some("array") => {
            let item = match schema.get("items") {
                Some(items) => build(spec, items, false, fill, depth + 1)?,
                None => Value::String("x".to_owned()),
            };
            let max = usize_of(schema, "maxItems").unwrap_or(usize::MAX);
            let count = usize_of(schema, "minItems").unwrap_or(1).max(1).min(max);
            Ok(Value::Array(vec![item; count]))
        }
        Some("object") => {
            let mut object = Map::new();
            let properties = schema.get("properties").and_then(Value::as_object);
            let mut names: Vec<&str> = crate::spec::required_names(schema);
            if fill == Fill::All && depth < FILL_ALL_DEPTH {
                for (name, property) in properties.into_iter().flatten() {
                    let read_only = spec
                        .resolve(property)
                        .is_ok_and(|p| p.get("readOnly") == Some(&Value::Bool(true)));
                    if !read_only && !names.contains(&name.as_str()) {
                        names.push(name);
                    }
                }
            }
            for name in names {
                let value = match properties.and_then(|p| p.get(name)) {
                    Some(property) => build(spec, property, false, fill, depth + 1)
                        .map_err(|e| format!("property `{name}`: {e}"))?,
                    None => Value::String("x".to_owned()),
                };
                object.insert(name.to_owned(), value);
            }
            fill_min_properties(spec, schema, &mut object, fill, depth);
            Ok(Value::Object(object))
        }
        Some(other) => Err(format!("unknown schema type `{other}`")),
        None => Ok(Value::String("x".to_owned())),
    }
}

/// Adds properties to `object` until it has the schema's `minProperties` (OpenSearch's
/// processor containers: every property optional, at least one present): declared ones in
/// order (not `readOnly`, skipping those no value can be built for), then entries of its
/// `additionalProperties` schema.
fn fill_min_properties(
    spec: &Spec,
    schema: &Value,
    object: &mut Map<String, Value>,
    fill: Fill,
    depth: usize,
) {
    let min = usize_of(schema, "minProperties").unwrap_or(0);
    let declared = schema.get("properties").and_then(Value::as_object);
    for (name, property) in declared.into_iter().flatten() {
        if object.len() >= min {
            return;
        }
        let read_only = spec
            .resolve(property)
            .is_ok_and(|p| p.get("readOnly") == Some(&Value::Bool(true)));
        if read_only || object.contains_key(name) {
            continue;
        }
        if let Ok(value) = build(spec, property, false, fill, depth + 1) {
            object.insert(name.clone(), value);
        }
    }
    let extra = schema.get("additionalProperties").filter(|a| a.is_object());
    let mut key = 1;
    while object.len() < min {
        let value = match extra {
            Some(extra) => match build(spec, extra, false, fill, depth + 1) {
                Ok(value) => value,
                Err(_) => return,
            },
            None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => return,
            None => Value::String("x".to_owned()),
        };
        object.insert(format!("property{key}"), value);
        key += 1;
    }
}

/// A value for the `oneOf`/`anyOf` `schema`: the first alternative's value that the whole
/// schema accepts (a `oneOf` value must fit exactly one alternative, and alternatives without
/// required properties all accept `{}`), built with the required properties and then, when
/// that value is ambiguous, with every property of the alternative (an `enum` or `const`
/// property often tells them apart); else the first value built.
fn alternative_value(
    spec: &Spec,
    schema: &Value,
    key: &str,
    alternatives: &[Value],
    whole: bool,
    fill: Fill,
    depth: usize,
) -> Result<Value, String> {
    let mut first: Option<Value> = None;
    let mut last_error = format!("`{key}` lists no alternative");
    for alternative in alternatives {
        let inherited = crate::all_of::with_siblings(schema, key, alternative);
        let mut candidates = vec![inherited.clone()];
        candidates.extend(every_property_required(spec, &inherited));
        for candidate in candidates {
            match build(spec, &candidate, whole, fill, depth + 1) {
                Ok(value) => {
                    let value = discriminated(spec, schema, alternative, value);
                    if check(spec, &value, schema).is_ok() {
                        return Ok(value);
                    }
                    first.get_or_insert(value);
                }
                Err(e) => last_error = e,
            }
        }
    }
    first.ok_or(last_error)
}

/// `schema` (merged from its `allOf`) with every property that is not `readOnly` required,
/// when that adds any.
fn every_property_required(spec: &Spec, schema: &Value) -> Option<Value> {
    let mut merged = match crate::all_of::merged(spec, schema) {
        Ok(Some(merged)) => merged,
        _ => spec.resolve(schema).ok()?.clone(),
    };
    let names: Vec<Value> = merged
        .get("properties")
        .and_then(Value::as_object)?
        .iter()
        .filter(|(_, property)| {
            !spec
                .resolve(property)
                .is_ok_and(|p| p.get("readOnly") == Some(&Value::Bool(true)))
        })
        .map(|(name, _)| Value::String(name.clone()))
        .collect();
    let required = merged.get("required").and_then(Value::as_array);
    if required.is_some_and(|required| names.iter().all(|name| required.contains(name))) {
        return None;
    }
    merged
        .as_object_mut()?
        .insert("required".to_owned(), Value::Array(names));
    Some(merged)
}

/// `value`, built for `alternative` of a `oneOf`/`anyOf` with a `discriminator`, with the
/// discriminator property naming that alternative: the `mapping` key that points at it, else
/// the one value the alternative's tag property allows (`const`, an `enum` of one: what a
/// validating server checks, and what the generated union reads as that alternative too),
/// else the last segment of its `$ref` (the schema's component name, OpenAPI's implicit
/// mapping). Beside a mapping, the alternative's own schema for that property (often an enum
/// of other words) does not decide: the discriminator does.
fn discriminated(spec: &Spec, schema: &Value, alternative: &Value, value: Value) -> Value {
    let Some(property) = schema
        .pointer("/discriminator/propertyName")
        .and_then(Value::as_str)
    else {
        return value;
    };
    let Some(reference) = alternative.get("$ref").and_then(Value::as_str) else {
        return value;
    };
    let mapped = schema
        .pointer("/discriminator/mapping")
        .and_then(Value::as_object)
        .and_then(|mapping| {
            mapping
                .iter()
                .find(|(_, target)| target.as_str() == Some(reference))
                .map(|(key, _)| key.clone())
        });
    let name = mapped
        .or_else(|| single_tag_value(spec, alternative, property))
        .unwrap_or_else(|| reference.rsplit('/').next().unwrap_or(reference).to_owned());
    match value {
        Value::Object(mut object) => {
            object.insert(property.to_owned(), Value::String(name));
            Value::Object(object)
        }
        other => other,
    }
}

/// The one string `alternative`'s `property` allows: its `const`, or an `enum` of one value.
fn single_tag_value(spec: &Spec, alternative: &Value, property: &str) -> Option<String> {
    let merged = match crate::all_of::merged(spec, alternative) {
        Ok(Some(merged)) => merged,
        _ => spec.resolve(alternative).ok()?.clone(),
    };
    let tag = spec
        .resolve(merged.get("properties")?.get(property)?)
        .ok()?;
    let value = match (tag.get("const"), tag.get("enum").and_then(Value::as_array)) {
        (Some(constant), _) => constant,
        (None, Some(values)) if values.len() == 1 => &values[0],
        _ => return None,
    };
    value.as_str().map(str::to_owned)
}

fn string(schema: &Value, whole: bool) -> Result<String, String> {
    let min_len = usize_of(schema, "minLength")
        .unwrap_or(0)
        .max(usize::from(whole));
    let max_len = usize_of(schema, "maxLength");
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    let formatted = format_value(format).map(str::to_owned);
    if let Some(regex) = schema.get("pattern").and_then(Value::as_str) {
        // The format's own value when the pattern takes it: a pattern's shortest match
        // (`0000-00-00` for a date) rarely is a valid value of the format too.
        let fits = |text: &String| {
            let len = text.chars().count();
            len >= min_len
                && max_len.is_none_or(|max| len <= max)
                && pattern::matching_text(regex, text)
        };
        if let Some(text) = formatted.filter(fits) {
            return Ok(text);
        }
        let text = pattern::matching(regex, min_len)?;
        let len = text.chars().count();
        if max_len.is_some_and(|max| len > max) {
            return Err(format!(
                "the shortest match of `{regex}` is longer than maxLength"
            ));
        }
        return Ok(text);
    }
    let mut text = formatted.unwrap_or_else(|| "x".to_owned());
    while text.chars().count() < min_len {
        text.push('x');
    }
    if let Some(max) = max_len {
        text = text.chars().take(max).collect();
    }
    Ok(text)
}

/// A valid value of a string `format` (JSON Schema's and OpenAPI's registered ones, and
/// those real specs use); `None` for a format without rules of its own.
fn format_value(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" => "2020-01-01T00:00:00Z",
        "date-time-rfc-2822" => "Wed, 01 Jan 2020 00:00:00 +0000",
        "date" => "2020-01-01",
        "duration" => "P1D",
        "time" => "00:00:00Z",
        "uri" | "url" | "uri-reference" | "iri" | "iri-reference" => "https://example.com/x",
        "uri-template" => "https://example.com/{x}",
        "email" | "idn-email" => "user@example.com",
        "uuid" => "00000000-0000-4000-8000-000000000000",
        "ipv4" => "192.0.2.1",
        "ipv6" => "2001:db8::1",
        "hostname" | "idn-hostname" => "example.com",
        "json-pointer" => "/x",
        "relative-json-pointer" => "0/x",
        "phone-number" => "+15005550006",
        "iso-country-code" => "US",
        "currency" => "USD",
        "http-method" => "POST",
        // base64 of `specweave`: a `format: byte` value is decoded as base64.
        "byte" => "c3BlY3dlYXZl",
        _ => return None,
    })
}

fn integer(schema: &Value) -> Result<Value, String> {
    let exclusive = |key| schema.get(key).and_then(Value::as_bool) == Some(true);
    let mut value = match schema.get("minimum").and_then(Value::as_f64) {
        Some(min) if exclusive("exclusiveMinimum") => min.floor() as i64 + 1,
        Some(min) => min.ceil() as i64,
        None => 1,
    };
    if let Some(step) = schema
        .get("multipleOf")
        .and_then(Value::as_i64)
        .filter(|s| *s > 0)
    {
        value = value.div_euclid(step) * step + if value % step == 0 { 0 } else { step };
    }
    if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
        let max = if exclusive("exclusiveMaximum") {
            max.ceil() as i64 - 1
        } else {
            max.floor() as i64
        };
        if value > max {
            value = max;
        }
    }
    Ok(Value::from(value))
}

fn number(schema: &Value) -> Result<Value, String> {
    let mut value = schema
        .get("minimum")
        .and_then(Value::as_f64)
        .map_or(1.0, |min| {
            if schema.get("exclusiveMinimum").and_then(Value::as_bool) == Some(true) {
                min + 1.0
            } else {
                min
            }
        });
    if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
        if value > max {
            value = max;
        }
    }
    serde_json::Number::from_f64(value)
        .map(Value::Number)
        .ok_or_else(|| format!("{value} is not a JSON number"))
}

pub(crate) fn usize_of(schema: &Value, key: &str) -> Option<usize> {
    schema
        .get(key)
        .and_then(Value::as_u64)
        .and_then(|n| usize::try_from(n).ok())
}

#[cfg(test)]
#[path = "values_tests.rs"]
mod tests;
