//! Streaming over paginated list operations.
//!
//! Twilio list responses carry a "next page" link, either as an absolute
//! URL (`meta.next_page_url`) or as an absolute path (`next_page_uri`). The
//! link comes from the server, so it is resolved defensively: credentials
//! are only ever sent to the origin the client was configured for.

use std::collections::HashSet;

use futures::stream::{self, BoxStream, StreamExt};
use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Url;
use serde::de::DeserializeOwned;

use super::request::{parse_base, Request};
use super::{Client, Error};

/// What the next page request is built from.
#[derive(Clone)]
struct PageTemplate {
    server: &'static str,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl Client {
    /// Streams every item of every page, starting with `first` and following
    /// the next-page link until it is absent or empty.
    ///
    /// `split` turns a decoded page into its items and its next link. Next
    /// pages are `GET` requests with the same extra headers as `first` (and
    /// no body). The stream yields the first error it meets (including one
    /// recorded in `first`) and then ends; polling it after the end keeps
    /// returning `None`. Pages are fetched lazily, one at a time, as the
    /// consumer polls.
    pub(crate) fn paginate<P, T>(
        &self,
        first: Request,
        split: fn(P) -> (Vec<T>, Option<String>),
    ) -> BoxStream<'static, Result<T, Error>>
    where
        P: DeserializeOwned + Send + 'static,
        T: Send + 'static,
    {
        let client = self.clone();
        let template = PageTemplate {
            server: first.server,
            headers: first.headers.clone(),
        };
        // Every page URL fetched so far: a server whose links form a cycle (A → B → A)
        // must not make the stream loop forever.
        let visited: HashSet<Url> = HashSet::new();
        stream::unfold((Next::Fetch(first), visited), move |(next, mut visited)| {
            let client = client.clone();
            let template = template.clone();
            async move {
                let request = match next {
                    Next::Fetch(request) => request,
                    Next::Fail(error) => return Some((vec![Err(error)], (Next::Done, visited))),
                    Next::Done => return None,
                };
                let fetched = client
                    .fetch_page(request, split, template, &mut visited)
                    .await;
                Some(match fetched {
                    Ok((items, next)) => (
                        items.into_iter().map(Ok).collect::<Vec<_>>(),
                        (next, visited),
                    ),
                    Err(error) => (vec![Err(error)], (Next::Done, visited)),
                })
            }
        })
        .flat_map(stream::iter)
        // `unfold` panics if polled again after it ended; fusing makes a
        // finished stream keep returning `None`, as callers may assume.
        .fuse()
        .boxed()
    }

    /// Fetches one page; returns its items and what to do next.
    ///
    /// An unusable next link does not discard the page: its items are
    /// yielded first and the link error after them.
    async fn fetch_page<P, T>(
        &self,
        request: Request,
        split: fn(P) -> (Vec<T>, Option<String>),
        template: PageTemplate,
        visited: &mut HashSet<Url>,
    ) -> Result<(Vec<T>, Next), Error>
    where
        P: DeserializeOwned,
    {
        let base = request.effective_base(self.base_url()).to_owned();
        let response = self.send(request).await?;
        let requested = response.url().clone();
        visited.insert(requested.clone());
        let (items, link) = split(response.json::<P>()?);
        let next = match link.as_deref().map(str::trim) {
            None | Some("") => Next::Done,
            Some(link) => match resolve_next(link, &requested, &base) {
                // A link back to any page already fetched ends the stream.
                Ok(url) if visited.contains(&url) => Next::Done,
                Ok(url) => Next::Fetch(Request::follow(template.server, url, template.headers)),
                Err(error) => Next::Fail(error),
            },
        };
        Ok((items, next))
    }
}

/// State of a paginated stream between pages.
enum Next {
    /// Fetch this page next.
    Fetch(Request),
    /// Yield this error, then end.
    Fail(Error),
    /// Nothing left.
    Done,
}

/// Resolves a next-page link against the URL of the page it came from.
///
/// * An absolute URL on the same origin (scheme, host, port) as `previous`
///   is used as is (minus any fragment or user-info).
/// * An absolute path (`/v1/...?Page=1`) is appended to `base` (the client's
///   base URL override or the operation's server), so a base with a path
///   prefix keeps it.
/// * Anything pointing at another origin keeps only its path and query,
///   rebased onto `base`: the credentials must not follow a link to a host
///   the caller did not configure (e.g. a production URL in a mock's reply).
pub(super) fn resolve_next(link: &str, previous: &Url, base: &str) -> Result<Url, Error> {
    let invalid = |reason: String| Error::invalid_parameter("next_page_url", reason);
    let path_and_query = if link.starts_with('/') && !link.starts_with("//") {
        link.split('#').next().unwrap_or_default().to_owned()
    } else {
        let mut resolved = previous
            .join(link)
            .map_err(|e| invalid(format!("cannot resolve the next page link: {e}")))?;
        resolved.set_fragment(None);
        if resolved.origin() == previous.origin() {
            // Credentials come from the client's auth only, never from a link.
            // Both calls only fail for URLs that cannot have user-info, which
            // have none to strip.
            let _ = resolved.set_username("");
            let _ = resolved.set_password(None);
            return Ok(resolved);
        }
        if !resolved.path().starts_with('/') {
            return Err(invalid("the next page link has no usable path".to_owned()));
        }
        match resolved.query() {
            Some(query) => format!("{}?{}", resolved.path(), query),
            None => resolved.path().to_owned(),
        }
    };
    let base = parse_base(base)?;
    let raw = format!("{}{}", base.as_str().trim_end_matches('/'), path_and_query);
    let url = Url::parse(&raw).map_err(|e| invalid(format!("invalid next page link: {e}")))?;
    // Defence in depth: appending a path must never change the origin.
    if url.origin() != base.origin() {
        return Err(invalid(
            "the next page link leaves the API origin".to_owned(),
        ));
    }
    Ok(url)
}
