//! Mutation fuzzer for the generator.
//!
//! ```sh
//! cargo run --release -p specweave --example fuzz -- --seconds 1800 [--seed N] [SPEC_OR_DIR ...]
//! ```
//!
//! Takes valid specs (default: `spec/`, `tests/fixtures/`, `codegen/tests/bad_specs/` and, when
//! present, `../shared/specs/twilio/twilio_chat_v1.yaml`), mutates them structurally (delete,
//! retype, rename to odd names, graft subtrees, inject `$ref`s, deepen nesting) and textually
//! (byte edits), and runs the whole pipeline on each mutant. Invariants checked:
//!
//! - no panic;
//! - no hang: each input must finish within `--timeout-ms` (default 10 000);
//! - whenever generation succeeds, the output parses as a Rust file with `syn`.
//!
//! Prints executions, outcomes and findings; a finding's input is saved under
//! `target/fuzz-findings/` and the run exits non-zero.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_yaml::{Mapping, Value};

struct Options {
    seconds: u64,
    seed: u64,
    timeout: Duration,
    inputs: Vec<PathBuf>,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        seconds: 60,
        seed: 0x5eed,
        timeout: Duration::from_millis(10_000),
        inputs: Vec::new(),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            args.next()
                .and_then(|v| v.parse().ok())
                .ok_or(format!("{name} needs a number"))
        };
        match arg.as_str() {
            "--seconds" => options.seconds = number("--seconds")?,
            "--seed" => options.seed = number("--seed")?,
            "--timeout-ms" => options.timeout = Duration::from_millis(number("--timeout-ms")?),
            _ => options.inputs.push(PathBuf::from(arg)),
        }
    }
    if options.inputs.is_empty() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for dir in ["spec", "tests/fixtures", "codegen/tests/bad_specs"] {
            options.inputs.push(root.join(dir));
        }
        let chat = root.join("../shared/specs/twilio/twilio_chat_v1.yaml");
        if chat.exists() {
            options.inputs.push(chat);
        }
    }
    Ok(options)
}

fn seeds(inputs: &[PathBuf]) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(input)
                .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            found.retain(|p| {
                matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("yaml" | "json")
                )
            });
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    files
        .into_iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(&p).ok()?;
            Some((p.display().to_string(), text))
        })
        .collect()
}

/// Odd strings that stress naming, escaping and parsing.
const ODD: &[&str] = &[
    "",
    " ",
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "gen",
    "r#type",
    "+1",
    "-1",
    "$ref",
    "@id",
    "DateSent<",
    "a.b.c",
    "名前",
    "ü",
    "0",
    "1e400",
    "\u{0}",
    "\n",
    "~0~1",
    "{x}",
    "/",
    "..",
    "%",
    "#/components/schemas/",
    "Option",
    "Result",
    "Client",
    "Error",
    "\"quoted\"",
    "`tick`",
    "[link]",
    "<Dial>",
    "```rust\nfn main(){}\n```",
    "    indented code",
    "99999999999999999999999",
];

const KEYS: &[&str] = &[
    "type",
    "format",
    "enum",
    "properties",
    "required",
    "items",
    "additionalProperties",
    "allOf",
    "oneOf",
    "anyOf",
    "nullable",
    "$ref",
    "title",
    "description",
    "pattern",
    "parameters",
    "requestBody",
    "responses",
    "content",
    "schema",
    "operationId",
    "in",
    "name",
    "servers",
    "discriminator",
];

fn random_scalar(rng: &mut fastrand::Rng, graft_refs: &[String]) -> Value {
    match rng.usize(0..9) {
        0 => Value::Null,
        1 => Value::Bool(rng.bool()),
        2 => Value::from(rng.i64(..)),
        3 => Value::from(rng.f64() * 1e12),
        4 => Value::String(ODD[rng.usize(0..ODD.len())].to_owned()),
        5 => Value::String(
            [
                "string", "integer", "number", "boolean", "object", "array", "null", "file",
            ][rng.usize(0..8)]
            .to_owned(),
        ),
        6 if !graft_refs.is_empty() => {
            let mut map = Mapping::new();
            map.insert(
                "$ref".into(),
                Value::String(graft_refs[rng.usize(0..graft_refs.len())].clone()),
            );
            Value::Mapping(map)
        }
        7 => Value::Mapping(Mapping::new()),
        _ => Value::Sequence(Vec::new()),
    }
}

