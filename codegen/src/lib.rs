//! Generates typed, async Rust HTTP clients from OpenAPI 3.0 and 3.1 specs, at build time.
//!
//! # In a build script
//!
//! `Cargo.toml` of the crate that gets the client:
//!
//! ```toml
//! [dependencies]
//! specweave-runtime = "0.1"
//!
//! [build-dependencies]
//! specweave = "0.1"
//! ```
//!
//! `build.rs`:
//!
//! ```no_run
//! # #![allow(clippy::needless_doctest_main)]
//! fn main() {
//!     // A bad spec is reported to Cargo, one `cargo::error` line per problem naming the file
//!     // and the JSON pointer; Cargo then fails the build with exactly those lines.
//!     specweave::Generator::new()
//!         .spec_dir("spec")
//!         .generate_in_build_script("client.rs");
//! }
//! ```
//!
//! and `src/lib.rs` (or any module):
//!
//! ```ignore
//! include!(concat!(env!("OUT_DIR"), "/client.rs"));
//! ```
//!
//! The generated code reaches the runtime, and serde, chrono and the other crates it uses,
//! through the runtime crate (see [`Generator::runtime_path`]), so those two dependencies are
//! all a crate needs.
//!
//! [`Generator::build`] (which `generate_in_build_script` calls) prints
//! `cargo:rerun-if-changed` for every input, `cargo:warning` for
//! every warning, and on a bad spec one `cargo::error` line per problem naming the file, the
//! JSON pointer and what is wrong. The output file is only rewritten when its content changes.
//!
//! # Spec changes: what they do to callers, on `cargo build` and in the snapshot test
//!
//! A crate that snapshots its generated client (insta, in `generated/`) can record the
//! client's public API beside it, [`Generated::api_record`] as a second snapshot
//! (`generated/client_api.snap`), in a test of its own so that one `cargo insta review`
//! accepts code and API together. Then:
//!
//! - [`Generator::accepted_api`]`("generated/client_api.snap")` in `build.rs` makes
//!   `cargo build` print one warning when the fresh client's API differs from the accepted
//!   one: `spec change: 3 breaking, 12 additive, 40 docs, 2 wire (vs the accepted API in
//!   generated/client_api.snap) — run `cargo test` for the report`;
//! - [`diff::report_against_accepted`] in the code snapshot test, printed before the
//!   assertion, puts the full [spec-change report](diff) on top of insta's diff;
//! - `specweave diff generated/client_api.snap spec/ --format markdown` prints it for a
//!   CHANGELOG.
//!
//! The record ([`diff::ApiRecord`]) is sorted JSON, so it is deterministic and its diff reads
//! item by item; why a record rather than the old spec: the accepted snapshot is what callers
//! compiled against, and the old spec may be gone (replaced in place by a vendor release),
//! while the record is accepted in the same step as the code and so always describes it.
//!
//! # Pipeline
//!
//! Each stage is its own module and can be called on its own (benchmarks time them apart):
//! [`load`] (YAML/JSON → `openapiv3::OpenAPI`) → [`lower`] (→ validated [`model`]) →
//! [`emit`] (→ tokens, with `quote!`) → [`format`](mod@format) (→ prettyplease source).
//! All names pass through [`names`]. The module's layout is written once, in `layout`;
//! [`Generator`] formats its runs of items on several threads (`render`), and the text is
//! byte-identical to [`emit::emit`] + [`format::format`] on one thread.
//!
//! # Naming rules
//!
//! - Types: UpperCamelCase of the component schema key (`chat.v1.service.channel.invite` →
//!   `ChatV1ServiceChannelInvite`); inline objects by `title`, else parent name + property
//!   name; query/header parameters of an operation in `<OperationId>Params`; a request body
//!   without a title in `<OperationId>Request`, a response in `<OperationId>Response`.
//! - Methods: snake_case of the `operationId`. An operation without one is named after its
//!   HTTP method and path (`get /v1/Services/{Sid}` → `get_v1_services_sid`), with a warning.
//!   A later operation with an `operationId` already taken gets the next free method name
//!   (`_2`, `_3`, in spec order), with a warning.
//! - Collisions after case conversion get `_2`, `_3` (fields, methods) or `2`, `3` (types) in
//!   spec order.

pub mod diagnostics;
pub mod diff;
mod docs;
pub mod emit;
mod features;
pub mod format;
mod layout;
pub mod load;
pub mod lower;
pub mod model;
pub mod names;
#[doc(hidden)]
pub mod render;
pub mod select;
pub mod standalone;

