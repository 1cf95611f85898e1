//! How the generated Invite client turns responses into values or errors: the spec's
//! success payloads, Twilio error JSON and other error bodies, undecodable 2xx bodies, the
//! response size limit and redirects.

mod common;

use common::*;
use twilio_chat::{
    ChatV1ServiceChannelInvite, CreateInviteRequest, Error, ListInviteParams, ListInviteResponse,
    ListInviteResponseMeta,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn create_body() -> CreateInviteRequest {
    CreateInviteRequest {
        identity: "alice".to_owned(),
        role_sid: None,
    }
}

/// A server answering GET on the example Invite with `body` (200).
async fn fetch_server(body: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(invite_path()))
        .respond_with(json_response(200, body))
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn create_decodes_the_spec_201_example() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(invites_path()))
        .respond_with(json_response(201, INVITE_EXAMPLE))
        .expect(1)
        .mount(&server)
        .await;

    let invite = client_for(&server)
        .create_invite(SERVICE_SID, CHANNEL_SID, &create_body())
        .await
        .unwrap();
    assert_eq!(invite, example_invite());
    server.verify().await;
}

#[tokio::test]
async fn fetch_decodes_the_spec_200_example() {
    let server = fetch_server(INVITE_EXAMPLE).await;
    let invite = client_for(&server)
        .fetch_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
        .await
        .unwrap();
    assert_eq!(invite, example_invite());
    server.verify().await;
}

#[tokio::test]
async fn list_decodes_the_spec_read_full_and_read_empty_examples() {
    let server = MockServer::start().await;
    Mock::given(path("/v1/Services/full/Channels/c/Invites"))
        .respond_with(json_response(200, READ_FULL_EXAMPLE))
        .mount(&server)
        .await;
    Mock::given(path("/v1/Services/empty/Channels/c/Invites"))
        .respond_with(json_response(200, READ_EMPTY_EXAMPLE))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let params = ListInviteParams::default();

    let full = client.list_invite("full", "c", &params).await.unwrap();
    let page_url = format!(
        "https://chat.twilio.com{}?Identity=identity&PageSize=50&Page=0",
        invites_path()
    );
    let meta = ListInviteResponseMeta {
        first_page_url: Some(page_url.clone()),
        key: Some("invites".to_owned()),
        next_page_url: None,
        page: Some(0),
        page_size: Some(50),
        previous_page_url: None,
        url: Some(page_url),
    };
    assert_eq!(
        full,
        ListInviteResponse {
            invites: Some(vec![example_invite()]),
            meta: Some(meta.clone()),
        }
    );

    let empty = client.list_invite("empty", "c", &params).await.unwrap();
    assert_eq!(
        empty,
        ListInviteResponse {
            invites: Some(vec![]),
            meta: Some(meta),
        }
    );
}

#[tokio::test]
async fn date_times_decode_from_rfc3339_rfc2822_and_without_offset() {
    for (wire, label) in [
        ("2015-07-30T20:00:00Z", "RFC 3339, Z"),
        ("2015-07-30T22:00:00+02:00", "RFC 3339, offset"),
        ("Thu, 30 Jul 2015 20:00:00 +0000", "RFC 2822"),
        ("Thu, 30 Jul 2015 16:00:00 -0400", "RFC 2822, offset"),
        ("2015-07-30T20:00:00", "no offset, read as UTC"),
        ("2015-07-30 20:00:00.000", "no offset, space, fraction"),
    ] {
        let body = format!(r#"{{"date_created": "{wire}", "date_updated": "{wire}"}}"#);
        let server = fetch_server(&body).await;
        let invite = client_for(&server)
            .fetch_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
            .await
            .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(invite.date_created, Some(example_time()), "{label}");
        assert_eq!(invite.date_updated, Some(example_time()), "{label}");
    }
}

#[tokio::test]
async fn unknown_fields_are_ignored_and_null_or_missing_fields_are_none() {
    let body = r#"{
        "sid": "INaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "identity": null,
        "date_created": null,
        "role_sid": null,
        "created_by": null,
        "links": {"channel": "https://chat.twilio.com/v1/x"},
        "attributes": "{\"a\": 1}",
        "brand_new_field": [1, 2, 3]
    }"#;
    let server = fetch_server(body).await;
    let invite = client_for(&server)
        .fetch_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
        .await
        .unwrap();
    assert_eq!(
        invite,
        ChatV1ServiceChannelInvite {
            sid: Some(INVITE_SID.to_owned()),
            ..ChatV1ServiceChannelInvite::default()
        }
    );

    // An empty object is a valid (all-`None`) Invite.
    let server = fetch_server("{}").await;
    let invite = client_for(&server)
        .fetch_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
        .await
        .unwrap();
    assert_eq!(invite, ChatV1ServiceChannelInvite::default());
}

