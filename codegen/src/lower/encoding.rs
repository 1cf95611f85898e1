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
    ArgForm, Codec, DateTimeFormat, HeaderDecode, ParamStyle, Presence, Scalar, SendAs, Styling,
    TextForm, TypeDef, TypeKind, TypeRef, UnionVariant,
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
        TypeRef::Named(_) | TypeRef::Map(_) | TypeRef::Json | TypeRef::Upload => TextForm::JsonText,
        TypeRef::String
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U8
        | TypeRef::U16
        | TypeRef::U32
        | TypeRef::U64
        | TypeRef::F64
        | TypeRef::Bool
        | TypeRef::Date
        | TypeRef::Base64 => TextForm::Display,
    }
}

/// How a method takes a path parameter of type `ty`: strings as `&str` and scalars by value
/// (what a caller has at hand), arrays as slices, anything else by reference.
pub(super) fn arg_form(types: &BTreeMap<String, TypeDef>, ty: &TypeRef) -> ArgForm {
    match resolve_alias(types, ty) {
        TypeRef::String => ArgForm::Str,
        TypeRef::I32 => ArgForm::Copy(Scalar::I32),
        TypeRef::I64 => ArgForm::Copy(Scalar::I64),
        TypeRef::U8 => ArgForm::Copy(Scalar::U8),
        TypeRef::U16 => ArgForm::Copy(Scalar::U16),
        TypeRef::U32 => ArgForm::Copy(Scalar::U32),
        TypeRef::U64 => ArgForm::Copy(Scalar::U64),
        TypeRef::F64 => ArgForm::Copy(Scalar::F64),
        TypeRef::Bool => ArgForm::Copy(Scalar::Bool),
        TypeRef::Array(item) => ArgForm::Slice(*item),
        _ => ArgForm::Ref,
    }
}

/// Whether the runtime renders a path parameter of type `ty` (`Some`), or the generated code
/// writes its text (`None`): only the `simple` style of a value that has a text form (which
/// is the same exploded or not) is written as text.
pub(super) fn path_styling(
    types: &BTreeMap<String, TypeDef>,
    ty: &TypeRef,
    styling: Styling,
) -> Option<Styling> {
    let has_text = text_form(types, ty) != TextForm::JsonText;
    (styling.style != ParamStyle::Simple || !has_text).then_some(styling)
}

/// How a query parameter of type `ty` is sent: `None` when serde's form encoding of the
/// params struct writes it as the specification says (exploded `form` of a value with a
/// text form, or of an array of them: `id=1&id=2`), else by the runtime, one by one.
/// `json` is a parameter given by `content` with a JSON media type.
pub(super) fn query_send(
    types: &BTreeMap<String, TypeDef>,
    ty: &TypeRef,
    styling: Styling,
    allow_reserved: bool,
    json: bool,
) -> Option<SendAs> {
    if json {
        return Some(SendAs::QueryJson);
    }
    let serde_writes = styling.style == ParamStyle::Form
        && !allow_reserved
        && match text_form(types, ty) {
            TextForm::JsonText => false,
            TextForm::Joined(item) => styling.explode && *item != TextForm::JsonText,
            _ => true,
        };
    (!serde_writes).then_some(SendAs::Query {
        styling,
        allow_reserved,
    })
}

/// How a header parameter of type `ty` is sent: as the text the generated code writes when
/// the value has a text form, else rendered by the runtime (`simple` style).
pub(super) fn header_send(
    types: &BTreeMap<String, TypeDef>,
    ty: &TypeRef,
    explode: bool,
    json: bool,
) -> SendAs {
    match text_form(types, ty) {
        _ if json => SendAs::HeaderJson,
        TextForm::JsonText => SendAs::Header { explode },
        text => SendAs::HeaderText(text),
    }
}

