//! Twilio-shaped list pages for the `list_invite_stream` tests.

use futures::TryStreamExt;
use serde_json::json;
use twilio_chat::{ChatV1ServiceChannelInvite, Client, ListInviteParams};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::*;

/// `Identity=identity&PageSize=2`, the caller's parameters of every paging test.
pub fn params() -> ListInviteParams {
    ListInviteParams {
        identity: Some(vec!["identity".to_owned()]),
        page_size: Some(2),
        ..ListInviteParams::default()
    }
}

/// A Twilio-shaped page holding Invites `sids`, linking to `next_page_url`.
pub fn page(sids: &[String], page: u32, next_page_url: Option<String>) -> ResponseTemplate {
    let invites: Vec<_> = sids.iter().map(|sid| invite_json(sid)).collect();
    let url = format!(
        "https://chat.twilio.com{}?Identity=identity&PageSize=2&Page={page}",
        invites_path()
    );
    ResponseTemplate::new(200).set_body_json(json!({
        "invites": invites,
        "meta": {
            "first_page_url": url.replace(&format!("Page={page}"), "Page=0"),
            "key": "invites",
            "next_page_url": next_page_url,
            "page": page,
            "page_size": 2,
            "previous_page_url": null,
            "url": url,
        }
    }))
}

pub fn sids(range: std::ops::RangeInclusive<u32>) -> Vec<String> {
    range.map(nth_sid).collect()
}

/// The query Twilio puts in the link to page `n`.
pub fn next_query(n: u32) -> String {
    format!("Identity=identity&PageSize=2&Page={n}&PageToken=PAIN{n}")
}

/// Mounts three pages (2 + 2 + 1 Invites) on `server`; `link(n)` is the absolute link the
/// server returns to page `n`. Each page must be requested exactly once.
pub async fn mount_three_pages(server: &MockServer, prefix: &str, link: impl Fn(u32) -> String) {
    let collection = format!("{prefix}{}", invites_path());
    Mock::given(method("GET"))
        .and(path(collection.as_str()))
        .and(query_param_is_missing("Page"))
        .respond_with(page(&sids(1..=2), 0, Some(link(1))))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(collection.as_str()))
        .and(query_param("Page", "1"))
        .and(query_param("PageToken", "PAIN1"))
        .respond_with(page(&sids(3..=4), 1, Some(link(2))))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(collection.as_str()))
        .and(query_param("Page", "2"))
        .and(query_param("PageToken", "PAIN2"))
        .respond_with(page(&sids(5..=5), 2, None))
        .expect(1)
        .mount(server)
        .await;
}

pub async fn collect_all(client: &Client) -> Vec<ChatV1ServiceChannelInvite> {
    client
        .list_invite_stream(SERVICE_SID, CHANNEL_SID, &params())
        .try_collect()
        .await
        .expect("every page succeeds")
}

pub fn sids_of(invites: &[ChatV1ServiceChannelInvite]) -> Vec<String> {
    invites.iter().map(|i| i.sid.clone().unwrap()).collect()
}

/// Asserts the three page requests: first with the caller's query, then the links' queries.
pub async fn assert_three_page_requests(server: &MockServer, prefix: &str) {
    let requests = received(server).await;
    let seen: Vec<_> = requests
        .iter()
        .map(|r| {
            (
                r.method.as_str(),
                r.url.path().to_owned(),
                r.url.query().map(str::to_owned),
            )
        })
        .collect();
    let collection = format!("{prefix}{}", invites_path());
    assert_eq!(
        seen,
        [
            (
                "GET",
                collection.clone(),
                Some("Identity=identity&PageSize=2".to_owned())
            ),
            ("GET", collection.clone(), Some(next_query(1))),
            ("GET", collection, Some(next_query(2))),
        ]
    );
    for request in &requests {
        assert_standard_headers(request);
        assert_no_body(request);
    }
}
