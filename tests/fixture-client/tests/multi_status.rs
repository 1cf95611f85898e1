//! Several 2xx responses through the client generated from `tests/fixtures/multi_status.yaml`:
//! the result is decoded by the status.

use fixture_client::multi_status::{
    types::{Job, StartJobResponse, StartJobResponseOk},
    Client, Error, RetryPolicy,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn answering(status: u16, body: Option<serde_json::Value>) -> (Client, MockServer) {
    let server = MockServer::start().await;
    let mut response = ResponseTemplate::new(status);
    if let Some(body) = body {
        response = response.set_body_json(body);
    }
    Mock::given(method("POST"))
        .and(path("/jobs"))
        .respond_with(response)
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
async fn each_declared_status_decodes_its_own_body() {
    let (client, _server) = answering(200, Some(json!({"result": "done"}))).await;
    assert_eq!(
        client.start_job().await.unwrap(),
        StartJobResponse::Ok(StartJobResponseOk {
            result: Some("done".to_owned())
        })
    );
    let (client, _server) = answering(202, Some(json!({"id": "job_1"}))).await;
    assert_eq!(
        client.start_job().await.unwrap(),
        StartJobResponse::Accepted(Job {
            id: "job_1".to_owned()
        })
    );
    let (client, _server) = answering(204, None).await;
    assert_eq!(
        client.start_job().await.unwrap(),
        StartJobResponse::NoContent
    );
}

#[tokio::test]
async fn an_undeclared_2xx_status_is_the_range_variant() {
    let (client, _server) = answering(207, Some(json!({"any": [1, 2]}))).await;
    assert_eq!(
        client.start_job().await.unwrap(),
        StartJobResponse::Success(json!({"any": [1, 2]}))
    );
}

#[tokio::test]
async fn an_empty_body_where_json_of_no_schema_is_declared_is_null() {
    // Servers answer `application/json` with nothing at all; the untyped body reads as `null`.
    let (client, _server) = answering(207, None).await;
    assert_eq!(
        client.start_job().await.unwrap(),
        StartJobResponse::Success(serde_json::Value::Null)
    );
    // A typed body still needs one.
    let (client, _server) = answering(202, None).await;
    let error = client.start_job().await.unwrap_err();
    assert!(
        matches!(&error, Error::Decode { source, .. } if source.is_eof()),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_body_that_does_not_fit_its_status_is_a_decode_error() {
    // 202 declares a `Job`, which requires `id`.
    let (client, _server) = answering(202, Some(json!({"result": "done"}))).await;
    let error = client.start_job().await.unwrap_err();
    assert!(matches!(error, Error::Decode { .. }), "{error:?}");
}

#[tokio::test]
async fn an_error_status_is_still_an_api_error() {
    let (client, _server) = answering(409, Some(json!({"message": "busy"}))).await;
    let error = client.start_job().await.unwrap_err();
    assert!(
        matches!(&error, Error::Api(api) if api.status == 409),
        "{error:?}"
    );
}
