//! The headers an operation's 2xx responses declare → a [`HeadersDef`] struct and the
//! `<method>_with_headers` twin that returns it beside the body ([`ResponseHeaders`]).
//!
//! Headers that only a browser acts on (`Access-Control-*`, CORS) are left out: they describe
//! what a web page may read, not data for an API client. Twilio declares them on every
//! operation, and a twin per operation for them would double its client for nothing.

use openapiv3::{Header, ParameterSchemaOrContent, ReferenceOr, Response, Responses, StatusCode};

use super::encoding::header_decode;
use super::schema::Node;
use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::docs;
use crate::model::{HeaderField, HeadersDef, ResponseHeaders, TypeKind};
use crate::names::{self, Namespace};

/// Headers that answer a browser's CORS checks, not the caller.
fn is_browser_only(name: &str) -> bool {
    name.get(..15)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("access-control-"))
}

impl<'a> Lowerer<'a> {
    /// The twin method and its headers struct, when the 2xx responses declare headers the
    /// client can use; `None` otherwise. A header declared by several statuses is one field
    /// (the first declaration's type).
    pub(super) fn lower_response_headers(
        &mut self,
        responses: &'a Responses,
        type_base: &str,
        method_name: &str,
        pointer: &Pointer,
    ) -> Option<ResponseHeaders> {
        let mut declared: Vec<(&'a str, &'a Header, Pointer)> = Vec::new();
        for (status, response) in &responses.responses {
            let key = match status {
                StatusCode::Code(code) if (200..300).contains(code) => code.to_string(),
                StatusCode::Range(2) => "2XX".to_owned(),
                _ => continue,
            };
            // A response `$ref` that does not resolve is reported by the response lowering.
            let Some(response) = self.quiet_response(response) else {
                continue;
            };
            let at = pointer.join(&key).join("headers");
            self.collect_headers(response, &at, &mut declared);
        }
        if declared.is_empty() {
            return None;
        }
        let type_name = self
            .state
            .type_names
            .claim(format!("{type_base}ResponseHeaders"));
        let mut field_names = Namespace::new();
        let fields = declared
            .into_iter()
            .map(|(wire_name, header, at)| {
                let name = field_names.claim(names::field_name(wire_name));
                let suggested = format!("{type_name}{}", names::type_name(wire_name));
                let declared_ty = match &header.format {
                    ParameterSchemaOrContent::Schema(schema) => {
                        self.type_of(Node::from(schema), &suggested, &at.join("schema"))
                    }
                    ParameterSchemaOrContent::Content(content) => {
                        match content.iter().next().and_then(|(_, m)| m.schema.as_ref()) {
                            Some(schema) => self.type_of(Node::from(schema), &suggested, &at),
                            None => crate::model::TypeRef::String,
                        }
                    }
                };
                let (ty, decode) = header_decode(&self.state.types, &declared_ty);
                let mut lines = header
                    .description
                    .as_deref()
                    .map(docs::lines)
                    .unwrap_or_default();
                if !lines.is_empty() {
                    lines.push(String::new());
                }
                lines.push(format!(
                    "The `{}` header; `None` when absent or not readable as this type.",
                    wire_name.replace('`', "'")
                ));
                HeaderField {
                    name,
                    wire_name: wire_name.to_owned(),
                    ty,
                    decode,
                    docs: lines,
                }
            })
            .collect();
        let twin = self.state.method_names.claim(format!(
            "{}_with_headers",
            method_name.trim_start_matches("r#")
        ));
        let docs = vec![format!(
            "The headers `Client::{}` responses declare, as `Client::{}` returns them.",
            method_name.trim_start_matches("r#"),
            twin.trim_start_matches("r#")
        )];
        self.insert_type(
            type_name.clone(),
            docs,
            TypeKind::Headers(HeadersDef { fields }),
            pointer,
        );
        Some(ResponseHeaders {
            method_name: twin,
            type_name,
        })
    }

    /// The response behind `response`, following one `$ref` to `#/components/responses/`
    /// without reporting a dangling one (the response lowering reads the same reference and
    /// reports it).
    pub(super) fn quiet_response(
        &self,
        response: &'a ReferenceOr<Response>,
    ) -> Option<&'a Response> {
        let reference = match response {
            ReferenceOr::Item(response) => return Some(response),
            ReferenceOr::Reference { reference } => reference,
        };
        let name = reference.strip_prefix("#/components/responses/")?;
        let name = super::unescape_pointer_token(name);
        let components = self.spec.api.components.as_ref()?;
        match components.responses.get(&name)? {
            ReferenceOr::Item(response) => Some(response),
            ReferenceOr::Reference { .. } => None,
        }
    }

    /// Adds the usable headers of `response` not already in `declared`, case-insensitively.
    fn collect_headers(
        &mut self,
        response: &'a Response,
        at: &Pointer,
        declared: &mut Vec<(&'a str, &'a Header, Pointer)>,
    ) {
        for (name, header) in &response.headers {
            // `Content-Type` is the body's media type, which the method already decodes by.
            if is_browser_only(name) || name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            if declared
                .iter()
                .any(|(seen, _, _)| seen.eq_ignore_ascii_case(name))
            {
                continue;
            }
            let header = match header {
                ReferenceOr::Item(header) => header,
                ReferenceOr::Reference { reference } => {
                    match self.resolve_ref(reference, "headers", &at.join(name), |c, n| {
                        c.headers.get(n)
                    }) {
                        Some(header) => header,
                        None => continue,
                    }
                }
            };
            declared.push((name.as_str(), header, at.join(name)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_browser_only;

    #[test]
    fn only_cors_headers_are_browser_only() {
        assert!(is_browser_only("Access-Control-Allow-Origin"));
        assert!(is_browser_only("access-control-expose-headers"));
        assert!(!is_browser_only("Access-Control"));
        assert!(!is_browser_only("X-RateLimit-Remaining"));
        assert!(!is_browser_only("Location"));
    }
}
