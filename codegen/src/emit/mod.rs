//! Stage 3: the model → a token stream (with `quote!`).
//!
//! The generated file is meant to be `include!`d anywhere in a crate that depends on the
//! runtime crate. It contains no inner attributes (not allowed in `include!`d files) and reaches
//! the runtime, and every crate it needs (serde, chrono, …), through one absolute
//! [`Runtime`] path, so the including crate needs no other dependency.

pub(crate) mod access;
mod body;
mod builders;
pub(crate) mod client;
mod decode;
pub(crate) mod headers;
pub(crate) mod params;
mod response;
pub(crate) mod types;

use std::cell::RefCell;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Api, TypeRef};

/// What [`emit`] produces: the code as tokens, and the doc text that belongs to it.
///
/// Doc comments are not in the tokens: each block is a short placeholder attribute
/// (`#[doc = "@@doc7"]`) and its text sits in `docs`, to be put back by
/// [`crate::format::format`] once the code is laid out. Spec prose is a large share of a
/// generated file; kept out of the token stream, it is never escaped into a literal, parsed
/// by syn, unescaped and printed again by prettyplease (about a fifth of the format stage).
pub struct Emitted {
    /// The generated module, with doc placeholders.
    pub tokens: TokenStream,
    /// Doc blocks by placeholder index; each line without the `///` prefix.
    pub docs: Vec<Vec<String>>,
}

impl From<TokenStream> for Emitted {
    /// Tokens without placeholders (their doc attributes, if any, are kept as they are).
    fn from(tokens: TokenStream) -> Self {
        Emitted {
            tokens,
            docs: Vec::new(),
        }
    }
}

/// The placeholder prefix as prettyplease prints it: `///` then the attribute's text.
pub(crate) const DOC_PLACEHOLDER: &str = "///@@doc";

/// Doc blocks collected while emitting (see [`Emitted`]).
#[derive(Default)]
pub(crate) struct DocTable {
    blocks: RefCell<Vec<Vec<String>>>,
}

impl DocTable {
    /// A placeholder attribute standing for `lines` (one `///` line each).
    pub(crate) fn attr(&self, lines: Vec<String>) -> TokenStream {
        let mut blocks = self.blocks.borrow_mut();
        let placeholder = format!("@@doc{}", blocks.len());
        blocks.push(lines);
        quote!(#[doc = #placeholder])
    }

    /// A placeholder for a single line.
    pub(crate) fn line(&self, line: String) -> TokenStream {
        self.attr(vec![line])
    }

    /// `lines`, or `fallback` when the spec gives no text.
    pub(crate) fn or(&self, lines: &[String], fallback: &str) -> TokenStream {
        if lines.is_empty() {
            self.line(fallback.to_owned())
        } else {
            self.attr(lines.to_vec())
        }
    }

    pub(crate) fn into_blocks(self) -> Vec<Vec<String>> {
        self.blocks.into_inner()
    }
}

/// The whole generated module on one thread, laid out by the `layout` module (the layout
/// [`crate::render`] formats in parallel).
pub fn emit(api: &Api, runtime: &Runtime) -> Emitted {
    let docs = DocTable::default();
    let tokens = crate::layout::emit_module(api, runtime, &docs);
    Emitted {
        tokens,
        docs: docs.into_blocks(),
    }
}

/// The path generated code uses to reach the runtime crate, like prost-build's `prost_path`:
/// `::specweave_runtime` by default, `crate::runtime` for a crate that carries a copy of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Runtime {
    path: String,
}

/// The default runtime path: the runtime crate, by its crate name.
pub const DEFAULT_RUNTIME_PATH: &str = "::specweave_runtime";

impl Default for Runtime {
    fn default() -> Self {
        Runtime {
            path: DEFAULT_RUNTIME_PATH.to_owned(),
        }
    }
}

impl Runtime {
    /// A runtime reached at `path` (`::my_runtime`, `crate::runtime`), or why `path` is not
    /// a usable Rust path.
    pub fn at(path: &str) -> Result<Runtime, String> {
        let path = path.trim();
        // `crate::runtime` and `super::rt` are paths too, though `crate` is no identifier.
        // Crate names are ASCII, so ASCII identifiers (not raw ones) are all a path needs.
        let well_formed = syn::parse_str::<syn::Path>(path)
            .is_ok_and(|parsed| parsed.segments.iter().all(|s| s.arguments.is_none()))
            && path
                .strip_prefix("::")
                .unwrap_or(path)
                .split("::")
                .all(is_identifier);
        if well_formed {
            Ok(Runtime {
                path: path.to_owned(),
            })
        } else {
            Err(format!(
                "`{path}` is not a Rust path such as `::specweave_runtime` or `crate::runtime`"
            ))
        }
    }

