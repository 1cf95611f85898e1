//! The evolving API shape on the wire, through the client generated from
//! `tests/fixtures/evolving_shape.yaml` (`# Generator: api_shape = evolving`): values built
//! with `new(<required fields>)` and the setters send exactly the bytes of the same values
//! written as struct literals (which only the crate itself may write, see
//! `fixture_client::evolving_literals`), and responses decode into the `#[non_exhaustive]`
//! types as before.

mod support;

use fixture_client::evolving_literals;
use fixture_client::evolving_shape::types::{
    Account, Companion, CreateAccountRequest, CreateAccountResponse, ListAccountParams, Note, Pet,
    Robot, Status,
};
use fixture_client::evolving_shape::{Client, RetryPolicy};
use serde_json::json;
use support::{answering, only_request};
use wiremock::{MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .retry(RetryPolicy::none())
        .build()
        .expect("a valid base URL")
}

/// What the server received, in order: method, path and query, headers that matter, body.
async fn received(server: &MockServer) -> Vec<(String, String, Option<String>, Vec<u8>)> {
    let requests: Vec<Request> = server.received_requests().await.expect("recording is on");
    requests
        .into_iter()
        .map(|r| {
            let trace = r
                .headers
                .get("x-trace")
                .map(|v| v.to_str().unwrap_or_default().to_owned());
            (r.method.to_string(), r.url.to_string(), trace, r.body)
        })
        .collect()
}

fn account_json() -> serde_json::Value {
    json!({"sid": "AC1", "status": "active"})
}

#[tokio::test]
async fn built_with_new_and_setters_sends_the_bytes_of_the_literal() {
    let server = answering(ResponseTemplate::new(201).set_body_json(account_json())).await;
    let client = client(&server);

    let form = CreateAccountRequest::new("Main")
        .status(Status::Closed)
        .tags(["a", "b c"].map(String::from))
        .limit(5);
    assert_eq!(form, evolving_literals::create_account_request());
    client.create_account(&form).await.expect("sent");
    client
        .create_account(&evolving_literals::create_account_request())
        .await
        .expect("sent");

    let json_body = Account::new("AC1", Status::Active)
        .note(Note::new("outer").reply(Note::new("inner")))
        .companions(vec![
            Companion::Pet(Pet::new("Rex").tag("dog")),
            Companion::Robot(Robot::new(42)),
        ])
        .labels([("team".to_owned(), "core".to_owned())])
        .nickname("m")
        // Fields named like reserved methods get the next free setter name.
        .new_2("fresh")
        .clone_2(true)
        .r#type("primary")
        .is_primary(true);
    assert_eq!(json_body, evolving_literals::account());
    client.update_account(&json_body).await.expect("sent");
    client
        .update_account(&evolving_literals::account())
        .await
        .expect("sent");

    let params = ListAccountParams::new(20)
        .friendly_name("Main")
        .x_trace("t-1");
    client.list_account(&params).await.expect("sent");
    client
        .list_account(&evolving_literals::list_params())
        .await
        .expect("sent");

    let requests = received(&server).await;
    assert_eq!(requests.len(), 6);
    for pair in requests.chunks(2) {
        assert_eq!(pair[0], pair[1], "built vs literal");
    }
    assert_eq!(
        String::from_utf8_lossy(&requests[0].3),
        "FriendlyName=Main&Status=closed&Tags=a&Tags=b+c&Limit=5"
    );
    let sent: serde_json::Value = serde_json::from_slice(&requests[2].3).expect("JSON");
    assert_eq!(sent["note"]["reply"]["text"], "inner");
    assert_eq!(sent["new"], "fresh");
    assert_eq!(sent["type"], "primary");
    assert_eq!(sent["companions"][1], json!({"serial": 42}));
    assert!(requests[4]
        .1
        .ends_with("/v1/Accounts?PageSize=20&FriendlyName=Main"));
    assert_eq!(requests[4].2.as_deref(), Some("t-1"));
}

#[tokio::test]
async fn responses_decode_into_the_non_exhaustive_types() {
    let server = answering(ResponseTemplate::new(201).set_body_json(account_json())).await;
    let created = client(&server)
        .create_account(&CreateAccountRequest::new("Main"))
        .await
        .expect("decoded");
    // Optional fields left as `new` set them are not sent.
    assert_eq!(only_request(&server).await.body, b"FriendlyName=Main");
    // Outside the crate, matches on #[non_exhaustive] enums need a wildcard arm.
    let account = match created {
        CreateAccountResponse::Created(account) => account,
        other => panic!("unexpected {other:?}"),
    };
    assert_eq!(account, Account::new("AC1", Status::Active));
    let status = match account.status {
        Status::Active => "active",
        _ => "other",
    };
    assert_eq!(status, "active");
}
