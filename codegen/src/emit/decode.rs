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
    // Each slot's type is inferred from the field it fills (`required`/`optional` below):
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
            let wire = &field.wire_name;
            let option = field.presence.is_option();
            let seed = match (field.codec, option) {
                (Codec::Plain, _) => None,
                (Codec::DateTime(_), false) => Some(quote!(runtime::DateTimeField)),
                (Codec::DateTime(_), true) => Some(quote!(runtime::OptionDateTimeField)),
                (Codec::NumberOrString, false) => Some(quote!(runtime::NumberOrStringField)),
                (Codec::NumberOrString, true) => Some(quote!(runtime::OptionNumberOrStringField)),
            };
            let read = match seed {
                None => quote!(runtime::next_value(&mut map, &mut #slot, #wire)),
                Some(seed) => quote!(runtime::next_value_seed(&mut map, &mut #slot, #wire, #seed)),
            };
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            quote!(#some(#index) => #read,)
        });
    let values = def.fields.iter().zip(&slots).map(|(field, slot)| {
        let field_name = ident(&field.name);
        let wire = &field.wire_name;
        match field.presence {
            Presence::Required => {
                quote!(#field_name: runtime::required::<_, __A::Error>(#slot, #wire)?,)
            }
            Presence::Optional | Presence::Nullable => {
                quote!(#field_name: runtime::optional(#slot),)
            }
        }
    });
    let read_entries = if def.fields.is_empty() {
        quote! {
            while map.next_key::<serde::de::IgnoredAny>()?.is_some() {
                runtime::skip_value(&mut map)?;
            }
        }
    } else {
        quote! {
            const FIELDS: &[&str] = &[#(#wire_names),*];
            #(#declarations)*
            // One `?` for the whole match rather than one per arm: each is type-checked.
            while let #some(field) = map.next_key_seed(runtime::FieldIndex(FIELDS))? {
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
