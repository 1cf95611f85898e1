//! Redirects are followed within the configured origin only (with the credentials), at
//! most ten times, and a `create_invite` redirected with 307 resends its body.

mod common;

use common::*;
use twilio_chat::Error;
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn redirects_are_followed_only_within_the_same_origin() {
    let server = MockServer::start().await;
    let other = MockServer::start().await; // another port, so another origin
    Mock::given(path("/v1/Services/moved/Channels/c/Invites/IN1"))
        .respond_with(ResponseTemplate::new(301).insert_header("Location", invite_path().as_str()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(invite_path()))
        .respond_with(json_response(200, INVITE_EXAMPLE))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path("/v1/Services/away/Channels/c/Invites/IN1"))
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("Location", format!("{}/steal", other.uri()).as_str()),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&other)
        .await;
    let client = client_for(&server);

    let invite = client.fetch_invite("moved", "c", "IN1").await.unwrap();
    assert_eq!(invite, example_invite());
    // The followed request is still authenticated.
    let requests = received(&server).await;
    assert_eq!(requests[1].url.path(), invite_path());
    assert_standard_headers(&requests[1]);

    let error = expect_err(client.fetch_invite("away", "c", "IN1").await);
    assert_eq!(error.status(), Some(302), "{error:?}");
    server.verify().await;
    other.verify().await;
}

#[tokio::test]
async fn create_invite_redirected_with_307_resends_the_same_form_body() {
    let server = MockServer::start().await;
    let moved = "/v1/Services/moved/Channels/c/Invites";
    Mock::given(path(moved))
        .respond_with(ResponseTemplate::new(307).insert_header("Location", invites_path().as_str()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(path(invites_path()))
        .respond_with(json_response(201, INVITE_EXAMPLE))
        .expect(1)
        .mount(&server)
        .await;

    let invite = client_for(&server)
        .create_invite("moved", "c", &create_request("a b&c", Some(ROLE_SID)))
        .await
        .unwrap();

    assert_eq!(invite, example_invite());
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    let wire = format!("Identity=a+b%26c&RoleSid={ROLE_SID}");
    for request in &requests {
        assert_eq!(request.method.as_str(), "POST");
        assert_eq!(body_text(request), wire);
        assert_eq!(
            header(request, "content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_standard_headers(request);
    }
    server.verify().await;
}

#[tokio::test]
async fn redirect_loops_stop_after_ten_hops_with_a_transport_error() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(302).insert_header("Location", invite_path().as_str()))
        .mount(&server)
        .await;

    let error = expect_err(
        client_for(&server)
            .fetch_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
            .await,
    );

    assert!(
        matches!(&error, Error::Transport(e) if e.is_redirect()),
        "{error:?}"
    );
    // The original request and ten redirects; a redirect loop is not retried.
    assert_eq!(received(&server).await.len(), 11);
}
