//! The surface items of a struct's constructor and setters under
//! [`ApiShape::Evolving`](crate::model::ApiShape::Evolving), as `emit/builders.rs`
//! generates them, and the enums' `as_str`.
//!
//! Inherent methods of a type are keyed `types::X::name()`: a setter is named after its field
//! (`types::X::role_sid` is the field, `types::X::role_sid()` its setter).

use super::item::{Item, Shape};

/// One field as the builder methods take it.
pub(super) struct Member<'a> {
    /// The field's Rust name.
    pub name: &'a str,
    /// Its value type inside any `Option` (with the `Box` of a boxed field).
    pub ty: String,
    /// Whether it is an `Option` (then it has a setter and `new` does not take it).
    pub optional: bool,
}

fn bare(name: &str) -> &str {
    name.trim_start_matches("r#")
}

fn method(args: Vec<(String, String)>, output: &str) -> Item {
    Item {
        shape: Shape::Method {
            is_async: false,
            args,
            output: output.to_owned(),
        },
        docs: String::new(),
        wire: Default::default(),
        follows: None,
    }
}

/// `types::X::new()` and one `types::X::<setter>()` per optional member of the struct at
/// `path`.
pub(super) fn builder_items(path: &str, members: &[Member]) -> Vec<(String, Item)> {
    let into = |ty: &str| format!("impl Into<{ty}>");
    let args = members
        .iter()
        .filter(|m| !m.optional)
        .map(|m| (bare(m.name).to_owned(), into(&m.ty)))
        .collect();
    let mut items = vec![(format!("{path}::new()"), method(args, "Self"))];
    let setters = crate::model::setter_names(members.iter().map(|m| m.name));
    for (member, setter) in members.iter().zip(&setters) {
        if !member.optional {
            continue;
        }
        let args = vec![
            (String::new(), "self".to_owned()),
            ("value".to_owned(), into(&member.ty)),
        ];
        let mut entry = method(args, "Self");
        entry.follows = Some(format!("{path}::{}", bare(member.name)));
        items.push((format!("{path}::{}()", bare(setter)), entry));
    }
    items
}

/// `types::X::as_str()` of a string enum.
pub(super) fn as_str_item(path: &str) -> (String, Item) {
    let args = vec![(String::new(), "&self".to_owned())];
    (format!("{path}::as_str()"), method(args, "&str"))
}
