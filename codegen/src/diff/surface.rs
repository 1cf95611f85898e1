//! The public Rust API of a generated client, read off the lowered [`model`](crate::model):
//! every item a caller can name, with the shape the compiler checks, its docs, and the wire
//! facts that decide what it sends or reads (which the compiler does not see).
//!
//! The shapes spell what the emitter generates (`emit/client.rs`, `emit/types.rs`,
//! `emit/access.rs`, and `emit/builders.rs` in the evolving shape, mirrored by `builders.rs`
//! here), without the `::std::` and runtime prefixes: `&str`, `&types::X` is
//! `&X`, `Option<T>`, `Result<T, Error>`. Each item kind mirrors one emitter rule; a change
//! there must be mirrored here: `codegen/tests/diff_surface.rs` parses the code generated for
//! every fixture and fails on any item or signature the surface does not have exactly.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::builders::{as_str_item, builder_items, Member};
use super::item::{type_name, Item, Shape};
use crate::model::{
    Api, ApiShape, ArgForm, Auth, Body, BodyEncoding, Codec, EventData, Field, Operation,
    PathParam, Placement, Presence, ResponseBody, Scheme, ServerUrl, SuccessBody, TypeDef,
    TypeKind,
};

/// Every public item of a generated client, by item path (`Client::create_invite`,
/// `types::CreateInviteRequest::role_sid`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    /// The items, sorted by path.
    pub items: BTreeMap<String, Item>,
}

fn bare(name: &str) -> &str {
    name.trim_start_matches("r#")
}

/// `docs` without the line stating a `pattern` (see [`crate::docs::pattern_line`]), and that
/// pattern: it says what the server accepts, so a change of it is a wire change.
fn split_pattern(docs: &[String]) -> (String, Option<String>) {
    let mut pattern = None;
    let mut rest = Vec::with_capacity(docs.len());
    for line in docs {
        match crate::docs::pattern_in(line) {
            Some(found) if pattern.is_none() => pattern = Some(found.to_owned()),
            _ => rest.push(line.as_str()),
        }
    }
    (rest.join("\n"), pattern)
}

fn item(shape: Shape, docs: &[String]) -> Item {
    let (docs, pattern) = split_pattern(docs);
    let mut wire = BTreeMap::new();
    if let Some(pattern) = pattern {
        wire.insert("pattern".into(), pattern);
    }
    Item {
        shape,
        docs,
        wire,
        follows: None,
    }
}

fn owned(traits: &[&str]) -> Vec<String> {
    traits.iter().map(|t| (*t).to_owned()).collect()
}

fn method(is_async: bool, args: Vec<(String, String)>, output: String) -> Shape {
    Shape::Method {
        is_async,
        args,
        output,
    }
}

fn receiver(receiver: &str) -> (String, String) {
    (String::new(), receiver.to_owned())
}

impl Surface {
    /// The public API of the client generated from `api`.
    pub fn of(api: &Api) -> Surface {
        let mut surface = Surface::default();
        surface.client(api);
        for op in &api.operations {
            surface.operation(api, op);
        }
        for def in &api.types {
            surface.type_def(def, api.shape);
        }
        // How the method sends each parameter it sends itself, on the params struct's field.
        for params in api.operations.iter().filter_map(|op| op.params.as_ref()) {
            for sent in &params.sent {
                let path = format!("types::{}::{}", bare(&params.type_name), bare(&sent.field));
                if let Some(field) = surface.items.get_mut(&path) {
                    field
                        .wire
                        .insert("wire name".into(), sent.wire_name.clone());
                    field
                        .wire
                        .insert("sent as".into(), format!("{:?}", sent.send));
                }
            }
        }
        surface
    }

    fn add(&mut self, path: String, item: Item) {
        self.items.insert(path, item);
    }

