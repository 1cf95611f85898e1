//! Boxing of large union payloads: a union whose largest alternative is much larger than the
//! others would make every value of the enum as large as that alternative (and trips
//! `clippy::large_enum_variant` in the generated crate). The decision is made here, from an
//! estimate of each type's in-memory size, and recorded in [`UnionVariant::boxed`]; emit only
//! spells it.
//!
//! [`UnionVariant::boxed`]: crate::model::UnionVariant::boxed

use std::collections::{BTreeMap, HashMap};

use crate::model::{Presence, TypeDef, TypeKind, TypeRef};

/// A union alternative is boxed when its payload is estimated to be this many bytes larger
/// than the next largest alternative. Clippy's `large_enum_variant` fires at 200 bytes; the
/// estimate is rough (padding, niches), so the rule keeps a wide margin below it.
pub(super) const LARGE_VARIANT_BYTES: usize = 128;

/// The size of a pointer, a `Box`'s size.
const POINTER: usize = 8;

/// Boxes the payload of every union alternative that is [`LARGE_VARIANT_BYTES`] larger than
/// the union's next largest one (again after boxing it, until none is). A union's size is
/// measured after its own boxing, so a union containing another sees it as it will be.
pub(super) fn box_large_variants(types: &mut BTreeMap<String, TypeDef>) {
    let mut sizes = Sizes {
        types,
        known: HashMap::new(),
        boxing: BTreeMap::new(),
    };
    for name in types.keys() {
        sizes.of_named(name);
    }
    let boxing = sizes.boxing;
    for (name, indexes) in boxing {
        if let Some(TypeKind::Union(union)) = types.get_mut(&name).map(|def| &mut def.kind) {
            for index in indexes {
                if let Some(variant) = union.variants.get_mut(index) {
                    variant.boxed = true;
                }
            }
        }
    }
}

/// Estimated sizes of the model's types, memoized.
struct Sizes<'t> {
    types: &'t BTreeMap<String, TypeDef>,
    /// Type name → size; `None` while the type is being measured (a cycle, which is boxed
    /// somewhere, so a pointer is what it adds).
    known: HashMap<String, Option<usize>>,
    /// Union name → the alternatives to box.
    boxing: BTreeMap<String, Vec<usize>>,
}

impl Sizes<'_> {
    /// The estimated size of a value of `ty` (as a struct field or payload, unwrapped).
    fn of_ref(&mut self, ty: &TypeRef) -> usize {
        match ty {
            TypeRef::String | TypeRef::Base64 | TypeRef::Array(_) | TypeRef::Map(_) => 24,
            TypeRef::U8 => 1,
            TypeRef::U16 => 2,
            TypeRef::I32 | TypeRef::U32 | TypeRef::Date => 4,
            TypeRef::I64 | TypeRef::U64 | TypeRef::F64 => 8,
            TypeRef::Bool => 1,
            TypeRef::DateTime(_) => 12,
            TypeRef::Json => 32,
            // Only in multipart parts structs, which nothing contains.
            TypeRef::Upload => 64,
            TypeRef::Named(name) => self.of_named(name),
        }
    }

    fn of_named(&mut self, name: &str) -> usize {
        match self.known.get(name) {
            Some(Some(size)) => return *size,
            Some(None) => return POINTER,
            None => {}
        }
        let types = self.types;
        let Some(def) = types.get(name) else {
            return POINTER;
        };
        self.known.insert(name.to_owned(), None);
        let size = match &def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|field| {
                    let inner = if field.boxed {
                        POINTER
                    } else {
                        self.of_ref(&field.ty)
                    };
                    // Every field padded to 8 bytes; an `Option` of a number needs a tag
                    // (strings, vectors, maps and boxes have a niche for `None`).
                    let tag = match (&field.ty, field.presence) {
                        (_, Presence::Required) => 0,
                        (
                            TypeRef::I32
                            | TypeRef::I64
                            | TypeRef::U8
                            | TypeRef::U16
                            | TypeRef::U32
                            | TypeRef::U64
                            | TypeRef::F64
                            | TypeRef::Date,
                            _,
                        ) => 8,
                        _ => 0,
                    };
                    round_up(inner) + tag
                })
                .sum(),
            TypeKind::Enum(_) => 24,
            // A method's result, never a field or payload of another type.
            TypeKind::Statuses(_) | TypeKind::Headers(_) | TypeKind::Parts(_) => POINTER,
            TypeKind::Union(union) => {
                // (size, index, can be boxed), largest first.
                let mut variants: Vec<(usize, usize, bool)> = union
                    .variants
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let named = matches!(v.ty, TypeRef::Named(_));
                        if v.boxed {
                            (POINTER, i, false)
                        } else {
                            (self.of_ref(&v.ty), i, named)
                        }
                    })
                    .collect();
                let mut boxed = Vec::new();
                loop {
                    variants.sort_unstable_by(|a, b| b.cmp(a));
                    match variants[..] {
                        [(largest, index, true), (second, _, _), ..]
                            if largest >= second + LARGE_VARIANT_BYTES =>
                        {
                            boxed.push(index);
                            variants[0] = (POINTER, index, false);
                        }
                        _ => break,
                    }
                }
                if !boxed.is_empty() {
                    boxed.sort_unstable();
                    self.boxing.insert(name.to_owned(), boxed);
                }
                round_up(variants.first().map_or(0, |v| v.0)) + POINTER
            }
            TypeKind::Alias(target) => self.of_ref(target),
        };
        self.known.insert(name.to_owned(), Some(size));
        size
    }
}

