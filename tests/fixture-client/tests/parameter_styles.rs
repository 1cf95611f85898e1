//! Parameters on the wire, in every style of the OpenAPI style table, through the client
//! generated from `tests/fixtures/parameter_styles.yaml`. The expected texts are the
//! table's examples (`color` = "blue", ["blue", "black"], {R: 100, G: 200, B: 150}),
//! percent-encoded as OpenAPI 3.0.4 / 3.1.1 write them.

mod support;

use fixture_client::parameter_styles::{
    types::{Color, Filter},
    Client, HeaderAndCookieStylesParams, QueryStylesParams, RetryPolicy,
};
use support::only_request;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn rgb() -> Color {
    Color {
        r: 100,
        g: 200,
        b: 150,
    }
}

fn blue_black() -> Vec<String> {
    vec!["blue".to_owned(), "black".to_owned()]
}

/// A client of a mock server that answers every request with 204, and the server.
async fn client() -> (Client, MockServer) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry(RetryPolicy::none())
        .build()
        .expect("a valid base URL");
    (client, server)
}

/// Every value of header `name`, as text.
fn header_values(request: &Request, name: &str) -> Vec<String> {
    request
        .headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().expect("ASCII header").to_owned())
        .collect()
}

#[tokio::test]
async fn simple_path_objects_are_comma_separated_pairs() {
    let (client, server) = client().await;
    client.simple_path(&rgb(), &rgb()).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        request.url.path(),
        "/simple/R,100,G,200,B,150/R=100,G=200,B=150"
    );
}

#[tokio::test]
async fn label_path_values_start_with_a_dot() {
    let (client, server) = client().await;
    let colors = blue_black();
    client
        .label_path("blue", &colors, &colors, &rgb(), &rgb())
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        request.url.path(),
        "/label/.blue/.blue,black/.blue.black/.R,100,G,200,B,150/.R=100.G=200.B=150"
    );
}

#[tokio::test]
async fn matrix_path_values_are_semicolon_parameters() {
    let (client, server) = client().await;
    let colors = blue_black();
    client
        .matrix_path("blue", &colors, &colors, &rgb(), &rgb())
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        request.url.path(),
        "/matrix;color=blue;colors=blue,black;colors_x=blue;colors_x=black\
         ;point=R,100,G,200,B,150;R=100;G=200;B=150"
    );
}

#[tokio::test]
async fn path_values_cannot_add_segments_in_any_style() {
    let (client, server) = client().await;
    let colors = vec!["a/b".to_owned(), "c.d".to_owned()];
    client
        .label_path("x/../y", &colors, &colors, &rgb(), &rgb())
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        request.url.path(),
        "/label/.x%2F..%2Fy/.a%2Fb,c.d/.a%2Fb.c.d/.R,100,G,200,B,150/.R=100.G=200.B=150"
    );
}

fn no_query_params() -> QueryStylesParams {
    QueryStylesParams {
        color: None,
        colors: None,
        colors_csv: None,
        point: None,
        point_csv: None,
        spaced: None,
        piped: None,
        deep: None,
        filter: None,
        redirect: None,
        include: None,
        filter_any: None,
        top: None,
    }
}

