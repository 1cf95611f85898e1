//! Schemas → [`TypeRef`]s and named [`TypeDef`]s.

use std::collections::HashSet;

use openapiv3::{
    AdditionalProperties, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::docs;
use crate::model::{DateTimeFormat, Docs, EnumDef, TypeKind, TypeRef, Variant};
use crate::names::{self, Namespace};

/// Inline nesting deeper than this becomes `serde_json::Value` (with a warning) rather than
/// risking the generator's stack on adversarial specs.
const MAX_INLINE_DEPTH: usize = 64;

/// A schema position: either a `$ref` or an inline schema.
#[derive(Clone, Copy)]
pub(super) enum Node<'s> {
    Ref(&'s str),
    Item(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for Node<'s> {
    fn from(value: &'s ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(schema) => Node::Item(schema),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for Node<'s> {
    fn from(value: &'s ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => Node::Ref(reference),
            ReferenceOr::Item(schema) => Node::Item(schema),
        }
    }
}

impl<'a> Lowerer<'a> {
    /// Converts component schema `name`.
    pub(super) fn define_component(
        &mut self,
        key: &str,
        name: &str,
        schema: &'a ReferenceOr<Schema>,
        pointer: &Pointer,
    ) {
        let (kind, docs) = match schema {
            ReferenceOr::Reference { reference } => {
                if let Some(cycle) = self.alias_cycle(reference) {
                    self.error(
                        pointer,
                        format!("schemas `{}` refer to each other in a cycle of bare `$ref`s, which defines no type", cycle.join("` -> `")),
                    );
                }
                (
                    TypeKind::Alias(self.ref_type(reference, pointer)),
                    Vec::new(),
                )
            }
            ReferenceOr::Item(schema) => {
                let docs = schema_docs(schema);
                let kind = if let Some(ty) = self.scalar_all_of_type(schema, name, pointer) {
                    TypeKind::Alias(ty)
                } else if needs_definition(schema) {
                    self.definition(name, schema, pointer)
                } else {
                    TypeKind::Alias(self.type_of(Node::Item(schema), name, pointer))
                };
                (kind, docs)
            }
        };
        let docs = if docs.is_empty() {
            vec![format!("The `{}` schema.", key.replace('`', "'"))]
        } else {
            docs
        };
        self.insert_type(name.to_owned(), docs, kind, pointer);
    }

    /// Follows a chain of component schemas that are bare `$ref`s; returns the chain if it
    /// loops (such schemas can never become a type).
    fn alias_cycle(&self, reference: &str) -> Option<Vec<String>> {
        let spec: &'a crate::load::LoadedSpec = self.spec;
        let schemas = &spec.api.components.as_ref()?.schemas;
        let mut chain: Vec<String> = Vec::new();
        let mut current = reference;
        loop {
            let key = super::unescape_pointer_token(current.strip_prefix("#/components/schemas/")?);
            if chain.contains(&key) {
                return Some(chain);
            }
            chain.push(key.clone());
            match schemas.get(&key)? {
                ReferenceOr::Reference { reference } => current = reference,
                ReferenceOr::Item(_) => return None,
            }
        }
    }

    /// The Rust type of a schema position. Inline objects, enums and unions become named types
    /// called `title` (if any) or `suggested`.
    pub(super) fn type_of(
        &mut self,
        node: Node<'a>,
        suggested: &str,
        pointer: &Pointer,
    ) -> TypeRef {
        let schema = match node {
            Node::Ref(reference) => return self.ref_type(reference, pointer),
            Node::Item(schema) => schema,
        };
        if let Some(ty) = self.scalar_all_of_type(schema, suggested, pointer) {
            return ty;
        }
        if needs_definition(schema) {
            if self.depth >= MAX_INLINE_DEPTH {
                self.warning(
                    pointer,
                    format!("inline schemas nest more than {MAX_INLINE_DEPTH} levels deep here; this one is left untyped (serde_json::Value)"),
                );
                return TypeRef::Json;
            }
            let base = match &schema.schema_data.title {
                Some(title) if !title.trim().is_empty() => names::type_name(title),
                _ => suggested.to_owned(),
            };
            let identity = schema as *const Schema;
            if let Some(name) = self.state.inline_types.get(&identity) {
                return TypeRef::Named(name.clone());
            }
            let name = self.state.type_names.claim(base);
            self.state.inline_types.insert(identity, name.clone());
            self.depth += 1;
            let kind = self.definition(&name, schema, pointer);
            self.depth -= 1;
            self.insert_type(name.clone(), schema_docs(schema), kind, pointer);
            return TypeRef::Named(name);
        }
        self.plain_type(schema, suggested, pointer)
    }

    /// The member that types an `allOf` of scalars (`allOf: [{$ref: id}, {type: string,
    /// description: …}]`, a common way to document a shared scalar) or of one array
    /// (`allOf: [{$ref: tags_array}, {description: …}]`): its index and schema, when one
    /// member is a string, integer, number or boolean schema and every other member is one
    /// too or only adds annotations, or when one member is an array and every other one only
    /// adds annotations. Such an `allOf` is that scalar or array, not a struct.
    fn scalar_all_of(&self, schema: &'a Schema) -> Option<(usize, &'a ReferenceOr<Schema>)> {
        let SchemaKind::AllOf { all_of } = &schema.schema_kind else {
            return None;
        };
        let mut typed = None;
        let mut array = false;
        for (i, part) in all_of.iter().enumerate() {
            let member = match part {
                ReferenceOr::Item(member) => member,
                ReferenceOr::Reference { reference } => self.component_schema(reference)?,
            };
            let is_array = match &member.schema_kind {
                SchemaKind::Type(
                    Type::String(_) | Type::Integer(_) | Type::Number(_) | Type::Boolean(_),
                ) => false,
                SchemaKind::Type(Type::Array(_)) => true,
                SchemaKind::Any(any) if any.properties.is_empty() => {
                    match (any.typ.as_deref(), any.items.is_some()) {
                        (Some("string" | "integer" | "number" | "boolean"), false) => false,
                        (Some("array") | None, true) => true,
                        // Annotations only (`description`, `example`, constraints).
                        (None, false)
                            if any.enumeration.is_empty()
                                && any.additional_properties.is_none()
                                && any.all_of.is_empty()
                                && any.one_of.is_empty()
                                && any.any_of.is_empty() =>
                        {
                            continue;
                        }
                        _ => return None,
                    }
                }
                _ => return None,
            };
            // An array beside any other typed member would need the two merged.
            if array || (is_array && typed.is_some()) {
                return None;
            }
            array = is_array;
            typed.get_or_insert((i, part));
        }
        typed
    }

    /// The type of a [`Self::scalar_all_of`] schema: its typed member's. Members of types no
    /// value has at once (`string` and `integer`) allow no value at all; that is said, and
    /// the first typed member still gives the type.
    fn scalar_all_of_type(
        &mut self,
        schema: &'a Schema,
        suggested: &str,
        pointer: &Pointer,
    ) -> Option<TypeRef> {
        let (i, part) = self.scalar_all_of(schema)?;
        if let SchemaKind::AllOf { all_of } = &schema.schema_kind {
            let mut kinds: Vec<&str> = Vec::new();
            for member in all_of {
                let member = match member {
                    ReferenceOr::Item(member) => Some(member),
                    ReferenceOr::Reference { reference } => self.component_schema(reference),
                };
                // An integer is a number too: only the JSON kinds differ.
                match member.and_then(scalar_kind) {
                    Some(kind) if !kinds.iter().any(|k| json_kind(k) == json_kind(kind)) => {
                        kinds.push(kind)
                    }
                    _ => {}
                }
            }
            if let [first, second, ..] = kinds.as_slice() {
                self.warning(
                    &pointer.join("allOf"),
                    format!("the `allOf` members are of types no value has at once (`{first}` and `{second}`), so the spec allows no value here; it is typed as the first typed member"),
                );
            }
        }
        let at = pointer.join("allOf").join(i.to_string());
        Some(self.type_of(Node::from(part), suggested, &at))
    }

    /// `$ref` to a component schema.
    pub(super) fn ref_type(&mut self, reference: &str, pointer: &Pointer) -> TypeRef {
        if let Some(key) = reference.strip_prefix("#/components/schemas/") {
            let key = super::unescape_pointer_token(key);
            if let Some(name) = self.components.get(&key) {
                return TypeRef::Named(name.clone());
            }
            self.error(
                pointer,
                format!("`$ref: {reference}` points at nothing: there is no schema named `{key}` under #/components/schemas"),
            );
            return TypeRef::Json;
        }
        self.unsupported_ref(reference, "schemas", pointer);
        TypeRef::Json
    }

    /// The schema a `$ref` points at, if it is a component schema of this spec.
    pub(super) fn component_schema(&self, reference: &str) -> Option<&'a Schema> {
        let key = super::unescape_pointer_token(reference.strip_prefix("#/components/schemas/")?);
        let spec: &'a crate::load::LoadedSpec = self.spec;
        match spec.api.components.as_ref()?.schemas.get(&key)? {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { .. } => None,
        }
    }

    /// Whether a position may hold `null`.
    pub(super) fn is_nullable(&self, node: Node<'a>) -> bool {
        self.nullable_within(node, 0)
    }

    /// [`Self::is_nullable`], also for an `allOf` whose members all allow `null`, apart from
    /// annotation-only ones (which constrain no value): `allOf: [{$ref: window}, {description:
    /// …}]` where `window` is nullable, as DigitalOcean documents a nullable shared object.
    /// `depth` bounds `allOf` chains that refer back to themselves.
    fn nullable_within(&self, node: Node<'a>, depth: usize) -> bool {
        let schema = match node {
            Node::Item(schema) => schema,
            Node::Ref(reference) => match self.component_schema(reference) {
                Some(schema) => schema,
                None => return false,
            },
        };
        if schema.schema_data.nullable {
            return true;
        }
        let SchemaKind::AllOf { all_of } = &schema.schema_kind else {
            return false;
        };
        if depth >= 8 {
            return false;
        }
        let mut nullable = false;
        for part in all_of {
            let member = Node::from(part);
            if self.nullable_within(member, depth + 1) {
                nullable = true;
            } else if !matches!(member, Node::Item(m) if untyped(m) && annotations_only(m)) {
                return false;
            }
        }
        nullable
    }

    /// Types that need no named definition.
    fn plain_type(&mut self, schema: &'a Schema, suggested: &str, pointer: &Pointer) -> TypeRef {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => string_type(&s.format),
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                VariantOrUnknownOrEmpty::Unknown(format) => integer_type(Some(format)),
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(_)) => TypeRef::F64,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => match &array.items {
                Some(items) => {
                    let item = self.type_of(
                        items.into(),
                        &format!("{suggested}Item"),
                        &pointer.join("items"),
                    );
                    TypeRef::Array(Box::new(item))
                }
                None => TypeRef::Array(Box::new(TypeRef::Json)),
            },
            SchemaKind::Type(Type::Object(object)) => {
                self.map_type(object.additional_properties.as_ref(), suggested, pointer)
            }
            // Single-element compositions are just that element.
            SchemaKind::AllOf { all_of: parts }
            | SchemaKind::OneOf { one_of: parts }
            | SchemaKind::AnyOf { any_of: parts }
                if parts.len() == 1 =>
            {
                let key = composition_key(&schema.schema_kind);
                self.type_of(
                    Node::from(&parts[0]),
                    suggested,
                    &pointer.join(key).join("0"),
                )
            }
            SchemaKind::Any(any) => {
                if let Some(items) = &any.items {
                    let item = self.type_of(
                        items.into(),
                        &format!("{suggested}Item"),
                        &pointer.join("items"),
                    );
                    return TypeRef::Array(Box::new(item));
                }
                match any.typ.as_deref() {
                    Some("string") => string_type(&parse_format(any.format.as_deref())),
                    Some("integer") => integer_type(any.format.as_deref()),
                    Some("number") => TypeRef::F64,
                    Some("boolean") => TypeRef::Bool,
                    Some("object") => {
                        self.map_type(any.additional_properties.as_ref(), suggested, pointer)
                    }
                    _ => TypeRef::Json,
                }
            }
            SchemaKind::Not { .. } => {
                self.warning(pointer, "`not` schemas cannot be expressed as a Rust type; this one is left untyped (serde_json::Value)");
                TypeRef::Json
            }
            // Empty compositions: nothing to type.
            SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                TypeRef::Json
            }
        }
    }

    fn map_type(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        suggested: &str,
        pointer: &Pointer,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(values)) => {
                let value = self.type_of(
                    Node::from(values.as_ref()),
                    &format!("{suggested}Value"),
                    &pointer.join("additionalProperties"),
                );
                TypeRef::Map(Box::new(value))
            }
            _ => TypeRef::Map(Box::new(TypeRef::Json)),
        }
    }

    /// Builds the definition of a schema for which [`needs_definition`] holds.
    fn definition(&mut self, name: &str, schema: &'a Schema, pointer: &Pointer) -> TypeKind {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                // `null` entries of a nullable enum are not values.
                let values = s.enumeration.iter().map(Option::as_deref);
                TypeKind::Enum(enum_def(values, given_variant_names(schema)))
            }
            SchemaKind::Any(any) if !any.enumeration.is_empty() && any.properties.is_empty() => {
                let values: Vec<Option<String>> =
                    any.enumeration.iter().map(enum_value_text).collect();
                let values = values.iter().map(Option::as_deref);
                TypeKind::Enum(enum_def(values, given_variant_names(schema)))
            }
            SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
                let key = composition_key(&schema.schema_kind);
                let discriminator = schema.schema_data.discriminator.as_ref();
                self.union_def(name, parts, discriminator, &pointer.join(key))
            }
            SchemaKind::Any(any) if super::union::has_common_properties(any) => {
                self.union_with_common(name, schema, any, pointer)
            }
            _ => {
                let mut properties = Vec::new();
                let mut required = HashSet::new();
                let mut visited = HashSet::new();
                self.collect_properties(
                    schema,
                    pointer,
                    &mut properties,
                    &mut required,
                    &mut visited,
                );
                TypeKind::Struct(self.struct_def(name, properties, &required))
            }
        }
    }
}

