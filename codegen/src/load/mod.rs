//! Stage 1: read a spec file (YAML or JSON) into [`openapiv3::OpenAPI`].
//!
//! The fast path is a plain `serde_yaml`/`serde_json` deserialization, so a valid 3.0 spec
//! costs exactly the parse floor. An OpenAPI 3.1 document, or one the fast path cannot read,
//! is parsed into a generic value instead, normalized into the 3.0 shape (`normalize`:
//! 3.1 keywords, numbers beyond 64 bits) and deserialized from it; only when that fails is it
//! examined further (to recognise Swagger 2.0 and non-OpenAPI documents, and to locate a
//! structural error as a JSON pointer).

use std::cell::Cell;
use std::panic::UnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Once;

mod bundle;
mod locate;
mod loose_value;
mod normalize;
mod scan;
mod slots;
mod split;

use openapiv3::OpenAPI;

use crate::diagnostics::Diagnostic;
pub(crate) use normalize::form::PREFIXED_MAP;
use normalize::Dialect;

/// A parsed spec and the file it came from.
#[derive(Debug, Clone)]
pub struct LoadedSpec {
    /// The file, as given by the caller.
    pub path: PathBuf,
    /// The parsed document (external `$ref`s already made local; an OpenAPI 3.1 document
    /// normalized into the 3.0 shape).
    pub api: OpenAPI,
    /// Other files read to resolve external `$ref`s (for `rerun-if-changed`).
    pub referenced_files: Vec<PathBuf>,
    /// What reading the document had to ignore or rewrite with a loss (3.1 keywords 3.0
    /// cannot express, bounds beyond 64 bits, ...), located in the input.
    pub warnings: Vec<Diagnostic>,
}

/// Reads and parses `path`.
pub fn load(path: &Path) -> Result<LoadedSpec, Diagnostic> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::file_error(path, format!("cannot read the spec: {e}")))?;
    parse(path, &text)
}

/// Parses spec `text` read from `path` (external `$ref`s are resolved relative to it), on two
/// threads where that helps (see [`parse_with_threads`]).
pub fn parse(path: &Path, text: &str) -> Result<LoadedSpec, Diagnostic> {
    parse_with_threads(path, text, crate::render::default_threads())
}

/// [`load`] with at most `threads` threads (see [`parse_with_threads`]).
pub fn load_with_threads(path: &Path, threads: usize) -> Result<LoadedSpec, Diagnostic> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::file_error(path, format!("cannot read the spec: {e}")))?;
    parse_with_threads(path, &text, threads)
}

/// [`parse`] with at most `threads` threads: with two or more, a large YAML spec is read in
/// two halves at once (cut in its `paths`; the result is that of one parse, which is what
/// happens whenever the cut is not clean).
pub fn parse_with_threads(
    path: &Path,
    text: &str,
    threads: usize,
) -> Result<LoadedSpec, Diagnostic> {
    let is_json = text.trim_start().starts_with('{');
    let external = scan::has_external_refs(text);
    if !external
        && !may_declare_31(text)
        && !scan::has_deep_local_refs(text)
        && !normalize::form::may_need(text)
    {
        // openapiv3 can panic on some malformed input (an `expect` in its `ReferenceOr`
        // deserializer); a spec must never crash the generator, so that case takes the
        // generic path.
        let halves = (!is_json && threads > 1)
            .then(|| split::parse_yaml(text, crate::GENERATION_STACK_BYTES))
            .flatten();
        let direct = match halves {
            Some(api) => Ok(Some(api)),
            None => catch_upstream_panic(|| {
                if is_json {
                    serde_json::from_str::<OpenAPI>(text).ok()
                } else {
                    serde_yaml::from_str::<OpenAPI>(text).ok()
                }
            }),
        };
        // A path item given by reference is inlined by the reference pass (openapiv3 reads
        // one, the model does not).
        let direct = direct.map(|api| {
            api.filter(|api: &OpenAPI| {
                !api.paths
                    .paths
                    .values()
                    .any(|item| matches!(item, openapiv3::ReferenceOr::Reference { .. }))
            })
        });
        if let Ok(Some(api)) = direct {
            // A version this generator does not read is refused as it is written.
            if check_version(path, &api.openapi)? == Dialect::V30 {
                return Ok(LoadedSpec {
                    path: path.to_owned(),
                    api,
                    referenced_files: Vec::new(),
                    warnings: Vec::new(),
                });
            }
        }
    }
    let mut value = locate::read_value(path, text, is_json)?;
    let dialect = locate::check_document(path, &value)?;
    let resolved = if external || text.contains("$ref") {
        bundle::resolve(path, &mut value).map_err(|mut errors| {
            let more = errors.len().saturating_sub(1);
            let mut first = errors.swap_remove(0);
            if more > 0 {
                first
                    .message
                    .push_str(&format!(" (and {more} more unresolved reference(s))"));
            }
            first
        })?
    } else {
        bundle::Resolved::default()
    };
    // The text locates a structural error only while its pointers are those of the value.
    let text = (!resolved.changed).then_some((text, is_json));
    let (api, mut warnings) = normalize_and_deserialize(path, value, dialect, text)?;
    let mut all = resolved.warnings;
    all.append(&mut warnings);
    Ok(LoadedSpec {
        path: path.to_owned(),
        api,
        referenced_files: resolved.files,
        warnings: all,
    })
}

