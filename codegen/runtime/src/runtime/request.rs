//! The request description built by generated code, and the buffered
//! response handed back to it.
//!
//! `Request` is deliberately infallible to build: each builder method records
//! the first problem it meets, and `Client::send` reports it before any
//! network I/O. That keeps generated operation bodies a straight chain of
//! calls without `?` at every step.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::Error;

/// Everything except RFC 3986 "unreserved" characters is percent-encoded in
/// path parameters, so a value can never introduce `/`, `?`, `#` or a
/// pre-encoded `%xx` sequence and thereby change which resource is addressed.
const PATH_PARAM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Where a request goes.
pub(super) enum Target {
    /// Relative to the client's base URL (or the operation's default server):
    /// an already-encoded path and an already-encoded query string.
    Path {
        /// Encoded path, starting with `/` (or empty).
        path: String,
        /// Encoded query string without `?` (empty for none).
        query: String,
    },
    /// A fully resolved URL (next-page links).
    Url(Url),
}

/// An encoded request body and its media type.
pub(super) struct Body {
    /// Value of the `Content-Type` header.
    pub(super) content_type: &'static str,
    /// The encoded body (handed to `reqwest` without copying; retries share it).
    pub(super) bytes: Vec<u8>,
}

/// A request to one API operation, described independently of any client.
///
/// Owned (no lifetimes) so generated code can build it from borrowed
/// arguments and hand it to the non-generic `Client::send`.
pub struct Request {
    /// HTTP method.
    pub(super) method: Method,
    /// The operation's default server from the spec, used unless the client
    /// has a base URL override.
    pub(super) server: &'static str,
    /// Path and query, or a resolved URL.
    pub(super) target: Target,
    /// Extra headers from the operation's header parameters, validated.
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    /// Encoded body, if the operation has one.
    pub(super) body: Option<Body>,
    /// The first error met while building; reported by `send`.
    pub(super) error: Option<Error>,
}

