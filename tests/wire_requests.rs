//! What the generated Invite client puts on the wire: method, path, query, form body and
//! headers of each operation, byte for byte. (Path parameter encoding: `path_params.rs`.)

mod common;

use common::*;
use twilio_chat::{Client, ListInviteParams};
use wiremock::matchers::{body_string, header as header_is, method, path};
use wiremock::{Mock, MockServer};

#[tokio::test]
async fn create_invite_posts_exact_form_body_with_standard_headers() {
    let server = MockServer::start().await;
    let wire_body = format!("Identity=a%26b%3Dc%2Bd+e+%C3%BC&RoleSid={ROLE_SID}");
    Mock::given(method("POST"))
        .and(path(invites_path()))
        .and(header_is(
            "content-type",
            "application/x-www-form-urlencoded",
        ))
        .and(body_string(wire_body.clone()))
        .respond_with(json_response(201, INVITE_EXAMPLE))
        .expect(1)
        .mount(&server)
        .await;

    // `&`, `=`, `+`, spaces and non-ASCII must all arrive as data, in spec field order.
    let invite = client_for(&server)
        .create_invite(
            SERVICE_SID,
            CHANNEL_SID,
            &create_request("a&b=c+d e ü", Some(ROLE_SID)),
        )
        .await
        .expect("201 with the spec's example decodes");
    assert_eq!(invite, example_invite());

    let requests = received(&server).await;
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), invites_path());
    assert_eq!(request.url.query(), None);
    assert_eq!(body_text(request), wire_body);
    assert_eq!(
        header(request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_standard_headers(request);
    server.verify().await;
}

#[tokio::test]
async fn create_invite_form_encoding_of_special_values() {
    let server = answering_server().await;
    let client = client_for(&server);
    let cases = [
        // RoleSid is left out entirely when `None`.
        (create_request("alice", None), "Identity=alice"),
        // A required field is sent even when empty.
        (create_request("", None), "Identity="),
        (
            create_request("100% *~-._/?#", Some("RL x")),
            "Identity=100%25+*%7E-._%2F%3F%23&RoleSid=RL+x",
        ),
        (
            create_request("日本 \u{1F600}", None),
            "Identity=%E6%97%A5%E6%9C%AC+%F0%9F%98%80",
        ),
        (
            create_request("line\r\nbreak\ttab", None),
            "Identity=line%0D%0Abreak%09tab",
        ),
    ];
    for (body, _) in &cases {
        client
            .create_invite(SERVICE_SID, CHANNEL_SID, body)
            .await
            .unwrap_or_else(|e| panic!("{body:?}: {e}"));
    }

    let requests = received(&server).await;
    assert_eq!(requests.len(), cases.len());
    for (request, (body, wire)) in requests.iter().zip(&cases) {
        assert_eq!(body_text(request), *wire, "{body:?}");
        assert_eq!(
            header(request, "content-type"),
            Some("application/x-www-form-urlencoded")
        );
    }
}

#[tokio::test]
async fn each_operation_uses_its_method_and_path_and_bodiless_ones_send_no_content_type() {
    let server = answering_server().await;
    let client = client_for(&server);

    client
        .list_invite(SERVICE_SID, CHANNEL_SID, &ListInviteParams::default())
        .await
        .unwrap();
    client
        .fetch_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
        .await
        .unwrap();
    client
        .delete_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
        .await
        .unwrap();

    let requests = received(&server).await;
    let seen: Vec<_> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.url.path().to_owned(), r.url.query()))
        .collect();
    assert_eq!(
        seen,
        [
            ("GET", invites_path(), None),
            ("GET", invite_path(), None),
            ("DELETE", invite_path(), None),
        ]
    );
    for request in &requests {
        assert_standard_headers(request);
        assert_no_body(request);
    }
}

#[tokio::test]
async fn basic_auth_is_the_exact_base64_of_sid_colon_token_for_any_credentials() {
    let server = answering_server().await;
    // The example SID and token, RFC 7617's example, all padding lengths, empty and UTF-8.
    let cases = [
        (ACCOUNT_SID, AUTH_TOKEN, EXPECTED_AUTHORIZATION),
        (
            "Aladdin",
            "open sesame",
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
        ),
        ("u", "p", "Basic dTpw"),
        ("u", "pw", "Basic dTpwdw=="),
        ("u", "pwd", "Basic dTpwd2Q="),
        ("", "", "Basic Og=="),
        ("ACx", "pä", "Basic QUN4OnDDpA=="),
    ];
    for (user, password, _) in cases {
        Client::builder(user, password)
            .base_url(server.uri())
            .build()
            .unwrap()
            .delete_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
            .await
            .unwrap();
    }

    let requests = received(&server).await;
    let sent: Vec<_> = requests
        .iter()
        .map(|r| header(r, "authorization").unwrap())
        .collect();
    let expected: Vec<_> = cases.iter().map(|(_, _, header)| *header).collect();
    assert_eq!(sent, expected);
    // Exactly one Authorization header per request.
    assert!(requests
        .iter()
        .all(|r| r.headers.get_all("authorization").iter().count() == 1));
}

#[tokio::test]
async fn list_invite_query_repeats_identity_and_keeps_spec_order() {
    let server = answering_server().await;
    let client = client_for(&server);
    let cases = [
        (ListInviteParams::default(), None),
        // An empty array sends nothing either.
        (
            ListInviteParams {
                identity: Some(vec![]),
                ..Default::default()
            },
            None,
        ),
        (
            ListInviteParams {
                identity: Some(vec!["a".to_owned(), "b".to_owned()]),
                ..Default::default()
            },
            Some("Identity=a&Identity=b"),
        ),
        (
            ListInviteParams {
                identity: Some(vec!["bob smith&co".to_owned(), "ü=1+1".to_owned()]),
                page_size: Some(50),
                page: Some(2),
                page_token: Some("PT/abc=".to_owned()),
            },
            Some("Identity=bob+smith%26co&Identity=%C3%BC%3D1%2B1&PageSize=50&Page=2&PageToken=PT%2Fabc%3D"),
        ),
        (
            ListInviteParams {
                page_size: Some(1000),
                page: Some(0),
                ..Default::default()
            },
            Some("PageSize=1000&Page=0"),
        ),
        (
            ListInviteParams {
                page_token: Some(String::new()),
                ..Default::default()
            },
            Some("PageToken="),
        ),
    ];
    for (params, _) in &cases {
        client
            .list_invite(SERVICE_SID, CHANNEL_SID, params)
            .await
            .unwrap_or_else(|e| panic!("{params:?}: {e}"));
    }

    let requests = received(&server).await;
    assert_eq!(requests.len(), cases.len());
    for (request, (params, query)) in requests.iter().zip(&cases) {
        assert_eq!(request.url.path(), invites_path(), "{params:?}");
        assert_eq!(request.url.query(), *query, "{params:?}");
        assert_no_body(request);
    }
}
