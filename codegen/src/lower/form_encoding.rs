//! How each property of a form body is encoded ([`FormField`]): decided once here, from the
//! body's `encoding` object, the properties' schemas and their lowered types, so the emitter
//! only spells it.
//!
//! In order of precedence: an `encoding` entry with a `style` (its style and `explode`); a
//! schema with `format: prefixed-collapsible-map-{Prefix}` (Twilio's maps, flattened to
//! `{Prefix}.{key}=value`); a value that serde's form encoding cannot write (an object, a map,
//! an untyped value, an array of objects), sent as its JSON text as Twilio's SDKs do
//! (`serialize.object`). Anything else is left to serde (`name=value`, arrays as repeated
//! keys), so a body of flat properties is encoded as it always was.

use std::collections::BTreeMap;

use openapiv3::{
    MediaType as MediaTypeObject, ObjectType, QueryStyle, ReferenceOr, Schema, SchemaKind, Type,
};

use super::encoding::{is_enum, resolve_alias};
use super::Lowerer;
use crate::load::PREFIXED_MAP;
use crate::model::{FormField, FormFieldEncoding, ParamStyle, Styling, TypeDef, TypeKind, TypeRef};

impl<'a> Lowerer<'a> {
    /// The properties of form body `ty` (sent as `media`) that need an encoding of their own,
    /// in field order; empty when the body is not a struct.
    pub(super) fn form_fields(&self, ty: &TypeRef, media: &'a MediaTypeObject) -> Vec<FormField> {
        let types = &self.state.types;
        let TypeRef::Named(name) = resolve_alias(types, ty) else {
            return Vec::new();
        };
        let Some(TypeKind::Struct(def)) = types.get(&name).map(|def| &def.kind) else {
            return Vec::new();
        };
        let properties = media.schema.as_ref().and_then(|s| self.object_of(s));
        def.fields
            .iter()
            .filter_map(|field| {
                let wire = field.wire_name.as_str();
                let styled = media.encoding.get(wire).and_then(|entry| {
                    let style = match entry.style.as_ref()? {
                        QueryStyle::Form => ParamStyle::Form,
                        QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                        QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                        QueryStyle::DeepObject => ParamStyle::DeepObject,
                    };
                    Some(FormFieldEncoding::Styled(Styling {
                        style,
                        explode: entry.explode,
                    }))
                });
                let prefixed = || {
                    let property = properties?.properties.get(wire)?;
                    self.prefixed_map(property)
                        .map(FormFieldEncoding::PrefixedMap)
                };
                let json = || is_json_only(types, &field.ty).then_some(FormFieldEncoding::Json);
                let encoding = styled.or_else(prefixed).or_else(json)?;
                Some(FormField {
                    wire_name: field.wire_name.clone(),
                    encoding,
                })
            })
            .collect()
    }

    /// The prefix of a `prefixed-collapsible-map-{Prefix}` schema (kept by the loader as an
    /// extension, which a `$ref`'s target carries).
    pub(super) fn prefixed_map<S>(&self, schema: &'a ReferenceOr<S>) -> Option<String>
    where
        S: std::borrow::Borrow<Schema>,
    {
        let schema = match schema {
            ReferenceOr::Item(schema) => schema.borrow(),
            ReferenceOr::Reference { reference } => self.component_schema(reference)?,
        };
        let prefix = schema.schema_data.extensions.get(PREFIXED_MAP)?.as_str()?;
        Some(prefix.to_owned())
    }

    /// The properties of an object schema (following one `$ref`).
    fn object_of(&self, schema: &'a ReferenceOr<Schema>) -> Option<&'a ObjectType> {
        let schema = match schema {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => self.component_schema(reference)?,
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => Some(object),
            _ => None,
        }
    }
}

/// Whether serde's form encoding cannot write a value of type `ty` (it has no `name=value`
/// form): structs, unions, maps and untyped values, and arrays of the first three.
fn is_json_only(types: &BTreeMap<String, TypeDef>, ty: &TypeRef) -> bool {
    let object = |ty: &TypeRef| match resolve_alias(types, ty) {
        TypeRef::Named(name) => !is_enum(types, &name),
        TypeRef::Map(_) => true,
        _ => false,
    };
    match resolve_alias(types, ty) {
        TypeRef::Json => true,
        TypeRef::Array(item) => object(&item),
        other => object(&other),
    }
}
