//! Request bodies → [`Body`], choosing among the media types an operation offers, and the
//! partial-failure rule for operations whose body cannot be generated.

use openapiv3::{MediaType as MediaTypeObject, ReferenceOr, RequestBody};

use super::schema::{needs_definition, Node};
use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::model::{Body, BodyEncoding, BodyMethod, FormField, MediaType, TypeKind, TypeRef};
use crate::names::{self, Namespace};

/// The media types supported for request bodies, as the messages name them.
const SUPPORTED: &str = "JSON, form, multipart, text, XML and binary media types";

/// The media types of a request body the generator can send, in the spec's order, and the
/// ones it cannot (yet): decided before the operation is named, so an operation that has to
/// be skipped leaves nothing behind.
pub(super) struct BodyChoice<'a> {
    /// `…/requestBody` of the operation (or where the `$ref` led).
    pointer: Pointer,
    candidates: Vec<(&'a str, &'a MediaTypeObject, BodyEncoding)>,
    unsupported: Vec<&'a str>,
}

/// Why an operation is not generated, and where: a defect of that operation only.
pub(super) struct Skipped {
    /// The node at fault.
    pub(super) pointer: Pointer,
    /// What is wrong, without the consequence (the caller adds it).
    pub(super) reason: String,
}

impl<'a> Lowerer<'a> {
    /// Reads which media types of `body` can be sent. `Ok(None)`: the operation sends no
    /// body (a `$ref` that does not resolve has been reported as an error, an empty `content`
    /// as a warning); `Err`: no offered media type can be sent, so the operation is skipped.
    pub(super) fn choose_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        pointer: &Pointer,
    ) -> Result<Option<BodyChoice<'a>>, Skipped> {
        let body = match body {
            ReferenceOr::Item(b) => b,
            ReferenceOr::Reference { reference } => {
                match self.resolve_ref(reference, "requestBodies", pointer, |c, name| {
                    c.request_bodies.get(name)
                }) {
                    Some(body) => body,
                    None => return Ok(None),
                }
            }
        };
        if body.content.is_empty() {
            self.warning(
                pointer,
                "the request body declares no content; the method sends no body",
            );
            return Ok(None);
        }
        let mut candidates = Vec::new();
        let mut unsupported = Vec::new();
        for (media_type, media) in &body.content {
            match BodyEncoding::for_media_type(&MediaType::parse(media_type)) {
                Some(encoding) => candidates.push((media_type.as_str(), media, encoding)),
                None => unsupported.push(media_type.as_str()),
            }
        }
        if candidates.is_empty() {
            return Err(Skipped {
                pointer: pointer.join("content"),
                reason: format!(
                    "the request body is offered only as {}, not supported yet (supported are {SUPPORTED})",
                    unsupported.join(", ")
                ),
            });
        }
        Ok(Some(BodyChoice {
            pointer: pointer.clone(),
            candidates,
            unsupported,
        }))
    }

    /// The body the operation's own method sends (the most structured media type offered,
    /// see [`BodyEncoding::rank`]; in spec order among equals), and each other media type
    /// offered with the suffix of its method (`multipart`, `xml` …). The media types that
    /// cannot carry the body are warned about. `Err` when none can (a form body that is not
    /// an object).
    pub(super) fn lower_body(
        &mut self,
        choice: BodyChoice<'a>,
        type_base: &str,
        locals: &mut Namespace,
    ) -> Result<(Body, Vec<(String, Body)>), Skipped> {
        let content = choice.pointer.join("content");
        let mut dropped: Vec<String> = choice
            .unsupported
            .iter()
            .map(|media_type| format!("{media_type} (not supported yet)"))
            .collect();
        let mut candidates = choice.candidates;
        candidates.sort_by_key(|(_, _, encoding)| encoding.rank());
        let mut last_problem = None;
        let mut bodies: Vec<(String, TypeRef, BodyEncoding, Vec<FormField>)> = Vec::new();
        for (media_type, media, encoding) in candidates {
            let media_pointer = content.join(media_type);
            let schema_pointer = media_pointer.join("schema");
            // The default body's type keeps today's name; the others say their media type.
            let suggested = match bodies.is_empty() {
                true => format!("{type_base}Request"),
                false => format!(
                    "{type_base}{}Request",
                    names::type_name(&method_suffix(&encoding))
                ),
            };
            let ty = match &encoding {
                BodyEncoding::Text(_) => TypeRef::String,
                BodyEncoding::Binary(_) => TypeRef::Upload,
                BodyEncoding::Multipart(_) => {
                    match self.lower_parts(media_type, media, &suggested, &media_pointer) {
                        Some(ty) => ty,
                        None => {
                            let reason =
                                "a multipart body needs a schema with properties (its parts)";
                            dropped.push(format!("{media_type} ({reason})"));
                            last_problem = Some(Skipped {
                                pointer: schema_pointer,
                                reason: format!("{media_type}: {reason}"),
                            });
                            continue;
                        }
                    }
                }
                _ => match &media.schema {
                    Some(schema) => self.type_of(Node::from(schema), &suggested, &schema_pointer),
                    None => TypeRef::Json,
                },
            };
            if encoding == BodyEncoding::Form && !self.is_object(&ty, media.schema.as_ref()) {
                dropped.push(format!(
                    "{media_type} (a form-encoded body must be an object with properties)"
                ));
                last_problem = Some(Skipped {
                    pointer: schema_pointer,
                    reason: "a form-encoded (application/x-www-form-urlencoded) body must be an object with properties".to_owned(),
                });
                continue;
            }
            let form_fields = match encoding {
                BodyEncoding::Form => self.form_fields(&ty, media),
                _ => Vec::new(),
            };
            bodies.push((media_type.to_owned(), ty, encoding, form_fields));
        }
        let mut bodies = bodies.into_iter();
        let Some((media_type, ty, encoding, form_fields)) = bodies.next() else {
            return Err(last_problem.unwrap_or_else(|| Skipped {
                pointer: content,
                reason: "no media type of the request body can be sent".to_owned(),
            }));
        };
        if !dropped.is_empty() {
            self.warning(
                &content,
                format!(
                    "the request body is sent as {media_type}; the other media types offered are left out: {}",
                    dropped.join(", ")
                ),
            );
        }
        // One argument name for every method: they take the same other arguments.
        let arg_name = locals.claim("body".to_owned());
        let others = bodies
            .map(|(_, ty, encoding, form_fields)| {
                let suffix = method_suffix(&encoding);
                let body = Body {
                    arg_name: arg_name.clone(),
                    ty,
                    encoding,
                    form_fields,
                };
                (suffix, body)
            })
            .collect();
        let body = Body {
            arg_name,
            ty,
            encoding,
            form_fields,
        };
        Ok((body, others))
    }

    /// The methods sending the other media types of a body: the operation's method name with
    /// each suffix, through the method namespace (a taken name gets the next free one).
    pub(super) fn body_methods(
        &mut self,
        method_name: &str,
        others: Vec<(String, Body)>,
    ) -> Vec<BodyMethod> {
        others
            .into_iter()
            .map(|(suffix, body)| {
                let name = names::field_name(&format!("{}_{suffix}", names::bare(method_name)));
                BodyMethod {
                    method_name: self.state.method_names.claim(name),
                    body,
                }
            })
            .collect()
    }

    /// The last resort of partial failure: the operation whose defect is at `at` (a node
    /// of that operation) is not generated; always warned, and counted as a failure by the
    /// vendor check, which compares operation counts.
    pub(super) fn skip_operation(&mut self, at: &Pointer, reason: &str) {
        self.warning(
            at,
            format!("{reason}; the operation is skipped (the client has no method for it)"),
        );
    }

    fn is_object(&self, ty: &TypeRef, schema: Option<&'a ReferenceOr<openapiv3::Schema>>) -> bool {
        let named_struct = |name: &str| {
            matches!(
                self.state.types.get(name).map(|t| &t.kind),
                Some(TypeKind::Struct(_))
            )
        };
        match ty {
            TypeRef::Named(name) => {
                named_struct(name)
                    // Component structs are defined as their key comes up; check the schema.
                    || match schema {
                        Some(ReferenceOr::Reference { reference }) => self
                            .component_schema(reference)
                            .is_some_and(needs_definition),
                        _ => false,
                    }
            }
            TypeRef::Map(_) => true,
            _ => false,
        }
    }
}

