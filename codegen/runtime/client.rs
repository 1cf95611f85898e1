//! The client, its builder, and the single request path every operation
//! goes through.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, CONTENT_TYPE, USER_AGENT};
use reqwest::{Method, Url};

use super::request::{parse_base, redact_userinfo, Body, Request, Response};
use super::retry::{is_retryable_status, is_retryable_transport, retry_after};
use super::{ApiError, Auth, Error, RetryPolicy};

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;
/// Names the crate that embeds this runtime (the generated client), since
/// `env!` is expanded in the host crate.
const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
const MAX_REDIRECTS: usize = 10;
/// Upper bound on up-front buffer allocation, so a bogus `Content-Length`
/// cannot make us reserve the whole size limit before any data arrives.
const MAX_PREALLOCATION: usize = 1024 * 1024;

/// An API client. Holds the credentials, configuration and a connection pool.
///
/// Cloning is cheap (an `Arc` is shared), so clone it into tasks rather than
/// wrapping it in another `Arc`. Its `Debug` output never contains secrets.
///
/// Create one with `Client::new` (defaults) or `Client::builder` (see
/// [`ClientBuilder`]).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    auth: Auth,
    /// Validated and normalized, trailing `/` trimmed.
    base_url: Option<String>,
    user_agent: HeaderValue,
    timeout: Duration,
    max_response_bytes: usize,
    retry: RetryPolicy,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("auth", &inner.auth)
            .field("user_agent", &inner.user_agent)
            .field("timeout", &inner.timeout)
            .field("max_response_bytes", &inner.max_response_bytes)
            .field("retry", &inner.retry)
            .finish_non_exhaustive()
    }
}

/// Configures and builds a [`Client`].
///
/// Obtain one from the generated `Client::builder(...)`, chain the settings
/// you need, then call [`build`](ClientBuilder::build). For example, to talk
/// to a local mock server with a 5-second timeout and no retries:
///
/// ```text
/// let client = Client::builder(account_sid, auth_token)
///     .base_url("http://127.0.0.1:8080")
///     .timeout(Duration::from_secs(5))
///     .retry(RetryPolicy::none())
///     .build()?;
/// ```
///
/// Defaults: each operation's server from the spec, a 60 s timeout per
/// attempt, a 10 s connect timeout, a 32 MiB response limit, a User-Agent of
/// `<crate name>/<crate version>` and [`RetryPolicy::default`].
///
/// When the builder creates the HTTP client itself, redirects are followed
/// only within the same origin (scheme, host and port), at most 10 times; a
/// redirect anywhere else is returned as an [`Error::Api`] with the 3xx
/// status, so credentials (including API-key headers, which `reqwest` does
/// not strip on redirects) never leave the configured host.
pub struct ClientBuilder {
    auth: Auth,
    base_url: Option<String>,
    http_client: Option<reqwest::Client>,
    timeout: Duration,
    connect_timeout: Duration,
    max_response_bytes: usize,
    user_agent: String,
    retry: RetryPolicy,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not yet validated, so it may still carry `user:pass@`.
        let base_url = self.base_url.as_deref().map(redact_userinfo);
        f.debug_struct("ClientBuilder")
            .field("auth", &self.auth)
            .field("base_url", &base_url)
            .field("custom_http_client", &self.http_client.is_some())
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .finish()
    }
}

impl ClientBuilder {
    /// A builder with default settings for the given credentials.
    pub(crate) fn with_auth(auth: Auth) -> Self {
        ClientBuilder {
            auth,
            base_url: None,
            http_client: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            retry: RetryPolicy::default(),
        }
    }

    /// Sends every operation to this base URL instead of the server named in
    /// the spec: a mock server in tests (`http://127.0.0.1:8080`), a regional
    /// edge (`https://chat.dublin.ie1.twilio.com`), or a proxy with a path
    /// prefix (`https://proxy.example.com/twilio`). Operation paths are
    /// appended to it; a trailing `/` is ignored.
    ///
    /// It must be an absolute `http` or `https` URL with a host and without
    /// credentials, query or fragment, otherwise [`build`](Self::build)
    /// returns [`Error::InvalidBaseUrl`]. Plain `http` is accepted because
    /// you asked for it explicitly; the spec's servers are `https`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Uses this `reqwest::Client` (e.g. with a proxy or custom TLS roots)
    /// instead of creating one. Its own redirect policy then applies, and
    /// [`connect_timeout`](Self::connect_timeout) is ignored.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Time limit for one attempt, from connecting until the whole response
    /// body is read. Retries each get a fresh limit. Default: 60 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time limit for establishing a connection. Default: 10 s. Only applies
    /// when the builder creates the HTTP client (not with
    /// [`http_client`](Self::http_client)).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Largest response body, in bytes, that will be read into memory
    /// (error responses included). Larger bodies are abandoned with
    /// [`Error::ResponseTooLarge`] rather than exhausting memory.
    /// Default: 32 MiB.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The `User-Agent` header sent with every request.
    /// Default: `<crate name>/<crate version>` of the generated client crate.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// When and how failed requests are retried. Default:
    /// [`RetryPolicy::default`]; use [`RetryPolicy::none`] to disable.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Validates the settings and creates the client.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidBaseUrl`] for an unusable base URL,
    /// [`Error::InvalidParameter`] for a user agent that is not a valid header
    /// value, and [`Error::Build`] if the HTTP client cannot be created.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = match &self.base_url {
            Some(raw) => Some(parse_base(raw)?.as_str().trim_end_matches('/').to_owned()),
            None => None,
        };
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::invalid_parameter("User-Agent", "not a valid HTTP header value"))?;
        let http = match self.http_client {
            Some(http) => http,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .redirect(same_origin_redirects())
                .build()
                .map_err(Error::Build)?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                auth: self.auth,
                base_url,
                user_agent,
                timeout: self.timeout,
                max_response_bytes: self.max_response_bytes,
                retry: self.retry,
            }),
        })
    }
}

