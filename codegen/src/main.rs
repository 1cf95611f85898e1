//! `codegen` command line: generate a client from any OpenAPI 3.0 spec.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "\
usage: codegen [SPEC ...] [--out FILE]

Generates a typed async Rust client module from OpenAPI 3.0 spec files (YAML or JSON).
Several specs are merged into one client.

  SPEC        spec file(s); default: every .yaml/.yml/.json file in ./spec
  --out FILE  write the module to FILE (only rewritten when it changes);
              default: stdout when SPEC is given, else target/codegen/client.rs
  -h, --help  show this help

Exit status: 0 on success, 1 when a spec has errors (reported on stderr with the file and
the JSON pointer of each problem), 2 on bad usage.";

/// Default output of the main job (no SPEC): beside Cargo's own build output.
const DEFAULT_OUT: &str = "target/codegen/client.rs";

struct Args {
    specs: Vec<PathBuf>,
    out: Option<PathBuf>,
}

fn parse_args() -> Result<Option<Args>, String> {
    let mut specs = Vec::new();
    let mut out = None;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("-h" | "--help") => return Ok(None),
            Some("--out") => {
                let value = args.next().ok_or("--out needs a file name")?;
                out = Some(PathBuf::from(value));
            }
            Some(flag) if flag.starts_with('-') && flag != "-" => {
                return Err(format!("unknown option `{flag}`"));
            }
            _ => specs.push(PathBuf::from(arg)),
        }
    }
    Ok(Some(Args { specs, out }))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("codegen: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let default_job = args.specs.is_empty();
    let mut generator = codegen::Generator::new();
    if default_job {
        generator = generator.spec_dir("spec");
    }
    for spec in &args.specs {
        generator = generator.spec(spec);
    }
    let out = args
        .out
        .or_else(|| default_job.then(|| PathBuf::from(DEFAULT_OUT)));

    let started = Instant::now();
    let result = match &out {
        Some(path) => generator.write_to(path),
        None => generator.generate(),
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
    if out.is_none() {
        print!("{}", generated.code);
    }
    let inputs: Vec<String> = generated
        .inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let destination = out.map_or_else(|| "stdout".to_owned(), |p| p.display().to_string());
    eprintln!(
        "codegen: {} operations, {} types, {} lines in {:.1} ms from {} -> {}",
        generated.stats.operations,
        generated.stats.types,
        generated.stats.lines,
        elapsed.as_secs_f64() * 1000.0,
        inputs.join(", "),
        destination
    );
    ExitCode::SUCCESS
}
