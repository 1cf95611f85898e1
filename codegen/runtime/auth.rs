//! Credentials and how they are attached to requests.
//!
//! Secrets live only here. `Debug` is hand-written so that formatting a
//! client, builder or auth value (e.g. in a log line or a panic message)
//! never reveals a password, token or API key.

use std::fmt;

use base64::prelude::{Engine as _, BASE64_STANDARD};
use reqwest::header::{HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::Url;

use super::Error;

/// How every request of a client is authenticated.
///
/// Generated code picks the constructor matching the spec's security scheme;
/// the variants are private so that secrets can only be read by the methods
/// below.
#[derive(Clone)]
pub(crate) struct Auth(Scheme);

#[derive(Clone)]
enum Scheme {
    None,
    Basic { username: String, password: String },
    Bearer { token: String },
    ApiKeyHeader { name: &'static str, value: String },
    ApiKeyQuery { name: &'static str, value: String },
}

impl Auth {
    /// HTTP Basic authentication (`Authorization: Basic base64(user:pass)`),
    /// e.g. Twilio's account SID and auth token.
    pub(crate) fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Auth(Scheme::Basic {
            username: username.into(),
            password: password.into(),
        })
    }

    /// Bearer token authentication (`Authorization: Bearer <token>`).
    pub(crate) fn bearer(token: impl Into<String>) -> Self {
        Auth(Scheme::Bearer {
            token: token.into(),
        })
    }

    /// An API key sent in the named request header.
    pub(crate) fn api_key_header(name: &'static str, value: impl Into<String>) -> Self {
        Auth(Scheme::ApiKeyHeader {
            name,
            value: value.into(),
        })
    }

    /// An API key sent as the named query parameter.
    pub(crate) fn api_key_query(name: &'static str, value: impl Into<String>) -> Self {
        Auth(Scheme::ApiKeyQuery {
            name,
            value: value.into(),
        })
    }

    /// No authentication (public APIs, or auth done by a custom
    /// `reqwest::Client` / proxy).
    pub(crate) fn none() -> Self {
        Auth(Scheme::None)
    }

    /// The header this scheme adds to each request, if any.
    ///
    /// Computed per request rather than at construction so that the
    /// infallible constructors can accept any string; an unusable secret
    /// (e.g. containing a newline) is reported from `send` instead. The
    /// value is marked sensitive so `http`'s own `Debug` hides it too.
    pub(crate) fn header(&self) -> Result<Option<(HeaderName, HeaderValue)>, Error> {
        let (name, value) = match &self.0 {
            Scheme::None | Scheme::ApiKeyQuery { .. } => return Ok(None),
            Scheme::Basic { username, password } => {
                let encoded = BASE64_STANDARD.encode(format!("{username}:{password}"));
                (AUTHORIZATION, format!("Basic {encoded}"))
            }
            Scheme::Bearer { token } => (AUTHORIZATION, format!("Bearer {token}")),
            Scheme::ApiKeyHeader { name, value } => {
                let header = HeaderName::from_bytes(name.as_bytes())
                    .map_err(|_| Error::invalid_parameter(name, "not a valid HTTP header name"))?;
                (header, value.clone())
            }
        };
        // The error deliberately does not echo the value: it is a secret.
        let mut value = HeaderValue::from_str(&value).map_err(|_| {
            Error::invalid_parameter(
                name.as_str(),
                "the credential contains characters that are not allowed in an HTTP header",
            )
        })?;
        value.set_sensitive(true);
        Ok(Some((name, value)))
    }

    /// The query parameter this scheme adds to each request, if any.
    pub(crate) fn query_param(&self) -> Option<(&'static str, &str)> {
        match &self.0 {
            Scheme::ApiKeyQuery { name, value } => Some((name, value.as_str())),
            _ => None,
        }
    }

    /// Adds the API-key query parameter (if this scheme uses one) to `url`.
    ///
    /// Applied to the final URL just before sending, so the key never ends
    /// up in a `Response::url` or a paging link we resolved ourselves.
    pub(crate) fn apply_query(&self, url: &mut Url) {
        let Some((name, value)) = self.query_param() else {
            return;
        };
        if url.query_pairs().any(|(key, _)| key == name) {
            // A server-provided next link may echo the key back; drop it so
            // the parameter is sent exactly once, with our value.
            let kept: Vec<(String, String)> = url
                .query_pairs()
                .filter(|(key, _)| key != name)
                .map(|(key, value)| (key.into_owned(), value.into_owned()))
                .collect();
            url.query_pairs_mut().clear().extend_pairs(kept);
        }
        url.query_pairs_mut().append_pair(name, value);
    }
}

const REDACTED: &str = "<redacted>";

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Scheme::None => f.write_str("None"),
            Scheme::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", &username_hint(username))
                .field("password", &REDACTED)
                .finish(),
            Scheme::Bearer { .. } => f.debug_struct("Bearer").field("token", &REDACTED).finish(),
            Scheme::ApiKeyHeader { name, .. } => f
                .debug_struct("ApiKeyHeader")
                .field("name", name)
                .field("value", &REDACTED)
                .finish(),
            Scheme::ApiKeyQuery { name, .. } => f
                .debug_struct("ApiKeyQuery")
                .field("name", name)
                .field("value", &REDACTED)
                .finish(),
        }
    }
}

/// Enough of the username to tell accounts apart in logs (`AC…`), without
/// printing the whole identifier: some APIs use e-mail addresses or key IDs
/// as usernames.
fn username_hint(username: &str) -> String {
    if username.chars().count() > 4 {
        let prefix: String = username.chars().take(2).collect();
        format!("{prefix}…")
    } else {
        "…".to_owned()
    }
}
