//! The generic path of the load stage, and why a spec is not a readable OpenAPI document.
//!
//! Only reached when the fast parse failed or did not apply: the text is parsed loosely into a
//! generic value (to recognise Swagger 2.0, unsupported versions and non-OpenAPI documents),
//! and, when the normalized value does not deserialize either, with path tracking (to turn a
//! structural error into a JSON pointer), entry by entry where openapiv3 flattens its maps.

use std::path::Path;

use openapiv3::OpenAPI;
use serde::Deserialize;

use super::{catch_upstream_panic, check_version, yaml_to_json, Dialect};
use crate::diagnostics::{Diagnostic, Pointer};

/// Reads `text` into a generic value, or says why it is not well-formed YAML/JSON.
pub(super) fn read_value(
    path: &Path,
    text: &str,
    is_json: bool,
) -> Result<serde_json::Value, Diagnostic> {
    // Through serde_yaml's own value type: it accepts every valid YAML document (integer keys,
    // numbers beyond i64), which serde_json::Value does not.
    let from_yaml = || {
        serde_yaml::from_str::<serde_yaml::Value>(text)
            .map(yaml_to_json)
            .map_err(|e| e.to_string())
            // Integers beyond 64 bits: the loose reader keeps them (as f64).
            .or_else(|e| super::loose_value::from_yaml(text).map_err(|_| e))
    };
    let loose: Result<serde_json::Value, String> = if is_json {
        match serde_json::from_str(text) {
            Ok(value) => Ok(value),
            // A number JSON cannot hold as f64 (`1e400`): YAML, a superset, reads it.
            Err(e) if e.to_string().contains("number out of range") => {
                from_yaml().map_err(|_| e.to_string())
            }
            Err(e) => Err(e.to_string()),
        }
    } else {
        from_yaml()
    };
    match loose {
        Ok(value) => Ok(value),
        // Well-formed, but holding values no generic value type represents: the structural
        // pass may still locate them.
        Err(syntax) if !is_json && serde_yaml::from_str::<serde::de::IgnoredAny>(text).is_ok() => {
            let located = locate_structural_error(path, Some((text, is_json)), None);
            if located.pointer.is_some() {
                return Err(located);
            }
            Err(Diagnostic::file_error(
                path,
                format!("invalid YAML: {syntax}"),
            ))
        }
        Err(syntax) => {
            let format = if is_json { "JSON" } else { "YAML" };
            Err(Diagnostic::file_error(
                path,
                format!("invalid {format}: {syntax}"),
            ))
        }
    }
}

/// Checks that `value` is an OpenAPI document of a version this generator reads.
pub(super) fn check_document(
    path: &Path,
    value: &serde_json::Value,
) -> Result<Dialect, Diagnostic> {
    let Some(root) = value.as_object() else {
        return Err(Diagnostic::file_error(
            path,
            "not an OpenAPI document: the top level is not a mapping",
        ));
    };
    if let Some(swagger) = root.get("swagger") {
        return Err(Diagnostic::error(
            path,
            "#/swagger",
            format!(
                "unsupported version: Swagger {} is not OpenAPI 3.0; convert it first \
                 (for example with swagger2openapi)",
                display_scalar(swagger)
            ),
        ));
    }
    match root.get("openapi") {
        None => Err(Diagnostic::file_error(
            path,
            "not an OpenAPI document: the top-level `openapi` version field is missing",
        )),
        Some(serde_json::Value::String(v)) => check_version(path, v),
        Some(other) => Err(Diagnostic::error(
            path,
            "#/openapi",
            format!(
                "the `openapi` field must be a version string such as \"3.0.3\", found {}",
                display_scalar(other)
            ),
        )),
    }
}

/// Deserializes a (normalized) generic value, which openapiv3 reads consistently.
pub(super) fn deserialize(value: &serde_json::Value) -> Option<OpenAPI> {
    catch_upstream_panic(|| OpenAPI::deserialize(value).ok())
        .ok()
        .flatten()
}

/// Why `value` (read from `path`) is not a readable OpenAPI document, and where. `text` is the
/// original input when its pointers are those of `value` (then the text's own path tracking
/// is tried first).
pub(super) fn explain(
    path: &Path,
    value: &serde_json::Value,
    text: Option<(&str, bool)>,
) -> Diagnostic {
    let mut located = locate_structural_error(path, text, Some(value));
    if let Some(pointer) = narrow(value, located.pointer.as_deref()) {
        located.pointer = Some(pointer);
    }
    located
}

