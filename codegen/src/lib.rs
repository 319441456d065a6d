//! A Smithy model -> Rust code generator for awsJson1_0 / awsJson1_1 / restJson1 clients.
//!
//! Data flows one way through one module per stage; this file only wires them:
//!
//! 1. [`read`]: model files (JSON AST, IDL) and directories -> JSON AST documents.
//! 2. [`load`]: documents -> one [`Model`] (merge, prelude, `apply`, mixins, the Smithy 1.0
//!    upgrade, validation).
//! 3. [`select`]: the service and the chosen operations' closure.
//! 4. [`ir`]: Rust items with every name decided, types resolved, docs as Markdown, and
//!    analyses such as which shapes are sent or received.
//! 5. [`emit`]: `quote!` token streams per concern (and [`endpoints`]: the rule set's
//!    parser and emitters).
//! 6. [`write`]: printed with prettyplease under the `@generated` header, manifests, and
//!    files put on disk with a manifest, never touching files the generator did not write
//!    (by the caller, see the `xtask` crate).
//!
//! [`diff`] compares two models' IRs for the operations a crate is generated for.

pub mod diff;
pub mod emit;
pub mod endpoints;
pub mod error;
pub mod ir;
pub mod load;
pub mod read;
pub mod select;
pub mod write;

pub use error::{Error, Result};

// Runtime files the generator runs too: blob `@default`s are decoded with the crate's own
// base64 (which the generator only decodes), range bounds and numeric defaults compared
// with its exact decimals.
#[allow(dead_code)]
#[path = "runtime/base64.rs"]
mod base64;
#[path = "runtime/decimal.rs"]
mod decimal;

use load::model::Model;
use sha2::{Digest, Sha256};
use write::{CrateSettings, Files, Header};

/// What to generate, besides the model itself.
#[derive(Debug, Clone)]
pub struct Options {
    pub service: Option<String>,
    pub operations: select::Operations,
    pub crate_settings: CrateSettings,
    /// Shown in the `@generated` header.
    pub command: String,
    /// The model file's name, shown in the header.
    pub model_name: String,
    /// The protocol to generate when the service offers several (`--protocol`); `None`
    /// picks one by [`ir::Protocol::SUPPORTED`]'s order.
    pub protocol: Option<String>,
}

/// Reads and loads one JSON AST model file.
pub fn load_json(bytes: &[u8]) -> Result<Model> {
    load::load_documents(vec![read::json::document(bytes)?])
}

/// Reads and loads already-read model files (JSON AST and IDL) into one model.
pub fn load_sources(sources: &[read::Source]) -> Result<Model> {
    load_located(sources).map(|(model, _)| model)
}

/// The loaded model and the locator that points later errors at IDL lines.
fn load_located(sources: &[read::Source]) -> Result<(Model, read::Locator<'_>)> {
    let read::Documents { docs, locator } = read::documents(sources)?;
    let model = load::load_documents(docs).map_err(|e| locator.locate(e))?;
    Ok((model, locator))
}

/// Reads and loads files and directories (walked recursively, in sorted order, taking
/// `.json` and `.smithy` files) into one model.
pub fn load_paths(paths: &[std::path::PathBuf]) -> Result<Model> {
    load_sources(&read::read_paths(paths)?)
}

/// A generated crate's files, and what the generator could not carry into them (one line
/// each, for the user: see [`ir::Crate::warnings`]).
#[derive(Debug, Clone)]
pub struct Generated {
    pub files: Files,
    pub warnings: Vec<String>,
}

/// Runs the whole pipeline on a JSON AST model file's bytes.
pub fn generate(model_bytes: &[u8], options: &Options) -> Result<Generated> {
    let model = load_json(model_bytes)?;
    generate_model(model, || Sha256::digest(model_bytes), options)
}

/// Runs the whole pipeline on model files (JSON AST and IDL). The header's hash is that
/// of the files' contents one after the other, in load order (for one file, its sha256).
/// Errors found after loading (names, enum values) point at IDL lines as the loader's do.
pub fn generate_sources(sources: &[read::Source], options: &Options) -> Result<Generated> {
    let (model, locator) = load_located(sources)?;
    let hash = || {
        let mut hash = Sha256::new();
        for s in sources {
            hash.update(s.text.as_bytes());
        }
        hash.finalize()
    };
    generate_model(model, hash, options).map_err(|e| locator.locate(e))
}

/// Lowers the model, hashes the input for the header, then emits.
fn generate_model(
    model: Model,
    hash: impl FnOnce() -> sha2::digest::Output<Sha256>,
    options: &Options,
) -> Result<Generated> {
    let krate = lower(&model, options)?;
    let header = Header {
        command: options.command.clone(),
        model_name: options.model_name.clone(),
        model_sha256: format!("{:x}", hash()),
    };
    let mut settings = options.crate_settings.clone();
    if settings.name.is_empty() {
        settings.name = default_crate_name(&krate.service);
    }
    if settings.description.is_empty() {
        settings.description = default_description(&model, &krate.service);
    }
    Ok(Generated {
        files: emit::crate_files(&krate, &header, &settings)?,
        warnings: krate.warnings,
    })
}

/// `AWSCognitoIdentityProviderService` with sdkId `Cognito Identity Provider` ->
/// `cognito-identity-provider-client`.
fn default_crate_name(service: &ir::Service) -> String {
    use heck::ToKebabCase;
    let base = service
        .sdk_id
        .clone()
        .unwrap_or_else(|| service.target_prefix.clone());
    format!("{}-client", base.to_kebab_case())
}

/// The service's `@title`, else its sdkId, else its name:
/// `Generated Smithy client types for Amazon Cognito Identity Provider`.
fn default_description(model: &Model, service: &ir::Service) -> String {
    let title = model
        .get(&service.id)
        .and_then(|s| s.traits.get(load::model::traits::TITLE))
        .and_then(serde_json::Value::as_str)
        .map(str::to_string);
    let name = title
        .or_else(|| service.sdk_id.clone())
        .unwrap_or_else(|| service.target_prefix.clone());
    format!("Generated Smithy client types for {name}")
}

/// Model -> IR for the selected operations.
pub fn lower(model: &Model, options: &Options) -> Result<ir::Crate> {
    let service = select::find_service(model, options.service.as_deref())?;
    let protocol = ir::choose_protocol(service, options.protocol.as_deref())?;
    let selection = select::select(model, service, &options.operations, protocol.is_rest())?;
    ir::lower(model, &selection, options.protocol.as_deref())
}
