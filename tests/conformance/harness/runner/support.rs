//! Helpers the generated harness modules call: decoding JSON with the path of a problem,
//! and serde round trips. Shared, as this file, by `tests/conformance` and the conformance
//! crates `.ci/prism/conform` generates.

use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Decodes `json` into `T`; the error names `what` and the JSON path of the problem.
pub fn decode<T: DeserializeOwned>(what: &str, json: &str) -> Result<T, String> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        format!("{what} does not decode at `{path}`: {}", e.inner())
    })
}

/// Encodes `value` to JSON, decodes it again and checks that nothing changed.
pub fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(
    value: &T,
) -> Result<(), String> {
    let json = serde_json::to_string(value).map_err(|e| format!("does not encode: {e}"))?;
    let again: T = decode("the re-encoded value", &json)?;
    if &again != value {
        return Err(format!(
            "changed in a JSON round trip: {value:?} became {again:?} (via {json})"
        ));
    }
    Ok(())
}

/// Decodes `json` into `T`, then [`round_trip`]s it.
pub fn round_trip_json<T: Serialize + DeserializeOwned + PartialEq + Debug>(
    json: &str,
) -> Result<(), String> {
    let value: T = decode("the example", json)?;
    round_trip(&value)
}
