//! `oneOf`/`anyOf` → [`TypeKind::Union`]: one variant per distinct alternative, and the
//! discriminator values that select each one.

use std::collections::HashSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::schema::{primitive_label, Node};
use super::{encoding, Lowerer};
use crate::diagnostics::Pointer;
use crate::model::{Discriminator, SerdeImpls, TypeKind, TypeRef, UnionDef, UnionVariant};
use crate::names::{self, Namespace};

impl<'a> Lowerer<'a> {
    /// The discriminator values selecting alternative `part`: the `mapping` entries pointing
    /// at it; without one, the name of the component schema it references (as the spec
    /// says) and also the values its own tag property declares (`enum`/`const`), which is
    /// what servers send when a spec leaves the mapping implicit.
    fn tag_values(
        &self,
        discriminator: &openapiv3::Discriminator,
        part: &ReferenceOr<Schema>,
    ) -> Option<Discriminator> {
        let ReferenceOr::Reference { reference } = part else {
            return None;
        };
        let key = reference.rsplit('/').next().unwrap_or_default();
        let mut values: Vec<String> = discriminator
            .mapping
            .iter()
            .filter(|(_, target)| *target == reference || target.as_str() == key)
            .map(|(value, _)| value.clone())
            .collect();
        if values.is_empty() {
            values.push(super::unescape_pointer_token(key));
            let declared = self
                .component_schema(reference)
                .map(|schema| declared_tag_values(schema, &discriminator.property_name))
                .unwrap_or_default();
            for value in declared {
                if !values.contains(&value) {
                    values.push(value);
                }
            }
        }
        Some(Discriminator {
            property: discriminator.property_name.clone(),
            values,
        })
    }

    pub(super) fn union_def(
        &mut self,
        name: &str,
        parts: &'a [ReferenceOr<Schema>],
        discriminator: Option<&'a openapiv3::Discriminator>,
        pointer: &Pointer,
    ) -> TypeKind {
        let mut variant_names = Namespace::new();
        let mut variants = Vec::new();
        let mut seen = HashSet::new();
        for (i, part) in parts.iter().enumerate() {
            let ty = self.type_of(
                Node::from(part),
                &format!("{name}Variant{}", i + 1),
                &pointer.join(i.to_string()),
            );
            // Identical alternatives would make the later one unreachable.
            if !seen.insert(ty.clone()) {
                continue;
            }
            let base = match &ty {
                TypeRef::Named(n) => n.clone(),
                other => names::variant_name(primitive_label(other)),
            };
            let tag = discriminator.and_then(|d| self.tag_values(d, part));
            variants.push(UnionVariant {
                name: variant_names.claim(base),
                ty,
                boxed: false,
                discriminator: tag,
            });
        }
        let tag = encoding::union_tag(&variants);
        TypeKind::Union(UnionDef {
            variants,
            tag,
            serde: SerdeImpls::BOTH,
        })
    }
}

/// The values an alternative's tag property may hold, when its schema lists them
/// (`enum`, or 3.1's `const`, which the loader turns into a one-value `enum`).
fn declared_tag_values(schema: &Schema, property: &str) -> Vec<String> {
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        return Vec::new();
    };
    let Some(ReferenceOr::Item(tag)) = object.properties.get(property) else {
        return Vec::new();
    };
    match &tag.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            string.enumeration.iter().flatten().cloned().collect()
        }
        SchemaKind::Any(any) => any
            .enumeration
            .iter()
            .filter_map(|value| value.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}