/// An inline schema that names no type: no `type`, `$ref`, composition, items or enum (it
/// may hold `properties`, `required` and annotations).
pub(super) fn untyped(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any)
        if any.typ.is_none() && any.items.is_none() && any.enumeration.is_empty()
            && any.one_of.is_empty() && any.any_of.is_empty() && any.all_of.is_empty())
}

/// An [`untyped`] schema without `properties`, `required` or `additionalProperties`:
/// annotations (`description`, `example`...) and constraints that apply to no type it has.
fn annotations_only(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(any)
        if any.properties.is_empty() && any.required.is_empty()
            && any.additional_properties.is_none())
}

/// Whether a schema becomes a named type (struct, enum or union) rather than a plain one.
pub(super) fn needs_definition(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::OneOf { one_of: parts } | SchemaKind::AnyOf { any_of: parts } => {
            parts.len() > 1
        }
        SchemaKind::Any(any) => {
            !any.properties.is_empty() || (any.items.is_none() && string_enum_values(any))
        }
        _ => false,
    }
}

/// Whether an untyped-by-openapiv3 schema is a string enum: `type: string` with scalar
/// values (numbers in a string enum are strings written without quotes), or no type and
/// only string values (a mix of strings and numbers has no single wire type: left untyped).
fn string_enum_values(any: &openapiv3::AnySchema) -> bool {
    let values = || any.enumeration.iter().filter(|v| !v.is_null());
    match any.typ.as_deref() {
        Some("string") => values().any(|v| enum_value_text(v).is_some()),
        None => values().next().is_some() && values().all(serde_json::Value::is_string),
        Some(_) => false,
    }
}

