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
    /// Cases decided without running: skips, cases that could not be translated, and
    /// cases whose test does not compile.
    pub decided: BTreeMap<String, Verdict>,
    /// The test functions' sources, in case order (name, source).
    fns: Vec<(String, String)>,
}

const TESTS_HEADER: &str =
    "//! Protocol compliance cases, generated from the Smithy protocol tests.\n\nmod support;\n\n";

impl Written {
    /// `tests/protocol.rs`, and the first line of each test function in it.
    fn test_file(&self) -> (String, Vec<(usize, &str)>) {
        let mut source = String::from(TESTS_HEADER);
        let mut starts = Vec::new();
        for (name, f) in &self.fns {
            starts.push((source.lines().count() + 1, name.as_str()));
            source.push_str(f);
            source.push('\n');
        }
        (source, starts)
    }
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
    let mut written = Written {
        package: package.clone(),
        tests: BTreeMap::new(),
        decided: BTreeMap::new(),
        fns: Vec::new(),
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
                written.fns.push((name, f));
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
    // The support module's serde checks name `serde`, which a crate without the feature
    // (a REST protocol's) does not depend on.
    if !manifest.contains("\nserde = ") {
        manifest.push_str("serde = \"1\"\n");
    }
    files.insert("tests/protocol.rs".into(), written.test_file().0);
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

/// Runs a written package's protocol tests; returns test function name -> verdict, or
/// the build failure. A test function that does not compile fails its case alone: it is
/// taken out and the others run (a few rounds at most, as rustc may stop early).
pub fn run_service(
    dir: &Path,
    w: &mut Written,
    target: &Path,
) -> Result<BTreeMap<String, Verdict>, String> {
    for _ in 0..4 {
        let err = match run_tests(dir, &w.package, target) {
            Ok(verdicts) => return Ok(verdicts),
            Err(e) => e,
        };
        let (_, starts) = w.test_file();
        let mut broken = BTreeMap::<String, String>::new();
        for (line, error) in test_file_errors(&err) {
            let Some((_, name)) = starts.iter().rev().find(|(start, _)| *start <= line) else {
                return Err(tail(&err));
            };
            let why = broken.entry(name.to_string()).or_default();
            why.push_str(&error);
        }
        if broken.is_empty() {
            return Err(tail(&err));
        }
        w.fns.retain(|(name, _)| !broken.contains_key(name));
        for (name, why) in broken {
            let key = w.tests.remove(&name).expect("a written test");
            w.decided.insert(
                key,
                Verdict::Failed(format!("the test does not compile:\n{why}")),
            );
        }
        let file = dir.join(&w.package).join("tests/protocol.rs");
        std::fs::write(&file, w.test_file().0).map_err(|e| e.to_string())?;
    }
    run_tests(dir, &w.package, target).map_err(|e| tail(&e))
}

/// The end of a long build failure: its first lines and last errors.
fn tail(err: &str) -> String {
    let start = err.floor_char_boundary(err.len().saturating_sub(12000));
    let head = err.lines().next().unwrap_or_default();
    format!("{head}\n...\n{}", &err[start..])
}

/// rustc's errors located in `tests/protocol.rs`: each with the line its `-->` points at.
fn test_file_errors(stderr: &str) -> Vec<(usize, String)> {
    let mut blocks: Vec<String> = Vec::new();
    for line in stderr.lines() {
        // A diagnostic starts unindented (`error[E0308]: ..`, `warning: ..`).
        if blocks.is_empty() || line.starts_with("error") || line.starts_with("warning") {
            blocks.push(String::new());
        }
        let block = blocks.last_mut().expect("a block");
        block.push_str(line);
        block.push('\n');
    }
    blocks
        .into_iter()
        .filter(|b| b.starts_with("error"))
        .filter_map(|b| {
            let at = b
                .lines()
                .find_map(|l| l.trim_start().strip_prefix("--> "))?;
            let rest = at.split_once("tests/protocol.rs:")?.1;
            let line = rest.split(':').next()?.parse().ok()?;
            Some((line, b))
        })
        .collect()
}

/// Runs one package's protocol tests; returns test function name -> verdict, or the
/// build failure (the whole of cargo's stderr).
fn run_tests(
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
        return Err(format!("`cargo test -p {package}` failed:\n{stderr}"));
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

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn compile_errors_are_located_in_the_test_file() {
        let stderr = "   Compiling x-client v0.1.0\n\
            warning: unused variable: `a`\n  --> x-client/tests/protocol.rs:3:9\n\n\
            error[E0308]: mismatched types\n   --> x-client/tests/protocol.rs:12:34\n    |\n12  |     let input = 1;\n\n\
            error[E0425]: cannot find value `b`\n  --> x-client/src/lib.rs:4:1\n\n\
            error: could not compile `x-client` (test \"protocol\") due to 2 previous errors\n";
        let errors = test_file_errors(stderr);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, 12);
        assert!(errors[0].1.starts_with("error[E0308]: mismatched types\n"));
        assert!(errors[0].1.contains("let input = 1;"));
    }

    #[test]
    fn test_functions_start_where_the_file_says() {
        let w = Written {
            package: "p".into(),
            tests: BTreeMap::new(),
            decided: BTreeMap::new(),
            fns: vec![
                ("a".into(), "#[test]\nfn a() {}\n".into()),
                ("b".into(), "#[test]\nfn b() {}\n".into()),
            ],
        };
        let (source, starts) = w.test_file();
        let lines: Vec<&str> = source.lines().collect();
        for (start, name) in starts {
            assert_eq!(lines[start - 1], "#[test]");
            assert_eq!(lines[start], format!("fn {name}() {{}}"));
        }
    }
}
