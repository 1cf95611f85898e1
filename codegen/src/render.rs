//! Stages 3 and 4 together, spread over threads: the model → formatted source.
//!
//! The module is cut into independent jobs (the re-exports, runs of types, the constructors,
//! runs of one tag's methods, the `Default` impl). Each job emits its items with `quote!`,
//! formats them with prettyplease and splices in their docs on whichever thread takes it; the
//! pieces are then joined in spec order. prettyplease lays out every item on its own, so the
//! joined text is byte-identical to formatting the whole module in one piece
//! ([`crate::emit::emit`] + [`crate::format::format`]); a test checks this on every fixture
//! spec, and the output never depends on the number of threads.
//!
//! Token streams are not `Send`, so nothing crosses threads but the model (shared) and the
//! finished text of each job.

use std::sync::atomic::{AtomicUsize, Ordering};

use quote::quote;

use crate::emit::{self, client, types, DocTable, Scope, TYPES_MODULE_DOC};
use crate::format;
use crate::model::{Api, Operation, TypeDef};

/// Types per job: small enough to balance two to four threads on a 500-type spec, large
/// enough that per-job parsing overhead stays negligible.
const TYPES_PER_JOB: usize = 24;
/// Operations per job (a tag's `impl` block is split into runs of this many).
const OPERATIONS_PER_JOB: usize = 8;

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

/// One unit of work; its output is a piece of the final text.
enum Job<'a> {
    /// `pub use` re-exports.
    Prelude,
    /// A run of types, as lines inside `pub mod types { … }`.
    Types(&'a [TypeDef]),
    /// The constructors' `impl` block.
    Constructors,
    /// A run of one tag's methods, as lines inside its `impl Client { … }`.
    Methods(&'a [&'a Operation]),
    /// `impl Default for Client`, when there are no credentials.
    Default,
}

/// A piece of the output: fixed text, or the output of a job.
enum Piece<'a> {
    Text(String),
    Job(Job<'a>),
}

/// Renders the whole generated module (after `header`) using up to `threads` threads, each
/// with a `stack_bytes` stack (emission and parsing recurse with type nesting).
pub fn render(
    api: &Api,
    header: &str,
    threads: usize,
    stack_bytes: usize,
) -> Result<String, String> {
    let groups = client::operation_groups(api);
    let pieces = plan(api, &groups);
    let jobs: Vec<&Job> = pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Job(job) => Some(job),
            Piece::Text(_) => None,
        })
        .collect();
    let scope = Scope::for_types(api);
    // Below this much work, spawning threads costs more than it saves.
    let threads = if api.types.len() + 2 * api.operations.len() < SMALL_SPEC_UNITS {
        1
    } else {
        threads
    };
    let outputs = run_all(&jobs, threads, stack_bytes, |job| run_job(api, scope, job))?;

    let mut out = String::with_capacity(
        header.len() + 1 + outputs.iter().map(String::len).sum::<usize>() + 4096,
    );
    out.push_str(header);
    out.push('\n');
    let mut outputs = outputs.into_iter();
    for piece in &pieces {
        match piece {
            Piece::Text(text) => out.push_str(text),
            Piece::Job(_) => out.push_str(&outputs.next().unwrap_or_default()),
        }
    }
    Ok(out)
}

/// The pieces of the module in output order.
fn plan<'a>(api: &'a Api, groups: &'a [(Option<&'a str>, Vec<&'a Operation>)]) -> Vec<Piece<'a>> {
    let mut pieces = vec![Piece::Job(Job::Prelude)];
    if api.types.is_empty() {
        pieces.push(Piece::Text(format!(
            "{TYPES_MODULE_DOC}\npub mod types {{}}\n"
        )));
    } else {
        pieces.push(Piece::Text(format!(
            "{TYPES_MODULE_DOC}\npub mod types {{\n"
        )));
        pieces.extend(
            api.types
                .chunks(TYPES_PER_JOB)
                .map(|run| Piece::Job(Job::Types(run))),
        );
        pieces.push(Piece::Text("}\n".to_owned()));
    }
    pieces.push(Piece::Job(Job::Constructors));
    for (group, ops) in groups {
        let mut open = String::new();
        format::push_doc_lines("", &[client::group_doc(*group)], &mut open);
        open.push_str("impl runtime::Client {\n");
        pieces.push(Piece::Text(open));
        pieces.extend(
            ops.chunks(OPERATIONS_PER_JOB)
                .map(|run| Piece::Job(Job::Methods(run))),
        );
        pieces.push(Piece::Text("}\n".to_owned()));
    }
    if client::default_impl(api).is_some() {
        pieces.push(Piece::Job(Job::Default));
    }
    pieces
}

/// Emits and formats one job.
fn run_job(api: &Api, scope: Scope, job: &Job) -> Result<String, String> {
    let docs = DocTable::default();
    let mut out = String::new();
    match job {
        Job::Prelude => {
            let tokens = emit::prelude(api);
            format::format_items(tokens, &[], &mut out)?;
        }
        Job::Types(run) => {
            let items = run.iter().map(|def| types::emit_type(def, &docs, scope));
            let wrapper = quote!(mod types { #(#items)* });
            format::format_wrapped(wrapper, &docs.into_blocks(), &mut out)?;
        }
        Job::Constructors => {
            let tokens = client::constructors_block(api, &docs);
            format::format_items(tokens, &docs.into_blocks(), &mut out)?;
        }
        Job::Methods(run) => {
            let methods = run.iter().map(|op| client::emit_operation(op, &docs));
            let wrapper = quote!(impl runtime::Client { #(#methods)* });
            format::format_wrapped(wrapper, &docs.into_blocks(), &mut out)?;
        }
        Job::Default => {
            if let Some(tokens) = client::default_impl(api) {
                format::format_items(tokens, &[], &mut out)?;
            }
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