/// openapiv3 flattens several maps (paths, responses, ...), where serde's path tracking stops
/// at the map. Deserializing the map's entries one by one finds the entry at fault.
fn narrow(root: &serde_json::Value, pointer: Option<&str>) -> Option<String> {
    /// The first entry of `entries` that does not deserialize into `T`: alone when `wrapper`
    /// is `Some("")`, as `{key: entry}` when `None`, else as `{wrapper: {key: entry}}` (the
    /// same context as in the whole document, which matters: openapiv3 behaves differently
    /// inside its flattened maps).
    fn first_error<T: serde::de::DeserializeOwned>(
        entries: &serde_json::Map<String, serde_json::Value>,
        wrapper: Option<&str>,
        base: Pointer,
    ) -> Option<String> {
        entries.iter().find_map(|(key, value)| {
            let mut single = serde_json::Map::new();
            single.insert(key.clone(), value.clone());
            let wrapped = match wrapper {
                Some("") => value.clone(),
                Some(name) => serde_json::json!({ name: single }),
                None => serde_json::Value::Object(single),
            };
            let outcome =
                catch_upstream_panic(|| serde_path_to_error::deserialize::<_, T>(&wrapped).err());
            match outcome {
                // The path starts at the wrapper: skip it (and the section name).
                Ok(error) => error.map(|e| {
                    let mut pointer = base.join(key);
                    let skip = match wrapper {
                        Some("") => 0,
                        Some(_) => 2,
                        None => 1,
                    };
                    for segment in e.path().iter().skip(skip) {
                        pointer = join_segment(pointer, segment);
                    }
                    pointer.as_str().to_owned()
                }),
                // openapiv3 panicked on exactly this entry: that locates the problem.
                Err(()) => Some(base.join(key).as_str().to_owned()),
            }
        })
    }
    // Without a pointer (the locating pass itself tripped openapiv3), try both sections.
    let unknown = pointer.is_none();
    let pointer = pointer.unwrap_or("#");
    if pointer == "#/paths" || unknown {
        if let Some(paths) = root.get("paths").and_then(|p| p.as_object()) {
            let base = Pointer::root().join("paths");
            // Entry by entry first (the most precise pointer), then in the document's context.
            let found = first_error::<openapiv3::PathItem>(paths, Some(""), base.clone())
                .or_else(|| first_error::<openapiv3::Paths>(paths, None, base));
            if found.is_some() {
                return found;
            }
        }
    }
    if pointer == "#/components" || pointer.starts_with("#/components/") || unknown {
        let components = root.get("components")?.as_object()?;
        let base = Pointer::root().join("components");
        for (section, entries) in components {
            let Some(entries) = entries.as_object() else {
                continue;
            };
            let found =
                first_error::<openapiv3::Components>(entries, Some(section), base.join(section));
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

/// Re-parses with path tracking to turn a structural error into a JSON pointer.
fn locate_structural_error(
    path: &Path,
    text: Option<(&str, bool)>,
    value: Option<&serde_json::Value>,
) -> Diagnostic {
    if let Some((text, is_json)) = text {
        let tracked = catch_upstream_panic(|| locate_with_path_tracking(path, text, is_json));
        if let Ok(located) = tracked {
            return located;
        }
    }
    // The text deserializer tripped openapiv3; a generic value deserializes consistently.
    let from_value = value.and_then(|value| {
        catch_upstream_panic(
            || match serde_path_to_error::deserialize::<_, OpenAPI>(value) {
                Ok(_) => None,
                Err(e) => Some(Diagnostic::error(
                    path,
                    pointer_of(e.path()).as_str(),
                    format!("not a valid OpenAPI 3.0 document here: {}", e.into_inner()),
                )),
            },
        )
        .ok()
        .flatten()
    });
    from_value.unwrap_or_else(|| {
        Diagnostic::file_error(
            path,
            "not a valid OpenAPI 3.0 document (its structure could not be read)",
        )
    })
}

fn locate_with_path_tracking(path: &Path, text: &str, is_json: bool) -> Diagnostic {
    let (segments, message) = if is_json {
        let mut de = serde_json::Deserializer::from_str(text);
        match serde_path_to_error::deserialize::<_, OpenAPI>(&mut de) {
            Ok(_) => return Diagnostic::file_error(path, "the spec could not be read"),
            Err(e) => (pointer_of(e.path()), e.into_inner().to_string()),
        }
    } else {
        let de = serde_yaml::Deserializer::from_str(text);
        match serde_path_to_error::deserialize::<_, OpenAPI>(de) {
            Ok(_) => return Diagnostic::file_error(path, "the spec could not be read"),
            Err(e) => (pointer_of(e.path()), e.into_inner().to_string()),
        }
    };
    Diagnostic::error(
        path,
        segments.as_str(),
        format!("not a valid OpenAPI 3.0 document here: {message}"),
    )
}

fn pointer_of(path: &serde_path_to_error::Path) -> Pointer {
    join_path(Pointer::root(), path)
}

fn join_path(mut pointer: Pointer, path: &serde_path_to_error::Path) -> Pointer {
    for segment in path.iter() {
        if matches!(segment, serde_path_to_error::Segment::Unknown) {
            break;
        }
        pointer = join_segment(pointer, segment);
    }
    pointer
}

fn join_segment(pointer: Pointer, segment: &serde_path_to_error::Segment) -> Pointer {
    use serde_path_to_error::Segment;
    match segment {
        Segment::Seq { index } => pointer.join(index.to_string()),
        Segment::Map { key } => pointer.join(key),
        Segment::Enum { variant } => pointer.join(variant),
        Segment::Unknown => pointer,
    }
}

fn display_scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
