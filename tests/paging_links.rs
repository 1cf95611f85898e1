//! Where `list_invite_stream` sends the credentials: next-page links on another host are
//! rebased onto the configured base URL (keeping its path prefix); relative links resolve
//! against the current page; unusable links end the stream with an error.

mod common;

use common::pages::*;
use common::*;
use futures::StreamExt;
use twilio_chat::Error;
use wiremock::matchers::{any, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn next_urls_on_a_foreign_host_are_rebased_onto_the_mock() {
    let server = MockServer::start().await;
    // Another live server standing in for the foreign host: it must see nothing.
    let foreign = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&foreign)
        .await;
    let foreign_origin = foreign.uri();
    mount_three_pages(&server, "", |n| match n {
        // Production Twilio, as a recorded fixture would return it (fragment dropped).
        1 => format!(
            "https://chat.twilio.com{}?{}#frag",
            invites_path(),
            next_query(n)
        ),
        _ => format!("{foreign_origin}{}?{}", invites_path(), next_query(n)),
    })
    .await;

    let invites = collect_all(&client_for(&server)).await;

    assert_eq!(sids_of(&invites), sids(1..=5));
    assert_three_page_requests(&server, "").await;
    server.verify().await;
    foreign.verify().await;
}

#[tokio::test]
async fn foreign_next_urls_keep_the_base_url_path_prefix() {
    let server = MockServer::start().await;
    mount_three_pages(&server, "/proxy/twilio", |n| {
        format!(
            "https://chat.twilio.com{}?{}",
            invites_path(),
            next_query(n)
        )
    })
    .await;
    let client = builder_for(&server)
        .base_url(format!("{}/proxy/twilio/", server.uri()))
        .build()
        .unwrap();

    assert_eq!(sids_of(&collect_all(&client).await), sids(1..=5));
    assert_three_page_requests(&server, "/proxy/twilio").await;
    server.verify().await;
}

#[tokio::test]
async fn relative_protocol_relative_and_unusable_next_links() {
    let server = MockServer::start().await;
    let one = |next: Option<&str>| page(&sids(1..=1), 0, next.map(str::to_owned));
    // A relative reference resolves against the current page (same origin).
    Mock::given(path("/v1/Services/relative/Channels/c/Invites"))
        .and(query_param("Page", "1"))
        .respond_with(one(None))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1/Services/relative/Channels/c/Invites"))
        .and(query_param_is_missing("Page"))
        .respond_with(one(Some("Invites?Page=1")))
        .expect(1)
        .mount(&server)
        .await;
    // A protocol-relative link to another host keeps only its path and query.
    Mock::given(path("/elsewhere"))
        .and(query_param("Page", "1"))
        .respond_with(one(None))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1/Services/protocol/Channels/c/Invites"))
        .respond_with(one(Some("//evil.example/elsewhere?Page=1")))
        .expect(1)
        .mount(&server)
        .await;
    // A link without a usable path is an error, after the page's items.
    Mock::given(path("/v1/Services/mailto/Channels/c/Invites"))
        .respond_with(one(Some("mailto:someone@example.com")))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_for(&server);

    for service in ["relative", "protocol"] {
        let items: Vec<_> = client
            .list_invite_stream(service, "c", &params())
            .collect()
            .await;
        assert_eq!(items.len(), 2, "{service}: {items:?}");
        assert!(items.iter().all(Result::is_ok), "{service}: {items:?}");
    }
    let mut items: Vec<_> = client
        .list_invite_stream("mailto", "c", &params())
        .collect()
        .await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items[0].is_ok());
    let error = expect_err(items.remove(1));
    assert!(
        matches!(&error, Error::InvalidParameter { name, .. } if name == "next_page_url"),
        "{error:?}"
    );
    server.verify().await;
}

#[tokio::test]
async fn absolute_path_next_links_are_appended_to_a_prefixed_base_url() {
    let server = MockServer::start().await;
    // `next_page_url` as an absolute path (the shape of Twilio's `next_page_uri`).
    mount_three_pages(&server, "/prefix", |n| {
        format!("{}?{}", invites_path(), next_query(n))
    })
    .await;
    let client = builder_for(&server)
        .base_url(format!("{}/prefix", server.uri()))
        .build()
        .unwrap();

    assert_eq!(sids_of(&collect_all(&client).await), sids(1..=5));
    assert_three_page_requests(&server, "/prefix").await;
    server.verify().await;
}
