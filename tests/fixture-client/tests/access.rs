//! What the generated clients put on the wire for their security schemes and servers:
//! `tests/fixtures/auth_schemes.yaml`, `servers.yaml` and `no_servers.yaml` (compiled as
//! `fixture_client::<stem>`), against a wiremock server on 127.0.0.1.

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server answering 204 to anything.
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

/// The requests received since the last call, which the server then forgets.
async fn take(server: &MockServer) -> Vec<Request> {
    let requests = server.received_requests().await.expect("recording is on");
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(204))
        .mount(server)
        .await;
    requests
}

async fn only(server: &MockServer) -> Request {
    let mut requests = take(server).await;
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

/// The credential-bearing parts of a request: `Authorization`, `X-API-Key`, `Cookie`, query.
fn credentials(request: &Request) -> [Option<&str>; 4] {
    [
        header(request, "Authorization"),
        header(request, "X-API-Key"),
        header(request, "Cookie"),
        request.url.query(),
    ]
}

mod auth_schemes {
    use super::*;
    use fixture_client::auth_schemes::{Client, Credentials, Error, RetryPolicy};

    fn client(server: &MockServer, credentials: Credentials) -> Client {
        Client::builder(credentials)
            .base_url(server.uri())
            .retry(RetryPolicy::none())
            .build()
            .unwrap()
    }

    fn everything() -> Credentials {
        Credentials::new()
            .basic_auth("user", "p4ssw0rd")
            .bearer_auth("b3arer")
            .api_key_header("h3ader")
            .api_key_query("qu3ry")
            .api_key_cookie("c00kie")
            .oauth("oau7h")
            .oidc("o1dc")
    }

    #[tokio::test]
    async fn each_scheme_puts_its_credential_on_the_wire() {
        let server = server().await;
        let client = client(&server, everything());

        client.get_basic().await.unwrap();
        // base64("user:p4ssw0rd")
        let request = only(&server).await;
        assert_eq!(
            credentials(&request),
            [Some("Basic dXNlcjpwNHNzdzByZA=="), None, None, None]
        );

        client.get_query().await.unwrap();
        let request = only(&server).await;
        assert_eq!(
            credentials(&request),
            [None, None, None, Some("api_key=qu3ry")]
        );

        client.get_cookie().await.unwrap();
        let request = only(&server).await;
        assert_eq!(
            credentials(&request),
            [None, None, Some("session_id=c00kie"), None]
        );

        // An AND-combination sends both.
        client.get_both().await.unwrap();
        let request = only(&server).await;
        assert_eq!(
            credentials(&request),
            [None, Some("h3ader"), None, Some("api_key=qu3ry")]
        );

        // Alternatives: the first one held (oauth2 before openIdConnect).
        client.get_token().await.unwrap();
        let request = only(&server).await;
        assert_eq!(
            credentials(&request),
            [Some("Bearer oau7h"), None, None, None]
        );

        // The document's requirement: bearer, or the API key header; bearer comes first.
        client.get_default().await.unwrap();
        let request = only(&server).await;
        assert_eq!(
            credentials(&request),
            [Some("Bearer b3arer"), None, None, None]
        );

        // A `$ref` to the header scheme is a scheme of its own name.
        let shared = self::client(&server, Credentials::new().shared_key("sh4red"));
        shared.get_shared().await.unwrap();
        let request = only(&server).await;
        assert_eq!(credentials(&request), [None, Some("sh4red"), None, None]);
    }

    #[tokio::test]
    async fn security_none_sends_no_credentials() {
        let server = server().await;
        let client = client(&server, everything());
        client.get_public().await.unwrap();
        let request = only(&server).await;
        assert_eq!(credentials(&request), [None, None, None, None]);
    }

    #[tokio::test]
    async fn the_alternative_held_is_the_one_sent() {
        let server = server().await;
        // Only the API key header: the document's second alternative.
        let client = client(&server, Credentials::new().api_key_header("h3ader"));
        client.get_default().await.unwrap();
        let request = only(&server).await;
        assert_eq!(credentials(&request), [None, Some("h3ader"), None, None]);

        // The openIdConnect alternative when there is no oauth2 token.
        let client = self::client(&server, Credentials::new().oidc("o1dc"));
        client.get_token().await.unwrap();
        let request = only(&server).await;
        assert_eq!(
            credentials(&request),
            [Some("Bearer o1dc"), None, None, None]
        );

        // Optional auth: the bearer token when held, else anonymous.
        client.get_optional().await.unwrap();
        let request = only(&server).await;
        assert_eq!(credentials(&request), [None, None, None, None]);
        let client = self::client(&server, Credentials::new().bearer_auth("b3arer"));
        client.get_optional().await.unwrap();
        let request = only(&server).await;
        assert_eq!(
            credentials(&request),
            [Some("Bearer b3arer"), None, None, None]
        );
    }

    #[tokio::test]
    async fn an_unmet_requirement_is_refused_before_sending() {
        let server = server().await;
        // Half of an AND-combination.
        let client = client(&server, Credentials::new().api_key_header("h3ader"));
        match client.get_both().await {
            Err(Error::MissingCredentials { required }) => {
                assert!(
                    required.contains("`apiKeyHeader` and `apiKeyQuery`"),
                    "{required}"
                );
            }
            other => panic!("expected MissingCredentials, got {other:?}"),
        }
        assert!(take(&server).await.is_empty());
    }

    #[test]
    fn debug_never_shows_secrets() {
        let credentials = everything();
        let client = Client::new(credentials.clone());
        for text in [format!("{credentials:?}"), format!("{client:?}")] {
            for secret in [
                "p4ssw0rd", "b3arer", "h3ader", "qu3ry", "c00kie", "oau7h", "o1dc",
            ] {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
            assert!(text.contains("apiKeyCookie"), "{text}");
        }
        assert_eq!(format!("{:?}", Credentials::default()), "None");
    }
}

mod servers {
    use super::*;
    use fixture_client::servers::{Client, ClientBuilder, Error, RetryPolicy};

    /// A client whose templated document server points at `server` through its variables.
    fn pointed_at(server: &MockServer) -> ClientBuilder {
        Client::builder()
            .server_variable("host", "127.0.0.1")
            .server_variable("port", server.address().port().to_string())
            .retry(RetryPolicy::none())
    }

    #[tokio::test]
    async fn server_variables_are_substituted() {
        let server = server().await;
        // `version` keeps its default.
        let client = pointed_at(&server).build().unwrap();
        client.list_items().await.unwrap();
        assert_eq!(only(&server).await.url.path(), "/v2/items");
        // And can be set to another allowed value.
        let client = pointed_at(&server)
            .server_variable("version", "v1")
            .build()
            .unwrap();
        client.create_item().await.unwrap();
        let request = only(&server).await;
        assert_eq!(
            (request.method.as_str(), request.url.path()),
            ("POST", "/v1/items")
        );
    }

    #[tokio::test]
    async fn a_value_outside_the_enum_is_refused() {
        let server = server().await;
        let client = pointed_at(&server)
            .server_variable("version", "v9")
            .build()
            .unwrap();
        match client.list_items().await {
            Err(Error::InvalidBaseUrl { reason, .. }) => {
                assert!(
                    reason.contains("`version` must be one of `v1`, `v2`"),
                    "{reason}"
                );
            }
            other => panic!("expected InvalidBaseUrl, got {other:?}"),
        }
        assert!(take(&server).await.is_empty());
    }

    #[tokio::test]
    async fn a_relative_server_is_resolved_against_server_base() {
        let server = server().await;
        let client = Client::builder().server_base(server.uri()).build().unwrap();
        client.get_relative().await.unwrap();
        assert_eq!(only(&server).await.url.path(), "/api/v3/relative");

        // Without `server_base` it has nowhere to go.
        match Client::new().get_relative().await {
            Err(Error::NoServer { reason }) => assert!(reason.contains("server_base"), "{reason}"),
            other => panic!("expected NoServer, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn the_base_url_overrides_every_server() {
        let server = server().await;
        let client = Client::builder().base_url(server.uri()).build().unwrap();
        client.get_tenant().await.unwrap();
        client.get_relative().await.unwrap();
        client.list_items().await.unwrap();
        let paths: Vec<String> = take(&server)
            .await
            .iter()
            .map(|r| r.url.path().to_owned())
            .collect();
        assert_eq!(paths, ["/tenant", "/relative", "/items"]);
    }
}

mod no_servers {
    use super::*;
    use fixture_client::no_servers::{Client, Error};

    #[tokio::test]
    async fn the_base_url_is_a_constructor_argument() {
        let server = server().await;
        let client = Client::new(server.uri(), "s3ssion").unwrap();
        assert_eq!(client.base_url(), Some(server.uri().as_str()));
        client.ping().await.unwrap();
        let request = only(&server).await;
        assert_eq!(request.url.path(), "/v1/Ping");
        assert_eq!(header(&request, "Cookie"), Some("session=s3ssion"));
        assert!(!format!("{client:?}").contains("s3ssion"));
    }

    #[test]
    fn a_bad_base_url_is_an_error_not_a_panic() {
        for bad in [
            "not a url",
            "ftp://example.com",
            "https://user:pw@example.com",
        ] {
            match Client::new(bad, "key") {
                Err(Error::InvalidBaseUrl { .. }) => {}
                other => panic!("{bad}: expected InvalidBaseUrl, got {other:?}"),
            }
        }
    }
}
