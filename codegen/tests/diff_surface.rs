//! The report's view of the API ([`Surface::of`], read off the model) is the API the emitter
//! generates: for every fixture spec, the generated code is parsed and its public items
//! (`Client` and `Credentials` methods with their signatures, the `types` module's structs,
//! fields, enums, variants and aliases with their types, and their methods) must be exactly
//! the surface's, in either API shape; and the surface's record (`Generated::api_record`)
//! reads back as the same surface.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use specweave::diff::{ApiRecord, Shape, Surface};
use specweave::ApiShape;

/// A type or signature with every path prefix dropped and no spaces
/// (`::std::option::Option<types::X>` → `Option<X>`), so the emitter's fully qualified
/// spelling and the surface's short one compare.
fn normalize(text: &str) -> String {
    // `impl` must not read as a path prefix once spaces are gone.
    let text: String = text
        .replace("impl ", "impl#")
        .replace("r#", "")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut out = String::new();
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            // `word::` is a prefix: dropped with its separator (a leading `::` too).
            word.clear();
            continue;
        }
        out.push_str(&word);
        word.clear();
        out.push(c);
    }
    out.push_str(&word);
    // The printer's trailing commas in generic arguments.
    out.replace(",>", ">").replace(",)", ")")
}

fn spelled(tokens: impl ToTokens) -> String {
    normalize(&tokens.into_token_stream().to_string())
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn unraw(ident: &syn::Ident) -> String {
    ident.to_string().trim_start_matches("r#").to_owned()
}

/// The public items of generated code, as `path → normalized shape`.
fn code_items(code: &str) -> BTreeMap<String, String> {
    let file = syn::parse_file(code).unwrap_or_else(|e| panic!("generated code parses: {e}"));
    let mut items = BTreeMap::new();
    for item in &file.items {
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) => {
                items.insert(unraw(&s.ident), "struct".to_owned());
            }
            syn::Item::Impl(block) => impl_items(block, "", "", &mut items),
            syn::Item::Mod(module) if module.ident == "types" => {
                let content: Vec<&syn::Item> =
                    module.content.iter().flat_map(|(_, items)| items).collect();
                let rule = content.iter().find_map(|item| string_enum_rule(item));
                for item in content {
                    types_item(item, &mut items);
                    // What `string_enum_impls!(X, Fallback)` expands to is X's API too.
                    if let (syn::Item::Macro(call), Some(rule)) = (item, &rule) {
                        if call.mac.path.is_ident("string_enum_impls") {
                            for item in expand(rule, &call.mac.tokens) {
                                types_item(&item, &mut items);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    items
}

/// The body of the single rule of `macro_rules! string_enum_impls`, if `item` is that macro.
fn string_enum_rule(item: &syn::Item) -> Option<proc_macro2::TokenStream> {
    let syn::Item::Macro(definition) = item else {
        return None;
    };
    if !definition.mac.path.is_ident("macro_rules")
        || definition
            .ident
            .as_ref()
            .is_none_or(|i| i != "string_enum_impls")
    {
        return None;
    }
    // `($name:ident, $fallback:ident) => { BODY };`
    definition
        .mac
        .tokens
        .clone()
        .into_iter()
        .find_map(|tree| match tree {
            proc_macro2::TokenTree::Group(group)
                if group.delimiter() == proc_macro2::Delimiter::Brace =>
            {
                Some(group.stream())
            }
            _ => None,
        })
}

/// The items `rule` expands to for the call arguments `arguments` (`X, Fallback`).
fn expand(rule: &proc_macro2::TokenStream, arguments: &proc_macro2::TokenStream) -> Vec<syn::Item> {
    let names: Vec<String> = arguments
        .clone()
        .into_iter()
        .filter_map(|tree| match tree {
            proc_macro2::TokenTree::Ident(ident) => Some(ident.to_string()),
            _ => None,
        })
        .collect();
    let [name, fallback] = names.as_slice() else {
        panic!("string_enum_impls!({arguments}) takes a type and its catch-all variant");
    };
    let text = rule
        .to_string()
        .replace("$ name", name)
        .replace("$name", name)
        .replace("$ fallback", fallback)
        .replace("$fallback", fallback);
    syn::parse_file(&text)
        .unwrap_or_else(|e| panic!("string_enum_impls expands to items: {e}"))
        .items
}

/// The public inherent methods of `block`, keyed `<prefix><owner>::<name><suffix>`.
fn impl_items(
    block: &syn::ItemImpl,
    prefix: &str,
    suffix: &str,
    items: &mut BTreeMap<String, String>,
) {
    let owner = spelled(&block.self_ty);
    if block.trait_.is_some() {
        return;
    }
    for entry in &block.items {
        let syn::ImplItem::Fn(f) = entry else {
            continue;
        };
        if !is_pub(&f.vis) {
            continue;
        }
        let args: Vec<String> = f.sig.inputs.iter().map(spelled).collect();
        let output = match &f.sig.output {
            syn::ReturnType::Default => "()".to_owned(),
            syn::ReturnType::Type(_, ty) => spelled(ty),
        };
        let asyncness = if f.sig.asyncness.is_some() {
            "async "
        } else {
            ""
        };
        items.insert(
            format!("{prefix}{owner}::{}{suffix}", unraw(&f.sig.ident)),
            format!("{asyncness}({})->{output}", args.join(",")),
        );
    }
}

fn types_item(item: &syn::Item, items: &mut BTreeMap<String, String>) {
    match item {
        // A type's methods (`as_str`, the evolving shape's `new` and setters) are keyed
        // `types::X::name()`, apart from its fields.
        syn::Item::Impl(block) => impl_items(block, "types::", "()", items),
        syn::Item::Struct(s) if is_pub(&s.vis) => {
            let path = format!("types::{}", unraw(&s.ident));
            for field in &s.fields {
                if let Some(name) = &field.ident {
                    items.insert(format!("{path}::{}", unraw(name)), spelled(&field.ty));
                }
            }
            items.insert(path, "struct".to_owned());
        }
        syn::Item::Enum(e) if is_pub(&e.vis) => {
            let path = format!("types::{}", unraw(&e.ident));
            for variant in &e.variants {
                let payload = match &variant.fields {
                    syn::Fields::Unit => String::new(),
                    fields => spelled(fields),
                };
                items.insert(format!("{path}::{}", unraw(&variant.ident)), payload);
            }
            items.insert(path, "enum".to_owned());
        }
        syn::Item::Type(alias) if is_pub(&alias.vis) => {
            items.insert(
                format!("types::{}", unraw(&alias.ident)),
                format!("={}", spelled(&alias.ty)),
            );
        }
        _ => {}
    }
}

/// The surface's items in the same normalized form.
fn surface_items(surface: &Surface) -> BTreeMap<String, String> {
    surface
        .items
        .iter()
        .map(|(path, item)| {
            let shape = match &item.shape {
                Shape::Method {
                    is_async,
                    args,
                    output,
                } => {
                    let args: Vec<String> = args
                        .iter()
                        .map(|(name, ty)| {
                            if name.is_empty() {
                                normalize(ty)
                            } else {
                                normalize(&format!("{name}:{ty}"))
                            }
                        })
                        .collect();
                    let prefix = if *is_async { "async " } else { "" };
                    format!("{prefix}({})->{}", args.join(","), normalize(output))
                }
                Shape::Struct { .. } => "struct".to_owned(),
                Shape::Enum { .. } => "enum".to_owned(),
                Shape::Field { ty } => normalize(ty),
                Shape::Variant { payload } => payload
                    .as_deref()
                    .map_or_else(String::new, |ty| format!("({})", normalize(ty))),
                Shape::Alias { target } => format!("={}", normalize(target)),
            };
            (path.clone(), shape)
        })
        .collect()
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    specs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec"));
    specs
}

/// One real Twilio release per product of `../shared/specs/twilio-history/`, when it is
/// there (all twelve take half a minute in a debug build; their shapes are alike).
fn history_specs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs/twilio-history");
    let Ok(products) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} not found", dir.display());
        return Vec::new();
    };
    let mut specs: Vec<PathBuf> = products
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir())
        .filter_map(|product| {
            let releases = std::fs::read_dir(product).ok()?;
            releases
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
                .min()
        })
        .collect();
    specs.sort();
    specs
}

#[test]
fn the_surface_is_what_the_emitter_generates_for_every_fixture() {
    check(fixtures(), ApiShape::Literals);
}

#[test]
fn the_surface_is_what_the_emitter_generates_for_every_fixture_in_the_evolving_shape() {
    check(fixtures(), ApiShape::Evolving);
}

#[test]
fn the_surface_is_what_the_emitter_generates_for_the_twilio_history_specs() {
    check(history_specs(), ApiShape::Literals);
    check(history_specs(), ApiShape::Evolving);
}

fn check(specs: Vec<PathBuf>, shape: ApiShape) {
    let mut failures = Vec::new();
    for spec in specs {
        let generator = if spec.is_dir() {
            specweave::Generator::new().spec_dir(&spec)
        } else {
            specweave::Generator::new().spec(&spec)
        }
        .api_shape(shape);
        let generated = generator
            .generate()
            .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        let (api, _) = generator
            .model()
            .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        // What `Generated` carries, and what its record reads back as, is the same surface.
        assert!(generated.surface == Surface::of(&api), "{}", spec.display());
        let record = ApiRecord::parse(&generated.api_record())
            .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        assert!(record == ApiRecord::of(&generated), "{}", spec.display());
        let code = code_items(&generated.code);
        let surface = surface_items(&Surface::of(&api));
        let name = spec.file_name().map(|n| n.to_string_lossy().into_owned());
        for path in code.keys().chain(surface.keys()) {
            let (in_code, in_surface) = (code.get(path), surface.get(path));
            if in_code != in_surface {
                failures.push(format!(
                    "{}: {path}\n  code:    {in_code:?}\n  surface: {in_surface:?}",
                    name.as_deref().unwrap_or_default()
                ));
            }
        }
    }
    failures.dedup();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
