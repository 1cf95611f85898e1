//! Lenient decoding of `number` fields, used as
//! `#[serde(deserialize_with = "::specweave_runtime::__private::f64_or_string")]`.
//!
//! Twilio declares amounts such as `price` as `type: number` but sends them as strings
//! (`"-0.0025"`), its own examples included. A JSON number or a string holding one both
//! decode; anything else is a decode error that says what was expected. Serialization is
//! untouched (a number).

use serde::de::{self, Deserializer, Visitor};
use std::fmt;

struct NumberOrString;

impl Visitor<'_> for NumberOrString {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number, or a string holding a number")
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<f64, E> {
        Ok(value)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<f64, E> {
        Ok(value as f64)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<f64, E> {
        Ok(value as f64)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<f64, E> {
        value
            .trim()
            .parse()
            .map_err(|_| E::invalid_value(de::Unexpected::Str(value), &self))
    }
}

struct OptionalNumberOrString;

impl<'de> Visitor<'de> for OptionalNumberOrString {
    type Value = Option<f64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("null, a number, or a string holding a number")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        f64_or_string(deserializer).map(Some)
    }
}

/// `f64` from a JSON number or a numeric string.
pub fn f64_or_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    deserializer.deserialize_any(NumberOrString)
}

/// `Option<f64>` from null, a JSON number or a numeric string.
pub fn option_f64_or_string<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<f64>, D::Error> {
    deserializer.deserialize_option(OptionalNumberOrString)
}
