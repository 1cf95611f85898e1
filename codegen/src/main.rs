//! `specweave` command line: generate a client from any OpenAPI 3.0 spec.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use specweave::standalone::{self, RuntimeSource};

mod diff_cli;

const USAGE: &str = "\
usage: specweave [SPEC ...] [--out FILE] [--runtime-path PATH] [--strict] [--api-shape SHAPE]
                 [--serde-traits TRAITS] [--select SELECTOR]...
       specweave SPEC ... --crate DIR [--name NAME] [--inline-runtime | --runtime-dir DIR]
                          [--features-per-tag]
       specweave diff OLD NEW [--format text|markdown|json] [--crate-version VERSION]
                              [--api-shape SHAPE] [--serde-traits TRAITS]

Generates a typed async Rust client module from OpenAPI 3.0 spec files (YAML or JSON).
Several specs are merged into one client.

  SPEC        spec file(s); default: every .yaml/.yml/.json file in ./spec
  --out FILE  write the module to FILE (only rewritten when it changes);
              default: stdout when SPEC is given, else target/codegen/client.rs
  --crate DIR write a complete client crate (Cargo.toml, README.md, src/) to DIR;
              it builds on its own with `cargo build`
  --name NAME package name for --crate (default: the first spec's file stem, kebab-cased)
  --inline-runtime
              with --crate: carry a copy of the runtime in src/runtime/ (the crate then
              depends on the runtime's dependencies, not on specweave-runtime)
  --runtime-dir DIR
              with --crate: the specweave-runtime crate to depend on by path (default: the
              one this generator was built from, when its sources are there; else by
              version only, from crates.io)
  --features-per-tag
              with --crate: one cargo feature per tag (its kebab-case name), all in
              `default`; each gates the tag's operations and the types only they reach
  --runtime-path PATH
              the Rust path generated code uses for the runtime (default:
              ::specweave_runtime; crate::runtime with --inline-runtime)
  --strict    treat every warning as an error (exit status 1, nothing written)
  --api-shape SHAPE
              literals (default): plain structs and enums, built with struct literals;
              evolving: #[non_exhaustive] structs and enums, structs built with
              `new(<required fields>)` and a setter per optional field, so new optional
              fields and enum values are additive changes
  --select SELECTOR
              generate only the operations SELECTOR picks (repeatable): an operationId,
              `METHOD /path` as the spec writes the path, or `tag:NAME`; the types and
              servers nothing selected reaches are left out (default: every operation)
  --serde-traits TRAITS
              as-used (default): Serialize on the types the client sends, Deserialize on
              those it receives (serde's derives are most of a client's compile time);
              both: both traits on every struct and union
  -h, --help  show this help

diff: the spec-change report between the clients generated from OLD and NEW (each a spec
file, a spec directory, or the API record a snapshot test accepted, such as
generated/<name>_api.snap): every item of the Rust API added, removed or changed, classed
breaking, additive or docs, plus the wire changes that leave the Rust API as it is, and the
version bump they call for.
  --format F  text (default), markdown (for a CHANGELOG) or json
  --crate-version VERSION
              the crate's current version, for the suggested next one (default: the
              `version` of ./Cargo.toml, when there is one)
  --api-shape SHAPE
              the shape both clients are generated in (literals or evolving, as above;
              default: literals): it decides which changes break callers
  --serde-traits TRAITS
              the serde traits both clients are generated with (as above)

Exit status: 0 on success, 1 when a spec has errors (reported on stderr with the file and
the JSON pointer of each problem), 2 on bad usage; diff: 3 when a change breaks callers.";

/// Default output of the main job (no SPEC): beside Cargo's own build output.
const DEFAULT_OUT: &str = "target/codegen/client.rs";

struct Args {
    specs: Vec<PathBuf>,
    out: Option<PathBuf>,
    crate_dir: Option<PathBuf>,
    name: Option<String>,
    inline_runtime: bool,
    runtime_dir: Option<PathBuf>,
    runtime_path: Option<String>,
    strict: bool,
    api_shape: specweave::ApiShape,
    serde_traits: specweave::SerdeTraits,
    selectors: Vec<String>,
    features_per_tag: bool,
}

/// The value of `flag`, one of `names` (as `parse` reads them).
fn choice<T>(
    flag: &str,
    value: Option<std::ffi::OsString>,
    names: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, String> {
    let value = value.ok_or_else(|| format!("{flag} needs {names}"))?;
    value
        .to_str()
        .and_then(parse)
        .ok_or_else(|| format!("unknown {flag} `{}` ({names})", value.to_string_lossy()))
}

/// The value of `--api-shape`.
fn api_shape(value: Option<std::ffi::OsString>) -> Result<specweave::ApiShape, String> {
    choice(
        "--api-shape",
        value,
        "literals or evolving",
        specweave::ApiShape::from_name,
    )
}

/// The value of `--serde-traits`.
fn serde_traits(value: Option<std::ffi::OsString>) -> Result<specweave::SerdeTraits, String> {
    choice(
        "--serde-traits",
        value,
        "as-used or both",
        specweave::SerdeTraits::from_name,
    )
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut specs = Vec::new();
    let mut out = None;
    let mut crate_dir = None;
    let mut name = None;
    let mut inline_runtime = false;
    let mut runtime_dir = None;
    let mut runtime_path = None;
    let mut strict = false;
    let mut shape = specweave::ApiShape::default();
    let mut traits = specweave::SerdeTraits::default();
    let mut selectors = Vec::new();
    let mut features_per_tag = false;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("-h" | "--help") => return Ok(None),
            Some("--out") => {
                let value = args.next().ok_or("--out needs a file name")?;
                out = Some(PathBuf::from(value));
            }
            Some("--crate") => {
                let value = args.next().ok_or("--crate needs a directory")?;
                crate_dir = Some(PathBuf::from(value));
            }
            Some("--name") => {
                let value = args.next().ok_or("--name needs a package name")?;
                name = Some(value.to_string_lossy().into_owned());
            }
            Some("--inline-runtime") => inline_runtime = true,
            Some("--features-per-tag") => features_per_tag = true,
            Some("--strict") => strict = true,
            Some("--api-shape") => shape = api_shape(args.next())?,
            Some("--serde-traits") => traits = serde_traits(args.next())?,
            Some("--select") => {
                let value = args.next().ok_or("--select needs an operation selector")?;
                selectors.push(value.to_string_lossy().into_owned());
            }
            Some("--runtime-dir") => {
                let value = args.next().ok_or("--runtime-dir needs a directory")?;
                runtime_dir = Some(PathBuf::from(value));
            }
            Some("--runtime-path") => {
                let value = args.next().ok_or("--runtime-path needs a Rust path")?;
                runtime_path = Some(value.to_string_lossy().into_owned());
            }
            Some(flag) if flag.starts_with('-') && flag != "-" => {
                return Err(format!("unknown option `{flag}`"));
            }
            _ => specs.push(PathBuf::from(arg)),
        }
    }
    if crate_dir.is_some() && (out.is_some() || specs.is_empty()) {
        return Err("--crate needs at least one SPEC and cannot be combined with --out".to_owned());
    }
    if (name.is_some() || inline_runtime || runtime_dir.is_some()) && crate_dir.is_none() {
        return Err("--name, --inline-runtime and --runtime-dir only apply to --crate".to_owned());
    }
    if inline_runtime && runtime_dir.is_some() {
        return Err("--inline-runtime and --runtime-dir exclude each other".to_owned());
    }
    Ok(Some(Args {
        specs,
        out,
        crate_dir,
        name,
        inline_runtime,
        runtime_dir,
        runtime_path,
        strict,
        api_shape: shape,
        serde_traits: traits,
        selectors,
        features_per_tag,
    }))
}

