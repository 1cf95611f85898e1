//! `#[allow(clippy::type_complexity)]` on the generated items whose types clippy would call
//! too complex, so the output stays clean under `clippy -D warnings` whatever the spec
//! nests (an array of arrays nine deep is valid OpenAPI).
//!
//! The score is clippy's own (`clippy_lints/src/types/type_complexity.rs`): a named type,
//! slice, array or tuple adds ten times its nesting level and nests its arguments one level
//! deeper; a reference or pointer adds one without nesting; a function pointer adds fifty
//! times its level. Clippy lints a score above its threshold, 250 by default. The check
//! reads the types as spelled, so it holds for every emitter and every spec; the attribute
//! is added only where a type crosses the threshold, so usual output is unchanged.

use syn::{
    Field, Fields, GenericArgument, ImplItem, Item, PathArguments, ReturnType, Signature, Type,
};

/// Clippy's default `type-complexity-threshold`: a type scoring above it is linted.
const THRESHOLD: u64 = 250;

/// Adds the allow to each field, function and method of `items` (and of modules within)
/// whose type, or one of whose parameter or return types, scores above the threshold.
pub(crate) fn allow_complex_types(items: &mut [Item]) {
    for item in items {
        match item {
            Item::Struct(item) => fields(&mut item.fields),
            Item::Enum(item) => {
                for variant in &mut item.variants {
                    fields(&mut variant.fields);
                }
            }
            Item::Fn(item) if signature_is_complex(&item.sig) => item.attrs.push(allow()),
            Item::Impl(item) => {
                for member in &mut item.items {
                    if let ImplItem::Fn(method) = member {
                        if signature_is_complex(&method.sig) {
                            method.attrs.push(allow());
                        }
                    }
                }
            }
            Item::Mod(item) => {
                if let Some((_, items)) = &mut item.content {
                    allow_complex_types(items);
                }
            }
            _ => {}
        }
    }
}

fn fields(fields: &mut Fields) {
    let list: Box<dyn Iterator<Item = &mut Field>> = match fields {
        Fields::Named(named) => Box::new(named.named.iter_mut()),
        Fields::Unnamed(unnamed) => Box::new(unnamed.unnamed.iter_mut()),
        Fields::Unit => return,
    };
    for field in list {
        if score(&field.ty, 1) > THRESHOLD {
            field.attrs.push(allow());
        }
    }
}

fn signature_is_complex(signature: &Signature) -> bool {
    let output = match &signature.output {
        ReturnType::Type(_, ty) => Some(&**ty),
        ReturnType::Default => None,
    };
    signature
        .inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(pattern) => Some(&*pattern.ty),
            syn::FnArg::Receiver(_) => None,
        })
        .chain(output)
        .any(|ty| score(ty, 1) > THRESHOLD)
}

fn allow() -> syn::Attribute {
    syn::parse_quote!(#[allow(clippy::type_complexity)])
}

/// Clippy's complexity score of `ty` at nesting level `nest` (see the module docs).
fn score(ty: &Type, nest: u64) -> u64 {
    match ty {
        Type::Reference(reference) => 1 + score(&reference.elem, nest),
        Type::Ptr(pointer) => 1 + score(&pointer.elem, nest),
        Type::Infer(_) => 1,
        Type::Paren(inner) => score(&inner.elem, nest),
        Type::Group(inner) => score(&inner.elem, nest),
        Type::Slice(slice) => 10 * nest + score(&slice.elem, nest + 1),
        Type::Array(array) => 10 * nest + score(&array.elem, nest + 1),
        Type::Tuple(tuple) => {
            10 * nest
                + tuple
                    .elems
                    .iter()
                    .map(|elem| score(elem, nest + 1))
                    .sum::<u64>()
        }
        Type::FnPtr(_) => 50 * nest,
        Type::Path(path) => {
            let qualified = path.qself.as_ref().map_or(0, |q| score(&q.ty, nest + 1));
            let arguments: u64 = path
                .path
                .segments
                .iter()
                .map(|segment| match &segment.arguments {
                    PathArguments::AngleBracketed(arguments) => arguments
                        .args
                        .iter()
                        .map(|argument| match argument {
                            GenericArgument::Type(ty) => score(ty, nest + 1),
                            _ => 0,
                        })
                        .sum(),
                    _ => 0,
                })
                .sum();
            10 * nest + qualified + arguments
        }
        // `impl Trait` arguments are generic parameters to clippy; trait objects and macros
        // do not occur in generated types.
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scored(ty: &str) -> u64 {
        score(&syn::parse_str::<Type>(ty).unwrap(), 1)
    }

    #[test]
    fn scores_follow_clippy() {
        // Option 10, Vec 20, String 30.
        assert_eq!(scored("Option<Vec<String>>"), 60);
        // A path's segments count once; a reference adds one at the same level.
        assert_eq!(scored("&::std::vec::Vec<String>"), 31);
        // Seven named types in a chain: 10 * (1 + ... + 7) = 280, the first chain linted.
        assert_eq!(scored("Option<Vec<Vec<Vec<Vec<Vec<String>>>>>>"), 280);
        assert_eq!(scored("Vec<Vec<Vec<Vec<Vec<String>>>>>"), 210);
        // Both arguments of a map nest one level deeper.
        assert_eq!(scored("BTreeMap<String, Vec<i64>>"), 10 + 20 + 20 + 30);
    }

    #[test]
    fn only_items_past_the_threshold_are_allowed() {
        let mut file: syn::File = syn::parse_quote! {
            pub struct Deep {
                pub cells: Option<Vec<Vec<Vec<Vec<Vec<Vec<String>>>>>>>,
                pub name: Option<String>,
            }
            pub enum Either { Deep(Vec<Vec<Vec<Vec<Vec<Vec<Vec<u8>>>>>>>), Flat(String) }
            pub mod nested {
                impl Client {
                    pub async fn put(&self, body: &Vec<Vec<Vec<Vec<Vec<Vec<Vec<u8>>>>>>>) {}
                    pub async fn get(&self) -> Result<Vec<u8>, Error> { Ok(Vec::new()) }
                }
            }
        };
        allow_complex_types(&mut file.items);
        let printed = prettyplease::unparse(&file);
        assert_eq!(
            printed.matches("clippy::type_complexity").count(),
            3,
            "{printed}"
        );
        assert!(printed.contains("#[allow(clippy::type_complexity)]\n    pub cells"));
        assert!(!printed.contains("#[allow(clippy::type_complexity)]\n    pub name"));
        assert!(printed.contains("#[allow(clippy::type_complexity)]\n        pub async fn put"));
    }
}
