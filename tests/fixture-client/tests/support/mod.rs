//! Helpers shared by the fixture clients' wire tests.

use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The one request `server` received (fails the test if it received another number).
#[allow(dead_code)] // not every test file uses it
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}

/// A mock server that answers every request with `response`.
#[allow(dead_code)] // not every test file uses it
pub async fn answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}
