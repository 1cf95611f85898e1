//! External `$ref`s: pieces of a spec kept in other files beside it.
//!
//! A `$ref` such as `schemas/pet.yaml#/Pet` or `common.yaml#/components/parameters/Limit` is
//! resolved relative to the file that contains it. The referenced node is copied into the
//! main document's `components` (under the section its pointer names, `schemas` otherwise)
//! and the `$ref` is rewritten to point there, so the rest of the pipeline only ever sees
//! local references. References inside imported nodes are followed the same way (relative
//! to their own file); each (file, pointer) is imported once, so cycles terminate. URLs are
//! refused: the generator never fetches anything.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::diagnostics::{Diagnostic, Pointer};
use crate::names;

/// Component sections a `$ref` may target.
const SECTIONS: &[&str] = &[
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "securitySchemes",
    "examples",
];

/// What the keys of an object are: keywords (of a schema, an operation, ...), or names chosen
/// by the spec's author (properties, status codes, media types, component names, ...), which
/// may be spelled like keywords (`default`, `example`) without being one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Keywords,
    Names,
}

/// Keywords whose value maps names to objects of keywords.
const NAMED_MAPS: &[&str] = &[
    "paths",
    "webhooks",
    "callbacks",
    "responses",
    "content",
    "headers",
    "encoding",
    "links",
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "schemas",
    "parameters",
    "requestBodies",
    "securitySchemes",
    "pathItems",
    "examples",
];

/// Whether `key` (a keyword) holds data rather than spec structure: example values, defaults,
/// enumerations, constants and extension values, where a `$ref` key is data, never followed.
/// (`examples` maps names to Example objects, whose `value` is the data; in a 3.1 schema it is
/// an array of values.)
fn is_data(key: &str, value: &Value) -> bool {
    matches!(key, "example" | "default" | "enum" | "const" | "value")
        || key.starts_with("x-")
        || (key == "examples" && value.is_array())
}

/// Whether `text` has any `$ref` whose target does not start with `#` (a cheap scan, so
/// single-file specs pay nothing).
pub(super) fn has_external_refs(text: &str) -> bool {
    text.match_indices("$ref").any(|(at, _)| {
        let rest = text[at + 4..].trim_start_matches(['"', '\'']).trim_start();
        let Some(value) = rest.strip_prefix(':') else {
            return false;
        };
        // Only a scalar on the same line is a reference target (a property named `$ref` has a
        // mapping as its value).
        let value = value.lines().next().unwrap_or_default().trim();
        let target = value.trim_start_matches(['"', '\'']);
        !(value.is_empty() || value.starts_with(['{', '[', '|', '>']) || target.starts_with('#'))
    })
}

/// Rewrites every external `$ref` in `root` (the document read from `path`) into a local one.
/// Returns the other files read.
pub(super) fn bundle(path: &Path, root: &mut Value) -> Result<Vec<PathBuf>, Vec<Diagnostic>> {
    let mut bundler = Bundler {
        main: path.to_owned(),
        documents: HashMap::new(),
        imported: HashMap::new(),
        taken: existing_component_names(root),
        pending: BTreeMap::new(),
        errors: Vec::new(),
    };
    bundler.rewrite(root, path, &Pointer::root(), true);
    if !bundler.errors.is_empty() {
        return Err(bundler.errors);
    }
    if !bundler.pending.is_empty() {
        if !root.get("components").is_some_and(Value::is_object) {
            root["components"] = Value::Object(Map::new());
        }
        for ((section, name), node) in std::mem::take(&mut bundler.pending) {
            let components = &mut root["components"];
            if !components.get(&section).is_some_and(Value::is_object) {
                components[&section] = Value::Object(Map::new());
            }
            components[&section][&name] = node;
        }
    }
    let mut files: Vec<PathBuf> = bundler.documents.into_keys().collect();
    files.sort();
    Ok(files)
}

