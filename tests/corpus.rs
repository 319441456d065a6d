//! The corpus of small models in `tests/fixtures/corpus/`: each one a valid model that once
//! gave a crate that did not compile, lint or document cleanly. Every model is generated
//! with all its operations into one temporary workspace, which must pass
//! `clippy --all-targets --all-features -D warnings` and rustdoc with warnings denied.

use codegen::select::Operations;
use tests::{lint_and_document, options, root, write_workspace};

#[test]
fn every_corpus_model_compiles_lints_and_documents_clean() {
    let dir = root().join("tests/fixtures/corpus");
    let mut models: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "smithy"))
        .collect();
    models.sort();
    assert!(!models.is_empty(), "no models in {}", dir.display());

    let tmp = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    for path in &models {
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let name = format!("corpus-{stem}");
        let sources = codegen::read::read_paths(std::slice::from_ref(path)).unwrap();
        let files = codegen::generate_sources(&sources, &options(Operations::All, &name))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .files;
        codegen::write::output::write_tree(&tmp.path().join(&name), &files).unwrap();
        members.push(name);
    }
    write_workspace(tmp.path(), &members);
    lint_and_document(tmp.path());
}
