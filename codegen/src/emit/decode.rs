//! A struct's `Deserialize`, written out rather than derived: one loop over the object's keys
//! through the runtime's `DecodeFields` (see `specweave_runtime`'s `de` module for why, and
//! for the rules it keeps: those of serde's derive for a JSON object). Its type parameters
//! are `__A` and `__D`, names no schema can take (type names are UpperCamelCase).

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::{ident, Scope};
use crate::model::{Codec, Presence, StructDef};

/// `impl DecodeFields` and `impl Deserialize` for the struct `name`.
pub(super) fn decode_impls(name: &Ident, def: &StructDef, scope: Scope) -> TokenStream {
    let (result, ok) = (scope.result(), scope.ok());
    let label = name.to_string();
    let wire_names: Vec<&str> = def.fields.iter().map(|f| f.wire_name.as_str()).collect();
    let slots: Vec<Ident> = (0..def.fields.len())
        .map(|i| Ident::new(&format!("f{i}"), Span::call_site()))
        .collect();
    // Each slot's type is inferred from the field it fills (`keys.required`, `flatten`):
    // spelled out, a map of maps would trip clippy's `type_complexity`.
    let none = scope.none();
    let declarations = slots.iter().map(|slot| quote!(let mut #slot = #none;));
    let some = scope.some();
    let arms = def
        .fields
        .iter()
        .zip(&slots)
        .enumerate()
        .map(|(index, (field, slot))| {
            let read = match (field.codec, field.presence.is_option()) {
                (Codec::Plain, _) => quote!(read),
                (Codec::DateTime(_), false) => quote!(read_date),
                (Codec::DateTime(_), true) => quote!(read_option_date),
                (Codec::NumberOrString, false) => quote!(read_number),
                (Codec::NumberOrString, true) => quote!(read_option_number),
            };
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            quote!(#index => runtime::#read(&mut map, &mut #slot),)
        });
    let values = def
        .fields
        .iter()
        .zip(&slots)
        .enumerate()
        .map(|(index, (field, slot))| {
            let field_name = ident(&field.name);
            match field.presence {
                Presence::Required => {
                    let index = proc_macro2::Literal::usize_unsuffixed(index);
                    quote!(#field_name: keys.required(#slot, #index)?,)
                }
                Presence::Optional | Presence::Nullable => quote!(#field_name: #slot.flatten(),),
            }
        });
    let read_entries = if def.fields.is_empty() {
        quote! {
            while map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                runtime::skip_value(&mut map)?;
            }
        }
    } else {
        // `Keys` finds a repeated key, so an arm only reads; one `?` for the whole match
        // rather than one per arm, as each is type-checked.
        quote! {
            const FIELDS: &[&str] = &[#(#wire_names),*];
            #(#declarations)*
            let mut keys = runtime::Keys::new(FIELDS);
            while let #some(field) = keys.next(&mut map)? {
                match field {
                    #(#arms)*
                    _ => runtime::skip_value(&mut map),
                }?;
            }
        }
    };
    quote! {
        impl runtime::DecodeFields for #name {
            const NAME: &'static str = #label;

            fn decode_fields<'de, __A: serde::de::MapAccess<'de>>(
                mut map: __A,
            ) -> #result<Self, __A::Error> {
                #read_entries
                #ok(Self { #(#values)* })
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> #result<Self, __D::Error> {
                runtime::decode_struct(deserializer)
            }
        }
    }
}
