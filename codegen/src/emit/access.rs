//! How the client reaches the API, as tokens: its constructors (and the `Credentials` type of
//! a spec with several security schemes), the `static` runtime `Server` of each templated
//! server, and what each request says about its server and credentials.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, DocTable, Runtime};
use crate::model::{Api, ApiKeyLocation, Auth, Operation, Scheme, ServerUrl};

/// `impl Default for Client` when `new()` takes no arguments (no credentials, a server in
/// the spec), as clippy expects `Default` beside it.
pub(crate) fn default_impl(api: &Api) -> Option<TokenStream> {
    (matches!(api.auth, Auth::None) && !api.base_url_required).then(|| {
        quote! {
            impl ::std::default::Default for Client {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    })
}

/// The credential arguments of the constructors for `auth`: parameters, arguments, the
/// runtime `Auth` expression and a phrase for the docs.
struct CredentialArgs {
    params: TokenStream,
    args: TokenStream,
    auth: TokenStream,
    doc: String,
}

fn into_string() -> TokenStream {
    quote!(impl ::std::convert::Into<::std::string::String>)
}

/// The runtime `Auth` constructor for a single-secret `kind`, its parameters and arguments.
fn secret(kind: &Auth, rt: &Runtime) -> (TokenStream, TokenStream, TokenStream, String) {
    let into_string = into_string();
    let auth_type = rt.item("__private::Auth");
    match kind {
        Auth::Basic {
            user_arg,
            password_arg,
        } => {
            let user = ident(user_arg);
            let password = ident(password_arg);
            (
                quote!(#user: #into_string, #password: #into_string),
                quote!(#user, #password),
                quote!(#auth_type::basic(#user, #password)),
                format!("HTTP basic authentication (`{user_arg}` as user name, `{password_arg}` as password)"),
            )
        }
        Auth::Bearer => (
            quote!(token: #into_string),
            quote!(token),
            quote!(#auth_type::bearer(token)),
            "a bearer token".to_owned(),
        ),
        Auth::ApiKey { location, name } => {
            let (constructor, place) = match location {
                ApiKeyLocation::Header => (quote!(api_key_header), "header"),
                ApiKeyLocation::Query => (quote!(api_key_query), "query parameter"),
                ApiKeyLocation::Cookie => (quote!(api_key_cookie), "cookie"),
            };
            // Twilio-era wording for headers and queries, which snapshots pin.
            let doc = match location {
                ApiKeyLocation::Cookie => format!("an API key sent as the `{name}` {place}"),
                _ => format!("an API key sent as `{name}`"),
            };
            (
                quote!(api_key: #into_string),
                quote!(api_key),
                quote!(#auth_type::#constructor(#name, api_key)),
                doc,
            )
        }
        Auth::None | Auth::Several => (
            quote!(),
            quote!(),
            quote!(#auth_type::none()),
            "no credentials".to_owned(),
        ),
    }
}

fn credential_args(api: &Api, rt: &Runtime) -> CredentialArgs {
    match &api.auth {
        Auth::Several => CredentialArgs {
            params: quote!(credentials: Credentials),
            args: quote!(credentials),
            auth: quote!(credentials.auth),
            doc: "the given [`Credentials`] (one per security scheme)".to_owned(),
        },
        kind => {
            let (params, args, auth, doc) = secret(kind, rt);
            CredentialArgs {
                params,
                args,
                auth,
                doc,
            }
        }
    }
}

/// `Client::new`, `Client::builder` and `Client::base_url`.
pub(crate) fn constructors(api: &Api, rt: &Runtime, table: &DocTable) -> TokenStream {
    let CredentialArgs {
        mut params,
        mut args,
        auth,
        doc: credentials_doc,
    } = credential_args(api, rt);
    let builder = rt.item("ClientBuilder");
    let user_agent = quote!(::std::concat!(
        ::std::env!("CARGO_PKG_NAME"),
        "/",
        ::std::env!("CARGO_PKG_VERSION")
    ));
    if api.base_url_required {
        // The spec names no server, so the caller must: the URL is the first argument. A bad
        // URL must not panic, and `new` reports it as `build` does, as an error, rather than
        // deferring it to every request: a client that cannot send anything is better refused
        // where it is made.
        let into_string = into_string();
        params = quote!(base_url: #into_string, #params);
        args = quote!(base_url, #args);
        let error = rt.item("Error");
        let new_doc = table.attr(vec![
            format!("A client for {} {} using {credentials_doc}, sending every request to `base_url` (the spec names no server).", api.title, api.version),
            String::new(),
            "Use [`Client::builder`] to change timeouts or retries.".to_owned(),
            String::new(),
            "# Errors".to_owned(),
            String::new(),
            "`Error::InvalidBaseUrl` when `base_url` is not an absolute `http` or `https` URL with a host and without credentials, query or fragment; `Error::Build` if the TLS backend cannot be initialized.".to_owned(),
        ]);
        let builder_doc = table.line(format!("A builder for a client using {credentials_doc} and sending every request to `base_url`, to set the HTTP client, timeouts and retries (the URL is checked by `build`)."));
        return quote! {
            #new_doc
            pub fn new(#params) -> ::std::result::Result<Self, #error> {
                Self::builder(#args).build()
            }

            #builder_doc
            pub fn builder(#params) -> ClientBuilder {
                // `env!` here names the crate that includes this code, not the runtime.
                #builder::with_auth(#auth, #user_agent).base_url(base_url)
            }

            #[doc = " The base URL set with `new`, `builder` or the builder's `base_url` (normalized, without a trailing `/`)."]
            pub fn base_url(&self) -> ::std::option::Option<&str> {
                self.inner.base_url()
            }
        };
    }
    let servers = default_servers(api);
    let mut new_doc = vec![
        format!("A client for {} {} using {credentials_doc}.", api.title, api.version),
        String::new(),
        format!("Requests go to each operation's server from the spec ({servers}); use [`Client::builder`] to change the base URL, timeouts or retries."),
    ];
    new_doc.extend(server_notes(api));
    new_doc.extend([
        String::new(),
        "# Panics".to_owned(),
        String::new(),
        "If the TLS backend cannot be initialized, as `reqwest::Client::new` does; use [`Client::builder`] to get an error instead.".to_owned(),
    ]);
    let new_doc = table.attr(new_doc);
    let builder_doc = table.line(format!("A builder for a client using {credentials_doc}, to set the base URL, HTTP client, timeouts and retries."));
    quote! {
        #new_doc
        pub fn new(#params) -> Self {
            Self::builder(#args).build_or_panic()
        }

        #builder_doc
        pub fn builder(#params) -> ClientBuilder {
            // `env!` here names the crate that includes this code, not the runtime.
            #builder::with_auth(
                #auth,
                #user_agent,
            )
        }

        /// The base URL override set with the builder's `base_url` (normalized, without a trailing `/`), or `None` when each operation uses its server from the spec.
        pub fn base_url(&self) -> ::std::option::Option<&str> {
            self.inner.base_url()
        }
    }
}

/// The servers operations go to, for the constructor's docs.
fn default_servers(api: &Api) -> String {
    let mut servers: Vec<&str> = api
        .operations
        .iter()
        .map(|op| match &op.server {
            ServerUrl::None => "",
            ServerUrl::Plain(url) => url.as_str(),
            ServerUrl::Template(name) => api
                .servers
                .iter()
                .find(|s| &s.static_name == name)
                .map_or("", |s| s.url.as_str()),
        })
        .collect();
    servers.sort_unstable();
    servers.dedup();
    match servers.as_slice() {
        [] => "none declared".to_owned(),
        [""] => "none declared: set a base URL".to_owned(),
        list => list
            .iter()
            .map(|s| format!("`{s}`"))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Paragraphs on server variables and relative servers, for the constructor's docs.
fn server_notes(api: &Api) -> Vec<String> {
    let mut notes = Vec::new();
    let mut variables: Vec<String> = Vec::new();
    for server in &api.servers {
        for variable in &server.variables {
            let mut text = format!("`{}` (default `{}`", variable.name, variable.default);
            if !variable.allowed.is_empty() {
                let allowed: Vec<String> =
                    variable.allowed.iter().map(|v| format!("`{v}`")).collect();
                text.push_str(&format!("; one of {}", allowed.join(", ")));
            }
            text.push(')');
            if !variables.contains(&text) {
                variables.push(text);
            }
        }
    }
    if !variables.is_empty() {
        notes.push(String::new());
        notes.push(format!(
            "Server variables, set with the builder's `server_variable`: {}.",
            variables.join(", ")
        ));
    }
    let relative = api.operations.iter().any(|op| match &op.server {
        ServerUrl::Plain(url) => !url.contains("://"),
        ServerUrl::Template(name) => api
            .servers
            .iter()
            .any(|s| &s.static_name == name && !s.url.contains("://")),
        ServerUrl::None => false,
    });
    if relative {
        notes.push(String::new());
        notes.push("Relative server URLs (such as `/api/v3`) are resolved against the URL set with the builder's `server_base` (e.g. `https://api.example.com`); without it, or a `base_url`, their requests fail with `Error::NoServer`.".to_owned());
    }
    notes
}

/// Lines for the `Client` docs: the document's servers besides the default.
pub(crate) fn other_servers_doc(api: &Api) -> Vec<String> {
    if api.other_servers.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![
        String::new(),
        "The spec's first server is the default; it also names these (use one with the builder's `base_url`):".to_owned(),
        String::new(),
    ];
    lines.extend(api.other_servers.iter().map(|s| format!("- {s}")));
    lines
}

/// The `static` of each templated server.
pub(crate) fn server_statics(api: &Api, rt: &Runtime, table: &DocTable) -> TokenStream {
    let server = rt.item("__private::Server");
    let variable = rt.item("__private::ServerVariable");
    let statics = api.servers.iter().map(|s| {
        let name = ident(&s.static_name);
        let url = &s.url;
        let doc = table.line(format!(
            "The server `{}` of the spec.",
            url.replace('`', "'")
        ));
        let variables = s.variables.iter().map(|v| {
            let (name, default, allowed) = (&v.name, &v.default, &v.allowed);
            quote!(#variable { name: #name, default: #default, allowed: &[#(#allowed),*] })
        });
        let gate = api
            .tag_features
            .as_ref()
            .and_then(|f| f.servers.get(&s.static_name))
            .map(|features| super::cfg_attr(features));
        quote! {
            #doc
            #gate
            static #name: #server = #server {
                url: #url,
                variables: &[#(#variables),*],
            };
        }
    });
    quote!(#(#statics)*)
}

/// The `server` argument of an operation's `Request::new`.
pub(crate) fn server_tokens(server: &ServerUrl) -> TokenStream {
    match server {
        ServerUrl::None => quote!(""),
        ServerUrl::Plain(url) => quote!(#url),
        ServerUrl::Template(name) => {
            let name = ident(name);
            quote!(&#name)
        }
    }
}

/// `.security(…)` when the operation states which credentials it sends.
pub(crate) fn security_tokens(op: &Operation) -> Option<TokenStream> {
    let security = op.security.as_ref()?;
    let alternatives = security.iter().map(|keys| quote!(&[#(#keys),*]));
    Some(quote!(.security(&[#(#alternatives),*])))
}

/// The `Credentials` type of a spec with several security schemes.
pub(crate) fn credentials_type(api: &Api, rt: &Runtime, table: &DocTable) -> TokenStream {
    if api.auth != Auth::Several {
        return TokenStream::new();
    }
    let auth_type = rt.item("__private::Auth");
    let doc = table.attr(vec![
        format!("Credentials for {} {}: one per security scheme of the spec, each added with the method named after the scheme.", api.title, api.version),
        String::new(),
        "Each operation sends the credentials its security requirement names (the first alternative whose schemes are all given); an operation that requires none sends none. Its `Debug` output never shows secrets.".to_owned(),
    ]);
    let methods = api
        .schemes
        .iter()
        .map(|scheme| scheme_method(scheme, rt, table));
    quote! {
        #doc
        #[derive(Clone, Default)]
        pub struct Credentials {
            auth: #auth_type,
        }

        impl ::std::fmt::Debug for Credentials {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.auth, f)
            }
        }

        impl Credentials {
            /// No credentials yet: add them with the methods named after the spec's security schemes.
            pub fn new() -> Self {
                Self::default()
            }

            #(#methods)*
        }
    }
}

fn scheme_method(scheme: &Scheme, rt: &Runtime, table: &DocTable) -> TokenStream {
    let (params, _, auth, doc) = secret(&scheme.kind, rt);
    let name = ident(&scheme.method);
    let key = &scheme.key;
    let mut lines = vec![format!(
        "These credentials plus {doc}, for the security scheme `{}` (replacing any given before).",
        key.replace('`', "'")
    )];
    if !scheme.docs.is_empty() {
        lines.push(String::new());
        lines.extend(scheme.docs.iter().cloned());
    }
    let doc = table.attr(lines);
    quote! {
        #doc
        pub fn #name(self, #params) -> Self {
            Self {
                auth: self.auth.with(#key, #auth),
            }
        }
    }
}
