//! Any `Serialize` value as a [`ParamValue`] tree, so generated parameter
//! types go through `serde` once (their `rename`s and `skip`s included).
//!
//! Primitives become text (`true`, `100`, `1.5`, a unit enum variant's wire
//! name); sequences and tuples become lists; maps and structs become objects
//! in field order; an enum variant with data becomes `{variant: data}` (as
//! in JSON). `None` and `()` are "absent": a field or item holding one is
//! left out, and a parameter holding one is not sent. Bytes and non-finite
//! floats are refused.

use std::fmt;

use serde::ser::{self, Serialize};

use super::style::ParamValue;

/// `value` as a parameter tree; `None` when it is absent (`None`, `()`).
///
/// The error says what cannot be expressed (e.g. a byte string).
pub fn to_param_value<T: Serialize + ?Sized>(value: &T) -> Result<Option<ParamValue>, String> {
    value.serialize(ValueSerializer).map_err(|e| e.0)
}

impl Serialize for ParamValue {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use ser::{SerializeMap, SerializeSeq};
        match self {
            ParamValue::Text(text) => serializer.serialize_str(text),
            ParamValue::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            ParamValue::Object(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (key, value) in fields {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

/// Why a value cannot be a parameter.
#[derive(Debug)]
pub(super) struct ParamError(pub(super) String);

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ParamError {}

impl ser::Error for ParamError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ParamError(msg.to_string())
    }
}

type Out = Result<Option<ParamValue>, ParamError>;

fn text(value: impl fmt::Display) -> Out {
    Ok(Some(ParamValue::Text(value.to_string())))
}

fn float(value: f64) -> Out {
    if value.is_finite() {
        text(value)
    } else {
        Err(ParamError(
            "a parameter cannot be NaN or infinite".to_owned(),
        ))
    }
}

/// `{variant: value}` for enum variants with data.
fn tagged(variant: &'static str, value: Option<ParamValue>) -> Option<ParamValue> {
    value.map(|value| ParamValue::Object(vec![(variant.to_owned(), value)]))
}

struct ValueSerializer;

/// Collects list items.
struct ListBuilder {
    items: Vec<ParamValue>,
    variant: Option<&'static str>,
}

/// Collects object fields.
struct ObjectBuilder {
    fields: Vec<(String, ParamValue)>,
    key: Option<String>,
    variant: Option<&'static str>,
}

impl ser::Serializer for ValueSerializer {
    type Ok = Option<ParamValue>;
    type Error = ParamError;
    type SerializeSeq = ListBuilder;
    type SerializeTuple = ListBuilder;
    type SerializeTupleStruct = ListBuilder;
    type SerializeTupleVariant = ListBuilder;
    type SerializeMap = ObjectBuilder;
    type SerializeStruct = ObjectBuilder;
    type SerializeStructVariant = ObjectBuilder;

    fn serialize_bool(self, v: bool) -> Out {
        text(v)
    }
    fn serialize_i8(self, v: i8) -> Out {
        text(v)
    }
    fn serialize_i16(self, v: i16) -> Out {
        text(v)
    }
    fn serialize_i32(self, v: i32) -> Out {
        text(v)
    }
    fn serialize_i64(self, v: i64) -> Out {
        text(v)
    }
    fn serialize_i128(self, v: i128) -> Out {
        text(v)
    }
    fn serialize_u8(self, v: u8) -> Out {
        text(v)
    }
    fn serialize_u16(self, v: u16) -> Out {
        text(v)
    }
    fn serialize_u32(self, v: u32) -> Out {
        text(v)
    }
    fn serialize_u64(self, v: u64) -> Out {
        text(v)
    }
    fn serialize_u128(self, v: u128) -> Out {
        text(v)
    }
    fn serialize_f32(self, v: f32) -> Out {
        if v.is_finite() {
            text(v)
        } else {
            float(f64::from(v))
        }
    }
    fn serialize_f64(self, v: f64) -> Out {
        float(v)
    }
    fn serialize_char(self, v: char) -> Out {
        text(v)
    }
    fn serialize_str(self, v: &str) -> Out {
        text(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Out {
        Err(ParamError(
            "bytes cannot be a parameter (encode them as text first)".to_owned(),
        ))
    }
    fn serialize_none(self) -> Out {
        Ok(None)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Out {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Out {
        Ok(None)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Out {
        Ok(None)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Out {
        text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Out {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Out {
        Ok(tagged(variant, value.serialize(self)?))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<ListBuilder, ParamError> {
        Ok(ListBuilder {
            items: Vec::with_capacity(len.unwrap_or(0)),
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<ListBuilder, ParamError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<ListBuilder, ParamError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<ListBuilder, ParamError> {
        Ok(ListBuilder {
            items: Vec::with_capacity(len),
            variant: Some(variant),
        })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<ObjectBuilder, ParamError> {
        Ok(ObjectBuilder {
            fields: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
            variant: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<ObjectBuilder, ParamError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<ObjectBuilder, ParamError> {
        Ok(ObjectBuilder {
            fields: Vec::with_capacity(len),
            key: None,
            variant: Some(variant),
        })
    }
}

impl ListBuilder {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ParamError> {
        if let Some(value) = value.serialize(ValueSerializer)? {
            self.items.push(value);
        }
        Ok(())
    }
    fn finish(self) -> Out {
        let list = Some(ParamValue::List(self.items));
        Ok(match self.variant {
            Some(variant) => tagged(variant, list),
            None => list,
        })
    }
}

/// The four list-shaped serde traits, which differ only in their method names.
macro_rules! list_impls {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for ListBuilder {
            type Ok = Option<ParamValue>;
            type Error = ParamError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ParamError> {
                self.push(value)
            }
            fn end(self) -> Out {
                self.finish()
            }
        }
    )*};
}

list_impls!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ObjectBuilder {
    fn field<T: Serialize + ?Sized>(&mut self, key: String, value: &T) -> Result<(), ParamError> {
        if let Some(value) = value.serialize(ValueSerializer)? {
            self.fields.push((key, value));
        }
        Ok(())
    }
    fn finish(self) -> Out {
        let object = Some(ParamValue::Object(self.fields));
        Ok(match self.variant {
            Some(variant) => tagged(variant, object),
            None => object,
        })
    }
}

impl ser::SerializeMap for ObjectBuilder {
    type Ok = Option<ParamValue>;
    type Error = ParamError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), ParamError> {
        match key.serialize(ValueSerializer)? {
            Some(ParamValue::Text(key)) => {
                self.key = Some(key);
                Ok(())
            }
            _ => Err(ParamError(
                "a map key of a parameter must be a string, number or boolean".to_owned(),
            )),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), ParamError> {
        let key = self.key.take().unwrap_or_default();
        self.field(key, value)
    }
    fn end(self) -> Out {
        self.finish()
    }
}

/// The two struct-shaped serde traits.
macro_rules! struct_impls {
    ($($trait:ident),*) => {$(
        impl ser::$trait for ObjectBuilder {
            type Ok = Option<ParamValue>;
            type Error = ParamError;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Result<(), ParamError> {
                self.field(key.to_owned(), value)
            }
            fn end(self) -> Out {
                self.finish()
            }
        }
    )*};
}

struct_impls!(SerializeStruct, SerializeStructVariant);
