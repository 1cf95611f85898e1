//! YAML read into a generic value whatever its numbers.
//!
//! `serde_yaml::Value` refuses integers beyond 64 bits (serde_yaml hands them over as
//! `i128`/`u128`, which neither its value type nor serde_json's takes). Such numbers occur in
//! real specs (`minimum: -9223372036854776000`), so this reader takes every YAML value and
//! keeps those integers as the nearest `f64`, like serde_json does for JSON text. Mapping keys
//! that are not strings (`200:`) are stringified.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Reads YAML `text` into a generic value, with numbers beyond 64 bits as `f64`.
pub(super) fn from_yaml(text: &str) -> Result<Value, String> {
    LooseValue
        .deserialize(serde_yaml::Deserializer::from_str(text))
        .map_err(|e| e.to_string())
}

struct LooseValue;

impl<'de> DeserializeSeed<'de> for LooseValue {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

fn float(f: f64) -> Value {
    // Infinities and NaN have no JSON form.
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

impl<'de> Visitor<'de> for LooseValue {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }
    #[allow(clippy::cast_precision_loss)]
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    #[allow(clippy::cast_precision_loss)]
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(LooseValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Map::new();
        while let Some(key) = map.next_key_seed(LooseValue)? {
            let key = match key {
                Value::String(s) => s,
                Value::Null => "null".to_owned(),
                other => other.to_string(),
            };
            let value = map.next_value_seed(LooseValue)?;
            entries.insert(key, value);
        }
        Ok(Value::Object(entries))
    }
    /// A tagged value (`!tag value`): the tag is dropped, as `yaml_to_json` does.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (_tag, variant) = data.variant_seed(LooseValue)?;
        de::VariantAccess::newtype_variant_seed(variant, LooseValue)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_number() {
        let value =
            from_yaml("a: -9223372036854776000\nb: 99999999999999999999999\nc: 1\n200: x\n")
                .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(value["a"], serde_json::json!(-9.223372036854776e18));
        assert_eq!(value["b"], serde_json::json!(1e23));
        assert_eq!(value["c"], serde_json::json!(1));
        assert_eq!(value["200"], serde_json::json!("x"));
    }
}
