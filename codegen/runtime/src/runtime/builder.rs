//! Client configuration: [`ClientBuilder`] and its defaults.

use std::fmt;
use std::marker::PhantomData;
use std::sync::OnceLock;
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::auth::Auth;
use super::client::{Client, Inner};
use super::servers::ServerSettings;
use super::servers::{parse_base, redact_userinfo, Base};
use super::{Error, RetryPolicy};

/// Per-attempt time limit (connect + request + whole response body).
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Time limit for establishing a connection.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest response body read into memory.
const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;
/// Redirects followed (same origin only) before giving up.
const MAX_REDIRECTS: usize = 10;

/// Configures and builds a generated client `C` (each generated crate names
/// this type `ClientBuilder`, an alias for `ClientBuilder<Client>`).
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
/// `<crate name>/<crate version>` of the crate that holds the generated
/// client, and [`RetryPolicy::default`].
///
/// When the builder creates the HTTP client itself, redirects are followed
/// only within the same origin (scheme, host and port), at most 10 times; a
/// redirect anywhere else is returned as an [`Error::Api`] with the 3xx
/// status, so credentials (including API-key headers, which `reqwest` does
/// not strip on redirects) never leave the configured host. Operations
/// whose only documented successes are redirects follow none: they return
/// the redirect itself ([`Redirect`](super::Redirect)).
pub struct ClientBuilder<C> {
    auth: Auth,
    base_url: Option<String>,
    server_base: Option<String>,
    server_variables: Vec<(String, String)>,
    http_client: Option<reqwest::Client>,
    timeout: Duration,
    connect_timeout: Duration,
    max_response_bytes: usize,
    user_agent: String,
    retry: RetryPolicy,
    /// The generated client type `build` returns (`fn() -> C`: the builder
    /// holds no `C`, so it is `Send` and `Sync` whatever `C` is).
    client: PhantomData<fn() -> C>,
}

/// A generated client type, built from the runtime's [`Client`] by
/// [`ClientBuilder::build`]. Implemented by generated code only.
#[doc(hidden)]
pub trait GeneratedClient {
    /// Wraps the configured runtime client.
    fn from_runtime(client: Client) -> Self;
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not yet validated, so it may still carry `user:pass@`.
        let base_url = self.base_url.as_deref().map(redact_userinfo);
        f.debug_struct("ClientBuilder")
            .field("auth", &self.auth)
            .field("base_url", &base_url)
            .field(
                "server_base",
                &self.server_base.as_deref().map(redact_userinfo),
            )
            .field("server_variables", &self.server_variables)
            .field("custom_http_client", &self.http_client.is_some())
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .finish()
    }
}

