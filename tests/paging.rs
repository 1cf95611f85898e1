//! `list_invite_stream`: following `meta.next_page_url` across pages, lazily, and how the
//! stream ends (last page, empty or looping link, error).

mod common;

use common::pages::*;
use common::*;
use futures::StreamExt;
use twilio_chat::{Error, ListInviteParams};
use wiremock::matchers::{any, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn stream_follows_absolute_next_page_urls_across_three_pages_in_order() {
    let server = MockServer::start().await;
    let origin = server.uri();
    mount_three_pages(&server, "", |n| {
        format!("{origin}{}?{}", invites_path(), next_query(n))
    })
    .await;

    let invites = collect_all(&client_for(&server)).await;

    assert_eq!(sids_of(&invites), sids(1..=5));
    // Items are fully decoded, RFC 2822 `date_updated` included.
    assert!(invites
        .iter()
        .all(|i| i.date_created == Some(example_time())
            && i.date_updated == Some(example_time())
            && i.service_sid.as_deref() == Some(SERVICE_SID)));
    assert_three_page_requests(&server, "").await;
    server.verify().await;
}

#[tokio::test]
async fn default_params_send_no_query_and_an_empty_page_yields_nothing() {
    let server = MockServer::start().await;
    Mock::given(path(invites_path()))
        .respond_with(json_response(200, READ_EMPTY_EXAMPLE))
        .expect(1)
        .mount(&server)
        .await;

    let items: Vec<_> = client_for(&server)
        .list_invite_stream(SERVICE_SID, CHANNEL_SID, &ListInviteParams::default())
        .collect()
        .await;

    assert!(items.is_empty(), "{items:?}");
    assert_eq!(received(&server).await[0].url.query(), None);
    server.verify().await;
}

#[tokio::test]
async fn stream_yields_an_error_page_once_then_ends() {
    let server = MockServer::start().await;
    let origin = server.uri();
    mount_error_after_first_page(
        &server,
        &origin,
        ResponseTemplate::new(404).set_body_raw(
            r#"{"code": 20404, "message": "gone", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}"#,
            "application/json",
        ),
    )
    .await;
    let client = client_without_retries(&server);

    let mut stream = client.list_invite_stream(SERVICE_SID, CHANNEL_SID, &params());
    assert_eq!(stream.next().await.unwrap().unwrap().sid, Some(nth_sid(1)));
    assert_eq!(stream.next().await.unwrap().unwrap().sid, Some(nth_sid(2)));
    let api = api_error(expect_err(stream.next().await.unwrap()));
    assert_eq!(
        (api.status, api.code, api.message.as_str()),
        (404, Some(20404), "gone")
    );
    // Fused: it stays ended, and page 3 is never requested.
    assert!(stream.next().await.is_none());
    assert!(stream.next().await.is_none());
    server.verify().await;
}

#[tokio::test]
async fn stream_yields_an_undecodable_page_as_decode_error_then_ends() {
    let server = MockServer::start().await;
    let origin = server.uri();
    mount_error_after_first_page(&server, &origin, json_response(200, r#"{"invites": 7}"#)).await;

    let items: Vec<_> = client_for(&server)
        .list_invite_stream(SERVICE_SID, CHANNEL_SID, &params())
        .collect()
        .await;

    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[..2].iter().all(Result::is_ok));
    let mut items = items;
    let error = expect_err(items.remove(2));
    assert!(
        matches!(&error, Error::Decode { status: 200, body, .. } if body == r#"{"invites": 7}"#),
        "{error:?}"
    );
    server.verify().await;
}

/// Page 1 links to page 2, which answers with `second`; page 3 must never be requested.
async fn mount_error_after_first_page(server: &MockServer, origin: &str, second: ResponseTemplate) {
    Mock::given(query_param("Page", "2"))
        .respond_with(page(&sids(5..=5), 2, None))
        .expect(0)
        .mount(server)
        .await;
    Mock::given(query_param("Page", "1"))
        .respond_with(second)
        .expect(1)
        .mount(server)
        .await;
    Mock::given(query_param_is_missing("Page"))
        .respond_with(page(
            &sids(1..=2),
            0,
            Some(format!("{origin}{}?{}", invites_path(), next_query(1))),
        ))
        .expect(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn empty_or_self_referencing_next_links_end_the_stream() {
    let server = MockServer::start().await;
    let origin = server.uri();
    Mock::given(path("/v1/Services/empty/Channels/c/Invites"))
        .respond_with(page(&sids(1..=1), 0, Some("  ".to_owned())))
        .expect(1)
        .mount(&server)
        .await;
    // Links to itself forever: fetched once.
    Mock::given(path("/v1/Services/self/Channels/c/Invites"))
        .respond_with(page(
            &sids(1..=1),
            0,
            Some(format!(
                "{origin}/v1/Services/self/Channels/c/Invites?Identity=identity&PageSize=2"
            )),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    for service in ["empty", "self"] {
        let items: Vec<_> = client
            .list_invite_stream(service, "c", &params())
            .collect()
            .await;
        assert_eq!(items.len(), 1, "{service}: {items:?}");
        assert_eq!(items[0].as_ref().unwrap().sid, Some(nth_sid(1)));
    }
    server.verify().await;
}

#[tokio::test]
async fn pages_are_fetched_lazily() {
    let server = MockServer::start().await;
    let origin = server.uri();
    // Every page links to a further one; only what is consumed is fetched.
    Mock::given(any())
        .respond_with(page(
            &sids(1..=2),
            0,
            Some(format!("{origin}{}?Page=1", invites_path())),
        ))
        .mount(&server)
        .await;
    let client = client_for(&server);

    let mut stream = client.list_invite_stream(SERVICE_SID, CHANNEL_SID, &params());
    assert_eq!(
        received(&server).await.len(),
        0,
        "nothing before the first poll"
    );
    let first_two: Vec<_> = stream.by_ref().take(2).collect().await;
    assert_eq!(first_two.len(), 2);
    assert_eq!(received(&server).await.len(), 1);
    stream.next().await.unwrap().unwrap();
    assert_eq!(received(&server).await.len(), 2);
}

#[tokio::test]
async fn a_failing_first_page_is_the_only_item() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(
            401,
            r#"{"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;

    let mut items: Vec<_> = client_for(&server)
        .list_invite_stream(SERVICE_SID, CHANNEL_SID, &params())
        .collect()
        .await;

    assert_eq!(items.len(), 1, "{items:?}");
    let api = api_error(expect_err(items.remove(0)));
    assert_eq!(
        (api.status, api.code, api.message.as_str()),
        (401, Some(20003), "Authenticate")
    );
    server.verify().await;
}

#[tokio::test]
async fn cyclic_next_links_end_the_stream() {
    let server = MockServer::start().await;
    let origin = server.uri();
    // Page 1 links back to the first page's exact URL.
    Mock::given(query_param("Page", "1"))
        .respond_with(page(
            &sids(2..=2),
            1,
            Some(format!("{origin}{}", invites_path())),
        ))
        .mount(&server)
        .await;
    Mock::given(query_param_is_missing("Page"))
        .respond_with(page(
            &sids(1..=1),
            0,
            Some(format!("{origin}{}?Page=1", invites_path())),
        ))
        .mount(&server)
        .await;

    let items: Vec<_> = client_for(&server)
        .list_invite_stream(SERVICE_SID, CHANNEL_SID, &ListInviteParams::default())
        .take(50)
        .collect()
        .await;

    // Each distinct page once (an error item after them would be acceptable too).
    let sids_seen: Vec<_> = items
        .iter()
        .filter_map(|item| item.as_ref().ok()?.sid.clone())
        .collect();
    assert_eq!(sids_seen, sids(1..=2), "{} items", items.len());
    assert_eq!(received(&server).await.len(), 2);
}
