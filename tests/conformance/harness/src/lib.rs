//! The conformance harness generator: for one client (one or more spec files merged), Rust
//! modules that call every operation with valid arguments and decode every response example
//! through the generated types; and, for any spec, a standalone crate that runs the calls
//! against Prism (`.ci/prism/conform`, through the `conform-crate` binary).
//!
//! The client's model (`specweave::load` + `specweave::lower`) gives method names, argument order
//! and forms, Rust type names (spelled by `specweave::emit`) and where each operation is in its
//! spec; the spec's JSON form gives the schemas values are built from (the file itself, or the
//! generator's bundled document when it has external `$ref`s). Prism mocks the same JSON.
//!
//! - [`spec`]: the spec as JSON, `$ref` resolution, pointers.
//! - [`raw`]: the model's operations located in that JSON; the spec's own operation list.
//! - [`pattern`]: a short string matching a `pattern`.
//! - [`values`]: valid values from schemas; [`check`]: the validator that vets spec examples.
//! - [`emit`]: the calls module (with `quote`, formatted by `specweave::format`).
//! - [`examples`]: the examples module.
//! - `parts`: multipart body arguments (parts structs as literals).
//! - [`limits`]: `KNOWN_PRISM_LIMITS`, what Prism cannot check; `served`: what Prism serves
//!   for an operation (an example, or what [`sampler`], its response sampler replayed,
//!   writes), which they read with [`check::check_shape`].
//! - [`prism`]: the copy of the spec Prism mocks (form array encodings; `prism_parameters`:
//!   parameter schemas without `null`).
//! - [`standalone`]: the conformance crate for one spec.

mod all_of;
pub mod check;
mod cycles;
pub mod emit;
pub mod examples;
pub mod limits;
mod parts;
pub mod pattern;
pub mod prism;
mod prism_bodies;
mod prism_parameters;
pub mod raw;
pub mod sampler;
mod served;
pub mod spec;
pub mod standalone;
pub mod values;

use std::path::PathBuf;

use specweave::model::Api;
use specweave::Diagnostic;

/// A client's model and the JSON its operations are located in.
pub struct Client {
    /// The model the generator emits the client from.
    pub api: Api,
    /// The generator's warnings (the reasons of skipped operations among them).
    pub warnings: Vec<Diagnostic>,
    /// One per input: the file as written (embedded `$defs` hoisted), or the bundled document
    /// of a multi-file spec.
    pub specs: Vec<spec::Spec>,
    /// Whether each of [`Client::specs`] is a bundled document rather than the file itself.
    pub bundled: Vec<bool>,
}

/// Loads and lowers `inputs` (merged, as `Generator` does).
pub fn load(inputs: &[PathBuf]) -> Result<Client, String> {
    let loaded = inputs
        .iter()
        .map(|path| specweave::load::load(path).map_err(|d| d.to_string()))
        .collect::<Result<Vec<_>, _>>()?;
    let (api, warnings) = specweave::lower::lower(&loaded).map_err(|diagnostics| {
        diagnostics
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    let mut specs = Vec::new();
    let mut bundled = Vec::new();
    for loaded in &loaded {
        if loaded.referenced_files.is_empty() {
            // The file as written (what Prism reads), except that definitions embedded in a
            // schema and referred to as `#/$defs/X` are hoisted into components as the loader
            // hoists them: such a reference resolves against the root only then (Prism
            // cannot load the document otherwise), and the names agree with the model's.
            let mut read = spec::Spec::read(&loaded.path)?;
            specweave::load::hoist_embedded_defs(&mut read.root);
            specs.push(read);
            bundled.push(false);
        } else {
            // External `$ref`s: the generator's bundled document, where they are local.
            let root = serde_json::to_value(&loaded.api)
                .map_err(|e| format!("{}: {e}", loaded.path.display()))?;
            specs.push(spec::Spec::new(&loaded.path, root));
            bundled.push(true);
        }
    }
    Ok(Client {
        api,
        warnings,
        specs,
        bundled,
    })
}

/// The examples module's source for the client generated from `inputs`, to be `include!`d
/// inside the client's module as `harness`.
pub fn examples_module(inputs: &[PathBuf]) -> Result<String, String> {
    let client = load(inputs)?;
    examples::examples(&client.api, &client.specs)
}
