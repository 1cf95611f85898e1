//! The servers a spec names: plain URLs, templated URLs with variables
//! (`https://{region}.api.example.com/{version}`), relative URLs (`/api/v3`,
//! resolved against a URL the user gives) and none at all.

use reqwest::Url;

use super::request::next_placeholder;
use super::Error;

/// A templated server URL of the spec and its variables, as a `static` in
/// generated code.
#[derive(Debug)]
pub struct Server {
    /// The URL template, `{name}` for each variable.
    pub url: &'static str,
    /// The variables, in the spec's order.
    pub variables: &'static [ServerVariable],
}

/// One variable of a [`Server`].
#[derive(Debug)]
pub struct ServerVariable {
    /// The name inside `{…}`.
    pub name: &'static str,
    /// Used unless the client sets another value.
    pub default: &'static str,
    /// The values allowed (the spec's `enum`); empty for any.
    pub allowed: &'static [&'static str],
}

/// The server one operation goes to: a plain URL (absolute, relative, or
/// empty when the spec names none) or a [`Server`] template.
#[derive(Clone, Copy, Debug)]
pub enum ServerRef {
    /// A URL without variables; `""` when the spec names no server.
    Url(&'static str),
    /// A URL template with variables.
    Template(&'static Server),
}

impl From<&'static str> for ServerRef {
    fn from(url: &'static str) -> Self {
        ServerRef::Url(url)
    }
}

impl From<&'static Server> for ServerRef {
    fn from(server: &'static Server) -> Self {
        ServerRef::Template(server)
    }
}

impl ServerRef {
    /// The same server (templates compare by identity: the same `static`).
    pub(super) fn same(self, other: ServerRef) -> bool {
        match (self, other) {
            (ServerRef::Url(a), ServerRef::Url(b)) => a == b,
            (ServerRef::Template(a), ServerRef::Template(b)) => std::ptr::eq(a, b),
            _ => false,
        }
    }
}

/// The client's settings that decide where requests without a base URL
/// override go.
#[derive(Clone, Debug, Default)]
pub(super) struct ServerSettings {
    /// Values set with `ClientBuilder::server_variable`, in the order set
    /// (a later value for the same name wins).
    pub(super) variables: Vec<(String, String)>,
    /// What relative server URLs are resolved against
    /// (`ClientBuilder::server_base`).
    pub(super) relative_to: Option<Url>,
}

impl ServerSettings {
    /// The base URL of `server`: variables substituted, a relative URL
    /// resolved, then validated as any base URL.
    pub(super) fn resolve(&self, server: ServerRef) -> Result<Base, Error> {
        let expanded = match server {
            ServerRef::Url(url) => url.to_owned(),
            ServerRef::Template(template) => self.expand(template)?,
        };
        if expanded.trim().is_empty() {
            return Err(Error::NoServer {
                reason: "the API description names no server; set the base URL with \
                         `ClientBuilder::base_url`"
                    .to_owned(),
            });
        }
        if Url::parse(&expanded).is_ok() || !is_relative(&expanded) {
            return Base::parse(&expanded);
        }
        match &self.relative_to {
            Some(relative_to) => {
                let joined = relative_to
                    .join(&expanded)
                    .map_err(|e| Error::InvalidBaseUrl {
                        url: redact_userinfo(&expanded),
                        reason: e.to_string(),
                    })?;
                Base::parse(joined.as_str())
            }
            None => Err(Error::NoServer {
                reason: format!(
                    "the API description's server `{}` is relative; set the URL it is \
                     relative to with `ClientBuilder::server_base` (e.g. \
                     `https://api.example.com`), or the whole base URL with \
                     `ClientBuilder::base_url`",
                    redact_userinfo(&expanded)
                ),
            }),
        }
    }

    /// `server`'s URL with every `{variable}` replaced by the client's value
    /// or the default, checked against the allowed values.
    fn expand(&self, server: &Server) -> Result<String, Error> {
        let invalid = |reason: String| Error::InvalidBaseUrl {
            url: redact_userinfo(server.url),
            reason,
        };
        let mut out = String::with_capacity(server.url.len());
        let mut rest = server.url;
        while let Some((literal, name, after)) = next_placeholder(rest) {
            out.push_str(literal);
            rest = after;
            let declared = server.variables.iter().find(|v| v.name == name);
            let set = self
                .variables
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str());
            let value = match (set, declared) {
                (Some(value), _) => value,
                (None, Some(variable)) => variable.default,
                (None, None) => {
                    return Err(invalid(format!(
                        "the server variable `{name}` has no value: set it with \
                         `ClientBuilder::server_variable`"
                    )))
                }
            };
            if let Some(variable) = declared {
                if !variable.allowed.is_empty() && !variable.allowed.contains(&value) {
                    return Err(invalid(format!(
                        "the server variable `{name}` must be one of {}, not `{value}`",
                        variable
                            .allowed
                            .iter()
                            .map(|v| format!("`{v}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )));
                }
            }
            // A value may hold a path (`v2/beta`) but must not change the
            // URL's structure otherwise.
            if value
                .bytes()
                .any(|b| matches!(b, b'?' | b'#' | b'@' | b'\\') || !(0x21..0x7f).contains(&b))
            {
                return Err(invalid(format!(
                    "the server variable `{name}` must not contain `?`, `#`, `@`, `\\`, \
                     spaces, control characters or non-ASCII text"
                )));
            }
            out.push_str(value);
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// A relative reference (RFC 3986 §4.2): no scheme before the first `/`,
/// `?` or `#` (`/api/v3`, `v3`, `../v3`); `//host` counts as absolute.
fn is_relative(url: &str) -> bool {
    if url.starts_with("//") {
        return false;
    }
    let head = url.split(['/', '?', '#']).next().unwrap_or_default();
    !head.contains(':')
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
