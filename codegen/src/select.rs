//! Operation selection: a client of some of a spec's operations (see
//! [`Generator::select`](crate::Generator::select)), with only the types they reach.
//!
//! Selection happens on the lowered model, so every name (methods, types, fields) is the one
//! the whole spec gives it: selecting more or fewer operations never renames anything.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::lower::usage;
use crate::model::{Api, Operation, ServerUrl, TypeDef, TypeRef};

/// Picks operations: by `operationId` (`createInvite`), by method and path template
/// (`POST /v1/Services/{ServiceSid}/Channels`, as the spec writes the path) or by tag
/// (`tag:Invites`, matching any of an operation's tags).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Selector {
    /// The operation with this `operationId` (as the spec writes it, or the one generated for
    /// an operation without one).
    OperationId(String),
    /// The operation at this method (any case) and path template.
    Route {
        /// Upper-case HTTP method.
        method: String,
        /// The path template as the spec writes it.
        path: String,
    },
    /// Every operation with this tag.
    Tag(String),
}

impl FromStr for Selector {
    type Err = String;

    /// `tag:NAME`, `METHOD /path`, or an `operationId`.
    fn from_str(text: &str) -> Result<Selector, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("an empty operation selector".to_owned());
        }
        if let Some(tag) = text.strip_prefix("tag:") {
            return Ok(Selector::Tag(tag.trim().to_owned()));
        }
        if let Some((method, path)) = text.split_once(char::is_whitespace) {
            let path = path.trim();
            if path.starts_with('/') && method.chars().all(|c| c.is_ascii_alphabetic()) {
                return Ok(Selector::Route {
                    method: method.to_ascii_uppercase(),
                    path: path.to_owned(),
                });
            }
        }
        Ok(Selector::OperationId(text.to_owned()))
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selector::OperationId(id) => f.write_str(id),
            Selector::Route { method, path } => write!(f, "{method} {path}"),
            Selector::Tag(tag) => write!(f, "tag:{tag}"),
        }
    }
}

impl Selector {
    fn matches(&self, op: &Operation) -> bool {
        match self {
            Selector::OperationId(id) => &op.operation_id == id,
            Selector::Route { method, path } => {
                &op.http_method == method && &op.path_template == path
            }
            Selector::Tag(tag) => op.tags.iter().any(|t| t == tag),
        }
    }
}

/// Keeps the operations any of `selectors` matches, and the types and servers they reach;
/// decides the serde traits anew for what is left. Every selector must match an operation:
/// the message for one that does not lists what it could have been.
pub(crate) fn select(api: &mut Api, selectors: &[Selector]) -> Result<(), String> {
    let unmatched: Vec<String> = selectors
        .iter()
        .filter(|s| !api.operations.iter().any(|op| s.matches(op)))
        .map(|s| format!("`{s}`"))
        .collect();
    if !unmatched.is_empty() {
        return Err(format!(
            "operation selector {} matches no operation of the spec ({})",
            unmatched.join(", "),
            candidates(&api.operations)
        ));
    }
    api.operations
        .retain(|op| selectors.iter().any(|s| s.matches(op)));

    let mut types: BTreeMap<String, TypeDef> = std::mem::take(&mut api.types)
        .into_iter()
        .map(|def| (def.name.clone(), def))
        .collect();
    let roots: Vec<TypeRef> = api
        .operations
        .iter()
        .flat_map(|op| {
            let (sent, received) = usage::operation_types(op);
            sent.into_iter().chain(received)
        })
        .collect();
    let kept = usage::reachable(&types, &roots);
    types.retain(|name, _| kept.contains(name));
    usage::decide_serde_impls(&mut types, &api.operations);
    api.types = types.into_values().collect();

    let operations = &api.operations;
    api.servers.retain(|server| {
        operations.iter().any(
            |op| matches!(&op.server, ServerUrl::Template(name) if name == &server.static_name),
        )
    });
    Ok(())
}

/// A few of the selectors that would match, for the error message.
fn candidates(operations: &[Operation]) -> String {
    const SHOWN: usize = 5;
    let mut tags: Vec<&str> = operations
        .iter()
        .flat_map(|op| op.tags.iter().map(String::as_str))
        .collect();
    tags.sort_unstable();
    tags.dedup();
    let ids: Vec<String> = operations
        .iter()
        .take(SHOWN)
        .map(|op| format!("`{}`", op.operation_id))
        .collect();
    let more = operations.len().saturating_sub(SHOWN);
    let mut text = format!(
        "operationIds such as {}{}",
        ids.join(", "),
        if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        }
    );
    if !tags.is_empty() {
        let shown: Vec<String> = tags
            .iter()
            .take(SHOWN)
            .map(|t| format!("`tag:{t}`"))
            .collect();
        text.push_str(&format!("; tags {}", shown.join(", ")));
        if tags.len() > SHOWN {
            text.push_str(&format!(" and {} more", tags.len() - SHOWN));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::Selector;

    #[test]
    fn selectors_are_read_as_tag_route_or_operation_id() {
        let table = [
            ("tag:Invites", Selector::Tag("Invites".to_owned())),
            (
                "post /v1/Services/{Sid}",
                Selector::Route {
                    method: "POST".to_owned(),
                    path: "/v1/Services/{Sid}".to_owned(),
                },
            ),
            (
                "GET  /things",
                Selector::Route {
                    method: "GET".to_owned(),
                    path: "/things".to_owned(),
                },
            ),
            (
                "CreateInvite",
                Selector::OperationId("CreateInvite".to_owned()),
            ),
            // Not a route: the second word is not a path.
            (
                "list things",
                Selector::OperationId("list things".to_owned()),
            ),
            (
                "indices.put_alias.3",
                Selector::OperationId("indices.put_alias.3".to_owned()),
            ),
        ];
        for (text, expected) in table {
            assert_eq!(text.parse::<Selector>(), Ok(expected.clone()), "{text}");
            assert_eq!(
                expected.to_string().parse::<Selector>(),
                Ok(expected),
                "{text}"
            );
        }
        assert!("  ".parse::<Selector>().is_err());
    }
}
