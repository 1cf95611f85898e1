//! Whole-model passes that need every type defined: alias cycles, boxing of recursive
//! fields, `Default` derivation and paged-list detection.

use std::collections::{BTreeMap, HashMap};

use crate::model::{NextLink, Operation, Paging, ResponseBody, TypeDef, TypeKind, TypeRef};
use crate::names::Namespace;

/// Named types a type contains by value (not behind `Vec` or a map, which already allocate).
fn direct_refs(kind: &TypeKind) -> Vec<&str> {
    fn direct(ty: &TypeRef) -> Option<&str> {
        match ty {
            TypeRef::Named(name) => Some(name),
            _ => None,
        }
    }
    match kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
        TypeKind::Alias(target) => direct(target).into_iter().collect(),
        TypeKind::Union(union) => union
            .variants
            .iter()
            .filter_map(|v| direct(&v.ty))
            .collect(),
        // A method's result, never a field of another type: no cycle goes through it.
        TypeKind::Enum(_) | TypeKind::Statuses(_) | TypeKind::Headers(_) | TypeKind::Parts(_) => {
            Vec::new()
        }
    }
}

/// Boxes every struct field (and union payload) whose type is in the same strongly connected
/// component as its container: exactly the edges that would make the type infinitely sized.
pub(super) fn box_recursive_fields(types: &mut BTreeMap<String, TypeDef>) {
    let component = strongly_connected_components(types);
    for def in types.values_mut() {
        let Some(own) = component.get(&def.name).copied() else {
            continue;
        };
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    if let TypeRef::Named(target) = &field.ty {
                        field.boxed = component.get(target) == Some(&own);
                    }
                }
            }
            TypeKind::Union(union) => {
                for variant in &mut union.variants {
                    if let TypeRef::Named(target) = &variant.ty {
                        variant.boxed = component.get(target) == Some(&own);
                    }
                }
            }
            TypeKind::Alias(_)
            | TypeKind::Enum(_)
            | TypeKind::Statuses(_)
            | TypeKind::Headers(_)
            | TypeKind::Parts(_) => {}
        }
    }
}

/// Tarjan's algorithm, iterative (specs can nest deeply). Returns type name → component id,
/// only for types on a cycle (components of one type count only with a self-edge).
fn strongly_connected_components(types: &BTreeMap<String, TypeDef>) -> HashMap<String, usize> {
    let names: Vec<&str> = types.keys().map(String::as_str).collect();
    let index_of: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let edges: Vec<Vec<usize>> = names
        .iter()
        .map(|n| {
            types
                .get(*n)
                .map(|t| {
                    direct_refs(&t.kind)
                        .into_iter()
                        .filter_map(|r| index_of.get(r).copied())
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect();
    let n = names.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut result = HashMap::new();
    let mut component_id = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[v] == usize::MAX {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*edge) {
                *edge += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut members = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    members.push(w);
                    if w == v {
                        break;
                    }
                }
                let cyclic = members.len() > 1 || edges[v].contains(&v);
                if cyclic {
                    for m in members {
                        result.insert(names[m].to_owned(), component_id);
                    }
                    component_id += 1;
                }
            }
        }
    }
    result
}

/// Structs derive `Default` when every field is optional or of a type with a default.
/// Computed as a greatest fixpoint so mutually recursive structs can still qualify.
pub(super) fn derive_defaults(types: &mut BTreeMap<String, TypeDef>) {
    let mut has_default: HashMap<String, bool> = types
        .values()
        .map(|t| {
            (
                t.name.clone(),
                matches!(t.kind, TypeKind::Struct(_) | TypeKind::Alias(_)),
            )
        })
        .collect();
    loop {
        let mut changed = false;
        for def in types.values() {
            if !has_default.get(&def.name).copied().unwrap_or(false) {
                continue;
            }
            let ok = match &def.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .all(|f| f.presence.is_option() || type_has_default(&f.ty, &has_default)),
                TypeKind::Alias(target) => type_has_default(target, &has_default),
                _ => false,
            };
            if !ok {
                has_default.insert(def.name.clone(), false);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    for def in types.values_mut() {
        if let TypeKind::Struct(s) = &mut def.kind {
            s.default = has_default.get(&def.name).copied().unwrap_or(false);
        }
    }
}

fn type_has_default(ty: &TypeRef, has_default: &HashMap<String, bool>) -> bool {
    match ty {
        TypeRef::Named(name) => has_default.get(name).copied().unwrap_or(false),
        _ => true,
    }
}

/// Marks GET operations whose response is a page: one array of items plus a next-page link,
/// either `meta.next_page_url` or a top-level `next_page_uri`/`next_page_url`.
pub(super) fn detect_paging(
    types: &BTreeMap<String, TypeDef>,
    operations: &mut [Operation],
    methods: &mut Namespace,
) {
    let structs = |name: &str| match types.get(name).map(|t| &t.kind) {
        Some(TypeKind::Struct(s)) => Some(s),
        _ => None,
    };
    for op in operations.iter_mut() {
        if op.http_method != "GET" {
            continue;
        }
        let ResponseBody::Json(TypeRef::Named(page_name)) = &op.response else {
            continue;
        };
        let Some(page) = structs(page_name) else {
            continue;
        };
        let arrays: Vec<_> = page
            .fields
            .iter()
            .filter(|f| matches!(f.ty, TypeRef::Array(_)))
            .collect();
        let [items] = arrays.as_slice() else { continue };
        let TypeRef::Array(item) = &items.ty else {
            continue;
        };
        let is_link = |f: &&crate::model::Field| f.ty == TypeRef::String;
        let nested = page.fields.iter().find_map(|container| {
            let TypeRef::Named(meta_name) = &container.ty else {
                return None;
            };
            if container.wire_name != "meta" {
                return None;
            }
            let meta = structs(meta_name)?;
            let field = meta
                .fields
                .iter()
                .filter(is_link)
                .find(|f| f.wire_name == "next_page_url")?;
            Some(NextLink::Nested {
                container: container.name.clone(),
                container_presence: container.presence,
                field: field.name.clone(),
                field_presence: field.presence,
            })
        });
        let top_level = || {
            page.fields
                .iter()
                .filter(is_link)
                .find(|f| f.wire_name == "next_page_uri" || f.wire_name == "next_page_url")
                .map(|f| NextLink::TopLevel {
                    field: f.name.clone(),
                    field_presence: f.presence,
                })
        };
        let Some(next) = nested.or_else(top_level) else {
            continue;
        };
        op.paging = Some(Paging {
            stream_method: methods.claim(format!(
                "{}_stream",
                op.method_name.trim_start_matches("r#")
            )),
            page_type: TypeRef::Named(page_name.clone()),
            item: (**item).clone(),
            items_field: items.name.clone(),
            items_presence: items.presence,
            next,
        });
    }
}
