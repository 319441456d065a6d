//! The generated parsers meet arbitrary bytes: whatever a response holds, parsing returns
//! a value or a typed error, never a panic or unbounded recursion. Case counts are bounded
//! for CI (`PROPTEST_CASES` raises them; see `fuzz/README.md`).

use cognito_idp_lite::operation::admin_reset_user_password as reset;
use cognito_idp_lite::operation::admin_respond_to_auth_challenge as respond;
use cognito_idp_lite::operation::get_user_attribute_verification_code as verify;
use cognito_idp_lite::operation::resend_confirmation_code as resend;
use http::HeaderMap;
use proptest::prelude::*;
use support::{
    apply, config, headers, json_value, member_documents, member_value, mutation, to_bytes,
    Vocabulary,
};

#[path = "fixtures/fuzz_support.rs"]
#[macro_use]
mod support;

static COGNITO: Vocabulary = Vocabulary {
    keys: &[
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
    ],
    codes: &[
        "UserNotFoundException",
        "InvalidParameterException",
        "ns#CodeMismatchException",
        "Nope:http://x",
        "",
    ],
    strings: &["SMS", "EMAIL", "NEW_PASSWORD_REQUIRED", "PIGEON"],
    raw: &[
        "-9223372036854775809",
        "18446744073709551616",
        "1E400",
        "-0",
    ],
    duplicate_keys: r#"{"Session":"a","Session":5,"AuthenticationResult":{"ExpiresIn":1,"ExpiresIn":"x"},"x":"#,
    huge_number: r#"{"AuthenticationResult":{"ExpiresIn":123456789012345678901234567890e999999}}"#,
    nestings: &[(r#"{"AuthenticationResult":"#, r#"{"NewDeviceMetadata":"#)],
    giant_strings: ("Session", "__type"),
};

/// Every operation's parser, for one response.
fn parse_all(status: u16, headers: &HeaderMap, body: &[u8]) {
    // Results are discarded: the property is that each call returns.
    let _ = resend::parse_response(status, headers, body).map_err(|e| e.to_string());
    let _ = verify::parse_response(status, headers, body).map_err(|e| e.to_string());
    let _ = reset::parse_response(status, headers, body).map_err(|e| e.to_string());
    let _ = respond::parse_response(status, headers, body).map_err(|e| format!("{e:?}"));
}

response_properties!(&COGNITO, parse_all);

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
