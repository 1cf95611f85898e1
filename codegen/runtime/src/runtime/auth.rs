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

/// The credentials of a client: none, one, or one per security scheme of
/// the spec (e.g. an API key header *and* a basic pair).
///
/// Generated code picks the constructor matching the spec's security
/// scheme; with several schemes it names each credential after its scheme
/// ([`with`](Auth::with)), and each operation names the schemes it uses
/// (`Request::security`). The fields are private so that secrets can only
/// be read by the methods below.
#[derive(Clone, Default)]
pub struct Auth {
    credentials: Vec<Credential>,
}

/// One credential: its scheme's name in the spec (`""` when unnamed: it
/// then stands for any scheme) and how it is sent, encoded once.
#[derive(Clone)]
pub(super) struct Credential {
    scheme: &'static str,
    secret: Secret,
    placement: Placement,
}

#[derive(Clone)]
enum Secret {
    Basic { username: String, password: String },
    Bearer { token: String },
    ApiKeyHeader { name: &'static str, value: String },
    ApiKeyQuery { name: &'static str, value: String },
    ApiKeyCookie { name: &'static str, value: String },
}

/// Where a credential goes, ready to send.
///
/// The constructors are infallible so that they can accept any string; an
/// unusable secret (e.g. containing a newline) is kept as `Refused` and
/// reported from every `send` instead.
#[derive(Clone)]
enum Placement {
    /// Name and value (marked sensitive, so `http`'s own `Debug` hides it).
    Header(HeaderName, HeaderValue),
    /// A query parameter, added to the final URL just before sending.
    Query,
    /// A `name=value` pair of the `Cookie` header.
    Cookie(String),
    /// Why the credential cannot be sent; never echoes the secret.
    Refused { name: String, reason: &'static str },
}

/// What the credentials chosen for one request add to it.
#[derive(Default)]
pub(super) struct Applied<'a> {
    /// Headers to set (replacing any of the same name).
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    /// Query parameters (name, secret value).
    pub(super) query: Vec<(&'static str, &'a str)>,
    /// `Cookie` pairs.
    pub(super) cookies: Vec<&'a str>,
}

impl Auth {
    fn one(secret: Secret) -> Self {
        let placement = Placement::encode(&secret);
        Auth {
            credentials: vec![Credential {
                scheme: "",
                secret,
                placement,
            }],
        }
    }

    /// HTTP Basic authentication (`Authorization: Basic base64(user:pass)`),
    /// e.g. Twilio's account SID and auth token.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Auth::one(Secret::Basic {
            username: username.into(),
            password: password.into(),
        })
    }

    /// Bearer token authentication (`Authorization: Bearer <token>`): http
    /// `bearer` schemes, and the access token of `oauth2` and
    /// `openIdConnect` schemes (obtained by the caller).
    pub fn bearer(token: impl Into<String>) -> Self {
        Auth::one(Secret::Bearer {
            token: token.into(),
        })
    }

    /// An API key sent in the named request header.
    pub fn api_key_header(name: &'static str, value: impl Into<String>) -> Self {
        Auth::one(Secret::ApiKeyHeader {
            name,
            value: value.into(),
        })
    }

    /// An API key sent as the named query parameter.
    pub fn api_key_query(name: &'static str, value: impl Into<String>) -> Self {
        Auth::one(Secret::ApiKeyQuery {
            name,
            value: value.into(),
        })
    }

    /// An API key sent as the named cookie (merged into the one `Cookie`
    /// header with the operation's cookie parameters).
    pub fn api_key_cookie(name: &'static str, value: impl Into<String>) -> Self {
        Auth::one(Secret::ApiKeyCookie {
            name,
            value: value.into(),
        })
    }

    /// No authentication (public APIs, or auth done by a custom
    /// `reqwest::Client` / proxy).
    pub fn none() -> Self {
        Auth::default()
    }

    /// These credentials plus those of `credential`, named after the spec's
    /// security scheme `scheme`; a credential already held for `scheme` is
    /// replaced.
    pub fn with(mut self, scheme: &'static str, credential: Auth) -> Self {
        self.credentials.retain(|held| held.scheme != scheme);
        self.credentials
            .extend(credential.credentials.into_iter().map(|mut held| {
                held.scheme = scheme;
                held
            }));
        self
    }

    /// Whether any credential is sent in the query (its value must then be
    /// kept out of URLs shown in errors).
    pub(super) fn any_in_query(&self) -> bool {
        self.credentials
            .iter()
            .any(|held| matches!(held.placement, Placement::Query))
    }