impl Request {
    /// Starts a request for `method` on `server` + `template` with its
    /// `{name}` placeholders replaced, in order, by `values`.
    ///
    /// Values are percent-encoded as a single path segment. Values that are
    /// empty or exactly `.` / `..` are refused (recorded as
    /// [`Error::InvalidParameter`] naming the placeholder): URL normalization
    /// would collapse them and address a different resource, even when
    /// percent-encoded. The template is the spec's path, so its literal text
    /// never holds a `{`.
    pub fn new(
        method: Method,
        server: &'static str,
        template: &'static str,
        values: &[&str],
    ) -> Request {
        let mut request = Request {
            method,
            server,
            target: Target::Path {
                path: String::new(),
                query: String::new(),
            },
            headers: Vec::new(),
            body: None,
            error: None,
        };
        // Exact unless a value needs percent-encoding.
        let capacity = template.len() + values.iter().map(|v| v.len()).sum::<usize>();
        let mut assembled = String::with_capacity(capacity);
        let mut values = values.iter();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            assembled.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let close = after.find('}').unwrap_or(after.len());
            let name = &after[..close];
            rest = after.get(close + 1..).unwrap_or_default();
            let reason = match values.next().copied() {
                None => Some("has no value (internal error: too few path values)"),
                Some("") => Some("must not be empty"),
                Some("." | "..") => Some("must not be `.` or `..`"),
                Some(value) => {
                    assembled.extend(utf8_percent_encode(value, PATH_PARAM));
                    None
                }
            };
            if let Some(reason) = reason {
                request = request.fail(Error::invalid_parameter(name, reason));
            }
        }
        assembled.push_str(rest);
        request.target = Target::Path {
            path: assembled,
            query: String::new(),
        };
        request
    }

    /// A next-page request: `GET` on an already resolved URL, carrying the
    /// same extra headers as the first page's request.
    pub(super) fn follow(
        server: &'static str,
        url: Url,
        headers: Vec<(HeaderName, HeaderValue)>,
    ) -> Request {
        Request {
            method: Method::GET,
            server,
            target: Target::Url(url),
            headers,
            body: None,
            error: None,
        }
    }

    /// Appends `params` to the query string, as `application/x-www-form-urlencoded`
    /// (arrays become repeated keys, `None` fields are skipped, field order is kept).
    pub fn query<T: Serialize + ?Sized>(mut self, params: &T) -> Self {
        match serde_html_form::to_string(params) {
            Ok(encoded) if encoded.is_empty() => self,
            Ok(encoded) => {
                if let Target::Path { query, .. } = &mut self.target {
                    if !query.is_empty() {
                        query.push('&');
                    }
                    query.push_str(&encoded);
                }
                self
            }
            Err(e) => self.fail(Error::Encode(format!("query string: {e}"))),
        }
    }

    /// Adds a header; `None` means the header is not sent.
    ///
    /// A value with CR, LF, other control characters or non-ASCII text is
    /// refused (recorded as [`Error::InvalidParameter`] naming the header) so
    /// that caller data can never inject extra header lines.
    pub fn header(mut self, name: &'static str, value: Option<String>) -> Self {
        let Some(value) = value else { return self };
        let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
            return self.fail(Error::invalid_parameter(
                name,
                "not a valid HTTP header name",
            ));
        };
        // `http` accepts obs-text (bytes >= 0x80), but RFC 9110 limits new
        // fields to ASCII and servers disagree on how to decode anything
        // else, so only tab and visible ASCII plus space are let through.
        let ascii = value
            .bytes()
            .all(|b| b == b'\t' || (0x20..0x7f).contains(&b));
        match HeaderValue::from_str(&value) {
            Ok(header_value) if ascii => self.headers.push((header_name, header_value)),
            _ => {
                let reason = "contains characters not allowed in an HTTP header value \
                              (CR, LF, other control characters or non-ASCII text)";
                return self.fail(Error::invalid_parameter(name, reason));
            }
        }
        self
    }

    /// Sets an `application/x-www-form-urlencoded` body (arrays as repeated
    /// keys `K=a&K=b`, booleans as `true`/`false`, field order kept).
    pub fn form<T: Serialize + ?Sized>(self, body: &T) -> Self {
        match serde_html_form::to_string(body) {
            Ok(encoded) => self.body("application/x-www-form-urlencoded", encoded.into_bytes()),
            Err(e) => self.fail(Error::Encode(format!("form body: {e}"))),
        }
    }

    /// Sets an `application/json` body.
    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Self {
        self.json_as("application/json", body)
    }

    /// Sets a JSON body sent with another JSON media type, e.g.
    /// `application/scim+json`.
    pub fn json_as<T: Serialize + ?Sized>(self, content_type: &'static str, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body(content_type, bytes),
            Err(e) => self.fail(Error::Encode(format!("JSON body: {e}"))),
        }
    }

    fn body(mut self, content_type: &'static str, bytes: Vec<u8>) -> Self {
        self.body = Some(Body {
            content_type,
            bytes,
        });
        self
    }

    /// Records `error` unless an earlier one is already recorded: the first
    /// problem is the most useful one to report.
    fn fail(mut self, error: Error) -> Self {
        self.error.get_or_insert(error);
        self
    }

    /// The base this request is relative to: the client's override if set,
    /// else the operation's default server.
    pub(super) fn effective_base<'s>(&self, base_override: Option<&'s str>) -> &'s str {
        base_override.unwrap_or(self.server)
    }
}

/// A validated base URL (see [`parse_base`]), parsed once and kept in the
/// form request URLs are assembled from.
#[derive(Clone, Debug)]
pub(super) struct Base {
    /// The normalized URL without trailing `/`: every operation path (which
    /// starts with `/`) is appended to it directly.
    text: String,
    /// Where the path (also without trailing `/`) starts in `text`.
    path_start: usize,
}

impl Base {
    /// Parses and validates `raw` (see [`parse_base`]).
    pub(super) fn parse(raw: &str) -> Result<Base, Error> {
        let url = parse_base(raw)?;
        // No query or fragment, so the serialization ends with the path and
        // its trailing `/` are the only ones trimmed.
        let path_start = url.as_str().len() - url.path().len();
        Ok(Base {
            text: url.as_str().trim_end_matches('/').to_owned(),
            path_start,
        })
    }

