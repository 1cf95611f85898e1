//! Model types → the `types` module's items.
//!
//! Std types are spelled short (`Option<String>`) unless a schema takes one of those names,
//! in which case every std path is absolute (see [`Scope`]). Derive macros live in the macro
//! namespace, which schemas cannot shadow, so `#[derive(Debug, Clone)]` stays short.

use proc_macro2::TokenStream;
use quote::quote;

use super::builders::{builder_impl, non_exhaustive, Member};
use super::{ident, type_tokens, DocTable, Runtime, Scope};
use crate::model::{
    ApiShape, Codec, DateTimeFormat, EnumDef, Field, HeadersDef, PartsDef, Placement, Presence,
    SerdeImpls, StatusesDef, StructDef, SuccessBody, TypeDef, TypeKind, UnionDef,
};

/// One named type, in the API `shape` (see [`ApiShape`]).
pub fn emit_type(
    def: &TypeDef,
    table: &DocTable,
    scope: Scope,
    rt: &Runtime,
    shape: ApiShape,
) -> TokenStream {
    let fallback = format!("The `{}` schema.", def.name);
    let docs = table.or(&def.docs, &fallback);
    let name = ident(&def.name);
    let evolving = shape.is_evolving();
    // Under the evolving shape, on every struct and enum, right before `pub struct`/`pub enum`.
    let ne = non_exhaustive(evolving);
    let item = match &def.kind {
        TypeKind::Struct(s) => emit_struct(&name, &docs, s, table, scope, rt, &ne),
        TypeKind::Enum(e) => emit_enum(&name, &docs, e, table, scope, &ne),
        TypeKind::Union(union) => emit_union(&name, &docs, union, table, scope, rt, &ne),
        TypeKind::Alias(target) => {
            let target = type_tokens(target, scope, rt);
            quote! { #docs pub type #name = #target; }
        }
        TypeKind::Statuses(statuses) => {
            emit_statuses(&name, &docs, statuses, table, scope, rt, &ne)
        }
        TypeKind::Parts(parts) => emit_parts(&name, &docs, parts, table, scope, rt, &ne),
        TypeKind::Headers(headers) => emit_headers(&name, &docs, headers, table, scope, rt, &ne),
    };
    if !evolving {
        return item;
    }
    let builders = match &def.kind {
        TypeKind::Struct(s) => {
            let members: Vec<Member> = s.fields.iter().map(|f| member(f, scope, rt)).collect();
            builder_impl(&name, &members, s.default, table, scope)
        }
        TypeKind::Parts(parts) => {
            let members: Vec<Member> = parts
                .parts
                .iter()
                .map(|part| member(&part.field, scope, rt))
                .collect();
            builder_impl(&name, &members, parts.default, table, scope)
        }
        TypeKind::Headers(headers) => {
            let members: Vec<Member> = headers
                .fields
                .iter()
                .map(|field| Member {
                    name: field.name.clone(),
                    ty: type_tokens(&field.ty, scope, rt),
                    optional: true,
                })
                .collect();
            builder_impl(&name, &members, true, table, scope)
        }
        _ => TokenStream::new(),
    };
    quote!(#item #builders)
}

/// A struct field as the builder methods take it.
fn member(field: &Field, scope: Scope, rt: &Runtime) -> Member {
    let mut ty = type_tokens(&field.ty, scope, rt);
    if field.boxed {
        ty = scope.boxed(ty);
    }
    Member {
        name: field.name.clone(),
        ty,
        optional: field.presence.is_option(),
    }
}

/// An operation's declared response headers: a plain struct of `Option`s (read by the
/// `_with_headers` method, so no serde derives).
fn emit_headers(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    headers: &HeadersDef,
    table: &DocTable,
    scope: Scope,
    rt: &Runtime,
    ne: &Option<TokenStream>,
) -> TokenStream {
    let fields = headers.fields.iter().map(|field| {
        let docs = table.or(&field.docs, "");
        let field_name = ident(&field.name);
        let ty = scope.option(type_tokens(&field.ty, scope, rt));
        quote! {
            #docs
            pub #field_name: #ty,
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Default)]
        #ne pub struct #name {
            #(#fields)*
        }
    }
}

/// A method's result by status: a plain enum (decoded by the status, so no serde derives).
fn emit_statuses(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    statuses: &StatusesDef,
    table: &DocTable,
    scope: Scope,
    rt: &Runtime,
    ne: &Option<TokenStream>,
) -> TokenStream {
    let variants = statuses.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let doc = table.attr(v.docs.clone());
        let ty = match &v.body {
            Some(SuccessBody::Json(ty)) => type_tokens(ty, scope, rt),
            Some(SuccessBody::Text) => quote!(::std::string::String),
            Some(SuccessBody::Bytes) => rt.item("bytes::Bytes"),
            None => return quote!(#doc #variant,),
        };
        quote!(#doc #variant(#ty),)
    });
    // A return value, matched on at once: boxing a large body would only burden the caller.
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        #ne pub enum #name {
            #(#variants)*
        }
    }
}

