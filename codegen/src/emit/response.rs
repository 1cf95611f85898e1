//! The response half of an operation's method: its result type and how the response is turned
//! into it, the `Accept` header it asks with, and the streaming twin of a bytes operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, type_tokens, DocTable, Runtime, Scope};
use crate::model::{Api, EventData, Operation, ResponseBody, StatusVariant, SuccessBody, TypeKind};

/// The method's result type and the statements sending `request` and producing it.
pub(super) fn result(api: &Api, op: &Operation, rt: &Runtime) -> (TokenStream, TokenStream) {
    match &op.response {
        ResponseBody::Empty => (quote!(()), quote!(self.inner.send(request).await?.empty())),
        ResponseBody::Json(ty) => (
            type_tokens(ty, Scope::Root, rt),
            quote!(self.inner.send(request).await?.json()),
        ),
        ResponseBody::Text => (
            quote!(::std::string::String),
            quote!(self.inner.send(request).await?.string()),
        ),
        ResponseBody::Bytes => (
            rt.item("bytes::Bytes"),
            quote!(::std::result::Result::Ok(
                self.inner.send(request).await?.into_bytes()
            )),
        ),
        ResponseBody::Events(EventData::Json(ty)) => {
            let data = type_tokens(ty, Scope::Root, rt);
            let stream = rt.item("EventStream");
            (
                quote!(#stream<#data>),
                quote!(self.inner.send_events::<#data>(request).await),
            )
        }
        ResponseBody::Events(EventData::Text) => (
            rt.item("EventStream"),
            quote!(self.inner.send_events_text(request).await),
        ),
        ResponseBody::Redirect => (
            rt.item("Redirect"),
            quote!(self.inner.send_redirect(request).await),
        ),
        ResponseBody::ByStatus(type_name) => {
            let ty = ident(type_name);
            (quote!(types::#ty), by_status(api, type_name))
        }
    }
}

/// `.accept(...)` when the operation asks for other media types than `application/json`.
pub(super) fn accept_tokens(op: &Operation) -> Option<TokenStream> {
    let accept = op.accept.as_deref()?;
    Some(quote!(.accept(#accept)))
}

/// Sending the request and decoding the response by its status, into the
/// [`TypeKind::Statuses`] enum `type_name`.
fn by_status(api: &Api, type_name: &str) -> TokenStream {
    let decode = status_match(api, type_name);
    quote! {
        let response = self.inner.send(request).await?;
        #decode
    }
}

/// Decoding the buffered `response` into the operation's result: an expression of type
/// `Result<result, Error>`. `None` for a redirect, which is not a buffered 2xx.
pub(super) fn decode_buffered(api: &Api, op: &Operation, rt: &Runtime) -> Option<TokenStream> {
    let error = rt.item("Error");
    Some(match &op.response {
        ResponseBody::Empty => quote!(response.empty()),
        ResponseBody::Json(_) => quote!(response.json()),
        ResponseBody::Text => quote!(response.string()),
        ResponseBody::Bytes => {
            quote!(::std::result::Result::<_, #error>::Ok(response.into_bytes()))
        }
        // Not buffered: a redirect's `Redirect` holds its headers, a stream is read as it goes.
        ResponseBody::Redirect | ResponseBody::Events(_) => return None,
        ResponseBody::ByStatus(type_name) => status_match(api, type_name),
    })
}

/// Decoding `response` by its status into the [`TypeKind::Statuses`] enum `type_name`: a
/// `match` expression of the enum's `Result`.
fn status_match(api: &Api, type_name: &str) -> TokenStream {
    let Some(TypeKind::Statuses(statuses)) = api.type_def(type_name).map(|def| &def.kind) else {
        // Lowering defines the enum with the operation; without it there is nothing to match.
        return quote!(response.empty());
    };
    let ty = ident(type_name);
    let decode = |variant: &StatusVariant| {
        let name = ident(&variant.name);
        match variant.body {
            Some(SuccessBody::Json(_)) => quote!(response.json().map(types::#ty::#name)),
            Some(SuccessBody::Text) => quote!(response.string().map(types::#ty::#name)),
            Some(SuccessBody::Bytes) => {
                quote!(::std::result::Result::Ok(types::#ty::#name(response.into_bytes())))
            }
            None => quote!(response.empty().map(|()| types::#ty::#name)),
        }
    };
    let arms = statuses.variants.iter().enumerate().filter_map(|(i, v)| {
        let code =
            proc_macro2::Literal::u16_unsuffixed(v.status.filter(|_| i != statuses.fallback)?);
        let decode = decode(v);
        Some(quote!(#code => #decode,))
    });
    let fallback = match statuses.variants.get(statuses.fallback) {
        Some(variant) => decode(variant),
        None => quote!(response.empty()),
    };
    quote! {
        match response.status() {
            #(#arms)*
            _ => #fallback,
        }
    }
}

/// The streaming twin of an operation returning bytes: the same arguments and request, the
/// body as a `ByteStream`.
pub(super) fn byte_stream_method(
    op: &Operation,
    name: &str,
    args: &[TokenStream],
    allow: Option<&TokenStream>,
    request: &TokenStream,
    rt: &Runtime,
    table: &DocTable,
) -> TokenStream {
    let name = ident(name);
    let byte_stream = rt.item("ByteStream");
    let error = rt.item("Error");
    let doc = table.attr(vec![
        format!(
            "The body of [`Client::{}`] as a stream of chunks, delivered as they arrive: not buffered, and not limited by `ClientBuilder::max_response_bytes`.",
            op.method_name.trim_start_matches("r#")
        ),
        String::new(),
        "Returns once the response headers have arrived (a non-2xx status is an error, as for the buffered method).".to_owned(),
    ]);
    quote! {
        #doc
        #allow
        pub async fn #name(&self, #(#args),*) -> ::std::result::Result<#byte_stream, #error> {
            #request
            self.inner.send_streaming(request).await
        }
    }
}
