//! Path keys with a `#fragment` suffix (`tests/fixtures/path_fragments.yaml`): the request
//! goes to the path before the `#`.

mod support;

use fixture_client::path_fragments::{Client, RetryPolicy};
use serde_json::json;
use support::{answering, only_request};
use wiremock::ResponseTemplate;

#[tokio::test]
async fn the_fragment_is_not_part_of_the_request_path() {
    let server = answering(ResponseTemplate::new(200).set_body_json(json!({"name": "a b"}))).await;
    let client = Client::builder()
        .base_url(server.uri())
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let item = client.get_item_by_id_or_name("a b").await.unwrap();
    assert_eq!(item.name, "a b");
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/v1/items/a%20b");
    assert_eq!(request.url.fragment(), None);
}
