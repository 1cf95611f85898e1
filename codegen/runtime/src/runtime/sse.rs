//! `text/event-stream` responses (server-sent events) as a typed stream.
//!
//! The byte-level parsing (line endings, comments, multi-line `data`, events and UTF-8
//! characters split across network chunks, a leading BOM) is `sse-stream`'s; this module adds
//! what an API client needs on top: each event's `data` decoded into the operation's type, the
//! `[DONE]` terminator that many streaming APIs send, and the stream state a caller needs to
//! reconnect (`Last-Event-ID`, the server's `retry`).
//!
//! Reconnecting is left to the caller on purpose: whether a stream can be resumed, and with
//! which request, is API-specific.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures::stream::{self, Stream};
use serde::de::DeserializeOwned;
use sse_stream::{Sse, SseByteStream};

use super::client::Client;
use super::request::Request;
use super::Error;

/// The data of an event that ends the stream instead of being one (OpenAI's and many other
/// streaming APIs' convention).
const DONE: &str = "[DONE]";

/// One server-sent event, its `data` decoded as `T` (`String`: the raw text).
#[derive(Clone, Debug, PartialEq)]
pub struct Event<T = String> {
    /// The event's type (its `event:` field), `None` when it has none: an event without a
    /// type is a `message` event.
    pub event: Option<String>,
    /// The event's data: its `data:` lines joined with `\n`, decoded.
    pub data: T,
    /// The event's own `id:` field, if it has one (see [`EventStream::last_event_id`] for the
    /// id that carries over to later events).
    pub id: Option<String>,
    /// The reconnection delay the server asked for in this event (`retry:`), if any.
    pub retry: Option<Duration>,
}

impl<T> Event<T> {
    /// The event's type: its `event:` field, or `message` when it has none (as a browser's
    /// `EventSource` dispatches it).
    pub fn kind(&self) -> &str {
        match self.event.as_deref() {
            Some(kind) if !kind.is_empty() => kind,
            _ => "message",
        }
    }
}

/// How the text of an event's data becomes a `T`.
type Decode<T> = fn(&str) -> Result<T, serde_json::Error>;

/// The raw events of a response body.
type Raw = Pin<Box<dyn Stream<Item = Result<Sse, sse_stream::Error>> + Send>>;

/// The events of a `text/event-stream` response, as they arrive.
///
/// Items are `Ok(event)` for each event with data, in order; an event whose data does not
/// decode is an `Err(`[`Error::EventDecode`]`)` naming it, and the stream goes on after it.
/// A transport failure ([`Error::Transport`]) or a body that is not valid UTF-8
/// ([`Error::EventStream`]) is the last item. The stream ends without an error when the
/// server closes it or sends an event whose data is exactly `[DONE]` (not itself an item).
///
/// Blocks without data (comments, keep-alives, a lone `id:` or `retry:`) are not items, but
/// their `id` and `retry` are kept, see [`last_event_id`](Self::last_event_id) and
/// [`retry`](Self::retry). Dropping the stream closes the connection.
pub struct EventStream<T = String> {
    raw: Raw,
    decode: Decode<T>,
    last_event_id: Option<String>,
    retry: Option<Duration>,
    finished: bool,
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("last_event_id", &self.last_event_id)
            .field("retry", &self.retry)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned> EventStream<T> {
    /// The events of `response`, each event's data decoded from JSON.
    pub fn json(response: reqwest::Response) -> EventStream<T> {
        EventStream::with_decoder(response, |data| serde_json::from_str(data))
    }
}

impl EventStream<String> {
    /// The events of `response`, each event's data as text.
    pub fn text(response: reqwest::Response) -> EventStream<String> {
        EventStream::with_decoder(response, |data| Ok(data.to_owned()))
    }
}

impl<T> EventStream<T> {
    fn with_decoder(response: reqwest::Response, decode: Decode<T>) -> EventStream<T> {
        // `chunk` rather than `bytes_stream`, which needs a reqwest feature: the same bytes,
        // as they arrive, with no size cap (a stream may run for hours).
        let chunks = stream::try_unfold(response, |mut response| async move {
            Ok::<_, reqwest::Error>(response.chunk().await?.map(|chunk| (chunk, response)))
        });
        EventStream {
            raw: Box::pin(SseByteStream::new(chunks)),
            decode,
            last_event_id: None,
            retry: None,
            finished: false,
        }
    }

