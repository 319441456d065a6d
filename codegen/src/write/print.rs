//! Token streams -> source text: each file's tokens parsed into a `syn::File` and printed
//! by prettyplease, under the `@generated` header; runtime files copied with the header.

use super::{Files, Header};
use crate::error::Result;
use proc_macro2::TokenStream;

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
pub type Job<'a> = (String, Box<dyn Fn() -> Result<TokenStream> + 'a>);

pub fn job<'a>(name: &str, emit: impl Fn() -> TokenStream + 'a) -> Job<'a> {
    try_job(name, move || Ok(emit()))
}

/// A job whose emitter can reject the model (e.g. an endpoint rule set it cannot translate).
pub fn try_job<'a>(name: &str, emit: impl Fn() -> Result<TokenStream> + 'a) -> Job<'a> {
    (name.to_string(), Box::new(emit))
}

/// Emits and formats every job, in order; each builds its own tokens. Results are keyed
/// by path.
pub fn rust_files(header: &Header, jobs: Vec<Job<'_>>) -> Result<Files> {
    let results = jobs.into_iter().map(|(name, emit)| {
        let text = emit().and_then(|tokens| rust_file(header, &name, tokens));
        (name, text)
    });
    // Sorted by path first, so that a failure names the same file on every run.
    results
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_iter()
        .map(|(name, text)| Ok((name, text?)))
        .collect()
}

/// A static runtime file, with the header.
pub fn runtime_file(header: &Header, source: &str) -> String {
    format!("{}\n{source}", header.line("//"))
}
