//! `specweave diff OLD NEW`: the spec-change report (see `specweave::diff`), a module of the
//! binary only.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::ExitCode;

use specweave::diff::{self, Format};

/// Exit status when a change breaks callers, so CI can gate on it.
const BREAKING: u8 = 3;

struct Args {
    old: PathBuf,
    new: PathBuf,
    format: Format,
    crate_version: Option<String>,
    shape: specweave::ApiShape,
    traits: specweave::SerdeTraits,
}

fn parse(args: impl Iterator<Item = OsString>) -> Result<Option<Args>, String> {
    let mut specs = Vec::new();
    let mut format = Format::Text;
    let mut crate_version = None;
    let mut shape = specweave::ApiShape::default();
    let mut traits = specweave::SerdeTraits::default();
    let mut args = args;
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("-h" | "--help") => return Ok(None),
            Some("--format") => {
                let value = args.next().ok_or("--format needs text, markdown or json")?;
                format = match value.to_str() {
                    Some("text") => Format::Text,
                    Some("markdown" | "md") => Format::Markdown,
                    Some("json") => Format::Json,
                    _ => {
                        return Err(format!(
                            "unknown --format `{}` (text, markdown or json)",
                            value.to_string_lossy()
                        ))
                    }
                };
            }
            Some("--crate-version") => {
                let value = args.next().ok_or("--crate-version needs a version")?;
                crate_version = Some(value.to_string_lossy().into_owned());
            }
            Some("--api-shape") => shape = super::api_shape(args.next())?,
            Some("--serde-traits") => traits = super::serde_traits(args.next())?,
            Some(flag) if flag.starts_with('-') && flag != "-" => {
                return Err(format!("diff: unknown option `{flag}`"));
            }
            _ => specs.push(PathBuf::from(arg)),
        }
    }
    let [old, new]: [PathBuf; 2] = specs
        .try_into()
        .map_err(|_| "diff needs two specs (files or directories): OLD NEW".to_owned())?;
    Ok(Some(Args {
        old,
        new,
        format,
        crate_version,
        shape,
        traits,
    }))
}

/// The `version` of `./Cargo.toml`'s `[package]`, when there is one.
fn package_version() -> Option<String> {
    let manifest = std::fs::read_to_string("Cargo.toml").ok()?;
    let mut in_package = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(value) = line.strip_prefix("version") {
                let value = value.trim_start().strip_prefix('=')?.trim();
                return Some(value.trim_matches('"').to_owned());
            }
        }
    }
    None
}

/// Runs the subcommand on the arguments after `diff`.
pub(crate) fn run(args: impl Iterator<Item = OsString>) -> ExitCode {
    let args = match parse(args) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{}", super::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(message) => return super::usage_error(&message),
    };
    let generator = specweave::Generator::new()
        .api_shape(args.shape)
        .serde_traits(args.traits);
    let report = match diff::compare_generated(&args.old, &args.new, &generator) {
        Ok(report) => report,
        Err(error) => {
            for diagnostic in &error.diagnostics {
                eprintln!("error: {diagnostic}");
            }
            return ExitCode::from(1);
        }
    };
    let current = args.crate_version.or_else(package_version);
    print!("{}", report.render(args.format, current.as_deref()));
    if report.is_breaking() {
        ExitCode::from(BREAKING)
    } else {
        ExitCode::SUCCESS
    }
}
