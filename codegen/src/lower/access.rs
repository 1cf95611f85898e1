//! Security schemes, operation security requirements and servers → [`Auth`], [`Scheme`]s,
//! [`Security`] and [`ServerUrl`]s.
//!
//! The decisions, all made here so the emitter only spells them:
//!
//! - A scheme is usable when some security requirement of the spec (document or operation)
//!   names it and the client can send it: http `basic` and `bearer`, `apiKey` in a header, the
//!   query or a cookie, and `oauth2` / `openIdConnect` (the caller obtains the access token,
//!   sent as a bearer token). A `$ref` to `#/components/securitySchemes/…` is resolved.
//! - No usable scheme: [`Auth::None`]. Exactly one: that scheme's single-secret form (the
//!   constructors of a one-scheme spec take the secret directly). Several: [`Auth::Several`].
//! - An operation's effective requirement is its own `security`, else the document's. It is
//!   recorded only when it matters (see [`decide_security`]): a single requirement naming every
//!   scheme the client has is "send everything held", the runtime's default.
//! - An operation's server is its own first, else its path's, else the document's; a URL with
//!   `{variables}` becomes a shared [`ServerTemplate`] (one per distinct URL and variables).

use std::collections::HashSet;

use openapiv3::{ReferenceOr, SecurityRequirement, SecurityScheme, Server};

use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::docs;
use crate::model::{
    ApiKeyLocation, Auth, Scheme, Security, ServerTemplate, ServerUrl, ServerVariable,
};
use crate::names;

/// Constructor arguments besides the credentials: a basic scheme's argument names must not
/// take them.
const CONSTRUCTOR_ARGS: &[&str] = &["base_url", "credentials"];

/// The constructors' form for `schemes` (all usable, see the module docs).
pub(super) fn auth_for(schemes: &[Scheme]) -> Auth {
    match schemes {
        [] => Auth::None,
        [only] => only.kind.clone(),
        _ => Auth::Several,
    }
}

/// What an operation tells the runtime about its credentials, from its effective security
/// requirement (`None`: the spec states none), given the client's usable `schemes`.
///
/// `None` (nothing emitted) when the client has no scheme, or when the requirement is the one
/// alternative "every scheme the client has" (what the runtime sends by default). Otherwise the
/// alternatives, keeping those whose schemes are all usable (the others are returned, by index,
/// to be reported), with anonymous alternatives (`{}`) last so that credentials the client
/// holds are preferred; no requirement at all, `security: []` or only anonymous alternatives
/// send no credentials (`Some(vec![])`).
pub(super) fn decide_security(
    requirement: Option<&[SecurityRequirement]>,
    schemes: &[Scheme],
) -> (Option<Security>, Vec<usize>) {
    if schemes.is_empty() {
        return (None, Vec::new());
    }
    let Some(requirement) = requirement else {
        return (Some(Vec::new()), Vec::new());
    };
    let mut unusable = Vec::new();
    let mut named: Security = Vec::new();
    let mut anonymous = false;
    for (i, alternative) in requirement.iter().enumerate() {
        if alternative.is_empty() {
            anonymous = true;
            continue;
        }
        if !alternative
            .keys()
            .all(|k| schemes.iter().any(|s| &s.key == k))
        {
            unusable.push(i);
            continue;
        }
        let keys: Vec<String> = alternative.keys().cloned().collect();
        if !named.contains(&keys) {
            named.push(keys);
        }
    }
    if let [only] = named.as_slice() {
        let everything =
            only.len() == schemes.len() && schemes.iter().all(|s| only.contains(&s.key));
        if everything && !anonymous {
            return (None, unusable);
        }
    }
    if anonymous && !named.is_empty() {
        named.push(Vec::new());
    }
    (Some(named), unusable)
}

