//! Generates the client from every spec in `spec/` (see the `specweave` crate).

#[path = "tests/common/generator.rs"]
mod generator;

fn main() {
    // A bad spec is reported to Cargo as `cargo::error` lines, one per problem, each naming the
    // file, the JSON pointer and what is wrong, and no output file is written; Cargo then fails
    // the build with exactly those messages (no backtrace, nothing else to do here).
    generator::generator(std::path::Path::new("spec"))
        // The API accepted with the snapshot (tests/snapshot.rs records it): when the spec
        // no longer gives it, `cargo build` prints a one-line summary of what changed.
        .accepted_api("generated/twilio_chat_api.snap")
        .generate_in_build_script("twilio_chat.rs");
}
