//! Credentials: every scheme on the wire, several at once, per-operation requirements, and
//! secrets kept out of `Debug` and errors.

use super::{builder, client, header_values};
use crate::__private::{Auth, Method, Request};
use crate::Error;

const SECRET: &str = "sk_live_SECRET";

fn get() -> Request {
    Request::new(Method::GET, "https://api.example.com", "/x", &[])
}

#[test]
fn every_scheme_on_the_wire() {
    let sent = |auth: Auth| client(auth).prepare(get()).unwrap();
    let basic = sent(Auth::basic("user", "pass"));
    assert_eq!(
        header_values(&basic, "authorization"),
        ["Basic dXNlcjpwYXNz"]
    );
    // OAuth 2 and OpenID Connect access tokens are bearer tokens.
    let bearer = sent(Auth::bearer(SECRET));
    assert_eq!(
        header_values(&bearer, "authorization"),
        [format!("Bearer {SECRET}")]
    );
    let header = sent(Auth::api_key_header("X-API-Key", SECRET));
    assert_eq!(header_values(&header, "x-api-key"), [SECRET]);
    assert!(header.headers()["x-api-key"].is_sensitive());
    let query = sent(Auth::api_key_query("api_key", SECRET));
    assert_eq!(query.url().query(), Some("api_key=sk_live_SECRET"));
    let cookie = sent(Auth::api_key_cookie("session", SECRET));
    assert_eq!(
        header_values(&cookie, "cookie"),
        [format!("session={SECRET}")]
    );
    let none = sent(Auth::none());
    assert!(none.headers().get("authorization").is_none());
    assert!(none.headers().get("cookie").is_none());
}

fn several() -> Auth {
    Auth::none()
        .with("apiKey", Auth::api_key_header("X-API-Key", SECRET))
        .with("basic", Auth::basic("user", "hunter2"))
        .with("queryKey", Auth::api_key_query("key", SECRET))
}

#[test]
fn several_schemes_at_once_and_per_operation_requirements() {
    let c = client(several());
    // Not stated: everything held is sent.
    let all = c.prepare(get()).unwrap();
    assert_eq!(header_values(&all, "x-api-key"), [SECRET]);
    assert_eq!(header_values(&all, "authorization").len(), 1);
    assert_eq!(all.url().query(), Some("key=sk_live_SECRET"));
    // An API key header AND a basic pair.
    let both = c.prepare(get().security(&[&["apiKey", "basic"]])).unwrap();
    assert_eq!(header_values(&both, "x-api-key"), [SECRET]);
    assert_eq!(
        header_values(&both, "authorization"),
        ["Basic dXNlcjpodW50ZXIy"]
    );
    assert_eq!(both.url().query(), None);
    // Alternatives: the first one the client can satisfy.
    let alt = c
        .prepare(get().security(&[&["oauth"], &["queryKey"]]))
        .unwrap();
    assert_eq!(alt.url().query(), Some("key=sk_live_SECRET"));
    assert!(alt.headers().get("authorization").is_none());
    // `security: []`: nothing.
    let public = c.prepare(get().security(&[])).unwrap();
    assert!(public.headers().get("authorization").is_none());
    assert!(public.headers().get("x-api-key").is_none());
    assert_eq!(public.url().query(), None);
    // `{}` as an alternative: anonymous access is fine.
    let optional = c.prepare(get().security(&[&["oauth"], &[]])).unwrap();
    assert!(optional.headers().get("x-api-key").is_none());
}

#[test]
fn missing_credentials_are_reported_without_secrets() {
    let c = client(several());
    let error = c
        .prepare(get().security(&[&["oauth"], &["apiKey", "mtls"]]))
        .unwrap_err();
    assert!(matches!(error, Error::MissingCredentials { .. }));
    assert_eq!(
        error.to_string(),
        "missing credentials: this operation needs credentials for `oauth`, or `apiKey` and `mtls`"
    );
    // A client without credentials leaves auth to a proxy or custom HTTP client.
    let anonymous = client(Auth::none())
        .prepare(get().security(&[&["oauth"]]))
        .unwrap();
    assert!(anonymous.headers().get("authorization").is_none());
}

#[test]
fn an_unnamed_credential_stands_for_any_scheme() {
    let request = get().security(&[&["bearerAuth"]]);
    let prepared = client(Auth::bearer(SECRET)).prepare(request).unwrap();
    assert_eq!(
        header_values(&prepared, "authorization"),
        [format!("Bearer {SECRET}")]
    );
}

#[test]
fn the_builder_adds_and_replaces_credentials_per_scheme() {
    let c = builder(Auth::none().with("apiKey", Auth::api_key_header("X-API-Key", "old")))
        .credential("apiKey", Auth::api_key_header("X-API-Key", SECRET))
        .credential("basic", Auth::basic("user", "pass"))
        .build()
        .unwrap()
        .0;
    let prepared = c.prepare(get()).unwrap();
    assert_eq!(header_values(&prepared, "x-api-key"), [SECRET]);
    assert_eq!(
        header_values(&prepared, "authorization"),
        ["Basic dXNlcjpwYXNz"]
    );
}

#[test]
fn unusable_credentials_are_refused_without_echoing_them() {
    let cases = [
        Auth::api_key_cookie("session", "a;b=SECRET"),
        Auth::api_key_cookie("bad name", SECRET),
        Auth::api_key_header("X-Key", "line\nSECRET"),
        Auth::bearer("SECRET\r\n"),
    ];
    for auth in cases {
        let error = client(auth).prepare(get()).unwrap_err();
        assert!(matches!(error, Error::InvalidParameter { .. }), "{error:?}");
        assert!(!error.to_string().contains("SECRET"), "{error}");
        assert!(!format!("{error:?}").contains("SECRET"), "{error:?}");
    }
}

#[test]
fn debug_never_shows_secrets() {
    let c = builder(several().with("cookie", Auth::api_key_cookie("session", SECRET)))
        .build()
        .unwrap()
        .0;
    for output in [
        format!("{:?}", several()),
        format!("{:#?}", several()),
        format!("{c:?}"),
        format!("{:?}", Auth::api_key_cookie("session", SECRET)),
        // The wire form (minus the query key, which is in its URL by design):
        // credential headers, the cookie one included, are marked sensitive.
        format!(
            "{:?}",
            c.prepare(get().security(&[&["apiKey", "basic", "cookie"]]))
                .unwrap()
        ),
    ] {
        assert!(!output.contains("SECRET"), "{output}");
        assert!(!output.contains("dXNlcjpwYXNz"), "{output}");
        assert!(!output.contains("hunter2"), "{output}");
    }
    let shown = format!("{:?}", several());
    assert!(shown.contains("\"apiKey\": ApiKeyHeader"), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
    assert_eq!(format!("{:?}", Auth::none()), "None");
}
