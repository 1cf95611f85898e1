//! The run-time support itself: what generated clients call (their one request path, auth,
//! retries, paging, errors) and what their users touch ([`Error`], [`ApiError`],
//! [`RetryPolicy`], [`ClientBuilder`], [`Upload`]).
//!
//! This module is the whole of what `specweave --inline-runtime` copies into a standalone
//! crate as its `src/runtime/`, so items here refer to each other with `super::` and `self::`
//! paths only, never `crate::`.

mod auth;
mod base64_bytes;
mod builder;
mod client;
mod datetime;
mod de;
mod error;
mod form;
mod media;
mod number;
mod paging;
mod param_serde;
mod request;
mod response_headers;
mod retry;
mod servers;
mod sse;
mod string_enum;
mod style;
mod upload;

pub use base64_bytes::Base64Bytes;
pub use builder::ClientBuilder;
pub use error::{ApiError, Error};
pub use media::{ByteStream, Redirect};
pub use response_headers::WithHeaders;
pub use retry::RetryPolicy;
pub use sse::{Event, EventStream};
pub use upload::Upload;

#[doc(no_inline)]
pub use bytes;
#[doc(no_inline)]
pub use chrono;
#[doc(no_inline)]
pub use futures;
#[doc(no_inline)]
pub use reqwest;
#[doc(no_inline)]
pub use serde;
#[doc(no_inline)]
pub use serde_json;

/// What generated code calls; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use super::auth::Auth;
    pub use super::base64_bytes::Base64Bytes;
    pub use super::builder::GeneratedClient;
    pub use super::client::Client;
    pub use super::datetime::{rfc2822, rfc2822_option, rfc3339, rfc3339_option};
    pub use super::de::{decode_struct, DecodeFields, Keys};
    pub use super::form::FormField;
    pub use super::number::{f64_or_string, option_f64_or_string};
    pub use super::param_serde::to_param_value;
    pub use super::request::{PathParam, Request, Response};
    pub use super::response_headers::without_headers;
    pub use super::servers::{Server, ServerRef, ServerVariable};
    pub use super::string_enum::{enum_from_wire, enum_wire};
    pub use super::style::{
        append_query, cookie_pairs, header_value, path_value, ParamValue, Style,
    };
    pub use super::upload::{Multipart, PartHeaders};
    pub use reqwest::Method;
}
