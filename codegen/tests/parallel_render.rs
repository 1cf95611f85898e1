//! The parallel renderer (what `Generator` uses) must produce exactly the text of emitting the
//! whole module as one token stream and formatting it in one piece, for any thread count.
//! Checked on every fixture spec, the Invite spec, and the Twilio specs when `../shared` is
//! beside the repository.

use std::path::{Path, PathBuf};

fn specs() -> Vec<PathBuf> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new(".."))
        .to_path_buf();
    let mut specs = vec![repo.join("spec/twilio_chat_v1_invite.yaml")];
    for dir in [
        repo.join("tests/fixtures"),
        repo.join("../shared/specs/twilio"),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
            .collect();
        found.sort();
        specs.extend(found);
    }
    specs
}

#[test]
fn parallel_render_equals_formatting_the_whole_module_at_once() {
    let specs = specs();
    assert!(specs.len() > 20, "fixtures missing: {specs:?}");
    for path in specs {
        let loaded = codegen::load::load(&path).unwrap_or_else(|e| panic!("{e}"));
        let (api, _) = codegen::lower::lower(&[loaded]).unwrap_or_else(|e| panic!("{e:?}"));
        let whole = codegen::format::format(codegen::emit::emit(&api), "// header")
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for threads in [1, 2, 4] {
            let rendered = codegen::render::render(&api, "// header", threads, 64 << 20)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            if rendered != whole {
                let line = rendered
                    .lines()
                    .zip(whole.lines())
                    .position(|(a, b)| a != b)
                    .unwrap_or(0);
                panic!(
                    "{} with {threads} threads differs from the whole-module format at line {}:\n  rendered: {:?}\n  whole:    {:?}",
                    path.display(),
                    line + 1,
                    rendered.lines().nth(line),
                    whole.lines().nth(line)
                );
            }
        }
    }
}

#[test]
fn generator_output_does_not_depend_on_the_thread_count() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/paging.yaml");
    let one = codegen::Generator::new().spec(&spec).threads(1).generate();
    let three = codegen::Generator::new().spec(&spec).threads(3).generate();
    let (one, three) = match (one, three) {
        (Ok(one), Ok(three)) => (one, three),
        (one, three) => panic!("{:?} / {:?}", one.err(), three.err()),
    };
    assert_eq!(one.code, three.code);
    assert!(
        one.code.contains("pub fn list_service_stream"),
        "{}",
        one.code
    );
}
