//! The client and the single request path every operation goes through.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, CONTENT_LENGTH, CONTENT_TYPE, COOKIE, USER_AGENT,
};
use reqwest::Url;

use super::auth::{Applied, Auth};
use super::builder::NonFollowing;
use super::media::{ByteStream, Redirect};
use super::request::{Body, Content, Request, Response, Target};
use super::retry::{is_retryable_status, is_retryable_transport, retry_after};
use super::servers::{Base, ServerRef, ServerSettings};
use super::{ApiError, Error, RetryPolicy};

/// Upper bound on up-front buffer allocation, so a bogus `Content-Length`
/// cannot make us reserve the whole size limit before any data arrives.
const MAX_PREALLOCATION: usize = 1024 * 1024;

/// The client inside every generated `Client`: credentials, configuration
/// and a connection pool.
///
/// Cloning is cheap (an `Arc` is shared). Its `Debug` output never contains
/// secrets. Built by [`ClientBuilder`](super::ClientBuilder).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// Everything a client shares between its clones; built by `ClientBuilder`.
pub(super) struct Inner {
    /// Connection pool and TLS configuration.
    pub(super) http: reqwest::Client,
    /// Credentials applied to every request.
    pub(super) auth: Auth,
    /// Base URL override, validated and normalized.
    pub(super) base_url: Option<Base>,
    /// The first operation server from the spec used without an override,
    /// parsed on first use: a client's operations nearly always share one
    /// server, and parsing it for every request showed up in profiles.
    /// Other servers are parsed per request.
    pub(super) spec_server: OnceLock<(ServerRef, Base)>,
    /// Server variables and what relative servers resolve against.
    pub(super) servers: ServerSettings,
    /// Validated `User-Agent` value.
    pub(super) user_agent: HeaderValue,
    /// Per-attempt time limit.
    pub(super) timeout: Duration,
    /// Response body size limit in bytes.
    pub(super) max_response_bytes: usize,
    /// When to retry.
    pub(super) retry: RetryPolicy,
    /// How to get a client that does not follow redirects (operations
    /// returning [`Redirect`]); `None` when the caller gave its own.
    pub(super) non_following: Option<NonFollowing>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &self.base_url())
            .field("auth", &inner.auth)
            .field("user_agent", &inner.user_agent)
            .field("timeout", &inner.timeout)
            .field("max_response_bytes", &inner.max_response_bytes)
            .field("retry", &inner.retry)
            .finish_non_exhaustive()
    }
}

/// How a request is sent and its response handed back.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A 2xx is the result, its body read (size capped).
    Buffered,
    /// A 2xx is the result, its body left to the caller.
    Streaming,
    /// A 3xx is the result (redirects not followed), its body read.
    Redirect,
}

impl Mode {
    /// Whether `status` is the result rather than an [`Error::Api`].
    fn is_success(self, status: u16) -> bool {
        match self {
            Mode::Buffered | Mode::Streaming => (200..300).contains(&status),
            // A server may answer directly instead of redirecting: the content is the body.
            Mode::Redirect => (200..400).contains(&status),
        }
    }
}

/// A response `exchange` accepted.
enum Exchanged {
    /// Body read.
    Read(Response),
    /// A 2xx of `Mode::Streaming`: body unread; the URL requested.
    Unread(reqwest::Response, Url),
}

/// Why reading a response body stopped early.
enum ReadError {
    /// Over `max_response_bytes`; not retried (it would be as large again).
    TooLarge,
    /// The connection failed mid-body; may be retried.
    Transport(reqwest::Error),
}

impl Client {
    /// Wraps validated settings (see `ClientBuilder::build`).
    pub(super) fn from_inner(inner: Inner) -> Client {
        Client {
            inner: Arc::new(inner),
        }
    }

    /// The base URL override set with [`ClientBuilder::base_url`](super::ClientBuilder::base_url)
    /// (normalized, without trailing `/`), or `None` when each operation uses
    /// its server from the spec.
    pub fn base_url(&self) -> Option<&str> {
        self.inner.base_url.as_ref().map(Base::as_str)
    }

    /// The shared request path of every operation: builds the URL and
    /// headers, applies auth, sends with retries, reads the body (size
    /// capped) and maps non-2xx statuses to [`Error::Api`].
    ///
    /// Problems recorded while building `request` are returned before any
    /// network I/O.
    pub async fn send(&self, request: Request) -> Result<Response, Error> {
        match self.exchange(request, Mode::Buffered).await? {
            Exchanged::Read(response) => Ok(response),
            // Only `Mode::Streaming` leaves a body unread; read it all the same.
            Exchanged::Unread(response, url) => self.read_all(response, url).await,
        }
    }

