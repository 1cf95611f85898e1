//! Shared fixtures for the wire tests of the generated Twilio Chat client.
//!
//! Every test starts its own wiremock server on 127.0.0.1 and points a client at it through
//! the public builder; nothing here reaches the network.

#![allow(dead_code)] // each test binary uses a different subset

use std::fmt::{Debug, Display};
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{json, Value};
use twilio_chat::{
    ChatV1ServiceChannelInvite, Client, ClientBuilder, CreateInviteRequest, Error, RetryPolicy,
};
use wiremock::matchers::{any, method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub mod pages;

/// The account, service, channel, invite and role SIDs of the spec's examples.
pub const ACCOUNT_SID: &str = "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub const SERVICE_SID: &str = "ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub const CHANNEL_SID: &str = "CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub const INVITE_SID: &str = "INaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
pub const ROLE_SID: &str = "RLaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/// Deliberately distinctive so tests can scan any output for it.
pub const AUTH_TOKEN: &str = "tok_SECRET_9f8e7d6c5b4a";
/// `Basic ` + base64(`ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa:tok_SECRET_9f8e7d6c5b4a`), computed
/// independently of the client (Python's `base64.b64encode`).
pub const EXPECTED_AUTHORIZATION: &str =
    "Basic QUNhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYTp0b2tfU0VDUkVUXzlmOGU3ZDZjNWI0YQ==";

/// The README's contract: `User-Agent: twilio-chat/<version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("twilio-chat/", env!("CARGO_PKG_VERSION"));

/// `/v1/Services/{ServiceSid}/Channels/{ChannelSid}/Invites` for the example SIDs.
pub fn invites_path() -> String {
    format!("/v1/Services/{SERVICE_SID}/Channels/{CHANNEL_SID}/Invites")
}

/// `/v1/Services/{ServiceSid}/Channels/{ChannelSid}/Invites/{Sid}` for the example SIDs.
pub fn invite_path() -> String {
    format!("{}/{INVITE_SID}", invites_path())
}

/// Retries with millisecond delays so retry tests stay fast.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .base_delay(Duration::from_millis(1))
        .max_delay(Duration::from_millis(20))
}

/// A builder pointed at the mock server, with fast retries.
pub fn builder_for(server: &MockServer) -> ClientBuilder {
    Client::builder(ACCOUNT_SID, AUTH_TOKEN)
        .base_url(server.uri())
        .retry(fast_retry())
}

/// A client pointed at the mock server, with fast retries.
pub fn client_for(server: &MockServer) -> Client {
    builder_for(server)
        .build()
        .expect("the mock's URL is a valid base URL")
}

/// A client pointed at the mock server that sends every request exactly once.
pub fn client_without_retries(server: &MockServer) -> Client {
    builder_for(server)
        .retry(RetryPolicy::none())
        .build()
        .expect("the mock's URL is a valid base URL")
}

/// The `create` / `fetch` example of the spec (201 and 200 responses), verbatim.
pub const INVITE_EXAMPLE: &str = r#"{
    "account_sid": "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "channel_sid": "CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "created_by": "created_by",
    "date_created": "2015-07-30T20:00:00Z",
    "date_updated": "2015-07-30T20:00:00Z",
    "identity": "identity",
    "role_sid": "RLaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "service_sid": "ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "sid": "INaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "url": "https://chat.twilio.com/v1/Services/ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Channels/CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Invites/INaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
}"#;

/// The `readFull` example of the spec (a one-page list), verbatim.
pub const READ_FULL_EXAMPLE: &str = r#"{
    "invites": [
        {
            "account_sid": "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "channel_sid": "CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "created_by": "created_by",
            "date_created": "2015-07-30T20:00:00Z",
            "date_updated": "2015-07-30T20:00:00Z",
            "identity": "identity",
            "role_sid": "RLaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "service_sid": "ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "sid": "INaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "url": "https://chat.twilio.com/v1/Services/ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Channels/CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Invites/INaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
        }
    ],
    "meta": {
        "first_page_url": "https://chat.twilio.com/v1/Services/ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Channels/CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Invites?Identity=identity&PageSize=50&Page=0",
        "key": "invites",
        "next_page_url": null,
        "page": 0,
        "page_size": 50,
        "previous_page_url": null,
        "url": "https://chat.twilio.com/v1/Services/ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Channels/CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Invites?Identity=identity&PageSize=50&Page=0"
    }
}"#;

/// The `readEmpty` example of the spec, verbatim.
pub const READ_EMPTY_EXAMPLE: &str = r#"{
    "invites": [],
    "meta": {
        "first_page_url": "https://chat.twilio.com/v1/Services/ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Channels/CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Invites?Identity=identity&PageSize=50&Page=0",
        "key": "invites",
        "next_page_url": null,
        "page": 0,
        "page_size": 50,
        "previous_page_url": null,
        "url": "https://chat.twilio.com/v1/Services/ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Channels/CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Invites?Identity=identity&PageSize=50&Page=0"
    }
}"#;

/// A response with a raw JSON body, exactly as given (no re-serialization).
pub fn json_response(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

/// 2015-07-30T20:00:00Z, the timestamp of every example.
pub fn example_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2015, 7, 30, 20, 0, 0).unwrap()
}

/// What [`INVITE_EXAMPLE`] must decode to, field by field.
pub fn example_invite() -> ChatV1ServiceChannelInvite {
    ChatV1ServiceChannelInvite {
        sid: Some(INVITE_SID.to_owned()),
        account_sid: Some(ACCOUNT_SID.to_owned()),
        channel_sid: Some(CHANNEL_SID.to_owned()),
        service_sid: Some(SERVICE_SID.to_owned()),
        identity: Some("identity".to_owned()),
        date_created: Some(example_time()),
        date_updated: Some(example_time()),
        role_sid: Some(ROLE_SID.to_owned()),
        created_by: Some("created_by".to_owned()),
        url: Some(format!("https://chat.twilio.com{}", invite_path())),
    }
}