    /// The credentials one request sends.
    ///
    /// `security` is the operation's list of alternatives, each a set of
    /// scheme names that go together: `None` (not stated) sends every
    /// credential held; `Some(&[])` (`security: []`) sends none; otherwise
    /// the first alternative whose schemes are all held is sent (an empty
    /// alternative, `{}`, means anonymous access is accepted). An unnamed
    /// credential stands for any scheme. When no alternative is met the
    /// request is refused with [`Error::MissingCredentials`], unless the
    /// client holds no credentials at all ([`Auth::none`]: auth is then the
    /// business of a proxy or custom HTTP client).
    pub(super) fn select(&self, security: Option<&[&[&str]]>) -> Result<Vec<&Credential>, Error> {
        let Some(alternatives) = security else {
            return Ok(self.credentials.iter().collect());
        };
        if alternatives.is_empty() {
            return Ok(Vec::new());
        }
        let held = |scheme: &str| {
            self.credentials
                .iter()
                .find(|c| c.scheme == scheme)
                .or_else(|| self.credentials.iter().find(|c| c.scheme.is_empty()))
        };
        for alternative in alternatives {
            let found: Option<Vec<&Credential>> = alternative.iter().map(|s| held(s)).collect();
            if let Some(mut found) = found {
                // One unnamed credential may stand for several schemes.
                found.dedup_by(|a, b| std::ptr::eq(*a, *b));
                return Ok(found);
            }
        }
        if self.credentials.is_empty() {
            return Ok(Vec::new());
        }
        let required = alternatives
            .iter()
            .map(|alternative| {
                alternative
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect::<Vec<_>>()
            .join(", or ");
        Err(Error::MissingCredentials {
            required: format!("credentials for {required}"),
        })
    }
}

impl Credential {
    /// Adds what this credential sends to `applied`.
    ///
    /// Errors with [`Error::InvalidParameter`] naming the header, parameter
    /// or cookie when the credential cannot be sent (see [`Placement`]).
    pub(super) fn apply<'a>(&'a self, applied: &mut Applied<'a>) -> Result<(), Error> {
        match (&self.placement, &self.secret) {
            (Placement::Header(name, value), _) => {
                applied.headers.push((name.clone(), value.clone()));
            }
            (Placement::Query, Secret::ApiKeyQuery { name, value }) => {
                applied.query.push((name, value));
            }
            (Placement::Query, _) => {}
            (Placement::Cookie(pair), _) => applied.cookies.push(pair),
            (Placement::Refused { name, reason }, _) => {
                return Err(Error::invalid_parameter(name, *reason))
            }
        }
        Ok(())
    }
}

impl Applied<'_> {
    /// Sets the headers, replacing any of the same name.
    pub(super) fn add_headers(&self, headers: &mut HeaderMap) {
        for (name, value) in &self.headers {
            headers.insert(name.clone(), value.clone());
        }
    }

    /// Adds the API-key query parameters to `url`.
    ///
    /// Applied to the final URL just before sending, so a key never ends up
    /// in a `Response::url` or a paging link we resolved ourselves.
    pub(super) fn apply_query(&self, url: &mut Url) {
        for (name, value) in &self.query {
            if url.query_pairs().any(|(key, _)| key == *name) {
                // A server-provided next link may echo the key back; drop it
                // so the parameter is sent exactly once, with our value.
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
}

impl Placement {
    fn encode(secret: &Secret) -> Placement {
        let (name, value) = match secret {
            Secret::ApiKeyQuery { .. } => return Placement::Query,
            Secret::ApiKeyCookie { name, value } => return Placement::cookie(name, value),
            Secret::Basic { username, password } => {
                let encoded = BASE64_STANDARD.encode(format!("{username}:{password}"));
                (AUTHORIZATION, format!("Basic {encoded}"))
            }
            Secret::Bearer { token } => (AUTHORIZATION, format!("Bearer {token}")),
            Secret::ApiKeyHeader { name, value } => match HeaderName::from_bytes(name.as_bytes()) {
                Ok(header) => (header, value.clone()),
                Err(_) => {
                    return Placement::Refused {
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
                Placement::Header(name, value)
            }
            Err(_) => Placement::Refused {
                name: name.as_str().to_owned(),
                reason: "the credential contains characters that are not allowed in an HTTP header",
            },
        }
    }

    /// A cookie credential: a token name, and a value of visible ASCII
    /// without `;` `,` `"` `\` (RFC 6265 cookie-octets), sent as is (an API
    /// key is opaque: percent-encoding it would change it).
    fn cookie(name: &'static str, value: &str) -> Placement {
        let token = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
        if !token {
            return Placement::Refused {
                name: name.to_owned(),
                reason: "not a valid cookie name",
            };
        }
        let octets = value
            .bytes()
            .all(|b| (0x21..0x7f).contains(&b) && !matches!(b, b';' | b',' | b'"' | b'\\'));
        if !octets {
            return Placement::Refused {
                name: name.to_owned(),
                reason: "the credential contains characters that are not allowed in a cookie",
            };
        }
        Placement::Cookie(format!("{name}={value}"))
    }
}

const REDACTED: &str = "<redacted>";

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.credentials.as_slice() {
            [] => f.write_str("None"),
            [only] if only.scheme.is_empty() => only.secret.fmt(f),
            all => f
                .debug_map()
                .entries(all.iter().map(|held| (held.scheme, &held.secret)))
                .finish(),
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let api_key = |kind: &str, name: &str, f: &mut fmt::Formatter<'_>| {
            f.debug_struct(kind)
                .field("name", &name)
                .field("value", &REDACTED)
                .finish()
        };
        match self {
            Secret::Basic { username, .. } => f
                .debug_struct("Basic")
                .field("username", &username_hint(username))
                .field("password", &REDACTED)
                .finish(),
            Secret::Bearer { .. } => f.debug_struct("Bearer").field("token", &REDACTED).finish(),
            Secret::ApiKeyHeader { name, .. } => api_key("ApiKeyHeader", name, f),
            Secret::ApiKeyQuery { name, .. } => api_key("ApiKeyQuery", name, f),
            Secret::ApiKeyCookie { name, .. } => api_key("ApiKeyCookie", name, f),
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
