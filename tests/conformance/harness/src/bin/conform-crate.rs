//! `conform-crate SPEC DIR NAME`: writes the conformance crate of `SPEC` (a file, or the root
//! document of a multi-file spec) into `DIR` as package `NAME`: the standalone client, the
//! runner `examples/conform/` and `prism.json` for Prism (see
//! `conformance_harness::standalone`). Prints `conform-crate: SPEC: N of M operations
//! generated, K form array encodings added`.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [spec, dir, name] = args.as_slice() else {
        eprintln!("usage: conform-crate SPEC DIR NAME");
        return ExitCode::from(2);
    };
    match conformance_harness::standalone::write(Path::new(spec), Path::new(dir), name) {
        Ok(written) => {
            println!(
                "conform-crate: {spec}: {} of {} operations generated, {} form array encodings \
                 added, {} schema references cut to break cycles",
                written.generated,
                written.spec_operations,
                written.encodings_added,
                written.references_cut
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            for line in error.lines() {
                eprintln!("conform-crate: {spec}: {line}");
            }
            ExitCode::FAILURE
        }
    }
}
