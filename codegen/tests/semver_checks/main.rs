//! The spec-change report against the reference tool, on the real Twilio release pairs of
//! `../shared/specs/twilio-history/` (`pairs.json`): both clients of each pair are generated
//! as crates and compared by `cargo-semver-checks`. Every item it reports as breaking must be
//! breaking in the report too; every item the report calls breaking beyond those must be
//! shown by a compile probe (see [`probes`]): a snippet that compiles against the old crate
//! and not against the new one. Both API shapes (`ApiShape::Literals`, `ApiShape::Evolving`).
//!
//! Slow (it builds and documents both clients of six pairs) and it needs `../shared` and
//! `cargo-semver-checks` on `PATH`, so it is ignored by default; `.ci/semver` installs the tool
//! and runs it. Work files stay in `target/semver-checks/` for inspection.

mod findings;
mod probes;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use specweave::diff::{self, Class, Surface};
use specweave::ApiShape;

/// The package name of both generated clients of a pair: cargo-semver-checks compares two
/// versions of one crate.
const CLIENT: &str = "history-client";

fn codegen_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn work_root() -> PathBuf {
    codegen_dir().join("../target/semver-checks")
}

fn run(command: &mut Command) -> Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {command:?}: {e}"))
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// One pair of `pairs.json`: its number and the two spec files.
struct Pair {
    n: u64,
    old: PathBuf,
    new: PathBuf,
}

fn pairs(history: &Path) -> Vec<Pair> {
    let listing = std::fs::read_to_string(history.join("pairs.json"))
        .unwrap_or_else(|e| panic!("pairs.json: {e}"));
    let listing: serde_json::Value =
        serde_json::from_str(&listing).unwrap_or_else(|e| panic!("pairs.json: {e}"));
    let Some(pairs) = listing["pairs"].as_array() else {
        panic!("pairs.json has no `pairs` array");
    };
    pairs
        .iter()
        .map(|pair| {
            let file = |side: &str| match pair[side]["file"].as_str() {
                Some(file) => history.join(file),
                None => panic!("pairs.json: a pair without `{side}.file`"),
            };
            Pair {
                n: pair["n"].as_u64().unwrap_or_default(),
                old: file("old"),
                new: file("new"),
            }
        })
        .collect()
}

/// `spec` generated as the crate `dir` (the runtime by path, versions from the workspace's
/// lock file).
fn generate_crate(spec: &Path, dir: &Path, shape: ApiShape) {
    let shape = match shape {
        ApiShape::Literals => "literals",
        ApiShape::Evolving => "evolving",
    };
    let output = run(Command::new(env!("CARGO_BIN_EXE_specweave"))
        .arg(spec)
        .arg("--crate")
        .arg(dir)
        .args(["--name", CLIENT, "--api-shape", shape, "--runtime-dir"])
        .arg(codegen_dir().join("runtime")));
    assert!(output.status.success(), "{}", text(&output));
    std::fs::copy(codegen_dir().join("../Cargo.lock"), dir.join("Cargo.lock"))
        .unwrap_or_else(|e| panic!("Cargo.lock: {e}"));
}

fn surface(spec: &Path, shape: ApiShape) -> Surface {
    match specweave::Generator::new()
        .spec(spec)
        .api_shape(shape)
        .model()
    {
        Ok((api, _warnings)) => Surface::of(&api),
        Err(e) => panic!("{}: {e}", spec.display()),
    }
}

/// The probe crate for one pair: one function per probe, on lines of its own; returns the
/// probes' paths by line range of `src/lib.rs`.
fn write_probe_crate(dir: &Path, probes: &[(String, String)]) -> Vec<(usize, usize, String)> {
    let mut source = probes::preamble(&CLIENT.replace('-', "_"));
    let mut ranges = Vec::new();
    for (path, code) in probes {
        let first = source.lines().count() + 1;
        source.push_str(code);
        ranges.push((first, source.lines().count(), path.clone()));
    }
    std::fs::create_dir_all(dir.join("src")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("src/lib.rs"), source).unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(codegen_dir().join("../Cargo.lock"), dir.join("Cargo.lock"))
        .unwrap_or_else(|e| panic!("Cargo.lock: {e}"));
    ranges
}

/// `cargo check` of the probe crate against the client in `client_dir`.
fn check_probes(dir: &Path, client_dir: &Path, target: &Path) -> Output {
    let manifest = format!(
        "[package]\nname = \"probes\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\n{CLIENT} = {{ path = {:?} }}\nspecweave-runtime = {{ path = {:?} }}\n\n\
         [workspace]\n",
        client_dir.display().to_string(),
        codegen_dir().join("runtime").display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap_or_else(|e| panic!("{e}"));
    run(Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--message-format", "short"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS"))
}

