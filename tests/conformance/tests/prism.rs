//! Every generated operation against Stoplight Prism, which validates each request against
//! the spec (auth, content type, required fields, patterns, ranges) and answers with the
//! operation's first example. Each call must get a 2xx whose body decodes into the generated
//! type (and survives a serde round trip); a 4xx is a client bug, reported with Prism's
//! problem+json body. Two passes per spec: required parameters and properties only, then
//! every optional one too (so every field's encoding is checked).
//!
//! Ignored by default: `.ci/prism/run` starts one Prism per spec and runs these with
//! `--include-ignored`, setting `PRISM_INVITE_URL` (mocking `spec/`), `PRISM_CHAT_V1_URL`,
//! `PRISM_CHAT_V2_URL`, `PRISM_CONVERSATIONS_V1_URL` and `PRISM_API_V2010_URL` (mocking the
//! shared Twilio specs, with the form `encoding` rewrite of `prism-spec`). Run without its
//! variable, a test fails.

use std::time::Duration;

const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

const V2010: &str = "twilio_api_v2010.yaml";

/// Failures understood and reported, as (suite, operation, why). The test fails on any other
/// failure, and on a listed one that passes (so the list cannot go stale).
const KNOWN_FAILURES: &[(&str, &str, &str)] = &[(
    V2010,
    "FetchRecordingAddOnResultPayloadData",
    "the spec declares only a 307 response (whose body Prism returns): there is no 2xx to get",
)];

fn base_url(variable: &str) -> String {
    match std::env::var(variable) {
        Ok(url) if !url.trim().is_empty() => url,
        _ => panic!(
            "{variable} is not set: start Prism and set it to its URL (.ci/prism/run does both)"
        ),
    }
}

type Results = Vec<(&'static str, Result<(), String>)>;

/// Prints one line per operation and `N/M operations passed`; returns the unexpected results
/// (a failure not listed, a listed one that passed, an operation not called).
fn report(suite: &str, pass: &str, results: &Results, expected: usize) -> Vec<String> {
    let passed = results.iter().filter(|(_, r)| r.is_ok()).count();
    let mut unexpected = Vec::new();
    for (operation, result) in results {
        let known = KNOWN_FAILURES
            .iter()
            .find(|(known_suite, id, _)| *known_suite == suite && id == operation)
            .map(|(_, _, why)| why);
        match (result, known) {
            (Ok(()), None) => println!("ok    {operation}"),
            (Ok(()), Some(why)) => {
                println!("PASS  {operation} (listed as a known failure: {why})");
                unexpected.push(format!(
                    "{operation} passes now: remove it from KNOWN_FAILURES in tests/prism.rs"
                ));
            }
            (Err(error), Some(why)) => {
                println!("known {operation}: {why}\n      {error}");
            }
            (Err(error), None) => {
                println!("FAIL  {operation}: {error}");
                unexpected.push(format!("{operation}: {error}"));
            }
        }
    }
    println!(
        "{suite} ({pass}): {passed}/{} operations passed",
        results.len()
    );
    if results.len() != expected {
        unexpected.push(format!("{} of {expected} operations called", results.len()));
    }
    unexpected
        .into_iter()
        .map(|u| format!("[{pass}] {u}"))
        .collect()
}

macro_rules! prism_suite {
    ($test:ident, $module:ident, $variable:literal, $suite:literal) => {
        #[tokio::test]
        #[ignore = concat!("needs Prism mocking ", $suite, " at ", $variable, " (run .ci/prism/run)")]
        async fn $test() {
            let client = conformance::$module::Client::builder(ACCOUNT_SID, "auth_token")
                .base_url(base_url($variable))
                .retry(conformance::$module::RetryPolicy::none())
                .timeout(Duration::from_secs(30))
                .build()
                .expect("the client builds");
            let operations = conformance::$module::harness::OPERATIONS;
            let required = conformance::$module::harness::call_every_operation(&client).await;
            let mut unexpected = report($suite, "required fields", &required, operations);
            let all = conformance::$module::harness::call_every_operation_with_all_fields(&client)
                .await;
            unexpected.extend(report($suite, "all fields", &all, operations));
            assert!(
                unexpected.is_empty(),
                "{}: {} unexpected result(s) against Prism:\n{}",
                $suite,
                unexpected.len(),
                unexpected.join("\n")
            );
        }
    };
}

prism_suite!(
    spec_dir_every_operation_passes_prism,
    invite,
    "PRISM_INVITE_URL",
    "spec/"
);
prism_suite!(
    chat_v1_every_operation_passes_prism,
    chat_v1,
    "PRISM_CHAT_V1_URL",
    "twilio_chat_v1.yaml"
);
prism_suite!(
    chat_v2_every_operation_passes_prism,
    chat_v2,
    "PRISM_CHAT_V2_URL",
    "twilio_chat_v2.yaml"
);
prism_suite!(
    conversations_v1_every_operation_passes_prism,
    conversations_v1,
    "PRISM_CONVERSATIONS_V1_URL",
    "twilio_conversations_v1.yaml"
);
prism_suite!(
    api_v2010_every_operation_passes_prism,
    api_v2010,
    "PRISM_API_V2010_URL",
    "twilio_api_v2010.yaml"
);
