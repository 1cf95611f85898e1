//! Unit tests of the harness generator's value synthesis (`harness/pattern.rs`,
//! `harness/values.rs`), which build.rs uses and so cannot test itself.

// The modules are shared with build.rs; this target uses only part of them.
#![allow(dead_code)]

#[path = "../harness/pattern.rs"]
mod pattern;
#[path = "../harness/spec.rs"]
mod spec;
#[path = "../harness/values.rs"]
mod values;
