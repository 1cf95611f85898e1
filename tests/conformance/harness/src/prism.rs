//! The copy of a spec that Prism mocks: the document as the harness read it, with an
//! `encoding: {Field: {style: form, explode: true, allowReserved: true}}` entry for every
//! array property of every `application/x-www-form-urlencoded` (or `multipart/form-data`)
//! request body that does not declare one; parameter schemas without `null`
//! (`prism_parameters.rs`).
//!
//! Prism rejects repeated form fields (`Permission=a&Permission=b`, how the client and Twilio
//! send arrays) with "must be array" unless the media type declares that encoding; OpenAPI
//! says form/explode is the default, so the copy states the default and changes nothing the
//! client sends. `allowReserved` because, once a field has an encoding entry, Prism checks its
//! raw value for reserved characters and so refuses `+`, the form encoding of a space
//! (`RecordingStatusCallbackEvent=in-progress+completed`): "Reserved characters used in
//! request body". A field is an array when its schema is, after `$ref`s, or when any part of
//! its `allOf`/`oneOf`/`anyOf` is; the body's properties include those of its `allOf` parts.
//! The same for `multipart/form-data` bodies: Prism keeps one part per name, a string, and
//! refuses an array field as "must be array" unless an encoding with a style makes it read the
//! part as a one-item array (OpenAPI ignores `style` for multipart: nothing else changes).
//! Relative external `$ref`s are made absolute, since the copy is written elsewhere.
//!
//! Path template variables whose names hold a character special in regular expressions
//! (gRPC-gateway specs name them after message fields: `{deployment.series_name}`) are renamed
//! in the copy, in the path and in the path parameters that declare them (`{deployment_series_name}`):
//! Prism's router escapes the template for a regular expression before it replaces the
//! variables by `(.*)` with a pattern that stops at a backslash, so such a variable stays a
//! literal and no request path matches (404 `NO_PATH_MATCHED_ERROR`). The name of a path
//! variable is not on the wire, so the copy still checks everything the client sends.
//!
//! A path key with a `#fragment` suffix (`/v1/connectors/{id}#byId`, one path and method given
//! several operations) is where the client sends the path before the `#`; Prism routes the
//! literal key, so the copy moves its operations to that path when it has none of their
//! methods yet (an operation whose method is taken stays: Prism cannot tell the two apart).
//!
//! A form encoding in `spaceDelimited`/`pipeDelimited` style on a property that is not an
//! array loses its style: Prism exits on it ([`undelimited_non_array_encodings`]).
//!
//! Cycles through several schemas are cut ([`crate::cycles`]): Prism never starts on them.
//! Structured bodies in media types Prism reads as text lose their schema
//! ([`crate::prism_bodies`]): Prism would refuse whatever is sent.

use std::path::Path;

use serde_json::{json, Value};

use crate::spec::{self, Spec};

/// The document Prism mocks, and what was changed to get it.
pub struct PrismCopy {
    pub document: Value,
    /// Form `encoding` entries stated.
    pub encodings_added: usize,
    /// `$ref`s dropped to cut cycles through several schemas ([`crate::cycles`]).
    pub references_cut: usize,
}

/// Rewrites `spec` (read from a file in `dir`) for Prism.
pub fn prism_copy(spec: &Spec, dir: &Path) -> Result<PrismCopy, String> {
    let mut root = spec.root.clone();
    let encodings_added = add_form_encodings(spec, &mut root)?;
    undelimited_non_array_encodings(spec, &mut root)?;
    crate::prism_bodies::unchecked_text_bodies(spec, &mut root);
    crate::prism_parameters::rewrite_parameter_schemas(spec, &mut root);
    rename_path_variables(spec, &mut root);
    drop_path_fragments(&mut root);
    let references_cut = crate::cycles::break_schema_cycles(&mut root);
    absolutize_refs(&mut root, dir);
    Ok(PrismCopy {
        document: root,
        encodings_added,
        references_cut,
    })
}

