//! Parameter styles: the OpenAPI style examples table (3.0.4 / 3.1.1 / 3.2.0 edition, which
//! percent-encodes `|`, `[`, `]`), reproduced exactly, and the cases around it.

use crate::__private::{
    append_query, cookie_pairs, header_value, path_value, to_param_value, ParamValue, Style,
};

fn text(s: &str) -> ParamValue {
    ParamValue::text(s)
}

/// `color` as the spec's table has it: "" (its empty/undefined column), "blue",
/// ["blue","black","brown"] and {"R":100,"G":200,"B":150}.
fn empty() -> ParamValue {
    text("")
}
fn string() -> ParamValue {
    text("blue")
}
fn array() -> ParamValue {
    ParamValue::List(vec![text("blue"), text("black"), text("brown")])
}
fn object() -> ParamValue {
    ParamValue::Object(vec![
        ("R".into(), text("100")),
        ("G".into(), text("200")),
        ("B".into(), text("150")),
    ])
}

fn query(style: Style, explode: bool, value: &ParamValue) -> String {
    let mut out = String::new();
    append_query(&mut out, "color", style, explode, false, value).unwrap();
    out
}

fn path(style: Style, explode: bool, value: &ParamValue) -> String {
    path_value("color", style, explode, value).unwrap()
}

#[test]
fn the_style_examples_table_path_styles() {
    // (style, explode, empty, string, array, object), as in the table.
    let rows = [
        (
            Style::Matrix,
            false,
            ";color",
            ";color=blue",
            ";color=blue,black,brown",
            ";color=R,100,G,200,B,150",
        ),
        (
            Style::Matrix,
            true,
            ";color",
            ";color=blue",
            ";color=blue;color=black;color=brown",
            ";R=100;G=200;B=150",
        ),
        (
            Style::Label,
            false,
            ".",
            ".blue",
            ".blue,black,brown",
            ".R,100,G,200,B,150",
        ),
        (
            Style::Label,
            true,
            ".",
            ".blue",
            ".blue.black.brown",
            ".R=100.G=200.B=150",
        ),
        (
            Style::Simple,
            false,
            "",
            "blue",
            "blue,black,brown",
            "R,100,G,200,B,150",
        ),
        (
            Style::Simple,
            true,
            "",
            "blue",
            "blue,black,brown",
            "R=100,G=200,B=150",
        ),
    ];
    for (style, explode, e, s, a, o) in rows {
        let row = format!("{style:?} explode={explode}");
        assert_eq!(path(style, explode, &empty()), e, "{row}");
        assert_eq!(path(style, explode, &string()), s, "{row}");
        assert_eq!(path(style, explode, &array()), a, "{row}");
        assert_eq!(path(style, explode, &object()), o, "{row}");
    }
}

#[test]
fn the_style_examples_table_query_styles() {
    // The table writes `?color=`; the `?` is the URL's, not the parameter's.
    assert_eq!(query(Style::Form, false, &empty()), "color=");
    assert_eq!(query(Style::Form, false, &string()), "color=blue");
    assert_eq!(
        query(Style::Form, false, &array()),
        "color=blue,black,brown"
    );
    assert_eq!(
        query(Style::Form, false, &object()),
        "color=R,100,G,200,B,150"
    );
    assert_eq!(query(Style::Form, true, &empty()), "color=");
    assert_eq!(query(Style::Form, true, &string()), "color=blue");
    assert_eq!(
        query(Style::Form, true, &array()),
        "color=blue&color=black&color=brown"
    );
    assert_eq!(query(Style::Form, true, &object()), "R=100&G=200&B=150");
    assert_eq!(
        query(Style::SpaceDelimited, false, &array()),
        "color=blue%20black%20brown"
    );
    assert_eq!(
        query(Style::SpaceDelimited, false, &object()),
        "color=R%20100%20G%20200%20B%20150"
    );
    assert_eq!(
        query(Style::PipeDelimited, false, &array()),
        "color=blue%7Cblack%7Cbrown"
    );
    assert_eq!(
        query(Style::PipeDelimited, false, &object()),
        "color=R%7C100%7CG%7C200%7CB%7C150"
    );
    assert_eq!(
        query(Style::DeepObject, true, &object()),
        "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"
    );
}

