//! Generation speed, stage by stage, against the YAML parse floor.
//!
//! `cargo bench -p codegen --bench generate` (from the repo root) times, for the Invite spec in
//! `spec/` and every Twilio spec in `../shared/specs/twilio/` (skipped with a note when absent):
//!
//! - the **floor**: `serde_yaml::from_str::<openapiv3::OpenAPI>` on the same text, the least
//!   any generator reading the spec must spend;
//! - the stages `load::parse` → `lower::lower` → `emit::emit` → `format::format`, and their
//!   sum (**total**), in one interleaved loop with the floor so both see the same noise;
//! - `Generator::generate()` end to end (file read and drops included) as a cross-check.
//!
//! Figures are medians over the iterations; MB/s is of YAML input (10^6 bytes). Output values
//! are dropped outside the timed regions in both the floor and the stages.
//!
//! Knobs (environment): `GENERATE_BENCH_SECS` (time budget per spec, default 3),
//! `GENERATE_BENCH_ONLY` (substring of the spec file names to run),
//! `GENERATE_BENCH_SCALING` (repeat counts of the scaling table, default `1,8,32,128`),
//! `GENERATE_BENCH_EXPERIMENTS=1` (format-stage what-ifs on edited copies of the output),
//! `GENERATE_BENCH_PROFILE=<substring>` (loop the pipeline on that spec for
//! `GENERATE_BENCH_SECS` seconds and print nothing else: for `perf record`).
//! Without `--bench` (e.g. `cargo test --benches`) every spec runs once, as a smoke test.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use specweave::load::LoadedSpec;

const MB: f64 = 1_000_000.0;

struct Input {
    name: String,
    path: PathBuf,
    text: String,
}

/// Per-iteration times of one spec.
#[derive(Default)]
struct Samples {
    floor: Vec<Duration>,
    parse: Vec<Duration>,
    lower: Vec<Duration>,
    emit: Vec<Duration>,
    format: Vec<Duration>,
    render: Vec<Duration>,
    serial: Vec<Duration>,
    total: Vec<Duration>,
    generate: Vec<Duration>,
}

struct Row {
    name: String,
    bytes: usize,
    operations: usize,
    types: usize,
    lines: usize,
    iterations: usize,
    floor: f64,
    parse: f64,
    lower: f64,
    emit: f64,
    format: f64,
    render: f64,
    serial: f64,
    total: f64,
    generate: f64,
}

fn main() {
    let bench_mode = std::env::args().any(|a| a == "--bench");
    let budget = Duration::from_secs_f64(
        std::env::var("GENERATE_BENCH_SECS")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(3.0),
    );
    let only = std::env::var("GENERATE_BENCH_ONLY").ok();

    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let repo = manifest.parent().unwrap_or(manifest);
    let mut paths = vec![repo.join("spec/twilio_chat_v1_invite.yaml")];
    let shared = repo.join("../shared/specs/twilio");
    match std::fs::read_dir(&shared) {
        Ok(entries) => {
            let mut found: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
                .collect();
            found.sort();
            paths.extend(found);
        }
        Err(_) => println!(
            "note: {} not found: only the Invite spec is measured",
            shared.display()
        ),
    }
    let inputs: Vec<Input> = paths
        .into_iter()
        .filter(|p| {
            only.as_deref()
                .is_none_or(|o| p.to_string_lossy().contains(o))
        })
        .map(|path| Input {
            name: path
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default(),
            text: std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())),
            path,
        })
        .collect();

    if let Ok(target) = std::env::var("GENERATE_BENCH_PROFILE") {
        profile_loop(&inputs, &target, budget);
        return;
    }

    let mut rows = Vec::new();
    for input in &inputs {
        let samples = measure(input, bench_mode, budget);
        let (operations, types, lines) = sizes(input);
        rows.push(Row {
            name: input.name.clone(),
            bytes: input.text.len(),
            operations,
            types,
            lines,
            iterations: samples.total.len(),
            floor: median_ms(&samples.floor),
            parse: median_ms(&samples.parse),
            lower: median_ms(&samples.lower),
            emit: median_ms(&samples.emit),
            format: median_ms(&samples.format),
            render: median_ms(&samples.render),
            serial: median_ms(&samples.serial),
            total: median_ms(&samples.total),
            generate: median_ms(&samples.generate),
        });
    }
    report(&rows, bench_mode);
    if bench_mode {
        format_breakdown(&inputs);
        if let Some(invite) = inputs.iter().find(|i| i.name.contains("invite")) {
            scaling(invite, budget);
        }
    }
    if std::env::var_os("GENERATE_BENCH_EXPERIMENTS").is_some() {
        format_experiments(&inputs);
    }
}

