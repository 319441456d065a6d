//! The REST protocols' runtime modules, `codegen/src/runtime/rest.rs` and `glacier.rs`
//! (a service customization), with their unit tests: they need the rest of a generated
//! crate (`meta`, `json`, `primitives`), so they run in a crate generated from a small
//! restJson1 model, which must lint clean first.

use codegen::select::Operations;
use tests::{cargo_output, lint_and_document, options, write_workspace};

const AWS_JSON: &[u8] = br#"{"smithy": "2.0", "shapes": {
    "a#S": {"type": "service", "version": "1", "operations": [{"target": "a#Ping"}],
            "traits": {"aws.protocols#awsJson1_0": {}}},
    "a#Ping": {"type": "operation"}
}}"#;

const REST_JSON: &[u8] = br#"{"smithy": "2.0", "shapes": {
    "a#S": {"type": "service", "version": "1", "operations": [{"target": "a#Put"}],
            "traits": {"aws.protocols#restJson1": {}, "aws.api#service": {"sdkId": "Glacier"}}},
    "a#Put": {"type": "operation", "input": {"target": "a#PutIn"}, "output": {"target": "a#PutOut"},
              "traits": {"smithy.api#http": {"method": "PUT", "uri": "/things/{id}", "code": 201}}},
    "a#PutIn": {"type": "structure", "members": {
        "id": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
        "tags": {"target": "a#Names", "traits": {"smithy.api#httpQuery": "tag"}},
        "when": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#httpHeader": "X-When"}},
        "archive": {"target": "smithy.api#Blob", "traits": {"smithy.api#httpPayload": {}}}
    }},
    "a#PutOut": {"type": "structure", "members": {
        "etag": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "ETag"}},
        "names": {"target": "a#Names", "traits": {"smithy.api#httpHeader": "X-Names"}},
        "status": {"target": "smithy.api#Integer", "traits": {"smithy.api#httpResponseCode": {}}},
        "data": {"target": "smithy.api#Blob", "traits": {"smithy.api#httpPayload": {}}}
    }},
    "a#Names": {"type": "list", "member": {"target": "smithy.api#String"}}
}}"#;

/// Blob payloads move, not copy: an upload's bytes become the request body, a download's
/// body becomes the output's payload (the same allocation), with the same headers and
/// members the copying functions give.
const ZERO_COPY: &str = r#"use rest_runtime::operation::put::{Put, PutInput};
use rest_runtime::Operation;

fn input(archive: Vec<u8>) -> PutInput {
    PutInput::builder().id("a").archive(archive).build().unwrap()
}

#[test]
fn an_upload_moves_into_the_body() {
    let archive = vec![7u8; 1 << 20];
    let at = archive.as_ptr();
    let request = Put::into_request(input(archive)).unwrap();
    assert_eq!(request.body().as_ptr(), at);
    assert_eq!(request.headers()["content-length"], "1048576");
    let copied = Put::serialize_request(&input(vec![7u8; 1 << 20])).unwrap();
    assert_eq!(request.uri(), copied.uri());
    assert_eq!(request.headers(), copied.headers());
    assert_eq!(request.body(), copied.body());
    // An empty upload still says what it is.
    let empty = Put::into_request(input(Vec::new())).unwrap();
    assert_eq!(empty.headers()["content-type"], "application/octet-stream");
}

#[test]
fn a_download_moves_into_the_output() {
    let body = vec![9u8; 1000];
    let at = body.as_ptr();
    let mut headers = http::HeaderMap::new();
    headers.insert("etag", http::HeaderValue::from_static("e1"));
    let output = Put::parse_owned_response(201, &headers, body).unwrap();
    assert_eq!(output.data().map(<[u8]>::as_ptr), Some(at));
    assert_eq!(output, Put::parse_response(201, &headers, &[9u8; 1000]).unwrap());
    assert_eq!(output.etag(), Some("e1"));
}
"#;

#[test]
fn rest_runtime_lints_clean_and_its_tests_pass() {
    let options = options(Operations::All, "rest-runtime");
    let aws_json = codegen::generate(AWS_JSON, &options).unwrap().files;
    assert!(
        !aws_json.contains_key("src/rest.rs"),
        "an awsJson crate has no REST bindings"
    );
    let files = codegen::generate(REST_JSON, &options).unwrap().files;
    assert!(files["src/lib.rs"].contains("mod rest;"));
    assert!(files["src/lib.rs"].contains("mod glacier;"));
    let runtime = ["rest", "glacier"];
    let tests: usize = runtime
        .iter()
        .map(|m| files[&format!("src/{m}.rs")].matches("#[test]").count())
        .sum();

    let mut files = files;
    files.insert("tests/zero_copy.rs".into(), ZERO_COPY.into());
    let tmp = tempfile::tempdir().unwrap();
    codegen::write::output::write_tree(&tmp.path().join("rest-runtime"), &files).unwrap();
    write_workspace(tmp.path(), &["rest-runtime".to_string()]);
    lint_and_document(tmp.path());
    let out = cargo_output(tmp.path(), &["test", "--lib", "--test", "zero_copy"], &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let passed = stdout
        .lines()
        .filter(|l| {
            runtime
                .iter()
                .any(|m| l.starts_with(&format!("test {m}::tests::")))
                && l.ends_with(" ok")
        })
        .count();
    // The generated crate's own tests of the moves `into_request` and `parse_owned_response`
    // make.
    let moves = stdout
        .lines()
        .filter(|l| l.starts_with("test ") && l.contains("moves") && l.ends_with(" ok"))
        .count();
    assert!(
        out.status.success() && tests > 0 && passed == tests && moves == 2,
        "{passed} of the {tests} tests of {runtime:?} passed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
