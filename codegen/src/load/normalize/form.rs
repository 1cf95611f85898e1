//! Form-body rules, for both dialects: what `openapiv3` would lose of how a form body's
//! properties are encoded, kept in a shape it reads.
//!
//! - `format: prefixed-collapsible-map-{Prefix}` (Twilio's maps flattened to `{Prefix}.{key}`)
//!   on an object or untyped schema: `openapiv3` keeps `format` on scalars only, so the
//!   prefix is also written as the extension [`PREFIXED_MAP`];
//! - an `encoding` entry with a `style` and no `explode`: `openapiv3` reads a missing
//!   `explode` as `false`, where the specification's default is `true` for `form`, so the
//!   default is written out.

use serde_json::{Map, Value};

/// The extension that carries a schema's prefixed-collapsible-map prefix.
pub(crate) const PREFIXED_MAP: &str = "x-specweave-prefixed-map";

/// The `format` that marks a prefixed-collapsible map, before its prefix.
const PREFIXED_MAP_FORMAT: &str = "prefixed-collapsible-map-";

/// Whether `text` may need these rules (a cheap scan): such a 3.0 document takes the generic
/// path rather than the typed parse, which gives the same result but for these rules.
pub(in crate::load) fn may_need(text: &str) -> bool {
    text.contains(PREFIXED_MAP_FORMAT)
        || text.contains("encoding:")
        || text.contains("\"encoding\"")
}

/// Copies a prefixed-collapsible-map prefix of `schema` into [`PREFIXED_MAP`].
pub(super) fn prefixed_map_format(schema: &mut Map<String, Value>) {
    let is_scalar = matches!(
        schema.get("type").and_then(Value::as_str),
        Some("string" | "integer" | "number" | "boolean")
    );
    let prefix = match schema.get("format").and_then(Value::as_str) {
        Some(format) if !is_scalar => format.strip_prefix(PREFIXED_MAP_FORMAT),
        _ => None,
    };
    if let Some(prefix) = prefix.filter(|p| !p.is_empty()).map(str::to_owned) {
        schema.insert(PREFIXED_MAP.to_owned(), Value::String(prefix));
    }
}

/// Writes out the default `explode` of every request body `encoding` entry with a `style`.
pub(super) fn encoding_explode_defaults(root: &mut Value) {
    let Some(document) = root.as_object_mut() else {
        return;
    };
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for operation in item.values_mut().filter_map(Value::as_object_mut) {
                if let Some(body) = operation.get_mut("requestBody") {
                    explode_defaults(body);
                }
            }
        }
    }
    if let Some(Value::Object(components)) = document.get_mut("components") {
        if let Some(Value::Object(bodies)) = components.get_mut("requestBodies") {
            bodies.values_mut().for_each(explode_defaults);
        }
    }
}

/// [`encoding_explode_defaults`] of one request body.
fn explode_defaults(body: &mut Value) {
    let Some(Value::Object(content)) = body.get_mut("content") else {
        return;
    };
    for media in content.values_mut() {
        let Some(Value::Object(encoding)) = media.get_mut("encoding") else {
            continue;
        };
        for entry in encoding.values_mut().filter_map(Value::as_object_mut) {
            let form = match entry.get("style") {
                Some(Value::String(style)) => style == "form",
                _ => continue,
            };
            entry
                .entry("explode".to_owned())
                .or_insert(Value::Bool(form));
        }
    }
}
