//! Reading the headers a spec declares on its responses: what generated `_with_headers`
//! methods call, and [`WithHeaders`], what they return.
//!
//! Every reader is lenient: a header that is absent, not UTF-8 or not readable as the
//! declared type is `None`. The operation itself succeeded, so a malformed rate-limit header
//! must not turn it into an error; the raw headers stay in [`WithHeaders::raw_headers`].

use std::str::FromStr;

use chrono::{DateTime, Utc};
use reqwest::header::HeaderMap;

use super::datetime;
use super::request::Response;

/// A response's decoded body together with the headers its spec declares.
#[derive(Debug, Clone)]
pub struct WithHeaders<T, H> {
    /// The decoded body, as the operation's plain method returns it.
    pub value: T,
    /// The declared headers, each `None` when absent or not readable as its type.
    pub headers: H,
    /// Every header of the response, declared or not.
    pub raw_headers: HeaderMap,
}

/// The body alone: an operation's plain method is its `_with_headers` twin without the
/// headers (one request path per operation, compiled once).
#[doc(hidden)]
pub fn without_headers<T, H>(
    result: Result<WithHeaders<T, H>, super::error::Error>,
) -> Result<T, super::error::Error> {
    result.map(|with| with.value)
}

impl Response {
    /// The first value of header `name` (case-insensitive), when it is UTF-8 text.
    #[doc(hidden)]
    pub fn header_text(&self, name: &str) -> Option<String> {
        self.headers()
            .get(name)?
            .to_str()
            .ok()
            .map(|text| text.trim().to_owned())
    }

    /// The first value of header `name`, parsed.
    #[doc(hidden)]
    pub fn header_parse<T: FromStr>(&self, name: &str) -> Option<T> {
        self.headers().get(name)?.to_str().ok()?.trim().parse().ok()
    }

    /// Every value of header `name`, split at commas (the `simple` style) and parsed; `None`
    /// when the header is absent or any item does not parse.
    #[doc(hidden)]
    pub fn header_list<T: FromStr>(&self, name: &str) -> Option<Vec<T>> {
        let mut values = self.headers().get_all(name).iter().peekable();
        values.peek()?;
        let mut items = Vec::new();
        for value in values {
            for item in value.to_str().ok()?.split(',') {
                let item = item.trim();
                if !item.is_empty() {
                    items.push(item.parse().ok()?);
                }
            }
        }
        Some(items)
    }

    /// The first value of header `name` as a date-time: RFC 3339, or an HTTP date
    /// (`Sun, 06 Nov 1994 08:49:37 GMT`, the RFC 2822 form).
    #[doc(hidden)]
    pub fn header_datetime(&self, name: &str) -> Option<DateTime<Utc>> {
        datetime::parse(self.headers().get(name)?.to_str().ok()?)
    }
}
