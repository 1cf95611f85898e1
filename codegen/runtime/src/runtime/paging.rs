//! Streaming over paginated list operations.
//!
//! Twilio list responses carry a "next page" link, either as an absolute
//! URL (`meta.next_page_url`) or as an absolute path (`next_page_uri`). The
//! link comes from the server, so it is resolved defensively: credentials
//! are only ever sent to the origin the client was configured for.

use std::collections::HashSet;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::future::BoxFuture;
use futures::stream::{BoxStream, Stream};
use reqwest::Url;
use serde::de::DeserializeOwned;

use super::client::Client;
use super::request::{Carried, Request, Response};
use super::servers::parse_base;
use super::Error;

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
    ///
    /// Only the small [`Items`] adapter is generic: fetching, link
    /// resolution and loop detection live in the non-generic [`Pages`], so a
    /// client with sixty paged operations compiles the page loop once.
    pub fn paginate<P, T>(
        &self,
        first: Request,
        split: fn(P) -> (Vec<T>, Option<String>),
    ) -> BoxStream<'static, Result<T, Error>>
    where
        P: DeserializeOwned + Send + 'static,
        T: Send + 'static,
    {
        Box::pin(Items {
            pages: Pages {
                client: self.clone(),
                carried: first.carried(),
                visited: HashSet::new(),
                state: PageState::Fetch(Box::new(first)),
            },
            split,
            buffered: Vec::new().into_iter(),
        })
    }
}

/// The item stream of one paged operation: decodes each page with `P` and
/// yields its items.
struct Items<P, T> {
    pages: Pages,
    split: fn(P) -> (Vec<T>, Option<String>),
    buffered: std::vec::IntoIter<T>,
}

// No field is structurally pinned (the in-flight future is boxed), so the
// adapter can move freely whatever `T` is.
impl<P, T> Unpin for Items<P, T> {}

impl<P: DeserializeOwned, T> Stream for Items<P, T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            let (response, base) = match this.pages.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Ok(Some(page))) => page,
                Poll::Ready(Ok(None)) => return Poll::Ready(None),
                Poll::Ready(Err(error)) => return Poll::Ready(Some(Err(error))),
            };
            let requested = response.url().clone();
            let page = match response.json::<P>() {
                Ok(page) => page,
                Err(error) => return Poll::Ready(Some(Err(error))),
            };
            let (items, link) = (this.split)(page);
            // An unusable next link does not discard this page: its items
            // are yielded first and the link error after them.
            this.pages.follow(link, &requested, &base);
            this.buffered = items.into_iter();
        }
    }
}

/// The non-generic page loop: which request comes next, the one in flight,
/// and every page URL fetched so far.
struct Pages {
    client: Client,
    /// The operation's server, extra headers, cookies and security
    /// requirements, repeated on every page.
    carried: Carried,
    /// A server whose links form a cycle (A → B → A) must not make the
    /// stream loop forever.
    visited: HashSet<Url>,
    state: PageState,
}

/// Where a paged stream stands between polls.
enum PageState {
    /// Fetch this page when next polled.
    Fetch(Box<Request>),
    /// A page request in flight; `base` resolves its next-page link.
    InFlight {
        base: String,
        response: BoxFuture<'static, Result<Response, Error>>,
    },
    /// Yield this error, then end.
    Fail(Error),
    /// Nothing left (or the current page awaits [`Pages::follow`]).
    Done,
}

impl Pages {
    /// The next page's response and the base its links resolve against, or
    /// `None` after the last page. After an error the stream is done.
    fn poll_page(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Result<Option<(Response, String)>, Error>> {
        loop {
            match std::mem::replace(&mut self.state, PageState::Done) {
                PageState::Fetch(request) => {
                    // An unusable base fails `send` before it is needed.
                    let base = self
                        .client
                        .base(self.carried.server)
                        .map(|base| base.as_str().to_owned())
                        .unwrap_or_default();
                    let client = self.client.clone();
                    let response = Box::pin(async move { client.send(*request).await });
                    self.state = PageState::InFlight { base, response };
                }
                PageState::InFlight { base, mut response } => {
                    return match response.as_mut().poll(cx) {
                        Poll::Pending => {
                            self.state = PageState::InFlight { base, response };
                            Poll::Pending
                        }
                        Poll::Ready(Ok(response)) => {
                            self.visited.insert(response.url().clone());
                            Poll::Ready(Ok(Some((response, base))))
                        }
                        Poll::Ready(Err(error)) => Poll::Ready(Err(error)),
                    };
                }
                PageState::Fail(error) => return Poll::Ready(Err(error)),
                PageState::Done => return Poll::Ready(Ok(None)),
            }
        }
    }

    /// Sets what comes after the page fetched from `requested`, whose next
    /// link is `link`.
    fn follow(&mut self, link: Option<String>, requested: &Url, base: &str) {
        self.state = match link.as_deref().map(str::trim) {
            None | Some("") => PageState::Done,
            Some(link) => match resolve_next(link, requested, base) {
                // A link back to any page already fetched ends the stream.
                Ok(url) if self.visited.contains(&url) => PageState::Done,
                Ok(url) => PageState::Fetch(Box::new(Request::follow(&self.carried, url))),
                Err(error) => PageState::Fail(error),
            },
        };
    }
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
