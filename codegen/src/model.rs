//! Stage 2's output: the typed intermediate model between `openapiv3` and `quote!`.
//!
//! Everything here is already validated and named: every Rust identifier has been through
//! [`crate::names`], every `$ref` is resolved to a [`TypeRef::Named`] type that exists, and the
//! emitter never looks at the raw spec again. Wire names sit beside Rust names so the emitter
//! can add `#[serde(rename)]` exactly where they differ.
//!
//! Every wire-encoding decision is made by lowering and recorded here, so the emitter only
//! spells tokens: whether a value may be absent ([`Presence`]), whether serde writes a field
//! ([`Placement`]) and through which helper ([`Codec`]), how a union picks its alternative
//! ([`UnionDef::tag`]), how a parameter becomes text ([`TextForm`]) and how a path parameter
//! is taken as an argument ([`ArgForm`]; both decided on alias-resolved types), which
//! credentials an operation sends ([`Security`]) and where it goes ([`ServerUrl`]). [`Source`]
//! says where each operation and type came from.

use crate::diagnostics::Pointer;

mod access;
mod body;
mod form;
mod response;
mod shape;

pub use access::{
    ApiKeyLocation, Auth, Scheme, Security, ServerTemplate, ServerUrl, ServerVariable,
};
pub use body::{BodyMethod, Part, PartKind, PartsDef};
pub use form::{FormField, FormFieldEncoding};
pub use response::{
    Decoding, ErrorBody, EventData, HeaderDecode, HeaderField, HeadersDef, NextLink, Paging,
    ResponseBody, ResponseHeaders, StatusVariant, StatusesDef, SuccessBody,
};
pub use shape::{setter_names, ApiShape, SerdeImpls, SerdeTraits};

/// A whole client: one or more specs merged into one crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title` of the (first) spec.
    pub title: String,
    /// `info.version` of the (first) spec.
    pub version: String,
    /// `info.description`, if any.
    pub description: Option<String>,
    /// How requests authenticate; shapes `Client::new`.
    pub auth: Auth,
    /// The security schemes credentials can be given for, in the spec's order (empty for
    /// [`Auth::None`], one scheme for the single-scheme forms of [`Auth`]).
    pub schemes: Vec<Scheme>,
    /// The distinct templated server URLs, each a `static` referred to by
    /// [`ServerUrl::Template`].
    pub servers: Vec<ServerTemplate>,
    /// Whether the spec names no server at all: the base URL is then a constructor argument.
    pub base_url_required: bool,
    /// The document's servers after the first (the default), as `url` or `url: description`
    /// lines for the client's docs.
    pub other_servers: Vec<String>,
    /// Every named type, sorted by Rust name (which [`Api::type_def`] relies on).
    pub types: Vec<TypeDef>,
    /// Every operation, in spec order (paths in order, methods get/put/post/delete/options/
    /// head/patch/trace).
    pub operations: Vec<Operation>,
    /// How callers build the generated types (a generator option, not read from the spec).
    pub shape: ApiShape,
    /// The cargo feature of each tag, when the client is generated with one per tag (a
    /// generator option).
    pub tag_features: Option<TagFeatures>,
}

/// Per-tag cargo features (see [`Generator::features_per_tag`](crate::Generator::features_per_tag)):
/// an operation is compiled under the feature of its first tag (the tag that groups it in the
/// client's docs; operations without a tag always are), a type under the features of the
/// operations that reach it (always, when an untagged operation reaches it; under
/// [`unreferenced`](Self::unreferenced) when no operation does).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TagFeatures {
    /// (feature name, tag), in the order the tags first group an operation.
    pub features: Vec<(String, String)>,
    /// The feature of the types no operation reaches and of what they hold, when there are
    /// any (not a tag's: in neither [`features`](Self::features) nor its tags).
    pub unreferenced: Option<String>,
    /// The types compiled under some features only: type name → those features, sorted.
    pub types: std::collections::BTreeMap<String, Vec<String>>,
    /// The server statics used under some features only, likewise.
    pub servers: std::collections::BTreeMap<String, Vec<String>>,
}

impl TagFeatures {
    /// The feature of `tag`, if it has one.
    pub fn of_tag(&self, tag: &str) -> Option<&str> {
        self.features
            .iter()
            .find(|(_, t)| t == tag)
            .map(|(feature, _)| feature.as_str())
    }
}