#[test]
fn the_two_color_examples_of_the_brief() {
    let two = ParamValue::List(vec![text("blue"), text("black")]);
    assert_eq!(query(Style::Form, true, &two), "color=blue&color=black");
    assert_eq!(query(Style::Form, false, &two), "color=blue,black");
    assert_eq!(
        query(Style::SpaceDelimited, false, &two),
        "color=blue%20black"
    );
    assert_eq!(
        query(Style::PipeDelimited, false, &two),
        "color=blue%7Cblack"
    );
    assert_eq!(path(Style::Label, false, &two), ".blue,black");
    assert_eq!(path(Style::Label, true, &two), ".blue.black");
    assert_eq!(path(Style::Matrix, false, &two), ";color=blue,black");
    assert_eq!(path(Style::Matrix, true, &two), ";color=blue;color=black");
    assert_eq!(header_value(false, &two).unwrap(), "blue,black");
    assert_eq!(
        cookie_pairs("color", false, &two).unwrap(),
        ["color=blue,black"]
    );
}

#[test]
fn header_values_are_simple_and_not_percent_encoded() {
    assert_eq!(header_value(false, &string()).unwrap(), "blue");
    assert_eq!(header_value(true, &array()).unwrap(), "blue,black,brown");
    assert_eq!(header_value(false, &object()).unwrap(), "R,100,G,200,B,150");
    assert_eq!(header_value(true, &object()).unwrap(), "R=100,G=200,B=150");
    assert_eq!(header_value(false, &text("a b/c")).unwrap(), "a b/c");
}

#[test]
fn cookie_values_are_form_style_and_percent_encoded() {
    assert_eq!(
        cookie_pairs("color", true, &string()).unwrap(),
        ["color=blue"]
    );
    assert_eq!(
        cookie_pairs("color", true, &array()).unwrap(),
        ["color=blue", "color=black", "color=brown"]
    );
    assert_eq!(
        cookie_pairs("color", false, &object()).unwrap(),
        ["color=R,100,G,200,B,150"]
    );
    assert_eq!(
        cookie_pairs("color", true, &object()).unwrap(),
        ["R=100", "G=200", "B=150"]
    );
    assert_eq!(
        cookie_pairs("session id", true, &text("a;b c")).unwrap(),
        ["session%20id=a%3Bb%20c"]
    );
    assert!(cookie_pairs("color", false, &ParamValue::List(vec![]))
        .unwrap()
        .is_empty());
}

#[test]
fn values_never_read_as_delimiters() {
    let tricky = ParamValue::List(vec![text("a,b"), text("c&d=e"), text("f g+h")]);
    assert_eq!(
        query(Style::Form, false, &tricky),
        "color=a%2Cb,c%26d%3De,f%20g%2Bh"
    );
    assert_eq!(
        query(Style::Form, true, &tricky),
        "color=a%2Cb&color=c%26d%3De&color=f%20g%2Bh"
    );
    assert_eq!(
        path(Style::Simple, false, &text("a/b?c#d")),
        "a%2Fb%3Fc%23d"
    );
    assert_eq!(
        path(Style::Matrix, true, &text("x;y=z")),
        ";color=x%3By%3Dz"
    );
    assert_eq!(path(Style::Label, false, &text("ü")), ".%C3%BC");
    // Names are encoded too (wire names such as `include[]`, `filter.any`, `$top`).
    let mut out = String::new();
    append_query(&mut out, "include[]", Style::Form, true, false, &array()).unwrap();
    assert_eq!(
        out,
        "include%5B%5D=blue&include%5B%5D=black&include%5B%5D=brown"
    );
    out.clear();
    append_query(&mut out, "filter.any", Style::Form, true, false, &text("x")).unwrap();
    append_query(&mut out, "$top", Style::Form, true, false, &text("5")).unwrap();
    assert_eq!(out, "filter.any=x&%24top=5");
}

