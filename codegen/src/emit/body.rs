//! Request bodies in a method: the argument, the `Request` builder call that sends it (for
//! a multipart body, the parts assembled from the parts struct), and what the docs say about
//! its media type.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::to_text;
use super::{ident, type_tokens, Runtime, Scope};
use crate::model::{
    Api, Body, BodyEncoding, Operation, Part, PartKind, TextForm, TypeKind, TypeRef,
};

/// The body argument: serde values by reference, a parts struct by value (its uploads are
/// consumed), text as `&str`, binary content as anything that converts into an upload.
pub(super) fn body_arg(body: &Body, rt: &Runtime) -> TokenStream {
    let arg = ident(&body.arg_name);
    let ty = type_tokens(&body.ty, Scope::Root, rt);
    match body.encoding {
        BodyEncoding::Form | BodyEncoding::Json | BodyEncoding::JsonAs(_) => quote!(#arg: &#ty),
        BodyEncoding::Multipart(_) => quote!(#arg: #ty),
        BodyEncoding::Text(_) => quote!(#arg: &str),
        BodyEncoding::Binary(_) => quote!(#arg: impl ::std::convert::Into<#ty>),
    }
}

/// The `Request` builder call sending `body`.
pub(super) fn body_tokens(api: &Api, body: &Body, rt: &Runtime) -> TokenStream {
    let arg = ident(&body.arg_name);
    match &body.encoding {
        BodyEncoding::Form => super::params::form_body_tokens(body, rt),
        BodyEncoding::Json => quote!(.json(#arg)),
        BodyEncoding::JsonAs(content_type) => quote!(.json_as(#content_type, #arg)),
        BodyEncoding::Text(content_type) => quote!(.text(#content_type, #arg)),
        BodyEncoding::Binary(content_type) => quote!(.upload(#content_type, #arg.into())),
        BodyEncoding::Multipart(media_type) => {
            let parts = match &body.ty {
                TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
                    Some(TypeKind::Parts(def)) => def.parts.as_slice(),
                    _ => &[],
                },
                _ => &[],
            };
            let multipart = rt.item("__private::Multipart");
            let statements = parts.iter().map(|part| part_tokens(api, &arg, part, rt));
            // A block, so its local cannot collide with the method's arguments.
            quote!(.multipart(#media_type, {
                let mut parts = #multipart::new();
                #(#statements)*
                parts
            }))
        }
    }
}

/// The statement adding `part`'s value(s) of the parts struct `body` to `parts`.
fn part_tokens(api: &Api, body: &proc_macro2::Ident, part: &Part, rt: &Runtime) -> TokenStream {
    let field = ident(&part.field.name);
    let place = quote!(#body.#field);
    let each = |value: TokenStream| add_part(api, part, value, rt);
    match (part.repeated, part.field.presence.is_option()) {
        (false, false) => each(place),
        (false, true) => {
            let add = each(quote!(value));
            quote!(if let ::std::option::Option::Some(value) = #place { #add })
        }
        (true, false) => {
            let add = each(quote!(item));
            quote!(for item in #place { #add })
        }
        (true, true) => {
            let add = each(quote!(item));
            quote!(for item in #place.into_iter().flatten() { #add })
        }
    }
}

/// `parts = parts.<kind>(name, value, content type, headers);` for one owned value.
fn add_part(api: &Api, part: &Part, value: TokenStream, rt: &Runtime) -> TokenStream {
    let name = &part.field.wire_name;
    let content_type = match &part.content_type {
        Some(content_type) => quote!(::std::option::Option::Some(#content_type)),
        None => quote!(::std::option::Option::None),
    };
    let headers = part
        .headers
        .iter()
        .map(|(name, value)| quote!((#name, #value)));
    let headers = quote!(&[#(#headers),*]);
    let call = match &part.kind {
        PartKind::File => quote!(file(#name, #value, #content_type, #headers)),
        // No declared media type and no shape of its own (a union, an untyped value): the
        // runtime sends the value as what it is (text, repeated text, or JSON).
        PartKind::Json
            if part.content_type.is_none() && !part.repeated && shapeless(api, &part.field.ty) =>
        {
            quote!(value(#name, &#value, #headers))
        }
        PartKind::Json => quote!(json(#name, &#value, #content_type, #headers)),
        PartKind::Text(form) => {
            let is_string = match &part.field.ty {
                TypeRef::Array(item) => **item == TypeRef::String,
                ty => *ty == TypeRef::String,
            };
            let text = match form {
                // Already its text: moved, not copied.
                TextForm::Display if is_string => value,
                // Method calls borrow on their own.
                TextForm::Rfc3339 | TextForm::Rfc2822 => to_text(&value, form, rt),
                form => to_text(&quote!(&#value), form, rt),
            };
            quote!(text(#name, #text, #content_type, #headers))
        }
    };
    quote!(parts = parts.#call;)
}

/// Whether values of `ty` have no shape the spec fixes: a union (its alternatives may be a
/// string, an array, an object) or an untyped value (through aliases).
fn shapeless(api: &Api, ty: &TypeRef) -> bool {
    let mut ty = ty;
    // Aliases chain at most as long as the type list; the bound stops a cycle.
    for _ in 0..=api.types.len() {
        match ty {
            TypeRef::Json => return true,
            TypeRef::Named(name) => match api.type_def(name).map(|def| &def.kind) {
                Some(TypeKind::Union(_)) => return true,
                Some(TypeKind::Alias(target)) => ty = target,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}

/// Doc lines about the body's media type, for the method sending `body`: the declared media
/// type, how binary content picks its own, and the operation's methods for other media types.
pub(super) fn body_docs(op: &Operation, body: Option<&Body>, rt: &Runtime) -> Vec<String> {
    let Some(body) = body else {
        return Vec::new();
    };
    let upload = rt.text("Upload");
    let upload = upload.trim_start_matches("::");
    let declared = body.encoding.media_type();
    let mut lines = Vec::new();
    lines.extend(match &body.encoding {
        BodyEncoding::Multipart(_) => Some(format!(
            "`{}`: the parts of a `{declared}` body.",
            body.arg_name
        )),
        BodyEncoding::Text(_) => Some(format!(
            "`{}`: the `{declared}` document, sent as it is.",
            body.arg_name
        )),
        BodyEncoding::Binary(_) if declared.contains('*') => Some(format!(
            "`{}`: the content (bytes, a file or a stream: see [`Upload`]). The spec accepts `{declared}`: name the media type with [`Upload::content_type`]({upload}::content_type), else `application/octet-stream` is sent.",
            body.arg_name
        )),
        BodyEncoding::Binary(_) => Some(format!(
            "`{}`: the content (bytes, a file or a stream: see [`Upload`]), sent as `{declared}` unless [`Upload::content_type`]({upload}::content_type) names another media type.",
            body.arg_name
        )),
        // Twilio's methods (form bodies) keep their docs: said only where there is a choice.
        _ => None,
    });
    let mut methods: Vec<(&str, &Body)> = Vec::new();
    methods.extend(op.body.as_ref().map(|b| (op.method_name.as_str(), b)));
    methods.extend(
        op.other_bodies
            .iter()
            .map(|other| (other.method_name.as_str(), &other.body)),
    );
    let others: Vec<String> = methods
        .iter()
        .filter(|(_, other)| !std::ptr::eq(*other, body))
        .map(|(name, other)| {
            format!(
                "`{}` ([`Client::{}`])",
                other.encoding.media_type(),
                name.trim_start_matches("r#")
            )
        })
        .collect();
    if !others.is_empty() {
        if lines.is_empty() {
            lines.push(format!("`{}`: sent as `{declared}`.", body.arg_name));
        }
        lines.push(String::new());
        lines.push(format!(
            "The operation also takes its body as {}.",
            others.join(", ")
        ));
    }
    if !lines.is_empty() {
        lines.splice(
            0..0,
            [String::new(), "# Request body".to_owned(), String::new()],
        );
    }
    lines
}