/// A multipart body's parts: a plain struct (uploads are neither `Clone` nor serde values;
/// the method assembles the parts).
fn emit_parts(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    def: &PartsDef,
    table: &DocTable,
    scope: Scope,
    rt: &Runtime,
    ne: &Option<TokenStream>,
) -> TokenStream {
    let default = def.default.then(|| quote!(Default,));
    let fields = def.parts.iter().map(|part| {
        let field = &part.field;
        let fallback = format!("The `{}` part.", field.wire_name.replace('`', "'"));
        let docs = table.or(&field.docs, &fallback);
        let name = ident(&field.name);
        let mut ty = type_tokens(&field.ty, scope, rt);
        if field.presence.is_option() {
            ty = scope.option(ty);
        }
        quote!(#docs pub #name: #ty,)
    });
    quote! {
        #docs
        #[derive(Debug, #default)]
        #ne pub struct #name {
            #(#fields)*
        }
    }
}

fn emit_struct(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    def: &StructDef,
    table: &DocTable,
    scope: Scope,
    rt: &Runtime,
    ne: &Option<TokenStream>,
) -> TokenStream {
    let default = def.default.then(|| quote!(Default,));
    let fields = def
        .fields
        .iter()
        .map(|f| emit_field(f, def.serde.serialize, table, scope, rt));
    // `Deserialize` is written out (`decode_impls`): the derive costs twice the compile time.
    let (serialize, serde_crate) = if def.serde.serialize {
        (quote!(serde::Serialize), quote!(#[serde(crate = "serde")]))
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    let deserialize = def
        .serde
        .deserialize
        .then(|| super::decode::decode_impls(name, def, scope));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default #serialize)]
        #serde_crate
        #ne pub struct #name {
            #(#fields)*
        }

        #deserialize
    }
}

/// The serde derives a type gets (at least one: lowering gives a type it could not place
/// both). The attribute `#[serde(crate = "serde")]` that goes with them points them at the
/// runtime's serde, which `types` imports as `serde` (the crate that includes the code need
/// not depend on serde itself).
fn serde_derives(impls: SerdeImpls) -> Vec<TokenStream> {
    let mut derives = Vec::with_capacity(2);
    if impls.serialize {
        derives.push(quote!(serde::Serialize));
    }
    if impls.deserialize {
        derives.push(quote!(serde::Deserialize));
    }
    derives
}

/// A struct field, with the attributes serde's `Serialize` derive reads when the struct is
/// `serialized` (decoding is written out by `decode_impls`, which reads the model itself).
fn emit_field(
    field: &Field,
    serialized: bool,
    table: &DocTable,
    scope: Scope,
    rt: &Runtime,
) -> TokenStream {
    let fallback = format!("`{}`", field.wire_name.replace('`', "'"));
    let docs = table.or(&field.docs, &fallback);
    let name = ident(&field.name);
    let mut ty = type_tokens(&field.ty, scope, rt);
    if field.boxed {
        ty = scope.boxed(ty);
    }
    let option = field.presence.is_option();
    if option {
        ty = scope.option(ty);
    }

    let mut serde_args: Vec<TokenStream> = Vec::new();
    if serialized {
        if crate::names::bare(&field.name) != field.wire_name {
            let wire = &field.wire_name;
            serde_args.push(quote!(rename = #wire));
        }
        match (field.placement, field.presence) {
            (Placement::Method, _) => serde_args.push(quote!(skip_serializing)),
            (Placement::Serialized, Presence::Optional) => {
                let is_none = scope.is_none_path();
                serde_args.push(quote!(skip_serializing_if = #is_none));
            }
            (Placement::Serialized, Presence::Required | Presence::Nullable) => {}
        }
        // The runtime's date-time helpers come in a plain and an `Option` flavour (numbers
        // that may arrive as strings are written as plain numbers).
        let with = match (field.codec, option) {
            (Codec::Plain | Codec::NumberOrString, _) => None,
            (Codec::DateTime(DateTimeFormat::Rfc3339), false) => Some("rfc3339"),
            (Codec::DateTime(DateTimeFormat::Rfc3339), true) => Some("rfc3339_option"),
            (Codec::DateTime(DateTimeFormat::Rfc2822), false) => Some("rfc2822"),
            (Codec::DateTime(DateTimeFormat::Rfc2822), true) => Some("rfc2822_option"),
        };
        if let Some(module) = with {
            let path = format!("runtime::{module}");
            serde_args.push(quote!(with = #path));
        }
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
    ne: &Option<TokenStream>,
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
        #ne pub enum #name {
            #( #variant_docs #variants, )*
            /// A value not listed in the spec, kept verbatim.
            #fallback(#string),
        }

        impl #name {
            /// Each known value and its wire form.
            const VALUES: &'static [(Self, &'static str)] = &[#( (Self::#variants, #wires), )*];
        }

        string_enum_impls!(#name, #fallback);
    }
}

fn emit_union(
    name: &proc_macro2::Ident,
    docs: &TokenStream,
    union: &UnionDef,
    table: &DocTable,
    scope: Scope,
    rt: &Runtime,
    ne: &Option<TokenStream>,
) -> TokenStream {
    let variants = &union.variants;
    let arms: Vec<TokenStream> = variants
        .iter()
        .map(|v| {
            let variant = ident(&v.name);
            let mut ty = type_tokens(&v.ty, scope, rt);
            if v.boxed {
                ty = scope.boxed(ty);
            }
            let doc = table.line(format!("The `{}` alternative.", v.name));
            quote!(#doc #variant(#ty),)
        })
        .collect();
    let Some(property) = &union.tag else {
        let derives = serde_derives(union.serde);
        let decoded = union.serde.deserialize.then(|| {
            quote! {
                ///
                /// Decoded by trying each alternative in order; the first that fits wins.
            }
        });
        return quote! {
            #docs
            #decoded
            #[derive(Debug, Clone, PartialEq, #(#derives),*)]
            #[serde(crate = "serde")]
            #[serde(untagged)]
            #ne pub enum #name {
                #(#arms)*
            }
        };
    };
    // Selected by its tag when decoded: serde's derive only ever writes it.
    let (serialize, serde_attrs) = if union.serde.serialize {
        (
            vec![quote!(serde::Serialize)],
            quote! {
                #[serde(crate = "serde")]
                #[serde(untagged)]
            },
        )
    } else {
        (Vec::new(), TokenStream::new())
    };
    if !union.serde.deserialize {
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq #(, #serialize)*)]
            #serde_attrs
            #ne pub enum #name {
                #(#arms)*
            }
        };
    }
    let serde = quote!(serde);
    let serde_json = quote!(serde_json);
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
            #(#some(#values))|* => #serde_json::from_value(value).map(#wrap),
        }
    });
    let (result, err) = (scope.result(), scope.err());
    let fallback = if union.tag_implied {
        // Each alternative in order, as an untagged union.
        let tries = variants.iter().map(|v| {
            let variant = ident(&v.name);
            let wrap = if v.boxed {
                let box_new = scope.box_new();
                quote!(|inner| Self::#variant(#box_new(inner)))
            } else {
                quote!(Self::#variant)
            };
            let ok = scope.ok();
            quote! {
                if let #ok(decoded) = #serde_json::from_value(value.clone()).map(#wrap) {
                    return #ok(decoded);
                }
            }
        });
        quote!({
            let _ = other;
            #(#tries)*
            return #err(#serde::de::Error::custom(::std::format!(
                "data did not match any alternative of `{}`", ::std::stringify!(#name)
            )))
        })
    } else {
        quote!({
            return #err(#serde::de::Error::custom(::std::format!(
                "unknown `{}` value {:?}", #property, other
            )))
        })
    };
    let doc = if union.tag_implied {
        table.line(format!(
            "Decoded by its `{property}` property; without a value an alternative lists, by trying each alternative in order."
        ))
    } else {
        table.line(format!("Decoded by its `{property}` property."))
    };
    quote! {
        #docs
        ///
        #doc
        #[derive(Debug, Clone, PartialEq #(, #serialize)*)]
        #serde_attrs
        #ne pub enum #name {
            #(#arms)*
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<__D: #serde::Deserializer<'de>>(deserializer: __D) -> #result<Self, __D::Error> {
                let value = <#serde_json::Value as #serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(#serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                let decoded = match tag.as_deref() {
                    #(#cases)*
                    other => #fallback
                };
                decoded.map_err(#serde::de::Error::custom)
            }
        }
    }
}

