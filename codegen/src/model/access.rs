//! How a client reaches the API: its security schemes and credentials ([`Auth`],
//! [`Scheme`], [`Security`]) and the servers its operations go to ([`ServerUrl`],
//! [`ServerTemplate`]). All decided by lowering; the emitter only spells them.

/// The credentials the client's constructors take.
///
/// With exactly one usable security scheme the constructors take that scheme's secret
/// directly (`Client::new(user, password)`, `Client::new(token)`, `Client::new(api_key)`);
/// with several they take a generated `Credentials` value with one method per scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// No security scheme: `Client::new()`.
    None,
    /// HTTP basic: `Client::new(user, password)`; argument names come from the scheme's key
    /// when it reads as two words (`accountSid_authToken` → `account_sid`, `auth_token`).
    Basic {
        /// Rust name of the first constructor argument.
        user_arg: String,
        /// Rust name of the second constructor argument.
        password_arg: String,
    },
    /// HTTP bearer (and the access token of OAuth 2 / OpenID Connect): `Client::new(token)`.
    Bearer,
    /// An API key sent in a header, the query string or a cookie: `Client::new(api_key)`.
    ApiKey {
        /// Where the key goes.
        location: ApiKeyLocation,
        /// Header, query parameter or cookie name.
        name: String,
    },
    /// Several schemes ([`Api::schemes`](super::Api::schemes)): `Client::new(credentials)`
    /// with a generated `Credentials` builder holding one credential per scheme.
    Several,
}

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    /// As a request header.
    Header,
    /// As a query parameter.
    Query,
    /// As a cookie (one pair of the `Cookie` header).
    Cookie,
}

/// A security scheme the client can send credentials for (a `components.securitySchemes`
/// entry that some security requirement names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    /// The scheme's key in the spec: its name on the runtime's side (`Auth::with`) and in
    /// operations' [`Security`] requirements.
    pub key: String,
    /// Rust name of its `Credentials` method (the key through [`crate::names`]).
    pub method: String,
    /// What the credential is and how it is sent ([`Auth::Several`] never occurs here).
    pub kind: Auth,
    /// The spec's description, if any.
    pub docs: super::Docs,
}

/// The security requirement an operation states to the runtime (`Request::security`), when
/// it is not "send every credential the client holds".
///
/// Alternatives in order of preference, each the keys of the schemes sent together (an
/// empty alternative, `{}` in the spec, accepts anonymous access and comes last); no
/// alternative at all sends no credentials (`security: []`, or no requirement anywhere).
pub type Security = Vec<Vec<String>>;

/// The server an operation goes to unless the client's base URL overrides it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerUrl {
    /// The spec names none: the caller must set a base URL.
    None,
    /// A URL without variables, trailing `/` trimmed; relative ones (`/api/v3`) are resolved
    /// by the runtime against `ClientBuilder::server_base`.
    Plain(String),
    /// A URL template with variables: the [`ServerTemplate::static_name`] of one of
    /// [`Api::servers`](super::Api::servers).
    Template(String),
}

/// A templated server URL, emitted once as a `static` and shared by its operations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerTemplate {
    /// Rust name of the `static` (SCREAMING_SNAKE_CASE).
    pub static_name: String,
    /// The URL template (trailing `/` trimmed), `{name}` for each variable.
    pub url: String,
    /// Its variables, in the spec's order.
    pub variables: Vec<ServerVariable>,
}

/// One variable of a [`ServerTemplate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerVariable {
    /// The name inside `{…}`.
    pub name: String,
    /// The spec's default.
    pub default: String,
    /// The allowed values (`enum`); empty for any.
    pub allowed: Vec<String>,
}
