//! Wire-encoding decisions: how a value is present, which serde helper a field needs, how a
//! union picks its alternative, how a parameter becomes text and how a path parameter is
//! taken as an argument.
//!
//! They are made here, once, on alias-resolved types, so the emitter only spells what the
//! model says. Parameter decisions look through aliases, which is why they take the types
//! defined so far: lowering defines every component schema of a spec before its paths, and
//! an inline schema as soon as it is met, so every type a parameter can name is there.

use std::collections::BTreeMap;

use crate::model::{
    ArgForm, Codec, DateTimeFormat, Presence, Scalar, TextForm, TypeDef, TypeKind, TypeRef,
    UnionVariant,
};

/// The presence of a property: required or not, nullable or not.
pub(super) fn presence(required: bool, nullable: bool) -> Presence {
    match (required, nullable) {
        (true, false) => Presence::Required,
        (true, true) => Presence::Nullable,
        (false, _) => Presence::Optional,
    }
}

/// The serde helper of a field of type `ty`. Decided on the type as written, not through
/// aliases: an alias's own definition carries no helper, so a field of an alias type is
/// plain serde.
pub(super) fn codec(ty: &TypeRef) -> Codec {
    match ty {
        TypeRef::DateTime(format) => Codec::DateTime(*format),
        // Numbers may arrive as strings (Twilio's `price`); only plain `f64` fields are lenient.
        TypeRef::F64 => Codec::NumberOrString,
        _ => Codec::Plain,
    }
}

/// The property that selects a union's alternative, when it selects every one of them (an
/// inline alternative has no schema name to be selected by); else `None`, and the first
/// alternative that fits wins.
pub(super) fn union_tag(variants: &[UnionVariant]) -> Option<String> {
    let properties = variants
        .iter()
        .map(|v| v.discriminator.as_ref().map(|d| d.property.clone()));
    properties.collect::<Option<Vec<_>>>()?.into_iter().next()
}

/// How a parameter of type `ty` becomes its text on the wire.
pub(super) fn text_form(types: &BTreeMap<String, TypeDef>, ty: &TypeRef) -> TextForm {
    match resolve_alias(types, ty) {
        TypeRef::DateTime(DateTimeFormat::Rfc3339) => TextForm::Rfc3339,
        TypeRef::DateTime(DateTimeFormat::Rfc2822) => TextForm::Rfc2822,
        TypeRef::Array(item) => TextForm::Joined(Box::new(text_form(types, &item))),
        // An enum's `Display` is its wire value; structs and unions have no text of their own.
        TypeRef::Named(name) if is_enum(types, &name) => TextForm::Display,
        TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::Json => TextForm::JsonText,
        TypeRef::String
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F64
        | TypeRef::Bool
        | TypeRef::Date => TextForm::Display,
    }
}

/// How a method takes a path parameter of type `ty`: strings as `&str` and scalars by value
/// (what a caller has at hand), arrays as slices, anything else by reference.
pub(super) fn arg_form(types: &BTreeMap<String, TypeDef>, ty: &TypeRef) -> ArgForm {
    match resolve_alias(types, ty) {
        TypeRef::String => ArgForm::Str,
        TypeRef::I32 => ArgForm::Copy(Scalar::I32),
        TypeRef::I64 => ArgForm::Copy(Scalar::I64),
        TypeRef::F64 => ArgForm::Copy(Scalar::F64),
        TypeRef::Bool => ArgForm::Copy(Scalar::Bool),
        TypeRef::Array(item) => ArgForm::Slice(*item),
        _ => ArgForm::Ref,
    }
}

/// Follows `pub type A = B;` chains to the underlying type. Bounded by the number of types,
/// so an alias cycle (reported as an error elsewhere) cannot loop.
fn resolve_alias(types: &BTreeMap<String, TypeDef>, ty: &TypeRef) -> TypeRef {
    let mut current = ty.clone();
    for _ in 0..=types.len() {
        let TypeRef::Named(name) = &current else {
            break;
        };
        match types.get(name).map(|def| &def.kind) {
            Some(TypeKind::Alias(target)) => current = target.clone(),
            _ => break,
        }
    }
    current
}

fn is_enum(types: &BTreeMap<String, TypeDef>, name: &str) -> bool {
    matches!(
        types.get(name).map(|def| &def.kind),
        Some(TypeKind::Enum(_))
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pointer;
    use crate::model::{Discriminator, EnumDef, Source};

    fn def(name: &str, kind: TypeKind) -> (String, TypeDef) {
        let source = Source {
            file: "x.yaml".to_owned(),
            pointer: Pointer::root(),
        };
        let def = TypeDef {
            name: name.to_owned(),
            docs: Vec::new(),
            kind,
            source,
        };
        (name.to_owned(), def)
    }

    fn types() -> BTreeMap<String, TypeDef> {
        let named = |name: &str| TypeRef::Named(name.to_owned());
        let kind = EnumDef {
            variants: Vec::new(),
            fallback: "Unknown".to_owned(),
        };
        BTreeMap::from([
            def("Kind", TypeKind::Enum(kind)),
            def("KindAlias", TypeKind::Alias(named("Kind"))),
            def("Count", TypeKind::Alias(TypeRef::I64)),
            def("Loop", TypeKind::Alias(named("Loop"))),
            def(
                "Kinds",
                TypeKind::Alias(TypeRef::Array(Box::new(named("KindAlias")))),
            ),
        ])
    }

    #[test]
    fn aliases_are_resolved_before_choosing_a_form() {
        let types = types();
        let named = |name: &str| TypeRef::Named(name.to_owned());
        assert_eq!(
            arg_form(&types, &named("Count")),
            ArgForm::Copy(Scalar::I64)
        );
        assert_eq!(
            arg_form(&types, &named("Kinds")),
            ArgForm::Slice(named("KindAlias"))
        );
        assert_eq!(
            text_form(&types, &named("Kinds")),
            TextForm::Joined(Box::new(TextForm::Display))
        );
        // An alias cycle (an error elsewhere) ends as the unresolved name: JSON text.
        assert_eq!(text_form(&types, &named("Loop")), TextForm::JsonText);
        assert_eq!(arg_form(&types, &named("Loop")), ArgForm::Ref);
    }

    #[test]
    fn a_tag_decides_only_when_it_selects_every_alternative() {
        let variant = |tagged: bool| UnionVariant {
            name: "Cat".to_owned(),
            ty: TypeRef::Named("Cat".to_owned()),
            boxed: false,
            discriminator: tagged.then(|| Discriminator {
                property: "petType".to_owned(),
                values: vec!["cat".to_owned()],
            }),
        };
        assert_eq!(
            union_tag(&[variant(true), variant(true)]).as_deref(),
            Some("petType")
        );
        assert_eq!(union_tag(&[variant(true), variant(false)]), None);
        assert_eq!(union_tag(&[]), None);
    }

    #[test]
    fn helpers_follow_the_written_type_only() {
        assert_eq!(codec(&TypeRef::F64), Codec::NumberOrString);
        assert_eq!(codec(&TypeRef::Named("Price".to_owned())), Codec::Plain);
        assert_eq!(
            codec(&TypeRef::DateTime(DateTimeFormat::Rfc2822)),
            Codec::DateTime(DateTimeFormat::Rfc2822)
        );
        assert_eq!(presence(false, true), Presence::Optional);
        assert_eq!(presence(true, true), Presence::Nullable);
    }
}
