//! Declared error bodies through the client generated from `tests/fixtures/error_bodies.yaml`:
//! a non-Twilio JSON error decoded into its generated type.

use fixture_client::error_bodies::{
    types::{GetThingError4xx, NotFound, Problem},
    Client, RetryPolicy,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(status: u16, body: serde_json::Value) -> (Client, MockServer) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things/t1"))
        .respond_with(ResponseTemplate::new(status).set_body_json(body))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    (client, server)
}

#[tokio::test]
async fn a_declared_error_body_decodes_into_its_type() {
    let (client, _server) = answering(
        404,
        json!({"error": {"kind": "missing", "resource_id": "t1"}}),
    )
    .await;
    let error = client.get_thing("t1").await.unwrap_err();
    let api = error.as_api().expect("an API error");
    assert_eq!(api.status, 404);
    let not_found: NotFound = api.json().unwrap();
    assert_eq!(not_found.error.kind, "missing");
    assert_eq!(not_found.error.resource_id.as_deref(), Some("t1"));
}

#[tokio::test]
async fn range_and_default_bodies_decode_and_a_mismatch_is_a_json_error() {
    let (client, _server) = answering(422, json!({"reasons": ["name is empty"]})).await;
    let error = client.get_thing("t1").await.unwrap_err();
    let api = error.as_api().unwrap();
    let client_error: GetThingError4xx = api.json().unwrap();
    assert_eq!(client_error.reasons, Some(vec!["name is empty".to_owned()]));
    assert!(api.json::<NotFound>().is_err(), "no `error` field");

    let (client, _server) = answering(503, json!({"title": "Down", "detail": "maintenance"})).await;
    let error = client.get_thing("t1").await.unwrap_err();
    let problem: Problem = error.as_api().unwrap().json().unwrap();
    assert_eq!(problem.detail.as_deref(), Some("maintenance"));
}
