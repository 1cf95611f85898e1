//! Stage 3: the model → a token stream (with `quote!`).
//!
//! The generated file is meant to be `include!`d at a module that also declares the runtime as
//! a sibling module named `runtime`. It contains no inner attributes (not allowed in
//! `include!`d files) and refers to the runtime as `runtime::…` at the include site and
//! `super::runtime::…` inside `types`.

pub(crate) mod client;
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

/// The whole generated module.
pub fn emit(api: &Api) -> Emitted {
    let docs = DocTable::default();
    let tokens = emit_module(api, &docs);
    Emitted {
        tokens,
        docs: docs.into_blocks(),
    }
}

fn emit_module(api: &Api, docs: &DocTable) -> TokenStream {
    let scope = Scope::for_types(api);
    let type_items = api
        .types
        .iter()
        .map(|def| types::emit_type(def, docs, scope));
    let prelude = prelude(api);
    let client = client::emit_client(api, docs);
    quote! {
        #prelude

        /// Request and response types generated from the spec's schemas and operations.
        pub mod types {
            #(#type_items)*
        }

        #client
    }
}

/// The doc line of the `types` module.
pub(crate) const TYPES_MODULE_DOC: &str =
    "/// Request and response types generated from the spec's schemas and operations.";

/// The re-exports at the top of the module.
pub(crate) fn prelude(api: &Api) -> TokenStream {
    // A glob of an empty module would be an unused import.
    let reexport_types = (!api.types.is_empty()).then(|| {
        quote!(
            pub use types::*;
        )
    });
    quote! {
        pub use runtime::{ApiError, Client, ClientBuilder, Error, RetryPolicy};
        #reexport_types
    }
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

/// Prelude names the `types` module writes unqualified when no type there takes them.
pub(crate) const PRELUDE_NAMES: &[&str] = &[
    "Option", "Some", "None", "String", "Vec", "Box", "Result", "Ok", "Err",
];

impl Scope {
    /// The scope of the `types` module of `api`.
    pub(crate) fn for_types(api: &Api) -> Scope {
        let shadowed = api
            .types
            .iter()
            .any(|t| PRELUDE_NAMES.contains(&crate::names::bare(&t.name)));
        Scope::Types { short: !shadowed }
    }

    fn short(self) -> bool {
        matches!(self, Scope::Types { short: true })
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

/// The Rust type for `ty`, spelled for `scope` (the form every generated signature uses, so
/// code written against the client, such as the conformance harness, names types alike).
pub fn type_tokens(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::String => scope.string(),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::DateTime(_) => quote!(::chrono::DateTime<::chrono::Utc>),
        TypeRef::Date => quote!(::chrono::NaiveDate),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Array(item) => {
            let item = type_tokens(item, scope);
            if scope.short() {
                quote!(Vec<#item>)
            } else {
                quote!(::std::vec::Vec<#item>)
            }
        }
        TypeRef::Map(value) => {
            let value = type_tokens(value, scope);
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
