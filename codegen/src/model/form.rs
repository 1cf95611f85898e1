//! How the properties of a form body are encoded when not as `name=value` pairs.

use super::Styling;

/// One property of a form body with an encoding of its own (the others are serde's form
/// encoding: `name=value`, arrays as repeated keys).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormField {
    /// The property's name on the wire.
    pub wire_name: String,
    /// How it is encoded.
    pub encoding: FormFieldEncoding,
}

/// How a [`FormField`] is encoded (the runtime's `FormField`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormFieldEncoding {
    /// An object (or array of objects, or untyped value) without an `encoding` entry: its
    /// JSON text, as Twilio's SDKs send it (`serialize.object`); text as it is.
    Json,
    /// `format: prefixed-collapsible-map-{prefix}` (Twilio): the map's entries as
    /// `{prefix}.{key}=value`, nested maps' keys joined with `.`.
    PrefixedMap(String),
    /// The style and `explode` of the property's `encoding` entry.
    Styled(Styling),
}
