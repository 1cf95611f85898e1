//! Retries under a `RetryPolicy`: which requests are resent, what is resent, how often and
//! how long the client waits. Delays are milliseconds (see `common::fast_retry`) except where
//! a test checks that a server-requested wait is honoured.

mod common;

use std::io;
use std::time::Duration;

use common::*;
use futures::TryStreamExt;
use twilio_chat::{CreateInviteRequest, Error, ListInviteParams, RetryPolicy};
use wiremock::matchers::{any, method, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn create_body() -> CreateInviteRequest {
    create_request("a&b c", Some(ROLE_SID))
}

/// A connection that breaks before any response (hyper drops it on a service error).
fn connection_reset() -> Mock {
    Mock::given(any()).respond_with_err(|_: &wiremock::Request| {
        io::Error::new(io::ErrorKind::ConnectionReset, "reset by test")
    })
}

#[tokio::test]
async fn get_is_retried_after_503_then_succeeds() {
    let server = MockServer::start().await;
    let failure = ResponseTemplate::new(503).set_body_string("busy");
    fail_then_succeed(&server, failure, 1, json_response(200, INVITE_EXAMPLE)).await;

    let invite = client_for(&server)
        .fetch_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
        .await
        .expect("the second attempt succeeds");

    assert_eq!(invite, example_invite());
    let requests = assert_identical_requests(&server, 2).await;
    assert_eq!(requests[1].url.path(), invite_path());
    assert_standard_headers(&requests[1]);
    server.verify().await;
}

#[tokio::test]
async fn every_retryable_status_is_retried_for_list_and_delete() {
    for status in [429, 500, 502, 503, 504] {
        let server = MockServer::start().await;
        fail_then_succeed(
            &server,
            ResponseTemplate::new(status),
            2,
            ResponseTemplate::new(204),
        )
        .await;
        client_for(&server)
            .delete_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_identical_requests(&server, 3).await;
        server.verify().await;

        let server = MockServer::start().await;
        let page = json_response(200, READ_FULL_EXAMPLE);
        fail_then_succeed(&server, ResponseTemplate::new(status), 1, page).await;
        let params = ListInviteParams {
            page_size: Some(5),
            ..Default::default()
        };
        let page = client_for(&server)
            .list_invite(SERVICE_SID, CHANNEL_SID, &params)
            .await
            .unwrap_or_else(|e| panic!("{status}: {e}"));
        assert_eq!(page.invites, Some(vec![example_invite()]));
        let requests = assert_identical_requests(&server, 2).await;
        assert_eq!(requests[1].url.query(), Some("PageSize=5"));
    }
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    for status in [400, 401, 403, 404, 409] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status))
            .expect(1)
            .mount(&server)
            .await;
        let error = expect_err(
            client_for(&server)
                .fetch_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
                .await,
        );
        assert_eq!(error.status(), Some(status));
        server.verify().await;
    }
}

#[tokio::test]
async fn create_invite_is_not_retried_by_default() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    // Default policy, as `Client::builder` gives it (only the base URL changed).
    let client = twilio_chat::Client::builder(ACCOUNT_SID, AUTH_TOKEN)
        .base_url(server.uri())
        .build()
        .unwrap();

    let error = expect_err(
        client
            .create_invite(SERVICE_SID, CHANNEL_SID, &create_body())
            .await,
    );
    assert_eq!(error.status(), Some(503));
    server.verify().await;
}

#[tokio::test]
async fn create_invite_is_not_resent_after_a_broken_connection_by_default() {
    let server = MockServer::start().await;
    connection_reset().expect(1).mount(&server).await;

    let error = expect_err(
        client_for(&server)
            .create_invite(SERVICE_SID, CHANNEL_SID, &create_body())
            .await,
    );
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    server.verify().await;
}

