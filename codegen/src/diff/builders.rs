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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::diff::{compare_apis, Class};
    use crate::model::ApiShape;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://x.example'}]
paths:
  /pets:
    post:
      operationId: CreatePet
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              title: NewPet
              required: [name]
              properties:
                name: {type: string}
                kind: {type: string, enum: [cat, dog]}
      responses:
        '204': {description: ok}
"#;

    #[test]
    fn switching_to_the_evolving_shape_breaks_literals_and_matches() {
        let spec = crate::load::parse(Path::new("t.yaml"), SPEC).unwrap_or_else(|e| panic!("{e}"));
        let (literals, _) = crate::lower::lower(&[spec]).unwrap_or_else(|e| panic!("{e:?}"));
        let mut evolving = literals.clone();
        evolving.shape = ApiShape::Evolving;
        let report = compare_apis(&literals, &evolving);
        let changes: Vec<String> = report
            .changes
            .iter()
            .map(|c| format!("{} {}: {}", c.class.as_str(), c.path, c.what))
            .collect();
        assert_eq!(
            changes,
            [
                "breaking types::NewPet: can no longer be built with a struct literal",
                "additive types::NewPet::kind(): added method `fn kind(self, value: impl Into<NewPetKind>) -> Self`",
                "additive types::NewPet::new(): added method `fn new(name: impl Into<String>) -> Self`",
                "breaking types::NewPetKind: is now #[non_exhaustive]: matches need a wildcard arm",
            ]
        );
        // And back: literals become possible again, exhaustive matches are new constraints.
        let back = compare_apis(&evolving, &literals);
        assert_eq!(back.count(Class::Additive), 1);
        assert_eq!(back.count(Class::Breaking), 3);
    }
}
