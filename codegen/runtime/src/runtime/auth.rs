//! Credentials and how they are attached to requests.
//!
//! Secrets live only here. `Debug` is hand-written so that formatting a
//! client, builder or auth value (e.g. in a log line or a panic message)
//! never reveals a password, token or API key.

use std::fmt;

use base64::prelude::{Engine as _, BASE64_STANDARD};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};
use reqwest::Url;

use super::Error;

/// How every request of a client is authenticated.
///
/// Generated code picks the constructor matching the spec's security scheme;
/// the fields are private so that secrets can only be read by the methods
/// below.
#[derive(Clone)]
pub struct Auth {
    scheme: Scheme,
    /// The header every request carries, encoded once at construction.
    header: Header,
}

#[derive(Clone)]
enum Scheme {
    None,
    Basic { username: String, password: String },
    Bearer { token: String },
    ApiKeyHeader { name: &'static str, value: String },
    ApiKeyQuery { name: &'static str, value: String },
}

/// The outcome of encoding a scheme's header.
///
/// The constructors are infallible so that they can accept any string; an
/// unusable secret (e.g. containing a newline) is kept as `Refused` and
/// reported from every `send` instead.
#[derive(Clone)]
enum Header {
    /// The scheme sends no header.
    None,
    /// Name and value (marked sensitive, so `http`'s own `Debug` hides it).
    Ready(HeaderName, HeaderValue),
    /// Why the header cannot be sent; never echoes the secret.
    Refused { name: String, reason: &'static str },
}

impl Auth {
    fn new(scheme: Scheme) -> Self {
        let header = Header::encode(&scheme);
        Auth { scheme, header }
    }

    /// HTTP Basic authentication (`Authorization: Basic base64(user:pass)`),
    /// e.g. Twilio's account SID and auth token.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Auth::new(Scheme::Basic {
            username: username.into(),
            password: password.into(),
        })
    }

    /// Bearer token authentication (`Authorization: Bearer <token>`).
    pub fn bearer(token: impl Into<String>) -> Self {
        Auth::new(Scheme::Bearer {
            token: token.into(),
        })
    }

    /// An API key sent in the named request header.
    pub fn api_key_header(name: &'static str, value: impl Into<String>) -> Self {
        Auth::new(Scheme::ApiKeyHeader {
            name,
            value: value.into(),
        })
    }

    /// An API key sent as the named query parameter.
    pub fn api_key_query(name: &'static str, value: impl Into<String>) -> Self {
        Auth::new(Scheme::ApiKeyQuery {
            name,
            value: value.into(),
        })
    }

    /// No authentication (public APIs, or auth done by a custom
    /// `reqwest::Client` / proxy).
    pub fn none() -> Self {
        Auth::new(Scheme::None)
    }

    /// Adds the header this scheme sends (if any) to `headers`, replacing any
    /// header of the same name.
    ///
    /// Errors with [`Error::InvalidParameter`] naming the header when the
    /// credential cannot be sent in one (see [`Header`]).
    pub fn add_header(&self, headers: &mut HeaderMap) -> Result<(), Error> {
        match &self.header {
            Header::None => Ok(()),
            Header::Ready(name, value) => {
                headers.insert(name.clone(), value.clone());
                Ok(())
            }
            Header::Refused { name, reason } => Err(Error::invalid_parameter(name, *reason)),
        }
    }

    /// The query parameter this scheme adds to each request, if any.
    pub fn query_param(&self) -> Option<(&'static str, &str)> {
        match &self.scheme {
            Scheme::ApiKeyQuery { name, value } => Some((name, value.as_str())),
            _ => None,
        }
    }

    /// Adds the API-key query parameter (if this scheme uses one) to `url`.
    ///
    /// Applied to the final URL just before sending, so the key never ends
    /// up in a `Response::url` or a paging link we resolved ourselves.
    pub fn apply_query(&self, url: &mut Url) {
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

impl Header {
    fn encode(scheme: &Scheme) -> Header {
        let (name, value) = match scheme {
            Scheme::None | Scheme::ApiKeyQuery { .. } => return Header::None,
            Scheme::Basic { username, password } => {
                let encoded = BASE64_STANDARD.encode(format!("{username}:{password}"));
                (AUTHORIZATION, format!("Basic {encoded}"))
            }
            Scheme::Bearer { token } => (AUTHORIZATION, format!("Bearer {token}")),
            Scheme::ApiKeyHeader { name, value } => match HeaderName::from_bytes(name.as_bytes()) {
                Ok(header) => (header, value.clone()),
                Err(_) => {
                    return Header::Refused {
                        name: (*name).to_owned(),
                        reason: "not a valid HTTP header name",
                    }
                }
            },
        };
        // The reason deliberately does not echo the value: it is a secret.
        match HeaderValue::from_str(&value) {
            Ok(mut value) => {
                value.set_sensitive(true);
                Header::Ready(name, value)
            }
            Err(_) => Header::Refused {
                name: name.as_str().to_owned(),
                reason: "the credential contains characters that are not allowed in an HTTP header",
            },
        }
    }
}

const REDACTED: &str = "<redacted>";

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.scheme {
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
