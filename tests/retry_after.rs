//! `Retry-After` on a retryable answer: honoured in seconds and as an HTTP date, capped by
//! `RetryPolicy::max_delay`, ignored when unparseable.

mod common;

use std::time::{Duration, Instant};

use common::*;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let server = MockServer::start().await;
    let busy = ResponseTemplate::new(429).insert_header("Retry-After", "1");
    fail_then_succeed(&server, busy, 1, ResponseTemplate::new(204)).await;
    // Backoff alone would wait at most 20 ms; the header asks for 1 s.
    let client = builder_for(&server)
        .retry(fast_retry().max_delay(Duration::from_secs(5)))
        .build()
        .unwrap();

    let started = Instant::now();
    client
        .delete_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
        .await
        .unwrap();
    let elapsed = started.elapsed();

    assert!(
        elapsed >= Duration::from_millis(990),
        "waited only {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(4), "waited {elapsed:?}");
    assert_identical_requests(&server, 2).await;
}

#[tokio::test]
async fn retry_after_http_date_is_honoured() {
    let server = MockServer::start().await;
    // Whole seconds on the wire, so the wait is between 2 and 3 s.
    let at = chrono::Utc::now() + chrono::Duration::seconds(3);
    let date = at.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
    let busy = ResponseTemplate::new(503).insert_header("Retry-After", date.as_str());
    fail_then_succeed(&server, busy, 1, json_response(200, INVITE_EXAMPLE)).await;
    let client = builder_for(&server)
        .retry(fast_retry().max_delay(Duration::from_secs(10)))
        .build()
        .unwrap();

    let started = Instant::now();
    client
        .fetch_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
        .await
        .unwrap();
    let elapsed = started.elapsed();

    assert!(
        elapsed >= Duration::from_millis(1500),
        "waited only {elapsed:?}"
    );
    assert!(elapsed < Duration::from_secs(6), "waited {elapsed:?}");
}

#[tokio::test]
async fn retry_after_is_capped_by_max_delay() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "3600"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("Retry-After", "Fri, 31 Dec 2100 23:59:59 GMT"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = builder_for(&server)
        .retry(fast_retry().max_delay(Duration::from_millis(50)))
        .build()
        .unwrap();

    let started = Instant::now();
    client
        .delete_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
        .await
        .unwrap();

    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_millis(100), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert_identical_requests(&server, 3).await;
}

#[tokio::test]
async fn unparseable_or_past_retry_after_falls_back_to_backoff() {
    let server = MockServer::start().await;
    for value in ["soon", "-1", "Thu, 01 Jan 2015 00:00:00 GMT"] {
        Mock::given(any())
            .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", value))
            .up_to_n_times(1)
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    // Anything misread as a long wait would be capped at 5 s, well over the bound below.
    let client = builder_for(&server)
        .retry(
            fast_retry()
                .max_retries(3)
                .max_delay(Duration::from_secs(5)),
        )
        .build()
        .unwrap();

    let started = Instant::now();
    client
        .delete_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
        .await
        .unwrap();

    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
    assert_identical_requests(&server, 4).await;
    server.verify().await;
}
