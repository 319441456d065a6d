//! A restJson1 crate generated from `tests/fixtures/models/rest-bindings.smithy` (every
//! binding location, labels of every scalar type, header and query lists, prefix headers,
//! union, document and text payloads, members named like the generated code's locals)
//! lints clean, and its requests and responses are what the bindings say.

use codegen::select::Operations;
use std::process::Command;
use tests::{cargo_in, has_clippy, options, root, write_workspace};

const CHECKS: &str = r##"use rest_bindings::operation::odd::{Odd, OddError, OddInput};
use rest_bindings::types::{Kind, Num};
use rest_bindings::meta::ProvideErrorMetadata;
use rest_bindings::Operation;
use std::collections::BTreeMap;

#[test]
fn every_location_of_a_request() {
    let input = OddInput::builder()
        .uri(5)
        .headers(true)
        .when(rest_bindings::primitives::DateTime::from_secs(1_600_000_000))
        .flag(Kind::from("b,c"))
        .rest("a/b c")
        .body("x y")
        .set_request(Some(vec![1, 2]))
        .set_params(Some(BTreeMap::from([
            ("body".to_string(), vec!["bound".to_string()]),
            ("extra".to_string(), vec!["1".to_string(), "2".to_string()]),
        ])))
        .set_key(Some(vec![Kind::from("b,c"), Kind::from("a")]))
        .json("{\"a\":1}")
        .meta("k", "v")
        .item("i")
        .v(3)
        .token("t-1")
        .build()
        .unwrap();
    let r = Odd::serialize_request(&input).unwrap();
    assert_eq!(r.method(), "PUT");
    assert_eq!(
        r.uri(),
        "/odd/5/true/1600000000/b%2Cc/a/b%20c?fixed=1&bare&body=x%20y&request=1&request=2&extra=1&extra=2"
    );
    let h = r.headers();
    assert_eq!(h["x-key"], "\"b,c\", a");
    assert_eq!(h["x-json"], "eyJhIjoxfQ==");
    assert_eq!(h["x-meta-k"], "v");
    assert_eq!(h["x-token"], "t-1");
    assert_eq!(h["content-type"], "application/json");
    assert_eq!(r.body(), br#"{"item":"i","v":3}"#);
}

#[test]
fn every_location_of_a_response_and_an_error() {
    let mut h = http::HeaderMap::new();
    h.insert("x-key", http::HeaderValue::from_static("\"b,c\", a"));
    h.insert("x-nums", http::HeaderValue::from_static("1, 2"));
    h.insert("x-meta-z", http::HeaderValue::from_static("zz"));
    h.insert("x-date", http::HeaderValue::from_static("Tue, 29 Apr 2014 18:30:38 GMT"));
    let out = Odd::parse_response(202, &h, br#"{"body":"b","required":"a"}"#).unwrap();
    assert_eq!(out.status(), Some(202));
    assert_eq!(out.key(), [Kind::from("b,c"), Kind::from("a")]);
    assert_eq!(out.nums(), [Num::from(1), Num::from(2)]);
    assert_eq!(out.date().map(|d| d.secs()), Some(1_398_796_238));
    assert_eq!(out.meta().and_then(|m| m.get("z")).map(String::as_str), Some("zz"));
    assert_eq!((out.body(), out.required()), (Some("b"), &Kind::from("a")));

    let mut h = http::HeaderMap::new();
    h.insert("x-amzn-errortype", http::HeaderValue::from_static("Bad"));
    h.insert("x-reason", http::HeaderValue::from_static("why"));
    match Odd::parse_response(409, &h, br#"{"message":"m"}"#) {
        Err(OddError::Bad(e)) => {
            assert_eq!((e.reason(), e.message()), (Some("why"), Some("m")));
        }
        other => panic!("{other:?}"),
    }
}
"##;

#[test]
fn a_crate_of_every_binding_lints_clean_and_binds_right() {
    let path = root().join("tests/fixtures/models/rest-bindings.smithy");
    let sources = codegen::read::read_paths(&[path]).unwrap();
    let options = options(Operations::All, "rest-bindings");
    let mut files = codegen::generate_sources(&sources, &options).unwrap().files;
    files.insert("tests/bindings.rs".into(), CHECKS.into());
    let tmp = tempfile::tempdir().unwrap();
    codegen::write::output::write_tree(&tmp.path().join("rest-bindings"), &files).unwrap();
    write_workspace(tmp.path(), &["rest-bindings".to_string()]);
    if has_clippy() {
        cargo_in(
            tmp.path(),
            &[
                "clippy",
                "--all-targets",
                "--all-features",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        );
    }
    // Not `cargo_in`: a failing test's assertion is on stdout, which it does not show.
    let out = Command::new(env!("CARGO"))
        .args(["test", "--test", "bindings"])
        .env("CARGO_TARGET_DIR", root().join("target/conformance"))
        .current_dir(tmp.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("test result: ok. 2 passed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
