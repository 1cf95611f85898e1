//! What Prism serves for an operation: the lowest 2xx response's JSON media type, and its
//! first example (`example`, else the first of `examples`), or, without one, a body Prism
//! generates from the schema (a schema's `default`, else its `example`, taken whole; an
//! object's properties, an array's items, a `oneOf`/`anyOf`'s first alternative). `limits.rs` reads spec defects off them.

use std::collections::HashSet;

use serde_json::Value;
use specweave::model::MediaType;

use crate::check::check_shape;
use crate::raw::RawOperation;
use crate::values::MAX_DEPTH;

/// The JSON media type object of the lowest 2xx response (`$ref`s followed, the `content`
/// map's too), which Prism answers with.
pub fn served_media<'a>(raw: &RawOperation<'a>) -> Option<&'a Value> {
    let spec = raw.spec;
    let responses = raw.op.get("responses")?.as_object()?;
    let (_, response) = responses
        .iter()
        .filter(|(status, _)| status.starts_with('2'))
        .min_by(|(a, _), (b, _)| a.cmp(b))?;
    let content = spec
        .resolve(spec.resolve(response).ok()?.get("content")?)
        .ok()?;
    let (_, media) = content
        .as_object()?
        .iter()
        .find(|(media_type, _)| MediaType::parse(media_type).is_json())?;
    spec.resolve(media).ok()
}

/// The example Prism serves from `media`: `example`, else the first of `examples`.
pub fn served_example<'a>(raw: &RawOperation<'a>, media: &'a Value) -> Option<&'a Value> {
    if let Some(example) = media.get("example") {
        return Some(example);
    }
    let (_, first) = media.get("examples")?.as_object()?.iter().next()?;
    raw.spec.resolve(first).ok()?.get("value")
}

/// The first value Prism's generator takes from the schema itself on its path through
/// `schema` (a `default`, else an `example`, which it uses whole) that a client of the schema
/// cannot decode (`check_shape`), with the violation.
pub fn contradicting_default(raw: &RawOperation<'_>, schema: &Value) -> Option<String> {
    on_generation_path(
        raw,
        schema,
        &|schema| {
            let (key, taken) = match (schema.get("default"), schema.get("example")) {
                (Some(default), _) => ("default", default),
                (None, Some(example)) => ("example", example),
                (None, None) => return None,
            };
            // `null` is what an optional field reads as absent.
            if taken.is_null() {
                return None;
            }
            let e = check_shape(raw.spec, taken, schema).err()?;
            Some(format!("{key} {taken}: {e}"))
        },
        false,
    )
}

/// The first schema on Prism's generation path through `schema` that has a `oneOf`/`anyOf`
/// beside `properties` and `required` of its own: Prism generates the alternative and leaves
/// those properties out, required ones too.
pub fn required_beside_alternatives(raw: &RawOperation<'_>, schema: &Value) -> Option<String> {
    on_generation_path(
        raw,
        schema,
        &|schema| {
            let alternatives = schema.get("oneOf").or_else(|| schema.get("anyOf"))?;
            let properties = schema.get("properties")?.as_object()?;
            let required = schema.get("required")?.as_array()?;
            let named = required
                .iter()
                .filter_map(Value::as_str)
                .find(|name| properties.contains_key(*name))?;
            (alternatives.as_array()?.len() > 1).then(|| format!("required `{named}`"))
        },
        true,
    )
}

/// The first `Some` of `found` on the schemas of Prism's generation path through `schema`;
/// into the first `oneOf`/`anyOf` alternative only with `alternatives` (which alternative a
/// union's body ends up decoded as is the client's business, not a sure contradiction).
fn on_generation_path<'a>(
    raw: &RawOperation<'a>,
    schema: &'a Value,
    found: &dyn Fn(&'a Value) -> Option<String>,
    alternatives: bool,
) -> Option<String> {
    let mut walk = Walk {
        raw,
        found,
        alternatives,
        seen: HashSet::new(),
    };
    walk.at(schema, 0)
}

struct Walk<'r, 'a> {
    raw: &'r RawOperation<'a>,
    found: &'r dyn Fn(&'a Value) -> Option<String>,
    alternatives: bool,
    seen: HashSet<*const Value>,
}

impl<'a> Walk<'_, 'a> {
    fn at(&mut self, schema: &'a Value, depth: usize) -> Option<String> {
        walk(self, schema, depth)
    }
}

fn walk<'a>(w: &mut Walk<'_, 'a>, schema: &'a Value, depth: usize) -> Option<String> {
    let (raw, found) = (w.raw, w.found);
    let schema = raw.spec.resolve(schema).ok()?;
    // Each schema once (shared and recursive ones too).
    if depth > MAX_DEPTH || !w.seen.insert(schema as *const Value) {
        return None;
    }
    if let Some(hit) = found(schema) {
        return Some(hit);
    }
    // Prism takes a schema's `default` or `example` whole, without looking inside.
    if schema.get("default").is_some() || schema.get("example").is_some() {
        return None;
    }
    let mut next: Vec<&'a Value> = Vec::new();
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        next.extend(properties.values());
    }
    next.extend(schema.get("items"));
    next.extend(
        schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten(),
    );
    if w.alternatives {
        for key in ["oneOf", "anyOf"] {
            next.extend(
                schema
                    .get(key)
                    .and_then(Value::as_array)
                    .and_then(|a| a.first()),
            );
        }
    }
    next.into_iter().find_map(|inner| w.at(inner, depth + 1))
}
