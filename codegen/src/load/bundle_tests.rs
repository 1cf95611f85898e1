//! The reference pass: slots, imports, inlining, cycles, data.

use super::*;

#[test]
fn names_follow_the_pointer() {
    let file = Path::new("dir/pet.yaml");
    assert_eq!(target_name("/components/parameters/Limit", file), "Limit");
    assert_eq!(target_name("/Pet", file), "Pet");
    assert_eq!(target_name("", file), "pet");
}

/// Writes `files` (name, text) into a temporary directory and loads the first.
fn load_files(
    files: &[(&str, &str)],
) -> (tempfile::TempDir, Result<crate::load::LoadedSpec, String>) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    }
    let main = dir.path().join(files[0].0);
    let loaded = crate::load::load(&main).map_err(|e| e.to_string());
    (dir, loaded)
}

fn loaded(files: &[(&str, &str)]) -> crate::load::LoadedSpec {
    let (_dir, loaded) = load_files(files);
    loaded.unwrap_or_else(|e| panic!("{e}"))
}

fn failure(files: &[(&str, &str)]) -> String {
    let (_dir, loaded) = load_files(files);
    match loaded {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

fn response<'a>(spec: &'a crate::load::LoadedSpec, path: &str) -> &'a openapiv3::Response {
    let item = spec.api.paths.paths.get(path).and_then(|i| i.as_item());
    let op = item.and_then(|i| i.get.as_ref());
    let response = op.and_then(|o| o.responses.responses.get(&openapiv3::StatusCode::Code(200)));
    match response {
        Some(openapiv3::ReferenceOr::Item(response)) => response,
        other => panic!("no inline 200 response at {path}: {other:?}"),
    }
}

#[test]
fn a_content_map_given_by_reference_is_inlined() {
    let spec = loaded(&[(
        "main.yaml",
        &format!(
            "{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: {{$ref: '#/components/mediaTypes/pet'}}\n\
             components:\n  mediaTypes:\n    pet:\n      application/json:\n        schema: {{$ref: '#/components/schemas/Pet'}}\n\
             \x20 schemas:\n    Pet: {{type: object}}\n"
        ),
    )]);
    let media = response(&spec, "/a").content.get("application/json");
    let schema = media.and_then(|m| m.schema.as_ref());
    assert!(
        matches!(schema, Some(openapiv3::ReferenceOr::Reference { reference }) if reference == "#/components/schemas/Pet"),
        "{schema:?}"
    );
}

#[test]
fn operations_and_media_types_in_other_files_are_inlined_relative_to_their_file() {
    let spec = loaded(&[
        (
            "main.yaml",
            &format!("{HEAD}paths:\n  /a:\n    get: {{$ref: 'ops/get_a.yml'}}\n"),
        ),
        (
            "ops/get_a.yml",
            "operationId: getA\nparameters:\n  - $ref: 'params.yml#/limit'\nresponses:\n  '200':\n    description: ok\n    content:\n      application/json: {$ref: 'media.yml'}\n",
        ),
        ("ops/params.yml", "limit: {name: limit, in: query, schema: {type: integer}}\n"),
        ("ops/media.yml", "schema: {$ref: 'models/pet.yml'}\n"),
        ("ops/models/pet.yml", "type: object\nproperties: {name: {type: string}}\n"),
    ]);
    let op = spec
        .api
        .paths
        .paths
        .get("/a")
        .and_then(|i| i.as_item())
        .and_then(|i| i.get.as_ref());
    let op = op.unwrap_or_else(|| panic!("no operation"));
    assert_eq!(op.operation_id.as_deref(), Some("getA"));
    assert!(
        matches!(&op.parameters[..], [openapiv3::ReferenceOr::Reference { reference }] if reference == "#/components/parameters/limit"),
        "{:?}",
        op.parameters
    );
    let components = spec
        .api
        .components
        .as_ref()
        .unwrap_or_else(|| panic!("no components"));
    assert!(
        components.schemas.contains_key("pet"),
        "{:?}",
        components.schemas.keys()
    );
    assert_eq!(spec.referenced_files.len(), 4);
}

#[test]
fn descriptions_given_by_reference_become_text() {
    let spec = loaded(&[
        (
            "main.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1', description: {$ref: 'intro.md'}}\n\
             tags:\n  - name: a\n    description: {$ref: 'texts.yml#/a'}\npaths: {}\n",
        ),
        ("intro.md", "# Intro\n\nHello.\n"),
        ("texts.yml", "a: |\n  About a.\n"),
    ]);
    assert_eq!(
        spec.api.info.description.as_deref(),
        Some("# Intro\n\nHello.\n")
    );
    assert_eq!(spec.api.tags[0].description.as_deref(), Some("About a.\n"));
}

#[test]
fn a_description_that_is_not_text_is_dropped_with_a_located_warning() {
    let spec = loaded(&[
        (
            "main.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\ntags:\n  - name: a\n    description: {$ref: 'texts.yml#/a'}\npaths: {}\n",
        ),
        ("texts.yml", "a: {b: 1}\n"),
    ]);
    let warnings: Vec<String> = spec.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.contains(
            "main.yaml: #/tags/0/description: `$ref: texts.yml#/a` does not point at text"
        )),
        "{warnings:?}"
    );
}

#[test]
fn a_properties_map_given_by_reference_is_inlined() {
    let spec = loaded(&[
        (
            "main.yaml",
            &format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties: {{$ref: 'attrs.yml#/a'}}\n"),
        ),
        ("attrs.yml", "a:\n  ids: {type: array, items: {type: integer}}\n"),
    ]);
    let schemas = format!("{:?}", spec.api.components.map(|c| c.schemas));
    assert!(schemas.contains("\"ids\""), "{schemas}");
}

