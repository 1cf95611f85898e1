//! Form bodies and query strings with per-property encodings, on the wire, through the
//! client generated from `tests/fixtures/form_encodings.yaml`: Twilio's JSON-text objects
//! and prefixed-collapsible maps (which failed before sending, "unsupported value", when
//! every property went through serde's form encoding), and `encoding` styles.

mod support;

use std::collections::BTreeMap;

use fixture_client::form_encodings::{
    types::{CreateCustomerRequestCard, CreateCustomerRequestItemsItem, PaymentOptions},
    Client, CreateCustomerRequest, CreatePaymentsRequest, FetchPhoneNumberParams, RetryPolicy,
};
use serde_json::json;
use support::{answering, only_request};
use wiremock::{MockServer, ResponseTemplate};

/// A client of a mock server that answers every request with `{}`, and the server.
async fn client() -> (Client, MockServer) {
    let server = answering(ResponseTemplate::new(200).set_body_json(json!({}))).await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry(RetryPolicy::none())
        .build()
        .expect("a valid base URL");
    (client, server)
}

/// Add-on data nested two levels deep (one key per nested map: whether `serde_json` keeps
/// insertion order depends on the features other crates enable).
fn add_ons() -> BTreeMap<String, serde_json::Value> {
    serde_json::from_value(json!({
        "payfone_tcpa_compliance": {"RightPartyContactedDate": "20160101"},
        "nomorobo": "spam score",
        "whitepages": {"Consent": true}
    }))
    .expect("a map")
}

#[tokio::test]
async fn twilio_objects_are_json_text_and_prefixed_maps_are_flattened() {
    let (client, server) = client().await;
    let body = CreatePaymentsRequest {
        idempotency_key: "key 1".to_owned(),
        parameter: Some(json!({"ach": {"routing": "121000358"}})),
        options: Some(PaymentOptions {
            gateway: Some("stripe".to_owned()),
            amount: Some(10.5),
            retries: None,
        }),
        add_ons_data: Some(add_ons()),
        tags: Some(vec!["a".to_owned(), "b".to_owned()]),
    };
    client
        .create_payments("AC1", "CA1", &body)
        .await
        .expect("sent");
    let request = only_request(&server).await;
    assert_eq!(
        request.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(
        String::from_utf8(request.body).expect("UTF-8"),
        "IdempotencyKey=key+1\
         &Parameter=%7B%22ach%22%3A%7B%22routing%22%3A%22121000358%22%7D%7D\
         &Options=%7B%22gateway%22%3A%22stripe%22%2C%22amount%22%3A10.5%7D\
         &AddOns.nomorobo=spam+score\
         &AddOns.payfone_tcpa_compliance.RightPartyContactedDate=20160101\
         &AddOns.whitepages.Consent=true\
         &Tags=a&Tags=b"
    );
}

#[tokio::test]
async fn an_untyped_twilio_property_holding_text_is_sent_as_the_text() {
    let (client, server) = client().await;
    let body = CreatePaymentsRequest {
        idempotency_key: "k".to_owned(),
        parameter: Some(json!("plain")),
        ..CreatePaymentsRequest::default()
    };
    client
        .create_payments("AC1", "CA1", &body)
        .await
        .expect("sent");
    let request = only_request(&server).await;
    assert_eq!(request.body, b"IdempotencyKey=k&Parameter=plain");
}

#[tokio::test]
async fn a_prefixed_map_query_parameter_is_flattened_without_its_name() {
    let (client, server) = client().await;
    let params = FetchPhoneNumberParams {
        r#type: Some(vec!["carrier".to_owned(), "caller-name".to_owned()]),
        add_ons_data: Some(add_ons()),
    };
    client
        .fetch_phone_number("+15108675310", &params)
        .await
        .expect("sent");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/v1/PhoneNumbers/%2B15108675310");
    assert_eq!(
        request.url.query(),
        Some(
            "Type=carrier&Type=caller-name&AddOns.nomorobo=spam%20score\
             &AddOns.payfone_tcpa_compliance.RightPartyContactedDate=20160101\
             &AddOns.whitepages.Consent=true"
        )
    );
}

#[tokio::test]
async fn encoding_styles_nest_deep_objects_and_join_unexploded_arrays() {
    let (client, server) = client().await;
    let body = CreateCustomerRequest {
        email: Some("a@example.com".to_owned()),
        card: Some(CreateCustomerRequestCard {
            number: Some("4242 4242".to_owned()),
            exp_month: Some(12),
        }),
        items: Some(vec![
            CreateCustomerRequestItemsItem {
                price: Some("price_1".to_owned()),
                quantity: Some(2),
            },
            CreateCustomerRequestItemsItem {
                price: Some("price_2".to_owned()),
                quantity: None,
            },
        ]),
        metadata: Some([("order_id".to_owned(), "6735".to_owned())].into()),
        colors: Some(vec!["blue".to_owned(), "black".to_owned()]),
        expand: Some(vec!["customer".to_owned(), "invoice".to_owned()]),
        tags: Some(vec!["x".to_owned(), "y".to_owned()]),
    };
    client.create_customer(&body).await.expect("sent");
    let request = only_request(&server).await;
    assert_eq!(
        String::from_utf8(request.body).expect("UTF-8"),
        "email=a%40example.com\
         &card%5Bnumber%5D=4242%204242&card%5Bexp_month%5D=12\
         &items%5B0%5D%5Bprice%5D=price_1&items%5B0%5D%5Bquantity%5D=2\
         &items%5B1%5D%5Bprice%5D=price_2\
         &metadata%5Border_id%5D=6735\
         &colors=blue,black\
         &expand=customer&expand=invoice\
         &tags=x&tags=y"
    );
}
