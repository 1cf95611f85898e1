//! Path parameters: any value becomes exactly one percent-encoded segment, and values that
//! URL normalization would collapse (empty, `.`, `..`) are refused before anything is sent.

mod common;

use common::*;
use futures::StreamExt;
use twilio_chat::{Client, Error, ListInviteParams};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Hostile path values and the single segment each must become.
const HOSTILE: [(&str, &str); 6] = [
    ("a/b?c#d%e f", "a%2Fb%3Fc%23d%25e%20f"),
    ("../x", "..%2Fx"),
    ("..ü~._-", "..%C3%BC~._-"),
    ("...", "..."),
    ("%2e%2e", "%252e%252e"),
    ("日本 \u{1F600}", "%E6%97%A5%E6%9C%AC%20%F0%9F%98%80"),
];

#[tokio::test]
async fn path_params_stay_one_percent_encoded_segment_in_every_operation() {
    let server = answering_server().await;
    let client = client_for(&server);

    for (value, _) in HOSTILE {
        client
            .create_invite(value, value, &create_request("x", None))
            .await
            .unwrap();
        client
            .list_invite(value, value, &ListInviteParams::default())
            .await
            .unwrap();
        let streamed: Vec<_> = client
            .list_invite_stream(value, value, &ListInviteParams::default())
            .collect()
            .await;
        assert!(streamed.is_empty(), "{streamed:?}");
        client.fetch_invite(value, value, value).await.unwrap();
        client.delete_invite(value, value, value).await.unwrap();
    }

    let requests = received(&server).await;
    assert_eq!(requests.len(), 5 * HOSTILE.len());
    for (chunk, (value, encoded)) in requests.chunks(5).zip(HOSTILE) {
        let collection = format!("/v1/Services/{encoded}/Channels/{encoded}/Invites");
        let instance = format!("{collection}/{encoded}");
        let seen: Vec<_> = chunk
            .iter()
            .map(|r| (r.method.as_str(), r.url.path().to_owned()))
            .collect();
        assert_eq!(
            seen,
            [
                ("POST", collection.clone()),
                ("GET", collection.clone()),
                ("GET", collection),
                ("GET", instance.clone()),
                ("DELETE", instance),
            ],
            "{value:?}"
        );
        // Nothing leaked out of the path into the query or fragment.
        assert!(chunk.iter().all(|r| r.url.query().is_none()), "{value:?}");
        assert!(
            chunk.iter().all(|r| r.url.fragment().is_none()),
            "{value:?}"
        );
    }
}

#[tokio::test]
async fn empty_dot_and_dot_dot_path_params_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500))
        .expect(0)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let body = create_request("alice", None);
    let params = ListInviteParams::default();

    for (bad, reason) in [
        ("", "must not be empty"),
        (".", "must not be `.` or `..`"),
        ("..", "must not be `.` or `..`"),
    ] {
        let check = |name: &str, error: Error| {
            assert_eq!(
                error.to_string(),
                format!("invalid parameter `{name}`: {reason}"),
                "{bad:?}"
            );
            match error {
                Error::InvalidParameter { name: n, reason: r } => {
                    assert_eq!((n.as_str(), r.as_str()), (name, reason));
                }
                other => panic!("{bad:?}: expected InvalidParameter, got {other:?}"),
            }
        };
        let (s, c, i) = (SERVICE_SID, CHANNEL_SID, INVITE_SID);
        check(
            "ServiceSid",
            expect_err(client.create_invite(bad, c, &body).await),
        );
        check(
            "ChannelSid",
            expect_err(client.create_invite(s, bad, &body).await),
        );
        check(
            "ServiceSid",
            expect_err(client.list_invite(bad, c, &params).await),
        );
        check(
            "ChannelSid",
            expect_err(client.list_invite(s, bad, &params).await),
        );
        check(
            "ServiceSid",
            expect_err(client.fetch_invite(bad, c, i).await),
        );
        check(
            "ChannelSid",
            expect_err(client.fetch_invite(s, bad, i).await),
        );
        check("Sid", expect_err(client.fetch_invite(s, c, bad).await));
        check(
            "ServiceSid",
            expect_err(client.delete_invite(bad, c, i).await),
        );
        check(
            "ChannelSid",
            expect_err(client.delete_invite(s, bad, i).await),
        );
        check("Sid", expect_err(client.delete_invite(s, c, bad).await));
        for (service, channel, name) in [(bad, c, "ServiceSid"), (s, bad, "ChannelSid")] {
            let mut items: Vec<_> = client
                .list_invite_stream(service, channel, &params)
                .collect()
                .await;
            assert_eq!(items.len(), 1, "{bad:?}: the error is the only item");
            check(name, expect_err(items.remove(0)));
        }
    }
    // The first invalid parameter in path order is the one reported.
    check_first(&client).await;
    assert!(received(&server).await.is_empty());
    server.verify().await;
}

async fn check_first(client: &Client) {
    let error = expect_err(client.delete_invite("", "..", ".").await);
    assert!(
        matches!(&error, Error::InvalidParameter { name, .. } if name == "ServiceSid"),
        "{error:?}"
    );
    let error = expect_err(client.fetch_invite(SERVICE_SID, ".", "").await);
    assert!(
        matches!(&error, Error::InvalidParameter { name, .. } if name == "ChannelSid"),
        "{error:?}"
    );
}
