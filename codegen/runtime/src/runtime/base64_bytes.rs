//! [`Base64Bytes`]: the Rust type of `type: string, format: byte` (and of 3.1's
//! `contentEncoding: base64`), bytes that travel as base64 text.

use std::fmt;
use std::ops::Deref;

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::prelude::{Engine as _, BASE64_STANDARD};
use serde::de::{self, Deserializer, Visitor};
use serde::{Serialize, Serializer};

/// Decoding accepts padded and unpadded input alike: servers differ, and the padding carries
/// no information.
const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const URL_SAFE_LENIENT: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// Bytes that are base64 text on the wire (`format: byte`).
///
/// Sent in the standard alphabet with padding (RFC 4648 §4, which OpenAPI names); read in the
/// standard or the URL-safe alphabet, padded or not, since servers write both. It derefs to
/// `[u8]` and converts from and into `Vec<u8>`; `Display` writes the base64 text, which is
/// how it is sent as a parameter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Base64Bytes(pub Vec<u8>);

impl Base64Bytes {
    /// Decodes base64 text (either alphabet, padded or not).
    ///
    /// # Errors
    ///
    /// The decoder's error when `text` is not base64.
    pub fn decode(text: &str) -> Result<Self, base64::DecodeError> {
        STANDARD_LENIENT
            .decode(text)
            .or_else(|error| URL_SAFE_LENIENT.decode(text).map_err(|_| error))
            .map(Self)
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, owned.
    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }
}

impl Deref for Base64Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Base64Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Base64Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Base64Bytes {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl From<Base64Bytes> for Vec<u8> {
    fn from(bytes: Base64Bytes) -> Self {
        bytes.0
    }
}

impl fmt::Display for Base64Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&BASE64_STANDARD.encode(&self.0))
    }
}

impl Serialize for Base64Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&BASE64_STANDARD.encode(&self.0))
    }
}

struct Base64Text;

impl Visitor<'_> for Base64Text {
    type Value = Base64Bytes;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a base64 string")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Base64Bytes, E> {
        Base64Bytes::decode(text).map_err(|error| E::custom(format!("invalid base64: {error}")))
    }
}

impl<'de> serde::Deserialize<'de> for Base64Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(Base64Text)
    }
}

#[cfg(test)]
mod tests {
    use super::Base64Bytes;

    #[test]
    fn sends_standard_padded_and_reads_every_common_form() {
        let bytes = Base64Bytes(vec![0xfb, 0xff, 0x01]);
        assert_eq!(serde_json::to_string(&bytes).unwrap(), r#""+/8B""#);
        assert_eq!(Base64Bytes(b"ab".to_vec()).to_string(), "YWI=");
        for text in [r#""+/8B""#, r#""-_8B""#] {
            assert_eq!(serde_json::from_str::<Base64Bytes>(text).unwrap(), bytes);
        }
        for text in [r#""YWI=""#, r#""YWI""#] {
            assert_eq!(
                serde_json::from_str::<Base64Bytes>(text)
                    .unwrap()
                    .as_bytes(),
                b"ab"
            );
        }
    }

    #[test]
    fn rejects_text_that_is_not_base64_with_a_message() {
        let error = serde_json::from_str::<Base64Bytes>(r#""not base64!""#).unwrap_err();
        assert!(error.to_string().contains("invalid base64"), "{error}");
        assert!(serde_json::from_str::<Base64Bytes>("12").is_err());
    }
}
