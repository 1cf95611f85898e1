//! Success bodies that contradict their schema, as Prism serves them for specs with such
//! defects (the conformance harness's rules "2xx example that contradicts its schema" and
//! "2xx body Prism samples that contradicts its schema"): over the wire, the client decodes
//! the schema-valid body of the same shape, and refuses each contradiction with a decode error
//! that names what is wrong, instead of a value that silently differs from the body.

mod support;

use fixture_client::evolving_shape::types::{ListAccountParams, Status};
use fixture_client::recursive::Client;
use serde_json::{json, Value};
use support::{answering, only_request};
use wiremock::ResponseTemplate;

async fn fetch_tree(body: &Value) -> Result<Value, String> {
    let server = answering(ResponseTemplate::new(200).set_body_json(body)).await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry(fixture_client::recursive::RetryPolicy::none())
        .build()
        .map_err(|e| e.to_string())?;
    let tree = client.fetch_tree().await.map_err(|e| format!("{e:?}"));
    assert_eq!(only_request(&server).await.url.path(), "/v1/Tree");
    let tree = tree?;
    serde_json::to_value(tree).map_err(|e| e.to_string())
}

#[tokio::test]
async fn a_schema_valid_body_decodes_whole() {
    let body =
        json!({"name": "root", "children": [{"name": "leaf"}], "by_name": {"a": {"name": "a"}}});
    assert_eq!(fetch_tree(&body).await.unwrap(), body);
}

#[tokio::test]
async fn each_contradiction_is_a_decode_error_naming_it() {
    for (body, named) in [
        // A required property missing, `null` where not nullable, another JSON type.
        (json!({"children": []}), "name"),
        (json!({"name": null}), "string"),
        (
            json!({"name": "root", "children": {"name": "leaf"}}),
            "sequence",
        ),
        // What Prism's sampler writes for a recursive `$ref`: `{}`, without `name`.
        (json!({"name": "string", "children": [{}]}), "name"),
        (json!([{"name": "root"}]), "sequence"),
    ] {
        let error = fetch_tree(&body).await.unwrap_err();
        assert!(error.contains("Decode"), "{body}: {error}");
        assert!(error.contains(named), "{body}: {error}");
    }
}

#[tokio::test]
async fn a_date_time_example_that_is_a_duration_is_refused() {
    use fixture_client::evolving_shape::{Client, RetryPolicy};
    let account = |created: &str| json!({"sid": "AC1", "status": "active", "created": created});
    for (created, ok) in [("2020-01-01T00:00:00Z", true), ("1s", false)] {
        let body = account(created);
        let server = answering(ResponseTemplate::new(200).set_body_json(&body)).await;
        let client = Client::builder()
            .base_url(server.uri())
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let result = client.list_account(&ListAccountParams::new(20)).await;
        match result {
            Ok(response) if ok => {
                assert_eq!(response.status, Status::Active, "{body}");
            }
            Err(error) if !ok => assert!(format!("{error:?}").contains("Decode"), "{error:?}"),
            other => panic!("{created}: {other:?}"),
        }
    }
}
