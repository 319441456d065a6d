//! Writes one generated crate per test service, with its cases as a test target, into a
//! temporary workspace; runs them with cargo and reads the verdict of each test.

use crate::cases::Service;
use crate::params::Params;
use crate::testgen;
use codegen::load::model::Model;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

/// The verdict of one case.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    Passed,
    Failed(String),
    Skipped(&'static str),
}

/// A service's crate, written out: its package name and the test function of each case.
pub struct Written {
    pub package: String,
    /// Test function name -> case key.
    pub tests: BTreeMap<String, String>,
    /// Cases decided without running: skips and cases that could not be translated.
    pub decided: BTreeMap<String, Verdict>,
}

/// Generates `service`'s crate into `dir/<package>` with `tests/protocol.rs`.
pub fn write_service(model: &Model, service: &Service, dir: &Path) -> Result<Written, String> {
    let mut options = tests::options(codegen::select::Operations::All, "");
    options.service = Some(service.id.clone());
    let krate = codegen::lower(model, &options).map_err(|e| format!("{}: {e}", service.id))?;
    let package = format!(
        "{}-client",
        kebab_case(codegen::load::model::local_name(&service.id))
    );
    options.crate_settings.name = package.clone();
    let header = codegen::write::Header {
        command: options.command.clone(),
        model_name: "protocol-tests".into(),
        model_sha256: String::new(),
    };
    let mut files = codegen::emit::crate_files(&krate, &header, &options.crate_settings)
        .map_err(|e| format!("{}: {e}", service.id))?;

    let crate_ident = package.replace('-', "_");
    let params = Params {
        krate: &krate,
        crate_ident: &crate_ident,
    };
    let mut source = String::from("//! Protocol compliance cases, generated from the Smithy protocol tests.\n\nmod support;\n\n");
    let mut written = Written {
        package: package.clone(),
        tests: BTreeMap::new(),
        decided: BTreeMap::new(),
    };
    for case in &service.cases {
        if let Some(reason) = crate::skips::reason(&case.key) {
            written
                .decided
                .insert(case.key.clone(), Verdict::Skipped(reason));
            continue;
        }
        match testgen::test_fn(&params, case) {
            Ok(f) => {
                let name = testgen::fn_name(case);
                if let Some(other) = written.tests.insert(name.clone(), case.key.clone()) {
                    return Err(format!(
                        "cases `{other}` and `{}` get the same test name `{name}`",
                        case.key
                    ));
                }
                source.push_str(&f);
                source.push('\n');
            }
            Err(e) => {
                written.decided.insert(
                    case.key.clone(),
                    Verdict::Failed(format!("cannot be translated: {e}")),
                );
            }
        }
    }
    let manifest = files.get_mut("Cargo.toml").expect("generated manifest");
    // `float_roundtrip`: serde_json's default float parsing may be one ulp off, and the
    // serde checks compare floats with the crate's exact ones.
    manifest.push_str("\n[dev-dependencies]\nserde_json = { version = \"1\", features = [\"float_roundtrip\"] }\nflate2 = \"1\"\n");
    files.insert("tests/protocol.rs".into(), source);
    files.insert(
        "tests/support/mod.rs".into(),
        std::fs::read_to_string(tests::root().join("tests/fixtures/compliance_support.rs"))
            .map_err(|e| e.to_string())?,
    );
    codegen::write::output::write_tree(&dir.join(&package), &files).map_err(|e| e.to_string())?;
    Ok(written)
}

/// `JsonRpc10` -> `json-rpc10`.
fn kebab_case(name: &str) -> String {
    codegen::ir::naming::field_name(name)
        .trim_start_matches("r#")
        .replace('_', "-")
}

/// Runs one package's protocol tests; returns test function name -> verdict, or the
/// build failure.
pub fn run_tests(
    dir: &Path,
    package: &str,
    target: &Path,
) -> Result<BTreeMap<String, Verdict>, String> {
    let out = Command::new(env!("CARGO"))
        .args([
            "test",
            "-j",
            "2",
            "-p",
            package,
            "--all-features",
            "--test",
            "protocol",
            "--no-fail-fast",
            "--",
            "--test-threads",
            "2",
        ])
        .env("CARGO_TARGET_DIR", target)
        // Failure reports show the assertion, not a backtrace.
        .env("RUST_BACKTRACE", "0")
        .current_dir(dir)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let verdicts = parse_test_output(&stdout);
    if verdicts.is_empty() && !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        return Err(format!(
            "`cargo test -p {package}` failed:\n{}",
            &stderr[stderr.len().saturating_sub(12000)..]
        ));
    }
    Ok(verdicts)
}

/// Reads `test NAME ... ok|FAILED|ignored` lines and the failure output of each test from
/// libtest's output.
pub fn parse_test_output(stdout: &str) -> BTreeMap<String, Verdict> {
    let mut verdicts = BTreeMap::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((name, result)) = rest.split_once(" ... ") else {
            continue;
        };
        match result.trim() {
            "ok" => verdicts.insert(name.to_string(), Verdict::Passed),
            "FAILED" => verdicts.insert(
                name.to_string(),
                Verdict::Failed(failure_output(stdout, name)),
            ),
            _ => None,
        };
    }
    verdicts
}

/// The `---- NAME stdout ----` section of a failed test.
fn failure_output(stdout: &str, name: &str) -> String {
    let marker = format!("---- {name} stdout ----\n");
    let Some(start) = stdout.find(&marker) else {
        return String::from("(no output)");
    };
    let section = &stdout[start + marker.len()..];
    let end = section
        .find("\n---- ")
        .or_else(|| section.find("\n\nfailures:"))
        .unwrap_or(section.len());
    section[..end].trim().to_string()
}
