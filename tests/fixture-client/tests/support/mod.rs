//! Helpers shared by the fixture clients' wire tests.

use wiremock::{MockServer, Request};

/// The one request `server` received (fails the test if it received another number).
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}
