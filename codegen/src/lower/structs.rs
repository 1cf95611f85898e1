//! Object schemas → structs: properties gathered through `allOf` members, and the fields
//! they become (presence, one-way and undeclared-required rules).

use std::collections::HashSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::schema::{schema_docs, untyped, Node};
use super::{encoding, Lowerer};
use crate::diagnostics::Pointer;
use crate::model::{Field, Placement, SerdeImpls, StructDef, TypeRef};
use crate::names::{self, Namespace};

/// A property collected for a struct, possibly from several `allOf` parts.
pub(super) struct Property<'s> {
    pub(super) key: &'s str,
    pub(super) node: Node<'s>,
    pub(super) pointer: Pointer,
}

impl<'a> Lowerer<'a> {
    /// Gathers properties of an object schema, merging `allOf` parts (through `$ref`s).
    pub(super) fn collect_properties(
        &mut self,
        schema: &'a Schema,
        pointer: &Pointer,
        properties: &mut Vec<Property<'a>>,
        required: &mut HashSet<&'a str>,
        visited: &mut HashSet<*const Schema>,
    ) {
        // Callers check before following a `$ref`, so this only guards inline repeats.
        if !visited.insert(schema as *const Schema) {
            return;
        }
        let (props, req) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                (Some(&object.properties), object.required.as_slice())
            }
            SchemaKind::Any(any) => {
                // `allOf` beside properties of its own: the members first, refined by them.
                self.collect_all_of(&any.all_of, pointer, properties, required, visited);
                (Some(&any.properties), any.required.as_slice())
            }
            SchemaKind::AllOf { all_of } => {
                self.collect_all_of(all_of, pointer, properties, required, visited);
                (None, &[][..])
            }
            _ => (None, &[][..]),
        };
        if let Some(props) = props {
            for (key, node) in props {
                let node = Node::from(node);
                let pointer = pointer.join("properties").join(key);
                // An untyped inline schema only constrains a property an earlier part types
                // (`rules: {required: [...]}` beside an `allOf` that defines `rules`).
                let constrains = matches!(node, Node::Item(schema) if untyped(schema));
                if constrains && properties.iter().any(|p| p.key == key.as_str()) {
                    continue;
                }
                // A later allOf part refines an earlier one: the last definition wins.
                properties.retain(|p| p.key != key.as_str());
                properties.push(Property { key, node, pointer });
            }
        }
        required.extend(req.iter().map(String::as_str));
        visited.remove(&(schema as *const Schema));
    }

    /// [`Self::collect_properties`] of each `allOf` member, in order.
    fn collect_all_of(
        &mut self,
        all_of: &'a [ReferenceOr<Schema>],
        pointer: &Pointer,
        properties: &mut Vec<Property<'a>>,
        required: &mut HashSet<&'a str>,
        visited: &mut HashSet<*const Schema>,
    ) {
        for (i, part) in all_of.iter().enumerate() {
            let part_pointer = pointer.join("allOf").join(i.to_string());
            let (part_schema, part_pointer) = match part {
                ReferenceOr::Item(s) => (s, part_pointer),
                ReferenceOr::Reference { reference } => {
                    let Some(target) = self.component_schema(reference) else {
                        self.ref_type(reference, &part_pointer);
                        continue;
                    };
                    if visited.contains(&(target as *const Schema)) {
                        self.error(
                            &part_pointer,
                            format!("`allOf` includes `{reference}`, which includes this schema again: the cycle cannot be merged into one type"),
                        );
                        continue;
                    }
                    // Problems inside the target are reported at the target.
                    let key = reference.trim_start_matches("#/components/schemas/");
                    (
                        target,
                        Pointer::from_escaped(&format!("#/components/schemas/{key}")),
                    )
                }
            };
            self.collect_properties(part_schema, &part_pointer, properties, required, visited);
        }
    }

    pub(super) fn struct_def(
        &mut self,
        name: &str,
        properties: Vec<Property<'a>>,
        required: &HashSet<&str>,
    ) -> StructDef {
        let mut field_names = Namespace::new();
        let mut fields = Vec::with_capacity(properties.len());
        for property in properties {
            let rust_name = field_names.claim(names::field_name(property.key));
            let suggested = format!("{name}{}", names::type_name(property.key));
            let ty = self.type_of(property.node, &suggested, &property.pointer);
            // One struct serves requests and responses: a required `readOnly` property is
            // not demanded in requests (nor a `writeOnly` one in responses), so it is optional.
            // Through a `$ref` too: a shared `Id` schema is often the one marked `readOnly`.
            let target = match property.node {
                Node::Item(schema) => Some(schema),
                Node::Ref(reference) => self.component_schema(reference),
            };
            let one_way =
                target.is_some_and(|s| s.schema_data.read_only || s.schema_data.write_only);
            let is_required = required.contains(property.key) && !one_way;
            let nullable = self.is_nullable(property.node);
            let mut docs = match property.node {
                Node::Item(schema) => schema_docs(schema),
                Node::Ref(_) => Vec::new(),
            };
            if one_way && required.contains(property.key) {
                if !docs.is_empty() {
                    docs.push(String::new());
                }
                docs.push(one_way_doc(target.is_some_and(|s| s.schema_data.read_only)));
            }
            fields.push(Field {
                name: rust_name,
                wire_name: property.key.to_owned(),
                codec: encoding::codec(&ty),
                ty,
                presence: encoding::presence(is_required, nullable),
                boxed: false,
                placement: Placement::Serialized,
                docs,
            });
        }
        // A `required` name that no `properties` entry declares must still be sendable (a
        // validating server refuses the request without it), but its type is unknown and
        // servers leave it out of responses (Mistral's chat completions never send the
        // `data` their schema requires): any JSON value, optional. Sorted: `required` is a set.
        let mut undeclared: Vec<&str> = required
            .iter()
            .copied()
            .filter(|name| !fields.iter().any(|field| field.wire_name == *name))
            .collect();
        undeclared.sort_unstable();
        for wire_name in undeclared {
            fields.push(Field {
                name: field_names.claim(names::field_name(wire_name)),
                wire_name: wire_name.to_owned(),
                codec: encoding::codec(&TypeRef::Json),
                ty: TypeRef::Json,
                presence: encoding::presence(false, false),
                boxed: false,
                placement: Placement::Serialized,
                docs: vec![UNDECLARED_REQUIRED_DOC.to_owned()],
            });
        }
        StructDef {
            fields,
            default: false,
            serde: SerdeImpls::BOTH,
        }
    }
}

/// Why a field that `required` names but `properties` does not declare is an untyped `Option`.
const UNDECLARED_REQUIRED_DOC: &str = "Required by the schema, which does not declare it under `properties`: its type is not given, and responses may leave it out. Set it where the API expects it.";

/// Why a required `readOnly` or `writeOnly` property is an `Option`.
fn one_way_doc(read_only: bool) -> String {
    if read_only {
        "Required in responses (`readOnly`): optional here, so that requests need not send it."
            .to_owned()
    } else {
        "Required in requests (`writeOnly`): optional here, as responses leave it out.".to_owned()
    }
}
