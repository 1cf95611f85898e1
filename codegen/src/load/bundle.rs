//! `$ref`s: the reference pass on the generic document, before it is normalized and read.
//!
//! Each `$ref` is resolved by its slot ([`super::slots`]). Where openapiv3 holds a reference
//! (schemas, parameters, responses, ...), a local reference in the main document stays as it
//! is, and an external one (`schemas/pet.yaml#/Pet`, `common.yaml#/components/parameters/Limit`,
//! resolved relative to the file that contains it) is copied into the main document's
//! `components` (under the section of its slot) and rewritten to point there, so the rest of
//! the pipeline only ever sees local references. Everywhere else (path items, operations,
//! `content` maps, media type objects, descriptions, ... also where the OpenAPI version does
//! not allow a `$ref`) the target is inlined, resolved once; a description that refers to a
//! file that is not YAML or JSON (`intro.md`) becomes its text. References inside imported
//! and inlined nodes are followed the same way, relative to their own file; each import is
//! made once and inlining is guarded against cycles. A `$ref` key inside data (`example`,
//! `examples.*.value`, `default`, `enum`, `const`, `x-*` values) is data, never followed. URLs
//! are refused: the generator never fetches anything.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::slots::{Child, Slot};
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
    "links",
];

/// Inside a schema, what the keys of an object are: keywords, or names chosen by the spec's
/// author (properties...), which may be spelled like keywords (`default`, `example`) without
/// being one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    Keywords,
    Names,
}

/// Schema keywords whose value maps names to schemas.
const NAMED_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// How many references in a row a chain may take (`A` → `B` → ...) before it counts as a
/// cycle.
const MAX_CHAIN: usize = 64;

/// Whether `key` (a schema keyword) holds data rather than structure: example values,
/// defaults, enumerations, constants and extension values, where a `$ref` key is data, never
/// followed. (In a 3.1 schema `examples` is an array of values.)
fn is_data(key: &str) -> bool {
    matches!(
        key,
        "example" | "examples" | "default" | "enum" | "const" | "value"
    ) || key.starts_with("x-")
}

/// What the reference pass did.
#[derive(Debug, Default)]
pub(super) struct Resolved {
    /// The other files read, sorted.
    pub(super) files: Vec<PathBuf>,
    /// Located warnings (references that could only be dropped).
    pub(super) warnings: Vec<Diagnostic>,
    /// Whether the document changed (its pointers are no longer those of its text).
    pub(super) changed: bool,
}

/// Resolves the `$ref`s of `root` (the document read from `path`) by their slots: external
/// ones made local, those where openapiv3 cannot hold a reference inlined.
pub(super) fn resolve(path: &Path, root: &mut Value) -> Result<Resolved, Vec<Diagnostic>> {
    let mut bundler = Bundler {
        main: path.to_owned(),
        main_canonical: path.canonicalize().ok(),
        main_document: root.clone(),
        documents: HashMap::new(),
        imported: HashMap::new(),
        taken: existing_component_names(root),
        pending: BTreeMap::new(),
        inlining: Vec::new(),
        chain: 0,
        errors: Vec::new(),
        warnings: Vec::new(),
        changed: false,
    };
    let at = Place {
        file: path.to_owned(),
        in_main: true,
        pointer: Pointer::root(),
    };
    bundler.visit(root, Slot::Document, &at);
    if !bundler.errors.is_empty() {
        return Err(bundler.errors);
    }
    if !bundler.pending.is_empty() {
        if !root.get("components").is_some_and(Value::is_object) {
            root["components"] = Value::Object(Map::new());
        }
        for ((section, name), node) in std::mem::take(&mut bundler.pending) {
            let components = &mut root["components"];
            if !components.get(section).is_some_and(Value::is_object) {
                components[section] = Value::Object(Map::new());
            }
            components[section][&name] = node;
        }
    }
    let mut files: Vec<PathBuf> = bundler.documents.into_keys().collect();
    files.sort();
    Ok(Resolved {
        files,
        warnings: bundler.warnings,
        changed: bundler.changed,
    })
}

/// Where a node is: its file, whether that is the main document, and its pointer there.
#[derive(Debug, Clone)]
struct Place {
    file: PathBuf,
    in_main: bool,
    pointer: Pointer,
}

impl Place {
    fn join(&self, token: &str) -> Self {
        Self {
            pointer: self.pointer.join(token),
            ..self.clone()
        }
    }
}

/// The node a reference names.
struct Target {
    /// The file (the main document as given, other files canonical).
    file: PathBuf,
    in_main: bool,
    /// The fragment, as written (without `#`).
    fragment: String,
}

