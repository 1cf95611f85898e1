//! Unit tests of the run-time support, outside the module that standalone crates copy (so
//! those crates do not carry them). They use what generated code uses (`__private`), and
//! `Client::prepare` to see a request as it would go on the wire.

mod auth;
mod datetime;
mod de;
mod form;
mod requests;
mod servers;
mod sse;
mod style;

use crate::__private::{Auth, Client, GeneratedClient};
use crate::ClientBuilder;

/// The runtime client a generated one would wrap.
struct Plain(Client);

impl GeneratedClient for Plain {
    fn from_runtime(client: Client) -> Self {
        Plain(client)
    }
}

fn builder(auth: Auth) -> ClientBuilder<Plain> {
    ClientBuilder::with_auth(auth, "test/1.0")
}

fn client(auth: Auth) -> Client {
    builder(auth).build().unwrap().0
}

/// The values of header `name` as sent.
fn header_values(request: &reqwest::Request, name: &str) -> Vec<String> {
    request
        .headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}
