//! Standalone crate mode: a complete client crate (Cargo.toml, README, `src/`) for any spec,
//! which builds with `cargo build`: on the runtime crate (by default), or with its own copy of
//! the runtime ([`RuntimeSource::Inline`]).

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::{docs, write_if_changed, Error, Generated};

/// The runtime crate's sources, which [`RuntimeSource::Inline`] copies into `src/runtime/`.
pub use specweave_runtime::sources::FILES as RUNTIME_FILES;

/// The runtime crate's package name.
pub const RUNTIME_PACKAGE: &str = "specweave-runtime";

/// The Rust path generated code uses for an inlined runtime (see [`RuntimeSource::Inline`]).
pub const INLINE_RUNTIME_PATH: &str = "crate::runtime";

/// Where a standalone crate gets its runtime from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeSource {
    /// A dependency on the runtime crate, by version, and by path while it is not published:
    /// `Some(dir)` is the runtime crate's directory, written relative to the crate when it can
    /// be. Generate with the default runtime path.
    Dependency(Option<PathBuf>),
    /// A copy of the runtime as the module `src/runtime/`, so the crate builds (and can be
    /// published) on its own, with the runtime's own dependencies. Generate with
    /// `Generator::runtime_path(INLINE_RUNTIME_PATH)`.
    Inline,
}

impl RuntimeSource {
    /// A dependency on the runtime crate this generator was built with, by path when its
    /// sources are beside this crate's (a checkout of the repository), else by version only.
    pub fn dependency() -> RuntimeSource {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        RuntimeSource::Dependency(dir.join("Cargo.toml").is_file().then_some(dir))
    }
}

/// The runtime crate's version (lockstep with the generator's).
pub fn runtime_version() -> &'static str {
    specweave_runtime::sources::VERSION
}

/// What an inlined runtime needs, as `[dependencies]` lines.
fn runtime_dependencies() -> &'static str {
    specweave_runtime::sources::DEPENDENCIES
}

/// Writes the crate for `generated` into `dir` under package name `name`.
pub fn write_crate(
    generated: &Generated,
    dir: &Path,
    name: &str,
    runtime: &RuntimeSource,
) -> Result<(), Error> {
    if !is_package_name(name) {
        return Err(Diagnostic::file_error(
            dir,
            format!("`{name}` is not a valid package name (letters, digits, `-` and `_`, starting with a letter)"),
        )
        .into());
    }
    let files = crate_files(generated, name, dir, runtime);
    for (path, content) in &files {
        write_if_changed(&dir.join(path), content)?;
    }
    Ok(())
}

/// The files of the crate to be written in `dir`, as (relative path, content).
pub fn crate_files(
    generated: &Generated,
    name: &str,
    dir: &Path,
    runtime: &RuntimeSource,
) -> Vec<(String, String)> {
    let mut files = vec![
        (
            "Cargo.toml".to_owned(),
            cargo_toml(generated, name, dir, runtime),
        ),
        ("README.md".to_owned(), readme(generated, name, runtime)),
        ("src/lib.rs".to_owned(), lib_rs(generated, runtime)),
        ("src/client.rs".to_owned(), generated.code.clone()),
    ];
    if *runtime == RuntimeSource::Inline {
        for (file, source) in RUNTIME_FILES {
            files.push((format!("src/runtime/{file}"), (*source).to_owned()));
        }
    }
    files
}

/// `target` relative to `base` when both are absolute (or both relative) paths, else `target`.
fn relative_to(target: &Path, base: &Path) -> PathBuf {
    let absolute = |path: &Path| {
        if path.is_absolute() {
            Some(path.to_path_buf())
        } else {
            std::env::current_dir().ok().map(|cwd| cwd.join(path))
        }
    };
    let (Some(target), Some(base)) = (absolute(target), absolute(base)) else {
        return target.to_path_buf();
    };
    fn normal(path: &Path) -> Vec<Component<'_>> {
        let mut parts = Vec::new();
        for part in path.components() {
            match part {
                Component::CurDir => {}
                Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                    parts.pop();
                }
                other => parts.push(other),
            }
        }
        parts
    }
    let (target_parts, base_parts) = (normal(&target), normal(&base));
    let common = target_parts
        .iter()
        .zip(&base_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return target;
    }
    let mut relative = PathBuf::new();
    for _ in common..base_parts.len() {
        relative.push("..");
    }
    for part in &target_parts[common..] {
        relative.push(part.as_os_str());
    }
    relative
}