#[tokio::test]
async fn delete_accepts_204_without_a_body() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(invite_path()))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;

    let unit: () = client_for(&server)
        .delete_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
        .await
        .unwrap();
    assert_eq!(unit, ());
    server.verify().await;
}

#[tokio::test]
async fn undecodable_2xx_is_a_decode_error_that_keeps_the_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_response(201, r#"{"sid": 42}"#))
        .mount(&server)
        .await;
    Mock::given(path("/v1/Services/date/Channels/c/Invites/IN1"))
        .respond_with(json_response(200, r#"{"date_created": "yesterday"}"#))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>maintenance</html>"))
        .mount(&server)
        .await;
    let client = client_for(&server);

    let decode = |error: Error| match error {
        Error::Decode {
            status,
            body,
            source,
        } => (status, body, source.to_string()),
        other => panic!("expected Error::Decode, got {other:?}"),
    };

    let error = expect_err(
        client
            .create_invite(SERVICE_SID, CHANNEL_SID, &create_body())
            .await,
    );
    assert_eq!(error.status(), Some(201));
    assert!(error.as_api().is_none());
    let display = error.to_string();
    let (status, body, source) = decode(error);
    assert_eq!((status, body.as_str()), (201, r#"{"sid": 42}"#));
    assert!(source.contains("invalid type: integer `42`"), "{source}");
    assert_eq!(
        display,
        format!("failed to decode HTTP 201 response body: {source}")
    );

    let error = expect_err(client.fetch_invite("date", "c", "IN1").await);
    let (status, body, source) = decode(error);
    assert_eq!(
        (status, body.as_str()),
        (200, r#"{"date_created": "yesterday"}"#)
    );
    assert!(
        source.contains("RFC 3339") && source.contains("RFC 2822"),
        "{source}"
    );

    let error = expect_err(
        client
            .list_invite(SERVICE_SID, CHANNEL_SID, &ListInviteParams::default())
            .await,
    );
    let (status, body, _) = decode(error);
    assert_eq!((status, body.as_str()), (200, "<html>maintenance</html>"));
}

#[tokio::test]
async fn empty_2xx_body_where_json_is_expected_is_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let (s, c, i) = (SERVICE_SID, CHANNEL_SID, INVITE_SID);

    let errors = [
        (
            201,
            expect_err(client.create_invite(s, c, &create_body()).await),
        ),
        (200, expect_err(client.fetch_invite(s, c, i).await)),
        (
            200,
            expect_err(client.list_invite(s, c, &ListInviteParams::default()).await),
        ),
    ];
    for (expected, error) in errors {
        match &error {
            Error::Decode {
                status,
                body,
                source,
            } => {
                assert_eq!((*status, body.as_str()), (expected, ""));
                assert!(source.is_eof(), "{source}");
            }
            other => panic!("expected Error::Decode, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn bodies_over_max_response_bytes_are_refused() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(json_response(
            200,
            &format!(r#"{{"identity": "{}"}}"#, "x".repeat(2048)),
        ))
        .mount(&server)
        .await;
    // Error bodies are capped too (POST 500: not retried).
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(500).set_body_string("e".repeat(2048)))
        .expect(1)
        .mount(&server)
        .await;
    // Exactly at the limit is fine.
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_string("y".repeat(1024)))
        .mount(&server)
        .await;
    let client = builder_for(&server)
        .max_response_bytes(1024)
        .build()
        .unwrap();
    let (s, c, i) = (SERVICE_SID, CHANNEL_SID, INVITE_SID);

    for error in [
        expect_err(client.fetch_invite(s, c, i).await),
        expect_err(client.list_invite(s, c, &ListInviteParams::default()).await),
        expect_err(client.create_invite(s, c, &create_body()).await),
    ] {
        assert!(
            matches!(error, Error::ResponseTooLarge { limit: 1024 }),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            "response body exceeds the limit of 1024 bytes"
        );
        assert_eq!(error.status(), None);
    }
    client.delete_invite(s, c, i).await.unwrap();
    server.verify().await;
}

#[tokio::test]
async fn any_2xx_status_is_success() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_response(200, INVITE_EXAMPLE))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(json_response(203, INVITE_EXAMPLE))
        .mount(&server)
        .await;
    // A body on a DELETE answer is ignored.
    Mock::given(method("DELETE"))
        .respond_with(json_response(202, r#"{"status": "queued"}"#))
        .mount(&server)
        .await;
    let client = client_for(&server);
    let (s, c, i) = (SERVICE_SID, CHANNEL_SID, INVITE_SID);

    let created = client.create_invite(s, c, &create_body()).await.unwrap();
    assert_eq!(created, example_invite());
    assert_eq!(
        client.fetch_invite(s, c, i).await.unwrap(),
        example_invite()
    );
    client.delete_invite(s, c, i).await.unwrap();
}
