//! Normalization: a generic document rewritten into the OpenAPI 3.0 shape `openapiv3` reads.
//!
//! Runs on the `serde_json::Value` of a document before it is deserialized, so that the model
//! and every stage after it see one shape whatever the input's version:
//!
//! - an OpenAPI **3.1** document gets every rule: the document-level ones here (version,
//!   `webhooks`, missing `paths`, ...), embedded `$defs` hoisted into components ([`defs`]),
//!   and the JSON Schema 2020-12 rewrites of every schema ([`schema`]);
//! - a **3.0** document only reaches this step when the fast typed parse failed; it gets the
//!   rules that make a valid 3.0 document readable (numbers beyond 64 bits, [`numbers`]) and
//!   nothing else, so its output is what it always was.
//!
//! Only schema positions are rewritten: the walk follows the OpenAPI structure (paths,
//! operations, parameters, media types, components) and, inside schemas, the keywords that hold
//! subschemas. Data (`example`, `examples`, `default`, `enum`, `const`, `x-*` values) is never
//! visited, so a `$ref` key inside an example stays data. Every change that loses information
//! is reported as a warning located by the JSON pointer of the node in the input.

mod defs;
pub(super) mod form;
mod numbers;
mod schema;

use std::path::Path;

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Pointer};

/// The OpenAPI version family of a document, which decides the rules that apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// OpenAPI 3.0.x: schemas are the OpenAPI 3.0 Schema Object.
    V30,
    /// OpenAPI 3.1.x: schemas are JSON Schema 2020-12.
    V31,
}

impl Dialect {
    /// The family of an `openapi` version string, `None` when the generator does not read it.
    pub(crate) fn of(version: &str) -> Option<Self> {
        if version == "3.0" || version.starts_with("3.0.") {
            Some(Self::V30)
        } else if version == "3.1" || version.starts_with("3.1.") {
            Some(Self::V31)
        } else {
            None
        }
    }
}

/// The version string a normalized 3.1 document declares (the 3.0 shape openapiv3 reads).
const NORMALIZED_VERSION: &str = "3.0.3";

/// Collects the warnings of one normalization, all about one file.
pub(super) struct Warnings<'f> {
    file: &'f Path,
    list: Vec<Diagnostic>,
}

impl Warnings<'_> {
    fn push(&mut self, pointer: &Pointer, message: impl Into<String>) {
        self.list
            .push(Diagnostic::warning(self.file, pointer, message));
    }
}

/// Rewrites `root` (a document read from `file`) into the 3.0 shape; returns the warnings.
pub(crate) fn normalize(root: &mut Value, file: &Path, dialect: Dialect) -> Vec<Diagnostic> {
    let mut warnings = Warnings {
        file,
        list: Vec::new(),
    };
    if dialect == Dialect::V31 {
        document_rules(root, &mut warnings);
        defs::hoist_embedded_defs(root, &mut warnings);
    }
    operation_defaults(root, dialect, &mut warnings);
    mutual_tls(root, &mut warnings);
    form::encoding_explode_defaults(root);
    for_each_schema_root(root, &mut |schema, pointer| {
        schema::normalize_schema(schema, pointer, dialect, &mut warnings);
    });
    warnings.list
}

/// Only the hoisting of embedded `$defs` ([`defs`]), for [`super::hoist_embedded_defs`].
pub(super) fn hoist_embedded_defs(root: &mut Value) {
    let mut warnings = Warnings {
        file: Path::new(""),
        list: Vec::new(),
    };
    defs::hoist_embedded_defs(root, &mut warnings);
}

