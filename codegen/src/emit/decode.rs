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
    // A struct of `Option` fields only starts as its `Default` and reads each value straight
    // into its field; otherwise each field has a slot, checked for required fields at the end.
    let direct = def.default && def.fields.iter().all(|f| f.presence.is_option());
    let slots: Vec<Ident> = (0..def.fields.len())
        .map(|i| Ident::new(&format!("f{i}"), Span::call_site()))
        .collect();
    let places: Vec<TokenStream> = if direct {
        let fields = def.fields.iter().map(|f| ident(&f.name));
        fields.map(|field| quote!(value.#field)).collect()
    } else {
        slots.iter().map(|slot| quote!(#slot)).collect()
    };
    let arms = def
        .fields
        .iter()
        .zip(&places)
        .enumerate()
        .map(|(index, (field, place))| {
            let read = match (field.codec, field.presence.is_option()) {
                (Codec::Plain, false) => quote!(read),
                (Codec::Plain, true) => quote!(read_option),
                (Codec::DateTime(_), false) => quote!(read_date),
                (Codec::DateTime(_), true) => quote!(read_option_date),
                (Codec::NumberOrString, false) => quote!(read_number),
                (Codec::NumberOrString, true) => quote!(read_option_number),
            };
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            quote!(#index => keys.#read(&mut #place),)
        });
    let (start, finish) = if direct {
        {
            let default = scope.self_default();
            (quote!(let mut value = #default;), quote!(#ok(value)))
        }
    } else {
        // Each slot's type is inferred from the field it fills: spelled out, a map of maps
        // would trip clippy's `type_complexity`.
        let none = scope.none();
        let declarations = slots.iter().map(|slot| quote!(let mut #slot = #none;));
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
                    Presence::Optional | Presence::Nullable => quote!(#field_name: #slot,),
                }
            });
        (quote!(#(#declarations)*), quote!(#ok(Self { #(#values)* })))
    };
    let some = scope.some();
    let body = if def.fields.is_empty() {
        quote! {
            let mut keys = runtime::Keys::new(map, &[]);
            while keys.next_field()?.is_some() {
                keys.skip_value()?;
            }
            #ok(Self {})
        }
    } else {
        // `Keys` finds a repeated key, so an arm only reads; one `?` for the whole match
        // rather than one per arm, as each is type-checked.
        quote! {
            const FIELDS: &[&str] = &[#(#wire_names),*];
            #start
            let mut keys = runtime::Keys::new(map, FIELDS);
            while let #some(field) = keys.next_field()? {
                match field {
                    #(#arms)*
                    _ => keys.skip_value(),
                }?;
            }
            #finish
        }
    };
    quote! {
        impl runtime::DecodeFields for #name {
            const NAME: &'static str = #label;

            fn decode_fields<'de, __A: serde::de::MapAccess<'de>>(
                map: __A,
            ) -> #result<Self, __A::Error> {
                #body
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<__D: serde::Deserializer<'de>>(deserializer: __D) -> #result<Self, __D::Error> {
                runtime::decode_struct(deserializer)
            }
        }
    }
}