#[test]
fn allow_reserved_keeps_reserved_characters_but_not_pair_separators() {
    let mut out = String::new();
    let value = text("x/y?z:@!$'()*,;[]#&=+ %2f %GG😃");
    append_query(&mut out, "q", Style::Form, true, true, &value).unwrap();
    assert_eq!(
        out,
        "q=x/y?z:@!$'()*,;%5B%5D%23%26%3D%2B%20%2f%20%25GG%F0%9F%98%83"
    );
    // Without it, everything but unreserved characters is encoded.
    out.clear();
    append_query(&mut out, "q", Style::Form, true, false, &text("x/y %2f")).unwrap();
    assert_eq!(out, "q=x%2Fy%20%252f");
    // Names are never left reserved.
    out.clear();
    append_query(&mut out, "c+[&]", Style::Form, true, true, &text("v")).unwrap();
    assert_eq!(out, "c%2B%5B%26%5D=v");
}

#[test]
fn deep_objects_nest_with_indexed_lists() {
    let order = ParamValue::Object(vec![
        (
            "items".into(),
            ParamValue::List(vec![
                ParamValue::Object(vec![
                    ("price".into(), text("price_1")),
                    ("quantity".into(), text("2")),
                ]),
                ParamValue::Object(vec![("price".into(), text("price_2"))]),
            ]),
        ),
        (
            "card".into(),
            ParamValue::Object(vec![("number".into(), text("4242 4242"))]),
        ),
        ("expand".into(), ParamValue::List(vec![text("customer")])),
    ]);
    let mut out = String::new();
    append_query(&mut out, "order", Style::DeepObject, true, false, &order).unwrap();
    assert_eq!(
        out,
        "order%5Bitems%5D%5B0%5D%5Bprice%5D=price_1\
         &order%5Bitems%5D%5B0%5D%5Bquantity%5D=2\
         &order%5Bitems%5D%5B1%5D%5Bprice%5D=price_2\
         &order%5Bcard%5D%5Bnumber%5D=4242%204242\
         &order%5Bexpand%5D%5B0%5D=customer"
    );
    // A key with brackets of its own cannot forge a level.
    out.clear();
    let forged = ParamValue::Object(vec![("a][b".into(), text("1"))]);
    append_query(&mut out, "f", Style::DeepObject, true, false, &forged).unwrap();
    assert_eq!(out, "f%5Ba%5D%5Bb%5D=1");
    // A primitive is sent as form; explode false is treated as true.
    out.clear();
    append_query(&mut out, "f", Style::DeepObject, false, false, &text("x")).unwrap();
    assert_eq!(out, "f=x");
}

#[test]
fn empty_lists_and_objects_are_not_sent() {
    for style in [
        Style::Form,
        Style::SpaceDelimited,
        Style::PipeDelimited,
        Style::DeepObject,
    ] {
        for explode in [false, true] {
            for value in [ParamValue::List(vec![]), ParamValue::Object(vec![])] {
                assert_eq!(query(style, explode, &value), "", "{style:?} {explode}");
            }
        }
    }
    for style in [Style::Simple, Style::Label, Style::Matrix] {
        assert_eq!(path(style, false, &ParamValue::List(vec![])), "");
    }
}

#[test]
fn delimited_styles_fall_back_to_form_where_the_table_has_no_entry() {
    assert_eq!(query(Style::SpaceDelimited, false, &string()), "color=blue");
    assert_eq!(
        query(Style::PipeDelimited, true, &array()),
        "color=blue&color=black&color=brown"
    );
}

#[test]
fn impossible_combinations_are_refused_with_a_reason() {
    let nested = ParamValue::List(vec![ParamValue::List(vec![text("x")])]);
    let mut out = String::new();
    let error = append_query(&mut out, "c", Style::Form, true, false, &nested).unwrap_err();
    assert!(error.contains("deepObject"), "{error}");
    assert!(path_value("c", Style::Simple, false, &nested).is_err());
    assert!(header_value(false, &nested).is_err());
    assert!(cookie_pairs("c", false, &nested).is_err());
    let error = append_query(&mut out, "c", Style::Matrix, true, false, &string()).unwrap_err();
    assert_eq!(error, "style `matrix` is not a query style");
    let error = path_value("c", Style::Form, true, &string()).unwrap_err();
    assert_eq!(error, "style `form` is not a path style");
    assert_eq!(out, "");
}