use std::fmt;
use std::path::{Path, PathBuf};

pub use diagnostics::{Diagnostic, Severity};
pub use emit::Runtime;
pub use model::{ApiShape, SerdeTraits};

/// Stack for the generation thread (address space only; pages are touched as needed).
pub(crate) const GENERATION_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Configures and runs generation, prost-build style.
#[derive(Debug, Clone, Default)]
pub struct Generator {
    specs: Vec<PathBuf>,
    spec_dirs: Vec<PathBuf>,
    threads: Option<usize>,
    runtime_path: Option<String>,
    strict: bool,
    accepted_api: Option<PathBuf>,
    api_shape: model::ApiShape,
    serde_traits: model::SerdeTraits,
    selectors: Vec<String>,
    features_per_tag: bool,
}

/// The result of a successful generation.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The formatted module source, starting with the `// @generated` header.
    pub code: String,
    /// Problems that did not stop generation.
    pub warnings: Vec<Diagnostic>,
    /// Every file read, for `rerun-if-changed`.
    pub inputs: Vec<PathBuf>,
    /// Size figures.
    pub stats: Stats,
    /// `info.title` of the (first) spec.
    pub title: String,
    /// `info.version` of the (first) spec.
    pub version: String,
    /// `info.description` of the (first) spec.
    pub description: Option<String>,
    /// The public API of `code`, as the spec-change report ([`diff`]) reads it.
    pub surface: diff::Surface,
    /// The cargo features `code` is gated by, as (feature, tag), when generated with
    /// [`Generator::features_per_tag`]; empty otherwise.
    pub features: Vec<(String, String)>,
    /// With [`Generator::features_per_tag`], the feature of the types no operation reaches
    /// (and of what they hold), when the spec has any.
    pub unreferenced_types_feature: Option<String>,
}

impl Generated {
    /// The record of the public API to snapshot beside the code (see
    /// [`diff::ApiRecord`]): a snapshot test asserts it as a second insta snapshot, so
    /// accepting the code accepts the API it has.
    pub fn api_record(&self) -> String {
        diff::ApiRecord::of(self).to_text()
    }
}

/// Size figures of a generated client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    /// Operations (client methods, not counting stream variants).
    pub operations: usize,
    /// Named types.
    pub types: usize,
    /// Lines of generated source.
    pub lines: usize,
}

/// Generation failed: every problem found, each naming its file and location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The problems, in the order found.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.diagnostics.as_slice() {
            [one] => write!(f, "{one}"),
            many => {
                write!(f, "{} problems:", many.len())?;
                for d in many {
                    write!(f, "\n  {d}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Self {
            diagnostics: vec![diagnostic],
        }
    }
}