/// The wire text of a scalar enum value.
fn enum_value_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn composition_key(kind: &SchemaKind) -> &'static str {
    match kind {
        SchemaKind::AllOf { .. } => "allOf",
        SchemaKind::OneOf { .. } => "oneOf",
        _ => "anyOf",
    }
}

/// The variant names a spec gives its enum values, by position: `x-enum-varnames`
/// (openapi-generator; also what 3.1 normalization writes from `const` branch titles) or
/// `x-enumNames` (NSwag). Entries that are not strings, or empty, give no name.
fn given_variant_names(schema: &Schema) -> Vec<Option<&str>> {
    let extensions = &schema.schema_data.extensions;
    let list = extensions
        .get("x-enum-varnames")
        .or_else(|| extensions.get("x-enumNames"))
        .and_then(serde_json::Value::as_array);
    list.map(|names| {
        names
            .iter()
            .map(|name| name.as_str().filter(|n| !n.trim().is_empty()))
            .collect()
    })
    .unwrap_or_default()
}

/// An enum of the wire `values` (`None`: a `null` entry, not a value; a repeated value counts
/// once), named after `given` names where the spec has them, else after the values.
fn enum_def<'v>(
    values: impl Iterator<Item = Option<&'v str>>,
    given: Vec<Option<&str>>,
) -> EnumDef {
    let mut variant_names = Namespace::new();
    let mut seen = HashSet::new();
    let mut variants = Vec::new();
    let wire: Vec<(&str, String)> = values
        .enumerate()
        .filter_map(|(i, value)| {
            let value = value?;
            let name = given.get(i).copied().flatten().unwrap_or(value);
            seen.insert(value)
                .then(|| (value, names::variant_name(name)))
        })
        .collect();
    // The catch-all variant must not clash with a known value's name.
    let mut fallback = "Unknown".to_owned();
    while wire.iter().any(|(_, name)| *name == fallback) {
        fallback.push_str("Value");
    }
    variant_names.claim(fallback.clone());
    for (value, name) in wire {
        variants.push(Variant {
            name: variant_names.claim(name),
            wire_value: value.to_owned(),
        });
    }
    EnumDef { variants, fallback }
}

fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => {
            TypeRef::DateTime(DateTimeFormat::Rfc3339)
        }
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => TypeRef::Base64,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "date-time-rfc-2822" => {
            TypeRef::DateTime(DateTimeFormat::Rfc2822)
        }
        _ => TypeRef::String,
    }
}

fn parse_format(format: Option<&str>) -> VariantOrUnknownOrEmpty<StringFormat> {
    match format {
        Some("date-time") => VariantOrUnknownOrEmpty::Item(StringFormat::DateTime),
        Some("date") => VariantOrUnknownOrEmpty::Item(StringFormat::Date),
        Some("byte") => VariantOrUnknownOrEmpty::Item(StringFormat::Byte),
        Some(other) => VariantOrUnknownOrEmpty::Unknown(other.to_owned()),
        None => VariantOrUnknownOrEmpty::Empty,
    }
}

/// The integer type of `format`: `int32` and the unsigned formats have their own, anything
/// else (`int64`, none, an unknown one) is `i64`.
fn integer_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("int32") => TypeRef::I32,
        Some("uint8") => TypeRef::U8,
        Some("uint16") => TypeRef::U16,
        Some("uint32") => TypeRef::U32,
        Some("uint64") => TypeRef::U64,
        _ => TypeRef::I64,
    }
}

