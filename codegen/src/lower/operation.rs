//! Paths and operations → [`Operation`]s (with their params and body types).

use openapiv3::{
    CookieStyle, HeaderStyle, Parameter, ParameterData, ParameterSchemaOrContent, PathItem,
    PathStyle, QueryStyle, ReferenceOr,
};

use super::schema::{schema_docs, Node};
use super::{encoding, Lowerer};
use crate::diagnostics::Pointer;
use crate::docs;
use crate::model::{
    ArgForm, Field, MediaType, Operation, ParamStyle, ParamsStruct, PathParam, PathPart, Placement,
    ResponseBody, SendAs, SentParam, SerdeImpls, StructDef, Styling, TextForm, TypeKind, TypeRef,
};
use crate::names::{self, Namespace};

/// Where a parameter goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

impl Location {
    fn as_str(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}

/// A parameter after `$ref` resolution and path-item/operation merging.
struct Param<'s> {
    data: &'s ParameterData,
    location: Location,
    /// Style and `explode`, defaults applied.
    styling: Styling,
    /// `allowReserved` (query parameters only).
    allow_reserved: bool,
    pointer: Pointer,
}

/// The type of a parameter's value, and whether it is `content`-encoded as JSON.
struct ParamType {
    ty: TypeRef,
    json: bool,
}

/// A parameter's location, style and `allowReserved`, with the specification's defaults:
/// `explode` is `true` for `form` only.
fn location_and_style(param: &Parameter) -> (Location, ParamStyle, bool) {
    match param {
        Parameter::Path { style, .. } => {
            let style = match style {
                PathStyle::Matrix => ParamStyle::Matrix,
                PathStyle::Label => ParamStyle::Label,
                PathStyle::Simple => ParamStyle::Simple,
            };
            (Location::Path, style, false)
        }
        Parameter::Query {
            style,
            allow_reserved,
            ..
        } => {
            let style = match style {
                QueryStyle::Form => ParamStyle::Form,
                QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
                QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
                QueryStyle::DeepObject => ParamStyle::DeepObject,
            };
            (Location::Query, style, *allow_reserved)
        }
        Parameter::Header {
            style: HeaderStyle::Simple,
            ..
        } => (Location::Header, ParamStyle::Simple, false),
        Parameter::Cookie {
            style: CookieStyle::Form,
            ..
        } => (Location::Cookie, ParamStyle::Form, false),
    }
}

