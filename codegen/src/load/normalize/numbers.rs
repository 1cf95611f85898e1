//! Numbers that do not fit what openapiv3 reads them into.
//!
//! A generic value holds any JSON number (integers beyond 64 bits become `f64`, YAML
//! infinities `null`), but openapiv3 reads an integer schema's bounds as `i64` and every
//! length or count as `usize`. A bound that does not fit is removed with a warning: it only
//! documents a constraint, and a document must not fail to load for it. Data (`enum`,
//! `default`, `example`) is left as the generic value holds it.

use serde_json::{Map, Number, Value};

use super::Warnings;
use crate::diagnostics::Pointer;

/// Bounds read as `i64` in an integer schema, as `f64` in others.
const INTEGER_BOUNDS: &[&str] = &["minimum", "maximum", "multipleOf"];

/// Counts read as `usize` in every schema.
const COUNTS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// Makes the bounds and counts of `schema` (at `at`) readable, removing those that cannot be.
pub(super) fn fit_bounds(
    schema: &mut Map<String, Value>,
    at: &Pointer,
    warnings: &mut Warnings<'_>,
) {
    let is_integer = schema.get("type").and_then(Value::as_str) == Some("integer");
    for key in INTEGER_BOUNDS {
        if is_integer {
            fit(schema, key, at, warnings, "a 64-bit integer", as_i64);
        } else {
            // Any JSON number reads as f64; a YAML number too large for f64 reads as a string.
            fit(schema, key, at, warnings, "a 64-bit number", |n| {
                Some(n.clone())
            });
        }
    }
    for key in COUNTS {
        fit(
            schema,
            key,
            at,
            warnings,
            "an unsigned 64-bit count",
            as_u64,
        );
    }
    for key in ["exclusiveMinimum", "exclusiveMaximum"] {
        // Numeric ones were rewritten already; anything else but a flag cannot be read.
        if schema.get(key).is_some_and(|v| !v.is_boolean()) {
            let shown = schema
                .remove(key)
                .map(|v| v.to_string())
                .unwrap_or_default();
            warnings.push(
                &at.join(key),
                format!(
                    "`{key}: {shown}` is neither a number nor a boolean, so it cannot be \
                     read; the bound is ignored"
                ),
            );
        }
    }
}

/// Rewrites `schema[key]` as the number `convert` makes of it, or removes it with a warning.
fn fit(
    schema: &mut Map<String, Value>,
    key: &str,
    at: &Pointer,
    warnings: &mut Warnings<'_>,
    what: &str,
    convert: fn(&Number) -> Option<Number>,
) {
    let Some(value) = schema.get_mut(key) else {
        return;
    };
    let converted = match value {
        Value::Number(n) => convert(n),
        _ => None,
    };
    match converted {
        Some(n) => *value = Value::Number(n),
        None => {
            let shown = value.to_string();
            schema.remove(key);
            warnings.push(
                &at.join(key),
                format!(
                    "`{key}: {shown}` is not {what}, so it cannot be read; the bound is ignored"
                ),
            );
        }
    }
}

/// `n` as an `i64`, also when written as an integral float within range (`1.0`, `-9.2e18`).
fn as_i64(n: &Number) -> Option<Number> {
    if let Some(i) = n.as_i64() {
        return Some(i.into());
    }
    let f = n.as_f64()?;
    // i64::MAX as f64 rounds up to 2^63, which does not fit: the upper bound is exclusive.
    let fits = f.fract() == 0.0 && f >= i64::MIN as f64 && f < i64::MAX as f64;
    #[allow(clippy::cast_possible_truncation)]
    fits.then(|| (f as i64).into())
}

/// `n` as a `u64` (what `usize` reads on 64-bit targets), also when written as an integral
/// float within range.
fn as_u64(n: &Number) -> Option<Number> {
    if let Some(u) = n.as_u64() {
        return usize::try_from(u).ok().map(|_| u.into());
    }
    let f = n.as_f64()?;
    let fits = f.fract() == 0.0 && f >= 0.0 && f < u32::MAX as f64;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    fits.then(|| (f as u64).into())
}