impl Target {
    fn place(&self) -> Place {
        Place {
            file: self.file.clone(),
            in_main: self.in_main,
            pointer: Pointer::from_escaped(&format!("#{}", self.fragment)),
        }
    }

    /// Whether the file holds structure (YAML or JSON) rather than text (`.md`, `.txt`...).
    fn is_structured(&self) -> bool {
        self.in_main
            || self
                .file
                .extension()
                .and_then(|e| e.to_str())
                .is_none_or(|e| matches!(e.to_ascii_lowercase().as_str(), "yaml" | "yml" | "json"))
    }
}

struct Bundler {
    /// The main spec file (messages about it name it as given).
    main: PathBuf,
    main_canonical: Option<PathBuf>,
    /// The main document as read, which local references point into.
    main_document: Value,
    /// Other files read, by canonical path.
    documents: HashMap<PathBuf, Value>,
    /// (file, fragment, section) → local reference, for imports made or under way.
    imported: HashMap<(PathBuf, String, &'static str), String>,
    /// Component names in use, per section.
    taken: HashMap<String, names::Namespace>,
    /// Imported nodes, to insert into the main document's components.
    pending: BTreeMap<(&'static str, String), Value>,
    /// The (file, fragment)s being inlined, outermost first (a cycle guard).
    inlining: Vec<(PathBuf, String)>,
    /// The length of the reference chain being followed.
    chain: usize,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    changed: bool,
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

/// The reference of a `{$ref: ...}` object, if `node` is one.
fn reference_of(node: &Value) -> Option<String> {
    node.get("$ref").and_then(Value::as_str).map(str::to_owned)
}

impl Bundler {
    /// Resolves the references in `node`, a node of `slot` at `at`.
    fn visit(&mut self, node: &mut Value, slot: Slot, at: &Place) {
        if let Some(reference) = reference_of(node) {
            match slot.section() {
                Some(section) => self.reference(node, &reference, slot, section, at),
                None => self.inline(node, &reference, slot, at),
            }
            return;
        }
        match (slot, node) {
            (Slot::Schema, node) => self.schema(node, at, Position::Keywords),
            (Slot::Many(_), Value::Array(items)) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.visit_child(item, slot, &i.to_string(), at);
                }
            }
            (_, Value::Object(map)) => {
                for (key, child) in map.iter_mut() {
                    self.visit_child(child, slot, key, at);
                }
            }
            _ => {}
        }
    }

    fn visit_child(&mut self, child: &mut Value, parent: Slot, key: &str, at: &Place) {
        if let Child::At(slot) = parent.child(key) {
            self.visit(child, slot, &at.join(key));
        }
    }

    /// The references inside a schema: every subschema position may hold one.
    fn schema(&mut self, node: &mut Value, at: &Place, position: Position) {
        match node {
            Value::Object(map) => {
                if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                    let reference = reference.to_owned();
                    match position {
                        Position::Keywords => {
                            self.reference(node, &reference, Slot::Schema, "schemas", at);
                        }
                        // A map of names (`properties: {$ref: ...}`) given by reference: a
                        // property's value is a schema, never a string.
                        Position::Names => {
                            self.inline(node, &reference, Slot::Many(&Slot::Schema), at);
                        }
                    }
                    return;
                }
                for (key, child) in map.iter_mut() {
                    let child_position = match position {
                        // A name (property...): its value is a schema again.
                        Position::Names => Position::Keywords,
                        Position::Keywords if is_data(key) => continue,
                        Position::Keywords if matches!(key.as_str(), "description" | "title") => {
                            self.visit(child, Slot::Text, &at.join(key));
                            continue;
                        }
                        Position::Keywords if key == "discriminator" => {
                            self.discriminator_mapping(child, &at.join(key));
                            continue;
                        }
                        Position::Keywords if NAMED_MAPS.contains(&key.as_str()) => Position::Names,
                        Position::Keywords => Position::Keywords,
                    };
                    self.schema(child, &at.join(key), child_position);
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter_mut().enumerate() {
                    self.schema(child, &at.join(&i.to_string()), Position::Keywords);
                }
            }
            _ => {}
        }
    }

    /// A discriminator's `mapping` values that are references (not bare schema names) are
    /// made local like the `$ref`s of the alternatives they name, so both name the same
    /// component: `A: models/records.yml#/record_a` beside `$ref: models/records.yml#/record_a`
    /// becomes `A: '#/components/schemas/record_a'`.
    fn discriminator_mapping(&mut self, discriminator: &mut Value, at: &Place) {
        let Some(Value::Object(mapping)) = discriminator.get_mut("mapping") else {
            return;
        };
        let at = at.join("mapping");
        for (tag, target) in mapping.iter_mut() {
            let Value::String(reference) = target else {
                continue;
            };
            let is_reference = reference.contains('#') || reference.contains('/');
            if !is_reference || (at.in_main && reference.starts_with('#')) {
                continue;
            }
            let reference = reference.clone();
            if let Some(local) = self.import(&reference, Slot::Schema, "schemas", &at.join(tag)) {
                *target = Value::String(local);
                self.changed = true;
            }
        }
    }

    fn error(&mut self, at: &Place, message: String) {
        self.errors
            .push(Diagnostic::error(&at.file, at.pointer.as_str(), message));
    }

    fn warning(&mut self, at: &Place, message: String) {
        self.warnings
            .push(Diagnostic::warning(&at.file, at.pointer.as_str(), message));
    }

    /// A `$ref` in a slot that holds references: made local (imported when its target is
    /// outside the main document); a local one in the main document stays as it is.
    fn reference(
        &mut self,
        node: &mut Value,
        reference: &str,
        slot: Slot,
        section: &'static str,
        at: &Place,
    ) {
        if at.in_main && reference.starts_with('#') {
            // A reference to a component stays (one of the wrong section too: lowering says
            // so); one to any other node of the document is hoisted into components, unless
            // there is none or it is a 3.1 schema's `$defs` (normalization's business).
            let fragment = &reference[1..];
            let pointer = Pointer::from_escaped(reference).json_pointer();
            let elsewhere = !SECTIONS.iter().any(|s| is_component(fragment, s))
                && !fragment.contains("/$defs/")
                && self.main_document.pointer(&pointer).is_some();
            if !elsewhere {
                return;
            }
        }
        if let Some(local) = self.import(reference, slot, section, at) {
            if let Value::Object(map) = node {
                map.insert("$ref".to_owned(), Value::String(local));
                self.changed = true;
            }
        }
    }

    /// Where `reference` (found at `at`) points; `None` after reporting why it cannot be read.
    fn target(&mut self, reference: &str, at: &Place) -> Option<Target> {
        if reference.contains("://") {
            self.error(
                at,
                format!("`$ref: {reference}` is a URL; remote references are not fetched (download the document and refer to the local file)"),
            );
            return None;
        }
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if file_part.is_empty() {
            return Some(Target {
                file: at.file.clone(),
                in_main: at.in_main,
                fragment: fragment.to_owned(),
            });
        }
        let joined = at.file.parent().unwrap_or(Path::new("")).join(file_part);
        match joined.canonicalize() {
            Ok(canonical) if Some(&canonical) == self.main_canonical.as_ref() => Some(Target {
                file: self.main.clone(),
                in_main: true,
                fragment: fragment.to_owned(),
            }),
            Ok(canonical) => Some(Target {
                file: canonical,
                in_main: false,
                fragment: fragment.to_owned(),
            }),
            Err(e) => {
                let shown = if at.in_main {
                    reference.to_owned()
                } else {
                    format!("{reference} (from {})", at.file.display())
                };
                self.error(
                    at,
                    format!(
                        "`$ref: {shown}` refers to `{}`, which cannot be read: {e}",
                        joined.display()
                    ),
                );
                None
            }
        }
    }

    /// A copy of the node `target` names; `None` after reporting that there is none.
    fn node(&mut self, target: &Target, reference: &str, at: &Place) -> Option<Value> {
        let pointer = target.place().pointer.json_pointer();
        let found = if target.in_main {
            self.main_document.pointer(&pointer).cloned()
        } else {
            match self.document(&target.file) {
                Ok(document) => document.pointer(&pointer).cloned(),
                Err(message) => {
                    self.error(at, format!("`$ref: {reference}`: {message}"));
                    return None;
                }
            }
        };
        if found.is_none() {
            self.error(
                at,
                format!(
                    "`$ref: {reference}` points at nothing: `{}` has no node at `#{}`",
                    target.file.display(),
                    target.fragment
                ),
            );
        }
        found
    }

    /// Imports the target of `reference` (found at `at`, a `slot` position) into `section`;
    /// returns the local reference that replaces it.
    fn import(
        &mut self,
        reference: &str,
        slot: Slot,
        section: &'static str,
        at: &Place,
    ) -> Option<String> {
        let target = self.target(reference, at)?;
        if target.in_main && is_component(&target.fragment, section) {
            return Some(format!("#{}", target.fragment));
        }
        let key = (target.file.clone(), target.fragment.clone(), section);
        if let Some(local) = self.imported.get(&key) {
            return Some(local.clone());
        }
        if !target.is_structured() {
            self.warning(
                at,
                format!(
                    "`$ref: {reference}` refers to a file that is not YAML or JSON, which cannot be {}; the reference is left unresolved",
                    slot.noun()
                ),
            );
            return None;
        }
        let mut node = self.node(&target, reference, at)?;
        let place = target.place();
        // A reference to a reference: the chain's end is what gets imported.
        if let Some(next) =
            reference_of(&node).filter(|_| node.as_object().is_some_and(|m| m.len() == 1))
        {
            if self.chain >= MAX_CHAIN {
                self.error(
                    at,
                    format!("`$ref: {reference}` is part of a reference cycle"),
                );
                return None;
            }
            self.chain += 1;
            let local = if place.in_main
                && next.starts_with('#')
                && is_component(next.trim_start_matches('#'), section)
            {
                Some(next)
            } else {
                self.import(&next, slot, section, &place)
            };
            self.chain -= 1;
            if let Some(local) = &local {
                self.imported.insert(key, local.clone());
            }
            return local;
        }
        let wanted = target_name(&target.fragment, &target.file);
        let name = self
            .taken
            .entry(section.to_owned())
            .or_default()
            .claim(wanted);
        let local = local_ref(section, &name);
        self.imported.insert(key, local.clone());
        self.visit(&mut node, slot, &place);
        self.pending.insert((section, name), node);
        Some(local)
    }

    /// A `$ref` where openapiv3 cannot hold one: replaced by its target (its other keys kept
    /// over the target's), which is then resolved in its own file.
    fn inline(&mut self, node: &mut Value, reference: &str, slot: Slot, at: &Place) {
        let Some(target) = self.target(reference, at) else {
            return;
        };
        self.changed = true;
        if !target.is_structured() {
            if slot == Slot::Text {
                match std::fs::read_to_string(&target.file) {
                    Ok(text) => *node = Value::String(text),
                    Err(e) => self.error(
                        at,
                        format!(
                            "`$ref: {reference}`: cannot read `{}`: {e}",
                            target.file.display()
                        ),
                    ),
                }
            } else {
                self.warning(
                    at,
                    format!(
                        "`$ref: {reference}` refers to a file that is not YAML or JSON, which cannot be {}; it is ignored",
                        slot.noun()
                    ),
                );
                *node = Value::Object(Map::new());
            }
            return;
        }
        let key = (target.file.clone(), target.fragment.clone());
        if self.inlining.contains(&key) {
            self.error(
                at,
                format!(
                    "`$ref: {reference}` is part of a cycle: {} refers to itself",
                    slot.noun()
                ),
            );
            return;
        }
        let Some(mut replacement) = self.node(&target, reference, at) else {
            return;
        };
        if slot == Slot::Text && !replacement.is_string() {
            self.warning(
                at,
                format!("`$ref: {reference}` does not point at text; the description is ignored"),
            );
            *node = Value::String(String::new());
            return;
        }
        if let (Value::Object(siblings), Value::Object(merged)) = (&*node, &mut replacement) {
            for (key, value) in siblings {
                if key != "$ref" {
                    merged.insert(key.clone(), value.clone());
                }
            }
        }
        self.inlining.push(key);
        self.visit(&mut replacement, slot, &target.place());
        self.inlining.pop();
        *node = replacement;
    }

    /// The parsed content of another file, read once.
    fn document(&mut self, canonical: &Path) -> Result<&Value, String> {
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

/// Whether `fragment` names an entry of components section `section` (`/components/schemas/A`).
fn is_component(fragment: &str, section: &str) -> bool {
    fragment
        .strip_prefix("/components/")
        .and_then(|rest| rest.strip_prefix(section))
        .and_then(|rest| rest.strip_prefix('/'))
        .is_some_and(|name| !name.is_empty() && !name.contains('/'))
}

fn local_ref(section: &str, name: &str) -> String {
    let escaped = name.replace('~', "~0").replace('/', "~1");
    format!("#/components/{section}/{escaped}")
}

/// The name of an imported node: the pointer's last token, else the file stem.
fn target_name(fragment: &str, file: &Path) -> String {
    fragment
        .split('/')
        .rfind(|t| !t.is_empty())
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .or_else(|| file.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "imported".to_owned())
}

#[cfg(test)]
#[path = "bundle_tests.rs"]
mod tests;