    /// `Client`, its constructors and the `Credentials` builder of several schemes.
    fn client(&mut self, api: &Api) {
        let mut credentials: Vec<(String, String)> = match &api.auth {
            Auth::Several => vec![("credentials".to_owned(), "Credentials".to_owned())],
            kind => secret_args(kind),
        };
        if api.base_url_required {
            credentials.insert(0, ("base_url".to_owned(), "impl Into<String>".to_owned()));
        }
        let mut traits = vec!["Clone", "Debug"];
        if credentials.is_empty() {
            traits.push("Default");
        }
        let mut client = item(
            Shape::Struct {
                traits: owned(&traits),
                constructible: false,
            },
            &[],
        );
        client
            .wire
            .insert("authentication".into(), auth_fact(&api.auth));
        self.add("Client".to_owned(), client);
        let output = if api.base_url_required {
            "Result<Self, Error>"
        } else {
            "Self"
        };
        let new = method(false, credentials.clone(), output.to_owned());
        self.add("Client::new".to_owned(), item(new, &[]));
        let builder = method(false, credentials, "ClientBuilder".to_owned());
        self.add("Client::builder".to_owned(), item(builder, &[]));
        let base_url = method(false, vec![receiver("&self")], "Option<&str>".to_owned());
        self.add("Client::base_url".to_owned(), item(base_url, &[]));
        if api.auth == Auth::Several {
            let shape = Shape::Struct {
                traits: owned(&["Clone", "Debug", "Default"]),
                constructible: false,
            };
            self.add("Credentials".to_owned(), item(shape, &[]));
            let new = method(false, Vec::new(), "Self".to_owned());
            self.add("Credentials::new".to_owned(), item(new, &[]));
            for scheme in &api.schemes {
                self.scheme(scheme);
            }
        }
    }

    fn scheme(&mut self, scheme: &Scheme) {
        let mut args = vec![receiver("self")];
        args.extend(secret_args(&scheme.kind));
        let mut entry = item(method(false, args, "Self".to_owned()), &scheme.docs);
        entry
            .wire
            .insert("security scheme".into(), scheme.key.clone());
        entry
            .wire
            .insert("authentication".into(), auth_fact(&scheme.kind));
        self.add(format!("Credentials::{}", bare(&scheme.method)), entry);
    }

    /// An operation's method and its twins.
    fn operation(&mut self, api: &Api, op: &Operation) {
        let mut wire = BTreeMap::new();
        wire.insert(
            "request".into(),
            format!("{} {}", op.http_method, op.path_template),
        );
        wire.insert("server".into(), server_fact(api, &op.server));
        wire.insert(
            "security".into(),
            match &op.security {
                None => "every credential the client holds".to_owned(),
                Some(alternatives) => format!("{alternatives:?}"),
            },
        );
        wire.insert(
            "accept".into(),
            op.accept
                .clone()
                .unwrap_or_else(|| "application/json".to_owned()),
        );
        if let Some(params) = &op.params {
            if params.has_query {
                wire.insert(
                    "query".into(),
                    "serialized from the params struct".to_owned(),
                );
            }
        }
        let output = match &op.response {
            ResponseBody::Empty => "()".to_owned(),
            ResponseBody::Json(ty) => type_name(ty),
            ResponseBody::Text => "String".to_owned(),
            ResponseBody::Bytes => "Bytes".to_owned(),
            ResponseBody::Redirect => "Redirect".to_owned(),
            ResponseBody::ByStatus(name) => bare(name).to_owned(),
            ResponseBody::Events(EventData::Json(ty)) => format!("EventStream<{}>", type_name(ty)),
            ResponseBody::Events(EventData::Text) => "EventStream".to_owned(),
        };
        let args = |body: Option<&Body>| {
            let mut args = vec![receiver("&self")];
            args.extend(op.path_params.iter().map(path_arg));
            if let Some(params) = &op.params {
                let ty = format!("&{}", bare(&params.type_name));
                args.push((bare(&params.arg_name).to_owned(), ty));
            }
            if let Some(body) = body {
                args.push(body_arg(body));
            }
            args
        };
        let with_body = |wire: &BTreeMap<String, String>, body: Option<&Body>| {
            let mut wire = wire.clone();
            if let Some(body) = body {
                wire.insert("request body".into(), body_fact(body));
            }
            wire
        };
        let result = |ok: &str| format!("Result<{ok}, Error>");

        let mut docs = op.docs.clone();
        for param in op.path_params.iter().filter(|p| !p.docs.is_empty()) {
            docs.push(format!("`{}`: {}", bare(&param.name), param.docs.join(" ")));
        }
        let shape = method(true, args(op.body.as_ref()), result(&output));
        let mut main = item(shape, &docs);
        main.wire = with_body(&wire, op.body.as_ref());
        self.add(format!("Client::{}", bare(&op.method_name)), main);

        for other in &op.other_bodies {
            let shape = method(true, args(Some(&other.body)), result(&output));
            let mut twin = item(shape, &[]);
            twin.wire = with_body(&wire, Some(&other.body));
            self.add(format!("Client::{}", bare(&other.method_name)), twin);
        }
        let twin = |shape: Shape| Item {
            shape,
            docs: String::new(),
            wire: with_body(&wire, op.body.as_ref()),
            follows: None,
        };
        // A redirect-only operation has no `_with_headers` twin (its `Redirect` holds them).
        if let Some(headers) = op
            .response_headers
            .as_ref()
            .filter(|_| op.response != ResponseBody::Redirect)
        {
            let ok = format!("WithHeaders<{output}, {}>", bare(&headers.type_name));
            let shape = method(true, args(op.body.as_ref()), result(&ok));
            self.add(
                format!("Client::{}", bare(&headers.method_name)),
                twin(shape),
            );
        }
        if let Some(paging) = &op.paging {
            let ok = format!(
                "BoxStream<'static, Result<{}, Error>>",
                type_name(&paging.item)
            );
            let mut stream = twin(method(false, args(op.body.as_ref()), ok));
            stream.wire.insert(
                "items".into(),
                format!("{:?}", (&paging.items_field, &paging.next)),
            );
            self.add(format!("Client::{}", bare(&paging.stream_method)), stream);
        }
        if let Some(stream) = &op.byte_stream {
            let shape = method(true, args(op.body.as_ref()), result("ByteStream"));
            self.add(format!("Client::{}", bare(stream)), twin(shape));
        }
    }

