//! The constructor and setters of a generated struct under [`ApiShape::Evolving`]
//! (`#[non_exhaustive]` structs, which callers outside the crate cannot build with a literal).
//!
//! `new` takes every required field, in declaration order, and starts the optional ones as
//! `None`; each optional field gets a by-value setter named after it (see
//! [`crate::model::setter_names`]). Every value is taken as `impl Into<T>`, which every
//! field type accepts (`T: Into<T>`), and lets callers pass `&str` for a `String`, a `T`
//! for a `Box<T>`, an array for a `Vec<T>` or a map.
//!
//! [`ApiShape::Evolving`]: crate::model::ApiShape::Evolving

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{ident, DocTable, Scope};

/// Arguments past which clippy's `too_many_arguments` fires.
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// One field as the builder methods see it.
pub(crate) struct Member {
    /// The field's Rust name.
    pub name: String,
    /// Its value type inside any `Option` (with the `Box` of a boxed field).
    pub ty: TokenStream,
    /// Whether the field is an `Option` (then it has a setter and starts as `None`).
    pub optional: bool,
}

/// `#[non_exhaustive]` under the evolving shape.
pub(crate) fn non_exhaustive(evolving: bool) -> Option<TokenStream> {
    evolving.then(|| quote!(#[non_exhaustive]))
}

/// `impl Name { new, setters }` for a struct with `members`; `default` says whether it
/// derives `Default` (a `new()` without arguments then needs no `Default` of its own).
pub(crate) fn builder_impl(
    name: &Ident,
    members: &[Member],
    default: bool,
    table: &DocTable,
    scope: Scope,
) -> TokenStream {
    let into = |ty: &TokenStream| quote!(impl ::std::convert::Into<#ty>);
    let required: Vec<&Member> = members.iter().filter(|m| !m.optional).collect();
    let args = required.iter().map(|m| {
        let arg = ident(&m.name);
        let ty = into(&m.ty);
        quote!(#arg: #ty)
    });
    let none = scope.none();
    let inits = members.iter().map(|m| {
        let field = ident(&m.name);
        if m.optional {
            quote!(#field: #none)
        } else {
            quote!(#field: #field.into())
        }
    });
    let new_doc = table.attr(new_docs(&required));
    let many = (required.len() > CLIPPY_MAX_ARGUMENTS)
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let without_default =
        (required.is_empty() && !default).then(|| quote!(#[allow(clippy::new_without_default)]));

    let setter_names = crate::model::setter_names(members.iter().map(|m| m.name.as_str()));
    let some = scope.some();
    // `..self` with nothing left to take would be a needless update.
    let rest = (members.len() > 1).then(|| quote!(..self));
    let setters = members
        .iter()
        .zip(&setter_names)
        .filter(|(m, _)| m.optional)
        .map(|(m, setter)| {
            let field = ident(&m.name);
            let setter_ident = ident(setter);
            let ty = into(&m.ty);
            let doc = table.line(format!(
                "Sets `{}` (starts as `None`).",
                crate::names::bare(&m.name)
            ));
            // `is_active(self, …)`: clippy expects `is_`, `as_`, `to_` and `from_` methods to
            // borrow `self` (or take none); it holds back on exported items only, and the
            // module may be included privately.
            let convention = ["is_", "as_", "to_", "from_"]
                .iter()
                .any(|prefix| crate::names::bare(setter).starts_with(prefix))
                .then(|| quote!(#[allow(clippy::wrong_self_convention)]));
            quote! {
                #doc
                #[must_use]
                #convention
                pub fn #setter_ident(self, value: #ty) -> Self {
                    Self { #field: #some(value.into()), #rest }
                }
            }
        });
    quote! {
        impl #name {
            #new_doc
            #many
            #without_default
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* }
            }
            #(#setters)*
        }
    }
}

fn new_docs(required: &[&Member]) -> Vec<String> {
    if required.is_empty() {
        return vec![
            "A value with every field `None`; set the ones to send with the setters.".to_owned(),
        ];
    }
    let names: Vec<String> = required
        .iter()
        .map(|m| format!("`{}`", crate::names::bare(&m.name)))
        .collect();
    vec![format!(
        "A value from its required fields ({}); the optional ones start as `None` and have \
         setters.",
        names.join(", ")
    )]
}
