//! The REST protocols' runtime module, `codegen/src/runtime/rest.rs`, with its unit tests.
//! The module is for crates of a REST protocol, and the crate in `generated/` is
//! awsJson. It uses its crate's `meta`, `json` and `primitives`, which in turn
//! need the rest of a generated crate, so it is tested where it is used: added to a crate
//! generated from a one-operation model, which must lint clean, then its tests run.

use codegen::select::Operations;
use codegen::write::OptionalModules;
use std::process::Command;
use tests::{cargo_in, has_clippy, options, root, write_workspace};

const MODEL: &[u8] = br#"{"smithy": "2.0", "shapes": {
    "a#S": {"type": "service", "version": "1", "operations": [{"target": "a#Ping"}],
            "traits": {"aws.protocols#awsJson1_0": {}}},
    "a#Ping": {"type": "operation"}
}}"#;

#[test]
fn rest_runtime_lints_clean_and_its_tests_pass() {
    let mut options = options(Operations::All, "rest-runtime");
    options.crate_settings.serde = false;
    let mut files = codegen::generate(MODEL, &options).unwrap().files;
    assert!(
        !files.contains_key("src/rest.rs"),
        "an awsJson crate has no REST bindings"
    );
    // The flag that REST protocols set puts the module in `lib.rs`.
    let krate = codegen::lower(&codegen::load_json(MODEL).unwrap(), &options).unwrap();
    let lib_rs = |rest| {
        let modules = OptionalModules {
            rest,
            ..OptionalModules::default()
        };
        codegen::emit::crate_root::lib_rs(&krate, modules).to_string()
    };
    assert!(lib_rs(true).contains("mod rest ;"));
    assert!(!lib_rs(false).contains("mod rest"));

    let source = std::fs::read_to_string(root().join("codegen/src/runtime/rest.rs")).unwrap();
    let tests = source.matches("#[test]").count();
    files.insert("src/rest.rs".into(), source);
    files.get_mut("src/lib.rs").unwrap().push_str("mod rest;\n");

    let tmp = tempfile::tempdir().unwrap();
    codegen::write::output::write_tree(&tmp.path().join("rest-runtime"), &files).unwrap();
    write_workspace(tmp.path(), &["rest-runtime".to_string()]);
    if has_clippy() {
        cargo_in(
            tmp.path(),
            &["clippy", "--all-targets", "--", "-D", "warnings"],
            &[],
        );
    } else {
        eprintln!("clippy is not installed; the tests below still compile the module");
    }
    // Not `cargo_in`: a failing test's assertion is on stdout, which it does not show.
    let out = Command::new(env!("CARGO"))
        .args(["test", "--lib", "--", "rest::tests::"])
        .env("CARGO_TARGET_DIR", root().join("target/conformance"))
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let passed = stdout
        .lines()
        .filter(|l| l.starts_with("test rest::tests::") && l.ends_with(" ok"))
        .count();
    assert!(
        out.status.success() && passed == tests,
        "{passed} of the {tests} tests of rest.rs passed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