/// Rewrites `$ref: other.yaml#/x` to `$ref: /abs/dir/other.yaml#/x`, and takes out every
/// object whose `$ref` names a file that does not exist there.
///
/// Prism resolves every `$ref` of the document before it starts, and exits on one it cannot
/// open. The bundled document of a multi-file spec still holds references where the loader
/// does not follow them (`x-codeSamples`, example values, headers), written relative to the
/// file they came from, which the bundle no longer records: DigitalOcean's 1,340 code-sample
/// references name `examples/curl/*.yml` beside each resource's file. None of them is
/// something Prism serves or checks a client against.
fn absolutize_refs(value: &mut Value, dir: &Path) {
    match value {
        Value::Object(object) => {
            object.retain(|_, child| !names_missing_file(child, dir));
            if let Some(Value::String(reference)) = object.get_mut("$ref") {
                if let Some(absolute) = absolute_reference(reference, dir) {
                    *reference = absolute;
                }
            }
            object.values_mut().for_each(|v| absolutize_refs(v, dir));
        }
        Value::Array(items) => {
            items.retain(|item| !names_missing_file(item, dir));
            items.iter_mut().for_each(|v| absolutize_refs(v, dir));
        }
        _ => {}
    }
}

/// `reference` made absolute when it names a relative file; `None` when it is local, a URL
/// or absolute already.
fn absolute_reference(reference: &str, dir: &Path) -> Option<String> {
    let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    if file.is_empty() || file.contains("://") || file.starts_with('/') {
        return None;
    }
    let absolute = dir.join(file).display().to_string();
    Some(if fragment.is_empty() {
        absolute
    } else {
        format!("{absolute}#{fragment}")
    })
}

/// Whether `value` is an object whose `$ref` names a relative file missing from `dir`.
fn names_missing_file(value: &Value, dir: &Path) -> bool {
    value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| absolute_reference(reference, dir))
        .is_some_and(|absolute| {
            let file = absolute
                .split_once('#')
                .map_or(absolute.as_str(), |(f, _)| f);
            !Path::new(file).is_file()
        })
}

/// Whether Prism's router can match a path variable of this name: none of the characters its
/// template escaping turns into a backslash escape.
fn routable(name: &str) -> bool {
    !name.chars().any(|c| ".*+?^${}()|[]\\".contains(c))
}

/// The variables of a path template, in order.
fn path_variables(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// Renames the path variables Prism cannot route (see the module documentation) in `root`'s
/// paths and their path parameters; a renamed parameter given by `$ref` is inlined, since the
/// component may serve other paths. `document` resolves the references.
fn rename_path_variables(document: &Spec, root: &mut Value) {
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return;
    };
    // (path, its copy's path, (variable, its copy's name)...)
    type Rename = (String, String, Vec<(String, String)>);
    let renames: Vec<Rename> = paths
        .keys()
        .filter_map(|path| {
            let variables = path_variables(path);
            let mut renamed = Vec::new();
            for name in variables.iter().filter(|name| !routable(name)) {
                let mut new: String = name
                    .chars()
                    .map(|c| if routable(&c.to_string()) { c } else { '_' })
                    .collect();
                while variables.contains(&new.as_str())
                    || renamed
                        .iter()
                        .any(|(_, taken): &(String, String)| *taken == new)
                {
                    new.push('_');
                }
                renamed.push(((*name).to_owned(), new));
            }
            if renamed.is_empty() {
                return None;
            }
            let mut new_path = path.clone();
            for (old, new) in &renamed {
                new_path = new_path.replace(&format!("{{{old}}}"), &format!("{{{new}}}"));
            }
            // Two templates that differ only in variable names are one path to OpenAPI.
            (!paths.contains_key(&new_path)).then(|| (path.clone(), new_path, renamed))
        })
        .collect();
    if renames.is_empty() {
        return;
    }
    // Rebuilt in order: Prism prefers the first of equally good matches.
    for (path, mut item) in std::mem::take(paths) {
        let Some((_, new_path, renamed)) = renames.iter().find(|(old, _, _)| *old == path) else {
            paths.insert(path, item);
            continue;
        };
        if item.get("$ref").is_some() {
            if let Ok(resolved) = document.resolve(&item) {
                item = resolved.clone();
            }
        }
        if let Value::Object(item) = &mut item {
            for (key, value) in item.iter_mut() {
                let parameters = if key == "parameters" {
                    Some(value)
                } else {
                    value.get_mut("parameters")
                };
                let Some(Value::Array(parameters)) = parameters else {
                    continue;
                };
                for parameter in parameters {
                    rename_parameter(document, parameter, renamed);
                }
            }
        }
        paths.insert(new_path.clone(), item);
    }
}

