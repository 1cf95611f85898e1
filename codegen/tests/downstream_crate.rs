//! The build.rs flow from a crate outside this repository, as the README's recipe has it: only
//! `specweave` in `[build-dependencies]` and `specweave-runtime` in `[dependencies]`, one
//! `include!`, no `#[path]`. The throwaway crate generates a client from a spec of its own and
//! its test calls it against wiremock, checking the bytes on the wire and the decoded values.

#[allow(dead_code)] // each test file uses a part of it
mod support;

use support::{printed, repo_path, Throwaway};

const SPEC: &str = r#"openapi: 3.0.3
info: {title: Pet Shelter, version: 2.1.0}
servers: [{url: 'https://api.shelter.example'}]
security: [{bearer: []}]
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  schemas:
    Pet:
      type: object
      required: [id, name, kind]
      properties:
        id: {type: integer}
        name: {type: string}
        kind: {type: string, enum: [cat, dog]}
        admittedAt: {type: string, format: date-time}
        tags: {type: array, items: {type: string}}
    NewPet:
      type: object
      required: [name, kind]
      properties:
        name: {type: string}
        kind: {type: string, enum: [cat, dog]}
paths:
  /shelters/{shelterId}/pets:
    post:
      operationId: AdmitPet
      parameters:
        - {name: shelterId, in: path, required: true, schema: {type: string}}
        - {name: X-Request-Id, in: header, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewPet'}
      responses:
        '201':
          description: admitted
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
"#;

const BUILD_RS: &str = r#"fn main() {
    specweave::Generator::new()
        .spec_dir("spec")
        .generate_in_build_script("client.rs");
}
"#;

const WIRE_TEST: &str = r#"use shelter::{AdmitPetParams, Client, Error, NewPet, NewPetKind, PetKind};
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn admits_a_pet() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/shelters/north%20side/pets"))
        .and(header("authorization", "Bearer s3cret"))
        .and(header("x-request-id", "r-1"))
        .and(header("content-type", "application/json"))
        .and(header("user-agent", "shelter/0.3.0"))
        .and(body_json(serde_json::json!({"name": "Tom", "kind": "cat"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "id": 7, "name": "Tom", "kind": "cat",
            "admittedAt": "2026-11-30T12:00:00Z", "tags": ["calm"]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder("s3cret").base_url(server.uri()).build().unwrap();
    let pet = client
        .admit_pet(
            "north side",
            &AdmitPetParams { x_request_id: Some("r-1".into()) },
            &NewPet { name: "Tom".into(), kind: NewPetKind::Cat },
        )
        .await
        .unwrap();
    assert_eq!((pet.id, pet.name.as_str(), &pet.kind), (7, "Tom", &PetKind::Cat));
    assert_eq!(pet.tags, Some(vec!["calm".to_owned()]));
    assert_eq!(pet.admitted_at.map(|at| at.to_rfc3339()), Some("2026-11-30T12:00:00+00:00".to_owned()));
    // The error type is the runtime's, shared with every other generated client.
    let error: Error = client
        .admit_pet("", &AdmitPetParams::default(), &NewPet { name: "x".into(), kind: NewPetKind::Dog })
        .await
        .unwrap_err();
    assert!(matches!(error, specweave_runtime::Error::InvalidParameter { .. }), "{error}");
    assert!(!format!("{client:?}").contains("s3cret"));
}
"#;

#[test]
fn a_crate_outside_the_repository_generates_and_calls_its_client() {
    let krate = Throwaway::new();
    krate
        .write(
            "Cargo.toml",
            &format!(
                "[package]\nname = \"shelter\"\nversion = \"0.3.0\"\nedition = \"2021\"\n\n\
                 [dependencies]\nspecweave-runtime = {{ path = {runtime:?} }}\n\n\
                 [build-dependencies]\nspecweave = {{ path = {generator:?} }}\n\n\
                 [dev-dependencies]\nserde_json = \"1\"\n\
                 tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\
                 wiremock = \"0.6\"\n\n[workspace]\n",
                runtime = repo_path("codegen/runtime"),
                generator = repo_path("codegen"),
            ),
        )
        .write("build.rs", BUILD_RS)
        .write(
            "src/lib.rs",
            "//! A client generated at build time.\n\
             include!(concat!(env!(\"OUT_DIR\"), \"/client.rs\"));\n",
        )
        .write("spec/shelter.yaml", SPEC)
        .write("tests/wire.rs", WIRE_TEST);

    let output = krate.cargo(&["test", "--quiet"]);
    let printed = printed(&output);
    assert!(output.status.success(), "{printed}");
    assert!(printed.contains("1 passed"), "{printed}");
}
