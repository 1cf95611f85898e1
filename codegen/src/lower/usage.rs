//! Which serde traits each struct and union needs: `Serialize` where the client sends the
//! type, `Deserialize` where it receives it (see [`SerdeTraits`](crate::model::SerdeTraits)).
//! Serde's derives are most of a generated client's compile time, and most types of a large
//! API travel one way only.

use std::collections::{BTreeMap, HashSet};

use crate::model::{
    ArgForm, BodyMethod, EventData, Operation, ResponseBody, SerdeImpls, SuccessBody, TypeDef,
    TypeKind, TypeRef,
};

/// Sets [`SerdeImpls`] on every struct and union from the operations' use of it: what a
/// request carries (parameters, bodies, multipart parts, path values) is sent; what a
/// response carries (bodies by status, events, declared error bodies) is received. A type
/// that no operation reaches keeps both traits: it is there for callers (webhook payloads,
/// components of a document without paths), who may need either.
pub(crate) fn decide_serde_impls(types: &mut BTreeMap<String, TypeDef>, operations: &[Operation]) {
    let mut sent = Vec::new();
    let mut received = Vec::new();
    for op in operations {
        let (op_sent, op_received) = operation_types(op);
        sent.extend(op_sent);
        received.extend(op_received);
    }
    let (mut sent_names, mut received_names) =
        (reachable(types, &sent), reachable(types, &received));
    // What no operation reaches travels both ways, and so does everything it contains.
    let unused: Vec<TypeRef> = types
        .keys()
        .filter(|name| !sent_names.contains(*name) && !received_names.contains(*name))
        .map(|name| TypeRef::Named(name.clone()))
        .collect();
    if !unused.is_empty() {
        sent.extend(unused.iter().cloned());
        received.extend(unused);
        sent_names = reachable(types, &sent);
        received_names = reachable(types, &received);
    }
    for def in types.values_mut() {
        let impls = SerdeImpls {
            serialize: sent_names.contains(&def.name),
            deserialize: received_names.contains(&def.name),
        };
        match &mut def.kind {
            TypeKind::Struct(s) => s.serde = impls,
            TypeKind::Union(union) => union.serde = impls,
            TypeKind::Enum(_)
            | TypeKind::Alias(_)
            | TypeKind::Statuses(_)
            | TypeKind::Headers(_)
            | TypeKind::Parts(_) => {}
        }
    }
}

/// The types an operation's requests carry (parameters, path values, bodies, multipart
/// parts) and those its responses carry (bodies by status, events, declared error bodies,
/// response headers).
pub(crate) fn operation_types(op: &Operation) -> (Vec<TypeRef>, Vec<TypeRef>) {
    let mut sent = Vec::new();
    let mut received = Vec::new();
    if let Some(params) = &op.params {
        sent.push(TypeRef::Named(params.type_name.clone()));
    }
    for param in &op.path_params {
        sent.push(param.ty.clone());
        if let ArgForm::Slice(item) = &param.arg {
            sent.push(item.clone());
        }
    }
    let bodies = op
        .body
        .iter()
        .chain(op.other_bodies.iter().map(|m: &BodyMethod| &m.body));
    sent.extend(bodies.map(|body| body.ty.clone()));
    match &op.response {
        ResponseBody::Json(ty) | ResponseBody::Events(EventData::Json(ty)) => {
            received.push(ty.clone());
        }
        ResponseBody::ByStatus(name) => received.push(TypeRef::Named(name.clone())),
        ResponseBody::Empty
        | ResponseBody::Text
        | ResponseBody::Bytes
        | ResponseBody::Redirect
        | ResponseBody::Events(EventData::Text) => {}
    }
    received.extend(op.errors.iter().map(|error| error.ty.clone()));
    if let Some(headers) = &op.response_headers {
        received.push(TypeRef::Named(headers.type_name.clone()));
    }
    (sent, received)
}

