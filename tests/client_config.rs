//! `Client` / `ClientBuilder` configuration as seen on the wire (base URL, HTTP client,
//! timeout, user agent), base URL validation, and `Debug` output that never shows secrets.

mod common;

use std::time::{Duration, Instant};

use common::*;
use twilio_chat::{Client, Error, ListInviteParams, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[test]
fn debug_of_client_and_builder_never_shows_the_auth_token() {
    let client = Client::new(ACCOUNT_SID, AUTH_TOKEN);
    let configured = Client::builder(ACCOUNT_SID, AUTH_TOKEN)
        .base_url("http://127.0.0.1:9")
        .user_agent("my-app/1.0")
        .timeout(Duration::from_secs(3))
        .max_response_bytes(4096)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let builder = Client::builder(ACCOUNT_SID, AUTH_TOKEN)
        .base_url("http://127.0.0.1:9/prefix")
        .http_client(reqwest::Client::new());
    // Not validated yet, so the builder still holds URL credentials: they are masked too.
    let with_userinfo =
        Client::builder(ACCOUNT_SID, AUTH_TOKEN).base_url("https://user:pw-SECRET@example.com");

    let outputs = [
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{configured:?}"),
        format!("{configured:#?}"),
        format!("{:?}", configured.clone()),
        format!("{builder:?}"),
        format!("{builder:#?}"),
        format!("{with_userinfo:?}"),
        format!("{with_userinfo:#?}"),
    ];
    for output in &outputs {
        assert_no_secret(output);
        assert!(!output.contains("pw-"), "{output}");
        assert!(output.contains("<redacted>"), "{output}");
        // Enough is shown to debug with: the scheme and an account hint, not the SID.
        assert!(
            output.contains("Basic") && output.contains("AC…"),
            "{output}"
        );
        assert!(!output.contains(ACCOUNT_SID), "{output}");
    }
    assert!(outputs[0].starts_with("Client {"), "{}", outputs[0]);
    assert!(outputs[2].contains("http://127.0.0.1:9"), "{}", outputs[2]);
    assert!(outputs[2].contains("my-app/1.0"), "{}", outputs[2]);
    assert!(outputs[5].starts_with("ClientBuilder {"), "{}", outputs[5]);
    assert!(
        outputs[7].contains("https://***@example.com"),
        "{}",
        outputs[7]
    );
}

#[test]
fn invalid_base_urls_are_rejected_by_build() {
    let cases = [
        ("not a url", "relative URL without a base"),
        ("/v1/relative", "relative URL without a base"),
        ("", "relative URL without a base"),
        ("ftp://example.com", "the scheme must be `http` or `https`"),
        ("file:///etc/passwd", "the scheme must be `http` or `https`"),
        ("https://", "empty host"),
        (
            "https://example.com/?x=1",
            "the URL must not have a query string",
        ),
        (
            "https://example.com?",
            "the URL must not have a query string",
        ),
        (
            "https://example.com/#top",
            "the URL must not have a fragment",
        ),
        (
            "https://user:pw-SECRET@example.com",
            "the URL must not contain credentials",
        ),
        (
            "https://user@example.com",
            "the URL must not contain credentials",
        ),
    ];
    for (url, reason) in cases {
        let result = Client::builder(ACCOUNT_SID, AUTH_TOKEN)
            .base_url(url)
            .build();
        let error = expect_err(result);
        match &error {
            Error::InvalidBaseUrl {
                url: shown,
                reason: why,
            } => {
                assert_eq!(why, reason, "{url:?}");
                let expected_url = url
                    .replace("user:pw-SECRET@", "***@")
                    .replace("user@", "***@");
                assert_eq!(shown, &expected_url, "{url:?}");
                assert_eq!(
                    error.to_string(),
                    format!("invalid base URL `{expected_url}`: {reason}")
                );
            }
            other => panic!("{url:?}: expected InvalidBaseUrl, got {other:?}"),
        }
    }
}

#[test]
fn valid_base_urls_are_normalized() {
    let cases = [
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
        ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
        (
            "https://chat.dublin.ie1.twilio.com",
            "https://chat.dublin.ie1.twilio.com",
        ),
        (
            "https://Proxy.Example.com/twilio/",
            "https://proxy.example.com/twilio",
        ),
        ("https://chat.twilio.com:443", "https://chat.twilio.com"),
    ];
    for (input, expected) in cases {
        let client = Client::builder(ACCOUNT_SID, AUTH_TOKEN)
            .base_url(input)
            .build()
            .unwrap();
        assert_eq!(client.base_url(), Some(expected), "{input}");
    }
    assert_eq!(Client::new(ACCOUNT_SID, AUTH_TOKEN).base_url(), None);
    assert_eq!(
        Client::builder(ACCOUNT_SID, AUTH_TOKEN)
            .build()
            .unwrap()
            .base_url(),
        None
    );
}

#[tokio::test]
async fn base_url_path_prefix_is_kept_for_every_operation() {
    for trailing in ["", "/"] {
        let server = answering_server().await;
        let client = Client::builder(ACCOUNT_SID, AUTH_TOKEN)
            .base_url(format!("{}/proxy/twilio{trailing}", server.uri()))
            .build()
            .unwrap();
        assert_prefix_kept(&client, &server).await;
    }
}

async fn assert_prefix_kept(client: &Client, server: &MockServer) {
    let body = create_request("alice", None);
    let params = ListInviteParams {
        page: Some(1),
        ..ListInviteParams::default()
    };

    client
        .create_invite(SERVICE_SID, CHANNEL_SID, &body)
        .await
        .unwrap();
    client
        .list_invite(SERVICE_SID, CHANNEL_SID, &params)
        .await
        .unwrap();
    client
        .delete_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
        .await
        .unwrap();

    let requests = received(server).await;
    let seen: Vec<_> = requests
        .iter()
        .map(|r| (r.method.as_str(), r.url.path().to_owned(), r.url.query()))
        .collect();
    assert_eq!(
        seen,
        [
            ("POST", format!("/proxy/twilio{}", invites_path()), None),
            (
                "GET",
                format!("/proxy/twilio{}", invites_path()),
                Some("Page=1")
            ),
            ("DELETE", format!("/proxy/twilio{}", invite_path()), None),
        ]
    );
    for request in &requests {
        assert_standard_headers(request);
    }
}

#[tokio::test]
async fn custom_http_client_is_used_and_auth_and_accept_still_apply() {
    let server = answering_server().await;
    let mut defaults = reqwest::header::HeaderMap::new();
    defaults.insert("x-from-custom-client", "yes".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(defaults)
        .build()
        .unwrap();
    let client = builder_for(&server).http_client(http).build().unwrap();

    client
        .delete_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
        .await
        .unwrap();

    let requests = received(&server).await;
    assert_eq!(header(&requests[0], "x-from-custom-client"), Some("yes"));
    assert_standard_headers(&requests[0]);
}

#[tokio::test]
async fn custom_user_agent_replaces_the_default() {
    let server = answering_server().await;
    let client = builder_for(&server)
        .user_agent("my-app/1.2 (+https://example.com)")
        .build()
        .unwrap();
    client
        .delete_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
        .await
        .unwrap();
    // Default: the crate name and version.
    client_for(&server)
        .delete_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
        .await
        .unwrap();

    let requests = received(&server).await;
    let agents: Vec<_> = requests
        .iter()
        .map(|r| r.headers.get_all("user-agent").iter().count())
        .collect();
    assert_eq!(agents, [1, 1]);
    assert_eq!(
        header(&requests[0], "user-agent"),
        Some("my-app/1.2 (+https://example.com)")
    );
    assert_eq!(header(&requests[1], "user-agent"), Some(DEFAULT_USER_AGENT));
    assert_eq!(
        DEFAULT_USER_AGENT,
        format!("twilio-chat/{}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn invalid_user_agent_is_rejected_by_build() {
    for agent in ["bad\r\nX-Injected: 1", "nul\0"] {
        let error = expect_err(
            Client::builder(ACCOUNT_SID, AUTH_TOKEN)
                .user_agent(agent)
                .build(),
        );
        assert_eq!(
            error.to_string(),
            "invalid parameter `User-Agent`: not a valid HTTP header value"
        );
        assert!(
            matches!(&error, Error::InvalidParameter { name, .. } if name == "User-Agent"),
            "{error:?}"
        );
    }
}

#[tokio::test]
async fn timeout_is_a_transport_error_with_or_without_a_custom_http_client() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204).set_delay(Duration::from_secs(2)))
        .expect(2)
        .mount(&server)
        .await;
    let builders = [
        builder_for(&server),
        builder_for(&server).http_client(reqwest::Client::new()),
    ];

    for builder in builders {
        let client = builder
            .timeout(Duration::from_millis(100))
            .retry(RetryPolicy::none())
            .build()
            .unwrap();
        let started = Instant::now();
        let error = expect_err(
            client
                .delete_invite(SERVICE_SID, CHANNEL_SID, INVITE_SID)
                .await,
        );
        let elapsed = started.elapsed();
        assert!(
            matches!(&error, Error::Transport(e) if e.is_timeout()),
            "{error:?}"
        );
        assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
    }
    server.verify().await;
}

#[test]
fn clients_are_cheap_to_clone_and_thread_safe() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Client>();
    assert_send_sync::<twilio_chat::ClientBuilder>();
    assert_send_sync::<Error>();
    let client = Client::new(ACCOUNT_SID, AUTH_TOKEN);
    let clone = client.clone();
    assert_eq!(format!("{client:?}"), format!("{clone:?}"));
}