impl Api {
    /// Applies the generator's [`SerdeTraits`] choice: with [`SerdeTraits::Both`], every
    /// struct and union implements both traits, whatever lowering found it needs.
    pub fn apply_serde_traits(&mut self, traits: SerdeTraits) {
        if traits != SerdeTraits::Both {
            return;
        }
        for def in &mut self.types {
            match &mut def.kind {
                TypeKind::Struct(s) => s.serde = SerdeImpls::BOTH,
                TypeKind::Union(union) => union.serde = SerdeImpls::BOTH,
                TypeKind::Enum(_)
                | TypeKind::Alias(_)
                | TypeKind::Statuses(_)
                | TypeKind::Headers(_)
                | TypeKind::Parts(_) => {}
            }
        }
    }

    /// The named type called `name` (a Rust name, as in [`TypeRef::Named`]).
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types
            .binary_search_by(|t| t.name.as_str().cmp(name))
            .ok()
            .and_then(|i| self.types.get(i))
    }
}

/// Documentation lines (markdown), already cleaned for rustdoc.
pub type Docs = Vec<String>;

/// Where an operation or a type was defined: for diagnostics, and to match items across
/// two versions of a spec (the Rust name of a type depends on claim order; its source does
/// not).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Source {
    /// The spec's file name, without directories, so the model does not depend on where the
    /// spec was read from. It tells the specs of a client apart as long as their file names
    /// differ, as they do in one spec directory.
    pub file: String,
    /// The node in that spec, in the URI fragment form diagnostics print
    /// (`#/paths/~1v1~1Services/post`). For a spec with external `$ref`s it points into the
    /// bundled document, where those pieces sit under `components`.
    pub pointer: Pointer,
}

impl std::fmt::Display for Source {
    /// `twilio_chat_v1.yaml#/paths/~1v1~1Services/post`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.file, self.pointer)
    }
}

/// A named type in the `types` module.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust name (UpperCamelCase, unique in the module).
    pub name: String,
    /// Rustdoc lines.
    pub docs: Docs,
    /// What it is.
    pub kind: TypeKind,
    /// The schema it was made from: a component schema, an inline schema (where it was first
    /// met), or for a params struct the operation.
    pub source: Source,
}

/// The shape of a [`TypeDef`].
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(StructDef),
    /// A string enum that keeps unknown values.
    Enum(EnumDef),
    /// A union of alternatives (`oneOf`/`anyOf`).
    Union(UnionDef),
    /// `pub type Name = Target;`
    Alias(TypeRef),
    /// What an operation answers, by status, when its 2xx responses hold different bodies:
    /// an enum with a variant per status (decoded by the status, not by serde).
    Statuses(StatusesDef),
    /// The declared headers of an operation's responses: a plain struct of `Option`s, read
    /// from the response by generated code (no serde).
    Headers(HeadersDef),
    /// A multipart request body's fields, each sent as a part (no serde: the method
    /// assembles the parts).
    Parts(PartsDef),
}

/// A struct's fields.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// Whether every field has a default, so the struct can derive `Default`.
    pub default: bool,
    /// The serde traits it implements.
    pub serde: SerdeImpls,
}

/// One struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name (snake_case, possibly `r#`-escaped).
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// The value type, without the `Option` wrapper.
    pub ty: TypeRef,
    /// Whether the value may be absent or null (then the field is an `Option`).
    pub presence: Presence,
    /// Boxed to break a recursive cycle.
    pub boxed: bool,
    /// Whether serde writes the field, or the method sends it as a header.
    pub placement: Placement,
    /// The serde helper the value goes through, if any.
    pub codec: Codec,
    /// Rustdoc lines.
    pub docs: Docs,
}

/// Whether a value must be there, and what `None` means on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Presence {
    /// Always there: the plain type.
    Required,
    /// May be absent: an `Option`, left out of the output when `None`.
    Optional,
    /// Required but nullable: an `Option` whose `None` is sent as `null`, not left out.
    Nullable,
}

impl Presence {
    /// Whether the Rust type is wrapped in `Option`.
    pub fn is_option(self) -> bool {
        !matches!(self, Presence::Required)
    }
}

/// Where a struct field's value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Placement {
    /// Serialized with the struct: a body or response property, or a query parameter.
    Serialized,
    /// A parameter the method sends itself, one by one (see [`SentParam`]): a header or
    /// cookie parameter, or a query parameter serde's form encoding cannot express (a style
    /// other than exploded `form`, an object, `content`). Serde never writes it (it is still
    /// read when decoding).
    Method,
}

