//! Spec defects Prism cannot get past (`tests/fixtures/spec_defects.yaml`): a success example
//! or a schema `default` that contradicts the schema. The client decodes bodies that follow
//! the schema; the contradicting shapes are decode errors that name the problem, with the
//! body kept. A request body that requires an undeclared property `additionalProperties: false`
//! forbids is sent with the declared properties. The conformance harness's KNOWN_PRISM_LIMITS
//! rules for these defects point here.

mod support;

use fixture_client::spec_defects::{types::CreateBucketRequest, Client, Error};
use serde_json::{json, Value};
use support::{answering, only_request};
use wiremock::ResponseTemplate;

async fn client_answering(body: Value) -> (Client, wiremock::MockServer) {
    let server = answering(ResponseTemplate::new(200).set_body_json(body)).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    (client, server)
}

/// The decoder's message for a 200 `body` that does not decode, checking the body is kept.
async fn export_error(body: Value) -> String {
    let (client, _server) = client_answering(body.clone()).await;
    match client.get_export("ex_1").await {
        Err(Error::Decode {
            status,
            body: kept,
            source,
        }) => {
            assert_eq!(status, 200);
            assert_eq!(serde_json::from_str::<Value>(&kept).unwrap(), body);
            source.to_string()
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_body_that_follows_the_schema_decodes() {
    let (client, _server) = client_answering(
        json!({"id": "ex_1", "s3Url": "https://s3/x", "deleted": false, "start_date": "2024-08-31"}),
    )
    .await;
    let export = client.get_export("ex_1").await.unwrap();
    assert_eq!(export.s3_url, "https://s3/x");
    assert_eq!(
        export.start_date.map(|d| d.to_string()).as_deref(),
        Some("2024-08-31")
    );
}

#[tokio::test]
async fn the_examples_contradictions_are_decode_errors_naming_them() {
    let valid = json!({"id": "ex_1", "s3Url": "https://s3/x", "deleted": false});
    let mut missing = valid.clone();
    missing.as_object_mut().unwrap().remove("deleted");
    assert!(export_error(missing)
        .await
        .contains("missing field `deleted`"));
    let mut null = valid.clone();
    null["s3Url"] = Value::Null;
    assert!(export_error(null)
        .await
        .contains("invalid type: null, expected a string"));
    let mut date_time = valid;
    date_time["start_date"] = json!("2024-08-31T00:00:00.000Z");
    assert!(export_error(date_time).await.contains("trailing input"));
}

#[tokio::test]
async fn an_integer_decodes_and_the_string_default_does_not() {
    let (client, _server) = client_answering(json!({"lora_config": {"rank": 8}})).await;
    let session = client.get_session("s1").await.unwrap();
    assert_eq!(session.lora_config.and_then(|c| c.rank), Some(8));
    let (client, _server) = client_answering(json!({"lora_config": {"rank": "8"}})).await;
    let error = client.get_session("s1").await.unwrap_err().to_string();
    assert!(
        error.contains(r#"invalid type: string "8", expected i64"#),
        "{error}"
    );
}

#[tokio::test]
async fn a_body_requiring_a_forbidden_property_is_sent_with_the_declared_ones() {
    let server = answering(ResponseTemplate::new(204)).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let body = CreateBucketRequest {
        label: "logs".to_owned(),
        region: Some("us-east".to_owned()),
        // Required yet forbidden: an untyped `Option`, left out unless the caller sets it.
        cluster: None,
    };
    client.create_bucket(&body).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        serde_json::from_slice::<Value>(&request.body).unwrap(),
        json!({"label": "logs", "region": "us-east"})
    );
}