fn is_package_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// The spec's version when it is semver `x.y.z`, else `0.1.0`.
fn package_version(version: &str) -> String {
    let parts: Vec<&str> = version.split('.').collect();
    if parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        version.to_owned()
    } else {
        "0.1.0".to_owned()
    }
}

fn toml_string(text: &str) -> String {
    format!("{:?}", text.replace(['\r', '\n'], " "))
}

fn cargo_toml(generated: &Generated, name: &str, dir: &Path, runtime: &RuntimeSource) -> String {
    let dependencies = match runtime {
        RuntimeSource::Dependency(path) => {
            let path = path.as_ref().map(|path| {
                let relative = relative_to(path, dir).display().to_string();
                format!(", path = {}", toml_string(&relative.replace('\\', "/")))
            });
            format!(
                "# The generated code reaches serde, chrono and the rest through the runtime.\n\
                 {RUNTIME_PACKAGE} = {{ version = \"{}\"{} }}\n",
                runtime_version(),
                path.unwrap_or_default()
            )
        }
        RuntimeSource::Inline => format!(
            "# What the runtime in src/runtime/ needs (those of specweave-runtime {}).\n{}",
            runtime_version(),
            runtime_dependencies()
        ),
    };
    let features = if generated.features.is_empty() {
        String::new()
    } else {
        let names: Vec<String> = generated
            .features
            .iter()
            .map(|(feature, _)| feature)
            .chain(&generated.unreferenced_types_feature)
            .map(|feature| toml_string(feature))
            .collect();
        let mut text = format!(
            "# One feature per tag: its operations and the types only they reach.\n\
             [features]\ndefault = [{}]\n",
            names.join(", ")
        );
        for (feature, tag) in &generated.features {
            text.push_str(&format!(
                "# Operations tagged {}.\n{} = []\n",
                toml_string(tag),
                toml_string(feature)
            ));
        }
        if let Some(feature) = &generated.unreferenced_types_feature {
            text.push_str(&format!(
                "# The spec's schemas that no operation uses, and what they hold.\n{} = []\n",
                toml_string(feature)
            ));
        }
        text.push('\n');
        text
    };
    format!(
        "# @generated by specweave {generator}: a client for {title} {version}.\n\
         [package]\nname = {name}\nversion = {package_version}\nedition = \"2021\"\n\
         description = {description}\n\n[dependencies]\n{dependencies}\n{features}\
         # A crate of its own, even when generated inside another workspace.\n[workspace]\n",
        generator = env!("CARGO_PKG_VERSION"),
        title = generated.title.replace(['\r', '\n'], " "),
        version = generated.version.replace(['\r', '\n'], " "),
        name = toml_string(name),
        package_version = toml_string(&package_version(&generated.version)),
        description = toml_string(&format!(
            "Typed async client for {}, generated from its OpenAPI spec",
            generated.title
        )),
    )
}

fn lib_rs(generated: &Generated, runtime: &RuntimeSource) -> String {
    let mut out = String::from(
        "// @generated by specweave: do not edit; regenerate from the spec instead.\n",
    );
    out.push_str(&format!(
        "//! {} {} client, generated from its OpenAPI spec.\n",
        generated.title.replace(['\r', '\n'], " "),
        generated.version.replace(['\r', '\n'], " ")
    ));
    if let Some(description) = &generated.description {
        out.push_str("//!\n");
        for line in docs::lines(description) {
            out.push_str(&format!(
                "//!{}{line}\n",
                if line.is_empty() { "" } else { " " }
            ));
        }
    }
    out.push_str(
        "//!\n//! Every operation is an async method on [`Client`]; types are in [`types`].\n\n",
    );
    if *runtime == RuntimeSource::Inline {
        // A spec uses only some of the runtime (say, no paging or no date-times).
        out.push_str("#[allow(dead_code, unused_imports)]\nmod runtime;\n\n");
    }
    out.push_str("include!(\"client.rs\");\n");
    out
}

