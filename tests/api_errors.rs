//! Non-2xx answers become `Error::Api(ApiError)`: Twilio's error JSON field by field, and
//! what the message is for other bodies (plain text, problem+json, empty, non-UTF-8).

mod common;

use common::*;
use twilio_chat::{ApiError, CreateInviteRequest, ListInviteParams};
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn create_body() -> CreateInviteRequest {
    create_request("alice", None)
}

#[tokio::test]
async fn twilio_404_error_json_becomes_api_error_with_every_field() {
    let body = r#"{"code": 20404, "message": "The requested resource /Services/IS.../Invites/IN... was not found", "more_info": "https://www.twilio.com/docs/errors/20404", "status": 404}"#;
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(json_response(404, body))
        .expect(4)
        .mount(&server)
        .await;
    let client = client_for(&server);
    let expected = ApiError {
        status: 404,
        code: Some(20404),
        message: "The requested resource /Services/IS.../Invites/IN... was not found".to_owned(),
        more_info: Some("https://www.twilio.com/docs/errors/20404".to_owned()),
        body: body.to_owned(),
    };

    let (s, c, i) = (SERVICE_SID, CHANNEL_SID, INVITE_SID);
    let errors = [
        expect_err(client.fetch_invite(s, c, i).await),
        expect_err(client.delete_invite(s, c, i).await),
        expect_err(client.create_invite(s, c, &create_body()).await),
        expect_err(client.list_invite(s, c, &ListInviteParams::default()).await),
    ];
    for error in errors {
        assert_eq!(error.status(), Some(404));
        assert_eq!(error.as_api(), Some(&expected));
        assert_eq!(
            error.to_string(),
            "HTTP 404 (Twilio code 20404): The requested resource /Services/IS.../Invites/IN... was not found"
        );
        assert_eq!(api_error(error), expected);
    }
    server.verify().await;
}

#[tokio::test]
async fn non_json_problem_json_and_empty_error_bodies() {
    let server = MockServer::start().await;
    let mount = |service: &str, response: ResponseTemplate| {
        Mock::given(path(format!(
            "/v1/Services/{service}/Channels/c/Invites/IN1"
        )))
        .respond_with(response)
        .expect(1)
    };
    mount(
        "html",
        ResponseTemplate::new(502).set_body_string("  <html>Bad gateway</html>\n"),
    )
    .mount(&server)
    .await;
    let problem = r#"{"type":"about:blank","title":"Bad Request","status":400,"detail":"Identity is required"}"#;
    mount(
        "problem",
        ResponseTemplate::new(400).set_body_raw(problem, "application/problem+json"),
    )
    .mount(&server)
    .await;
    mount(
        "title",
        ResponseTemplate::new(409)
            .set_body_raw(r#"{"title":"Conflict here"}"#, "application/problem+json"),
    )
    .mount(&server)
    .await;
    mount("empty", ResponseTemplate::new(401))
        .mount(&server)
        .await;
    // JSON that is not an object carries no fields: the raw text is the message.
    mount("array", json_response(403, r#"["nope"]"#))
        .mount(&server)
        .await;
    // The status always comes from the status line, never from the body.
    mount(
        "mismatch",
        json_response(
            429,
            r#"{"code": 20429, "message": "Too many", "status": 400}"#,
        ),
    )
    .mount(&server)
    .await;
    let client = client_without_retries(&server);
    let fetch = |service: &'static str| {
        let client = client.clone();
        async move { api_error(expect_err(client.fetch_invite(service, "c", "IN1").await)) }
    };

    let api = |status, code, message: &str, body: &str| ApiError {
        status,
        code,
        message: message.to_owned(),
        more_info: None,
        body: body.to_owned(),
    };
    let html = fetch("html").await;
    assert_eq!(
        html,
        api(
            502,
            None,
            "<html>Bad gateway</html>",
            "  <html>Bad gateway</html>\n"
        )
    );
    assert_eq!(html.to_string(), "HTTP 502: <html>Bad gateway</html>");
    assert_eq!(
        fetch("problem").await,
        api(400, None, "Identity is required", problem)
    );
    assert_eq!(
        fetch("title").await,
        api(409, None, "Conflict here", r#"{"title":"Conflict here"}"#)
    );
    let empty = fetch("empty").await;
    assert_eq!(empty, api(401, None, "Unauthorized", ""));
    assert_eq!(empty.to_string(), "HTTP 401: Unauthorized");
    assert_eq!(
        fetch("array").await,
        api(403, None, r#"["nope"]"#, r#"["nope"]"#)
    );
    let mismatch = fetch("mismatch").await;
    assert_eq!((mismatch.status, mismatch.code), (429, Some(20429)));
    server.verify().await;
}

#[tokio::test]
async fn unusual_error_answers_are_reported_without_panicking() {
    let server = MockServer::start().await;
    let mount = |service: &str, response: ResponseTemplate| {
        Mock::given(path(format!(
            "/v1/Services/{service}/Channels/c/Invites/IN1"
        )))
        .respond_with(response)
        .expect(1)
    };
    mount(
        "binary",
        ResponseTemplate::new(500).set_body_bytes(vec![0xff, 0xfe, b'x']),
    )
    .mount(&server)
    .await;
    mount("unknown", ResponseTemplate::new(599))
        .mount(&server)
        .await;
    let long = format!("<html>{}</html>", "é".repeat(3000));
    mount(
        "long",
        ResponseTemplate::new(400).set_body_string(long.clone()),
    )
    .mount(&server)
    .await;
    mount(
        "string-code",
        json_response(
            400,
            r#"{"code": "20001", "message": "  spaced  ", "more_info": ""}"#,
        ),
    )
    .mount(&server)
    .await;
    let client = client_without_retries(&server);
    let fetch = |service: &'static str| {
        let client = client.clone();
        async move { api_error(expect_err(client.fetch_invite(service, "c", "IN1").await)) }
    };

    let binary = fetch("binary").await;
    assert_eq!(
        (binary.status, binary.message.as_str()),
        (500, "\u{FFFD}\u{FFFD}x")
    );
    assert_eq!(binary.body, "\u{FFFD}\u{FFFD}x");

    let unknown = fetch("unknown").await;
    assert_eq!(
        (unknown.status, unknown.message.as_str()),
        (599, "Unknown Status")
    );

    // `Display` shows the first 1000 characters; the fields keep everything.
    let long_error = fetch("long").await;
    assert_eq!(
        (long_error.message.as_str(), long_error.body.as_str()),
        (long.as_str(), long.as_str())
    );
    let shown = long_error.to_string();
    let expected: String = long.chars().take(1000).collect();
    assert_eq!(shown, format!("HTTP 400: {expected}…"));

    // Only integer codes and non-blank texts count; texts are trimmed.
    let odd = fetch("string-code").await;
    assert_eq!(
        (odd.code, odd.message.as_str(), odd.more_info),
        (None, "spaced", None)
    );
    server.verify().await;
}
