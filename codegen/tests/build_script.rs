//! A bad spec through a real `cargo build` of a throwaway crate whose build.rs is this
//! repository's: the build fails with one readable message naming file, pointer and problem.

#[allow(dead_code)] // each test file uses a part of it
mod support;

use support::{repo_path, workspace, Throwaway};

#[test]
fn bad_spec_fails_cargo_build_with_one_located_message() {
    let krate = Throwaway::new();
    let root_file = |path: &str| {
        std::fs::read_to_string(workspace().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    krate
        .write(
            "Cargo.toml",
            &format!(
                "[package]\nname = \"throwaway\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n\
                 [build-dependencies]\nspecweave = {{ path = {:?} }}\n\n[workspace]\n",
                repo_path("codegen")
            ),
        )
        .write("build.rs", &root_file("build.rs"))
        .write(
            "tests/common/generator.rs",
            &root_file("tests/common/generator.rs"),
        )
        .write("src/lib.rs", "")
        .write(
            "spec/bad.yaml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /v1/Services:\n    post:\n      operationId: CreateService\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Nope'}\n      responses: {'201': {description: created}}\n",
        );

    let output = krate.cargo(&["build", "--quiet"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the build must fail:\n{stderr}");
    // A dangling `$ref` a type needs: a document-level error (an unsupported body media type
    // is only a warning now, see the partial-failure rule).
    let expected = "error: throwaway@0.0.0: spec/bad.yaml: \
                    #/paths/~1v1~1Services/post/requestBody/content/application~1json/schema: ";
    assert!(
        stderr.contains(expected) && stderr.contains("Nope"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("spec/bad.yaml").count(), 1, "{stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("backtrace"),
        "{stderr}"
    );
}