impl Generator {
    /// A generator with no inputs yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Threads used to emit and format the code (default: the available parallelism, at
    /// most 4; `1` renders on the calling thread). The output is byte-identical for every
    /// value.
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads.max(1));
        self
    }

    /// The path generated code uses to reach the runtime, like prost-build's `prost_path`.
    /// Default: `::specweave_runtime`, the runtime crate as a dependency of the crate that
    /// includes the code. Set it when the runtime is renamed in `Cargo.toml`
    /// (`rt = { package = "specweave-runtime", … }` → `"::rt"`), re-exported by another crate
    /// (`"::my_sdk::runtime"`), or carried as a module (`"crate::runtime"`, as standalone crates
    /// made with `--inline-runtime` do). An invalid path is reported by [`generate`](Self::generate).
    pub fn runtime_path(mut self, path: impl Into<String>) -> Self {
        self.runtime_path = Some(path.into());
        self
    }

    /// Strict mode, for maintainers who gate their own specs: every warning (an operation
    /// skipped or repaired, a construct left untyped, …) is reported as an error, located as
    /// it is, and nothing is generated. Default: off (warnings do not stop generation).
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// The accepted API record (`generated/<name>_api.snap`, written by the crate's snapshot
    /// test from [`Generated::api_record`]) that [`build`](Self::build) compares the fresh
    /// client with: when they differ, one `cargo:warning` line sums the spec-change report up
    /// (`spec change: 3 breaking, 12 additive, 40 docs, 2 wire …`); a missing or unreadable
    /// record is one warning too, never a failed build. Relative to the build script's
    /// directory, the package root.
    pub fn accepted_api(mut self, record: impl Into<PathBuf>) -> Self {
        self.accepted_api = Some(record.into());
        self
    }

    /// How callers build the generated types (default: [`ApiShape::Literals`], plain structs
    /// and enums). [`ApiShape::Evolving`] makes every generated struct and enum
    /// `#[non_exhaustive]` and gives structs `new(<required fields>)` and a setter per
    /// optional field, so that the optional fields and enum values specs add in most
    /// releases are additive changes in Rust too; callers can then no longer write struct
    /// literals or exhaustive matches. The spec-change report ([`diff`]) takes the same
    /// option.
    pub fn api_shape(mut self, shape: ApiShape) -> Self {
        self.api_shape = shape;
        self
    }

    /// Which serde traits the generated structs and unions implement (default:
    /// [`SerdeTraits::AsUsed`]: `Serialize` on what the client sends, `Deserialize` on what
    /// it receives, both on types no operation reaches). [`SerdeTraits::Both`] gives every
    /// type both, for callers that store responses as JSON or build requests from JSON; the
    /// client then takes longer to compile (serde's derives are most of its compile time).
    pub fn serde_traits(mut self, traits: SerdeTraits) -> Self {
        self.serde_traits = traits;
        self
    }

    /// Generates only the operations `selector` picks (call it again to add more): an
    /// `operationId` (`createInvite`), a method and path template as the spec writes it
    /// (`POST /v1/Services/{ServiceSid}/Channels`) or every operation with a tag
    /// (`tag:Invites`). The types and servers no selected operation reaches are left out;
    /// names stay those of the whole spec. A selector that matches no operation is an error
    /// (CLI: `--select`, repeatable). Without any, every operation is generated.
    pub fn select(mut self, selector: impl Into<String>) -> Self {
        self.selectors.push(selector.into());
        self
    }

    /// Puts each tag's operations, and the types only they reach, behind a cargo feature
    /// (default: off). An operation goes with its first tag (the one that groups its methods
    /// in the docs); operations without a tag, and the types they or no operation reach, are
    /// always compiled. Feature names are the tags in kebab-case (`Pet Store` →
    /// `pet-store`); [`Generated::features`] lists them. A crate that enables one feature
    /// compiles only that part; the crate including the code must declare every feature
    /// (`specweave --crate DIR --features-per-tag` writes them into its `Cargo.toml`, each in
    /// `default`).
    pub fn features_per_tag(mut self, on: bool) -> Self {
        self.features_per_tag = on;
        self
    }

    /// The same options without any spec (for reading other specs with them).
    pub(crate) fn without_specs(mut self) -> Self {
        self.specs.clear();
        self.spec_dirs.clear();
        self
    }

    /// Adds one spec file (YAML or JSON). Several specs are merged into one client.
    pub fn spec(mut self, path: impl Into<PathBuf>) -> Self {
        self.specs.push(path.into());
        self
    }

    /// Adds every `*.yaml`, `*.yml` and `*.json` file directly in `dir`, in file-name order.
    pub fn spec_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.spec_dirs.push(dir.into());
        self
    }

    /// The spec files this generator reads, in order.
    pub fn inputs(&self) -> Result<Vec<PathBuf>, Error> {
        let mut inputs = self.specs.clone();
        for dir in &self.spec_dirs {
            let entries = std::fs::read_dir(dir).map_err(|e| {
                Diagnostic::file_error(dir, format!("cannot list the spec directory: {e}"))
            })?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| {
                    path.is_file()
                        && matches!(
                            path.extension().and_then(|e| e.to_str()),
                            Some("yaml" | "yml" | "json")
                        )
                })
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Diagnostic::file_error(
                    dir,
                    "the spec directory holds no .yaml, .yml or .json file",
                )
                .into());
            }
            inputs.extend(found);
        }
        if inputs.is_empty() {
            return Err(Diagnostic::file_error(
                Path::new("."),
                "no spec given: call Generator::spec or Generator::spec_dir",
            )
            .into());
        }
        Ok(inputs)
    }

    /// Runs the whole pipeline and returns the formatted source.
    ///
    /// Runs on a thread with a large stack: parsing and lowering recurse with the nesting of
    /// the spec, and a deeply nested (or hostile) spec must get an error, never a stack
    /// overflow in whatever thread called this.
    pub fn generate(&self) -> Result<Generated, Error> {
        on_large_stack(|| self.generate_here())
    }

    /// Loads and lowers the specs into the typed [`model`] the code is emitted from, with the
    /// warnings generation would report (strict mode makes them errors, as for
    /// [`generate`](Self::generate)). [`diff`] compares two of these.
    pub fn model(&self) -> Result<(model::Api, Vec<Diagnostic>), Error> {
        on_large_stack(|| {
            self.lower_here()
                .map(|lowered| (lowered.api, lowered.warnings))
        })
    }

    /// The specs read, checked and lowered (on the calling thread).
    fn lower_here(&self) -> Result<Lowered, Error> {
        let inputs = self.inputs()?;
        let threads = self.threads.unwrap_or_else(render::default_threads);
        let mut specs = Vec::with_capacity(inputs.len());
        let mut problems = Vec::new();
        for path in &inputs {
            match load::load_with_threads(path, threads) {
                Ok(spec) => specs.push(spec),
                Err(d) => problems.push(d),
            }
        }
        if !problems.is_empty() {
            return Err(Error {
                diagnostics: problems,
            });
        }
        let (mut api, lower_warnings) =
            lower::lower(&specs).map_err(|diagnostics| Error { diagnostics })?;
        if !self.selectors.is_empty() {
            let selected = self
                .selectors
                .iter()
                .map(|text| text.parse::<select::Selector>())
                .collect::<Result<Vec<_>, String>>()
                .and_then(|selectors| select::select(&mut api, &selectors));
            if let Err(message) = selected {
                let file = inputs.first().map_or(Path::new("."), |p| p.as_path());
                return Err(Error {
                    diagnostics: vec![Diagnostic::file_error(file, message)],
                });
            }
        }
        api.shape = self.api_shape;
        api.apply_serde_traits(self.serde_traits);
        if self.features_per_tag {
            features::gate_by_tag(&mut api);
        }
        // What reading each document had to rewrite or ignore comes first, in input order.
        let mut warnings: Vec<Diagnostic> = specs
            .iter()
            .flat_map(|spec| spec.warnings.iter().cloned())
            .collect();
        warnings.extend(lower_warnings);
        if self.strict && !warnings.is_empty() {
            let diagnostics = warnings
                .into_iter()
                .map(|warning| Diagnostic {
                    severity: Severity::Error,
                    ..warning
                })
                .collect();
            return Err(Error { diagnostics });
        }
        let mut inputs = inputs;
        for spec in &specs {
            inputs.extend(spec.referenced_files.iter().cloned());
        }
        Ok(Lowered {
            inputs,
            specs,
            api,
            warnings,
        })
    }

    fn generate_here(&self) -> Result<Generated, Error> {
        let runtime = match &self.runtime_path {
            Some(path) => Runtime::at(path).map_err(|message| {
                Diagnostic::file_error(Path::new("Generator::runtime_path"), message)
            })?,
            None => Runtime::default(),
        };
        let Lowered {
            inputs,
            specs,
            api,
            warnings,
        } = self.lower_here()?;
        let header = header(&specs);
        let threads = self.threads.unwrap_or_else(render::default_threads);
        let code = render::render(&api, &runtime, &header, threads, GENERATION_STACK_BYTES)
            .map_err(|message| {
                Diagnostic::file_error(inputs.first().map_or(Path::new("."), |p| p), message)
            })?;
        let stats = Stats {
            operations: api.operations.len(),
            types: api.types.len(),
            lines: code.lines().count(),
        };
        let generated = Generated {
            code,
            warnings,
            inputs,
            stats,
            title: api.title.clone(),
            version: api.version.clone(),
            description: api.description.clone(),
            surface: diff::Surface::of(&api),
            features: api
                .tag_features
                .as_ref()
                .map(|f| f.features.clone())
                .unwrap_or_default(),
            unreferenced_types_feature: api
                .tag_features
                .as_ref()
                .and_then(|f| f.unreferenced.clone()),
        };
        drop_in_background((specs, api));
        Ok(generated)
    }

    /// Generates and writes to `path`, only if the content changed; the file is replaced
    /// atomically, so a failure never leaves a half-written file.
    pub fn write_to(&self, path: &Path) -> Result<Generated, Error> {
        let generated = self.generate()?;
        write_if_changed(path, &generated.code)?;
        Ok(generated)
    }

    /// A build script's whole job: [`build`](Self::build), with nothing left for the caller to
    /// handle. A bad spec has then been reported to Cargo as `cargo::error` lines, which make
    /// Cargo fail the build with exactly those messages. (Exiting with a failure status on top
    /// would only add Cargo's "failed to run custom build command" dump of the same lines.)
    pub fn generate_in_build_script(&self, file_name: &str) {
        // Every outcome has been printed for Cargo; see the doc comment.
        let _reported = self.build(file_name);
    }

    /// For build scripts: generates into `$OUT_DIR/<file_name>` and talks to Cargo (see the
    /// crate docs), returning the outcome for callers that want to look at it. On failure the
    /// problems have already been printed as `cargo::error` lines, which fail the build.
    pub fn build(&self, file_name: &str) -> Result<Generated, Error> {
        for dir in &self.spec_dirs {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
        for spec in &self.specs {
            println!("cargo:rerun-if-changed={}", spec.display());
        }
        if let Some(record) = &self.accepted_api {
            println!("cargo:rerun-if-changed={}", record.display());
        }
        let result = match std::env::var_os("OUT_DIR") {
            Some(out_dir) => self.write_to(&PathBuf::from(out_dir).join(file_name)),
            None => Err(Diagnostic::file_error(
                Path::new(file_name),
                "OUT_DIR is not set: Generator::build is meant to run inside a build script",
            )
            .into()),
        };
        match &result {
            Ok(generated) => {
                for input in &generated.inputs {
                    println!("cargo:rerun-if-changed={}", input.display());
                }
                for warning in &generated.warnings {
                    println!("cargo:warning={}", one_line(&warning.to_string()));
                }
                if let Some(record) = &self.accepted_api {
                    if let Some(line) = diff::build_warning(generated, record) {
                        println!("cargo:warning={}", one_line(&line));
                    }
                }
            }
            Err(error) => {
                for diagnostic in &error.diagnostics {
                    println!("cargo::error={}", one_line(&diagnostic.to_string()));
                }
            }
        }
        result
    }
}