    /// A named type and its fields or variants.
    fn type_def(&mut self, def: &TypeDef, shape: ApiShape) {
        let path = format!("types::{}", bare(&def.name));
        let docs = &def.docs;
        let evolving = shape.is_evolving();
        let mut members = Vec::new();
        match &def.kind {
            TypeKind::Struct(s) => {
                let mut traits = vec!["Debug", "Clone", "PartialEq"];
                if s.default {
                    traits.push("Default");
                }
                traits.extend(serde_traits(s.serde));
                self.structure(&path, &traits, docs, evolving);
                for field in &s.fields {
                    self.field(&path, field, field_wire(field));
                }
                members.extend(s.fields.iter().map(member));
            }
            TypeKind::Parts(parts) => {
                let mut traits = vec!["Debug"];
                if parts.default {
                    traits.push("Default");
                }
                self.structure(&path, &traits, docs, evolving);
                members.extend(parts.parts.iter().map(|part| member(&part.field)));
                for part in &parts.parts {
                    let mut wire = BTreeMap::new();
                    wire.insert("part name".into(), part.field.wire_name.clone());
                    wire.insert("part".into(), format!("{:?}", part.kind));
                    wire.insert("repeated".into(), part.repeated.to_string());
                    if let Some(content_type) = &part.content_type {
                        wire.insert("content type".into(), content_type.clone());
                    }
                    if !part.headers.is_empty() {
                        wire.insert("part headers".into(), format!("{:?}", part.headers));
                    }
                    self.field(&path, &part.field, wire);
                }
            }
            TypeKind::Headers(headers) => {
                let traits = ["Debug", "Clone", "PartialEq", "Default"];
                self.structure(&path, &traits, docs, evolving);
                members.extend(headers.fields.iter().map(|field| Member {
                    name: &field.name,
                    ty: type_name(&field.ty),
                    optional: true,
                }));
                for field in &headers.fields {
                    let mut entry = item(
                        Shape::Field {
                            ty: format!("Option<{}>", type_name(&field.ty)),
                        },
                        &field.docs,
                    );
                    entry.wire.insert("header".into(), field.wire_name.clone());
                    entry
                        .wire
                        .insert("decoded".into(), format!("{:?}", field.decode));
                    self.add(format!("{path}::{}", bare(&field.name)), entry);
                }
            }
            TypeKind::Enum(e) => {
                let traits = vec![
                    "Debug",
                    "Clone",
                    "PartialEq",
                    "Eq",
                    "Hash",
                    "PartialOrd",
                    "Ord",
                    "Display",
                    "FromStr",
                    "From<&str>",
                    "Serialize",
                    "Deserialize",
                ];
                self.enumeration(&path, &traits, docs, BTreeMap::new(), evolving);
                let (as_str, entry) = as_str_item(&path);
                self.add(as_str, entry);
                for variant in &e.variants {
                    let mut entry = item(Shape::Variant { payload: None }, &[]);
                    entry
                        .wire
                        .insert("value".into(), variant.wire_value.clone());
                    self.add(format!("{path}::{}", bare(&variant.name)), entry);
                }
                let fallback = Shape::Variant {
                    payload: Some("String".to_owned()),
                };
                self.add(
                    format!("{path}::{}", bare(&e.fallback)),
                    item(fallback, &[]),
                );
            }
            TypeKind::Union(union) => {
                let mut traits = vec!["Debug", "Clone", "PartialEq"];
                traits.extend(serde_traits(union.serde));
                let mut wire = BTreeMap::new();
                wire.insert(
                    "decoded by".into(),
                    match &union.tag {
                        Some(property) => format!("its `{property}` property"),
                        None => "trying each alternative in order".to_owned(),
                    },
                );
                self.enumeration(&path, &traits, docs, wire, evolving);
                for variant in &union.variants {
                    let mut ty = type_name(&variant.ty);
                    if variant.boxed {
                        ty = format!("Box<{ty}>");
                    }
                    let mut entry = item(Shape::Variant { payload: Some(ty) }, &[]);
                    if let Some(d) = &variant.discriminator {
                        entry.wire.insert(
                            "tag values".into(),
                            format!("{}: {:?}", d.property, d.values),
                        );
                    }
                    self.add(format!("{path}::{}", bare(&variant.name)), entry);
                }
            }
            TypeKind::Statuses(statuses) => {
                self.enumeration(
                    &path,
                    &["Debug", "Clone", "PartialEq"],
                    docs,
                    BTreeMap::new(),
                    evolving,
                );
                for (index, variant) in statuses.variants.iter().enumerate() {
                    let payload = variant.body.as_ref().map(|body| match body {
                        SuccessBody::Json(ty) => type_name(ty),
                        SuccessBody::Text => "String".to_owned(),
                        SuccessBody::Bytes => "Bytes".to_owned(),
                    });
                    let mut entry = item(Shape::Variant { payload }, &variant.docs);
                    let status = variant
                        .status
                        .map_or_else(|| "2XX".to_owned(), |s| s.to_string());
                    entry.wire.insert("status".into(), status);
                    if index == statuses.fallback {
                        entry
                            .wire
                            .insert("fallback".into(), "undeclared 2xx statuses".to_owned());
                    }
                    self.add(format!("{path}::{}", bare(&variant.name)), entry);
                }
            }
            TypeKind::Alias(target) => {
                let shape = Shape::Alias {
                    target: type_name(target),
                };
                self.add(path.clone(), item(shape, docs));
            }
        }
        if evolving && is_struct(def) {
            for (method, entry) in builder_items(&path, &members) {
                self.add(method, entry);
            }
        }
    }