/// Follows redirects only within the origin of the original request.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        // `previous()` starts with the original URL.
        if attempt.previous().len() > MAX_REDIRECTS {
            return attempt.error("too many redirects");
        }
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// Why reading a response body stopped early.
enum ReadError {
    TooLarge,
    Transport(reqwest::Error),
}

impl Client {
    /// A client with default settings.
    ///
    /// # Panics
    ///
    /// Only where `reqwest::Client::new` would: if the TLS backend cannot be
    /// initialised. Use the builder to get an error instead.
    pub(crate) fn from_auth(auth: Auth) -> Client {
        match ClientBuilder::with_auth(auth).build() {
            Ok(client) => client,
            // With no base URL and the default user agent, `build` can only
            // fail while creating the reqwest client.
            Err(error) => panic!("failed to initialise the HTTP client: {error}"),
        }
    }

    /// The base URL override set with [`ClientBuilder::base_url`]
    /// (normalized, without trailing `/`), or `None` when each operation uses
    /// its server from the spec.
    pub fn base_url(&self) -> Option<&str> {
        self.inner.base_url.as_deref()
    }

    /// The shared request path of every operation: builds the URL and
    /// headers, applies auth, sends with retries, reads the body (size
    /// capped) and maps non-2xx statuses to [`Error::Api`].
    ///
    /// Problems recorded while building `request` are returned before any
    /// network I/O.
    pub(crate) async fn send(&self, mut request: Request) -> Result<Response, Error> {
        if let Some(error) = request.error.take() {
            return Err(error);
        }
        let inner = &*self.inner;
        let url = request.url(inner.base_url.as_deref())?;
        let mut wire_url = url.clone();
        inner.auth.apply_query(&mut wire_url);
        let headers = self.headers(&request)?;
        let policy = &inner.retry;

        let mut retries = 0;
        loop {
            let may_retry = retries < policy.max_retries && policy.allows(&request.method);
            let attempt = self.attempt(&request.method, &wire_url, &headers, request.body.as_ref());
            let error = match attempt.await {
                Ok(response) => {
                    let status = response.status().as_u16();
                    if may_retry && is_retryable_status(status) {
                        let delay = policy.delay(retries, retry_after(response.headers()));
                        // Dropping the response abandons its body; the
                        // connection is simply not reused.
                        drop(response);
                        pause(delay).await;
                        retries += 1;
                        continue;
                    }
                    let headers = response.headers().clone();
                    match read_body(response, inner.max_response_bytes).await {
                        Ok(body) if (200..300).contains(&status) => {
                            return Ok(Response {
                                status,
                                headers,
                                body,
                                url,
                            });
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
            if may_retry && is_retryable_transport(&error) {
                pause(policy.delay(retries, None)).await;
                retries += 1;
                continue;
            }
            // reqwest errors print their URL; replace it with the one without
            // the API-key query parameter.
            let error = match inner.auth.query_param() {
                Some(_) => error.with_url(url),
                None => error,
            };
            return Err(Error::Transport(error));
        }
    }

    /// Headers shared by all attempts of one request.
    fn headers(&self, request: &Request) -> Result<HeaderMap, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        for (name, value) in &request.headers {
            headers.append(name.clone(), value.clone());
        }
        if let Some(body) = &request.body {
            let value = HeaderValue::from_str(body.content_type).map_err(|_| {
                Error::invalid_parameter("Content-Type", "not a valid header value")
            })?;
            headers.insert(CONTENT_TYPE, value);
        }
        // Last, so a spec-declared header of the same name cannot replace it.
        if let Some((name, value)) = self.inner.auth.header()? {
            headers.insert(name, value);
        }
        Ok(headers)
    }

    /// Sends one attempt and returns once the response head has arrived.
    async fn attempt(
        &self,
        method: &Method,
        url: &Url,
        headers: &HeaderMap,
        body: Option<&Body>,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let mut builder = self
            .inner
            .http
            .request(method.clone(), url.clone())
            .headers(headers.clone())
            .timeout(self.inner.timeout);
        if let Some(body) = body {
            builder = builder.body(body.bytes.clone());
        }
        builder.send().await
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
