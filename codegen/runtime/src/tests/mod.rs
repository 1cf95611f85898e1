//! Unit tests of the run-time support, outside the module that standalone crates copy (so
//! those crates do not carry them). They use what generated code uses (`__private`), and
//! `Client::prepare` to see a request as it would go on the wire.

mod style;
