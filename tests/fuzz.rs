//! The generated parsers meet arbitrary bytes: whatever a response holds, parsing returns
//! a value or a typed error, never a panic or unbounded recursion. Case counts are bounded
//! for CI (`PROPTEST_CASES` raises them; see `fuzz/README.md`).

use cognito_idp_lite::operation::admin_reset_user_password as reset;
use cognito_idp_lite::operation::admin_respond_to_auth_challenge as respond;
use cognito_idp_lite::operation::get_user_attribute_verification_code as verify;
use cognito_idp_lite::operation::resend_confirmation_code as resend;
use http::HeaderMap;
use proptest::prelude::*;
use serde_json::Value;

/// Member names of the outputs and errors, so mutated documents reach the typed readers
/// rather than only the unknown-member skipper.
const KEYS: &[&str] = &[
    "ChallengeName",
    "Session",
    "ChallengeParameters",
    "AuthenticationResult",
    "AccessToken",
    "ExpiresIn",
    "TokenType",
    "RefreshToken",
    "IdToken",
    "NewDeviceMetadata",
    "DeviceKey",
    "DeviceGroupKey",
    "CodeDeliveryDetails",
    "Destination",
    "DeliveryMedium",
    "AttributeName",
    "__type",
    "code",
    "message",
    "Message",
    "errorMessage",
    "reasonCode",
    "Unknown",
];

const CODES: &[&str] = &[
    "UserNotFoundException",
    "InvalidParameterException",
    "ns#CodeMismatchException",
    "Nope:http://x",
    "",
];

/// Every operation's parser, for one response.
fn parse_all(status: u16, headers: &HeaderMap, body: &[u8]) {
    // Results are discarded: the property is that each call returns.
    let _ = resend::parse_response(status, headers, body).map_err(|e| e.to_string());
    let _ = verify::parse_response(status, headers, body).map_err(|e| e.to_string());
    let _ = reset::parse_response(status, headers, body).map_err(|e| e.to_string());
    let _ = respond::parse_response(status, headers, body).map_err(|e| format!("{e:?}"));
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
        proptest::sample::select(CODES).prop_map(|c| Value::String(c.to_string())),
        proptest::sample::select(&["SMS", "EMAIL", "NEW_PASSWORD_REQUIRED", "PIGEON"][..])
            .prop_map(|c| Value::String(c.to_string())),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((proptest::sample::select(KEYS), inner), 0..6).prop_map(|kv| {
                Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

/// Byte-level damage to a valid document.
#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    Insert(usize, Vec<u8>),
    Flip(usize, u8),
    DuplicateKeys,
    HugeNumber,
    DeepNesting(usize),
    GiantString(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, b)| Mutation::Insert(at, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Flip(at, b)),
        Just(Mutation::DuplicateKeys),
        Just(Mutation::HugeNumber),
        (1usize..5000).prop_map(Mutation::DeepNesting),
        (1usize..200_000).prop_map(Mutation::GiantString),
    ]
}

fn apply(doc: &[u8], m: &Mutation) -> Vec<u8> {
    let mut out = doc.to_vec();
    let at = |i: usize| {
        if out.is_empty() {
            0
        } else {
            i % (out.len() + 1)
        }
    };
    match m {
        Mutation::Truncate(i) => out.truncate(at(*i)),
        Mutation::Insert(i, bytes) => {
            let i = at(*i);
            out.splice(i..i, bytes.iter().copied());
        }
        Mutation::Flip(i, b) => {
            if !out.is_empty() {
                let i = i % out.len();
                out[i] ^= b | 1;
            }
        }
        Mutation::DuplicateKeys => {
            out = format!(r#"{{"Session":"a","Session":5,"AuthenticationResult":{{"ExpiresIn":1,"ExpiresIn":"x"}},"x":{}}}"#, String::from_utf8_lossy(doc)).into_bytes();
        }
        Mutation::HugeNumber => {
            out = br#"{"AuthenticationResult":{"ExpiresIn":123456789012345678901234567890e999999}}"#
                .to_vec()
        }
        Mutation::DeepNesting(n) => {
            out = format!(
                r#"{{"AuthenticationResult":{}{}}}"#,
                "{\"NewDeviceMetadata\":".repeat(*n),
                "}".repeat(*n)
            )
            .into_bytes();
        }
        Mutation::GiantString(n) => {
            out = format!(
                r#"{{"Session":"{}","__type":"{}"}}"#,
                "s".repeat(*n),
                "E".repeat(*n)
            )
            .into_bytes()
        }
    }
    out
}

fn headers(code: Option<&str>) -> HeaderMap {
    let mut h = HeaderMap::new();
    if let Some(c) = code.and_then(|c| c.parse().ok()) {
        h.insert("x-amzn-errortype", c);
    }
    h
}

proptest! {
    // 512 cases per property in CI; `PROPTEST_CASES=N` for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(body in prop::collection::vec(any::<u8>(), 0..512), status in prop_oneof![Just(200u16), Just(400u16), Just(500u16), 100u16..600]) {
        parse_all(status, &HeaderMap::new(), &body);
    }

    #[test]
    fn structured_json_never_panics(doc in json_value(), status in prop_oneof![Just(200u16), Just(400u16)], code in proptest::option::of(proptest::sample::select(CODES))) {
        let body = serde_json::to_vec(&doc).unwrap();
        parse_all(status, &headers(code), &body);
    }

    #[test]
    fn mutated_documents_never_panic(doc in json_value(), m in mutation(), status in prop_oneof![Just(200u16), Just(404u16)]) {
        let body = apply(&serde_json::to_vec(&doc).unwrap(), &m);
        parse_all(status, &HeaderMap::new(), &body);
    }
}

/// Nesting far beyond the reader's limit is a typed error, not a stack overflow.
#[test]
fn nesting_beyond_the_limit_is_an_error() {
    let body = format!(
        r#"{{"AuthenticationResult":{}{}}}"#,
        "{\"NewDeviceMetadata\":".repeat(200_000),
        "}".repeat(200_000)
    );
    let err = respond::parse_response(200, &HeaderMap::new(), body.as_bytes()).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("nesting too deep"), "{message}");
}