    /// The path as written.
    pub fn as_str(&self) -> &str {
        &self.path
    }

    /// `<runtime>::<item>` as tokens (`item` is a `::`-separated path such as
    /// `__private::Request`, or ends in a `{…}` group of names).
    pub(crate) fn item(&self, item: &str) -> TokenStream {
        // Built from identifiers rather than by lexing the text: emit asks for these paths
        // several times per operation.
        let mut tokens = TokenStream::new();
        let path = self.path.strip_prefix("::");
        let mut segments = path
            .unwrap_or(&self.path)
            .split("::")
            .chain(item.split("::"));
        if path.is_some() {
            tokens.extend(quote!(::));
        }
        if let Some(first) = segments.next() {
            tokens.extend(segment(first));
        }
        for rest in segments {
            tokens.extend(quote!(::));
            tokens.extend(segment(rest));
        }
        tokens
    }

    /// `<runtime>::<item>` as text, for attribute strings such as `serde(with = "…")`.
    pub(crate) fn text(&self, item: &str) -> String {
        format!("{}::{item}", self.path)
    }
}

/// One segment of a runtime path: an identifier (`crate`, `self` and `super` too), or any
/// other text such as `{ApiError, Error}`, lexed.
fn segment(text: &str) -> TokenStream {
    if is_identifier(text) {
        let ident = Ident::new(text, Span::call_site());
        quote!(#ident)
    } else {
        text.parse().unwrap_or_default()
    }
}

/// An ASCII identifier (or keyword), which `Ident::new` takes as it is.
fn is_identifier(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Where a type reference is written from, which decides how std types are spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside the `types` module. `short` when no generated type there is named like a
    /// prelude item the code uses (`Option`, `String`, ...): then `Option<String>` means std's,
    /// and is what a reader expects; otherwise every std path is absolute.
    Types {
        /// No generated type shadows a prelude name.
        short: bool,
    },
    /// At the include site (client methods), which belongs to the user: a `Result` alias or
    /// a `String` type of theirs must not change what the generated code means, so std
    /// paths there are always absolute. Generated types are `types::Name`, so this also
    /// serves any module that has the `types` module in scope under that name.
    Root,
}

/// What the `types` module imports from the runtime, by these names: the crates its types use,
/// so the including crate needs no dependency on them, and the runtime's serde helpers as
/// `runtime`. Type names are UpperCamelCase, so no schema can take one of these names.
pub(crate) const TYPES_IMPORTS: &str = "{__private as runtime, chrono, serde, serde_json}";

/// Prelude names the `types` module writes unqualified when no type there takes them.
pub(crate) const PRELUDE_NAMES: &[&str] = &[
    "Option", "Some", "None", "String", "Vec", "Box", "Result", "Ok", "Err", "Default",
];

impl Scope {
    /// The scope of the `types` module of `api`.
    pub fn for_types(api: &Api) -> Scope {
        let shadowed = api
            .types
            .iter()
            .any(|t| PRELUDE_NAMES.contains(&crate::names::bare(&t.name)));
        Scope::Types { short: !shadowed }
    }

    fn short(self) -> bool {
        matches!(self, Scope::Types { short: true })
    }

    /// A crate re-exported by the runtime (`serde`, `serde_json`, `chrono`): imported by
    /// name in `types` (see [`TYPES_IMPORTS`]), through the runtime path at the include site.
    pub(crate) fn dependency(self, name: &str, runtime: &Runtime) -> TokenStream {
        match self {
            Scope::Types { .. } => {
                let name = Ident::new(name, Span::call_site());
                quote!(#name)
            }
            Scope::Root => runtime.item(name),
        }
    }

    /// `Option<inner>`.
    pub(crate) fn option(self, inner: TokenStream) -> TokenStream {
        if self.short() {
            quote!(Option<#inner>)
        } else {
            quote!(::std::option::Option<#inner>)
        }
    }

    /// `Box<inner>`.
    pub(crate) fn boxed(self, inner: TokenStream) -> TokenStream {
        if self.short() {
            quote!(Box<#inner>)
        } else {
            quote!(::std::boxed::Box<#inner>)
        }
    }

    /// `Self::default()` (the trait is out of scope where a generated type is named `Default`).
    pub(crate) fn self_default(self) -> TokenStream {
        if self.short() {
            quote!(Self::default())
        } else {
            quote!(<Self as ::std::default::Default>::default())
        }
    }

    /// `Box::new`.
    pub(crate) fn box_new(self) -> TokenStream {
        if self.short() {
            quote!(Box::new)
        } else {
            quote!(::std::boxed::Box::new)
        }
    }

    /// `String`.
    pub(crate) fn string(self) -> TokenStream {
        if self.short() {
            quote!(String)
        } else {
            quote!(::std::string::String)
        }
    }

    /// `Result`, to be followed by its arguments or `::Ok(…)`.
    pub(crate) fn result(self) -> TokenStream {
        if self.short() {
            quote!(Result)
        } else {
            quote!(::std::result::Result)
        }
    }

    /// `Some`, as a pattern or constructor.
    pub(crate) fn some(self) -> TokenStream {
        if self.short() {
            quote!(Some)
        } else {
            quote!(::std::option::Option::Some)
        }
    }

    /// `None`, as a value.
    pub(crate) fn none(self) -> TokenStream {
        if self.short() {
            quote!(None)
        } else {
            quote!(::std::option::Option::None)
        }
    }

    /// `Ok`, as a constructor.
    pub(crate) fn ok(self) -> TokenStream {
        if self.short() {
            quote!(Ok)
        } else {
            quote!(::std::result::Result::Ok)
        }
    }

    /// `Err`, as a constructor.
    pub(crate) fn err(self) -> TokenStream {
        if self.short() {
            quote!(Err)
        } else {
            quote!(::std::result::Result::Err)
        }
    }

    /// `Option::is_none` as the text of a `skip_serializing_if` argument.
    pub(crate) fn is_none_path(self) -> &'static str {
        if self.short() {
            "Option::is_none"
        } else {
            "::std::option::Option::is_none"
        }
    }
}

/// `#[cfg(feature = "a")]`, or `#[cfg(any(feature = "a", feature = "b"))]` for several.
pub(crate) fn cfg_attr(features: &[String]) -> TokenStream {
    match features {
        [one] => quote!(#[cfg(feature = #one)]),
        several => quote!(#[cfg(any(#(feature = #several),*))]),
    }
}

/// Every item of `items` under `cfg` (per-tag features gate each item of a type: the type,
/// its impls, its macro call).
pub(crate) fn gate_items(items: TokenStream, cfg: &TokenStream) -> TokenStream {
    match syn::parse2::<syn::File>(items.clone()) {
        Ok(file) => {
            let items = file.items;
            quote!(#(#cfg #items)*)
        }
        // Emitted items always parse (the formatter would reject them otherwise).
        Err(_) => items,
    }
}

/// The Rust type for `ty`, spelled for `scope` (the form every generated signature uses, so
/// code written against the client, such as the conformance harness, names types alike).
pub fn type_tokens(ty: &TypeRef, scope: Scope, runtime: &Runtime) -> TokenStream {
    match ty {
        TypeRef::String => scope.string(),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U8 => quote!(u8),
        TypeRef::U16 => quote!(u16),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::DateTime(_) => {
            let chrono = scope.dependency("chrono", runtime);
            quote!(#chrono::DateTime<#chrono::Utc>)
        }
        TypeRef::Date => {
            let chrono = scope.dependency("chrono", runtime);
            quote!(#chrono::NaiveDate)
        }
        TypeRef::Base64 => match scope {
            Scope::Types { .. } => quote!(runtime::Base64Bytes),
            Scope::Root => runtime.item("Base64Bytes"),
        },
        TypeRef::Json => {
            let serde_json = scope.dependency("serde_json", runtime);
            quote!(#serde_json::Value)
        }
        TypeRef::Upload => runtime.item("Upload"),
        TypeRef::Array(item) => {
            let item = type_tokens(item, scope, runtime);
            if scope.short() {
                quote!(Vec<#item>)
            } else {
                quote!(::std::vec::Vec<#item>)
            }
        }
        TypeRef::Map(value) => {
            let value = type_tokens(value, scope, runtime);
            let key = scope.string();
            quote!(::std::collections::BTreeMap<#key, #value>)
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Types { .. } => quote!(#name),
                Scope::Root => quote!(types::#name),
            }
        }
    }
}

/// An identifier from a model name, which [`crate::names`] has already sanitized (`r#type`
/// becomes a raw identifier).
///
/// # Panics
///
/// On text that is not an identifier, which the model never holds.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_paths() {
        for good in [
            "::specweave_runtime",
            "crate::runtime",
            "::my_sdk::rt",
            "rt",
        ] {
            assert_eq!(
                Runtime::at(good).map(|r| r.as_str().to_owned()),
                Ok(good.to_owned())
            );
        }
        for bad in [
            "",
            "::",
            "my-runtime",
            "::a::<T>",
            "a::b::",
            "a b",
            "r#type",
            "::ünï",
        ] {
            let error = Runtime::at(bad).unwrap_err();
            assert!(error.contains("is not a Rust path"), "{bad}: {error}");
        }
        assert_eq!(
            Runtime::default().item("__private::Request").to_string(),
            ":: specweave_runtime :: __private :: Request"
        );
    }
}