impl<'a> Lowerer<'a> {
    /// Lowers every operation of every path, in spec order.
    pub(super) fn lower_paths(&mut self) {
        let spec: &'a crate::load::LoadedSpec = self.spec;
        let paths = Pointer::root().join("paths");
        for (path, item) in &spec.api.paths.paths {
            let item_pointer = paths.join(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.error(
                        &item_pointer,
                        format!("path item `$ref: {reference}` is not supported; write the path item inline"),
                    );
                    continue;
                }
            };
            for (method, operation) in item.iter() {
                self.lower_operation(path, method, operation, item, &item_pointer.join(method));
            }
        }
    }

    fn lower_operation(
        &mut self,
        path: &'a str,
        method: &'a str,
        op: &'a openapiv3::Operation,
        item: &'a PathItem,
        pointer: &Pointer,
    ) {
        let operation_id = match &op.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => {
                let generated = generated_operation_id(method, path);
                self.warning(
                    pointer,
                    format!(
                        "no operationId; the method is named `{}` after the HTTP method and path",
                        names::field_name(&generated)
                    ),
                );
                generated
            }
        };
        // Checked before anything is named, so that a skipped operation leaves no trace.
        if let Err(problem) = check_template(path) {
            self.skip_operation(pointer, &problem);
            return;
        }
        let body_choice = match &op.request_body {
            Some(body) => match self.choose_body(body, &pointer.join("requestBody")) {
                Ok(choice) => choice,
                Err(skipped) => {
                    self.skip_operation(&skipped.pointer, &skipped.reason);
                    return;
                }
            },
            None => None,
        };
        if !self.operation_ids.insert(operation_id.clone()) {
            // The same RPC mounted at several paths (gRPC gateways do this): a defect of
            // this operation only, so it gets a method name of its own (`_2`, `_3` in spec
            // order, from the method namespace) rather than refusing the spec.
            let method_name = names::field_name(&operation_id);
            self.warning(
                &pointer.join("operationId"),
                format!(
                    "duplicate operationId `{operation_id}`: an earlier operation has it; this one gets the next free method name after `{method_name}`"
                ),
            );
        }
        let type_base = names::type_name(&operation_id);
        let method_name = self
            .state
            .method_names
            .claim(names::field_name(&operation_id));
        // Generated method bodies use `request` as a local; parameters must not shadow it.
        let mut locals = Namespace::with_reserved(&["request", "self"]);

        let params = self.collect_parameters(item, op, pointer);
        let (path_parts, path_params) = self.lower_path(
            request_path(path),
            &params,
            &type_base,
            pointer,
            &mut locals,
        );
        let params_struct =
            self.lower_params_struct(&params, &type_base, &method_name, pointer, &mut locals);
        let (body, other_bodies) = match body_choice {
            Some(choice) => match self.lower_body(choice, &type_base, &mut locals) {
                Ok((body, others)) => (Some(body), self.body_methods(&method_name, others)),
                Err(skipped) => {
                    self.skip_operation(&skipped.pointer, &skipped.reason);
                    return;
                }
            },
            None => (None, Vec::new()),
        };
        let lowered = if method == "head" {
            self.lower_bodiless_response(&op.responses, &pointer.join("responses"))
        } else {
            self.lower_response(
                &op.responses,
                &type_base,
                &method_name,
                &pointer.join("responses"),
            )
        };
        // A redirect-only operation's `Redirect` holds every header already; an event
        // stream's method is the only one (it is not buffered).
        let response_headers = match lowered.body {
            ResponseBody::Redirect | ResponseBody::Events(_) => None,
            _ => self.lower_response_headers(
                &op.responses,
                &type_base,
                &method_name,
                &pointer.join("responses"),
            ),
        };
        let errors = self.lower_errors(&op.responses, &type_base, &pointer.join("responses"));
        let server = self.server_for(op, item, pointer);
        let security = self.security_for(op, pointer);

        let mut docs_lines = Vec::new();
        if let Some(summary) = op.summary.as_deref().filter(|s| !s.trim().is_empty()) {
            docs_lines.extend(docs::lines(summary));
        }
        // Twilio repeats the summary as the description; saying it twice helps nobody.
        let summary = op.summary.as_deref().map(str::trim);
        if let Some(description) = op
            .description
            .as_deref()
            .filter(|s| !s.trim().is_empty() && Some(s.trim()) != summary)
        {
            if !docs_lines.is_empty() {
                docs_lines.push(String::new());
            }
            docs_lines.extend(docs::lines(description));
        }
        if !docs_lines.is_empty() {
            docs_lines.push(String::new());
        }
        docs_lines.push(format!(
            "`{} {}` (operation `{}`).",
            method.to_uppercase(),
            path.replace('`', "'"),
            operation_id.replace('`', "'")
        ));

        self.state.operations.push(Operation {
            source: self.source(pointer),
            operation_id,
            method_name,
            http_method: method.to_uppercase(),
            path_template: path.to_owned(),
            path: path_parts,
            server,
            security,
            docs: docs_lines,
            path_params,
            params: params_struct,
            body,
            other_bodies,
            response: lowered.body,
            accept: lowered.accept,
            byte_stream: None,
            errors,
            response_headers,
            paging: None,
            group: op.tags.first().cloned(),
            tags: op.tags.clone(),
        });
    }

    /// Path-item parameters overridden by operation parameters with the same name and location.
    fn collect_parameters(
        &mut self,
        item: &'a PathItem,
        op: &'a openapiv3::Operation,
        pointer: &Pointer,
    ) -> Vec<Param<'a>> {
        let mut params: Vec<Param<'a>> = Vec::new();
        let item_pointer = parent(pointer);
        let sources = [
            (&item.parameters, item_pointer),
            (&op.parameters, pointer.clone()),
        ];
        for (list, base) in sources {
            for (i, param) in list.iter().enumerate() {
                let param_pointer = base.join("parameters").join(i.to_string());
                let resolved = match param {
                    ReferenceOr::Item(p) => Some(p),
                    ReferenceOr::Reference { reference } => {
                        self.resolve_ref(reference, "parameters", &param_pointer, |c, name| {
                            c.parameters.get(name)
                        })
                    }
                };
                let Some(resolved) = resolved else { continue };
                let (location, style, allow_reserved) = location_and_style(resolved);
                let data = resolved.parameter_data_ref();
                let explode = data.explode.unwrap_or(style == ParamStyle::Form);
                params.retain(|p| !(p.data.name == data.name && p.location == location));
                params.push(Param {
                    data,
                    location,
                    styling: Styling { style, explode },
                    allow_reserved,
                    pointer: param_pointer,
                });
            }
        }
        params
    }

    fn lower_path(
        &mut self,
        template: &str,
        params: &[Param<'a>],
        type_base: &str,
        pointer: &Pointer,
        locals: &mut Namespace,
    ) -> (Vec<PathPart>, Vec<PathParam>) {
        let mut parts = Vec::new();
        let mut path_params: Vec<PathParam> = Vec::new();
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            // `check_template` has made sure every `{` is closed.
            let Some(close) = rest[open..].find('}').map(|c| open + c) else {
                break;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..close];
            match params
                .iter()
                .find(|p| p.location == Location::Path && p.data.name == name)
            {
                Some(param) => {
                    let index = match path_params.iter().position(|p| p.wire_name == name) {
                        Some(existing) => existing,
                        None => {
                            let suggested = format!("{type_base}{}", names::type_name(name));
                            // A JSON `content` path parameter is sent as its `simple` text:
                            // strings bare, anything else as JSON.
                            let ty = self.param_type(param, &suggested).ty;
                            let types = &self.state.types;
                            path_params.push(PathParam {
                                name: locals.claim(names::field_name(name)),
                                wire_name: name.to_owned(),
                                arg: encoding::arg_form(types, &ty),
                                text: encoding::text_form(types, &ty),
                                styled: encoding::path_styling(types, &ty, param.styling),
                                ty,
                                docs: param
                                    .data
                                    .description
                                    .as_deref()
                                    .map(docs::lines)
                                    .unwrap_or_default(),
                            });
                            path_params.len() - 1
                        }
                    };
                    parts.push(PathPart::Param(index));
                }
                None => {
                    let index = match path_params.iter().position(|p| p.wire_name == name) {
                        Some(existing) => existing,
                        None => {
                            let arg_name = locals.claim(names::field_name(name));
                            self.warning(
                                pointer,
                                format!("path template `{template}` uses `{{{name}}}`, but the operation declares no path parameter named `{name}`; it is taken as a required string path parameter `{arg_name}`"),
                            );
                            path_params.push(undeclared_path_param(arg_name, name));
                            path_params.len() - 1
                        }
                    };
                    parts.push(PathPart::Param(index));
                }
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        for param in params.iter().filter(|p| p.location == Location::Path) {
            if !path_params.iter().any(|p| p.wire_name == param.data.name) {
                self.warning(
                    &param.pointer,
                    format!(
                        "path parameter `{}` does not appear in the path template `{template}`; it is ignored (the method does not take it)",
                        param.data.name
                    ),
                );
            }
        }
        (parts, path_params)
    }

    /// The value type of a parameter: its `schema`, or the schema of its (one) `content`
    /// media type, untyped JSON or a string when that has none.
    /// The prefix of a query parameter typed `prefixed-collapsible-map-{Prefix}` (Twilio).
    fn query_prefixed_map(&self, param: &Param<'a>) -> Option<String> {
        match &param.data.format {
            ParameterSchemaOrContent::Schema(schema) => self.prefixed_map(schema),
            ParameterSchemaOrContent::Content(_) => None,
        }
    }

    fn param_type(&mut self, param: &Param<'a>, suggested: &str) -> ParamType {
        match &param.data.format {
            ParameterSchemaOrContent::Schema(schema) => ParamType {
                ty: self.type_of(Node::from(schema), suggested, &param.pointer.join("schema")),
                json: false,
            },
            ParameterSchemaOrContent::Content(content) => {
                let Some((media_type, media)) = content.iter().next() else {
                    self.warning(
                        &param.pointer.join("content"),
                        "the `content` map is empty; the parameter is sent as a string",
                    );
                    return ParamType {
                        ty: TypeRef::String,
                        json: false,
                    };
                };
                let json = MediaType::parse(media_type).is_json();
                let ty = match &media.schema {
                    Some(schema) => {
                        let at = param
                            .pointer
                            .join("content")
                            .join(media_type)
                            .join("schema");
                        self.type_of(Node::from(schema), suggested, &at)
                    }
                    None if json => TypeRef::Json,
                    None => TypeRef::String,
                };
                ParamType { ty, json }
            }
        }
    }

    fn lower_params_struct(
        &mut self,
        params: &[Param<'a>],
        type_base: &str,
        method_name: &str,
        pointer: &Pointer,
        locals: &mut Namespace,
    ) -> Option<ParamsStruct> {
        let carried: Vec<&Param<'a>> = params
            .iter()
            .filter(|p| p.location != Location::Path)
            .collect();
        if carried.is_empty() {
            return None;
        }
        let type_name = self.state.type_names.claim(format!("{type_base}Params"));
        let mut field_names = Namespace::new();
        let mut fields = Vec::new();
        let mut sent = Vec::new();
        for param in &carried {
            let name = field_names.claim(names::field_name(&param.data.name));
            let suggested = format!("{type_name}{}", names::type_name(&param.data.name));
            let ParamType { ty, json } = self.param_type(param, &suggested);
            // A parameter is sent or not, never `null`.
            let presence = encoding::presence(param.data.required, false);
            let types = &self.state.types;
            let send = match param.location {
                Location::Query => match self.query_prefixed_map(param) {
                    Some(prefix) => Some(SendAs::QueryPrefixedMap(prefix)),
                    None => {
                        let (styling, reserved) = (param.styling, param.allow_reserved);
                        encoding::query_send(types, &ty, styling, reserved, json)
                    }
                },
                Location::Header => Some(encoding::header_send(
                    types,
                    &ty,
                    param.styling.explode,
                    json,
                )),
                Location::Cookie => {
                    if json {
                        self.warning(
                            &param.pointer.join("content"),
                            "a cookie parameter given by JSON `content` is sent in `form` style, not as JSON text",
                        );
                    }
                    Some(SendAs::Cookie {
                        explode: param.styling.explode,
                    })
                }
                Location::Path => None,
            };
            let placement = match send {
                Some(send) => {
                    sent.push(SentParam {
                        wire_name: param.data.name.clone(),
                        field: name.clone(),
                        presence,
                        send,
                    });
                    Placement::Method
                }
                None => Placement::Serialized,
            };
            let mut field_docs = param
                .data
                .description
                .as_deref()
                .map(docs::lines)
                .unwrap_or_default();
            if let ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) = &param.data.format
            {
                let extra = schema_docs(schema);
                if field_docs.is_empty() {
                    field_docs = extra;
                } else if let Some(pattern) =
                    extra.into_iter().find(|l| docs::pattern_in(l).is_some())
                {
                    field_docs.push(String::new());
                    field_docs.push(pattern);
                }
            }
            if !field_docs.is_empty() {
                field_docs.push(String::new());
            }
            field_docs.push(format!(
                "Sent as the `{}` {} parameter.",
                param.data.name.replace('`', "'"),
                param.location.as_str()
            ));
            fields.push(Field {
                name,
                wire_name: param.data.name.clone(),
                codec: encoding::codec(&ty),
                ty,
                presence,
                boxed: false,
                placement,
                docs: field_docs,
            });
        }
        let has_query = fields.iter().any(|f| f.placement == Placement::Serialized);
        let has_cookie = carried.iter().any(|p| p.location == Location::Cookie);
        let kind = TypeKind::Struct(StructDef {
            fields,
            default: false,
            serde: SerdeImpls::BOTH,
        });
        // Not a schema: its source is the operation whose parameters it gathers.
        let docs = vec![params_doc(method_name, has_cookie)];
        self.insert_type(type_name.clone(), docs, kind, pointer);
        Some(ParamsStruct {
            type_name,
            arg_name: locals.claim("params".to_owned()),
            has_query,
            sent,
        })
    }
}

/// The operation id used when a spec gives none: HTTP method + path, e.g.
/// `get /v1/Services/{Sid}` → `get_v1_Services_Sid` (then snake-cased into a method name).
pub fn generated_operation_id(method: &str, path: &str) -> String {
    let mut id = method.to_ascii_lowercase();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        id.push_str(segment.trim_matches(|c| c == '{' || c == '}'));
    }
    id
}

