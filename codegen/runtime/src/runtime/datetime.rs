//! Serde adapters for `date-time` fields, used as
//! `#[serde(with = "::specweave_runtime::__private::rfc3339_option")]`.
//!
//! Twilio documents its timestamps as RFC 2822 but many endpoints send
//! RFC 3339, so every adapter *accepts both* when deserializing and differs
//! only in the format it writes.
//!
//! Some APIs (Linode's, for one) send a date-time without a UTC offset
//! (`2018-01-01T00:01:01`, also with a space for the `T` or with fractional
//! seconds); every adapter reads such a value as UTC. Writing is unchanged:
//! always RFC 3339 with `Z`, or RFC 2822 with `+0000`.

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};
use std::fmt;

const EXPECTED: &str = "an RFC 3339 date-time (e.g. `2015-07-30T20:00:00Z`), \
                        an RFC 2822 date-time (e.g. `Thu, 30 Jul 2015 20:00:00 +0000`) \
                        or a date-time without offset, read as UTC (e.g. `2015-07-30T20:00:00`)";

/// Formats of a date-time without a UTC offset, read as UTC (`%.f` also matches no fraction).
const WITHOUT_OFFSET: [&str; 2] = ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"];

/// Parses RFC 3339, RFC 2822, or a date-time without offset (taken as UTC), normalizing to UTC.
pub(super) fn parse(value: &str) -> Option<DateTime<Utc>> {
    let value = value.trim();
    DateTime::parse_from_rfc3339(value)
        .or_else(|_| DateTime::parse_from_rfc2822(value))
        .ok()
        .map(|parsed| parsed.with_timezone(&Utc))
        .or_else(|| {
            WITHOUT_OFFSET.iter().find_map(|format| {
                NaiveDateTime::parse_from_str(value, format)
                    .ok()
                    .map(|naive| naive.and_utc())
            })
        })
}

fn format_rfc3339(value: &DateTime<Utc>) -> String {
    value.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn format_rfc2822(value: &DateTime<Utc>) -> String {
    value.to_rfc2822()
}

/// Visitor for a required date-time string.
struct DateTimeVisitor;

impl Visitor<'_> for DateTimeVisitor {
    type Value = DateTime<Utc>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTED)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        parse(value).ok_or_else(|| E::invalid_value(de::Unexpected::Str(value), &EXPECTED))
    }
}

/// Visitor for an optional date-time: `null` becomes `None`.
struct OptionVisitor;

impl<'de> Visitor<'de> for OptionVisitor {
    type Value = Option<DateTime<Utc>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "null or {EXPECTED}")
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(DateTimeVisitor).map(Some)
    }
}

fn deserialize_required<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<DateTime<Utc>, D::Error> {
    deserializer.deserialize_str(DateTimeVisitor)
}

fn deserialize_optional<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    deserializer.deserialize_option(OptionVisitor)
}

/// `DateTime<Utc>` written as RFC 3339 (`2015-07-30T20:00:00Z`); reads RFC 3339, RFC 2822 or
/// a date-time without offset (as UTC).
pub mod rfc3339 {
    use super::*;

    /// Serializes as RFC 3339 with a `Z` suffix.
    pub fn serialize<S: Serializer>(
        value: &DateTime<Utc>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format_rfc3339(value))
    }

    /// Deserializes from RFC 3339, RFC 2822 or a date-time without offset (as UTC).
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        deserialize_required(deserializer)
    }
}

/// `Option<DateTime<Utc>>` written as RFC 3339; reads what [`rfc3339`] reads, or `null`.
pub mod rfc3339_option {
    use super::*;

    /// Serializes `Some` as RFC 3339 with a `Z` suffix, `None` as null.
    pub fn serialize<S: Serializer>(
        value: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.serialize_some(&format_rfc3339(value)),
            None => serializer.serialize_none(),
        }
    }

    /// Deserializes from RFC 3339, RFC 2822, a date-time without offset (as UTC) or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        deserialize_optional(deserializer)
    }
}

/// `DateTime<Utc>` written as RFC 2822 (`Thu, 30 Jul 2015 20:00:00 +0000`); reads RFC 3339,
/// RFC 2822 or a date-time without offset (as UTC).
pub mod rfc2822 {
    use super::*;

    /// Serializes as RFC 2822.
    pub fn serialize<S: Serializer>(
        value: &DateTime<Utc>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format_rfc2822(value))
    }

    /// Deserializes from RFC 3339, RFC 2822 or a date-time without offset (as UTC).
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        deserialize_required(deserializer)
    }
}

/// `Option<DateTime<Utc>>` written as RFC 2822; reads what [`rfc2822`] reads, or `null`.
pub mod rfc2822_option {
    use super::*;

    /// Serializes `Some` as RFC 2822, `None` as null.
    pub fn serialize<S: Serializer>(
        value: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.serialize_some(&format_rfc2822(value)),
            None => serializer.serialize_none(),
        }
    }

    /// Deserializes from RFC 3339, RFC 2822, a date-time without offset (as UTC) or `null`.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        deserialize_optional(deserializer)
    }
}
