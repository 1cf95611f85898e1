//! Every spec in `tests/fixtures/` compiled into one crate, under `#![deny(warnings)]`.
//!
//! `build.rs` runs the generator on each `tests/fixtures/<stem>.yaml` and this crate includes
//! the result as `pub mod <stem>`: one client per module, all on the one runtime crate. So building this crate checks that every fixture's generated
//! code compiles without a single warning; `tests/snapshots.rs` pins the generated text and
//! `tests/types.rs` checks what the generated types and clients do at run time.
#![deny(warnings)]
#![forbid(unsafe_code)]

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));

/// Struct literals of the `evolving_shape` fixture's types, which are `#[non_exhaustive]`:
/// only the crate that includes the generated code may write them. `tests/evolving_shape.rs`
/// checks that the same values built with `new` and the setters send the same bytes.
#[doc(hidden)]
pub mod evolving_literals {
    use crate::evolving_shape::types::{
        Account, Companion, CreateAccountRequest, ListAccountParams, Note, Pet, Robot, Status,
    };

    /// A form body, every field set.
    pub fn create_account_request() -> CreateAccountRequest {
        CreateAccountRequest {
            friendly_name: "Main".to_owned(),
            status: Some(Status::Closed),
            tags: Some(vec!["a".to_owned(), "b c".to_owned()]),
            limit: Some(5),
        }
    }

    /// A JSON body with a recursive note, a union list, a map and a keyword field.
    pub fn account() -> Account {
        Account {
            sid: "AC1".to_owned(),
            status: Status::Active,
            friendly_name: None,
            note: Some(Note {
                text: "outer".to_owned(),
                reply: Some(Box::new(Note {
                    text: "inner".to_owned(),
                    reply: None,
                })),
            }),
            companions: Some(vec![
                Companion::Pet(Pet {
                    name: "Rex".to_owned(),
                    tag: Some("dog".to_owned()),
                }),
                Companion::Robot(Robot { serial: 42 }),
            ]),
            labels: Some([("team".to_owned(), "core".to_owned())].into()),
            created: None,
            nickname: Some("m".to_owned()),
            tagline: None,
            empty: None,
            wide: None,
            new: Some("fresh".to_owned()),
            clone: Some(true),
            default: None,
            into: None,
            r#type: Some("primary".to_owned()),
            is_primary: Some(true),
            to_number: None,
        }
    }

    /// A params struct: a required and an optional query parameter, a header.
    pub fn list_params() -> ListAccountParams {
        ListAccountParams {
            page_size: 20,
            friendly_name: Some("Main".to_owned()),
            x_trace: Some("t-1".to_owned()),
        }
    }
}
