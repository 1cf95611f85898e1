//! Large recursive response bodies through the client generated from
//! `tests/fixtures/recursive.yaml`, over the wire: the case Prism cannot serve when a spec
//! gives no example (its sampler gives up on large recursive schemas, the conformance
//! harness's "response schema too large for Prism's sampler" rule), so it is checked here.

mod support;

use fixture_client::recursive::{types::ListNode, Client, RetryPolicy};
use serde_json::{json, Value};
use support::{answering, only_request};
use wiremock::ResponseTemplate;

fn client(server: &wiremock::MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

// serde_json refuses JSON nested deeper than 128 levels (its recursion limit), so the bodies
// stay under it: a tree level nests two (object and array), a list node one.

/// A tree `depth` levels deep, each level `width` children wide (only the first one goes on)
/// and a map of two named nodes.
fn tree(depth: usize, width: usize) -> Value {
    let mut node = json!({"name": "leaf"});
    for level in 0..depth {
        let mut children = vec![node];
        children.extend((1..width).map(|i| json!({"name": format!("n{level}-{i}")})));
        node = json!({
            "name": format!("level{level}"),
            "children": children,
            "by_name": {"a": {"name": "a"}, "b": {"name": "b", "children": []}}
        });
    }
    node
}

#[tokio::test]
async fn a_deep_wide_tree_decodes_whole() {
    let body = tree(30, 50);
    let server = answering(ResponseTemplate::new(200).set_body_json(&body)).await;
    let decoded = client(&server).fetch_tree().await.unwrap();
    assert_eq!(serde_json::to_value(&decoded).unwrap(), body);
    let mut node = &decoded;
    let mut depth = 0;
    while let Some(first) = node.children.as_ref().and_then(|c| c.first()) {
        assert_eq!(node.children.as_ref().map(Vec::len), Some(50));
        node = first;
        depth += 1;
    }
    assert_eq!((depth, node.name.as_str()), (30, "leaf"));
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/v1/Tree");
}

#[tokio::test]
async fn a_long_boxed_list_decodes_inside_its_holder() {
    let mut list = json!({"value": 0});
    for value in 1..60 {
        list = json!({"value": value, "next": list, "meta": {"previous": {"value": -value}}});
    }
    let body = json!({"head": list, "tree": tree(3, 2)});
    let server = answering(ResponseTemplate::new(200).set_body_json(&body)).await;
    let head = ListNode {
        value: 1,
        ..Default::default()
    };
    let holder = client(&server).reverse_list(&head).await.unwrap();
    assert_eq!(serde_json::to_value(&holder).unwrap(), body);
    let mut node = holder.head.as_ref();
    let mut length = 0;
    while let Some(current) = node {
        length += 1;
        node = current.next.as_deref();
    }
    assert_eq!(length, 60);
}
