//! Helpers shared by the integration tests.

pub mod emulator;
pub mod totp;

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// `../shared`, the reference material beside the checkout.
pub fn shared() -> PathBuf {
    root()
        .parent()
        .expect("parent of the checkout")
        .join("shared")
}

/// Generator options for tests: the given operations, a crate name, the usual header.
pub fn options(operations: codegen::select::Operations, crate_name: &str) -> codegen::Options {
    codegen::Options {
        service: None,
        operations,
        crate_settings: codegen::write::CrateSettings {
            name: crate_name.into(),
            version: "0.1.0".into(),
            description: "test".into(),
        },
        command: "cargo xtask codegen".into(),
        model_name: "model.json".into(),
    }
}

/// The project's settings, `models/codegen.json`.
pub fn config() -> codegen::read::config::Config {
    codegen::read::config::parse(&std::fs::read(root().join("models/codegen.json")).unwrap())
        .unwrap()
}

/// The operations `models/codegen.json` configures.
pub fn configured_operations() -> codegen::select::Operations {
    codegen::select::Operations::Named(config().operations)
}