    /// Sends `request` (with retries until the response headers arrive, and
    /// no time limit on the body: see [`ByteStream`]) and returns the 2xx
    /// body as a stream of chunks, neither buffered nor size capped. Other
    /// statuses are read (capped) into an [`Error::Api`], as by [`send`](Self::send).
    pub async fn send_streaming(&self, request: Request) -> Result<ByteStream, Error> {
        match self.exchange(request, Mode::Streaming).await? {
            Exchanged::Unread(response, url) => Ok(ByteStream::new(response, url)),
            Exchanged::Read(response) => Ok(ByteStream::buffered(response)),
        }
    }

    /// Sends `request` without following any redirect and returns the 3xx
    /// response as a [`Redirect`] (body read, size capped), or a 2xx one
    /// when the server answers directly; any other status is an
    /// [`Error::Api`]. With a `reqwest::Client` given to
    /// [`ClientBuilder::http_client`](super::ClientBuilder::http_client),
    /// that client's redirect policy applies instead.
    pub async fn send_redirect(&self, request: Request) -> Result<Redirect, Error> {
        let response = match self.exchange(request, Mode::Redirect).await? {
            Exchanged::Read(response) => response,
            Exchanged::Unread(response, url) => self.read_all(response, url).await?,
        };
        Ok(Redirect::from_response(response))
    }

