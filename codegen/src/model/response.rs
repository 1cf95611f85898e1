//! What an operation's method returns: one body type, nothing, or an enum by status; and how
//! a paged list's pages link to each other.

use super::{Docs, Presence, TypeRef};

/// The twin of an operation's method that also returns the headers its 2xx responses declare
/// (`<method>_with_headers`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseHeaders {
    /// Rust name of the twin method.
    pub method_name: String,
    /// The [`TypeKind::Headers`](super::TypeKind::Headers) struct it returns.
    pub type_name: String,
}

/// The declared response headers of an operation, as one struct of optional fields.
#[derive(Debug, Clone, PartialEq)]
pub struct HeadersDef {
    /// One per header, in spec order (the first 2xx response's first).
    pub fields: Vec<HeaderField>,
}

/// One declared response header.
#[derive(Debug, Clone, PartialEq)]
pub struct HeaderField {
    /// Rust field name.
    pub name: String,
    /// The header's name as the spec writes it (looked up case-insensitively).
    pub wire_name: String,
    /// The field's type inside its `Option`.
    pub ty: TypeRef,
    /// How the header's text becomes that type.
    pub decode: HeaderDecode,
    /// Rustdoc lines.
    pub docs: Docs,
}

/// How a header's text is read. Every form is lenient: a header that is absent or does not
/// parse is `None`, since the operation itself succeeded (the raw headers stay available).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderDecode {
    /// The text itself (`String`); also for schemas without a text form of their own.
    Text,
    /// `FromStr` of the type (numbers, booleans, dates, string enums).
    Parse,
    /// A comma-separated list (`simple` style), each item by `FromStr`.
    List,
    /// A date-time: RFC 3339, or an HTTP date (RFC 2822 form).
    DateTime,
}

/// What a successful response holds.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// Nothing to decode (204, or no content declared).
    Empty,
    /// A JSON body of this type.
    Json(TypeRef),
    /// Different bodies for different 2xx statuses: the [`TypeKind::Statuses`](super::TypeKind::Statuses) enum of this
    /// name.
    ByStatus(String),
}

/// A paged list: how to get the items and the next page link out of one page.
#[derive(Debug, Clone, PartialEq)]
pub struct Paging {
    /// Rust name of the stream method.
    pub stream_method: String,
    /// Rust type of the page (the response type).
    pub page_type: TypeRef,
    /// Item type.
    pub item: TypeRef,
    /// Field of the page that holds the items.
    pub items_field: String,
    /// Whether that field is an `Option` (`None` reads as no items).
    pub items_presence: Presence,
    /// Where the next page's link is.
    pub next: NextLink,
}

/// Location of the next-page link within a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextLink {
    /// A field of a nested object, e.g. `meta.next_page_url` (Twilio's newer APIs).
    Nested {
        /// Field holding the object.
        container: String,
        /// Whether that field is an `Option`.
        container_presence: Presence,
        /// Field of the object holding the link.
        field: String,
        /// Whether that field is an `Option`.
        field_presence: Presence,
    },
    /// A top-level field, e.g. `next_page_uri` (Twilio's API v2010).
    TopLevel {
        /// Field holding the link.
        field: String,
        /// Whether that field is an `Option`.
        field_presence: Presence,
    },
}

/// The variants of a [`TypeKind::Statuses`](super::TypeKind::Statuses) enum, in status order (a `2XX` range last).
#[derive(Debug, Clone, PartialEq)]
pub struct StatusesDef {
    /// One per declared 2xx status.
    pub variants: Vec<StatusVariant>,
    /// The variant an undeclared 2xx status is decoded as, by index: the `2XX` range when
    /// declared, else the first.
    pub fallback: usize,
}

/// One status of a [`StatusesDef`].
#[derive(Debug, Clone, PartialEq)]
pub struct StatusVariant {
    /// Rust name (`Ok`, `Created`, `NoContent`, `Status299`, `Success` for `2XX`).
    pub name: String,
    /// The status code; `None` for the `2XX` range.
    pub status: Option<u16>,
    /// The JSON body's type; `None` when the response has no body to decode.
    pub body: Option<TypeRef>,
    /// Rustdoc lines.
    pub docs: Docs,
}
