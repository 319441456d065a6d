//! Helpers shared by the integration tests.

pub mod emulator;
pub mod generated_crate;
pub mod sdk_fixture;
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
            serde: true,
        },
        command: "cargo xtask codegen".into(),
        model_name: "model.json".into(),
        protocol: None,
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

/// Runs `cargo ARGS` in `dir` with the shared `target/conformance` target directory (so
/// nested builds of generated crates share their dependencies), failing with the end of
/// stderr; returns stdout. Prints how long it took.
pub fn cargo_in(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let started = std::time::Instant::now();
    let out = cargo_output(dir, args, env);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "cargo {args:?} failed:\n{}",
        &stderr[stderr.floor_char_boundary(stderr.len().saturating_sub(8000))..]
    );
    eprintln!("cargo {args:?}: {:.1}s", started.elapsed().as_secs_f64());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs cargo as [`cargo_in`] does, but returns its output whether it succeeded or not:
/// a failing `cargo test` tells which assertion failed on stdout.
pub fn cargo_output(
    dir: &std::path::Path,
    args: &[&str],
    env: &[(&str, &str)],
) -> std::process::Output {
    std::process::Command::new(env!("CARGO"))
        .args(args)
        .env("CARGO_TARGET_DIR", root().join("target/conformance"))
        .envs(env.iter().copied())
        .current_dir(dir)
        .output()
        .expect("cargo runs")
}

/// Whether `cargo clippy` is installed (CI installs it; a bare toolchain may not have it).
pub fn has_clippy() -> bool {
    std::process::Command::new(env!("CARGO"))
        .args(["clippy", "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Lints a workspace of generated crates with every feature and `-D warnings` (or checks
/// it, without clippy), then builds its documentation with rustdoc warnings denied.
pub fn lint_and_document(dir: &std::path::Path) {
    if has_clippy() {
        cargo_in(
            dir,
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--all-features",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        );
    } else {
        eprintln!("clippy is not installed; checking without lints");
        cargo_in(
            dir,
            &["check", "--workspace", "--all-targets", "--all-features"],
            &[],
        );
    }
    cargo_in(
        dir,
        &["doc", "--workspace", "--no-deps", "--all-features"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
}

/// Writes a `[workspace]` manifest for `members` (directories of `dir`) and the project's
/// lock file, so nested builds use the project's dependency versions (crates no earlier
/// build needed are fetched).
pub fn write_workspace(dir: &std::path::Path, members: &[String]) {
    let members: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}
