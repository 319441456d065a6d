//! Token streams -> source text: each file's tokens parsed into a `syn::File` and printed
//! by prettyplease, under the `@generated` header; runtime files copied with the header.

use super::{Files, Header};
use crate::error::Result;
use proc_macro2::TokenStream;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Prints a Rust file with prettyplease and prepends the header. Tokens that do not
/// parse as a file are a fault of the generator, reported with the file's name.
fn rust_file(header: &Header, name: &str, tokens: TokenStream) -> Result<String> {
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| {
        crate::Error::new(format!(
            "internal error: the emitted `{name}` is not valid Rust: {e}"
        ))
    })?;
    Ok(format!(
        "{}\n{}",
        header.line("//"),
        prettyplease::unparse(&file)
    ))
}

/// One generated Rust file: its path and the emitter that builds its tokens.
pub type Job<'a> = (String, Box<dyn Fn() -> Result<TokenStream> + Sync + 'a>);

pub fn job<'a>(name: &str, emit: impl Fn() -> TokenStream + Sync + 'a) -> Job<'a> {
    try_job(name, move || Ok(emit()))
}

/// A job whose emitter can reject the model (e.g. an endpoint rule set it cannot translate).
pub fn try_job<'a>(name: &str, emit: impl Fn() -> Result<TokenStream> + Sync + 'a) -> Job<'a> {
    (name.to_string(), Box::new(emit))
}

/// Emits and prints every job. Parsing and printing are most of the generator's time, so
/// each core takes the next job until none is left (a job builds its own tokens, which
/// cannot cross threads). Results are keyed by path, so that the output and the error a
/// failure reports do not depend on which core finished first.
pub fn rust_files(header: &Header, jobs: Vec<Job<'_>>) -> Result<Files> {
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some((name, emit)) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
            let text = emit().and_then(|tokens| rust_file(header, name, tokens));
            done.push((name.clone(), text));
        }
        done
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let results: BTreeMap<String, Result<String>> = std::thread::scope(|scope| {
        let others: Vec<_> = (1..cores.min(jobs.len()))
            .map(|_| scope.spawn(work))
            .collect();
        let mut results = work();
        for other in others {
            results.extend(
                other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        results.into_iter().collect()
    });
    results
        .into_iter()
        .map(|(name, text)| Ok((name, text?)))
        .collect()
}

/// A static runtime file, with the header.
pub fn runtime_file(header: &Header, source: &str) -> String {
    format!("{}\n{source}", header.line("//"))
}
