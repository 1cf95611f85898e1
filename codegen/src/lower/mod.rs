//! Stage 2: `openapiv3` documents → the validated [`model`](crate::model).
//!
//! Lowering runs in phases so that forward and cyclic `$ref`s resolve: first every component
//! schema of every spec is given its Rust name and the client's security schemes are chosen
//! (see `access`), then schemas and operations are converted
//! (inline types are named from their `title`, or parent name + property name), and finally
//! whole-model passes box recursive fields, decide which structs can derive `Default` and
//! recognise paged list operations. Problems are collected as located [`Diagnostic`]s; the
//! caller emits code only when there are no errors.

mod access;
mod body;
mod encoding;
mod errors;
mod form_encoding;
mod operation;
mod parts;
mod post;
mod response;
mod response_headers;
mod schema;
mod sizes;
mod structs;
mod union;
pub(crate) mod usage;

use std::collections::{BTreeMap, HashMap, HashSet};

use openapiv3::{OpenAPI, ReferenceOr};

use crate::diagnostics::{Diagnostic, Pointer, Severity};
use crate::load::LoadedSpec;
use crate::model::{
    Api, Docs, Operation, Scheme, ServerTemplate, ServerUrl, Source, TypeDef, TypeKind,
};
use crate::names::{self, Namespace};

/// Methods the generated `Client` has besides its operations (see `emit::client`); operations
/// must not take these names.
const RESERVED_METHODS: &[&str] = &["new", "builder", "base_url"];

/// Methods a `Credentials` value has besides its schemes' (`new`, and trait methods an
/// inherent method of the same name would shadow, such as the `default` that `new` calls).
const CREDENTIALS_METHODS: &[&str] = &["new", "default", "clone", "fmt"];

/// Lowers `specs` (merged into one client) into a model, or returns every error found.
/// Warnings are returned alongside a successful model.
pub fn lower(specs: &[LoadedSpec]) -> Result<(Api, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut state = State {
        types: BTreeMap::new(),
        inline_types: HashMap::new(),
        type_names: Namespace::new(),
        method_names: Namespace::with_reserved(RESERVED_METHODS),
        operations: Vec::new(),
        diagnostics: Vec::new(),
        schemes: Vec::new(),
        scheme_methods: Namespace::with_reserved(CREDENTIALS_METHODS),
        servers: Vec::new(),
    };
    // Phase 1: name every component schema of every spec before converting anything.
    let component_names: Vec<HashMap<String, String>> = specs
        .iter()
        .map(|spec| state.claim_component_names(&spec.api))
        .collect();
    // Phase 2: the client's security schemes, which each operation's requirement refers to.
    for (spec, components) in specs.iter().zip(&component_names) {
        Lowerer::new(spec, components, &mut state).collect_schemes();
    }
    // Phase 3: convert.
    for (spec, components) in specs.iter().zip(&component_names) {
        let mut lowerer = Lowerer::new(spec, components, &mut state);
        lowerer.lower_components();
        lowerer.lower_paths();
    }
    // Phase 4: whole-model passes.
    post::box_recursive_fields(&mut state.types);
    sizes::box_large_variants(&mut state.types);
    post::derive_defaults(&mut state.types);
    post::detect_paging(&state.types, &mut state.operations, &mut state.method_names);
    usage::decide_serde_impls(&mut state.types, &state.operations);
    response::name_byte_streams(&mut state.operations, &mut state.method_names);

    // A schema reached along several paths reports the same problem once.
    let mut seen = HashSet::new();
    let diagnostics: Vec<Diagnostic> = state
        .diagnostics
        .into_iter()
        .filter(|d| seen.insert(d.to_string()))
        .collect();
    let (errors, warnings): (Vec<_>, Vec<_>) = diagnostics
        .into_iter()
        .partition(|d| d.severity == Severity::Error);
    if !errors.is_empty() {
        return Err(errors);
    }
    let first = specs.first().map(|s| &s.api);
    let api = Api {
        title: first.map(|a| a.info.title.clone()).unwrap_or_default(),
        version: first.map(|a| a.info.version.clone()).unwrap_or_default(),
        description: first.and_then(|a| a.info.description.clone()),
        auth: access::auth_for(&state.schemes),
        schemes: state.schemes,
        base_url_required: specs.iter().all(|s| s.api.servers.is_empty())
            && state
                .operations
                .iter()
                .all(|op| op.server == ServerUrl::None),
        servers: state.servers,
        other_servers: first
            .map(|a| access::other_servers(&a.servers))
            .unwrap_or_default(),
        types: state.types.into_values().collect(),
        operations: state.operations,
        shape: crate::model::ApiShape::default(),
        tag_features: None,
    };
    Ok((api, warnings))
}

