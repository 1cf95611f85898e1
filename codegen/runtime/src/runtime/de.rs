//! Decoding of generated structs without serde's derive: a generated struct implements
//! [`DecodeFields`] (one loop over the object's keys) and its `Deserialize` calls
//! [`decode_struct`].
//!
//! Why: serde's derive writes, per struct, a field-identifier enum with its own visitor, a
//! sequence visitor and a map visitor; in a large client those are most of the compile time.
//! Here the visitor and the key matching are written once, generic over the struct, and each
//! struct only spells its fields. Decoding is what the derive does for a JSON object: keys
//! matched by wire name, unknown keys skipped, a missing `Option` field `None`, a missing
//! required field ``missing field `x` ``, a repeated key ``duplicate field `x` ``. The one
//! difference: a JSON array is not read as the struct's fields in order (the derive allows
//! that; no API sends it).

use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, Utc};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A struct decoded from an object's fields by generated code.
pub trait DecodeFields: Sized {
    /// The struct's name, for "invalid type: …, expected struct `NAME`".
    const NAME: &'static str;

    /// Reads every entry of `map` and builds the struct.
    fn decode_fields<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of a [`DecodeFields`] struct: an object, read by
/// [`DecodeFields::decode_fields`].
pub fn decode_struct<'de, T: DecodeFields, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(StructVisitor(PhantomData))
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: DecodeFields> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::decode_fields(map)
    }
}

/// A key of the object, as the index of the field with that wire name among a struct's
/// fields (`None` for a key the struct does not have). Matched without allocating.
pub struct FieldIndex(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldIndex {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldIndex {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| *name == key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == key))
    }
}

/// Reads the current entry's value into `slot`; a second value for the same field is an
/// error, as with serde's derive.
pub fn next_value<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// [`next_value`] through a decoding helper (`seed`) instead of the type's own
/// `Deserialize`.
pub fn next_value_seed<'de, A: MapAccess<'de>, S: DeserializeSeed<'de>>(
    map: &mut A,
    slot: &mut Option<S::Value>,
    name: &'static str,
    seed: S,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value_seed(seed)?);
    Ok(())
}

/// Skips the current entry's value (a key the struct does not have).
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of a required field, or ``missing field `name` ``.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

/// The value of an `Option` field: `None` when the key was missing or `null`.
pub fn optional<T>(slot: Option<Option<T>>) -> Option<T> {
    slot.flatten()
}

/// Decodes a date-time in either format (RFC 3339 or RFC 2822), as
/// [`rfc3339`](super::datetime::rfc3339) and [`rfc2822`](super::datetime::rfc2822) read it.
pub struct DateTimeField;

impl<'de> DeserializeSeed<'de> for DateTimeField {
    type Value = DateTime<Utc>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        super::datetime::rfc3339::deserialize(deserializer)
    }
}

/// [`DateTimeField`], or `None` for `null`.
pub struct OptionDateTimeField;

impl<'de> DeserializeSeed<'de> for OptionDateTimeField {
    type Value = Option<DateTime<Utc>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        super::datetime::rfc3339_option::deserialize(deserializer)
    }
}

/// Decodes an `f64` from a number or a numeric string
/// ([`f64_or_string`](super::number::f64_or_string)).
pub struct NumberOrStringField;

impl<'de> DeserializeSeed<'de> for NumberOrStringField {
    type Value = f64;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        super::number::f64_or_string(deserializer)
    }
}

/// [`NumberOrStringField`], or `None` for `null`.
pub struct OptionNumberOrStringField;

impl<'de> DeserializeSeed<'de> for OptionNumberOrStringField {
    type Value = Option<f64>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        super::number::option_f64_or_string(deserializer)
    }
}