/// What [`Generator::lower_here`] produces: everything generation needs after lowering.
struct Lowered {
    inputs: Vec<PathBuf>,
    specs: Vec<load::LoadedSpec>,
    api: model::Api,
    warnings: Vec<Diagnostic>,
}

/// Runs `job` on a thread with a large stack: parsing and lowering recurse with the nesting of
/// the spec, and a deeply nested (or hostile) spec must get an error, never a stack overflow
/// in whatever thread called.
fn on_large_stack<T: Send>(job: impl FnOnce() -> T + Send + Copy) -> T {
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("codegen".to_owned())
            .stack_size(GENERATION_STACK_BYTES)
            .spawn_scoped(scope, job);
        match worker {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            // No thread available: run on the caller's stack.
            Err(_) => job(),
        }
    })
}

/// Cargo reads one directive per line.
fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

/// Frees `value` on a short-lived thread. The parsed specs and the model of a large spec are
/// millions of small allocations (about a tenth of a generation's time to free); the caller
/// (typically a build script about to write its output and exit) need not wait for that.
fn drop_in_background<T: Send + 'static>(value: T) {
    // If no thread can be spawned, the closure, and `value` with it, is dropped right here.
    let _detached = std::thread::Builder::new()
        .name("codegen-drop".to_owned())
        .spawn(move || drop(value));
}

fn header(specs: &[load::LoadedSpec]) -> String {
    let sources: Vec<String> = specs
        .iter()
        .map(|spec| {
            let file = spec
                .path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            format!(
                "// `{file}`: {} {}",
                one_line(&spec.api.info.title),
                one_line(&spec.api.info.version)
            )
        })
        .collect();
    format!(
        "// @generated by specweave {} from the OpenAPI spec(s) below. Do not edit by hand:\n\
         // edit the spec and rebuild (`cargo build`); review changes with `cargo insta review`.\n{}",
        env!("CARGO_PKG_VERSION"),
        sources.join("\n")
    )
}

pub(crate) fn write_if_changed(path: &Path, content: &str) -> Result<(), Error> {
    if std::fs::read_to_string(path).is_ok_and(|existing| existing == content) {
        return Ok(());
    }
    let io_error =
        |e: std::io::Error| Diagnostic::file_error(path, format!("cannot write the output: {e}"));
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io_error)?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, content).map_err(io_error)?;
    std::fs::rename(&temporary, path).map_err(io_error)?;
    Ok(())
}