/// Lines of `src/lib.rs` with a compile error, from `--message-format short` output.
fn error_lines(output: &str) -> BTreeSet<usize> {
    output
        .lines()
        .filter(|line| line.contains(": error"))
        .filter_map(|line| line.strip_prefix("src/lib.rs:"))
        .filter_map(|rest| rest.split(':').next()?.parse().ok())
        .collect()
}

#[test]
#[ignore = "slow; needs ../shared and cargo-semver-checks (run by .ci/semver)"]
fn breaking_items_cover_cargo_semver_checks() {
    let history = codegen_dir().join("../../shared/specs/twilio-history");
    if !history.is_dir() {
        eprintln!("skipped: {} not found", history.display());
        return;
    }
    let version = run(Command::new(env!("CARGO")).args(["semver-checks", "--version"]));
    assert!(
        version.status.success(),
        "cargo-semver-checks is not installed (`cargo install cargo-semver-checks --locked`)"
    );
    let mut figures = String::new();
    let mut failures = Vec::new();
    let pairs = pairs(&history);
    let cases = pairs
        .iter()
        .flat_map(|pair| [ApiShape::Literals, ApiShape::Evolving].map(|shape| (pair, shape)));
    for (pair, shape) in cases {
        let label = format!("pair {} ({shape:?} shape)", pair.n);
        let work = work_root().join(format!("pair{}-{shape:?}", pair.n).to_lowercase());
        let (old_dir, new_dir) = (work.join("old"), work.join("new"));
        generate_crate(&pair.old, &old_dir, shape);
        generate_crate(&pair.new, &new_dir, shape);

        let checked = run(Command::new(env!("CARGO"))
            .args(["semver-checks", "check-release", "--release-type", "minor"])
            .arg("--manifest-path")
            .arg(new_dir.join("Cargo.toml"))
            .arg("--baseline-root")
            .arg(&old_dir)
            .env("CARGO_TARGET_DIR", work_root().join("target-semver")));
        let tool_output = text(&checked);
        std::fs::write(work.join("cargo-semver-checks.txt"), &tool_output)
            .unwrap_or_else(|e| panic!("{e}"));
        let found = findings::parse(&tool_output);
        if !checked.status.success() && found.is_empty() {
            failures.push(format!(
                "{label}: cargo-semver-checks failed without findings:\n{tool_output}"
            ));
            continue;
        }

        let report = diff::compare_shaped(&pair.old, &pair.new, shape)
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        let breaking: BTreeSet<&str> = report
            .changes
            .iter()
            .filter(|c| c.class == Class::Breaking)
            .map(|c| c.path.as_str())
            .collect();

        let mut covered = BTreeSet::new();
        for finding in &found {
            let matching: Vec<&str> = breaking
                .iter()
                .copied()
                .filter(|path| finding.names(path))
                .collect();
            if matching.is_empty() {
                failures.push(format!(
                    "{label}: cargo-semver-checks reports `{}` ({}) but the report does not call it breaking",
                    finding.item, finding.lint
                ));
            }
            covered.extend(matching);
        }

        // The rest must be shown by the compiler.
        let old_surface = surface(&pair.old, shape);
        let mut probes = Vec::new();
        let mut unprobed = Vec::new();
        for (i, path) in breaking
            .iter()
            .filter(|p| !covered.contains(*p))
            .enumerate()
        {
            match probes::probe(&format!("probe_{i}"), path, &old_surface) {
                Some(code) => probes.push((path.to_string(), code)),
                None => unprobed.push(path.to_string()),
            }
        }
        let mut shown = 0;
        if !probes.is_empty() {
            let probe_dir = work.join("probes");
            let ranges = write_probe_crate(&probe_dir, &probes);
            let target = work_root().join("target-probes");
            let against_old = check_probes(&probe_dir, &old_dir, &target);
            if !against_old.status.success() {
                failures.push(format!(
                    "{label}: the probes do not compile against the old client:\n{}",
                    text(&against_old)
                ));
            } else {
                let against_new = text(&check_probes(&probe_dir, &new_dir, &target));
                let lines = error_lines(&against_new);
                for (first, last, path) in &ranges {
                    if lines.range(first..=last).next().is_some() {
                        shown += 1;
                    } else {
                        failures.push(format!(
                            "{label}: `{path}` is breaking in the report, but neither cargo-semver-checks nor its probe shows it"
                        ));
                    }
                }
            }
        }
        for path in &unprobed {
            failures.push(format!("{label}: no probe can show `{path}`"));
        }
        let lints: BTreeSet<&str> = found.iter().map(|f| f.lint.as_str()).collect();
        let _ = writeln!(
            figures,
            "{label}: report {} | cargo-semver-checks: {} findings ({}) | breaking items covered by it: {} | shown by compile probes: {shown}/{}",
            report.summary(),
            found.len(),
            lints.into_iter().collect::<Vec<_>>().join(", "),
            covered.len(),
            breaking.len() - covered.len(),
        );
    }
    eprintln!("{figures}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