/// The top of the `types` module: its imports from the runtime ([`super::TYPES_IMPORTS`]), and
/// when it has string enums, `macro_rules! string_enum_impls`: `as_str` and `From<&str>` from
/// each enum's table of values (`VALUES`), and `Display`, `FromStr`, `Serialize` and
/// `Deserialize` from those, one line per enum instead of fifty identical ones. The macro lives in the generated code rather
/// than in the runtime so that it reaches serde through the imports (a `$crate` path would not
/// survive inlining the runtime into a standalone crate).
/// Under per-tag features (`gated`) every enum may be compiled out, and the macro with them.
pub fn types_prelude(rt: &Runtime, with_enum_macro: bool, gated: bool) -> TokenStream {
    let imports = rt.item(super::TYPES_IMPORTS);
    let serde = quote!(serde);
    let allow = gated.then(|| quote!(#[allow(unused_macros)]));
    let enum_macro = with_enum_macro.then(|| quote! {
        #allow
        macro_rules! string_enum_impls {
            ($name:ident, $fallback:ident) => {
                impl $name {
                    /// The value as written on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            Self::$fallback(value) => value,
                            known => runtime::enum_wire(Self::VALUES, known),
                        }
                    }
                }

                impl ::std::convert::From<&str> for $name {
                    fn from(value: &str) -> Self {
                        runtime::enum_from_wire(Self::VALUES, value)
                            .unwrap_or_else(|| Self::$fallback(::std::string::String::from(value)))
                    }
                }

                impl ::std::fmt::Display for $name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl ::std::str::FromStr for $name {
                    type Err = ::std::convert::Infallible;
                    fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                        ::std::result::Result::Ok(Self::from(value))
                    }
                }

                impl #serde::Serialize for $name {
                    fn serialize<S: #serde::Serializer>(
                        &self,
                        serializer: S,
                    ) -> ::std::result::Result<S::Ok, S::Error> {
                        serializer.serialize_str(self.as_str())
                    }
                }

                impl<'de> #serde::Deserialize<'de> for $name {
                    fn deserialize<D: #serde::Deserializer<'de>>(
                        deserializer: D,
                    ) -> ::std::result::Result<Self, D::Error> {
                        let value = <::std::string::String as #serde::Deserialize>::deserialize(deserializer)?;
                        ::std::result::Result::Ok(Self::from(value.as_str()))
                    }
                }
            };
        }
    });
    quote! {
        // A spec may use only some of them (no date-times, no untyped values).
        #[allow(unused_imports)]
        use #imports;
        #enum_macro
    }
}
