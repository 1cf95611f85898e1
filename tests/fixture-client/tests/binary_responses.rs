//! Non-JSON response bodies through the client generated from
//! `tests/fixtures/binary_responses.yaml`: bytes (buffered and streamed past the size cap),
//! text, `Accept`, redirects returned rather than followed, and an enum by status mixing them.

mod support;

use fixture_client::binary_responses::{types::ConvertResponse, Client, Error, RetryPolicy};
use futures::TryStreamExt;
use support::only_request;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every byte value, several times: not UTF-8, so any text decoding would show.
fn binary_body(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 256) as u8).collect()
}

async fn serving(route: &str, response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path(route))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer, max_response_bytes: usize) -> Client {
    Client::builder("secret-token")
        .base_url(server.uri())
        .retry(RetryPolicy::none())
        .max_response_bytes(max_response_bytes)
        .build()
        .unwrap()
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn a_binary_body_is_returned_byte_for_byte_with_its_accept() {
    let body = binary_body(1000);
    let response =
        ResponseTemplate::new(200).set_body_raw(body.clone(), "application/octet-stream");
    let server = serving("/files/f1", response).await;
    let bytes = client(&server, 1 << 20).download_file("f1").await.unwrap();
    assert_eq!(bytes, body);
    let request = only_request(&server).await;
    assert_eq!(header(&request, "accept"), Some("application/octet-stream"));
    assert_eq!(
        header(&request, "authorization"),
        Some("Bearer secret-token")
    );
}

#[tokio::test]
async fn the_stream_delivers_a_body_larger_than_the_response_cap() {
    let body = binary_body(256 * 1024);
    let response =
        ResponseTemplate::new(200).set_body_raw(body.clone(), "application/octet-stream");
    let server = serving("/files/big", response).await;
    let client = client(&server, 1024);
    // The buffered method keeps the cap.
    let buffered = client.download_file("big").await;
    assert!(
        matches!(buffered, Err(Error::ResponseTooLarge { limit: 1024 })),
        "{buffered:?}"
    );
    // The collision-free twin (`download_file_bytes_stream` is an operation of the spec).
    let stream = client.download_file_bytes_stream_2("big").await.unwrap();
    assert_eq!(stream.status(), 200);
    assert_eq!(stream.content_length(), Some(body.len() as u64));
    let chunks: Vec<_> = stream.try_collect().await.unwrap();
    assert_eq!(chunks.concat(), body);
}

#[tokio::test]
async fn the_stream_reports_an_error_status_as_api_error() {
    let response = ResponseTemplate::new(404).set_body_json(serde_json::json!({"message": "gone"}));
    let server = serving("/files/missing", response).await;
    let result = client(&server, 1024)
        .download_file_bytes_stream_2("missing")
        .await;
    match result {
        Err(Error::Api(api)) => assert_eq!(api.status, 404),
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

#[tokio::test]
async fn the_operation_named_like_a_twin_keeps_its_own_meaning() {
    let server = serving("/files/f1/stream", ResponseTemplate::new(204)).await;
    client(&server, 1024)
        .download_file_bytes_stream("f1")
        .await
        .unwrap();
}

#[tokio::test]
async fn an_untyped_vendor_body_is_returned_as_bytes() {
    let response = ResponseTemplate::new(200)
        .set_body_raw(vec![0, 159, 146, 150], "application/vnd.acme.blob");
    let server = serving("/blob", response).await;
    let bytes = client(&server, 1024).get_blob().await.unwrap();
    assert_eq!(bytes, [0u8, 159, 146, 150][..]);
}

#[tokio::test]
async fn text_is_decoded_and_asked_for() {
    let csv = "id,name\n1,Zoë\n";
    let response = ResponseTemplate::new(200).set_body_raw(csv, "text/csv; charset=utf-8");
    let server = serving("/export", response).await;
    assert_eq!(client(&server, 1024).export_csv().await.unwrap(), csv);
    let request = only_request(&server).await;
    assert_eq!(header(&request, "accept"), Some("text/csv"));
}

#[tokio::test]
async fn text_follows_a_latin1_charset() {
    let response = ResponseTemplate::new(200)
        .set_body_raw(vec![b'Z', b'o', 0xEB], "text/csv; charset=ISO-8859-1");
    let server = serving("/export", response).await;
    assert_eq!(client(&server, 1024).export_csv().await.unwrap(), "Zoë");
}

#[tokio::test]
async fn text_that_is_not_utf8_is_an_error_keeping_the_bytes() {
    let response =
        ResponseTemplate::new(200).set_body_raw(vec![b'Z', b'o', 0xEB], "application/xml");
    let server = serving("/feed", response).await;
    match client(&server, 1024).get_feed().await {
        Err(Error::Text { status, source }) => {
            assert_eq!(status, 200);
            assert_eq!(source.as_bytes(), [b'Z', b'o', 0xEB]);
        }
        other => panic!("expected Error::Text, got {other:?}"),
    }
}

#[tokio::test]
async fn of_several_media_types_the_best_decoded_is_asked_for() {
    // JSON over PDF: the default `Accept: application/json` stands.
    let response = ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "d1"}));
    let server = serving("/documents/d1", response).await;
    let document = client(&server, 1024).get_document("d1").await.unwrap();
    assert_eq!(document.id, "d1");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "accept"), Some("application/json"));
    // Text over PNG.
    let response = ResponseTemplate::new(200).set_body_raw("# Note", "text/markdown");
    let server = serving("/notes", response).await;
    assert_eq!(client(&server, 1024).get_note().await.unwrap(), "# Note");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "accept"), Some("text/markdown"));
}