impl Lowerer<'_> {
    /// Adds this spec's usable schemes to the client's (a key already there, from an earlier
    /// spec, is kept), in `components.securitySchemes` order; reports the others that a
    /// requirement names.
    pub(super) fn collect_schemes(&mut self) {
        let api = &self.spec.api;
        let mut required: Vec<&String> = Vec::new();
        let document = api.security.iter().flatten();
        let operations = api
            .paths
            .paths
            .values()
            .filter_map(|item| item.as_item())
            .flat_map(|item| item.iter().map(|(_, op)| op))
            .flat_map(|op| op.security.iter().flatten());
        for requirement in document.chain(operations) {
            required.extend(requirement.keys());
        }
        let Some(components) = &api.components else {
            return;
        };
        let base = Pointer::root().join("components").join("securitySchemes");
        // A scheme another one points at is used through that one.
        let prefix = "#/components/securitySchemes/";
        let targets: HashSet<String> = components
            .security_schemes
            .values()
            .filter_map(|scheme| match scheme {
                ReferenceOr::Reference { reference } => reference.strip_prefix(prefix),
                ReferenceOr::Item(_) => None,
            })
            .map(super::unescape_pointer_token)
            .collect();
        for (key, scheme) in &components.security_schemes {
            let pointer = base.join(key);
            if !required.contains(&key) && !targets.contains(key) {
                // OpenAPI: no requirement means no credentials. Said aloud, because a spec
                // that declares a scheme usually means to use it.
                self.warning(
                    &pointer,
                    format!("security scheme `{key}` is declared, but no `security` requirement names it; the client takes no credential for it (add `security` to the document or its operations)"),
                );
                continue;
            }
            if !required.contains(&key) || self.state.schemes.iter().any(|s| &s.key == key) {
                continue;
            }
            let scheme = match scheme {
                ReferenceOr::Item(scheme) => Some(scheme),
                ReferenceOr::Reference { reference } => {
                    self.resolve_ref(reference, "securitySchemes", &pointer, |c, name| {
                        c.security_schemes.get(name)
                    })
                }
            };
            let Some(scheme) = scheme else { continue };
            match scheme_kind(key, scheme) {
                Some(kind) => {
                    let method = self.state.scheme_methods.claim(names::field_name(key));
                    let mut lines: Vec<String> = scheme_description(scheme)
                        .map(docs::lines)
                        .unwrap_or_default();
                    if matches!(
                        scheme,
                        SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. }
                    ) {
                        if !lines.is_empty() {
                            lines.push(String::new());
                        }
                        lines.push("The caller obtains the access token (the client runs no OAuth flow); it is sent as `Authorization: Bearer <token>`.".to_owned());
                    }
                    self.state.schemes.push(Scheme {
                        key: key.clone(),
                        method,
                        kind,
                        docs: lines,
                    });
                }
                None => self.warning(
                    &pointer,
                    format!("security scheme `{key}` is not supported (http schemes other than basic and bearer); requirements naming it are left out"),
                ),
            }
        }
    }

    /// The operation's effective security requirement, decided for the client's schemes
    /// (see [`decide_security`]); alternatives naming an unusable scheme are reported.
    pub(super) fn security_for(
        &mut self,
        op: &openapiv3::Operation,
        pointer: &Pointer,
    ) -> Option<Security> {
        let (requirement, base) = match &op.security {
            Some(own) => (Some(own.as_slice()), pointer.join("security")),
            None => (
                self.spec.api.security.as_deref(),
                Pointer::root().join("security"),
            ),
        };
        let (security, unusable) = decide_security(requirement, &self.state.schemes);
        for i in unusable {
            self.warning(
                &base.join(i.to_string()),
                "this security requirement names a scheme that is not declared or not supported; the operation does not use it",
            );
        }
        security
    }

    /// The operation's own servers, else its path's, else the document's: the first one.
    pub(super) fn server_for(
        &mut self,
        op: &openapiv3::Operation,
        item: &openapiv3::PathItem,
        pointer: &Pointer,
    ) -> ServerUrl {
        let (list, base): (&[Server], Pointer) = if !op.servers.is_empty() {
            (&op.servers, pointer.join("servers"))
        } else if !item.servers.is_empty() {
            (
                &item.servers,
                super::operation::parent(pointer).join("servers"),
            )
        } else {
            (&self.spec.api.servers, Pointer::root().join("servers"))
        };
        let Some(server) = list.first() else {
            return ServerUrl::None;
        };
        let url = server.url.trim_end_matches('/').to_owned();
        if !url.contains('{') {
            return ServerUrl::Plain(url);
        }
        let variables: Vec<ServerVariable> = server
            .variables
            .iter()
            .flatten()
            .map(|(name, variable)| ServerVariable {
                name: name.clone(),
                default: variable.default.clone(),
                allowed: variable.enumeration.clone(),
            })
            .collect();
        if let Some(known) = self
            .state
            .servers
            .iter()
            .find(|s| s.url == url && s.variables == variables)
        {
            return ServerUrl::Template(known.static_name.clone());
        }
        for name in placeholders(&url) {
            if !variables.iter().any(|v| v.name == name) {
                self.warning(
                    &base.join("0").join("url"),
                    format!("server variable `{{{name}}}` is not declared; requests fail until it is set with `ClientBuilder::server_variable`"),
                );
            }
        }
        let static_name = format!("SERVER_{}", self.state.servers.len() + 1);
        self.state.servers.push(ServerTemplate {
            static_name: static_name.clone(),
            url,
            variables,
        });
        ServerUrl::Template(static_name)
    }
}

