//! Event streams read from a local server that writes its body in pieces, with pauses, so
//! that network chunks end inside events, inside lines and inside UTF-8 characters.

use std::time::Duration;

use futures::StreamExt;
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use super::builder;
use crate::__private::{Auth, Client, Method, Request};
use crate::{Error, Event, EventStream};

const OK_HEAD: &str =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";

/// Serves one request: answers `head` and then each of `pieces`, flushed and 30 ms apart,
/// then closes the connection. Returns the server's base URL and the request's head as
/// received.
async fn serve(head: &'static str, pieces: Vec<Vec<u8>>) -> (String, JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buffer = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let read = socket.read(&mut buffer).await.unwrap();
            assert!(read > 0, "request head incomplete");
            request.extend_from_slice(&buffer[..read]);
        }
        socket.write_all(head.as_bytes()).await.unwrap();
        for piece in pieces {
            socket.flush().await.unwrap();
            tokio::time::sleep(Duration::from_millis(30)).await;
            socket.write_all(&piece).await.unwrap();
        }
        socket.flush().await.unwrap();
        String::from_utf8(request).unwrap().to_ascii_lowercase()
    });
    (url, task)
}

fn client_for(url: &str) -> Client {
    builder(Auth::none()).base_url(url).build().unwrap().0
}

fn client_with_timeout(url: &str, millis: u64) -> Client {
    builder(Auth::none())
        .base_url(url)
        .timeout(Duration::from_millis(millis))
        .build()
        .unwrap()
        .0
}

fn request() -> Request {
    Request::new(Method::GET, "", "/events", &[])
}

/// `text` cut at each of the byte offsets `cuts`.
fn pieces(text: &str, cuts: &[usize]) -> Vec<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for &cut in cuts {
        out.push(bytes[start..cut].to_vec());
        start = cut;
    }
    out.push(bytes[start..].to_vec());
    out
}

/// Every item until the stream ends.
async fn collect<T>(mut stream: EventStream<T>) -> Vec<Result<Event<T>, Error>> {
    let mut items = Vec::new();
    while let Some(item) = stream.next().await {
        items.push(item);
    }
    items
}

#[derive(Debug, Deserialize, PartialEq)]
struct Delta {
    text: String,
    index: u32,
}

fn delta(text: &str, index: u32) -> Delta {
    Delta {
        text: text.to_owned(),
        index,
    }
}

#[tokio::test]
async fn json_events_split_across_chunks_decode_until_done() {
    let body = ": connected\n\n\
                event: delta\nid: 1\nretry: 2500\ndata: {\"text\":\"caf\u{e9}\",\n\
                data: \"index\":0}\n\n\
                data: {\"text\":\"\u{1f600}\",\"index\":1}\r\n\r\n\
                data: [DONE]\n\n\
                data: {\"text\":\"after done\",\"index\":2}\n\n";
    // Cuts inside the comment, inside `event:`, inside `é` (2 bytes), between a data line's
    // LF and the blank line, inside the emoji (4 bytes) and inside the CRLF.
    let e_acute = body.find('\u{e9}').unwrap();
    let emoji = body.find('\u{1f600}').unwrap();
    let crlf = body.find("\r\n").unwrap();
    let blank = body.find("0}\n\n").unwrap() + 3;
    let cuts = [4, 16, e_acute + 1, blank, emoji + 1, emoji + 3, crlf + 1];
    let (url, server) = serve(OK_HEAD, pieces(body, &cuts)).await;
    let client = client_for(&url);

    let mut stream = client.send_events::<Delta>(request()).await.unwrap();
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(
        first,
        Event {
            event: Some("delta".to_owned()),
            data: delta("caf\u{e9}", 0),
            id: Some("1".to_owned()),
            retry: Some(Duration::from_millis(2500)),
        }
    );
    assert_eq!(first.kind(), "delta");
    let second = stream.next().await.unwrap().unwrap();
    assert_eq!(second.data, delta("\u{1f600}", 1));
    assert_eq!(
        (second.kind(), second.id.as_deref(), second.retry),
        ("message", None, None)
    );
    // The id and retry carry over for reconnecting.
    assert_eq!(stream.last_event_id(), Some("1"));
    assert_eq!(stream.retry(), Some(Duration::from_millis(2500)));
    // `[DONE]` ends the stream: what follows it is not read.
    assert!(stream.next().await.is_none());
    assert!(stream.next().await.is_none());

    let head = server.await.unwrap();
    assert!(head.starts_with("get /events http/1.1\r\n"), "{head}");
    assert!(head.contains("\r\naccept: text/event-stream\r\n"), "{head}");
    assert!(!head.contains("application/json"), "{head}");
}