/// The 3.1 rules about the document itself, outside its schemas.
fn document_rules(root: &mut Value, warnings: &mut Warnings<'_>) {
    let Some(document) = root.as_object_mut() else {
        return;
    };
    document.insert(
        "openapi".to_owned(),
        Value::String(NORMALIZED_VERSION.to_owned()),
    );
    // The dialect of the document's schemas; this step reads the default (2020-12) one.
    document.remove("jsonSchemaDialect");
    if let Some(Value::Object(info)) = document.get_mut("info") {
        // openapiv3's Info has no `summary`: it stands in for a missing description.
        if let Some(summary) = info.remove("summary") {
            if !info.contains_key("description") {
                info.insert("description".to_owned(), summary);
            }
        }
    }
    if let Some(webhooks) = document.remove("webhooks") {
        let count = webhooks.as_object().map_or(0, Map::len);
        if count > 0 {
            warnings.push(
                &Pointer::root().join("webhooks"),
                format!(
                    "{count} webhook(s) declared: webhooks are requests the API sends, not \
                     operations a client calls, so no code is generated for them"
                ),
            );
        }
    }
    if !document.contains_key("paths") {
        document.insert("paths".to_owned(), Value::Object(Map::new()));
        warnings.push(
            &Pointer::root(),
            "the document has no `paths`: only the types of its components are generated",
        );
    }
}

/// Fills in what operations and responses leave out that the generated code does not need:
/// an operation without `responses` (optional in 3.1, required but often missing in 3.0; the
/// method then returns `()`, as for `responses: {}`) gets an empty map, and a response without
/// a `description` (required by both versions) an empty one.
fn operation_defaults(root: &mut Value, dialect: Dialect, warnings: &mut Warnings<'_>) {
    let add = |response: &mut Value| {
        if let Value::Object(response) = response {
            if !response.contains_key("$ref") && !response.contains_key("description") {
                response.insert("description".to_owned(), Value::String(String::new()));
            }
        }
    };
    if let Some(components) = root.get_mut("components") {
        for (_, response) in entries(components.get_mut("responses")) {
            add(response);
        }
    }
    for (path, item) in entries(root.get_mut("paths")) {
        for method in METHODS {
            let Some(Value::Object(operation)) = item.get_mut(*method) else {
                continue;
            };
            if !operation.contains_key("responses") {
                operation.insert("responses".to_owned(), Value::Object(Map::new()));
                if dialect == Dialect::V30 {
                    let at = Pointer::root().join("paths").join(path).join(method);
                    warnings.push(
                        &at,
                        "the operation has no `responses` (required in OpenAPI 3.0): it is read \
                         as documenting none, and its method returns `()`",
                    );
                }
            }
            for (_, response) in entries(operation.get_mut("responses")) {
                add(response);
            }
        }
    }
}