/// The document's servers after the first, for the client's docs.
pub(super) fn other_servers(servers: &[Server]) -> Vec<String> {
    servers
        .iter()
        .skip(1)
        .map(|server| {
            let url = format!("`{}`", server.url.replace('`', "'"));
            match server.description.as_deref().map(str::trim) {
                Some(description) if !description.is_empty() => {
                    format!("{url}: {}", description.replace('\n', " "))
                }
                _ => url,
            }
        })
        .collect()
}

/// The `{name}`s of a server URL template.
fn placeholders(url: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = url;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        names.push(&rest[open + 1..open + close]);
        rest = &rest[open + close + 1..];
    }
    names
}

fn scheme_description(scheme: &SecurityScheme) -> Option<&str> {
    match scheme {
        SecurityScheme::APIKey { description, .. }
        | SecurityScheme::HTTP { description, .. }
        | SecurityScheme::OAuth2 { description, .. }
        | SecurityScheme::OpenIDConnect { description, .. } => description.as_deref(),
    }
}

/// How the client sends a credential for the scheme `key`; `None` when it cannot.
pub(super) fn scheme_kind(key: &str, scheme: &SecurityScheme) -> Option<Auth> {
    match scheme {
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
            let parts: Vec<&str> = key.split('_').filter(|p| !p.is_empty()).collect();
            let (user_arg, password_arg) = match parts.as_slice() {
                [user, password]
                    if names::field_name(user) != names::field_name(password)
                        && ![user, password]
                            .iter()
                            .any(|p| CONSTRUCTOR_ARGS.contains(&names::field_name(p).as_str())) =>
                {
                    (names::field_name(user), names::field_name(password))
                }
                _ => ("username".to_owned(), "password".to_owned()),
            };
            Some(Auth::Basic {
                user_arg,
                password_arg,
            })
        }
        SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
            Some(Auth::Bearer)
        }
        SecurityScheme::HTTP { .. } => None,
        SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => Some(Auth::Bearer),
        SecurityScheme::APIKey { location, name, .. } => Some(Auth::ApiKey {
            location: match location {
                openapiv3::APIKeyLocation::Header => ApiKeyLocation::Header,
                openapiv3::APIKeyLocation::Query => ApiKeyLocation::Query,
                openapiv3::APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
            },
            name: name.clone(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use openapiv3::SecurityRequirement;

    use super::decide_security;
    use crate::model::{Api, ApiKeyLocation, Auth, Scheme, ServerUrl, ServerVariable};

    fn scheme(key: &str) -> Scheme {
        Scheme {
            key: key.to_owned(),
            method: key.to_owned(),
            kind: Auth::Bearer,
            docs: Vec::new(),
        }
    }

    fn requirement(keys: &[&str]) -> SecurityRequirement {
        keys.iter().map(|k| ((*k).to_owned(), Vec::new())).collect()
    }

    fn keys(alternatives: &[&[&str]]) -> Vec<Vec<String>> {
        alternatives
            .iter()
            .map(|a| a.iter().map(|k| (*k).to_owned()).collect())
            .collect()
    }

    #[test]
    fn security_is_stated_only_when_it_matters() {
        let one = [scheme("basic")];
        let two = [scheme("a"), scheme("b")];
        // No scheme: nothing to select.
        assert_eq!(decide_security(Some(&[]), &[]), (None, vec![]));
        // The one scheme the client has: the runtime's default (Twilio emits nothing new).
        let basic = [requirement(&["basic"])];
        assert_eq!(decide_security(Some(&basic), &one), (None, vec![]));
        // `security: []`, and no requirement anywhere: no credentials.
        assert_eq!(decide_security(Some(&[]), &one), (Some(vec![]), vec![]));
        assert_eq!(decide_security(None, &two), (Some(vec![]), vec![]));
        // Every scheme together is "everything held"; one of two is not.
        let both = [requirement(&["b", "a"])];
        assert_eq!(decide_security(Some(&both), &two), (None, vec![]));
        let only_a = [requirement(&["a"])];
        assert_eq!(
            decide_security(Some(&only_a), &two),
            (Some(keys(&[&["a"]])), vec![])
        );
        // Alternatives keep their order; anonymous access goes last, once.
        let optional = [
            requirement(&[]),
            requirement(&["b"]),
            requirement(&["a"]),
            requirement(&[]),
        ];
        assert_eq!(
            decide_security(Some(&optional), &two),
            (Some(keys(&[&["b"], &["a"], &[]])), vec![])
        );
        // Only anonymous alternatives: none sent.
        let anonymous = [requirement(&[])];
        assert_eq!(
            decide_security(Some(&anonymous), &one),
            (Some(vec![]), vec![])
        );
        // A scheme the client cannot send drops its alternative, reported by index.
        let unknown = [
            requirement(&["nope"]),
            requirement(&["a", "nope"]),
            requirement(&["b"]),
        ];
        assert_eq!(
            decide_security(Some(&unknown), &two),
            (Some(keys(&[&["b"]])), vec![0, 1])
        );
    }

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: '1'}
servers:
  - url: 'https://{region}.example.com/'
    variables:
      region: {default: us, enum: [us, eu]}
  - url: https://backup.example.com
    description: Backup.
security:
  - key: []
components:
  securitySchemes:
    key: {type: apiKey, in: cookie, name: sid}
    digest: {type: http, scheme: digest}
    token: {$ref: '#/components/securitySchemes/oauth'}
    oauth:
      type: oauth2
      flows: {implicit: {authorizationUrl: 'https://example.com/auth', scopes: {}}}
    idle: {type: http, scheme: basic}
paths:
  /a:
    get:
      operationId: A
      responses: {'204': {description: ok}}
  /b:
    servers: [{url: /api/v3/}]
    get:
      operationId: B
      security: [{token: []}, {digest: []}]
      responses: {'204': {description: ok}}
    put:
      operationId: C
      servers: [{url: 'https://{region}.example.com', variables: {region: {default: us, enum: [us, eu]}}}]
      security: []
      responses: {'204': {description: ok}}
"#;

    fn lower(text: &str) -> (Api, Vec<String>) {
        let spec = crate::load::parse(Path::new("t.yaml"), text).unwrap_or_else(|e| panic!("{e}"));
        match super::super::lower(&[spec]) {
            Ok((api, warnings)) => (api, warnings.iter().map(ToString::to_string).collect()),
            Err(errors) => panic!("{errors:?}"),
        }
    }

    #[test]
    fn schemes_requirements_and_servers_are_decided_when_lowering() {
        let (api, warnings) = lower(SPEC);
        // Required and supported schemes, in declaration order; `$ref` resolved; `idle` is
        // named by no requirement; `digest` is not supported (and reported).
        let found: Vec<(&str, &Auth)> = api
            .schemes
            .iter()
            .map(|s| (s.key.as_str(), &s.kind))
            .collect();
        let cookie = Auth::ApiKey {
            location: ApiKeyLocation::Cookie,
            name: "sid".to_owned(),
        };
        assert_eq!(found, [("key", &cookie), ("token", &Auth::Bearer)]);
        assert_eq!(api.auth, Auth::Several);
        assert!(warnings[0].contains("security scheme `digest` is not supported"));
        assert!(warnings[1].contains("`idle` is declared, but no `security` requirement"));
        assert!(warnings[2].contains("#/paths/~1b/get/security/1"));
        assert_eq!(warnings.len(), 3, "{warnings:?}");

        let [a, b, c] = api.operations.as_slice() else {
            panic!("{:?}", api.operations)
        };
        // The document requirement names one of two schemes: stated.
        assert_eq!(a.security, Some(vec![vec!["key".to_owned()]]));
        assert_eq!(b.security, Some(vec![vec!["token".to_owned()]]));
        assert_eq!(c.security, Some(vec![]));

        // The same template (trailing `/` trimmed) is one static; relative stays relative.
        assert_eq!(a.server, ServerUrl::Template("SERVER_1".to_owned()));
        assert_eq!(b.server, ServerUrl::Plain("/api/v3".to_owned()));
        assert_eq!(c.server, a.server);
        assert_eq!(api.servers.len(), 1);
        assert_eq!(api.servers[0].url, "https://{region}.example.com");
        assert_eq!(
            api.servers[0].variables,
            [ServerVariable {
                name: "region".to_owned(),
                default: "us".to_owned(),
                allowed: vec!["us".to_owned(), "eu".to_owned()],
            }]
        );
        assert_eq!(api.other_servers, ["`https://backup.example.com`: Backup."]);
        assert!(!api.base_url_required);
    }

    #[test]
    fn one_scheme_keeps_its_constructor_and_no_server_requires_a_base_url() {
        let (api, _) = lower(
            r#"
openapi: 3.0.3
info: {title: T, version: '1'}
security: [{accountSid_authToken: []}]
components:
  securitySchemes:
    accountSid_authToken: {type: http, scheme: basic}
paths:
  /a:
    get:
      operationId: A
      responses: {'204': {description: ok}}
"#,
        );
        assert_eq!(
            api.auth,
            Auth::Basic {
                user_arg: "account_sid".to_owned(),
                password_arg: "auth_token".to_owned()
            }
        );
        assert_eq!(api.operations[0].security, None);
        assert_eq!(api.operations[0].server, ServerUrl::None);
        assert!(api.base_url_required);
    }

    #[test]
    fn credentials_methods_are_unique_and_never_shadow_their_own() {
        let (api, _) = lower(
            r#"
openapi: 3.0.3
info: {title: T, version: '1'}
servers: [{url: 'https://example.com'}]
security: [{default: [], api-key: [], api_key: []}]
components:
  securitySchemes:
    default: {type: http, scheme: bearer}
    api-key: {type: apiKey, in: header, name: K}
    api_key: {type: apiKey, in: query, name: k}
paths: {}
"#,
        );
        let methods: Vec<&str> = api.schemes.iter().map(|s| s.method.as_str()).collect();
        assert_eq!(methods, ["default_2", "api_key", "api_key_2"]);
        assert_eq!(api.auth, Auth::Several);
    }
}
