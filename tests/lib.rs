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

/// Writes a report that a plain `cargo test` would hide (the harness shows a passing
/// test's output only with `--nocapture`) to `target/test-reports/NAME`, and to stderr.
pub fn report(name: &str, text: &str) {
    eprint!("{text}");
    let dir = root().join("target/test-reports");
    let written = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(dir.join(name), text));
    if let Err(e) = written {
        eprintln!("could not write the report {name}: {e}");
    }
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
