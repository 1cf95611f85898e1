//! Generates the client from every spec in `spec/` (see the `codegen` crate).
//!
//! A bad spec is reported to Cargo as `cargo::error` lines, one per problem, each naming the
//! file, the JSON pointer and what is wrong; Cargo then fails the build with exactly those
//! messages (no backtrace), and no output file is written.

fn main() {
    codegen::Generator::new()
        .spec_dir("spec")
        .build("twilio_chat.rs")
        .ok();
}