#[tokio::test]
async fn text_events_end_when_the_server_closes() {
    let body = "data: first line\ndata:second line\ndata\n\n\
                :keep-alive\n\n\
                id: 7\n\n\
                retry: 100\n\n\
                event: note\ndata:  two spaces\n\n\
                id:\ndata: id cleared\n\n\
                data: incomplete, never dispatched";
    let cuts: Vec<usize> = (1..body.len()).step_by(7).collect();
    let (url, _server) = serve(OK_HEAD, pieces(body, &cuts)).await;
    let client = client_for(&url);

    let mut stream = client.send_events_text(request()).await.unwrap();
    let first = stream.next().await.unwrap().unwrap();
    assert_eq!(first.data, "first line\nsecond line\n");
    let second = stream.next().await.unwrap().unwrap();
    assert_eq!(
        (second.kind(), second.data.as_str()),
        ("note", " two spaces")
    );
    // Set by a block without data, then carried over.
    assert_eq!(second.id, None);
    assert_eq!(stream.last_event_id(), Some("7"));
    assert_eq!(stream.retry(), Some(Duration::from_millis(100)));
    let third = stream.next().await.unwrap().unwrap();
    assert_eq!(third.data, "id cleared");
    assert_eq!(third.id.as_deref(), Some(""));
    assert_eq!(stream.last_event_id(), None);
    // The server closed the connection mid-event: a clean end, the partial event dropped.
    assert!(stream.next().await.is_none());
}

#[tokio::test]
async fn an_event_that_does_not_decode_is_an_error_item_and_the_stream_goes_on() {
    let body = "event: delta\nid: 3\ndata: {\"text\": 5}\n\n\
                data: {\"text\":\"ok\",\"index\":4}\n\n";
    let (url, _server) = serve(OK_HEAD, pieces(body, &[10])).await;
    let items = collect(
        client_for(&url)
            .send_events::<Delta>(request())
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(items.len(), 2, "{items:?}");
    match &items[0] {
        Err(
            error @ Error::EventDecode {
                event, id, data, ..
            },
        ) => {
            assert_eq!(
                (event.as_str(), id.as_deref(), data.as_str()),
                ("delta", Some("3"), "{\"text\": 5}")
            );
            let message = error.to_string();
            assert!(
                message.starts_with("failed to decode server-sent event `delta`: invalid type"),
                "{message}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(items[1].as_ref().unwrap().data, delta("ok", 4));
}

#[tokio::test]
async fn a_non_2xx_status_is_an_api_error_before_any_event() {
    let head = "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n\
                Content-Length: 27\r\nConnection: close\r\n\r\n";
    let (url, _server) = serve(head, vec![b"{\"message\":\"slow down\"}    ".to_vec()]).await;
    let error = client_for(&url)
        .send_events_text(request())
        .await
        .unwrap_err();
    match error {
        Error::Api(api) => {
            assert_eq!((api.status, api.message.as_str()), (429, "slow down"));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_connection_lost_mid_body_is_the_last_item() {
    // The body is shorter than announced: the connection failed, the stream did not end.
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\
                Content-Length: 1000\r\n\r\n";
    let (url, _server) = serve(head, vec![b"data: one\n\ndata: tw".to_vec()]).await;
    let items = collect(client_for(&url).send_events_text(request()).await.unwrap()).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().data, "one");
    assert!(matches!(items[1], Err(Error::Transport(_))), "{items:?}");
}

#[tokio::test]
async fn invalid_utf8_ends_the_stream_with_an_error() {
    let (url, _server) = serve(
        OK_HEAD,
        vec![
            b"data: ok\n\n".to_vec(),
            b"data: \xff\xfe\n\ndata: later\n\n".to_vec(),
        ],
    )
    .await;
    let items = collect(client_for(&url).send_events_text(request()).await.unwrap()).await;
    assert_eq!(items.len(), 2, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().data, "ok");
    assert!(matches!(items[1], Err(Error::EventStream(_))), "{items:?}");
}

#[tokio::test]
async fn the_client_timeout_bounds_the_wait_for_the_head_only() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    // Accepts and never answers.
    let _server = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        tokio::time::sleep(Duration::from_secs(30)).await;
        drop(socket);
    });
    let client = client_with_timeout(&url, 200);
    let error = client.send_events_text(request()).await.unwrap_err();
    assert!(
        matches!(error, Error::ResponseTimeout { limit } if limit == Duration::from_millis(200)),
        "{error:?}"
    );

    // A stream outlives the timeout once its head has arrived.
    let body = vec![
        b"data: early\n\n".to_vec(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        b"data: late\n\n".to_vec(),
    ];
    let (url, _server) = serve(OK_HEAD, body).await;
    let client = client_with_timeout(&url, 100);
    let items = collect(client.send_events_text(request()).await.unwrap()).await;
    let data: Vec<&str> = items
        .iter()
        .map(|item| item.as_ref().unwrap().data.as_str())
        .collect();
    assert_eq!(data, ["early", "late"]);
}