impl<C> ClientBuilder<C> {
    /// A builder with default settings for the given credentials, sending
    /// `user_agent` unless told otherwise. Called by generated code, which
    /// passes its own crate's `<name>/<version>` (`env!` there names the
    /// client crate, here it would name this one).
    #[doc(hidden)]
    pub fn with_auth(auth: Auth, user_agent: &str) -> Self {
        ClientBuilder {
            auth,
            base_url: None,
            server_base: None,
            server_variables: Vec::new(),
            http_client: None,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            user_agent: user_agent.to_owned(),
            retry: RetryPolicy::default(),
            client: PhantomData,
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

    /// Sets a variable of the spec's templated server URLs, e.g. `region`
    /// in `https://{region}.api.example.com/{version}`; variables you do not
    /// set keep the spec's default. Where the spec lists the allowed values,
    /// any other value makes requests fail with [`Error::InvalidBaseUrl`].
    /// Ignored when [`base_url`](Self::base_url) is set.
    pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.server_variables.push((name.into(), value.into()));
        self
    }

    /// The URL that the spec's relative server URLs (e.g. `/api/v3`) are
    /// resolved against, as a browser resolves a link: normally the API's
    /// origin (`https://petstore.example.com` gives
    /// `https://petstore.example.com/api/v3`) or the URL the spec is served
    /// from. Without it, an operation on a relative server fails with
    /// [`Error::NoServer`]. Ignored when [`base_url`](Self::base_url) is set.
    ///
    /// It must be an absolute `http` or `https` URL without credentials,
    /// query or fragment, otherwise [`build`](Self::build) returns
    /// [`Error::InvalidBaseUrl`].
    pub fn server_base(mut self, url: impl Into<String>) -> Self {
        self.server_base = Some(url.into());
        self
    }

    /// Adds (or replaces) the credential for the spec's security scheme
    /// `scheme`; generated builders wrap this in one method per scheme.
    #[doc(hidden)]
    pub fn credential(mut self, scheme: &'static str, credential: Auth) -> Self {
        self.auth = self.auth.with(scheme, credential);
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
    ///
    /// A streamed body ([`ByteStream`](super::ByteStream)) has no overall
    /// limit: when the builder creates the HTTP client, this is also the
    /// longest wait for the response headers and for each chunk.
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
    pub fn build(self) -> Result<C, Error>
    where
        C: GeneratedClient,
    {
        self.build_runtime().map(C::from_runtime)
    }

    /// [`build`](Self::build) for the generated `Client::new`, which has no
    /// error to return.
    ///
    /// # Panics
    ///
    /// Only where `reqwest::Client::new` would: if the TLS backend cannot be
    /// initialised (with no base URL and the default user agent, creating
    /// the HTTP client is the only step that can fail).
    #[doc(hidden)]
    pub fn build_or_panic(self) -> C
    where
        C: GeneratedClient,
    {
        match self.build() {
            Ok(client) => client,
            Err(error) => panic!("failed to initialise the HTTP client: {error}"),
        }
    }

    fn build_runtime(self) -> Result<Client, Error> {
        let base_url = self.base_url.as_deref().map(Base::parse).transpose()?;
        let relative_to = self.server_base.as_deref().map(parse_base).transpose()?;
        let user_agent = HeaderValue::from_str(&self.user_agent)
            .map_err(|_| Error::invalid_parameter("User-Agent", "not a valid HTTP header value"))?;
        let (http, non_following) = match self.http_client {
            Some(http) => (http, None),
            None => {
                let non_following = NonFollowing {
                    connect_timeout: self.connect_timeout,
                    read_timeout: self.timeout,
                    client: OnceLock::new(),
                };
                // No read timeout on the client every operation shares: an event stream may
                // be idle between events for longer than `timeout`. Buffered requests have
                // `timeout` as their overall limit; the non-following client reads only
                // buffered redirects, so it keeps one.
                let http = reqwest::Client::builder()
                    .connect_timeout(self.connect_timeout)
                    .redirect(same_origin_redirects())
                    .build()
                    .map_err(Error::Build)?;
                (http, Some(non_following))
            }
        };
        Ok(Client::from_inner(Inner {
            http,
            auth: self.auth,
            base_url,
            spec_server: OnceLock::new(),
            servers: ServerSettings {
                variables: self.server_variables,
                relative_to,
            },
            user_agent,
            timeout: self.timeout,
            max_response_bytes: self.max_response_bytes,
            retry: self.retry,
            non_following,
        }))
    }
}

/// The settings of the HTTP clients the builder creates, and the one that
/// follows no redirect, built on first use (most APIs have no operation
/// that needs it).
pub(super) struct NonFollowing {
    connect_timeout: Duration,
    read_timeout: Duration,
    pub(super) client: OnceLock<reqwest::Client>,
}

impl NonFollowing {
    /// A `reqwest` builder with the builder's timeouts.
    fn settings(&self) -> reqwest::ClientBuilder {
        reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .read_timeout(self.read_timeout)
    }

    /// The client that follows no redirect.
    pub(super) fn build(&self) -> Result<reqwest::Client, Error> {
        self.settings()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(Error::Build)
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
