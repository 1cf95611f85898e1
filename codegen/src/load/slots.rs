//! What a node of an OpenAPI document is, by where it sits: the structure the reference pass
//! ([`super::bundle`]) walks.
//!
//! A `$ref` is resolved according to its slot. Where openapiv3 holds a `ReferenceOr` (schemas,
//! parameters, responses, request bodies, headers, examples, links, security schemes) the
//! reference stays a reference, made local (an external target is imported into the main
//! document's components). Everywhere else (path items, operations, `content` maps, media type
//! objects, callbacks, tags, descriptions...), including places where the OpenAPI version does
//! not allow a `$ref` but real specs write one, the target is inlined.

/// The kind of node a position holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Slot {
    Document,
    Components,
    Info,
    Tag,
    PathItem,
    Operation,
    Parameter,
    Header,
    RequestBody,
    Response,
    MediaType,
    Encoding,
    Example,
    Link,
    SecurityScheme,
    Schema,
    /// A description or summary: text.
    Text,
    /// A map (or list) whose values are all of one slot: `content`, `responses`, `parameters`,
    /// a callback (expressions → path items), ...
    Many(&'static Slot),
}

/// Where the children of a node go.
pub(super) enum Child {
    At(Slot),
    Skip,
}

impl Slot {
    /// The components section a `$ref` in this slot points into, or `None` where openapiv3
    /// cannot hold a reference (the target is inlined).
    pub(super) fn section(self) -> Option<&'static str> {
        Some(match self {
            Self::Schema => "schemas",
            Self::Parameter => "parameters",
            Self::Header => "headers",
            Self::RequestBody => "requestBodies",
            Self::Response => "responses",
            Self::Example => "examples",
            Self::Link => "links",
            Self::SecurityScheme => "securitySchemes",
            _ => return None,
        })
    }

    /// The slot as a noun, for messages.
    pub(super) fn noun(self) -> &'static str {
        match self {
            Self::Document => "a document",
            Self::Components => "a components object",
            Self::Info => "an info object",
            Self::Tag => "a tag",
            Self::PathItem => "a path item",
            Self::Operation => "an operation",
            Self::Parameter => "a parameter",
            Self::Header => "a header",
            Self::RequestBody => "a request body",
            Self::Response => "a response",
            Self::MediaType => "a media type object",
            Self::Encoding => "an encoding object",
            Self::Example => "an example",
            Self::Link => "a link",
            Self::SecurityScheme => "a security scheme",
            Self::Schema => "a schema",
            Self::Text => "text",
            Self::Many(Self::MediaType) => "a content map",
            Self::Many(_) => "a map",
        }
    }

    /// The slot of the value under `key` in a node of this slot (an object; for [`Slot::Many`]
    /// also the items of an array). Schemas are walked by their own rules.
    pub(super) fn child(self, key: &str) -> Child {
        use Slot as S;
        if key.starts_with("x-") {
            return Child::Skip;
        }
        let slot = match (self, key) {
            (S::Many(item), _) => *item,
            (S::Document, "info") => S::Info,
            (S::Document, "tags") => S::Many(&S::Tag),
            (S::Document, "paths" | "webhooks") => S::Many(&S::PathItem),
            (S::Document, "components") => S::Components,
            (S::Components, "schemas") => S::Many(&S::Schema),
            (S::Components, "parameters") => S::Many(&S::Parameter),
            (S::Components, "headers") => S::Many(&S::Header),
            (S::Components, "requestBodies") => S::Many(&S::RequestBody),
            (S::Components, "responses") => S::Many(&S::Response),
            (S::Components, "examples") => S::Many(&S::Example),
            (S::Components, "links") => S::Many(&S::Link),
            (S::Components, "securitySchemes") => S::Many(&S::SecurityScheme),
            (S::Components, "callbacks") => S::Many(&S::Many(&S::PathItem)),
            (S::Components, "pathItems") => S::Many(&S::PathItem),
            (S::PathItem, "get" | "put" | "post" | "delete" | "options" | "head" | "patch")
            | (S::PathItem, "trace") => S::Operation,
            (S::PathItem | S::Operation, "parameters") => S::Many(&S::Parameter),
            (S::Operation, "requestBody") => S::RequestBody,
            (S::Operation, "responses") => S::Many(&S::Response),
            (S::Operation, "callbacks") => S::Many(&S::Many(&S::PathItem)),
            (S::Parameter | S::Header, "schema") | (S::MediaType, "schema") => S::Schema,
            (S::Parameter | S::Header | S::RequestBody | S::Response, "content") => {
                S::Many(&S::MediaType)
            }
            (S::Parameter | S::Header | S::MediaType, "examples") => S::Many(&S::Example),
            (S::MediaType, "encoding") => S::Many(&S::Encoding),
            (S::Response | S::Encoding, "headers") => S::Many(&S::Header),
            (S::Response, "links") => S::Many(&S::Link),
            (
                S::Info
                | S::Tag
                | S::PathItem
                | S::Operation
                | S::Parameter
                | S::Header
                | S::RequestBody
                | S::Response
                | S::Example
                | S::Link
                | S::SecurityScheme,
                "description" | "summary",
            ) => S::Text,
            _ => return Child::Skip,
        };
        Child::At(slot)
    }
}
