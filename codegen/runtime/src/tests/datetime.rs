//! The date-time adapters: what they read (RFC 3339, RFC 2822, a date-time without offset as
//! UTC) and what they write (unchanged by the lenient reading).

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Deserialize, Serialize, PartialEq)]
struct Stamps {
    #[serde(with = "crate::__private::rfc3339")]
    iso: DateTime<Utc>,
    #[serde(with = "crate::__private::rfc2822")]
    mail: DateTime<Utc>,
    #[serde(default, with = "crate::__private::rfc3339_option")]
    maybe: Option<DateTime<Utc>>,
}

fn at(hour: u32, minute: u32, second: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2018, 1, 1, hour, minute, second)
        .unwrap()
}

fn decode(iso: &str, mail: &str, maybe: &str) -> serde_json::Result<Stamps> {
    serde_json::from_str(&format!(
        r#"{{"iso":"{iso}","mail":"{mail}","maybe":"{maybe}"}}"#
    ))
}

#[test]
fn a_date_time_without_offset_is_read_as_utc_by_every_adapter() {
    let stamps = decode(
        "2018-01-01T00:01:01",
        "2018-01-01 00:01:01",
        "2018-01-01T00:01:01.5",
    )
    .unwrap();
    assert_eq!(stamps.iso, at(0, 1, 1));
    assert_eq!(stamps.mail, at(0, 1, 1));
    assert_eq!(
        stamps.maybe,
        Some(at(0, 1, 1) + chrono::Duration::milliseconds(500))
    );
}

#[test]
fn rfc_3339_and_rfc_2822_are_read_as_before() {
    let stamps = decode(
        "2018-01-01T02:01:01+02:00",
        "Mon, 01 Jan 2018 00:01:01 +0000",
        "2018-01-01T00:01:01Z",
    )
    .unwrap();
    assert_eq!(stamps.iso, at(0, 1, 1));
    assert_eq!(stamps.mail, at(0, 1, 1));
    assert_eq!(stamps.maybe, Some(at(0, 1, 1)));
}

#[test]
fn writing_is_unchanged_by_lenient_reading() {
    let stamps = decode(
        "2018-01-01T00:01:01",
        "2018-01-01T00:01:01",
        "2018-01-01T00:01:01",
    )
    .unwrap();
    assert_eq!(
        serde_json::to_string(&stamps).unwrap(),
        r#"{"iso":"2018-01-01T00:01:01Z","mail":"Mon, 1 Jan 2018 00:01:01 +0000","maybe":"2018-01-01T00:01:01Z"}"#
    );
}

#[test]
fn not_a_date_time_is_refused() {
    for bad in [
        "2018-01-01",
        "00:01:01",
        "2018-13-01T00:01:01",
        "yesterday",
        "",
    ] {
        let error = decode(bad, bad, bad).unwrap_err().to_string();
        assert!(
            error.contains("without offset, read as UTC"),
            "{bad}: {error}"
        );
    }
}
