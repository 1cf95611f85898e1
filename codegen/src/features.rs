//! Per-tag cargo features (see [`Generator::features_per_tag`](crate::Generator::features_per_tag)):
//! which feature each operation's methods and each type are compiled under.
//!
//! An operation belongs to the feature of its first tag, the tag that already groups its
//! methods in one `impl Client` block (so a block is gated as a whole). A type is compiled
//! under the features of every operation that reaches it, and always when an operation without
//! a tag reaches it. The types no operation reaches (components kept for callers, such as
//! webhook payloads) and what they hold are compiled under one more feature,
//! `unreferenced-types`. So a crate that enables one feature compiles that tag's methods and
//! exactly the types they need.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use heck::ToKebabCase;

use crate::lower::usage;
use crate::model::{Api, ServerUrl, TagFeatures, TypeDef, TypeRef};

/// Gates `api`'s operations, types and servers by tag.
pub(crate) fn gate_by_tag(api: &mut Api) {
    let mut features: Vec<(String, String)> = Vec::new();
    let mut taken: BTreeSet<String> = ["default".to_owned()].into();
    for tag in api.operations.iter().filter_map(|op| op.group.as_deref()) {
        if features.iter().any(|(_, t)| t == tag) {
            continue;
        }
        let name = feature_name(tag, &taken);
        taken.insert(name.clone());
        features.push((name, tag.to_owned()));
    }
    let types: BTreeMap<String, TypeDef> = api
        .types
        .iter()
        .map(|def| (def.name.clone(), def.clone()))
        .collect();
    // Type (or server) → the features reaching it; `None` once something ungated reaches it.
    let mut type_gates: HashMap<String, Option<BTreeSet<String>>> = HashMap::new();
    let mut server_gates: HashMap<String, Option<BTreeSet<String>>> = HashMap::new();
    let reach = |gates: &mut HashMap<String, Option<BTreeSet<String>>>,
                 name: String,
                 feature: Option<&str>| {
        let entry = gates.entry(name).or_insert_with(|| Some(BTreeSet::new()));
        match (entry.as_mut(), feature) {
            (Some(set), Some(feature)) => {
                set.insert(feature.to_owned());
            }
            (Some(_), None) => *entry = None,
            (None, _) => {}
        }
    };
    for op in &api.operations {
        let feature = op.group.as_deref().and_then(|tag| {
            features
                .iter()
                .find(|(_, t)| t == tag)
                .map(|(f, _)| f.as_str())
        });
        let (sent, received) = usage::operation_types(op);
        let roots: Vec<TypeRef> = sent.into_iter().chain(received).collect();
        for name in usage::reachable(&types, &roots) {
            reach(&mut type_gates, name, feature);
        }
        if let ServerUrl::Template(name) = &op.server {
            reach(&mut server_gates, name.clone(), feature);
        }
    }
    // The types no operation reaches (schemas kept for callers, such as webhook payloads)
    // have a feature of their own, and so does everything they hold, so that one tag alone
    // does not compile them.
    let unreached: Vec<TypeRef> = types
        .keys()
        .filter(|name| !type_gates.contains_key(*name))
        .map(|name| TypeRef::Named(name.clone()))
        .collect();
    let unreferenced = (!unreached.is_empty()).then(|| feature_name(UNREFERENCED, &taken));
    for name in usage::reachable(&types, &unreached) {
        reach(&mut type_gates, name, unreferenced.as_deref());
    }
    let gated =
        |gates: HashMap<String, Option<BTreeSet<String>>>| -> BTreeMap<String, Vec<String>> {
            gates
                .into_iter()
                .filter_map(|(name, set)| Some((name, set?.into_iter().collect())))
                .collect()
        };
    api.tag_features = Some(TagFeatures {
        features,
        unreferenced,
        types: gated(type_gates),
        servers: gated(server_gates),
    });
}

/// The feature of the types no operation reaches (a number after it if a tag took the name).
const UNREFERENCED: &str = "unreferenced-types";

/// A cargo feature name for `tag`: kebab-case ASCII letters, digits and `-` (`Pet Store` →
/// `pet-store`), `tag-` before one that would not start with a letter, a number after one
/// already `taken` (`default` always is).
fn feature_name(tag: &str, taken: &BTreeSet<String>) -> String {
    let ascii: String = tag
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut base = ascii.to_kebab_case();
    if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        base = format!("tag-{base}").trim_end_matches('-').to_owned();
    }
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}-{n}");
        n += 1;
    }
    name
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::feature_name;

    #[test]
    fn feature_names_are_kebab_case_ascii_and_unique() {
        let mut taken: BTreeSet<String> = ["default".to_owned()].into();
        let table = [
            ("Pet Store", "pet-store"),
            ("pets", "pets"),
            ("PETS", "pets-2"),
            ("Default", "default-2"),
            ("2FA", "tag-2fa"),
            ("日本", "tag"),
            ("Users / Admin (beta)", "users-admin-beta"),
            ("indices.put_alias", "indices-put-alias"),
        ];
        for (tag, expected) in table {
            let name = feature_name(tag, &taken);
            assert_eq!(name, expected, "{tag}");
            taken.insert(name);
        }
    }
}
