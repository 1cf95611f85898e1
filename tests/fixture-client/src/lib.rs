//! Every spec in `tests/fixtures/` compiled into one crate, under `#![deny(warnings)]`.
//!
//! `build.rs` runs the generator on each `tests/fixtures/<stem>.yaml` and this crate includes
//! the result as `pub mod <stem>`: one client per module, all on the one runtime crate. So building this crate checks that every fixture's generated
//! code compiles without a single warning; `tests/snapshots.rs` pins the generated text and
//! `tests/types.rs` checks what the generated types and clients do at run time.
#![deny(warnings)]
#![forbid(unsafe_code)]

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
