//! Where each of the model's operations is in the spec's JSON, the spec's own list of
//! operations (to find those the generator skipped), and small pieces both modules share.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;
use specweave::diagnostics::Pointer;
use specweave::model::{Api, Operation};

use crate::spec::Spec;

/// The path-item keys that are operations, in the generator's order.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of a spec as written: `<METHOD> <path>`, its `operationId` if any, and its
/// JSON pointer (`/paths/<path>/<method>`).
pub struct SpecOperation {
    /// `GET /pets/{id}`.
    pub label: String,
    /// The spec's `operationId`.
    pub operation_id: Option<String>,
    /// `<file>#/paths/..`, as [`specweave::model::Source`] displays it.
    pub source: String,
}

/// Every operation under `paths` of every spec, path-item `$ref`s followed.
pub fn spec_operations(specs: &[Spec]) -> Vec<SpecOperation> {
    let mut operations = Vec::new();
    for spec in specs {
        let paths = spec.root.get("paths").and_then(Value::as_object);
        for (path, item) in paths.into_iter().flatten() {
            let Ok(item) = spec.resolve(item) else {
                continue;
            };
            for method in METHODS {
                let Some(operation) = item.get(method) else {
                    continue;
                };
                operations.push(SpecOperation {
                    label: format!("{} {path}", method.to_ascii_uppercase()),
                    operation_id: operation
                        .get("operationId")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    // As the model's `Source` displays it (a `#` in the path escaped).
                    source: format!(
                        "{}{}",
                        spec.file,
                        Pointer::root()
                            .join("paths")
                            .join(path)
                            .join(method)
                            .as_str()
                    ),
                });
            }
        }
    }
    operations
}

/// An operation's raw JSON, located in one of the specs.
pub struct RawOperation<'a> {
    pub spec: &'a Spec,
    /// The operation object.
    pub op: &'a Value,
    /// Path-item and operation parameters merged (operation wins), `$ref`s resolved.
    pub parameters: Vec<&'a Value>,
    /// `<file>#/paths/<path>/<method>`, to name examples.
    pub pointer: String,
}

impl<'a> RawOperation<'a> {
    /// The operation the model's `source` names, and its path item's parameters.
    pub fn find(specs: &'a [Spec], op: &Operation) -> Result<RawOperation<'a>, String> {
        let not_found = || format!("operation {} not found at {}", op.operation_id, op.source);
        let spec = specs
            .iter()
            .find(|spec| spec.file == op.source.file)
            .ok_or_else(not_found)?;
        let pointer = op.source.pointer.json_pointer();
        // The operation's parent is its path item, which may be a `$ref` to another.
        let (item_pointer, method) = pointer.rsplit_once('/').ok_or_else(not_found)?;
        let item = spec.root.pointer(item_pointer).ok_or_else(not_found)?;
        let item = spec.resolve(item)?;
        let raw = item.get(method).ok_or_else(not_found)?;
        if raw
            .get("operationId")
            .and_then(Value::as_str)
            .is_some_and(|id| id != op.operation_id)
        {
            return Err(format!(
                "{} is not operation {}",
                op.source, op.operation_id
            ));
        }
        let mut parameters: Vec<&Value> = Vec::new();
        for list in [item.get("parameters"), raw.get("parameters")] {
            for parameter in list.and_then(Value::as_array).into_iter().flatten() {
                let parameter = spec.resolve(parameter)?;
                let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
                parameters.retain(|p| key(p) != key(parameter));
                parameters.push(parameter);
            }
        }
        Ok(RawOperation {
            spec,
            op: raw,
            parameters,
            pointer: op.source.to_string(),
        })
    }

    pub fn parameter(&self, location: &str, name: &str) -> Option<&'a Value> {
        self.parameters.iter().copied().find(|p| {
            p.get("in").and_then(Value::as_str) == Some(location)
                && p.get("name").and_then(Value::as_str) == Some(name)
        })
    }
}

/// A string literal holding JSON: raw (`r#"..."#`, with as few `#` as possible) so it reads
/// as the JSON itself.
pub fn json_literal(json: &str) -> Literal {
    if !json.contains(['"', '\\']) {
        return Literal::string(json);
    }
    let mut hashes = String::new();
    if json.contains('"') {
        hashes.push('#');
        while json.contains(&format!("\"{hashes}")) {
            hashes.push('#');
        }
    }
    format!("r{hashes}\"{json}\"{hashes}")
        .parse()
        .expect("a raw string literal always parses")
}

/// `use super::types;` for a generated module: types are spelled as at the client's root
/// (`types::Name`). None for a spec without types, and allowed unused, since a module may
/// name none of them.
pub fn import_types(api: &Api) -> Option<TokenStream> {
    (!api.types.is_empty()).then(|| {
        quote! {
            #[allow(unused_imports)]
            use super::types;
        }
    })
}
