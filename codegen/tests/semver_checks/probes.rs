//! Compile probes: for an item the report calls breaking, a snippet written against the OLD
//! client's surface that uses the item the way a caller may (call a method with its old
//! argument and result types, read a field as its old type, destructure a struct or match
//! an enum naming every old member, rely on an old trait). It must compile against the old
//! crate; when the change is really breaking, it fails against the new one.

use specweave::diff::{Shape, Surface};

/// The probe crate's `src/lib.rs` preamble: the client's items and the types its surface
/// spells (`DateTime<Utc>`, `BTreeMap`, …) in scope, and `any::<T>()` for values.
pub fn preamble(client_crate: &str) -> String {
    format!(
        "#![allow(unused, unreachable_code, clippy::all)]\n\
         use {client_crate}::*;\n\
         use {client_crate}::types::*;\n\
         use specweave_runtime::chrono::{{DateTime, NaiveDate, Utc}};\n\
         use specweave_runtime::serde_json;\n\
         use std::collections::BTreeMap;\n\
         fn any<T>() -> T {{ unimplemented!() }}\n\
         fn has_traits<T: ?Sized>() {{}}\n"
    )
}

/// A probe function named `name` for the breaking change at `path`, written against `old`;
/// `None` when the item cannot be used in a snippet (a result type spelled with `impl`).
pub fn probe(name: &str, path: &str, old: &Surface) -> Option<String> {
    let Some(item) = old.items.get(path) else {
        // New in the new client: what breaks is the owner, used with its old members.
        let (owner, _) = path.rsplit_once("::")?;
        return exhaustive(name, owner, old);
    };
    let (owner, member) = path.rsplit_once("::").unwrap_or(("", path));
    // The surface names a type's methods `types::X::new()`.
    let member = member.trim_end_matches("()");
    match &item.shape {
        Shape::Method {
            is_async,
            args,
            output,
        } => call(name, owner, member, *is_async, args, output),
        Shape::Field { ty } => {
            let owner = rust_path(owner);
            let field = ident(member);
            Some(format!(
                "fn {name}(value: &{owner}) {{ let _: &{ty} = &value.{field}; }}\n"
            ))
        }
        Shape::Variant { payload } => {
            let owner = rust_path(owner);
            let variant = ident(member);
            Some(match payload {
                Some(ty) => format!(
                    "fn {name}(payload: {ty}) -> {owner} {{ {owner}::{variant}(payload) }}\n"
                ),
                None => format!("fn {name}() -> {owner} {{ {owner}::{variant} }}\n"),
            })
        }
        Shape::Alias { target } => {
            let alias = rust_path(path);
            Some(format!(
                "fn {name}(value: {target}) -> {alias} {{ value }}\n"
            ))
        }
        Shape::Struct { traits, .. } | Shape::Enum { traits, .. } => {
            let ty = rust_path(path);
            let bounds = bounds(traits);
            let traits = if bounds.is_empty() {
                String::new()
            } else {
                format!("fn has<T: {bounds}>() {{}} has::<{ty}>();")
            };
            let members = exhaustive(&format!("{name}_members"), path, old).unwrap_or_default();
            Some(format!(
                "fn {name}() {{ has_traits::<{ty}>(); {traits} }}\n{members}"
            ))
        }
    }
}

/// A snippet naming every member `old` gives the type at `owner`: a struct destructured by
/// all its fields, an enum matched on all its variants with no wildcard arm.
fn exhaustive(name: &str, owner: &str, old: &Surface) -> Option<String> {
    let shape = &old.items.get(owner)?.shape;
    let prefix = format!("{owner}::");
    let members: Vec<(&str, &Shape)> = old
        .items
        .range(prefix.clone()..)
        .take_while(|(p, _)| p.starts_with(&prefix))
        .filter(|(p, _)| !p[prefix.len()..].contains("::"))
        .map(|(p, item)| (&p[prefix.len()..], &item.shape))
        .collect();
    let ty = rust_path(owner);
    match shape {
        Shape::Struct {
            constructible: true,
            ..
        } => {
            let fields: Vec<String> = members
                .iter()
                .map(|(field, _)| format!("{}: _", ident(field)))
                .collect();
            Some(format!(
                "fn {name}(value: {ty}) {{ let {ty} {{ {} }} = value; }}\n",
                fields.join(", ")
            ))
        }
        Shape::Enum {
            exhaustive: true, ..
        } => {
            let arms: Vec<String> = members
                .iter()
                .map(|(variant, shape)| match shape {
                    Shape::Variant { payload: Some(_) } => {
                        format!("{ty}::{}(_) => {{}}", ident(variant))
                    }
                    _ => format!("{ty}::{} => {{}}", ident(variant)),
                })
                .collect();
            Some(format!(
                "fn {name}(value: {ty}) {{ match value {{ {} }} }}\n",
                arms.join(", ")
            ))
        }
        _ => None,
    }
}

/// A call of the method with values of its old argument types, its result bound to its
/// old result type.
fn call(
    name: &str,
    owner: &str,
    method: &str,
    is_async: bool,
    args: &[(String, String)],
    output: &str,
) -> Option<String> {
    let owner = rust_path(owner);
    let values: Option<Vec<String>> = args
        .iter()
        .map(|(_, ty)| {
            let ty = match ty.as_str() {
                "&self" => format!("&{owner}"),
                "self" => owner.clone(),
                other => other.to_owned(),
            };
            argument(&ty)
        })
        .collect();
    let values = values?.join(", ");
    let call = format!("{owner}::{}({values})", ident(method));
    let (keyword, call) = if is_async {
        ("async fn", format!("{call}.await"))
    } else {
        ("fn", call)
    };
    // A result type with `impl` or a lifetime cannot be named in a `let`; the call still
    // checks the arguments.
    let binding = if output.contains("impl ") || output.contains('\'') || output == "Self" {
        "let _ =".to_owned()
    } else {
        format!("let _: {output} =")
    };
    Some(format!("{keyword} {name}() {{ {binding} {call}; }}\n"))
}

/// A value of an argument type: `impl Into<T>` is given a `T`.
fn argument(ty: &str) -> Option<String> {
    let ty = match ty.strip_prefix("impl Into<") {
        Some(inner) => inner.strip_suffix('>')?,
        None if ty.contains("impl ") => return None,
        None => ty,
    };
    Some(format!("any::<{ty}>()"))
}

/// The trait bounds for the traits a surface lists.
fn bounds(traits: &[String]) -> String {
    let paths: Vec<&str> = traits
        .iter()
        .filter_map(|t| match t.as_str() {
            "Clone" => Some("Clone"),
            "Debug" => Some("std::fmt::Debug"),
            "Default" => Some("Default"),
            "PartialEq" => Some("PartialEq"),
            "Eq" => Some("Eq"),
            "Hash" => Some("std::hash::Hash"),
            "PartialOrd" => Some("PartialOrd"),
            "Ord" => Some("Ord"),
            "Serialize" => Some("specweave_runtime::serde::Serialize"),
            "Deserialize" => Some("specweave_runtime::serde::de::DeserializeOwned"),
            _ => None,
        })
        .collect();
    paths.join(" + ")
}

/// An item path of the surface as a Rust path (`types::X` stays, keywords raw).
fn rust_path(path: &str) -> String {
    path.split("::").map(ident).collect::<Vec<_>>().join("::")
}

/// `name` as an identifier, raw when it is a keyword.
fn ident(name: &str) -> String {
    if syn::parse_str::<syn::Ident>(name).is_ok() || name == "types" {
        name.to_owned()
    } else {
        format!("r#{name}")
    }
}