pub(super) fn primitive_label(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String => "String",
        TypeRef::I32 | TypeRef::I64 | TypeRef::U8 | TypeRef::U16 | TypeRef::U32 | TypeRef::U64 => {
            "Integer"
        }
        TypeRef::F64 => "Number",
        TypeRef::Bool => "Boolean",
        TypeRef::DateTime(_) => "DateTime",
        TypeRef::Date => "Date",
        TypeRef::Base64 => "Base64",
        TypeRef::Json => "Json",
        TypeRef::Array(_) => "Array",
        TypeRef::Map(_) => "Map",
        TypeRef::Named(_) => "Named",
        TypeRef::Upload => "Upload",
    }
}

/// Rustdoc for a schema: its description, plus constraints worth knowing.
pub(super) fn schema_docs(schema: &Schema) -> Docs {
    let mut lines = schema
        .schema_data
        .description
        .as_deref()
        .map(docs::lines)
        .unwrap_or_default();
    if let SchemaKind::Type(Type::String(s)) = &schema.schema_kind {
        if let Some(pattern) = &s.pattern {
            if !lines.is_empty() {
                lines.push(String::new());
            }
            lines.push(docs::pattern_line(pattern));
        }
    }
    lines
}

/// The JSON kind of a scalar `type` (an integer is a number).
fn json_kind(kind: &str) -> &str {
    if kind == "integer" {
        "number"
    } else {
        kind
    }
}

/// The `type` of a scalar schema, `None` for anything else.
fn scalar_kind(schema: &Schema) -> Option<&'static str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        SchemaKind::Any(any) => match any.typ.as_deref() {
            Some("string") => Some("string"),
            Some("integer") => Some("integer"),
            Some("number") => Some("number"),
            Some("boolean") => Some("boolean"),
            _ => None,
        },
        _ => None,
    }
}