/// What the method sending a body in `encoding` appends to the operation's method name:
/// the kind of body (`json`, `form`, `multipart`, `xml`, `text`, `binary`), or the media
/// type's subtype where that says more (`csv`, `pdf`, `merge_patch_json`).
pub(super) fn method_suffix(encoding: &BodyEncoding) -> String {
    let subtype = |essence: &str| {
        let sub = essence.split_once('/').map_or(essence, |(_, sub)| sub);
        names::field_name(sub).trim_start_matches("r#").to_owned()
    };
    match encoding {
        BodyEncoding::Json => "json".to_owned(),
        BodyEncoding::JsonAs(essence) => subtype(essence),
        BodyEncoding::Form => "form".to_owned(),
        BodyEncoding::Multipart(essence) if essence == "multipart/form-data" => {
            "multipart".to_owned()
        }
        BodyEncoding::Multipart(essence) => format!("multipart_{}", subtype(essence)),
        BodyEncoding::Text(_) if encoding.rank() == 3 => "xml".to_owned(),
        BodyEncoding::Text(essence) if essence == "text/plain" => "text".to_owned(),
        BodyEncoding::Text(essence) => subtype(essence),
        BodyEncoding::Binary(essence)
            if essence.contains('*') || essence == "application/octet-stream" =>
        {
            "binary".to_owned()
        }
        BodyEncoding::Binary(essence) => subtype(essence),
    }
}
