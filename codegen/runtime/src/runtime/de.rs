//! Decoding of generated structs without serde's derive: a generated struct implements
//! [`DecodeFields`] (one loop over the object's keys through [`Keys`], each value read into
//! the field's slot, or straight into the field of a struct whose fields are all `Option`s)
//! and its `Deserialize` calls [`decode_struct`].
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
struct FieldIndex(&'static [&'static str]);

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

/// One object being decoded into a struct, read key by key: each key is matched to the index
/// of the field with that wire name ([`next_field`](Self::next_field)), a key seen twice is
/// ``duplicate field `x` `` (as with serde's derive, raised when the key is read), and each
/// value is read into its field's slot or straight into an `Option` field.
pub struct Keys<A> {
    map: A,
    names: &'static [&'static str],
    /// Fields 0 to 63 seen so far, one bit each.
    seen: u64,
    /// Fields from 64 on (a rare struct that large), 64 a word; empty until needed.
    seen_beyond: Vec<u64>,
}

impl<'de, A: MapAccess<'de>> Keys<A> {
    /// The entries of `map`, for a struct whose fields have these wire names, in field order.
    pub fn new(map: A, names: &'static [&'static str]) -> Self {
        Keys {
            map,
            names,
            seen: 0,
            seen_beyond: Vec::new(),
        }
    }

    /// The index of the next key's field, or the number of fields for a key the struct does
    /// not have (its value is then to be skipped with [`skip_value`](Self::skip_value));
    /// `None` after the last key.
    pub fn next_field(&mut self) -> Result<Option<usize>, A::Error> {
        let Some(found) = self.map.next_key_seed(FieldIndex(self.names))? else {
            return Ok(None);
        };
        let Some(index) = found else {
            return Ok(Some(self.names.len()));
        };
        if self.mark_seen(index) {
            return Err(de::Error::duplicate_field(self.names[index]));
        }
        Ok(Some(index))
    }

    /// Marks field `index` seen; whether it had been seen before.
    fn mark_seen(&mut self, index: usize) -> bool {
        let (word, bit) = (index / 64, 1u64 << (index % 64));
        let seen = if word == 0 {
            &mut self.seen
        } else {
            if self.seen_beyond.len() < word {
                self.seen_beyond.resize(word, 0);
            }
            &mut self.seen_beyond[word - 1]
        };
        let before = *seen & bit != 0;
        *seen |= bit;
        before
    }

    /// The value of the required field `index`, or ``missing field `name` ``.
    pub fn required<T>(&self, slot: Option<T>, index: usize) -> Result<T, A::Error> {
        slot.ok_or_else(|| {
            de::Error::missing_field(self.names.get(index).copied().unwrap_or_default())
        })
    }

    /// Reads the current value into the slot of a required field (`None` until read).
    pub fn read<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>) -> Result<(), A::Error> {
        *slot = Some(self.map.next_value()?);
        Ok(())
    }

    /// [`read`](Self::read) of a date-time in either format (RFC 3339 or RFC 2822), as
    /// [`rfc3339`](super::datetime::rfc3339) reads it.
    pub fn read_date(&mut self, slot: &mut Option<DateTime<Utc>>) -> Result<(), A::Error> {
        *slot = Some(self.map.next_value_seed(DateTimeField)?);
        Ok(())
    }

    /// [`read`](Self::read) of an `f64` given as a number or a numeric string
    /// ([`f64_or_string`](super::number::f64_or_string)).
    pub fn read_number(&mut self, slot: &mut Option<f64>) -> Result<(), A::Error> {
        *slot = Some(self.map.next_value_seed(NumberOrStringField)?);
        Ok(())
    }

    /// Reads the current value into an `Option` field (`null` is `None`, as a missing key
    /// leaves it).
    pub fn read_option<T: Deserialize<'de>>(
        &mut self,
        field: &mut Option<T>,
    ) -> Result<(), A::Error> {
        *field = self.map.next_value()?;
        Ok(())
    }

    /// [`read_option`](Self::read_option) of a date-time, as [`read_date`](Self::read_date)
    /// reads it.
    pub fn read_option_date(&mut self, field: &mut Option<DateTime<Utc>>) -> Result<(), A::Error> {
        *field = self.map.next_value_seed(OptionDateTimeField)?;
        Ok(())
    }

    /// [`read_option`](Self::read_option) of a number, as [`read_number`](Self::read_number)
    /// reads it.
    pub fn read_option_number(&mut self, field: &mut Option<f64>) -> Result<(), A::Error> {
        *field = self.map.next_value_seed(OptionNumberOrStringField)?;
        Ok(())
    }

    /// Skips the current value (of a key the struct does not have).
    pub fn skip_value(&mut self) -> Result<(), A::Error> {
        self.map.next_value::<IgnoredAny>().map(|_| ())
    }
}

/// Decodes a date-time in either format (RFC 3339 or RFC 2822), as
/// [`rfc3339`](super::datetime::rfc3339) and [`rfc2822`](super::datetime::rfc2822) read it.
struct DateTimeField;

impl<'de> DeserializeSeed<'de> for DateTimeField {
    type Value = DateTime<Utc>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        super::datetime::rfc3339::deserialize(deserializer)
    }
}

/// [`DateTimeField`], or `None` for `null`.
struct OptionDateTimeField;

impl<'de> DeserializeSeed<'de> for OptionDateTimeField {
    type Value = Option<DateTime<Utc>>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        super::datetime::rfc3339_option::deserialize(deserializer)
    }
}

/// Decodes an `f64` from a number or a numeric string
/// ([`f64_or_string`](super::number::f64_or_string)).
struct NumberOrStringField;

impl<'de> DeserializeSeed<'de> for NumberOrStringField {
    type Value = f64;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        super::number::f64_or_string(deserializer)
    }
}

/// [`NumberOrStringField`], or `None` for `null`.
struct OptionNumberOrStringField;

impl<'de> DeserializeSeed<'de> for OptionNumberOrStringField {
    type Value = Option<f64>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        super::number::option_f64_or_string(deserializer)
    }
}
