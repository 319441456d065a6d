//! Every shape type and timestamp format: the crate generated from
//! `tests/fixtures/models/kitchen-sink.smithy` passes clippy and rustdoc with warnings
//! denied, and `tests/fixtures/kitchen_sink_fuzz.rs` fuzzes its parsers and serializers
//! (bounded for CI as `tests/fuzz.rs` is; see `fuzz/README.md`).

use codegen::select::Operations;
use tests::{cargo_in, lint_and_document, options, root, write_workspace};

/// A package of only the fuzz test, beside the generated crate.
const FUZZ_MANIFEST: &str = r#"[package]
name = "kitchen-sink-fuzz"
version = "0.1.0"
edition = "2021"
publish = false
autotests = false

[[test]]
name = "fuzz"
path = "tests/fuzz.rs"

[dev-dependencies]
kitchen-sink-client = { path = "../kitchen-sink", features = ["serde"] }
http = "1"
proptest = { version = "1", default-features = false, features = ["std"] }
serde = "1"
# Numbers past f64 are valid JSON: the validity check must not refuse them.
serde_json = { version = "1", features = ["arbitrary_precision", "preserve_order"] }
"#;

#[test]
fn kitchen_sink_lints_documents_and_survives_fuzzing() {
    let tmp = tempfile::tempdir().unwrap();
    let model = root().join("tests/fixtures/models/kitchen-sink.smithy");
    let sources = codegen::read::read_paths(&[model]).unwrap();
    let files =
        codegen::generate_sources(&sources, &options(Operations::All, "kitchen-sink-client"))
            .unwrap()
            .files;
    codegen::write::output::write_tree(&tmp.path().join("kitchen-sink"), &files).unwrap();

    let fuzz = tmp.path().join("fuzz");
    std::fs::create_dir_all(fuzz.join("src")).unwrap();
    std::fs::create_dir_all(fuzz.join("tests")).unwrap();
    std::fs::write(fuzz.join("Cargo.toml"), FUZZ_MANIFEST).unwrap();
    std::fs::write(fuzz.join("src/lib.rs"), "//! See `tests/fuzz.rs`.\n").unwrap();
    for (fixture, name) in [
        ("kitchen_sink_fuzz.rs", "fuzz.rs"),
        ("fuzz_support.rs", "fuzz_support.rs"),
    ] {
        std::fs::copy(
            root().join("tests/fixtures").join(fixture),
            fuzz.join("tests").join(name),
        )
        .unwrap();
    }
    write_workspace(tmp.path(), &["kitchen-sink".into(), "fuzz".into()]);

    lint_and_document(tmp.path());
    // `PROPTEST_CASES`, when set, reaches the fuzz test through the environment.
    cargo_in(tmp.path(), &["test", "-p", "kitchen-sink-fuzz"], &[]);
}