struct Bundler {
    /// The main spec file (messages about it name it as given).
    main: PathBuf,
    /// Other files read, by canonical path.
    documents: HashMap<PathBuf, Value>,
    /// (canonical file, fragment) → (section, local name), for imports made or under way.
    imported: HashMap<(PathBuf, String), (String, String)>,
    /// Component names in use, per section.
    taken: HashMap<String, names::Namespace>,
    /// Imported nodes, to insert into the main document's components.
    pending: BTreeMap<(String, String), Value>,
    errors: Vec<Diagnostic>,
}

fn existing_component_names(root: &Value) -> HashMap<String, names::Namespace> {
    let mut taken = HashMap::new();
    for section in SECTIONS {
        let mut namespace = names::Namespace::new();
        if let Some(entries) = root
            .get("components")
            .and_then(|c| c.get(*section))
            .and_then(Value::as_object)
        {
            for key in entries.keys() {
                namespace.claim(key.clone());
            }
        }
        taken.insert((*section).to_owned(), namespace);
    }
    taken
}

impl Bundler {
    /// Rewrites the `$ref`s in `node`, which lives in `file` at `pointer`. In the main document
    /// (`in_main`) local references stay as they are; in an imported one they are imports too.
    fn rewrite(&mut self, node: &mut Value, file: &Path, pointer: &Pointer, in_main: bool) {
        self.rewrite_at(node, file, pointer, in_main, Position::Keywords);
    }

    fn rewrite_at(
        &mut self,
        node: &mut Value,
        file: &Path,
        pointer: &Pointer,
        in_main: bool,
        position: Position,
    ) {
        match node {
            Value::Object(map) => {
                if position == Position::Keywords {
                    if let Some(Value::String(reference)) = map.get("$ref") {
                        let reference = reference.clone();
                        let is_local = reference.starts_with('#');
                        if !(is_local && in_main) {
                            let at = pointer.clone();
                            if let Some(local) = self.import(&reference, file, &at, in_main) {
                                map.insert("$ref".to_owned(), Value::String(local));
                            }
                        }
                        return;
                    }
                }
                for (key, child) in map.iter_mut() {
                    let child_position = match position {
                        // A name (property, status code, media type...): its value is an object
                        // of keywords again.
                        Position::Names => Position::Keywords,
                        Position::Keywords if is_data(key, child) => continue,
                        Position::Keywords if NAMED_MAPS.contains(&key.as_str()) => Position::Names,
                        Position::Keywords => Position::Keywords,
                    };
                    self.rewrite_at(child, file, &pointer.join(key), in_main, child_position);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    let at = pointer.join(i.to_string());
                    self.rewrite_at(child, file, &at, in_main, Position::Keywords);
                }
            }
            _ => {}
        }
    }

    fn error(&mut self, file: &Path, pointer: &Pointer, message: String) {
        self.errors.push(Diagnostic::error(file, pointer, message));
    }

