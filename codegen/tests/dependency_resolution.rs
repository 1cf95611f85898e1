//! Generated crates declare caret requirements, so they resolve next to other versions of the
//! same crates in a project, and the oldest versions they allow do build.

#[allow(dead_code)] // each test file uses a part of it
mod support;

use std::path::Path;

use support::{cargo_in, printed, repo_path, workspace, Throwaway};

/// The runtime's dependencies, as it lists them for crates that carry a copy of it (a test of
/// the runtime keeps them equal to its manifest's).
fn runtime_dependencies() -> Vec<String> {
    specweave_runtime::sources::DEPENDENCIES
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// `name = "1.2"` / `name = { version = "1.2", … }` with the requirement made exact (`=1.2`).
fn pinned(line: &str) -> String {
    let (name, rest) = line.split_once(" = ").unwrap_or_else(|| panic!("{line}"));
    let rest = match rest.strip_prefix('"') {
        Some(version) => format!("\"={version}"),
        None => rest.replacen("version = \"", "version = \"=", 1),
    };
    format!("{name} = {rest}")
}

/// A standalone crate for `spec/`, as `specweave SPEC --crate DIR [flags]` writes it.
fn standalone_crate(dir: &Path, flags: &[&str]) {
    let spec = workspace().join("spec/twilio_chat_v1_invite.yaml");
    let dir_text = dir.display().to_string();
    let spec_text = spec.display().to_string();
    let mut args = vec![
        spec_text.as_str(),
        "--crate",
        dir_text.as_str(),
        "--name",
        "invite-client",
    ];
    args.extend(flags);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_specweave"))
        .args(&args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(output.status.success(), "{}", printed(&output));
}

/// Every requirement of the runtime pinned to exactly the version it names: they resolve
/// together (the README's "oldest versions tested" are a set that exists).
#[test]
fn the_runtime_minimum_versions_resolve_together() {
    let krate = Throwaway::unlocked();
    let pins: Vec<String> = runtime_dependencies().iter().map(|l| pinned(l)).collect();
    assert!(pins.len() >= 10, "{pins:?}");
    krate
        .write(
            "Cargo.toml",
            &format!(
                "[package]\nname = \"oldest\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
                 [dependencies]\n{}\n\n[workspace]\n",
                pins.join("\n")
            ),
        )
        .write("src/lib.rs", "");
    let output = krate.cargo(&["generate-lockfile", "--quiet"]);
    assert!(output.status.success(), "{}", printed(&output));
}

/// The run-time support builds against those oldest versions (slow: a fresh dependency
/// build; `.ci/run` runs it).
#[test]
#[ignore = "builds the runtime against its oldest dependencies (minutes); run by .ci/run"]
fn the_runtime_builds_with_its_minimum_versions() {
    let krate = Throwaway::unlocked();
    let pins: Vec<String> = runtime_dependencies().iter().map(|l| pinned(l)).collect();
    krate.write(
        "Cargo.toml",
        &format!(
            "[package]\nname = \"oldest\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
             [lib]\npath = {:?}\n\n[dependencies]\n{}\n\n[workspace]\n",
            // The module an inlined copy compiles, as a crate root of its own.
            format!("{}/src/runtime/mod.rs", repo_path("codegen/runtime")),
            pins.join("\n")
        ),
    );
    let output = cargo_in(krate.path(), &["check", "--quiet"]);
    assert!(output.status.success(), "{}", printed(&output));
}

/// A project that pins its own, different versions of the client's dependencies (older than
/// this workspace's lock file, newer than the runtime's minimums) can add a generated client,
/// either way the client gets its runtime, and ends up with one copy of each crate.
#[test]
fn a_generated_crate_resolves_beside_other_versions_of_its_dependencies() {
    for (flags, client) in [
        (&[][..], "on-runtime"),
        (&["--inline-runtime"][..], "inline"),
    ] {
        // Beside the app, not inside it: the generated crate is a workspace root of its own.
        let client_crate = Throwaway::unlocked();
        let client_dir = client_crate.path().join(client);
        standalone_crate(&client_dir, flags);
        let root = Throwaway::unlocked();
        root.write(
            "Cargo.toml",
            &format!(
                "[package]\nname = \"app\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
                 [dependencies]\ninvite-client = {{ path = {:?} }}\n\
                 serde = {{ version = \"=1.0.228\", features = [\"derive\"] }}\n\
                 serde_json = \"=1.0.140\"\n\
                 tokio = {{ version = \"=1.47.0\", features = [\"rt\"] }}\n\n[workspace]\n",
                client_dir.display().to_string()
            ),
        )
        .write("src/lib.rs", "");
        let output = root.cargo(&["generate-lockfile", "--quiet"]);
        assert!(output.status.success(), "{client}: {}", printed(&output));
        let lock = std::fs::read_to_string(root.path().join("Cargo.lock"))
            .unwrap_or_else(|e| panic!("{e}"));
        for (name, version) in [
            ("serde", "1.0.228"),
            ("serde_json", "1.0.140"),
            ("tokio", "1.47.0"),
        ] {
            let entries: Vec<&str> = lock
                .split("[[package]]")
                .filter(|entry| entry.contains(&format!("name = \"{name}\"\n")))
                .collect();
            assert_eq!(
                entries.len(),
                1,
                "{client}: one {name} expected:\n{entries:?}"
            );
            assert!(
                entries[0].contains(&format!("version = \"{version}\"")),
                "{client}: {name} {version} expected:\n{}",
                entries[0]
            );
        }
    }
}
