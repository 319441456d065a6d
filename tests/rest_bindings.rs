//! A restJson1 crate generated from `tests/fixtures/models/rest-bindings.smithy` (every
//! binding location, labels of every scalar type, header and query lists, prefix headers,
//! union, document and text payloads, members named like the generated code's locals)
//! lints clean, and its requests and responses are what the bindings say.

use codegen::select::Operations;
use tests::{cargo_output, lint_and_document, options, root, write_workspace};

const CHECKS: &str = r##"use rest_bindings::operation::enums::{Enums, EnumsInput};
use rest_bindings::operation::numbers::{Numbers, NumbersInput};
use rest_bindings::operation::odd::{Odd, OddError, OddInput};
use rest_bindings::primitives::BigNumber;
use rest_bindings::types::{Kind, Num};
use rest_bindings::meta::ProvideErrorMetadata;
use rest_bindings::Operation;
use std::collections::BTreeMap;

fn odd_input() -> OddInput {
    OddInput::builder()
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
        .unwrap()
}

#[test]
fn every_location_of_a_request() {
    let r = Odd::serialize_request(&odd_input()).unwrap();
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
    let out = Odd::parse_response(202, &h, br#"{"body":"b","required":"a","nested":{"h":"x","n":3}}"#).unwrap();
    let nested = out.nested().unwrap();
    assert_eq!((nested.h(), nested.n()), (Some("x"), Some(3)));
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

/// The ready client puts the path and query below the endpoint's base path, and signs
/// the request as it goes: recomputed over the URI, query and headers sent, the signature
/// is the one the request carries.
#[test]
fn the_client_signs_the_request_it_sends() {
    use rest_bindings::client::mock::{self, Mock};
    use rest_bindings::client::{BlockingClient, Config};
    let rule = mock::rule::<Odd>().then_output(|| rest_bindings::operation::odd::OddOutput::builder().required(Kind::from("a")).set_nums(Some(Vec::new())).build().unwrap());
    let mock = Mock::new().rule(&rule);
    let config = Config::for_tests().endpoint_url("https://example.com/base").build();
    let client = BlockingClient::from_mock(config, &mock).unwrap();
    client.odd(odd_input()).unwrap();
    let sent = mock.requests().remove(0).request;
    assert_eq!(
        sent.uri(),
        "https://example.com/base/odd/5/true/1600000000/b%2Cc/a/b%20c?fixed=1&bare&body=x%20y&request=1&request=2&extra=1&extra=2"
    );
    let authorization = sent.headers()["authorization"].to_str().unwrap().to_string();
    let signed_headers = authorization.split("SignedHeaders=").nth(1).unwrap();
    for name in ["host", "x-amz-date", "x-key", "x-meta-k", "x-json", "x-token"] {
        assert!(signed_headers.split([';', ',']).any(|h| h == name), "{name} in {authorization}");
    }

    let date = sent.headers()["x-amz-date"].to_str().unwrap();
    let time = std::time::UNIX_EPOCH
        + std::time::Duration::from_secs(rest_bindings::primitives::DateTime::parse_date_time(&format!(
            "{}-{}-{}T{}:{}:{}Z",
            &date[..4], &date[4..6], &date[6..8], &date[9..11], &date[11..13], &date[13..15]
        )).unwrap().secs() as u64);
    let identity = aws_credential_types::Credentials::new("AKIDTESTEXAMPLE", "test-secret-key", None, None, "test").into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("bindings")
        .time(time)
        .settings(aws_sigv4::http_request::SigningSettings::default())
        .build()
        .unwrap()
        .into();
    let headers: Vec<(&str, &str)> = sent
        .headers()
        .iter()
        .filter(|(k, _)| *k != "authorization")
        .map(|(k, v)| (k.as_str(), v.to_str().unwrap()))
        .collect();
    let uri = sent.uri().to_string();
    let signable = aws_sigv4::http_request::SignableRequest::new(
        sent.method().as_str(),
        &uri,
        headers.into_iter(),
        aws_sigv4::http_request::SignableBody::Bytes(sent.body()),
    )
    .unwrap();
    let (instructions, _) = aws_sigv4::http_request::sign(signable, &params).unwrap().into_parts();
    let mut again = http::Request::new(Vec::<u8>::new());
    instructions.apply_to_request_http1x(&mut again);
    assert_eq!(again.headers()["authorization"].to_str().unwrap(), authorization);
}

#[test]
fn enums_in_every_location() {
    let kinds = BTreeMap::from([("a".to_string(), Kind::from("b,c"))]);
    let input = EnumsInput::builder()
        .e(Num::from(2))
        .n(Num::from(1))
        .h(Num::from(2))
        .set_kinds(Some(kinds.clone()))
        .set_header_kinds(Some(kinds.clone()))
        .build()
        .unwrap();
    let r = Enums::serialize_request(&input).unwrap();
    assert_eq!(r.uri(), "/enums/2?n=1&a=b%2Cc");
    assert_eq!((&r.headers()["x-n"], &r.headers()["x-k-a"]), (&"2".parse::<http::HeaderValue>().unwrap(), &"b,c".parse::<http::HeaderValue>().unwrap()));
    let mut h = http::HeaderMap::new();
    h.insert("x-k-a", http::HeaderValue::from_static("b,c"));
    let out = Enums::parse_response(200, &h, b"a").unwrap();
    assert_eq!((out.k(), out.header_kinds()), (Some(&Kind::from("a")), Some(&kinds)));
}

#[test]
fn numbers_and_blobs_outside_the_body() {
    let big = BigNumber::parse("123456789012345678901234567890").unwrap();
    let input = NumbersInput::builder()
        .byte(-3)
        .big(big.clone())
        .float(1.5)
        .decimal(BigNumber::parse("0.1").unwrap())
        .double(f64::NEG_INFINITY)
        .set_bools(Some(vec![true, false]))
        .blob(b"hi".to_vec())
        .set_blobs(Some(vec![b"a".to_vec(), b"b".to_vec()]))
        .set_blob_query(Some(vec![b"?".to_vec()]))
        .build()
        .unwrap();
    let r = Numbers::serialize_request(&input).unwrap();
    assert_eq!(
        r.uri(),
        "/numbers/-3/123456789012345678901234567890?float=1.5&decimal=0.1&blobs=Pw%3D%3D"
    );
    let h = r.headers();
    assert_eq!((&h["x-double"], &h["x-bools"]), (&"-Infinity".parse::<http::HeaderValue>().unwrap(), &"true, false".parse::<http::HeaderValue>().unwrap()));
    assert_eq!((&h["x-blob"], &h["x-blobs"]), (&"aGk=".parse::<http::HeaderValue>().unwrap(), &"YQ==, Yg==".parse::<http::HeaderValue>().unwrap()));

    let mut h = http::HeaderMap::new();
    for (k, v) in [("x-big", "123456789012345678901234567890"), ("x-decimal", "1e400"), ("x-floats", "1.5, NaN"), ("x-blob", "aGk="), ("x-blobs", "YQ==, Yg=="), ("x-byte", "-3")] {
        h.insert(k, http::HeaderValue::from_static(v));
    }
    let out = Numbers::parse_response(200, &h, b"").unwrap();
    assert_eq!(out.big(), Some(&big));
    assert_eq!(out.decimal().map(BigNumber::as_str), Some("1e400"));
    assert_eq!(out.floats().len(), 2);
    assert!(out.floats()[1].is_nan());
    assert_eq!((out.blob(), out.byte()), (Some(&b"hi"[..]), Some(-3)));
    assert_eq!(out.blobs(), [b"a".to_vec(), b"b".to_vec()]);
    h.insert("x-blob", http::HeaderValue::from_static("not base64!"));
    assert!(Numbers::parse_response(200, &h, b"").is_err());
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
    lint_and_document(tmp.path());
    let out = cargo_output(
        tmp.path(),
        &["test", "--all-features", "--test", "bindings"],
        &[],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("test result: ok. 5 passed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