/// What-if figures for the format stage, from edits of the generated text (the generator is
/// not changed): each variant is lexed to tokens (untimed), then `syn::parse2` + `unparse` +
/// drop are timed, as `format::format` does. `GENERATE_BENCH_EXPERIMENTS=1` turns this on.
fn format_experiments(inputs: &[Input]) {
    println!();
    println!("format-stage what-ifs (median of 10 runs of parse2 + unparse + drop; tokens = token trees incl. nested)");
    println!(
        "{:<30} {:<34} {:>9} {:>9} {:>8}",
        "spec", "variant", "tokens", "ms", "vs base"
    );
    let short_paths = |code: &str| {
        code.replace("::std::option::Option", "Option")
            .replace("::std::string::String", "String")
            .replace("::std::vec::Vec", "Vec")
            .replace("::std::result::Result", "Result")
            .replace("::std::collections::BTreeMap", "BTreeMap")
            .replace("::std::boxed::Box", "Box")
    };
    let no_docs = |code: &str| {
        code.lines()
            .filter(|l| !l.trim_start().starts_with("///"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    for input in inputs {
        let code = specweave::Generator::new()
            .spec(&input.path)
            .generate()
            .expect("spec generates")
            .code;
        let variants: [(&str, String); 4] = [
            ("base (generated text re-lexed)", code.clone()),
            ("std paths shortened (Option, ...)", short_paths(&code)),
            ("no doc comments", no_docs(&code)),
            ("both", no_docs(&short_paths(&code))),
        ];
        let mut base = f64::NAN;
        for (name, text) in variants {
            let tokens: proc_macro2::TokenStream = text.parse().expect("generated code lexes");
            let count = count_tokens(tokens);
            let mut times = Vec::new();
            for _ in 0..10 {
                // Lexed afresh (untimed): a clone would share its tokens, and syn copies
                // shared tokens instead of moving them.
                let t: proc_macro2::TokenStream = text.parse().expect("generated code lexes");
                let start = Instant::now();
                let file: syn::File = syn::parse2(t).expect("parses");
                let out = prettyplease::unparse(&file);
                drop(file);
                times.push(start.elapsed());
                black_box(out);
            }
            let ms = median_ms(&times);
            if base.is_nan() {
                base = ms;
            }
            println!(
                "{:<30} {:<34} {:>9} {:>9.2} {:>+7.0}%",
                input.name,
                name,
                count,
                ms,
                100.0 * (ms / base - 1.0)
            );
        }
    }
}

/// Linear growth on one shape: the Invite spec with its paths repeated `n` times (new path
/// prefixes and operationIds; component schemas shared), serialized back to YAML and run
/// through the same timed pipeline and floor.
fn scaling(invite: &Input, budget: Duration) {
    println!();
    println!("scaling: the Invite spec's 4 operations repeated n times (same shape, one spec)");
    println!(
        "{:>5} {:>6} {:>10} {:>7} | {:>9} {:>9} {:>9} {:>9} | {:>11} {:>13} {:>11}",
        "n",
        "ops",
        "bytes",
        "lines",
        "floor ms",
        "lower ms",
        "emit ms",
        "total ms",
        "total ms/op",
        "beyond ms/op",
        "total/floor"
    );
    let api: openapiv3::OpenAPI = serde_yaml::from_str(&invite.text).expect("invite spec");
    let counts: Vec<usize> = std::env::var("GENERATE_BENCH_SCALING")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 8, 32, 128]);
    for n in counts {
        let mut big = api.clone();
        big.paths.paths.clear();
        for copy in 0..n {
            for (path, item) in &api.paths.paths {
                let mut item = item.clone();
                if let openapiv3::ReferenceOr::Item(item) = &mut item {
                    for op in [
                        &mut item.get,
                        &mut item.put,
                        &mut item.post,
                        &mut item.delete,
                        &mut item.patch,
                    ]
                    .into_iter()
                    .flatten()
                    {
                        if let Some(id) = &mut op.operation_id {
                            id.push_str(&format!("Copy{copy}"));
                        }
                    }
                }
                big.paths.paths.insert(format!("/c{copy}{path}"), item);
            }
        }
        let text = serde_yaml::to_string(&big).expect("serializes");
        let input = Input {
            name: format!("invite x{n}"),
            path: PathBuf::from(format!("invite_x{n}.yaml")),
            text,
        };
        let samples = measure_pipeline_only(&input, budget / 2);
        let specs = [specweave::load::parse(&input.path, &input.text).expect("parses")];
        let (api_model, _) = specweave::lower::lower(&specs).expect("lowers");
        let ops = api_model.operations.len();
        let code = specweave::format::format(
            specweave::emit::emit(&api_model, &specweave::Runtime::default()),
            "",
        )
        .expect("formats");
        let (floor, lower, emit, total) = (
            median_ms(&samples.floor),
            median_ms(&samples.lower),
            median_ms(&samples.emit),
            median_ms(&samples.total),
        );
        println!(
            "{n:>5} {ops:>6} {:>10} {:>7} | {floor:>9.2} {lower:>9.2} {emit:>9.2} {total:>9.2} | {:>11.3} {:>13.3} {:>10.2}x",
            input.text.len(),
            code.lines().count(),
            total / ops as f64,
            (total - floor) / ops as f64,
            total / floor,
        );
    }
}

/// `measure` without the `Generator::generate` cross-check (the input has no file).
fn measure_pipeline_only(input: &Input, budget: Duration) -> Samples {
    drop(pipeline(input));
    let mut samples = Samples::default();
    interleaved(input, &mut samples, budget, (5, 200));
    samples
}

/// Floor and pipeline, alternating which goes first so neither always runs on a cold cache,
/// for at least `min` and at most `max` iterations, and otherwise until `budget` is spent.
/// Returns the number of iterations.
fn interleaved(
    input: &Input,
    samples: &mut Samples,
    budget: Duration,
    (min, max): (usize, usize),
) -> usize {
    let start = Instant::now();
    let mut i = 0;
    while i < min || (start.elapsed() < budget && i < max) {
        let (floor_time, (stages, out)) = if i % 2 == 0 {
            let f = floor(input);
            (f, pipeline(input))
        } else {
            let p = pipeline(input);
            (floor(input), p)
        };
        drop(out);
        samples.floor.push(floor_time);
        samples.parse.push(stages[0]);
        samples.lower.push(stages[1]);
        samples.emit.push(stages[2]);
        samples.format.push(stages[3]);
        samples.render.push(stages[4]);
        samples.serial.push(stages[..4].iter().sum());
        samples.total.push(stages[0] + stages[1] + stages[4]);
        i += 1;
    }
    i
}

fn count_tokens(tokens: proc_macro2::TokenStream) -> usize {
    tokens
        .into_iter()
        .map(|t| match t {
            proc_macro2::TokenTree::Group(g) => 1 + count_tokens(g.stream()),
            _ => 1,
        })
        .sum()
}

/// Splits `format::format` into its two halves (`syn::parse2` of the emitted tokens, then
/// `prettyplease::unparse`) plus the drop of the syntax tree, and times the plain
/// `TokenStream::to_string()` as the cost of writing the same tokens without formatting.
fn format_breakdown(inputs: &[Input]) {
    println!();
    println!("format stage breakdown (medians of 10 runs; emit not timed here):");
    println!(
        "{:<30} {:>10} {:>10} {:>10} {:>10} | {:>12}",
        "spec", "syn parse", "unparse", "drop tree", "sum ms", "to_string ms"
    );
    for input in inputs {
        let specs = [specweave::load::parse(&input.path, &input.text).expect("spec parses")];
        let (api, _) = specweave::lower::lower(&specs).expect("spec lowers");
        let mut times: [Vec<Duration>; 4] = Default::default();
        for _ in 0..10 {
            let tokens = specweave::emit::emit(&api, &specweave::Runtime::default()).tokens;
            let t_string = Instant::now();
            let plain = tokens.to_string();
            let string_time = t_string.elapsed();
            // `tokens` is moved, not cloned: a shared stream makes syn copy every token.
            let t0 = Instant::now();
            let file: syn::File = syn::parse2(tokens).expect("tokens parse");
            let t1 = Instant::now();
            let code = prettyplease::unparse(&file);
            let t2 = Instant::now();
            drop(black_box(file));
            let t3 = Instant::now();
            black_box((code, plain));
            for (slot, d) in times
                .iter_mut()
                .zip([t1 - t0, t2 - t1, t3 - t2, string_time])
            {
                slot.push(d);
            }
        }
        let [p, u, d, s] = times.map(|t| median_ms(&t));
        println!(
            "{:<30} {:>10.2} {:>10.2} {:>10.2} {:>10.2} | {:>12.2}",
            input.name,
            p,
            u,
            d,
            p + u + d,
            s
        );
    }
}

/// Runs one pipeline, returning the stage times (parse, lower, emit, format, render) and the
/// output (dropped by the caller). Emit and format are timed on this thread, one after the
/// other, as the whole module; render is the same two stages as `Generator` runs them, in
/// parallel jobs on [`specweave::render::default_threads`] threads, and yields identical text.
fn pipeline(input: &Input) -> ([Duration; 5], Box<dyn std::any::Any>) {
    let t0 = Instant::now();
    let spec = specweave::load::parse(&input.path, black_box(&input.text)).expect("spec parses");
    let t1 = Instant::now();
    let specs = [spec];
    let (api, warnings) = specweave::lower::lower(&specs).expect("spec lowers");
    let t2 = Instant::now();
    let tokens = specweave::emit::emit(&api, &specweave::Runtime::default());
    let t3 = Instant::now();
    let header = header(&specs);
    let code = specweave::format::format(tokens, &header).expect("code formats");
    let t4 = Instant::now();
    drop(black_box(code));
    let t5 = Instant::now();
    let rendered = specweave::render::render(
        &api,
        &specweave::Runtime::default(),
        &header,
        specweave::render::default_threads(),
        RENDER_STACK_BYTES,
    )
    .expect("code renders");
    let t6 = Instant::now();
    (
        [t1 - t0, t2 - t1, t3 - t2, t4 - t3, t6 - t5],
        Box::new((specs, api, warnings, black_box(rendered))),
    )
}

/// Stack of render threads (as the generator's own, address space only).
const RENDER_STACK_BYTES: usize = 256 * 1024 * 1024;

fn measure(input: &Input, bench_mode: bool, budget: Duration) -> Samples {
    let mut samples = Samples::default();
    // Warm-up: one full round (allocator, page cache, branch predictors).
    if bench_mode {
        drop(pipeline(input));
        black_box(floor(input));
    }
    let limits = if bench_mode { (10, 500) } else { (1, 1) };
    let i = interleaved(input, &mut samples, budget, limits);
    // The public entry point, as a cross-check of the stage sum, in a phase of its own:
    // `generate` frees the parsed spec and the model on a background thread, which must not
    // overlap (and slow down) a floor or stage measurement. Hence the untimed pause after each.
    for _ in 0..i.min(50) {
        let t = Instant::now();
        let generated = specweave::Generator::new()
            .spec(&input.path)
            .generate()
            .expect("spec generates");
        drop(black_box(generated));
        let elapsed = t.elapsed();
        samples.generate.push(elapsed);
        std::thread::sleep(elapsed * 2 + Duration::from_millis(5));
    }
    samples
}

/// The parse floor: deserialize the text into `openapiv3::OpenAPI`, nothing else.
fn floor(input: &Input) -> Duration {
    let t = Instant::now();
    let api: openapiv3::OpenAPI =
        serde_yaml::from_str(black_box(&input.text)).expect("spec deserializes");
    let elapsed = t.elapsed();
    drop(black_box(api));
    elapsed
}

fn sizes(input: &Input) -> (usize, usize, usize) {
    let generated = specweave::Generator::new()
        .spec(&input.path)
        .generate()
        .expect("spec generates");
    // Let the background drop of `generate` finish before anything is timed.
    std::thread::sleep(Duration::from_millis(200));
    (
        generated.stats.operations,
        generated.stats.types,
        generated.stats.lines,
    )
}

/// Same shape as the generator's own header (it is private); its cost is negligible.
fn header(specs: &[LoadedSpec]) -> String {
    specs
        .iter()
        .map(|s| format!("// {} {}", s.api.info.title, s.api.info.version))
        .collect::<Vec<_>>()
        .join("\n")
}

fn profile_loop(inputs: &[Input], target: &str, budget: Duration) {
    let input = inputs
        .iter()
        .find(|i| i.name.contains(target))
        .unwrap_or_else(|| panic!("no spec matches GENERATE_BENCH_PROFILE={target}"));
    let start = Instant::now();
    let mut sums = [Duration::ZERO; 4];
    let mut n = 0u32;
    while start.elapsed() < budget || n == 0 {
        let (stages, out) = pipeline(input);
        drop(out);
        for (sum, stage) in sums.iter_mut().zip(stages) {
            *sum += stage;
        }
        n += 1;
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3 / f64::from(n);
    eprintln!(
        "profile {}: {n} runs, mean parse {:.2} lower {:.2} emit {:.2} format {:.2} ms",
        input.name,
        ms(sums[0]),
        ms(sums[1]),
        ms(sums[2]),
        ms(sums[3])
    );
}

fn median_ms(samples: &[Duration]) -> f64 {
    let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
    ms.sort_by(f64::total_cmp);
    match ms.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => ms[n / 2],
        n => (ms[n / 2 - 1] + ms[n / 2]) / 2.0,
    }
}

fn mbps(bytes: usize, ms: f64) -> f64 {
    bytes as f64 / MB / (ms / 1e3)
}

fn report(rows: &[Row], bench_mode: bool) {
    println!();
    println!(
        "generation speed (medians; {}; MB/s of YAML input, 1 MB = 10^6 bytes)",
        if bench_mode {
            "bench mode"
        } else {
            "smoke mode: 1 iteration, figures are not meaningful"
        }
    );
    println!(
        "parse = load::parse as Generator runs it ({0} threads: a large YAML spec is read in two \
         halves at once, same result); serial = parse+lower+emit+format, emit and format on one \
         thread; render = emit+format as Generator runs them ({0} threads, identical output); \
         total = parse+lower+render",
        specweave::render::default_threads()
    );
    println!();
    let head = format!(
        "{:<30} {:>9} {:>5} {:>5} {:>6} {:>5} | {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} | {:>7} {:>7} {:>8} | {:>9} {:>7} | {:>10} {:>11}",
        "spec", "bytes", "ops", "types", "lines", "iters",
        "floor", "parse", "lower", "emit", "format", "render", "serial", "total", "generate",
        "floorMB/s", "totMB/s", "serial/flr", "total/floor"
    );
    println!("{head}");
    println!("{}", "-".repeat(head.len()));
    let line = |name: &str,
                bytes: usize,
                ops: usize,
                types: usize,
                lines: usize,
                iters: String,
                f: [f64; 9]| {
        println!(
            "{:<30} {:>9} {:>5} {:>5} {:>6} {:>5} | {:>7.2} {:>7.2} {:>7.2} {:>7.2} {:>7.2} {:>7.2} | {:>7.2} {:>7.2} {:>8.2} | {:>9.2} {:>7.2} | {:>9.2}x {:>10.2}x",
            name, bytes, ops, types, lines, iters,
            f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8],
            mbps(bytes, f[0]),
            mbps(bytes, f[7]),
            f[6] / f[0],
            f[7] / f[0],
        );
    };
    let figures = |r: &Row| {
        [
            r.floor, r.parse, r.lower, r.emit, r.format, r.render, r.serial, r.total, r.generate,
        ]
    };
    for r in rows {
        line(
            &r.name,
            r.bytes,
            r.operations,
            r.types,
            r.lines,
            r.iterations.to_string(),
            figures(r),
        );
    }
    let sum = |f: fn(&Row) -> f64| rows.iter().map(f).sum::<f64>();
    let bytes: usize = rows.iter().map(|r| r.bytes).sum();
    if rows.len() > 1 {
        println!("{}", "-".repeat(head.len()));
        let mut all = [0.0; 9];
        for r in rows {
            for (slot, v) in all.iter_mut().zip(figures(r)) {
                *slot += v;
            }
        }
        line(
            "all specs",
            bytes,
            rows.iter().map(|r| r.operations).sum(),
            rows.iter().map(|r| r.types).sum(),
            rows.iter().map(|r| r.lines).sum(),
            String::new(),
            all,
        );
    }
    println!();
    println!("stages, all specs (share of the serial total; MB/s of YAML input through that stage alone):");
    let total = sum(|r| r.serial);
    for (stage, t) in [
        ("parse", sum(|r| r.parse)),
        ("lower", sum(|r| r.lower)),
        ("emit", sum(|r| r.emit)),
        ("format", sum(|r| r.format)),
        ("render", sum(|r| r.render)),
    ] {
        let share = if stage == "render" {
            "(emit+format, parallel)".to_owned()
        } else {
            format!("{:>5.1}%", 100.0 * t / total)
        };
        println!(
            "  {stage:<7} {t:>8.2} ms  {share}  {:>9.1} MB/s",
            mbps(bytes, t)
        );
    }
    println!();
    println!("per operation (linear growth check):");
    println!(
        "{:<30} {:>5} {:>12} {:>12} {:>12} {:>12} {:>12} {:>14}",
        "spec",
        "ops",
        "total ms/op",
        "beyond-floor",
        "emit+fmt/op",
        "bytes/op",
        "lines/op",
        "beyond us/line"
    );
    for r in rows.iter().filter(|r| {
        r.name.contains("invite") || r.name.contains("chat_v1") || r.name.contains("api_v2010")
    }) {
        let ops = r.operations.max(1) as f64;
        println!(
            "{:<30} {:>5} {:>12.3} {:>12.3} {:>12.3} {:>12.0} {:>12.1} {:>14.2}",
            r.name,
            r.operations,
            r.total / ops,
            (r.total - r.floor) / ops,
            (r.emit + r.format) / ops,
            r.bytes as f64 / ops,
            r.lines as f64 / ops,
            (r.total - r.floor) * 1e3 / r.lines.max(1) as f64,
        );
    }
    println!();
    println!("target: total/floor <= 2.00x");
    if rows.len() > 1 {
        println!(
            "result: total/floor {:.2}x with {} threads, serial/floor {:.2}x with emit and format on one thread",
            sum(|r| r.total) / sum(|r| r.floor),
            specweave::render::default_threads(),
            sum(|r| r.serial) / sum(|r| r.floor),
        );
    }
}
