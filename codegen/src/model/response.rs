//! What an operation's method returns: one body type, nothing, or an enum by status; and how
//! a paged list's pages link to each other.

use super::{Docs, Presence, TypeRef};

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