    /// Imports the target of `reference` (found in `file` at `pointer`); returns the local
    /// reference that replaces it.
    fn import(
        &mut self,
        reference: &str,
        file: &Path,
        pointer: &Pointer,
        in_main: bool,
    ) -> Option<String> {
        if reference.contains("://") {
            self.error(
                file,
                pointer,
                format!("`$ref: {reference}` is a URL; remote references are not fetched (download the document and refer to the local file)"),
            );
            return None;
        }
        let (target_file, fragment) = match reference.split_once('#') {
            Some((file_part, fragment)) => (file_part, fragment),
            None => (reference, ""),
        };
        let target = if target_file.is_empty() {
            // A local reference inside an imported document: same file.
            file.to_owned()
        } else {
            file.parent().unwrap_or(Path::new("")).join(target_file)
        };
        let canonical = match target.canonicalize() {
            Ok(canonical) => canonical,
            Err(e) => {
                let shown = if in_main {
                    reference.to_owned()
                } else {
                    format!("{reference} (from {})", file.display())
                };
                self.error(
                    file,
                    pointer,
                    format!(
                        "`$ref: {shown}` refers to `{}`, which cannot be read: {e}",
                        target.display()
                    ),
                );
                return None;
            }
        };
        let key = (canonical.clone(), fragment.to_owned());
        if let Some((section, name)) = self.imported.get(&key) {
            return Some(local_ref(section, name));
        }
        let document = match self.document(&canonical) {
            Ok(document) => document,
            Err(message) => {
                self.error(file, pointer, format!("`$ref: {reference}`: {message}"));
                return None;
            }
        };
        let Some(node) = document.pointer(fragment).cloned() else {
            self.error(
                file,
                pointer,
                format!(
                    "`$ref: {reference}` points at nothing: `{}` has no node at `#{fragment}`",
                    target.display()
                ),
            );
            return None;
        };
        let (section, wanted) = target_name(fragment, &canonical);
        let namespace = self.taken.entry(section.clone()).or_default();
        let name = namespace.claim(wanted);
        self.imported.insert(key, (section.clone(), name.clone()));
        let mut node = node;
        let node_pointer = Pointer::from_escaped(&format!("#{fragment}"));
        self.rewrite(&mut node, &canonical, &node_pointer, false);
        self.pending.insert((section.clone(), name.clone()), node);
        Some(local_ref(&section, &name))
    }

    /// The parsed content of another file, read once.
    fn document(&mut self, canonical: &Path) -> Result<&Value, String> {
        if canonical == self.main.canonicalize().unwrap_or_default() {
            return Err("refers back into the main spec through a file path; use a `#/...` reference instead".to_owned());
        }
        if !self.documents.contains_key(canonical) {
            let text = std::fs::read_to_string(canonical)
                .map_err(|e| format!("cannot read `{}`: {e}", canonical.display()))?;
            // The main document's reader: numbers beyond 64 bits and the like are read the
            // same way in every file of a spec.
            let is_json = text.trim_start().starts_with('{');
            let value = super::locate::read_value(canonical, &text, is_json)
                .map_err(|diagnostic| diagnostic.to_string())?;
            self.documents.insert(canonical.to_owned(), value);
        }
        self.documents
            .get(canonical)
            .ok_or_else(|| "internal error: document cache".to_owned())
    }
}

fn local_ref(section: &str, name: &str) -> String {
    let escaped = name.replace('~', "~0").replace('/', "~1");
    format!("#/components/{section}/{escaped}")
}

/// Where an imported node goes: the section its pointer names (`/components/parameters/X`),
/// else `schemas`; named after the pointer's last token, else the file stem.
fn target_name(fragment: &str, file: &Path) -> (String, String) {
    let tokens: Vec<String> = fragment
        .split('/')
        .filter(|t| !t.is_empty())
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let section = match tokens.as_slice() {
        [components, section, ..]
            if components == "components" && SECTIONS.contains(&section.as_str()) =>
        {
            section.clone()
        }
        _ => "schemas".to_owned(),
    };
    let name = tokens
        .last()
        .cloned()
        .or_else(|| file.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "imported".to_owned());
    (section, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_finds_only_external_refs() {
        assert!(!has_external_refs(
            "a: {$ref: '#/components/schemas/A'}\nb:\n  $ref: \"#/x\""
        ));
        assert!(has_external_refs("a: {$ref: 'pet.yaml#/Pet'}"));
        assert!(has_external_refs("{\"$ref\": \"common.json\"}"));
        assert!(has_external_refs("$ref: https://example.com/x.yaml"));
        assert!(!has_external_refs(
            "properties:\n  $ref:\n    type: string\n  x: {$ref: {type: string}}"
        ));
    }

    #[test]
    fn names_follow_the_pointer() {
        let file = Path::new("dir/pet.yaml");
        assert_eq!(
            target_name("/components/parameters/Limit", file),
            ("parameters".into(), "Limit".into())
        );
        assert_eq!(target_name("/Pet", file), ("schemas".into(), "Pet".into()));
        assert_eq!(target_name("", file), ("schemas".into(), "pet".into()));
    }
}
