//! Malformed models (`tests/fixtures/bad-models/`, reasons in `cases.txt`): each gives a
//! clear one-line error naming the shape and JSON path, exit code 2, and leaves an
//! existing output directory exactly as it was.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};
use tests::root;

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    codegen::write::output::list_files(dir)
        .unwrap()
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn codegen(model: &Path, out: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(["--quiet", "xtask", "codegen", "--model"])
        .arg(model)
        .arg("--out")
        .arg(out)
        .args(extra)
        .current_dir(root())
        .output()
        .unwrap()
}

/// An output directory holding a previous, good generation.
fn existing_output() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    BTreeMap<String, Vec<u8>>,
) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("generated");
    let good = codegen(
        &root().join("models/cognito-identity-provider.json"),
        &out,
        &[],
    );
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let before = snapshot(&out);
    assert!(before.len() > 10);
    (tmp, out, before)
}

fn assert_rejected(output: &Output, needle: &str, shape: Option<&str>) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(needle), "expected {needle:?} in: {stderr}");
    if let Some(shape) = shape {
        assert!(
            stderr.contains(&format!("shape `{shape}`")),
            "expected shape {shape} in: {stderr}"
        );
        assert!(
            stderr.contains("(at $."),
            "expected a JSON path in: {stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one clear line: {stderr}");
    stderr
}

#[test]
fn every_bad_model_is_rejected_clearly_and_output_is_untouched() {
    let dir = root().join("tests/fixtures/bad-models");
    let cases = std::fs::read_to_string(dir.join("cases.txt")).unwrap();
    let (_tmp, out, before) = existing_output();
    let mut seen = 0;
    for line in cases
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split(" | ").collect();
        let [file, needle, shape, _reason] = fields[..] else {
            panic!("bad line: {line}")
        };
        let shape = (shape != "-").then_some(shape);
        let output = codegen(&dir.join(file), &out, &["--operations", "all"]);
        assert_rejected(&output, needle, shape);
        assert_eq!(snapshot(&out), before, "{file} changed the existing output");
        seen += 1;
    }
    let files = std::fs::read_dir(&dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "json")
        })
        .count();
    assert_eq!(seen, files, "every fixture is listed in cases.txt");
}

#[test]
fn unknown_operation_is_rejected() {
    let (_tmp, out, before) = existing_output();
    let output = codegen(
        &root().join("models/cognito-identity-provider.json"),
        &out,
        &["--operations", "NoSuchOperation"],
    );
    assert_rejected(&output, "has no operation `NoSuchOperation`", None);
    assert_eq!(snapshot(&out), before);
    let output = codegen(
        &root().join("models/cognito-identity-provider.json"),
        &out,
        &["--operations", "AdminResetUserPasword"],
    );
    assert_rejected(&output, "did you mean `AdminResetUserPassword`?", None);
}

/// `--operations all` leaves out the operations the protocol cannot carry, naming each with its
/// reason on stderr (exit 0); naming one of them is an error (exit 2), output untouched.
#[test]
fn streaming_operations_are_skipped_aloud_or_refused() {
    let model = root().join("tests/fixtures/corpus/streaming.smithy");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("streams");
    let all = codegen(&model, &out, &["--operations", "all"]);
    let stderr = String::from_utf8_lossy(&all.stderr);
    assert!(all.status.success(), "{stderr}");
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: shape `example.streams#Upload`: operation not generated: streaming blobs are supported only as the @httpPayload of a REST protocol's input or output (member `example.streams#UploadInput$body` targets the @streaming blob `example.streams#Payload`)",
            "warning: shape `example.streams#Watch`: operation not generated: event streams are not supported (member `example.streams#WatchOutput$events` targets the event stream `example.streams#Events`)",
        ],
        "{stderr}"
    );
    assert!(out.join("src/operation/describe.rs").exists());
    let before = snapshot(&out);
    for (op, needle, member) in [
        (
            "Upload",
            "streaming blobs are supported only as",
            "UploadInput",
        ),
        ("Watch", "event streams are not supported", "WatchOutput"),
    ] {
        let named = codegen(&model, &out, &["--operations", &format!("Describe,{op}")]);
        let stderr = String::from_utf8_lossy(&named.stderr);
        assert_eq!(named.status.code(), Some(2), "{stderr}");
        // An IDL model's error points at the operation's line.
        for expected in [
            needle,
            "streaming.smithy:",
            &format!("shape `example.streams#{op}`"),
            &format!("member `example.streams#{member}$"),
        ] {
            assert!(stderr.contains(expected), "{expected}: {stderr}");
        }
        assert_eq!(snapshot(&out), before);
    }
}

