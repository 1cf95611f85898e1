//! The written-out struct decoding (`DecodeFields`) against serde's derive: the same values
//! and the same error messages for every kind of object a server sends.

use chrono::{DateTime, Utc};
use serde::de::MapAccess;
use serde::Deserialize;

use crate::__private::{decode_struct, DecodeFields, Keys};

/// What serde's derive makes of the fields a generated struct has: required, optional,
/// nullable, renamed, a lenient number and a date-time through the runtime's helpers.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(crate = "serde")]
struct Derived {
    #[serde(rename = "Name")]
    name: String,
    count: Option<i64>,
    #[serde(default)]
    note: Option<String>,
    #[serde(deserialize_with = "crate::__private::f64_or_string")]
    price: f64,
    #[serde(default, with = "crate::__private::rfc3339_option")]
    at: Option<DateTime<Utc>>,
    nested: Option<Box<Derived>>,
}

/// The same fields, decoded as generated code does.
#[derive(Debug, PartialEq)]
struct Written {
    name: String,
    count: Option<i64>,
    note: Option<String>,
    price: f64,
    at: Option<DateTime<Utc>>,
    nested: Option<Box<Written>>,
}

impl DecodeFields for Written {
    const NAME: &'static str = "Derived";

    fn decode_fields<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        const FIELDS: &[&str] = &["Name", "count", "note", "price", "at", "nested"];
        let mut f0 = None;
        let mut f1 = None;
        let mut f2 = None;
        let mut f3 = None;
        let mut f4 = None;
        let mut f5 = None;
        let mut keys = Keys::new(map, FIELDS);
        while let Some(field) = keys.next_field()? {
            match field {
                0 => keys.read(&mut f0),
                1 => keys.read_option(&mut f1),
                2 => keys.read_option(&mut f2),
                3 => keys.read_number(&mut f3),
                4 => keys.read_option_date(&mut f4),
                5 => keys.read_option(&mut f5),
                _ => keys.skip_value(),
            }?;
        }
        Ok(Self {
            name: keys.required(f0, 0)?,
            count: f1,
            note: f2,
            price: keys.required(f3, 3)?,
            at: f4,
            nested: f5,
        })
    }
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decode_struct(deserializer)
    }
}

fn same(derived: &Derived, written: &Written) -> bool {
    derived.name == written.name
        && derived.count == written.count
        && derived.note == written.note
        && derived.price.to_bits() == written.price.to_bits()
        && derived.at == written.at
        && match (&derived.nested, &written.nested) {
            (Some(d), Some(w)) => same(d, w),
            (None, None) => true,
            _ => false,
        }
}

#[test]
fn written_decoding_matches_the_derive_value_for_value_and_error_for_error() {
    let cases = [
        // Everything, in another order, with unknown keys of every JSON kind between.
        r#"{"x": {"deep": [1, {"y": null}]}, "price": "1.25", "Name": "a", "count": 3,
            "note": "n", "at": "Thu, 30 Jul 2015 20:00:00 +0000", "z": [true],
            "nested": {"Name": "b", "price": 2}}"#,
        // Only the required fields; optional ones missing, null, or null through a helper.
        r#"{"Name": "a", "price": 0}"#,
        r#"{"Name": "a", "price": 1e3, "count": null, "note": null, "at": null, "nested": null}"#,
        // Missing required fields, wrong types, a repeated key, bad helper input.
        r#"{"price": 1}"#,
        r#"{"Name": "a"}"#,
        r#"{"Name": 5, "price": 1}"#,
        r#"{"Name": "a", "price": 1, "count": "3"}"#,
        r#"{"Name": "a", "Name": "b", "price": 1}"#,
        r#"{"Name": "a", "price": "cheap"}"#,
        r#"{"Name": "a", "price": 1, "at": "yesterday"}"#,
        r#"{"Name": "a", "price": 1, "nested": {"price": 1}}"#,
        // Not an object at all.
        r#""text""#,
        "null",
        "{}",
        r#"{"Name": "a", "price": 1"#,
    ];
    for case in cases {
        let derived = serde_json::from_str::<Derived>(case);
        let written = serde_json::from_str::<Written>(case);
        match (&derived, &written) {
            (Ok(d), Ok(w)) => assert!(same(d, w), "{case}: {d:?} vs {w:?}"),
            (Err(d), Err(w)) => assert_eq!(d.to_string(), w.to_string(), "{case}"),
            _ => panic!("{case}: derive {derived:?}, written {written:?}"),
        }
        // From a `serde_json::Value` too (tagged unions decode their alternative from one).
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(case) {
            let derived = serde_json::from_value::<Derived>(value.clone());
            let written = serde_json::from_value::<Written>(value);
            match (&derived, &written) {
                (Ok(d), Ok(w)) => assert!(same(d, w), "{case}: {d:?} vs {w:?}"),
                (Err(d), Err(w)) => assert_eq!(d.to_string(), w.to_string(), "{case}"),
                _ => panic!("{case} (value): derive {derived:?}, written {written:?}"),
            }
        }
    }
}