#[tokio::test]
async fn one_client_serves_concurrent_operations_on_spawned_tasks() {
    let server = answering_server().await;
    let client = client_for(&server);

    // Spawning needs every operation's future (and the stream) to be `Send + 'static`.
    let mut tasks = Vec::new();
    for n in 0..8 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let identity = format!("user{n}");
            let created = client
                .create_invite(SERVICE_SID, CHANNEL_SID, &create_request(&identity, None))
                .await?;
            let sid = created.sid.unwrap_or_default();
            client.fetch_invite(SERVICE_SID, CHANNEL_SID, &sid).await?;
            let stream =
                client.list_invite_stream(SERVICE_SID, CHANNEL_SID, &ListInviteParams::default());
            let listed: Vec<_> = futures::TryStreamExt::try_collect(stream).await?;
            client.delete_invite(SERVICE_SID, CHANNEL_SID, &sid).await?;
            Ok::<_, Error>((identity, listed.len()))
        }));
    }
    for (n, task) in tasks.into_iter().enumerate() {
        let (identity, listed) = task.await.unwrap().unwrap();
        assert_eq!((identity, listed), (format!("user{n}"), 0));
    }

    let requests = received(&server).await;
    assert_eq!(requests.len(), 8 * 4);
    let mut bodies: Vec<_> = requests
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .map(|r| body_text(r).to_owned())
        .collect();
    bodies.sort();
    let expected: Vec<_> = (0..8).map(|n| format!("Identity=user{n}")).collect();
    assert_eq!(bodies, expected);
    requests.iter().for_each(assert_standard_headers);
}
