//! The generated types on their own (no HTTP): how `date-time` fields read and write, and
//! that a decoded Invite survives a serialize/deserialize round trip.

mod common;

use common::*;
use twilio_chat::{ChatV1ServiceChannelInvite, ListInviteResponse};

fn parse(json: &str) -> Result<ChatV1ServiceChannelInvite, serde_json::Error> {
    serde_json::from_str(json)
}

#[test]
fn date_times_accept_rfc3339_rfc2822_null_and_missing() {
    for value in [
        r#""2015-07-30T20:00:00Z""#,
        r#""2015-07-30T22:00:00+02:00""#,
        r#""2015-07-30t20:00:00z""#,
        r#"" 2015-07-30T20:00:00Z ""#,
        r#""Thu, 30 Jul 2015 20:00:00 +0000""#,
        r#""Thu, 30 Jul 2015 16:00:00 -0400""#,
        r#""Thu, 30 Jul 2015 20:00:00 GMT""#,
    ] {
        let json = format!(r#"{{"date_created": {value}, "date_updated": {value}}}"#);
        let invite = parse(&json).unwrap_or_else(|e| panic!("{value}: {e}"));
        assert_eq!(invite.date_created, Some(example_time()), "{value}");
        assert_eq!(invite.date_updated, Some(example_time()), "{value}");
    }

    let invite = parse(r#"{"date_created": null, "date_updated": null}"#).unwrap();
    assert_eq!((invite.date_created, invite.date_updated), (None, None));
    let invite = parse("{}").unwrap();
    assert_eq!((invite.date_created, invite.date_updated), (None, None));
}

#[test]
fn unparseable_date_times_are_errors_naming_both_formats() {
    for value in [
        r#""yesterday""#,
        r#""""#,
        r#""2015-07-30""#,
        r#""2015-13-30T20:00:00Z""#,
    ] {
        let error = parse(&format!(r#"{{"date_created": {value}}}"#))
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("RFC 3339") && error.contains("RFC 2822"),
            "{value}: {error}"
        );
    }
    // Unix timestamps are not a documented Twilio format.
    let error = parse(r#"{"date_updated": 1438286400}"#)
        .unwrap_err()
        .to_string();
    assert!(error.contains("invalid type: integer"), "{error}");
}

#[test]
fn date_times_serialize_as_rfc3339_utc_and_none_is_omitted() {
    let invite = ChatV1ServiceChannelInvite {
        date_created: Some(example_time()),
        date_updated: Some(example_time() + chrono::Duration::milliseconds(250)),
        ..ChatV1ServiceChannelInvite::default()
    };
    assert_eq!(
        serde_json::to_string(&invite).unwrap(),
        r#"{"date_created":"2015-07-30T20:00:00Z","date_updated":"2015-07-30T20:00:00.250Z"}"#
    );
    assert_eq!(
        serde_json::to_string(&ChatV1ServiceChannelInvite::default()).unwrap(),
        "{}"
    );
}

#[test]
fn spec_examples_round_trip_through_the_generated_types() {
    let invite = parse(INVITE_EXAMPLE).unwrap();
    assert_eq!(invite, example_invite());
    let reencoded = serde_json::to_value(&invite).unwrap();
    assert_eq!(
        reencoded,
        serde_json::from_str::<serde_json::Value>(INVITE_EXAMPLE).unwrap()
    );

    let page: ListInviteResponse = serde_json::from_str(READ_FULL_EXAMPLE).unwrap();
    let again: ListInviteResponse =
        serde_json::from_str(&serde_json::to_string(&page).unwrap()).unwrap();
    assert_eq!(again, page);
}
