//! Multipart request bodies → a [`TypeKind::Parts`] struct: the body schema's properties,
//! lowered as any request struct's fields, with binary ones (`format: binary`, and what the
//! 3.1 normalization turns `contentMediaType` into) as uploads, and each field's part written
//! as the spec's `encoding` map says.

use std::collections::HashSet;

use openapiv3::{
    Encoding, MediaType as MediaTypeObject, ParameterSchemaOrContent, ReferenceOr, Schema,
    SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::schema::Node;
use super::{encoding, Lowerer};
use crate::diagnostics::Pointer;
use crate::model::{MediaType, Part, PartKind, PartsDef, Presence, TextForm, TypeKind, TypeRef};

impl<'a> Lowerer<'a> {
    /// The parts struct of a multipart body offered as `media` (at `pointer`, the media type
    /// object), named after `suggested`; `None` when its schema has no properties to send.
    pub(super) fn lower_parts(
        &mut self,
        media_type: &str,
        media: &'a MediaTypeObject,
        suggested: &str,
        pointer: &Pointer,
    ) -> Option<TypeRef> {
        let schema_pointer = pointer.join("schema");
        let (schema, schema_pointer) = match media.schema.as_ref()? {
            ReferenceOr::Item(schema) => (schema, schema_pointer),
            ReferenceOr::Reference { reference } => {
                let target = self.component_schema(reference)?;
                let key = reference.trim_start_matches("#/components/schemas/");
                (
                    target,
                    Pointer::from_escaped(&format!("#/components/schemas/{key}")),
                )
            }
        };
        let mut properties = Vec::new();
        let mut required = HashSet::new();
        let mut visited = HashSet::new();
        self.collect_properties(
            schema,
            &schema_pointer,
            &mut properties,
            &mut required,
            &mut visited,
        );
        if properties.is_empty() {
            // A union of objects (`oneOf` address forms): the parts of every alternative,
            // each required only where every alternative requires it.
            if let SchemaKind::OneOf { one_of: branches } | SchemaKind::AnyOf { any_of: branches } =
                &schema.schema_kind
            {
                let key = match schema.schema_kind {
                    SchemaKind::AnyOf { .. } => "anyOf",
                    _ => "oneOf",
                };
                let mut common: Option<HashSet<&'a str>> = None;
                for (i, branch) in branches.iter().enumerate() {
                    let Some(branch_schema) = self.node_schema(Node::from(branch)) else {
                        continue;
                    };
                    let mut branch_required = HashSet::new();
                    let branch_pointer = schema_pointer.join(key).join(i.to_string());
                    self.collect_properties(
                        branch_schema,
                        &branch_pointer,
                        &mut properties,
                        &mut branch_required,
                        &mut visited,
                    );
                    common = Some(match common {
                        None => branch_required,
                        Some(c) => c.intersection(&branch_required).copied().collect(),
                    });
                }
                required = common.unwrap_or_default();
            }
        }
        if properties.is_empty() {
            return None;
        }
        let binary: Vec<Option<bool>> = properties
            .iter()
            .map(|property| self.binary_shape(property.node))
            .collect();
        let name = self.state.type_names.claim(suggested.to_owned());
        let fields = self.struct_def(&name, properties, &required).fields;
        let mut parts = Vec::with_capacity(fields.len());
        // Fields past the properties (required names no property declares) are untyped.
        let binary = binary.into_iter().chain(std::iter::repeat(None));
        for (mut field, binary) in fields.into_iter().zip(binary) {
            let declared = media.encoding.get(&field.wire_name);
            let content_type = declared
                .and_then(|e| e.content_type.as_deref())
                .and_then(first_media_type);
            let headers = declared.map(fixed_headers).unwrap_or_default();
            let resolved = encoding::resolve_alias(&self.state.types, &field.ty);
            let repeated = binary == Some(true) || matches!(resolved, TypeRef::Array(_));
            let kind = match binary {
                Some(repeated) => {
                    field.ty = if repeated {
                        TypeRef::Array(Box::new(TypeRef::Upload))
                    } else {
                        TypeRef::Upload
                    };
                    PartKind::File
                }
                None if content_type
                    .as_deref()
                    .is_some_and(|c| MediaType::parse(c).is_json()) =>
                {
                    PartKind::Json
                }
                None => {
                    let item = match &resolved {
                        TypeRef::Array(item) => item,
                        other => other,
                    };
                    match encoding::text_form(&self.state.types, item) {
                        TextForm::JsonText | TextForm::Joined(_) => PartKind::Json,
                        form => PartKind::Text(form),
                    }
                }
            };
            // A `None` leaves the part out; a part cannot say `null`.
            if field.presence == Presence::Nullable {
                field.presence = Presence::Optional;
            }
            parts.push(Part {
                field,
                kind,
                repeated,
                content_type,
                headers,
            });
        }
        let default = parts.iter().all(|p| p.field.presence.is_option());
        let docs = vec![format!(
            "The parts of a `{media_type}` request body: one part per field (per item of an array), files as uploads."
        )];
        let kind = TypeKind::Parts(PartsDef { parts, default });
        self.insert_type(name.clone(), docs, kind, &schema_pointer);
        Some(TypeRef::Named(name))
    }

    /// `Some(false)` for a binary string, `Some(true)` for an array of them, `None` for
    /// anything else (through `$ref`s).
    fn binary_shape(&self, node: Node<'a>) -> Option<bool> {
        let schema = self.node_schema(node)?;
        if is_binary(schema) {
            return Some(false);
        }
        let SchemaKind::Type(Type::Array(array)) = &schema.schema_kind else {
            return None;
        };
        let item = self.node_schema(Node::from(array.items.as_ref()?))?;
        is_binary(item).then_some(true)
    }

    fn node_schema(&self, node: Node<'a>) -> Option<&'a Schema> {
        match node {
            Node::Item(schema) => Some(schema),
            Node::Ref(reference) => self.component_schema(reference),
        }
    }
}

/// `type: string, format: binary`.
fn is_binary(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            matches!(
                s.format,
                VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
            )
        }
        SchemaKind::Any(any) => any.format.as_deref() == Some("binary"),
        _ => false,
    }
}

/// The first of an `encoding`'s comma-separated `contentType`s, unless it is a wildcard
/// (`image/*`): then the caller's upload names the type.
fn first_media_type(list: &str) -> Option<String> {
    let first = list.split(',').next()?.trim();
    (!first.is_empty() && !first.contains('*')).then(|| first.to_owned())
}

/// The part headers an `encoding` declares with a value the client can send on its own: a
/// `default`, or an `enum` of one value. `Content-Type` is described by `contentType`
/// instead (the specification says it is ignored here).
fn fixed_headers(encoding: &Encoding) -> Vec<(String, String)> {
    encoding
        .headers
        .iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
        .filter_map(|(name, header)| {
            let ReferenceOr::Item(header): &ReferenceOr<openapiv3::Header> = header else {
                return None;
            };
            let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &header.format else {
                return None;
            };
            let text = |value: &serde_json::Value| match value {
                serde_json::Value::String(text) => Some(text.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                serde_json::Value::Bool(b) => Some(b.to_string()),
                _ => None,
            };
            let value = match (&schema.schema_data.default, &schema.schema_kind) {
                (Some(default), _) => text(default),
                (None, SchemaKind::Type(Type::String(s))) if s.enumeration.len() == 1 => {
                    s.enumeration.first()?.clone()
                }
                _ => None,
            }?;
            Some((name.clone(), value))
        })
        .collect()
}
