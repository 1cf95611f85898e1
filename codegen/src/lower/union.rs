//! `oneOf`/`anyOf` → [`TypeKind::Union`]: one variant per distinct alternative, and the
//! discriminator values that select each one. Properties beside the `oneOf`/`anyOf` are
//! common to every object alternative (a struct of both per such alternative); the others
//! (a boolean, a string) are as they are, since `properties` only constrain objects.

use std::collections::HashSet;

use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaKind, Type};

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
        self.union_of(name, parts, discriminator, pointer, None)
    }

    /// The union of a schema with `oneOf`/`anyOf` and `properties` of its own (`any`, at
    /// `pointer`): each object alternative is a struct of those properties and its own.
    pub(super) fn union_with_common(
        &mut self,
        name: &str,
        schema: &'a Schema,
        any: &'a AnySchema,
        pointer: &Pointer,
    ) -> TypeKind {
        let (key, parts) = if any.one_of.is_empty() {
            ("anyOf", &any.any_of)
        } else {
            ("oneOf", &any.one_of)
        };
        let discriminator = schema.schema_data.discriminator.as_ref();
        let common = (schema, pointer.clone());
        self.union_of(name, parts, discriminator, &pointer.join(key), Some(common))
    }

    fn union_of(
        &mut self,
        name: &str,
        parts: &'a [ReferenceOr<Schema>],
        discriminator: Option<&'a openapiv3::Discriminator>,
        pointer: &Pointer,
        common: Option<(&'a Schema, Pointer)>,
    ) -> TypeKind {
        let mut variant_names = Namespace::new();
        let mut variants = Vec::new();
        let mut seen = HashSet::new();
        let implicit = if discriminator.is_none() {
            self.implicit_tag(parts)
        } else {
            None
        };
        for (i, part) in parts.iter().enumerate() {
            let suggested = format!("{name}Variant{}", i + 1);
            let part_pointer = pointer.join(i.to_string());
            let object = common
                .as_ref()
                .and_then(|common| Some((common, self.object_alternative(part, &part_pointer)?)));
            let ty = match object {
                Some(((common, common_pointer), (target, target_pointer))) => {
                    let mut properties = Vec::new();
                    let mut required = HashSet::new();
                    let mut visited = HashSet::new();
                    for (schema, at) in [(*common, common_pointer), (target, &target_pointer)] {
                        self.collect_properties(
                            schema,
                            at,
                            &mut properties,
                            &mut required,
                            &mut visited,
                        );
                    }
                    let variant = self.state.type_names.claim(suggested);
                    let def = self.struct_def(&variant, properties, &required);
                    let docs = target.schema_data.description.iter().cloned().collect();
                    self.insert_type(variant.clone(), docs, TypeKind::Struct(def), &part_pointer);
                    TypeRef::Named(variant)
                }
                None => self.type_of(Node::from(part), &suggested, &part_pointer),
            };
            // Identical alternatives would make the later one unreachable.
            if !seen.insert(ty.clone()) {
                continue;
            }
            let base = match &ty {
                TypeRef::Named(n) => n.clone(),
                other => names::variant_name(primitive_label(other)),
            };
            let tag = match discriminator {
                Some(d) => self.tag_values(d, part),
                None => implicit.as_ref().map(|(property, values)| Discriminator {
                    property: property.clone(),
                    values: values[i].clone(),
                }),
            };
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
            tag_implied: tag.is_some() && implicit.is_some(),
            tag,
            serde: SerdeImpls::BOTH,
        })
    }
}

impl<'a> Lowerer<'a> {
    /// Without a `discriminator`: a property every alternative declares with an `enum` of
    /// strings, no value in two of them (Adyen's payment methods, each with its
    /// own `type` values), and each alternative's values. Decoding then goes by that
    /// property: trying alternatives in order would let an earlier one take the value (its
    /// enum keeps unknown values) and drop the fields it does not have.
    fn implicit_tag(&self, parts: &'a [ReferenceOr<Schema>]) -> Option<(String, Vec<Vec<String>>)> {
        if parts.len() < 2 {
            return None;
        }
        let objects: Vec<&'a openapiv3::ObjectType> = parts
            .iter()
            .map(|part| {
                let schema = match part {
                    ReferenceOr::Item(schema) => schema,
                    ReferenceOr::Reference { reference } => self.component_schema(reference)?,
                };
                match &schema.schema_kind {
                    SchemaKind::Type(Type::Object(object)) => Some(object),
                    _ => None,
                }
            })
            .collect::<Option<_>>()?;
        objects[0].properties.keys().find_map(|property| {
            let mut all = HashSet::new();
            let mut values = Vec::with_capacity(objects.len());
            for object in &objects {
                let declared = object_tag_values(object, property);
                if declared.is_empty() || !declared.iter().all(|value| all.insert(value.clone())) {
                    return None;
                }
                values.push(declared);
            }
            Some((property.clone(), values))
        })
    }

    /// An alternative that describes an object (through a `$ref`), with where it is.
    fn object_alternative(
        &self,
        part: &'a ReferenceOr<Schema>,
        pointer: &Pointer,
    ) -> Option<(&'a Schema, Pointer)> {
        let (schema, pointer) = match part {
            ReferenceOr::Item(schema) => (schema, pointer.clone()),
            ReferenceOr::Reference { reference } => {
                let key = reference.trim_start_matches("#/components/schemas/");
                let at = Pointer::from_escaped(&format!("#/components/schemas/{key}"));
                (self.component_schema(reference)?, at)
            }
        };
        let object = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => true,
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some(typ) => typ == "object",
                None => !any.properties.is_empty(),
            },
            _ => false,
        };
        object.then_some((schema, pointer))
    }
}

/// Whether `any` is a `oneOf`/`anyOf` beside `properties` of its own whose alternatives
/// type something (a `$ref`, a `type`, properties): not only constraints such as
/// `required: [name]`, which leave one struct of the properties.
pub(super) fn has_common_properties(any: &AnySchema) -> bool {
    let parts = if any.one_of.is_empty() {
        &any.any_of
    } else {
        &any.one_of
    };
    !any.properties.is_empty()
        && parts.iter().any(|part| match part {
            ReferenceOr::Reference { .. } => true,
            ReferenceOr::Item(schema) => match &schema.schema_kind {
                SchemaKind::Any(any) => {
                    any.typ.is_some() || !any.properties.is_empty() || any.items.is_some()
                }
                _ => true,
            },
        })
}

/// The values an alternative's tag property may hold, when its schema lists them
/// (`enum`, or 3.1's `const`, which the loader turns into a one-value `enum`).
fn declared_tag_values(schema: &Schema, property: &str) -> Vec<String> {
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        return Vec::new();
    };
    object_tag_values(object, property)
}

/// [`declared_tag_values`] of an object schema.
fn object_tag_values(object: &openapiv3::ObjectType, property: &str) -> Vec<String> {
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