    /// The retry loop shared by every way of sending: the response, its
    /// body read (size capped) unless `mode` streams it, or the error it
    /// maps to (a status outside the success range of `mode` is an
    /// [`Error::Api`]).
    async fn exchange(&self, request: Request, mode: Mode) -> Result<Exchanged, Error> {
        let (mut outgoing, url, secret_query) = self.prepare_parts(request)?;
        let inner = &*self.inner;
        let http = match mode {
            Mode::Redirect => self.non_following_http()?,
            Mode::Buffered | Mode::Streaming => &inner.http,
        };
        let policy = &inner.retry;
        let retry_method = policy.allows(outgoing.method());
        // A streamed body may take longer than any one limit, so it has none
        // (the caller bounds stalls; see `ByteStream`).
        *outgoing.timeout_mut() = (mode != Mode::Streaming).then_some(inner.timeout);

        let mut retries = 0;
        loop {
            // `try_clone` fails for streaming bodies (files, streams,
            // multipart): they can only be sent once, so they are not retried.
            let mut next = if retry_method && retries < policy.max_retries {
                outgoing.try_clone()
            } else {
                None
            };
            let error = match http.execute(outgoing).await {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    if is_retryable_status(status) {
                        if let Some(next) = next.take() {
                            let delay = policy.delay(retries, retry_after(response.headers()));
                            // Dropping the response abandons its body; the
                            // connection is simply not reused.
                            drop(response);
                            pause(delay).await;
                            retries += 1;
                            outgoing = next;
                            continue;
                        }
                    }
                    let success = mode.is_success(status);
                    if success && mode == Mode::Streaming {
                        return Ok(Exchanged::Unread(response, url));
                    }
                    let headers = std::mem::take(response.headers_mut());
                    match read_body(response, inner.max_response_bytes).await {
                        Ok(body) if success => {
                            return Ok(Exchanged::Read(Response {
                                status,
                                headers,
                                body,
                                url,
                            }));
                        }
                        Ok(body) => return Err(Error::Api(ApiError::from_response(status, &body))),
                        Err(ReadError::TooLarge) => {
                            return Err(Error::ResponseTooLarge {
                                limit: inner.max_response_bytes,
                            });
                        }
                        Err(ReadError::Transport(error)) => error,
                    }
                }
                Err(error) => error,
            };
            if is_retryable_transport(&error) {
                if let Some(next) = next {
                    pause(policy.delay(retries, None)).await;
                    retries += 1;
                    outgoing = next;
                    continue;
                }
            }
            // reqwest errors print their URL; replace it with the one without
            // the API-key query parameter.
            let error = if secret_query {
                error.with_url(url)
            } else {
                error
            };
            return Err(Error::Transport(error));
        }
    }

    /// Sends `request` once and hands over the response as soon as its head has arrived with
    /// a 2xx status, its body unread: for bodies read as a stream (server-sent events), which
    /// no size limit applies to and which may stay open for as long as the server likes.
    ///
    /// The client's `timeout` bounds the wait for the response head (and for a non-2xx
    /// response's body, which is read, size-capped, into an [`Error::Api`]), not the stream.
    /// Not retried: what resuming a stream takes (e.g. `Last-Event-ID`) is the API's.
    pub(super) async fn send_unread(&self, request: Request) -> Result<reqwest::Response, Error> {
        let (outgoing, url, secret_query) = self.prepare_parts(request)?;
        let inner = &*self.inner;
        let head = async {
            let response = inner
                .http
                .execute(outgoing)
                .await
                .map_err(ReadError::Transport)?;
            let status = response.status().as_u16();
            if (200..300).contains(&status) {
                return Ok(Ok(response));
            }
            let body = read_body(response, inner.max_response_bytes).await?;
            Ok(Err(ApiError::from_response(status, &body)))
        };
        match tokio::time::timeout(inner.timeout, head).await {
            Ok(Ok(Ok(response))) => Ok(response),
            Ok(Ok(Err(api))) => Err(Error::Api(api)),
            Ok(Err(ReadError::TooLarge)) => Err(Error::ResponseTooLarge {
                limit: inner.max_response_bytes,
            }),
            // A caller's own `reqwest::Client` may have a read timeout that fires first while
            // the head is awaited: the same event as the limit below.
            Ok(Err(ReadError::Transport(error))) if error.is_timeout() => {
                Err(Error::ResponseTimeout {
                    limit: inner.timeout,
                })
            }
            // As in `send`: without the API-key query parameter in the URL it prints.
            Ok(Err(ReadError::Transport(error))) if secret_query => {
                Err(Error::Transport(error.with_url(url)))
            }
            Ok(Err(ReadError::Transport(error))) => Err(Error::Transport(error)),
            Err(_) => Err(Error::ResponseTimeout {
                limit: inner.timeout,
            }),
        }
    }

    /// Reads the body of a response `exchange` left unread (size capped,
    /// not retried).
    async fn read_all(&self, mut response: reqwest::Response, url: Url) -> Result<Response, Error> {
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        let limit = self.inner.max_response_bytes;
        match read_body(response, limit).await {
            Ok(body) => Ok(Response {
                status,
                headers,
                body,
                url,
            }),
            Err(ReadError::TooLarge) => Err(Error::ResponseTooLarge { limit }),
            Err(ReadError::Transport(error)) => {
                let error = if self.inner.auth.any_in_query() {
                    error.with_url(url)
                } else {
                    error
                };
                Err(Error::Transport(error))
            }
        }
    }

    /// The HTTP client for requests whose redirects are returned, not
    /// followed: built on first use with the builder's settings (an error
    /// is not kept, so a later request tries again), or the caller's own.
    fn non_following_http(&self) -> Result<&reqwest::Client, Error> {
        let inner = &*self.inner;
        let Some(settings) = &inner.non_following else {
            return Ok(&inner.http);
        };
        if let Some(http) = settings.client.get() {
            return Ok(http);
        }
        let http = settings.build()?;
        Ok(settings.client.get_or_init(|| http))
    }

    /// `request` as it would go on the wire: URL (with any API-key query
    /// parameter), headers (defaults, parameters, body type, credentials,
    /// one `Cookie`) and body. `send` is this plus the retry loop; exposed
    /// for tests and debugging.
    ///
    /// # Errors
    ///
    /// The problems `send` reports before any network I/O.
    #[doc(hidden)]
    pub fn prepare(&self, request: Request) -> Result<reqwest::Request, Error> {
        self.prepare_parts(request).map(|(outgoing, _, _)| outgoing)
    }

    /// The request to send, its URL without auth query parameters (for
    /// `Response::url` and errors), and whether a secret is in the query.
    fn prepare_parts(&self, request: Request) -> Result<(reqwest::Request, Url, bool), Error> {
        let Request {
            method,
            server,
            target,
            headers,
            cookies,
            security,
            body,
            error,
        } = request;
        if let Some(error) = error {
            return Err(error);
        }
        let inner = &*self.inner;
        let url = match target {
            Target::Url(url) => url,
            Target::Path { path, query } => self.base(server)?.join(&path, &query)?,
        };
        let mut applied = Applied::default();
        for credential in inner.auth.select(security)? {
            credential.apply(&mut applied)?;
        }
        let headers = self.headers(headers, &cookies, body.as_ref(), &applied)?;
        let mut outgoing = reqwest::Request::new(method, url.clone());
        applied.apply_query(outgoing.url_mut());
        *outgoing.headers_mut() = headers;
        if let Some(body) = body {
            self.set_body(&mut outgoing, body.content)?;
        }
        let secret_query = !applied.query.is_empty() || inner.auth.any_in_query();
        Ok((outgoing, url, secret_query))
    }

    /// Puts `content` into `outgoing`, with a `Content-Length` when the
    /// length is known (else the body is sent chunked).
    fn set_body(&self, outgoing: &mut reqwest::Request, content: Content) -> Result<(), Error> {
        let (body, length) = match content {
            Content::Bytes(bytes) => (bytes.into(), None),
            Content::Stream(body, length) => (body, length),
            Content::Multipart(form) => {
                // `reqwest` knows a form's length (when every part's is known) only
                // through its request builder; the `Content-Type` is already set.
                let mut built = self
                    .inner
                    .http
                    .post(outgoing.url().clone())
                    .multipart(form)
                    .build()
                    .map_err(|e| Error::Encode(format!("multipart body: {e}")))?;
                let length = built
                    .headers()
                    .get(CONTENT_LENGTH)
                    .and_then(|value| value.to_str().ok()?.parse().ok());
                let body = built.body_mut().take().unwrap_or_default();
                (body, length)
            }
        };
        if let Some(length) = length {
            outgoing
                .headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from(length));
        }
        *outgoing.body_mut() = Some(body);
        Ok(())
    }

    /// The base a request on `server` is relative to: the client's
    /// override if set, else `server` resolved (variables, relative URL;
    /// once if it is the first one used, see [`Inner::spec_server`]).
    pub(super) fn base(&self, server: ServerRef) -> Result<Cow<'_, Base>, Error> {
        let inner = &*self.inner;
        if let Some(base) = &inner.base_url {
            return Ok(Cow::Borrowed(base));
        }
        match inner.spec_server.get() {
            Some((cached, base)) if cached.same(server) => Ok(Cow::Borrowed(base)),
            Some(_) => inner.servers.resolve(server).map(Cow::Owned),
            None => {
                // Errors are not cached: they are reported on every request.
                let base = inner.servers.resolve(server)?;
                let (cached, cached_base) =
                    inner.spec_server.get_or_init(|| (server, base.clone()));
                Ok(if cached.same(server) {
                    Cow::Borrowed(cached_base)
                } else {
                    Cow::Owned(base)
                })
            }
        }
    }

    /// Headers shared by all attempts of one request: the defaults, then
    /// the operation's own (`extra`, replacing a default of the same name:
    /// a spec-declared `Accept` is sent once), the body's type, the
    /// credentials (replacing a spec-declared `Authorization`), and one
    /// `Cookie` header joining a spec-declared `Cookie` header, the cookie
    /// parameters and any cookie credential.
    fn headers(
        &self,
        extra: Vec<(HeaderName, HeaderValue)>,
        cookies: &[String],
        body: Option<&Body>,
        applied: &Applied<'_>,
    ) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        for (name, value) in extra {
            headers.insert(name, value);
        }
        if let Some(body) = body {
            let value = HeaderValue::from_str(&body.content_type).map_err(|_| {
                Error::invalid_parameter("Content-Type", "not a valid header value")
            })?;
            headers.insert(CONTENT_TYPE, value);
        }
        // After the operation's own, so a spec-declared header of the same
        // name cannot replace a credential.
        applied.add_headers(&mut headers);
        if !cookies.is_empty() || !applied.cookies.is_empty() {
            let declared = headers.remove(COOKIE);
            let mut pairs: Vec<&str> = Vec::new();
            if let Some(declared) = &declared {
                pairs.extend(declared.to_str().ok().filter(|v| !v.is_empty()));
            }
            pairs.extend(cookies.iter().map(String::as_str));
            pairs.extend(applied.cookies.iter().copied());
            let mut value = HeaderValue::from_str(&pairs.join("; "))
                .map_err(|_| Error::invalid_parameter("Cookie", "not a valid header value"))?;
            value.set_sensitive(!applied.cookies.is_empty());
            headers.insert(COOKIE, value);
        }
        Ok(headers)
    }
}

/// Reads the whole body, refusing to buffer more than `limit` bytes.
async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<Vec<u8>, ReadError> {
    let declared = response.content_length();
    // Fail fast when the server announces an oversized body.
    if declared.is_some_and(|length| length > u64::try_from(limit).unwrap_or(u64::MAX)) {
        return Err(ReadError::TooLarge);
    }
    let capacity = declared
        .and_then(|length| usize::try_from(length).ok())
        .unwrap_or(0)
        .min(MAX_PREALLOCATION);
    let mut body = Vec::with_capacity(capacity);
    // Chunked or lying responses are checked as they stream in.
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        if chunk.len() > limit - body.len() {
            return Err(ReadError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Sleeps between attempts; skips the timer entirely for a zero delay.
async fn pause(delay: Duration) {
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
}