/// Moves the operations of `#fragment` path keys to the path before the `#` (see the module
/// documentation). A path item given by `$ref` stays as it is.
fn drop_path_fragments(root: &mut Value) {
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return;
    };
    let keys: Vec<String> = paths
        .keys()
        .filter(|key| key.contains('#'))
        .cloned()
        .collect();
    for key in keys {
        let Some((path, _)) = key.split_once('#') else {
            continue;
        };
        let path = path.to_owned();
        let Some(Value::Object(mut item)) = paths.remove(&key) else {
            continue;
        };
        if item.contains_key("$ref") {
            paths.insert(key, Value::Object(item));
            continue;
        }
        let target = paths
            .entry(path)
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
        let Value::Object(target) = target else {
            paths.insert(key, Value::Object(item));
            continue;
        };
        if target.contains_key("$ref") {
            paths.insert(key, Value::Object(item));
            continue;
        }
        // Path-level parameters and servers go onto each moved operation's own list.
        let shared_parameters = item.get("parameters").cloned();
        for method in crate::raw::METHODS {
            if target.contains_key(method) {
                continue;
            }
            let Some(mut operation) = item.remove(method) else {
                continue;
            };
            if let (Some(Value::Array(shared)), Value::Object(fields)) =
                (&shared_parameters, &mut operation)
            {
                let own = fields
                    .entry("parameters")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(own) = own {
                    let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
                    for parameter in shared {
                        if !own.iter().any(|p| key(p) == key(parameter)) {
                            own.push(parameter.clone());
                        }
                    }
                }
            }
            target.insert(method.to_owned(), operation);
        }
        if crate::raw::METHODS
            .iter()
            .any(|method| item.contains_key(*method))
        {
            paths.insert(key, Value::Object(item));
        }
    }
}

/// Renames `parameter` (inlined from its `$ref`) when it is a path parameter `renamed` names.
fn rename_parameter(document: &Spec, parameter: &mut Value, renamed: &[(String, String)]) {
    let Ok(resolved) = document.resolve(parameter) else {
        return;
    };
    if resolved.get("in").and_then(Value::as_str) != Some("path") {
        return;
    }
    let Some(name) = resolved.get("name").and_then(Value::as_str) else {
        return;
    };
    let Some((_, new)) = renamed.iter().find(|(old, _)| old == name) else {
        return;
    };
    let mut inline = resolved.clone();
    if let Value::Object(fields) = &mut inline {
        fields.insert("name".to_owned(), Value::String(new.clone()));
    }
    *parameter = inline;
}

/// Every form request body media type of `document` (see [`is_form`]): its JSON pointer (where
/// a `$ref`'d body is defined) and the media type object.
fn form_media_types(document: &Spec) -> Result<Vec<(String, &Value)>, String> {
    let mut found = Vec::new();
    let paths = document.root.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        let item = document.resolve(item)?;
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, operation) in item {
            let Some(body) = operation.get("requestBody") else {
                continue;
            };
            // A `$ref`'d body is changed where it is defined.
            let body_pointer = match body.get("$ref").and_then(Value::as_str) {
                Some(reference) => reference.trim_start_matches('#').to_owned(),
                None => format!("/paths/{}/{method}/requestBody", spec::escape(path)),
            };
            let body = document.resolve(body)?;
            let content = body.get("content").and_then(Value::as_object);
            for (media_type, media) in content.into_iter().flatten() {
                if is_form(media_type) {
                    let pointer = format!("{body_pointer}/content/{}", spec::escape(media_type));
                    found.push((pointer, media));
                }
            }
        }
    }
    Ok(found)
}

/// Adds the encodings to `root` (a copy of `document`'s); returns how many were added.
fn add_form_encodings(document: &Spec, root: &mut Value) -> Result<usize, String> {
    // Pass 1 (read-only): where each encoding goes, as (media type pointer, field).
    let mut wanted: Vec<(String, String)> = Vec::new();
    for (media_pointer, media) in form_media_types(document)? {
        let Some(schema) = media.get("schema") else {
            continue;
        };
        for (field, property) in document.properties(schema) {
            let declared = media.pointer(&format!("/encoding/{}", spec::escape(field)));
            if is_array(document, property, 0) && declared.is_none() {
                wanted.push((media_pointer.clone(), field.clone()));
            }
        }
    }
    // Pass 2: add them (a shared `$ref`'d body may come up more than once).
    let mut added = 0;
    for (media_pointer, field) in wanted {
        let media = root
            .pointer_mut(&media_pointer)
            .and_then(Value::as_object_mut)
            .ok_or_else(|| format!("{media_pointer} is not an object"))?;
        let encoding = media.entry("encoding").or_insert_with(|| json!({}));
        let encoding = encoding
            .as_object_mut()
            .ok_or_else(|| format!("{media_pointer}/encoding is not an object"))?;
        if !encoding.contains_key(&field) {
            encoding.insert(
                field,
                json!({"style": "form", "explode": true, "allowReserved": true}),
            );
            added += 1;
        }
    }
    Ok(added)
}