/// A struct of `Option` fields only, as serde's derive decodes it.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(crate = "serde")]
struct DerivedOptional {
    #[serde(rename = "Name")]
    name: Option<String>,
    #[serde(default, deserialize_with = "crate::__private::option_f64_or_string")]
    price: Option<f64>,
    #[serde(default, with = "crate::__private::rfc3339_option")]
    at: Option<DateTime<Utc>>,
    nested: Option<Box<DerivedOptional>>,
}

/// The same struct decoded as generated code does: starting from `Default`, each value read
/// straight into its field.
#[derive(Debug, PartialEq, Default)]
struct WrittenOptional {
    name: Option<String>,
    price: Option<f64>,
    at: Option<DateTime<Utc>>,
    nested: Option<Box<WrittenOptional>>,
}

impl DecodeFields for WrittenOptional {
    const NAME: &'static str = "DerivedOptional";

    fn decode_fields<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        const FIELDS: &[&str] = &["Name", "price", "at", "nested"];
        let mut value = Self::default();
        let mut keys = Keys::new(map, FIELDS);
        while let Some(field) = keys.next_field()? {
            match field {
                0 => keys.read_option(&mut value.name),
                1 => keys.read_option_number(&mut value.price),
                2 => keys.read_option_date(&mut value.at),
                3 => keys.read_option(&mut value.nested),
                _ => keys.skip_value(),
            }?;
        }
        Ok(value)
    }
}

impl<'de> Deserialize<'de> for WrittenOptional {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decode_struct(deserializer)
    }
}

#[test]
fn written_decoding_of_option_fields_matches_the_derive() {
    let cases = [
        r#"{"Name": "a", "price": "2.5", "at": "2015-07-30T20:00:00Z", "x": [1],
            "nested": {"price": 1, "nested": null}}"#,
        "{}",
        r#"{"Name": null, "price": null, "at": null, "nested": null}"#,
        r#"{"Name": "a", "Name": null}"#,
        r#"{"price": "cheap"}"#,
        r#"{"at": 5}"#,
        r#"{"nested": {"Name": 1}}"#,
        // (An array is the known difference, tested below.)
        "7",
    ];
    for case in cases {
        let derived = serde_json::from_str::<DerivedOptional>(case).map_err(|e| e.to_string());
        let written = serde_json::from_str::<WrittenOptional>(case).map_err(|e| e.to_string());
        match (&derived, &written) {
            (Ok(d), Ok(w)) => assert_eq!(
                format!("{d:?}"),
                format!("{w:?}").replace("WrittenOptional", "DerivedOptional"),
                "{case}"
            ),
            (Err(d), Err(w)) => assert_eq!(d, w, "{case}"),
            _ => panic!("{case}: derive {derived:?}, written {written:?}"),
        }
    }
}

#[test]
fn an_array_is_not_read_as_the_fields_in_order() {
    // The one thing the derive accepts that written decoding does not (no API sends it).
    let case = r#"["a", 1, null, 1.5, null, null]"#;
    assert!(serde_json::from_str::<Derived>(case).is_ok());
    let error = serde_json::from_str::<Written>(case)
        .map(|_| ())
        .unwrap_err();
    assert!(
        error.to_string().contains("expected struct Derived"),
        "{error}"
    );
}

/// Wire names `k0` to `k69`: more fields than one word of seen-bits holds.
static WIDE: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    (0..70)
        .map(|i| &*Box::leak(format!("k{i}").into_boxed_str()))
        .collect()
});

/// The field indices of an object's keys, in order, as `Keys` reports them.
#[derive(Debug)]
struct KeyOrder(Vec<usize>);

impl DecodeFields for KeyOrder {
    const NAME: &'static str = "KeyOrder";

    fn decode_fields<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
        let mut keys = Keys::new(map, &WIDE);
        let mut order = Vec::new();
        while let Some(field) = keys.next_field()? {
            order.push(field);
            keys.skip_value()?;
        }
        Ok(KeyOrder(order))
    }
}

impl<'de> Deserialize<'de> for KeyOrder {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decode_struct(deserializer)
    }
}

#[test]
fn keys_of_a_wide_struct_are_indexed_and_repeats_refused_past_64_fields() {
    let order =
        serde_json::from_str::<KeyOrder>(r#"{"k64": 1, "k0": 2, "k69": 3, "zz": 4, "k63": 5}"#);
    assert_eq!(order.map(|o| o.0).ok(), Some(vec![64, 0, 69, 70, 63]));
    for (case, repeated) in [
        (r#"{"k0": 1, "k65": 2, "k3": 3, "k65": 4}"#, "k65"),
        (r#"{"k63": 1, "k64": 2, "k63": 3}"#, "k63"),
        (r#"{"k69": 1, "k1": 2, "k69": 3}"#, "k69"),
    ] {
        let error = serde_json::from_str::<KeyOrder>(case)
            .map(|_| ())
            .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with(&format!("duplicate field `{repeated}`")),
            "{case}: {error}"
        );
    }
    // Unknown keys may repeat: they are skipped, not fields.
    let order = serde_json::from_str::<KeyOrder>(r#"{"x": 1, "x": 2}"#);
    assert_eq!(order.map(|o| o.0).ok(), Some(vec![70, 70]));
}
