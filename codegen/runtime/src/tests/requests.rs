//! `Request` builder methods for every parameter location, seen through `Client::prepare`.

use super::{client, header_values};
use crate::__private::{Auth, Method, PathParam, Request, Style};
use crate::Error;

const SERVER: &str = "https://api.example.com/v1";

fn get(template: &'static str) -> Request {
    Request::new(Method::GET, SERVER, template, &[])
}

fn url_of(request: Request) -> String {
    client(Auth::none())
        .prepare(request)
        .unwrap()
        .url()
        .to_string()
}

#[test]
fn query_parameters_in_every_query_style() {
    let request = get("/things")
        .query_param("color", Style::Form, true, false, &["blue", "black"])
        .query_param("c2", Style::Form, false, false, &["blue", "black"])
        .query_param(
            "c3",
            Style::SpaceDelimited,
            false,
            false,
            &["blue", "black"],
        )
        .query_param("c4", Style::PipeDelimited, false, false, &["blue", "black"])
        .query_param("absent", Style::Form, true, false, &None::<String>);
    assert_eq!(
        url_of(request),
        "https://api.example.com/v1/things?color=blue&color=black&c2=blue,black\
         &c3=blue%20black&c4=blue%7Cblack"
    );
}

#[test]
fn deep_objects_from_serde_structs() {
    #[derive(serde::Serialize)]
    struct Card {
        number: &'static str,
        exp_month: u8,
        cvc: Option<&'static str>,
    }
    let card = Card {
        number: "4242424242424242",
        exp_month: 12,
        cvc: None,
    };
    let request = get("/tokens").query_param("card", Style::DeepObject, true, false, &card);
    assert_eq!(
        url_of(request),
        "https://api.example.com/v1/tokens?card%5Bnumber%5D=4242424242424242&card%5Bexp_month%5D=12"
    );
}

#[test]
fn the_serde_query_and_styled_parameters_share_one_query_string() {
    #[derive(serde::Serialize)]
    struct Params {
        #[serde(rename = "PageSize")]
        page_size: u32,
    }
    let request = get("/things").query(&Params { page_size: 50 }).query_param(
        "color",
        Style::Form,
        false,
        false,
        &["a", "b"],
    );
    assert_eq!(
        url_of(request),
        "https://api.example.com/v1/things?PageSize=50&color=a,b"
    );
}