/// The query string `params` is sent with.
async fn query_of(params: &QueryStylesParams) -> String {
    let (client, server) = client().await;
    client.query_styles(params).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/query");
    request.url.query().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn every_query_style_is_sent_as_the_style_table_writes_it() {
    let cases: Vec<(QueryStylesParams, &str)> = vec![
        (
            QueryStylesParams {
                color: Some("blue".to_owned()),
                ..no_query_params()
            },
            "color=blue",
        ),
        (
            QueryStylesParams {
                colors: Some(blue_black()),
                ..no_query_params()
            },
            "colors=blue&colors=black",
        ),
        (
            QueryStylesParams {
                colors_csv: Some(blue_black()),
                ..no_query_params()
            },
            "colors_csv=blue,black",
        ),
        (
            QueryStylesParams {
                point: Some(rgb()),
                ..no_query_params()
            },
            "R=100&G=200&B=150",
        ),
        (
            QueryStylesParams {
                point_csv: Some(rgb()),
                ..no_query_params()
            },
            "point_csv=R,100,G,200,B,150",
        ),
        (
            QueryStylesParams {
                spaced: Some(blue_black()),
                ..no_query_params()
            },
            "spaced=blue%20black",
        ),
        (
            QueryStylesParams {
                piped: Some(blue_black()),
                ..no_query_params()
            },
            "piped=blue%7Cblack",
        ),
        (
            QueryStylesParams {
                deep: Some(rgb()),
                ..no_query_params()
            },
            "deep%5BR%5D=100&deep%5BG%5D=200&deep%5BB%5D=150",
        ),
        (
            QueryStylesParams {
                filter: Some(Filter {
                    name: Some("a b".to_owned()),
                    limit: Some(5),
                }),
                ..no_query_params()
            },
            "filter=%7B%22name%22%3A%22a%20b%22%2C%22limit%22%3A5%7D",
        ),
        (
            QueryStylesParams {
                redirect: Some("https://x.example/a?b=c d".to_owned()),
                ..no_query_params()
            },
            "redirect=https://x.example/a?b%3Dc%20d",
        ),
        (
            QueryStylesParams {
                include: Some(blue_black()),
                filter_any: Some("x,y".to_owned()),
                top: Some(3),
                ..no_query_params()
            },
            "include%5B%5D=blue&include%5B%5D=black&filter.any=x%2Cy&%24top=3",
        ),
        (no_query_params(), ""),
    ];
    for (params, expected) in cases {
        assert_eq!(query_of(&params).await, expected, "{params:?}");
    }
}

#[tokio::test]
async fn header_and_cookie_parameters_are_sent_in_their_styles() {
    let (client, server) = client().await;
    let params = HeaderAndCookieStylesParams {
        x_colors: Some(blue_black()),
        x_point: Some(rgb()),
        x_point_exploded: Some(rgb()),
        x_filter: Some(Filter {
            name: None,
            limit: Some(5),
        }),
        accept: Some("application/vnd.styles+json".to_owned()),
        session: "s 1".to_owned(),
        tags: Some(blue_black()),
        flags: Some(vec!["a".to_owned(), "b".to_owned()]),
    };
    client.header_and_cookie_styles(&params).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(header_values(&request, "X-Colors"), ["blue,black"]);
    assert_eq!(header_values(&request, "X-Point"), ["R,100,G,200,B,150"]);
    assert_eq!(
        header_values(&request, "X-Point-Exploded"),
        ["R=100,G=200,B=150"]
    );
    assert_eq!(header_values(&request, "X-Filter"), [r#"{"limit":5}"#]);
    // A declared `Accept` replaces the client's default: one header, the caller's value.
    assert_eq!(
        header_values(&request, "Accept"),
        ["application/vnd.styles+json"]
    );
    assert_eq!(
        header_values(&request, "Cookie"),
        ["session=s%201; tags=blue,black; flags=a; flags=b"]
    );
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn absent_header_and_cookie_parameters_send_nothing() {
    let (client, server) = client().await;
    let params = HeaderAndCookieStylesParams {
        x_colors: None,
        x_point: None,
        x_point_exploded: None,
        x_filter: None,
        accept: None,
        session: "s".to_owned(),
        tags: None,
        flags: Some(Vec::new()),
    };
    client.header_and_cookie_styles(&params).await.unwrap();
    let request = only_request(&server).await;
    for name in ["X-Colors", "X-Point", "X-Point-Exploded", "X-Filter"] {
        assert!(header_values(&request, name).is_empty(), "{name}");
    }
    assert_eq!(header_values(&request, "Accept"), ["application/json"]);
    assert_eq!(header_values(&request, "Cookie"), ["session=s"]);
}
