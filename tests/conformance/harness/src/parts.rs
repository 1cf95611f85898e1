//! A multipart body argument: the generated parts struct as a literal. Parts structs hold
//! `Upload`s, so they are not decoded from JSON as other bodies are; each field is built on
//! its own instead, from the model's [`PartsDef`]: file parts as small in-memory uploads
//! (one per item of an array), text and JSON parts decoded from the synthesized value of
//! their property, absent optional parts as `None`.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;
use specweave::emit::{ident, type_tokens, Scope};
use specweave::model::{Api, Body, Part, PartKind, TypeKind, TypeRef};

use crate::emit::body_value;
use crate::raw::{json_literal, RawOperation};
use crate::values::Fill;

/// `(let <arg> = <struct literal>;, <arg>)` for a multipart body.
pub(crate) fn parts_argument(
    api: &Api,
    body: &Body,
    raw: &RawOperation<'_>,
    fill: Fill,
) -> Result<(TokenStream, TokenStream), String> {
    let def = match &body.ty {
        TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
            Some(TypeKind::Parts(def)) => def,
            _ => return Err(format!("`{name}` is not a parts struct")),
        },
        other => return Err(format!("the body type {other:?} is not a parts struct")),
    };
    let value = body_value(raw, &body.encoding, fill)?;
    let empty = serde_json::Map::new();
    let properties = value.as_object().unwrap_or(&empty);
    let fields = def
        .parts
        .iter()
        .map(|part| field_value(part, properties.get(&part.field.wire_name)))
        .collect::<Result<Vec<_>, String>>()?;
    let arg = ident(&body.arg_name);
    let ty = type_tokens(&body.ty, Scope::Root, &specweave::Runtime::default());
    Ok((quote!(let #arg = #ty { #(#fields),* };), quote!(#arg)))
}

/// `<field>: <value>` for one part; `value` is its property's synthesized value.
fn field_value(part: &Part, value: Option<&Value>) -> Result<TokenStream, String> {
    let field = &part.field;
    let name = ident(&field.name);
    let value = value.filter(|value| !value.is_null());
    let option = field.presence.is_option();
    let built = match (&part.kind, value) {
        (_, None) if option => return Ok(quote!(#name: ::std::option::Option::None)),
        (PartKind::File, _) => {
            let upload = quote! {
                ::specweave_runtime::Upload::bytes(&b"specweave conformance"[..])
                    .file_name("conformance.bin")
            };
            if part.repeated {
                quote!(::std::vec![#upload])
            } else {
                upload
            }
        }
        (PartKind::Text(_) | PartKind::Json, Some(value)) => {
            let ty = type_tokens(&field.ty, Scope::Root, &specweave::Runtime::default());
            let what = format!("multipart part {}", field.wire_name);
            let json = json_literal(&value.to_string());
            quote!(crate::support::decode::<#ty>(#what, #json)?)
        }
        (PartKind::Text(_) | PartKind::Json, None) => {
            return Err(format!(
                "no value synthesized for the required part `{}`",
                field.wire_name
            ))
        }
    };
    Ok(if option {
        quote!(#name: ::std::option::Option::Some(#built))
    } else {
        quote!(#name: #built)
    })
}
