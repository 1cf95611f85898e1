//! An operation's 2xx responses → [`ResponseBody`]: one body when every success status
//! answers with the same one, else an enum with a variant per status
//! ([`TypeKind::Statuses`]); an operation documenting only redirects returns them
//! ([`ResponseBody::Redirect`]).
//!
//! Each response's body is decoded in the media type the client decodes best (see
//! [`ResponseBody`]). Other statuses are not part of the method's result: 3xx of an operation
//! with a 2xx are followed within the origin by the HTTP client, 4xx/5xx and `default`
//! become the runtime's `Error::Api`. Declared response
//! headers are read by the `_with_headers` twin (`response_headers.rs`).

use openapiv3::{
    MediaType as MediaTypeObject, ReferenceOr, Response, Responses, Schema, SchemaKind, StatusCode,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::schema::Node;
use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::docs;
use crate::model::{
    Decoding, EventData, MediaType, Operation, ResponseBody, StatusVariant, StatusesDef,
    SuccessBody, TypeKind, TypeRef,
};
use crate::names;

/// One 2xx response, `$ref` resolved.
struct Success<'a> {
    /// `None` for the `2XX` range.
    status: Option<u16>,
    response: &'a Response,
    pointer: Pointer,
    /// The media type decoded (see [`ResponseBody`]), its object and how it is decoded.
    chosen: Option<(&'a str, &'a MediaTypeObject, Decoding)>,
}

/// What a response's body is, for telling bodies apart before any type is made: the same
/// `$ref`, the same inline schema node, untyped JSON, text, bytes, or nothing.
#[derive(PartialEq, Eq)]
enum Shape<'a> {
    Empty,
    Untyped,
    Ref(&'a str),
    Inline(*const Schema),
    Text,
    Bytes,
    Events,
}

impl<'a> Success<'a> {
    fn shape(&self) -> Shape<'a> {
        let Some((_, media, decoding)) = self.chosen else {
            return Shape::Empty;
        };
        match (decoding, &media.schema) {
            (Decoding::Text, _) => Shape::Text,
            (Decoding::Bytes, _) => Shape::Bytes,
            (Decoding::Events, _) => Shape::Events,
            (Decoding::Json, None) => Shape::Untyped,
            (Decoding::Json, Some(ReferenceOr::Reference { reference })) => Shape::Ref(reference),
            (Decoding::Json, Some(ReferenceOr::Item(schema))) => {
                Shape::Inline(schema as *const Schema)
            }
        }
    }
}

/// An operation's result and the `Accept` header it sends.
pub(super) struct Lowered {
    pub(super) body: ResponseBody,
    pub(super) accept: Option<String>,
}

impl<'a> Lowerer<'a> {
    /// A `HEAD` operation's result: its responses never carry a body (RFC 9110 §9.3.2), so
    /// declared content is not read (a warning says so) and a success is `()`.
    pub(super) fn lower_bodiless_response(
        &mut self,
        responses: &'a Responses,
        pointer: &Pointer,
    ) -> Lowered {
        let successes = self.successes(responses, pointer);
        if let Some(declared) = successes.iter().find(|s| !s.response.content.is_empty()) {
            self.warning(
                &declared.pointer.join("content"),
                "a response to HEAD has no body (RFC 9110 §9.3.2): the declared content is not read and the method returns `()`".to_owned(),
            );
        }
        let body = if successes.is_empty() && only_redirects(responses) {
            ResponseBody::Redirect
        } else {
            ResponseBody::Empty
        };
        Lowered { body, accept: None }
    }

