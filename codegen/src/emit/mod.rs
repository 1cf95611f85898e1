//! Stage 3: the model → a token stream (with `quote!`).
//!
//! The generated file is meant to be `include!`d at a module that also declares the runtime as
//! a sibling module named `runtime`. It contains no inner attributes (not allowed in
//! `include!`d files) and refers to the runtime as `runtime::…` at the include site and
//! `super::runtime::…` inside `types`.

mod client;
mod types;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::{Api, TypeRef};

/// The whole generated module.
pub fn emit(api: &Api) -> TokenStream {
    let type_items = api.types.iter().map(types::emit_type);
    let client = client::emit_client(api);
    // A glob of an empty module would be an unused import.
    let reexport_types = (!api.types.is_empty()).then(|| {
        quote!(
            pub use types::*;
        )
    });
    quote! {
        pub use runtime::{ApiError, Client, ClientBuilder, Error, RetryPolicy};
        #reexport_types

        /// Request and response types generated from the spec's schemas and operations.
        pub mod types {
            #(#type_items)*
        }

        #client
    }
}

/// Where a type reference is written from.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Inside the `types` module.
    Types,
    /// At the include site (client methods).
    Root,
}

/// The Rust type for `ty`.
pub(crate) fn type_tokens(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::String => quote!(::std::string::String),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::DateTime(_) => quote!(::chrono::DateTime<::chrono::Utc>),
        TypeRef::Date => quote!(::chrono::NaiveDate),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::Array(item) => {
            let item = type_tokens(item, scope);
            quote!(::std::vec::Vec<#item>)
        }
        TypeRef::Map(value) => {
            let value = type_tokens(value, scope);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Root => quote!(types::#name),
            }
        }
    }
}

/// An identifier from a sanitized name (`r#type` becomes a raw identifier).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc]` attributes, one per line (prettyplease prints them as `///`), or `fallback` when
/// the spec gives no text.
pub(crate) fn doc_attrs(lines: &[String], fallback: &str) -> TokenStream {
    let fallback_line = [fallback.to_owned()];
    let lines = if lines.is_empty() {
        &fallback_line[..]
    } else {
        lines
    };
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}