/// Takes out `mutualTLS` security schemes (OpenAPI 3.1) and their names from security
/// requirements: a client certificate is presented by the TLS layer, which the caller sets up
/// on the HTTP client it hands the builder (`reqwest::Identity`), not by anything the generated
/// code sends. A requirement naming only such a scheme becomes `{}` (nothing to send), which is
/// what it is to the HTTP request.
fn mutual_tls(root: &mut Value, warnings: &mut Warnings<'_>) {
    let Some(Value::Object(schemes)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("securitySchemes"))
    else {
        return;
    };
    let names: Vec<String> = schemes
        .iter()
        .filter(|(_, scheme)| scheme.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect();
    if names.is_empty() {
        return;
    }
    for name in &names {
        schemes.remove(name);
        warnings.push(
            &Pointer::root()
                .join("components")
                .join("securitySchemes")
                .join(name),
            format!(
                "security scheme `{name}` is mutualTLS: the client certificate is configured on \
                 the HTTP client passed to the builder (`reqwest::Identity`), so requirements \
                 naming it add nothing to requests"
            ),
        );
    }
    let strip = |requirements: Option<&mut Value>| {
        let Some(Value::Array(requirements)) = requirements else {
            return;
        };
        for requirement in requirements.iter_mut().filter_map(Value::as_object_mut) {
            requirement.retain(|scheme, _| !names.contains(scheme));
        }
    };
    strip(root.get_mut("security"));
    for (_, item) in entries(root.get_mut("paths")) {
        for method in METHODS {
            strip(item.get_mut(*method).and_then(|op| op.get_mut("security")));
        }
    }
}

/// The HTTP methods of a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Calls `visit` on every schema at a document position (component schemas, parameter,
/// header and media type schemas), with its pointer. Schemas nested in schemas are the
/// visitor's business.
pub(super) fn for_each_schema_root(root: &mut Value, visit: &mut dyn FnMut(&mut Value, &Pointer)) {
    let at = Pointer::root();
    let Some(document) = root.as_object_mut() else {
        return;
    };
    for section in ["paths", "webhooks"] {
        for (key, item) in entries(document.get_mut(section)) {
            path_item(item, &at.join(section).join(key), visit);
        }
    }
    let Some(Value::Object(components)) = document.get_mut("components") else {
        return;
    };
    let at = at.join("components");
    for (key, schema) in entries(components.get_mut("schemas")) {
        visit(schema, &at.join("schemas").join(key));
    }
    for (key, node) in entries(components.get_mut("parameters")) {
        parameter(node, &at.join("parameters").join(key), visit);
    }
    for (key, node) in entries(components.get_mut("headers")) {
        parameter(node, &at.join("headers").join(key), visit);
    }
    for (key, node) in entries(components.get_mut("requestBodies")) {
        content(node, &at.join("requestBodies").join(key), visit);
    }
    for (key, node) in entries(components.get_mut("responses")) {
        response(node, &at.join("responses").join(key), visit);
    }
    for (key, node) in entries(components.get_mut("callbacks")) {
        callback(node, &at.join("callbacks").join(key), visit);
    }
    for (key, node) in entries(components.get_mut("pathItems")) {
        path_item(node, &at.join("pathItems").join(key), visit);
    }
}

/// The entries of a mapping (none for anything else).
fn entries(node: Option<&mut Value>) -> impl Iterator<Item = (&String, &mut Value)> {
    node.and_then(Value::as_object_mut).into_iter().flatten()
}

fn path_item(item: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&mut Value, &Pointer)) {
    let Some(map) = item.as_object_mut() else {
        return;
    };
    parameters(map.get_mut("parameters"), &at.join("parameters"), visit);
    for method in METHODS {
        let Some(Value::Object(operation)) = map.get_mut(*method) else {
            continue;
        };
        let at = at.join(method);
        parameters(
            operation.get_mut("parameters"),
            &at.join("parameters"),
            visit,
        );
        if let Some(body) = operation.get_mut("requestBody") {
            content(body, &at.join("requestBody"), visit);
        }
        for (status, node) in entries(operation.get_mut("responses")) {
            response(node, &at.join("responses").join(status), visit);
        }
        for (name, node) in entries(operation.get_mut("callbacks")) {
            callback(node, &at.join("callbacks").join(name), visit);
        }
    }
}

fn parameters(list: Option<&mut Value>, at: &Pointer, visit: &mut dyn FnMut(&mut Value, &Pointer)) {
    let Some(Value::Array(list)) = list else {
        return;
    };
    for (i, node) in list.iter_mut().enumerate() {
        parameter(node, &at.join(i.to_string()), visit);
    }
}

/// A parameter or header: a schema, or content.
fn parameter(node: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&mut Value, &Pointer)) {
    if let Some(schema) = node.get_mut("schema") {
        visit(schema, &at.join("schema"));
    }
    content(node, at, visit);
}

fn response(node: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&mut Value, &Pointer)) {
    for (name, header) in entries(node.get_mut("headers")) {
        parameter(header, &at.join("headers").join(name), visit);
    }
    content(node, at, visit);
}

fn callback(node: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&mut Value, &Pointer)) {
    for (expression, item) in entries(Some(node)) {
        path_item(item, &at.join(expression), visit);
    }
}

/// The media types of `node`'s `content` (request bodies, responses, parameters).
fn content(node: &mut Value, at: &Pointer, visit: &mut dyn FnMut(&mut Value, &Pointer)) {
    for (media_type, media) in entries(node.get_mut("content")) {
        let at = at.join("content").join(media_type);
        if let Some(schema) = media.get_mut("schema") {
            visit(schema, &at.join("schema"));
        }
        for (name, encoding) in entries(media.get_mut("encoding")) {
            for (header_name, header) in entries(encoding.get_mut("headers")) {
                let at = at
                    .join("encoding")
                    .join(name)
                    .join("headers")
                    .join(header_name);
                parameter(header, &at, visit);
            }
        }
    }
}

#[cfg(test)]
mod tests;
