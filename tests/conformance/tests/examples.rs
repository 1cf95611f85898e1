//! Every response example of every spec decodes into the generated response type and
//! survives a JSON round trip (decode, encode, decode, compare). No server needed.

use conformance::{api_v2010, chat_v1, chat_v2, conversations_v1, invite};

/// Failures understood and reported, as (example pointer, why). The test fails on any other
/// failure, and on a listed one that passes (so the list cannot go stale).
const KNOWN_FAILURES: &[(&str, &str)] = &[];

type Results = Vec<(String, Result<(), String>)>;
type Skipped = &'static [(&'static str, &'static str)];

#[test]
fn every_response_example_decodes_and_round_trips() {
    let suites: [(&str, Results, Skipped); 5] = [
        (
            "spec/ (invite)",
            invite::harness::decode_every_example(),
            invite::harness::SKIPPED_EXAMPLES,
        ),
        (
            "twilio_chat_v1",
            chat_v1::harness::decode_every_example(),
            chat_v1::harness::SKIPPED_EXAMPLES,
        ),
        (
            "twilio_chat_v2",
            chat_v2::harness::decode_every_example(),
            chat_v2::harness::SKIPPED_EXAMPLES,
        ),
        (
            "twilio_conversations_v1",
            conversations_v1::harness::decode_every_example(),
            conversations_v1::harness::SKIPPED_EXAMPLES,
        ),
        (
            "twilio_api_v2010",
            api_v2010::harness::decode_every_example(),
            api_v2010::harness::SKIPPED_EXAMPLES,
        ),
    ];
    let mut total = 0;
    let mut total_failed = 0;
    let mut unexpected = Vec::new();
    let mut lines = Vec::new();
    for (name, results, skipped) in &suites {
        let failed = results.iter().filter(|(_, r)| r.is_err()).count();
        lines.push(format!(
            "{name:<26} {:>8} {:>8} {failed:>8} {:>8}",
            results.len(),
            results.len() - failed,
            skipped.len()
        ));
        for (pointer, reason) in *skipped {
            println!("skipped {pointer}: {reason}");
        }
        total += results.len();
        total_failed += failed;
        for (pointer, result) in results {
            let known = KNOWN_FAILURES
                .iter()
                .find(|(known, _)| known == pointer)
                .map(|(_, why)| why);
            match (result, known) {
                (Ok(()), None) => {}
                (Ok(()), Some(why)) => unexpected.push(format!(
                    "{pointer}\n    decodes now (listed as a known failure: {why}): remove it \
                     from KNOWN_FAILURES in tests/examples.rs"
                )),
                (Err(error), Some(why)) => println!("known   {pointer}: {why}\n    {error}"),
                (Err(error), None) => unexpected.push(format!("{pointer}\n    {error}")),
            }
        }
    }
    println!(
        "{:<26} {:>8} {:>8} {:>8} {:>8}",
        "spec", "examples", "decoded", "failed", "skipped"
    );
    for line in &lines {
        println!("{line}");
    }
    println!(
        "examples: {} passed, {total_failed} failed ({} known), {total} in all",
        total - total_failed,
        KNOWN_FAILURES.len()
    );
    assert!(total > 0, "no response example found in any spec");
    let listed_but_absent: Vec<_> = KNOWN_FAILURES
        .iter()
        .filter(|(known, _)| {
            !suites
                .iter()
                .any(|(_, results, _)| results.iter().any(|(p, _)| p == known))
        })
        .collect();
    assert!(
        listed_but_absent.is_empty(),
        "KNOWN_FAILURES lists examples that no longer exist: {listed_but_absent:?}"
    );
    assert!(
        unexpected.is_empty(),
        "{} unexpected example result(s) of {total}:\n{}",
        unexpected.len(),
        unexpected.join("\n")
    );
}
