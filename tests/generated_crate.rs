//! Crates generated at test time from models in `../shared`, for tests whose crate is too
//! large or too protocol-specific to commit (the API Gateway oracle and end-to-end tests).

use std::path::{Path, PathBuf};

/// The API Gateway model (restJson1), read in place.
pub fn api_gateway_model() -> PathBuf {
    crate::shared().join("models/other-protocols/api-gateway-2015-07-09.json")
}

/// Generates the crate `name` for `operations` of the model at `model` into `dir/<name>`
/// (only the named operations: the whole API Gateway crate takes long to build) and returns
/// the IR, for tests that write Rust against it.
pub fn generate(model: &Path, operations: &[String], name: &str, dir: &Path) -> codegen::ir::Crate {
    let bytes = std::fs::read(model).unwrap_or_else(|e| panic!("{}: {e}", model.display()));
    let model = codegen::load_json(&bytes).expect("the model loads");
    let options = crate::options(
        codegen::select::Operations::Named(operations.to_vec()),
        name,
    );
    let krate = codegen::lower(&model, &options).expect("the model lowers");
    let header = codegen::write::Header {
        command: options.command.clone(),
        model_name: "model.json".into(),
        model_sha256: String::new(),
    };
    let files = codegen::emit::crate_files(&krate, &header, &options.crate_settings)
        .expect("the crate is emitted");
    codegen::write::output::write_tree(&dir.join(name), &files).expect("the crate is written");
    krate
}
