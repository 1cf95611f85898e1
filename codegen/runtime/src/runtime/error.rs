//! Error types returned by every generated operation.
//!
//! Messages never contain credentials: the runtime never formats the auth
//! token, and transport errors have secret query parameters stripped before
//! they are wrapped (see `client.rs`).

use std::fmt;
use std::time::Duration;

/// Everything that can go wrong while calling the API.
///
/// Errors are reported, never panicked: a malformed server response, an
/// oversized body or an invalid parameter all end up here.
///
/// The enum is `#[non_exhaustive]` so that new failure kinds can be added
/// without breaking callers; match on the variants you care about and keep a
/// wildcard arm.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a non-2xx status. The [`ApiError`] carries the
    /// status, the parsed error details (when the body had them) and the raw
    /// body.
    #[error(transparent)]
    Api(#[from] ApiError),

    /// The request could not be completed at the HTTP level: DNS, connect,
    /// TLS, timeout or I/O failure (after any retries were exhausted).
    #[error("HTTP transport error: {0}")]
    Transport(#[source] reqwest::Error),

    /// The server answered with a 2xx status but the body did not match the
    /// expected type (including an empty body where a value was expected).
    ///
    /// `body` keeps the full response text (lossy UTF-8) for debugging; the
    /// `Display` output only shows the status and the decoder's message so
    /// that logs are not flooded with large payloads.
    #[error("failed to decode HTTP {status} response body: {source}")]
    Decode {
        /// HTTP status code of the response.
        status: u16,
        /// The raw response body (lossy UTF-8).
        body: String,
        /// The underlying JSON error (with line and column).
        source: serde_json::Error,
    },

    /// The server answered with a 2xx status and a text body (`text/*`,
    /// XML) that is not valid UTF-8. The bytes are kept: `source.as_bytes()`
    /// or `source.into_bytes()`.
    #[error("HTTP {status} response body is not valid UTF-8 text: {source}")]
    Text {
        /// HTTP status code of the response.
        status: u16,
        /// The decoding error, holding the whole body.
        source: std::string::FromUtf8Error,
    },

    /// A parameter supplied by the caller cannot be sent safely, for example
    /// an empty path parameter, a `..` path segment, or a header value
    /// containing CR/LF. Detected before any network I/O.
    #[error("invalid parameter `{name}`: {reason}")]
    InvalidParameter {
        /// The parameter (or header) name as it appears in the API.
        name: String,
        /// Why the value was refused (never the value itself if secret).
        reason: String,
    },

    /// The request body or query string could not be serialized.
    #[error("failed to encode request: {0}")]
    Encode(String),

    /// The base URL given to [`ClientBuilder::base_url`](super::ClientBuilder::base_url),
    /// or an operation's default server, is not a usable absolute
    /// `http`/`https` URL. Any credentials embedded in it are redacted from
    /// `url`.
    #[error("invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl {
        /// The offending URL (user-info redacted).
        url: String,
        /// Why it was refused.
        reason: String,
    },

    /// There is no URL to send the request to: the API description names no
    /// server, or only a relative one, and no base URL was set on the
    /// builder. Detected before any network I/O.
    #[error("no server to send the request to: {reason}")]
    NoServer {
        /// What is missing and which builder method sets it.
        reason: String,
    },

    /// The operation requires credentials the client was not given (none of
    /// the security requirements it accepts is met). Detected before any
    /// network I/O; names the schemes, never a secret.
    #[error("missing credentials: this operation needs {required}")]
    MissingCredentials {
        /// The accepted combinations of security schemes, as the spec names
        /// them (e.g. "`api_key` and `basic`, or `oauth`").
        required: String,
    },

    /// The response body exceeded the configured
    /// [`max_response_bytes`](super::ClientBuilder::max_response_bytes)
    /// limit; reading was aborted.
    #[error("response body exceeds the limit of {limit} bytes")]
    ResponseTooLarge {
        /// The limit that was exceeded, in bytes.
        limit: usize,
    },

    /// No response arrived within the client's
    /// [`timeout`](super::ClientBuilder::timeout) for a request whose response is read as a
    /// stream (server-sent events), where the time limit covers the response head only.
    #[error("no response within {limit:?}")]
    ResponseTimeout {
        /// The time limit that passed.
        limit: Duration,
    },

    /// One server-sent event's data did not decode into the expected type. An item of the
    /// event stream, which goes on after it.
    #[error("failed to decode server-sent event `{event}`: {source}")]
    EventDecode {
        /// The event's type (`message` when it has none).
        event: String,
        /// The event's id, if it has one.
        id: Option<String>,
        /// The event's data as received.
        data: String,
        /// The underlying JSON error (with line and column).
        source: serde_json::Error,
    },

    /// A server-sent event stream is not valid `text/event-stream` (its text is not UTF-8).
    /// The last item of the stream.
    #[error("invalid event stream: {0}")]
    EventStream(String),

    /// Building the underlying `reqwest` client failed (for example the TLS
    /// backend could not be initialised).
    #[error("failed to build the HTTP client: {0}")]
    Build(#[source] reqwest::Error),
}

impl Error {
    /// The HTTP status of the response this error came from, if there was
    /// one: the status of an [`Error::Api`] or [`Error::Decode`].
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode { status, .. } | Error::Text { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API error details, if the server answered with a non-2xx status.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    /// Shorthand used by request validation (crate-internal).
    pub fn invalid_parameter(name: &str, reason: impl Into<String>) -> Self {
        Error::InvalidParameter {
            name: name.to_owned(),
            reason: reason.into(),
        }
    }
}

/// A non-2xx response from the API.
///
/// For Twilio the body is usually
/// `{"code": 20404, "message": "...", "more_info": "https://...", "status": 404}`
/// and the fields below are filled from it. RFC 7807 `problem+json` bodies
/// use `detail` (or else `title`) as the message. For anything else the
/// message is the trimmed body text, or the status' reason phrase (e.g.
/// `Not Found`) when the body is empty.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status code of the response (always taken from the status line,
    /// never from the body).
    pub status: u16,
    /// Provider-specific error code (Twilio's `code`), if present.
    pub code: Option<i64>,
    /// Human-readable error message.
    pub message: String,
    /// Link to documentation about the error (Twilio's `more_info`), if present.
    pub more_info: Option<String>,
    /// The raw response body (lossy UTF-8), whatever its format.
    pub body: String,
}

/// How much of the message `Display` shows: raw HTML error pages can be
/// megabytes long and would otherwise swamp logs. The full text stays in
/// [`ApiError::message`] and [`ApiError::body`].
const DISPLAY_MESSAGE_LIMIT: usize = 1000;

impl ApiError {
    /// Decodes the body as JSON into `T`: the error schema the spec declares for this status
    /// (each method's docs name it), for APIs whose errors carry more than the fields above.
    ///
    /// # Errors
    ///
    /// The JSON error when the body is not a `T`.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(&self.body)
    }

    /// Builds an `ApiError` from a response status and raw body bytes.
    pub fn from_response(status: u16, body: &[u8]) -> Self {
        let body = String::from_utf8_lossy(body).into_owned();
        let mut code = None;
        let mut message = None;
        let mut more_info = None;
        // Only objects can carry structured details; arrays, strings etc.
        // fall through to the raw-text message below.
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&body) {
            let text = |key: &str| {
                map.get(key)
                    .and_then(serde_json::Value::as_str)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
            };
            code = map.get("code").and_then(serde_json::Value::as_i64);
            more_info = text("more_info");
            // Twilio's `message` first, then RFC 7807 `detail`/`title`.
            message = text("message")
                .or_else(|| text("detail"))
                .or_else(|| text("title"));
        }
        let message = message.unwrap_or_else(|| {
            let trimmed = body.trim();
            if trimmed.is_empty() {
                reason_phrase(status).to_owned()
            } else {
                trimmed.to_owned()
            }
        });
        ApiError {
            status,
            code,
            message,
            more_info,
            body,
        }
    }
}

/// Canonical reason phrase for a status code, with a fallback for codes the
/// `http` crate does not know (servers may send any 3-digit code).
fn reason_phrase(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unknown Status")
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if let Some(code) = self.code {
            write!(f, " (Twilio code {code})")?;
        }
        match self.message.char_indices().nth(DISPLAY_MESSAGE_LIMIT) {
            Some((cut, _)) => write!(f, ": {}…", &self.message[..cut]),
            None => write!(f, ": {}", self.message),
        }
    }
}

impl std::error::Error for ApiError {}
