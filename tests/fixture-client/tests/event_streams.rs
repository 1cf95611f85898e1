//! Event streams through the client generated from `tests/fixtures/event_streams.yaml`: each
//! event's data decoded into the declared type, or kept as text.

mod support;

use fixture_client::event_streams::{
    types::{Chunk, StartJobResponse, Tick},
    Client, Error,
};
use futures::TryStreamExt;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn serving(verb: &str, at: &str, body: &str) -> (Client, MockServer) {
    let server = MockServer::start().await;
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("content-type", "text/event-stream")
                .set_body_string(body),
        )
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    (client, server)
}

#[tokio::test]
async fn a_whole_event_schema_types_the_data_and_the_stream_ends_at_done() {
    let body = ": keep-alive\n\n\
                event: chunk\nid: 1\ndata: {\"index\": 0,\ndata:  \"text\": \"Hel\"}\n\n\
                event: chunk\nid: 2\nretry: 1500\ndata: {\"index\": 1, \"text\": \"lo\"}\n\n\
                data: [DONE]\n\n\
                data: {\"index\": 99}\n\n";
    let (client, server) = serving("POST", "/completions", body).await;
    let events: Vec<_> = client
        .stream_completion()
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let data: Vec<&Chunk> = events.iter().map(|e| &e.data).collect();
    assert_eq!(
        data,
        [
            &Chunk {
                index: 0,
                text: Some("Hel".to_owned())
            },
            &Chunk {
                index: 1,
                text: Some("lo".to_owned())
            },
        ]
    );
    assert_eq!(events[0].event.as_deref(), Some("chunk"));
    assert_eq!(events[1].id.as_deref(), Some("2"));
    assert_eq!(
        events[1].retry,
        Some(std::time::Duration::from_millis(1500))
    );
    let request = support::only_request(&server).await;
    let accept: Vec<_> = request.headers.get_all("accept").iter().collect();
    assert_eq!(
        accept,
        ["text/event-stream"],
        "sent once, as the stream's type"
    );
}

#[tokio::test]
async fn a_data_schema_types_the_data_and_a_bad_event_is_an_item_not_the_end() {
    let body = "data: {\"at\": \"12:00\"}\n\ndata: not json\n\ndata: {\"at\": \"12:01\"}\n\n";
    let (client, _server) = serving("GET", "/ticks", body).await;
    let items: Vec<Result<_, Error>> =
        futures::StreamExt::collect(client.stream_ticks().await.unwrap()).await;
    assert_eq!(items.len(), 3);
    assert_eq!(
        items[0].as_ref().unwrap().data,
        Tick {
            at: Some("12:00".to_owned())
        }
    );
    assert!(items[1].is_err(), "{:?}", items[1]);
    assert_eq!(
        items[2].as_ref().unwrap().data,
        Tick {
            at: Some("12:01".to_owned())
        }
    );
}

#[tokio::test]
async fn without_a_schema_or_with_a_string_one_the_data_is_text() {
    for (at, call) in [("/logs", 0), ("/status", 1)] {
        let (client, _server) =
            serving("GET", at, "data: line one\ndata: line two\n\ndata: x\n\n").await;
        let stream = match call {
            0 => client.stream_logs().await.unwrap(),
            _ => client.stream_status().await.unwrap(),
        };
        let data: Vec<String> = stream.map_ok(|e| e.data).try_collect().await.unwrap();
        assert_eq!(data, ["line one\nline two", "x"], "{at}");
    }
}

#[tokio::test]
async fn beside_another_status_the_stream_is_its_bytes() {
    let (client, _server) = serving("POST", "/jobs", "data: 1\n\n").await;
    match client.start_job().await.unwrap() {
        StartJobResponse::Ok(bytes) => assert_eq!(&bytes[..], b"data: 1\n\n"),
        other => panic!("{other:?}"),
    }
}