/// Takes the `style` (and `explode`) out of each form encoding entry in `spaceDelimited` or
/// `pipeDelimited` style whose property is not an array: OpenAPI allows objects there, and
/// the client sends them so, but Prism throws (`delimited style is only applicable to array
/// parameter`) and exits, failing every call after it. Without a style Prism reads the field
/// as form text; the runtime's style tests (`codegen/runtime/src/tests/style.rs`) check the
/// client's bytes for delimited objects.
fn undelimited_non_array_encodings(document: &Spec, root: &mut Value) -> Result<(), String> {
    let mut wanted: Vec<String> = Vec::new();
    for (media_pointer, media) in form_media_types(document)? {
        let Some(schema) = media.get("schema") else {
            continue;
        };
        for (field, property) in document.properties(schema) {
            let delimited = media
                .pointer(&format!("/encoding/{}/style", spec::escape(field)))
                .and_then(Value::as_str)
                .is_some_and(|style| matches!(style, "spaceDelimited" | "pipeDelimited"));
            if delimited && !is_array(document, property, 0) {
                wanted.push(format!("{media_pointer}/encoding/{}", spec::escape(field)));
            }
        }
    }
    for pointer in wanted {
        if let Some(Value::Object(encoding)) = root.pointer_mut(&pointer) {
            encoding.remove("style");
            encoding.remove("explode");
        }
    }
    Ok(())
}

/// Deeper than any sane schema; stops `$ref` cycles.
const MAX_DEPTH: usize = 16;

/// Whether a property's values are arrays: its type (3.0 `type: array`, 3.1 `type: [array,
/// null]`) or `items` after `$ref`s, or any part of its `allOf`/`oneOf`/`anyOf`.
fn is_array(document: &Spec, schema: &Value, depth: usize) -> bool {
    let Ok(schema) = document.resolve(schema) else {
        return false;
    };
    if depth > MAX_DEPTH {
        return false;
    }
    let typed = match schema.get("type") {
        Some(Value::String(kind)) => kind == "array",
        Some(Value::Array(kinds)) => kinds.iter().any(|k| k == "array"),
        _ => schema.get("items").is_some(),
    };
    typed
        || ["allOf", "oneOf", "anyOf"].iter().any(|key| {
            schema
                .get(*key)
                .and_then(Value::as_array)
                .is_some_and(|parts| parts.iter().any(|part| is_array(document, part, depth + 1)))
        })
}

