//! The client type and its operations: `Client` (a newtype over the runtime's client) with its
//! constructors, one async method per operation, and a stream method per paged list.
//!
//! Each method only assembles the runtime's `Request` and hands it to the runtime's one shared,
//! non-generic send path; the per-operation code is a handful of lines.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{
    access, body, headers, ident, params, response, type_tokens, DocTable, Runtime, Scope,
};
use crate::model::{
    Api, ArgForm, Body, NextLink, Operation, Paging, PathParam, PathPart, Presence, SentParam,
    TextForm,
};

/// Clippy's default `too_many_arguments` threshold (arguments, including `self`).
const CLIPPY_MAX_ARGUMENTS: usize = 7;

/// Operations grouped by tag (in order of first use): one `impl` block each, so a
/// 200-operation client's docs read as resources rather than one long list.
pub(crate) fn operation_groups(api: &Api) -> Vec<(Option<&str>, Vec<&Operation>)> {
    let mut groups: Vec<(Option<&str>, Vec<&Operation>)> = Vec::new();
    for op in &api.operations {
        let group = op.group.as_deref();
        match groups.iter_mut().find(|(g, _)| *g == group) {
            Some((_, ops)) => ops.push(op),
            None => groups.push((group, vec![op])),
        }
    }
    groups
}

/// The doc line of a tag's `impl` block.
pub(crate) fn group_doc(group: Option<&str>) -> String {
    match group {
        Some(tag) => format!("Operations tagged `{}`.", tag.replace('`', "'")),
        None => "Operations without a tag.".to_owned(),
    }
}

/// The client type (a newtype over the runtime's, so every operation is an inherent method of
/// a type of the including crate), its builder alias, and the `impl` block with `new`,
/// `builder` and `base_url`.
pub(crate) fn client_type(api: &Api, rt: &Runtime, table: &DocTable) -> TokenStream {
    let inner = rt.item("__private::Client");
    let generated_client = rt.item("__private::GeneratedClient");
    let builder = rt.item("ClientBuilder");
    let mut client_doc = vec![
        format!("A client for {} {}: credentials, settings and a connection pool.", api.title, api.version),
        String::new(),
        "Every operation of the spec is an async method. Cloning is cheap (the connection pool is shared), so clone it into tasks rather than wrapping it in an `Arc`; its `Debug` output never shows credentials.".to_owned(),
    ];
    client_doc.extend(access::other_servers_doc(api));
    let client_doc = table.attr(client_doc);
    let builder_doc = table.line(format!(
        "Configures and builds a [`Client`] (base URL, HTTP client, timeouts, retries): see [`{}`].",
        rt.text("ClientBuilder").trim_start_matches("::")
    ));
    let constructors = access::constructors(api, rt, table);
    let credentials = access::credentials_type(api, rt, table);
    let statics = access::server_statics(api, rt, table);
    quote! {
        #client_doc
        #[derive(Clone)]
        pub struct Client {
            inner: #inner,
        }

        #builder_doc
        pub type ClientBuilder = #builder<Client>;

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.inner, f)
            }
        }

        impl #generated_client for Client {
            fn from_runtime(inner: #inner) -> Self {
                Self { inner }
            }
        }

        /// Constructors.
        impl Client {
            #constructors
        }

        #credentials
        #statics
    }
}