/// The serde helper a field's value goes through, beyond serde's own encoding of its type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Codec {
    /// None: serde's encoding of the type.
    Plain,
    /// A date-time written in this format (either is read): the runtime's `datetime` module.
    DateTime(DateTimeFormat),
    /// An `f64` that may also arrive as a numeric string (Twilio's `price`): read with the
    /// runtime's lenient `number` functions. Only plain `f64` fields, not aliases of it.
    NumberOrString,
}

/// A string enum's variants.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// Known values, in spec order.
    pub variants: Vec<Variant>,
    /// Name of the extra variant holding any other value (`Unknown(String)`).
    pub fallback: String,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Rust name (UpperCamelCase).
    pub name: String,
    /// The value on the wire.
    pub wire_value: String,
}

/// A union's alternatives, and how a value selects one.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    /// The alternatives, in spec order (a repeated one only once).
    pub variants: Vec<UnionVariant>,
    /// The property whose value selects the alternative (by the values in each
    /// [`UnionVariant::discriminator`]), when it selects every one; `None` when a value is
    /// decoded by trying each alternative in order (serde's untagged enums).
    pub tag: Option<String>,
    /// The tag is implied by the alternatives' own `enum`s rather than declared by a
    /// `discriminator`: a value without it, or with a value no alternative lists, is decoded
    /// by trying each alternative in order.
    pub tag_implied: bool,
    /// The serde traits it implements.
    pub serde: SerdeImpls,
}

/// One alternative of a [`TypeKind::Union`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// Rust name.
    pub name: String,
    /// Payload type.
    pub ty: TypeRef,
    /// Boxed to break a recursive cycle.
    pub boxed: bool,
    /// When the union has a `discriminator`: the property and the values selecting this
    /// alternative.
    pub discriminator: Option<Discriminator>,
}

/// How a `discriminator` selects a union alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discriminator {
    /// The property holding the tag (wire name).
    pub property: String,
    /// Tag values that select this alternative.
    pub values: Vec<String>,
}

/// A reference to a type, as used in fields, parameters and return types.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    /// `String`.
    String,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u8` (`format: uint8`).
    U8,
    /// `u16` (`format: uint16`).
    U16,
    /// `u32` (`format: uint32`).
    U32,
    /// `u64` (`format: uint64`).
    U64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// `chrono::DateTime<chrono::Utc>`.
    DateTime(DateTimeFormat),
    /// `chrono::NaiveDate`.
    Date,
    /// The runtime's `Base64Bytes`: bytes sent as base64 text (`format: byte`).
    Base64,
    /// `serde_json::Value` (untyped).
    Json,
    /// `Vec<T>`.
    Array(Box<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// A type in the `types` module, by Rust name.
    Named(String),
    /// The runtime's `Upload`: bytes, a file or a stream (a binary request body, or a file
    /// part of a multipart one; only in [`TypeKind::Parts`] fields and [`Body::ty`]).
    Upload,
}

/// How a date-time is written on the wire (both are accepted when decoding).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DateTimeFormat {
    /// `2015-07-30T20:00:00Z`.
    Rfc3339,
    /// `Thu, 30 Jul 2015 20:00:00 +0000` (Twilio's `date-time-rfc-2822`).
    Rfc2822,
}

/// One API operation, which becomes one async method on `Client`.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The operation object in the spec (`#/paths/<path>/<method>`).
    pub source: Source,
    /// The spec's `operationId` (or the generated one, see [`crate`] docs).
    pub operation_id: String,
    /// Rust method name (snake_case of the operation id).
    pub method_name: String,
    /// HTTP method, upper case (`GET`, `POST`, ...).
    pub http_method: String,
    /// The path template as written in the spec.
    pub path_template: String,
    /// The template split into literal text and parameters.
    pub path: Vec<PathPart>,
    /// The operation's server (its own, else its path's, else the document's first), used
    /// unless the client's base URL overrides it.
    pub server: ServerUrl,
    /// The security requirement passed to the runtime, `None` when the operation sends every
    /// credential the client holds (see [`Security`]).
    pub security: Option<Security>,
    /// Rustdoc lines.
    pub docs: Docs,
    /// Path parameters, in template order.
    pub path_params: Vec<PathParam>,
    /// Query and header parameters, gathered in a `<OperationId>Params` struct.
    pub params: Option<ParamsStruct>,
    /// The request body (in the most structured media type offered, see
    /// [`BodyEncoding::rank`]).
    pub body: Option<Body>,
    /// The same operation sending its body in each other media type offered: one more
    /// method each.
    pub other_bodies: Vec<BodyMethod>,
    /// What a 2xx response holds.
    pub response: ResponseBody,
    /// The `Accept` header the operation sends, when not the runtime's `application/json`:
    /// the media types the client decodes (see [`ResponseBody`]).
    pub accept: Option<String>,
    /// The method streaming the body unbuffered, when the response is
    /// [`ResponseBody::Bytes`].
    pub byte_stream: Option<String>,
    /// The JSON bodies the spec declares for error statuses (4xx, 5xx, ranges, `default`).
    pub errors: Vec<ErrorBody>,
    /// The twin method returning the declared response headers too, when there are any.
    pub response_headers: Option<ResponseHeaders>,
    /// A stream over all pages, when the response is a recognised paged list.
    pub paging: Option<Paging>,
    /// The operation's first tag: methods are grouped by it in the client's docs.
    pub group: Option<String>,
    /// All of the operation's tags, in spec order (selection by `tag:NAME` matches any).
    pub tags: Vec<String>,
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text inserted verbatim.
    Literal(String),
    /// A parameter, by index into [`Operation::path_params`].
    Param(usize),
}

