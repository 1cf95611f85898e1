#![allow(dead_code)]
// This runtime is copied verbatim into every generated client, but each
// client only uses the parts its spec needs (e.g. Basic auth but not bearer
// tokens, form bodies but not JSON, no paginated operations, no RFC 2822
// fields). Unused helpers are expected and must not break
// `-D warnings` builds of the host crate.

//! Hand-written runtime shared by generated API clients.
//!
//! Generated operations describe each call as a [`Request`] (method, server,
//! path pieces, query, headers, body) and hand it to [`Client::send`], the one
//! non-generic request path that applies auth, timeouts, retries, the
//! response size limit and error mapping. List operations additionally use
//! [`Client::paginate`] to stream items across pages.
//!
//! Only [`Client`], [`ClientBuilder`], [`Error`], [`ApiError`] and
//! [`RetryPolicy`] are re-exported to users by the generated code; the rest is
//! crate-internal plumbing.

mod auth;
mod builder;
mod client;
pub(crate) mod datetime;
mod error;
pub(crate) mod number;
mod paging;
mod request;
mod retry;

pub use builder::ClientBuilder;
pub use client::Client;
pub use error::{ApiError, Error};
pub use retry::RetryPolicy;

pub(crate) use auth::Auth;
// `Response` is not re-exported: generated code only calls methods on it
// (`.json()`, `.empty()`), and an unused `pub(crate) use` would warn.
// A spec without operations uses neither of these.
#[allow(unused_imports)]
pub(crate) use request::{PathPiece, Request};
/// HTTP method of a [`Request`] (re-exported so generated code needs no
/// direct `reqwest` import).
#[allow(unused_imports)]
pub(crate) use reqwest::Method;
