//! The request-building calls for parameters the runtime renders: path parameters in a
//! style (`label`, `matrix`, objects) and the params struct's fields the method sends one by
//! one ([`SentParam`]: styled query parameters, headers, cookies, JSON `content`).
//!
//! Each call passes the value itself (`&params.field`, an `Option` when optional), so the
//! runtime turns it into text through serde and leaves out `None`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{ident, Runtime};
use crate::model::{
    Body, FormFieldEncoding, ParamStyle, PathParam, SendAs, SentParam, Styling, TextForm,
};

/// The call adding `sent` (a field of the params struct `params`) to the request.
pub(crate) fn sent_param_tokens(params: &Ident, sent: &SentParam, rt: &Runtime) -> TokenStream {
    let name = &sent.wire_name;
    let field = ident(&sent.field);
    let value = quote!(&#params.#field);
    match &sent.send {
        SendAs::HeaderText(text) => super::client::header_text_tokens(params, sent, text, rt),
        SendAs::Header { explode } => quote!(.header_param(#name, #explode, #value)),
        SendAs::HeaderJson => quote!(.header_json(#name, #value)),
        SendAs::Query {
            styling,
            allow_reserved,
        } => {
            let style = style_tokens(styling.style, rt);
            let explode = styling.explode;
            quote!(.query_param(#name, #style, #explode, #allow_reserved, #value))
        }
        SendAs::QueryJson => quote!(.query_json(#name, #value)),
        SendAs::QueryPrefixedMap(prefix) => quote!(.query_prefixed_map(#name, #prefix, #value)),
        SendAs::Cookie { explode } => quote!(.cookie_param(#name, #explode, #value)),
    }
}

/// Whether the operation's path is built by the runtime's styled path rendering
/// (`Request::with_path`) rather than from text.
pub(crate) fn styled_path(path_params: &[PathParam]) -> bool {
    path_params.iter().any(|p| p.styled.is_some())
}

/// One `PathParam::new(..)` of `Request::with_path`, for placeholder `param`. `value` is the
/// argument as the method body holds it after its text conversions: text for a parameter
/// the generated code writes, the argument itself for a styled one.
pub(crate) fn path_param_tokens(
    param: &PathParam,
    value: TokenStream,
    rt: &Runtime,
) -> TokenStream {
    let name = &param.wire_name;
    let path_param = rt.item("__private::PathParam");
    let Styling { style, explode } = param.styled.unwrap_or(Styling {
        style: ParamStyle::Simple,
        explode: false,
    });
    let style = style_tokens(style, rt);
    quote!(#path_param::new(#name, #style, #explode, #value))
}

/// Whether a path parameter's argument is converted to text before the request is built:
/// always when the generated code writes its text, and for a styled date-time (whose text
/// form the runtime's serde encoding would not choose).
pub(crate) fn converts_to_text(param: &PathParam) -> bool {
    param.styled.is_none() || matches!(param.text, TextForm::Rfc3339 | TextForm::Rfc2822)
}

/// The call setting a form body: `form`, or `form_fields` naming the properties with an
/// encoding of their own.
pub(crate) fn form_body_tokens(body: &Body, rt: &Runtime) -> TokenStream {
    let arg = ident(&body.arg_name);
    if body.form_fields.is_empty() {
        return quote!(.form(#arg));
    }
    let form_field = rt.item("__private::FormField");
    let fields = body.form_fields.iter().map(|field| {
        let name = &field.wire_name;
        let encoding = match &field.encoding {
            FormFieldEncoding::Json => quote!(#form_field::Json),
            FormFieldEncoding::PrefixedMap(prefix) => quote!(#form_field::PrefixedMap(#prefix)),
            FormFieldEncoding::Styled(Styling { style, explode }) => {
                let style = style_tokens(*style, rt);
                quote!(#form_field::Styled(#style, #explode))
            }
        };
        quote!((#name, #encoding))
    });
    quote!(.form_fields(#arg, &[#(#fields),*]))
}

fn style_tokens(style: ParamStyle, rt: &Runtime) -> TokenStream {
    let path = rt.item("__private::Style");
    let variant = match style {
        ParamStyle::Matrix => quote!(Matrix),
        ParamStyle::Label => quote!(Label),
        ParamStyle::Simple => quote!(Simple),
        ParamStyle::Form => quote!(Form),
        ParamStyle::SpaceDelimited => quote!(SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(PipeDelimited),
        ParamStyle::DeepObject => quote!(DeepObject),
    };
    quote!(#path::#variant)
}
