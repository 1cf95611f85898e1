//! Stage 1: read a spec file (YAML or JSON) into [`openapiv3::OpenAPI`].
//!
//! The fast path is a plain `serde_yaml`/`serde_json` deserialization, so a valid spec costs
//! exactly the parse floor. Only when that fails is the text parsed again, once with path
//! tracking (to locate the error as a JSON pointer) and once loosely (to recognise Swagger 2.0,
//! OpenAPI 3.1 and non-OpenAPI documents and say so).

use std::cell::Cell;
use std::panic::UnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Once;

use openapiv3::OpenAPI;
use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Pointer};

/// A parsed spec and the file it came from.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The file, as given by the caller.
    pub path: PathBuf,
    /// The parsed document.
    pub api: OpenAPI,
}

/// Reads and parses `path`.
pub fn load(path: &Path) -> Result<LoadedSpec, Diagnostic> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::file_error(path, format!("cannot read the spec: {e}")))?;
    parse(path, &text)
}

/// Parses spec `text`; `path` is used for messages only.
pub fn parse(path: &Path, text: &str) -> Result<LoadedSpec, Diagnostic> {
    let is_json = text.trim_start().starts_with('{');
    // openapiv3 can panic on some malformed input (an `expect` in its `ReferenceOr`
    // deserializer); a spec must never crash the generator, so that case takes the slow path.
    let direct = catch_upstream_panic(|| {
        if is_json {
            serde_json::from_str::<OpenAPI>(text).ok()
        } else {
            serde_yaml::from_str::<OpenAPI>(text).ok()
        }
    });
    let api = match direct {
        Ok(Some(api)) => api,
        Ok(None) | Err(_) => slow_path(path, text, is_json)?,
    };
    check_version(path, &api.openapi)?;
    Ok(LoadedSpec {
        path: path.to_owned(),
        api,
    })
}

thread_local! {
    /// Set while an upstream call that may panic on bad input runs under [`catch_upstream_panic`].
    static CATCHING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic into `Err`. Used only around openapiv3's deserializers, which
/// `expect` on some malformed input. The panic hook is wrapped (once) so that those expected
/// panics print nothing, while every other panic is reported as before.
fn catch_upstream_panic<T>(f: impl FnOnce() -> T + UnwindSafe) -> Result<T, ()> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CATCHING.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was_catching = CATCHING.with(|c| c.replace(true));
    let result = std::panic::catch_unwind(f);
    CATCHING.with(|c| c.set(was_catching));
    result.map_err(|_| ())
}

fn check_version(path: &Path, version: &str) -> Result<(), Diagnostic> {
    if version.starts_with("3.0.") || version == "3.0" {
        return Ok(());
    }
    Err(Diagnostic::error(
        path,
        "#/openapi",
        format!(
            "unsupported OpenAPI version `{version}`: this generator reads OpenAPI 3.0.x \
             (3.1 documents need converting to 3.0)"
        ),
    ))
}

/// Reads `text` through a generic value (which openapiv3 deserializes consistently), and
/// otherwise works out why it is not a readable OpenAPI 3.0 document.
fn slow_path(path: &Path, text: &str, is_json: bool) -> Result<OpenAPI, Diagnostic> {
    let loose: Result<serde_json::Value, String> = if is_json {
        serde_json::from_str(text).map_err(|e| e.to_string())
    } else {
        // Through serde_yaml's own value type: it accepts every valid YAML document (integer
        // keys, numbers beyond i64), which serde_json::Value does not.
        serde_yaml::from_str::<serde_yaml::Value>(text)
            .map(yaml_to_json)
            .map_err(|e| e.to_string())
    };
    let value = match loose {
        Ok(value) => value,
        // Well-formed, but holding values no generic value type represents (integers beyond
        // 64 bits): the structural pass may still locate them.
        Err(syntax) if !is_json && serde_yaml::from_str::<serde::de::IgnoredAny>(text).is_ok() => {
            let located = locate_structural_error(path, text, is_json, None);
            if located.pointer.is_some() {
                return Err(located);
            }
            return Err(Diagnostic::file_error(
                path,
                format!("invalid YAML: {syntax}"),
            ));
        }
        Err(syntax) => {
            let format = if is_json { "JSON" } else { "YAML" };
            return Err(Diagnostic::file_error(
                path,
                format!("invalid {format}: {syntax}"),
            ));
        }
    };
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
        None => {
            return Err(Diagnostic::file_error(
                path,
                "not an OpenAPI document: the top-level `openapi` version field is missing",
            ))
        }
        Some(serde_json::Value::String(v)) => {
            check_version(path, v)?;
        }
        Some(other) => {
            return Err(Diagnostic::error(
                path,
                "#/openapi",
                format!(
                    "the `openapi` field must be a version string such as \"3.0.3\", found {}",
                    display_scalar(other)
                ),
            ))
        }
    }
    let from_value = catch_upstream_panic(|| OpenAPI::deserialize(&value));
    if let Ok(Ok(api)) = from_value {
        return Ok(api);
    }
    let mut located = locate_structural_error(path, text, is_json, Some(&value));
    if let Some(pointer) = narrow(&value, located.pointer.as_deref()) {
        located.pointer = Some(pointer);
    }
    Err(located)
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
    text: &str,
    is_json: bool,
    value: Option<&serde_json::Value>,
) -> Diagnostic {
    if let Ok(located) = catch_upstream_panic(|| locate_with_path_tracking(path, text, is_json)) {
        return located;
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

/// A YAML value as JSON, with non-string keys stringified (YAML allows `200:` as a key).
fn yaml_to_json(value: serde_yaml::Value) -> serde_json::Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => serde_json::Value::Null,
        Y::Bool(b) => serde_json::Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into()
            } else if let Some(u) = n.as_u64() {
                u.into()
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(serde_json::Value::Null, serde_json::Value::Number)
            }
        }
        Y::String(s) => serde_json::Value::String(s),
        Y::Sequence(items) => items.into_iter().map(yaml_to_json).collect(),
        Y::Mapping(map) => map
            .into_iter()
            .map(|(k, v)| {
                let key = match k {
                    Y::String(s) => s,
                    other => serde_yaml::to_string(&other)
                        .map(|s| s.trim_end().to_owned())
                        .unwrap_or_default(),
                };
                (key, yaml_to_json(v))
            })
            .collect(),
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn display_scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        match parse(Path::new("t.yaml"), text) {
            Ok(_) => panic!("expected an error for {text:?}"),
            Err(d) => d.to_string(),
        }
    }

    #[test]
    fn recognises_swagger_and_31() {
        assert!(
            err("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n")
                .contains("Swagger 2.0")
        );
        let e = err("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert!(e.contains("#/openapi") && e.contains("3.1.0"), "{e}");
    }

    #[test]
    fn locates_structural_errors() {
        let e = err("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 5\n");
        assert!(e.starts_with("t.yaml: #/paths/~1a/get"), "{e}");
    }

    #[test]
    fn reports_syntax_errors_and_non_openapi() {
        assert!(err("a: [unclosed").contains("invalid YAML"));
        assert!(err("- 1\n- 2\n").contains("not an OpenAPI document"));
        assert!(err("title: x\n").contains("`openapi` version field is missing"));
    }
}
