//! One item of a [`Surface`](super::Surface): the shape the compiler checks, its docs and
//! its wire facts, and how types are spelled in messages.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::TypeRef;

/// One public item.
///
/// Serialized (in an [`ApiRecord`](super::ApiRecord)) as one JSON object: the shape's fields
/// under its `kind`, then `docs` and `wire` when not empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// What the compiler checks.
    #[serde(flatten)]
    pub shape: Shape,
    /// Its rustdoc text (lines joined), as the spec gives it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
    /// Wire facts, by name (`request`, `wire name`, `media type` …): changes to these keep
    /// the Rust signature but change what goes over the wire.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub wire: BTreeMap<String, String>,
    /// The item this one is derived from, whose change it shares (a setter of the evolving
    /// shape follows its field, `types::X::role_sid`): when that item is added, removed or
    /// changed, this one is not listed apart, the change is named once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<String>,
}

/// The part of an item the compiler checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Shape {
    /// A method (`Client::…`, `Credentials::…`): its receiver is part of `args`.
    Method {
        /// `async fn` rather than `fn`.
        is_async: bool,
        /// Arguments in order: (name, type); the receiver is `self`/`&self` with an empty
        /// name's type. Recorded as Rust spells them (`"sid: &str"`, `"&self"`).
        #[serde(with = "spelled_args")]
        args: Vec<(String, String)>,
        /// The return type.
        output: String,
    },
    /// A struct; its fields are items of their own.
    Struct {
        /// Derived (or implemented) traits callers can rely on.
        traits: Vec<String>,
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
        traits: Vec<String>,
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
                let args: Vec<String> = args.iter().map(spell_arg).collect();
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

/// An argument as a signature spells it: `name: type`, or the receiver alone.
fn spell_arg((name, ty): &(String, String)) -> String {
    if name.is_empty() {
        ty.clone()
    } else {
        format!("{name}: {ty}")
    }
}

/// Method arguments in a record: one string each, as in the signature (`name: type`, or the
/// receiver alone), so that a record's diff shows one line per argument. A name is an
/// identifier, so the first `": "` ends it.
mod spelled_args {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(args: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
        let spelled: Vec<String> = args
            .iter()
            .map(|(name, ty)| {
                if name.is_empty() {
                    ty.clone()
                } else {
                    format!("{name}: {ty}")
                }
            })
            .collect();
        spelled.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
        let spelled = Vec::<String>::deserialize(d)?;
        Ok(spelled
            .into_iter()
            .map(|arg| match arg.split_once(": ") {
                Some((name, ty)) => (name.to_owned(), ty.to_owned()),
                None => (String::new(), arg),
            })
            .collect())
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