/// Bad usage: the message and the usage on stderr, exit status 2.
fn usage_error(message: &str) -> ExitCode {
    eprintln!("specweave: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

/// `twilio_chat_v1.yaml` → `twilio-chat-v1`.
fn default_crate_name(inputs: &[PathBuf]) -> String {
    let stem = inputs
        .first()
        .and_then(|p| p.file_stem())
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches('-').to_owned();
    if name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name
    } else {
        format!("client-{name}")
    }
}

fn main() -> ExitCode {
    if std::env::args_os().nth(1).is_some_and(|arg| arg == "diff") {
        return diff_cli::run(std::env::args_os().skip(2));
    }
    let args = match parse_args() {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => return usage_error(&message),
    };
    let default_job = args.specs.is_empty();
    let mut generator = specweave::Generator::new()
        .strict(args.strict)
        .api_shape(args.api_shape)
        .serde_traits(args.serde_traits);
    for selector in &args.selectors {
        generator = generator.select(selector);
    }
    if args.features_per_tag {
        if args.crate_dir.is_none() {
            return usage_error(
                "--features-per-tag needs --crate (the features go in its Cargo.toml)",
            );
        }
        generator = generator.features_per_tag(true);
    }
    if default_job {
        generator = generator.spec_dir("spec");
    }
    for spec in &args.specs {
        generator = generator.spec(spec);
    }
    let runtime = if args.inline_runtime {
        RuntimeSource::Inline
    } else {
        match &args.runtime_dir {
            Some(dir) => RuntimeSource::Dependency(Some(dir.clone())),
            None => RuntimeSource::dependency(),
        }
    };
    let runtime_path = match (&args.runtime_path, &runtime) {
        (Some(path), _) => Some(path.clone()),
        (None, RuntimeSource::Inline) => Some(standalone::INLINE_RUNTIME_PATH.to_owned()),
        (None, RuntimeSource::Dependency(_)) => None,
    };
    if let Some(path) = runtime_path {
        generator = generator.runtime_path(path);
    }
    let out = args
        .out
        .or_else(|| default_job.then(|| PathBuf::from(DEFAULT_OUT)));

    let started = Instant::now();
    let result = match (&out, &args.crate_dir) {
        (Some(path), _) => generator.write_to(path),
        (None, Some(dir)) => generator.generate().and_then(|generated| {
            let name = args
                .name
                .clone()
                .unwrap_or_else(|| default_crate_name(&generated.inputs));
            standalone::write_crate(&generated, dir, &name, &runtime).map(|()| generated)
        }),
        (None, None) => generator.generate(),
    };
    let elapsed = started.elapsed();
    let generated = match result {
        Ok(generated) => generated,
        Err(error) => {
            for diagnostic in &error.diagnostics {
                eprintln!("error: {diagnostic}");
            }
            return ExitCode::from(1);
        }
    };
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    let destination = match (&out, &args.crate_dir) {
        (Some(path), _) => path.display().to_string(),
        (None, Some(dir)) => format!("crate {}", dir.display()),
        (None, None) => {
            print!("{}", generated.code);
            "stdout".to_owned()
        }
    };
    // The spec files given come first; a multi-file spec can reference thousands more.
    const LISTED_INPUTS: usize = 4;
    let mut inputs: Vec<String> = generated
        .inputs
        .iter()
        .take(LISTED_INPUTS)
        .map(|p| p.display().to_string())
        .collect();
    if generated.inputs.len() > LISTED_INPUTS {
        inputs.push(format!(
            "{} more files",
            generated.inputs.len() - LISTED_INPUTS
        ));
    }
    eprintln!(
        "specweave: {} operations, {} types, {} lines in {:.1} ms from {} -> {}",
        generated.stats.operations,
        generated.stats.types,
        generated.stats.lines,
        elapsed.as_secs_f64() * 1000.0,
        inputs.join(", "),
        destination
    );
    ExitCode::SUCCESS
}
