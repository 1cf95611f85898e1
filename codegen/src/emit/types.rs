//! Model types → the `types` module's items.
//!
//! Std types are spelled short (`Option<String>`) unless a schema takes one of those names,
//! in which case every std path is absolute (see [`Scope`]). Derive macros live in the macro
//! namespace, which schemas cannot shadow, so `#[derive(Debug, Clone)]` stays short.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, type_tokens, DocTable, Scope};
use crate::model::{
    Codec, DateTimeFormat, EnumDef, Field, Placement, Presence, StructDef, TypeDef, TypeKind,
    UnionDef,
};

/// One named type.
pub fn emit_type(def: &TypeDef, table: &DocTable, scope: Scope) -> TokenStream {
    let fallback = format!("The `{}` schema.", def.name);
    let docs = table.or(&def.docs, &fallback);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(&name, &docs, s, table, scope),
        TypeKind::Enum(e) => emit_enum(&name, &docs, e, table, scope),
        TypeKind::Union(union) => emit_union(&name, &docs, union, table, scope),
        TypeKind::Alias(target) => {
            let target = type_tokens(target, scope);
            quote! { #docs pub type #name = #target; }
        }
    }
}

fn emit_struct(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    def: &StructDef,
    table: &DocTable,
    scope: Scope,
) -> TokenStream {
    let default = def.default.then(|| quote!(Default,));
    let fields = def.fields.iter().map(|f| emit_field(f, table, scope));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn emit_field(field: &Field, table: &DocTable, scope: Scope) -> TokenStream {
    let fallback = format!("`{}`", field.wire_name.replace('`', "'"));
    let docs = table.or(&field.docs, &fallback);
    let name = ident(&field.name);
    let mut ty = type_tokens(&field.ty, scope);
    if field.boxed {
        ty = scope.boxed(ty);
    }
    let option = field.presence.is_option();
    if option {
        ty = scope.option(ty);
    }

    let mut serde_args: Vec<TokenStream> = Vec::new();
    if crate::names::bare(&field.name) != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    // The runtime's helpers come in a plain and an `Option` flavour.
    let (with, deserialize_with) = match (field.codec, option) {
        (Codec::Plain, _) => (None, None),
        (Codec::DateTime(DateTimeFormat::Rfc3339), false) => (Some("rfc3339"), None),
        (Codec::DateTime(DateTimeFormat::Rfc3339), true) => (Some("rfc3339_option"), None),
        (Codec::DateTime(DateTimeFormat::Rfc2822), false) => (Some("rfc2822"), None),
        (Codec::DateTime(DateTimeFormat::Rfc2822), true) => (Some("rfc2822_option"), None),
        (Codec::NumberOrString, false) => (None, Some("f64_or_string")),
        (Codec::NumberOrString, true) => (None, Some("option_f64_or_string")),
    };
    // With a helper, serde no longer treats a missing field as `None` by itself; a nullable
    // field that is missing reads as `None` too, as `null` would.
    if option && (field.codec != Codec::Plain || field.presence == Presence::Nullable) {
        serde_args.push(quote!(default));
    }
    match (field.placement, field.presence) {
        (Placement::Header, _) => serde_args.push(quote!(skip_serializing)),
        (Placement::Serialized, Presence::Optional) => {
            let is_none = scope.is_none_path();
            serde_args.push(quote!(skip_serializing_if = #is_none));
        }
        (Placement::Serialized, Presence::Required | Presence::Nullable) => {}
    }
    if let Some(module) = with {
        let path = format!("super::runtime::datetime::{module}");
        serde_args.push(quote!(with = #path));
    }
    if let Some(function) = deserialize_with {
        let path = format!("super::runtime::number::{function}");
        serde_args.push(quote!(deserialize_with = #path));
    }
    let serde_attr = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    quote! {
        #docs
        #serde_attr
        pub #name: #ty,
    }
}

fn emit_enum(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    def: &EnumDef,
    table: &DocTable,
    scope: Scope,
) -> TokenStream {
    let fallback = ident(&def.fallback);
    let variants: Vec<_> = def.variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&str> = def.variants.iter().map(|v| v.wire_value.as_str()).collect();
    let variant_docs: Vec<TokenStream> = wires
        .iter()
        .map(|w| table.line(format!("`{}`", w.replace('`', "'"))))
        .collect();
    let string = scope.string();
    quote! {
        #docs
        ///
        /// Values this client does not know are kept in the catch-all variant, so a new
        /// server value never breaks decoding.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value not listed in the spec, kept verbatim.
            #fallback(#string),
        }

        impl #name {
            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::#fallback(value) => value,
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::#fallback(#string::from(other)),
                }
            }
        }

        super::runtime::string_enum_impls!(#name);
    }
}

fn emit_union(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    union: &UnionDef,
    table: &DocTable,
    scope: Scope,
) -> TokenStream {
    let variants = &union.variants;
    let arms: Vec<TokenStream> = variants
        .iter()
        .map(|v| {
            let variant = ident(&v.name);
            let mut ty = type_tokens(&v.ty, scope);
            if v.boxed {
                ty = scope.boxed(ty);
            }
            let doc = table.line(format!("The `{}` alternative.", v.name));
            quote!(#doc #variant(#ty),)
        })
        .collect();
    let Some(property) = &union.tag else {
        return quote! {
            #docs
            ///
            /// Decoded by trying each alternative in order; the first that fits wins.
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#arms)*
            }
        };
    };
    let cases = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let values = v.discriminator.iter().flat_map(|d| d.values.iter());
        let wrap = if v.boxed {
            let box_new = scope.box_new();
            quote!(|inner| Self::#variant(#box_new(inner)))
        } else {
            quote!(Self::#variant)
        };
        let some = scope.some();
        quote! {
            #(#some(#values))|* => ::serde_json::from_value(value).map(#wrap),
        }
    });
    let doc = table.line(format!("Decoded by its `{property}` property."));
    let (result, err) = (scope.result(), scope.err());
    quote! {
        #docs
        ///
        #doc
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#arms)*
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                let decoded = match tag.as_deref() {
                    #(#cases)*
                    other => {
                        return #err(::serde::de::Error::custom(::std::format!(
                            "unknown `{}` value {:?}", #property, other
                        )))
                    }
                };
                decoded.map_err(::serde::de::Error::custom)
            }
        }
    }
}