    /// A struct: callers can build it with a literal unless it is `#[non_exhaustive]`.
    fn structure(&mut self, path: &str, traits: &[&str], docs: &[String], non_exhaustive: bool) {
        let shape = Shape::Struct {
            traits: owned(traits),
            constructible: !non_exhaustive,
        };
        self.add(path.to_owned(), item(shape, docs));
    }

    fn enumeration(
        &mut self,
        path: &str,
        traits: &[&str],
        docs: &[String],
        wire: BTreeMap<String, String>,
        non_exhaustive: bool,
    ) {
        let shape = Shape::Enum {
            traits: owned(traits),
            exhaustive: !non_exhaustive,
        };
        let mut entry = item(shape, docs);
        entry.wire.extend(wire);
        self.add(path.to_owned(), entry);
    }

    fn field(&mut self, parent: &str, field: &Field, wire: BTreeMap<String, String>) {
        let mut ty = type_name(&field.ty);
        if field.boxed {
            ty = format!("Box<{ty}>");
        }
        if field.presence.is_option() {
            ty = format!("Option<{ty}>");
        }
        let mut entry = item(Shape::Field { ty }, &field.docs);
        entry.wire.extend(wire);
        self.add(format!("{parent}::{}", bare(&field.name)), entry);
    }
}

fn is_struct(def: &TypeDef) -> bool {
    matches!(
        def.kind,
        TypeKind::Struct(_) | TypeKind::Parts(_) | TypeKind::Headers(_)
    )
}