#[tokio::test]
async fn opted_in_create_invite_retry_resends_the_identical_body() {
    let server = MockServer::start().await;
    let created = json_response(201, INVITE_EXAMPLE);
    fail_then_succeed(&server, ResponseTemplate::new(503), 2, created).await;
    let client = builder_for(&server)
        .retry(fast_retry().retry_non_idempotent(true))
        .build()
        .unwrap();

    let invite = client
        .create_invite(SERVICE_SID, CHANNEL_SID, &create_body())
        .await
        .unwrap();

    assert_eq!(invite, example_invite());
    let requests = assert_identical_requests(&server, 3).await;
    assert_eq!(
        body_text(&requests[2]),
        format!("Identity=a%26b+c&RoleSid={ROLE_SID}")
    );
    assert_eq!(
        header(&requests[2], "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    server.verify().await;
}

#[tokio::test]
async fn attempts_are_bounded_by_max_retries_and_the_last_answer_is_reported() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(
            503,
            r#"{"code": 20503, "message": "still down", "status": 503}"#,
        ))
        .expect(4)
        .mount(&server)
        .await;
    let client = builder_for(&server)
        .retry(fast_retry().max_retries(3))
        .build()
        .unwrap();

    let api = api_error(expect_err(
        client
            .fetch_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
            .await,
    ));
    assert_eq!(
        (api.status, api.code, api.message.as_str()),
        (503, Some(20503), "still down")
    );
    assert_identical_requests(&server, 4).await;
    server.verify().await;
}

#[tokio::test]
async fn retry_policy_none_sends_exactly_once() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;

    let error = expect_err(
        client_without_retries(&server)
            .delete_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
            .await,
    );
    assert_eq!(error.status(), Some(503));
    server.verify().await;
}

#[tokio::test]
async fn broken_connections_are_retried_then_reported_as_transport_errors() {
    let server = MockServer::start().await;
    connection_reset().expect(3).mount(&server).await;

    let error = expect_err(
        client_for(&server)
            .fetch_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
            .await,
    );
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(
        error.to_string().starts_with("HTTP transport error: "),
        "{error}"
    );
    assert_eq!(error.status(), None);
    assert_identical_requests(&server, 3).await;
    server.verify().await;
}

#[tokio::test]
async fn timed_out_gets_are_retried_up_to_the_bound() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(200, INVITE_EXAMPLE).set_delay(Duration::from_millis(500)))
        .expect(2)
        .mount(&server)
        .await;
    let client = builder_for(&server)
        .timeout(Duration::from_millis(50))
        .retry(fast_retry().max_retries(1))
        .build()
        .unwrap();

    let error = expect_err(
        client
            .fetch_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
            .await,
    );
    assert!(
        matches!(&error, Error::Transport(e) if e.is_timeout()),
        "{error:?}"
    );
    server.verify().await;
}

#[tokio::test]
async fn stream_retries_a_failing_next_page_and_completes() {
    let server = MockServer::start().await;
    let origin = server.uri();
    Mock::given(query_param("Page", "1"))
        .respond_with(ResponseTemplate::new(502))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(query_param("Page", "1"))
        .respond_with(json_response(200, READ_FULL_EXAMPLE))
        .expect(1)
        .mount(&server)
        .await;
    let first = READ_FULL_EXAMPLE.replace(
        r#""next_page_url": null"#,
        &format!(r#""next_page_url": "{origin}{}?Page=1""#, invites_path()),
    );
    Mock::given(any())
        .respond_with(json_response(200, &first))
        .expect(1)
        .mount(&server)
        .await;

    let invites: Vec<_> = client_for(&server)
        .list_invite_stream(SERVICE_SID, CHANNEL_SID, &ListInviteParams::default())
        .try_collect()
        .await
        .unwrap();

    assert_eq!(invites, [example_invite(), example_invite()]);
    assert_eq!(received(&server).await.len(), 3);
    server.verify().await;
}

#[test]
fn retry_policy_defaults_and_builder_methods() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.max_retries, 2);
    assert_eq!(policy.base_delay, Duration::from_millis(500));
    assert_eq!(policy.max_delay, Duration::from_secs(10));
    assert!(!policy.retry_non_idempotent);
    assert_eq!(RetryPolicy::none().max_retries, 0);
    assert_eq!(RetryPolicy::default().max_retries(0), RetryPolicy::none());

    let mut custom = RetryPolicy::default()
        .max_retries(5)
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(2))
        .retry_non_idempotent(true);
    assert_eq!(
        (custom.max_retries, custom.base_delay, custom.max_delay),
        (5, Duration::from_millis(1), Duration::from_millis(2))
    );
    assert!(custom.retry_non_idempotent);
    custom.max_retries = 1;
    assert_eq!(custom.clone().max_retries, 1);
}
