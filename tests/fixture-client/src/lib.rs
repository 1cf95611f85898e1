//! Every spec in `tests/fixtures/` compiled into one crate, under `#![deny(warnings)]`.
//!
//! `build.rs` runs the generator on each `tests/fixtures/<stem>.yaml` and this crate includes
//! the result as `pub mod <stem>`, next to its own copy of the runtime (exactly how a real
//! client crate is laid out). So building this crate checks that every fixture's generated
//! code compiles without a single warning; `tests/snapshots.rs` pins the generated text and
//! `tests/types.rs` checks what the generated types and clients do at run time.
#![deny(warnings)]
#![forbid(unsafe_code)]
// Each fixture gets its own copy of the runtime (as a real client crate would): the
// generated `impl runtime::Client` blocks add different `new` constructors, so the fixtures
// cannot share one `Client` type.
#![allow(clippy::duplicate_mod)]

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
