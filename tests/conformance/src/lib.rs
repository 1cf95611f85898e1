//! Example-decode suite for the generated clients, over `spec/` and the shared Twilio specs.
//!
//! `build.rs` generates, per spec, the client and an examples module (see `harness/`); each
//! lives in its own module below (`invite` for `spec/`, `chat_v1`, `chat_v2`,
//! `conversations_v1`, `api_v2010`) with `harness::decode_every_example` (every response
//! example through the generated types), which `tests/examples.rs` runs. The calls against
//! Prism are `.ci/prism/conform`'s, for any spec.
#![forbid(unsafe_code)]

include!(concat!(env!("OUT_DIR"), "/specs.rs"));

/// Helpers the generated harnesses call (shared with the conformance crates of
/// `.ci/prism/conform`).
#[path = "../harness/runner/support.rs"]
pub mod support;
