//! The request description built by generated code, and the buffered
//! response handed back to it.
//!
//! `Request` is deliberately infallible to build: each builder method records
//! the first problem it meets, and `Client::send` reports it before any
//! network I/O. That keeps generated operation bodies a straight chain of
//! calls without `?` at every step.

use std::borrow::Cow;

use percent_encoding::{utf8_percent_encode, AsciiSet};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::param_serde::to_param_value;
use super::servers::ServerRef;
use super::style::{self, ParamValue, Style};
use super::upload::{Multipart, Upload, OCTET_STREAM};
use super::Error;

/// Everything except RFC 3986 "unreserved" characters is percent-encoded in
/// path parameters, so a value can never introduce `/`, `?`, `#` or a
/// pre-encoded `%xx` sequence and thereby change which resource is addressed.
const PATH_PARAM: &AsciiSet = style::COMPONENT;

/// What the URL standard percent-encodes in a path (its "path percent-encode set"): the
/// spec's literal path text is encoded with it, so that parsing the URL leaves the path as
/// assembled (`/<upload_url>` is sent as `/%3Cupload_url%3E`). `/` and `%` stay: a spec path
/// holds its segments and may hold encoded triplets already.
const PATH_LITERAL: &AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

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

/// What every page of a paged operation repeats from the first request:
/// its server, extra headers, cookies and security requirements.
pub(super) struct Carried {
    pub(super) server: ServerRef,
    headers: Vec<(HeaderName, HeaderValue)>,
    cookies: Vec<String>,
    security: Option<&'static [&'static [&'static str]]>,
}

/// An encoded request body and its media type.
pub(super) struct Body {
    /// Value of the `Content-Type` header.
    pub(super) content_type: Cow<'static, str>,
    /// The encoded body.
    pub(super) content: Content,
}

/// What a request body holds.
pub(super) enum Content {
    /// Encoded bytes (handed to `reqwest` without copying; retries share them).
    Bytes(Vec<u8>),
    /// A binary body, possibly streaming, and its length when known.
    Stream(reqwest::Body, Option<u64>),
    /// A multipart body, streamed by `reqwest` (whose `Content-Type` carries its boundary).
    Multipart(reqwest::multipart::Form),
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
    pub(super) server: ServerRef,
    /// Path and query, or a resolved URL.
    pub(super) target: Target,
    /// Extra headers from the operation's header parameters, validated.
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    /// Encoded `name=value` pairs of the operation's cookie parameters,
    /// sent in one `Cookie` header with any cookie credential.
    pub(super) cookies: Vec<String>,
    /// The operation's security requirements (see `Auth::select`); `None`
    /// sends every credential the client holds.
    pub(super) security: Option<&'static [&'static [&'static str]]>,
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
    /// never holds a `{`. `server` is the spec's URL (`""` for none) or a
    /// templated [`Server`](super::servers::Server).
    pub fn new(
        method: Method,
        server: impl Into<ServerRef>,
        template: &'static str,
        values: &[&str],
    ) -> Request {
        let values = values
            .iter()
            .map(|value| Ok(utf8_percent_encode(value, PATH_PARAM).to_string()));
        Request::assemble(method, server.into(), template, values)
    }

    /// [`new`](Self::new) for path parameters in any path style (`simple`,
    /// `label`, `matrix`, see [`PathParam`]), in placeholder order.
    ///
    /// The text that replaces a placeholder must not be empty, `.` or `..`
    /// (as with `new`); a parameter with no value (`None`) is refused.
    pub fn with_path(
        method: Method,
        server: impl Into<ServerRef>,
        template: &'static str,
        params: &[PathParam],
    ) -> Request {
        let values = params.iter().map(|param| match &param.value {
            Ok(Some(value)) => style::path_value(param.name, param.style, param.explode, value),
            Ok(None) => Err("has no value".to_owned()),
            Err(reason) => Err(reason.clone()),
        });
        Request::assemble(method, server.into(), template, values)
    }

    fn assemble(
        method: Method,
        server: ServerRef,
        template: &'static str,
        mut values: impl Iterator<Item = Result<String, String>>,
    ) -> Request {
        let mut request = Request {
            method,
            server,
            target: Target::Path {
                path: String::new(),
                query: String::new(),
            },
            headers: Vec::new(),
            cookies: Vec::new(),
            security: None,
            body: None,
            error: None,
        };
        let mut assembled = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some((literal, name, after)) = next_placeholder(rest) {
            assembled.extend(utf8_percent_encode(literal, PATH_LITERAL));
            rest = after;
            let reason = match values.next() {
                None => Some("has no value (internal error: too few path values)".to_owned()),
                Some(Ok(text)) if text.is_empty() => Some("must not be empty".to_owned()),
                Some(Ok(text)) if text == "." || text == ".." => {
                    Some("must not be `.` or `..`".to_owned())
                }
                Some(Ok(text)) => {
                    assembled.push_str(&text);
                    None
                }
                Some(Err(reason)) => Some(reason),
            };
            if let Some(reason) = reason {
                request = request.fail(Error::invalid_parameter(name, reason));
            }
        }
        assembled.extend(utf8_percent_encode(rest, PATH_LITERAL));
        request.target = Target::Path {
            path: assembled,
            query: String::new(),
        };
        request
    }

    /// A next-page request: `GET` on an already resolved URL, carrying the
    /// same extra headers as the first page's request.
    pub(super) fn follow(carried: &Carried, url: Url) -> Request {
        Request {
            method: Method::GET,
            server: carried.server,
            target: Target::Url(url),
            headers: carried.headers.clone(),
            cookies: carried.cookies.clone(),
            security: carried.security,
            body: None,
            error: None,
        }
    }

    /// What next-page requests repeat of this one.
    pub(super) fn carried(&self) -> Carried {
        Carried {
            server: self.server,
            headers: self.headers.clone(),
            cookies: self.cookies.clone(),
            security: self.security,
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

    /// Asks for the media types the operation decodes (`Accept`, e.g.
    /// `text/csv`) instead of the default `application/json`. A
    /// spec-declared `Accept` parameter added later replaces it.
    pub fn accept(self, media_types: &'static str) -> Self {
        self.header("Accept", Some(media_types.to_owned()))
    }

    /// Appends query parameter `name` in `style` (a query style: `form`,
    /// `spaceDelimited`, `pipeDelimited`, `deepObject`), see
    /// [`style`](super::style). `value` is any `Serialize` value (a
    /// [`ParamValue`] included); `None` is not sent.
    pub fn query_param<T: Serialize + ?Sized>(
        self,
        name: &str,
        style: Style,
        explode: bool,
        allow_reserved: bool,
        value: &T,
    ) -> Self {
        self.query_value(name, style, explode, allow_reserved, to_param_value(value))
    }

    fn query_value(
        mut self,
        name: &str,
        style: Style,
        explode: bool,
        allow_reserved: bool,
        value: Result<Option<ParamValue>, String>,
    ) -> Self {
        let value = match value {
            Ok(Some(value)) => value,
            Ok(None) => return self,
            Err(reason) => return self.fail(Error::invalid_parameter(name, reason)),
        };
        if let Target::Path { query, .. } = &mut self.target {
            if let Err(reason) =
                style::append_query(query, name, style, explode, allow_reserved, &value)
            {
                return self.fail(Error::invalid_parameter(name, reason));
            }
        }
        self
    }

    /// Appends query parameter `name` whose value is `content`-encoded as
    /// `application/json` (the JSON text, percent-encoded); `None` is not
    /// sent.
    pub fn query_json<T: Serialize + ?Sized>(self, name: &str, value: &T) -> Self {
        let text = json_text(value);
        self.query_value(name, Style::Form, true, false, text)
    }

    /// Adds header parameter `name` in style `simple` (`blue,black`,
    /// `R=100,G=200` exploded); `None` is not sent. The value is checked as
    /// by [`header`](Self::header).
    pub fn header_param<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        explode: bool,
        value: &T,
    ) -> Self {
        match to_param_value(value) {
            Ok(Some(value)) => match style::header_value(explode, &value) {
                Ok(text) => self.header(name, Some(text)),
                Err(reason) => self.fail(Error::invalid_parameter(name, reason)),
            },
            Ok(None) => self,
            Err(reason) => self.fail(Error::invalid_parameter(name, reason)),
        }
    }

    /// Adds header parameter `name` whose value is `content`-encoded as
    /// `application/json`; `None` is not sent.
    pub fn header_json<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Self {
        match json_text(value) {
            Ok(Some(ParamValue::Text(text))) => self.header(name, Some(text)),
            Ok(_) => self,
            Err(reason) => self.fail(Error::invalid_parameter(name, reason)),
        }
    }

    /// Adds cookie parameter `name` in style `form` (`color=blue,black`, or
    /// one pair per item exploded), percent-encoded; `None` is not sent. All
    /// cookies go in one `Cookie` header, with any cookie credential.
    pub fn cookie_param<T: Serialize + ?Sized>(
        mut self,
        name: &str,
        explode: bool,
        value: &T,
    ) -> Self {
        let pairs = match to_param_value(value) {
            Ok(Some(value)) => style::cookie_pairs(name, explode, &value),
            Ok(None) => Ok(Vec::new()),
            Err(reason) => Err(reason),
        };
        match pairs {
            Ok(pairs) => {
                self.cookies.extend(pairs);
                self
            }
            Err(reason) => self.fail(Error::invalid_parameter(name, reason)),
        }
    }

    /// The operation's security requirements: alternatives, each a set of
    /// the spec's scheme names used together; `&[]` (`security: []`) sends
    /// no credentials. Without this call every credential the client holds
    /// is sent. See `Auth::select`.
    pub fn security(mut self, requirements: &'static [&'static [&'static str]]) -> Self {
        self.security = Some(requirements);
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

    /// Sets an already encoded `application/x-www-form-urlencoded` body.
    pub(super) fn with_form_body(self, bytes: Vec<u8>) -> Self {
        self.body("application/x-www-form-urlencoded", bytes)
    }

    /// Sets a text body (`text/plain`, `text/csv`, an XML document …) sent as
    /// `content_type`.
    pub fn text(self, content_type: &'static str, body: &str) -> Self {
        self.body(content_type, body.as_bytes().to_vec())
    }

    /// Sets a binary body: `upload`'s content, sent as its media type, else as
    /// `declared` (the spec's; `application/octet-stream` when that is a
    /// wildcard such as `image/*`). A file or stream is not retried.
    pub fn upload(mut self, declared: &'static str, upload: Upload) -> Self {
        let declared = if declared.contains('*') {
            OCTET_STREAM
        } else {
            declared
        };
        let (body, length, content_type) = upload.into_body(declared);
        self.body = Some(Body {
            content_type: Cow::Owned(content_type),
            content: Content::Stream(body, length),
        });
        self
    }

    /// Sets a multipart body of media type `media_type` (`multipart/form-data`,
    /// `multipart/mixed` …), with `form`'s parts; the first problem `form`
    /// recorded is reported instead.
    pub fn multipart(mut self, media_type: &'static str, form: Multipart) -> Self {
        if let Some(error) = form.error {
            return self.fail(error);
        }
        let boundary = form.form.boundary();
        let content_type = format!("{media_type}; boundary={boundary}");
        let content = match form.parts {
            // Just the closing delimiter (RFC 2046's grammar wants a part; parsers take this).
            0 => Content::Bytes(format!("--{boundary}--\r\n").into_bytes()),
            _ => Content::Multipart(form.form),
        };
        self.body = Some(Body {
            content_type: Cow::Owned(content_type),
            content,
        });
        self
    }

    fn body(mut self, content_type: &'static str, bytes: Vec<u8>) -> Self {
        self.body = Some(Body {
            content_type: Cow::Borrowed(content_type),
            content: Content::Bytes(bytes),
        });
        self
    }

    /// Records `error` unless an earlier one is already recorded: the first
    /// problem is the most useful one to report.
    pub(super) fn fail(mut self, error: Error) -> Self {
        self.error.get_or_insert(error);
        self
    }
}

/// Splits `template` at its first `{name}`: the text before it, the name,
/// and the rest (an unclosed `{` runs to the end).
pub(super) fn next_placeholder(template: &str) -> Option<(&str, &str, &str)> {
    let open = template.find('{')?;
    let after = &template[open + 1..];
    let close = after.find('}').unwrap_or(after.len());
    let rest = after.get(close + 1..).unwrap_or_default();
    Some((&template[..open], &after[..close], rest))
}

/// One path parameter for [`Request::with_path`]: its name (used by
/// `matrix`), style, `explode`, and value (converted when created).
pub struct PathParam {
    name: &'static str,
    style: Style,
    explode: bool,
    value: Result<Option<ParamValue>, String>,
}

impl PathParam {
    /// Parameter `name` in path style `style` (`simple`, `label`, `matrix`)
    /// with any `Serialize` value.
    pub fn new<T: Serialize + ?Sized>(
        name: &'static str,
        style: Style,
        explode: bool,
        value: &T,
    ) -> PathParam {
        PathParam {
            name,
            style,
            explode,
            value: to_param_value(value),
        }
    }
}

/// `value` as JSON text (`None` for an absent value: `null`).
fn json_text<T: Serialize + ?Sized>(value: &T) -> Result<Option<ParamValue>, String> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Null) => Ok(None),
        Ok(value) => Ok(Some(ParamValue::Text(value.to_string()))),
        Err(e) => Err(format!("cannot be encoded as JSON: {e}")),
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

    /// Decodes the body as JSON. An empty body (or only whitespace) is JSON
    /// `null` to a type that accepts it: a schema-less body
    /// (`serde_json::Value`) or an optional one is then `Null`/`None`
    /// (servers answer `application/json` with no body at all); to any other
    /// type it is a decode error (end of input) keeping the body text.
    pub fn json<T: DeserializeOwned>(self) -> Result<T, Error> {
        if self.body.trim_ascii().is_empty() {
            if let Ok(value) = serde_json::from_slice(b"null") {
                return Ok(value);
            }
        }
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