/// A path parameter: a method argument.
#[derive(Debug, Clone, PartialEq)]
pub struct PathParam {
    /// Rust argument name.
    pub name: String,
    /// Name in the template and on the wire.
    pub wire_name: String,
    /// Value type, as the spec names it (possibly an alias).
    pub ty: TypeRef,
    /// How the method takes the argument.
    pub arg: ArgForm,
    /// How the value becomes the path segment's text (unused for [`ArgForm::Str`], which
    /// already is its text), when the generated code renders it (`styled` is `None`).
    pub text: TextForm,
    /// `Some` when the runtime renders the value in this style: a `label` or `matrix`
    /// parameter, or a value with no text of its own (an object, a union). `None`: the
    /// `simple` style of a value that is its text ([`PathParam::text`]).
    pub styled: Option<Styling>,
    /// Rustdoc lines, for the method docs.
    pub docs: Docs,
}

/// How a path parameter is taken as a method argument (decided on the alias-resolved type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgForm {
    /// `&str`: the argument is the text itself.
    Str,
    /// By value: a `Copy` scalar.
    Copy(Scalar),
    /// `&T`, `T` being [`PathParam::ty`].
    Ref,
    /// `&[T]`, for an array of `T` (the item type as the array names it).
    Slice(TypeRef),
}

/// A scalar type taken by value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scalar {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u8`.
    U8,
    /// `u16`.
    U16,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
}

impl Scalar {
    /// The scalar as a type reference.
    pub fn type_ref(self) -> TypeRef {
        match self {
            Scalar::I32 => TypeRef::I32,
            Scalar::I64 => TypeRef::I64,
            Scalar::U8 => TypeRef::U8,
            Scalar::U16 => TypeRef::U16,
            Scalar::U32 => TypeRef::U32,
            Scalar::U64 => TypeRef::U64,
            Scalar::F64 => TypeRef::F64,
            Scalar::Bool => TypeRef::Bool,
        }
    }
}

/// How a path or header parameter's value becomes the text sent on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TextForm {
    /// `ToString`: strings, numbers, booleans, dates, and enums (whose `Display` is the wire
    /// value).
    Display,
    /// An RFC 3339 date-time (`2015-07-30T20:00:00Z`).
    Rfc3339,
    /// An RFC 2822 date-time (`Thu, 30 Jul 2015 20:00:00 +0000`).
    Rfc2822,
    /// An array: each item in this form, joined with commas (the `simple` style).
    Joined(Box<TextForm>),
    /// Objects, unions, maps and untyped values, which have no text form of their own: a
    /// value that serializes to a JSON string is sent as that string, anything else as JSON.
    JsonText,
}

/// A parameter's `style` (OpenAPI "Style Values").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    /// `;color=blue` (path).
    Matrix,
    /// `.blue` (path).
    Label,
    /// `blue,black` (path and header; the default there).
    Simple,
    /// `color=blue` (query and cookie; the default there).
    Form,
    /// `color=blue%20black` (query).
    SpaceDelimited,
    /// `color=blue%7Cblack` (query).
    PipeDelimited,
    /// `color%5BR%5D=100` (query).
    DeepObject,
}

/// A style and `explode`, for a parameter the runtime renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Styling {
    /// The parameter's style.
    pub style: ParamStyle,
    /// Its `explode` (defaulted as the specification says: `true` for `form` only).
    pub explode: bool,
}

