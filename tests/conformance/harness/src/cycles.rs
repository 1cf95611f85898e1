//! Prism's copy without reference cycles through several schemas.
//!
//! Prism never starts on a document whose component schemas form cycles through several
//! schemas at once (OpenSearch's query DSL and aggregations: strongly connected groups of 65,
//! 40 and 28 schemas): on a 4-operation namespace it ran for over five minutes at full CPU and
//! 1 GB without listening. Once each such cycle is cut it starts in seconds. So the copy
//! drops the `$ref` that closes each cycle, found as the back edges of a depth-first walk over
//! the schemas in name order, leaving `{}` (any value; `{type: object}` where the target is
//! an object) beside the reference's sibling keywords.
//! A schema that refers to itself directly (temporal's `Failure`) is left alone: Prism
//! handles those.
//!
//! What this changes: at a cut, Prism checks nothing of a request's value but its type (the
//! client's value is still checked everywhere above it), and samples a response there as
//! `{}`, as it samples a recursion it cuts itself. The client and
//! the harness's own values still follow the spec as written.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

const SCHEMAS: &str = "#/components/schemas/";

/// Cuts the references that close cycles through several component schemas of `root`;
/// returns how many `$ref`s were dropped.
pub fn break_schema_cycles(root: &mut Value) -> usize {
    let Some(schemas) = root
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return 0;
    };
    let graph: BTreeMap<String, BTreeSet<String>> = schemas
        .iter()
        .map(|(name, schema)| {
            let mut targets = BTreeSet::new();
            references(schema, &mut targets);
            (name.clone(), targets)
        })
        .collect();
    let mut dropped = 0;
    for (from, to) in back_edges(&graph) {
        let object = schemas.get(&to).is_some_and(is_object);
        if let Some(schema) = schemas.get_mut(&from) {
            dropped += drop_references(schema, &to, object);
        }
    }
    dropped
}

/// Whether `schema` is an object schema: `type: object`, or `properties` without a type.
fn is_object(schema: &Value) -> bool {
    match schema.get("type") {
        Some(kind) => kind == "object",
        None => schema.get("properties").is_some(),
    }
}

/// The component schema names `schema` refers to, anywhere inside it.
fn references(schema: &Value, targets: &mut BTreeSet<String>) {
    match schema {
        Value::Object(object) => {
            if let Some(name) = object
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(schema_name)
            {
                targets.insert(name);
            }
            object.values().for_each(|v| references(v, targets));
        }
        Value::Array(items) => items.iter().for_each(|v| references(v, targets)),
        _ => {}
    }
}

/// The component name a local `$ref` names, unescaped (`~1` is `/`, `~0` is `~`).
fn schema_name(reference: &str) -> Option<String> {
    let escaped = reference.strip_prefix(SCHEMAS)?;
    (!escaped.contains('/')).then(|| escaped.replace("~1", "/").replace("~0", "~"))
}

/// The edges from a schema to another one still on the walk's path (each closes a cycle),
/// walking from every schema in name order; an edge to the schema itself is not one.
fn back_edges(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<(String, String)> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        OnPath,
        Done,
    }
    let mut state: BTreeMap<&str, State> = BTreeMap::new();
    let mut cuts = Vec::new();
    for start in graph.keys() {
        if state.contains_key(start.as_str()) {
            continue;
        }
        // An explicit stack: a chain of thousands of schemas must not overflow the thread's.
        let mut path: Vec<(&str, std::collections::btree_set::Iter<'_, String>)> = Vec::new();
        state.insert(start, State::OnPath);
        path.push((start, graph[start].iter()));
        while let Some((node, targets)) = path.last_mut() {
            let node: &str = node;
            match targets.next() {
                Some(target) if target != node && graph.contains_key(target) => {
                    match state.get(target.as_str()) {
                        Some(State::OnPath) => cuts.push((node.to_owned(), target.clone())),
                        Some(State::Done) => {}
                        None => {
                            state.insert(target, State::OnPath);
                            path.push((target, graph[target].iter()));
                        }
                    }
                }
                Some(_) => {}
                None => {
                    state.insert(node, State::Done);
                    path.pop();
                }
            }
        }
    }
    cuts
}

/// Removes every `$ref` to component `target` inside `schema`; returns how many. When the
/// target is an `object`, the cut says `type: object`: Prism samples a schema without a type
/// as `null`, and the recursion Prism cuts itself it samples as `{}`; this keeps the two alike.
fn drop_references(schema: &mut Value, target: &str, object: bool) -> usize {
    match schema {
        Value::Object(fields) => {
            let mut dropped = 0;
            let names_target = fields
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(schema_name)
                .is_some_and(|name| name == target);
            if names_target {
                fields.remove("$ref");
                if object {
                    fields.insert("type".to_owned(), Value::String("object".to_owned()));
                }
                dropped += 1;
            }
            for value in fields.values_mut() {
                dropped += drop_references(value, target, object);
            }
            dropped
        }
        Value::Array(items) => items
            .iter_mut()
            .map(|v| drop_references(v, target, object))
            .sum(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_cycle_through_several_schemas_loses_the_reference_that_closes_it() {
        let mut root = json!({"components": {"schemas": {
            // Bool → Query → Bool; Query also refers to itself, and Leaf ends a chain.
            "Bool": {"properties": {"must": {"type": "array", "items": {"$ref": "#/components/schemas/Query"}}}},
            "Query": {"properties": {
                "bool": {"$ref": "#/components/schemas/Bool", "description": "A bool query."},
                "not": {"$ref": "#/components/schemas/Query"},
                "leaf": {"$ref": "#/components/schemas/Leaf"}
            }},
            "Leaf": {"type": "string"}
        }}});
        assert_eq!(break_schema_cycles(&mut root), 1);
        // Walking from `Bool` (name order), `Query → Bool` is the edge back onto the path.
        assert_eq!(
            root.pointer("/components/schemas/Query/properties/bool"),
            Some(&json!({"description": "A bool query.", "type": "object"}))
        );
        assert_eq!(
            root.pointer("/components/schemas/Bool/properties/must/items/$ref"),
            Some(&json!("#/components/schemas/Query"))
        );
        assert_eq!(
            root.pointer("/components/schemas/Query/properties/not/$ref"),
            Some(&json!("#/components/schemas/Query")),
            "a schema referring to itself is kept"
        );
        assert_eq!(break_schema_cycles(&mut root), 0, "nothing left to cut");
    }

    #[test]
    fn a_long_chain_closing_on_itself_is_walked_without_recursion() {
        let count = 20_000;
        let schemas: serde_json::Map<String, Value> = (0..count)
            .map(|i| {
                let next = format!("#/components/schemas/S{:05}", (i + 1) % count);
                (
                    format!("S{i:05}"),
                    json!({"type": "array", "items": {"$ref": next}}),
                )
            })
            .collect();
        let mut root = json!({"components": {"schemas": schemas}});
        assert_eq!(break_schema_cycles(&mut root), 1);
        assert_eq!(
            root.pointer(&format!("/components/schemas/S{:05}/items", count - 1)),
            Some(&json!({}))
        );
    }
}