/// Visits the `index`-th node (pre-order) and applies `edit` to it.
fn edit_nth(value: &mut Value, index: &mut usize, edit: &mut dyn FnMut(&mut Value)) -> bool {
    if *index == 0 {
        edit(value);
        return true;
    }
    *index -= 1;
    match value {
        Value::Mapping(map) => map.iter_mut().any(|(_, v)| edit_nth(v, index, edit)),
        Value::Sequence(items) => items.iter_mut().any(|v| edit_nth(v, index, edit)),
        Value::Tagged(tagged) => edit_nth(&mut tagged.value, index, edit),
        _ => false,
    }
}

fn count(value: &Value) -> usize {
    1 + match value {
        Value::Mapping(map) => map.values().map(count).sum(),
        Value::Sequence(items) => items.iter().map(count).sum(),
        Value::Tagged(tagged) => count(&tagged.value),
        _ => 0,
    }
}

fn nth(value: &Value, index: &mut usize) -> Option<Value> {
    if *index == 0 {
        return Some(value.clone());
    }
    *index -= 1;
    match value {
        Value::Mapping(map) => map.values().find_map(|v| nth(v, index)),
        Value::Sequence(items) => items.iter().find_map(|v| nth(v, index)),
        _ => None,
    }
}

fn component_refs(doc: &Value) -> Vec<String> {
    let mut refs = vec![
        "#/components/schemas/Nope".to_owned(),
        "other.yaml#/x".to_owned(),
        "https://x/y".to_owned(),
    ];
    if let Some(schemas) = doc
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_mapping)
    {
        refs.extend(
            schemas
                .keys()
                .filter_map(Value::as_str)
                .map(|k| format!("#/components/schemas/{k}")),
        );
    }
    refs
}

fn mutate_structure(rng: &mut fastrand::Rng, doc: &mut Value) {
    let refs = component_refs(doc);
    for _ in 0..rng.usize(1..4) {
        let nodes = count(doc);
        let graft = nth(doc, &mut rng.usize(0..nodes));
        let mut index = rng.usize(0..nodes);
        let choice = rng.usize(0..7);
        edit_nth(doc, &mut index, &mut |node| match choice {
            0 => *node = random_scalar(rng, &refs),
            1 => {
                if let Value::Mapping(map) = node {
                    if !map.is_empty() {
                        let key = map.keys().nth(rng.usize(0..map.len())).cloned();
                        if let Some(key) = key {
                            map.remove(&key);
                        }
                    }
                }
            }
            2 => {
                if let Value::Mapping(map) = node {
                    let key = KEYS[rng.usize(0..KEYS.len())];
                    map.insert(key.into(), random_scalar(rng, &refs));
                }
            }
            3 => {
                if let Value::Mapping(map) = node {
                    // Rename a key to an odd name.
                    if let Some(key) = map.keys().nth(rng.usize(0..map.len().max(1))).cloned() {
                        if let Some(v) = map.remove(&key) {
                            map.insert(ODD[rng.usize(0..ODD.len())].into(), v);
                        }
                    }
                }
            }
            4 => {
                if let Some(graft) = graft.clone() {
                    *node = graft;
                }
            }
            5 => {
                // Deepen: wrap in an object property or an array.
                let inner = std::mem::replace(node, Value::Null);
                let mut props = Mapping::new();
                props.insert("x".into(), inner);
                let mut wrapper = Mapping::new();
                wrapper.insert("type".into(), "object".into());
                wrapper.insert("properties".into(), Value::Mapping(props));
                *node = Value::Mapping(wrapper);
            }
            _ => {
                let values: Vec<Value> = (0..rng.usize(0..5))
                    .map(|_| random_scalar(rng, &refs))
                    .collect();
                if let Value::Mapping(map) = node {
                    map.insert("enum".into(), Value::Sequence(values));
                }
            }
        });
    }
}

