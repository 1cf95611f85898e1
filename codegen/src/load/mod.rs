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

mod bundle;
mod locate;

use openapiv3::OpenAPI;

use crate::diagnostics::Diagnostic;
use locate::slow_path;

/// A parsed spec and the file it came from.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The file, as given by the caller.
    pub path: PathBuf,
    /// The parsed document (external `$ref`s already made local).
    pub api: OpenAPI,
    /// Other files read to resolve external `$ref`s (for `rerun-if-changed`).
    pub referenced_files: Vec<PathBuf>,
}

/// Reads and parses `path`.
pub fn load(path: &Path) -> Result<LoadedSpec, Diagnostic> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::file_error(path, format!("cannot read the spec: {e}")))?;
    parse(path, &text)
}

/// Parses spec `text` read from `path` (external `$ref`s are resolved relative to it).
pub fn parse(path: &Path, text: &str) -> Result<LoadedSpec, Diagnostic> {
    let is_json = text.trim_start().starts_with('{');
    if bundle::has_external_refs(text) {
        return parse_bundled(path, text, is_json);
    }
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
        referenced_files: Vec::new(),
    })
}

/// The path for specs with external `$ref`s: through a generic value, which is bundled into
/// one self-contained document first.
fn parse_bundled(path: &Path, text: &str, is_json: bool) -> Result<LoadedSpec, Diagnostic> {
    let value: Result<serde_json::Value, String> = if is_json {
        serde_json::from_str(text).map_err(|e| e.to_string())
    } else {
        serde_yaml::from_str::<serde_yaml::Value>(text)
            .map(yaml_to_json)
            .map_err(|e| e.to_string())
    };
    let Ok(mut value) = value else {
        // Not even well-formed: the general explanation covers it.
        return Err(match slow_path(path, text, is_json) {
            Err(diagnostic) => diagnostic,
            Ok(_) => Diagnostic::file_error(path, "the spec could not be read"),
        });
    };
    let referenced_files = bundle::bundle(path, &mut value).map_err(|mut errors| {
        let more = errors.len().saturating_sub(1);
        let mut first = errors.swap_remove(0);
        if more > 0 {
            first
                .message
                .push_str(&format!(" (and {more} more unresolved reference(s))"));
        }
        first
    })?;
    let parsed = catch_upstream_panic(|| serde_json::from_value::<OpenAPI>(value.clone()));
    let api = match parsed {
        Ok(Ok(api)) => api,
        _ => {
            let bundled = serde_json::to_string(&value).unwrap_or_default();
            slow_path(path, &bundled, true)?
        }
    };
    check_version(path, &api.openapi)?;
    Ok(LoadedSpec {
        path: path.to_owned(),
        api,
        referenced_files,
    })
}

thread_local! {
    /// Set while an upstream call that may panic on bad input runs under [`catch_upstream_panic`].
    static CATCHING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic into `Err`. Used only around openapiv3's deserializers, which
/// `expect` on some malformed input. The panic hook is wrapped (once) so that those expected
/// panics print nothing, while every other panic is reported as before.
pub(super) fn catch_upstream_panic<T>(f: impl FnOnce() -> T + UnwindSafe) -> Result<T, ()> {
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

pub(super) fn check_version(path: &Path, version: &str) -> Result<(), Diagnostic> {
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

/// A YAML value as JSON, with non-string keys stringified (YAML allows `200:` as a key).
pub(super) fn yaml_to_json(value: serde_yaml::Value) -> serde_json::Value {
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