/// How a response header of type `ty` is read, and the field's type (a schema without a text
/// form of its own is kept as its text).
pub(super) fn header_decode(
    types: &BTreeMap<String, TypeDef>,
    ty: &TypeRef,
) -> (TypeRef, HeaderDecode) {
    // `FromStr` exists where the text form is `Display` (numbers, booleans, dates, string
    // enums), except for base64 bytes.
    let parses = |ty: &TypeRef| {
        resolve_alias(types, ty) != TypeRef::Base64 && text_form(types, ty) == TextForm::Display
    };
    match resolve_alias(types, ty) {
        TypeRef::String => (TypeRef::String, HeaderDecode::Text),
        TypeRef::DateTime(_) => (ty.clone(), HeaderDecode::DateTime),
        TypeRef::Array(item) if parses(&item) => (ty.clone(), HeaderDecode::List),
        resolved if parses(&resolved) => (ty.clone(), HeaderDecode::Parse),
        _ => (TypeRef::String, HeaderDecode::Text),
    }
}

/// Follows `pub type A = B;` chains to the underlying type. Bounded by the number of types,
/// so an alias cycle (reported as an error elsewhere) cannot loop.
pub(super) fn resolve_alias(types: &BTreeMap<String, TypeDef>, ty: &TypeRef) -> TypeRef {
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

pub(super) fn is_enum(types: &BTreeMap<String, TypeDef>, name: &str) -> bool {
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
            def(
                "Object",
                TypeKind::Struct(crate::model::StructDef {
                    fields: Vec::new(),
                    default: true,
                    serde: crate::model::SerdeImpls::BOTH,
                }),
            ),
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
    fn serde_writes_only_exploded_form_of_values_with_a_text_form() {
        let types = types();
        let named = |name: &str| TypeRef::Named(name.to_owned());
        let list = |item: TypeRef| TypeRef::Array(Box::new(item));
        let styling = |style, explode| Styling { style, explode };
        let form = styling(ParamStyle::Form, true);
        assert_eq!(
            query_send(&types, &named("Kinds"), form, false, false),
            None
        );
        assert_eq!(query_send(&types, &TypeRef::I64, form, false, false), None);
        let unexploded = styling(ParamStyle::Form, false);
        // A scalar reads the same either way; a list does not (`id=1,2`).
        assert_eq!(
            query_send(&types, &named("Count"), unexploded, false, false),
            None
        );
        let list_unexploded = query_send(&types, &list(TypeRef::I64), unexploded, false, false);
        assert!(matches!(list_unexploded, Some(SendAs::Query { .. })));
        let object = query_send(&types, &named("Object"), form, false, false);
        assert!(matches!(object, Some(SendAs::Query { .. })));
        let reserved = query_send(&types, &TypeRef::String, form, true, false);
        assert!(matches!(
            reserved,
            Some(SendAs::Query {
                allow_reserved: true,
                ..
            })
        ));
        let pipes = styling(ParamStyle::PipeDelimited, false);
        assert!(query_send(&types, &named("Kinds"), pipes, false, false).is_some());
        assert_eq!(
            query_send(&types, &TypeRef::String, form, false, true),
            Some(SendAs::QueryJson)
        );
    }

    #[test]
    fn path_and_header_values_with_a_text_form_are_written_as_text() {
        let types = types();
        let named = |name: &str| TypeRef::Named(name.to_owned());
        let simple = Styling {
            style: ParamStyle::Simple,
            explode: true,
        };
        let label = Styling {
            style: ParamStyle::Label,
            explode: false,
        };
        assert_eq!(path_styling(&types, &named("Kinds"), simple), None);
        assert_eq!(path_styling(&types, &named("Kinds"), label), Some(label));
        assert_eq!(path_styling(&types, &named("Object"), simple), Some(simple));
        assert_eq!(
            header_send(&types, &named("KindAlias"), false, false),
            SendAs::HeaderText(TextForm::Display)
        );
        assert_eq!(
            header_send(&types, &TypeRef::Map(Box::new(TypeRef::I64)), true, false),
            SendAs::Header { explode: true }
        );
        assert_eq!(
            header_send(&types, &TypeRef::I64, false, true),
            SendAs::HeaderJson
        );
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
