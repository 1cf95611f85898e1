#![allow(dead_code)]
// This runtime is copied verbatim into every generated client, but each
// client only uses the parts its spec needs (e.g. Basic auth but not bearer
// tokens, form bodies but not JSON, no paginated operations, no RFC 2822
// fields). Unused helpers are expected and must not break
// `-D warnings` builds of the host crate.

//! Hand-written runtime shared by generated API clients.
//!
//! Generated operations describe each call as a [`Request`] (method, server,
//! path template, query, headers, body) and hand it to [`Client::send`], the one
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

/// `Display`, `FromStr`, `Serialize` and `Deserialize` for a generated
/// string enum, from its inherent `as_str` and its `From<&str>`: one line
/// per enum in the generated code instead of forty identical ones.
#[allow(unused_macros)]
macro_rules! string_enum_impls {
    ($name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value =
                    <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_str()))
            }
        }
    };
}
// A spec without enums does not use it.
#[allow(unused_imports)]
pub(crate) use string_enum_impls;

pub use builder::ClientBuilder;
pub use client::Client;
pub use error::{ApiError, Error};
pub use retry::RetryPolicy;

pub(crate) use auth::Auth;
// `Response` is not re-exported: generated code only calls methods on it
// (`.json()`, `.empty()`), and an unused `pub(crate) use` would warn.
// A spec without operations uses neither of these.
#[allow(unused_imports)]
pub(crate) use request::Request;
/// HTTP method of a [`Request`] (re-exported so generated code needs no
/// direct `reqwest` import).
#[allow(unused_imports)]
pub(crate) use reqwest::Method;
