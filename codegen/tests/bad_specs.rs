//! The bad-spec table: every file in `tests/bad_specs/` is a spec the generator must reject
//! with a located error. The expectation sits in the file's first line,
//! `# expect: <JSON pointer or $ for the whole file> | <text the message must contain>`
//! (JSON files, which have no comments, keep it in `<file>.expect`).
//! Accepted edge cases live in `tests/fixtures/`, where they are compiled.

use std::path::{Path, PathBuf};

struct Case {
    file: PathBuf,
    pointer: Option<String>,
    text: String,
}

fn cases() -> Vec<Case> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_specs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let expectation = if file.extension().is_some_and(|e| e == "json") {
                let sidecar = PathBuf::from(format!("{}.expect", file.display()));
                std::fs::read_to_string(&sidecar)
                    .unwrap_or_else(|e| panic!("{}: {e}", sidecar.display()))
            } else {
                let text = std::fs::read_to_string(&file)
                    .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
                let first = text.lines().next().unwrap_or_default();
                match first.strip_prefix("# expect: ") {
                    Some(rest) => rest.to_owned(),
                    None => panic!(
                        "{}: the first line must be `# expect: POINTER | TEXT`",
                        file.display()
                    ),
                }
            };
            let Some((pointer, text)) = expectation.trim().split_once(" | ") else {
                panic!(
                    "{}: expectation `{expectation}` is not `POINTER | TEXT`",
                    file.display()
                );
            };
            Case {
                file,
                pointer: (pointer.trim() != "$").then(|| pointer.trim().to_owned()),
                text: text.trim().to_owned(),
            }
        })
        .collect()
}

#[test]
fn every_bad_spec_gets_a_located_error() {
    let cases = cases();
    assert!(cases.len() >= 28, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let outcome =
            std::panic::catch_unwind(|| specweave::Generator::new().spec(&case.file).generate());
        let error = match outcome {
            Err(_) => {
                failures.push(format!("{}: the generator panicked", case.file.display()));
                continue;
            }
            Ok(Ok(_)) => {
                failures.push(format!(
                    "{}: accepted, but must be rejected",
                    case.file.display()
                ));
                continue;
            }
            Ok(Err(error)) => error,
        };
        let matched = error.diagnostics.iter().any(|d| {
            d.file == case.file && d.pointer == case.pointer && d.message.contains(&case.text)
        });
        if !matched {
            failures.push(format!(
                "{}: expected {} containing `{}`, got:\n  {error}",
                case.file.display(),
                case.pointer.as_deref().unwrap_or("a whole-file error"),
                case.text
            ));
        }
        // The rendered message names file, pointer and problem in one line each.
        let rendered = error.to_string();
        let file_name = case.file.display().to_string();
        if !rendered.contains(&file_name) {
            failures.push(format!(
                "{}: message does not name the file: {rendered}",
                file_name
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