/// The statements that build `request` sending `body` (shared by the method, its stream
/// variant and the methods sending the body in other media types).
fn request_tokens(api: &Api, op: &Operation, body: Option<&Body>, rt: &Runtime) -> TokenStream {
    let method = format_ident!("{}", op.http_method);
    let server = access::server_tokens(&op.server);
    let styled = params::styled_path(&op.path_params);
    // Each argument that is not already text is shadowed by its text (unless the runtime
    // renders it).
    let conversions = op.path_params.iter().filter_map(|p| {
        if !params::converts_to_text(p) {
            return None;
        }
        let arg = ident(&p.name);
        let value = match p.arg {
            ArgForm::Str => return None,
            ArgForm::Copy(_) => quote!(&#arg),
            ArgForm::Ref | ArgForm::Slice(_) => quote!(#arg),
        };
        let text = to_text(&value, &p.text, rt);
        Some(quote!(let #arg = #text;))
    });
    // The spec's path template, `{name}` placeholders and all; the runtime fills them in
    // from `values`, in order (a parameter used twice is passed twice).
    let mut template = String::new();
    let mut values = Vec::new();
    for part in &op.path {
        match part {
            PathPart::Literal(text) => template.push_str(text),
            PathPart::Param(index) => {
                let param = &op.path_params[*index];
                template.push('{');
                template.push_str(&param.wire_name);
                template.push('}');
                let arg = ident(&param.name);
                let value = match param.arg {
                    ArgForm::Str => quote!(#arg),
                    ArgForm::Ref | ArgForm::Slice(_) if !params::converts_to_text(param) => {
                        quote!(#arg)
                    }
                    _ => quote!(&#arg),
                };
                values.push(if styled {
                    params::path_param_tokens(param, value, rt)
                } else {
                    value
                });
            }
        }
    }
    let mut chain = Vec::new();
    chain.extend(access::security_tokens(op));
    // Before the parameters, so a spec-declared `Accept` parameter replaces it.
    chain.extend(response::accept_tokens(op));
    if let Some(params) = &op.params {
        let arg = ident(&params.arg_name);
        if params.has_query {
            chain.push(quote!(.query(#arg)));
        }
        for sent in &params.sent {
            chain.push(params::sent_param_tokens(&arg, sent, rt));
        }
    }
    if let Some(body) = body {
        chain.push(body::body_tokens(api, body, rt));
    }
    let request = rt.item("__private::Request");
    let method_type = rt.item("__private::Method");
    let constructor = if styled {
        quote!(with_path)
    } else {
        quote!(new)
    };
    quote! {
        #(#conversions)*
        let request = #request::#constructor(
            #method_type::#method,
            #server,
            #template,
            &[#(#values),*],
        )
        #(#chain)*;
    }
}

/// `.header(name, value)` for a header parameter in the params struct `params` whose text the
/// generated code writes in `text` form: the value is an `Option<String>`, `None` sending no
/// header.
pub(super) fn header_text_tokens(
    params: &Ident,
    header: &SentParam,
    text: &TextForm,
    rt: &Runtime,
) -> TokenStream {
    let name = &header.wire_name;
    let field = ident(&header.field);
    let value = match (header.presence.is_option(), text) {
        (true, TextForm::Display) => {
            quote!(#params.#field.as_ref().map(::std::string::ToString::to_string))
        }
        (true, text) => {
            let text = to_text(&quote!(value), text, rt);
            quote!(#params.#field.as_ref().map(|value| #text))
        }
        (false, text) => {
            let text = to_text(&quote!(&#params.#field), text, rt);
            quote!(::std::option::Option::Some(#text))
        }
    };
    quote!(.header(#name, #value))
}

/// An expression turning `value` (a reference to the value) into the `String` sent on the
/// wire, as `form` says.
pub(super) fn to_text(value: &TokenStream, form: &TextForm, rt: &Runtime) -> TokenStream {
    match form {
        TextForm::Display => quote!(::std::string::ToString::to_string(#value)),
        TextForm::Rfc3339 => {
            let seconds_format = rt.item("chrono::SecondsFormat::AutoSi");
            quote!(#value.to_rfc3339_opts(#seconds_format, true))
        }
        TextForm::Rfc2822 => quote!(#value.to_rfc2822()),
        TextForm::Joined(item) => {
            let each = match &**item {
                TextForm::Display => quote!(::std::string::ToString::to_string),
                item => {
                    let text = to_text(&quote!(item), item, rt);
                    quote!(|item| #text)
                }
            };
            quote!(#value.iter().map(#each).collect::<::std::vec::Vec<_>>().join(","))
        }
        TextForm::JsonText => {
            let serde_json = rt.item("serde_json");
            quote!(match #serde_json::to_value(#value) {
                ::std::result::Result::Ok(#serde_json::Value::String(text)) => text,
                ::std::result::Result::Ok(other) => other.to_string(),
                ::std::result::Result::Err(_) => ::std::string::String::new(),
            })
        }
    }
}

/// The Rust type of a path parameter argument.
fn path_arg_type(param: &PathParam, rt: &Runtime) -> TokenStream {
    match &param.arg {
        ArgForm::Str => quote!(&str),
        ArgForm::Copy(scalar) => type_tokens(&scalar.type_ref(), Scope::Root, rt),
        ArgForm::Ref => {
            let ty = type_tokens(&param.ty, Scope::Root, rt);
            quote!(&#ty)
        }
        ArgForm::Slice(item) => {
            let item = type_tokens(item, Scope::Root, rt);
            quote!(&[#item])
        }
    }
}

pub(crate) fn emit_operation(
    api: &Api,
    op: &Operation,
    rt: &Runtime,
    table: &DocTable,
) -> TokenStream {
    let main = emit_method(api, op, &op.method_name, op.body.as_ref(), rt, table);
    let others = op
        .other_bodies
        .iter()
        .map(|other| emit_method(api, op, &other.method_name, Some(&other.body), rt, table));
    quote! {
        #main
        #(#others)*
    }
}

/// The method `method_name` of `op`, sending `body`; the operation's own method (sending
/// [`Operation::body`]) also gets the stream method of a paged list.
fn emit_method(
    api: &Api,
    op: &Operation,
    method_name: &str,
    body: Option<&Body>,
    rt: &Runtime,
    table: &DocTable,
) -> TokenStream {
    let own = method_name == op.method_name;
    let name = ident(method_name);
    let mut args = Vec::new();
    let mut arg_names = Vec::new();
    for param in &op.path_params {
        let arg = ident(&param.name);
        let ty = path_arg_type(param, rt);
        args.push(quote!(#arg: #ty));
        arg_names.push(arg);
    }
    if let Some(params) = &op.params {
        let arg = ident(&params.arg_name);
        let ty = ident(&params.type_name);
        args.push(quote!(#arg: &types::#ty));
        arg_names.push(arg);
    }
    if let Some(body) = body {
        args.push(body::body_arg(body, rt));
        arg_names.push(ident(&body.arg_name));
    }
    let allow = (args.len() + 1 > CLIPPY_MAX_ARGUMENTS)
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let mut doc_lines = method_docs(op, rt);
    doc_lines.extend(body::body_docs(op, body, rt));
    let docs = table.or(&doc_lines, "");
    let request = request_tokens(api, op, body, rt);
    let (output, finish) = response::result(api, op, rt);
    let byte_stream = op
        .byte_stream
        .as_deref()
        .filter(|_| own)
        .map(|stream_name| {
            response::byte_stream_method(
                op,
                stream_name,
                &args,
                allow.as_ref(),
                &request,
                rt,
                table,
            )
        });
    let stream = op
        .paging
        .as_ref()
        .filter(|_| own)
        .map(|paging| emit_stream(api, op, paging, &args, rt, table));
    let error = rt.item("Error");
    let with_headers = op
        .response_headers
        .as_ref()
        .filter(|_| own)
        .and_then(|headers| {
            let method = headers::Method {
                api,
                op,
                headers,
                args: &args,
                output: &output,
                request: &request,
            };
            method.emit(&allow, rt, table)
        });
    // With a `_with_headers` twin, the method is the twin without the headers, so that the
    // request is built (and compiled) once.
    let body = match (&with_headers, &op.response_headers) {
        (Some(_), Some(headers)) => {
            let twin = ident(&headers.method_name);
            let without_headers = rt.item("__private::without_headers");
            quote!(#without_headers(self.#twin(#(#arg_names),*).await))
        }
        _ => quote!(#request #finish),
    };
    quote! {
        #docs
        #allow
        pub async fn #name(&self, #(#args),*) -> ::std::result::Result<#output, #error> {
            #body
        }

        #with_headers
        #stream
        #byte_stream
    }
}

fn emit_stream(
    api: &Api,
    op: &Operation,
    paging: &Paging,
    args: &[TokenStream],
    rt: &Runtime,
    table: &DocTable,
) -> TokenStream {
    let name = ident(&paging.stream_method);
    let page_type = type_tokens(&paging.page_type, Scope::Root, rt);
    let item_type = type_tokens(&paging.item, Scope::Root, rt);
    let items_field = ident(&paging.items_field);
    let items = match paging.items_presence {
        Presence::Required => quote!(page.#items_field),
        Presence::Optional | Presence::Nullable => quote!(page.#items_field.unwrap_or_default()),
    };
    let next = match &paging.next {
        NextLink::Nested {
            container,
            container_presence,
            field,
            field_presence,
        } => {
            let container = ident(container);
            let field = ident(field);
            match (container_presence.is_option(), field_presence.is_option()) {
                (true, true) => quote!(page.#container.and_then(|meta| meta.#field)),
                (true, false) => quote!(page.#container.map(|meta| meta.#field)),
                (false, true) => quote!(page.#container.#field),
                (false, false) => quote!(::std::option::Option::Some(page.#container.#field)),
            }
        }
        NextLink::TopLevel {
            field,
            field_presence,
        } => {
            let field = ident(field);
            if field_presence.is_option() {
                quote!(page.#field)
            } else {
                quote!(::std::option::Option::Some(page.#field))
            }
        }
    };
    let request = request_tokens(api, op, op.body.as_ref(), rt);
    let allow = (args.len() + 1 > CLIPPY_MAX_ARGUMENTS)
        .then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let box_stream = rt.item("futures::stream::BoxStream");
    let error = rt.item("Error");
    let doc = table.attr(vec![
        format!(
            "Every item of every page of [`Client::{}`], fetched page by page as the stream is polled.",
            op.method_name.trim_start_matches("r#")
        ),
        String::new(),
        "The stream ends after the last page, or after yielding the first error.".to_owned(),
    ]);
    quote! {
        #doc
        #allow
        pub fn #name(&self, #(#args),*) -> #box_stream<'static, ::std::result::Result<#item_type, #error>> {
            #request
            self.inner.paginate(request, |page: #page_type| (#items, #next))
        }
    }
}

fn method_docs(op: &Operation, rt: &Runtime) -> Vec<String> {
    let mut lines = op.docs.clone();
    if !op.errors.is_empty() {
        lines.push(String::new());
        lines.push("# Errors".to_owned());
        lines.push(String::new());
        lines.push("A non-2xx status is [`Error::Api`]; [`ApiError::json`] decodes its body as the spec declares it:".to_owned());
        lines.push(String::new());
        for error in &op.errors {
            let ty = match &error.ty {
                crate::model::TypeRef::Named(name) => format!("[`types::{name}`]"),
                other => format!(
                    "`{}`",
                    type_tokens(other, Scope::Root, rt)
                        .to_string()
                        .replace(' ', "")
                ),
            };
            lines.push(format!("* `{}`: {ty}", error.status.replace('`', "'")));
        }
    }
    let documented: Vec<_> = op
        .path_params
        .iter()
        .filter(|p| !p.docs.is_empty())
        .collect();
    if !documented.is_empty() {
        lines.push(String::new());
        lines.push("# Arguments".to_owned());
        lines.push(String::new());
        for param in documented {
            let text = param.docs.join(" ");
            lines.push(format!(
                "* `{}`: {}",
                param.name.trim_start_matches("r#"),
                text
            ));
        }
    }
    lines
}