    /// The id of the last event that set one (an `id:` field carries over to the events
    /// after it, an empty one clears it): what to send as `Last-Event-ID` to resume the
    /// stream.
    pub fn last_event_id(&self) -> Option<&str> {
        self.last_event_id.as_deref()
    }

    /// The last reconnection delay the server asked for (`retry:`), if any.
    pub fn retry(&self) -> Option<Duration> {
        self.retry
    }

    /// The item for raw block `sse`, if it is one; `None` for blocks without data (their
    /// `id` and `retry` are kept all the same).
    fn item(&mut self, sse: Sse) -> Option<Result<Event<T>, Error>> {
        let retry = sse.retry.map(Duration::from_millis);
        if let Some(id) = &sse.id {
            // A NUL in an id is ignored (WHATWG), so that it can always be sent back.
            if !id.contains('\0') {
                self.last_event_id = Some(id.clone()).filter(|id| !id.is_empty());
            }
        }
        self.retry = retry.or(self.retry);
        let data = sse.data?;
        if data == DONE {
            self.finished = true;
            // Closes the connection now rather than when the caller drops the stream.
            self.raw = Box::pin(stream::empty());
            return None;
        }
        let item = match (self.decode)(&data) {
            Ok(data) => Ok(Event {
                event: sse.event,
                data,
                id: sse.id,
                retry,
            }),
            Err(source) => Err(Error::EventDecode {
                event: sse.event.unwrap_or_else(|| "message".to_owned()),
                id: sse.id,
                data,
                source,
            }),
        };
        Some(item)
    }
}

impl<T> Stream for EventStream<T> {
    type Item = Result<Event<T>, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        // Every field is `Unpin` (the raw stream is boxed).
        let this = self.get_mut();
        while !this.finished {
            match this.raw.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(sse))) => {
                    if let Some(item) = this.item(sse) {
                        return Poll::Ready(Some(item));
                    }
                }
                Poll::Ready(Some(Err(error))) => {
                    this.finished = true;
                    return Poll::Ready(Some(Err(stream_error(error))));
                }
                Poll::Ready(None) => this.finished = true,
            }
        }
        Poll::Ready(None)
    }
}

/// A parser error as ours: the transport's own error when the connection failed, otherwise
/// what is wrong with the stream.
fn stream_error(error: sse_stream::Error) -> Error {
    match error {
        sse_stream::Error::Body(source) => match source.downcast::<reqwest::Error>() {
            Ok(error) => Error::Transport((*error).without_url()),
            Err(other) => Error::EventStream(other.to_string()),
        },
        other => Error::EventStream(other.to_string()),
    }
}

impl Client {
    /// Sends `request` to an operation that answers with `text/event-stream` (asking for it
    /// with `Accept`) and returns its events, each event's data decoded from JSON as `T`.
    ///
    /// Errors as [`send`](Self::send) until the response head arrives (a non-2xx status is an
    /// [`Error::Api`] with the error body read in full); after that, errors are items of the
    /// stream. See `send_unread` for time limits and retries.
    pub async fn send_events<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<EventStream<T>, Error> {
        let response = self.send_unread(accept_events(request)).await?;
        Ok(EventStream::json(response))
    }

    /// [`send_events`](Self::send_events) with each event's data as text, for operations whose
    /// events have no schema (or a string one).
    pub async fn send_events_text(&self, request: Request) -> Result<EventStream<String>, Error> {
        let response = self.send_unread(accept_events(request)).await?;
        Ok(EventStream::text(response))
    }
}

/// `request` asking for an event stream (replacing the default `Accept`).
fn accept_events(request: Request) -> Request {
    request.header("Accept", Some("text/event-stream".to_owned()))
}
