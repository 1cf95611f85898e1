//! Wire-encoding decisions: how a value is present and which serde helper a field needs.
//!
//! They are made here, once, so the emitter only spells what the model says.

use crate::model::{Codec, Presence, TypeRef};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::DateTimeFormat;

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