fn mutate_text(rng: &mut fastrand::Rng, text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..rng.usize(1..4) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.usize(0..bytes.len());
        match rng.usize(0..3) {
            0 => bytes[at] = b"{}[]:-'\"\n #&*!|>%@`"[rng.usize(0..19)],
            1 => {
                bytes.remove(at);
            }
            _ => bytes.insert(at, rng.u8(..)),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

enum Outcome {
    Generated,
    Rejected,
    Finding(String),
}

fn run_pipeline(text: String) -> Outcome {
    let path = Path::new("fuzz.yaml");
    let spec = match specweave::load::parse(path, &text) {
        Ok(spec) => spec,
        Err(_) => return Outcome::Rejected,
    };
    let (api, _warnings) = match specweave::lower::lower(std::slice::from_ref(&spec)) {
        Ok(model) => model,
        Err(_) => return Outcome::Rejected,
    };
    match specweave::format::format(
        specweave::emit::emit(&api, &specweave::Runtime::default()),
        "// @generated by codegen (fuzz)",
    ) {
        Ok(code) => match syn::parse_file(&code) {
            Ok(_) => Outcome::Generated,
            Err(e) => Outcome::Finding(format!("output does not parse: {e}")),
        },
        Err(e) => Outcome::Finding(e),
    }
}

fn main() -> std::process::ExitCode {
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("fuzz: {message}");
            return std::process::ExitCode::from(2);
        }
    };
    let seeds = seeds(&options.inputs);
    if seeds.is_empty() {
        eprintln!("fuzz: no seed specs found");
        return std::process::ExitCode::from(2);
    }
    let parsed: Vec<(String, Option<Value>, String)> = seeds
        .into_iter()
        .map(|(name, text)| (name, serde_yaml::from_str(&text).ok(), text))
        .collect();
    // Panics are findings; keep the default hook from printing each one mid-report.
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = fastrand::Rng::with_seed(options.seed);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(options.seconds);
    let (mut executions, mut generated, mut rejected, mut findings) = (0u64, 0u64, 0u64, 0u64);
    let mut slowest = Duration::ZERO;
    let findings_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz-findings");
    while Instant::now() < deadline {
        let (name, doc, text) = &parsed[rng.usize(0..parsed.len())];
        let input = match (doc, rng.usize(0..4)) {
            (Some(doc), 0..=2) => {
                let mut doc = doc.clone();
                mutate_structure(&mut rng, &mut doc);
                serde_yaml::to_string(&doc).unwrap_or_default()
            }
            _ => mutate_text(&mut rng, text),
        };
        let (sender, receiver) = mpsc::channel();
        let job_input = input.clone();
        let begun = Instant::now();
        std::thread::spawn(move || {
            let outcome =
                std::panic::catch_unwind(|| run_pipeline(job_input)).unwrap_or_else(|payload| {
                    let message = payload
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_owned())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_default();
                    Outcome::Finding(format!("panic: {message}"))
                });
            let _ = sender.send(outcome);
        });
        let outcome = receiver.recv_timeout(options.timeout).unwrap_or_else(|_| {
            Outcome::Finding(format!("no result within {:?}", options.timeout))
        });
        slowest = slowest.max(begun.elapsed());
        executions += 1;
        match outcome {
            Outcome::Generated => generated += 1,
            Outcome::Rejected => rejected += 1,
            Outcome::Finding(what) => {
                findings += 1;
                let _ = std::fs::create_dir_all(&findings_dir);
                let file = findings_dir.join(format!("finding-{findings}.yaml"));
                let _ = std::fs::write(&file, &input);
                eprintln!(
                    "finding {findings} (mutant of {name}): {what} -> {}",
                    file.display()
                );
                if what.starts_with("no result") {
                    break; // the stuck thread keeps a core busy; stop here
                }
            }
        }
    }
    println!(
        "fuzz: {executions} executions in {:.0} s ({:.0}/s), seed {}: {generated} generated (all parse with syn), {rejected} rejected with an error, {findings} findings; slowest input {:.0} ms",
        started.elapsed().as_secs_f64(),
        executions as f64 / started.elapsed().as_secs_f64().max(0.001),
        options.seed,
        slowest.as_secs_f64() * 1000.0
    );
    if findings == 0 {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}
