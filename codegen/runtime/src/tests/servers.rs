//! Servers: templated URLs with variables, relative URLs, none at all.

use super::{builder, client};
use crate::__private::{Auth, Method, Request, Server, ServerVariable};
use crate::Error;

static REGIONAL: Server = Server {
    url: "https://{region}.api.example.com/{version}",
    variables: &[
        ServerVariable {
            name: "region",
            default: "us",
            allowed: &["us", "eu"],
        },
        ServerVariable {
            name: "version",
            default: "v1",
            allowed: &[],
        },
    ],
};

static RELATIVE_TEMPLATE: Server = Server {
    url: "/api/{version}",
    variables: &[ServerVariable {
        name: "version",
        default: "v3",
        allowed: &[],
    }],
};

fn url(c: &crate::__private::Client, request: Request) -> Result<String, Error> {
    c.prepare(request).map(|r| r.url().to_string())
}

#[test]
fn templated_servers_use_defaults_and_builder_values() {
    let get = || Request::new(Method::GET, &REGIONAL, "/pets", &[]);
    assert_eq!(
        url(&client(Auth::none()), get()).unwrap(),
        "https://us.api.example.com/v1/pets"
    );
    let eu = builder(Auth::none())
        .server_variable("region", "eu")
        .server_variable("version", "v2/beta")
        .build()
        .unwrap()
        .0;
    assert_eq!(
        url(&eu, get()).unwrap(),
        "https://eu.api.example.com/v2/beta/pets"
    );
    // Twice: the cached base is reused.
    assert_eq!(
        url(&eu, get()).unwrap(),
        "https://eu.api.example.com/v2/beta/pets"
    );
    // The base URL override wins over any server.
    let mock = builder(Auth::none())
        .server_variable("region", "eu")
        .base_url("http://127.0.0.1:9/prefix")
        .build()
        .unwrap()
        .0;
    assert_eq!(url(&mock, get()).unwrap(), "http://127.0.0.1:9/prefix/pets");
}

#[test]
fn server_variables_outside_the_allowed_values_are_refused() {
    let c = builder(Auth::none())
        .server_variable("region", "mars")
        .build()
        .unwrap()
        .0;
    let error = url(&c, Request::new(Method::GET, &REGIONAL, "/pets", &[])).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid base URL `https://{region}.api.example.com/{version}`: the server variable \
         `region` must be one of `us`, `eu`, not `mars`"
    );
    let c = builder(Auth::none())
        .server_variable("version", "v1?x=1")
        .build()
        .unwrap()
        .0;
    let error = url(&c, Request::new(Method::GET, &REGIONAL, "/pets", &[])).unwrap_err();
    assert!(matches!(error, Error::InvalidBaseUrl { .. }), "{error:?}");
}

#[test]
fn relative_servers_resolve_against_the_server_base() {
    let c = builder(Auth::none())
        .server_base("https://petstore.example.com")
        .build()
        .unwrap()
        .0;
    let get = |server: &'static str| Request::new(Method::GET, server, "/pet/{id}", &["7"]);
    assert_eq!(
        url(&c, get("/api/v3")).unwrap(),
        "https://petstore.example.com/api/v3/pet/7"
    );
    let from_spec_url = builder(Auth::none())
        .server_base("https://example.com/docs/openapi.json")
        .build()
        .unwrap()
        .0;
    assert_eq!(
        url(&from_spec_url, get("v3")).unwrap(),
        "https://example.com/docs/v3/pet/7"
    );
    let templated = Request::new(Method::GET, &RELATIVE_TEMPLATE, "/pet", &[]);
    assert_eq!(
        url(&c, templated).unwrap(),
        "https://petstore.example.com/api/v3/pet"
    );
    // An absolute server ignores it.
    assert_eq!(
        url(&c, get("https://other.example.com")).unwrap(),
        "https://other.example.com/pet/7"
    );
}

#[test]
fn no_server_and_no_base_url_is_a_clear_error() {
    let c = client(Auth::none());
    let error = url(&c, Request::new(Method::GET, "", "/pets", &[])).unwrap_err();
    assert!(matches!(error, Error::NoServer { .. }), "{error:?}");
    assert!(
        error.to_string().contains("`ClientBuilder::base_url`"),
        "{error}"
    );
    let error = url(&c, Request::new(Method::GET, "/api/v3", "/pets", &[])).unwrap_err();
    assert!(
        error.to_string().contains("`/api/v3` is relative"),
        "{error}"
    );
    assert!(
        error.to_string().contains("`ClientBuilder::server_base`"),
        "{error}"
    );
    // A base URL is all it takes.
    let with_base = builder(Auth::none())
        .base_url("https://api.example.com")
        .build()
        .unwrap()
        .0;
    assert_eq!(
        url(&with_base, Request::new(Method::GET, "", "/pets", &[])).unwrap(),
        "https://api.example.com/pets"
    );
}

#[test]
fn an_invalid_server_base_fails_the_build() {
    let result = builder(Auth::none()).server_base("/relative").build();
    assert!(matches!(result, Err(Error::InvalidBaseUrl { .. })));
    let with_userinfo = builder(Auth::none()).server_base("https://u:pw-SECRET@example.com");
    assert!(!format!("{with_userinfo:?}").contains("pw-SECRET"));
}