/// A well-formed Invite with the given SID (for multi-item pages).
pub fn invite_json(sid: &str) -> Value {
    json!({
        "account_sid": ACCOUNT_SID,
        "channel_sid": CHANNEL_SID,
        "created_by": null,
        "date_created": "2015-07-30T20:00:00Z",
        "date_updated": "Thu, 30 Jul 2015 20:00:00 +0000",
        "identity": "identity",
        "role_sid": null,
        "service_sid": SERVICE_SID,
        "sid": sid,
        "url": format!("https://chat.twilio.com{}/{sid}", invites_path()),
    })
}

/// The n-th Invite SID of a paging test: `IN` + 32 hex digits.
pub fn nth_sid(n: u32) -> String {
    format!("IN{n:032x}")
}

/// All requests the mock server has received so far, in arrival order.
pub async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .expect("request recording is enabled by default")
}

/// A header of a received request as text (`None` when absent or not UTF-8).
pub fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// The body of a received request as text (bodies here are ASCII on the wire).
pub fn body_text(request: &wiremock::Request) -> &str {
    std::str::from_utf8(&request.body).expect("request bodies are ASCII")
}

/// Asserts the headers every request of the default client carries.
pub fn assert_standard_headers(request: &wiremock::Request) {
    assert_eq!(
        header(request, "authorization"),
        Some(EXPECTED_AUTHORIZATION)
    );
    assert_eq!(header(request, "accept"), Some("application/json"));
    assert_eq!(header(request, "user-agent"), Some(DEFAULT_USER_AGENT));
}

/// Asserts a bodiless request (GET, DELETE): no body, no `Content-Type`.
pub fn assert_no_body(request: &wiremock::Request) {
    assert!(
        request.body.is_empty(),
        "unexpected body {:?}",
        request.body
    );
    assert_eq!(header(request, "content-type"), None);
}

/// Fails if `text` contains the auth token or the encoded credentials.
pub fn assert_no_secret(text: &str) {
    assert!(!text.contains(AUTH_TOKEN), "auth token leaked: {text}");
    assert!(
        !text.contains(&EXPECTED_AUTHORIZATION["Basic ".len()..]),
        "encoded credentials leaked: {text}"
    );
    assert!(!text.contains("SECRET"), "secret marker leaked: {text}");
}

/// `{}`, `{:?}` and `{:#?}` of `value`, and `Display` of every error in its source chain,
/// are free of secrets.
pub fn assert_error_secret_free<E: std::error::Error>(error: &E) {
    assert_formats_secret_free(error);
    let mut source = error.source();
    while let Some(cause) = source {
        assert_no_secret(&cause.to_string());
        assert_no_secret(&format!("{cause:?}"));
        source = cause.source();
    }
}

/// `{}`, `{:?}` and `{:#?}` of `value` are free of secrets.
pub fn assert_formats_secret_free<T: Display + Debug + ?Sized>(value: &T) {
    assert_no_secret(&value.to_string());
    assert_no_secret(&format!("{value:?}"));
    assert_no_secret(&format!("{value:#?}"));
}

/// The error of a call that must fail, after checking it does not leak secrets.
#[track_caller]
pub fn expect_err<T: Debug>(result: Result<T, Error>) -> Error {
    match result {
        Ok(value) => panic!("expected an error, got Ok({value:?})"),
        Err(error) => {
            assert_error_secret_free(&error);
            error
        }
    }
}

/// The [`twilio_chat::ApiError`] inside `error`, or a panic naming what it was instead.
#[track_caller]
pub fn api_error(error: Error) -> twilio_chat::ApiError {
    match error {
        Error::Api(api) => {
            assert_error_secret_free(&api);
            api
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

/// A `CreateInvite` body.
pub fn create_request(identity: &str, role_sid: Option<&str>) -> CreateInviteRequest {
    CreateInviteRequest {
        identity: identity.to_owned(),
        role_sid: role_sid.map(str::to_owned),
    }
}

/// A server on which every operation succeeds with the spec's examples: POST → 201 Invite,
/// GET of a collection → 200 `readEmpty` page, GET of an Invite → 200 Invite, DELETE → 204.
pub async fn answering_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(json_response(201, INVITE_EXAMPLE))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path_regex("/Invites$"))
        .respond_with(json_response(200, READ_EMPTY_EXAMPLE))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(json_response(200, INVITE_EXAMPLE))
        .mount(&server)
        .await;
    server
}

/// Mounts `failures` answers of `failure` (each expected), then `success` for the rest.
pub async fn fail_then_succeed(
    server: &MockServer,
    failure: ResponseTemplate,
    failures: u64,
    success: ResponseTemplate,
) {
    Mock::given(any())
        .respond_with(failure)
        .up_to_n_times(failures)
        .expect(failures)
        .mount(server)
        .await;
    Mock::given(any()).respond_with(success).mount(server).await;
}

/// Asserts `count` requests were received, all identical: method, URL, body and the
/// headers the client sets. Returns them.
pub async fn assert_identical_requests(
    server: &MockServer,
    count: usize,
) -> Vec<wiremock::Request> {
    let requests = received(server).await;
    assert_eq!(requests.len(), count);
    for request in &requests[1..] {
        assert_eq!(request.method, requests[0].method);
        assert_eq!(request.url, requests[0].url);
        assert_eq!(request.body, requests[0].body);
        for name in ["authorization", "content-type", "accept", "user-agent"] {
            assert_eq!(header(request, name), header(&requests[0], name), "{name}");
        }
    }
    requests
}
