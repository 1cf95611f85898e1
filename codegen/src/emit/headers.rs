//! The `<method>_with_headers` twin of an operation whose responses declare headers: the same
//! request, the same body decoding, and the declared headers read into their struct.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, DocTable, Runtime};
use crate::model::{Api, HeaderDecode, HeadersDef, Operation, ResponseHeaders, TypeKind};

/// What the twin is made of: the plain method's arguments, result type and request.
pub(crate) struct Method<'m> {
    pub(crate) api: &'m Api,
    pub(crate) op: &'m Operation,
    pub(crate) headers: &'m ResponseHeaders,
    pub(crate) args: &'m [TokenStream],
    pub(crate) output: &'m TokenStream,
    pub(crate) request: &'m TokenStream,
}

impl Method<'_> {
    pub(crate) fn emit(
        &self,
        allow: &Option<TokenStream>,
        rt: &Runtime,
        table: &DocTable,
    ) -> Option<TokenStream> {
        let Method {
            api,
            op,
            headers,
            args,
            output,
            request,
        } = self;
        let name = ident(&headers.method_name);
        let headers_type = ident(&headers.type_name);
        let plain = op.method_name.trim_start_matches("r#");
        let docs = table.or(
            &[
                format!("[`Client::{plain}`], also returning the headers its responses declare ([`types::{}`]) and the raw ones.", headers.type_name),
            ],
            "",
        );
        let fields = match api.type_def(&headers.type_name).map(|def| &def.kind) {
            Some(TypeKind::Headers(def)) => field_values(def),
            _ => TokenStream::new(),
        };
        // A redirect-only operation's `Redirect` already holds its headers.
        let decode = super::response::decode_buffered(api, op, rt)?;
        let error = rt.item("Error");
        let with_headers = rt.item("WithHeaders");
        Some(quote! {
            #docs
            #allow
            pub async fn #name(&self, #(#args),*) -> ::std::result::Result<#with_headers<#output, types::#headers_type>, #error> {
                #request
                let response = self.inner.send(request).await?;
                let headers = types::#headers_type { #fields };
                let raw_headers = response.headers().clone();
                ::std::result::Result::Ok(#with_headers { value: #decode?, headers, raw_headers })
            }
        })
    }
}

/// `field: response.header_…("Wire-Name"),` for every declared header.
fn field_values(def: &HeadersDef) -> TokenStream {
    def.fields
        .iter()
        .map(|field| {
            let name = ident(&field.name);
            let wire = &field.wire_name;
            let read = match field.decode {
                HeaderDecode::Text => quote!(response.header_text(#wire)),
                HeaderDecode::Parse => quote!(response.header_parse(#wire)),
                HeaderDecode::List => quote!(response.header_list(#wire)),
                HeaderDecode::DateTime => quote!(response.header_datetime(#wire)),
            };
            quote!(#name: #read,)
        })
        .collect()
}
