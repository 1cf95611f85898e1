//! The wire forms of generated string enums: each enum lists its known values once, as
//! `(variant, wire value)` pairs, and its `as_str` and `From<&str>` look them up here instead
//! of spelling two `match`es with a line per value each.

/// The wire value of `known`, a variant listed in `values` (empty if it is not listed, which
/// generated code never asks).
pub fn enum_wire<T: PartialEq>(values: &[(T, &'static str)], known: &T) -> &'static str {
    values
        .iter()
        .find(|(variant, _)| variant == known)
        .map_or("", |(_, wire)| wire)
}

/// The variant whose wire value is `wire`, if `values` lists one.
pub fn enum_from_wire<T: Clone>(values: &[(T, &'static str)], wire: &str) -> Option<T> {
    values
        .iter()
        .find(|(_, value)| *value == wire)
        .map(|(variant, _)| variant.clone())
}
