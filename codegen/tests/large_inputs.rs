//! Inputs too large to keep as fixture files, built here: a 10 MB description and a schema
//! nested 200 levels deep. Neither may crash the generator.

use std::path::Path;

fn generate(text: &str) -> Result<specweave::Generated, specweave::Error> {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("large.yaml");
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    specweave::Generator::new()
        .spec(Path::new(&path))
        .generate()
}

#[test]
fn a_ten_megabyte_description_is_kept_and_the_output_parses() {
    let line = "Ten megabytes of prose with `code`, [a link](https://example.com) and <Tags>. ";
    let description: String = line.repeat(10 * 1024 * 1024 / line.len() + 1);
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{title: Large, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Big:\n      type: object\n      description: \"{description}\"\n      properties: {{a: {{type: string}}}}\n"
    );
    assert!(spec.len() > 10 * 1024 * 1024);
    let generated = generate(&spec).unwrap_or_else(|e| panic!("{e}"));
    assert!(generated.code.len() > 10 * 1024 * 1024);
    assert!(syn::parse_file(&generated.code).is_ok());
}

#[test]
fn a_schema_nested_two_hundred_levels_is_a_located_error() {
    let mut schema = "{type: string}".to_owned();
    for level in 0..200 {
        schema = format!("{{type: object, properties: {{n{level}: {schema}}}}}");
    }
    let spec = format!("openapi: 3.0.3\ninfo: {{title: Deep, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n");
    let error = match generate(&spec) {
        Ok(_) => panic!("200 levels exceed the YAML reader's recursion limit and must be refused"),
        Err(error) => error,
    };
    let diagnostic = &error.diagnostics[0];
    let pointer = diagnostic.pointer.as_deref().unwrap_or_default();
    assert!(
        pointer.starts_with("#/components/schemas/Deep/properties/n199/properties/n198"),
        "{pointer}"
    );
    assert!(
        diagnostic.message.contains("recursion limit"),
        "{}",
        diagnostic.message
    );
}

#[test]
fn a_schema_nested_sixty_levels_generates() {
    let mut schema = "{type: string}".to_owned();
    for level in 0..60 {
        schema = format!("{{type: object, properties: {{n{level}: {schema}}}}}");
    }
    let spec = format!("openapi: 3.0.3\ninfo: {{title: Deep, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n");
    let generated = generate(&spec).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(generated.stats.types, 60);
    assert!(syn::parse_file(&generated.code).is_ok());
}