#[tokio::test]
async fn a_redirect_is_returned_and_not_followed_to_the_other_host() {
    let storage = serving(
        "/bucket/f1",
        ResponseTemplate::new(200).set_body_raw("file", "text/plain"),
    )
    .await;
    let location = format!("{}/bucket/f1", storage.uri());
    let response = ResponseTemplate::new(302).insert_header("Location", location.as_str());
    let server = serving("/downloads/f1", response).await;
    let redirect = client(&server, 1024).get_download_link("f1").await.unwrap();
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.location.as_deref(), Some(location.as_str()));
    assert_eq!(
        redirect.location_url().map(String::from),
        Some(location.clone())
    );
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "authorization"),
        Some("Bearer secret-token")
    );
    // Nothing, and so no credential, went to the storage host.
    let at_storage = storage.received_requests().await.unwrap();
    assert!(at_storage.is_empty(), "{at_storage:?}");
}

#[tokio::test]
async fn a_same_origin_redirect_is_returned_too_and_errors_stay_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/downloads/f1"))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", "/files/f1"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/downloads/missing"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let client = client(&server, 1024);
    let redirect = client.get_download_link("f1").await.unwrap();
    assert_eq!(redirect.status, 307);
    assert_eq!(
        redirect.location_url().map(String::from),
        Some(format!("{}/files/f1", server.uri()))
    );
    match client.get_download_link("missing").await {
        Err(Error::Api(api)) => assert_eq!(api.status, 404),
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_direct_answer_to_a_redirect_only_operation_is_returned_with_its_body() {
    let response = ResponseTemplate::new(200).set_body_raw("file", "text/plain");
    let server = serving("/downloads/f1", response).await;
    let answer = client(&server, 1024).get_download_link("f1").await.unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.location, None);
    assert_eq!(&answer.body[..], b"file");
}

#[tokio::test]
async fn statuses_with_different_media_types_decode_their_own() {
    let body = binary_body(300);
    for (response, expected) in [
        (
            ResponseTemplate::new(201).set_body_raw("a,b\n", "text/csv"),
            ConvertResponse::Created("a,b\n".to_owned()),
        ),
        (
            ResponseTemplate::new(202).set_body_raw(body.clone(), "application/octet-stream"),
            ConvertResponse::Accepted(body.clone().into()),
        ),
        (ResponseTemplate::new(204), ConvertResponse::NoContent),
    ] {
        let server = serving("/convert", response).await;
        assert_eq!(client(&server, 1024).convert().await.unwrap(), expected);
        let request = only_request(&server).await;
        assert_eq!(
            header(&request, "accept"),
            Some("application/json, text/csv, application/octet-stream")
        );
    }
}
