//! Schemas pasted from JSON Schema tools: `$defs` embedded in a schema, referred to as
//! `#/$defs/X` from inside it.
//!
//! Such a reference does not resolve against the OpenAPI document's root (where `#` points),
//! only against the enclosing schema's own `$defs`, as the tool that wrote it meant. Each
//! definition so referred to is hoisted into `#/components/schemas` (under its own name, or a
//! free variant of it; an identical component of that name is reused) and the references,
//! discriminator mappings included, are rewritten to point there. The innermost enclosing
//! `$defs` that defines the name wins. Definitions nobody refers to are dropped with the
//! `$defs` keyword (openapiv3 would ignore them anyway). References that resolve against the
//! root, or nowhere, are left alone (a dangling one stays an error of the lower stage).

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::schema::for_each_subschema;
use super::{for_each_schema_root, Warnings};
use crate::diagnostics::Pointer;
use crate::names::Namespace;

/// The keywords that hold embedded definitions (`definitions` is the pre-2019 spelling).
const KEYWORDS: &[&str] = &["$defs", "definitions"];

/// One enclosing schema's embedded definitions.
struct Scope {
    keyword: &'static str,
    at: Pointer,
    defs: Map<String, Value>,
    /// Definition name → component name, for the definitions referred to so far.
    assigned: HashMap<String, String>,
    /// Assigned definitions still to hoist.
    queue: Vec<String>,
}

struct Hoister {
    /// Names under `#/$defs` and `#/definitions` at the document root: refs to them resolve.
    root_names: HashSet<(String, String)>,
    /// The component schemas before hoisting, to reuse an identical one.
    existing: Map<String, Value>,
    names: Namespace,
    hoisted: Vec<(String, Value)>,
}

/// Hoists the embedded definitions that `#/$defs/...` references need into components.
pub(super) fn hoist_embedded_defs(root: &mut Value, _warnings: &mut Warnings<'_>) {
    let mut root_names = HashSet::new();
    for keyword in KEYWORDS {
        if let Some(Value::Object(defs)) = root.get(*keyword) {
            for name in defs.keys() {
                root_names.insert(((*keyword).to_owned(), name.clone()));
            }
        }
    }
    let existing = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut names = Namespace::new();
    for key in existing.keys() {
        names.claim(key.clone());
    }
    let mut hoister = Hoister {
        root_names,
        existing,
        names,
        hoisted: Vec::new(),
    };
    for_each_schema_root(root, &mut |schema, at| {
        hoister.visit(schema, at, &mut Vec::new());
    });
    if hoister.hoisted.is_empty() {
        return;
    }
    let Some(document) = root.as_object_mut() else {
        return;
    };
    let components = document
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else {
        return;
    };
    let schemas = components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(schemas) = schemas.as_object_mut() {
        for (name, schema) in hoister.hoisted {
            schemas.insert(name, schema);
        }
    }
}

impl Hoister {
    fn visit(&mut self, node: &mut Value, at: &Pointer, scopes: &mut Vec<Scope>) {
        let Value::Object(schema) = node else {
            return;
        };
        let mut pushed = 0;
        for keyword in KEYWORDS {
            if let Some(defs) = schema.remove(*keyword) {
                scopes.push(Scope {
                    keyword,
                    at: at.join(keyword),
                    defs: match defs {
                        Value::Object(defs) => defs,
                        _ => Map::new(),
                    },
                    assigned: HashMap::new(),
                    queue: Vec::new(),
                });
                pushed += 1;
            }
        }
        let reference = schema
            .get("$ref")
            .and_then(Value::as_str)
            .map(str::to_owned);
        if let Some(local) = reference.and_then(|r| self.resolve(&r, scopes)) {
            schema.insert("$ref".to_owned(), Value::String(local));
        }
        if let Some(Value::Object(mapping)) = schema
            .get_mut("discriminator")
            .and_then(|d| d.get_mut("mapping"))
        {
            for target in mapping.values_mut() {
                let reference = target.as_str().map(str::to_owned);
                if let Some(local) = reference.and_then(|r| self.resolve(&r, scopes)) {
                    *target = Value::String(local);
                }
            }
        }
        for_each_subschema(schema, at, &mut |child, at| self.visit(child, at, scopes));
        for _ in 0..pushed {
            self.hoist_queued(scopes);
            scopes.pop();
        }
    }

    /// Hoists the innermost scope's referred definitions (which may refer to more).
    fn hoist_queued(&mut self, scopes: &mut Vec<Scope>) {
        loop {
            let Some(scope) = scopes.last_mut() else {
                return;
            };
            let Some(name) = scope.queue.pop() else {
                return;
            };
            let Some(mut definition) = scope.defs.remove(&name) else {
                continue;
            };
            let at = scope.at.join(&name);
            let component = scope.assigned.get(&name).cloned().unwrap_or_default();
            self.visit(&mut definition, &at, scopes);
            self.hoisted.push((component, definition));
        }
    }

    /// The component reference that replaces `reference`, when it names an embedded definition.
    fn resolve(&mut self, reference: &str, scopes: &mut [Scope]) -> Option<String> {
        let (keyword, token) = KEYWORDS.iter().find_map(|keyword| {
            let token = reference
                .strip_prefix("#/")?
                .strip_prefix(keyword)?
                .strip_prefix('/')?;
            Some((*keyword, token))
        })?;
        if token.contains('/') {
            // A pointer into a definition, not a definition.
            return None;
        }
        let name = token.replace("~1", "/").replace("~0", "~");
        if self
            .root_names
            .contains(&(keyword.to_owned(), name.clone()))
        {
            return None;
        }
        let scope = scopes.iter_mut().rev().find(|s| {
            s.keyword == keyword && (s.assigned.contains_key(&name) || s.defs.contains_key(&name))
        })?;
        let component = match scope.assigned.get(&name) {
            Some(component) => component.clone(),
            None => {
                let reusable = self.existing.get(&name).is_some()
                    && self.existing.get(&name) == scope.defs.get(&name);
                let component = if reusable {
                    name.clone()
                } else {
                    scope.queue.push(name.clone());
                    self.names.claim(name.clone())
                };
                scope.assigned.insert(name, component.clone());
                component
            }
        };
        let escaped = component.replace('~', "~0").replace('/', "~1");
        Some(format!("#/components/schemas/{escaped}"))
    }
}