/// The query, header and cookie parameters struct of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamsStruct {
    /// Rust name of the struct type (defined in [`Api::types`]).
    pub type_name: String,
    /// Rust name of the method argument.
    pub arg_name: String,
    /// Whether any field is [`Placement::Serialized`]: a query parameter in exploded `form`
    /// style that serde's form encoding writes (the struct is serialized into the query).
    pub has_query: bool,
    /// The parameters the method sends one by one ([`Placement::Method`]), in spec order.
    pub sent: Vec<SentParam>,
}

/// A parameter of the params struct that the method sends itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentParam {
    /// Name on the wire.
    pub wire_name: String,
    /// Field name in the params struct.
    pub field: String,
    /// Whether the field is an `Option` (nothing is sent for `None`).
    pub presence: Presence,
    /// Where it goes and how it is encoded.
    pub send: SendAs,
}

/// Where a [`SentParam`] goes and how its value is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendAs {
    /// A header whose text the generated code writes (`simple` style of a value that has
    /// a text form: a scalar, an enum, a date, or an array of them).
    HeaderText(TextForm),
    /// A header the runtime renders in `simple` style (objects and other values without a
    /// text form of their own).
    Header {
        /// `R=100,G=200` rather than `R,100,G,200`.
        explode: bool,
    },
    /// A header whose value is `content`-encoded as JSON.
    HeaderJson,
    /// A query parameter the runtime renders in a style.
    Query {
        /// Style and `explode`.
        styling: Styling,
        /// `allowReserved`: reserved characters are sent as they are.
        allow_reserved: bool,
    },
    /// A query parameter whose value is `content`-encoded as JSON.
    QueryJson,
    /// A query parameter typed `format: prefixed-collapsible-map-{prefix}` (Twilio): the
    /// map's entries as `{prefix}.{key}=value`, the parameter's own name not sent.
    QueryPrefixedMap(String),
    /// A cookie (`form` style), in the request's one `Cookie` header.
    Cookie {
        /// One `name=item` pair per array item rather than `name=a,b`.
        explode: bool,
    },
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// Rust argument name.
    pub arg_name: String,
    /// Body type.
    pub ty: TypeRef,
    /// How it is encoded.
    pub encoding: BodyEncoding,
    /// The properties of a form body with an encoding of their own, in field order (empty
    /// for other bodies, and for form bodies whose properties are all flat).
    pub form_fields: Vec<FormField>,
}

/// Request body encodings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyEncoding {
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `application/json`.
    Json,
    /// Another JSON media type, e.g. `application/scim+json`.
    JsonAs(String),
    /// A `multipart/*` media type (`multipart/form-data` …): [`Body::ty`] names a
    /// [`TypeKind::Parts`] struct, taken by value.
    Multipart(String),
    /// A document the caller supplies as text (`&str`), sent as this media type: `text/*`
    /// (`text/plain` for `text/*`), `application/xml`, `*/*+xml`.
    Text(String),
    /// Binary content ([`TypeRef::Upload`], taken as `impl Into<Upload>`), sent as this
    /// media type unless the upload names its own; for a wildcard (`*/*`, `image/*`) the
    /// caller is expected to name it, else `application/octet-stream` is sent.
    Binary(String),
}

impl BodyEncoding {
    /// The media type a body is declared with.
    pub fn media_type(&self) -> &str {
        match self {
            BodyEncoding::Form => "application/x-www-form-urlencoded",
            BodyEncoding::Json => "application/json",
            BodyEncoding::JsonAs(media_type)
            | BodyEncoding::Multipart(media_type)
            | BodyEncoding::Text(media_type)
            | BodyEncoding::Binary(media_type) => media_type,
        }
    }

    /// How a request body of this media type is sent; `None` when the client cannot send it
    /// (no media type is left out today: anything not JSON, form, multipart or text is sent
    /// as binary content).
    pub fn for_media_type(media_type: &MediaType) -> Option<BodyEncoding> {
        Some(match media_type {
            MediaType::FormUrlencoded => BodyEncoding::Form,
            MediaType::Json => BodyEncoding::Json,
            MediaType::JsonSuffix(essence) => BodyEncoding::JsonAs(essence.clone()),
            MediaType::Multipart(essence) => BodyEncoding::Multipart(essence.clone()),
            MediaType::Other(essence) if essence == "text/*" => {
                BodyEncoding::Text("text/plain".to_owned())
            }
            MediaType::Other(essence) if is_text(essence) => BodyEncoding::Text(essence.clone()),
            MediaType::Other(essence) => BodyEncoding::Binary(essence.clone()),
        })
    }

