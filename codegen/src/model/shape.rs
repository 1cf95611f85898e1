//! The API shape: how callers build the generated structs, and whether the generated types
//! are `#[non_exhaustive]` (see [`ApiShape`]).

use crate::names::Namespace;

/// How the generated types present themselves to callers: what a caller may write, and so
/// which spec changes are breaking in Rust.
///
/// Chosen with [`Generator::api_shape`](crate::Generator::api_shape) (CLI: `--api-shape`);
/// the spec-change report reads it from the model, so its classes are right under either.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ApiShape {
    /// Plain structs and enums: callers build structs with literals (with
    /// `..Default::default()` when the struct derives `Default`) and may match enums
    /// exhaustively. Adding a field or a variant is then breaking by the Rust rules.
    #[default]
    Literals,
    /// Every generated struct and enum is `#[non_exhaustive]`. Structs get
    /// `new(<required fields in declaration order>)` and one by-value setter per optional
    /// field (named after the field), as the AWS SDK for Rust builds its inputs: a new
    /// optional field is a new setter (additive), a new required field a new argument of
    /// `new` (breaking), a new variant additive (matches already need a wildcard arm).
    /// Fields stay public, for reading and assignment.
    Evolving,
}

impl ApiShape {
    /// `literals` or `evolving`, as the CLI's `--api-shape` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiShape::Literals => "literals",
            ApiShape::Evolving => "evolving",
        }
    }

    /// The shape called `name` ([`as_str`](Self::as_str)).
    pub fn from_name(name: &str) -> Option<ApiShape> {
        match name {
            "literals" => Some(ApiShape::Literals),
            "evolving" => Some(ApiShape::Evolving),
            _ => None,
        }
    }

    /// Whether generated types are `#[non_exhaustive]` and structs have constructors and
    /// setters.
    pub fn is_evolving(self) -> bool {
        self == ApiShape::Evolving
    }
}

/// Which serde traits the generated structs and unions implement (chosen with
/// [`Generator::serde_traits`](crate::Generator::serde_traits); CLI: `--serde-traits`).
///
/// Serde's derives are most of a generated client's compile time, so by default a type gets
/// only the traits the client needs of it: `Serialize` where it is sent (request bodies,
/// parameters), `Deserialize` where it is received (responses, error bodies, events), both
/// where both happen, and both for a type no operation reaches (webhook payloads, components
/// kept for callers). String enums always have both: theirs are two one-line impls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SerdeTraits {
    /// Only what each type's use needs (the default).
    #[default]
    AsUsed,
    /// `Serialize` and `Deserialize` on every type: for callers that store or forward
    /// responses as JSON, or build requests from JSON, at the cost of compile time.
    Both,
}

impl SerdeTraits {
    /// `as-used` or `both`, as the CLI's `--serde-traits` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            SerdeTraits::AsUsed => "as-used",
            SerdeTraits::Both => "both",
        }
    }

    /// The choice called `name` ([`as_str`](Self::as_str)).
    pub fn from_name(name: &str) -> Option<SerdeTraits> {
        match name {
            "as-used" => Some(SerdeTraits::AsUsed),
            "both" => Some(SerdeTraits::Both),
            _ => None,
        }
    }
}

/// The serde traits one struct or union implements (decided by lowering from how the
/// client uses the type, see [`SerdeTraits`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SerdeImpls {
    /// `Serialize`: the type is sent.
    pub serialize: bool,
    /// `Deserialize`: the type is received.
    pub deserialize: bool,
}

impl SerdeImpls {
    /// Both traits.
    pub const BOTH: SerdeImpls = SerdeImpls {
        serialize: true,
        deserialize: true,
    };
}

/// Names a setter cannot take: the constructor, and the methods and associated functions of
/// the traits generated types implement (derived, blanket or conventional) that callers reach
/// by name. An inherent method takes precedence over a trait's in `value.clone()` and in
/// `Type::default()`, so a setter named like one would break those calls; clippy's
/// `should_implement_trait` also objects to the conventional operator and iterator names.
const RESERVED_METHODS: &[&str] = &[
    "new",
    // Derived and blanket traits.
    "clone",
    "clone_from",
    "clone_into",
    "to_owned",
    "to_string",
    "eq",
    "ne",
    "cmp",
    "partial_cmp",
    "lt",
    "le",
    "gt",
    "ge",
    "max",
    "min",
    "clamp",
    "hash",
    "fmt",
    "default",
    "serialize",
    "deserialize",
    "into",
    "try_into",
    "borrow",
    "borrow_mut",
    "type_id",
    // The names clippy's `should_implement_trait` reserves for std traits.
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "from_iter",
    "from_str",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// The setter name of each field under [`ApiShape::Evolving`], in field order: the field's
/// own name (methods and fields are separate namespaces), or, when that is reserved (`new`,
/// and the names of trait methods callers reach by name: `clone`, `default`, `into`,
/// operator and iterator names…), the first free `name_2`, `name_3`… by the [`Namespace`]
/// rule.
/// `fields` are the fields' Rust names; one name is returned per field, also for required
/// ones (the caller uses those of the optional fields).
pub fn setter_names<'a>(fields: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let fields: Vec<&str> = fields.into_iter().collect();
    let mut reserved: Vec<&str> = RESERVED_METHODS.to_vec();
    // A renamed setter must not take another field's setter name.
    reserved.extend(
        fields
            .iter()
            .map(|name| crate::names::bare(name))
            .filter(|name| !RESERVED_METHODS.contains(name)),
    );
    let mut namespace = Namespace::with_reserved(&reserved);
    fields
        .iter()
        .map(|name| {
            if RESERVED_METHODS.contains(&crate::names::bare(name)) {
                namespace.claim((*name).to_owned())
            } else {
                (*name).to_owned()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setters_take_the_field_name_unless_it_is_reserved() {
        assert_eq!(
            setter_names(["role_sid", "new", "r#type", "clone", "new_2", "from"]),
            ["role_sid", "new_3", "r#type", "clone_2", "new_2", "from"]
        );
        assert_eq!(ApiShape::from_name("evolving"), Some(ApiShape::Evolving));
        assert_eq!(
            ApiShape::from_name(ApiShape::Literals.as_str()),
            Some(ApiShape::Literals)
        );
        assert_eq!(ApiShape::from_name("other"), None);
    }
}