/// The names of every type the `roots` reach, through fields, alternatives, aliases, array
/// items and map values (iteratively: specs nest deeply).
pub(crate) fn reachable(types: &BTreeMap<String, TypeDef>, roots: &[TypeRef]) -> HashSet<String> {
    let mut seen = HashSet::new();
    let mut stack = roots.to_vec();
    while let Some(ty) = stack.pop() {
        let name = match ty {
            TypeRef::Named(name) => name,
            TypeRef::Array(inner) | TypeRef::Map(inner) => {
                stack.push(*inner);
                continue;
            }
            _ => continue,
        };
        let Some(def) = types.get(&name) else {
            continue;
        };
        if !seen.insert(name) {
            continue;
        }
        match &def.kind {
            TypeKind::Struct(s) => stack.extend(s.fields.iter().map(|f| f.ty.clone())),
            TypeKind::Union(union) => stack.extend(union.variants.iter().map(|v| v.ty.clone())),
            TypeKind::Alias(target) => stack.push(target.clone()),
            TypeKind::Parts(parts) => stack.extend(parts.parts.iter().map(|p| p.field.ty.clone())),
            TypeKind::Statuses(statuses) => {
                stack.extend(statuses.variants.iter().filter_map(|v| match &v.body {
                    Some(SuccessBody::Json(ty)) => Some(ty.clone()),
                    _ => None,
                }));
            }
            // Parsed from their text, never by serde (enums have both traits anyway).
            TypeKind::Headers(headers) => {
                stack.extend(headers.fields.iter().map(|f| f.ty.clone()));
            }
            TypeKind::Enum(_) => {}
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::model::{Api, TypeKind};

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /things/{key}:
    post:
      operationId: CreateThing
      parameters:
        - {name: key, in: path, required: true, schema: {$ref: '#/components/schemas/Key'}}
        - {name: filter, in: query, style: deepObject, schema: {$ref: '#/components/schemas/Filter'}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Request'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Response'}
        '4XX':
          description: problem
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
components:
  schemas:
    Key: {type: object, properties: {id: {type: string}}}
    Filter: {type: object, properties: {name: {type: string}}}
    Request:
      type: object
      properties:
        shared: {$ref: '#/components/schemas/Shared'}
        only: {$ref: '#/components/schemas/SentOnly'}
    Response:
      type: object
      properties:
        items: {type: array, items: {$ref: '#/components/schemas/Shared'}}
        audit: {$ref: '#/components/schemas/Audit'}
    Audit: {type: object, properties: {by: {type: string}}}
    Shared:
      type: object
      properties:
        leaves: {type: object, additionalProperties: {$ref: '#/components/schemas/Leaf'}}
    Leaf: {type: object, properties: {pick: {oneOf: [{type: string}, {$ref: '#/components/schemas/Node'}]}}}
    Node: {type: object, properties: {n: {type: integer}}}
    SentOnly: {type: object, properties: {a: {type: string}}}
    Problem: {type: object, properties: {message: {type: string}}}
    Webhook: {type: object, properties: {audit: {$ref: '#/components/schemas/Audit'}}}
"#;

    /// (Serialize, Deserialize) of the struct or union `name`.
    fn impls(api: &Api, name: &str) -> (bool, bool) {
        match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => (s.serde.serialize, s.serde.deserialize),
            Some(TypeKind::Union(u)) => (u.serde.serialize, u.serde.deserialize),
            other => panic!("{name} is not a struct or union: {other:?}"),
        }
    }

    #[test]
    fn types_get_the_traits_of_the_directions_they_travel() {
        let spec = crate::load::parse(Path::new("t.yaml"), SPEC).unwrap_or_else(|e| panic!("{e}"));
        let api = match crate::lower::lower(&[spec]) {
            Ok((api, _)) => api,
            Err(errors) => panic!("{errors:?}"),
        };
        let table = [
            ("CreateThingParams", (true, false)),
            ("Key", (true, false)),
            ("Filter", (true, false)),
            ("Request", (true, false)),
            ("SentOnly", (true, false)),
            ("Response", (false, true)),
            ("Problem", (false, true)),
            ("Shared", (true, true)),
            // Through a map value, a union alternative and a union.
            ("Leaf", (true, true)),
            ("LeafPick", (true, true)),
            ("Node", (true, true)),
            // Reached by no operation: there for callers, who may need either.
            ("Webhook", (true, true)),
            // Received by an operation, and inside a type callers may send.
            ("Audit", (true, true)),
        ];
        for (name, expected) in table {
            assert_eq!(impls(&api, name), expected, "{name}");
        }
    }
}
