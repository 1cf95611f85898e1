//! The generated module's layout, written once: which items come in which order, and which
//! wrappers (`pub mod types { … }`, one `impl Client { … }` per tag) hold them.
//!
//! The module is a list of [`Section`]s; each holds [`Job`]s, independent runs of items that
//! can be emitted (and formatted) on their own. [`emit_module`] turns the whole plan into one
//! token stream on one thread; [`crate::render`] formats the jobs in parallel and joins their
//! text, using [`Wrapper::open_text`] for the wrappers. Both read the same [`plan`], so the
//! layout cannot drift between them; a test checks that their output is byte-identical.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{access, cfg_attr, client, gate_items, types, DocTable, Runtime, Scope};
use crate::format;
use crate::model::{Api, BodyEncoding, Operation, ResponseBody, TypeDef, TypeKind};

/// Types per job: small enough to balance two to four threads on a 500-type spec, large
/// enough that per-job parsing overhead stays negligible.
const TYPES_PER_JOB: usize = 24;
/// Operations per job (a tag's `impl` block is split into runs of this many).
const OPERATIONS_PER_JOB: usize = 8;

/// The doc line of the `types` module.
const TYPES_MODULE_DOC: &str =
    "Request and response types generated from the spec's schemas and operations.";

/// A part of the module: items at the include site, or items inside a wrapper.
pub(crate) enum Section<'a> {
    /// Items written at the include site.
    Items(Job<'a>),
    /// Items inside a wrapper, in runs.
    Wrapped(Wrapper, Vec<Job<'a>>),
}

/// An item that holds other items.
pub(crate) enum Wrapper {
    /// `pub mod types { … }`.
    Types,
    /// `impl Client { … }` for one tag's operations, with its doc line and, under per-tag
    /// features, the tag's feature.
    Methods(String, Option<String>),
}

/// One run of items that is emitted and formatted on its own.
pub(crate) enum Job<'a> {
    /// `pub use` re-exports.
    Reexports,
    /// The imports and the `string_enum_impls` macro that open a non-empty `types` module.
    TypesPrelude,
    /// A run of types.
    Types(&'a [TypeDef]),
    /// The `Client` type, its builder alias and its constructors.
    Client,
    /// A run of one tag's methods.
    Methods(&'a [&'a Operation]),
    /// `impl Default for Client`, when there are no credentials.
    Default,
}

/// The sections of the module in output order.
pub(crate) fn plan<'a>(
    api: &'a Api,
    groups: &'a [(Option<&'a str>, Vec<&'a Operation>)],
) -> Vec<Section<'a>> {
    let mut type_jobs = Vec::new();
    if !api.types.is_empty() {
        type_jobs.push(Job::TypesPrelude);
    }
    type_jobs.extend(api.types.chunks(TYPES_PER_JOB).map(Job::Types));
    let mut sections = vec![
        Section::Items(Job::Reexports),
        Section::Wrapped(Wrapper::Types, type_jobs),
        Section::Items(Job::Client),
    ];
    for (group, ops) in groups {
        let jobs = ops.chunks(OPERATIONS_PER_JOB).map(Job::Methods).collect();
        let feature = group.and_then(|tag| {
            let features = api.tag_features.as_ref()?;
            features.of_tag(tag).map(str::to_owned)
        });
        sections.push(Section::Wrapped(
            Wrapper::Methods(client::group_doc(*group), feature),
            jobs,
        ));
    }
    if access::default_impl(api).is_some() {
        sections.push(Section::Items(Job::Default));
    }
    sections
}

/// Whether a method of `api` takes binary content (a binary body or a multipart file part).
fn uses_uploads(api: &Api) -> bool {
    let binary = |body: &crate::model::Body| matches!(body.encoding, BodyEncoding::Binary(_));
    api.types
        .iter()
        .any(|t| matches!(t.kind, TypeKind::Parts(_)))
        || api.operations.iter().any(|op| {
            op.body.as_ref().is_some_and(binary) || op.other_bodies.iter().any(|o| binary(&o.body))
        })
}