    /// The normalized URL without trailing `/`.
    pub(super) fn as_str(&self) -> &str {
        &self.text
    }

    /// The base's path without trailing `/` (empty for a bare origin).
    fn path(&self) -> &str {
        self.text.get(self.path_start..).unwrap_or_default()
    }

    /// The URL of `path` (encoded, starting with `/` or empty) and `query`
    /// (encoded, without `?`, empty for none) under this base, without any
    /// auth query parameter.
    pub(super) fn join(&self, path: &str, query: &str) -> Result<Url, Error> {
        let mut raw = String::with_capacity(self.text.len() + path.len() + 1 + query.len());
        raw.push_str(&self.text);
        raw.push_str(path);
        if !query.is_empty() {
            raw.push('?');
            raw.push_str(query);
        }
        let url = Url::parse(&raw).map_err(|e| Error::invalid_parameter("path", e.to_string()))?;
        // Defence in depth: parameters are fully encoded, so parsing must
        // not have altered the path (no dot-segment removal, no re-encoding):
        // it must be the base's path followed by `path` (`/` if both are
        // empty).
        let base_path = self.path();
        let unchanged = if base_path.is_empty() && path.is_empty() {
            url.path() == "/"
        } else {
            url.path().strip_prefix(base_path) == Some(path)
        };
        if !unchanged {
            let mut expected = format!("{base_path}{path}");
            if expected.is_empty() {
                expected.push('/');
            }
            return Err(Error::invalid_parameter(
                "path",
                format!(
                    "URL normalization changed the path `{expected}` to `{}`",
                    url.path()
                ),
            ));
        }
        Ok(url)
    }
}

/// Parses and validates a base URL: absolute `http`/`https` with a host, no
/// user-info (credentials belong in the client's auth, and must not show up in
/// `Debug` or error output), no query and no fragment.
pub(super) fn parse_base(raw: &str) -> Result<Url, Error> {
    let invalid = |reason: &str| Error::InvalidBaseUrl {
        url: redact_userinfo(raw),
        reason: reason.to_owned(),
    };
    let url = Url::parse(raw).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be `http` or `https`"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("the URL has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("the URL must not contain credentials"));
    }
    if url.query().is_some() {
        return Err(invalid("the URL must not have a query string"));
    }
    if url.fragment().is_some() {
        return Err(invalid("the URL must not have a fragment"));
    }
    Ok(url)
}

/// Replaces any `user:password@` part of a URL-ish string with `***@`, working
/// on the raw text so it also covers strings that fail to parse.
pub(super) fn redact_userinfo(raw: &str) -> String {
    let Some(scheme_end) = raw.find("://") else {
        return raw.to_owned();
    };
    let authority_start = scheme_end + 3;
    let rest = &raw[authority_start..];
    let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_len].rfind('@') {
        Some(at) => format!("{}***{}", &raw[..authority_start], &rest[at..]),
        None => raw.to_owned(),
    }
}

/// A fully buffered HTTP response (size-capped by the client).
#[derive(Debug)]
pub struct Response {
    /// HTTP status code (2xx: other statuses become `Error::Api`).
    pub(super) status: u16,
    /// Response headers.
    pub(super) headers: HeaderMap,
    /// The complete body.
    pub(super) body: Vec<u8>,
    /// The URL that was requested, without any auth query parameter; paging
    /// compares next links against its origin.
    pub(super) url: Url,
}

impl Response {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.body
    }

    /// The URL that was requested (auth query parameters omitted).
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// Decodes the body as JSON. An empty body is a decode error because a
    /// value was expected; the error keeps the body text for debugging.
    pub fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            status: self.status,
            body: String::from_utf8_lossy(&self.body).into_owned(),
            source,
        })
    }

    /// Discards the body (operations without a response schema, e.g. `204`).
    pub fn empty(self) -> Result<(), Error> {
        Ok(())
    }

    /// The body as text (lossy UTF-8), for non-JSON responses.
    pub fn text(self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}
