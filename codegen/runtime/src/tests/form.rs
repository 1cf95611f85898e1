//! Form bodies with per-property encodings (`Request::form_fields`) and prefixed maps in the
//! query, as they would go on the wire.

use std::collections::BTreeMap;

use serde::Serialize;

use super::client;
use crate::__private::{Auth, FormField, Method, Request, Style};
use crate::Error;

fn post() -> Request {
    Request::new(Method::POST, "https://api.example.com", "/things", &[])
}

fn body_of(request: Request) -> String {
    let prepared = client(Auth::none()).prepare(request).unwrap();
    assert_eq!(
        prepared.headers()["content-type"],
        "application/x-www-form-urlencoded"
    );
    let bytes = prepared.body().and_then(|b| b.as_bytes()).unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[derive(Serialize)]
struct Card {
    number: String,
    exp_month: u8,
}

#[derive(Serialize)]
struct Item {
    price: String,
    quantity: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct CreatePayments {
    id_type: &'static str,
    tags: Vec<&'static str>,
    parameter: Option<serde_json::Value>,
    add_ons_data: Option<BTreeMap<String, serde_json::Value>>,
    #[serde(rename = "card")]
    card: Option<Card>,
    #[serde(rename = "items")]
    items: Vec<Item>,
    #[serde(rename = "metadata")]
    metadata: BTreeMap<String, String>,
    #[serde(rename = "colors")]
    colors: Vec<&'static str>,
}

const FIELDS: &[(&str, FormField)] = &[
    ("Parameter", FormField::Json),
    ("AddOnsData", FormField::PrefixedMap("AddOns")),
    ("card", FormField::Styled(Style::DeepObject, true)),
    ("items", FormField::Styled(Style::DeepObject, true)),
    ("metadata", FormField::Styled(Style::DeepObject, true)),
    ("colors", FormField::Styled(Style::Form, false)),
];

fn payments() -> CreatePayments {
    let add_ons: BTreeMap<String, serde_json::Value> = serde_json::from_str(
        r#"{"payfone": {"PhoneNumber": "+1 555"}, "nomorobo": "on", "whitepages": {"Consent": true}}"#,
    )
    .unwrap();
    CreatePayments {
        id_type: "a b&c",
        tags: vec!["x", "y"],
        // One key per object: whether `serde_json` keeps insertion order depends on the
        // features other crates of a build enable.
        parameter: Some(serde_json::json!({"ach": [1, 2.5, "x"]})),
        add_ons_data: Some(add_ons),
        card: Some(Card {
            number: "4242 4242".to_owned(),
            exp_month: 12,
        }),
        items: vec![
            Item {
                price: "price_1".to_owned(),
                quantity: Some(2),
            },
            Item {
                price: "price_2".to_owned(),
                quantity: None,
            },
        ],
        metadata: [("order".to_owned(), "6735".to_owned())].into(),
        colors: vec!["blue", "black"],
    }
}

#[test]
fn each_property_is_encoded_as_its_field_says_and_the_others_as_form_does() {
    let body = body_of(post().form_fields(&payments(), FIELDS));
    assert_eq!(
        body,
        "IdType=a+b%26c&Tags=x&Tags=y\
         &Parameter=%7B%22ach%22%3A%5B1%2C2.5%2C%22x%22%5D%7D\
         &AddOns.nomorobo=on&AddOns.payfone.PhoneNumber=%2B1+555&AddOns.whitepages.Consent=true\
         &card%5Bnumber%5D=4242%204242&card%5Bexp_month%5D=12\
         &items%5B0%5D%5Bprice%5D=price_1&items%5B0%5D%5Bquantity%5D=2\
         &items%5B1%5D%5Bprice%5D=price_2\
         &metadata%5Border%5D=6735&colors=blue,black"
    );
}

#[test]
fn without_special_fields_the_body_is_form_s() {
    #[derive(Serialize)]
    struct Flat {
        #[serde(rename = "FriendlyName")]
        name: &'static str,
        #[serde(rename = "Enabled")]
        enabled: bool,
        #[serde(rename = "Ids")]
        ids: Vec<u32>,
        #[serde(rename = "Missing")]
        missing: Option<String>,
        #[serde(rename = "Ratio")]
        ratio: f64,
    }
    let flat = Flat {
        name: "é ü+",
        enabled: true,
        ids: vec![1, 2],
        missing: None,
        ratio: 1.0,
    };
    assert_eq!(
        body_of(post().form_fields(&flat, &[])),
        body_of(post().form(&flat))
    );
}

#[test]
fn a_json_field_holding_text_is_sent_as_the_text() {
    let mut body = payments();
    body.parameter = Some(serde_json::json!("plain text"));
    let encoded = body_of(post().form_fields(&body, FIELDS));
    assert!(encoded.contains("&Parameter=plain+text&"), "{encoded}");
}

#[test]
fn an_object_without_a_field_encoding_is_still_refused() {
    let request = post().form_fields(&payments(), &[]);
    let error = client(Auth::none()).prepare(request).unwrap_err();
    assert!(
        matches!(&error, Error::Encode(message) if message.starts_with("form body: `Parameter`")),
        "{error:?}"
    );
}

#[test]
fn a_prefixed_map_in_the_query() {
    let add_ons: BTreeMap<&str, BTreeMap<&str, &str>> =
        [("payfone", [("PhoneNumber", "+1 555")].into())].into();
    let request = Request::new(Method::GET, "https://lookups.twilio.com", "/v1/x", &[])
        .query_prefixed_map("AddOnsData", "AddOns", &add_ons)
        .query_prefixed_map("AddOnsData", "AddOns", &None::<BTreeMap<&str, &str>>);
    let url = client(Auth::none())
        .prepare(request)
        .unwrap()
        .url()
        .to_string();
    assert_eq!(
        url,
        "https://lookups.twilio.com/v1/x?AddOns.payfone.PhoneNumber=%2B1%20555"
    );

    let request = Request::new(Method::GET, "https://lookups.twilio.com", "/v1/x", &[])
        .query_prefixed_map("AddOnsData", "AddOns", &"not a map");
    let error = client(Auth::none()).prepare(request).unwrap_err();
    assert!(
        matches!(&error, Error::InvalidParameter { name, .. } if name == "AddOnsData"),
        "{error:?}"
    );
}
