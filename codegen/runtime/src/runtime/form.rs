//! Form bodies (`application/x-www-form-urlencoded`) whose properties are not all flat:
//! per-property encodings the generator read from the spec ([`FormField`]).
//!
//! A property without one is encoded as [`Request::form`] encodes every property (serde's
//! form encoding: `name=value`, arrays as repeated keys `K=a&K=b`, Twilio's convention), so a
//! body only differs from `form`'s in the properties that need it:
//!
//! - Twilio's `serialize.object` ([`FormField::Json`]): an object property with no `encoding`
//!   is sent as its JSON text;
//! - Twilio's `prefixed-collapsible-map-{Prefix}` ([`FormField::PrefixedMap`]): a map's
//!   entries as `{Prefix}.{key}=value`, nested maps' keys joined with `.`, the property's own
//!   name not sent (also in a query string: [`Request::query_prefixed_map`]);
//! - an `encoding` object's `style` and `explode` ([`FormField::Styled`]): rendered as the
//!   same style in a query string is (see [`style`](super::style)), so `deepObject` nests as
//!   `card%5Bnumber%5D=…&items%5B0%5D%5Bprice%5D=…`, which form parsers decode to
//!   `card[number]` and `items[0][price]` before reading the brackets.

use serde::ser::{self, Impossible, Serialize, SerializeMap};

// The errors of both are a reason, serde's `custom` messages included.
use super::param_serde::{to_param_value, ParamError as FormError};
use super::request::Request;
use super::style::{self, ParamValue, Style};
use super::Error;

/// How one property of a form body is encoded, when not as `name=value` pairs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormField {
    /// Objects and arrays as their JSON text, anything else as its text (Twilio's
    /// `serialize.object`).
    Json,
    /// The entries of a map as `{prefix}.{key}=value` (nested maps' keys joined with `.`,
    /// arrays as repeated keys), the property's own name not sent (Twilio's
    /// `prefixed-collapsible-map-{prefix}`).
    PrefixedMap(&'static str),
    /// A style (`form`, `spaceDelimited`, `pipeDelimited`, `deepObject`) and `explode`, from
    /// the body's `encoding` object.
    Styled(Style, bool),
}

impl Request {
    /// Sets an `application/x-www-form-urlencoded` body: [`form`](Self::form)'s encoding,
    /// except for the properties named in `fields` (by their name on the wire), which are
    /// encoded as given there. `body` must serialize as a struct or a map.
    pub fn form_fields<T: Serialize + ?Sized>(
        self,
        body: &T,
        fields: &[(&'static str, FormField)],
    ) -> Self {
        let mut encoder = FormEncoder {
            fields,
            out: String::new(),
        };
        match body.serialize(&mut encoder) {
            Ok(()) => self.with_form_body(encoder.out.into_bytes()),
            Err(FormError(reason)) => self.fail(Error::Encode(format!("form body: {reason}"))),
        }
    }

    /// Appends the entries of map `value` to the query string as `{prefix}.{key}=value`
    /// (Twilio's `prefixed-collapsible-map-{prefix}`; see [`FormField::PrefixedMap`]);
    /// `None` is not sent. `name` is the parameter's, for errors only.
    pub fn query_prefixed_map<T: Serialize + ?Sized>(
        self,
        name: &str,
        prefix: &str,
        value: &T,
    ) -> Self {
        let pairs = match to_param_value(value) {
            Ok(Some(value)) => prefixed_pairs(prefix, &value),
            Ok(None) => Ok(Vec::new()),
            Err(reason) => Err(reason),
        };
        let mut request = self;
        match pairs {
            Ok(pairs) => {
                for (key, value) in pairs {
                    request = request.query_param(&key, Style::Form, true, false, &value);
                }
                request
            }
            Err(reason) => request.fail(Error::invalid_parameter(name, reason)),
        }
    }
}

/// `{prefix}.{key}` pairs of a prefixed-collapsible map: nested objects flattened with `.`,
/// texts and lists of texts as they are (a list is sent as repeated keys).
fn prefixed_pairs(prefix: &str, value: &ParamValue) -> Result<Vec<(String, ParamValue)>, String> {
    fn flatten(key: String, value: &ParamValue, out: &mut Vec<(String, ParamValue)>) {
        match value {
            ParamValue::Object(fields) => {
                for (field, item) in fields {
                    flatten(format!("{key}.{field}"), item, out);
                }
            }
            other => out.push((key, other.clone())),
        }
    }
    let ParamValue::Object(_) = value else {
        return Err(format!("a `{prefix}.` map must be an object"));
    };
    let mut out = Vec::new();
    flatten(prefix.to_owned(), value, &mut out);
    if let Some((key, _)) = out.iter().find(|(_, value)| match value {
        ParamValue::List(items) => items.iter().any(|i| !matches!(i, ParamValue::Text(_))),
        _ => false,
    }) {
        return Err(format!("`{key}` holds a list of lists or objects"));
    }
    Ok(out)
}

/// The body's top level (a struct or map), one property at a time.
struct FormEncoder<'f> {
    fields: &'f [(&'static str, FormField)],
    out: String,
}

