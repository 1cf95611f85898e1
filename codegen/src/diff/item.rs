//! One item of a [`Surface`](super::Surface): the shape the compiler checks, its docs and
//! its wire facts, and how types are spelled in messages.

use std::collections::BTreeMap;

use crate::model::TypeRef;

/// One public item.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// What the compiler checks.
    pub shape: Shape,
    /// Its rustdoc text (lines joined), as the spec gives it.
    pub docs: String,
    /// Wire facts, by name (`request`, `wire name`, `media type` …): changes to these keep
    /// the Rust signature but change what goes over the wire.
    pub wire: BTreeMap<&'static str, String>,
    /// The item this one is derived from, whose change it shares (a setter of the evolving
    /// shape follows its field, `types::X::role_sid`): when that item is added, removed or
    /// changed, this one is not listed apart, the change is named once.
    pub follows: Option<String>,
}

/// The part of an item the compiler checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape {
    /// A method (`Client::…`, `Credentials::…`): its receiver is part of `args`.
    Method {
        /// `async fn` rather than `fn`.
        is_async: bool,
        /// Arguments in order: (name, type); the receiver is `self`/`&self` with an empty
        /// name's type.
        args: Vec<(String, String)>,
        /// The return type.
        output: String,
    },
    /// A struct; its fields are items of their own.
    Struct {
        /// Derived (or implemented) traits callers can rely on.
        traits: Vec<&'static str>,
        /// Whether callers can build it with a struct literal (every field public, no
        /// `#[non_exhaustive]`): a new field then breaks their literals.
        constructible: bool,
    },
    /// A struct field.
    Field {
        /// Its type.
        ty: String,
    },
    /// An enum; its variants are items of their own.
    Enum {
        /// Derived (or implemented) traits.
        traits: Vec<&'static str>,
        /// No `#[non_exhaustive]`: callers may match without a wildcard arm, so a new variant
        /// breaks their matches.
        exhaustive: bool,
    },
    /// An enum variant, with its payload type if it has one.
    Variant {
        /// `Some(T)` for `Variant(T)`.
        payload: Option<String>,
    },
    /// `pub type X = T;`
    Alias {
        /// The target type.
        target: String,
    },
}

impl Shape {
    /// The kind of item, for messages (`method`, `field` …).
    pub fn kind(&self) -> &'static str {
        match self {
            Shape::Method { .. } => "method",
            Shape::Struct { .. } => "struct",
            Shape::Field { .. } => "field",
            Shape::Enum { .. } => "enum",
            Shape::Variant { .. } => "variant",
            Shape::Alias { .. } => "type alias",
        }
    }

    /// The shape as Rust would spell it (for messages; a type is its name, its traits and
    /// members are listed apart).
    pub fn spell(&self, name: &str) -> String {
        match self {
            Shape::Method {
                is_async,
                args,
                output,
            } => {
                let args: Vec<String> = args
                    .iter()
                    .map(|(name, ty)| {
                        if name.is_empty() {
                            ty.clone()
                        } else {
                            format!("{name}: {ty}")
                        }
                    })
                    .collect();
                let prefix = if *is_async { "async fn" } else { "fn" };
                format!("{prefix} {name}({}) -> {output}", args.join(", "))
            }
            Shape::Struct { .. } | Shape::Enum { .. } => name.to_owned(),
            Shape::Field { ty } => format!("{name}: {ty}"),
            Shape::Variant { payload: None } => name.to_owned(),
            Shape::Variant { payload: Some(ty) } => format!("{name}({ty})"),
            Shape::Alias { target } => format!("type {name} = {target}"),
        }
    }
}

/// A type as generated signatures spell it (prefixes dropped).
pub fn type_name(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_owned(),
        TypeRef::I32 => "i32".to_owned(),
        TypeRef::I64 => "i64".to_owned(),
        TypeRef::U8 => "u8".to_owned(),
        TypeRef::U16 => "u16".to_owned(),
        TypeRef::U32 => "u32".to_owned(),
        TypeRef::U64 => "u64".to_owned(),
        TypeRef::F64 => "f64".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::DateTime(_) => "DateTime<Utc>".to_owned(),
        TypeRef::Date => "NaiveDate".to_owned(),
        TypeRef::Base64 => "Base64Bytes".to_owned(),
        TypeRef::Json => "serde_json::Value".to_owned(),
        TypeRef::Upload => "Upload".to_owned(),
        TypeRef::Array(item) => format!("Vec<{}>", type_name(item)),
        TypeRef::Map(value) => format!("BTreeMap<String, {}>", type_name(value)),
        TypeRef::Named(name) => name.trim_start_matches("r#").to_owned(),
    }
}
