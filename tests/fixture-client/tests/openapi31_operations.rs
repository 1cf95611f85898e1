//! OpenAPI 3.1 operation shapes (`tests/fixtures/openapi31_operations.yaml`): an operation
//! without `responses` returns `()` on any 2xx; a requirement naming a mutualTLS scheme beside
//! an API key sends the key (the certificate is the HTTP client's business); deeply nested
//! arrays travel both ways.

mod support;

use fixture_client::openapi31_operations::{
    types::{Grid, PostCodeRequest},
    Client,
};
use serde_json::json;
use support::{answering, only_request};
use wiremock::ResponseTemplate;

fn client(server: &wiremock::MockServer) -> Client {
    Client::builder("k-1")
        .base_url(server.uri())
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_operation_without_responses_returns_unit_and_sends_the_key() {
    let server = answering(ResponseTemplate::new(200).set_body_string("ignored")).await;
    client(&server).send_ping().await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/pings");
    assert_eq!(request.headers.get("X-Key").unwrap(), "k-1");
}

#[tokio::test]
async fn a_mutual_tls_only_requirement_sends_no_credential() {
    let server = answering(ResponseTemplate::new(204)).await;
    let body = PostCodeRequest {
        code: Some("c".into()),
    };
    client(&server).post_code(&body).await.unwrap();
    let request = only_request(&server).await;
    assert!(request.headers.get("X-Key").is_none());
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(),
        json!({"code": "c"})
    );
}

#[tokio::test]
async fn deeply_nested_arrays_are_sent_and_decoded() {
    let cells = json!([[[[[["a"]]]]]]);
    let server = answering(ResponseTemplate::new(200).set_body_json(&cells)).await;
    let grid = Grid {
        cells: Some(vec![vec![vec![vec![vec![vec![7]]]]]]),
    };
    let answer = client(&server).put_grid(&grid).await.unwrap();
    assert_eq!(answer[0][0][0][0][0][0], "a");
    let request = only_request(&server).await;
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(),
        json!({"cells": [[[[[[7]]]]]]})
    );
}