/// A map entry on its own, so serde's form encoding writes one property exactly as it writes
/// it inside the whole struct.
struct Entry<'a, T: ?Sized>(&'a str, &'a T);

impl<T: Serialize + ?Sized> Serialize for Entry<'_, T> {
    fn serialize<S: ser::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, self.1)?;
        map.end()
    }
}

impl FormEncoder<'_> {
    fn property<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), FormError> {
        let field = self
            .fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, f)| *f);
        let encoded = match field {
            None => serde_html_form::to_string(Entry(name, value))
                .map_err(|e| FormError(format!("`{name}`: {e}")))?,
            Some(field) => {
                let Some(tree) =
                    to_param_value(value).map_err(|e| FormError(format!("`{name}`: {e}")))?
                else {
                    return Ok(());
                };
                match field {
                    FormField::Json => {
                        let text = match tree {
                            ParamValue::Text(text) => text,
                            _ => serde_json::to_string(value)
                                .map_err(|e| FormError(format!("`{name}`: {e}")))?,
                        };
                        pairs(&[(name, text.as_str())])?
                    }
                    FormField::PrefixedMap(prefix) => {
                        let mut flat: Vec<(String, String)> = Vec::new();
                        for (key, item) in prefixed_pairs(prefix, &tree).map_err(FormError)? {
                            match item {
                                ParamValue::Text(text) => flat.push((key, text)),
                                ParamValue::List(items) => {
                                    flat.extend(items.into_iter().filter_map(|i| match i {
                                        ParamValue::Text(text) => Some((key.clone(), text)),
                                        _ => None,
                                    }))
                                }
                                ParamValue::Object(_) => {}
                            }
                        }
                        pairs(&flat)?
                    }
                    FormField::Styled(style, explode) => {
                        let mut out = String::new();
                        style::append_query(&mut out, name, style, explode, false, &tree)
                            .map_err(|e| FormError(format!("`{name}`: {e}")))?;
                        out
                    }
                }
            }
        };
        if !encoded.is_empty() {
            if !self.out.is_empty() {
                self.out.push('&');
            }
            self.out.push_str(&encoded);
        }
        Ok(())
    }
}

/// `pairs` in serde's form encoding (the one of properties without a [`FormField`]).
fn pairs<K: AsRef<str>, V: AsRef<str>>(pairs: &[(K, V)]) -> Result<String, FormError> {
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    serde_html_form::to_string(pairs).map_err(|e| FormError(e.to_string()))
}

/// The top-level value is not a struct or map.
fn not_an_object<T>() -> Result<T, FormError> {
    Err(FormError("a form body must be an object".to_owned()))
}

/// Every `Serializer` method that cannot be a form body's top level.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*) -> $ret:ty;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<$ret, FormError> {
            not_an_object()
        }
    )*};
}

impl<'a, 'f> ser::Serializer for &'a mut FormEncoder<'f> {
    type Ok = ();
    type Error = FormError;
    type SerializeSeq = Impossible<(), FormError>;
    type SerializeTuple = Impossible<(), FormError>;
    type SerializeTupleStruct = Impossible<(), FormError>;
    type SerializeTupleVariant = Impossible<(), FormError>;
    type SerializeMap = MapEncoder<'a, 'f>;
    type SerializeStruct = &'a mut FormEncoder<'f>;
    type SerializeStructVariant = Impossible<(), FormError>;

    refuse! {
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_str(&str) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_unit_struct(&'static str) -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    /// No body fields: an empty body.
    fn serialize_none(self) -> Result<(), FormError> {
        Ok(())
    }
    fn serialize_unit(self) -> Result<(), FormError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), FormError> {
        value.serialize(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), FormError> {
        not_an_object()
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapEncoder<'a, 'f>, FormError> {
        Ok(MapEncoder {
            encoder: self,
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, FormError> {
        Ok(self)
    }
}

impl ser::SerializeStruct for &mut FormEncoder<'_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        self.property(key, value)
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

/// A map body: each entry is a property named by its key.
struct MapEncoder<'a, 'f> {
    encoder: &'a mut FormEncoder<'f>,
    key: Option<String>,
}

impl SerializeMap for MapEncoder<'_, '_> {
    type Ok = ();
    type Error = FormError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), FormError> {
        match to_param_value(key).map_err(FormError)? {
            Some(ParamValue::Text(key)) => {
                self.key = Some(key);
                Ok(())
            }
            _ => Err(FormError(
                "a key of a form body must be a string, number or boolean".to_owned(),
            )),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        let key = self.key.take().unwrap_or_default();
        self.encoder.property(&key, value)
    }
    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}