#[test]
fn a_path_item_given_by_reference_is_inlined_and_a_cycle_is_located() {
    let spec = loaded(&[
        (
            "main.yaml",
            &format!("{HEAD}paths:\n  /a: {{$ref: 'items.yml#/a'}}\n"),
        ),
        (
            "items.yml",
            "a:\n  get:\n    responses: {'200': {description: ok}}\n",
        ),
    ]);
    assert!(spec
        .api
        .paths
        .paths
        .get("/a")
        .and_then(|i| i.as_item())
        .is_some_and(|i| i.get.is_some()));
    // Within one document too: a path item refers to another (the fast path reads it, the
    // model needs it inline).
    let spec = loaded(&[(
        "main.yaml",
        &format!("{HEAD}paths:\n  /a: {{$ref: '#/paths/~1b'}}\n  /b:\n    get:\n      responses: {{'200': {{description: ok}}}}\n"),
    )]);
    assert!(spec
        .api
        .paths
        .paths
        .get("/a")
        .and_then(|i| i.as_item())
        .is_some_and(|i| i.get.is_some()));
    let e = failure(&[
        (
            "main.yaml",
            &format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: {{$ref: 'c.yml'}}\n"),
        ),
        ("c.yml", "$ref: 'c.yml'\n"),
    ]);
    assert!(
        e.contains("c.yml: #: `$ref: c.yml` is part of a cycle"),
        "{e}"
    );
}

#[test]
fn a_dangling_reference_names_file_and_pointer() {
    let e = failure(&[(
        "main.yaml",
        &format!("{HEAD}paths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: {{$ref: '#/components/mediaTypes/nope'}}\n"),
    )]);
    assert!(
        e.contains("main.yaml: #/paths/~1a/get/responses/200/content: `$ref: #/components/mediaTypes/nope` points at nothing"),
        "{e}"
    );
}

#[test]
fn a_ref_key_inside_data_is_data() {
    let spec = loaded(&[
        (
            "main.yaml",
            &format!(
                "{HEAD}paths:\n  /a:\n    get: {{$ref: 'op.yml'}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      example: {{$ref: 'nowhere.yml'}}\n      default: {{$ref: 'nowhere.yml'}}\n      x-meta: {{$ref: 'nowhere.yml'}}\n"
            ),
        ),
        (
            "op.yml",
            "responses:\n  '200':\n    description: ok\n    content:\n      application/json:\n        examples:\n          one: {value: {$ref: 'nowhere.yml'}}\n",
        ),
    ]);
    let media = response(&spec, "/a").content.get("application/json");
    let example = media
        .and_then(|m| m.examples.get("one"))
        .and_then(|e| e.as_item());
    assert_eq!(
        example.and_then(|e| e.value.clone()),
        Some(serde_json::json!({"$ref": "nowhere.yml"}))
    );
}

#[test]
fn a_local_reference_to_another_node_is_hoisted_into_components() {
    let spec = loaded(&[(
        "main.yaml",
        &format!(
            "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - {{name: limit, in: query, schema: {{type: integer}}}}\n      responses: {{'200': {{description: ok}}}}\n\
             \x20 /b:\n    get:\n      parameters:\n        - $ref: '#/paths/~1a/get/parameters/0'\n      responses:\n        '200': {{$ref: '#/paths/~1a/get/responses/200'}}\n\
             components:\n  schemas:\n    A: {{type: object, properties: {{b: {{type: string}}}}}}\n    C: {{$ref: '#/components/schemas/A/properties/b'}}\n"
        ),
    )]);
    let components = spec
        .api
        .components
        .as_ref()
        .unwrap_or_else(|| panic!("no components"));
    assert!(
        components.parameters.contains_key("0"),
        "{:?}",
        components.parameters.keys()
    );
    assert!(
        components.responses.contains_key("200"),
        "{:?}",
        components.responses.keys()
    );
    assert!(
        components.schemas.contains_key("b"),
        "{:?}",
        components.schemas.keys()
    );
    let op = spec
        .api
        .paths
        .paths
        .get("/b")
        .and_then(|i| i.as_item())
        .and_then(|i| i.get.as_ref());
    let parameters = op.map(|o| &o.parameters);
    assert!(
        matches!(parameters.map(|p| &p[..]), Some([openapiv3::ReferenceOr::Reference { reference }]) if reference == "#/components/parameters/0"),
        "{parameters:?}"
    );
}

#[test]
fn discriminator_mapping_references_to_other_files_name_the_imported_components() {
    let spec = loaded(&[
        (
            "main.yaml",
            &format!(
                "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Record:\n      anyOf:\n        - $ref: 'models/records.yml#/record_a'\n        - $ref: 'models/records.yml#/record_mx'\n      discriminator:\n        propertyName: type\n        mapping:\n          A: 'models/records.yml#/record_a'\n          MX: 'models/records.yml#/record_mx'\n"
            ),
        ),
        (
            "models/records.yml",
            "record_a: {type: object, properties: {type: {type: string}}}\nrecord_mx: {type: object, properties: {type: {type: string}, priority: {type: integer}}}\n",
        ),
    ]);
    let record = spec
        .api
        .components
        .as_ref()
        .and_then(|c| c.schemas.get("Record"));
    let Some(openapiv3::ReferenceOr::Item(record)) = record else {
        panic!("no Record schema: {record:?}");
    };
    let mapping = record
        .schema_data
        .discriminator
        .as_ref()
        .map(|d| d.mapping.clone())
        .unwrap_or_default();
    assert_eq!(
        mapping.into_iter().collect::<Vec<_>>(),
        [
            ("A".to_owned(), "#/components/schemas/record_a".to_owned()),
            ("MX".to_owned(), "#/components/schemas/record_mx".to_owned())
        ]
    );
}
