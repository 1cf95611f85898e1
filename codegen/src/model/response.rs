//! What an operation's method returns: one body type, nothing, a redirect, or an enum by
//! status; how a response's media type is decoded; and how a paged list's pages link to each
//! other.

use super::{Docs, MediaType, Presence, TypeRef};

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
///
/// The kind of body follows from the media type the client decodes (see [`Decoding`]): when a
/// response offers several, the one decoded best is chosen, JSON over events over text over
/// bytes (ties:
/// the first listed), and that media type is sent as `Accept` unless it is `application/json`
/// (the runtime's default `Accept`, so clients of JSON-only specs send what they always did).
/// A body the generator cannot type (a non-JSON, non-text type, with or without a schema) is
/// returned as bytes, never discarded. A stream of events (`text/event-stream`) is an
/// [`EventData`] stream.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// Nothing to decode (204, or no content declared).
    Empty,
    /// A JSON body of this type.
    Json(TypeRef),
    /// A text body (`text/*`, XML) as a `String`; see [`Decoding::Text`].
    Text,
    /// A body returned as it arrived (`bytes::Bytes`); the operation also gets a streaming
    /// method ([`Operation::byte_stream`](super::Operation::byte_stream)).
    Bytes,
    /// The operation's only documented successes are redirects (3xx): the method returns the
    /// runtime's `Redirect` (status, `Location`, body) and the request is sent without
    /// following redirects. Operations that also document a 2xx keep following same-origin
    /// redirects and decode the 2xx.
    Redirect,
    /// A `text/event-stream` body: the runtime's `EventStream` of events whose `data` is
    /// decoded as [`EventData`] says. An event stream among other statuses' bodies (a
    /// [`ResponseBody::ByStatus`] variant) is bytes instead: it cannot be buffered.
    Events(EventData),
    /// Different bodies for different 2xx statuses: the [`TypeKind::Statuses`](super::TypeKind::Statuses) enum of this
    /// name.
    ByStatus(String),
}

impl ResponseBody {
    /// The result of an operation with one success body.
    pub fn single(body: Option<SuccessBody>) -> ResponseBody {
        match body {
            None => ResponseBody::Empty,
            Some(SuccessBody::Json(ty)) => ResponseBody::Json(ty),
            Some(SuccessBody::Text) => ResponseBody::Text,
            Some(SuccessBody::Bytes) => ResponseBody::Bytes,
        }
    }
}

/// A JSON body an error status declares: what `ApiError::json` decodes it as.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBody {
    /// The status as the spec writes it: `404`, `4XX`, `default`.
    pub status: String,
    /// The body's type.
    pub ty: TypeRef,
}

/// What each event's `data` of an event stream is decoded as.
///
/// The spec's schema for `text/event-stream` describes either the data or the whole event;
/// an object schema whose properties are only SSE fields (`event`, `data`, `id`, `retry`)
/// and include `data` is read as the whole event, so its `data` property types the data.
#[derive(Debug, Clone, PartialEq)]
pub enum EventData {
    /// JSON of this type.
    Json(TypeRef),
    /// The text as sent (no schema, or a string one).
    Text,
}

/// The body of one 2xx response, as the client decodes it.
#[derive(Debug, Clone, PartialEq)]
pub enum SuccessBody {
    /// JSON of this type.
    Json(TypeRef),
    /// Text, as a `String`.
    Text,
    /// The bytes as they arrived.
    Bytes,
}

/// How the client decodes a media type, best first: the order is the preference when a
/// response offers several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Decoding {
    /// `application/json`, `*/*+json`: typed by the schema.
    Json,
    /// `text/event-stream`: a stream of events (see [`ResponseBody::Events`]).
    Events,
    /// `text/*` (but `text/event-stream`), `application/xml`, `*/*+xml`, YAML, JavaScript,
    /// form-encoded, NDJSON: a `String`, whatever the schema (an XML object schema does not
    /// make a Rust type). The runtime decodes it as the `charset` of the response's
    /// `Content-Type` says (UTF-8 when absent) and reports invalid text as an error that keeps
    /// the bytes rather than replacing characters.
    Text,
    /// Anything else (`application/octet-stream`, `image/*`, `application/pdf`, `*/*`, vendor
    /// types), and any media type whose schema is `format: binary` (3.1 `contentMediaType`).
    Bytes,
}

impl MediaType {
    /// How the client decodes a body of this media type (its schema aside).
    pub fn decoding(&self) -> Decoding {
        let essence = match self {
            MediaType::Json | MediaType::JsonSuffix(_) => return Decoding::Json,
            MediaType::FormUrlencoded => return Decoding::Text,
            MediaType::Multipart(_) => return Decoding::Bytes,
            MediaType::Other(essence) => essence.as_str(),
        };
        let text = match essence {
            "text/event-stream" => return Decoding::Events,
            "application/xml"
            | "application/yaml"
            | "application/x-yaml"
            | "application/javascript"
            | "application/ecmascript"
            | "application/x-ndjson"
            | "application/jsonl"
            | "application/graphql" => true,
            e => e.starts_with("text/") || e.ends_with("+xml") || e.ends_with("+yaml"),
        };
        if text {
            Decoding::Text
        } else {
            Decoding::Bytes
        }
    }
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
    /// The body; `None` when the response has no body to decode.
    pub body: Option<SuccessBody>,
    /// Rustdoc lines.
    pub docs: Docs,
}

#[cfg(test)]
mod tests {
    use super::{Decoding, MediaType};

    #[test]
    fn media_types_are_decoded_as_json_text_or_bytes() {
        let table = [
            ("application/json", Decoding::Json),
            ("application/problem+json", Decoding::Json),
            ("text/csv; charset=utf-8", Decoding::Text),
            ("Application/XML", Decoding::Text),
            ("application/atom+xml", Decoding::Text),
            ("text/event-stream", Decoding::Events),
            ("application/octet-stream", Decoding::Bytes),
            ("image/png", Decoding::Bytes),
            ("application/pdf", Decoding::Bytes),
            ("*/*", Decoding::Bytes),
        ];
        for (media_type, decoding) in table {
            assert_eq!(
                MediaType::parse(media_type).decoding(),
                decoding,
                "{media_type}"
            );
        }
        assert!(Decoding::Json < Decoding::Events && Decoding::Events < Decoding::Text);
        assert!(Decoding::Text < Decoding::Bytes);
    }
}
