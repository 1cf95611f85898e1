//! Responses that are not JSON: bodies as bytes (buffered or streamed), as
//! text, and redirects returned rather than followed.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures::stream::{self, BoxStream, Stream};
use reqwest::header::{HeaderMap, CONTENT_TYPE, LOCATION};
use reqwest::Url;

use super::request::Response;
use super::Error;

impl Response {
    /// The body as it arrived (no copy).
    pub fn into_bytes(self) -> Bytes {
        Bytes::from(self.body)
    }

    /// The body as text, in the `charset` of its `Content-Type`: ISO-8859-1
    /// (`latin1`) and US-ASCII map each byte to a character, anything else
    /// (or no charset) is read as UTF-8. Text that is not valid UTF-8 is an
    /// [`Error::Text`], which keeps the bytes: nothing is replaced.
    pub fn string(self) -> Result<String, Error> {
        let latin1 = self
            .headers
            .get(CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(charset)
            .is_some_and(|charset| {
                [
                    "iso-8859-1",
                    "latin1",
                    "iso_8859-1",
                    "l1",
                    "us-ascii",
                    "ascii",
                ]
                .iter()
                .any(|name| charset.eq_ignore_ascii_case(name))
            });
        if latin1 {
            return Ok(self.body.iter().copied().map(char::from).collect());
        }
        String::from_utf8(self.body).map_err(|source| Error::Text {
            status: self.status,
            source,
        })
    }
}

/// The `charset` parameter of a `Content-Type` value, unquoted.
fn charset(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"'))
    })
}

/// A 2xx response body delivered chunk by chunk as the stream is polled:
/// not buffered and not subject to
/// [`max_response_bytes`](super::ClientBuilder::max_response_bytes), for
/// downloads of any size. Returned by the `<operation>_bytes_stream`
/// methods once the response headers have arrived.
///
/// The stream yields [`Error::Transport`] if the connection fails mid-body
/// (not retried: part of the body was delivered) and then ends. Neither the
/// transfer nor a wait for a chunk is limited by
/// [`timeout`](super::ClientBuilder::timeout) (a download may take as long as
/// it takes); wrap the stream in a timeout of your own to bound stalls.
pub struct ByteStream {
    status: u16,
    headers: HeaderMap,
    url: Url,
    chunks: BoxStream<'static, Result<Bytes, Error>>,
}

impl ByteStream {
    /// The stream of a response whose body is still to be read.
    pub(super) fn new(mut response: reqwest::Response, url: Url) -> ByteStream {
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        // Errors name the URL without auth query parameters.
        let state = Some((response, url.clone()));
        let chunks = stream::unfold(state, |state| async move {
            let (mut response, url) = state?;
            match response.chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk), Some((response, url)))),
                Ok(None) => None,
                // The error is the last item: the body is broken.
                Err(error) => Some((Err(Error::Transport(error.with_url(url))), None)),
            }
        });
        ByteStream {
            status,
            headers,
            url,
            chunks: Box::pin(chunks),
        }
    }

    /// The stream of a body already read.
    pub(super) fn buffered(response: Response) -> ByteStream {
        let Response {
            status,
            headers,
            body,
            url,
        } = response;
        let chunk = (!body.is_empty()).then(|| Ok(Bytes::from(body)));
        ByteStream {
            status,
            headers,
            url,
            chunks: Box::pin(stream::iter(chunk)),
        }
    }

    /// The HTTP status code (2xx).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The URL that was requested (auth query parameters omitted).
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The body's length as the server announced it (`Content-Length`), if
    /// it did.
    pub fn content_length(&self) -> Option<u64> {
        self.headers
            .get(reqwest::header::CONTENT_LENGTH)?
            .to_str()
            .ok()?
            .parse()
            .ok()
    }
}

impl Stream for ByteStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().chunks.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("url", &self.url.as_str())
            .finish_non_exhaustive()
    }
}

/// A redirect (3xx) answered by an operation whose documented result is one,
/// e.g. a download pointing at a storage host. It is returned, not
/// followed, so no credential is sent to the other host: fetch
/// [`location_url`](Self::location_url) with a client of your choice. A
/// server that answers such an operation directly with a 2xx gives a
/// `Redirect` of that status, without `location`, its content in `body`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Redirect {
    /// The HTTP status code: 3xx, or 2xx for a direct answer.
    pub status: u16,
    /// The `Location` header as sent (possibly relative), if any.
    pub location: Option<String>,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body (size capped), often empty.
    pub body: Bytes,
    /// The URL that was requested (auth query parameters omitted).
    pub url: Url,
}

impl Redirect {
    /// The redirect from a read 3xx (or 2xx) response. A `Location` that is not
    /// visible ASCII is kept as lossy text.
    pub(super) fn from_response(response: Response) -> Redirect {
        let location = response
            .headers
            .get(LOCATION)
            .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
        Redirect {
            status: response.status,
            location,
            body: Bytes::from(response.body),
            headers: response.headers,
            url: response.url,
        }
    }

    /// [`location`](Self::location) resolved against the requested URL;
    /// `None` when absent or not a URL.
    pub fn location_url(&self) -> Option<Url> {
        self.url.join(self.location.as_deref()?).ok()
    }
}
