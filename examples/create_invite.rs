//! Creates an invite, then lists the channel's invites.
//!
//! ```sh
//! TWILIO_ACCOUNT_SID=AC... TWILIO_AUTH_TOKEN=... \
//!   cargo run --example create_invite -- IS... CH... alice
//! ```
//!
//! Set `TWILIO_BASE_URL` (e.g. `http://127.0.0.1:4010`) to talk to a mock server instead.

use std::process::ExitCode;

use futures::TryStreamExt;
use twilio_chat::{Client, CreateInviteRequest, ListInviteParams};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), String> {
    let env = |name: &str| std::env::var(name).map_err(|_| format!("set {name}"));
    let account_sid = env("TWILIO_ACCOUNT_SID")?;
    let auth_token = env("TWILIO_AUTH_TOKEN")?;
    let mut args = std::env::args().skip(1);
    let usage = "usage: create_invite SERVICE_SID CHANNEL_SID IDENTITY";
    let service_sid = args.next().ok_or(usage)?;
    let channel_sid = args.next().ok_or(usage)?;
    let identity = args.next().ok_or(usage)?;

    let mut builder = Client::builder(account_sid, auth_token);
    if let Ok(base_url) = std::env::var("TWILIO_BASE_URL") {
        builder = builder.base_url(base_url);
    }
    let client = builder.build().map_err(|e| e.to_string())?;

    let body = CreateInviteRequest {
        identity,
        ..Default::default()
    };
    let invite = client
        .create_invite(&service_sid, &channel_sid, &body)
        .await
        .map_err(|e| e.to_string())?;
    println!("created invite {:?} for {:?}", invite.sid, invite.identity);

    let invites: Vec<_> = client
        .list_invite_stream(&service_sid, &channel_sid, &ListInviteParams::default())
        .try_collect()
        .await
        .map_err(|e| e.to_string())?;
    println!("the channel has {} invite(s)", invites.len());
    Ok(())
}