#[test]
fn existing_pairs_are_joined_with_an_ampersand() {
    let mut out = "a=1".to_owned();
    append_query(&mut out, "color", Style::Form, true, false, &string()).unwrap();
    assert_eq!(out, "a=1&color=blue");
}

mod serde_values {
    use super::*;
    use serde::Serialize;
    use std::collections::BTreeMap;

    #[derive(Serialize)]
    struct Color {
        #[serde(rename = "R")]
        r: u8,
        #[serde(rename = "G")]
        g: u8,
        #[serde(rename = "B")]
        b: u8,
        alpha: Option<f64>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        LightBlue,
        Custom(String),
    }

    #[test]
    fn structs_become_objects_in_field_order_without_absent_fields() {
        let color = Color {
            r: 100,
            g: 200,
            b: 150,
            alpha: None,
        };
        assert_eq!(to_param_value(&color).unwrap(), Some(object()));
        let with_alpha = Color {
            alpha: Some(0.5),
            ..color
        };
        let Some(ParamValue::Object(fields)) = to_param_value(&with_alpha).unwrap() else {
            panic!("not an object");
        };
        assert_eq!(fields[3], ("alpha".to_owned(), text("0.5")));
    }

    #[test]
    fn primitives_lists_maps_and_enums() {
        assert_eq!(to_param_value(&true).unwrap(), Some(text("true")));
        assert_eq!(to_param_value(&-7i64).unwrap(), Some(text("-7")));
        assert_eq!(
            to_param_value(&u64::MAX).unwrap(),
            Some(text("18446744073709551615"))
        );
        assert_eq!(to_param_value("blue").unwrap(), Some(string()));
        assert_eq!(
            to_param_value(&["blue", "black", "brown"]).unwrap(),
            Some(array())
        );
        assert_eq!(
            to_param_value(&vec![Some("blue"), None, Some("black")]).unwrap(),
            Some(ParamValue::List(vec![text("blue"), text("black")]))
        );
        let map: BTreeMap<&str, i32> = [("a", 1), ("b", 2)].into_iter().collect();
        assert_eq!(
            to_param_value(&map).unwrap(),
            Some(ParamValue::Object(vec![
                ("a".into(), text("1")),
                ("b".into(), text("2"))
            ]))
        );
        assert_eq!(
            to_param_value(&Kind::LightBlue).unwrap(),
            Some(text("light_blue"))
        );
        assert_eq!(
            to_param_value(&Kind::Custom("x".into())).unwrap(),
            Some(ParamValue::Object(vec![("custom".into(), text("x"))]))
        );
        let json = serde_json::json!({"R": 100, "nested": {"x": [1, 2]}, "gone": null});
        assert_eq!(
            to_param_value(&json).unwrap(),
            Some(ParamValue::Object(vec![
                ("R".into(), text("100")),
                (
                    "nested".into(),
                    ParamValue::Object(vec![(
                        "x".into(),
                        ParamValue::List(vec![text("1"), text("2")])
                    )])
                ),
            ]))
        );
    }

    #[test]
    fn absent_values_and_refusals() {
        assert_eq!(to_param_value(&None::<u8>).unwrap(), None);
        assert_eq!(to_param_value(&()).unwrap(), None);
        assert_eq!(to_param_value(&serde_json::Value::Null).unwrap(), None);
        assert!(to_param_value(&f64::NAN).unwrap_err().contains("NaN"));
        let bytes = serde_json::to_value(b"ab").unwrap();
        assert!(
            to_param_value(&bytes).is_ok(),
            "a JSON array of numbers is fine"
        );
        struct Bytes;
        impl Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(b"ab")
            }
        }
        assert!(to_param_value(&Bytes).unwrap_err().contains("bytes"));
    }

    #[test]
    fn a_param_value_serializes_to_itself() {
        for value in [empty(), string(), array(), object()] {
            assert_eq!(to_param_value(&value).unwrap(), Some(value));
        }
    }
}