/// A struct field as the builder methods take it.
/// The serde traits a struct or union implements, as the surface names them.
fn serde_traits(impls: crate::model::SerdeImpls) -> impl Iterator<Item = &'static str> {
    [
        impls.serialize.then_some("Serialize"),
        impls.deserialize.then_some("Deserialize"),
    ]
    .into_iter()
    .flatten()
}

fn member(field: &Field) -> Member<'_> {
    let mut ty = type_name(&field.ty);
    if field.boxed {
        ty = format!("Box<{ty}>");
    }
    Member {
        name: &field.name,
        ty,
        optional: field.presence.is_option(),
    }
}

/// Wire facts of a serde struct field.
fn field_wire(field: &Field) -> BTreeMap<String, String> {
    let mut wire = BTreeMap::new();
    wire.insert("wire name".into(), field.wire_name.clone());
    let presence = match field.presence {
        Presence::Required => "required",
        Presence::Optional => "optional (left out when None)",
        Presence::Nullable => "nullable (None sent as null)",
    };
    wire.insert("presence".into(), presence.to_owned());
    if field.placement == Placement::Method {
        wire.insert("placement".into(), "sent by the method".to_owned());
    }
    match field.codec {
        Codec::Plain => {}
        Codec::DateTime(format) => {
            wire.insert("format".into(), format!("{format:?}"));
        }
        Codec::NumberOrString => {
            wire.insert("format".into(), "number or numeric string".to_owned());
        }
    }
    wire
}

/// The constructor arguments of a single-secret scheme.
fn secret_args(kind: &Auth) -> Vec<(String, String)> {
    let into = || "impl Into<String>".to_owned();
    match kind {
        Auth::Basic {
            user_arg,
            password_arg,
        } => vec![
            (bare(user_arg).to_owned(), into()),
            (bare(password_arg).to_owned(), into()),
        ],
        Auth::Bearer => vec![("token".to_owned(), into())],
        Auth::ApiKey { .. } => vec![("api_key".to_owned(), into())],
        Auth::None | Auth::Several => Vec::new(),
    }
}

fn auth_fact(auth: &Auth) -> String {
    match auth {
        Auth::None => "none".to_owned(),
        Auth::Basic { .. } => "HTTP basic".to_owned(),
        Auth::Bearer => "HTTP bearer".to_owned(),
        Auth::ApiKey { location, name } => format!("API key `{name}` in the {location:?}"),
        Auth::Several => "several schemes (Credentials)".to_owned(),
    }
}

fn server_fact(api: &Api, server: &ServerUrl) -> String {
    match server {
        ServerUrl::None => "none (base URL required)".to_owned(),
        ServerUrl::Plain(url) => url.clone(),
        ServerUrl::Template(name) => api
            .servers
            .iter()
            .find(|s| &s.static_name == name)
            .map_or_else(|| name.clone(), |s| format!("{} {:?}", s.url, s.variables)),
    }
}

fn path_arg(param: &PathParam) -> (String, String) {
    let ty = match &param.arg {
        ArgForm::Str => "&str".to_owned(),
        ArgForm::Copy(scalar) => type_name(&scalar.type_ref()),
        ArgForm::Ref => format!("&{}", type_name(&param.ty)),
        ArgForm::Slice(item) => format!("&[{}]", type_name(item)),
    };
    (bare(&param.name).to_owned(), ty)
}

fn body_arg(body: &Body) -> (String, String) {
    let ty = type_name(&body.ty);
    let ty = match body.encoding {
        BodyEncoding::Form | BodyEncoding::Json | BodyEncoding::JsonAs(_) => format!("&{ty}"),
        BodyEncoding::Multipart(_) => ty,
        BodyEncoding::Text(_) => "&str".to_owned(),
        BodyEncoding::Binary(_) => format!("impl Into<{ty}>"),
    };
    (bare(&body.arg_name).to_owned(), ty)
}

fn body_fact(body: &Body) -> String {
    let media = body.encoding.media_type();
    if body.form_fields.is_empty() {
        media.to_owned()
    } else {
        let fields: Vec<String> = body
            .form_fields
            .iter()
            .map(|f| format!("{} as {:?}", f.wire_name, f.encoding))
            .collect();
        format!("{media} ({})", fields.join(", "))
    }
}
