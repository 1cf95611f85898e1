//! A bad spec through a real `cargo build` of a throwaway crate whose build.rs is this
//! repository's: the build fails with one readable message naming file, pointer and problem.

use std::path::Path;
use std::process::Command;

#[test]
fn bad_spec_fails_cargo_build_with_one_located_message() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = dir.path();
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
    };
    let codegen_dir = workspace
        .join("codegen")
        .canonicalize()
        .unwrap_or_else(|e| panic!("{e}"));
    write(
        "Cargo.toml",
        &format!(
            "[package]\nname = \"throwaway\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
             [build-dependencies]\ncodegen = {{ path = {:?} }}\n\n[workspace]\n",
            codegen_dir.display().to_string()
        ),
    );
    let build_rs =
        std::fs::read_to_string(workspace.join("build.rs")).unwrap_or_else(|e| panic!("{e}"));
    write("build.rs", &build_rs);
    write("src/lib.rs", "");
    write(
        "spec/bad.yaml",
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /v1/Services:\n    post:\n      operationId: CreateService\n      requestBody:\n        content:\n          multipart/form-data:\n            schema: {type: object}\n      responses: {'201': {description: created}}\n",
    );
    // Pin dependency versions to the workspace's (already downloaded) ones.
    std::fs::copy(workspace.join("Cargo.lock"), root.join("Cargo.lock"))
        .unwrap_or_else(|e| panic!("{e}"));

    let output = Command::new(env!("CARGO"))
        .args(["build", "--quiet"])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", workspace.join("target/throwaway"))
        .env_remove("RUSTFLAGS")
        // The jobserver descriptors named here belong to the outer cargo; a nested cargo that
        // trusts them reads unrelated pipes (seen as garbage fed to rustc's target probe).
        .env_remove("CARGO_MAKEFLAGS")
        .env_remove("MAKEFLAGS")
        .env_remove("MFLAGS")
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo: {e}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the build must fail:\n{stderr}");
    let expected =
        "error: throwaway@0.0.0: spec/bad.yaml: #/paths/~1v1~1Services/post/requestBody/content: \
                    unsupported request body content type(s) multipart/form-data";
    assert!(stderr.contains(expected), "{stderr}");
    assert_eq!(stderr.matches("spec/bad.yaml").count(), 1, "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
}
