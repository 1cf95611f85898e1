//! `prism-spec IN OUT`: writes a copy of spec `IN` (YAML or JSON) as JSON to `OUT`, with an
//! `encoding: {Field: {style: form, explode: true, allowReserved: true}}` entry for every
//! array property of every `application/x-www-form-urlencoded` request body that does not
//! declare one.
//!
//! Prism rejects repeated form fields (`Permission=a&Permission=b`, how the client and Twilio
//! send arrays) with "must be array" unless the media type declares that encoding; OpenAPI
//! says form/explode is the default, so the copy states the default and changes nothing the
//! client sends. `allowReserved` because, once a field has an encoding entry, Prism checks its
//! raw value for reserved characters and so refuses `+`, the form encoding of a space
//! (`RecordingStatusCallbackEvent=in-progress+completed`): "Reserved characters used in
//! request body". Relative external `$ref`s are made absolute, since the copy is written
//! elsewhere. The client itself is generated from the unmodified spec.

#[allow(dead_code)] // Shared with the harness, which uses more of it.
#[path = "../../harness/spec.rs"]
mod spec;

use serde_json::{json, Value};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: prism-spec IN OUT");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(input).unwrap_or_else(|e| fail(&format!("{input}: {e}")));
    let mut root = spec::parse(&text).unwrap_or_else(|e| fail(&format!("{input}: {e}")));
    let added = add_form_encodings(&mut root).unwrap_or_else(|e| fail(&format!("{input}: {e}")));
    // The copy lives elsewhere: relative external `$ref`s must still find their files.
    let dir = std::path::Path::new(input)
        .parent()
        .map(|d| {
            if d.as_os_str().is_empty() {
                ".".as_ref()
            } else {
                d
            }
        })
        .and_then(|d| d.canonicalize().ok())
        .unwrap_or_else(|| fail(&format!("{input}: cannot resolve its directory")));
    absolutize_refs(&mut root, &dir);
    let json = serde_json::to_string(&root).expect("JSON values always serialize");
    std::fs::write(output, json).unwrap_or_else(|e| fail(&format!("{output}: {e}")));
    println!("prism-spec: {input} -> {output} ({added} form array field(s) given an encoding)");
}

/// Rewrites `$ref: other.yaml#/x` to `$ref: /abs/dir/other.yaml#/x`.
fn absolutize_refs(value: &mut Value, dir: &std::path::Path) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get_mut("$ref") {
                let (file, fragment) = reference
                    .split_once('#')
                    .unwrap_or((reference.as_str(), ""));
                if !file.is_empty() && !file.contains("://") && !file.starts_with('/') {
                    let absolute = dir.join(file).display().to_string();
                    *reference = if fragment.is_empty() {
                        absolute
                    } else {
                        format!("{absolute}#{fragment}")
                    };
                }
            }
            object.values_mut().for_each(|v| absolutize_refs(v, dir));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| absolutize_refs(v, dir)),
        _ => {}
    }
}

fn fail(message: &str) -> ! {
    eprintln!("prism-spec: {message}");
    std::process::exit(1);
}

/// Adds the encodings; returns how many were added.
fn add_form_encodings(root: &mut Value) -> Result<usize, String> {
    let document = spec::Spec {
        file: String::new(),
        root: root.clone(),
    };
    // Pass 1 (read-only): where each encoding goes, as (media type pointer, field).
    let mut wanted: Vec<(String, String)> = Vec::new();
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
                if !is_form(media_type) {
                    continue;
                }
                let Some(schema) = media.get("schema") else {
                    continue;
                };
                let Ok(schema) = document.resolve(schema) else {
                    eprintln!("prism-spec: {path} {method}: the form body schema is not in this file; no encoding added");
                    continue;
                };
                let properties = schema.get("properties").and_then(Value::as_object);
                for (field, property) in properties.into_iter().flatten() {
                    let Ok(property) = document.resolve(property) else {
                        continue;
                    };
                    let is_array = property.get("type").and_then(Value::as_str) == Some("array");
                    let declared = media.pointer(&format!("/encoding/{}", spec::escape(field)));
                    if is_array && declared.is_none() {
                        let media_pointer =
                            format!("{body_pointer}/content/{}", spec::escape(media_type));
                        wanted.push((media_pointer, field.clone()));
                    }
                }
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

/// Whether a media type is `application/x-www-form-urlencoded`, case and parameters aside (as
/// the generator's `MediaType::parse` reads it; this binary does not depend on the generator).
fn is_form(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or_default();
    essence
        .trim()
        .eq_ignore_ascii_case("application/x-www-form-urlencoded")
}
