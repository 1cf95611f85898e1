//! Declared response headers through the client generated from
//! `tests/fixtures/response_headers.yaml`: each read into its type, leniently.

use chrono::{TimeZone, Utc};
use fixture_client::response_headers::{
    types::{CreateReportResponse, GetReportResponseHeadersXTier, Queued, Report},
    Client,
};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn serving(verb: &str, at: &str, response: ResponseTemplate) -> (Client, MockServer) {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(response)
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    (client, server)
}

#[tokio::test]
async fn every_declared_header_is_read_into_its_type() {
    let response = ResponseTemplate::new(200)
        .set_body_json(json!({"id": "rep_1"}))
        .insert_header("x-request-id", "req-42")
        .insert_header("X-RateLimit-Remaining", "17")
        .insert_header("x-cached", "true")
        .insert_header("last-modified", "Sun, 06 Nov 1994 08:49:37 GMT")
        .insert_header("x-tier", "enterprise")
        .append_header("x-tags", "red, green")
        .append_header("x-tags", "blue")
        .insert_header("x-meta", r#"{"a":1}"#)
        .insert_header("x-undeclared", "kept raw");
    let (client, _server) = serving("GET", "/reports/rep_1", response).await;
    let got = client.get_report_with_headers("rep_1").await.unwrap();
    assert_eq!(
        got.value,
        Report {
            id: Some("rep_1".to_owned())
        }
    );
    let headers = got.headers;
    assert_eq!(headers.x_request_id.as_deref(), Some("req-42"));
    assert_eq!(headers.x_rate_limit_remaining, Some(17));
    assert_eq!(headers.x_cached, Some(true));
    assert_eq!(
        headers.last_modified,
        Some(Utc.with_ymd_and_hms(1994, 11, 6, 8, 49, 37).unwrap())
    );
    // A value the spec does not list is kept, as for any string enum.
    assert_eq!(
        headers.x_tier,
        Some(GetReportResponseHeadersXTier::Unknown(
            "enterprise".to_owned()
        ))
    );
    assert_eq!(
        headers.x_tags,
        Some(vec![
            "red".to_owned(),
            "green".to_owned(),
            "blue".to_owned()
        ])
    );
    // An object-typed header has no text form of its own: its text.
    assert_eq!(headers.x_meta.as_deref(), Some(r#"{"a":1}"#));
    assert_eq!(got.raw_headers["x-undeclared"], "kept raw");
}

#[tokio::test]
async fn a_header_that_is_absent_or_unreadable_is_none_and_the_call_still_succeeds() {
    let response = ResponseTemplate::new(200)
        .set_body_json(json!({}))
        .insert_header("x-ratelimit-remaining", "many")
        .insert_header("last-modified", "yesterday");
    let (client, _server) = serving("GET", "/reports/r", response).await;
    let headers = client.get_report_with_headers("r").await.unwrap().headers;
    assert_eq!(headers.x_rate_limit_remaining, None);
    assert_eq!(headers.last_modified, None);
    assert_eq!(headers.x_request_id, None);
    // The plain method is unchanged.
    let plain = client.get_report("r").await.unwrap();
    assert_eq!(plain, Report { id: None });
}

#[tokio::test]
async fn headers_of_every_status_are_one_struct_and_the_body_is_decoded_by_status() {
    let response = ResponseTemplate::new(202)
        .set_body_json(json!({"position": 3}))
        .insert_header("location", "/reports/queue/3")
        .insert_header("retry-after", "120");
    let (client, _server) = serving("POST", "/reports", response).await;
    let got = client.create_report_with_headers().await.unwrap();
    assert_eq!(
        got.value,
        CreateReportResponse::Accepted(Queued { position: Some(3) })
    );
    assert_eq!(got.headers.location.as_deref(), Some("/reports/queue/3"));
    assert_eq!(got.headers.retry_after, Some(120));
}

#[tokio::test]
async fn a_bodyless_operation_returns_its_headers() {
    let response = ResponseTemplate::new(204).insert_header("x-request-id", "req-7");
    let (client, _server) = serving("DELETE", "/reports/r", response).await;
    let got = client.delete_report_with_headers("r").await.unwrap();
    assert_eq!(got.headers.x_request_id.as_deref(), Some("req-7"));
}

#[tokio::test]
async fn a_head_request_reads_headers_and_no_body_whatever_content_is_declared() {
    let response = ResponseTemplate::new(200).insert_header("x-request-id", "req-7");
    let (client, server) = serving("HEAD", "/reports/rep_1", response).await;
    let () = client.report_exists("rep_1").await.unwrap();
    let got = client.report_exists_with_headers("rep_1").await.unwrap();
    assert_eq!(got.headers.x_request_id.as_deref(), Some("req-7"));
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.method.as_str() == "HEAD"));
}
