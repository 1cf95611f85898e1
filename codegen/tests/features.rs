//! Per-tag cargo features (`Generator::features_per_tag`): what each feature gates, on the
//! operation-selection fixture (tags `pets`, `toys`, `stores`; one untagged operation; two
//! schemas no operation uses).
//! `.ci/features` compiles real specs with each feature alone.

use std::path::Path;

fn generate(features: bool) -> specweave::Generated {
    let spec =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/operation_selection.yaml");
    match specweave::Generator::new()
        .spec(spec)
        .features_per_tag(features)
        .generate()
    {
        Ok(generated) => generated,
        Err(error) => panic!("{error}"),
    }
}

/// The `#[cfg]` line right above the item that starts with `item` (None when it has none).
fn gate_of<'a>(code: &'a str, item: &str) -> Option<&'a str> {
    let lines: Vec<&str> = code.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.trim_start().starts_with(item))
        .unwrap_or_else(|| panic!("no `{item}` in:\n{code}"));
    lines[..at]
        .iter()
        .rev()
        .take_while(|l| l.trim_start().starts_with("#[") || l.trim_start().starts_with("///"))
        .find(|l| l.trim_start().starts_with("#[cfg("))
        .map(|l| l.trim())
}

#[test]
fn each_tag_gates_its_operations_and_the_types_only_they_reach() {
    let generated = generate(true);
    let code = &generated.code;
    let features: Vec<(&str, &str)> = generated
        .features
        .iter()
        .map(|(f, t)| (f.as_str(), t.as_str()))
        .collect();
    assert_eq!(
        features,
        [("pets", "pets"), ("toys", "toys"), ("stores", "stores")]
    );
    // Methods: a block per first tag; the untagged operation's block is always there.
    let block = |doc: &str| {
        let at = code
            .find(&format!("/// {doc}\n"))
            .unwrap_or_else(|| panic!("no block `{doc}`:\n{code}"));
        code[at..].lines().nth(1).unwrap_or_default().to_owned()
    };
    assert_eq!(
        block("Operations tagged `pets`."),
        "#[cfg(feature = \"pets\")]"
    );
    assert_eq!(
        block("Operations tagged `toys`."),
        "#[cfg(feature = \"toys\")]"
    );
    assert_eq!(block("Operations without a tag."), "impl Client {");
    // Types: by the features of the operations reaching them, and each of their items.
    assert_eq!(
        gate_of(code, "pub struct Store {"),
        Some("#[cfg(feature = \"stores\")]")
    );
    assert_eq!(
        gate_of(code, "impl runtime::DecodeFields for Store {"),
        Some("#[cfg(feature = \"stores\")]")
    );
    // Also held by `StoreOpened`, which no operation uses: those have a feature of their own.
    assert_eq!(
        gate_of(code, "pub struct StoreAddress {"),
        Some("#[cfg(any(feature = \"stores\", feature = \"unreferenced-types\"))]")
    );
    assert_eq!(
        generated.unreferenced_types_feature.as_deref(),
        Some("unreferenced-types")
    );
    for unreferenced in ["pub struct StoreOpened {", "pub struct OpeningHours {"] {
        assert_eq!(
            gate_of(code, unreferenced),
            Some("#[cfg(feature = \"unreferenced-types\")]"),
            "{unreferenced}"
        );
    }
    // `AddToy` (first tag `toys`) sends a `Toy` and returns a `PetOrOwner`.
    assert_eq!(
        gate_of(code, "pub enum PetOrOwner {"),
        Some("#[cfg(feature = \"toys\")]")
    );
    // Reached by the untagged `FetchOwner` (an `Owner` holds `Pet`s, which hold `Toy`s).
    for always in [
        "pub struct Owner {",
        "pub struct Pet {",
        "pub struct Toy {",
        "pub enum ToyKind {",
    ] {
        assert_eq!(gate_of(code, always), None, "{always}");
    }
    // `ListPets`'s params only go with `pets`; the stores server only with `stores`.
    assert_eq!(
        gate_of(code, "pub struct ListPetsParams {"),
        Some("#[cfg(feature = \"pets\")]")
    );
    assert_eq!(
        gate_of(code, "static SERVER_2:"),
        Some("#[cfg(feature = \"stores\")]")
    );
    assert_eq!(gate_of(code, "static SERVER_1:"), None);
}

#[test]
fn without_the_option_nothing_is_gated_and_the_crate_has_no_features() {
    let generated = generate(false);
    assert!(generated.features.is_empty());
    assert!(!generated.code.contains("#[cfg("), "{}", generated.code);
}

#[test]
fn a_standalone_crate_declares_every_feature_in_default() {
    let files = specweave::standalone::crate_files(
        &generate(true),
        "pets",
        Path::new("/tmp/pets"),
        &specweave::standalone::RuntimeSource::Inline,
    );
    let manifest = files
        .iter()
        .find(|(path, _)| path == "Cargo.toml")
        .map(|(_, text)| text.as_str())
        .unwrap_or_default();
    assert!(
        manifest.contains(
            "[features]\ndefault = [\"pets\", \"toys\", \"stores\", \"unreferenced-types\"]\n\
             # Operations tagged \"pets\".\n\"pets\" = []\n"
        ) && manifest.contains("\"unreferenced-types\" = []\n"),
        "{manifest}"
    );
    let readme = files
        .iter()
        .find(|(path, _)| path == "README.md")
        .map(|(_, text)| text.as_str())
        .unwrap_or_default();
    assert!(
        readme.contains("--features-per-tag`")
            && readme.contains("features = [\"pets\"]")
            && readme.contains("- `stores`: operations tagged `stores`")
            && readme.contains("- `unreferenced-types`: the spec's schemas that no operation uses"),
        "{readme}"
    );
}
