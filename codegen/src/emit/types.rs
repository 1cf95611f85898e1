//! Model types → the `types` module's items.
//!
//! Every std path is absolute (`::std::option::Option`) so a schema named `Option`, `String`
//! or `Vec` cannot shadow what the generated code means. Derive macros live in the macro
//! namespace, which schemas cannot shadow, so `#[derive(Debug, Clone)]` stays short.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_attrs, ident, type_tokens, Scope};
use crate::model::{
    DateTimeFormat, EnumDef, Field, StructDef, TypeDef, TypeKind, TypeRef, UnionVariant,
};

/// One named type.
pub fn emit_type(def: &TypeDef) -> TokenStream {
    let fallback = format!("The `{}` schema.", def.name);
    let docs = doc_attrs(&def.docs, &fallback);
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(&name, &docs, s),
        TypeKind::Enum(e) => emit_enum(&name, &docs, e),
        TypeKind::Union(variants) => emit_union(&name, &docs, variants),
        TypeKind::Alias(target) => {
            let target = type_tokens(target, Scope::Types);
            quote! { #docs pub type #name = #target; }
        }
    }
}

fn emit_struct(name: &proc_macro2::Ident, docs: &TokenStream, def: &StructDef) -> TokenStream {
    let default = def.default.then(|| quote!(Default,));
    let fields = def.fields.iter().map(emit_field);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn emit_field(field: &Field) -> TokenStream {
    let fallback = format!("`{}`", field.wire_name.replace('`', "'"));
    let docs = doc_attrs(&field.docs, &fallback);
    let name = ident(&field.name);
    let mut ty = type_tokens(&field.ty, Scope::Types);
    if field.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    if field.optional {
        ty = quote!(::std::option::Option<#ty>);
    }

    let mut serde_args: Vec<TokenStream> = Vec::new();
    if field.name.trim_start_matches("r#") != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote!(rename = #wire));
    }
    let with = match (&field.ty, field.optional) {
        (TypeRef::DateTime(DateTimeFormat::Rfc3339), false) => Some("rfc3339"),
        (TypeRef::DateTime(DateTimeFormat::Rfc3339), true) => Some("rfc3339_option"),
        (TypeRef::DateTime(DateTimeFormat::Rfc2822), false) => Some("rfc2822"),
        (TypeRef::DateTime(DateTimeFormat::Rfc2822), true) => Some("rfc2822_option"),
        _ => None,
    };
    // Numbers may arrive as strings (Twilio's `price`); only plain `f64` fields are lenient.
    let lenient_number = match (&field.ty, field.optional) {
        (TypeRef::F64, false) => Some("f64_or_string"),
        (TypeRef::F64, true) => Some("option_f64_or_string"),
        _ => None,
    };
    if field.optional && (with.is_some() || lenient_number.is_some() || field.send_null) {
        // With `with`, serde no longer treats a missing field as `None` by itself.
        serde_args.push(quote!(default));
    }
    if field.skip_serializing {
        serde_args.push(quote!(skip_serializing));
    } else if field.optional && !field.send_null {
        serde_args.push(quote!(
            skip_serializing_if = "::std::option::Option::is_none"
        ));
    }
    if let Some(module) = with {
        let path = format!("super::runtime::datetime::{module}");
        serde_args.push(quote!(with = #path));
    }
    if let Some(function) = lenient_number {
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

fn emit_enum(name: &proc_macro2::Ident, docs: &TokenStream, def: &EnumDef) -> TokenStream {
    let fallback = ident(&def.fallback);
    let variants: Vec<_> = def.variants.iter().map(|v| ident(&v.name)).collect();
    let wires: Vec<&str> = def.variants.iter().map(|v| v.wire_value.as_str()).collect();
    let variant_docs = wires.iter().map(|w| {
        let line = format!(" `{}`", w.replace('`', "'"));
        quote!(#[doc = #line])
    });
    quote! {
        #docs
        ///
        /// Values this client does not know are kept in the catch-all variant, so a new
        /// server value never breaks decoding.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value not listed in the spec, kept verbatim.
            #fallback(::std::string::String),
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

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #wires => Self::#variants, )*
                    other => Self::#fallback(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_str()))
            }
        }
    }
}

fn emit_union(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    variants: &[UnionVariant],
) -> TokenStream {
    let arms = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let mut ty = type_tokens(&v.ty, Scope::Types);
        if v.boxed {
            ty = quote!(::std::boxed::Box<#ty>);
        }
        let doc = format!(" The `{}` alternative.", v.name);
        quote!(#[doc = #doc] #variant(#ty),)
    });
    // With a discriminator on every alternative, the tag decides; otherwise the first
    // alternative that fits wins (serde's untagged enums).
    let property = variants
        .iter()
        .map(|v| v.discriminator.as_ref().map(|d| d.property.as_str()))
        .collect::<Option<Vec<_>>>()
        .and_then(|properties| properties.first().copied());
    let Some(property) = property else {
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
            quote!(|inner| Self::#variant(::std::boxed::Box::new(inner)))
        } else {
            quote!(Self::#variant)
        };
        quote! {
            #(::std::option::Option::Some(#values))|* => ::serde_json::from_value(value).map(#wrap),
        }
    });
    let doc = format!(" Decoded by its `{property}` property.");
    quote! {
        #docs
        ///
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#arms)*
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                let decoded = match tag.as_deref() {
                    #(#cases)*
                    other => {
                        return ::std::result::Result::Err(::serde::de::Error::custom(::std::format!(
                            "unknown `{}` value {:?}", #property, other
                        )))
                    }
                };
                decoded.map_err(::serde::de::Error::custom)
            }
        }
    }
}
