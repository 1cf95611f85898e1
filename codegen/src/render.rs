//! Stages 3 and 4 together, spread over threads: the model → formatted source.
//!
//! The module is cut into the independent jobs of the `layout` module (the re-exports, runs of
//! types, the client type, runs of one tag's methods, the `Default` impl). Each job emits its
//! items with `quote!`, formats them with prettyplease and splices in their docs on whichever
//! thread takes it; the pieces are then joined in spec order. prettyplease lays out every item
//! on its own, so the joined text is byte-identical to formatting the whole module in one piece
//! ([`crate::emit::emit`] + [`crate::format::format`]); a test checks this on every fixture
//! spec, and the output never depends on the number of threads.
//!
//! Token streams are not `Send`, so nothing crosses threads but the model (shared) and the
//! finished text of each job.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::emit::{client, DocTable, Runtime, Scope};
use crate::format;
use crate::layout::{self, Job, Section, Wrapper};
use crate::model::Api;

/// Default upper bound on render threads: past four, joining and allocator contention eat
/// the gain on a spec of a few hundred operations.
const DEFAULT_MAX_THREADS: usize = 4;

/// The thread count [`crate::Generator`] uses unless told otherwise: the available
/// parallelism, at most 4.
pub fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(DEFAULT_MAX_THREADS)
}

/// Types plus twice the operations below which a spec renders on the calling thread.
const SMALL_SPEC_UNITS: usize = 64;

/// A job and the wrapper it sits in, if any.
struct Placed<'a> {
    job: &'a Job<'a>,
    wrapper: Option<&'a Wrapper>,
}

/// Renders the whole generated module (after `header`) using up to `threads` threads, each
/// with a `stack_bytes` stack (emission and parsing recurse with type nesting).
pub fn render(
    api: &Api,
    runtime: &Runtime,
    header: &str,
    threads: usize,
    stack_bytes: usize,
) -> Result<String, String> {
    let groups = client::operation_groups(api);
    let sections = layout::plan(api, &groups);
    let mut jobs = Vec::new();
    for section in &sections {
        match section {
            Section::Items(job) => jobs.push(Placed { job, wrapper: None }),
            Section::Wrapped(wrapper, run) => jobs.extend(run.iter().map(|job| Placed {
                job,
                wrapper: Some(wrapper),
            })),
        }
    }
    let scope = Scope::for_types(api);
    // Below this much work, spawning threads costs more than it saves.
    let threads = if api.types.len() + 2 * api.operations.len() < SMALL_SPEC_UNITS {
        1
    } else {
        threads
    };
    let outputs = run_all(&jobs, threads, stack_bytes, |placed| {
        run_job(api, scope, runtime, placed)
    })?;

    let mut out = String::with_capacity(
        header.len() + 1 + outputs.iter().map(String::len).sum::<usize>() + 4096,
    );
    out.push_str(header);
    out.push('\n');
    let mut outputs = outputs.into_iter();
    for section in &sections {
        match section {
            Section::Items(_) => out.push_str(&outputs.next().unwrap_or_default()),
            Section::Wrapped(wrapper, run) => {
                out.push_str(&wrapper.open_text(run.is_empty()));
                if !run.is_empty() {
                    for _ in run {
                        out.push_str(&outputs.next().unwrap_or_default());
                    }
                    out.push_str("}\n");
                }
            }
        }
    }
    Ok(out)
}

/// Emits and formats one job.
fn run_job(api: &Api, scope: Scope, runtime: &Runtime, placed: &Placed) -> Result<String, String> {
    let docs = DocTable::default();
    let tokens = layout::job_tokens(api, scope, runtime, placed.job, &docs);
    let mut out = String::new();
    match placed.wrapper {
        None => format::format_items(tokens, &docs.into_blocks(), &mut out)?,
        Some(wrapper) => {
            format::format_wrapped(wrapper.bare(tokens), &docs.into_blocks(), &mut out)?
        }
    }
    Ok(out)
}

/// Runs `work` on every job, on up to `threads` threads taking jobs in order, and returns
/// the outputs in job order (the first error, in job order, if any).
fn run_all<J: Sync, F>(
    jobs: &[J],
    threads: usize,
    stack_bytes: usize,
    work: F,
) -> Result<Vec<String>, String>
where
    F: Fn(&J) -> Result<String, String> + Sync,
{
    let threads = threads.clamp(1, jobs.len().max(1));
    if threads == 1 {
        return jobs.iter().map(&work).collect();
    }
    let next = AtomicUsize::new(0);
    let worker = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(index) else { break };
            done.push((index, work(job)));
        }
        done
    };
    let mut results: Vec<Option<Result<String, String>>> = Vec::new();
    results.resize_with(jobs.len(), || None);
    std::thread::scope(|scope| {
        let mut handles = Vec::new();
        // The calling thread works too; `threads - 1` helpers join it.
        for _ in 1..threads {
            let spawned = std::thread::Builder::new()
                .name("codegen-render".to_owned())
                .stack_size(stack_bytes)
                .spawn_scoped(scope, worker);
            // Without another thread, the calling thread does all the work below.
            if let Ok(handle) = spawned {
                handles.push(handle);
            }
        }
        for (index, result) in worker() {
            results[index] = Some(result);
        }
        for handle in handles {
            match handle.join() {
                Ok(done) => {
                    for (index, result) in done {
                        results[index] = Some(result);
                    }
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    results
        .into_iter()
        .map(|result| {
            result.unwrap_or_else(|| Err("internal error: a render job did not run".to_owned()))
        })
        .collect()
}

/// The parallel renderer (what `Generator` uses) must produce exactly the text of emitting the
/// whole module as one token stream and formatting it in one piece, for any thread count.
/// Checked on every fixture spec, the Invite spec, and the Twilio specs when `../shared` is
/// beside the repository.
#[cfg(test)]
mod tests {
    use super::*;
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
        // Each shape, and the literals shape gated by per-tag features.
        let variants = [
            (crate::ApiShape::Literals, false),
            (crate::ApiShape::Evolving, false),
            (crate::ApiShape::Literals, true),
        ];
        for (path, (shape, gated)) in specs.iter().flat_map(|p| variants.map(|v| (p, v))) {
            let loaded = crate::load::load(path).unwrap_or_else(|e| panic!("{e}"));
            let (mut api, _) = crate::lower::lower(&[loaded]).unwrap_or_else(|e| panic!("{e:?}"));
            api.shape = shape;
            if gated {
                crate::features::gate_by_tag(&mut api);
            }
            let whole =
                crate::format::format(crate::emit::emit(&api, &Runtime::default()), "// header")
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for threads in [1, 2, 4] {
                let rendered = render(&api, &Runtime::default(), "// header", threads, 64 << 20)
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
        let one = crate::Generator::new().spec(&spec).threads(1).generate();
        let three = crate::Generator::new().spec(&spec).threads(3).generate();
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
}
