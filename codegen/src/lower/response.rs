//! An operation's 2xx responses → [`ResponseBody`]: one body type when every success status
//! answers with the same one, else an enum with a variant per status
//! ([`TypeKind::Statuses`]).
//!
//! Other statuses are not part of the method's result: 3xx are followed by the HTTP client,
//! 4xx/5xx and `default` become the runtime's `Error::Api`. Declared response headers are
//! read by the `_with_headers` twin (`response_headers.rs`).

use openapiv3::StatusCode;
use openapiv3::{MediaType as MediaTypeObject, ReferenceOr, Response, Responses, Schema};

use super::schema::Node;
use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::docs;
use crate::model::{MediaType, ResponseBody, StatusVariant, StatusesDef, TypeKind, TypeRef};
use crate::names;

/// One 2xx response, `$ref` resolved.
struct Success<'a> {
    /// `None` for the `2XX` range.
    status: Option<u16>,
    response: &'a Response,
    pointer: Pointer,
    /// The JSON media type and its object, if the response offers one.
    json: Option<(&'a str, &'a MediaTypeObject)>,
}

/// What a response's body is, for telling bodies apart before any type is made: the same
/// `$ref`, the same inline schema node, untyped JSON, or nothing.
#[derive(PartialEq, Eq)]
enum Shape<'a> {
    Empty,
    Untyped,
    Ref(&'a str),
    Inline(*const Schema),
}

impl<'a> Success<'a> {
    fn shape(&self) -> Shape<'a> {
        match self.json.map(|(_, media)| &media.schema) {
            None => Shape::Empty,
            Some(None) => Shape::Untyped,
            Some(Some(ReferenceOr::Reference { reference })) => Shape::Ref(reference),
            Some(Some(ReferenceOr::Item(schema))) => Shape::Inline(schema as *const Schema),
        }
    }
}

impl<'a> Lowerer<'a> {
    /// The method's result: see the module docs. `method_name` is for the enum's docs.
    pub(super) fn lower_response(
        &mut self,
        responses: &'a Responses,
        type_base: &str,
        method_name: &str,
        pointer: &Pointer,
    ) -> ResponseBody {
        let successes = self.successes(responses, pointer);
        let Some(first) = successes.first() else {
            return ResponseBody::Empty;
        };
        let first_shape = first.shape();
        if successes.iter().all(|s| s.shape() == first_shape) {
            let suggested = format!("{type_base}Response");
            return match self.body_type(first, &suggested) {
                Some(ty) => ResponseBody::Json(ty),
                None => ResponseBody::Empty,
            };
        }
        // Claimed before the bodies are typed, so the enum gets the plain name.
        let enum_name = self.state.type_names.claim(format!("{type_base}Response"));
        let mut variant_names = names::Namespace::new();
        let mut variants = Vec::with_capacity(successes.len());
        for success in &successes {
            let name = variant_names.claim(status_variant_name(success.status));
            let body = self.body_type(success, &format!("{enum_name}{name}"));
            let status_text = match success.status {
                Some(code) => format!("Status `{code}`."),
                None => "Any other 2xx status (`2XX`).".to_owned(),
            };
            let mut lines = docs::lines(&success.response.description);
            if !lines.is_empty() {
                lines.push(String::new());
            }
            lines.push(status_text);
            variants.push(StatusVariant {
                name,
                status: success.status,
                body,
                docs: lines,
            });
        }
        let fallback = variants
            .iter()
            .position(|v| v.status.is_none())
            .unwrap_or(0);
        let docs = vec![
            format!(
                "What `Client::{}` answers, by HTTP status: its 2xx responses hold different bodies.",
                method_name.trim_start_matches("r#")
            ),
            String::new(),
            "An undeclared 2xx status is decoded as the `2XX` variant when the spec has one, else as the first.".to_owned(),
        ];
        let kind = TypeKind::Statuses(StatusesDef { variants, fallback });
        self.insert_type(enum_name.clone(), docs, kind, pointer);
        ResponseBody::ByStatus(enum_name)
    }

    /// The 2xx responses in status order (the `2XX` range last), `$ref`s resolved; a
    /// response that is not JSON is warned about and has no body.
    fn successes(&mut self, responses: &'a Responses, pointer: &Pointer) -> Vec<Success<'a>> {
        let mut listed: Vec<(Option<u16>, &'a ReferenceOr<Response>, Pointer)> = responses
            .responses
            .iter()
            .filter_map(|(status, response)| match status {
                StatusCode::Code(code) if (200..300).contains(code) => {
                    Some((Some(*code), response, pointer.join(code.to_string())))
                }
                StatusCode::Range(2) => Some((None, response, pointer.join("2XX"))),
                _ => None,
            })
            .collect();
        listed.sort_by_key(|(status, _, _)| status.unwrap_or(u16::MAX));
        let mut successes = Vec::with_capacity(listed.len());
        for (status, response, response_pointer) in listed {
            let response = match response {
                ReferenceOr::Item(r) => r,
                ReferenceOr::Reference { reference } => {
                    let found =
                        self.resolve_ref(reference, "responses", &response_pointer, |c, name| {
                            c.responses.get(name)
                        });
                    match found {
                        Some(r) => r,
                        None => continue,
                    }
                }
            };
            let json = response
                .content
                .iter()
                .find(|(media_type, _)| MediaType::parse(media_type).is_json())
                .map(|(media_type, media)| (media_type.as_str(), media));
            if json.is_none() {
                if let Some(media_type) = response.content.keys().next() {
                    self.warning(
                        &response_pointer.join("content"),
                        format!("response content type `{media_type}` is not JSON; the method returns `()` and discards the body"),
                    );
                }
            }
            successes.push(Success {
                status,
                response,
                pointer: response_pointer,
                json,
            });
        }
        successes
    }

    /// The type of a response's JSON body (`None`: no body to decode).
    fn body_type(&mut self, success: &Success<'a>, suggested: &str) -> Option<TypeRef> {
        let (media_type, media) = success.json?;
        Some(match &media.schema {
            Some(schema) => {
                let at = success
                    .pointer
                    .join("content")
                    .join(media_type)
                    .join("schema");
                self.type_of(Node::from(schema), suggested, &at)
            }
            None => TypeRef::Json,
        })
    }
}

/// The variant name of a status: its reason phrase (RFC 9110 and the registered 2xx codes),
/// `Status<code>` for others, `Success` for the `2XX` range.
fn status_variant_name(status: Option<u16>) -> String {
    let name = match status {
        None => "Success",
        Some(200) => "Ok",
        Some(201) => "Created",
        Some(202) => "Accepted",
        Some(203) => "NonAuthoritativeInformation",
        Some(204) => "NoContent",
        Some(205) => "ResetContent",
        Some(206) => "PartialContent",
        Some(207) => "MultiStatus",
        Some(208) => "AlreadyReported",
        Some(226) => "ImUsed",
        Some(code) => return format!("Status{code}"),
    };
    name.to_owned()
}

#[cfg(test)]
mod tests {
    use super::status_variant_name;

    #[test]
    fn statuses_are_named_by_their_reason_phrase() {
        let table = [
            (Some(200), "Ok"),
            (Some(201), "Created"),
            (Some(204), "NoContent"),
            (Some(250), "Status250"),
            (None, "Success"),
        ];
        for (status, name) in table {
            assert_eq!(status_variant_name(status), name);
        }
    }
}
