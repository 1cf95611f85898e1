//! Property test: no path-parameter value, whatever its characters, can change the request's
//! path or query. Each value is sent as exactly one percent-encoded segment that decodes back
//! to itself; values URL normalization would collapse (`.`, `..`) and empty ones are refused
//! before any request is made.

mod common;

use common::{client_for, CHANNEL_SID, INVITE_SID};
use proptest::prelude::*;
use twilio_chat::Error;
use wiremock::matchers::any as any_request;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Strings that lean on the characters that matter for URLs, plus arbitrary unicode.
fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(
            prop_oneof![
                Just("/"),
                Just("?"),
                Just("#"),
                Just("%"),
                Just("."),
                Just(".."),
                Just(" "),
                Just("&"),
                Just("="),
                Just("+"),
                Just("%2e"),
                Just("%2F"),
                Just("\\"),
                Just(";"),
                Just("@"),
                Just(":"),
                Just("\u{0}"),
                Just("\n"),
                Just("é"),
                Just("名"),
                Just("a"),
            ],
            0..8,
        )
        .prop_map(|parts| parts.concat()),
        proptest::collection::vec(any::<char>(), 0..12)
            .prop_map(|chars| chars.into_iter().collect()),
    ]
}

fn decode(segment: &str) -> String {
    let bytes: Vec<u8> = percent_decode(segment.as_bytes());
    String::from_utf8(bytes).unwrap_or_default()
}

fn percent_decode(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        if input[i] == b'%' && i + 2 < input.len() {
            if let Ok(byte) = u8::from_str_radix(
                std::str::from_utf8(&input[i + 1..i + 3]).unwrap_or("zz"),
                16,
            ) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(input[i]);
        i += 1;
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    #[test]
    fn a_path_parameter_is_always_one_segment(value in hostile_string()) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async {
            let server = MockServer::start().await;
            Mock::given(any_request()).respond_with(ResponseTemplate::new(204)).mount(&server).await;
            let client = client_for(&server);
            let outcome = client.delete_invite(&value, CHANNEL_SID, INVITE_SID).await;
            let requests = server.received_requests().await.unwrap_or_default();
            if value.is_empty() || value == "." || value == ".." {
                prop_assert!(matches!(outcome, Err(Error::InvalidParameter { .. })), "{:?}", outcome);
                prop_assert!(requests.is_empty());
                return Ok(());
            }
            prop_assert!(outcome.is_ok(), "{:?}", outcome);
            prop_assert_eq!(requests.len(), 1);
            let url = &requests[0].url;
            prop_assert_eq!(url.query(), None);
            prop_assert_eq!(url.fragment(), None);
            let segments: Vec<&str> = url.path().trim_start_matches('/').split('/').collect();
            prop_assert_eq!(segments.len(), 7, "{}", url.path());
            prop_assert_eq!(&segments[..2], &["v1", "Services"]);
            prop_assert_eq!(&segments[3..], &["Channels", CHANNEL_SID, "Invites", INVITE_SID]);
            prop_assert_eq!(decode(segments[2]), value);
            Ok(())
        })?;
    }
}
