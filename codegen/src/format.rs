//! Stage 4: tokens → formatted source with the `@generated` header.

use proc_macro2::TokenStream;

/// Formats `tokens` with prettyplease and prepends `header` (comment lines).
///
/// A parse failure here means the emitter produced invalid Rust, which is a bug in this crate,
/// not in the spec; it is reported as an error rather than a panic.
pub fn format(tokens: TokenStream, header: &str) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens)
        .map_err(|e| format!("internal error: the generated code does not parse ({e}); please report this with the spec"))?;
    let body = prettyplease::unparse(&file);
    let mut out = String::with_capacity(header.len() + body.len() + 1);
    out.push_str(header);
    out.push('\n');
    out.push_str(&body);
    Ok(out)
}