    /// The method's result: see the module docs. `method_name` is for the enum's docs.
    pub(super) fn lower_response(
        &mut self,
        responses: &'a Responses,
        type_base: &str,
        method_name: &str,
        pointer: &Pointer,
    ) -> Lowered {
        let successes = self.successes(responses, pointer);
        let accept = self.accept(&successes);
        let Some(first) = successes.first() else {
            let body = if only_redirects(responses) {
                ResponseBody::Redirect
            } else {
                ResponseBody::Empty
            };
            return Lowered { body, accept };
        };
        let first_shape = first.shape();
        if successes.iter().all(|s| s.shape() == first_shape) {
            let suggested = format!("{type_base}Response");
            let body = match first.chosen {
                Some((media_type, media, Decoding::Events)) => {
                    let at = first.pointer.join("content").join(media_type);
                    ResponseBody::Events(self.event_data(media, &format!("{type_base}Event"), &at))
                }
                _ => ResponseBody::single(self.body_type(first, &suggested)),
            };
            return Lowered { body, accept };
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
        Lowered {
            body: ResponseBody::ByStatus(enum_name),
            accept,
        }
    }

    /// The 2xx responses in status order (the `2XX` range last), `$ref`s resolved, each with
    /// the media type the client decodes.
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
            // A 204 or 205 has no content (RFC 9110 §15.3.5-6), whatever the spec declares.
            let bodiless = matches!(status, Some(204 | 205));
            if bodiless && !response.content.is_empty() {
                self.warning(
                    &response_pointer.join("content"),
                    format!(
                        "a {} response has no body (RFC 9110): the declared content is not read",
                        status.unwrap_or_default()
                    ),
                );
            }
            // The best decoding wins; among equals, the first listed (`min_by_key` keeps it).
            let chosen = response
                .content
                .iter()
                .filter(|_| !bodiless)
                .map(|(media_type, media)| {
                    (media_type.as_str(), media, self.decoding(media_type, media))
                })
                .min_by_key(|(_, _, decoding)| *decoding);
            successes.push(Success {
                status,
                response,
                pointer: response_pointer,
                chosen,
            });
        }
        successes
    }

    /// How one media type of a response is decoded: as its type says, unless its schema is
    /// `format: binary`.
    fn decoding(&self, media_type: &str, media: &'a MediaTypeObject) -> Decoding {
        let schema = match &media.schema {
            Some(ReferenceOr::Item(schema)) => Some(schema),
            Some(ReferenceOr::Reference { reference }) => self.component_schema(reference),
            None => None,
        };
        match schema.map(|s| &s.schema_kind) {
            Some(SchemaKind::Type(Type::String(string)))
                if string.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary) =>
            {
                Decoding::Bytes
            }
            _ => MediaType::parse(media_type).decoding(),
        }
    }

    /// The `Accept` header: the chosen media types of all successes, joined, unless that is
    /// `application/json` (the runtime's default) or nothing. A media type that cannot be a
    /// header value is left out, with a warning.
    fn accept(&mut self, successes: &[Success<'a>]) -> Option<String> {
        let mut types: Vec<&str> = Vec::new();
        for success in successes {
            let Some((media_type, _, _)) = success.chosen else {
                continue;
            };
            let media_type = media_type.trim();
            let valid = !media_type.is_empty()
                && media_type
                    .bytes()
                    .all(|b| b == b'\t' || (0x20..0x7f).contains(&b));
            if !valid {
                self.warning(
                    &success.pointer.join("content"),
                    format!(
                        "media type `{}` is not a valid `Accept` value; it is not sent",
                        media_type.escape_debug()
                    ),
                );
            } else if !types.contains(&media_type) {
                types.push(media_type);
            }
        }
        match types.as_slice() {
            [] => None,
            [only] if MediaType::parse(only) == MediaType::Json => None,
            types => Some(types.join(", ")),
        }
    }

    /// The body of one response (`None`: no body to decode).
    fn body_type(&mut self, success: &Success<'a>, suggested: &str) -> Option<SuccessBody> {
        let (media_type, media, decoding) = success.chosen?;
        Some(match (decoding, &media.schema) {
            (Decoding::Text, _) => SuccessBody::Text,
            // Beside other statuses' bodies, an event stream is returned as it arrived.
            (Decoding::Bytes | Decoding::Events, _) => SuccessBody::Bytes,
            (Decoding::Json, Some(schema)) => {
                let at = success
                    .pointer
                    .join("content")
                    .join(media_type)
                    .join("schema");
                SuccessBody::Json(self.type_of(Node::from(schema), suggested, &at))
            }
            (Decoding::Json, None) => SuccessBody::Json(TypeRef::Json),
        })
    }
}

impl<'a> Lowerer<'a> {
    /// What each event's data of a `text/event-stream` response is (see [`EventData`]).
    fn event_data(
        &mut self,
        media: &'a MediaTypeObject,
        suggested: &str,
        at: &Pointer,
    ) -> EventData {
        let Some(schema) = &media.schema else {
            return EventData::Text;
        };
        let resolved = match schema {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self.component_schema(reference),
        };
        let whole_event = resolved.and_then(|schema| match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object))
                if object.properties.contains_key("data")
                    && object
                        .properties
                        .keys()
                        .all(|k| matches!(k.as_str(), "event" | "data" | "id" | "retry")) =>
            {
                object.properties.get("data")
            }
            _ => None,
        });
        let ty = match whole_event {
            Some(data) => self.type_of(
                Node::from(data),
                suggested,
                &at.join("schema").join("properties").join("data"),
            ),
            None => self.type_of(Node::from(schema), suggested, &at.join("schema")),
        };
        match ty {
            TypeRef::String => EventData::Text,
            ty => EventData::Json(ty),
        }
    }
}

/// Whether the operation documents redirects (3xx) and no 2xx.
fn only_redirects(responses: &Responses) -> bool {
    responses.responses.keys().any(|status| match status {
        StatusCode::Code(code) => (300..400).contains(code),
        StatusCode::Range(range) => *range == 3,
    })
}

/// Names the streaming twin of each operation returning bytes, `<method>_bytes_stream`, after
/// every operation has its name (so a twin never takes an operation's name).
pub(super) fn name_byte_streams(operations: &mut [Operation], methods: &mut names::Namespace) {
    for op in operations {
        if op.response == ResponseBody::Bytes {
            op.byte_stream = Some(methods.claim(format!(
                "{}_bytes_stream",
                op.method_name.trim_start_matches("r#")
            )));
        }
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
