//! `readOnly`/`writeOnly`, unsigned formats and base64 bytes through the client generated from
//! `tests/fixtures/read_write_unsigned.yaml`: what goes on the wire and what is decoded.

use fixture_client::read_write_unsigned::{types::Device, Client, PutDeviceParams};
use serde_json::json;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_request_leaves_out_read_only_fields_and_a_response_may_omit_write_only_ones() {
    let server = MockServer::start().await;
    // The request: no `id` (read-only), the `pin` (write-only), full-range unsigned values,
    // the `region` the schema requires without declaring it.
    let sent = json!({
        "name": "edge", "pin": "1234", "port": 65535, "mtu": 4294967295u32,
        "serial": u64::MAX, "counter": 255, "firmware": "+/8=", "region": {"zone": "eu-1"}
    });
    // The response: an `id` and an `owner` (read-only through a `$ref`), no `pin` and no
    // `region`; base64 in the URL-safe alphabet, unpadded.
    let stored = json!({
        "id": "dev_1", "owner": "own_1", "name": "edge", "port": 65535, "mtu": 4294967295u32,
        "serial": u64::MAX, "counter": 255, "firmware": "-_8"
    });
    Mock::given(method("PUT"))
        .and(path("/devices/200"))
        .and(query_param("generation", u64::MAX.to_string()))
        .and(query_param("checksum", "YWI="))
        .and(body_json(&sent))
        .respond_with(ResponseTemplate::new(200).set_body_json(&stored))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let device = Device {
        id: None,
        name: "edge".to_owned(),
        pin: Some("1234".to_owned()),
        port: u16::MAX,
        mtu: u32::MAX,
        serial: u64::MAX,
        counter: u8::MAX,
        firmware: Some(vec![0xfb, 0xff].into()),
        owner: None,
        region: Some(json!({"zone": "eu-1"})),
    };
    let params = PutDeviceParams {
        generation: Some(u64::MAX),
        checksum: Some(b"ab".to_vec().into()),
    };
    let stored = client.put_device(200u8, &params, &device).await.unwrap();
    assert_eq!(stored.id.as_deref(), Some("dev_1"));
    assert_eq!(stored.owner.as_deref(), Some("own_1"));
    assert_eq!(stored.pin, None);
    assert_eq!(stored.region, None);
    assert_eq!(stored.serial, u64::MAX);
    assert_eq!(stored.firmware.as_deref(), Some(&[0xfb, 0xff][..]));
}

#[test]
fn an_unsigned_field_refuses_a_negative_value() {
    let error = serde_json::from_value::<Device>(json!({
        "name": "edge", "port": -1, "mtu": 1, "serial": 1, "counter": 1
    }))
    .unwrap_err();
    assert!(error.to_string().contains("-1"), "{error}");
}
