//! Typed async client for Twilio Chat v1 Invites, generated at build time from the OpenAPI
//! spec in `spec/` by the `specweave` crate; it runs on `specweave-runtime`.
//!
//! ```no_run
//! use twilio_chat::{Client, CreateInviteRequest};
//!
//! # async fn run() -> Result<(), twilio_chat::Error> {
//! let client = Client::new("ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "your_auth_token");
//! let invite = client
//!     .create_invite(
//!         "ISxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
//!         "CHxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
//!         &CreateInviteRequest { identity: "alice".into(), ..Default::default() },
//!     )
//!     .await?;
//! println!("invited {:?} as {:?}", invite.identity, invite.sid);
//! # Ok(())
//! # }
//! ```
//!
//! Every operation is an async method on [`Client`]; request and response types live in
//! [`types`] and are re-exported here. Failures are [`Error`]s: a non-2xx answer is
//! [`Error::Api`] carrying Twilio's error code and message ([`ApiError`]).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

include!(concat!(env!("OUT_DIR"), "/twilio_chat.rs"));