/// Rewrites a document read as JSON so that every `#/$defs/X` reference to definitions
/// embedded in a schema (as JSON Schema tools write them) resolves against the root: the
/// definitions are hoisted into `#/components/schemas` and the references (discriminator
/// mappings included) point there, as loading an OpenAPI 3.1 document does. For tools that
/// read a spec's JSON beside the model (the conformance harness, and the copy of the spec it
/// gives a mock server), so that their schemas and the generated types agree.
pub fn hoist_embedded_defs(root: &mut serde_json::Value) {
    normalize::hoist_embedded_defs(root);
}

/// Whether `text` may declare OpenAPI 3.1: a cheap scan, so that 3.1 documents skip the typed
/// parse (a 3.0 document it misjudges only takes the slower generic path; a 3.1 one it misses
/// is caught by the version check after the typed parse).
fn may_declare_31(text: &str) -> bool {
    text.match_indices("openapi").any(|(at, _)| {
        let rest = text[at + "openapi".len()..]
            .trim_start_matches(['"', '\''])
            .trim_start();
        rest.strip_prefix(':').is_some_and(|value| {
            value
                .trim_start()
                .trim_start_matches(['"', '\''])
                .starts_with("3.1")
        })
    })
}

/// The generic path: the document's version checked, normalized into the 3.0 shape and
/// deserialized. `text` is the original input, used to locate a structural error when
/// normalization changed nothing (its pointers are then those of the text).
fn normalize_and_deserialize(
    path: &Path,
    mut value: serde_json::Value,
    dialect: Dialect,
    text: Option<(&str, bool)>,
) -> Result<(OpenAPI, Vec<Diagnostic>), Diagnostic> {
    let original = (dialect == Dialect::V30).then(|| value.clone());
    let warnings = normalize::normalize(&mut value, path, dialect);
    if let Some(api) = locate::deserialize(&value) {
        return Ok((api, warnings));
    }
    let unchanged = original.is_some_and(|original| original == value);
    Err(locate::explain(path, &value, text.filter(|_| unchanged)))
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

/// The dialect of a document's `openapi` version, or the error that it is not one this
/// generator reads.
pub(super) fn check_version(path: &Path, version: &str) -> Result<Dialect, Diagnostic> {
    Dialect::of(version).ok_or_else(|| {
        Diagnostic::error(
            path,
            "#/openapi",
            format!(
                "unsupported OpenAPI version `{version}`: this generator reads OpenAPI 3.0.x \
                 and 3.1.x"
            ),
        )
    })
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
    fn recognises_swagger_and_unsupported_versions() {
        assert!(
            err("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n")
                .contains("Swagger 2.0")
        );
        let e = err("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert!(e.contains("#/openapi") && e.contains("4.0.0"), "{e}");
    }

    #[test]
    fn reads_31_through_normalization() {
        let spec = parse(
            Path::new("t.yaml"),
            "openapi: 3.1.0\ninfo: {title: t, version: '1', summary: s}\n\
             webhooks: {ping: {post: {responses: {'200': {description: ok}}}}}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(spec.api.openapi, "3.0.3");
        let warnings: Vec<String> = spec.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].starts_with("t.yaml: #/webhooks: 1 webhook(s)"),
            "{warnings:?}"
        );
        assert!(warnings[1].contains("no `paths`"), "{warnings:?}");
    }

    #[test]
    fn the_31_sniff_is_cheap_and_tolerant() {
        assert!(may_declare_31("openapi: 3.1.0\n"));
        assert!(may_declare_31("{\"openapi\" : \"3.1.1\"}"));
        assert!(may_declare_31("openapi: '3.1'\n"));
        assert!(!may_declare_31(
            "openapi: 3.0.3\ninfo: {description: 'openapi is nice'}\n"
        ));
    }

    #[test]
    fn bounds_beyond_64_bits_are_dropped_with_a_warning_in_30_too() {
        let text = r"openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Big:
      type: integer
      minimum: -9223372036854776000
      maximum: 99999999999999999999
      example: 99999999999999999999999
      enum: [0, 1]
";
        let spec = parse(Path::new("t.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
        let warnings: Vec<String> = spec.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("#/components/schemas/Big/maximum"),
            "{warnings:?}"
        );
        // JavaScript's spelling of i64::MIN (the f64 nearest to it) reads as i64::MIN.
        let schemas = format!("{:?}", spec.api.components.map(|c| c.schemas));
        assert!(
            schemas.contains("minimum: Some(-9223372036854775808)"),
            "{schemas}"
        );
        assert!(
            schemas.contains("enumeration: [Some(0), Some(1)]"),
            "{schemas}"
        );
    }

    #[test]
    fn a_referenced_file_is_read_like_the_main_document() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let main = dir.path().join("main.yaml");
        std::fs::write(
            &main,
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Big: {$ref: 'big.yaml'}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(
            dir.path().join("big.yaml"),
            "type: integer\nmaximum: 18446744073709552000\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let spec = load(&main).unwrap_or_else(|e| panic!("{e}"));
        let warnings: Vec<String> = spec.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("/maximum"), "{warnings:?}");
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
