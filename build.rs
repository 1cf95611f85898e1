//! Generates the client from every spec in `spec/` (see the `codegen` crate).
//! A bad spec fails the build with one `cargo::error` line per problem (file, JSON pointer,
//! what is wrong); nothing is written in that case.

fn main() {
    let generated = codegen::Generator::new()
        .spec_dir("spec")
        .build("twilio_chat.rs");
    if generated.is_err() {
        std::process::exit(1);
    }
}
