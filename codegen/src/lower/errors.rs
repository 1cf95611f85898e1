//! The JSON bodies an operation declares for its error statuses → [`ErrorBody`]s: the types
//! `ApiError::json` decodes them as, named in the method's docs.

use openapiv3::{Responses, StatusCode};

use super::schema::Node;
use super::Lowerer;
use crate::diagnostics::Pointer;
use crate::model::{ErrorBody, MediaType};

impl<'a> Lowerer<'a> {
    /// Every 4xx/5xx status, range and `default` response with a JSON schema, in spec order
    /// (`default` last). Responses whose `$ref` does not resolve are reported where the
    /// success responses are read, or not at all for error statuses: they only lose a doc line.
    pub(super) fn lower_errors(
        &mut self,
        responses: &'a Responses,
        type_base: &str,
        pointer: &Pointer,
    ) -> Vec<ErrorBody> {
        let mut listed = Vec::new();
        for (status, response) in &responses.responses {
            let key = match status {
                StatusCode::Code(code) if *code >= 400 => code.to_string(),
                StatusCode::Range(range @ (4 | 5)) => format!("{range}XX"),
                _ => continue,
            };
            listed.push((key, response));
        }
        if let Some(default) = &responses.default {
            listed.push(("default".to_owned(), default));
        }
        let mut errors = Vec::new();
        for (status, response) in listed {
            let Some(response) = self.quiet_response(response) else {
                continue;
            };
            let json = response
                .content
                .iter()
                .find(|(media_type, _)| MediaType::parse(media_type).is_json());
            let Some((media_type, media)) = json else {
                continue;
            };
            let Some(schema) = &media.schema else {
                continue;
            };
            let at = pointer
                .join(&status)
                .join("content")
                .join(media_type)
                .join("schema");
            // `GetThingError404`, `GetThingError4xx`, `GetThingErrorDefault`.
            let label = match status.as_str() {
                "default" => "Default".to_owned(),
                code => code.to_lowercase(),
            };
            let suggested = format!("{type_base}Error{label}");
            let ty = self.type_of(Node::from(schema), &suggested, &at);
            errors.push(ErrorBody { status, ty });
        }
        errors
    }
}