    /// Which of several media types the operation's own method sends, lowest first: the most
    /// structured one (JSON, then form, multipart, XML, other text, binary), so the method
    /// takes typed values whenever the spec allows; each other one gets a suffixed method.
    pub fn rank(&self) -> u8 {
        match self {
            BodyEncoding::Json | BodyEncoding::JsonAs(_) => 0,
            BodyEncoding::Form => 1,
            BodyEncoding::Multipart(_) => 2,
            BodyEncoding::Text(media_type) if is_xml(media_type) => 3,
            BodyEncoding::Text(_) => 4,
            BodyEncoding::Binary(_) => 5,
        }
    }
}

/// An XML media type: `application/xml`, `text/xml`, `*/*+xml`.
fn is_xml(essence: &str) -> bool {
    essence == "application/xml" || essence == "text/xml" || essence.ends_with("+xml")
}

/// A media type whose content is text the caller writes: `text/*` and XML.
fn is_text(essence: &str) -> bool {
    essence.starts_with("text/") || is_xml(essence)
}

/// A media type, by its essence: lower case, without parameters
/// (`application/json; charset=utf-8` is [`MediaType::Json`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MediaType {
    /// `application/x-www-form-urlencoded`.
    FormUrlencoded,
    /// `application/json`.
    Json,
    /// Another JSON media type (`*/*+json`), e.g. `application/scim+json`.
    JsonSuffix(String),
    /// `multipart/*`, e.g. `multipart/form-data` (not supported yet).
    Multipart(String),
    /// Anything else.
    Other(String),
}

impl MediaType {
    /// Parses a media type as a content map key writes it (case and parameters ignored).
    pub fn parse(text: &str) -> MediaType {
        let essence = text
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match essence.as_str() {
            "application/x-www-form-urlencoded" => MediaType::FormUrlencoded,
            "application/json" => MediaType::Json,
            // Before multipart: a `+json` suffix says the body is JSON, whatever the type.
            e if e.ends_with("+json") => MediaType::JsonSuffix(essence),
            e if e.starts_with("multipart/") => MediaType::Multipart(essence),
            _ => MediaType::Other(essence),
        }
    }

    /// Whether the body is JSON (`application/json` or `*/*+json`).
    pub fn is_json(&self) -> bool {
        matches!(self, MediaType::Json | MediaType::JsonSuffix(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_read_by_their_lower_case_essence() {
        let parse = MediaType::parse;
        assert_eq!(parse("application/json; charset=utf-8"), MediaType::Json);
        assert_eq!(
            parse(" Application/X-WWW-Form-Urlencoded "),
            MediaType::FormUrlencoded
        );
        let scim = parse("application/SCIM+json;charset=utf-8");
        assert_eq!(
            scim,
            MediaType::JsonSuffix("application/scim+json".to_owned())
        );
        assert_eq!(
            BodyEncoding::for_media_type(&scim),
            Some(BodyEncoding::JsonAs("application/scim+json".to_owned()))
        );
        let multipart = parse("multipart/form-data; boundary=x");
        assert_eq!(
            multipart,
            MediaType::Multipart("multipart/form-data".to_owned())
        );
        let encoding = |text: &str| BodyEncoding::for_media_type(&parse(text));
        assert_eq!(
            encoding("multipart/form-data; boundary=x"),
            Some(BodyEncoding::Multipart("multipart/form-data".to_owned()))
        );
        assert!(!parse("text/plain").is_json());
        assert_eq!(
            encoding("Text/CSV"),
            Some(BodyEncoding::Text("text/csv".to_owned()))
        );
        assert_eq!(
            encoding("text/*"),
            Some(BodyEncoding::Text("text/plain".to_owned()))
        );
        assert_eq!(
            encoding("application/atom+xml"),
            Some(BodyEncoding::Text("application/atom+xml".to_owned()))
        );
        for binary in [
            "application/octet-stream",
            "image/*",
            "*/*",
            "application/pdf",
        ] {
            assert_eq!(
                encoding(binary),
                Some(BodyEncoding::Binary(binary.to_owned()))
            );
        }
        let ranks: Vec<u8> = [
            "application/json",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "application/xml",
            "text/plain",
            "image/png",
        ]
        .iter()
        .filter_map(|media_type| encoding(media_type).map(|e| e.rank()))
        .collect();
        assert_eq!(ranks, [0, 1, 2, 3, 4, 5]);
    }
}