/// What all specs share while they are lowered.
struct State {
    types: BTreeMap<String, TypeDef>,
    /// Inline schemas already given a type, by node identity: `allOf` merging can reach the
    /// same inline node from several places (even from inside itself), and it must become
    /// one type, not one per path (which would also never terminate on self-inclusion).
    inline_types: HashMap<*const openapiv3::Schema, String>,
    type_names: Namespace,
    method_names: Namespace,
    operations: Vec<Operation>,
    diagnostics: Vec<Diagnostic>,
    /// The client's usable security schemes (phase 2).
    schemes: Vec<Scheme>,
    /// `Credentials` method names of the schemes.
    scheme_methods: Namespace,
    /// Distinct templated servers, as operations meet them.
    servers: Vec<ServerTemplate>,
}

impl State {
    fn claim_component_names(&mut self, api: &OpenAPI) -> HashMap<String, String> {
        let mut map = HashMap::new();
        if let Some(components) = &api.components {
            for key in components.schemas.keys() {
                let name = self.type_names.claim(names::type_name(key));
                map.insert(key.clone(), name);
            }
        }
        map
    }
}

/// Lowers one spec.
struct Lowerer<'a> {
    spec: &'a LoadedSpec,
    /// The spec's file name, for [`Source`]s.
    file_name: String,
    /// Component schema key → Rust type name.
    components: &'a HashMap<String, String>,
    state: &'a mut State,
    operation_ids: HashSet<String>,
    /// Current nesting of inline type definitions (bounded, see `schema::MAX_INLINE_DEPTH`).
    depth: usize,
}

impl<'a> Lowerer<'a> {
    fn new(
        spec: &'a LoadedSpec,
        components: &'a HashMap<String, String>,
        state: &'a mut State,
    ) -> Self {
        Lowerer {
            spec,
            file_name: spec
                .path
                .file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default(),
            components,
            state,
            operation_ids: HashSet::new(),
            depth: 0,
        }
    }

    fn error(&mut self, pointer: &Pointer, message: impl Into<String>) {
        let d = Diagnostic::error(&self.spec.path, pointer, message);
        self.state.diagnostics.push(d);
    }

    fn warning(&mut self, pointer: &Pointer, message: impl Into<String>) {
        let d = Diagnostic::warning(&self.spec.path, pointer, message);
        self.state.diagnostics.push(d);
    }

    /// Where in this spec `pointer` is.
    fn source(&self, pointer: &Pointer) -> Source {
        Source {
            file: self.file_name.clone(),
            pointer: pointer.clone(),
        }
    }

    /// Defines the named type `name`, made from the node at `pointer`.
    fn insert_type(&mut self, name: String, docs: Docs, kind: TypeKind, pointer: &Pointer) {
        let source = self.source(pointer);
        let def = TypeDef {
            name: name.clone(),
            docs,
            kind,
            source,
        };
        self.state.types.insert(name, def);
    }

    fn lower_components(&mut self) {
        let Some(components) = &self.spec.api.components else {
            return;
        };
        let base = Pointer::root().join("components").join("schemas");
        for (key, schema) in &components.schemas {
            let Some(name) = self.components.get(key).cloned() else {
                continue;
            };
            self.define_component(key, &name, schema, &base.join(key));
        }
    }

    /// Resolves `#/components/<section>/<name>` in this spec; reports and returns `None` for
    /// anything else.
    fn resolve_ref<T>(
        &mut self,
        reference: &str,
        section: &str,
        pointer: &Pointer,
        lookup: impl FnOnce(&'a openapiv3::Components, &str) -> Option<&'a ReferenceOr<T>>,
    ) -> Option<&'a T> {
        let prefix = format!("#/components/{section}/");
        let Some(name) = reference.strip_prefix(&prefix) else {
            self.unsupported_ref(reference, section, pointer);
            return None;
        };
        let name = unescape_pointer_token(name);
        let spec: &'a LoadedSpec = self.spec;
        let found = spec
            .api
            .components
            .as_ref()
            .and_then(|components| lookup(components, &name));
        match found {
            Some(ReferenceOr::Item(item)) => Some(item),
            Some(ReferenceOr::Reference { reference: next }) => {
                self.error(
                    pointer,
                    format!("`$ref: {reference}` points at another reference (`{next}`); reference chains of {section} are not supported"),
                );
                None
            }
            None => {
                self.error(
                    pointer,
                    format!("`$ref: {reference}` points at nothing: there is no `{section}` entry named `{name}`"),
                );
                None
            }
        }
    }