/// Fails when a `{` of the path template has no matching `}`: the path cannot be built.
fn check_template(template: &str) -> Result<(), String> {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        match rest[open..].find('}') {
            Some(close) => rest = &rest[open + close + 1..],
            None => {
                return Err(format!(
                    "path template `{template}` has a `{{` without a matching `}}`"
                ))
            }
        }
    }
    Ok(())
}

/// The path a request is sent to: the template up to a `#` (`/v1/conversations#stream`). A URL
/// path cannot hold a `#` (it starts the fragment, which is never sent), so specs use the
/// suffix to give one path and method several operations (a streaming twin, the same resource
/// by id or by name); the requests all go to the path before it.
fn request_path(template: &str) -> &str {
    template.split_once('#').map_or(template, |(path, _)| path)
}

/// The path parameter a template variable stands for when the spec does not declare it: a
/// required string (what every template variable is on the wire).
fn undeclared_path_param(arg_name: String, wire_name: &str) -> PathParam {
    PathParam {
        name: arg_name,
        wire_name: wire_name.to_owned(),
        ty: TypeRef::String,
        arg: ArgForm::Str,
        text: TextForm::Display,
        styled: None,
        docs: vec![format!(
            "The `{}` path variable (not declared by the spec; sent as given).",
            wire_name.replace('`', "'")
        )],
    }
}

/// `#/a/b/c` → `#/a/b`.
pub(super) fn parent(pointer: &Pointer) -> Pointer {
    let text = pointer.as_str();
    let mut result = Pointer::root();
    if let Some((head, _)) = text.rsplit_once('/') {
        // Rebuild without re-escaping: the tokens are already escaped.
        result = Pointer::from_escaped(head);
    }
    result
}

/// The doc line of a params struct, linking to its method (rustdoc cannot link to a raw
/// identifier such as `r#match`, so keyword-named methods are named without a link).
fn params_doc(method_name: &str, has_cookie: bool) -> String {
    let what = if has_cookie {
        "Query, header and cookie parameters"
    } else {
        "Query and header parameters"
    };
    match method_name.strip_prefix("r#") {
        Some(bare) => format!("{what} of `Client::{bare}`."),
        None => format!("{what} of [`Client::{method_name}`](super::Client::{method_name})."),
    }
}