#[test]
fn content_encoded_json_query_and_header_parameters() {
    let coordinates = serde_json::json!({"lat": 1.5, "long": -2});
    let request = get("/near")
        .query_json("coordinates", &coordinates)
        .query_json("none", &None::<u8>)
        .header_json("X-Filter", &coordinates);
    let prepared = client(Auth::none()).prepare(request).unwrap();
    assert_eq!(
        prepared.url().query(),
        Some("coordinates=%7B%22lat%22%3A1.5%2C%22long%22%3A-2%7D")
    );
    assert_eq!(
        header_values(&prepared, "x-filter"),
        [r#"{"lat":1.5,"long":-2}"#]
    );
}

#[test]
fn path_parameters_in_label_and_matrix_styles() {
    let request = Request::with_path(
        Method::GET,
        SERVER,
        "/items/{id}/{color}{coords}",
        &[
            PathParam::new("id", Style::Simple, false, &[1, 2]),
            PathParam::new("color", Style::Label, true, &["blue", "black"]),
            PathParam::new("coords", Style::Matrix, false, &["x/y", "z"]),
        ],
    );
    assert_eq!(
        url_of(request),
        "https://api.example.com/v1/items/1,2/.blue.black;coords=x%2Fy,z"
    );
}

#[test]
fn path_values_that_would_change_the_resource_are_refused() {
    let cases: [(PathParam, &str); 4] = [
        (
            PathParam::new("id", Style::Simple, false, ".."),
            "must not be `.` or `..`",
        ),
        (
            PathParam::new("id", Style::Label, false, "."),
            "must not be `.` or `..`",
        ),
        (
            PathParam::new("id", Style::Simple, false, &Vec::<u8>::new()),
            "must not be empty",
        ),
        (
            PathParam::new("id", Style::Simple, false, &None::<u8>),
            "has no value",
        ),
    ];
    for (param, reason) in cases {
        let request = Request::with_path(Method::GET, SERVER, "/items/{id}", &[param]);
        match client(Auth::none()).prepare(request) {
            Err(Error::InvalidParameter { name, reason: got }) => {
                assert_eq!((name.as_str(), got.as_str()), ("id", reason));
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn literal_path_text_a_url_cannot_hold_is_percent_encoded_once() {
    // DigitalOcean's `/<upload_url>`; a space, non-ASCII and an encoded triplet in the spec's
    // own text. `%2F` stays as written: the spec encoded it.
    let request = Request::new(Method::PUT, SERVER, "/<upload_url>/{id}/a b/ü%2F", &["x"]);
    assert_eq!(
        url_of(request),
        "https://api.example.com/v1/%3Cupload_url%3E/x/a%20b/%C3%BC%2F"
    );
}

#[test]
fn request_new_keeps_encoding_plain_string_values() {
    let request = Request::new(Method::GET, SERVER, "/a/{x}/b/{y}", &["a b/c", "ü"]);
    assert_eq!(
        url_of(request),
        "https://api.example.com/v1/a/a%20b%2Fc/b/%C3%BC"
    );
}

#[test]
fn header_parameters_are_simple_and_checked() {
    let request = get("/x")
        .header_param("X-Colors", false, &["blue", "black"])
        .header_param("X-Absent", false, &None::<u8>);
    let prepared = client(Auth::none()).prepare(request).unwrap();
    assert_eq!(header_values(&prepared, "x-colors"), ["blue,black"]);
    assert!(prepared.headers().get("x-absent").is_none());
    let bad = get("/x").header_param("X-Bad", false, "a\r\nInjected: 1");
    assert!(matches!(
        client(Auth::none()).prepare(bad),
        Err(Error::InvalidParameter { name, .. }) if name == "X-Bad"
    ));
}

#[test]
fn spec_declared_accept_content_type_and_authorization_are_sent_once() {
    let request = get("/x")
        .header("Accept", Some("application/xml".to_owned()))
        .header("Content-Type", Some("text/plain".to_owned()))
        .header("Authorization", Some("Bearer from-a-parameter".to_owned()))
        .json(&serde_json::json!({}));
    let prepared = client(Auth::bearer("tok")).prepare(request).unwrap();
    assert_eq!(header_values(&prepared, "accept"), ["application/xml"]);
    assert_eq!(
        header_values(&prepared, "content-type"),
        ["application/json"]
    );
    assert_eq!(header_values(&prepared, "authorization"), ["Bearer tok"]);
    // With no credential for the operation, the parameter's own value is sent.
    let request = get("/x")
        .header("Authorization", Some("Bearer from-a-parameter".to_owned()))
        .security(&[]);
    let prepared = client(Auth::bearer("tok")).prepare(request).unwrap();
    assert_eq!(
        header_values(&prepared, "authorization"),
        ["Bearer from-a-parameter"]
    );
}

#[test]
fn cookie_parameters_credentials_and_a_declared_cookie_header_make_one_cookie_header() {
    let request = get("/x")
        .header("Cookie", Some("theme=dark".to_owned()))
        .cookie_param("color", false, &["blue", "black"])
        .cookie_param("tags", true, &["a b", "c"])
        .cookie_param("absent", true, &None::<u8>);
    let auth = Auth::api_key_cookie("session", "s3cr3t");
    let prepared = client(auth).prepare(request).unwrap();
    assert_eq!(
        header_values(&prepared, "cookie"),
        ["theme=dark; color=blue,black; tags=a%20b; tags=c; session=s3cr3t"]
    );
    assert!(prepared.headers()["cookie"].is_sensitive());
}

#[test]
fn errors_name_the_parameter_and_the_first_one_wins() {
    let request = get("/x")
        .query_param("first", Style::Matrix, false, false, "x")
        .query_param("second", Style::Label, false, false, "x");
    match client(Auth::none()).prepare(request) {
        Err(Error::InvalidParameter { name, reason }) => {
            assert_eq!(name, "first");
            assert_eq!(reason, "style `matrix` is not a query style");
        }
        other => panic!("{other:?}"),
    }
}