    fn unsupported_ref(&mut self, reference: &str, section: &str, pointer: &Pointer) {
        let message = if reference.starts_with("http://") || reference.starts_with("https://") {
            format!("`$ref: {reference}` is a URL; remote references are not fetched (download the document and refer to the local file)")
        } else if !reference.starts_with('#') {
            format!("`$ref: {reference}` could not be resolved: only references into this document (`#/...`) and to local files are supported")
        } else {
            format!("`$ref: {reference}` must point into `#/components/{section}/`")
        };
        self.error(pointer, message);
    }
}

/// Undoes RFC 6901 escaping in one reference token.
fn unescape_pointer_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::model::{
        ArgForm, Codec, DateTimeFormat, Placement, Presence, ResponseBody, SendAs, TextForm,
        TypeKind, TypeRef,
    };

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /v1/Things/{Sid}:
    get:
      operationId: FetchThing
      parameters:
        - {name: Sid, in: path, required: true, schema: {$ref: '#/components/schemas/sid'}}
        - {name: X-When, in: header, schema: {type: string, format: date-time}}
      responses:
        '200':
          description: ok
          content:
            application/json; charset=utf-8:
              schema:
                type: object
                required: [note]
                properties:
                  price: {type: number}
                  note: {type: string, nullable: true}
components:
  schemas:
    sid: {type: string}
"#;

    fn lower_spec() -> crate::model::Api {
        let spec =
            crate::load::parse(Path::new("specs/t.yaml"), SPEC).unwrap_or_else(|e| panic!("{e}"));
        match super::lower(&[spec]) {
            Ok((api, _)) => api,
            Err(errors) => panic!("{errors:?}"),
        }
    }

    #[test]
    fn operations_and_types_know_their_source() {
        let api = lower_spec();
        let op = &api.operations[0];
        assert_eq!(
            op.source.to_string(),
            "t.yaml#/paths/~1v1~1Things~1{Sid}/get"
        );
        let source = |name: &str| api.type_def(name).map(|t| t.source.pointer.as_str());
        assert_eq!(source("Sid"), Some("#/components/schemas/sid"));
        // A params struct is no schema: it comes from its operation.
        assert_eq!(source("FetchThingParams"), Some(op.source.pointer.as_str()));
        assert_eq!(
            source("FetchThingResponse"),
            Some("#/paths/~1v1~1Things~1{Sid}/get/responses/200/content/application~1json;%20charset=utf-8/schema")
        );
        assert!(api.type_def("Nope").is_none());
    }

    #[test]
    fn encodings_are_decided_when_lowering() {
        let api = lower_spec();
        let op = &api.operations[0];
        // `sid` is an alias of a string: the argument is a `&str`.
        assert_eq!(op.path_params[0].ty, TypeRef::Named("Sid".to_owned()));
        assert_eq!(op.path_params[0].arg, ArgForm::Str);
        let headers = op
            .params
            .as_ref()
            .map(|p| p.sent.clone())
            .unwrap_or_default();
        assert_eq!(headers[0].presence, Presence::Optional);
        assert_eq!(headers[0].send, SendAs::HeaderText(TextForm::Rfc3339));
        let fields = |name: &str| match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(s)) => s.fields.clone(),
            other => panic!("{name}: {other:?}"),
        };
        let header = &fields("FetchThingParams")[0];
        assert_eq!(header.placement, Placement::Method);
        assert_eq!(header.codec, Codec::DateTime(DateTimeFormat::Rfc3339));
        let response = fields("FetchThingResponse");
        assert_eq!(
            (response[0].presence, response[0].codec),
            (Presence::Optional, Codec::NumberOrString)
        );
        assert_eq!(response[1].presence, Presence::Nullable);
        assert!(matches!(op.response, ResponseBody::Json(_)));
    }
}