/// Whether a media type is `application/x-www-form-urlencoded` or `multipart/form-data`, case
/// and parameters aside (as the generator reads it).
fn is_form(media_type: &str) -> bool {
    match specweave::model::MediaType::parse(media_type) {
        specweave::model::MediaType::FormUrlencoded => true,
        specweave::model::MediaType::Multipart(essence) => essence == "multipart/form-data",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_fields_behind_refs_and_all_of_get_an_encoding() {
        let document = Spec {
            file: "test.yaml".to_owned(),
            root: json!({
                "paths": {"/roles": {"post": {"requestBody": {"content": {
                    "application/x-www-form-urlencoded": {"schema": {
                        "allOf": [
                            {"$ref": "#/components/schemas/base"},
                            {"properties": {
                                "Inline": {"type": "array", "items": {"type": "string"}},
                                "Nullable": {"type": ["array", "null"]},
                                "Declared": {"type": "array"},
                                "Text": {"type": "string"}
                            }}
                        ]
                    }, "encoding": {"Declared": {"style": "form", "explode": false}}}
                }}}}},
                "components": {"schemas": {
                    "base": {"type": "object", "properties": {
                        "Permission": {"$ref": "#/components/schemas/permissions"},
                        "Wrapped": {"allOf": [{"$ref": "#/components/schemas/permissions"}]}
                    }},
                    "permissions": {"type": "array", "items": {"type": "string"}}
                }}
            }),
        };
        let PrismCopy {
            document: copy,
            encodings_added: added,
            ..
        } = prism_copy(&document, Path::new("/specs")).unwrap();
        let encoding = &copy["paths"]["/roles"]["post"]["requestBody"]["content"]
            ["application/x-www-form-urlencoded"]["encoding"];
        let stated = json!({"style": "form", "explode": true, "allowReserved": true});
        for field in ["Permission", "Wrapped", "Inline", "Nullable"] {
            assert_eq!(encoding[field], stated, "{field}");
        }
        assert_eq!(added, 4);
        assert_eq!(
            encoding["Declared"],
            json!({"style": "form", "explode": false})
        );
        assert!(encoding.get("Text").is_none());
    }

    #[test]
    fn path_variables_prism_cannot_route_are_renamed_with_their_parameters() {
        let document = Spec {
            file: "test.yaml".to_owned(),
            root: json!({
                "paths": {
                    "/w/{execution.workflow_id}/q/{query.type}": {
                        "parameters": [{"$ref": "#/components/parameters/type"}],
                        "get": {"parameters": [
                            {"name": "execution.workflow_id", "in": "path", "required": true},
                            {"name": "execution.workflow_id", "in": "query"}
                        ]}
                    },
                    "/w/{id}": {"post": {"parameters": [{"name": "id", "in": "path"}]}}
                },
                "components": {"parameters": {
                    "type": {"name": "query.type", "in": "path", "required": true}
                }}
            }),
        };
        let copy = prism_copy(&document, Path::new("/specs")).unwrap().document;
        let paths = copy["paths"].as_object().unwrap();
        let keys: Vec<&String> = paths.keys().collect();
        assert_eq!(
            keys,
            ["/w/{execution_workflow_id}/q/{query_type}", "/w/{id}"]
        );
        let item = &paths["/w/{execution_workflow_id}/q/{query_type}"];
        assert_eq!(
            item["parameters"][0],
            json!({"name": "query_type", "in": "path", "required": true})
        );
        assert_eq!(
            item["get"]["parameters"][0]["name"],
            "execution_workflow_id"
        );
        assert_eq!(
            item["get"]["parameters"][1]["name"],
            "execution.workflow_id"
        );
        assert_eq!(
            copy["components"]["parameters"]["type"]["name"],
            "query.type"
        );
        assert_eq!(path_variables("/a/{b}/{c.d}:x"), ["b", "c.d"]);
    }

    #[test]
    fn fragment_paths_move_to_the_path_before_the_hash_when_their_method_is_free() {
        let document = Spec {
            file: "test.yaml".to_owned(),
            root: json!({"paths": {
                "/c": {"post": {"operationId": "start"}},
                "/c#stream": {"post": {"operationId": "start_stream"}},
                "/c/{id}#byId": {
                    "parameters": [{"name": "id", "in": "path"}],
                    "get": {"operationId": "get"}
                }
            }}),
        };
        let copy = prism_copy(&document, Path::new("/specs")).unwrap().document;
        let paths = &copy["paths"];
        assert_eq!(paths["/c"]["post"]["operationId"], "start");
        assert_eq!(paths["/c#stream"]["post"]["operationId"], "start_stream");
        assert_eq!(
            paths["/c/{id}"]["get"],
            json!({"operationId": "get", "parameters": [{"name": "id", "in": "path"}]})
        );
        assert!(paths.get("/c/{id}#byId").is_none());
    }

    #[test]
    fn references_to_files_that_do_not_exist_are_taken_out() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut root = json!({
            "x-codeSamples": [{"$ref": "examples/curl/list.yml"}, {"lang": "sh"}],
            "content": {"application/json": {
                "schema": {"$ref": "Cargo.toml#/package"},
                "example": {"$ref": "examples.yml#/list"}
            }}
        });
        absolutize_refs(&mut root, dir);
        let existing = format!("{}#/package", dir.join("Cargo.toml").display());
        assert_eq!(
            root,
            json!({
                "x-codeSamples": [{"lang": "sh"}],
                "content": {"application/json": {"schema": {"$ref": existing}}}
            })
        );
    }
}
