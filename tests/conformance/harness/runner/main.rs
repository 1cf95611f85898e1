//! Conformance run of one generated client: every operation called with synthesized valid
//! arguments against the server at `CONFORM_URL` (Prism mocking the spec), once with the
//! required parameters and properties and once with every optional one too. Each call must
//! get a 2xx whose body decodes.
//!
//! Prints one line per operation, `pass ID`, `known ID: ...` (a listed Prism limit that fails,
//! as expected) or `fail ID: ...`, then `summary N/M` (`known` counts as passed), and exits
//! with status 1 when any operation failed, 2 when it could not run. Written by
//! `conform-crate` (tests/conformance/harness) into the crate as `examples/conform/`.

mod client;
#[allow(dead_code)] // Shared with tests/conformance, which uses more of it.
mod support;

use std::process::ExitCode;

use client::harness;

/// One line, whatever the error text holds.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn main() -> ExitCode {
    let Some(url) = std::env::var("CONFORM_URL").ok().filter(|u| !u.is_empty()) else {
        eprintln!("conform: set CONFORM_URL to the mock server's URL");
        return ExitCode::from(2);
    };
    let client = match harness::client(&url) {
        Ok(client) => client,
        Err(error) => {
            eprintln!("conform: cannot build the client for {url}: {error}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("conform: cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    let required = runtime.block_on(harness::call_every_operation(&client));
    let all = runtime.block_on(harness::call_every_operation_with_all_fields(&client));
    let mut passed = 0;
    let mut total = 0;
    for ((id, required), (_, all)) in required.iter().zip(&all) {
        total += 1;
        let failures: Vec<String> = [("required fields", required), ("all fields", all)]
            .into_iter()
            .filter_map(|(pass, result)| result.as_ref().err().map(|e| format!("[{pass}] {e}")))
            .collect();
        let failures = one_line(&failures.join("; "));
        let limit = harness::PRISM_LIMITS
            .iter()
            .find(|(limited, _)| limited == id)
            .map(|(_, why)| *why);
        match (failures.is_empty(), limit) {
            (true, None) => {
                passed += 1;
                println!("pass {id}");
            }
            (false, Some(why)) => {
                passed += 1;
                println!("known {id}: {why}; got {failures}");
            }
            (true, Some(why)) => println!(
                "fail {id}: passes, but a KNOWN_PRISM_LIMITS rule lists it ({why}): the rule is stale"
            ),
            (false, None) => println!("fail {id}: {failures}"),
        }
    }
    for (id, why) in harness::NOT_GENERATED {
        total += 1;
        println!("fail {id}: not generated: {}", one_line(why));
    }
    println!("summary {passed}/{total}");
    if passed == total {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
