//! The harness generator used by `build.rs`: for one client (one or more spec files merged),
//! a module that calls every operation once with valid arguments and decodes every response
//! example through the generated types.
//!
//! The client's model (`specweave::load` + `specweave::lower`) gives method names, argument order
//! and forms, Rust type names (spelled by `specweave::emit`) and where each operation is in its
//! spec; the spec's JSON form gives the schemas values are built from (the file itself, or the
//! generator's bundled document when it has external `$ref`s).
//!
//! - [`spec`]: the spec as JSON, `$ref` resolution, pointers.
//! - [`pattern`]: a short string matching a `pattern`.
//! - [`values`]: valid values from schemas, and the validator that vets spec examples.
//! - [`emit`]: the generated Rust (with `quote`, formatted by `specweave::format`).

pub mod emit;
pub mod pattern;
pub mod spec;
pub mod values;

use std::path::PathBuf;

/// The harness module's source for the client generated from `inputs` (merged, as
/// `Generator` does), to be `include!`d inside the client's module as `harness`.
pub fn generate(inputs: &[PathBuf]) -> Result<String, String> {
    let loaded = inputs
        .iter()
        .map(|path| specweave::load::load(path).map_err(|d| d.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let (api, _warnings) = specweave::lower::lower(&loaded).map_err(|diagnostics| {
        diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let specs = loaded
        .iter()
        .map(|loaded| {
            if loaded.referenced_files.is_empty() {
                // The file as written: exactly what Prism reads.
                spec::Spec::read(&loaded.path)
            } else {
                // External `$ref`s: the generator's bundled document, where they are local.
                let root = serde_json::to_value(&loaded.api)
                    .map_err(|e| format!("{}: {e}", loaded.path.display()))?;
                Ok(spec::Spec::new(&loaded.path, root))
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    emit::harness(&api, &specs)
}