/// A model file that is not there is named once, and an empty directory is said to hold
/// no model files.
#[test]
fn missing_model_files_are_named_once() {
    let (tmp, out, before) = existing_output();
    let missing = tmp.path().join("no-such-model.json");
    let output = codegen(&missing, &out, &[]);
    let stderr = assert_rejected(&output, "cannot read", None);
    assert_eq!(stderr.matches("no-such-model.json").count(), 1, "{stderr}");
    let empty = tmp.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    assert_rejected(
        &codegen(&empty, &out, &[]),
        "no model files found there",
        None,
    );
    assert_eq!(snapshot(&out), before);
}

#[test]
fn deeply_nested_json_is_an_error_not_a_crash() {
    let tmp = tempfile::tempdir().unwrap();
    let deep = format!(
        r#"{{"smithy":"2.0","metadata":{{"x":{}{}}},"shapes":{{}}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let path = tmp.path().join("deep.json");
    std::fs::write(&path, deep).unwrap();
    let output = codegen(&path, &tmp.path().join("out"), &[]);
    assert_rejected(&output, "invalid JSON", None);
    assert!(
        !tmp.path().join("out").exists(),
        "nothing is written on error"
    );
}

/// A chain of 300 structures, each holding a list of the next: deep, but valid.
#[test]
fn deeply_nested_shapes_generate() {
    let mut shapes = serde_json::Map::new();
    shapes.insert(
        "deep#Svc".into(),
        serde_json::json!({"type": "service", "operations": [{"target": "deep#Op"}], "traits": {"aws.protocols#awsJson1_1": {}}}),
    );
    shapes.insert(
        "deep#Op".into(),
        serde_json::json!({"type": "operation", "input": {"target": "deep#S0"}}),
    );
    for i in 0..300 {
        let next = format!("deep#L{}", i + 1);
        shapes.insert(
            format!("deep#S{i}"),
            serde_json::json!({"type": "structure", "members": {"next": {"target": next}}}),
        );
        shapes.insert(
            next,
            serde_json::json!({"type": "list", "member": {"target": format!("deep#S{}", i + 1)}}),
        );
    }
    shapes.insert(
        "deep#S300".into(),
        serde_json::json!({"type": "structure", "members": {}}),
    );
    let model = serde_json::json!({"smithy": "2.0", "shapes": shapes});
    let files = codegen::generate(
        model.to_string().as_bytes(),
        &tests::options(codegen::select::Operations::All, "deep"),
    )
    .unwrap()
    .files;
    assert!(files["src/types.rs"].contains("pub struct S300"));
}

/// A 50 MB model (many shapes with long documentation) loads and generates.
#[test]
fn a_fifty_megabyte_model_generates() {
    let doc = "<p>Lorem ipsum dolor sit amet. </p>".repeat(30);
    let mut shapes = serde_json::Map::new();
    shapes.insert(
        "big#Svc".into(),
        serde_json::json!({"type": "service", "operations": [{"target": "big#Op"}], "traits": {"aws.protocols#awsJson1_1": {}}}),
    );
    shapes.insert(
        "big#Op".into(),
        serde_json::json!({"type": "operation", "input": {"target": "big#S0"}}),
    );
    for i in 0..48_000 {
        shapes.insert(
            format!("big#S{i}"),
            serde_json::json!({"type": "structure", "members": {"a": {"target": "smithy.api#String"}},
                               "traits": {"smithy.api#documentation": doc}}),
        );
    }
    let bytes = serde_json::json!({"smithy": "2.0", "shapes": shapes})
        .to_string()
        .into_bytes();
    assert!(bytes.len() > 50_000_000, "{}", bytes.len());
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("big.json");
    std::fs::write(&path, bytes).unwrap();
    let output = codegen(&path, &tmp.path().join("out"), &["--operations", "all"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A FIFO given as the model is a clear error (exit 2), not a hang; so is a model over
/// `--max-model-bytes`. The output stays as it was.
#[test]
fn model_that_is_not_a_regular_file_or_too_large_is_rejected() {
    let (tmp, out, before) = existing_output();
    let fifo = tmp.path().join("x.json");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let output = codegen(&fifo, &out, &[]);
        assert_rejected(&output, "not a regular file", None);
    } else {
        eprintln!("skipped the FIFO case: mkfifo is not available");
    }
    let model = root().join("models/cognito-identity-provider.json");
    let output = codegen(&model, &out, &["--max-model-bytes", "1000"]);
    assert_rejected(&output, "larger than 1000 bytes", None);
    assert_eq!(snapshot(&out), before);
}