/// The items of one job (without their wrapper).
pub(crate) fn job_tokens(
    api: &Api,
    scope: Scope,
    rt: &Runtime,
    job: &Job,
    docs: &DocTable,
) -> TokenStream {
    match job {
        Job::Reexports => {
            // The runtime types operations return, when some do: users name them.
            let mut names = vec!["ApiError", "Error", "RetryPolicy"];
            // `Upload` only where a method takes one, so other clients keep their items.
            if uses_uploads(api) {
                names.push("Upload");
            }
            if api.operations.iter().any(|op| op.byte_stream.is_some()) {
                names.push("ByteStream");
            }
            if api
                .operations
                .iter()
                .any(|op| op.response == ResponseBody::Redirect)
            {
                names.push("Redirect");
            }
            if api
                .operations
                .iter()
                .any(|op| matches!(op.response, ResponseBody::Events(_)))
            {
                names.extend(["Event", "EventStream"]);
            }
            names.sort_unstable();
            let reexports = rt.item(&format!("{{{}}}", names.join(", ")));
            // A glob of an empty module would be an unused import; so is one of a module
            // whose every type is behind a feature, when none is enabled.
            let all_gated = api.tag_features.as_ref().is_some_and(|features| {
                api.types
                    .iter()
                    .all(|def| features.types.contains_key(&def.name))
            });
            let allow = all_gated.then(|| quote!(#[allow(unused_imports)]));
            let types = (!api.types.is_empty()).then(|| {
                quote!(
                    #allow
                    pub use types::*;
                )
            });
            quote! {
                pub use #reexports;
                #types
            }
        }
        Job::TypesPrelude => {
            let enums = api
                .types
                .iter()
                .any(|t| matches!(t.kind, TypeKind::Enum(_)));
            types::types_prelude(rt, enums, api.tag_features.is_some())
        }
        Job::Types(run) => {
            let items = run.iter().map(|def| {
                let items = types::emit_type(def, docs, scope, rt, api.shape);
                let gate = api
                    .tag_features
                    .as_ref()
                    .and_then(|f| f.types.get(&def.name));
                match gate {
                    Some(features) => gate_items(items, &cfg_attr(features)),
                    None => items,
                }
            });
            quote!(#(#items)*)
        }
        Job::Client => client::client_type(api, rt, docs),
        Job::Methods(run) => {
            let methods = run
                .iter()
                .map(|op| client::emit_operation(api, op, rt, docs));
            quote!(#(#methods)*)
        }
        Job::Default => access::default_impl(api).unwrap_or_default(),
    }
}

impl Wrapper {
    /// The wrapper around `inner`, as it appears in the module.
    fn tokens(&self, inner: TokenStream, docs: &DocTable) -> TokenStream {
        match self {
            Wrapper::Types => {
                let doc = docs.line(TYPES_MODULE_DOC.to_owned());
                quote!(#doc pub mod types { #inner })
            }
            Wrapper::Methods(doc, feature) => {
                let doc = docs.line(doc.clone());
                let cfg = feature.as_ref().map(|f| cfg_attr(std::slice::from_ref(f)));
                quote!(#doc #cfg impl Client { #inner })
            }
        }
    }

    /// The wrapper around `inner` for formatting a run of its items on their own: only the
    /// lines inside it are kept, so its docs and visibility do not matter.
    pub(crate) fn bare(&self, inner: TokenStream) -> TokenStream {
        match self {
            Wrapper::Types => quote!(mod types { #inner }),
            Wrapper::Methods(..) => quote!(impl Client { #inner }),
        }
    }

    /// The formatted text up to and including the opening brace's line, as prettyplease
    /// prints [`Self::tokens`]; `empty` when nothing goes inside (then the text is complete).
    pub(crate) fn open_text(&self, empty: bool) -> String {
        let mut out = String::new();
        let (doc, opening) = match self {
            Wrapper::Types => (TYPES_MODULE_DOC, "pub mod types {"),
            Wrapper::Methods(doc, _) => (doc.as_str(), "impl Client {"),
        };
        format::push_doc_lines("", &[doc.to_owned()], &mut out);
        if let Wrapper::Methods(_, Some(feature)) = self {
            // Feature names are kebab-case ASCII: the literal prints as written.
            out.push_str(&format!("#[cfg(feature = \"{feature}\")]\n"));
        }
        out.push_str(opening);
        out.push_str(if empty { "}\n" } else { "\n" });
        out
    }
}

/// The whole module as one token stream (docs as placeholders in `docs`).
pub(crate) fn emit_module(api: &Api, rt: &Runtime, docs: &DocTable) -> TokenStream {
    let scope = Scope::for_types(api);
    let groups = client::operation_groups(api);
    let sections = plan(api, &groups);
    let items = sections.iter().map(|section| match section {
        Section::Items(job) => job_tokens(api, scope, rt, job, docs),
        Section::Wrapped(wrapper, jobs) => {
            let inner = jobs.iter().map(|job| job_tokens(api, scope, rt, job, docs));
            wrapper.tokens(quote!(#(#inner)*), docs)
        }
    });
    quote!(#(#items)*)
}
