//! The bad-spec table: every file in `tests/bad_specs/` is a spec with one defect. The
//! expectation sits in the file's first line,
//! `# expect: <JSON pointer or $ for the whole file> | <text the message must contain>` for a
//! document-level defect the generator must reject with a located error, or
//! `# warns: <JSON pointer> | <text>` for a defect confined to one operation: the rest of the
//! client is generated, with that located warning, and `Generator::strict(true)` rejects the
//! spec with the same diagnostic as an error.
//! (JSON files, which have no comments, keep it in `<file>.expect`.)
//! Accepted edge cases live in `tests/fixtures/`, where they are compiled.

use std::path::{Path, PathBuf};

/// What a bad spec must get.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Rejected with a located error.
    Error,
    /// Generated, with a located warning (an error under strict mode).
    Warning,
}

struct Case {
    file: PathBuf,
    outcome: Outcome,
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
                text.lines().next().unwrap_or_default().to_owned()
            };
            let (outcome, expectation) = if let Some(rest) = expectation.strip_prefix("# warns: ")
            {
                (Outcome::Warning, rest)
            } else if let Some(rest) = expectation.strip_prefix("# expect: ") {
                (Outcome::Error, rest)
            } else {
                // `.expect` sidecars of JSON files hold the bare expectation.
                (Outcome::Error, expectation.as_str())
            };
            if file.extension().is_some_and(|e| e == "yaml") && !expectation.contains(" | ") {
                panic!(
                    "{}: the first line must be `# expect: POINTER | TEXT` or `# warns: POINTER | TEXT`",
                    file.display()
                );
            }
            let Some((pointer, text)) = expectation.trim().split_once(" | ") else {
                panic!(
                    "{}: expectation `{expectation}` is not `POINTER | TEXT`",
                    file.display()
                );
            };
            Case {
                file,
                outcome,
                pointer: (pointer.trim() != "$").then(|| pointer.trim().to_owned()),
                text: text.trim().to_owned(),
            }
        })
        .collect()
}

/// The table's cases with the given expected outcome.
fn cases_with(outcome: Outcome) -> Vec<Case> {
    cases()
        .into_iter()
        .filter(|c| c.outcome == outcome)
        .collect()
}

impl Case {
    /// Whether `d` is the diagnostic this case expects (file, pointer and text).
    fn matches(&self, d: &specweave::Diagnostic) -> bool {
        d.file == self.file && d.pointer == self.pointer && d.message.contains(&self.text)
    }
}

/// Generates `case` (strict or not); a panic is reported as a failure and gives `None`.
fn generate(
    case: &Case,
    strict: bool,
    failures: &mut Vec<String>,
) -> Option<Result<specweave::Generated, specweave::Error>> {
    let generator = specweave::Generator::new().spec(&case.file).strict(strict);
    match std::panic::catch_unwind(|| generator.generate()) {
        Ok(outcome) => Some(outcome),
        Err(_) => {
            failures.push(format!("{}: the generator panicked", case.file.display()));
            None
        }
    }
}

fn assert_no_failures(failures: &[String], cases: usize) {
    assert!(
        failures.is_empty(),
        "{} of {cases} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_operation_defect_gets_a_located_warning_and_the_rest_is_generated() {
    let cases = cases_with(Outcome::Warning);
    assert!(cases.len() >= 7, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let generated = match generate(case, false, &mut failures) {
            None => continue,
            Some(Err(error)) => {
                failures.push(format!(
                    "{}: rejected, but must be generated with a warning:\n  {error}",
                    case.file.display()
                ));
                continue;
            }
            Some(Ok(generated)) => generated,
        };
        if !generated.warnings.iter().any(|d| case.matches(d)) {
            let got: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
            failures.push(format!(
                "{}: expected a warning at {} containing `{}`, got:\n  {}",
                case.file.display(),
                case.pointer.as_deref().unwrap_or("the whole file"),
                case.text,
                got.join("\n  ")
            ));
        }
        match generate(case, true, &mut failures) {
            None => {}
            Some(Ok(_)) => failures.push(format!(
                "{}: accepted in strict mode, but every warning must be an error there",
                case.file.display()
            )),
            Some(Err(error)) => {
                let located = error
                    .diagnostics
                    .iter()
                    .any(|d| d.severity == specweave::Severity::Error && case.matches(d));
                if !located {
                    failures.push(format!(
                        "{}: strict mode did not report the warning as an error:\n  {error}",
                        case.file.display()
                    ));
                }
            }
        }
    }
    assert_no_failures(&failures, cases.len());
}

#[test]
fn every_bad_spec_gets_a_located_error() {
    let cases = cases_with(Outcome::Error);
    assert!(cases.len() >= 21, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let error = match generate(case, false, &mut failures) {
            None => continue,
            Some(Ok(_)) => {
                failures.push(format!(
                    "{}: accepted, but must be rejected",
                    case.file.display()
                ));
                continue;
            }
            Some(Err(error)) => error,
        };
        if !error.diagnostics.iter().any(|d| case.matches(d)) {
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
    assert_no_failures(&failures, cases.len());
}
