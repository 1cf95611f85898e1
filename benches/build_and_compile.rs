//! Build-script cost and generated-code compile time, as part of `cargo bench`.
//!
//! `cargo bench --bench build_and_compile` runs, and streams the reports of:
//!
//! - `benches/build_cost.sh`: a clean `cargo build -p twilio-chat --timings` in a throwaway
//!   copy of this work tree (total, build-dependency share), a no-op `cargo build -v` (the
//!   build script must not run), `touch src/lib.rs` (must not run it either), a touched and an
//!   edited spec (regenerate + recompile);
//! - `benches/compile_v2010.sh`: the Twilio API v2010 client (197 operations) generated as a
//!   standalone crate: lines per operation, clean, incremental and `cargo check` times
//!   (skipped with a note without `../shared`).
//!
//! Both use their own target directories under `/tmp` (several minutes: the clean builds
//! compile every dependency). `BENCH_SKIP_BUILD=1` skips this bench; without `--bench`
//! (`cargo test --benches`) it only checks that the scripts exist.

use std::path::Path;
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let scripts = ["benches/build_cost.sh", "benches/compile_v2010.sh"];
    let bench_mode = std::env::args().any(|a| a == "--bench");
    if !bench_mode {
        for script in scripts {
            if !root.join(script).is_file() {
                eprintln!("missing {script}");
                return ExitCode::FAILURE;
            }
        }
        println!("build_and_compile: smoke mode, scripts present (run with `cargo bench`)");
        return ExitCode::SUCCESS;
    }
    if std::env::var_os("BENCH_SKIP_BUILD").is_some() {
        println!("build_and_compile: skipped (BENCH_SKIP_BUILD is set)");
        return ExitCode::SUCCESS;
    }
    for script in scripts {
        println!("\n######## {script}\n");
        // The scripts run their own cargo; this one's jobserver and target dir are not theirs.
        let status = Command::new("bash")
            .arg(root.join(script))
            .current_dir(root)
            .env_remove("CARGO_MAKEFLAGS")
            .env_remove("MAKEFLAGS")
            .env_remove("MFLAGS")
            .env_remove("CARGO_TARGET_DIR")
            .status();
        match status {
            Ok(status) if status.success() => {}
            Ok(status) => {
                eprintln!("{script} failed ({status})");
                return ExitCode::FAILURE;
            }
            Err(error) => {
                eprintln!("cannot run {script}: {error}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
