//! Request bodies beyond one serde value: the parts of a multipart body, and the extra
//! methods of an operation that offers its body in several media types.

use super::{Body, Field, TextForm};

/// The fields of a multipart request body, each sent as one part (or one per item of an
/// array), in field order.
#[derive(Debug, Clone, PartialEq)]
pub struct PartsDef {
    /// The parts.
    pub parts: Vec<Part>,
    /// Whether every field is optional, so the struct can derive `Default`.
    pub default: bool,
}

/// One field of a [`PartsDef`]: a struct field and how it becomes parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The struct field (its wire name is the part's name); [`Field::placement`] and
    /// [`Field::codec`] are unused.
    pub field: Field,
    /// How the value is written.
    pub kind: PartKind,
    /// An array: one part per item, all with the field's name.
    pub repeated: bool,
    /// The part's media type from the spec's `encoding` map, if it names one (a file part
    /// without one is sent as `application/octet-stream`, unless the upload names its own).
    pub content_type: Option<String>,
    /// Part headers from the `encoding` map that have a fixed value (`enum` of one value,
    /// `default`), as (name, value).
    pub headers: Vec<(String, String)>,
}

/// How a part's value (an array's item, for [`Part::repeated`]) is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartKind {
    /// A text field: the value's text in this form.
    Text(TextForm),
    /// The value as JSON (objects, maps, unions, untyped values; or any value whose
    /// `encoding` says JSON).
    Json,
    /// A file: an `Upload` with its file name and media type.
    File,
}

/// An extra method sending an operation's body in another media type.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyMethod {
    /// Rust method name (the operation's, suffixed with the media type: `_multipart`,
    /// `_xml` …).
    pub method_name: String,
    /// The body it sends.
    pub body: Body,
}