fn readme(generated: &Generated, name: &str, runtime: &RuntimeSource) -> String {
    let (runtime_text, flag) = match runtime {
        RuntimeSource::Dependency(_) => (
            format!(
                "It runs on the `{RUNTIME_PACKAGE}` crate (errors, retries, the request path), \
                 its only dependency."
            ),
            "",
        ),
        RuntimeSource::Inline => (
            "It carries its own copy of the runtime in `src/runtime/` and builds on its own."
                .to_owned(),
            " --inline-runtime",
        ),
    };
    let features_flag = if generated.features.is_empty() {
        ""
    } else {
        " --features-per-tag"
    };
    let mut features = String::new();
    if let Some((first, _)) = generated.features.first() {
        features.push_str(&format!(
            "\n## Features\n\nOne cargo feature per tag, all on by default; each compiles that \
             tag's operations and the types only they need (operations without a tag always \
             compile). To build one part alone: `{name} = {{ version = \"*\", \
             default-features = false, features = [\"{first}\"] }}`.\n\n"
        ));
        for (feature, tag) in &generated.features {
            features.push_str(&format!(
                "- `{feature}`: operations tagged `{}`\n",
                tag.replace('`', "'")
            ));
        }
        if let Some(feature) = &generated.unreferenced_types_feature {
            features.push_str(&format!(
                "- `{feature}`: the spec's schemas that no operation uses (such as webhook \
                 payloads), for code that builds or reads them itself\n"
            ));
        }
    }
    format!(
        "# {name}\n\nTyped async Rust client for **{title} {version}**, generated by specweave from its \
         OpenAPI spec ({operations} operations, {types} types). {runtime_text}\n\n\
         ```rust,ignore\nlet client = {crate_ident}::Client::builder(/* credentials */).build()?;\n```\n\n\
         Every operation is an async method on `Client`, named after its `operationId`; request and \
         response types live in `{crate_ident}::types`. Do not edit `src/`: regenerate with \
         `specweave SPEC --crate DIR --name {name}{flag}{features_flag}`.\n{features}",
        title = generated.title.replace(['\r', '\n'], " "),
        version = generated.version.replace(['\r', '\n'], " "),
        operations = generated.stats.operations,
        types = generated.stats.types,
        crate_ident = name.replace('-', "_"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_versions() {
        assert_eq!(package_version("1.0.0"), "1.0.0");
        assert_eq!(package_version("1.0"), "0.1.0");
        assert_eq!(package_version("2010-04-01"), "0.1.0");
        assert!(is_package_name("twilio-chat_v1"));
        assert!(!is_package_name("1abc"));
        assert!(!is_package_name("a b"));
    }

    #[test]
    fn runtime_manifest_parts() {
        assert_eq!(runtime_version(), env!("CARGO_PKG_VERSION"));
        let dependencies = runtime_dependencies();
        for name in ["reqwest", "serde", "serde_json", "tokio", "chrono"] {
            assert!(
                dependencies.contains(&format!("\n{name} = "))
                    || dependencies.starts_with(&format!("{name} = ")),
                "{name} missing: {dependencies}"
            );
        }
        assert!(!dependencies.contains("workspace"), "{dependencies}");
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_to(Path::new("/a/b/runtime"), Path::new("/a/c/d")),
            PathBuf::from("../../b/runtime")
        );
        assert_eq!(
            relative_to(Path::new("/a/b"), Path::new("/a/b/c/../x")),
            PathBuf::from("..")
        );
    }
}