fn round_up(size: usize) -> usize {
    size.div_ceil(POINTER) * POINTER
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Docs, Field, StructDef, UnionDef, UnionVariant};

    fn def(name: &str, kind: TypeKind) -> (String, TypeDef) {
        let def = TypeDef {
            name: name.to_owned(),
            docs: Docs::default(),
            kind,
            source: crate::model::Source {
                file: "t.yaml".to_owned(),
                pointer: crate::diagnostics::Pointer::root().join(name),
            },
        };
        (name.to_owned(), def)
    }

    fn strings(count: usize) -> TypeKind {
        let fields = (0..count)
            .map(|i| Field {
                name: format!("f{i}"),
                wire_name: format!("f{i}"),
                ty: TypeRef::String,
                presence: Presence::Optional,
                boxed: false,
                placement: crate::model::Placement::Serialized,
                codec: crate::model::Codec::Plain,
                docs: Docs::default(),
            })
            .collect();
        TypeKind::Struct(StructDef {
            fields,
            default: true,
            serde: crate::model::SerdeImpls::BOTH,
        })
    }

    fn union(variants: &[&str]) -> TypeKind {
        TypeKind::Union(UnionDef {
            variants: variants
                .iter()
                .map(|v| UnionVariant {
                    name: (*v).to_owned(),
                    ty: TypeRef::Named((*v).to_owned()),
                    boxed: false,
                    discriminator: None,
                })
                .collect(),
            tag: None,
            tag_implied: false,
            serde: crate::model::SerdeImpls::BOTH,
        })
    }

    fn boxed(types: &BTreeMap<String, TypeDef>, name: &str) -> Vec<bool> {
        match types.get(name).map(|d| &d.kind) {
            Some(TypeKind::Union(u)) => u.variants.iter().map(|v| v.boxed).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn only_a_much_larger_alternative_is_boxed() {
        let mut types: BTreeMap<String, TypeDef> = [
            def("Id", strings(1)),
            def("Address", strings(12)),
            def("Small", strings(3)),
            def("Pick", union(&["Id", "Address"])),
            def("Even", union(&["Id", "Small"])),
            def("Both", union(&["Address", "Address"])),
        ]
        .into_iter()
        .collect();
        box_large_variants(&mut types);
        assert_eq!(boxed(&types, "Pick"), [false, true]);
        assert_eq!(boxed(&types, "Even"), [false, false]);
        assert_eq!(boxed(&types, "Both"), [false, false]);
    }

    #[test]
    fn a_union_inside_a_union_is_measured_after_its_own_boxing() {
        let mut types: BTreeMap<String, TypeDef> = [
            def("Id", strings(1)),
            def("Address", strings(12)),
            def("Inner", union(&["Id", "Address"])),
            def("Outer", union(&["Id", "Inner"])),
        ]
        .into_iter()
        .collect();
        box_large_variants(&mut types);
        assert_eq!(boxed(&types, "Inner"), [false, true]);
        // Inner is a pointer and a tag once its large alternative is boxed.
        assert_eq!(boxed(&types, "Outer"), [false, false]);
    }
}
